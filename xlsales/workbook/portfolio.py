"""The Portfolio sheet: the bridge N-1 → N, churn, evolutions and the churn projection.

Counts and revenue come from the Clients table's status column (one COUNTIF or SUMIFS
over whole columns each), so the bridge follows every row a user adds. A client of a year
is one with revenue above 0 that year, as in ``xlsales.method.portfolio``.
"""

from __future__ import annotations

import math

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import say
from xlsales.method.churn import LABELS as CHURN_LABELS
from xlsales.method.portfolio import LABELS as PORTFOLIO_LABELS
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings
from xlsales.plan.cohorts import LABELS as COHORT_PLAN_LABELS
from xlsales.workbook.book import Book
from xlsales.workbook.clients import LABELS as CLIENT_LABELS
from xlsales.workbook.formulas import (
    StructuredRefs,
    quote,
    round_up,
    share_as_typed,
    share_in_use,
    share_validation,
)

__all__ = ["LABELS", "YEARS_SHOWN", "write"]

LABELS = {
    "title": {"en": "Client portfolio N-1 → N", "fr": "Portefeuille clients N-1 → N"},
    "howto": {
        "en": "Everything here is computed from the Clients table; set the projection's years"
              " and the growth you aim at (yellow).",
        "fr": "Tout est calculé depuis le tableau Clients ; réglez les années de projection et"
              " la croissance visée (en jaune).",
    },
    "settings": {"en": "Settings", "fr": "Réglages"},
    "bridge": {"en": "Bridge N-1 → N", "fr": "Passage N-1 → N"},
    "figures": {"en": "Key figures", "fr": "Chiffres clés"},
    "half_life": {"en": "Years to lose half the clients without prospecting",
                  "fr": "Années pour perdre la moitié des clients sans prospecter"},
    "never": {"en": "never", "fr": "jamais"},
    "projection": {"en": "Churn projection (first {years} years shown)",
                   "fr": "Projection de l'attrition ({years} premières années affichées)"},
    "no_prev": {"en": "N-1 is not known: {why}.", "fr": "N-1 n'est pas connu : {why}."},
    "churn_measured": {"en": "Measured churn (Cohorts sheet), when the ledger allows",
                       "fr": "Attrition mesurée (feuille Cohortes), si les ventes le "
                             "permettent"},
    "churn_used": {"en": "Churn the projection and the new clients needed use",
                   "fr": "Attrition utilisée par la projection et les nouveaux clients"},
    "lists": {"en": "Whom to win back, whom to consolidate",
              "fr": "Qui reconquérir, qui consolider"},
}

YEARS_SHOWN = 10


def write(book: Book) -> None:
    key = "portfolio"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 4, 14)
    sheet.set_column(5, 5, 3)
    sheet.set_column(6, 6, 11)
    sheet.set_column(7, 7, 34)
    sheet.set_column(8, 8, 12)
    sheet.set_column(9, 9, 3)
    sheet.set_column(10, 10, 11)
    sheet.set_column(11, 11, 34)
    sheet.set_column(12, 12, 12)
    t = StructuredRefs(layout.CLIENTS, book.lang)
    row = _settings(book, 3)
    _period_note(book, t, row + 1)
    row = _bridge(book, t, row + 2)
    row = _figures(book, t, row + 2)
    row = _projection(book, row + 2)
    book.text(key, 3, 6, book.say(LABELS, "lists"), "section")
    button = layout.caption("refresh_portfolio", book.lang)
    money = (None, None, "money")
    book.python_block("xls_lost_list", 5, 6, button, money)
    book.python_block("xls_new_list", 5, 10, button, money)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)
    sheet.print_area(0, 0, max(row, 45), 12)


def _settings(book: Book, row: int) -> int:
    key, settings = "portfolio", book.data.settings
    sheet = book.sheets[key]
    book.text(key, row, 0, book.say(LABELS, "settings"), "section")
    inputs = (("xls_year_curr", settings.year_curr, "year",
               {"validate": "integer", "criteria": "between", "minimum": 1900,
                "maximum": 9999}),
              ("xls_churn_years", settings.churn_years, "whole",
               {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100}),
              ("xls_growth", settings.growth, "share", share_validation(book.lang, -100, 100)))
    for i, (area_name, value, trait, rule) in enumerate(inputs):
        area = layout.AREA_BY_NAME[area_name]
        book.text(key, row + 1 + i, 0, area.fr if book.lang == "fr" else area.en)
        book.value(key, row + 1 + i, 1, value, "input", trait)
        book.area(area_name, row + 1 + i, 1)
        sheet.data_validation(row + 1 + i, 1, row + 1 + i, 1, rule)
    book.expression(share_in_use("xls_growth"),
                    share_as_typed("xls_growth", PlanSettings().growth))
    return row + len(inputs)


def no_prev(t: StructuredRefs) -> str:
    """The test "N-1 is not known": no number in the Clients table's revenue N-1 (a ledger
    that starts in N) while revenue N has some, as ``plan.analysis`` decides it. The
    figures that need N-1 read it and stay blank."""
    return f"AND(COUNT({t.col('revenue_prev')})=0,COUNT({t.col('revenue_curr')})>0)"


def _period_note(book: Book, t: StructuredRefs, row: int) -> None:
    """One line naming the missing period when N-1 is not known (blank otherwise)."""
    key, results = "portfolio", book.results
    gap = results.problems.get("period")
    period = book.data.settings.period
    why = gap or (XlsalesError("N-1", "no_prev_period", period=period.prev_said())
                  if period is not None else XlsalesError("revenue_prev", "no_prev_revenue"))
    text = book.say(LABELS, "no_prev", why=why.detail(book.lang))
    book.sheets[key].merge_range(row, 0, row, 4, "", book.fmt("note", "wrap"))
    book.formula(key, row, 0, f'IF({no_prev(t)},{quote(text)},"")',
                 text if gap is not None else None, "note", "wrap")
    book.name("fig_period_note", key, row, 0)
    if gap is not None:
        book.tall(key, row, 30)


# The bridge's cells, by row: a PortfolioBridge field per column (clients, revenue N-1,
# revenue N), each named fig_<field>
_BRIDGE = {
    "portfolio_prev": ("clients_prev", "revenue_prev", None),
    "lost": ("lost_clients", "lost_revenue_prev", None),
    "retained": ("retained_clients", "retained_revenue_prev", "retained_revenue_curr"),
    "new": ("new_clients", None, "new_revenue_curr"),
    "portfolio_curr": ("clients_curr", None, "revenue_curr"),
}


def _bridge(book: Book, t: StructuredRefs, row: int) -> int:
    key, bridge = "portfolio", book.results.bridge
    book.text(key, row, 0, book.say(LABELS, "bridge"), "section")
    for j, name in enumerate(("clients", "revenue_prev", "revenue_curr")):
        book.text(key, row + 1, 1 + j, PORTFOLIO_LABELS[name][book.lang], "header")
    prev, curr, status = t.col("revenue_prev"), t.col("revenue_curr"), t.col("status")

    def word(status_key: str) -> str:
        return quote(CLIENT_LABELS[status_key][book.lang])

    formulas = {
        "clients_prev": f'COUNTIF({prev},">0")',
        "revenue_prev": f'SUMIF({prev},">0")',
        "lost_clients": f"COUNTIF({status},{word('lost')})",
        "lost_revenue_prev": f"SUMIFS({prev},{status},{word('lost')})",
        "retained_clients": f"COUNTIF({status},{word('retained')})",
        "retained_revenue_prev": f"SUMIFS({prev},{status},{word('retained')})",
        "retained_revenue_curr": f"SUMIFS({curr},{status},{word('retained')})",
        "new_clients": f"COUNTIF({status},{word('new')})",
        "new_revenue_curr": f"SUMIFS({curr},{status},{word('new')})",
        "clients_curr": f'COUNTIF({curr},">0")',
        "revenue_curr": f'SUMIF({curr},">0")',
    }
    for i, (label, fields) in enumerate(_BRIDGE.items()):
        r = row + 2 + i
        bold = "bold" if label.startswith("portfolio") else None
        book.text(key, r, 0, PORTFOLIO_LABELS[label][book.lang], bold)
        for j, field in enumerate(fields):
            if field is None:
                continue
            value = None if bridge is None else getattr(bridge, field)
            formula = formulas[field]
            if label != "portfolio_curr":  # every other row needs N-1
                formula = f'IF({no_prev(t)},"",{formula})'
            book.formula(key, r, 1 + j, formula, value, "computed", bold,
                         "whole" if j == 0 else "money")
            book.name(f"fig_{field}", key, r, 1 + j)
    return row + 1 + len(_BRIDGE)


def _figures(book: Book, t: StructuredRefs, row: int) -> int:
    key, bridge, results = "portfolio", book.results.bridge, book.results
    book.text(key, row, 0, book.say(LABELS, "figures"), "section")
    client, prev, curr = t.col("client"), t.col("revenue_prev"), t.col("revenue_curr")

    def ratio(part: str, whole: str) -> str:
        return f'IF(N({whole})=0,"",({part})/{whole})'

    def field(name: str) -> object:
        return None if bridge is None else getattr(bridge, name)

    churn = "fig_churn_used"  # the measured churn when the ledger allows, else the count
    rate = f'IF({churn}="",0,{churn})'
    # a churn of 1 (every client of N-1 lost) leaves these blank, as the core does
    growth = share_in_use("xls_growth")
    needed = (f'IF(OR({no_prev(t)},N({churn})>=1),"",'
              f"MAX(0,{round_up(f'fig_clients_curr*({rate}+{growth})')}))")
    count = "fig_churn_rate"  # the half-life here is this year's; Cohorts has the measured
    half_life = (f'IF(OR({count}="",N({count})>=1),"",IF({count}=0,'
                 f'{quote(book.say(LABELS, "never"))},LN(0.5)/LN(1-{count})))')
    items = (
        ("churn_rate", PORTFOLIO_LABELS, ratio("fig_lost_clients", "fig_clients_prev"),
         "share"),
        ("client_evolution", PORTFOLIO_LABELS,
         ratio("fig_clients_curr-fig_clients_prev", "fig_clients_prev"), "share"),
        ("revenue_evolution", PORTFOLIO_LABELS,
         ratio("fig_revenue_curr-fig_revenue_prev", "fig_revenue_prev"), "share"),
        ("retained_revenue_evolution", PORTFOLIO_LABELS,
         ratio("fig_retained_revenue_curr-fig_retained_revenue_prev",
               "fig_retained_revenue_prev"), "share"),
        ("blank_prev", PORTFOLIO_LABELS,
         f'IF({no_prev(t)},"",COUNTIFS({client},"<>",{prev},""))', "whole"),
        ("negative_prev", PORTFOLIO_LABELS, f'IF({no_prev(t)},"",COUNTIF({prev},"<0"))',
         "whole"),
        ("blank_curr", PORTFOLIO_LABELS, f'COUNTIFS({client},"<>",{curr},"")', "whole"),
        ("negative_curr", PORTFOLIO_LABELS, f'COUNTIF({curr},"<0")', "whole"),
        ("half_life", LABELS, half_life, "decimal"),
        ("new_clients_needed", CHURN_LABELS, needed, "whole"),
    )
    half = results.half_life  # the core's years; infinite: the portfolio never halves
    values = {"half_life": book.say(LABELS, "never") if half == math.inf else half,
              "new_clients_needed": results.new_clients_needed}
    for i, (name, labels, formula, trait) in enumerate(items):
        value = values[name] if name in values else field(name)
        book.figure(key, row + 1 + i, 0, name, labels[name][book.lang], formula, value, trait)
    return _churn_used(book, row + 1 + len(items))


def _churn_used(book: Book, row: int) -> int:
    """The measured churn (Python, from the ledger's cohorts; blank when the plan runs on
    this year's count) and the churn the projection uses, with where it comes from."""
    key, choice, bridge = "portfolio", book.results.churn_choice, book.results.bridge
    book.text(key, row, 0, book.say(LABELS, "churn_measured"))
    book.python_block("xls_churn_measured", row, 1, traits=("share", None),
                      caption_cell=(row - 1, 2))
    measured = "INDEX(xls_churn_measured,1,1)"
    used = choice.rate_or(None if bridge is None else bridge.churn_rate)
    count = quote(say(COHORT_PLAN_LABELS, "count", book.lang))
    book.figure(key, row + 1, 0, "churn_used", book.say(LABELS, "churn_used"),
                f"IF(ISNUMBER({measured}),{measured},fig_churn_rate)", used, "share")
    book.formula(key, row + 1, 2,
                 f"IF(ISNUMBER({measured}),INDEX(xls_churn_measured,1,2),{count})",
                 choice.label(book.lang), "computed")
    book.name("fig_churn_source", key, row + 1, 2)
    return row + 1


def _projection(book: Book, row: int) -> int:
    """Year 0 is today's portfolio; each year loses the churn and wins the clients needed
    (who join at the year's end), as ``churn.churn_projection``."""
    key, projection = "portfolio", book.results.projection
    book.text(key, row, 0, book.say(LABELS, "projection", years=YEARS_SHOWN), "section")
    columns = ("year", "clients_start", "lost", "new", "clients_end")
    for j, name in enumerate(columns):
        book.text(key, row + 1, j, CHURN_LABELS[name][book.lang], "header")
    rate = 'IF(fig_churn_used="",0,fig_churn_used)'  # measured, or this year's count
    first = row + 2
    for year in range(YEARS_SHOWN + 1):
        r = first + year
        book.value(key, r, 0, year, "whole")
        if year == 0:
            formulas = ("fig_clients_curr", None, None, f"B{r + 1}")
        else:
            formulas = (f"E{r}", f"B{r + 1}*{rate}", "fig_new_clients_needed",
                        f"B{r + 1}-C{r + 1}+D{r + 1}")
        values = (None,) * 4
        if projection is not None and year in projection.index:
            values = tuple(projection.loc[year, c] for c in columns[1:])
        for j, formula in enumerate(formulas):
            if formula is not None:
                book.formula(key, r, 1 + j,
                             f'IF(AND(ISNUMBER(xls_churn_years),$A{r + 1}<=xls_churn_years,'
                             f'N(fig_churn_used)<1,ISNUMBER(fig_new_clients_needed)),'
                             f'{formula},"")', values[j], "computed",
                             "whole")  # clients are counted whole
    book.name("fig_projection", key, first, 1, YEARS_SHOWN + 1, 4)
    return first + YEARS_SHOWN

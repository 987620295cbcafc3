"""The Portfolio sheet: the bridge N-1 → N, churn, evolutions and the churn projection.

Counts and revenue come from the Clients table's status column (one COUNTIF or SUMIFS
over whole columns each), so the bridge follows every row a user adds. A client of a year
is one with revenue above 0 that year, as in ``xlsales.method.portfolio``.
"""

from __future__ import annotations

import math

from xlsales.method.churn import LABELS as CHURN_LABELS
from xlsales.method.portfolio import LABELS as PORTFOLIO_LABELS
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings
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
            book.formula(key, r, 1 + j, formulas[field], value, "computed", bold,
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

    churn = "fig_churn_rate"
    rate = f'IF({churn}="",0,{churn})'
    # a churn of 1 (every client of N-1 lost) leaves these blank, as the core does
    growth = share_in_use("xls_growth")
    needed = (f'IF(N({churn})>=1,"",'
              f"MAX(0,{round_up(f'fig_clients_curr*({rate}+{growth})')}))")
    half_life = (f'IF(OR({churn}="",N({churn})>=1),"",IF({churn}=0,'
                 f'{quote(book.say(LABELS, "never"))},LN(0.5)/LN(1-{churn})))')
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
        ("blank_prev", PORTFOLIO_LABELS, f'COUNTIFS({client},"<>",{prev},"")', "whole"),
        ("negative_prev", PORTFOLIO_LABELS, f'COUNTIF({prev},"<0")', "whole"),
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
    return row + len(items)


def _projection(book: Book, row: int) -> int:
    """Year 0 is today's portfolio; each year loses the churn and wins the clients needed
    (who join at the year's end), as ``churn.churn_projection``."""
    key, projection = "portfolio", book.results.projection
    book.text(key, row, 0, book.say(LABELS, "projection", years=YEARS_SHOWN), "section")
    columns = ("year", "clients_start", "lost", "new", "clients_end")
    for j, name in enumerate(columns):
        book.text(key, row + 1, j, CHURN_LABELS[name][book.lang], "header")
    rate = 'IF(fig_churn_rate="",0,fig_churn_rate)'
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
                             f'N(fig_churn_rate)<1),{formula},"")', values[j], "computed",
                             "whole")  # clients are counted whole
    book.name("fig_projection", key, first, 1, YEARS_SHOWN + 1, 4)
    return first + YEARS_SHOWN

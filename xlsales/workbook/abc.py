"""The ABC sheet: classes, their summary, the limits, concentration and the Pareto chart.

The class of a client is an O(1) comparison of its revenue with two thresholds computed
here once (the Clients table's "ABC class" column reads ``fig_abc_t_a``/``fig_abc_t_b``),
so the sheet stays fast on long tables: with the Pareto cut-offs, t_A is the largest
revenue t such that the clients with revenue ≥ t reach the A share of the positive total
(``xlsales.method.abc``'s definition), found by a bisection over k in 1..(positive clients) on
"SUMIFS(revenue ≥ LARGE(revenue, k)) reaches the share", a predicate that only turns
from false to true as k grows. 21 halvings cover a million clients; each is one LARGE
and one SUMIFS over the column, in hidden helper columns. With the method "computed" the
thresholds are those Python wrote in ``xls_abc_computed``.

Concentration figures read the same curve with a handful of LARGE/SUMIF/COUNTIF: the top
client, the top 5, the top 20 % of clients and the share of clients making the last 5 %
of revenue (both interpolated on the ABC curve, as ``xlsales.method.concentration``), the share
in class C and the HHI. The exact Gini ranks every client against every other, too slow
as a native formula on long tables (22 s more for 10,000 clients in LibreOffice): Python
writes it (``xls_gini``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import label_key
from xlsales.common.text import percent_formula
from xlsales.method.abc import CLASSES, METHODS, in_portfolio, ranked_revenue
from xlsales.method.abc import LABELS as ABC_LABELS
from xlsales.method.computed_abc import abc_curve
from xlsales.method.concentration import LABELS as CONCENTRATION_LABELS
from xlsales.method.portfolio import is_client
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings
from xlsales.workbook.book import Book
from xlsales.workbook.charts import pareto_chart
from xlsales.workbook.formulas import (
    TOLERANCE,
    StructuredRefs,
    quote,
    sentence,
    share_as_typed,
    share_in_use,
    share_validation,
)

__all__ = ["LABELS", "THRESHOLD_A", "THRESHOLD_B", "write"]

THRESHOLD_A = "fig_abc_t_a"
THRESHOLD_B = "fig_abc_t_b"

LABELS = {
    "title": {"en": "ABC analysis: A big, B medium, C small clients",
              "fr": "Analyse ABC : A gros, B moyens, C petits clients"},
    "howto": {
        "en": "Set the A and B cut-offs (shares of revenue N) or choose the computed method;"
              " the Clients table's ABC class follows the two thresholds below.",
        "fr": "Réglez les limites A et B (parts du CA N) ou choisissez la méthode calculée ;"
              " la classe ABC du tableau Clients suit les deux seuils ci-dessous.",
    },
    "settings": {"en": "Settings", "fr": "Réglages"},
    "thresholds": {"en": "Thresholds in use", "fr": "Seuils utilisés"},
    "t_a": {"en": "Class A from a revenue N of", "fr": "Classe A dès un CA N de"},
    "t_b": {"en": "Class B from a revenue N of (below: C)",
            "fr": "Classe B dès un CA N de (en dessous : C)"},
    "no_computed": {
        "en": "The computed limits are empty: the Pareto cut-offs are used until Python"
              " fills them (button {button}).",
        "fr": "Les limites calculées sont vides : les limites de Pareto s'appliquent tant que"
              " Python ne les a pas remplies (bouton {button}).",
    },
    "summary": {"en": "Clients and revenue per class", "fr": "Clients et CA par classe"},
    "limits": {"en": "Where the limits fall", "fr": "Où tombent les limites"},
    "concentration": {"en": "Concentration", "fr": "Concentration"},
    "alerts": {"en": "Alert levels (METHOD.md defaults)",
               "fr": "Niveaux d'alerte (valeurs par défaut de la méthode)"},
    "alert_top": {"en": "Fragile when the top client makes at least",
                  "fr": "Fragile quand le premier client fait au moins"},
    "alert_top5": {"en": "Fragile when the top 5 clients make at least",
                   "fr": "Fragile quand les 5 premiers clients font au moins"},
    "alert_c": {"en": "Dispersion when class C holds at least",
                "fr": "Dispersion quand la classe C regroupe au moins"},
    "diagnosis": {"en": "Diagnosis", "fr": "Diagnostic"},
    "pareto": {"en": "Pareto curve (clients largest first)",
               "fr": "Courbe de Pareto (clients du plus gros au plus petit)"},
    "pareto_x": {"en": "Share of clients", "fr": "Part des clients"},
    "pareto_band": {"en": "Revenue of these 5%", "fr": "CA de ces 5 %"},
    "pareto_line": {"en": "Cumulative revenue", "fr": "CA cumulé"},
    "helper": {"en": "Helpers (bisection for the thresholds): do not edit",
               "fr": "Calculs intermédiaires (dichotomie des seuils) : ne pas modifier"},
}

STEPS = 21  # halvings: 2**21 > 1,048,576 rows
POINTS = 20  # the Pareto chart's points, every 5 % of clients
ALERTS = (("alert_top", 0.2), ("alert_top5", 0.5), ("alert_c", 0.6))

# helper columns (hidden): three bisections of three columns, then the curve's helpers
_HELPER = 20


def write(book: Book) -> None:
    key = "abc"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 5, 14)
    sheet.set_column(6, 6, 3)
    sheet.set_column(7, 7, 26)
    sheet.set_column(8, 9, 22)
    sheet.set_column(_HELPER, _HELPER + 12, 9, None, {"hidden": True})
    sheet.write_string(2, _HELPER, book.say(LABELS, "helper"), book.fmt("helper"))
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)
    sheet.print_area(0, 0, 61, 9)
    clients = StructuredRefs(layout.CLIENTS, book.lang)
    curve = _Curve(book)
    _settings(book, curve)
    _summary(book, clients, curve)
    _limits(book, curve)
    _concentration(book, curve)
    book.text(key, 3, 7, layout.AREA_BY_NAME["xls_abc_computed"].fr if book.lang == "fr"
              else layout.AREA_BY_NAME["xls_abc_computed"].en, "section")
    button = layout.caption("refresh_abc", book.lang)
    book.python_block("xls_abc_computed", 5, 7, button,
                      lambda i, j: "share" if j == 2 or (j == 1 and i >= 3) else
                      ("money" if j == 1 else None), caption_cell=(4, 7))
    _pareto(book, curve)


class _Curve:
    """Revenue N read once, with the formulas naming its positive count and total."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.rev = StructuredRefs(layout.CLIENTS, book.lang).col("revenue_curr")
        try:  # portfolio N: the clients with a revenue above 0
            ranked = ranked_revenue(in_portfolio(book.data.clients["revenue_curr"]))
        except XlsalesError:
            ranked = None
        self.ranked = ranked
        self.n = "fig_abc_count"
        self.npos = "fig_abc_positive_count"
        self.total = "fig_abc_positive_total"
        self.tail_threshold = '""'  # set by the bisection for 95 % of revenue

    @property
    def descending(self) -> np.ndarray:
        return self.ranked.descending if self.ranked is not None else np.array([])

    def cumulative(self, f: str) -> str:
        """Revenue of the f largest clients (f a formula), ties shared exactly."""
        large = f"LARGE({self.rev},{f})"
        return (f"IF({f}<=0,0,IF({f}>={self.npos},{self.total},SUMIF({self.rev},\">\"&{large})"
                f"+({f}-COUNTIF({self.rev},\">\"&{large}))*{large}))")

    def yield_at(self, x: str) -> str:
        """The share of revenue of the first x × clients (x a formula), interpolated
        between clients as on ``xlsales.method.concentration``'s ABC curve."""
        f = f"INT({x}*{self.n})"
        return (f"({self.cumulative(f)}+({x}*{self.n}-{f})*IF({f}+1<={self.npos},"
                f"LARGE({self.rev},{f}+1),0))/{self.total}")

    def reaching(self, k: str) -> str:
        """Revenue of the clients with revenue ≥ the k-th largest (ties included)."""
        return f"SUMIFS({self.rev},{self.rev},\">=\"&LARGE({self.rev},{k}),{self.rev},\">0\")"


def _settings(book: Book, curve: _Curve) -> None:
    key, settings, results = "abc", book.data.settings, book.results
    sheet = book.sheets[key]
    book.text(key, 3, 0, book.say(LABELS, "settings"), "section")
    defaults = PlanSettings()
    inputs = (("xls_abc_a_share", settings.a_share, defaults.a_share),
              ("xls_abc_b_share", settings.b_share, defaults.b_share))
    for i, (area_name, value, default) in enumerate(inputs):
        area = layout.AREA_BY_NAME[area_name]
        book.text(key, 4 + i, 0, area.fr if book.lang == "fr" else area.en)
        book.value(key, 4 + i, 1, value, "input", "share")
        book.area(area_name, 4 + i, 1)
        book.expression(share_in_use(area_name), share_as_typed(area_name, default))
        sheet.data_validation(4 + i, 1, 4 + i, 1, share_validation(book.lang, 0.000001, 100))
    method = layout.AREA_BY_NAME["xls_abc_method"]
    words = [METHODS[m][book.lang] for m in ("pareto", "computed")]
    book.text(key, 6, 0, method.fr if book.lang == "fr" else method.en)
    chosen = label_key(METHODS, settings.method) or "pareto"
    book.value(key, 6, 1, METHODS[chosen][book.lang], "input")
    book.area("xls_abc_method", 6, 1)
    sheet.data_validation(6, 1, 6, 1, {"validate": "list", "source": words})

    # the thresholds in use: the computed ones when asked for and written, else Pareto
    computed_words = ",".join(f"xls_abc_method={quote(w)}" for w in
                              ("computed", METHODS["computed"]["fr"], "calcule"))
    wants_computed = f"OR({computed_words})"
    written = "AND(ISNUMBER(INDEX(xls_abc_computed,1,2)),ISNUMBER(INDEX(xls_abc_computed,2,2)))"
    block_empty = (chosen == "computed" and results.abc_computed is None)
    note = book.say(LABELS, "no_computed", button=layout.caption("refresh_abc", book.lang))
    book.formula(key, 7, 0, f'IF(AND({wants_computed},NOT({written})),{quote(note)},"")',
                 note if block_empty else None, "note")

    a_pareto, b_pareto = _bisections(book, curve)
    book.text(key, 9, 0, book.say(LABELS, "thresholds"), "section")
    limits = results.abc_limits
    for i, (name, label, pareto, row_in_block) in enumerate(
            ((THRESHOLD_A, "t_a", a_pareto, 1), (THRESHOLD_B, "t_b", b_pareto, 2))):
        computed = f"INDEX(xls_abc_computed,{row_in_block},2)"
        value = None if limits is None else (limits.ab_threshold if i == 0
                                             else limits.bc_threshold)
        book.figure(key, 10 + i, 0, name.removeprefix("fig_"), book.say(LABELS, label),
                    f"IF(AND({wants_computed},{written}),{computed},{pareto})", value, "money")


def _bisections(book: Book, curve: _Curve) -> tuple[str, str]:
    """Three hidden bisections (A share, B share, 95 % for the tail figure); returns the
    Pareto thresholds' formulas for A and B."""
    key, settings = "abc", book.data.settings
    rev = curve.rev
    book.formula(key, 3, _HELPER, f'COUNTIF({rev},">0")',
                 0 if curve.ranked is None else curve.ranked.clients, "helper")
    book.name(curve.n, key, 3, _HELPER)
    positives = int(np.count_nonzero(is_client(book.data.clients["revenue_curr"],
                                               "revenue_curr")))
    book.formula(key, 4, _HELPER, f'COUNTIF({rev},">0")', positives, "helper")
    book.name(curve.npos, key, 4, _HELPER)
    total = 0.0 if curve.ranked is None else curve.ranked.total
    book.formula(key, 5, _HELPER, f'SUMIF({rev},">0")', total, "helper")
    book.name(curve.total, key, 5, _HELPER)

    a_share, b_share = share_in_use("xls_abc_a_share"), share_in_use("xls_abc_b_share")
    searches = (("xls_abc_a_share", f"({a_share}-{TOLERANCE})*{curve.total}",
                 (settings.a_share - 1e-9) * total),
                ("xls_abc_b_share", f"({b_share}-{TOLERANCE})*{curve.total}",
                 (settings.b_share - 1e-9) * total),
                ("tail", f"0.95*{curve.total}", 0.95 * total))
    found = []
    for s, (_, target, target_value) in enumerate(searches):
        col = _HELPER + 1 + 3 * s
        lo, hi, ok = (book.column_letter(col + j) for j in range(3))
        states = _bisection(curve.descending, target_value)
        first = 7
        for step, (lo_value, hi_value, ok_value) in enumerate(states):
            r = first + step
            if step == 0:
                book.formula(key, r, col, "1", lo_value, "helper")
                book.formula(key, r, col + 1, curve.npos, hi_value, "helper")
            else:
                prev = r  # the previous row, 1-based
                mid = f"INT(({lo}{prev}+{hi}{prev})/2)"
                book.formula(key, r, col, f"IF({lo}{prev}>={hi}{prev},{lo}{prev},"
                                          f"IF({ok}{prev},{lo}{prev},{mid}+1))",
                             lo_value, "helper")
                book.formula(key, r, col + 1, f"IF({lo}{prev}>={hi}{prev},{hi}{prev},"
                                              f"IF({ok}{prev},{mid},{hi}{prev}))",
                             hi_value, "helper")
            if ok_value is not None:
                mid_here = f"INT(({lo}{r + 1}+{hi}{r + 1})/2)"
                book.formula(key, r, col + 2,
                             f"IF({lo}{r + 1}<{hi}{r + 1},"
                             f"{curve.reaching(mid_here)}>={target},TRUE)", ok_value, "helper")
        k = f"{lo}{first + len(states)}"
        found.append(f'IF({curve.npos}=0,"",LARGE({rev},{k}))')
    curve.tail_threshold = found[2]
    return found[0], found[1]


def _bisection(descending: np.ndarray, target: float) -> list[tuple[int, int, Any]]:
    """The helper cells' values, step by step, as the formulas compute them."""
    lo, hi = 1, descending.size
    states: list[tuple[int, int, Any]] = []
    for _ in range(STEPS):
        if lo < hi:
            mid = (lo + hi) // 2
            ok = bool(descending[descending >= descending[mid - 1]].sum() >= target)
        else:
            mid, ok = lo, True
        states.append((lo, hi, ok))
        if lo < hi:
            lo, hi = (lo, mid) if ok else (mid + 1, hi)
    states.append((lo, hi, None))
    return states


def _summary(book: Book, clients: StructuredRefs, curve: _Curve) -> None:
    key, results = "abc", book.results
    row = 13
    headers = ("class", "clients", "clients_share", "revenue", "revenue_share", "mean")
    for j, name in enumerate(headers):
        book.text(key, row, j, ABC_LABELS[name][book.lang], "header")
    summary = results.abc_summary
    class_col, rev = clients.col("abc_class"), curve.rev
    blank = f'{curve.npos}=0,""'
    for i, cls in enumerate((*CLASSES, "Total")):
        r = row + 1 + i
        book.text(key, r, 0, ABC_LABELS[cls][book.lang], "bold")
        count_cell, revenue_cell = f"B{r + 1}", f"D{r + 1}"
        if cls == "Total":
            count, revenue = curve.n, curve.total
        else:
            count = f'COUNTIFS({class_col},{quote(cls)},{rev},">0")'
            revenue = f'SUMIFS({rev},{class_col},{quote(cls)},{rev},">0")'
        values = (None,) * 5 if summary is None else tuple(
            summary.loc[cls, c] for c in ("clients", "clients_share", "revenue",
                                          "revenue_share", "mean"))
        cells = (
            (f"IF({blank},{count})", "whole"),
            (f"IF({blank},{count_cell}/{curve.n})", "share"),
            (f"IF({blank},{revenue})", "money"),
            (f"IF({blank},{revenue_cell}/{curve.total})", "share"),
            (f'IF(N({count_cell})=0,"",{revenue_cell}/{count_cell})', "money"),
        )
        for j, ((formula, trait), value) in enumerate(zip(cells, values, strict=True)):
            book.formula(key, r, 1 + j, formula, value, trait)
    book.name("fig_abc_summary", key, row + 1, 1, 4, 5)
    # the clients of the table not in portfolio N, on their own line: the Portfolio
    # sheet's clients N are the Total above, these are the rest
    r = row + 2 + len(CLASSES)
    outside = results.abc_outside
    book.text(key, r, 0, ABC_LABELS["outside"][book.lang], "note")
    book.formula(key, r, 1, f'COUNTIF({rev},"<=0")',
                 None if outside is None else outside.clients, "whole")
    book.formula(key, r, 3, f'SUMIF({rev},"<=0")',
                 None if outside is None else outside.revenue, "money")
    book.name("fig_abc_outside_clients", key, r, 1)
    book.name("fig_abc_outside_revenue", key, r, 3)


def _limits(book: Book, curve: _Curve) -> None:
    key, limits = "abc", book.results.abc_limits
    row = 19
    book.text(key, row, 0, book.say(LABELS, "limits"), "section")
    rev, blank = curve.rev, f'{curve.npos}=0,""'
    items = (
        ("ab_client_share", f'COUNTIF({rev},">="&{THRESHOLD_A})/{curve.n}', "share"),
        ("ab_revenue_share", f'SUMIF({rev},">="&{THRESHOLD_A})/{curve.total}', "share"),
        ("ab_threshold", THRESHOLD_A, "money"),
        ("bc_client_share", f'COUNTIF({rev},">="&{THRESHOLD_B})/{curve.n}', "share"),
        ("bc_revenue_share", f'SUMIF({rev},">="&{THRESHOLD_B})/{curve.total}', "share"),
        ("bc_threshold", THRESHOLD_B, "money"),
        ("negative_clients", f'COUNTIF({rev},"<0")', "whole"),
        ("negative_total", f'SUMIF({rev},"<0")', "money"),
    )
    outside = book.results.abc_outside
    for i, (name, formula, trait) in enumerate(items):
        value = None if limits is None else getattr(limits, name)
        if name.startswith("negative_"):  # portfolio N has none: the clients outside it
            value = None if outside is None or limits is None else getattr(outside, name)
        book.figure(key, row + 1 + i, 0, f"abc_{name}", ABC_LABELS[name][book.lang],
                    f"IF({blank},{formula})", value, trait)


def _concentration(book: Book, curve: _Curve) -> None:
    key, figures = "abc", book.results.concentration
    row = 29
    book.text(key, row, 0, book.say(LABELS, "concentration"), "section")
    rev, blank = curve.rev, f'{curve.npos}=0,""'
    t95 = curve.tail_threshold
    tail_effort = (f"(COUNTIF({rev},\">\"&{t95})+(0.95*{curve.total}-SUMIF({rev},\">\"&{t95}))"
                   f"/{t95})/{curve.n}")
    items = (
        ("clients", curve.n, "whole"),
        ("revenue", curve.total, "money"),
        ("top_client_share", f"MAX({rev})/{curve.total}", "share"),
        ("top5_share", f"{curve.cumulative(f'MIN(5,{curve.npos})')}/{curve.total}", "share"),
        ("top20_share", curve.yield_at("0.2"), "share"),
        ("tail5_clients_share", f"1-{tail_effort}", "share"),
        ("c_clients_share", f'1-COUNTIF({rev},">="&{THRESHOLD_B})/{curve.n}', "share"),
        ("hhi", f"SUMPRODUCT(--({rev}>0),{rev},{rev})/{curve.total}^2", "ratio"),
    )
    for i, (name, formula, trait) in enumerate(items):
        value = None if figures is None else getattr(figures, name)
        book.figure(key, row + 1 + i, 0, f"abc_{name}",
                    CONCENTRATION_LABELS[name][book.lang], f"IF({blank},{formula})", value,
                    trait)
    row += len(items) + 2
    book.python_block("xls_gini", row, 0, traits=(None, "ratio"))

    row += 2
    book.text(key, row, 0, book.say(LABELS, "alerts"), "section")
    for i, (label, level) in enumerate(ALERTS):
        book.text(key, row + 1 + i, 0, book.say(LABELS, label))
        book.value(key, row + 1 + i, 1, level, "share")
        book.name(f"fig_{label}", key, row + 1 + i, 1)
    row += len(ALERTS) + 2
    book.text(key, row, 0, book.say(LABELS, "diagnosis"), "section")
    book.sheets[key].merge_range(row + 1, 0, row + 3, 5, "", book.fmt("wrap", "bold"))
    book.formula(key, row + 1, 0, _diagnosis(book, curve),
                 None if figures is None else figures.diagnosis(book.lang), "wrap", "bold")
    book.name("fig_abc_diagnosis", key, row + 1, 0)


def _diagnosis(book: Book, curve: _Curve) -> str:
    """The fragility / dispersion diagnosis in words, as ``Concentration.diagnosis``."""
    lang = book.lang

    def label(name: str) -> str:
        return CONCENTRATION_LABELS[name][lang]

    def pct(expr: str) -> str:
        return percent_formula(expr, lang)

    top, top5 = "fig_abc_top_client_share", "fig_abc_top5_share"
    c_share, tail = "fig_abc_c_clients_share", "fig_abc_tail5_clients_share"
    fragile_top = f"{top}>=fig_alert_top-{TOLERANCE}"
    fragile_top5 = f"{top5}>=fig_alert_top5-{TOLERANCE}"
    dispersed = f"{c_share}>=fig_alert_c-{TOLERANCE}"
    fragile = f"OR({fragile_top},{fragile_top5})"
    top_text = sentence(label("diagnosis_top_client"), share=pct(top),
                        alert=pct("fig_alert_top"))
    top5_text = sentence(label("diagnosis_top5"), share=pct(top5), alert=pct("fig_alert_top5"))
    separator = quote(label("diagnosis_separator"))
    figures = (f'IF({fragile_top},{top_text},"")'
               f'&IF(AND({fragile_top},{fragile_top5}),{separator},"")'
               f'&IF({fragile_top5},{top5_text},"")')
    fragile_text = sentence(label("diagnosis_fragile"), figures=figures)
    dispersion_text = sentence(label("diagnosis_dispersion"), share=pct(c_share),
                               alert=pct("fig_alert_c"), tail=pct(tail))
    sound_text = sentence(label("diagnosis_sound"), top=pct(top), top5=pct(top5),
                          c=pct(c_share))
    return (f'IF({curve.npos}=0,"",IF({fragile},{fragile_text},"")'
            f'&IF(AND({fragile},{dispersed})," ","")'
            f'&IF({dispersed},{dispersion_text},"")'
            f'&IF(OR({fragile},{dispersed}),"",{sound_text}))')


def _pareto(book: Book, curve: _Curve) -> None:
    """The ABC curve every 5 % of clients, read as ``xlsales.method.concentration`` reads it."""
    key = "abc"
    row, col = 41, 7
    book.text(key, row - 1, col, book.say(LABELS, "pareto"), "section")
    for j, name in enumerate(("pareto_x", "pareto_band", "pareto_line")):
        book.text(key, row, col + j, book.say(LABELS, name), "header1")
    if curve.ranked is not None:
        effort, gained = abc_curve(curve.ranked.descending, curve.ranked.clients)
    first = row + 1
    for p in range(1, POINTS + 1):
        r = first + p - 1
        share = p / POINTS
        book.value(key, r, col, share, "share")
        y = curve.yield_at(f"{book.column_letter(col)}{r + 1}")
        line = None if curve.ranked is None else float(np.interp(share, effort, gained))
        before = 0.0 if p == 1 else (None if curve.ranked is None else float(
            np.interp((p - 1) / POINTS, effort, gained)))
        line_cell = f"{book.column_letter(col + 2)}{r + 1}"
        previous = "0" if p == 1 else f"{book.column_letter(col + 2)}{r}"
        book.formula(key, r, col + 2, f'IF({curve.npos}=0,"",{y})', line, "share")
        book.formula(key, r, col + 1, f'IF({line_cell}="","",{line_cell}-{previous})',
                     None if line is None else line - before, "share")
    book.name("fig_abc_pareto", key, first, col + 1, POINTS, 2)
    chart = pareto_chart(book, key, first, col, POINTS)
    book.sheets[key].insert_chart(12, 7, chart, {"x_scale": 1.1, "y_scale": 1.3})

"""The Cohorts sheet: clients by period of first purchase, who keeps buying, and the churn
the ledger really shows beside the method's 10–15 % a year (METHOD.md §6, §10).

The triangles are the core's (``method.cohorts`` through ``plan.cohorts``), written by
Python from the ledger's lines, which the template's tables do not hold ("report"
blocks of ``layout``). The native formulas here are what follows from them: the
measured half-life, the method's reference curves of the chart and its half-lives, each
cached with the core's value. A colour scale turns each triangle into a heat map; a line
chart draws one curve per cohort against the method's two.
"""

from __future__ import annotations

from typing import Any

from xlsales.common.text import percent
from xlsales.method.churn import churn_half_life
from xlsales.plan import layout
from xlsales.plan.cohorts import METHOD_CHURN
from xlsales.plan.layout import COHORT_PERIODS, COHORT_ROWS
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import quote
from xlsales.workbook.styles import COLOURS

__all__ = ["LABELS", "write"]

LABELS = {
    "title": {"en": "Client cohorts: who keeps buying",
              "fr": "Cohortes de clients : qui continue d'acheter"},
    "howto": {"en": "Clients grouped by the period of their first purchase, from the "
                    "ledger's lines: the share still buying and the revenue they keep.",
              "fr": "Les clients groupés par période de premier achat, d'après les lignes "
                    "de ventes : la part qui achète encore et le CA qu'ils gardent."},
    "figures": {"en": "Measured churn against the method",
                "fr": "Attrition mesurée face à la méthode"},
    "half_life": {"en": "Years to lose half the clients without prospecting (measured)",
                  "fr": "Années pour perdre la moitié des clients sans prospecter (mesuré)"},
    "never": {"en": "never", "fr": "jamais"},
    "method": {"en": "The method: 10–15% of clients lost a year",
               "fr": "La méthode : 10–15 % des clients perdus par an"},
    "method_half": {"en": "Years to lose half at {rate} a year (the method)",
                    "fr": "Années pour perdre la moitié à {rate} par an (la méthode)"},
    "retention": {"en": "Share of each cohort's clients still buying, periods after the "
                        "first",
                  "fr": "Part des clients de chaque cohorte qui achètent encore, périodes "
                        "après la première"},
    "reference": {"en": "The method at {rate} a year", "fr": "La méthode à {rate} par an"},
    "revenue": {"en": "Revenue each cohort keeps, against its first period",
                "fr": "CA que garde chaque cohorte, par rapport à sa première période"},
    "chart": {"en": "Share of clients still buying", "fr": "Part des clients qui achètent "
                                                         "encore"},
    "axis": {"en": "Periods after the first purchase", "fr": "Périodes après le premier achat"},
}

KEY = "cohorts"
_FIRST_PERIOD_COL = 2  # the triangles: cohort, clients (or revenue), then period 0, 1, 2…
_CHART_ROW, _CHART_COL, _CHART_ROWS = 3, 4, 16  # the chart's top-left cell, rows it covers


def write(book: Book) -> None:
    sheet = book.add_sheet(KEY)
    book.title(KEY, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    sheet.set_column(0, 0, 58)
    sheet.set_column(1, 1, 28)
    sheet.set_column(_FIRST_PERIOD_COL, _FIRST_PERIOD_COL + COHORT_PERIODS - 1, 7)
    row = _figures(book, 3)
    row = _triangle(book, "xls_cohort_retention", "retention", row + 2, "whole")
    row = _references(book, row)
    chart_rows = (row - COHORT_ROWS - 3, row - 1)  # the triangle's header to the references
    row = _triangle(book, "xls_cohort_revenue", "revenue", row + 2, "money")
    _chart(book, *chart_rows)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, row, _FIRST_PERIOD_COL + COHORT_PERIODS - 1)


def _figures(book: Book, row: int) -> int:
    """The measured churn (Python), its half-life and the method's (formulas), the
    sentences that compare them."""
    results = book.results
    cohorts = results.cohorts
    book.text(KEY, row, 0, book.say(LABELS, "figures"), "section")
    churn_area = layout.AREA_BY_NAME["xls_cohort_churn"]
    book.text(KEY, row + 1, 0, churn_area.fr if book.lang == "fr" else churn_area.en)
    book.python_block("xls_cohort_churn", row + 1, 1, traits=("share",),
                      caption_cell=(row, 1))
    never = quote(book.say(LABELS, "never"))
    half = None
    if cohorts is not None and cohorts.churn == cohorts.churn:  # not NaN
        half = book.say(LABELS, "never") if cohorts.half_life == float("inf") \
            else cohorts.half_life
    churn = "xls_cohort_churn"
    book.figure(KEY, row + 2, 0, "cohort_half_life", book.say(LABELS, "half_life"),
                f'IF(NOT(ISNUMBER({churn})),"",IF({churn}>=1,0,IF({churn}=0,{never},'
                f'LN(0.5)/LN(1-{churn}))))', half, "decimal")
    book.text(KEY, row + 3, 0, book.say(LABELS, "method"), "bold")
    for i, rate in enumerate(METHOD_CHURN):
        shown = percent(rate, book.lang, decimals=0)
        book.figure(KEY, row + 4 + i, 0, f"method_half_life_{i + 1}",
                    book.say(LABELS, "method_half", rate=shown),
                    f"LN(0.5)/LN(1-{rate})", float(churn_half_life(rate)), "decimal")
    grain = layout.AREA_BY_NAME["xls_cohort_per_year"]
    book.text(KEY, row + 6, 0, grain.fr if book.lang == "fr" else grain.en)
    book.python_block("xls_cohort_per_year", row + 6, 1, traits=("whole",),
                      caption_cell=(row + 6, 2))
    notes = layout.AREA_BY_NAME["xls_cohort_notes"]
    below = max(row + 8, _CHART_ROW + _CHART_ROWS + 1)  # the sentences run under the chart
    book.python_block("xls_cohort_notes", below, 0)
    return below + notes.rows


def _triangle(book: Book, area_name: str, title: str, row: int, second: str) -> int:
    """A triangle under its section title: header row, one row per cohort, a colour scale
    over the periods after the first (period 0 is 100 % by definition)."""
    book.text(KEY, row, 0, book.say(LABELS, title), "section")
    first = row + 2  # the header row; the caption sits between

    def trait(i: int, j: int) -> str | None:
        if i == 0:
            return "bold"
        return second if j == 1 else "share" if j >= _FIRST_PERIOD_COL else None

    book.python_block(area_name, first, 0, traits=trait)
    cells = (first + 1, _FIRST_PERIOD_COL + 1, first + COHORT_ROWS,
             _FIRST_PERIOD_COL + COHORT_PERIODS - 1)
    book.sheets[KEY].conditional_format(*cells, {
        "type": "3_color_scale", "min_color": COLOURS["alert"],
        "mid_color": COLOURS["develop"], "max_color": COLOURS["win"],
        "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 0.5,
        "max_type": "num", "max_value": 1})
    return first + COHORT_ROWS + 1


def _references(book: Book, row: int) -> int:
    """The method's curves under the retention triangle: (1 − churn)^(k / periods a
    year), k the triangle's header; the chart draws them beside the cohorts'."""
    header = row - COHORT_ROWS - 1
    per_year = "IF(N(xls_cohort_per_year)=0,1,xls_cohort_per_year)"
    per = 1 if book.results.cohorts is None or book.results.cohorts.grain == "year" else 4
    for i, rate in enumerate(METHOD_CHURN):
        r = row + i
        shown = percent(rate, book.lang, decimals=0)
        book.text(KEY, r, 0, book.say(LABELS, "reference", rate=shown), "helper")
        for k in range(COHORT_PERIODS):
            col = _FIRST_PERIOD_COL + k
            cell = f"{book.column_letter(col)}${header + 1}"
            book.formula(KEY, r, col, f"(1-{rate})^({cell}/{per_year})",
                         (1 - rate) ** (k / per), "computed", "share", "helper")
    return row + len(METHOD_CHURN)


def _chart(book: Book, header: int, last: int) -> None:
    """One line per cohort written (the references dashed), over the periods the data
    reaches (at least five)."""
    cohorts = book.results.cohorts
    shown = 0 if cohorts is None else min(len(cohorts.retention), COHORT_ROWS)
    width = 5 if cohorts is None else max(5, min(cohorts.retention.shape[1], COHORT_PERIODS))
    name = layout.sheet_name(KEY, book.lang)
    chart = book.workbook.add_chart({"type": "line"})
    categories = [name, header, _FIRST_PERIOD_COL, header,
                  _FIRST_PERIOD_COL + width - 1]
    rows: list[tuple[int, dict[str, Any]]] = [
        (header + 1 + i, {"marker": {"type": "circle", "size": 4}}) for i in range(shown)]
    rows += [(last - 1 + i, {"line": {"dash_type": "dash", "color": COLOURS["muted"],
                                      "width": 1.5}}) for i in range(len(METHOD_CHURN))]
    for r, style in rows:
        chart.add_series({"name": [name, r, 0],
                          "categories": categories,
                          "values": [name, r, _FIRST_PERIOD_COL, r,
                                     _FIRST_PERIOD_COL + width - 1], **style})
    chart.set_title({"name": book.say(LABELS, "chart"), "name_font": {"size": 12}})
    chart.set_x_axis({"name": book.say(LABELS, "axis")})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {
        "visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "right"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 760, "height": _CHART_ROWS * 20})
    book.sheets[KEY].insert_chart(_CHART_ROW, _CHART_COL, chart)

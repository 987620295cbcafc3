"""The template's charts: the Pareto chart of the ABC sheet and the prospecting funnel.

Charts read cells the formulas fill (never one bar per client: 20 points of the ABC
curve), so they follow the data when Excel or LibreOffice recalculates.
"""

from __future__ import annotations

from typing import Any

from xlsales.plan import layout
from xlsales.workbook.book import Book
from xlsales.workbook.styles import COLOURS

__all__ = ["LABELS", "funnel_chart", "pareto_chart"]

LABELS = {
    "pareto_title": {"en": "Pareto: share of revenue N by share of clients",
                     "fr": "Pareto : part du CA N selon la part des clients"},
    "band": {"en": "Revenue of each 5% of clients",
             "fr": "CA de chaque tranche de 5 % des clients"},
    "cumulative": {"en": "Cumulative revenue", "fr": "CA cumulé"},
    "clients_axis": {"en": "Clients, largest first", "fr": "Clients, du plus gros au plus petit"},
    "funnel_title": {"en": "Prospecting funnel", "fr": "Entonnoir de prospection"},
    "count": {"en": "Count", "fr": "Nombre"},
}


def pareto_chart(book: Book, key: str, first_row: int, col: int, points: int) -> Any:
    """Columns (each 5 % of clients' share of revenue) and the cumulative line, from the
    three columns at ``col``: share of clients, band share, cumulative share."""
    sheet = layout.sheet_name(key, book.lang)
    last = first_row + points - 1
    categories = [sheet, first_row, col, last, col]
    bars = book.workbook.add_chart({"type": "column"})
    bars.add_series({
        "name": book.say(LABELS, "band"), "categories": categories,
        "values": [sheet, first_row, col + 1, last, col + 1],
        "fill": {"color": COLOURS["python_ink"]}, "gap": 40,
    })
    line = book.workbook.add_chart({"type": "line"})
    line.add_series({
        "name": book.say(LABELS, "cumulative"), "categories": categories,
        "values": [sheet, first_row, col + 2, last, col + 2],
        "line": {"color": COLOURS["alert_ink"], "width": 2.25},
        "marker": {"type": "circle", "size": 4},
    })
    bars.combine(line)
    bars.set_title({"name": book.say(LABELS, "pareto_title"), "name_font": {"size": 12}})
    bars.set_x_axis({"name": book.say(LABELS, "clients_axis"), "num_format": "0%"})
    bars.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {
        "visible": True, "line": {"color": "#D9D9D9"}}})
    bars.set_legend({"position": "bottom"})
    return bars


def funnel_chart(book: Book, key: str, first_row: int, last_row: int, stage_col: int,
                 count_col: int, padding_col: int) -> Any:
    """A funnel: each stage a bar centred on the widest one (an invisible padding series
    of (widest − count) / 2 before it), the top stage on top."""
    sheet = layout.sheet_name(key, book.lang)
    chart = book.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    categories = [sheet, first_row, stage_col, last_row, stage_col]
    chart.add_series({"categories": categories,
                      "values": [sheet, first_row, padding_col, last_row, padding_col],
                      "fill": {"none": True}, "border": {"none": True}})
    chart.add_series({
        "name": book.say(LABELS, "count"), "categories": categories,
        "values": [sheet, first_row, count_col, last_row, count_col],
        "fill": {"color": COLOURS["python_ink"]}, "gap": 20,
        "data_labels": {"value": True, "position": "center",
                        "font": {"color": "white", "bold": True}},
    })
    chart.set_title({"name": book.say(LABELS, "funnel_title"), "name_font": {"size": 12}})
    chart.set_y_axis({"reverse": True, "major_tick_mark": "none"})
    chart.set_x_axis({"visible": False, "major_gridlines": {"visible": False}})
    chart.set_legend({"none": True})
    chart.show_hidden_data()  # the padding lives in a hidden helper column
    return chart

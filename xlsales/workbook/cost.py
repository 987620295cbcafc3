"""The Cost to serve sheet: what each class costs the team against the margin it brings
(value created / resources invested, METHOD.md §4 and §10).

The team's activities sit in ``tblActivities`` (client, date, type, duration in minutes,
owner); its calculated columns give each activity's minutes (its duration, or its type's
default from the settings), its client's ABC class (looked up in the Clients sheet) and
its cost (hours × the hourly cost, + the fixed cost of a visit). The class table sums
them by class with native formulas next to the margin of the class (revenue where a
client's margin is blank), so a manager who edits an activity, a setting or a client's
revenue sees the ratio change; when the table is empty, the planned budget per class
(visits and calls per client a year) stands for the activities. The per-segment and
per-salesperson tables and the clients to look at are written by xlsales' Python
(``plan.blocks``), as the other sheets' lists are.

Rules of the formulas, as ``method.cost_to_serve``'s: a type is matched to the settings'
labels (case aside; an unknown one is "other"); an activity whose client is in no class
(a prospect, a lost client) is in no class row.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xlsales.method import cost_to_serve as serve
from xlsales.plan import layout
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote
from xlsales.workbook.styles import COLOURS
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "formulas", "write"]

LABELS = {
    "title": {"en": "Cost to serve: value created / resources invested",
              "fr": "Coût de service : valeur créée / ressources investies"},
    "howto": {
        "en": "List the team's activities (white columns: client code, date, type, minutes, "
              "owner) or, without them, plan visits and calls per class; the yellow cells "
              "are the settings. Each class's time and cost are set against its margin.",
        "fr": "Listez les activités de l'équipe (colonnes blanches : code client, date, type, "
              "minutes, responsable) ou, à défaut, prévoyez visites et appels par classe ; "
              "les cellules jaunes sont les réglages. Le temps et le coût de chaque classe "
              "sont rapportés à sa marge.",
    },
    "settings": {"en": "Settings", "fr": "Réglages"},
    "type": {"en": "Activity type", "fr": "Type d'activité"},
    "minutes": {"en": "Minutes if left blank", "fr": "Minutes si vide"},
    "remote": {"en": "Remote (yes/no)", "fr": "À distance (oui/non)"},
    "budget": {"en": "Planned a year per client, used without activities",
               "fr": "Prévu par an et par client, utilisé sans activités"},
    "visits": {"en": "Visits", "fr": "Visites"},
    "calls": {"en": "Calls", "fr": "Appels"},
    "classes": {"en": "Per ABC class", "fr": "Par classe ABC"},
    "segments": {"en": "Per segment", "fr": "Par segment"},
    "people": {"en": "Per salesperson (each client's main owner)",
               "fr": "Par commercial (responsable principal de chaque client)"},
    "findings": {"en": "Clients to look at", "fr": "Clients à examiner"},
    "activities": {"en": "The team's activities", "fr": "Les activités de l'équipe"},
    "margin_note": {"en": "Margin: revenue where a client's margin is blank.",
                    "fr": "Marge : le CA quand la marge d'un client est vide."},
    "chart_title": {"en": "Share of the team's time against share of the margin",
                    "fr": "Part du temps de l'équipe contre part de la marge"},
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
    "duration_title": {"en": "Minutes", "fr": "Minutes"},
    "duration_help": {"en": "Minutes spent, 0 to 1440; blank = the type's default.",
                      "fr": "Minutes passées, de 0 à 1440 ; vide = le défaut du type."},
}

_CLASS_COLUMNS = ("clients", "revenue", "margin", "hours", "cost", "ratio", "time_share",
                  "margin_share")
_SET_ROW = 3  # settings section
_CLASS_ROW = 3  # header of the class table
_CLASS_COL = 4
_ACT_COL = 14  # tblActivities' first column
_BLOCK_COL = 4
_CLIENT_CODES = "xls_cost_client_codes"
_CLIENT_CLASSES = "xls_cost_client_classes"


def formulas(lang: str) -> dict[str, str]:
    """The calculated columns of tblActivities: minutes counted, client class, cost."""
    t = StructuredRefs(layout.ACTIVITIES, lang)
    client, kind, duration = t.this("client"), t.this("type"), t.this("duration")
    position = f"IFERROR(MATCH({kind},xls_cost_types,0),{len(serve.TYPES)})"
    visit = serve.TYPES.index("visit") + 1
    return {
        "minutes": f'IF({client}="","",IF(ISNUMBER({duration}),{duration},'
                   f'INDEX(xls_cost_minutes,{position})))',
        "abc_class": f'IF({client}="","",IFERROR(INDEX({_CLIENT_CLASSES},'
                     f'MATCH({client},{_CLIENT_CODES},0))&"",""))',
        "cost": f'IF({client}="","",{t.this("minutes")}/60*N(xls_hourly_cost)'
                f'+IF({position}={visit},N(xls_visit_cost),0))',
    }


def write(book: Book) -> None:
    key = "cost"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    for j, width in enumerate((26, 12, 12, 3, 16, 9, 12, 12, 9, 11, 13, 12, 12, 3)):
        sheet.set_column(j, j, width)
    _client_names(book)
    _settings(book)
    _activities(book)
    _classes(book)
    _chart(book)
    row = _CLASS_ROW + 27
    for area_name, label in (("xls_cost_segments", "segments"), ("xls_cost_people", "people"),
                             ("xls_cost_findings", "findings")):
        book.text(key, row, _BLOCK_COL, book.say(LABELS, label), "section")
        area = layout.AREA_BY_NAME[area_name]
        book.python_block(area_name, row + 2, _BLOCK_COL, traits=_block_traits(area_name))
        row += 2 + area.rows + 2
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _client_names(book: Book) -> None:
    """Workbook names on the Clients sheet's code and class columns (whole columns, so
    clients added below the table are found): the activities' class lookup reads them."""
    col = layout.CLIENTS.keys().index
    book.name(_CLIENT_CODES, "clients", 0, col("client"), rows=1_048_576)
    book.name(_CLIENT_CLASSES, "clients", 0, col("abc_class"), rows=1_048_576)


def _settings(book: Book) -> None:
    key, s, lang = "cost", book.data.settings, book.lang
    sheet = book.sheets[key]
    book.text(key, _SET_ROW, 0, book.say(LABELS, "settings"), "section")
    first = _SET_ROW + 2
    for j, label in enumerate(("type", "minutes", "remote")):
        book.text(key, first - 1, j, book.say(LABELS, label), "header")
    yes, no = book.say(LABELS, "yes"), book.say(LABELS, "no")
    for i, kind in enumerate(serve.TYPES):
        book.text(key, first + i, 0, serve.TYPE_LABELS[kind][lang])
        book.value(key, first + i, 1, s.cost_minutes[i], "input", "whole")
        flag = str(s.cost_remote[i]).strip().lower() in ("yes", "oui")
        book.value(key, first + i, 2, yes if flag else no, "input")
    book.name("xls_cost_types", key, first, 0, rows=len(serve.TYPES))
    book.area("xls_cost_minutes", first, 1)
    book.area("xls_cost_remote", first, 2)
    last = first + len(serve.TYPES) - 1
    sheet.data_validation(first, 1, last, 1, {"validate": "decimal", "criteria": "between",
                                              "minimum": 0, "maximum": 1440})
    sheet.data_validation(first, 2, last, 2, {"validate": "list", "source": [yes, no]})
    row = last + 2
    for area_name, value, trait in (("xls_hourly_cost", s.hourly_cost, "money"),
                                    ("xls_visit_cost", s.visit_cost, "money")):
        area = layout.AREA_BY_NAME[area_name]
        book.text(key, row, 0, area.fr if lang == "fr" else area.en)
        book.value(key, row, 1, value, "input", trait)
        book.area(area_name, row, 1)
        sheet.data_validation(row, 1, row, 1, {"validate": "decimal", "criteria": ">=",
                                               "value": 0})
        row += 1
    row += 1
    book.text(key, row, 0, book.say(LABELS, "budget"), "header")
    book.text(key, row, 1, book.say(LABELS, "visits"), "header")
    book.text(key, row, 2, book.say(LABELS, "calls"), "header")
    for i, cls in enumerate(serve.CLASSES):
        book.text(key, row + 1 + i, 0, cls)
        book.value(key, row + 1 + i, 1, s.cost_visits[i], "input", "decimal")
        book.value(key, row + 1 + i, 2, s.cost_calls[i], "input", "decimal")
    book.area("xls_cost_visits", row + 1, 1)
    book.area("xls_cost_calls", row + 1, 2)
    sheet.data_validation(row + 1, 1, row + 3, 2, {"validate": "decimal", "criteria": ">=",
                                                   "value": 0})


def _activities(book: Book) -> None:
    key, lang = "cost", book.lang
    frame = book.data.activities.copy()
    found = book.results.cost
    kinds = serve.activity_types(frame["type"]) if len(frame) else []
    frame["type"] = [serve.TYPE_LABELS[k][lang] if not _blank(v) else None
                     for k, v in zip(kinds, frame["type"], strict=True)]
    caches: dict[str, Any] = {"minutes": None, "abc_class": None, "cost": None}
    if found is not None and found.source == "activities" and len(frame):
        minutes = serve.activity_minutes(kinds, frame["duration"], found.settings.minutes)
        classes = found.by_client["abc_class"]
        cls = [classes.get(c) if isinstance(c, str) else None for c in frame["client"]]
        caches["minutes"] = [float(m) for m in minutes]
        caches["abc_class"] = [c if isinstance(c, str) else "" for c in cls]
        visit = np.array([k == "visit" for k in kinds])
        caches["cost"] = list(minutes / 60 * found.settings.hourly_cost
                              + np.where(visit, found.settings.visit_cost, 0.0))
    book.text(key, _CLASS_ROW - 1, _ACT_COL, book.say(LABELS, "activities"), "section")
    duration = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1440,
                "input_title": book.say(LABELS, "duration_title"),
                "input_message": book.say(LABELS, "duration_help")}
    words = [serve.TYPE_LABELS[k][lang] for k in serve.TYPES]
    write_table(book, key, layout.ACTIVITIES, frame, _CLASS_ROW, _ACT_COL, formulas(lang),
                caches, {"duration": duration,
                         "type": {"validate": "list", "source": words,
                                  "error_type": "information"}},
                traits={"abc_class": "center"})
    for j, width in enumerate((14, 11, 13, 11, 14, 11, 9, 10)):
        book.sheets[key].set_column(_ACT_COL + j, _ACT_COL + j, width)


def _classes(book: Book) -> None:
    key, lang = "cost", book.lang
    c, a = StructuredRefs(layout.CLIENTS, lang), StructuredRefs(layout.ACTIVITIES, lang)
    found = book.results.cost
    book.text(key, _CLASS_ROW - 1, _CLASS_COL, book.say(LABELS, "classes"), "section")
    headers = [serve.LABELS["abc_class"][lang],
               *(serve.LABELS[k][lang] for k in _CLASS_COLUMNS)]
    for j, text in enumerate(headers):
        book.text(key, _CLASS_ROW, _CLASS_COL + j, text, "header")
    first = _CLASS_ROW + 1
    total_row = first + len(serve.CLASSES)

    def cell(row: int, column: str) -> str:
        return f"{book.column_letter(_CLASS_COL + 1 + _CLASS_COLUMNS.index(column))}{row + 1}"

    count = f"COUNTA({a.col('client')})"
    nothing = "SUM(xls_cost_visits)+SUM(xls_cost_calls)=0"  # no budget either: blank
    no_clients = f"COUNTA({c.col('client')})=0"  # an empty Clients table: blank, not 0
    per_client_minutes = "(INDEX(xls_cost_visits,{i})*INDEX(xls_cost_minutes,{v})" \
                         "+INDEX(xls_cost_calls,{i})*INDEX(xls_cost_minutes,{k}))"
    visit, call = serve.TYPES.index("visit") + 1, serve.TYPES.index("call") + 1
    for i, cls in enumerate(serve.CLASSES):
        row = first + i
        name = quote(cls)
        klass = c.col("abc_class")
        planned = per_client_minutes.format(i=i + 1, v=visit, k=call)
        clients = cell(row, "clients")
        values = _class_values(found, cls)
        book.text(key, row, _CLASS_COL, cls, "center")
        parts = {
            "clients": f'IF({no_clients},"",COUNTIF({klass},{name}))',
            "revenue": f'IF({no_clients},"",SUMIFS({c.col("revenue_curr")},{klass},{name}))',
            "margin": f'IF({no_clients},"",SUMIFS({c.col("margin")},{klass},{name})'
                      f'+SUMIFS({c.col("revenue_curr")},{klass},{name},{c.col("margin")},""))',
            "hours": f"IF({count}=0,IF({nothing},\"\",{clients}*{planned}/60),"
                     f"SUMIFS({a.col('minutes')},{a.col('abc_class')},{name})/60)",
            "cost": f"IF({count}=0,IF({nothing},\"\",{clients}*({planned}/60"
                    f"*N(xls_hourly_cost)+INDEX(xls_cost_visits,{i + 1})*N(xls_visit_cost))),"
                    f"SUMIFS({a.col('cost')},{a.col('abc_class')},{name}))",
        }
        _class_row(book, row, parts, values, cell, total_row)
    book.text(key, total_row, _CLASS_COL, serve.LABELS["Total"][lang], "center")
    totals = {}
    for k in ("clients", "revenue", "margin", "hours", "cost"):  # blank when all are
        span = f"{cell(first, k)}:{cell(total_row - 1, k)}"
        totals[k] = f'IF(COUNT({span})=0,"",SUM({span}))'
    _class_row(book, total_row, totals, _class_values(found, "Total"), cell, total_row)
    book.text(key, total_row + 1, _CLASS_COL, book.say(LABELS, "margin_note"), "note")


def _class_row(book: Book, row: int, parts: dict[str, str], values: dict[str, Any],
               cell: Any, total_row: int) -> None:
    key = "cost"
    margin, cost, hours = cell(row, "margin"), cell(row, "cost"), cell(row, "hours")
    parts = {**parts,
             "ratio": f'IF(N({cost})>0,{margin}/{cost},"")',
             "time_share": f'IF(N({cell(total_row, "hours")})>0,'
                           f'{hours}/{cell(total_row, "hours")},"")',
             "margin_share": f'IF(N({cell(total_row, "margin")})>0,'
                             f'{margin}/{cell(total_row, "margin")},"")'}
    traits = {"clients": "whole", "revenue": "money", "margin": "money", "hours": "decimal",
              "cost": "money", "ratio": "decimal", "time_share": "share",
              "margin_share": "share"}
    for j, column in enumerate(_CLASS_COLUMNS):
        book.formula(key, row, _CLASS_COL + 1 + j, parts[column], values.get(column),
                     "computed", traits[column])
    label = str(values.get("label", ""))
    if label:
        book.name(f"fig_cost_{label.lower()}_ratio", key, row,
                  _CLASS_COL + 1 + _CLASS_COLUMNS.index("ratio"))


def _class_values(found: Any, cls: str) -> dict[str, Any]:
    """The Python core's figures of a class row, cached in its formulas."""
    values: dict[str, Any] = {"label": cls}
    if found is None:
        return values
    row = found.by_class.loc[cls] if cls in found.by_class.index else None
    if row is None:
        return values
    for column in _CLASS_COLUMNS:
        value = row[column]
        values[column] = None if pd.isna(value) else float(value)
    return values


def _chart(book: Book) -> None:
    key = "cost"
    sheet = layout.sheet_name(key, book.lang)
    first, last = _CLASS_ROW + 1, _CLASS_ROW + len(serve.CLASSES)
    categories = [sheet, first, _CLASS_COL, last, _CLASS_COL]
    chart = book.workbook.add_chart({"type": "column"})
    for column, colour in (("time_share", COLOURS["alert_ink"]),
                           ("margin_share", COLOURS["python_ink"])):
        col = _CLASS_COL + 1 + _CLASS_COLUMNS.index(column)
        chart.add_series({"name": [sheet, _CLASS_ROW, col], "categories": categories,
                          "values": [sheet, first, col, last, col],
                          "fill": {"color": colour}, "gap": 60})
    chart.set_title({"name": book.say(LABELS, "chart_title"), "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {
        "visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    book.sheets[key].insert_chart(_CLASS_ROW + 7, _CLASS_COL, chart,
                                  {"x_scale": 1.3, "y_scale": 1.1})


def _block_traits(area_name: str) -> Any:
    money = ("whole", "money", "decimal", "money", "decimal", "share", "share")
    if area_name == "xls_cost_findings":
        return [None, None, "money", "money"]
    return [None, *money]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and not value.strip())


"""Workbooks that follow ``layout.py``, built with openpyxl for the macro tests.

They do not come from the template generator: each test builds the book it needs, with
the sheets in English or French, the tables' headers in the same language (plus a user's
own column in tblClients), and every defined name of ``layout.AREAS`` at a cell chosen
here. Tables start at B3 (header row 3, so table row 1 is sheet row 4); the names of a
sheet are stacked from row 3 in the column two to the right of its table (B on sheets
without a table), each area followed by one empty row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from xlsales.plan import layout

TABLE_ROW, TABLE_COL = 3, 2
EXTRA = {"en": "My notes", "fr": "Mes notes"}

DEFAULT_SETTINGS: dict[str, Any] = {
    "xls_year_curr": 2026, "xls_churn_years": 5, "xls_growth": 0,
    "xls_abc_a_share": 0.8, "xls_abc_b_share": 0.95, "xls_abc_method": "pareto",
    "xls_weights_potential": [1, 1, 1, 1], "xls_weights_risk": [1, 1, 1],
    "xls_level_cuts": [3.67, 2.33], "xls_matrix_measure": "revenue",
    "xls_win_share": 0.1, "xls_develop_ratio": 0.5, "xls_min_expected": 0.02,
    "xls_funnel_target": 10, "xls_intervals": [7, 14, 30, 60, 90],
    "xls_today": dt.datetime(2026, 11, 26),
    "xls_cost_minutes": [120, 60, 15, 5, 15], "xls_cost_remote": ["no", "no", "yes", "yes", "no"],
    "xls_hourly_cost": 60, "xls_visit_cost": 0, "xls_cost_visits": [0, 0, 0],
    "xls_cost_calls": [0, 0, 0],
}

DECK_FUNNEL = [{"stage": s, "count": n} for s, n in
               (("Suspects", 100), ("Prospects", 80), ("Cold", 50), ("Warm", 30),
                ("Hot", 10), ("Clients", 1))]

# The hand-checked book of tests/buttons/test_macros.py (its results are worked out there).
CLIENTS = [
    dict(client="C1", name="Alpha", segment="Retail", product="P1", revenue_prev=100,
         revenue_curr=120, margin=30, pot_size=5, pot_competition=4, pot_sector=3,
         risk_reliability=5, risk_finance=5, risk_competitors=5, potential_revenue=200),
    dict(client="C2", name="Beta", segment="Retail", product="P2", revenue_prev=50,
         revenue_curr=40, margin=10, pot_size=4, pot_competition=4, pot_sector=3,
         pot_suppliers=2, risk_reliability=4, risk_finance=4, risk_competitors=4,
         potential_revenue=50),
    dict(client="C3", name="Gamma", segment="Food", product="P1", revenue_curr=30, margin=8,
         pot_size=3, pot_competition=3, pot_sector=3, pot_suppliers=3, risk_reliability=1,
         risk_finance=1, risk_competitors=1),
    dict(client="C4", name="Delta", segment="Food", product="P2", revenue_prev=20,
         pot_size=2, pot_competition=2, pot_sector=3, pot_suppliers=4, risk_reliability=2,
         risk_finance=2, risk_competitors=2, potential_revenue=40),
    dict(client="C5", name="Epsilon", segment="Health", product="P3", revenue_prev=10,
         revenue_curr=5, margin=1, pot_size=1, pot_competition=1, pot_sector=3,
         pot_suppliers=5, risk_reliability=3, risk_finance=3, risk_competitors=3,
         potential_revenue=100),
    dict(client="C6", name="Zeta", segment="RETAIL", product="P1", revenue_prev=70,
         revenue_curr=0),
]
PROSPECTS = [
    dict(name="Dupont", first_name="Anne", job_title="DG", company="X", project="oui",
         potential=4.5, accessibility=4, last_contact=dt.datetime(2026, 10, 1),
         source="networks", stage="hot"),
    dict(name="Martin", company="Y", potential=2, accessibility=1,
         source="recommendation", stage="prospects"),
    dict(name="Durand", first_name="Paul", company="Z", potential=3, accessibility=3,
         last_contact=dt.datetime(2026, 9, 1), source="networks", stage="cold"),
]
TEAM = [dict(salesperson="Ann", quantity=7, orientation=5, efficiency=6),
        dict(salesperson="Bob", quantity=5, orientation=8, efficiency=9)]


@dataclass
class Built:
    """Where the builder put things: name → (sheet, row, column) of its top-left cell;
    table → (sheet, header row, first column, headers)."""

    path: Path
    lang: str
    names: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    tables: dict[str, tuple[str, int, int, list[str]]] = field(default_factory=dict)

    def cell(self, name: str, row: int = 0, col: int = 0) -> tuple[str, str]:
        sheet, r, c = self.names[name]
        return sheet, f"{get_column_letter(c + col)}{r + row}"

    def column(self, table: str, key: str) -> int:
        _, _, first, headers = self.tables[table]
        column = layout.TABLES[table].column(key)
        return first + headers.index(column.header(self.lang))


def build(path: Path, lang: str = "en", *, clients: list[dict] = CLIENTS,
          prospects: list[dict] = PROSPECTS, team: list[dict] = TEAM,
          funnel: list[dict] = DECK_FUNNEL, activities: list[dict] | None = None,
          sales: list[dict] | None = None,
          deals: list[dict] | None = None, team_sales: list[dict] | None = None,
          purchases: list[dict] | None = None, settings: dict[str, Any] | None = None,
          old_outputs: bool = True, extra_column: bool = True,
          empty_rows: int = 1) -> Built:
    """A layout workbook at ``path``; ``old_outputs`` fills every output area with the
    text "old" (a previous run's leftovers), ``empty_rows`` adds blank table rows.
    ``sales`` (tblSales) is by default one row per client of year N: its main product,
    revenue N and margin, as a client-by-client plan holds it."""
    values = {**DEFAULT_SETTINGS, **(settings or {})}
    if sales is None:
        sales = [dict(client=c.get("client"), segment=c.get("segment"),
                      product=c.get("product"), year=values["xls_year_curr"],
                      revenue=c.get("revenue_curr"), margin=c.get("margin"))
                 for c in clients if c.get("revenue_curr") is not None]
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = {key: book.create_sheet(names[lang]) for key, names in layout.SHEETS.items()}
    built = Built(Path(path), lang)
    next_col = {key: TABLE_COL for key in layout.SHEETS}
    rows = {"tblClients": clients, "tblProspects": prospects, "tblTeam": team,
            "tblFunnel": funnel, "tblActivities": list(activities or []), "tblSales": sales,
            "tblDeals": list(deals or []), "tblTeamSales": list(team_sales or []),
            "tblPurchases": list(purchases or [])}
    for table in layout.TABLES.values():
        sheet = sheets[table.sheet]
        first = next_col[table.sheet]  # a sheet's second table right of its first
        headers = [c.header(lang) for c in table.columns]
        if table.name == "tblClients" and extra_column:
            headers.insert(2, EXTRA[lang])
        data = rows[table.name] + [{}] * empty_rows
        for j, header in enumerate(headers):
            sheet.cell(TABLE_ROW, first + j, header)
        for i, record in enumerate(data):
            for j, header in enumerate(headers):
                if header == EXTRA[lang]:
                    value = f"note {i + 1}" if record else None
                else:
                    key = next(c.key for c in table.columns if c.header(lang) == header)
                    value = record.get(key)
                if value is not None:
                    sheet.cell(TABLE_ROW + 1 + i, first + j, value)
        last = f"{get_column_letter(first + len(headers) - 1)}{TABLE_ROW + len(data)}"
        sheet.add_table(Table(displayName=table.name,
                              ref=f"{get_column_letter(first)}{TABLE_ROW}:{last}"))
        built.tables[table.name] = (sheet.title, TABLE_ROW, first, headers)
        next_col[table.sheet] = first + len(headers) + 1
    cursor = dict.fromkeys(layout.SHEETS, TABLE_ROW)
    for area in layout.AREAS:
        sheet, row, col = sheets[area.sheet], cursor[area.sheet], next_col[area.sheet]
        cursor[area.sheet] += area.rows + 1
        built.names[area.name] = (sheet.title, row, col)
        end = f"${get_column_letter(col + area.cols - 1)}${row + area.rows - 1}"
        book.defined_names[area.name] = DefinedName(
            area.name, attr_text=f"{quote_sheetname(sheet.title)}!${get_column_letter(col)}"
                                 f"${row}:{end}")
        if area.kind == "input":
            value = values.get(area.name)
            cells = value if isinstance(value, list) else [value]
            for i, v in enumerate(cells):
                if v is not None:
                    sheet.cell(row + i, col, v)
        elif old_outputs:
            for r in range(area.rows):
                for c in range(area.cols):
                    sheet.cell(row + r, col + c, "old")
    book.save(path)
    return built


def output_cells(built: Built) -> set[tuple[str, int, int]]:
    """(sheet, row, column) of every cell of every output area."""
    cells = set()
    for area in layout.output_areas():
        sheet, row, col = built.names[area.name]
        cells |= {(sheet, row + r, col + c) for r in range(area.rows) for c in range(area.cols)}
    return cells


def all_values(path: Path) -> dict[tuple[str, int, int], Any]:
    """Every non-empty cell's value (formulas as their text), by (sheet, row, column)."""
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.row, c.column): c.value
            for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def area_values(path: Path, built: Built, name: str) -> list[list]:
    """The rows × cols values of an area as openpyxl reads them."""
    return areas_of(path, built, [layout.AREA_BY_NAME[name]])[name]


def areas_of(path: Path, built: Built, areas: list | None = None) -> dict[str, list[list]]:
    """The values of each output area (or of ``areas``), the workbook read once."""
    book = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for area in areas or layout.output_areas():
        sheet, row, col = built.names[area.name]
        ws = book[sheet]
        out[area.name] = [[ws.cell(row + r, col + c).value for c in range(area.cols)]
                          for r in range(area.rows)]
    return out

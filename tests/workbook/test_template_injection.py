"""User data is sacred: text that looks like a formula or a number lands as text.

A client called "=HYPERLINK(...)", a name starting with +, - or @, a tab or a carriage
return, a code "007" or "1e3": each must be stored as a text cell (never evaluated by
Excel or LibreOffice), and still be read the same after LibreOffice recalculates.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.escape import unescape

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import table
from xlsales.plan import layout
from xlsales.plan.analysis import PlanData, PlanSettings
from xlsales.workbook import write_plan_workbook

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

TRAPS = ['=HYPERLINK("http://example.com","click")', "+33 1 23 45 67 89", "-Dupont",
         "@SUM(A1:A2)", "\tTabulé", "\rRetour", "=1+1", "007", "1e3", "2026-03-10"]


def _data() -> PlanData:
    n = len(TRAPS)
    clients = pd.DataFrame({key: [None] * n for key in layout.CLIENTS.keys("input")})
    clients["client"] = TRAPS
    clients["name"] = TRAPS
    clients["segment"] = TRAPS
    clients["revenue_curr"] = [100.0 * (i + 1) for i in range(n)]
    prospects = pd.DataFrame({key: [None] * n for key in layout.PROSPECTS.keys("input")})
    prospects["name"] = TRAPS
    prospects["company"] = TRAPS
    team = pd.DataFrame({"salesperson": TRAPS, "quantity": [5] * n, "orientation": [5] * n,
                         "efficiency": [5] * n})
    return PlanData(clients=clients, prospects=prospects, team=team,
                    settings=PlanSettings(today=dt.date(2026, 3, 10)))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("injection") / "traps.xlsx"
    write_plan_workbook(_data(), path)
    return path


CELLS = [(layout.CLIENTS, "client"), (layout.CLIENTS, "name"), (layout.CLIENTS, "segment"),
         (layout.PROSPECTS, "name"), (layout.PROSPECTS, "company"),
         (layout.TEAM, "salesperson")]


@pytest.mark.parametrize(("table_def", "key"), CELLS, ids=lambda v: getattr(v, "name", v))
def test_text_that_looks_like_a_formula_is_stored_as_text(written, table_def, key):
    book = openpyxl.load_workbook(written)
    sheet = book[layout.sheet_name(table_def.sheet, "en")]
    min_col, min_row, _, _ = range_boundaries(sheet.tables[table_def.name].ref)
    column = min_col + table_def.keys().index(key)
    stored = [sheet.cell(min_row + 1 + i, column) for i in range(len(TRAPS))]
    assert [c.data_type for c in stored] == ["s"] * len(TRAPS)
    # a carriage return is stored as OOXML's _x000D_ escape, which openpyxl leaves as is
    assert [unescape(c.value) for c in stored] == TRAPS


def test_libreoffice_keeps_them_as_text(written, tmp_path):
    require_libreoffice()
    book = openpyxl.load_workbook(recalculate(written, tmp_path), data_only=True)
    for table_def, key in CELLS:
        header = table_def.column(key).header("en")
        values = [row[header] for row in table(book, table_def.name)]
        assert values == TRAPS, (table_def.name, key)
    # the segment written from a name like "=1+1" heads a matrix row, read literally
    segments = [row[0] for row in _named_block(book, "xls_matrix_segments")]
    assert segments[:len(TRAPS)] == TRAPS[:len(segments)]


def _named_block(book, name):
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return [[c.value for c in row] for row in book[sheet][ref.replace("$", "")]]

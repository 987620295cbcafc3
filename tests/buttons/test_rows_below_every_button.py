"""Every button names the rows typed just below a table it reads, outside it (issue 11
item 6, built as issue 12 item 6): "2 rows below tblProspects are not in the table"."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from tests.harness.workbooks import build
from xlsales.buttons.macros import run_macro_file
from xlsales.plan import layout

CASES = [(button.macro, table) for button in layout.BUTTONS for table in button.tables]


def _paste_below(built, name: str, rows: int) -> None:
    book = openpyxl.load_workbook(built.path)
    for sheet in book.worksheets:
        if name in sheet.tables:
            last = range_boundaries(sheet.tables[name].ref)[3]
            first_key = layout.TABLES[name].keys("input")[0]
            for i in range(1, rows + 1):
                sheet.cell(last + i, built.column(name, first_key), f"typed {i}")
    book.save(built.path)


def test_every_button_reads_a_table():
    assert {macro for macro, _ in CASES} == {b.macro for b in layout.BUTTONS}


@pytest.mark.parametrize(("macro", "table"), CASES)
def test_the_button_names_rows_below_its_tables(tmp_path, macro, table):
    built = build(tmp_path / "book.xlsx", "en")
    _paste_below(built, table, 2)
    result = run_macro_file(macro, built.path, backup=False)
    assert (f"2 rows below {table} are not in the table: extend the table to include them"
            in result.notes)

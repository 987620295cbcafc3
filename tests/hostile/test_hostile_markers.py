"""Buttons never write outside their output areas.

The template (``xlsales template``: English, French, and the English .xlsm with its
buttons) gets a marker in every cell of each sheet's used range, and a margin around it,
that is not a table cell, not a setting (an input name of ``layout.AREAS``), not a
formula, nor hidden by a merged range: the text ``MARK <sheet>!<cell>`` (a number would
read back as a date in the date-formatted cells); the output areas get markers too. They
are written with ``xlsx_patch`` (openpyxl would drop the buttons). Formula cells keep the
generator's formulas, table cells their data, settings their values.

Each button then runs on its own copy (``xlsales run MACRO``), and the copy is read back
with openpyxl: the only cells whose value or formula differs from the marked workbook are
cells of that button's output areas (``macros.MACROS``) and of the status area, which it
rewrote whole (none of their markers is left); every other marker, every formula, every
table and setting cell is as it was.
"""

from __future__ import annotations

import shutil
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from typer.testing import CliRunner

from xlsales.app.cli import app
from xlsales.buttons.macros import MACROS
from xlsales.buttons.xlsx_patch import patch_package
from xlsales.plan import layout

RUNNER = CliRunner()
MARGIN_ROWS, MARGIN_COLS = 3, 2
VARIANTS = [("en", ".xlsx"), ("fr", ".xlsx"), ("en", ".xlsm")]

Cell = tuple[str, int, int]  # sheet, row, column


def invoke(*args: str) -> None:
    result = RUNNER.invoke(app, list(args), env={"XLSALES_LANG": "en"})
    assert result.exit_code == 0, (result.output, result.exception)


def cells_of(book: Any) -> dict[Cell, Any]:
    """Every non-empty cell's value (a formula as its text)."""
    return {(sheet.title, cell.row, cell.column): cell.value for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.value is not None}


def named_cells(book: Any, names: list[str]) -> set[Cell]:
    """The cells of the workbook-level names ``names``."""
    found = set()
    for name in names:
        sheet, ref = next(iter(book.defined_names[name].destinations))
        first_col, first_row, last_col, last_row = range_boundaries(ref.replace("$", ""))
        found |= {(sheet.replace("''", "'"), r, c) for r in range(first_row, last_row + 1)
                  for c in range(first_col, last_col + 1)}
    return found


def table_cells(book: Any) -> set[Cell]:
    found = set()
    for sheet in book.worksheets:
        for table in sheet.tables.values():
            first_col, first_row, last_col, last_row = range_boundaries(table.ref)
            found |= {(sheet.title, r, c) for r in range(first_row, last_row + 1)
                      for c in range(first_col, last_col + 1)}
    return found


def hidden_by_merges(book: Any) -> set[Cell]:
    """The cells of merged ranges but their first: Excel shows none of their values (nor
    does openpyxl read them)."""
    found = set()
    for sheet in book.worksheets:
        for merged in sheet.merged_cells.ranges:
            found |= {(sheet.title, r, c) for r, c in merged.cells} - {
                (sheet.title, merged.min_row, merged.min_col)}
    return found


def marker(sheet: str, row: int, col: int) -> str:
    return f"MARK {sheet}!{get_column_letter(col)}{row}"


@pytest.fixture(scope="module", params=VARIANTS, ids=lambda v: f"{v[0]}{v[1]}")
def marked(request, tmp_path_factory):
    """The template of a variant with its markers: its path, the markers by cell, and
    every cell's value as read back."""
    lang, suffix = request.param
    folder = tmp_path_factory.mktemp(f"marked-{lang}{suffix[1:]}")
    path = folder / f"template{suffix}"
    invoke("template", "-o", str(path), "--lang", lang, "--quiet",
           *(["--xlsm"] if suffix == ".xlsm" else []))
    book = openpyxl.load_workbook(path)
    kept = (table_cells(book) | hidden_by_merges(book)
            | named_cells(book, [a.name for a in layout.AREAS if a.kind != "output"])
            | {(s.title, c.row, c.column) for s in book.worksheets for row in s.iter_rows()
               for c in row if c.data_type == "f"})
    markers: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in book.worksheets:
        for row in range(1, sheet.max_row + MARGIN_ROWS + 1):
            for col in range(1, sheet.max_column + MARGIN_COLS + 1):
                if (sheet.title, row, col) not in kept:
                    markers.setdefault(sheet.title, {})[row, col] = marker(sheet.title, row, col)
    path.write_bytes(patch_package(path.read_bytes(), markers)[0])
    return (path, {(s, r, c): v for s, cells in markers.items() for (r, c), v in cells.items()},
            cells_of(openpyxl.load_workbook(path)))


def test_the_markers_are_in_place(marked):
    _, markers, found = marked
    assert len(markers) > 10_000
    assert [(cell, found.get(cell)) for cell, value in markers.items()
            if found.get(cell) != value] == []


@pytest.mark.parametrize("macro", sorted(MACROS))
def test_a_button_writes_only_its_own_areas(marked, macro, tmp_path):
    path, markers, before = marked
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    invoke("run", macro, str(copy), "--no-backup", "--quiet")
    after_book = openpyxl.load_workbook(copy)
    after = cells_of(after_book)
    allowed = named_cells(after_book, [*MACROS[macro].areas, "xls_status"])
    changed = {cell for cell in before.keys() | after.keys()
               if before.get(cell) != after.get(cell)}
    assert changed - allowed == set()
    # it wrote its areas whole: no marker is left in them, every other marker is there
    assert all((after.get(cell) == value) == (cell not in allowed)
               for cell, value in markers.items())

"""Reading a generated workbook back in tests: tables by header, named cells, errors.

The template tests read what a spreadsheet engine computed (a LibreOffice-recalculated
copy, opened with openpyxl ``data_only=True``) through the same contract the macros use:
Excel table names and workbook-level defined names, never hard-coded addresses.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

ERRORS = ("#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#REF!", "#NUM!", "#NULL!", "Err:")


def table(book: openpyxl.Workbook, name: str) -> list[dict[str, Any]]:
    """The data rows of Excel table ``name``, each as {header: value}."""
    for sheet in book.worksheets:
        if name in sheet.tables:
            min_col, min_row, max_col, max_row = range_boundaries(sheet.tables[name].ref)
            rows = list(sheet.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                        max_col=max_col, values_only=True))
            headers = rows[0]
            return [dict(zip(headers, row, strict=True)) for row in rows[1:]]
    raise KeyError(name)


def named(book: openpyxl.Workbook, name: str) -> Any:
    """The value of a one-cell defined name, or the rows of a block."""
    destinations = list(book.defined_names[name].destinations)
    assert len(destinations) == 1, name
    sheet, ref = destinations[0]
    cells = book[sheet.replace("''", "'")][ref.replace("$", "")]
    if not isinstance(cells, tuple):
        return cells.value
    return [[cell.value for cell in row] for row in cells]


def blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def same(expected: Any, found: Any, rel: float = 1e-9) -> bool:
    """Equal as a user reads it: blanks alike, numbers to ``rel`` (absolute 1e-9 near 0),
    dates by day, texts exactly."""
    if blank(expected) or blank(found):
        return blank(expected) and blank(found)
    if isinstance(expected, dt.date) or isinstance(found, dt.date):
        return _day(expected) == _day(found)
    if isinstance(expected, bool) or isinstance(found, bool):
        return expected == found
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return math.isclose(float(expected), float(found), rel_tol=rel, abs_tol=1e-9)
    return expected == found


def _day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def error_cells(book: openpyxl.Workbook) -> list[str]:
    """Every cell holding an error value (Excel's #... or LibreOffice's Err:...)."""
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(ERRORS):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
    return found


def formula_mismatches(original: str, recalculated: str) -> tuple[int, list[str]]:
    """Compare every formula cell's cached value (the Python core's result, written by
    the generator) with the value LibreOffice computed; return (formulas, mismatches)."""
    formulas = openpyxl.load_workbook(original)
    cached = openpyxl.load_workbook(original, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    count, bad = 0, []
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                count += 1
                want = cached[sheet.title][cell.coordinate].value
                got = fresh[sheet.title][cell.coordinate].value
                if not same(want, got):
                    bad.append(f"{sheet.title}!{cell.coordinate}: Python {want!r}, "
                               f"LibreOffice {got!r} ({str(cell.value)[:80]})")
    return count, bad

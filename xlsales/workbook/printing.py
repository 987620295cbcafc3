"""The page set-up of every sheet: its print area covers every cell it holds, one page wide.

Each sheet module used to set its own print area from the rows it expected, and the
expectations fell short: the Plan's last actions, the Portfolio's lists of clients to win
back, the Qualification's overdue list were not printed. The sheets are therefore
measured after they are written: the print area runs from A1 to the last row and column
that hold something (a value or a formula; the blank cells of a Python block's area do
not count, so a short list does not print pages of empty blue cells), and never shrinks
what a sheet asked for (a chart beyond its cells). A button that writes rows further down
widens it again (``buttons``). Hidden helper columns inside the area do not print. Each
sheet fits the page's width; long tables run on as many pages as they need.
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol

__all__ = ["print_whole"]


def _asked(sheet: Any) -> tuple[int, int]:
    """The last row and column of the print area the sheet set, (-1, -1) if none."""
    area = getattr(sheet, "print_area_range", None)
    found = re.search(r"\$?([A-Z]+)\$?(\d+)$", area or "")
    if not found:
        return -1, -1
    return xl_cell_to_rowcol(found.group(1) + found.group(2))


def _held(sheet: Any) -> tuple[int, int]:
    """The last row and column of a cell holding a value or a formula (XlsxWriter keeps
    each written cell as a named tuple; "Blank" is a format alone)."""
    last_row = last_col = 0
    for row, cells in sheet.table.items():
        for col, cell in cells.items():
            if type(cell).__name__ != "Blank":
                last_row, last_col = max(last_row, row), max(last_col, col)
    return last_row, last_col


def print_whole(sheet: Any) -> None:
    """Print ``sheet`` from A1 to its last cell, fitted to one page wide."""
    asked, held = _asked(sheet), _held(sheet)
    sheet.print_area(0, 0, max(asked[0], held[0]), max(asked[1], held[1]))
    sheet.fit_to_pages(1, 0)

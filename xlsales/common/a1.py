"""A1 references, the one place that turns row and column numbers into "F14" and back.

The workbook writer (XlsxWriter counts from 0), the buttons' file and XML patching
(openpyxl and the OOXML ``r`` attributes count from 1) and the error messages ("cell
F14") all name cells; three helpers once did it, each its own way. Here rows and columns
count from 1, as Excel shows them: a caller counting from 0 adds 1 where it calls.

Rules: columns run A..XFD (1..16,384), rows 1..1,048,576 (Excel's limits; a reference
beyond them is not one Excel can hold). ``$`` marks are accepted when reading and written
only when asked (``absolute``).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["MAX_COLUMN", "MAX_ROW", "cell_ref", "column_letters", "column_number",
           "parse_cell", "parse_range", "range_ref"]

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=4096)
def column_letters(column: int) -> str:
    """ "A" for column 1, "Z" for 26, "AA" for 27, "XFD" for 16,384."""
    if not 1 <= column <= MAX_COLUMN:
        raise ValueError(f"column {column} is outside 1..{MAX_COLUMN}")
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """1 for "A", 27 for "AA" (either case)."""
    number = 0
    for letter in letters.upper():
        if not "A" <= letter <= "Z":
            raise ValueError(f"{letters!r} is not a column")
        number = number * 26 + ord(letter) - 64
    return number


def cell_ref(row: int, column: int, *, absolute: bool = False) -> str:
    """ "F14" for row 14, column 6 ("$F$14" when ``absolute``)."""
    if not 1 <= row <= MAX_ROW:
        raise ValueError(f"row {row} is outside 1..{MAX_ROW}")
    mark = "$" if absolute else ""
    return f"{mark}{column_letters(column)}{mark}{row}"


def range_ref(row: int, column: int, rows: int = 1, cols: int = 1, *,
              absolute: bool = False) -> str:
    """The block of ``rows`` × ``cols`` cells from (``row``, ``column``): "B2:D5", or the
    single cell "B2"."""
    first = cell_ref(row, column, absolute=absolute)
    if rows == 1 and cols == 1:
        return first
    return f"{first}:{cell_ref(row + rows - 1, column + cols - 1, absolute=absolute)}"


def parse_cell(ref: str) -> tuple[int, int]:
    """(row, column) of "F14" or "$F$14"; ValueError for anything else."""
    match = _CELL.match(ref.strip())
    if match is None:
        raise ValueError(f"{ref!r} is not a cell reference")
    return int(match.group(2)), column_number(match.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of "B2:D5" or of one cell."""
    first, _, last = ref.partition(":")
    top, left = parse_cell(first)
    bottom, right = parse_cell(last) if last else (top, left)
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)

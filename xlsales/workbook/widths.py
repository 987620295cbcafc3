"""Column widths that let a header wrap at its spaces, never inside a word.

A wrapped header in a narrow column breaks its longest word where the column ends
("Accessibi-lity", "Compe-tition"): Excel cuts words it cannot fit. After the sheets are
written, each column holding a wrapped bold header (a table's header row, a section's
column titles) is widened, when needed, to its header's longest word, bold letters taking
a little more room. Columns only ever widen; a merged header, which spans several columns,
is left to the sheet.
"""

from __future__ import annotations

import math
from typing import Any

from xlsales.workbook import xlsxwriter_hooks as hooks

__all__ = ["fit_header_words"]

_BOLD = 1.1  # a bold letter against the column unit (a digit of the default font)
_PAD = 1.5  # the cell's margins, in the same unit


def _chars(pixels: int) -> float:
    """XlsxWriter's column width in pixels, as the character width it was set with."""
    return (pixels - 5) / 7 if pixels > 12 else pixels / 12


def fit_header_words(sheet: Any, strings: dict[int, str]) -> None:
    """Widen the columns of ``sheet`` whose wrapped bold header has a longer word than
    the column holds; ``strings`` maps XlsxWriter's shared-string indexes to their text."""
    merged = {(r, c) for r1, c1, r2, c2 in getattr(sheet, "merge", [])
              for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    need: dict[int, float] = {}
    for row, cells in sheet.table.items():
        for col, cell in cells.items():
            fmt = getattr(cell, "format", None)
            if type(cell).__name__ != "String" or fmt is None or (row, col) in merged:
                continue
            if not (fmt.text_wrap and fmt.bold):
                continue
            words = strings.get(cell.string, "").split()
            if words:
                longest = max(len(w) for w in words)
                need[col] = max(need.get(col, 0), longest * _BOLD + _PAD)
    for col, width in need.items():
        info = hooks.column_info(sheet, col)
        current = _chars(info.width) if info is not None else 8.43
        if current + 1e-9 < width:
            options = {"hidden": bool(info.hidden)} if info is not None else {}
            sheet.set_column(col, col, math.ceil(width),
                             info.column_format if info is not None else None, options)

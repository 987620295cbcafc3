"""An open xlwings ``OpenBook`` as a ``OpenBook``: desktop Excel through ``RunPython``, and
xlwings Lite, whose ``@script`` functions receive the book.

Only the part of xlwings' API that both engines implement is used (xlwings 0.37: the
classic COM engine and the remote engine behind Lite):

- ``book.sheets`` and ``sheet.tables``, iterated; ``sheet.name``, ``table.name``;
- ``table.header_row_range`` and ``table.data_body_range``;
- ``book.names``, iterated; ``name.name`` and ``name.refers_to_range``;
- ``range.sheet``, ``range.row``, ``range.column``;
- ``sheet.range((row, col), (last_row, last_col))``;
- ``range.options(ndim=2, err_to_str=True).value`` to read (``excel.cells.READ_OPTIONS``:
  an error cell comes as its text or its COM code, as the cell formulas read it, and
  ``book_inputs`` reports it at its cell as a file run does, never as a blank), and
  ``range.value = rows`` to write;
- ``book.app.alert(prompt, title)`` (VBA's MsgBox), best effort, so a button's user who
  is not looking at the Guide sheet still sees why nothing changed.

Writes reach the workbook at once, so a run that fails half-way puts back the values the
areas held before (read just before writing) and shows its message in the status area.
The book is not saved: the user decides, as after any change made in Excel.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from xlsales.buttons.book import Anchor, OpenBook, RawTable, area_grid
from xlsales.common.a1 import cell_ref, column_number
from xlsales.common.errors import XlsalesError
from xlsales.excel.cells import READ_OPTIONS
from xlsales.plan.layout import AREA_BY_NAME

__all__ = ["LiveBook"]

# Text Excel would not keep as typed: a formula (or what spreadsheet injection guides
# flag), or a leading apostrophe, which Excel takes as the "this is text" prefix. An
# apostrophe in front makes Excel store the text as it is and show it without the prefix.
_REREAD_START = ("=", "+", "-", "@", "\t", "\r", "'")


class LiveBook(OpenBook):
    """``xl_book``, an ``xlwings.Book`` (or any object with the API listed above)."""

    def __init__(self, xl_book: Any) -> None:
        self.xl = xl_book
        self.error_shown = False

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.xl.sheets]

    def _raw_table(self, name: str) -> RawTable | None:
        for sheet in self.xl.sheets:
            for table in sheet.tables:
                if table.name.casefold() != name.casefold():
                    continue
                header = table.header_row_range
                if header is None:
                    raise XlsalesError(name, "no_header")
                body = table.data_body_range
                rows = _values(body) if body is not None else []
                headers = _values(header)[0]
                return RawTable(sheet.name, header.row, header.column, headers, rows,
                                _rows_below(sheet, header.row + len(rows) + 1, header.column,
                                            len(headers)))
        return None

    def _cell_anchor(self, sheet: str, row: int, column: int) -> Anchor:
        return Anchor(sheet, row, column,
                      handle=next(s for s in self.xl.sheets if s.name == sheet))

    def _anchor(self, name: str) -> Anchor | None:
        for defined in self.xl.names:
            # sheet-level names read "Sheet!name", so only workbook-level ones match
            if defined.name.casefold() != name.casefold():
                continue
            try:
                cells = defined.refers_to_range
            except Exception:  # a constant, a formula or a #REF! name: no cells
                return None
            return Anchor(cells.sheet.name, cells.row, cells.column, handle=cells.sheet)
        return None

    def _read_cells(self, anchor: Anchor, rows: int, cols: int) -> list[list[Any]]:
        return _values(_block(anchor, rows, cols))

    def _write_grids(self, grids: dict[str, tuple[Anchor, list[list[Any]]]]) -> None:
        targets = [(_block(anchor, len(grid), len(grid[0])), grid)
                   for anchor, grid in grids.values()]
        before = [target.options(ndim=2).value for target, _ in targets]  # as Excel takes it back
        written = 0
        try:
            for target, grid in targets:
                written += 1
                target.value = _as_text_safe(grid)
        except BaseException:
            for (target, _), values in list(zip(targets, before, strict=True))[:written]:
                with contextlib.suppress(Exception):
                    target.value = _as_text_safe(values)
            raise
        _widen_print_areas(grids)

    def save(self) -> tuple[Path | None, Path | None]:
        return None, None

    def report_error(self, rows: list[list[Any]]) -> bool:
        try:
            anchor = self._found_anchor("xls_status")
            self._write_grids({"xls_status": (anchor,
                                              area_grid(AREA_BY_NAME["xls_status"], rows))})
        except Exception:
            return False
        self.error_shown = True
        with contextlib.suppress(Exception):  # an engine without message boxes: status only
            self.xl.app.alert(str(rows[0][-1]), title="xlsales")
        return True


def _rows_below(sheet: Any, first: int, column: int, width: int, step: int = 20) -> int:
    """How many rows from ``first`` hold values in the table's columns, up to the first
    empty one (read ``step`` rows at a time)."""
    count = 0
    while True:
        block = _values(sheet.range((first + count, column),
                                    (first + count + step - 1, column + width - 1)))
        for row in block:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                return count
            count += 1
        if count > 100_000:  # a sheet full of values below: the count is enough
            return count


def _widen_print_areas(grids: dict[str, tuple[Anchor, list[list[Any]]]]) -> None:
    """Widen each written sheet's print area to its last written cell holding a value,
    as the file route does (``xlsx_patch``); xlwings Lite, which has no page set-up,
    keeps the workbook's own."""
    last: dict[int, tuple[Any, int, int]] = {}
    for anchor, grid in grids.values():
        rows = [anchor.row + r for r, row in enumerate(grid)
                if any(v is not None and v != "" for v in row)]
        cols = [anchor.column + c for row in grid for c, v in enumerate(row)
                if v is not None and v != ""]
        if rows:
            _, row, col = last.get(id(anchor.handle), (anchor.handle, 0, 0))
            last[id(anchor.handle)] = (anchor.handle, max(row, max(rows)), max(col, max(cols)))
    for sheet, row, col in last.values():
        setup = getattr(sheet, "page_setup", None)
        current = getattr(setup, "print_area", None) if setup is not None else None
        if not isinstance(current, str) or ":" not in current:
            continue
        found = re.search(r"\$?([A-Z]{1,3})\$?(\d+)$", current)
        if found is None:
            continue
        new_col = max(column_number(found.group(1)), col)
        new_row = max(int(found.group(2)), row)
        with contextlib.suppress(AttributeError, NotImplementedError):
            setup.print_area = f"{current[:current.rindex(':') + 1]}" \
                               f"{cell_ref(new_row, new_col, absolute=True)}"


def _block(anchor: Anchor, rows: int, cols: int) -> Any:
    return anchor.handle.range((anchor.row, anchor.column),
                               (anchor.row + rows - 1, anchor.column + cols - 1))


def _values(cells: Any) -> list[list[Any]]:
    return cells.options(**READ_OPTIONS).value


def _as_text_safe(grid: list[list[Any]]) -> list[list[Any]]:
    return [["'" + v if isinstance(v, str) and v.startswith(_REREAD_START) else v
             for v in row] for row in grid]

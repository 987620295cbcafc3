"""The few workbook operations the buttons need, the same over a file and a live Excel.

A macro reads Excel tables (by table name) and named input cells, and writes blocks of
rows into named output areas; nothing else. Two implementations supply the cell access:
``book_file.FileBook`` (a workbook on disk, headless: ``xlsales run`` and the tests) and
``book_live.LiveBook`` (an xlwings ``Book``: desktop Excel through ``RunPython``, or
xlwings Lite's ``@script``). What they share lives here, once: matching headers in either
language, keeping each row's place in the workbook so a message can point at the bad
cell, fitting a block into its area and clearing the rest of it, and telling the
workbook's language from its sheet names.

A run is a transaction: everything is computed first, then ``write_areas`` gets every
block at once and ``save`` makes them permanent. Output areas come from ``layout.AREAS``;
a write never reaches beyond its area's ``rows`` × ``cols``.
"""

from __future__ import annotations

import datetime as dt
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.a1 import cell_ref
from xlsales.common.errors import XlsalesError
from xlsales.common.file_errors import FILE_PROBLEMS, WorkbookFileError
from xlsales.common.values import is_blank
from xlsales.plan import layout

__all__ = [
    "FILE_PROBLEMS",
    "Anchor",
    "NamedCells",
    "OpenBook",
    "RawTable",
    "TableFrame",
    "WorkbookFileError",
    "area_grid",
    "book_lang",
    "cell_ref",
    "cell_value",
]

Rows = list[list[Any]]

# --- places in a workbook -------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """The top-left cell of a defined name; ``handle`` is the implementation's own object
    for it (an xlwings Range for a live book)."""

    sheet: str
    row: int
    column: int
    handle: Any = None


@dataclass(frozen=True)
class RawTable:
    """An Excel table's cells as the workbook holds them: header texts and data rows."""

    sheet: str
    header_row: int
    first_column: int
    headers: list[Any]
    rows: list[list[Any]]
    below: int = 0  # rows holding values just under the table, outside it


@dataclass(frozen=True)
class TableFrame:
    """An Excel table read as ``layout`` keys.

    ``frame`` has one column per input key of the table (all blank where the workbook
    lacks an optional column, listed in ``missing``) and one row per non-empty row of the
    table, with a plain 0..n-1 index; ``table_rows[i]`` and ``sheet_rows[i]`` are frame
    row i's row in the table (1 = first data row) and on its sheet.
    """

    table: layout.Table
    sheet: str
    frame: pd.DataFrame
    table_rows: tuple[int, ...]
    sheet_rows: tuple[int, ...]
    headers: dict[str, str]
    sheet_columns: dict[str, int]
    missing: tuple[str, ...]
    below: int = 0
    # the sheet column of each output column the workbook has (values a button rewrites)
    output_columns: dict[str, int] = field(default_factory=dict)

    def locate(self, error: XlsalesError, position: int, key: str) -> XlsalesError:
        """``error``, about frame row ``position`` (1-based) of column ``key``, placed at
        its cell: "tblClients, row 12 (sheet Clients, cell F14), column 'CA N': ..."."""
        i = position - 1
        return error.at_row(self.table_rows[i], self.table.name, self.headers[key],
                            cell=(self.sheet, cell_ref(self.sheet_rows[i],
                                                       self.sheet_columns[key])))


@dataclass(frozen=True)
class NamedCells:
    """The cells of an input name, read row by row over its area's ``rows`` × ``cols``."""

    area: layout.Area
    sheet: str
    refs: tuple[str, ...]
    values: tuple[Any, ...]

    def locate(self, error: XlsalesError, label: str, i: int | None = 0) -> XlsalesError:
        """``error`` about value ``i`` (None: the whole setting) placed at its cell, under
        the setting's label."""
        if i is None:
            refs = self.refs[0] if len(self.refs) == 1 else f"{self.refs[0]}:{self.refs[-1]}"
            return error.at_row(None, label, cell=(self.sheet, refs))
        row = i + 1 if len(self.values) > 1 else None
        return error.at_row(row, label, cell=(self.sheet, self.refs[i]))


# --- values ----------------------------------------------------------------------------


def cell_value(value: Any) -> Any:
    """A value as a cell holds it: None, bool, int, float, str or datetime.

    NaN and NaT become empty cells, numpy and pandas scalars Python's, dates datetimes.
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a cell cannot hold a {type(value).__name__}: {value!r}")


def book_lang(sheet_names: Sequence[str]) -> str:
    """"fr" when more sheets carry their French name than their English one, else "en".

    Sheets named alike in both languages (Guide, Clients, ABC...) say nothing; a user who
    renames one sheet does not flip the language.
    """
    names = {str(n).strip().casefold() for n in sheet_names}
    votes = {"en": 0, "fr": 0}
    for words in layout.SHEETS.values():
        if words["en"].casefold() == words["fr"].casefold():
            continue
        for lang in votes:
            votes[lang] += words[lang].casefold() in names
    return "fr" if votes["fr"] > votes["en"] else "en"


# --- the interface ---------------------------------------------------------------------


class OpenBook(ABC):
    """A workbook as the macros see it: one that exists, opened to be read and patched
    (a file, or a live Excel book). Subclasses give cell access; this class gives the
    operations (``read_table``, ``read_input``, ``write_areas``, ``lang``). Not
    ``workbook.book.Book``, the new workbook XlsxWriter is writing."""

    _lang: str | None = None

    @property
    @abstractmethod
    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""

    @abstractmethod
    def _raw_table(self, name: str) -> RawTable | None:
        """The table called ``name`` (Excel table names ignore case), None if absent."""

    @abstractmethod
    def _anchor(self, name: str) -> Anchor | None:
        """The top-left cell of the workbook-level name ``name``, None if there is no such
        name or it does not refer to cells."""

    @abstractmethod
    def _read_cells(self, anchor: Anchor, rows: int, cols: int) -> Rows:
        """``rows`` × ``cols`` values from ``anchor``."""

    @abstractmethod
    def _write_grids(self, grids: dict[str, tuple[Anchor, Rows]]) -> None:
        """Write each full grid (area name → anchor and rows × cols values) at its anchor:
        all of them or, on failure, none."""

    @abstractmethod
    def save(self) -> tuple[Path | None, Path | None]:
        """Make the writes permanent; the file written and its backup, when there are."""

    def uncomputed(self) -> dict[str, set[tuple[int, int]]]:
        """Sheet → (row, column) of the formula cells holding no saved result (a file a
        script wrote): read, they would look blank. A live Excel computes them all."""
        return {}

    def report_error(self, rows: Rows) -> bool:
        """Show a failed run's status rows in the workbook, where the workbook is the
        user's screen; True if shown. A file is left untouched instead."""
        return False

    @property
    def lang(self) -> str:
        """The workbook's language, from its sheet names."""
        if self._lang is None:
            self._lang = book_lang(self.sheet_names)
        return self._lang

    def read_table(self, table: layout.Table) -> TableFrame:
        """The Excel table ``table.name`` as a ``TableFrame`` of layout input keys.

        Headers match in English or French; a user's extra columns are ignored; a missing
        required column is an error naming the table, a missing optional one reads blank.
        Rows whose input cells are all blank are not data and are left out.
        """
        raw = self._raw_table(table.name)
        if raw is None:
            raise XlsalesError(table.name, "no_table")
        found = {key: position for position, key in table.match_headers(raw.headers).items()}
        absent = [k for k in table.required if k not in found]
        if absent:
            raise XlsalesError(
                table.name, "missing_column",
                value=", ".join(table.column(k).header(self.lang) for k in absent),
                found=", ".join(str(h) for h in raw.headers if not is_blank(h)) or "-")
        inputs = table.keys("input")
        kept = [(i, row) for i, row in enumerate(raw.rows)
                if any(not is_blank(_at(row, found[k])) for k in inputs if k in found)]
        frame = pd.DataFrame(
            {key: pd.Series([_at(row, found[key]) if key in found else None
                             for _, row in kept], dtype=object) for key in inputs})
        return TableFrame(
            table=table, sheet=raw.sheet, frame=frame,
            table_rows=tuple(i + 1 for i, _ in kept),
            sheet_rows=tuple(raw.header_row + 1 + i for i, _ in kept),
            headers={key: (str(raw.headers[found[key]]) if key in found
                           else table.column(key).header(self.lang)) for key in inputs},
            sheet_columns={key: raw.first_column + found.get(key, 0) for key in inputs},
            missing=tuple(k for k in inputs if k not in found), below=raw.below,
            output_columns={key: raw.first_column + found[key]
                            for key in table.keys("output") if key in found})

    def read_input(self, name: str) -> NamedCells:
        """The cells of the input name ``name`` (its area's rows × cols, row by row)."""
        area = _area(name)
        anchor = self._found_anchor(name)
        grid = self._read_cells(anchor, area.rows, area.cols)
        refs = tuple(cell_ref(anchor.row + r, anchor.column + c)
                     for r in range(area.rows) for c in range(area.cols))
        values = tuple(_at(grid[r] if r < len(grid) else [], c)
                       for r in range(area.rows) for c in range(area.cols))
        return NamedCells(area, anchor.sheet, refs, values)

    def write_areas(self, blocks: dict[str, Rows],
                    cells: dict[tuple[str, int, int], Any] | None = None) -> None:
        """Write each block of rows into its output area and clear the rest of the area;
        and ``cells`` ((sheet, row, column) → value: a table's text numbers rewritten as
        numbers), in the same transaction."""
        grids = {f"{sheet}!{cell_ref(row, col)}": (self._cell_anchor(sheet, row, col),
                                                    [[cell_value(value)]])
                 for (sheet, row, col), value in (cells or {}).items()}
        for name, rows in blocks.items():
            area = _area(name)
            if area.kind != "output":
                raise ValueError(f"{name} is not an output area")
            grids[name] = (self._found_anchor(name), area_grid(area, rows))
        self._write_grids(grids)

    def _cell_anchor(self, sheet: str, row: int, column: int) -> Anchor:
        """A cell of a sheet as an anchor to write at."""
        return Anchor(sheet, row, column)

    def _found_anchor(self, name: str) -> Anchor:
        anchor = self._anchor(name)
        if anchor is None:
            raise XlsalesError(name, "no_name")
        return anchor


def area_grid(area: layout.Area, rows: Rows) -> Rows:
    """``rows`` padded with empty cells to the area's full rows × cols, so writing the
    grid clears whatever an earlier, longer block left."""
    if len(rows) > area.rows or any(len(row) > area.cols for row in rows):
        raise ValueError(f"a block of {len(rows)} rows does not fit {area.name} "
                         f"({area.rows} × {area.cols})")
    grid = [[cell_value(v) for v in row] + [None] * (area.cols - len(row)) for row in rows]
    return grid + [[None] * area.cols for _ in range(area.rows - len(rows))]


def _area(name: str) -> layout.Area:
    try:
        return layout.AREA_BY_NAME[name]
    except KeyError:
        raise ValueError(f"{name} is not an area of layout.AREAS") from None


def _at(row: Sequence[Any], i: int) -> Any:
    return row[i] if i < len(row) else None

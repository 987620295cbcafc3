"""A table's rows written straight into the sheet's XML, column by column.

XlsxWriter keeps one Python object per cell and writes each through a dozen calls: the
Clients table of a million-line ledger (45,000 clients × 25 columns) took most of the
23 s the writer spent, and the rewrite of its calculated columns as shared formulas
afterwards (a regular expression over the sheet's XML, then zipping it all again) 6 s.
``TableRows`` reads each column once, with one writer chosen for the column (numbers,
text, the calculated column's cached values), and makes each row's XML when XlsxWriter
reaches that row at close. The file holds exactly what XlsxWriter writes cell by cell:

- a user's value by its type (``cell_value``, which ``Book.value`` uses too): text is
  always a shared string, whatever it starts with ("=1+1", "-Dupont", "007");
- text gets its shared-string number when the column is added, in the order XlsxWriter
  numbers it; a format gets its style number when XlsxWriter reaches its first cell
  (styles are numbered in the order the file first uses them);
- a calculated column is one shared formula (ECMA-376 Part 1, 18.3.1.40): its first cell
  holds the text and the range, the others ``<f t="shared" si="n"/>``, so LibreOffice
  parses it once (each full formula cost about a millisecond: 10 s for 10,000 clients).
  Excel accepts it: a shared formula's text is the master's with its relative references
  shifted, and ours has none (only this-row structured references and workbook names,
  none of the tokens [MS-XLS] 2.5.198.118 forbids in a shared formula: 3-D references,
  array constants, unions). Each cell carries the Python result as its cached value, an
  empty result typed as text (``t="str"``, as Excel writes it) so that readers which do
  not recalculate show a blank.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from xlsales.common.a1 import column_letters
from xlsales.common.dates import to_serial
from xlsales.workbook import xlsxwriter_hooks as hooks
from xlsales.workbook.xlsxwriter_hooks import RowWriter

__all__ = ["BLANK", "BOOL", "DATE", "NUMBER", "TEXT", "TableRows", "cached", "cell_value"]

# What a cell holds. NONE: no cell at all (a blank without a format, as XlsxWriter skips it)
NONE, BLANK, BOOL, DATE, NUMBER, TEXT, FORMULA = range(7)
# cached values Excel reads as errors (as XlsxWriter types them)
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
# rows made at a time: a chunk's XML is held until XlsxWriter has written it
_CHUNK = 2048


def cell_value(value: Any) -> tuple[int, Any]:
    """How one of the user's values is written: (kind, payload). No value (None, NaN,
    NaT, NA, an infinite number) is a blank; a bool a boolean; a date a date; a number a
    float; anything else text, whatever it starts with."""
    if _is_missing(value):
        return BLANK, None
    if isinstance(value, bool | np.bool_):
        return BOOL, bool(value)
    if isinstance(value, dt.date):
        return DATE, value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return (NUMBER, number) if math.isfinite(number) else (BLANK, None)
    return TEXT, str(value)


def cached(value: Any) -> Any:
    """A Python result as a formula's cached value: "" for no value, dates as serials."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, dt.date):
        return to_serial(value)
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return number if math.isfinite(number) else ""
    return str(value)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


@dataclass(eq=False)
class _Column:
    col: int
    kinds: np.ndarray  # one kind per row (int8)
    payloads: list[Any]  # number, SST index, 0/1, or a formula's cached value
    fmt: Any
    date_fmt: Any = None
    formula: str | None = None
    si: int = 0

    def format_of(self, kind: int) -> Any:
        return self.fmt or (self.date_fmt if kind == DATE else None)


class TableRows(RowWriter):
    """The data rows of a table: ``count`` rows from ``first_row`` (0-based), its columns
    added left to right, then handed to the worksheet
    (``xlsxwriter_hooks.TableWorksheet.add_rows``), which asks ``row_xml`` for each row's
    cells as it writes the sheet."""

    def __init__(self, sheet: Any, first_row: int, count: int) -> None:
        self.sheet = sheet
        self.first_row = first_row
        self.count = count
        self.columns: list[_Column] = []
        self._firsts: dict[int, list[Any]] = {}  # row -> formats first used in it
        self._bounds: list[int] = []
        self._start = self._stop = 0
        self._xml: list[str] = []

    # --- columns -------------------------------------------------------------------

    def values(self, col: int, values: pd.Series | Sequence[Any], fmt: Any,
               date_fmt: Any) -> None:
        """An input column: each value by its type (``cell_value``); dates take
        ``date_fmt`` when the column has no format."""
        values = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
        values = values.iloc[: self.count]
        gap = BLANK if fmt else NONE
        if isinstance(values.dtype, np.dtype) and values.dtype.kind in "fiu":
            numbers = values.to_numpy(dtype=float)
            finite = np.isfinite(numbers)
            kinds = np.where(finite, NUMBER, gap).astype(np.int8)
            payloads = numbers.tolist()
        elif isinstance(values.dtype, np.dtype) and values.dtype.kind == "b":
            kinds = np.full(len(values), BOOL, dtype=np.int8)
            payloads = values.to_numpy().astype(int).tolist()
        else:
            kinds = np.empty(len(values), dtype=np.int8)
            payloads = []
            shared_string = hooks.shared_string_indexer(self.sheet)
            short = hooks.string_limit(self.sheet) // 2  # longer text may need XlsxWriter's cut
            for i, value in enumerate(values.tolist()):
                if value.__class__ is str and len(value) <= short:  # most cells: at once
                    kinds[i] = TEXT
                    payloads.append(shared_string(value))
                    continue
                kind, payload = cell_value(value)
                if kind == BLANK:
                    kind = gap
                elif kind == DATE:
                    payload = hooks.date_serial(self.sheet, payload)
                elif kind == TEXT:
                    payload = self._shared_string(payload, self.first_row + i, col)
                elif kind == BOOL:
                    payload = int(payload)
                kinds[i] = kind
                payloads.append(payload)
        kinds, payloads = self._pad(kinds, payloads, gap)
        self.columns.append(_Column(col, kinds, payloads, fmt, date_fmt))

    def formula(self, col: int, formula: str, values: Sequence[Any] | None, fmt: Any) -> None:
        """A calculated column: ``formula`` (without "=") in every row, stored once as a
        shared formula, each row with its cached value (``cached`` of ``values``)."""
        prepared = hooks.prepared_formula(self.sheet, "=" + formula)
        if prepared != formula:
            raise ValueError(f"XlsxWriter would rewrite the calculated column {formula}")
        values = [] if values is None else list(values)[: self.count]
        # text and finite floats are their own cached value: most cells, at once
        payloads = [v if v.__class__ is str or (v.__class__ is float and math.isfinite(v))
                    else cached(v) for v in values]
        kinds, payloads = self._pad(np.full(len(payloads), FORMULA, dtype=np.int8),
                                    payloads, FORMULA, "")
        self.columns.append(_Column(col, kinds, payloads, fmt, formula=formula,
                                    si=self.sheet.next_shared_formula()))

    def _pad(self, kinds: np.ndarray, payloads: list[Any], kind: int,
             payload: Any = None) -> tuple[np.ndarray, list[Any]]:
        missing = self.count - len(payloads)
        if missing <= 0:
            return kinds, payloads
        return (np.concatenate([kinds, np.full(missing, kind, dtype=np.int8)]),
                payloads + [payload] * missing)

    def _shared_string(self, text: str, row: int, col: int) -> int:
        """Text's number in the shared strings, as XlsxWriter's ``write_string`` gives
        it (a text too long for a cell cut to the limit)."""
        return hooks.written_string_index(self.sheet, row, col, text)

    # --- what the worksheet asks ---------------------------------------------------

    def placed(self) -> list[tuple[int, int, int]]:
        """Per row with cells: (row, first column, last column) holding one, and notes
        where each format is first used."""
        kinds = np.stack([c.kinds for c in self.columns], axis=1)
        present = kinds != NONE
        rows = np.flatnonzero(present.any(axis=1))
        first = present[rows].argmax(axis=1)
        last = present.shape[1] - 1 - present[rows][:, ::-1].argmax(axis=1)
        cols = [c.col for c in self.columns]
        for j, column in enumerate(self.columns):
            uses = ({column.fmt: present[:, j]} if column.fmt is not None else
                    {column.date_fmt: kinds[:, j] == DATE} if column.date_fmt is not None else {})
            for fmt, used in uses.items():
                if used.any():
                    self._firsts.setdefault(int(used.argmax()), []).append(fmt)
        return [(self.first_row + int(r), cols[int(f)], cols[int(lst)])
                for r, f, lst in zip(rows, first, last, strict=True)]

    def cell(self, row: int, col: int) -> Any:
        """The cell at (row, col) as XlsxWriter would hold it (None: no cell), for the
        chart caches XlsxWriter reads from its cells."""
        column = next(c for c in self.columns if c.col == col)
        i = row - self.first_row
        kind, payload = int(column.kinds[i]), column.payloads[i]
        fmt = column.format_of(kind)
        if kind == FORMULA:
            return hooks.CellFormulaTuple(column.formula, fmt, payload)
        if kind == BLANK:
            return hooks.CellBlankTuple(fmt)
        if kind == BOOL:
            return hooks.CellBooleanTuple(payload, fmt)
        if kind == DATE:
            return hooks.CellDatetimeTuple(payload, fmt)
        if kind == NUMBER:
            return hooks.CellNumberTuple(payload, fmt)
        return hooks.CellStringTuple(payload, fmt) if kind == TEXT else None

    def row_xml(self, row: int) -> str:
        """The XML of the row's cells in this table."""
        i = row - self.first_row
        if not self._start <= i < self._stop:
            self._make(i)
        return self._xml[i - self._start]

    def _make(self, start: int) -> None:
        """Make the XML of the rows from ``start``, up to the next row where a format is
        first used (it is numbered when XlsxWriter reaches it, not before)."""
        if not self._bounds:
            row_formats = [r - self.first_row for r in hooks.row_formats(self.sheet)
                           if 0 <= r - self.first_row < self.count]
            self._bounds = sorted({*self._firsts, *row_formats, self.count})
        for fmt in self._firsts.get(start, ()):
            hooks.xf_index(fmt)
        stop = min(start + _CHUNK, self._bounds[bisect.bisect_right(self._bounds, start)])
        cells = [self._cells(column, start, stop) for column in self.columns]
        self._xml = ["".join(parts) for parts in zip(*cells, strict=True)]
        self._start, self._stop = start, stop

    def _cells(self, column: _Column, start: int, stop: int) -> list[str]:
        """The XML of one column's cells in rows ``start`` to ``stop`` ("" for no cell)."""
        letter = column_letters(column.col + 1)
        numbers = range(self.first_row + start + 1, self.first_row + stop + 1)
        kinds = column.kinds[start:stop].tolist()
        payloads = column.payloads[start:stop]
        styles = self._styles(column, kinds, numbers)
        if column.formula is None:
            if isinstance(styles, _Same) and set(kinds) <= {NUMBER, DATE}:  # most columns
                s = styles.text
                return [f'<c r="{letter}{n}"{s}><v>{p:.16G}</v></c>'
                        for n, p in zip(numbers, payloads, strict=True)]
            if isinstance(styles, _Same) and set(kinds) == {TEXT}:
                s = styles.text
                return [f'<c r="{letter}{n}"{s} t="s"><v>{p}</v></c>'
                        for n, p in zip(numbers, payloads, strict=True)]
            return [_cell(f'<c r="{letter}{n}"{s}', k, p)
                    for n, s, k, p in zip(numbers, styles, kinds, payloads, strict=True)]
        follower = f'<f t="shared" si="{column.si}"/>'
        seen: dict[Any, str] = {}  # a column repeats a few words: type and escape each once
        out = []
        for n, s, p in zip(numbers, styles, payloads, strict=True):
            if p.__class__ is float:
                out.append(f'<c r="{letter}{n}"{s}>{follower}<v>{p}</v></c>')
            else:
                if p not in seen:
                    seen[p] = _cached_xml(p, follower)
                out.append(f'<c r="{letter}{n}"{s}{seen[p]}')
        if start == 0:
            span = f"{letter}{self.first_row + 1}:{letter}{self.first_row + self.count}"
            master = f'<f t="shared" ref="{span}" si="{column.si}">{escape(column.formula)}</f>'
            out[0] = f'<c r="{letter}{numbers[0]}"{styles[0]}{_cached_xml(payloads[0], master)}'
        return out

    def _styles(self, column: _Column, kinds: list[int], numbers: range) -> Sequence[str]:
        """Each cell's style attribute; the same for every cell of a column with a format."""
        if column.fmt is not None:
            return _Same(_style(column.fmt), len(kinds))
        # XlsxWriter's fallback for a cell without a format: its row's, else its column's
        fallback = hooks.column_format(self.sheet, column.col)
        rows = {r + 1: fmt for r, fmt in hooks.row_formats(self.sheet).items()}
        if DATE not in kinds and not rows.keys() & numbers:
            return _Same(_style(fallback), len(kinds))
        return [_style(column.date_fmt if k == DATE else rows.get(n, fallback))
                for k, n in zip(kinds, numbers, strict=True)]


class _Same(Sequence[str]):
    """One text repeated: the style of every cell of a column."""

    def __init__(self, text: str, count: int) -> None:
        self.text, self.count = text, count

    def __getitem__(self, i: Any) -> Any:
        return self.text

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Any:
        return itertools.repeat(self.text, self.count)


def _style(fmt: Any) -> str:
    return f' s="{hooks.xf_index(fmt)}"' if fmt else ""


def _cell(head: str, kind: int, payload: Any) -> str:
    """A cell of a user's value, after ``<c r=".." s=".."``."""
    if kind in (NUMBER, DATE):
        return f"{head}><v>{payload:.16G}</v></c>"
    if kind == TEXT:
        return f'{head} t="s"><v>{payload}</v></c>'
    if kind == BLANK:
        return f"{head}/>"
    if kind == BOOL:
        return f'{head} t="b"><v>{payload}</v></c>'
    return ""


def _cached_xml(value: Any, formula: str) -> str:
    """A formula cell after its style: its type, formula and cached value."""
    if isinstance(value, bool):
        return f' t="b">{formula}<v>{int(value)}</v></c>'
    if isinstance(value, str):
        kind = ' t="e"' if value in _ERRORS else ' t="str"'
        return f"{kind}>{formula}<v>{escape(value)}</v></c>"
    return f">{formula}<v>{value}</v></c>"

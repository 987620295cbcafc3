"""An in-memory fake of exactly the xlwings API that ``xlsales.buttons.book_live`` uses.

Nobody here has Excel, so the live book is tested against this stand-in, loaded from a
workbook file built by ``tests/harness/workbooks.py``. It implements only:

- ``FakeBook.sheets`` and ``FakeBook.names`` (iterables);
- ``FakeSheet.name``, ``FakeSheet.tables`` (iterable), ``FakeSheet.range((r1, c1), (r2, c2))``;
- ``FakeTable.name``, ``.header_row_range``, ``.data_body_range``;
- ``FakeName.name``, ``.refers_to_range`` (raises ValueError for a name that is not cells,
  as xlwings Lite's engine does);
- ``FakeRange.sheet``, ``.row``, ``.column``, ``.options(ndim=2)``, ``.value`` (get, set).

What it imitates of desktop Excel through COM: numbers come back as floats, a written
value that starts with an apostrophe is stored as the text after it, and a text that
starts with "=" becomes a formula (a ``Formula``, which no test should ever find).
``fail_at_write=n`` makes the n-th ``value`` assignment write its first row, then raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import range_boundaries


@dataclass(frozen=True)
class Formula:
    text: str


class FakeRange:
    def __init__(self, sheet: FakeSheet, first: tuple[int, int], last: tuple[int, int]) -> None:
        self.sheet = sheet
        (self.row, self.column), self.last = first, last

    def options(self, **options: Any) -> FakeRange:
        assert options == {"ndim": 2}, options  # the only conversion book_live asks for
        return self

    @property
    def value(self) -> list[list[Any]]:
        return [[_as_com(self.sheet.cells.get((r, c))) for c in range(self.column,
                                                                      self.last[1] + 1)]
                for r in range(self.row, self.last[0] + 1)]

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        book = self.sheet.book
        book.writes += 1
        shape = (self.last[0] - self.row + 1, self.last[1] - self.column + 1)
        assert (len(rows), len(rows[0])) == shape, "book_live writes whole blocks"
        failing = book.fail_at_write == book.writes
        for i, row in enumerate(rows[:1] if failing else rows):
            for j, value in enumerate(row):
                self.sheet.store(self.row + i, self.column + j, value)
        if failing:
            raise RuntimeError("Excel stopped answering")


def _as_com(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


class FakeTable:
    def __init__(self, sheet: FakeSheet, name: str, ref: str) -> None:
        first_col, first_row, last_col, last_row = range_boundaries(ref)
        self.name = name
        self.header_row_range = FakeRange(sheet, (first_row, first_col), (first_row, last_col))
        self.data_body_range = (FakeRange(sheet, (first_row + 1, first_col), (last_row, last_col))
                                if last_row > first_row else None)


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.cells: dict[tuple[int, int], Any] = {}
        self.tables: list[FakeTable] = []

    def range(self, first: tuple[int, int], last: tuple[int, int]) -> FakeRange:
        return FakeRange(self, first, last)

    def store(self, row: int, col: int, value: Any) -> None:
        if value is None or value == "":
            self.cells.pop((row, col), None)
        elif isinstance(value, str) and value.startswith("'"):
            self.cells[(row, col)] = value[1:]
        elif isinstance(value, str) and value.startswith("="):
            self.cells[(row, col)] = Formula(value)
        else:
            self.cells[(row, col)] = value


class FakeName:
    def __init__(self, name: str, target: FakeRange | None) -> None:
        self.name, self._target = name, target

    @property
    def refers_to_range(self) -> FakeRange:
        if self._target is None:
            raise ValueError(f"Name '{self.name}' does not refer to a single range.")
        return self._target


class FakeApp:
    """``app.alert``: records the message boxes a run would show."""

    def __init__(self) -> None:
        self.alerts: list[tuple[str, str | None]] = []

    def alert(self, prompt: str, title: str | None = None, **_: Any) -> None:
        self.alerts.append((prompt, title))


class FakeBook:
    def __init__(self) -> None:
        self.sheets: list[FakeSheet] = []
        self.names: list[FakeName] = []
        self.writes, self.fail_at_write = 0, 0
        self.app = FakeApp()

    @classmethod
    def from_file(cls, path: Path) -> FakeBook:
        """The cells, tables and workbook-level names of a workbook file."""
        book, source = cls(), openpyxl.load_workbook(path, data_only=True)
        for ws in source.worksheets:
            sheet = FakeSheet(book, ws.title)
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        sheet.cells[(cell.row, cell.column)] = cell.value
            sheet.tables = [FakeTable(sheet, name, ref) for name, ref in ws.tables.items()]
            book.sheets.append(sheet)
        by_name = {s.name: s for s in book.sheets}
        for name, defined in source.defined_names.items():
            places = list(defined.destinations)
            target = None
            if len(places) == 1:
                title, coord = places[0][0].replace("''", "'"), places[0][1]
                first_col, first_row, last_col, last_row = range_boundaries(
                    coord.replace("$", ""))
                target = by_name[title].range((first_row, first_col), (last_row, last_col))
            book.names.append(FakeName(name, target))
        return book

    def sheet(self, name: str) -> FakeSheet:
        return next(s for s in self.sheets if s.name == name)

    def block(self, built: Any, area: Any) -> list[list[Any]]:
        """The values of an output area, by the builder's placement."""
        title, row, col = built.names[area.name]
        sheet = self.sheet(title)
        return [[sheet.cells.get((row + r, col + c)) for c in range(area.cols)]
                for r in range(area.rows)]

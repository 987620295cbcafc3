"""An in-memory fake of exactly the xlwings API that ``xlsales.buttons.book_live`` uses.

Nobody here has Excel, so the live book is tested against this stand-in, loaded from a
workbook file built by ``tests/harness/workbooks.py``. It implements only:

- ``FakeBook.sheets`` and ``FakeBook.names`` (iterables);
- ``FakeSheet.name``, ``FakeSheet.tables`` (iterable), ``FakeSheet.range((r1, c1), (r2, c2))``;
- ``FakeTable.name``, ``.header_row_range``, ``.data_body_range``;
- ``FakeName.name``, ``.refers_to_range`` (raises ValueError for a name that is not cells,
  as xlwings Lite's engine does);
- ``FakeRange.sheet``, ``.row``, ``.column``, ``.options(ndim=2[, err_to_str=True])``,
  ``.value`` (get, set).

Error cells (an ``ExcelError``, loaded from a file's error cells or put with
``FakeSheet.store_error``) come back as each engine hands them: ``FakeBook(engine="com")``
(desktop Excel) gives the classic seven (#N/A, #DIV/0!...) as None, or as their text with
``err_to_str``, and the newer ones (#SPILL!, #CALC!...) as their bare COM error code
whatever the option (xlwings knows no name for them); ``engine="lite"`` (xlwings Lite,
Office.js) gives them all as None, or as their text with ``err_to_str``.

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


@dataclass(frozen=True)
class ExcelError:
    """An error cell: "#N/A", "#SPILL!"..."""

    text: str


# xlErr numbers (Excel's XlCVError); COM hands 0x800A0000 + number as a signed int
_XL_ERRORS = {"#NULL!": 2000, "#DIV/0!": 2007, "#VALUE!": 2015, "#REF!": 2023,
              "#NAME?": 2029, "#NUM!": 2036, "#N/A": 2042, "#GETTING_DATA": 2043,
              "#SPILL!": 2045, "#CONNECT!": 2046, "#BLOCKED!": 2047, "#FIELD!": 2049,
              "#CALC!": 2050}
_XLWINGS_NAMED = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


class FakeRange:
    def __init__(self, sheet: FakeSheet, first: tuple[int, int], last: tuple[int, int],
                 err_to_str: bool = False) -> None:
        self.sheet = sheet
        (self.row, self.column), self.last = first, last
        self.err_to_str = err_to_str

    def options(self, **options: Any) -> FakeRange:
        # the only conversions book_live asks for
        assert options in ({"ndim": 2}, {"ndim": 2, "err_to_str": True}), options
        return FakeRange(self.sheet, (self.row, self.column), self.last,
                         err_to_str=options.get("err_to_str", False))

    @property
    def value(self) -> list[list[Any]]:
        engine = self.sheet.book.engine
        return [[_handed(self.sheet.cells.get((r, c)), engine, self.err_to_str)
                 for c in range(self.column, self.last[1] + 1)]
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


def _handed(value: Any, engine: str, err_to_str: bool) -> Any:
    """A cell's value as the engine hands it to Python."""
    if isinstance(value, ExcelError):
        if engine == "com" and value.text not in _XLWINGS_NAMED:
            return 0x800A0000 + _XL_ERRORS[value.text] - 2**32
        return value.text if err_to_str else None
    if engine == "com" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # COM hands every number as a float
    return value


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

    def store_error(self, row: int, col: int, text: str) -> None:
        """Make the cell an error cell ("#N/A"), as a formula that fails would."""
        assert text in _XL_ERRORS, text
        self.cells[(row, col)] = ExcelError(text)

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
    def __init__(self, engine: str = "com") -> None:
        assert engine in ("com", "lite"), engine
        self.engine = engine
        self.sheets: list[FakeSheet] = []
        self.names: list[FakeName] = []
        self.writes, self.fail_at_write = 0, 0
        self.app = FakeApp()

    @classmethod
    def from_file(cls, path: Path, engine: str = "com") -> FakeBook:
        """The cells, tables and workbook-level names of a workbook file (its error cells
        as ``ExcelError``), handed as ``engine`` hands them."""
        book, source = cls(engine), openpyxl.load_workbook(path, data_only=True)
        for ws in source.worksheets:
            sheet = FakeSheet(book, ws.title)
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "e":
                        sheet.store_error(cell.row, cell.column, cell.value)
                    elif cell.value is not None:
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

"""Every use of XlsxWriter's internals, in one module.

The writer relies on XlsxWriter's public API for nearly everything, but two speed-ups
and one fix reach inside it: a table's rows are written as XML in one piece
(``cells.TableRows``, 23 s → a few for a million-line ledger), a formula with no cached
value is typed as text so non-recalculating readers show a blank, and the table's
calculated columns are left to those rows. They need XlsxWriter's cell table, shared
strings, style numbering and a few ``_write_*`` methods, which a release may rename.
So this is the only module of the package that names them: ``HOOKED`` lists each one,
``missing_hooks()`` says which the installed XlsxWriter lacks (checked by
``tests/workbook/test_xlsxwriter_hooks.py``, which names them all at once and the
version they were checked on), and the functions below give the rest of the writer
what it needs in its own words.
"""

from __future__ import annotations

import importlib
from typing import Any

from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellBooleanTuple,
    CellDatetimeTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

__all__ = [
    "CHECKED_ON",
    "HOOKED",
    "CellBlankTuple",
    "CellBooleanTuple",
    "CellDatetimeTuple",
    "CellFormulaTuple",
    "CellNumberTuple",
    "CellStringTuple",
    "RowWriter",
    "TableWorksheet",
    "column_format",
    "column_info",
    "date_serial",
    "installed_version",
    "missing_hooks",
    "prepared_formula",
    "row_formats",
    "shared_string_indexer",
    "shared_strings",
    "string_limit",
    "vba_codename",
    "written_string_index",
    "xf_index",
]

CHECKED_ON = "3.3.1"  # the XlsxWriter release every name below was checked on

# owner → the names xlsales uses on it. An owner ending in "()" is an instance (its
# attributes are set in __init__); a module's names are its classes.
HOOKED: dict[str, tuple[str, ...]] = {
    "xlsxwriter.worksheet.Worksheet": (
        "_write_cell", "_get_range_data", "_xml_formula_element", "_write_formula",
        "_check_dimensions", "_convert_date_time", "_prepare_formula", "_write_string"),
    "xlsxwriter.worksheet.Worksheet()": (
        "fh", "table", "str_table", "xls_strmax", "row_info", "col_info", "vba_codename"),
    "xlsxwriter.worksheet": (
        "CellBlankTuple", "CellBooleanTuple", "CellDatetimeTuple", "CellFormulaTuple",
        "CellNumberTuple", "CellStringTuple", "RowInfo", "ColumnInfo"),
    "xlsxwriter.worksheet.RowInfo": ("row_format",),
    "xlsxwriter.worksheet.ColumnInfo": ("column_format",),
    "xlsxwriter.worksheet.CellStringTuple": ("string",),
    "xlsxwriter.sharedstrings.SharedStringTable": ("_get_shared_string_index",),
    "xlsxwriter.format.Format": ("_get_xf_index",),
}


def installed_version() -> str:
    import xlsxwriter

    return str(getattr(xlsxwriter, "__version__", "unknown"))


def missing_hooks() -> list[str]:
    """The hooked names the installed XlsxWriter lacks, as "owner.name"."""
    missing = []
    for owner, names in HOOKED.items():
        target = _owner(owner)
        for name in names:
            if target is None or not _has(target, name):
                missing.append(f"{owner}.{name}")
    return missing


def _owner(path: str) -> Any:
    instance = path.endswith("()")
    path = path.removesuffix("()")
    try:
        return importlib.import_module(path)
    except ImportError:
        pass
    module, _, name = path.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return found() if instance else found


def _has(target: Any, name: str) -> bool:
    fields = getattr(target, "__dataclass_fields__", None) or {}
    return name in fields or name in (getattr(target, "_fields", None) or ()) or hasattr(
        target, name)


# --- what the writer asks of a worksheet -----------------------------------------------


def shared_string_indexer(sheet: Worksheet) -> Any:
    """The function numbering a text in the workbook's shared strings (as ``write_string``
    numbers it)."""
    return sheet.str_table._get_shared_string_index


def string_limit(sheet: Worksheet) -> int:
    """The longest text a cell holds (XlsxWriter cuts longer ones)."""
    return int(sheet.xls_strmax)


def date_serial(sheet: Worksheet, value: Any) -> float:
    """A date as the sheet stores it (an Excel serial, in the workbook's date system)."""
    return sheet._convert_date_time(value)


def prepared_formula(sheet: Worksheet, formula: str) -> str:
    """``formula`` as XlsxWriter would store it (future functions prefixed, "=" dropped)."""
    return sheet._prepare_formula(formula)


def written_string_index(sheet: Worksheet, row: int, col: int, text: str) -> int:
    """Text's shared-string number as ``write_string`` gives it (cut to the limit), without
    leaving a cell behind."""
    sheet._write_string(row, col, text)
    return sheet.table[row].pop(col).string


def row_formats(sheet: Worksheet) -> dict[int, Any]:
    """Row (0-based) → its format, for the rows given one with ``set_row``."""
    return {row: info.row_format for row, info in sheet.row_info.items() if info.row_format}


def shared_strings(workbook: Any) -> dict[int, str]:
    """The workbook's shared strings so far: index → text (a String cell holds the index)."""
    return {index: text for text, index in workbook.str_table.string_table.items()}


def column_info(sheet: Worksheet, col: int) -> Any:
    """Column ``col``'s ``set_column`` record (width, format, hidden), None if none."""
    return sheet.col_info.get(col)


def column_format(sheet: Worksheet, col: int) -> Any:
    """The format given to column ``col`` with ``set_column``, None if none."""
    info = sheet.col_info.get(col)
    return info.column_format if info else None


def xf_index(fmt: Any) -> int:
    """A format's style number, given when the file first uses it."""
    return fmt._get_xf_index()


def vba_codename(sheet: Worksheet) -> str | None:
    """The sheet's VBA code name, None until ``set_vba_name``."""
    return sheet.vba_codename


# --- the worksheet that writes a table's rows in one piece ------------------------------


_ROW_WRITERS: set[type] = set()  # the subclasses of RowWriter


class RowWriter:
    """What ``TableWorksheet`` needs of a block of rows it writes as XML in one piece
    (``cells.TableRows``): where it is, each row's XML, and each cell as XlsxWriter holds
    it for the chart caches."""

    first_row: int
    count: int
    columns: list[Any]  # each with ``col``

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _ROW_WRITERS.add(cls)  # a set lookup per cell: as cheap as the old identity test

    def placed(self) -> list[tuple[int, int, int]]:
        raise NotImplementedError

    def row_xml(self, row: int) -> str:
        raise NotImplementedError

    def cell(self, row: int, col: int) -> Any:
        raise NotImplementedError


class TableWorksheet(Worksheet):
    """XlsxWriter's worksheet, writing a table's rows as XML in one piece.

    ``add_rows`` takes a table's rows (a ``RowWriter``): the worksheet holds a marker at
    each row's first and last cell, so that XlsxWriter still numbers the rows and works
    out their spans and the sheet's dimensions, and when it writes the sheet the marker
    writes the row's cells. ``add_table`` leaves the calculated columns' cells to those
    rows. A formula with no cached value ("") is typed as text (``t="str"``, as Excel
    writes it), so a reader that shows cached values shows a blank.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RowWriter] = []
        self._shared_formulas = 0
        self._table_rows: range = range(0)

    def next_shared_formula(self) -> int:
        """The number (``si``) of the sheet's next shared formula."""
        self._shared_formulas += 1
        return self._shared_formulas - 1

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict[str, Any] | None = None) -> Any:
        """XlsxWriter's table, without its own fill of each calculated column's cells
        row by row: ``tables.write_table`` adds them with their cached values."""
        total = 1 if (options or {}).get("total_row") else 0
        self._table_rows = range(first_row + 1, last_row + 1 - total)
        try:
            return super().add_table(first_row, first_col, last_row, last_col, options)
        finally:
            self._table_rows = range(0)

    def add_rows(self, rows: RowWriter) -> None:
        """Write a table's rows (``rows.row_xml``) when XlsxWriter writes the sheet."""
        placed = rows.placed()
        if not placed:
            return
        self._check_dimensions(placed[0][0], min(first for _, first, _ in placed))
        self._check_dimensions(placed[-1][0], max(last for _, _, last in placed))
        for row, first, last in placed:
            cells = self.table[row]
            cells[first] = rows
            if last != first:
                cells[last] = _OTHER_CELLS
        self._rows.append(rows)

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        if cell.__class__ in _ROW_WRITERS:
            self.fh.write(cell.row_xml(row))
        elif cell is not _OTHER_CELLS:
            super()._write_cell(row, col, cell)

    def _get_range_data(self, row_start: int, col_start: int, row_end: int,
                        col_end: int) -> Any:
        """A chart's cached data, reading a table's rows as XlsxWriter's cells."""
        saved: dict[int, dict[int, Any] | None] = {}
        for rows in self._rows:
            for row in range(max(row_start, rows.first_row),
                             min(row_end, rows.first_row + rows.count - 1) + 1):
                if row not in saved:
                    saved[row] = self.table.get(row)
                    self.table[row] = {c: v for c, v in (saved[row] or {}).items()
                                       if v.__class__ not in _ROW_WRITERS
                                       and v is not _OTHER_CELLS}
                for column in rows.columns:
                    cell = rows.cell(row, column.col)
                    if cell is not None:
                        self.table[row][column.col] = cell
        try:
            return super()._get_range_data(row_start, col_start, row_end, col_end)
        finally:
            for row, cells in saved.items():
                if cells is None:
                    del self.table[row]
                else:
                    self.table[row] = cells

    def _xml_formula_element(self, formula: str, result: Any,
                             attributes: list[tuple[str, Any]] | None = None) -> None:
        attributes = list(attributes or [])
        if isinstance(result, str) and result == "" and all(k != "t" for k, _ in attributes):
            attributes.append(("t", "str"))
        super()._xml_formula_element(formula, result, attributes)

    def _write_formula(self, row: int, col: int, formula: str, cell_format: Any = None,
                       value: Any = 0) -> int:
        if row in self._table_rows:
            return 0
        return super()._write_formula(row, col, formula, cell_format, value)


# the marker at the last cell of a table's row (written with the row's first cell)
_OTHER_CELLS = object()

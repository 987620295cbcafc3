"""The workbook being written: its sheets, formats, data, results, and safe cell writers.

Every sheet module receives one ``Book`` and writes through it, so three rules hold
everywhere:

- user data is written by type, text always with ``write_string``: a client called
  "=HYPERLINK(...)" or "-Dupont" lands as text, never as a formula or a number;
- a formula is written with the Python core's result as its cached value, so Excel's
  Protected View and readers that do not recalculate show the right figures;
- each named cell (layout's areas, and the ``fig_`` names of the key figures other
  sheets and the tests read) is a workbook-level defined name on exactly its cells.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import CellFormulaTuple, Worksheet

from .. import blocks, layout
from ..dates import to_serial
from ..lang import say
from ..plan import PlanData, PlanResults
from .styles import Styles

__all__ = ["LABELS", "Book", "SharedColumn", "cached"]

LABELS = {
    "filled_by": {"en": "Filled by xlsales", "fr": "Rempli par xlsales"},
    "filled_by_button": {"en": "Filled by xlsales (button: {button})",
                         "fr": "Rempli par xlsales (bouton : {button})"},
}


@dataclass(frozen=True)
class SharedColumn:
    """A table's calculated column: one formula from ``first_row`` to ``last_row``
    (1-based worksheet rows), stored once as a shared formula."""

    sheet_index: int
    column: int
    first_row: int
    last_row: int
    formula: str


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


class _Worksheet(Worksheet):
    """XlsxWriter's worksheet, doing the per-formula work once per distinct formula.

    XlsxWriter examines every formula it writes with some forty regular expressions
    (future functions, dynamic arrays, XML escapes). A calculated column writes the same
    text on 10,000 rows, which made that examination most of a minute's generation.
    This class remembers, for each formula text, what XlsxWriter concluded the first time
    (a plain formula: its prepared text) and stores later cells directly, as XlsxWriter
    itself does for a plain formula; anything else goes through XlsxWriter unchanged.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[tuple[str, bool], str] = {}
        self._plain: dict[str, str] = {}
        self._escaped: dict[str, str] = {}

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        key = (formula, expand_future_functions)
        if key not in self._prepared:
            self._prepared[key] = super()._prepare_formula(formula, expand_future_functions)
        return self._prepared[key]

    def _write_formula(self, row: int, col: int, formula: str, cell_format: Any = None,
                       value: Any = 0) -> int:
        prepared = self._plain.get(formula)
        if prepared is None or self.constant_memory:
            result = super()._write_formula(row, col, formula, cell_format, value)
            cell = self.table.get(row, {}).get(col)
            if result == 0 and isinstance(cell, CellFormulaTuple):
                self._plain[formula] = cell.formula
            return result
        if self._check_dimensions(row, col):
            return -1
        self.table[row][col] = CellFormulaTuple(prepared, cell_format, value)
        return 0

    def _escape_data(self, data: Any) -> Any:
        if not isinstance(data, str) or len(data) < 64:
            return super()._escape_data(data)
        if data not in self._escaped:
            self._escaped[data] = super()._escape_data(data)
        return self._escaped[data]


@dataclass
class Book:
    """One workbook being written in one language."""

    workbook: Any
    data: PlanData
    results: PlanResults
    lang: str
    stamp: dt.datetime
    xlsm: bool = False
    styles: Styles = field(init=False)
    sheets: dict[str, Any] = field(default_factory=dict)
    shared: list[SharedColumn] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    heights: dict[tuple[str, int], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.styles = Styles(self.workbook)

    # --- words and formats ---------------------------------------------------------

    def say(self, labels: Mapping[str, Mapping[str, str]], key: str, **params: Any) -> str:
        text = say(labels, key, self.lang)
        return text.format(**params) if params else text

    def fmt(self, *traits: str | None) -> Any:
        return self.styles.get(*traits)

    # --- sheets and names ----------------------------------------------------------

    def add_sheet(self, key: str) -> Any:
        sheet = self.workbook.add_worksheet(layout.sheet_name(key, self.lang),
                                            worksheet_class=_Worksheet)
        self.sheets[key] = sheet
        return sheet

    def address(self, key: str, row: int, col: int, rows: int = 1, cols: int = 1) -> str:
        """The absolute address of a block of sheet ``key``, sheet name quoted."""
        first = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        sheet = quote_sheetname(layout.sheet_name(key, self.lang))
        if rows == 1 and cols == 1:
            return f"{sheet}!{first}"
        last = xl_rowcol_to_cell(row + rows - 1, col + cols - 1, row_abs=True, col_abs=True)
        return f"{sheet}!{first}:{last}"

    def name(self, name: str, key: str, row: int, col: int, rows: int = 1,
             cols: int = 1) -> str:
        """Define a workbook-level name on a block; return the name."""
        if name.lower() in self.names:
            raise ValueError(f"the name {name} is defined twice")
        self.names.add(name.lower())
        self.workbook.define_name(name, "=" + self.address(key, row, col, rows, cols))
        return name

    def area(self, area_name: str, row: int, col: int) -> str:
        """Define one of layout's areas at its size from (row, col)."""
        area = layout.AREA_BY_NAME[area_name]
        return self.name(area_name, area.sheet, row, col, area.rows, area.cols)

    # --- writing cells -------------------------------------------------------------

    def title(self, key: str, title: str, howto: str) -> Any:
        """Row 1: the sheet's title; row 2: the short "how to use" line."""
        sheet = self.sheets[key]
        sheet.write_string(0, 0, title, self.fmt("title"))
        sheet.write_string(1, 0, howto, self.fmt("howto"))
        self.tall(key, 0, 24)
        return sheet

    def tall(self, key: str, row: int, height: float) -> None:
        """Make a row at least ``height`` points high (two lines of a header: 30)."""
        if self.heights.get((key, row), 0) < height:
            self.heights[key, row] = height
            self.sheets[key].set_row(row, height)

    def text(self, key: str, row: int, col: int, text: str, *traits: str | None) -> None:
        self.sheets[key].write_string(row, col, text, self.fmt(*traits))
        if "header" in traits:
            self.tall(key, row, 30)

    def value(self, key: str, row: int, col: int, value: Any, *traits: str | None) -> None:
        """Write one of the user's values by its type; text stays text whatever it starts
        with. Dates get the date format unless ``traits`` name one."""
        sheet, fmt = self.sheets[key], self.fmt(*traits)
        if _is_missing(value):
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool | np.bool_):
            sheet.write_boolean(row, col, bool(value), fmt)
        elif isinstance(value, dt.date):
            moment = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            sheet.write_datetime(row, col, moment, fmt or self.fmt("date"))
        elif isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            if math.isfinite(number):
                sheet.write_number(row, col, number, fmt)
            else:
                sheet.write_blank(row, col, None, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)
        if "header" in traits:
            self.tall(key, row, 30)

    def formula(self, key: str, row: int, col: int, formula: str, value: Any,
                *traits: str | None) -> None:
        """Write a native formula with the Python result as its cached value."""
        self.sheets[key].write_formula(row, col, "=" + formula, self.fmt(*traits),
                                       cached(value))
        if "header" in traits:
            self.tall(key, row, 30)

    def figure(self, key: str, row: int, col: int, name: str, label: str, formula: str,
               value: Any, *traits: str | None, value_col: int | None = None) -> str:
        """A key figure: its label, then its formula in the next column (or
        ``value_col``), named ``fig_<name>`` so that other sheets (and the tests) find
        it; returns the name."""
        at = col + 1 if value_col is None else value_col
        self.text(key, row, col, label)
        self.formula(key, row, at, formula, value, "computed", *traits)
        return self.name(f"fig_{name}", key, row, at)

    def rows(self, key: str, row: int, col: int, rows: Iterable[Iterable[Any]],
             *traits: str | None) -> None:
        for i, cells in enumerate(rows):
            for j, value in enumerate(cells):
                self.value(key, row + i, col + j, value, *traits)

    def python_block(self, area_name: str, row: int, col: int, button: str | None = None,
                     traits: Iterable[str | None] | Callable[[int, int], str | None] = (),
                     caption_cell: tuple[int, int] | None = None,
                     rows: list[list[Any]] | None = None) -> None:
        """A block xlsales' Python fills: caption above (or at ``caption_cell``), light
        blue cells, its area's name on them, filled now from the results, or with ``rows``
        (``traits``: one per column, or a function of the row and column)."""
        area = layout.AREA_BY_NAME[area_name]
        caption = (self.say(LABELS, "filled_by_button", button=button) if button
                   else self.say(LABELS, "filled_by"))
        self.text(area.sheet, *(caption_cell or (row - 1, col)), caption, "caption")
        if callable(traits):
            trait_of = traits
        else:
            column_traits = list(traits) or [None] * area.cols

            def trait_of(_: int, j: int) -> str | None:
                return column_traits[j] if j < len(column_traits) else None
        content = rows if rows is not None else blocks.block_rows(area_name, self.results,
                                                                  self.lang)
        for i in range(area.rows):
            cells = content[i] if i < len(content) else [None] * area.cols
            for j in range(area.cols):
                self.value(area.sheet, row + i, col + j, cells[j], "python", trait_of(i, j))
        self.area(area_name, row, col)

    # --- tables --------------------------------------------------------------------

    def shared_column(self, key: str, column: int, first_row: int, last_row: int,
                      formula: str) -> None:
        """Record a calculated column (0-based rows) to store as one shared formula."""
        index = list(self.sheets).index(key) + 1
        self.shared.append(SharedColumn(index, column, first_row + 1, last_row + 1, formula))

    @staticmethod
    def column_letter(col: int) -> str:
        return xl_col_to_name(col)

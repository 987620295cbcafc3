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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import quote_sheetname

from xlsales.common.a1 import column_letters, range_ref
from xlsales.common.lang import say
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import PlanData, PlanResults
from xlsales.workbook.cells import BLANK, BOOL, DATE, NUMBER, cached, cell_value
from xlsales.workbook.styles import Styles
from xlsales.workbook.xlsxwriter_hooks import TableWorksheet

__all__ = ["LABELS", "PERIOD_SHEETS", "Book"]

# The sheets whose figures come from the ledger's windows N and N-1
PERIOD_SHEETS = ("clients", "portfolio", "abc", "potential", "matrix", "plan")

LABELS = {
    "period": {"en": "Period compared: {period}", "fr": "Période comparée : {period}"},
    "filled_by": {"en": "Filled by xlsales", "fr": "Rempli par xlsales"},
    "filled_by_button": {"en": "Filled by xlsales (button: {button})",
                         "fr": "Rempli par xlsales (bouton : {button})"},
}


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
    names: set[str] = field(default_factory=set)
    heights: dict[tuple[str, int], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.styles = Styles(self.workbook, self.lang)

    # --- words and formats ---------------------------------------------------------

    def say(self, labels: Mapping[str, Mapping[str, str]], key: str, **params: Any) -> str:
        text = say(labels, key, self.lang)
        return text.format(**params) if params else text

    def fmt(self, *traits: str | None) -> Any:
        return self.styles.get(*traits)

    # --- sheets and names ----------------------------------------------------------

    def add_sheet(self, key: str, name: str | None = None) -> Any:
        """Add sheet ``key``, named as layout names it unless ``name`` is given."""
        sheet = self.workbook.add_worksheet(name or layout.sheet_name(key, self.lang),
                                            worksheet_class=TableWorksheet)
        self.sheets[key] = sheet
        return sheet

    def address(self, key: str, row: int, col: int, rows: int = 1, cols: int = 1) -> str:
        """The absolute address of a block of sheet ``key``, sheet name quoted."""
        sheet = quote_sheetname(layout.sheet_name(key, self.lang))
        return f"{sheet}!{range_ref(row + 1, col + 1, rows, cols, absolute=True)}"

    def name(self, name: str, key: str, row: int, col: int, rows: int = 1,
             cols: int = 1) -> str:
        """Define a workbook-level name on a block; return the name."""
        if name.lower() in self.names:
            raise ValueError(f"the name {name} is defined twice")
        self.names.add(name.lower())
        self.workbook.define_name(name, "=" + self.address(key, row, col, rows, cols))
        return name

    def expression(self, name: str, formula: str) -> str:
        """Define a workbook-level name on a formula (no cell); return the name."""
        if name.lower() in self.names:
            raise ValueError(f"the name {name} is defined twice")
        self.names.add(name.lower())
        self.workbook.define_name(name, "=" + formula)
        return name

    def area(self, area_name: str, row: int, col: int) -> str:
        """Define one of layout's areas at its size from (row, col)."""
        area = layout.AREA_BY_NAME[area_name]
        return self.name(area_name, area.sheet, row, col, area.rows, area.cols)

    # --- writing cells -------------------------------------------------------------

    def title(self, key: str, title: str, howto: str) -> Any:
        """Row 1: the sheet's title; row 2: the short "how to use" line; row 3, on the
        sheets of the ledger's figures, the days N and N-1 cover when a ledger gave them
        ("Period compared: 1 Jan – 30 Jun 1998 against 1 Jan – 30 Jun 1997")."""
        sheet = self.sheets[key]
        sheet.write_string(0, 0, title, self.fmt("title"))
        sheet.write_string(1, 0, howto, self.fmt("howto"))
        period = self.data.settings.period
        if period is not None and key in PERIOD_SHEETS:
            sheet.write_string(2, 0, self.say(LABELS, "period", period=period.label(self.lang)),
                               self.fmt("bold"))
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
        kind, payload = cell_value(value)
        if kind == BLANK:
            sheet.write_blank(row, col, None, fmt)
        elif kind == BOOL:
            sheet.write_boolean(row, col, payload, fmt)
        elif kind == DATE:
            sheet.write_datetime(row, col, payload, fmt or self.fmt("date"))
        elif kind == NUMBER:
            sheet.write_number(row, col, payload, fmt)
        else:
            sheet.write_string(row, col, payload, fmt)
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

    # --- columns -------------------------------------------------------------------

    @staticmethod
    def column_letter(col: int) -> str:
        """The letters of column ``col`` counted from 0, as XlsxWriter counts ("A" for 0)."""
        return column_letters(col + 1)

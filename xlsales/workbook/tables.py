"""An Excel table of the layout, written with the user's rows and its calculated columns.

Input columns take the user's values as they are (text stays text); each calculated
column gets its native formula in the table definition, so Excel extends it to every row
a user adds, and in each row (one shared formula) with the Python result as the cached
value. The rows are written column by column (``cells.TableRows``), not cell by cell. An
empty table keeps one empty row: an Excel table needs one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xlsales.plan import layout
from xlsales.workbook.book import Book
from xlsales.workbook.cells import TableRows

__all__ = ["TablePlace", "write_table"]


@dataclass(frozen=True)
class TablePlace:
    """Where a table landed: header row, first and last data rows, first column (0-based)."""

    header_row: int
    first_row: int
    last_row: int
    first_col: int
    table: layout.Table

    def col(self, key: str) -> int:
        return self.first_col + self.table.keys().index(key)


def write_table(book: Book, key: str, table: layout.Table, frame: pd.DataFrame, row: int,
                col: int, formulas: Mapping[str, str], caches: Mapping[str, Sequence[Any]],
                validations: Mapping[str, dict[str, Any]] | None = None,
                traits: Mapping[str, str] | None = None,
                style: str = "Table Style Light 9") -> TablePlace:
    """Write ``table`` with its header at (row, col) and ``frame``'s rows below it.

    ``formulas`` holds each calculated column's formula (without "="), ``caches`` its
    value per row; ``validations`` XlsxWriter data-validation options per input column;
    ``traits`` one more trait per column (a number format layout does not give, an
    alignment).
    """
    sheet = book.sheets[key]
    count = max(len(frame), 1)
    first, last = row + 1, row + count
    columns = []
    header = book.fmt("header")
    traits = traits or {}
    for column in table.columns:
        number = book.styles.number(column.number_format)
        extra = traits.get(column.key)
        if column.kind == "formula":
            columns.append({"header": column.header(book.lang), "header_format": header,
                            "formula": "=" + formulas[column.key],
                            "format": book.fmt("computed", number, extra)})
        else:
            columns.append({"header": column.header(book.lang), "header_format": header,
                            "format": book.fmt(number, extra)})
    sheet.add_table(row, col, last, col + len(columns) - 1,
                    {"name": table.name, "columns": columns, "style": style})
    book.tall(key, row, 30)
    place = TablePlace(row, first, last, col, table)
    rows = TableRows(sheet, first, count)
    date = book.fmt("date")
    for j, column in enumerate(table.columns):
        number = book.styles.number(column.number_format)
        extra = traits.get(column.key)
        if column.kind == "formula":
            rows.formula(col + j, formulas[column.key], caches.get(column.key),
                         book.fmt("computed", number, extra))
        elif column.kind == "output":  # the core's values, which a button rewrites
            values = caches.get(column.key)
            rows.values(col + j, list(values) if values is not None and len(frame)
                        else [None] * count, book.fmt("python", number, extra), date)
        else:
            rows.values(col + j, frame[column.key] if len(frame) else [None],
                        book.fmt(number, extra), date)
            options = (validations or {}).get(column.key)
            if options:
                sheet.data_validation(first, col + j, last, col + j, options)
    sheet.add_rows(rows)
    return place

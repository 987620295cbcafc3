"""Excel's error cells (#N/A, #DIV/0!, #SPILL!...), as desktop Excel and xlwings Lite hand
them, recognised in one place for the cell formulas and the live buttons.

A cell formula and a button read the same workbook, so they must read an error cell the
same way: as an error, reported with its place, never as a blank (xlwings' default turns
an error into None, and a #N/A revenue would then count as "no sale"). Both read ranges
with ``READ_OPTIONS`` (``err_to_str``): desktop xlwings then gives the classic seven
errors as their text and the newer ones (#SPILL!, #CALC!...) as their bare COM error
codes, ints 0x800A0000 + the xlErr number (COM hands every number as a float, so an int
there is always an error); xlwings Lite gives them all as text; a workbook file read by
openpyxl gives the text too. ``error_text`` turns any of these into the error's text.

A text typed as "#N/A" cannot be told from the error once read: it is taken as the error,
as Excel itself shows both alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from xlsales.common.errors import XlsalesError

__all__ = ["ERROR_CELLS", "ERROR_TEXTS", "READ_OPTIONS", "error_text", "first_error",
           "refuse_error_cells"]

# How every range is read, by the cell formulas' arguments and by the live book.
READ_OPTIONS: dict[str, Any] = {"ndim": 2, "err_to_str": True}

# xlErr number → text (Excel's XlCVError)
ERROR_TEXTS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!",
               2029: "#NAME?", 2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA",
               2045: "#SPILL!", 2046: "#CONNECT!", 2047: "#BLOCKED!", 2048: "#UNKNOWN!",
               2049: "#FIELD!", 2050: "#CALC!"}
_COM_ERROR_BASE = 0x800A0000 - 2**32
ERROR_CELLS = frozenset({*ERROR_TEXTS.values(), "#BUSY!", "#EXTERNAL!",
                         *range(_COM_ERROR_BASE + 2000, _COM_ERROR_BASE + 2100)})


def error_text(value: Any) -> str | None:
    """The error a cell value stands for ("#N/A"), None when it is not one."""
    if type(value) is str:
        return value if value in ERROR_CELLS else None
    if type(value) is int:
        code = value - _COM_ERROR_BASE
        if 2000 <= code < 2100:
            return ERROR_TEXTS.get(code, f"#ERROR {code}")
    return None


def first_error(values: Iterable[Any]) -> tuple[int, str] | None:
    """(position, text) of the first error cell among ``values``, None if there is none."""
    values = values if isinstance(values, Sequence) else list(values)
    try:
        if ERROR_CELLS.isdisjoint(values):  # the common case, at C speed
            return None
    except TypeError:  # an unhashable value: look one by one
        pass
    for k, value in enumerate(values):
        text = error_text(value)
        if text is not None:
            return k, text
    return None


def refuse_error_cells(values: Sequence[Any], arg: str,
                       where: Callable[[int], dict[str, int]]) -> None:
    """Raise ``cell_error`` at the first error cell; ``where`` places the k-th value
    (row, column)."""
    found = first_error(values)
    if found is not None:
        k, text = found
        raise XlsalesError(arg, "cell_error", **where(k), error=text)

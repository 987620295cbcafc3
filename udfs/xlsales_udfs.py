"""Excel cell formulas for xlsales: thin adapters over the library, one code for every Excel.

Desktop Excel runs this module through the xlwings add-in (UDF_MODULES = xlsales_udfs);
Excel for Mac and the web through xlwings Lite (``from xlsales_udfs import *`` in its
main.py). The two hand arguments over differently: COM gives floats, datetimes and error
codes, Office.js gives ints, serial numbers and error objects. So every function is declared
with ``excel_function``, which makes the arguments alike, answers a bad input with a short
"#XLSALES! ..." message rather than a traceback, and hands results back as cells.

What a function receives and returns:
- each argument as a 2-D list of cells (``ndim=2``), or its Python default when omitted;
  error cells as their text ("#N/A", ``err_to_str``) rather than as blanks. ``line`` and
  ``single`` take the values out and report an error cell by argument and row; dates and
  numbers are read by ``xlsales.dates`` and ``xlsales.values``, which accept both
  runtimes' forms;
- a value or a 2-D list of rows, which Excel spills as a dynamic array; ``shaped_like``
  answers a column with a column. Blanks (None, NaN) come back as empty cells, dates as
  dates;
- an optional argument given an empty cell takes its default, as when left out;
- ``lang`` ("en" or "fr"), where a function has it, chooses the language of its messages.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

import xlsales
from xlsales.dates import to_dates
from xlsales.errors import XlsalesError
from xlsales.lang import check_lang, say
from xlsales.values import to_keys, to_numbers

__all__ = ["XLSALES_DATE", "XLSALES_KEY", "XLSALES_NUMBER", "XLSALES_VERSION"]

CATEGORY = "xlsales"

LABELS = {
    "internal_error": {"en": "internal error", "fr": "erreur interne"},
}

Doc = tuple[str, str]  # (English, French), shown joined in Excel's function wizard

LANG_DOC: Doc = ("Language of messages: en or fr (en if left out)",
                 "Langue des messages : en ou fr (en si omise)")

# Excel's error values. Desktop xlwings gives the classic seven as their text (err_to_str)
# but newer ones (#SPILL!, #CALC!...) as COM error codes: ints 0x800A0000 + the xlErr
# number, where COM gives every number as a float. xlwings Lite gives them all as text.
_ERROR_TEXTS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!",
                2029: "#NAME?", 2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA",
                2045: "#SPILL!"}
_COM_ERROR_BASE = 0x800A0000 - 2**32
_ERROR_CELLS = frozenset({*_ERROR_TEXTS.values(), "#CONNECT!", "#BLOCKED!", "#UNKNOWN!",
                          "#FIELD!", "#CALC!", "#BUSY!", "#EXTERNAL!",
                          *range(_COM_ERROR_BASE + 2000, _COM_ERROR_BASE + 2100)})

_log = logging.getLogger(__name__)


def excel_function(description: Doc, **arg_docs: Doc) -> Callable[[Callable], Callable]:
    """Declare ``compute`` as an Excel function of the xlsales category.

    Every argument needs its doc: Excel shows them while the user types the formula.
    """

    def declare(compute: Callable) -> Callable:
        params = inspect.signature(compute).parameters
        names = list(params)
        if sorted(names) != sorted(arg_docs):
            raise TypeError(f"{compute.__name__}: give a doc for each of {names}")
        lang_at = names.index("lang") if "lang" in names else None
        defaults = {i: p.default for i, p in enumerate(params.values())
                    if p.default is not inspect.Parameter.empty}

        @functools.wraps(compute)
        def formula(*args: Any) -> Any:
            # An optional argument pointing at an empty cell means "the usual value", as
            # when it is left out (a blank is never 0).
            args = tuple(defaults[i] if i in defaults and _is_empty_cell(arg) else arg
                         for i, arg in enumerate(args))
            lang = "en"
            try:
                if lang_at is not None and lang_at < len(args):
                    lang = check_lang(single(args[lang_at], "lang"))
                    args = (*args[:lang_at], lang, *args[lang_at + 1:])
                return _cells(compute(*args))
            except XlsalesError as err:
                return f"#XLSALES! {err.message(lang)}"
            except Exception as err:
                # A cell shows one short line; the traceback goes to the log (xlwings'
                # console on Windows, the output pane in xlwings Lite).
                _log.exception("%s failed", compute.__name__)
                return f"#XLSALES! {say(LABELS, 'internal_error', lang)} ({type(err).__name__})"

        formula.__doc__ = _both(description)
        formula.__annotations__ = {}  # no converter chosen from type hints: the cells are ours
        declared = formula
        for name in names:
            declared = xw.arg(name, ndim=2, err_to_str=True, doc=_both(arg_docs[name]))(declared)
        return xw.func(category=CATEGORY)(declared)

    return declare


def _is_empty_cell(cells: Any) -> bool:
    return (isinstance(cells, list) and len(cells) == 1 and isinstance(cells[0], list)
            and len(cells[0]) == 1 and cells[0][0] is None)


def _both(doc: Doc) -> str:
    english, french = doc
    return f"{english} / {french}"


def _grid(cells: Any) -> Sequence[Sequence[Any]]:
    """Cells as rows: xlwings hands a rectangular 2-D list; a Python caller may not."""
    if not isinstance(cells, list | tuple):
        return [[cells]]
    if cells and isinstance(cells[0], list | tuple):
        return cells
    return [[value] for value in cells]  # a flat list reads as a column


def line(cells: Any, arg: str) -> list[Any]:
    """The values of a cell, row or column argument, in reading order."""
    grid = _grid(cells)
    if len(grid) > 1 and len(grid[0]) > 1:
        raise XlsalesError(arg, "not_line", rows=len(grid), cols=len(grid[0]))
    values = [value for cells_row in grid for value in cells_row]
    _refuse_error_cells(values, arg, numbered=True)
    return values


def single(cells: Any, arg: str) -> Any:
    """The value of a one-cell argument (a parameter such as a share or a language)."""
    grid = _grid(cells)
    if len(grid) != 1 or len(grid[0]) != 1:
        raise XlsalesError(arg, "not_single", rows=len(grid), cols=len(grid[0]) if grid else 0)
    _refuse_error_cells(grid[0], arg, numbered=False)
    return grid[0][0]


def _refuse_error_cells(values: Sequence[Any], arg: str, numbered: bool) -> None:
    if _ERROR_CELLS.isdisjoint(values):  # the common case, at C speed
        return
    for row, value in enumerate(values, start=1):
        code = value - _COM_ERROR_BASE if type(value) is int else None
        if (type(value) is str and value in _ERROR_CELLS) or (code and 2000 <= code < 2100):
            raise XlsalesError(arg, "cell_error", row=row if numbered else None,
                               error=value if code is None else _ERROR_TEXTS.get(code, code))


def shaped_like(cells: Any, results: Sequence[Any] | np.ndarray) -> Any:
    """One answer per value of ``cells``, as a cell, a row or a column like ``cells``."""
    values = results.tolist() if isinstance(results, np.ndarray) else list(results)
    grid = _grid(cells)
    if len(grid) == 1 and len(grid[0]) == 1:
        return values[0]
    if len(grid) == 1:
        return [values]
    return [[value] for value in values]


def _cells(result: Any) -> Any:
    if isinstance(result, list | tuple):
        rows = [[_cell(value) for value in cells] for cells in result]
        return rows if rows and rows[0] else None  # Excel cannot show an empty array
    return _cell(result)


_AS_IS = frozenset({str, int, bool, type(None), dt.datetime, dt.date})


def _cell(value: Any) -> Any:
    """One result as Excel should show it: blanks empty, numbers plain, dates as dates."""
    kind = type(value)
    if kind is float:  # the common case first: this runs once per cell
        return None if value != value else value  # NaN is the only float unequal to itself
    if kind in _AS_IS:
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else float(value)
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[us]").item()
    if isinstance(value, np.generic):
        return _cell(value.item())
    return value


# ---------------------------------------------------------------------------------------
# Reading cells the way xlsales reads them
# ---------------------------------------------------------------------------------------

@excel_function(
    ("The installed xlsales version, to quote when reporting a problem.",
     "La version d'xlsales installée, à citer pour signaler un problème."),
)
def XLSALES_VERSION() -> str:
    return xlsales.__version__


@excel_function(
    ("Reads numbers typed as text ('1 234,50 €', '1,234.50', '45 %') as xlsales reads them.",
     "Lit les nombres saisis en texte (« 1 234,50 € », « 1,234.50 », « 45 % ») "
     "comme xlsales les lit."),
    text=("A cell, row or column of numbers, as text or as numbers",
          "Une cellule, ligne ou colonne de nombres, en texte ou en nombres"),
    lang=LANG_DOC,
)
def XLSALES_NUMBER(text: Any, lang: str = "en") -> Any:
    return shaped_like(text, to_numbers(line(text, "text"), "text"))


@excel_function(
    ("Reads dates typed as text ('31/12/2025', day first; '2025-12-31') or as serial numbers.",
     "Lit les dates saisies en texte (« 31/12/2025 », jour d'abord ; « 2025-12-31 ») "
     "ou en numéros de série."),
    value=("A cell, row or column of dates", "Une cellule, ligne ou colonne de dates"),
    lang=LANG_DOC,
)
def XLSALES_DATE(value: Any, lang: str = "en") -> Any:
    return shaped_like(value, to_dates(line(value, "value"), "value"))


@excel_function(
    ("Client, segment or product codes as xlsales matches them: 1001 and '1001' are one client.",
     "Codes client, segment ou produit tels qu'xlsales les rapproche : 1001 et « 1001 » "
     "sont un même client."),
    value=("A cell, row or column of codes or names",
           "Une cellule, ligne ou colonne de codes ou de noms"),
    lang=LANG_DOC,
)
def XLSALES_KEY(value: Any, lang: str = "en") -> Any:
    return shaped_like(value, to_keys(line(value, "value"), "value"))


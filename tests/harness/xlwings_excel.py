"""Drive a cell formula exactly as desktop Excel + xlwings, or xlwings Lite, would.

Nobody here has Excel, so this harness runs xlwings' own code wherever it does not need
COM or a licence key, and stands in only for what does.

xlwings' own code, run as it is:
- the classic decorators ``xlwings.udfs.xlfunc/xlarg/xlret/xlsub`` (what ``xw.func``,
  ``xw.arg``, ``xw.ret``, ``xw.sub`` are on Windows) and the ``__xlfunc__`` metadata they
  attach;
- the conversion pipeline ``xlwings.conversion.read``/``write`` with all its options
  (``ndim``, ``err_to_str``, ``dates``, ``numbers``, ``transpose``, numpy and pandas
  converters);
- the add-in's "Import Functions", ``xlwings.udfs.import_udfs``: the VBA module it writes
  and the ``Application.MacroOptions`` calls that give Excel each function's category,
  description and argument descriptions, recorded on a stand-in workbook.

Stand-ins:
- the modules ``pythoncom``, ``pywintypes`` and ``win32com.client``, present only while
  ``xlwings.udfs`` imports;
- the "excel" engine's two functions the conversion calls, ``clean_value_data`` and
  ``prepare_xl_data_element``, behaving as ``xlwings/_xlwindows.py`` does: COM dates become
  naive datetimes, error codes None (or "#N/A" with ``err_to_str``), empty cells None;
  on the way out dates become COM times, None and NaN "", numpy numbers floats;
- the "officejs" engine of xlwings Lite, behaving as ``xlwings/pro/_xlofficejs.py`` does
  (it is licence-gated): "" becomes None, error objects None or their text, serial
  numbers stay numbers; on the way out dates become date-formatted serials, None "", NaN
  #NUM!. With ``XLWINGS_LICENSE_KEY`` set xlwings registers its own engine and the harness
  uses that one;
- the two short argument loops, ``call_udf`` (``xlwings/udfs.py``, needs COM) and
  ``custom_functions_call`` (``xlwings/pro/udfs_officejs.py``, needs a key).

Not reproduced, so refused rather than faked: arguments read through a live COM Range
(``expand``, chunked reads), legacy dynamic arrays (``@xw.ret(expand=...)``), async
functions, the reserved ``caller`` argument.

Assumed for xlwings Lite, from xlwings' code (unverifiable without Excel): Office.js hands
each argument as a 2-D list, whole numbers as int, dates as serial numbers, empty cells as
"", error cells as ``{"type": "Error", "basicValue": "#N/A", ...}`` (the function metadata
allows errors for type "any"), an omitted optional argument as null. Lite's decorators
build the same argument options as the classic ones (both take ``doc`` out of the options;
Lite ignores ``category``), so the classic ``__xlfunc__`` options drive both calls here.

Cells are described once, the way COM hands them to ``call_udf``: a single cell as its
value (numbers are floats, dates ``ComTime``, error cells COM error codes, empty None), a
range as a tuple of row tuples (``column``, ``row``, ``table``), an omitted optional
argument as ``MISSING``. ``call_like_lite`` translates the same cells to Office.js form.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import math
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import xlwings
from xlwings import conversion
from xlwings.utils import datetime_to_xlserial, xlserial_to_datetime

__all__ = [
    "ERRORS",
    "MISSING",
    "ComTime",
    "call_like_excel",
    "call_like_lite",
    "classic",
    "column",
    "com_date",
    "error",
    "load",
    "macro_options",
    "row",
    "shown",
    "table",
    "vba_declarations",
]

# VBA's "missing" marker (DISP_E_PARAMNOTFOUND): what an omitted Optional argument is.
MISSING = -2147352572

# Excel's error values (xlErrDiv0 = 2007, ...: Excel's XlCVError) reach Python as COM
# error codes 0x800A0000 + number, read as a signed 32-bit integer. Office.js names them
# by errorType.
_XL_ERRORS = {
    "#NULL!": (2000, "Null"),
    "#DIV/0!": (2007, "Div0"),
    "#VALUE!": (2015, "Value"),
    "#REF!": (2023, "Ref"),
    "#NAME?": (2029, "Name"),
    "#NUM!": (2036, "Num"),
    "#N/A": (2042, "NotAvailable"),
    "#GETTING_DATA": (2043, "GettingData"),
    "#SPILL!": (2045, "Spill"),
    "#CONNECT!": (2046, "Connect"),
    "#BLOCKED!": (2047, "Blocked"),
    "#FIELD!": (2049, "Field"),
    "#CALC!": (2050, "Calc"),
}
ERRORS = {text: 0x800A0000 + code - 2**32 for text, (code, _) in _XL_ERRORS.items()}
_ERROR_TEXTS = {code: text for text, code in ERRORS.items()}
# The ones xlwings knows by name (its cell_errors and error_to_type tables); a newer error
# such as #SPILL! or #CALC! (FILTER finding nothing) passes through xlwings as its bare code.
_XLWINGS_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_XLWINGS_ERROR_TEXTS = {ERRORS[text]: text for text in _XLWINGS_ERRORS}


class ComTime(dt.datetime):
    """pywintypes' time type: a datetime that COM hands over as a date (VT_DATE)."""


# ---------------------------------------------------------------------------------------
# xlwings.udfs on Linux
# ---------------------------------------------------------------------------------------

class _ComError(Exception):
    """pywintypes.com_error."""


def _com_stand_ins() -> dict[str, types.ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # the COM thread pool's initializer
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = _ComError
    pywintypes.TimeType = ComTime
    client = types.ModuleType("win32com.client")

    def dispatch(*args: Any, **kwargs: Any) -> Any:
        raise _ComError("no COM on this machine")

    client.Dispatch = dispatch
    win32com = types.ModuleType("win32com")
    win32com.client = client
    return {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com,
            "win32com.client": client}


def _import_xlwings_udfs() -> types.ModuleType:
    """Import xlwings/udfs.py with the COM modules standing in only for that import."""
    if "xlwings.udfs" in sys.modules:
        return sys.modules["xlwings.udfs"]
    added = [name for name, module in _com_stand_ins().items()
             if sys.modules.setdefault(name, module) is module]
    try:
        return importlib.import_module("xlwings.udfs")
    finally:
        for name in added:
            del sys.modules[name]


udfs = _import_xlwings_udfs()


# ---------------------------------------------------------------------------------------
# The engines xlwings' conversion asks for by name
# ---------------------------------------------------------------------------------------

class _ExcelEngine:
    """What ``xlwings/_xlwindows.py`` answers to the conversion pipeline."""

    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        return [[_from_com(value, datetime_builder, empty_as, number_builder, err_to_str)
                 for value in cells] for cells in data]

    @staticmethod
    def prepare_xl_data_element(x, options):
        if x is None or x is pd.NaT or x is pd.NA:
            return ""
        if isinstance(x, dt.date | np.datetime64):
            return _com_time(_moment(x))
        if isinstance(x, float | np.floating) and math.isnan(x):
            return ""
        if isinstance(x, np.number):
            return float(x)
        return x


def _from_com(value, datetime_builder, empty_as, number_builder, err_to_str):
    if value is None or (isinstance(value, str) and value == ""):
        return empty_as
    if isinstance(value, dt.datetime):
        return datetime_builder(year=value.year, month=value.month, day=value.day,
                                hour=value.hour, minute=value.minute, second=value.second,
                                microsecond=value.microsecond, tzinfo=None)
    if isinstance(value, float):
        return number_builder(value) if number_builder is not None else value
    if type(value) is int and value in _XLWINGS_ERROR_TEXTS:
        return _XLWINGS_ERROR_TEXTS[value] if err_to_str else None
    return value


def _moment(x: dt.date | np.datetime64) -> dt.datetime:
    if isinstance(x, np.datetime64):
        return x.astype("datetime64[us]").item()
    if isinstance(x, pd.Timestamp):
        return x.to_pydatetime()
    if isinstance(x, dt.datetime):
        return x
    return dt.datetime(x.year, x.month, x.day)


def _com_time(moment: dt.datetime) -> ComTime:
    # pywin32 wants an aware time; xlwings marks a naive one as UTC so it arrives unshifted.
    return ComTime(moment.year, moment.month, moment.day, moment.hour, moment.minute,
                   moment.second, moment.microsecond, tzinfo=dt.UTC)


class _OfficeJsEngine:
    """What xlwings Lite's "officejs" engine (``xlwings/pro/_xlofficejs.py``) answers."""

    name = "officejs"
    type = "remote"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        # No date conversion: a date cell stays the serial number Office.js sent.
        return [[_from_officejs(value, empty_as, number_builder, err_to_str)
                 for value in cells] for cells in data]

    @staticmethod
    def prepare_xl_data_element(x, options):
        if x is None:
            return ""
        if x is pd.NaT or x is pd.NA or (isinstance(x, float | np.floating) and math.isnan(x)):
            return _officejs_error("#NUM!", options["runtime"])
        if isinstance(x, np.number):
            return float(x)
        if isinstance(x, dt.date | np.datetime64):
            serial = datetime_to_xlserial(_moment(x))
            if float(options["runtime"]) < 1.4 or options["date_format"] is None:
                return serial
            return {"type": "FormattedNumber", "basicValue": serial,
                    "numberFormat": options["date_format"]}
        if isinstance(x, str) and x in _XLWINGS_ERRORS:
            return _officejs_error(x, options["runtime"])
        return x


def _from_officejs(value, empty_as, number_builder, err_to_str):
    if isinstance(value, str) and value == "":  # how Office.js sends an empty cell
        return empty_as
    if isinstance(value, dict):
        if value["type"] == "Error":
            return value["basicValue"] if err_to_str else None
        return value["basicValue"]
    if isinstance(value, float) and number_builder is not None:
        return number_builder(value)
    return value


def _officejs_error(text: str, runtime: str) -> Any:
    if float(runtime) < 1.4:
        return text
    return {"type": "Error", "errorType": _XL_ERRORS[text][1]}


def _register_engines() -> None:
    names = {engine.name for engine in xlwings.engines}
    for stand_in in (_ExcelEngine(), _OfficeJsEngine()):
        if stand_in.name not in names:
            xlwings.engines.add(xlwings.Engine(impl=stand_in))


_register_engines()


# ---------------------------------------------------------------------------------------
# Loading a UDF module as the add-in does
# ---------------------------------------------------------------------------------------

@contextlib.contextmanager
def classic() -> Iterator[None]:
    """``xw.func``, ``xw.arg``, ``xw.ret``, ``xw.sub``, ``xw.script`` as on Windows, meanwhile."""
    real = {"func": udfs.xlfunc, "arg": udfs.xlarg, "ret": udfs.xlret, "sub": udfs.xlsub,
            "script": udfs.xlsub}
    saved = {name: getattr(xlwings, name) for name in real}
    try:
        for name, decorator in real.items():
            setattr(xlwings, name, decorator)
        yield
    finally:
        for name, decorator in saved.items():
            setattr(xlwings, name, decorator)


def load(module_name: str = "xlsales.excel.udfs") -> types.ModuleType:
    """A fresh copy of a UDF module, its functions registered by the classic decorators.

    ``sys.modules`` keeps the plain copy (if any), so ``import xlsales_udfs`` elsewhere
    still gets the Linux no-op decorators.
    """
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(module_name)
    module = importlib.util.module_from_spec(spec)
    before = sys.modules.get(module_name)
    sys.modules[module_name] = module  # as during any import (dataclasses look it up)
    try:
        with classic():
            spec.loader.exec_module(module)
    finally:
        if before is None:
            del sys.modules[module_name]
        else:
            sys.modules[module_name] = before
    return module


# ---------------------------------------------------------------------------------------
# Cells as COM hands them
# ---------------------------------------------------------------------------------------

def com_date(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
             second: int = 0) -> ComTime:
    """A date cell as COM hands it."""
    return _com_time(dt.datetime(year, month, day, hour, minute, second))


def error(text: str) -> int:
    """An error cell ("#N/A", "#DIV/0!", ...) as COM hands it: its error code."""
    return ERRORS[text]


def column(*values: Any) -> tuple[tuple[Any, ...], ...]:
    """A one-column range as COM's ``Range.Value`` gives it: a tuple of 1-tuples."""
    return tuple((_com_value(value),) for value in values)


def row(*values: Any) -> tuple[tuple[Any, ...], ...]:
    """A one-row range: one tuple inside a tuple."""
    return (tuple(_com_value(value) for value in values),)


def table(*rows: Any) -> tuple[tuple[Any, ...], ...]:
    """A range of several rows and columns, given row by row."""
    return tuple(tuple(_com_value(value) for value in cells) for cells in rows)


def _com_value(value: Any) -> Any:
    """One cell's value as COM hands it: every number a float, dates as COM times."""
    if isinstance(value, bool) or value is None or isinstance(value, str | ComTime):
        return value
    if isinstance(value, int):
        return value if value in _ERROR_TEXTS else float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime):
        return _com_time(value)
    if isinstance(value, dt.date):
        return _com_time(dt.datetime(value.year, value.month, value.day))
    raise TypeError(f"a cell cannot hold {type(value).__name__}: {value!r}")


def _as_com(cell: Any) -> Any:
    """What ``call_udf`` receives for one argument: a single cell's value, or row tuples.

    A tuple of row tuples (what ``column``, ``row``, ``table`` build) is taken as COM's
    own form; a list of rows is first made into it.
    """
    if isinstance(cell, list | tuple):
        if not cell or not isinstance(cell[0], list | tuple):
            raise TypeError("give a range as column(...), row(...) or table(...)")
        rows = cell if isinstance(cell, tuple) and isinstance(cell[0], tuple) else table(*cell)
        if len({len(r) for r in rows}) != 1:
            raise TypeError("a range is rectangular")
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows
    if cell == MISSING and type(cell) is int:
        return cell
    return _com_value(cell)


def _xlfunc(func: Callable[..., Any]) -> dict[str, Any]:
    info = getattr(func, "__xlfunc__", None)
    if info is None:
        raise TypeError(f"{func.__name__} has no xlwings metadata: load its module with load()")
    if info.get("async_mode") or info["ret"]["options"].get("expand"):
        raise NotImplementedError("async functions and legacy dynamic arrays need COM")
    for arg in info["args"]:
        if arg["name"] == "caller" or arg["options"].get("expand"):
            raise NotImplementedError(f"argument {arg['name']} needs a live COM Range")
    return info


def _with_omitted(info: dict[str, Any], cells: tuple[Any, ...], omitted: Any) -> list[Any]:
    """Every declared argument, the ones not typed in the formula marked as omitted.

    Excel accepts a formula only with its required arguments; VBA then passes every
    declared argument, the missing optional ones as the "missing" marker.
    """
    args = info["args"]
    if any(arg["vararg"] for arg in args):
        return list(cells)
    if len(cells) > len(args):
        raise TypeError(f"{info['name']} takes {len(args)} arguments, not {len(cells)}")
    for arg in args[len(cells):]:
        if "optional" not in arg:
            raise TypeError(f"Excel refuses {info['name']} without its {arg['name']} argument")
    return list(cells) + [omitted] * (len(args) - len(cells))


def call_like_excel(func: Callable[..., Any], *cells: Any) -> list[list[Any]]:
    """Call a UDF as ``xlwings.udfs.call_udf`` does; return the 2-D values Excel receives.

    (The add-in's COM server then hands Excel a 1×1 result as a scalar and a 1×n result
    as a 1-D array; both fill the same cells.)
    """
    info = _xlfunc(func)
    args_info = info["args"]
    args = _with_omitted(info, tuple(_as_com(cell) for cell in cells), MISSING)
    for i, arg in enumerate(args):
        arg_info = args_info[min(i, len(args_info) - 1)]
        if isinstance(arg, int) and arg == MISSING:
            args[i] = arg_info.get("optional", None)
        else:
            args[i] = conversion.read(None, arg, arg_info["options"])
    result = func(*args)
    return conversion.write(result, None, info["ret"]["options"])


def shown(cell: Any) -> Any:
    """A returned cell as the user reads it: a COM time or date-formatted number is a date."""
    if isinstance(cell, ComTime):
        return cell.replace(tzinfo=None)
    if isinstance(cell, dict) and cell.get("type") == "FormattedNumber":
        return xlserial_to_datetime(cell["basicValue"])
    return cell


# ---------------------------------------------------------------------------------------
# The same cells as xlwings Lite (Office.js) hands them
# ---------------------------------------------------------------------------------------

def _lite_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, dt.datetime):
        value = datetime_to_xlserial(value.replace(tzinfo=None))
    elif type(value) is int:
        text = _ERROR_TEXTS[value]
        return {"type": "Error", "basicValue": text, "errorType": _XL_ERRORS[text][1]}
    # A JavaScript number that is whole reaches Python (Pyodide) as an int.
    return int(value) if float(value).is_integer() else value


def _as_lite(cell: Any) -> Any:
    if type(cell) is int and cell == MISSING:
        return None  # JavaScript's null
    com = _as_com(cell)
    rows = com if isinstance(com, tuple) else ((com,),)
    return [[_lite_value(value) for value in cells] for cells in rows]


def _to_scalar(arg: Any) -> Any:
    """Lite's first step on each argument: one row is unwrapped, one cell too."""
    if isinstance(arg, list | tuple) and len(arg) == 1:
        first = arg[0]
        return first[0] if isinstance(first, list | tuple) and len(first) == 1 else first
    return arg


def call_like_lite(func: Callable[..., Any], *cells: Any, date_format: str = "dd/mm/yyyy",
                   runtime: str = "1.4") -> list[list[Any]]:
    """Call a UDF as xlwings Lite's ``custom_functions_call`` does; return what Excel gets.

    ``date_format`` is Excel's short date pattern (a French Excel's, by default) and
    ``runtime`` the custom-functions requirement set; from 1.4 dates go back as
    date-formatted numbers and errors as error objects.
    """
    info = _xlfunc(func)
    raw = _with_omitted(info, tuple(_as_lite(cell) for cell in cells), None)
    args, args_info = [], []
    for i, arg in enumerate(raw):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        if arg_info["vararg"]:
            args.extend(raw[i:])
            args_info.extend([arg_info] * (len(raw) - i))
            break
        args.append(arg)
        args_info.append(arg_info)
    for i, (arg, arg_info) in enumerate(zip(args, args_info, strict=True)):
        arg = _to_scalar(arg)
        if arg is None:
            args[i] = arg_info.get("optional", None)
        else:
            args[i] = conversion.read(None, arg, arg_info["options"], engine_name="officejs")
    result = func(*args)
    options = {**info["ret"]["options"], "date_format": date_format, "runtime": runtime}
    return conversion.write(result, None, options, engine_name="officejs")


# ---------------------------------------------------------------------------------------
# "Import Functions"
# ---------------------------------------------------------------------------------------

class _Components:
    """A VBA project's VBComponents, as far as ``import_udfs`` uses them."""

    def __init__(self) -> None:
        self.imported = ""

    def __call__(self, name: str) -> Any:
        raise _ComError(f"no component {name}")

    def Remove(self, component: Any) -> None:  # COM's name
        raise _ComError("nothing to remove")

    def Import(self, path: str) -> None:  # COM's name
        with open(path, encoding="utf-8") as file:
            self.imported = file.read()


class _Workbook:
    """The workbook the add-in imports functions into, recording what Excel is told."""

    def __init__(self, name: str) -> None:
        self.Name = name
        self.VBProject = types.SimpleNamespace(VBComponents=_Components())
        self.macro_options: list[dict[str, Any]] = []
        self.Application = types.SimpleNamespace(Version="16.0",
                                                 MacroOptions=self._macro_options)

    def _macro_options(self, macro: str, **options: Any) -> None:
        self.macro_options.append({"Macro": macro, **options})


def _import_functions(module: types.ModuleType, workbook: str,
                      name: str = "xlsales_udfs") -> _Workbook:
    """xlwings' "Import Functions" with ``name`` in UDF Modules, ``module`` its loaded copy."""
    book = _Workbook(workbook)
    before = udfs.udf_modules.get(name)
    pro = udfs.__pro__
    # The add-in's cache of loaded modules (no file time: never reloaded) hands xlwings
    # this copy. The PRO branch only maps embedded code, which needs the workbook's COM.
    udfs.udf_modules[name] = {"filename": module.__file__, "filetime": None, "module": module}
    udfs.__pro__ = False
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            udfs.import_udfs(name, book)
    finally:
        udfs.__pro__ = pro
        if before is None:
            del udfs.udf_modules[name]
        else:
            udfs.udf_modules[name] = before
    return book


def macro_options(module: types.ModuleType,
                  workbook: str = "xlsales.xlsm") -> list[dict[str, Any]]:
    """The ``Application.MacroOptions`` calls "Import Functions" makes, one per function."""
    return _import_functions(module, workbook).macro_options


def vba_declarations(module: types.ModuleType, workbook: str = "xlsales.xlsm") -> str:
    """What "Import Functions" gives Excel: the VBA module, then the MacroOptions calls."""
    book = _import_functions(module, workbook)
    lines = [book.VBProject.VBComponents.imported]
    for options in book.macro_options:
        named = ", ".join(f"{key}:={_vba_literal(value)}" for key, value in options.items()
                          if value is not None)
        lines.append(f"Application.MacroOptions {named}")
    return "\n".join(lines) + "\n"


def _vba_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list | tuple):
        return "Array(" + ", ".join(_vba_literal(v) for v in value) + ")"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return str(value)

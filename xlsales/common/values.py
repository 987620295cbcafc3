"""Reading the values users give us: numbers typed the French or English way, blanks, ids.

Sales figures arrive as floats from Excel, as text from CSV exports and pastes
("1 234,50", "1,234.50", "12 €", "45%", "(300)"), and with holes. One reader for all of
them keeps the rules the same in every layer: a blank is "no value" (NaN), never 0; text
that is not a number is an error naming the argument, the row and the text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError

# Spaces used as thousands separators: normal, no-break, narrow no-break, thin; and the
# Swiss apostrophes.
_GROUP_CHARS = " \u00a0\u202f\u2009'\u2019"
_CURRENCY = re.compile(r"(?i)(€|\$|£|eur(?:os?)?|usd|gbp|chf)")
_SCALE = re.compile(r"(?i)^(.*?\d)\s*([km])\s*(€|\$|£|eur|usd|gbp|chf)\s*$")
_PLAIN = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_NUMBER_TYPES = (int, float, np.integer, np.floating, Decimal)
_ACCOUNTING_ZERO = frozenset({"-", "\u2013", "\u2014"})  # the dash alone, currency aside
T = TypeVar("T")
# What a column of plain numbers with empty cells holds: read as floats, None as NaN.
_PLAIN_NUMBERS = frozenset({float, int, type(None)})


def is_blank(value: Any) -> bool:
    """True for what a user means by an empty cell: None, NaN, NaT, "" or spaces."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    if value is pd.NaT:
        return True
    if isinstance(value, np.floating):
        return bool(np.isnan(value))
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


def parse_number(value: Any, arg: str = "value", row: int | None = None,
                 decimal: str | None = None) -> float:
    """A cell value as a float; NaN for a blank. Raises XlsalesError for anything else.

    ``decimal`` is "," or "." when the caller knows the convention (a CSV's), else None:
    then a lone comma is decimal ("12,5"), except "1,234" (one to three digits, a comma,
    exactly three digits), which is read as a thousands group, the English way.
    """
    if isinstance(value, bool | np.bool_):
        raise XlsalesError(arg, "not_number", row=row, value=value)
    if isinstance(value, _NUMBER_TYPES):
        try:
            number = float(value)
        except OverflowError:  # a whole number of 309 digits or more
            number = math.inf
        if math.isinf(number):
            raise XlsalesError(arg, "not_finite", row=row, value=value)
        return number
    if is_blank(value):
        return math.nan
    if not isinstance(value, str):
        raise XlsalesError(arg, "not_number", row=row, value=value)
    number = _parse_text(value, decimal)
    if number is None:
        raise XlsalesError(arg, "not_number", row=row, value=value)
    return number


def _parse_text(text: str, decimal: str | None) -> float | None:
    s = text.strip().replace("\u2212", "-")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    scale = 1.0
    scaled = _SCALE.match(s)
    if scaled:
        s = scaled.group(1)
        scale = 1e3 if scaled.group(2).lower() == "k" else 1e6
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    s = _CURRENCY.sub("", s).strip()
    if s in _ACCOUNTING_ZERO:  # Excel's Accounting format shows 0 as a dash: "  -   € "
        return 0.0
    if s.endswith("-") and not s.startswith(("-", "+")):
        negative, s = not negative, s[:-1]
    if s[:1] in ("+", "-"):
        negative ^= s[0] == "-"
        s = s[1:].strip()
    for ch in _GROUP_CHARS:
        s = s.replace(ch, "")
    s = _normalise_separators(s, decimal)
    if s is None or not _PLAIN.match(s):
        return None
    number = float(s) * scale
    if math.isinf(number):
        return None
    if percent:
        number /= 100.0
    return -number if negative else number


def _normalise_separators(s: str, decimal: str | None) -> str | None:
    """Turn a number's separators into Python's: no thousands marks, "." for decimals."""
    if "," in s and "." in s:
        mark = "," if s.rfind(",") > s.rfind(".") else "."
    elif "," in s:
        if s.count(",") > 1 or decimal == ".":
            mark = "."
        elif decimal == ",":
            mark = ","
        else:
            mark = "." if _GROUPED_COMMA.match(s) and not s.startswith("0") else ","
    elif "." in s:
        mark = "," if s.count(".") > 1 or decimal == "," else "."
    else:
        return s
    group = "." if mark == "," else ","
    whole, _, fraction = s.partition(mark)
    if mark in fraction or group in fraction:
        return None
    if group in whole:
        grouped = _GROUPED_DOT if group == "." else _GROUPED_COMMA
        if not grouped.match(whole):
            return None
        whole = whole.replace(group, "")
    return f"{whole}.{fraction}" if fraction else whole


def column_decimal(values: Iterable[Any]) -> str | None:
    """The decimal mark a column of text numbers uses, when its texts show it; else None.

    One value like "1 234,5" or "0,25" settles a column as French; "1,234.5" as English.
    Looking at the whole column first stops "1,250" meaning 1250 in one row and 1.25 in
    the next.
    """
    comma = dot = False
    for value in values:
        if not isinstance(value, str):
            continue
        s = value.strip()
        for ch in _GROUP_CHARS:
            s = s.replace(ch, "")
        s = _CURRENCY.sub("", s).strip(" %-+()")
        if "," in s and "." in s:
            if s.rfind(",") > s.rfind("."):
                comma = True
            else:
                dot = True
        elif s.count(",") == 1 and not _GROUPED_COMMA.match(s):
            comma = True
        elif s.count(".") == 1 and not _GROUPED_DOT.match(s):
            dot = True
        elif s.count(",") > 1:
            dot = True
        elif s.count(".") > 1:
            comma = True
        if comma and dot:
            return None
    if comma:
        return ","
    if dot:
        return "."
    return None


def implied_decimal(separator: str | None, shown: str | None) -> str | None:
    """The decimal mark of a CSV's number column that shows none itself ("800", "1.500",
    "12.000"): the one the file's other number columns show (``shown``), else "," in a
    ``;``-separated file, else None (``parse_number``'s own reading).

    Excel, and the ERPs that copy it, separate fields with ";" exactly where the comma is
    the decimal mark (the list separator of French, German, Spanish... settings); there
    "1.500" groups thousands and is fifteen hundred, not one and a half.
    """
    if shown is not None:
        return shown
    return "," if separator == ";" else None


def ambiguous_dots(values: Iterable[Any], separator: str | None) -> list[str]:
    """The texts of a CSV number column that may be thousands or decimals, when nothing
    says which: "1.500" and "12.000" (dots grouping digits by three, and no other mark in
    the column) in a file separated by a tab or "|", whose separator implies no decimal
    mark (``implied_decimal``). Empty when the column or its file settles it."""
    if separator in (";", ","):
        return []
    texts = [v.strip() for v in values if isinstance(v, str)]
    if column_decimal(texts) is not None:
        return []
    return [t for t in texts if _GROUPED_DOT.match(_CURRENCY.sub("", t).strip(" -"))]


def to_numbers(values: Any, arg: str = "value", *, first_row: int = 1,
               decimal: str | None = None, blank_ok: bool = True,
               negative_ok: bool = True) -> np.ndarray:
    """A 1-D float array from a scalar, list, array or Series; NaN where blank.

    ``first_row`` numbers the rows in messages (1 = first value). Numeric arrays take a
    fast path: a million floats costs a copy, not a Python loop.
    """
    array = as_1d(values)
    if array.dtype.kind in "iuf":
        out = array.astype(np.float64, copy=True)
        bad = np.isinf(out)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise XlsalesError(arg, "not_finite", row=first_row + i, value=out[i])
    elif array.dtype.kind == "b":
        raise XlsalesError(arg, "not_number", row=first_row, value=bool(array[0]))
    else:
        items = array.tolist()
        try:  # the common case: floats and None only (checked per type, not per item)
            if any(issubclass(kind, bool | str) for kind in set(map(type, items))):
                raise TypeError
            out = np.array(items, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            out = None
        # rows of several cells ([[1, 2]]) would make a table: each is read, and refused
        if out is None or out.ndim != 1 or np.isinf(out).any():
            if decimal is None:
                decimal = column_decimal(items)
            out = np.fromiter(
                (parse_number(v, arg, first_row + i, decimal) for i, v in enumerate(items)),
                dtype=np.float64, count=len(items))
    if not blank_ok:
        holes = np.isnan(out)
        if holes.any():
            raise XlsalesError(arg, "blank", row=first_row + int(np.flatnonzero(holes)[0]))
    if not negative_ok:
        below = out < 0
        if below.any():
            i = int(np.flatnonzero(below)[0])
            raise XlsalesError(arg, "negative", row=first_row + i, value=_original(values, i))
    return out


def to_number(value: Any, arg: str = "value", *, blank_ok: bool = False,
              negative_ok: bool = True) -> float:
    """One number (a parameter such as a rate or a target); blank is an error by default."""
    if isinstance(value, list | tuple | np.ndarray | pd.Series) and _size(value) == 1:
        value = np.asarray(value, dtype=object).ravel()[0]
    number = parse_number(value, arg)
    if math.isnan(number) and not blank_ok:
        raise XlsalesError(arg, "blank")
    if number < 0 and not negative_ok:
        raise XlsalesError(arg, "negative", value=value)
    return number


def _size(values: Any) -> int:
    """How many values a container holds; rows of unequal length hold more than one."""
    try:
        return int(np.size(values))
    except ValueError:
        return len(values)


# A number typed above 1 and at most this, without "%", is read as a percentage: 80 is 80 %.
PERCENT_MAX = 100.0


def as_percent_typed(number: float, value: Any) -> float:
    """``number`` (read from ``value``) as a share: a number typed above 1 and at most 100
    in size, not as text, is a percentage (80 → 0.8, -5 → -0.05, 1.5 → 0.015); 1 stays
    1 (100 %), 0.8 stays 0.8. Text says what it means ("80%" is 0.8; "80" is 80). The
    template's native formulas read a share cell the same way
    (``xlsales.workbook.formulas.share_as_typed``)."""
    if 1 < abs(number) <= PERCENT_MAX and not isinstance(value, str):
        return number / 100.0
    return number


def to_share(value: Any, arg: str) -> float:
    """A share in (0, 1], written 0.8, "80%" or "80 %"; 80 alone is read as 80 %.

    Exactly: 1 is 100 %, 1.5 is 1.5 %, 100 is 100 %; 0, negatives, and numbers above 100
    are refused ("share"), as is the text "80" (a text without % means what it says).
    """
    number = as_percent_typed(to_number(value, arg), value)
    if not 0 < number <= 1:
        raise XlsalesError(arg, "share", value=value)
    return number


def to_growth(value: Any, arg: str) -> float:
    """A growth aimed at, -100 % to 100 %: a share that may be negative (a planned
    shrink), read as ``to_share`` reads one (5 is 5 %, -0.1 is -10 %)."""
    number = as_percent_typed(to_number(value, arg), value)
    if not -1 <= number <= 1:
        raise XlsalesError(arg, "range", value=value, low="-100%", high="100%")
    return number


def to_growths(values: Any, arg: str = "growth", *, first_row: int = 1) -> np.ndarray:
    """A column of growths (``to_growth`` each), NaN where blank."""
    items = as_1d(values)
    numbers = to_numbers(items, arg, first_row=first_row)
    out = np.array([as_percent_typed(n, v) for n, v in zip(numbers.tolist(), items.tolist(),
                                                            strict=True)], dtype=np.float64)
    outside = np.abs(out) > 1
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise XlsalesError(arg, "range", row=first_row + i if out.size > 1 else None,
                           value=items[i], low="-100%", high="100%")
    return out


def to_keys(values: Any, arg: str = "client", *, first_row: int = 1,
            blank_ok: bool = True) -> list[str | None]:
    """Identifiers (client codes, segment and product names) as clean text; None if blank.

    Excel hands the code 1001 as the float 1001.0 and a CSV as "1001": both become "1001",
    so the same client matches across years and sources.
    """
    flat = as_1d(values)
    if flat.dtype.kind == "f":  # codes typed as numbers (and blanks): text at C speed
        blank = np.isnan(flat)
        whole = ~blank & (flat == np.trunc(flat)) & (np.abs(flat) < 2.0**53)
        if (whole | blank).all():
            if not blank_ok and blank.any():
                raise XlsalesError(arg, "blank", row=first_row + int(np.flatnonzero(blank)[0]))
            keys = np.where(blank, 0.0, flat).astype(np.int64).astype(str).astype(object)
            keys[blank] = None
            return keys.tolist()
    if flat.dtype == object and flat.size and \
            pd.api.types.infer_dtype(flat, skipna=True) == "string":
        tidy = _tidy_texts(flat.tolist())  # codes typed as text that need no cleaning
        if tidy is not None:
            if not blank_ok and None in tidy:
                raise XlsalesError(arg, "blank", row=first_row + tidy.index(None))
            return tidy
    return read_each(flat.tolist(), lambda value, row: to_key(value, arg, row, blank_ok),
                     first_row)


# Text ``to_key`` would change: space at either end, runs of spaces, other white space
_UNTIDY = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)|\s\s|[^\S ]")


def _tidy_texts(items: list[Any]) -> list[str | None] | None:
    """``items`` as keys when every text is already clean (checked on the whole column at
    once, at C speed), else None; non-texts here are only blanks (NaN, None)."""
    texts = [v for v in items if isinstance(v, str)]
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0) or _UNTIDY.search(joined):
        return None
    return [v if isinstance(v, str) and v else None for v in items]


def read_each(values: Iterable[Any], read: Callable[[Any, int], T],
              first_row: int = 1) -> list[T]:
    """``read(value, row)`` for every value, each distinct value read once, at its first
    row (so an error still names the first bad row).

    A column repeats a few codes, labels or dates: reading each once keeps a long column
    at a dictionary lookup per cell. Values are told apart by type too, so True is not
    taken for 1.0.
    """
    known: dict[tuple[type, Any], T] = {}
    out: list[T] = []
    for row, value in enumerate(values, start=first_row):
        try:
            found = known[type(value), value]
        except KeyError:
            found = known[type(value), value] = read(value, row)
        except TypeError:  # unhashable: read it every time
            found = read(value, row)
        out.append(found)
    return out


def to_key(value: Any, arg: str = "client", row: int | None = None,
           blank_ok: bool = True) -> str | None:
    """One identifier as clean text (see ``to_keys``)."""
    if is_blank(value):
        if not blank_ok:
            raise XlsalesError(arg, "blank", row=row)
        return None
    # a row of several cells, or any collection, is no code: its text would be a new
    # client "[1, 2]"
    if isinstance(value, bool | np.bool_ | list | tuple | dict | set | frozenset | np.ndarray
                  | pd.Series | pd.DataFrame):
        raise XlsalesError(arg, "not_text", row=row, value=value)
    if isinstance(value, float | np.floating):
        if math.isinf(value):
            raise XlsalesError(arg, "not_text", row=row, value=value)
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def fold_key(key: str | None) -> str | None:
    """The form two names are compared in: Excel's SUMIFS and COUNTIFS compare texts
    without regard to case ("Industrie" = "INDUSTRIE" = "industrie"), so the matrix, the
    plan's sentences, the summary and the cell formulas fold segment and product names
    the same way, here and nowhere else. Lower case, not ``str.casefold``: Excel does not
    make "ß" equal "ss"."""
    return None if key is None else key.lower()


def first_spellings(keys: Iterable[str | None]) -> list[str | None]:
    """Each key replaced by the first spelling met of its folded form (``fold_key``):
    ["Industrie", "INDUSTRIE", "BTP"] → ["Industrie", "Industrie", "BTP"]; None stays."""
    first: dict[str, str] = {}
    out: list[str | None] = []
    for key in keys:
        if key is None:
            out.append(None)
            continue
        out.append(first.setdefault(key.lower(), key))
    return out


def as_1d(values: Any) -> np.ndarray:
    """Any scalar, list, dict (its values), array or Series as a flat numpy array.

    Numbers with blanks among them (None, NaN) come out as floats, NaN for a blank.
    """
    if isinstance(values, pd.Series | pd.Index):
        array = values.to_numpy()
        if isinstance(values.dtype, pd.StringDtype) or array.dtype.kind not in "iufb":
            array = np.asarray(values.astype(object).where(values.notna(), None), dtype=object)
        return array
    if isinstance(values, dict):
        values = list(values.values())
    if isinstance(values, np.ndarray):
        return values.ravel()
    if isinstance(values, str) or not isinstance(values, Iterable):
        values = [values]
    items = list(values)
    # The type set settles a million plain floats at C speed, blanks (None, NaN) among
    # them, as Excel hands a column with empty cells; subclasses (np.float64) and bools
    # still get the item-by-item check.
    kinds = set(map(type, items))
    if items and ((kinds <= _PLAIN_NUMBERS and kinds != {type(None)})
                  or all(isinstance(v, float | int) and not isinstance(v, bool) for v in items)):
        with contextlib.suppress(OverflowError):  # else an int beyond floats: read one by one
            return np.asarray(items, dtype=np.float64)
    array = np.empty(len(items), dtype=object)
    if any(issubclass(kind, list | tuple) for kind in kinds):
        array[:] = [_flatten_single(v) for v in items]
    else:  # no one-cell rows to unwrap (a column of text): no step per item
        array[:] = items
    return array


def _flatten_single(value: Any) -> Any:
    """A one-cell row from a 2-D range ([[1], [2]]) counts as its value."""
    if isinstance(value, list | tuple) and len(value) == 1:
        return value[0]
    return value


def _original(values: Any, i: int) -> Any:
    try:
        return as_1d(values)[i]
    except (IndexError, TypeError):
        return None


def refuse_overflow(values: np.ndarray, arg: str) -> np.ndarray:
    """``values`` back, or the problem told on ``arg`` (and the row, for several) when a
    product or ratio of finite inputs overflowed to ±inf: an infinite need is no plan."""
    infinite = np.isinf(values)
    if infinite.any():
        row = int(np.flatnonzero(infinite)[0]) + 1 if values.size > 1 else None
        raise XlsalesError(arg, "result_too_large", row=row)
    return values


def round_up(values: Any) -> np.ndarray:
    """Round up to whole units (clients, suspects to find), NaN staying NaN.

    A need of 12.000000001 clients is float noise, not a thirteenth client: values within
    1e-9 (relative) above a whole number round down to it.
    """
    x = np.asarray(values, dtype=np.float64)
    return np.ceil(x - 1e-9 * np.maximum(1.0, np.abs(x))) + 0.0  # + 0.0: no -0.0 for 0

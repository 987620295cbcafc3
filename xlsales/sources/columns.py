"""Reading whole columns — identifiers, numbers, dates — fast, by the foundation's rules.

A ledger export has up to a million lines; reading each cell through ``parse_number`` or
``parse_date`` would take most of a minute. These readers give the same answers in bulk:
they work on each distinct value once (a ledger repeats its clients and its days), read
the common shapes with vectorised operations ("1 234,50", "1234.5-", "31/12/2025 14:05",
"2025-12-31"), and hand every other value to ``values.parse_number``,
``values.column_decimal``, ``dates.parse_date`` or ``values.to_key``, which stay the only
definition of what a number, a date or an identifier is. ``tests/sources/test_ledger.py`` checks
the bulk path against the foundation on random texts.

Each reader returns the converted values (NaN, NaT or None where blank) and, per row, the
``PROBLEMS`` key of a value that could not be read (None elsewhere).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.dates import month_first, parse_date, swap_day_month
from xlsales.common.errors import XlsalesError
from xlsales.common.values import column_decimal, parse_number, to_key

__all__ = ["read_dates", "read_numbers", "read_texts"]

_NINES = str.maketrans("0123456789", "9999999999")
_NINES_BYTES = bytes.maketrans(b"0123456789", b"9999999999")
_SPACES = " \u00a0\u202f\u2009"
_SP = f"[{_SPACES}]"
_EDGE = f"[€{_SPACES}]*"
# Number shapes read in bulk, by the column's decimal mark. Each is a subset of what
# ``parse_number`` reads, chosen so that deleting spaces, "€", "-" and the group mark and
# reading the rest as a float gives parse_number's value (the minus, leading or trailing,
# negates). Everything else — percentages, parentheses, "K€", "EUR", exponents — goes to
# parse_number itself.
_NUMBER_BODY = {
    ",": rf"(?:[0-9]{{1,3}}(?:\.[0-9]{{3}})+|[0-9]+(?:{_SP}+[0-9]+)*)(?:,[0-9]+)?",
    ".": rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:{_SP}+[0-9]+)*)(?:\.[0-9]+)?",
    None: rf"[0-9]+(?:{_SP}+[0-9]+)*(?:\.[0-9]+)?",
}
_BULK_NUMBER = {
    mark: re.compile(rf"{_EDGE}(?:-{_EDGE}{body}|{body}{_EDGE}-?){_EDGE}")
    for mark, body in _NUMBER_BODY.items()
}
_STRIP = [(ch, "") for ch in _SPACES + "€-"]
_CLEAN = {  # in order: the group mark goes before the decimal mark becomes "."
    ",": [*_STRIP, (".", ""), (",", ".")],
    ".": [*_STRIP, (",", "")],
    None: _STRIP,
}
# Fixed-width date shapes read in bulk: the start of year (4 digits), month, day, hour,
# minute and second (2 digits each) in the text; None where the shape has no such part.
_DATE_SHAPES: dict[str, tuple[int | None, ...]] = {}
for _sep in "/.-":
    _DATE_SHAPES[f"99{_sep}99{_sep}9999"] = (6, 3, 0, None, None, None)
    _DATE_SHAPES[f"99{_sep}99{_sep}9999 99:99"] = (6, 3, 0, 11, 14, None)
    _DATE_SHAPES[f"99{_sep}99{_sep}9999 99:99:99"] = (6, 3, 0, 11, 14, 17)
for _sep in " T":
    _DATE_SHAPES[f"9999-99-99{_sep}99:99"] = (0, 5, 8, 11, 14, None)
    _DATE_SHAPES[f"9999-99-99{_sep}99:99:99"] = (0, 5, 8, 11, 14, 17)
_DATE_SHAPES["9999-99-99"] = (0, 5, 8, None, None, None)
_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
_ODD_SPACING = r"^$|^\s|\s$|\s\s|[^\S ]"  # \s is what str.split() splits on


def read_texts(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Identifiers and labels (client codes, names, segments) as clean text, by ``to_key``."""
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
    keys = np.append(uniques, None)  # the extra slot is for blanks (code -1)
    failed = np.full(len(keys), None, dtype=object)
    # to_key leaves a text alone unless it is empty or has odd spaces (at an end, doubled,
    # tabs, no-break): only those texts, and non-texts, need it.
    texts = np.array([type(v) is str for v in uniques], dtype=bool)
    odd = np.zeros(len(uniques), dtype=bool)
    if texts.any():
        odd[texts] = pd.Series(uniques[texts], dtype=object).str.contains(
            _ODD_SPACING, regex=True).to_numpy(dtype=bool)
    for i in np.flatnonzero(~texts | odd):
        try:
            keys[i] = to_key(uniques[i])
        except XlsalesError as err:
            keys[i], failed[i] = None, err.problem
    return pd.Series(pd.array(keys, dtype="str").take(codes)), failed[codes]


def read_numbers(raw: pd.Series, decimal: str | None = None
                 ) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Amounts and scores as floats (NaN where blank), and the decimal mark the column shows.

    ``decimal`` is the mark the file's other number columns show; a column that shows
    none itself takes it, so "1,250" means the same in every column of a French file.
    """
    if raw.dtype.kind in "iuf":
        values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
        failed = np.full(len(values), None, dtype=object)
        failed[np.isinf(values)] = "not_number"  # the C parser reads "inf"; we do not
        return values, failed, decimal
    cells = raw.to_numpy(dtype=object)
    if isinstance(raw.dtype, pd.StringDtype):  # a CSV column: texts and blanks only
        kinds = np.where(raw.isna().to_numpy(), 0, 2).astype(np.int8)
    else:
        kinds = np.fromiter((_cell_kind(v) for v in cells), dtype=np.int8, count=len(cells))
    values = np.full(len(cells), np.nan)
    failed = np.full(len(cells), None, dtype=object)
    numbers = kinds == 1
    values[numbers] = cells[numbers].astype(np.float64)
    failed[numbers & np.isinf(values)] = "not_number"
    texts = kinds == 2
    if texts.any():
        values[texts], failed[texts], decimal = _text_numbers(cells[texts], decimal)
    for i in np.flatnonzero(kinds == 3):  # booleans, dates and the like in a number column
        values[i], failed[i] = _one(parse_number, cells[i])
    return values, failed, decimal


def _cell_kind(value: Any) -> int:
    kind = type(value)
    if kind is float or kind is int:
        return 1
    if kind is str:
        return 2
    return 0 if value is None else 3


def _text_numbers(texts: np.ndarray, hint: str | None
                  ) -> tuple[np.ndarray, np.ndarray, str | None]:
    shape_codes, shapes = pd.factorize(_shapes(texts))
    # column_decimal depends on where digits stand, not on which digits: asking it about
    # each distinct shape tells what it would say about the whole column.
    marks = {column_decimal([shape]) for shape in shapes} - {None}
    decimal = marks.pop() if len(marks) == 1 else (hint if not marks else None)
    bulk = np.fromiter((_BULK_NUMBER[decimal].fullmatch(s) is not None for s in shapes),
                       dtype=bool, count=len(shapes))
    negative = np.fromiter(("-" in s for s in shapes), dtype=bool, count=len(shapes))
    values = np.full(len(texts), np.nan)
    failed = np.full(len(texts), None, dtype=object)
    fast = bulk[shape_codes]
    if fast.any():
        # The bulk shapes hold no line break: clean them all as one text, then split.
        joined = "\n".join(texts[fast].tolist())
        for old, new in _CLEAN[decimal]:
            joined = joined.replace(old, new)
        read = np.array(joined.split("\n"), dtype=np.float64)
        values[fast] = np.where(negative[shape_codes[fast]], -read, read)
        failed[fast & np.isinf(values)] = "not_number"
    rest = np.flatnonzero(~fast)
    if rest.size:
        codes, uniques = pd.factorize(texts[rest])
        read_once = [_one(parse_number, text, decimal=decimal) for text in uniques]
        values[rest] = [read_once[c][0] for c in codes]
        failed[rest] = [read_once[c][1] for c in codes]
    return values, failed, decimal


def _shapes(texts: np.ndarray) -> np.ndarray:
    """Each text with its digits made 9s ("1 234,50" -> "9 999,99"), for a whole column.

    Done on the column joined into one UTF-8 byte string, a hundred times faster than
    text by text; texts holding a line break themselves are done one by one.
    """
    items = texts.tolist()
    joined = "\n".join(items)
    if joined.count("\n") != len(items) - 1:
        return np.array([text.translate(_NINES) for text in items], dtype=object)
    shapes = joined.encode("utf-8").translate(_NINES_BYTES).decode("utf-8").split("\n")
    return np.array(shapes, dtype=object)


def read_dates(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dates as datetime64 (NaT where blank): datetimes, Excel serials, ISO, and slashed
    text day first (or month first when the whole column says so: ``month_first``)."""
    if raw.dtype.kind == "M":
        values = raw.to_numpy(dtype="datetime64[us]")
        return values, np.full(len(values), None, dtype=object)
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
    if month_first(uniques):
        uniques = np.array([swap_day_month(v) for v in uniques], dtype=object)
    days = np.full(len(uniques) + 1, np.datetime64("NaT"), dtype="datetime64[us]")
    failed = np.full(len(uniques) + 1, None, dtype=object)
    texts = np.flatnonzero([isinstance(value, str) for value in uniques])
    shapes = pd.Series(_shapes(uniques[texts]) if texts.size else [], dtype=object)
    for shape, where in shapes.groupby(shapes).groups.items():
        if shape in _DATE_SHAPES:
            picked = texts[np.asarray(where)]
            days[picked] = _shaped_dates(uniques[picked].tolist(), _DATE_SHAPES[shape])
    for i in np.flatnonzero(np.isnat(days[:-1])):  # everything the shapes did not read
        day, failed[i] = _one(parse_date, uniques[i])
        if day is not None:
            days[i] = np.datetime64(day, "us")
    return days[codes], failed[codes]


def _shaped_dates(texts: list[str], starts: tuple[int | None, ...]) -> np.ndarray:
    width = len(texts[0])
    digits = np.array(texts, dtype=f"U{width}").view(np.uint32).reshape(-1, width)
    digits = digits.astype(np.int64) - ord("0")
    parts = {}
    for part, start in zip(_DATE_PARTS, starts, strict=True):
        if start is None:
            continue
        size = 4 if part == "year" else 2
        parts[part] = sum(digits[:, start + k] * 10 ** (size - 1 - k) for k in range(size))
    # Impossible days (31/02) come out NaT and go to parse_date, which names the problem;
    # so do years below 100, which parse_date reads as two-digit years.
    days = pd.to_datetime(pd.DataFrame(parts), errors="coerce").to_numpy(
        dtype="datetime64[us]", copy=True)
    days[parts["year"] < 100] = np.datetime64("NaT")
    return days


def _one(reader: Any, value: Any, **options: Any) -> tuple[Any, str | None]:
    try:
        return reader(value, **options), None
    except XlsalesError as err:
        return (np.nan if reader is parse_number else None), err.problem

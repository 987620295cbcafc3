"""Reading dates as users and Excel give them: datetimes, Excel serials, ISO and French text.

Desktop Excel hands a UDF a ``datetime``; xlwings Lite and CSV exports hand a serial
number (45657) or text ("31/12/2025", "2025-12-31"). Slashed text is read day first, the
French and European way, since that is how our users write it, unless the whole column
proves them month first (``month_first``: 12/31/2025 beside 03/04/2025 makes the latter
4 March), the rule the ledger reader and the cell formulas share. ISO text is unambiguous.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import as_1d, is_blank, read_each

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31, Excel's last day
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
# A slashed date's day (or month), separator, month (or day) and year, at the text's start
SLASHED = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})\b")
_DMY = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def from_serial(serial: float) -> dt.datetime:
    """The datetime of an Excel serial number (1900 date system, as Excel uses)."""
    return EXCEL_EPOCH + dt.timedelta(days=float(serial))


def to_serial(day: dt.date | dt.datetime) -> float:
    """The Excel serial number of a date or datetime."""
    if not isinstance(day, dt.datetime):
        day = dt.datetime(day.year, day.month, day.day)
    return (day.replace(tzinfo=None) - EXCEL_EPOCH) / dt.timedelta(days=1)


def parse_date(value: Any, arg: str = "date", row: int | None = None) -> dt.datetime | None:
    """One value as a datetime (None when blank); raises XlsalesError if it is not a date."""
    if is_blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, bool | np.bool_):
        raise XlsalesError(arg, "not_date", row=row, value=value)
    if isinstance(value, int | float | np.integer | np.floating):
        try:
            number = float(value)
        except OverflowError:  # a whole number of 309 digits or more: no serial
            number = math.inf
        if math.isfinite(number) and 1 <= number <= _MAX_SERIAL:
            return from_serial(number)
        raise XlsalesError(arg, "not_date", row=row, value=value)
    if isinstance(value, str):
        parsed = _parse_text(value.strip())
        if parsed is not None:
            return parsed
    raise XlsalesError(arg, "not_date", row=row, value=value)


def _parse_text(text: str) -> dt.datetime | None:
    try:
        if match := _ISO.match(text):
            y, m, d = (int(g) for g in match.groups()[:3])
            hh, mm, ss = (int(g or 0) for g in match.groups()[3:])
            return dt.datetime(y, m, d, hh, mm, ss)
        if match := _DMY.match(text):
            d, m, y = (int(g) for g in match.groups()[:3])
            if y < 100:
                y += 2000 if y < 70 else 1900
            hh, mm, ss = (int(g or 0) for g in match.groups()[3:])
            return dt.datetime(y, m, d, hh, mm, ss)
    except ValueError:  # 31/02/2025
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        number = float(text)
        if 1 <= number <= _MAX_SERIAL:
            return from_serial(number)
    return None


def month_first(texts: Any) -> bool:
    """True when a column's slashed dates are written month first, the US way (12/31/2025).

    Slashed dates are read day first, as French and most exports write them, unless the
    column itself proves otherwise: some date has a second part above 12 and none has a
    first part above 12. A lone 03/04/2025 stays 3 April.
    """
    day_first = month_first_seen = False
    for text in texts:
        match = SLASHED.match(text) if isinstance(text, str) else None
        if match:
            day_first |= int(match.group(1)) > 12
            month_first_seen |= int(match.group(3)) > 12
    return month_first_seen and not day_first


def swap_day_month(text: Any) -> Any:
    """A month-first slashed text written day first ("12/31/2025" → "31/12/2025")."""
    return SLASHED.sub(r"\3\2\1\2\4", text) if isinstance(text, str) else text


def first_ambiguous(texts: Any) -> int | None:
    """The position of the first slashed text that reads as two different days (03/04/2025:
    3 April or 4 March) in a column that proves neither order (``month_first``), else None.
    """
    day_first = month_seen = False
    first = None
    for i, text in enumerate(texts):
        match = SLASHED.match(text) if isinstance(text, str) else None
        if not match:
            continue
        a, b = int(match.group(1)), int(match.group(3))
        day_first |= a > 12
        month_seen |= b > 12
        if first is None and a <= 12 and b <= 12 and a != b:
            first = i
    return None if day_first or month_seen else first


def to_dates(values: Any, arg: str = "date", *, first_row: int = 1,
             blank_ok: bool = True, ambiguous_ok: bool = True) -> list[dt.datetime | None]:
    """A column of dates as datetimes, None where blank; the first bad one raises.

    Slashed texts are read month first when the column proves it (``month_first``), else
    day first; with ``ambiguous_ok=False`` a column that proves neither and holds a text
    such as 03/04/2025 is refused at that text ("ambiguous_date"), for callers that cannot
    know the user's date order (a cell formula in an Excel of any locale).
    """
    # iterate rather than .tolist(): a datetime64[ns] array's tolist() gives nanosecond ints
    items = as_1d(values)
    texts = [v for v in items if isinstance(v, str)] if items.dtype == object else []
    if texts and not ambiguous_ok:
        position = first_ambiguous(items)
        if position is not None:
            raise XlsalesError(arg, "ambiguous_date", row=first_row + position,
                               value=items[position])
    swap = bool(texts) and month_first(texts)

    def read(value: Any, row: int) -> dt.datetime | None:
        try:
            day = parse_date(swap_day_month(value) if swap else value, arg, row)
        except XlsalesError:
            raise XlsalesError(arg, "not_date", row=row, value=value) from None
        if day is None and not blank_ok:
            raise XlsalesError(arg, "blank", row=row)
        return day

    return read_each(items, read, first_row)

"""Reading dates as users and Excel give them: datetimes, Excel serials, ISO and French text.

Desktop Excel hands a UDF a ``datetime``; xlwings Lite and CSV exports hand a serial
number (45657) or text ("31/12/2025", "2025-12-31"). Slashed text is read day first, the
French and European way, since that is how our users write it; ISO text is unambiguous.
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


def to_dates(values: Any, arg: str = "date", *, first_row: int = 1,
             blank_ok: bool = True) -> list[dt.datetime | None]:
    """A column of dates as datetimes, None where blank; the first bad one raises."""

    def read(value: Any, row: int) -> dt.datetime | None:
        day = parse_date(value, arg, row)
        if day is None and not blank_ok:
            raise XlsalesError(arg, "blank", row=row)
        return day

    # iterate rather than .tolist(): a datetime64[ns] array's tolist() gives nanosecond ints
    return read_each(as_1d(values), read, first_row)

"""How long an activity took, in minutes, from the ways CRMs and people write it.

A CRM export writes a duration as a number of minutes (Salesforce's event "Duration",
Pipedrive's API), as a clock ("01:30", "00:45:10" — Pipedrive's and HubSpot's exports), or
in words ("1h30", "1 h 30 min", "90 min", "45 mn", "2 heures"); a workbook may hold a time
of day (a cell formatted ``hh:mm``) or a time span. All of them become minutes here, and
nowhere else, so the command line, the buttons and the cell formulas read them alike.

Rules:
- A bare number is minutes unless the caller says its column holds seconds or hours
  (``unit``, from the column's header: "Call duration (seconds)", "Durée (h)").
- A blank is no duration (NaN): the caller gives it its type's default.
- A negative duration is refused ("negative"); so is one over 24 hours ("duration_long"):
  no single visit or call lasts a day, and such a figure is a typing or unit mistake
  (seconds read as minutes) that would swamp every ratio.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import is_blank, parse_number, read_each

__all__ = ["MAX_MINUTES", "UNITS", "parse_duration", "to_minutes"]

MAX_MINUTES = 24 * 60
UNITS = {"minutes": 1.0, "seconds": 1 / 60, "hours": 60.0}

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_CLOCK = re.compile(r"(-)?\s*(\d{1,3}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?")
# "1h30", "1 h 30 min", "2 heures", "1,5 h", "90 min", "45 mn", "30 s", "1h 30m 15s"
_WORDS = re.compile(
    rf"(-)?\s*(?:{_NUMBER}\s*(?:h|hr|hrs|hours?|heures?)\.?)?\s*"
    rf"(?:{_NUMBER}\s*(?:m|mn|min|mins|minutes?)?\.?)?\s*"
    rf"(?:{_NUMBER}\s*(?:s|sec|secs|seconds?|secondes?)\.?)?",
    re.IGNORECASE)


def parse_duration(value: Any, arg: str = "duration", row: int | None = None,
                   unit: str = "minutes") -> float:
    """One duration as minutes (NaN when blank); raises ``XlsalesError`` naming ``arg``,
    ``row`` and the value when it cannot be read, is negative or is over 24 hours."""
    minutes = _minutes(value, arg, row, unit)
    if math.isnan(minutes):
        return minutes
    if minutes < 0:
        raise XlsalesError(arg, "negative", row=row, value=value)
    if minutes > MAX_MINUTES:
        raise XlsalesError(arg, "duration_long", row=row, value=value)
    return minutes


def to_minutes(values: Any, arg: str = "duration", first_row: int = 1,
               unit: str = "minutes") -> np.ndarray:
    """A column of durations as minutes (NaN where blank), each distinct value read once."""
    flat = values.tolist() if isinstance(values, np.ndarray | pd.Series) else list(values)
    return np.array(read_each(flat, lambda v, row: parse_duration(v, arg, row, unit),
                              first_row), dtype=float)


def _minutes(value: Any, arg: str, row: int | None, unit: str) -> float:
    if is_blank(value):
        return math.nan
    if isinstance(value, dt.timedelta | pd.Timedelta):
        return value.total_seconds() / 60
    if isinstance(value, np.timedelta64):
        return pd.Timedelta(value).total_seconds() / 60
    if isinstance(value, dt.time):  # a cell formatted as a clock: "01:30" is 90 minutes
        return value.hour * 60 + value.minute + value.second / 60
    if isinstance(value, dt.datetime | dt.date):
        raise XlsalesError(arg, "not_duration", row=row, value=value)
    if isinstance(value, str):
        return _text_minutes(value, arg, row, unit)
    try:
        return parse_number(value, arg, row) * UNITS[unit]
    except XlsalesError:
        raise XlsalesError(arg, "not_duration", row=row, value=value) from None


def _text_minutes(text: str, arg: str, row: int | None, unit: str) -> float:
    plain = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    clock = _CLOCK.fullmatch(plain)
    if clock:
        sign, hours, minutes, seconds = clock.groups()
        if int(minutes) >= 60 or (seconds and float(seconds.replace(",", ".")) >= 60):
            raise XlsalesError(arg, "not_duration", row=row, value=text)
        total = int(hours) * 60 + int(minutes) + float((seconds or "0").replace(",", ".")) / 60
        return -total if sign else total
    try:
        return parse_number(plain, arg, row) * UNITS[unit]
    except XlsalesError:
        pass
    words = _WORDS.fullmatch(plain)
    if words and any(words.groups()[1:]) and re.search(r"[a-zA-Z]", plain):
        sign, hours, minutes, seconds = words.groups()
        total = sum(float(part.replace(",", ".")) * scale
                    for part, scale in ((hours, 60), (minutes, 1), (seconds, 1 / 60)) if part)
        return -total if sign else total
    raise XlsalesError(arg, "not_duration", row=row, value=text)

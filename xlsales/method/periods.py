"""What each year of the data covers: the two windows of days a plan compares, N and N-1.

The method compares a year with the year before. A ledger exported on 10 July 1998 stops
on 30 June 1998: comparing those six months with the whole of 1997 makes half the clients
look lost (a churn of 77 %, thousands of "new clients needed"). So the windows compared
always hold the same days of the calendar:

- ``year`` (the default): whole calendar years. N is the latest year before today's that
  the data covers to its end (it reaches December: invoices are not issued every day, a
  quiet last fortnight is normal), or the year asked for. When that year stops before its
  end, N is 1 January to the data's last date and N-1 the same days a year earlier; when
  no year is complete yet, the latest year is taken that way.
- ``ytd`` (year to date): 1 January to ``to`` (default: the data's last date) against the
  same days of the year before.
- ``12m`` (rolling twelve months): the twelve months ending on ``to`` against the twelve
  before.

A window "ends on 29 February" one year and not the next: the same day of a year without
one is 28 February. A ``to`` the data does not reach (its last date more than
``SLACK_DAYS`` before) or a year without any sale is refused with the years the data
covers. A period whose N-1 has no sale is kept: N is still analysed, what needs N-1 is
blank (``Period.has_prev``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import Said, XlsalesError
from xlsales.common.lang import check_lang, say
from xlsales.common.text import day, span

__all__ = ["KINDS", "LABELS", "SLACK_DAYS", "Period", "Window", "choose_period",
           "latest_full_year"]

KINDS = ("year", "ytd", "12m")
# The data "reaches" a date when its last line is at most this many days before: the
# same month of slack as "a year is covered once the data reaches its December"
SLACK_DAYS = 30

LABELS = {
    "against": {"en": "{curr} against {prev}", "fr": "{curr} comparé au {prev}"},
    "against_years": {"en": "{curr} against {prev}", "fr": "{curr} comparé à {prev}"},
    "prev_from": {"en": "the data starts on {first}: N-1 is partial",
                  "fr": "les données commencent le {first} : N-1 est partiel"},
    "covers": {"en": "{first} to {last} ({years})", "fr": "du {first} au {last} ({years})"},
}


@dataclass(frozen=True)
class Window:
    """Days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    @property
    def whole_year(self) -> bool:
        """True when the window is one calendar year, 1 January to 31 December."""
        return (self.start == dt.date(self.start.year, 1, 1)
                and self.end == dt.date(self.start.year, 12, 31))

    def holds(self, dates: Any) -> np.ndarray:
        """Per date, whether it falls in the window (a blank date does not)."""
        days = pd.to_datetime(pd.Series(dates)).to_numpy()
        start = np.datetime64(self.start, "ns")
        after = np.datetime64(self.end + dt.timedelta(days=1), "ns")
        return (days >= start) & (days < after)

    def label(self, lang: str = "en") -> str:
        """"1998" for a calendar year, else "1 Jan – 30 Jun 1998"."""
        return str(self.start.year) if self.whole_year else span(self.start, self.end, lang)


@dataclass(frozen=True)
class Period:
    """The windows compared: ``curr`` (N) and ``prev`` (N-1), how they were chosen, and
    the first and last dates of the data."""

    kind: str
    curr: Window
    prev: Window
    first: dt.date
    last: dt.date

    @property
    def year(self) -> int:
        """Year N: the year the current window ends in."""
        return self.curr.end.year

    @property
    def has_prev(self) -> bool:
        """Whether the data holds any day of N-1 (a ledger that starts in N has none)."""
        return self.first <= self.prev.end

    @property
    def partial(self) -> bool:
        """True when N is not a whole calendar year (the same days of N-1 are compared)."""
        return not self.curr.whole_year

    @property
    def prev_partial(self) -> bool:
        """True when the data starts inside N-1, more than ``SLACK_DAYS`` after its first
        day: its clients before that are unknown, so more of N's look new."""
        return self.prev.start + dt.timedelta(days=SLACK_DAYS) < self.first <= self.prev.end

    def label(self, lang: str = "en") -> str:
        """"1998 against 1997", "1 Jan – 30 Jun 1998 against 1 Jan – 30 Jun 1997", and
        when the data starts late in N-1, the day it starts."""
        lang = check_lang(lang)
        key = "against_years" if not self.partial else "against"
        text = say(LABELS, key, lang).format(curr=self.curr.label(lang),
                                             prev=self.prev.label(lang))
        note = self.note(lang)
        return f"{text} ({note})" if note else text

    def note(self, lang: str = "en") -> str:
        """What the windows lack, said: the day the data starts when N-1 is partial;
        "" otherwise."""
        if not self.prev_partial:
            return ""
        return say(LABELS, "prev_from", check_lang(lang)).format(first=day(self.first, lang))

    def prev_said(self) -> Said:
        """N-1's days in each language, for a message that names the missing period."""
        return Said(en=self.prev.label("en"), fr=self.prev.label("fr"))


def covered(first: dt.date, last: dt.date, lang: str = "en") -> str:
    """What the data covers in words: "1996-07-04 to 1998-06-30 (1996, 1997, 1998)"."""
    years = ", ".join(str(y) for y in range(first.year, last.year + 1))
    return say(LABELS, "covers", lang).format(first=day(first, lang), last=day(last, lang),
                                              years=years)


def _years_back(when: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return when.replace(year=when.year - years)
    except ValueError:
        return when.replace(year=when.year - years, day=28)


def _bounds(dates: Any) -> tuple[dt.date, dt.date, set[int]]:
    days = pd.to_datetime(pd.Series(dates)).dropna()
    if days.empty:
        raise XlsalesError("date", "empty")
    return (days.min().date(), days.max().date(), set(days.dt.year.unique().tolist()))


def latest_full_year(first_last_years: tuple[dt.date, dt.date, set[int]],
                     today: dt.date) -> int | None:
    """The latest year before ``today``'s that has data and that the data reaches to its
    December; None when there is none."""
    _, last, years = first_last_years
    full = [y for y in years if y < today.year and last >= dt.date(y, 12, 1)]
    return max(full) if full else None


def _said_day(when: dt.date) -> Said:
    return Said(en=day(when, "en"), fr=day(when, "fr"))


def _refuse(arg: str, problem: str, first: dt.date, last: dt.date, **params: Any) -> None:
    raise XlsalesError(arg, problem, covers=Said(en=covered(first, last, "en"),
                                                 fr=covered(first, last, "fr")), **params)


def choose_period(dates: Any, kind: str = "year", *, year: int | None = None,
                  to: Any = None, today: dt.date | None = None) -> Period:
    """The windows N and N-1 for ledger ``dates`` (see the module's rules)."""
    name = str(kind).strip().lower()
    if name not in KINDS:
        raise XlsalesError("--period", "unknown_period", value=kind)
    bounds = _bounds(dates)
    first, last, years = bounds
    now = today or dt.date.today()
    end = None if to is None else pd.Timestamp(to).date()
    if year is not None and int(year) not in years:
        _refuse("--year", "year_not_in_data", first, last, year=int(year))
    if name == "year":
        if end is not None:
            raise XlsalesError("--to", "to_with_year_period")
        chosen = int(year) if year is not None else (latest_full_year(bounds, now)
                                                     or last.year)
        stop = dt.date(chosen, 12, 31)
        if last < stop - dt.timedelta(days=SLACK_DAYS):
            stop = last  # the year stops before its end: the same days of N-1
        curr = Window(dt.date(chosen, 1, 1), stop)
        return Period(name, curr, Window(_years_back(curr.start, 1), _years_back(stop, 1)),
                      first, last)
    if end is None:
        end = min(last, dt.date(int(year), 12, 31)) if year is not None else last
    elif year is not None and end.year != int(year):
        raise XlsalesError("--to", "to_other_year", year=int(year), to=_said_day(end))
    if name == "ytd":
        curr = Window(dt.date(end.year, 1, 1), end)
    else:
        curr = Window(_years_back(end, 1) + dt.timedelta(days=1), end)
    if last < end - dt.timedelta(days=SLACK_DAYS) or first > end:
        _refuse("--to", "to_not_in_data", first, last, to=_said_day(end))
    prev = Window(_years_back(curr.start, 1), _years_back(curr.end, 1))
    return Period(name, curr, prev, first, last)

"""Each client's purchase rhythm, from the sales ledger (METHOD.md §10, Rhythm).

French: rythme d'achat. A client who usually buys every 30 days and has not bought for
75 is *late*: a call is due before the client is lost. The same purchase days feed the
probability of still buying (``xlsales.method.bgnbd``) and the cohorts.

Rules where METHOD.md is silent:
- A purchase day is a date on which the client's NET amount is above 0: a credit note
  nets with the sales of its day, and a day netting to 0 or less is no purchase (a sale
  fully credited the same day was not bought). As in the portfolio bridge, a net within
  1e-9 of the day's gross (the sum of the lines' sizes) is 0, so float noise is no
  purchase. A credit note on another day changes no purchase day: it is a later event,
  and the day it corrects still saw the client buy.
- Only the date counts: a time of day is dropped, so two invoices of one morning and
  afternoon make one purchase day.
- A client with no purchase day (only credit notes, or days netting to 0) is not listed:
  it has no first purchase to count a rhythm or a lifetime from.
- A line dated after ``today`` is refused by default, naming its row: a sale in the
  future is a typing slip or a ledger read on the wrong day, and counting it would make
  days since the last purchase negative. ``after_today="leave_out"`` leaves such lines
  out instead (invoices scheduled ahead).
- A line with a blank amount is skipped (an empty line of a range); an amount without a
  client or a date is an error naming the row.
- ``mean_amount`` is the net revenue of the purchase days over their number; credit notes
  of other days are not in it, since they belong to no purchase day.
- ``usual_gap`` is the median of the days between consecutive purchase days: a median,
  not a mean, so one long holiday does not make a weekly client look monthly. ``late`` is
  ``days_since > 2 × usual_gap``; it is blank (NA) with one purchase day, no rhythm to be
  late on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.dates import parse_date, to_dates
from xlsales.common.errors import XlsalesError
from xlsales.common.values import as_1d, to_key, to_numbers

__all__ = ["AFTER_TODAY", "LABELS", "ClientDays", "client_days", "client_rhythm",
           "purchase_day_summary"]

AFTER_TODAY = ("refuse", "leave_out")

LABELS = {
    "client": {"en": "Client", "fr": "Client"},
    "first_purchase": {"en": "First purchase", "fr": "Premier achat"},
    "last_purchase": {"en": "Last purchase", "fr": "Dernier achat"},
    "days_since": {"en": "Days since the last purchase", "fr": "Jours depuis le dernier achat"},
    "purchase_days": {"en": "Purchase days", "fr": "Jours d'achat"},
    "mean_amount": {"en": "Average purchase", "fr": "Achat moyen"},
    "usual_gap": {"en": "Usual gap between purchases (days)",
                  "fr": "Écart habituel entre achats (jours)"},
    "late": {"en": "Late", "fr": "En retard"},
}

_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class ClientDays:
    """The ledger netted per client and day, sorted by client code then day.

    ``client`` holds codes into ``ids`` (the client keys, in order of first appearance);
    ``day`` is days since 1970-01-01; ``purchase`` marks the purchase days.
    """

    ids: np.ndarray
    client: np.ndarray
    day: np.ndarray
    net: np.ndarray
    gross: np.ndarray

    @property
    def purchase(self) -> np.ndarray:
        return (self.net > 0) & (self.net > 1e-9 * self.gross)


def client_days(client: Any, date: Any, amount: Any, *, limit: Any = None,
                after_limit: str = "refuse", limit_arg: str = "today",
                problem: str = "after_today") -> ClientDays:
    """The ledger lines netted per client and date (the step every ledger analysis shares).

    ``limit`` (a date, optional) is the last day lines may carry: a later line is refused
    with ``problem`` (naming its row and value) or, with ``after_limit="leave_out"``,
    left out.
    """
    if after_limit not in AFTER_TODAY:
        raise XlsalesError(f"after_{limit_arg}", "choice", value=after_limit,
                           choices=", ".join(AFTER_TODAY))
    dates = as_1d(date) if not isinstance(date, pd.Series) else date
    clients, amounts_in = as_1d(client), as_1d(amount)
    n = len(clients)
    for arg, values in (("date", dates), ("amount", amounts_in)):
        if len(values) != n:
            raise XlsalesError(arg, "length", n=len(values), other="client", m=n)
    amounts = _amounts(amounts_in)
    days = _days(dates)
    codes, ids = _client_codes(clients)
    used = ~np.isnan(amounts)
    for arg, missing in (("client", codes < 0), ("date", days == _NO_DAY)):
        orphan = np.flatnonzero(used & missing)
        if orphan.size:
            raise XlsalesError(arg, "blank", row=int(orphan[0]) + 1)
    if limit is not None:
        last = _day_of(limit, limit_arg)
        beyond = used & (days > last)
        if beyond.any():
            if after_limit == "refuse":
                i = int(np.flatnonzero(beyond)[0])
                raise XlsalesError("date", problem, row=i + 1, value=_shown_date(dates, i),
                                   **{limit_arg: _iso(last)})
            used &= ~beyond
    codes, days, amounts = codes[used], days[used], amounts[used]
    if codes.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ClientDays(ids, empty, empty, np.zeros(0), np.zeros(0))
    low = int(days.min())
    span = int(days.max()) - low + 1
    key = codes.astype(np.int64) * span + (days - low)
    sums = pd.DataFrame({"net": amounts, "gross": np.abs(amounts)}).groupby(
        key, sort=True).sum()
    keys = sums.index.to_numpy(dtype=np.int64)
    return ClientDays(ids, keys // span, keys % span + low, sums["net"].to_numpy(),
                      sums["gross"].to_numpy())


def purchase_day_summary(client: Any, date: Any, amount: Any, today: Any, *,
                         after_today: str = "refuse") -> pd.DataFrame:
    """Per client: first_purchase, last_purchase and purchase_days (their count).

    The sufficient statistics of the probability of still buying, so another engine (SQL)
    that produces this table from the same rules gets the same model.
    """
    return _summary(client_days(client, date, amount, limit=today, after_limit=after_today),
                    with_rhythm=False, today=None)


def client_rhythm(client: Any, date: Any, amount: Any, today: Any, *,
                  after_today: str = "refuse") -> pd.DataFrame:
    """Per client (indexed by client key): first_purchase, last_purchase, days_since,
    purchase_days, mean_amount, usual_gap and late (see the module's rules).

    ``date`` may be datetimes, Excel serials or text; ``today`` one date.
    """
    lines = client_days(client, date, amount, limit=today, after_limit=after_today)
    return _summary(lines, with_rhythm=True, today=_day_of(today, "today"))


def _summary(lines: ClientDays, *, with_rhythm: bool, today: int | None) -> pd.DataFrame:
    bought = lines.purchase
    codes, days, net = lines.client[bought], lines.day[bought], lines.net[bought]
    clients, start, count = np.unique(codes, return_index=True, return_counts=True)
    first, last = days[start], days[start + count - 1]
    frame = pd.DataFrame({
        "first_purchase": _to_datetimes(first),
        "last_purchase": _to_datetimes(last),
        "purchase_days": count.astype(np.int64),
    }, index=pd.Index(lines.ids[clients], dtype=object, name="client"))
    if not with_rhythm:
        return frame
    frame.insert(2, "days_since", (today - last).astype(np.int64))
    revenue = np.add.reduceat(net, start) if net.size else np.zeros(0)
    frame["mean_amount"] = revenue / count
    same = codes[1:] == codes[:-1]
    gaps = pd.Series(np.diff(days)[same].astype(np.float64)).groupby(codes[1:][same]).median()
    usual = gaps.reindex(clients).to_numpy(dtype=np.float64)
    frame["usual_gap"] = usual
    late = pd.array(frame["days_since"].to_numpy() > 2 * usual, dtype="boolean")
    late[np.isnan(usual)] = pd.NA
    frame["late"] = late
    return frame


_NO_DAY = np.iinfo(np.int64).min


def _days(dates: Any) -> np.ndarray:
    """Days since 1970-01-01 of each line, ``_NO_DAY`` where blank.

    datetime64 columns are read at once; others one distinct value at a time (a ledger
    has far fewer dates than lines), an error naming the first line holding the value.
    """
    if isinstance(dates, pd.Series) and pd.api.types.is_datetime64_any_dtype(dates):
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
        dates = dates.to_numpy(dtype="datetime64[ns]")
    elif isinstance(dates, pd.Series):
        dates = as_1d(dates)
    if dates.dtype.kind == "M":
        days = dates.astype("datetime64[D]")
        out = (days - _EPOCH).astype(np.int64)
        out[np.isnat(days)] = _NO_DAY
        return out
    if dates.dtype.kind in "iuf":
        dates = np.floor(dates.astype(np.float64))  # an Excel serial's day, not its time
    codes, distinct = pd.factorize(dates)
    try:
        read = to_dates(np.asarray(distinct, dtype=object), "date")
    except XlsalesError as error:
        row = _first_line(codes, error.row - 1)
        parse_date(dates[row - 1], "date", row)  # raises, quoting the value as given
        raise
    table = np.array([_NO_DAY if day is None else _day_number(day) for day in read]
                     + [_NO_DAY], dtype=np.int64)  # the code -1 of a blank picks the last
    return table[codes]


def _amounts(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind in "iufb":
        return to_numbers(values, "amount")
    codes, distinct = pd.factorize(values)
    try:
        numbers = to_numbers(np.asarray(distinct, dtype=object), "amount")
    except XlsalesError as error:
        raise error.at_row(_first_line(codes, error.row - 1)) from None
    return np.append(numbers, np.nan)[codes]


def _client_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A code per line (-1 when blank) and the key of each code; 1001.0 and "1001" are
    one client."""
    codes, distinct = pd.factorize(values)
    keys = []
    for j, value in enumerate(distinct):
        try:
            keys.append(to_key(value, "client"))
        except XlsalesError as error:
            raise error.at_row(_first_line(codes, j)) from None
    merged, ids = pd.factorize(pd.Series(keys, dtype=object))
    merged = np.append(merged, -1)
    return merged[codes], ids.to_numpy(dtype=object)


def _first_line(codes: np.ndarray, code: int) -> int:
    return int(np.argmax(codes == code)) + 1


def _day_number(day: dt.datetime) -> int:
    return (day.date() - dt.date(1970, 1, 1)).days


def _day_of(value: Any, arg: str) -> int:
    day = parse_date(value, arg)
    if day is None:
        raise XlsalesError(arg, "blank")
    return _day_number(day)


def _iso(day: int) -> str:
    return str(_EPOCH + np.timedelta64(day, "D"))


def _shown_date(dates: Any, i: int) -> Any:
    """A refused line's date as the user gave it (a datetime as its ISO day)."""
    value = dates.iloc[i] if isinstance(dates, pd.Series) else dates[i]
    if isinstance(value, np.datetime64 | dt.date | pd.Timestamp):
        return str(pd.Timestamp(value).date())
    return value


def _to_datetimes(days: np.ndarray) -> np.ndarray:
    return (_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[ns]")

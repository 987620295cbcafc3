"""The customer portfolio from one year to the next (METHOD.md §1): the bridge N-1 → N.

French: portefeuille clients. Clients N = clients N-1 − lost + new: the bridge counts each
group and its revenue (lost clients with what they bought in N-1, new ones with what they
bought in N, retained ones with both), so a manager sees whether the portfolio, part of the
company's capital, grows or erodes, and the churn rate that sets the need to prospect.

Rules where METHOD.md is silent:
- A client belongs to a year's portfolio when its revenue that year is above 0. Blank, 0
  or negative revenue: not a client that year. Blank and negative entries are counted as
  left out (a negative one is a client whose credit notes exceeded its purchases).
- ``portfolio_bridge`` takes one revenue per client and year: an id given twice on one side
  (1001.0 and "1001" are one id) is a "duplicate" error, not a sum. A per-client table
  that repeats a client is a range pasted twice or two clients sharing a code; adding the
  two would hide it. Lines to be summed are a ledger: ``portfolio_from_ledger`` sums them.
- An entry blank in both id and revenue is an empty line of a range and is skipped; a
  revenue without an id is an error.
- Evolutions are N / N-1 − 1 (0.05 = +5 %) and the churn rate is lost / clients N-1; each
  is blank (NaN) when its N-1 figure is 0.
- Ledger lines net per client and calendar year of their date (credit notes are negative
  lines). A net within 1e-9 of the client's gross (sum of the lines' sizes) is 0, so a
  sale fully credited does not leave a client standing on float noise. A line with an
  amount but no client or no date is an error; a line with a blank amount is skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.dates import parse_date
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, say
from xlsales.common.shapes import refuse_ragged
from xlsales.common.values import to_key, to_keys, to_number, to_numbers

__all__ = ["LABELS", "PortfolioBridge", "client_status", "is_client", "portfolio_bridge",
           "portfolio_from_ledger"]

LABELS = {
    "portfolio_prev": {"en": "Portfolio N-1", "fr": "Portefeuille N-1"},
    "lost": {"en": "Lost clients", "fr": "Clients perdus"},
    "retained": {"en": "Retained clients", "fr": "Clients conservés"},
    "new": {"en": "New clients", "fr": "Nouveaux clients"},
    "portfolio_curr": {"en": "Portfolio N", "fr": "Portefeuille N"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "revenue_prev": {"en": "Revenue N-1", "fr": "CA N-1"},
    "revenue_curr": {"en": "Revenue N", "fr": "CA N"},
    "value": {"en": "Value", "fr": "Valeur"},
    "churn_rate": {"en": "Churn rate (lost / clients N-1)",
                   "fr": "Taux d'attrition (perdus / clients N-1)"},
    "client_evolution": {"en": "Evolution of the number of clients",
                         "fr": "Évolution du nombre de clients"},
    "revenue_evolution": {"en": "Revenue evolution", "fr": "Évolution du CA"},
    "retained_revenue_evolution": {"en": "Revenue evolution of retained clients",
                                   "fr": "Évolution du CA des clients conservés"},
    "blank_prev": {"en": "Entries left out in N-1: blank revenue",
                   "fr": "Lignes écartées en N-1 : CA vide"},
    "negative_prev": {"en": "Entries left out in N-1: negative revenue",
                      "fr": "Lignes écartées en N-1 : CA négatif"},
    "blank_curr": {"en": "Entries left out in N: blank revenue",
                   "fr": "Lignes écartées en N : CA vide"},
    "negative_curr": {"en": "Entries left out in N: negative revenue",
                      "fr": "Lignes écartées en N : CA négatif"},
}

_NUMBER_ID = re.compile(r"^-?\d+(\.\d+)?$")
# ids joined by NUL that are all plain ASCII digit codes: the common case, sorted in bulk
_PLAIN_CODES = re.compile(r"[0-9]+(?:\x00[0-9]+)*")


@dataclass(frozen=True)
class PortfolioBridge:
    """Portfolio N-1 → lost, retained, new → portfolio N, with counts and revenue."""

    clients_prev: int
    revenue_prev: float
    lost_clients: int
    lost_revenue_prev: float
    retained_clients: int
    retained_revenue_prev: float
    retained_revenue_curr: float
    new_clients: int
    new_revenue_curr: float
    clients_curr: int
    revenue_curr: float
    lost_ids: tuple[str, ...]
    retained_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    blank_prev: int
    negative_prev: int
    blank_curr: int
    negative_curr: int

    def without_prev(self) -> PortfolioBridge:
        """The bridge when N-1 is not known (the data starts in N): portfolio N stands,
        every figure that needs N-1 is blank (NaN), and no client is called lost,
        retained or new, nor an entry "left out in N-1"."""
        nan = math.nan
        return replace(self, clients_prev=nan, revenue_prev=nan, lost_clients=nan,
                       lost_revenue_prev=nan, retained_clients=nan,
                       retained_revenue_prev=nan, retained_revenue_curr=nan,
                       new_clients=nan, new_revenue_curr=nan, lost_ids=(),
                       retained_ids=(), new_ids=(), blank_prev=nan, negative_prev=nan)

    @property
    def churn_rate(self) -> float:
        return _ratio(self.lost_clients, self.clients_prev)

    @property
    def client_evolution(self) -> float:
        return _ratio(self.clients_curr - self.clients_prev, self.clients_prev)

    @property
    def revenue_evolution(self) -> float:
        return _ratio(self.revenue_curr - self.revenue_prev, self.revenue_prev)

    @property
    def retained_revenue_evolution(self) -> float:
        return _ratio(self.retained_revenue_curr - self.retained_revenue_prev,
                      self.retained_revenue_prev)

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """The bridge table; blank where a figure does not apply (new clients' N-1)."""
        lang = check_lang(lang)
        nan = math.nan
        rows = {
            "portfolio_prev": (self.clients_prev, self.revenue_prev, nan),
            "lost": (self.lost_clients, self.lost_revenue_prev, nan),
            "retained": (self.retained_clients, self.retained_revenue_prev,
                         self.retained_revenue_curr),
            "new": (self.new_clients, nan, self.new_revenue_curr),
            "portfolio_curr": (self.clients_curr, nan, self.revenue_curr),
        }
        columns = ("clients", "revenue_prev", "revenue_curr")
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(columns))
        if frame["clients"].notna().all():  # N-1 unknown: its counts stay blank
            frame["clients"] = frame["clients"].astype(np.int64)
        frame.index = [say(LABELS, key, lang) for key in rows]
        frame.columns = [say(LABELS, key, lang) for key in columns]
        return frame

    def key_figures(self, lang: str = "en") -> pd.DataFrame:
        """Churn, evolutions (0.05 = +5 %) and entries left out, one row each."""
        lang = check_lang(lang)
        keys = ("churn_rate", "client_evolution", "revenue_evolution",
                "retained_revenue_evolution", "blank_prev", "negative_prev", "blank_curr",
                "negative_curr")
        return pd.DataFrame({say(LABELS, "value", lang): [float(getattr(self, k)) for k in keys]},
                            index=[say(LABELS, key, lang) for key in keys])


def is_client(revenue: Any, arg: str = "revenue") -> np.ndarray:
    """Per entry, whether its revenue makes a client of that year's portfolio: above 0
    (blank, 0 or a net credit does not)."""
    return to_numbers(revenue, arg) > 0


def client_status(revenue_prev: Any, revenue_curr: Any) -> list[str | None]:
    """"new", "lost", "retained" or None per client row: the bridge's rule, row by row."""
    prev = is_client(revenue_prev, "revenue_prev")
    curr = is_client(revenue_curr, "revenue_curr")
    return [("retained" if p and c else "lost" if p else "new" if c else None)
            for p, c in zip(prev.tolist(), curr.tolist(), strict=True)]


def portfolio_bridge(prev: Any, curr: Any) -> PortfolioBridge:
    """The bridge from two {client id: revenue} tables (dicts or Series indexed by client)."""
    before, blank_prev, negative_prev = _clients_of_year(prev, "prev")
    after, blank_curr, negative_curr = _clients_of_year(curr, "curr")
    # membership by hashing each year's codes once (a dict lookup per client is the slow
    # part at 100,000 clients); math.fsum is exact, so the order of the sums is free
    prev_ids = np.array(list(before), dtype=object)
    curr_ids = np.array(list(after), dtype=object)
    prev_money = np.fromiter(before.values(), dtype=np.float64, count=len(before))
    curr_money = np.fromiter(after.values(), dtype=np.float64, count=len(after))
    kept = pd.Index(prev_ids, dtype=object).isin(curr_ids)  # of N-1, still a client in N
    known = pd.Index(curr_ids, dtype=object).isin(prev_ids)  # of N, a client in N-1
    return PortfolioBridge(
        clients_prev=len(before),
        revenue_prev=math.fsum(before.values()),
        lost_clients=int((~kept).sum()),
        lost_revenue_prev=math.fsum(prev_money[~kept].tolist()),
        retained_clients=int(kept.sum()),
        retained_revenue_prev=math.fsum(prev_money[kept].tolist()),
        retained_revenue_curr=math.fsum(curr_money[known].tolist()),
        new_clients=int((~known).sum()),
        new_revenue_curr=math.fsum(curr_money[~known].tolist()),
        clients_curr=len(after),
        revenue_curr=math.fsum(after.values()),
        lost_ids=_sorted_ids(prev_ids[~kept].tolist()),
        retained_ids=_sorted_ids(prev_ids[kept].tolist()),
        new_ids=_sorted_ids(curr_ids[~known].tolist()),
        blank_prev=blank_prev,
        negative_prev=negative_prev,
        blank_curr=blank_curr,
        negative_curr=negative_curr,
    )


def portfolio_from_ledger(ledger: Any, year_prev: Any, year_curr: Any, client: str = "client",
                          date: str = "date", amount: str = "amount") -> PortfolioBridge:
    """The bridge between two calendar years of a sales ledger (one line per sale or credit).

    Dates may be datetimes, Excel serials or text; amounts numbers or text. Column names
    match exactly, else ignoring case and surrounding spaces.
    """
    table = _table(ledger)
    client_col, date_col, amount_col = (_find_column(table, name)
                                        for name in (client, date, amount))
    first, last = _year(year_prev, "year_prev"), _year(year_curr, "year_curr")
    if first >= last:
        raise XlsalesError("year_prev", "not_below", value=year_prev, other="year_curr",
                           other_value=year_curr)
    amounts = _line_amounts(table[amount_col], str(amount_col))
    years = _line_years(table[date_col], str(date_col))
    client_codes, client_ids = _client_codes(table[client_col], str(client_col))
    has_amount = ~np.isnan(amounts)
    for arg, missing in ((str(client_col), client_codes < 0), (str(date_col), np.isnan(years))):
        orphan = np.flatnonzero(has_amount & missing)
        if orphan.size:
            raise XlsalesError(arg, "blank", row=int(orphan[0]) + 1)
    used = has_amount & ((years == first) | (years == last))
    lines = pd.DataFrame({"client": client_codes[used], "year": years[used],
                          "net": amounts[used], "gross": np.abs(amounts[used])})
    sums = lines.groupby(["client", "year"], sort=False).sum()
    net = sums["net"].where(sums["net"].abs() > 1e-9 * sums["gross"], 0.0)

    def revenue_of(year: int) -> pd.Series:
        of_year = net[net.index.get_level_values("year") == year]
        codes = of_year.index.get_level_values("client").to_numpy()
        return pd.Series(of_year.to_numpy(), index=pd.Index(client_ids[codes], dtype=object))

    return portfolio_bridge(revenue_of(first), revenue_of(last))


def _clients_of_year(side: Any, arg: str) -> tuple[dict[str, float], int, int]:
    """{id: revenue} of the clients of one year, and the blank and negative entries left out."""
    if isinstance(side, Mapping):
        ids, revenue = list(side.keys()), list(side.values())
    elif isinstance(side, pd.Series):
        ids, revenue = side.index.tolist(), side
    else:
        raise XlsalesError(arg, "not_by_client", value=side)
    amounts = to_numbers(revenue, arg)
    member = is_client(amounts, arg)
    keys = to_keys(ids, f"{arg} (client)")
    # every row at once (a year of 100,000 clients in a cell formula): the first row in
    # error, in row order, is the one told, as a reading row by row would tell it
    money = np.asarray(amounts, dtype=np.float64)
    codes = np.asarray(keys, dtype=object)
    missing = pd.isna(codes)
    blank_money = np.isnan(money)
    orphan = missing & ~blank_money
    known = ~missing
    named = codes[known].tolist()
    twice = (pd.Index(codes, dtype=object).duplicated(keep="first") & known
             if len(set(named)) < len(named) else np.zeros(len(codes), dtype=bool))
    wrong = np.flatnonzero(orphan | twice)
    if wrong.size:
        row = int(wrong[0])
        if orphan[row]:
            raise XlsalesError(f"{arg} (client)", "blank", row=row + 1)
        raise XlsalesError(arg, "duplicate", row=row + 1, value=ids[row])
    blank = int((known & blank_money).sum())
    negative = int((known & (money < 0)).sum())
    kept = np.flatnonzero(known & np.asarray(member, dtype=bool))  # above 0: not negative
    clients = dict(zip(codes[kept].tolist(), money[kept].tolist(), strict=True))
    return clients, blank, negative


def _table(ledger: Any) -> pd.DataFrame:
    if isinstance(ledger, pd.DataFrame):
        return ledger
    if isinstance(ledger, list | tuple) and all(isinstance(line, list | tuple)
                                                for line in ledger):
        refuse_ragged(ledger, "ledger")  # a short line's amount would be a blank, skipped
    try:
        return pd.DataFrame(ledger)
    except (TypeError, ValueError):  # a number, a text, columns of unequal length
        raise XlsalesError("ledger", "not_table", value=ledger) from None


def _find_column(table: pd.DataFrame, name: Any) -> Any:
    try:
        exact = name in table.columns
    except TypeError:  # a list or an array is no column name
        exact = False
    wanted = str(name).strip().casefold()
    matches = [name] if exact else [c for c in table.columns
                                    if str(c).strip().casefold() == wanted]
    # two columns of one name (or spelt alike): which holds the ledger is anyone's guess
    if len(matches) > 1 or (matches and isinstance(table[matches[0]], pd.DataFrame)):
        raise XlsalesError("ledger", "duplicate", value=name)
    if matches:
        return matches[0]
    raise XlsalesError("ledger", "missing_column", value=name,
                       found=", ".join(str(c) for c in table.columns) or "-")


def _year(value: Any, arg: str) -> int:
    number = to_number(value, arg)
    if not number.is_integer():
        raise XlsalesError(arg, "not_integer", value=value)
    if not 1900 <= number <= 9999:
        raise XlsalesError(arg, "range", value=value, low=1900, high=9999)
    return int(number)


def _line_amounts(column: pd.Series, arg: str) -> np.ndarray:
    """The amount of each line; text amounts are read one distinct value at a time."""
    if column.dtype.kind in "iufb":
        return to_numbers(column, arg)
    codes, distinct = pd.factorize(column)
    try:
        numbers = to_numbers(distinct, arg)
    except XlsalesError as error:
        raise error.at_row(_first_line(codes, error.row - 1)) from None
    return np.append(numbers, np.nan)[codes]  # the code -1 of a blank picks the NaN


def _line_years(column: pd.Series, arg: str) -> np.ndarray:
    """The calendar year of each line's date, NaN where blank.

    Datetime columns are read at once; other columns are read one distinct value at a time
    (a ledger has far fewer days than lines), serials by their day.
    """
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
    values = column
    if column.dtype.kind in "iuf":
        values = np.floor(column.to_numpy(dtype=np.float64, na_value=np.nan))
    codes, distinct = pd.factorize(values)
    years = np.full(len(distinct) + 1, np.nan)  # the code -1 of a blank picks the last slot
    for j, value in enumerate(distinct):
        try:
            day = parse_date(value, arg)
        except XlsalesError:
            row = _first_line(codes, j)
            parse_date(column.iloc[row - 1], arg, row)  # raises, quoting the value as given
            raise
        years[j] = np.nan if day is None else day.year
    return years[codes]


def _client_codes(column: pd.Series, arg: str) -> tuple[np.ndarray, np.ndarray]:
    """A code per line (-1 when blank) and the client id of each code.

    Distinct values are read once; 1001.0 and "1001" get one code.
    """
    codes, distinct = pd.factorize(column)
    keys = []
    for j, value in enumerate(distinct):
        try:
            keys.append(to_key(value, arg))
        except XlsalesError as error:
            raise error.at_row(_first_line(codes, j)) from None
    merged, ids = pd.factorize(pd.Series(keys, dtype=object))
    merged = np.append(merged, -1)  # the code -1 of a blank stays -1
    return merged[codes], ids.to_numpy(dtype=object)


def _first_line(codes: np.ndarray, code: int) -> int:
    """The 1-based line where a distinct value first appears, to name it in a message."""
    return int(np.argmax(codes == code)) + 1


def _sorted_ids(ids: Iterable[str]) -> tuple[str, ...]:
    """Ids in the order a user expects: numeric codes by value (2 before 10), then text."""
    items = list(ids)
    joined = "\x00".join(items)
    # codes of digits only (no NUL inside one): sorted by numpy
    if items and joined.count("\x00") == len(items) - 1 and _PLAIN_CODES.fullmatch(joined):
        values = np.fromiter(map(float, items), dtype=np.float64, count=len(items))
        if np.unique(values).size == values.size:  # no "007" beside "7": values decide
            return tuple(map(items.__getitem__, np.argsort(values, kind="stable").tolist()))
    return tuple(sorted(items, key=lambda k: (0, float(k), k) if _NUMBER_ID.match(k)
                        else (1, 0.0, k)))


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else math.nan

"""Churn and the need to prospect (METHOD.md §6).

French: taux d'attrition, renouvellement du portefeuille. On average 10–15 % of clients
disappear every year; without prospecting, a portfolio halves in ln(0.5)/ln(1 − c) years
(6.58 at 10 %, 4.27 at 15 %, the deck's "under 4 years" needs c ≥ 16 %). Holding n
clients takes n·c new clients a year, growing by g takes n·(c + g).

Rules where METHOD.md is silent:
- A rate is a fraction in [0, 1): 0.15, "15%" or "15 %"; 15 alone is an error, not 15 %,
  since 1 500 % churn and a slip of the finger must not look alike.
- A churn of 0 never halves the portfolio: the half-life is ``math.inf``.
- In the projection, a year's new clients join at its end, so they are not exposed to that
  year's churn; this is the reading under which n·c new clients hold n clients exactly.
- A planned shrink (negative ``growth``) larger than the churn needs no new clients: 0.
- Blank inputs give blank results; ids left blank are not clients. ``churn_rate`` with no
  client in N-1 is an "empty" error (there was nobody to lose), where the portfolio
  bridge, a report, shows its churn blank.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.shapes import align
from xlsales.common.values import (
    as_1d,
    refuse_overflow,
    round_up,
    to_keys,
    to_number,
    to_numbers,
)

__all__ = [
    "LABELS",
    "MAX_YEARS",
    "churn_half_life",
    "churn_projection",
    "churn_rate",
    "new_clients_needed",
]

MAX_YEARS = 100

LABELS = {
    "churn_rate": {"en": "Churn rate", "fr": "Taux d'attrition"},
    "half_life": {"en": "Years to lose half the clients",
                  "fr": "Années pour perdre la moitié des clients"},
    "new_clients_needed": {"en": "New clients needed per year",
                           "fr": "Nouveaux clients nécessaires par an"},
    "year": {"en": "Year", "fr": "Année"},
    "clients_start": {"en": "Clients at start of year", "fr": "Clients en début d'année"},
    "lost": {"en": "Lost clients", "fr": "Clients perdus"},
    "new": {"en": "New clients", "fr": "Nouveaux clients"},
    "clients_end": {"en": "Clients at end of year", "fr": "Clients en fin d'année"},
}


def churn_rate(prev_ids: Any, curr_ids: Any) -> float:
    """Lost clients / clients of N-1, from the ids of each year (1001.0 and "1001" match)."""
    whole = _whole_codes(prev_ids), _whole_codes(curr_ids)
    if whole[0] is not None and whole[1] is not None:  # codes typed as numbers, both years
        prev_codes, curr_codes = np.unique(whole[0]), whole[1]
        if not prev_codes.size:
            raise XlsalesError("prev_ids", "empty")
        return float(np.count_nonzero(~np.isin(prev_codes, curr_codes))) / prev_codes.size
    prev = set(to_keys(prev_ids, "prev_ids")) - {None}
    curr = set(to_keys(curr_ids, "curr_ids")) - {None}
    if not prev:
        raise XlsalesError("prev_ids", "empty")
    return len(prev - curr) / len(prev)


def _whole_codes(ids: Any) -> np.ndarray | None:
    """Client codes as whole numbers (blanks left out) when every one is a whole float, as
    Excel hands the codes 1001, 1002...: then two codes match exactly when their keys
    (``to_keys``: "1001") do, and the sets are compared at C speed. None otherwise."""
    flat = as_1d(ids)
    if flat.dtype.kind != "f":
        return None
    kept = flat[~np.isnan(flat)]
    if not ((kept == np.trunc(kept)) & (np.abs(kept) < 2.0**53)).all():
        return None
    return kept + 0.0  # -0.0 is the code 0, as its key "0" is


def churn_half_life(rate: Any) -> Any:
    """Years until half the clients are gone with no prospecting: ln(0.5)/ln(1 − rate)."""
    (flat,), restore = align(rate=rate)
    rates = _rates(flat, "rate")
    with np.errstate(divide="ignore", over="ignore"):  # a rate like 1e-320: ∞ years
        years = np.where(rates == 0, math.inf, math.log(0.5) / np.log1p(-rates))
    return restore(years)


def churn_projection(clients: Any, rate: Any, years: Any,
                     new_per_year: Any = 0) -> pd.DataFrame:
    """Expected clients year by year (0 = today) at a constant churn and intake.

    Columns: clients_start, lost, new, clients_end; year 0 is the portfolio today (no
    flows, so lost and new are blank). At 15 % with no intake, 0.85⁴ = 52.2 % of the
    clients remain after 4 years.
    """
    start = to_number(clients, "clients", negative_ok=False)
    churn = to_number(rate, "rate")  # one rate: a blank, or a column of them, is refused
    _rates(np.array([rate], dtype=object), "rate")  # within [0, 1), quoted as given
    horizon = _whole(years, "years", MAX_YEARS)
    intake = to_number(new_per_year, "new_per_year", negative_ok=False)
    rows = [(start, math.nan, math.nan, start)]
    for _ in range(horizon):
        lost = start * churn
        end = start - lost + intake
        rows.append((start, lost, intake, end))
        start = end
    frame = pd.DataFrame(rows, columns=["clients_start", "lost", "new", "clients_end"])
    frame.index.name = "year"
    return frame


def new_clients_needed(clients: Any, rate: Any, growth: Any = 0) -> Any:
    """New clients to win each year: n·(c + g), rounded up to a whole client, elementwise.

    100 clients at 15 % churn need 15 a year to hold; to grow 5 % as well, 20.
    """
    (n, c, g), restore = align(clients=clients, rate=rate, growth=growth)
    counts = to_numbers(n, "clients", negative_ok=False)
    growth = to_numbers(g, "growth")
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is told just below
        need = counts * (_rates(c, "rate") + growth)
    # 2 clients × a growth of 9e307 is no plan: told on the growth when it is the odd
    # one (beyond ±100 %), else on the number of clients
    culprit = "growth" if np.nanmax(np.abs(growth), initial=0.0) > 1 else "clients"
    return restore(np.maximum(round_up(refuse_overflow(need, culprit)), 0.0))


def _rates(values: np.ndarray, arg: str) -> np.ndarray:
    rates = to_numbers(values, arg)
    outside = (rates < 0) | (rates >= 1)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise XlsalesError(arg, "rate", row=row + 1 if rates.size > 1 else None,
                           value=values[row])
    return rates


def _whole(value: Any, arg: str, high: int) -> int:
    number = to_number(value, arg)
    if not number.is_integer():
        raise XlsalesError(arg, "not_integer", value=value)
    if not 0 <= number <= high:
        raise XlsalesError(arg, "range", value=value, low=0, high=high)
    return int(number)

"""Client cohorts: who stays, and how much of their revenue (METHOD.md §10, Cohorts; §6).

French: cohortes de clients. Clients are grouped by the period of their first purchase;
the retention triangle shows, for each cohort, the share still buying 1, 2, 3… periods
later, and the revenue kept the cohort's revenue against its first period's. From the same
periods comes the churn the portfolio really shows, instead of the deck's 10–15 %, and
its half-life (``xlsales.method.churn.churn_half_life``).

Rules where METHOD.md is silent:
- A client's first purchase is its first purchase day (``rhythm``: a day with net sales
  above 0). A client who never had one is in no cohort.
- A client is retained in a period when its net revenue over the period is above 0 (as in
  the portfolio bridge, a net within 1e-9 of the gross is 0). Period 0 is 100 % by
  definition, even for a client whose purchases of that period were later credited.
- ``grain="auto"`` takes years when the data spans three years or more (from the first
  day of the first line's month to ``end``, both included: invoices do not start on the
  1st, so 2 January 2023 to 31 December 2025 is three years), else quarters: under three
  years, yearly cohorts leave one or two cells.
  Periods are calendar years or quarters, labelled "2024" or "2024-Q1".
- ``end`` is the date the data runs to (default: the last line's date); a line after it
  is refused with its row. The last period is complete when ``end`` is its last day; else
  it is flagged (``last_period_complete``) and kept out of the measured churn, since a
  client who has not bought yet in a half year is not lost. Give ``end`` as 31/12 when a
  ledger's last sale falls before the year's last day.
- The measured churn pools consecutive periods over all cohorts: of the clients buying
  in period p, the share not buying in p + 1 (lost / clients of p, the churn rate of
  METHOD.md §6), weighted by the clients of each period. With quarters it is made yearly
  as 1 − (1 − c)⁴; note that a client buying less than once a quarter counts as lost in
  the quarters it skips, so quarterly data overstates a yearly churn of slow buyers.
  Fewer than two complete periods give a blank churn. A churn of 100 % halves the
  portfolio at once: half-life 0. ``churn_from`` and ``churn_to`` are the first and last
  periods the churn pools (a client buying in ``churn_from`` is followed into the next),
  ``churn_steps`` how many steps from one period to the next it pools (0: no churn), so
  a caller can tell a churn measured over six years from one over a single step.
- A credit note dated before the client's first purchase period is left out of the
  cohort's revenue: the cohort did not exist yet.
- Revenue kept is blank when the cohort's first-period net revenue is not above 0 (no
  base to compare with). A cell after the data's last period is blank, not 0.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.dates import parse_date
from xlsales.common.errors import XlsalesError
from xlsales.method.churn import churn_half_life
from xlsales.method.rhythm import client_days

__all__ = ["GRAINS", "LABELS", "Cohorts", "client_cohorts"]

GRAINS = ("year", "quarter", "auto")

LABELS = {
    "cohort": {"en": "First purchase in", "fr": "Premier achat en"},
    "period": {"en": "Periods after the first", "fr": "Périodes après la première"},
    "clients": {"en": "Clients in the cohort", "fr": "Clients de la cohorte"},
    "retention": {"en": "Share of clients still buying",
                  "fr": "Part des clients qui achètent encore"},
    "revenue": {"en": "Net revenue", "fr": "CA net"},
    "revenue_kept": {"en": "Revenue kept (against the first period)",
                     "fr": "CA conservé (par rapport à la première période)"},
    "period_churn": {"en": "Churn per period", "fr": "Attrition par période"},
    "churn": {"en": "Measured yearly churn", "fr": "Attrition annuelle mesurée"},
    "half_life": {"en": "Years to lose half the clients",
                  "fr": "Années pour perdre la moitié des clients"},
    "partial": {"en": "Last period incomplete", "fr": "Dernière période incomplète"},
    "year": {"en": "Year", "fr": "Année"},
    "quarter": {"en": "Quarter", "fr": "Trimestre"},
}


@dataclass(frozen=True)
class Cohorts:
    """Cohorts by period of first purchase.

    ``retention``, ``revenue`` and ``revenue_kept`` are indexed by cohort label with one
    column per period offset (0, 1, 2…); ``clients`` is the size of each cohort.
    """

    grain: str
    clients: pd.Series
    retention: pd.DataFrame
    revenue: pd.DataFrame
    revenue_kept: pd.DataFrame
    period_churn: float
    churn: float
    half_life: float
    last_period: str
    last_period_complete: bool
    churn_from: str | None = None
    churn_to: str | None = None
    churn_steps: int = 0


def client_cohorts(client: Any, date: Any, amount: Any, *, grain: str = "auto",
                   end: Any = None) -> Cohorts:
    """Cohorts of the ledger lines (client, date, amount); see the module's rules."""
    if grain not in GRAINS:
        raise XlsalesError("grain", "choice", value=grain, choices=", ".join(GRAINS))
    limit = None if end is None else _day(end)
    days = client_days(client, date, amount, limit=end, limit_arg="end",
                       problem="after_end")
    if days.day.size == 0 or not days.purchase.any():
        raise XlsalesError("amount", "empty")
    last_day = int(days.day.max()) if limit is None else limit
    first_day = int(days.day.min())
    if grain == "auto":
        month_start = _month_start(first_day)
        grain = "year" if _add_years(month_start, 3) <= last_day + 1 else "quarter"
    per_year = 1 if grain == "year" else 4
    period = _periods(days.day, per_year)
    final = int(_periods(np.array([last_day]), per_year)[0])
    complete = int(_periods(np.array([last_day + 1]), per_year)[0]) != final

    purchase = days.purchase
    first_code = np.unique(days.client[purchase], return_index=True)
    cohort_of = np.full(days.ids.size, -1, dtype=np.int64)
    cohort_of[first_code[0]] = period[purchase][first_code[1]]

    nets = pd.DataFrame({"client": days.client, "period": period, "net": days.net,
                         "gross": days.gross}).groupby(["client", "period"], sort=True).sum()
    client_ids = nets.index.get_level_values("client").to_numpy()
    periods = nets.index.get_level_values("period").to_numpy()
    net = nets["net"].to_numpy()
    active = (net > 0) & (net > 1e-9 * nets["gross"].to_numpy())
    cohort = cohort_of[client_ids]
    offset = periods - cohort
    # clients with a first purchase, from its period on (a credit note before it is
    # no revenue of the cohort)
    keep = (cohort >= 0) & (offset >= 0)

    cohorts = np.unique(cohort_of[cohort_of >= 0])
    width = final - int(cohorts.min()) + 1
    sizes = np.bincount(np.searchsorted(cohorts, cohort_of[cohort_of >= 0]),
                        minlength=cohorts.size).astype(np.float64)
    row = np.searchsorted(cohorts, cohort[keep])
    col = offset[keep]
    buying = np.zeros((cohorts.size, width))
    revenue = np.zeros((cohorts.size, width))
    np.add.at(buying, (row, col), active[keep])
    np.add.at(revenue, (row, col), net[keep])
    beyond = np.arange(width)[None, :] > (final - cohorts)[:, None]
    retention = buying / sizes[:, None]
    retention[:, 0] = 1.0
    retention[beyond] = np.nan
    revenue[beyond] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        kept = np.where(revenue[:, :1] > 0, revenue / revenue[:, :1], np.nan)

    last_complete = final if complete else final - 1
    period_churn = _period_churn(client_ids[active], periods[active], last_complete)
    first_active = int(periods[active].min()) if active.any() else last_complete
    steps = max(last_complete - first_active, 0) if not math.isnan(period_churn) else 0
    yearly = 1 - (1 - period_churn) ** per_year
    if yearly >= 1:
        half_life = 0.0
    else:
        half_life = float(churn_half_life(yearly)) if not math.isnan(yearly) else math.nan

    labels = pd.Index([_label(p, per_year) for p in cohorts], name="cohort")
    columns = pd.RangeIndex(width, name="period")
    return Cohorts(
        grain=grain,
        clients=pd.Series(sizes.astype(np.int64), index=labels, name="clients"),
        retention=pd.DataFrame(retention, index=labels, columns=columns),
        revenue=pd.DataFrame(revenue, index=labels, columns=columns),
        revenue_kept=pd.DataFrame(kept, index=labels, columns=columns),
        period_churn=period_churn,
        churn=yearly,
        half_life=half_life,
        last_period=_label(final, per_year),
        last_period_complete=complete,
        churn_from=_label(first_active, per_year) if steps else None,
        churn_to=_label(last_complete, per_year) if steps else None,
        churn_steps=steps,
    )


def _period_churn(clients: np.ndarray, periods: np.ndarray, last_complete: int) -> float:
    """1 − (clients buying in p and p + 1) / (clients buying in p), over p + 1 complete."""
    base = periods + 1 <= last_complete
    span = int(periods.max()) + 2 if periods.size else 1
    key = clients.astype(np.int64) * span + periods
    at_risk = int(np.count_nonzero(base))
    if at_risk == 0:
        return math.nan
    stayed = int(np.count_nonzero(np.isin(key[base] + 1, key)))
    return 1 - stayed / at_risk


def _periods(days: np.ndarray, per_year: int) -> np.ndarray:
    months = (np.datetime64("1970-01-01", "D") + days.astype("timedelta64[D]")).astype(
        "datetime64[M]").astype(np.int64)  # months since January 1970
    return months // 12 if per_year == 1 else months // 3


def _label(period: int, per_year: int) -> str:
    if per_year == 1:
        return str(1970 + period)
    return f"{1970 + period // 4}-Q{period % 4 + 1}"


def _day(value: Any) -> int:
    day = parse_date(value, "end")
    if day is None:
        raise XlsalesError("end", "blank")
    return (day.date() - dt.date(1970, 1, 1)).days


def _month_start(day: int) -> int:
    start = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    return (start.replace(day=1) - dt.date(1970, 1, 1)).days


def _add_years(day: int, years: int) -> int:
    start = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    try:
        later = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        later = start.replace(year=start.year + years, day=28)
    return (later - dt.date(1970, 1, 1)).days

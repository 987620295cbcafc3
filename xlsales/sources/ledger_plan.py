"""From invoice lines (and optional client scores, prospects, team) to the plan's tables.

A ledger has one line per invoice line; the template's Clients table has one row per
client. This module makes that step once, for the command line's ``report`` and for the
built-in demo, so both give the same workbook for the same lines:
- year N is the latest full year of the data (``ledger.latest_full_year``) unless given;
- a client's revenue of a year is the sum of its lines that year (credit notes are
  negative lines and net against its sales); margin N likewise;
- its segment is the one on most of its revenue over N-1 and N, its product the main
  product of year N (the product with most of its revenue; N-1 when it bought nothing in
  N), its name the last one on its lines;
- the clients listed are those with a line in N-1 or N.
Scores and potential come from a separate client table when there is one (the manager's
judgement is not in a ledger); otherwise the columns are left blank for the user to fill.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.plan import layout
from xlsales.plan.analysis import DECK_FUNNEL, PlanData, PlanSettings
from xlsales.plan.risk import purchase_rows
from xlsales.sources.demo import demo_data
from xlsales.sources.ledger import latest_full_year

__all__ = ["demo_plan", "plan_from_ledger"]

# What a client table (``read_clients``, ``demo``) adds to the ledger's figures: the
# Clients table's own keys, so no renaming
_CLIENT_ATTRIBUTES = (*layout.POTENTIAL_CRITERIA, *layout.RISK_CRITERIA, "potential_revenue")
# A prospect level (1 big ... 3 small) stands for a score in the middle of its band
_LEVEL_SCORE = {1: 5.0, 2: 3.0, 3: 1.0}


def plan_from_ledger(lines: pd.DataFrame, *, year: int | None = None,
                     clients: pd.DataFrame | None = None,
                     prospects: pd.DataFrame | None = None,
                     team: pd.DataFrame | None = None,
                     funnel: pd.DataFrame | None = None,
                     settings: PlanSettings | None = None,
                     today: dt.date | None = None) -> PlanData:
    """The plan's tables from ledger lines (columns client, date, amount and optionally
    segment, product, margin, client_name: what ``ledger.read_ledger`` gives)."""
    for column in ("client", "date", "amount"):
        if column not in lines.columns:
            raise XlsalesError("ledger", "missing_column", value=column,
                               found=", ".join(map(str, lines.columns)))
    dates = pd.to_datetime(lines["date"])
    year = int(year) if year is not None else latest_full_year(dates, today)
    years = dates.dt.year.to_numpy()
    kept = (years == year) | (years == year - 1)
    if not kept.any():
        raise XlsalesError("year", "no_full_year", year=year + 1)
    table = _clients_table(lines.loc[kept], years[kept] == year)
    if clients is not None:
        table = _with_attributes(table, clients)
    base = settings or PlanSettings()
    return PlanData(
        clients=table,
        prospects=_prospects_table(prospects) if prospects is not None else PlanData().prospects,
        team=_team_table(team) if team is not None else PlanData().team,
        funnel=funnel[["stage", "count"]].reset_index(drop=True) if funnel is not None
        else pd.DataFrame(DECK_FUNNEL, columns=["stage", "count"]),
        settings=replace(base, year_curr=year, today=base.today or today),
        purchases=purchase_rows(lines),
    )


def _clients_table(lines: pd.DataFrame, curr: np.ndarray) -> pd.DataFrame:
    """One row per client from its lines of N-1 and N (``curr`` marks the lines of N).

    A million-line ledger has tens of thousands of clients: the client codes are
    factorised once and every sum groups by those integers, not by the texts again.
    """
    codes, ids = pd.factorize(lines["client"].astype(str), sort=True)
    known = codes >= 0  # a line without a client belongs to no one
    if not known.all():
        codes, curr, lines = codes[known], curr[known], lines.loc[known]
    n = len(ids)
    amount = pd.to_numeric(lines["amount"], errors="raise").to_numpy(dtype=np.float64)
    out = pd.DataFrame(index=pd.Index(ids, name="client"))
    out["name"] = (_last(lines["client_name"], codes, n)
                   if "client_name" in lines.columns else None)
    out["segment"] = (_largest(pd.factorize(lines["segment"].to_numpy()), codes, amount, n)
                      if "segment" in lines.columns else None)
    if "product" in lines.columns:
        keys, values = pd.factorize(lines["product"].to_numpy())
        main_curr = _largest((keys[curr], values), codes[curr], amount[curr], n)
        out["product"] = np.where(pd.isna(main_curr),
                                  _largest((keys, values), codes, amount, n), main_curr)
    else:
        out["product"] = None
    out["revenue_prev"] = _sum(amount[~curr], codes[~curr], n)
    out["revenue_curr"] = _sum(amount[curr], codes[curr], n)
    if "margin" in lines.columns:
        margin = pd.to_numeric(lines["margin"]).to_numpy(dtype=np.float64)
        out["margin"] = _sum(margin[curr], codes[curr], n)
    else:
        out["margin"] = np.nan
    out = out.reset_index()
    for key in layout.CLIENTS.keys("input"):
        if key not in out.columns:
            out[key] = np.nan
    # largest N revenue first, as a manager reads a client list
    out = out.sort_values(["revenue_curr", "revenue_prev"], ascending=False, kind="stable",
                          na_position="last")
    return out[layout.CLIENTS.keys("input")].reset_index(drop=True)


def _sum(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """Per client (code 0 .. n-1): the sum of its values, NaN for a client without any
    (or whose values are all blank: a margin left blank on every line is unknown, not 0)."""
    sums = pd.Series(values).groupby(codes).sum(min_count=1)
    return sums.reindex(range(n)).to_numpy()


def _last(column: pd.Series, codes: np.ndarray, n: int) -> np.ndarray:
    """Per client: the last value of ``column`` on its lines (blanks skipped)."""
    return pd.Series(column.to_numpy()).groupby(codes).last().reindex(range(n)).to_numpy()


def _largest(factorized: tuple[np.ndarray, Any], codes: np.ndarray, amount: np.ndarray,
             n: int) -> np.ndarray:
    """Per client (by position): the value (of a column factorised as keys, values) on
    which it has the most revenue; on a tie, the one it bought first."""
    keys, values = factorized
    named = keys >= 0
    width = max(len(values), 1)
    pairs = codes[named].astype(np.int64) * width + keys[named]
    sums = pd.Series(amount[named]).groupby(pairs, sort=False).sum()
    best = sums.sort_values(ascending=False, kind="stable")
    client = best.index.to_numpy() // width
    first = ~pd.Index(client).duplicated()
    chosen = pd.Series(np.asarray(values, dtype=object)[best.index.to_numpy()[first] % width],
                       index=client[first], dtype=object)
    return chosen.reindex(range(n)).to_numpy()


def _with_attributes(table: pd.DataFrame, clients: pd.DataFrame) -> pd.DataFrame:
    attributes = clients.assign(client=clients["client"].astype(str))
    wanted = [c for c in _CLIENT_ATTRIBUTES if c in attributes.columns]
    scores = attributes.drop_duplicates("client").set_index("client")[wanted]
    merged = table.drop(columns=wanted).join(scores, on="client")
    return merged[layout.CLIENTS.keys("input")]


def _prospects_table(prospects: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=prospects.index)
    for key in layout.PROSPECTS.keys("input"):
        out[key] = prospects[key] if key in prospects.columns else None
    for kind in ("potential", "accessibility"):
        scores = prospects.get(f"{kind}_score")
        levels = prospects.get(kind)
        if scores is None and levels is not None:
            scores = levels.map(lambda v, kind=kind: _LEVEL_SCORE.get(_as_level(v, kind)))
        out[kind] = scores
    return out.reset_index(drop=True)


def _as_level(value: Any, kind: str) -> int | None:
    from xlsales.method.potential import to_levels

    try:
        return to_levels([value], kind)[0]
    except XlsalesError:
        return None


def _team_table(team: pd.DataFrame) -> pd.DataFrame:
    return team[layout.TEAM.keys("input")].reset_index(drop=True)


def demo_plan(seed: int = 2026, clients: int = 1500) -> PlanData:
    """The built-in demo as the plan's tables: three years of a made-up distributor."""
    demo = demo_data(seed=seed, clients=clients)
    return plan_from_ledger(demo.ledger, year=demo.year, clients=demo.clients,
                            prospects=demo.prospects, team=demo.team, funnel=demo.funnel,
                            settings=PlanSettings(today=demo.today), today=demo.today)

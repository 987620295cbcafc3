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

from . import layout
from .demo import demo_data
from .errors import XlsalesError
from .ledger import latest_full_year
from .plan import DECK_FUNNEL, PlanData, PlanSettings

__all__ = ["demo_plan", "plan_from_ledger"]

# A client table's columns (as ``demo`` and ``read_table`` name them) -> layout keys
_CLIENT_ATTRIBUTES = {
    "size": "pot_size", "competition": "pot_competition", "sector_evolution": "pot_sector",
    "supplier_policy": "pot_suppliers", "reliability": "risk_reliability",
    "financial_health": "risk_finance", "competitors_position": "risk_competitors",
    "potential": "potential_revenue",
}
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
    recent = lines.loc[(years == year) | (years == year - 1)].copy()
    recent["_year"] = np.where(years[(years == year) | (years == year - 1)] == year,
                               "curr", "prev")
    if recent.empty:
        raise XlsalesError("year", "no_full_year", year=year + 1)
    table = _clients_table(recent)
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
    )


def _clients_table(lines: pd.DataFrame) -> pd.DataFrame:
    client = lines["client"].astype(str)
    amount = pd.to_numeric(lines["amount"], errors="raise")
    revenue = amount.groupby([client, lines["_year"]]).sum().unstack()
    revenue = revenue.reindex(columns=["prev", "curr"])
    out = pd.DataFrame(index=revenue.index)
    out["name"] = (lines["client_name"].groupby(client).last()
                   if "client_name" in lines.columns else None)
    out["segment"] = (_largest(lines, client, amount, "segment")
                      if "segment" in lines.columns else None)
    if "product" in lines.columns:
        curr = lines["_year"] == "curr"
        main_curr = _largest(lines[curr], client[curr], amount[curr], "product")
        out["product"] = main_curr.reindex(out.index).fillna(
            _largest(lines, client, amount, "product").reindex(out.index))
    else:
        out["product"] = None
    out["revenue_prev"] = revenue["prev"]
    out["revenue_curr"] = revenue["curr"]
    if "margin" in lines.columns:
        curr = lines["_year"] == "curr"
        out["margin"] = pd.to_numeric(lines.loc[curr, "margin"]).groupby(client[curr]).sum()
    else:
        out["margin"] = np.nan
    out = out.reset_index(names="client")
    for key in layout.CLIENTS.keys("input"):
        if key not in out.columns:
            out[key] = np.nan
    # largest N revenue first, as a manager reads a client list
    out = out.sort_values(["revenue_curr", "revenue_prev"], ascending=False, kind="stable",
                          na_position="last")
    return out[layout.CLIENTS.keys("input")].reset_index(drop=True)


def _largest(lines: pd.DataFrame, client: pd.Series, amount: pd.Series,
             column: str) -> pd.Series:
    """Per client, the value of ``column`` on which it has the most revenue."""
    frame = pd.DataFrame({"client": client.to_numpy(), "key": lines[column].to_numpy(),
                          "amount": amount.to_numpy()}).dropna(subset=["key"])
    if frame.empty:
        return pd.Series(dtype=object)
    sums = frame.groupby(["client", "key"], sort=False)["amount"].sum().reset_index()
    best = sums.sort_values("amount", ascending=False, kind="stable").drop_duplicates("client")
    return best.set_index("client")["key"]


def _with_attributes(table: pd.DataFrame, clients: pd.DataFrame) -> pd.DataFrame:
    attributes = clients.rename(columns=_CLIENT_ATTRIBUTES)
    attributes = attributes.assign(client=attributes["client"].astype(str))
    wanted = [c for c in _CLIENT_ATTRIBUTES.values() if c in attributes.columns]
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
    from .potential import to_levels

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

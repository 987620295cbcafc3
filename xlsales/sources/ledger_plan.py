"""From invoice lines (and optional client scores, prospects, team) to the plan's tables.

A ledger has one line per invoice line; the template's Clients table has one row per
client. This module makes that step once, for the command line's ``report`` and for the
built-in demo, so both give the same workbook for the same lines:
- N and N-1 are the windows of days ``method.periods.choose_period`` picks: by default
  the latest full calendar year of the data and the one before, or the same days of
  both years when N stops before its end (``year``, ``ytd``, ``12m``);
- a client's revenue of a window is the sum of its lines in it (credit notes are
  negative lines and net against its sales); margin N likewise;
- its segment is the one on most of its revenue over N-1 and N, its product the main
  product of year N (the product with most of its revenue; N-1 when it bought nothing in
  N), its name the last one on its lines;
- the clients listed are those with a line in N-1 or N;
- the sales table (``layout.SALES``) keeps every client × product × year of N-1 and N,
  so the matrix adds up what the lines say, not each client's main product.
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
from xlsales.common.values import first_spellings
from xlsales.method.periods import choose_period
from xlsales.method.team import owner_revenue
from xlsales.plan import layout
from xlsales.plan.analysis import DECK_FUNNEL, PlanData, PlanSettings
from xlsales.plan.risk import purchase_rows
from xlsales.sources.deals import deal_outcomes, known_order
from xlsales.sources.demo import demo_crm, demo_data

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
                     today: dt.date | None = None, period: str = "year",
                     to: dt.date | None = None) -> PlanData:
    """The plan's tables from ledger lines (columns client, date, amount and optionally
    segment, product, margin, client_name: what ``ledger.read_ledger`` gives), over the
    windows N and N-1 that ``period`` (year, ytd, 12m), ``year`` and ``to`` choose
    (``method.periods.choose_period``)."""
    for column in ("client", "date", "amount"):
        if column not in lines.columns:
            raise XlsalesError("ledger", "missing_column", value=column,
                               found=", ".join(map(str, lines.columns)))
    dates = pd.to_datetime(lines["date"])
    chosen = choose_period(dates, period, year=year, to=to, today=today)
    curr = chosen.curr.holds(dates)
    kept = curr | chosen.prev.holds(dates)
    table = _clients_table(lines.loc[kept], curr[kept])
    # the sales table's year is the window's: N for the lines of N's window, N-1 for the
    # window it is compared with (the same days of N-1 for a year to date)
    window_years = np.where(np.asarray(curr[kept]), chosen.year, chosen.year - 1)
    sales = _sales_table(lines.loc[kept], window_years, table)
    if clients is not None:
        table = _with_attributes(table, clients)
    base = settings or PlanSettings()
    return PlanData(
        clients=table,
        sales=sales,
        prospects=_prospects_table(prospects) if prospects is not None else PlanData().prospects,
        team=_team_table(team) if team is not None else PlanData().team,
        funnel=funnel[["stage", "count"]].reset_index(drop=True) if funnel is not None
        else pd.DataFrame(DECK_FUNNEL, columns=["stage", "count"]),
        settings=replace(base, year_curr=chosen.year, period=chosen,
                         today=base.today or today),
        purchases=purchase_rows(lines.loc[lines["client"].notna()]),
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
    out["segment"] = (_largest(pd.factorize(_spelled(lines["segment"])), codes, amount, n)
                      if "segment" in lines.columns else None)
    if "product" in lines.columns:
        keys, values = pd.factorize(_spelled(lines["product"]))
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


def _sales_table(lines: pd.DataFrame, years: np.ndarray,
                 clients: pd.DataFrame) -> pd.DataFrame:
    """The sales by client × product × year (``layout.SALES``): the sum of each pair's
    lines a year, credit notes netted, margin likewise (blank when every line's is). The
    segment is the client's, as the Clients table gives it, so that the matrix's row of a
    client is the same on both tables; rows follow the Clients table's order (largest
    client first), then the product's revenue."""
    frame = pd.DataFrame({
        "client": lines["client"].astype(str).to_numpy(dtype=object),
        "product": (_spelled(lines["product"]) if "product" in lines.columns
                    else np.full(len(lines), None, dtype=object)),
        "year": years.astype(np.int64),
        "revenue": pd.to_numeric(lines["amount"], errors="raise").to_numpy(dtype=np.float64),
        "margin": (pd.to_numeric(lines["margin"]).to_numpy(dtype=np.float64)
                   if "margin" in lines.columns else np.full(len(lines), np.nan)),
    })
    frame = frame[pd.notna(lines["client"]).to_numpy()]
    groups = frame.groupby(["client", "product", "year"], sort=False, dropna=False)
    sales = groups.agg(revenue=("revenue", "sum"),
                       margin=("margin", lambda m: m.sum(min_count=1))).reset_index()
    order = pd.Series(range(len(clients)), index=clients["client"].astype(str))
    sales["segment"] = sales["client"].map(
        clients.set_index(clients["client"].astype(str))["segment"])
    sales["_rank"] = sales["client"].map(order)
    sales = sales.sort_values(["_rank", "year", "revenue"], ascending=[True, False, False],
                              kind="stable")
    return sales[layout.SALES.keys()].reset_index(drop=True)


def _spelled(column: pd.Series) -> np.ndarray:
    """A segment or product column with names differing only by case as one, spelled as
    first met ("INDUSTRIE" on a later line is "Industrie"): ``values.fold_key``, the
    comparison Excel's SUMIFS makes, so that the plan's tables agree with its formulas."""
    values = column.to_numpy(dtype=object)
    texts = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    if texts.any():
        values = values.copy()
        values[texts] = np.asarray(first_spellings(values[texts].tolist()), dtype=object)
    return values


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


def demo_plan(seed: int = 2026, clients: int = 1500, *, crm: bool = False) -> PlanData:
    """The built-in demo as the plan's tables: three years of a made-up distributor;
    with ``crm``, its CRM's deals too (the funnel is then the deals', as ``--deals``
    makes it) and who sold each line (the portfolio per salesperson). The template keeps
    the method's funnel: it is written without them."""
    demo = demo_data(seed=seed, clients=clients)
    plan = plan_from_ledger(demo.ledger, year=demo.year, clients=demo.clients,
                            prospects=demo.prospects, team=demo.team, funnel=demo.funnel,
                            settings=PlanSettings(today=demo.today), today=demo.today)
    if not crm:
        return plan
    found = demo_crm(demo, seed=seed)
    deals = deal_outcomes(found.deals)
    owner = demo.ledger["client"].map(found.owners.set_index("client")["salesperson"])
    return replace(plan, deals=deals, deal_order=tuple(known_order(deals["stage"])),
                   owner_revenue=owner_revenue(owner, demo.ledger["client"],
                                               demo.ledger["date"], demo.ledger["amount"],
                                               demo.year))

"""The portfolio per salesperson: what each one's clients did from N-1 to N, beside the
activity index of METHOD.md §9 that should explain it.

A ledger's owner column (Commercial, Vendeur, Salesperson, Owner…) says who sold each
line; a deals export's owner who ran each deal. Per salesperson:
- the portfolio bridge of the lines they sold (``portfolio.portfolio_bridge``, the §1
  rule: a client of a year has net revenue above 0 that year), so clients N-1 and N,
  lost, new, revenue and churn are the plan's own rules applied to their lines; a client
  who changed hands is lost for one and new for the other, as each saw it;
- A clients: their clients of N in class A of the plan's ABC analysis (the classes are
  computed once, over every client: ``abc.abc_classes``);
- win rate: their deals' (``deals.win_rates``).
Names match across files folded (case, accents and spaces aside): "Élodie  Martin" in
the ledger is "elodie martin" in the team table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from xlsales.method import portfolio
from xlsales.method.periods import Period

__all__ = ["COLUMNS", "LABELS", "name_key", "owner_revenue", "team_portfolio"]

COLUMNS = ("clients_prev", "clients_curr", "lost", "new", "revenue_prev", "revenue_curr",
           "churn", "a_clients", "win_rate")

LABELS = {
    "title": {"en": "Portfolio per salesperson", "fr": "Portefeuille par commercial"},
    "salesperson": {"en": "Salesperson", "fr": "Commercial"},
    "clients_prev": {"en": "Clients N-1", "fr": "Clients N-1"},
    "clients_curr": {"en": "Clients N", "fr": "Clients N"},
    "lost": {"en": "Lost", "fr": "Perdus"},
    "new": {"en": "New", "fr": "Nouveaux"},
    "revenue_prev": {"en": "Revenue N-1", "fr": "CA N-1"},
    "revenue_curr": {"en": "Revenue N", "fr": "CA N"},
    "churn": {"en": "Churn", "fr": "Attrition"},
    "a_clients": {"en": "A clients", "fr": "Clients A"},
    "win_rate": {"en": "Win rate", "fr": "Taux de transformation"},
    "activity_index": {"en": "Activity index", "fr": "Indice d'activité"},
}


def name_key(name: Any) -> str | None:
    """A salesperson's name folded for matching: case, accents and spacing aside."""
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return None
    plain = unicodedata.normalize("NFKD", str(name).casefold())
    text = " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())
    return text or None


def owner_revenue(salespeople: Any, clients: Any, dates: Any, amounts: Any,
                  year: int, period: Period | None = None) -> pd.DataFrame:
    """Per salesperson and client: revenue N-1 and N (sums of their lines; NaN when
    none that year). Lines without a salesperson or outside N-1 and N are left out; a
    name spelt two ways ("Élodie  Martin", "élodie martin") is one salesperson, shown as
    first spelt. With a ``period`` (``method.periods``), N and N-1 are its windows of
    days, as for the plan's clients."""
    days = pd.to_datetime(pd.Series(dates))
    years = days.dt.year.to_numpy(dtype=float)
    if period is not None:
        years = np.where(period.curr.holds(days), year,
                         np.where(period.prev.holds(days), year - 1, np.nan))
    frame = pd.DataFrame({"salesperson": pd.Series(salespeople, dtype=object).to_numpy(),
                          "client": pd.Series(clients, dtype=object).astype(str).to_numpy(),
                          "year": years,
                          "amount": pd.Series(amounts, dtype=float).to_numpy()})
    frame["key"] = frame["salesperson"].map(name_key)
    frame = frame[frame["key"].notna() & frame["year"].isin([year - 1, year])]
    frame = frame.assign(year=frame["year"].astype(np.int64))
    shown = frame.drop_duplicates("key").set_index("key")["salesperson"]  # first spelling
    sums = frame.pivot_table(index=["key", "client"], columns="year", values="amount",
                             aggfunc="sum")
    sums = sums.reindex(columns=[year - 1, year])
    sums.columns = ["revenue_prev", "revenue_curr"]
    sums = sums.reset_index()
    sums.insert(0, "salesperson", sums.pop("key").map(shown))
    return sums


def team_portfolio(revenue: pd.DataFrame | None, abc_class: Mapping[str, Any] | None = None,
                   win_rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per salesperson (the ledger's, then the deals' own), ``COLUMNS`` as the
    module says; blank where the file that says it is missing."""
    rows: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    if revenue is not None and len(revenue):
        folded = revenue["salesperson"].map(name_key)
        for key, lines in revenue.groupby(folded, sort=True):
            names.setdefault(key, str(lines["salesperson"].iloc[0]))
            bridge = portfolio.portfolio_bridge(
                pd.Series(lines["revenue_prev"].to_numpy(dtype=object),
                          index=lines["client"].to_numpy(dtype=object)),
                pd.Series(lines["revenue_curr"].to_numpy(dtype=object),
                          index=lines["client"].to_numpy(dtype=object)))
            current = (*bridge.retained_ids, *bridge.new_ids)
            a_count = (sum(1 for c in current if abc_class.get(c) == "A")
                       if abc_class is not None else np.nan)
            rows[key] = {
                "clients_prev": bridge.clients_prev, "clients_curr": bridge.clients_curr,
                "lost": bridge.lost_clients, "new": bridge.new_clients,
                "revenue_prev": bridge.revenue_prev, "revenue_curr": bridge.revenue_curr,
                "churn": bridge.churn_rate, "a_clients": a_count}
    if win_rates is not None:
        for person, rate in win_rates["win_rate"].items():
            key = name_key(person)
            if key is None:
                continue
            names.setdefault(key, str(person))
            rows.setdefault(key, {})["win_rate"] = rate
    table = pd.DataFrame([{**rows[k]} for k in rows], index=pd.Index(
        [names[k] for k in rows], name="salesperson"))
    return table.reindex(columns=list(COLUMNS))

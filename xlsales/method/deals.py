"""CRM deals (METHOD.md §10, "Deals"): win rate, weighted pipeline, sales cycle, stalled
deals, and the user's own funnel from the stages of the pipeline.

Each deal has an outcome ("won", "lost" or "open"), the stage it is at (for a lost deal,
the stage where it was lost, when the export keeps it; None when the export only says
"Closed Lost"), an amount, creation and close dates, and optionally a probability, an
owner and a lead source. The CRM's words are turned into these keys by the reader
(``xlsales.sources.deals``); nothing here reads a file.

Rules, where METHOD.md is silent:
- **Period.** Win rates and the cycle count the deals *closed* in the period (close date
  from ``start`` to ``end``, both included); the funnel and the pipeline count every deal
  of the export, as the CRM shows them today.
- **Win rate** = won / (won + lost); blank when no deal closed in the period. Per owner
  and per lead source likewise (a blank owner or source is left out of those tables).
- **Reached.** A deal reached its stage and every stage before it in the pipeline; a won
  deal reached them all; a lost deal whose stage is unknown reached them all too (where
  it was lost is unknown, so it weighs against every stage rather than none).
- **Funnel** = per open stage, in pipeline order, the deals that reached it, then the won
  deals: counts that never grow down, as the method's funnel needs.
- **Stage win rate** = won / (won + lost) among the deals closed in the period that
  reached the stage.
- **Weighted pipeline** = Σ over open deals of amount × the deal's probability when the
  export gives one, else its stage's win rate; blank (with the stages that have no
  closed deal) when some open deal has neither.
- **Cycle** = mean days from creation to close of the won deals closed in the period;
  **stalled** = open deals older (``today`` − created) than twice that cycle.
- **Pipeline order**: the order ``order`` gives (the CRM's default pipeline), then the
  other stages by their mean probability, then as they first appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import say

__all__ = ["LABELS", "OUTCOMES", "DealsAnalysis", "deals_analysis", "pipeline_order",
           "win_rates"]

OUTCOMES = ("won", "lost", "open")
WON_STAGE = "won"  # the funnel's last stage

LABELS = {
    "won": {"en": "Won", "fr": "Gagnées"},
    "lost": {"en": "Lost", "fr": "Perdues"},
    "open": {"en": "Open", "fr": "En cours"},
    "win_rate": {"en": "Win rate", "fr": "Taux de transformation"},
    "owner": {"en": "Owner", "fr": "Responsable"},
    "source": {"en": "Lead source", "fr": "Source"},
    "stage": {"en": "Stage", "fr": "Étape"},
    "reached": {"en": "Reached", "fr": "Atteinte"},
    "at_stage": {"en": "Open at this stage", "fr": "En cours à cette étape"},
    "stage_win_rate": {"en": "Win rate from this stage", "fr": "Transformation depuis l'étape"},
    "pipeline": {"en": "Weighted pipeline", "fr": "Pipeline pondéré"},
    "pipeline_amount": {"en": "Open pipeline (unweighted)", "fr": "Pipeline ouvert (brut)"},
    "cycle": {"en": "Average sales cycle of won deals (days)",
              "fr": "Cycle de vente moyen des affaires gagnées (jours)"},
    "stalled": {"en": "Stalled deals (open over twice the cycle)",
                "fr": "Affaires en sommeil (ouvertes depuis plus de deux cycles)"},
    "name": {"en": "Deal", "fr": "Affaire"},
    "amount": {"en": "Amount", "fr": "Montant"},
    "age": {"en": "Days open", "fr": "Jours ouverte"},
    "no_closed": {"en": "no deal closed in the period", "fr": "aucune affaire close sur la "
                                                           "période"},
    "no_weight": {"en": "no probability and no closed deal for the stages: {stages}",
                  "fr": "ni probabilité ni affaire close pour les étapes : {stages}"},
    "no_cycle": {"en": "no won deal with its creation and close dates in the period",
                 "fr": "aucune affaire gagnée avec ses dates de création et de clôture sur "
                       "la période"},
}


@dataclass(frozen=True)
class DealsAnalysis:
    """What a deals export says about selling (every figure blank when it cannot be
    computed, ``reasons`` saying why under the figure's key)."""

    stages: pd.DataFrame  # index: open stages in pipeline order; at_stage, reached,
    #                       lost_reached (lost in the period having reached it), stage_win_rate
    funnel: pd.DataFrame  # stage, count: the open stages then "won"
    won: int  # closed in the period
    lost: int
    open: int  # open today
    win_rate: float
    by_owner: pd.DataFrame  # index owner; won, lost, win_rate
    by_source: pd.DataFrame  # index source; won, lost, win_rate
    pipeline: float
    pipeline_amount: float
    cycle_days: float
    stalled: pd.DataFrame  # name, owner, stage, amount, age (days), oldest first
    reasons: dict[str, str]  # figure key -> reason key of LABELS (with params)
    reason_params: dict[str, dict[str, str]]
    # per deal, in the order given: days from creation to close of a won deal (closed in
    # any period), days open of an open deal, amount × weight of an open deal (NaN where
    # it does not apply or cannot be told)
    per_deal: pd.DataFrame | None = None

    def reason(self, key: str, lang: str = "en") -> str | None:
        """Why a figure is blank, in ``lang``; None when it is not."""
        if key not in self.reasons:
            return None
        return say(LABELS, self.reasons[key], lang).format(**self.reason_params.get(key, {}))


def pipeline_order(stages: Any, probabilities: Any = None, order: Any = ()) -> list[str]:
    """The open stages in pipeline order: ``order`` first (as given), then the others by
    mean probability (lowest first), then by first appearance."""
    names = pd.Series(stages, dtype=object)
    probs = (pd.Series(probabilities, dtype=float) if probabilities is not None
             else pd.Series(np.nan, index=names.index))
    probs.index = names.index
    seen = [s for s in dict.fromkeys(names.dropna()) if s is not None]
    known = [s for s in order if s in seen]
    rest = [s for s in seen if s not in known]
    mean = probs.groupby(names).mean()
    rest.sort(key=lambda s: (np.isnan(mean.get(s, np.nan)),
                             mean.get(s, 0.0) if not np.isnan(mean.get(s, np.nan)) else 0.0,
                             seen.index(s)))
    return known + rest


def win_rates(groups: Any, outcomes: Any) -> pd.DataFrame:
    """won, lost and win rate = won / (won + lost) per group (blank groups left out)."""
    frame = pd.DataFrame({"group": pd.Series(groups, dtype=object),
                          "outcome": pd.Series(outcomes, dtype=object)})
    frame = frame[frame["group"].notna() & frame["outcome"].isin(["won", "lost"])]
    counts = (frame.groupby(["group", "outcome"]).size().unstack(fill_value=0)
              .reindex(columns=["won", "lost"], fill_value=0))
    counts.index.name = None
    closed = counts["won"] + counts["lost"]
    counts["win_rate"] = (counts["won"] / closed).where(closed > 0)
    return counts.astype({"won": int, "lost": int})


def deals_analysis(outcomes: Any, stages: Any, amounts: Any, created: Any, closed: Any, *,
                   probabilities: Any = None, owners: Any = None, sources: Any = None,
                   names: Any = None, order: Any = (), start: Any = None, end: Any = None,
                   today: Any = None) -> DealsAnalysis:
    """Every figure of a deals export (see the module's rules)."""
    outcome = pd.Series(outcomes, dtype=object).reset_index(drop=True)
    n = len(outcome)
    bad = ~outcome.isin(OUTCOMES)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise XlsalesError("outcome", "choice", row=i + 1, value=outcome.iloc[i],
                           choices=", ".join(OUTCOMES))

    def column(values: Any, dtype: Any = object) -> pd.Series:
        if values is None:
            return pd.Series([None] * n, dtype=dtype)
        series = pd.Series(values, dtype=dtype).reset_index(drop=True)
        if len(series) != n:
            raise XlsalesError("deals", "length", n=len(series), other="outcomes", m=n)
        return series

    stage = column(stages)
    amount = column(amounts, float)
    prob = column(probabilities, float)
    made = pd.to_datetime(column(created), errors="coerce")
    shut = pd.to_datetime(column(closed), errors="coerce")
    owner, source, name = column(owners), column(sources), column(names)
    start = pd.Timestamp(start) if start is not None else shut.min()
    end = pd.Timestamp(end) if end is not None else shut.max()
    now = pd.Timestamp(today) if today is not None else pd.Timestamp(dt.date.today())
    is_open = outcome == "open"
    in_period = outcome.isin(["won", "lost"]) & (shut >= start) & (shut <= end)
    period_outcome = outcome.where(in_period)

    open_stages = pipeline_order(stage.where(outcome != "won"), prob, order)
    rank = {s: i for i, s in enumerate(open_stages)}
    top = len(open_stages)
    position = stage.map(rank)  # NaN where unknown or not an open stage
    # the furthest stage each deal reached (index), as a float for NaN
    reach = np.where(outcome == "won", top, np.where(
        (outcome == "lost") & position.isna(), top - 1, position.fillna(-1)))
    reach = pd.Series(reach, dtype=float)
    rows = []
    for i, s in enumerate(open_stages):
        reached = reach >= i
        closed_here = in_period & reached
        won_here = int((closed_here & (outcome == "won")).sum())
        total = int(closed_here.sum())
        rows.append({"stage": s, "at_stage": int((is_open & (stage == s)).sum()),
                     "reached": int(reached.sum()), "lost_reached": total - won_here,
                     "stage_win_rate": won_here / total if total else np.nan})
    table = pd.DataFrame(rows, columns=["stage", "at_stage", "reached", "lost_reached",
                                        "stage_win_rate"])
    table = table.set_index("stage")
    funnel = pd.DataFrame({"stage": [*open_stages, WON_STAGE],
                           "count": [*table["reached"].tolist(),
                                     int((outcome == "won").sum())]})
    won = int((period_outcome == "won").sum())
    lost = int((period_outcome == "lost").sum())
    reasons: dict[str, str] = {}
    params: dict[str, dict[str, str]] = {}
    rate = won / (won + lost) if won + lost else np.nan
    if not won + lost:
        reasons["win_rate"] = "no_closed"
    weight = prob.where(prob.notna(), stage.map(table["stage_win_rate"]))
    open_weight = weight[is_open]
    if open_weight.isna().any():
        missing = sorted({str(s) for s in stage[is_open][open_weight.isna()]})
        pipeline = np.nan
        reasons["pipeline"] = "no_weight"
        params["pipeline"] = {"stages": ", ".join(missing)}
    else:
        pipeline = float((amount[is_open].fillna(0) * open_weight).sum())
    days = (shut - made).dt.days
    won_days = days[(period_outcome == "won") & made.notna() & shut.notna()]
    per_deal = pd.DataFrame({
        "cycle": days.where(outcome == "won").astype(float),
        "age": (now - made).dt.days.where(is_open).astype(float),
        "weighted": (amount.fillna(0) * open_weight).reindex(outcome.index).astype(float)})
    cycle = float(won_days.mean()) if len(won_days) else np.nan
    if np.isnan(cycle):
        reasons["cycle"] = reasons["stalled"] = "no_cycle"
        stalled = pd.DataFrame(columns=["name", "owner", "stage", "amount", "age"])
    else:
        age = (now - made).dt.days
        late = is_open & (age > 2 * cycle)
        stalled = pd.DataFrame({"name": name[late], "owner": owner[late],
                                "stage": stage[late], "amount": amount[late],
                                "age": age[late]}).sort_values("age", ascending=False,
                                                               kind="stable")
    return DealsAnalysis(
        stages=table, funnel=funnel, won=won, lost=lost, open=int(is_open.sum()),
        win_rate=rate, by_owner=win_rates(owner, period_outcome),
        by_source=win_rates(source, period_outcome), pipeline=pipeline,
        pipeline_amount=float(amount[is_open].fillna(0).sum()), cycle_days=cycle,
        stalled=stalled.reset_index(drop=True), reasons=reasons, reason_params=params,
        per_deal=per_deal)

"""The plan's key figures that sum up a whole analysis, computed once.

The Plan sheet, the Qualification and Activity sheets, the action plan's sentences and the
terminal summary all show how many reminders are overdue, which lever the team should
pull, and so on. Counting them in each of those places let the rules drift apart (an
overdue flag read as truthy here, as ``is True`` there), so ``analyse`` computes them here
once and every presentation reads ``PlanResults.figures``.

Each figure is None when the analysis it sums up could not run (its error is in
``PlanResults.problems``) or when its input is not given (``PlanResults.not_given``: no
prospect at all is not "0 overdue"), and a count is 0 when the analysis ran on nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xlsales.method.activity import FACTORS

__all__ = ["KeyFigures", "key_figures"]


@dataclass(frozen=True)
class KeyFigures:
    """Counts and summaries shown beside the analyses they come from.

    - ``overdue``: prospects whose next contact is past (``is_overdue`` True).
    - ``priority_1``: prospects of priority 1.
    - ``team_average``: the mean activity index of the salespeople who have one.
    - ``lever_counts``: per factor key, the salespeople whose lever it is.
    - ``team_lever``: the most frequent lever (ties: the first factor key in alphabetical
      order, as the template's formula picks it); None when no one has a lever.
    - ``clients_to_develop``: clients whose approach is "develop" (key-account plan), and
      ``signal_counts``: the matrix cells per signal ("win", "develop"); both 0 when their
      analysis could not run, as the sheets' counting formulas find nothing to count.
    """

    overdue: int | None = None
    priority_1: int | None = None
    team_average: float | None = None
    lever_counts: dict[str, int] | None = None
    team_lever: str | None = None
    clients_to_develop: int = 0
    signal_counts: dict[str, int] = field(default_factory=lambda: {"win": 0, "develop": 0})


def key_figures(results: Any) -> KeyFigures:
    """The key figures of a ``PlanResults`` whose analyses have run."""
    index = results.activity_index
    average = None
    if index is not None and index.notna().any():
        average = float(index.mean())
    counts, lever = None, None
    if results.lever is not None:
        factors = pd.Series(np.asarray(results.lever.factor, dtype=object)).dropna()
        counts = {factor: int((factors == factor).sum()) for factor in FACTORS}
        most = max(counts.values())
        lever = None if most == 0 else min(f for f in FACTORS if counts[f] == most)
    signals = {"win": 0, "develop": 0}
    if results.signals is not None:
        grid = results.signals.signals
        signals = {s: int((grid == s).sum().sum()) for s in signals}
    no_prospects = "prospects" in getattr(results, "not_given", ())
    return KeyFigures(
        overdue=(None if results.overdue is None or no_prospects else
                 sum(1 for v in results.overdue if v is True)),  # blank is not overdue
        priority_1=(None if results.priority is None or no_prospects else
                    sum(1 for v in results.priority if v == 1)),
        team_average=average,
        lever_counts=counts,
        team_lever=lever,
        clients_to_develop=(0 if results.approach is None else
                            int((results.approach == "develop").sum())),
        signal_counts=signals,
    )

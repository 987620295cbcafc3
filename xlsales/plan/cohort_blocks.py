"""The rows of the cohorts' Python-written blocks (the Cohorts sheet, and the measured churn
the Portfolio sheet's projection reads), from the plan's results.

Kept apart from ``blocks`` (whose ``BLOCKS`` lists them) so the cohorts' words live beside
their rows. The triangles keep the latest ``layout.COHORT_ROWS`` cohorts and their first
``layout.COHORT_PERIODS`` periods: a ledger of twenty-five years shows its last twenty.
A cell the data does not reach (a period after the ledger's end) stays empty, never 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xlsales.common.lang import say
from xlsales.method.cohorts import LABELS as COHORT_LABELS
from xlsales.plan.analysis import PlanResults
from xlsales.plan.cohorts import method_comparison
from xlsales.plan.layout import COHORT_PERIODS, COHORT_ROWS

__all__ = ["LABELS", "churn_measured", "cohort_churn", "cohort_notes", "cohort_per_year",
           "cohort_retention", "cohort_revenue"]

Rows = list[list[Any]]

LABELS = {
    "no_ledger": {"en": "Cohorts are measured on a sales ledger's lines: \"xlsales report "
                        "ledger.csv\" writes them here.",
                  "fr": "Les cohortes se mesurent sur les lignes d'un journal des ventes : "
                        "« xlsales report ventes.csv » les écrit ici."},
    "first_revenue": {"en": "Net revenue of the first period",
                      "fr": "CA net de la première période"},
}


def churn_measured(results: PlanResults, lang: str) -> Rows:
    """The measured yearly churn and its source, when the plan's projection runs on it;
    empty cells when it runs on this year's count (the sheet's formulas then read the
    bridge's churn)."""
    choice = results.churn_choice
    if choice.source != "measured":
        return [[None, None]]
    return [[choice.rate, choice.label(lang)]]


def cohort_churn(results: PlanResults, lang: str) -> Rows:
    cohorts = results.cohorts
    if cohorts is None or not np.isfinite(cohorts.churn):
        return [[None]]
    return [[float(cohorts.churn)]]


def cohort_per_year(results: PlanResults, lang: str) -> Rows:
    cohorts = results.cohorts
    if cohorts is None:
        return [[None]]
    return [[1 if cohorts.grain == "year" else 4]]


def cohort_notes(results: PlanResults, lang: str) -> Rows:
    """The measured churn and half-life beside the method's, one sentence a row."""
    cohorts = results.cohorts
    if cohorts is None:
        problem = results.problems.get("cohorts")
        return [[problem.message(lang) if problem is not None else say(LABELS, "no_ledger",
                                                                        lang)]]
    return [[text] for text in method_comparison(cohorts, results.churn_choice, lang)]


def cohort_retention(results: PlanResults, lang: str) -> Rows:
    """Header (cohort, clients, 0, 1, 2…), then per cohort its clients and the share of
    them still buying each period after the first."""
    cohorts = results.cohorts
    header = [say(COHORT_LABELS, "cohort", lang), say(COHORT_LABELS, "clients", lang),
              *range(COHORT_PERIODS)]
    if cohorts is None:
        return [header]
    shares = cohorts.retention.tail(COHORT_ROWS)
    return [header, *([label, int(cohorts.clients[label]), *_cells(shares.loc[label])]
                      for label in shares.index)]


def cohort_revenue(results: PlanResults, lang: str) -> Rows:
    """Header (cohort, first period's revenue, 0, 1, 2…), then per cohort its net revenue
    of the first period and the share of it kept each period after."""
    cohorts = results.cohorts
    header = [say(COHORT_LABELS, "cohort", lang), say(LABELS, "first_revenue", lang),
              *range(COHORT_PERIODS)]
    if cohorts is None:
        return [header]
    kept = cohorts.revenue_kept.tail(COHORT_ROWS)
    return [header, *([label, float(cohorts.revenue.at[label, 0]), *_cells(kept.loc[label])]
                      for label in kept.index)]


def _cells(values: Any) -> list[Any]:
    numbers = np.asarray(values, dtype=np.float64)[:COHORT_PERIODS]
    return [None if np.isnan(v) else float(v) for v in numbers]

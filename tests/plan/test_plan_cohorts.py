"""The plan's cohorts and the churn it runs on, on ledgers worked out by hand
(tests/harness/cohort_ledger.py)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from tests.harness.cohort_ledger import cohort_lines
from xlsales.plan import blocks
from xlsales.plan.analysis import PlanData, PlanSettings, analyse
from xlsales.sources.ledger_plan import plan_from_ledger


@pytest.fixture(scope="module")
def results():
    return analyse(plan_from_ledger(cohort_lines(), today=dt.date(2024, 2, 1)))


def test_the_cohorts_by_hand(results):
    cohorts = results.cohorts
    assert results.data.settings.year_curr == 2023
    # 20 December is the last invoice, yet 2023 is complete: the plan's year N
    assert cohorts.grain == "year" and cohorts.last_period_complete
    assert cohorts.clients.to_dict() == {"2021": 4, "2022": 2, "2023": 5}
    np.testing.assert_allclose(cohorts.retention.to_numpy(),
                               [[1, 3 / 4, 2 / 4], [1, 1 / 2, np.nan], [1, np.nan, np.nan]])
    np.testing.assert_allclose(cohorts.revenue_kept.loc["2021"], [1, 620 / 1050, 330 / 1050])
    assert cohorts.revenue_kept.loc["2022", 1] == pytest.approx(95 / 150)
    assert cohorts.churn == pytest.approx(1 / 3)
    assert cohorts.half_life == pytest.approx(math.log(0.5) / math.log(2 / 3))


def test_the_projection_runs_on_the_measured_churn_and_says_so(results):
    choice = results.churn_choice
    assert choice.source == "measured" and choice.rate == pytest.approx(1 / 3)
    assert choice.label() == "measured on your cohorts 2021–2023"
    assert choice.label("fr") == "d'après vos cohortes 2021–2023"
    assert results.bridge.churn_rate == pytest.approx(0.4)  # this year's count, kept
    assert results.new_clients_needed == 3  # ⌈8/3⌉, not ⌈8 × 0.4⌉ = 4
    assert results.projection.loc[1, "lost"] == pytest.approx(8 / 3)
    assert results.projection.loc[1, "new"] == 3


def test_the_plan_sentence_names_the_measured_churn(results):
    actions = dict(blocks.block_rows("xls_plan_actions", results)[1:])
    assert actions["Portfolio"] == ("Churn 33.3% (measured on your cohorts 2021–2023): win 3 "
                                    "new clients a year to hold the portfolio (0.0% growth "
                                    "aimed at).")


def test_the_blocks_hold_the_triangles(results):
    rows = blocks.block_rows("xls_cohort_retention", results)
    assert rows[0][:5] == ["First purchase in", "Clients in the cohort", 0, 1, 2]
    assert rows[1][:5] == ["2021", 4, 1.0, 0.75, 0.5]
    assert rows[2][:5] == ["2022", 2, 1.0, 0.5, None]
    assert len(rows) == 4 and rows[3][:3] == ["2023", 5, 1.0]
    revenue = blocks.block_rows("xls_cohort_revenue", results, "fr")
    assert revenue[0][:2] == ["Premier achat en", "CA net de la première période"]
    assert revenue[1][:3] == ["2021", 1050.0, 1.0]
    assert blocks.block_rows("xls_cohort_churn", results)[0][0] == pytest.approx(1 / 3)
    assert blocks.block_rows("xls_cohort_per_year", results) == [[1]]
    measured = blocks.block_rows("xls_churn_measured", results)
    assert measured[0][0] == pytest.approx(1 / 3)
    assert measured[0][1] == "measured on your cohorts 2021–2023"


def test_the_notes_set_the_measured_churn_beside_the_method(results):
    notes = [row[0] for row in blocks.block_rows("xls_cohort_notes", results)
             if row[0] is not None]
    assert notes == [
        "Measured churn 33.3% a year (2021–2023): above the method's 10–15%.",
        "Without prospecting, half the clients are gone in 1.7 years: the method's "
        "\"half in under four years\" holds here.",
        "The churn projection and the new clients needed run on this measured churn.",
    ]
    french = [row[0] for row in blocks.block_rows("xls_cohort_notes", results, "fr")]
    assert french[0] == ("Attrition mesurée 33,3\u00a0% par an (2021–2023) : au-dessus des "
                         "10–15 % de la méthode.")
    assert french[1].startswith("Sans prospection, la moitié des clients part en 1,7 ans")


def _plan(lines, year):
    frame = pd.DataFrame(lines, columns=["client", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    return analyse(PlanData(purchases=frame, settings=PlanSettings(year_curr=year)))


def test_under_three_years_the_count_is_used_and_why():
    results = _plan([("A", "2023-01-05", 10.0), ("A", "2024-02-01", 10.0),
                     ("B", "2023-03-01", 5.0)], 2024)
    assert results.cohorts.grain == "quarter"
    choice = results.churn_choice
    assert choice.source == "count" and choice.rate is None
    assert choice.reason() == "the ledger spans under three years (quarterly cohorts)"
    assert choice.reason("fr") == ("les ventes couvrent moins de trois ans (cohortes "
                                   "trimestrielles)")
    assert choice.label() == "this year's count (clients of N-1 not clients in N)"


def test_one_step_is_not_enough():
    # three years of lines, but the first is a credit note: purchases in 2022 and 2023 only
    results = _plan([("Z", "2021-01-05", -10.0), ("A", "2022-02-01", 10.0),
                     ("A", "2023-12-31", 5.0)], 2023)
    assert results.cohorts.grain == "year" and results.cohorts.churn_steps == 1
    choice = results.churn_choice
    assert choice.source == "count"
    assert choice.reason() == "1 year-to-year step measured, 2 needed"


def test_everyone_lost_every_year_keeps_the_count():
    results = _plan([("A", "2021-01-05", 10.0), ("B", "2022-02-01", 10.0),
                     ("C", "2023-12-31", 5.0)], 2023)
    assert results.cohorts.churn == 1 and results.cohorts.churn_steps == 2
    assert results.churn_choice.why == "why_all_lost"
    notes = [row[0] for row in blocks.block_rows("xls_cohort_notes", results) if row[0]]
    assert notes[-1] == ("The churn projection runs on this year's count: every client "
                         "measured was lost from one year to the next.")


def test_one_client_one_purchase_gives_sentences_not_errors():
    # May 2024, year N 2024: quarters Q2 (bought), Q3 and Q4 (not): lost every quarter
    results = _plan([("A", "2024-05-05", 10.0)], 2024)
    assert "cohorts" not in results.problems
    assert results.cohorts.grain == "quarter" and results.cohorts.churn == 1
    assert results.churn_choice.source == "count"
    notes = [row[0] for row in blocks.block_rows("xls_cohort_notes", results) if row[0]]
    assert notes[1:] == [
        "Measured churn 100.0% a year (2024-Q2–2024-Q4): above the method's 10–15%.",
        "Every client measured stopped buying from one period to the next: too few "
        "purchases to read a half-life from.",
        "The churn projection runs on this year's count: the ledger spans under three "
        "years (quarterly cohorts)."]


def test_a_ledger_of_one_day_has_no_churn_to_measure():
    frame = pd.DataFrame({"client": ["A", "B"], "date": pd.to_datetime(["2024-05-05"] * 2),
                          "amount": [10.0, 20.0]})
    results = analyse(PlanData(purchases=frame))  # no year N: the data ends that day
    assert math.isnan(results.cohorts.churn)
    notes = [row[0] for row in blocks.block_rows("xls_cohort_notes", results) if row[0]]
    assert notes[-1].startswith("Too few complete periods to measure a churn (2024-Q2 is "
                                "the only one)")
    assert blocks.block_rows("xls_cohort_churn", results) == [[None]]


def test_credit_notes_only_are_a_problem_told_in_the_notes():
    results = _plan([("A", "2024-05-05", -10.0)], 2024)
    assert results.cohorts is None and results.problems["cohorts"].problem == "empty"
    notes = blocks.block_rows("xls_cohort_notes", results)
    assert notes[0][0].startswith("amount:")
    assert results.churn_choice.source == "count"


def test_without_ledger_lines_there_are_no_cohorts_and_no_problem():
    results = analyse(PlanData())
    assert results.cohorts is None and "cohorts" not in results.problems
    assert results.churn_choice.why == "why_no_ledger"
    assert blocks.block_rows("xls_cohort_notes", results)[0][0].startswith(
        "Cohorts are measured on a sales ledger's lines")

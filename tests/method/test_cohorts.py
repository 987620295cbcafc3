"""Cohorts on small ledgers worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.method.cohorts import client_cohorts

# client, date, amount
LEDGER = [
    ("A", "2021-03-01", 100.0),  # A: cohort 2021, buys in 2021, 2022 and 2023
    ("A", "2022-05-01", 50.0),
    ("A", "2023-01-01", 20.0),
    ("B", "2021-06-01", 80.0),   # B: cohort 2021, its 2022 is a credit note only
    ("B", "2022-02-01", -80.0),
    ("C", "2021-09-01", 40.0),   # C: cohort 2021, skips 2022
    ("C", "2023-04-01", 40.0),
    ("D", "2022-03-01", 10.0),   # D: a day netting to 0, then its first purchase
    ("D", "2022-03-01", -10.0),
    ("D", "2022-07-01", 30.0),
    ("D", "2023-07-01", 30.0),
    ("E", "2023-12-31", 5.0),    # E: cohort 2023
]


def _columns(ledger):
    return tuple(list(column) for column in zip(*ledger, strict=True))


def test_yearly_cohorts_by_hand():
    got = client_cohorts(*_columns(LEDGER), grain="year")
    assert got.grain == "year" and got.last_period == "2023" and got.last_period_complete
    assert got.clients.to_dict() == {"2021": 3, "2022": 1, "2023": 1}
    np.testing.assert_allclose(got.retention.to_numpy(), [[1, 1 / 3, 2 / 3],
                                                          [1, 1, np.nan],
                                                          [1, np.nan, np.nan]])
    np.testing.assert_allclose(got.revenue.to_numpy(), [[220, -30, 60],
                                                        [30, 30, np.nan],
                                                        [5, np.nan, np.nan]])
    np.testing.assert_allclose(got.revenue_kept.to_numpy(), [[1, -30 / 220, 60 / 220],
                                                             [1, 1, np.nan],
                                                             [1, np.nan, np.nan]])
    # 2021 → 2022: A of A, B, C stays; 2022 → 2023: A and D both stay: lost 2 of 5
    assert got.period_churn == pytest.approx(0.4) and got.churn == pytest.approx(0.4)
    assert got.half_life == pytest.approx(math.log(0.5) / math.log(0.6))


def test_a_partial_last_year_is_flagged_and_left_out_of_the_churn():
    early = [line for line in LEDGER if line[1] <= "2023-06-30"]
    got = client_cohorts(*_columns(early), grain="year", end="30/06/2023")
    assert got.last_period == "2023" and not got.last_period_complete
    assert got.retention.loc["2021", 2] == pytest.approx(2 / 3)  # still shown
    assert got.churn == pytest.approx(2 / 3)  # 2021 → 2022 only


def test_the_last_line_sets_the_default_end():
    early = [line for line in LEDGER if line[1] <= "2023-06-30"]
    assert not client_cohorts(*_columns(early), grain="year").last_period_complete


def test_a_line_after_the_end_is_refused_with_its_row():
    with pytest.raises(XlsalesError) as caught:
        client_cohorts(*_columns(LEDGER), grain="year", end="2023-06-30")
    error = caught.value
    assert (error.arg, error.problem, error.row, error.value) == ("date", "after_end", 11,
                                                                   "2023-07-01")
    assert "fin des données (2023-06-30)" in error.message("fr")


QUARTERS = [
    ("A", "2024-01-15", 10.0),
    ("A", "2024-04-10", 10.0),
    ("B", "2024-02-01", 10.0),
    ("B", "2024-08-01", 10.0),
]


def test_quarters_under_three_years():
    got = client_cohorts(*_columns(QUARTERS), end="2024-09-30")
    assert got.grain == "quarter" and got.last_period == "2024-Q3"
    assert got.last_period_complete
    assert got.clients.to_dict() == {"2024-Q1": 2}
    np.testing.assert_allclose(got.retention.to_numpy(), [[1, 0.5, 0.5]])
    # Q1 → Q2: A of A, B; Q2 → Q3: not A: lost 2 of 3 per quarter
    assert got.period_churn == pytest.approx(2 / 3)
    assert got.churn == pytest.approx(1 - (1 / 3) ** 4)
    assert got.half_life == pytest.approx(math.log(0.5) / math.log((1 / 3) ** 4))


def test_years_from_three_years_on():
    ledger = [("A", "2021-01-15", 1.0), ("A", "2023-12-30", 1.0)]
    # from 1 January 2021 (the first line's month) to 30 December 2023: a day short
    assert client_cohorts(*_columns(ledger), end="2023-12-30").grain == "quarter"
    # three calendar years of data, though the first invoice is of 15 January
    assert client_cohorts(*_columns(ledger), end="2023-12-31").grain == "year"
    assert client_cohorts(*_columns(ledger), end="2024-01-01").grain == "year"


def test_everyone_lost_halves_at_once():
    ledger = [("A", "2021-05-01", 1.0), ("B", "2022-05-01", 1.0)]
    got = client_cohorts(*_columns(ledger), grain="year", end="2022-12-31")
    assert got.churn == 1.0 and got.half_life == 0.0


def test_nobody_lost_never_halves():
    ledger = [("A", "2021-05-01", 1.0), ("A", "2022-05-01", 1.0)]
    got = client_cohorts(*_columns(ledger), grain="year", end="2022-12-31")
    assert got.churn == 0.0 and got.half_life == math.inf


def test_one_client_one_line_has_no_churn_to_measure():
    got = client_cohorts(["A"], ["2024-05-01"], [10.0], grain="year")
    assert got.clients.to_dict() == {"2024": 1}
    assert math.isnan(got.churn) and math.isnan(got.half_life)
    assert not got.last_period_complete


def test_a_credit_before_the_first_purchase_is_no_cohort_revenue():
    ledger = [("A", "2021-05-01", -5.0), ("A", "2022-05-01", 10.0)]
    got = client_cohorts(*_columns(ledger), grain="year", end="2022-12-31")
    assert got.clients.to_dict() == {"2022": 1} and got.revenue.loc["2022", 0] == 10.0


def test_nothing_bought_is_refused():
    with pytest.raises(XlsalesError) as caught:
        client_cohorts(["A", "B"], ["2024-01-01", "2024-02-01"], [-1.0, None])
    assert (caught.value.arg, caught.value.problem) == ("amount", "empty")


def test_a_grain_must_be_one_of_the_choices():
    with pytest.raises(XlsalesError) as caught:
        client_cohorts(["A"], ["2024-01-01"], [1.0], grain="month")
    assert caught.value.problem == "choice" and caught.value.arg == "grain"


def test_the_periods_the_churn_pools_are_named():
    got = client_cohorts(*_columns(LEDGER), grain="year")
    # 2021 → 2022 and 2022 → 2023: two steps, from 2021 to 2023
    assert (got.churn_from, got.churn_to, got.churn_steps) == ("2021", "2023", 2)
    early = [line for line in LEDGER if line[1] <= "2023-06-30"]
    got = client_cohorts(*_columns(early), grain="year", end="30/06/2023")
    assert (got.churn_from, got.churn_to, got.churn_steps) == ("2021", "2022", 1)


def test_no_churn_names_no_period():
    got = client_cohorts(["A"], ["2024-03-01"], [10.0], grain="year")
    assert (got.churn_from, got.churn_to, got.churn_steps) == (None, None, 0)

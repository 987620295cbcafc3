"""Churn and the need to prospect (METHOD.md §6): the deck's slip corrected, by hand."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.churn import churn_half_life, churn_projection, churn_rate, new_clients_needed


def test_churn_rate_is_lost_over_last_years_clients():
    # N-1: 1001, 1002, 1003, 1004; N: 1001, 1003, 2001 -> lost 1002 and 1004: 2 / 4
    assert churn_rate([1001.0, 1002, "1003", 1004], ["1001", 1003.0, 2001]) == 0.5


def test_churn_rate_ignores_blank_ids_and_repeats():
    # N-1 is {A, B} (blank and the repeated A do not add clients); B is lost: 1 / 2
    assert churn_rate(["A", None, "B", "A", ""], ["A"]) == 0.5


def test_churn_rate_without_clients_last_year_is_an_error():
    with pytest.raises(XlsalesError, match="prev_ids"):
        churn_rate([None, ""], ["A"])


def test_half_lives_from_method():
    # METHOD.md: 6.58 years at 10 %, 4.27 at 15 %
    assert churn_half_life(0.10) == pytest.approx(6.58, abs=0.005)
    assert churn_half_life("15%") == pytest.approx(4.27, abs=0.005)


def test_a_vanishing_rate_has_an_infinite_half_life_without_a_warning():
    # ln(0.5) / ln(1 - 1e-320) is about 7e319, beyond floats: inf, quietly (numpy's
    # overflow warning used to escape to the user)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert churn_half_life([1e-320, 0.10])[0] == math.inf


def test_under_four_years_needs_at_least_16_percent():
    # halving in exactly 4 years: (1 - c)^4 = 0.5, c = 1 - 0.5 ** 0.25 = 0.1591
    threshold = 1 - 0.5 ** 0.25
    assert churn_half_life(threshold) == pytest.approx(4.0)
    assert churn_half_life(0.16) < 4 < churn_half_life(0.15)


def test_half_life_is_elementwise_and_keeps_blanks():
    got = churn_half_life(pd.Series([0.5, 0.0, None], index=["x", "y", "z"]))
    assert got["x"] == pytest.approx(1.0)  # half gone in one year
    assert got["y"] == math.inf  # no churn, never halves
    assert math.isnan(got["z"])
    assert churn_half_life([0.5, 0.75]) == pytest.approx([1.0, 0.5])  # 0.25 = 0.5^2


@pytest.mark.parametrize("bad", [1, 1.0, 15, -0.01, "120%"])
def test_rate_must_be_in_zero_one(bad):
    with pytest.raises(XlsalesError, match="at least 0 and below 1"):
        churn_half_life(bad)


def test_bad_rate_in_a_column_names_its_row():
    with pytest.raises(XlsalesError, match=r"rate, row 3: 15 "):
        churn_half_life([0.1, 0.12, 15])


def test_projection_at_15_percent_keeps_52_2_percent_after_4_years():
    # 0.85^2 = 0.7225, 0.7225^2 = 0.52200625
    table = churn_projection(100, 0.15, 4)
    assert list(table.index) == [0, 1, 2, 3, 4]
    assert table.loc[4, "clients_end"] == pytest.approx(52.200625)
    assert table.loc[1, "lost"] == pytest.approx(15)  # 100 x 0.15
    assert table.loc[2, "clients_start"] == pytest.approx(85)
    assert table.loc[2, "lost"] == pytest.approx(12.75)  # 85 x 0.15
    assert table.loc[0, "clients_end"] == 100
    assert math.isnan(table.loc[0, "lost"]) and math.isnan(table.loc[0, "new"])


def test_projection_with_intake():
    # 200 clients, 10 % churn, 30 new a year: 200 - 20 + 30 = 210; 210 - 21 + 30 = 219
    table = churn_projection(200, "10%", 2, new_per_year=30)
    assert table["clients_end"].tolist() == pytest.approx([200, 210, 219])
    assert table.loc[2, "new"] == 30


@pytest.mark.parametrize(
    ("kwargs", "arg"),
    [
        ({"clients": -1, "rate": 0.1, "years": 3}, "clients"),
        ({"clients": 10, "rate": [], "years": 3}, "rate"),  # was IndexError
        ({"clients": 10, "rate": [0.1, 0.2], "years": 3}, "rate"),  # was read as 0.1
        ({"clients": 10, "rate": None, "years": 3}, "rate"),
        ({"clients": 10, "rate": 0.1, "years": 2.5}, "years"),
        ({"clients": 10, "rate": 0.1, "years": 1000}, "years"),
        ({"clients": 10, "rate": 0.1, "years": 3, "new_per_year": -2}, "new_per_year"),
    ],
)
def test_projection_rejects_bad_parameters(kwargs, arg):
    with pytest.raises(XlsalesError) as caught:
        churn_projection(**kwargs)
    assert caught.value.arg == arg


def test_new_clients_needed_to_hold_and_to_grow():
    # hold 100 at 15 %: 100 x 0.15 = 15 (the float product 15.000000000000002 stays 15)
    assert new_clients_needed(100, 0.15) == 15
    # grow 200 by 5 % at 10 % churn: 200 x (0.10 + 0.05) = 30
    assert new_clients_needed(200, "10%", "5%") == 30
    # 7 x 0.15 = 1.05: a part of a client is still a client to find, so 2
    assert new_clients_needed(7, 0.15) == 2
    # a planned shrink larger than the churn needs nobody: 100 x (0.1 - 0.2) < 0
    assert new_clients_needed(100, 0.1, -0.2) == 0


def test_new_clients_needed_over_columns():
    got = new_clients_needed(np.array([80, 40, 10]), [0.15, 0.1, None])
    assert got[:2].tolist() == [12, 4]  # 80 x 0.15, 40 x 0.1
    assert math.isnan(got[2])


def test_new_clients_needed_rejects_negative_portfolios():
    with pytest.raises(XlsalesError, match="clients"):
        new_clients_needed(-5, 0.1)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1, max_value=10_000), st.floats(min_value=0, max_value=0.9),
       st.integers(min_value=1, max_value=30))
def test_intake_of_n_times_c_keeps_the_portfolio_constant(clients, rate, years):
    table = churn_projection(clients, rate, years, new_per_year=clients * rate)
    assert table["clients_end"].to_numpy() == pytest.approx(np.full(years + 1, clients))


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1, max_value=10_000), st.floats(min_value=0.01, max_value=0.9),
       st.integers(min_value=1, max_value=30))
def test_projection_without_intake_decays_geometrically(clients, rate, years):
    table = churn_projection(clients, rate, years)
    assert table.loc[years, "clients_end"] == pytest.approx(clients * (1 - rate) ** years)


@pytest.mark.parametrize(("clients", "growth", "arg", "row"),
                         [([2], 9e307, "growth", None), ([1.5e308, 2], 1.0, "clients", 1)])
def test_a_need_beyond_the_largest_float_is_refused(clients, growth, arg, row):
    # 2 × 9e307 and 1.5e308 × 1.9 both pass 1.8e308: an infinite need is no plan
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(XlsalesError, match="largest number") as caught:
            new_clients_needed(clients, 0.9 if row else 0.0, growth)
    assert (caught.value.arg, caught.value.row) == (arg, row)

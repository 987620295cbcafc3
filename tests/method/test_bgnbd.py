"""BG/NBD against the paper (Fader, Hardie & Lee 2005) on its own CDNOW sample.

The calibration period the paper's Table needs: purchases through 1997-09-30 (end of week
39 of 1997), T in weeks from each customer's first purchase to that date, t_x from the
first to the last purchase, x = distinct purchase days − 1. Counting the transactions
(lines) instead, the data's several lines on some days give r 0.218, not 0.243; counting
only days netting above 0 dollars (8 lines are $0) gives r 0.244: the paper counts every
day with a purchase, whatever its price, which is what the number of CDs gives.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.method import bgnbd
from xlsales.method.bgnbd import (
    bgnbd_inputs,
    bgnbd_log_likelihood,
    expected_purchases,
    fit_bgnbd,
    p_alive,
    revenue_at_risk,
)
from xlsales.method.rhythm import purchase_day_summary

DATA = Path(__file__).resolve().parents[1] / "data" / "CDNOW_sample.txt"
CUT = pd.Timestamp("1997-09-30")
PAPER = (0.243, 4.414, 0.793, 2.426)
PAPER_LL = -9582.4


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    table = pd.read_csv(DATA, sep=r"\s+", header=None, dtype={2: str},
                        names=["master_id", "id", "date", "cds", "usd"])
    table["date"] = pd.to_datetime(table["date"], format="%Y%m%d")
    return table


def _summary(calibration: pd.DataFrame) -> pd.DataFrame:
    """(x, t_x, T) per customer, the way the paper's note builds them."""
    by = calibration.groupby("id")["date"]
    first, last = by.min(), by.max()
    return pd.DataFrame({"x": by.size() - 1, "t_x": (last - first).dt.days / 7,
                         "T": (CUT - first).dt.days / 7})


@pytest.fixture(scope="module")
def cdnow(lines) -> pd.DataFrame:
    days = lines[lines["date"] <= CUT].drop_duplicates(["id", "date"])
    return _summary(days)


def test_the_sample_is_the_papers():
    table = pd.read_csv(DATA, sep=r"\s+", header=None)
    assert len(table) == 6919 and table[1].nunique() == 2357


def test_fit_reproduces_the_papers_table(cdnow):
    fit = fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    for got, paper in zip(fit.params, PAPER, strict=True):
        assert f"{got:.3g}" == f"{paper:.3g}"
    assert round(fit.log_likelihood, 1) == PAPER_LL
    assert fit.clients == 2357
    assert fit.repeat_buyers == int((cdnow["x"] > 0).sum())


def test_counting_transactions_does_not_reproduce_the_table(lines):
    rows = _summary(lines[lines["date"] <= CUT])
    fit = fit_bgnbd(rows["x"], rows["t_x"], rows["T"])
    assert f"{fit.r:.3g}" != "0.243"


def test_log_likelihood_at_the_papers_parameters(cdnow):
    total = bgnbd_log_likelihood(PAPER, cdnow["x"], cdnow["t_x"], cdnow["T"]).sum()
    assert round(total, 1) == PAPER_LL


def _likelihood_by_hand(r, alpha, a, b, x, t_x, T):
    """Paper eq. 6 as two terms (no factoring, no log space), with math.lgamma."""
    def lbeta(p, q):
        return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)
    common = math.lgamma(r + x) - math.lgamma(r) + r * math.log(alpha) - lbeta(a, b)
    first = math.exp(common + lbeta(a, b + x) - (r + x) * math.log(alpha + T))
    second = 0.0
    if x > 0:
        second = math.exp(common + lbeta(a + 1, b + x - 1) - (r + x) * math.log(alpha + t_x))
    return first + second


@pytest.mark.parametrize(("x", "t_x", "T"), [(0, 0, 38.86), (2, 30.43, 38.86),
                                             (7, 20.0, 35.0), (1, 1 / 7, 27.0)])
def test_one_clients_likelihood_by_hand(x, t_x, T):
    by_hand = math.log(_likelihood_by_hand(*PAPER, x, t_x, T))
    assert bgnbd_log_likelihood(PAPER, [x], [t_x], [T])[0] == pytest.approx(by_hand, rel=1e-12)


@pytest.mark.parametrize(("x", "t_x", "T"), [(2, 30.43, 38.86), (7, 20.0, 35.0),
                                             (1, 2.0, 38.0)])
def test_p_alive_by_hand(x, t_x, T):
    r, alpha, a, b = PAPER
    odds = a / (b + x - 1) * math.pow((alpha + T) / (alpha + t_x), r + x)
    assert p_alive(PAPER, x, t_x, T) == pytest.approx(1 / (1 + odds), rel=1e-12)


def test_p_alive_is_one_without_repeat_and_keeps_the_shape():
    assert p_alive(PAPER, 0, 0, 30) == 1.0
    got = p_alive(PAPER, pd.Series([0, 3], index=["a", "b"]), [0, 10], [30, 30])
    assert list(got.index) == ["a", "b"] and got["a"] == 1.0 and 0 < got["b"] < 1


def _expected_by_series(r, alpha, a, b, t, x, t_x, T):
    """Paper eq. 10 with 2F1(r+x, b+x; a+b+x−1; z) summed term by term, untransformed."""
    z = t / (alpha + T + t)
    p, q, c = r + x, b + x, a + b + x - 1
    total, term, k = 1.0, 1.0, 0
    while True:
        term *= (p + k) * (q + k) / ((c + k) * (k + 1)) * z
        total += term
        k += 1
        if k > 50 and term < 1e-17 * total:
            break
    front = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * total)
    odds = a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x) if x > 0 else 0.0
    return front / (1 + odds)


def test_expected_purchases_of_the_papers_example():
    # the paper's worked example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases
    # in the next 39 weeks
    by_series = _expected_by_series(*PAPER, 39, 2, 30.43, 38.86)
    assert round(by_series, 3) == 1.226
    assert expected_purchases(PAPER, 39, 2, 30.43, 38.86) == pytest.approx(by_series, rel=1e-10)


@pytest.mark.parametrize(("t", "x", "t_x", "T"), [(10_000, 2, 30.43, 38.86),
                                                  (10_000, 40, 38.0, 38.86),
                                                  (52, 0, 0, 10.0), (1, 5, 1.0, 2.0)])
def test_expected_purchases_far_ahead_and_many_repeats(t, x, t_x, T):
    # z = t / (α + T + t) near 1, where the untransformed series needs ~10⁴ terms
    expected = _expected_by_series(*PAPER, t, x, t_x, T)
    assert expected_purchases(PAPER, t, x, t_x, T) == pytest.approx(expected, rel=1e-8)


def test_expected_purchases_grow_with_the_horizon():
    got = expected_purchases(PAPER, [0, 1, 39, 520, 1e6], 2, 30.43, 38.86)
    assert got[0] == 0 and all(np.diff(got) > 0) and np.isfinite(got).all()


def test_the_series_is_used_when_scipy_gives_no_value(monkeypatch):
    usual = expected_purchases(PAPER, [39, 5000], [2, 3], [30.43, 10.0], [38.86, 20.0])
    monkeypatch.setattr(bgnbd, "hyp2f1", lambda *args: np.full(np.shape(args[3]), np.nan))
    fallback = expected_purchases(PAPER, [39, 5000], [2, 3], [30.43, 10.0], [38.86, 20.0])
    assert fallback == pytest.approx(usual, rel=1e-10)


def test_a_horizon_nothing_can_compute_is_refused(monkeypatch):
    monkeypatch.setattr(bgnbd, "hyp2f1", lambda *args: np.full(np.shape(args[3]), np.inf))
    monkeypatch.setattr(bgnbd, "_hyp2f1_series", lambda p, q, c, z: np.full(z.shape, np.nan))
    with pytest.raises(XlsalesError) as caught:
        expected_purchases(PAPER, [39, 40], 2, 30.43, 38.86)
    assert caught.value.problem == "forecast_diverges" and caught.value.arg == "t"
    assert caught.value.row == 1


def test_a_equal_to_one_is_no_division_by_zero():
    near = expected_purchases((0.243, 4.414, 1.0 + 1e-4, 2.426), 39, 2, 30.43, 38.86)
    at = expected_purchases((0.243, 4.414, 1.0, 2.426), 39, 2, 30.43, 38.86)
    assert math.isfinite(at) and at == pytest.approx(near, rel=1e-3)


def test_the_summary_from_the_ledger_is_the_papers_with_cds_as_amounts(lines, cdnow):
    # every CDNOW line sold at least one CD: counting days with CDs is counting purchase days
    summary = purchase_day_summary(lines["id"], lines["date"], lines["cds"], CUT,
                                   after_today="leave_out")
    inputs = bgnbd_inputs(summary, CUT)
    expected = cdnow.copy()
    expected.index = expected.index.astype(str)
    inputs = inputs.loc[expected.index]
    assert (inputs["x"].to_numpy() == expected["x"].to_numpy()).all()
    np.testing.assert_allclose(inputs["t_x"], expected["t_x"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(inputs["T"], expected["T"], rtol=0, atol=1e-12)


def test_the_summary_with_dollars_leaves_out_zero_dollar_days(lines):
    calibration = lines[lines["date"] <= CUT]
    net = calibration.groupby(["id", "date"], as_index=False)["usd"].sum()
    days = net[net["usd"] > 0].groupby("id")["date"]
    summary = purchase_day_summary(lines["id"], lines["date"], lines["usd"], CUT,
                                   after_today="leave_out")
    assert len(summary) == days.ngroups < 2357
    ids = days.size().index.astype(str)
    assert (summary.loc[ids, "purchase_days"].to_numpy() == days.size().to_numpy()).all()
    assert (summary.loc[ids, "first_purchase"].to_numpy() == days.min().to_numpy()).all()
    assert (summary.loc[ids, "last_purchase"].to_numpy() == days.max().to_numpy()).all()


def test_revenue_at_risk():
    got = revenue_at_risk([1000.0, None, 500.0, 0.0], [0.2, 0.5, 1.0, 0.3])
    assert got[0] == pytest.approx(800.0) and math.isnan(got[1]) and got[2] == 0.0
    assert got[3] == 0.0
    with pytest.raises(XlsalesError) as caught:
        revenue_at_risk([1.0, 2.0], [0.5, 1.2])
    assert (caught.value.arg, caught.value.problem, caught.value.row) == ("p_alive", "range", 2)


def test_one_client_is_too_few():
    with pytest.raises(XlsalesError) as caught:
        fit_bgnbd([3], [20.0], [30.0])
    assert caught.value.problem == "too_few_repeat_buyers"
    assert " : " in caught.value.message("fr") and "rhythm" in caught.value.message("en")


def test_everyone_buying_once_is_too_few():
    with pytest.raises(XlsalesError) as caught:
        fit_bgnbd([0] * 500, [0.0] * 500, np.linspace(1, 50, 500))
    assert caught.value.problem == "too_few_repeat_buyers"
    assert caught.value.params == {"n": 20, "m": 0}


def test_everyone_buying_once_a_year_gives_an_error_or_a_sensible_fit():
    # 200 clients, each buying every 52 weeks for three years: no spread to fit
    x, t_x, T = [3] * 200, [156.0] * 200, [160.0] * 200
    try:
        fit = fit_bgnbd(x, t_x, T)
    except XlsalesError as error:
        assert error.problem == "no_fit"
        assert "rhythm" in error.message("en") and "rythme" in error.message("fr")
    else:
        assert all(math.isfinite(v) and v > 0 for v in fit.params)
        assert 0 <= fit.p_alive(3, 156.0, 160.0) <= 1


def test_a_fit_run_to_its_bounds_is_refused():
    # half the clients buy every week, half never again: the rates' spread runs off
    x = [0] * 100 + [50] * 100
    t_x = [0.0] * 100 + [50.0] * 100
    with pytest.raises(XlsalesError) as caught:
        fit_bgnbd(x, t_x, [50.0] * 200)
    assert caught.value.problem == "no_fit"


@pytest.mark.parametrize(("x", "t_x", "T", "arg", "problem", "row"), [
    ([1, 2], [5.0, 40.0], [30.0, 30.0], "t_x", "above_other", 2),
    ([1, 2.5], [5.0, 6.0], [30.0, 30.0], "x", "not_integer", 2),
    ([1, -1], [5.0, 6.0], [30.0, 30.0], "x", "negative", 2),
    ([0, 1], [3.0, 6.0], [30.0, 30.0], "t_x", "recency_without_repeat", 1),
    ([1, None], [5.0, 6.0], [30.0, 30.0], "x", "blank", 2),
    ([1, 2], [5.0], [30.0, 30.0], "t_x", "length", None),
])
def test_bad_inputs_name_the_argument_and_row(x, t_x, T, arg, problem, row):
    with pytest.raises(XlsalesError) as caught:
        bgnbd_log_likelihood(PAPER, x, t_x, T)
    assert (caught.value.arg, caught.value.problem, caught.value.row) == (arg, problem, row)


def test_bad_parameters_are_refused():
    with pytest.raises(XlsalesError) as caught:
        p_alive((0.2, -1.0, 0.8, 2.0), 1, 2.0, 3.0)
    assert (caught.value.arg, caught.value.problem) == ("alpha", "not_positive")
    with pytest.raises(XlsalesError):
        p_alive((0.2, 1.0, 0.8), 1, 2.0, 3.0)

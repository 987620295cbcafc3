"""Purchase rhythm on small ledgers worked out by hand, and against a plain-Python reading."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.rhythm import client_rhythm, purchase_day_summary

TODAY = "2025-03-15"

# client, date, amount
LEDGER = [
    ("A", "2025-01-01 09:00", 100.0),   # A: two lines and a credit the same day: 70
    ("A", "2025-01-01 17:30", 0.0),
    ("A", "01/01/2025", -30.0),
    ("A", "2025-01-11", 50.0),
    ("A", "2025-01-31", 40.0),          # A: a day netting to 0 is no purchase
    ("A", "2025-01-31", -40.0),
    ("A", "2025-02-10", 20.0),
    ("B", "2025-02-01", 10.0),          # B: one purchase day of two lines
    ("B", "2025-02-01", 15.0),
    ("C", "2025-01-05", -50.0),         # C: only a credit note, never bought
    (1001.0, "2025-01-01", 5.0),        # 1001: typed as a number and as text
    ("1001", "2025-01-05", 5.0),
    ("1001", "2025-01-09", 5.0),
    ("B", "2025-02-20", None),          # a blank amount: skipped
    ("B", "2025-02-25", -5.0),          # a credit on another day: no purchase day
]


def _columns(ledger):
    return tuple(list(column) for column in zip(*ledger, strict=True))


def test_rhythm_by_hand():
    got = client_rhythm(*_columns(LEDGER), TODAY)
    assert list(got.index) == ["A", "B", "1001"]
    assert list(got.columns) == ["first_purchase", "last_purchase", "days_since",
                                 "purchase_days", "mean_amount", "usual_gap", "late"]
    a, b, c = got.loc["A"], got.loc["B"], got.loc["1001"]
    assert a["first_purchase"] == pd.Timestamp("2025-01-01")
    assert a["last_purchase"] == pd.Timestamp("2025-02-10")
    assert a["purchase_days"] == 3 and a["days_since"] == 33  # 10 Feb to 15 Mar
    assert a["mean_amount"] == pytest.approx((70 + 50 + 20) / 3)
    assert a["usual_gap"] == 20.0  # gaps of 10 and 30 days
    assert not a["late"]  # 33 days is not above 2 × 20
    assert b["purchase_days"] == 1 and b["mean_amount"] == 25.0 and b["days_since"] == 42
    assert math.isnan(b["usual_gap"]) and b["late"] is pd.NA
    assert c["purchase_days"] == 3 and c["usual_gap"] == 4.0 and c["days_since"] == 65
    assert c["late"]


def test_the_summary_is_the_rhythms_first_columns():
    summary = purchase_day_summary(*_columns(LEDGER), TODAY)
    assert list(summary.columns) == ["first_purchase", "last_purchase", "purchase_days"]
    assert summary.loc["A", "purchase_days"] == 3 and "C" not in summary.index


def test_a_line_after_today_is_refused_with_its_row():
    ledger = [*LEDGER, ("B", "2025-03-16", 10.0)]
    with pytest.raises(XlsalesError) as caught:
        client_rhythm(*_columns(ledger), TODAY)
    error = caught.value
    assert (error.arg, error.problem, error.row) == ("date", "after_today", len(ledger))
    assert error.message("en") == ("date, row 16: '2025-03-16' is after today (2025-03-15); "
                                   "a sale cannot be dated in the future")
    assert "postérieure à aujourd'hui (2025-03-15) ; une vente" in error.message("fr")


def test_lines_after_today_may_be_left_out():
    ledger = [*LEDGER, ("B", "2025-03-16", 10.0)]
    got = client_rhythm(*_columns(ledger), TODAY, after_today="leave_out")
    assert got.loc["B", "purchase_days"] == 1
    with pytest.raises(XlsalesError) as caught:
        client_rhythm(*_columns(ledger), TODAY, after_today="drop")
    assert caught.value.problem == "choice"


def test_a_datetime_column_after_today_names_its_day():
    dates = pd.Series(pd.to_datetime(["2025-01-01", "2025-04-01"]))
    with pytest.raises(XlsalesError) as caught:
        client_rhythm(["A", "A"], dates, [1.0, 2.0], TODAY)
    assert caught.value.row == 2 and caught.value.value == "2025-04-01"


@pytest.mark.parametrize(("client", "date", "amount", "arg", "problem", "row"), [
    (["A", None], ["2025-01-01", "2025-01-02"], [1.0, 2.0], "client", "blank", 2),
    (["A", "A"], ["2025-01-01", None], [1.0, 2.0], "date", "blank", 2),
    (["A", "A"], ["2025-01-01", "31/02/2025"], [1.0, 2.0], "date", "not_date", 2),
    (["A", "A", "A"], ["2025-01-01"] * 3, [1.0, 2.0, "abc"], "amount", "not_number", 3),
    (["A", "A"], ["2025-01-01"], [1.0, 2.0], "date", "length", None),
])
def test_bad_lines_name_the_argument_and_row(client, date, amount, arg, problem, row):
    with pytest.raises(XlsalesError) as caught:
        client_rhythm(client, date, amount, TODAY)
    assert (caught.value.arg, caught.value.problem, caught.value.row) == (arg, problem, row)


def test_today_is_required():
    with pytest.raises(XlsalesError) as caught:
        client_rhythm(["A"], ["2025-01-01"], [1.0], None)
    assert (caught.value.arg, caught.value.problem) == ("today", "blank")


def test_serials_and_datetime64_read_alike():
    days = np.array(["2025-01-01", "2025-01-08", "2025-01-22"], dtype="datetime64[D]")
    serials = (days - np.datetime64("1899-12-30")).astype(float) + 0.75  # times of day
    one = client_rhythm([7, 7, 7], days, [1.0, 2.0, 3.0], dt.date(2025, 2, 1))
    two = client_rhythm([7.0, 7.0, "7"], serials, [1, 2, 3], dt.datetime(2025, 2, 1, 12))
    pd.testing.assert_frame_equal(one, two)
    assert one.loc["7", "usual_gap"] == 10.5 and one.loc["7", "days_since"] == 10


def test_no_lines_give_an_empty_table():
    got = client_rhythm([], [], [], TODAY)
    assert got.empty and "late" in got.columns


def _by_hand(lines, today):
    """The rules read literally: net per client and day, then each client's days."""
    nets: dict[tuple[str, dt.date], list[float]] = {}
    for client, day, amount in lines:
        nets.setdefault((client, day), []).append(amount)
    days: dict[str, list[tuple[dt.date, float]]] = {}
    for (client, day), amounts in sorted(nets.items()):
        net = math.fsum(amounts)
        if net > 1e-9 * math.fsum(abs(v) for v in amounts):
            days.setdefault(client, []).append((day, net))
    out = {}
    for client, bought in days.items():
        gaps = [(b[0] - a[0]).days for a, b in itertools.pairwise(bought)]
        since = (today - bought[-1][0]).days
        usual = statistics.median(gaps) if gaps else math.nan
        out[client] = (len(bought), since, math.fsum(n for _, n in bought) / len(bought),
                       usual, None if not gaps else since > 2 * usual)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 40),
                          st.sampled_from([-30.0, -10.0, 0.0, 5.0, 10.0, 30.0])),
                max_size=40))
def test_agrees_with_the_rules_read_literally(raw):
    start, today = dt.date(2025, 1, 1), dt.date(2025, 3, 1)
    lines = [(c, start + dt.timedelta(days=d), v) for c, d, v in raw]
    expected = _by_hand(lines, today)
    got = client_rhythm([c for c, _, _ in lines], [d for _, d, _ in lines],
                        [v for _, _, v in lines], today)
    assert set(got.index) == set(expected)
    for client, (count, since, mean, usual, late) in expected.items():
        row = got.loc[client]
        assert row["purchase_days"] == count and row["days_since"] == since
        assert row["mean_amount"] == pytest.approx(mean)
        if late is None:
            assert math.isnan(row["usual_gap"]) and row["late"] is pd.NA
        else:
            assert row["usual_gap"] == usual and bool(row["late"]) == late

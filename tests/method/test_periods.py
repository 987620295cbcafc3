"""The windows N and N-1 a plan compares (``method.periods``), checked on dates chosen by
hand: a year stopping on 30 June, year to date, rolling twelve months, 29 February, and
the periods the data cannot serve."""

import datetime as dt

import pandas as pd
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.common.text import span
from xlsales.method.periods import Window, choose_period

D = dt.date
DATES = pd.to_datetime(["1996-07-04", "1997-03-01", "1997-12-15", "1998-06-30"])
TODAY = D(1998, 7, 10)


def windows(period):
    return (period.curr.start, period.curr.end, period.prev.start, period.prev.end)


def test_the_default_is_the_latest_full_year_against_the_one_before():
    period = choose_period(DATES, today=TODAY)
    assert windows(period) == (D(1997, 1, 1), D(1997, 12, 31), D(1996, 1, 1), D(1996, 12, 31))
    # the data starts on 4 July 1996: N-1 is half known, and the label says so
    assert not period.partial and period.prev_partial
    assert period.label() == ("1997 against 1996 (the data starts on 1996-07-04: N-1 is "
                              "partial)")
    assert period.label("fr") == ("1997 comparé à 1996 (les données commencent le "
                                  "04/07/1996 : N-1 est partiel)")
    whole = choose_period(pd.to_datetime(["1996-01-20", "1997-12-15"]), today=TODAY)
    assert whole.label() == "1997 against 1996" and not whole.prev_partial


@pytest.mark.parametrize("options", [{"year": 1998}, {"kind": "ytd"},
                                     {"kind": "ytd", "to": "1998-06-30"}])
def test_a_year_stopping_on_30_june_takes_the_same_days_of_n_1(options):
    period = choose_period(DATES, today=TODAY, **options)
    assert windows(period) == (D(1998, 1, 1), D(1998, 6, 30), D(1997, 1, 1), D(1997, 6, 30))
    assert period.year == 1998 and period.partial and period.has_prev
    assert period.label() == "1 Jan – 30 Jun 1998 against 1 Jan – 30 Jun 1997"
    assert period.label("fr") == "1er janv. – 30 juin 1998 comparé au 1er janv. – 30 juin 1997"


def test_twelve_months_to_a_date_against_the_twelve_before():
    period = choose_period(DATES, "12m", to="1998-03-31", today=TODAY)
    assert windows(period) == (D(1997, 4, 1), D(1998, 3, 31), D(1996, 4, 1), D(1997, 3, 31))
    assert period.label() == ("1 Apr 1997 – 31 Mar 1998 against 1 Apr 1996 – 31 Mar 1997 "
                              "(the data starts on 1996-07-04: N-1 is partial)")


def test_29_february_is_28_february_a_year_earlier():
    dates = pd.to_datetime(["2023-01-05", "2024-02-29"])
    period = choose_period(dates, "ytd", today=D(2024, 3, 10))
    assert (period.curr.end, period.prev.end) == (D(2024, 2, 29), D(2023, 2, 28))


def test_a_ledger_that_starts_in_n_has_no_n_1():
    period = choose_period(pd.to_datetime(["1998-01-05", "1998-12-20"]), today=D(1999, 2, 1))
    assert period.year == 1998 and not period.has_prev


def test_a_ledger_without_a_full_year_takes_its_latest_year_to_date():
    period = choose_period(pd.to_datetime(["1998-01-05", "1998-05-20"]), today=D(1998, 6, 1))
    assert windows(period)[:2] == (D(1998, 1, 1), D(1998, 5, 20))


def test_a_window_holds_its_first_and_last_days():
    window = Window(D(1998, 1, 1), D(1998, 6, 30))
    held = window.holds(pd.to_datetime(["1997-12-31 00:00", "1998-01-01 00:00",
                                        "1998-06-30 18:00", "1998-07-01 00:00", None]))
    assert held.tolist() == [False, True, True, False, False]


@pytest.mark.parametrize(("options", "problem", "arg"), [
    ({"year": 1995}, "year_not_in_data", "--year"),
    ({"kind": "ytd", "to": "1998-12-31"}, "to_not_in_data", "--to"),
    ({"kind": "12m", "to": "1990-01-01"}, "to_not_in_data", "--to"),
    ({"to": "1998-06-30"}, "to_with_year_period", "--to"),
    ({"kind": "ytd", "year": 1997, "to": "1998-01-31"}, "to_other_year", "--to"),
    ({"kind": "month"}, "unknown_period", "--period"),
])
def test_a_period_the_data_cannot_serve_is_refused_clearly(options, problem, arg):
    with pytest.raises(XlsalesError) as caught:
        choose_period(DATES, today=TODAY, **options)
    assert (caught.value.problem, caught.value.arg) == (problem, arg)
    if problem.endswith("in_data"):
        assert "1996-07-04 to 1998-06-30 (1996, 1997, 1998)" in caught.value.message("en")
        assert "du 04/07/1996 au 30/06/1998" in caught.value.message("fr")


def test_span_writes_days_as_each_language_does():
    assert span(D(1998, 1, 1), D(1998, 6, 30)) == "1 Jan – 30 Jun 1998"
    assert span(D(1998, 1, 1), D(1998, 6, 30), "fr") == "1er janv. – 30 juin 1998"
    assert span(D(1997, 7, 2), D(1998, 8, 1), "fr") == "2 juil. 1997 – 1er août 1998"
    assert span(None, D(1998, 1, 1)) == ""


def test_the_revenue_per_salesperson_follows_the_same_days():
    from xlsales.method.team import owner_revenue

    # Claire sells K1 on 10 Mar 1997 (N-1's days), 20 Sep 1997 (outside them) and
    # 5 May 1998 (N); by hand, N-1 = 100 and N = 40, the 900 of September left out
    period = choose_period(pd.to_datetime(["1997-03-10", "1997-09-20", "1998-05-05"]), "ytd",
                           to="1998-05-31", today=TODAY)
    found = owner_revenue(["Claire"] * 3, ["K1"] * 3,
                          pd.to_datetime(["1997-03-10", "1997-09-20", "1998-05-05"]),
                          [100.0, 900.0, 40.0], 1998, period=period)
    assert found[["salesperson", "client", "revenue_prev", "revenue_curr"]].values.tolist() \
        == [["Claire", "K1", 100.0, 40.0]]

"""The one formatter: every expected string is written here by hand."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlsales.common.text import (
    BLANK,
    day,
    excel_number_format,
    excel_percent_format,
    moment,
    money,
    number,
    percent,
    percent_formula,
)

NB = "\u00a0"  # no-break space: before % and €
NN = "\u202f"  # narrow no-break space: French thousands


@pytest.mark.parametrize(("value", "en", "fr"), [
    (1234567.4, "1,234,567", f"1{NN}234{NN}567"),
    (0, "0", "0"),
    (-0.3, "0", "0"),  # rounds to zero: never "-0"
    (-1234.5, "-1,235", f"-1{NN}235"),  # half away from zero, as Excel's ROUND
    (2.5, "3", "3"),
    (3.5, "4", "4"),
    (1e9, "1,000,000,000", f"1{NN}000{NN}000{NN}000"),
    (999.5, "1,000", f"1{NN}000"),
    (np.float64(12.0), "12", "12"),
    (7, "7", "7"),
])
def test_numbers(value, en, fr):
    assert number(value) == en and number(value, "fr") == fr


@pytest.mark.parametrize(("value", "decimals", "en", "fr"), [
    (2.5, 1, "2.5", "2,5"),
    (2.675, 2, "2.68", "2,68"),  # the typed 2.675, not the float just below it
    (-0.05, 1, "-0.1", "-0,1"),
    (1234.25, 1, "1,234.3", f"1{NN}234,3"),
])
def test_numbers_with_decimals(value, decimals, en, fr):
    assert number(value, "en", decimals) == en and number(value, "fr", decimals) == fr


@pytest.mark.parametrize(("share", "en", "fr"), [
    (0.2, "20.0%", f"20,0{NB}%"),
    (0.125, "12.5%", f"12,5{NB}%"),
    (0.0125, "1.3%", f"1,3{NB}%"),  # 1.25 rounds half up
    (0, "0.0%", f"0,0{NB}%"),
    (-0.0004, "0.0%", f"0,0{NB}%"),
    (-0.035, "-3.5%", f"-3,5{NB}%"),
    (1, "100.0%", f"100,0{NB}%"),
    (1 / 3, "33.3%", f"33,3{NB}%"),
    (12.345, "1,234.5%", f"1{NN}234,5{NB}%"),
])
def test_percents(share, en, fr):
    assert percent(share) == en and percent(share, "fr") == fr


def test_a_gain_has_its_plus_sign_and_zero_none():
    assert percent(0.4, plus=True) == "+40.0%"
    assert percent(0.4, "fr", plus=True) == f"+40,0{NB}%"
    assert percent(0.0, plus=True) == "0.0%" and percent(-0.1, plus=True) == "-10.0%"


def test_money():
    assert money(1234567) == "€1,234,567" and money(-12) == "-€12"
    assert money(1234.5, "fr", 1) == f"1{NN}234,5{NB}€"
    assert money(-12, "fr") == f"-12{NB}€"


@pytest.mark.parametrize("blank", [None, float("nan"), np.nan, pd.NA, pd.NaT, "", "  ",
                                   float("inf"), -float("inf"), np.float64("inf")])
def test_a_blank_or_an_infinity_is_always_the_empty_text(blank):
    assert BLANK == ""
    for lang in ("en", "fr"):
        assert number(blank, lang) == percent(blank, lang) == money(blank, lang) == ""
        assert day(blank, lang) == moment(blank, lang) == ""


def test_dates():
    assert day(dt.datetime(2026, 3, 10, 9, 30)) == "2026-03-10"
    assert day(dt.date(2026, 3, 10), "fr") == "10/03/2026"
    assert day(pd.Timestamp("2026-03-10"), "fr") == "10/03/2026"
    assert day(np.datetime64("2026-03-10")) == "2026-03-10"
    assert moment(dt.datetime(2026, 3, 10, 14, 5)) == "2026-03-10 14:05"
    assert moment(dt.datetime(2026, 3, 10, 14, 5), "fr") == "10/03/2026 14:05"


def test_the_cell_formats_have_the_decimals_of_the_text():
    assert excel_percent_format() == "0.0%" and excel_percent_format(0) == "0%"
    assert excel_number_format() == "#,##0" and excel_number_format(2) == "#,##0.00"


def test_the_percent_formula_uses_each_language_marks():
    english, french = percent_formula("A1", "en"), percent_formula("A1", "fr")
    assert english.startswith("IF(ISNUMBER(A1),") and english.endswith('&"%","")')
    assert '&"."&' in english and '&","&' in french and french.endswith(f'&"{NB}%","")')


@given(st.floats(-1e12, 1e12, allow_nan=False))
def test_a_french_figure_reads_back_as_the_english_one(value):
    english, french = number(value, "en", 2), number(value, "fr", 2)
    assert french.replace(NN, "").replace(",", ".") == english.replace(",", "")

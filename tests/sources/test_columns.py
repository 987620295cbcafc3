"""Bulk column readers give the foundation's answers (parse_number, parse_date, to_key)."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.dates import parse_date
from xlsales.common.errors import XlsalesError
from xlsales.common.values import column_decimal, parse_number, to_key
from xlsales.sources.columns import read_dates, read_numbers, read_texts


def _foundation_number(text, decimal):
    try:
        return parse_number(text, decimal=decimal), None
    except XlsalesError as err:
        return math.nan, err.problem


# Texts made of what number cells hold: digits, marks, signs, spaces of every kind, "€";
# and amounts written the ways exports write them, so the bulk shapes are well exercised.
@st.composite
def formatted_amounts(draw):
    number = draw(st.decimals(-10**9, 10**9, places=draw(st.integers(0, 3)),
                              allow_nan=False))
    mark = draw(st.sampled_from([",", "."]))
    group = draw(st.sampled_from(["", " ", "\u00a0", "\u202f", ".", ","]))
    whole, _, fraction = f"{abs(number):f}".partition(".")
    if group:
        whole = f"{int(whole):,}".replace(",", group)
    text = whole + (mark + fraction if fraction else "")
    sign = draw(st.sampled_from(["-{}", "{}-", "- {}", "{} -"])) if number < 0 else "{}"
    money = draw(st.sampled_from(["{}", "{} €", "{}€", "€ {}", " {} "]))
    return money.format(sign.format(text))


# Digit runs of any length joined by any mark: groups of the wrong size ("1.2345,5").
@st.composite
def joined_runs(draw):
    runs = draw(st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1,
                         max_size=4))
    marks = draw(st.lists(st.sampled_from([",", ".", " ", "\u00a0"]), min_size=len(runs) - 1,
                          max_size=len(runs) - 1))
    return draw(st.sampled_from(["", "-"])) + "".join(
        run + mark for run, mark in zip(runs, [*marks, ""], strict=True))


number_texts = st.one_of(
    st.text(alphabet="0123456789,.-€ \u00a0\u202f(%)+eE", min_size=1, max_size=14),
    formatted_amounts(),
    joined_runs(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(number_texts, min_size=1, max_size=6), st.sampled_from([None, ",", "."]))
def test_bulk_numbers_agree_with_parse_number(texts, hint):
    # Independent expectation: the column's own decimal mark (the hint only when the
    # column shows none), then parse_number on every cell.
    own = {column_decimal([t]) for t in texts} - {None}
    decimal = own.pop() if len(own) == 1 else (hint if not own else None)
    assert column_decimal(texts) in (decimal, None)
    values, failed, used = read_numbers(pd.Series(texts, dtype="str"), hint)
    assert used == decimal
    for text, value, problem in zip(texts, values, failed, strict=True):
        expected, expected_problem = _foundation_number(text, decimal)
        assert problem == expected_problem, text
        if expected_problem is None:
            assert (math.isnan(value) and math.isnan(expected)) or value == expected, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50 €", 1234.5),  # 1234 + 50/100
        ("1\u202f234,50", 1234.5),
        ("1.234,50", 1234.5),  # dot groups, decimal comma
        ("-300,00", -300.0),
        ("300,00-", -300.0),  # SAP's trailing minus
        ("(300,00)", -300.0),  # accounting parentheses (foundation path)
        ("\u2212300", -300.0),
        ("12 €", 12.0),
        ("", math.nan),
    ],
)
def test_french_amounts_by_hand(text, expected):
    values, failed, decimal = read_numbers(pd.Series([text, "0,5"], dtype="str"))
    assert decimal == ","
    assert failed[0] is None
    assert (math.isnan(expected) and math.isnan(values[0])) or values[0] == expected


def test_numbers_the_c_parser_read_pass_through_and_infinity_is_refused():
    values, failed, decimal = read_numbers(pd.Series([1.5, np.nan, np.inf]), ",")
    assert values[0] == 1.5 and math.isnan(values[1])
    assert list(failed) == [None, None, "not_number"]
    assert decimal == ","


def test_workbook_cells_mix_numbers_texts_and_blanks():
    cells = pd.Series([1234.5, "1 234,5", "", None, True, "abc", 7], dtype=object)
    values, failed, _ = read_numbers(cells)
    assert values[:2].tolist() == [1234.5, 1234.5]
    assert math.isnan(values[2]) and math.isnan(values[3])
    assert list(failed) == [None, None, None, None, "not_number", "not_number", None]
    assert values[6] == 7.0


@given(st.lists(st.one_of(
    st.dates(dt.date(1900, 3, 1), dt.date(2200, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 12, 31)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 12, 31)).map(
        lambda d: d.strftime("%d.%m.%Y %H:%M")),
    st.text(alphabet="0123456789/-.: T", max_size=19),
), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_bulk_dates_agree_with_parse_date(texts):
    values, failed = read_dates(pd.Series(texts, dtype="str"))
    for text, value, problem in zip(texts, values, failed, strict=True):
        try:
            expected = parse_date(text)
        except XlsalesError as err:
            assert problem == err.problem, text
            continue
        assert problem is None, text
        if expected is None:
            assert np.isnat(value)
        else:
            assert value == np.datetime64(expected, "us"), text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31/12/2025", dt.datetime(2025, 12, 31)),
        ("31/12/2025 14:05", dt.datetime(2025, 12, 31, 14, 5)),
        ("2025-12-31", dt.datetime(2025, 12, 31)),
        ("2025-12-31T14:05:09", dt.datetime(2025, 12, 31, 14, 5, 9)),
        ("45657", dt.datetime(2024, 12, 31)),  # an Excel serial typed as text
        (45657.0, dt.datetime(2024, 12, 31)),
        (dt.date(2025, 1, 5), dt.datetime(2025, 1, 5)),
        ("5/1/25", dt.datetime(2025, 1, 5)),  # day first, two-digit year
    ],
)
def test_dates_in_every_form_an_export_writes(cell, expected):
    values, failed = read_dates(pd.Series([cell, ""], dtype=object))
    assert failed[0] is None
    assert values[0] == np.datetime64(expected, "us")
    assert np.isnat(values[1])


def test_impossible_dates_are_named_not_dates():
    values, failed = read_dates(pd.Series(["31/02/2025", "2025-13-01", "demain"], dtype="str"))
    assert np.isnat(values).all()
    assert list(failed) == ["not_date"] * 3


def test_identifiers_fold_spaces_and_excel_floats():
    texts, failed = read_texts(pd.Series([1001.0, "1001", "  Société   Générale ", "", True],
                                         dtype=object))
    assert texts.tolist()[:3] == ["1001", "1001", "Société Générale"]
    assert pd.isna(texts.iloc[3])
    assert list(failed) == [None, None, None, None, "not_text"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="ab \t\u00a0\u2009\x1c\n", max_size=6),
                          st.floats(allow_nan=False, allow_infinity=False),
                          st.integers(-10**6, 10**6)), min_size=1, max_size=12))
def test_bulk_identifiers_agree_with_to_key(cells):
    texts, failed = read_texts(pd.Series(cells, dtype=object))
    assert list(failed) == [None] * len(cells)
    for cell, text in zip(cells, texts, strict=True):
        expected = to_key(cell)
        assert (pd.isna(text) and expected is None) or text == expected, repr(cell)


def test_a_column_written_month_first_is_read_month_first():
    # 12/31/2025 can only be month first, so the column's 03/04/2025 is 4 March
    days, failed = read_dates(pd.Series(["12/31/2025", "03/04/2025", "2025-01-15"]))
    assert list(days.astype("datetime64[D]").astype(str)) == [
        "2025-12-31", "2025-03-04", "2025-01-15"]
    assert all(f is None for f in failed)


def test_a_column_that_never_says_stays_day_first():
    days, _ = read_dates(pd.Series(["03/04/2025", "31/12/2025"]))
    assert list(days.astype("datetime64[D]").astype(str)) == ["2025-04-03", "2025-12-31"]

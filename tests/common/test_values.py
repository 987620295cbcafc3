"""Reading numbers, blanks and identifiers as users type them (hand-written expectations)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.common.values import (
    as_1d,
    column_decimal,
    parse_number,
    read_each,
    round_up,
    to_key,
    to_keys,
    to_number,
    to_numbers,
    to_share,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1\u202f234,50 €", 1234.5),
        ("1,234.50", 1234.5),
        ("1.234,50", 1234.5),
        ("12 €", 12.0),
        ("€12", 12.0),
        ("45%", 0.45),
        ("45 %", 0.45),
        ("12,5", 12.5),
        ("0,125", 0.125),
        ("1,234", 1234.0),
        ("1,234,567", 1234567.0),
        ("1.234.567", 1234567.0),
        ("-300", -300.0),
        ("\u2212300", -300.0),
        ("(300)", -300.0),
        ("300-", -300.0),
        ("+7", 7.0),
        ("1.5E3", 1500.0),
        ("20 K€", 20000.0),
        ("1,5 M€", 1500000.0),
        ("12 EUR", 12.0),
        ("  42  ", 42.0),
    ],
)
def test_text_numbers_in_french_and_english_form(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5", "12..5", "1 2 3,4,5", "--3", "€", "1e999"])
def test_text_that_is_not_a_number_names_argument_row_and_value(text):
    with pytest.raises(XlsalesError) as caught:
        parse_number(text, "revenue", 7)
    assert str(caught.value).startswith("revenue, row 7: ")
    assert caught.value.row == 7


def test_message_reads_as_the_user_would_say_it():
    with pytest.raises(XlsalesError) as caught:
        to_numbers([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, "abc"], "revenue")
    assert str(caught.value) == "revenue, row 7: 'abc' is not a number"
    assert caught.value.message("fr") == "revenue, ligne 7 : 'abc' n'est pas un nombre"


def test_blanks_stay_blank_never_zero():
    out = to_numbers([1.0, None, "", "  ", float("nan"), 0.0])
    assert out[0] == 1.0 and out[5] == 0.0
    assert all(math.isnan(v) for v in out[1:5])


def test_blank_refused_when_a_value_is_required():
    with pytest.raises(XlsalesError, match="target, row 2: a value is required"):
        to_numbers([1, None], "target", blank_ok=False)


def test_negative_refused_where_it_cannot_be():
    with pytest.raises(XlsalesError, match=r"counts, row 3: '-2' is negative"):
        to_numbers([1, 2, "-2"], "counts", negative_ok=False)


def test_booleans_and_infinity_are_not_numbers():
    with pytest.raises(XlsalesError, match="row 2: TRUE is not a number"):
        to_numbers([1.0, True], "revenue")
    with pytest.raises(XlsalesError, match="row 1: inf is not a finite number"):
        to_numbers(np.array([np.inf]), "revenue")
    # a Python whole number beyond the largest float (1.8e308) is no more finite; it was
    # Python's OverflowError
    with pytest.raises(XlsalesError, match=r"revenue, row 2: 1.000e\+400 is not a finite"):
        to_numbers([1, 10**400], "revenue")
    with pytest.raises(XlsalesError, match=r"^potential: 1.000e\+400 is not a finite"):
        to_number(10**400, "potential")
    assert list(to_numbers([2**64, None])[:1]) == [2.0**64]  # large, but a float holds it


def test_a_cell_full_of_digits_is_read_at_once():
    # A cell holds up to 32,767 characters. Digits ending in a letter used to make the
    # number pattern try every split of the digits: minutes per cell, Excel frozen. Now
    # a column of them is refused at once, naming the first.
    digits = "1" * 32_766
    with pytest.raises(XlsalesError, match=r"revenue, row 2: '1{37}\.\.\.' is not a number"):
        to_numbers([12.0, digits + "x", digits + "k", "(" + digits + ")x"] * 5, "revenue")
    # 1 followed by 32,766 zeros is beyond any float: not a number, like "1e400"
    with pytest.raises(XlsalesError, match="is not a number"):
        to_numbers(["1" + "0" * 32_766])


def test_a_row_of_several_cells_inside_a_column_is_not_a_number():
    # [[1.0], [2.0]] is a column of one-cell rows; [[0.0, 0.0]] a row of two cells where one
    # value per row is expected: it used to come back as a 2-D table, and rows of unequal
    # length as numpy's ValueError.
    assert list(to_numbers([[1.0], [2.0]])) == [1.0, 2.0]
    with pytest.raises(XlsalesError, match=r"^quantity, row 1: '\[0.0, 0.0\]' is not a number"):
        to_numbers([[0.0, 0.0]], "quantity")
    with pytest.raises(XlsalesError, match=r"^amounts, row 1: '\[\]' is not a number"):
        to_numbers([[], []], "amounts")
    assert to_number([[5]], "years") == 5.0
    with pytest.raises(XlsalesError, match=r"^years: '\[\[1\], \[2, 3\]\]' is not a number"):
        to_number([[1], [2, 3]], "years")


def test_a_row_of_several_cells_is_not_a_client_code():
    # [[1001], [1002]] is a column of one-cell rows; [1, 2] inside a column used to become
    # the client "[1, 2]"
    assert to_keys([[1001], [1002]]) == ["1001", "1002"]
    with pytest.raises(XlsalesError, match=r"^client, row 1: '\[1, 2\]' is not a text"):
        to_keys([[1, 2], [3]], "client")
    for collection in ({"a": 1}, {1, 2}, np.array([1, 2]), pd.Series([1, 2])):
        with pytest.raises(XlsalesError, match="is not a text"):
            to_key(collection, "segments", 3)


def test_column_convention_settles_ambiguous_values():
    # "1,250" alone reads as 1250 (English grouping); beside "0,5" it is French: 1.25
    assert to_numbers(["1,250"])[0] == 1250.0
    assert list(to_numbers(["1,250", "0,5"])) == [1.25, 0.5]
    assert list(to_numbers(["1,250", "2,500.75"])) == [1250.0, 2500.75]
    assert column_decimal(["1 234,5", "12"]) == ","
    assert column_decimal(["1,234.5"]) == "."
    assert column_decimal(["1,234", "1.234"]) is None


def test_series_and_numeric_arrays_take_the_fast_path_unchanged():
    s = pd.Series([1, 2, 3], index=["a", "b", "c"])
    assert list(to_numbers(s)) == [1.0, 2.0, 3.0]
    text = to_numbers(pd.Series(["1 000", None], dtype="string"))
    assert text[0] == 1000.0 and math.isnan(text[1])


def test_a_column_of_numbers_and_empty_cells_reads_as_floats():
    # What Excel hands for a column with holes: floats, ints (xlwings Lite) and None
    flat = as_1d([1.5, None, 3, float("nan")])
    assert flat.dtype == np.float64
    assert flat[0] == 1.5 and flat[2] == 3.0
    assert math.isnan(flat[1]) and math.isnan(flat[3])
    # Blanks alone, or beside text and booleans, keep their own values
    assert as_1d([None, None]).tolist() == [None, None]
    assert as_1d([None, "1 000", True]).tolist() == [None, "1 000", True]
    assert to_keys([1001.0, None, 7]) == ["1001", None, "7"]


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), st.integers(-10**15, 10**15).map(float),
                          st.floats(allow_nan=True, allow_infinity=False)), min_size=1))
def test_number_codes_read_at_once_as_one_by_one(codes):
    # The column fast path gives what to_key gives cell by cell
    assert to_keys(codes) == [to_key(code) for code in codes]


def test_a_blank_number_code_is_refused_where_required():
    with pytest.raises(XlsalesError, match="client, row 3: a value is required"):
        to_keys([1001.0, 1002.0, None], blank_ok=False)


def test_each_distinct_value_is_read_once_and_errors_keep_their_row():
    calls = []

    def read(value, row):
        calls.append((value, row))
        if value == "bad":
            raise XlsalesError("codes", "not_text", row=row, value=value)
        return f"{value}@{row}"

    # Each distinct value is read at its first row and its answer repeated
    assert read_each(["a", "b", "a", 1.0, True, 1.0], read) == [
        "a@1", "b@2", "a@1", "1.0@4", "True@5", "1.0@4"]
    # True equals 1.0 in Python; read apart all the same
    assert calls == [("a", 1), ("b", 2), (1.0, 4), (True, 5)]
    with pytest.raises(XlsalesError, match="codes, row 13"):
        read_each(["a", "a", "bad", "bad"], read, first_row=11)


def test_shares_accept_fraction_percent_text_and_whole_percent():
    assert to_share(0.8, "a_share") == 0.8
    assert to_share("80%", "a_share") == 0.8
    assert to_share(80, "a_share") == 0.8
    assert to_share(1, "a_share") == 1.0
    for bad in (0, -0.1, 101, "120%"):
        with pytest.raises(XlsalesError, match="a_share"):
            to_share(bad, "a_share")


def test_identifiers_match_across_excel_floats_and_csv_text():
    assert to_keys([1001.0, "1001", " Dupont  SA ", None, 12.5]) == [
        "1001", "1001", "Dupont SA", None, "12.5"]


def test_round_up_counts_whole_units_and_forgives_float_noise():
    # 12.1 needed clients means 13 to find; 12.000000001 is rounding noise around 12
    got = round_up([12.1, 12.000000001, 12.0, 0.0, math.nan])
    assert got[:4].tolist() == [13.0, 12.0, 12.0, 0.0]
    assert math.isnan(got[4])
    assert math.copysign(1.0, got[3]) == 1.0  # 0, not -0, in a cell


def test_text_codes_are_cleaned_the_same_whether_the_column_is_tidy_or_not():
    # a tidy column takes the whole-column path; one untidy text sends it value by value:
    # both must give what to_key gives each value
    from xlsales.common.values import to_key

    for column in (["C1", "Dupont SA", None, float("nan"), ""],
                   ["C1", " C2", "a  b", "x\tz", "nb\u00a0sp", "end "]):
        assert to_keys(column) == [to_key(v) for v in column]


def test_names_differing_only_by_case_fold_to_the_first_spelling():
    from xlsales.common.values import first_spellings, fold_key

    assert fold_key("INDUSTRIE") == fold_key("industrie") == fold_key("Industrie")
    assert fold_key("Électricité") == fold_key("ÉLECTRICITÉ")  # accented capitals too
    assert fold_key("Straße") != fold_key("STRASSE")  # Excel does not make ß equal ss
    assert fold_key(None) is None
    assert first_spellings(["industrie", "BTP", "INDUSTRIE", None, "Industrie", "btp"]) == [
        "industrie", "BTP", "industrie", None, "industrie", "BTP"]

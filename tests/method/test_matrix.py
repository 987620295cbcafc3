"""The segment × product matrix (METHOD.md §5): the deck's 193.5 K€ example and hand cases."""

import math
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.matrix import (
    LABELS,
    SegmentMatrix,
    abandon_risk,
    matrix_signals,
    segment_product_matrix,
)

NAN = math.nan
SEGMENTS = [f"Segment {i}" for i in range(1, 6)]
PRODUCTS = ["Product 1", "Product 2", "Product 3"]

# METHOD.md §5, K€. Segment 3's two empty cells are "no sale recorded"; the 0s are measured.
DECK = pd.DataFrame(
    [[20, 5, 2], [0, 67, 3], [5, NAN, NAN], [25, 0.5, 65], [0, 0, 1]],
    index=SEGMENTS, columns=PRODUCTS,
)

# The same matrix as one line per segment-product, written out by hand, in the deck's order.
DECK_LINES = [
    ("Segment 1", "Product 1", 20), ("Segment 1", "Product 2", 5),
    ("Segment 1", "Product 3", 2), ("Segment 2", "Product 1", 0),
    ("Segment 2", "Product 2", 67), ("Segment 2", "Product 3", 3),
    ("Segment 3", "Product 1", 5), ("Segment 4", "Product 1", 25),
    ("Segment 4", "Product 2", 0.5), ("Segment 4", "Product 3", 65),
    ("Segment 5", "Product 1", 0), ("Segment 5", "Product 2", 0),
    ("Segment 5", "Product 3", 1),
]


def _columns(lines):
    return [list(column) for column in zip(*lines, strict=True)]


def _check_deck_totals(matrix: SegmentMatrix):
    assert matrix.segment_totals.tolist() == [27, 70, 5, 90.5, 1]
    assert matrix.product_totals.tolist() == [50, 72.5, 71]
    assert matrix.total == 193.5
    assert list(matrix.amounts.index) == SEGMENTS
    assert list(matrix.amounts.columns) == PRODUCTS
    assert math.isnan(matrix.amounts.at["Segment 3", "Product 2"])
    assert math.isnan(matrix.amounts.at["Segment 3", "Product 3"])
    assert matrix.amounts.at["Segment 2", "Product 1"] == 0


def test_deck_matrix_from_a_filled_table():
    _check_deck_totals(segment_product_matrix(DECK))


def test_deck_matrix_from_sales_lines():
    _check_deck_totals(segment_product_matrix(*_columns(DECK_LINES)))


def test_lines_for_the_same_cell_add_up_and_keep_the_users_order():
    matrix = segment_product_matrix(
        ["Retail", "Industry", "Retail", "Retail", None],
        ["Service", "Parts", "Service", "Parts", None],
        [10, 4, 2.5, -1, None],  # a credit note nets; the empty last line is skipped
    )
    assert list(matrix.amounts.index) == ["Retail", "Industry"]
    assert list(matrix.amounts.columns) == ["Service", "Parts"]
    assert matrix.amounts.at["Retail", "Service"] == 12.5  # 10 + 2.5
    assert matrix.amounts.at["Retail", "Parts"] == -1
    assert math.isnan(matrix.amounts.at["Industry", "Service"])
    assert matrix.total == 15.5  # 12.5 − 1 + 4


def test_numeric_codes_are_names_and_text_amounts_are_read():
    matrix = segment_product_matrix([1.0, "1", 2], ["P", "P", "P"], ["1 000,5", 2, "3"])
    assert list(matrix.amounts.index) == ["1", "2"]
    assert matrix.amounts["P"].tolist() == [1002.5, 3]


def test_bad_lines_name_the_argument_row_and_column():
    with pytest.raises(XlsalesError, match=r"^segments, row 2: a value is required"):
        segment_product_matrix(["S1", None], ["P1", "P2"], [1, 2])
    with pytest.raises(XlsalesError, match=r"^amounts, row 2: 'abc' is not a number"):
        segment_product_matrix(["S1", "S2"], ["P1", "P2"], [1, "abc"])
    with pytest.raises(XlsalesError, match=r"^products: has 1 values but segments has 2"):
        segment_product_matrix(["S1", "S2"], ["P1"], [1, 2])
    bad = DECK.astype(object)
    bad.at["Segment 4", "Product 2"] = "n/a"
    with pytest.raises(XlsalesError) as caught:
        segment_product_matrix(bad)
    assert str(caught.value) == "amounts, row 4, column 'Product 2': 'n/a' is not a number"
    twice = pd.DataFrame([[1], [2]], index=["S1", "S1"], columns=["P1"])
    with pytest.raises(XlsalesError, match=r"^segments, row 2: 'S1' appears more than once"):
        segment_product_matrix(twice)


def test_matrix_as_the_deck_shows_it_in_both_languages():
    frame = segment_product_matrix(DECK).to_frame("fr")
    assert list(frame.columns) == [*PRODUCTS, "TOTAL"]
    assert frame.loc["TOTAL"].tolist() == [50, 72.5, 71, 193.5]
    assert frame["TOTAL"].tolist() == [27, 70, 5, 90.5, 1, 193.5]
    assert frame.index.name == "Segment" and frame.columns.name == "Produit"
    assert segment_product_matrix(DECK).to_frame("en", totals=False).shape == (5, 3)


def _cells(signals, kind):
    return {(s, p) for s in signals.index for p in signals.columns if signals.at[s, p] == kind}


def test_deck_winning_combinations():
    result = matrix_signals(DECK)
    assert _cells(result.signals, "win") == {
        ("Segment 2", "Product 2"), ("Segment 4", "Product 3"),
        ("Segment 4", "Product 1"), ("Segment 1", "Product 1"),
    }
    # 67 / 193.5, 65 / 193.5, 25 / 193.5, 20 / 193.5; the next best cell, 5, is 2.6 %
    assert result.shares.at["Segment 2", "Product 2"] == pytest.approx(0.346, abs=5e-4)
    assert result.shares.at["Segment 4", "Product 3"] == pytest.approx(0.336, abs=5e-4)
    assert result.shares.at["Segment 4", "Product 1"] == pytest.approx(0.129, abs=5e-4)
    assert result.shares.at["Segment 1", "Product 1"] == pytest.approx(0.103, abs=5e-4)


def test_deck_combinations_to_develop():
    result = matrix_signals(DECK)
    # expected = row total × column total / 193.5; develop when actual ≤ 0.5 × expected
    # and expected ≥ 2 % × 193.5 = 3.87:
    #   Seg 4×P2: 90.5 × 72.5 / 193.5 = 6561.25 / 193.5 = 33.91, 0.5 ≤ 16.95
    #   Seg 2×P3: 70 × 71 / 193.5   = 4970 / 193.5    = 25.68, 3 ≤ 12.84
    #   Seg 2×P1: 70 × 50 / 193.5   = 3500 / 193.5    = 18.09, 0 ≤ 9.04
    #   Seg 1×P2: 27 × 72.5 / 193.5 = 1957.5 / 193.5  = 10.12, 5 ≤ 5.06
    #   Seg 1×P3: 27 × 71 / 193.5   = 1917 / 193.5    = 9.91,  2 ≤ 4.95
    # not: Seg 1×P1 6.98 (sold 20), Seg 4×P1 23.39 (sold 25 > 11.69); Segment 3's
    # expected values 5 × 50, 72.5, 71 / 193.5 = 1.29, 1.87, 1.83 and Segment 5's (≤ 0.37)
    # are under 3.87.
    assert _cells(result.signals, "develop") == {
        ("Segment 4", "Product 2"), ("Segment 2", "Product 3"), ("Segment 2", "Product 1"),
        ("Segment 1", "Product 2"), ("Segment 1", "Product 3"),
    }
    expected = result.expected
    assert expected.at["Segment 4", "Product 2"] == pytest.approx(6561.25 / 193.5)
    assert expected.at["Segment 2", "Product 3"] == pytest.approx(4970 / 193.5)
    assert expected.at["Segment 2", "Product 1"] == pytest.approx(3500 / 193.5)
    assert expected.at["Segment 1", "Product 2"] == pytest.approx(1957.5 / 193.5)
    assert expected.at["Segment 1", "Product 3"] == pytest.approx(1917 / 193.5)
    assert len(_cells(result.signals, None)) == 15 - 4 - 5


def test_signals_listed_winners_first_then_biggest_expected():
    frame = matrix_signals(DECK).to_frame("fr")
    assert list(frame.columns) == [
        "Segment", "Produit", "Signal", "Montant", "Part du total", "Attendu"]
    assert [(s[-1], p[-1]) for s, p in zip(frame["Segment"], frame["Produit"],
                                           strict=True)] == [
        ("2", "2"), ("4", "3"), ("4", "1"), ("1", "1"),  # 67, 65, 25, 20
        ("4", "2"), ("2", "3"), ("2", "1"), ("1", "2"), ("1", "3"),  # 33.9, 25.7, 18.1 …
    ]
    assert frame["Signal"].tolist() == [LABELS["win"]["fr"]] * 4 + [LABELS["develop"]["fr"]] * 5


def test_share_each_target_puts_at_risk():
    result = matrix_signals(DECK)
    # 27, 70, 5, 90.5, 1 of 193.5 and 50, 72.5, 71 of 193.5
    assert result.segment_shares.tolist() == pytest.approx(
        [27 / 193.5, 70 / 193.5, 5 / 193.5, 90.5 / 193.5, 1 / 193.5])
    assert result.product_shares.tolist() == pytest.approx(
        [50 / 193.5, 72.5 / 193.5, 71 / 193.5])


def test_signal_thresholds_are_adjustable():
    # at 20 % only 67 and 65 (34.6 %, 33.6 %) win
    assert _cells(matrix_signals(DECK, win_share="20%").signals, "win") == {
        ("Segment 2", "Product 2"), ("Segment 4", "Product 3")}
    # with no floor on the expected value, small predicted cells sold at 0 join:
    # Seg 3×P2 1.87 and Seg 3×P3 1.83 (no sale), Seg 5×P1 1 × 50 / 193.5 = 0.26 and
    # Seg 5×P2 0.37 (sold 0); Seg 5×P3 0.37 sold 1 > 0.18 and Seg 3×P1 sold 5 do not.
    added = (_cells(matrix_signals(DECK, min_expected=0).signals, "develop")
             - _cells(matrix_signals(DECK).signals, "develop"))
    assert added == {("Segment 3", "Product 2"), ("Segment 3", "Product 3"),
                     ("Segment 5", "Product 1"), ("Segment 5", "Product 2")}
    # at a ratio of 0.4, Seg 1×P2 (5 > 0.4 × 10.12 = 4.05) and Seg 1×P3 (2 ≤ 3.96) split
    develop = _cells(matrix_signals(DECK, develop_ratio=0.4).signals, "develop")
    assert ("Segment 1", "Product 2") not in develop
    assert ("Segment 1", "Product 3") in develop


def test_no_revenue_no_signals():
    with pytest.raises(XlsalesError, match=r"^amounts: the total is not above 0"):
        matrix_signals(DECK * 0)
    with pytest.raises(XlsalesError, match=r"^win_share: 0 must be above 0"):
        matrix_signals(DECK, win_share=0)


def test_abandon_risk_per_segment_and_product():
    segments = ["Retail", "Retail", "Industry", "Industry", "Retail", "Industry"]
    products = ["Service", "Parts", "Parts", "Parts", "Service", "Service"]
    amounts = [60, 20, 10, 5, 5, 0]
    margins = [12, 4, 2, 1, None, 0]
    clients = ["c1", "c2", "c3", "c3", "c1", "c4"]
    risk = abandon_risk(segments, products, amounts, margins=margins, clients=clients)
    seg = risk.segments
    assert list(seg.index) == ["Retail", "Industry"]
    # revenue 60 + 20 + 5 = 85 and 10 + 5 + 0 = 15, of 100
    assert seg["revenue"].tolist() == [85, 15]
    assert seg["revenue_share"].tolist() == pytest.approx([0.85, 0.15])
    # margin 12 + 4 (the blank one left out) = 16 and 2 + 1 + 0 = 3, of 19
    assert seg["margin"].tolist() == [16, 3]
    assert seg["margin_share"].tolist() == pytest.approx([16 / 19, 3 / 19])
    # Retail: c1, c2; Industry: c3 (twice), c4 (a measured 0)
    assert seg["clients"].tolist() == [2, 2]
    prod = risk.products
    assert list(prod.index) == ["Service", "Parts"]
    assert prod["revenue"].tolist() == [65, 35]  # 60 + 5 + 0, 20 + 10 + 5
    assert prod["clients"].tolist() == [2, 2]    # c1, c4 and c2, c3
    shown = risk.to_frame("product", "fr")
    assert list(shown.columns) == [
        "Chiffre d'affaires", "Part du chiffre d'affaires", "Marge", "Part de la marge",
        "Clients"]


def test_abandon_risk_without_margins_or_clients():
    risk = abandon_risk(["S1", "S2"], ["P1", "P1"], [3, 1])
    assert list(risk.segments.columns) == ["revenue", "revenue_share"]
    assert risk.products["revenue_share"].tolist() == [1.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(
    st.tuples(st.sampled_from(["S1", "S2", "S3", "S4"]), st.sampled_from(["P1", "P2", "P3"]),
              st.one_of(st.none(), st.floats(-50, 1000).map(lambda x: round(x, 2)))),
    min_size=1, max_size=40))
def test_matrix_totals_add_up(lines):
    matrix = segment_product_matrix(*_columns(lines))
    amounts = [a for _s, _p, a in lines if a is not None]
    grand = sum(amounts) if amounts else NAN
    if not amounts:
        assert math.isnan(matrix.total)
        return
    assert matrix.total == pytest.approx(grand, abs=1e-6)
    assert matrix.segment_totals.sum() == pytest.approx(grand, abs=1e-6)
    assert matrix.product_totals.sum() == pytest.approx(grand, abs=1e-6)


@pytest.mark.parametrize("segments", [["a", "a", "b"], ["a", "b", "b"]])
def test_amounts_whose_total_overflows_are_refused(segments):
    # 1e308 + 1e308 is beyond the largest float (about 1.8e308), in one cell or only in
    # the grand total: every share would be 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(XlsalesError, match="largest number") as caught:
            segment_product_matrix(segments, ["p", "p", "q"], [1e308, 1e308, 1.0])
    assert caught.value.arg == "amounts"


def test_segments_and_products_differing_by_case_are_one_row_and_column():
    # Industrie 1000 + INDUSTRIE 500 + industrie 250 = 1750 in one row, spelled as first
    # met; "Services" and "SERVICES" one column (100 + 50)
    grid = segment_product_matrix(
        ["Industrie", "INDUSTRIE", "industrie", "BTP", "btp"],
        ["Services", "SERVICES", "Services", "Services", "Pièces"],
        [1000, 500, 250, 400, 40])
    assert list(grid.amounts.index) == ["Industrie", "BTP"]
    assert list(grid.amounts.columns) == ["Services", "Pièces"]
    assert grid.amounts.at["Industrie", "Services"] == 1750
    assert grid.amounts.at["BTP", "Pièces"] == 40
    assert math.isnan(grid.amounts.at["Industrie", "Pièces"])
    risk = abandon_risk(["Industrie", "INDUSTRIE"], ["P", "p"], [30, 70], clients=["C1", "C2"])
    assert list(risk.segments.index) == ["Industrie"] and risk.segments.at["Industrie",
                                                                          "clients"] == 2
    # a filled table whose rows differ only by case holds the same segment twice
    table = pd.DataFrame({"P": [1.0, 2.0]}, index=["Retail", "RETAIL"])
    with pytest.raises(XlsalesError) as err:
        segment_product_matrix(table)
    assert err.value.problem == "duplicate" and err.value.row == 2

"""SEGMENT_MATRIX and MATRIX_SIGNALS on the deck's 193.5 K€ matrix (METHOD.md §5)."""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]

# The deck's matrix as sales lines, one per recorded cell, some split in two lines that
# add up (20 = 12 + 8, 65 = 40 + 25). Segment 3 never bought products 2 and 3: no line,
# so those cells stay blank; Segment 2 × Product 1 and Segment 5 × Products 1-2 are
# measured zeros.
LINES = [
    ("Segment 1", "Product 1", 12), ("Segment 1", "Product 2", 5),
    ("Segment 1", "Product 3", 2), ("Segment 1", "Product 1", 8),
    ("Segment 2", "Product 1", 0), ("Segment 2", "Product 2", 67),
    ("Segment 2", "Product 3", 3),
    ("Segment 3", "Product 1", 5),
    ("Segment 4", "Product 1", 25), ("Segment 4", "Product 2", 0.5),
    ("Segment 4", "Product 3", 40), ("Segment 4", "Product 3", 25),
    ("Segment 5", "Product 1", 0), ("Segment 5", "Product 2", 0),
    ("Segment 5", "Product 3", 1),
]
COLUMNS = tuple(excel.column(*values) for values in zip(*LINES, strict=True))


@pytest.mark.parametrize("call", BOTH)
def test_the_decks_matrix_with_totals(call):
    assert call(udfs.SEGMENT_MATRIX, *COLUMNS) == [
        ["Segment", "Product 1", "Product 2", "Product 3", "TOTAL"],
        ["Segment 1", 20, 5, 2, 27],
        ["Segment 2", 0, 67, 3, 70],
        ["Segment 3", 5, "", "", 5],
        ["Segment 4", 25, 0.5, 65, 90.5],
        ["Segment 5", 0, 0, 1, 1],
        ["TOTAL", 50, 72.5, 71, 193.5],
    ]


def test_the_matrix_in_french():
    result = excel.call_like_excel(udfs.SEGMENT_MATRIX, *COLUMNS, "fr")
    assert result[0][0] == "Segment" and result[0][-1] == "TOTAL"
    assert result[-1][0] == "TOTAL"


@pytest.mark.parametrize("call", BOTH)
def test_the_decks_signals(call):
    # Win: at least 10 % of 193.5 (S2×P2 34.6 %, S4×P3 33.6 %, S4×P1 12.9 %, S1×P1 10.3 %).
    # Develop: at most half of row total × column total / 193.5, for an expectation of at
    # least 2 % of the total: S4×P2 (0.5 vs 33.9), S2×P3 (3 vs 25.7), S2×P1 (0 vs 18.1),
    # S1×P2 (5 vs 10.1), S1×P3 (2 vs 9.9). Nothing else; totals stay blank.
    win, develop = "Winning combination", "To develop"
    assert call(udfs.MATRIX_SIGNALS, *COLUMNS) == [
        ["Segment", "Product 1", "Product 2", "Product 3", "TOTAL"],
        ["Segment 1", win, develop, develop, ""],
        ["Segment 2", develop, win, develop, ""],
        ["Segment 3", "", "", "", ""],
        ["Segment 4", win, develop, win, ""],
        ["Segment 5", "", "", "", ""],
        ["TOTAL", "", "", "", ""],
    ]


def test_signals_in_french():
    result = excel.call_like_excel(udfs.MATRIX_SIGNALS, *COLUMNS, "fr")
    assert result[1][1:4] == ["Combinaison gagnante", "À développer", "À développer"]


def test_bad_lines_are_named():
    segments, products, _ = COLUMNS
    call = excel.call_like_excel
    assert call(udfs.SEGMENT_MATRIX, segments, products,
                excel.column(12, "douze", *[1] * 13)) == [
        ["#XLSALES! amounts, row 2: 'douze' is not a number"]]
    assert call(udfs.MATRIX_SIGNALS, excel.column("Segment 1", None), excel.column("P1", "P2"),
                excel.column(10, 5), "fr") == [["#XLSALES! segments, ligne 2 : une valeur est "
                                                "requise"]]
    assert call(udfs.SEGMENT_MATRIX, segments, products, excel.column(1, 2)) == [
        ["#XLSALES! amounts: has 2 values but segments has 15"]]
    assert call(udfs.MATRIX_SIGNALS, excel.column("S1"), excel.column("P1"),
                excel.error("#N/A")) == [["#XLSALES! amounts, row 1: the cell holds the error "
                                          "#N/A"]]

"""A1 references: Excel's column letters and cell names, both ways."""

import pytest

from xlsales.common.a1 import (
    cell_ref,
    column_letters,
    column_number,
    parse_cell,
    parse_range,
    range_ref,
)


@pytest.mark.parametrize(("column", "letters"), [
    (1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"),
    (16_384, "XFD"),  # Excel's last column
])
def test_column_letters_both_ways(column, letters):
    assert column_letters(column) == letters
    assert column_number(letters) == column == column_number(letters.lower())


def test_cells_and_blocks():
    assert cell_ref(14, 6) == "F14" and cell_ref(14, 6, absolute=True) == "$F$14"
    assert range_ref(2, 2, 4, 3) == "B2:D5" and range_ref(2, 2) == "B2"
    assert range_ref(1, 1, 1, 2, absolute=True) == "$A$1:$B$1"
    assert parse_cell("$F$14") == (14, 6) == parse_cell("f14")
    assert parse_range("B2:D5") == (2, 2, 5, 4) == parse_range("$D$5:$B$2")
    assert parse_range("C7") == (7, 3, 7, 3)


@pytest.mark.parametrize("bad", [lambda: column_letters(0), lambda: column_letters(16_385),
                                 lambda: cell_ref(0, 1), lambda: cell_ref(1_048_577, 1),
                                 lambda: parse_cell("A:A"), lambda: parse_cell("14F"),
                                 lambda: column_number("A1")])
def test_what_excel_cannot_hold_is_refused(bad):
    with pytest.raises(ValueError):
        bad()

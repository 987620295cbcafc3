"""PRIORITY and NEXT_CONTACT (METHOD.md §8) as Excel and xlwings Lite call them."""

import datetime as dt

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


# The deck's grid, potential (rows: Big, Medium, Small) × accessibility (columns: Good,
# Medium, Very little), 1 = call first
GRID = [[1, 2, 3],
        [2, 3, 4],
        [3, 4, 5]]


@pytest.mark.parametrize("call", BOTH)
def test_priority_grid_from_levels(call):
    potentials = excel.column(*(p for p in (1, 2, 3) for _ in range(3)))
    accesses = excel.column(*(a for _ in range(3) for a in (1, 2, 3)))
    result = call(udfs.PRIORITY, potentials, accesses)
    assert [row[0] for row in result] == [cell for line in GRID for cell in line]


@pytest.mark.parametrize("call", BOTH)
def test_priority_from_labels_in_either_language(call):
    # Gros/Bonne → 1; "small"/"Very little" → 5; "Moyen"/"Moyen" (the deck's word for
    # medium accessibility) → 3; a missing level leaves the priority blank
    potentials = excel.column("Gros", "small", "Moyen", None)
    accesses = excel.column("Bonne", "Very little", "Moyen", "Good")
    assert call(udfs.PRIORITY, potentials, accesses) == [[1], [5], [3], [""]]
    assert one(call(udfs.PRIORITY, "Big", "Très peu")) == 3


def test_priority_names_the_excel_argument():
    assert one(excel.call_like_excel(udfs.PRIORITY, excel.column(1, "Huge"), 1)).startswith(
        "#XLSALES! potential, row 2: 'Huge' is not a level 1 to 3 nor one of: Big, Gros")
    assert one(excel.call_like_excel(udfs.PRIORITY, 1, excel.column(2, 4), "fr")).startswith(
        "#XLSALES! accessibility, ligne 2 : 4 n'est ni un niveau de 1 à 3")
    assert one(excel.call_like_excel(udfs.PRIORITY, excel.column(1, 2),
                                     excel.column(1, 2, 3))) == (
        "#XLSALES! accessibility: has 3 values but potential has 2")


@pytest.mark.parametrize("call", BOTH)
def test_next_contact_per_priority(call):
    last = excel.com_date(2025, 1, 1)
    result = call(udfs.NEXT_CONTACT, excel.column(*[last] * 5), excel.column(1, 2, 3, 4, 5))
    # 1 January + 7, 14, 30, 60, 90 days
    assert [excel.shown(cell) for (cell,) in result] == [
        dt.datetime(2025, 1, 8), dt.datetime(2025, 1, 15), dt.datetime(2025, 1, 31),
        dt.datetime(2025, 3, 2), dt.datetime(2025, 4, 1)]


def test_next_contact_is_a_date_cell_not_a_serial_number():
    cells = excel.column(excel.com_date(2025, 1, 1))
    assert isinstance(one(excel.call_like_excel(udfs.NEXT_CONTACT, cells, 1)), excel.ComTime)
    # Lite: a serial number with the workbook's date format; 45665 is 8 January 2025
    assert one(excel.call_like_lite(udfs.NEXT_CONTACT, cells, 1)) == {
        "type": "FormattedNumber", "basicValue": 45665.0, "numberFormat": "dd/mm/yyyy"}


def test_next_contact_reads_text_dates_and_blanks():
    # "31/12/2025" is day first: + 14 days = 14 January 2026; a prospect never contacted
    # is due today; a contacted one without a priority has no next contact
    result = excel.call_like_excel(udfs.NEXT_CONTACT, excel.column("31/12/2025", None,
                                                                   "2025-06-01"),
                                   excel.column(2, 3, None))
    today = dt.datetime.combine(dt.date.today(), dt.time())
    assert [excel.shown(cell) for (cell,) in result] == [dt.datetime(2026, 1, 14), today, ""]


def test_next_contact_names_its_bad_argument():
    assert one(excel.call_like_excel(udfs.NEXT_CONTACT, "31/02/2025", 1)) == (
        "#XLSALES! last_contact, row 1: '31/02/2025' is not a date")
    assert one(excel.call_like_excel(udfs.NEXT_CONTACT, excel.column("01/01/2025",
                                                                     "01/01/2025"),
                                     excel.column(1, 6), "fr")) == (
        "#XLSALES! priority, ligne 2 : 6 est hors de l'intervalle 1 à 5")


@pytest.mark.parametrize("call", BOTH)
def test_next_contact_reads_a_us_column_as_the_ledger_reader_does(call):
    # 12/31/2025 proves the column month first (issue 12.11): 03/04/2025 is 4 March;
    # priority 2 is 14 days: 14 January 2026 and 18 March 2025
    result = call(udfs.NEXT_CONTACT, excel.column("12/31/2025", "03/04/2025"),
                  excel.column(2, 2))
    assert [excel.shown(cell) for (cell,) in result] == [
        dt.datetime(2026, 1, 14), dt.datetime(2025, 3, 18)]
    # 31/12/2025 proves it day first: 03/04/2025 is 3 April, + 14 days = 17 April
    result = call(udfs.NEXT_CONTACT, excel.column("31/12/2025", "03/04/2025"),
                  excel.column(2, 2))
    assert excel.shown(result[1][0]) == dt.datetime(2025, 4, 17)


@pytest.mark.parametrize("call", BOTH)
def test_next_contact_asks_for_real_dates_when_the_column_proves_no_order(call):
    message = one(call(udfs.NEXT_CONTACT, "03/04/2025", 1))
    assert message == (
        "#XLSALES! last_contact, row 1: '03/04/2025' may be day first or month first and no "
        "date of the column says which: enter real dates (a date cell, or the text "
        "2025-04-03)")
    assert one(call(udfs.NEXT_CONTACT, excel.column("01/02/2025", "03/04/2025"),
                    excel.column(1, 1), "fr")).startswith(
        "#XLSALES! last_contact, ligne 1 : '01/02/2025' peut se lire jour d'abord")

"""Dates as Excel and exports give them (expected values written by hand)."""

import datetime as dt

import numpy as np
import pytest

from xlsales.common.dates import from_serial, parse_date, to_dates, to_serial
from xlsales.common.errors import XlsalesError


def test_serials_round_trip_with_excel_epoch():
    # 45657 is 31 December 2024 in Excel (1900 date system)
    assert from_serial(45657) == dt.datetime(2024, 12, 31)
    assert to_serial(dt.date(2024, 12, 31)) == 45657


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/12/2025", dt.datetime(2025, 12, 31)),
        ("31.12.2025", dt.datetime(2025, 12, 31)),
        ("2025-12-31", dt.datetime(2025, 12, 31)),
        ("2025-12-31T14:30:00", dt.datetime(2025, 12, 31, 14, 30)),
        ("05/01/25", dt.datetime(2025, 1, 5)),
        (45657.0, dt.datetime(2024, 12, 31)),
        (dt.date(2025, 1, 5), dt.datetime(2025, 1, 5)),
    ],
)
def test_dates_in_every_form_users_send(value, expected):
    assert parse_date(value) == expected


def test_blank_date_is_none_and_bad_date_names_row():
    assert parse_date(None) is None
    assert parse_date("  ") is None
    with pytest.raises(XlsalesError, match="last_contact, row 4: '31/02/2025' is not a date"):
        parse_date("31/02/2025", "last_contact", 4)


def test_a_numpy_datetime_column_reads_as_dates():
    column = np.array(["2025-01-05", "NaT"], dtype="datetime64[ns]")
    assert to_dates(column) == [dt.datetime(2025, 1, 5), None]


def test_a_whole_number_beyond_floats_is_not_a_date():
    # 10**400 cannot even become a float (it was Python's OverflowError); 2**64 can, and is
    # far past Excel's last serial, 2958465 (31/12/9999)
    with pytest.raises(XlsalesError, match=r"^last_contact, row 2: 1.000e\+400 is not a date"):
        to_dates([45657, 10**400], "last_contact")
    with pytest.raises(XlsalesError, match="is not a date"):
        parse_date(2**64)


def test_a_column_that_proves_month_first_is_read_month_first():
    # 12/31/2025 has no 31st month: the column is US, so its 03/04/2025 is 4 March
    assert to_dates(["12/31/2025", "03/04/2025", None, "2025-06-01"]) == [
        dt.datetime(2025, 12, 31), dt.datetime(2025, 3, 4), None, dt.datetime(2025, 6, 1)]
    # 31/12/2025 proves day first: 03/04/2025 is 3 April
    assert to_dates(["31/12/2025", "03/04/2025"])[1] == dt.datetime(2025, 4, 3)
    # a bad date is quoted as typed, not as swapped
    with pytest.raises(XlsalesError) as caught:
        to_dates(["12/31/2025", "02/30/2025"], "last_contact")
    assert caught.value.message("en") == "last_contact, row 2: '02/30/2025' is not a date"


def test_a_column_that_proves_no_order_is_refused_when_asked():
    assert to_dates(["03/04/2025"]) == [dt.datetime(2025, 4, 3)]  # the readers' default
    with pytest.raises(XlsalesError) as caught:
        to_dates(["01/01/2025", None, "03/04/2025"], "last_contact", ambiguous_ok=False)
    assert caught.value.problem == "ambiguous_date"
    assert caught.value.row == 3
    assert "'03/04/2025'" in caught.value.message("fr")
    # same day either way, or proved by a neighbour: no question
    assert to_dates(["05/05/2025", "13/04/2025", "03/04/2025"], ambiguous_ok=False)[2] == (
        dt.datetime(2025, 4, 3))

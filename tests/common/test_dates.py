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

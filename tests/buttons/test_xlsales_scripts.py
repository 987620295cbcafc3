"""The buttons as xlwings Lite scripts: one per button, each running its macro on the book."""

import xlsales_scripts

from tests.harness.fake_xlwings import FakeBook
from tests.harness.workbooks import build
from xlsales.plan import layout


def test_one_script_per_button():
    assert sorted(xlsales_scripts.__all__) == sorted(
        f"xlsales_{button.macro}" for button in layout.BUTTONS)


def test_a_script_refreshes_the_book_it_is_given(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    fake = FakeBook.from_file(built.path)
    lost = layout.AREA_BY_NAME["xls_lost_list"]
    before = fake.block(built, lost)
    xlsales_scripts.xlsales_refresh_portfolio(fake)
    after = fake.block(built, lost)
    assert after != before and after[0][0] == "Client"  # the list's header, written

"""The Purchases sheet as written: the ledger's client-days up to the as-of day, and a
message instead of a failure when they do not fit a sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.harness.rhythm import TODAY, small_ledger
from tests.harness.workbook import named, same, table
from xlsales.plan.analysis import PlanSettings, analyse
from xlsales.sources.ledger_plan import plan_from_ledger
from xlsales.workbook import rhythm, write_plan_workbook


def _write(path: Path, lang: str = "en") -> openpyxl.Workbook:
    data = plan_from_ledger(small_ledger(), year=2025, settings=PlanSettings(today=TODAY))
    write_plan_workbook(data, path, lang=lang, results=analyse(data))
    return openpyxl.load_workbook(path, data_only=True)


def test_the_table_holds_each_client_day_netted_up_to_the_as_of_day(tmp_path: Path) -> None:
    book = _write(tmp_path / "book.xlsx")
    rows = [(r["Client"], r["Date"].date().isoformat(), r["Net amount of the day"],
             r["Salesperson"]) for r in table(book, "tblPurchases")]
    # by hand from the ledger: two lines of 10 January summed, 9 February credited the
    # same day (0), the credit note of 10 April on its own day; K5's July line left out
    assert rows == [
        ("K1", "2025-01-10", 150, "Ann"), ("K1", "2025-02-09", 0, "Ann"),
        ("K1", "2025-03-11", 120, "Ann"), ("K1", "2025-04-10", -30, "Ann"),
        ("K1", "2025-05-10", 90, "Ann"),
        ("K2", "2024-07-15", 500, "Bob"), ("K2", "2024-08-14", 300, "Bob"),
        ("K2", "2024-09-13", 400, "Bob"),
        ("K3", "2025-06-01", 80, None), ("K4", "2025-03-01", -50, None)]
    assert same(TODAY, named(book, "xls_risk_today"))


def test_too_many_client_days_are_said_not_crashed(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rhythm, "_MAX_ROWS", 5)
    book = _write(tmp_path / "book.xlsx", "fr")
    assert book["Achats"]["A5"].value.startswith("10 jours client ne tiennent pas")
    assert all(r["Client"] is None for r in table(book, "tblPurchases"))

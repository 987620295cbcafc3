"""The "Refresh the clients at risk" button on a workbook file: its list, its note and
tblClients' risk columns, from tblPurchases as of the reference date.

Hand-checked: as of 26 November 2026 (the book's reference date) C1 bought every 30 days
until 11 March (260 days ago: late, more than 2 × 30), C2 every 10 days until 21 November
(5 days ago). C1 is the largest client, class A whatever the limits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from tests.harness.workbook import table
from tests.harness.workbooks import area_values, build
from xlsales.buttons.macros import run_macro_file
from xlsales.plan import layout

PURCHASES = [
    *(dict(client="C1", date=dt.datetime(2026, m, d), amount=100.0, salesperson="Ann")
      for m, d in ((1, 10), (2, 9), (3, 11))),
    *(dict(client="C2", date=dt.datetime(2026, 11, d), amount=40.0) for d in (1, 11, 21)),
    dict(client="C9", date=dt.datetime(2026, 5, 1), amount=10.0),
]


def test_refresh_risk_lists_the_late_a_client_and_fills_its_columns(tmp_path: Path) -> None:
    built = build(tmp_path / "book.xlsx", "en", purchases=PURCHASES)
    result = run_macro_file("refresh_risk", built.path, backup=False)
    rows = [r for r in area_values(built.path, built, "xls_risk_list") if any(r)]
    assert rows[0][0] == "Client"
    assert [r[0] for r in rows[1:]] == ["C1"]
    c1 = rows[1]
    assert c1[1] == "Alpha" and c1[2] == "A" and c1[3] == 300  # revenue of 12 months
    assert c1[7] == 30 and c1[9] == "Late" and c1[10] == "Ann"
    note = area_values(built.path, built, "xls_risk_note")[0][0]
    assert "2026-11-26" in note and "1 A and B clients late" in note
    assert "only 2 clients bought on more than one day" in result.written["xls_risk_note"][1][0]
    book = openpyxl.load_workbook(built.path, data_only=True)
    gap = layout.CLIENTS.column("usual_gap").header("en")
    alive = layout.CLIENTS.column("p_alive").header("en")
    by_client = {r["Client code"]: r for r in table(book, "tblClients") if r["Client code"]}
    assert by_client["C1"][gap] == 30 and by_client["C2"][gap] == 10
    assert by_client["C3"][gap] is None
    assert all(r[alive] is None for r in by_client.values())  # no model: blank, not 0


def test_a_workbook_without_purchases_says_how_to_get_them(tmp_path: Path) -> None:
    built = build(tmp_path / "book.xlsx", "fr")
    run_macro_file("refresh_risk", built.path, backup=False)
    note = area_values(built.path, built, "xls_risk_note")[0][0]
    assert note.startswith("Aucun achat") and "Actualiser les clients à risque" in note


def test_an_older_workbook_without_tbl_purchases_is_refreshed_with_a_note(tmp_path: Path
                                                                          ) -> None:
    built = build(tmp_path / "book.xlsx", "en")
    book = openpyxl.load_workbook(built.path)
    for sheet in book.worksheets:
        if "tblPurchases" in sheet.tables:
            del sheet.tables["tblPurchases"]
    book.save(built.path)
    result = run_macro_file("refresh_all", built.path, backup=False)
    assert any("no table tblPurchases" in note for note in result.notes)

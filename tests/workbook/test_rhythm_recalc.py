"""The rhythm formulas of tblClients, recalculated by LibreOffice from tblPurchases, give
the figures counted by hand on a small ledger (and the core's, ``method.rhythm``).

The ledger is ``tests/plan/test_risk.py``'s: two products on one day, a sale credited the
same day, a credit note on another day, a client who stopped buying, a one-off buyer, a
client with only a credit note and a line after the reference day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.rhythm import HAND, TODAY, small_ledger
from tests.harness.workbook import error_cells, formula_mismatches, named, same, table
from xlsales.method.rhythm import client_rhythm
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings, analyse
from xlsales.sources.ledger_plan import plan_from_ledger
from xlsales.workbook import write_plan_workbook

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

_KEYS = ("purchase_days", "last_purchase", "days_since", "mean_amount", "usual_gap", "late",
         "revenue_12m")


def _recalculated(tmp_path: Path, lang: str, today: dt.date | None
                  ) -> tuple[openpyxl.Workbook, str]:
    require_libreoffice()
    data = plan_from_ledger(small_ledger(), year=2025, settings=PlanSettings(today=today))
    original = tmp_path / f"rhythm-{lang}.xlsx"
    write_plan_workbook(data, original, lang=lang, results=analyse(data))
    recalculated = recalculate(original, tmp_path / "lo")
    return openpyxl.load_workbook(recalculated, data_only=True), str(original)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rhythm_formulas_give_the_hand_counted_figures(tmp_path: Path, lang: str) -> None:
    book, original = _recalculated(tmp_path, lang, TODAY)
    assert error_cells(book) == []
    assert same(TODAY, named(book, "xls_risk_today"))
    headers = {k: layout.CLIENTS.column(k).header(lang) for k in (*_KEYS, "client")}
    rows = {row[headers["client"]]: row for row in table(book, "tblClients")}
    late_word = {"en": "Late", "fr": "En retard"}[lang]
    for client, (days, last, since, mean, gap, late, revenue) in HAND.items():
        row = rows[client]
        expected = {"purchase_days": days, "last_purchase": last, "days_since": since,
                    "mean_amount": mean, "usual_gap": gap,
                    "late": None if late is None else (late_word if late else ""),
                    "revenue_12m": revenue}
        for key, value in expected.items():
            assert same(value, row[headers[key]]), (client, key, row[headers[key]])
    for client in ("K4", "K5"):  # never bought by the reference day: blank, not 0
        assert all(same(None, rows[client][headers[k]]) for k in _KEYS)
    checked, mismatches = formula_mismatches(original, str(tmp_path / "lo" / Path(
        original).name))
    mine = tuple(f"{layout.sheet_name(k, lang)}!" for k in ("clients", "purchases"))
    assert checked and not [m for m in mismatches if m.startswith(mine)]


def test_without_a_reference_date_the_formulas_count_to_the_last_date(tmp_path: Path) -> None:
    book, _ = _recalculated(tmp_path, "en", None)
    last = dt.date(2025, 7, 15)
    assert same(last, named(book, "xls_risk_today"))
    core = client_rhythm(small_ledger()["client"], small_ledger()["date"],
                         small_ledger()["amount"], last)
    rows = {row["Client code"]: row for row in table(book, "tblClients")}
    for client in ("K1", "K2", "K3", "K5"):
        assert same(int(core.loc[client, "days_since"]),
                    rows[client]["Days since last purchase"])
        assert same(int(core.loc[client, "purchase_days"]), rows[client]["Purchase days"])


def test_the_formulas_follow_a_reference_date_typed_later(tmp_path: Path) -> None:
    """A workbook made without a reference date, then given one before its last purchase:
    the formulas count to that day, leaving later rows out, as the core does."""
    require_libreoffice()
    data = plan_from_ledger(small_ledger(), year=2025)
    original = tmp_path / "later.xlsx"
    write_plan_workbook(data, original, results=analyse(data))
    book = openpyxl.load_workbook(original)
    sheet, ref = next(iter(book.defined_names["xls_today"].destinations))
    book[sheet][ref.replace("$", "")].value = dt.datetime.combine(TODAY, dt.time())
    book.save(original)
    fresh = openpyxl.load_workbook(recalculate(original, tmp_path / "lo"), data_only=True)
    assert same(TODAY, named(fresh, "xls_risk_today"))
    rows = {row["Client code"]: row for row in table(fresh, "tblClients")}
    for client, (days, last, since, mean, _, _, revenue) in HAND.items():
        row = rows[client]
        found = (row["Purchase days"], row["Last purchase"], row["Days since last purchase"],
                 row["Average purchase"], row["Revenue last 12 months"])
        assert all(same(want, got) for want, got in zip(
            (days, last, since, mean, revenue), found, strict=True)), (client, found)
    assert same(None, rows["K5"]["Purchase days"])  # its only day is after the 30 June

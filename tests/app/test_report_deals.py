"""A report with a CRM's deals and a ledger that names its salespeople: the funnel is the
CRM's pipeline, the Funnel sheet shows the deals' figures, the Activity sheet the
portfolio per salesperson beside each one's activity index; LibreOffice recalculates the
workbook with no error cell and the values Python cached.

The deals are ``tests/method/test_deals.py``'s nine, counted by hand there.
"""

import datetime as dt

import openpyxl
import pytest

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import error_cells, formula_mismatches, table
from tests.method.test_deals import salesforce_csv
from xlsales.app.report import make_report

LEDGER = (
    "Code client;Date facture;Montant HT;Famille;Segment;Commercial\n"
    "C1;15/03/2024;1 000,00;Conseil;PME;Élodie Martin\n"
    "C1;15/03/2025;1 200,00;Conseil;PME;Élodie Martin\n"
    "C2;10/02/2024;500,00;Matériel;ETI;Bob\n"
    "C2;10/02/2025;-50,00;Matériel;ETI;Bob\n"
    "C3;20/12/2025;300,00;Matériel;ETI;Bob\n"
    "C4;01/07/2025;900,00;Conseil;PME;Alice\n"
    "C5;01/01/2024;700,00;Conseil;ETI;Alice\n"
    "C5;01/12/2025;800,00;Matériel;ETI;Alice\n"
)
TEAM = "Commercial;Quantité;Orientation;Efficacité\nAlice;7;6;5\nBob;5;5;4\n"


def _report(tmp_path, lang="en"):
    ledger = tmp_path / "ventes.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    team = tmp_path / "equipe.csv"
    team.write_text(TEAM, encoding="utf-8")
    out = tmp_path / f"plan-{lang}.xlsx"
    report = make_report(ledger, out, team=team, deals=salesforce_csv(tmp_path),
                         today=dt.date(2026, 1, 15), lang=lang)
    return report, out


def _find(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on {sheet.title}")


def test_the_funnel_and_the_team_blocks_hold_the_hand_counted_figures(tmp_path):
    report, out = _report(tmp_path)
    assert report.year == 2025
    book = openpyxl.load_workbook(out, data_only=True)
    funnel = [(row["Stage"], row["Count"]) for row in table(book, "tblFunnel")]
    assert funnel == [("Prospecting", 9), ("Qualification", 8),
                      ("Proposal/Price Quote", 7), ("Clients", 4)]
    sheet = book["Funnel"]
    rate = _find(sheet, "Win rate")
    assert sheet.cell(rate.row, rate.column + 2).value == pytest.approx(0.6)
    pipeline = _find(sheet, "Weighted pipeline")
    assert sheet.cell(pipeline.row, pipeline.column + 2).value == pytest.approx(4250)
    cycle = _find(sheet, "Average sales cycle of won deals (days)")
    assert sheet.cell(cycle.row, cycle.column + 2).value == pytest.approx(30)
    stalled = _find(sheet, "Stalled deals, oldest first")
    assert sheet.cell(stalled.row + 2, 1).value == "Deal B"
    assert sheet.cell(stalled.row + 3, 1).value == "Deal A"
    activity = book["Activity"]
    title = _find(activity, "Portfolio per salesperson")
    rows = {}
    r = title.row + 2
    while activity.cell(r, title.column).value:
        rows[activity.cell(r, title.column).value] = [
            activity.cell(r, title.column + j).value for j in range(1, 11)]
        r += 1
    # activity index 7 × 6 × 5 = 210 for Alice, 5 × 5 × 4 = 100 for Bob; Alice's win rate
    # 2/3 and Bob's 1/2 from the deals; Élodie has no activity scores and no deals.
    # Class A (80 % of N's revenue 1200 + 900 + 800 + 300): C1 37.5 %, C4 to 65.6 %, C5
    # reaches 90.6 %: C1, C4 and C5, so Alice has 2 A clients (C4, C5), Élodie 1 (C1).
    assert rows["Alice"][:9] == [210, 1, 2, 0, 1, 700, 1700, 0, 2]
    assert rows["Élodie Martin"][1:9] == [1, 1, 0, 0, 1000, 1200, 0, 1]
    assert rows["Alice"][9] == pytest.approx(2 / 3)
    assert rows["Bob"][:8] == [100, 1, 1, 1, 1, 500, 300, 1]
    assert rows["Élodie Martin"][0] in (None, "")


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_report_with_no_error_cell(tmp_path):
    require_libreoffice()
    _, out = _report(tmp_path, "fr")
    fresh = recalculate(out, tmp_path / "recalc")
    assert error_cells(openpyxl.load_workbook(fresh, data_only=True)) == []
    count, bad = formula_mismatches(str(out), str(fresh))
    assert count > 0 and bad == []


def test_the_command_line_reads_the_deals_and_shows_them(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from tests.harness.fakes import fake_writer
    from xlsales.app.cli import app

    calls = fake_writer(monkeypatch)
    ledger = tmp_path / "ventes.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    args = ["report", str(ledger), "-o", str(tmp_path / "plan.xlsx"), "--today",
            "2026-01-15", "--deals", str(salesforce_csv(tmp_path))]
    env = {"COLUMNS": "200", "XLSALES_LANG": "en"}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "60.0%" in out and "3 won / 2 lost" in out
    assert "Weighted pipeline" in out and "4,250" in out
    assert "Portfolio per salesperson" in out and "Élodie Martin" in out
    (call,) = calls.writes
    assert call["data"].funnel["count"].tolist() == [9, 8, 7, 4]
    # --accounts is a FEC's option: refused, with why, on another export
    refused = CliRunner().invoke(app, [*args, "--accounts", "70", "--force"], env=env)
    assert refused.exit_code == 1
    assert "--accounts chooses the revenue accounts of a FEC" in refused.stderr

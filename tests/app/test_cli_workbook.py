"""The command line writing real workbooks: a report recalculated by LibreOffice, the
Issues sheet, injected text, the demo and the template (the writer is not faked here)."""

import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import error_cells, named
from xlsales.app.cli import app

RUNNER = CliRunner()


def _ledger(path):
    # Two years, four clients; a formula-looking client code; one unreadable amount.
    # 2024: C1 100, C2 50, C3 30          2025: C1 120, C3 40, "=cmd|' /C calc'!A0" 10
    lines = [
        "Code client;Date facture;Montant HT;Segment;Famille;Nom client",
        "C1;15/03/2024;100,00;Industrie;P1;Alpha",
        "C2;15/03/2024;50,00;BTP;P1;Beta",
        "C3;15/03/2024;30,00;BTP;P2;Gamma",
        "C1;15/03/2025;120,00;Industrie;P1;Alpha",
        "C3;15/12/2025;40,00;BTP;P2;Gamma",
        "=cmd|' /C calc'!A0;15/06/2025;10,00;BTP;P2;-Delta",
        "C4;15/06/2025;abc;BTP;P2;Epsilon",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


@pytest.mark.libreoffice
def test_a_report_opens_in_libreoffice_with_the_figures_by_hand(tmp_path):
    require_libreoffice()
    out = tmp_path / "plan.xlsx"
    result = RUNNER.invoke(app, ["report", str(_ledger(tmp_path / "ventes.csv")), "-o",
                                 str(out), "--skip-bad-rows", "--today", "2026-03-10",
                                 "--quiet", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True)
    assert error_cells(book) == []
    # N-1 = 2024: C1, C2, C3 (3 clients); lost C2; new "=cmd..."; churn 1 / 3
    assert named(book, "fig_churn_rate") == pytest.approx(1 / 3)
    with zipfile.ZipFile(out) as archive:  # the template's charts came along
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())


def test_left_out_lines_are_listed_in_an_issues_sheet(tmp_path):
    out = tmp_path / "plan.xlsx"
    RUNNER.invoke(app, ["report", str(_ledger(tmp_path / "ventes.csv")), "-o", str(out),
                        "--skip-bad-rows", "--today", "2026-03-10", "--quiet"])
    sheet = openpyxl.load_workbook(out)["Issues"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=5)]
    assert rows[0] == ["File", "Line", "Column", "Value", "Problem"]
    assert rows[1] == ["ventes.csv", 8, "Montant HT", "abc", "'abc' is not a number"]


def test_text_that_looks_like_a_formula_lands_as_text(tmp_path):
    out = tmp_path / "plan.xlsx"
    RUNNER.invoke(app, ["report", str(_ledger(tmp_path / "ventes.csv")), "-o", str(out),
                        "--skip-bad-rows", "--today", "2026-03-10", "--quiet"])
    cells = [cell for row in openpyxl.load_workbook(out)["Clients"].iter_rows()
             for cell in row if cell.value in ("=cmd|' /C calc'!A0", "-Delta")]
    assert len(cells) == 2 and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("args", [["demo"], ["template", "--empty"], ["template"]])
def test_demo_and_template_write_every_sheet(tmp_path, args):
    out = tmp_path / "book.xlsx"
    result = RUNNER.invoke(app, [*args, "-o", str(out), "--quiet", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names[:4] == ["Guide", "Clients", "Portefeuille", "Cohortes"] and len(names) == 15
    assert "Ventes" in names

"""`xlsales report` on a three-year export: the cohorts measured, the projection on the
measured churn, said in the terminal (tests/harness/cohort_ledger.py, worked out by hand).
"""

from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.harness.cohort_ledger import cohort_lines
from tests.harness.workbook import named
from xlsales.app.cli import app

RUNNER = CliRunner()


def _export(path):
    """The ledger as a French export: ';', decimal comma, day-first dates."""
    lines = cohort_lines()
    rows = ["Code client;Date facture;Montant HT;Produit"] + [
        f"{c};{d:%d/%m/%Y};{a:.2f}".replace(".", ",") + f";{p}"
        for c, d, a, p in zip(lines["client"], lines["date"], lines["amount"],
                              lines["product"], strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="cp1252")
    return path


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_runs_the_projection_on_the_measured_churn(tmp_path, lang):
    ledger, output = _export(tmp_path / "ventes.csv"), tmp_path / "plan.xlsx"
    done = RUNNER.invoke(app, ["report", str(ledger), "-o", str(output), "--lang", lang,
                               "--today", "2024-02-01"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    if lang == "en":
        assert ("Churn rate 33.3% (measured on your cohorts 2021–2023; this year's count "
                "40.0%): 3 new clients a year hold the portfolio.") in said
        assert "Measured churn 33.3% a year (2021–2023): above the method's 10–15%." in said
        assert "half the clients are gone in 1.7 years" in said
    else:
        assert ("Taux d'attrition 33,3 % (d'après vos cohortes 2021–2023 ; décompte de "
                "l'année 40,0 %) : 3 nouveaux clients par an") in said.replace("\u00a0", " ")
    book = openpyxl.load_workbook(output, data_only=True)
    assert named(book, "fig_new_clients_needed") == 3
    assert named(book, "xls_cohort_churn") == pytest.approx(1 / 3)
    assert named(book, "xls_cohort_retention")[1][:5] == ["2021", 4, 1, 0.75, 0.5]

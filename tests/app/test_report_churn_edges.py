"""A report on the two ends of churn: every client of N-1 stopped buying (churn 100 %), and
no client in N-1 at all. Both are real ledgers (a business that changed its clientele, a
first year of sales); both must give a report, never an internal error.

The ledgers have several lines per client, credit notes and a partial year after N."""

import math
import re

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import blank, error_cells, named, table
from xlsales.app.cli import app
from xlsales.method import churn
from xlsales.plan import layout

RUNNER = CliRunner()
LINES = [  # client, date, amount (a credit note is a negative line)
    ("C1", "05/02/2024", "1200,00"), ("C1", "17/09/2024", "300,50"),
    ("C2", "11/03/2024", "800,00"), ("C2", "20/11/2024", "-100,00"),
    ("C3", "01/06/2024", "450,00"), ("C3", "02/06/2024", "-50,00"),
    ("C4", "14/01/2025", "900,00"), ("C4", "03/07/2025", "250,00"),
    ("C5", "22/04/2025", "600,00"), ("C5", "30/10/2025", "-50,00"),
    ("C6", "08/01/2026", "75,00"),  # the year after N has begun
]


def _ledger(path):
    rows = ["Code client;Date facture;Montant HT"] + [";".join(line) for line in LINES]
    path.write_text("\n".join(rows) + "\n", encoding="cp1252")
    return path


def _by_pandas(year):
    frame = pd.DataFrame(LINES, columns=["client", "date", "amount"])
    frame["year"] = frame["date"].str[-4:].astype(int)
    frame["amount"] = frame["amount"].str.replace(",", ".").astype(float)
    net = frame[frame["year"] == year].groupby("client")["amount"].sum()
    return set(net[net > 0].index)


def _report(tmp_path, year, lang="en"):
    out = tmp_path / f"plan-{year}-{lang}.xlsx"
    result = RUNNER.invoke(app, ["report", str(_ledger(tmp_path / "ventes.csv")), "-o",
                                 str(out), "--year", str(year), "--today", "2026-03-10",
                                 "--lang", lang], env={"COLUMNS": "200"})
    return result, out


def test_the_ledger_is_what_the_tests_say():
    # 2024: C1, C2, C3; 2025: C4, C5 — nobody of 2024 bought in 2025
    assert _by_pandas(2024) == {"C1", "C2", "C3"} and _by_pandas(2025) == {"C4", "C5"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_client_of_n_1_lost_gives_a_report(tmp_path, lang):
    result, out = _report(tmp_path, 2025, lang)
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output and "erreur interne" not in result.output
    text = re.sub(r" *\n *", " ", result.stdout)  # rich wraps long notes (keep NBSPs)
    if lang == "en":
        assert ("Churn rate 100.0%: all 3 clients of N-1 were lost, and at a churn of 100% "
                "there is no half-life") in text
    else:
        assert "Taux d'attrition 100,0\u00a0% : les 3 clients de N-1 ont tous été perdus" in text
    book = openpyxl.load_workbook(out, data_only=True)  # the values Python cached
    assert named(book, "fig_churn_rate") == 1
    # the core refuses a churn of 1 (a rate is below 1): no half-life, no need, no projection
    with pytest.raises(ValueError, match="below 1"):
        churn.churn_half_life(1.0)
    assert blank(named(book, "fig_half_life"))
    assert blank(named(book, "fig_new_clients_needed"))
    assert all(blank(v) for row in named(book, "fig_projection") for v in row)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_ledger_that_starts_in_n_gives_a_report_with_n_1_blank(tmp_path, lang):
    # the data starts in 2024: 2023 (N-1) has no sale, so nothing can be lost, retained or
    # new; portfolio N stands (3 clients), what needs N-1 is blank with one line naming it
    result, out = _report(tmp_path, 2024, lang)
    assert result.exit_code == 0, result.output
    text = re.sub(r" *\n *", " ", result.stdout)
    if lang == "en":
        assert ("the data has no sales in N-1 (2023), so lost clients, churn, half-life, "
                "new clients needed and the projection are blank") in text
        assert "Churn rate" not in text and "new clients a year" not in text
    else:
        assert "les données n'ont aucune vente en N-1 (2023), donc clients perdus" in text
        assert "Taux d'attrition" not in text
    book = openpyxl.load_workbook(out, data_only=True)  # the values Python cached
    assert named(book, "fig_clients_curr") == len(_by_pandas(2024)) == 3
    for name in ("fig_clients_prev", "fig_lost_clients", "fig_retained_clients",
                 "fig_new_clients", "fig_churn_rate", "fig_half_life",
                 "fig_new_clients_needed", "fig_blank_prev", "fig_negative_prev"):
        assert blank(named(book, name)), name
    assert all(blank(v) for row in named(book, "fig_projection") for v in row)
    assert "2023" in named(book, "fig_period_note")
    # no client is "new" in the Clients table either
    header = layout.CLIENTS.column("status").header(lang)
    status = [row[header] for row in table(book, "tblClients")]
    assert len(status) == 3 and all(blank(s) for s in status)
    actions = [row for row in named(book, "xls_plan_actions") if row[0]]
    assert "(2023)" in actions[1][1] and not re.search(r"\b0\b", actions[1][1])  # no "0 new"


@pytest.mark.libreoffice
def test_libreoffice_computes_the_same_blanks_at_a_churn_of_100_percent(tmp_path):
    require_libreoffice()
    result, out = _report(tmp_path, 2025)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True)
    assert error_cells(book) == []  # LN(0) would be #NUM!
    assert named(book, "fig_churn_rate") == 1
    assert blank(named(book, "fig_half_life"))
    assert blank(named(book, "fig_new_clients_needed"))
    assert all(blank(v) for row in named(book, "fig_projection") for v in row)
    assert not math.isnan(named(book, "fig_clients_curr")) and named(
        book, "fig_clients_curr") == 2


@pytest.mark.libreoffice
def test_libreoffice_leaves_n_1_blank_on_a_ledger_that_starts_in_n(tmp_path):
    require_libreoffice()
    result, out = _report(tmp_path, 2024)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True)
    assert error_cells(book) == []
    assert named(book, "fig_clients_curr") == 3
    for name in ("fig_clients_prev", "fig_lost_clients", "fig_new_clients",
                 "fig_churn_rate", "fig_half_life", "fig_new_clients_needed",
                 "fig_blank_prev"):
        assert blank(named(book, name)), name
    assert all(blank(v) for row in named(book, "fig_projection") for v in row)
    assert "2023" in named(book, "fig_period_note")
    header = layout.CLIENTS.column("status").header("en")
    assert all(blank(row[header]) for row in table(book, "tblClients"))

"""Reports on a ledger whose last year stops on 30 June: N is compared with the same days
of N-1, and every figure of the bridge is what the lines say.

Expected values come from a pandas computation on the generated lines
(``tests.harness.ledgers.mid_year_lines``: several lines and products per client, credit
notes, clients netting to 0 or below) and, for the rolling twelve months, from a ledger
small enough to count by hand. LibreOffice recalculating the workbook must find the same.
"""

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.harness.ledgers import mid_year_csv, mid_year_lines
from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import blank, error_cells, named
from xlsales.app.cli import app

RUNNER = CliRunner()
BRIDGE = ("clients_prev", "revenue_prev", "lost_clients", "lost_revenue_prev",
          "retained_clients", "retained_revenue_prev", "retained_revenue_curr",
          "new_clients", "new_revenue_curr", "clients_curr", "revenue_curr")


def _net(lines, start, end):
    """Per client, the net of its lines from start to end (both included)."""
    frame = pd.DataFrame(lines, columns=["client", "name", "date", "amount", "segment",
                                         "product", "margin"])
    inside = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    return inside.groupby("client")["amount"].sum()


def _bridge(prev_net, curr_net):
    """The bridge counted from two nets per client: a client of a window nets above 0."""
    prev, curr = prev_net[prev_net > 0], curr_net[curr_net > 0]
    lost = prev.index.difference(curr.index)
    kept = prev.index.intersection(curr.index)
    new = curr.index.difference(prev.index)
    return {"clients_prev": len(prev), "revenue_prev": prev.sum(),
            "lost_clients": len(lost), "lost_revenue_prev": prev[lost].sum(),
            "retained_clients": len(kept), "retained_revenue_prev": prev[kept].sum(),
            "retained_revenue_curr": curr[kept].sum(), "new_clients": len(new),
            "new_revenue_curr": curr[new].sum(), "clients_curr": len(curr),
            "revenue_curr": curr.sum()}


def _ytd_expected():
    lines = mid_year_lines()
    return _bridge(_net(lines, dt.date(1997, 1, 1), dt.date(1997, 6, 30)),
                   _net(lines, dt.date(1998, 1, 1), dt.date(1998, 6, 30)))


def _run(tmp_path, *options, lang="en", name="plan.xlsx", ledger=None):
    out = tmp_path / name
    source = ledger or mid_year_csv(tmp_path)
    result = RUNNER.invoke(app, ["report", str(source), "-o", str(out), "--today",
                                 "1998-07-10", "--lang", lang, "--force", *options],
                           env={"COLUMNS": "200"})
    return result, out


def _text(result):
    return re.sub(r" *\n *", " ", result.stdout)


def test_the_generated_ledger_has_what_the_tests_need():
    lines = mid_year_lines()
    curr = _net(lines, dt.date(1998, 1, 1), dt.date(1998, 6, 30))
    prev = _net(lines, dt.date(1997, 1, 1), dt.date(1997, 6, 30))
    assert max(line[2] for line in lines) == dt.date(1998, 6, 30)
    assert curr["Z001"] == 0 and curr["Z002"] < 0 and prev["Z003"] == 0 and prev["Z004"] < 0
    assert "LATE" not in prev.index  # it bought in September 1997: outside N-1's days
    expected = _ytd_expected()
    assert min(expected[k] for k in ("lost_clients", "retained_clients", "new_clients")) > 3
    # the whole of 1997 would not be the same days: more clients and revenue in N-1
    whole = _net(lines, dt.date(1997, 1, 1), dt.date(1997, 12, 31))
    assert (whole > 0).sum() > expected["clients_prev"]


@pytest.mark.parametrize("options", [("--period", "ytd"), ("--year", "1998")])
def test_a_year_stopping_on_30_june_is_compared_with_the_same_days(tmp_path, options):
    result, out = _run(tmp_path, *options)
    assert result.exit_code == 0, result.output
    assert "Action plan 1998: 1 Jan – 30 Jun 1998 against 1 Jan – 30 Jun 1997" in result.stdout
    book = openpyxl.load_workbook(out, data_only=True)
    for field, value in _ytd_expected().items():
        assert named(book, f"fig_{field}") == pytest.approx(value, abs=1e-6), field
    line = "Period compared: 1 Jan – 30 Jun 1998 against 1 Jan – 30 Jun 1997"
    for sheet in ("Portfolio", "ABC", "Plan", "Clients"):
        assert book[sheet]["A3"].value == line, sheet


def test_the_french_title_and_sheets_say_the_days_in_french(tmp_path):
    result, out = _run(tmp_path, "--period", "ytd", lang="fr")
    assert result.exit_code == 0, result.output
    period = "1er janv. – 30 juin 1998 comparé au 1er janv. – 30 juin 1997"
    assert f"Plan d'action 1998 : {period}" in result.stdout
    book = openpyxl.load_workbook(out, data_only=True)
    assert book["Portefeuille"]["A3"].value == f"Période comparée : {period}"
    assert book["Plan d'action"]["A3"].value == f"Période comparée : {period}"


# A ledger small enough to count by hand, for the twelve months to 31 March 1998:
# N = 1 Apr 1997 – 31 Mar 1998, N-1 = 1 Apr 1996 – 31 Mar 1997.
HAND = [
    ("A", "10/05/1996", "100,00"), ("A", "01/06/1997", "200,00"),   # retained 100 → 200
    ("B", "31/03/1997", "300,00"),                                  # N-1's last day: lost
    ("C", "31/03/1998", "50,00"), ("C", "01/04/1998", "999,00"),    # N's last day; after
    ("D", "31/03/1996", "700,00"), ("D", "01/04/1997", "80,00"),    # before N-1; N's first
    ("E", "15/01/1997", "400,00"), ("E", "01/02/1997", "-400,00"),  # N-1 nets 0
    ("E", "01/12/1997", "60,00"),                                   # so E is new in N
    ("F", "24/12/1996", "250,00"), ("F", "11/11/1997", "-30,00"),   # lost; N below 0
]
# By hand: N-1 clients A 100, B 300, F 250 (3, 650); N clients A 200, C 50, D 80, E 60
# (4, 390); lost B and F (2, 550); retained A (100 → 200); new C, D, E (3, 190).
HAND_BRIDGE = {"clients_prev": 3, "revenue_prev": 650, "lost_clients": 2,
               "lost_revenue_prev": 550, "retained_clients": 1, "retained_revenue_prev": 100,
               "retained_revenue_curr": 200, "new_clients": 3, "new_revenue_curr": 190,
               "clients_curr": 4, "revenue_curr": 390}


def _hand_ledger(folder):
    path = folder / "douze-mois.csv"
    rows = ["Code client;Date facture;Montant HT"] + [";".join(line) for line in HAND]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_twelve_months_to_a_date_against_the_twelve_before_by_hand(tmp_path):
    result, out = _run(tmp_path, "--period", "12m", "--to", "1998-03-31",
                       ledger=_hand_ledger(tmp_path))
    assert result.exit_code == 0, result.output
    assert ("Action plan 1998: 1 Apr 1997 – 31 Mar 1998 against 1 Apr 1996 – 31 Mar 1997"
            in result.stdout)
    book = openpyxl.load_workbook(out, data_only=True)
    for field, value in HAND_BRIDGE.items():
        assert named(book, f"fig_{field}") == pytest.approx(value), field
    assert named(book, "fig_churn_rate") == pytest.approx(2 / 3)
    # F's -30 in N: one client outside portfolio N, beside the 4 of the ABC table
    assert named(book, "fig_abc_outside_clients") == 1
    assert named(book, "fig_abc_outside_revenue") == pytest.approx(-30)


def test_abc_and_portfolio_count_the_same_clients_n(tmp_path):
    result, out = _run(tmp_path, "--period", "ytd")
    assert result.exit_code == 0, result.output
    curr = _net(mid_year_lines(), dt.date(1998, 1, 1), dt.date(1998, 6, 30))
    book = openpyxl.load_workbook(out, data_only=True)
    total = named(book, "fig_abc_summary")[3]  # row Total: clients, share, revenue...
    assert total[0] == named(book, "fig_clients_curr") == (curr > 0).sum()
    assert total[2] == pytest.approx(curr[curr > 0].sum())
    assert named(book, "fig_abc_outside_clients") == (curr <= 0).sum() >= 2  # Z001, Z002
    assert named(book, "fig_abc_outside_revenue") == pytest.approx(curr[curr <= 0].sum())
    text = _text(result)
    outside = re.search(r"Not in portfolio N: net revenue 0 or below │ +(\d+)", text)
    assert outside and int(outside.group(1)) == (curr <= 0).sum()
    assert re.search(rf"Total +│ +{(curr > 0).sum()} ", text)


@pytest.mark.parametrize(("options", "words"), [
    (("--year", "1995"), ["1995", "1996, 1997, 1998", "to 1998-06-30",
                          min(line[2] for line in mid_year_lines()).isoformat()]),
    (("--period", "ytd", "--to", "1998-12-31"), ["1998-12-31", "1996, 1997, 1998"]),
])
def test_a_period_the_data_cannot_serve_names_it_and_the_years_covered(tmp_path, options,
                                                                        words):
    result, out = _run(tmp_path, *options)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not out.exists()
    for word in words:
        assert word in result.output


def test_to_goes_with_a_rolling_period(tmp_path):
    result, _ = _run(tmp_path, "--to", "1998-06-30")
    assert result.exit_code == 2
    assert "--period ytd" in result.output


@pytest.mark.libreoffice
def test_libreoffice_finds_the_same_bridge_and_abc_counts(tmp_path):
    require_libreoffice()
    result, out = _run(tmp_path, "--period", "ytd")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True)
    assert error_cells(book) == []
    for field, value in _ytd_expected().items():
        assert named(book, f"fig_{field}") == pytest.approx(value, abs=1e-6), field
    curr = _net(mid_year_lines(), dt.date(1998, 1, 1), dt.date(1998, 6, 30))
    assert named(book, "fig_abc_summary")[3][0] == (curr > 0).sum()
    assert named(book, "fig_abc_outside_clients") == (curr <= 0).sum()
    assert blank(named(book, "fig_period_note"))

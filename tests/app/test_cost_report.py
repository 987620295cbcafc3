"""``xlsales report LEDGER --activities FILE --hourly-cost 60``: the cost to serve in the
terminal, on the ten clients of ``tests/harness/cost_case.py`` worked out by hand.

Hourly cost 60, visit cost 30 (see tests/method/test_cost_to_serve.py for each client):
A 3 clients, margin 17 400, 7 h, cost 480, ratio 36.25, 46.7 % of the time, 81.1 % of
the margin; B 3, 3 200, 2.5 h, 150, 21.3, 16.7 %, 14.9 %; C 4, 850 (C10's revenue stands
for its margin), 5.5 h, 420, 2.0, 36.7 %, 4.0 %; total 21 450, 15 h, 1 050, 20.4.
"""

from typer.testing import CliRunner

from tests.harness.cost_case import activities_csv, ledger_csv
from tests.harness.fakes import fake_writer
from xlsales.app.cli import app
from xlsales.common.text import NARROW_NBSP as NBSP  # French thousands


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args],
                              env={"COLUMNS": "220", "XLSALES_LANG": "en"})


def _files(tmp_path):
    ledger_csv(tmp_path / "ventes.csv")
    activities_csv(tmp_path / "activites.csv")
    return tmp_path / "ventes.csv", tmp_path / "activites.csv"


def test_the_terminal_shows_the_hand_figures_per_class(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    ledger, activities = _files(tmp_path)
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", "--today", "2026-03-10",
                  "--activities", activities, "--hourly-cost", "60", "--visit-cost", "30",
                  "--lang", "en")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Cost to serve: value created / resources invested (at 60 an hour)" in out
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in out.splitlines()
            if line.startswith("│") and line.split("│")[1].strip() in ("A", "B", "C", "Total")
            and len(line.split("│")) == 10}
    # ratio 36.25, rounded half away from zero as Excel's ROUND and common.text do
    assert rows["A"] == ["3", "17,400", "7.0", "480", "36.3", "46.7%", "81.1%"]
    assert rows["B"] == ["3", "3,200", "2.5", "150", "21.3", "16.7%", "14.9%"]
    assert rows["C"] == ["4", "850 *", "5.5", "420", "2.0", "36.7%", "4.0%"]
    assert rows["Total"] == ["10", "21,450 *", "15.0", "1,050", "20.4", "100.0%", "100.0%"]
    assert "Served at a loss: C07 (margin 250, cost 300)." in out
    assert "A clients with no activity in the period: C03." in out
    assert "Serving C clients remotely would free 4.5 h (2 clients)." in out
    assert "Prospect Omega (1.0 h), counted apart." in out
    assert "Activities outside N (2025) left out: 1." in out
    # Alice: C01, C04, C06, C10 = 6.5 h, 450, 11 500 / 450 = 25.6; Bruno 8.5 h, 600, 12.4
    assert "Per salesperson: Alice 6.5 h, 450, 25.6; Bruno 8.5 h, 600, 12.4." in out


def test_the_french_terminal_writes_french_figures(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    ledger, activities = _files(tmp_path)
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", "--today", "2026-03-10",
                  "--activities", activities, "--hourly-cost", "60", "--visit-cost", "30",
                  "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    assert "Coût de service : valeur créée / ressources investies (60 de l'heure)" in \
        result.stdout
    assert f"21{NBSP}450 *" in result.stdout and "46,7" in result.stdout
    assert "Servi à perte : C07 (marge 250, coût 300)." in result.stdout


def test_an_unreadable_duration_is_named_with_its_line(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    ledger, activities = _files(tmp_path)
    text = activities.read_text(encoding="utf-8").replace("1:30", "1:30 environ")
    activities.write_text(text, encoding="utf-8")
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", "--today", "2026-03-10",
                  "--activities", activities, "--lang", "en")
    assert result.exit_code != 0
    said = " ".join((result.stdout + result.stderr).split())
    assert "Durée" in said and "16" in said and "1:30 environ" in said
    assert "Traceback" not in said


def test_without_activities_the_summary_says_what_to_give(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    ledger, _ = _files(tmp_path)
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", "--today", "2026-03-10")
    assert result.exit_code == 0, result.stderr
    assert "No activities given (--activities FILE)." in result.stdout

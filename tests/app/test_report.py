"""The report, phase by phase, on the hand-checked ledger of ``tests/harness/ledgers.py``.

The workbook writer is another branch's work: ``fake_writer`` puts a recording stand-in
in its place (``sys.modules`` through monkeypatch); everything else runs for real.
"""

import datetime as dt
import math

import pandas as pd
import pytest

from tests.harness import ledgers
from tests.harness.fakes import WORKBOOK_BYTES, fake_writer
from tests.harness.labels import check_labels
from xlsales.app.report import BadLines, make_demo, make_report, read_inputs
from xlsales.common.errors import XlsalesError


def _figures(report):
    """The hand-checked figures of the module docstring of tests/harness/ledgers.py."""
    r = report.results
    b = r.bridge
    return {
        "year": report.year,
        "bridge": (b.clients_prev, b.revenue_prev, b.lost_ids, b.lost_revenue_prev,
                   b.retained_ids, b.retained_revenue_prev, b.retained_revenue_curr,
                   b.new_ids, b.new_revenue_curr, b.clients_curr, b.revenue_curr),
        "needed": r.new_clients_needed,
        "abc": r.abc_summary[["clients", "revenue"]].to_dict("index"),
        "fragile": (r.concentration.fragile, r.concentration.fragile_by,
                    r.concentration.dispersion),
        "signals": [tuple(row) for row in r.signals.to_frame()[["Segment", "Product",
                                                               "Signal"]].to_numpy()],
    }


EXPECTED = {
    "year": 2025,
    # 3 clients for 1700 in 2024; C2 lost with 400; C1 + C3 kept (1000 + 300 -> 1400 + 400);
    # C4 + C5 new with 150 + 50; 4 clients for 2000 in 2025
    "bridge": (3, 1700.0, ("C2",), 400.0, ("C1", "C3"), 1300.0, 1800.0, ("C4", "C5"), 200.0,
               4, 2000.0),
    "needed": 2.0,  # ceil(4 x 1/3)
    "abc": {"A": {"clients": 2, "revenue": 1800.0}, "B": {"clients": 1, "revenue": 150.0},
            "C": {"clients": 1, "revenue": 50.0}, "Total": {"clients": 4, "revenue": 2000.0}},
    "fragile": (True, ("top_client_share", "top5_share"), False),
    "signals": [("Industrie", "Équipements", "Winning combination"),
                ("BTP", "Consommables", "Winning combination"),
                ("BTP", "Équipements", "To develop"),
                ("Industrie", "Consommables", "To develop")],
}


def test_french_export_gives_the_figures_worked_out_by_hand(tmp_path):
    report = make_report(ledgers.french_csv(tmp_path), today=ledgers.TODAY)
    assert _figures(report) == EXPECTED
    clients = report.data.clients.set_index("client")
    # C1: margin N = 300 - 20; its main product and segment
    assert clients.loc["C1", ["name", "segment", "product", "margin"]].tolist() == [
        "Alpha", "Industrie", "Équipements", 280.0]
    assert list(report.timings) == ["read", "compute"]  # nothing written without output
    assert report.output is None
    assert report.issues().empty


@pytest.mark.parametrize("write", [ledgers.english_csv, ledgers.workbook])
def test_english_export_and_workbook_give_the_same_plan(tmp_path, write):
    french = make_report(ledgers.french_csv(tmp_path), today=ledgers.TODAY)
    sheet = "ventes" if write is ledgers.workbook else None  # sheet names match loosely
    other = make_report(write(tmp_path), sheet=sheet, today=ledgers.TODAY)
    assert _figures(other) == EXPECTED
    pd.testing.assert_frame_equal(other.data.clients, french.data.clients)


def test_bad_lines_stop_the_report_and_are_all_listed(tmp_path):
    with pytest.raises(BadLines) as caught:
        make_report(ledgers.french_csv(tmp_path, bad=True), today=ledgers.TODAY)
    err = caught.value
    assert isinstance(err, XlsalesError)  # every layer catching XlsalesError shows it
    # the ledger is Windows-1252: the message says so (issue 12 item 9)
    assert err.message() == ("ventes.csv, Date facture, row 10: '31/02/2025' is not a date "
                             "(lines with errors in the file: 3; it was read as cp1252 text: "
                             "if its letters or its € look wrong, give its encoding with "
                             "--encoding)")
    assert err.inputs.bad_line_messages("fr") == [
        "ventes.csv, Date facture, ligne 10 : '31/02/2025' n'est pas une date",
        "ventes.csv, Montant HT, ligne 11 : 'abc' n'est pas un nombre",
        "ventes.csv, Code client, ligne 12 : une valeur est requise",
    ]


def test_bad_lines_skipped_leave_the_figures_and_fill_the_issues(tmp_path):
    report = make_report(ledgers.french_csv(tmp_path, bad=True), today=ledgers.TODAY,
                         skip_bad_rows=True)
    assert _figures(report) == EXPECTED  # C6, C7 and the line without client are left out
    issues = report.issues("fr")
    assert list(issues.columns) == ["file", "line", "column", "value", "problem"]
    assert issues.to_dict("list") == {
        "file": ["ventes.csv"] * 3,
        "line": [10, 11, 12],
        "column": ["Date facture", "Montant HT", "Code client"],
        "value": ["31/02/2025", "abc", None],
        "problem": ["'31/02/2025' n'est pas une date", "'abc' n'est pas un nombre",
                    "une valeur est requise"],
    }
    assert report.issues("en")["problem"].tolist()[1] == "'abc' is not a number"
    skipped = [n for n in report.inputs.ledger.warnings if n.key == "skipped"]
    assert (skipped[0].count, skipped[0].line) == (3, 10)


def test_the_optional_lists_reach_the_plan(tmp_path):
    report = make_report(ledgers.french_csv(tmp_path), today=ledgers.TODAY,
                         clients=ledgers.clients_csv(tmp_path),
                         prospects=ledgers.prospects_csv(tmp_path),
                         team=ledgers.team_csv(tmp_path))
    r = report.results
    clients = report.data.clients.set_index("client")
    assert clients.loc["C1", ["pot_size", "pot_competition", "risk_reliability",
                              "potential_revenue"]].tolist() == [5.0, 4.0, 5.0, 2000.0]
    assert math.isnan(clients.loc["C3", "potential_revenue"])  # left for the manager
    first = report.data.clients.index[report.data.clients["client"] == "C1"][0]
    assert r.share_of_wallet[first] == pytest.approx(0.7)  # 1400 / 2000
    # priorities 1, 3, 5; Amélie 16 days late, Hugo on time, Zoé 70 days late
    assert r.priority.tolist() == [1, 3, 5]
    assert r.next_contact.tolist() == [dt.datetime(2026, 2, 22), dt.datetime(2026, 3, 31),
                                       dt.datetime(2025, 12, 30)]
    assert r.overdue.tolist() == [True, False, True]
    assert r.activity_index.tolist() == [210.0]  # 7 x 5 x 6


def test_year_n_can_be_chosen(tmp_path):
    report = make_report(ledgers.french_csv(tmp_path), year=2024, today=ledgers.TODAY)
    b = report.results.bridge
    # 2024 against 2023: the ledger has no sale in 2023, so N-1 is unknown (not 0 clients):
    # nobody is called new, portfolio N holds C1, C2, C3 (1000 + 400 + 300)
    assert (report.year, b.clients_curr, b.new_ids, b.revenue_curr) == (2024, 3, (), 1700.0)
    assert math.isnan(b.clients_prev) and math.isnan(b.churn_rate)
    assert "2023" in report.results.problems["period"].message("en")


def test_the_workbook_is_written_atomically_with_the_plan_and_its_results(tmp_path,
                                                                         monkeypatch):
    calls = fake_writer(monkeypatch)
    target = tmp_path / "plan.xlsm"
    report = make_report(ledgers.french_csv(tmp_path), target, today=ledgers.TODAY,
                         lang="fr", xlsm=True)
    (call,) = calls.writes
    assert call["data"] is report.data and call["results"] is report.results
    assert (call["lang"], call["xlsm"]) == ("fr", True)
    # the writer wrote a temporary file beside the target, renamed once complete
    assert call["target"].parent == tmp_path and call["target"] != target
    assert target.read_bytes() == WORKBOOK_BYTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsm", "ventes.csv"]
    assert list(report.timings) == ["read", "compute", "write"]
    assert report.output == target


def test_a_writer_failure_leaves_no_file(tmp_path, monkeypatch):
    fake_writer(monkeypatch, fail=RuntimeError("writer crashed"))
    with pytest.raises(RuntimeError):
        make_report(ledgers.french_csv(tmp_path), tmp_path / "plan.xlsx", today=ledgers.TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ventes.csv"]


def test_the_output_is_checked_before_anything_is_read(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    ledger = ledgers.french_csv(tmp_path)
    (tmp_path / "plan.xlsx").write_bytes(b"last week")
    phases = []
    with pytest.raises(XlsalesError) as caught:
        make_report(ledger, tmp_path / "plan.xlsx",
                    progress=lambda phase, done, total: phases.append(phase))
    assert caught.value.problem == "output_exists"
    assert phases == [] and calls.writes == []
    with pytest.raises(XlsalesError) as caught:
        make_report(ledger, ledger, force=True)
    assert caught.value.problem == "output_is_input"
    assert (tmp_path / "plan.xlsx").read_bytes() == b"last week"


def test_progress_follows_the_phases(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    ledger = ledgers.french_csv(tmp_path)
    calls = []
    make_report(ledger, tmp_path / "plan.xlsx", today=ledgers.TODAY,
                progress=lambda *call: calls.append(call))
    assert calls[0] == ("read", 0, None)
    # the reader tells how much of the file it has read, up to all of it (its bytes as
    # UTF-8: "É" is one byte in the Windows-1252 file, two once decoded)
    text = ledger.read_bytes().decode("cp1252").encode("utf-8")
    assert ("read", len(text), len(text)) in calls
    assert calls[-5:] == [("read", 1, 1), ("compute", 0, None), ("compute", 1, 1),
                          ("write", 0, None), ("write", 1, 1)]


def test_read_inputs_keeps_every_bad_line_of_every_file(tmp_path):
    (tmp_path / "equipe.csv").write_text("Commercial;Quantité;Orientation;Efficacité\n"
                                         "Claire;7;5;6\nHugo;sept;5;6\n", encoding="utf-8")
    inputs = read_inputs(ledgers.french_csv(tmp_path, bad=True), team=tmp_path / "equipe.csv")
    rows = inputs.bad_rows()
    assert list(zip(rows["file"], rows["line"], strict=True)) == [
        ("ventes.csv", 10), ("ventes.csv", 11), ("ventes.csv", 12), ("equipe.csv", 3)]
    assert inputs.bad_line_count() == 4
    assert inputs.team.lines["salesperson"].tolist() == ["Claire"]


def test_the_demo_is_a_report_without_files(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    report = make_demo(tmp_path / "demo.xlsx", clients=60, lang="fr")
    assert report.inputs is None and report.issues().empty
    assert list(report.timings) == ["generate", "compute", "write"]
    assert report.results.problems == {}
    assert calls.writes[0]["lang"] == "fr"
    assert (tmp_path / "demo.xlsx").read_bytes() == WORKBOOK_BYTES
    # seeded: the same seed gives the same plan
    again = make_demo(clients=60)
    pd.testing.assert_frame_equal(again.data.clients, report.data.clients)


def test_every_word_exists_in_both_languages():
    from xlsales.app.report import ISSUE_COLUMNS, LABELS, PHASES

    assert set(ISSUE_COLUMNS) | set(PHASES) <= set(LABELS)
    check_labels(LABELS)

"""The command line, in-process with typer's CliRunner and as ``python -m xlsales``.

The workbook writer and the macros are other branches' work: ``tests/harness/fakes.py``
puts recording stand-ins in their place (``sys.modules`` through monkeypatch, or a small
start-up script for the subprocesses); everything else runs for real on the hand-checked
ledger of ``tests/harness/ledgers.py``.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.harness import ledgers
from tests.harness.fakes import WORKBOOK_BYTES, fake_macros, fake_writer
from tests.harness.labels import check_labels
from tests.harness.processes import ctrl_c_as_in_a_terminal
from xlsales.app.cli import app, default_lang
from xlsales.common.errors import XlsalesError
from xlsales.common.text import NARROW_NBSP, NBSP
from xlsales.plan.layout import BUTTONS

ROOT = Path(__file__).resolve().parents[2]
TODAY = ["--today", "2026-03-10"]


def _run(*args, env=None):
    # wide enough that no summary table wraps; no locale decides the language here
    return CliRunner().invoke(app, [str(a) for a in args],
                              env={"COLUMNS": "200", "XLSALES_LANG": "en", **(env or {})})


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


# --- report ------------------------------------------------------------------------------


def test_report_writes_the_workbook_and_prints_the_summary(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    ledger = ledgers.french_csv(tmp_path)
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", *TODAY, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "plan.xlsx").read_bytes() == WORKBOOK_BYTES
    (call,) = calls.writes
    assert (call["lang"], call["xlsm"], call["data"].settings.year_curr) == ("en", False, 2025)
    out = result.stdout
    assert "Action plan 2025 (against 2024)" in out
    # the bridge and the classes worked out in tests/harness/ledgers.py
    assert "Lost clients" in out and "1,700" in out and "2,000" in out
    assert "Churn rate 33.3%: 2 new clients a year hold the portfolio." in out
    assert "Fragile situation" in out
    assert "Weakest step: Negotiation (10.0%)" in out
    assert f"Workbook written: {tmp_path / 'plan.xlsx'}" in out
    assert "Done in" in out and "reading" in out and "writing" in out
    assert result.stderr == ""  # no progress bar outside a terminal


def test_report_in_french(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    result = _run("report", ledgers.french_csv(tmp_path), "-o", tmp_path / "plan.xlsx",
                  *TODAY, "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    assert calls.writes[0]["lang"] == "fr"
    out = result.stdout
    for words in ("Plan d'action 2025 (par rapport à 2024)", "Clients perdus",
                  f"1{NARROW_NBSP}700", f"Taux d'attrition 33,3{NBSP}%", "Situation fragile",
                  "Classeur écrit", "Terminé en"):
        assert words in out
    for english in ("Revenue", "Lost clients", "Workbook written", "Done in"):
        assert english not in out


@pytest.mark.parametrize("kind", ["english", "workbook"])
def test_english_csv_and_a_workbook_sheet(tmp_path, monkeypatch, kind):
    fake_writer(monkeypatch)
    ledger = ledgers.english_csv(tmp_path) if kind == "english" else ledgers.workbook(tmp_path)
    sheet = ["--sheet", "Ventes"] if kind == "workbook" else []
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", *sheet, *TODAY)
    assert result.exit_code == 0, result.stderr
    assert "Retained clients" in result.stdout and "1,800" in result.stdout  # 1400 + 400


def test_columns_named_on_the_command_line(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    ledger = tmp_path / "export.csv"
    ledger.write_text("Cust;When;Value\nA;15/03/2024;100\nA;20/12/2025;250\nB;01/06/2025;50\n",
                      encoding="utf-8")
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", "--client", "Cust",
                  "--date", "When", "--amount", "Value", *TODAY)
    assert result.exit_code == 0, result.stderr
    clients = calls.writes[0]["data"].clients.set_index("client")
    assert clients.loc["A", ["revenue_prev", "revenue_curr"]].tolist() == [100.0, 250.0]


def test_the_optional_lists_and_the_top_priorities(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    result = _run("report", ledgers.french_csv(tmp_path), "-o", tmp_path / "plan.xlsx",
                  "--prospects", ledgers.prospects_csv(tmp_path),
                  "--team", ledgers.team_csv(tmp_path),
                  "--clients", ledgers.clients_csv(tmp_path), *TODAY)
    assert result.exit_code == 0, result.stderr
    data = calls.writes[0]["data"]
    assert (len(data.prospects), len(data.team)) == (3, 1)
    # Amélie Durand 16 days late (priority 1), then Zoé Petit 70 days late (priority 5)
    out = result.stdout
    assert out.index("Amélie Durand") < out.index("Zoé Petit")
    assert "2026-02-22" in out and "2025-12-30" in out


def test_bad_lines_stop_the_report_listed_with_their_line_numbers(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    result = _run("report", ledgers.french_csv(tmp_path, bad=True), "-o",
                  tmp_path / "plan.xlsx", *TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: 3 lines cannot be read:",
        "  ventes.csv, Date facture, row 10: '31/02/2025' is not a date",
        "  ventes.csv, Montant HT, row 11: 'abc' is not a number",
        "  ventes.csv, Code client, row 12: a value is required",
        "Fix them in the file, or rerun with --skip-bad-rows to leave them out (they are "
        "then listed in the workbook).",
    ]
    assert calls.writes == [] and _files(tmp_path) == ["ventes.csv"]


def test_bad_lines_skipped_are_counted_and_shown(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    result = _run("report", ledgers.french_csv(tmp_path, bad=True), "-o",
                  tmp_path / "plan.xlsx", *TODAY, "--skip-bad-rows", "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "lignes en erreur écartées : 3 (la première est la ligne 10)" in out
    assert "Date facture, ligne 10 : '31/02/2025' n'est pas une date" in out
    assert f"1{NARROW_NBSP}800" in out  # the figures of the eight good lines


def test_an_existing_output_is_refused_unless_forced(tmp_path, monkeypatch):
    fake_writer(monkeypatch)
    ledger = ledgers.french_csv(tmp_path)
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"last week")
    result = _run("report", ledger, "-o", target, *TODAY)
    assert result.exit_code == 2
    assert "Usage: xlsales report" in result.stderr
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"last week"
    result = _run("report", ledger, "-o", target, *TODAY, "--force", "--quiet")
    assert (result.exit_code, result.stdout) == (0, "")  # quiet: nothing but errors
    assert target.read_bytes() == WORKBOOK_BYTES


def test_the_output_is_never_the_input(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    ledger = ledgers.workbook(tmp_path, name="plan.xlsx")
    before = ledger.read_bytes()
    result = _run("report", ledger, "-o", ledger, "--force", "--lang", "fr")
    assert result.exit_code == 2
    assert "est aussi une entrée" in result.stderr
    assert ledger.read_bytes() == before and calls.writes == []


@pytest.mark.parametrize(("args", "words"), [
    (["report", "ventes.csv"], "--output"),  # -o is required
    (["report", "nulle-part.csv", "-o", "plan.xlsx"], "nulle-part.csv does not exist"),
    (["report", "ventes.csv", "-o", "plan.xls"], "must end with .xlsx"),
    (["report", "ventes.csv", "-o", "plan.xlsx", "--xlsm"], "must end with .xlsm"),
    (["report", "ventes.csv", "-o", "absent/plan.xlsx"], "does not exist"),
    (["report", "ventes.csv", "-o", "plan.xlsx", "--today", "hier"], "'hier' is not a date"),
    (["report", "ventes.csv", "-o", "plan.xlsx", "--lang", "de"], "'de' is not one of"),
    (["report", "ventes.csv", "-o", "plan.xlsx", "--year", "last"], "--year"),
    (["report", "ventes.csv", "-o", "plan.xlsx", "--prospects", "absent.csv"],
     "--prospects: absent.csv does not exist"),
    (["report", "ventes.csv", "-o", "plan.xlsx", "--colour"], "--colour"),
    (["export"], "export"),
])
def test_usage_errors_exit_2_with_the_usage(tmp_path, monkeypatch, args, words):
    calls = fake_writer(monkeypatch)
    ledgers.french_csv(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = _run(*args)
    assert result.exit_code == 2, result.stdout
    assert "Usage: xlsales" in result.stderr
    assert words in result.stderr
    assert calls.writes == [] and _files(tmp_path) == ["ventes.csv"]


@pytest.mark.parametrize(("args", "message"), [
    (["--amount", "Montant"], "Error: ventes.csv, --amount: no column 'Montant'; columns found: "),
    (["--year", "2030"], "Error: --year: the data has no sales in 2030: it covers "
                         "2024-03-15 to 2025-12-20 (2024, 2025)"),
    (["--sheet", "Ventes"], "Error: ventes.csv, --sheet: no sheet 'Ventes'; sheets found: (CSV)"),
])
def test_data_errors_exit_1_with_the_message(tmp_path, monkeypatch, args, message):
    calls = fake_writer(monkeypatch)
    result = _run("report", ledgers.french_csv(tmp_path), "-o", tmp_path / "plan.xlsx",
                  *TODAY, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr and calls.writes == []


def test_an_internal_error_exits_3_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    fake_writer(monkeypatch, fail=RuntimeError("writer crashed"))
    ledger = ledgers.french_csv(tmp_path)
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", *TODAY)
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "Error: internal error, a bug in xlsales (RuntimeError: writer crashed). Rerun with "
        "--debug to see the traceback, and please report it.")
    assert _files(tmp_path) == ["ventes.csv"]  # the half-written temporary file is gone
    result = _run("report", ledger, "-o", tmp_path / "plan.xlsx", *TODAY, "--debug")
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: writer crashed" in result.stderr


def test_xlsm_writes_the_workbook_with_buttons(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    result = _run("report", ledgers.french_csv(tmp_path), "-o", tmp_path / "plan.xlsm",
                  "--xlsm", *TODAY, "-q")
    assert result.exit_code == 0, result.stderr
    assert calls.writes[0]["xlsm"] is True
    assert (tmp_path / "plan.xlsm").read_bytes() == WORKBOOK_BYTES


# --- demo and template ------------------------------------------------------------------


def test_demo_writes_its_workbook_in_the_current_folder(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    monkeypatch.chdir(tmp_path)
    result = _run("demo", "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    assert _files(tmp_path) == ["xlsales-demo.xlsx"]
    assert calls.writes[0]["lang"] == "fr"
    out = result.stdout
    assert "Démo : plan d'action 2025 d'un distributeur fictif" in out
    for section in ("Portefeuille N-1 → N", "Classes ABC", "Signaux segment × produit",
                    "Entonnoir de prospection", "Priorités"):
        assert section in out
    again = _run("demo")  # a second run does not replace the first one silently
    assert again.exit_code == 2 and "--force" in again.stderr


def test_demo_seed_gives_the_same_data(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    for name in ("a.xlsx", "b.xlsx"):
        assert _run("demo", "-o", tmp_path / name, "--seed", "7", "-q").exit_code == 0
    first, second = (call["data"].clients for call in calls.writes)
    assert first.equals(second)


def test_template_empty_or_with_examples(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    result = _run("template", "-o", tmp_path / "modele.xlsm", "--xlsm", "--empty",
                  "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    assert calls.writes[0] == {"template_data": True}
    written = calls.writes[1]
    assert (written["lang"], written["xlsm"], written["results"]) == ("fr", True, None)
    assert (tmp_path / "modele.xlsm").read_bytes() == WORKBOOK_BYTES
    assert "Classeur écrit" in result.stdout


# --- run ----------------------------------------------------------------------------------


def test_run_passes_the_macro_and_reports_the_backup(tmp_path, monkeypatch):
    calls = fake_macros(monkeypatch)
    book = tmp_path / "plan.xlsx"
    book.write_bytes(WORKBOOK_BYTES)
    result = _run("run", "Refresh_All", book)
    assert result.exit_code == 0, result.stderr
    assert calls.macros == [{"macro": "refresh_all", "path": book, "backup": True,
                             "output": None}]
    assert f"Workbook refreshed (refresh_all): {book}" in result.stdout
    assert f"Previous version kept as {tmp_path / 'plan.bak.xlsx'}" in result.stdout
    result = _run("run", "refresh_abc", book, "-o", tmp_path / "copie.xlsx", "--no-backup")
    assert result.exit_code == 0, result.stderr
    assert calls.macros[1]["output"] == tmp_path / "copie.xlsx"
    assert calls.macros[1]["backup"] is False


def test_run_checks_its_paths_and_names(tmp_path, monkeypatch):
    calls = fake_macros(monkeypatch)
    book = tmp_path / "plan.xlsm"
    book.write_bytes(WORKBOOK_BYTES)
    for args in (["refresh_everything", book], ["refresh_all", tmp_path / "absent.xlsx"],
                 ["refresh_all", book, "-o", tmp_path / "copie.xlsx"],  # .xlsm stays .xlsm
                 ["refresh_all", book, "-o", book]):
        assert _run("run", *args).exit_code == 2, args
    assert calls.macros == []


def test_run_data_error_exits_1(tmp_path, monkeypatch):
    fake_macros(monkeypatch, fail=XlsalesError("tblClients", "missing_column",
                                               value="CA N", found="Client"))
    book = tmp_path / "plan.xlsx"
    book.write_bytes(WORKBOOK_BYTES)
    result = _run("run", "refresh_all", book, "--lang", "fr")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Erreur : tblClients : pas de colonne 'CA N' ; "
                                     "colonnes trouvées : Client")


def test_a_file_that_cannot_be_written_exits_1(tmp_path, monkeypatch):
    fake_macros(monkeypatch, fail=PermissionError(13, "Permission denied", "plan.xlsx"))
    book = tmp_path / "plan.xlsx"
    book.write_bytes(WORKBOOK_BYTES)
    result = _run("run", "refresh_all", book)
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: plan.xlsx: Permission denied"


@pytest.mark.parametrize("lock", ["~$plan.xlsx", ".~lock.plan.xlsx#"])
def test_a_workbook_open_in_excel_is_refused_by_every_command_alike(tmp_path, monkeypatch,
                                                                     lock):
    calls = fake_writer(monkeypatch)
    fake_macros(monkeypatch)
    ledger = ledgers.french_csv(tmp_path)
    book = tmp_path / "plan.xlsx"
    book.write_bytes(b"the plan Excel has open")
    (tmp_path / lock).write_bytes(b"owner")
    said = (f"Error: plan.xlsx is open in Excel or LibreOffice (lock file {lock}): close it "
            "first, or delete the lock file if nobody has it open")
    for args in (["report", ledger, "-o", book, "--force", *TODAY],
                 ["template", "-o", book, "--force"], ["demo", "-o", book, "--force"],
                 ["run", "refresh_all", _source_book(tmp_path), "-o", book, "--force"]):
        result = _run(*args)
        assert (result.exit_code, result.stderr.strip()) == (1, said), args
        assert book.read_bytes() == b"the plan Excel has open", args
    assert calls.writes == [] and calls.macros == []


def _source_book(folder):  # a workbook the run reads, beside the locked output
    source = folder / "source.xlsx"
    source.write_bytes(WORKBOOK_BYTES)
    return source


def test_a_read_only_output_is_not_replaced_even_with_force(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    book = tmp_path / "plan.xlsx"
    book.write_bytes(b"the signed-off plan")
    book.chmod(0o444)
    result = _run("template", "-o", book, "--force", "--lang", "fr")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Erreur : plan.xlsx est en lecture seule : rien n'a été "
                                     "écrit")
    assert book.read_bytes() == b"the signed-off plan" and calls.writes == []


def _size_limited(limit):
    def apply():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("command", ["template", "report"])
def test_a_full_disk_names_the_file_and_changes_nothing(tmp_path, command):
    # The file-size limit stands for a full disk: the real writer's first large write fails.
    ledger = ledgers.french_csv(tmp_path)
    book = tmp_path / "plan.xlsx"
    book.write_bytes(b"last week's plan")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    args = (["template", "-o", book] if command == "template" else
            ["report", ledger, "-o", book, *TODAY])
    child = subprocess.run([sys.executable, "-m", "xlsales", *map(str, args), "--force"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "XLSALES_LANG": "en", "COLUMNS": "200"},
                           preexec_fn=_size_limited(4096))
    assert child.returncode == 1, child.stderr
    assert child.stderr.strip() == ("Error: plan.xlsx cannot be written (File too large): "
                                    "nothing was changed")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- help and language --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["demo", "report", "template", "run"])
def test_every_help_reads_like_a_manual_with_an_example(command):
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert f"  xlsales {command}" in result.stdout  # the example, on its own line


@pytest.mark.parametrize(("environ", "lang"), [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),  # LC_ALL wins
    ({"XLSALES_LANG": "english", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"XLSALES_LANG": "français"}, "fr"),
])
def test_the_default_language_comes_from_the_environment(environ, lang):
    assert default_lang(environ) == lang


def _python(*args, env=None, **options):
    environ = {k: v for k, v in os.environ.items()
               if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "XLSALES_LANG")}
    return subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={**environ, "COLUMNS": "200", **(env or {})},
                          timeout=120, **options)


def test_python_m_xlsales_help_in_both_languages():
    english = _python("-m", "xlsales", "--help")
    assert english.returncode == 0 and "xlsales demo" in english.stdout
    french = _python("-m", "xlsales", "report", "--help", env={"LANG": "fr_FR.UTF-8"})
    assert french.returncode == 0
    assert "Exemple :" in french.stdout and "Lit un grand livre des ventes" in french.stdout


def test_python_m_xlsales_exit_codes(tmp_path):
    ledger = ledgers.french_csv(tmp_path, bad=True)
    assert _python("-m", "xlsales", "report", ledger).returncode == 2  # no -o
    bad = _python("-m", "xlsales", "report", ledger, "-o", tmp_path / "plan.xlsx", *TODAY)
    assert bad.returncode == 1
    assert "row 10: '31/02/2025' is not a date" in bad.stderr
    assert _files(tmp_path) == ["ventes.csv"]


# A start-up script for the subprocesses: the writer stand-in, then the real entry point.
# ``slow`` writes half a workbook, says so in MARKER, and waits to be interrupted.
SHIM = textwrap.dedent("""
    import sys, time, types
    from pathlib import Path

    marker, slow = Path(sys.argv.pop(1)), sys.argv.pop(1) == "slow"

    def write_plan_workbook(data, target, *, lang="en", xlsm=False, results=None, issues=None):
        Path(target).write_bytes(b"PK half")
        marker.touch()
        if slow:
            time.sleep(60)
        Path(target).write_bytes(b"PK whole")

    module = types.ModuleType("xlsales.workbook")
    module.write_plan_workbook = write_plan_workbook
    sys.modules["xlsales.workbook"] = module
    from xlsales.app.cli import main
    main()
""")


def test_python_m_xlsales_writes_and_exits_0(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    done = _python("-c", SHIM, tmp_path / "started", "fast", "report",
                   ledgers.french_csv(tmp_path), "-o", out / "plan.xlsx", *TODAY)
    assert done.returncode == 0, done.stderr
    assert (out / "plan.xlsx").read_bytes() == b"PK whole"
    assert _files(out) == ["plan.xlsx"]


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_kill_while_writing_leaves_no_file(tmp_path, sent, code):
    out = tmp_path / "out"
    out.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", SHIM, str(tmp_path / "started"), "slow", "report",
         str(ledgers.french_csv(tmp_path)), "-o", str(out / "plan.xlsx"), *TODAY],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_as_in_a_terminal)
    deadline = time.monotonic() + 60
    while not (tmp_path / "started").exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert _files(out) != []  # the half workbook is there, under a temporary name
    child.send_signal(sent)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == code
    assert "interrupted; nothing was written." in stderr
    assert _files(out) == []


@pytest.mark.parametrize("table", ["HELP", "LABELS"])
def test_every_word_exists_in_both_languages_with_the_same_blanks(table):
    from xlsales.app import cli

    check_labels(getattr(cli, table))


def test_every_button_is_named_in_the_help():
    # the help lists the buttons by name: each one must be a macro the command accepts
    from xlsales.app import cli

    for button in BUTTONS:
        assert button.macro in cli.HELP["macro"]["en"]
        assert button.macro in cli.HELP["macro"]["fr"]

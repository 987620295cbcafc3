"""``xlsales excel setup`` and ``excel lite``, checked on Linux against folders laid out as a
Windows or a Mac user's would be (the checks read paths; Excel itself is never started)."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import xlsales
from xlsales.app import excel_setup
from xlsales.app.cli import app
from xlsales.app.excel_setup import Environment, check_setup, read_config, write_config

RUNNER = CliRunner()
SHIPPED_ADDIN = Path(excel_setup._xlwings_dir()) / "addin" / "xlwings.xlam"


def _windows(tmp_path: Path, python: str = r"C:\Python312\python.exe") -> Environment:
    return Environment(system="Windows", home=tmp_path / "home", python=Path(python),
                       python_version="3.12.7", python_bits=64,
                       appdata=tmp_path / "AppData" / "Roaming")


def _status(checks, words: str) -> str:
    found = [check.status for check in checks if words in check.text]
    assert len(found) == 1, (words, checks)
    return found[0]


def test_a_new_windows_machine_has_every_step_to_do(tmp_path):
    checks = check_setup(_windows(tmp_path))
    assert _status(checks, "add-in is not installed") == "todo"
    assert _status(checks, "does not set UDF MODULES to xlsales_udfs") == "todo"
    assert _status(checks, r"does not set INTERPRETER_WIN to C:\Python312\python.exe") == "todo"
    assert _status(checks, "Trust access to the VBA project object model") == "todo"
    assert _status(checks, "Import Functions") == "todo"


def test_the_add_in_is_found_and_told_apart_from_another_version(tmp_path):
    env = _windows(tmp_path)
    env.startup_folder.mkdir(parents=True)
    shutil.copyfile(SHIPPED_ADDIN, env.startup_folder / "xlwings.xlam")
    assert _status(check_setup(env), "add-in is in Excel's start-up folder") == "ok"
    (env.startup_folder / "xlwings.xlam").write_bytes(b"an add-in of another xlwings")
    assert _status(check_setup(env), "run 'xlwings addin install' again") == "todo"


def test_the_microsoft_store_python_is_named_as_the_problem(tmp_path):
    store = r"C:\Users\ana\AppData\Local\Microsoft\WindowsApps\python.exe"
    env = _windows(tmp_path, python=store.replace("\\", "/"))
    assert _status(check_setup(env), "Microsoft Store") == "todo"
    assert not [c for c in check_setup(_windows(tmp_path)) if "Microsoft Store" in c.text]


def test_apply_sets_udf_modules_and_the_interpreter_and_keeps_the_rest(tmp_path):
    env = _windows(tmp_path)
    env.config_file.parent.mkdir(parents=True)
    env.config_file.write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n'
                               '"USE UDF SERVER","True"\n', encoding="utf-8")
    write_config(env)
    assert read_config(env.config_file) == {
        "USE UDF SERVER": "True", "UDF MODULES": "xlsales_udfs",
        "INTERPRETER_WIN": r"C:\Python312\python.exe"}
    checks = check_setup(env)
    assert _status(checks, "sets UDF MODULES = xlsales_udfs") == "ok"
    assert _status(checks, "sets INTERPRETER_WIN") == "ok"


def test_udf_modules_may_hold_other_modules_too(tmp_path):
    env = _windows(tmp_path)
    env.config_file.parent.mkdir(parents=True)
    env.config_file.write_text('"UDF MODULES","my_udfs;xlsales_udfs"\n', encoding="utf-8")
    assert _status(check_setup(env), "sets UDF MODULES = my_udfs;xlsales_udfs") == "ok"


def test_a_mac_keeps_its_config_where_xlwings_reads_it(tmp_path):
    env = Environment(system="Darwin", home=tmp_path, python=Path("/usr/local/bin/python3"),
                      python_version="3.12.7", python_bits=64)
    assert env.config_file == (tmp_path / "Library" / "Containers" / "com.microsoft.Excel"
                               / "Data" / "xlwings.conf")
    write_config(env)
    assert read_config(env.config_file)["INTERPRETER_MAC"] == "/usr/local/bin/python3"


def test_the_report_speaks_french(tmp_path):
    checks = check_setup(_windows(tmp_path), "fr")
    assert _status(checks, "Accès approuvé au modèle d'objet du projet VBA") == "todo"
    assert _status(checks, "ne règle pas UDF MODULES à xlsales_udfs") == "todo"


def test_the_command_reports_on_linux_and_applies_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    shown = RUNNER.invoke(app, ["excel", "setup"])
    assert shown.exit_code == 0, shown.output
    assert "Excel is not installed here" in shown.output
    assert not (tmp_path / ".xlwings").exists()
    applied = RUNNER.invoke(app, ["excel", "setup", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert read_config(tmp_path / ".xlwings" / "xlwings.conf")["UDF MODULES"] == "xlsales_udfs"


def test_lite_writes_a_main_py_that_imports_the_formulas_and_buttons(tmp_path):
    done = RUNNER.invoke(app, ["excel", "lite", "-o", str(tmp_path), "--requirement",
                               "https://example.org/xlsales-0.2.0-py3-none-any.whl"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "requirements.txt").read_text() == (
        "https://example.org/xlsales-0.2.0-py3-none-any.whl\n")
    names: dict = {}
    exec((tmp_path / "main.py").read_text(), names)  # as Lite runs it
    assert callable(names["ABC_CLASS"]) and callable(names["xlsales_refresh_all"])


def test_lite_never_replaces_a_users_main_py_without_force(tmp_path):
    (tmp_path / "main.py").write_text("# mine\n")
    refused = RUNNER.invoke(app, ["excel", "lite", "-o", str(tmp_path)])
    assert refused.exit_code == 2
    assert (tmp_path / "main.py").read_text() == "# mine\n"
    assert not (tmp_path / "requirements.txt").exists()
    assert RUNNER.invoke(app, ["excel", "lite", "-o", str(tmp_path), "--force"]).exit_code == 0


@pytest.mark.parametrize("args", [["--version"]])
def test_the_version_is_one(args):
    shown = RUNNER.invoke(app, args)
    assert shown.exit_code == 0
    assert shown.output == f"xlsales {xlsales.__version__}\n"
    assert importlib.metadata.version("xlsales") == xlsales.__version__
    import xlsales_udfs
    assert xlsales_udfs.XLSALES_VERSION() == xlsales.__version__

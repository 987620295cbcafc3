"""Every example the user reads runs: the README's Python session and command lines, and
the example that ends each command's ``--help``, in English and in French.

As typer runs its own documentation's examples: a README or a help text that drifts from
the program fails here. Command lines run in a folder holding the files they name
(``ventes.csv``, ``ventes.xlsx`` with its sheet ``Export``, ``prospects.csv``,
``equipe.csv``, a ``plan.xlsx`` for ``run``), built by tests/harness/ledgers.py.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.harness import ledgers
from xlsales.app import cli_excel
from xlsales.app.cli import HELP, app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ("demo", "report", "template", "run")
RUNNER = CliRunner()


def _fenced(text: str, info: str = "") -> list[str]:
    """The bodies of the ``` blocks whose info string is ``info`` ("" = none)."""
    return re.findall(rf"^```{info}\n(.*?)^```", text, flags=re.M | re.S)


def _command_lines(text: str) -> list[str]:
    """Lines that run xlsales (``xlsales ...``), without their trailing comment."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("xlsales "):
            found.append(line.split("  #")[0].strip())
    return found


def _help_examples() -> list[tuple[str, str]]:
    """(language, command line) of every example in the help texts (``cli.HELP``), read
    from the texts themselves: rich wraps long lines when it prints them."""
    examples = []
    tables = [(HELP, ("app", *COMMANDS)), (cli_excel.HELP, ("setup", "lite")),
              (cli_excel.UPGRADE_HELP, ("upgrade",))]
    for table, key in ((table, key) for table, keys in tables for key in keys):
        for lang, text in table[key].items():
            lines = [line.strip() for line in text.splitlines()
                     if line.startswith("  xlsales ")]
            assert lines or key == "app", f"xlsales {key} --help ({lang}) shows no example"
            examples += [(lang, line) for line in lines]
    return examples


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_help_shows_its_example(lang):
    # the help's language is fixed when the commands are built: a process per language
    heading = {"en": "Example:", "fr": "Exemple :"}[lang]
    for command in COMMANDS:
        shown = subprocess.run([sys.executable, "-m", "xlsales", command, "--help"],
                               cwd=ROOT, capture_output=True, text=True, timeout=60,
                               env={**os.environ, "XLSALES_LANG": lang, "COLUMNS": "100"})
        assert shown.returncode == 0, shown.stderr
        assert heading in shown.stdout, (command, lang, shown.stdout)


README_LINES = sorted({line for block in _fenced(README) for line in _command_lines(block)})
HELP_LINES = sorted(set(_help_examples()))


def test_the_readme_python_session_gives_what_it_shows():
    blocks = _fenced(README, "python")
    assert blocks, "the README has no Python example"
    parser = doctest.DocTestParser()
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README python block {number + 1}", "README.md", 0)
        assert test.examples, "a README Python block without >>> lines is not checked"
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.failures == 0, f"README Python block {number + 1} gives other results"


def test_the_readme_shows_command_lines():
    assert len(README_LINES) >= 6, README_LINES  # the "command line" block at least


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A user's folder holding every file the examples name."""
    ledgers.french_csv(tmp_path, "ventes.csv")
    ledgers.workbook(tmp_path, "ventes.xlsx", sheet="Export")
    ledgers.prospects_csv(tmp_path, "prospects.csv")
    ledgers.team_csv(tmp_path, "equipe.csv")
    ledgers.clients_csv(tmp_path, "clients.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(line: str, folder: Path, lang: str = "en") -> None:
    args = shlex.split(line)[1:]
    plan = Path(args[-1])
    if args[0] in ("run", "upgrade") and not plan.exists():  # a plan to work on, first
        made = RUNNER.invoke(app, ["report", "ventes.csv", "-o", str(plan)]
                             + (["--xlsm"] if plan.suffix == ".xlsm" else []))
        assert made.exit_code == 0, made.output
    # HOME: `excel setup --apply` writes the user's xlwings.conf, here the test's folder
    result = RUNNER.invoke(app, args, env={"XLSALES_LANG": lang, "HOME": str(folder)})
    assert result.exit_code == 0, f"{line}\n{result.output}"
    if "-o" in args:
        written = folder / args[args.index("-o") + 1]
        assert written.stat().st_size > 0 or any(written.iterdir()), line


@pytest.mark.parametrize("line", README_LINES)
def test_each_readme_command_line_runs(line, folder):
    _run(line, folder)


@pytest.mark.parametrize(("lang", "line"), HELP_LINES)
def test_each_help_example_runs(lang, line, folder):
    _run(line, folder, lang)

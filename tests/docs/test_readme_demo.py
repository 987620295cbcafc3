"""The README's demo figures are what ``xlsales demo`` prints (issue 11 item 7).

The README shows an excerpt of the demo's terminal summary; each of its lines must be
found in the program's output, tables' borders and line breaks aside. A README that
drifts from the demo (it once said 1,500 clients where the demo prints 1,345) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from xlsales.app.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _flat(text: str) -> str:
    """Text without table borders, every run of blanks one space."""
    return " ".join(re.sub(r"[│┃┏┓┗┛┡┩└┘┌┐━─┳┻╇╈┼┬┴]", " ", text).split())


def _excerpt() -> list[str]:
    start = README.index("It prints the plan's figures")
    block = re.search(r"^```\n(.*?)^```", README[start:], flags=re.M | re.S)
    assert block, "the README's Start here shows no demo output"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_shows_what_the_demo_prints(tmp_path):
    result = CliRunner().invoke(app, ["demo", "-o", str(tmp_path / "demo.xlsx")],
                                env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    printed = _flat(result.output)
    missing = [line for line in _excerpt() if _flat(line) not in printed]
    assert not missing, f"the README shows figures the demo does not print: {missing}"


def test_the_readme_says_how_many_clients_the_demo_has(tmp_path):
    result = CliRunner().invoke(app, ["demo", "-o", str(tmp_path / "demo.xlsx")])
    clients = re.search(r"Demo data: ([\d,]+) clients", result.output).group(1)
    intro = README[README.index("## Start here"):README.index("```")]
    assert f"{clients} clients" in intro


def test_no_user_text_points_to_a_file_users_lack():
    # the method's page users have is docs/method.md, not the project's private notes
    texts = [README, *(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))]
    from xlsales.workbook import guide

    texts += [v for label in guide.LABELS.values() for v in label.values()]
    assert not [t for t in texts if "METHOD.md" in t or "shared/" in t]
    assert "docs/method.md" in README and (ROOT / "docs" / "method.md").exists()
    assert any("docs/method.md" in v for v in guide.LABELS["method_more"].values())

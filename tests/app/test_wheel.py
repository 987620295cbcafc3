"""The wheel a user installs: built from this tree, installed into a new virtual
environment with pip (its dependencies from the package index, as a user's pip finds
them), and the demo run from it, away from this repository."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import xlsales

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(*args: object, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps",
                 "-q", "-w", out, ROOT, cwd=out)
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("xlsales-*.whl")
    return found


def test_the_wheel_holds_the_package_and_the_excel_modules(wheel):
    assert wheel.name == f"xlsales-{xlsales.__version__}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("xlsales_udfs.py", "xlsales_scripts.py", "xlsales/macros.py",
                   "xlsales/method/abc.py", "xlsales/workbook/writer.py"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/"))]


def test_a_new_venv_with_the_wheel_runs_the_demo(wheel, tmp_path):
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    version = _run(target / "bin" / "xlsales", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"xlsales {xlsales.__version__}", version.stderr
    demo = _run(target / "bin" / "xlsales", "demo", "-o", "demo.xlsx", "--quiet", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert zipfile.is_zipfile(tmp_path / "demo.xlsx")
    formula = _run(python, "-c", "import xlsales_udfs; print(xlsales_udfs.XLSALES_VERSION())",
                   cwd=tmp_path)
    assert formula.stdout.strip() == xlsales.__version__, formula.stderr

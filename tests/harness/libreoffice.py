"""LibreOffice as the independent spreadsheet engine that checks our workbooks.

A workbook we generate carries formulas; LibreOffice recalculates them from scratch and
the tests compare its answers with the Python core's. Two traps, both handled here:
LibreOffice keeps a file's cached values unless its profile sets ``OOXMLRecalcMode`` to 0
(always recalculate), and ``soffice --convert-to`` exits 0 even when it could not load the
file, so the output's existence is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    """LibreOffice could not load or convert a file."""


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """Skip the calling test when LibreOffice is missing, except in CI where it must exist."""
    binary = soffice()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs it")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui); "
                    "CI runs this test")
    return binary


_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale"
 oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>"""


def convert(source: Path, target_ext: str, outdir: Path, *, timeout: float = 600,
            filter_name: str | None = None, locale: str | None = None) -> Path:
    """Open ``source`` in LibreOffice (recalculating every formula) and save it as
    ``target_ext`` ("xlsx", "pdf", ...) in ``outdir``; return the new file's path.
    ``locale`` ("fr-FR") shows numbers and dates as a user of that locale sees them
    (the rendered images of the French workbook); by default LibreOffice's own."""
    binary = soffice()
    if binary is None:
        raise LibreOfficeError("LibreOffice is not installed")
    source = Path(source).resolve()
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{source.stem}.{target_ext}"
    if target.exists():
        target.unlink()
    convert_to = f"{target_ext}:{filter_name}" if filter_name else target_ext
    with tempfile.TemporaryDirectory(prefix="xlsales-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        profile_xml = _PROFILE if locale is None else _PROFILE.replace(
            "</oor:items>", _LOCALE.format(locale=locale))
        (user / "registrymodifications.xcu").write_text(profile_xml, encoding="utf-8")
        done = subprocess.run(
            [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", convert_to, "--outdir", str(outdir), str(source)],
            capture_output=True, text=True, timeout=timeout, check=False)
    if not target.exists() or target.stat().st_size == 0:
        raise LibreOfficeError(
            f"LibreOffice did not convert {source.name} (exit {done.returncode}): "
            f"{done.stdout.strip()} {done.stderr.strip()}")
    return target


def recalculate(source: Path, outdir: Path, *, timeout: float = 600) -> Path:
    """A copy of ``source`` whose cached formula values LibreOffice has just recomputed."""
    return convert(source, "xlsx", outdir, timeout=timeout, filter_name="Calc MS Excel 2007 XML")


def render_pngs(source: Path, outdir: Path, *, dpi: int = 60) -> list[Path]:
    """Each printed page of ``source`` as a PNG (LibreOffice to PDF, then pdftoppm)."""
    pdf = convert(source, "pdf", outdir)
    if shutil.which("pdftoppm") is None:
        raise LibreOfficeError("pdftoppm is not installed (apt-get install poppler-utils)")
    prefix = outdir / source.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True,
                   capture_output=True)
    return sorted(outdir.glob(f"{source.stem}*.png"))

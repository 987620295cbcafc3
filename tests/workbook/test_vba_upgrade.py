"""``xlsales upgrade``: a workbook's embedded xlwings module brought to the installed xlwings.

The old workbook is made by the generator itself with an older xlwings' VBA (the installed
``xlwings.bas`` with its version rewritten to 0.30.0, as an earlier xlwings wrote it), and
the result is read back by readers we did not write: oletools (olevba) for every module's
source, olefile for the compound file, LibreOffice for the whole workbook. xlwings'
``quickstart_standalone.xlsm``, a project saved by Excel, checks the reading of the
records Excel writes.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream
from typer.testing import CliRunner

from tests.harness.libreoffice import convert, require_libreoffice
from xlsales.app.cli import app
from xlsales.common.errors import XlsalesError
from xlsales.plan.analysis import PlanData
from xlsales.workbook import vba_project, vba_upgrade
from xlsales.workbook.writer import workbook_bytes

RUNNER = CliRunner()
XLWINGS = vba_project._xlwings_dir()
INSTALLED = vba_upgrade._version_in((XLWINGS / "xlwings.bas").read_text(encoding="cp1252"))
OLD = "0.30.0"


def _old_xlwings(folder: Path) -> Path:
    """An xlwings folder as an older release had it: its VBA names version 0.30.0."""
    (folder / "addin").mkdir(parents=True)
    text = (XLWINGS / "xlwings.bas").read_text(encoding="cp1252")
    assert text.count(INSTALLED) >= 5  # the constant and the DLL names
    (folder / "xlwings.bas").write_text(text.replace(INSTALLED, OLD), encoding="cp1252")
    shutil.copy(XLWINGS / "addin" / "Dictionary.cls", folder / "addin" / "Dictionary.cls")
    return folder


@pytest.fixture(scope="module")
def old_workbook(tmp_path_factory) -> bytes:
    """A workbook with buttons generated when xlwings 0.30.0 was installed."""
    folder = _old_xlwings(tmp_path_factory.mktemp("xlwings-0.30.0"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vba_project, "_xlwings_dir", lambda: folder)
        return workbook_bytes(PlanData(), xlsm=True)


def _modules(data: bytes) -> dict[str, str]:
    """{module: source} as olevba reads them out of an .xlsm's bytes."""
    parser = VBA_Parser("book.xlsm", data=data)
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist()}


def test_the_old_workbook_is_really_old(old_workbook):
    code = _modules(old_workbook)["xlwings"]
    assert f'XLWINGS_VERSION As String = "{OLD}"' in code
    assert f"xlwings64-{OLD}.dll" in code and f"xlwings64-{INSTALLED}.dll" not in code
    assert vba_upgrade.xlwings_version_of(old_workbook).workbook == OLD


def test_upgrading_replaces_the_xlwings_module_and_nothing_else(old_workbook):
    new, before = vba_upgrade.upgrade_package(old_workbook)
    assert (before.workbook, before.installed) == (OLD, INSTALLED)
    old_modules, new_modules = _modules(old_workbook), _modules(new)
    assert set(new_modules) == set(old_modules)
    code = new_modules["xlwings"]
    assert f'XLWINGS_VERSION As String = "{INSTALLED}"' in code
    assert f"xlwings64-{INSTALLED}.dll" in code and OLD not in code
    installed_text = (XLWINGS / "xlwings.bas").read_text(encoding="cp1252")
    assert code.replace("\r\n", "\n").strip() in installed_text.replace("\r\n", "\n")
    for name, source in old_modules.items():
        if name != "xlwings":
            assert new_modules[name] == source, name
    old_members, new_members = _members(old_workbook), _members(new)
    assert list(new_members) == list(old_members)
    changed = [name for name in old_members if old_members[name] != new_members[name]]
    assert changed == ["xl/vbaProject.bin"]
    assert vba_upgrade.xlwings_version_of(new).current


def test_the_upgraded_project_is_a_sound_compound_file(old_workbook):
    new, _ = vba_upgrade.upgrade_package(old_workbook)
    project = olefile.OleFileIO(_members(new)["xl/vbaProject.bin"],
                                raise_defects=olefile.DEFECT_INCORRECT)
    assert project.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")
    text = bytes(decompress_stream(bytearray(project.openstream("VBA/xlwings").read())))
    assert f'"{INSTALLED}"'.encode() in text  # source from byte 0: no compiled cache left


def test_a_current_workbook_is_left_byte_for_byte(old_workbook):
    new, _ = vba_upgrade.upgrade_package(old_workbook)
    again, before = vba_upgrade.upgrade_package(new)
    assert before.current and again == new


def test_a_project_saved_by_excel_is_read_and_upgraded(tmp_path):
    # quickstart_standalone.xlsm: Excel's own records (references, PROJECTCOMPATVERSION...)
    original = (XLWINGS / "quickstart_standalone.xlsm").read_bytes()
    assert vba_upgrade.xlwings_version_of(original).workbook == INSTALLED
    old_module = vba_project.module_from_export(
        (_old_xlwings(tmp_path) / "xlwings.bas").read_text(encoding="cp1252"))
    downgraded, _ = vba_upgrade.upgrade_package(original, module=old_module)
    assert vba_upgrade.xlwings_version_of(downgraded).workbook == OLD
    upgraded, before = vba_upgrade.upgrade_package(downgraded)
    assert before.workbook == OLD
    first, last = _modules(original), _modules(upgraded)
    assert set(first) == set(last)
    for name in first:
        if name != "xlwings":
            assert last[name] == first[name], name
    assert f'XLWINGS_VERSION As String = "{INSTALLED}"' in last["xlwings"]


def test_a_workbook_without_buttons_is_refused_by_name(tmp_path):
    plain = workbook_bytes(PlanData())
    with pytest.raises(XlsalesError) as refused:
        vba_upgrade.upgrade_package(plain)
    assert refused.value.problem == "no_vba_project"
    assert "VBA" in refused.value.message("en") and "VBA" in refused.value.message("fr")


def test_the_command_keeps_a_backup_and_never_replaces_the_users_copy(old_workbook, tmp_path):
    plan = tmp_path / "plan.xlsm"
    plan.write_bytes(old_workbook)
    mine = tmp_path / "plan.bak.xlsm"
    mine.write_bytes(b"the user's own copy")
    done = RUNNER.invoke(app, ["upgrade", str(plan), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert f"from xlwings {OLD} to {INSTALLED}" in " ".join(done.output.split())
    assert mine.read_bytes() == b"the user's own copy"
    assert (tmp_path / "plan.bak-2.xlsm").read_bytes() == old_workbook
    assert vba_upgrade.xlwings_version_of(plan.read_bytes()).current
    again = RUNNER.invoke(app, ["upgrade", str(plan), "--lang", "fr"])
    assert again.exit_code == 0 and "rien à faire" in again.output
    assert not (tmp_path / "plan.bak-3.xlsm").exists()


def test_the_command_refuses_a_workbook_open_in_excel(old_workbook, tmp_path):
    plan = tmp_path / "plan.xlsm"
    plan.write_bytes(old_workbook)
    (tmp_path / "~$plan.xlsm").write_bytes(b"owner")
    refused = RUNNER.invoke(app, ["upgrade", str(plan)])
    assert refused.exit_code == 1
    assert "open in Excel or LibreOffice" in refused.output
    assert plan.read_bytes() == old_workbook
    assert not list(tmp_path.glob("plan.bak*"))


def test_run_says_when_the_buttons_use_another_xlwings(old_workbook, tmp_path):
    plan = tmp_path / "plan.xlsm"
    plan.write_bytes(old_workbook)
    done = RUNNER.invoke(app, ["run", "refresh_abc", str(plan), "--no-backup", "--lang", "en"])
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())  # the terminal wraps long lines
    assert f"use xlwings {OLD}; the installed xlwings is {INSTALLED}" in said
    assert "Run: xlsales upgrade plan.xlsm" in said


@pytest.mark.libreoffice
def test_libreoffice_reads_the_upgraded_module(old_workbook, tmp_path):
    require_libreoffice()
    new, _ = vba_upgrade.upgrade_package(old_workbook)
    (tmp_path / "plan.xlsm").write_bytes(new)
    ods = convert(tmp_path / "plan.xlsm", "ods", tmp_path / "out")
    with zipfile.ZipFile(ods) as book:
        module = book.read("Basic/VBAProject/xlwings.xml").decode("utf-8")
    assert f"XLWINGS_VERSION As String = &quot;{INSTALLED}&quot;" in module
    assert OLD not in module


def test_run_says_nothing_of_xlwings_when_the_buttons_are_current(tmp_path):
    plan = tmp_path / "plan.xlsm"
    plan.write_bytes(workbook_bytes(PlanData(), xlsm=True))
    done = RUNNER.invoke(app, ["run", "refresh_abc", str(plan), "--no-backup"])
    assert done.exit_code == 0, done.output
    assert "xlsales upgrade" not in done.output

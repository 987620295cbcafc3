"""Writing a file whole or not at all, never over an input (any bytes stand for a workbook)."""

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.harness.processes import ctrl_c_as_in_a_terminal
from xlsales.common.atomic import atomic_output, check_target
from xlsales.common.errors import XlsalesError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def test_the_file_appears_whole_with_no_temporary_left(tmp_path):
    target = tmp_path / "plan.xlsx"
    with atomic_output(target) as temp:
        assert temp.parent == tmp_path and temp.suffix == ".xlsx"  # same folder, same kind
        assert not target.exists()  # nothing under the final name while writing
        temp.write_bytes(b"PK whole workbook")
    assert target.read_bytes() == b"PK whole workbook"
    assert _leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions_not_the_temporary_ones(tmp_path):
    mask = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "plan.xlsx") as temp:
            temp.write_bytes(b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "plan.xlsx").stat().st_mode) == 0o644  # 0666 less 022


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failure_or_ctrl_c_leaves_the_old_file_and_no_temporary(tmp_path, failure):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"last week's plan")
    with pytest.raises(type(failure)), atomic_output(target, force=True) as temp:
        temp.write_bytes(b"half a")
        raise failure
    assert target.read_bytes() == b"last week's plan"
    assert _leftovers(tmp_path) == []


def test_an_existing_output_is_refused_unless_forced(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with pytest.raises(XlsalesError) as caught, atomic_output(target):
        pytest.fail("the block must not run")
    assert caught.value.message() == (f"output: {target} already exists; choose another "
                                      "name, or allow replacing it (--force)")
    assert caught.value.message("fr").startswith(f"output : {target} existe déjà")
    assert target.read_bytes() == b"old"
    with atomic_output(target, force=True) as temp:
        temp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode


def test_a_file_created_meanwhile_is_not_overwritten(tmp_path):
    target = tmp_path / "plan.xlsx"
    with pytest.raises(XlsalesError) as caught, atomic_output(target) as temp:
        temp.write_bytes(b"ours")
        target.write_bytes(b"someone else's")
    assert caught.value.problem == "output_exists"
    assert target.read_bytes() == b"someone else's"
    assert _leftovers(tmp_path) == []


def test_the_output_is_never_an_input_by_any_name(tmp_path, monkeypatch):
    ledger = tmp_path / "ventes.csv"
    ledger.write_bytes(b"Client;Date;Montant\n")
    (tmp_path / "link.csv").symlink_to(ledger)
    os.link(ledger, tmp_path / "hard.csv")
    monkeypatch.chdir(tmp_path)
    for same in (ledger, "ventes.csv", "./sub/../ventes.csv", "link.csv", "hard.csv"):
        with pytest.raises(XlsalesError) as caught:
            check_target(same, inputs=[None, ledger], force=True)
        assert caught.value.problem == "output_is_input", same
    assert ledger.read_bytes() == b"Client;Date;Montant\n"
    assert check_target("plan.xlsx", inputs=[ledger]) == Path("plan.xlsx")


def test_folders_are_checked_before_any_work(tmp_path):
    with pytest.raises(XlsalesError) as caught:
        check_target(tmp_path)
    assert caught.value.problem == "output_is_folder"
    with pytest.raises(XlsalesError) as caught:
        check_target(tmp_path / "missing" / "plan.xlsx")
    assert caught.value.message() == f"output: the folder {tmp_path / 'missing'} does not exist"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(XlsalesError) as caught:
            check_target(folder / "plan.xlsx")
        assert caught.value.problem == "folder_not_writable"
    finally:
        folder.chmod(0o755)


def test_a_process_interrupted_mid_write_leaves_no_file(tmp_path):
    # A child writes half a file and waits; Ctrl-C (SIGINT) arrives while it writes.
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from xlsales.common.atomic import atomic_output
        with atomic_output({str(tmp_path / "plan.xlsx")!r}) as temp:
            temp.write_bytes(b"half")
            Path({str(tmp_path / "started")!r}).touch()
            time.sleep(30)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2],
                             stderr=subprocess.PIPE, preexec_fn=ctrl_c_as_in_a_terminal)
    deadline = time.monotonic() + 20
    while not (tmp_path / "started").exists():
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=20)
    assert child.returncode != 0
    assert b"KeyboardInterrupt" in child.stderr.read()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["started"]


def test_a_backup_takes_a_free_name_and_a_failed_rename_keeps_none(tmp_path, monkeypatch):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"v1")
    (tmp_path / "plan.bak.xlsx").write_bytes(b"the user's copy")
    output = atomic_output(target, force=True, backup=True)
    with output as temp:
        temp.write_bytes(b"v2")
    assert output.backup == tmp_path / "plan.bak-2.xlsx"
    assert [(p.name, p.read_bytes()) for p in sorted(tmp_path.iterdir())] == [
        ("plan.bak-2.xlsx", b"v1"), ("plan.bak.xlsx", b"the user's copy"), ("plan.xlsx", b"v2")]

    def no_space(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    output = atomic_output(target, force=True, backup=True)
    with pytest.raises(OSError) as caught, output as temp:
        temp.write_bytes(b"v3")
    assert str(caught.value) == ("plan.xlsx cannot be written (No space left on device): "
                                 "nothing was changed")
    assert output.backup is None and sorted(p.name for p in tmp_path.iterdir()) == [
        "plan.bak-2.xlsx", "plan.bak.xlsx", "plan.xlsx"]
    assert target.read_bytes() == b"v2"


@pytest.mark.parametrize("lock", ["~$plan.xlsx", ".~lock.plan.xlsx#"])
def test_a_file_open_in_excel_or_libreoffice_is_refused_even_when_forced(tmp_path, lock):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"open in Excel")
    (tmp_path / lock).write_bytes(b"owner")
    with pytest.raises(OSError) as caught:
        check_target(target, force=True)
    assert caught.value.problem == "locked" and lock in str(caught.value)
    assert target.read_bytes() == b"open in Excel"

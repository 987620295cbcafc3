"""Writing an output file whole or not at all, and never over an input.

A sales manager reruns a report into last week's file, or presses Ctrl-C when a large
ledger takes long: a half-written workbook that Excel refuses to open, or a ledger
overwritten by its own report, loses work. So a file xlsales writes goes first to a
temporary file in the target's folder (the same file system, so the final rename is
atomic), is flushed to disk, and only then takes its name with ``os.replace``. On any
failure, Ctrl-C included, the temporary file is removed and the target stays as it was.

Rules:
- The target is checked before any work starts (``check_target``): not a folder, not one
  of the inputs (same path, or the same file through a link), its folder exists and is
  writable, and it does not exist unless ``force``.
- A replaced file keeps its permissions; a new one gets the usual ones (0666 less the
  umask), not the owner-only mode of a temporary file.
- A process killed outright (SIGKILL, power cut) cannot clean up: it may leave a hidden
  ``.<name>.<random>.tmp<suffix>`` beside the target, never a half target.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from xlsales.common.errors import XlsalesError

__all__ = ["atomic_output", "check_target"]

PathLike = str | os.PathLike[str]


def check_target(target: PathLike, *, inputs: Iterable[PathLike | None] = (),
                 force: bool = False) -> Path:
    """The output path, once it is sure it can be written without harm; else the
    ``XlsalesError`` that says why (argument "output")."""
    path = Path(target)
    shown = str(target)
    if path.is_dir():
        raise XlsalesError("output", "output_is_folder", path=shown)
    if any(_same_file(path, Path(source)) for source in inputs if source is not None):
        raise XlsalesError("output", "output_is_input", path=shown)
    folder = path.parent
    if not folder.is_dir():
        raise XlsalesError("output", "no_folder", path=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise XlsalesError("output", "folder_not_writable", path=str(folder))
    if not force and (path.exists() or path.is_symlink()):
        raise XlsalesError("output", "output_exists", path=shown)
    return path


@contextmanager
def atomic_output(target: PathLike, *, inputs: Iterable[PathLike | None] = (),
                  force: bool = False) -> Iterator[Path]:
    """A temporary path to write the whole file to; on leaving the block without an
    error it is synced and renamed to ``target``, otherwise removed.

        with atomic_output("plan.xlsx", inputs=[ledger]) as temp:
            workbook.save(temp)
    """
    inputs = list(inputs)
    path = check_target(target, inputs=inputs, force=force)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.",
                                    suffix=".tmp" + path.suffix)
    os.close(handle)
    temp = Path(name)
    try:
        os.chmod(temp, _mode_for(path))
        yield temp
        _sync(temp)
        # Checked again: another program may have created the target meanwhile.
        check_target(path, inputs=inputs, force=force)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet: compare where they would be
        return a.resolve() == b.resolve()


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def _sync(path: Path) -> None:
    """Push the file's bytes to the disk, so the rename never points at unwritten data."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (POSIX); Windows cannot
    open a folder, and its rename is already recorded by the file system's journal."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)

"""Writing an output file whole or not at all, never over an input, never over a file
xlsales did not write.

A sales manager reruns a report into last week's file, or presses Ctrl-C when a large
ledger takes long: a half-written workbook that Excel refuses to open, or a ledger
overwritten by its own report, loses work. So a file xlsales writes goes first to a
temporary file in the target's folder (the same file system, so the final rename is
atomic), is flushed to disk, and only then takes its name with ``os.replace``. On any
failure, Ctrl-C included, the temporary file is removed and every file stays as it was.
This is the one writer of the package: the reports, the templates and the buttons' saves
all go through ``atomic_output``.

Rules:
- The target is checked before any work starts (``check_target``), and again just before
  the rename: not a folder, not one of the inputs (same path, or the same file through a
  link), its folder exists and is writable, and it does not exist unless ``force``. An
  existing target that Excel or LibreOffice holds open (their lock files ``~$plan.xlsx``
  and ``.~lock.plan.xlsx#`` beside it) or that is read-only is refused even with
  ``force``: the application would overwrite the new file when it saves, and a read-only
  flag says "do not change this file", even to a user the system would let write.
- ``backup=True`` keeps the target's previous version beside it, under the first name not
  taken among ``plan.bak.xlsx``, ``plan.bak-2.xlsx``, ``plan.bak-3.xlsx``...: a file of
  that name may be the user's own copy, so none is ever replaced (the backup is made with
  a hard link or an exclusive create, both of which refuse an existing name). It is made
  after the new file is whole on disk and removed again if the rename then fails, so a
  failed run leaves no backup and no other change.
- Any system error while writing (a full disk, a file-size limit) becomes a
  ``WorkbookFileError`` naming the target: "plan.xlsx cannot be written (No space left on
  device): nothing was changed".
- A replaced file keeps its permissions; a new one gets the usual ones (0666 less the
  umask), not the owner-only mode of a temporary file.
- A process killed outright (SIGKILL, power cut) cannot clean up: it may leave a hidden
  ``.~xlsales-<name>.<random>.tmp<suffix>`` beside the target, never a half target.
"""

from __future__ import annotations

import itertools
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from xlsales.common.errors import XlsalesError
from xlsales.common.file_errors import WorkbookFileError

__all__ = ["TEMPORARY_PREFIX", "AtomicOutput", "atomic_output", "backup_path",
           "backup_paths", "check_target", "lock_file"]

PathLike = str | os.PathLike[str]
TEMPORARY_PREFIX = ".~xlsales-"  # hidden, and the same for every file xlsales writes


def check_target(target: PathLike, *, inputs: Iterable[PathLike | None] = (),
                 force: bool = False) -> Path:
    """The output path, once it is sure it can be written without harm; else the
    ``XlsalesError`` that says why (argument "output"), or the ``WorkbookFileError`` of a
    file open in Excel or LibreOffice ("locked") or read-only ("read_only")."""
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
    lock = lock_file(path)
    if lock is not None:
        raise WorkbookFileError("locked", path, lock.name)
    if path.exists() or path.is_symlink():
        if not force:
            raise XlsalesError("output", "output_exists", path=shown)
        if path.exists() and (not path.stat().st_mode & 0o222
                              or not os.access(path, os.W_OK)):
            raise WorkbookFileError("read_only", path)
    return path


def lock_file(path: PathLike) -> Path | None:
    """The lock file Excel (``~$plan.xlsx``) or LibreOffice (``.~lock.plan.xlsx#``) keeps
    beside a workbook it has open, None when there is none."""
    path = Path(path)
    for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            return lock
    return None


def backup_path(path: PathLike) -> Path:
    """The first name a backup of ``path`` takes: ``plan.xlsm`` → ``plan.bak.xlsm`` (which
    Excel still opens)."""
    path = Path(path)
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def backup_paths(path: PathLike) -> Iterator[Path]:
    """The names a backup of ``path`` may take, in order: ``plan.bak.xlsx``,
    ``plan.bak-2.xlsx``, ``plan.bak-3.xlsx``..."""
    path = Path(path)
    yield backup_path(path)
    for n in itertools.count(2):
        yield path.with_name(f"{path.stem}.bak-{n}{path.suffix}")


class AtomicOutput:
    """The context of ``atomic_output``: entering gives the temporary path to write the
    whole file to; leaving without an error syncs it, keeps the backup (``backup``, then
    the path it took) and renames it to ``target``; leaving with one removes it."""

    def __init__(self, target: PathLike, *, inputs: Iterable[PathLike | None] = (),
                 force: bool = False, backup: bool = False) -> None:
        self.inputs = list(inputs)
        self.force = force
        self.target = check_target(target, inputs=self.inputs, force=force)
        self.keep_backup = backup
        self.backup: Path | None = None
        self._temp: Path | None = None

    def __enter__(self) -> Path:
        path = self.target
        try:
            handle, name = tempfile.mkstemp(dir=path.parent,
                                            prefix=f"{TEMPORARY_PREFIX}{path.stem}.",
                                            suffix=".tmp" + path.suffix)
            os.close(handle)
            self._temp = Path(name)
            os.chmod(self._temp, _mode_for(path))
        except OSError as error:
            self._remove_temp()
            raise _unwritable(path, error) from None
        return self._temp

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if error is not None:
            self._remove_temp()
            if isinstance(error, OSError) and not isinstance(error, WorkbookFileError):
                raise _unwritable(self.target, error) from None
            return  # the error goes on
        try:
            self._commit()
        except BaseException as failure:
            self._remove_temp()
            if self.backup is not None:  # ours, made a moment ago: a failed run keeps none
                self.backup.unlink(missing_ok=True)
                self.backup = None
            if isinstance(failure, OSError) and not isinstance(failure, WorkbookFileError):
                raise _unwritable(self.target, failure) from None
            raise

    def _commit(self) -> None:
        assert self._temp is not None
        _sync(self._temp)
        # Checked again: another program may have created, opened or locked it meanwhile.
        check_target(self.target, inputs=self.inputs, force=self.force)
        if self.keep_backup and self.target.exists():
            self.backup = _keep(self.target)
        os.replace(self._temp, self.target)
        self._temp = None
        _sync_folder(self.target.parent)

    def _remove_temp(self) -> None:
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None


def atomic_output(target: PathLike, *, inputs: Iterable[PathLike | None] = (),
                  force: bool = False, backup: bool = False) -> AtomicOutput:
    """A temporary path to write the whole file to; on leaving the block without an
    error it is synced and renamed to ``target``, otherwise removed. The target is
    checked at once (``check_target``).

        with atomic_output("plan.xlsx", inputs=[ledger]) as temp:
            workbook.save(temp)

        output = atomic_output("plan.xlsm", force=True, backup=True)
        with output as temp:
            temp.write_bytes(data)
        output.backup  # plan.bak.xlsm (or plan.bak-2.xlsm...), None if nothing was kept
    """
    return AtomicOutput(target, inputs=inputs, force=force, backup=backup)


def _keep(path: Path) -> Path:
    """A copy of ``path`` under the first free backup name; an existing file is never
    replaced, even one created between the look and the write."""
    for candidate in backup_paths(path):
        if candidate.exists() or candidate.is_symlink():
            continue
        try:
            os.link(path, candidate)  # the same bytes under a second name: instant, whole
            return candidate
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares): copy the bytes
            pass
        try:
            _copy_new(path, candidate)
        except FileExistsError:
            continue
        return candidate
    raise AssertionError("unreachable")  # backup_paths never ends


def _copy_new(source: Path, target: Path) -> None:
    """``source``'s bytes into a new file ``target`` (created exclusively), synced; on a
    failure the part written is removed."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     _mode_for(source))
    try:
        with open(source, "rb") as src, os.fdopen(handle, "wb") as out:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _unwritable(path: Path, error: OSError) -> WorkbookFileError:
    return WorkbookFileError("unwritable", path, error.strerror or str(error))


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

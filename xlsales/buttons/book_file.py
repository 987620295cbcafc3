"""A workbook file on disk as a ``OpenBook``: what ``xlsales run MACRO WORKBOOK`` works on.

Reading goes through openpyxl (the values Excel last saved, formulas' cached results);
writing never does: ``xlsx_patch`` puts the new values into the original package and
leaves every other byte of it alone (charts, buttons, the VBA project, validations...).

Saving is atomic and all-or-nothing, through the package's one writer
(``common.atomic.atomic_output``): the paths are checked before any work starts, the new
package is written to a temporary file beside the workbook, synced, then moved over it,
so a crash leaves either the old file or the new one. In place, the original is kept as
``plan.bak.xlsm`` (which Excel still opens), or ``plan.bak-2.xlsm``... when that name is
taken: a file xlsales did not write is never replaced. ``backup=False`` keeps none. A run
that fails at any point leaves every file byte-identical and no temporary file behind. A
workbook that Excel or LibreOffice holds open (their lock files ``~$name`` and
``.~lock.name#``) or that is read-only is refused, as ``report`` and ``template`` refuse
it: the application would overwrite our changes when it saves.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.utils.escape import unescape

from xlsales.buttons.book import Anchor, OpenBook, RawTable
from xlsales.buttons.uncomputed import formulas_without_results
from xlsales.buttons.xlsx_patch import Cells, UnsupportedPackage, patch_package
from xlsales.common.a1 import parse_range
from xlsales.common.atomic import atomic_output, backup_path, check_target
from xlsales.common.errors import XlsalesError
from xlsales.common.file_errors import WorkbookFileError
from xlsales.common.unpacked import unpacked_size

__all__ = ["EXTENSIONS", "MAX_UNPACKED", "FileBook", "backup_path"]

EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an encrypted workbook, or the old binary .xls
# The most a workbook may unpack to (``unpacked``: a decompression bomb is refused before
# openpyxl reads it). openpyxl takes about 8 bytes of memory per unpacked byte (the
# 10,000-client template, 11.6 MB unpacked, loads in 170 MB), so 200 MB stays under 2 GB.
MAX_UNPACKED = 200 * 10**6


class FileBook(OpenBook):
    """The workbook at ``path``; ``save`` writes to ``output`` when given (the original is
    then left as it is), else in place, keeping a backup unless ``backup`` is False."""

    def __init__(self, path: str | os.PathLike, *, output: str | os.PathLike | None = None,
                 backup: bool = True) -> None:
        self.path = Path(path)
        self.output = Path(output) if output is not None else None
        self.backup = backup and self.output is None
        self._data = _read(self.path)
        if self.target.suffix.lower() != self.path.suffix.lower():
            raise WorkbookFileError("extension", self.target, self.path.suffix)
        check_target(self.target, force=True,
                     inputs=[self.path] if self.output is not None else [])
        self._book = _load(self._data, self.path)
        self._uncomputed = formulas_without_results(self._data)
        self._staged: dict[str, Cells] = {}

    @property
    def target(self) -> Path:
        return self.output if self.output is not None else self.path

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def uncomputed(self) -> dict[str, set[tuple[int, int]]]:
        return self._uncomputed

    def _raw_table(self, name: str) -> RawTable | None:
        for sheet in self._book.worksheets:
            for table_name, ref in sheet.tables.items():
                if table_name.casefold() != name.casefold():
                    continue
                table = sheet.tables[table_name]
                if table.headerRowCount == 0:
                    raise XlsalesError(name, "no_header")
                first_row, first_col, last_row, last_col = parse_range(ref)
                last_row -= table.totalsRowCount or 0
                cells = [[_shown(v) for v in r] for r in sheet.iter_rows(
                    min_row=first_row, max_row=last_row, min_col=first_col,
                    max_col=last_col, values_only=True)]
                return RawTable(sheet.title, first_row, first_col, cells[0], cells[1:],
                                _rows_below(sheet, parse_range(ref)[2] + 1, first_col,
                                            last_col))
        return None

    def _anchor(self, name: str) -> Anchor | None:
        for key, defined in self._book.defined_names.items():
            if key.casefold() != name.casefold():
                continue
            places = list(defined.destinations)
            if len(places) != 1:
                return None
            # openpyxl leaves a quoted name's doubled apostrophes: 'Plan d''action'!$B$2
            sheet, coord = places[0][0].replace("''", "'"), places[0][1]
            if sheet not in self._book.sheetnames:
                return None
            try:
                first_row, first_col, _, _ = parse_range(coord)
            except ValueError:  # a whole column or row, not a block of cells
                return None
            return Anchor(sheet, first_row, first_col)
        return None

    def _read_cells(self, anchor: Anchor, rows: int, cols: int) -> list[list[Any]]:
        sheet = self._book[anchor.sheet]
        return [[_shown(v) for v in r] for r in sheet.iter_rows(
            min_row=anchor.row, max_row=anchor.row + rows - 1, min_col=anchor.column,
            max_col=anchor.column + cols - 1, values_only=True)]

    def _write_grids(self, grids: dict[str, tuple[Anchor, list[list[Any]]]]) -> None:
        # Staged only: nothing reaches the disk before save().
        for anchor, grid in grids.values():
            cells = self._staged.setdefault(anchor.sheet, {})
            for r, row in enumerate(grid):
                for c, value in enumerate(row):
                    cells[(anchor.row + r, anchor.column + c)] = value

    def save(self) -> tuple[Path | None, Path | None]:
        if not self._staged:
            return None, None
        try:
            data, _ = patch_package(self._data, self._staged)
        except UnsupportedPackage as error:
            raise WorkbookFileError("unsupported", self.path, str(error)) from None
        if _read(self.path) != self._data:
            raise WorkbookFileError("changed", self.path)
        output = atomic_output(self.target, force=True, backup=self.backup,
                               inputs=[self.path] if self.output is not None else [])
        with output as temporary:
            temporary.write_bytes(data)
        self._staged = {}
        return self.target, output.backup


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise WorkbookFileError("missing", path)
    if path.suffix.lower() not in EXTENSIONS:
        raise WorkbookFileError("not_workbook", path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise WorkbookFileError("unreadable", path, error.strerror or str(error)) from None
    if data.startswith(_OLE_MAGIC):
        raise WorkbookFileError("encrypted", path)
    size = unpacked_size(data)
    if size > MAX_UNPACKED:
        raise WorkbookFileError("too_large", path, f"{size // 10**6} > {MAX_UNPACKED // 10**6}")
    return data


def _load(data: bytes, path: Path) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl skips: we never save with it
            return openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise WorkbookFileError("unreadable", path, str(error) or type(error).__name__) from None


def _rows_below(sheet: Any, first: int, first_col: int, last_col: int) -> int:
    """How many rows from ``first`` hold values in columns ``first_col`` to ``last_col``,
    up to the first empty one."""
    count = 0
    for row in sheet.iter_rows(min_row=first, max_row=max(first, sheet.max_row),
                               min_col=first_col, max_col=last_col, values_only=True):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            break
        count += 1
    return count


def _shown(value: Any) -> Any:
    """A cell's value as Excel shows it. openpyxl leaves OOXML's escapes of characters XML
    cannot hold in a text (ECMA-376 Part 1, 22.9.2.19: a carriage return is "_x000D_"), so
    a name typed with one would be read, and written back by a macro, as "_x000D_"."""
    return unescape(value) if isinstance(value, str) else value

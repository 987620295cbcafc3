"""How large a zip package (xlsx, xlsm, ods) becomes once unpacked, told before any of it is.

A workbook is a zip archive of XML parts, and XML compresses a thousandfold: a 12 MB
.xlsx can hold a sheet of 3.5 GB, which a reader then tries to hold in memory (a
decompression bomb; python-calamine aborts the process, openpyxl runs for minutes and
raises ``MemoryError``). The archive's central directory declares each member's unpacked
size, so the readers call ``unpacked_size`` first and refuse a package above their limit.

A member may lie about its size, but both readers stop at the declared size: Rust's zip
crate (under python-calamine) fails with "File is larger than its declared uncompressed
size", Python's ``zipfile`` (under openpyxl and ``xlsx_patch``) reads no further and
fails on the CRC; ``tests/hostile/test_hostile_inputs.py`` checks both. So the declared sizes
bound what is ever unpacked.
"""

from __future__ import annotations

import io
import os
import zipfile

__all__ = ["unpacked_size"]


def unpacked_size(source: str | os.PathLike[str] | bytes) -> int:
    """The sum of the sizes a zip package (a path or its bytes) declares for its members;
    0 when it is not a readable zip archive (its reader then says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) \
                as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0

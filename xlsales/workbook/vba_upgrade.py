"""Bring a workbook's buttons to the installed xlwings: its embedded ``xlwings`` module replaced.

A workbook with buttons carries a copy of xlwings' VBA module, and that module names its
DLL by version (``xlwings64-0.37.8.dll``). Once the user upgrades xlwings, the old DLL is
gone and every button of every workbook made before fails with "File not found:
xlwings64-0.37.8.dll". Regenerating the workbook would lose the user's data and edits, so
``upgrade_workbook`` changes exactly one thing: the source of the project's ``xlwings``
module, replaced by the installed xlwings' ``xlwings.bas``. Everything else stays:

- every other member of the workbook's zip package, byte for byte;
- inside ``vbaProject.bin``, every other module's stream, the PROJECT and PROJECTwm
  streams, and the ``dir`` stream's records but the one module offset that changes;
- the ``_VBA_PROJECT`` stream becomes the 7-byte version-independent header, so Excel
  compiles the project from source when it opens the file (a compiled cache — and the
  ``__SRP_`` streams that hold more of it — would still be the old code's; [MS-OVBA]
  2.3.4.1 lets a writer leave the cache out).

The compound file is read with ``olefile`` (the well-kept reader oletools is built on) and
written again by ``vba_project``'s writer; the module stream and ``dir`` stream follow
[MS-OVBA] 2.3.4 and 2.4.1, decompressed here and compressed by ``vba_project.compress``.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import olefile

from xlsales.common.errors import XlsalesError
from xlsales.workbook import vba_project
from xlsales.workbook.vba_project import Module, compress, module_from_export

__all__ = ["ProjectVersion", "decompress", "installed_xlwings_module", "upgrade_package",
           "xlwings_version_of"]

VBA_PART = "xl/vbaProject.bin"
XLWINGS_MODULE = "xlwings"
_VERSION = re.compile(r'XLWINGS_VERSION\s+As\s+String\s*=\s*"([^"]+)"', re.IGNORECASE)
_RECOMPILE = bytes.fromhex("CC61FFFF000100")  # _VBA_PROJECT with no performance cache


@dataclass(frozen=True)
class ProjectVersion:
    """The xlwings a workbook's buttons were made with, and the one installed here."""

    workbook: str | None  # None: the workbook has no xlwings module
    installed: str

    @property
    def current(self) -> bool:
        return self.workbook == self.installed


# --- [MS-OVBA] 2.4.1 decompression ---------------------------------------------------------


def decompress(data: bytes) -> bytes:
    """A CompressedContainer's bytes decompressed ([MS-OVBA] 2.4.1.3.1)."""
    if not data or data[0] != 1:
        raise XlsalesError("vba_project", "vba_damaged")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:  # a raw chunk: 4096 bytes as they are
            out += data[pos:pos + 4096]
            pos += 4096
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", data, pos)[0]
                pos += 2
                bit_count = max((len(out) - chunk_start - 1).bit_length(), 4)
                offset = (token >> (16 - bit_count)) + 1
                length = (token & (0xFFFF >> bit_count)) + 3
                if offset > len(out) - chunk_start:
                    raise XlsalesError("vba_project", "vba_damaged")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# --- the dir stream's records ([MS-OVBA] 2.3.4.2) ------------------------------------------


def _records(data: bytes) -> list[tuple[int, bytes]]:
    records, pos = [], 0
    while pos + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x09:  # PROJECTVERSION: its size field says 4, 6 bytes follow
            size = 6
        records.append((record_id, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def _dir_bytes(records: list[tuple[int, bytes]]) -> bytes:
    out = []
    for record_id, payload in records:
        size = 4 if record_id == 0x09 else len(payload)
        out.append(struct.pack("<HI", record_id, size) + payload)
    return b"".join(out)


@dataclass
class _ModuleEntry:
    name: str
    stream: str
    offset_at: int  # index of its MODULEOFFSET record in the dir records
    offset: int


def _modules(records: list[tuple[int, bytes]], encoding: str) -> list[_ModuleEntry]:
    modules: list[_ModuleEntry] = []
    current: dict = {}
    for index, (record_id, payload) in enumerate(records):
        if record_id == 0x19:  # MODULENAME
            current = {"name": payload.decode(encoding, "replace")}
        elif record_id == 0x1A:  # MODULESTREAMNAME
            current["stream"] = payload.decode(encoding, "replace")
        elif record_id == 0x31:  # MODULEOFFSET
            current["offset_at"], current["offset"] = index, struct.unpack("<I", payload)[0]
        elif record_id == 0x2B and current:  # module terminator
            modules.append(_ModuleEntry(current["name"], current.get("stream", current["name"]),
                                        current["offset_at"], current["offset"]))
            current = {}
    return modules


def _codepage(records: list[tuple[int, bytes]]) -> str:
    for record_id, payload in records:
        if record_id == 0x03:
            return f"cp{struct.unpack('<H', payload)[0]}"
    return "cp1252"


# --- the project ------------------------------------------------------------------------------


class _Project:
    """A ``vbaProject.bin`` read into its streams and its dir stream's records."""

    def __init__(self, data: bytes) -> None:
        try:
            ole = olefile.OleFileIO(io.BytesIO(data))
        except OSError:
            raise XlsalesError("vba_project", "vba_damaged") from None
        with ole:
            self.tree = self._read(ole, [])
            if not ole.exists("VBA/dir"):
                raise XlsalesError("vba_project", "vba_damaged")
            self.records = _records(decompress(ole.openstream("VBA/dir").read()))
        self.encoding = _codepage(self.records)
        self.modules = _modules(self.records, self.encoding)

    @classmethod
    def _read(cls, ole: olefile.OleFileIO, path: list[str]) -> dict[str, object]:
        """{name: bytes for a stream | dict for a storage}, in the file's order."""
        tree: dict[str, object] = {}
        for entry in sorted(ole.listdir(streams=True, storages=True)):
            if entry[:-1] != path:
                continue
            name = entry[-1]
            if ole.get_type("/".join(entry)) == olefile.STGTY_STORAGE:
                if ole.getclsid("/".join(entry)).strip("0-"):
                    # a form's storage: its class id would be lost by our writer
                    raise XlsalesError("vba_project", "vba_forms", value=name)
                tree[name] = cls._read(ole, entry)
            else:
                tree[name] = ole.openstream("/".join(entry)).read()
        return tree

    @property
    def vba(self) -> dict[str, object]:
        return self.tree["VBA"]  # type: ignore[return-value]

    def source(self, module: _ModuleEntry) -> str:
        stream = self.vba[module.stream]
        return decompress(stream[module.offset:]).decode(self.encoding, "replace")

    def module(self, name: str) -> _ModuleEntry | None:
        return next((m for m in self.modules if m.name.lower() == name.lower()), None)

    def replace_source(self, module: _ModuleEntry, text: str) -> None:
        try:
            encoded = text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise XlsalesError("vba_project", "codepage", value=exc.object[exc.start:exc.end],
                               codepage=self.encoding[2:]) from None
        self.vba[module.stream] = compress(encoded)  # no compiled cache: source from byte 0
        self.records[module.offset_at] = (0x31, struct.pack("<I", 0))
        module.offset = 0
        self.vba["dir"] = compress(_dir_bytes(self.records))
        self.vba["_VBA_PROJECT"] = _RECOMPILE
        for name in [n for n in self.vba if n.startswith("__SRP_")]:
            del self.vba[name]

    def to_bytes(self) -> bytes:
        def nodes(tree: dict[str, object]) -> list[vba_project._Node]:
            return [vba_project._Node(name, children=nodes(value)) if isinstance(value, dict)
                    else vba_project._Node(name, data=value) for name, value in tree.items()]
        return vba_project._compound_file(nodes(self.tree))


def installed_xlwings_module() -> Module:
    """The installed xlwings' VBA module, as the workbooks xlsales writes embed it."""
    path = vba_project._xlwings_dir() / "xlwings.bas"
    return module_from_export(path.read_text(encoding="cp1252"))


def _version_in(text: str) -> str | None:
    found = _VERSION.search(text)
    return found.group(1) if found else None


def _project_of(package: zipfile.ZipFile) -> _Project:
    if VBA_PART not in package.namelist():
        raise XlsalesError("workbook", "no_vba_project")
    return _Project(package.read(VBA_PART))


def xlwings_version_of(data: bytes) -> ProjectVersion:
    """Which xlwings the buttons of the workbook ``data`` (an .xlsm's bytes) were made with."""
    installed = _version_in(installed_xlwings_module().code) or "?"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        project = _project_of(package)
    module = project.module(XLWINGS_MODULE)
    return ProjectVersion(_version_in(project.source(module)) if module else None, installed)


def upgrade_package(data: bytes, module: Module | None = None
                    ) -> tuple[bytes, ProjectVersion]:
    """The workbook ``data`` with its xlwings module replaced by ``module`` (default: the
    installed xlwings'), and the versions before. Unchanged bytes when already current."""
    module = module or installed_xlwings_module()
    wanted = _version_in(module.code) or "?"
    source = zipfile.ZipFile(io.BytesIO(data))
    project = _project_of(source)
    entry = project.module(XLWINGS_MODULE)
    if entry is None:
        raise XlsalesError("workbook", "no_xlwings_module")
    before = ProjectVersion(_version_in(project.source(entry)), wanted)
    if before.current:
        return data, before
    named = Module(entry.name, module.kind, module.code, module.attributes)
    project.replace_source(entry, named.source())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            copy.comment = info.comment
            content = project.to_bytes() if info.filename == VBA_PART else source.read(info)
            target.writestr(copy, content)
    return out.getvalue(), before


def read_modules(data: bytes) -> dict[str, str]:
    """{module name: source} of an .xlsm's VBA project (for the summary and the tests)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        project = _project_of(package)
    return {m.name: project.source(m) for m in project.modules}


def upgrade_file(path: Path) -> tuple[bytes, ProjectVersion]:
    """``upgrade_package`` on a file's bytes (the caller writes the result atomically)."""
    return upgrade_package(Path(path).read_bytes())

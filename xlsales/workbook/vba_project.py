"""The VBA project behind the template's buttons, written from the public specifications.

A button in the ``.xlsm`` template calls a VBA sub that hands over to Python through
xlwings' BSD-licensed ``RunPython`` (no licence key involved). XlsxWriter can place the
buttons and add a ``vbaProject.bin``, but it cannot make one, and a binary copied from a
workbook saved by Excel would freeze someone else's code into ours. So this module writes
the project itself:

- the module sources, each compressed as [MS-OVBA] 2.4.1 describes (LZ77 copy tokens within
  4096-byte chunks);
- the ``PROJECT``, ``PROJECTwm``, ``VBA/dir`` and ``VBA/_VBA_PROJECT`` streams of [MS-OVBA]
  2.3, the last one being the 7-byte header with no performance cache, so Excel compiles
  the project from source when it opens the workbook;
- the OLE compound file around them ([MS-CFB] version 3: 512-byte sectors, one FAT, the
  mini stream for streams under 4096 bytes, an all-black directory tree).

``xlsales_vba_project`` assembles our project: ThisWorkbook and one document module per
sheet, xlwings' ``xlwings.bas`` and the ``Dictionary`` class it needs on the Mac (both read
from the installed xlwings, licence headers included, never copied into this repository),
and our ``xlsales`` module with one sub per button of ``layout.BUTTONS``.

Why Excel should accept the result is argued in ``docs/xlsm.md``: the streams, records and
attribute lines follow those of xlwings' ``quickstart_standalone.xlsm``, a source-only
project saved by Excel, and the tests check that claim against that file.
"""

from __future__ import annotations

import importlib.util
import io
import re
import struct
import uuid
from dataclasses import dataclass
from pathlib import Path

from xlsales.common.errors import XlsalesError
from xlsales.plan.layout import BUTTONS
from xlsales.workbook.xlsxwriter_hooks import vba_codename

__all__ = [
    "Module",
    "add_to_workbook",
    "build_vba_project",
    "compress",
    "module_from_export",
    "xlsales_module",
    "xlsales_vba_project",
]

# --- [MS-OVBA] 2.4.1 compression ---------------------------------------------------------

_CHUNK = 4096  # decompressed bytes per chunk
_CHUNK_DATA_MAX = 4096  # compressed bytes a chunk can hold after its 2-byte header


def compress(data: bytes) -> bytes:
    """``data`` as a CompressedContainer ([MS-OVBA] 2.4.1.3.6).

    Each 4096-byte chunk is encoded with literal and copy tokens, the copy token taking the
    longest earlier match within the chunk (the nearest one among equals), as the spec's
    matching algorithm does, except that a match stops growing at the longest length a
    copy token can hold there (the spec measures on, then cuts). A full chunk whose tokens
    would not fit in 4096 bytes is stored raw. The spec pads a short final raw chunk with
    zeros, which would change the text; rather than store that, a final chunk too random
    to compress raises XlsalesError (VBA source never comes near: code repeats itself
    within every few lines).
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        end = min(start + _CHUNK, len(data))
        tokens = _compress_chunk(data, start, end)
        if len(tokens) <= _CHUNK_DATA_MAX:
            out += _chunk_header(len(tokens), compressed=True) + tokens
        elif end - start == _CHUNK:
            out += _chunk_header(_CHUNK, compressed=False) + data[start:end]
        else:
            raise XlsalesError("data", "incompressible", size=end - start)
    return bytes(out)


def _chunk_header(size: int, *, compressed: bool) -> bytes:
    # 12 bits of (chunk size - 3) where the chunk counts its header, signature 0b011, flag
    return struct.pack("<H", (size + 2 - 3) | (0b011 << 12) | (int(compressed) << 15))


def _compress_chunk(data: bytes, start: int, end: int) -> bytearray:
    """The TokenSequences of one chunk: a flag byte, then up to eight tokens."""
    out = bytearray()
    pos = start
    while pos < end:
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= end:
                break
            offset, length, bit_count = _longest_match(data, start, pos, end)
            if length >= 3:
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += struct.pack("<H", token)
                out[flag_at] |= 1 << bit
                pos += length
            else:
                out.append(data[pos])
                pos += 1
    return out


def _longest_match(data: bytes, start: int, pos: int, end: int) -> tuple[int, int, int]:
    """(offset, length, bit count) of the copy token for ``pos``: [MS-OVBA] 2.4.1.3.19."""
    difference = pos - start
    if difference == 0:
        return 0, 0, 0
    # the offset takes ceil(log2(difference)) bits, at least 4; the length the rest
    bit_count = max((difference - 1).bit_length(), 4)
    maximum_length = (0xFFFF >> bit_count) + 3
    best_offset = best_length = 0
    length = 3
    while pos + length <= end:
        # nearest earlier start whose first `length` bytes match; the copy may overlap pos
        found = data.rfind(data[pos:pos + length], start, pos + length - 1)
        if found < 0:
            break
        while (length < maximum_length and pos + length < end
               and data[found + length] == data[pos + length]):
            length += 1
        best_offset, best_length = pos - found, length
        if length == maximum_length:
            break
        length += 1
    return best_offset, best_length, bit_count


# --- [MS-CFB] compound file ---------------------------------------------------------------

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_ENTRIES_PER_SECTOR = _SECTOR // 128
_IDS_PER_SECTOR = _SECTOR // 4
_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5


@dataclass
class _Node:
    """A storage (``children`` is a list) or a stream (``data`` is bytes) in the file."""

    name: str
    data: bytes | None = None
    children: list[_Node] | None = None


def _compound_file(root: list[_Node]) -> bytes:
    """A version 3 compound file holding the tree ``root`` ([MS-CFB] 2.2 to 2.6)."""
    entries: list[tuple[_Node, int]] = [(_Node("Root Entry", children=root), _ROOT)]
    links: dict[int, list[int]] = {}  # entry -> [left, right, child]

    def add(node: _Node) -> int:
        entries.append((node, _STREAM if node.children is None else _STORAGE))
        return len(entries) - 1

    def place(storage: int, children: list[_Node]) -> None:
        # siblings form a binary search tree, all black, shorter names first, then by
        # upper-case code points ([MS-CFB] 2.6.4); a balanced tree keeps look-ups short
        ordered = sorted(children, key=lambda n: (len(n.name), n.name.upper()))
        ids = [add(node) for node in ordered]
        for sid, node in zip(ids, ordered, strict=True):
            links[sid] = [_NOSTREAM, _NOSTREAM, _NOSTREAM]
            if node.children is not None:
                place(sid, node.children)
        links.setdefault(storage, [_NOSTREAM] * 3)[2] = _balance(ids, links)

    place(0, root)

    streams = [(sid, node.data) for sid, (node, kind) in enumerate(entries) if kind == _STREAM]
    small = [(sid, data) for sid, data in streams if len(data) < _MINI_CUTOFF]
    large = [(sid, data) for sid, data in streams if len(data) >= _MINI_CUTOFF]

    mini_fat: list[int] = []
    mini_stream = bytearray()
    start: dict[int, int] = {}
    for sid, data in small:
        start[sid] = _chain(mini_fat, _sectors(len(data), _MINI_SECTOR))
        mini_stream += _padded(data, _MINI_SECTOR)

    n_dir = _sectors(len(entries), _ENTRIES_PER_SECTOR)
    n_mini_fat = _sectors(len(mini_fat), _IDS_PER_SECTOR)
    n_mini_stream = _sectors(len(mini_stream), _SECTOR)
    n_large = sum(_sectors(len(data), _SECTOR) for _, data in large)
    rest = n_dir + n_mini_fat + n_mini_stream + n_large
    n_fat = 1
    while n_fat * _IDS_PER_SECTOR < n_fat + rest:
        n_fat += 1
    if n_fat > 109:  # the header's DIFAT holds 109 FAT sectors: files up to 6.8 MB
        raise ValueError("a VBA project this large needs DIFAT sectors, not written here")

    fat = [_FATSECT] * n_fat
    first_dir = _chain(fat, n_dir)
    first_mini_fat = _chain(fat, n_mini_fat) if n_mini_fat else _ENDOFCHAIN
    first_mini_stream = _chain(fat, n_mini_stream) if n_mini_stream else _ENDOFCHAIN
    body = bytearray()
    for sid, data in large:
        start[sid] = _chain(fat, _sectors(len(data), _SECTOR))
        body += _padded(data, _SECTOR)
    fat += [_FREESECT] * (n_fat * _IDS_PER_SECTOR - len(fat))

    directory = bytearray()
    for sid, (node, kind) in enumerate(entries):
        left, right, child = links.get(sid, [_NOSTREAM] * 3)
        if kind == _ROOT:
            first, size = first_mini_stream, len(mini_stream)
        elif kind == _STORAGE:
            first, size = 0, 0
        else:
            size = len(node.data)
            first = start[sid] if size else _ENDOFCHAIN
        directory += _dir_entry(node.name, kind, left, right, child, first, size)
    directory += _UNUSED_ENTRY * (n_dir * _ENTRIES_PER_SECTOR - len(entries))

    mini_fat += [_FREESECT] * (n_mini_fat * _IDS_PER_SECTOR - len(mini_fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), 0x003E, 3, 0xFFFE, 9, 6, bytes(6),
        0, n_fat, first_dir, 0, _MINI_CUTOFF, first_mini_fat, n_mini_fat, _ENDOFCHAIN, 0,
    )
    difat = list(range(n_fat)) + [_FREESECT] * (109 - n_fat)
    header += struct.pack("<109I", *difat)
    return b"".join([
        header,
        struct.pack(f"<{len(fat)}I", *fat),
        bytes(directory),
        struct.pack(f"<{len(mini_fat)}I", *mini_fat),
        _padded(bytes(mini_stream), _SECTOR),
        bytes(body),
    ])


def _balance(ids: list[int], links: dict[int, list[int]]) -> int:
    """Hang the sorted siblings ``ids`` as a balanced tree; return its root (or NOSTREAM)."""
    if not ids:
        return _NOSTREAM
    middle = len(ids) // 2
    links[ids[middle]][0] = _balance(ids[:middle], links)
    links[ids[middle]][1] = _balance(ids[middle + 1:], links)
    return ids[middle]


def _sectors(size: int, sector: int) -> int:
    return -(-size // sector)


def _padded(data: bytes, sector: int) -> bytes:
    return data + bytes(_sectors(len(data), sector) * sector - len(data))


def _chain(table: list[int], count: int) -> int:
    """Append a chain of ``count`` consecutive sectors to a FAT; return its first sector."""
    first = len(table)
    table += [first + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN] * (count > 0)
    return first


def _dir_entry(name: str, kind: int, left: int, right: int, child: int, first: int,
               size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, left, right, child, bytes(16),
        0, 0, 0, first, size,
    )


_UNUSED_ENTRY = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NOSTREAM, _NOSTREAM,
                            _NOSTREAM, bytes(16), 0, 0, 0, 0, 0)


# --- modules ------------------------------------------------------------------------------

# The attributes Excel stores above a module's code, by kind, as in workbooks Excel saves.
# VB_Base names the class a module extends: Excel's Workbook and Worksheet for the document
# modules, the VBA class-module base for class modules.
_ATTRIBUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "standard": (),
    "class": (
        ("VB_Base", '"0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'),
        ("VB_GlobalNameSpace", "False"), ("VB_Creatable", "False"),
        ("VB_PredeclaredId", "False"), ("VB_Exposed", "False"),
        ("VB_TemplateDerived", "False"), ("VB_Customizable", "False"),
    ),
    "workbook": (
        ("VB_Base", '"0{00020819-0000-0000-C000-000000000046}"'),
        ("VB_GlobalNameSpace", "False"), ("VB_Creatable", "False"),
        ("VB_PredeclaredId", "True"), ("VB_Exposed", "True"),
        ("VB_TemplateDerived", "False"), ("VB_Customizable", "True"),
    ),
    "worksheet": (
        ("VB_Base", '"0{00020820-0000-0000-C000-000000000046}"'),
        ("VB_GlobalNameSpace", "False"), ("VB_Creatable", "False"),
        ("VB_PredeclaredId", "True"), ("VB_Exposed", "True"),
        ("VB_TemplateDerived", "False"), ("VB_Customizable", "True"),
    ),
}
_KINDS = tuple(_ATTRIBUTES)
_VBA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")


@dataclass(frozen=True)
class Module:
    """One VBA module.

    ``kind`` is "standard", "class", or one of the two document modules Excel keeps for a
    workbook: "workbook" (ThisWorkbook) and "worksheet" (one per sheet, named by the sheet's
    code name). ``attributes`` are (name, VBA literal) pairs that override or follow the
    kind's usual ones, such as ``("VB_Exposed", "True")``.
    """

    name: str
    kind: str = "standard"
    code: str = ""
    attributes: tuple[tuple[str, str], ...] = ()

    def source(self) -> str:
        """The module's text as stored: attribute lines, then the code, with CRLF lines."""
        attributes = dict(_ATTRIBUTES[self.kind])
        attributes.update(self.attributes)
        lines = [f'Attribute VB_Name = "{self.name}"']
        lines += [f"Attribute {key} = {value}" for key, value in attributes.items()]
        code = self.code.replace("\r\n", "\n").replace("\n", "\r\n")
        return "\r\n".join(lines) + "\r\n" + code


def module_from_export(text: str) -> Module:
    """A module from the text the VBA editor exports (a ``.bas`` or ``.cls`` file).

    A class export starts with a ``VERSION 1.0 CLASS`` block that only the editor reads;
    the ``Attribute`` lines after it become the module's attributes and name.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    kind = "standard"
    if lines[0].startswith("VERSION") and lines[0].rstrip().endswith("CLASS"):
        kind = "class"
        lines = lines[lines.index("END") + 1:]
    attributes = []
    while lines and lines[0].startswith("Attribute "):
        key, _, value = lines.pop(0)[len("Attribute "):].partition(" = ")
        attributes.append((key, value))
    names = [value.strip('"') for key, value in attributes if key == "VB_Name"]
    if not names:
        raise XlsalesError("text", "vba_name", value=None)
    rest = tuple((key, value) for key, value in attributes if key != "VB_Name")
    return Module(names[0], kind, "\n".join(lines), rest)


# --- [MS-OVBA] 2.3 project streams --------------------------------------------------------

_SEED = 0x7A  # the "random" seed of the PROJECT stream's obfuscated values: any byte will do
_VISIBLE = b"\xff"
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


def build_vba_project(modules: list[Module], *, project_name: str = "VBAProject",
                      codepage: int = 1252) -> bytes:
    """A complete ``vbaProject.bin`` holding ``modules`` (source only, compiled by Excel).

    Module names must be VBA names (a letter, then letters, digits or ``_``; 31 at most),
    distinct whatever their case; every text must be writable in ``codepage``.
    """
    _check_names(modules, project_name)
    encoding = f"cp{codepage}"
    sources = []
    for row, module in enumerate(modules, start=1):
        try:
            text = module.source().encode(encoding)
        except UnicodeEncodeError as exc:
            raise XlsalesError("modules", "codepage", row=row, value=exc.object[exc.start:exc.end],
                               codepage=codepage) from None
        try:
            sources.append(compress(text))
        except XlsalesError as exc:
            raise exc.at_row(row, "modules") from None
    project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "xlsales:" + "/".join(
        [project_name, *(m.name for m in modules)]))).upper() + "}"
    vba = [_Node("dir", compress(_dir_stream(modules, project_name, codepage))),
           _Node("_VBA_PROJECT", bytes.fromhex("CC61FFFF000100"))]
    vba += [_Node(m.name, source) for m, source in zip(modules, sources, strict=True)]
    return _compound_file([
        _Node("PROJECT", _project_stream(modules, project_name, project_id).encode(encoding)),
        _Node("PROJECTwm", _name_map(modules)),
        _Node("VBA", children=vba),
    ])


def _check_names(modules: list[Module], project_name: str) -> None:
    if not _VBA_NAME.fullmatch(project_name):
        raise XlsalesError("project_name", "vba_name", value=project_name)
    seen: set[str] = set()
    for row, module in enumerate(modules, start=1):
        if module.kind not in _KINDS:
            raise XlsalesError("modules", "choice", row=row, value=module.kind,
                               choices=", ".join(_KINDS))
        if not _VBA_NAME.fullmatch(module.name):
            raise XlsalesError("modules", "vba_name", row=row, value=module.name)
        if module.name.upper() in seen:
            raise XlsalesError("modules", "duplicate", row=row, value=module.name)
        seen.add(module.name.upper())


def _project_stream(modules: list[Module], project_name: str, project_id: str) -> str:
    """The PROJECT stream's text ([MS-OVBA] 2.3.1), laid out as Excel writes it."""
    declare = {"standard": "Module={}", "class": "Class={}",
               "workbook": "Document={}/&H00000000", "worksheet": "Document={}/&H00000000"}
    lines = [f'ID="{project_id}"']
    lines += [declare[m.kind].format(m.name) for m in modules]
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # not protected, no password, visible in the editor
        f'CMG="{_obfuscate(bytes(4), project_id)}"',
        f'DPB="{_obfuscate(bytes(1), project_id)}"',
        f'GC="{_obfuscate(_VISIBLE, project_id)}"',
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return "\r\n".join(lines) + "\r\n"


def _obfuscate(data: bytes, project_id: str) -> str:
    """[MS-OVBA] 2.4.3.2 data encryption, as the hex text the PROJECT stream holds."""
    version, key = 2, sum(project_id.encode("ascii")) & 0xFF
    out = [_SEED, _SEED ^ version, _SEED ^ key]
    plain_1, encrypted_1, encrypted_2 = key, out[2], out[1]
    ignored = [0] * ((_SEED & 6) // 2)  # the spec lets these bytes be anything
    for byte in ignored + list(struct.pack("<I", len(data))) + list(data):
        encrypted = byte ^ ((encrypted_2 + plain_1) & 0xFF)
        out.append(encrypted)
        plain_1, encrypted_1, encrypted_2 = byte, encrypted, encrypted_1
    return bytes(out).hex().upper()


def _name_map(modules: list[Module]) -> bytes:
    """The PROJECTwm stream: each name in MBCS then UTF-16, each null-terminated."""
    return b"".join(
        m.name.encode("ascii") + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules
    ) + b"\0\0"


def _record(record_id: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _dir_stream(modules: list[Module], project_name: str, codepage: int) -> bytes:
    """The decompressed ``VBA/dir`` stream ([MS-OVBA] 2.3.4.2): project, no references,
    modules; record for record as in the projects Excel writes."""
    name = project_name.encode("ascii")
    out = [
        _record(0x01, struct.pack("<I", 3)),  # SYSKIND: 64-bit Windows
        _record(0x02, struct.pack("<I", 0x409)),  # LCID
        _record(0x14, struct.pack("<I", 0x409)),  # LCIDINVOKE
        _record(0x03, struct.pack("<H", codepage)),  # CODEPAGE
        _record(0x04, name),  # NAME
        _record(0x05) + _record(0x40),  # DOCSTRING, then its Unicode form
        _record(0x06) + _record(0x3D),  # HELPFILE 1 and 2
        _record(0x07, struct.pack("<I", 0)),  # HELPCONTEXT
        _record(0x08, struct.pack("<I", 0)),  # LIBFLAGS
        struct.pack("<HIIH", 0x09, 4, 1, 0),  # VERSION: its size field says 4, then 6 bytes
        _record(0x0C) + _record(0x3C),  # CONSTANTS
        _record(0x0F, struct.pack("<H", len(modules))),  # MODULES
        _record(0x13, struct.pack("<H", 0xFFFF)),  # PROJECTCOOKIE
    ]
    for module in modules:
        mbcs, unicode = module.name.encode("ascii"), module.name.encode("utf-16-le")
        out += [
            _record(0x19, mbcs),  # MODULENAME
            _record(0x47, unicode),  # MODULENAMEUNICODE
            _record(0x1A, mbcs) + _record(0x32, unicode),  # MODULESTREAMNAME
            _record(0x1C) + _record(0x48),  # MODULEDOCSTRING
            _record(0x31, struct.pack("<I", 0)),  # MODULEOFFSET: source from byte 0
            _record(0x1E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
            _record(0x2C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
            _record(0x21 if module.kind == "standard" else 0x22),  # MODULETYPE
            _record(0x2B),  # module terminator
        ]
    out.append(_record(0x10))  # dir terminator
    return b"".join(out)


# --- our project --------------------------------------------------------------------------


def _xlwings_dir() -> Path:
    # located without importing xlwings, whose import alone takes a second
    return Path(importlib.util.find_spec("xlwings").origin).parent


def xlsales_module() -> Module:
    """Our standard module: one sub per button, each running its Python macro."""
    subs = [
        f'Sub {button.vba_sub}()\n'
        f'    RunPython "import xlsales.macros; xlsales.macros.{button.macro}()"\n'
        f'End Sub\n'
        for button in BUTTONS
    ]
    header = ("Option Explicit\n"
              "' Each button of the xlsales workbook calls one of these subs; the work is\n"
              "' done in Python (xlsales.macros) through xlwings' RunPython.\n")
    return Module("xlsales", code=header + "\n" + "\n".join(subs))


def xlsales_vba_project(sheet_codenames: list[str]) -> bytes:
    """The template's ``vbaProject.bin``: ThisWorkbook, a document module per sheet code
    name, xlwings' VBA (``xlwings.bas`` and its ``Dictionary`` class, read from the
    installed xlwings) and our ``xlsales`` module."""
    xlwings_dir = _xlwings_dir()
    modules = [Module("ThisWorkbook", "workbook")]
    modules += [Module(name, "worksheet") for name in sheet_codenames]
    modules += [
        module_from_export((xlwings_dir / "xlwings.bas").read_text(encoding="cp1252")),
        module_from_export((xlwings_dir / "addin" / "Dictionary.cls").read_text(encoding="cp1252")),
        xlsales_module(),
    ]
    return build_vba_project(modules)


def add_to_workbook(workbook) -> bytes:
    """Give an XlsxWriter workbook our VBA project; return the project's bytes.

    Call it once every worksheet exists: each needs its document module. Sheets keep a code
    name set earlier with ``set_vba_name``; the others get XlsxWriter's ``Sheet<n>``. Save
    the workbook with an ``.xlsm`` name, or Excel refuses to open it.
    """
    workbook.set_vba_name("ThisWorkbook")
    codenames = []
    for sheet in workbook.worksheets():
        if vba_codename(sheet) is None:
            sheet.set_vba_name()
        codenames.append(vba_codename(sheet))
    project = xlsales_vba_project(codenames)
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    return project

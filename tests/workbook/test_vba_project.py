"""The VBA project is checked by readers we did not write: olefile for the compound file,
oletools (olevba) for the VBA structures and the decompression, LibreOffice for the whole
macro-enabled workbook, and xlwings' quickstart_standalone.xlsm, a project saved by Excel,
as the model of what Excel writes."""

import importlib.util
import io
import random
import re
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from tests.harness.libreoffice import convert, require_libreoffice
from xlsales.common.errors import XlsalesError
from xlsales.plan.layout import BUTTONS, SHEETS
from xlsales.workbook.vba_project import (
    Module,
    add_to_workbook,
    build_vba_project,
    compress,
    module_from_export,
    xlsales_vba_project,
)

XLWINGS = Path(importlib.util.find_spec("xlwings").origin).parent


def ole(data: bytes) -> olefile.OleFileIO:
    # olefile raises on anything it finds incorrect, not only on what it cannot read
    return olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)


def source_of(project: olefile.OleFileIO, module: str) -> bytes:
    """A module's text as oletools decompresses it (all our modules start at offset 0)."""
    return bytes(decompress_stream(bytearray(project.openstream(f"VBA/{module}").read())))


def dir_records(project: olefile.OleFileIO) -> list[tuple[int, bytes]]:
    """(id, payload) of each record of the decompressed VBA/dir stream ([MS-OVBA] 2.3.4.2)."""
    data = bytes(decompress_stream(bytearray(project.openstream("VBA/dir").read())))
    records, pos = [], 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x09:  # PROJECTVERSION: its size field reads 4 but 6 bytes follow
            size = 6
        records.append((record_id, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """(version, project key, data) of a PROJECT stream value, by [MS-OVBA] 2.4.3.3."""
    enc = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = enc[0], enc[1], enc[2]
    plain_1, enc_1, enc_2 = seed ^ key_enc, key_enc, version_enc
    plain = []
    for byte in enc[3:]:
        value = byte ^ ((enc_2 + plain_1) & 0xFF)
        plain.append(value)
        plain_1, enc_1, enc_2 = value, byte, enc_1
    ignored = (seed & 6) // 2
    length = struct.unpack("<I", bytes(plain[ignored:ignored + 4]))[0]
    data = bytes(plain[ignored + 4:])
    assert len(data) == length
    return seed ^ version_enc, seed ^ key_enc, data


@pytest.fixture(scope="module")
def quickstart() -> olefile.OleFileIO:
    """The VBA project of xlwings' quickstart_standalone.xlsm, as Excel saved it."""
    with zipfile.ZipFile(XLWINGS / "quickstart_standalone.xlsm") as book:
        return ole(book.read("xl/vbaProject.bin"))


@pytest.fixture(scope="module")
def ours() -> olefile.OleFileIO:
    return ole(xlsales_vba_project(["Sheet1", "Sheet2"]))


# --- compression ----------------------------------------------------------------------


def test_the_specification_example_is_compressed_byte_for_byte():
    # [MS-OVBA] 3.2.2 "Normal Compression Example",
    # https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-ovba/b6b8c482-a6bb-45e5-a476-098897a334cb
    text = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    expected = bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C"
        " 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C")
    assert compress(text) == expected
    assert bytes(decompress_stream(bytearray(expected))) == text


def test_text_without_repeats_is_only_literals():
    # 23 literals in flag groups of 8: 3 flag bytes (all 0) + 23 = 26 bytes of chunk data;
    # header (26 + 2 - 3) | 0b011 << 12 | 1 << 15 = 0xB019, little-endian 19 B0
    expected = (b"\x01\x19\xb0" + b"\x00abcdefgh" + b"\x00ijklmnop" + b"\x00qrstuv.")
    assert compress(b"abcdefghijklmnopqrstuv.") == expected


def test_a_repeat_becomes_one_copy_token():
    # "abc" as 3 literals, then at position 3 one copy token for the 297 bytes left:
    # offset 3 needs ceil(log2(3)) = 2 bits, so 4 (the least); token = (3 - 1) << 12 | (297 - 3)
    # = 0x2126. Flags 0b00001000; data 08 61 62 63 26 21 (6 bytes); header (6 + 2 - 3) | 0xB000
    assert compress(b"abc" * 100) == bytes.fromhex("01 05 B0 08 61 62 63 26 21")


VBA_LIKE = "Sub End If Then Dim As String RunPython \"import\" ( ) . _ ' \r\n"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(VBA_LIKE.split(" ")), max_size=3000).map(" ".join))
def test_vba_like_text_round_trips_through_oletools(text):
    data = text.encode("cp1252")
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="ab \r\n", min_size=1, max_size=40), st.integers(4080, 8300))
def test_repetitive_text_round_trips_around_the_chunk_size(pattern, size):
    data = (pattern * (size // len(pattern) + 1))[:size].encode()
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.binary(max_size=3640))
def test_any_bytes_round_trip_when_the_last_chunk_can_hold_them(seed, rest):
    # a random first chunk (stored raw), then any tail: 3640 literals + 455 flag bytes
    # = 4095 bytes, so a final chunk this short always fits compressed
    data = random.Random(seed).randbytes(4096) + rest
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


@pytest.mark.parametrize("size", [4095, 4096, 4097, 8191, 8192, 8193])
def test_random_text_of_a_small_alphabet_at_the_boundaries(size):
    data = bytes(random.Random(size).choice(b"ab \r\n") for _ in range(size))
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


def test_a_full_chunk_that_does_not_compress_is_stored_raw():
    data = random.Random(1).randbytes(4096)
    packed = compress(data)
    # raw chunk header: size 4098 - 3 = 0xFFF, signature 0b011, flag 0 -> 0x3FFF
    assert packed[:3] == b"\x01\xff\x3f"
    assert packed[3:] == data
    assert bytes(decompress_stream(bytearray(packed))) == data


def test_a_short_final_chunk_that_does_not_compress_is_refused():
    with pytest.raises(XlsalesError) as caught:
        compress(random.Random(2).randbytes(4000))
    assert "4000" in caught.value.message("fr")


def test_every_chunk_of_our_project_is_compressed(ours):
    # a raw chunk is legal, but a compressed one is what Excel writes for source code
    for path in ["VBA/dir", *(f"VBA/{m}" for m in ("xlwings", "Dictionary", "xlsales"))]:
        data = ours.openstream(path).read()
        pos = 1
        while pos < len(data):
            header = struct.unpack_from("<H", data, pos)[0]
            assert header >> 15 == 1, path
            pos += (header & 0x0FFF) + 3
        assert pos == len(data)


# --- the compound file ----------------------------------------------------------------


def test_olefile_lists_exactly_the_project_streams(ours):
    assert sorted(ours.listdir(streams=True, storages=True)) == sorted([
        ["PROJECT"], ["PROJECTwm"], ["VBA"], ["VBA", "dir"], ["VBA", "_VBA_PROJECT"],
        ["VBA", "ThisWorkbook"], ["VBA", "Sheet1"], ["VBA", "Sheet2"], ["VBA", "xlwings"],
        ["VBA", "Dictionary"], ["VBA", "xlsales"],
    ])
    assert (ours.dll_version, ours.sector_size, ours.mini_sector_size) == (3, 512, 64)
    assert ours.mini_stream_cutoff_size == 4096
    sizes = [ours.get_size(f"VBA/{m}") for m in ("xlsales", "xlwings")]
    assert sizes[0] < 4096 <= sizes[1]  # both the mini stream and the FAT are exercised


def test_siblings_form_a_black_search_tree_in_the_specified_order(ours):
    def in_order(sid):
        if sid == olefile.NOSTREAM:
            return []
        entry = ours.direntries[sid]
        assert entry.color == 1  # black
        return [*in_order(entry.sid_left), entry.name, *in_order(entry.sid_right)]

    for entry in ours.direntries:
        if entry is not None and entry.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE):
            names = in_order(entry.sid_child)
            # [MS-CFB] 2.6.4: shorter names first, then by upper-case code points
            assert names == sorted(names, key=lambda n: (len(n), n.upper()))
            assert len(names) == len(entry.kids)


def test_the_version_stream_is_the_source_only_header(ours):
    # [MS-OVBA] 3.1.1: 0x61CC, version 0xFFFF (so Excel recompiles), 0x00, 0x0001
    assert ours.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")


# --- modules as oletools reads them ---------------------------------------------------

SMALL = [
    Module("ThisWorkbook", "workbook"),
    Module("Sheet1", "worksheet"),
    Module("Tools", code="Sub Hello()\n    MsgBox \"Bonjour\"\nEnd Sub\n"),
    Module("Counter", "class", "Public Count As Long\n", (("VB_Exposed", "True"),)),
]
SMALL_SOURCES = {
    "ThisWorkbook": (
        'Attribute VB_Name = "ThisWorkbook"\r\n'
        'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
        "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n"),
    "Sheet1": (
        'Attribute VB_Name = "Sheet1"\r\n'
        'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
        "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n"),
    "Tools": 'Attribute VB_Name = "Tools"\r\nSub Hello()\r\n    MsgBox "Bonjour"\r\nEnd Sub\r\n',
    "Counter": (
        'Attribute VB_Name = "Counter"\r\n'
        'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = False\r\nAttribute VB_Exposed = True\r\n"
        "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = False\r\n"
        "Public Count As Long\r\n"),
}


def test_olevba_extracts_every_module_with_its_exact_text():
    data = build_vba_project(SMALL)
    project = ole(data)
    for name, text in SMALL_SOURCES.items():
        assert source_of(project, name) == text.encode("cp1252")
    found = {stream: code for _, stream, _, code in VBA_Parser("p.bin", data=data)
             .extract_macros()}
    assert found == {f"VBA/{name}": text for name, text in SMALL_SOURCES.items()}


def test_the_name_map_and_project_stream_declare_each_module():
    project = ole(build_vba_project(SMALL))
    # PROJECTwm ([MS-OVBA] 2.3.3): MBCS name, 0, UTF-16 name, 0 0; then 0 0
    expected = b"".join(n.encode() + b"\0" + n.encode("utf-16-le") + b"\0\0"
                        for n in SMALL_SOURCES) + b"\0\0"
    assert project.openstream("PROJECTwm").read() == expected
    text = project.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert text[1:5] == ["Document=ThisWorkbook/&H00000000", "Document=Sheet1/&H00000000",
                         "Module=Tools", "Class=Counter"]


def test_the_protection_values_say_open_unlocked_and_visible(quickstart, ours):
    def values(project):
        text = project.openstream("PROJECT").read().decode("cp1252")
        fields = dict(line.split("=", 1) for line in text.split("\r\n") if "=" in line)
        project_key = sum(fields["ID"].strip('"').encode()) & 0xFF
        decoded = {k: decrypt(fields[k].strip('"')) for k in ("CMG", "DPB", "GC")}
        assert all(v[:2] == (2, project_key) for v in decoded.values())
        return {k: v[2] for k, v in decoded.items()}

    # the decoder first reads Excel's own values, then ours must say the same
    unprotected = {"CMG": bytes(4), "DPB": b"\x00", "GC": b"\xff"}
    assert values(quickstart) == unprotected
    assert values(ours) == unprotected


# --- our project against the one Excel saved ------------------------------------------


def attribute_lines(text: bytes) -> list[bytes]:
    return [line for line in text.split(b"\r\n") if line.startswith(b"Attribute ")]


def test_document_and_class_modules_carry_the_attributes_excel_writes(quickstart, ours):
    offsets = {}
    for name, payload in dir_records(quickstart):
        if name == 0x19:
            current = payload.decode()
        if name == 0x31:
            offsets[current] = struct.unpack("<I", payload)[0]

    def excel_source(module):
        raw = quickstart.openstream(f"VBA/{module}").read()[offsets[module]:]
        return bytes(decompress_stream(bytearray(raw)))

    for module in ("ThisWorkbook", "Sheet1", "Sheet2"):
        assert source_of(ours, module) == excel_source(module)
    assert attribute_lines(source_of(ours, "Dictionary")) == attribute_lines(
        excel_source("Dictionary"))


def test_xlwings_code_is_carried_unchanged_with_its_licence(ours):
    shipped = (XLWINGS / "xlwings.bas").read_bytes()
    assert source_of(ours, "xlwings") == shipped
    assert b"BSD 3-clause license" in shipped
    body = (XLWINGS / "addin" / "Dictionary.cls").read_bytes().split(b"\r\n")
    ours_body = source_of(ours, "Dictionary").split(b"\r\n")
    assert [line for line in ours_body if not line.startswith(b"Attribute ")] == [
        line for line in body[4:] if not line.startswith(b"Attribute ")]  # VERSION..END gone


def test_the_dir_stream_has_the_records_excel_writes(quickstart, ours):
    def shape(project):
        ids = [record_id for record_id, _ in dir_records(project)]
        info = ids[:ids.index(0x16) if 0x16 in ids else ids.index(0x0F)]  # before references
        modules, current = [], []
        for record_id in ids[ids.index(0x13) + 1:]:
            current.append(record_id)
            if record_id == 0x2B:
                modules.append(current)
                current = []
        return info, modules, current

    excel_info, excel_modules, excel_end = shape(quickstart)
    info, modules, end = shape(ours)
    assert info == excel_info
    assert end == excel_end == [0x10]
    # per module: name, unicode name, stream names, docstrings, offset, help context,
    # cookie, type (0x21 standard, 0x22 document or class), terminator
    assert {tuple(m) for m in modules} == {tuple(m) for m in excel_modules}
    types = {name: kind for name, kind in zip(
        [p.decode() for i, p in dir_records(ours) if i == 0x19],
        [i for i, _ in dir_records(ours) if i in (0x21, 0x22)], strict=True)}
    assert types == {"ThisWorkbook": 0x22, "Sheet1": 0x22, "Sheet2": 0x22, "xlwings": 0x21,
                     "Dictionary": 0x22, "xlsales": 0x21}


def test_one_sub_per_button_runs_its_python_macro(ours):
    text = source_of(ours, "xlsales").decode("cp1252")
    for button in BUTTONS:
        assert (f"Sub {button.vba_sub}()\r\n"
                f'    RunPython "import xlsales.macros; xlsales.macros.{button.macro}()"\r\n'
                "End Sub\r\n") in text


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("modules, problem, row", [
    ([Module("Tools"), Module("1Tools")], "vba_name", 2),
    ([Module("Tools"), Module("A" * 32)], "vba_name", 2),
    ([Module("Tools"), Module("TOOLS")], "duplicate", 2),
    ([Module("Sheet", "chart")], "choice", 1),
    ([Module("Tools", code="' ≠")], "codepage", 1),
])
def test_bad_modules_are_named_by_row(modules, problem, row):
    with pytest.raises(XlsalesError) as caught:
        build_vba_project(modules)
    assert (caught.value.arg, caught.value.problem, caught.value.row) == ("modules", problem, row)


def test_an_exported_class_loses_its_editor_header():
    module = module_from_export(
        "VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
        'Attribute VB_Name = "Box"\r\nAttribute VB_Exposed = True\r\nPrivate x As Long\r\n')
    assert module == Module("Box", "class", "Private x As Long\n", (("VB_Exposed", "True"),))
    with pytest.raises(XlsalesError):
        module_from_export("Sub NoName()\r\nEnd Sub\r\n")


# --- the macro-enabled workbook -------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workbook laid out like the template: its sheets, a button per layout.BUTTONS."""
    path = tmp_path_factory.mktemp("xlsm") / "buttons.xlsm"
    book = xlsxwriter.Workbook(path)
    sheets = {key: book.add_worksheet(names["en"]) for key, names in SHEETS.items()}
    for button in BUTTONS:
        sheets[button.sheet].insert_button("B2", {"macro": button.vba_sub, "caption": button.en,
                                                  "width": 220})
    add_to_workbook(book)
    book.close()
    return path


def test_the_workbook_is_macro_enabled_and_its_buttons_find_their_subs(template):
    with zipfile.ZipFile(template) as book:
        names = book.namelist()
        types = book.read("[Content_Types].xml").decode()
        project = book.read("xl/vbaProject.bin")
        workbook = book.read("xl/workbook.xml").decode()
        sheet_codes = [re.search(r'codeName="(\w+)"', book.read(n).decode()).group(1)
                       for n in sorted(names) if n.startswith("xl/worksheets/sheet")]
        macros = [m for n in names if n.endswith(".vml")
                  for m in re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>",
                                      book.read(n).decode())]
    assert "xl/vbaProject.bin" in names
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types
    assert 'codeName="ThisWorkbook"' in workbook
    code = {stream.split("/")[-1]: text for _, stream, _, text
            in VBA_Parser("vbaProject.bin", data=project).extract_macros()}
    assert set(sheet_codes) | {"ThisWorkbook"} <= set(code)  # a document module per sheet
    subs = set(re.findall(r"^Sub (\w+)\(\)", code["xlsales"], flags=re.M))
    assert sorted(macros) == sorted(b.vba_sub for b in BUTTONS)
    assert set(macros) <= subs


@pytest.mark.libreoffice
def test_libreoffice_imports_the_modules_and_binds_each_button_to_its_sub(template, tmp_path):
    require_libreoffice()
    ods = convert(template, "ods", tmp_path)
    with zipfile.ZipFile(ods) as book:
        library = book.read("Basic/VBAProject/script-lb.xml").decode()
        kinds = {name: re.search(r'script:moduleType="(\w+)"',
                                 book.read(f"Basic/VBAProject/{name}.xml").decode()).group(1)
                 for name in re.findall(r'library:element library:name="(\w+)"', library)}
        ours = book.read("Basic/VBAProject/xlsales.xml").decode()
        content = book.read("content.xml").decode()
    sheets = {f"Sheet{i}": "document" for i in range(1, len(SHEETS) + 1)}
    assert kinds == {"ThisWorkbook": "document", **sheets, "xlwings": "normal",
                     "Dictionary": "class", "xlsales": "normal"}
    assert set(re.findall(r"^Sub (\w+)\(\)", ours, flags=re.M)) == {b.vba_sub for b in BUTTONS}
    # LibreOffice binds a button only to a macro it found in the imported modules
    bound = re.findall(r"vnd\.sun\.star\.script:VBAProject\.xlsales\.(\w+)\?", content)
    assert sorted(bound) == sorted(b.vba_sub for b in BUTTONS)


def test_the_project_goes_into_xlsxwriter_as_a_stream():
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    book.add_worksheet("Guide").set_vba_name("shGuide")
    project = add_to_workbook(book)
    assert book.vba_project.getvalue() == project
    assert "shGuide" in {e.name for e in ole(project).direntries if e is not None}

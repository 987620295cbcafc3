"""Damaged and hostile files given to ``xlsales report`` and ``xlsales run``.

Each runs the real command in a child process capped at 2.5 GB of address space
(``tests/harness/processes.py``), and must either end with exit code 1 and one line
naming the file and its problem — never a traceback, never a crash — or complete; either
way within the memory aim (peak resident memory under 2 GB).

The inputs: an empty file, a header alone, a truncated workbook, text and a PNG under
another extension, a password-protected workbook, decompression bombs (a sheet declared
at 3.5 GB, and the same one declaring 100 kB), lines of 10 MB in several shapes, UTF-16,
Shift-JIS and random bytes, and a million-line export (its ten-million-line version is measured by
``benchmarks/bench_hostile_csv.py``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from tests.harness import ledgers
from tests.harness.processes import Ran, run_xlsales
from tests.harness.workbook import table

pytestmark = [pytest.mark.kills, pytest.mark.slow]

MEMORY_AIM_MB = 2048
TODAY = ("--today", "2026-03-10")
HEADER = "Code client;Date facture;Montant HT"
# Two lines a report can plan on: C1 bought in 2024 and in 2025 (retained).
GOOD_LINES = "C1;15/03/2024;100\nC1;15/12/2025;100\n"


def report(ledger: Path, *options: object) -> Ran:
    out = ledger.parent / "plan.xlsx"
    out.unlink(missing_ok=True)
    return run_xlsales("report", ledger, "-o", out, *TODAY, "--quiet", *options)


def run(workbook: Path) -> Ran:
    out = workbook.parent / f"refreshed{workbook.suffix}"
    out.unlink(missing_ok=True)
    return run_xlsales("run", "refresh_all", workbook, "-o", out, "--quiet")


def refused(ran: Ran, name: str, *words: str) -> None:
    """Exit 1, one line on stderr naming the file and saying ``words``, within memory."""
    assert ran.code == 1, ran
    assert "Traceback" not in ran.stdout + ran.stderr and "panicked" not in ran.stderr
    assert ran.stderr.startswith("Error: ") and ran.stderr.count("\n") == 1, ran.stderr
    assert len(ran.stderr) < 500, ran.stderr[:500]
    assert name in ran.stderr, ran.stderr
    for word in words:
        assert word in ran.stderr, ran.stderr
    assert ran.peak_mb < MEMORY_AIM_MB, ran


def completed(ran: Ran) -> None:
    assert ran.code == 0, ran
    assert ran.peak_mb < MEMORY_AIM_MB, ran


# --- building the files ----------------------------------------------------------------

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def locked(plain: Path, target: Path) -> Path:
    """``plain`` encrypted with a password, as Excel does it (msoffcrypto-tool)."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    out = io.BytesIO()
    with plain.open("rb") as handle:
        ooxml.OOXMLFile(handle).encrypt("secret", out)
    target.write_bytes(out.getvalue())
    return target


_PARTS = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType'
        '="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml"'
        ' ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="ap'
        'plication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-off'
        'icedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schema'
        's.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="Ventes" sheetId="1" r:id='
        '"rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Targe'
        't="worksheets/sheet1.xml"/></Relationships>',
}
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="htt'
               b'p://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
               + b"".join(b'<c t="inlineStr"><is><t>' + name.encode() + b"</t></is></c>"
                          for name in HEADER.split(";")) + b"</row>")
_SHEET_TAIL = b"</sheetData></worksheet>"
# One ledger line: a client, an Excel date serial (2023-03-15), an amount.
_BOMB_ROW = b'<row><c t="inlineStr"><is><t>C1</t></is></c><c><v>45000</v></c><c><v>10</v></c></row>'
BOMB_SIZE = 3_500_000_000


def bomb(target: Path, size: int = BOMB_SIZE, declared: int | None = None) -> int:
    """An .xlsx (12 MB for 3.5 GB) whose sheet unpacks to about ``size`` bytes of rows,
    written without ever holding or writing the gigabytes: one megabyte of rows is
    compressed once after a first copy of itself (a sync flush ends each block on a byte,
    and the block's back-references then always find the same megabyte before them), and
    that block is written again and again. ``declared``: the size the archive claims.
    Returns the true unpacked size of the sheet."""
    chunk = _BOMB_ROW * ((1 << 20) // len(_BOMB_ROW))
    count = (size - len(_SHEET_HEAD)) // len(chunk)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(_SHEET_HEAD + chunk) + deflate.flush(zlib.Z_SYNC_FLUSH)
    again = deflate.compress(chunk) + deflate.flush(zlib.Z_SYNC_FLUSH)
    last = deflate.compress(_SHEET_TAIL) + deflate.flush()
    size = len(_SHEET_HEAD) + count * len(chunk) + len(_SHEET_TAIL)
    crc = _bomb_crc(chunk, count)
    packed = len(first) + (count - 1) * len(again) + len(last)
    name = b"xl/worksheets/sheet1.xml"
    with target.open("wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in _PARTS.items():
            z.writestr(part, text)
        info = zipfile.ZipInfo(name.decode(), (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.CRC, info.compress_size = crc, packed
        info.file_size = size if declared is None else declared
        info.header_offset = handle.tell()
        # the local header, as zipfile writes it (version 2.0, deflated, dated 1980-01-01)
        handle.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, packed,
                                 info.file_size, len(name), 0) + name)
        handle.write(first)
        for _ in range(count - 1):
            handle.write(again)
        handle.write(last)
        z.filelist.append(info)  # the central directory lists it when the archive closes
        z.NameToInfo[info.filename] = info
        z.start_dir = handle.tell()
    return size


_CRCS: dict[tuple[bytes, int], int] = {}


def _bomb_crc(chunk: bytes, count: int) -> int:
    # 3.5 GB of CRC-32 take seconds: the two bombs share their content, so compute it once
    if (chunk, count) not in _CRCS:
        crc = zlib.crc32(_SHEET_HEAD)
        for _ in range(count):
            crc = zlib.crc32(chunk, crc)
        _CRCS[chunk, count] = zlib.crc32(_SHEET_TAIL, crc)
    return _CRCS[chunk, count]


def test_the_bomb_unpacks_to_what_it_says(tmp_path):
    # The builder checked on a small bomb: Python's zipfile reads it whole and right.
    size = bomb(tmp_path / "small.xlsx", 3 * 2**20)
    with zipfile.ZipFile(tmp_path / "small.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert len(sheet) == size and sheet.startswith(_SHEET_HEAD) and sheet.endswith(_SHEET_TAIL)
    rows = (size - len(_SHEET_HEAD) - len(_SHEET_TAIL)) // len(_BOMB_ROW)
    assert sheet.count(_BOMB_ROW) == rows
    assert 2 * 2**20 < size <= 3 * 2**20  # whole megabytes of rows, up to the size asked


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    honest, lying = folder / "bomb.xlsx", folder / "lying.xlsx"
    size = bomb(honest)
    bomb(lying, declared=100_000)
    return honest, lying, size // 10**6  # megabytes, as the messages say them


# --- report: files that are not a ledger ---------------------------------------------------


def test_empty_files(tmp_path):
    for name in ("vide.csv", "vide.xlsx"):
        (tmp_path / name).write_bytes(b"")
        refused(report(tmp_path / name), name, "has no values")


def test_a_header_alone(tmp_path):
    (tmp_path / "entete.csv").write_text(HEADER + "\n", encoding="utf-8")
    refused(report(tmp_path / "entete.csv"), "entete.csv", "has a header but no data lines")


def test_a_truncated_workbook(tmp_path):
    whole = ledgers.workbook(tmp_path).read_bytes()
    for cut in (len(whole) // 2, len(whole) - 10):
        (tmp_path / "coupe.xlsx").write_bytes(whole[:cut])
        refused(report(tmp_path / "coupe.xlsx", "--sheet", "Ventes"), "coupe.xlsx",
                "cannot be read as a file of type XLSX")


def test_text_with_a_workbook_name_and_an_image_with_a_csv_name(tmp_path):
    (tmp_path / "export.xlsx").write_text(HEADER + "\n" + GOOD_LINES, encoding="utf-8")
    refused(report(tmp_path / "export.xlsx"), "export.xlsx", "cannot be read as a file of type")
    (tmp_path / "image.csv").write_bytes(PNG)
    refused(report(tmp_path / "image.csv"), "image.csv", "is not a text (CSV) file")


def test_a_password_protected_workbook(tmp_path):
    path = locked(ledgers.workbook(tmp_path), tmp_path / "protege.xlsx")
    refused(report(path), "protege.xlsx", "is protected by a password")


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(bombs):
    honest, _, megabytes = bombs
    ran = report(honest)
    refused(ran, honest.name, f"unpacks to {megabytes} MB", "more than the 400 MB")
    assert ran.peak_mb < 200  # nothing of the sheet was held


def test_a_bomb_that_lies_about_its_size_is_stopped_at_the_declared_size(bombs):
    _, lying, _ = bombs
    ran = report(lying)
    refused(ran, lying.name, "larger than its declared uncompressed size")
    assert ran.peak_mb < 200


# --- report: lines of 10 MB ---------------------------------------------------------------


def test_a_first_line_of_a_million_columns(tmp_path):
    # 10 MB of column names; pandas took 115 s and then ran out of memory over them
    path = tmp_path / "large.csv"
    columns = HEADER.split(";") + [f"c{i}" for i in range(1_000_000)]
    path.write_text(";".join(columns) + "\n" + GOOD_LINES, encoding="utf-8")
    refused(report(path), "large.csv", f"its first line has {len(columns)} columns", "(16384)")


def test_a_first_line_of_10_mb_without_a_separator(tmp_path):
    # no column is found, and the message quoting the columns found stays one short line
    path = tmp_path / "large.csv"
    path.write_text("X" * 10_000_000 + "\n" + GOOD_LINES, encoding="utf-8")
    refused(report(path), "large.csv", "no column 'client'", "columns found: 'XXXX")


@pytest.mark.parametrize("shape", ["client", "quoted", "separators"])
def test_a_line_of_10_mb_is_read(tmp_path, shape):
    # a client code of 10 MB; a quoted note of 10 MB holding 5 million line feeds (the
    # csv module, which numbers the lines then, refuses fields above 128 kB); a line of
    # 10 million separators (an empty line)
    big = {"client": f"{'X' * 10_000_000};15/12/2025;5\n",
           "quoted": 'C2;15/12/2025;5;"' + "a\n" * 5_000_000 + '"\n',
           "separators": ";" * 10_000_000 + "\n"}[shape]
    path = tmp_path / "large.csv"
    path.write_text(f"{HEADER};Note\n{GOOD_LINES}{big}", encoding="utf-8")
    completed(report(path))


# --- report: encodings ----------------------------------------------------------------------


def test_utf16_with_its_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes((HEADER + "\nÉlodie;15/03/2024;100\nÉlodie;15/12/2025;100\n")
                     .encode("utf-16"))
    completed(report(path))


@pytest.mark.parametrize(("encoding", "words"), [
    ("utf-16-le", "is not a text (CSV) file"),  # no byte-order mark: NULs everywhere
    ("shift_jis", "byte 0x81 is neither UTF-8 nor Windows-1252"),  # 「、」 is 0x81 0x41
])
def test_other_encodings_are_refused_not_misread(tmp_path, encoding, words):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + ";Raison sociale\nC1;15/03/2024;100;山田、東京\n"
                      "C1;15/12/2025;100;山田、東京\n").encode(encoding))
    refused(report(path), "export.csv", words)


def test_random_bytes(tmp_path):
    noise = np.random.default_rng(7).integers(0, 256, 100_000, dtype=np.uint8).tobytes()
    for name in ("bruit.csv", "bruit.xlsx"):
        (tmp_path / name).write_bytes(noise)
        refused(report(tmp_path / name), name)


# --- report: size ----------------------------------------------------------------------------

LARGE_LINES = 1_000_000  # ten million: benchmarks/bench_hostile_csv.py (22 s, 1.2 GB)


def test_a_million_line_export_completes_within_the_memory_aim(tmp_path):
    path = tmp_path / "ventes.csv"
    clients = ledgers.large_csv(path, LARGE_LINES)
    ran = report(path)
    completed(ran)
    rows = table(openpyxl.load_workbook(tmp_path / "plan.xlsx"), "tblClients")
    codes = [row["Client code"] for row in rows]
    assert len(codes) == len(set(codes)) == clients  # every client of the file, once


# --- run: workbooks that are not one -----------------------------------------------------


def test_run_refuses_files_that_are_not_workbooks(tmp_path):
    whole = ledgers.workbook(tmp_path).read_bytes()
    for name, data in (("vide.xlsx", b""), ("coupe.xlsx", whole[:len(whole) // 2]),
                       ("texte.xlsx", (HEADER + "\n").encode()), ("image.xlsm", PNG)):
        (tmp_path / name).write_bytes(data)
        refused(run(tmp_path / name), name, "cannot be read as an Excel workbook")


def test_run_refuses_a_password_protected_workbook(tmp_path):
    path = locked(ledgers.workbook(tmp_path), tmp_path / "protege.xlsx")
    refused(run(path), "protege.xlsx", "is password-protected")


def test_run_refuses_decompression_bombs(bombs):
    honest, lying, megabytes = bombs
    ran = run(honest)
    refused(ran, honest.name, f"({megabytes} > 200)")
    assert ran.peak_mb < 200
    ran = run(lying)
    refused(ran, lying.name, "cannot be read as an Excel workbook", "Bad CRC-32")
    assert ran.peak_mb < 200

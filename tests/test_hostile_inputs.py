"""Damaged and hostile files given to ``xlsales report`` and ``xlsales run``.

Each runs the real command in a child process capped at 2.5 GB of address space
(``tests/harness/processes.py``), and must either end with exit code 1 and one line
naming the file and its problem — never a traceback, never a crash — or complete; either
way within the memory aim (peak resident memory under 2 GB).

The inputs: an empty file, a header alone, a truncated workbook, text and a PNG under
another extension, a password-protected workbook, UTF-16, Shift-JIS and random bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from tests.harness import ledgers
from tests.harness.processes import Ran, run_xlsales

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

"""Opening exports: encodings, separators, workbooks, line numbers and hostile files."""

import csv
import datetime as dt
import io
import shutil
import subprocess

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.sources import files
from xlsales.sources.files import TableFile, header_key


def _raw(path, text=(), numbers=(), sheet=None):
    opened = TableFile(path, sheet)
    return opened, opened.read(list(text), list(numbers))


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8", "|")],
)
def test_encodings_and_separators_are_detected(tmp_path, encoding, separator):
    rows = [["Client", "Nom", "Montant"], ["1001", "Société Générale", "12"],
            ["1002", "Café € Crème", "-3"]]
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(separator.join(r) for r in rows) + "\r\n").encode(encoding))
    opened, raw = _raw(path, text=[0, 1], numbers=[2])
    assert opened.header == ["Client", "Nom", "Montant"]
    assert raw.source.encoding == encoding
    assert raw.source.separator == separator
    assert raw.values[1].tolist() == ["Société Générale", "Café € Crème"]
    assert raw.values[2].tolist() == [12, -3]
    assert raw.lines.tolist() == [2, 3]


def test_source_tells_the_user_what_was_read(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"Client\tMontant\nA\t1\nB\t2\n")
    source = TableFile(path).read([0], [1]).source
    assert source.describe() == "export.csv: CSV, utf-8, separator tab, 2 data lines"
    assert source.describe("fr") == ("export.csv : CSV, utf-8, séparateur tabulation, "
                                     "2 lignes de données")


def test_windows_1252_euro_is_byte_0x80(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"Client;Montant\nSoci\xe9t\xe9 G\xe9n\xe9rale;12 \x80\n")
    _, raw = _raw(path, text=[0, 1])
    assert raw.source.encoding == "cp1252"
    assert raw.values[0].tolist() == ["Société Générale"]
    assert raw.values[1].tolist() == ["12 €"]


def test_excel_no_break_spaces_become_plain_spaces_so_numbers_parse_in_bulk(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Client;Montant\nA;1\u00a0234,50\nB;2\u202f000,00\n", encoding="utf-8")
    _, raw = _raw(path, text=[0], numbers=[1])
    assert raw.decimal == ","
    assert raw.values[1].tolist() == [1234.5, 2000.0]  # 1234 + 0.50; 2000


def test_separator_inside_quotes_does_not_count(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('"Client, code";"Montant"\n"A, B";"1,5"\n', encoding="utf-8")
    opened, raw = _raw(path, text=[0, 1])
    assert opened.header == ["Client, code", "Montant"]
    assert raw.values[0].tolist() == ["A, B"]


def test_line_numbers_count_blank_lines_and_lines_inside_quotes(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('Client;Note;Montant\nA;x;1\n\n;;\nB;"two\nlines";2\nC;y;3\n',
                    encoding="utf-8")
    _, raw = _raw(path, text=[0, 1], numbers=[2])
    # header 1, A 2, empty 3, ";;" 4, B 5-6, C 7
    assert raw.lines.tolist() == [2, 3, 4, 5, 7]
    assert raw.blank.tolist() == [False, True, True, False, False]


def test_line_numbers_after_a_quoted_value_larger_than_the_csv_modules_limit(tmp_path):
    path = tmp_path / "export.csv"
    note = "x\n" * 100_000  # 200 kB: above the csv module's field limit (128 kB)
    path.write_text(f'Client;Note;Montant\nA;"{note}";1\nB;y;2\n', encoding="utf-8")
    limit = csv.field_size_limit()
    _, raw = _raw(path, text=[0, 1], numbers=[2])
    # header 1, A from line 2 to 100,002 (its note holds 100,000 line feeds), B 100,003
    assert raw.lines.tolist() == [2, 100_003]
    assert raw.values[1].tolist() == [note, "y"]
    assert csv.field_size_limit() == limit  # the module's own limit is put back


def test_exact_duplicate_lines_are_counted_whole_not_on_picked_columns(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Client;Facture;Montant\nA;F1;10\nA;F1;10\nA;F2;10\nA;F1;10\n\n\n",
                    encoding="utf-8")
    _, raw = _raw(path, text=[0], numbers=[2])
    # lines 3 and 5 repeat line 2; line 4 differs by its invoice; blank lines do not count
    assert raw.duplicates == 2


# Lines made of few distinct bytes, so that repeats, empty lines and "\r" endings are common
_LINE = st.binary(max_size=6).map(lambda b: bytes(b"ab\r;"[x % 4] for x in b))


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=40), block=st.integers(1, 20),
       first=st.integers(0, 3))
def test_lines_are_split_and_their_repeats_counted_as_python_does(lines, block, first):
    # The reader's own line index, checked against bytes.split and a set, with blocks
    # small enough to cut lines anywhere.
    data = b"\n".join(lines)
    expected = data.split(b"\n")
    if not expected[-1].strip(b"\r"):
        expected.pop()  # the file's last line feed ends a line, it does not start one
    saved, files._BLOCK = files._BLOCK, block
    try:
        found = files._Lines(data)
        assert [found[k] for k in range(found.count)] == expected
        rest = expected[first:]
        assert found.repeats(first) == len(rest) - len(set(rest))
    finally:
        files._BLOCK = saved


def test_progress_reports_bytes_up_to_the_total(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Client;Montant\n" + "A;1\n" * 1000, encoding="utf-8")
    calls = []
    TableFile(path).read([0], [1],
                         progress=lambda phase, done, total: calls.append((phase, done, total)))
    assert calls[-1] == ("read", path.stat().st_size, path.stat().st_size)


def _workbook(path, rows, title="Ventes", start_row=1, extra_sheet=True):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value)
    if extra_sheet:
        book.create_sheet("Autre")["A1"] = "rien"
    book.save(path)


def test_workbook_values_and_sheet_row_numbers(tmp_path):
    path = tmp_path / "export.xlsx"
    rows = [["Client", "Date", "Montant"], [1001, dt.datetime(2025, 12, 31), 1234.5],
            [None, None, None], ["C2", "31/12/2025", "1 234,5"]]
    _workbook(path, rows, start_row=3)  # two empty rows above the header
    opened, raw = _raw(path, text=[0, 1], numbers=[2])
    assert opened.header == ["Client", "Date", "Montant"]
    assert raw.source.sheet == "Ventes" and raw.source.format == "xlsx"
    assert raw.lines.tolist() == [4, 5, 6]  # the header is on row 3
    assert raw.blank.tolist() == [False, True, False]
    assert raw.values[0].tolist()[0] == 1001
    assert raw.values[2].tolist() == [1234.5, "", "1 234,5"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice converts the files")
def test_ods_and_old_xls_workbooks(tmp_path):
    source = tmp_path / "ventes.xlsx"
    _workbook(source, [["Client", "Date", "Montant"], ["C1", dt.datetime(2025, 12, 31), -3.5]])
    for kind in ("ods", "xls"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--headless", "--convert-to", kind, "--outdir", str(tmp_path),
                        str(source)], check=True, capture_output=True, timeout=180)
        opened, raw = _raw(tmp_path / f"ventes.{kind}", text=[0, 1], numbers=[2])
        assert opened.header == ["Client", "Date", "Montant"]
        assert raw.source.format == kind and raw.source.sheet == "Ventes"
        assert raw.values[0].tolist() == ["C1"] and raw.values[2].tolist() == [-3.5]
        assert raw.lines.tolist() == [2]


def test_sheet_is_picked_by_name_ignoring_case_and_accents(tmp_path):
    path = tmp_path / "export.xlsx"
    _workbook(path, [["Client"], ["A"]], title="Données")
    assert TableFile(path, sheet="donnees").sheet == "Données"
    with pytest.raises(XlsalesError) as caught:
        TableFile(path, sheet="Ventes")
    # the message names the file and the option (issue 12 item 16)
    assert str(caught.value) == ("export.xlsx, --sheet: no sheet 'Ventes'; sheets found: "
                                 "Données, Autre")


def test_header_names_fold_accents_case_spaces_and_punctuation():
    assert header_key("N° Client") == header_key("n client") == "nclient"
    assert header_key("Chiffre d'affaires") == header_key("CHIFFRE D AFFAIRES")
    assert header_key("Société") == "societe"


# -- hostile files ------------------------------------------------------------------------

def _message(path, sheet=None):
    with pytest.raises(XlsalesError) as caught:
        TableFile(path, sheet)
    return caught.value


def test_empty_file(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    assert str(_message(path)) == "vide.csv: has no values"
    path.write_bytes(b" \r\n\r\n")
    assert _message(path).problem == "empty"


def test_binary_file_with_a_csv_name(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = _message(path)
    assert err.problem == "not_text_file"
    assert err.message("fr").startswith("image.csv : n'est pas un fichier texte (CSV)")


def test_workbook_with_a_csv_name(tmp_path):
    path = tmp_path / "ventes.csv"
    _workbook(path, [["Client"], ["A"]])
    assert _message(path).problem == "not_text_file"


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "export.csv"
    # 0x81 is in no Windows-1252 text; as Latin-9 a control, as Mac Roman "Å•": no words
    path.write_bytes(b"Client;Montant\nA;1\nB\x81\xa5;2\n")
    err = _message(path)
    assert str(err) == ("export.csv, row 3: byte 0x81 is neither UTF-8 nor Windows-1252, "
                        "ISO-8859-15 or Mac Roman text; name the encoding with --encoding, "
                        "or save the file as CSV UTF-8")


def test_unknown_extension(tmp_path):
    path = tmp_path / "ventes.pdf"
    path.write_bytes(b"%PDF-1.4")
    err = _message(path)
    assert err.problem == "choice"
    assert str(err).startswith("ventes.pdf: '.pdf' is not one of: .csv, .txt, .tsv, .xlsx")


def test_missing_file(tmp_path):
    err = _message(tmp_path / "absent.csv")
    assert err.problem == "unreadable"
    assert str(err).startswith("absent.csv: cannot be opened (")


def test_text_with_an_xlsx_name(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("Client;Montant\nA;1\n", encoding="utf-8")
    err = _message(path)
    assert err.problem == "not_format"
    assert str(err).startswith("export.xlsx: cannot be read as a file of type XLSX (")


def test_truncated_xlsx(tmp_path):
    path = tmp_path / "export.xlsx"
    _workbook(path, [["Client"], ["A"]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _message(path).problem == "not_format"


def test_password_protected_xlsx(tmp_path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")  # locks a workbook as Excel does
    plain = tmp_path / "plain.xlsx"
    _workbook(plain, [["Client"], ["A"]])
    locked = io.BytesIO()
    with plain.open("rb") as handle:
        ooxml.OOXMLFile(handle).encrypt("secret", locked)
    path = tmp_path / "locked.xlsx"
    path.write_bytes(locked.getvalue())
    err = _message(path)
    assert err.problem == "encrypted"
    assert err.message("fr") == ("locked.xlsx : est protégé par un mot de passe ; "
                                 "enregistrez-en une copie sans mot de passe et lisez-la")


def test_workbook_with_an_empty_first_sheet(tmp_path):
    path = tmp_path / "vide.xlsx"
    openpyxl.Workbook().save(path)
    assert _message(path).problem == "empty"


def test_csv_has_no_sheets(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Client\nA\n", encoding="utf-8")
    assert _message(path, sheet="Ventes").problem == "missing_sheet"


def test_wholly_blank_row_check_reads_every_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Client;Note;Montant\nA;;1\n;a note;\n", encoding="utf-8")
    _, raw = _raw(path, text=[0], numbers=[2])
    # line 3 holds a note only: not blank, so the ledger will flag its missing client
    assert raw.blank.tolist() == [False, False]
    assert np.isnan(raw.values[2].iloc[1])

"""A workbook file as a OpenBook: what it reads, and a save that keeps everything else intact,
atomically, or changes nothing at all."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbooks import CLIENTS, build
from xlsales.buttons.book import WorkbookFileError
from xlsales.buttons.book_file import FileBook, backup_path
from xlsales.buttons.xlsx_patch import patch_package
from xlsales.plan import layout
from xlsales.workbook.vba_project import add_to_workbook


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".~xlsales-")]


# --- reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tables_and_names_are_read_in_either_language(tmp_path, lang):
    built = build(tmp_path / "book.xlsx", lang)
    book = FileBook(built.path)
    assert book.lang == lang
    read = book.read_table(layout.CLIENTS)
    assert read.frame["client"].tolist() == [c["client"] for c in CLIENTS]
    assert read.frame["revenue_prev"].tolist()[:3] == [100, 50, None]
    assert "My notes" not in read.frame.columns and "Mes notes" not in read.frame.columns
    # header row 3: the six clients are sheet rows 4 to 9; the empty row is left out
    assert read.sheet_rows == (4, 5, 6, 7, 8, 9)
    assert read.sheet_columns["revenue_curr"] == built.column("tblClients", "revenue_curr")
    prospects = book.read_table(layout.PROSPECTS)
    assert prospects.frame["last_contact"].tolist()[0] == dt.datetime(2026, 10, 1)
    cuts = book.read_input("xls_level_cuts")
    assert cuts.values == (3.67, 2.33) and cuts.sheet == layout.sheet_name("potential", lang)
    assert book.read_input("xls_today").values == (dt.datetime(2026, 11, 26),)


def test_a_name_on_a_sheet_whose_name_has_an_apostrophe(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr")
    book = FileBook(built.path)
    book.write_areas({"xls_plan_actions": [["Thème", "Action"]]})
    book.save()
    sheet, row, col = built.names["xls_plan_actions"]
    assert sheet == "Plan d'action"
    cells = openpyxl.load_workbook(built.path)[sheet]
    assert cells.cell(row, col).value == "Thème"
    assert cells.cell(row + 1, col).value is None  # the old block is cleared


def test_texts_with_characters_xml_cannot_hold_are_read_as_typed(tmp_path):
    # A carriage return or a bell is stored as _x000D_ or _x0007_ (ECMA-376 Part 1,
    # 22.9.2.19), both in shared strings (Excel, XlsxWriter) and in the inline strings a
    # macro writes; openpyxl hands them over escaped.
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Clients")
    names = ["\r=1", "Dupont\r\nSA", "bell\x07"]
    sheet.add_table(0, 0, len(names), 1, {"name": "tblClients", "columns": [
        {"header": "Client code"}, {"header": "Client name"}],
        "data": [[name, name] for name in names]})
    book.close()
    assert FileBook(path).read_table(layout.CLIENTS).frame["name"].tolist() == names
    # as a macro writes them (inline strings, xlsx_patch), then read again
    path.write_bytes(patch_package(path.read_bytes(), {"Clients": {(2, 1): "\r=2"}})[0])
    assert FileBook(path).read_table(layout.CLIENTS).frame["client"].tolist()[0] == "\r=2"


# --- what a save keeps ---------------------------------------------------------------------


def rich_workbook(path: Path) -> Path:
    """A macro-enabled workbook with everything a user's workbook may hold: a table with a
    formula column, a chart on an output area, a button running a macro, the VBA project,
    a data validation, a conditional format, a comment, formulas with cached results."""
    book = xlsxwriter.Workbook(path)
    guide = book.add_worksheet("Guide")
    clients = book.add_worksheet("Clients")
    portfolio = book.add_worksheet("Portfolio")
    headers = [c.en for c in layout.CLIENTS.columns]
    data = [["C1", "Alpha", None, None, 100, 120], ["C2", "Beta", None, None, 50, None]]
    clients.add_table(1, 0, 1 + len(data), len(headers) - 1, {
        "name": "tblClients", "data": data,
        "columns": [{"header": h, **({"formula": '=IF([@[Revenue N]]>0,"client","")'}
                                     if h == "Status N-1 → N" else {})} for h in headers]})
    book.define_name("xls_status", "=Guide!$B$2:$C$2")
    book.define_name("xls_lost_list", "=Portfolio!$B$4:$D$503")
    book.define_name("xls_new_list", "=Portfolio!$F$4:$H$503")
    portfolio.write("B2", "Lost clients")
    portfolio.write_formula("J2", "=SUM(D5:D503)", None, 0)
    portfolio.data_validation("J4", {"validate": "decimal", "criteria": "between",
                                     "minimum": 0, "maximum": 1})
    portfolio.conditional_format("D5:D503", {"type": "cell", "criteria": ">", "value": 10,
                                              "format": book.add_format({"bold": True})})
    portfolio.write_comment("B2", "Refreshed by the button")
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"categories": "=Portfolio!$B$5:$B$20",
                      "values": "=Portfolio!$D$5:$D$20", "name": "Lost revenue"})
    portfolio.insert_chart("K4", chart)
    portfolio.insert_button("K2", {"macro": "XlsalesRefreshPortfolio",
                                   "caption": "Refresh the portfolio"})
    guide.write("B1", "Status")
    add_to_workbook(book)
    book.close()
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def outside(xml: bytes, rows) -> str:
    """A worksheet's XML without the given rows and the <dimension> that spans them."""
    text = re.sub(r'<dimension ref="[^"]*"/>', "", xml.decode())
    for row in rows:
        text = re.sub(rf'<row r="{row}"[^>]*?(/>|>.*?</row>)', "", text)
    return text


def test_an_openpyxl_round_trip_would_change_the_users_parts(tmp_path):
    # Why book_file writes through xlsx_patch: openpyxl (even with keep_vba) rewrites the
    # chart and the button's drawing and forgets the formulas' cached results.
    path = rich_workbook(tmp_path / "rich.xlsm")
    book = openpyxl.load_workbook(path, keep_vba=True)
    book.save(tmp_path / "openpyxl.xlsm")
    before, after = members(path), members(tmp_path / "openpyxl.xlsm")
    assert after["xl/charts/chart1.xml"] != before["xl/charts/chart1.xml"]
    assert after["xl/drawings/vmlDrawing1.vml"] != before["xl/drawings/vmlDrawing1.vml"]
    assert b"<v>0</v>" in before["xl/worksheets/sheet3.xml"]  # J2's cached result
    assert b"<v>0</v>" not in after["xl/worksheets/sheet3.xml"]


def test_a_save_changes_only_the_sheets_it_wrote(tmp_path):
    path = rich_workbook(tmp_path / "rich.xlsm")
    before = members(path)
    book = FileBook(path, backup=False)
    book.write_areas({"xls_lost_list": [["Client", "Name", "Revenue N-1"], ["C9", "=Nine", 70.0],
                                        ["C8", "Eight", 20.0]],
                      "xls_status": [["Refreshed", dt.datetime(2026, 11, 26)]]})
    assert book.save() == (path, None)
    after = members(path)
    assert list(after) == list(before)  # same members, same order
    changed = {name for name in before if after[name] != before[name]}
    # Portfolio and Guide; styles.xml got a date format (this workbook had none)
    assert changed == {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml", "xl/styles.xml"}
    styles_before = before["xl/styles.xml"].decode()
    styles_after = after["xl/styles.xml"].decode()
    assert re.sub(r"<cellXfs.*</cellXfs>", "", styles_before) == \
        re.sub(r"<cellXfs.*</cellXfs>", "", styles_after)
    # the rest of each written sheet is byte for byte as it was: J2's formula and cached
    # result, the validation, the conditional format, the drawing and the button's VML
    for part, rows in (("xl/worksheets/sheet3.xml", range(4, 504)),
                       ("xl/worksheets/sheet1.xml", [2])):
        assert outside(after[part], rows) == outside(before[part], rows)
    kept = after["xl/worksheets/sheet3.xml"].decode()
    assert '<c r="J2"><f>SUM(D5:D503)</f><v>0</v></c>' in kept
    assert all(f"<{part}" in kept for part in ("dataValidations", "conditionalFormatting",
                                               "drawing", "legacyDrawing"))
    values = openpyxl.load_workbook(path)["Portfolio"]
    assert [values.cell(5, c).value for c in (2, 3, 4)] == ["C9", "=Nine", 70]
    assert values.cell(5, 3).data_type == "s"  # text, not a formula


@pytest.mark.libreoffice
def test_libreoffice_opens_the_result_and_reads_the_written_values(tmp_path):
    require_libreoffice()
    path = rich_workbook(tmp_path / "rich.xlsm")
    book = FileBook(path, backup=False)
    book.write_areas({"xls_lost_list": [["Client", "Name", "Revenue N-1"], ["C9", "Nine", 70.0],
                                        ["C8", "Eight", 20.5]]})
    book.save()
    result = openpyxl.load_workbook(recalculate(path, tmp_path / "lo"), data_only=True)
    portfolio = result["Portfolio"]
    assert [portfolio.cell(5, c).value for c in (2, 3, 4)] == ["C9", "Nine", 70]
    assert portfolio["J2"].value == 90.5  # =SUM(D5:D503) recomputed: 70 + 20.5


# --- saving atomically ----------------------------------------------------------------------


def test_in_place_with_a_backup_of_the_original(tmp_path):
    built = build(tmp_path / "plan.xlsm", "en")
    original = built.path.read_bytes()
    os.chmod(built.path, 0o640)
    book = FileBook(built.path)
    book.write_areas({"xls_status": [["done"]]})
    saved, kept = book.save()
    assert saved == built.path and kept == tmp_path / "plan.bak.xlsm" == backup_path(saved)
    assert kept.read_bytes() == original and saved.read_bytes() != original
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640  # the user's permissions stay
    assert leftovers(tmp_path) == []


def test_into_another_file_leaves_the_original_alone(tmp_path):
    built = build(tmp_path / "plan.xlsx", "en")
    original = built.path.read_bytes()
    book = FileBook(built.path, output=tmp_path / "copy.xlsx")
    book.write_areas({"xls_status": [["done"]]})
    assert book.save() == (tmp_path / "copy.xlsx", None)
    assert built.path.read_bytes() == original
    assert not backup_path(built.path).exists()
    with pytest.raises(WorkbookFileError) as caught:
        FileBook(built.path, output=tmp_path / "copy.xlsm")
    assert caught.value.problem == "extension"


def test_without_a_backup(tmp_path):
    built = build(tmp_path / "plan.xlsx", "en")
    book = FileBook(built.path, backup=False)
    book.write_areas({"xls_status": [["done"]]})
    book.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


@pytest.mark.parametrize("lock", ["~$plan.xlsx", ".~lock.plan.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_refused(tmp_path, lock):
    built = build(tmp_path / "plan.xlsx", "en")
    (tmp_path / lock).write_bytes(b"owner")
    with pytest.raises(WorkbookFileError) as caught:
        FileBook(built.path)
    assert caught.value.problem == "locked" and lock in caught.value.message("en")


def test_a_read_only_workbook_is_refused_even_to_an_administrator(tmp_path):
    built = build(tmp_path / "plan.xlsx", "en")
    original = built.path.read_bytes()
    os.chmod(built.path, 0o444)
    with pytest.raises(WorkbookFileError) as caught:
        FileBook(built.path)
    assert caught.value.problem == "read_only"
    assert caught.value.message("fr") == "plan.xlsx est en lecture seule : rien n'a été écrit"
    assert built.path.read_bytes() == original and leftovers(tmp_path) == []


def test_a_workbook_changed_by_someone_else_meanwhile_is_not_overwritten(tmp_path):
    built = build(tmp_path / "plan.xlsx", "en")
    book = FileBook(built.path)
    book.write_areas({"xls_status": [["done"]]})
    built.path.write_bytes(built.path.read_bytes() + b"\0")  # saved by another program
    theirs = built.path.read_bytes()
    with pytest.raises(WorkbookFileError) as caught:
        book.save()
    assert caught.value.problem == "changed"
    assert built.path.read_bytes() == theirs and leftovers(tmp_path) == []
    assert not backup_path(built.path).exists()


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_while_writing_leaves_the_file_and_no_temporary(tmp_path, monkeypatch,
                                                                  failing):
    built = build(tmp_path / "plan.xlsx", "en")
    original = built.path.read_bytes()
    book = FileBook(built.path, backup=False)
    book.write_areas({"xls_status": [["done"]]})

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"xlsales.buttons.book_file.os.{failing}", broken)
    with pytest.raises(WorkbookFileError) as caught:
        book.save()
    assert caught.value.problem == "unwritable" and "No space left" in caught.value.message()
    assert built.path.read_bytes() == original and leftovers(tmp_path) == []


def test_an_exception_in_the_middle_of_writing_the_temporary_file(tmp_path, monkeypatch):
    built = build(tmp_path / "plan.xlsx", "en")
    original = built.path.read_bytes()
    book = FileBook(built.path)
    book.write_areas({"xls_status": [["done"]]})
    real_write_bytes = Path.write_bytes

    def half_written(self, data):
        real_write_bytes(self, data[: len(data) // 2])
        raise KeyboardInterrupt  # the user pressed Ctrl-C

    monkeypatch.setattr(Path, "write_bytes", half_written)
    with pytest.raises(KeyboardInterrupt):
        book.save()
    assert built.path.read_bytes() == original and leftovers(tmp_path) == []


def test_a_backup_never_replaces_the_users_own_copy(tmp_path):
    # The user saved their own copy as plan.bak.xlsx before pressing the button: it is
    # theirs, not a backup xlsales wrote, and each run keeps its backup under a free name.
    built = build(tmp_path / "plan.xlsx", "en")
    theirs = tmp_path / "plan.bak.xlsx"
    theirs.write_bytes(b"my own copy of last month")
    original = built.path.read_bytes()
    book = FileBook(built.path)
    book.write_areas({"xls_status": [["first"]]})
    assert book.save() == (built.path, tmp_path / "plan.bak-2.xlsx")
    assert theirs.read_bytes() == b"my own copy of last month"
    assert (tmp_path / "plan.bak-2.xlsx").read_bytes() == original
    first = built.path.read_bytes()
    book = FileBook(built.path)
    book.write_areas({"xls_status": [["second"]]})
    assert book.save() == (built.path, tmp_path / "plan.bak-3.xlsx")
    assert (tmp_path / "plan.bak-3.xlsx").read_bytes() == first
    assert (tmp_path / "plan.bak-2.xlsx").read_bytes() == original
    assert theirs.read_bytes() == b"my own copy of last month" and leftovers(tmp_path) == []


@pytest.mark.parametrize("own_copy", [False, True])
def test_a_save_that_fails_leaves_every_file_as_it_was(tmp_path, monkeypatch, own_copy):
    # The disk fills up as the new workbook takes its name: neither the workbook, nor the
    # user's plan.bak.xlsx, nor the folder (no new backup) may show a trace of the run.
    built = build(tmp_path / "plan.xlsx", "en")
    if own_copy:
        (tmp_path / "plan.bak.xlsx").write_bytes(b"my own copy")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    book = FileBook(built.path)
    book.write_areas({"xls_status": [["done"]]})
    real_replace = os.replace

    def full_disk(source, target, *args, **kwargs):
        if Path(target) == built.path:
            raise OSError(28, "No space left on device")
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WorkbookFileError) as caught:
        book.save()
    assert caught.value.message() == ("plan.xlsx cannot be written (No space left on "
                                      "device): nothing was changed")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- files that are not workbooks ------------------------------------------------------------


def test_files_that_cannot_be_read(tmp_path):
    def problem(path: Path) -> str:
        with pytest.raises(WorkbookFileError) as caught:
            FileBook(path)
        return caught.value.problem

    assert problem(tmp_path / "absent.xlsx") == "missing"
    (tmp_path / "data.csv").write_text("a,b\n")
    assert problem(tmp_path / "data.csv") == "not_workbook"
    (tmp_path / "text.xlsx").write_text("not a zip")
    assert problem(tmp_path / "text.xlsx") == "unreadable"
    (tmp_path / "secret.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert problem(tmp_path / "secret.xlsx") == "encrypted"

"""The live book over xlwings' API, against the in-memory fake of that API surface
(tests/harness/fake_xlwings.py): it reads what the file book reads, writes text as text,
and a run that fails half-way puts the areas back and says why in the status area."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests.harness.fake_xlwings import FakeBook, Formula
from tests.harness.workbooks import build
from xlsales.buttons import macros
from xlsales.buttons.book_file import FileBook
from xlsales.buttons.book_live import LiveBook
from xlsales.common.errors import XlsalesError
from xlsales.plan import layout

STATUS = layout.AREA_BY_NAME["xls_status"]
LOST = layout.AREA_BY_NAME["xls_lost_list"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_it_reads_what_the_file_book_reads(tmp_path, lang):
    built = build(tmp_path / "book.xlsx", lang)
    live, file = LiveBook(FakeBook.from_file(built.path)), FileBook(built.path)
    assert live.lang == file.lang == lang
    for table in layout.TABLES.values():
        a, b = live.read_table(table), file.read_table(table)
        assert (a.sheet, a.table_rows, a.sheet_rows, a.headers) == (
            b.sheet, b.table_rows, b.sheet_rows, b.headers)
        # COM hands every number as a float: 120.0 where the file says 120
        assert a.frame.astype(str).replace("\\.0$", "", regex=True).equals(
            b.frame.astype(str).replace("\\.0$", "", regex=True))
    for area in layout.AREAS:
        if area.kind == "input":
            assert live.read_input(area.name).refs == file.read_input(area.name).refs
    assert live.read_input("xls_today").values == (dt.datetime(2026, 11, 26),)


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    fake = FakeBook.from_file(built.path)
    texts = ["=SUM(A1)", "+33 1", "-", "@home", "'t Hooft", "plain"]
    LiveBook(fake).write_areas({"xls_lost_list": [texts[:3], texts[3:]]})
    block = fake.block(built, LOST)
    assert block[:2] == [texts[:3], texts[3:]]
    assert not any(isinstance(v, Formula) for row in block for v in row)
    assert block[2] == [None, None, None]  # the old block below is cleared


def test_a_name_that_is_not_cells(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    fake = FakeBook.from_file(built.path)
    fake.names = [n for n in fake.names if n.name != "xls_status"]
    fake.names.append(type(fake.names[0])("xls_status", None))  # a constant, say
    with pytest.raises(XlsalesError, match="xls_status: the workbook has no name"):
        LiveBook(fake).write_areas({"xls_status": [["x"]]})


def test_a_failure_half_way_puts_the_areas_back_and_says_so(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr")
    fake = FakeBook.from_file(built.path)
    before = {a.name: fake.block(built, a) for a in layout.output_areas()}
    fake.fail_at_write = 2  # lost list written, new list half-written, then Excel fails
    with pytest.raises(RuntimeError, match="Excel stopped answering"):
        macros.refresh_portfolio(fake)
    for area in layout.output_areas():
        if area.name != "xls_status":
            assert fake.block(built, area) == before[area.name], area.name
    stamp, message = fake.block(built, STATUS)[0]
    assert stamp.startswith("Non actualisé (xlsales, ") and stamp.endswith("rien n'a été modifié")
    assert message == "Erreur inattendue, merci de la signaler : RuntimeError: " \
                      "Excel stopped answering"


def test_bad_data_is_shown_in_the_status_area_not_raised(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    book = openpyxl.load_workbook(built.path)
    book["Clients"]["G5"] = "lots"  # Revenue N-1 of the second client
    book.save(built.path)
    fake = FakeBook.from_file(built.path)
    before = fake.block(built, LOST)
    result = macros.refresh_portfolio(fake)
    assert result.error is not None and result.written == {}
    message = "tblClients, row 2 (sheet Clients, cell G5), column 'Revenue N-1': " \
              "'lots' is not a number"
    assert result.error.message("en") == message
    assert fake.block(built, STATUS)[0][1] == message
    assert fake.block(built, LOST) == before
    assert fake.writes == 1  # the status area only
    assert fake.app.alerts == [(message, "xlsales")]  # and a message box says it too


def test_a_button_finds_its_workbook_through_xlwings(tmp_path, monkeypatch):
    built = build(tmp_path / "book.xlsx", "en")
    fake = FakeBook.from_file(built.path)
    monkeypatch.setattr(macros, "_caller", lambda: fake)  # xlwings.Book.caller() in Excel
    result = macros.refresh_activity()
    assert result.error is None and result.saved is None
    assert fake.block(built, layout.AREA_BY_NAME["xls_team_advice"])[1] == [
        "Ann", "Orientation", "index 210 → 252 (+20.0%)"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_live_and_file_runs_write_the_same_cells(tmp_path, lang):
    built = build(tmp_path / "book.xlsx", lang)
    fake = FakeBook.from_file(built.path)
    when = dt.datetime(2026, 11, 26, 9, 30)
    macros.run_macro("refresh_all", LiveBook(fake), when=when)
    macros.run_macro("refresh_all", FileBook(built.path, backup=False), when=when)
    written = openpyxl.load_workbook(built.path)
    for area in layout.output_areas():
        title, row, col = built.names[area.name]
        sheet = written[title]
        from_file = [[sheet.cell(row + r, col + c).value for c in range(area.cols)]
                     for r in range(area.rows)]
        assert fake.block(built, area) == from_file, area.name


def _with_error_cells(built, revenue_error: str, setting_error: str):
    """The workbook with an error in the second client's revenue N and in the reference
    date, as formulas that fail leave them (openpyxl writes an error's text as an error
    cell)."""
    book = openpyxl.load_workbook(built.path)
    sheet_name, header_row, first_col, headers = built.tables["tblClients"]
    column = first_col + headers.index(layout.CLIENTS.column("revenue_curr").header(built.lang))
    book[sheet_name].cell(header_row + 2, column, revenue_error)
    title, row, col = built.names["xls_today"]
    book[title].cell(row, col, setting_error)
    book.save(built.path)
    return openpyxl.utils.get_column_letter(column) + str(header_row + 2), \
        f"{openpyxl.utils.get_column_letter(col)}{row}"


@pytest.mark.parametrize("engine", ["com", "lite"])
@pytest.mark.parametrize("error", ["#N/A", "#SPILL!"])  # named by xlwings, and a bare code
def test_an_error_cell_is_reported_at_its_cell_as_a_file_run_reports_it(tmp_path, engine,
                                                                        error):
    built = build(tmp_path / "book.xlsx", "en")
    cell, setting = _with_error_cells(built, error, "#DIV/0!")
    expected = (f"tblClients, row 2 (sheet Clients, cell {cell}), column 'Revenue N': the "
                f"cell holds the error {error}")
    with pytest.raises(XlsalesError) as from_file:
        macros.run_macro("refresh_portfolio", FileBook(built.path, backup=False))
    fake = FakeBook.from_file(built.path, engine=engine)
    result = macros.refresh_portfolio(fake)  # a live run shows it in the status area
    assert from_file.value.message() == str(result.error.message()) == expected
    assert fake.block(built, STATUS)[0][1] == expected
    # a setting: the reference date holding #DIV/0!
    with pytest.raises(XlsalesError) as from_file:
        macros.run_macro("refresh_qualification", FileBook(built.path, backup=False))
    live = macros.refresh_qualification(FakeBook.from_file(built.path, engine=engine))
    assert from_file.value.message() == live.error.message()
    assert live.error.message().endswith(f"(sheet Qualification, cell {setting}): the cell "
                                         "holds the error #DIV/0!")


def test_a_written_block_widens_the_sheet_print_area(tmp_path):
    # issue 11 item 6: a refreshed list prints whole, in Excel as in a file
    built = build(tmp_path / "book.xlsx", "en")
    fake = FakeBook.from_file(built.path)
    title = layout.sheet_name(LOST.sheet, "en")
    sheet = next(s for s in fake.sheets if s.name == title)

    class Setup:
        print_area = "$A$1:$B$3"

    sheet.page_setup = Setup()
    LiveBook(fake).write_areas({"xls_lost_list": [["C1", "Alpha", 1.0]] * 5})
    _, ref = next(iter(openpyxl.load_workbook(built.path).defined_names["xls_lost_list"]
                       .destinations))
    first = openpyxl.utils.cell.range_boundaries(ref.replace("$", ""))
    last_row, last_col = first[1] + 4, first[0] + 2
    end = sheet.page_setup.print_area.split(":")[1].split("$")
    assert openpyxl.utils.column_index_from_string(end[1]) >= last_col
    assert int(end[2]) >= last_row

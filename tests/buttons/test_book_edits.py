"""Workbooks as users and their scripts edit them (issue 12 items 5 and 6, issue 11.6):
what a button reads must be what the workbook's own formulas read, or the button says so.

Each workbook is built by the test harness with openpyxl, then edited with openpyxl the
way a user's script saves one: a number typed as text, a formula saved without its result
(openpyxl writes ``<f>..</f><v/>``), rows typed just under the Clients table, outside
its range. The expected figures come from the harness's book, worked out in
tests/buttons/test_macros.py: lost clients C6 (70 in N-1) and C4 (20).
"""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from tests.harness.fake_xlwings import FakeBook
from tests.harness.workbooks import areas_of, build
from xlsales.buttons import macros
from xlsales.buttons.book_file import FileBook
from xlsales.buttons.book_inputs import read_book_inputs
from xlsales.buttons.book_live import LiveBook
from xlsales.buttons.macros import run_macro_file
from xlsales.buttons.uncomputed import formulas_without_results
from xlsales.common.errors import XlsalesError
from xlsales.workbook.committed import WORKBOOKS

BELOW = {
    "en": "2 rows below tblClients are not in the table: extend the table to include them",
    "fr": "2 lignes sous tblClients ne sont pas dans le tableau : étendez le tableau pour "
          "les inclure",
}


def edited(tmp_path, lang="en", **build_args):
    built = build(tmp_path / "book.xlsx", lang, **build_args)
    return built, openpyxl.load_workbook(built.path)


def table_end(book, name):
    for sheet in book.worksheets:
        if name in sheet.tables:
            return sheet, range_boundaries(sheet.tables[name].ref)[3]
    raise KeyError(name)


def paste_below(built, book, rows):
    """``rows`` (key → value) typed just under tblClients' range."""
    sheet, last = table_end(book, "tblClients")
    for i, record in enumerate(rows, start=1):
        for key, value in record.items():
            sheet.cell(last + i, built.column("tblClients", key), value)
    book.save(built.path)


# --- rows typed below a table ---------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rows_below_the_clients_table_are_named_in_the_status(tmp_path, lang):
    built, book = edited(tmp_path, lang)
    paste_below(built, book, [dict(client="C7", revenue_prev=500),
                              dict(client="C8", revenue_prev=300)])
    result = run_macro_file("refresh_portfolio", built.path, backup=False)
    assert BELOW[lang] in result.notes
    areas = areas_of(built.path, built)
    assert BELOW[lang] in areas["xls_status"][0][1]
    # the rows are not read: lost are still C6 and C4 only, not C7 and C8
    assert [row[0] for row in areas["xls_lost_list"][1:] if row[0]] == ["C6", "C4"]


def test_one_row_below_and_a_live_book_say_the_same(tmp_path):
    built, book = edited(tmp_path, "en")
    paste_below(built, book, [dict(client="C7", revenue_prev=500)])
    for reader in (FileBook(built.path), LiveBook(FakeBook.from_file(built.path))):
        notes = read_book_inputs(reader, ("tblClients",), ()).notes
        assert notes == ("1 row below tblClients is not in the table: extend the table to "
                         "include it",)
    live = LiveBook(FakeBook.from_file(built.path))
    paste_below(built, book, [dict(client="C7", revenue_prev=500), dict(name="Eta")])
    assert BELOW["en"] in macros.run_macro("refresh_portfolio",
                                           LiveBook(FakeBook.from_file(built.path))).notes
    assert live.read_table(macros.layout.CLIENTS).below == 1


def test_a_blank_row_ends_what_is_below(tmp_path):
    built, book = edited(tmp_path, "en")
    sheet, last = table_end(book, "tblClients")
    sheet.cell(last + 2, built.column("tblClients", "client"), "far away")  # row +1 empty
    book.save(built.path)
    assert read_book_inputs(FileBook(built.path), ("tblClients",), ()).notes == ()


# --- numbers typed as text ------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_number_typed_as_text_is_rewritten_as_a_number_and_told(tmp_path, lang):
    built, book = edited(tmp_path, lang)
    # C4 had no revenue in N (lost); "1 234,50" typed as text makes it retained for
    # Python, and SUMIFS would skip the text: the button writes the number in the cell
    column = built.column("tblClients", "revenue_curr")
    sheet = book[built.tables["tblClients"][0]]
    sheet.cell(7, column, "1 234,50")
    book.save(built.path)
    result = run_macro_file("refresh_portfolio", built.path, backup=False)
    after = openpyxl.load_workbook(built.path)[sheet.title].cell(7, column)
    assert after.value == 1234.5 and after.data_type == "n"
    note = {"en": "tblClients: 1 cell typed as text rewritten as a number or a date, so that "
                  "the formulas count it (sheet Clients, cell H7: '1 234,50' → 1234.5)",
            "fr": "tblClients : 1 cellule saisie en texte réécrite en nombre ou en date, pour "
                  "que les formules la comptent (feuille Clients, cellule H7 : '1 234,50' → "
                  "1234,5)"}[lang]
    assert note in result.notes
    areas = areas_of(built.path, built)
    assert note in areas["xls_status"][0][1]
    assert [row[0] for row in areas["xls_lost_list"][1:] if row[0]] == ["C6"]


def test_text_dates_are_rewritten_as_dates(tmp_path):
    built, book = edited(tmp_path, "en")
    column = built.column("tblProspects", "last_contact")
    sheet = book[built.tables["tblProspects"][0]]
    sheet.cell(4, column, "12/31/2025")  # first prospect; the column proves month first
    sheet.cell(6, column, "01/02/2026")  # third: 2 January
    book.save(built.path)
    inputs = read_book_inputs(FileBook(built.path), ("tblProspects",), ())
    assert sorted(inputs.rewrites.values()) == [
        macros.dt.datetime(2025, 12, 31), macros.dt.datetime(2026, 1, 2)]
    assert inputs.rewrite_notes[0].startswith("tblProspects: 2 cells typed as text")


# --- formulas saved without their result ----------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_formula_without_a_saved_result_stops_the_run_at_its_cell(tmp_path, lang):
    built, book = edited(tmp_path, lang)
    # C1's revenue N as a formula a script wrote: openpyxl saves no result, so the cell
    # reads blank and C1 (100 in N-1) would be "lost"
    column = built.column("tblClients", "revenue_curr")
    sheet = book[built.tables["tblClients"][0]]
    sheet.cell(4, column, "=100*1.2")
    book.save(built.path)
    before = built.path.read_bytes()
    assert formulas_without_results(before) == {sheet.title: {(4, column)}}
    with pytest.raises(XlsalesError) as caught:
        run_macro_file("refresh_portfolio", built.path, backup=False)
    header = {"en": "Revenue N", "fr": "CA N"}[lang]
    expected = {
        "en": f"tblClients, row 1 (sheet Clients, cell H4), column '{header}': the cell holds "
              "a formula with no saved result (a file written by a script): open the "
              "workbook in Excel or LibreOffice, save it, then run again",
        "fr": f"tblClients, ligne 1 (feuille Clients, cellule H4), colonne '{header}' : la "
              "cellule contient une formule sans résultat enregistré (un fichier écrit par un "
              "script) : ouvrez le classeur dans Excel ou LibreOffice, enregistrez-le, puis "
              "relancez"}[lang]
    assert caught.value.message(lang) == expected
    assert built.path.read_bytes() == before


def test_a_setting_given_by_a_formula_without_result_is_not_taken_for_blank(tmp_path):
    built, book = edited(tmp_path, "en")
    sheet, cell = built.cell("xls_abc_a_share")
    book[sheet][cell] = "=0.5+0.1"
    book.save(built.path)
    with pytest.raises(XlsalesError) as caught:
        read_book_inputs(FileBook(built.path), (), ("xls_abc_a_share",))
    assert caught.value.message("en").startswith(
        f"A limit (cumulative share of revenue) (sheet ABC, cell {cell}): the cell holds a "
        "formula with no saved result")


def test_formulas_with_results_are_not_flagged():
    # the committed templates: XlsxWriter caches every result, "" typed as text
    for path in WORKBOOKS.glob("*.xlsx"):
        assert formulas_without_results(path.read_bytes()) == {}, path.name


def test_a_live_book_gets_the_number_written_in_its_cell(tmp_path):
    built, book = edited(tmp_path, "en")
    column = built.column("tblClients", "revenue_curr")
    sheet = book[built.tables["tblClients"][0]]
    sheet.cell(7, column, "1 234,50")
    book.save(built.path)
    fake = FakeBook.from_file(built.path)
    result = macros.run_macro("refresh_portfolio", LiveBook(fake))
    assert fake.sheet(sheet.title).cells[(7, column)] == 1234.5
    assert any("'1 234,50' → 1234.5" in note for note in result.notes)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_share_setting_typed_as_text_is_rewritten_as_a_number(tmp_path, lang):
    # "60 %" as text: Python reads 0.6; the template's formulas would read no number
    built = build(tmp_path / "book.xlsx", lang, settings={"xls_abc_a_share": "60 %"})
    result = run_macro_file("refresh_all", built.path, backup=False)
    sheet, cell = built.cell("xls_abc_a_share")
    after = openpyxl.load_workbook(built.path)[sheet][cell]
    assert after.value == 0.6 and after.data_type == "n"
    label = {"en": "A limit (cumulative share of revenue)",
             "fr": "Limite A (part cumulée du CA)"}[lang]
    note = {"en": f"{label}: typed as text, rewritten as a number or a date so that the "
                  f"formulas read it (sheet ABC, cell {cell}: '60 %' → 0.6)",
            "fr": f"{label} : saisi en texte, réécrit en nombre ou en date pour que les "
                  f"formules le lisent (feuille ABC, cellule {cell} : '60 %' → 0,6)"}[lang]
    assert note in result.notes

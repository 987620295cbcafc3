"""How cells read (issue 11 item 6): the year as 2025, never 2,025; the projection's
clients whole; dates day first in French; a space before a colon in French labels."""

import datetime as dt

import openpyxl
import pytest

from xlsales.plan import layout
from xlsales.workbook import template_data, workbook_bytes


@pytest.fixture(scope="module", params=["en", "fr"])
def book(request, tmp_path_factory):
    lang = request.param
    path = tmp_path_factory.mktemp("sees") / f"template-{lang}.xlsx"
    path.write_bytes(workbook_bytes(template_data(), lang=lang))
    return lang, openpyxl.load_workbook(path)


def _named(workbook, name):
    title, ref = next(iter(workbook.defined_names[name].destinations))
    return workbook[title.strip("'").replace("''", "'")][ref.replace("$", "")]


def test_the_year_reads_2025(book):
    _, workbook = book
    cell = _named(workbook, "xls_year_curr")
    assert cell.value == 2025
    assert "," not in cell.number_format and cell.number_format == "0"


def test_the_projection_counts_whole_clients(book):
    _, workbook = book
    cells = [c for row in _named(workbook, "fig_projection") for c in row if c.value]
    assert cells and all(c.number_format == "#,##0" for c in cells)


def test_dates_read_day_first_in_french(book):
    lang, workbook = book
    sheet = workbook[layout.sheet_name("qualification", lang)]
    dated = [c for row in sheet.iter_rows() for c in row
             if isinstance(c.value, dt.datetime)]
    assert dated
    expected = "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"
    assert {c.number_format for c in dated} == {expected}


def test_french_puts_a_space_before_a_colon(book):
    lang, workbook = book
    sheet = workbook[layout.sheet_name("potential", lang)]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    approach = next(t for t in texts if t.startswith(("Secure", "Sécuriser")))
    assert approach.startswith("Sécuriser : " if lang == "fr" else "Secure: ")


def _widths(sheet):
    widths = {}
    for dim in sheet.column_dimensions.values():
        for col in range(dim.min or 0, (dim.max or 0) + 1):
            widths[col] = dim.width
    return widths


def test_headers_wrap_at_spaces_never_inside_a_word(book):
    # a bold letter is taken as 1.1 column units, plus 1.4 for the cell's margins
    _, workbook = book
    cut = []
    for sheet in workbook.worksheets:
        widths = _widths(sheet)
        merged = {c for rng in sheet.merged_cells.ranges for row in sheet[rng.coord]
                  for c in (row if isinstance(row, tuple) else (row,))}
        for row in sheet.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.alignment.wrap_text
                        and cell.font.b) or cell.value.startswith("=") or cell in merged:
                    continue
                width = widths.get(cell.column, 8.43)
                long = [w for w in cell.value.split() if len(w) * 1.1 + 1.4 > width]
                if long:
                    cut.append((sheet.title, cell.coordinate, long))
    assert not cut

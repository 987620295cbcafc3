"""Print areas cover every row a sheet holds, fitted to the page's width, and still do
after a button writes rows (issue 11 item 6: the Plan's print area stopped at row 81, and
after a refresh five actions were missing from the PDF).

A cell "held" is a visible cell with a value or a formula; the check reads the file with
openpyxl, independently of how the writer measured its sheets.
"""

import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from tests.harness import ledgers
from xlsales.app.report import make_report
from xlsales.buttons.macros import run_macro_file
from xlsales.plan import layout
from xlsales.workbook import template_data, workbook_bytes


def _hidden_columns(sheet):
    hidden = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden:
            hidden.update(range(dim.min or 0, (dim.max or 0) + 1))
    return hidden


def uncovered(path):
    """Per sheet, the held cells outside its print area, and the sheets not fitted to
    one page wide."""
    book = openpyxl.load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        hidden = _hidden_columns(sheet)
        held = [c for row in sheet.iter_rows() for c in row
                if c.value not in (None, "") and c.column not in hidden]
        area = sheet.print_area
        if not area:
            out[sheet.title] = "no print area"
            continue
        _, _, last_col, last_row = range_boundaries(
            (area if isinstance(area, str) else area[0]).split("!")[-1].replace("$", ""))
        outside = [c.coordinate for c in held if c.row > last_row or c.column > last_col]
        if outside:
            out[sheet.title] = outside[:5]
        setup = sheet.page_setup
        if not (sheet.sheet_properties.pageSetUpPr.fitToPage
                and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0):
            out[sheet.title] = ("fit", setup.fitToWidth, setup.fitToHeight)
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_sheet_of_the_template_prints_whole(tmp_path, lang):
    path = tmp_path / f"template-{lang}.xlsx"
    path.write_bytes(workbook_bytes(template_data(), lang=lang))
    assert uncovered(path) == {}


def test_every_sheet_of_a_report_prints_whole(tmp_path):
    output = tmp_path / "plan.xlsx"
    make_report(ledgers.french_csv(tmp_path), output, today=ledgers.TODAY, force=True)
    assert uncovered(output) == {}


def test_the_plan_prints_its_last_action(tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook_bytes(template_data()))
    sheet = openpyxl.load_workbook(path)[layout.sheet_name("plan", "en")]
    last = max(c.row for row in sheet.iter_rows() for c in row if c.value not in (None, ""))
    assert sheet.cell(last, 1).value  # a topic of the action plan, the sheet's last row
    area = sheet.print_area if isinstance(sheet.print_area, str) else sheet.print_area[0]
    assert int(re.search(r"(\d+)$", area).group(1)) >= last


def _shrunk(content: bytes) -> bytes:
    """The workbook with every print area cut to A1:F10, as an older copy might hold."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"(_xlnm\.Print_Area[^>]*>[^<]*!)\$A\$1:\$[A-Z]+\$\d+",
                              rb"\1$A$1:$F$10", data)
            target.writestr(info, data)
    return out.getvalue()


def _area_cells_outside(path):
    """Per sheet, the cells of the output areas (what the buttons write) holding a value
    outside the sheet's print area."""
    book = openpyxl.load_workbook(path)
    out = {}
    for area in layout.AREAS:
        if area.kind != "output" or area.name not in book.defined_names:
            continue
        for title, ref in book.defined_names[area.name].destinations:
            sheet = book[title.replace("''", "'")]
            printed = sheet.print_area if isinstance(sheet.print_area, str) \
                else sheet.print_area[0]
            _, _, last_col, last_row = range_boundaries(
                printed.split("!")[-1].replace("$", ""))
            cells = sheet[ref.replace("$", "")]
            for row in cells if isinstance(cells, tuple) else ((cells,),):
                for cell in row if isinstance(row, tuple) else (row,):
                    if cell.value not in (None, "") and (cell.row > last_row
                                                         or cell.column > last_col):
                        out.setdefault(title, []).append(cell.coordinate)
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_button_that_writes_rows_widens_the_print_area(tmp_path, lang):
    path = tmp_path / f"plan-{lang}.xlsx"
    path.write_bytes(_shrunk(workbook_bytes(template_data(), lang=lang)))
    run_macro_file("refresh_all", path, backup=False)
    assert _area_cells_outside(path) == {}
    # the Plan's actions and the Portfolio's lists are printed whole again
    assert not {layout.sheet_name(k, lang) for k in ("plan", "portfolio")} \
        & set(uncovered(path))


def test_the_shrunk_copy_fails_without_the_widening(tmp_path):
    # the check above can fail: before the refresh the shrunk copy hides the actions
    path = tmp_path / "plan.xlsx"
    path.write_bytes(_shrunk(workbook_bytes(template_data())))
    assert layout.sheet_name("plan", "en") in _area_cells_outside(path)

"""Calculated columns stored once as shared formulas; the zip made reproducible."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import xlsxwriter

from xlsales.workbook.book import SharedColumn
from xlsales.workbook.package import finish

FORMULA = "IF(tblT[[#This Row],[A]]>1,tblT[[#This Row],[A]]*2,\"\")"


def _raw() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("S")
    sheet.add_table(0, 0, 3, 1, {"name": "tblT", "columns": [
        {"header": "A"}, {"header": "B", "formula": "=" + FORMULA}]})
    for i, value in enumerate((1, 2, 3)):
        sheet.write_number(1 + i, 0, value)
        sheet.write_formula(1 + i, 1, "=" + FORMULA, None, "" if value == 1 else value * 2)
    book.close()
    return out.getvalue()


def test_a_calculated_column_becomes_one_shared_formula():
    done = finish(_raw(), [SharedColumn(1, 1, 2, 4, FORMULA)])
    xml = zipfile.ZipFile(io.BytesIO(done)).read("xl/worksheets/sheet1.xml").decode()
    escaped = FORMULA.replace(">", "&gt;")
    assert xml.count(f'<f t="shared" ref="B2:B4" si="0">{escaped}</f>') == 1
    assert xml.count('<f t="shared" si="0"/>') == 2
    # the first row's cached "no value" is typed as text, as Excel types an empty result
    assert f'<c r="B2" t="str"><f t="shared" ref="B2:B4" si="0">{escaped}</f><v></v></c>' in xml
    # a reader that expands shared formulas finds the column's formula in every row,
    # with the cached values kept
    book = openpyxl.load_workbook(io.BytesIO(done))
    assert [book["S"][f"B{r}"].value for r in (2, 3, 4)] == ["=" + FORMULA] * 3
    values = openpyxl.load_workbook(io.BytesIO(done), data_only=True)
    assert [values["S"][f"B{r}"].value for r in (3, 4)] == [4, 6]


def test_the_zip_is_dated_1980_and_keeps_its_member_order():
    raw = _raw()
    done = finish(raw, [])
    assert [i.filename for i in zipfile.ZipFile(io.BytesIO(done)).infolist()] == [
        i.filename for i in zipfile.ZipFile(io.BytesIO(raw)).infolist()]
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(done)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)}
    assert finish(raw, []) == done

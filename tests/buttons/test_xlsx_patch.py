"""Writing cells into a package as text: only the written cells change, and spreadsheet
engines read them back (LibreOffice, and openpyxl as a second reader)."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest

from tests.harness.libreoffice import recalculate, require_libreoffice
from xlsales.buttons.xlsx_patch import UnsupportedPackage, patch_package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

SHEET = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
         '<dimension ref="A1:C2"/><sheetData>'
         '<row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="C1" s="1"><v>3</v></c></row>'
         '<row r="2" spans="1:3" ht="20" customHeight="1"><c r="B2"><v>7</v></c></row>'
         '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
         'header="0.3" footer="0.3"/></worksheet>')
# cellXfs: 0 general, 1 money (#,##0, built-in 3), 2 a custom date format
STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font/></fonts>'
          '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
          '<borders count="1"><border/></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
          '</cellStyleXfs><cellXfs count="3">'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
          'applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
          'xfId="0" builtinId="0"/></cellStyles></styleSheet>')
STYLES_WITHOUT_DATES = STYLES.replace('numFmtId="164" fontId', 'numFmtId="4" fontId')
WORKBOOK = (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Data" sheetId="1" '
            'r:id="rId1"/><sheet name="Plan d\'action" sheetId="2" r:id="rId2"/></sheets>'
            '<calcPr calcId="191029"/></workbook>')


def package(sheet: str = SHEET, *, workbook: str = WORKBOOK, styles: str | None = STYLES,
            chain: bool = False) -> bytes:
    """A small package: sheets "Data" (``sheet``) and "Plan d'action" (empty)."""
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>',
            f'<Relationship Id="rId2" Type="{REL}/worksheet" '
            'Target="/xl/worksheets/sheet2.xml"/>']
    types = ['<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.sheet.main+xml"/>',
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>',
             f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{SHEET_TYPE}"/>']
    members = {"xl/worksheets/sheet1.xml": sheet,
               "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'}
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>')
        types.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                     'openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
        members["xl/styles.xml"] = styles
    if chain:
        rels.append(f'<Relationship Id="rId4" Type="{REL}/calcChain" Target="calcChain.xml"/>')
        types.append('<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.'
                     'openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>')
        members["xl/calcChain.xml"] = f'<calcChain xmlns="{MAIN}"><c r="A1" i="1"/></calcChain>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    f'<Types xmlns="{CT}"><Default Extension="rels" ContentType="application/'
                    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                    f'ContentType="application/xml"/>{"".join(types)}</Types>')
        zf.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels",
                    f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>')
        for name, text in members.items():
            zf.writestr(name, text)
    return out.getvalue()


def member(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def cells(xml: str) -> dict[str, ET.Element]:
    return {c.get("r"): c for c in ET.fromstring(xml).iter(f"{{{MAIN}}}c")}


def test_only_the_written_cells_change():
    data, touched = patch_package(package(), {"Data": {(1, 2): 2.5, (3, 1): "new"}})
    xml = member(data, "xl/worksheets/sheet1.xml")
    # row 1 keeps A1 and C1 as they were, B2's row is untouched, row 3 is added after it
    assert '<c r="A1"><v>1</v></c><c r="B1"><v>2.5</v></c><c r="C1" s="1"><v>3</v></c>' in xml
    assert '<row r="2" spans="1:3" ht="20" customHeight="1"><c r="B2"><v>7</v></c></row>' \
        in xml
    assert xml.index('<row r="2"') < xml.index('<row r="3">')
    assert '<dimension ref="A1:C3"/>' in xml
    assert xml.endswith('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                        'header="0.3" footer="0.3"/></worksheet>')
    assert touched == ["xl/workbook.xml", "xl/worksheets/sheet1.xml"]
    source = zipfile.ZipFile(io.BytesIO(package()))
    result = zipfile.ZipFile(io.BytesIO(data))
    assert result.namelist() == source.namelist()
    for name in source.namelist():
        if name not in touched:
            assert result.read(name) == source.read(name), name


def test_text_is_never_a_formula_and_is_escaped():
    texts = {(1, 1): "=SUM(B1:B9)", (1, 2): "+33 1 23", (1, 3): "@user", (2, 1): "-",
             (2, 2): "a & b < c > d", (2, 3): " padded "}
    data, _ = patch_package(package(), {"Data": texts})
    xml = member(data, "xl/worksheets/sheet1.xml")
    assert "<f>" not in xml
    found = cells(xml)
    for (row, col), text in texts.items():
        cell = found[f"{'ABC'[col - 1]}{row}"]
        assert cell.get("t") == "inlineStr"
        assert cell.find(f"{{{MAIN}}}is/{{{MAIN}}}t").text == text
    assert '<t xml:space="preserve"> padded </t>' in xml


def test_characters_xml_cannot_hold_are_written_the_ooxml_way():
    data, _ = patch_package(package(), {"Data": {(1, 1): "a\x01b\rc_x0041_"}})
    # ST_Xstring: control characters and CR as _xHHHH_, a literal _xHHHH_ escaped
    assert "<t>a_x0001_b_x000D_c_x005F_x0041_</t>" in member(data, "xl/worksheets/sheet1.xml")


def test_numbers_booleans_and_blanks():
    data, _ = patch_package(package(), {"Data": {(1, 1): None, (1, 3): None, (2, 1): True,
                                                 (2, 3): 1e-7, (2, 4): 3}})
    found = cells(member(data, "xl/worksheets/sheet1.xml"))
    assert "A1" not in found  # no value and no style: gone
    assert found["C1"].get("s") == "1" and len(found["C1"]) == 0  # cleared, keeps its style
    assert found["A2"].get("t") == "b" and found["A2"][0].text == "1"
    assert float(found["C2"][0].text) == 1e-7
    assert found["D2"][0].text == "3"


def test_a_new_cell_outside_a_rows_spans_drops_the_hint():
    data, _ = patch_package(package(), {"Data": {(1, 5): 5, (2, 2): 7}})
    xml = member(data, "xl/worksheets/sheet1.xml")
    assert '<row r="1">' in xml  # E1 is outside spans 1:3
    assert '<row r="2" spans="1:3" ht="20" customHeight="1">' in xml  # B2 is inside


def test_dates_use_the_workbooks_date_style():
    day = dt.datetime(2026, 10, 8)
    data, touched = patch_package(package(), {"Data": {(1, 1): day, (1, 3): day}})
    found = cells(member(data, "xl/worksheets/sheet1.xml"))
    # 2026-10-08 is 46303 days after 1899-12-30
    assert found["A1"][0].text == "46303" and found["A1"].get("s") == "2"
    assert found["C1"].get("s") == "2"  # its money style cannot show a date
    assert "xl/styles.xml" not in touched


def test_a_date_style_is_added_when_the_workbook_has_none():
    data, touched = patch_package(package(styles=STYLES_WITHOUT_DATES),
                                  {"Data": {(1, 1): dt.datetime(2026, 10, 8)}})
    assert "xl/styles.xml" in touched
    styles = member(data, "xl/styles.xml")
    assert '<cellXfs count="4">' in styles
    assert styles.count('numFmtId="14"') == 1
    assert cells(member(data, "xl/worksheets/sheet1.xml"))["A1"].get("s") == "3"


def test_the_1904_date_system():
    workbook = WORKBOOK.replace("<sheets>", '<workbookPr date1904="1"/><sheets>')
    data, _ = patch_package(package(workbook=workbook),
                            {"Data": {(1, 1): dt.datetime(2026, 10, 8)}})
    # the 1904 system counts from 1904-01-01: 1462 days fewer
    assert cells(member(data, "xl/worksheets/sheet1.xml"))["A1"][0].text == str(46303 - 1462)


def test_calc_chain_is_dropped_and_a_full_recalculation_asked():
    data, touched = patch_package(package(chain=True), {"Data": {(1, 1): 2}})
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "xl/calcChain.xml" not in names and "xl/calcChain.xml" in touched
    assert "calcChain" not in member(data, "[Content_Types].xml")
    assert "calcChain" not in member(data, "xl/_rels/workbook.xml.rels")
    assert "styles.xml" in member(data, "xl/_rels/workbook.xml.rels")
    assert '<calcPr calcId="191029" fullCalcOnLoad="1"/>' in member(data, "xl/workbook.xml")


def test_calc_pr_is_added_in_its_place_when_missing():
    workbook = WORKBOOK.replace('<calcPr calcId="191029"/>', "<extLst/>")
    data, _ = patch_package(package(workbook=workbook), {"Data": {(1, 1): 2}})
    assert '<calcPr fullCalcOnLoad="1"/><extLst/></workbook>' in member(data, "xl/workbook.xml")


def test_a_sheet_whose_elements_carry_a_prefix():
    sheet = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2"><x:c r="A2"><x:v>1</x:v>'
             '</x:c></x:row></x:sheetData></x:worksheet>')
    data, _ = patch_package(package(sheet), {"Data": {(1, 1): "top", (2, 2): 4}})
    xml = member(data, "xl/worksheets/sheet1.xml")
    assert ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>top</x:t></x:is></x:c></x:row>'
            '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2"><x:v>4</x:v></x:c></x:row>'
            ) in xml


def test_a_sheet_name_with_an_apostrophe_and_an_empty_sheet():
    data, touched = patch_package(package(), {"Plan d'action": {(2, 2): "x"}})
    assert "xl/worksheets/sheet2.xml" in touched
    assert '<sheetData><row r="2"><c r="B2" t="inlineStr">' in member(
        data, "xl/worksheets/sheet2.xml")


def test_cells_without_references_are_refused():
    sheet = SHEET.replace('<c r="A1">', "<c>")
    with pytest.raises(UnsupportedPackage, match="reference"):
        patch_package(package(sheet), {"Data": {(1, 2): 1}})


def test_openpyxl_reads_what_was_written(tmp_path):
    day = dt.datetime(2026, 10, 8)
    data, _ = patch_package(package(), {"Data": {(1, 2): "=not a formula", (3, 1): day,
                                                 (3, 2): 12.5}})
    (tmp_path / "out.xlsx").write_bytes(data)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Data"]
    assert (sheet["B1"].value, sheet["A3"].value, sheet["B3"].value) == (
        "=not a formula", day, 12.5)
    assert sheet["B1"].data_type == "s"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_values_and_recalculates(tmp_path):
    require_libreoffice()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet["A1"], sheet["A2"] = 1, 2
    sheet["C1"] = "=SUM(A1:A3)*10"
    sheet["D1"] = '=IF(ISTEXT(B1),"text","not text")'
    sheet["E1"] = "=A3+1"
    book.save(tmp_path / "in.xlsx")
    data, _ = patch_package((tmp_path / "in.xlsx").read_bytes(),
                            {"Data": {(3, 1): 4, (1, 2): "=A1", (3, 2): "Société & co",
                                      (4, 1): dt.datetime(2026, 10, 8)}})
    (tmp_path / "out.xlsx").write_bytes(data)
    result = openpyxl.load_workbook(recalculate(tmp_path / "out.xlsx", tmp_path / "lo"),
                                    data_only=True)["Data"]
    assert result["C1"].value == 70  # (1 + 2 + 4) × 10, with the new A3
    assert result["D1"].value == "text" and result["B1"].value == "=A1"
    assert result["E1"].value == 5
    assert result["B3"].value == "Société & co"
    assert result["A4"].value == dt.datetime(2026, 10, 8)


def test_the_patched_xml_is_well_formed():
    data, _ = patch_package(package(), {"Data": {(r, c): f"v{r}{c}" for r in range(1, 5)
                                                 for c in range(1, 4)}})
    root = ET.fromstring(member(data, "xl/worksheets/sheet1.xml"))
    rows = [int(r.get("r")) for r in root.iter(f"{{{MAIN}}}row")]
    assert rows == sorted(rows) == [1, 2, 3, 4]
    for row in root.iter(f"{{{MAIN}}}row"):
        refs = [c.get("r") for c in row]
        assert refs == sorted(refs, key=lambda ref: re.sub(r"\d", "", ref).rjust(3))

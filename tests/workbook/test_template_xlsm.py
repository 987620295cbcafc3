"""The macro-enabled template: every button calls a sub that exists in its VBA project.

Read back with readers we did not write: the zip's content types, oletools' olevba for
the VBA project, and the buttons' VML, where Excel finds the macro each button runs.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from oletools.olevba import VBA_Parser

from xlsales.plan import layout
from xlsales.plan.analysis import PlanData
from xlsales.workbook import template_data, workbook_bytes

MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@pytest.fixture(scope="module", params=["en", "fr"])
def xlsm(request):
    return request.param, zipfile.ZipFile(io.BytesIO(
        workbook_bytes(template_data(), lang=request.param, xlsm=True)))


def test_the_workbook_is_macro_enabled(xlsm):
    _, archive = xlsm
    types = archive.read("[Content_Types].xml").decode()
    assert MACRO_WORKBOOK in types
    assert "xl/vbaProject.bin" in archive.namelist()


def test_olevba_finds_every_buttons_sub(xlsm):
    _, archive = xlsm
    project = archive.read("xl/vbaProject.bin")
    modules = {stream: code for _, stream, _, code in
               VBA_Parser("vbaProject.bin", data=project).extract_macros()}
    code = modules["VBA/xlsales"]
    for button in layout.BUTTONS:
        sub = re.search(rf"^Sub {button.vba_sub}\(\)\s*\n\s*RunPython \"(.+)\"\s*\nEnd Sub",
                        code, re.MULTILINE)
        assert sub is not None, button.vba_sub
        assert sub.group(1) == f"import xlsales.macros; xlsales.macros.{button.macro}()"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part, from the workbook's relationships."""
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'<Relationship Id="(rId\d+)" Type="[^"]+" Target="([^"]+)"',
                              rels))
    sheets = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook)
    return {name.replace("&apos;", "'"): "xl/" + targets[rid] for name, rid in sheets}


def _buttons_of(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(macro, caption) of each button drawn on a worksheet part."""
    folder, name = part.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in archive.namelist():
        return []
    rels = archive.read(rels_name).decode()
    found = []
    for target in re.findall(r'Target="(\.\./drawings/vmlDrawing\d+\.vml)"', rels):
        vml = archive.read("xl/" + target.removeprefix("../")).decode()
        for shape in re.findall(r"<v:shape .*?</v:shape>", vml, re.DOTALL):
            macro = re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape)
            text = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>", shape,
                                                     re.DOTALL).group(0)).strip()
            if macro:
                found.append((macro.group(1), text))
    return found


def test_each_button_is_on_its_sheet_with_its_caption(xlsm):
    lang, archive = xlsm
    parts = _sheet_parts(archive)
    for key in layout.SHEETS:
        expected = [(b.vba_sub, b.fr if lang == "fr" else b.en)
                    for b in layout.BUTTONS if b.sheet == key]
        assert _buttons_of(archive, parts[layout.sheet_name(key, lang)]) == expected, key


def test_the_xlsx_variant_has_neither_macros_nor_buttons():
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes(PlanData())))
    assert MACRO_WORKBOOK not in archive.read("[Content_Types].xml").decode()
    assert not [n for n in archive.namelist() if "vba" in n.lower() or n.endswith(".vml")]

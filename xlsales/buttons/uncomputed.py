"""The formula cells of a workbook file that hold no saved result.

A button reading a file (``xlsales run``) sees what Excel or LibreOffice last computed: a
formula's cached result. A file written by a script (openpyxl writes a formula as
``<f>B5*2</f><v/>``, with no result) has none, and its cell reads as blank: a revenue
typed as ``=B5*1.2`` would make a large client "lost" without a word. This module finds
those cells, so that the button stops at the first one it needs, naming it, instead.

A cell with a formula and no ``<v>``, or an empty ``<v>`` not typed as text, has no
result; an empty text result (``t="str"`` with an empty ``<v>``, as Excel and the
template write ``""``) is a result. Only the sheets' XML is read, by regular expressions
at C speed: a sheet without such cells costs one search.
"""

from __future__ import annotations

import io
import re
import zipfile

from xlsales.buttons.xlsx_patch import (
    _attrs,
    _office_document,
    _relationships,
    _rels_of,
    _sheet_parts,
)

__all__ = ["formulas_without_results"]

# The end of a formula cell with no result: </f> or <f .../>, then no <v> or an empty one
_NO_RESULT = re.compile(
    r"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?"
    r"\s*</(?:\w+:)?c>")
_CELL_START = re.compile(r"<(?:\w+:)?c\s([^>]*)>")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def formulas_without_results(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Sheet name → the (row, column) of each formula cell without a saved result, for
    the sheets that have some; {} for a package this module cannot read (the file
    reader reports those)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        workbook_part = _office_document(source)
        rels = _relationships(source, _rels_of(workbook_part), workbook_part)
        sheets = _sheet_parts(source.read(workbook_part).decode("utf-8"), rels)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}
    found = {}
    for name, part in sheets.items():
        try:
            xml = source.read(part).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        cells = _cells_without_results(xml)
        if cells:
            found[name] = cells
    return found


def _cell_start(xml: str, end: int) -> re.Match[str] | None:
    """The start tag of the cell whose content ends at ``end``: the last ``<c`` before it,
    past the few tags a formula cell holds (``<f>``, ``</f>``, ``<v>``)."""
    position = end
    for _ in range(6):
        position = xml.rfind("<", 0, position)
        if position < 0:
            return None
        head = _CELL_START.match(xml, position)
        if head is not None:
            return head
    return None


def _cells_without_results(xml: str) -> set[tuple[int, int]]:
    cells = set()
    for match in _NO_RESULT.finditer(xml):
        head = _cell_start(xml, match.start())
        if head is None:
            continue
        attrs = _attrs(head.group(1))
        if attrs.get("t") == "str" and "<v" in xml[head.end():match.end()]:
            continue  # an empty text: the formula's result is ""
        ref = _REF.match(attrs.get("r", ""))
        if ref is None:
            continue
        letters, row = ref.groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        cells.add((int(row), column))
    return cells

"""The finished file: calculated columns stored as shared formulas, bytes reproducible.

XlsxWriter writes a table's calculated column as one full formula per row. LibreOffice
then parses each of them (with structured references, about a millisecond per cell): a
10,000-row Clients table cost 10 s of parsing alone. Stored once per column as a shared
formula (ECMA-376 Part 1, 18.3.1.40: the first cell holds the text, the others point to
it), the column is parsed once. Every cell's formula stays exactly the table's
calculated-column formula, with only structured references to its own row and
workbook-level names: no relative reference to shift, none of the tokens [MS-XLS]
2.5.198.118 forbids in a shared formula (3-D references, array constants, unions).

A formula whose cached value is "no value" is typed as text (``t="str"`` with an empty
value, as Excel writes it), so a reader that shows cached values shows a blank.

The zip is rewritten with its members in the same order and a fixed date, so the same
workbook always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from xlsxwriter.utility import xl_col_to_name

from .book import SharedColumn

__all__ = ["finish"]

_DATE = (1980, 1, 1, 0, 0, 0)
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*)><f>([^<]*)</f>')
# a formula cell without a type whose cached value is empty (attributes r, then s)
_UNTYPED_BLANK = re.compile(r'<c (r="[A-Z]+\d+"(?: s="\d+")?)>(<f[^>]*/>|<f[^>]*>[^<]*</f>)'
                            r"<v></v></c>")


def finish(raw: bytes, shared: Iterable[SharedColumn]) -> bytes:
    """The workbook ``raw`` with its calculated columns shared, zipped reproducibly."""
    by_sheet: dict[int, list[SharedColumn]] = {}
    for column in shared:
        by_sheet.setdefault(column.sheet_index, []).append(column)
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match:
                xml = data.decode("utf-8")
                if int(match.group(1)) in by_sheet:
                    xml = _share(xml, by_sheet[int(match.group(1))])
                data = _UNTYPED_BLANK.sub(r'<c \1 t="str">\2<v></v></c>', xml).encode("utf-8")
            member = zipfile.ZipInfo(info.filename, _DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, data)
    return out.getvalue()


def _share(xml: str, columns: list[SharedColumn]) -> str:
    """Replace each calculated column's per-row formulas by one shared formula."""
    cells: dict[tuple[str, int], tuple[int, SharedColumn]] = {}
    for si, column in enumerate(columns):
        letter = xl_col_to_name(column.column)
        for row in range(column.first_row, column.last_row + 1):
            cells[letter, row] = (si, column)

    def replace(match: re.Match[str]) -> str:
        letter, row, attributes, formula = match.groups()
        found = cells.get((letter, int(row)))
        if found is None:
            return match.group(0)
        si, column = found
        if formula != escape(column.formula):
            raise ValueError(f"{letter}{row}: the cell's formula is not its column's")
        head = f'<c r="{letter}{row}"{attributes}>'
        if int(row) == column.first_row:
            span = f"{letter}{column.first_row}:{letter}{column.last_row}"
            return f'{head}<f t="shared" ref="{span}" si="{si}">{formula}</f>'
        return f'{head}<f t="shared" si="{si}"/>'

    return _FORMULA_CELL.sub(replace, xml)

"""Write cell values into an .xlsx/.xlsm package and change nothing else of it.

openpyxl rewrites every part it saves: a load/save round trip (checked in
``tests/buttons/test_book_file.py``) rewrites the charts (dropping their language and page setup),
the drawings, the styles and the document properties, renames the VML namespaces of
form-control buttons and empties the cached results of every formula. A user's workbook
must come back from a macro run with all of that intact, so this module edits the
package as text: every member is copied unchanged except

- the worksheets holding written cells, where only those cells' ``<c>`` elements change
  (numbers as ``<v>``, text as inline strings — never a formula, whatever its first
  character —, dates as serial numbers in a date style, an emptied cell keeping its style
  the way Excel's "clear contents" does, or removed when it has none), rows staying
  sorted and ``<dimension>`` covering them;
- ``xl/styles.xml``, only when a date must be written and the workbook has no date style
  yet (one cell format is appended);
- ``xl/calcChain.xml``, dropped with its relationship and content type, so Excel rebuilds
  it instead of reporting a chain that names cells that no longer hold formulas;
- ``xl/workbook.xml``, whose ``<calcPr>`` gets ``fullCalcOnLoad="1"``, so Excel and
  LibreOffice recompute the formulas that read the new values when the file opens, and
  whose print areas (``_xlnm.Print_Area``) of the written sheets are widened to the last
  cell given a value, so that a refreshed list prints whole (never narrowed).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from xlsales.common.a1 import cell_ref, column_letters, column_number
from xlsales.common.dates import to_serial

__all__ = ["UnsupportedPackage", "patch_package"]

Cells = dict[tuple[int, int], Any]

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DATE1904_OFFSET = 1462  # days between the 1900 and 1904 date systems' day 0
_MAX_TEXT = 32767  # characters an Excel cell holds
_MAX_ROW, _MAX_COL = 1_048_576, 16_384
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# Characters XML 1.0 cannot hold, and CR (which XML parsers turn into LF): OOXML writes
# them as _xHHHH_ (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), and a literal "_xHHHH_" in the
# text must then have its underscore escaped.
_XSTRING = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]"
                      r"|_(?=x[0-9A-Fa-f]{4}_)")


class UnsupportedPackage(ValueError):
    """A package this module cannot edit safely (e.g. cells without references)."""


def patch_package(data: bytes, cells: dict[str, Cells]) -> tuple[bytes, list[str]]:
    """The package ``data`` with ``cells`` (sheet name → {(row, column): value}) written.

    Values are None (clear), bool, int, float, str or datetime. Returns the new package
    and the names of the members that changed, were added or were dropped.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    workbook_part = _office_document(source)
    rels_part = _rels_of(workbook_part)
    rels = _relationships(source, rels_part, workbook_part)
    workbook_xml = source.read(workbook_part).decode("utf-8")
    sheets = _sheet_parts(workbook_xml, rels)
    styles_part = next((t for t, kind in rels.values() if kind == "styles"), None)
    styles = _Styles(source.read(styles_part).decode("utf-8") if styles_part else None)
    offset = _DATE1904_OFFSET if _uses_1904(workbook_xml) else 0

    changed: dict[str, bytes] = {}
    for sheet, sheet_cells in cells.items():
        if sheet not in sheets:
            raise UnsupportedPackage(f"no worksheet part for sheet {sheet!r}")
        part = sheets[sheet]
        xml = source.read(part).decode("utf-8")
        changed[part] = _set_cells(xml, sheet_cells, styles, offset).encode("utf-8")
    if styles.changed:
        changed[styles_part] = styles.xml.encode("utf-8")

    dropped = set()
    chain = next((t for t, kind in rels.values() if kind == "calcChain"), None)
    if chain is not None and chain in names:
        dropped.add(chain)
        changed[rels_part] = _without_relationship(source.read(rels_part).decode("utf-8"),
                                                   "calcChain").encode("utf-8")
        types = source.read("[Content_Types].xml").decode("utf-8")
        changed["[Content_Types].xml"] = _without_override(types, "/" + chain).encode("utf-8")
    workbook_xml = _print_areas_cover(workbook_xml, cells)
    changed[workbook_part] = _full_calc_on_load(workbook_xml).encode("utf-8")

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in dropped:
                continue
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            copy.comment = info.comment
            target.writestr(copy, changed.get(info.filename) or source.read(info.filename))
    touched = sorted(n for n in changed if changed[n] != source.read(n)) + sorted(dropped)
    return out.getvalue(), touched


# --- package structure -----------------------------------------------------------------


def _office_document(source: zipfile.ZipFile) -> str:
    rels = _relationships(source, "_rels/.rels", "")
    for target, kind in rels.values():
        if kind == "officeDocument":
            return target
    raise UnsupportedPackage("the package names no workbook part")


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(source: zipfile.ZipFile, rels_part: str,
                   owner: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (target part, type's last word) of a .rels part."""
    root = ET.fromstring(source.read(rels_part))
    out = {}
    for rel in root.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(owner), target))
        out[rel.get("Id")] = (path, rel.get("Type", "").rsplit("/", 1)[-1])
    return out


def _sheet_parts(workbook_xml: str, rels: dict[str, tuple[str, str]]) -> dict[str, str]:
    root = ET.fromstring(workbook_xml)
    parts = {}
    for sheet in root.iter():
        if sheet.tag.rsplit("}", 1)[-1] == "sheet":
            rid = sheet.get(f"{{{_REL_NS}}}id")
            if rid in rels:
                parts[sheet.get("name")] = rels[rid][0]
    return parts


def _print_areas_cover(workbook_xml: str, cells: dict[str, Cells]) -> str:
    """``workbook_xml`` with the print area of each sheet of ``cells`` reaching at least
    its last written cell that holds a value (an emptied cell does not count)."""
    root = ET.fromstring(workbook_xml)
    order = [s.get("name") for s in root.iter() if s.tag.rsplit("}", 1)[-1] == "sheet"]
    for sheet, sheet_cells in cells.items():
        held = [(r, c) for (r, c), v in sheet_cells.items() if v is not None and v != ""]
        if not held or sheet not in order:
            continue
        last_row, last_col = max(r for r, _ in held), max(c for _, c in held)
        index = order.index(sheet)
        pattern = re.compile(
            rf"""(<(?:\w+:)?definedName\b(?=[^>]*\bname\s*=\s*["']_xlnm\.Print_Area["'])"""
            rf"""(?=[^>]*\blocalSheetId\s*=\s*["']{index}["'])[^>]*>[^<]*?:)"""
            r"(\$?)([A-Z]{1,3})(\$?)(\d+)(</)")

        def widen(m: re.Match[str], last_row: int = last_row, last_col: int = last_col) -> str:
            col = max(column_number(m.group(3)), last_col)
            row = max(int(m.group(5)), last_row)
            return (f"{m.group(1)}{m.group(2)}{column_letters(col)}{m.group(4)}{row}"
                    f"{m.group(6)}")

        workbook_xml = pattern.sub(widen, workbook_xml, count=1)
    return workbook_xml


def _uses_1904(workbook_xml: str) -> bool:
    match = re.search(r"<(?:\w+:)?workbookPr\b([^>]*)>", workbook_xml)
    return bool(match) and _attrs(match.group(1)).get("date1904", "0").lower() in ("1", "true")


def _without_relationship(xml: str, kind: str) -> str:
    return re.sub(r"<(?:\w+:)?Relationship\b[^>]*?Type\s*=\s*[\"'][^\"']*/" + kind
                  + r"[\"'][^>]*?/>", "", xml)


def _without_override(xml: str, part_name: str) -> str:
    return re.sub(r"<(?:\w+:)?Override\b[^>]*?PartName\s*=\s*[\"']" + re.escape(part_name)
                  + r"[\"'][^>]*?/>", "", xml)


_AFTER_CALC_PR = ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                  "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
                  "extLst")


def _full_calc_on_load(xml: str) -> str:
    prefix = _prefix(xml, "workbook")
    match = re.search(rf"<{prefix}calcPr\b([^>]*?)(/?)>", xml)
    if match:
        attrs = match.group(1)
        if re.search(r"\bfullCalcOnLoad\s*=", attrs):
            attrs = re.sub(r"""\bfullCalcOnLoad\s*=\s*("[^"]*"|'[^']*')""",
                           'fullCalcOnLoad="1"', attrs)
        else:
            attrs = attrs.rstrip() + ' fullCalcOnLoad="1"'
        return xml[:match.start()] + f"<{prefix}calcPr{attrs}{match.group(2)}>" \
            + xml[match.end():]
    element = f'<{prefix}calcPr fullCalcOnLoad="1"/>'
    for name in _AFTER_CALC_PR:
        after = re.search(rf"<{prefix}{name}\b", xml)
        if after:
            return xml[:after.start()] + element + xml[after.start():]
    end = xml.rindex(f"</{prefix}workbook>")
    return xml[:end] + element + xml[end:]


def _prefix(xml: str, root: str) -> str:
    """The namespace prefix of the root element ("" or "x:"), used for every element."""
    match = re.search(rf"<(?:(\w+):)?{root}\b", xml)
    if match is None:
        raise UnsupportedPackage(f"no <{root}> element")
    return f"{match.group(1)}:" if match.group(1) else ""


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1): unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(text)}


# --- styles ---------------------------------------------------------------------------


class _Styles:
    """The workbook's cell formats, enough to find (or, once, add) a date format."""

    def __init__(self, xml: str | None) -> None:
        self.xml, self.changed = xml or "", False
        self._date: dict[int, bool] = {}
        if xml is None:
            return
        prefix = _prefix(xml, "styleSheet")
        self._prefix = prefix
        formats = {int(a["numFmtId"]): a.get("formatCode", "")
                   for a in (_attrs(m.group(1)) for m in
                             re.finditer(rf"<{prefix}numFmt\b([^>]*?)/?>", xml))
                   if "numFmtId" in a}
        block = re.search(rf"<{prefix}cellXfs\b[^>]*>(.*?)</{prefix}cellXfs>", xml, re.S)
        xfs = re.findall(rf"<{prefix}xf\b([^>]*?)/?>", block.group(1)) if block else []
        for i, attrs in enumerate(xfs):
            fmt = int(_attrs(attrs).get("numFmtId", "0"))
            code = formats.get(fmt, BUILTIN_FORMATS.get(fmt, "General"))
            self._date[i] = is_date_format(code)

    def date_style(self, current: str | None) -> str:
        """The cell's own style if it shows dates, else the workbook's first date style,
        else a new one (short date, numFmtId 14)."""
        if current is not None and self._date.get(int(current)):
            return current
        for i, is_date in self._date.items():
            if is_date:
                return str(i)
        if not self.xml:
            raise UnsupportedPackage("the workbook has no styles part to hold a date format")
        prefix = self._prefix
        match = re.search(rf"<{prefix}cellXfs\b([^>]*?)(/?)>", self.xml)
        if match is None:
            raise UnsupportedPackage("the styles part has no cell formats")
        xf = (f'<{prefix}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" '
              f'applyNumberFormat="1"/>')
        index = len(self._date)
        attrs = re.sub(r"""\bcount\s*=\s*("[^"]*"|'[^']*')""", "", match.group(1)).rstrip()
        opening = f'<{prefix}cellXfs{attrs} count="{index + 1}">'
        if match.group(2):  # <cellXfs/>: no formats at all
            self.xml = self.xml[:match.start()] + opening + xf + f"</{prefix}cellXfs>" \
                + self.xml[match.end():]
        else:
            end = self.xml.index(f"</{prefix}cellXfs>", match.end())
            self.xml = self.xml[:match.start()] + opening + self.xml[match.end():end] + xf \
                + self.xml[end:]
        self._date[index] = True
        self.changed = True
        return str(index)


# --- worksheet cells ------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    start: int
    stop: int
    attrs: str
    content: str | None  # None for <row .../>


@dataclass
class _Written:
    """The bounding box of the cells given a value, for <dimension>."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)


def _set_cells(xml: str, cells: Cells, styles: _Styles, date_offset: int) -> str:
    prefix = _prefix(xml, "worksheet")
    for row, col in cells:
        if not (1 <= row <= _MAX_ROW and 1 <= col <= _MAX_COL):
            raise UnsupportedPackage(f"cell ({row}, {col}) is outside a worksheet")
    data = re.search(rf"<{prefix}sheetData\b([^>]*?)(/?)>", xml)
    if data is None:
        raise UnsupportedPackage("a worksheet without <sheetData>")
    if data.group(2):
        body_start = body_end = data.end()
        head, tail = f"<{prefix}sheetData{data.group(1)}>", f"</{prefix}sheetData>"
        before, after = xml[:data.start()], xml[data.end():]
    else:
        body_start = data.end()
        body_end = xml.index(f"</{prefix}sheetData>", body_start)
        head, tail = "", ""
        before, after = xml[:body_start], xml[body_end:]
    body = xml[body_start:body_end]
    rows = _rows(body, prefix)
    by_row: dict[int, dict[int, Any]] = {}
    for (row, col), value in cells.items():
        by_row.setdefault(row, {})[col] = value

    written = _Written()
    make = _CellMaker(prefix, styles, date_offset, written)
    out, pos = [], 0
    existing = {r.number for r in rows}
    pending = sorted(n for n in by_row if n not in existing)
    for row in rows:
        out.append(body[pos:row.start])
        while pending and pending[0] < row.number:
            out.append(_new_row(prefix, pending[0], by_row[pending.pop(0)], make))
        if row.number in by_row:
            out.append(_patched_row(prefix, row, by_row[row.number], make))
        else:
            out.append(body[row.start:row.stop])
        pos = row.stop
    out.extend(_new_row(prefix, number, by_row[number], make) for number in pending)
    out.append(body[pos:])
    new_xml = before + head + "".join(out) + tail + after
    return _dimension(new_xml, prefix, written)


def _rows(body: str, prefix: str) -> list[_Row]:
    rows, last = [], 0
    for match in re.finditer(rf"<{prefix}row\b([^>]*?)(/?)>", body):
        if match.start() < last:
            continue
        attrs = _attrs(match.group(1))
        if "r" not in attrs:
            raise UnsupportedPackage("a worksheet row without its number (r)")
        if match.group(2):
            rows.append(_Row(int(attrs["r"]), match.start(), match.end(), match.group(1), None))
            last = match.end()
        else:
            close = body.index(f"</{prefix}row>", match.end())
            stop = close + len(f"</{prefix}row>")
            rows.append(_Row(int(attrs["r"]), match.start(), stop, match.group(1),
                             body[match.end():close]))
            last = stop
    return rows


def _cells(content: str, prefix: str) -> list[tuple[int, int, int, dict[str, str]]]:
    """(column, start, stop, attributes) of each cell of a row's content."""
    out = []
    pattern = rf"<{prefix}c\b([^>]*?)(?:/>|>.*?</{prefix}c>)"
    for match in re.finditer(pattern, content, re.S):
        attrs = _attrs(match.group(1))
        ref = _REF.match(attrs.get("r", ""))
        if ref is None:
            raise UnsupportedPackage("a worksheet cell without its reference (r)")
        out.append((column_number(ref.group(1)), match.start(), match.end(), attrs))
    return out


def _patched_row(prefix: str, row: _Row, values: dict[int, Any],
                 make: _CellMaker) -> str:
    content = row.content or ""
    cells = _cells(content, prefix)
    lead = content[:cells[0][1]] if cells else ""
    trail = content[cells[-1][2]:] if cells else content
    pieces = {col: content[start:stop] for col, start, stop, _ in cells}
    styles = {col: attrs.get("s") for col, _, _, attrs in cells}
    added = []
    for col, value in values.items():
        text = make(row.number, col, value, styles.get(col))
        if text is None:
            pieces.pop(col, None)
        else:
            if col not in pieces:
                added.append(col)
            pieces[col] = text
    attrs = _widened_spans(row.attrs, added)
    inner = lead + "".join(pieces[col] for col in sorted(pieces)) + trail
    return f"<{prefix}row{attrs}>{inner}</{prefix}row>"


def _new_row(prefix: str, number: int, values: dict[int, Any], make: _CellMaker) -> str:
    texts = [make(number, col, values[col], None) for col in sorted(values)]
    texts = [t for t in texts if t is not None]
    return f'<{prefix}row r="{number}">{"".join(texts)}</{prefix}row>' if texts else ""


def _widened_spans(attrs: str, added: list[int]) -> str:
    """Drop a row's ``spans`` (an optional hint) when a new cell falls outside it."""
    match = re.search(r"""\sspans\s*=\s*["']([^"']*)["']""", attrs)
    if match is None or not added:
        return attrs
    spans = [tuple(int(x) for x in part.split(":")) for part in match.group(1).split()
             if ":" in part]
    if all(any(low <= col <= high for low, high in spans) for col in added):
        return attrs
    return attrs[:match.start()] + attrs[match.end():]


class _CellMaker:
    """The ``<c>`` element of one written value (None: the cell is removed)."""

    def __init__(self, prefix: str, styles: _Styles, date_offset: int,
                 written: _Written) -> None:
        self.prefix, self.styles, self.offset, self.written = prefix, styles, date_offset, written

    def __call__(self, row: int, col: int, value: Any, style: str | None) -> str | None:
        p, ref = self.prefix, cell_ref(row, col)
        if isinstance(value, dt.datetime | dt.date):
            style = self.styles.date_style(style)
            value = to_serial(value) - self.offset
        s = f' s="{style}"' if style is not None else ""
        if value is None:
            return f'<{p}c r="{ref}"{s}/>' if style is not None else None
        self.written.rows.append(row)
        self.written.cols.append(col)
        if isinstance(value, bool):
            return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
        if isinstance(value, int | float):
            return f'<{p}c r="{ref}"{s}><{p}v>{_number(value)}</{p}v></{p}c>'
        if isinstance(value, str):
            text = _xstring(value[:_MAX_TEXT])
            space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
            return (f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{text}</{p}t>'
                    f'</{p}is></{p}c>')
        raise TypeError(f"a cell cannot hold a {type(value).__name__}: {value!r}")


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _xstring(text: str) -> str:
    text = _XSTRING.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dimension(xml: str, prefix: str, written: _Written) -> str:
    match = re.search(rf"""<{prefix}dimension\b[^>]*?\bref\s*=\s*["']([^"']*)["']""", xml)
    if match is None or not written.rows:
        return xml
    rows, cols = list(written.rows), list(written.cols)
    for part in match.group(1).split(":"):
        ref = _REF.match(part.replace("$", ""))
        if ref:
            rows.append(int(ref.group(2)))
            cols.append(column_number(ref.group(1)))
    new = f"{cell_ref(min(rows), min(cols))}:{cell_ref(max(rows), max(cols))}"
    return xml[:match.start(1)] + new + xml[match.end(1):]


"""A table's rows written as XML hold exactly what XlsxWriter writes cell by cell.

The reference is XlsxWriter itself: the same values written one cell at a time with
``write_blank``/``write_boolean``/``write_datetime``/``write_number``/``write_string``
(the type rules below, as the writer had them before the rows were written in one piece),
and each calculated column written row by row with ``write_formula`` then stored as a
shared formula by the reference rule of ECMA-376 Part 1, 18.3.1.40 (written out here).
Sheet, shared strings, styles and chart caches must then be the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from xml.sax.saxutils import escape

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.workbook.cells import TableRows, cached
from xlsales.workbook.xlsxwriter_hooks import TableWorksheet as _Worksheet

FIRST = 3  # the table's first data row (0-based), below a title and a header


def _reference_value(sheet, row, col, value, fmt, date_fmt):
    """One of the user's values, by its type: text always as text."""
    if value is None or value is pd.NaT or value is pd.NA or (
            isinstance(value, float | np.floating) and math.isnan(value)):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool | np.bool_):
        sheet.write_boolean(row, col, bool(value), fmt)
    elif isinstance(value, dt.date):
        moment = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
        sheet.write_datetime(row, col, moment, fmt or date_fmt)
    elif isinstance(value, int | float | np.integer | np.floating):
        if math.isfinite(float(value)):
            sheet.write_number(row, col, float(value), fmt)
        else:
            sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _shared_by_hand(xml: str, columns: dict[int, tuple[int, str]], count: int) -> str:
    """The reference's per-row formulas of each calculated column as one shared formula:
    the first row keeps the text with the range, the others point to it; an empty cached
    value is typed as text."""
    for col, (si, formula) in columns.items():
        letter = xlsxwriter.utility.xl_col_to_name(col)
        text = escape(formula)
        for row in range(FIRST + 1, FIRST + count + 1):
            shared = (f'<f t="shared" ref="{letter}{FIRST + 1}:{letter}{FIRST + count}" '
                      f'si="{si}">{text}</f>' if row == FIRST + 1
                      else f'<f t="shared" si="{si}"/>')
            xml = re.sub(rf'(<c r="{letter}{row}"[^>]*>)<f>{re.escape(text)}</f>',
                         lambda m, shared=shared: m.group(1) + shared, xml)
    return re.sub(r'<c (r="[A-Z]+\d+"(?: s="\d+")?)>(<f[^>]*/>|<f[^>]*>[^<]*</f>)<v></v></c>',
                  r'<c \1 t="str">\2<v></v></c>', xml)


def _book(columns, count, *, by_rows: bool, chart: bool = False,
          outside: dict[int, str] | None = None) -> dict[str, bytes]:
    """A workbook with a title, the columns from row FIRST (each ("values", values,
    format name) or ("formula", formula, cached values, format name)), cells beside the
    table (row -> a format name of their own) and a chart on the first column."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(2026, 3, 10)})
    made = {}

    def fmt(name):
        if name is None:
            return None
        if name not in made:
            made[name] = book.add_format({"font_color": name[4:]} if name.startswith("ink:")
                                         else {"num_format": name})
        return made[name]

    sheet = book.add_worksheet("S", worksheet_class=_Worksheet)
    sheet.write_string(0, 0, "title", fmt("ink:#112233"))
    sheet.set_column(1, 1, 12, fmt("ink:#445566"))  # a column format: the fallback of its cells
    date_fmt = fmt("yyyy-mm-dd")
    rows = None if by_rows else TableRows(sheet, FIRST, count)
    shared = {}
    for col, (kind, *spec) in enumerate(columns):
        if kind == "values":
            values, name = spec
            if rows is not None:
                rows.values(col, values, fmt(name), date_fmt)
            else:
                for i, value in enumerate(list(values)[:count]):
                    _reference_value(sheet, FIRST + i, col, value, fmt(name), date_fmt)
        else:
            formula, values, name = spec
            if rows is not None:
                rows.formula(col, formula, values, fmt(name))
            else:
                shared[col] = (len(shared), formula)
                padded = [*list(values)[:count], *[None] * (count - len(values))]
                for i, value in enumerate(padded):
                    sheet.write_formula(FIRST + i, col, "=" + formula, fmt(name), cached(value))
    if rows is not None:
        sheet.add_rows(rows)
    for row, name in (outside or {}).items():
        sheet.write_number(row, len(columns) + 1, row, fmt(name))
    if chart:
        line = book.add_chart({"type": "line"})
        line.add_series({"values": ["S", FIRST, 0, FIRST + count - 1, 0]})
        sheet.insert_chart(0, len(columns) + 3, line)
    book.close()
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    members = {name: archive.read(name) for name in archive.namelist()}
    if by_rows:
        xml = members["xl/worksheets/sheet1.xml"].decode()
        members["xl/worksheets/sheet1.xml"] = _shared_by_hand(xml, shared, count).encode()
    return members


def _same_as_cell_by_cell(columns, count, **options):
    ours = _book(columns, count, by_rows=False, **options)
    reference = _book(columns, count, by_rows=True, **options)
    assert list(ours) == list(reference)
    for name in reference:
        assert ours[name] == reference[name], name
    return ours


TRAPS = ["=1+1", "-Dupont", "+33 1 23", "@SUM(A1)", "007", "1e3", "\tTab", "\rReturn",
         "a & b < c", "_x000D_", "é ü 中"]
VALUE = st.one_of(
    st.none(), st.just(float("nan")), st.just(float("inf")), st.just(pd.NaT),
    st.booleans(), st.integers(-2**62, 2**62),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from(TRAPS), st.text(max_size=6),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)))
FORMATS = st.sampled_from([None, "0.00", "#,##0", "ink:#AA0000"])


@st.composite
def _columns(draw):
    count = draw(st.integers(1, 25))
    columns = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["object", "float", "int", "bool", "str", "datetime"]))
        if kind == "object":
            values = pd.Series(draw(st.lists(VALUE, min_size=count, max_size=count)),
                               dtype=object)
        elif kind == "float":
            values = pd.Series(draw(st.lists(st.floats(width=64), min_size=count,
                                             max_size=count)), dtype=float)
        elif kind == "int":
            values = pd.Series(draw(st.lists(st.integers(-2**62, 2**62), min_size=count,
                                             max_size=count)), dtype="int64")
        elif kind == "bool":
            values = pd.Series(draw(st.lists(st.booleans(), min_size=count,
                                             max_size=count)), dtype=bool)
        elif kind == "str":
            values = pd.Series(draw(st.lists(st.one_of(st.none(), st.sampled_from(TRAPS),
                                                       st.text(max_size=6)),
                                             min_size=count, max_size=count)), dtype="str")
        else:
            values = pd.Series(draw(st.lists(
                st.one_of(st.none(), st.datetimes(dt.datetime(1900, 3, 1),
                                                  dt.datetime(2100, 1, 1))),
                min_size=count, max_size=count)), dtype="datetime64[us]")
        columns.append(("values", values, draw(FORMATS)))
    return columns, count


@settings(max_examples=60, deadline=None)
@given(_columns())
def test_input_columns_are_written_as_xlsxwriter_writes_each_cell(table):
    columns, count = table
    _same_as_cell_by_cell(columns, count)


CACHED = st.one_of(st.none(), st.just(float("nan")), st.booleans(),
                   st.floats(allow_nan=False, allow_infinity=True, width=64),
                   st.integers(-10**6, 10**6), st.sampled_from(["", "A", "#N/A", "a<b&c"]),
                   st.dates(dt.date(1950, 1, 1), dt.date(2050, 1, 1)))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 20).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(CACHED, max_size=n + 2), st.lists(CACHED, max_size=n))))
def test_a_calculated_column_is_one_shared_formula_with_each_rows_cached_value(table):
    count, first, second = table
    columns = [("values", pd.Series(range(count), dtype="int64"), None),
               ("formula", 'IF(tblT[[#This Row],[A]]>1,"<big>","")', first, "0.00"),
               ("formula", "tblT[[#This Row],[A]]*2", second, None)]
    _same_as_cell_by_cell(columns, count)


def test_long_tables_are_made_in_pieces_with_styles_numbered_as_excel_meets_them():
    # 5,000 rows (several pieces of rows); a date first met on row 3,000 in a column
    # without a format takes the date format there, after the new format of a cell
    # beside the table on row 2,500: styles are numbered in that order
    count = 5000
    dates = [None] * count
    dates[3000 - FIRST] = dt.datetime(2026, 3, 10)
    text = [f"client {i % 70}" for i in range(count)]
    columns = [("values", pd.Series(text, dtype="str"), None),
               ("values", pd.Series(dates, dtype=object), None),
               ("values", pd.Series(np.arange(count) / 7), "#,##0"),
               ("formula", "tblT[[#This Row],[C]]+1", list(np.arange(count) / 7 + 1), "0.00")]
    members = _same_as_cell_by_cell(columns, count, chart=True,
                                    outside={10: "ink:#00AA00", 2500: "ink:#0000AA"})
    xml = members["xl/worksheets/sheet1.xml"].decode()
    beside = int(re.search(r'<c r="F2501" s="(\d+)"', xml).group(1))
    date = int(re.search(r'<c r="B3001" s="(\d+)"', xml).group(1))
    assert beside < date


def test_a_chart_on_a_table_column_caches_its_values():
    columns = [("values", pd.Series([3.0, None, 5.5]), "0.00"),
               ("values", pd.Series(["x", "y", "z"], dtype="str"), None)]
    members = _same_as_cell_by_cell(columns, 3, chart=True)
    chart = members["xl/charts/chart1.xml"].decode()
    assert "<c:v>3</c:v>" in chart and "<c:v>5.5</c:v>" in chart


def test_readers_find_the_formula_in_every_row_and_the_cached_values():
    formula = 'IF(tblT[[#This Row],[A]]>1,tblT[[#This Row],[A]]*2,"")'
    columns = [("formula", formula, ["", 4.0, 6.0], None),
               ("values", pd.Series([1.0, 2.0, 3.0]), None)]
    content = _book(columns, 3, by_rows=False)
    xml = content["xl/worksheets/sheet1.xml"].decode()
    escaped = escape(formula)
    # the first row's empty result typed as text, the range on the first cell only
    assert f'<c r="A4" t="str"><f t="shared" ref="A4:A6" si="0">{escaped}</f><v></v></c>' in xml
    assert xml.count('<f t="shared" si="0"/>') == 2
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["S"]
    assert [sheet[f"A{r}"].value for r in (4, 5, 6)] == ["=" + formula] * 3
    values = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), data_only=True)["S"]
    assert [values[f"A{r}"].value for r in (5, 6)] == [4, 6]


def test_a_formula_outside_a_table_with_no_result_is_typed_as_text():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("S", worksheet_class=_Worksheet)
    sheet.write_formula(0, 0, '=IF(1>2,1,"")', None, "")
    sheet.write_formula(1, 0, "=1+1", None, 2)
    book.close()
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="A1" t="str"><f>IF(1&gt;2,1,"")</f><v></v></c>' in xml
    assert '<c r="A2"><f>1+1</f><v>2</v></c>' in xml


def test_a_formula_xlsxwriter_would_rewrite_is_refused():
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    sheet = book.add_worksheet("S", worksheet_class=_Worksheet)
    with pytest.raises(ValueError, match="rewrite"):
        TableRows(sheet, FIRST, 2).formula(0, "UNIQUE(tblT[A])", None, None)

"""The cell formulas of xlsales, called as desktop Excel and xlwings Lite call them.

Expected values are worked out by hand in each test; the registration checks hold for
every function of the catalogue, present and future.
"""

import datetime as dt
import inspect
import logging
import re
import tomllib
from pathlib import Path

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
REGISTERED = {name: getattr(udfs, name) for name in dir(udfs)
              if hasattr(getattr(udfs, name), "__xlfunc__")}

# Names VBA reserves (MS-VBAL 3.3.5.2) or reads in its Option statements: an argument so
# named would stop the whole generated VBA module, every function in it, from compiling.
_VBA_WORDS = """
    Abs AddressOf And Any Array As Attribute Base Binary Boolean ByRef Byte ByVal Call Case
    CBool CByte CCur CDate CDbl CDec CInt Circle CLng CLngLng CLngPtr Close Compare Const
    CSng CStr Currency CVar CVErr Date Debug Decimal Declare DefBool DefByte DefCur DefDate
    DefDbl DefInt DefLng DefLngLng DefLngPtr DefObj DefSng DefStr DefVar Dim Do DoEvents
    Double Each Else ElseIf Empty End EndIf Enum Eqv Erase Error Event Exit Explicit False
    Fix For Friend Function Get Global GoSub GoTo If Imp Implements In Input InputB Int
    Integer Is LBound Len LenB Let Like Lock Long LongLong LongPtr Loop LSet Me Mod New
    Next Not Nothing Null On Open Option Optional Or ParamArray Preserve Print Private PSet
    Public Put RaiseEvent ReDim Rem Resume Return RSet Scale Seek Select Set Sgn Shared
    Single Spc Static Step Stop String Sub Tab Then To True Type TypeOf UBound Unlock Until
    Variant Wend While With WithEvents Write Xor
"""
VBA_RESERVED = set(_VBA_WORDS.lower().split())


def one(result):
    """The single cell of a 1×1 result."""
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


# ----------------------------------------------------------------------------------------
# What every function of the catalogue owes Excel
# ----------------------------------------------------------------------------------------

def test_the_catalogue_is_what_the_module_exports():
    assert sorted(REGISTERED) == sorted(udfs.__all__)


@pytest.mark.parametrize("name", sorted(REGISTERED))
def test_registered_in_the_xlsales_category_with_docs_excel_can_show(name):
    info = REGISTERED[name].__xlfunc__
    assert info["category"] == "xlsales"
    # Excel's MacroOptions takes at most 255 characters per description
    for doc in [info["ret"]["doc"]] + [arg["doc"] for arg in info["args"]]:
        assert 0 < len(doc) <= 255 and "\n" not in doc
        english, french = doc.split(" / ")  # both languages, English first
        assert english and french
    for arg in info["args"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", arg["name"]), arg["name"]
        assert arg["name"] not in VBA_RESERVED
        assert arg["options"] == {"ndim": 2, "err_to_str": True}
    names = [arg["name"] for arg in info["args"]]
    if "lang" in names:
        assert names[-1] == "lang" and info["args"][-1]["optional"] == "en"


def test_plain_import_works_without_the_harness():
    import xlsales_udfs

    assert not hasattr(xlsales_udfs.XLSALES_NUMBER, "__xlfunc__")
    # Called from Python (xlwings Lite's main.py can), cells may be plain values
    assert xlsales_udfs.XLSALES_NUMBER("1 234,50 €") == 1234.5
    assert xlsales_udfs.XLSALES_NUMBER([["12,5"], [None]]) == [[12.5], [None]]


def test_undocumented_argument_is_refused_when_declared():
    with pytest.raises(TypeError, match="doc"):

        @udfs.excel_function(("Adds.", "Ajoute."), a=("First", "Premier"))
        def ADD(a, b):
            return a + b


def declared(compute):
    """``compute`` declared as a catalogue function, under the classic decorators."""
    docs = {name: (name, name) for name in inspect.signature(compute).parameters}
    with excel.classic():
        return udfs.excel_function(("Test.", "Test."), **docs)(compute)


def test_unexpected_failure_shows_one_line_and_logs_the_traceback(caplog):
    broken = declared(lambda value, lang="en": 1 / 0)
    with caplog.at_level(logging.ERROR, logger="xlsales_udfs"):
        assert one(excel.call_like_excel(broken, 5)) == (
            "#XLSALES! internal error (ZeroDivisionError)")
    assert "Traceback" in caplog.text
    assert one(excel.call_like_lite(broken, 5, "fr")) == (
        "#XLSALES! erreur interne (ZeroDivisionError)")


def test_a_result_that_is_not_rows_is_an_internal_error_not_an_exception():
    flat = declared(lambda value, lang="en": [1.0, 2.0])
    assert one(excel.call_like_excel(flat, 5)) == "#XLSALES! internal error (TypeError)"


@pytest.mark.parametrize("call", [excel.call_like_excel, excel.call_like_lite])
def test_optional_argument_given_an_empty_cell_takes_its_default(call):
    share = declared(lambda value, share=0.8: udfs.single(share, "share"))
    assert call(share, 5, None) == [[0.8]]
    assert call(share, 5, excel.MISSING) == [[0.8]]
    assert call(share, 5, 0.5) == [[0.5]]
    # A required argument stays blank: the function reports it (here it just shows it)
    assert call(declared(lambda value: udfs.single(value, "value")), None) == [[""]]


def test_results_blank_where_nothing_to_show():
    nothing = declared(lambda value, lang="en": [])
    assert excel.call_like_excel(nothing, 5) == [[""]]
    nan_and_none = declared(lambda value, lang="en": [[float("nan"), None]])
    assert excel.call_like_excel(nan_and_none, 5) == [["", ""]]
    # Lite would show a bare NaN as #NUM!: it must arrive as an empty cell there too
    assert excel.call_like_lite(nan_and_none, 5) == [["", ""]]


# ----------------------------------------------------------------------------------------
# The language argument
# ----------------------------------------------------------------------------------------

def test_lang_is_read_as_users_write_it():
    cells = excel.column("abc")
    assert one(excel.call_like_excel(udfs.XLSALES_NUMBER, cells, "Français")) == (
        "#XLSALES! text, ligne 1 : 'abc' n'est pas un nombre")
    assert one(excel.call_like_excel(udfs.XLSALES_NUMBER, cells, None)) == (
        "#XLSALES! text, row 1: 'abc' is not a number")


def test_bad_lang_is_reported_in_english():
    assert one(excel.call_like_excel(udfs.XLSALES_NUMBER, "12", "de")) == (
        "#XLSALES! lang: 'de' is not one of: en, fr")
    assert one(excel.call_like_lite(udfs.XLSALES_NUMBER, "12", excel.column("fr", "en"))) == (
        "#XLSALES! lang: must be one cell, not 2 rows by 1 columns")


# ----------------------------------------------------------------------------------------
# XLSALES_NUMBER, XLSALES_DATE, XLSALES_KEY, XLSALES_VERSION
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [excel.call_like_excel, excel.call_like_lite])
def test_number_answers_a_column_with_a_column(call):
    cells = excel.column("1 234,50 €", "45 %", 3, None, "(300)")
    # 1 234,50 € → 1234.5; 45 % → 0.45; 3 stays 3; blank stays blank; (300) is -300
    assert call(udfs.XLSALES_NUMBER, cells) == [[1234.5], [0.45], [3.0], [""], [-300.0]]


@pytest.mark.parametrize("call", [excel.call_like_excel, excel.call_like_lite])
def test_number_answers_a_row_with_a_row_and_a_cell_with_a_cell(call):
    assert call(udfs.XLSALES_NUMBER, excel.row("1,5", "2")) == [[1.5, 2.0]]
    assert call(udfs.XLSALES_NUMBER, "12 €") == [[12.0]]


def test_number_refuses_a_table():
    cells = excel.table(("1", "2"), ("3", "4"))
    assert one(excel.call_like_excel(udfs.XLSALES_NUMBER, cells)) == (
        "#XLSALES! text: must be one row or one column, not 2 rows by 2 columns")


@pytest.mark.parametrize("call", [excel.call_like_excel, excel.call_like_lite])
def test_date_reads_french_text_serials_and_dates(call):
    cells = excel.column("05/01/2025", "2025-12-31", 45657, excel.com_date(2024, 2, 29), None)
    result = call(udfs.XLSALES_DATE, cells)
    # 05/01/2025 is 5 January (day first); 45657 is 31/12/2024
    assert [excel.shown(cell) for (cell,) in result] == [
        dt.datetime(2025, 1, 5), dt.datetime(2025, 12, 31), dt.datetime(2024, 12, 31),
        dt.datetime(2024, 2, 29), ""]


def test_date_names_the_bad_value():
    assert one(excel.call_like_excel(udfs.XLSALES_DATE, excel.column("31/12/2025", "31/02/2025"))
               ) == "#XLSALES! value, row 2: '31/02/2025' is not a date"


@pytest.mark.parametrize("call", [excel.call_like_excel, excel.call_like_lite])
def test_key_matches_codes_however_typed(call):
    cells = excel.column(1001, "1001", " Dupont  SA ", None, 12.5)
    assert call(udfs.XLSALES_KEY, cells) == [["1001"], ["1001"], ["Dupont SA"], [""], ["12.5"]]


def test_version_is_the_packaged_one():
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    assert one(excel.call_like_excel(udfs.XLSALES_VERSION)) == version
    assert one(excel.call_like_lite(udfs.XLSALES_VERSION)) == version

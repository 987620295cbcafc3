"""The cell formulas of xlsales, called as desktop Excel and xlwings Lite call them.

Expected values are worked out by hand in each test; the registration checks hold for
every function of the catalogue, present and future.
"""

import datetime as dt
import importlib.metadata
import inspect
import logging
import re
from pathlib import Path

import pytest

from tests.harness import xlwings_excel as excel
from tests.harness.buyers import bgnbd_buyers

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
    with caplog.at_level(logging.ERROR, logger="xlsales.excel.udfs"):
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
    # pyproject's version is dynamic, read from xlsales.__version__: the installed
    # package's metadata is what pip reports
    version = importlib.metadata.version("xlsales")
    assert one(excel.call_like_excel(udfs.XLSALES_VERSION)) == version
    assert one(excel.call_like_lite(udfs.XLSALES_VERSION)) == version


# ----------------------------------------------------------------------------------------
# The adapter's helpers, shared by the catalogue
# ----------------------------------------------------------------------------------------

def test_table_spills_a_header_row_and_row_labels():
    import pandas as pd

    frame = pd.DataFrame({"Clients": [2, 4], "Revenue": [80.0, 7.5]},
                         index=pd.Index(["A", "B"], name="Class"))
    assert udfs.table(frame) == [["Class", "Clients", "Revenue"], ["A", 2, 80.0],
                                 ["B", 4, 7.5]]
    assert udfs.table(frame, index=False) == [["Clients", "Revenue"], [2, 80.0], [4, 7.5]]
    assert udfs.table(frame, header=False) == [["A", 2, 80.0], ["B", 4, 7.5]]
    # through Excel: a NaN is an empty cell, an unnamed index an empty corner
    frame.loc["B", "Revenue"] = float("nan")
    frame.index.name = None
    shown = declared(lambda value, lang="en": udfs.table(frame))
    assert excel.call_like_excel(shown, 1) == [["", "Clients", "Revenue"], ["A", 2, 80.0],
                                               ["B", 4, ""]]


def test_in_words_translates_keys_and_leaves_the_users_words():
    import pandas as pd

    labels = {"clients": {"en": "Clients", "fr": "Clients"},
              "lost": {"en": "Lost", "fr": "Perdus"},
              "year": {"en": "Year", "fr": "Année"}}
    frame = pd.DataFrame({"lost": [1], "Dupont": [2]}, index=pd.Index(["clients"], name="year"))
    shown = udfs.in_words(frame, labels, "fr")
    assert list(shown.columns) == ["Perdus", "Dupont"] and shown.index.name == "Année"
    assert udfs.in_words(["lost", None, "Dupont"], labels, "fr") == ["Perdus", None, "Dupont"]
    assert udfs.in_words("lost", labels, "en") == "Lost"


def test_core_names_are_told_as_the_excel_arguments():
    from xlsales.common.errors import XlsalesError

    names = {"prev": "revenue_prev", ("prev", "duplicate"): "clients_prev"}
    with pytest.raises(XlsalesError) as caught, udfs.excel_names(names):
        raise XlsalesError("prev", "not_number", row=3, value="abc")
    assert caught.value.message() == "revenue_prev, row 3: 'abc' is not a number"
    with pytest.raises(XlsalesError) as caught, udfs.excel_names(names):
        raise XlsalesError("prev", "duplicate", row=2, value="1001")
    assert caught.value.message() == "clients_prev, row 2: '1001' appears more than once"
    with pytest.raises(XlsalesError) as caught, udfs.excel_names(names):
        raise XlsalesError("lang", "blank")
    assert caught.value.arg == "lang"  # not one of the names: as it was


def test_elementwise_broadcasts_a_cell_and_answers_in_the_columns_shape():
    args, answer = udfs.elementwise(rate=[[0.1]], clients=[[100.0], [200.0]])
    assert args == [0.1, [100.0, 200.0]]
    assert answer([10.0, 20.0]) == [[10.0], [20.0]]
    args, answer = udfs.elementwise(rate=[[0.1]], clients=[[100.0]])
    assert args == [0.1, 100.0] and answer(10.0) == 10.0
    args, answer = udfs.elementwise(rate=[[0.1, 0.2]])
    assert answer([1.0, 2.0]) == [[1.0, 2.0]]  # a row answers with a row


def test_a_table_argument_reports_an_error_cell_by_row_and_column():
    from xlsales.common.errors import XlsalesError

    with pytest.raises(XlsalesError) as caught:
        udfs.rows([[1.0, 2.0], [3.0, "#N/A"]], "scores")
    assert caught.value.message("fr") == (
        "scores, ligne 2, colonne 2 : la cellule contient l'erreur #N/A")


def test_a_table_from_python_must_have_rows_of_one_width():
    # Excel hands rectangular ranges; a Python caller (an xlwings Lite main.py) may not:
    # an empty or ragged table is told as such rather than failing inside numpy.
    import xlsales_udfs

    assert xlsales_udfs.POTENTIAL_SCORE([], [1.0]) == "#XLSALES! scores: has no values"
    assert xlsales_udfs.POTENTIAL_SCORE([[]], [[]]) == "#XLSALES! scores: has no values"
    assert xlsales_udfs.RISK_SCORE([[5, 4], [3]], [1, 1], "fr") == (
        "#XLSALES! scores, ligne 2 : contient 1 valeurs mais la première ligne en contient 2")


@pytest.mark.parametrize("call", [excel.call_like_excel, excel.call_like_lite])
def test_short_rows_are_padded_and_infinity_reads_as_such(call):
    ragged = declared(lambda value, lang="en": [["Figure", "Value", "Note"], ["Half-life",
                                                                              float("inf")]])
    assert call(ragged, 1) == [["Figure", "Value", "Note"], ["Half-life", "∞", ""]]
    minus = declared(lambda value, lang="en": -float("inf"))
    assert call(minus, 1) == [["-∞"]]


# ----------------------------------------------------------------------------------------
# Every function of the catalogue: a bad argument is named, in English and French
# ----------------------------------------------------------------------------------------

DAY = excel.com_date(2025, 1, 1)
# enough buyers for P_ALIVE's model to fit (tests/harness/buyers.py)
BUYERS, BOUGHT = (tuple(column) for column in bgnbd_buyers())
BOUGHT = tuple(excel.com_date(d.year, d.month, d.day) for d in BOUGHT)
# name: (good arguments, which one to spoil at its row 2, its name, the bad value and how
# messages quote it in English and French)
ABC = "abc", "'abc'", "'abc'"
CASES = {
    "ABC_CLASS": ((excel.column(50, 30, 20),), 0, "values", ABC),
    "ABC_LIMITS": ((excel.column(50, 30, 20),), 0, "values", ABC),
    "ABC_SUMMARY": ((excel.column(50, 30, 20),), 0, "values", ABC),
    "CONCENTRATION": ((excel.column(50, 30, 20),), 0, "values", ABC),
    "PORTFOLIO_BRIDGE": ((excel.column(1, 2), excel.column(10, 20), excel.column(2, 3),
                          excel.column(5, 6)), 1, "revenue_prev", ABC),
    "CHURN_RATE": ((excel.column(1, 2), excel.column(2, 3)), 1, "clients_curr",
                   (True, "TRUE", "VRAI")),
    "CHURN_HALF_LIFE": ((excel.column(0.1, 0.2),), 0, "rate", ABC),
    "NEW_CLIENTS_NEEDED": ((excel.column(100, 200), excel.column(0.1, 0.2)), 0, "clients",
                           ABC),
    "FUNNEL_RATIOS": ((excel.column(100, 50, 10),), 0, "counts", ABC),
    "FUNNEL_NEEDED": ((10, excel.column(100, 50, 10)), 1, "counts", ABC),
    "FUNNEL_WEAKEST": ((excel.column(100, 50, 10),), 0, "counts", ABC),
    "POTENTIAL_SCORE": ((excel.table((5, 4), (3, 2)), excel.row(1, 1)), 0, "scores", ABC),
    "RISK_SCORE": ((excel.table((5, 4), (3, 2)), excel.row(1, 1)), 0, "scores", ABC),
    "POTENTIAL_LEVEL": ((excel.column(4, 2),), 0, "score", ABC),
    "ACCESS_LEVEL": ((excel.column(4, 2),), 0, "score", ABC),
    "RISK_LEVEL": ((excel.column(4, 2),), 0, "score", ABC),
    "PRIORITY": ((excel.column(1, 2), excel.column(1, 3)), 0, "potential", ABC),
    "NEXT_CONTACT": ((excel.column(DAY, DAY), excel.column(1, 2)), 0, "last_contact", ABC),
    "SHARE_OF_WALLET": ((excel.column(10, 20), excel.column(100, 100)), 1, "potential", ABC),
    "CLIENT_APPROACH": ((excel.column("A", "B"), excel.column(0.3, 0.4), excel.column(1, 2),
                         excel.column(1, 2)), 1, "share_of_wallet", ABC),
    "SEGMENT_MATRIX": ((excel.column("S1", "S2"), excel.column("P1", "P2"),
                        excel.column(1, 2)), 2, "amounts", ABC),
    "MATRIX_SIGNALS": ((excel.column("S1", "S2"), excel.column("P1", "P2"),
                        excel.column(1, 2)), 2, "amounts", ABC),
    "ACTIVITY_INDEX": ((excel.column(7, 8), excel.column(5, 6), excel.column(6, 7)), 1,
                       "orientation", ABC),
    "ACTIVITY_GAIN": ((excel.column(7, 8), excel.column(5, 6), excel.column(6, 7),
                       "orientation", excel.column(7, 8)), 2, "efficiency", ABC),
    "ACTIVITY_LEVER": ((excel.column(7, 8), excel.column(5, 6), excel.column(6, 7)), 0,
                       "quantity", ABC),
    "COST_TO_SERVE": ((excel.column("C1", "C2"), excel.column("Call", "Visit"),
                       excel.column(10, 20)), 2, "durations", ABC),
    "VALUE_PER_COST": ((excel.column("a", "b"), excel.column("A", "B"), excel.column(9, 8),
                        excel.column(1, 2)), 2, "margins", ABC),
    "CLIENT_RHYTHM": ((excel.column("A", "A"), excel.column(DAY, DAY)), 1, "dates", ABC),
    "P_ALIVE": ((excel.column(*BUYERS), excel.column(*BOUGHT)), 1, "dates", ABC),
    "COHORT_RETENTION": ((excel.column("A", "B"), excel.column(DAY, DAY),
                          excel.MISSING, excel.column(10, 20)), 3, "amounts", ABC),
    "XLSALES_NUMBER": ((excel.column("1", "2"),), 0, "text", ABC),
    "XLSALES_DATE": ((excel.column("01/01/2025", "02/01/2025"),), 0, "value", ABC),
    "XLSALES_KEY": ((excel.column("1001", "1002"),), 0, "value", (True, "TRUE", "VRAI")),
}


def test_every_function_with_arguments_has_a_bad_argument_case():
    # XLSALES_VERSION has no argument; CHURN_PROJECTION takes single cells only (below)
    assert sorted(CASES) == sorted(set(REGISTERED) - {"XLSALES_VERSION", "CHURN_PROJECTION"})


def spoiled(args, at, value):
    """The arguments with the value at row 2 of argument ``at`` replaced by ``value``."""
    cells = [list(row) for row in args[at]]
    cells[1][0] = value
    return (*args[:at], tuple(map(tuple, cells)), *args[at + 1:])


def in_french(name, args):
    """The arguments, the optional ones left out, and lang "fr" last."""
    missing = len(REGISTERED[name].__xlfunc__["args"]) - len(args) - 1
    return (*args, *[excel.MISSING] * missing, "fr")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_value_is_named_with_its_argument_and_row(name):
    args, at, arg, (bad, english, french) = CASES[name]
    func = REGISTERED[name]
    # the good arguments give no message
    first = excel.call_like_excel(func, *args)[0][0]
    assert not (isinstance(first, str) and first.startswith("#XLSALES!"))
    where = r"(, column \d+)?"
    message = one(excel.call_like_excel(func, *spoiled(args, at, bad)))
    assert re.fullmatch(rf"#XLSALES! {arg}, row 2{where}: .*{re.escape(english)}.*", message)
    message = one(excel.call_like_lite(func, *in_french(name, spoiled(args, at, bad))))
    where = r"(, colonne \d+)?"
    assert re.fullmatch(rf"#XLSALES! {arg}, ligne 2{where} : .*{re.escape(french)}.*", message)


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_error_cell_is_reported_at_its_row(name):
    args, at, arg, _ = CASES[name]
    func = REGISTERED[name]
    na = spoiled(args, at, excel.error("#N/A"))
    for call in (excel.call_like_excel, excel.call_like_lite):
        assert re.fullmatch(rf"#XLSALES! {arg}, row 2(, column 1)?: the cell holds the error "
                            r"#N/A", one(call(func, *na)))
    assert re.fullmatch(rf"#XLSALES! {arg}, ligne 2(, colonne 1)? : la cellule contient "
                        r"l'erreur #N/A", one(excel.call_like_excel(func, *in_french(name, na))))


@pytest.mark.parametrize("error", ["#CALC!", "#GETTING_DATA", "#SPILL!", "#BLOCKED!",
                                   "#CONNECT!", "#FIELD!"])
def test_a_newer_error_value_is_named_as_excel_shows_it(error):
    # desktop xlwings hands these as bare COM codes (0x800A0000 + xlErrCalc = 2050...):
    # '#CALC!' was told as 'the error 2050'
    for call in (excel.call_like_excel, excel.call_like_lite):
        assert one(call(udfs.ABC_CLASS, excel.column(50, excel.error(error)))) == (
            f"#XLSALES! values, row 2: the cell holds the error {error}")


def test_a_single_cell_argument_is_named_without_a_row():
    assert one(excel.call_like_excel(udfs.CHURN_PROJECTION, "cent", 0.1, 3)) == (
        "#XLSALES! clients: 'cent' is not a number")
    assert one(excel.call_like_lite(udfs.CHURN_PROJECTION, 100, 0.1, "trois", 0, "fr")) == (
        "#XLSALES! years : 'trois' n'est pas un nombre")


# ----------------------------------------------------------------------------------------
# "Import Functions" declares the whole catalogue
# ----------------------------------------------------------------------------------------

def test_no_formula_computes_while_the_function_wizard_is_open():
    # xlwings' own wrapper line for call_in_wizard=False, first in each function's body:
    # typing a formula over whole columns in the wizard must not compute at each keystroke
    text = excel.vba_declarations(udfs)
    bodies = re.findall(r"^Function (\w+)\(.*?\)\n(.*?)\nEnd Function", text, re.M | re.S)
    assert len(bodies) == len(REGISTERED)
    for name, body in bodies:
        first = body.strip().splitlines()[0].strip()
        assert first == ('If (Not Application.CommandBars("Standard").Controls(1).Enabled) '
                         "Then Exit Function"), name


def test_import_functions_declares_every_function_with_its_docs():
    text = excel.vba_declarations(udfs)
    options = {call["Macro"]: call for call in excel.macro_options(udfs)}
    assert len(options) == len(REGISTERED)
    for name, func in REGISTERED.items():
        args = func.__xlfunc__["args"]
        params = ", ".join(("Optional " if "optional" in arg else "") + arg["name"]
                           for arg in args)
        assert f"Function {name}({params})\n" in text
        names = ", ".join(arg["name"] for arg in args)
        assert f'{name} = XLPy.CallUDF("xlsales_udfs", "{name}", Array({names})' in text
        call = options[f"'xlsales.xlsm'!{name}"]
        assert call["Category"] == "xlsales"
        assert call["Description"] == func.__doc__ and len(call["Description"]) <= 255
        descriptions = call["ArgumentDescriptions"] or []  # None for no argument
        assert descriptions == [arg["doc"] for arg in args]
        assert all(0 < len(doc) <= 255 for doc in descriptions)
    # VBA reads at most 1,023 characters per line
    assert max(map(len, text.splitlines())) <= 1023


def test_the_catalogue_needs_no_xlwings_licence_key():
    import os
    import subprocess
    import sys

    root = Path(__file__).parents[2]
    code = (
        "import xlwings\n"
        "from tests.harness import xlwings_excel as excel\n"
        "udfs = excel.load()\n"
        "assert not xlwings.__pro__\n"
        "column = excel.column(50, 30, 10, 5, 3, 2)\n"
        "print(excel.call_like_excel(udfs.ABC_CLASS, column) ==\n"
        "      excel.call_like_lite(udfs.ABC_CLASS, column) ==\n"
        "      [['A'], ['A'], ['B'], ['B'], ['C'], ['C']])\n"
        "print(len(excel.macro_options(udfs)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_LICENSE")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(root / "udfs")])
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", str(len(REGISTERED))]

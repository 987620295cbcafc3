"""The harness runs xlwings' own code, and our cell formulas behave through it as in Excel.

Expected values come from xlwings' documented behaviour and source (error codes, the VBA
it writes, what its converters return) and from cases worked out by hand below.
"""

import datetime as dt
import os

import numpy as np
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from xlwings import conversion

from tests.harness import xlwings_excel as excel

udfs = excel.load()


def sample_functions():
    """Functions declared with xlwings' classic decorators directly, as its docs show."""
    with excel.classic():

        @xlwings.func(category="xlsales")
        @xlwings.arg("amounts", np.array, ndim=2, doc="Amounts to double")
        @xlwings.arg("factor", doc="How many times")
        def TWICE(amounts, factor=2.0):
            """Doubles the amounts."""
            return amounts * factor

        @xlwings.func
        @xlwings.arg("cells", expand="table")
        def EXPANDING(cells):
            return cells

    return TWICE, EXPANDING


TWICE, EXPANDING = sample_functions()


# ----------------------------------------------------------------------------------------
# xlwings' own code is what runs
# ----------------------------------------------------------------------------------------

def test_classic_decorators_attach_xlwings_metadata_only_under_the_harness():
    import xlsales_udfs

    assert not hasattr(xlsales_udfs.XLSALES_NUMBER, "__xlfunc__")  # Linux: no-op decorators
    info = udfs.XLSALES_NUMBER.__xlfunc__
    assert info["name"] == "XLSALES_NUMBER"
    assert info["category"] == "xlsales"
    assert [arg["name"] for arg in info["args"]] == ["text", "lang"]
    assert info["args"][1]["optional"] == "en"
    assert info["args"][0]["options"] == {"ndim": 2, "err_to_str": True}
    assert info["args"][0]["doc"].startswith("A cell, row or column of numbers")
    # The plain module is left as it was: the harness loads its own copy.
    assert udfs is not xlsales_udfs
    assert xlwings.func is not excel.udfs.xlfunc


def test_a_date_cell_goes_through_xlwings_conversion_options():
    cell = excel.com_date(2025, 12, 31, 14, 30)
    assert conversion.read(None, cell, {}) == dt.datetime(2025, 12, 31, 14, 30)
    # dates=dt.date is xlwings' own option, applied by its CleanDataFromReadStage
    assert conversion.read(None, cell, {"dates": dt.date}) == dt.date(2025, 12, 31)
    # numbers=int rounds, per xlwings issue #554
    assert conversion.read(None, 2.6, {"numbers": int}) == 3


def test_ranges_take_xlwings_default_shapes():
    # A column and a row both squeeze to a flat list; a table stays 2-D; ndim=2 keeps all 2-D
    assert conversion.read(None, excel.column(1, 2), {}) == [1.0, 2.0]
    assert conversion.read(None, excel.row(1, 2), {}) == [1.0, 2.0]
    assert conversion.read(None, excel.table((1, 2), (3, 4)), {}) == [[1.0, 2.0], [3.0, 4.0]]
    assert conversion.read(None, excel.column(1, 2), {"ndim": 2}) == [[1.0], [2.0]]


def test_error_cells_arrive_as_com_error_codes():
    # The codes xlwings/_xlwindows.py lists: #N/A is -2146826246, #DIV/0! -2146826281
    assert excel.error("#N/A") == -2146826246
    assert excel.error("#DIV/0!") == -2146826281
    assert conversion.read(None, excel.error("#N/A"), {}) is None
    assert conversion.read(None, excel.error("#N/A"), {"err_to_str": True}) == "#N/A"


def test_numpy_converter_and_omitted_argument_follow_call_udf():
    # np.array reads empty cells as NaN (xlwings' NumpyArrayConverter); the omitted factor
    # takes the Python default 2; NaN goes back to Excel as an empty cell.
    result = excel.call_like_excel(TWICE, excel.column(1.5, None, 4))
    assert result == [[3.0], [""], [8.0]]
    assert excel.call_like_excel(TWICE, excel.column(1.5), 3) == [[4.5]]


def test_vba_declaration_names_category_description_and_argument_docs():
    text = excel.vba_declarations(udfs)
    assert "Function XLSALES_NUMBER(text, Optional lang)" in text
    assert ('XLSALES_NUMBER = XLPy.CallUDF("xlsales_udfs", "XLSALES_NUMBER", '
            "Array(text, lang), ThisWorkbook, Application.Caller)") in text
    options = {call["Macro"]: call for call in excel.macro_options(udfs)}
    number = options["'xlsales.xlsm'!XLSALES_NUMBER"]
    assert number["Category"] == "xlsales"
    assert number["Description"] == udfs.XLSALES_NUMBER.__doc__
    assert number["ArgumentDescriptions"] == [arg["doc"] for arg in
                                              udfs.XLSALES_NUMBER.__xlfunc__["args"]]
    assert 'Category:="xlsales"' in text


def test_vba_declaration_of_a_sample_module():
    import types

    module = types.ModuleType("sample_udfs")
    module.__file__ = "sample_udfs.py"
    module.TWICE = TWICE
    text = excel.vba_declarations(module, workbook="book.xlsm")
    assert "Function TWICE(amounts, Optional factor)" in text
    assert ('Application.MacroOptions Macro:="\'book.xlsm\'!TWICE", '
            'Description:="Doubles the amounts."') in text
    assert 'ArgumentDescriptions:=Array("Amounts to double", "How many times")' in text


def test_what_needs_a_live_excel_is_refused_not_faked():
    with pytest.raises(NotImplementedError):
        excel.call_like_excel(EXPANDING, excel.column(1, 2))
    with pytest.raises(TypeError, match="refuses"):
        excel.call_like_excel(udfs.XLSALES_NUMBER)  # its required argument left out


# ----------------------------------------------------------------------------------------
# Our formulas through the harness: short messages, same results in both runtimes
# ----------------------------------------------------------------------------------------

def test_bad_argument_gives_a_short_message_not_a_traceback():
    cells = excel.column("12", "1 234,50", "abc")
    expected = "#XLSALES! text, row 3: 'abc' is not a number"
    assert excel.call_like_excel(udfs.XLSALES_NUMBER, cells) == [[expected]]
    assert excel.call_like_lite(udfs.XLSALES_NUMBER, cells) == [[expected]]
    french = "#XLSALES! text, ligne 3 : 'abc' n'est pas un nombre"
    assert excel.call_like_excel(udfs.XLSALES_NUMBER, cells, "fr") == [[french]]


@pytest.mark.parametrize("name", ["XLSALES_NUMBER", "XLSALES_KEY", "XLSALES_DATE"])
@pytest.mark.parametrize("shown_error", ["#N/A", "#DIV/0!", "#SPILL!"])
def test_error_cell_is_reported_not_read_as_blank(name, shown_error):
    # xlwings hands #N/A as text (err_to_str) but #SPILL! as its bare COM code; Lite sends
    # both as error objects. Each is reported at its row, whatever the argument reads.
    func = getattr(udfs, name)
    cells = excel.column("1001", None, excel.error(shown_error))
    arg = func.__xlfunc__["args"][0]["name"]
    expected = [[f"#XLSALES! {arg}, row 3: the cell holds the error {shown_error}"]]
    assert excel.call_like_excel(func, cells) == expected
    assert excel.call_like_lite(func, cells) == expected


def test_lite_shaped_inputs_arrive_as_office_js_sends_them():
    # 45657 is 31/12/2024; Office.js sends it as a whole number, the error as an object
    assert excel._as_lite(excel.column(excel.com_date(2024, 12, 31), 3, 2.5, None,
                                       excel.error("#N/A"))) == [
        [45657], [3], [2.5], [""],
        [{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}]]


def test_dates_come_back_as_dates():
    cells = excel.column("31/12/2025", 45657, excel.com_date(2025, 1, 5))
    com = excel.call_like_excel(udfs.XLSALES_DATE, cells)
    assert all(isinstance(cell, excel.ComTime) for (cell,) in com)  # a COM date, not a number
    # 31/12/2025 is 365 days after 31/12/2024 (serial 45657): 46022
    lite = excel.call_like_lite(udfs.XLSALES_DATE, cells)
    assert lite[0][0] == {"type": "FormattedNumber", "basicValue": 46022.0,
                          "numberFormat": "dd/mm/yyyy"}
    expected = [dt.datetime(2025, 12, 31), dt.datetime(2024, 12, 31), dt.datetime(2025, 1, 5)]
    assert [excel.shown(cell) for (cell,) in com] == expected
    assert [excel.shown(cell) for (cell,) in lite] == expected


cell_values = st.one_of(
    st.none(),
    st.integers(-10**6, 10**6),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.sampled_from(["1 234,50", "12 €", "45%", "(300)", "abc", "", "1001", " A  B "]),
    st.sampled_from([excel.error("#N/A"), excel.error("#SPILL!"), True]),
)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(cell_values, min_size=1, max_size=12),
       name=st.sampled_from(["XLSALES_NUMBER", "XLSALES_KEY"]))
def test_lite_and_com_give_the_same_cells(values, name):
    func = getattr(udfs, name)
    com = excel.call_like_excel(func, excel.column(*values))
    assert excel.call_like_lite(func, excel.column(*values)) == com


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(cell_values, st.datetimes(dt.datetime(1900, 3, 1),
                                                           dt.datetime(2100, 1, 1))),
                       min_size=1, max_size=12),
       name=st.sampled_from(["XLSALES_NUMBER", "XLSALES_DATE", "XLSALES_KEY"]),
       lang=st.sampled_from(["en", "fr", "de", excel.MISSING]))
def test_no_exception_ever_leaves_a_formula(values, name, lang):
    func = getattr(udfs, name)
    for call in (excel.call_like_excel, excel.call_like_lite):
        result = call(func, excel.column(*values), lang)
        assert len(result) in (1, len(values))
        first = result[0][0]
        if isinstance(first, str) and first.startswith("#XLSALES!"):
            assert len(result) == 1 and "Traceback" not in first and "\n" not in first


@pytest.mark.skipif(not os.environ.get("XLWINGS_LICENSE_KEY"),
                    reason="xlwings' own Office.js engine needs a PRO licence key")
def test_lite_stand_in_answers_as_xlwings_own_officejs_engine():
    # A key xlwings refuses would leave the stand-in registered and this test vacuous
    assert xlwings.__pro__, "XLWINGS_LICENSE_KEY is set but xlwings did not accept it"
    real = xlwings.engines["officejs"].impl
    assert not isinstance(real, excel._OfficeJsEngine)
    stand_in = excel._OfficeJsEngine()
    data = [["", 3, 2.5, "x", True,
             {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}]]
    for err_to_str in (False, True):
        assert (stand_in.clean_value_data(data, dt.datetime, None, None, err_to_str)
                == real.clean_value_data(data, dt.datetime, None, None, err_to_str))
    for runtime in ("1.3", "1.4"):
        options = {"date_format": "dd/mm/yyyy", "runtime": runtime}
        for x in [None, float("nan"), np.float64(2.5), dt.datetime(2025, 12, 31, 12),
                  dt.date(2025, 12, 31), "#N/A", "#XLSALES! x", "text", 3]:
            assert (stand_in.prepare_xl_data_element(x, options)
                    == real.prepare_xl_data_element(x, options))

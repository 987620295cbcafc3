"""XlsalesError's messages: where the bad value is, in English and French."""

from xlsales.errors import PROBLEMS, XlsalesError


def test_a_workbook_cell_is_named_after_the_row():
    error = XlsalesError("tblClients", "not_number", row=12, column="CA N",
                         cell=("Clients", "F14"), value="abc")
    assert error.message("en") == ("tblClients, row 12 (sheet Clients, cell F14), "
                                   "column 'CA N': 'abc' is not a number")
    assert error.message("fr") == ("tblClients, ligne 12 (feuille Clients, cellule F14), "
                                   "colonne 'CA N' : 'abc' n'est pas un nombre")


def test_at_row_keeps_or_replaces_the_cell():
    error = XlsalesError("revenue_curr", "not_number", row=3, value="x")
    moved = error.at_row(12, "tblClients", "CA N", cell=("Clients", "F14"))
    assert moved.cell == ("Clients", "F14") and moved.value == "x"
    assert moved.at_row(13).cell == ("Clients", "F14")
    assert error.cell is None and "sheet" not in error.message()


def test_every_problem_speaks_both_languages():
    assert all(set(texts) == {"en", "fr"} for texts in PROBLEMS.values())


def test_a_huge_whole_number_is_quoted_as_excel_shows_it_not_digit_by_digit():
    # xlwings Lite hands a whole 1e226 as a Python int of 227 digits; Excel shows it as
    # 1E+226. Up to 15 digits (Excel's precision) a whole number is quoted as typed.
    share = XlsalesError("b_share", "share", value=10**226)
    assert share.message("en").startswith("b_share: 1e+226 must be above 0")
    assert share.message("fr").startswith("b_share : 1e+226 doit être")
    assert XlsalesError("x", "not_number", value=123456789012345).detail() == (
        "123456789012345 is not a number")
    assert XlsalesError("x", "not_number", value=-1234567890123456789).detail("fr") == (
        "-1,23456789e+18 n'est pas un nombre")  # 10 significant digits
    assert XlsalesError("x", "not_number", value=3 * 10**400).detail() == (
        "3.000e+400 is not a number")


def test_a_list_array_or_series_given_for_one_value_is_quoted_short_on_one_line():
    # Messages quoted the repr of arrays and Series whole: many lines, any length.
    import numpy as np
    import pandas as pd

    column = pd.Series(["calculé", "x" * 500], index=[1, 0])
    message = XlsalesError("method", "choice", value=column, choices="pareto").message()
    quoted = message.removeprefix("method: ").removesuffix(" is not one of: pareto")
    # 37 characters of its text and "...", in quotes, like any long text
    assert len(quoted) == 42 and quoted.endswith("...'") and "\n" not in message
    table = np.array([[1.5, 2.0], [3.0, 4.0]])
    assert XlsalesError("a_share", "share", value=table).detail("fr").startswith(
        "'[[1.5 2. ]  [3.  4. ]]' doit être")
    assert XlsalesError("x", "not_number", value=np.str_("1" * 50)).detail() == (
        "'1111111111111111111111111111111111111...' is not a number")
    assert XlsalesError("x", "not_number", value=np.bool_(True)).detail("fr") == (
        "VRAI n'est pas un nombre")

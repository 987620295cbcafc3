"""XlsalesError's messages: where the bad value is, in English and French."""

from xlsales.common.errors import PROBLEMS, XlsalesError


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


def test_a_list_of_the_users_names_in_a_message_is_cut_to_one_short_line():
    # the columns found in a file, the stages to choose from: the user's own names, which
    # may be a pasted paragraph (this message was 5,000 characters long)
    error = XlsalesError("stages", "choice", row=1, value="warm",
                         choices="x" * 5_000 + ", suspects")
    # the first 80 characters, "...", the last 37: the last stage is still there
    assert error.message("en") == ("stages, row 1: 'warm' is not one of: " + "x" * 80 + "..."
                                   + "x" * 27 + ", suspects")
    path = "/home/anne/" + "sous-dossier/" * 20 + "ventes 2025.xlsx"
    # first 80: "/home/anne/" (11) + 5 x "sous-dossier/" (65) + "sous" (4); last 37:
    # "dossier/" (8) + "sous-dossier/" (13) + "ventes 2025.xlsx" (16)
    assert XlsalesError("output", "output_exists", path=path).message("en").startswith(
        "output: /home/anne/" + "sous-dossier/" * 5 + "sous..."
        "dossier/sous-dossier/ventes 2025.xlsx already exists")
    found = XlsalesError("ledger", "missing_column", value="client", found="a\nb, c")
    assert found.message("fr") == "ledger : pas de colonne 'client' ; colonnes trouvées : a b, c"

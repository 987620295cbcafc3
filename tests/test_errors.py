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

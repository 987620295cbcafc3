"""Reading the plan's inputs from a workbook: settings with their defaults and rules, table
cells checked where they are, every bad value named at its cell."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests.harness.workbooks import build
from xlsales.buttons.book_file import FileBook
from xlsales.buttons.book_inputs import DATES, NUMBERS, SETTINGS, read_book_inputs
from xlsales.common.errors import XlsalesError
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings

ALL_SETTINGS = tuple(a.name for a in layout.AREAS if a.kind == "input")


def settings_of(tmp_path, lang="en", **values):
    built = build(tmp_path / "book.xlsx", lang, settings=values)
    return built, read_book_inputs(FileBook(built.path), (), ALL_SETTINGS).data.settings


def error_of(tmp_path, lang="en", tables=(), **values):
    built = build(tmp_path / "book.xlsx", lang, settings=values)
    with pytest.raises(XlsalesError) as caught:
        read_book_inputs(FileBook(built.path), tables, ALL_SETTINGS)
    return built, caught.value


def test_every_input_name_has_a_reader_and_every_checked_column_exists():
    assert set(SETTINGS) == set(ALL_SETTINGS)
    assert {field for field, _ in SETTINGS.values()} <= {
        f.name for f in PlanSettings.__dataclass_fields__.values()}
    for table, keys in {**NUMBERS, **DATES}.items():
        assert set(keys) <= set(layout.TABLES[table].keys("input"))


def test_blank_settings_take_the_methods_defaults(tmp_path):
    _, settings = settings_of(tmp_path, **dict.fromkeys(ALL_SETTINGS))
    assert settings == PlanSettings()


def test_settings_read_as_users_type_them(tmp_path):
    _, settings = settings_of(
        tmp_path, "fr", xls_abc_a_share="70 %", xls_abc_b_share=90, xls_abc_method="calculé",
        xls_matrix_measure="Marge", xls_growth=5, xls_weights_potential=[2, None, 0, 1],
        xls_intervals=[3, None, 30, 60, 120], xls_today="26/11/2026", xls_min_expected=0)
    assert (settings.a_share, settings.b_share) == (0.7, 0.9)  # 90 alone is 90 %
    assert settings.method == "computed" and settings.measure == "margin"
    assert settings.growth == 0.05
    assert settings.weights_potential == (2, 1.0, 0, 1)  # a blank weight weighs 1
    assert settings.intervals == (3, 14, 30, 60, 120)  # a blank keeps its default
    assert settings.today == dt.date(2026, 11, 26) and settings.min_expected == 0
    assert settings.year_curr == 2026 and settings.churn_years == 5


def test_a_bad_share_is_named_by_its_label_and_cell(tmp_path):
    built, error = error_of(tmp_path, xls_abc_a_share="150%")
    sheet, ref = built.cell("xls_abc_a_share")
    assert error.message("en") == (
        f"A limit (cumulative share of revenue) (sheet {sheet}, cell {ref}): '150%' must be "
        "above 0 and at most 1 (for example 0.8 or 80%)")


def test_the_a_limit_must_be_below_the_b_limit_in_french(tmp_path):
    built, error = error_of(tmp_path, "fr", xls_abc_a_share=0.9, xls_abc_b_share=0.8)
    sheet, ref = built.cell("xls_abc_a_share")
    assert error.message("fr") == (
        f"Limite A (part cumulée du CA) (feuille {sheet}, cellule {ref}) : 0,9 doit être "
        "inférieur à Limite B (part cumulée du CA) (0,8)")


@pytest.mark.parametrize(("name", "value", "row", "text"), [
    ("xls_level_cuts", [2, 3], 2, "3 must be below row 1 (2)"),
    ("xls_level_cuts", [6, 2], 1, "6 is outside 1 to 5"),
    ("xls_weights_risk", [0, 0, 0], None,
     "all values are 0; at least one must be above 0"),
    ("xls_weights_risk", [1, -1, 1], 2, "-1 is negative"),
    ("xls_intervals", [7, 14, 2.5, 60, 90], 3, "2.5 is not a whole number"),
    ("xls_churn_years", 101, None, "101 is outside 0 to 100"),
    ("xls_year_curr", "2026a", None, "'2026a' is not a number"),
    ("xls_growth", -200, None, "-200 is outside -100% to 100%"),
    ("xls_abc_method", "best", None, "'best' is not one of: Pareto, computed / calculé"),
    ("xls_matrix_measure", 3, None, "3 is not one of: revenue / CA, margin / marge"),
    ("xls_today", "31/02/2026", None, "'31/02/2026' is not a date"),
    ("xls_funnel_target", -1, None, "-1 is negative"),
])
def test_bad_settings(tmp_path, name, value, row, text):
    built, error = error_of(tmp_path, **{name: value})
    sheet, ref = built.cell(name, row - 1 if row else 0)
    if name == "xls_weights_risk" and row is None:  # the whole setting: its three cells
        ref = f"{ref}:{built.cell(name, 2)[1]}"
    where = layout.AREA_BY_NAME[name].en + (f", row {row}" if row else "")
    assert error.message("en") == f"{where} (sheet {sheet}, cell {ref}): {text}"


def test_table_cells_are_checked_where_they_are(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    book = openpyxl.load_workbook(built.path)
    # third client (table row 3, sheet row 6); Revenue N is column H, after the user's
    # own "My notes" column D
    assert built.column("tblClients", "revenue_curr") == 8
    book["Clients"]["H6"] = "abc"
    book.save(built.path)
    with pytest.raises(XlsalesError) as caught:
        read_book_inputs(FileBook(built.path), ("tblClients",), ())
    assert caught.value.message("en") == ("tblClients, row 3 (sheet Clients, cell H6), "
                                          "column 'Revenue N': 'abc' is not a number")


def test_a_bad_date_in_french(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr")
    book = openpyxl.load_workbook(built.path)
    # Dernier contact is the tenth column from B: K; the second prospect is sheet row 5
    assert built.column("tblProspects", "last_contact") == 11
    book["Qualification"]["K5"] = "bientôt"
    book.save(built.path)
    with pytest.raises(XlsalesError) as caught:
        read_book_inputs(FileBook(built.path), ("tblProspects",), ())
    assert caught.value.message("fr") == (
        "tblProspects, ligne 2 (feuille Qualification, cellule K5), colonne 'Dernier contact' "
        ": 'bientôt' n'est pas une date")


def test_numbers_typed_as_text_and_a_missing_optional_column(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr")
    book = openpyxl.load_workbook(built.path)
    sheet = book["Clients"]
    sheet.cell(4, built.column("tblClients", "revenue_curr"), "1 234,5")
    sheet.cell(3, built.column("tblClients", "margin"), "Marge brute")  # retitled
    book.save(built.path)
    inputs = read_book_inputs(FileBook(built.path), ("tblClients",), ())
    clients = inputs.data.clients
    assert clients["revenue_curr"].tolist()[:2] == [1234.5, 40.0]
    assert clients["margin"].isna().all()
    assert inputs.notes == ("tblClients : pas de colonne 'Marge N', lue comme vide",)

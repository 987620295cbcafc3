"""Share settings typed as whole numbers in the template's yellow cells (issue 12.4).

A user types 80 for the A limit as often as 0.8: the buttons read it as 80 %
(``values.to_share``), so the native formulas must too. Two copies of the same template
are recalculated by LibreOffice: one as the generator writes it (0.8, 0.95, 5 %, 10 %),
one whose input cells were then given 80, 95, 5 and 10 the way a user's edit saves them
(the cells rewritten in the package, everything else as it was). Both must give the
core's classes, thresholds, new clients needed and matrix signals (``plan.analyse`` on
the fractions); read raw, 80 would make every client class A and 5 a growth of 500 %.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import named, table
from xlsales.buttons.book_file import FileBook
from xlsales.buttons.book_inputs import read_book_inputs
from xlsales.buttons.xlsx_patch import patch_package
from xlsales.plan import layout
from xlsales.plan.analysis import analyse
from xlsales.sources.ledger_plan import demo_plan
from xlsales.workbook import write_plan_workbook

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

TYPED = {"xls_abc_a_share": 80, "xls_abc_b_share": 95, "xls_growth": 5, "xls_win_share": 10}


def _typed(path, values):
    """The workbook at ``path`` with ``values`` (input name → value) in its input cells."""
    book = openpyxl.load_workbook(path)
    cells: dict[str, dict] = {}
    for name, value in values.items():
        sheet, ref = next(iter(book.defined_names[name].destinations))
        col, row, _, _ = range_boundaries(ref.replace("$", ""))
        cells.setdefault(sheet.replace("''", "'"), {})[(row, col)] = value
    data, _ = patch_package(path.read_bytes(), cells)
    typed = path.with_name("typed.xlsx")
    typed.write_bytes(data)
    return typed


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    require_libreoffice()
    folder = tmp_path_factory.mktemp("shares")
    data = demo_plan(clients=200)
    data = replace(data, settings=replace(data.settings, a_share=0.8, b_share=0.95,
                                          growth=0.05, win_share=0.1))
    original = folder / "fractions.xlsx"
    write_plan_workbook(data, original, lang="en")
    typed = _typed(original, TYPED)
    books = {kind: openpyxl.load_workbook(recalculate(path, folder / kind), data_only=True)
             for kind, path in (("fractions", original), ("typed", typed))}
    return data, analyse(data), typed, books


def test_the_buttons_read_the_typed_cells_as_the_fractions(recalculated):
    _, _, typed, _ = recalculated
    settings = read_book_inputs(FileBook(typed), (), tuple(TYPED)).data.settings
    assert (settings.a_share, settings.b_share, settings.growth, settings.win_share) == (
        0.8, 0.95, 0.05, 0.1)


@pytest.mark.parametrize("kind", ["fractions", "typed"])
def test_classes_and_thresholds_are_the_cores(recalculated, kind):
    _, results, _, books = recalculated
    book = books[kind]
    header = layout.CLIENTS.column("abc_class").header("en")
    classes = [row[header] or None for row in table(book, "tblClients")]
    expected = [c or None for c in results.abc_class]
    assert classes == expected
    assert {"A", "B", "C"} <= set(classes)  # 80 read raw: every client A
    assert named(book, "fig_abc_t_a") == pytest.approx(results.abc_limits.ab_threshold)
    assert named(book, "fig_abc_t_b") == pytest.approx(results.abc_limits.bc_threshold)


@pytest.mark.parametrize("kind", ["fractions", "typed"])
def test_new_clients_needed_and_signals_are_the_cores(recalculated, kind):
    _, results, _, books = recalculated
    book = books[kind]
    # clients N × (churn + 5 %), rounded up, on the churn the plan runs on (measured on
    # the cohorts when the ledger allows); 5 read raw would be 500 %
    churn = named(book, "fig_churn_used")
    clients = named(book, "fig_clients_curr")
    assert named(book, "fig_new_clients_needed") == results.new_clients_needed
    assert results.new_clients_needed < clients * (churn + 0.06)
    assert named(book, "fig_matrix_signals") == named(books["fractions"], "fig_matrix_signals")
    words = {w for row in named(book, "fig_matrix_signals") for w in row if w}
    assert words, "no winning nor developing cell: the signals' shares were misread"


def test_the_share_cells_accept_both_forms_and_say_so(recalculated):
    _, _, typed, _ = recalculated
    book = openpyxl.load_workbook(typed)
    for name, value in TYPED.items():
        sheet, ref = next(iter(book.defined_names[name].destinations))
        cell = ref.replace("$", "")
        rules = [v for v in book[sheet.replace("''", "'")].data_validations.dataValidation
                 if cell in v.sqref]
        assert len(rules) == 1, name
        low, high = float(rules[0].formula1), float(rules[0].formula2)
        assert low <= value / 100 <= high and low <= value <= high, name
        assert "80%" in rules[0].error, name

"""The Cohorts sheet and the measured churn on the Portfolio and Plan sheets, after
LibreOffice recalculates the workbook of the hand-checked ledger
(tests/harness/cohort_ledger.py), in English and French."""

from __future__ import annotations

import datetime as dt
import math
import zipfile

import openpyxl
import pytest

from tests.harness.cohort_ledger import cohort_lines
from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import error_cells, formula_mismatches, named, same
from xlsales.plan import layout
from xlsales.plan.analysis import PlanData, analyse
from xlsales.sources.ledger_plan import plan_from_ledger
from xlsales.workbook import write_plan_workbook

HALF_LIFE = math.log(0.5) / math.log(2 / 3)


def _data() -> PlanData:
    return plan_from_ledger(cohort_lines(), today=dt.date(2024, 2, 1))


@pytest.fixture(scope="module", params=["en", "fr"])
def case(request, tmp_path_factory):
    require_libreoffice()
    folder = tmp_path_factory.mktemp(f"cohorts-{request.param}")
    original = folder / "plan.xlsx"
    write_plan_workbook(_data(), original, lang=request.param)
    fresh = recalculate(original, folder / "recalculated")
    return request.param, original, fresh, openpyxl.load_workbook(fresh, data_only=True)


@pytest.mark.libreoffice
def test_every_formula_recalculates_to_its_cached_value_and_none_is_an_error(case):
    lang, original, fresh, book = case
    _, bad = formula_mismatches(str(original), str(fresh))
    assert not bad, "\n".join(bad[:20])
    assert error_cells(book) == []
    assert layout.sheet_name("cohorts", lang) in book.sheetnames


@pytest.mark.libreoffice
def test_the_triangles_and_figures_are_the_hand_computed_ones(case):
    _, _, _, book = case
    assert same(1 / 3, named(book, "xls_cohort_churn"))
    assert same(HALF_LIFE, named(book, "fig_cohort_half_life"))
    assert same(math.log(0.5) / math.log(0.9), named(book, "fig_method_half_life_1"))
    assert same(math.log(0.5) / math.log(0.85), named(book, "fig_method_half_life_2"))
    assert named(book, "xls_cohort_per_year") == 1
    retention = named(book, "xls_cohort_retention")
    assert retention[0][2:5] == [0, 1, 2]
    rows = [[r[0], r[1], *r[2:5]] for r in retention[1:4]]
    want = [["2021", 4, 1, 0.75, 0.5], ["2022", 2, 1, 0.5, None], ["2023", 5, 1, None, None]]
    assert all(same(w, g) for wr, gr in zip(want, rows, strict=True)
               for w, g in zip(wr, gr, strict=True)), rows
    assert all(cell is None for row in retention[4:] for cell in row)
    revenue = named(book, "xls_cohort_revenue")
    assert same(1050, revenue[1][1]) and same(620 / 1050, revenue[1][3])
    assert same(330 / 1050, revenue[1][4]) and same(95 / 150, revenue[2][3])


@pytest.mark.libreoffice
def test_the_projection_runs_on_the_measured_churn_and_names_it(case):
    lang, _, _, book = case
    assert same(0.4, named(book, "fig_churn_rate"))  # this year's count, still shown
    assert same(1 / 3, named(book, "fig_churn_used"))
    assert named(book, "fig_churn_source") == {
        "en": "measured on your cohorts 2021–2023", "fr": "d'après vos cohortes 2021–2023"}[lang]
    assert named(book, "fig_new_clients_needed") == 3  # ⌈8/3⌉; at 40 % it would be 4
    projection = named(book, "fig_projection")
    assert same(8, projection[1][0]) and same(8 / 3, projection[1][1])
    assert same(3, projection[1][2]) and same(8 - 8 / 3 + 3, projection[1][3])
    assert same(1 / 3, named(book, "fig_plan_churn_used"))
    assert named(book, "fig_plan_churn_source") == named(book, "fig_churn_source")


def test_the_heat_maps_and_the_chart_are_written(tmp_path):
    target = tmp_path / "plan.xlsx"
    write_plan_workbook(_data(), target)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        sheet = next(n for n in names if n.startswith("xl/worksheets/sheet")
                     and b"colorScale" in archive.read(n))
        assert archive.read(sheet).count(b"<colorScale>") == 2  # both triangles
        charts = [archive.read(n) for n in names if n.startswith("xl/charts/chart")]
        lines = [c for c in charts if b"<c:lineChart>" in c and b"Cohorts" in c]
        assert lines, "no line chart on the Cohorts sheet"
        # three cohorts and the method's two curves
        assert lines[0].count(b"<c:ser>") == 5


def test_without_a_ledger_the_portfolio_reads_this_years_count(tmp_path):
    results = analyse(PlanData())
    assert results.churn_choice.source == "count"
    target = tmp_path / "empty.xlsx"
    write_plan_workbook(PlanData(), target)
    book = openpyxl.load_workbook(target)
    formula = book.defined_names["fig_churn_used"]
    assert formula is not None
    sheet, ref = next(iter(formula.destinations))
    assert "fig_churn_rate" in book[sheet][ref.replace("$", "")].value

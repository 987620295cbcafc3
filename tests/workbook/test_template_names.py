"""The workbook keeps layout's contract: every area named on its sheet at its size, the
inputs holding the settings, the Python-written blocks filled and marked."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from tests.harness.workbook import same
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import analyse
from xlsales.workbook import template_data, workbook_bytes
from xlsales.workbook.styles import COLOURS


@pytest.fixture(scope="module", params=["en", "fr"])
def generated(request):
    data = template_data()
    content = workbook_bytes(data, lang=request.param)
    return request.param, data, openpyxl.load_workbook(io.BytesIO(content))


def _cells(book, name):
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return sheet.replace("''", "'"), range_boundaries(ref.replace("$", ""))


@pytest.mark.parametrize("area", layout.AREAS, ids=lambda a: a.name)
def test_every_area_is_a_name_on_its_sheet_at_its_size(generated, area):
    lang, _, book = generated
    sheet, (min_col, min_row, max_col, max_row) = _cells(book, area.name)
    assert sheet == layout.sheet_name(area.sheet, lang)
    assert (max_row - min_row + 1, max_col - min_col + 1) == (area.rows, area.cols)


def test_input_areas_hold_the_settings(generated):
    lang, data, book = generated
    s = data.settings

    def values(name):
        sheet, (min_col, min_row, max_col, max_row) = _cells(book, name)
        return [book[sheet].cell(r, c).value for r in range(min_row, max_row + 1)
                for c in range(min_col, max_col + 1)]

    expected = {
        "xls_year_curr": [s.year_curr], "xls_churn_years": [s.churn_years],
        "xls_growth": [s.growth], "xls_abc_a_share": [s.a_share],
        "xls_abc_b_share": [s.b_share], "xls_abc_method": ["Pareto"],
        "xls_weights_potential": list(s.weights_potential),
        "xls_weights_risk": list(s.weights_risk), "xls_level_cuts": list(s.level_cuts),
        "xls_matrix_measure": [{"en": "revenue", "fr": "CA"}[lang]],
        "xls_win_share": [s.win_share], "xls_develop_ratio": [s.develop_ratio],
        "xls_min_expected": [s.min_expected], "xls_funnel_target": [s.funnel_target],
        "xls_intervals": list(s.intervals),
        "xls_today": [dt.datetime(s.today.year, s.today.month, s.today.day)],
        "xls_cost_minutes": list(s.cost_minutes),
        "xls_cost_remote": [{"en": w, "fr": {"yes": "oui", "no": "non"}[w]}[lang]
                            for w in s.cost_remote],
        "xls_hourly_cost": [s.hourly_cost], "xls_visit_cost": [s.visit_cost],
        "xls_cost_visits": list(s.cost_visits), "xls_cost_calls": list(s.cost_calls),
    }
    assert {a.name for a in layout.AREAS if a.kind == "input"} == set(expected)
    for name, want in expected.items():
        assert all(same(w, g) for w, g in zip(want, values(name), strict=True)), name


@pytest.mark.parametrize("name", [n for n in blocks.BLOCKS if n != "xls_status"])
def test_python_blocks_are_filled_with_their_rows_and_marked(generated, name):
    lang, data, book = generated
    rows = blocks.block_rows(name, analyse(data), lang)
    sheet, (min_col, min_row, max_col, max_row) = _cells(book, name)
    for i in range(max_row - min_row + 1):
        for j in range(max_col - min_col + 1):
            cell = book[sheet].cell(min_row + i, min_col + j)
            want = rows[i][j] if i < len(rows) else None
            assert same(want, cell.value), (name, i, j)
            assert cell.fill.fgColor.rgb == "FF" + COLOURS["python"].lstrip("#"), (name, i, j)

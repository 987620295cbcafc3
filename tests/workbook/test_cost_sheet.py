"""The Cost to serve sheet: its native formulas, recalculated from scratch by LibreOffice,
give the hand-computed figures of the ten clients of ``tests/harness/cost_case.py``.

Hourly cost 60, fixed cost per visit 30 (see tests/method/test_cost_to_serve.py):
per class A, B, C, total — clients 3, 3, 4, 10; margin 17 400, 3 200, 850 (C10's blank
margin counts its revenue 300), 21 450; hours 7, 2.5, 5.5, 15; cost 480, 150, 420, 1 050;
ratio 36.25, 21.33, 2.02, 20.43; time share 46.7 %, 16.7 %, 36.7 %; margin share 81.1 %,
14.9 %, 4.0 %. Per activity: C07's blank visit counts 120 minutes and costs 120 + 30.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from tests.harness.cost_case import activities_csv, ledger_csv
from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import error_cells, formula_mismatches, named, table
from xlsales.app.report import make_report
from xlsales.plan import layout
from xlsales.workbook import template_data, workbook_bytes

CLASSES = {  # class: clients, revenue, margin, hours, cost, ratio, time share, margin share
    "A": [3, 82000, 17400, 7, 480, 17400 / 480, 7 / 15, 17400 / 21450],
    "B": [3, 14500, 3200, 2.5, 150, 3200 / 150, 2.5 / 15, 3200 / 21450],
    "C": [4, 3500, 850, 5.5, 420, 850 / 420, 5.5 / 15, 850 / 21450],
    "Total": [10, 100000, 21450, 15, 1050, 21450 / 1050, 1, 1],
}


def _report(tmp_path, lang):
    ledger_csv(tmp_path / "ventes.csv")
    activities_csv(tmp_path / "activites.csv")
    target = tmp_path / f"plan-{lang}.xlsx"
    make_report(tmp_path / "ventes.csv", target, activities=tmp_path / "activites.csv",
                hourly_cost=60, visit_cost=30, today=dt.date(2026, 3, 10), lang=lang)
    return target


def _class_rows(book, lang):
    sheet = book[layout.sheet_name("cost", lang)]
    rows = {}
    for row in sheet.iter_rows(min_row=5, max_row=8, min_col=5, max_col=13, values_only=True):
        rows[row[0]] = list(row[1:])
    return rows


def _check_classes(rows, lang):
    total = {"en": "Total", "fr": "Total"}[lang]
    for cls, want in CLASSES.items():
        got = rows[total if cls == "Total" else cls]
        assert got == pytest.approx(want, rel=1e-9), cls


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr"])
def test_libreoffice_recalculates_the_hand_figures(tmp_path, lang):
    require_libreoffice()
    original = _report(tmp_path, lang)
    fresh = recalculate(original, tmp_path / "recalculated")
    book = openpyxl.load_workbook(fresh, data_only=True)
    assert error_cells(book) == []
    count, bad = formula_mismatches(str(original), str(fresh))
    assert count and bad == []
    _check_classes(_class_rows(book, lang), lang)
    activities = table(book, "tblActivities")
    by_row = [(a["Client"], a["Type"], a["Minutes comptées"], a["Classe du client"] or "",
               a["Coût"]) for a in activities]
    assert by_row[0] == ("C01", "Visite", 120, "A", 150)  # blank: the visit's 120 min + 30
    assert ("C02", "Visite", 120, "A", 150) in by_row  # "Beta SARL" matched by its name
    assert ("Prospect Omega", "Rendez-vous", 60, "", 60) in by_row  # in no class
    assert len(activities) == 20  # the 2024 visit is outside the period


def test_the_cached_values_are_the_hand_figures_in_both_languages(tmp_path):
    for lang in ("en", "fr"):
        book = openpyxl.load_workbook(_report(tmp_path, lang), data_only=True)
        _check_classes(_class_rows(book, lang), lang)
        people = named(book, "xls_cost_people")
        assert people[1][:5] == ["Alice", 4, 11500, 6.5, 450]
        assert people[2][:5] == ["Bruno", 4, 7450, 8.5, 600]
        findings = named(book, "xls_cost_findings")
        loss = {"en": "Served at a loss", "fr": "Servi à perte"}[lang]
        assert findings[1] == [loss, "C07", 250, 300]
        assert findings[2][1] == "C03" and findings[3][1] == "Prospect Omega"
        actions = [row[1] for row in named(book, "xls_plan_actions") if row[1]]
        assert any("C07" in text for text in actions), actions


def test_settings_are_yellow_inputs_with_the_defaults():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(template_data(), lang="fr")))
    assert [row[0] for row in named(book, "xls_cost_minutes")] == [120, 60, 15, 5, 15]
    assert [row[0] for row in named(book, "xls_cost_remote")] == [
        "non", "non", "oui", "oui", "non"]
    assert named(book, "xls_hourly_cost") == 60 and named(book, "xls_visit_cost") == 0
    assert named(book, "xls_cost_visits") == [[0], [0], [0]]
    assert named(book, "xls_cost_calls") == [[0], [0], [0]]
    # the demo has no activities: the blocks say what to give instead of figures
    assert "export d'activités" in named(book, "xls_cost_segments")[0][0]

"""tblDeals on the Funnel sheet and the team block on the Activity sheet (issue 13).

The report's deals are ``tests/method/test_deals.py``'s nine, counted by hand there
(period 2025, today 2026-01-15): won D, E, I and lost F, G closed in 2025 → win rate
3/5; open A, B, C; won any date 4 (H closed in 2024); open pipeline 8000, weighted
1000 × 0.1 + 2000 × 0.2 + 5000 × 0.75 = 4250; cycle (30 + 50 + 10) / 3 = 30 days;
stalled (open over 60 days) B and A. Reached: Prospecting every deal but none (9),
Qualification 8 (A stopped before), Proposal/Price Quote 7 (B too); lost in 2025 having
reached each: F and G have no stage ("Closed Lost"), so both reach every stage.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from tests.app.test_report_deals import _report
from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import error_cells, formula_mismatches, named, table
from xlsales.app.report import make_demo
from xlsales.plan import layout
from xlsales.workbook.writer import template_data, workbook_bytes

HAND = {"fig_deals_won": 3, "fig_deals_lost": 2, "fig_deals_win_rate": 0.6,
        "fig_deals_open": 3, "fig_deals_won_all": 4, "fig_deals_pipeline_amount": 8000,
        "fig_deals_pipeline": 4250, "fig_deals_cycle": 30, "fig_deals_stalled": 2}


def _stage_table(book):
    rates = named(book, "fig_deal_stage_rates")
    stages = named(book, "xls_deal_stages")
    sheet_name, ref = next(iter(book.defined_names["xls_deal_stages"].destinations))
    col, row, _, _ = range_boundaries(ref.replace("$", ""))
    sheet = book[sheet_name]
    return [(s[0], sheet.cell(row + i, col + 1).value, sheet.cell(row + i, col + 2).value,
             sheet.cell(row + i, col + 3).value, rates[i][0])
            for i, s in enumerate(stages) if s[0]]


def _check_hand_counts(book):
    for name, want in HAND.items():
        assert named(book, name) == pytest.approx(want), name
    assert _stage_table(book) == [("Prospecting", 1, 9, 2, 0.6),
                                  ("Qualification", 1, 8, 2, 0.6),
                                  ("Proposal/Price Quote", 1, 7, 2, 0.6)]


def test_the_report_writes_the_deals_table_and_its_figures(tmp_path):
    _, out = _report(tmp_path)
    book = openpyxl.load_workbook(out, data_only=True)
    deals = table(book, "tblDeals")
    assert [d["Deal"] for d in deals] == [f"Deal {n}" for n in "ABCDEFGHI"]
    assert [d["Status"] for d in deals] == ["open"] * 3 + ["won", "won", "lost", "lost",
                                                           "won", "won"]
    assert deals[0]["Days open"] == 75 and deals[3]["Days to win"] == 30
    assert deals[2]["Weighted amount"] == pytest.approx(3750)
    _check_hand_counts(book)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_empty_template_has_a_usable_deals_table_and_team_block(tmp_path, lang):
    path = tmp_path / f"template-{lang}.xlsm"
    path.write_bytes(workbook_bytes(template_data(empty=True), lang=lang, xlsm=True))
    book = openpyxl.load_workbook(path)
    funnel = book[layout.sheet_name("funnel", lang)]
    assert "tblDeals" in funnel.tables
    headers = [c.header(lang) for c in layout.DEALS.columns]
    assert list(table(book, "tblDeals")[0]) == headers
    activity = book[layout.sheet_name("activity", lang)]
    assert "tblTeamSales" in activity.tables
    # item 4: the print area takes in the whole team block, as far as the button writes
    area = activity.print_area if isinstance(activity.print_area, str) else \
        activity.print_area[0]
    _, _, right, bottom = range_boundaries(area.split("!")[-1].replace("$", ""))
    _, ref = next(iter(book.defined_names["xls_team_figures"].destinations))
    _, _, fig_right, fig_bottom = range_boundaries(ref.replace("$", ""))
    assert right >= fig_right and bottom >= fig_bottom
    values = openpyxl.load_workbook(path, data_only=True)
    assert named(values, "fig_deals_won") == 0 and named(values, "fig_deals_win_rate") is None


@pytest.mark.libreoffice
def test_libreoffice_gives_the_hand_counts_and_follows_an_edit(tmp_path):
    require_libreoffice()
    _, out = _report(tmp_path)
    fresh = recalculate(out, tmp_path / "recalc")
    book = openpyxl.load_workbook(fresh, data_only=True)
    assert error_cells(book) == []
    _check_hand_counts(book)
    # deal A is won on 1 December 2025: won 4, win rate 4/6, open 2, pipeline 4150
    edited = openpyxl.load_workbook(out)
    sheet = edited[layout.sheet_name("funnel", "en")]
    col, row, _, _ = range_boundaries(sheet.tables["tblDeals"].ref)
    keys = layout.DEALS.keys()
    sheet.cell(row + 1, col + keys.index("status"), "won")
    sheet.cell(row + 1, col + keys.index("closed"), dt.datetime(2025, 12, 1))
    edited.save(tmp_path / "edited.xlsx")
    again = openpyxl.load_workbook(recalculate(tmp_path / "edited.xlsx",
                                               tmp_path / "recalc2"), data_only=True)
    assert error_cells(again) == []
    assert named(again, "fig_deals_won") == 4 and named(again, "fig_deals_open") == 2
    assert named(again, "fig_deals_win_rate") == pytest.approx(4 / 6)
    assert named(again, "fig_deals_pipeline") == pytest.approx(4150)


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_demo_with_its_crm(tmp_path):
    require_libreoffice()
    out = tmp_path / "demo.xlsx"
    report = make_demo(out, clients=200, lang="fr")
    assert report.results.deals is not None and report.results.team_portfolio is not None
    fresh = recalculate(out, tmp_path / "recalc")
    book = openpyxl.load_workbook(fresh, data_only=True)
    assert error_cells(book) == []
    count, bad = formula_mismatches(str(out), str(fresh))
    assert count > 0 and bad == []
    # the native win rate is the count of the table's rows
    rows = table(book, "tblDeals")
    closed = [r for r in rows if r["Statut"] in ("gagnée", "perdue")
              and r["Date de clôture"] is not None and r["Date de clôture"].year == report.year]
    won = sum(r["Statut"] == "gagnée" for r in closed)
    assert named(book, "fig_deals_win_rate") == pytest.approx(won / len(closed))


@pytest.mark.libreoffice
def test_libreoffice_weighs_deals_without_probability_by_their_stage(tmp_path):
    """Pipedrive's export (``tests/method/test_deals.py``) has no probability and keeps
    the stage where a deal was lost: stage win rates 3/5, 3/5 and 3/4 (only G lost at
    Proposal Made), so the pipeline is 1000 × 0.6 + 2000 × 0.6 + 5000 × 0.75 = 5550;
    reached Lead In 9, Contact Made 8, Proposal Made 6. Times of day in the dates do not
    change the cycle (30 days)."""
    require_libreoffice()
    from tests.app.test_report_deals import LEDGER
    from tests.method.test_deals import pipedrive_csv
    from xlsales.app.report import make_report

    ledger = tmp_path / "ventes.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    out = tmp_path / "plan.xlsx"
    make_report(ledger, out, deals=pipedrive_csv(tmp_path), today=dt.date(2026, 1, 15))
    fresh = recalculate(out, tmp_path / "recalc")
    book = openpyxl.load_workbook(fresh, data_only=True)
    assert error_cells(book) == []
    count, bad = formula_mismatches(str(out), str(fresh))
    assert count > 0 and bad == []
    assert named(book, "fig_deals_pipeline") == pytest.approx(5550)
    assert named(book, "fig_deals_cycle") == pytest.approx(30)
    stages = _stage_table(book)
    assert [(s[0], s[2]) for s in stages] == [("Lead In", 9), ("Contact Made", 8),
                                              ("Proposal Made", 6)]
    assert [s[4] for s in stages] == pytest.approx([0.6, 0.6, 0.75])

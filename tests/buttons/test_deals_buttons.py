"""The funnel button reads tblDeals when it has rows (the typed funnel otherwise, and says
which); the team button writes the portfolio per salesperson from tblTeamSales and tblDeals.

The deals are ``tests/method/test_deals.py``'s nine, counted by hand there (period 2025,
today 2026-01-15): win rate 3/5; Alice 2/3, Bob 1/2; Web 1/2, Referral 2/2, Trade show
0/1; cycle 30 days; stalled B (367 days) then A (75). The sales are
``tests/app/test_report_deals.py``'s ledger, per salesperson and client:

    Élodie Martin  C1  1000 → 1200      Bob  C2  500 → -50 (lost)   Bob  C3  – → 300 (new)
    Alice          C4     – → 900 (new) Alice C5 700 → 800
Class A (80 % of N's 3150): C1 1200 (38 %), C4 (67 %), C5 reaches 92 %: C1, C4, C5.
Alice: 1 client N-1, 2 in N, 0 lost, 1 new, 700 → 1700, churn 0, 2 A clients, 2/3.
Bob: 1 → 1 (C3), 1 lost, 1 new, 500 → 300, churn 1, 0 A clients, 1/2.
Élodie Martin: 1 → 1, 0 lost, 0 new, 1000 → 1200, churn 0, 1 A client, no deals.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.utils import get_column_letter

from tests.harness.workbooks import areas_of, build
from tests.method.test_deals import DEALS
from xlsales.buttons.macros import run_macro_file
from xlsales.common.errors import XlsalesError
from xlsales.plan import layout

SETTINGS = {"xls_year_curr": 2025, "xls_today": dt.datetime(2026, 1, 15)}


def deal_rows(lang: str) -> list[dict]:
    """The nine deals as tblDeals holds them: a closed deal's stage blank (Salesforce's
    "Closed Won" is no stage of the pipeline), the status in the workbook's words."""
    rows = []
    for name, stage, _, status, amount, prob, created, closed, owner, source in DEALS:
        rows.append(dict(
            name=f"Deal {name}", stage=None if stage.startswith("Closed") else stage,
            status=layout.DEAL_STATUS[status][lang], amount=amount, probability=prob / 100,
            owner=owner, source=source, created=dt.datetime.fromisoformat(created),
            closed=dt.datetime.fromisoformat(closed)))
    return rows


TEAM_SALES = [dict(salesperson="Élodie Martin", client="C1", revenue_prev=1000, revenue_curr=1200),
         dict(salesperson="Bob", client="C2", revenue_prev=500, revenue_curr=-50),
         dict(salesperson="Bob", client="C3", revenue_curr=300),
         dict(salesperson="Alice", client="C4", revenue_curr=900),
         dict(salesperson="Alice", client="C5", revenue_prev=700, revenue_curr=800)]
CLIENTS = [dict(client=s["client"], segment="PME", product="Conseil",
                revenue_prev=s.get("revenue_prev"), revenue_curr=s["revenue_curr"])
           for s in TEAM_SALES]


def _rows(area):
    return [row for row in area if any(v is not None for v in row)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_funnel_button_reads_the_deals(tmp_path, lang):
    built = build(tmp_path / "book.xlsx", lang, deals=deal_rows(lang), settings=SETTINGS)
    result = run_macro_file("refresh_funnel", built.path, backup=False)
    said = "funnel from tblDeals (9 deals)" if lang == "en" else \
        "entonnoir tiré de tblDeals (9 affaires)"
    assert said in result.written["xls_status"][0][1]
    areas = areas_of(built.path, built)
    assert [r[0] for r in _rows(areas["xls_deal_stages"])] == [
        "Prospecting", "Qualification", "Proposal/Price Quote"]
    groups = _rows(areas["xls_deal_groups"])
    by = {row[0]: row[1:] for row in groups}
    assert by["Alice"][:2] == [2, 1] and by["Alice"][2] == pytest.approx(2 / 3)
    assert by["Bob"] == [1, 1, 0.5]
    assert by["Referral"] == [2, 0, 1] and by["Trade show"] == [0, 1, 0]
    assert by["Web"] == [1, 1, 0.5]
    stalled = _rows(areas["xls_deal_stalled"])
    assert [(r[0], r[4]) for r in stalled[1:]] == [("Deal B", 367), ("Deal A", 75)]


def test_the_funnel_button_says_when_it_takes_the_typed_funnel(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr", settings=SETTINGS)
    result = run_macro_file("refresh_funnel", built.path, backup=False)
    assert "entonnoir saisi dans tblFunnel (tblDeals est vide)" in result.written[
        "xls_status"][0][1]
    areas = areas_of(built.path, built)
    assert _rows(areas["xls_deal_stages"]) == [] and len(_rows(areas["xls_deal_stalled"])) == 1


def test_an_open_deal_without_its_stage_is_placed_at_its_cell(tmp_path):
    rows = deal_rows("en")
    rows[1]["stage"] = None  # deal B, open
    built = build(tmp_path / "book.xlsx", "en", deals=rows, settings=SETTINGS)
    before = built.path.read_bytes()
    with pytest.raises(XlsalesError) as err:
        run_macro_file("refresh_funnel", built.path, backup=False)
    sheet, _, _, _ = built.tables["tblDeals"]
    cell = f"{get_column_letter(built.column('tblDeals', 'stage'))}5"  # table row 2
    message = str(err.value)
    assert "tblDeals, row 2" in message and "'Stage'" in message
    assert f"sheet {sheet}, cell {cell}" in message, message
    assert built.path.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_team_button_writes_the_portfolio_per_salesperson(tmp_path, lang):
    team = [dict(salesperson="Alice", quantity=7, orientation=6, efficiency=5),
            dict(salesperson="Bob", quantity=5, orientation=5, efficiency=4)]
    built = build(tmp_path / "book.xlsx", lang, clients=CLIENTS, team=team,
                  deals=deal_rows(lang), team_sales=TEAM_SALES, settings=SETTINGS)
    run_macro_file("refresh_team", built.path, backup=False)
    areas = areas_of(built.path, built)
    names = [r[0] for r in _rows(areas["xls_team_names"])]
    figures = dict(zip(names, _rows(areas["xls_team_figures"]), strict=True))
    assert figures["Alice"][:8] == [1, 2, 0, 1, 700, 1700, 0, 2]
    assert figures["Alice"][8] == pytest.approx(2 / 3)
    assert figures["Bob"] == [1, 1, 1, 1, 500, 300, 1, 0, 0.5]
    assert figures["Élodie Martin"][:8] == [1, 1, 0, 0, 1000, 1200, 0, 1]
    assert figures["Élodie Martin"][8] is None


def test_refresh_all_writes_the_deals_and_team_blocks(tmp_path):
    built = build(tmp_path / "book.xlsx", "en", clients=CLIENTS, deals=deal_rows("en"),
                  team_sales=TEAM_SALES, settings=SETTINGS)
    result = run_macro_file("refresh_all", built.path, backup=False)
    assert "funnel from tblDeals (9 deals)" in result.written["xls_status"][0][1]
    areas = areas_of(built.path, built)
    assert len(_rows(areas["xls_deal_stages"])) == 3
    assert len(_rows(areas["xls_team_names"])) == 3


def test_a_status_is_read_as_the_sheet_reads_it(tmp_path):
    """The sheet's formulas count a French workbook's "gagnée" (any case) and nothing
    else as won: "won" there is refused at its cell rather than read otherwise than the
    formulas read it."""
    rows = deal_rows("fr")
    rows[3]["status"] = "GAGNÉE"  # deal D, won: the same count
    built = build(tmp_path / "book.xlsx", "fr", deals=rows, settings=SETTINGS)
    run_macro_file("refresh_funnel", built.path, backup=False)
    by = {row[0]: row[1:] for row in _rows(areas_of(built.path, built)["xls_deal_groups"])}
    assert by["Alice"][:2] == [2, 1]
    rows[3]["status"] = "won"
    built = build(tmp_path / "book2.xlsx", "fr", deals=rows, settings=SETTINGS)
    with pytest.raises(XlsalesError) as err:
        run_macro_file("refresh_funnel", built.path, backup=False)
    cell = f"{get_column_letter(built.column('tblDeals', 'status'))}7"  # table row 4
    message = err.value.message("fr")
    assert "tblDeals, ligne 4" in message and cell in message
    assert "gagnée, perdue, en cours" in message


def test_the_team_button_says_when_tblsales_is_empty(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr", settings=SETTINGS)
    result = run_macro_file("refresh_team", built.path, backup=False)
    assert "tblTeamSales est vide" in result.written["xls_status"][0][1]
    assert _rows(areas_of(built.path, built)["xls_team_names"]) == []

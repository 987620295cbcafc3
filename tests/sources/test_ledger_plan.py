"""From invoice lines to the Clients table, on a ledger small enough to check by hand."""

import datetime as dt

import pandas as pd
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.plan.analysis import analyse
from xlsales.sources.ledger_plan import demo_plan, plan_from_ledger


def _ledger():
    d = dt.datetime
    return pd.DataFrame([
        # client, date, amount, segment, product, margin, name
        ("C1", d(2024, 3, 1), 100.0, "Industrie", "P1", 20.0, "Alpha"),
        ("C1", d(2025, 2, 1), 300.0, "Industrie", "P2", 60.0, "Alpha"),
        ("C1", d(2025, 6, 1), 50.0, "Industrie", "P1", 10.0, "Alpha SA"),
        ("C1", d(2025, 7, 1), -20.0, "Industrie", "P2", -4.0, "Alpha SA"),  # credit note
        ("C2", d(2024, 5, 1), 80.0, "BTP", "P1", 16.0, "Beta"),  # lost in 2025
        ("C3", d(2025, 12, 20), 40.0, "BTP", "P3", 8.0, "Gamma"),  # new in 2025
        ("C4", d(2022, 1, 1), 999.0, "BTP", "P1", 1.0, "Old"),  # before N-1: not listed
    ], columns=["client", "date", "amount", "segment", "product", "margin", "client_name"])


def test_clients_table_by_hand():
    plan = plan_from_ledger(_ledger(), today=dt.date(2026, 3, 10))
    assert plan.settings.year_curr == 2025  # the latest full year before March 2026
    table = plan.clients.set_index("client")
    assert list(table.index) == ["C1", "C3", "C2"]  # largest revenue N first
    # C1: N-1 = 100; N = 300 + 50 - 20 = 330; margin N = 60 + 10 - 4 = 66
    assert table.loc["C1", ["revenue_prev", "revenue_curr", "margin"]].tolist() == [
        100.0, 330.0, 66.0]
    # main product in N: P2 = 300 - 20 = 280 against P1 = 50; the last name on its lines
    assert table.loc["C1", "product"] == "P2"
    assert table.loc["C1", "name"] == "Alpha SA"
    assert pd.isna(table.loc["C2", "revenue_curr"]) and table.loc["C2", "revenue_prev"] == 80
    assert pd.isna(table.loc["C3", "revenue_prev"])
    bridge = analyse(plan).bridge
    assert (bridge.lost_ids, bridge.new_ids) == (("C2",), ("C3",))


def test_scores_come_from_the_client_table_when_given():
    scores = pd.DataFrame({"client": ["C1"], "pot_size": [5], "potential_revenue": [1000.0]})
    plan = plan_from_ledger(_ledger(), year=2025, clients=scores)
    table = plan.clients.set_index("client")
    assert table.loc["C1", "pot_size"] == 5 and table.loc["C1", "potential_revenue"] == 1000
    assert pd.isna(table.loc["C3", "pot_size"])  # left for the manager to fill


def test_a_year_without_lines_is_refused():
    with pytest.raises(XlsalesError, match="year"):
        plan_from_ledger(_ledger(), year=2030)


def test_demo_plan_is_a_full_plan_every_analysis_runs_on():
    results = analyse(demo_plan())
    assert results.problems == {}
    assert results.concentration.fragile  # the demo's top client makes the book fragile
    assert results.funnel_weakest.step == "negotiation"


def test_prospect_levels_given_as_words_become_scores_in_their_band():
    prospects = pd.DataFrame({
        "name": ["Durand", "Petit"],
        "potential": ["Gros", "Petit"],  # levels 1 and 3
        "accessibility": ["Bonne", "Très peu"],  # accessibility words, levels 1 and 3
    })
    plan = plan_from_ledger(_ledger(), year=2025, prospects=prospects)
    # level 1 stands for 5.0 and level 3 for 1.0 (the middle of the score bands)
    assert plan.prospects["potential"].tolist() == [5.0, 1.0]
    assert plan.prospects["accessibility"].tolist() == [5.0, 1.0]
    # priority = potential level + accessibility level - 1: 1 and 5
    assert analyse(plan).priority.tolist() == [1, 5]


def test_main_product_ties_go_to_the_first_bought_and_blanks_are_skipped():
    d = dt.datetime
    lines = pd.DataFrame([
        # client, date, amount, segment, product
        ("C1", d(2025, 1, 5), 100.0, None, "P2"),  # P2 first, 100
        ("C1", d(2025, 2, 5), 60.0, "BTP", "P1"),
        ("C1", d(2025, 3, 5), 40.0, "BTP", "P1"),  # P1 100 too: the tie goes to P2
        ("C2", d(2024, 4, 5), 30.0, None, "P3"),  # bought only in N-1, no segment
        ("C2", d(2025, 12, 5), 0.0, None, None),  # a line of N without product
    ], columns=["client", "date", "amount", "segment", "product"])
    table = plan_from_ledger(lines, year=2025).clients.set_index("client")
    assert table.loc["C1", ["segment", "product", "revenue_curr"]].tolist() == [
        "BTP", "P2", 200.0]  # the only segment named; 100 + 60 + 40
    # C2 has no product in N: its main product over N-1 and N is P3; no segment at all
    assert table.loc["C2", "product"] == "P3" and pd.isna(table.loc["C2", "segment"])
    assert table.loc["C2", ["revenue_prev", "revenue_curr"]].tolist() == [30.0, 0.0]


def test_the_client_fields_are_the_clients_table_keys():
    # one vocabulary: what a client file is read into is what the template's table and
    # the analysis' scores call the seven criteria, with nothing to rename in between
    from xlsales.plan import layout
    from xlsales.sources.ledger import CLIENT_FIELDS

    names = [field.key for field in CLIENT_FIELDS]
    assert names == ["client", "pot_size", "pot_competition", "pot_sector", "pot_suppliers",
                     "risk_reliability", "risk_finance", "risk_competitors",
                     "potential_revenue"]
    assert set(names) <= set(layout.CLIENTS.keys("input"))
    assert (*layout.POTENTIAL_CRITERIA, *layout.RISK_CRITERIA) == tuple(names[1:8])

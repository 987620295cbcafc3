"""The whole plan on one small book of clients, prospects and a team, checked by hand."""

import datetime as dt

import pandas as pd
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.plan.analysis import PlanData, PlanSettings, analyse, client_status


@pytest.fixture(scope="module")
def results():
    clients = pd.DataFrame({
        "client": ["C1", "C2", "C3", "C4", "C5"], "name": ["A", "B", "C", "D", "E"],
        "segment": ["S1", "S1", "S2", "S2", "S3"], "product": ["P1", "P2", "P1", "P2", "P1"],
        "revenue_prev": [100, 50, None, 20, 10], "revenue_curr": [120, 40, 30, None, 5],
        "margin": [30, 10, 8, None, 1],
        "pot_size": [5, 4, 3, 2, 1], "pot_competition": [4, 4, 3, 2, 1],
        "pot_sector": [3, 3, 3, 3, 3], "pot_suppliers": [None, 2, 3, 4, 5],
        "risk_reliability": [5, 4, 1, 2, 3], "risk_finance": [5, 4, 1, 2, 3],
        "risk_competitors": [5, 4, 1, 2, 3],
        "potential_revenue": [200, 50, None, 40, 100]})
    prospects = pd.DataFrame({
        "name": ["Dupont", "Martin"], "first_name": ["Anne", None], "job_title": ["DG", None],
        "email": [None, None], "company": ["X", "Y"], "project": ["oui", None],
        "last_purchase": [None, None], "potential": [4.5, 2], "accessibility": [4, 1],
        "last_contact": [dt.datetime(2026, 10, 1), None],
        "source": ["networks", "recommendation"], "stage": ["hot", "prospects"]})
    team = pd.DataFrame({"salesperson": ["Ann", "Bob"], "quantity": [7, 5],
                         "orientation": [5, 8], "efficiency": [6, 9]})
    settings = PlanSettings(today=dt.date(2026, 11, 26))
    return analyse(PlanData(clients=clients, prospects=prospects, team=team,
                            settings=settings))


def test_nothing_failed(results):
    assert results.problems == {}


def test_clients_by_hand(results):
    assert list(results.status) == ["retained", "retained", "new", "lost", "retained"]
    # revenue N 120, 40, 30, -, 5: total 195; 120 + 40 = 160 reaches 0.8 × 195 = 156 → A;
    # + 30 = 190 reaches 0.95 × 195 = 185.25 → B; 5 → C; a blank has no class
    assert list(results.abc_class) == ["A", "A", "B", None, "C"]
    # C1 scores 5, 4, 3 and a blank criterion: (5 + 4 + 3) / 3 = 4.0 → level 1
    assert list(results.potential_score) == [4.0, 3.25, 3.0, 2.75, 2.5]
    assert list(results.potential_level) == [1, 2, 2, 2, 2]
    assert list(results.risk_level) == [1, 1, 3, 3, 2]
    # 120 / 200 = 0.6; 40 / 50 = 0.8; 5 / 100 = 0.05; unknown potential stays blank
    assert results.share_of_wallet.tolist()[:2] == [0.6, 0.8]
    assert results.share_of_wallet.isna().tolist() == [False, False, True, True, False]
    assert results.untapped.tolist()[4] == 95.0
    # risk 3 comes first; A with a large share of wallet is retained; a C client with a
    # small share but potential level 2 (not 1) is served remotely
    assert list(results.approach) == ["retain", "retain", "secure", "secure", "serve_remotely"]


def test_portfolio_by_hand(results):
    bridge = results.bridge
    # N-1: C1, C2, C4, C5 (4 clients, 180); lost C4 (20); new C3 (30); N: 4 clients, 195
    assert (bridge.clients_prev, bridge.lost_clients, bridge.new_clients,
            bridge.clients_curr) == (4, 1, 1, 4)
    assert bridge.churn_rate == 0.25
    # holding 4 clients at 25 % churn takes 4 × 0.25 = 1 new client a year
    assert results.new_clients_needed == 1


def test_prospects_by_hand(results):
    # 4.5 → level 1 and 4 → level 1: priority 1; 2 → level 3 and 1 → level 3: priority 5
    assert list(results.priority) == [1, 5]
    # 1 October + 7 days for priority 1 = 8 October, before 26 November: overdue
    assert results.next_contact.iloc[0] == dt.datetime(2026, 10, 8)
    assert list(results.overdue) == [True, False]
    # Dupont fills 6 of the 8 qualification fields, Martin 3
    assert list(results.completeness) == [0.75, 0.375]


def test_team_and_funnel_by_hand(results):
    assert list(results.activity_index) == [210.0, 360.0]
    assert list(results.lever.factor) == ["orientation", "quantity"]
    # the deck's funnel by default: 10 clients need 1,000 suspects
    assert results.funnel_needed.iloc[0] == 1000


def test_an_analysis_that_cannot_run_does_not_stop_the_others():
    results = analyse(PlanData())
    assert isinstance(results.problems["abc"], XlsalesError)
    assert results.abc_class is None
    assert results.funnel_needed.iloc[0] == 1000  # the deck's funnel still computes


def test_status_rule_matches_the_bridge():
    assert client_status([10, 0, None, -5, 3], [None, 4, 2, 1, 8]) == [
        "lost", "new", "new", "new", "retained"]


def test_tables_missing_a_column_are_named():
    with pytest.raises(XlsalesError, match="clients: no column"):
        PlanData(clients=pd.DataFrame({"client": ["C1"]}))


def test_a_bad_revenue_cell_is_a_problem_of_each_analysis_not_a_crash():
    clients = PlanData().clients.reindex(range(2))
    clients["client"] = ["C1", "C2"]
    clients["revenue_curr"] = [100, "abc"]
    results = analyse(PlanData(clients=clients))
    assert "abc" in results.problems["share_of_wallet"].message()
    assert results.problems["abc"].row == 2

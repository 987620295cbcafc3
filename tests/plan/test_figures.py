"""The key figures computed once by ``analyse``: counted here by hand, and read back from
the Plan sheet's action sentences, which must say the same."""

import datetime as dt

import pandas as pd
import pytest

from xlsales.method.funnel import FunnelStep, funnel_weakest
from xlsales.plan import blocks
from xlsales.plan.analysis import PlanData, PlanSettings, analyse

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def results():
    # priorities: (4.5, 4) → 1; (2, 1) → 5; (4, 4) → 1; a blank potential → no priority
    prospects = pd.DataFrame({
        "name": ["Dupont", "Martin", "Durand", "Petit"],
        "first_name": ["Anne", None, "Luc", None], "job_title": [None] * 4,
        "email": [None] * 4, "company": ["X", "Y", "Z", "W"], "project": [None] * 4,
        "last_purchase": [None] * 4, "potential": [4.5, 2, 4, None],
        "accessibility": [4, 1, 4, 3],
        # priority 1 every 7 days: 1 Oct → 8 Oct overdue; 25 Nov → 2 Dec not yet;
        # Martin (priority 5, 90 days) never contacted: due today, not overdue
        "last_contact": [dt.datetime(2026, 10, 1), None, dt.datetime(2026, 11, 25), None],
        "source": [None] * 4, "stage": [None] * 4})
    # indexes 7×5×6 = 210, 5×8×9 = 360, 8×5×5 = 200, one incomplete; levers: orientation
    # (5), quantity (5), then orientation and efficiency tied at 5 → orientation (first
    # factor); so orientation 2, quantity 1: the team's lever is orientation
    team = pd.DataFrame({"salesperson": ["Ann", "Bob", "Cy", "Dee"],
                         "quantity": [7, 5, 8, 4], "orientation": [5, 8, 5, None],
                         "efficiency": [6, 9, 5, 3]})
    return analyse(PlanData(prospects=prospects, team=team,
                            settings=PlanSettings(today=TODAY)))


def test_counts_by_hand(results):
    figures = results.figures
    assert figures.overdue == 1  # Dupont only
    assert figures.priority_1 == 2  # Dupont and Durand
    assert figures.team_average == pytest.approx((210 + 360 + 200) / 3)
    assert figures.lever_counts == {"quantity": 1, "orientation": 2, "efficiency": 0}
    assert figures.team_lever == "orientation"


def test_a_tie_between_levers_goes_to_the_first_key_in_alphabetical_order():
    # quantity 2 and efficiency 2: "efficiency" < "quantity"
    team = pd.DataFrame({"salesperson": list("abcd"), "quantity": [1, 1, 9, 9],
                         "orientation": [9, 9, 9, 9], "efficiency": [9, 9, 1, 1]})
    assert analyse(PlanData(team=team)).figures.team_lever == "efficiency"


def test_no_analysis_no_figure():
    figures = analyse(PlanData()).figures  # empty tables: nothing given, nothing counted
    assert figures.overdue is None and figures.priority_1 is None  # not "0 overdue"
    assert figures.team_average is None and figures.team_lever is None
    assert figures.clients_to_develop == 0 and figures.signal_counts == {"win": 0,
                                                                       "develop": 0}


def test_the_action_plan_says_the_figures(results):
    actions = dict(blocks.plan_actions(results, "en")[1:])
    assert actions["Reminders"] == "1 prospects overdue for a contact."
    assert actions["Team"] == ("Team activity index 257 on average; most often the lever is "
                               "orientation.")  # 770 / 3 = 256.67


def test_a_step_is_named_by_the_deck_or_by_its_two_stages():
    deck = funnel_weakest([100, 80, 50, 30, 10, 1])  # hot → clients: 10 %
    assert deck.label("fr") == "Négociation"
    assert deck.passage() == "Hot prospects → Clients"
    own = FunnelStep("Leads", "Calls", None, 0.25)
    assert own.label() == own.passage() == "Leads → Calls"

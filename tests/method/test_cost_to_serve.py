"""Cost to serve on ten clients worked out by hand (tests/harness/cost_case.py).

Settings: hourly cost 60, fixed cost per visit 30, default minutes visit 120, meeting 60,
call 15, e-mail 5. Per client (hours; cost = hours × 60 + visits × 30; margin):
C01 4 h, 1 visit: 270, margin 9 000 → 33.33; C02 3 h, 1 visit: 210, 6 000 → 28.57;
C03 0; C04 1 h: 60, 1 500 → 25; C05 1 h: 60, 1 000 → 16.67; C06 0.5 h: 30, 700 → 23.33;
C07 4 h, 2 visits: 300, 250 → 0.83 (at a loss of 50); C08 0.5 h: 30, 200 → 6.67; C09 0;
C10 1 h, 1 visit: 90, margin unknown so revenue 300 → 3.33.
"""

import numpy as np
import pandas as pd
import pytest

from tests.harness.cost_case import ACTIVITIES, CLIENTS
from xlsales.common.durations import parse_duration, to_minutes
from xlsales.common.errors import XlsalesError
from xlsales.method.cost_to_serve import (
    ServeSettings,
    activity_minutes,
    activity_types,
    cost_to_serve,
    match_clients,
    value_per_cost,
)

SETTINGS = ServeSettings(hourly_cost=60, visit_cost=30)


def _clients():
    frame = pd.DataFrame(CLIENTS, columns=["client", "name", "segment", "revenue", "margin"])
    frame["abc_class"] = ["A"] * 3 + ["B"] * 3 + ["C"] * 4
    return frame


def _activities():
    rows = [a for a in ACTIVITIES if a[1].startswith("2025")]
    return pd.DataFrame(rows, columns=["client", "date", "type", "duration", "owner"])


@pytest.fixture(scope="module")
def found():
    return cost_to_serve(_clients(), _activities(), SETTINGS)


def test_per_client_by_hand(found):
    table = found.by_client
    assert table["hours"].to_dict() == pytest.approx({
        "C01": 4, "C02": 3, "C03": 0, "C04": 1, "C05": 1, "C06": 0.5, "C07": 4, "C08": 0.5,
        "C09": 0, "C10": 1})
    assert table["cost"].tolist() == pytest.approx([270, 210, 0, 60, 60, 30, 300, 30, 0, 90])
    assert table.loc["C01", "ratio"] == pytest.approx(9000 / 270)
    assert table.loc["C07", "ratio"] == pytest.approx(250 / 300)
    assert np.isnan(table.loc["C03", "ratio"])  # no cost: no ratio, not an infinite one
    assert table.loc["C10", "margin"] == 300 and table.loc["C10", "margin_estimated"]
    assert not table.loc["C01", "margin_estimated"]
    assert table["salesperson"].to_dict() == {
        "C01": "Alice", "C02": "Bruno", "C03": None, "C04": "Alice", "C05": "Bruno",
        "C06": "Alice", "C07": "Bruno", "C08": "Bruno", "C09": None, "C10": "Alice"}


def test_per_class_by_hand(found):
    table = found.by_class
    assert list(table.index) == ["A", "B", "C", "Total"]
    assert table["clients"].tolist() == [3, 3, 4, 10]
    assert table["revenue"].tolist() == [82000, 14500, 3500, 100000]
    assert table["margin"].tolist() == [17400, 3200, 850, 21450]
    assert table["hours"].tolist() == pytest.approx([7, 2.5, 5.5, 15])
    assert table["cost"].tolist() == pytest.approx([480, 150, 420, 1050])
    assert table["ratio"].tolist() == pytest.approx(
        [17400 / 480, 3200 / 150, 850 / 420, 21450 / 1050])
    assert table["time_share"].tolist() == pytest.approx([7 / 15, 2.5 / 15, 5.5 / 15, 1])
    assert table["margin_share"].tolist() == pytest.approx(
        [17400 / 21450, 3200 / 21450, 850 / 21450, 1])
    assert table["margin_estimated"].tolist() == [False, False, True, True]


def test_per_segment_and_salesperson_by_hand(found):
    seg = found.by_segment
    assert seg.loc["Industry", ["clients", "margin", "hours", "cost"]].tolist() == \
        pytest.approx([4, 16750, 12, 840])
    assert seg.loc["Retail", ["clients", "margin", "hours", "cost"]].tolist() == \
        pytest.approx([6, 4700, 3, 210])
    people = found.by_salesperson
    assert list(people.index) == ["Alice", "Bruno", "none", "Total"]
    assert people.loc["Alice", ["clients", "revenue", "margin", "hours", "cost"]].tolist() \
        == pytest.approx([4, 54800, 11500, 6.5, 450])
    assert people.loc["Bruno", ["clients", "revenue", "margin", "hours", "cost"]].tolist() \
        == pytest.approx([4, 32500, 7450, 8.5, 600])
    assert people.loc["Bruno", "ratio"] == pytest.approx(7450 / 600)
    assert people.loc["none", ["clients", "hours"]].tolist() == [2, 0]


def test_findings_by_hand(found):
    assert found.at_loss.index.tolist() == ["C07"]
    assert found.at_loss.loc["C07", "loss"] == pytest.approx(50)
    assert found.idle_a == ["C03"]
    # C clients' visits: C07 90 + 120 min, C10 60 min = 4.5 h (calls and e-mails are remote)
    assert found.freed_hours == pytest.approx(4.5) and found.freed_clients == 2
    assert found.unknown.index.tolist() == ["Prospect Omega"]
    assert found.unknown.loc["Prospect Omega"].tolist() == pytest.approx([1, 1, 60])


def test_the_remote_types_are_a_setting():
    found = cost_to_serve(_clients(), _activities(), ServeSettings(
        hourly_cost=60, visit_cost=30, remote=("call", "email", "visit")))
    assert found.freed_hours == 0  # C clients had only visits and calls


def test_a_planned_budget_stands_for_missing_activities():
    # A: 4 visits and 12 calls a year = 480 + 180 min = 11 h per client; B: 1 visit, 4
    # calls = 3 h; C: 2 calls = 0.5 h. Hourly 50, no visit cost.
    budget = {"A": (4, 12), "B": (1, 4), "C": (0, 2)}
    found = cost_to_serve(_clients(), None, ServeSettings(hourly_cost=50, budget=budget))
    assert found.source == "budget"
    assert found.by_class["hours"].tolist() == pytest.approx([33, 9, 2, 44])
    assert found.by_class["cost"].tolist() == pytest.approx([1650, 450, 100, 2200])
    assert found.idle_a == [] and found.freed_hours == 0


def test_no_activities_and_no_budget_is_said():
    with pytest.raises(XlsalesError) as err:
        cost_to_serve(_clients(), None, SETTINGS)
    assert err.value.problem == "no_activities"
    assert "budget de temps" in err.value.message("fr")


def test_types_from_the_crms_words():
    assert activity_types(["Visite", "RENDEZ-VOUS", "Réunion", "Log a Call", "appel",
                           "E-mail", "courriel", "To Do", "Lunch", "", None, "Webinar"]) \
        == ["visit", "meeting", "meeting", "call", "call", "email", "email", "other",
            "meeting", "other", "other", "other"]


def test_durations_in_every_form():
    assert [parse_duration(v) for v in (90, "90", "1:30", "01:30:00", "1h30", "1 h 30 min",
                                        "90 min", "90 mn", "1,5 h", "2 heures")] == \
        pytest.approx([90] * 8 + [90, 120])
    assert parse_duration("00:00:45") == pytest.approx(0.75)
    assert parse_duration(120, unit="seconds") == 2
    assert parse_duration("1.5", unit="hours") == 90
    assert np.isnan(parse_duration(""))


@pytest.mark.parametrize(("value", "problem"), [
    ("-10", "negative"), ("1500", "duration_long"), ("25:00", "duration_long"),
    ("abc", "not_duration"), ("1:75", "not_duration"), ("h", "not_duration")])
def test_bad_durations_are_named_with_their_row(value, problem):
    with pytest.raises(XlsalesError) as err:
        to_minutes(["30", value], "Durée", first_row=2)
    assert err.value.problem == problem and err.value.row == 3
    assert "Durée" in err.value.message("fr")


def test_blank_durations_take_their_types_default():
    minutes = activity_minutes(["Visite", "Appel", "E-mail", "Autre", "Appel"],
                               ["", None, "", "", "20"], {"call": 10})
    assert minutes.tolist() == [120, 10, 5, 15, 20]


def test_clients_match_by_code_then_by_name():
    assert match_clients(["C01", "beta  sarl", "ALPHA SA", "Nobody", None],
                         ["C01", "C02"], ["Alpha SA", "Beta SARL"]) == [
        "C01", "C02", "C01", None, None]


def test_value_per_cost_by_class():
    table = value_per_cost(["a", "b", "c", "d"], ["A", "A", "B", "C"],
                           [100, 50, 30, 5], [10, 20, 0, 10])
    assert table.loc["A", ["clients", "margin", "cost", "ratio"]].tolist() == \
        pytest.approx([2, 150, 30, 5])
    assert np.isnan(table.loc["B", "ratio"])
    assert table.loc["C", "cost_share"] == pytest.approx(10 / 40)
    assert table.loc["Total", "margin_share"] == 1


def test_bad_settings_are_named():
    with pytest.raises(XlsalesError) as err:
        cost_to_serve(_clients(), _activities(), ServeSettings(hourly_cost=-5))
    assert err.value.arg == "hourly_cost" and err.value.problem == "negative"


def test_without_activities_or_budget_only_the_value_side_is_computed():
    found = cost_to_serve(_clients(), None, SETTINGS, none_ok=True)
    assert found.source == "none"
    assert found.by_class["margin"].tolist() == [17400, 3200, 850, 21450]
    assert found.by_class["margin_share"].tolist() == pytest.approx(
        [17400 / 21450, 3200 / 21450, 850 / 21450, 1])
    assert found.by_class[["hours", "cost", "ratio", "time_share"]].isna().all().all()
    assert found.at_loss.empty and found.idle_a == [] and found.freed_hours == 0

"""The prospecting funnel (METHOD.md §7): the deck's 100/80/50/30/10/1 and hand cases."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.funnel import (
    STAGES,
    funnel_needed,
    funnel_ratios,
    funnel_weakest,
    lead_source_yield,
    source_key,
    stage_key,
    stage_label,
)

DECK = [100, 80, 50, 30, 10, 1]


def test_deck_step_conversions():
    # 80/100, 50/80, 30/50, 10/30, 1/10
    ratios = funnel_ratios(DECK)
    assert list(ratios.index) == list(STAGES)
    steps = ratios["step_conversion"].tolist()
    assert math.isnan(steps[0])
    assert steps[1:] == pytest.approx([0.80, 0.625, 0.60, 1 / 3, 0.10])
    assert ratios.loc["clients", "cumulative_conversion"] == pytest.approx(0.01)  # 1/100
    assert ratios.loc["warm", "cumulative_conversion"] == pytest.approx(0.30)


def test_deck_step_names():
    ratios = funnel_ratios(DECK)
    assert ratios["step"].tolist() == [None, "qualification", "target_acquisition",
                                       "prospecting", "prospecting", "negotiation"]
    # a passage outside the deck's order has no deck name
    assert funnel_weakest({"suspects": 10, "prospects": 8, "x": 1}).step is None


def test_ten_clients_need_a_thousand_suspects():
    # 10 / 1 % = 1000 suspects; 10 x 80 = 800 prospects, x 50 = 500, x 30 = 300, x 10 = 100
    needed = funnel_needed(10, DECK)
    assert needed.to_dict() == {"suspects": 1000, "prospects": 800, "cold": 500,
                                "warm": 300, "hot": 100, "clients": 10}


def test_needs_round_up_to_whole_people():
    # 3 clients from 100 -> 30 -> 7: 3 x 100 / 7 = 42.86 -> 43; 3 x 30 / 7 = 12.86 -> 13
    assert funnel_needed(3, [100, 30, 7]).tolist() == [43, 13, 3]


def test_weakest_step_is_hot_to_clients():
    weakest = funnel_weakest(DECK)
    assert (weakest.from_stage, weakest.to_stage) == ("hot", "clients")
    assert weakest.step == "negotiation"
    assert weakest.conversion == pytest.approx(0.10)


def test_weakest_takes_the_first_on_ties():
    # 100 -> 50 -> 25 -> 20: steps 50 %, 50 %, 80 %; the first 50 % wins
    weakest = funnel_weakest([100, 50, 25, 20], labels=["a", "b", "c", "d"])
    assert (weakest.from_stage, weakest.to_stage) == ("a", "b")
    assert weakest.step is None  # not a deck passage


def test_stages_by_dict_series_and_french_labels():
    by_dict = funnel_ratios({"Suspects": 200, "Prospects froids": 50, "Prospects chauds": 10})
    assert list(by_dict.index) == ["suspects", "cold", "hot"]
    assert by_dict["step_conversion"].tolist()[1:] == pytest.approx([0.25, 0.2])
    series = pd.Series([40, 10], index=["Leads", "Deals"])
    assert list(funnel_ratios(series).index) == ["Leads", "Deals"]
    assert list(funnel_ratios([9, 3, 1]).index) == ["1", "2", "3"]
    assert stage_label("cold", "fr") == "Prospects froids"
    assert stage_label("Leads", "fr") == "Leads"
    assert stage_label(["cold"], "fr") == ["cold"]  # any name, even a list (was TypeError)


def test_a_stage_of_zero_stops_the_funnel():
    # 10 -> 2 -> 0 -> 0: 20 %, 0 %, then nothing to convert (blank); cumulative 0
    ratios = funnel_ratios([10, 2, 0, 0])
    steps = ratios["step_conversion"].tolist()
    assert steps[1:3] == [0.2, 0.0]
    assert math.isnan(steps[3])
    assert ratios["cumulative_conversion"].tolist() == [1.0, 0.2, 0.0, 0.0]
    assert funnel_weakest([10, 2, 0, 0]).to_stage == "3"


def test_unreachable_target_is_an_error_at_the_first_empty_stage():
    with pytest.raises(XlsalesError) as caught:
        funnel_needed(5, [10, 2, 0, 0])
    assert caught.value.problem == "unreachable" and caught.value.row == 3
    assert funnel_needed(0, [10, 2, 0, 0]).tolist() == [0, 0, 0, 0]  # nothing asked


@pytest.mark.parametrize(
    ("counts", "problem", "row"),
    [
        ([100, 80, 90, 10], "funnel_grows", 3),
        ([100, -5], "negative", 2),
        ([100, None, 10], "blank", 2),
        ([100], "too_few", None),
        ([0, 0, 0], "not_positive", 1),
        ([100, "abc"], "not_number", 2),
    ],
)
def test_bad_counts(counts, problem, row):
    with pytest.raises(XlsalesError) as caught:
        funnel_ratios(counts)
    assert caught.value.problem == problem
    assert caught.value.row == row
    assert caught.value.arg == "counts"


def test_funnel_grows_message_names_the_stage_row_in_both_languages():
    with pytest.raises(XlsalesError) as caught:
        funnel_ratios([100, 80, 90])
    assert caught.value.message("en") == "counts, row 3: 90 is more than the stage before (80)"
    assert caught.value.message("fr").startswith("counts, ligne 3 : 90 dépasse")


def test_bad_labels():
    with pytest.raises(XlsalesError, match="labels"):
        funnel_ratios([10, 5], labels=["a", "b", "c"])
    with pytest.raises(XlsalesError, match="appears more than once"):
        funnel_ratios([10, 5], labels=["cold", "Prospects froids"])
    with pytest.raises(XlsalesError, match="target"):
        funnel_needed(-1, DECK)


def test_lead_sources():
    # networks: 5 suspects, 3 prospects (3/5), 1 client (1/5)
    # recommendation: 2 suspects, 2 prospects (2/2), 1 client (1/2) -> best
    # bought files: 3 suspects, 1 prospect (1/3), no client
    # the last row is an empty line of the range
    sources = ["Réseaux", "networks", "networks", "Networks", "networks",
               "Recommandation", "recommendation", "bought files", "Acquisition de fichiers",
               "bought_files", None]
    stages = ["Prospects", "clients", "suspects", "cold", "Suspects",
              "Prospects chauds", "Clients", "suspects", "prospects", "suspects", None]
    table = lead_source_yield(sources, stages)
    assert list(table.index) == ["networks", "recommendation", "bought_files"]
    # "networks" rows: prospects, clients, suspects, cold, suspects
    assert table.loc["networks", list(STAGES)].tolist() == [5, 3, 2, 1, 1, 1]
    assert table.loc["networks", "qualified_share"] == pytest.approx(3 / 5)
    assert table.loc["networks", "client_share"] == pytest.approx(1 / 5)
    assert table.loc["recommendation", list(STAGES)].tolist() == [2, 2, 2, 2, 2, 1]
    assert table.loc["bought_files", "qualified_share"] == pytest.approx(1 / 3)
    assert table["best"].tolist() == [False, True, False]


def test_lead_sources_custom_order_and_ties():
    # stages lead -> meeting -> deal; A: 2 leads, 1 meeting; B: 4 leads, 2 meetings, 1 deal
    table = lead_source_yield(["A", "A", "B", "B", "B", "B"],
                              ["meeting", "lead", "deal", "Meeting", "lead", "lead"],
                              stage_order=["lead", "meeting", "deal"])
    assert table.loc["A"].tolist()[:3] == [2, 1, 0]
    assert table.loc["B"].tolist()[:3] == [4, 2, 1]
    assert table["best"].tolist() == [True, True]  # 1/2 = 2/4


@pytest.mark.parametrize(
    ("sources", "stages", "arg", "problem"),
    [
        (["A", None], ["suspects", "cold"], "sources", "blank"),
        (["A", "B"], ["suspects", ""], "stages", "blank"),
        (["A", "B"], ["suspects", "lost"], "stages", "choice"),
        (["A"], ["suspects", "cold"], "stages", "length"),
        ([None], [None], "sources", "empty"),
    ],
)
def test_lead_sources_bad_rows(sources, stages, arg, problem):
    with pytest.raises(XlsalesError) as caught:
        lead_source_yield(sources, stages)
    assert (caught.value.arg, caught.value.problem) == (arg, problem)


@st.composite
def funnels(draw):
    # a top stage above 0, then each stage at most the one before
    counts = [draw(st.integers(min_value=1, max_value=10_000))]
    for _ in range(draw(st.integers(min_value=1, max_value=7))):
        counts.append(draw(st.integers(min_value=1, max_value=counts[-1])))
    return counts


@settings(max_examples=60, deadline=None)
@given(funnels())
def test_cumulative_conversion_is_the_product_of_steps(counts):
    ratios = funnel_ratios(counts)
    steps = ratios["step_conversion"].to_numpy()[1:]
    assert ratios["cumulative_conversion"].to_numpy()[1:] == pytest.approx(np.cumprod(steps))


@settings(max_examples=60, deadline=None)
@given(funnels(), st.integers(min_value=1, max_value=500))
def test_needed_counts_convert_into_the_target(counts, target):
    # at the funnel's own rates, the suspects needed yield at least the target
    needed = funnel_needed(target, counts)
    assert needed.iloc[-1] == target
    assert needed.iloc[0] * counts[-1] / counts[0] >= target - 1e-9
    assert (needed.iloc[0] - 1) * counts[-1] / counts[0] < target


@pytest.mark.parametrize(("typed", "key"), [
    ("prospect", "prospects"), ("Client", "clients"), ("Prospects froid", "cold"),
    ("Tiède", "warm"), ("hot prospect", "hot"), ("SUSPECT", "suspects")])
def test_stages_as_crms_write_them_match_the_deck(typed, key):
    # two suspects: one stopped at "suspect", the other reached the typed stage
    # a CRM export says "prospect" or "client" in the singular; the deck writes
    # "Prospects froid": each is the deck's stage, so its step gets its deck name
    table = lead_source_yield(["networks", "networks"], ["suspect", typed])
    assert table.loc["networks", "suspects"] == 2
    assert table.loc["networks", key] == (2 if key == "suspects" else 1)


@pytest.mark.parametrize(("typed", "key"), [
    ("Prospects froids", "cold"), ("hot prospect", "hot"), ("CLIENTS", "clients"),
    ("Leads", None), (None, None)])
def test_stage_key_reads_labels_and_crm_spellings(typed, key):
    assert stage_key(typed) == key


@pytest.mark.parametrize(("typed", "key"), [
    ("Réseaux", "networks"), ("bought files", "bought_files"),
    ("recommendation", "recommendation"), ("Trade show", None)])
def test_source_key_reads_labels_in_either_language(typed, key):
    assert source_key(typed) == key


def test_lead_sources_given_as_rows_of_several_cells_are_refused_by_row():
    # a list inside the column used to be a TypeError (unhashable)
    with pytest.raises(XlsalesError, match=r"^stages, row 2: '\['suspects', 'hot'\]' is not one"):
        lead_source_yield(["networks", "networks"], ["suspects", ["suspects", "hot"]])
    with pytest.raises(XlsalesError, match=r"^sources, row 1: '\['Réseaux', 0.0\]' is not a text"):
        lead_source_yield([["Réseaux", 0.0]], ["suspects"])


def test_a_need_beyond_the_largest_float_is_refused():
    # 4 reached for every 5e-324 won: one client needs 8e323 at the first stage
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(XlsalesError, match="largest number") as caught:
            funnel_needed(1, [4, 5e-324])
    assert caught.value.arg == "counts"

"""The activity index (METHOD.md §9), checked against the deck's figures and hand arithmetic."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.activity import activity_gain, activity_index, activity_lever

scores = st.floats(min_value=0, max_value=10, allow_nan=False)


def test_deck_index_is_210():
    # the deck: quantity 7, efficiency 6, orientation 5 -> 7 x 6 x 5 = 210
    assert activity_index(quantity=7, orientation=5, efficiency=6) == 210


def test_deck_slip_orientation_5_to_7_gives_294_not_336():
    # 7 x 6 x 7 = 294; 294 / 210 = 1.4, so +40 % (the deck's 336 / +60 % would need 8)
    change = activity_gain(7, 5, 6, "orientation", 7)
    assert change.index == 210
    assert change.new_index == 294
    assert change.gain == pytest.approx(0.40)
    assert change.factor == "orientation"
    assert activity_gain(7, 5, 6, "orientation", 8).new_index == 336  # 7 x 6 x 8


@pytest.mark.parametrize("label", ["Orientation", "ORIENTATION", " orientation "])
def test_factor_by_label_in_either_language(label):
    assert activity_gain(7, 5, 6, label, 7).new_index == 294


def test_french_label_with_accent():
    # efficacité 6 -> 8: 7 x 5 x 8 = 280; 280 / 210 - 1 = 1/3
    change = activity_gain(7, 5, 6, "Efficacité", 8)
    assert change.factor == "efficiency"
    assert change.new_index == 280
    assert change.gain == pytest.approx(1 / 3)
    assert activity_gain(7, 5, 6, "quantité", 8).new_index == 240  # 8 x 5 x 6


def test_lever_is_the_lowest_factor_and_one_point_gives_one_over_it():
    # 7, 5, 6: orientation 5 is lowest; 5 -> 6 gives 7 x 6 x 6 = 252, +1/5 = +20 %
    lever = activity_lever(7, 5, 6)
    assert lever.factor == "orientation"
    assert lever.new_index == 252
    assert lever.gain == pytest.approx(0.2)
    # a step of 2: 7 x 7 x 6 = 294, +2/5 = +40 %
    assert activity_lever(7, 5, 6, step=2).new_index == 294


def test_lever_ties_go_to_the_first_factor_in_deck_order():
    assert activity_lever(5, 5, 6).factor == "quantity"
    assert activity_lever(6, 5, 5).factor == "orientation"


def test_lever_with_a_zero_factor():
    # index 0; raising the zero quantity to 1 gives 1 x 5 x 6 = 30; no percentage from 0
    lever = activity_lever(0, 5, 6)
    assert lever.factor == "quantity"
    assert lever.index == 0
    assert lever.new_index == 30
    assert math.isnan(lever.gain)
    # two zeros: no single point moves the index
    assert activity_lever(0, 0, 6).new_index == 0


def test_lever_stops_at_the_top_of_the_scale():
    # 9.5 can only go to 10: 10 x 10 x 10 = 1000 against 950, +1/19
    lever = activity_lever(9.5, 10, 10)
    assert lever.factor == "quantity"
    assert lever.new_index == pytest.approx(1000)
    assert lever.gain == pytest.approx(50 / 950)
    full = activity_lever(10, 10, 10)
    assert full.factor is None
    assert full.new_index == 1000 and full.gain == 0


def test_team_columns_in_columns_out():
    team = pd.DataFrame({"q": [7, 4, None], "o": [5, 8, 6], "e": [6, 8, 6]},
                        index=["Alice", "Bruno", "Chloé"])
    index = activity_index(team.q, team.o, team.e)
    assert isinstance(index, pd.Series)
    assert index["Alice"] == 210 and index["Bruno"] == 256  # 4 x 8 x 8
    assert math.isnan(index["Chloé"])  # a blank score gives a blank index
    lever = activity_lever(team.q, team.o, team.e)
    assert list(lever.factor[:2]) == ["orientation", "quantity"]
    assert pd.isna(lever.factor["Chloé"])
    assert lever.new_index["Bruno"] == 320  # 5 x 8 x 8
    frame = lever.to_frame("fr")
    assert list(frame.index) == ["Alice", "Bruno", "Chloé"]
    assert frame.loc["Bruno", "Facteur relevé"] == "Quantité"
    assert frame.loc["Alice", "Nouvel indice d'activité"] == 252


def test_a_team_given_as_a_dict_shows_one_row_per_salesperson():
    # Ann 7 x 6 x 5 = 210, efficiency 5 -> 6: 252; Bob 5 x 6 x 9 = 270, quantity 5 -> 6:
    # 324 (to_frame was a TypeError on dicts)
    lever = activity_lever({"Ann": 7, "Bob": 5}, {"Ann": 6, "Bob": 6}, {"Ann": 5, "Bob": 9})
    frame = lever.to_frame("en")
    assert list(frame.index) == ["Ann", "Bob"]
    assert frame["Factor raised"].tolist() == ["Efficiency", "Quantity"]
    assert frame["New activity index"].tolist() == [252, 324]


def test_lists_and_arrays_keep_their_shape():
    assert activity_index([7, 1], [5, 2], [6, 3]) == [210, 6]
    array = activity_index(np.array([[7], [1]]), 5, 6)
    assert array.shape == (2, 1) and array[1, 0] == 30


@pytest.mark.parametrize(
    ("call", "arg", "fragment"),
    [
        (lambda: activity_index(11, 5, 6), "quantity", "outside 0 to 10"),
        (lambda: activity_index([7, 5], [5, -1], 6), "orientation, row 2", "outside 0 to 10"),
        (lambda: activity_index(7, 5, "abc"), "efficiency", "not a number"),
        (lambda: activity_gain(7, 5, 6, "speed", 7), "factor", "not one of"),
        (lambda: activity_gain(7, 5, 6, "orientation", 12), "new_value", "outside"),
        (lambda: activity_lever(7, 5, 6, step=0), "step", "greater than 0"),
        (lambda: activity_index([7, 5], [5, 5, 5], 6), "orientation", "has 3 values"),
    ],
)
def test_bad_input_names_the_argument(call, arg, fragment):
    with pytest.raises(XlsalesError) as caught:
        call()
    assert str(caught.value).startswith(arg)
    assert fragment in str(caught.value)


@settings(max_examples=60, deadline=None)
@given(scores, scores, scores)
def test_index_is_the_product_of_its_factors(q, o, e):
    assert activity_index(q, o, e) == pytest.approx(q * o * e)


@settings(max_examples=60, deadline=None)
@given(scores, scores, scores, st.floats(min_value=0.5, max_value=3))
def test_no_other_factor_beats_the_lever(q, o, e, step):
    lever = activity_lever(q, o, e, step=step)
    raised = [activity_index(min(q + step, 10), o, e), activity_index(q, min(o + step, 10), e),
              activity_index(q, o, min(e + step, 10))]
    assert lever.new_index == pytest.approx(max(raised))

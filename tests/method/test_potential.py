"""Client potential, levels, share of wallet and approach (METHOD.md §3–4); expected values
worked by hand in each test."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import LANGS
from xlsales.method.potential import (
    APPROACHES,
    LABELS,
    client_approach,
    score_level,
    share_of_wallet,
    to_levels,
    untapped_potential,
    weighted_score,
)

# --- weighted score --------------------------------------------------------------------


def test_weighted_score_of_one_client():
    # (4×2 + 2×1 + 5×1) / (2 + 1 + 1) = 15 / 4
    assert weighted_score([4, 2, 5], [2, 1, 1]) == pytest.approx(3.75)


def test_weighted_score_of_a_table_keeps_its_shape():
    rows = [[4, 2, 5], [1, 1, 1], [5, 5, 2]]
    # client 3: (5×2 + 5×1 + 2×1) / 4 = 17 / 4
    expected = [3.75, 1.0, 4.25]
    assert weighted_score(rows, [2, 1, 1]) == pytest.approx(expected)
    as_array = weighted_score(np.array(rows), [2, 1, 1])
    assert isinstance(as_array, np.ndarray)
    assert as_array == pytest.approx(expected)
    frame = pd.DataFrame(rows, columns=["size", "competition", "sector"],
                         index=["Durand", "Leroy", "Petit SA"])
    scores = weighted_score(frame, [2, 1, 1])
    assert list(scores.index) == ["Durand", "Leroy", "Petit SA"]
    assert scores.tolist() == pytest.approx(expected)


def test_weights_need_not_add_up_to_one_and_may_be_percentages():
    # 30 %, 70 %: 3×0.3 + 5×0.7 = 0.9 + 3.5 = 4.4
    assert weighted_score([3, 5], ["30%", "70%"]) == pytest.approx(4.4)
    assert weighted_score([3, 5], [3, 7]) == pytest.approx(4.4)


def test_a_blank_score_leaves_its_criterion_out():
    # criterion 1 blank: (2×1 + 5×1) / (1 + 1) = 3.5
    assert weighted_score([None, 2, 5], [2, 1, 1]) == pytest.approx(3.5)
    assert math.isnan(weighted_score([None, "", math.nan], [2, 1, 1]))
    # the only score given has weight 0: nothing weighted is filled
    assert math.isnan(weighted_score([4, None], [0, 1]))


def test_text_scores_are_read_as_numbers():
    # (4.5 + 3) / 2
    assert weighted_score(["4,5", "3"], [1, 1]) == pytest.approx(3.75)


def test_a_score_outside_1_to_5_names_row_and_column():
    frame = pd.DataFrame({"size": [4, 2], "competition": [3, 7]})
    with pytest.raises(XlsalesError) as caught:
        weighted_score(frame, [1, 1])
    assert str(caught.value) == "scores, row 2, column 'competition': 7 is outside 1 to 5"
    assert caught.value.message("fr") == (
        "scores, ligne 2, colonne 'competition' : 7 est hors de l'intervalle 1 à 5")
    with pytest.raises(XlsalesError, match=r"^scores, row 1, column 1: 0 is outside 1 to 5"):
        weighted_score([[0, 3]], [1, 1])
    with pytest.raises(XlsalesError, match=r"^scores, column 2: 'abc' is not a number"):
        weighted_score([3, "abc"], [1, 1])
    # one client's row as a Series: its index names the criteria
    with pytest.raises(XlsalesError, match=r"^scores, column 'sector': 9 is outside 1 to 5"):
        weighted_score(pd.Series({"size": 4, "sector": 9}), [1, 1])


@pytest.mark.parametrize(
    ("scores", "weights", "message"),
    [
        ([3, 4], [1, -1], "weights, row 2: -1 is negative"),
        ([3, 4], [0, 0], "weights: all values are 0; at least one must be above 0"),
        ([3, 4], [1, None], "weights, row 2: a value is required"),
        ([3, 4, 5], [1, 1], "scores: has 3 values but weights has 2"),
        ([[3, 4], [3, 4, 5]], [1, 1], "scores, row 2: has 3 values but weights has 2"),
    ],
)
def test_bad_weights_and_counts(scores, weights, message):
    with pytest.raises(XlsalesError) as caught:
        weighted_score(scores, weights)
    assert str(caught.value) == message


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_weighted_score_stays_within_the_row_scores(data):
    n = data.draw(st.integers(1, 6))
    scores = data.draw(st.lists(st.one_of(st.none(), st.floats(1, 5)), min_size=n, max_size=n))
    # weights as a manager types them; subnormal floats (5e-324) would round the product
    weight = st.one_of(st.just(0.0), st.floats(0.001, 100))
    weights = data.draw(st.lists(weight, min_size=n, max_size=n)
                        .filter(lambda w: any(x > 0 for x in w)))
    score = weighted_score(scores, weights)
    weighted = [s for s, w in zip(scores, weights, strict=True) if s is not None and w > 0]
    if not weighted:
        assert math.isnan(score)
    else:
        assert min(weighted) - 1e-9 <= score <= max(weighted) + 1e-9


# --- levels ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [(5, 1), (3.67, 1), (3.6699, 2), (2.33, 2), (2.3299, 3), (1, 3), (None, None)],
)
def test_levels_at_the_cut_offs(score, level):
    assert score_level(score) == level


def test_a_score_of_3_67_on_paper_is_level_1_whatever_the_float_rounding():
    # (3×0.99 + 4×2.01) / 3 = (2.97 + 8.04) / 3 = 11.01 / 3 = 3.67 exactly on paper
    assert score_level(weighted_score([3, 4], [0.99, 2.01])) == 1


def test_levels_are_elementwise_and_keep_the_shape():
    assert score_level([4, 3, None, 2]) == [1, 2, None, 3]
    series = score_level(pd.Series([1.5, 4.0], index=["x", "y"]))
    assert list(series.index) == ["x", "y"]
    assert series.tolist() == [3, 1]


def test_cut_offs_are_adjustable_and_checked():
    assert score_level([4, 3, 2], cuts=(4, 3)) == [1, 2, 3]
    with pytest.raises(XlsalesError, match=r"^cuts: 4 must be below cuts\[0\] \(3\)"):
        score_level(3, cuts=(3, 4))
    with pytest.raises(XlsalesError, match=r"^score, row 2: 6 is outside 1 to 5"):
        score_level([3, 6])


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("potential", [["Big", "Gros", "big", "GROS", 1, 1.0, "1"],
                       ["Medium", "Moyen", 2], ["Small", "Petit", "small", 3.0]]),
        ("accessibility", [["Good", "Bonne"], ["Medium", "Moyenne", "Moyen", "moyen"],
                           ["Very little", "Très peu", "tres peu", "TRÈS PEU"]]),
        ("risk", [["Low risk", "Risque faible", "low"], ["Medium risk", "Risque moyen"],
                  ["High risk", "Risque élevé", "risque eleve", "high", 3]]),
    ],
)
def test_levels_read_from_labels_in_both_languages(kind, words):
    for level, spellings in enumerate(words, start=1):
        assert to_levels(spellings, kind) == [level] * len(spellings)


@pytest.mark.parametrize("bad", [0, 4, 2.5, "Huge", True])
def test_a_level_outside_1_to_3_is_an_error(bad):
    with pytest.raises(XlsalesError) as caught:
        to_levels([1, bad], "potential", "potential_level")
    assert caught.value.problem == "level"
    assert caught.value.row == 2
    assert str(caught.value).startswith("potential_level, row 2: ")


@pytest.mark.parametrize("kind", ["size", None, pd.NA, ["risk"]])
def test_an_unknown_kind_of_level_is_named(kind):
    # was ValueError, or pandas' and numpy's "truth value is ambiguous"
    with pytest.raises(XlsalesError) as caught:
        to_levels([1], kind)
    assert caught.value.message("en").startswith("kind: ")
    assert caught.value.message("en").endswith(
        " is not one of: potential, accessibility, risk")


def test_every_label_exists_in_both_languages():
    for level_kind in ("potential", "accessibility", "risk"):
        for level in (1, 2, 3):
            assert f"{level_kind}_{level}" in LABELS
    assert LABELS["potential_1"] == {"en": "Big", "fr": "Gros"}
    assert LABELS["accessibility_3"] == {"en": "Very little", "fr": "Très peu"}
    for approach in APPROACHES:
        assert approach in LABELS and f"{approach}_action" in LABELS
    for key, words in LABELS.items():
        assert set(words) == set(LANGS), key
        assert all(isinstance(w, str) and w.strip() for w in words.values()), key


# --- share of wallet and untapped potential ------------------------------------------------


def test_a_vanishing_potential_gives_an_infinite_share_without_a_warning():
    # 1e6 / 1e-320 is beyond floats: inf, quietly (numpy's warning used to escape)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert share_of_wallet([1e6, 30], [1e-320, 120]) == [math.inf, 0.25]


def test_share_of_wallet_and_untapped_potential():
    # 30 K€ bought of a 120 K€ potential: 30 / 120 = 25 %, 120 − 30 = 90 left
    assert share_of_wallet(30, 120) == pytest.approx(0.25)
    assert untapped_potential(30, 120) == pytest.approx(90)


def test_unknown_potential_gives_a_blank_share():
    shares = share_of_wallet([10, 10, None], [None, 0, 50])
    assert all(math.isnan(s) for s in shares)
    untapped = untapped_potential([10, None], [None, 50])
    assert all(math.isnan(u) for u in untapped)


def test_revenue_above_potential_shows_in_the_share_not_below_zero():
    # 150 bought of a 120 potential: 150 / 120 = 1.25, the potential was underestimated
    assert share_of_wallet(150, 120) == pytest.approx(1.25)
    assert untapped_potential(150, 120) == 0


def test_share_of_wallet_keeps_the_callers_shape_and_checks_amounts():
    revenue = pd.Series([20.0, 45.0], index=["c1", "c2"])
    shares = share_of_wallet(revenue, pd.Series([80.0, 50.0], index=["c1", "c2"]))
    assert list(shares.index) == ["c1", "c2"]
    assert shares.tolist() == pytest.approx([0.25, 0.9])
    with pytest.raises(XlsalesError, match=r"^potential, row 2: -5 is negative"):
        share_of_wallet([1, 1], [10, -5])
    with pytest.raises(XlsalesError, match=r"^revenue, row 1: 'x' is not a number"):
        untapped_potential(["x"], [10])


# --- approach ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("abc", "sow", "potential", "risk", "approach"),
    [
        ("A", 0.9, 1, 3, "secure"),              # risk 3 beats everything
        ("C", 0.1, 1, "High risk", "secure"),
        ("A", 0.3, 2, 1, "develop"),             # A, 30 % < 50 %
        ("A", 0.5, 2, 1, "retain"),              # 50 % is not below 50 %
        ("B", 0.49, 3, 2, "develop_selectively"),
        ("b", 0.8, 3, 2, "maintain"),
        ("C", 0.2, "Gros", 1, "grow"),           # C, 20 % < 50 %, potential level 1
        ("C", 0.2, 2, 1, "serve_remotely"),      # potential only level 2
        ("c", 0.7, 1, 1, "serve_remotely"),      # already 70 % of the client
    ],
)
def test_each_branch_of_the_approach_rule(abc, sow, potential, risk, approach):
    assert client_approach(abc, sow, potential, risk) == approach


def test_unknown_potential_leaves_share_of_wallet_out_of_the_rule():
    # no share of wallet: never "below 50 %", so A is retained, B maintained, C served remotely
    assert client_approach(["A", "B", "C"], [None] * 3, [1, 1, 1], [1, 1, 1]) == [
        "retain", "maintain", "serve_remotely"]


def test_blank_class_gives_a_blank_approach_unless_the_risk_is_high():
    assert client_approach([None, ""], [0.2, 0.2], [1, 1], [3, 2]) == ["secure", None]


def test_approach_reads_shares_as_percentages_and_rejects_unknown_classes():
    assert client_approach("A", "30%", "Big", "low risk") == "develop"
    with pytest.raises(XlsalesError, match=r"^abc_class, row 2: 'D' is not one of: A, B, C"):
        client_approach(["A", "D"], 0.2, 1, 1)


def test_approach_keeps_the_shape_of_a_column():
    result = client_approach(pd.Series(["A", "C"], index=[7, 9]), 0.2, 1, 1)
    assert list(result.index) == [7, 9]
    assert result.tolist() == ["develop", "grow"]

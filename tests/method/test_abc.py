"""ABC classes, limits and summary (METHOD.md §2), against hand-computed cases.

Unless a test says otherwise the cut-offs are the defaults: A reaches 80 % of the
total, A + B reaches 95 %.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.abc import (
    LABELS,
    METHODS,
    abc_classes,
    abc_limits,
    abc_summary,
)
from xlsales.method.concentration import concentration

TOL = 1e-9


# --- hand-computed classes ----------------------------------------------------------

def test_tie_at_the_a_b_boundary_takes_the_class_of_its_first_member():
    # total 100; cumulative 60 (60 %), 80 (80 %: reached with the first 20) -> t_A = 20.
    # The second 20 ties with the first, so it is A too although the first two already
    # reach 80 %. A + B reaches 95 % only with the third client, also 20: B is empty.
    assert abc_classes([60, 20, 20]) == ["A", "A", "A"]


def test_tie_at_the_b_c_boundary_takes_the_class_of_its_first_member():
    # total 100; cumulative 70, 90 -> 80 % reached by the second client: A = {70, 20}.
    # 95: reached by the first 5 (cumulative 95) -> t_B = 5, and the other 5 ties: B.
    # The zero is C.
    assert abc_classes([70, 20, 5, 5, 0]) == ["A", "A", "B", "B", "C"]


def test_classes_come_back_in_input_order():
    # sorted: 50, 30, 10, 10; cumulative 50, 80 (A reached), 90, 100 (95 % reached by
    # the second 10) -> A = {50, 30}, B = {10, 10}.
    assert abc_classes([10, 50, 10, 30]) == ["B", "A", "B", "A"]


def test_zero_is_c_negative_is_c_and_out_of_the_total_blank_is_none():
    # positive total 70 + 20 + 5 + 5 = 100 (the -10 is left out, so 80 % is 80, not 72):
    # 70, 90 -> A = {70, 20}; 95 -> B = {5, 5}; zero and -10 are C; blanks are None.
    values = [70, None, 20, -10, 5, 5, 0, ""]
    assert abc_classes(values) == ["A", None, "A", "C", "B", "B", "C", None]


def test_80_of_100_reaches_80_percent_despite_float_rounding():
    # 9.48 + 8.43 + 5.02 + 4.47 = 27.40 = 0.8 × 34.25 exactly, but in floats the running
    # sum is 27.4 and 0.8 * 34.25 is 27.400000000000002: without the 1e-9 tolerance the
    # fifth client would be dragged into A. 95 % of 34.25 = 32.5375: 31.80 after the
    # fifth, 34.25 after the sixth -> B = {4.4, 2.45}.
    values = [9.48, 8.43, 5.02, 4.47, 4.4, 2.45]
    assert abc_classes(values) == ["A", "A", "A", "A", "B", "B"]


def test_single_client_is_a():
    assert abc_classes([42]) == ["A"]
    assert abc_classes(42) == "A"
    # one client with revenue, one at zero, one blank
    assert abc_classes([0, 42, None]) == ["C", "A", None]


def test_all_equal_revenue_is_all_a():
    # cumulative 5, 10, 15, 20 of 20: 80 % (16) is reached by the fourth client, and
    # anyway all four tie with the first.
    assert abc_classes([5, 5, 5, 5]) == ["A"] * 4
    assert abc_classes([5, 5, 5, 5], method="computed") == ["A"] * 4


@pytest.mark.parametrize(("a_share", "b_share"), [("80%", "95 %"), (80, 95), (0.8, 0.95)])
def test_shares_as_percent_text_or_whole_numbers(a_share, b_share):
    # 50, 80 (A), 90, 100 (B): same classes however the shares are written.
    assert abc_classes([50, 30, 10, 10], a_share, b_share) == ["A", "A", "B", "B"]


def test_other_cut_offs():
    # a = 50 %: the 50 alone reaches it; b = 85 %: 80, then 90 with the first 10, whose
    # tie takes the second 10 into B too.
    assert abc_classes([50, 30, 10, 10], 0.5, 0.85) == ["A", "B", "B", "B"]
    # b = 100 %: every client with revenue is at most B; the zero stays C.
    assert abc_classes([50, 30, 10, 10, 0], 0.8, 1) == ["A", "A", "B", "B", "C"]


def test_text_numbers_are_read_the_french_or_english_way():
    # 1 234,50 + 200 + 100 = 1 534,50; 80 % = 1 227,60 -> the first alone is A;
    # 95 % = 1 457,775: 1 434,50 after the second, 1 534,50 after the third.
    assert abc_classes(["1 234,50", "200", 100.0]) == ["A", "B", "B"]


# --- shapes --------------------------------------------------------------------------

def test_answers_in_the_shape_of_the_input():
    array = np.array([[70.0, np.nan], [20.0, 10.0]])
    out = abc_classes(array)
    assert out.shape == (2, 2)
    assert out.tolist() == [["A", None], ["A", "B"]]

    series = pd.Series([70.0, 20.0, 10.0], index=["x", "y", "z"], name="revenue")
    out = abc_classes(series)
    assert list(out.index) == ["x", "y", "z"]
    assert out.tolist() == ["A", "A", "B"]

    assert abc_classes({"Dupont": 70, "Martin": 20, "Durand": 10}) == {
        "Dupont": "A", "Martin": "A", "Durand": "B"}


# --- errors --------------------------------------------------------------------------

@pytest.mark.parametrize(("a_share", "b_share"), [(0.8, 0.8), ("80%", 0.8), (0.9, 0.8)])
def test_a_share_must_be_below_b_share(a_share, b_share):
    with pytest.raises(XlsalesError) as caught:
        abc_classes([1, 2, 3], a_share, b_share)
    assert caught.value.arg == "a_share"
    assert "must be below b_share" in str(caught.value)


@pytest.mark.parametrize(("arg", "shares"), [("a_share", (0, 0.95)), ("a_share", (-0.2, 0.95)),
                                             ("b_share", (0.8, "150%")),
                                             ("b_share", (0.8, 150))])
def test_shares_outside_0_to_1_are_refused(arg, shares):
    with pytest.raises(XlsalesError) as caught:
        abc_classes([1, 2, 3], *shares)
    assert caught.value.arg == arg
    assert caught.value.problem == "share"


@pytest.mark.parametrize("values", [[], [None, ""], np.array([np.nan])])
def test_no_value_is_an_error(values):
    with pytest.raises(XlsalesError) as caught:
        abc_classes(values)
    assert (caught.value.arg, caught.value.problem) == ("values", "empty")


def test_a_total_beyond_floats_is_an_error_not_shares_of_zero():
    # 1e308 + 1e308 is beyond the largest float (1.8e308): the total read inf, every share
    # 1e308 / inf = 0, and the concentration said "neither fragile nor dispersed".
    for analysis in (abc_classes, abc_limits, abc_summary, concentration):
        with pytest.raises(XlsalesError) as caught:
            analysis([1e308, 1e308, 1.0])
        assert caught.value.message("en") == (
            "values: the total is beyond the largest number a computer holds (about 1.8e308)")
    assert abc_classes([8e307, 8e307, 1.0]) == ["A", "A", "C"]  # 1.6e308 still fits


@pytest.mark.parametrize("values", [[0, 0], [0, -5, None]])
def test_no_positive_total_is_an_error(values):
    with pytest.raises(XlsalesError) as caught:
        abc_limits(values)
    assert (caught.value.arg, caught.value.problem) == ("values", "no_total")
    assert caught.value.message("fr").startswith("values : le total n'est pas")


def test_unknown_method_is_an_error_and_french_names_are_understood():
    with pytest.raises(XlsalesError) as caught:
        abc_classes([1, 2], method="kmeans")
    assert str(caught.value) == ("method: 'kmeans' is not one of: pareto, computed "
                                 "(calculé)")
    # [3, 1] with the computed method gives A, C (see tests/method/test_computed_abc.py)
    for name in ("computed", "Computed", "calculé", "calcule", "CALCULÉ"):
        assert abc_classes([3, 1], method=name) == ["A", "C"]
    assert abc_limits([3, 1], method="Calculé").method == "computed"
    assert abc_limits([3, 1], method="PARETO").method == "pareto"


def test_bad_value_names_argument_row_and_value():
    with pytest.raises(XlsalesError) as caught:
        abc_classes([1, "abc"])
    assert str(caught.value) == "values, row 2: 'abc' is not a number"


# --- limits and summary --------------------------------------------------------------

# N = 7 clients (the blank is not one), positive total 60+20+10+5+5 = 100.
# A: 60, 80 -> A = {60, 20}: 2/7 of the clients, 80 % of revenue, threshold 20.
# B: 90, 95 -> reached by the first 5, the other 5 ties: B = {10, 5, 5};
#    A + B = 5/7 of the clients, 100 % of revenue, threshold 5.
# C: the 0 and the -4 (2 clients, no revenue); -4 reported apart.
LEDGER = [60, 20, 10, 5, 5, 0, -4, None]


def test_limits_by_hand():
    limits = abc_limits(LEDGER)
    assert limits.method == "pareto"
    assert (limits.a_share, limits.b_share) == (0.8, 0.95)
    assert limits.clients == 7
    assert limits.total == 100
    assert limits.ab_client_share == pytest.approx(2 / 7)
    assert limits.ab_revenue_share == pytest.approx(0.8)
    assert limits.ab_threshold == 20
    assert limits.bc_client_share == pytest.approx(5 / 7)
    assert limits.bc_revenue_share == pytest.approx(1.0)
    assert limits.bc_threshold == 5
    assert limits.pareto_point is None
    assert limits.break_even_point is None
    assert limits.submarginal_point is None
    assert (limits.negative_clients, limits.negative_total) == (1, -4)


def test_limits_table_in_both_languages():
    english = abc_limits(LEDGER).to_frame()
    assert list(english.columns) == ["Figure", "Value"]
    assert english.loc["ab_threshold", "Value"] == 20
    assert english.loc["ab_threshold", "Figure"] == LABELS["ab_threshold"]["en"]
    assert "pareto_effort" not in english.index
    french = abc_limits(LEDGER).to_frame("fr")
    assert list(french.columns) == ["Indicateur", "Valeur"]
    assert french.loc["bc_threshold", "Indicateur"].startswith("Limite B/C : seuil de CA")
    assert french.loc["method", "Valeur"] == METHODS["pareto"]["fr"]
    computed = abc_limits([3, 1], method="computed").to_frame("fr")
    # (6/13, 9/13): the Pareto point of [3, 1], derived in tests/method/test_computed_abc.py
    assert computed.loc["pareto_effort", "Valeur"] == pytest.approx(6 / 13)
    assert computed.loc["method", "Valeur"] == "calculé"
    assert "a_share" not in computed.index


def test_summary_by_hand():
    summary = abc_summary(LEDGER)
    assert list(summary.index) == ["A", "B", "C", "Total"]
    assert list(summary.columns) == ["clients", "clients_share", "revenue",
                                     "revenue_share", "mean"]
    assert summary["clients"].tolist() == [2, 3, 2, 7]
    assert summary["clients_share"].tolist() == pytest.approx([2 / 7, 3 / 7, 2 / 7, 1])
    assert summary["revenue"].tolist() == pytest.approx([80, 20, 0, 100])
    assert summary["revenue_share"].tolist() == pytest.approx([0.8, 0.2, 0, 1])
    # means: 80/2, 20/3, 0/2, 100/7
    assert summary["mean"].tolist() == pytest.approx([40, 20 / 3, 0, 100 / 7])


def test_summary_of_an_empty_class_has_no_mean():
    # [60, 20, 20]: B is empty (see the first test)
    summary = abc_summary([60, 20, 20])
    assert summary.loc["B", "clients"] == 0
    assert math.isnan(summary.loc["B", "mean"])


def test_every_label_exists_in_both_languages():
    for table in (LABELS, METHODS):
        for key, words in table.items():
            assert set(words) == {"en", "fr"}, key
            assert all(words.values()), key
    summary = abc_summary(LEDGER)
    assert set(summary.columns) <= set(LABELS)
    assert set(summary.index) <= set(LABELS)
    assert set(abc_limits([3, 1], method="computed").to_frame().index) <= set(LABELS)


# --- properties ----------------------------------------------------------------------

REVENUE = st.one_of(
    st.none(),
    st.integers(-100, 10_000).map(float),
    st.integers(0, 1_000_000).map(lambda cents: cents / 100),
)


@st.composite
def portfolios(draw):
    values = draw(st.lists(REVENUE, min_size=1, max_size=40)
                  .filter(lambda vs: any(v is not None and v > 0 for v in vs)))
    a = draw(st.integers(1, 98))
    b = draw(st.integers(a + 1, 100))
    return values, a / 100, b / 100


RANK = {"A": 0, "B": 1, "C": 2}


def _reference_classes(values, a_share, b_share):
    """METHOD.md §2 word for word, one client at a time (an independent computation)."""
    present = [(v, i) for i, v in enumerate(values) if v is not None]
    total = math.fsum(v for v, _ in present if v > 0)
    ordered = sorted(present, key=lambda item: -item[0])
    out = [None] * len(values)
    running = 0.0
    first_of_tie = {}
    for v, i in ordered:
        if v <= 0:
            out[i] = "C"
            continue
        if v not in first_of_tie:  # the first member of a tie group decides
            if running < (a_share - TOL) * total:
                first_of_tie[v] = "A"
            elif running < (b_share - TOL) * total:
                first_of_tie[v] = "B"
            else:
                first_of_tie[v] = "C"
        out[i] = first_of_tie[v]
        running += v
    return out


@settings(max_examples=150, deadline=None)
@given(portfolios())
def test_pareto_classes_follow_method_md_word_for_word(case):
    values, a_share, b_share = case
    assert abc_classes(values, a_share, b_share) == _reference_classes(values, a_share,
                                                                       b_share)


@settings(max_examples=100, deadline=None)
@given(portfolios(), st.sampled_from(["pareto", "computed"]))
def test_classes_never_improve_as_revenue_falls_and_ties_share_a_class(case, method):
    values, a_share, b_share = case
    classes = abc_classes(values, a_share, b_share, method)
    pairs = sorted(((v, RANK[c]) for v, c in zip(values, classes, strict=True)
                    if v is not None), key=lambda pair: -pair[0])
    ranks = [rank for _, rank in pairs]
    assert ranks == sorted(ranks)
    by_revenue = {}
    for v, rank in pairs:
        assert by_revenue.setdefault(v, rank) == rank
    assert all(c is None for v, c in zip(values, classes, strict=True) if v is None)
    assert all(c == "C" for v, c in zip(values, classes, strict=True)
               if v is not None and v <= 0)
    assert "A" in classes


@settings(max_examples=100, deadline=None)
@given(portfolios())
def test_each_class_reaches_its_share_and_would_not_without_its_smallest_tie_group(case):
    values, a_share, b_share = case
    classes = abc_classes(values, a_share, b_share)
    total = math.fsum(v for v in values if v is not None and v > 0)
    for better, share in ((("A",), a_share), (("A", "B"), b_share)):
        kept = [v for v, c in zip(values, classes, strict=True) if c in better]
        assert math.fsum(kept) >= (share - TOL) * total
        smallest = min(kept)
        assert math.fsum(v for v in kept if v != smallest) < (share - TOL) * total


@settings(max_examples=100, deadline=None)
@given(portfolios(), st.sampled_from(["pareto", "computed"]))
def test_summary_adds_up_to_the_positive_total_and_the_client_count(case, method):
    values, a_share, b_share = case
    summary = abc_summary(values, a_share, b_share, method)
    clients = sum(v is not None for v in values)
    total = math.fsum(v for v in values if v is not None and v > 0)
    rows = summary.loc[["A", "B", "C"]]
    assert rows["clients"].sum() == summary.loc["Total", "clients"] == clients
    assert rows["revenue"].sum() == pytest.approx(total, rel=1e-12)
    assert summary.loc["Total", "revenue"] == pytest.approx(total, rel=1e-12)
    assert rows["clients_share"].sum() == pytest.approx(1)
    assert rows["revenue_share"].sum() == pytest.approx(1)
    limits = abc_limits(values, a_share, b_share, method)
    assert limits.ab_client_share == pytest.approx(summary.loc["A", "clients_share"])
    assert limits.bc_revenue_share == pytest.approx(rows["revenue_share"].iloc[:2].sum())


@pytest.mark.parametrize("typed", ["computed", "Calculé", "calculée", "CALCULEE"])
def test_the_computed_method_as_the_template_and_users_write_it(typed):
    values = [100, 50, 20, 10, 5, 1]
    assert abc_classes(values, method=typed) == abc_classes(values, method="computed")

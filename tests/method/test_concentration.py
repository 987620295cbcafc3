"""Concentration figures and the fragility / dispersion diagnosis, computed by hand.

Gini is G = Σᵢ Σⱼ |xᵢ - xⱼ| / (2 n² x̄) (no n / (n - 1) correction), so one client holding
everything among n gives (n - 1) / n; HHI = Σ sᵢ² with shares as fractions.
"""

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.method.concentration import LABELS, concentration


def test_figures_by_hand():
    # 50, 20, 10, 10, 5, 5: total 100, n = 6.
    c = concentration([50, 20, 10, 10, 5, 5])
    assert (c.clients, c.revenue) == (6, 100)
    assert c.top_client_share == pytest.approx(0.50)
    # 50 + 20 + 10 + 10 + 5 = 95
    assert c.top5_share == pytest.approx(0.95)
    # 20 % of 6 clients = 1.2 clients: the 50 and a fifth of the 20 -> 54
    assert c.top20_share == pytest.approx(0.54)
    # the curve reaches 95 after five clients: the last client (1/6) makes the last 5 %
    assert c.tail5_clients_share == pytest.approx(1 / 6)
    # ABC: 50, 70, 80 -> A reached with the first 10, the other 10 ties: A = 4 clients;
    # 95 reached with the first 5, the other 5 ties: B = 2; C is empty.
    assert c.c_clients_share == 0
    # Gini: ascending 5, 5, 10, 10, 20, 50; Σ i·x = 5 + 10 + 30 + 40 + 100 + 300 = 485;
    # 2·485 / (6·100) - 7/6 = 970/600 - 700/600 = 0.45. Check by pairs: Σ_{i<j} |xi - xj|
    # = 200 (50 against the rest) + 50 (20) + 20 (10s against 5s) = 270, and
    # 2·270 / (2·36·100/6) = 540/1200 = 0.45.
    assert c.gini == pytest.approx(0.45)
    # HHI: .25 + .04 + .01 + .01 + .0025 + .0025 = .315
    assert c.hhi == pytest.approx(0.315)
    assert (c.negative_clients, c.negative_total) == (0, 0)


def test_gini_and_hhi_of_equal_clients():
    c = concentration([10] * 10)
    assert c.gini == pytest.approx(0, abs=1e-12)
    assert c.hhi == pytest.approx(1 / 10)
    # 20 % of 10 equal clients make 20 % of revenue; 95 % is reached at 9.5 clients
    assert c.top20_share == pytest.approx(0.2)
    assert c.tail5_clients_share == pytest.approx(0.05)


def test_gini_and_hhi_of_one_client_holding_everything():
    # n = 4: G = (n - 1)/n = 3/4 (pairs: 3 × |100 - 0| = 300; 2·300 / (2·16·25) = 3/4)
    c = concentration([100, 0, 0, 0])
    assert c.gini == pytest.approx(3 / 4)
    assert c.hhi == pytest.approx(1)
    assert c.top_client_share == c.top5_share == 1
    # a negative client counts as a client without revenue: n = 3 -> 2/3; the blank
    # is not a client
    c = concentration([100, 0, -5, None])
    assert c.clients == 3
    assert c.gini == pytest.approx(2 / 3)
    assert (c.negative_clients, c.negative_total) == (1, -5)
    assert c.revenue == 100


def test_fewer_than_five_clients():
    assert concentration([60, 40]).top5_share == 1


# --- flags at their exact thresholds ---------------------------------------------------

def test_fragile_when_the_top_client_makes_exactly_20_percent():
    # 20 + 16 × 5 = 100: top client 20 %, top 5 = 20 + 4 × 5 = 40 %
    c = concentration([20] + [5] * 16)
    assert c.top_client_share == pytest.approx(0.2)
    assert c.fragile and c.fragile_by == ("top_client_share",)


def test_not_fragile_just_below():
    # 19 + 27 × 3 = 100: top client 19 %, top 5 = 19 + 4 × 3 = 31 %
    c = concentration([19] + [3] * 27)
    assert not c.fragile and c.fragile_by == ()


def test_fragile_when_the_top_five_make_exactly_half():
    # ten clients of 10: top client 10 %, top 5 = 50 %
    c = concentration([10] * 10)
    assert c.fragile and c.fragile_by == ("top5_share",)
    # 4 × 10 + 9 = 49 for the top 5, the rest 5 × 9 + 6 = 51: total 100, top 5 = 49 %
    assert not concentration([10, 10, 10, 10, 9, 9, 9, 9, 9, 9, 6]).fragile


def test_dispersion_when_class_c_holds_exactly_60_percent_of_clients():
    # total 100: A = {40, 40} (80 %), B = {10, 5} (90, 95 %), C = five 1s and the 0:
    # 6 of 10 clients
    c = concentration([40, 40, 10, 5, 1, 1, 1, 1, 1, 0])
    assert c.c_clients_share == pytest.approx(0.6)
    assert c.dispersion and c.dispersion_by == ("c_clients_share",)
    # both flags can hold: the top client makes 40 %
    assert c.fragile


def test_no_dispersion_just_below():
    # without the 0: C = five 1s among 9 clients = 55.6 %
    c = concentration([40, 40, 10, 5, 1, 1, 1, 1, 1])
    assert c.c_clients_share == pytest.approx(5 / 9)
    assert not c.dispersion and c.dispersion_by == ()


def test_alert_levels_and_class_c_are_adjustable():
    values = [40, 40, 10, 5, 1, 1, 1, 1, 1]
    c = concentration(values, fragile_top_client="45%", fragile_top5=1,
                      dispersion_c_clients=50)
    assert not c.fragile  # 40 % < 45 % and 96 % < 100 %
    assert c.dispersion  # 55.6 % ≥ 50 %
    assert (c.fragile_top_client, c.fragile_top5, c.dispersion_c_clients) == (0.45, 1, 0.5)
    # with the computed method, 60, 20, 10, 10 puts the two 10s in C (see
    # tests/method/test_computed_abc.py): 2 of 4 clients
    assert concentration([60, 20, 10, 10], method="computed").c_clients_share == 0.5
    with pytest.raises(XlsalesError) as caught:
        concentration(values, fragile_top_client=0)
    assert caught.value.arg == "fragile_top_client"


# --- words -------------------------------------------------------------------------------

def test_diagnosis_in_english_and_french():
    c = concentration([40, 40, 10, 5, 1, 1, 1, 1, 1, 0])
    # top client 40 %, top 5 = 40 + 40 + 10 + 5 + 1 = 96 %; C 60 %; the last 5 % of
    # revenue is made by the five 1s and the 0: 6 of 10 clients
    assert c.diagnosis() == (
        "Fragile situation: high revenue on few clients (the top client makes 40.0% of "
        "revenue, alert at 20.0%; the top 5 clients make 96.0% of revenue, alert at "
        "50.0%). An action plan is needed. Dispersion of energy: low revenue on many "
        "clients (class C holds 60.0% of the clients, alert at 60.0%; 60.0% of the "
        "clients make the last 5% of revenue).")
    p = "\u00a0%"  # a no-break space before % in French
    assert c.diagnosis("fr") == (
        f"Situation fragile : CA élevé sur peu de clients (le premier client fait 40,0{p} "
        f"du CA, alerte à 20,0{p} ; les 5 premiers clients font 96,0{p} du CA, alerte à "
        f"50,0{p}). Un plan d'action est nécessaire. Dispersion d'énergie : CA faible sur "
        f"un grand nombre de clients (la classe C regroupe 60,0{p} des clients, alerte à "
        f"60,0{p} ; 60,0{p} des clients font les derniers 5 % du CA).")


def test_diagnosis_of_a_sound_portfolio_gives_its_figures():
    # 20 equal clients: top 5 %, top 5 = 25 %, all A (ties) so C holds 0 %
    c = concentration([5] * 20)
    assert c.diagnosis("en") == (
        "Neither fragile nor dispersed: the top client makes 5.0% of revenue, the top 5 "
        "clients 25.0%; class C holds 0.0% of the clients.")
    # 12.5 % is written with a decimal comma in French
    assert "12,5\u00a0%" in concentration([5] * 8, fragile_top5=1).diagnosis("fr")


def test_table_in_both_languages():
    c = concentration([50, 20, 10, 10, 5, 5])
    english = c.to_frame()
    assert list(english.columns) == ["Figure", "Value"]
    assert english.loc["gini", "Value"] == pytest.approx(0.45)
    assert english.loc["fragile", "Value"] is True
    french = c.to_frame("fr")
    assert list(french.columns) == ["Indicateur", "Valeur"]
    assert french.loc["hhi", "Indicateur"] == LABELS["hhi"]["fr"]
    for key, words in LABELS.items():
        assert set(words) == {"en", "fr"} and all(words.values()), key
    assert set(english.index) <= set(LABELS)


# --- against the definitions -------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-50, 1000), min_size=1, max_size=30)
       .filter(lambda vs: any(v > 0 for v in vs)))
def test_gini_and_hhi_match_their_definitions(values):
    c = concentration(values)
    x = [max(v, 0) for v in values]
    n, total = len(x), sum(x)
    pairs = sum(abs(a - b) for a in x for b in x)
    assert c.gini == pytest.approx(pairs / (2 * n * n * (total / n)), abs=1e-12)
    assert c.hhi == pytest.approx(math.fsum((v / total) ** 2 for v in x))
    ranked = sorted(x, reverse=True)
    assert c.top_client_share == pytest.approx(ranked[0] / total)
    assert c.top5_share == pytest.approx(sum(ranked[:5]) / total)
    assert 0 <= c.tail5_clients_share <= 1
    assert c.top20_share >= 0.2 - 1e-12  # the largest clients make at least their share


def test_gini_of_huge_revenues_does_not_overflow():
    # 100 clients at 1e306 and one at 1: the rank-weighted sum would pass 1.8e308. By hand,
    # mean difference 2·100·(1e306 − 1)/101², mean ≈ 100e306/101: G = 1/101.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert concentration([1e306] * 100 + [1.0]).gini == pytest.approx(1 / 101)

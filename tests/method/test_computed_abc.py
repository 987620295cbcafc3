"""Computed ABC limits (Ultsch & Lötsch 2015) on cases whose points are derived by hand.

Reminder of the definitions (see xlsales/computed_abc.py): the ABC curve joins the points
(k / n, share of revenue of the k largest clients) with straight lines; Pareto point =
the curve's point nearest to (0, 1); break-even point = where the slope falls through 1;
A/B limit = whichever of the two has the smaller effort; submarginal point (B/C limit) =
the curve's point nearest to (effort of the other one, 1). A client is before a limit
when at least half its step is.
"""

import math

import numpy as np
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.method.abc import abc_classes, abc_limits
from xlsales.method.computed_abc import abc_curve, computed_limits


def _cardano(p, q):
    """The one real root of t³ + p t + q = 0 when q²/4 + p³/27 > 0."""
    root = math.sqrt(q * q / 4 + p ** 3 / 27)
    return math.cbrt(-q / 2 + root) + math.cbrt(-q / 2 - root)


# Uniform revenue. For values spread evenly on [0, 1] the clients in the top share p
# have the values [1 - p, 1]: revenue ∫ v dv over it = (1 - (1 - p)²) / 2 out of 1/2,
# so the ABC curve is y(p) = 2p - p².
#
# Pareto point: minimise d(p) = p² + (1 - y)² = p² + (1 - p)⁴.
#   d'(p) = 2p - 4(1 - p)³ = 0; with q = 1 - p: 1 - q = 2q³, i.e. q³ + q/2 - 1/2 = 0,
#   Cardano (P = 1/2, Q = -1/2, Q²/4 + P³/27 = 29/432 > 0, one real root):
#   q = ∛(1/4 + √(29/432)) + ∛(1/4 - √(29/432)) ≈ 0.58975 -> p ≈ 0.41025,
#   y = 1 - q² ≈ 0.65219.
# Break-even point: y'(p) = 2 - 2p = 1 -> p = 1/2, y = 1 - 1/4 = 3/4.
# The Pareto point comes first (0.41 < 0.5): it is the A/B limit, and the submarginal
# point is the point nearest to (1/2, 1):
#   minimise (p - 1/2)² + (1 - p)⁴ -> 2(p - 1/2) - 4(1 - p)³ = 0; q = 1 - p:
#   1/2 - q = 2q³, i.e. q³ + q/2 - 1/4 = 0 (P = 1/2, Q = -1/4, 35/1728 > 0):
#   q = ∛(1/8 + √(35/1728)) + ∛(1/8 - √(35/1728)) ≈ 0.38546 -> p ≈ 0.61454,
#   y = 1 - q² ≈ 0.85142.
Q_PARETO = _cardano(0.5, -0.5)
Q_SUBMARGINAL = _cardano(0.5, -0.25)
UNIFORM_PARETO = (1 - Q_PARETO, 1 - Q_PARETO ** 2)
UNIFORM_BREAK_EVEN = (0.5, 0.75)
UNIFORM_SUBMARGINAL = (1 - Q_SUBMARGINAL, 1 - Q_SUBMARGINAL ** 2)

# The sample: revenues 1, 2, ..., n. Its curve at p = k/n is
# (2p - p² + p/n) / (1 + 1/n), within 2/n = 2e-5 of 2p - p²; rounding a limit to whole
# clients moves a share by at most 1/n. Hence the tolerance 1e-4.
N = 100_000
TOLERANCE = 1e-4


def test_closed_forms_are_what_the_comments_say():
    # the roots solve their cubics, and match the decimals quoted above
    assert abs(2 * Q_PARETO ** 3 + Q_PARETO - 1) < 1e-12
    assert abs(2 * Q_SUBMARGINAL ** 3 + Q_SUBMARGINAL - 0.5) < 1e-12
    pareto, submarginal = UNIFORM_PARETO, UNIFORM_SUBMARGINAL
    assert pareto == pytest.approx((0.41025, 0.65219), abs=1e-5)
    assert submarginal == pytest.approx((0.61454, 0.85142), abs=1e-5)


def test_uniform_sample_points_match_the_closed_forms():
    limits = computed_limits(np.arange(N, 0, -1, dtype=np.float64), N)
    assert limits.pareto == pytest.approx(UNIFORM_PARETO, abs=TOLERANCE)
    assert limits.break_even == pytest.approx(UNIFORM_BREAK_EVEN, abs=TOLERANCE)
    assert limits.submarginal == pytest.approx(UNIFORM_SUBMARGINAL, abs=TOLERANCE)
    assert limits.a_clients / N == pytest.approx(UNIFORM_PARETO[0], abs=TOLERANCE)
    assert limits.ab_clients / N == pytest.approx(UNIFORM_SUBMARGINAL[0], abs=TOLERANCE)


def test_uniform_sample_classes_and_limits():
    rng = np.random.default_rng(7)
    values = rng.permutation(np.arange(1, N + 1, dtype=np.float64))
    limits = abc_limits(values, method="computed")
    assert limits.ab_client_share == pytest.approx(UNIFORM_PARETO[0], abs=TOLERANCE)
    assert limits.ab_revenue_share == pytest.approx(UNIFORM_PARETO[1], abs=TOLERANCE)
    assert limits.bc_client_share == pytest.approx(UNIFORM_SUBMARGINAL[0], abs=TOLERANCE)
    assert limits.bc_revenue_share == pytest.approx(UNIFORM_SUBMARGINAL[1], abs=TOLERANCE)
    # the thresholds are revenues: on 1..n the smallest A client is about n(1 - p)
    assert limits.ab_threshold / N == pytest.approx(Q_PARETO, abs=TOLERANCE)
    assert limits.bc_threshold / N == pytest.approx(Q_SUBMARGINAL, abs=TOLERANCE)
    classes = abc_classes(values, method="computed")
    assert classes.tolist().count("A") / N == pytest.approx(UNIFORM_PARETO[0], abs=TOLERANCE)


def test_two_clients_by_hand():
    # Revenues 3 and 1 (total 4): corners (0, 0), (1/2, 3/4), (1, 1).
    # Pareto point: on the first segment, direction d = (1/2, 3/4); projecting (0, 1):
    #   t = ((0, 1)·d) / |d|² = (3/4) / (1/4 + 9/16) = (3/4) / (13/16) = 12/13
    #   -> (6/13, 9/13), squared distance 36/169 + 16/169 = 4/13 ≈ 0.308, nearer than
    #   the corner (1/2, 3/4): 1/4 + 1/16 = 5/16 ≈ 0.313; the second segment projects
    #   before its start (t < 0).
    # Break-even: mean 2, one client reaches it -> the corner (1/2, 3/4).
    # 6/13 < 1/2: A/B limit = Pareto point; submarginal = nearest to (1/2, 1):
    #   second segment from (1/2, 3/4), d = (1/2, 1/4), (1/2, 1) - start = (0, 1/4):
    #   t = (1/16) / (1/4 + 1/16) = 1/5 -> (3/5, 4/5), squared distance 1/100 + 4/100
    #   = 0.05 < 1/16 for the corner.
    # Clients: 6/13 × 2 = 0.92 -> 1 client in A; 3/5 × 2 = 1.2 -> 1 client before
    # the B/C limit: B is empty, the 1 is C.
    limits = computed_limits(np.array([3.0, 1.0]), 2)
    assert limits.pareto == pytest.approx((6 / 13, 9 / 13))
    assert limits.break_even == pytest.approx((1 / 2, 3 / 4))
    assert limits.submarginal == pytest.approx((3 / 5, 4 / 5))
    assert (limits.a_clients, limits.ab_clients) == (1, 1)
    assert abc_classes([1, 3], method="computed") == ["C", "A"]


def test_break_even_before_pareto_point_by_hand():
    # Revenues 60, 20, 10, 10 (total 100): corners (0, 0), (1/4, 3/5), (1/2, 4/5),
    # (3/4, 9/10), (1, 1).
    # Break-even: mean 25, only the 60 reaches it -> corner (1/4, 3/5).
    # Pareto point: first segment d = (1/4, 3/5): t = (3/5) / (1/16 + 9/25) > 1 -> corner
    #   (1/4, 3/5), squared distance 1/16 + 4/25 = 0.2225. Second segment from
    #   (1/4, 3/5), d = (1/4, 1/5), (0, 1) - start = (-1/4, 2/5):
    #   t = (-1/16 + 2/25) / (1/16 + 1/25) = (7/400) / (41/400) = 7/41
    #   -> (1/4 + 7/164, 3/5 + 7/205) = (12/41, 26/41), squared distance
    #   (144 + 225) / 1681 = 9/41 ≈ 0.2195: nearer. Third segment: t < 0.
    # 1/4 < 12/41: the break-even point is the A/B limit; submarginal = nearest to
    #   (12/41, 1). Second segment: (12/41, 1) - (1/4, 3/5) = (7/164, 2/5),
    #   t = (7/656 + 2/25) / (41/400) = (1487/16400) / (1681/16400) = 1487/1681
    #   -> (1/4 + 1487/6724, 3/5 + 1487/8405) = (792/1681, 1306/1681) ≈ (0.4711, 0.7769),
    #   squared distance ≈ 0.0816; the corner (1/2, 4/5) gives ≈ 0.0830 and the third
    #   segment projects before its start.
    # Clients: 1/4 × 4 = 1 in A; 792/1681 × 4 = 1.88 -> 2 before the B/C limit.
    limits = computed_limits(np.array([60.0, 20.0, 10.0, 10.0]), 4)
    assert limits.break_even == pytest.approx((1 / 4, 3 / 5))
    assert limits.pareto == pytest.approx((12 / 41, 26 / 41))
    assert limits.submarginal == pytest.approx((792 / 1681, 1306 / 1681))
    assert (limits.a_clients, limits.ab_clients) == (1, 2)
    assert abc_classes([10, 60, 10, 20], method="computed") == ["C", "A", "C", "B"]
    result = abc_limits([10, 60, 10, 20], method="computed")
    assert (result.ab_threshold, result.bc_threshold) == (60, 20)
    assert result.break_even_point == pytest.approx((1 / 4, 3 / 5))


def test_clients_without_revenue_add_effort_but_no_yield():
    # 100, 0, 0, 0, 0: corners (0, 0), (1/5, 1), then flat at 1.
    # Pareto point: first segment d = (1/5, 1), t = 1 / (1/25 + 1) = 25/26
    #   -> (5/26, 25/26), squared distance 25/676 + 1/676 = 1/26 < 1/25 (the corner).
    # Break-even: mean 100/5 = 20, only the 100 reaches it -> (1/5, 1); it comes after
    #   5/26, and (1/5, 1) is on the curve, so it is its own nearest point: submarginal.
    # Clients: 5/26 × 5 = 0.96 -> 1 in A; 1/5 × 5 = 1 -> nobody in B.
    limits = computed_limits(np.array([100.0]), 5)
    assert limits.pareto == pytest.approx((5 / 26, 25 / 26))
    assert limits.break_even == pytest.approx((1 / 5, 1))
    assert limits.submarginal == pytest.approx((1 / 5, 1))
    assert abc_classes([0, 100, 0, -3, 0, None], method="computed") == [
        "C", "A", "C", "C", "C", None]


def test_equal_revenue_is_the_diagonal():
    # y = p: nearest to (0, 1) is (1/2, 1/2); the slope is 1 everywhere and every client
    # reaches the mean, so the break-even point is (1, 1), and so is the submarginal
    # point. 2 of 4 clients before the A/B limit, and ties make all four A.
    limits = computed_limits(np.array([5.0] * 4), 4)
    assert limits.pareto == pytest.approx((1 / 2, 1 / 2))
    assert limits.break_even == pytest.approx((1, 1))
    assert limits.submarginal == pytest.approx((1, 1))
    assert (limits.a_clients, limits.ab_clients) == (2, 4)
    assert abc_classes([5.0] * 4, method="computed") == ["A"] * 4


def test_single_client_is_a():
    # the diagonal again with n = 1: Pareto point (1/2, 1/2), half the client's step,
    # which rounds up: the client is A.
    assert abc_classes([7.0], method="computed") == ["A"]


def test_curve_corners():
    # 3 and 1 among three clients (the third without revenue): yields 0, 3/4, 1, 1
    effort, gained = abc_curve(np.array([3.0, 1.0]), 3)
    assert effort.tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert gained.tolist() == pytest.approx([0, 3 / 4, 1, 1])


def test_curve_and_limits_check_what_they_are_given():
    # Public building blocks: called with anything, they say what is wrong
    cases = [
        (([3.0, "abc"], 2), "descending, row 2: 'abc' is not a number"),
        (([], 2), "descending: has no values"),
        (([3.0, 0.0], 2), "descending, row 2: 0 must be greater than 0"),
        (([1.0, 3.0], 2), "descending, row 2: 3 is more than the value before (1); "
                          "give them largest first"),
        (([3.0, 1.0], 1), "clients: 1 is outside 2 to 100000000"),
        (([3.0, 1.0], 2.5), "clients: 2.5 is not a whole number"),
        (([3.0, 1.0], 1e12), "clients: 1e+12 is outside 2 to 100000000"),
    ]
    for function in (abc_curve, computed_limits):
        for args, message in cases:
            with pytest.raises(XlsalesError) as caught:
                function(*args)
            assert caught.value.message("en") == message
    # a list is as good as an array: 3 and 1 among three clients, as above
    assert computed_limits([3.0, 1.0], 3.0) == computed_limits(np.array([3.0, 1.0]), 3)

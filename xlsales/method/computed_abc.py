"""Computed ABC limits: where the data itself puts the A/B and B/C cut-offs.

The fixed 80 % / 95 % cut-offs are a convention. Ultsch and Lötsch derive the limits from
the shape of the ABC curve instead: A. Ultsch, J. Lötsch, "Computed ABC Analysis for
Rational Selection of Most Informative Variables in Multivariate Data", PLoS One 10(6):
e0129767, 2015, doi:10.1371/journal.pone.0129767; the CRAN package ABCanalysis (reference
manual, version 1.2.1) documents the same points. This module is written from those texts.

Steps, and where each comes from:

1. The ABC curve (paper; manual, ``ABCcurve``): clients sorted by revenue, largest first;
   effort p = share of clients taken, yield = their cumulative share of revenue. The
   curve runs from (0, 0) to (1, 1). Clients with zero or negative revenue add effort
   but no yield (the manual's ``CleanedData`` counts them as 0).
   *Interpolation (our choice)*: the package evaluates a spline on a grid of 101 or 1001
   efforts; we join the clients' points with straight lines instead, which is exact for
   the data (taking part of a client's step yields that part of its revenue), needs no
   grid, and keeps a million clients to a few vector operations.
2. Pareto point (paper; manual, ``Details``: "minimum distance to (0,1) = minimal
   unrealized potential"): the point of the curve nearest to the ideal point (0, 1),
   all the yield for no effort. The squared distance is convex along a concave curve,
   so the nearest point of the polyline is its global minimum.
3. Break-even point (paper; manual: "the slope of ABCcurve equals one"): where one more
   share of clients brings the same share of revenue. A client's step has slope
   revenue / mean revenue, so on our curve it is the point after the last client whose
   revenue reaches the mean (within 1e-9, as everywhere in xlsales).
4. A/B limit (paper; manual, ``ABexchanged``: the A point is the Pareto point or the
   break-even point): whichever of the two comes first, i.e. has the smaller effort.
5. Submarginal point, the B/C limit (paper; manual, value ``C``): the point of the curve
   nearest to (x, 1), where x is the effort of the other of the two points above. Past
   it, more clients bring almost nothing.
6. Clients (our rule, the curve being continuous and clients whole): a client is on the
   better side of a limit when at least half of its step lies before the limit, i.e.
   round(effort × clients) clients, half up; class A has at least one client.
   ``xlsales.method.abc`` then turns these counts into revenue thresholds with the same tie
   rule as the fixed cut-offs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from xlsales.common.errors import XlsalesError
from xlsales.common.values import to_number, to_numbers

__all__ = ["MAX_CLIENTS", "ComputedLimits", "abc_curve", "computed_limits"]

# "Reaches" in xlsales: within 1e-9 of the total (see xlsales.method.abc).
TOLERANCE = 1e-9
# The curve holds a point per client: a count beyond any portfolio (typed by mistake)
# would fill the memory before failing.
MAX_CLIENTS = 10**8

Point = tuple[float, float]


@dataclass(frozen=True)
class ComputedLimits:
    """The three points of the ABC curve (effort, yield) and the client counts they give.

    ``a_clients`` is how many of the largest clients lie before the A/B limit and
    ``ab_clients`` how many lie before the B/C limit (so B has ``ab_clients - a_clients``),
    before ties are settled.
    """

    pareto: Point
    break_even: Point
    submarginal: Point
    a_clients: int
    ab_clients: int


def abc_curve(descending: Any, clients: Any) -> tuple[np.ndarray, np.ndarray]:
    """The ABC curve's corners: effort k / clients and yield for k = 0 .. clients.

    ``descending`` holds the positive revenues, largest first; ``clients`` counts them and
    the clients with zero or negative revenue, who come last and add no yield.
    """
    return _curve(*_ranked(descending, clients))


def _ranked(descending: Any, clients: Any) -> tuple[np.ndarray, int]:
    """The two arguments checked: these functions are public, called with any values."""
    revenue = to_numbers(descending, "descending", blank_ok=False)
    if revenue.size == 0:
        raise XlsalesError("descending", "empty")
    if not revenue[-1] > 0:  # largest first, so the last is the smallest
        row = int(np.argmax(revenue <= 0))
        raise XlsalesError("descending", "not_positive", row=row + 1, value=revenue[row])
    grows = np.flatnonzero(revenue[1:] > revenue[:-1])
    if grows.size:
        row = int(grows[0]) + 1
        raise XlsalesError("descending", "not_descending", row=row + 1, value=revenue[row],
                           previous_value=revenue[row - 1])
    count = to_number(clients, "clients")
    if not count.is_integer():
        raise XlsalesError("clients", "not_integer", value=clients)
    if not revenue.size <= count <= MAX_CLIENTS:
        raise XlsalesError("clients", "range", value=clients, low=revenue.size,
                           high=MAX_CLIENTS)
    return revenue, int(count)


def _curve(descending: np.ndarray, clients: int) -> tuple[np.ndarray, np.ndarray]:
    effort = np.arange(clients + 1, dtype=np.float64) / clients
    gained = np.ones(clients + 1)
    gained[0] = 0.0
    cumulative = np.cumsum(descending)
    gained[1:descending.size + 1] = cumulative / cumulative[-1]
    return effort, gained


def computed_limits(descending: Any, clients: Any) -> ComputedLimits:
    """The Ultsch & Lötsch limits for positive revenues sorted largest first.

    ``clients`` counts every classified client (zero and negative revenue included).
    """
    descending, clients = _ranked(descending, clients)
    effort, gained = _curve(descending, clients)
    pareto = _nearest(effort, gained, 0.0, 1.0)
    mean = descending.sum() / clients
    above_mean = int(np.count_nonzero(descending >= mean * (1 - TOLERANCE)))
    break_even = (float(effort[above_mean]), float(gained[above_mean]))
    first, other = sorted((pareto, break_even))
    submarginal = _nearest(effort, gained, other[0], 1.0)
    a_clients = min(max(_whole_clients(first[0], clients), 1), descending.size)
    ab_clients = min(max(_whole_clients(submarginal[0], clients), a_clients),
                     descending.size)
    return ComputedLimits(pareto, break_even, submarginal, a_clients, ab_clients)


def _nearest(effort: np.ndarray, gained: np.ndarray, x: float, y: float) -> Point:
    """The point of the polyline through (effort, gained) nearest to (x, y)."""
    dx = np.diff(effort)
    dy = np.diff(gained)
    along = ((x - effort[:-1]) * dx + (y - gained[:-1]) * dy) / (dx * dx + dy * dy)
    np.clip(along, 0.0, 1.0, out=along)
    px = effort[:-1] + along * dx
    py = gained[:-1] + along * dy
    best = int(np.argmin((px - x) ** 2 + (py - y) ** 2))
    return float(px[best]), float(py[best])


def _whole_clients(share: float, clients: int) -> int:
    """How many clients have at least half their step before ``share`` of the clients."""
    return math.floor(share * clients + 0.5)

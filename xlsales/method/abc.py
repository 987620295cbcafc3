"""ABC analysis of the client portfolio (METHOD.md §2): A big, B medium, C small clients.

"Determine the A, B, C thresholds and identify the clients": the deck's question, answered
as two revenue thresholds t_A ≥ t_B. A client is A when its revenue ≥ t_A, B when
t_B ≤ revenue < t_A, C otherwise, and always C when its revenue is 0 or negative. The
template workbook computes the same two numbers with native formulas (a bisection over
LARGE/SUMIF), so the definition stays literally threshold-based:

- ``method="pareto"`` (fixed cut-offs, default 80 % / 95 %): t_A is the largest revenue t
  such that the clients with revenue ≥ t together *reach* ``a_share`` of the total, and
  t_B the same for ``b_share``. Sorting clients largest first, that is the revenue of
  the last of the fewest clients reaching the share; clients with equal revenue fall on
  the same side of a threshold, so a tie group always takes the class of its first
  member. "Reaches" allows 1e-9 of the total, so 80 of 100 reaches 80 % whatever the
  float rounding.
- ``method="computed"`` (Ultsch & Lötsch's computed ABC analysis, see
  ``xlsales.method.computed_abc``): the limits come from the shape of the ABC curve; t_A and t_B
  are the revenues of the last client before each limit, with the same tie rule.

Rules where METHOD.md is silent: blanks are neither classified nor counted; the total is
the sum of positive revenues; clients with zero or negative revenue count as clients (in
shares of clients and on the ABC curve's effort axis) with no revenue; negative revenue
is reported apart (count and sum) and left out of every revenue figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, label_key, say
from xlsales.common.shapes import align
from xlsales.common.values import to_numbers, to_share
from xlsales.method.computed_abc import computed_limits

__all__ = [
    "CLASSES",
    "LABELS",
    "METHODS",
    "AbcLimits",
    "RankedRevenue",
    "abc_classes",
    "abc_limits",
    "abc_summary",
    "in_portfolio",
    "outside_portfolio",
    "ranked_revenue",
]

# "Reaches" a share: within 1e-9 of the total (docs/architecture.md); the template's
# formulas use the same tolerance.
TOLERANCE = 1e-9

CLASSES = ("A", "B", "C")

METHODS = {
    "pareto": {"en": "Pareto", "fr": "Pareto"},
    "computed": {"en": "computed", "fr": "calculé"},
}
# Also read as the computed method: "méthode calculée", as the template's caption says
_METHOD_WORDS = {**METHODS, "computed": {**METHODS["computed"], "fem": "calculée",
                                         "ul": "Ultsch-Lötsch"}}

LABELS = {
    "A": {"en": "A", "fr": "A"},
    "B": {"en": "B", "fr": "B"},
    "C": {"en": "C", "fr": "C"},
    "Total": {"en": "Total", "fr": "Total"},
    "class": {"en": "Class", "fr": "Classe"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "clients_share": {"en": "Share of clients", "fr": "Part des clients"},
    "revenue": {"en": "Revenue", "fr": "Chiffre d'affaires"},
    "revenue_share": {"en": "Share of revenue", "fr": "Part du CA"},
    "mean": {"en": "Mean revenue per client", "fr": "CA moyen par client"},
    "figure": {"en": "Figure", "fr": "Indicateur"},
    "value": {"en": "Value", "fr": "Valeur"},
    "method": {"en": "Method", "fr": "Méthode"},
    "a_share": {"en": "Share of revenue aimed at for A", "fr": "Part du CA visée pour A"},
    "b_share": {
        "en": "Share of revenue aimed at for A + B",
        "fr": "Part du CA visée pour A + B",
    },
    "total": {"en": "Revenue (positive total)", "fr": "CA (total positif)"},
    "ab_client_share": {
        "en": "A/B limit: cumulative share of clients",
        "fr": "Limite A/B : part cumulée des clients",
    },
    "ab_revenue_share": {
        "en": "A/B limit: cumulative share of revenue",
        "fr": "Limite A/B : part cumulée du CA",
    },
    "ab_threshold": {
        "en": "A/B limit: revenue threshold (smallest A client)",
        "fr": "Limite A/B : seuil de CA (plus petit client A)",
    },
    "bc_client_share": {
        "en": "B/C limit: cumulative share of clients",
        "fr": "Limite B/C : part cumulée des clients",
    },
    "bc_revenue_share": {
        "en": "B/C limit: cumulative share of revenue",
        "fr": "Limite B/C : part cumulée du CA",
    },
    "bc_threshold": {
        "en": "B/C limit: revenue threshold (smallest A or B client)",
        "fr": "Limite B/C : seuil de CA (plus petit client A ou B)",
    },
    "pareto_effort": {
        "en": "Pareto point: share of clients",
        "fr": "Point de Pareto : part des clients",
    },
    "pareto_yield": {
        "en": "Pareto point: share of revenue",
        "fr": "Point de Pareto : part du CA",
    },
    "break_even_effort": {
        "en": "Break-even point: share of clients",
        "fr": "Point d'équilibre : part des clients",
    },
    "break_even_yield": {
        "en": "Break-even point: share of revenue",
        "fr": "Point d'équilibre : part du CA",
    },
    "submarginal_effort": {
        "en": "Submarginal point: share of clients",
        "fr": "Point submarginal : part des clients",
    },
    "submarginal_yield": {
        "en": "Submarginal point: share of revenue",
        "fr": "Point submarginal : part du CA",
    },
    "negative_clients": {
        "en": "Clients with negative revenue (class C)",
        "fr": "Clients à CA négatif (classe C)",
    },
    "negative_total": {
        "en": "Negative revenue (left out of the total)",
        "fr": "CA négatif (exclu du total)",
    },
    "outside": {
        "en": "Not in portfolio N: net revenue 0 or below",
        "fr": "Hors portefeuille N : CA net nul ou négatif",
    },
}

Point = tuple[float, float]


@dataclass(frozen=True, eq=False)
class RankedRevenue:
    """Revenues read once for the ABC analysis.

    ``revenue`` is every value in input order (NaN = blank); ``descending`` the positive
    ones, largest first, and ``cumulative`` their running sum; ``clients`` counts the
    non-blank values, ``total`` the positive revenue.
    """

    revenue: np.ndarray
    descending: np.ndarray
    cumulative: np.ndarray
    clients: int
    total: float
    negative_clients: int
    negative_total: float


@dataclass(frozen=True)
class AbcLimits:
    """Where the A/B and B/C limits fall, after ties are settled.

    For each limit: the cumulative share of clients and of revenue of the clients above
    it, and the revenue threshold (revenue of the smallest client above it). The curve
    points (effort, yield) are set for ``method="computed"`` only; ``a_share`` and
    ``b_share`` for ``method="pareto"`` only.
    """

    method: str
    a_share: float | None
    b_share: float | None
    clients: int
    total: float
    ab_client_share: float
    ab_revenue_share: float
    ab_threshold: float
    bc_client_share: float
    bc_revenue_share: float
    bc_threshold: float
    pareto_point: Point | None
    break_even_point: Point | None
    submarginal_point: Point | None
    negative_clients: int
    negative_total: float

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """Two columns, figure and value, one row per figure (index: English keys)."""
        lang = check_lang(lang)
        rows: dict[str, Any] = {"method": say(METHODS, self.method, lang)}
        if self.method == "pareto":
            rows.update(a_share=self.a_share, b_share=self.b_share)
        rows.update(
            clients=self.clients, total=self.total,
            ab_client_share=self.ab_client_share, ab_revenue_share=self.ab_revenue_share,
            ab_threshold=self.ab_threshold, bc_client_share=self.bc_client_share,
            bc_revenue_share=self.bc_revenue_share, bc_threshold=self.bc_threshold,
        )
        for name, point in (("pareto", self.pareto_point),
                            ("break_even", self.break_even_point),
                            ("submarginal", self.submarginal_point)):
            if point is not None:
                rows[f"{name}_effort"], rows[f"{name}_yield"] = point
        rows.update(negative_clients=self.negative_clients,
                    negative_total=self.negative_total)
        index = pd.Index(list(rows), name="key")
        return pd.DataFrame(
            {say(LABELS, "figure", lang): [say(LABELS, key, lang) for key in rows],
             say(LABELS, "value", lang): pd.Series(list(rows.values()), index=index,
                                                   dtype=object)},
            index=index,
        )


def abc_classes(values: Any, a_share: Any = 0.8, b_share: Any = 0.95,
                method: str = "pareto") -> Any:
    """Class "A", "B" or "C" of each client, in input order and shape; None for a blank.

    ``values`` is one revenue per client: a scalar, list, array, Series or a dict
    (client -> revenue, answered client -> class).
    """
    a, b, method = _parameters(a_share, b_share, method)
    (flat,), restore = align(values=values)
    ranked = ranked_revenue(flat)
    top, low = _thresholds(ranked, a, b, method)[:2]
    return restore(np.array([*CLASSES, None], dtype=object)[_class_codes(ranked, top, low)])


def abc_limits(values: Any, a_share: Any = 0.8, b_share: Any = 0.95,
               method: str = "pareto") -> AbcLimits:
    """The A/B and B/C limits of the clients' revenues (see ``AbcLimits``)."""
    a, b, method = _parameters(a_share, b_share, method)
    ranked = ranked_revenue(values)
    top, low, points = _thresholds(ranked, a, b, method)
    ab_count, ab_revenue = _above(ranked, top)
    bc_count, bc_revenue = _above(ranked, low)
    pareto, break_even, submarginal = points if points else (None, None, None)
    return AbcLimits(
        method=method,
        a_share=a if method == "pareto" else None,
        b_share=b if method == "pareto" else None,
        clients=ranked.clients, total=ranked.total,
        ab_client_share=ab_count / ranked.clients,
        ab_revenue_share=ab_revenue / ranked.total, ab_threshold=top,
        bc_client_share=bc_count / ranked.clients,
        bc_revenue_share=bc_revenue / ranked.total, bc_threshold=low,
        pareto_point=pareto, break_even_point=break_even, submarginal_point=submarginal,
        negative_clients=ranked.negative_clients, negative_total=ranked.negative_total,
    )


def abc_summary(values: Any, a_share: Any = 0.8, b_share: Any = 0.95,
                method: str = "pareto") -> pd.DataFrame:
    """Clients and revenue per class: rows A, B, C, Total; English keys (see LABELS).

    Columns: clients, clients_share, revenue, revenue_share, mean (revenue / clients,
    NaN for an empty class). Negative revenue counts as 0 here, as in the total.
    """
    a, b, method = _parameters(a_share, b_share, method)
    ranked = ranked_revenue(values)
    top, low = _thresholds(ranked, a, b, method)[:2]
    codes = _class_codes(ranked, top, low)
    present = codes < len(CLASSES)
    gained = np.clip(ranked.revenue[present], 0.0, None)
    clients = np.bincount(codes[present], minlength=len(CLASSES))
    revenue = np.bincount(codes[present], weights=gained, minlength=len(CLASSES))
    clients = np.append(clients, ranked.clients)
    revenue = np.append(revenue, ranked.total)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(clients > 0, revenue / clients, np.nan)
    return pd.DataFrame(
        {"clients": clients.astype(np.int64),
         "clients_share": clients / ranked.clients,
         "revenue": revenue,
         "revenue_share": revenue / ranked.total,
         "mean": mean},
        index=pd.Index([*CLASSES, "Total"], name="class"),
    )


def ranked_revenue(values: Any) -> RankedRevenue:
    """Read the clients' revenues and rank the positive ones, largest first.

    Raises XlsalesError when no value is given or the positive total is not above 0.
    """
    revenue = to_numbers(values, "values")
    present = ~np.isnan(revenue)
    clients = int(np.count_nonzero(present))
    if clients == 0:
        raise XlsalesError("values", "empty")
    positive = revenue[revenue > 0]
    if positive.size == 0:
        raise XlsalesError("values", "no_total")
    descending = np.sort(positive)[::-1]
    with np.errstate(over="ignore"):
        cumulative = np.cumsum(descending)
    if np.isinf(cumulative[-1]):  # every share would read 0: "neither fragile nor dispersed"
        raise XlsalesError("values", "sum_too_large")
    negative = revenue[revenue < 0]
    return RankedRevenue(
        revenue=revenue, descending=descending, cumulative=cumulative, clients=clients,
        total=float(cumulative[-1]), negative_clients=int(negative.size),
        negative_total=float(negative.sum()),
    )


def _parameters(a_share: Any, b_share: Any, method: str) -> tuple[float, float, str]:
    a = to_share(a_share, "a_share")
    b = to_share(b_share, "b_share")
    if a >= b:
        raise XlsalesError("a_share", "not_below", value=a_share, other="b_share",
                           other_value=b_share)
    key = label_key(_METHOD_WORDS, method) if isinstance(method, str) else None
    if key is None:
        raise XlsalesError("method", "choice", value=method,
                           choices="pareto, computed (calculé)")
    return a, b, key


def _thresholds(ranked: RankedRevenue, a: float, b: float,
                method: str) -> tuple[float, float, tuple[Point, Point, Point] | None]:
    """t_A, t_B and, for the computed method, the curve's three points."""
    if method == "computed":
        limits = computed_limits(ranked.descending, ranked.clients)
        return (float(ranked.descending[limits.a_clients - 1]),
                float(ranked.descending[limits.ab_clients - 1]),
                (limits.pareto, limits.break_even, limits.submarginal))
    return _reaching(ranked, a), _reaching(ranked, b), None


def _reaching(ranked: RankedRevenue, share: float) -> float:
    """Revenue of the last of the fewest largest clients that reach ``share`` of the total."""
    target = (share - TOLERANCE) * ranked.total
    last = int(np.searchsorted(ranked.cumulative, target, side="left"))
    return float(ranked.descending[min(last, ranked.descending.size - 1)])


def _above(ranked: RankedRevenue, threshold: float) -> tuple[int, float]:
    """How many clients have revenue ≥ threshold, and their revenue."""
    count = ranked.descending.size - int(
        np.searchsorted(ranked.descending[::-1], threshold, side="left"))
    return count, float(ranked.cumulative[count - 1])


def _class_codes(ranked: RankedRevenue, top: float, low: float) -> np.ndarray:
    """0, 1, 2 for A, B, C and 3 for a blank; t_B > 0, so revenue ≤ 0 is C."""
    revenue = ranked.revenue
    codes = np.full(revenue.size, len(CLASSES), dtype=np.int8)
    codes[~np.isnan(revenue)] = 2
    codes[revenue >= low] = 1
    codes[revenue >= top] = 0
    return codes


@dataclass(frozen=True)
class OutsidePortfolio:
    """The clients with a revenue N of 0 or below: not in portfolio N, so out of the ABC
    table's classes and shares, shown on their own line. ``negative_*`` are those below 0
    (credit notes above purchases)."""

    clients: int
    revenue: float
    negative_clients: int
    negative_total: float


def in_portfolio(values: Any) -> np.ndarray:
    """The revenues of portfolio N (above 0); NaN for the others, which the ABC analysis
    then neither classifies nor counts. The portfolio bridge counts the same clients
    (``portfolio.is_client``), so the ABC table, the Portfolio sheet and the terminal
    agree on how many clients N has."""
    revenue = to_numbers(values, "values")
    positive = revenue > 0
    if not positive.any() and (~np.isnan(revenue)).any():
        raise XlsalesError("values", "no_total")  # revenues, none of them a sale
    return np.where(positive, revenue, np.nan)


def outside_portfolio(values: Any) -> OutsidePortfolio:
    """Count and revenue of the clients whose revenue is a number of 0 or below."""
    revenue = to_numbers(values, "values")
    low = revenue[revenue <= 0]
    negative = low[low < 0]
    return OutsidePortfolio(int(low.size), float(low.sum()), int(negative.size),
                            float(negative.sum()))

"""The probability that a client still buys: the BG/NBD model (METHOD.md §10).

French: probabilité d'achat futur (client « encore vivant »). Written from the paper:
Fader, Hardie & Lee, "Counting Your Customers the Easy Way: An Alternative to the
Pareto/NBD Model", Marketing Science 24(2), 2005, and its companion note "Implementing the
BG/NBD Model for Customer Base Analysis in Excel". While alive, a client buys at a rate
λ ~ Gamma(r, α); after each purchase it drops out with probability p ~ Beta(a, b).

Per client: x = repeat purchase days (purchase days − 1), t_x = weeks from the first to
the last purchase, T = weeks from the first purchase to today (``bgnbd_inputs`` makes
them from ``rhythm.purchase_day_summary``).

Rules where the paper is silent or where we chose:
- A purchase is a purchase day (METHOD.md §10), not an invoice: two invoices of one day are
  one purchase. On the paper's CDNOW sample this is also what reproduces its Table
  (r 0.243, α 4.414, a 0.793, b 2.426, LL −9,582.4): the data holds several transactions
  on some days, and counting them apart gives other figures.
- Time is in weeks, as in the paper, so α reads like the paper's.
- The fit maximises the log-likelihood (paper eq. 6) over log-parameters with L-BFGS-B
  and the analytic gradient, clients with identical (x, t_x, T) grouped with their count.
  Fewer than ``MIN_REPEAT_BUYERS`` (20) clients with x > 0, a fit that does not converge
  or a parameter running to its limit (1e-6 or 1e6: a dropout that never happens, a rate
  with no spread) is an XlsalesError ("too_few_repeat_buyers", "no_fit"), so the caller
  falls back on the rhythm rule rather than show a number without meaning.
- Expected purchases (paper eq. 10) need the hypergeometric function 2F1(r+x, b+x;
  a+b+x−1; z), z = t/(α+T+t). Its series converges slowly as z nears 1 and its terms
  grow with x; Euler's transformation 2F1(A, B; C; z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z)
  gives 2F1(a+b−1−r, a−1; a+b+x−1; z), whose terms shrink like k^(a−r−x−2) zᵏ, and turns
  the formula into (a+b+x−1)/(a−1) · [1 − (1−z)^(a−1) · 2F1(...)] / (1 + δ·…). When
  scipy's 2F1 still gives no finite value, the series is summed here; if that does not
  settle either, the horizon is refused ("forecast_diverges"). At a = 1 exactly the
  formula is 0/0: a is moved 1e-7 away, a change far below the figures shown.
- Revenue at risk = revenue of the last twelve months × (1 − P(alive)); a blank revenue
  gives a blank.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.dates import parse_date
from xlsales.common.errors import XlsalesError
from xlsales.common.shapes import align
from xlsales.common.values import to_numbers


# scipy is imported on first use: a report that never fits the model (a refused file, a
# template) does not pay its 40 MB and its import time
def minimize(*args: Any, **kwargs: Any) -> Any:
    from scipy.optimize import minimize as scipy_minimize

    return scipy_minimize(*args, **kwargs)


def betaln(a: Any, b: Any) -> Any:
    from scipy.special import betaln as f

    return f(a, b)


def digamma(x: Any) -> Any:
    from scipy.special import digamma as f

    return f(x)


def gammaln(x: Any) -> Any:
    from scipy.special import gammaln as f

    return f(x)


def hyp2f1(a: Any, b: Any, c: Any, z: Any) -> Any:
    from scipy.special import hyp2f1 as f

    return f(a, b, c, z)


__all__ = [
    "LABELS",
    "MIN_REPEAT_BUYERS",
    "BgnbdFit",
    "bgnbd_inputs",
    "bgnbd_log_likelihood",
    "expected_purchases",
    "fit_bgnbd",
    "p_alive",
    "revenue_at_risk",
]

MIN_REPEAT_BUYERS = 20
_LOW, _HIGH = math.log(1e-6), math.log(1e6)

LABELS = {
    "x": {"en": "Repeat purchase days", "fr": "Jours d'achat répétés"},
    "t_x": {"en": "Weeks from first to last purchase",
            "fr": "Semaines du premier au dernier achat"},
    "T": {"en": "Weeks since the first purchase", "fr": "Semaines depuis le premier achat"},
    "p_alive": {"en": "Probability of still buying", "fr": "Probabilité d'achat futur"},
    "expected_purchases": {"en": "Expected purchase days", "fr": "Jours d'achat attendus"},
    "revenue_at_risk": {"en": "Revenue at risk", "fr": "CA à risque"},
    "log_likelihood": {"en": "Log-likelihood", "fr": "Log-vraisemblance"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "repeat_buyers": {"en": "Clients who bought again", "fr": "Clients ayant racheté"},
}


@dataclass(frozen=True)
class BgnbdFit:
    """The fitted BG/NBD: purchase rate λ ~ Gamma(r, alpha) per week while alive, dropout
    after each purchase p ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    clients: int
    repeat_buyers: int

    @property
    def params(self) -> tuple[float, float, float, float]:
        return (self.r, self.alpha, self.a, self.b)

    def p_alive(self, x: Any, t_x: Any, T: Any) -> Any:
        return p_alive(self.params, x, t_x, T)

    def expected_purchases(self, t: Any, x: Any, t_x: Any, T: Any) -> Any:
        return expected_purchases(self.params, t, x, t_x, T)


def bgnbd_inputs(summary: pd.DataFrame, today: Any) -> pd.DataFrame:
    """x, t_x and T (weeks) per client from ``rhythm.purchase_day_summary``."""
    day = parse_date(today, "today")
    if day is None:
        raise XlsalesError("today", "blank")
    first = pd.to_datetime(summary["first_purchase"]).dt.normalize()
    last = pd.to_datetime(summary["last_purchase"]).dt.normalize()
    week = pd.Timedelta(days=7)
    return pd.DataFrame({
        "x": summary["purchase_days"].to_numpy(dtype=np.int64) - 1,
        "t_x": ((last - first) / week).to_numpy(dtype=np.float64),
        "T": ((pd.Timestamp(day).normalize() - first) / week).to_numpy(dtype=np.float64),
    }, index=summary.index)


def bgnbd_log_likelihood(params: Any, x: Any, t_x: Any, T: Any) -> np.ndarray:
    """ln L of each client (paper eq. 6) under params (r, alpha, a, b)."""
    r, alpha, a, b = _params(params)
    xs, tx, tt = _clients(x, t_x, T)
    return _log_likelihood(r, alpha, a, b, xs, tx, tt)


def fit_bgnbd(x: Any, t_x: Any, T: Any, *,
              min_repeat_buyers: int = MIN_REPEAT_BUYERS) -> BgnbdFit:
    """Maximum-likelihood r, alpha, a, b over all clients (see the module's rules)."""
    xs, tx, tt = _clients(x, t_x, T)
    repeat = int(np.count_nonzero(xs > 0))
    if repeat < min_repeat_buyers:
        raise XlsalesError("x", "too_few_repeat_buyers", n=min_repeat_buyers, m=repeat)
    groups = pd.DataFrame({"x": xs, "t_x": tx, "T": tt}).value_counts(sort=False)
    frame = groups.index.to_frame(index=False)
    objective = _Objective(frame["x"].to_numpy(), frame["t_x"].to_numpy(),
                           frame["T"].to_numpy(), groups.to_numpy(dtype=np.float64))
    start = np.log([1.0, max(tt.mean() / max(xs.mean(), 1e-3), 1e-3), 1.0, 1.0])
    start = np.clip(start, _LOW + 1, _HIGH - 1)
    bounds = [(_LOW, _HIGH)] * 4
    options = {"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9}
    with np.errstate(all="ignore"):
        result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                          options=options)
        if not result.success:  # a rough start: walk without gradients, then polish
            rough = minimize(lambda q: objective(q)[0], start, method="Nelder-Mead",
                             options={"maxiter": 4000, "xatol": 1e-6, "fatol": 1e-10})
            result = minimize(objective, np.clip(rough.x, _LOW, _HIGH), jac=True,
                              method="L-BFGS-B", bounds=bounds, options=options)
    q = result.x
    if (not result.success or not np.all(np.isfinite(q)) or not math.isfinite(result.fun)
            or np.any(q <= _LOW + 1e-3) or np.any(q >= _HIGH - 1e-3)):
        raise XlsalesError("x", "no_fit")
    r, alpha, a, b = (float(v) for v in np.exp(q))
    return BgnbdFit(r=r, alpha=alpha, a=a, b=b,
                    log_likelihood=-float(result.fun) * objective.total,
                    clients=int(xs.size), repeat_buyers=repeat)


def p_alive(params: Any, x: Any, t_x: Any, T: Any) -> Any:
    """P(still buying) = 1 / (1 + [x>0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), per client;
    in the shape of ``x``."""
    r, alpha, a, b = _params(params)
    (fx, ftx, ft), restore = align(x=x, t_x=t_x, T=T)
    xs, tx, tt = _clients(fx, ftx, ft)
    return restore(np.exp(-_odds_log1p(r, alpha, a, b, xs, tx, tt)))


def expected_purchases(params: Any, t: Any, x: Any, t_x: Any, T: Any) -> Any:
    """Expected purchase days in the next ``t`` weeks of a client with (x, t_x, T)
    (paper eq. 10), in the shape of the first column given."""
    r, alpha, a, b = _params(params)
    (ft, fx, ftx, fT), restore = align(t=t, x=x, t_x=t_x, T=T)
    horizon = to_numbers(ft, "t", blank_ok=False, negative_ok=False)
    xs, tx, tt = _clients(fx, ftx, fT)
    if abs(a - 1) < 1e-7:
        a = 1 + math.copysign(1e-7, a - 1)
    z = horizon / (alpha + tt + horizon)
    c = a + b + xs - 1
    with np.errstate(all="ignore"):
        series = hyp2f1(a + b - 1 - r, a - 1, c, z)
        bad = ~np.isfinite(series)
        if bad.any():
            series[bad] = _hyp2f1_series(a + b - 1 - r, a - 1, c[bad], z[bad])
        bad = ~np.isfinite(series)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise XlsalesError("t", "forecast_diverges", row=i + 1 if horizon.size > 1 else None,
                               value=float(horizon[i]))
        front = c / (a - 1) * (1 - np.exp((a - 1) * np.log1p(-z)) * series)
        out = front * np.exp(-_odds_log1p(r, alpha, a, b, xs, tx, tt))
    return restore(np.where(horizon == 0, 0.0, out))


def revenue_at_risk(revenue_12m: Any, alive: Any) -> Any:
    """Revenue of the last twelve months × (1 − P(alive)), elementwise; blank stays blank."""
    (rev, prob), restore = align(revenue_12m=revenue_12m, p_alive=alive)
    revenue = to_numbers(rev, "revenue_12m")
    p = to_numbers(prob, "p_alive")
    outside = (p < 0) | (p > 1)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise XlsalesError("p_alive", "range", row=i + 1 if p.size > 1 else None,
                           value=prob[i], low=0, high=1)
    return restore(revenue * (1 - p))


class _Objective:
    """−ln L / clients and its gradient in log-parameters, over grouped clients.

    Terms depending on x only, or T only, or t_x only, are computed once per distinct
    value: a ledger has a few hundred distinct x and a few thousand distinct days.
    """

    def __init__(self, x: np.ndarray, tx: np.ndarray, tt: np.ndarray,
                 count: np.ndarray) -> None:
        self.xu, self.xi = np.unique(x, return_inverse=True)
        self.tu, self.ti = np.unique(tx, return_inverse=True)
        self.Tu, self.Ti = np.unique(tt, return_inverse=True)
        self.x, self.count, self.total = x, count, float(count.sum())
        self.repeat = x > 0
        self.wx = np.bincount(self.xi, weights=count)  # clients per distinct x

    def __call__(self, q: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = np.exp(q)
        xu, x, w, rep = self.xu, self.x, self.count, self.repeat
        ln_t = np.log(alpha + self.tu)[self.ti]
        ln_T = np.log(alpha + self.Tu)[self.Ti]
        inv_t = (1 / (alpha + self.tu))[self.ti]
        inv_T = (1 / (alpha + self.Tu))[self.Ti]
        bx1 = np.where(xu > 0, b + xu - 1, 1.0)
        by_x = (gammaln(r + xu) - gammaln(r) + r * math.log(alpha)
                + betaln(a, b + xu) - betaln(a, b))
        u = np.where(rep, (math.log(a) - np.log(bx1))[self.xi] + (r + x) * (ln_T - ln_t),
                     -np.inf)
        tail = np.logaddexp(0.0, u)
        ll = by_x[self.xi] - (r + x) * ln_T + tail
        s = np.exp(u - tail)  # the dropout-odds share, 0 for x = 0
        dr_x = digamma(r + xu) - digamma(r) + math.log(alpha)
        da_x = digamma(a + b) - digamma(a + b + xu)
        db_x = digamma(b + xu) - digamma(a + b + xu) - digamma(b) + digamma(a + b)
        d_r = (self.wx @ dr_x) + w @ (-ln_T + s * (ln_T - ln_t))
        d_alpha = (self.total * r / alpha
                   + w @ (-(r + x) * inv_T + s * (r + x) * (inv_T - inv_t)))
        d_a = (self.wx @ da_x) + w @ s / a
        d_b = (self.wx @ db_x) - w @ (s / bx1[self.xi])
        grad = -np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b]) / self.total
        value = -float(w @ ll) / self.total
        if not math.isfinite(value):
            return math.inf, np.zeros(4)
        return value, grad


def _log_likelihood(r: float, alpha: float, a: float, b: float, x: np.ndarray,
                    tx: np.ndarray, tt: np.ndarray) -> np.ndarray:
    return (gammaln(r + x) - gammaln(r) + r * math.log(alpha) + betaln(a, b + x)
            - betaln(a, b) - (r + x) * np.log(alpha + tt)
            + _odds_log1p(r, alpha, a, b, x, tx, tt))


def _odds_log1p(r: float, alpha: float, a: float, b: float, x: np.ndarray,
                tx: np.ndarray, tt: np.ndarray) -> np.ndarray:
    """ln(1 + [x>0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), in log space."""
    repeat = x > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        u = (math.log(a) - np.log(np.where(repeat, b + x - 1, 1.0))
             + (r + x) * (np.log(alpha + tt) - np.log(alpha + tx)))
    return np.logaddexp(0.0, np.where(repeat, u, -np.inf))


def _hyp2f1_series(p: float, q: float, c: np.ndarray, z: np.ndarray,
                   terms: int = 200_000) -> np.ndarray:
    """2F1(p, q; c; z) summed term by term, NaN where it has not settled."""
    out = np.full(z.shape, np.nan)
    for i in range(z.size):
        total, term, k = 1.0, 1.0, 0
        while k < terms:
            term *= (p + k) * (q + k) / ((c[i] + k) * (k + 1)) * z[i]
            total += term
            k += 1
            if abs(term) < 1e-16 * abs(total):
                out[i] = total
                break
    return out


def _params(params: Any) -> tuple[float, float, float, float]:
    if isinstance(params, BgnbdFit):
        return params.params
    values = to_numbers(params, "params", blank_ok=False)
    if values.size != 4:
        raise XlsalesError("params", "length", n=values.size, other="(r, alpha, a, b)", m=4)
    for name, value in zip(("r", "alpha", "a", "b"), values.tolist(), strict=True):
        if not value > 0:
            raise XlsalesError(name, "not_positive", value=value)
    r, alpha, a, b = values.tolist()
    return r, alpha, a, b


def _clients(x: Any, t_x: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs = to_numbers(x, "x", blank_ok=False, negative_ok=False)
    tx = to_numbers(t_x, "t_x", blank_ok=False, negative_ok=False)
    tt = to_numbers(T, "T", blank_ok=False, negative_ok=False)
    for arg, values in (("t_x", tx), ("T", tt)):
        if values.size != xs.size:
            raise XlsalesError(arg, "length", n=values.size, other="x", m=xs.size)
    if xs.size == 0:
        raise XlsalesError("x", "empty")
    whole = xs != np.floor(xs)
    if whole.any():
        i = int(np.flatnonzero(whole)[0])
        raise XlsalesError("x", "not_integer", row=i + 1, value=float(xs[i]))
    late = tx > tt + 1e-9
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise XlsalesError("t_x", "above_other", row=i + 1, value=float(tx[i]), other="T",
                           other_value=float(tt[i]))
    lone = (xs == 0) & (tx > 0)
    if lone.any():
        i = int(np.flatnonzero(lone)[0])
        raise XlsalesError("t_x", "recency_without_repeat", row=i + 1, value=float(tx[i]))
    return xs, tx, tt

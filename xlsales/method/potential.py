"""Client potential, risk and the approach each client calls for (METHOD.md §3–4).

The potential (potentiel) of a client is the revenue we would make as its only supplier.
The manager scores criteria 1–5 (5 = best for us; for risk criteria 5 = safest) and weighs
them; the weighted mean, on the same 1–5 scale, gives a level: 1 (big potential, good
accessibility, low risk), 2 or 3. Set against the revenue, the potential says how much of
the client we already have (share of wallet, part de portefeuille) and what is left to
win; with the ABC class and the risk level it picks the approach for the client.

Rules chosen where METHOD.md is silent:
- A blank score leaves its criterion out: the score is the weighted mean of the criteria
  that are filled (their weights rescaled), blank when no criterion with a weight is.
  A manager who has not scored "supplier policy" yet still gets a score from the rest.
- Level cut-offs are reached with a tolerance of 1e-9, so a weighted mean that is 3.67 on
  paper is level 1 whatever the float rounding (the same tolerance as the ABC cut-offs).
- Share of wallet is blank when the potential is blank or 0 (unknown). It is not capped:
  above 100 % it says the potential was underestimated, while the untapped potential
  stays at 0 rather than going negative. Negative revenue or potential is an error: a
  net-negative revenue (credit notes) is a ledger anomaly the ABC report already flags.
- In the approach rule an unknown share of wallet never counts as "below 50 %", so an A
  client with unknown potential is retained, not developed. A blank ABC class gives a
  blank approach, except that risk level 3 still says "secure": the risk rule comes first
  and does not depend on the class.

Results carry stable keys: levels 1–3 (labels ``potential_1`` … ``risk_3`` in ``LABELS``)
and approach keys (``APPROACHES``), each with a short label ``LABELS[key]`` and a one-line
action ``LABELS[key + "_action"]``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import label_key
from xlsales.common.shapes import Restore, align
from xlsales.common.values import as_1d, is_blank, parse_number, read_each, to_key, to_numbers

__all__ = [
    "APPROACHES",
    "LABELS",
    "LEVEL_KINDS",
    "client_approach",
    "score_level",
    "share_of_wallet",
    "to_levels",
    "untapped_potential",
    "weighted_score",
]

LEVEL_KINDS = ("potential", "accessibility", "risk")
APPROACHES = (
    "secure", "develop", "retain", "develop_selectively", "maintain", "grow", "serve_remotely",
)

LABELS: dict[str, dict[str, str]] = {
    "potential_1": {"en": "Big", "fr": "Gros"},
    "potential_2": {"en": "Medium", "fr": "Moyen"},
    "potential_3": {"en": "Small", "fr": "Petit"},
    "accessibility_1": {"en": "Good", "fr": "Bonne"},
    "accessibility_2": {"en": "Medium", "fr": "Moyenne"},
    "accessibility_3": {"en": "Very little", "fr": "Très peu"},
    "risk_1": {"en": "Low risk", "fr": "Risque faible"},
    "risk_2": {"en": "Medium risk", "fr": "Risque moyen"},
    "risk_3": {"en": "High risk", "fr": "Risque élevé"},
    "score": {"en": "Score", "fr": "Note"},
    "level": {"en": "Level", "fr": "Niveau"},
    "share_of_wallet": {"en": "Share of wallet", "fr": "Part de portefeuille"},
    "untapped_potential": {"en": "Untapped potential", "fr": "Potentiel non exploité"},
    "approach": {"en": "Approach", "fr": "Approche"},
    "secure": {"en": "Secure", "fr": "Sécuriser"},
    "secure_action": {
        "en": "check solvency, limit exposure",
        "fr": "vérifier la solvabilité, limiter l'exposition",
    },
    "develop": {"en": "Develop", "fr": "Développer"},
    "develop_action": {"en": "key-account plan", "fr": "plan grand compte"},
    "retain": {"en": "Retain", "fr": "Fidéliser"},
    "retain_action": {"en": "defend, consolidate", "fr": "défendre, consolider"},
    "develop_selectively": {"en": "Develop selectively", "fr": "Développer sélectivement"},
    "develop_selectively_action": {
        "en": "grow where the margin repays the effort",
        "fr": "développer là où la marge paie l'effort",
    },
    "maintain": {"en": "Maintain", "fr": "Maintenir"},
    "maintain_action": {
        "en": "keep the service at a controlled cost",
        "fr": "garder le service à coût maîtrisé",
    },
    "grow": {"en": "Grow", "fr": "Faire grandir"},
    "grow_action": {
        "en": "targeted offer to move it up",
        "fr": "offre ciblée pour le faire monter",
    },
    "serve_remotely": {
        "en": "Serve collectively and remotely",
        "fr": "Traiter collectivement et à distance",
    },
    "serve_remotely_action": {
        "en": "low-cost collective and remote contact",
        "fr": "contacts collectifs et à distance, à faible coût",
    },
}

# More words users type for a level; read, never shown. The deck writes "Moyen" for
# accessibility; a risk level is often written without the word "risk".
_LEVEL_ALIASES = {
    "accessibility_2": ("Moyen",),
    "risk_1": ("Low", "Faible"),
    "risk_2": ("Medium", "Moyen"),
    "risk_3": ("High", "Élevé", "Fort"),
}

_LOW, _HIGH = 1.0, 5.0
_TOLERANCE = 1e-9
_SOW_CUT = 0.5


def weighted_score(scores: Any, weights: Any) -> Any:
    """The weighted mean of criteria scored 1–5, on the same 1–5 scale.

    ``scores`` is one client's row (one score per criterion) → a float, or a table (list
    of rows, 2-D array, DataFrame: rows = clients, columns = criteria) → one score per
    client, as a list, an array or a Series with the DataFrame's index. Blank when no
    criterion with a weight is filled.
    """
    w = to_numbers(weights, "weights", blank_ok=False, negative_ok=False)
    if not (w > 0).any():
        raise XlsalesError("weights", "all_zero")
    table, restore = _score_table(scores, w.size)
    filled = ~np.isnan(table)
    weight_filled = filled @ w
    total = np.where(filled, table, 0.0) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(weight_filled > 0, total / weight_filled, math.nan)
    return restore(result)


def _score_table(scores: Any, n_criteria: int) -> tuple[np.ndarray, Restore]:
    """Scores as a clients × criteria float array (NaN = blank), checked 1–5."""
    if isinstance(scores, pd.DataFrame):
        columns: list[Any] = [scores.iloc[:, j] for j in range(scores.shape[1])]
        names = list(scores.columns)
        one_client = False
    elif isinstance(scores, np.ndarray) and scores.ndim == 2:
        columns = list(scores.T)  # numeric columns keep to_numbers' fast path
        names = list(range(1, scores.shape[1] + 1))
        one_client = False
    else:
        rows, one_client = _rows(scores)
        for i, row in enumerate(rows):
            if len(row) != n_criteria:
                raise XlsalesError("scores", "length", row=None if one_client else i + 1,
                                   n=len(row), other="weights", m=n_criteria)
        cells = np.empty((len(rows), n_criteria), dtype=object)
        cells[:] = rows
        columns = list(cells.T)
        names = list(scores.index) if isinstance(scores, pd.Series) else list(
            range(1, n_criteria + 1))
    if len(columns) != n_criteria:
        raise XlsalesError("scores", "length", n=len(columns), other="weights", m=n_criteria)
    table = np.empty((len(columns[0]), n_criteria))
    for j, column in enumerate(columns):
        try:
            table[:, j] = to_numbers(column, "scores")
        except XlsalesError as err:
            raise err.at_row(None if one_client else err.row, column=names[j]) from None
    outside = (table < _LOW) | (table > _HIGH)
    if outside.any():
        i, j = (int(k) for k in np.argwhere(outside)[0])
        raise XlsalesError("scores", "range", row=None if one_client else i + 1,
                           column=names[j], value=table[i, j], low=1, high=5)
    return table, _score_restorer(scores, one_client)


def _score_restorer(scores: Any, one_client: bool) -> Restore:
    def restore(flat: np.ndarray) -> Any:
        if one_client:
            return float(flat[0])
        if isinstance(scores, pd.DataFrame):
            return pd.Series(flat, index=scores.index)
        if isinstance(scores, np.ndarray):
            return flat
        return [float(v) for v in flat]
    return restore


def _rows(scores: Any) -> tuple[list[list[Any]], bool]:
    """A table's rows, and whether it was one client's row rather than a table."""
    if isinstance(scores, list | tuple) and any(
            isinstance(row, list | tuple | np.ndarray | pd.Series) for row in scores):
        return [list(as_1d(row)) for row in scores], False
    return [list(as_1d(scores))], True


def score_level(score: Any, cuts: Any = (3.67, 2.33)) -> Any:
    """Level 1 at a score ≥ cuts[0], 2 at ≥ cuts[1], else 3; None when blank. Elementwise."""
    cut = to_numbers(cuts, "cuts", blank_ok=False)
    if cut.size != 2:
        raise XlsalesError("cuts", "length", n=cut.size, other="(level 1, level 2)", m=2)
    if not cut[1] < cut[0]:
        raise XlsalesError("cuts", "not_below", value=cut[1], other="cuts[0]",
                           other_value=cut[0])
    (flat,), restore = align(score=score)
    s = to_numbers(flat, "score")
    outside = (s < _LOW) | (s > _HIGH)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise XlsalesError("score", "range", row=i + 1, value=s[i], low=1, high=5)
    levels = np.full(s.size, None, dtype=object)
    known = ~np.isnan(s)
    levels[known] = 3
    levels[known & (s >= cut[1] - _TOLERANCE)] = 2
    levels[known & (s >= cut[0] - _TOLERANCE)] = 1
    return restore(levels)


def share_of_wallet(revenue: Any, potential: Any) -> Any:
    """Revenue / potential: how much of the client we already have. Elementwise.

    Blank when the potential is blank or 0 (unknown); above 1 when the potential was
    underestimated.
    """
    r, p, restore = _amounts(revenue, potential)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # p like 1e-320
        return restore(np.where(p > 0, r / p, math.nan))


def untapped_potential(revenue: Any, potential: Any) -> Any:
    """Potential − revenue, at least 0: what is left to win at this client. Elementwise."""
    r, p, restore = _amounts(revenue, potential)
    return restore(np.maximum(p - r, 0.0))


def _amounts(revenue: Any, potential: Any) -> tuple[np.ndarray, np.ndarray, Restore]:
    (rev, pot), restore = align(revenue=revenue, potential=potential)
    r = to_numbers(rev, "revenue", negative_ok=False)
    p = to_numbers(pot, "potential", negative_ok=False)
    return r, p, restore


def client_approach(abc_class: Any, share_of_wallet: Any, potential_level: Any,
                    risk_level: Any) -> Any:
    """The approach METHOD.md §4 gives a client; first match wins. Elementwise.

    risk 3 → "secure"; A → "develop" below 50 % share of wallet, else "retain"; B →
    "develop_selectively" below 50 %, else "maintain"; C → "grow" below 50 % with potential
    level 1, else "serve_remotely". The share of wallet is a fraction (0.3 or "30%"),
    blank when the potential is unknown; levels are 1–3 or labels ("Gros", "High risk").
    """
    (cls, sow, pot, risk), restore = align(
        abc_class=abc_class, share_of_wallet=share_of_wallet,
        potential_level=potential_level, risk_level=risk_level)
    classes = read_each(cls, _abc_class)
    shares = to_numbers(sow, "share_of_wallet", negative_ok=False)
    potentials = to_levels(pot, "potential", "potential_level")
    risks = to_levels(risk, "risk", "risk_level")
    out = np.empty(len(classes), dtype=object)
    out[:] = [_approach(*args) for args in zip(classes, shares, potentials, risks,
                                                strict=True)]
    return restore(out)


def _approach(abc: str | None, sow: float, potential: int | None,
              risk: int | None) -> str | None:
    if risk == 3:
        return "secure"
    under_served = sow < _SOW_CUT  # False when the share of wallet is unknown (NaN)
    if abc == "A":
        return "develop" if under_served else "retain"
    if abc == "B":
        return "develop_selectively" if under_served else "maintain"
    if abc == "C":
        return "grow" if under_served and potential == 1 else "serve_remotely"
    return None


def _abc_class(value: Any, row: int) -> str | None:
    key = to_key(value, "abc_class", row)
    if key is None:
        return None
    if key.upper() not in ("A", "B", "C"):
        raise XlsalesError("abc_class", "choice", row=row, value=value, choices="A, B, C")
    return key.upper()


def to_levels(values: Any, kind: str, arg: str | None = None, *,
              first_row: int = 1) -> list[int | None]:
    """Levels 1–3 of ``kind`` ("potential", "accessibility" or "risk"); None where blank.

    A level is a number (1, 1.0 from Excel, "2") or a label in either language, any case,
    accents optional ("Gros", "big", "Tres peu"). Anything else raises the "level" problem.
    """
    if not isinstance(kind, str) or kind not in LEVEL_KINDS:
        raise XlsalesError("kind", "choice", value=kind, choices=", ".join(LEVEL_KINDS))
    arg = arg or kind
    words = {key: {**LABELS[key],
                   **{f"alias{n}": w for n, w in enumerate(_LEVEL_ALIASES.get(key, ()))}}
             for key in (f"{kind}_{level}" for level in (1, 2, 3))}

    def read(value: Any, row: int) -> int | None:
        if is_blank(value):
            return None
        level = _level(value, words)
        if level is None:
            choices = ", ".join(label for key in words for label in LABELS[key].values())
            raise XlsalesError(arg, "level", row=row, value=value, choices=choices)
        return level

    # a column repeats a few levels and labels: each is read once
    return read_each(as_1d(values), read, first_row)


def _level(value: Any, words: dict[str, dict[str, str]]) -> int | None:
    if isinstance(value, str):
        key = label_key(words, value)
        if key is not None:
            return int(key[-1])
    try:
        number = parse_number(value)
    except XlsalesError:
        return None
    return int(number) if number in (1.0, 2.0, 3.0) else None

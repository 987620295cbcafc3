"""The sales team's activity index (METHOD.md §9): quantity × orientation × efficiency.

French: indice d'activité = quantité × orientation × efficacité. Each factor is a score
from 0 to 10 (the deck's 7, 6 and 5 read as marks out of 10); a score outside that scale
is an input error, not a bigger lever. The index is a product, so raising a factor by one
point raises the index by 1/x of itself, x being that factor: the lowest factor is always
the best lever ("sur quoi agir en priorité ?").

Rules where the deck is silent:
- The relative gain is (new index − index) / index; it is blank when the index is 0 (any rise
  from 0 is not a percentage).
- ``activity_lever`` raises the lowest factor by ``step`` points, capped at 10. Ties go to
  the first in the order quantity, orientation, efficiency (any tied factor gives the
  same gain). A zero factor is the lowest, so it is the lever: it is the only one whose
  rise moves the index off 0. When the lowest factor is already 10 there is nothing to
  raise: the factor is blank and the gain 0.
- A blank score gives a blank result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, label_key, say
from xlsales.common.shapes import align
from xlsales.common.values import is_blank, read_each, to_number, to_numbers

__all__ = [
    "FACTORS",
    "LABELS",
    "SCALE_MAX",
    "ActivityChange",
    "activity_gain",
    "activity_index",
    "activity_lever",
]

FACTORS = ("quantity", "orientation", "efficiency")
SCALE_MAX = 10.0

LABELS = {
    "quantity": {"en": "Quantity", "fr": "Quantité"},
    "orientation": {"en": "Orientation", "fr": "Orientation"},
    "efficiency": {"en": "Efficiency", "fr": "Efficacité"},
    "factor": {"en": "Factor raised", "fr": "Facteur relevé"},
    "index": {"en": "Activity index", "fr": "Indice d'activité"},
    "new_index": {"en": "New activity index", "fr": "Nouvel indice d'activité"},
    "gain": {"en": "Gain", "fr": "Gain"},
}
_FACTOR_LABELS = {key: LABELS[key] for key in FACTORS}


@dataclass(frozen=True)
class ActivityChange:
    """An index before and after raising one factor, each field in the caller's shape.

    ``factor`` is a key of ``FACTORS`` (blank when nothing was raised); ``gain`` is
    relative (0.4 = +40 %).
    """

    factor: Any
    index: Any
    new_index: Any
    gain: Any

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per salesperson (or one row), columns labelled in ``lang``."""
        lang = check_lang(lang)
        factor = _column(self.factor, dtype=object).map(
            lambda key: say(LABELS, key, lang) if isinstance(key, str) else None)
        columns = {"factor": factor}
        for name in ("index", "new_index", "gain"):
            columns[name] = _column(getattr(self, name), dtype=np.float64)
        return pd.DataFrame({say(LABELS, name, lang): column
                             for name, column in columns.items()})


def activity_index(quantity: Any, orientation: Any, efficiency: Any) -> Any:
    """Quantity × orientation × efficiency, elementwise (7 × 5 × 6 = 210)."""
    (q, o, e), restore = align(quantity=quantity, orientation=orientation,
                               efficiency=efficiency)
    return restore(_score_rows(q, o, e).prod(axis=0))


def activity_gain(quantity: Any, orientation: Any, efficiency: Any, factor: Any,
                  new_value: Any) -> ActivityChange:
    """What the index becomes when ``factor`` (key or FR/EN label) is set to ``new_value``.

    The deck's case: 7 × 6 × 5 = 210 with orientation 5 → 7 gives 294, a 40 % gain.
    """
    (q, o, e, f, v), restore = align(quantity=quantity, orientation=orientation,
                                     efficiency=efficiency, factor=factor, new_value=new_value)
    scores = _score_rows(q, o, e)
    wanted = _factor_rows(f)
    new_scores = _scores(v, "new_value")
    raised = scores.copy()
    for row, key in enumerate(wanted):
        if key is None:
            raised[:, row] = np.nan
        else:
            raised[FACTORS.index(key), row] = new_scores[row]
    return _change(wanted, scores, raised, restore)


def activity_lever(quantity: Any, orientation: Any, efficiency: Any,
                   step: Any = 1) -> ActivityChange:
    """The factor to raise first (the lowest) and the index after raising it by ``step``.

    +1 point on a factor x raises the index by 1/x: 7 × 6 × 5 → orientation, 5 → 6 gives
    252, +20 %. Columns in (a team), columns out.
    """
    step_points = to_number(step, "step")
    if step_points <= 0:
        raise XlsalesError("step", "not_positive", value=step)
    (q, o, e), restore = align(quantity=quantity, orientation=orientation,
                               efficiency=efficiency)
    scores = _score_rows(q, o, e)
    complete = ~np.isnan(scores).any(axis=0)
    lowest = np.argmin(np.where(complete, scores, 0.0), axis=0)  # first on ties
    columns = np.arange(scores.shape[1])
    low = scores[lowest, columns]
    room = complete & (low < SCALE_MAX)
    raised = scores.copy()
    raised[lowest, columns] = np.minimum(low + step_points, SCALE_MAX)  # NaN stays NaN
    chosen = [FACTORS[i] if ok else None for i, ok in zip(lowest, room, strict=True)]
    return _change(chosen, scores, raised, restore)


def _change(factors: list[str | None], scores: np.ndarray, raised: np.ndarray,
            restore: Any) -> ActivityChange:
    index = scores.prod(axis=0)
    new_index = raised.prod(axis=0)
    gain = np.full_like(index, np.nan)
    with np.errstate(over="ignore"):  # a near-0 index (scores like 1e-200) may overflow to inf
        np.divide(new_index - index, index, out=gain, where=index > 0)
    factor = np.empty(len(factors), dtype=object)
    factor[:] = factors
    return ActivityChange(factor=restore(factor), index=restore(index),
                          new_index=restore(new_index), gain=restore(gain))


def _score_rows(q: np.ndarray, o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """The three factors as a 3 × n array, rows in the order of ``FACTORS``."""
    return np.vstack([_scores(q, "quantity"), _scores(o, "orientation"),
                      _scores(e, "efficiency")])


def _scores(values: np.ndarray, arg: str) -> np.ndarray:
    scores = to_numbers(values, arg)
    outside = (scores < 0) | (scores > SCALE_MAX)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise XlsalesError(arg, "range", row=row + 1 if scores.size > 1 else None,
                           value=values[row], low=0, high=int(SCALE_MAX))
    return scores


def _factor_rows(values: np.ndarray) -> list[str | None]:
    def read(text: Any, row: int) -> str | None:
        key = None if is_blank(text) else label_key(_FACTOR_LABELS, text)
        if key is None and not is_blank(text):
            raise XlsalesError("factor", "choice", row=row if values.size > 1 else None,
                               value=text, choices=", ".join(FACTORS))
        return key

    return read_each(values.tolist(), read)  # a team's column repeats one or two factors


def _column(value: Any, dtype: Any) -> pd.Series:
    if isinstance(value, pd.Series):
        return value.astype(dtype)
    if isinstance(value, Mapping):  # a team given as {salesperson: score}: one row each
        return pd.Series(list(value.values()), index=pd.Index(list(value), dtype=object),
                         dtype=object).astype(dtype)
    return pd.Series(np.ravel(np.asarray(value, dtype=object)).astype(dtype))

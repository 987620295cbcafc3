"""The prospecting funnel (METHOD.md §7): suspects → prospects → cold → warm → hot → clients.

French: entonnoir de prospection. Each step converts part of a stage into the next
(qualification, target acquisition, prospecting, negotiation; loyalty, fidélisation,
comes after the client is won). The deck's 100/80/50/30/10/1 converts 80 %, 62.5 %,
60 %, 33.3 %, 10 %: 1 % overall, so 10 new clients need 1,000 suspects. The weakest
step is where to act.

Rules where METHOD.md is silent:
- The deck names four steps for five passages: qualification (suspects → prospects),
  target acquisition (prospects → cold), prospecting (cold → warm and warm → hot) and
  negotiation (hot → clients).
- Counts are numbers ≥ 0 that never grow down the funnel, with a top stage above 0. A
  step out of a stage of 0 has no conversion (blank); its cumulative conversion is 0.
- A target that must pass a stage of 0 cannot be reached: ``funnel_needed`` raises the
  "unreachable" problem at that stage rather than answering infinity, so a cell shows why.
- Stage names are the deck's keys when they match a key or a French/English label (so
  "Prospects froids" is "cold"), else the user's text. A plain list of six counts is the
  deck's funnel; other lengths are numbered stages "1", "2", ….
- Sources match the deck's four families by key or FR/EN label ("Réseaux",
  "bought files"); any other text is a source of its own.
- In ``lead_source_yield`` a "qualified" suspect reached the second stage (prospects in
  the deck's funnel) and a won one the last (clients). Every tied source with the highest
  qualified share is marked best. A row blank in both columns is an empty line of the
  range and is skipped; a row with only one of them filled is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import label_key, label_keys, say
from xlsales.common.values import (
    as_1d,
    is_blank,
    read_each,
    refuse_overflow,
    round_up,
    to_key,
    to_number,
    to_numbers,
)

__all__ = [
    "LABELS",
    "SOURCES",
    "STAGES",
    "STEPS",
    "FunnelStep",
    "funnel_needed",
    "funnel_ratios",
    "funnel_weakest",
    "lead_source_yield",
    "source_key",
    "stage_key",
    "stage_label",
]

STAGES = ("suspects", "prospects", "cold", "warm", "hot", "clients")
STEPS = ("qualification", "target_acquisition", "prospecting", "negotiation", "loyalty")
# _PASSAGE_STEPS[i] leads from STAGES[i] to STAGES[i + 1]; loyalty follows the last stage.
_PASSAGE_STEPS = ("qualification", "target_acquisition", "prospecting", "prospecting",
                  "negotiation")
SOURCES = ("networks", "communication", "recommendation", "bought_files")

LABELS = {
    "suspects": {"en": "Suspects (potential market)", "fr": "Suspects (marché potentiel)"},
    "prospects": {"en": "Prospects", "fr": "Prospects"},
    "cold": {"en": "Cold prospects", "fr": "Prospects froids"},
    "warm": {"en": "Warm prospects", "fr": "Prospects tièdes"},
    "hot": {"en": "Hot prospects", "fr": "Prospects chauds"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "qualification": {"en": "Qualification", "fr": "Qualification"},
    "target_acquisition": {"en": "Target acquisition", "fr": "Acquisition des cibles"},
    "prospecting": {"en": "Prospecting", "fr": "Prospection"},
    "negotiation": {"en": "Negotiation", "fr": "Négociation"},
    "loyalty": {"en": "Loyalty", "fr": "Fidélisation"},
    # the deck's sources: LinkedIn, Viadeo, Google, Facebook; trade press; recommendation
    # ("ricochet" techniques); chambers of commerce, Kompass, business directories
    "networks": {"en": "Networks", "fr": "Réseaux"},
    "communication": {"en": "Communication", "fr": "Communication"},
    "recommendation": {"en": "Recommendation", "fr": "Recommandation"},
    "bought_files": {"en": "Bought files", "fr": "Acquisition de fichiers"},
    "stage": {"en": "Stage", "fr": "Étape"},
    "step": {"en": "Step", "fr": "Passage"},
    "source": {"en": "Lead source", "fr": "Source des suspects"},
    "count": {"en": "Count", "fr": "Effectif"},
    "step_conversion": {"en": "Step conversion", "fr": "Conversion de l'étape"},
    "cumulative_conversion": {"en": "Conversion from the top",
                              "fr": "Conversion depuis le haut"},
    "needed": {"en": "Needed", "fr": "Nécessaires"},
    "qualified_share": {"en": "Share qualified", "fr": "Part qualifiée"},
    "client_share": {"en": "Share won", "fr": "Part gagnée"},
    "best": {"en": "Best source of qualified prospects",
             "fr": "Meilleure source de prospects qualifiés"},
}
# How CRMs and users also write the stages: singular, short, the deck's own spelling
_STAGE_ALIASES = {
    "suspects": ("suspect", "Suspects", "Marché potentiel", "Potential market"),
    "prospects": ("prospect", "Prospect qualifié", "Qualified prospect"),
    "cold": ("Cold", "Cold prospect", "Froid", "Prospect froid", "Prospects froid"),
    "warm": ("Warm", "Warm prospect", "Tiède", "Prospect tiède", "Prospects tiede"),
    "hot": ("Hot", "Hot prospect", "Chaud", "Prospect chaud"),
    "clients": ("client", "Won", "Customer", "Customers", "Gagné"),
}
_STAGE_LABELS = {key: {**LABELS[key], **{f"alias{n}": word for n, word in
                                         enumerate(_STAGE_ALIASES[key])}}
                 for key in STAGES}
_SOURCE_LABELS = {key: LABELS[key] for key in SOURCES}


@dataclass(frozen=True)
class FunnelStep:
    """One step of a funnel: from which stage to which, its deck name and its conversion."""

    from_stage: str
    to_stage: str
    step: str | None
    conversion: float

    def passage(self, lang: str = "en") -> str:
        """The two stages it joins, "Suspects → Prospects" (a user's names as given)."""
        return f"{stage_label(self.from_stage, lang)} → {stage_label(self.to_stage, lang)}"

    def label(self, lang: str = "en") -> str:
        """How a sentence names the step: the deck's name ("Negotiation") when it has one,
        else the passage."""
        return stage_label(self.step, lang) if self.step else self.passage(lang)


def stage_label(stage: str, lang: str = "en") -> str:
    """The label of a deck stage (or step, or source) in ``lang``; other names as given."""
    return say(LABELS, stage, lang) if isinstance(stage, str) and stage in LABELS else stage


def stage_key(name: Any) -> str | None:
    """The deck's key of a stage written as its key, a label or a usual CRM spelling
    ("Prospects froids", "hot prospect" → "cold", "hot"); None for any other text."""
    return label_key(_STAGE_LABELS, name)


def source_key(name: Any) -> str | None:
    """The deck's key of a lead source written as its key or a label ("Réseaux" →
    "networks"); None for any other text."""
    return label_key(_SOURCE_LABELS, name)


def funnel_ratios(counts: Any, labels: Any = None) -> pd.DataFrame:
    """Per stage: count, step (deck name), step conversion and conversion from the top.

    ``counts`` is a list, a Series or a dict {stage: count}; ``labels`` names the stages
    of a list (or overrides the keys). The first stage has no step, so a blank conversion.
    """
    stages, values = _read_counts(counts, labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.concatenate([[np.nan], values[1:] / values[:-1]])
    index = pd.Index(stages, name="stage")
    # object dtype, so a passage without a deck name stays None rather than NaN
    names = pd.Series([None, *(_step_between(a, b) for a, b in pairwise(stages))],
                      index=index, dtype=object)
    return pd.DataFrame(
        {"count": values, "step": names, "step_conversion": step,
         "cumulative_conversion": values / values[0]}, index=index)


def funnel_needed(target: Any, counts: Any, labels: Any = None) -> pd.Series:
    """How many are needed at each stage to win ``target`` at the last, rounded up.

    At the deck's rates 10 new clients need 1,000 suspects, 800 prospects, 500 cold,
    300 warm and 100 hot prospects.
    """
    goal = to_number(target, "target", negative_ok=False)
    stages, values = _read_counts(counts, labels)
    if goal > 0 and values[-1] == 0:
        first_zero = int(np.flatnonzero(values == 0)[0])
        raise XlsalesError("counts", "unreachable", row=first_zero + 1,
                           value=values[first_zero])
    with np.errstate(over="ignore"):  # 4 over 5e-324 overflows: told just below
        ratio = goal * values / values[-1] if goal > 0 else np.zeros(values.size)
    needed = round_up(refuse_overflow(ratio, "counts"))
    return pd.Series(needed, index=pd.Index(stages, name="stage"), name="needed")


def funnel_weakest(counts: Any, labels: Any = None) -> FunnelStep:
    """The step with the lowest conversion (the first one on ties): where to act first."""
    ratios = funnel_ratios(counts, labels)
    conversions = ratios["step_conversion"].to_numpy()
    at = int(np.nanargmin(conversions))
    return FunnelStep(from_stage=ratios.index[at - 1], to_stage=ratios.index[at],
                      step=ratios["step"].iloc[at], conversion=float(conversions[at]))


def lead_source_yield(sources: Any, stages: Any, stage_order: Any = None) -> pd.DataFrame:
    """Per lead source: suspects, how many reached each stage, and which source qualifies best.

    One row per suspect: its source (networks, communication, recommendation, bought
    files, or any text) and the furthest stage it reached (key or FR/EN label). Columns:
    one per stage (those that reached it or further), ``qualified_share``,
    ``client_share`` and ``best``.
    """
    order = _stage_order(stage_order)
    source_values, stage_values = as_1d(sources), as_1d(stages)
    if source_values.size != stage_values.size:
        raise XlsalesError("stages", "length", n=stage_values.size, other="sources",
                           m=source_values.size)
    lookup = {key: _STAGE_LABELS.get(key, {"en": key, "fr": key}) for key in order}
    # each distinct value is matched once; a row of several cells (a list) is matched too
    stage_keys = read_each(stage_values.tolist(), lambda stage, _: label_key(lookup, stage))
    source_keys: dict[Any, str] = {}
    names: list[str] = []
    reached: list[int] = []
    for row, (source, stage, stage_key) in enumerate(
            zip(source_values.tolist(), stage_values.tolist(), stage_keys, strict=True),
            start=1):
        if is_blank(source) and is_blank(stage):
            continue
        if is_blank(source) or is_blank(stage):
            raise XlsalesError("sources" if is_blank(source) else "stages", "blank", row=row)
        if stage_key is None:
            raise XlsalesError("stages", "choice", row=row, value=stage,
                               choices=", ".join(order))
        try:
            name = source_keys[source]
        except KeyError:
            name = source_keys[source] = (label_key(_SOURCE_LABELS, source)
                                          or to_key(source, "sources", row))
        except TypeError:  # unhashable, a row of several cells: to_key refuses it
            name = to_key(source, "sources", row)
        names.append(name)
        reached.append(order.index(stage_key))
    if not names:
        raise XlsalesError("sources", "empty")
    position = {name: i for i, name in enumerate(dict.fromkeys(names))}  # first appearance
    furthest = np.zeros((len(position), len(order)), dtype=np.int64)
    np.add.at(furthest, ([position[name] for name in names], reached), 1)
    # reaching a stage means stopping there or further down
    at_least = furthest[:, ::-1].cumsum(axis=1)[:, ::-1]
    frame = pd.DataFrame(at_least, columns=order,
                         index=pd.Index(list(position), dtype=object, name="source"))
    frame["qualified_share"] = at_least[:, 1] / at_least[:, 0]
    frame["client_share"] = at_least[:, -1] / at_least[:, 0]
    top = frame["qualified_share"].max()
    frame["best"] = np.isclose(frame["qualified_share"], top, rtol=1e-12, atol=0)
    return frame


def _read_counts(counts: Any, labels: Any) -> tuple[list[str], np.ndarray]:
    names: list[Any] | None = None
    if isinstance(counts, Mapping):
        names, counts = list(counts.keys()), list(counts.values())
    elif isinstance(counts, pd.Series) and not isinstance(counts.index, pd.RangeIndex):
        names = counts.index.tolist()
    values = to_numbers(counts, "counts", blank_ok=False, negative_ok=False)
    if values.size < 2:
        raise XlsalesError("counts", "too_few", n=2, m=values.size)
    names_arg = "counts"
    if labels is not None:
        names, names_arg = as_1d(labels).tolist(), "labels"
        if len(names) != values.size:
            raise XlsalesError("labels", "length", n=len(names), other="counts", m=values.size)
    if names is None:
        names = list(STAGES) if values.size == len(STAGES) else [
            str(i) for i in range(1, values.size + 1)]
    stages = _stage_keys(names, names_arg)
    if values[0] <= 0:
        raise XlsalesError("counts", "not_positive", row=1, value=values[0])
    grows = np.flatnonzero(values[1:] > values[:-1])
    if grows.size:
        at = int(grows[0]) + 1
        raise XlsalesError("counts", "funnel_grows", row=at + 1, value=values[at],
                           previous_value=values[at - 1])
    return stages, values


def _stage_order(stage_order: Any) -> list[str]:
    if stage_order is None:
        return list(STAGES)
    order = _stage_keys(as_1d(stage_order).tolist(), "stage_order")
    if len(order) < 2:
        raise XlsalesError("stage_order", "too_few", n=2, m=len(order))
    return order


def _stage_keys(names: list[Any], arg: str) -> list[str]:
    """Deck keys for names that match a deck stage, clean text for the others; no repeats."""
    keys: list[str] = []
    seen: set[str] = set()  # a list's `in` would make a long column quadratic
    for row, (name, deck_key) in enumerate(zip(names, label_keys(_STAGE_LABELS, names),
                                               strict=True), start=1):
        key = deck_key or to_key(name, arg, row, blank_ok=False)
        if key in seen:
            raise XlsalesError(arg, "duplicate", row=row, value=name)
        seen.add(key)
        keys.append(key)
    return keys


def _step_between(a: str, b: str) -> str | None:
    """The deck's name of the step from stage a to stage b, when they follow in the deck."""
    if a in STAGES and b in STAGES and STAGES.index(b) == STAGES.index(a) + 1:
        return _PASSAGE_STEPS[STAGES.index(a)]
    return None

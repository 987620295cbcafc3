"""CRM qualification: prospect priority, reminders and the prospect matrix (METHOD.md §8).

A qualified prospect has a potential (Big / Medium / Small, Gros / Moyen / Petit) and an
accessibility (Good / Medium / Very little, Bonne / Moyenne / Très peu). Their levels
give the priority, 1 = call first, which sets how soon to call back.

Rules chosen where METHOD.md is silent:
- A prospect never contacted (blank last contact) is due now: its next contact is today,
  whatever its priority, and it is not overdue (overdue means the next contact is before
  today, so ``is_overdue`` always agrees with ``next_contact``). A prospect contacted but
  without a priority has no next contact (blank): qualify it first.
- Dates are days: the time of day of the last contact is dropped, and ``next_contact``
  returns datetimes at midnight, as Excel dates are.
- A qualification field is filled when it is not blank; "no" in the project field is an
  answer, so it counts as filled.
- In the prospect matrix a prospect is named by its name, or by its 1-based row when it
  has none; prospects lacking a level are listed as unplaced rather than dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.dates import parse_date, to_dates
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import label_key, say
from xlsales.common.shapes import align
from xlsales.common.values import as_1d, is_blank, to_keys, to_numbers
from xlsales.method import potential

__all__ = [
    "FIELDS",
    "INTERVALS",
    "LABELS",
    "ProspectMatrix",
    "completeness",
    "is_overdue",
    "next_contact",
    "priority",
    "prospect_matrix",
]

FIELDS = (
    "name", "first_name", "job_title", "email", "project", "last_similar_purchase",
    "potential", "accessibility",
)

LABELS: dict[str, dict[str, str]] = {
    "name": {"en": "Name", "fr": "Nom"},
    "first_name": {"en": "First name", "fr": "Prénom"},
    "job_title": {"en": "Job title", "fr": "Fonction"},
    "email": {"en": "Email", "fr": "E-mail"},
    "project": {"en": "Project", "fr": "Projet"},
    "last_similar_purchase": {
        "en": "Date of the last similar purchase",
        "fr": "Date du dernier achat similaire",
    },
    "potential": {"en": "Potential", "fr": "Potentiel"},
    "accessibility": {"en": "Accessibility", "fr": "Accessibilité"},
    "priority": {"en": "Priority", "fr": "Priorité"},
    "next_contact": {"en": "Next contact", "fr": "Prochain contact"},
    "overdue": {"en": "Overdue", "fr": "En retard"},
    "completeness": {"en": "Completeness", "fr": "Complétude"},
    "unplaced": {"en": "Not placed (level missing)", "fr": "Non placés (niveau manquant)"},
}

# More headers users give these fields; read, never shown.
_FIELD_ALIASES = {
    "name": ("Last name", "Surname", "Nom de famille"),
    "first_name": ("Firstname", "Given name"),
    "job_title": ("Title", "Job", "Position", "Poste"),
    "email": ("Mail", "Courriel", "Adresse e-mail", "Email address"),
    "project": ("Existence of a project", "Existence d'un projet", "Projet en cours"),
    "last_similar_purchase": (
        "Last similar purchase", "Date of last similar purchase", "Last purchase",
        "Dernier achat similaire", "Date dernier achat similaire", "Dernier achat",
    ),
}

_FIELD_WORDS = {
    key: {**LABELS[key], **{f"alias{n}": w for n, w in enumerate(_FIELD_ALIASES.get(key, ()))}}
    for key in FIELDS
}

INTERVALS = (7, 14, 30, 60, 90)


def priority(potential_level: Any, accessibility_level: Any) -> Any:
    """Priority 1–5 = potential level + accessibility level − 1 (1 = call first).

    Levels are 1–3 or their labels in either language (Gros/Big, Très peu/Very little…).
    Blank when either level is. Elementwise.
    """
    (pot, acc), restore = align(potential_level=potential_level,
                                accessibility_level=accessibility_level)
    pots = potential.to_levels(pot, "potential", "potential_level")
    accs = potential.to_levels(acc, "accessibility", "accessibility_level")
    out = np.empty(len(pots), dtype=object)
    out[:] = [None if p is None or a is None else p + a - 1
              for p, a in zip(pots, accs, strict=True)]
    return restore(out)


def next_contact(last_contact: Any, priority: Any, intervals: Any = INTERVALS,
                 today: Any = None) -> Any:
    """Last contact + the interval of the priority (7, 14, 30, 60, 90 days for 1–5).

    Dates come as datetimes, Excel serials or text; the answer is a datetime (a date).
    Today's date when the prospect was never contacted. Elementwise.
    """
    dates, restore = _next_contacts(last_contact, priority, intervals, today)
    return restore(_objects(dates))


def is_overdue(last_contact: Any, priority: Any, today: Any = None,
               intervals: Any = INTERVALS) -> Any:
    """True when the next contact is before ``today`` (default: today's date). Elementwise."""
    day = _day(today)
    dates, restore = _next_contacts(last_contact, priority, intervals, day)
    return restore(_objects([None if d is None else d < day for d in dates]))


def _next_contacts(last_contact: Any, priority: Any, intervals: Any,
                   today: Any) -> tuple[list[dt.datetime | None], Any]:
    days = to_numbers(intervals, "intervals", blank_ok=False, negative_ok=False)
    if days.size != len(INTERVALS):
        raise XlsalesError("intervals", "length", n=days.size, other="priority 1-5",
                           m=len(INTERVALS))
    (last, prio), restore = align(last_contact=last_contact, priority=priority)
    lasts = to_dates(last, "last_contact")
    priorities = _priorities(prio)
    due_now = _day(today)
    try:  # one step per priority, made once (100,000 rows in a cell formula)
        steps: list[dt.timedelta | float] = [dt.timedelta(days=float(d)) for d in days]
    except OverflowError:  # more days than a date holds: told on the first row needing it
        steps = [float(d) for d in days]
    out: list[dt.datetime | None] = []
    for row, (contacted, rank) in enumerate(zip(lasts, priorities, strict=True), start=1):
        if contacted is None:
            out.append(due_now)
        elif rank is None:
            out.append(None)
        else:
            out.append(_later(contacted, steps[rank - 1], row))
    return out, restore


def _later(contacted: dt.datetime, step: dt.timedelta | float, row: int) -> dt.datetime:
    """The day ``step`` (days) after a contact; a date near 31/12/9999 has no such day."""
    try:
        delta = step if isinstance(step, dt.timedelta) else dt.timedelta(days=step)
        return dt.datetime(contacted.year, contacted.month, contacted.day) + delta
    except OverflowError:
        days = step / dt.timedelta(days=1) if isinstance(step, dt.timedelta) else step
        raise XlsalesError("last_contact", "past_last_date", row=row, value=contacted,
                           days=f"{days:g}") from None


def _priorities(values: np.ndarray) -> list[int | None]:
    """Priorities 1-5 as ints (None where blank), checked all at once; the first row in
    error is the one told."""
    numbers = to_numbers(values, "priority")
    blank = np.isnan(numbers)
    with np.errstate(invalid="ignore"):
        fractional = ~blank & ~(np.isfinite(numbers) & (numbers == np.floor(numbers)))
        outside = ~blank & ~fractional & ((numbers < 1) | (numbers > 5))
    wrong = np.flatnonzero(fractional | outside)
    if wrong.size:
        i = int(wrong[0])
        if fractional[i]:
            raise XlsalesError("priority", "not_integer", row=i + 1, value=values[i])
        raise XlsalesError("priority", "range", row=i + 1, value=values[i], low=1, high=5)
    ranks = np.where(blank, 0, numbers).astype(np.int64).astype(object)
    ranks[blank] = None
    return ranks.tolist()


def _day(today: Any) -> dt.datetime:
    """``today`` as a date at midnight; today's date when not given."""
    given = parse_date(today, "today")
    return _midnight(given if given is not None else dt.datetime.now())


def _midnight(moment: dt.datetime) -> dt.datetime:
    return dt.datetime(moment.year, moment.month, moment.day)


def _objects(items: list[Any]) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def completeness(record: Any) -> Any:
    """The share of the eight qualification fields that are filled (0 to 1).

    ``record`` is a dict (one prospect) → a float, or a DataFrame → one value per row, as a
    Series. Headers are matched in French or English (nom, prénom, fonction, e-mail,
    projet, date du dernier achat similaire, potentiel, accessibilité); other columns are
    ignored, a field with no column counts as not filled.
    """
    if isinstance(record, pd.DataFrame):
        fields = _match_fields(list(record.columns))
        filled = np.zeros(len(record))
        for j in fields.values():
            filled += [not is_blank(v) for v in as_1d(record.iloc[:, j])]
        return pd.Series(filled / len(FIELDS), index=record.index)
    if isinstance(record, Mapping):
        keys = list(record)
        fields = _match_fields(keys)
        filled = sum(not is_blank(record[keys[j]]) for j in fields.values())
        return filled / len(FIELDS)
    raise XlsalesError("record", "not_record", value=type(record).__name__)


def _match_fields(headers: list[Any]) -> dict[str, int]:
    """Which header (by position) holds each qualification field."""
    fields: dict[str, int] = {}
    for j, header in enumerate(headers):
        field = label_key(_FIELD_WORDS, header)
        if field is None:
            continue
        if field in fields:
            raise XlsalesError("record", "duplicate", value=header)
        fields[field] = j
    if not fields:
        raise XlsalesError("record", "missing_column", value="Name/Nom",
                           found=", ".join(str(h) for h in headers) or "-")
    return fields


@dataclass(frozen=True, eq=False)
class ProspectMatrix:
    """Prospects placed by potential level (rows 1–3) and accessibility level (columns 1–3).

    ``counts`` and ``names`` (lists) per cell, ``priorities`` the priority of each cell,
    ``unplaced`` the prospects lacking a level.
    """

    counts: pd.DataFrame
    names: pd.DataFrame
    priorities: pd.DataFrame
    unplaced: list[Any]

    def to_frame(self, lang: str = "en", show: str = "count") -> pd.DataFrame:
        """The 3 × 3 grid with its labels in ``lang``, showing "count", "names" or
        "priority" in each cell (names joined by commas)."""
        tables = {"count": self.counts, "priority": self.priorities,
                  "names": self.names.map(lambda names: ", ".join(str(n) for n in names))}
        if show not in tables:
            raise XlsalesError("show", "choice", value=show, choices=", ".join(tables))
        frame = tables[show].copy()
        frame.index = [say(potential.LABELS, f"potential_{i}", lang) for i in frame.index]
        frame.columns = [say(potential.LABELS, f"accessibility_{j}", lang)
                         for j in frame.columns]
        frame.index.name = say(LABELS, "potential", lang)
        frame.columns.name = say(LABELS, "accessibility", lang)
        return frame


def prospect_matrix(potential_levels: Any, access_levels: Any,
                    names: Any = None) -> ProspectMatrix:
    """The 3 × 3 prospect matrix of METHOD.md §8: how many prospects, and which, in each
    cell of potential (Big, Medium, Small) × accessibility (Good, Medium, Very little)."""
    (pot, acc, who), _ = align(potential_levels=potential_levels,
                               access_levels=access_levels, names=names)
    pots = potential.to_levels(pot, "potential", "potential_levels")
    accs = potential.to_levels(acc, "accessibility", "access_levels")
    labels = [key if key is not None else i + 1
              for i, key in enumerate(to_keys(who, "names"))]
    levels = [1, 2, 3]
    cells: dict[tuple[int, int], list[Any]] = {(p, a): [] for p in levels for a in levels}
    unplaced = []
    for p, a, label in zip(pots, accs, labels, strict=True):
        if p is None or a is None:
            unplaced.append(label)
        else:
            cells[p, a].append(label)
    grid = pd.DataFrame([[cells[p, a] for a in levels] for p in levels],
                        index=levels, columns=levels, dtype=object)
    ranks = priority(np.repeat(levels, 3), np.tile(levels, 3))
    return ProspectMatrix(
        counts=grid.map(len),
        names=grid,
        priorities=pd.DataFrame(np.asarray(ranks, dtype=int).reshape(3, 3),
                                index=levels, columns=levels),
        unplaced=unplaced,
    )

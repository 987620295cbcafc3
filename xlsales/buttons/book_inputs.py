"""The plan's inputs read from a workbook: its tables and settings, checked cell by cell.

Every value a macro computes with is checked here, where its cell is known, so a bad one
is reported where the user can find it — "tblClients, row 12 (sheet Clients, cell F14),
column 'CA N': 'abc' is not a number", "A limit (cumulative share of revenue) (sheet ABC,
cell C4): 1.5 must be above 0 and at most 1" — and the analyses only meet clean values:
numbers as floats (NaN for a blank), dates as datetimes (None for a blank).

A blank setting takes METHOD.md's default (``PlanSettings``'). The rules:

- shares (A and B limits, winning cell, develop ratio) are read as ``values.to_share``
  does (0.8, "80%", 80); the A limit must be below the B limit; "to develop: expected from"
  may also be 0 (no floor);
- target growth is a share that may be negative (a planned shrink), -100% to 100%;
- the year N is a whole number 1900–9999, projection years 0–100, the days before the
  next contact whole numbers of days ≥ 0 (a blank cell keeps its priority's default);
- a blank criterion weight weighs 1, weights are ≥ 0 and not all 0; level cut-offs are
  scores 1–5, level 1's above level 2's;
- the method is pareto or computed, the measure revenue or margin, in either language;
- the reference date is a date (blank: today).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xlsales.buttons.book import Book, NamedCells, TableFrame
from xlsales.common.dates import parse_date, to_dates
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import label_key, say
from xlsales.common.values import is_blank, to_growth, to_number, to_numbers, to_share
from xlsales.method import abc
from xlsales.plan import layout
from xlsales.plan.analysis import POTENTIAL_CRITERIA, RISK_CRITERIA, PlanData, PlanSettings

__all__ = ["DATES", "LABELS", "MEASURES", "NUMBERS", "SETTINGS", "Inputs", "read_inputs"]

# The table columns the analyses compute with, by the kind of value they must hold.
NUMBERS: dict[str, tuple[str, ...]] = {
    "tblClients": ("revenue_prev", "revenue_curr", "margin", *POTENTIAL_CRITERIA,
                   *RISK_CRITERIA, "potential_revenue"),
    "tblProspects": ("potential", "accessibility"),
    "tblTeam": ("quantity", "orientation", "efficiency"),
    "tblFunnel": ("count",),
}
DATES: dict[str, tuple[str, ...]] = {"tblProspects": ("last_contact",)}

# PlanData's field for each table
_FIELDS = {"tblClients": "clients", "tblProspects": "prospects", "tblTeam": "team",
           "tblFunnel": "funnel"}

MEASURES = {"revenue": {"en": "revenue", "fr": "CA"}, "margin": {"en": "margin", "fr": "marge"}}

LABELS = {
    "missing_column": {"en": "{table}: no column {header}, read as blank",
                       "fr": "{table} : pas de colonne {header}, lue comme vide"},
    "row": {"en": "row {n}", "fr": "ligne {n}"},
}


@dataclass(frozen=True)
class Inputs:
    """What a macro read: the plan's data, the tables as read (to place a message at a
    cell) and notes for the status area (optional columns the workbook lacks)."""

    data: PlanData
    tables: dict[str, TableFrame]
    notes: tuple[str, ...]


def read_inputs(book: Book, tables: tuple[str, ...], settings: tuple[str, ...]) -> Inputs:
    """Read and check ``tables`` (Excel table names) and ``settings`` (input names) of
    ``book``; the tables not read stay empty in the plan's data (the funnel: the deck's)."""
    lang = book.lang
    frames, notes = {}, []
    for name in tables:
        frame = _checked(book.read_table(layout.TABLES[name]))
        frames[name] = frame
        notes += [say(LABELS, "missing_column", lang).format(
            table=name, header=f"'{frame.headers[key]}'") for key in frame.missing]
    values = _settings(book, settings)
    data = PlanData(settings=PlanSettings(**values),
                    **{_FIELDS[name]: frame.frame for name, frame in frames.items()})
    return Inputs(data, frames, tuple(notes))


def _checked(read: TableFrame) -> TableFrame:
    """The table with its number and date columns parsed; the first bad cell raises."""
    frame = read.frame.copy()
    name = read.table.name
    for key in NUMBERS.get(name, ()):
        try:
            frame[key] = to_numbers(frame[key], key)
        except XlsalesError as error:
            raise read.locate(error, error.row, key) from None
    for key in DATES.get(name, ()):
        try:
            frame[key] = pd.Series(to_dates(frame[key], key), dtype=object)
        except XlsalesError as error:
            raise read.locate(error, error.row, key) from None
    return dataclasses.replace(read, frame=frame)


# --- settings -----------------------------------------------------------------------------

Reader = Callable[[NamedCells, str, str, Any], Any]


def _settings(book: Book, names: tuple[str, ...]) -> dict[str, Any]:
    lang, defaults = book.lang, PlanSettings()
    values, cells = {}, {}
    for name in names:
        field, read = SETTINGS[name]
        cells[name] = book.read_input(name)
        values[field] = read(cells[name], _label(name, lang), lang, getattr(defaults, field))
    if "a_share" in values and "b_share" in values and values["a_share"] >= values["b_share"]:
        a_cells, label = cells["xls_abc_a_share"], _label("xls_abc_a_share", lang)
        raise a_cells.locate(XlsalesError(
            label, "not_below", value=a_cells.values[0], other=_label("xls_abc_b_share", lang),
            other_value=cells["xls_abc_b_share"].values[0]), label)
    return values


def _label(name: str, lang: str) -> str:
    area = layout.AREA_BY_NAME[name]
    return area.fr if lang == "fr" else area.en


def _one(read: Callable[[Any, str], Any]) -> Reader:
    """A one-cell setting: ``read(value, label)``, the default for a blank."""
    def reader(cells: NamedCells, label: str, lang: str, default: Any) -> Any:
        value = cells.values[0]
        if is_blank(value):
            return default
        try:
            return read(value, label)
        except XlsalesError as error:
            raise cells.locate(error, label) from None
    return reader


def _each(read: Callable[[Any, str], Any], check: Callable[..., None] | None = None) -> Reader:
    """A setting of several cells, each read by ``read`` (a blank keeps its default),
    then ``check(values, cells, label, lang)`` on the whole."""
    def reader(cells: NamedCells, label: str, lang: str, default: Any) -> Any:
        out = []
        for i, value in enumerate(cells.values):
            if is_blank(value):
                out.append(default[i])
                continue
            try:
                out.append(read(value, label))
            except XlsalesError as error:
                raise cells.locate(error, label, i) from None
        if check is not None:
            check(out, cells, label, lang)
        return tuple(out)
    return reader


def _whole(low: int, high: int) -> Callable[[Any, str], int]:
    def read(value: Any, label: str) -> int:
        number = to_number(value, label)
        if not number.is_integer():
            raise XlsalesError(label, "not_integer", value=value)
        if not low <= number <= high:
            raise XlsalesError(label, "range", value=value, low=low, high=high)
        return int(number)
    return read


def _share_or_zero(value: Any, label: str) -> float:
    if to_number(value, label, negative_ok=False) == 0:
        return 0.0
    return to_share(value, label)


def _choice(words: dict[str, dict[str, str]]) -> Callable[[Any, str], str]:
    def read(value: Any, label: str) -> str:
        key = label_key(words, value) if isinstance(value, str) else None
        if key is None:
            choices = ", ".join(f"{w['en']} / {w['fr']}" if w["en"] != w["fr"] else w["en"]
                                for w in words.values())
            raise XlsalesError(label, "choice", value=value, choices=choices)
        return key
    return read


def _non_negative(value: Any, label: str) -> float:
    return to_number(value, label, negative_ok=False)


def _not_all_zero(values: list[float], cells: NamedCells, label: str, lang: str) -> None:
    if not any(values):
        raise cells.locate(XlsalesError(label, "all_zero"), label, None)


def _score(value: Any, label: str) -> float:
    number = to_number(value, label)
    if not 1 <= number <= 5:
        raise XlsalesError(label, "range", value=value, low=1, high=5)
    return number


def _cuts_descend(values: list[float], cells: NamedCells, label: str, lang: str) -> None:
    if values[1] >= values[0]:
        raise cells.locate(XlsalesError(
            label, "not_below", value=values[1], other=say(LABELS, "row", lang).format(n=1),
            other_value=values[0]), label, 1)


def _date(value: Any, label: str) -> dt.date:
    day = parse_date(value, label)
    return day.date()  # parse_date gives None only for a blank, read as the default


SETTINGS: dict[str, tuple[str, Reader]] = {
    "xls_year_curr": ("year_curr", _one(_whole(1900, 9999))),
    "xls_churn_years": ("churn_years", _one(_whole(0, 100))),
    "xls_growth": ("growth", _one(to_growth)),
    "xls_abc_a_share": ("a_share", _one(to_share)),
    "xls_abc_b_share": ("b_share", _one(to_share)),
    "xls_abc_method": ("method", _one(_choice(abc.METHODS))),
    "xls_weights_potential": ("weights_potential", _each(_non_negative, _not_all_zero)),
    "xls_weights_risk": ("weights_risk", _each(_non_negative, _not_all_zero)),
    "xls_level_cuts": ("level_cuts", _each(_score, _cuts_descend)),
    "xls_matrix_measure": ("measure", _one(_choice(MEASURES))),
    "xls_win_share": ("win_share", _one(to_share)),
    "xls_develop_ratio": ("develop_ratio", _one(to_share)),
    "xls_min_expected": ("min_expected", _one(_share_or_zero)),
    "xls_funnel_target": ("funnel_target", _one(_non_negative)),
    "xls_intervals": ("intervals", _each(_whole(0, 36500))),
    "xls_today": ("today", _one(_date)),
}
"""Input name → (``PlanSettings`` field, reader)."""

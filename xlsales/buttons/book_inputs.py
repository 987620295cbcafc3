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

What the native formulas would read otherwise than Python is settled here too (issue 12):
a number or a date typed as text in a table ("1 234,50", "31/12/2025") is read, and
rewritten in its cell as a number or a date by the same run (SUMIFS skips text), with a
note; a formula cell holding no saved result (a file a script wrote) stops the run at
that cell, since it would read blank; rows typed just under a table, outside it, are
named in a note (LibreOffice never extends a table, Excel not always).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xlsales.buttons.book import NamedCells, OpenBook, TableFrame, cell_ref
from xlsales.common.dates import parse_date, to_dates
from xlsales.common.durations import parse_duration
from xlsales.common.errors import XlsalesError, show_value
from xlsales.common.lang import label_key, say
from xlsales.common.values import is_blank, to_growth, to_keys, to_number, to_numbers, to_share
from xlsales.excel.cells import first_error
from xlsales.method import abc
from xlsales.plan import layout
from xlsales.plan.analysis import POTENTIAL_CRITERIA, RISK_CRITERIA, PlanData, PlanSettings
from xlsales.sources.deals import known_order

__all__ = ["DATES", "LABELS", "MEASURES", "NUMBERS", "SETTINGS", "BookInputs", "read_book_inputs"]

# The table columns the analyses compute with, by the kind of value they must hold.
NUMBERS: dict[str, tuple[str, ...]] = {
    "tblClients": ("revenue_prev", "revenue_curr", "margin", *POTENTIAL_CRITERIA,
                   *RISK_CRITERIA, "potential_revenue"),
    "tblProspects": ("potential", "accessibility"),
    "tblTeam": ("quantity", "orientation", "efficiency"),
    "tblFunnel": ("count",),
    "tblActivities": ("duration",),
    "tblSales": ("year", "revenue", "margin"),
    "tblDeals": ("amount", "probability"),
    "tblTeamSales": ("revenue_prev", "revenue_curr"),
    "tblPurchases": ("amount",),
}
DATES: dict[str, tuple[str, ...]] = {"tblProspects": ("last_contact",),
                                     "tblActivities": ("date",),
                                     "tblDeals": ("created", "closed"),
                                     "tblPurchases": ("date",)}

# PlanData's field for each table
_FIELDS = {"tblClients": "clients", "tblProspects": "prospects", "tblTeam": "team",
           "tblFunnel": "funnel", "tblActivities": "activities", "tblSales": "sales",
           "tblPurchases": "purchases"}

Cell = tuple[str, int, int]  # (sheet, row, column)

MEASURES = {"revenue": {"en": "revenue", "fr": "CA"}, "margin": {"en": "margin", "fr": "marge"}}

LABELS = {
    "no_table": {"en": "no table {table} in this workbook, read as empty",
                 "fr": "pas de tableau {table} dans ce classeur, lu comme vide"},
    "missing_column": {"en": "{table}: no column {header}, read as blank",
                       "fr": "{table} : pas de colonne {header}, lue comme vide"},
    "row": {"en": "row {n}", "fr": "ligne {n}"},
    "below_one": {
        "en": "1 row below {table} is not in the table: extend the table to include it",
        "fr": "1 ligne sous {table} n'est pas dans le tableau : étendez le tableau pour "
              "l'inclure",
    },
    "below": {
        "en": "{n} rows below {table} are not in the table: extend the table to include them",
        "fr": "{n} lignes sous {table} ne sont pas dans le tableau : étendez le tableau pour "
              "les inclure",
    },
    "rewritten_one": {
        "en": "{table}: 1 cell typed as text rewritten as a number or a date, so that the "
              "formulas count it (sheet {sheet}, cell {cell}: {value})",
        "fr": "{table} : 1 cellule saisie en texte réécrite en nombre ou en date, pour que les "
              "formules la comptent (feuille {sheet}, cellule {cell} : {value})",
    },
    "rewritten_setting": {
        "en": "{label}: typed as text, rewritten as a number or a date so that the formulas "
              "read it (sheet {sheet}, cell {cell}: {value})",
        "fr": "{label} : saisi en texte, réécrit en nombre ou en date pour que les formules "
              "le lisent (feuille {sheet}, cellule {cell} : {value})",
    },
    "rewritten": {
        "en": "{table}: {n} cells typed as text rewritten as numbers or dates, so that the "
              "formulas count them (the first: sheet {sheet}, cell {cell}: {value})",
        "fr": "{table} : {n} cellules saisies en texte réécrites en nombres ou en dates, pour "
              "que les formules les comptent (la première : feuille {sheet}, cellule {cell} : "
              "{value})",
    },
}


@dataclass(frozen=True)
class BookInputs:
    """What a macro read from an open workbook: the plan's data, the tables as read (to
    place a message at a cell), notes for the status area (optional columns the workbook
    lacks, rows below a table), and the text cells read as numbers or dates, to write back
    as such (``rewrites``, told by ``rewrite_notes``). Not ``app.report.Inputs``, the
    export files a report reads."""

    data: PlanData
    tables: dict[str, TableFrame]
    notes: tuple[str, ...]
    # (sheet, row, column) → the number or date a text cell holds, to write back
    rewrites: dict[tuple[str, int, int], Any] = dataclasses.field(default_factory=dict)
    rewrite_notes: tuple[str, ...] = ()


def read_book_inputs(book: OpenBook, tables: tuple[str, ...],
                     settings: tuple[str, ...]) -> BookInputs:
    """Read and check ``tables`` (Excel table names) and ``settings`` (input names) of
    ``book``; the tables not read stay empty in the plan's data (the funnel: the deck's)."""
    lang = book.lang
    frames, notes, rewrites, rewrite_notes = {}, [], {}, []
    uncomputed = book.uncomputed()
    for name in tables:
        try:
            read = book.read_table(layout.TABLES[name])
        except XlsalesError as error:
            if not (error.problem == "no_table" and layout.TABLES[name].optional):
                raise
            notes.append(say(LABELS, "no_table", lang).format(table=name))
            continue
        _refuse_uncomputed(read, uncomputed.get(read.sheet, set()))
        frame, rewritten = _checked(read)
        frames[name] = frame
        notes += [say(LABELS, "missing_column", lang).format(
            table=name, header=f"'{frame.headers[key]}'") for key in frame.missing]
        if rewritten:
            (sheet, row, col), (typed, value) = min(rewritten.items())
            rewrite_notes.append(say(
                LABELS, "rewritten_one" if len(rewritten) == 1 else "rewritten", lang).format(
                table=name, n=len(rewritten), sheet=sheet, cell=cell_ref(row, col),
                value=_shown(typed, value, lang)))
            rewrites.update({cell: value for cell, (_, value) in rewritten.items()})
        if frame.below:
            notes.append(say(LABELS, "below_one" if frame.below == 1 else "below", lang).format(
                table=name, n=frame.below))
    values = _settings(book, settings, uncomputed, rewrites, rewrite_notes)
    crm = _crm(frames.get("tblDeals"), frames.get("tblTeamSales"), lang)
    data = PlanData(settings=PlanSettings(**values), **crm,
                    **{_FIELDS[name]: frame.frame for name, frame in frames.items()
                       if name in _FIELDS})
    return BookInputs(data, frames, tuple(notes), rewrites, tuple(rewrite_notes))


def _crm(deals: TableFrame | None, sales: TableFrame | None, lang: str) -> dict[str, Any]:
    """The plan's deals (``sources.deals.deal_outcomes``' columns) and revenue per
    salesperson and client, from tblDeals and tblTeamSales, read as the sheet's formulas read
    them: a deal is won or lost by its status, the workbook's word (case aside), open
    otherwise, and must then have its stage; a probability above 1 is a percentage. An
    empty table gives none, so the funnel stays the typed one."""
    found: dict[str, Any] = {}
    if deals is not None and len(deals.frame):
        frame = deals.frame
        words = {layout.DEAL_STATUS[k][lang].casefold(): k for k in layout.DEAL_STATUS}
        outcome = []
        for i, (status, stage) in enumerate(zip(frame["status"], frame["stage"], strict=True)):
            typed = "" if is_blank(status) else str(status).strip().casefold()
            if typed and typed not in words:
                raise deals.locate(XlsalesError("status", "choice", row=i + 1, value=status,
                                                choices=", ".join(words)), i + 1, "status")
            outcome.append(words.get(typed, "open"))
            if outcome[-1] == "open" and is_blank(stage):
                raise deals.locate(XlsalesError("stage", "blank", row=i + 1), i + 1, "stage")
        share = pd.to_numeric(frame["probability"], errors="coerce")
        outcomes = pd.DataFrame({
            "outcome": outcome,
            "stage": [None if is_blank(v) else str(v) for v in frame["stage"]],
            "probability": share.where(~(share > 1), share / 100).astype(float)})
        for key in ("name", "amount", "created", "closed", "owner", "source"):
            outcomes[key] = frame[key].to_numpy(dtype=object)
        outcomes["account"] = None
        found.update(deals=outcomes, deal_order=tuple(known_order(outcomes["stage"])))
    if sales is not None and len(sales.frame):
        frame = sales.frame
        keep = frame["salesperson"].map(lambda v: not is_blank(v)) & \
            frame["client"].map(lambda v: not is_blank(v))
        frame = frame[keep]
        found["owner_revenue"] = pd.DataFrame({
            "salesperson": frame["salesperson"].astype(str).to_numpy(dtype=object),
            "client": pd.Series(to_keys(frame["client"]), dtype=object).to_numpy(),
            "revenue_prev": frame["revenue_prev"].to_numpy(dtype=float),
            "revenue_curr": frame["revenue_curr"].to_numpy(dtype=float)})
    return found


def _refuse_uncomputed(read: TableFrame, cells: set[tuple[int, int]]) -> None:
    """Stop at the first input cell that holds a formula with no saved result."""
    if not cells:
        return
    for key, column in read.sheet_columns.items():
        if key in read.missing:
            continue
        for i, row in enumerate(read.sheet_rows):
            if (row, column) in cells and is_blank(read.frame[key].iat[i]):
                raise read.locate(XlsalesError(key, "no_result"), i + 1, key)


def _checked(read: TableFrame) -> tuple[TableFrame, dict[Cell, tuple[str, Any]]]:
    """The table with its number and date columns parsed, and the cells whose text
    numbers and dates are to be written back as such ((text, value) by cell); the first
    bad cell raises, an error cell (#N/A...) in any column first."""
    frame = read.frame.copy()
    name = read.table.name
    rewrites: dict[Cell, tuple[str, Any]] = {}
    for key in frame.columns:
        found = first_error(frame[key].tolist())
        if found is not None:
            error = XlsalesError(key, "cell_error", row=found[0] + 1, error=found[1])
            raise read.locate(error, found[0] + 1, key) from None
    for key in NUMBERS.get(name, ()):
        try:
            frame[key] = to_numbers(frame[key], key)
        except XlsalesError as error:
            raise read.locate(error, error.row, key) from None
        rewrites.update(_texts_read(read, key, frame[key]))
    for key in DATES.get(name, ()):
        try:
            frame[key] = pd.Series(to_dates(frame[key], key), dtype=object)
        except XlsalesError as error:
            raise read.locate(error, error.row, key) from None
        rewrites.update(_texts_read(read, key, frame[key]))
    return dataclasses.replace(read, frame=frame), rewrites


def _texts_read(read: TableFrame, key: str, parsed: pd.Series) -> dict[Cell, tuple[str, Any]]:
    """The cells of column ``key`` that held text read as a number or a date: (text,
    value) by cell."""
    if key in read.missing:
        return {}
    column = read.sheet_columns[key]
    return {(read.sheet, read.sheet_rows[i], column): (typed, value)
            for i, (typed, value) in enumerate(zip(read.frame[key].tolist(), parsed.tolist(),
                                                   strict=True))
            if isinstance(typed, str) and not is_blank(value)}


def _shown(typed: str, value: Any, lang: str) -> str:
    """"'1 234,50' → 1234,5": the text as typed and what it became."""
    if isinstance(value, dt.datetime):
        became = value.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    else:
        became = show_value(value, lang)
    return f"{show_value(typed, lang)} → {became}"


# --- settings -----------------------------------------------------------------------------

Reader = Callable[[NamedCells, str, str, Any], Any]


def _settings(book: OpenBook, names: tuple[str, ...],
              uncomputed: dict[str, set[tuple[int, int]]], rewrites: dict[Cell, Any],
              notes: list[str]) -> dict[str, Any]:
    """The settings' values; a setting typed as text ("80 %", "31/12/2026") goes into
    ``rewrites`` as the number or date read, told in ``notes``."""
    lang, defaults = book.lang, PlanSettings()
    values, cells = {}, {}
    for name in names:
        field, read = SETTINGS[name]
        cells[name] = book.read_input(name)
        found = first_error(cells[name].values)
        if found is not None:
            label = _label(name, lang)
            raise cells[name].locate(XlsalesError(label, "cell_error", error=found[1]), label,
                                     found[0])
        _refuse_uncomputed_setting(cells[name], _label(name, lang),
                                   uncomputed.get(cells[name].sheet, set()))
        values[field] = read(cells[name], _label(name, lang), lang, getattr(defaults, field))
        _setting_texts(cells[name], values[field], _label(name, lang), lang, rewrites, notes)
    if "a_share" in values and "b_share" in values and values["a_share"] >= values["b_share"]:
        a_cells, label = cells["xls_abc_a_share"], _label("xls_abc_a_share", lang)
        raise a_cells.locate(XlsalesError(
            label, "not_below", value=a_cells.values[0], other=_label("xls_abc_b_share", lang),
            other_value=cells["xls_abc_b_share"].values[0]), label)
    return values


def _row_col(ref: str) -> tuple[int, int]:
    """ "F14" → (14, 6)."""
    letters, digits = re.match(r"([A-Z]+)(\d+)", ref).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


def _refuse_uncomputed_setting(cells: NamedCells, label: str,
                               uncomputed: set[tuple[int, int]]) -> None:
    """Stop at a setting's cell holding a formula with no saved result: read blank, it
    would silently take the default."""
    for i, (ref, value) in enumerate(zip(cells.refs, cells.values, strict=True)):
        if _row_col(ref) in uncomputed and is_blank(value):
            raise cells.locate(XlsalesError(label, "no_result"), label, i)


def _setting_texts(cells: NamedCells, read: Any, label: str, lang: str,
                   rewrites: dict[Cell, Any], notes: list[str]) -> None:
    """The setting's text cells read as a number or a date, to write back as such: the
    template's formulas read the cell itself (a share's "80 %" as text is no number)."""
    values = read if isinstance(read, tuple) else (read,)
    for ref, typed, value in zip(cells.refs, cells.values, values, strict=False):
        if not isinstance(typed, str) or is_blank(typed) or isinstance(value, bool | str):
            continue
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        if not isinstance(value, int | float | dt.datetime):
            continue
        rewrites[(cells.sheet, *_row_col(ref))] = value
        notes.append(say(LABELS, "rewritten_setting", lang).format(
            label=label, sheet=cells.sheet, cell=ref, value=_shown(typed, value, lang)))


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


YES_NO = {"yes": {"en": "yes", "fr": "oui"}, "no": {"en": "no", "fr": "non"}}


def _minutes(value: Any, label: str) -> float:
    """A type's default minutes: a duration of 0 to 24 hours (90, "1h30", "1:30")."""
    return parse_duration(value, label)


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
    "xls_cost_minutes": ("cost_minutes", _each(_minutes)),
    "xls_cost_remote": ("cost_remote", _each(_choice(YES_NO))),
    "xls_hourly_cost": ("hourly_cost", _one(_non_negative)),
    "xls_visit_cost": ("visit_cost", _one(_non_negative)),
    "xls_cost_visits": ("cost_visits", _each(_non_negative)),
    "xls_cost_calls": ("cost_calls", _each(_non_negative)),
}
"""Input name → (``PlanSettings`` field, reader)."""

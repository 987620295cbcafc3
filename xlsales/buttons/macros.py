"""The workbook's buttons: one function per ``layout.BUTTONS`` entry, made from it.

Each button's VBA sub runs ``RunPython "import xlsales.macros; xlsales.macros.<macro>()"``;
the same function serves xlwings Lite (``refresh_all(book)`` in a ``@script``) and the
command line (``run_macro_file``). A macro reads the tables and settings its areas depend
on, runs ``plan.analyse``, and writes only its own output areas (``blocks``) plus the
status area: the refresh stamp, with the first problem an analysis met or a note (a
column the workbook lacks, rows typed below a table).

A bad cell or setting stops the macro before anything is written: the message names the
cell, goes to the status area of a live workbook (whose other areas are left, or put back,
as they were), and is raised for the command line, whose file stays byte-identical. An
analysis problem that points at a row of a table (a score outside 1–5, a funnel stage
above the one before) stops it the same way; one that does not (an empty table, nothing
to share out) is shown beside the stamp and the areas are written with what could be
computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from xlsales.buttons.book import OpenBook
from xlsales.buttons.book_file import FileBook
from xlsales.buttons.book_inputs import BookInputs, read_book_inputs
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import say
from xlsales.common.text import moment
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import POTENTIAL_CRITERIA, RISK_CRITERIA, PlanResults, analyse
from xlsales.plan.layout import macro_name

__all__ = [  # and one function per button, named after its macro (refresh_all...)
    "LABELS",
    "MACROS",
    "Macro",
    "MacroResult",
    "macro_name",
    "run_macro",
    "run_macro_file",
    *(b.macro for b in layout.BUTTONS),
]

Rows = list[list[Any]]

LABELS = {
    "failed": {"en": "Not refreshed (xlsales, {when}); nothing was changed",
               "fr": "Non actualisé (xlsales, {when}) ; rien n'a été modifié"},
    "unexpected": {"en": "Unexpected error, please report it: {error}",
                   "fr": "Erreur inattendue, merci de la signaler : {error}"},
    "funnel_deals": {"en": "funnel from tblDeals ({n} deals)",
                     "fr": "entonnoir tiré de tblDeals ({n} affaires)"},
    "no_sales": {"en": "tblTeamSales is empty: the portfolio per salesperson needs who sold what "
                        "(a ledger's salesperson column, or typed)",
                 "fr": "tblTeamSales est vide : le portefeuille par commercial demande qui a vendu "
                       "quoi (colonne commercial du grand livre, ou saisi)"},
    "funnel_typed": {"en": "funnel as typed in tblFunnel (tblDeals is empty)",
                     "fr": "entonnoir saisi dans tblFunnel (tblDeals est vide)"},
}


# A button's work (areas written, tables and settings read, analyses that stop it) is
# declared with the button in ``layout.BUTTONS``.
Macro = layout.Button
MACROS: dict[str, Macro] = layout.BUTTON_BY_MACRO

# Analysis problems that can be placed at a table cell: the analysis reads the column in
# table order, and its error names the column (as ``arg`` or ``column``) like this.
_CELL_ARGS: dict[str, tuple[str, dict[str, str]]] = {
    "status": ("tblClients", {"revenue_prev": "revenue_prev",
                              "revenue_curr": "revenue_curr"}),
    "potential": ("tblClients", {k: k for k in POTENTIAL_CRITERIA}),
    "risk": ("tblClients", {k: k for k in RISK_CRITERIA}),
    "prospect_levels": ("tblProspects", {"potential": "potential",
                                         "accessibility": "accessibility"}),
    "reminders": ("tblProspects", {"last_contact": "last_contact"}),
    "activity": ("tblTeam", {k: k for k in ("quantity", "orientation", "efficiency")}),
    "funnel": ("tblFunnel", {"counts": "count"}),
    "clients_at_risk": ("tblPurchases", {k: k for k in ("client", "date", "amount")}),
}


@dataclass(frozen=True)
class MacroResult:
    """What a run did: the rows written per area (the status included), the notes shown
    beside the stamp, the file written and its backup (file runs), or the error that
    stopped it (shown in a live workbook's status area)."""

    macro: str
    lang: str
    written: dict[str, Rows]
    notes: tuple[str, ...] = ()
    saved: Path | None = None
    backup: Path | None = None
    error: XlsalesError | None = None


def run_macro(macro: str, book: OpenBook, *, when: dt.datetime | None = None) -> MacroResult:
    """Run ``macro`` on one of our ``OpenBook`` objects: read, analyse, then write every area
    and save, or raise (after showing the message in the workbook when it is live)."""
    spec = MACROS[macro_name(macro)]
    when = when or dt.datetime.now().replace(microsecond=0)
    try:
        lang = book.lang
        inputs = read_book_inputs(book, spec.tables, spec.settings)
        results = analyse(inputs.data)
        shown = _problems(spec, results, inputs)
        written, notes = {}, [*_funnel_source(spec, inputs, lang), *inputs.notes,
                              *inputs.rewrite_notes]
        for area in spec.areas:
            written[area] = _block(area, results, inputs, lang, notes)
        written["xls_status"] = _status(shown, notes, lang, when)
        book.write_areas(written, {**inputs.rewrites, **_client_outputs(spec, results, inputs)})
        saved, backup = book.save()
    except XlsalesError as error:
        book.report_error(_failure(error.message(book.lang), book.lang, when))
        raise
    except Exception as error:
        text = say(LABELS, "unexpected", book.lang).format(
            error=f"{type(error).__name__}: {error}")
        book.report_error(_failure(text, book.lang, when))
        raise
    return MacroResult(spec.macro, lang, written, tuple(notes), saved, backup)


def run_macro_file(macro: str, path: str | Path, *, backup: bool = True,
                   output: str | Path | None = None) -> MacroResult:
    """Run ``macro`` (its Python or VBA name) on the workbook file ``path``, for
    ``xlsales run``: in place, keeping ``<name>.bak<ext>`` unless ``backup`` is False, or
    into ``output``.

    Raises ``XlsalesError`` for bad data (the file is then byte-identical) and
    ``book.WorkbookFileError`` for a file that cannot be read or written.
    """
    name = macro_name(macro)
    return run_macro(name, FileBook(path, output=output, backup=backup))


# --- the buttons ------------------------------------------------------------------------


def _button_function(button: layout.Button) -> Any:
    """The function a button calls (``refresh_all(book=None)``): RunPython calls it with no
    book, xlwings Lite with the open book, Python with any ``OpenBook``."""

    def press(book: Any = None) -> MacroResult:
        return _button(button.macro, book)

    press.__name__ = press.__qualname__ = button.macro
    press.__doc__ = button.doc
    return press


for _each in layout.BUTTONS:
    globals()[_each.macro] = _button_function(_each)
del _each


def _button(macro: str, book: Any) -> MacroResult:
    """``book``: None (the workbook whose button called, through RunPython), an xlwings
    Book (xlwings Lite's ``@script``), or one of our ``OpenBook`` objects.

    In a live workbook a data problem is shown in the status area and returned in
    ``MacroResult.error`` rather than raised: a raised error would put a traceback in
    front of the user. Our own books raise it, for their callers to show.
    """
    if isinstance(book, OpenBook):
        return run_macro(macro, book)
    from xlsales.buttons.book_live import LiveBook

    live = LiveBook(_caller() if book is None else book)
    try:
        return run_macro(macro, live)
    except XlsalesError as error:
        if not live.error_shown:
            raise
        return MacroResult(macro, live.lang, {}, error=error)


def _caller() -> Any:
    import xlwings

    return xlwings.Book.caller()


# --- what a macro writes -------------------------------------------------------------


def _problems(spec: Macro, results: PlanResults, inputs: BookInputs) -> dict[str, XlsalesError]:
    """The problems of the macro's analyses to show beside the stamp; raises the first
    that points at a row, placed at its cell when it can be."""
    mine = {name: error for name, error in results.problems.items()
            if spec.analyses is None or name in spec.analyses}
    for name, error in mine.items():
        if error.row is not None:
            raise _located(name, error, inputs)
    return mine


def _located(analysis: str, error: XlsalesError, inputs: BookInputs) -> XlsalesError:
    table, columns = _CELL_ARGS.get(analysis, ("", {}))
    key = columns.get(str(error.column)) or columns.get(error.arg)
    read = inputs.tables.get(table)
    if key is None or read is None or not 1 <= error.row <= len(read.table_rows):
        return error
    return read.locate(error, error.row, key)


def _block(area: str, results: PlanResults, inputs: BookInputs, lang: str,
           notes: list[str]) -> Rows:
    return blocks.block_rows(area, results, lang)


def _funnel_source(spec: Macro, inputs: BookInputs, lang: str) -> list[str]:
    """Where the funnel came from, for a button that reads both tblFunnel and tblDeals;
    for a button that reads tblTeamSales and not the funnel (the team's), that it is empty."""
    tables = set(spec.tables)
    if "tblTeamSales" in tables and "tblFunnel" not in tables and inputs.data.owner_revenue is None:
        return [say(LABELS, "no_sales", lang)]
    if not {"tblFunnel", "tblDeals"} <= set(spec.tables):
        return []
    deals = inputs.data.deals
    if deals is None:
        return [say(LABELS, "funnel_typed", lang)]
    return [say(LABELS, "funnel_deals", lang).format(n=len(deals))]


def _client_outputs(spec: Macro, results: PlanResults, inputs: BookInputs
                    ) -> dict[tuple[str, int, int], Any]:
    """tblClients' output columns (usual gap, probability of still buying...) for a button
    that writes the clients at risk: the core's values, row by row, blank without them."""
    read = inputs.tables.get("tblClients")
    if "xls_risk_list" not in spec.areas or read is None or not read.output_columns:
        return {}
    found = results.client_risk
    values = (found.per_client(read.frame["client"].to_numpy(dtype=object))
              if found is not None else None)
    cells: dict[tuple[str, int, int], Any] = {}
    for key, column in read.output_columns.items():
        for i, row in enumerate(read.sheet_rows):
            value = None if values is None else values[key].iat[i]
            cells[read.sheet, row, column] = None if pd.isna(value) else float(value)
    return cells


def _status(shown: dict[str, XlsalesError], notes: list[str], lang: str,
            when: dt.datetime) -> Rows:
    first = next(iter(shown.values()), None)
    messages = [first.message(lang)] if first is not None else []
    stamp = say(blocks.LABELS, "refreshed", lang).format(when=moment(when, lang))
    return [[stamp, " | ".join(messages + notes) or None]]


def _failure(message: str, lang: str, when: dt.datetime) -> Rows:
    return [[say(LABELS, "failed", lang).format(when=moment(when, lang)),
             message]]

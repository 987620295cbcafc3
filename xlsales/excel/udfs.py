"""Excel cell formulas for xlsales: thin adapters over the library, one code for every Excel.

Desktop Excel runs this module through the xlwings add-in (UDF_MODULES = xlsales_udfs);
Excel for Mac and the web through xlwings Lite (``from xlsales_udfs import *`` in its
main.py). The two hand arguments over differently: COM gives floats, datetimes and error
codes, Office.js gives ints, serial numbers and error objects. So every function is declared
with ``excel_function``, which makes the arguments alike, answers a bad input with a short
"#XLSALES! ..." message rather than a traceback, and hands results back as cells.

What a function receives and returns:
- each argument as a 2-D list of cells (``ndim=2``), or its Python default when omitted;
  error cells as their text ("#N/A", ``cells.READ_OPTIONS``) rather than as blanks. ``line``,
  ``single`` and ``rows`` take the values out of a row or column, a cell, a table, and
  report an error cell by argument, row (and column); ``elementwise`` readies the
  arguments of an elementwise core function (a cell broadcast against a column). Dates
  and numbers are read by ``xlsales.common.dates`` and ``xlsales.common.values``, which accept both
  runtimes' forms;
- a value or a 2-D list of rows, which Excel spills as a dynamic array: ``shaped_like``
  answers a column with a column, ``table`` spills a result table under a header row,
  ``in_words`` shows its English keys in the user's language. Short rows are padded,
  blanks (None, NaN) come back as empty cells, dates as dates, an infinity as "∞";
- an optional argument given an empty cell takes its default, as when left out;
- ``lang`` ("en" or "fr"), last in every function, chooses the language of its words and
  messages; messages name the arguments as the user sees them (``excel_names`` renames
  the core's where they differ).

Each function is one call over whole columns: the conversion of the cells is the floor
(benchmarks/bench_udfs.py), so nothing here works cell by cell in Python beyond it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import logging
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

import xlsales
from xlsales.common.dates import to_dates
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import Labels, check_lang, say
from xlsales.common.shapes import align, refuse_ragged
from xlsales.common.values import to_growth, to_growths, to_keys, to_numbers
from xlsales.excel.cells import READ_OPTIONS, refuse_error_cells
from xlsales.method import abc, bgnbd, churn, cohorts, funnel, matrix, potential, rhythm
from xlsales.method import cost_to_serve as serve
from xlsales.plan.blocks import approach_label

__all__ = [
    "ABC_CLASS",
    "ABC_LIMITS",
    "ABC_SUMMARY",
    "ACCESS_LEVEL",
    "ACTIVITY_GAIN",
    "ACTIVITY_INDEX",
    "ACTIVITY_LEVER",
    "CHURN_HALF_LIFE",
    "CHURN_PROJECTION",
    "CHURN_RATE",
    "CLIENT_APPROACH",
    "CLIENT_RHYTHM",
    "COHORT_RETENTION",
    "CONCENTRATION",
    "COST_TO_SERVE",
    "FUNNEL_NEEDED",
    "FUNNEL_RATIOS",
    "FUNNEL_WEAKEST",
    "MATRIX_SIGNALS",
    "NEW_CLIENTS_NEEDED",
    "NEXT_CONTACT",
    "PORTFOLIO_BRIDGE",
    "POTENTIAL_LEVEL",
    "POTENTIAL_SCORE",
    "PRIORITY",
    "P_ALIVE",
    "RISK_LEVEL",
    "RISK_SCORE",
    "SEGMENT_MATRIX",
    "SHARE_OF_WALLET",
    "VALUE_PER_COST",
    "XLSALES_DATE",
    "XLSALES_KEY",
    "XLSALES_NUMBER",
    "XLSALES_VERSION",
]

CATEGORY = "xlsales"

LABELS = {
    "internal_error": {"en": "internal error", "fr": "erreur interne"},
    "diagnosis": {"en": "Diagnosis", "fr": "Diagnostic"},
}

Doc = tuple[str, str]  # (English, French), shown joined in Excel's function wizard

LANG_DOC: Doc = ("Language of messages: en or fr (en if left out)",
                 "Langue des messages : en ou fr (en si omise)")
WORDS_DOC: Doc = ("Language of headers, labels and messages: en or fr (en if left out)",
                  "Langue des en-têtes, libellés et messages : en ou fr (en si omise)")

_log = logging.getLogger(__name__)


def excel_function(description: Doc, **arg_docs: Doc) -> Callable[[Callable], Callable]:
    """Declare ``compute`` as an Excel function of the xlsales category.

    Every argument needs its doc: Excel shows them while the user types the formula.
    """

    def declare(compute: Callable) -> Callable:
        params = inspect.signature(compute).parameters
        names = list(params)
        if sorted(names) != sorted(arg_docs):
            raise TypeError(f"{compute.__name__}: give a doc for each of {names}")
        lang_at = names.index("lang") if "lang" in names else None
        defaults = {i: p.default for i, p in enumerate(params.values())
                    if p.default is not inspect.Parameter.empty}

        @functools.wraps(compute)
        def formula(*args: Any) -> Any:
            # An optional argument pointing at an empty cell means "the usual value", as
            # when it is left out (a blank is never 0).
            args = tuple(defaults[i] if i in defaults and _is_empty_cell(arg) else arg
                         for i, arg in enumerate(args))
            lang = "en"
            try:
                if lang_at is not None and lang_at < len(args):
                    lang = check_lang(single(args[lang_at], "lang"))
                    args = (*args[:lang_at], lang, *args[lang_at + 1:])
                return _cells(compute(*args))
            except XlsalesError as err:
                return f"#XLSALES! {err.message(lang)}"
            except Exception as err:
                # A cell shows one short line; the traceback goes to the log (xlwings'
                # console on Windows, the output pane in xlwings Lite).
                _log.exception("%s failed", compute.__name__)
                return f"#XLSALES! {say(LABELS, 'internal_error', lang)} ({type(err).__name__})"

        formula.__doc__ = _both(description)
        formula.__annotations__ = {}  # no converter chosen from type hints: the cells are ours
        declared = formula
        for name in names:
            declared = xw.arg(name, **READ_OPTIONS, doc=_both(arg_docs[name]))(declared)
        # call_in_wizard=False: while Excel's function wizard is open on a formula, xlwings'
        # VBA wrapper exits at once instead of computing whole columns at every keystroke.
        return xw.func(category=CATEGORY, call_in_wizard=False)(declared)

    return declare


def _is_empty_cell(cells: Any) -> bool:
    return (isinstance(cells, list) and len(cells) == 1 and isinstance(cells[0], list)
            and len(cells[0]) == 1 and cells[0][0] is None)


def _both(doc: Doc) -> str:
    english, french = doc
    return f"{english} / {french}"


def _grid(cells: Any) -> Sequence[Sequence[Any]]:
    """Cells as rows: xlwings hands a rectangular 2-D list; a Python caller may not."""
    if not isinstance(cells, list | tuple):
        return [[cells]]
    if cells and isinstance(cells[0], list | tuple):
        return cells
    return [[value] for value in cells]  # a flat list reads as a column


def _one_cell(cells: Any) -> bool:
    grid = _grid(cells)
    return len(grid) == 1 and len(grid[0]) == 1


def line(cells: Any, arg: str) -> list[Any]:
    """The values of a cell, row or column argument, in reading order."""
    grid = _grid(cells)
    if len(grid) > 1 and len(grid[0]) > 1:
        raise XlsalesError(arg, "not_line", rows=len(grid), cols=len(grid[0]))
    values = list(chain.from_iterable(grid))
    refuse_error_cells(values, arg, lambda k: {"row": k + 1})
    return values


def single(cells: Any, arg: str) -> Any:
    """The value of a one-cell argument (a parameter such as a share or a language)."""
    grid = _grid(cells)
    if len(grid) != 1 or len(grid[0]) != 1:
        raise XlsalesError(arg, "not_single", rows=len(grid), cols=len(grid[0]) if grid else 0)
    refuse_error_cells(grid[0], arg, lambda k: {})
    return grid[0][0]


def rows(cells: Any, arg: str) -> list[list[Any]]:
    """The rows of a table argument (one row per client, one column per criterion)."""
    grid = [list(cells_row) for cells_row in _grid(cells)]
    if not grid or not grid[0]:
        raise XlsalesError(arg, "empty")
    width = refuse_ragged(grid, arg)  # Python may hand ragged rows
    refuse_error_cells(list(chain.from_iterable(grid)), arg,
                        lambda k: {"row": k // width + 1, "column": k % width + 1})
    return grid


def elementwise(**cells: Any) -> tuple[list[Any], Callable[[Any], Any]]:
    """The arguments of an elementwise core function, and how to hand its answer back.

    Each argument becomes its value (one cell) or the list of its row or column, so the
    core broadcasts a single cell against a column; columns of unequal length are
    refused under the names the user sees. The answer takes the shape of the first
    argument that is not one cell.
    """
    values = [single(c, name) if _one_cell(c) else line(c, name) for name, c in cells.items()]
    lines = {name: value for name, value in zip(cells, values, strict=True)
             if isinstance(value, list)}
    if len(lines) > 1:
        align(**lines)
    template = next((c for c in cells.values() if not _one_cell(c)), None)
    return values, functools.partial(shaped_like, template)


def shaped_like(cells: Any, results: Any) -> Any:
    """One answer per value of ``cells``, as a cell, a row or a column like ``cells``."""
    if not isinstance(results, list | tuple | np.ndarray):
        return results  # the core answered one value for one cell
    if isinstance(results, np.ndarray):
        flat = results.ravel()
    else:
        flat = np.empty(len(results), dtype=object)
        flat[:] = results
    grid = _grid(cells)
    if len(grid) == 1 and len(grid[0]) == 1:
        return flat[:1].tolist()[0]
    if len(grid) == 1:
        return [flat.tolist()]
    return flat.reshape(-1, 1).tolist()


def table(frame: pd.DataFrame, *, index: bool = True, header: bool = True) -> list[list[Any]]:
    """A result table as rows of cells: a header row (the index's name in its corner)
    and, with ``index``, the row labels in the first column."""
    body = frame.to_numpy(dtype=object).tolist()
    if index:
        body = [[label, *cells] for label, cells in zip(frame.index.tolist(), body, strict=True)]
    if header:
        body.insert(0, [frame.index.name] * index + frame.columns.tolist())
    return body


def in_words(found: Any, labels: Labels, lang: str) -> Any:
    """Stable English keys shown in ``lang``: a key, a list of keys, or a table's headers
    and row labels. What is not a key of ``labels`` (a client's name) shows as it is."""

    def word(key: Any) -> Any:
        return say(labels, key, lang) if isinstance(key, str) and key in labels else key

    if isinstance(found, pd.DataFrame):
        shown = found.rename(index=word, columns=word)
        shown.index.name = word(found.index.name)
        return shown
    if isinstance(found, list | tuple | np.ndarray):
        return [word(key) for key in found]
    return word(found)


@contextlib.contextmanager
def excel_names(names: Mapping[str | tuple[str, str], str]) -> Iterator[None]:
    """Errors the core raises under its own argument names, told under the Excel ones.

    A key is the core's name, or (name, problem) where one core name covers two Excel
    arguments (a bridge side holds both the clients and their revenue).
    """
    try:
        yield
    except XlsalesError as err:
        arg = names.get((err.arg, err.problem), names.get(err.arg))
        if arg is None:
            raise
        raise err.at_row(err.row, arg=arg) from None


def _cells(result: Any) -> Any:
    """A result as Excel takes it: a value, or rectangular rows (short rows padded)."""
    if not isinstance(result, list | tuple):
        return _cell(result)
    widths = set(map(len, result))
    width = max(widths, default=0)
    if not width:
        return None  # Excel cannot show an empty array
    if len(widths) == 1 and set(map(type, result)) == {list}:
        grid = list(result)  # the common case, a million rows at C speed
    else:
        grid = [[*cells, *[None] * (width - len(cells))] for cells in result]
    kinds = set(map(type, chain.from_iterable(grid)))
    if kinds <= _AS_IS:  # text, whole numbers, dates, blanks: nothing to change
        return grid
    cells = np.empty((len(grid), width), dtype=object)
    cells[:] = grid
    if not kinds <= _AS_IS | {float}:
        with np.errstate(invalid="ignore"):  # NaN passing through raises numpy's flag
            cells = _CELL(cells)  # numpy and pandas values, one by one
    # NaN is the only value unequal to itself; both tests run over the array in C
    cells[cells != cells] = None
    for infinite, shown in _INFINITE.items():
        cells[cells == infinite] = shown
    return cells.tolist()


_AS_IS = frozenset({str, int, bool, type(None), dt.datetime, dt.date})
# Excel has no infinity (a cell would show #NUM!, xlwings Lite would fail to send it):
# a half-life at a churn of 0 reads "∞".
_INFINITE = {math.inf: "∞", -math.inf: "-∞"}


def _cell(value: Any) -> Any:
    """One result as Excel should show it: blanks empty, numbers plain, dates as dates."""
    kind = type(value)
    if kind is float:
        return None if value != value else _INFINITE.get(value, value)
    if kind in _AS_IS:
        return value
    if isinstance(value, float):
        return _cell(float(value))
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[us]").item()
    if isinstance(value, np.generic):
        return _cell(value.item())
    return value


_CELL = np.frompyfunc(_cell, 1, 1)


# ---------------------------------------------------------------------------------------
# Reading cells the way xlsales reads them
# ---------------------------------------------------------------------------------------

@excel_function(
    ("The installed xlsales version, to quote when reporting a problem.",
     "La version d'xlsales installée, à citer pour signaler un problème."),
)
def XLSALES_VERSION() -> str:
    return xlsales.__version__


@excel_function(
    ("Reads numbers typed as text ('1 234,50 €', '1,234.50', '45 %') as xlsales reads them.",
     "Lit les nombres saisis en texte (« 1 234,50 € », « 1,234.50 », « 45 % ») "
     "comme xlsales les lit."),
    text=("A cell, row or column of numbers, as text or as numbers",
          "Une cellule, ligne ou colonne de nombres, en texte ou en nombres"),
    lang=LANG_DOC,
)
def XLSALES_NUMBER(text: Any, lang: str = "en") -> Any:
    return shaped_like(text, to_numbers(line(text, "text"), "text"))


@excel_function(
    ("Reads dates typed as text ('31/12/2025', day first; '2025-12-31') or as serial numbers.",
     "Lit les dates saisies en texte (« 31/12/2025 », jour d'abord ; « 2025-12-31 ») "
     "ou en numéros de série."),
    value=("A cell, row or column of dates", "Une cellule, ligne ou colonne de dates"),
    lang=LANG_DOC,
)
def XLSALES_DATE(value: Any, lang: str = "en") -> Any:
    return shaped_like(value, to_dates(line(value, "value"), "value"))


@excel_function(
    ("Client, segment or product codes as xlsales matches them: 1001 and '1001' are one client.",
     "Codes client, segment ou produit tels qu'xlsales les rapproche : 1001 et « 1001 » "
     "sont un même client."),
    value=("A cell, row or column of codes or names",
           "Une cellule, ligne ou colonne de codes ou de noms"),
    lang=LANG_DOC,
)
def XLSALES_KEY(value: Any, lang: str = "en") -> Any:
    return shaped_like(value, to_keys(line(value, "value"), "value"))



# ---------------------------------------------------------------------------------------
# ABC analysis and concentration (METHOD.md §2)
# ---------------------------------------------------------------------------------------

VALUES_DOC: Doc = ("Revenue per client: a column (or row) of amounts",
                   "CA par client : une colonne (ou ligne) de montants")
A_SHARE_DOC: Doc = ("Share of revenue class A reaches: 80% if left out",
                    "Part du CA que la classe A atteint : 80 % si omise")
B_SHARE_DOC: Doc = ("Share of revenue classes A and B reach: 95% if left out",
                    "Part du CA que les classes A et B atteignent : 95 % si omise")
METHOD_DOC: Doc = ("pareto (fixed shares, if left out) or computed (limits drawn from the data)",
                   "pareto (parts fixes, si omise) ou computed, calculé (limites tirées "
                   "des données)")


@excel_function(
    ("Class A, B or C of each client by revenue; blank for a blank. Spills beside the column.",
     "Classe A, B ou C de chaque client selon son CA ; vide si vide. S'étend à côté de la "
     "colonne."),
    values=VALUES_DOC, a_share=A_SHARE_DOC, b_share=B_SHARE_DOC, method=METHOD_DOC,
    lang=LANG_DOC,
)
def ABC_CLASS(values: Any, a_share: Any = 0.8, b_share: Any = 0.95, method: Any = "pareto",
              lang: str = "en") -> Any:
    (revenue,), answer = elementwise(values=values)
    return answer(xlsales.abc_classes(revenue, single(a_share, "a_share"),
                                      single(b_share, "b_share"), single(method, "method")))


@excel_function(
    ("The A/B and B/C limits: cumulative share of clients, of revenue, revenue threshold.",
     "Les limites A/B et B/C : part cumulée des clients, du CA, seuil de CA."),
    values=VALUES_DOC, method=METHOD_DOC, lang=WORDS_DOC,
)
def ABC_LIMITS(values: Any, method: Any = "pareto", lang: str = "en") -> Any:
    limits = xlsales.abc_limits(line(values, "values"), method=single(method, "method"))
    return table(limits.to_frame(lang), index=False)


@excel_function(
    ("Per class A, B, C and in total: clients, share of clients, revenue, share, mean.",
     "Par classe A, B, C et au total : clients, part des clients, CA, part du CA, moyenne."),
    values=VALUES_DOC, a_share=A_SHARE_DOC, b_share=B_SHARE_DOC, method=METHOD_DOC,
    lang=WORDS_DOC,
)
def ABC_SUMMARY(values: Any, a_share: Any = 0.8, b_share: Any = 0.95, method: Any = "pareto",
                lang: str = "en") -> Any:
    summary = xlsales.abc_summary(line(values, "values"), single(a_share, "a_share"),
                                  single(b_share, "b_share"), single(method, "method"))
    return table(in_words(summary, abc.LABELS, lang))


@excel_function(
    ("How concentrated the revenue is (top client, top 5, Gini...) and the diagnosis in words.",
     "La concentration du CA (premier client, 5 premiers, Gini...) et le diagnostic en mots."),
    values=VALUES_DOC, lang=WORDS_DOC,
)
def CONCENTRATION(values: Any, lang: str = "en") -> Any:
    found = xlsales.concentration(line(values, "values"))
    return [*table(found.to_frame(lang), index=False),
            [say(LABELS, "diagnosis", lang), found.diagnosis(lang)]]


# ---------------------------------------------------------------------------------------
# Portfolio and churn (METHOD.md §1, §6)
# ---------------------------------------------------------------------------------------

@excel_function(
    ("Portfolio N-1 to N: lost, retained and new clients with their revenue, churn, evolution.",
     "Portefeuille N-1 à N : clients perdus, conservés, nouveaux et leur CA, attrition, "
     "évolution."),
    clients_prev=("Client codes of year N-1", "Codes client de l'année N-1"),
    revenue_prev=("Their revenue in N-1, one per code", "Leur CA N-1, un par code"),
    clients_curr=("Client codes of year N", "Codes client de l'année N"),
    revenue_curr=("Their revenue in N, one per code", "Leur CA N, un par code"),
    lang=WORDS_DOC,
)
def PORTFOLIO_BRIDGE(clients_prev: Any, revenue_prev: Any, clients_curr: Any,
                     revenue_curr: Any, lang: str = "en") -> Any:
    sides = []
    for clients, revenue, year in ((clients_prev, revenue_prev, "prev"),
                                   (clients_curr, revenue_curr, "curr")):
        ids = line(clients, f"clients_{year}")
        amounts = line(revenue, f"revenue_{year}")
        align(**{f"clients_{year}": ids, f"revenue_{year}": amounts})
        sides.append(pd.Series(amounts, index=pd.Index(ids, dtype=object)))
    with excel_names({"prev": "revenue_prev", "prev (client)": "clients_prev",
                      ("prev", "duplicate"): "clients_prev",
                      "curr": "revenue_curr", "curr (client)": "clients_curr",
                      ("curr", "duplicate"): "clients_curr"}):
        bridge = xlsales.portfolio_bridge(*sides)
    return [*table(bridge.to_frame(lang)), *table(bridge.key_figures(lang), header=False)]


@excel_function(
    ("Churn rate: the share of the clients of N-1 who are not clients in N.",
     "Taux d'attrition : la part des clients de N-1 qui ne sont plus clients en N."),
    clients_prev=("Client codes of year N-1", "Codes client de l'année N-1"),
    clients_curr=("Client codes of year N", "Codes client de l'année N"),
    lang=LANG_DOC,
)
def CHURN_RATE(clients_prev: Any, clients_curr: Any, lang: str = "en") -> Any:
    with excel_names({"prev_ids": "clients_prev", "curr_ids": "clients_curr"}):
        return xlsales.churn_rate(line(clients_prev, "clients_prev"),
                                  line(clients_curr, "clients_curr"))


RATE_DOC: Doc = ("Yearly churn rate, from 0 to below 1 (0.12 or 12%)",
                 "Taux d'attrition annuel, de 0 à moins de 1 (0,12 ou 12 %)")


@excel_function(
    ("Years until half the clients are gone without prospecting; ∞ at a churn of 0.",
     "Années avant de perdre la moitié des clients sans prospecter ; ∞ pour une attrition de 0."),
    rate=RATE_DOC, lang=LANG_DOC,
)
def CHURN_HALF_LIFE(rate: Any, lang: str = "en") -> Any:
    (rates,), answer = elementwise(rate=rate)
    return answer(xlsales.churn_half_life(rates))


@excel_function(
    ("Clients year by year at a constant churn and a yearly intake of new clients.",
     "Clients année par année à attrition constante et avec un apport annuel de nouveaux "
     "clients."),
    clients=("Clients today", "Clients aujourd'hui"),
    rate=RATE_DOC,
    years=("How many years to project, 0 to 100", "Nombre d'années projetées, de 0 à 100"),
    new_per_year=("New clients won each year: 0 if left out",
                  "Nouveaux clients gagnés chaque année : 0 si omis"),
    lang=WORDS_DOC,
)
def CHURN_PROJECTION(clients: Any, rate: Any, years: Any, new_per_year: Any = 0,
                     lang: str = "en") -> Any:
    projection = xlsales.churn_projection(single(clients, "clients"), single(rate, "rate"),
                                          single(years, "years"),
                                          single(new_per_year, "new_per_year"))
    return table(in_words(projection, churn.LABELS, lang))


@excel_function(
    ("New clients to win each year to hold the portfolio, or grow it: clients × (churn + "
     "growth).",
     "Nouveaux clients à gagner par an pour tenir le portefeuille, ou le faire croître : "
     "clients × (attrition + croissance)."),
    clients=("Clients in the portfolio", "Clients du portefeuille"),
    rate=RATE_DOC,
    growth=("Yearly growth aimed at (0.05 or 5%): 0 if left out",
            "Croissance annuelle visée (0,05 ou 5 %) : 0 si omise"),
    lang=LANG_DOC,
)
def NEW_CLIENTS_NEEDED(clients: Any, rate: Any, growth: Any = 0, lang: str = "en") -> Any:
    (counts, rates, growths), answer = elementwise(clients=clients, rate=rate, growth=growth)
    growths = (to_growths(growths, "growth").tolist() if isinstance(growths, list)
               else to_growth(growths, "growth"))
    return answer(xlsales.new_clients_needed(counts, rates, growths))


# ---------------------------------------------------------------------------------------
# Prospecting funnel (METHOD.md §7)
# ---------------------------------------------------------------------------------------

COUNTS_DOC: Doc = ("How many at each stage, top first (suspects ... clients)",
                   "Effectif de chaque étape, du haut vers le bas (suspects ... clients)")
LABELS_DOC: Doc = ("The stages' names, one per count (six counts: the deck's stages)",
                   "Les noms des étapes, un par effectif (six effectifs : les étapes du "
                   "support)")


def _stage_names(labels: Any) -> list[Any] | None:
    return None if labels is None else line(labels, "labels")


@excel_function(
    ("Per stage of the funnel: conversion from the stage before and from the top.",
     "Pour chaque étape de l'entonnoir : conversion depuis l'étape précédente et depuis "
     "le haut."),
    counts=COUNTS_DOC, labels=LABELS_DOC, lang=WORDS_DOC,
)
def FUNNEL_RATIOS(counts: Any, labels: Any = None, lang: str = "en") -> Any:
    ratios = xlsales.funnel_ratios(line(counts, "counts"), _stage_names(labels))
    ratios["step"] = in_words(ratios["step"].tolist(), funnel.LABELS, lang)
    return table(in_words(ratios, funnel.LABELS, lang))


@excel_function(
    ("How many are needed at each stage to win the target at the last, rounded up.",
     "Combien il en faut à chaque étape pour gagner l'objectif à la dernière, arrondi "
     "au-dessus."),
    target=("New clients (last stage) to win", "Nouveaux clients (dernière étape) à gagner"),
    counts=COUNTS_DOC, lang=LANG_DOC,
)
def FUNNEL_NEEDED(target: Any, counts: Any, lang: str = "en") -> Any:
    needed = xlsales.funnel_needed(single(target, "target"), line(counts, "counts"))
    return shaped_like(counts, needed.to_numpy())


@excel_function(
    ("The weakest step of the funnel, where to act first, and its conversion.",
     "L'étape la plus faible de l'entonnoir, où agir d'abord, et sa conversion."),
    counts=COUNTS_DOC, labels=LABELS_DOC, lang=WORDS_DOC,
)
def FUNNEL_WEAKEST(counts: Any, labels: Any = None, lang: str = "en") -> Any:
    weakest = xlsales.funnel_weakest(line(counts, "counts"), _stage_names(labels))
    return [[weakest.label(check_lang(lang)), weakest.conversion]]


# ---------------------------------------------------------------------------------------
# Client potential, risk, approach (METHOD.md §3-4) and prospects (§8)
# ---------------------------------------------------------------------------------------

SCORES_DOC: Doc = ("Criteria scored 1 to 5: one row per client, one column per criterion",
                   "Critères notés de 1 à 5 : une ligne par client, une colonne par critère")
WEIGHTS_DOC: Doc = ("One weight per criterion", "Un poids par critère")
SCORE_DOC: Doc = ("Scores on the 1 to 5 scale (a cell or a column)",
                  "Notes sur l'échelle de 1 à 5 (une cellule ou une colonne)")
LEVEL_LABELS_DOC: Doc = ("en or fr to show the level's label (Big, Gros...); the number if "
                         "left out",
                         "en ou fr pour afficher le libellé du niveau (Big, Gros...) ; le "
                         "nombre si omis")


def _weighted_score(scores: Any, weights: Any) -> Any:
    """One client's scores as a row or a column give one score; a table, one per row."""
    weight = line(weights, "weights")
    grid = rows(scores, "scores")
    if len(grid) == 1 or (len(grid[0]) == 1 and len(grid) == len(weight)):
        return xlsales.weighted_score(list(chain.from_iterable(grid)), weight)
    table_of_scores = np.empty((len(grid), len(grid[0])), dtype=object)
    table_of_scores[:] = grid  # a 2-D array: the core reads it a criterion at a time
    # one score per row of the table: shaped like a column of its rows
    return shaped_like(grid, xlsales.weighted_score(table_of_scores, weight))


@excel_function(
    ("Potential score: the weighted mean of criteria scored 1 to 5 (5 = best for us).",
     "Note de potentiel : la moyenne pondérée de critères notés de 1 à 5 (5 = le mieux pour "
     "nous)."),
    scores=SCORES_DOC, weights=WEIGHTS_DOC, lang=LANG_DOC,
)
def POTENTIAL_SCORE(scores: Any, weights: Any, lang: str = "en") -> Any:
    return _weighted_score(scores, weights)


@excel_function(
    ("Risk score: the weighted mean of risk criteria scored 1 to 5 (5 = safest).",
     "Note de risque : la moyenne pondérée de critères de risque notés de 1 à 5 (5 = le plus "
     "sûr)."),
    scores=SCORES_DOC, weights=WEIGHTS_DOC, lang=LANG_DOC,
)
def RISK_SCORE(scores: Any, weights: Any, lang: str = "en") -> Any:
    return _weighted_score(scores, weights)


def _level(score: Any, labels: Any, kind: str) -> Any:
    """Levels 1-3 of scores, or their labels in the language ``labels`` names."""
    (scores,), answer = elementwise(score=score)
    levels = xlsales.score_level(scores)
    if labels is None:
        return answer(levels)
    shown_in = check_lang(single(labels, "labels"), "labels")
    words = {level: say(potential.LABELS, f"{kind}_{level}", shown_in) for level in (1, 2, 3)}
    return answer([words.get(level) for level in levels] if isinstance(levels, list)
                  else words.get(levels))


@excel_function(
    ("Potential level of a score: 1 (big) at 3.67 or more, 2 (medium) at 2.33 or more, else 3.",
     "Niveau de potentiel d'une note : 1 (gros) dès 3,67, 2 (moyen) dès 2,33, sinon 3."),
    score=SCORE_DOC, labels=LEVEL_LABELS_DOC, lang=LANG_DOC,
)
def POTENTIAL_LEVEL(score: Any, labels: Any = None, lang: str = "en") -> Any:
    return _level(score, labels, "potential")


@excel_function(
    ("Accessibility level of a score: 1 (good) at 3.67 or more, 2 (medium) at 2.33 or more, "
     "else 3.",
     "Niveau d'accessibilité d'une note : 1 (bonne) dès 3,67, 2 (moyenne) dès 2,33, sinon 3."),
    score=SCORE_DOC, labels=LEVEL_LABELS_DOC, lang=LANG_DOC,
)
def ACCESS_LEVEL(score: Any, labels: Any = None, lang: str = "en") -> Any:
    return _level(score, labels, "accessibility")


@excel_function(
    ("Risk level of a score: 1 (low risk) at 3.67 or more, 2 (medium) at 2.33 or more, else 3.",
     "Niveau de risque d'une note : 1 (risque faible) dès 3,67, 2 (moyen) dès 2,33, sinon 3."),
    score=SCORE_DOC, labels=LEVEL_LABELS_DOC, lang=LANG_DOC,
)
def RISK_LEVEL(score: Any, labels: Any = None, lang: str = "en") -> Any:
    return _level(score, labels, "risk")


@excel_function(
    ("Prospect priority, 1 (call first) to 5: potential level + accessibility level - 1.",
     "Priorité du prospect, 1 (à appeler d'abord) à 5 : niveau de potentiel + niveau "
     "d'accessibilité - 1."),
    potential=("Potential level: 1-3 or Big, Medium, Small (Gros, Moyen, Petit)",
               "Niveau de potentiel : 1-3 ou Gros, Moyen, Petit (Big, Medium, Small)"),
    accessibility=("Accessibility level: 1-3 or Good, Medium, Very little",
                   "Niveau d'accessibilité : 1-3 ou Bonne, Moyenne, Très peu"),
    lang=LANG_DOC,
)
def PRIORITY(potential: Any, accessibility: Any, lang: str = "en") -> Any:
    args, answer = elementwise(potential=potential, accessibility=accessibility)
    with excel_names({"potential_level": "potential", "accessibility_level": "accessibility"}):
        return answer(xlsales.priority(*args))


@excel_function(
    ("Date of the next contact: last contact + 7, 14, 30, 60 or 90 days for priority 1 to 5.",
     "Date du prochain contact : dernier contact + 7, 14, 30, 60 ou 90 jours pour la "
     "priorité 1 à 5."),
    last_contact=("Date of the last contact (blank: never contacted, due today)",
                  "Date du dernier contact (vide : jamais contacté, à faire aujourd'hui)"),
    priority=("Priority 1 to 5", "Priorité de 1 à 5"),
    lang=LANG_DOC,
)
def NEXT_CONTACT(last_contact: Any, priority: Any, lang: str = "en") -> Any:
    (lasts, priorities), answer = elementwise(last_contact=last_contact, priority=priority)
    return answer(xlsales.next_contact(_dates(lasts, "last_contact"), priorities))


def _refuse_whole_percents(values: Any, arg: str) -> None:
    """Refuse a share of wallet typed as a bare number of 2 or more (30): ``to_share``
    would read it as 30 %, but a share of wallet may pass 100 % (revenue above the
    potential: SHARE_OF_WALLET gives 1.2), so neither reading is safe. "30%", 0.3 and
    the ratios below 2 are taken as they are."""
    cells = values if isinstance(values, list) else [values]
    numbers = to_numbers(cells, arg, negative_ok=False)
    for row, (number, value) in enumerate(zip(numbers.tolist(), cells, strict=True), start=1):
        if number >= 2 and not (isinstance(value, str) and "%" in value):
            raise XlsalesError(arg, "whole_percent", row=row if len(cells) > 1 else None,
                               value=value, percent_value=number, share_value=number / 100)


def _dates(values: Any, arg: str) -> Any:
    """Dates as datetimes, a column's slashed texts read in the order the column proves
    (``dates.to_dates``); a column that proves none and holds 03/04/2025 is refused, since
    a formula cannot tell the user's Excel's date order."""
    days = to_dates(values, arg, ambiguous_ok=False)
    return days if isinstance(values, list) else days[0]


@excel_function(
    ("Share of wallet: revenue divided by potential, how much of the client we already have.",
     "Part de portefeuille : CA divisé par le potentiel, ce que nous avons déjà du client."),
    revenue=("Revenue with the client", "CA réalisé avec le client"),
    potential=("The client's potential: revenue if we were its only supplier",
               "Potentiel du client : le CA si nous étions son seul fournisseur"),
    lang=LANG_DOC,
)
def SHARE_OF_WALLET(revenue: Any, potential: Any, lang: str = "en") -> Any:
    args, answer = elementwise(revenue=revenue, potential=potential)
    return answer(xlsales.share_of_wallet(*args))


@excel_function(
    ("The approach a client calls for (secure, develop, retain, ...) and its action.",
     "L'approche qu'appelle le client (sécuriser, développer, fidéliser, ...) et son action."),
    abc_class=("ABC class: A, B or C", "Classe ABC : A, B ou C"),
    share_of_wallet=("Share of wallet (0.3 or 30%); blank if unknown",
                     "Part de portefeuille (0,3 ou 30 %) ; vide si inconnue"),
    potential_level=("Potential level: 1-3 or Big, Medium, Small",
                     "Niveau de potentiel : 1-3 ou Gros, Moyen, Petit"),
    risk_level=("Risk level: 1-3 or Low, Medium, High",
                "Niveau de risque : 1-3 ou Faible, Moyen, Élevé"),
    lang=WORDS_DOC,
)
def CLIENT_APPROACH(abc_class: Any, share_of_wallet: Any, potential_level: Any,
                    risk_level: Any, lang: str = "en") -> Any:
    args, answer = elementwise(abc_class=abc_class, share_of_wallet=share_of_wallet,
                               potential_level=potential_level, risk_level=risk_level)
    _refuse_whole_percents(args[1], "share_of_wallet")
    keys = xlsales.client_approach(*args)
    shown = {key: approach_label(key, lang) for key in potential.APPROACHES}
    return answer([shown.get(key) for key in keys] if isinstance(keys, list)
                  else shown.get(keys))


# ---------------------------------------------------------------------------------------
# Segment x product matrix (METHOD.md §5)
# ---------------------------------------------------------------------------------------

SEGMENTS_DOC: Doc = ("Segment of each sale (a column)", "Segment de chaque vente (une colonne)")
PRODUCTS_DOC: Doc = ("Product of each sale (a column)", "Produit de chaque vente (une colonne)")
AMOUNTS_DOC: Doc = ("Amount of each sale, revenue or margin (a column)",
                    "Montant de chaque vente, CA ou marge (une colonne)")


def _matrix(segments: Any, products: Any, amounts: Any) -> xlsales.SegmentMatrix:
    return xlsales.segment_product_matrix(line(segments, "segments"),
                                          line(products, "products"),
                                          line(amounts, "amounts"))


@excel_function(
    ("The segment × product matrix with its totals; a combination never sold stays blank.",
     "La matrice segments × produits avec ses totaux ; une combinaison jamais vendue reste "
     "vide."),
    segments=SEGMENTS_DOC, products=PRODUCTS_DOC, amounts=AMOUNTS_DOC, lang=WORDS_DOC,
)
def SEGMENT_MATRIX(segments: Any, products: Any, amounts: Any, lang: str = "en") -> Any:
    return table(_matrix(segments, products, amounts).to_frame(lang))


@excel_function(
    ("The matrix's winning combinations and those to develop, in the shape of SEGMENT_MATRIX.",
     "Les combinaisons gagnantes et à développer de la matrice, à la forme de SEGMENT_MATRIX."),
    segments=SEGMENTS_DOC, products=PRODUCTS_DOC, amounts=AMOUNTS_DOC, lang=WORDS_DOC,
)
def MATRIX_SIGNALS(segments: Any, products: Any, amounts: Any, lang: str = "en") -> Any:
    signals = xlsales.matrix_signals(_matrix(segments, products, amounts))
    shown = signals.matrix.to_frame(lang).astype(object)
    shown.iloc[:, :] = None  # the totals' row and column stay blank
    shown.iloc[:-1, :-1] = signals.signals.map(
        lambda key: in_words(key, matrix.LABELS, lang)).to_numpy()
    return table(shown)


# ---------------------------------------------------------------------------------------
# The sales team's activity index (METHOD.md §9)
# ---------------------------------------------------------------------------------------

QUANTITY_DOC: Doc = ("Quantity of activity, 0 to 10", "Quantité d'activité, de 0 à 10")
ORIENTATION_DOC: Doc = ("Orientation (towards which clients, products, tasks), 0 to 10",
                        "Orientation (vers quels clients, produits, tâches), de 0 à 10")
EFFICIENCY_DOC: Doc = ("Efficiency, 0 to 10", "Efficacité, de 0 à 10")


@excel_function(
    ("Activity index = quantity × orientation × efficiency (7 × 6 × 5 = 210).",
     "Indice d'activité = quantité × orientation × efficacité (7 × 6 × 5 = 210)."),
    quantity=QUANTITY_DOC, orientation=ORIENTATION_DOC, efficiency=EFFICIENCY_DOC,
    lang=LANG_DOC,
)
def ACTIVITY_INDEX(quantity: Any, orientation: Any, efficiency: Any, lang: str = "en") -> Any:
    args, answer = elementwise(quantity=quantity, orientation=orientation,
                               efficiency=efficiency)
    return answer(xlsales.activity_index(*args))


@excel_function(
    ("The index before and after setting one factor to a new value, and the gain.",
     "L'indice avant et après avoir porté un facteur à une nouvelle valeur, et le gain."),
    quantity=QUANTITY_DOC, orientation=ORIENTATION_DOC, efficiency=EFFICIENCY_DOC,
    factor=("Factor to change: quantity, orientation or efficiency",
            "Facteur à changer : quantité, orientation ou efficacité"),
    new_value=("Its new value, 0 to 10", "Sa nouvelle valeur, de 0 à 10"),
    lang=WORDS_DOC,
)
def ACTIVITY_GAIN(quantity: Any, orientation: Any, efficiency: Any, factor: Any,
                  new_value: Any, lang: str = "en") -> Any:
    args, _ = elementwise(quantity=quantity, orientation=orientation, efficiency=efficiency,
                          factor=factor, new_value=new_value)
    return table(xlsales.activity_gain(*args).to_frame(lang), index=False)


@excel_function(
    ("The factor to raise first (the lowest) and the index after raising it by 1 point.",
     "Le facteur à relever d'abord (le plus bas) et l'indice après l'avoir relevé d'un point."),
    quantity=QUANTITY_DOC, orientation=ORIENTATION_DOC, efficiency=EFFICIENCY_DOC,
    lang=WORDS_DOC,
)
def ACTIVITY_LEVER(quantity: Any, orientation: Any, efficiency: Any, lang: str = "en") -> Any:
    args, _ = elementwise(quantity=quantity, orientation=orientation, efficiency=efficiency)
    return table(xlsales.activity_lever(*args).to_frame(lang), index=False)


# ---------------------------------------------------------------------------------------
# Cost to serve: value created / resources invested (METHOD.md §4, §10)
# ---------------------------------------------------------------------------------------

CLIENTS_DOC: Doc = ("Client of each activity", "Client de chaque activité")


@excel_function(
    ("Per client: activities, hours and cost to serve, from the activities' clients, types "
     "and durations.",
     "Par client : activités, heures et coût de service, d'après les clients, types et "
     "durées des activités."),
    clients=CLIENTS_DOC,
    types=("Its type: visit, meeting, call, email, other", "Son type : visite, rendez-vous, "
           "appel, e-mail, autre"),
    durations=("Its duration (90, 1:30, 1h30); blank = default",
               "Sa durée (90, 1:30, 1h30) ; vide = défaut"),
    defaults=("Minutes per type if blank (120, 60, 15, 5, 15)",
              "Minutes par type si vide (120, 60, 15, 5, 15)"),
    hourly_cost=("Hourly cost (60)", "Coût horaire (60)"),
    clients_out=("Clients to list, in order", "Clients à lister, dans l'ordre"),
    lang=WORDS_DOC,
)
def COST_TO_SERVE(clients: Any, types: Any, durations: Any, defaults: Any = None,
                  hourly_cost: Any = serve.DEFAULT_HOURLY_COST, clients_out: Any = None,
                  lang: str = "en") -> Any:
    ids, kinds, times = (line(clients, "clients"), line(types, "types"),
                         line(durations, "durations"))
    align(clients=ids, types=kinds, durations=times)
    minutes = dict(serve.DEFAULT_MINUTES)
    if defaults is not None:
        given = line(defaults, "defaults")
        if len(given) != len(serve.TYPES):
            raise XlsalesError("defaults", "length", n=len(given), other="types",
                               m=len(serve.TYPES))
        for key, value in zip(serve.TYPES, given, strict=True):
            if value is not None and value != "":
                minutes[key] = value
    settings = serve.ServeSettings(minutes, single(hourly_cost, "hourly_cost")).checked()
    keys = serve.activity_types(kinds)
    spent = serve.activity_minutes(keys, times, settings.minutes, arg="durations")
    found = serve.client_costs(ids, keys, spent, hourly_cost=settings.hourly_cost)
    if clients_out is not None:
        wanted = to_keys(line(clients_out, "clients_out"), "clients_out")
        found = found.reindex([w for w in wanted if w is not None]).fillna(0.0)
    shown = found.rename(columns=lambda c: say(serve.LABELS, c, lang))
    shown.index.name = say(serve.LABELS, "client", lang)
    return table(shown)


@excel_function(
    ("Per class A, B, C and in total: clients, margin, cost, margin ÷ cost, shares of "
     "the cost and of the margin.",
     "Par classe A, B, C et au total : clients, marge, coût, marge ÷ coût, parts du coût "
     "et de la marge."),
    clients=("Client codes, one row per client", "Codes client, une ligne par client"),
    classes=("Their ABC class (A, B or C)", "Leur classe ABC (A, B ou C)"),
    margins=("Their margin (or revenue when no margin is known)",
             "Leur marge (ou leur CA si la marge est inconnue)"),
    costs=("Their cost to serve (COST_TO_SERVE's last column)",
           "Leur coût de service (dernière colonne de COST_TO_SERVE)"),
    lang=WORDS_DOC,
)
def VALUE_PER_COST(clients: Any, classes: Any, margins: Any, costs: Any,
                   lang: str = "en") -> Any:
    ids, kinds = line(clients, "clients"), line(classes, "classes")
    amounts, spent = line(margins, "margins"), line(costs, "costs")
    align(clients=ids, classes=kinds, margins=amounts, costs=spent)
    found = serve.value_per_cost(ids, kinds, amounts, spent)
    shown = found.rename(columns=lambda c: say(serve.LABELS, c, lang),
                         index=lambda k: say(serve.LABELS, k, lang) if k in serve.LABELS
                         else k)
    shown.index.name = say(serve.LABELS, "abc_class", lang)
    return table(shown)


# ---------------------------------------------------------------------------------------
# Rhythm, probability of still buying, cohorts: from a ledger's lines (METHOD.md §10)
# ---------------------------------------------------------------------------------------

LINE_CLIENTS_DOC: Doc = ("Client of each ledger line", "Client de chaque ligne de ventes")
LINE_DATES_DOC: Doc = ("Date of each line", "Date de chaque ligne")
LINE_AMOUNTS_DOC: Doc = ("Net amount of each line (blank: each line a purchase)",
                         "Montant net de chaque ligne (vide : chaque ligne un achat)")
TODAY_DOC: Doc = ("Reference date (blank: the last date)",
                  "Date de référence (vide : la dernière date)")
# the core's argument names, as the user sees them in these three formulas
_LINE_NAMES = {"client": "clients", "date": "dates", "amount": "amounts"}


def _ledger_lines(clients: Any, dates: Any, amounts: Any
                  ) -> tuple[list[Any], list[Any], list[Any]]:
    """The lines' clients, dates (read as the other formulas read dates) and amounts, one
    per line; without amounts every dated line is a purchase of 1."""
    ids, days = line(clients, "clients"), line(dates, "dates")
    if amounts is None:
        align(clients=ids, dates=days)
        values: list[Any] = [None if day is None or day == "" else 1.0 for day in days]
    else:
        values = line(amounts, "amounts")
        align(clients=ids, dates=days, amounts=values)
    read = _dates(days, "dates")
    for row, day in enumerate(read):
        _in_range(day, days[row], "dates", row + 1)
    return ids, read, values


# The days the core's date arithmetic reaches (nanoseconds from 1970, as pandas counts):
# Excel's serials run to 9999, so a typing slip such as 31/12/9999 is refused here.
_FIRST_DAY, _LAST_DAY = dt.datetime(1678, 1, 1), dt.datetime(2261, 12, 31)


def _in_range(day: Any, value: Any, arg: str, row: int | None = None) -> Any:
    if day is not None and not _FIRST_DAY <= day <= _LAST_DAY + dt.timedelta(days=1):
        raise XlsalesError(arg, "range", row=row, value=value, low=_FIRST_DAY.date(),
                           high=_LAST_DAY.date())
    return day


def _one_day(cells: Any, arg: str) -> Any:
    value = single(cells, arg)
    return _in_range(_dates(value, arg), value, arg)


def _reference_day(value: Any, days: list[Any], arg: str) -> Any:
    """The reference date given, or the lines' last date."""
    if value is not None:
        return _one_day(value, arg)
    known = [day for day in days if day is not None]
    if not known:
        raise XlsalesError("dates", "empty")
    return max(known)


@excel_function(
    ("Per client: first and last purchase, days since, purchase days, average purchase, "
     "usual gap, late.",
     "Par client : premier et dernier achat, jours depuis, jours d'achat, achat moyen, écart "
     "habituel, retard."),
    clients=LINE_CLIENTS_DOC, dates=LINE_DATES_DOC, today=TODAY_DOC, amounts=LINE_AMOUNTS_DOC,
    lang=WORDS_DOC,
)
def CLIENT_RHYTHM(clients: Any, dates: Any, today: Any = None, amounts: Any = None,
                  lang: str = "en") -> Any:
    ids, days, values = _ledger_lines(clients, dates, amounts)
    reference = _reference_day(today, days, "today")
    with excel_names(_LINE_NAMES):
        found = rhythm.client_rhythm(ids, days, values, reference)
    if amounts is None:  # a purchase of 1 a line says nothing of the amounts
        found = found.drop(columns="mean_amount")
    return table(in_words(found, rhythm.LABELS, lang))


@excel_function(
    ("Per client: probability of still buying (BG/NBD), fitted on all clients; 20 must have "
     "bought twice.",
     "Par client : probabilité d'achat futur (BG/NBD), ajustée sur tous les clients ; 20 "
     "doivent avoir racheté."),
    clients=LINE_CLIENTS_DOC, dates=LINE_DATES_DOC, today=TODAY_DOC, amounts=LINE_AMOUNTS_DOC,
    lang=WORDS_DOC,
)
def P_ALIVE(clients: Any, dates: Any, today: Any = None, amounts: Any = None,
            lang: str = "en") -> Any:
    ids, days, values = _ledger_lines(clients, dates, amounts)
    reference = _reference_day(today, days, "today")
    with excel_names(_LINE_NAMES):
        summary = rhythm.purchase_day_summary(ids, days, values, reference)
    inputs = bgnbd.bgnbd_inputs(summary, reference)
    x, t_x, T = (inputs[k].to_numpy() for k in ("x", "t_x", "T"))
    with excel_names({"x": "clients"}):  # too few repeat buyers: told on the clients
        fit = bgnbd.fit_bgnbd(x, t_x, T)
    found = summary[["purchase_days", "last_purchase"]].assign(p_alive=fit.p_alive(x, t_x, T))
    labels = {**rhythm.LABELS, **bgnbd.LABELS}
    return table(in_words(found, labels, lang))


@excel_function(
    ("Retention triangle: clients by period of first purchase, the share still buying each "
     "period after.",
     "Triangle de rétention : clients par période de premier achat, part qui achète encore "
     "chaque période après."),
    clients=LINE_CLIENTS_DOC, dates=LINE_DATES_DOC,
    last_day=("Last day of the data (blank: the last date)",
              "Dernier jour des données (vide : la dernière date)"),
    amounts=LINE_AMOUNTS_DOC,
    grain=("year, quarter or auto (blank: auto)", "year, quarter ou auto (vide : auto)"),
    lang=WORDS_DOC,
)
def COHORT_RETENTION(clients: Any, dates: Any, last_day: Any = None, amounts: Any = None,
                     grain: Any = "auto", lang: str = "en") -> Any:
    ids, days, values = _ledger_lines(clients, dates, amounts)
    end = None if last_day is None else _one_day(last_day, "last_day")
    with excel_names({**_LINE_NAMES, "end": "last_day"}):
        found = cohorts.client_cohorts(ids, days, values, grain=str(single(grain, "grain")),
                                       end=end)
    shown = found.retention.copy()
    shown.insert(0, "clients", found.clients)
    shown.index.name = say(cohorts.LABELS, "cohort", lang)
    return table(shown.rename(columns={"clients": say(cohorts.LABELS, "clients", lang)}))

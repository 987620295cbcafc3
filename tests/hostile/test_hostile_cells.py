"""Hostile cells: every cell formula of the catalogue, fed whatever a user can put in a range.

Each function of ``xlsales_udfs`` is called through the xlwings harness exactly as desktop
Excel (``call_like_excel``) and xlwings Lite (``call_like_lite``) call it, on ranges drawn
by hypothesis: single cells, rows, columns and blocks of mismatched shapes and lengths,
holding floats (NaN, ±inf, 1e308), blanks, text, numbers typed the French and English
ways, huge text, booleans, dates and Excel's error values as COM hands them, each
optional argument given or left out. A second test calls the functions from Python, as an
xlwings Lite ``main.py`` may, with ragged and empty lists.

What must hold, whatever the cells:
- nothing raises out of the function and every call ends within ``hostile.DEADLINE``
  (5 s);
- the answer is a value or rectangular rows of plain values (number, text, bool, date,
  blank), finite, as Excel can show them;
- a message is one short line starting "#XLSALES!" (at most 300 characters, no line
  break, no traceback) and never "internal error": that would be an input xlsales does
  not handle, a bug;
- an elementwise function answers in the shape of its column, row or cell, a blank cell
  stays blank, and ``XLSALES_NUMBER`` gives a number cell back unchanged: no answer lands
  on another client's row; lists given from Python are left as they were.

Examples per run: ``EXAMPLES`` (100) per function for the two Excel calls (each example
calls the function as Excel and as xlwings Lite), and ``PYTHON_EXAMPLES`` (50) per
function called from Python: 30 functions × 150 examples, 7,500 calls, the same seeded
draws every run; ``XLSALES_EXPLORE=<n>`` draws n times as many, fresh
(``tests/harness/hostile.py``).
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import xlsales_udfs
from hypothesis import event, given
from hypothesis import strategies as st

from tests.harness import hostile
from tests.harness import xlwings_excel as excel

udfs = excel.load()
CATALOGUE = sorted(udfs.__all__)

# A numpy or pandas warning (overflow, invalid value) is a result computed on values
# xlsales should have refused or handled: a failure here, not noise in the log.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

EXAMPLES = 100
PYTHON_EXAMPLES = 50


# ----------------------------------------------------------------------------------------
# Cells: valid values of each argument, near misses, and anything at all
# ----------------------------------------------------------------------------------------

amounts = st.one_of(st.floats(-1e3, 1e6, allow_nan=False), st.integers(0, 10_000),
                    st.integers(0, 10_000), hostile.number_text(), hostile.blank)
positive_amounts = st.one_of(st.floats(0, 1e6), st.integers(0, 10_000), st.just("1 234,50 €"))
rates = st.one_of(st.floats(0.0, 0.99), st.sampled_from(["12%", "0,15", "15 %", 0.0]))
keys = st.one_of(st.integers(1000, 1012).map(float), st.sampled_from(
    ["1001", " 1001 ", "C1", "C2", "Dupont SA", "dupont  sa", 1001.5, None]))
scores = st.one_of(st.floats(1.0, 5.0), st.integers(1, 5), st.just(None))
factor_scores = st.one_of(st.floats(0.0, 10.0), st.integers(0, 10))
dates = st.one_of(hostile.datetimes, st.floats(1, 2_958_465), st.sampled_from(
    ["31/12/2025", "2025-12-31", "1/2/25", "2025-12-31 08:30", "45657", None]))
LEVELS = (1, 2, 3, 1.0, "2")


def levels(*labels: str) -> st.SearchStrategy:
    return st.sampled_from([*LEVELS, *labels, None])


VALID: dict[str, st.SearchStrategy] = {
    "values": amounts, "revenue_prev": amounts, "revenue_curr": amounts, "amounts": amounts,
    "revenue": positive_amounts, "potential": positive_amounts,
    "a_share": st.one_of(st.floats(0.3, 0.85), st.sampled_from(["80%", "0,8", 80])),
    "b_share": st.one_of(st.floats(0.86, 1.0), st.sampled_from(["95 %", "0.95", 95])),
    "method": st.sampled_from(["pareto", "computed", "Calculé", "calculée", "PARETO"]),
    "lang": st.sampled_from(["en", "fr", "FR", "français", "English", "fr-FR", None]),
    "clients_prev": keys, "clients_curr": keys, "rate": rates,
    "clients": st.integers(0, 1_000), "years": st.integers(0, 12),
    "new_per_year": st.integers(0, 50), "growth": st.floats(-0.2, 0.3),
    "target": st.integers(0, 100), "scores": scores, "weights": st.integers(0, 4),
    "score": scores, "last_contact": dates, "priority": st.sampled_from([1, 2, 3, 4, 5, None]),
    "accessibility": levels("Bonne", "Moyen", "Très peu", "tres peu", "Good", "Very little"),
    "potential_level": levels("Gros", "big", "Moyen", "Petit", "Small"),
    "risk_level": levels("High", "Low", "Risque élevé", "medium risk", "Fort"),
    "abc_class": st.sampled_from(["A", "B", "C", "a", "c ", None]),
    "share_of_wallet": st.one_of(st.floats(0.0, 2.0), st.sampled_from(["30%", "0,7", None])),
    "segments": st.sampled_from(["S1", "S2", "Segment 3", "s1", 1.0, 2.0]),
    "products": st.sampled_from(["P1", "P2", "Product 3", "p1", 1.0]),
    "quantity": factor_scores, "orientation": factor_scores, "efficiency": factor_scores,
    "new_value": factor_scores,
    "factor": st.sampled_from(["quantity", "orientation", "efficiency", "Quantité",
                               "efficacite", "ORIENTATION"]),
    "text": st.one_of(amounts, hostile.number_text()),
    # a ledger's lines (CLIENT_RHYTHM, P_ALIVE, COHORT_RETENTION)
    "dates": dates, "today": dates, "last_day": dates,
    "grain": st.sampled_from(["year", "quarter", "auto", "Year", "month", None]),
}
VALID_IN = {("PRIORITY", "potential"): VALID["potential_level"],
            ("XLSALES_DATE", "value"): dates, ("XLSALES_KEY", "value"): keys,
            ("COST_TO_SERVE", "clients"): keys, ("COST_TO_SERVE", "clients_out"): keys,
            ("COST_TO_SERVE", "types"): st.sampled_from(
                ["Visite", "call", "E-mail", "Rendez-vous", "Log a Call", "Tâche", None]),
            ("COST_TO_SERVE", "durations"): st.one_of(
                st.integers(0, 600), st.floats(0, 1440),
                st.sampled_from(["1h30", "00:20:00", "90 min", "1:30", None])),
            ("COST_TO_SERVE", "defaults"): st.integers(0, 240),
            ("COST_TO_SERVE", "hourly_cost"): positive_amounts,
            ("VALUE_PER_COST", "clients"): keys,
            ("VALUE_PER_COST", "classes"): st.sampled_from(["A", "B", "C", "a", None]),
            ("VALUE_PER_COST", "margins"): amounts,
            ("VALUE_PER_COST", "costs"): positive_amounts,
            **{(name, "clients"): keys for name in ("CLIENT_RHYTHM", "P_ALIVE",
                                                     "COHORT_RETENTION")},
            **{(name, "labels"): VALID["lang"]
               for name in ("POTENTIAL_LEVEL", "ACCESS_LEVEL", "RISK_LEVEL")}}
# Values a user may well type that are wrong here: out of scale, another language...
near_miss = st.sampled_from([0, -1, 4, 6, 11, 1.5, -0.2, 1.0, 150, 1e9, "de", "D", "abc",
                             "speed", "Leads", "50 %", "1,5"])

# Parameters read from one cell; the other arguments are columns (or a table, or a row).
SINGLE = {"lang", "a_share", "b_share", "method", "target", "years", "new_per_year",
          "today", "last_day", "grain",
          ("COST_TO_SERVE", "hourly_cost"),
          ("CHURN_PROJECTION", "clients"), ("CHURN_PROJECTION", "rate"),
          *((name, "labels") for name in ("POTENTIAL_LEVEL", "ACCESS_LEVEL", "RISK_LEVEL"))}
DECK_STAGES = ("Suspects", "Prospects", "Prospects froids", "Warm", "Hot prospect", "Clients")

_COM_ERRORS = st.sampled_from([excel.error(text) for text in hostile.ERROR_TEXTS])
hostile_cell = st.one_of(hostile.hostile, _COM_ERRORS)
python_cell = st.one_of(hostile.hostile, st.sampled_from(hostile.ERROR_TEXTS))


def com_range(height: int, width: int, values: list[Any]) -> Any:
    """A range as COM hands it: a lone cell as its value, else rows of cells."""
    if (height, width) == (1, 1):
        return values[0]
    return excel.table(*(values[r * width:(r + 1) * width] for r in range(height)))


def python_range(height: int, width: int, values: list[Any]) -> Any:
    """Cells as a Python caller may give them: a value, a flat list, rows (some ragged)."""
    if (height, width) == (1, 1):
        return values[0]
    if width == 1:
        return values
    return [values[r * width:(r + 1) * width - (r % 2)] for r in range(height)]


def _valid_cells(draw: st.DrawFn, func: str, arg: str, size: int) -> list[Any]:
    if arg == "counts":  # a funnel narrows: each stage at most the one before
        counts = sorted(draw(st.lists(st.integers(0, 1_000), min_size=size, max_size=size)),
                        reverse=True)
        return [max(counts[0], 1), *counts[1:]]
    if arg == "labels" and func.startswith("FUNNEL"):  # stage names, each once
        names = draw(st.permutations([*DECK_STAGES, "Leads", "Calls", "Meetings", "Deals"]))
        return names[:size]
    cell = VALID_IN.get((func, arg), VALID.get(arg))
    return draw(st.lists(cell, min_size=size, max_size=size))


@st.composite
def formula_arguments(draw: st.DrawFn, name: str, python: bool = False) -> tuple[Any, ...]:
    """The cells of one call.

    One or two arguments are hostile: any shape (a row, a block, another length, from
    Python ragged or empty) holding valid values, near misses, blanks and anything at
    all. The others are valid, in the shape the function expects (one cell, a column or
    a row of the call's length, a table as wide as its weights), so a draw reaches the
    arithmetic.
    From Excel, an optional argument may be left out (then maybe not typed at all).
    """
    params = list(inspect.signature(getattr(xlsales_udfs, name)).parameters.values())
    length = draw(st.integers(1, 8))
    width = draw(st.integers(1, 4))
    across = draw(st.booleans())  # the call's columns are given as rows
    hostile_args = draw(st.sets(st.sampled_from([p.name for p in params] or [""]),
                                max_size=2))
    as_range = python_range if python else com_range
    args = []
    for param in params:
        optional = param.default is not inspect.Parameter.empty
        if optional and not python and draw(st.booleans()):
            args.append(excel.MISSING)
        elif param.name in hostile_args:
            args.append(draw(hostile_range(name, param.name, length, python)))
        else:
            single = param.name in SINGLE or (name, param.name) in SINGLE
            size = max(length, 2) if param.name == "counts" else length
            height, wide = ((1, 1) if single else (length, width) if param.name == "scores"
                            else (1, width) if param.name == "weights"
                            else (1, size) if across else (size, 1))
            args.append(as_range(height, wide,
                                 _valid_cells(draw, name, param.name, height * wide)))
    while args and args[-1] is excel.MISSING and draw(st.booleans()):
        args.pop()
    return tuple(args)


@st.composite
def hostile_range(draw: st.DrawFn, name: str, arg: str, length: int, python: bool) -> Any:
    usual = VALID_IN.get((name, arg), VALID.get(arg, near_miss))
    cell = st.one_of(usual, near_miss, hostile.blank, python_cell if python else hostile_cell)
    shape = draw(st.sampled_from(["cell", "column", "row", "block", "other"]
                                 + ["empty"] * python))
    if shape == "empty":
        return draw(st.sampled_from([[], [[]], [[], []], ()]))
    height, width = {"cell": (1, 1), "column": (length, 1), "row": (1, length),
                     "block": (draw(st.integers(2, 4)), draw(st.integers(2, 4))),
                     "other": (draw(st.integers(1, 8)), 1)}[shape]
    values = draw(st.lists(cell, min_size=height * width, max_size=height * width))
    return (python_range if python else com_range)(height, width, values)


# ----------------------------------------------------------------------------------------
# What every answer owes the user
# ----------------------------------------------------------------------------------------

_PLAIN = (str, bool, int, float, dt.datetime, dt.date, type(None))
# Elementwise functions: the arguments whose shape the answer takes (the first that is
# not one cell).
ELEMENTWISE = {
    "ABC_CLASS": ["values"], "XLSALES_NUMBER": ["text"], "XLSALES_DATE": ["value"],
    "XLSALES_KEY": ["value"], "CHURN_HALF_LIFE": ["rate"],
    "NEW_CLIENTS_NEEDED": ["clients", "rate", "growth"], "POTENTIAL_LEVEL": ["score"],
    "ACCESS_LEVEL": ["score"], "RISK_LEVEL": ["score"],
    "PRIORITY": ["potential", "accessibility"], "NEXT_CONTACT": ["last_contact", "priority"],
    "SHARE_OF_WALLET": ["revenue", "potential"],
    "CLIENT_APPROACH": ["abc_class", "share_of_wallet", "potential_level", "risk_level"],
    "ACTIVITY_INDEX": ["quantity", "orientation", "efficiency"], "FUNNEL_NEEDED": ["counts"],
}
# Elementwise over one argument: a blank in it gives a blank answer on its row.
BLANK_STAYS_BLANK = ("ABC_CLASS", "XLSALES_NUMBER", "XLSALES_DATE", "XLSALES_KEY",
                     "CHURN_HALF_LIFE", "POTENTIAL_LEVEL", "ACCESS_LEVEL", "RISK_LEVEL")


class _Tracebacks(logging.Handler):
    """The tracebacks the adapter logs for an internal error, to show in a failure."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


@contextmanager
def logged_tracebacks() -> Iterator[_Tracebacks]:
    logger = logging.getLogger("xlsales.excel.udfs")
    handler = _Tracebacks()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False  # print nothing
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def answered(func: Any, call: Any, *args: Any, **options: Any) -> tuple[Any, list[list]]:
    """What the function returned and what Excel receives, any internal error's traceback
    shown in the assertion."""
    returned = []

    def recorded(*cells: Any) -> Any:
        returned.append(func(*cells))
        return returned[-1]

    recorded.__xlfunc__ = func.__xlfunc__
    with logged_tracebacks() as logged:
        received = call(recorded, *args, **options)
    check_returned(returned[0], "\n".join(logged.texts))
    return returned[0], received


def tell(returned: Any) -> None:
    """Count answers and messages by kind (pytest --hypothesis-show-statistics), to see
    that draws reach the arithmetic rather than all stopping at the first check."""
    if is_message(returned):
        event("message: " + returned.split(": ", 1)[0].split(",")[0])
    else:
        event("answer")


def is_message(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("#XLSALES!")


def check_message(text: str, traceback: str = "") -> None:
    assert "internal error" not in text and "erreur interne" not in text, (
        f"{text}\n{traceback}")
    assert len(text) <= hostile.MESSAGE_MAX, text
    assert "\n" not in text and "\r" not in text, text
    assert "Traceback" not in text and 'File "' not in text, text


def check_returned(value: Any, traceback: str = "") -> None:
    """The function's own answer: a plain value or rectangular rows of plain values."""
    if is_message(value):
        check_message(value, traceback)
        return
    grid = value if isinstance(value, list) else [[value]]
    assert grid and all(isinstance(r, list) for r in grid), value
    assert len({len(r) for r in grid}) == 1 and grid[0], value
    for cell in (c for r in grid for c in r):
        assert type(cell) in _PLAIN or isinstance(cell, dt.datetime), (type(cell), cell)
        assert not (isinstance(cell, float) and not math.isfinite(cell)), cell
        assert not is_message(cell) or len(grid) * len(grid[0]) == 1, value


def check_received(grid: list[list[Any]], lite: bool) -> None:
    """What Excel gets: plain cells; for xlwings Lite a date is a date-formatted number and
    an error object would mean a NaN reached a cell."""
    for cell in (c for r in grid for c in r):
        if lite and isinstance(cell, dict):
            assert cell.get("type") == "FormattedNumber", cell
            continue
        assert type(cell) in _PLAIN or isinstance(cell, dt.datetime), (type(cell), cell)
        assert not (isinstance(cell, float) and not math.isfinite(cell)), cell


def shape_of(cell: Any) -> tuple[int, int]:
    """Rows × columns of a range as COM hands it (omitted: one cell, the default)."""
    if isinstance(cell, tuple):
        return len(cell), len(cell[0])
    return 1, 1


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def check_rows_kept(name: str, args: tuple[Any, ...], returned: Any) -> None:
    """One answer per cell of the column, on the same row."""
    if name not in ELEMENTWISE or is_message(returned):
        return
    names = list(inspect.signature(getattr(xlsales_udfs, name)).parameters)
    given = {n: args[i] for i, n in enumerate(names) if i < len(args)}
    shapes = [shape_of(given[n]) for n in ELEMENTWISE[name] if n in given]
    expected = next((s for s in shapes if s != (1, 1)), (1, 1))
    grid = returned if isinstance(returned, list) else [[returned]]
    assert (len(grid), len(grid[0])) == expected, (expected, returned)
    first = given[ELEMENTWISE[name][0]]
    flat_in = [c for r in first for c in r] if isinstance(first, tuple) else [first]
    flat_out = [c for r in grid for c in r]
    if name in BLANK_STAYS_BLANK and shapes[0] == expected:
        for before, after in zip(flat_in, flat_out, strict=True):
            assert not _blank(before) or after is None, (before, after)
    if name == "XLSALES_NUMBER":
        for before, after in zip(flat_in, flat_out, strict=True):
            if type(before) is float and math.isfinite(before):
                assert after == before, (before, after)


# ----------------------------------------------------------------------------------------
# The catalogue, called as Excel and xlwings Lite call it
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CATALOGUE)
@hostile.hostile_settings(EXAMPLES)
@given(data=st.data(), runtime=st.sampled_from(["1.4", "1.2"]),
       date_format=st.sampled_from(["dd/mm/yyyy", None]))
def test_any_cells_give_an_answer_or_a_short_message(name, data, runtime, date_format):
    func = getattr(udfs, name)
    args = data.draw(formula_arguments(name), label="cells")
    returned, received = answered(func, excel.call_like_excel, *args)
    check_received(received, lite=False)
    check_rows_kept(name, args, returned)
    returned, received = answered(func, excel.call_like_lite, *args, runtime=runtime,
                                  date_format=date_format)
    check_received(received, lite=True)
    check_rows_kept(name, args, returned)
    tell(returned)


# ----------------------------------------------------------------------------------------
# Called from Python (an xlwings Lite main.py may): ragged and empty lists too
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CATALOGUE)
@hostile.hostile_settings(PYTHON_EXAMPLES)
@given(data=st.data())
def test_python_lists_of_any_shape_give_an_answer_or_a_short_message(name, data):
    func = getattr(xlsales_udfs, name)
    args = data.draw(formula_arguments(name, python=True), label="cells")
    kept = repr(args)
    with logged_tracebacks() as logged:
        returned = func(*args)
    check_returned(returned, "\n".join(logged.texts))
    assert repr(args) == kept, "the cells given were changed"
    tell(returned)

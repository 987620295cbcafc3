"""Hostile arguments: every function of the core API, fed whatever a Python user may pass.

Each function of ``xlsales.__all__`` is called with arguments drawn by hypothesis: one or
two of them hostile (scalars of any kind, lists, tuples, dicts, numpy arrays of any dtype
and dimension, Series with odd indexes and dtypes, DataFrames with missing or extra
columns, None, holding blanks, text, numbers typed the French and English ways, NaN, ±inf,
huge values, booleans, dates, error texts), the others valid, so that a draw reaches the
arithmetic. A result's ``to_frame``, ``diagnosis`` and ``key_figures`` are called too, in
a drawn language. Only the parameters by which a layer names an argument or numbers its
rows in messages (``check_lang``'s ``arg``, ``to_levels``' ``arg`` and ``first_row``)
get valid values alone: they are the calling code's, not a user's data.

What must hold, whatever the arguments:
- a call answers, or raises ``XlsalesError`` and nothing else: any other exception is an
  input xlsales does not handle, a bug;
- the error's message, in English and in French, starts with the name of an argument of
  the function (or of a column or table the user named or knows: a ledger's columns, the
  segments and products of a matrix), is one line, and is short enough for a cell;
- the arguments are left as they were: a user's list, array, Series or DataFrame is never
  modified.

Examples per run: ``EXAMPLES`` (100) per function, 36 functions, about 3,600 calls, the
same seeded draws every run; ``XLSALES_EXPLORE=<n>`` draws n times as many, fresh
(``tests/harness/hostile.py``).
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import math
import re
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import xlsales
from tests.harness import hostile
from xlsales import XlsalesError
from xlsales.method.funnel import STAGES
from xlsales.method.qualification import LABELS as FIELD_LABELS

FUNCTIONS = sorted(name for name in xlsales.__all__
                   if inspect.isfunction(getattr(xlsales, name)))

# A numpy or pandas warning (overflow, invalid value) is a result computed on values
# xlsales should have refused or handled: a failure here, not noise in the log.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

EXAMPLES = 100


# ----------------------------------------------------------------------------------------
# Values: what each argument usually holds, and anything a Python user may pass
# ----------------------------------------------------------------------------------------

# Python and library scalars a table or a computation hands over
odd_scalars = st.sampled_from([
    pd.NA, pd.NaT, Decimal("12.5"), Decimal("NaN"), Decimal("-Infinity"), np.int64(7),
    np.float32("nan"), np.float64(1e308), np.bool_(True), np.datetime64("2025-01-01"),
    np.datetime64("NaT"), dt.date(2025, 1, 1), pd.Timestamp("2025-01-01"),
    pd.Timestamp("2025-01-01", tz="Europe/Paris"), dt.time(12, 30), dt.timedelta(days=3),
    b"12", complex(1, 2), 10**400, -(2**63), 2**64,
])
anything = st.one_of(hostile.hostile, odd_scalars, st.sampled_from(hostile.ERROR_TEXTS))

amounts = st.one_of(st.floats(-1e3, 1e6), st.integers(0, 10_000), hostile.number_text())
rates = st.one_of(st.floats(0.0, 0.99), st.just("12%"))
keys = st.one_of(st.integers(1000, 1012), st.integers(1000, 1012).map(float),
                 st.sampled_from(["1001", "C1", "C2", "Dupont SA"]))
scores = st.one_of(st.floats(1.0, 5.0), st.integers(1, 5))
factor_scores = st.one_of(st.floats(0.0, 10.0), st.integers(0, 10))
dates = st.one_of(hostile.datetimes, st.floats(1, 2_958_465),
                  st.sampled_from(["31/12/2025", "2025-12-31", "45657"]))
langs = st.sampled_from(["en", "fr", "FR", "français", None])
potential_words = st.sampled_from([1, 2, 3, "2", "Gros", "Moyen", "Petit", "big", None])
access_words = st.sampled_from([1, 2.0, 3, "Bonne", "Moyenne", "Très peu", "Good", None])
risk_words = st.sampled_from([1, 2, 3, "High", "Low", "Risque moyen", None])
level_words = st.one_of(potential_words, access_words, risk_words)
stage_words = st.sampled_from([*STAGES, "Prospects froids", "Hot prospect", "Leads"])
fields = [*FIELD_LABELS, *(words["fr"] for words in FIELD_LABELS.values())]

# Each argument: (what one value usually is, its usual shape)
SCALAR, COLUMN, TABLE, BY_CLIENT = "scalar", "column", "table", "by client"
USUAL: dict[str, tuple[st.SearchStrategy, str]] = {
    "values": (amounts, COLUMN), "a_share": (st.floats(0.3, 0.85), SCALAR),
    "b_share": (st.floats(0.86, 1.0), SCALAR),
    "method": (st.sampled_from(["pareto", "computed", "calculé"]), SCALAR),
    "descending": (st.floats(0.01, 1e6), COLUMN), "clients": (st.integers(0, 100), SCALAR),
    "quantity": (factor_scores, COLUMN), "orientation": (factor_scores, COLUMN),
    "efficiency": (factor_scores, COLUMN), "new_value": (factor_scores, SCALAR),
    "factor": (st.sampled_from(["quantity", "orientation", "Efficacité"]), SCALAR),
    "step": (st.sampled_from([1, 2, 0.5]), SCALAR), "lang": (langs, SCALAR),
    "arg": (st.sampled_from(["value", "lang", "revenue"]), SCALAR), "rate": (rates, COLUMN),
    "years": (st.integers(0, 12), SCALAR), "new_per_year": (st.integers(0, 50), SCALAR),
    "prev_ids": (keys, COLUMN), "curr_ids": (keys, COLUMN),
    "abc_class": (st.sampled_from(["A", "B", "C", None]), COLUMN),
    "share_of_wallet": (st.floats(0.0, 2.0), COLUMN),
    "potential_level": (potential_words, COLUMN), "risk_level": (risk_words, COLUMN),
    "accessibility_level": (access_words, COLUMN),
    "potential_levels": (potential_words, COLUMN), "access_levels": (access_words, COLUMN),
    "names": (keys, COLUMN), "record": (st.sampled_from(["Dupont", "x@y.fr", 2, None]), TABLE),
    "fragile_top_client": (st.floats(0.05, 1.0), SCALAR),
    "fragile_top5": (st.floats(0.05, 1.0), SCALAR),
    "dispersion_c_clients": (st.floats(0.05, 1.0), SCALAR),
    "target": (st.integers(0, 100), SCALAR), "counts": (st.integers(0, 1_000), COLUMN),
    "labels": (stage_words, COLUMN), "last_contact": (dates, COLUMN),
    "priority": (st.sampled_from([1, 2, 3, 4, 5, None]), COLUMN),
    "today": (dates, SCALAR), "intervals": (st.integers(1, 90), COLUMN),
    "sources": (st.sampled_from(["Réseaux", "networks", "bought files", "Salon"]), COLUMN),
    "stages": (stage_words, COLUMN), "stage_order": (stage_words, COLUMN),
    "matrix": (amounts, TABLE), "win_share": (st.floats(0.01, 1.0), SCALAR),
    "develop_ratio": (st.floats(0.01, 1.0), SCALAR), "min_expected": (st.floats(0, 1), SCALAR),
    "segments": (st.sampled_from(["S1", "S2", "S3", 1]), COLUMN),
    "products": (st.sampled_from(["P1", "P2", 3.0]), COLUMN), "amounts": (amounts, COLUMN),
    "margins": (amounts, COLUMN), "prev": (amounts, BY_CLIENT), "curr": (amounts, BY_CLIENT),
    "ledger": (amounts, TABLE), "year_prev": (st.sampled_from([2023, 2024, "2024"]), SCALAR),
    "year_curr": (st.sampled_from([2024, 2025, 2025.0]), SCALAR),
    "client": (st.sampled_from(["client", "Client"]), SCALAR),
    "date": (st.sampled_from(["date", "DATE "]), SCALAR),
    "amount": (st.sampled_from(["amount", "Amount"]), SCALAR),
    "score": (scores, COLUMN), "cuts": (st.sampled_from([(3.67, 2.33), (4, 2)]), SCALAR),
    "revenue": (st.floats(0, 1e6), COLUMN), "potential": (st.floats(0, 1e6), COLUMN),
    "stage": (stage_words, SCALAR), "kind": (st.sampled_from(["potential", "risk"]), SCALAR),
    "first_row": (st.integers(1, 1000), SCALAR), "scores": (scores, TABLE),
    "weights": (st.integers(0, 4), COLUMN),
}
USUAL_IN = {("new_clients_needed", "clients"): (st.integers(0, 1_000), COLUMN),
            ("abandon_risk", "clients"): (keys, COLUMN),
            ("churn_projection", "rate"): (rates, SCALAR),
            ("to_levels", "values"): (level_words, COLUMN),
            ("new_clients_needed", "growth"): (st.floats(-0.2, 0.3), COLUMN)}


@st.composite
def odd_index(draw: st.DrawFn, size: int) -> pd.Index:
    """The index a Series may carry: not always 0, 1, 2..."""
    kind = draw(st.sampled_from(["range", "shifted", "reversed", "repeated", "text",
                                 "dates", "mixed", "floats"]))
    if kind == "range":
        return pd.RangeIndex(size)
    if kind == "shifted":
        return pd.RangeIndex(10, 10 + size)
    if kind == "reversed":
        return pd.Index(list(range(size))[::-1])
    if kind == "repeated":
        return pd.Index([0] * size)
    if kind == "text":
        return pd.Index([f"client {i}" for i in range(size)])
    if kind == "dates":
        return pd.date_range("2025-01-01", periods=size)
    if kind == "mixed":
        return pd.Index([(1, "1", 1.0, None, "a")[i % 5] for i in range(size)], dtype=object)
    return pd.Index([math.nan if i % 3 == 2 else i + 0.5 for i in range(size)])


def _array(values: list[Any]) -> np.ndarray:
    """As np.array makes it: strings if all are text-like, objects when types mix."""
    try:
        return np.array(values)
    except (ValueError, TypeError, OverflowError):
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array


@st.composite
def column_of(draw: st.DrawFn, element: st.SearchStrategy, size: int) -> Any:
    """A column as a Python user holds one: list, tuple, array, Series, dict."""
    values = draw(st.lists(element, min_size=size, max_size=size))
    kind = draw(st.sampled_from(["list", "tuple", "array", "series", "series", "dict"]))
    if kind == "list":
        return values
    if kind == "tuple":
        return tuple(values)
    if kind == "array":
        return _array(values)
    if kind == "dict":
        return {f"client {i}": v for i, v in enumerate(values)}
    dtype = draw(st.sampled_from([None, None, "object", "string", "Float64", "Int64",
                                  "category"]))
    try:
        return pd.Series(values, index=draw(odd_index(size)), dtype=dtype, name="revenue")
    except (ValueError, TypeError, OverflowError):  # a dtype the values do not fit
        return pd.Series(values, index=draw(odd_index(size)), dtype=object)


@st.composite
def table_of(draw: st.DrawFn, element: st.SearchStrategy, height: int, width: int,
             columns: list[Any]) -> Any:
    """A table: a DataFrame (its columns drawn among ``columns``), rows as lists, a 2-D
    array, or a dict of columns."""
    names = draw(st.lists(st.sampled_from(columns), min_size=width, max_size=width,
                          unique=True)) if len(columns) >= width else columns[:width]
    width = len(names)
    cells = draw(st.lists(st.lists(element, min_size=width, max_size=width),
                          min_size=height, max_size=height))
    kind = draw(st.sampled_from(["frame", "frame", "rows", "array", "dict"]))
    if kind == "rows":
        return cells
    if kind == "array":
        return _array(cells) if cells and width else np.empty((height, width))
    if kind == "dict":
        return {name: [row[j] for row in cells] for j, name in enumerate(names)}
    return pd.DataFrame(cells, columns=pd.Index(names, dtype=object),
                        index=draw(odd_index(height)))


# Columns users give a ledger, a prospect table, a matrix: the expected ones, spelled
# otherwise, and others
LEDGER_COLUMNS = ["client", "date", "amount", "Client ", "DATE", "montant", "region", 0]
PRODUCTS = ["P1", "P2", "Product 3", 3.0]
MATRIX_COLUMNS = [*PRODUCTS, "P1 ", None]  # "P1 " is P1 again


def usual_value(func: str, arg: str, size: int) -> st.SearchStrategy:
    """A valid value of ``arg``; a column or table has ``size`` rows, the call's length."""
    element, shape = USUAL_IN.get((func, arg)) or USUAL[arg]

    @st.composite
    def draw_value(draw: st.DrawFn) -> Any:
        if shape == SCALAR:
            return draw(element)
        if shape == COLUMN:
            if arg == "counts":
                counts = sorted(draw(st.lists(element, min_size=size + 1,
                                              max_size=size + 1)), reverse=True)
                return [max(counts[0], 1), *counts[1:]]
            if arg == "descending":
                return np.sort(np.array(draw(st.lists(element, min_size=size,
                                                      max_size=size))))[::-1]
            if arg == "intervals":
                return draw(st.lists(element, min_size=5, max_size=5))
            if arg in ("labels", "stage_order"):  # stage names, each once, one per count
                names = draw(st.permutations([*STAGES, "Leads", "Calls", "Meetings"]))
                return names[:size + 1]
            return draw(column_of(element, size))
        if shape == BY_CLIENT:
            ids = draw(st.lists(keys, min_size=size, max_size=size, unique_by=str))
            revenue = draw(st.lists(element, min_size=len(ids), max_size=len(ids)))
            if draw(st.booleans()):
                return dict(zip(ids, revenue, strict=True))
            return pd.Series(revenue, index=pd.Index(ids, dtype=object))
        # tables
        if arg == "ledger":
            lines = draw(st.lists(st.tuples(keys, dates, element), min_size=1, max_size=8))
            return pd.DataFrame(lines, columns=["client", "date", "amount"])
        if arg == "record":
            return draw(table_of(st.one_of(element, anything), size, 4, fields))
        if arg == "matrix":  # segments down, products across
            products = draw(st.lists(st.sampled_from(PRODUCTS), min_size=1, unique=True))
            cells = draw(st.lists(st.lists(element, min_size=len(products),
                                           max_size=len(products)),
                                  min_size=size, max_size=size))
            return pd.DataFrame(cells, index=[f"S{i}" for i in range(size)],
                                columns=pd.Index(products, dtype=object))
        # scores: one column per weight (the call's length), a row per client
        return draw(table_of(element, draw(st.integers(1, 5)), size, list(range(1, 9))))

    return draw_value()


@st.composite
def hostile_value(draw: st.DrawFn, func: str, arg: str) -> Any:
    """Anything a Python user may pass for ``arg``: its usual values among others, in any
    container, or a table with unexpected columns, or None."""
    element, _ = USUAL_IN.get((func, arg)) or USUAL[arg]
    cell = st.one_of(element, hostile.blank, anything)
    size = draw(st.integers(0, 8))
    kind = draw(st.sampled_from(["scalar", "column", "column", "table", "nested", "none"]))
    if kind == "none":
        return None
    if kind == "scalar":
        return draw(cell)
    if kind == "column":
        return draw(column_of(cell, size))
    if kind == "nested":  # a 2-D list or array read where a column is expected
        rows = draw(st.lists(st.lists(cell, min_size=1, max_size=3), max_size=4))
        return rows if draw(st.booleans()) else _array(rows)
    columns = LEDGER_COLUMNS if arg == "ledger" else (
        fields if arg == "record" else MATRIX_COLUMNS)
    return draw(table_of(cell, size, draw(st.integers(0, 4)), columns))


# How a layer names the argument it passes on and numbers its rows, for messages
# (check_lang(value, arg=...), to_levels(..., first_row=...)): the caller's code, not data.
CALLERS_OWN = ("arg", "first_row")


@st.composite
def core_arguments(draw: st.DrawFn, name: str) -> dict[str, Any]:
    """Keyword arguments of one call: one or two hostile, the others usual or left out."""
    params = list(inspect.signature(getattr(xlsales, name)).parameters.values())
    hostile_args = draw(st.sets(st.sampled_from(
        [p.name for p in params if p.name not in CALLERS_OWN] or [""]), max_size=2))
    size = draw(st.integers(1, 8))
    kwargs = {}
    for param in params:
        if param.name in hostile_args:
            kwargs[param.name] = draw(hostile_value(name, param.name))
        elif param.default is inspect.Parameter.empty or draw(st.booleans()):
            kwargs[param.name] = draw(usual_value(name, param.name, size))
    if name in ("abc_curve", "computed_limits") and not hostile_args:
        # the clients counted include those with revenue
        kwargs["clients"] = max(kwargs["clients"], np.size(kwargs["descending"]))
    return kwargs


# ----------------------------------------------------------------------------------------
# What every call owes the user
# ----------------------------------------------------------------------------------------

# Names a message may start with beyond the function's own arguments: what a matrix's
# table holds; the ledger's columns and the argument names the caller chose.
EXTRA_NAMES = {"matrix_signals": ("segments", "products", "amounts")}
NAMING_ARGS = ("client", "date", "amount", "arg", "kind")


def names_for(name: str, kwargs: dict[str, Any]) -> list[str]:
    params = inspect.signature(getattr(xlsales, name)).parameters
    named = [str(kwargs.get(arg, params[arg].default)) for arg in NAMING_ARGS
             if arg in params and kwargs.get(arg, params[arg].default) is not None]
    return [*params, *EXTRA_NAMES.get(name, ()), *named]


def check_error(err: XlsalesError, names: list[str]) -> None:
    for lang in ("en", "fr"):
        text = err.message(lang)
        assert any(re.match(re.escape(arg) + r"(?:[,:(]| [:(]|$)", text) for arg in names), (
            f"{text!r} names none of {names}")
        assert len(text) <= hostile.MESSAGE_MAX and "\n" not in text and "\r" not in text, text


def same(before: Any, after: Any) -> bool:
    """Whether a value is unchanged (NaN equal to NaN, dtypes and indexes included)."""
    if isinstance(before, pd.DataFrame):
        return (isinstance(after, pd.DataFrame) and before.columns.equals(after.columns)
                and before.index.equals(after.index) and before.dtypes.equals(after.dtypes)
                and before.equals(after))
    if isinstance(before, pd.Series):
        return (isinstance(after, pd.Series) and before.index.equals(after.index)
                and before.dtype == after.dtype and before.equals(after))
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and before.dtype == after.dtype
                and before.shape == after.shape
                and all(same(a, b) for a, b in zip(before.ravel().tolist(),
                                                   after.ravel().tolist(), strict=True)))
    if isinstance(before, dict):
        return (isinstance(after, dict) and list(before) == list(after)
                and all(same(before[k], after[k]) for k in before))
    if isinstance(before, list | tuple):
        return (type(before) is type(after) and len(before) == len(after)
                and all(same(a, b) for a, b in zip(before, after, strict=True)))
    try:
        if before != before and after != after:  # NaN, NaT
            return True
        return bool(before == after) and type(before) is type(after)
    except (TypeError, ValueError):  # pd.NA compares to nothing
        return before is after


def shown(result: Any, lang: str) -> None:
    """A result as the layers show it: its table, diagnosis and key figures in ``lang``."""
    if not type(result).__module__.startswith("xlsales"):  # a Series has its own to_frame
        return
    for method in ("to_frame", "diagnosis", "key_figures"):
        if hasattr(result, method):
            getattr(result, method)(lang=lang)


@pytest.mark.parametrize("name", FUNCTIONS)
@hostile.hostile_settings(EXAMPLES)
@given(data=st.data(), lang=st.sampled_from(["en", "fr", "FR", "de", None]))
def test_any_arguments_give_an_answer_or_an_xlsales_error_naming_one(name, data, lang):
    func = getattr(xlsales, name)
    kwargs = data.draw(core_arguments(name), label="arguments")
    kept = copy.deepcopy(kwargs)
    names = names_for(name, kwargs)
    try:
        result = func(**kwargs)
        shown(result, lang)
    except XlsalesError as err:
        check_error(err, [*names, "lang"])
        event("error: " + err.message().split(":")[0].split(",")[0])
    else:
        event("answer")
    for arg, value in kept.items():
        assert same(value, kwargs[arg]), f"{arg} was changed: {value!r} -> {kwargs[arg]!r}"

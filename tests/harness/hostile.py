"""What users paste into cells and pass to functions: hypothesis strategies for hostile values.

Sales data arrives dirty: numbers typed as text the French or English way, currency and
percent signs, blanks of every kind, dates as text, booleans, error values, unicode, whole
chapters pasted into one cell. These strategies draw such values, mixed with plausible
ones of each kind so that a draw gets past the first check and reaches the arithmetic.
``tests/hostile/test_hostile_cells.py`` (cell formulas) and
``tests/hostile/test_hostile_core.py`` (the Python API) share them.
"""

from __future__ import annotations

import datetime as dt
import os
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Every call must end within this: generous for a machine shared by parallel jobs; a
# quadratic parse of a 32,767-character cell took minutes.
DEADLINE = timedelta(seconds=5)
# A message fits a cell, read at a glance
MESSAGE_MAX = 300


# XLSALES_EXPLORE=<n>: draw n times the examples, freshly at random, to hunt new bugs.
# Unset (CI, everyday runs): the same seeded draws every run, so a red CI is a change's.
EXPLORE = int(os.environ.get("XLSALES_EXPLORE") or 0)


def hostile_settings(examples: int) -> settings:
    """The examples asked for (seeded draws), or ``EXPLORE`` times as many fresh ones; the
    deadline; a failure printed with its reproduction blob. Hypothesis' CI profile is not
    used: the same draws in CI and out of it."""
    return settings(max_examples=examples * max(EXPLORE, 1), deadline=DEADLINE,
                    derandomize=not EXPLORE, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


__all__ = [
    "DEADLINE",
    "ERROR_TEXTS",
    "EXPLORE",
    "HUGE_TEXTS",
    "MESSAGE_MAX",
    "NUMBER_TEXTS",
    "blank",
    "datetimes",
    "finite",
    "floats",
    "hostile",
    "hostile_settings",
    "number_text",
    "text",
]

# Numbers as users and exports write them, and texts that look like numbers but are not.
NUMBER_TEXTS = (
    "1 234,50 €", "1,234.50", "45 %", "(300)", "12,5", "1.234.567,89", "1'234.50", "-0",
    "0,5%", "12 k€", "3M€", "1e308", "1e400", "-1e-400", "∞", "NaN", "nan", "inf", "-inf",
    "€", "%", "--5", "5-", "+ 7", "1,2,3", "1.2.3", ",", ".", "e5", "0x1F", "1_000",
    "١٢٣", "１２３", "12\u00a0345,6", "12\u202f345", "−42", "(−3)", "  ", "\t", "\n",
)
# Excel's error values as their text (what xlwings hands with err_to_str, and xlwings Lite)
ERROR_TEXTS = (
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CONNECT!", "#BLOCKED!", "#FIELD!", "#CALC!",
)
# A cell holds up to 32,767 characters: a pasted paragraph, a column of digits, a CSV line
HUGE_TEXTS = (
    "1" * 32_767,
    "1" * 32_766 + "x",
    "9" * 400,
    "1 " * 16_383,
    "é" * 5_000,
    "A;B;C;1 234,50;" * 2_000,
    "Lorem ipsum dolor sit amet\n" * 1_000,
)

floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e308, -1e308, 5e-324, -0.0, 2.0**53, 2.0**53 + 2, 1e15 + 0.3])
finite = st.floats(allow_nan=False, allow_infinity=False)
blank = st.sampled_from([None, "", " ", "\u00a0", "\t", float("nan")])
text = st.text(max_size=30)
# Excel's dates run from 1900 to 9999
datetimes = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31))


@st.composite
def number_text(draw: st.DrawFn) -> str:
    """A number written as text in one of the ways our users write them."""
    number = draw(st.floats(-1e9, 1e9, allow_nan=False) | st.integers(-10**6, 10**6))
    shown = draw(st.sampled_from([
        "{:,.2f}", "{:.2f}", "{:g}", "{:,.0f}", "{:.3e}", "{:.0f} %", "{:.1f}%", "{:,.2f} €",
        "€{:,.2f}", "({:.2f})", "{:.2f}-"]))
    written = shown.format(number)
    if draw(st.booleans()):  # the French way: spaces between thousands, a decimal comma
        written = written.replace(",", "\u202f").replace(".", ",")
    return written


hostile = st.one_of(
    floats,
    blank,
    text,
    st.sampled_from(NUMBER_TEXTS),
    number_text(),
    st.booleans(),
    datetimes,
    st.sampled_from(HUGE_TEXTS),
)
"""Any one value a user may put where a value is expected. Error values come apart
(``ERROR_TEXTS``): a cell hands them as COM codes or error objects, Python as text."""

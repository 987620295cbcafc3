"""The bulk paths the cell formulas take at 100,000 rows give what the row-by-row rules
give: codes typed as numbers against the same codes as text (which take ``to_keys``'
general path), ids sorted in bulk against Python's sort by the documented key, the first
bad priority told whatever the kind of fault."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.method.churn import churn_rate
from xlsales.method.portfolio import portfolio_bridge
from xlsales.method.qualification import next_contact


def _text(codes):
    return [None if c is None else str(int(c)) for c in codes]


@pytest.mark.parametrize("seed", range(5))
def test_churn_on_number_codes_is_churn_on_their_keys(seed):
    rng = np.random.default_rng(seed)
    prev = [float(c) if rng.random() > 0.1 else None for c in rng.integers(-5, 300, 400)]
    curr = [float(c) if rng.random() > 0.1 else None for c in rng.integers(0, 400, 350)]
    prev[3] = -0.0  # the code 0 typed with a sign: the key "0"
    curr[5] = 0.0
    assert churn_rate(prev, curr) == churn_rate(_text(prev), _text(curr))
    assert churn_rate(np.array(prev, dtype=float), curr) == churn_rate(_text(prev), curr)


def test_churn_on_no_code_of_n_minus_1_is_refused():
    with pytest.raises(XlsalesError) as caught:
        churn_rate([None, None], [1.0])
    assert caught.value.problem == "empty"


_NUMBER_ID = re.compile(r"^-?\d+(\.\d+)?$")


def _documented_order(ids):
    return tuple(sorted(ids, key=lambda k: (0, float(k), k) if _NUMBER_ID.match(k)
                        else (1, 0.0, k)))


@pytest.mark.parametrize("ids", [
    [str(i) for i in range(1, 2000, 7)],
    ["7", "007", "10", "2", "0", "00"],  # equal values: their texts decide
    ["12", "A3", "-4", "2.5", "B", "9"],
])
def test_bridge_ids_come_in_the_documented_order(ids):
    bridge = portfolio_bridge({}, dict.fromkeys(ids, 10.0))
    assert bridge.new_ids == _documented_order(ids)


def test_bridge_tells_the_first_bad_row_whatever_its_fault():
    with pytest.raises(XlsalesError) as caught:
        portfolio_bridge({"1": 5.0, "2": 1.0, " 1 ": 3.0, None: 4.0}, {})
    assert (caught.value.problem, caught.value.row) == ("duplicate", 3)
    import pandas as pd

    side = pd.Series([5.0, 4.0, 1.0], index=pd.Index(["1", None, "1"], dtype=object))
    with pytest.raises(XlsalesError) as caught:
        portfolio_bridge(side, {})
    assert (caught.value.problem, caught.value.row) == ("blank", 2)


@pytest.mark.parametrize(("priorities", "problem", "row"), [
    ([1, 2, 2.5, 9], "not_integer", 3),
    ([1, 9, 2.5], "range", 2),
    ([1, float("inf")], "not_finite", 2),  # refused as read, as before
    ([0, 1], "range", 1),
])
def test_the_first_bad_priority_is_told(priorities, problem, row):
    contacts = [dt.datetime(2026, 1, 1)] * len(priorities)
    with pytest.raises(XlsalesError) as caught:
        next_contact(contacts, priorities)
    assert (caught.value.problem, caught.value.row) == (problem, row)


def test_next_contacts_in_bulk():
    day = dt.datetime(2026, 1, 31, 15, 30)
    got = next_contact([day, None, day], [1, 5, None], today=dt.date(2026, 3, 10))
    assert list(got) == [dt.datetime(2026, 2, 7), dt.datetime(2026, 3, 10), None]

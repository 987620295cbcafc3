"""The portfolio bridge N-1 → N (METHOD.md §1), on cases computed by hand."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.dates import to_serial
from xlsales.common.errors import XlsalesError
from xlsales.method.portfolio import portfolio_bridge, portfolio_from_ledger


def test_bridge_counts_and_revenue():
    # N-1: A 100, B 50, C 30, D 20 -> 4 clients, 200
    # N:   A 120, C 20, E 40, F 5  -> 4 clients, 185
    # lost B, D (50 + 20 = 70); retained A, C (130 -> 140); new E, F (45)
    bridge = portfolio_bridge({"A": 100, "B": 50, "C": 30, "D": 20},
                              {"A": 120, "C": 20, "E": 40, "F": 5})
    assert (bridge.clients_prev, bridge.revenue_prev) == (4, 200)
    assert (bridge.lost_clients, bridge.lost_revenue_prev) == (2, 70)
    assert (bridge.retained_clients, bridge.retained_revenue_prev,
            bridge.retained_revenue_curr) == (2, 130, 140)
    assert (bridge.new_clients, bridge.new_revenue_curr) == (2, 45)
    assert (bridge.clients_curr, bridge.revenue_curr) == (4, 185)
    assert bridge.lost_ids == ("B", "D")
    assert bridge.retained_ids == ("A", "C")
    assert bridge.new_ids == ("E", "F")
    assert bridge.churn_rate == 0.5  # 2 / 4
    assert bridge.client_evolution == 0.0  # 4 -> 4
    assert bridge.revenue_evolution == pytest.approx(-0.075)  # 185 / 200 - 1
    assert bridge.retained_revenue_evolution == pytest.approx(10 / 130)  # 140 / 130 - 1


def test_blank_zero_and_negative_revenue_are_not_clients():
    # N-1: only A is a client; B and E blank, D negative (left out); C at 0 is simply none
    # N: all five bought -> A retained, B C D E new; identity 1 - 0 + 4 = 5
    bridge = portfolio_bridge({"A": 100, "B": None, "C": 0, "D": -10, "E": ""},
                              {"A": 50, "B": 20, "C": 30, "D": 40, "E": 5})
    assert bridge.clients_prev == 1 and bridge.revenue_prev == 100
    assert (bridge.blank_prev, bridge.negative_prev) == (2, 1)
    assert (bridge.blank_curr, bridge.negative_curr) == (0, 0)
    assert bridge.lost_clients == 0
    assert bridge.new_ids == ("B", "C", "D", "E")
    assert bridge.new_revenue_curr == 95  # 20 + 30 + 40 + 5
    assert bridge.clients_curr == 5


def test_client_who_turns_negative_is_lost():
    # B bought 40 in N-1, credits exceed purchases in N (-5): lost, and reported
    bridge = portfolio_bridge({"A": 10, "B": 40}, {"A": 10, "B": -5})
    assert bridge.lost_ids == ("B",) and bridge.lost_revenue_prev == 40
    assert bridge.negative_curr == 1


def test_ids_match_across_excel_floats_and_text():
    prev = {1001.0: 10, " Dupont  SA ": 5}
    curr = pd.Series([7, 3], index=["1001", "Dupont SA"])
    bridge = portfolio_bridge(prev, curr)
    assert bridge.retained_ids == ("1001", "Dupont SA")
    assert bridge.lost_clients == 0 and bridge.new_clients == 0


def test_ids_sort_like_client_codes():
    bridge = portfolio_bridge({10: 1, 2: 1, "B": 1, "A": 1, 1001: 1}, {})
    assert bridge.lost_ids == ("2", "10", "1001", "A", "B")


def test_empty_line_of_a_range_is_skipped():
    bridge = portfolio_bridge(pd.Series([10, None], index=["A", None]), {"A": 10})
    assert bridge.clients_prev == 1 and bridge.blank_prev == 0


@pytest.mark.parametrize(
    ("prev", "arg", "problem", "row"),
    [
        ({1001.0: 10, "1001": 5}, "prev", "duplicate", 2),
        (pd.Series([1, 2, 3], index=["A", "B", "A"]), "prev", "duplicate", 3),
        (pd.Series([10, 5], index=["A", None]), "prev (client)", "blank", 2),
        ({"A": 1, "B": "abc"}, "prev", "not_number", 2),
    ],
)
def test_bad_entries_name_side_and_row(prev, arg, problem, row):
    with pytest.raises(XlsalesError) as caught:
        portfolio_bridge(prev, {})
    assert (caught.value.arg, caught.value.problem, caught.value.row) == (arg, problem, row)


def test_a_side_that_is_not_revenue_by_client_is_told_as_such():
    # revenues without client codes cannot be bridged (this was a TypeError)
    with pytest.raises(XlsalesError) as caught:
        portfolio_bridge({"A": 1}, (10.0, 20.0))
    assert caught.value.message("en") == (
        "curr: '(10.0, 20.0)' is not revenue by client: give a dict {client: revenue} or "
        "a Series indexed by client")
    assert caught.value.message("fr").startswith(
        "curr : '(10.0, 20.0)' n'est pas un CA par client : donnez un dict {client: CA}")
    with pytest.raises(XlsalesError, match=r"^prev: \(blank\) is not revenue by client"):
        portfolio_bridge(None, {})


def test_bad_entry_on_the_n_side():
    with pytest.raises(XlsalesError, match=r"^curr, row 2: 'x' is not a number"):
        portfolio_bridge({"A": 1}, {"A": 1, "B": "x"})


def test_no_clients_last_year_leaves_ratios_blank():
    bridge = portfolio_bridge({}, {"A": 5})
    assert bridge.new_clients == 1
    assert math.isnan(bridge.churn_rate)
    assert math.isnan(bridge.client_evolution) and math.isnan(bridge.revenue_evolution)


def test_bridge_table_in_both_languages():
    bridge = portfolio_bridge({"A": 100, "B": 50}, {"A": 80, "C": 30})
    table = bridge.to_frame()
    assert list(table.index) == ["Portfolio N-1", "Lost clients", "Retained clients",
                                 "New clients", "Portfolio N"]
    assert table["Clients"].tolist() == [2, 1, 1, 1, 2]
    assert table.loc["Lost clients", "Revenue N-1"] == 50
    assert table.loc["Retained clients", "Revenue N"] == 80
    assert math.isnan(table.loc["New clients", "Revenue N-1"])  # does not apply
    assert math.isnan(table.loc["Portfolio N", "Revenue N-1"])
    french = bridge.to_frame("fr")
    assert french.loc["Nouveaux clients", "CA N"] == 30
    figures = bridge.key_figures("fr")
    assert figures.loc["Taux d'attrition (perdus / clients N-1)", "Valeur"] == 0.5
    # revenue 150 -> 110: 110 / 150 - 1
    assert figures.loc["Évolution du CA", "Valeur"] == pytest.approx(-40 / 150)


def _ledger():
    """Lines of a ledger with dates and amounts in the forms exports use."""
    return pd.DataFrame({
        "client": [1001, "1001", "A", "A", "A", "B", "B", "C", "C", 1001.0, None, "D",
                   "E", "E", "E"],
        "date": ["15/03/2024",
                 45500,  # 27 July 2024 (45292 is 1 January 2024)
                 dt.datetime(2024, 2, 1), "2025-01-10", "10/02/2025", "2025-03-01",
                 "2023-12-31", "2024-06-01", "2025-06-01", "2025-05-05", None, "2025-01-01",
                 "2025-04-01", "2025-04-02", "2025-04-03"],
        "amount": [100, "50,5", 80, 60, -60, 30, 500, 40, -50, 70, None, None,
                   0.1, 0.2, -0.3],
    })


def test_ledger_nets_credit_notes_per_client_and_year():
    # 2024: 1001 = 100 + 50.5 = 150.5; A = 80; C = 40 -> 3 clients, 270.5
    # 2025: 1001 = 70; A = 60 - 60 = 0 (not a client); B = 30; C = -50 (negative);
    #       E = 0.1 + 0.2 - 0.3 = 0 (float noise is not a client); B's 2023 line is out
    # lost A, C (80 + 40); retained 1001 (150.5 -> 70); new B (30)
    bridge = portfolio_from_ledger(_ledger(), 2024, 2025)
    assert (bridge.clients_prev, bridge.revenue_prev) == (3, pytest.approx(270.5))
    assert bridge.lost_ids == ("A", "C") and bridge.lost_revenue_prev == pytest.approx(120)
    assert bridge.retained_ids == ("1001",)
    assert bridge.retained_revenue_prev == pytest.approx(150.5)
    assert bridge.retained_revenue_curr == pytest.approx(70)
    assert bridge.new_ids == ("B",) and bridge.new_revenue_curr == pytest.approx(30)
    assert bridge.negative_curr == 1
    assert (bridge.clients_curr, bridge.revenue_curr) == (2, pytest.approx(100))


def test_ledger_years_need_not_follow():
    # 2023 -> 2025: 2023 has only B (500); 2025 has 1001 and B
    bridge = portfolio_from_ledger(_ledger(), 2023, 2025)
    assert bridge.retained_ids == ("B",) and bridge.new_ids == ("1001",)


def test_ledger_with_datetime_or_serial_columns():
    # clean columns take the vectorised path; both must give the same hand result:
    # 2024: X 10 + 5 = 15, Y 7; 2025: X 4, Z 9 -> lost Y, retained X, new Z
    days = [dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31, 23, 59),
            dt.datetime(2024, 6, 1), dt.datetime(2025, 1, 1), dt.datetime(2025, 7, 14)]
    lines = {"Client": ["X", "X", "Y", "X", "Z"], "Date": days,
             "Montant": [10.0, 5.0, 7.0, 4.0, 9.0]}
    as_datetime = pd.DataFrame(lines)
    as_serial = pd.DataFrame({**lines, "Date": [to_serial(d) for d in days]})
    assert as_datetime["Date"].dtype.kind == "M" and as_serial["Date"].dtype.kind == "f"
    for ledger in (as_datetime, as_serial):
        # column names differ in case: matched ignoring it
        bridge = portfolio_from_ledger(ledger, 2024, 2025, amount="montant")
        assert bridge.lost_ids == ("Y",) and bridge.new_ids == ("Z",)
        assert bridge.retained_revenue_prev == 15 and bridge.retained_revenue_curr == 4


_LEDGER = pd.DataFrame({"client": ["A", "B"], "date": ["2024-01-01", "2025-01-01"],
                        "amount": [1.0, 2.0]})


def test_ledger_missing_column_lists_the_columns_found():
    ledger = pd.DataFrame({"client": ["A"], "date": ["2024-01-01"], "montant": [1]})
    with pytest.raises(XlsalesError) as caught:
        portfolio_from_ledger(ledger, 2024, 2025)
    assert caught.value.problem == "missing_column"
    assert "client, date, montant" in str(caught.value)
    assert "'amount'" in str(caught.value)


@pytest.mark.parametrize(
    ("ledger", "names", "message"),
    [
        ("text", {}, "ledger: 'text' is not a table: give a DataFrame or a dict of columns "
                     "of equal length"),
        ({"client": ["A"], "date": ["2024-01-01"], "amount": [1, 2]}, {},
         "ledger: '{'client': ['A']"),  # ... is not a table (the dict is cut short)
        (None, {}, "ledger: no column 'client'; columns found: -"),
        (_LEDGER, {"amount": ["amount"]}, "ledger: no column '['amount']'"),
        (_LEDGER.assign(Amount=1.0), {"amount": "AMOUNT"},
         "ledger: 'AMOUNT' appears more than once"),
        (pd.concat([_LEDGER, _LEDGER[["amount"]]], axis=1), {},
         "ledger: 'amount' appears more than once"),
    ],
)
def test_a_ledger_that_is_not_a_table_or_has_a_column_twice_is_told(ledger, names, message):
    # these were numpy's, pandas' or Python's own errors (ValueError, TypeError,
    # AttributeError), or a message ending in 'columns found: ' with nothing after it
    with pytest.raises(XlsalesError) as caught:
        portfolio_from_ledger(ledger, 2024, 2025, **names)
    assert caught.value.message("en").startswith(message)


def test_a_ledger_line_shorter_than_the_others_is_refused_not_padded():
    # pandas pads a short line with blanks: B's 2025 sale would have been skipped as a line
    # without amount, B never counted as a new client
    lines = [["A", "2024-01-01", 10.0], ["B", "2025-01-01"], ["A", "2025-03-01", 5.0]]
    with pytest.raises(XlsalesError) as caught:
        portfolio_from_ledger(lines, 2024, 2025, client=0, date=1, amount=2)
    assert caught.value.message("en") == "ledger, row 2: has 2 values but the first row has 3"
    lines[1].append(7.0)
    assert portfolio_from_ledger(lines, 2024, 2025, client=0, date=1, amount=2).new_ids == ("B",)


@pytest.mark.parametrize(
    ("column", "value", "arg", "problem", "row"),
    [
        ("date", "31/02/2024", "date", "not_date", 2),
        ("date", 0.5, "date", "not_date", 2),
        ("date", None, "date", "blank", 2),
        ("client", None, "client", "blank", 2),
        ("client", "  ", "client", "blank", 2),
        ("amount", "abc", "amount", "not_number", 2),
    ],
)
def test_ledger_bad_lines_name_column_and_row(column, value, arg, problem, row):
    ledger = pd.DataFrame({"client": ["A", "B", "C"],
                           "date": ["2024-01-01", "2024-02-01", "2025-01-01"],
                           "amount": [1.0, 2.0, 3.0]})
    ledger[column] = ledger[column].astype(object)
    ledger.loc[1, column] = value
    with pytest.raises(XlsalesError) as caught:
        portfolio_from_ledger(ledger, 2024, 2025)
    assert (caught.value.arg, caught.value.problem, caught.value.row) == (arg, problem, row)


@pytest.mark.parametrize(
    ("year_prev", "year_curr", "arg"),
    [(2025, 2024, "year_prev"), (2024, 2024, "year_prev"), ("abc", 2025, "year_prev"),
     (2024, 2025.5, "year_curr"), (24, 25, "year_prev")],
)
def test_ledger_bad_years(year_prev, year_curr, arg):
    with pytest.raises(XlsalesError) as caught:
        portfolio_from_ledger(_ledger(), year_prev, year_curr)
    assert caught.value.arg == arg


revenue = st.one_of(st.none(), st.just(0), st.integers(-50, 500),
                    st.floats(-50, 500, allow_nan=False))
sides = st.dictionaries(st.sampled_from("ABCDEFGHIJ"), revenue, max_size=10)


@settings(max_examples=80, deadline=None)
@given(sides, sides)
def test_bridge_identity_and_groups(prev, curr):
    bridge = portfolio_bridge(prev, curr)
    assert bridge.clients_curr == bridge.clients_prev - bridge.lost_clients + bridge.new_clients
    # independently: a client has revenue above 0
    before = {k for k, v in prev.items() if v is not None and v > 0}
    after = {k for k, v in curr.items() if v is not None and v > 0}
    assert set(bridge.lost_ids) == before - after
    assert set(bridge.retained_ids) == before & after
    assert set(bridge.new_ids) == after - before
    assert bridge.revenue_prev == pytest.approx(sum(prev[k] for k in before))
    assert bridge.revenue_prev == pytest.approx(
        bridge.lost_revenue_prev + bridge.retained_revenue_prev)
    assert bridge.revenue_curr == pytest.approx(
        bridge.new_revenue_curr + bridge.retained_revenue_curr)
    assert bridge.blank_prev == sum(v is None for v in prev.values())
    assert bridge.negative_prev == sum(v is not None and v < 0 for v in prev.values())


lines = st.lists(st.tuples(st.sampled_from(["A", "B", "C", 7, 7.0, "7"]),
                           st.sampled_from([2023, 2024, 2025]), st.integers(-100, 300)),
                 max_size=40)


@settings(max_examples=60, deadline=None)
@given(lines)
def test_ledger_matches_a_sum_by_hand(entries):
    # whole amounts sum exactly, so a plain dict of sums is an independent reference
    ledger = pd.DataFrame({"client": pd.Series([c for c, _, _ in entries], dtype=object),
                           "date": [f"{y}-06-30" for _, y, _ in entries],
                           "amount": np.array([a for _, _, a in entries], dtype=float)})
    net: dict[tuple[str, int], int] = {}
    for client, year, money in entries:
        key = (str(int(client)) if isinstance(client, float) else str(client), year)
        net[key] = net.get(key, 0) + money
    before = {c for (c, y), v in net.items() if y == 2024 and v > 0}
    after = {c for (c, y), v in net.items() if y == 2025 and v > 0}
    bridge = portfolio_from_ledger(ledger, 2024, 2025)
    assert set(bridge.lost_ids) == before - after
    assert set(bridge.new_ids) == after - before
    assert bridge.revenue_curr == sum(net[(c, 2025)] for c in after)
    assert bridge.negative_prev == sum(1 for (_, y), v in net.items() if y == 2024 and v < 0)

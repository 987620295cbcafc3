"""PORTFOLIO_BRIDGE, CHURN_RATE, CHURN_HALF_LIFE, CHURN_PROJECTION and NEW_CLIENTS_NEEDED
as Excel and xlwings Lite call them (METHOD.md §1 and §6); expectations worked out by hand.
"""

import math

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


# ----------------------------------------------------------------------------------------
# PORTFOLIO_BRIDGE
# ----------------------------------------------------------------------------------------

# N-1: 1001 → 100, 1002 → 50, 1003 → 30, 1004 blank (left out, not a client)
# N:   "1002" → 60 (the text code is client 1002), 1003 → 20, 1005 → 40, 1006 → 0 (no sale)
# Lost 1001 (100 in N-1); retained 1002 and 1003 (80 in N-1, 80 in N); new 1005 (40).
# Portfolio N-1: 3 clients, 180; N: 3 clients, 120.
BRIDGE = (excel.column(1001, 1002, 1003, 1004), excel.column(100, 50, 30, None),
          excel.column("1002", 1003, 1005, 1006), excel.column(60, 20, 40, 0))


@pytest.mark.parametrize("call", BOTH)
def test_bridge_counts_and_revenue_per_group(call):
    result = call(udfs.PORTFOLIO_BRIDGE, *BRIDGE)
    assert result[:6] == [
        ["", "Clients", "Revenue N-1", "Revenue N"],
        ["Portfolio N-1", 3, 180, ""],
        ["Lost clients", 1, 100, ""],
        ["Retained clients", 2, 80, 80],
        ["New clients", 1, "", 40],
        ["Portfolio N", 3, "", 120],
    ]
    figures = {row[0]: row[1] for row in result[6:]}
    assert all(row[2:] == ["", ""] for row in result[6:])  # figures use the first column
    assert figures["Churn rate (lost / clients N-1)"] == pytest.approx(1 / 3)
    assert figures["Evolution of the number of clients"] == 0  # 3 → 3
    assert figures["Revenue evolution"] == pytest.approx(120 / 180 - 1)
    assert figures["Revenue evolution of retained clients"] == 0  # 80 → 80
    assert figures["Entries left out in N-1: blank revenue"] == 1  # 1004
    assert figures["Entries left out in N: blank revenue"] == 0  # 1006 sold 0: not blank


def test_bridge_in_french():
    result = excel.call_like_excel(udfs.PORTFOLIO_BRIDGE, *BRIDGE, "fr")
    assert result[0] == ["", "Clients", "CA N-1", "CA N"]
    assert [row[0] for row in result[1:6]] == [
        "Portefeuille N-1", "Clients perdus", "Clients conservés", "Nouveaux clients",
        "Portefeuille N"]
    assert result[6][0] == "Taux d'attrition (perdus / clients N-1)"


def test_bridge_names_the_argument_at_fault():
    prev_ids, prev_revenue, curr_ids, curr_revenue = BRIDGE
    call = excel.call_like_excel
    assert one(call(udfs.PORTFOLIO_BRIDGE, prev_ids, excel.column(100, "abc", 30, None),
                    curr_ids, curr_revenue)) == (
        "#XLSALES! revenue_prev, row 2: 'abc' is not a number")
    assert one(call(udfs.PORTFOLIO_BRIDGE, excel.column(1001, 1001.0, 1003, 1004),
                    prev_revenue, curr_ids, curr_revenue, "fr")) == (
        "#XLSALES! clients_prev, ligne 2 : 1001 apparaît plusieurs fois")
    assert one(call(udfs.PORTFOLIO_BRIDGE, prev_ids, prev_revenue,
                    excel.column("1002", None, 1005, 1006), curr_revenue)) == (
        "#XLSALES! clients_curr, row 2: a value is required")
    assert one(call(udfs.PORTFOLIO_BRIDGE, prev_ids, prev_revenue,
                    excel.column("1002", excel.error("#N/A"), 1005, 1006), curr_revenue)) == (
        "#XLSALES! clients_curr, row 2: the cell holds the error #N/A")
    assert one(call(udfs.PORTFOLIO_BRIDGE, prev_ids, excel.column(100, 50),
                    curr_ids, curr_revenue)) == (
        "#XLSALES! revenue_prev: has 2 values but clients_prev has 4")


# ----------------------------------------------------------------------------------------
# CHURN_RATE, CHURN_HALF_LIFE
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
def test_churn_rate_matches_codes_however_typed(call):
    # N-1: 1001..1010; N: "1003".."1012" as text. Lost: 1001 and 1002, 2 of 10.
    prev = excel.column(*range(1001, 1011), None)  # an empty cell is nobody
    curr = excel.column(*(str(code) for code in range(1003, 1013)))
    assert one(call(udfs.CHURN_RATE, prev, curr)) == pytest.approx(0.2)


def test_churn_rate_of_nobody_is_refused():
    assert one(excel.call_like_excel(udfs.CHURN_RATE, excel.column(None, None),
                                     excel.column(1, 2), "fr")) == (
        "#XLSALES! clients_prev : ne contient aucune valeur")


@pytest.mark.parametrize("call", BOTH)
def test_half_lives_of_the_deck_and_never_at_zero(call):
    result = call(udfs.CHURN_HALF_LIFE, excel.column(0.10, "15%", "16 %", 0, None))
    # ln(0.5)/ln(1 - c): 6.58 years at 10 %, 4.27 at 15 %, under 4 years from 16 %
    assert result[0][0] == pytest.approx(6.58, abs=0.005)
    assert result[1][0] == pytest.approx(4.27, abs=0.005)
    assert result[2][0] == pytest.approx(math.log(0.5) / math.log(0.84)) and result[2][0] < 4
    # A churn of 0 never halves the portfolio: ∞, not #NUM! nor an error
    assert result[3:] == [["∞"], [""]]


def test_half_life_of_one_cell_and_a_bad_rate():
    assert one(excel.call_like_lite(udfs.CHURN_HALF_LIFE, 0)) == "∞"
    # 15 alone is not read as 15 % (METHOD.md: 1,500 % and a slip must not look alike)
    assert one(excel.call_like_excel(udfs.CHURN_HALF_LIFE, excel.column(0.1, 15))) == (
        "#XLSALES! rate, row 2: 15 must be at least 0 and below 1 (for example 0.12 or 12%)")


# ----------------------------------------------------------------------------------------
# CHURN_PROJECTION, NEW_CLIENTS_NEEDED
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
def test_projection_loses_almost_half_in_four_years_at_15_percent(call):
    result = call(udfs.CHURN_PROJECTION, 100, "15%", 4)
    assert result[0] == ["Year", "Clients at start of year", "Lost clients", "New clients",
                         "Clients at end of year"]
    assert result[1] == [0, 100, "", "", 100]  # today: no flows
    # each year loses 15 % of its start: 100 → 85 → 72.25 → 61.4125 → 52.200625 (0.85⁴)
    starts = [100, 85, 72.25, 61.4125]
    for year, start in enumerate(starts, start=1):
        got = result[year + 1]
        assert got[0] == year
        assert got[1:] == pytest.approx([start, 0.15 * start, 0, 0.85 * start])
    assert result[-1][-1] == pytest.approx(100 * 0.85**4)


def test_projection_holds_with_n_times_c_new_clients_a_year():
    # 15 new clients a year hold 100 clients at 15 % churn: 100 - 15 + 15
    result = excel.call_like_excel(udfs.CHURN_PROJECTION, 100, 0.15, 3, 15, "fr")
    assert result[0][0] == "Année"
    assert [row[-1] for row in result[1:]] == pytest.approx([100, 100, 100, 100])


def test_projection_names_its_bad_argument():
    assert one(excel.call_like_excel(udfs.CHURN_PROJECTION, 100, 0.15, 2.5)) == (
        "#XLSALES! years: 2.5 is not a whole number")
    assert one(excel.call_like_excel(udfs.CHURN_PROJECTION, excel.error("#N/A"), 0.15, 2)) == (
        "#XLSALES! clients: the cell holds the error #N/A")


@pytest.mark.parametrize("call", BOTH)
def test_new_clients_needed_to_hold_and_to_grow(call):
    # n·c: 100 × 15 % = 15 to hold; n·(c + g): 100 × 20 % = 20 to grow 5 %
    assert one(call(udfs.NEW_CLIENTS_NEEDED, 100, 0.15)) == 15
    assert one(call(udfs.NEW_CLIENTS_NEEDED, 100, 0.15, "5%")) == 20
    # A column of portfolios: 250 × 12 % = 30; 101 × 12 % = 12.12 → 13 whole clients;
    # a blank portfolio stays blank
    assert call(udfs.NEW_CLIENTS_NEEDED, excel.column(250, 101, None), 0.12) == [
        [30], [13], [""]]


def test_new_clients_needed_refuses_columns_of_unequal_length():
    assert one(excel.call_like_excel(udfs.NEW_CLIENTS_NEEDED, excel.column(100, 200),
                                     excel.column(0.1, 0.2, 0.3))) == (
        "#XLSALES! rate: has 3 values but clients has 2")

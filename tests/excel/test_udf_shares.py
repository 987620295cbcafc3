"""Every share argument of every cell formula read by one rule (issue 12.10): the one
``values.to_share`` documents (0.8, "80%", and a number typed above 1 and at most 100 is a
percentage), or a message. Called as Excel and xlwings Lite call them; the expected
answers are worked out by hand in each test.
"""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]

# Revenue 50, 30, 10, 5, 3, 2 (total 100): cumulative 50, 80, 90, 95, 98, 100
HAND = excel.column(50, 30, 10, 5, 3, 2)


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


@pytest.mark.parametrize("call", BOTH)
@pytest.mark.parametrize(("a_share", "b_share"), [(0.5, 0.9), ("50%", "90 %"), (50, 90)])
def test_abc_class_reads_its_shares_as_to_share_does(call, a_share, b_share):
    # at 50 % A = {50}; at 90 % B = {30, 10}; the rest C
    assert call(udfs.ABC_CLASS, HAND, a_share, b_share) == [
        ["A"], ["B"], ["B"], ["C"], ["C"], ["C"]]


@pytest.mark.parametrize("call", BOTH)
@pytest.mark.parametrize(("a_share", "b_share"), [(0.5, 0.9), (50, 90)])
def test_abc_summary_reads_its_shares_as_to_share_does(call, a_share, b_share):
    result = call(udfs.ABC_SUMMARY, HAND, a_share, b_share)
    # A = 50 of 100, B = 30 + 10, C = 5 + 3 + 2
    assert [[*row[:2], row[3]] for row in result[1:4]] == [
        ["A", 1, 50], ["B", 2, 40], ["C", 3, 10]]


@pytest.mark.parametrize("call", BOTH)
def test_abc_shares_above_100_or_typed_as_text_without_percent_are_refused(call):
    assert one(call(udfs.ABC_CLASS, HAND, 150, 0.95)) == (
        "#XLSALES! a_share: 150 must be above 0 and at most 1 (for example 0.8 or 80%)")
    assert one(call(udfs.ABC_CLASS, HAND, 0.8, "95")) == (
        "#XLSALES! b_share: '95' must be above 0 and at most 1 (for example 0.8 or 80%)")


@pytest.mark.parametrize("call", BOTH)
@pytest.mark.parametrize("growth", [0.05, "5%", 5])
def test_new_clients_needed_reads_a_whole_growth_as_a_percentage(call, growth):
    # 100 clients × (15 % churn + 5 % growth) = 20 a year, not 100 × 5.15 = 515
    assert one(call(udfs.NEW_CLIENTS_NEEDED, 100, 0.15, growth)) == 20


@pytest.mark.parametrize("call", BOTH)
def test_new_clients_needed_reads_a_column_of_growths_alike(call):
    # 100 × (10 % + 5 %) = 15; 100 × (10 % - 5 %) = 5; 1 is 100 % (as to_share reads 1):
    # 100 × (10 % + 100 %) = 110; a blank growth: blank
    result = call(udfs.NEW_CLIENTS_NEEDED, 100, 0.10, excel.column(5, -5, 1.0, None))
    assert result == [[15], [5], [110], [""]]


@pytest.mark.parametrize("call", BOTH)
def test_a_growth_beyond_100_percent_is_refused(call):
    assert one(call(udfs.NEW_CLIENTS_NEEDED, 100, 0.15, 500)) == (
        "#XLSALES! growth: 500 is outside -100% to 100%")
    assert one(call(udfs.NEW_CLIENTS_NEEDED, 100, 0.15, excel.column(0.05, "150%"), "fr")) == (
        "#XLSALES! growth, ligne 2 : '150%' est hors de l'intervalle -100% à 100%")


@pytest.mark.parametrize("call", BOTH)
def test_churn_rates_typed_as_whole_numbers_get_a_message(call):
    # METHOD.md's rule (xlsales.method.churn): 15 alone is an error, not 15 %
    message = "#XLSALES! rate: 15 must be at least 0 and below 1 (for example 0.12 or 12%)"
    assert one(call(udfs.CHURN_HALF_LIFE, 15)) == message
    assert one(call(udfs.CHURN_PROJECTION, 100, 15, 2)) == message
    assert one(call(udfs.NEW_CLIENTS_NEEDED, 100, 15)) == message


@pytest.mark.parametrize("call", BOTH)
def test_client_approach_refuses_a_share_of_wallet_typed_as_a_whole_number(call):
    # 30 would be 3,000 % (retain); 30 % would be develop: neither is guessed
    assert one(call(udfs.CLIENT_APPROACH, "A", 30, 2, 1)) == (
        "#XLSALES! share_of_wallet: 30 would be 30 times the whole: write 30% or 0.3 for a "
        "share")
    assert one(call(udfs.CLIENT_APPROACH, excel.column("A", "B"), excel.column(0.3, 45), 2, 1,
                    "fr")) == (
        "#XLSALES! share_of_wallet, ligne 2 : 45 vaudrait 45 fois le tout : écrivez 45 % ou "
        "0,45 pour une part")


@pytest.mark.parametrize("call", BOTH)
def test_client_approach_takes_shares_and_ratios_of_wallet_as_they_are(call):
    # 30 % and "30%" are under 50 %: develop; 1.5 (revenue above the potential, as
    # SHARE_OF_WALLET gives it) and "250%" are not: retain
    result = call(udfs.CLIENT_APPROACH, "A", excel.column(0.3, "30%", 1.5, "250%"), 2, 1)
    assert [excel.shown(cell) for (cell,) in result] == [
        "Develop: key-account plan", "Develop: key-account plan",
        "Retain: defend, consolidate", "Retain: defend, consolidate"]

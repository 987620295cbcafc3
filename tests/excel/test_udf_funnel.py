"""FUNNEL_RATIOS, FUNNEL_NEEDED and FUNNEL_WEAKEST on the deck's funnel (METHOD.md §7):
suspects 100 → prospects 80 → cold 50 → warm 30 → hot 10 → clients 1.
"""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]
DECK = excel.column(100, 80, 50, 30, 10, 1)


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


@pytest.mark.parametrize("call", BOTH)
def test_ratios_of_the_deck(call):
    result = call(udfs.FUNNEL_RATIOS, DECK)
    assert result[0] == ["Stage", "Count", "Step", "Step conversion",
                         "Conversion from the top"]
    assert [row[0] for row in result[1:]] == [
        "Suspects (potential market)", "Prospects", "Cold prospects", "Warm prospects",
        "Hot prospects", "Clients"]
    assert [row[2] for row in result[1:]] == [
        "", "Qualification", "Target acquisition", "Prospecting", "Prospecting", "Negotiation"]
    # 80/100, 50/80, 30/50, 10/30, 1/10; from the top 1, 0.8, 0.5, 0.3, 0.1, 0.01
    assert result[1][3] == ""  # the first stage has no step
    assert [row[3] for row in result[2:]] == pytest.approx([0.8, 0.625, 0.6, 1 / 3, 0.1])
    assert [row[4] for row in result[1:]] == pytest.approx([1, 0.8, 0.5, 0.3, 0.1, 0.01])


def test_ratios_in_french_with_the_users_stage_names():
    names = excel.column("Leads", "Rendez-vous", "Clients")
    result = excel.call_like_excel(udfs.FUNNEL_RATIOS, excel.column(200, 50, 10), names, "fr")
    assert result[0] == ["Étape", "Effectif", "Passage", "Conversion de l'étape",
                         "Conversion depuis le haut"]
    # "Clients" is the deck's stage: shown in French; the others as the user wrote them
    assert [row[0] for row in result[1:]] == ["Leads", "Rendez-vous", "Clients"]
    assert [row[3] for row in result[1:]] == ["", 0.25, 0.2]  # 50/200, 10/50


@pytest.mark.parametrize("call", BOTH)
def test_ten_new_clients_need_a_thousand_suspects(call):
    # at 1 % overall, 10 clients need 1,000 suspects, and 800, 500, 300, 100 on the way
    assert call(udfs.FUNNEL_NEEDED, 10, DECK) == [[1000], [800], [500], [300], [100], [10]]
    # a row of counts answers with a row; 25 clients: 2,500 suspects, ... 250 hot
    assert call(udfs.FUNNEL_NEEDED, 25, excel.row(100, 80, 50, 30, 10, 1)) == [
        [2500, 2000, 1250, 750, 250, 25]]


def test_needed_rounds_up_to_whole_prospects():
    # 3 clients from 100 → 30 → 7: 3 × 100/7 = 42.9 → 43 suspects, 3 × 30/7 = 12.9 → 13
    assert excel.call_like_excel(udfs.FUNNEL_NEEDED, 3, excel.column(100, 30, 7)) == [
        [43], [13], [3]]


@pytest.mark.parametrize("call", BOTH)
def test_weakest_step_of_the_deck_is_negotiation_at_ten_percent(call):
    assert call(udfs.FUNNEL_WEAKEST, DECK) == [["Negotiation", 0.1]]
    assert call(udfs.FUNNEL_WEAKEST, DECK, excel.MISSING, "fr") == [["Négociation", 0.1]]


def test_weakest_step_by_the_users_labels():
    # 200 → 50 → 40: 25 % then 80 %; the weakest is the first passage
    result = excel.call_like_excel(udfs.FUNNEL_WEAKEST, excel.column(200, 50, 40),
                                   excel.column("Leads", "Calls", "Deals"))
    assert result == [["Leads → Calls", 0.25]]


def test_bad_funnels_are_named():
    call = excel.call_like_excel
    assert one(call(udfs.FUNNEL_RATIOS, excel.column(100, 50, 60))) == (
        "#XLSALES! counts, row 3: 60 is more than the stage before (50)")
    assert one(call(udfs.FUNNEL_WEAKEST, excel.column(100, "beaucoup"), excel.MISSING,
                    "fr")) == "#XLSALES! counts, ligne 2 : 'beaucoup' n'est pas un nombre"
    assert one(call(udfs.FUNNEL_NEEDED, 10, excel.column(100, excel.error("#N/A"), 1))) == (
        "#XLSALES! counts, row 2: the cell holds the error #N/A")
    assert one(call(udfs.FUNNEL_NEEDED, 10, excel.column(100, 20, 0))) == (
        "#XLSALES! counts, row 3: 0 at this stage: nothing converts beyond it, so no target "
        "can be reached")
    assert one(call(udfs.FUNNEL_RATIOS, DECK, excel.column("a", "b"))) == (
        "#XLSALES! labels: has 2 values but counts has 6")
    assert one(call(udfs.FUNNEL_NEEDED, "dix", DECK)) == (
        "#XLSALES! target: 'dix' is not a number")

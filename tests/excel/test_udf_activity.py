"""ACTIVITY_INDEX, ACTIVITY_GAIN and ACTIVITY_LEVER (METHOD.md §9) as Excel and xlwings
Lite call them. The deck's salesperson: quantity 7, orientation 5, efficiency 6.
"""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]
HEADER = ["Factor raised", "Activity index", "New activity index", "Gain"]


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


@pytest.mark.parametrize("call", BOTH)
def test_index_of_the_deck_and_of_a_team(call):
    assert one(call(udfs.ACTIVITY_INDEX, 7, 5, 6)) == 210  # 7 × 5 × 6
    # A team in columns: 7 × 5 × 6, 10 × 10 × 10, "8,5" × 2 × 4 = 68, a blank score
    result = call(udfs.ACTIVITY_INDEX, excel.column(7, 10, "8,5", None),
                  excel.column(5, 10, 2, 3), excel.column(6, 10, 4, 3))
    assert result == [[210], [1000], [68], [""]]


@pytest.mark.parametrize("call", BOTH)
def test_raising_orientation_from_5_to_7_gains_40_percent_not_60(call):
    # The deck's slip: 7 × 6 × 7 is 294 (+40 %), not 336 (+60 %)
    result = call(udfs.ACTIVITY_GAIN, 7, 5, 6, "orientation", 7)
    assert result[0] == HEADER
    assert result[1][:3] == ["Orientation", 210, 294]
    assert result[1][3] == pytest.approx(0.4)


def test_gain_of_a_team_in_french():
    # Quantité 4 → 5 for each: 4×5×5 = 100 → 125 (+25 %); 2×10×10 = 200 → 250 (+25 %)
    result = excel.call_like_excel(udfs.ACTIVITY_GAIN, excel.column(4, 2), excel.column(5, 10),
                                   excel.column(5, 10), "Quantité", excel.column(5, 2.5), "fr")
    assert result[0] == ["Facteur relevé", "Indice d'activité", "Nouvel indice d'activité",
                         "Gain"]
    assert result[1:] == [["Quantité", 100, 125, 0.25], ["Quantité", 200, 250, 0.25]]


@pytest.mark.parametrize("call", BOTH)
def test_lever_is_the_lowest_factor(call):
    # 7, 5, 6: orientation is lowest; 5 → 6 gives 7 × 6 × 6 = 252, +20 % (1/5).
    # 10, 10, 10: nothing left to raise, no factor and no gain.
    # 0, 9, 9: the zero is the only factor that moves the index off 0; the gain from 0
    # is not a percentage (blank).
    result = call(udfs.ACTIVITY_LEVER, excel.column(7, 10, 0), excel.column(5, 10, 9),
                  excel.column(6, 10, 9))
    assert result[0] == HEADER
    assert result[1][:3] == ["Orientation", 210, 252] and result[1][3] == pytest.approx(0.2)
    assert result[2] == ["", 1000, 1000, 0]
    assert result[3] == ["Quantity", 0, 81, ""]


def test_bad_scores_and_factors_are_named():
    call = excel.call_like_excel
    assert one(call(udfs.ACTIVITY_INDEX, excel.column(7, 11), 5, 6)) == (
        "#XLSALES! quantity, row 2: 11 is outside 0 to 10")
    assert one(call(udfs.ACTIVITY_GAIN, 7, 5, 6, "speed", 7)) == (
        "#XLSALES! factor: 'speed' is not one of: quantity, orientation, efficiency")
    assert one(call(udfs.ACTIVITY_LEVER, 7, excel.column(5, excel.error("#DIV/0!")), 6,
                    "fr")) == "#XLSALES! orientation, ligne 2 : la cellule contient l'erreur " \
                              "#DIV/0!"
    assert one(call(udfs.ACTIVITY_GAIN, 7, 5, 6, "efficiency", "douze")) == (
        "#XLSALES! new_value, row 1: 'douze' is not a number")

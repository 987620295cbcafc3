"""ABC_CLASS, ABC_LIMITS, ABC_SUMMARY and CONCENTRATION as Excel and xlwings Lite call them.

Expected values are worked out by hand in each test from METHOD.md §2's rule: clients
sorted largest first; A = the fewest largest reaching a_share of the total, B up to
b_share, the rest C; a tie group takes the class of its first member.
"""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]

# Total 100. Largest first 50, 30, 10, 5, 3, 2: cumulative 50, 80, 90, 95, 98, 100.
# 80 % is reached by 50 + 30: A = {50, 30}; 95 % by adding 10 + 5: B = {10, 5}; C = {3, 2}.
HAND = excel.column(50, 30, None, 10, 5, 3, 2)
HAND_CLASSES = [["A"], ["A"], [""], ["B"], ["B"], ["C"], ["C"]]


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


def figures(result):
    """A figure/value table as {figure: value}, its header row checked apart."""
    return {figure: value for figure, value in result[1:]}


# ----------------------------------------------------------------------------------------
# ABC_CLASS
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
def test_classes_of_a_hand_case_blank_for_blank(call):
    assert call(udfs.ABC_CLASS, HAND) == HAND_CLASSES


def test_classes_read_text_numbers_in_either_form():
    # The same revenues typed as text, French and English: same classes
    cells = excel.column("50,00 €", "30", None, "10.0", "5", "3 €", "2,0")
    assert excel.call_like_excel(udfs.ABC_CLASS, cells) == HAND_CLASSES


def test_a_row_answers_with_a_row_and_a_cell_with_a_cell():
    assert excel.call_like_excel(udfs.ABC_CLASS, excel.row(50, 30, 10, 5, 3, 2)) == [
        ["A", "A", "B", "B", "C", "C"]]
    # One client makes the whole revenue: it is A
    assert one(excel.call_like_lite(udfs.ABC_CLASS, 1200)) == "A"


def test_a_tie_group_takes_the_class_of_its_first_member():
    # 60, 20, 20: 80 % is reached by the second client (60 + 20); the third, equal to
    # it, is A too
    assert excel.call_like_excel(udfs.ABC_CLASS, excel.column(60, 20, 20)) == [
        ["A"], ["A"], ["A"]]


@pytest.mark.parametrize("call", BOTH)
def test_shares_given_as_the_user_types_them(call):
    # Cumulative 50, 80, 90, 95: at 50 % A = {50}; at 90 % B = {30, 10}
    assert call(udfs.ABC_CLASS, HAND, "50%", "90 %") == [
        ["A"], ["B"], [""], ["B"], ["C"], ["C"], ["C"]]
    # Empty cells for the shares take the defaults 80 % / 95 %
    assert call(udfs.ABC_CLASS, HAND, None, None, None) == HAND_CLASSES


def test_computed_method_finds_the_gap_the_fixed_shares_miss():
    # Two clients of 45 and eight of 1.25 (total 100, mean 10). Pareto: 45 + 45 = 90 %
    # reaches 80 %, so A = the two 45s; 95 % is reached by the fourth 1.25 and the eight
    # are tied: all B. Computed (Ultsch & Lötsch): the curve's corners are (0.1, 0.45),
    # (0.2, 0.9), then +0.0125 per client. The point nearest (0, 1) is the corner
    # (0.2, 0.9): the segment before still nears (0, 1) at its end, slope 0.04 - 0.09 < 0,
    # the one after moves away, 0.04 - 0.0025 > 0. Break-even: the clients at or above the
    # mean, 2, give the same point. The submarginal point, nearest (0.2, 1), lies on the
    # next segment at t = 0.0025 / 0.0203125 = 0.12 of a client: round(2.12) = 2 clients
    # are A or B, so B is empty and the eight small clients are C.
    cells = excel.column(45, 45, *[1.25] * 8)
    assert excel.call_like_excel(udfs.ABC_CLASS, cells) == [["A"], ["A"]] + [["B"]] * 8
    for method in ("computed", "calculé", "Computed"):
        assert excel.call_like_excel(udfs.ABC_CLASS, cells, excel.MISSING, excel.MISSING,
                                     method) == [["A"], ["A"]] + [["C"]] * 8


def test_a_hundred_thousand_rows_in_blocks_of_equal_revenue():
    # Blocks of equal revenue (total 1,000,000), so each block falls wholly in a class:
    #   8,200 × 100 = 820,000  cumulative 82 %  80 % is reached inside: A
    #  22,000 ×   5 = 110,000  cumulative 93 %  B
    #  10,000 ×   3 =  30,000  cumulative 96 %  95 % is reached inside: B (tie group)
    #  40,000 ×   1 =  40,000  cumulative 100 % C
    #  19,800 blank rows: blank
    blocks = [(8_200, 100.0, "A"), (22_000, 5.0, "B"), (10_000, 3.0, "B"),
              (40_000, 1.0, "C"), (19_800, None, "")]
    cells = [(revenue, cls) for size, revenue, cls in blocks for _ in range(size)]
    assert len(cells) == 100_000
    # Interleave the blocks (7 is prime to 100,000, so i -> 7i mod 100,000 is a shuffle)
    shuffled = [cells[(7 * i) % len(cells)] for i in range(len(cells))]
    result = excel.call_like_excel(udfs.ABC_CLASS, excel.column(*(r for r, _ in shuffled)))
    assert result == [[cls] for _, cls in shuffled]


# ----------------------------------------------------------------------------------------
# ABC_LIMITS, ABC_SUMMARY
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
def test_limits_of_the_hand_case(call):
    result = call(udfs.ABC_LIMITS, HAND)
    assert result[0] == ["Figure", "Value"]
    found = figures(result)
    assert found["Method"] == "Pareto"
    assert found["Clients"] == 6  # the blank is not a client
    # A = {50, 30}: 2 of 6 clients, 80 of 100, smallest A client 30
    assert found["A/B limit: cumulative share of clients"] == pytest.approx(2 / 6)
    assert found["A/B limit: cumulative share of revenue"] == pytest.approx(0.8)
    assert found["A/B limit: revenue threshold (smallest A client)"] == 30
    # A + B = {50, 30, 10, 5}: 4 of 6 clients, 95 of 100, smallest 5
    assert found["B/C limit: cumulative share of clients"] == pytest.approx(4 / 6)
    assert found["B/C limit: cumulative share of revenue"] == pytest.approx(0.95)
    assert found["B/C limit: revenue threshold (smallest A or B client)"] == 5


def test_limits_in_french_with_the_computed_method():
    # The case of test_computed_method_...: both limits after the two 45s (2 of 10
    # clients, 90 % of revenue, threshold 45)
    result = excel.call_like_excel(udfs.ABC_LIMITS, excel.column(45, 45, *[1.25] * 8),
                                   "computed", "fr")
    assert result[0] == ["Indicateur", "Valeur"]
    found = figures(result)
    assert found["Méthode"] == "calculé"
    assert found["Limite A/B : part cumulée des clients"] == pytest.approx(0.2)
    assert found["Limite B/C : part cumulée du CA"] == pytest.approx(0.9)
    assert found["Limite B/C : seuil de CA (plus petit client A ou B)"] == 45
    assert found["Point de Pareto : part des clients"] == pytest.approx(0.2)


@pytest.mark.parametrize("call", BOTH)
def test_summary_per_class_and_total(call):
    result = call(udfs.ABC_SUMMARY, HAND)
    assert result[0] == ["Class", "Clients", "Share of clients", "Revenue",
                         "Share of revenue", "Mean revenue per client"]
    expected = [
        ["A", 2, 2 / 6, 80, 0.80, 40],   # 50 + 30
        ["B", 2, 2 / 6, 15, 0.15, 7.5],  # 10 + 5
        ["C", 2, 2 / 6, 5, 0.05, 2.5],   # 3 + 2
        ["Total", 6, 1, 100, 1, 100 / 6],
    ]
    for got, want in zip(result[1:], expected, strict=True):
        assert got[0] == want[0]
        assert got[1:] == pytest.approx(want[1:])


def test_summary_headers_in_french_and_an_empty_class_has_no_mean():
    # 60, 20, 20 are all A (tie group): B and C are empty, their mean blank
    result = excel.call_like_excel(udfs.ABC_SUMMARY, excel.column(60, 20, 20),
                                   excel.MISSING, excel.MISSING, excel.MISSING, "fr")
    assert result[0] == ["Classe", "Clients", "Part des clients", "Chiffre d'affaires",
                         "Part du CA", "CA moyen par client"]
    assert result[2] == ["B", 0, 0.0, 0.0, 0.0, ""]
    assert result[4][0] == "Total"


# ----------------------------------------------------------------------------------------
# CONCENTRATION
# ----------------------------------------------------------------------------------------

def gini(values):
    """G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), the mean-difference form, computed directly."""
    n, mean = len(values), sum(values) / len(values)
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


@pytest.mark.parametrize("call", BOTH)
def test_concentration_figures_and_diagnosis(call):
    result = call(udfs.CONCENTRATION, HAND)
    assert result[0] == ["Figure", "Value"]
    found = figures(result)
    assert found["Top client's share of revenue"] == pytest.approx(0.5)
    assert found["Top 5 clients' share of revenue"] == pytest.approx(0.98)  # 50+30+10+5+3
    # HHI: 0.5² + 0.3² + 0.1² + 0.05² + 0.03² + 0.02²
    assert found["Herfindahl-Hirschman index (0 to 1)"] == pytest.approx(0.3538)
    assert found["Gini coefficient"] == pytest.approx(gini([50, 30, 10, 5, 3, 2]))
    assert found["Fragile situation"] is True  # top client 50 % ≥ 20 %
    assert found["Diagnosis"].startswith(
        "Fragile situation: high revenue on few clients (the top client makes 50.0% of "
        "revenue, alert at 20.0%; the top 5 clients make 98.0% of revenue, alert at 50.0%)")


def test_concentration_in_french():
    result = excel.call_like_excel(udfs.CONCENTRATION, HAND, "fr")
    assert result[0] == ["Indicateur", "Valeur"]
    assert result[-1][0] == "Diagnostic"
    assert result[-1][1].startswith("Situation fragile : CA élevé sur peu de clients")


def test_sound_portfolio_says_so():
    # 20 equal clients: top client 5 % < 20 %, top 5 25 % < 50 %; ties put all in A, so
    # class C holds 0 % < 60 %: neither fragile nor dispersed
    result = excel.call_like_excel(udfs.CONCENTRATION, excel.column(*[10] * 20))
    assert figures(result)["Diagnosis"].startswith("Neither fragile nor dispersed")


# ----------------------------------------------------------------------------------------
# Bad arguments
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ABC_CLASS", "ABC_LIMITS", "ABC_SUMMARY", "CONCENTRATION"])
def test_bad_revenue_is_named_with_its_row(name):
    func = getattr(udfs, name)
    assert one(excel.call_like_excel(func, excel.column(50, "abc"))) == (
        "#XLSALES! values, row 2: 'abc' is not a number")
    assert one(excel.call_like_lite(func, excel.column(50, 30, excel.error("#N/A")))) == (
        "#XLSALES! values, row 3: the cell holds the error #N/A")
    assert one(excel.call_like_excel(func, excel.column(None, None))) == (
        "#XLSALES! values: has no values")


def test_bad_parameters_are_named_in_either_language():
    assert one(excel.call_like_excel(udfs.ABC_CLASS, HAND, "95%", "80%")) == (
        "#XLSALES! a_share: '95%' must be below b_share ('80%')")
    assert one(excel.call_like_excel(udfs.ABC_CLASS, HAND, 0.8, 0.95, "magic", "fr")) == (
        "#XLSALES! method : 'magic' ne fait pas partie de : pareto, computed (calculé)")
    assert one(excel.call_like_excel(udfs.ABC_CLASS, HAND, excel.column(0.5, 0.6))) == (
        "#XLSALES! a_share: must be one cell, not 2 rows by 1 columns")
    assert one(excel.call_like_excel(udfs.ABC_LIMITS, excel.table((1, 2), (3, 4)))) == (
        "#XLSALES! values: must be one row or one column, not 2 rows by 2 columns")

"""POTENTIAL_SCORE, RISK_SCORE, the three LEVEL functions, SHARE_OF_WALLET and
CLIENT_APPROACH (METHOD.md §3-4) as Excel and xlwings Lite call them; hand-worked cases.
"""

import pytest

from tests.harness import xlwings_excel as excel

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


# ----------------------------------------------------------------------------------------
# Scores
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
@pytest.mark.parametrize("name", ["POTENTIAL_SCORE", "RISK_SCORE"])
def test_one_clients_scores_as_a_row_or_a_column(call, name):
    func = getattr(udfs, name)
    # (2 × 5 + 1 × 4 + 1 × 3) / (2 + 1 + 1) = 17 / 4
    assert one(call(func, excel.row(5, 4, 3), excel.row(2, 1, 1))) == 4.25
    assert one(call(func, excel.column(5, 4, 3), excel.column(2, 1, 1))) == 4.25


@pytest.mark.parametrize("call", BOTH)
def test_a_table_gives_one_score_per_client(call):
    scores = excel.table((5, 4, 3), (1, 2, None), ("4,5", "3", 1), (None, None, None))
    weights = excel.row(2, 1, 1)
    # row 2: its blank criterion is left out, (2 × 1 + 1 × 2) / 3 = 4/3;
    # row 3: French text "4,5", (9 + 3 + 1) / 4 = 3.25; row 4: nothing scored, blank
    result = call(udfs.POTENTIAL_SCORE, scores, weights)
    assert result[0] == [4.25] and result[2:] == [[3.25], [""]]
    assert result[1][0] == pytest.approx(4 / 3)


def test_a_column_of_clients_scored_on_one_criterion():
    # three clients, one weight: each score is its own
    assert excel.call_like_excel(udfs.RISK_SCORE, excel.column(2, 5, 3), 1) == [
        [2], [5], [3]]


def test_bad_scores_are_named_with_row_and_column():
    weights = excel.row(2, 1, 1)
    call = excel.call_like_excel
    assert one(call(udfs.POTENTIAL_SCORE, excel.table((5, 4, 3), (1, 6, 2)), weights)) == (
        "#XLSALES! scores, row 2, column 2: 6 is outside 1 to 5")
    assert one(call(udfs.RISK_SCORE, excel.table((5, 4, 3), (1, excel.error("#N/A"), 2)),
                    weights, "fr")) == (
        "#XLSALES! scores, ligne 2, colonne 2 : la cellule contient l'erreur #N/A")
    assert one(call(udfs.POTENTIAL_SCORE, excel.row(5, 4), weights)) == (
        "#XLSALES! scores: has 2 values but weights has 3")
    assert one(call(udfs.POTENTIAL_SCORE, excel.row(5, 4, 3), excel.row(0, 0, 0))) == (
        "#XLSALES! weights: all values are 0; at least one must be above 0")


# ----------------------------------------------------------------------------------------
# Levels
# ----------------------------------------------------------------------------------------

# Level 1 at ≥ 3.67, 2 at ≥ 2.33, else 3
SCORES = excel.column(5, 3.67, 3.66, 2.33, 2.32, 1, None)


@pytest.mark.parametrize("call", BOTH)
@pytest.mark.parametrize("name", ["POTENTIAL_LEVEL", "ACCESS_LEVEL", "RISK_LEVEL"])
def test_levels_at_the_cut_offs(call, name):
    assert call(getattr(udfs, name), SCORES) == [[1], [1], [2], [2], [3], [3], [""]]


@pytest.mark.parametrize(("name", "labels", "words"), [
    ("POTENTIAL_LEVEL", "fr", ["Gros", "Moyen", "Petit"]),
    ("POTENTIAL_LEVEL", "en", ["Big", "Medium", "Small"]),
    ("ACCESS_LEVEL", "fr", ["Bonne", "Moyenne", "Très peu"]),
    ("ACCESS_LEVEL", "English", ["Good", "Medium", "Very little"]),
    ("RISK_LEVEL", "fr", ["Risque faible", "Risque moyen", "Risque élevé"]),
])
def test_levels_as_labels(name, labels, words):
    result = excel.call_like_lite(getattr(udfs, name), excel.column(4.2, 3, 1.5, None), labels)
    assert result == [[words[0]], [words[1]], [words[2]], [""]]


def test_bad_scores_and_label_languages_are_named():
    call = excel.call_like_excel
    assert one(call(udfs.POTENTIAL_LEVEL, excel.column(4, 6))) == (
        "#XLSALES! score, row 2: 6 is outside 1 to 5")
    assert one(call(udfs.RISK_LEVEL, excel.column(4, "haut"), excel.MISSING, "fr")) == (
        "#XLSALES! score, ligne 2 : 'haut' n'est pas un nombre")
    assert one(call(udfs.ACCESS_LEVEL, 4, "de")) == (
        "#XLSALES! labels: 'de' is not one of: en, fr")


# ----------------------------------------------------------------------------------------
# Share of wallet and the approach per client
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
def test_share_of_wallet(call):
    # 30 of 100; 150 of 100 (potential underestimated) is 1.5; potential 0 or blank:
    # unknown; a blank revenue is no value (not 0): blank too
    revenue = excel.column(30, 150, 20, 20, None)
    potential = excel.column(100, 100, 0, None, 50)
    assert call(udfs.SHARE_OF_WALLET, revenue, potential) == [[0.3], [1.5], [""], [""], [""]]
    assert one(call(udfs.SHARE_OF_WALLET, "12 000 €", "48 000")) == 0.25


def test_share_of_wallet_refuses_negative_revenue():
    assert one(excel.call_like_excel(udfs.SHARE_OF_WALLET, excel.column(10, -5), 100)) == (
        "#XLSALES! revenue, row 2: -5 is negative")


# METHOD.md §4, first match wins, one client per line:
APPROACH_CASES = [
    # class, share of wallet, potential level, risk level -> approach
    ("A", 0.9, 1, 3, "Secure: check solvency, limit exposure"),     # risk 3 first
    ("A", 0.3, 2, 1, "Develop: key-account plan"),                   # A, < 50 %
    ("A", 0.6, 2, 1, "Retain: defend, consolidate"),                 # A
    ("A", None, 1, 1, "Retain: defend, consolidate"),                # unknown share: not < 50 %
    ("B", 0.3, 2, 2, "Develop selectively: grow where the margin repays the effort"),
    ("B", 0.8, 2, 2, "Maintain: keep the service at a controlled cost"),
    ("C", 0.2, 1, 1, "Grow: targeted offer to move it up"),          # C, < 50 %, potential 1
    ("C", 0.2, 2, 1,                                                 # potential only 2
     "Serve collectively and remotely: low-cost collective and remote contact"),
]


@pytest.mark.parametrize("call", BOTH)
def test_approach_follows_the_rule_first_match_wins(call):
    columns = [excel.column(*values) for values in zip(*APPROACH_CASES, strict=True)]
    assert call(udfs.CLIENT_APPROACH, *columns[:4]) == [[case[4]] for case in APPROACH_CASES]


def test_approach_reads_labels_and_answers_in_french():
    # "Gros" is potential level 1 and "Élevé" risk level 3; one client, single cells
    assert one(excel.call_like_excel(udfs.CLIENT_APPROACH, "c", "20%", "Gros", "Faible",
                                     "fr")) == "Faire grandir : offre ciblée pour le faire monter"
    assert one(excel.call_like_excel(udfs.CLIENT_APPROACH, "B", 0.5, 2, "Élevé", "fr")) == (
        "Sécuriser : vérifier la solvabilité, limiter l'exposition")


def test_approach_names_its_bad_argument():
    assert one(excel.call_like_excel(udfs.CLIENT_APPROACH, excel.column("A", "D"), 0.3, 1,
                                     1)) == "#XLSALES! abc_class, row 2: 'D' is not one of: A, B, C"
    assert one(excel.call_like_excel(udfs.CLIENT_APPROACH, "A", 0.3, 1, 4, "fr")).startswith(
        "#XLSALES! risk_level, ligne 1 : 4 n'est ni un niveau de 1 à 3")

"""CRM qualification (METHOD.md §8): the priority grid, reminders, completeness and the
prospect matrix; expected values from METHOD.md or worked by hand."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import LANGS
from xlsales.method.qualification import (
    FIELDS,
    LABELS,
    completeness,
    is_overdue,
    next_contact,
    priority,
    prospect_matrix,
)

# METHOD.md §8, rows Big / Medium / Small, columns Good / Medium / Very little
GRID = [[1, 2, 3],
        [2, 3, 4],
        [3, 4, 5]]
POTENTIAL = {"en": ["Big", "Medium", "Small"], "fr": ["Gros", "Moyen", "Petit"],
             "number": [1, 2, 3]}
ACCESS = {"en": ["Good", "Medium", "Very little"], "fr": ["Bonne", "Moyenne", "Très peu"],
          "number": [1.0, 2.0, 3.0]}


@pytest.mark.parametrize("pot_lang", ["en", "fr", "number"])
@pytest.mark.parametrize("acc_lang", ["en", "fr", "number"])
def test_priority_grid_as_in_the_deck(pot_lang, acc_lang):
    for i, pot in enumerate(POTENTIAL[pot_lang]):
        for j, acc in enumerate(ACCESS[acc_lang]):
            assert priority(pot, acc) == GRID[i][j], (pot, acc)


def test_priority_reads_labels_as_users_type_them():
    # the deck writes "Moyen" and "Très peu" for accessibility; case and accents are free
    assert priority(["GROS", "moyen", "petit", "big"], ["Moyen", "tres peu", "TRÈS PEU", "good"]) \
        == [2, 4, 5, 1]
    assert priority(["1", 2.0], [3, "1"]) == [3, 2]


def test_priority_keeps_the_shape_and_blanks():
    result = priority(pd.Series(["Gros", None, "Petit"], index=["p1", "p2", "p3"]), "Bonne")
    assert list(result.index) == ["p1", "p2", "p3"]
    assert result["p1"] == 1 and result["p3"] == 3
    assert pd.isna(result["p2"])
    assert priority(None, "Bonne") is None


@pytest.mark.parametrize(("pot", "acc", "arg"), [
    (4, 1, "potential_level"), (0, 1, "potential_level"), (1.5, 1, "potential_level"),
    ("Énorme", 1, "potential_level"), (1, "Bonne!", "accessibility_level"),
])
def test_a_level_outside_1_to_3_is_an_error(pot, acc, arg):
    with pytest.raises(XlsalesError) as caught:
        priority([1, pot], [1, acc])
    assert caught.value.problem == "level"
    assert str(caught.value).startswith(f"{arg}, row 2: ")


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3))
def test_priority_is_symmetric_and_within_1_to_5(pot, acc):
    assert priority(pot, acc) == priority(acc, pot)
    assert 1 <= priority(pot, acc) <= 5


# --- reminders -----------------------------------------------------------------------------


@pytest.mark.parametrize(("rank", "due"), [
    (1, dt.datetime(2025, 1, 17)),   # 10 Jan + 7
    (2, dt.datetime(2025, 1, 24)),   # 10 Jan + 14
    (3, dt.datetime(2025, 2, 9)),    # 10 Jan + 21 = 31 Jan, + 9 = 9 Feb
    (4, dt.datetime(2025, 3, 11)),   # 31 Jan (21) + 28 days of Feb (49) + 11 = 60
    (5, dt.datetime(2025, 4, 10)),   # 31 Mar is day 21 + 28 + 31 = 80, + 10 = 90
])
def test_next_contact_for_each_priority(rank, due):
    assert next_contact(dt.datetime(2025, 1, 10), rank) == due


def test_next_contact_reads_dates_as_excel_and_exports_give_them():
    # 45657 is 31 Dec 2024; + 7 = 7 Jan 2025. The time of day is dropped.
    assert next_contact([45657, "10/01/2025", "2025-01-10", dt.datetime(2025, 1, 10, 17, 45)],
                        [1, 1, 2.0, "1"]) == [
        dt.datetime(2025, 1, 7), dt.datetime(2025, 1, 17), dt.datetime(2025, 1, 24),
        dt.datetime(2025, 1, 17)]


def test_never_contacted_is_due_today_and_no_priority_has_no_date():
    today = dt.date(2025, 6, 2)
    assert next_contact([None, "2025-01-10"], [5, None], today=today) == [
        dt.datetime(2025, 6, 2), None]
    assert next_contact(None, 3) == dt.datetime.combine(dt.date.today(), dt.time())


def test_intervals_are_adjustable_and_checked():
    # priority 3 with intervals 1, 2, 3, 4, 5: 10 Jan + 3
    assert next_contact("2025-01-10", 3, intervals=[1, 2, 3, 4, 5]) == dt.datetime(2025, 1, 13)
    with pytest.raises(XlsalesError, match=r"^intervals: has 4 values"):
        next_contact("2025-01-10", 3, intervals=[1, 2, 3, 4])
    with pytest.raises(XlsalesError, match=r"^intervals, row 2: -2 is negative"):
        next_contact("2025-01-10", 3, intervals=[1, -2, 3, 4, 5])


@pytest.mark.parametrize(("rank", "message"), [
    (6, "priority, row 2: 6 is outside 1 to 5"),
    (0, "priority, row 2: 0 is outside 1 to 5"),
    (2.5, "priority, row 2: 2.5 is not a whole number"),
    ("high", "priority, row 2: 'high' is not a number"),
])
def test_a_bad_priority_names_its_row(rank, message):
    with pytest.raises(XlsalesError) as caught:
        next_contact(["2025-01-10", "2025-01-10"], [1, rank])
    assert str(caught.value) == message


def test_a_bad_date_names_its_row():
    with pytest.raises(XlsalesError, match=r"^last_contact, row 2: '31/02/2025' is not a date"):
        next_contact(["2025-01-10", "31/02/2025"], 1)


def test_a_contact_too_near_the_end_of_excels_calendar_has_no_next_date():
    # 04/10/9999 + 90 days (priority 5) is past 31/12/9999, Excel's (and Python's) last
    # day; + 7 days (priority 1) is 11/10/9999
    late = dt.datetime(9999, 10, 4)
    assert next_contact(late, 1) == dt.datetime(9999, 10, 11)
    with pytest.raises(XlsalesError) as caught:
        next_contact(["2025-01-10", late], [1, 5])
    assert caught.value.message("en") == (
        "last_contact, row 2: '9999-10-04 00:00:00' plus 90 days falls after 31/12/9999, "
        "the last date Excel knows")
    with pytest.raises(XlsalesError, match=r"^last_contact, row 1: .* plus 90 days"):
        is_overdue(late, 5, today="2025-01-01")


@pytest.mark.parametrize(("today", "late"), [
    (dt.date(2025, 1, 16), False),
    (dt.date(2025, 1, 17), False),  # due today is not late yet
    (dt.date(2025, 1, 18), True),
    ("18/01/2025", True),
])
def test_overdue_around_today(today, late):
    # last contact 10 Jan, priority 1: next contact 17 Jan
    assert is_overdue("2025-01-10", 1, today=today) is late


def test_overdue_by_column_with_blanks():
    today = dt.date(2025, 3, 1)
    # 2 Jan + 30 = 1 Feb < 1 Mar: late; 20 Feb + 14 = 6 Mar: not yet; never contacted: due
    # today, not late; no priority: unknown
    assert is_overdue(["2025-01-02", "2025-02-20", None, "2025-01-02"], [3, 2, 1, None],
                      today=today) == [True, False, False, None]


def test_overdue_defaults_to_today():
    long_ago = dt.date.today() - dt.timedelta(days=400)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert is_overdue([long_ago, yesterday], [5, 5]) == [True, False]


@settings(max_examples=50, deadline=None)
@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)) | st.none(),
       st.integers(1, 5), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)))
def test_overdue_means_next_contact_before_today(last, rank, today):
    late = is_overdue(last, rank, today=today)
    assert late == (next_contact(last, rank, today=today) < dt.datetime.combine(today, dt.time()))


# --- completeness -------------------------------------------------------------------------


def test_completeness_of_one_prospect():
    record = {"Nom": "Martin", "Prénom": "Léa", "Fonction": "", "E-mail": "lea@martin.fr",
              "Projet": "non", "Potentiel": "Gros", "Remarque": "salon 2024"}
    # name, first name, email, project ("no" is an answer), potential = 5 of 8;
    # job title blank, last similar purchase and accessibility absent; "Remarque" ignored
    assert completeness(record) == 5 / 8


def test_completeness_of_a_table_with_english_headers():
    table = pd.DataFrame({
        "Name": ["Martin", "Durand", None],
        "First name": ["Léa", None, None],
        "Job title": ["Buyer", "CEO", None],
        "Email": ["l@m.fr", None, None],
        "Project": ["yes", "no", None],
        "Date of the last similar purchase": [dt.datetime(2024, 5, 1), None, None],
        "Potential": [1, 2, None],
        "accessibilite": ["Bonne", None, "Très peu"],
    }, index=["a", "b", "c"])
    result = completeness(table)
    assert list(result.index) == ["a", "b", "c"]
    # a: all 8; b: name, job title, project, potential = 4; c: accessibility = 1
    assert result.tolist() == [1.0, 4 / 8, 1 / 8]


def test_completeness_needs_recognisable_headers():
    with pytest.raises(XlsalesError, match=r"^record: no column"):
        completeness({"Client": "x", "Ville": "Lyon"})
    with pytest.raises(XlsalesError, match=r"^record: 'e-mail' appears more than once"):
        completeness({"email": "a@b.fr", "e-mail": "a@b.fr"})
    with pytest.raises(XlsalesError) as caught:
        completeness(["Martin", "Léa"])
    assert caught.value.problem == "not_record"


def test_fields_and_labels_in_both_languages():
    assert len(FIELDS) == 8
    assert LABELS["first_name"] == {"en": "First name", "fr": "Prénom"}
    assert LABELS["accessibility"]["fr"] == "Accessibilité"
    for key, words in LABELS.items():
        assert set(words) == set(LANGS), key
        assert all(isinstance(w, str) and w.strip() for w in words.values()), key


# --- prospect matrix ------------------------------------------------------------------------


def test_prospect_matrix_counts_and_names_each_cell():
    matrix = prospect_matrix(
        ["Gros", "Gros", "Petit", "Moyen", None, 1],
        ["Bonne", "Très peu", "Très peu", "Bonne", "Bonne", "good"],
        names=["Alpha", "Bravo", "Charlie", "Delta", "Echo", None],
    )
    assert matrix.counts.to_numpy().tolist() == [[2, 0, 1], [1, 0, 0], [0, 0, 1]]
    assert matrix.names.at[1, 1] == ["Alpha", 6]  # the unnamed prospect is row 6
    assert matrix.names.at[1, 3] == ["Bravo"]
    assert matrix.names.at[3, 3] == ["Charlie"]
    assert matrix.unplaced == ["Echo"]
    assert matrix.priorities.to_numpy().tolist() == GRID


def test_prospect_matrix_shown_in_both_languages():
    matrix = prospect_matrix([1, 3], [2, 2])
    fr = matrix.to_frame("fr", show="names")
    assert list(fr.index) == ["Gros", "Moyen", "Petit"]
    assert list(fr.columns) == ["Bonne", "Moyenne", "Très peu"]
    assert fr.at["Gros", "Moyenne"] == "1" and fr.at["Petit", "Moyenne"] == "2"
    en = matrix.to_frame("en", show="priority")
    assert list(en.columns) == ["Good", "Medium", "Very little"]
    assert en.to_numpy().tolist() == GRID
    assert np.array_equal(matrix.to_frame().to_numpy(), [[0, 1, 0], [0, 0, 0], [0, 1, 0]])
    with pytest.raises(XlsalesError, match=r"^show: 'total' is not one of"):
        matrix.to_frame(show="total")

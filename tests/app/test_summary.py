"""The terminal summary, on the hand-checked ledger of ``tests/harness/ledgers.py``."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from tests.harness import ledgers
from tests.harness.labels import check_labels
from xlsales.app.report import Report, make_report
from xlsales.app.summary import print_summary, summary_sections, timing_line
from xlsales.common.text import NARROW_NBSP, NBSP, day, number, percent
from xlsales.plan.analysis import PlanData, analyse


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary")
    return make_report(ledgers.french_csv(folder, bad=True), skip_bad_rows=True,
                       today=ledgers.TODAY, prospects=ledgers.prospects_csv(folder))


def _sections(report, lang):
    return {s.key: s for s in summary_sections(report, lang)}


def test_figures_the_english_and_the_french_way():
    assert number(1234567.4) == "1,234,567"
    assert number(1234567.4, "fr") == f"1{NARROW_NBSP}234{NARROW_NBSP}567"
    assert number(-0.3) == "0" and number(2.5, "fr", 1) == "2,5"
    assert percent(0.125) == "12.5%" and percent(0.125, "fr") == f"12,5{NBSP}%"
    assert (number(float("nan")), percent(None), day(None)) == ("", "", "")  # blank, not 0
    assert day(dt.datetime(2026, 3, 10)) == "2026-03-10"
    assert day(dt.date(2026, 3, 10), "fr") == "10/03/2026"


@given(st.floats(-1e12, 1e12, allow_nan=False))
def test_a_french_figure_reads_back_as_the_english_one(value):
    english, french = number(value, "en", 2), number(value, "fr", 2)
    assert french.replace(NARROW_NBSP, "").replace(",", ".") == english.replace(",", "")


def test_the_portfolio_bridge_by_hand(report):
    section = _sections(report, "en")["portfolio"]
    assert section.header == ["", "Clients", "Revenue N-1", "Revenue N"]
    assert section.rows == [
        ["Portfolio N-1", "3", "1,700", ""],
        ["Lost clients", "1", "400", ""],  # C2
        ["Retained clients", "2", "1,300", "1,800"],  # C1 and C3
        ["New clients", "2", "", "200"],  # C4 and C5
        ["Portfolio N", "4", "", "2,000"],
    ]
    # churn 1 / 3; ceil(4 x 1/3) = 2 new clients a year
    # the ledger runs from March 2024 to December 2025: quarterly cohorts, not used
    assert section.notes == ["Churn rate 33.3%: 2 new clients a year hold the portfolio.",
                             "The churn projection runs on this year's count: the ledger "
                             "spans under three years (quarterly cohorts)."]


def test_abc_and_diagnosis_in_french(report):
    section = _sections(report, "fr")["abc"]
    assert section.header == ["Classe", "Clients", "Part des clients", "Chiffre d'affaires",
                              "Part du CA"]
    p = NBSP + "%"
    assert section.rows == [
        ["A", "2", f"50,0{p}", f"1{NARROW_NBSP}800", f"90,0{p}"],
        ["B", "1", f"25,0{p}", "150", f"7,5{p}"],
        ["C", "1", f"25,0{p}", "50", f"2,5{p}"],
        ["Total", "4", f"100,0{p}", f"2{NARROW_NBSP}000", f"100,0{p}"],
    ]
    (diagnosis,) = section.notes
    assert diagnosis.startswith("Situation fragile")
    assert f"le premier client fait 70,0{NBSP}% du CA" in diagnosis  # 1400 / 2000


def test_matrix_signals_winners_first_then_gaps_by_expected(report):
    section = _sections(report, "en")["matrix"]
    assert section.rows == [
        ["Industrie", "Équipements", "Winning combination", "1,400", "70.0%", "1,124"],
        ["BTP", "Consommables", "Winning combination", "400", "20.0%", "124"],
        ["BTP", "Équipements", "To develop", "150", "7.5%", "426"],  # 550 x 1550 / 2000
        ["Industrie", "Consommables", "To develop", "50", "2.5%", "326"],  # 1450 x 450 / 2000
    ]


def test_funnel_needs_from_the_deck(report):
    # no funnel given: the deck's example, labelled as such, never as the user's
    section = _sections(report, "en")["funnel"]
    assert section.title == ("Prospecting funnel: needed for 10 new clients"
                             " (the method's example, not your data)")
    assert [row[1] for row in section.rows] == ["1,000", "800", "500", "300", "100", "10"]
    assert section.notes[0] == "Weakest step: Negotiation (10.0%), to work on first."
    assert section.notes[1].startswith("Funnel not given: the counts shown are the method's"
                                       " example")


def test_top_priorities_are_the_overdue_reminders(report):
    section = _sections(report, "fr")["priorities"]
    assert section.header == ["Prospect", "Société", "Priorité", "Prochain contact",
                              "Jours de retard"]
    assert section.rows == [["Amélie Durand", "Durand SA", "1", "22/02/2026", "16"],
                            ["Zoé Petit", "Petit & Fils", "5", "30/12/2025", "70"]]


def test_what_was_read_and_left_out(report):
    notes = _sections(report, "en")["source"].notes
    assert notes[0] == ("ventes.csv: CSV, cp1252, separator ';', decimal mark ',', "
                        "11 data lines")
    assert notes[1:] == [
        "  columns read: client 'Code client', date 'Date facture', amount 'Montant HT', "
        "segment 'Segment', product 'Famille', margin 'Marge', client name 'Raison sociale'",
        "  lines with errors left out: 3 (the first is line 10)",
        "  Date facture, row 10: '31/02/2025' is not a date",
        "  Montant HT, row 11: 'abc' is not a number",
        "  Code client, row 12: a value is required",
        "prospects.csv: CSV, utf-8, separator ';', 3 data lines",
        "  columns read: name 'Nom', first name 'Prénom', company 'Société', potential "
        "'Potentiel', accessibility 'Accessibilité', last contact 'Dernier contact', "
        "lead source 'Source', stage 'Étape'",
    ]


def test_many_bad_lines_show_the_first_five_and_the_count(tmp_path):
    path = ledgers.french_csv(tmp_path)
    with path.open("ab") as file:  # lines 10 to 16: seven amounts that are not numbers
        file.write(b"".join(b"C9;Iota;01/06/2025;n/a;BTP;Formation;1\r\n" for _ in range(7)))
    report = make_report(path, skip_bad_rows=True, today=ledgers.TODAY)
    notes = _sections(report, "en")["source"].notes
    assert notes[-6:] == [f"  Montant HT, row {line}: 'n/a' is not a number"
                         for line in range(10, 15)] + [
        "  ... 2 more; every line left out is listed in the workbook"]


def test_an_analysis_that_could_not_run_says_why_in_place_of_its_table():
    empty = Report(PlanData(), analyse(PlanData()), inputs=None)
    sections = _sections(empty, "fr")
    assert sections["abc"].rows == []
    assert sections["abc"].notes == ["Non calculé : values : ne contient aucune valeur",
                                     "Non calculé : values : ne contient aucune valeur"]
    assert sections["priorities"].notes == [
        "Prospects non fournis : aucune relance ni priorité n'est comptée. Saisissez-les"
        " dans le tableau Qualification, ou fournissez --prospects FICHIER."]


def test_printed_in_a_terminal(report):
    console = Console(record=True, width=120, color_system=None)
    print_summary(report, console, "fr")
    text = console.export_text()
    assert "Plan d'action 2025 (par rapport à 2024)" in text
    for words in ("Portefeuille N-1 → N", "Classes ABC (CA N)", "Signaux segment × produit",
                  "Entonnoir de prospection", "Priorités", f"2{NARROW_NBSP}000", "Amélie Durand"):
        assert words in text
    assert "Revenue" not in text  # not a word of English


def test_timing_line():
    timed = Report(PlanData(), analyse(PlanData()),
                   timings={"read": 5.14, "compute": 6.0, "write": 1.25})
    assert timing_line(timed) == ("Done in 12.4 s: reading 5.1 s, analyses 6.0 s, "
                                  "writing 1.3 s.")  # 1.25 rounds half up, as Excel does
    assert timing_line(timed, "fr").startswith("Terminé en 12,4 s : lecture 5,1 s")
    assert math.isclose(sum(timed.timings.values()), 12.39)


def test_every_word_exists_in_both_languages_with_the_same_blanks():
    from xlsales.app.summary import LABELS

    check_labels(LABELS)

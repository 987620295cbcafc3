"""No figure without data (issue 11 item 3): a ledger alone gives no funnel, prospects, team
or scores; the core says so once, and the terminal, the sheets (cached and recalculated by
LibreOffice) and the Plan's sentences say the same, in English and French.

The ledger is the hand-checked one of ``tests/harness/ledgers.py`` (nothing else given).
"""

import openpyxl
import pandas as pd
import pytest

from tests.harness import ledgers
from tests.harness.libreoffice import recalculate, require_libreoffice
from xlsales.app.report import make_report
from xlsales.app.summary import summary_sections
from xlsales.plan import blocks
from xlsales.plan.analysis import PlanData
from xlsales.plan.given import DECK_FUNNEL, is_example_funnel, not_given

NOT_GIVEN = {"en": "not given", "fr": "non fourni"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("given")


@pytest.fixture(scope="module", params=["en", "fr"])
def ledger_only(folder, request):
    lang = request.param
    output = folder / f"plan-{lang}.xlsx"
    report = make_report(ledgers.french_csv(folder, name=f"ventes-{lang}.csv"), output,
                         today=ledgers.TODAY, lang=lang, force=True)
    return lang, report, output


def test_the_core_names_what_a_ledger_does_not_give(ledger_only):
    _, report, _ = ledger_only
    assert report.results.not_given == ("funnel", "prospects", "team", "scores")
    figures = report.results.figures
    assert figures.overdue is None and figures.priority_1 is None  # not "0 overdue"


def test_given_inputs_are_not_listed():
    clients = PlanData().clients.copy()
    clients.loc[0, ["client", "pot_size"]] = ["C1", 4]
    team = PlanData().team.copy()
    team.loc[0, "salesperson"] = "Ana"
    funnel = pd.DataFrame({"stage": [s for s, _ in DECK_FUNNEL], "count": [90, 80, 50, 30,
                                                                           10, 1]})
    data = PlanData(clients=clients, team=team, funnel=funnel)
    assert not_given(data) == ("prospects",)
    assert is_example_funnel(PlanData().funnel)  # the template's pre-filled example
    assert not is_example_funnel(funnel)


def test_the_terminal_says_not_given_and_how_to_add_it(ledger_only):
    lang, report, _ = ledger_only
    sections = {s.key: s for s in summary_sections(report, lang)}
    funnel = sections["funnel"]
    example = {"en": "(the method's example, not your data)",
               "fr": "(exemple de la méthode, pas vos données)"}[lang]
    assert funnel.title.endswith(example)
    assert "--deals" in funnel.notes[-1]
    assert funnel.notes[-1].startswith({"en": "Funnel not given", "fr": "Entonnoir non fourni"}
                                       [lang])
    assert "--prospects" in sections["priorities"].notes[0]
    notes = sections["not_given"].notes
    assert len(notes) == 2 and "--team" in notes[0] and "--clients" in notes[1]
    assert {"en": "ABC class alone", "fr": "seule classe ABC"}[lang] in notes[1]


def test_the_plan_sentences_say_not_given(ledger_only):
    lang, report, _ = ledger_only
    actions = blocks.plan_actions(report.results, lang)[1:]
    text = " ".join(str(a) for row in actions for a in row)
    assert "1 000" not in text and "1,000" not in text  # no suspects from the example
    assert {"en": "prospects overdue", "fr": "prospects à relancer"}[lang] not in text
    topic = {"en": "Not given", "fr": "Non fourni"}[lang]
    assert [row[0] for row in actions].count(topic) == 3  # prospects, team, scores
    prospecting = {"en": "Prospecting", "fr": "Prospection"}[lang]
    assert dict(actions)[prospecting].startswith({"en": "Funnel not given",
                                                  "fr": "Entonnoir non fourni"}[lang])


def _plan_figures(path):
    sheet = _plan_sheet(openpyxl.load_workbook(path, data_only=True))
    assert sheet.title in ("Plan", "Plan d'action")
    return {sheet.cell(r, 1).value: (sheet.cell(r, 2).value, sheet.cell(r, 4).value)
            for r in range(5, 26)}


def _check_sheets(path, lang):
    figures = _plan_figures(path)
    words = NOT_GIVEN[lang]
    untapped = {"en": "Untapped potential, total", "fr": "Potentiel inexploité total"}[lang]
    overdue = {"en": "Overdue reminders", "fr": "Relances en retard"}[lang]
    team = {"en": "Average activity index", "fr": "Indice d'activité moyen"}[lang]
    weakest = {"en": "Weakest funnel step", "fr": "Étape la plus faible de l'entonnoir"}[lang]
    for label in (untapped, overdue, team):
        assert figures[label][0] in (None, ""), label  # blank, never 0
        assert figures[label][1] == words, label
    assert figures[weakest][1] == {"en": "the method's example, not your data",
                                   "fr": "exemple de la méthode, pas vos données"}[lang]
    book = openpyxl.load_workbook(path, data_only=True)
    notes = [str(sheet.cell(3, 1).value) for sheet in book.worksheets]  # under "how to"
    for start in ({"en": "Funnel not given", "fr": "Entonnoir non fourni"},
                  {"en": "Prospects not given", "fr": "Prospects non fournis"},
                  {"en": "Sales team not given", "fr": "Équipe commerciale non fournie"},
                  {"en": "Potential and risk scores not given",
                   "fr": "Scores de potentiel et de risque non fournis"}):
        assert any(n.startswith(start[lang]) for n in notes), start[lang]


def test_the_sheets_say_not_given(ledger_only):
    lang, _, output = ledger_only
    _check_sheets(output, lang)


@pytest.mark.libreoffice
def test_the_sheets_formulas_say_the_same_after_recalculation(ledger_only, folder):
    require_libreoffice()
    lang, _, output = ledger_only
    _check_sheets(recalculate(output, folder / f"recalc-{lang}"), lang)


def test_the_plan_sentences_fit_one_line_of_the_plan(ledger_only):
    # the action cell runs over columns B to F of the Plan: about 124 characters
    lang, report, _ = ledger_only
    actions = blocks.plan_actions(report.results, lang)[1:]
    topics = {"Not given", "Non fourni", "Prospecting", "Prospection"}
    assert all(len(text) <= 120 for topic, text in actions if topic in topics)


def _plan_sheet(book):
    """The Plan sheet, wherever it stands among the sheets."""
    return book[next(n for n in book.sheetnames if n in ("Plan", "Plan d'action"))]

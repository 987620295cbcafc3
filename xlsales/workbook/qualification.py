"""The Qualification sheet: the prospects table, the 3 × 3 prospect matrix, reminders
(METHOD.md §8).

The table holds the method's qualification fields; its calculated columns give the
potential and accessibility levels (words, from the 1–5 scores and the Potential sheet's
cut-offs), the priority (level + level − 1), the next contact (last contact + the
priority's interval; today for a prospect never contacted), whether it is overdue and the
completeness of the qualification. The matrix counts prospects per cell; the names in
each cell and the list of overdue reminders are written by xlsales' Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from xlsales.method.potential import LABELS as POTENTIAL_LABELS
from xlsales.plan import blocks, layout
from xlsales.workbook import given
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote
from xlsales.workbook.funnel import display_source, display_stage
from xlsales.workbook.potential import level
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "formulas", "write"]

LABELS = {
    "title": {"en": "Prospect qualification and reminders",
              "fr": "Qualification des prospects et relances"},
    "howto": {
        "en": "One row per prospect (white columns): score potential and accessibility 1 to 5,"
              " note the last contact; priority, next contact and reminders follow.",
        "fr": "Une ligne par prospect (colonnes blanches) : notez potentiel et accessibilité"
              " de 1 à 5, le dernier contact ; priorité, prochain contact et relances suivent.",
    },
    "settings": {"en": "Reminder intervals", "fr": "Délais de relance"},
    "priority_n": {"en": "Priority {n}: days to the next contact",
                   "fr": "Priorité {n} : jours avant le prochain contact"},
    "today_used": {"en": "Date used as today", "fr": "Date retenue comme aujourd'hui"},
    "matrix": {"en": "Prospects per cell", "fr": "Prospects par case"},
    "priority": {"en": "Priority of each cell (1 = call first)",
                 "fr": "Priorité de chaque case (1 = à appeler d'abord)"},
    "potential": {"en": "Potential ↓ / accessibility →", "fr": "Potentiel ↓ / accessibilité →"},
    "names": {"en": "Who is in each cell", "fr": "Qui est dans chaque case"},
    "figures": {"en": "Follow-up", "fr": "Suivi"},
    "prospects": {"en": "Prospects", "fr": "Prospects"},
    "overdue": {"en": "Overdue reminders", "fr": "Relances en retard"},
    "due_week": {"en": "Contacts due in the next 7 days",
                 "fr": "Contacts à faire dans les 7 jours"},
    "priority_1": {"en": "Prospects of priority 1", "fr": "Prospects de priorité 1"},
    "yes": {"en": "Yes", "fr": "Oui"},
    "no": {"en": "No", "fr": "Non"},
    "score_title": {"en": "Score 1 to 5", "fr": "Note de 1 à 5"},
    "score_help": {"en": "5 = big potential / very accessible, 1 = small / hardly"
                         " accessible. Levels follow the Potential sheet's cut-offs.",
                   "fr": "5 = gros potentiel / très accessible, 1 = petit / peu accessible."
                         " Les niveaux suivent les seuils de la feuille Potentiel."},
    "date_title": {"en": "Date", "fr": "Date"},
    "date_help": {"en": "A date (blank last contact: to call now).",
                  "fr": "Une date (dernier contact vide : à appeler maintenant)."},
    "list_title": {"en": "Pick or type", "fr": "Choisir ou saisir"},
    "source_help": {"en": "The lead source: pick one of the Funnel sheet's list.",
                    "fr": "La source : choisissez dans la liste de la feuille Entonnoir."},
    "stage_help": {"en": "The furthest stage of the funnel this prospect reached.",
                   "fr": "L'étape la plus avancée de l'entonnoir atteinte par ce prospect."},
}

TODAY = "fig_today"
_TABLE_ROW = 20
_LIST_COL = 19


def formulas(lang: str) -> dict[str, str]:
    """The calculated columns of tblProspects."""
    t = StructuredRefs(layout.PROSPECTS, lang)
    pot, acc = t.this("potential_level"), t.this("access_level")
    words = {kind: [quote(POTENTIAL_LABELS[f"{kind}_{n}"][lang]) for n in (1, 2, 3)]
             for kind in ("potential", "accessibility")}

    def rank(cell: str, kind: str) -> str:
        return f"IF({cell}={words[kind][0]},1,IF({cell}={words[kind][1]},2,3))"

    empty = f"COUNTA({t.span('name', 'stage')})=0"
    last, prio, next_contact = t.this("last_contact"), t.this("priority"), t.this("next_contact")
    return {
        "potential_level": level(t.this("potential"), "potential", lang),
        "access_level": level(t.this("accessibility"), "accessibility", lang),
        "priority": f'IF(OR({pot}="",{acc}=""),"",{rank(pot, "potential")}'
                    f'+{rank(acc, "accessibility")}-1)',
        "next_contact": f'IF({empty},"",IF(ISNUMBER({last}),IF(ISNUMBER({prio}),'
                        f'INT({last})+INDEX(xls_intervals,{prio}),""),{TODAY}))',
        "overdue": f'IF(ISNUMBER({next_contact}),IF({next_contact}<{TODAY},'
                   f'{quote(LABELS["yes"][lang])},{quote(LABELS["no"][lang])}),"")',
        "completeness": f'IF({empty},"",(COUNTA({t.span("name", "email")})'
                        f'+COUNTA({t.span("project", "accessibility")}))/8)',
    }


def write(book: Book) -> None:
    key = "qualification"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    given.note(book, key, 2, 0, "prospects")
    _settings(book)
    _matrix(book)
    place = _table(book)
    _figures(book)
    button = layout.caption("refresh_qualification", book.lang)
    book.python_block("xls_overdue_list", 4, _LIST_COL, button,
                      (None, None, "whole", "date", "whole"))
    book.text(key, 3, _LIST_COL, book.say(LABELS, "overdue"), "section")
    # columns G to I hold the grid's names too: wide enough for a first name and a name
    widths = (14, 12, 22, 30, 30, 20, 20, 20, 20, 12, 14, 15, 11, 12, 8, 12, 9, 11, 3,
              22, 30, 9, 12, 9)
    for j, width in enumerate(widths):
        sheet.set_column(j, j, width)
    sheet.freeze_panes(_TABLE_ROW + 1, 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, min(place.last_row, _TABLE_ROW + 40), 17)


def _settings(book: Book) -> None:
    key, settings = "qualification", book.data.settings
    sheet = book.sheets[key]
    book.text(key, 3, 0, book.say(LABELS, "settings"), "section")
    for i, days in enumerate(settings.intervals):
        sheet.merge_range(4 + i, 0, 4 + i, 2, book.say(LABELS, "priority_n", n=i + 1))
        book.value(key, 4 + i, 3, days, "input", "whole")
    book.area("xls_intervals", 4, 3)
    sheet.data_validation(4, 3, 8, 3, {"validate": "integer", "criteria": ">=", "value": 0})
    area = layout.AREA_BY_NAME["xls_today"]
    sheet.merge_range(10, 0, 10, 2, area.fr if book.lang == "fr" else area.en)
    book.value(key, 10, 3, settings.today, "input", "date")
    book.area("xls_today", 10, 3)
    sheet.data_validation(10, 3, 10, 3, {"validate": "date", "criteria": ">",
                                         "value": dt.date(1900, 1, 1)})
    sheet.merge_range(11, 0, 11, 2, book.say(LABELS, "today_used"))
    used = settings.today or book.stamp.date()
    book.formula(key, 11, 3, "IF(ISNUMBER(xls_today),INT(xls_today),TODAY())", used,
                 "computed", "date")
    book.name(TODAY, key, 11, 3)


def _matrix(book: Book) -> None:
    """Counts per cell (formulas), the priority of each cell, and the names per cell
    (Python-written)."""
    key, results, lang = "qualification", book.results, book.lang
    row, col = 3, 5
    t = StructuredRefs(layout.PROSPECTS, lang)
    grid = None if results.prospect_matrix is None else results.prospect_matrix.counts

    def frame(top: int, title: str) -> None:
        book.text(key, top, col, title, "section")
        book.text(key, top + 1, col, book.say(LABELS, "potential"), "header")
        for a in (1, 2, 3):
            book.text(key, top + 1, col + a, POTENTIAL_LABELS[f"accessibility_{a}"][lang],
                      "header", "center")
        for p in (1, 2, 3):
            book.text(key, top + 1 + p, col, POTENTIAL_LABELS[f"potential_{p}"][lang], "bold")

    frame(row, book.say(LABELS, "matrix"))
    for p in (1, 2, 3):
        for a in (1, 2, 3):
            pot_word = quote(POTENTIAL_LABELS[f"potential_{p}"][lang])
            acc_word = quote(POTENTIAL_LABELS[f"accessibility_{a}"][lang])
            count = (f"COUNTIFS({t.col('potential_level')},{pot_word},"
                     f"{t.col('access_level')},{acc_word})")
            book.formula(key, row + 1 + p, col + a, count,
                         None if grid is None else grid.at[p, a], "computed", "whole",
                         "center")
            book.text(key, row + 1 + p, col + 4 + a, str(p + a - 1), "helper", "center")
    book.name("fig_prospect_matrix", key, row + 2, col + 1, 3, 3)
    book.sheets[key].merge_range(row + 1, col + 5, row + 1, col + 7,
                                 book.say(LABELS, "priority"), book.fmt("header", "center"))

    top = row + 6
    frame(top, book.say(LABELS, "names"))
    for p in (1, 2, 3):  # blocks.NAMES_PER_CELL names and "... and N more", one a line
        book.tall(key, top + 1 + p, 15 * (blocks.NAMES_PER_CELL + 1) + 3)
    button = layout.caption("refresh_qualification", lang)
    book.python_block("xls_matrix_cells", top + 2, col + 1, button, ("wrap",) * 3,
                      caption_cell=(top, col + 4))


def _table(book: Book) -> Any:
    key, results, lang = "qualification", book.results, book.lang
    frame = book.data.prospects.copy()
    frame["stage"] = [display_stage(v, lang) for v in frame["stage"]]
    frame["source"] = [display_source(v, lang) for v in frame["source"]]

    def words(series: pd.Series | None, kind: str) -> list[Any] | None:
        if series is None:
            return None
        return [None if v is None else POTENTIAL_LABELS[f"{kind}_{v}"][lang] for v in series]

    overdue = results.overdue
    caches = {
        "potential_level": words(results.prospect_potential_level, "potential"),
        "access_level": words(results.prospect_access_level, "accessibility"),
        "priority": None if results.priority is None else list(results.priority),
        "next_contact": None if results.next_contact is None else list(results.next_contact),
        "overdue": None if overdue is None else [
            None if v is None else LABELS["yes" if v else "no"][lang] for v in overdue],
        "completeness": None if results.completeness is None else list(results.completeness),
    }
    score = {"validate": "decimal", "criteria": "between", "minimum": 1, "maximum": 5,
             "input_title": book.say(LABELS, "score_title"),
             "input_message": book.say(LABELS, "score_help")}
    date = {"validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1),
            "input_title": book.say(LABELS, "date_title"),
            "input_message": book.say(LABELS, "date_help")}
    validations = {
        "potential": score, "accessibility": score, "last_purchase": date,
        "last_contact": date,
        "source": {"validate": "list", "source": "=fig_lead_sources", "error_type": "warning",
                   "input_title": book.say(LABELS, "list_title"),
                   "input_message": book.say(LABELS, "source_help")},
        "stage": {"validate": "list", "source": "=fig_funnel_stage_list",
                  "error_type": "warning", "input_title": book.say(LABELS, "list_title"),
                  "input_message": book.say(LABELS, "stage_help")},
    }
    place = write_table(book, key, layout.PROSPECTS, frame, _TABLE_ROW, 0, formulas(lang),
                        caches, validations)
    overdue_col = book.column_letter(place.col("overdue"))
    book.sheets[key].conditional_format(
        place.first_row, 0, place.last_row, len(layout.PROSPECTS.columns) - 1,
        {"type": "formula", "criteria": f"=${overdue_col}{place.first_row + 1}="
                                        f"{quote(LABELS['yes'][lang])}",
         "format": book.fmt("alert")})
    return place


def _figures(book: Book) -> None:
    key, results, data = "qualification", book.results, book.data.prospects
    t = StructuredRefs(layout.PROSPECTS, book.lang)
    row = 13
    book.text(key, row, 0, book.say(LABELS, "figures"), "section")
    today = book.data.settings.today or book.stamp.date()
    next_contact = results.next_contact
    due_week = None
    if next_contact is not None:
        start = dt.datetime(today.year, today.month, today.day)
        due_week = sum(1 for d in next_contact
                       if d is not None and start <= d < start + dt.timedelta(days=7))
    yes = quote(LABELS["yes"][book.lang])
    items = (
        ("prospects", f"COUNTA({t.col('name')})", int(data["name"].notna().sum())),
        # no prospect is not "0 overdue": blank while the prospects are not given
        ("overdue", given.when_given("prospects", f"COUNTIF({t.col('overdue')},{yes})"),
         results.figures.overdue),
        ("due_week", f'COUNTIFS({t.col("next_contact")},">="&{TODAY},'
                     f'{t.col("next_contact")},"<"&({TODAY}+7))', due_week),
        ("priority_1", given.when_given("prospects", f"COUNTIF({t.col('priority')},1)"),
         results.figures.priority_1),
    )
    for i, (name, formula, value) in enumerate(items):
        r = row + 1 + i
        book.figure(key, r, 0, "prospects" if name == "prospects" else f"prospects_{name}",
                    book.say(LABELS, name), formula, value, "whole", value_col=3)

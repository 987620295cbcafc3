"""The Funnel sheet: stage counts, conversions, the weakest step, what a target needs,
the yield of each lead source and the funnel chart (METHOD.md §7).

The stages are the table ``tblFunnel`` (the method's 100 / 80 / 50 / 30 / 10 / 1 by
default); a stage's conversion reads the row above it with INDEX, so each row does a
fixed amount of work. The lead-source table counts the prospects of the Qualification
sheet by source and furthest stage reached; a recognised stage or source is written with
its label in the workbook's language, so these counts find it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xlsales.method.funnel import STAGES, source_key, stage_key, stage_label
from xlsales.plan import layout
from xlsales.workbook import deals, given
from xlsales.workbook.book import Book
from xlsales.workbook.charts import funnel_chart
from xlsales.workbook.formulas import StructuredRefs, quote, round_up
from xlsales.workbook.matrix import exact
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "SOURCES", "display_source", "display_stage", "formulas", "write"]

LABELS = {
    "title": {"en": "Prospecting funnel", "fr": "Entonnoir de prospection"},
    "howto": {
        "en": "Type your counts per stage (the method's defaults are filled in) and the"
              " target of new clients (yellow); conversions and needs follow.",
        "fr": "Saisissez vos effectifs par étape (les valeurs de la méthode sont pré-remplies)"
              " et l'objectif de nouveaux clients (en jaune) ; conversions et besoins suivent.",
    },
    "settings": {"en": "Target", "fr": "Objectif"},
    "figures": {"en": "Where to act", "fr": "Où agir"},
    "overall": {"en": "Conversion from the top to the last stage",
                "fr": "Conversion du haut jusqu'à la dernière étape"},
    "weakest_from": {"en": "Weakest step: from", "fr": "Étape la plus faible : depuis"},
    "weakest_to": {"en": "Weakest step: to", "fr": "Étape la plus faible : vers"},
    "weakest_conversion": {"en": "Weakest step: conversion",
                           "fr": "Étape la plus faible : conversion"},
    "suspects_needed": {"en": "Suspects needed for the target",
                        "fr": "Suspects nécessaires pour l'objectif"},
    "sources": {"en": "Yield per lead source (prospects of the Qualification sheet)",
                "fr": "Rendement par source (prospects de la feuille Qualification)"},
    "sources_note": {"en": "Sources: edit the list as you need; a prospect counts at the"
                           " furthest stage it reached and every stage before.",
                     "fr": "Sources : modifiez la liste au besoin ; un prospect compte à"
                           " l'étape la plus avancée atteinte et à toutes les précédentes."},
    "source": {"en": "Lead source", "fr": "Source"},
    "qualified_share": {"en": "Share qualified", "fr": "Part qualifiée"},
    "client_share": {"en": "Share won", "fr": "Part gagnée"},
    "best": {"en": "Best", "fr": "Meilleure"},
    "chart_helper": {"en": "Chart helper", "fr": "Aide au graphique"},
}

SOURCES = 8  # rows of the lead-source table
STAGE_COLUMNS = 6
_TABLE_ROW = 6
_HELPER = 15  # hidden: first and last counts, the chart's padding
_FIRST_STAGE = "fig_funnel_first"
_LAST_STAGE = "fig_funnel_last"


def display_stage(value: Any, lang: str) -> Any:
    """A stage the method knows, as its label in ``lang``; anything else as given."""
    key = stage_key(value) if isinstance(value, str) else None
    return stage_label(key, lang) if key else value


def display_source(value: Any, lang: str) -> Any:
    """A lead source the method knows, as its label in ``lang``; anything else as given."""
    key = source_key(value) if isinstance(value, str) else None
    return stage_label(key, lang) if key else value


def formulas(lang: str) -> dict[str, str]:
    """The calculated columns of tblFunnel."""
    t = StructuredRefs(layout.FUNNEL, lang)
    count = t.this("count")
    position = f"(ROW()-ROW({t.headers_row('stage')}))"
    above = f"INDEX({t.col('count')},{position}-1)"
    return {
        "step_conversion": f'IF(OR({position}=1,NOT(ISNUMBER({count}))),"",'
                           f'IF(N({above})=0,"",{count}/{above}))',
        "cumulative_conversion": f'IF(AND(ISNUMBER({count}),N({_FIRST_STAGE})>0),'
                                 f'{count}/{_FIRST_STAGE},"")',
        "needed": f'IF(AND(ISNUMBER({count}),N({_LAST_STAGE})>0),'
                  f'{round_up(f"N(xls_funnel_target)*{count}/{_LAST_STAGE}")},"")',
    }


def write(book: Book) -> None:
    key = "funnel"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    given.note(book, key, 2, 0, "funnel")
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 10, 14)
    sheet.set_column(_HELPER, _HELPER + 1, None, None, {"hidden": True})
    settings, results = book.data.settings, book.results
    book.text(key, 3, 0, book.say(LABELS, "settings"), "section")
    area = layout.AREA_BY_NAME["xls_funnel_target"]
    book.text(key, 4, 0, area.fr if book.lang == "fr" else area.en)
    book.value(key, 4, 1, settings.funnel_target, "input", "whole")
    book.area("xls_funnel_target", 4, 1)
    sheet.data_validation(4, 1, 4, 1, {"validate": "decimal", "criteria": ">=", "value": 0})

    frame = book.data.funnel.copy()
    frame["stage"] = [display_stage(v, book.lang) for v in frame["stage"]]
    ratios, needed = results.funnel_ratios, results.funnel_needed
    caches = {
        "step_conversion": None if ratios is None else list(ratios["step_conversion"]),
        "cumulative_conversion": None if ratios is None else list(
            ratios["cumulative_conversion"]),
        "needed": None if needed is None else list(needed),
    }
    place = write_table(book, key, layout.FUNNEL, frame, _TABLE_ROW, 0, formulas(book.lang),
                        caches, {"count": {"validate": "decimal", "criteria": ">=",
                                           "value": 0}},
                        traits={"count": "whole", "needed": "whole"})
    t = StructuredRefs(layout.FUNNEL, book.lang)
    counts = pd.to_numeric(book.data.funnel["count"], errors="coerce")
    book.formula(key, place.first_row, _HELPER + 1, f"INDEX({t.col('count')},1)",
                 counts.iloc[0] if len(counts) else None, "helper")
    book.name(_FIRST_STAGE, key, place.first_row, _HELPER + 1)
    book.formula(key, place.first_row + 1, _HELPER + 1,
                 f"INDEX({t.col('count')},COUNT({t.col('count')}))",
                 counts.dropna().iloc[-1] if counts.notna().any() else None, "helper")
    book.name(_LAST_STAGE, key, place.first_row + 1, _HELPER + 1)
    book.name("fig_funnel_stage_list", key, place.first_row, 0,
              place.last_row - place.first_row + 1, 1)

    # the chart: each stage centred on the widest, by an invisible padding before it
    book.text(key, _TABLE_ROW, _HELPER, book.say(LABELS, "chart_helper"), "helper")
    widest = counts.max() if counts.notna().any() else None
    for i in range(place.last_row - place.first_row + 1):
        r = place.first_row + i
        value = None if widest is None or pd.isna(counts.iloc[i]) else (
            widest - counts.iloc[i]) / 2
        book.formula(key, r, _HELPER, f'IF(ISNUMBER(B{r + 1}),(MAX({t.col("count")})'
                                       f'-B{r + 1})/2,"")', value, "helper")
    chart = funnel_chart(book, key, place.first_row, place.last_row, 0, 1, _HELPER)
    sheet.insert_chart(3, 6, chart, {"x_scale": 1.05, "y_scale": 1.0})

    row = _figures(book, t, place.last_row + 4)
    _sources(book, row + 2)
    last = deals.write(book, row + 2 + SOURCES + 4)  # the CRM's deals (tblDeals)
    sheet.fit_to_pages(1, 0 if book.results.deals is not None else 1)  # deals: pages tall
    sheet.set_landscape()
    shown = last if book.results.deals is not None else 0  # the deals' block, when given
    sheet.print_area(0, 0, max(row + 2 + SOURCES + 2, shown), 10)


def _figures(book: Book, t: StructuredRefs, row: int) -> int:
    key, results = "funnel", book.results
    book.text(key, row, 0, book.say(LABELS, "figures"), "section")
    steps, stages = t.col("step_conversion"), t.col("stage")
    position = f"MATCH(MIN({steps}),{steps},0)"
    weakest = results.funnel_weakest
    ratios = results.funnel_ratios
    items = (
        ("funnel_overall", "overall", f'IF(N({_FIRST_STAGE})=0,"",{_LAST_STAGE}/{_FIRST_STAGE})',
         None if ratios is None else ratios["cumulative_conversion"].iloc[-1], "share"),
        ("funnel_weakest_from", "weakest_from",
         f'IF(COUNT({steps})=0,"",INDEX({stages},{position}-1))',
         None if weakest is None else stage_label(weakest.from_stage, book.lang), None),
        ("funnel_weakest_to", "weakest_to", f'IF(COUNT({steps})=0,"",INDEX({stages},{position}))',
         None if weakest is None else stage_label(weakest.to_stage, book.lang), None),
        ("funnel_weakest_conversion", "weakest_conversion",
         f'IF(COUNT({steps})=0,"",MIN({steps}))',
         None if weakest is None else weakest.conversion, "share"),
        ("funnel_suspects_needed", "suspects_needed",
         f"INDEX({t.col('needed')},1)",
         None if results.funnel_needed is None else results.funnel_needed.iloc[0], "whole"),
    )
    for i, (name, label, formula, value, trait) in enumerate(items):
        book.figure(key, row + 1 + i, 0, name, book.say(LABELS, label), formula, value, trait)
    return row + len(items)


def _sources(book: Book, row: int) -> None:
    key, results = "funnel", book.results
    sheet = book.sheets[key]
    book.text(key, row, 0, book.say(LABELS, "sources"), "section")
    book.text(key, row + 1, 0, book.say(LABELS, "sources_note"), "howto")
    prospects = StructuredRefs(layout.PROSPECTS, book.lang)
    funnel_t = StructuredRefs(layout.FUNNEL, book.lang)
    header = row + 2
    book.text(key, header, 0, book.say(LABELS, "source"), "header")
    table = results.lead_sources
    if table is not None:
        sources = [stage_label(s, book.lang) for s in table.index]
    else:
        raw = book.data.prospects["source"].dropna()
        sources = list(dict.fromkeys(display_source(v, book.lang) for v in raw))
    sources = sources[:SOURCES]
    stage_names = [display_stage(v, book.lang) for v in book.data.funnel["stage"]]
    crm = book.results.deals is not None  # the funnel is the CRM's pipeline, not the
    for j in range(STAGE_COLUMNS):        # prospects' stages: those are the method's
        if crm:
            book.text(key, header, 1 + j, stage_label(STAGES[j], book.lang), "header",
                      "center")
            continue
        book.formula(key, header, 1 + j,
                     f'IF(COUNTA({funnel_t.col("stage")})>={j + 1},'
                     f'INDEX({funnel_t.col("stage")},{j + 1}),"")',
                     stage_names[j] if j < len(stage_names) else None, "header", "center")
    book.tall(key, header, 45)  # "Suspects (potential market)" takes three lines
    extra = ("qualified_share", "client_share", "best")
    for j, name in enumerate(extra):
        book.text(key, header, 1 + STAGE_COLUMNS + j, book.say(LABELS, name), "header",
                  "center")
    stages_shown = (str(STAGE_COLUMNS) if crm
                    else f"MIN({STAGE_COLUMNS},COUNTA({funnel_t.col('stage')}))")
    first = header + 1
    share_col = book.column_letter(1 + STAGE_COLUMNS)
    shares = f"${share_col}${first + 1}:${share_col}${first + SOURCES}"
    for i in range(SOURCES):
        r = first + i
        source = sources[i] if i < len(sources) else None
        book.value(key, r, 0, source, "input")
        cached = _source_row(table, source, book.lang)
        for j in range(STAGE_COLUMNS - 1, -1, -1):
            letter = book.column_letter(1 + j)
            crit = (f"{prospects.col('source')},{exact(f'$A{r + 1}')},"
                    f"{prospects.col('stage')},{exact(f'{letter}${header + 1}')}")
            further = "" if j == STAGE_COLUMNS - 1 else f"+N({book.column_letter(2 + j)}{r + 1})"
            book.formula(key, r, 1 + j,
                         f'IF(OR($A{r + 1}="",{letter}${header + 1}=""),"",'
                         f"COUNTIFS({crit}){further})",
                         cached[j] if cached else None, "computed", "whole", "center")
        reached = f"B{r + 1}:{book.column_letter(STAGE_COLUMNS)}{r + 1}"
        book.formula(key, r, 1 + STAGE_COLUMNS,
                     f'IF(OR($A{r + 1}="",N(B{r + 1})=0,{stages_shown}<2),"",C{r + 1}/B{r + 1})',
                     cached[STAGE_COLUMNS] if cached else None, "computed", "share",
                     "center")
        book.formula(key, r, 2 + STAGE_COLUMNS,
                     f'IF(OR($A{r + 1}="",N(B{r + 1})=0),"",'
                     f"INDEX({reached},1,{stages_shown})/B{r + 1})",
                     cached[STAGE_COLUMNS + 1] if cached else None, "computed", "share",
                     "center")
        share = f"{share_col}{r + 1}"
        best = quote(book.say(LABELS, "best"))
        book.formula(key, r, 3 + STAGE_COLUMNS,
                     f'IF({share}="","",IF({share}>=MAX({shares})*(1-1E-12),{best},""))',
                     cached[STAGE_COLUMNS + 2] if cached else None, "computed", "center")
    book.name("fig_lead_sources", key, first, 0, SOURCES, 1)
    book.name("fig_lead_yield", key, first, 1, SOURCES, STAGE_COLUMNS + 3)
    sheet.conditional_format(first, 3 + STAGE_COLUMNS, first + SOURCES - 1, 3 + STAGE_COLUMNS,
                             {"type": "cell", "criteria": "==",
                              "value": quote(book.say(LABELS, "best")),
                              "format": book.fmt("win", "bold")})


def _source_row(table: pd.DataFrame | None, source: Any, lang: str) -> list[Any] | None:
    """The core's yield of one source: reached counts per stage, shares, best."""
    if table is None or source is None:
        return None
    key = source_key(source) or source
    if key not in table.index:
        return None
    row = table.loc[key]
    counts = [row.iloc[j] for j in range(STAGE_COLUMNS)]
    best = LABELS["best"][lang] if bool(row["best"]) else None
    return [*counts, row["qualified_share"], row["client_share"], best]

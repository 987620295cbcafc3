"""The Plan sheet: the annual action-plan dashboard.

The key figures of every sheet (read through their ``fig_`` names), which segments to
develop with which products and which combinations to defend (from the Matrix's
signals), what abandoning a segment or a product would cost, and the actions in
sentences that xlsales' Python writes.
"""

from __future__ import annotations

from typing import Any

from xlsales.method.activity import LABELS as ACTIVITY_LABELS
from xlsales.method.matrix import LABELS as MATRIX_LABELS
from xlsales.method.potential import APPROACHES
from xlsales.plan import given as plan_given
from xlsales.plan import layout
from xlsales.plan.blocks import matrix_shown
from xlsales.workbook import given
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import quote
from xlsales.workbook.matrix import PRODUCTS, SEGMENTS
from xlsales.workbook.matrix import cached_at as _cached

__all__ = ["LABELS", "NEEDS", "write"]

# the key figures that rest on an input the data may not give (``plan.given.INPUTS``):
# blank while it is not given, except the funnel's, which show the method's example
NEEDS = {"untapped": "scores", "to_develop_clients": "scores", "weakest": "funnel",
         "suspects": "funnel", "overdue": "prospects", "priority_1": "prospects",
         "team_index": "team", "team_lever": "team"}

LABELS = {
    "title": {"en": "Annual action plan", "fr": "Plan d'action annuel"},
    "howto": {
        "en": "Everything here is read from the other sheets; the actions in sentences are"
              " written by xlsales (button Refresh everything).",
        "fr": "Tout est lu sur les autres feuilles ; les actions en phrases sont écrites par"
              " xlsales (bouton Tout actualiser).",
    },
    "figures": {"en": "Key figures", "fr": "Chiffres clés"},
    "clients_prev": {"en": "Clients N-1", "fr": "Clients N-1"},
    "clients_curr": {"en": "Clients N", "fr": "Clients N"},
    "churn": {"en": "Churn rate", "fr": "Taux d'attrition"},
    "needed": {"en": "New clients needed per year", "fr": "Nouveaux clients nécessaires par an"},
    "churn_used": {"en": "Churn they are counted on", "fr": "Attrition sur laquelle ils sont "
                                                           "comptés"},
    "churn_source": {"en": "Where that churn comes from", "fr": "D'où vient cette attrition"},
    "revenue_evolution": {"en": "Revenue evolution", "fr": "Évolution du CA"},
    "a_clients": {"en": "Class A clients", "fr": "Clients de classe A"},
    "a_revenue": {"en": "Class A share of revenue", "fr": "Part du CA de la classe A"},
    "top_client": {"en": "Top client's share of revenue", "fr": "Part du CA du premier client"},
    "diagnosis": {"en": "ABC diagnosis", "fr": "Diagnostic ABC"},
    "untapped": {"en": "Untapped potential, total", "fr": "Potentiel inexploité total"},
    "to_develop_clients": {"en": "Clients to develop (key-account plan)",
                           "fr": "Clients à développer (plan grand compte)"},
    "wins": {"en": "Winning combinations", "fr": "Combinaisons gagnantes"},
    "develops": {"en": "Combinations to develop", "fr": "Combinaisons à développer"},
    "weakest": {"en": "Weakest funnel step", "fr": "Étape la plus faible de l'entonnoir"},
    "suspects": {"en": "Suspects needed for the target",
                 "fr": "Suspects nécessaires pour l'objectif"},
    "overdue": {"en": "Overdue reminders", "fr": "Relances en retard"},
    "priority_1": {"en": "Prospects of priority 1", "fr": "Prospects de priorité 1"},
    "team_index": {"en": "Average activity index", "fr": "Indice d'activité moyen"},
    "team_lever": {"en": "Most frequent lever", "fr": "Levier le plus fréquent"},
    "develop_title": {"en": "Which segments to develop, with which products",
                      "fr": "Quels segments développer, avec quels produits"},
    "segment": {"en": "Segment", "fr": "Segment"},
    "develop_products": {"en": "Products to develop", "fr": "Produits à développer"},
    "win_products": {"en": "Winning combinations to defend",
                     "fr": "Combinaisons gagnantes à défendre"},
    "abandon_title": {"en": "What abandoning a target would cost",
                      "fr": "Ce que coûterait l'abandon d'une cible"},
    "product": {"en": "Product", "fr": "Produit"},
    "share": {"en": "Share of total", "fr": "Part du total"},
    "margin_share": {"en": "Share of margin", "fr": "Part de la marge"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "actions": {"en": "Actions for the plan", "fr": "Actions pour le plan"},
}


def write(book: Book) -> None:
    key = "plan"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    for j, width in enumerate((44, 16, 16, 16, 16, 60)):
        sheet.set_column(j, j, width)
    row = _figures(book, 3)
    row = _develop(book, row + 2)
    row = _abandon(book, row + 2)
    book.text(key, row + 2, 0, book.say(LABELS, "actions"), "section")
    button = layout.caption("refresh_all", book.lang)
    book.python_block("xls_plan_actions", row + 4, 0, button)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, row + 4 + 12, 5)


def _figures(book: Book, row: int) -> int:
    key, results, lang = "plan", book.results, book.lang
    book.text(key, row, 0, book.say(LABELS, "figures"), "section")
    bridge, summary, figures = results.bridge, results.abc_summary, results.concentration
    develop_word = quote(MATRIX_LABELS["develop"][lang])
    win_word = quote(MATRIX_LABELS["win"][lang])
    weakest, key_figures = results.funnel_weakest, results.figures
    lever = key_figures.team_lever
    items: tuple[tuple[str, str, Any, str | None], ...] = (
        ("clients_prev", "fig_clients_prev", None if bridge is None else bridge.clients_prev,
         "whole"),
        ("clients_curr", "fig_clients_curr", None if bridge is None else bridge.clients_curr,
         "whole"),
        ("churn", "fig_churn_rate", None if bridge is None else bridge.churn_rate, "share"),
        ("needed", "fig_new_clients_needed", results.new_clients_needed, "whole"),
        ("churn_used", "fig_churn_used", results.churn_choice.rate_or(
            None if bridge is None else bridge.churn_rate), "share"),
        ("churn_source", "fig_churn_source", results.churn_choice.label(lang), None),
        ("revenue_evolution", "fig_revenue_evolution",
         None if bridge is None else bridge.revenue_evolution, "share"),
        ("a_clients", "INDEX(fig_abc_summary,1,1)",
         None if summary is None else summary.loc["A", "clients"], "whole"),
        ("a_revenue", "INDEX(fig_abc_summary,1,4)",
         None if summary is None else summary.loc["A", "revenue_share"], "share"),
        ("top_client", "fig_abc_top_client_share",
         None if figures is None else figures.top_client_share, "share"),
        ("untapped", "INDEX(fig_potential_summary,3,1)",
         None if results.untapped is None else results.untapped.sum(), "money"),
        ("to_develop_clients", f"INDEX(fig_approach_counts,{APPROACHES.index('develop') + 1},1)",
         key_figures.clients_to_develop, "whole"),
        ("wins", f"COUNTIF(fig_matrix_signals,{win_word})", key_figures.signal_counts["win"],
         "whole"),
        ("develops", f"COUNTIF(fig_matrix_signals,{develop_word})",
         key_figures.signal_counts["develop"], "whole"),
        ("weakest", 'IF(fig_funnel_weakest_from="","",fig_funnel_weakest_from&" → "'
                    '&fig_funnel_weakest_to)',
         None if weakest is None else weakest.passage(lang), None),
        ("suspects", "fig_funnel_suspects_needed",
         None if results.funnel_needed is None else results.funnel_needed.iloc[0], "whole"),
        ("overdue", "fig_prospects_overdue", key_figures.overdue, "whole"),
        ("priority_1", "fig_prospects_priority_1", key_figures.priority_1, "whole"),
        ("team_index", "fig_team_average", key_figures.team_average, "decimal"),
        ("team_lever", "fig_team_lever",
         None if lever is None else ACTIVITY_LABELS[lever][lang], None),
    )
    for i, (name, formula, value, trait) in enumerate(items):
        needs = NEEDS.get(name)
        if needs is not None and needs != "funnel":
            formula = given.when_given(needs, formula)
            value = None if needs in results.not_given else value
        book.figure(key, row + 1 + i, 0, f"plan_{name}", book.say(LABELS, name), formula,
                    value, trait)
        if needs is not None:
            words = plan_given.LABELS["funnel_example" if needs == "funnel" else "not_given"]
            text = quote(words[lang])
            book.formula(key, row + 1 + i, 3, f'IF({given.flag(needs)}<>"",{text},"")',
                         words[lang] if needs in results.not_given else "", "note")
    row += len(items) + 1
    book.text(key, row, 0, book.say(LABELS, "diagnosis"), "bold")
    book.sheets[key].merge_range(row, 1, row + 2, 5, "", book.fmt("wrap"))
    book.formula(key, row, 1, "fig_abc_diagnosis",
                 None if figures is None else figures.diagnosis(lang), "wrap")
    book.name("fig_plan_diagnosis", key, row, 1)
    return row + 2


def _develop(book: Book, row: int) -> int:
    """Per segment of the matrix: the products whose cell says "to develop", and those
    whose cell wins, joined with commas (no TEXTJOIN: Excel 2016 lacks it)."""
    key, results, lang = "plan", book.results, book.lang
    sheet = book.sheets[key]
    book.text(key, row, 0, book.say(LABELS, "develop_title"), "section")
    book.text(key, row + 1, 0, book.say(LABELS, "segment"), "header")
    sheet.merge_range(row + 1, 1, row + 1, 4, book.say(LABELS, "develop_products"),
                      book.fmt("header"))
    book.text(key, row + 1, 5, book.say(LABELS, "win_products"), "header")
    signals = None if results.signals is None else results.signals.signals
    shown = matrix_shown(results)
    segments = [] if signals is None else shown.segments
    products = [] if signals is None else shown.products
    for i in range(SEGMENTS):
        r = row + 2 + i
        segment = f"INDEX(xls_matrix_segments,{i + 1},1)"
        book.formula(key, r, 0, f'IF({segment}="","",{segment})',
                     segments[i] if i < len(segments) else None, "bold")
        for col, signal in ((1, "develop"), (5, "win")):
            word = quote(MATRIX_LABELS[signal][lang])
            pieces = "&".join(
                f'IF(INDEX(fig_matrix_signals,{i + 1},{j + 1})={word},", "'
                f"&INDEX(xls_matrix_products,1,{j + 1}),\"\")" for j in range(PRODUCTS))
            value = None
            if i < len(segments):
                chosen = [str(p) for p in products
                          if _cached(signals, segments[i], p) == signal]
                value = ", ".join(chosen) or None
            if col == 1:
                sheet.merge_range(r, 1, r, 4, "")
            book.formula(key, r, col, f"MID({pieces},3,2000)", value, "computed")
    book.name("fig_plan_develop", key, row + 2, 1, SEGMENTS, 1)
    book.name("fig_plan_defend", key, row + 2, 5, SEGMENTS, 1)
    return row + 1 + SEGMENTS


def _abandon(book: Book, row: int) -> int:
    """Segments, then products: their share of the total and of the margin, and their
    clients, as the Matrix sheet computes them."""
    key, risk = "plan", book.results.abandon
    shown = matrix_shown(book.results)
    book.text(key, row, 0, book.say(LABELS, "abandon_title"), "section")
    row += 1
    for by, count, name in (("segment", SEGMENTS, "fig_abandon_segments"),
                            ("product", PRODUCTS, "fig_abandon_products")):
        for j, header in enumerate((by, "share", "margin_share", "clients")):
            book.text(key, row, j, book.say(LABELS, header), "header")
        table = None if risk is None else (risk.segments if by == "segment" else risk.products)
        labels = [] if table is None else (shown.segments if by == "segment"
                                            else shown.products)
        for i in range(count):
            r = row + 1 + i
            label = labels[i] if i < len(labels) else None
            values = (label, None, None, None) if table is None or label is None else (
                label, *(_cached(table[c], label) for c in ("revenue_share", "margin_share",
                                                             "clients")))
            for j, (column, trait) in enumerate(((1, "bold"), (3, "share"), (5, "share"),
                                                  (6, "whole"))):
                cell = f"INDEX({name},{i + 1},{column})"
                book.formula(key, r, j, f'IF({cell}="","",{cell})', values[j],
                             None if j == 0 else "computed", trait)
        row += count + 2
    return row - 2

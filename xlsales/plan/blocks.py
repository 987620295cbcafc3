"""What xlsales' Python writes into each output area of the workbook, as rows of cells.

The template generator fills these areas when it writes a workbook, and the buttons (and
``xlsales run``) refresh them later: both call the functions here, so a refreshed
workbook looks exactly like a freshly generated one. Each function takes the plan's
results and the workbook language and returns a list of rows that fits its area in
``layout.AREAS`` (a list longer than its area ends with an "... and N more" row).

Cells are plain values: text, numbers, datetimes or None (an empty cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, say
from xlsales.common.text import is_shown, labelled, moment, money, number, percent
from xlsales.common.values import fold_key, is_blank, to_key, to_keys
from xlsales.method import activity, potential
from xlsales.method import cost_to_serve as serve
from xlsales.method import deals as deals_method
from xlsales.method import team as team_method
from xlsales.method.concentration import LABELS as CONCENTRATION_LABELS
from xlsales.plan import cohort_blocks, given
from xlsales.plan.analysis import PlanResults, matrix_sales, uses_margin
from xlsales.plan.layout import AREA_BY_NAME
from xlsales.plan.risk_blocks import LABELS as RISK_LABELS
from xlsales.plan.risk_blocks import risk_action, risk_list, risk_note

__all__ = ["BLOCKS", "LABELS", "MatrixShown", "block_rows", "fit", "matrix_headers",
           "matrix_shown"]

Rows = list[list[Any]]

LABELS: dict[str, dict[str, str]] = {
    "more": {"en": "... and {n} more", "fr": "... et {n} de plus"},
    "other": {"en": "Other", "fr": "Autres"},
    "other_segments": {"en": "{n} smallest segments ({amount} of {measure})",
                       "fr": "{n} plus petits segments ({amount} de {measure})"},
    "other_products": {"en": "{n} smallest products ({amount} of {measure})",
                       "fr": "{n} plus petits produits ({amount} de {measure})"},
    "and": {"en": " and the ", "fr": " et les "},
    "revenue_word": {"en": "revenue", "fr": "CA"},
    "margin_word": {"en": "margin", "fr": "marge"},
    "other_note": {"en": "Other: the {what}, grouped so the matrix stays readable;"
                         " the totals include them.",
                   "fr": "Autres : les {what}, regroupés pour que la matrice reste"
                         " lisible ; les totaux les comprennent."},
    "refreshed": {"en": "Refreshed by xlsales on {when}", "fr": "Actualisé par xlsales le {when}"},
    "ab_threshold": {"en": "A from revenue of", "fr": "A dès un CA de"},
    "bc_threshold": {"en": "B from revenue of", "fr": "B dès un CA de"},
    "limit": {"en": "Limit", "fr": "Limite"},
    "clients_share": {"en": "Cumulative % of clients", "fr": "% cumulé des clients"},
    "revenue_share": {"en": "Cumulative % of revenue", "fr": "% cumulé du CA"},
    "pareto_point": {"en": "Pareto point", "fr": "Point de Pareto"},
    "break_even_point": {"en": "Break-even point", "fr": "Point d'équilibre"},
    "submarginal_point": {"en": "Submarginal point", "fr": "Point sous-marginal"},
    "client": {"en": "Client", "fr": "Client"},
    "name": {"en": "Name", "fr": "Nom"},
    "revenue_prev": {"en": "Revenue N-1", "fr": "CA N-1"},
    "revenue_curr": {"en": "Revenue N", "fr": "CA N"},
    "prospect": {"en": "Prospect", "fr": "Prospect"},
    "company": {"en": "Company", "fr": "Société"},
    "priority": {"en": "Priority", "fr": "Priorité"},
    "next_contact": {"en": "Next contact", "fr": "Prochain contact"},
    "days_late": {"en": "Days late", "fr": "Jours de retard"},
    "salesperson": {"en": "Salesperson", "fr": "Commercial"},
    "lever": {"en": "Lever to pull first", "fr": "Levier prioritaire"},
    "advice": {"en": "Effect of +1 point", "fr": "Effet de +1 point"},
    "advice_text": {"en": "index {index} → {new} ({gain})",
                    "fr": "indice {index} → {new} ({gain})"},
    "at_max": {"en": "all factors at the top of the scale", "fr": "tous les facteurs au maximum"},
    "topic": {"en": "Topic", "fr": "Thème"},
    "action": {"en": "Action", "fr": "Action"},
    "topic_portfolio": {"en": "Portfolio", "fr": "Portefeuille"},
    "topic_abc": {"en": "ABC diagnosis", "fr": "Diagnostic ABC"},
    "topic_develop": {"en": "To develop", "fr": "À développer"},
    "topic_defend": {"en": "To defend", "fr": "À défendre"},
    "topic_prospecting": {"en": "Prospecting", "fr": "Prospection"},
    "topic_reminders": {"en": "Reminders", "fr": "Relances"},
    "topic_team": {"en": "Team", "fr": "Équipe"},
    "topic_not_given": {"en": "Not given", "fr": "Non fourni"},
    "plan_portfolio": {
        "en": "Churn {churn}: win {needed} new clients a year to hold the portfolio"
              " ({growth} growth aimed at).",
        "fr": "Attrition {churn} : gagner {needed} nouveaux clients par an pour tenir le"
              " portefeuille ({growth} de croissance visée).",
    },
    "plan_portfolio_measured": {
        "en": "Churn {churn} ({source}): win {needed} new clients a year to hold the"
              " portfolio ({growth} growth aimed at).",
        "fr": "Attrition {churn} ({source}) : gagner {needed} nouveaux clients par an pour"
              " tenir le portefeuille ({growth} de croissance visée).",
    },
    "plan_no_churn": {"en": "No client in N-1, so no churn rate to plan from yet.",
                      "fr": "Aucun client en N-1 : pas encore de taux d'attrition pour "
                            "planifier."},
    "plan_no_prev": {"en": "Compare again once a year of sales has passed: {why}.",
                     "fr": "Comparez de nouveau après une année de ventes : {why}."},
    "plan_churn_only": {"en": "Churn {churn}: {why}.", "fr": "Attrition {churn} : {why}."},
    "plan_develop": {"en": "Sell {product} to segment {segment} (sells {actual} where"
                           " {expected} is expected).",
                     "fr": "Vendre {product} au segment {segment} (vend {actual} pour"
                           " {expected} attendus)."},
    "plan_defend": {"en": "Defend {segment} × {product}: {share} of the total.",
                    "fr": "Défendre {segment} × {product} : {share} du total."},
    "plan_prospecting": {
        "en": "Weakest step: {step} ({conversion}); {suspects} suspects needed for"
              " {target} new clients.",
        "fr": "Étape la plus faible : {step} ({conversion}) ; {suspects} suspects nécessaires"
              " pour {target} nouveaux clients.",
    },
    "plan_reminders": {"en": "{n} prospects overdue for a contact.",
                       "fr": "{n} prospects à relancer en retard."},
    "topic_cost": {"en": "Cost to serve", "fr": "Coût de service"},
    "plan_cost_classes": {
        "en": "Class C takes {time} of the team's time for {margin} of the margin: value "
              "created / resources invested {ratio_c} against {ratio_a} for A.",
        "fr": "La classe C prend {time} du temps de l'équipe pour {margin} de la marge : "
              "valeur créée / ressources investies {ratio_c} contre {ratio_a} pour A.",
    },
    "plan_cost_loss": {
        "en": "{n} clients served at a loss (margin below cost to serve), the largest "
              "{client} ({loss}): change how they are served.",
        "fr": "{n} clients servis à perte (marge inférieure au coût de service), le plus "
              "lourd {client} ({loss}) : revoir la façon de les servir.",
    },
    "plan_cost_idle": {
        "en": "{n} A clients with no activity in the period ({clients}): plan visits.",
        "fr": "{n} clients A sans activité sur la période ({clients}) : planifier des "
              "visites.",
    },
    "plan_cost_freed": {
        "en": "Serving C clients collectively and remotely would free {hours} h for A and B.",
        "fr": "Servir les clients C collectivement et à distance libérerait {hours} h pour "
              "A et B.",
    },
    "plan_cost_unknown": {
        "en": "{n} clients of the activities are not in the ledger ({hours} h, prospects?).",
        "fr": "{n} clients des activités ne sont pas dans le grand livre ({hours} h, "
              "prospects ?).",
    },
    "finding": {"en": "Finding", "fr": "Constat"},
    "cost_loss": {"en": "Served at a loss", "fr": "Servi à perte"},
    "cost_idle": {"en": "A client with no activity", "fr": "Client A sans activité"},
    "cost_unknown": {"en": "Not in the ledger", "fr": "Absent du grand livre"},
    "cost_none": {"en": "No activities: give an activities export or fill the planned "
                        "visits and calls per class.",
                  "fr": "Aucune activité : fournissez un export d'activités ou renseignez "
                        "les visites et appels prévus par classe."},
    "plan_team": {"en": "Team activity index {index} on average; most often the lever"
                        " is {lever}.",
                  "fr": "Indice d'activité moyen de l'équipe {index} ; le levier le plus"
                        " fréquent est {lever}."},
}


def fit(rows: Rows, area_name: str, lang: str = "en") -> Rows:
    """Cut ``rows`` to its area: at most its rows (the last one saying how many more were
    left out) and its columns, each row padded with empty cells to the area's width."""
    area = AREA_BY_NAME[area_name]
    if len(rows) > area.rows:
        left_out = len(rows) - area.rows + 1
        rows = [*rows[: area.rows - 1],
                [say(LABELS, "more", lang).format(n=left_out)]]
    return [[*row[: area.cols], *([None] * (area.cols - len(row[: area.cols])))]
            for row in rows]


def status(results: PlanResults, lang: str, when: dt.datetime | None = None) -> Rows:
    """The refresh stamp, or the first problem met, on the Guide sheet."""
    when = when or dt.datetime.now().replace(microsecond=0)
    first = next(iter(results.problems.values()), None)
    stamp = say(LABELS, "refreshed", lang).format(when=moment(when, lang))
    return [[stamp, first.message(lang) if first else None]]


def abc_computed(results: PlanResults, lang: str) -> Rows:
    """The computed ABC limits: rows 1–2 are the A and B revenue thresholds the class
    formulas read (column 2) when the method is "computed"."""
    limits = results.abc_computed
    if limits is None:
        return [[say(LABELS, "ab_threshold", lang), None, None],
                [say(LABELS, "bc_threshold", lang), None, None]]
    return [
        [say(LABELS, "ab_threshold", lang), limits.ab_threshold, None],
        [say(LABELS, "bc_threshold", lang), limits.bc_threshold, None],
        [say(LABELS, "limit", lang), say(LABELS, "clients_share", lang),
         say(LABELS, "revenue_share", lang)],
        [say(LABELS, "pareto_point", lang), *limits.pareto_point],
        [say(LABELS, "break_even_point", lang), *limits.break_even_point],
        [say(LABELS, "submarginal_point", lang), *limits.submarginal_point],
    ]


def gini(results: PlanResults, lang: str) -> Rows:
    """The Gini coefficient of revenue N. It ranks every client against every other, which
    native formulas can only do in time growing with the square of the clients (20 s more
    for 10,000 clients in LibreOffice), so Python writes it."""
    figures = results.concentration
    return [[say(CONCENTRATION_LABELS, "gini", lang), None if figures is None else figures.gini]]


def _client_list(results: PlanResults, lang: str, ids: tuple[str, ...], column: str) -> Rows:
    clients = results.data.clients
    header = [say(LABELS, "client", lang), say(LABELS, "name", lang), say(LABELS, column, lang)]
    if not ids:
        return [header]
    keys = pd.Series(to_keys(clients["client"]), dtype=object)
    chosen = np.flatnonzero(keys.isin(set(ids)).to_numpy())
    amounts = pd.Series(pd.to_numeric(clients[column].iloc[chosen], errors="coerce")
                        .to_numpy(dtype=float))
    ranked = amounts.sort_values(ascending=False, kind="stable")  # blanks last
    order = chosen[ranked.index]
    return [header, *([key, name, amount] for key, name, amount in zip(
        keys.iloc[order].tolist(), clients["name"].iloc[order].tolist(), ranked.tolist(),
        strict=True))]


def lost_list(results: PlanResults, lang: str) -> Rows:
    """Lost clients with their N-1 revenue, largest first: whom to win back."""
    ids = results.bridge.lost_ids if results.bridge else ()
    return _client_list(results, lang, ids, "revenue_prev")


def new_list(results: PlanResults, lang: str) -> Rows:
    """New clients with their N revenue, largest first: whom to consolidate."""
    ids = results.bridge.new_ids if results.bridge else ()
    return _client_list(results, lang, ids, "revenue_curr")


NAMES_PER_CELL = 4  # names shown in a cell of the prospect grid, one a line


def matrix_cells(results: PlanResults, lang: str) -> Rows:
    """The names of the prospects in each cell of the 3 × 3 potential × accessibility grid,
    one a line: the first ``NAMES_PER_CELL``, then how many more (a cell of 31 names,
    joined by commas, was cut at the cell's edge)."""
    grid = results.prospect_matrix
    if grid is None:
        return [[None] * 3 for _ in range(3)]

    def cell(names: list[Any]) -> str | None:
        shown = [str(n) for n in names[:NAMES_PER_CELL]]
        if len(names) > NAMES_PER_CELL:
            shown.append(say(LABELS, "more", lang).format(n=len(names) - NAMES_PER_CELL))
        return "\n".join(shown) or None

    return [[cell(list(grid.names.at[p, a])) for a in (1, 2, 3)] for p in (1, 2, 3)]


def overdue_list(results: PlanResults, lang: str) -> Rows:
    """Overdue reminders, most urgent first (priority, then the oldest due date)."""
    header = [say(LABELS, key, lang)
              for key in ("prospect", "company", "priority", "next_contact", "days_late")]
    if results.overdue is None:
        return [header]
    prospects = results.data.prospects
    today = _today(results)
    late = [i for i in prospects.index if results.overdue.at[i] is True]
    late.sort(key=lambda i: (results.priority.at[i], results.next_contact.at[i]))
    rows = [header]
    for i in late:
        name = " ".join(str(v) for v in (prospects.at[i, "first_name"], prospects.at[i, "name"])
                        if v is not None and not (isinstance(v, float) and np.isnan(v)))
        due = results.next_contact.at[i]
        rows.append([name, prospects.at[i, "company"], results.priority.at[i], due,
                     (today - due).days])
    return rows


def _today(results: PlanResults) -> dt.datetime:
    day = results.data.settings.today or dt.date.today()
    return dt.datetime(day.year, day.month, day.day)


def team_advice(results: PlanResults, lang: str) -> Rows:
    """Per salesperson: the factor to raise first and what +1 point on it does."""
    header = [say(LABELS, key, lang) for key in ("salesperson", "lever", "advice")]
    lever = results.lever
    if lever is None:
        return [header]
    team = results.data.team
    rows = [header]
    for n, i in enumerate(team.index):
        factor = np.asarray(lever.factor, dtype=object)[n]
        if not isinstance(factor, str):
            rows.append([team.at[i, "salesperson"], None, say(LABELS, "at_max", lang)])
            continue
        index, new = float(np.asarray(lever.index)[n]), float(np.asarray(lever.new_index)[n])
        gain = float(np.asarray(lever.gain)[n])
        rows.append([team.at[i, "salesperson"], say(activity.LABELS, factor, lang),
                     say(LABELS, "advice_text", lang).format(
                         index=number(index, lang), new=number(new, lang),
                         gain=percent(gain, lang, plus=True))])
    return rows


def plan_actions(results: PlanResults, lang: str) -> Rows:
    """The action plan in sentences, one topic a row: what the analyses say to do."""
    rows = [[say(LABELS, "topic", lang), say(LABELS, "action", lang)]]

    def add(topic: str, text: str) -> None:
        rows.append([say(LABELS, topic, lang), text])

    bridge, settings = results.bridge, results.data.settings
    why = results.problems.get("new_clients_needed")
    gap = results.problems.get("period")
    if gap is not None:
        add("topic_portfolio", say(LABELS, "plan_no_prev", lang).format(why=gap.detail(lang)))
    elif bridge is not None and not is_shown(bridge.churn_rate):
        add("topic_portfolio", say(LABELS, "plan_no_churn", lang))
    elif bridge is not None and results.new_clients_needed is not None:
        choice = results.churn_choice  # the measured churn, when the projection runs on it
        measured = choice.source == "measured"
        add("topic_portfolio", say(LABELS, "plan_portfolio_measured" if measured
                                   else "plan_portfolio", lang).format(
            churn=percent(choice.rate_or(bridge.churn_rate), lang),
            source=choice.label(lang),
            needed=number(results.new_clients_needed, lang),
            growth=percent(settings.growth, lang)))
    elif bridge is not None and why is not None:
        add("topic_portfolio", say(LABELS, "plan_churn_only", lang).format(
            churn=percent(bridge.churn_rate, lang), why=why.detail(lang)))
    rows += [[say(RISK_LABELS, "topic_risk", lang), text]  # who to call before they go
             for text in risk_action(results, lang)]
    if results.concentration is not None:
        add("topic_abc", results.concentration.diagnosis(lang))
    if results.signals is not None:
        cells = results.signals.signals
        develop = [(s, p) for s in cells.index for p in cells.columns
                   if cells.at[s, p] == "develop"]
        develop.sort(key=lambda sp: -results.signals.expected.at[sp])
        for segment, product in develop:
            actual = results.signals.matrix.amounts.at[segment, product]
            add("topic_develop", say(LABELS, "plan_develop", lang).format(
                product=product, segment=segment,
                actual=number(0 if pd.isna(actual) else actual, lang),
                expected=number(results.signals.expected.at[segment, product], lang)))
        wins = [(s, p) for s in cells.index for p in cells.columns if cells.at[s, p] == "win"]
        wins.sort(key=lambda sp: -results.signals.shares.at[sp])
        for segment, product in wins:
            add("topic_defend", say(LABELS, "plan_defend", lang).format(
                segment=segment, product=product,
                share=percent(results.signals.shares.at[segment, product], lang)))
    missing = results.not_given
    if "funnel" in missing:  # the method's example is no finding of the user's
        add("topic_prospecting", given.sentence("funnel", lang, short=True))
    elif results.funnel_weakest is not None and results.funnel_needed is not None:
        weakest = results.funnel_weakest
        add("topic_prospecting", say(LABELS, "plan_prospecting", lang).format(
            step=weakest.label(lang), conversion=percent(weakest.conversion, lang),
            suspects=number(results.funnel_needed.iloc[0], lang),
            target=number(settings.funnel_target, lang)))
    figures = results.figures
    if figures.overdue is not None:
        add("topic_reminders", say(LABELS, "plan_reminders", lang).format(
            n=number(figures.overdue, lang)))
    if figures.team_average is not None and figures.team_lever is not None:
        add("topic_team", say(LABELS, "plan_team", lang).format(
            index=number(figures.team_average, lang),
            lever=say(activity.LABELS, figures.team_lever, lang).lower()))
    rows += [[say(LABELS, "topic_cost", lang), text] for text in cost_actions(results, lang)]
    rows += [[say(LABELS, "topic_not_given", lang), given.sentence(key, lang, short=True)]
             for key in given.INPUTS if key in missing and key != "funnel"]
    return rows


def cost_actions(results: PlanResults, lang: str) -> list[str]:
    """The cost to serve's sentences for the plan: time against margin by class, clients
    served at a loss, A clients left without activity, hours freed, unknown clients."""
    found = results.cost
    if found is None or found.source == "none":
        return []
    out = []
    by_class = found.by_class
    if by_class.loc["Total", "hours"] > 0:
        out.append(say(LABELS, "plan_cost_classes", lang).format(
            time=percent(by_class.loc["C", "time_share"], lang),
            margin=percent(by_class.loc["C", "margin_share"], lang),
            ratio_c=number(by_class.loc["C", "ratio"], lang, 1),
            ratio_a=number(by_class.loc["A", "ratio"], lang, 1)))
    lost = found.at_loss
    if len(lost):
        out.append(say(LABELS, "plan_cost_loss", lang).format(
            n=len(lost), client=lost.index[0], loss=number(lost["loss"].iloc[0], lang)))
    if found.idle_a:
        shown = ", ".join(found.idle_a[:5]) + (" …" if len(found.idle_a) > 5 else "")
        out.append(say(LABELS, "plan_cost_idle", lang).format(n=len(found.idle_a),
                                                               clients=shown))
    if found.freed_hours > 0:
        out.append(say(LABELS, "plan_cost_freed", lang).format(
            hours=number(found.freed_hours, lang, 1)))
    if len(found.unknown):
        out.append(say(LABELS, "plan_cost_unknown", lang).format(
            n=len(found.unknown), hours=number(found.unknown["hours"].sum(), lang, 1)))
    return out


_GROUP_COLUMNS = ("clients", "margin", "hours", "cost", "ratio", "time_share", "margin_share")


def _cost_group(results: PlanResults, lang: str, group: str) -> Rows:
    found = results.cost
    if found is None or found.source == "none":
        return _cost_missing(results, lang)
    table = found.by_segment if group == "segment" else found.by_salesperson
    rows: Rows = [[say(serve.LABELS, group, lang),
                   *(say(serve.LABELS, c, lang) for c in _GROUP_COLUMNS)]]
    for key, row in table.iterrows():
        label = say(serve.LABELS, key, lang) if key in ("none", "Total") else key
        rows.append([label, *(None if pd.isna(row[c]) else float(row[c])
                              for c in _GROUP_COLUMNS)])
    return rows


def _cost_missing(results: PlanResults, lang: str) -> Rows:
    error = results.problems.get("cost")
    return [[error.message(lang) if error is not None else say(LABELS, "cost_none", lang)]]


def cost_segments(results: PlanResults, lang: str) -> Rows:
    """Cost to serve per segment: clients, margin, hours, cost, ratio, shares."""
    return _cost_group(results, lang, "segment")


def cost_people(results: PlanResults, lang: str) -> Rows:
    """Cost to serve per salesperson (each client's main owner)."""
    return _cost_group(results, lang, "salesperson")


def cost_findings(results: PlanResults, lang: str) -> Rows:
    """The clients the cost to serve points at: served at a loss (largest loss first), A
    clients with no activity, clients of the activities not in the ledger."""
    found = results.cost
    if found is None or found.source == "none":
        return _cost_missing(results, lang)
    rows: Rows = [[say(LABELS, "finding", lang), say(serve.LABELS, "client", lang),
                   say(serve.LABELS, "margin", lang), say(serve.LABELS, "cost", lang)]]
    for client, row in found.at_loss.iterrows():
        rows.append([say(LABELS, "cost_loss", lang), client, float(row["margin"]),
                     float(row["cost"])])
    for client in found.idle_a:
        rows.append([say(LABELS, "cost_idle", lang), client,
                     float(found.by_client.loc[client, "margin"]), 0.0])
    for client, row in found.unknown.iterrows():
        rows.append([say(LABELS, "cost_unknown", lang), client, None, float(row["cost"])])
    return rows


def approach_label(key: str | None, lang: str) -> str | None:
    """The approach's short label and action, as the Potential sheet shows it."""
    if key is None:
        return None
    return labelled(say(potential.LABELS, key, lang), say(potential.LABELS, key + "_action", lang),
                    lang)


@dataclass(frozen=True)
class MatrixShown:
    """The segments and products the Matrix sheet shows one by one (the table's own
    spellings, in order of first appearance), and those grouped in its "Other" row and
    column: how many and what they weigh."""

    segments: list[Any]
    products: list[Any]
    other_segments: int = 0
    other_products: int = 0
    other_segments_amount: float = 0.0
    other_products_amount: float = 0.0


def matrix_shown(results: PlanResults) -> MatrixShown:
    """Every segment and product of the matrix's sales, the largest kept when there are
    more than the sheet's rows (columns) hold; the rest goes to "Other"."""
    try:
        sold = matrix_sales(results.data)
    except XlsalesError:
        return MatrixShown([], [])
    grid = results.matrix
    kept, others = [], []
    for column, area, totals in (
            ("segment", "xls_matrix_segments", None if grid is None else grid.segment_totals),
            ("product", "xls_matrix_products", None if grid is None else grid.product_totals)):
        spec = AREA_BY_NAME[area]
        room = max(spec.rows, spec.cols)
        names = matrix_headers(sold[column])
        weight = {} if totals is None else {
            fold_key(k): (0.0 if pd.isna(v) else float(v)) for k, v in totals.items()}
        amounts = [weight.get(fold_key(to_key(name)), 0.0) for name in names]
        if len(names) <= room:
            kept.append(names)
            others.append((0, 0.0))
            continue
        largest = sorted(range(len(names)), key=lambda i: -abs(amounts[i]))[:room]
        chosen = set(largest)
        kept.append([n for i, n in enumerate(names) if i in chosen])
        rest = [amounts[i] for i in range(len(names)) if i not in chosen]
        others.append((len(rest), float(sum(rest))))
    return MatrixShown(kept[0], kept[1], others[0][0], others[1][0], others[0][1],
                       others[1][1])


def matrix_segments(results: PlanResults, lang: str) -> Rows:
    return [[name] for name in matrix_shown(results).segments]


def matrix_products(results: PlanResults, lang: str) -> Rows:
    return [matrix_shown(results).products]


def matrix_other_segments(results: PlanResults, lang: str) -> Rows:
    """The "Other" row's label, blank when every segment has its own row."""
    return [[say(LABELS, "other", lang) if matrix_shown(results).other_segments else None]]


def matrix_other_products(results: PlanResults, lang: str) -> Rows:
    return [[say(LABELS, "other", lang) if matrix_shown(results).other_products else None]]


def matrix_note(results: PlanResults, lang: str) -> Rows:
    """What the "Other" row and column hold: how many segments and products, how much."""
    shown = matrix_shown(results)
    measure = say(LABELS, "margin_word" if uses_margin(results.data.settings)
                  else "revenue_word", lang)
    parts = [say(LABELS, f"other_{by}", lang).format(
        n=number(count, lang), amount=money(amount, lang), measure=measure)
        for by, count, amount in (("segments", shown.other_segments,
                                   shown.other_segments_amount),
                                  ("products", shown.other_products,
                                   shown.other_products_amount)) if count]
    if not parts:
        return [[None]]
    return [[say(LABELS, "other_note", lang).format(what=say(LABELS, "and", lang).join(parts))]]


def _problem(results: PlanResults, lang: str, *names: str) -> Rows:
    """The first of these analyses' problems, as one row, or no row."""
    for name in names:
        if name in results.problems:
            return [[results.problems[name].message(lang)]]
    return []


def deal_stages(results: PlanResults, lang: str) -> Rows:
    """The deals' open stages in pipeline order: the Funnel sheet's stage table counts
    tblDeals at each of them with native formulas."""
    found = results.deals
    if found is None:
        return [[]]
    return [[stage] for stage in found.stages.index] or [[]]


def deal_groups(results: PlanResults, lang: str) -> Rows:
    """Won, lost and win rate of the deals closed in year N, per owner then per lead
    source."""
    found = results.deals
    words = deals_method.LABELS
    if found is None:
        return _problem(results, lang, "deals") or [
            [say(words, key, lang) for key in ("owner", "won", "lost", "win_rate")]]
    rows: Rows = []
    for label, table in (("owner", found.by_owner), ("source", found.by_source)):
        if rows:
            rows.append([])
        rows.append([say(words, key, lang) for key in (label, "won", "lost", "win_rate")])
        rows += [[str(group), int(row["won"]), int(row["lost"]),
                  None if pd.isna(row["win_rate"]) else float(row["win_rate"])]
                 for group, row in table.iterrows()]
    return rows


def deal_stalled(results: PlanResults, lang: str) -> Rows:
    """The open deals older than twice the average cycle, oldest first (or why there are
    none to tell)."""
    found = results.deals
    words = deals_method.LABELS
    rows: Rows = [[say(words, key, lang) for key in ("name", "owner", "stage", "amount", "age")]]
    if found is None:
        return rows
    if "stalled" in found.reasons:
        return [*rows, [found.reason("stalled", lang)]]
    for deal in found.stalled.itertuples(index=False):
        rows.append([deal.name, deal.owner, deal.stage,
                     None if pd.isna(deal.amount) else float(deal.amount), int(deal.age)])
    return rows


def team_names(results: PlanResults, lang: str) -> Rows:
    """The salespeople of the portfolio per salesperson (the Activity sheet looks their
    activity index up by these names)."""
    table = results.team_portfolio
    if table is None:
        return _problem(results, lang, "team_portfolio") or [[]]
    return [[str(person)] for person in table.index] or [[]]


def team_figures(results: PlanResults, lang: str) -> Rows:
    """Per salesperson of ``team_names``: ``team.COLUMNS`` (clients N-1 and N, lost, new,
    revenue N-1 and N, churn, A clients, win rate), blank where no file says it."""
    table = results.team_portfolio
    if table is None:
        return [[]]
    rows = [[None if pd.isna(row[key]) else float(row[key]) for key in team_method.COLUMNS]
            for _, row in table.iterrows()]
    shown = AREA_BY_NAME["xls_team_figures"].rows
    # beside the names' "... and N more" row, no one's figures
    return (rows if len(rows) <= shown else rows[: shown - 1]) or [[]]


BLOCKS: dict[str, Callable[[PlanResults, str], Rows]] = {
    "xls_matrix_segments": matrix_segments,
    "xls_matrix_products": matrix_products,
    "xls_matrix_other_segments": matrix_other_segments,
    "xls_matrix_other_products": matrix_other_products,
    "xls_matrix_note": matrix_note,
    "xls_status": status,
    "xls_abc_computed": abc_computed,
    "xls_gini": gini,
    "xls_lost_list": lost_list,
    "xls_new_list": new_list,
    "xls_matrix_cells": matrix_cells,
    "xls_overdue_list": overdue_list,
    "xls_team_advice": team_advice,
    "xls_plan_actions": plan_actions,
    "xls_cost_segments": cost_segments,
    "xls_cost_people": cost_people,
    "xls_cost_findings": cost_findings,
    "xls_churn_measured": cohort_blocks.churn_measured,
    "xls_cohort_churn": cohort_blocks.cohort_churn,
    "xls_cohort_per_year": cohort_blocks.cohort_per_year,
    "xls_cohort_notes": cohort_blocks.cohort_notes,
    "xls_cohort_retention": cohort_blocks.cohort_retention,
    "xls_cohort_revenue": cohort_blocks.cohort_revenue,
    "xls_deal_stages": deal_stages,
    "xls_deal_groups": deal_groups,
    "xls_deal_stalled": deal_stalled,
    "xls_team_names": team_names,
    "xls_team_figures": team_figures,
    "xls_risk_note": risk_note,
    "xls_risk_list": risk_list,
}


def block_rows(area_name: str, results: PlanResults, lang: str = "en") -> Rows:
    """The rows of ``area_name``, fitted to its area."""
    lang = check_lang(lang)
    if area_name not in BLOCKS:
        raise XlsalesError("area", "choice", value=area_name, choices=", ".join(BLOCKS))
    return fit(BLOCKS[area_name](results, lang), area_name, lang)


def matrix_headers(values: pd.Series) -> list[Any]:
    """The distinct segments (or products) in order of first appearance, blanks left out.

    Distinct as the matrix's SUMIFS formulas tell them apart, so that each client is
    counted once: texts differing only in case are one (the first spelling met is kept),
    a number and the same number typed as text are one, but "Retail " with a trailing
    space is a value of its own, which the user then sees.
    """
    seen: dict[str, Any] = {}
    for value in values:
        if not is_blank(value):
            key = fold_key(value) if isinstance(value, str) else to_key(value)
            seen.setdefault(key, value)
    return list(seen.values())

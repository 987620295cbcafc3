"""The rows of the "Clients at risk" sheet's areas and the Plan's sentence on them.

Shown from ``PlanResults.client_risk`` (``plan.risk``), never recomputed: the generator
and the ``refresh_risk`` button both write these rows, and the terminal summary says the
same sentences.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xlsales.common.lang import say
from xlsales.common.text import day, money, number, percent
from xlsales.common.values import to_keys
from xlsales.plan.analysis import PlanResults
from xlsales.plan.layout import caption
from xlsales.plan.risk import LABELS as RISK_LABELS
from xlsales.plan.risk import ClientRisk

__all__ = ["LABELS", "LIST_COLUMNS", "risk_action", "risk_list", "risk_note", "risk_summary"]

Rows = list[list[Any]]

# The columns of the list, in order (keys of ``LABELS``)
LIST_COLUMNS = ("client", "name", "abc_class", "revenue_12m", "p_alive", "revenue_at_risk",
                "expected_12m", "usual_gap", "last_purchase", "late", "salesperson",
                "approach")

LABELS = {
    "client": {"en": "Client", "fr": "Client"},
    "name": {"en": "Name", "fr": "Nom"},
    "abc_class": {"en": "Class", "fr": "Classe"},
    "revenue_12m": {"en": "Revenue last 12 months", "fr": "CA des 12 derniers mois"},
    "p_alive": {"en": "Probability of still buying", "fr": "Probabilité d'achat futur"},
    "revenue_at_risk": {"en": "Revenue at risk", "fr": "CA à risque"},
    "expected_12m": {"en": "Expected purchase days next 12 months",
                     "fr": "Jours d'achat attendus sur 12 mois"},
    "usual_gap": {"en": "Usual gap (days)", "fr": "Écart habituel (jours)"},
    "last_purchase": {"en": "Last purchase", "fr": "Dernier achat"},
    "late": {"en": "Late", "fr": "En retard"},
    "salesperson": {"en": "Salesperson", "fr": "Commercial"},
    "approach": {"en": "Approach", "fr": "Approche"},
    "headline": {
        "en": "As of {day}: {n} A and B clients at risk, {revenue} at risk; chosen by the "
              "{rule}.",
        "fr": "Au {day} : {n} clients A et B à risque, {revenue} à risque ; choisis par la "
              "{rule}.",
    },
    "headline_rhythm": {
        "en": "As of {day}: {n} A and B clients late on their rhythm, {revenue} of revenue "
              "over the last 12 months; chosen by the {rule}.",
        "fr": "Au {day} : {n} clients A et B en retard sur leur rythme, {revenue} de CA sur "
              "les 12 derniers mois ; choisis par la {rule}.",
    },
    "fitted": {
        "en": "BG/NBD fitted on {clients} clients ({repeat} bought on more than one day): "
              "r {r}, alpha {alpha}, a {a}, b {b}; at risk below {below} of still buying.",
        "fr": "BG/NBD ajusté sur {clients} clients ({repeat} ont acheté sur plus d'un "
              "jour) : r {r}, alpha {alpha}, a {a}, b {b} ; à risque sous {below} d'achat "
              "futur.",
    },
    "not_fitted": {"en": "Probability of still buying not computed: {why}.",
                   "fr": "Probabilité d'achat futur non calculée : {why}."},
    "no_purchases": {
        "en": "No purchases: write the workbook from a ledger (xlsales report) or fill the "
              "Purchases sheet, then press \"{button}\".",
        "fr": "Aucun achat : créez le classeur depuis un grand livre (xlsales report) ou "
              "remplissez la feuille Achats, puis cliquez sur « {button} ».",
    },
    "topic_risk": {"en": "Clients at risk", "fr": "Clients à risque"},
    "more_in_sheet": {"en": "... and {n} more on the Clients at risk sheet.",
                      "fr": "... et {n} de plus sur la feuille Clients à risque."},
    "plan_risk": {
        "en": "{n} A and B clients at risk ({revenue} at risk): call them first, largest "
              "first (Clients at risk sheet).",
        "fr": "{n} clients A et B à risque ({revenue} à risque) : les appeler en premier, "
              "les plus gros d'abord (feuille Clients à risque).",
    },
}


def risk_note(results: PlanResults, lang: str) -> Rows:
    """How the list was made: the as-of day, the count and revenue at risk, the rule
    (the model's parameters, or why it could not be fitted), the lines left out."""
    found = results.client_risk
    if found is None:
        problem = results.problems.get("clients_at_risk")
        if problem is not None and problem.problem != "empty":
            return [[problem.message(lang)]]
        return [[say(LABELS, "no_purchases", lang).format(
            button=caption("refresh_risk", lang))]]
    rows = [[risk_summary(found, lang)]]
    if found.fit is not None:
        fit = found.fit
        rows.append([say(LABELS, "fitted", lang).format(
            clients=number(fit.clients, lang), repeat=number(fit.repeat_buyers, lang),
            r=number(fit.r, lang, 3), alpha=number(fit.alpha, lang, 3),
            a=number(fit.a, lang, 3), b=number(fit.b, lang, 3),
            below=percent(0.5, lang, 0))])
    elif found.model_problem is not None:
        rows.append([say(LABELS, "not_fitted", lang).format(
            why=found.model_problem.detail(lang))])
    if found.left_out:
        rows.append([say(RISK_LABELS, "left_out", lang).format(
            n=number(found.left_out, lang), day=day(found.as_of, lang))])
    return rows


def risk_summary(found: ClientRisk, lang: str) -> str:
    """One sentence: as of when, how many clients at risk, how much, by which rule."""
    key = "headline" if found.rule == "model" else "headline_rhythm"
    return say(LABELS, key, lang).format(
        day=day(found.as_of, lang), n=number(len(found.at_risk), lang),
        revenue=money(found.revenue_at_risk, lang), rule=say(RISK_LABELS, found.rule, lang))


def risk_list(results: PlanResults, lang: str) -> Rows:
    """The A and B clients at risk, largest revenue at risk first: a header row, then one
    row per client (``LIST_COLUMNS``)."""
    from xlsales.plan.blocks import approach_label  # blocks lists this module's areas

    rows = [[say(LABELS, key, lang) for key in LIST_COLUMNS]]
    found = results.client_risk
    if found is None:
        return rows
    clients = results.data.clients
    names = dict(zip(to_keys(clients["client"].to_numpy(dtype=object)),
                     clients["name"].to_numpy(dtype=object), strict=True))
    late = say(LABELS, "late", lang)
    for row in found.at_risk.itertuples(index=False):
        rows.append([
            row.client, names.get(row.client), row.abc_class, row.revenue_12m,
            _number(row.p_alive), _number(row.revenue_at_risk), _number(row.expected_12m),
            _number(row.usual_gap), row.last_purchase.to_pydatetime(),
            late if not pd.isna(row.late) and bool(row.late) else None, _text(row.salesperson),
            approach_label(row.approach, lang) if isinstance(row.approach, str) else None,
        ])
    return rows


def risk_action(results: PlanResults, lang: str) -> list[str]:
    """The Plan's sentence: how many A and B clients are at risk and how much."""
    found = results.client_risk
    if found is None or found.at_risk.empty:
        return []
    return [say(LABELS, "plan_risk", lang).format(
        n=number(len(found.at_risk), lang), revenue=money(found.revenue_at_risk, lang))]


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) \
        else str(value)

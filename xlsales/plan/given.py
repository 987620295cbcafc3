"""What the data does not give: the inputs a user left out, and how to add each.

A ledger alone gives the portfolio, the ABC classes and the matrix; the funnel, the
prospects, the team and the clients' potential and risk scores come from other files or
from the workbook's tables. When one is missing, a figure built on it would be a
placeholder dressed as a result ("0 prospects overdue", "untapped potential 0", the
method's example funnel read as the user's). So the plan decides here, once, what is not
given; the workbook's sheets, the terminal summary and the buttons all say it with the
same words, and the sheets' own formulas test the same conditions (an empty table, no
score typed, the example's counts) so that a refresh in Excel agrees with the core.

The method's example funnel (100 → 80 → 50 → 30 → 10 → 1) pre-fills the Funnel table so
that a new workbook shows how the sheet works; a funnel whose counts are exactly these is
always shown as the method's example, never as the user's.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xlsales.common.lang import say
from xlsales.plan.layout import POTENTIAL_CRITERIA, RISK_CRITERIA

__all__ = ["DECK_FUNNEL", "INPUTS", "LABELS", "SCORE_COLUMNS", "is_example_funnel",
           "not_given", "sentence"]

DECK_FUNNEL = (("suspects", 100), ("prospects", 80), ("cold", 50), ("warm", 30),
               ("hot", 10), ("clients", 1))

# the inputs that may be missing, in the order they are listed
INPUTS = ("funnel", "prospects", "team", "scores")
# the Clients columns whose being all blank means "no potential or risk score given"
SCORE_COLUMNS = (*POTENTIAL_CRITERIA, *RISK_CRITERIA, "potential_revenue")

LABELS = {
    "not_given": {"en": "not given", "fr": "non fourni"},
    "title": {"en": "Not given", "fr": "Non fourni"},
    "funnel": {
        "en": "Funnel not given: the counts shown are the method's example (100 suspects →"
              " 1 client), not yours. Type your counts in the Funnel table, or give the CRM's"
              " deals (--deals FILE).",
        "fr": "Entonnoir non fourni : les effectifs affichés sont l'exemple de la méthode"
              " (100 suspects → 1 client), pas les vôtres. Saisissez vos effectifs dans le"
              " tableau Entonnoir, ou fournissez les affaires du CRM (--deals FICHIER).",
    },
    "prospects": {
        "en": "Prospects not given: no reminder or priority is counted. Type them in the"
              " Qualification table, or give --prospects FILE.",
        "fr": "Prospects non fournis : aucune relance ni priorité n'est comptée. Saisissez-les"
              " dans le tableau Qualification, ou fournissez --prospects FICHIER.",
    },
    "team": {
        "en": "Sales team not given: no activity index. Score each salesperson in the"
              " Activity table, or give --team FILE.",
        "fr": "Équipe commerciale non fournie : pas d'indice d'activité. Notez chaque"
              " commercial dans le tableau Activité, ou fournissez --team FICHIER.",
    },
    "scores": {
        "en": "Potential and risk scores not given: no untapped potential, and each client's"
              " approach is decided from its ABC class alone. Score the criteria and the"
              " potential revenue in the Clients table, or give --clients FILE.",
        "fr": "Scores de potentiel et de risque non fournis : pas de potentiel inexploité, et"
              " l'approche de chaque client est décidée d'après sa seule classe ABC. Notez les"
              " critères et le CA potentiel dans le tableau Clients, ou fournissez --clients"
              " FICHIER.",
    },
    # the same, short enough for one line of the Plan's actions
    "plan_funnel": {
        "en": "Funnel not given (the method's example is shown): type your counts on Funnel,"
              " or use --deals FILE.",
        "fr": "Entonnoir non fourni (exemple de la méthode affiché) : saisissez vos effectifs"
              " dans Entonnoir, ou --deals FICHIER.",
    },
    "plan_prospects": {
        "en": "Prospects not given: type them on Qualification, or use --prospects FILE.",
        "fr": "Prospects non fournis : saisissez-les dans Qualification, ou --prospects"
              " FICHIER.",
    },
    "plan_team": {
        "en": "Sales team not given: score it on Activity, or use --team FILE.",
        "fr": "Équipe non fournie : notez-la dans Activité, ou --team FICHIER.",
    },
    "plan_scores": {
        "en": "Scores not given: approaches follow the ABC class alone; score the clients on"
              " Clients, or use --clients FILE.",
        "fr": "Scores non fournis : approches d'après la seule classe ABC ; notez les clients"
              " dans Clients, ou --clients FICHIER.",
    },
    "funnel_example": {
        "en": "the method's example, not your data",
        "fr": "exemple de la méthode, pas vos données",
    },
    "approach_abc": {
        "en": "from the ABC class alone (no score given)",
        "fr": "d'après la seule classe ABC (aucun score fourni)",
    },
}


def is_example_funnel(funnel: pd.DataFrame) -> bool:
    """True when the funnel's counts are exactly the method's example, stage by stage."""
    counts = pd.to_numeric(funnel["count"], errors="coerce").tolist()
    return len(counts) == len(DECK_FUNNEL) and all(
        pd.notna(c) and float(c) == n for c, (_, n) in zip(counts, DECK_FUNNEL, strict=True))


def _blank(frame: pd.DataFrame, columns: tuple[str, ...]) -> bool:
    """True when no row of ``frame`` holds a value in ``columns``."""
    if frame.empty:
        return True
    values = frame[list(columns)].astype(object)
    filled = values.map(lambda v: not (v is None or (isinstance(v, float) and v != v)
                                       or (isinstance(v, str) and not v.strip())))
    return not bool(filled.to_numpy().any())


def not_given(data: Any) -> tuple[str, ...]:
    """The keys of ``INPUTS`` that ``data`` (a ``PlanData``) does not give.

    The funnel when its counts are the method's example; the prospects and the team when
    their table has no name; the scores when no client has a potential or risk criterion
    or a potential revenue (the approach then rests on the ABC class alone).
    """
    missing = []
    if is_example_funnel(data.funnel):
        missing.append("funnel")
    if _blank(data.prospects, ("name",)):
        missing.append("prospects")
    if _blank(data.team, ("salesperson",)):
        missing.append("team")
    if not _blank(data.clients, ("client",)) and _blank(data.clients, SCORE_COLUMNS):
        missing.append("scores")
    return tuple(missing)


def sentence(key: str, lang: str, short: bool = False) -> str:
    """What is missing and how to add it, in ``lang``; ``short``: in one line of the
    Plan's actions."""
    return say(LABELS, f"plan_{key}" if short else key, lang)

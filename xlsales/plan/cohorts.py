"""The plan's cohorts: the ledger's retention triangle, and the churn the plan runs on.

The method says 10–15 % of clients disappear every year and that a company can lose half
of them in under four years. The bridge N-1 → N counts one year's churn; the cohorts
(``method.cohorts``) measure it over every year of the ledger. This module decides, once,
which of the two the churn projection and the new clients needed run on, and says it in
words, for the Portfolio, Cohorts and Plan sheets and the terminal alike.

Rules chosen here:
- The cohorts are those of the plan's purchases (the ledger's lines: client, date,
  amount), all of them, not only years N-1 and N.
- The data runs to the later of its last line and 31 December of year N: year N is the
  year the plan analyses as a full one (``ledger.latest_full_year``: data to December),
  so a last invoice dated 20 December leaves no year N "incomplete".
- The measured churn replaces this year's count when the cohorts are yearly (the data
  spans three years or more) and the churn pools at least ``MIN_STEPS`` steps from one
  year to the next: one step is this year's count again, on other clients. Quarterly
  cohorts never replace it: a client buying less than once a quarter counts as lost in
  the quarters it skips, so their yearly churn overstates a slow buyer's. A measured
  churn of 100 % is not used either (the method's formulas refuse it); the count is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.lang import say
from xlsales.common.text import number, percent
from xlsales.method.cohorts import Cohorts, client_cohorts

__all__ = ["LABELS", "METHOD_CHURN", "METHOD_HALF_LIFE", "MIN_STEPS", "ChurnChoice",
           "churn_choice", "method_comparison", "plan_cohorts"]

MIN_STEPS = 2
METHOD_CHURN = (0.10, 0.15)  # METHOD.md §6: 10–15 % of clients lost every year
METHOD_HALF_LIFE = 4.0  # "half of them in under four years"

LABELS = {
    "measured": {"en": "measured on your cohorts {span}",
                 "fr": "d'après vos cohortes {span}"},
    "count": {"en": "this year's count (clients of N-1 not clients in N)",
              "fr": "le décompte de l'année (clients de N-1 qui ne le sont plus en N)"},
    "why_no_ledger": {"en": "no ledger lines to measure cohorts on",
                      "fr": "pas de lignes de ventes pour mesurer des cohortes"},
    "why_quarters": {"en": "the ledger spans under three years (quarterly cohorts)",
                     "fr": "les ventes couvrent moins de trois ans (cohortes trimestrielles)"},
    "why_steps": {"en": "{steps} year-to-year step measured, {needed} needed",
                  "fr": "{steps} passage d'une année à la suivante mesuré, {needed} "
                        "nécessaires"},
    "why_all_lost": {"en": "every client measured was lost from one year to the next",
                     "fr": "tous les clients mesurés ont été perdus d'une année à la "
                           "suivante"},
    "churn_below": {"en": "Measured churn {churn} a year ({span}): below the method's "
                          "10–15%.",
                    "fr": "Attrition mesurée {churn} par an ({span}) : sous les 10–15 % "
                          "de la méthode."},
    "churn_within": {"en": "Measured churn {churn} a year ({span}): within the method's "
                           "10–15%.",
                     "fr": "Attrition mesurée {churn} par an ({span}) : dans les 10–15 % "
                           "de la méthode."},
    "churn_above": {"en": "Measured churn {churn} a year ({span}): above the method's "
                          "10–15%.",
                    "fr": "Attrition mesurée {churn} par an ({span}) : au-dessus des "
                          "10–15 % de la méthode."},
    "half_under": {"en": "Without prospecting, half the clients are gone in {years} years: "
                         "the method's \"half in under four years\" holds here.",
                   "fr": "Sans prospection, la moitié des clients part en {years} ans : "
                         "le « la moitié en moins de quatre ans » de la méthode se vérifie "
                         "ici."},
    "half_over": {"en": "Without prospecting, half the clients are gone in {years} years: "
                        "slower than the method's \"half in under four years\".",
                  "fr": "Sans prospection, la moitié des clients part en {years} ans : "
                        "plus lentement que le « la moitié en moins de quatre ans » de la "
                        "méthode."},
    "half_never": {"en": "No client was lost from one period to the next: the portfolio "
                         "never halves at this rate.",
                   "fr": "Aucun client perdu d'une période à la suivante : à ce rythme, le "
                         "portefeuille ne diminue jamais de moitié."},
    "half_all": {"en": "Every client measured stopped buying from one period to the next: "
                       "too few purchases to read a half-life from.",
                 "fr": "Tous les clients mesurés ont cessé d'acheter d'une période à la "
                       "suivante : trop peu d'achats pour en lire une demi-vie."},
    "no_churn": {"en": "Too few complete periods to measure a churn ({last} is the only "
                       "one): the method's 10–15% a year stands until the ledger is "
                       "longer.",
                 "fr": "Trop peu de périodes complètes pour mesurer une attrition ({last} "
                       "est la seule) : les 10–15 % par an de la méthode valent jusqu'à "
                       "des ventes plus longues."},
    "quarterly": {"en": "Cohorts by quarter (the ledger spans under three years); the "
                        "yearly churn made of quarters overstates clients who buy less "
                        "than once a quarter.",
                  "fr": "Cohortes par trimestre (les ventes couvrent moins de trois ans) ; "
                        "l'attrition annuelle faite de trimestres surestime les clients "
                        "qui achètent moins d'une fois par trimestre."},
    "used": {"en": "The churn projection and the new clients needed run on this measured "
                   "churn.",
             "fr": "La projection de l'attrition et les nouveaux clients nécessaires "
                   "utilisent cette attrition mesurée."},
    "not_used": {"en": "The churn projection runs on this year's count: {why}.",
                 "fr": "La projection de l'attrition utilise le décompte de l'année : "
                       "{why}."},
}


@dataclass(frozen=True)
class ChurnChoice:
    """The churn the projection and the new clients needed run on.

    ``source`` is "measured" (the cohorts' yearly churn, ``rate``) or "count" (the
    bridge's, ``rate`` None here: the bridge holds it); ``span`` names the years measured
    ("2019–2024"); ``why`` (a ``LABELS`` key, with ``params``) says why the measured one is
    not used.
    """

    source: str
    rate: float | None = None
    span: str | None = None
    why: str | None = None
    params: tuple[tuple[str, Any], ...] = ()

    def label(self, lang: str = "en") -> str:
        """Which rate, in words: "measured on your cohorts 2019–2024" or "this year's count"."""
        if self.source == "measured":
            return say(LABELS, "measured", lang).format(span=self.span)
        return say(LABELS, "count", lang)

    def rate_or(self, count: float | None) -> float | None:
        """The churn the plan runs on: the measured one, else ``count`` (the bridge's)."""
        return self.rate if self.source == "measured" else count

    def reason(self, lang: str = "en") -> str | None:
        """Why the measured churn is not used, in words (None when it is)."""
        if self.why is None:
            return None
        return say(LABELS, self.why, lang).format(**dict(self.params))


def plan_cohorts(purchases: pd.DataFrame, year_curr: int | None) -> Cohorts:
    """The cohorts of ``purchases`` (client, date, amount), the data running to the later
    of its last line and 31 December of ``year_curr``."""
    dates = purchases["date"]
    end: Any = None
    parsed = pd.to_datetime(dates, errors="coerce")
    if year_curr is not None and parsed.notna().any():
        end = max(parsed.max().date(), dt.date(int(year_curr), 12, 31))
    return client_cohorts(purchases["client"], dates, purchases["amount"], grain="auto",
                          end=end)


def churn_choice(cohorts: Cohorts | None) -> ChurnChoice:
    """Which churn the plan runs on (the module's rules)."""
    if cohorts is None:
        return ChurnChoice("count", why="why_no_ledger")
    span = _span(cohorts)
    if cohorts.grain != "year":
        return ChurnChoice("count", span=span, why="why_quarters")
    if cohorts.churn_steps < MIN_STEPS:
        return ChurnChoice("count", span=span, why="why_steps",
                           params=(("steps", cohorts.churn_steps), ("needed", MIN_STEPS)))
    if not cohorts.churn < 1:
        return ChurnChoice("count", span=span, why="why_all_lost")
    return ChurnChoice("measured", rate=float(cohorts.churn), span=span)


def method_comparison(cohorts: Cohorts, choice: ChurnChoice, lang: str = "en") -> list[str]:
    """The measured churn and half-life set beside the method's, in sentences."""
    lines = []
    if cohorts.grain == "quarter":
        lines.append(say(LABELS, "quarterly", lang))
    if not np.isfinite(cohorts.churn):
        lines.append(say(LABELS, "no_churn", lang).format(last=cohorts.last_period))
        return lines
    low, high = METHOD_CHURN
    where = ("churn_below" if cohorts.churn < low else
             "churn_within" if cohorts.churn <= high else "churn_above")
    lines.append(say(LABELS, where, lang).format(churn=percent(cohorts.churn, lang),
                                                 span=_span(cohorts)))
    if cohorts.half_life == np.inf:
        lines.append(say(LABELS, "half_never", lang))
    elif cohorts.churn >= 1:
        lines.append(say(LABELS, "half_all", lang))
    else:
        key = "half_under" if cohorts.half_life < METHOD_HALF_LIFE else "half_over"
        lines.append(say(LABELS, key, lang).format(
            years=number(cohorts.half_life, lang, decimals=1)))
    lines.append(say(LABELS, "used", lang) if choice.source == "measured"
                 else say(LABELS, "not_used", lang).format(why=choice.reason(lang)))
    return lines


def _span(cohorts: Cohorts) -> str | None:
    """The periods the churn pools, "2019–2024" (one period: "2024")."""
    if cohorts.churn_from is None:
        return None
    if cohorts.churn_from == cohorts.churn_to:
        return cohorts.churn_from
    return f"{cohorts.churn_from}–{cohorts.churn_to}"

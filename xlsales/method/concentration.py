"""How concentrated the revenue is: the deck's fragility and dispersion diagnosis (§2).

The deck asks for two readings of the ABC analysis: *high revenue on few clients =
fragile situation (action plan needed)* and *low revenue on many clients = dispersion of
energy*. Both are reported with the figures behind them, beside two standard measures:

- top client's, top 5 clients' and top 20 % of clients' share of revenue, and the share
  of clients that make the last 5 % of revenue. The last two are read off the ABC curve
  (clients largest first, straight lines between clients), so "20 % of clients" means
  exactly that even when it is not a whole number of clients;
- share of clients in class C, from ``xlsales.method.abc`` with the same parameters;
- Gini coefficient, G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), without the n / (n − 1)
  small-sample correction: 0 when all clients sell the same, (n − 1) / n when one
  client makes everything;
- Herfindahl-Hirschman index, HHI = Σ sᵢ² with revenue shares sᵢ as fractions: 1 / n
  for n equal clients, 1 for a single one (× 10,000 gives the antitrust points scale).

As in ``xlsales.method.abc``, blanks are not counted; clients with zero or negative revenue
count as clients with no revenue; negative revenue is reported apart.

**Rule (METHOD.md, defaults, all adjustable)**: *fragile* when the top client makes ≥ 20 %
of the revenue or the top 5 clients ≥ 50 %; *dispersion* when class C holds ≥ 60 % of
the clients. "≥" allows 1e-9, like every "reaches" in xlsales. Both can hold at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.lang import check_lang, say
from xlsales.common.text import percent
from xlsales.common.values import to_share
from xlsales.method.abc import abc_limits, ranked_revenue
from xlsales.method.computed_abc import abc_curve

__all__ = ["LABELS", "Concentration", "concentration"]

TOLERANCE = 1e-9

LABELS = {
    "figure": {"en": "Figure", "fr": "Indicateur"},
    "value": {"en": "Value", "fr": "Valeur"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "revenue": {"en": "Revenue (positive total)", "fr": "CA (total positif)"},
    "top_client_share": {
        "en": "Top client's share of revenue",
        "fr": "Part du CA du premier client",
    },
    "top5_share": {
        "en": "Top 5 clients' share of revenue",
        "fr": "Part du CA des 5 premiers clients",
    },
    "top20_share": {
        "en": "Top 20% of clients' share of revenue",
        "fr": "Part du CA des 20 % premiers clients",
    },
    "tail5_clients_share": {
        "en": "Share of clients making the last 5% of revenue",
        "fr": "Part des clients qui font les derniers 5 % du CA",
    },
    "c_clients_share": {
        "en": "Share of clients in class C",
        "fr": "Part des clients en classe C",
    },
    "gini": {"en": "Gini coefficient", "fr": "Coefficient de Gini"},
    "hhi": {
        "en": "Herfindahl-Hirschman index (0 to 1)",
        "fr": "Indice de Herfindahl-Hirschman (0 à 1)",
    },
    "negative_clients": {
        "en": "Clients with negative revenue",
        "fr": "Clients à CA négatif",
    },
    "negative_total": {
        "en": "Negative revenue (left out of the total)",
        "fr": "CA négatif (exclu du total)",
    },
    "fragile": {"en": "Fragile situation", "fr": "Situation fragile"},
    "dispersion": {"en": "Dispersion of energy", "fr": "Dispersion d'énergie"},
    "diagnosis_fragile": {
        "en": "Fragile situation: high revenue on few clients ({figures}). "
              "An action plan is needed.",
        "fr": "Situation fragile : CA élevé sur peu de clients ({figures}). "
              "Un plan d'action est nécessaire.",
    },
    "diagnosis_top_client": {
        "en": "the top client makes {share} of revenue, alert at {alert}",
        "fr": "le premier client fait {share} du CA, alerte à {alert}",
    },
    "diagnosis_top5": {
        "en": "the top 5 clients make {share} of revenue, alert at {alert}",
        "fr": "les 5 premiers clients font {share} du CA, alerte à {alert}",
    },
    "diagnosis_separator": {"en": "; ", "fr": " ; "},
    "diagnosis_dispersion": {
        "en": "Dispersion of energy: low revenue on many clients (class C holds {share} "
              "of the clients, alert at {alert}; {tail} of the clients make the last 5% "
              "of revenue).",
        "fr": "Dispersion d'énergie : CA faible sur un grand nombre de clients (la classe C "
              "regroupe {share} des clients, alerte à {alert} ; {tail} des clients font "
              "les derniers 5 % du CA).",
    },
    "diagnosis_sound": {
        "en": "Neither fragile nor dispersed: the top client makes {top} of revenue, the "
              "top 5 clients {top5}; class C holds {c} of the clients.",
        "fr": "Ni fragile ni dispersé : le premier client fait {top} du CA, les 5 premiers "
              "{top5} ; la classe C regroupe {c} des clients.",
    },
}

# Figures shown by to_frame, in order.
_FIGURES = ("clients", "revenue", "top_client_share", "top5_share", "top20_share",
            "tail5_clients_share", "c_clients_share", "gini", "hhi", "negative_clients",
            "negative_total", "fragile", "dispersion")


@dataclass(frozen=True)
class Concentration:
    """Concentration figures of a portfolio and the fragility / dispersion flags.

    ``fragile_by`` and ``dispersion_by`` name the figures that reached their alert level
    (``top_client_share``, ``top5_share``, ``c_clients_share``); the alert levels used
    are kept beside them.
    """

    clients: int
    revenue: float
    top_client_share: float
    top5_share: float
    top20_share: float
    tail5_clients_share: float
    c_clients_share: float
    gini: float
    hhi: float
    negative_clients: int
    negative_total: float
    fragile: bool
    fragile_by: tuple[str, ...]
    dispersion: bool
    dispersion_by: tuple[str, ...]
    fragile_top_client: float
    fragile_top5: float
    dispersion_c_clients: float

    def diagnosis(self, lang: str = "en") -> str:
        """The diagnosis in words, with the figures that triggered it."""
        lang = check_lang(lang)
        sentences = []
        if self.fragile:
            alerts = {"top_client_share": ("diagnosis_top_client", self.fragile_top_client),
                      "top5_share": ("diagnosis_top5", self.fragile_top5)}
            figures = say(LABELS, "diagnosis_separator", lang).join(
                say(LABELS, alerts[key][0], lang).format(
                    share=percent(getattr(self, key), lang),
                    alert=percent(alerts[key][1], lang))
                for key in self.fragile_by)
            sentences.append(say(LABELS, "diagnosis_fragile", lang).format(figures=figures))
        if self.dispersion:
            sentences.append(say(LABELS, "diagnosis_dispersion", lang).format(
                share=percent(self.c_clients_share, lang),
                alert=percent(self.dispersion_c_clients, lang),
                tail=percent(self.tail5_clients_share, lang)))
        if not sentences:
            sentences.append(say(LABELS, "diagnosis_sound", lang).format(
                top=percent(self.top_client_share, lang),
                top5=percent(self.top5_share, lang),
                c=percent(self.c_clients_share, lang)))
        return " ".join(sentences)

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """Two columns, figure and value, one row per figure (index: English keys)."""
        lang = check_lang(lang)
        index = pd.Index(_FIGURES, name="key")
        return pd.DataFrame(
            {say(LABELS, "figure", lang): [say(LABELS, key, lang) for key in _FIGURES],
             say(LABELS, "value", lang): pd.Series([getattr(self, key) for key in _FIGURES],
                                                   index=index, dtype=object)},
            index=index,
        )


def concentration(values: Any, a_share: Any = 0.8, b_share: Any = 0.95,
                  method: str = "pareto", *, fragile_top_client: Any = 0.2,
                  fragile_top5: Any = 0.5, dispersion_c_clients: Any = 0.6) -> Concentration:
    """Concentration figures and the fragility / dispersion diagnosis of the revenues.

    ``a_share``, ``b_share`` and ``method`` define class C as in ``abc_classes``; the
    three alert levels are shares (0.2, "20%" or 20).
    """
    top_alert = to_share(fragile_top_client, "fragile_top_client")
    top5_alert = to_share(fragile_top5, "fragile_top5")
    c_alert = to_share(dispersion_c_clients, "dispersion_c_clients")
    limits = abc_limits(values, a_share, b_share, method)
    ranked = ranked_revenue(values)
    shares = ranked.descending / ranked.total
    effort, gained = abc_curve(ranked.descending, ranked.clients)
    positive = ranked.descending.size
    # Past the positive clients the curve is flat at 1: read 95 % on the rising part.
    before_tail = float(np.interp(0.95, gained[:positive + 1], effort[:positive + 1]))
    figures = {
        "top_client_share": float(shares[0]),
        "top5_share": float(ranked.cumulative[min(5, positive) - 1] / ranked.total),
        "c_clients_share": 1.0 - limits.bc_client_share,
    }
    fragile_by = tuple(key for key, alert in (("top_client_share", top_alert),
                                              ("top5_share", top5_alert))
                       if figures[key] >= alert - TOLERANCE)
    dispersion_by = tuple(key for key, alert in (("c_clients_share", c_alert),)
                          if figures[key] >= alert - TOLERANCE)
    return Concentration(
        clients=ranked.clients,
        revenue=ranked.total,
        top20_share=float(np.interp(0.2, effort, gained)),
        tail5_clients_share=1.0 - before_tail,
        gini=_gini(ranked.descending, ranked.clients),
        hhi=float(np.dot(shares, shares)),
        negative_clients=ranked.negative_clients,
        negative_total=ranked.negative_total,
        fragile=bool(fragile_by),
        fragile_by=fragile_by,
        dispersion=bool(dispersion_by),
        dispersion_by=dispersion_by,
        fragile_top_client=top_alert,
        fragile_top5=top5_alert,
        dispersion_c_clients=c_alert,
        **figures,
    )


def _gini(descending: np.ndarray, clients: int) -> float:
    """Gini of the revenues, clients without revenue counted as 0.

    With values ascending x₍₁₎ ≤ … ≤ x₍ₙ₎: G = 2 Σ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n, the same
    as the mean-difference form in the module docstring. The clients without revenue
    take ranks 1 .. n − m, so the m positive revenues take the ranks above.
    """
    # Gini does not depend on the unit: revenues over the largest one cannot overflow in
    # the rank-weighted sum, as 1e306 × 1,000 ranks would.
    ascending = descending[::-1] / descending[0]
    ranks = np.arange(clients - ascending.size + 1, clients + 1, dtype=np.float64)
    weighted = float(np.dot(ranks, ascending))
    return 2.0 * weighted / (clients * float(ascending.sum())) - (clients + 1) / clients


"""The Clients sheet: the manager's client table and its calculated columns.

One row per client: code, name, segment, main product, revenue N-1 and N, margin, the
potential and risk criteria scored 1–5 and the potential revenue. The grey columns are
native formulas Excel extends to every new row: the status N-1 → N, the ABC class (read
against the two thresholds of the ABC sheet), the weighted scores and levels, the share
of wallet, the untapped potential and the approach.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xlsales.method.potential import LABELS as POTENTIAL_LABELS
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import POTENTIAL_CRITERIA, RISK_CRITERIA
from xlsales.workbook.abc import THRESHOLD_A, THRESHOLD_B
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote
from xlsales.workbook.potential import approach, level, weighted_score
from xlsales.workbook.rhythm import rhythm_caches, rhythm_formulas
from xlsales.workbook.tables import TablePlace, write_table

__all__ = ["LABELS", "formulas", "write"]

LABELS = {
    "title": {"en": "Clients", "fr": "Clients"},
    "howto": {
        "en": "One row per client: type or paste over the white columns (new rows extend the"
              " table); grey columns are computed, do not type in them.",
        "fr": "Une ligne par client : saisissez ou collez dans les colonnes blanches (une"
              " nouvelle ligne agrandit le tableau) ; les colonnes grises sont calculées.",
    },
    "retained": {"en": "Retained", "fr": "Conservé"},
    "lost": {"en": "Lost", "fr": "Perdu"},
    "new": {"en": "New", "fr": "Nouveau"},
    "client_title": {"en": "Client code", "fr": "Code client"},
    "client_help": {"en": "One code per client, as in your ledger.",
                    "fr": "Un code par client, comme dans votre comptabilité."},
    "segment_title": {"en": "Segment", "fr": "Segment"},
    "segment_help": {"en": "The client's segment: pick one of the Matrix sheet's rows or type"
                           " a new one.",
                     "fr": "Le segment du client : choisissez une ligne de la feuille Matrice"
                           " ou saisissez-en un nouveau."},
    "product_title": {"en": "Main product", "fr": "Produit principal"},
    "product_help": {"en": "What the client buys most: pick one of the Matrix sheet's columns"
                           " or type a new one.",
                     "fr": "Ce que le client achète le plus : choisissez une colonne de la"
                           " feuille Matrice ou saisissez-en un nouveau."},
    "revenue_title": {"en": "Net revenue", "fr": "CA net"},
    "revenue_help": {"en": "Net revenue of the year (credit notes deducted). Blank: not a"
                           " client that year.",
                     "fr": "CA net de l'année (avoirs déduits). Vide : pas client cette"
                           " année-là."},
    "margin_title": {"en": "Margin N", "fr": "Marge N"},
    "margin_help": {"en": "Gross margin of year N.", "fr": "Marge brute de l'année N."},
    "score_title": {"en": "Score 1 to 5", "fr": "Note de 1 à 5"},
    "score_help": {"en": "1 = worst for us, 5 = best (for a risk: 5 = safest). Blank: not"
                         " scored, left out of the weighted score.",
                   "fr": "1 = le moins bon pour nous, 5 = le meilleur (pour un risque : 5 ="
                         " le plus sûr). Vide : non noté, exclu de la note pondérée."},
    "potential_title": {"en": "Potential revenue", "fr": "CA potentiel"},
    "potential_help": {"en": "What the client would buy if we were its only supplier"
                             " (≥ 0).",
                       "fr": "Ce que le client achèterait si nous étions son seul fournisseur"
                             " (≥ 0)."},
    "number_error": {"en": "Type a number.", "fr": "Saisissez un nombre."},
    "score_error": {"en": "A score is a number from 1 to 5.",
                    "fr": "Une note est un nombre de 1 à 5."},
    "positive_error": {"en": "Type a number of 0 or more.",
                       "fr": "Saisissez un nombre positif ou nul."},
}

STATUSES = ("retained", "lost", "new")


def formulas(lang: str) -> dict[str, str]:
    """The calculated columns of tblClients, by layout key."""
    t = StructuredRefs(layout.CLIENTS, lang)
    prev, curr = t.this("revenue_prev"), t.this("revenue_curr")
    word = {key: quote(LABELS[key][lang]) for key in STATUSES}
    bought_prev = f"AND(ISNUMBER({prev}),{prev}>0)"
    bought_curr = f"AND(ISNUMBER({curr}),{curr}>0)"
    potential_revenue = t.this("potential_revenue")
    known = f"AND(ISNUMBER({curr}),ISNUMBER({potential_revenue}))"
    return {
        # blank while N-1 is not known (the Portfolio's note says why): nobody is new
        "status": f"IF(fig_period_note<>\"\",\"\",IF({bought_prev},IF({bought_curr},"
                  f"{word['retained']},{word['lost']}),IF({bought_curr},{word['new']},\"\")))",
        "abc_class": f"IF(AND(ISNUMBER({curr}),ISNUMBER({THRESHOLD_B})),"
                     f"IF({curr}>={THRESHOLD_A},\"A\",IF({curr}>={THRESHOLD_B},\"B\",\"C\")),\"\")",
        "potential_score": weighted_score(t, POTENTIAL_CRITERIA, "xls_weights_potential"),
        "potential_level": level(t.this("potential_score"), "potential", lang),
        "risk_score": weighted_score(t, RISK_CRITERIA, "xls_weights_risk"),
        "risk_level": level(t.this("risk_score"), "risk", lang),
        # a net-negative client bought nothing net: 0 for the wallet, as in the core
        "share_of_wallet": f"IF({known},IF({potential_revenue}>0,"
                           f"MAX({curr},0)/{potential_revenue},\"\"),\"\")",
        "untapped": f"IF({known},MAX({potential_revenue}-MAX({curr},0),0),\"\")",
        "approach": approach(t.this("abc_class"), t.this("share_of_wallet"),
                             t.this("potential_level"), t.this("risk_level"), lang),
        **rhythm_formulas(t, lang),
    }


def caches(book: Book) -> dict[str, list[Any]]:
    """The Python results the calculated columns show before any recalculation."""
    results, lang = book.results, book.lang

    def words(series: pd.Series | None, labels: dict[Any, str]) -> list[Any] | None:
        return None if series is None else [labels.get(v) for v in series]

    levels = {kind: {n: POTENTIAL_LABELS[f"{kind}_{n}"][lang] for n in (1, 2, 3)}
              for kind in ("potential", "risk")}
    out = {
        "status": words(results.status, {k: LABELS[k][lang] for k in STATUSES}),
        "abc_class": None if results.abc_class is None else list(results.abc_class),
        "potential_score": results.potential_score,
        "potential_level": words(results.potential_level, levels["potential"]),
        "risk_score": results.risk_score,
        "risk_level": words(results.risk_level, levels["risk"]),
        "share_of_wallet": results.share_of_wallet,
        "untapped": results.untapped,
        "approach": None if results.approach is None else [
            blocks.approach_label(v, lang) for v in results.approach],
        **rhythm_caches(book),
    }
    return {key: (None if values is None else list(values)) for key, values in out.items()}


def _validations(book: Book) -> dict[str, dict[str, Any]]:
    def say(key: str) -> str:
        return book.say(LABELS, key)

    def help_for(topic: str) -> dict[str, str]:
        return {"input_title": say(f"{topic}_title"), "input_message": say(f"{topic}_help")}

    number = {"validate": "decimal", "criteria": "between", "minimum": -1e15,
              "maximum": 1e15, "error_message": say("number_error")}
    score = {"validate": "decimal", "criteria": "between", "minimum": 1, "maximum": 5,
             "error_message": say("score_error"), **help_for("score")}
    rules: dict[str, dict[str, Any]] = {
        "client": {"validate": "any", **help_for("client")},
        "segment": {"validate": "list", "source": "=xls_matrix_segments",
                    "error_type": "warning", **help_for("segment")},
        "product": {"validate": "list", "source": "=xls_matrix_products",
                    "error_type": "warning", **help_for("product")},
        "revenue_prev": {**number, **help_for("revenue")},
        "revenue_curr": {**number, **help_for("revenue")},
        "margin": {**number, **help_for("margin")},
        "potential_revenue": {"validate": "decimal", "criteria": ">=", "value": 0,
                              "error_message": say("positive_error"), **help_for("potential")},
    }
    for key in (*POTENTIAL_CRITERIA, *RISK_CRITERIA):
        rules[key] = score
    return rules


WIDTHS = {"client": 11, "name": 34, "segment": 14, "product": 15, "revenue_prev": 12,
          "revenue_curr": 12, "margin": 11, "potential_revenue": 13, "status": 11,
          "abc_class": 7, "potential_level": 11, "risk_level": 13, "approach": 60,
          "last_purchase": 11, "revenue_12m": 12, "p_alive": 11, "revenue_at_risk": 12}


def write(book: Book) -> TablePlace:
    key = "clients"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    place = write_table(book, key, layout.CLIENTS, book.data.clients, 3, 0,
                        formulas(book.lang), caches(book), _validations(book),
                        traits={"status": "center", "abc_class": "center",
                                "potential_level": "center", "risk_level": "center",
                                "approach": "indent"})
    for j, column in enumerate(layout.CLIENTS.columns):
        sheet.set_column(j, j, WIDTHS.get(column.key, 10))
    book.tall(key, 3, 45)
    sheet.freeze_panes(4, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(3)
    sheet.print_area(0, 0, place.last_row, len(layout.CLIENTS.columns) - 1)
    return place

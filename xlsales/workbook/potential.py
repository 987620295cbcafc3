"""The Potential sheet: criteria weights, level cut-offs and what the scores say (§3–4).

The weights and the cut-offs are the named inputs the Clients table's score, level and
approach columns read; below them the sheet sums the table up: clients, revenue and
untapped potential per approach, potential × risk levels, and the clients with the most
potential left to win.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlsales.method.potential import APPROACHES
from xlsales.method.potential import LABELS as POTENTIAL_LABELS
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import POTENTIAL_CRITERIA, RISK_CRITERIA
from xlsales.workbook import given
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import TOLERANCE, StructuredRefs, quote

__all__ = ["LABELS", "approach", "level", "weighted_score", "write"]

LABELS = {
    "title": {"en": "Client potential, risk and approach", "fr": "Potentiel, risque et approche"},
    "howto": {
        "en": "Set the weight of each criterion and the level cut-offs (yellow); scores,"
              " levels and approaches are computed in the Clients table.",
        "fr": "Réglez le poids de chaque critère et les seuils de niveau (en jaune) ; notes,"
              " niveaux et approches sont calculés dans le tableau Clients.",
    },
    "weights_potential": {"en": "Potential criteria", "fr": "Critères de potentiel"},
    "weights_risk": {"en": "Risk criteria (5 = safest)",
                     "fr": "Critères de risque (5 = le plus sûr)"},
    "weight": {"en": "Weight", "fr": "Poids"},
    "cuts": {"en": "Level cut-offs (weighted score 1 to 5)",
             "fr": "Seuils de niveau (note pondérée de 1 à 5)"},
    "cut_1": {"en": "Level 1 (big potential, low risk) from",
              "fr": "Niveau 1 (gros potentiel, risque faible) dès"},
    "cut_2": {"en": "Level 2 from (below: level 3)", "fr": "Niveau 2 dès (en dessous : niveau 3)"},
    "by_approach": {"en": "Clients by approach", "fr": "Clients par approche"},
    "approach": {"en": "Approach", "fr": "Approche"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "revenue": {"en": "Revenue N", "fr": "CA N"},
    "untapped": {"en": "Untapped potential", "fr": "Potentiel inexploité"},
    "total": {"en": "Total", "fr": "Total"},
    "levels": {"en": "Clients by potential level (rows) and risk level (columns)",
               "fr": "Clients par niveau de potentiel (lignes) et de risque (colonnes)"},
    "top": {"en": "Most potential left to win", "fr": "Le plus de potentiel à gagner"},
    "rank": {"en": "#", "fr": "N°"},
    "client": {"en": "Client code", "fr": "Code client"},
    "name": {"en": "Client name", "fr": "Nom du client"},
    "potential_revenue": {"en": "Potential revenue", "fr": "CA potentiel"},
    "share_of_wallet": {"en": "Share of wallet", "fr": "Part de client"},
    "summary": {"en": "Portfolio potential", "fr": "Potentiel du portefeuille"},
    "with_potential": {"en": "Clients with a potential", "fr": "Clients avec un potentiel"},
    "potential_total": {"en": "Potential revenue, total", "fr": "CA potentiel total"},
    "untapped_total": {"en": "Untapped potential, total", "fr": "Potentiel inexploité total"},
}

TOP = 10

# layout's criteria columns, their headers read from the Clients table's columns
_CRITERIA = {"xls_weights_potential": POTENTIAL_CRITERIA, "xls_weights_risk": RISK_CRITERIA}


def weighted_score(clients: StructuredRefs, keys: Sequence[str], weights: str) -> str:
    """The weighted mean of this row's filled criteria (blank criteria left out, their
    weights too), blank when no weighted criterion is filled: the core's rule."""
    weight = "+".join(f"ISNUMBER({clients.this(k)})*INDEX({weights},{i + 1})"
                      for i, k in enumerate(keys))
    total = "+".join(f"N({clients.this(k)})*INDEX({weights},{i + 1})"
                     for i, k in enumerate(keys))
    return f'IF(({weight})>0,({total})/({weight}),"")'


def level(score: str, kind: str, lang: str) -> str:
    """Level 1, 2 or 3 of a 1–5 score as words (Big / Medium / Small for a potential),
    reached within 1e-9 of the cut-offs in ``xls_level_cuts``; blank for no score."""
    words = [quote(POTENTIAL_LABELS[f"{kind}_{n}"][lang]) for n in (1, 2, 3)]
    return (f"IF(ISNUMBER({score}),IF({score}>=INDEX(xls_level_cuts,1)-{TOLERANCE},{words[0]},"
            f"IF({score}>=INDEX(xls_level_cuts,2)-{TOLERANCE},{words[1]},{words[2]})),\"\")")


def approach(abc_class: str, share: str, potential_level: str, risk_level: str,
             lang: str) -> str:
    """The approach METHOD.md §4 gives a client, first match wins; an unknown share of
    wallet never counts as below 50 %."""
    word = {key: quote(blocks.approach_label(key, lang)) for key in APPROACHES}
    high_risk = quote(POTENTIAL_LABELS["risk_3"][lang])
    big = quote(POTENTIAL_LABELS["potential_1"][lang])
    under = f"ISNUMBER({share}),{share}<0.5"
    return (f"IF({risk_level}={high_risk},{word['secure']},"
            f"IF({abc_class}=\"A\",IF(AND({under}),{word['develop']},{word['retain']}),"
            f"IF({abc_class}=\"B\",IF(AND({under}),{word['develop_selectively']},"
            f"{word['maintain']}),"
            f"IF({abc_class}=\"C\",IF(AND({under},{potential_level}={big}),{word['grow']},"
            f"{word['serve_remotely']}),\"\"))))")


def write(book: Book) -> None:
    key = "potential"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    given.note(book, key, 2, 0, "scores")
    settings = book.data.settings
    clients = StructuredRefs(layout.CLIENTS, book.lang)
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 5, 15)
    row = 3
    for area_name, title, weights in (
            ("xls_weights_potential", "weights_potential", settings.weights_potential),
            ("xls_weights_risk", "weights_risk", settings.weights_risk)):
        book.text(key, row, 0, book.say(LABELS, title), "section")
        book.text(key, row, 1, book.say(LABELS, "weight"), "section")
        for i, criterion in enumerate(_CRITERIA[area_name]):
            book.text(key, row + 1 + i, 0, clients.header(criterion))
            book.value(key, row + 1 + i, 1, weights[i], "input", "decimal")
        book.area(area_name, row + 1, 1)
        sheet.data_validation(row + 1, 1, row + len(weights), 1, {
            "validate": "decimal", "criteria": ">=", "value": 0})
        row += len(weights) + 2
    book.text(key, row, 0, book.say(LABELS, "cuts"), "section")
    for i, cut in enumerate(settings.level_cuts):
        book.text(key, row + 1 + i, 0, book.say(LABELS, f"cut_{i + 1}"))
        book.value(key, row + 1 + i, 1, cut, "input", "ratio")
    book.area("xls_level_cuts", row + 1, 1)
    sheet.data_validation(row + 1, 1, row + 2, 1, {
        "validate": "decimal", "criteria": "between", "minimum": 1, "maximum": 5})
    row = _by_approach(book, clients, row + 4)
    row = _levels(book, clients, row + 2)
    row = _summary(book, clients, row + 2)
    row = _top_untapped(book, clients, row + 2)
    sheet.print_area(0, 0, row, 5)
    sheet.fit_to_pages(1, 0)


def _by_approach(book: Book, clients: StructuredRefs, row: int) -> int:
    key, results = "potential", book.results
    for j, name in enumerate(("by_approach", "clients", "revenue", "untapped")):
        book.text(key, row, j, book.say(LABELS, name), "header")
    approach_col = clients.col("approach")
    # positional arrays: the results follow the table's rows, whatever its index
    revenue = pd.to_numeric(book.data.clients["revenue_curr"], errors="coerce").to_numpy()
    known = (np.asarray(results.approach, dtype=object) if results.approach is not None
             else np.full(revenue.size, None, dtype=object))
    untapped = None if results.untapped is None else results.untapped.to_numpy(dtype=float)
    for i, approach_key in enumerate(APPROACHES):
        r = row + 1 + i
        label = blocks.approach_label(approach_key, book.lang)
        chosen = known == approach_key
        book.text(key, r, 0, label, "wrap")
        if len(label) > 60:  # two lines in the 50-character column
            book.tall(key, r, 30)
        book.formula(key, r, 1, f"COUNTIF({approach_col},{quote(label)})",
                     int(chosen.sum()), "computed", "whole")
        book.formula(key, r, 2,
                     f"SUMIFS({clients.col('revenue_curr')},{approach_col},{quote(label)})",
                     float(np.nansum(revenue[chosen])), "computed", "money")
        book.formula(key, r, 3,
                     f"SUMIFS({clients.col('untapped')},{approach_col},{quote(label)})",
                     0.0 if untapped is None else float(np.nansum(untapped[chosen])),
                     "computed", "money")
    book.name("fig_approach_counts", key, row + 1, 1, len(APPROACHES), 3)
    return row + len(APPROACHES)


def _levels(book: Book, clients: StructuredRefs, row: int) -> int:
    key, results = "potential", book.results
    book.text(key, row, 0, book.say(LABELS, "levels"), "header")
    for n in (1, 2, 3):
        book.text(key, row, n, POTENTIAL_LABELS[f"risk_{n}"][book.lang], "header", "center")
        book.text(key, row + n, 0, POTENTIAL_LABELS[f"potential_{n}"][book.lang])
    pot, risk = results.potential_level, results.risk_level
    for p in (1, 2, 3):
        for r in (1, 2, 3):
            count = 0 if pot is None or risk is None else int(((pot == p) & (risk == r)).sum())
            book.formula(
                key, row + p, r,
                f"COUNTIFS({clients.col('potential_level')},"
                f"{quote(POTENTIAL_LABELS[f'potential_{p}'][book.lang])},"
                f"{clients.col('risk_level')},{quote(POTENTIAL_LABELS[f'risk_{r}'][book.lang])})",
                count, "computed", "whole", "center")
    book.name("fig_level_grid", key, row + 1, 1, 3, 3)
    return row + 3


def _summary(book: Book, clients: StructuredRefs, row: int) -> int:
    key, results = "potential", book.results
    book.text(key, row, 0, book.say(LABELS, "summary"), "section")
    potential_col = clients.col("potential_revenue")
    potentials = pd.to_numeric(book.data.clients["potential_revenue"], errors="coerce")
    untapped = results.untapped
    figures = (("with_potential", f"COUNT({potential_col})", int(potentials.notna().sum()),
                "whole"),
               ("potential_total", f"SUM({potential_col})", float(potentials.sum()), "money"),
               ("untapped_total", f"SUM({clients.col('untapped')})",
                0.0 if untapped is None else float(untapped.sum()), "money"))
    for i, (label, formula, value, trait) in enumerate(figures):
        book.text(key, row + 1 + i, 0, book.say(LABELS, label))
        book.formula(key, row + 1 + i, 1, formula, value, "computed", trait)
    book.name("fig_potential_summary", key, row + 1, 1, len(figures), 1)
    return row + len(figures)


# The top list's columns (Clients table keys) and, hidden at the right, two helpers per
# row: the k-th largest untapped amount and the table row that holds it.
_TOP_COLUMNS = ("name", "client", "potential_revenue", "revenue_curr", "untapped",
                "share_of_wallet")
_AMOUNT, _POSITION = 7, 8


def _top_untapped(book: Book, clients: StructuredRefs, row: int) -> int:
    """The clients with the most untapped potential, ties in table order: when the k-th
    amount equals the (k-1)-th, it is searched below the (k-1)-th's row."""
    key, results, data = "potential", book.results, book.data.clients
    book.text(key, row, 0, book.say(LABELS, "top"), "section")
    for j, column in enumerate(_TOP_COLUMNS):
        book.text(key, row + 1, j, clients.header(column), "header")
    untapped_col = clients.col("untapped")
    # positions in the table (0-based), largest untapped first, ties in table order
    amounts = (np.full(len(data), np.nan) if results.untapped is None
               else results.untapped.to_numpy(dtype=float))
    known = np.flatnonzero(~np.isnan(amounts))
    order = known[np.argsort(-amounts[known], kind="stable")][:TOP]
    columns = {column: (getattr(results, column) if column in ("untapped", "share_of_wallet")
                        else data[column]) for column in _TOP_COLUMNS}
    amount_letter = book.column_letter(_AMOUNT)
    position_letter = book.column_letter(_POSITION)
    first = row + 2
    for k in range(TOP):
        r = first + k
        amount, position = f"{amount_letter}{r + 1}", f"{position_letter}{r + 1}"
        at = int(order[k]) if k < len(order) else None
        book.formula(key, r, _AMOUNT,
                     f'IF(COUNT({untapped_col})>={k + 1},LARGE({untapped_col},{k + 1}),"")',
                     None if at is None else amounts[at], "helper")
        find = f"MATCH({amount},{untapped_col},0)"
        if k:
            above, above_position = f"{amount_letter}{r}", f"{position_letter}{r}"
            find = (f"IF({amount}={above},{above_position}+MATCH({amount},"
                    f"INDEX({untapped_col},{above_position}+1):"
                    f"INDEX({untapped_col},ROWS({untapped_col})),0),{find})")
        book.formula(key, r, _POSITION, f'IF({amount}="","",{find})',
                     None if at is None else at + 1, "helper")
        for j, column in enumerate(_TOP_COLUMNS):
            source = columns[column]
            value = None if at is None or source is None else source.iloc[at]
            trait = "share" if column == "share_of_wallet" else (
                "money" if column in ("potential_revenue", "revenue_curr", "untapped") else None)
            book.formula(key, r, j,
                         f'IF({position}="","",INDEX({clients.col(column)},{position}))',
                         value, "computed", trait)
    book.name("fig_top_untapped", key, first, 0, TOP, len(_TOP_COLUMNS))
    book.sheets[key].set_column(_AMOUNT, _POSITION, None, None, {"hidden": True})
    return first + TOP - 1

"""The Matrix sheet: segment × product revenue (or margin), signals and the risk of
abandoning a target (METHOD.md §5).

The segments (rows) and products (columns) are the Python-written areas
``xls_matrix_segments`` and ``xls_matrix_products``: the generator writes them in the
order of first appearance, the matrix button (``refresh_matrix``) rewrites them. Each cell
is a SUMIFS over the Clients table by segment and main product, blank when no client of that
pair has a recorded amount (no sale recorded is not 0). Totals sum whole columns, so a
segment or product beyond the 12 × 8 shown still counts in the grand total, as in the
core. Headers are matched literally: a name with * or ? is not a wildcard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import to_key
from xlsales.method.matrix import LABELS as MATRIX_LABELS
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings
from xlsales.plan.blocks import matrix_headers
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import (
    TOLERANCE,
    StructuredRefs,
    quote,
    share_as_typed,
    share_in_use,
    share_validation,
)

__all__ = ["LABELS", "exact", "write"]

LABELS = {
    "title": {"en": "Segment × product matrix", "fr": "Matrice segments × produits"},
    "howto": {
        "en": "Choose revenue or margin and the signal thresholds (yellow); rows and columns"
              " are the segments and products of the Clients table (button {button}, or"
              " type them).",
        "fr": "Choisissez CA ou marge et les seuils des signaux (en jaune) ; lignes et"
              " colonnes sont les segments et produits du tableau Clients (bouton {button},"
              " ou saisissez-les).",
    },
    "settings": {"en": "Settings", "fr": "Réglages"},
    "revenue": {"en": "Revenue N", "fr": "CA N"},
    "margin": {"en": "Margin N", "fr": "Marge N"},
    "measure_words": {"en": "revenue,margin", "fr": "CA,marge"},
    "matrix": {"en": "Matrix", "fr": "Matrice"},
    "signals": {"en": "Signals: winning combinations and combinations to develop",
                "fr": "Signaux : combinaisons gagnantes et combinaisons à développer"},
    "abandon": {"en": "What abandoning a target would put at risk",
                "fr": "Ce que l'abandon d'une cible mettrait en jeu"},
    "share": {"en": "Share of total", "fr": "Part du total"},
    "margin_share": {"en": "Share of margin", "fr": "Part de la marge"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "segment": {"en": "Segment", "fr": "Segment"},
    "product": {"en": "Product", "fr": "Produit"},
    "headers_by": {"en": "Segments and products: filled by xlsales (button: {button})",
                   "fr": "Segments et produits : remplis par xlsales (bouton : {button})"},
}

SEGMENTS = layout.AREA_BY_NAME["xls_matrix_segments"].rows
PRODUCTS = layout.AREA_BY_NAME["xls_matrix_products"].cols
USES_MARGIN = "fig_matrix_uses_margin"
TOTAL = "fig_matrix_total"

# rows (0-based) of the blocks
_SETTINGS, _GRID = 3, 13
_SIGNALS = _GRID + SEGMENTS + 4
_HELPER = PRODUCTS + 4
_ABANDON = _SIGNALS + SEGMENTS + 3


def exact(expr: str) -> str:
    """A COUNTIFS/SUMIFS criterion matching ``expr`` literally: "=" first, so a name
    starting with < or = is not an operator, and * ? ~ escaped."""
    escaped = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({expr},"~","~~"),"*","~*"),"?","~?")'
    return f'"="&{escaped}'


def write(book: Book) -> None:
    key = "matrix"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"),
               book.say(LABELS, "howto", button=layout.caption("refresh_matrix", book.lang)))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, PRODUCTS + 1, 13)
    t = StructuredRefs(layout.CLIENTS, book.lang)
    _settings(book)
    segments, products = _headers(book)
    _grid(book, t, segments, products)
    _signals(book, segments, products)
    _abandon(book, t, segments, products)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)
    sheet.print_area(0, 0, _ABANDON + 3 + SEGMENTS + PRODUCTS + 3, PRODUCTS + 1)


def _settings(book: Book) -> None:
    key, settings = "matrix", book.data.settings
    sheet = book.sheets[key]
    book.text(key, _SETTINGS, 0, book.say(LABELS, "settings"), "section")
    words = book.say(LABELS, "measure_words").split(",")
    uses_margin = str(settings.measure).lower().startswith("marg")
    inputs = (("xls_matrix_measure", words[1] if uses_margin else words[0], None,
               {"validate": "list", "source": words}),
              ("xls_win_share", settings.win_share, "share", share_validation(book.lang, 0, 100)),
              ("xls_develop_ratio", settings.develop_ratio, "share",
               share_validation(book.lang, 0, 100)),
              ("xls_min_expected", settings.min_expected, "share",
               share_validation(book.lang, 0, 100)))
    defaults = PlanSettings()
    for i, (area_name, value, trait, rule) in enumerate(inputs):
        area = layout.AREA_BY_NAME[area_name]
        r = _SETTINGS + 1 + i
        sheet.merge_range(r, 0, r, 3, area.fr if book.lang == "fr" else area.en)
        book.value(key, r, 4, value, "input", trait)
        book.area(area_name, r, 4)
        sheet.data_validation(r, 4, r, 4, rule)
        if trait == "share":
            field = area_name.removeprefix("xls_")
            book.expression(share_in_use(area_name),
                            share_as_typed(area_name, getattr(defaults, field)))
    book.formula(key, _SETTINGS + 1, _HELPER, 'LEFT(LOWER(xls_matrix_measure),4)="marg"',
                 uses_margin, "helper")
    book.name(USES_MARGIN, key, _SETTINGS + 1, _HELPER)
    sheet.set_column(_HELPER, _HELPER, None, None, {"hidden": True})


def _headers(book: Book) -> tuple[list[Any], list[Any]]:
    """Segments and products as ``refresh_matrix`` writes them (``blocks.matrix_headers``:
    the table's own texts, in order of first appearance), at most as many as the areas
    hold. The core's keys would not do: spaces folded, "Retail " would head a row whose
    SUMIFS ("="&header) finds none of its clients."""
    clients = book.data.clients
    return (matrix_headers(clients["segment"])[:SEGMENTS],
            matrix_headers(clients["product"])[:PRODUCTS])


def _cached(frame: Any, *headers: Any) -> Any:
    """The core's figure at headers as the table spells them ("Retail " is the core's
    "Retail"), or None where the core has none: the cell's cached value until Excel
    recalculates."""
    keys = tuple(to_key(header) for header in headers)
    try:
        return frame.at[keys if len(keys) > 1 else keys[0]]
    except (KeyError, XlsalesError):
        return None


def _measure(body: Callable[[str], str], t: StructuredRefs) -> str:
    """``body`` over revenue N or margin N, as the measure input says."""
    return f"IF({USES_MARGIN},{body(t.col('margin'))},{body(t.col('revenue_curr'))})"


def _grid(book: Book, t: StructuredRefs, segments: list[Any], products: list[Any]) -> None:
    key, results = "matrix", book.results
    sheet = book.sheets[key]
    header = _GRID - 1
    margin_word, revenue_word = book.say(LABELS, "margin"), book.say(LABELS, "revenue")
    book.text(key, header - 2, 0, book.say(LABELS, "matrix"), "section")
    book.formula(key, header, 0, f"IF({USES_MARGIN},{quote(margin_word)},"
                                 f"{quote(revenue_word)})",
                 margin_word if str(book.data.settings.measure).lower().startswith("marg")
                 else revenue_word, "header")
    button = layout.caption("refresh_matrix", book.lang)
    book.text(key, header - 1, 1, book.say(LABELS, "headers_by", button=button), "caption")
    for j in range(PRODUCTS):
        book.value(key, header, 1 + j, products[j] if j < len(products) else None,
                   "python", "header")
    book.area("xls_matrix_products", header, 1)
    for i in range(SEGMENTS):
        book.value(key, _GRID + i, 0, segments[i] if i < len(segments) else None,
                   "python", "bold")
    book.area("xls_matrix_segments", _GRID, 0)
    total_word = MATRIX_LABELS["total"][book.lang].upper()
    book.text(key, header, PRODUCTS + 1, total_word, "header")
    book.text(key, _GRID + SEGMENTS, 0, total_word, "total")

    seg, prod = t.col("segment"), t.col("product")
    amounts = None if results.matrix is None else results.matrix.amounts
    for i in range(SEGMENTS):
        r = _GRID + i
        s_cell = f"$A{r + 1}"
        for j in range(PRODUCTS):
            p_cell = f"{book.column_letter(1 + j)}${header + 1}"
            crit = f"{seg},{exact(s_cell)},{prod},{exact(p_cell)}"
            formula = _measure(lambda m, crit=crit: (
                f'IF(COUNTIFS({crit},{m},"<>")=0,"",SUMIFS({m},{crit}))'), t)
            value = None
            if amounts is not None and i < len(segments) and j < len(products):
                value = _cached(amounts, segments[i], products[j])
            book.formula(key, r, 1 + j, f'IF(OR({s_cell}="",{p_cell}=""),"",{formula})',
                         value, "computed", "money")
        total = _measure(lambda m, s_cell=s_cell: (
            f'IF(COUNTIFS({seg},{exact(s_cell)},{m},"<>")=0,"",SUMIFS({m},{seg},'
            f'{exact(s_cell)}))'), t)
        value = None
        if results.matrix is not None and i < len(segments):
            value = _cached(results.matrix.segment_totals, segments[i])
        book.formula(key, r, PRODUCTS + 1, f'IF({s_cell}="","",{total})', value, "computed",
                     "money", "bold")
    for j in range(PRODUCTS):
        p_cell = f"{book.column_letter(1 + j)}${header + 1}"
        total = _measure(lambda m, p_cell=p_cell: (
            f'IF(COUNTIFS({prod},{exact(p_cell)},{m},"<>")=0,"",SUMIFS({m},{prod},'
            f'{exact(p_cell)}))'), t)
        value = None
        if results.matrix is not None and j < len(products):
            value = _cached(results.matrix.product_totals, products[j])
        book.formula(key, _GRID + SEGMENTS, 1 + j, f'IF({p_cell}="","",{total})', value,
                     "computed", "money", "total")
    grand = _measure(lambda m: f'IF(COUNT({m})=0,"",SUM({m}))', t)
    book.formula(key, _GRID + SEGMENTS, PRODUCTS + 1, grand,
                 None if results.matrix is None else results.matrix.total, "computed",
                 "money", "total")
    book.name(TOTAL, key, _GRID + SEGMENTS, PRODUCTS + 1)
    book.name("fig_matrix", key, _GRID, 1, SEGMENTS, PRODUCTS)
    book.name("fig_matrix_segment_totals", key, _GRID, PRODUCTS + 1, SEGMENTS, 1)
    book.name("fig_matrix_product_totals", key, _GRID + SEGMENTS, 1, 1, PRODUCTS)
    cells = (_GRID, 1, _GRID + SEGMENTS - 1, PRODUCTS)
    for signal, trait in (("win", "win"), ("develop", "develop")):
        word = quote(MATRIX_LABELS[signal][book.lang])
        sheet.conditional_format(*cells, {
            "type": "formula", "criteria": f"=B{_SIGNALS + 1}={word}",
            "format": book.fmt(trait, "bold")})
    sheet.conditional_format(*cells, {"type": "3_color_scale", "min_color": "#FFFFFF",
                                      "mid_color": "#DDEBF7", "max_color": "#5B9BD5"})


def _signals(book: Book, segments: list[Any], products: list[Any]) -> None:
    key, results = "matrix", book.results
    sheet = book.sheets[key]
    header = _SIGNALS - 1
    book.text(key, header - 1, 0, book.say(LABELS, "signals"), "section")
    for j in range(PRODUCTS):
        source = f"{book.column_letter(1 + j)}${_GRID}"
        book.formula(key, header, 1 + j, f'IF({source}="","",{source})',
                     products[j] if j < len(products) else None, "header")
    win, develop = (quote(MATRIX_LABELS[s][book.lang]) for s in ("win", "develop"))
    signals = None if results.signals is None else results.signals.signals
    total = TOTAL
    slack = f"{TOLERANCE}*{total}"
    win_share, develop_ratio, min_expected = (
        share_in_use(name) for name in ("xls_win_share", "xls_develop_ratio", "xls_min_expected"))
    for i in range(SEGMENTS):
        r = _SIGNALS + i
        source = f"$A{_GRID + i + 1}"
        book.formula(key, r, 0, f'IF({source}="","",{source})',
                     segments[i] if i < len(segments) else None, "bold", "middle")
        row_total = f"N(${book.column_letter(PRODUCTS + 1)}{_GRID + i + 1})"
        for j in range(PRODUCTS):
            letter = book.column_letter(1 + j)
            amount = f"{letter}{_GRID + i + 1}"
            col_total = f"N({letter}${_GRID + SEGMENTS + 1})"
            expected = f"{row_total}*{col_total}/{total}"
            formula = (
                f'IF(OR({source}="",{letter}${_GRID}="",NOT(N({total})>0)),"",'
                f"IF(AND(ISNUMBER({amount}),{amount}>={win_share}*{total}-{slack}),{win},"
                f"IF(AND({row_total}>0,{col_total}>0,{expected}>={min_expected}*{total}"
                f"-{slack},N({amount})<={develop_ratio}*{expected}+{slack}),{develop},"
                '"")))')
            value = None
            if signals is not None and i < len(segments) and j < len(products):
                word = _cached(signals, segments[i], products[j])
                value = None if word is None else MATRIX_LABELS[word][book.lang]
            book.formula(key, r, 1 + j, formula, value, "signal")
        book.tall(key, r, 24)
    cells = (_SIGNALS, 1, _SIGNALS + SEGMENTS - 1, PRODUCTS)
    for signal in ("win", "develop"):
        sheet.conditional_format(*cells, {
            "type": "cell", "criteria": "==", "value": quote(MATRIX_LABELS[signal][book.lang]),
            "format": book.fmt(signal)})
    book.name("fig_matrix_signals", key, _SIGNALS, 1, SEGMENTS, PRODUCTS)


def _abandon(book: Book, t: StructuredRefs, segments: list[Any], products: list[Any]) -> None:
    """Per segment, then per product: its amount and share of the total, its margin and
    share of the margin, its clients (rows with a recorded amount; one row per client)."""
    key, risk = "matrix", book.results.abandon
    book.text(key, _ABANDON, 0, book.say(LABELS, "abandon"), "section")
    margin_total = _measure(lambda m: (
        f'IF(COUNTIFS({m},"<>",{t.col("margin")},"<>")=0,"",'
        f'SUMIFS({t.col("margin")},{m},"<>"))'), t)
    row = _ABANDON + 1
    for by, names, column, source in (
            ("segment", segments, t.col("segment"), lambda i: f"$A{_GRID + i + 1}"),
            ("product", products, t.col("product"),
             lambda j: f"{book.column_letter(1 + j)}${_GRID}")):
        count = SEGMENTS if by == "segment" else PRODUCTS
        headers = (by, "amount", "share", "margin", "margin_share", "clients")
        for j, name in enumerate(headers):
            text = (MATRIX_LABELS["amount"][book.lang] if name == "amount"
                    else book.say(LABELS, name))
            book.text(key, row, j, text, "header")
        table = None if risk is None else (risk.segments if by == "segment" else risk.products)
        for i in range(count):
            r = row + 1 + i
            name = source(i)
            crit = f"{column},{exact(name)}"
            margin = _measure(lambda m, crit=crit: (
                f'IF(COUNTIFS({crit},{m},"<>",{t.col("margin")},"<>")=0,"",'
                f'SUMIFS({t.col("margin")},{crit},{m},"<>"))'), t)
            amount = _measure(lambda m, crit=crit: (
                f'IF(COUNTIFS({crit},{m},"<>")=0,"",SUMIFS({m},{crit}))'), t)
            clients = _measure(lambda m, crit=crit: f'COUNTIFS({crit},{m},"<>")', t)
            label = names[i] if i < len(names) else None
            values: tuple[Any, ...] = (label, None, None, None, None, None)
            if table is not None and label is not None:
                values = (label, *(_cached(table[c], label) for c in (
                    "revenue", "revenue_share", "margin", "margin_share", "clients")))
            amount_cell, margin_cell = f"B{r + 1}", f"D{r + 1}"
            formulas = (
                (f'IF({name}="","",{name})', "bold"),
                (amount, "money"),
                (f'IF(OR({amount_cell}="",NOT(N({TOTAL})>0)),"",{amount_cell}/{TOTAL})',
                 "share"),
                (margin, "money"),
                (f'IF(OR({margin_cell}="",NOT(N(fig_matrix_margin_total)>0)),"",'
                 f"{margin_cell}/fig_matrix_margin_total)", "share"),
                (clients, "whole"),
            )
            for j, ((formula, trait), value) in enumerate(zip(formulas, values, strict=True)):
                if j == 0:
                    book.formula(key, r, j, formula, value, trait)
                else:
                    book.formula(key, r, j, f'IF({name}="","",{formula})', value,
                                 "computed", trait)
        book.name(f"fig_abandon_{by}s", key, row + 1, 0, count, 6)
        row += count + 2
    book.text(key, row, 0, book.say(LABELS, "margin"))
    value = None
    if risk is not None:
        sold = book.data.clients.dropna(subset=[
            "margin" if str(book.data.settings.measure).lower().startswith("marg")
            else "revenue_curr"])
        value = pd.to_numeric(sold["margin"], errors="coerce").sum(min_count=1)
    book.formula(key, row, 1, margin_total, value, "computed", "money")
    book.name("fig_matrix_margin_total", key, row, 1)

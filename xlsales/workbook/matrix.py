"""The Matrix sheet: segment × product revenue (or margin), signals and the risk of
abandoning a target (METHOD.md §5).

Each cell is a SUMIFS over the Sales table (``tblSales``: the ledger's sales by client ×
product × year) for its segment, its product and year N, blank when no row of that pair
has a recorded amount (no sale recorded is not 0): the lines' own sums, a client buying
three products in three cells. The segments (rows) and products (columns) are the
Python-written areas ``xls_matrix_segments`` and ``xls_matrix_products``, in order of
first appearance; past 40 × 25 the smallest go to an "Other" row and column (their
labels and a note saying how many and how much are Python-written too, and the matrix
button rewrites them all). Totals sum the whole table, so Other is the total less the
cells shown. Headers are matched as SUMIFS matches: case aside ("Industrie" is
"INDUSTRIE", as the core folds them), literally (a name with * or ? is no wildcard).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import fold_key, to_key
from xlsales.method.matrix import LABELS as MATRIX_LABELS
from xlsales.plan import layout
from xlsales.plan.analysis import PlanSettings, matrix_sales, matrix_year, uses_margin
from xlsales.plan.blocks import block_rows, matrix_shown
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import (
    TOLERANCE,
    StructuredRefs,
    quote,
    share_as_typed,
    share_in_use,
    share_validation,
)

__all__ = ["LABELS", "cached_at", "exact", "write"]

LABELS = {
    "title": {"en": "Segment × product matrix", "fr": "Matrice segments × produits"},
    "howto": {
        "en": "Choose revenue or margin and the signal thresholds (yellow); rows and columns"
              " are the segments and products of the Sales sheet, each cell its sales of"
              " year N (button {button}, or type them).",
        "fr": "Choisissez CA ou marge et les seuils des signaux (en jaune) ; lignes et"
              " colonnes sont les segments et produits de la feuille Ventes, chaque case ses"
              " ventes de l'année N (bouton {button}, ou saisissez-les).",
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
YEAR = "fig_sales_year"
_NO_YEAR = "no year"

# rows (0-based) of the blocks; the grid's Other row and TOTAL row follow its segments,
# its Other and TOTAL columns its products
_SETTINGS, _GRID = 3, 13
_OTHER_ROW, _TOTAL_ROW = _GRID + SEGMENTS, _GRID + SEGMENTS + 1
_OTHER_COL, _TOTAL_COL = PRODUCTS + 1, PRODUCTS + 2
_NOTE = _TOTAL_ROW + 1
_SIGNALS = _GRID + SEGMENTS + 6
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
    sheet.set_column(1, _TOTAL_COL, 13)
    t = StructuredRefs(layout.SALES, book.lang)
    _settings(book)
    shown = matrix_shown(book.results)
    segments, products = shown.segments, shown.products
    _grid(book, t, segments, products)
    _signals(book, segments, products)
    _abandon(book, t, segments, products)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, _ABANDON + 3 + SEGMENTS + PRODUCTS + 3, _TOTAL_COL)


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
    years = StructuredRefs(layout.SALES, book.lang).col("year")
    year = matrix_year(book.data)
    # the criterion every SUMIFS puts on the year: N, or the table's latest year when N is
    # blank; with no year at all, every row ("<>" a text no year cell holds), as the core
    book.formula(key, _SETTINGS + 2, _HELPER,
                 f'IF(ISNUMBER(xls_year_curr),xls_year_curr,IF(COUNT({years})=0,"<>{_NO_YEAR}",'
                 f"MAX({years})))",
                 f"<>{_NO_YEAR}" if year != year else year, "helper")
    book.name(YEAR, key, _SETTINGS + 2, _HELPER)
    sheet.set_column(_HELPER, _HELPER, None, None, {"hidden": True})


def cached_at(frame: Any, *headers: Any) -> Any:
    """The core's figure at headers as the table spells them ("Retail " or "RETAIL" is
    the core's "Retail": keys folded as ``values.fold_key`` folds them), or None where
    the core has none: the cell's cached value until Excel recalculates."""
    wanted = tuple(fold_key(to_key(header)) for header in headers)
    try:
        if len(wanted) == 1:
            found = {fold_key(k): k for k in frame.index}
            return frame.at[found[wanted[0]]]
        rows = {fold_key(k): k for k in frame.index}
        cols = {fold_key(k): k for k in frame.columns}
        return frame.at[rows[wanted[0]], cols[wanted[1]]]
    except (KeyError, XlsalesError):
        return None


def _measure(body: Callable[[str], str], t: StructuredRefs) -> str:
    """``body`` over the sales' revenue or margin, as the measure input says."""
    return f"IF({USES_MARGIN},{body(t.col('margin'))},{body(t.col('revenue'))})"


def _grid(book: Book, t: StructuredRefs, segments: list[Any], products: list[Any]) -> None:
    key, results = "matrix", book.results
    sheet = book.sheets[key]
    header = _GRID - 1
    margin_word, revenue_word = book.say(LABELS, "margin"), book.say(LABELS, "revenue")
    book.text(key, header - 2, 0, book.say(LABELS, "matrix"), "section")
    book.formula(key, header, 0, f"IF({USES_MARGIN},{quote(margin_word)},"
                                 f"{quote(revenue_word)})",
                 margin_word if uses_margin(book.data.settings) else revenue_word, "header")
    button = layout.caption("refresh_matrix", book.lang)
    book.text(key, header - 1, 1, book.say(LABELS, "headers_by", button=button), "caption")
    for j in range(PRODUCTS):
        book.value(key, header, 1 + j, products[j] if j < len(products) else None,
                   "header", "python")
    book.area("xls_matrix_products", header, 1)
    for i in range(SEGMENTS):
        book.value(key, _GRID + i, 0, segments[i] if i < len(segments) else None,
                   "python", "bold")
    book.area("xls_matrix_segments", _GRID, 0)
    for area, row, col, trait in (("xls_matrix_other_segments", _OTHER_ROW, 0, "bold"),
                                  ("xls_matrix_other_products", header, _OTHER_COL, "header"),
                                  ("xls_matrix_note", _NOTE, 0, "caption")):
        book.value(key, row, col, block_rows(area, results, book.lang)[0][0], trait, "python")
        book.area(area, row, col)
    total_word = MATRIX_LABELS["total"][book.lang].upper()
    book.text(key, header, _TOTAL_COL, total_word, "header")
    book.text(key, _TOTAL_ROW, 0, total_word, "total")

    seg, prod, year = t.col("segment"), t.col("product"), f"{t.col('year')},{YEAR}"
    matrix = results.matrix
    amounts = None if matrix is None else matrix.amounts
    other_row, other_col = f"$A${_OTHER_ROW + 1}", f"${book.column_letter(_OTHER_COL)}${_GRID}"
    first, last = book.column_letter(1), book.column_letter(PRODUCTS)
    for i in range(SEGMENTS):
        r = _GRID + i
        s_cell = f"$A{r + 1}"
        for j in range(PRODUCTS):
            p_cell = f"{book.column_letter(1 + j)}${header + 1}"
            crit = f"{seg},{exact(s_cell)},{prod},{exact(p_cell)},{year}"
            formula = _measure(lambda m, crit=crit: (
                f'IF(COUNTIFS({crit},{m},"<>")=0,"",SUMIFS({m},{crit}))'), t)
            value = None
            if amounts is not None and i < len(segments) and j < len(products):
                value = cached_at(amounts, segments[i], products[j])
            book.formula(key, r, 1 + j, f'IF(OR({s_cell}="",{p_cell}=""),"",{formula})',
                         value, "computed", "money")
        total = _measure(lambda m, s_cell=s_cell: (
            f'IF(COUNTIFS({seg},{exact(s_cell)},{year},{m},"<>")=0,"",SUMIFS({m},{seg},'
            f'{exact(s_cell)},{year}))'), t)
        value = None
        if matrix is not None and i < len(segments):
            value = cached_at(matrix.segment_totals, segments[i])
        book.formula(key, r, _TOTAL_COL, f'IF({s_cell}="","",{total})', value, "computed",
                     "money", "bold")
        row_total = f"{book.column_letter(_TOTAL_COL)}{r + 1}"
        book.formula(key, r, _OTHER_COL,
                     f'IF(OR({s_cell}="",{other_col}="",{row_total}=""),"",'
                     f"{row_total}-SUM({first}{r + 1}:{last}{r + 1}))",
                     _other(matrix, segments[i:i + 1], products)
                     if i < len(segments) else None, "computed", "money")
    for j in range(PRODUCTS + 2):
        letter = book.column_letter(1 + j)
        top, bottom = f"{letter}{_GRID + 1}", f"{letter}{_GRID + SEGMENTS}"
        if j < PRODUCTS:
            p_cell = f"{letter}${header + 1}"
            total = _measure(lambda m, p_cell=p_cell: (
                f'IF(COUNTIFS({prod},{exact(p_cell)},{year},{m},"<>")=0,"",SUMIFS({m},{prod},'
                f'{exact(p_cell)},{year}))'), t)
            value = None
            if matrix is not None and j < len(products):
                value = cached_at(matrix.product_totals, products[j])
            book.formula(key, _TOTAL_ROW, 1 + j, f'IF({p_cell}="","",{total})', value,
                         "computed", "money", "total")
        elif j == PRODUCTS:
            book.formula(key, _TOTAL_ROW, _OTHER_COL,
                         f'IF(OR({other_col}="",{TOTAL}=""),"",'
                         f"{TOTAL}-SUM({first}{_TOTAL_ROW + 1}:{last}{_TOTAL_ROW + 1}))",
                         _other_total(matrix, products), "computed", "money", "total")
        total_cell = f"{letter}{_TOTAL_ROW + 1}"
        book.formula(key, _OTHER_ROW, 1 + j,
                     f'IF(OR({other_row}="",{total_cell}=""),"",'
                     f"{total_cell}-SUM({top}:{bottom}))",
                     _other_row_value(matrix, segments, products, j), "computed", "money")
    grand = _measure(lambda m: f'IF(COUNTIFS({year},{m},"<>")=0,"",SUMIFS({m},{year}))', t)
    book.formula(key, _TOTAL_ROW, _TOTAL_COL, grand,
                 None if matrix is None else matrix.total, "computed", "money", "total")
    book.name(TOTAL, key, _TOTAL_ROW, _TOTAL_COL)
    book.name("fig_matrix", key, _GRID, 1, SEGMENTS, PRODUCTS)
    book.name("fig_matrix_segment_totals", key, _GRID, _TOTAL_COL, SEGMENTS, 1)
    book.name("fig_matrix_product_totals", key, _TOTAL_ROW, 1, 1, PRODUCTS)
    cells = (_GRID, 1, _GRID + SEGMENTS - 1, PRODUCTS)
    for signal, trait in (("win", "win"), ("develop", "develop")):
        word = quote(MATRIX_LABELS[signal][book.lang])
        sheet.conditional_format(*cells, {
            "type": "formula", "criteria": f"=B{_SIGNALS + 1}={word}",
            "format": book.fmt(trait, "bold")})
    sheet.conditional_format(*cells, {"type": "3_color_scale", "min_color": "#FFFFFF",
                                      "mid_color": "#DDEBF7", "max_color": "#5B9BD5"})


def _other(matrix: Any, segments: list[Any], products: list[Any]) -> Any:
    """The core's amount of a segment's row outside the products shown (its Other cell),
    blank when every product is shown or the segment has no total."""
    if matrix is None or not segments:
        return None
    total = cached_at(matrix.segment_totals, segments[0])
    if total is None or total != total or len(products) == len(matrix.amounts.columns):
        return None
    shown = [cached_at(matrix.amounts, segments[0], p) for p in products]
    return total - sum(v for v in shown if v is not None and v == v)


def _other_total(matrix: Any, products: list[Any]) -> Any:
    """The core's total of the products not shown (the Other column's TOTAL)."""
    if matrix is None or len(products) == len(matrix.amounts.columns) \
            or matrix.total != matrix.total:
        return None
    shown = [cached_at(matrix.product_totals, p) for p in products]
    return matrix.total - sum(v for v in shown if v is not None and v == v)


def _other_row_value(matrix: Any, segments: list[Any], products: list[Any], j: int) -> Any:
    """The core's Other row at column ``j`` (a product, then the Other column, then the
    total): the column's total less the segments shown; blank when all are shown."""
    if matrix is None or len(segments) == len(matrix.amounts.index):
        return None
    if j < PRODUCTS:
        if j >= len(products):
            return None
        total = cached_at(matrix.product_totals, products[j])
        shown = [cached_at(matrix.amounts, s, products[j]) for s in segments]
    elif j == PRODUCTS:
        total = _other_total(matrix, products)
        shown = [_other(matrix, [s], products) for s in segments]
    else:
        total = matrix.total
        shown = [cached_at(matrix.segment_totals, s) for s in segments]
    if total is None or total != total:
        return None
    return total - sum(v for v in shown if v is not None and v == v)


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
        row_total = f"N(${book.column_letter(_TOTAL_COL)}{_GRID + i + 1})"
        for j in range(PRODUCTS):
            letter = book.column_letter(1 + j)
            amount = f"{letter}{_GRID + i + 1}"
            col_total = f"N({letter}${_TOTAL_ROW + 1})"
            expected = f"{row_total}*{col_total}/{total}"
            formula = (
                f'IF(OR({source}="",{letter}${_GRID}="",NOT(N({total})>0)),"",'
                f"IF(AND(ISNUMBER({amount}),{amount}>={win_share}*{total}-{slack}),{win},"
                f"IF(AND({row_total}>0,{col_total}>0,{expected}>={min_expected}*{total}"
                f"-{slack},N({amount})<={develop_ratio}*{expected}+{slack}),{develop},"
                '"")))')
            value = None
            if signals is not None and i < len(segments) and j < len(products):
                word = cached_at(signals, segments[i], products[j])
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
    year = f"{t.col('year')},{YEAR}"
    margin_total = _measure(lambda m: (
        f'IF(COUNTIFS({year},{m},"<>",{t.col("margin")},"<>")=0,"",'
        f'SUMIFS({t.col("margin")},{year},{m},"<>"))'), t)
    c = StructuredRefs(layout.CLIENTS, book.lang)
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
            crit = f"{column},{exact(name)},{year}"
            margin = _measure(lambda m, crit=crit: (
                f'IF(COUNTIFS({crit},{m},"<>",{t.col("margin")},"<>")=0,"",'
                f'SUMIFS({t.col("margin")},{crit},{m},"<>"))'), t)
            amount = _measure(lambda m, crit=crit: (
                f'IF(COUNTIFS({crit},{m},"<>")=0,"",SUMIFS({m},{crit}))'), t)
            if by == "product":  # one row per client, product and year
                clients = _measure(lambda m, crit=crit: f'COUNTIFS({crit},{m},"<>")', t)
            else:  # a client's rows share its segment: count it once, in tblClients
                held = f"{c.col('segment')},{exact(name)}"
                clients = (f'IF({USES_MARGIN},COUNTIFS({held},{c.col("margin")},"<>"),'
                           f'COUNTIFS({held},{c.col("revenue_curr")},"<>"))')
            label = names[i] if i < len(names) else None
            values: tuple[Any, ...] = (label, None, None, None, None, None)
            if table is not None and label is not None:
                values = (label, *(cached_at(table[c], label) for c in (
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
        value = pd.to_numeric(matrix_sales(book.data)["margin"],
                              errors="coerce").sum(min_count=1)
    book.formula(key, row, 1, margin_total, value, "computed", "money")
    book.name("fig_matrix_margin_total", key, row, 1)

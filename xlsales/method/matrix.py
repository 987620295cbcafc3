"""The segment × product matrix of the commercial action plan (METHOD.md §5).

Once a year the manager crosses client segments with the offer, fills the matrix with
revenue (or margin) and brings out the winning combinations, the combinations to develop
and what abandoning a target would put at risk.

An empty cell (no sale recorded) is not a 0 (sold nothing, measured): the matrix keeps it
blank (NaN) and only the "to develop" test reads it as 0 sold.

Rules chosen where METHOD.md is silent:
- Segments and products keep the order in which they first appear: the user's order.
  Names that differ only by case are one segment or product, as Excel's SUMIFS reads
  them (``values.fold_key``), shown as first spelled; in a filled table they are
  duplicates.
- Lines for the same segment and product add up (one line per sale); credit notes net.
  A line with no segment, no product and no amount is skipped (the empty tail of a
  range); a line with an amount but no segment or product is an error.
- A segment or product total is blank when none of its cells is recorded.
- Shares, win and develop tests are compared with a tolerance of 1e-9 of the grand total,
  as the ABC cut-offs are. A cell that is both winning and below its prediction is
  reported as winning: it already holds a tenth of the business.
- The clients a segment or product holds are the distinct clients on its lines with a
  recorded amount (a measured 0 included).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, say
from xlsales.common.shapes import align
from xlsales.common.values import (
    first_spellings,
    fold_key,
    to_keys,
    to_number,
    to_numbers,
    to_share,
)

__all__ = [
    "LABELS",
    "AbandonRisk",
    "MatrixSignals",
    "SegmentMatrix",
    "abandon_risk",
    "matrix_signals",
    "segment_product_matrix",
]

LABELS: dict[str, dict[str, str]] = {
    "segment": {"en": "Segment", "fr": "Segment"},
    "product": {"en": "Product", "fr": "Produit"},
    "total": {"en": "Total", "fr": "Total"},
    "win": {"en": "Winning combination", "fr": "Combinaison gagnante"},
    "develop": {"en": "To develop", "fr": "À développer"},
    "signal": {"en": "Signal", "fr": "Signal"},
    "amount": {"en": "Amount", "fr": "Montant"},
    "share": {"en": "Share of total", "fr": "Part du total"},
    "expected": {"en": "Expected", "fr": "Attendu"},
    "revenue": {"en": "Revenue", "fr": "Chiffre d'affaires"},
    "revenue_share": {"en": "Share of revenue", "fr": "Part du chiffre d'affaires"},
    "margin": {"en": "Margin", "fr": "Marge"},
    "margin_share": {"en": "Share of margin", "fr": "Part de la marge"},
    "clients": {"en": "Clients", "fr": "Clients"},
}

_TOLERANCE = 1e-9


@dataclass(frozen=True, eq=False)
class SegmentMatrix:
    """Amounts by segment (rows) and product (columns); NaN where no sale was recorded."""

    amounts: pd.DataFrame
    segment_totals: pd.Series
    product_totals: pd.Series
    total: float

    def to_frame(self, lang: str = "en", totals: bool = True) -> pd.DataFrame:
        """The matrix as the deck shows it, with a TOTAL row and column when ``totals``."""
        frame = self.amounts.copy()
        if totals:
            word = say(LABELS, "total", lang).upper()
            frame[word] = self.segment_totals
            frame.loc[word] = [*self.product_totals.tolist(), self.total]
        frame.index.name = say(LABELS, "segment", lang)
        frame.columns.name = say(LABELS, "product", lang)
        return frame


@dataclass(frozen=True, eq=False)
class MatrixSignals:
    """Which combinations win and which to develop, and what each target weighs.

    ``signals`` holds "win", "develop" or None per cell; ``shares`` each cell's share of
    the grand total; ``expected`` what a cell would sell if its segment bought the products
    in the same mix as everyone (row total × column total / grand total);
    ``segment_shares`` and ``product_shares`` the revenue put at risk by abandoning each.
    """

    signals: pd.DataFrame
    shares: pd.DataFrame
    expected: pd.DataFrame
    segment_shares: pd.Series
    product_shares: pd.Series
    matrix: SegmentMatrix

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per signalled cell: winners by share, then cells to develop by expected."""
        rows = []
        for signal in ("win", "develop"):
            cells = [(s, p) for s in self.signals.index for p in self.signals.columns
                     if self.signals.at[s, p] == signal]
            order = self.shares if signal == "win" else self.expected
            cells.sort(key=lambda cell: -order.at[cell])
            rows += [(s, p, say(LABELS, signal, lang), self.matrix.amounts.at[s, p],
                      self.shares.at[s, p], self.expected.at[s, p]) for s, p in cells]
        keys = ("segment", "product", "signal", "amount", "share", "expected")
        return pd.DataFrame(rows, columns=[say(LABELS, k, lang) for k in keys])


@dataclass(frozen=True, eq=False)
class AbandonRisk:
    """Per segment and per product: revenue and its share, margin and its share (when
    margins were given), distinct clients (when clients were given)."""

    segments: pd.DataFrame
    products: pd.DataFrame

    def to_frame(self, by: str = "segment", lang: str = "en") -> pd.DataFrame:
        """The ``segments`` or ``products`` table with its headers in ``lang``."""
        if by not in ("segment", "product"):
            raise XlsalesError("by", "choice", value=by, choices="segment, product")
        lang = check_lang(lang)
        frame = (self.segments if by == "segment" else self.products).copy()
        frame.columns = [say(LABELS, c, lang) for c in frame.columns]
        frame.index.name = say(LABELS, by, lang)
        return frame


def segment_product_matrix(segments: Any, products: Any = None,
                           amounts: Any = None) -> SegmentMatrix:
    """The segment × product matrix from three parallel columns (one row per sale or per
    client-product line), or from an already-filled table (a DataFrame: segments as its
    index, products as its columns, no totals)."""
    if isinstance(segments, pd.DataFrame) and products is None and amounts is None:
        return _from_table(segments)
    lines = _lines(segments, products, amounts)
    seg_codes, seg_names = pd.factorize(np.asarray(lines["segment"], dtype=object))
    prod_codes, prod_names = pd.factorize(np.asarray(lines["product"], dtype=object))
    grid = np.zeros((len(seg_names), len(prod_names)))
    recorded = np.zeros(grid.shape, dtype=bool)
    amount = lines["amount"].to_numpy()
    sold = ~np.isnan(amount)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is told by _matrix
        np.add.at(grid, (seg_codes[sold], prod_codes[sold]), amount[sold])
    recorded[seg_codes[sold], prod_codes[sold]] = True
    grid[~recorded] = math.nan
    return _matrix(pd.DataFrame(grid, index=pd.Index(list(seg_names), dtype=object),
                                columns=pd.Index(list(prod_names), dtype=object)))


def _from_table(table: pd.DataFrame) -> SegmentMatrix:
    segments = to_keys(table.index, "segments", blank_ok=False)
    products = to_keys(pd.Series(table.columns), "products", blank_ok=False)
    for arg, keys in (("segments", segments), ("products", products)):
        seen: set[str | None] = set()
        for i, key in enumerate(keys):
            if fold_key(key) in seen:
                raise XlsalesError(arg, "duplicate", row=i + 1, value=key)
            seen.add(fold_key(key))
    grid = np.empty(table.shape)
    for j in range(table.shape[1]):
        try:
            grid[:, j] = to_numbers(table.iloc[:, j], "amounts")
        except XlsalesError as err:
            raise err.at_row(err.row, column=products[j]) from None
    return _matrix(pd.DataFrame(grid, index=pd.Index(segments, dtype=object),
                                columns=pd.Index(products, dtype=object)))


def _matrix(amounts: pd.DataFrame) -> SegmentMatrix:
    """The matrix with its totals; amounts whose sum overflows are refused (every share
    would read 0 or NaN, and no cell could win)."""
    grid = np.abs(amounts.to_numpy())
    with np.errstate(over="ignore", invalid="ignore"):
        if grid.size and not np.isfinite(np.nansum(grid)):
            raise XlsalesError("amounts", "sum_too_large")
    return SegmentMatrix(
        amounts=amounts,
        segment_totals=amounts.sum(axis=1, min_count=1),
        product_totals=amounts.sum(axis=0, min_count=1),
        total=float(amounts.stack().sum(min_count=1)) if amounts.size else math.nan,
    )


def _lines(segments: Any, products: Any, amounts: Any, **extra: Any) -> pd.DataFrame:
    """The sales lines as a table (segment, product, amount and any extra column), the
    empty ones dropped."""
    given = {k: v for k, v in extra.items() if v is not None}
    flats, _ = align(segments=segments, products=products, amounts=amounts, **given)
    seg = first_spellings(to_keys(flats[0], "segments"))
    prod = first_spellings(to_keys(flats[1], "products"))
    columns: dict[str, Any] = {"segment": seg, "product": prod,
                               "amount": to_numbers(flats[2], "amounts")}
    for (name, _value), flat in zip(given.items(), flats[3:], strict=True):
        column = name.removesuffix("s")
        columns[column] = (to_keys(flat, name) if name == "clients"
                           else to_numbers(flat, name))
    lines = pd.DataFrame(columns).astype({"segment": object, "product": object})
    lines = lines[~lines.isna().all(axis=1)]
    for arg, column in (("segments", "segment"), ("products", "product")):
        missing = lines[column].isna().to_numpy()
        if missing.any():
            raise XlsalesError(arg, "blank", row=int(lines.index[missing][0]) + 1)
    return lines


def matrix_signals(matrix: Any, win_share: Any = 0.10, develop_ratio: Any = 0.5,
                   min_expected: Any = 0.02) -> MatrixSignals:
    """The winning combinations and those to develop (METHOD.md §5's rule).

    Win: a cell holding at least ``win_share`` of the grand total. Develop: a cell whose
    segment and product both sell but which sells at most ``develop_ratio`` × expected,
    where expected (row total × column total / grand total) is at least ``min_expected``
    of the grand total. ``matrix`` is a SegmentMatrix or a filled DataFrame.
    """
    if not isinstance(matrix, SegmentMatrix):
        matrix = segment_product_matrix(matrix)
    win = to_share(win_share, "win_share")
    ratio = to_share(develop_ratio, "develop_ratio")
    floor = _share_or_zero(min_expected, "min_expected")
    total = matrix.total
    if not total > 0:
        raise XlsalesError("amounts", "no_total")
    rows = matrix.segment_totals.fillna(0.0)
    cols = matrix.product_totals.fillna(0.0)
    expected = pd.DataFrame(np.outer(rows, cols) / total, index=rows.index, columns=cols.index)
    amounts = matrix.amounts.to_numpy()
    sold = np.nan_to_num(amounts, nan=0.0)  # "no sale" sells 0 against its prediction
    slack = _TOLERANCE * total
    develops = (
        np.outer(rows > 0, cols > 0)
        & (expected.to_numpy() >= floor * total - slack)
        & (sold <= ratio * expected.to_numpy() + slack)
    )
    signals = np.full(amounts.shape, None, dtype=object)
    signals[develops] = "develop"
    signals[amounts >= win * total - slack] = "win"
    return MatrixSignals(
        signals=pd.DataFrame(signals, index=expected.index, columns=expected.columns,
                             dtype=object),
        shares=matrix.amounts / total,
        expected=expected,
        segment_shares=matrix.segment_totals / total,
        product_shares=matrix.product_totals / total,
        matrix=matrix,
    )


def _share_or_zero(value: Any, arg: str) -> float:
    """A share as ``to_share`` reads it, where 0 is allowed (no floor)."""
    if to_number(value, arg, negative_ok=False) == 0:
        return 0.0
    return to_share(value, arg)


def abandon_risk(segments: Any, products: Any, amounts: Any, margins: Any = None,
                 clients: Any = None) -> AbandonRisk:
    """What abandoning each segment or product would put at risk: its revenue and share
    of the total, its margin and share (when ``margins`` are given), its distinct clients
    (when ``clients`` are given). Parallel columns, one row per sale or client-product
    line. Margin shares are blank when the total margin is not above 0."""
    lines = _lines(segments, products, amounts, margins=margins, clients=clients)
    total = lines["amount"].sum(min_count=1)
    if not total > 0:
        raise XlsalesError("amounts", "no_total")
    return AbandonRisk(segments=_weights(lines, "segment", total),
                       products=_weights(lines, "product", total))


def _weights(lines: pd.DataFrame, by: str, total: float) -> pd.DataFrame:
    groups = lines.groupby(by, sort=False)
    out = pd.DataFrame({"revenue": groups["amount"].sum(min_count=1)})
    out["revenue_share"] = out["revenue"] / total
    if "margin" in lines:
        out["margin"] = groups["margin"].sum(min_count=1)
        margin_total = lines["margin"].sum(min_count=1)
        out["margin_share"] = out["margin"] / margin_total if margin_total > 0 else math.nan
    if "client" in lines:
        recorded = lines[lines["amount"].notna()]
        out["clients"] = recorded.groupby(by, sort=False)["client"].nunique().reindex(
            out.index, fill_value=0)
    out.index.name = None
    return out

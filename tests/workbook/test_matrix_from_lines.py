"""The Matrix sheet is the ledger's sales, cell by cell (issue 11 item 1, issue 12 item 3).

A ledger shaped like a distributor's export (21 segments × 10 products, two to five
products and several lines per client, credit notes, clients in one year only) goes
through ``xlsales report``; the Matrix sheet's cells — the core's cached values, then
LibreOffice's own recalculation of the SUMIFS over tblSales — must equal a pandas pivot of
the lines of 2025, blank where no line was recorded. Expected values never come from
xlsales: they are ``pd.pivot_table`` of the lines the test wrote.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import range_boundaries
from typer.testing import CliRunner

from tests.harness.ledgers import portfolio_csv
from tests.harness.libreoffice import recalculate, require_libreoffice
from xlsales.app.cli import app
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import analyse
from xlsales.sources.ledger import read_ledger
from xlsales.sources.ledger_plan import plan_from_ledger

RUNNER = CliRunner()
COLUMNS = ["client", "date", "amount", "segment", "product", "margin"]


def _pivot(lines: list[tuple], value: str = "amount", year: int = 2025) -> pd.DataFrame:
    """Segment × product sums of the lines of ``year``; names that differ only by case
    are one, named as first written (the test's own folding: ``str.lower``)."""
    frame = pd.DataFrame(lines, columns=COLUMNS)
    first: dict[str, str] = {}
    frame["segment"] = [first.setdefault(s.lower(), s) for s in frame["segment"]]
    frame = frame[[d.year == year for d in frame["date"]]]
    return pd.pivot_table(frame, values=value, index="segment", columns="product",
                          aggfunc="sum")


def _report(tmp_path: Path, lines_path: Path, lang: str = "en") -> Path:
    out = tmp_path / f"plan-{lang}.xlsx"
    result = RUNNER.invoke(app, ["report", str(lines_path), "-o", str(out), "--quiet",
                                 "--lang", lang])
    assert result.exit_code == 0, result.output
    return out


def _area(book, name: str) -> tuple[str, tuple[int, int, int, int]]:
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return sheet.strip("'"), range_boundaries(ref.replace("$", ""))


def _matrix_cells(path: Path, formulas_book: Path | None = None) -> dict[tuple, object]:
    """(segment, product) → the cell's value, for every header pair shown, and the
    headers' row/column totals as (segment, "TOTAL") and ("TOTAL", product)."""
    names = openpyxl.load_workbook(formulas_book or path)
    book = openpyxl.load_workbook(path, data_only=True)
    sheet, (c0, r0, _, r1) = _area(names, "xls_matrix_segments")
    _, (p0, pr, p1, _) = _area(names, "xls_matrix_products")
    ws = book[sheet]
    segments = [ws.cell(r, c0).value for r in range(r0, r1 + 1)]
    products = [ws.cell(pr, c).value for c in range(p0, p1 + 1)]
    cells = {}
    for i, segment in enumerate(segments):
        for j, product in enumerate(products):
            if segment is not None and product is not None:
                cells[segment, product] = ws.cell(r0 + i, p0 + j).value
    return cells, segments, products, ws, (r0, p0)


def _same(got, want) -> bool:
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return got in (None, "")
    return isinstance(got, int | float) and got == pytest.approx(want, abs=0.005)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matrix")
    path, lines = portfolio_csv(folder)
    return folder, path, lines


def test_the_ledger_is_shaped_like_a_real_export(ledger):
    _, _, lines = ledger
    frame = pd.DataFrame(lines, columns=COLUMNS)
    per_client = frame.groupby("client")["product"].nunique()
    assert frame["segment"].nunique() == 21 and frame["product"].nunique() == 10
    assert per_client.min() >= 2 and (frame["amount"] < 0).sum() > 20
    assert frame.groupby("client").size().min() >= 2


def test_the_clients_totals_agree_with_the_sales_table(ledger):
    _, path, lines = ledger
    data = plan_from_ledger(read_ledger(path).lines)
    sales, clients = data.sales, data.clients.set_index("client")
    assert list(sales.columns) == layout.SALES.keys()
    frame = pd.DataFrame(lines, columns=COLUMNS)
    for year, column in ((2025, "revenue_curr"), (2024, "revenue_prev")):
        in_table = sales[sales["year"] == year].groupby("client")["revenue"].sum()
        by_hand = frame[[d.year == year for d in frame["date"]]].groupby("client")["amount"].sum()
        pd.testing.assert_series_equal(in_table.sort_index(), by_hand.sort_index(),
                                       check_names=False, atol=0.005, check_index_type=False)
        shown = clients[column].dropna()
        pd.testing.assert_series_equal(shown.sort_index().astype(float),
                                       in_table.reindex(shown.index).sort_index(),
                                       check_names=False, atol=0.005, check_index_type=False)
    # one row per client, product and year
    assert not sales.duplicated(["client", "product", "year"]).any()


def test_the_core_matrix_is_the_pivot_of_the_lines(ledger):
    _, path, lines = ledger
    results = analyse(plan_from_ledger(read_ledger(path).lines))
    want = _pivot(lines)
    got = results.matrix.amounts.loc[want.index, want.columns]
    assert got.shape == (21, 10)
    pd.testing.assert_frame_equal(got.astype(float), want, check_names=False, atol=0.005,
                                  check_index_type=False, check_column_type=False)


def _check_sheet(path: Path, lines: list[tuple], formulas_book: Path | None = None) -> None:
    cells, segments, products, _, _ = _matrix_cells(path, formulas_book)
    want = _pivot(lines)
    # every segment and product of the data has its row or column
    assert sorted(s for s in segments if s) == sorted(want.index)
    assert sorted(p for p in products if p) == sorted(want.columns)
    wrong = [(s, p, cells[s, p], want.at[s, p]) for s in want.index for p in want.columns
             if not _same(cells[s, p], want.at[s, p])]
    assert not wrong, wrong[:5]
    assert any(pd.isna(want.at[s, p]) for s in want.index for p in want.columns)


def test_the_matrix_sheet_shows_the_pivot_before_recalculation(tmp_path, ledger):
    _, path, lines = ledger
    _check_sheet(_report(tmp_path, path), lines)


@pytest.mark.libreoffice
def test_the_matrix_sheet_recalculated_by_libreoffice_is_the_pivot(tmp_path, ledger):
    require_libreoffice()
    _, path, lines = ledger
    book = _report(tmp_path, path)
    recalculated = recalculate(book, tmp_path / "recalc")
    _check_sheet(recalculated, lines, formulas_book=book)


# --- more than 40 × 25: Other --------------------------------------------------------


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wide")
    path, lines = portfolio_csv(folder, segments=45, products=28, clients=900, seed=3,
                                name="wide.csv")
    return folder, path, lines


def _other_expected(lines: list[tuple]) -> tuple[list[str], list[str], pd.DataFrame]:
    """The 5 smallest segments and 3 smallest products of 2025 (by total), by hand."""
    want = _pivot(lines)
    small_segments = list(want.sum(axis=1).abs().sort_values().index[:5])
    small_products = list(want.sum(axis=0).abs().sort_values().index[:3])
    return small_segments, small_products, want


def _check_other(path: Path, lines: list[tuple], lang: str,
                 formulas_book: Path | None = None) -> None:
    cells, segments, products, ws, (r0, p0) = _matrix_cells(path, formulas_book)
    small_segments, small_products, want = _other_expected(lines)
    shown_segments = [s for s in segments if s]
    shown_products = [p for p in products if p]
    assert len(shown_segments) == 40 and len(shown_products) == 25
    assert not set(shown_segments) & set(small_segments)
    assert not set(shown_products) & set(small_products)
    other = "Other" if lang == "en" else "Autres"
    other_row, other_col = r0 + 40, p0 + 25
    assert ws.cell(other_row, 1).value == other
    assert ws.cell(r0 - 1, other_col).value == other
    # the Other row: per product shown, the small segments' sum; the Other column: per
    # segment shown, the small products' sum
    for j, product in enumerate(products):
        expected = want.loc[small_segments, product].sum(min_count=1)
        assert _same(ws.cell(other_row, p0 + j).value, 0.0 if pd.isna(expected) else expected)
    for i, segment in enumerate(segments):
        expected = want.loc[segment, small_products].sum(min_count=1)
        assert _same(ws.cell(r0 + i, other_col).value, 0.0 if pd.isna(expected) else expected)
    corner = want.loc[small_segments, small_products].sum().sum()
    assert _same(ws.cell(other_row, other_col).value, corner)
    # the grand total holds every line of 2025
    assert _same(ws.cell(other_row + 1, other_col + 1).value, want.sum().sum())
    wrong = [(s, p) for s in shown_segments for p in shown_products
             if not _same(cells[s, p], want.at[s, p])]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_past_40_by_25_the_smallest_go_to_other_with_a_note(tmp_path, wide, lang):
    _, path, lines = wide
    book = _report(tmp_path, path, lang)
    _check_other(book, lines, lang)
    small_segments, small_products, want = _other_expected(lines)
    ws = openpyxl.load_workbook(book)[layout.sheet_name("matrix", lang)]
    _sheet, (col, row, _, _) = _area(openpyxl.load_workbook(book), "xls_matrix_note")
    note = ws.cell(row, col).value
    segments_amount = want.loc[small_segments].sum().sum()
    products_amount = want[small_products].sum().sum()
    from xlsales.common.text import money

    if lang == "en":
        assert note == (
            f"Other: the 5 smallest segments ({money(segments_amount, 'en')} of revenue) and "
            f"the 3 smallest products ({money(products_amount, 'en')} of revenue), grouped "
            "so the matrix stays readable; the totals include them.")
    else:
        assert note == (
            f"Autres : les 5 plus petits segments ({money(segments_amount, 'fr')} de CA) et "
            f"les 3 plus petits produits ({money(products_amount, 'fr')} de CA), regroupés "
            "pour que la matrice reste lisible ; les totaux les comprennent.")


@pytest.mark.libreoffice
def test_other_recalculated_by_libreoffice_holds_the_smallest(tmp_path, wide):
    require_libreoffice()
    _, path, lines = wide
    book = _report(tmp_path, path)
    _check_other(recalculate(book, tmp_path / "recalc"), lines, "en", formulas_book=book)


# --- one folding rule: "Seg 3", "SEG 3" and "seg 3" are one segment -------------------


@pytest.fixture(scope="module")
def spelled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spelled")
    path, lines = portfolio_csv(folder, segments=6, products=5, clients=60, seed=10,
                                name="spelled.csv", spellings=True)
    return folder, path, lines


def test_segments_differing_by_case_are_one_row_with_the_first_spelling(spelled):
    _, path, lines = spelled
    results = analyse(plan_from_ledger(read_ledger(path).lines))
    want = _pivot(lines)
    assert sorted(results.matrix.amounts.index) == sorted(want.index)  # 6, first spellings
    got = results.matrix.amounts.loc[want.index, want.columns].astype(float)
    pd.testing.assert_frame_equal(got, want, check_names=False, atol=0.005,
                                  check_index_type=False, check_column_type=False)


def _signals_by_hand(want: pd.DataFrame) -> tuple[list, list]:
    """METHOD.md §5's rule on the pivot: win from 10 % of the total; develop where the
    segment and product both sell, expected (row × column / total) is at least 2 % of the
    total and the cell sells at most half of it."""
    total = want.sum().sum()
    rows, cols = want.sum(axis=1), want.sum(axis=0)
    develop, win = [], []
    for s in want.index:
        for p in want.columns:
            sold = 0.0 if pd.isna(want.at[s, p]) else want.at[s, p]
            expected = rows[s] * cols[p] / total
            if sold >= 0.1 * total:
                win.append((s, p, sold / total))
            elif rows[s] > 0 and cols[p] > 0 and expected >= 0.02 * total \
                    and sold <= 0.5 * expected:
                develop.append((s, p, sold, expected))
    develop.sort(key=lambda c: -c[3])
    win.sort(key=lambda c: -c[2])
    return develop, win


def test_the_plan_sentences_and_the_summary_follow_the_folded_matrix(spelled):
    from xlsales.app import summary
    from xlsales.common.text import number, percent

    _, path, lines = spelled
    results = analyse(plan_from_ledger(read_ledger(path).lines))
    develop, win = _signals_by_hand(_pivot(lines))
    assert develop and win
    words = blocks.LABELS
    want = [["To develop", words["plan_develop"]["en"].format(
        product=p, segment=s, actual=number(sold, "en"), expected=number(expected, "en"))]
        for s, p, sold, expected in develop]
    want += [["To defend", words["plan_defend"]["en"].format(
        segment=s, product=p, share=percent(share, "en"))] for s, p, share in win]
    rows = [row for row in blocks.plan_actions(results, "en")
            if row[0] in ("To develop", "To defend")]
    assert rows == want
    # the terminal summary's matrix section: one row per signalled cell, first spellings
    section = summary._matrix(results, "en")
    named = [(row[0], row[1]) for row in section.rows]
    assert named == [(s, p) for s, p, _ in win] + [(s, p) for s, p, _, _ in develop]


def test_the_udfs_fold_case_as_sumifs(spelled):
    from xlsales.excel import udfs

    _, _, lines = spelled
    frame = pd.DataFrame(lines, columns=COLUMNS)
    frame = frame[[d.year == 2025 for d in frame["date"]]]
    grid = udfs.SEGMENT_MATRIX(frame["segment"].tolist(), frame["product"].tolist(),
                               frame["amount"].tolist())
    first: dict[str, str] = {}
    want = sorted({first.setdefault(s.lower(), s) for s in frame["segment"]})
    assert len(want) == 6
    _header, *body = grid
    assert sorted(row[0] for row in body[:-1]) == want  # the last row is TOTAL
    signals = udfs.MATRIX_SIGNALS(frame["segment"].tolist(), frame["product"].tolist(),
                                  frame["amount"].tolist())
    assert sorted(row[0] for row in signals[1:-1]) == want

"""The template's native formulas, recalculated from scratch by LibreOffice, give the
Python core's results (``plan.analyse``) on the same data: the truth for the template.

Each workbook is generated, recalculated by LibreOffice (a real spreadsheet engine that
ignores the cached values), read back with openpyxl and compared twice: every formula
cell against the Python result the generator cached in it, and every figure of the
method against ``plan.analyse``'s results, found through the workbook's contract (table
names, ``layout`` areas and the ``fig_`` names).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import (
    blank,
    error_cells,
    formula_mismatches,
    named,
    same,
    table,
)
from xlsales.method import churn
from xlsales.method.activity import FACTORS
from xlsales.method.activity import LABELS as ACTIVITY_LABELS
from xlsales.method.computed_abc import abc_curve
from xlsales.method.funnel import source_key, stage_label
from xlsales.method.matrix import LABELS as MATRIX_LABELS
from xlsales.method.potential import APPROACHES
from xlsales.method.potential import LABELS as POTENTIAL_LABELS
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import PlanData, PlanResults, PlanSettings, analyse
from xlsales.sources.ledger_plan import demo_plan
from xlsales.workbook import write_plan_workbook
from xlsales.workbook.clients import LABELS as CLIENT_LABELS
from xlsales.workbook.qualification import LABELS as QUALIFICATION_LABELS

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


@dataclass
class Case:
    data: PlanData
    results: PlanResults
    lang: str
    original: Path
    book: openpyxl.Workbook  # recalculated by LibreOffice, values only

    def say(self, labels: dict, key: str) -> str:
        return labels[key][self.lang]


def _case(factory: pytest.TempPathFactory, name: str, data: PlanData, lang: str) -> Case:
    require_libreoffice()
    folder = factory.mktemp(name)
    original = folder / f"{name}.xlsx"
    write_plan_workbook(data, original, lang=lang)
    fresh = recalculate(original, folder / "recalculated")
    return Case(data, analyse(data), lang, original,
                openpyxl.load_workbook(fresh, data_only=True))


def _edge_data() -> PlanData:
    """Ties at the A/B limit, blanks, zeros, negative revenue, names that look like
    criteria (* and <), a never-contacted prospect, salespeople at 0 and at 10."""
    clients = pd.DataFrame({
        "client": [f"C{i}" for i in range(1, 10)],
        "name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota"],
        "segment": ["S*", "S*", "T", "T", "U?", "U?", "U?", "T", "S*"],
        "product": ["<P1", "P2", "<P1", "P2", "<P1", "P2", "P2", "<P1", "P2"],
        "revenue_prev": [100, 50, None, 20, 10, 5, 8, 7, 3],
        "revenue_curr": [100, 50, 50, 50, 30, 20, 0, -10, None],
        "margin": [30, 10, 12, 5, 3, 2, 0, -2, None],
        "pot_size": [5, 4, None, 2, 1, 3, 3, 2, 1],
        "pot_competition": [5, 4, None, 2, 1, 3, 3, 2, 1],
        "pot_sector": [5, 4, None, 2, 1, 3, 3, 2, 1],
        "pot_suppliers": [5, None, None, 2, 1, 3, 3, 2, 1],
        "risk_reliability": [5, 4, 1, 2, 3, 5, 5, 1, 1],
        "risk_finance": [5, 4, 1, 2, 3, 5, 5, 1, 1],
        "risk_competitors": [5, 4, 1, 2, 3, 5, 5, 1, 1],
        "potential_revenue": [200, 50, None, 0, 100, 20, 10, 5, None],
    })
    day = dt.datetime
    prospects = pd.DataFrame({
        "name": ["Dupont", "Martin", "Durand", "Petit"],
        "first_name": ["Anne", None, "Luc", "Eve"],
        "job_title": ["DG", None, "DAF", None], "email": [None, None, "l@d.fr", None],
        "company": ["X", "Y", "Z", "W"], "project": [True, None, False, True],
        "last_purchase": [None, None, day(2024, 5, 1), None],
        "potential": [4.5, None, 1, 3], "accessibility": [4, 2, 1, 3],
        "last_contact": [day(2026, 10, 1), None, day(2026, 9, 1), day(2025, 1, 15)],
        "source": ["networks", "Salon", "recommendation", "networks"],
        "stage": ["hot", "prospects", "clients", "cold"],
    })
    team = pd.DataFrame({"salesperson": ["Ann", "Bob", "Cid", "Dan"],
                         "quantity": [7, 10, 0, None], "orientation": [6, 10, 5, 4],
                         "efficiency": [5, 10, 5, 4]})
    settings = PlanSettings(a_share=0.6, b_share=0.95, today=dt.date(2026, 11, 26))
    return PlanData(clients=clients, prospects=prospects, team=team, settings=settings)


@pytest.fixture(scope="module")
def demo_en(tmp_path_factory):
    return _case(tmp_path_factory, "demo-en", demo_plan(), "en")


@pytest.fixture(scope="module")
def small_fr(tmp_path_factory):
    """French, a smaller demo, the computed ABC method, the matrix on margin, weights."""
    data = demo_plan(clients=200)
    settings = replace(data.settings, method="computed", measure="margin", growth=0.05,
                       weights_potential=(2.0, 1.0, 1.0, 0.5), churn_years=8)
    return _case(tmp_path_factory, "small-fr", replace(data, settings=settings), "fr")


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    return _case(tmp_path_factory, "edge", _edge_data(), "en")


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    return _case(tmp_path_factory, "empty", PlanData(), "en")


CASES = ["demo_en", "small_fr", "edge"]


@pytest.fixture(params=CASES)
def case(request) -> Case:
    return request.getfixturevalue(request.param)


def _expect(pairs) -> None:
    """Assert every (what, expected, found) agrees, listing all that do not."""
    wrong = [f"{what}: expected {want!r}, found {got!r}" for what, want, got in pairs
             if not same(want, got)]
    assert not wrong, "\n".join(wrong[:30])


# --- every formula cell ---------------------------------------------------------------


@pytest.mark.parametrize("name", [*CASES, "empty"])
def test_every_formula_computes_the_python_result_it_caches(name, request):
    case = request.getfixturevalue(name)
    count, bad = formula_mismatches(str(case.original), _recalculated_path(case))
    assert count > 1000
    assert not bad, "\n".join(bad[:30])


def _recalculated_path(case: Case) -> str:
    return str(case.original.parent / "recalculated" / case.original.name)


@pytest.mark.parametrize("name", [*CASES, "empty"])
def test_no_cell_holds_an_error(name, request):
    case = request.getfixturevalue(name)
    assert error_cells(case.book) == []


# --- tables: one calculated value per row -------------------------------------------


def _column(case: Case, table_def: layout.Table, key: str) -> list:
    header = table_def.column(key).header(case.lang)
    return [row[header] for row in table(case.book, table_def.name)]


def _words(case: Case, values, labels) -> list:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else labels(v)
            for v in values]


def test_client_columns_are_the_cores(case):
    r = case.results
    level = {kind: (lambda n, kind=kind: POTENTIAL_LABELS[f"{kind}_{n}"][case.lang])
             for kind in ("potential", "risk")}
    expected = {
        "status": _words(case, r.status, lambda k: CLIENT_LABELS[k][case.lang]),
        "abc_class": list(r.abc_class),
        "potential_score": list(r.potential_score),
        "potential_level": _words(case, r.potential_level, level["potential"]),
        "risk_score": list(r.risk_score),
        "risk_level": _words(case, r.risk_level, level["risk"]),
        "share_of_wallet": list(r.share_of_wallet),
        "untapped": list(r.untapped),
        "approach": [blocks.approach_label(k, case.lang) for k in r.approach],
    }
    for key, values in expected.items():
        found = _column(case, layout.CLIENTS, key)
        assert len(found) == len(values)
        _expect((f"{key}, row {i + 1}", want, got)
                for i, (want, got) in enumerate(zip(values, found, strict=True)))


def test_prospect_columns_are_the_cores(case):
    r, lang = case.results, case.lang
    expected = {
        "potential_level": _words(case, r.prospect_potential_level,
                                  lambda n: POTENTIAL_LABELS[f"potential_{n}"][lang]),
        "access_level": _words(case, r.prospect_access_level,
                               lambda n: POTENTIAL_LABELS[f"accessibility_{n}"][lang]),
        "priority": list(r.priority),
        "next_contact": list(r.next_contact),
        "overdue": _words(case, r.overdue,
                          lambda v: QUALIFICATION_LABELS["yes" if v else "no"][lang]),
        "completeness": list(r.completeness),
    }
    for key, values in expected.items():
        found = _column(case, layout.PROSPECTS, key)
        _expect((f"{key}, row {i + 1}", want, got)
                for i, (want, got) in enumerate(zip(values, found, strict=True)))


def test_team_columns_are_the_cores(case):
    r = case.results
    factors = [ACTIVITY_LABELS[f][case.lang] if isinstance(f, str) else None
               for f in np.asarray(r.lever.factor, dtype=object)]
    expected = {"index": list(r.activity_index), "lever": factors,
                "gain": list(np.asarray(r.lever.gain, dtype=float))}
    for key, values in expected.items():
        found = _column(case, layout.TEAM, key)
        _expect((f"{key}, row {i + 1}", want, got)
                for i, (want, got) in enumerate(zip(values, found, strict=True)))


def test_funnel_columns_are_the_cores(case):
    ratios, needed = case.results.funnel_ratios, case.results.funnel_needed
    expected = {"step_conversion": list(ratios["step_conversion"]),
                "cumulative_conversion": list(ratios["cumulative_conversion"]),
                "needed": list(needed)}
    for key, values in expected.items():
        _expect((f"{key}, stage {i + 1}", want, got) for i, (want, got) in enumerate(
            zip(values, _column(case, layout.FUNNEL, key), strict=True)))


# --- figures by name ------------------------------------------------------------------


def test_portfolio_bridge_churn_and_projection(case):
    bridge, r = case.results.bridge, case.results
    fields = ("clients_prev", "revenue_prev", "lost_clients", "lost_revenue_prev",
              "retained_clients", "retained_revenue_prev", "retained_revenue_curr",
              "new_clients", "new_revenue_curr", "clients_curr", "revenue_curr",
              "churn_rate", "client_evolution", "revenue_evolution",
              "retained_revenue_evolution", "blank_prev", "negative_prev", "blank_curr",
              "negative_curr")
    pairs = [(f, getattr(bridge, f), named(case.book, f"fig_{f}")) for f in fields]
    rate = bridge.churn_rate if math.isfinite(bridge.churn_rate) else 0.0
    half_life = float(churn.churn_half_life(rate))
    pairs.append(("half_life", half_life if math.isfinite(half_life) else "never",
                  named(case.book, "fig_half_life")))
    pairs.append(("new_clients_needed", r.new_clients_needed,
                  named(case.book, "fig_new_clients_needed")))
    projection = named(case.book, "fig_projection")
    for year, row in enumerate(projection):
        # beyond the projection's years: blank
        want = r.projection.loc[year].tolist() if year in r.projection.index else [None] * 4
        pairs += [(f"projection year {year}, column {j}", w, g)
                  for j, (w, g) in enumerate(zip(want, row, strict=True))]
    _expect(pairs)


def test_abc_thresholds_summary_and_limits(case):
    limits, summary = case.results.abc_limits, case.results.abc_summary
    pairs = [("t_A", limits.ab_threshold, named(case.book, "fig_abc_t_a")),
             ("t_B", limits.bc_threshold, named(case.book, "fig_abc_t_b"))]
    columns = ("clients", "clients_share", "revenue", "revenue_share", "mean")
    for cls, row in zip(("A", "B", "C", "Total"), named(case.book, "fig_abc_summary"),
                        strict=True):
        pairs += [(f"summary {cls} {c}", summary.loc[cls, c], got)
                  for c, got in zip(columns, row, strict=True)]
    for field in ("ab_client_share", "ab_revenue_share", "ab_threshold", "bc_client_share",
                  "bc_revenue_share", "bc_threshold"):
        pairs.append((field, getattr(limits, field), named(case.book, f"fig_abc_{field}")))
    # the clients outside portfolio N (revenue N of 0 or below), counted from the table
    revenue = pd.to_numeric(case.data.clients["revenue_curr"], errors="coerce")
    pairs += [("negative_clients", int((revenue < 0).sum()),
               named(case.book, "fig_abc_negative_clients")),
              ("negative_total", float(revenue[revenue < 0].sum()),
               named(case.book, "fig_abc_negative_total")),
              ("outside clients", int((revenue <= 0).sum()),
               named(case.book, "fig_abc_outside_clients")),
              ("outside revenue", float(revenue[revenue <= 0].sum()),
               named(case.book, "fig_abc_outside_revenue")),
              ("Total = clients N", int((revenue > 0).sum()),
               named(case.book, "fig_abc_summary")[3][0])]
    _expect(pairs)


def test_concentration_diagnosis_and_pareto_curve(case):
    figures = case.results.concentration
    fields = ("clients", "revenue", "top_client_share", "top5_share", "top20_share",
              "tail5_clients_share", "c_clients_share", "hhi")
    pairs = [(f, getattr(figures, f), named(case.book, f"fig_abc_{f}")) for f in fields]
    pairs.append(("Gini (written by Python)", figures.gini,
                  named(case.book, "xls_gini")[0][1]))
    pairs.append(("diagnosis", figures.diagnosis(case.lang),
                  named(case.book, "fig_abc_diagnosis")))
    # the curve every 5 % of clients of portfolio N (revenue above 0): the core's ABC
    # curve read between its corners
    ranked = case.data.clients["revenue_curr"].astype(float)
    positives = np.sort(ranked[ranked > 0].to_numpy())[::-1]
    effort, gained = abc_curve(positives, positives.size)
    for p, (band, line) in enumerate(named(case.book, "fig_abc_pareto"), start=1):
        x = p / 20
        pairs.append((f"curve at {x:.0%}", float(np.interp(x, effort, gained)), line))
        pairs.append((f"band to {x:.0%}", float(np.interp(x, effort, gained)
                                               - np.interp(x - 0.05, effort, gained)), band))
    # and its point at 20 % is the core's share of the top 20 % of clients
    pairs.append(("curve at 20% = top 20% share", figures.top20_share,
                  named(case.book, "fig_abc_pareto")[3][1]))
    _expect(pairs)


def test_potential_summaries(case):
    r, data = case.results, case.data.clients
    revenue = pd.to_numeric(data["revenue_curr"], errors="coerce")
    pairs = []
    for approach, row in zip(APPROACHES, named(case.book, "fig_approach_counts"),
                             strict=True):
        chosen = r.approach == approach
        pairs += [(f"{approach} clients", int(chosen.sum()), row[0]),
                  (f"{approach} revenue", float(revenue[chosen].sum()), row[1]),
                  (f"{approach} untapped", float(r.untapped[chosen].sum()), row[2])]
    for p, row in enumerate(named(case.book, "fig_level_grid"), start=1):
        for k, got in enumerate(row, start=1):
            want = int(((r.potential_level == p) & (r.risk_level == k)).sum())
            pairs.append((f"potential {p} × risk {k}", want, got))
    potentials = pd.to_numeric(data["potential_revenue"], errors="coerce")
    summary = [row[0] for row in named(case.book, "fig_potential_summary")]
    pairs += [("with a potential", int(potentials.notna().sum()), summary[0]),
              ("potential total", float(potentials.sum()), summary[1]),
              ("untapped total", float(r.untapped.sum()), summary[2])]
    top = r.untapped.dropna().sort_values(ascending=False, kind="stable")
    for k, row in enumerate(named(case.book, "fig_top_untapped")):
        if k < len(top):
            i = top.index[k]
            want = [data.at[i, "name"], data.at[i, "client"], data.at[i, "potential_revenue"],
                    data.at[i, "revenue_curr"], top.iloc[k], r.share_of_wallet.at[i]]
        else:
            want = [None] * 6
        pairs += [(f"top {k + 1}, column {j}", w, g)
                  for j, (w, g) in enumerate(zip(want, row, strict=True))]
    _expect(pairs)


def test_matrix_totals_signals_and_abandon_risk(case):
    grid, signals, risk = case.results.matrix, case.results.signals, case.results.abandon
    segments = [row[0] for row in named(case.book, "xls_matrix_segments")]
    products = named(case.book, "xls_matrix_products")[0]
    assert [s for s in segments if s] == list(grid.amounts.index)
    assert [p for p in products if p] == list(grid.amounts.columns)
    pairs = [("grand total", grid.total, named(case.book, "fig_matrix_total"))]
    cells, words = named(case.book, "fig_matrix"), named(case.book, "fig_matrix_signals")
    for i, segment in enumerate(segments):
        for j, product in enumerate(products):
            known = segment in grid.amounts.index and product in grid.amounts.columns
            pairs.append((f"{segment} × {product}",
                          grid.amounts.at[segment, product] if known else None, cells[i][j]))
            word = signals.signals.at[segment, product] if known else None
            pairs.append((f"signal {segment} × {product}",
                          MATRIX_LABELS[word][case.lang] if word else None, words[i][j]))
        pairs.append((f"total {segment}", grid.segment_totals.get(segment),
                      named(case.book, "fig_matrix_segment_totals")[i][0]))
    for j, product in enumerate(products):
        pairs.append((f"total {product}", grid.product_totals.get(product),
                      named(case.book, "fig_matrix_product_totals")[0][j]))
    for by, frame in (("segments", risk.segments), ("products", risk.products)):
        for row in named(case.book, f"fig_abandon_{by}"):
            if row[0] is None:
                assert all(blank(v) for v in row)
                continue
            want = [row[0], *(frame.at[row[0], c] for c in (
                "revenue", "revenue_share", "margin", "margin_share", "clients"))]
            pairs += [(f"abandon {row[0]} column {j}", w, g)
                      for j, (w, g) in enumerate(zip(want, row, strict=True))]
    _expect(pairs)


def test_funnel_figures_and_lead_sources(case):
    r, lang = case.results, case.lang
    weakest = r.funnel_weakest
    pairs = [
        ("overall", r.funnel_ratios["cumulative_conversion"].iloc[-1],
         named(case.book, "fig_funnel_overall")),
        ("weakest from", stage_label(weakest.from_stage, lang),
         named(case.book, "fig_funnel_weakest_from")),
        ("weakest to", stage_label(weakest.to_stage, lang),
         named(case.book, "fig_funnel_weakest_to")),
        ("weakest conversion", weakest.conversion,
         named(case.book, "fig_funnel_weakest_conversion")),
        ("suspects needed", r.funnel_needed.iloc[0],
         named(case.book, "fig_funnel_suspects_needed")),
    ]
    sources = [row[0] for row in named(case.book, "fig_lead_sources")]
    yields = named(case.book, "fig_lead_yield")
    table_ = r.lead_sources
    assert [source_key(s) or s for s in sources if s] == list(table_.index)
    for source, row in zip(sources, yields, strict=True):
        if source is None:
            assert all(blank(v) for v in row)
            continue
        core = table_.loc[source_key(source) or source]
        want = [*core.iloc[:6], core["qualified_share"], core["client_share"],
                {"en": "Best", "fr": "Meilleure"}[lang] if core["best"] else None]
        pairs += [(f"{source} column {j}", w, g)
                  for j, (w, g) in enumerate(zip(want, row, strict=True))]
    _expect(pairs)


def test_prospect_matrix_and_follow_up(case):
    r = case.results
    today = pd.Timestamp(case.data.settings.today)
    due = [d for d in r.next_contact if d is not None
           and today <= pd.Timestamp(d) < today + pd.Timedelta(days=7)]
    pairs = [(f"cell {p}, {a}", r.prospect_matrix.counts.at[p, a], got)
             for p, row in enumerate(named(case.book, "fig_prospect_matrix"), start=1)
             for a, got in enumerate(row, start=1)]
    pairs += [
        ("prospects", len(case.data.prospects), named(case.book, "fig_prospects")),
        ("overdue", sum(1 for v in r.overdue if v is True),
         named(case.book, "fig_prospects_overdue")),
        ("due this week", len(due), named(case.book, "fig_prospects_due_week")),
        ("priority 1", sum(1 for v in r.priority if v == 1),
         named(case.book, "fig_prospects_priority_1")),
    ]
    _expect(pairs)


def test_team_summary(case):
    r, lang = case.results, case.lang
    factors = pd.Series(np.asarray(r.lever.factor, dtype=object)).dropna()
    pairs = [("size", len(case.data.team), named(case.book, "fig_team_size")),
             ("average", r.activity_index.mean(), named(case.book, "fig_team_average")),
             ("most frequent lever", ACTIVITY_LABELS[factors.mode().iloc[0]][lang],
              named(case.book, "fig_team_lever"))]
    pairs += [(f"lever {f}", int((factors == f).sum()), named(case.book, f"fig_lever_{f}"))
              for f in FACTORS]
    _expect(pairs)


def test_plan_segments_to_develop_and_defend(case):
    signals = case.results.signals.signals
    segments = [row[0] for row in named(case.book, "xls_matrix_segments")]
    pairs = []
    for name, signal in (("fig_plan_develop", "develop"), ("fig_plan_defend", "win")):
        for segment, row in zip(segments, named(case.book, name), strict=True):
            want = None
            if segment is not None:
                want = ", ".join(str(p) for p in signals.columns
                                 if signals.at[segment, p] == signal) or None
            pairs.append((f"{signal} {segment}", want, row[0]))
    _expect(pairs)


# --- hand-checked cases ---------------------------------------------------------------


def test_edge_case_by_hand(edge):
    """Revenue N 100, 50, 50, 50, 30, 20, 0, −10 and a blank; positive total 300.
    A reaches 60 % = 180 at the third client (100 + 50 + 50 = 200): t_A = 50, and the
    fourth client, tied at 50, is A too. B reaches 95 % = 285 at the sixth (280 + 20 =
    300): t_B = 20. Zero and negative revenue are C; a blank has no class."""
    classes = _column(edge, layout.CLIENTS, "abc_class")
    assert classes == ["A", "A", "A", "A", "B", "B", "C", "C", None]
    assert named(edge.book, "fig_abc_t_a") == 50
    assert named(edge.book, "fig_abc_t_b") == 20
    # segments named with * and ? match literally: S* holds Alpha, Beta (100 + 50) and Iota
    # (no revenue N: not recorded), not every segment starting with S
    segments = [row[0] for row in named(edge.book, "xls_matrix_segments")]
    assert named(edge.book, "fig_matrix_segment_totals")[segments.index("S*")][0] == 150
    # Bob at 10/10/10 has nothing to raise; Cid's index is 0, so no gain; Dan is unscored
    assert _column(edge, layout.TEAM, "lever")[1:] == [None, "Quantity", None]
    assert _column(edge, layout.TEAM, "gain")[1:] == [0, None, None]
    # Martin was never contacted: due today (26 November), not overdue, no priority
    assert _column(edge, layout.PROSPECTS, "next_contact")[1] == dt.datetime(2026, 11, 26)
    assert _column(edge, layout.PROSPECTS, "overdue")[1] == "No"


def test_empty_template_shows_blanks_not_zeros_where_there_is_no_value(empty):
    assert named(empty.book, "fig_abc_t_a") is None
    assert named(empty.book, "fig_churn_rate") is None
    assert named(empty.book, "fig_abc_diagnosis") is None
    assert named(empty.book, "fig_team_average") is None
    assert all(v is None for row in named(empty.book, "fig_matrix") for v in row)
    # one empty row per table: its calculated cells are blank
    for table_def in (layout.CLIENTS, layout.PROSPECTS, layout.TEAM):
        rows = table(empty.book, table_def.name)
        assert len(rows) == 1
        assert all(blank(v) for v in rows[0].values())
    # the funnel keeps the method's counts: 10 new clients need 1,000 suspects
    assert named(empty.book, "fig_funnel_suspects_needed") == 1000

"""The demo data keeps the promises the demo makes, checked with plain pandas."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xlsales.common.errors import XlsalesError
from xlsales.sources.demo import demo_data, demo_ledger, write_ledger_csv
from xlsales.sources.ledger import read_ledger


@pytest.fixture(scope="module")
def demo():
    return demo_data()


def _net_by_year(ledger):
    """Net revenue per client (rows) and year (columns), 0 where nothing was bought."""
    return ledger.groupby([ledger["client"], ledger["date"].dt.year])["amount"].sum().unstack(
        fill_value=0.0)


def _fingerprint(frame):
    return int(pd.util.hash_pandas_object(frame, index=True).sum())


def test_same_seed_same_frames_other_seed_other_frames(demo):
    again = demo_data()
    for name in ("ledger", "clients", "prospects", "team", "funnel"):
        assert _fingerprint(getattr(demo, name)) == _fingerprint(getattr(again, name)), name
    assert _fingerprint(demo_data(seed=7).ledger) != _fingerprint(demo.ledger)


def test_three_full_years_of_about_1500_clients_in_5_segments_and_4_products(demo):
    ledger = demo.ledger
    assert ledger["client"].nunique() == 1500
    assert sorted(ledger["date"].dt.year.unique()) == [2023, 2024, 2025]
    assert ledger["date"].min() < pd.Timestamp(2023, 1, 10)
    assert ledger["date"].max() > pd.Timestamp(2025, 12, 20)
    assert (ledger["date"].dt.day_of_week < 5).all()  # invoices on business days
    assert ledger["segment"].nunique() == 5 and ledger["product"].nunique() == 4
    # every client has one name, segment; names carry French accents
    assert (ledger.groupby("client")[["client_name", "segment"]].nunique() == 1).all().all()
    assert ledger["client_name"].str.contains("[éèêàôçÉ]").any()
    assert demo.year == 2025 and demo.today == dt.date(2026, 3, 10)


def test_clients_are_won_and_lost_every_year_at_10_to_15_percent(demo):
    bought = _net_by_year(demo.ledger) > 0
    for before, after in ((2023, 2024), (2024, 2025)):
        lost = (bought[before] & ~bought[after]).sum()
        new = (~bought[before] & bought[after]).sum()
        assert new > 0
        assert 0.10 <= lost / bought[before].sum() <= 0.15, (before, lost)


def test_one_fragile_top_client_in_year_n(demo):
    net_n = _net_by_year(demo.ledger)[2025]
    assert net_n.max() / net_n[net_n > 0].sum() >= 0.20


def test_credit_notes_and_exact_duplicates_as_exports_have_them(demo):
    ledger = demo.ledger
    credits = ledger[ledger["amount"] < 0]
    assert len(credits) >= 5
    assert credits["invoice"].str.startswith("AV").all()
    assert ledger.loc[ledger["amount"] > 0, "invoice"].str.match(r"F20\d\d-\d{6}$").all()
    assert ledger.duplicated().sum() >= 3
    # a credit note never wipes out a client's year: everyone who bought nets above 0
    net = ledger.groupby([ledger["client"], ledger["date"].dt.year])["amount"].sum()
    assert (net > 0).all()


def test_segment_product_matrix_has_winners_and_gaps(demo):
    # METHOD.md §5 computed here with pandas: win = a cell >= 10 % of the total;
    # develop = actual <= 0.5 x (row total x column total / total), expected >= 2 %.
    year_n = demo.ledger[demo.ledger["date"].dt.year == 2025]
    cells = year_n.pivot_table(index="segment", columns="product", values="amount",
                               aggfunc="sum", fill_value=0.0)
    total = cells.to_numpy().sum()
    expected = np.outer(cells.sum(axis=1), cells.sum(axis=0)) / total
    win = cells.to_numpy() >= 0.10 * total
    develop = (cells.to_numpy() <= 0.5 * expected) & (expected >= 0.02 * total)
    assert 2 <= win.sum() <= 6
    assert develop.sum() >= 2


def test_client_table_covers_n_minus_1_and_n_with_scores_and_potential(demo):
    net = _net_by_year(demo.ledger)
    members = set(net.index[(net[2024] > 0) | (net[2025] > 0)])
    clients = demo.clients
    assert set(clients["client"]) == members and clients["client"].is_unique
    scores = ["pot_size", "pot_competition", "pot_sector", "pot_suppliers",
              "risk_reliability", "risk_finance", "risk_competitors"]
    assert clients[scores].isin([1, 2, 3, 4, 5]).all().all()
    assert (clients[["risk_reliability", "risk_finance"]] <= 2).all(axis=1).any()  # risky
    revenue = net.loc[clients["client"], [2024, 2025]].max(axis=1).to_numpy()
    potential = clients["potential_revenue"].to_numpy()
    known = ~np.isnan(potential)
    assert 0 < (~known).sum() < 0.1 * len(clients)  # a few unknown
    assert (potential[known] >= revenue[known]).mean() >= 0.8  # above revenue for most
    # size follows revenue; the main product is what the client buys most, mostly
    by_size = pd.Series(revenue).groupby(clients["pot_size"].to_numpy()).median()
    assert by_size.is_monotonic_increasing and len(by_size) == 5
    bought = demo.ledger.groupby(["client", "product"])["amount"].sum().unstack()
    top_product = bought.idxmax(axis=1).loc[clients["client"]].to_numpy()
    assert (top_product == clients["main_product"].to_numpy()).mean() >= 0.6


def test_prospects_fill_a_shrinking_funnel_with_overdue_follow_ups(demo):
    prospects = demo.prospects
    assert len(prospects) == 200
    stages = ["suspect", "prospect", "cold", "warm", "hot", "client"]
    furthest = prospects["stage"].map(stages.index)
    reached = [(furthest >= k).sum() for k in range(len(stages))]
    assert reached == sorted(reached, reverse=True) and reached[-1] >= 1
    assert set(prospects["source"]) == {"networks", "communication", "recommendation",
                                        "bought_files"}
    # recommendation brings prospects furthest (share reaching "warm" or beyond)
    warm = (furthest >= 3).groupby(prospects["source"]).mean()
    assert warm.idxmax() == "recommendation"
    # levels follow METHOD.md §3 from the scores: 1 at >= 3.67, 2 at >= 2.33, else 3
    for level, score in (("potential", "potential_score"),
                         ("accessibility", "accessibility_score")):
        expected = np.where(prospects[score] >= 3.67, 1,
                            np.where(prospects[score] >= 2.33, 2, 3))
        assert (prospects[level] == expected).all()
    # follow-ups (METHOD.md §8): priority = potential + accessibility - 1, next contact
    # after 7/14/30/60/90 days; some blank, some overdue on the demo's "today", some not
    today = pd.Timestamp(demo.today)
    last = prospects["last_contact"]
    assert last.isna().any() and (last.dropna() <= today).all()
    priority = prospects["potential"] + prospects["accessibility"] - 1
    due = last + pd.to_timedelta(priority.map({1: 7, 2: 14, 3: 30, 4: 60, 5: 90}), unit="D")
    assert (due < today).sum() > 0 and (due >= today).sum() > 0
    assert prospects["email"].str.fullmatch(r"[a-z-]+\.[a-z-]+@[a-z-]+\.fr").all()
    assert prospects["project"].dtype == bool and prospects["last_purchase"].isna().any()


def test_team_includes_the_decks_salesperson_and_funnel_is_the_decks(demo):
    team = demo.team
    assert 6 <= len(team) <= 8 and team["salesperson"].is_unique
    factors = team[["quantity", "orientation", "efficiency"]]
    assert factors.isin(range(11)).all().all()
    assert ((team["quantity"] == 7) & (team["orientation"] == 5)
            & (team["efficiency"] == 6)).any()
    assert demo.funnel.to_dict("list") == {
        "stage": ["suspect", "prospect", "cold", "warm", "hot", "client"],
        "count": [100, 80, 50, 30, 10, 1]}


def test_ledger_scales_to_the_lines_and_clients_asked():
    ledger = demo_ledger(lines=30_000, clients=2_000, seed=3)
    assert len(ledger) == 30_000 and ledger["client"].nunique() == 2_000
    net_n = _net_by_year(ledger)[2025]
    assert net_n.max() / net_n[net_n > 0].sum() >= 0.20


@pytest.mark.parametrize(("lang", "encoding"), [("fr", None), ("fr", "utf-8-sig"),
                                                ("en", None)])
def test_written_csv_reads_back_as_the_same_ledger(tmp_path, demo, lang, encoding):
    path = write_ledger_csv(demo.ledger, tmp_path / "ventes.csv", lang=lang,
                            encoding=encoding)
    table = read_ledger(path)
    read = table.lines.reset_index(drop=True)
    ledger = demo.ledger
    for key in ("client", "client_name", "segment", "product", "date"):
        assert read[key].tolist() == ledger[key].tolist(), key
    assert np.array_equal(read["amount"].to_numpy(), ledger["amount"].to_numpy())
    assert np.array_equal(read["margin"].to_numpy(), ledger["margin"].to_numpy())
    assert table.source.separator == (";" if lang == "fr" else ",")
    assert [(n.key, n.count) for n in table.warnings] == [
        ("duplicates", int(ledger.duplicated().sum()))]


def test_out_of_range_requests_are_refused():
    with pytest.raises(XlsalesError) as caught:
        demo_data(salespeople=12)
    assert str(caught.value) == "salespeople: 12 is outside 6 to 8"
    with pytest.raises(XlsalesError):
        demo_data(years=(2023, 2025))
    with pytest.raises(XlsalesError):
        demo_ledger(lines=100, clients=1_000)

"""Rhythm, probability of still buying and clients at risk, as the plan computes them.

Expected values are computed by hand below (the small ledger) or independently (the
paper's closed form for P(alive), a pandas pivot of the lines for the revenue of the last
twelve months) — never read from ``plan.risk``.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from tests.harness.rhythm import HAND, TODAY, fitted_ledger, small_ledger
from xlsales.plan.analysis import PlanSettings, analyse
from xlsales.plan.risk import AT_RISK_BELOW, client_risk, purchase_rows
from xlsales.sources.ledger_plan import plan_from_ledger


def test_small_ledger_rhythm_by_hand() -> None:
    found = client_risk(purchase_rows(small_ledger()), TODAY)
    assert found.as_of == TODAY
    assert found.left_out == 1  # K5's line of 15 July
    assert set(found.clients.index) == {"K1", "K2", "K3"}  # K4 never bought, K5 later
    for client, (days, last, since, mean, gap, late, revenue) in HAND.items():
        row = found.clients.loc[client]
        assert row["purchase_days"] == days
        assert row["last_purchase"].date() == last
        assert row["days_since"] == since
        assert row["mean_amount"] == pytest.approx(mean)
        assert (pd.isna(row["usual_gap"]) if gap is None else row["usual_gap"] == gap)
        assert (pd.isna(row["late"]) if late is None else bool(row["late"]) is late)
        assert row["revenue_12m"] == pytest.approx(revenue)
    assert found.clients.loc["K1", "salesperson"] == "Ann"
    assert found.clients.loc["K2", "salesperson"] == "Bob"
    assert pd.isna(found.clients.loc["K3", "salesperson"])


def test_too_few_repeat_buyers_fall_back_on_the_rhythm_rule() -> None:
    found = client_risk(purchase_rows(small_ledger()), TODAY,
                        abc_class={"K1": "A", "K2": "A", "K3": "B"})
    assert found.fit is None and found.rule == "rhythm"
    assert found.model_problem.problem == "too_few_repeat_buyers"
    assert found.clients["p_alive"].isna().all()
    assert list(found.at_risk["client"]) == ["K2"]  # late, class A
    assert found.revenue_at_risk == pytest.approx(1200.0)


def test_last_date_is_the_default_reference_day() -> None:
    found = client_risk(purchase_rows(small_ledger()))
    assert found.as_of == dt.date(2025, 7, 15)
    assert found.left_out == 0
    assert found.clients.loc["K1", "days_since"] == 66


def test_p_alive_is_the_papers_closed_form() -> None:
    lines = fitted_ledger()
    found = client_risk(purchase_rows(lines), TODAY)
    assert found.fit is not None, found.model_problem
    r, alpha, a, b = found.fit.params
    days = lines.groupby("client")["date"].agg(["min", "max", "nunique"])
    for client in ("C000", "C005", "C017", "C050"):
        first, last, n = days.loc[client]
        x = n - 1
        t_x = (last - first).days / 7
        T = (pd.Timestamp(TODAY) - first).days / 7
        odds = 0 if x == 0 else a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
        assert found.clients.loc[client, "p_alive"] == pytest.approx(1 / (1 + odds), rel=1e-9)


def test_revenue_at_risk_is_the_last_twelve_months_times_the_chance_of_loss() -> None:
    lines = fitted_ledger()
    found = client_risk(purchase_rows(lines), TODAY)
    recent = lines[lines["date"] > pd.Timestamp("2024-06-30")]
    revenue = recent.pivot_table(index="client", values="amount", aggfunc="sum")["amount"]
    table = found.clients
    expected = revenue.reindex(table.index).fillna(0).to_numpy() * (1 - table["p_alive"])
    assert np.allclose(table["revenue_at_risk"].to_numpy(), expected.to_numpy())
    assert (table["expected_12m"] >= 0).all()


def test_clients_at_risk_are_a_and_b_below_one_half_largest_first() -> None:
    lines = fitted_ledger()
    ids = sorted(lines["client"].unique())
    classes = {c: "ABC"[i % 3] for i, c in enumerate(ids)}
    found = client_risk(purchase_rows(lines), TODAY, abc_class=classes,
                        approach={c: "develop" for c in ids})
    listed = found.at_risk
    assert len(listed) > 0
    assert set(listed["abc_class"]) <= {"A", "B"}
    assert (listed["p_alive"] < AT_RISK_BELOW).all()
    assert list(listed["revenue_at_risk"]) == sorted(listed["revenue_at_risk"], reverse=True)
    table = found.clients
    wanted = {c for c in table.index if classes[c] in "AB"
              and table.loc[c, "p_alive"] < AT_RISK_BELOW}
    assert set(listed["client"]) == wanted
    assert found.revenue_at_risk == pytest.approx(listed["revenue_at_risk"].sum())
    assert (listed["approach"] == "develop").all()


@pytest.mark.parametrize("case", ["one client", "one purchase each", "once a year",
                                  "all after today"])
def test_degenerate_ledgers_give_a_message_not_an_internal_error(case: str) -> None:
    if case == "one client":
        lines = pd.DataFrame({"client": ["A"] * 4, "date": pd.to_datetime(
            ["2024-01-05", "2024-03-01", "2024-06-01", "2025-01-10"]), "amount": 10.0})
    elif case == "one purchase each":
        lines = pd.DataFrame({"client": [f"C{i}" for i in range(50)],
                              "date": pd.Timestamp("2024-05-01") + pd.to_timedelta(
                                  np.arange(50), unit="D"), "amount": 100.0})
    elif case == "once a year":
        lines = pd.DataFrame([(f"C{i}", pd.Timestamp(f"{y}-01-15"), 100.0)
                              for i in range(40) for y in (2022, 2023, 2024, 2025)],
                             columns=["client", "date", "amount"])
    else:
        lines = pd.DataFrame({"client": ["A", "B"], "date": pd.to_datetime(
            ["2025-08-01", "2025-09-01"]), "amount": 10.0})
    data = plan_from_ledger(lines, year=2025 if case != "one purchase each" else 2024,
                            settings=PlanSettings(today=TODAY))
    results = analyse(data)
    found = results.client_risk
    if case == "all after today":
        assert found is None
        assert results.problems["clients_at_risk"].problem == "empty"
        return
    assert found is not None
    if found.fit is None:
        assert found.model_problem.message("fr")  # said in both languages
        assert found.model_problem.message("en")
    else:
        assert found.clients["p_alive"].between(0, 1).all()
    if case == "once a year":
        assert (found.clients["usual_gap"] >= 364).all()
        assert not found.clients["late"].any()  # 166 days since, a gap of a year


def test_a_report_plan_carries_its_purchases() -> None:
    data = plan_from_ledger(small_ledger(), year=2025, settings=PlanSettings(today=TODAY))
    results = analyse(data)
    assert results.client_risk is not None
    assert math.isclose(results.client_risk.clients.loc["K2", "revenue_12m"], 1200.0)
    rows = results.client_risk.per_client(data.clients["client"])
    by_code = dict(zip(data.clients["client"], rows["days_since"], strict=True))
    assert by_code["K1"] == 51 and pd.isna(by_code["K4"])

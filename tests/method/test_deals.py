"""Deals exports with known won, lost and open deals: win rate, cycle, weighted pipeline,
stalled deals and the funnel, all counted by hand below.

Nine deals, period 2025, today 2026-01-15 (dates in days worked out by hand):
  A Prospecting       open  1000  10 %  created 2025-11-01 (75 days open)   Alice  Web
  B Qualification     open  2000  20 %  created 2025-01-13 (367 days open)  Bob    Web
  C Proposal          open  5000  75 %  created 2025-12-01 (45 days open)   Alice  Referral
  D won  3000  2025-02-01 → 2025-03-03 (30 days)   Alice  Web
  E won  4000  2025-05-01 → 2025-06-20 (50 days)   Bob    Referral
  F lost 1500  2025-03-01 → 2025-04-01             Bob    Web
  G lost 2500  2025-07-01 → 2025-08-15             Alice  Trade show
  H won  6000  2024-11-01 → 2024-12-15 (closed before the period)  Alice  Web
  I won  2000  2025-09-01 → 2025-09-11 (10 days)   Alice  Referral
Closed in 2025: won D, E, I; lost F, G → win rate 3/5 = 0.6; Alice 2/3 (D, I / G), Bob
1/2 (E / F); Web 1/2, Referral 2/2, Trade show 0/1. Cycle (30 + 50 + 10) / 3 = 30 days;
stalled: open over 60 days, B (367) then A (75). Weighted pipeline with the export's
probabilities 1000 × 0.1 + 2000 × 0.2 + 5000 × 0.75 = 4250.
"""

import datetime as dt

import numpy as np
import pytest

from xlsales.method.deals import deals_analysis, win_rates
from xlsales.sources.deals import deal_outcomes, known_order, read_deals

TODAY = dt.date(2026, 1, 15)
DEALS = [  # name, salesforce stage, pipedrive stage, status, amount, prob, created, closed,
    # owner, source
    ("A", "Prospecting", "Lead In", "open", 1000, 10, "2025-11-01", "2026-02-28", "Alice",
     "Web"),
    ("B", "Qualification", "Contact Made", "open", 2000, 20, "2025-01-13", "2026-03-31", "Bob",
     "Web"),
    ("C", "Proposal/Price Quote", "Proposal Made", "open", 5000, 75, "2025-12-01",
     "2026-01-31", "Alice", "Referral"),
    ("D", "Closed Won", "Negotiations Started", "won", 3000, 100, "2025-02-01", "2025-03-03",
     "Alice", "Web"),
    ("E", "Closed Won", "Negotiations Started", "won", 4000, 100, "2025-05-01", "2025-06-20",
     "Bob", "Referral"),
    ("F", "Closed Lost", "Contact Made", "lost", 1500, 0, "2025-03-01", "2025-04-01", "Bob",
     "Web"),
    ("G", "Closed Lost", "Proposal Made", "lost", 2500, 0, "2025-07-01", "2025-08-15",
     "Alice", "Trade show"),
    ("H", "Closed Won", "Negotiations Started", "won", 6000, 100, "2024-11-01", "2024-12-15",
     "Alice", "Web"),
    ("I", "Closed Won", "Negotiations Started", "won", 2000, 100, "2025-09-01", "2025-09-11",
     "Alice", "Referral"),
]


def _us(day):
    y, m, d = day.split("-")
    return f"{int(m)}/{int(d)}/{y}"


def salesforce_csv(tmp_path):
    head = ("Opportunity Name,Account Name,Stage,Amount,Probability (%),Close Date,"
            "Created Date,Opportunity Owner,Lead Source")
    rows = [f"Deal {n},Acct {n},{sf},\"{amt:,.2f}\",{p},{_us(cl)},{_us(cr)},{o},{s}"
            for n, sf, _, _, amt, p, cr, cl, o, s in DEALS]
    path = tmp_path / "report1700000000000.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def hubspot_csv(tmp_path):
    hub = {"Prospecting": "Appointment Scheduled", "Qualification": "Qualified To Buy",
           "Proposal/Price Quote": "Contract Sent"}
    head = "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline"
    rows = [f"{i},Deal {n},{hub.get(sf, sf)},{amt},{cl} 10:00,{cr} 09:30,{o},Sales Pipeline"
            for i, (n, sf, _, _, amt, _, cr, cl, o, _) in enumerate(DEALS)]
    path = tmp_path / "hubspot-crm-exports-all-deals.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def pipedrive_csv(tmp_path):
    head = ("Deal - Title;Deal - Value;Deal - Stage;Deal - Status;Deal - Owner;"
            "Deal - Deal created;Deal - Won time;Deal - Source")
    rows = [f"Deal {n};{str(amt).replace('.', ',')};{pd_stage};{status};{o};{cr} 08:00:00;"
            f"{cl + ' 17:00:00' if status != 'open' else ''};{s}"
            for n, _, pd_stage, status, amt, _, cr, cl, o, s in DEALS]
    path = tmp_path / "deals-export.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def _analyse(path):
    deals = deal_outcomes(read_deals(path).lines)
    return deals, deals_analysis(
        deals["outcome"], deals["stage"], deals["amount"], deals["created"], deals["closed"],
        probabilities=deals["probability"], owners=deals["owner"], sources=deals["source"],
        names=deals["name"], order=known_order(deals["stage"]), start="2025-01-01",
        end="2025-12-31", today=TODAY)


def test_salesforce_export_hand_counted(tmp_path):
    deals, result = _analyse(salesforce_csv(tmp_path))
    assert deals["outcome"].tolist() == [d[3] for d in DEALS]
    assert (result.won, result.lost, result.open) == (3, 2, 3)
    assert result.win_rate == pytest.approx(0.6)
    assert result.by_owner.loc["Alice", "win_rate"] == pytest.approx(2 / 3)
    assert result.by_owner.loc["Bob", "win_rate"] == pytest.approx(0.5)
    assert result.by_source["win_rate"].to_dict() == pytest.approx(
        {"Referral": 1.0, "Trade show": 0.0, "Web": 0.5})
    assert result.cycle_days == pytest.approx(30)
    assert result.pipeline == pytest.approx(4250)
    assert result.pipeline_amount == pytest.approx(8000)
    assert result.stalled["name"].tolist() == ["Deal B", "Deal A"]
    assert result.stalled["age"].tolist() == [367, 75]
    # the funnel in Salesforce's pipeline order: lost deals of unknown stage reach them all
    assert result.funnel.values.tolist() == [["Prospecting", 9], ["Qualification", 8],
                                             ["Proposal/Price Quote", 7], ["won", 4]]


def test_hubspot_without_probabilities_weighs_by_the_stages_win_rate(tmp_path):
    _, result = _analyse(hubspot_csv(tmp_path))
    assert result.win_rate == pytest.approx(0.6)
    assert result.cycle_days == pytest.approx(30)
    # every closed deal of 2025 reached every stage: each stage wins 3 / 5
    assert result.stages["stage_win_rate"].tolist() == pytest.approx([0.6, 0.6, 0.6])
    assert result.pipeline == pytest.approx(8000 * 0.6)
    assert result.funnel["stage"].tolist() == ["Appointment Scheduled", "Qualified To Buy",
                                               "Contract Sent", "won"]


def test_pipedrive_status_keeps_the_stage_where_a_deal_was_lost(tmp_path):
    deals, result = _analyse(pipedrive_csv(tmp_path))
    assert deals["outcome"].tolist() == [d[3] for d in DEALS]
    # Lead In: all 9; Contact Made: B, C, F, G and the 4 won; Proposal Made: C, G, 4 won
    assert result.funnel.values.tolist() == [["Lead In", 9], ["Contact Made", 8],
                                             ["Proposal Made", 6], ["won", 4]]
    # stage win rates: 3/5, 3/5 (F and G reached Contact Made), 3/4 (only G lost there)
    assert result.stages["stage_win_rate"].tolist() == pytest.approx([0.6, 0.6, 0.75])
    assert result.pipeline == pytest.approx(1000 * 0.6 + 2000 * 0.6 + 5000 * 0.75)
    assert result.win_rate == pytest.approx(0.6)


def test_blank_figures_say_why():
    result = deals_analysis(["open", "open"], ["New", "Qualified"], [100, 200],
                            ["2025-01-01", "2025-02-01"], [None, None], today=TODAY)
    assert np.isnan(result.win_rate) and np.isnan(result.pipeline)
    assert result.reason("win_rate", "fr") == "aucune affaire close sur la période"
    assert "New, Qualified" in result.reason("pipeline", "en")
    assert result.stalled.empty and result.reason("stalled") is not None


def test_win_rates_by_group_leave_blank_groups_out():
    table = win_rates(["a", "a", None, "b"], ["won", "lost", "won", "open"])
    assert table.loc["a"].tolist() == [1, 1, 0.5]
    assert "b" not in table.index or np.isnan(table.loc["b", "win_rate"])

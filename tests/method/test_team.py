"""The portfolio per salesperson, counted by hand from the lines below.

  client  N-1 (2024)  N (2025)        salesperson
  C1      1000        1200            Élodie Martin     retained
  C2      500         -50 (credit)    Bob               lost (net N not above 0)
  C3                  300             Bob               new
  C4                  900             alice             new (same person as Alice)
  C5      700         800             Alice             retained
  C6      200         100             (none)            left out of every salesperson
"""

import numpy as np
import pandas as pd
import pytest

from xlsales.method.team import COLUMNS, name_key, owner_revenue, team_portfolio

LINES = pd.DataFrame(
    [("C1", "2024-03-01", 1000.0, "Élodie Martin"), ("C1", "2025-03-01", 700.0, "Élodie Martin"),
     ("C1", "2025-06-01", 500.0, "Élodie  Martin"), ("C2", "2024-02-01", 500.0, "Bob"),
     ("C2", "2025-02-01", -50.0, "Bob"), ("C3", "2025-05-01", 300.0, "Bob"),
     ("C4", "2025-07-01", 900.0, "alice"), ("C5", "2024-01-01", 700.0, "Alice"),
     ("C5", "2025-01-01", 800.0, "Alice"), ("C6", "2024-01-01", 200.0, None),
     ("C6", "2025-01-01", 100.0, None), ("C1", "2023-01-01", 999.0, "Élodie Martin")],
    columns=["client", "date", "amount", "salesperson"])
CLASSES = {"C1": "A", "C4": "A", "C5": "B", "C3": "C", "C2": "C", "C6": "C"}


def test_each_salesperson_gets_the_bridge_of_the_lines_they_sold():
    revenue = owner_revenue(LINES["salesperson"], LINES["client"], LINES["date"],
                            LINES["amount"], 2025)
    rates = pd.DataFrame({"won": [1, 2], "lost": [1, 0], "win_rate": [0.5, 1.0]},
                         index=["ALICE", "Dan"])
    table = team_portfolio(revenue, CLASSES, rates)
    assert list(table.columns) == list(COLUMNS)
    # a name is shown as first spelt in the ledger ("alice" before "Alice")
    assert table.index.tolist() == ["alice", "Bob", "Élodie Martin", "Dan"]
    alice, bob, elodie, dan = (table.loc[n] for n in table.index)
    assert [elodie[c] for c in COLUMNS[:8]] == [1, 1, 0, 0, 1000, 1200, 0, 1]
    assert [bob[c] for c in COLUMNS[:8]] == [1, 1, 1, 1, 500, 300, 1.0, 0]
    assert [alice[c] for c in COLUMNS[:8]] == [1, 2, 0, 1, 700, 1700, 0, 1]
    assert alice["win_rate"] == 0.5 and np.isnan(bob["win_rate"])
    assert dan["win_rate"] == 1.0 and np.isnan(dan["clients_curr"])


def test_without_a_ledger_owner_the_deals_alone_give_the_win_rates():
    rates = pd.DataFrame({"won": [1], "lost": [3], "win_rate": [0.25]}, index=["Zoé"])
    table = team_portfolio(None, None, rates)
    assert table.index.tolist() == ["Zoé"]
    assert table.loc["Zoé", "win_rate"] == pytest.approx(0.25)
    assert table.loc["Zoé"].drop("win_rate").isna().all()


def test_names_fold_case_accents_and_spaces():
    assert name_key("  Élodie   MARTIN ") == name_key("elodie martin") == "elodie martin"
    assert name_key(None) is None and name_key(float("nan")) is None

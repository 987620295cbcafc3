"""A small ledger whose rhythm is counted by hand (issue 14): the oracle of the rhythm
tests of the core (tests/plan/test_risk.py) and of the template's formulas
(tests/workbook/test_rhythm_recalc.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["HAND", "SMALL", "TODAY", "fitted_ledger", "small_ledger"]

TODAY = dt.date(2025, 6, 30)

# client, date, amount, product, salesperson: two products on one day, a sale credited the
# same day, a credit note on another day, a client who stopped, a one-off buyer, a client
# with only a credit note, and a line dated after the reference day
SMALL = [
    ("K1", "2025-01-10", 100.0, "X", "Ann"),
    ("K1", "2025-01-10", 50.0, "Y", "Ann"),
    ("K1", "2025-02-09", 200.0, "X", "Ann"),
    ("K1", "2025-02-09", -200.0, "X", "Ann"),
    ("K1", "2025-03-11", 120.0, "Y", None),
    ("K1", "2025-04-10", -30.0, "Y", "Ann"),
    ("K1", "2025-05-10", 90.0, "X", "Ann"),
    ("K2", "2024-07-15", 500.0, "X", "Bob"),
    ("K2", "2024-08-14", 300.0, "Y", "Bob"),
    ("K2", "2024-09-13", 400.0, "X", "Bob"),
    ("K3", "2025-06-01", 80.0, "X", None),
    ("K4", "2025-03-01", -50.0, "X", None),
    ("K5", "2025-07-15", 999.0, "X", None),
]

# by hand, as of 30 June 2025: purchase days, last purchase, days since, average
# purchase, usual gap, late, revenue of the last twelve months (after 30 June 2024)
HAND = {
    "K1": (3, dt.date(2025, 5, 10), 51, 120.0, 60.0, False, 330.0),
    "K2": (3, dt.date(2024, 9, 13), 290, 400.0, 30.0, True, 1200.0),
    "K3": (1, dt.date(2025, 6, 1), 29, 80.0, None, None, 80.0),
}


def small_ledger() -> pd.DataFrame:
    return pd.DataFrame(SMALL, columns=["client", "date", "amount", "product", "salesperson"]
                        ).assign(date=lambda f: pd.to_datetime(f["date"]))


def fitted_ledger(seed: int = 0, clients: int = 120) -> pd.DataFrame:
    """Clients buying at their own rate, some stopping for good: enough repeat buyers."""
    rng = np.random.default_rng(seed)
    rows = []
    start = pd.Timestamp("2023-01-01")
    for i in range(clients):
        first = start + pd.Timedelta(days=int(rng.integers(0, 300)))
        gap = float(rng.uniform(10, 90))
        stop = first + pd.Timedelta(days=int(rng.integers(30, 900)))
        day = first
        while day <= stop and day <= pd.Timestamp("2025-06-30"):
            rows.append((f"C{i:03d}", day, float(rng.uniform(50, 500)), f"P{i % 3}",
                         f"S{i % 4}"))
            if rng.random() < 0.3:  # a second product the same day
                rows.append((f"C{i:03d}", day, 20.0, "P9", f"S{i % 4}"))
            day = day + pd.Timedelta(days=max(1, int(rng.exponential(gap))))
    return pd.DataFrame(rows, columns=["client", "date", "amount", "product", "salesperson"])

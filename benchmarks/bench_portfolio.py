"""How long portfolio_from_ledger takes on a million-line ledger, clean and messy.

Run from the repository root: PYTHONPATH=. python benchmarks/bench_portfolio.py [lines]
Clean = int client codes, datetime dates, float amounts (what a database export gives);
messy = the same as text, French number format and day-first dates (a CSV read as text).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from xlsales.method.portfolio import portfolio_from_ledger


def ledger(lines: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 731, lines), "D")
    amounts = np.round(rng.normal(500, 300, lines), 2)  # some credit notes below 0
    return pd.DataFrame({"client": rng.integers(1, 50_001, lines), "date": days,
                         "amount": amounts})


def messy(clean: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "client": clean["client"].astype(str),
        "date": clean["date"].dt.strftime("%d/%m/%Y"),
        "amount": clean["amount"].map(lambda x: f"{x:.2f}".replace(".", ",")),
    })


def timed(label: str, table: pd.DataFrame) -> None:
    start = time.perf_counter()
    bridge = portfolio_from_ledger(table, 2024, 2025)
    seconds = time.perf_counter() - start
    print(f"{label:>6}: {len(table):>9,} lines in {seconds:6.2f} s "
          f"({bridge.clients_prev:,} -> {bridge.clients_curr:,} clients)")


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    clean = ledger(size)
    timed("clean", clean)
    timed("messy", messy(clean))

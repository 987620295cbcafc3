"""Speed of the client modules (potential, matrix, qualification) on ledger-sized inputs.

Run from the repository root: ``PYTHONPATH=. python benchmarks/bench_clients.py``; it
prints one line per analysis. A sales ledger of a few hundred thousand lines and a CRM of
tens of thousands of prospects are the sizes a button or the command line meets.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np

from xlsales.method.matrix import abandon_risk, matrix_signals, segment_product_matrix
from xlsales.method.potential import client_approach, score_level, weighted_score
from xlsales.method.qualification import is_overdue, next_contact, priority


def timed(label: str, run, size: int) -> None:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"{label:<45} {size:>9,} rows {seconds:8.3f} s  {seconds / size * 1e6:6.2f} µs/row")


def main() -> None:
    rng = np.random.default_rng(2025)
    lines = 200_000
    segments = [f"Segment {i}" for i in rng.integers(1, 9, lines)]
    products = [f"Product {i}" for i in rng.integers(1, 31, lines)]
    amounts = rng.uniform(0, 1000, lines).round(2)
    clients = [f"C{i:05d}" for i in rng.integers(0, 5000, lines)]
    matrix = segment_product_matrix(segments, products, amounts)
    timed("segment_product_matrix (8 x 30)",
          lambda: segment_product_matrix(segments, products, amounts), lines)
    timed("matrix_signals (on that 8 x 30 matrix)", lambda: matrix_signals(matrix), lines)
    timed("abandon_risk (margins, clients)",
          lambda: abandon_risk(segments, products, amounts, margins=amounts * 0.3,
                               clients=clients), lines)

    scores = rng.integers(1, 6, (lines, 6)).astype(float)
    timed("weighted_score (6 criteria, ndarray)",
          lambda: weighted_score(scores, [3, 2, 2, 1, 1, 1]), lines)
    timed("score_level", lambda: score_level(scores[:, 0]), lines)
    classes = rng.choice(["A", "B", "C"], lines).tolist()
    timed("client_approach", lambda: client_approach(
        classes, rng.uniform(0, 1, lines), rng.integers(1, 4, lines),
        rng.integers(1, 4, lines)), lines)

    prospects = 20_000
    levels = rng.choice(["Gros", "Moyen", "Petit"], prospects).tolist()
    access = rng.choice(["Bonne", "Moyenne", "Très peu"], prospects).tolist()
    ranks = priority(levels, access)
    last = [dt.datetime(2025, 1, 1) + dt.timedelta(days=int(d))
            for d in rng.integers(0, 365, prospects)]
    timed("priority (labels)", lambda: priority(levels, access), prospects)
    timed("next_contact", lambda: next_contact(last, ranks), prospects)
    timed("is_overdue", lambda: is_overdue(last, ranks, today=dt.date(2025, 12, 31)),
          prospects)


if __name__ == "__main__":
    main()

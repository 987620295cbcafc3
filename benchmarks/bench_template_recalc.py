"""How long LibreOffice takes to recalculate the template with 10,000 clients and 2,000
prospects, how long the generator takes, and how big the file is.

Target: the recalculation under 15 s (native formulas that compare every row with every
other took about 55 s for 20,000 rows). LibreOffice recalculates every formula when it
loads the file (the harness's profile says so); converting to CSV then writes the first
sheet only, so that conversion times loading and recalculating. The round trip to xlsx
that the tests make adds saving every cell back. LibreOffice's start-up is measured on an
empty workbook and reported beside them, so the formulas' own share shows.

Run from the repository root:
``python benchmarks/bench_template_recalc.py [clients] [prospects] [repeats]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import xlsxwriter

# Runs from a checkout without installing the package.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness.libreoffice import convert, recalculate  # noqa: E402
from xlsales.plan.analysis import PlanData, PlanSettings, analyse  # noqa: E402
from xlsales.sources.demo import demo_data  # noqa: E402
from xlsales.sources.ledger_plan import plan_from_ledger  # noqa: E402
from xlsales.workbook import workbook_bytes  # noqa: E402


def synthetic_plan(clients: int, prospects: int, seed: int = 7) -> PlanData:
    """The demo's distributor grown to ``clients`` rows and ``prospects`` prospects
    (seeded: the same data every run)."""
    demo = demo_data(seed=seed, clients=int(clients * 1.2), prospects=prospects)
    data = plan_from_ledger(demo.ledger, year=demo.year, clients=demo.clients,
                            prospects=demo.prospects, team=demo.team, funnel=demo.funnel,
                            settings=PlanSettings(today=demo.today), today=demo.today)
    return replace(data, clients=data.clients.head(clients).reset_index(drop=True))


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    prospects = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    data = synthetic_plan(clients, prospects)
    print(f"data: {len(data.clients):,} clients, {len(data.prospects):,} prospects, "
          f"{len(data.team)} salespeople")
    results = analyse(data)
    start = time.perf_counter()
    content = workbook_bytes(data, results=results)
    generation = time.perf_counter() - start
    print(f"generation (given the results): {generation:.1f} s, "
          f"file {len(content) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty.xlsx"
        book = xlsxwriter.Workbook(empty)
        book.add_worksheet().write_number(0, 0, 1)
        book.close()
        full = folder / "template.xlsx"
        full.write_bytes(content)
        out = folder / "out"
        startup = min(seconds(lambda: convert(empty, "csv", out)) for _ in range(repeats))
        loaded = min(seconds(lambda: convert(full, "csv", out)) for _ in range(repeats))
        saved = min(seconds(lambda: recalculate(full, out)) for _ in range(repeats))
    print(f"LibreOffice start-up (an empty workbook): {startup:.1f} s")
    print(f"LibreOffice load + recalculate: {loaded:.1f} s ({loaded - startup:.1f} s beyond "
          f"start-up), best of {repeats}")
    print(f"LibreOffice load + recalculate + save as xlsx (the tests' round trip): "
          f"{saved:.1f} s, best of {repeats}")

if __name__ == "__main__":
    main()

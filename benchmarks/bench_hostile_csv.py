"""How long and how much memory ``xlsales report`` takes on a ten-million-line CSV export.

    python benchmarks/bench_hostile_csv.py [--lines 10000000] [--clients 5000]

Writes a French export of random lines over 2024 and 2025 (``tests/harness/ledgers.py``'s
``large_csv``, streamed to a temporary folder: 10 million lines are about 240 MB), then
runs ``python -m xlsales report`` on it in a child process capped at 2.5 GB of address
space, as ``tests/hostile/test_hostile_inputs.py`` runs its million-line version, and prints the
exit code, the seconds and the child's peak resident memory. Few clients keep the
workbook writer's share small: this measures reading and planning at scale.

Measured on the project's 2-core machine (load average about 2), 10 million lines
(245 MiB, written in 27-31 s) and 5,000 clients: before the CSV line index (the reader
held a list of every line and a set of them to count duplicates, and the ledger's frame
was copied once more) 23.2 s and 1,823 MiB; with it 21.5 s and 1,159 MiB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness.ledgers import large_csv  # noqa: E402
from tests.harness.processes import run_xlsales  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--clients", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ledger = Path(folder) / "ventes.csv"
        start = time.perf_counter()
        found = large_csv(ledger, args.lines, args.clients)
        print(f"{args.lines:,} lines, {found:,} clients, "
              f"{ledger.stat().st_size / 2**20:.0f} MiB, written in "
              f"{time.perf_counter() - start:.1f} s")
        ran = run_xlsales("report", ledger, "-o", Path(folder) / "plan.xlsx",
                          "--today", "2026-03-10", "--quiet")
        print(f"xlsales report: exit {ran.code}, {ran.seconds:.1f} s, "
              f"peak {ran.peak_mb:,.0f} MiB")
        if ran.code:
            print(ran.stderr.strip()[:500])


if __name__ == "__main__":
    main()

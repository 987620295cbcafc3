"""How fast read_ledger reads a million-line French export, beside plain pandas.read_csv.

    python benchmarks/bench_read_ledger.py [--lines 1000000] [--clients 50000]

Writes the demo ledger as a French CSV (``;``, decimal comma, 31/12/2025, Windows-1252)
in a temporary folder, twice: with plain amounts ("1234,56", what ERPs write) and with
amounts as Excel formats them ("1 234,56 €", with no-break spaces), which the C parser
cannot read and the bulk text readers must. Each read runs in its own process, so the
peak memory (ru_maxrss) printed is that read's alone.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _measure(kind: str, path: str) -> None:
    """Run in a child process: read ``path`` one way, print seconds and peak MiB."""
    import pandas as pd

    from xlsales.sources.ledger import read_ledger

    start = time.perf_counter()
    if kind == "read_ledger":
        rows = len(read_ledger(path).lines)
    else:
        rows = len(pd.read_csv(path, sep=";", encoding="cp1252", decimal=","))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.2f} {peak:.0f} {rows}")


def _euro_amounts(ledger):
    """Amounts as French Excel shows them: "1 234,56 €" (no-break space groups)."""
    def show(values):
        return [f"{v:,.2f} €".replace(",", "\u00a0").replace(".", ",") for v in values]

    return ledger.assign(amount=show(ledger["amount"]), margin=show(ledger["margin"]))


def _make(folder: str, lines: int, clients: int) -> None:
    """Run in a child process: write both files, print the ledger's size."""
    from xlsales.sources.demo import demo_ledger, write_ledger_csv

    ledger = demo_ledger(lines, clients)
    write_ledger_csv(ledger, Path(folder) / "plain.csv")
    write_ledger_csv(_euro_amounts(ledger), Path(folder) / "excel.csv")
    print(f"{len(ledger):,} lines, {ledger['client'].nunique():,} clients")


def _child(*args: object) -> list[str]:
    # Children of this small process: a child's peak memory starts from its parent's.
    return subprocess.run([sys.executable, __file__, *map(str, args)], capture_output=True,
                          text=True, check=True).stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        made = _child("--make", folder, args.lines, args.clients)
        print(" ".join(made), "(French CSV, cp1252)")
        print(f"{'file':<15}{'reader':<17}{'seconds':>8}{'peak MiB':>10}")
        for label, name in (("plain amounts", "plain.csv"), ("Excel amounts", "excel.csv")):
            path = Path(folder) / name
            size = path.stat().st_size / 2**20
            for kind in ("pandas.read_csv", "read_ledger"):
                seconds, peak, _ = _child("--measure", kind, path)
                print(f"{label:<15}{kind:<17}{float(seconds):>8.2f}{int(peak):>10}"
                      f"   ({size:.0f} MiB file)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        _measure(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["--make"]:
        _make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()

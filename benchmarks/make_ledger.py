"""Write the demo ledger at benchmark scale as a French export (for timing and trying).

    python benchmarks/make_ledger.py OUT.csv [--lines 1000000] [--clients 50000]
        [--lang fr|en] [--encoding cp1252|utf-8-sig|utf-8]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlsales.sources.demo import demo_ledger, write_ledger_csv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--encoding", default=None)
    args = parser.parse_args()
    start = time.perf_counter()
    ledger = demo_ledger(args.lines, args.clients, args.seed)
    made = time.perf_counter()
    write_ledger_csv(ledger, args.out, lang=args.lang, encoding=args.encoding)
    done = time.perf_counter()
    size = args.out.stat().st_size / 2**20
    print(f"{len(ledger):,} lines, {ledger['client'].nunique():,} clients: generated in "
          f"{made - start:.1f} s, written in {done - made:.1f} s ({size:.0f} MiB) to {args.out}")


if __name__ == "__main__":
    main()

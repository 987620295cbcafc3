"""How long a button takes on a workbook file: refresh_all over many clients and prospects.

Run from the repository root: PYTHONPATH=. python benchmarks/bench_macros.py [clients]
The workbook is built like the tests' (tests/harness/workbooks.py), with ``clients``
clients (default 5,000) and a fifth as many prospects; the figures split the run into
opening the file (openpyxl), reading and checking the inputs, the analyses and blocks,
and writing the package (xlsx_patch, atomic save).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from tests.harness.workbooks import TEAM, build
from xlsales.buttons import macros
from xlsales.buttons.book_file import FileBook
from xlsales.buttons.book_inputs import read_inputs
from xlsales.plan import blocks
from xlsales.plan.analysis import analyse


def book_of(folder: Path, count: int, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    revenue = np.round(rng.lognormal(8, 1.5, count))
    clients = [dict(client=f"C{i}", name=f"Client {i}", segment=f"S{i % 9}",
                    product=f"P{i % 7}", revenue_prev=float(revenue[i] * rng.uniform(0, 1.5)),
                    revenue_curr=float(revenue[i]), margin=float(revenue[i] * 0.3),
                    pot_size=int(rng.integers(1, 6)), pot_competition=int(rng.integers(1, 6)),
                    pot_sector=3, pot_suppliers=2, risk_reliability=4, risk_finance=4,
                    risk_competitors=3, potential_revenue=float(revenue[i] * 2))
               for i in range(count)]
    prospects = [dict(name=f"Name {i}", first_name="Ann", company=f"Co {i}",
                      potential=int(rng.integers(1, 6)), accessibility=int(rng.integers(1, 6)),
                      last_contact=dt.datetime(2026, 1, 1) + dt.timedelta(days=int(i % 300)))
                 for i in range(count // 5)]
    return build(folder / "bench.xlsx", "fr", clients=clients, prospects=prospects,
                 team=TEAM * 20).path


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = book_of(Path(folder), count)
        print(f"{count:,} clients, {count // 5:,} prospects: "
              f"{path.stat().st_size / 1e6:.1f} MB workbook")
        spec = macros.MACROS["refresh_all"]
        start = time.perf_counter()
        book = FileBook(path, backup=False)
        opened = time.perf_counter()
        inputs = read_inputs(book, spec.tables, spec.settings)
        read = time.perf_counter()
        results = analyse(inputs.data)
        written = {area: blocks.block_rows(area, results, book.lang)
                   for area in spec.areas if area in blocks.BLOCKS}
        analysed = time.perf_counter()
        book.write_areas(written)
        book.save()
        saved = time.perf_counter()
        print(f"  open {opened - start:5.2f} s | read and check {read - opened:5.2f} s | "
              f"analyse and blocks {analysed - read:5.2f} s | write and save "
              f"{saved - analysed:5.2f} s")
        start = time.perf_counter()
        macros.run_macro_file("refresh_all", path, backup=False)
        print(f"  refresh_all end to end: {time.perf_counter() - start:5.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)

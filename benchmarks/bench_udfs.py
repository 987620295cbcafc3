"""Speed of the xlsales cell formulas, each set beside the floor under it.

The floor is an identity formula declared like the catalogue (``excel_function``) with
the same arguments: it reads every argument as the catalogue reads it and computes
nothing. Both are called as desktop Excel + xlwings calls them
(tests/harness/xlwings_excel.call_like_excel: xlwings' own conversion both ways), so the
difference is what the formula itself costs beyond moving the cells.

1. ABC_CLASS over a whole Excel column (1,048,576 rows: lognormal revenues, one empty
   cell in ten), beside the identity answering its argument (benchmarks/bench_udf_floor.py),
   xlwings' bare raw-list identity, and the identity answering ABC_CLASS's own cells.
2. Every catalogue function over 100,000 rows (CHURN_PROJECTION takes single cells: its
   own shape), beside a floor that reads the same cells and answers the very cells the
   function answers (captured beforehand), computing nothing.

The cells are built beforehand, as COM would hand them, and are not counted. Seconds
are the better of two plain runs, peak memory (Python allocations during the call) comes
from a third run under tracemalloc.

Run from the repository root: ``python benchmarks/bench_udfs.py`` (``--quick`` skips
the million-row part).
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "udfs")]

import numpy as np  # noqa: E402
import xlwings as xw  # noqa: E402

from tests.harness import xlwings_excel as excel  # noqa: E402

WHOLE_COLUMN = 1_048_576
ROWS = 100_000

udfs = excel.load()


def identity(arity: int, answer: Any = None) -> Callable[..., Any]:
    """A formula of ``arity`` arguments, declared as the catalogue is, that reads them as
    the catalogue does and answers ``answer`` (if given) or its first argument."""
    names = [f"cells{k}" for k in range(arity)]

    def compute(*cells: Any) -> Any:
        for name, argument in zip(names, cells, strict=True):
            grid = udfs._grid(argument)
            if len(grid) > 1 and len(grid[0]) > 1:
                udfs.rows(argument, name)
            else:
                udfs.line(argument, name)
        return cells[0] if answer is None else answer

    compute.__signature__ = inspect.Signature(
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in names])
    compute.__name__ = f"IDENTITY_{arity}"
    with excel.classic():
        return udfs.excel_function(("Identity.", "Identité."),
                                   **{name: ("Cells", "Cellules") for name in names})(compute)


def raw_lists() -> Callable[..., Any]:
    with excel.classic():

        @xw.func
        @xw.arg("cells", ndim=2)
        def RAW_LISTS(cells):
            return cells

    return RAW_LISTS


def measure(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[float, float]:
    """Seconds of a call (the better of two: the machine is shared) and its peak Python
    memory in MB (from a third call)."""
    seconds = math.inf
    for _ in range(2):
        start = time.perf_counter()
        result = excel.call_like_excel(func, *args)
        seconds = min(seconds, time.perf_counter() - start)
        first = result[0][0]
        if isinstance(first, str) and first.startswith("#XLSALES!"):
            raise AssertionError(f"{func.__name__}: {first}")
        del result
    tracemalloc.start()
    excel.call_like_excel(func, *args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20


def revenues(rows: int, rng: np.random.Generator) -> list[float | None]:
    values = rng.lognormal(8.0, 1.5, rows).round(2).tolist()
    return [None if i % 10 == 9 else v for i, v in enumerate(values)]


def whole_column() -> None:
    column = excel.column(*revenues(WHOLE_COLUMN, np.random.default_rng(1)))
    print(f"ABC_CLASS over a whole column, {WHOLE_COLUMN:,} rows")
    print(f"{'formula':<28}{'seconds':>9}{'peak MB':>10}{'× floor':>9}")
    floor, _ = report("identity (xlsales floor)", identity(1), (column,))
    report("identity (raw xlwings)", raw_lists(), (column,), floor)
    report("identity, ABC_CLASS's cells", identity(1, answer_of(udfs.ABC_CLASS, (column,))),
           (column,), floor)
    report("ABC_CLASS", udfs.ABC_CLASS, (column,), floor)
    print()


def report(name: str, func: Callable[..., Any], args: tuple[Any, ...],
           floor: float | None = None) -> tuple[float, float]:
    seconds, peak = measure(func, args)
    ratio = f"{seconds / floor:>9.2f}" if floor else f"{'':>9}"
    print(f"{name:<28}{seconds:>9.2f}{peak:>10.0f}{ratio}", flush=True)
    return seconds, peak


def catalogue_cases(rng: np.random.Generator) -> dict[str, tuple[Any, ...]]:
    """Arguments for each function: 100,000 rows where the function takes columns."""
    n = ROWS
    revenue = excel.column(*revenues(n, rng))
    ids = list(range(1, n + 1))
    amounts = rng.lognormal(6.0, 1.0, n).round(2).tolist()
    scores = rng.integers(1, 6, size=(n, 5)).astype(float).tolist()
    score = excel.column(*rng.uniform(1, 5, n).round(2).tolist())
    levels = rng.integers(1, 4, size=(4, n)).astype(float).tolist()
    factors = rng.integers(0, 11, size=(3, n)).astype(float).tolist()
    segments = excel.column(*(f"Segment {i % 20 + 1}" for i in range(n)))
    products = excel.column(*(f"Product {i % 7 + i % 3 + 1}" for i in range(n)))
    sales = excel.column(*amounts)
    day = dt.datetime(2025, 1, 1)
    contacts = excel.column(*(None if i % 50 == 0 else day + dt.timedelta(days=i % 365)
                              for i in range(n)))
    counts = excel.column(*range(n, 0, -1))
    return {
        "ABC_CLASS": (revenue,),
        "ABC_LIMITS": (revenue,),
        "ABC_SUMMARY": (revenue,),
        "CONCENTRATION": (revenue,),
        "PORTFOLIO_BRIDGE": (excel.column(*ids), excel.column(*amounts),
                             excel.column(*(i + n // 10 for i in ids)),
                             excel.column(*amounts[::-1])),
        "CHURN_RATE": (excel.column(*ids), excel.column(*(i + n // 10 for i in ids))),
        "CHURN_HALF_LIFE": (excel.column(*rng.uniform(0, 0.5, n).round(3).tolist()),),
        "CHURN_PROJECTION": (1000, 0.12, 100, 50),
        "NEW_CLIENTS_NEEDED": (excel.column(*rng.integers(10, 1000, n).astype(float).tolist()),
                               excel.column(*rng.uniform(0, 0.3, n).round(3).tolist()), 0.05),
        "FUNNEL_RATIOS": (counts,),
        "FUNNEL_NEEDED": (10, counts),
        "FUNNEL_WEAKEST": (counts, excel.column(*(f"Stage {i}" for i in range(n)))),
        "POTENTIAL_SCORE": (excel.table(*scores), excel.row(3, 2, 2, 1, 1)),
        "RISK_SCORE": (excel.table(*scores), excel.row(1, 1, 1, 1, 1)),
        "POTENTIAL_LEVEL": (score,),
        "ACCESS_LEVEL": (score, "fr"),
        "RISK_LEVEL": (score, "en"),
        "PRIORITY": (excel.column(*levels[0]), excel.column(*levels[1])),
        "NEXT_CONTACT": (contacts, excel.column(*rng.integers(1, 6, n).astype(float).tolist())),
        "SHARE_OF_WALLET": (sales, excel.column(*(a * 3 for a in amounts))),
        "CLIENT_APPROACH": (excel.column(*("ABC"[i % 3] for i in range(n))),
                            excel.column(*rng.uniform(0, 1, n).round(2).tolist()),
                            excel.column(*levels[2]), excel.column(*levels[3])),
        "SEGMENT_MATRIX": (segments, products, sales),
        "MATRIX_SIGNALS": (segments, products, sales),
        "ACTIVITY_INDEX": tuple(excel.column(*f) for f in factors),
        "ACTIVITY_GAIN": (*(excel.column(*f) for f in factors), "orientation",
                          excel.column(*np.minimum(np.array(factors[1]) + 2, 10).tolist())),
        "ACTIVITY_LEVER": tuple(excel.column(*f) for f in factors),
    }


def answer_of(func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """What ``func`` hands xlwings for these cells (its rows, before conversion)."""
    answers = []

    def spy(*converted: Any) -> Any:
        answers.append(func(*converted))
        return answers[-1]

    spy.__xlfunc__ = func.__xlfunc__
    spy.__name__ = func.__name__
    excel.call_like_excel(spy, *args)
    return answers[0]


def catalogue() -> None:
    cases = catalogue_cases(np.random.default_rng(2))
    print(f"Every catalogue function, {ROWS:,} rows where it takes columns; its floor reads")
    print("the same cells and answers the same cells, computing nothing")
    print(f"{'formula':<28}{'seconds':>9}{'peak MB':>10}{'× floor':>9}"
          f"{'floor s':>9}{'floor MB':>10}")
    for name, args in cases.items():
        func = getattr(udfs, name)
        floor, floor_peak = measure(identity(len(args), answer_of(func, args)), args)
        seconds, peak = measure(func, args)
        ratio = f"{seconds / floor:>9.2f}" if floor >= 0.05 else f"{'-':>9}"
        print(f"{name:<28}{seconds:>9.2f}{peak:>10.0f}{ratio}"
              f"{floor:>9.2f}{floor_peak:>10.0f}", flush=True)


def main() -> None:
    print(f"xlsales cell formulas through call_like_excel (xlwings {xw.__version__})\n")
    if "--quick" not in sys.argv:
        whole_column()
    catalogue()


if __name__ == "__main__":
    main()

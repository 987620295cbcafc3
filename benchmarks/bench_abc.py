"""How long the ABC classes of a million clients take, and how much memory.

Target: under 0.5 s with the fixed Pareto cut-offs and under 2 s with
the computed limits, for a numpy array or a list of floats.

Run from the repository root: ``python benchmarks/bench_abc.py [clients] [repeats]``.
"""

from __future__ import annotations

import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

# Runs from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xlsales.method.abc import abc_classes


def best_seconds(values, method: str, repeats: int) -> float:
    """Best wall time of ``repeats`` runs (the least disturbed by other work)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        abc_classes(values, method=method)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(values, method: str) -> float:
    """Peak of memory allocated by one run, as tracemalloc sees it (numpy included)."""
    gc.collect()
    tracemalloc.start()
    abc_classes(values, method=method)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    revenue = np.random.default_rng(2024).lognormal(mean=8.0, sigma=1.5, size=clients)
    inputs = {"ndarray": revenue, "list": revenue.tolist()}
    print(f"abc_classes on {clients:,} lognormal revenues, best of {repeats} runs")
    print(f"{'method':<10}{'input':<9}{'seconds':>9}{'peak MiB':>10}")
    for method in ("pareto", "computed"):
        for name, values in inputs.items():
            seconds = best_seconds(values, method, repeats)
            peak = peak_mib(values, method)
            print(f"{method:<10}{name:<9}{seconds:>9.3f}{peak:>10.1f}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak resident memory (ru_maxrss): {maxrss:.0f} MiB")


if __name__ == "__main__":
    main()

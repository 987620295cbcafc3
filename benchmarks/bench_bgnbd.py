"""How long the BG/NBD fit of 100,000 clients takes, and whether it finds its parameters.

Target: under 2 s. The clients are simulated from the model itself with the paper's CDNOW
parameters (r 0.243, α 4.414, a 0.793, b 2.426), first purchases spread over 12 weeks and
a 52-week window, times rounded to whole days as a ledger gives them; the fit should
recover the parameters to within sampling noise.

Also times ``client_rhythm`` on a million ledger lines (target well under 2 s).

Run from the repository root: ``python benchmarks/bench_bgnbd.py [clients] [seed]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

# Runs from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xlsales.method.bgnbd import fit_bgnbd
from xlsales.method.rhythm import client_rhythm

TRUE = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def simulate(clients: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, t_x, T) in weeks of clients drawn from the BG/NBD.

    While alive a client's purchases are a Poisson process of rate λ; it drops out after
    its j-th repeat purchase with probability p. Given n arrivals in (0, T], they are n
    uniform times, so the x-th of them is T · Beta(x, n − x + 1).
    """
    rng = np.random.default_rng(seed)
    rate = rng.gamma(TRUE["r"], 1 / TRUE["alpha"], clients)
    dropout = rng.beta(TRUE["a"], TRUE["b"], clients)
    days = 364 - rng.integers(0, 84, clients)
    weeks = days / 7
    arrivals = rng.poisson(rate * weeks)
    until_dropout = rng.geometric(dropout)
    x = np.minimum(arrivals, until_dropout)
    share = np.where(x > 0, rng.beta(np.maximum(x, 1), arrivals - x + 1), 0.0)
    t_x = np.floor(share * days) / 7
    return x.astype(np.float64), t_x, weeks


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    x, t_x, T = simulate(clients, seed)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fit = fit_bgnbd(x, t_x, T)
        times.append(time.perf_counter() - start)
    print(f"BG/NBD fit of {clients:,} clients ({fit.repeat_buyers:,} repeat buyers): "
          f"best {min(times):.3f} s of 3 (target < 2 s)")
    for name, value in TRUE.items():
        print(f"  {name:5} true {value:.3f}  fitted {getattr(fit, name):.3f}")
    print(f"  log-likelihood {fit.log_likelihood:,.1f}")

    rng = np.random.default_rng(seed)
    lines = 1_000_000
    client = rng.integers(0, 100_000, lines)
    day = np.datetime64("2022-01-01") + rng.integers(0, 1000, lines).astype("timedelta64[D]")
    amount = rng.normal(100, 60, lines)
    start = time.perf_counter()
    client_rhythm(client, day, amount, "2025-01-01")
    print(f"client_rhythm of {lines:,} lines: {time.perf_counter() - start:.3f} s "
          "(target well under 2 s)")


if __name__ == "__main__":
    main()

"""Purchase days drawn from the BG/NBD story itself (Fader, Hardie & Lee 2005), for the
cell formulas that fit it: while alive a client buys at a rate λ ~ Gamma(r, α) a week and
drops out after each purchase with probability p ~ Beta(a, b). Seeded, so the same lines
come back on every machine; the expected figures of a test are worked out from the lines
themselves, never from these parameters.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

__all__ = ["START", "bgnbd_buyers"]

START = dt.date(2024, 1, 1)


def bgnbd_buyers(clients: int = 150, seed: int = 7, weeks: float = 52.0
                 ) -> tuple[list[str], list[dt.date]]:
    """(client codes, dates) of one line per purchase over ``weeks`` from ``START``, each
    client's first purchase within the first twelve weeks."""
    rng = np.random.default_rng(seed)
    codes: list[str] = []
    days: list[dt.date] = []
    for k in range(clients):
        rate, dropout = rng.gamma(0.5, 1 / 0.2), rng.beta(0.8, 2.5)
        t = rng.uniform(0, 12)
        while t < weeks:
            codes.append(f"C{k:03d}")
            days.append(START + dt.timedelta(days=int(t * 7)))
            if rng.random() < dropout:
                break
            t += rng.exponential(1 / rate)
    return codes, days

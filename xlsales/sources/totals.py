"""Total and subtotal lines of a printed report, told apart from the clients they sum.

An ERP's "sales by client" report, saved as CSV or as a workbook, ends with a "Total" or
"TOTAL GÉNÉRAL" line and often closes each client's lines with a subtotal; the line may
even carry a date. Read as invoice lines, each would be a client worth the sum of the
others, and the revenue would double. A line is taken for a total when both hold:
- its client cell is blank or says total ("Total", "Sous-total", "Total ABC01",
  "TOTAL GÉNÉRAL", "Grand total", "Subtotal"), and
- its amount equals, to the cent, the sum of the lines above it since the start or since
  an earlier total (a client's subtotal, a segment's, the grand total), over at least
  one line.
A client really named "TOTAL" (the oil company) keeps its lines: their amounts are not
sums. Blank-client lines that are no totals stay bad lines, reported as such.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xlsales.sources.files import header_key

__all__ = ["TOTAL_WORDS", "total_lines"]

# the start of a client cell that says total, folded as header_key folds names
TOTAL_WORDS = ("total", "soustotal", "subtotal", "grandtotal", "totaux", "totalgeneral")


def total_lines(clients: Any, amounts: Any) -> np.ndarray:
    """True for each line that is a total of the lines above it (see the module's rules)."""
    amounts = np.asarray(amounts, dtype=np.float64)
    # each distinct client once: a ledger of a million lines has a few thousand clients
    codes, uniques = pd.factorize(pd.Series(clients), use_na_sentinel=True)
    says = np.array([header_key(u).startswith(TOTAL_WORDS) for u in uniques] + [True],
                    dtype=bool)  # the last slot is for blanks (code -1)
    maybe = says[codes] & np.isfinite(amounts)
    found = np.zeros(len(amounts), dtype=bool)
    candidates = np.flatnonzero(maybe)
    if not candidates.size:
        return found
    cents = np.rint(np.nan_to_num(amounts, nan=0.0, posinf=0.0, neginf=0.0) * 100)
    cents = cents.astype(np.int64)
    detail = np.where(maybe, 0, cents)
    before = np.concatenate([[0], np.cumsum(detail)])  # detail sum before each line
    counted = np.concatenate([[0], np.cumsum(~maybe)])  # detail lines before each line
    extra = 0  # candidates found to be detail lines after all (a client named Total)
    extra_lines = 0
    bounds = {0: 0}  # a detail sum where a total closed -> detail lines then (the first)
    for i in candidates:
        above = int(before[i]) + extra
        lines = int(counted[i]) + extra_lines
        start = bounds.get(above - int(cents[i]))
        if start is not None and lines > start:
            found[i] = True
            bounds.setdefault(above, lines)
        else:
            extra += int(cents[i])
            extra_lines += 1
    return found

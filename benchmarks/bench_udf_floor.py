"""The floor under every cell formula: a whole Excel column through xlwings, doing nothing.

An identity function over 1,048,576 rows, called as desktop Excel + xlwings calls it
(tests/harness/xlwings_excel.call_like_excel: xlwings' own conversion both ways), once per
way of receiving the column:
- raw lists (``ndim=2``): xlwings' default converter;
- numpy (``np.array``): xlwings' numpy converter;
- xlsales adapter: ``excel_function`` with ``line`` and ``shaped_like``, what every
  catalogue function pays before doing any work;
- XLSALES_NUMBER: the adapter plus reading the numbers (``xlsales.common.values.to_numbers``).
The column (floats, one blank in ten) is built beforehand, as COM would hand it, and is
not counted. Seconds come from one plain run, peak memory (Python allocations during the
call) from a second run under tracemalloc.

Run from the repository root: ``python benchmarks/bench_udf_floor.py``.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "udfs")]

import numpy as np  # noqa: E402
import xlwings as xw  # noqa: E402

from tests.harness import xlwings_excel as excel  # noqa: E402

ROWS = 1_048_576


def identities() -> dict[str, object]:
    udfs = excel.load()
    with excel.classic():

        @xw.func
        @xw.arg("cells", ndim=2)
        def raw_lists(cells):
            return cells

        @xw.func
        @xw.arg("cells", np.array, ndim=2)
        def numpy_array(cells):
            return cells

        @udfs.excel_function(("Identity.", "Identité."), cells=("Cells", "Cellules"))
        def xlsales_adapter(cells):
            return udfs.shaped_like(cells, udfs.line(cells, "cells"))

    return {"raw lists": raw_lists, "numpy": numpy_array, "xlsales adapter": xlsales_adapter,
            "XLSALES_NUMBER": udfs.XLSALES_NUMBER}


def main() -> None:
    values = [None if i % 10 == 9 else i * 1.25 for i in range(ROWS)]
    column = excel.column(*values)
    print(f"identity over {ROWS:,} rows through call_like_excel (xlwings {xw.__version__})")
    print(f"{'converter':<18}{'seconds':>9}{'peak MB':>10}")
    for name, func in identities().items():
        start = time.perf_counter()
        result = excel.call_like_excel(func, column)
        seconds = time.perf_counter() - start
        assert len(result) == ROWS and result[9] == [""], name
        del result
        tracemalloc.start()
        excel.call_like_excel(func, column)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name:<18}{seconds:>9.2f}{peak / 2**20:>10.0f}")


if __name__ == "__main__":
    main()

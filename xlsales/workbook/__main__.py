"""``python -m xlsales.workbook [folder]``: rewrite the committed demo workbooks."""

import sys
from pathlib import Path

from .committed import WORKBOOKS, regenerate

for path in regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else WORKBOOKS):
    print(path)

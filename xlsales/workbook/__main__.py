"""``python -m xlsales.workbook [folder]``: rewrite the committed demo workbooks."""

import sys
from pathlib import Path

from xlsales.workbook.committed import WORKBOOKS, regenerate

if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
    # "--help" is not a folder to fill: say how it is used instead
    print("usage: python -m xlsales.workbook [folder]", file=sys.stderr)
    sys.exit(2)
for path in regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else WORKBOOKS):
    print(path)

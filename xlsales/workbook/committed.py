"""The generated copies committed in ``workbooks/``, and how to make them again.

The repository ships the demo-filled template in English and French, so a user can open
one without installing anything. A test compares them with the generator's output; after
a change to the generator, run ``python -m xlsales.workbook.committed`` to rewrite them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .writer import template_data, workbook_bytes

__all__ = ["WORKBOOKS", "committed_workbooks", "regenerate"]

WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"


def committed_workbooks() -> dict[str, bytes]:
    """File name → the bytes the generator makes for it now."""
    data = template_data()
    return {f"xlsales-template-{lang}.xlsx": workbook_bytes(data, lang=lang)
            for lang in ("en", "fr")}


def regenerate(folder: Path = WORKBOOKS) -> list[Path]:
    """Write the committed workbooks into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in committed_workbooks().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else WORKBOOKS):
        print(path)

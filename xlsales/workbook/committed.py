"""The generated copies committed in ``workbooks/``, and how to make them again.

The repository ships the demo-filled template in English and French, so a user can open
one without installing anything. A test compares them with the generator's output; after
a change to the generator, run ``python -m xlsales.workbook`` to rewrite them.
"""

from __future__ import annotations

from pathlib import Path

from xlsales.workbook.writer import template_data, workbook_bytes

__all__ = ["COMMITTED", "WORKBOOKS", "committed_workbooks", "regenerate"]

WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"
# file name -> language; the demo-filled .xlsx only (the .xlsm embeds the installed
# xlwings' VBA, so its bytes follow the xlwings version)
COMMITTED = {"xlsales-template-en.xlsx": "en", "xlsales-template-fr.xlsx": "fr"}


def committed_workbooks() -> dict[str, bytes]:
    """File name → the bytes the generator makes for it now."""
    data = template_data()
    return {name: workbook_bytes(data, lang=lang) for name, lang in COMMITTED.items()}


def regenerate(folder: Path = WORKBOOKS) -> list[Path]:
    """Write the committed workbooks into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in committed_workbooks().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


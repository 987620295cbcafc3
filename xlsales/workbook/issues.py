"""The Issues sheet of a report: the export's lines that could not be read and were left
out (``xlsales report --skip-bad-rows``), so the figures' gaps can be traced and fixed."""

from __future__ import annotations

import pandas as pd

from xlsales.workbook.book import Book
from xlsales.workbook.cells import TableRows

SHEET = {"en": "Issues", "fr": "Anomalies"}
LABELS = {
    "title": {"en": "Lines left out of the analyses, and lines to check",
              "fr": "Lignes écartées des analyses, et lignes à vérifier"},
    "howto": {
        "en": "These lines of your files could not be read, or are totals of the lines above, "
              "and were left out; look-alike client codes were kept and are listed to "
              "check. Fix the export if needed and run the report again.",
        "fr": "Ces lignes de vos fichiers n'ont pas pu être lues, ou sont des totaux des "
              "lignes au-dessus, et ont été écartées ; les codes client semblables ont été "
              "gardés et sont listés pour vérification. Corrigez l'export si besoin et "
              "relancez le rapport.",
    },
}


def write(book: Book, issues: pd.DataFrame) -> None:
    """One row per bad cell, under the frame's own (already translated) headers."""
    sheet = book.add_sheet("issues", SHEET[book.lang])
    book.title("issues", book.say(LABELS, "title"), book.say(LABELS, "howto"))
    for col, header in enumerate(issues.columns):
        book.text("issues", 3, col, str(header), "header")
    rows = TableRows(sheet, 4, len(issues))  # an export may have thousands of bad lines
    for col, header in enumerate(issues.columns):
        rows.values(col, issues[header], None, book.fmt("date"))
    sheet.add_rows(rows)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 3, 22)
    sheet.set_column(4, 4, 60)
    sheet.freeze_panes(4, 0)

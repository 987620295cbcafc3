"""The "Clients at risk" sheet: the A and B clients most likely lost, largest revenue at
risk first (issue 14).

Two blocks xlsales writes (``plan.risk_blocks``), refreshed by the sheet's button: how
the clients were chosen (the as-of day, the count, the revenue at risk, the model's fit or
why there is none), and the list with each client's class, probability of still buying,
rhythm, last purchase, salesperson and the approach the method gives.
"""

from __future__ import annotations

from xlsales.plan import layout
from xlsales.plan.risk_blocks import LIST_COLUMNS
from xlsales.workbook.book import Book

__all__ = ["LABELS", "write"]

LABELS = {
    "title": {"en": "Clients at risk", "fr": "Clients à risque"},
    "howto": {
        "en": "A and B clients most likely lost, largest revenue at risk first: call them "
              "while a call can still save them. The rhythm columns are on the Clients sheet.",
        "fr": "Les clients A et B les plus susceptibles d'être perdus, le plus gros CA à "
              "risque d'abord : appelez-les tant qu'un appel peut encore les sauver. Les "
              "colonnes de rythme sont sur la feuille Clients.",
    },
}

_TRAITS = {"revenue_12m": "money", "p_alive": "share", "revenue_at_risk": "money",
           "expected_12m": "decimal", "usual_gap": "decimal", "last_purchase": "date",
           "abc_class": "center"}
_WIDTHS = {"client": 11, "name": 30, "abc_class": 7, "approach": 50, "salesperson": 16}


def write(book: Book) -> None:
    key = "risk"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    button = layout.caption("refresh_risk", book.lang)
    book.python_block("xls_risk_note", 4, 0, button)
    list_row = 4 + layout.AREA_BY_NAME["xls_risk_note"].rows + 2

    def trait(i: int, j: int) -> str | None:
        return "wrap" if i == 0 else _TRAITS.get(LIST_COLUMNS[j])

    book.python_block("xls_risk_list", list_row, 0, traits=trait)
    for j, column in enumerate(LIST_COLUMNS):
        sheet.set_column(j, j, _WIDTHS.get(column, 13))
    book.tall(key, list_row, 45)
    sheet.freeze_panes(list_row + 1, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(list_row)
    sheet.print_area(0, 0, list_row + 60, len(LIST_COLUMNS) - 1)

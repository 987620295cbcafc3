"""The Sales sheet: the ledger's sales by client × product × year (``tblSales``).

The Matrix sheet's cells are SUMIFS over this table, so the matrix adds up what the
ledger's lines say (a client buying three products is in three cells), not each client's
main product. The report fills it from the lines, the demo from its ledger; a template
user types or pastes one row per client, product and year. The segment is the client's,
carried on each row so that no formula needs a lookup.
"""

from __future__ import annotations

from xlsales.plan import layout
from xlsales.workbook.book import Book
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "write"]

LABELS = {
    "title": {"en": "Sales by client, product and year",
              "fr": "Ventes par client, produit et année"},
    "howto": {
        "en": "One row per client, product and year: net revenue (credit notes deducted) and"
              " margin. The Matrix sheet adds these rows up; the totals of year N per client"
              " are the Clients table's revenue N.",
        "fr": "Une ligne par client, produit et année : CA net (avoirs déduits) et marge. La"
              " feuille Matrice additionne ces lignes ; les totaux de l'année N par client"
              " sont le CA N du tableau Clients.",
    },
}

WIDTHS = {"client": 13, "segment": 18, "product": 20, "year": 8, "revenue": 14, "margin": 14}


def write(book: Book) -> None:
    key = "sales"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    place = write_table(book, key, layout.SALES, book.data.sales_rows(), 3, 0, {}, {})
    for j, column in enumerate(layout.SALES.columns):
        sheet.set_column(j, j, WIDTHS.get(column.key, 12))
    sheet.freeze_panes(4, 1)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(3)
    sheet.print_area(0, 0, place.last_row, len(layout.SALES.columns) - 1)

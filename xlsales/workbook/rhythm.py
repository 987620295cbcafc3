"""The rhythm columns of tblClients and the Purchases sheet they read (issue 14).

The Purchases sheet holds tblPurchases, the ledger netted per client and day as the core
nets it (``plan.risk``: a credit note nets with the sales of its day; a day netting to 0
or less is no purchase), and ``xls_risk_today``, the day counted to: the reference date
of the Qualification sheet, or the last date of the table when it is blank.

From them tblClients computes, in native formulas (no Python needed): the last purchase,
the days since, the number of purchase days, the average purchase, the revenue of the
last twelve months and "late". The usual gap (the median of the days between purchase
days) is written by xlsales: a median over each client's gaps needs an array formula or
FILTER, which a table's calculated column cannot hold the same way in Excel and
LibreOffice. Late compares the days since with twice that gap. The probability of still
buying, the expected purchase days and the revenue at risk are the model's, written by
xlsales too. Each formula scans tblPurchases once per client: a ledger of a few hundred
thousand client-days recalculates in seconds, not instantly.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xlsales.common.text import number
from xlsales.plan import layout
from xlsales.plan.risk_blocks import LABELS as RISK_LABELS
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "rhythm_caches", "rhythm_formulas", "write"]

LABELS = {
    "title": {"en": "Purchases", "fr": "Achats"},
    "howto": {
        "en": "One row per client and day, the day's net amount (credit notes deducted): "
              "the Clients sheet's rhythm columns read it. Add rows for new days, then press "
              "the Clients at risk sheet's button.",
        "fr": "Une ligne par client et par jour, le montant net du jour (avoirs déduits) : "
              "les colonnes de rythme de la feuille Clients la lisent. Ajoutez les nouveaux "
              "jours, puis cliquez sur le bouton de la feuille Clients à risque.",
    },
    "too_many": {"en": "{n} client-days do not fit a sheet (at most {most}): the table is left "
                        "empty and the rhythm columns hold xlsales' values until recalculated.",
                 "fr": "{n} jours client ne tiennent pas dans une feuille (au plus {most}) : "
                       "le tableau reste vide et les colonnes de rythme gardent les valeurs "
                       "d'xlsales jusqu'au recalcul."},
    "as_of": {"en": "As of (reference date, else the last date below)",
              "fr": "Au (date de référence, sinon la dernière date ci-dessous)"},
}

_ROW_TODAY, _ROW_TABLE = 3, 5
_MAX_ROWS = 1_048_576 - _ROW_TABLE - 1


def rhythm_formulas(t: StructuredRefs, lang: str) -> dict[str, str]:
    """tblClients' rhythm formulas, by layout key (``t``: tblClients' references)."""
    p = StructuredRefs(layout.PURCHASES, lang)
    client, amount, date = t.this("client"), p.col("amount"), p.col("date")
    today = "xls_risk_today"
    # a client's purchase days up to the as-of day (later rows are not counted yet)
    mine = f"{p.col('client')},{client},{amount},\">0\",{date},\"<=\"&{today}"
    count = f"COUNTIFS({mine})"
    days, last = t.this("purchase_days"), t.this("last_purchase")
    since, gap = t.this("days_since"), t.this("usual_gap")
    return {
        "last_purchase": f"IF(ISNUMBER({days}),SUMPRODUCT(MAX(({p.col('client')}={client})"
                         f"*({amount}>0)*({date}<={today})*{date})),\"\")",
        "days_since": f"IF(ISNUMBER({last}),{today}-{last},\"\")",
        "purchase_days": f"IF({client}=\"\",\"\",IF({count}=0,\"\",{count}))",
        "mean_amount": f"IF(ISNUMBER({days}),SUMIFS({amount},{mine})/{days},\"\")",
        "late": f"IF(AND(ISNUMBER({since}),ISNUMBER({gap})),IF({since}>2*{gap},"
                f"{quote(RISK_LABELS['late'][lang])},\"\"),\"\")",
        "revenue_12m": f"IF(ISNUMBER({days}),SUMIFS({amount},{p.col('client')},{client},"
                       f"{date},\">\"&EDATE({today},-12),{date},\"<=\"&{today}),\"\")",
    }


def rhythm_caches(book: Book) -> dict[str, list[Any] | None]:
    """The core's rhythm and risk figures per row of tblClients (the formulas' cached
    values and the output columns)."""
    found = book.results.client_risk
    keys = ("last_purchase", "days_since", "purchase_days", "mean_amount", "usual_gap",
            "late", "revenue_12m", "p_alive", "expected_12m", "revenue_at_risk")
    if found is None:
        return dict.fromkeys(keys)
    rows = found.per_client(book.data.clients["client"].to_numpy(dtype=object))
    out: dict[str, list[Any] | None] = {k: rows[k].tolist() for k in keys if k != "late"}
    word = RISK_LABELS["late"][book.lang]
    out["late"] = [word if not pd.isna(v) and bool(v) else
                   (None if pd.isna(v) else "") for v in rows["late"]]
    return out


def write(book: Book) -> None:
    """The Purchases sheet: the as-of cell and tblPurchases."""
    key = "purchases"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    found = book.results.client_risk
    dates = StructuredRefs(layout.PURCHASES, book.lang).col("date")
    formula = (f"IF(ISNUMBER(xls_today),INT(xls_today),IF(COUNT({dates})=0,\"\","
               f"MAX({dates})))")
    as_of = found.as_of if found is not None else book.data.settings.today
    book.text(key, _ROW_TODAY, 0, book.say(LABELS, "as_of"))
    book.formula(key, _ROW_TODAY, 1, formula, as_of, "computed", "date")
    book.name("xls_risk_today", key, _ROW_TODAY, 1)
    frame = found.days if found is not None else pd.DataFrame(
        columns=layout.PURCHASES.keys("input"))
    if len(frame) > _MAX_ROWS:  # a sheet has 1,048,576 rows: say so rather than fail
        book.text(key, _ROW_TODAY + 1, 0, book.say(LABELS, "too_many").format(
            n=number(len(frame), book.lang), most=number(_MAX_ROWS, book.lang)), "note")
        frame = frame.iloc[:0]
    place = write_table(book, key, layout.PURCHASES, frame, _ROW_TABLE, 0, {}, {})
    for j, width in enumerate((46, 12, 16, 20)):
        sheet.set_column(j, j, width)
    sheet.freeze_panes(_ROW_TABLE + 1, 0)
    sheet.print_area(0, 0, place.last_row, len(layout.PURCHASES.columns) - 1)

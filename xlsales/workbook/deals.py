"""The CRM's deals on the Funnel sheet: the table ``tblDeals`` and what it says about
selling — deals won and lost in year N, win rate, open and weighted pipeline, average
sales cycle, stalled deals, and the deals at and past each stage of the pipeline
(``method.deals``, METHOD.md §10).

Every figure is a native formula over ``tblDeals`` (COUNTIFS, SUMIFS, AVERAGEIFS) cached
with the core's result, so a deal added, won or lost in the workbook changes them at
once; the table's calculated columns give each deal's days to win, days open and
weighted amount. What needs a list the formulas cannot make — the stages in pipeline
order, the win rate per owner and per lead source, the stalled deals by name — is written
by xlsales' Python into its areas (``plan.blocks``), which the funnel button refreshes.

The formulas follow the core's rules: a deal is won or lost by its status (the
workbook's words, ``layout.DEAL_STATUS``), else open when it has a stage; the period is
year N (or, with no year N, the first to the last close date); a deal reached its stage
and every one before it, a won deal all of them, a lost deal with no stage all of them;
a probability above 1 is a percentage (80 = 80 %).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from xlsales.common.lang import say
from xlsales.method import deals as deals_method
from xlsales.plan import layout
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "TABLE_COL", "formulas", "table_frame", "write", "write_table_of_deals"]

LABELS = {
    "deals": {"en": "Deals of the CRM (tblDeals: closed in year N; open today)",
              "fr": "Affaires du CRM (tblDeals : closes en année N ; en cours aujourd'hui)"},
    "deals_note": {"en": "Native formulas over tblDeals (right of this sheet): list your deals "
                         "there, or give the CRM's export to xlsales report --deals. With "
                         "deals, the buttons take the funnel from them.",
                   "fr": "Formules natives sur tblDeals (à droite de cette feuille) : listez-y "
                         "vos affaires, ou donnez l'export du CRM à xlsales report --deals. "
                         "Avec des affaires, les boutons en tirent l'entonnoir."},
    "table": {"en": "The deals (status: won, lost or open)",
              "fr": "Les affaires (statut : gagnée, perdue ou en cours)"},
    "start": {"en": "Period: from", "fr": "Période : du"},
    "end": {"en": "Period: to", "fr": "Période : au"},
    "today": {"en": "Reference date (of the Qualification sheet)",
              "fr": "Date de référence (de la feuille Qualification)"},
    "won_all": {"en": "Won deals, any date (the funnel's last stage)",
                "fr": "Affaires gagnées, toutes dates (dernière étape de l'entonnoir)"},
    "stages": {"en": "Deals per stage, in pipeline order",
               "fr": "Affaires par étape, dans l'ordre du pipeline"},
    "lost_reached": {"en": "Lost in year N after reaching it",
                     "fr": "Perdues en année N après l'avoir atteinte"},
    "groups": {"en": "Win rate per owner and per lead source (closed in year N)",
               "fr": "Taux de transformation par responsable et par source (closes en année N)"},
    "stalled_list": {"en": "Stalled deals, oldest first",
                     "fr": "Affaires en sommeil, les plus anciennes d'abord"},
    "no_weight": {"en": "an open deal has neither a probability nor a stage win rate",
                  "fr": "une affaire en cours n'a ni probabilité ni taux de l'étape"},
    "status_title": {"en": "Status", "fr": "Statut"},
    "status_help": {"en": "won, lost or open", "fr": "gagnée, perdue ou en cours"},
}

TABLE_COL = 18  # tblDeals' first column, right of the funnel's hidden helpers
TABLE_ROW = 6  # its header row, level with tblFunnel's
_FIGURES = ("start", "end", "today", "won", "lost", "win_rate", "open", "won_all",
            "pipeline_amount", "pipeline", "cycle", "stalled")


def _words(lang: str) -> tuple[str, str, str]:
    return tuple(quote(layout.DEAL_STATUS[k][lang]) for k in ("won", "lost", "open"))


def formulas(lang: str) -> dict[str, str]:
    """The calculated columns of tblDeals: days to win, days open, weighted amount."""
    t = StructuredRefs(layout.DEALS, lang)
    won, lost, _ = _words(lang)
    status, stage, prob = t.this("status"), t.this("stage"), t.this("probability")
    created, closed, amount = t.this("created"), t.this("closed"), t.this("amount")
    is_open = f'AND({status}<>{won},{status}<>{lost},{stage}<>"")'
    share = f"IF({prob}>1,{prob}/100,{prob})"
    rate = f"INDEX(fig_deal_stage_rates,MATCH({stage},xls_deal_stages,0))"
    return {
        "cycle": f'IF(AND({status}={won},ISNUMBER({created}),ISNUMBER({closed})),'
                 f'INT({closed}-{created}),"")',
        "age": f'IF(AND({is_open},ISNUMBER({created})),INT(fig_deals_today-{created}),"")',
        "weighted": f'IF({is_open},IF(ISNUMBER({prob}),N({amount})*{share},'
                    f'IFERROR(N({amount})*{rate},"")),"")',
    }


def table_frame(deals: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The deals as tblDeals holds them (its input columns; status in ``lang``)."""
    keys = layout.DEALS.keys("input")
    if deals is None or not len(deals):
        return pd.DataFrame({k: pd.Series(dtype=object) for k in keys})
    frame = pd.DataFrame({k: deals[k].to_numpy(dtype=object) if k in deals.columns else None
                          for k in keys if k != "status"})
    frame["status"] = [layout.DEAL_STATUS[o][lang] for o in deals["outcome"]]
    for key in ("created", "closed"):
        frame[key] = [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime()
                      for v in pd.to_datetime(frame[key], errors="coerce")]
    return frame[keys]


def write_table_of_deals(book: Book) -> None:
    """tblDeals at its place, with the core's per-deal values cached."""
    key, lang = "funnel", book.lang
    found = book.results.deals
    frame = table_frame(book.data.deals if found is not None else None, lang)
    per_deal = found.per_deal if found is not None else None
    caches = {name: None if per_deal is None else list(per_deal[name])
              for name in ("cycle", "age", "weighted")}
    book.text(key, TABLE_ROW - 1, TABLE_COL, book.say(LABELS, "table"), "section")
    words = [layout.DEAL_STATUS[k][lang] for k in ("won", "lost", "open")]
    write_table(book, key, layout.DEALS, frame, TABLE_ROW, TABLE_COL, formulas(lang), caches,
                {"status": {"validate": "list", "source": words,
                            "input_title": book.say(LABELS, "status_title"),
                            "input_message": book.say(LABELS, "status_help")}},
                traits={"cycle": "whole", "age": "whole"})
    sheet = book.sheets[key]
    sheet.set_column(TABLE_COL, TABLE_COL, 22)
    sheet.set_column(TABLE_COL + 1, TABLE_COL + len(layout.DEALS.columns) - 1, 13)


def write(book: Book, row: int) -> int:
    """The deals' figures and stage table from ``row`` on the Funnel sheet, and tblDeals;
    returns the last row used."""
    write_table_of_deals(book)
    key, lang = "funnel", book.lang
    t = StructuredRefs(layout.DEALS, lang)
    won, lost, _ = _words(lang)
    found, settings = book.results.deals, book.data.settings
    book.text(key, row, 0, book.say(LABELS, "deals"), "section")
    book.text(key, row + 1, 0, book.say(LABELS, "deals_note"), "howto")
    status, stage, closed = t.col("status"), t.col("stage"), t.col("closed")
    start, end = "fig_deals_start", "fig_deals_end"
    period = f'{closed},">="&{start},{closed},"<="&{end}'
    not_closed = f'{status},"<>"&{won},{status},"<>"&{lost}'
    words = deals_method.LABELS
    no_closed = quote(say(words, "no_closed", lang))
    no_cycle = quote(say(words, "no_cycle", lang))
    no_weight = quote(book.say(LABELS, "no_weight"))
    items: dict[str, tuple[str, str, Any, str | None, str | None]] = {
        # name: (label, formula, cached value, trait, reason formula)
        "start": (book.say(LABELS, "start"),
                  f'IF(ISNUMBER(xls_year_curr),DATE(xls_year_curr,1,1),'
                  f'IF(COUNT({closed})=0,"",MIN({closed})))', _period(book, "start"), "date",
                  None),
        "end": (book.say(LABELS, "end"),
                f'IF(ISNUMBER(xls_year_curr),DATE(xls_year_curr,12,31),'
                f'IF(COUNT({closed})=0,"",MAX({closed})))', _period(book, "end"), "date", None),
        "today": (book.say(LABELS, "today"), "IF(ISNUMBER(xls_today),xls_today,TODAY())",
                  _day(settings.today or dt.date.today()), "date", None),
        "won": (say(words, "won", lang),
                f'IF({start}="",0,COUNTIFS({status},{won},{period}))',
                None if found is None else found.won, "whole", None),
        "lost": (say(words, "lost", lang),
                 f'IF({start}="",0,COUNTIFS({status},{lost},{period}))',
                 None if found is None else found.lost, "whole", None),
        "win_rate": (say(words, "win_rate", lang),
                     'IF(fig_deals_won+fig_deals_lost=0,"",'
                     'fig_deals_won/(fig_deals_won+fig_deals_lost))',
                     None if found is None else found.win_rate, "share",
                     f'IF(fig_deals_win_rate="",{no_closed},"")'),
        "open": (say(words, "open", lang), f'COUNTIFS({not_closed},{stage},"<>")',
                 None if found is None else found.open, "whole", None),
        "won_all": (book.say(LABELS, "won_all"), f"COUNTIFS({status},{won})",
                    None if found is None else int(found.funnel["count"].iloc[-1]), "whole",
                    None),
        "pipeline_amount": (say(words, "pipeline_amount", lang),
                            f'SUMIFS({t.col("amount")},{not_closed},{stage},"<>")',
                            None if found is None else found.pipeline_amount, "money", None),
        "pipeline": (say(words, "pipeline", lang),
                     f'IF(fig_deals_open=0,0,IF(COUNT({t.col("weighted")})<fig_deals_open,"",'
                     f'SUM({t.col("weighted")})))',
                     None if found is None else found.pipeline, "money",
                     f'IF(fig_deals_pipeline="",{no_weight},"")'),
        "cycle": (say(words, "cycle", lang),
                  f'IF(OR({start}="",fig_deals_won=0),"",IFERROR(AVERAGEIFS({t.col("cycle")},'
                  f'{status},{won},{period}),""))',
                  None if found is None else found.cycle_days, "decimal",
                  f'IF(fig_deals_cycle="",{no_cycle},"")'),
        "stalled": (say(words, "stalled", lang),
                    f'IF(fig_deals_cycle="","",COUNTIFS({t.col("age")},">"&2*fig_deals_cycle))',
                    None if found is None or "stalled" in found.reasons else len(found.stalled),
                    "whole", None),
    }
    if found is None:  # an empty table: its counts and sums are 0, its rates blank
        for name in ("won", "lost", "open", "won_all", "pipeline_amount", "pipeline"):
            label, formula, _, trait, reason = items[name]
            items[name] = (label, formula, 0, trait, reason)
    r = row + 2
    for name in _FIGURES:
        label, formula, value, trait, reason = items[name]
        value = None if value is None or (isinstance(value, float) and pd.isna(value)) else value
        # the value two columns on: a long label reads across the empty column between
        book.figure(key, r, 0, f"deals_{name}", label, formula, value, trait, value_col=2)
        if reason is not None:
            cached = None if value is not None else _reason(found, name, lang)
            book.formula(key, r, 3, reason, cached, "note")
        r += 1
    r = _stages(book, t, r + 1)
    book.text(key, r + 1, 0, book.say(LABELS, "groups"), "section")
    button = layout.caption("refresh_funnel", lang)
    book.python_block("xls_deal_groups", r + 3, 0, button,
                      traits=(None, "whole", "whole", "share"))
    r += 3 + layout.AREA_BY_NAME["xls_deal_groups"].rows + 1
    book.text(key, r, 0, book.say(LABELS, "stalled_list"), "section")
    book.python_block("xls_deal_stalled", r + 1, 0, button,
                      traits=(None, None, None, "money", "whole"), caption_cell=(r, 3))
    return r + 1 + layout.AREA_BY_NAME["xls_deal_stalled"].rows - 1


def _stages(book: Book, t: StructuredRefs, row: int) -> int:
    """The stage table: per open stage (Python's list, in pipeline order), the open deals
    at it, the deals that reached it, those lost in year N after reaching it, and the win
    rate from it; returns its last row."""
    key, lang = "funnel", book.lang
    won, lost, _ = _words(lang)
    words = deals_method.LABELS
    book.text(key, row, 0, book.say(LABELS, "stages"), "section")
    header = row + 2
    for j, label in enumerate((say(words, "stage", lang), say(words, "at_stage", lang),
                               say(words, "reached", lang), book.say(LABELS, "lost_reached"),
                               say(words, "stage_win_rate", lang))):
        book.text(key, header, j, label, "header")
    first = header + 1
    book.python_block("xls_deal_stages", first, 0, layout.caption("refresh_funnel", lang),
                      caption_cell=(row + 1, 0))
    found = book.results.deals
    table = found.stages if found is not None else None
    status, stage, closed = t.col("status"), t.col("stage"), t.col("closed")
    period = f'{closed},">="&fig_deals_start,{closed},"<="&fig_deals_end'
    rows = layout.DEAL_STAGES
    for i in range(rows):
        r = first + i
        here, below = f"$A{r + 1}", f"$A{r + 2}"
        last = i == rows - 1
        cached = table.iloc[i] if table is not None and i < len(table) else None
        # past the last listed stage: every won deal, and the lost ones with no stage
        tail_reached = (f'COUNTIFS({status},{won})+COUNTIFS({status},{lost})'
                        f'-COUNTIFS({status},{lost},{stage},"<>")')
        tail_lost = (f'IF(fig_deals_start="",0,COUNTIFS({status},{lost},{period})'
                     f'-COUNTIFS({status},{lost},{stage},"<>",{period}))')
        then_reached = tail_reached if last else f'IF({below}="",{tail_reached},N(C{r + 2}))'
        then_lost = tail_lost if last else f'IF({below}="",{tail_lost},N(D{r + 2}))'
        cells = (
            (f'IF({here}="","",COUNTIFS({stage},{here},{status},"<>"&{won},'
             f'{status},"<>"&{lost}))', "at_stage", "whole"),
            (f'IF({here}="","",COUNTIFS({stage},{here},{status},"<>"&{won})+{then_reached})',
             "reached", "whole"),
            (f'IF({here}="","",IF(fig_deals_start="",0,COUNTIFS({stage},{here},{status},'
             f'{lost},{period}))+{then_lost})', "lost_reached", "whole"),
            (f'IF({here}="","",IF(fig_deals_won+D{r + 1}=0,"",'
             f'fig_deals_won/(fig_deals_won+D{r + 1})))', "stage_win_rate", "share"),
        )
        for j, (formula, name, trait) in enumerate(cells):
            value = None if cached is None else cached[name]
            value = None if value is None or pd.isna(value) else float(value)
            book.formula(key, r, 1 + j, formula, value, "computed", trait)
    book.name("fig_deal_stage_rates", key, first, 4, rows, 1)
    return first + rows - 1


def _reason(found: deals_method.DealsAnalysis | None, name: str, lang: str) -> str | None:
    """What the native reason cell says when the figure is blank (the pipeline's generic
    words: the stages the core names are the terminal's)."""
    if name == "pipeline":
        return say(LABELS, "no_weight", lang)
    if name == "win_rate":
        return say(deals_method.LABELS, "no_closed", lang)
    return say(deals_method.LABELS, "no_cycle", lang)


def _period(book: Book, end: str) -> dt.datetime | None:
    year = book.data.settings.year_curr
    if year is not None:
        return dt.datetime(int(year), 12, 31) if end == "end" else dt.datetime(int(year), 1, 1)
    deals = book.data.deals
    if deals is None or not len(deals):
        return None
    closed = pd.to_datetime(deals["closed"], errors="coerce").dropna()
    if not len(closed):
        return None
    return (closed.max() if end == "end" else closed.min()).to_pydatetime()


def _day(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)

"""The Activity sheet: each salesperson's activity index, the lever to pull first and its
gain (METHOD.md §9).

Index = quantity × orientation × efficiency (scores 0 to 10). A product gains most from
its lowest factor: +1 point on a factor x raises the index by 1/x, so the lever is the
lowest factor (the first of quantity, orientation, efficiency on ties), its gain
(min(x + 1, 10) − x) / x, as ``xlsales.method.activity.activity_lever``.
"""

from __future__ import annotations

import pandas as pd

from xlsales.method.activity import FACTORS
from xlsales.method.activity import LABELS as ACTIVITY_LABELS
from xlsales.method.team import COLUMNS as TEAM_COLUMNS
from xlsales.method.team import LABELS as TEAM_LABELS
from xlsales.plan import layout
from xlsales.workbook import given
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote
from xlsales.workbook.tables import write_table

__all__ = ["LABELS", "TEAM_COL", "formulas", "write", "write_team_portfolio"]

LABELS = {
    "title": {"en": "Sales team activity", "fr": "Activité de l'équipe commerciale"},
    "howto": {
        "en": "Score each salesperson 0 to 10 on quantity, orientation and efficiency (white"
              " columns); the index, the lever to pull first and its gain follow.",
        "fr": "Notez chaque commercial de 0 à 10 en quantité, orientation et efficacité"
              " (colonnes blanches) ; l'indice, le levier prioritaire et son gain suivent.",
    },
    "team": {"en": "The team", "fr": "L'équipe"},
    "size": {"en": "Salespeople", "fr": "Commerciaux"},
    "average": {"en": "Average activity index", "fr": "Indice d'activité moyen"},
    "lever_count": {"en": "Salespeople whose lever is {factor}",
                    "fr": "Commerciaux dont le levier est {factor}"},
    "most_frequent": {"en": "Most frequent lever", "fr": "Levier le plus fréquent"},
    "score_title": {"en": "Score 0 to 10", "fr": "Note de 0 à 10"},
    "sales": {"en": "Who sold what (from the ledger's salesperson column, or typed)",
              "fr": "Qui a vendu quoi (colonne commercial du grand livre, ou saisi)"},
    "score_help": {"en": "Quantity: how much activity; orientation: towards the right clients,"
                         " products and tasks; efficiency: how well it converts.",
                   "fr": "Quantité : combien d'activité ; orientation : vers les bons clients,"
                         " produits et tâches ; efficacité : comment elle se convertit."},
}

SCALE = 10
_COL = 9
TEAM_COL = 13  # the portfolio per salesperson, right of the coaching plan


def formulas(lang: str) -> dict[str, str]:
    """The calculated columns of tblTeam."""
    t = StructuredRefs(layout.TEAM, lang)
    scores = t.span("quantity", "efficiency")
    q, o = t.this("quantity"), t.this("orientation")
    e = t.this("efficiency")
    low = f"MIN({scores})"
    word = {f: quote(ACTIVITY_LABELS[f][lang]) for f in FACTORS}
    incomplete = f"COUNT({scores})<3"
    return {
        "index": f'IF({incomplete},"",{q}*{o}*{e})',
        "lever": f'IF({incomplete},"",IF({low}>={SCALE},"",IF({q}={low},{word["quantity"]},'
                 f'IF({o}={low},{word["orientation"]},{word["efficiency"]}))))',
        "gain": f'IF({incomplete},"",IF({q}*{o}*{e}<=0,"",(MIN({low}+1,{SCALE})-{low})/{low}))',
    }


def write(book: Book) -> None:
    key = "activity"
    sheet = book.add_sheet(key)
    book.title(key, book.say(LABELS, "title"), book.say(LABELS, "howto"))
    given.note(book, key, 2, 0, "team")
    results, lang = book.results, book.lang
    lever = results.lever
    caches = {
        "index": None if results.activity_index is None else list(results.activity_index),
        "lever": None if lever is None else [
            ACTIVITY_LABELS[f][lang] if isinstance(f, str) else None
            for f in pd.Series(lever.factor, dtype=object)],
        "gain": None if lever is None else list(pd.Series(lever.gain, dtype=float)),
    }
    score = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": SCALE,
             "input_title": book.say(LABELS, "score_title"),
             "input_message": book.say(LABELS, "score_help")}
    write_table(book, key, layout.TEAM, book.data.team, 3, 0, formulas(lang), caches,
                {f: score for f in FACTORS}, traits={"index": "whole"})
    for j, width in enumerate((24, 11, 11, 11, 11, 16, 14, 3, 3, 44, 14, 30)):
        sheet.set_column(j, j, width)
    _summary(book)
    write_team_portfolio(book, 3, TEAM_COL)
    button = layout.caption("refresh_activity", lang)
    book.python_block("xls_team_advice", 13, _COL, button)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)
    # the coaching plan and the portfolio per salesperson, as far as its area reaches
    sheet.print_area(0, 0, max(13 + 20, 4 + len(book.data.team), 3 + 2 + layout.TEAM_ROWS),
                     TEAM_COL + 1 + len(TEAM_COLUMNS))


def _summary(book: Book) -> None:
    key, results = "activity", book.results
    t = StructuredRefs(layout.TEAM, book.lang)
    book.text(key, 3, _COL, book.say(LABELS, "team"), "section")
    figures = results.figures
    counts = figures.lever_counts or {}
    row = 4
    book.figure(key, row, _COL, "team_size", book.say(LABELS, "size"),
                f"COUNTA({t.col('salesperson')})",
                int(book.data.team["salesperson"].notna().sum()), "whole")
    book.figure(key, row + 1, _COL, "team_average", book.say(LABELS, "average"),
                f'IF(COUNT({t.col("index")})=0,"",AVERAGE({t.col("index")}))',
                figures.team_average, "decimal")
    # alphabetical by key: the formula picks the first of the largest counts, as
    # KeyFigures.team_lever does
    ordered = sorted(FACTORS)
    first = row + 2
    for i, factor in enumerate(ordered):
        label = ACTIVITY_LABELS[factor][book.lang]
        book.figure(key, first + i, _COL, f"lever_{factor}",
                    book.say(LABELS, "lever_count", factor=label.lower()),
                    f"COUNTIF({t.col('lever')},{quote(label)})",
                    counts.get(factor, 0), "whole")
    counts = f"{book.column_letter(_COL + 1)}{first + 1}:{book.column_letter(_COL + 1)}{first + 3}"
    words = ",".join(quote(ACTIVITY_LABELS[f][book.lang]) for f in ordered)
    lever = figures.team_lever
    mode = None if lever is None else ACTIVITY_LABELS[lever][book.lang]
    book.figure(key, first + 3, _COL, "team_lever", book.say(LABELS, "most_frequent"),
                f'IF(MAX({counts})=0,"",CHOOSE(MATCH(MAX({counts}),{counts},0),{words}))',
                mode, None)


def write_team_portfolio(book: Book, row: int, col: int) -> None:
    """Per salesperson, the portfolio of the lines they sold (``results.team_portfolio``:
    tblTeamSales and the deals) in two Python areas the team button refreshes, with between
    them each one's activity index looked up by name in tblTeam by a native formula, so
    a new score shows at once; then tblTeamSales, right of the block."""
    key, lang = "activity", book.lang
    t = StructuredRefs(layout.TEAM, lang)
    book.text(key, row, col, book.say(TEAM_LABELS, "title"), "section")
    header = ("salesperson", "activity_index", *TEAM_COLUMNS)
    for j, name in enumerate(header):
        book.text(key, row + 1, col + j, book.say(TEAM_LABELS, name), "header")
    button = layout.caption("refresh_team", lang)
    first = row + 2
    book.python_block("xls_team_names", first, col, button, caption_cell=(row, col + 3))
    traits = [{"churn": "share", "win_rate": "share", "revenue_prev": "money",
               "revenue_curr": "money"}.get(name, "whole") for name in TEAM_COLUMNS]
    book.python_block("xls_team_figures", first, col + 2, button, traits,
                      caption_cell=(row, col + 3))
    table = book.results.team_portfolio
    team, index = book.data.team, book.results.activity_index
    by_name = ({str(n).casefold(): v for n, v in zip(team["salesperson"], index, strict=True)
                if isinstance(n, str)} if index is not None else {})
    people = [] if table is None else [str(p) for p in table.index]
    for i in range(layout.TEAM_ROWS):
        cell = f"{book.column_letter(col)}{first + i + 1}"
        cached = by_name.get(people[i].casefold()) if i < len(people) else None
        book.formula(key, first + i, col + 1,
                     f'IF({cell}="","",IFERROR(INDEX({t.col("index")},'
                     f'MATCH({cell},{t.col("salesperson")},0)),""))',
                     None if cached is None or pd.isna(cached) else cached, "computed",
                     "whole")
    sheet = book.sheets[key]
    sheet.set_column(col, col, 22)
    sheet.set_column(col + 1, col + 1 + len(TEAM_COLUMNS), 11)
    _sales_table(book, row, col + len(header) + 1)


def _sales_table(book: Book, row: int, col: int) -> None:
    """tblTeamSales: per salesperson and client, revenue N-1 and N (a ledger's owner column,
    or typed), which the team's portfolio is computed from."""
    key = "activity"
    sales = book.data.owner_revenue
    keys = layout.TEAM_SALES.keys("input")
    frame = (pd.DataFrame({k: pd.Series(dtype=object) for k in keys}) if sales is None
             else sales[keys].astype(object).where(sales[keys].notna(), None))
    book.text(key, row - 1, col, book.say(LABELS, "sales"), "section")
    write_table(book, key, layout.TEAM_SALES, frame, row, col, {}, {})
    sheet = book.sheets[key]
    sheet.set_column(col, col + 1, 18)
    sheet.set_column(col + 2, col + 3, 12)

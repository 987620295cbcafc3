"""The "not given" notes of the sheets: a formula that shows, in red italics, what is
missing and how to add it, as long as the table it tests is still empty.

The core decides once what the data does not give (``plan.given.not_given``); each note
caches that decision and tests, as a native formula, the same condition on the
workbook's own tables, so that a user who types the prospects or the funnel's counts
sees the note disappear without Python, and a workbook saved by Excel shows what the core
would say.
"""

from __future__ import annotations

from xlsales.plan import given, layout
from xlsales.workbook.book import Book
from xlsales.workbook.formulas import StructuredRefs, quote

__all__ = ["condition", "flag", "note", "when_given"]


def condition(key: str, lang: str) -> str:
    """The formula, TRUE when the input ``key`` (``given.INPUTS``) is not given."""
    if key == "funnel":
        counts = StructuredRefs(layout.FUNNEL, lang).col("count")
        tests = ",".join(f"N(INDEX({counts},{i + 1}))={n}"
                         for i, (_, n) in enumerate(given.DECK_FUNNEL))
        # IF, not AND: a funnel of fewer rows (a CRM's) must not reach INDEX past its end
        return f"IF(ROWS({counts})={len(given.DECK_FUNNEL)},AND({tests}),FALSE)"
    if key == "prospects":
        return f'COUNTA({StructuredRefs(layout.PROSPECTS, lang).col("name")})=0'
    if key == "team":
        return f'COUNTA({StructuredRefs(layout.TEAM, lang).col("salesperson")})=0'
    if key == "scores":
        t = StructuredRefs(layout.CLIENTS, lang)
        filled = "+".join(f"COUNTA({t.col(c)})" for c in given.SCORE_COLUMNS)
        return f'AND(COUNTA({t.col("client")})>0,{filled}=0)'
    raise KeyError(key)


def flag(key: str) -> str:
    """The name of the note cell of ``key``: not blank while the input is not given."""
    return f"fig_not_given_{key}"


def note(book: Book, sheet_key: str, row: int, col: int, key: str) -> None:
    """At (row, col) of the sheet, the sentence saying ``key`` is not given and how to
    add it, shown while the condition holds; the cell is named ``flag(key)`` so that the
    Plan's figures test it."""
    text = given.sentence(key, book.lang)
    cached = text if key in book.results.not_given else ""
    book.formula(sheet_key, row, col, f'IF({condition(key, book.lang)},{quote(text)},"")',
                 cached, "note")
    book.name(flag(key), sheet_key, row, col)


def when_given(key: str, formula: str) -> str:
    """``formula``, blank while the input ``key`` is not given (no "0 overdue")."""
    return f'IF({flag(key)}<>"","",{formula})'

"""Native Excel formulas as text: structured references, blanks, rounding, words.

Every formula the template holds is built here or from these pieces, so the rules that
keep it working in any Excel and in LibreOffice live in one place:

- Table cells are reached by structured references in their explicit form,
  ``tblClients[[#This Row],[Revenue N]]`` (XlsxWriter's ``@`` shorthand writes a form
  LibreOffice cannot compute) and whole columns as ``tblClients[Revenue N]``, so a user
  who adds rows in Excel keeps every formula working. Headers hold none of the characters
  a structured reference must escape (``layout`` guarantees it).
- Only classic functions: SUMIFS, COUNTIFS, SUMPRODUCT, INDEX/MATCH, LARGE... never the
  dynamic-array ones (SORT, UNIQUE, FILTER, XLOOKUP, LET, TEXTJOIN).
- A per-row formula does a fixed amount of work (no whole-column function), so a table
  of 10,000 rows recalculates in linear time. It refers only to its own row and to
  workbook-level names (never to another sheet's cells, never to an array constant),
  which lets the generator store it once per column as a shared formula.
- "No value" is the empty text "", never 0, and never an error.
"""

from __future__ import annotations

import re

from xlsales.plan import layout

__all__ = [
    "TOLERANCE",
    "StructuredRefs",
    "percent_text",
    "quote",
    "round_up",
    "sentence",
]

# "Reaches" a cut-off within 1e-9 of the scale, as the core does (docs/architecture.md).
TOLERANCE = "1E-9"


def quote(text: str) -> str:
    """``text`` as an Excel string literal."""
    return '"' + str(text).replace('"', '""') + '"'


class StructuredRefs:
    """Structured references (``tblClients[Revenue N]``) to one of the layout's tables,
    headers in one language."""

    def __init__(self, table: layout.Table, lang: str) -> None:
        self.table = table
        self.lang = lang

    def header(self, key: str) -> str:
        return self.table.column(key).header(self.lang)

    def col(self, key: str) -> str:
        """The whole data column: ``tblClients[Revenue N]``."""
        return f"{self.table.name}[{self.header(key)}]"

    def this(self, key: str) -> str:
        """This row's cell of the column: ``tblClients[[#This Row],[Revenue N]]``."""
        return f"{self.table.name}[[#This Row],[{self.header(key)}]]"

    def span(self, first: str, last: str) -> str:
        """This row's cells from column ``first`` to column ``last``."""
        return f"{self.table.name}[[#This Row],[{self.header(first)}]:[{self.header(last)}]]"

    def headers_row(self, key: str) -> str:
        """The header cell of a column, to number the rows of the table."""
        return f"{self.table.name}[[#Headers],[{self.header(key)}]]"


def round_up(expr: str) -> str:
    """Round a count ≥ 0 up to a whole number, float noise of 1e-9 forgiven (as the core's
    ``values.round_up``): 12.000000001 clients are 12, not 13."""
    return f"-INT(-(({expr})-{TOLERANCE}*MAX(1,ABS({expr}))))"


def percent_text(expr: str, lang: str) -> str:
    """A share as words write it: 24.9% (English), 24,9 % (French), 20% rather than 20.0%.

    Built from whole numbers so that it reads the same in every Excel locale (TEXT and
    FIXED would use the reader's decimal mark).
    """
    tenths = f"ROUND(100*({expr}),1)"
    whole = f"INT({tenths})"
    decimal = f"ROUND(({tenths}-{whole})*10,0)"
    mark, sign = (quote(","), quote(" %")) if lang == "fr" else (quote("."), quote("%"))
    return f'{whole}&IF({decimal}=0,"",{mark}&{decimal})&{sign}'


_PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def sentence(template: str, **parts: str) -> str:
    """A label template with ``{name}`` placeholders as a text formula: the literal
    pieces quoted, each placeholder replaced by the formula given for it."""
    pieces: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            pieces.append(quote(template[position:match.start()]))
        pieces.append(f"({parts[match.group(1)]})")
        position = match.end()
    if position < len(template):
        pieces.append(quote(template[position:]))
    return "&".join(pieces) if pieces else '""'

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
- A share setting (the A and B limits, the growth, the matrix's shares) is read through
  its ``share_in_use`` name, never its cell: a user types 80 as well as 0.8 or 80 %, and
  the formulas must read it as the buttons do (``values.to_share``).
"""

from __future__ import annotations

import re

from xlsales.plan import layout

__all__ = [
    "SHARE_TYPED",
    "TOLERANCE",
    "StructuredRefs",
    "quote",
    "round_up",
    "sentence",
    "share_as_typed",
    "share_in_use",
    "share_validation",
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


def share_in_use(input_name: str) -> str:
    """The workbook name of the share the formulas compute with, for a share setting's
    input name: ``xls_abc_a_share`` → ``fig_abc_a_share`` (``share_as_typed`` of it)."""
    return "fig_" + input_name.removeprefix("xls_")


def share_as_typed(cell: str, default: float) -> str:
    """The share a setting cell holds, read as the buttons read it
    (``values.as_percent_typed``, behind ``to_share``): blank is ``default`` (the
    setting's default, as ``PlanSettings`` gives it); a number above 1 and at most 100 in
    size is a percentage (80 → 0.8, 5 → 0.05, -5 → -0.05); 1 is 100 %; 0.8 is 0.8."""
    return f'IF({cell}="",{default!r},IF(ABS({cell})>1,{cell}/100,{cell}))'


# What a share cell's validation says when it refuses a value.
SHARE_TYPED = {
    "title": {"en": "A share", "fr": "Une part"},
    "message": {
        "en": "Type a share between {low} and {high}: 0.8, 80% or 80 (a number above 1 is a "
              "percentage).",
        "fr": "Saisissez une part entre {low} et {high} : 0,8, 80 % ou 80 (un nombre au-dessus "
              "de 1 est un pourcentage).",
    },
}


def share_validation(lang: str, low: float, high: float) -> dict[str, object]:
    """The data validation of a share cell: from ``low`` to ``high`` in either form (a
    share of 0.8 or a percentage of 80, ``share_as_typed``), so that what the cell accepts
    is what the formulas and the buttons read."""
    shown = {-100: "-100 %", 0: "0", 100: "100 %"} if lang == "fr" else {
        -100: "-100%", 0: "0", 100: "100%"}
    return {"validate": "decimal", "criteria": "between", "minimum": low, "maximum": high,
            "error_title": SHARE_TYPED["title"][lang],
            "error_message": SHARE_TYPED["message"][lang].format(
                low=shown.get(low, low), high=shown.get(high, high))}


def round_up(expr: str) -> str:
    """Round a count ≥ 0 up to a whole number, float noise of 1e-9 forgiven (as the core's
    ``values.round_up``): 12.000000001 clients are 12, not 13."""
    return f"-INT(-(({expr})-{TOLERANCE}*MAX(1,ABS({expr}))))"


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

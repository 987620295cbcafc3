"""The template's buttons as xlwings Lite scripts (Excel for Mac and on the web).

Desktop Excel's buttons call ``xlsales.macros`` through xlwings' RunPython. In xlwings Lite
a script receives the open book instead; with, in Lite's ``main.py``::

    from xlsales_udfs import *      # the cell formulas
    from xlsales_scripts import *   # the buttons

the task pane lists one script per button. Outside Lite, ``xw.script`` leaves each
function as it is, so ``xlsales_refresh_all(xw.Book("plan.xlsx"))`` works from Python too.
"""

import xlwings as xw

from xlsales.buttons import macros

__all__ = [
    "xlsales_refresh_abc",
    "xlsales_refresh_activity",
    "xlsales_refresh_all",
    "xlsales_refresh_matrix",
    "xlsales_refresh_portfolio",
    "xlsales_refresh_qualification",
]


@xw.script
def xlsales_refresh_portfolio(book: xw.Book) -> None:
    """Refresh the portfolio: lost and new clients, largest first."""
    macros.refresh_portfolio(book)


@xw.script
def xlsales_refresh_abc(book: xw.Book) -> None:
    """Refresh the ABC analysis: computed limits and Gini."""
    macros.refresh_abc(book)


@xw.script
def xlsales_refresh_matrix(book: xw.Book) -> None:
    """Rebuild the segment × product matrix from the Clients table."""
    macros.refresh_matrix(book)


@xw.script
def xlsales_refresh_qualification(book: xw.Book) -> None:
    """Place the prospects in the priority matrix and list the overdue reminders."""
    macros.refresh_qualification(book)


@xw.script
def xlsales_refresh_activity(book: xw.Book) -> None:
    """Refresh the team's coaching plan."""
    macros.refresh_activity(book)


@xw.script
def xlsales_refresh_all(book: xw.Book) -> None:
    """Refresh everything for the annual plan."""
    macros.refresh_all(book)

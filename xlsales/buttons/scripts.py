"""The template's buttons as xlwings Lite scripts (Excel for Mac and on the web).

Desktop Excel's buttons call ``xlsales.macros`` through xlwings' RunPython. In xlwings Lite
a script receives the open book instead; with, in Lite's ``main.py``::

    from xlsales_udfs import *      # the cell formulas
    from xlsales_scripts import *   # the buttons

the task pane lists one script per button of ``layout.BUTTONS``, named ``xlsales_<macro>``
(``xlsales_refresh_all``...). Outside Lite, ``xw.script`` leaves each function as it is,
so ``xlsales_refresh_all(xw.Book("plan.xlsx"))`` works from Python too.
"""

import xlwings as xw

from xlsales.buttons import macros
from xlsales.plan import layout

__all__ = [b.script for b in layout.BUTTONS]


def _script(button: layout.Button):
    """The Lite script of ``button``: its macro run on the book Lite hands over."""
    run = getattr(macros, button.macro)

    def script(book: xw.Book) -> None:
        run(book)

    script.__name__ = script.__qualname__ = button.script
    script.__doc__ = button.doc
    return xw.script(script)


for _each in layout.BUTTONS:
    globals()[_each.script] = _script(_each)
del _each

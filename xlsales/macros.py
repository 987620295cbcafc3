"""``xlsales.macros``: the name saved ``.xlsm`` workbooks call through RunPython.

Every button of a workbook xlsales wrote runs ``import xlsales.macros;
xlsales.macros.<macro>()``; those files live on users' disks for years, so this name stays
importable whatever the package's layout. The buttons themselves live in
``xlsales.buttons.macros``.
"""

from xlsales.buttons.macros import *  # noqa: F403
from xlsales.buttons.macros import __all__  # noqa: F401

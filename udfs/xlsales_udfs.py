"""The cell formulas, as xlwings' UDF Modules setting names them: ``xlsales_udfs``."""
from xlsales.excel.udfs import *  # noqa: F403
from xlsales.excel.udfs import __all__  # noqa: F401

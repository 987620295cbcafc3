"""xlsales: a sales manager's customer-portfolio method, computed on plain Python values.

The analyses of METHOD.md live one per module (portfolio, abc, potential, matrix, churn,
funnel, qualification, activity); this package exposes their public functions. Nothing
here touches Excel: the cell formulas (``xlsales_udfs``), the buttons and the command line
are thin layers over these functions.
"""

from .errors import XlsalesError
from .lang import LANGS, check_lang

__version__ = "0.1.0"

__all__ = ["LANGS", "XlsalesError", "__version__", "check_lang"]

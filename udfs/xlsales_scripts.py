"""The buttons as xlwings Lite scripts, as Lite's ``main.py`` imports them: ``xlsales_scripts``."""
from xlsales.buttons.scripts import *  # noqa: F403
from xlsales.buttons.scripts import __all__  # noqa: F401

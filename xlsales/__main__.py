"""``python -m xlsales``: the command line, as the ``xlsales`` script runs it."""

from xlsales.app.cli import main

main()

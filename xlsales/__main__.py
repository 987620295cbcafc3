"""``python -m xlsales``: the command line, as the ``xlsales`` script runs it."""

from .cli import main

main()

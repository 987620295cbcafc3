"""The command line: ``xlsales demo | report | template | run``, and the terminal summary."""

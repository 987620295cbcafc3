"""The method's maths, one module per analysis: plain values in, data out; no I/O, no Excel.

Imports only ``xlsales.common``."""

"""The method's maths, one module per analysis: no I/O, no Excel."""

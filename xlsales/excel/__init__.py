"""Excel's side of the cell formulas: converting what a cell holds (numbers, text, dates,
error values as desktop Excel and xlwings Lite hand them) to plain values and back, and
the formulas themselves (``udfs``)."""

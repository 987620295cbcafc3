"""The plan: the workbook contract (layout), every analysis run once (analysis), and the
rows Python writes into the workbook (blocks)."""

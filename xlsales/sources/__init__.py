"""Readers that turn what businesses export (CSV, workbooks) into the plan's tables, and
the demo data."""

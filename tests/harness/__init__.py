"""Test helpers that stand in for what this machine lacks (Excel, COM, xlwings Lite)."""

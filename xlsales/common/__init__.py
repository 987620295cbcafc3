"""Foundations every layer uses: errors and their messages, reading values and dates,
shapes, languages, whole-or-nothing files. Imports nothing else of xlsales."""

"""The buttons: a workbook (a file on disk or a live Excel book) read and written through
the layout contract, and the macros that read, analyse and write their own areas."""

"""XlsxWriter's internals the writer uses: all present in the installed release, and named
nowhere but ``xlsxwriter_hooks``."""

import re
from pathlib import Path

import xlsxwriter.worksheet

from xlsales.workbook import xlsxwriter_hooks as hooks

PACKAGE = Path(__file__).resolve().parents[2] / "xlsales"


def test_every_hooked_name_exists_on_the_installed_xlsxwriter():
    missing = hooks.missing_hooks()
    assert not missing, (
        f"XlsxWriter {hooks.installed_version()} lacks {len(missing)} of the private names "
        f"xlsales hooks (xlsales/workbook/xlsxwriter_hooks.py, checked on XlsxWriter "
        f"{hooks.CHECKED_ON}): {', '.join(missing)}. Pin xlsxwriter to {hooks.CHECKED_ON} "
        "or adapt the hooks.")


def test_a_removed_name_is_reported_with_its_owner(monkeypatch):
    monkeypatch.delattr(xlsxwriter.worksheet.Worksheet, "_write_cell")
    monkeypatch.delattr(xlsxwriter.worksheet, "RowInfo")
    assert hooks.missing_hooks() == ["xlsxwriter.worksheet.Worksheet._write_cell",
                                     "xlsxwriter.worksheet.RowInfo",
                                     "xlsxwriter.worksheet.RowInfo.row_format"]


def test_no_other_module_names_a_hooked_name():
    private = sorted({name for names in hooks.HOOKED.values() for name in names
                      if name.startswith("_")} | {"str_table", "xls_strmax", "row_info",
                                                  "col_info", "vba_codename", "fh"})
    pattern = re.compile(r"\.(" + "|".join(map(re.escape, private)) + r")\b")
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "xlsxwriter_hooks.py":
            continue
        code = path.read_text(encoding="utf-8")
        assert not pattern.findall(code), (path, pattern.findall(code))
        assert "xlsxwriter.worksheet" not in code, path

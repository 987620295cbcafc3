"""The recalculation harness really recomputes formulas and refuses files it cannot load."""

import openpyxl
import pytest
import xlsxwriter

from tests.harness.libreoffice import LibreOfficeError, recalculate, require_libreoffice

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def test_cached_values_are_replaced_by_a_fresh_calculation(tmp_path):
    require_libreoffice()
    source = tmp_path / "cached.xlsx"
    book = xlsxwriter.Workbook(source)
    sheet = book.add_worksheet("Data")
    sheet.write_column("A1", [5, 3, 8, 1])
    # a deliberately wrong cached value: only a real recalculation gives 17
    sheet.write_formula("B1", "=SUM(A1:A4)", None, 999)
    sheet.write_formula("B2", "=SUMPRODUCT(LARGE(A1:A4,{1,2}))", None, 999)  # 8 + 5
    book.close()
    result = openpyxl.load_workbook(recalculate(source, tmp_path / "out"), data_only=True)
    assert result["Data"]["B1"].value == 17
    assert result["Data"]["B2"].value == 13


def test_a_file_libreoffice_cannot_load_is_an_error_not_a_silent_success(tmp_path):
    require_libreoffice()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(LibreOfficeError):
        recalculate(broken, tmp_path / "out")

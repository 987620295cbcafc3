"""The book interface's shared part, on a workbook held in memory (a minimal ``OpenBook``)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xlsales.buttons.book import (
    Anchor,
    OpenBook,
    RawTable,
    WorkbookFileError,
    area_grid,
    book_lang,
    cell_ref,
    cell_value,
)
from xlsales.common.errors import XlsalesError
from xlsales.plan import layout


class MemoryBook(OpenBook):
    """Sheets of cells in dicts; one table; names as (sheet, row, column)."""

    def __init__(self, sheets: list[str], table: RawTable | None = None,
                 names: dict[str, tuple[str, int, int]] | None = None) -> None:
        self.sheets, self.table, self.names = sheets, table, names or {}
        self.cells: dict[tuple[str, int, int], object] = {}

    @property
    def sheet_names(self):
        return self.sheets

    def _raw_table(self, name):
        return self.table if self.table and name.casefold() == "tblclients" else None

    def _anchor(self, name):
        return Anchor(*self.names[name]) if name in self.names else None

    def _read_cells(self, anchor, rows, cols):
        return [[self.cells.get((anchor.sheet, anchor.row + r, anchor.column + c))
                 for c in range(cols)] for r in range(rows)]

    def _write_grids(self, grids):
        for anchor, grid in grids.values():
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    self.cells[(anchor.sheet, anchor.row + r, anchor.column + c)] = v

    def save(self):
        return None, None


FR_SHEETS = [layout.sheet_name(k, "fr") for k in layout.SHEETS]
EN_SHEETS = [layout.sheet_name(k, "en") for k in layout.SHEETS]


def test_the_language_comes_from_the_sheet_names():
    assert book_lang(FR_SHEETS) == "fr" and book_lang(EN_SHEETS) == "en"
    # one renamed sheet does not flip a French book; shared names say nothing
    assert book_lang(["Portfolio", *FR_SHEETS[2:]]) == "fr"
    assert book_lang(["Guide", "Clients", "ABC"]) == "en"
    assert book_lang(["portefeuille", "MATRICE"]) == "fr"


def test_cell_references():
    assert [cell_ref(14, 6), cell_ref(1, 26), cell_ref(2, 27), cell_ref(3, 703)] == [
        "F14", "Z1", "AA2", "AAA3"]


def test_cell_values_are_what_a_cell_holds():
    assert cell_value(np.float64(2.5)) == 2.5 and type(cell_value(np.int64(3))) is int
    assert cell_value(math.nan) is None and cell_value(pd.NaT) is None
    assert cell_value(dt.date(2026, 1, 2)) == dt.datetime(2026, 1, 2)
    assert cell_value(pd.Timestamp("2026-01-02 10:00")) == dt.datetime(2026, 1, 2, 10)
    with pytest.raises(TypeError):
        cell_value([1])


def test_a_block_is_padded_to_its_whole_area():
    grid = area_grid(layout.AREA_BY_NAME["xls_abc_computed"], [["a", 1], ["b"]])
    # 6 × 3: what an earlier, longer block left is cleared
    assert len(grid) == 6 and all(len(row) == 3 for row in grid)
    assert grid[0] == ["a", 1, None] and grid[1] == ["b", None, None]
    assert grid[5] == [None, None, None]
    with pytest.raises(ValueError, match="does not fit"):
        area_grid(layout.AREA_BY_NAME["xls_status"], [[1, 2, 3]])


def test_writes_reach_only_output_areas_and_never_beyond_them():
    book = MemoryBook(EN_SHEETS, names={"xls_status": ("Guide", 2, 2),
                                        "xls_growth": ("Portfolio", 3, 3)})
    book.cells[("Guide", 2, 4)] = "neighbour"
    book.write_areas({"xls_status": [["stamp"]]})
    assert book.cells[("Guide", 2, 2)] == "stamp" and book.cells[("Guide", 2, 3)] is None
    assert book.cells[("Guide", 2, 4)] == "neighbour"  # xls_status is 1 × 2
    with pytest.raises(ValueError, match="not an output area"):
        book.write_areas({"xls_growth": [[1]]})
    with pytest.raises(XlsalesError, match="xls_lost_list: the workbook has no name"):
        book.write_areas({"xls_lost_list": [["x"]]})


def test_an_input_name_reads_its_whole_area():
    book = MemoryBook(FR_SHEETS, names={"xls_level_cuts": ("Potentiel", 5, 3)})
    book.cells[("Potentiel", 5, 3)] = 4
    cells = book.read_input("xls_level_cuts")  # 2 rows × 1 column
    assert cells.values == (4, None) and cells.refs == ("C5", "C6")
    error = cells.locate(XlsalesError("Seuils", "not_number", value="x"), "Seuils", 1)
    assert error.message("fr") == ("Seuils, ligne 2 (feuille Potentiel, cellule C6) : "
                                   "'x' n'est pas un nombre")


def clients_table(headers, rows):
    # header row 3 from column B, as a user might lay it out
    return RawTable("Clients", 3, 2, headers, rows)


def test_a_table_reads_as_layout_keys_in_either_language():
    headers = ["Code client", "Mes notes", "CA N", "Segment", "Formule"]
    book = MemoryBook(FR_SHEETS, clients_table(headers, [
        ["C1", "à rappeler", 120, "Retail", 1],
        [None, None, None, None, 2],  # blank inputs: not a row of data
        ["C2", None, "abc", None, 3]]))
    read = book.read_table(layout.CLIENTS)
    assert list(read.frame.columns) == layout.CLIENTS.keys("input")
    assert read.frame["client"].tolist() == ["C1", "C2"]
    assert read.frame["revenue_curr"].tolist() == [120, "abc"]
    assert read.frame["margin"].isna().all()  # absent column: blank
    assert "margin" in read.missing and "revenue_curr" not in read.missing
    assert read.table_rows == (1, 3) and read.sheet_rows == (4, 6)
    error = read.locate(XlsalesError("revenue_curr", "not_number", row=2, value="abc"),
                        2, "revenue_curr")
    # C2 is table row 3, sheet row 6; "CA N" is the third header, column D
    assert error.message("fr") == ("tblClients, ligne 3 (feuille Clients, cellule D6), "
                                   "colonne 'CA N' : 'abc' n'est pas un nombre")


def test_a_table_without_a_required_column_or_missing_altogether():
    book = MemoryBook(EN_SHEETS, clients_table(["Name", "Revenue N"], [["A", 1]]))
    with pytest.raises(XlsalesError) as caught:
        book.read_table(layout.CLIENTS)
    assert caught.value.message() == ("tblClients: no column 'Client code'; columns found: "
                                      "Name, Revenue N")
    with pytest.raises(XlsalesError, match="tblTeam: the workbook has no table"):
        book.read_table(layout.TEAM)


def test_file_errors_speak_both_languages():
    error = WorkbookFileError("locked", Path("/x/plan.xlsm"), "~$plan.xlsm")
    assert error.message("en").startswith("plan.xlsm is open in Excel or LibreOffice")
    assert error.message("fr").startswith("plan.xlsm est ouvert dans Excel ou LibreOffice")
    assert isinstance(error, OSError) and not isinstance(error, XlsalesError)

"""A number typed as text in the template's Clients table, after a button run, counts in
the native formulas as it counts in Python (issue 12.5): LibreOffice recalculates the
workbook and its bridge is ``plan.analyse``'s on the same data.

The template is written by the generator, then edited by a script with openpyxl (which
also drops every formula's saved result, as such a script does); the button reads the
text "1 234,50", writes it back as a number and says so.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import named, table
from xlsales.buttons.macros import run_macro_file
from xlsales.plan import layout
from xlsales.plan.analysis import PlanData, analyse
from xlsales.sources.ledger_plan import demo_plan
from xlsales.workbook import write_plan_workbook

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

FIELDS = ("lost_clients", "lost_revenue_prev", "retained_clients", "clients_curr",
          "revenue_curr")


def test_a_text_number_counts_alike_in_python_and_in_the_formulas(tmp_path):
    require_libreoffice()
    data = demo_plan(clients=80)
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path, lang="fr")
    clients = data.clients
    lost = clients.index[(pd.to_numeric(clients["revenue_prev"]) > 0)
                         & ~(pd.to_numeric(clients["revenue_curr"]) > 0)][0]
    code = str(clients.at[lost, "client"])
    book = openpyxl.load_workbook(path)
    sheet = book[layout.sheet_name("clients", "fr")]
    first_col, header_row = _table_origin(sheet, "tblClients")
    headers = [c.value for c in sheet[header_row]][first_col - 1:]
    column = first_col + headers.index(layout.CLIENTS.column("revenue_curr").header("fr"))
    row = header_row + 1 + int(clients.index.get_loc(lost))
    assert str(sheet.cell(row, first_col).value) == code
    sheet.cell(row, column, "1 234,50")
    book.save(path)

    # before any button: LibreOffice's SUMIFS skip the text, the client stays lost
    before = openpyxl.load_workbook(recalculate(path, tmp_path / "before"), data_only=True)
    expected_before = analyse(data).bridge
    assert named(before, "fig_lost_clients") == expected_before.lost_clients

    result = run_macro_file("refresh_portfolio", path, backup=False)
    assert any("1 234,50" in note for note in result.notes)
    after = openpyxl.load_workbook(recalculate(path, tmp_path / "after"), data_only=True)
    edited = clients.copy()
    edited.loc[lost, "revenue_curr"] = 1234.5
    bridge = analyse(PlanData(clients=edited, settings=data.settings)).bridge
    assert bridge.lost_clients == expected_before.lost_clients - 1
    for field in FIELDS:
        assert named(after, f"fig_{field}") == pytest.approx(getattr(bridge, field)), field
    status = {r[layout.CLIENTS.column("client").header("fr")]:
              r[layout.CLIENTS.column("status").header("fr")] for r in table(after, "tblClients")}
    assert status[code] == "Conservé"


def _table_origin(sheet, name):
    from openpyxl.utils.cell import range_boundaries

    first_col, first_row, _, _ = range_boundaries(sheet.tables[name].ref)
    return first_col, first_row

"""The Python-written areas of the workbook, on the hand-checked plan of test_plan.py."""

import datetime as dt

import pandas as pd
import pytest

from tests.plan.test_plan import results  # noqa: F401  (the shared hand-checked plan)
from xlsales.plan import blocks, layout
from xlsales.plan.analysis import PlanData, analyse


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("area", list(blocks.BLOCKS))
def test_every_block_fits_its_area(results, area, lang):  # noqa: F811
    rows = blocks.block_rows(area, results, lang)
    spec = layout.AREA_BY_NAME[area]
    assert 1 <= len(rows) <= spec.rows
    assert all(len(row) == spec.cols for row in rows)


def test_lost_and_new_lists_name_the_clients_by_hand(results):  # noqa: F811
    # C4 was lost with 20 of N-1 revenue; C3 is new with 30 in N
    assert blocks.block_rows("xls_lost_list", results)[1] == ["C4", "D", 20.0]
    assert blocks.block_rows("xls_new_list", results, "fr")[0] == ["Client", "Nom", "CA N"]
    assert blocks.block_rows("xls_new_list", results)[1] == ["C3", "C", 30.0]


def test_lost_clients_largest_first_ties_in_table_order_codes_as_typed():
    clients = pd.DataFrame({key: [None] * 4 for key in layout.CLIENTS.keys("input")})
    clients["client"] = [1001.0, 1002.0, 1003.0, 1004.0]  # codes Excel hands as numbers
    clients["name"] = ["A", "B", "C", "D"]
    clients["revenue_prev"] = [50.0, 80.0, 50.0, 10.0]
    clients["revenue_curr"] = [None, None, None, 5.0]  # 1004 stays; 1001-1003 are lost
    rows = blocks.block_rows("xls_lost_list", analyse(PlanData(clients=clients)))
    # 80 first, then the two at 50 in the table's order, codes written as the ledger's
    assert rows[1:4] == [["1002", "B", 80.0], ["1001", "A", 50.0], ["1003", "C", 50.0]]
    assert len(rows) == 4  # the header and the three lost clients


def test_overdue_reminders_by_hand(results):  # noqa: F811
    rows = blocks.block_rows("xls_overdue_list", results)
    # Anne Dupont, priority 1, due 8 October, 49 days late on 26 November
    assert rows[1] == ["Anne Dupont", "X", 1, dt.datetime(2026, 10, 8), 49]
    assert len(rows) == 2  # Martin, never contacted, is due today, not late


def test_gini_by_hand(results):  # noqa: F811
    # revenue N 120, 40, 30, 5 (a blank is no client), ascending ranks 1..4:
    # Σ i·x = 5 + 60 + 120 + 480 = 665, G = 2 × 665 / (4 × 195) − 5 / 4 = 71 / 156
    label, value = blocks.block_rows("xls_gini", results)[0]
    assert label == "Gini coefficient"
    assert value == pytest.approx(71 / 156, rel=1e-12)


def test_matrix_cells_list_names_where_they_belong(results):  # noqa: F811
    cells = blocks.block_rows("xls_matrix_cells", results)
    assert cells[0][0] == "Anne Dupont"  # big potential, good accessibility
    assert cells[2][2] == "Martin"  # small potential, very little accessibility


def test_team_advice_reads_the_lever(results):  # noqa: F811
    rows = blocks.block_rows("xls_team_advice", results)
    # Ann: 7 × 5 × 6 = 210, orientation 5 → 6 gives 252, +20 %
    assert rows[1] == ["Ann", "Orientation", "index 210 → 252 (+20.0%)"]


def test_a_long_list_says_how_many_were_left_out():
    rows = blocks.fit([[i] for i in range(600)], "xls_lost_list", "fr")
    assert len(rows) == 500
    assert rows[-1][0] == "... et 101 de plus"


def test_blocks_of_an_empty_plan_still_fit():
    empty = analyse(PlanData())
    for area in blocks.BLOCKS:
        rows = blocks.block_rows(area, empty, "fr")
        assert len(rows) <= layout.AREA_BY_NAME[area].rows


def test_a_crowded_cell_of_the_prospect_grid_shows_a_few_names_and_how_many_more():
    # issue 11 item 6: 31 names joined by commas were cut at the cell's edge
    from types import SimpleNamespace

    names = pd.DataFrame({a: [[f"P{i}" for i in range(31)] if (p, a) == (1, 1) else []
                              for p in (1, 2, 3)] for a in (1, 2, 3)}, index=[1, 2, 3])
    crowded = SimpleNamespace(prospect_matrix=SimpleNamespace(names=names))
    cells = blocks.matrix_cells(crowded, "fr")
    assert cells[0][0] == "P0\nP1\nP2\nP3\n... et 27 de plus"
    assert cells[1][1] is None

"""The "refresh everything" button reads tblActivities and the cost settings back and
writes the cost-to-serve blocks, on the hand-checked book of tests/harness/workbooks.py.

Revenue N 120, 40, 30, 5, 0 (total 195): A = C1 (margin 30), C2 (10); B = C3 (8). At 60
an hour: C1 a visit left blank = 120 min, 120; C2 a call of 30 min, 30; C3 a meeting of
60 min, 60 — all three served at a loss (losses 90, 52, 20); "Zed" is in no ledger.
Per salesperson: Ann C1 + C3 = 3 h, 180; Bob C2 = 0.5 h, 30.
"""

import datetime as dt

import pytest

from tests.harness.workbooks import areas_of, build
from xlsales.buttons.macros import run_macro_file
from xlsales.common.errors import XlsalesError

ACTIVITIES = [
    dict(client="C1", date=dt.datetime(2026, 2, 1), type="Visit", owner="Ann"),
    dict(client="C2", date=dt.datetime(2026, 3, 1), type="Call", duration=30, owner="Bob"),
    dict(client="C3", date=dt.datetime(2026, 4, 1), type="Meeting", duration=60, owner="Ann"),
    dict(client="Zed", date=dt.datetime(2026, 5, 1), type="Call", duration=15, owner="Bob"),
]


@pytest.mark.parametrize("macro", ["refresh_all"])
def test_refresh_all_writes_the_cost_blocks(tmp_path, macro):
    built = build(tmp_path / "book.xlsx", "en", activities=ACTIVITIES)
    result = run_macro_file(macro, built.path, backup=False)
    assert {"xls_cost_segments", "xls_cost_people", "xls_cost_findings"} <= set(result.written)
    areas = areas_of(built.path, built)
    findings = [row for row in areas["xls_cost_findings"] if row[0]]
    assert findings[0] == ["Finding", "Client", "Margin", "Cost to serve"]
    assert findings[1:4] == [["Served at a loss", "C1", 30, 120],
                             ["Served at a loss", "C3", 8, 60],
                             ["Served at a loss", "C2", 10, 30]]
    assert findings[4] == ["Not in the ledger", "Zed", None, 15]
    people = {row[0]: row[1:5] for row in areas["xls_cost_people"] if row[0]}
    assert people["Ann"] == [2, 38, 3, 180] and people["Bob"] == [1, 10, 0.5, 30]


def test_a_bad_hourly_cost_is_placed_at_its_cell(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr", activities=ACTIVITIES,
                  settings={"xls_hourly_cost": "abc"})
    with pytest.raises(XlsalesError) as err:
        run_macro_file("refresh_all", built.path, backup=False)
    assert "Coût horaire de l'équipe" in str(err.value) and "abc" in str(err.value)

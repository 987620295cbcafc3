"""Each button on a workbook built for the test (tests/harness/workbooks.py), in English and
in French: what it writes, checked by hand, what it leaves alone, and failures that leave
the file byte-identical.

The book (worked out once here):

    client  segment  product  Revenue N-1  Revenue N   status
    C1      Retail   P1       100          120         retained
    C2      Retail   P2        50           40         retained
    C3      Food     P1        -            30         new
    C4      Food     P2        20           -          lost
    C5      Health   P3        10            5         retained
    C6      RETAIL   P1        70            0         lost (0 in N: not a client)

    N-1 clients: C1 C2 C4 C5 C6 (5); lost C4, C6 (2): churn 2/5 = 40 %; N clients C1 C2
    C3 C5 (4); to hold 4 clients at 40 % churn with 0 growth: 4 × 0.4 = 1.6 → 2 a year.

    prospect      potential access. level  priority  last contact  next (+7/14/30 d)  late
    Anne Dupont   4.5       4        1, 1  1         1 Oct 2026    8 Oct              49 d
    Martin        2         1        3, 3  5         never         26 Nov (today)     0
    Paul Durand   3         3        2, 2  3         1 Sep 2026    1 Oct              56 d
    (levels: ≥ 3.67 → 1, ≥ 2.33 → 2, else 3; priority = levels − 1; today 26 Nov 2026)

    salesperson  Q  O  E  index      lever        +1 point
    Ann          7  5  6  210        orientation  7 × 6 × 6 = 252, +20 %
    Bob          5  8  9  360        quantity     6 × 8 × 9 = 432, +20 %
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.harness.workbooks import (
    CLIENTS,
    EXTRA,
    all_values,
    area_values,
    areas_of,
    build,
    output_cells,
)
from xlsales.buttons import macros
from xlsales.buttons.book import WorkbookFileError
from xlsales.buttons.book_file import backup_path
from xlsales.buttons.macros import MACROS, macro_name, run_macro_file
from xlsales.common.errors import XlsalesError
from xlsales.method import abc
from xlsales.plan import layout
from xlsales.plan.blocks import matrix_headers

OLD = "old"  # what the builder leaves in every output area


def run(tmp_path: Path, macro: str, lang: str = "en", **build_args):
    built = build(tmp_path / "book.xlsx", lang, **build_args)
    result = run_macro_file(macro, built.path, backup=False)
    return built, result, areas_of(built.path, built)


def filled(rows: list[list]) -> list[list]:
    return [row for row in rows if any(v is not None for v in row)]


def untouched(areas: dict, *written: str) -> bool:
    """Every output area other than ``written`` and the status still holds the old block."""
    return all(all(v == OLD for row in rows for v in row)
               for name, rows in areas.items() if name not in (*written, "xls_status"))


def test_one_macro_per_button_found_by_either_name():
    assert set(MACROS) == {b.macro for b in layout.BUTTONS}
    assert macro_name("XlsalesRefreshAll") == macro_name("refresh-all") == "refresh_all"
    assert macro_name(" REFRESH_ABC ") == "refresh_abc"
    with pytest.raises(XlsalesError, match="'refresh' is not one of: refresh_portfolio"):
        macro_name("refresh")
    for spec in MACROS.values():
        assert all(layout.AREA_BY_NAME[a].kind == "output" for a in spec.areas)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refresh_portfolio(tmp_path, lang):
    _, result, areas = run(tmp_path, "refresh_portfolio", lang)
    header = {"en": ["Client", "Name", "Revenue N-1"], "fr": ["Client", "Nom", "CA N-1"]}[lang]
    # lost, largest first: C6 (70 in N-1), C4 (20); the 500-row area is cleared below
    assert filled(areas["xls_lost_list"]) == [header, ["C6", "Zeta", 70], ["C4", "Delta", 20]]
    assert len(areas["xls_lost_list"]) == 500
    assert filled(areas["xls_new_list"])[1:] == [["C3", "Gamma", 30]]
    assert untouched(areas, "xls_lost_list", "xls_new_list")
    stamp = {"en": "Refreshed by xlsales on ", "fr": "Actualisé par xlsales le "}[lang]
    assert areas["xls_status"][0][0].startswith(stamp) and areas["xls_status"][0][1] is None
    assert result.lang == lang and set(result.written) == {
        "xls_lost_list", "xls_new_list", "xls_status"}


def test_refresh_abc_writes_the_computed_limits(tmp_path):
    _, _, areas = run(tmp_path, "refresh_abc", "fr")
    # the core's computed limits over portfolio N: tblClients' Revenue N above 0 (the
    # client at 0 is not in it)
    limits = abc.abc_limits([120, 40, 30, None, 5], method="computed")
    rows = areas["xls_abc_computed"]
    assert rows[0] == ["A dès un CA de", limits.ab_threshold, None]
    assert rows[1] == ["B dès un CA de", limits.bc_threshold, None]
    assert rows[2] == ["Limite", "% cumulé des clients", "% cumulé du CA"]
    assert rows[3][0] == "Point de Pareto"
    assert untouched(areas, "xls_abc_computed", "xls_gini")
    # Gini of portfolio N, 120, 40, 30, 5 (the client at 0 is not in it): the pairs'
    # differences add up to 80 + 90 + 115 + 10 + 35 + 25 = 355, so sum |xi - xj| over
    # ordered pairs = 710; mean 48.75; 710 / (2 × 4² × 48.75) = 0.4551
    assert areas["xls_gini"][0][1] == pytest.approx(710 / 1560)


def test_refresh_matrix_lists_segments_and_products_in_order(tmp_path):
    _, _, areas = run(tmp_path, "refresh_matrix")
    # first appearance; RETAIL (C6) is Retail, as the matrix's SUMIFS match it
    assert areas["xls_matrix_segments"] == [["Retail"], ["Food"], ["Health"]] + [[None]] * 37
    assert areas["xls_matrix_products"] == [["P1", "P2", "P3"] + [None] * 22]
    # nothing grouped: no Other row or column, no note
    assert areas["xls_matrix_other_segments"] == [[None]]
    assert areas["xls_matrix_other_products"] == [[None]]
    assert areas["xls_matrix_note"] == [[None]]
    assert untouched(areas, "xls_matrix_segments", "xls_matrix_products",
                     "xls_matrix_other_segments", "xls_matrix_other_products",
                     "xls_matrix_note")


def test_matrix_headers_are_distinct_as_sumifs_tells_them_apart():
    values = pd.Series(["Retail", "RETAIL", "retail ", None, " ", 1.0, "1", "Food"],
                       dtype=object)
    assert matrix_headers(values) == ["Retail", "retail ", 1.0, "Food"]


def test_more_segments_than_the_matrix_shows_go_to_other_with_a_note(tmp_path):
    # 45 segments S0..S44 selling 1..45: the 40 largest have a row, S0..S4 (1 + 2 + 3 + 4
    # + 5 = 15) are grouped in Other; the 9 products all fit
    clients = [dict(client=f"K{i}", segment=f"S{i}", product=f"P{i % 9}", revenue_curr=i + 1)
               for i in range(45)]
    _, result, areas = run(tmp_path, "refresh_matrix", clients=clients)
    assert [row[0] for row in areas["xls_matrix_segments"]] == [f"S{i}" for i in range(5, 45)]
    assert areas["xls_matrix_products"] == [[f"P{i}" for i in range(9)] + [None] * 16]
    assert areas["xls_matrix_other_segments"] == [["Other"]]
    assert areas["xls_matrix_other_products"] == [[None]]
    assert areas["xls_matrix_note"] == [[
        "Other: the 5 smallest segments (€15 of revenue), grouped so the matrix stays "
        "readable; the totals include them."]]
    assert result.notes == ()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refresh_qualification(tmp_path, lang):
    _, _, areas = run(tmp_path, "refresh_qualification", lang)
    assert areas["xls_matrix_cells"] == [["Anne Dupont", None, None],
                                         [None, "Paul Durand", None],
                                         [None, None, "Martin"]]
    overdue = filled(areas["xls_overdue_list"])
    assert overdue[1:] == [["Anne Dupont", "X", 1, dt.datetime(2026, 10, 8), 49],
                           ["Paul Durand", "Z", 3, dt.datetime(2026, 10, 1), 56]]
    assert overdue[0][3] == {"en": "Next contact", "fr": "Prochain contact"}[lang]
    assert untouched(areas, "xls_matrix_cells", "xls_overdue_list")


def test_qualification_reads_its_settings(tmp_path):
    # reminders every 60 days for priority 1: Anne is due 30 Nov, not late on 26 Nov
    _, _, areas = run(tmp_path, "refresh_qualification",
                      settings={"xls_intervals": [60, 14, 30, 60, 90]})
    assert [row[0] for row in filled(areas["xls_overdue_list"])[1:]] == ["Paul Durand"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", [["Salesperson", "Lever to pull first", "Effect of +1 point"],
            ["Ann", "Orientation", "index 210 → 252 (+20.0%)"],
            ["Bob", "Quantity", "index 360 → 432 (+20.0%)"]]),
    ("fr", [["Commercial", "Levier prioritaire", "Effet de +1 point"],
            ["Ann", "Orientation", "indice 210 → 252 (+20,0\u00a0%)"],
            ["Bob", "Quantité", "indice 360 → 432 (+20,0\u00a0%)"]]),
])
def test_refresh_activity(tmp_path, lang, expected):
    _, _, areas = run(tmp_path, "refresh_activity", lang)
    assert filled(areas["xls_team_advice"]) == expected
    assert untouched(areas, "xls_team_advice")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refresh_all_writes_every_area_and_the_plan(tmp_path, lang):
    _, result, areas = run(tmp_path, "refresh_all", lang)
    assert set(result.written) == {a.name for a in layout.output_areas()}
    assert not any(v == OLD for rows in areas.values() for row in rows for v in row)
    plan = dict((topic, action) for topic, action in filled(areas["xls_plan_actions"])[1:]
                if topic in ("Portfolio", "Portefeuille", "Reminders", "Relances"))
    if lang == "en":
        assert plan == {"Portfolio": "Churn 40.0%: win 2 new clients a year to hold the "
                                     "portfolio (0.0% growth aimed at).",
                        "Reminders": "2 prospects overdue for a contact."}
    else:
        assert plan == {"Portefeuille": "Attrition 40,0\u00a0% : gagner 2 nouveaux clients "
                                        "par an pour tenir le portefeuille (0,0\u00a0% de "
                                        "croissance "
                                        "visée).",
                        "Relances": "2 prospects à relancer en retard."}
    # the team: (210 + 360) / 2 = 285 on average
    assert any(str(action).startswith(("Team activity index 285", "Indice d'activité moyen "
                                        "de l'équipe 285"))
               for _, action in filled(areas["xls_plan_actions"]))


def test_a_problem_that_is_not_a_cell_is_shown_beside_the_stamp(tmp_path):
    _, _, areas = run(tmp_path, "refresh_abc", clients=[])
    assert areas["xls_status"][0][1] == "values: has no values"
    assert areas["xls_abc_computed"][:2] == [["A from revenue of", None, None],
                                             ["B from revenue of", None, None]]


# --- what the macros leave alone -------------------------------------------------------------


def test_every_cell_outside_the_output_areas_survives_every_macro(tmp_path):
    built = build(tmp_path / "book.xlsx", "fr")
    book = openpyxl.load_workbook(built.path)
    outputs = output_cells(built)
    protected = set(outputs)
    for name, (sheet, row, col, _) in built.tables.items():
        _, _, last_col, last_row = openpyxl.utils.range_boundaries(book[sheet].tables[name].ref)
        protected |= {(sheet, r, c) for r in range(row, last_row + 1)
                      for c in range(col, last_col + 1)}
    for area in layout.AREAS:
        if area.kind == "input":
            sheet, row, col = built.names[area.name]
            protected |= {(sheet, row + r, col) for r in range(area.rows)}
    for ws in book.worksheets:
        rows, cols = ws.max_row + 2, ws.max_column + 2  # a margin around the used cells
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                if (ws.title, r, c) not in protected:
                    ws.cell(r, c, f"marker {ws.title} {r},{c}")
    book.save(built.path)
    before = all_values(built.path)
    markers = sum(1 for v in before.values() if str(v).startswith("marker"))
    assert markers > 1000
    for macro in MACROS:
        run_macro_file(macro, built.path, backup=False)
    after = all_values(built.path)
    assert {k: v for k, v in after.items() if k not in outputs} == \
        {k: v for k, v in before.items() if k not in outputs}
    # the user's own column of tblClients among them
    sheet, row, col, headers = built.tables["tblClients"]
    notes = [after[(sheet, row + 1 + i, col + headers.index(EXTRA["fr"]))]
             for i in range(len(CLIENTS))]
    assert notes == [f"note {i + 1}" for i in range(len(CLIENTS))]


# --- failures leave the file as it was ---------------------------------------------------------


def assert_unchanged(path: Path, original: bytes) -> None:
    assert path.read_bytes() == original
    assert not backup_path(path).exists()
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".~xlsales-")] == []


@pytest.mark.parametrize("macro", ["refresh_portfolio", "refresh_abc", "refresh_matrix",
                                   "refresh_all", "XlsalesRefreshAll"])
def test_a_bad_revenue_cell_changes_nothing(tmp_path, macro):
    built = build(tmp_path / "book.xlsx", "en")
    book = openpyxl.load_workbook(built.path)
    book["Clients"]["H6"] = "abc"  # Revenue N of C3: table row 3, column H
    book.save(built.path)
    original = built.path.read_bytes()
    with pytest.raises(XlsalesError) as caught:
        run_macro_file(macro, built.path)
    assert caught.value.message("en") == ("tblClients, row 3 (sheet Clients, cell H6), "
                                          "column 'Revenue N': 'abc' is not a number")
    assert_unchanged(built.path, original)


def test_a_bad_cell_in_another_table_does_not_stop_a_macro_that_does_not_read_it(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    book = openpyxl.load_workbook(built.path)
    book["Activity"].cell(4, built.column("tblTeam", "quantity"), "seven")
    book.save(built.path)
    run_macro_file("refresh_portfolio", built.path, backup=False)
    with pytest.raises(XlsalesError, match=r"tblTeam, row 1 .* 'seven' is not a number"):
        run_macro_file("refresh_activity", built.path, backup=False)


def test_a_score_outside_its_scale_is_placed_at_its_cell(tmp_path):
    clients = [dict(CLIENTS[0]), *CLIENTS[1:]]
    clients[0]["pot_size"] = 9
    built = build(tmp_path / "book.xlsx", "fr", clients=clients)
    original = built.path.read_bytes()
    with pytest.raises(XlsalesError) as caught:
        run_macro_file("refresh_all", built.path)
    column = openpyxl.utils.get_column_letter(built.column("tblClients", "pot_size"))
    assert caught.value.message("fr") == (
        f"tblClients, ligne 1 (feuille Clients, cellule {column}4), colonne 'Taille (1-5)' : "
        "9 est hors de l'intervalle 1 à 5")
    assert_unchanged(built.path, original)
    run_macro_file("refresh_portfolio", built.path, backup=False)  # scores: not its business


def test_a_bad_setting_changes_nothing(tmp_path):
    built = build(tmp_path / "book.xlsx", "en", settings={"xls_today": "soon"})
    original = built.path.read_bytes()
    with pytest.raises(XlsalesError, match=r"Reference date \(blank = today\) \(sheet "):
        run_macro_file("refresh_qualification", built.path)
    assert_unchanged(built.path, original)


def test_an_exception_while_building_the_blocks_changes_nothing(tmp_path, monkeypatch):
    built = build(tmp_path / "book.xlsx", "en")
    original = built.path.read_bytes()
    real = macros.blocks.block_rows

    def failing(area, results, lang):
        if area == "xls_new_list":
            raise MemoryError("injected")
        return real(area, results, lang)

    monkeypatch.setattr(macros.blocks, "block_rows", failing)
    with pytest.raises(MemoryError):
        run_macro_file("refresh_portfolio", built.path)
    assert_unchanged(built.path, original)


def test_a_locked_or_read_only_file_changes_nothing(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    original = built.path.read_bytes()
    (tmp_path / "~$book.xlsx").write_bytes(b"Excel")
    with pytest.raises(WorkbookFileError) as caught:
        run_macro_file("refresh_all", built.path)
    assert caught.value.problem == "locked"
    (tmp_path / "~$book.xlsx").unlink()
    built.path.chmod(0o444)
    with pytest.raises(WorkbookFileError, match="read-only"):
        run_macro_file("refresh_all", built.path)
    assert_unchanged(built.path, original)


def test_a_run_in_place_keeps_a_backup(tmp_path):
    built = build(tmp_path / "book.xlsx", "en")
    original = built.path.read_bytes()
    result = run_macro_file("XlsalesRefreshPortfolio", built.path)
    assert (result.macro, result.saved, result.backup) == (
        "refresh_portfolio", built.path, tmp_path / "book.bak.xlsx")
    assert result.backup.read_bytes() == original
    assert area_values(result.backup, built, "xls_lost_list")[0] == [OLD] * 3


def test_an_unknown_macro_is_refused_before_the_file_is_opened(tmp_path):
    with pytest.raises(XlsalesError, match="macro: 'refresh_everything' is not one of"):
        run_macro_file("refresh_everything", tmp_path / "absent.xlsx")

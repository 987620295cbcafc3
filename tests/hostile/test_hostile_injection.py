"""Text that looks like a formula lands as text, whichever command or button writes it.

A corpus of names a spreadsheet could take for a formula, a command or a number (``=``,
``+``, ``-``, ``@``, a tab, a carriage return or a line feed first, DDE and HYPERLINK
payloads, a quote prefix) is given as client codes, client names, segments, products,
prospect names, first names, job titles, e-mails and companies, and salespeople:

- to ``xlsales report``, in a CSV ledger and in an XLSX one (whose cells hold the texts as
  text), with ``--prospects`` and ``--team`` files and a few unreadable lines whose values
  are corpus texts too (``--skip-bad-rows`` lists them in the Issues sheet);
- to the template generator, in the plan's tables (English .xlsx and French .xlsm);
- to ``xlsales run refresh_all`` on that template, whose Python-written blocks then list
  them: lost and new clients, matrix headers, prospects per matrix cell, overdue
  reminders, the coaching plan.

Each workbook is read back with openpyxl: every table cell and every block cell meant to
hold one of the texts holds it as text (``data_type == "s"``), unchanged (the readers of
``report`` fold an identifier's spaces, ``values.to_key``: "\\t=2" is read as "=2"), and
the workbook's formula cells are exactly those of a twin workbook made from harmless
names (``T00``, ``T01``...), so no text became a formula anywhere. LibreOffice then
recalculates the report's and the run's workbooks: the texts are still text, and no cell
shows an error value.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.escape import unescape
from typer.testing import CliRunner

from tests.harness.libreoffice import recalculate, require_libreoffice
from tests.harness.workbook import error_cells
from xlsales.app.cli import app
from xlsales.plan import layout
from xlsales.plan.analysis import PlanData, PlanSettings
from xlsales.workbook import write_plan_workbook

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

CORPUS = [
    "=1+1", '=HYPERLINK("http://x","y")', "+33 6 12", "-Dupont", "@SUM(A1)", "\t=2", "\r=3",
    "=cmd|' /C calc'!A0", "'=quoted", "=A1", "-1", "+", "=", "@", "=1/0", "=TODAY()",
    "-=+@", '="a"&"b"', "\n=4", " =5", '=IMPORTXML("http://x","//a")', "==1", "007",
]
TWIN = [f"T{k:02d}" for k in range(len(CORPUS))]
N = len(CORPUS)
TODAY = dt.date(2026, 3, 10)
RUNNER = CliRunner()


def folded(text: str) -> str:
    """An identifier as the report's readers make it: its spaces folded (to_key)."""
    return " ".join(text.split())


# --- who is who: client k, prospect k and salesperson k take their texts from here ---------


def clients_of(names: list[str]) -> list[dict[str, Any]]:
    """Client k: its code, name, segment and product are names k, k+1, k+2, k+3. Clients
    0, 3, 6... bought in N-1 only (lost), 1, 4, 7... in N only (new), the others in both."""
    n = len(names)
    return [{"client": names[k], "name": names[(k + 1) % n], "segment": names[(k + 2) % n],
             "product": names[(k + 3) % n],
             "revenue_prev": None if k % 3 == 1 else 100.0 + k,
             "revenue_curr": None if k % 3 == 0 else 200.0 + k} for k in range(n)]


def prospects_of(names: list[str]) -> list[dict[str, Any]]:
    """Prospect k: name, first name, job title, e-mail and company are names k to k+4; last
    contacted in January 2025, so every one of them is overdue on 10 March 2026 (the
    longest interval is 90 days)."""
    n = len(names)
    return [{"name": names[k], "first_name": names[(k + 1) % n],
             "job_title": names[(k + 2) % n], "email": names[(k + 3) % n],
             "company": names[(k + 4) % n], "potential": 1 + k % 5,
             "accessibility": 1 + (k // 5) % 5, "last_contact": dt.datetime(2025, 1, 1 + k)}
            for k in range(n)]


def team_of(names: list[str]) -> list[dict[str, Any]]:
    return [{"salesperson": name, "quantity": 5 + k % 3, "orientation": 6,
             "efficiency": 4 + k % 4} for k, name in enumerate(names)]


def plan_data(names: list[str]) -> PlanData:
    def frame(table: layout.Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
        return pd.DataFrame([{key: row.get(key) for key in table.keys("input")}
                             for row in rows], dtype=object)

    return PlanData(clients=frame(layout.CLIENTS, clients_of(names)),
                    prospects=frame(layout.PROSPECTS, prospects_of(names)),
                    team=frame(layout.TEAM, team_of(names)),
                    settings=PlanSettings(today=TODAY))


# --- the files a report reads ---------------------------------------------------------------

LEDGER_HEADER = ["Code client", "Raison sociale", "Date facture", "Montant HT", "Segment",
                 "Famille"]
# Unreadable lines, left out with --skip-bad-rows: their values land in the Issues sheet.
BAD_LINES = [["C-bad", "x", "15/06/2025", "=1+1", "S", "P"],
             ["C-bad", "x", "@SUM(A1)", "10", "S", "P"],
             ["C-bad", "x", "15/06/2025", "-Dupont", "S", "P"]]


def ledger_rows(names: list[str]) -> list[list[Any]]:
    rows = []
    for c in clients_of(names):
        for day, amount in ((dt.date(2024, 3, 15), c["revenue_prev"]),
                            (dt.date(2025, 12, 15), c["revenue_curr"])):
            if amount is not None:
                rows.append([c["client"], c["name"], day, amount, c["segment"], c["product"]])
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """A ";" CSV as Excel writes it: CRLF, fields quoted when they hold ";", a quote or
    a line break (a bare carriage return would end the line for every CSV reader)."""
    def shown(value: Any) -> str:
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return "" if value is None else str(value)

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")  # quotes \r and \n
        writer.writerow(header)
        writer.writerows([shown(v) for v in row] for row in rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """An XLSX export whose texts are text cells (openpyxl would write "=..." as a formula
    unless told), dates real dates, amounts numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, dt.date):
                value = dt.datetime(value.year, value.month, value.day)
            cell = sheet.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"
    book.save(path)
    return path


def report_inputs(folder: Path, names: list[str], kind: str) -> list[str]:
    """The command line of a report over ``names`` (ledger ``kind`` "csv" or "xlsx")."""
    folder.mkdir()
    rows = ledger_rows(names) + BAD_LINES
    writer = write_csv if kind == "csv" else write_xlsx
    ledger = writer(folder / f"=SUM(1).{kind}", LEDGER_HEADER, rows)  # a name for Issues
    # a CRM export gives levels 1 to 3 (1: big potential, good accessibility)
    prospects = write_csv(
        folder / "prospects.csv",
        ["Nom", "Prénom", "Fonction", "Email", "Société", "Potentiel", "Accessibilité",
         "Dernier contact"],
        [[p["name"], p["first_name"], p["job_title"], p["email"], p["company"], 1 + k % 3,
          1 + (k // 3) % 3, p["last_contact"]] for k, p in enumerate(prospects_of(names))])
    team = write_csv(folder / "equipe.csv", ["Commercial", "Quantité", "Orientation",
                                             "Efficacité"],
                     [[t["salesperson"], t["quantity"], t["orientation"], t["efficiency"]]
                      for t in team_of(names)])
    return ["report", str(ledger), "--prospects", str(prospects), "--team", str(team),
            "-o", str(folder / "plan.xlsx"), "--today", TODAY.isoformat(),
            "--skip-bad-rows", "--quiet", "--lang", "en"]


def invoke(args: list[str]) -> None:
    result = RUNNER.invoke(app, args, env={"XLSALES_LANG": "en"})
    assert result.exit_code == 0, (result.output, result.exception)


# --- reading a workbook back ---------------------------------------------------------------


def text(cell: Any) -> str:
    """A cell that must hold a text: checked to be one, read as Excel shows it."""
    assert cell.data_type == "s", (cell.coordinate, cell.data_type, cell.value)
    return unescape(cell.value)  # OOXML's _xHHHH_ escapes (a carriage return), as Excel


def table_texts(book: Any, table: layout.Table, keys: tuple[str, ...],
                lang: str) -> set[tuple[str, ...]]:
    for sheet in book.worksheets:
        if table.name in sheet.tables:
            first_col, first_row, _, last_row = range_boundaries(sheet.tables[table.name].ref)
            headers = [c.value for c in sheet[first_row]][first_col - 1:]
            cols = [first_col + headers.index(table.column(k).header(lang)) for k in keys]
            return {tuple(text(sheet.cell(r, c)) for c in cols)
                    for r in range(first_row + 1, last_row + 1)}
    raise KeyError(table.name)


def area(book: Any, name: str) -> list[list[Any]]:
    """The cells of an output area, row by row."""
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return [list(row) for row in book[sheet.replace("''", "'")][ref.replace("$", "")]]


def listed(book: Any, name: str, columns: int) -> set[tuple[str, ...]]:
    """The texts of the first ``columns`` columns of a block's rows, its header aside."""
    rows = [row for row in area(book, name)[1:] if row[0].value is not None]
    return {tuple(text(cell) for cell in row[:columns]) for row in rows}


def check_texts(path: Path, names: list[str], lang: str = "en", headers: bool = True) -> None:
    """Every table and block cell meant to hold one of ``names`` holds it, as text
    (``headers``: the matrix's headers too)."""
    book = openpyxl.load_workbook(path)
    clients, prospects = clients_of(names), prospects_of(names)
    assert table_texts(book, layout.CLIENTS, ("client", "name", "segment", "product"),
                       lang) == {(c["client"], c["name"], c["segment"], c["product"])
                                 for c in clients}
    assert table_texts(book, layout.PROSPECTS, ("name", "first_name", "job_title", "email",
                                                "company"), lang) == {
        (p["name"], p["first_name"], p["job_title"], p["email"], p["company"])
        for p in prospects}
    assert table_texts(book, layout.TEAM, ("salesperson",), lang) == {(n,) for n in names}
    # the lists show a client by its code as an identifier (spaces folded, blocks._key)
    assert listed(book, "xls_lost_list", 2) == {(folded(c["client"]), c["name"])
                                                for k, c in enumerate(clients) if k % 3 == 0}
    assert listed(book, "xls_new_list", 2) == {(folded(c["client"]), c["name"])
                                               for k, c in enumerate(clients) if k % 3 == 1}
    # every prospect is overdue: "first name name", company
    assert listed(book, "xls_overdue_list", 2) == {(f"{p['first_name']} {p['name']}",
                                                    p["company"]) for p in prospects}
    assert listed(book, "xls_team_advice", 1) == {(n,) for n in names}
    if headers:
        check_headers(book, clients)
    # each cell of the prospect matrix names prospects, as one text
    placed = [cell for row in area(book, "xls_matrix_cells") for cell in row if cell.value]
    assert placed and all(cell.data_type == "s" for cell in placed)


def check_headers(book: Any, clients: list[dict[str, Any]]) -> None:
    """The segments and products sold in N (clients 1, 2, 4, 5...): the matrix shows
    every one (its areas hold 40 × 25), once, as the table spells them (its SUMIFS match
    the table's cells), as text."""
    segments = [text(row[0]) for row in area(book, "xls_matrix_segments")
                if row[0].value is not None]
    products = [text(cell) for cell in area(book, "xls_matrix_products")[0]
                if cell.value is not None]
    sold = [c for c in clients if c["revenue_curr"] is not None]
    assert set(segments) == {c["segment"] for c in sold} and len(segments) == len(sold)
    assert set(products) == {c["product"] for c in sold} and len(products) == len(sold)


def formulas(path: Path) -> dict[tuple[str, str], str]:
    book = openpyxl.load_workbook(path)
    return {(sheet.title, cell.coordinate): cell.value for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"}


def same_formulas(path: Path, twin: Path) -> None:
    """The corpus made no formula: the formula cells are the twin's, cell for cell."""
    found, expected = formulas(path), formulas(twin)
    assert len(expected) > 1000  # the template's own formulas are there to compare
    assert found == expected


def libreoffice_keeps_them(path: Path, names: list[str], folder: Path) -> None:
    require_libreoffice()
    recalculated = recalculate(path, folder)
    book = openpyxl.load_workbook(recalculated, data_only=True)
    assert error_cells(book) == []
    check_texts(recalculated, names)


# --- report ----------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["csv", "xlsx"])
def reports(request, tmp_path_factory):
    """The report over the corpus and over the twin names, from a ``kind`` ledger."""
    folder = tmp_path_factory.mktemp(f"report-{request.param}")
    made = {"kind": request.param}
    for label, names in (("corpus", CORPUS), ("twin", TWIN)):
        invoke(report_inputs(folder / label, names, request.param))
        made[label] = folder / label / "plan.xlsx"
    return made


def test_the_corpus_is_distinct_once_folded():
    # so that each text is one client, one segment... in the report too
    assert len({folded(t).casefold() for t in CORPUS}) == N


def test_the_xlsx_ledger_holds_the_texts_as_text(tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", LEDGER_HEADER, ledger_rows(CORPUS))
    sheet = openpyxl.load_workbook(path).active
    # (openpyxl writes a carriage return as is, and XML reads it as a line feed: "\r=3"
    # comes back "\n=3", which the report folds to "=3" all the same)
    assert {folded(text(row[0])) for row in sheet.iter_rows(min_row=2)} == {
        folded(t) for t in CORPUS}


def test_report_writes_every_text_as_text(reports):
    check_texts(reports["corpus"], [folded(t) for t in CORPUS])


def test_report_makes_no_formula_of_them(reports):
    same_formulas(reports["corpus"], reports["twin"])


def test_report_lists_bad_values_and_the_file_name_as_text(reports):
    sheet = openpyxl.load_workbook(reports["corpus"])["Issues"]
    rows = [row for row in sheet.iter_rows(min_row=5) if row[0].value is not None]
    # the three bad lines of BAD_LINES: amount "=1+1", date "@SUM(A1)", amount "-Dupont"
    assert sorted(text(row[3]) for row in rows) == ["-Dupont", "=1+1", "@SUM(A1)"]
    assert {text(row[0]) for row in rows} == {f"=SUM(1).{reports['kind']}"}  # the ledger


def test_libreoffice_keeps_the_reports_texts(reports, tmp_path):
    libreoffice_keeps_them(reports["corpus"], [folded(t) for t in CORPUS], tmp_path)


# --- the template generator and xlsales run ----------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The template generator's workbooks of the corpus and of the twin."""
    folder = tmp_path_factory.mktemp("generated")
    made = {}
    for label, names in (("corpus", CORPUS), ("twin", TWIN)):
        for lang, suffix in (("en", ".xlsx"), ("fr", ".xlsm")):
            path = folder / f"{label}-{lang}{suffix}"
            write_plan_workbook(plan_data(names), path, lang=lang, xlsm=suffix == ".xlsm")
            made[label, lang] = path
    return made


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_generator_writes_every_text_as_text(generated, lang):
    check_texts(generated["corpus", lang], CORPUS, lang, headers=False)
    same_formulas(generated["corpus", lang], generated["twin", lang])


def test_the_generators_matrix_headers_are_the_tables_texts(generated):
    check_headers(openpyxl.load_workbook(generated["corpus", "en"]), clients_of(CORPUS))


@pytest.fixture(scope="module")
def refreshed(generated, tmp_path_factory):
    """The generated workbooks after ``xlsales run refresh_all``, its blocks emptied first
    so that everything they list is the run's writing."""
    from xlsales.buttons.book_file import FileBook

    folder = tmp_path_factory.mktemp("refreshed")
    made = {}
    for (label, lang), source in generated.items():
        path = folder / source.name
        shutil.copy(source, path)
        book = FileBook(path, backup=False)
        book.write_areas({a.name: [] for a in layout.output_areas()})
        book.save()
        invoke(["run", "refresh_all", str(path), "--no-backup", "--quiet"])
        made[label, lang] = path
    return made


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_run_writes_every_text_as_text(refreshed, lang):
    check_texts(refreshed["corpus", lang], CORPUS, lang)
    same_formulas(refreshed["corpus", lang], refreshed["twin", lang])


def test_libreoffice_keeps_the_runs_texts(refreshed, tmp_path):
    libreoffice_keeps_them(refreshed["corpus", "en"], CORPUS, tmp_path)

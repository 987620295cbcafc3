"""The command line on ledgers as ERPs print them (issue 11 item 5, issue 12 items 7, 9,
12, 13): what the user reads in the terminal and finds in the Issues sheet. Built as the
programs write them: a French ERP's CSV report (sep= line, title, subtotals, a dated
grand total), an Excel workbook with a hidden lookup sheet and a cover page, a Mac Roman
CSV; expected figures counted by hand from the detail lines."""

import openpyxl
from typer.testing import CliRunner

from xlsales.app.cli import app

TODAY = ["--today", "2026-03-10"]
HEADER = "Code client;Date facture;Famille;Montant HT;TVA"
LINES = [  # 2024: C1 1 500 + 800, c2 300; 2025: C1 1 234,50, C2 12 000 - 100
    "C1;15/01/2024;Vis;1.500;20", "C1;20/03/2024;Écrous;800;20", "c2;05/05/2024;Vis;300;20",
    "C1;10/02/2025;Vis;1 234,50;20", "C2;01/06/2025;Outils;12.000;20",
    "C2;15/12/2025;Outils;-100;20",
]


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args],
                              env={"COLUMNS": "200", "XLSALES_LANG": "en"})


def _erp_csv(path):
    rows = ["sep=;", "Ventes par ligne de facture;;;;", "Du 01/01/2024 au 31/12/2025;;;;",
            ";;;;", HEADER, *LINES[:2], "Sous-total C1;;;2300;", LINES[2],
            ";;;300;", *LINES[3:], "TOTAL GÉNÉRAL;31/12/2025;;15734,5;"]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path


def _issues(path, sheet="Issues"):
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(min_row=4, values_only=True)]
    return [r for r in rows if any(v is not None for v in r)]


def test_an_erp_report_csv_is_read_and_explained(tmp_path):
    ledger = _erp_csv(tmp_path / "ventes.csv")
    out = tmp_path / "plan.xlsx"
    ran = _run("report", ledger, "-o", out, *TODAY)
    assert ran.exit_code == 0, ran.output
    said = ran.output
    assert "ventes.csv: CSV, cp1252, separator ';'" in said
    assert ("columns read: client 'Code client', date 'Date facture', amount 'Montant HT', "
            "product 'Famille'") in said
    assert "columns not read: 'TVA'" in said
    assert "no segment column: the segment × product matrix needs one" in said
    assert "use --segment COL" in said
    assert "total and subtotal lines left out: 3 (the first is line 8" in said
    assert "'c2' / 'C2'" in said
    # revenue N = 1 234,50 + 12 000 - 100 (C2's, not c2's: the codes are kept apart)
    assert "13,135" in said and "26,869" not in said
    issues = _issues(out)
    totals = [r for r in issues if "total line" in str(r[4])]
    assert [r[1] for r in totals] == [8, 10, 14]
    assert [r[3] for r in totals] == ["Sous-total C1", None, "TOTAL GÉNÉRAL"]
    alike = [r for r in issues if "looks like" in str(r[4])]
    assert [(r[1], r[3]) for r in alike] == [(9, "c2"), (12, "C2")]


def test_the_french_issues_sheet_and_summary(tmp_path):
    ledger = _erp_csv(tmp_path / "ventes.csv")
    out = tmp_path / "plan.xlsx"
    ran = _run("report", ledger, "-o", out, *TODAY, "--lang", "fr")
    assert ran.exit_code == 0, ran.output
    assert "colonnes non lues : 'TVA'" in ran.output
    assert "lignes de total et de sous-total écartées : 3" in ran.output
    problems = [r[4] for r in _issues(out, "Anomalies")]
    assert any(p.startswith("une ligne de total ('Sous-total C1'") for p in problems)
    assert any(p.startswith("le code client 'c2' ressemble à 'C2'") for p in problems)


def test_a_workbook_with_hidden_and_cover_sheets(tmp_path):
    book = openpyxl.Workbook()
    lookup = book.active
    lookup.title = "Tables"
    lookup.append(["Code client", "Date facture", "Montant HT"])
    lookup.append(["Z", "01/01/2025", 1])
    lookup.sheet_state = "hidden"
    book.create_sheet("Couverture").append(["Rapport des ventes"])
    data = book.create_sheet("Lignes")
    data.append(["Export du 10/03/2026"])
    data.append([])
    data.append(HEADER.split(";"))
    for line in LINES:
        client, day, family, amount, vat = line.split(";")
        data.append([client, day, family, float(amount.replace(".", "").replace(" ", "")
                                                .replace(",", ".")), int(vat)])
    path = tmp_path / "ventes.xlsx"
    book.save(path)
    ran = _run("report", path, "-o", tmp_path / "plan.xlsx", *TODAY)
    assert ran.exit_code == 0, ran.output
    assert "ventes.xlsx: XLSX, sheet 'Lignes', 6 data lines" in ran.output
    # the cover page read on request: the message names the sheets and --sheet
    ran = _run("report", path, "-o", tmp_path / "plan.xlsx", *TODAY, "--sheet", "Couverture",
               "--force")
    assert ran.exit_code == 1
    assert "ventes.xlsx [Couverture]: no column" in ran.output
    assert "--sheet (sheets: 'Tables', 'Couverture', 'Lignes')" in ran.output


def test_header_row_and_encoding_options(tmp_path):
    path = tmp_path / "ventes.csv"
    text = ("Client;Date;Montant\nCode client;Nom du client;Date facture;Montant HT\n"
            "C1;Crème Brûlée SARL;15/03/2024;100\nC1;Crème Brûlée SARL;15/12/2025;120\n")
    path.write_bytes(text.encode("mac-roman"))
    out = tmp_path / "plan.xlsx"
    ran = _run("report", path, "-o", out, *TODAY, "--header-row", "2")
    assert ran.exit_code == 0, ran.output
    assert "ventes.csv: CSV, mac-roman, separator ';'" in ran.output
    assert "client name 'Nom du client'" in ran.output
    ran = _run("report", path, "-o", out, *TODAY, "--header-row", "2", "--encoding", "utf-8",
               "--force")
    assert ran.exit_code == 1
    assert "byte 0x8F is not utf-8 text (the encoding given with --encoding)" in ran.output
    ran = _run("report", path, "-o", out, *TODAY, "--header-row", "40", "--force")
    assert ran.exit_code == 1
    assert "40 is not among the first 4 rows of ventes.csv" in ran.output
    for lang in ("en", "fr"):
        shown = CliRunner().invoke(app, ["report", "--help"],
                                   env={"COLUMNS": "200", "XLSALES_LANG": lang}).output
        assert "--header-row" in shown and "--encoding" in shown

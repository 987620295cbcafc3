"""Reading ledgers, prospect and team lists: columns found by name, bad lines, year N."""

import datetime as dt
import math
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.common.errors import XlsalesError
from xlsales.common.values import column_decimal, implied_decimal, parse_number
from xlsales.sources.ledger import (
    latest_full_year,
    read_clients,
    read_ledger,
    read_prospects,
    read_team,
)


def _csv(tmp_path, text, name="ventes.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


FRENCH = (
    "Code client;Raison sociale;Date facture;Montant HT;Segment;Famille;Marge\n"
    "1001;Société Générale;31/12/2025;1 234,50 €;Industrie;Équipements;300,25\n"
    "1002;Bâtiment Durand;05/01/2025 14:05;-300,00;BTP;Maintenance;-90\n"
    "1001;Société Générale;2025-06-30;(12,50);Industrie;Formation;\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_french_export_read_by_hand(tmp_path, encoding):
    table = read_ledger(_csv(tmp_path, FRENCH, encoding=encoding))
    lines = table.lines
    assert lines.index.tolist() == [2, 3, 4]
    assert lines["client"].tolist() == ["1001", "1002", "1001"]
    assert lines["client_name"].tolist() == ["Société Générale", "Bâtiment Durand",
                                             "Société Générale"]
    assert lines["date"].tolist() == [pd.Timestamp(2025, 12, 31),
                                      pd.Timestamp(2025, 1, 5, 14, 5),
                                      pd.Timestamp(2025, 6, 30)]
    # 1 234,50 € = 1234.5; credit note -300; accounting parentheses (12,50) = -12.5
    assert lines["amount"].tolist() == [1234.5, -300.0, -12.5]
    assert lines["amount"].sum() == pytest.approx(1234.5 - 300 - 12.5)
    assert lines["margin"].iloc[:2].tolist() == [300.25, -90.0]
    assert np.isnan(lines["margin"].iloc[2])  # blank margin stays blank, not 0
    assert table.source.encoding == encoding and table.source.decimal == ","
    assert table.columns == {"client": "Code client", "date": "Date facture",
                             "amount": "Montant HT", "segment": "Segment",
                             "product": "Famille", "margin": "Marge",
                             "client_name": "Raison sociale"}
    assert table.warnings == () and table.bad_rows.empty


amount_styles = [
    st.text(alphabet="0123456789,.- \u00a0€()eE", min_size=1, max_size=12),
    st.floats(-1e9, 1e9).map(lambda x: f"{x:.2f}".replace(".", ",")),
    st.floats(-1e12, 1e12).map(repr),
    st.integers(1000, 999_999).map(lambda n: f"{n:,}"),  # "1,234": grouped or decimal?
    st.integers(-999_999, -1000).map(lambda n: f"{n:,}".replace(",", ".")),
    st.integers(-10**7, 10**7).map(lambda n: f"{n:,}".replace(",", "\u00a0") + ",5"),
]
# A column in one style (as exports write them) or in a mix of styles.
amount_columns = st.one_of(
    st.sampled_from(amount_styles).flatmap(lambda style: st.lists(style, min_size=1,
                                                                  max_size=8)),
    st.lists(st.one_of(amount_styles), min_size=1, max_size=8),
)


@settings(max_examples=80, deadline=None)
@given(amount_columns)
def test_amounts_read_from_a_file_agree_with_parse_number(cells):
    # Whatever path a cell takes (the C parser or the bulk readers), its amount is
    # parse_number's with the column's decimal mark (a ";" file's when the column shows
    # none: implied_decimal); unreadable or blank cells are bad lines. Spaces at the ends
    # of a CSV field are part of it, as in the file.
    # (a column whose cells disagree, "0.5" beside "0,5", takes no mark at all)
    marks = {column_decimal([cell]) for cell in cells} - {None}
    decimal = marks.pop() if len(marks) == 1 else (implied_decimal(";", None) if not marks
                                                   else None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ventes.csv"
        path.write_text("Client;Date;Montant\nC;31/12/2025;0\n" + "".join(
            f"C;31/12/2025;{cell}\n" for cell in cells), encoding="utf-8")
        table = read_ledger(path, skip_bad_rows=True)
    bad = dict(zip(table.bad_rows["line"], table.bad_rows["problem"], strict=True))
    for line, cell in enumerate(cells, start=3):  # after the header and a line of 0
        try:
            expected = parse_number(cell, decimal=decimal)
        except XlsalesError as err:
            assert bad.get(line) == err.problem, cell
            continue
        if math.isnan(expected):
            assert bad.get(line) == "blank", cell
        else:
            assert line not in bad, cell
            assert table.lines.loc[line, "amount"] == expected, cell


def test_english_export_with_thousands_commas(tmp_path):
    text = ('Customer ID,Invoice date,Net amount\n'
            'C1,2025-03-01,"1,234.50"\n'
            'C2,2025-03-02,99.95\n'
            'C1,2025-03-03,"12,000"\n')
    lines = read_ledger(_csv(tmp_path, text)).lines
    # the column shows "." as its decimal mark, so "12,000" is twelve thousand
    assert lines["amount"].tolist() == [1234.5, 99.95, 12000.0]


def test_excel_serial_dates_and_sap_trailing_minus(tmp_path):
    text = "Client\tDate\tCA\nA\t45657\t1.234,56-\nB\t45658\t10,00\n"
    lines = read_ledger(_csv(tmp_path, text, "export.txt")).lines
    # 45657 is 31/12/2024 in Excel; 1.234,56- is -1234.56
    assert lines["date"].tolist() == [pd.Timestamp(2024, 12, 31), pd.Timestamp(2025, 1, 1)]
    assert lines["amount"].tolist() == [-1234.56, 10.0]


@pytest.mark.parametrize(
    ("client", "date", "amount"),
    [
        ("Client", "Date", "Montant"),
        ("N° client", "Date de facturation", "Chiffre d'affaires"),
        ("CODE CLIENT", "date facture", "CA"),
        ("customer", "Invoice Date", "Revenue"),
        ("Customer ID", "invoice date", "Sales"),
        ("No Client", "DATE", "montant HT"),
    ],
)
def test_columns_are_found_by_french_or_english_name(tmp_path, client, date, amount):
    text = f"{client};{date};{amount}\nA;31/12/2025;10\n"
    table = read_ledger(_csv(tmp_path, text))
    assert table.columns == {"client": client, "date": date, "amount": amount}
    assert table.lines["amount"].tolist() == [10.0]


def test_preferred_alias_wins_and_a_column_serves_one_field(tmp_path):
    text = ("Client;Code client;Montant TTC;Montant HT;Date\n"
            "Dupont SA;C1;120;100;31/12/2025\n")
    table = read_ledger(_csv(tmp_path, text))
    # "Code client" is the id, so "Client" is the name; HT beats TTC (never matched)
    assert table.columns["client"] == "Code client"
    assert table.columns["client_name"] == "Client"
    assert table.columns["amount"] == "Montant HT"
    assert table.lines["amount"].tolist() == [100.0]


def test_columns_named_explicitly(tmp_path):
    text = "Tiers;Jour;Valeur;Montant\nA;31/12/2025;7;99\n"
    table = read_ledger(_csv(tmp_path, text), client="Tiers", date="jour", amount="Valeur")
    assert table.columns == {"client": "Tiers", "date": "Jour", "amount": "Valeur"}
    assert table.lines["amount"].tolist() == [7.0]


def test_missing_required_column_lists_the_columns_found(tmp_path):
    path = _csv(tmp_path, "Client;Date;Total TTC\nA;31/12/2025;10\n")
    with pytest.raises(XlsalesError) as caught:
        read_ledger(path)
    err = caught.value
    assert err.problem == "missing_column"
    assert str(err) == ("ventes.csv: no column 'amount / montant'; columns found: "
                        "'Client', 'Date', 'Total TTC'")
    assert err.message("fr") == ("ventes.csv : pas de colonne 'amount / montant' ; colonnes "
                                 "trouvées : 'Client', 'Date', 'Total TTC'")


def test_the_columns_found_are_listed_briefly(tmp_path):
    # 100 columns, the first named with 50 characters: the first 30 are listed, each cut
    # at 40 characters (37 and "..."), then how many more (100 - 30 = 70)
    names = ["N" * 50] + [f"x{i}" for i in range(1, 100)]
    path = _csv(tmp_path, ";".join(names) + "\n" + ";".join("1" * 100) + "\n")
    with pytest.raises(XlsalesError) as caught:
        read_ledger(path)
    listed = str(caught.value).split("columns found: ")[1]
    assert listed == ", ".join(["'" + "N" * 37 + "...'"] + [f"'x{i}'" for i in range(1, 30)]
                               + ["… (+70)"])


def test_explicit_column_that_does_not_exist(tmp_path):
    path = _csv(tmp_path, "Client;Date;Montant\nA;31/12/2025;10\n")
    with pytest.raises(XlsalesError) as caught:
        read_ledger(path, amount="Montant HT")
    assert str(caught.value) == ("ventes.csv, --amount: no column 'Montant HT'; columns "
                                 "found: 'Client', 'Date', 'Montant'")


BAD = (
    "Client;Date;Montant\n"  # line 1
    "A;31/12/2025;10\n"  # 2
    "B;31/12/2025;abc\n"  # 3: not a number
    "\n"  # 4: empty, ignored
    ";31/12/2025;5\n"  # 5: no client
    "C;31/02/2025;7\n"  # 6: no such day
    "D;01/12/2025;8\n"  # 7
)


def test_first_bad_line_stops_the_read_with_the_count(tmp_path):
    with pytest.raises(XlsalesError) as caught:
        read_ledger(_csv(tmp_path, BAD))
    err = caught.value
    # the message reaches the user alone: it names the file (issue 12 item 16)
    assert str(err) == ("ventes.csv, Montant, row 3: 'abc' is not a number (lines with errors "
                        "in the file: 3)")
    assert err.message("fr") == ("ventes.csv, Montant, ligne 3 : 'abc' n'est pas un nombre "
                                 "(lignes en "
                                 "erreur dans le fichier : 3)")


def test_bad_lines_skipped_are_listed_with_their_line_numbers(tmp_path):
    table = read_ledger(_csv(tmp_path, BAD), skip_bad_rows=True)
    assert table.lines.index.tolist() == [2, 7]
    assert table.lines["amount"].tolist() == [10.0, 8.0]
    bad = table.bad_rows
    assert bad["line"].tolist() == [3, 5, 6]
    assert bad["column"].tolist() == ["Montant", "Client", "Date"]
    assert bad["problem"].tolist() == ["not_number", "blank", "not_date"]
    assert bad["value"].tolist()[::2] == ["abc", "31/02/2025"]
    assert table.bad_row_messages("fr") == [
        "Montant, ligne 3 : 'abc' n'est pas un nombre",
        "Client, ligne 5 : une valeur est requise",
        "Date, ligne 6 : '31/02/2025' n'est pas une date",
    ]
    assert [(n.key, n.count) for n in table.warnings
            if not n.key.startswith("missing_")] == [("blank_lines", 1), ("skipped", 3)]
    assert table.warnings[1].message() == ("lines with errors left out: 3 (the first is "
                                           "line 3)")


def test_duplicates_and_credit_notes_are_kept(tmp_path):
    text = ("Client;Date;Montant\nA;31/12/2025;10\nA;31/12/2025;10\n"
            "A;31/12/2025;-4\nA;31/12/2025;10\n")
    table = read_ledger(_csv(tmp_path, text))
    assert table.lines["amount"].tolist() == [10.0, 10.0, -4.0, 10.0]
    assert [(n.key, n.count) for n in table.warnings
            if not n.key.startswith("missing_")] == [("duplicates", 2)]
    assert table.warnings[0].message("fr").startswith("lignes en double exact conservées : 2")


@pytest.mark.parametrize(
    "text",
    ["Client;Date;Montant\n", "Client;Date;Montant\n\n;;\n"],
)
def test_header_without_data_lines(tmp_path, text):
    with pytest.raises(XlsalesError) as caught:
        read_ledger(_csv(tmp_path, text))
    assert str(caught.value) == "ventes.csv: has a header but no data lines"


def test_every_line_bad_and_skipped_leaves_nothing_to_read(tmp_path):
    path = _csv(tmp_path, "Client;Date;Montant\nA;hier;1\nB;31/12/2025;x\n")
    with pytest.raises(XlsalesError) as caught:
        read_ledger(path, skip_bad_rows=True)
    # the file has data lines, all bad: the first one is named, with the count
    assert str(caught.value) == ("ventes.csv, Date, row 2: 'hier' is not a date (lines with "
                                 "errors in "
                                 "the file: 2)")


def test_workbook_ledger_with_sheet_rows_in_messages(tmp_path):
    path = tmp_path / "ventes.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Ventes 2025")
    for row in (["Code client", "Date facture", "Montant HT", "Famille"],
                [1001, dt.datetime(2025, 12, 31), 1234.5, "Équipements"],
                ["1002", "05/01/2025", "1 234,50", "Maintenance"],
                [1003, dt.datetime(2025, 2, 1), "n/a", "Maintenance"]):
        sheet.append(row)
    book.save(path)
    with pytest.raises(XlsalesError) as caught:
        read_ledger(path, sheet="ventes 2025")
    assert str(caught.value) == ("ventes.xlsx [Ventes 2025], Montant HT, row 4: 'n/a' is not "
                                 "a number (lines with "
                                 "errors in the file: 1)")
    table = read_ledger(path, sheet="Ventes 2025", skip_bad_rows=True)
    assert table.lines.index.tolist() == [2, 3]
    assert table.lines["client"].tolist() == ["1001", "1002"]  # 1001.0 from Excel is "1001"
    assert table.lines["amount"].tolist() == [1234.5, 1234.5]
    assert table.lines["date"].tolist() == [pd.Timestamp(2025, 12, 31),
                                            pd.Timestamp(2025, 1, 5)]
    assert table.source.sheet == "Ventes 2025"


def test_prospect_and_team_files(tmp_path):
    prospects = _csv(tmp_path, (
        "Nom;Prénom;Fonction;E-mail;Société;Projet;Potentiel;Accessibilité;"
        "Dernier contact;Origine;Étape\n"
        "Durand;Amélie;Acheteuse;a.durand@x.fr;Durand SA;oui;Gros;Bonne;15/02/2026;"
        "recommendation;warm\n"), "prospects.csv")
    table = read_prospects(prospects)
    row = table.lines.iloc[0]
    assert (row["name"], row["first_name"], row["potential"], row["accessibility"]) == (
        "Durand", "Amélie", "Gros", "Bonne")
    assert row["last_contact"] == pd.Timestamp(2026, 2, 15)
    assert table.columns["stage"] == "Étape"
    team = read_team(_csv(tmp_path, "Commercial;Quantité;Orientation;Efficacité\n"
                                    "Claire;7;5;6\n", "equipe.csv"))
    assert team.lines.to_dict("records") == [{"salesperson": "Claire", "quantity": 7.0,
                                              "orientation": 5.0, "efficiency": 6.0}]
    with pytest.raises(XlsalesError) as caught:
        read_team(_csv(tmp_path, "Commercial;Quantité\nClaire;7\n", "equipe.csv"))
    assert caught.value.problem == "missing_column"


def test_client_scores_under_the_template_headers_or_the_demo_names(tmp_path):
    # the template's Clients table saved as a French CSV (computed columns included)
    french = _csv(tmp_path, (
        "Code client;Nom du client;Taille (1-5);Concurrence (1-5);"
        "Évolution du secteur (1-5);Politique fournisseurs (1-5);Fiabilité (1-5);"
        "Santé financière (1-5);Position des concurrents (1-5);CA potentiel;Classe ABC\n"
        "1001;Alpha;5;4;3;2;1;2;3;12 500,50;A\n"
        "1002;Beta;;;;;;;;;C\n"), "clients.csv")
    table = read_clients(french)
    assert table.lines["client"].tolist() == ["1001", "1002"]
    first = table.lines.iloc[0]
    assert [first[k] for k in ("pot_size", "pot_competition", "pot_sector", "pot_suppliers",
                               "risk_reliability", "risk_finance", "risk_competitors",
                               "potential_revenue")] == [5, 4, 3, 2, 1, 2, 3, 12500.5]
    assert table.lines.iloc[1].drop("client").isna().all()  # blank scores stay blank
    # the demo's own column names, as ``Demo.clients`` has them (the Clients table's keys)
    english = _csv(tmp_path, "client,pot_size,pot_suppliers,risk_competitors,"
                             "potential_revenue\nC1,2,3,4,1000\n", "scores.csv")
    assert read_clients(english).lines.iloc[0].tolist() == ["C1", 2.0, 3.0, 4.0, 1000.0]
    with pytest.raises(XlsalesError) as caught:
        read_clients(_csv(tmp_path, "Taille;Fiabilité\n1;2\n", "clients.csv"))
    assert caught.value.problem == "missing_column"


def test_progress_is_passed_through(tmp_path):
    calls = []
    read_ledger(_csv(tmp_path, FRENCH), progress=lambda phase, done, total: calls.append(done))
    assert calls and calls[-1] == len(FRENCH.encode())


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        # pulled in March: last year is complete
        (["2024-01-02", "2025-05-05", "2026-03-09"], "2026-03-10", 2025),
        # a quiet end of December still counts
        (["2024-01-02", "2025-12-15"], "2026-01-05", 2025),
        # half of 2025 cannot stand for 2025
        (["2023-01-02", "2024-05-05", "2025-06-30"], "2026-03-10", 2024),
        # the current year is never complete
        (["2024-01-02", "2025-12-19"], "2025-12-20", 2024),
        # an old export: its own last year
        (["2023-01-02", "2024-12-31"], "2026-03-10", 2024),
        # a year without a single line is not N, even if later data exists
        (["2023-03-01", "2025-02-01"], "2026-03-10", 2023),
    ],
)
def test_latest_full_year(days, today, expected):
    assert latest_full_year(pd.Series(pd.to_datetime(days)), today=today) == expected


def test_latest_full_year_reads_text_and_fails_clearly():
    assert latest_full_year(["31/12/2025", "02/01/2024"], today=dt.date(2026, 3, 10)) == 2025
    with pytest.raises(XlsalesError) as caught:
        latest_full_year(["01/02/2026"], today="10/03/2026")
    assert caught.value.problem == "no_full_year"
    with pytest.raises(XlsalesError) as caught:
        latest_full_year(["31/12/2025", "hier"], today="10/03/2026")
    assert str(caught.value) == "date, row 2: 'hier' is not a date"

"""Ledgers as ERPs print them (issue 11 item 5, issue 12 items 7, 8, 9, 12, 13, 14, 15):
a title above the header, Excel's "sep=;" line, total and subtotal lines, hidden and cover
sheets, Latin-9 and Mac Roman text, dots grouping thousands, look-alike client codes,
duplicated headers, the Accounting format's zero. Each file is written the way the
program in question writes it; expected figures are counted by hand or by pandas on the
detail lines alone."""

import openpyxl
import pandas as pd
import pytest

from xlsales.app.report import read_inputs
from xlsales.common.errors import XlsalesError
from xlsales.common.values import parse_number
from xlsales.sources.ledger import read_ledger

DETAIL = [  # client, date, product, amount: several lines and products a client, a credit
    ("C001", "15/01/2024", "Vis", 1200.0), ("C001", "20/03/2024", "Écrous", 300.5),
    ("C002", "02/02/2024", "Vis", 800.0), ("C002", "10/11/2024", "Vis", -150.0),
    ("C001", "05/02/2025", "Vis", 1500.0), ("C003", "12/06/2025", "Outils", 2400.0),
    ("C003", "30/12/2025", "Vis", 99.5),
]


def _fr(amount: float) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _erp_csv(path, subtotals=True, dated_total=False):
    """A French ERP's "ventes par ligne de facture" report saved as CSV: Excel's sep= line,
    a title, a period line, a blank line, the header; a subtotal after each client's
    block; the grand total last."""
    rows = ["sep=;", "Ventes par ligne de facture;;;", "Période : 01/01/2024 - 31/12/2025;;;",
            ";;;", "Code client;Date facture;Famille;Montant HT"]
    frame = pd.DataFrame(DETAIL, columns=["client", "date", "product", "amount"])
    for client, block in frame.groupby("client", sort=True):
        rows += [f"{c};{d};{p};{_fr(a)}" for c, d, p, a in block.itertuples(index=False)]
        if subtotals:
            rows.append(f"Sous-total {client};;;{_fr(block['amount'].sum())}")
    label, day = ("TOTAL GÉNÉRAL", "31/12/2025") if dated_total else ("Total", "")
    rows.append(f"{label};{day};;{_fr(frame['amount'].sum())}")
    path.write_text("\r\n".join(rows) + "\r\n", encoding="cp1252")
    return path, frame


def test_title_rows_sep_line_and_subtotals_of_a_csv_report(tmp_path):
    path, frame = _erp_csv(tmp_path / "ventes.csv")
    table = read_ledger(path)
    assert table.columns["client"] == "Code client"
    assert table.source.separator == ";"
    # the detail lines only, at the lines the user sees (sep, title, period, blank, header)
    assert table.lines.index[0] == 6
    assert sorted(table.lines["client"].unique()) == ["C001", "C002", "C003"]
    expected = frame.groupby("client")["amount"].sum()
    assert table.lines.groupby("client")["amount"].sum().round(2).to_dict() == \
        expected.round(2).to_dict()
    assert table.lines["amount"].sum() == pytest.approx(frame["amount"].sum())
    # three subtotals and the total, left out and listed, not an error
    assert len(table.set_aside) == 4
    assert set(table.set_aside["problem"]) == {"total_line"}
    notice = next(n for n in table.warnings if n.key == "totals")
    assert notice.count == 4
    assert "4" in notice.message("fr") and "Anomalies" in notice.message("fr")


def test_a_dated_grand_total_is_not_a_client(tmp_path):
    path, frame = _erp_csv(tmp_path / "ventes.csv", subtotals=False, dated_total=True)
    table = read_ledger(path)
    assert "TOTAL GÉNÉRAL" not in set(table.lines["client"])
    assert table.lines["amount"].sum() == pytest.approx(frame["amount"].sum())  # not doubled
    inputs = read_inputs(path)
    issues = inputs.issues("fr")
    assert issues["value"].tolist() == ["TOTAL GÉNÉRAL"]
    assert "ligne de total" in issues["problem"].iloc[0]


def test_a_client_named_total_keeps_its_lines(tmp_path):
    path = tmp_path / "ventes.csv"
    path.write_text("Code client;Date;Montant HT\nA1;01/02/2025;100\nTOTAL;03/02/2025;40\n"
                    "TOTAL;04/02/2025;60\n", encoding="utf-8")
    table = read_ledger(path)
    assert table.lines["client"].tolist() == ["A1", "TOTAL", "TOTAL"]
    assert not len(table.set_aside)


def test_xlsx_report_hidden_and_cover_sheets_title_and_subtotals(tmp_path):
    book = openpyxl.Workbook()
    lookup = book.active
    lookup.title = "Codes"
    lookup.append(["Code client", "Date", "Montant HT"])  # a lookup, hidden: not the data
    lookup.append(["Z9", "01/01/2025", 1])
    lookup.sheet_state = "hidden"
    cover = book.create_sheet("Couverture")
    cover.append(["Rapport des ventes 2024-2025"])
    cover.append(["Société Exemple"])
    sheet = book.create_sheet("Lignes")
    sheet.append(["Ventes par ligne de facture"])
    sheet.append([])
    sheet.append(["Code client", "Date facture", "Famille", "Montant HT"])
    frame = pd.DataFrame(DETAIL, columns=["client", "date", "product", "amount"])
    for _, block in frame.groupby("client", sort=True):
        for c, d, p, a in block.itertuples(index=False):  # real dates, as Excel stores them
            sheet.append([c, pd.to_datetime(d, dayfirst=True).to_pydatetime(), p, a])
        sheet.append([None, None, None, float(block["amount"].sum())])  # a blank-client subtotal
    sheet.append(["Total", None, None, float(frame["amount"].sum())])
    path = tmp_path / "ventes.xlsx"
    book.save(path)
    table = read_ledger(path)
    assert table.source.sheet == "Lignes"
    assert "sheet 'Lignes'" in table.source.describe()
    assert table.lines.index[0] == 4  # the sheet's row of the first detail line
    assert table.lines["amount"].sum() == pytest.approx(frame["amount"].sum())
    assert len(table.set_aside) == 4
    assert not len(table.bad_rows)


def test_header_row_forced(tmp_path):
    path = tmp_path / "ventes.csv"
    # the first line names the columns too (a filter line): --header-row says which is it
    path.write_text("Client;Date;Montant\nCode client;Date facture;Montant HT\n"
                    "A;01/02/2025;10\n", encoding="utf-8")
    with pytest.raises(XlsalesError) as err:  # the first row that names them wins...
        read_ledger(path)
    assert "'Date facture' is not a date" in str(err.value)
    table = read_ledger(path, header_row=2)  # ...unless the user says which
    assert table.columns == {"client": "Code client", "date": "Date facture",
                             "amount": "Montant HT"}
    assert table.lines.index.tolist() == [3]


def test_a_missing_column_names_the_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Ventes"
    book.active.append(["Code client", "Quand", "Montant HT"])
    book.active.append(["A", "01/02/2025", 1])
    path = tmp_path / "ventes.xlsx"
    book.save(path)
    with pytest.raises(XlsalesError) as err:
        read_inputs(path)
    assert str(err.value).startswith("ventes.xlsx [Ventes]: no column 'date'")


def test_dots_grouping_thousands_in_a_semicolon_csv(tmp_path):
    path = tmp_path / "ventes.csv"
    path.write_text("Code client;Date;Montant HT\nA;01/02/2025;1.500\nB;02/02/2025;800\n"
                    "C;03/02/2025;12.000\n", encoding="utf-8")
    assert read_ledger(path).lines["amount"].tolist() == [1500.0, 800.0, 12000.0]
    # beside a French amount in the same column, the same reading
    path.write_text("Code client;Date;Montant HT\nA;01/02/2025;1.500\nB;02/02/2025;800\n"
                    "C;03/02/2025;1 234,50\n", encoding="utf-8")
    assert read_ledger(path).lines["amount"].tolist() == [1500.0, 800.0, 1234.5]


@pytest.mark.parametrize(("encoding", "shown"), [("iso-8859-15", "iso-8859-15"),
                                                  ("mac-roman", "mac-roman")])
def test_latin9_and_mac_roman_are_detected(tmp_path, encoding, shown):
    path = tmp_path / "ventes.csv"
    text = ("Code client;Nom du client;Date;Montant HT\r"
            "\nC1;Œuvres Sociales;01/02/2025;1 000,00 €\r\n"
            "C2;Société Générale;02/02/2025;250,50 €\r\nC3;Crème & Café;03/02/2025;12 €\r\n")
    path.write_bytes(text.encode(encoding))
    table = read_ledger(path)
    assert table.source.encoding == shown
    assert table.lines["client_name"].tolist() == ["Œuvres Sociales", "Société Générale",
                                                   "Crème & Café"]
    assert table.lines["amount"].tolist() == [1000.0, 250.5, 12.0]
    assert shown in table.source.describe()


def test_windows_1252_still_wins_on_its_own_files(tmp_path):
    path = tmp_path / "ventes.csv"
    path.write_bytes("Code client;Nom du client;Date;Montant HT\nC1;Société Œuvre;"
                     "01/02/2025;1 000,00 €\n".encode("cp1252"))
    table = read_ledger(path)
    assert table.source.encoding == "cp1252"
    assert table.lines["client_name"].tolist() == ["Société Œuvre"]


def test_encoding_given(tmp_path):
    path = tmp_path / "ventes.csv"
    path.write_bytes("Code client;Nom;Date;Montant HT\nC1;Zoë;01/02/2025;5\n".encode("mac-roman"))
    assert read_ledger(path, encoding="mac-roman").lines["client_name"].tolist() == ["Zoë"]
    path.write_bytes("Code client;Date;Montant HT\nC1;01/02/2025;5 €\n".encode("cp1252"))
    with pytest.raises(XlsalesError) as err:
        read_ledger(path, encoding="utf-8")
    assert str(err.value) == ("ventes.csv, row 2: byte 0x80 is not utf-8 text (the encoding "
                              "given with --encoding)")


def test_client_codes_differing_by_case_or_zeros_are_kept_apart_and_named(tmp_path):
    path = tmp_path / "ventes.csv"
    path.write_text("Code client;Date;Montant HT\nabc01;01/02/2024;100\nABC01;01/02/2025;200\n"
                    "00123;03/02/2024;10\n123;03/02/2025;20\nX;01/01/2025;5\n",
                    encoding="utf-8")
    inputs = read_inputs(path)
    assert sorted(inputs.ledger.lines["client"].unique()) == ["00123", "123", "ABC01",
                                                              "X", "abc01"]
    notice = next(n for n in inputs.ledger.warnings if n.key == "lookalikes")
    assert notice.count == 2
    assert "'abc01' / 'ABC01'" in notice.message() and "'00123' / '123'" in notice.message()
    issues = inputs.issues("en")
    assert issues["line"].tolist() == [2, 3, 4, 5]
    assert issues["problem"].iloc[0] == ("client code 'abc01' looks like 'ABC01' (only case "
                                         "or leading zeros differ): kept as two clients; check "
                                         "the export if they are one")


@pytest.mark.parametrize("twice", ["Montant HT", "Client"])
def test_a_duplicated_needed_column_is_refused_in_csv_and_xlsx(tmp_path, twice):
    header = ["Client", "Date", "Montant HT", twice]
    row = ["A", "01/02/2025", "10", "Alpha" if twice == "Client" else "12"]
    csv_path = tmp_path / "ventes.csv"
    csv_path.write_text(";".join(header) + "\n" + ";".join(row) + "\n", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append(row)
    xlsx_path = tmp_path / "ventes.xlsx"
    book.save(xlsx_path)
    first = header.index(twice)
    for path, where, positions in ((csv_path, "ventes.csv", (str(first + 1), "4")),
                                   (xlsx_path, "ventes.xlsx [Sheet]", ("ABC"[first], "D"))):
        with pytest.raises(XlsalesError) as err:
            read_ledger(path)
        assert str(err.value) == (f"{where}: two columns are named '{twice}' (columns "
                                  f"{positions[0]} and {positions[1]}): which to read is a "
                                  "guess; rename one in the file")


@pytest.mark.parametrize("zero", ["  -   € ", "-", " - € ", " €  - "])
def test_accounting_format_zero(tmp_path, zero):
    assert parse_number(zero) == 0.0
    path = tmp_path / "ventes.csv"
    path.write_text(f"Code client;Date;Montant HT\nA;01/02/2025;{zero}\nB;01/02/2025;"
                    "1 234,50 €\n", encoding="utf-8")
    assert read_ledger(path).lines["amount"].tolist() == [0.0, 1234.5]


def test_dots_with_nothing_to_say_which_are_refused_quoting_them(tmp_path):
    path = tmp_path / "ventes.txt"
    path.write_text("Code client\tDate\tMontant HT\nA\t01/02/2025\t1.500\nB\t02/02/2025\t800\n"
                    "C\t03/02/2025\t12.000\n", encoding="utf-8")
    with pytest.raises(XlsalesError) as err:
        read_ledger(path)
    assert str(err.value).startswith("ventes.txt, Montant HT: '1.500', '12.000' may be "
                                     "thousands (1.500 = 1500) or decimals")
    # a decimal elsewhere in the column settles it
    path.write_text("Code client\tDate\tMontant HT\nA\t01/02/2025\t1.500\nB\t02/02/2025\t0.5\n",
                    encoding="utf-8")
    assert read_ledger(path).lines["amount"].tolist() == [1.5, 0.5]


def test_a_refusal_names_the_encoding_read(tmp_path):
    path = tmp_path / "ventes.csv"
    path.write_bytes("Code client;Nom;Date;Montant HT\nC1;Œuvres;01/02/2025;1 000,00 €\n"
                     "C2;Zoé;02/02/2025;mille\n".encode("iso-8859-15"))
    with pytest.raises(XlsalesError) as err:
        read_ledger(path)
    assert str(err.value) == ("ventes.csv, Montant HT, row 3: 'mille' is not a number (lines "
                              "with errors in the file: 1; it was read as iso-8859-15 text: "
                              "if its letters or its € look wrong, give its encoding with "
                              "--encoding)")
    assert "lu comme du texte iso-8859-15" in err.value.message("fr")

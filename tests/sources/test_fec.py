"""The FEC read as a sales ledger: a FEC written from a generated sales ledger, the way an
accounting package writes one (sales journal, bank settlements, purchases, credit notes,
a cash sale), must give that ledger's plan exactly."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.harness.fakes import fake_writer
from xlsales.app.cli import app
from xlsales.app.report import make_report
from xlsales.common.errors import XlsalesError
from xlsales.sources.fec import FEC_COLUMNS, is_fec
from xlsales.sources.ledger import read_ledger

# product -> (revenue account, its label)
ACCOUNTS = {
    "services": ("706100", "Prestations de services"),
    "goods": ("707100", "Ventes de marchandises"),
    "export": ("707200", "Ventes export"),
    "shipping": ("708500", "Ports et frais facturés"),
    "upkeep": ("706200", "Maintenance"),
}
NAMES = ("Bœuf & Fils", "Société Générale Œuvres", "Dupont SA", "Müller GmbH", "Šimek & Žižka",
         "Ébénisterie Žák", "Œnologie Ÿves")


def sales_ledger(seed=13):
    """Invoices of 40 clients over 2024, 2025 and two months of 2026: one to three
    products an invoice, some clients lost in 2025, some new, one invoice in twelve a
    credit note (every line negative)."""
    rng = np.random.default_rng(seed)
    rows = []
    number = 0
    for c in range(40):
        code = f"C{c:03d}"
        name = f"{NAMES[c % len(NAMES)]} {c}"
        years = [2024, 2025, 2026]
        if c % 7 == 0:
            years = [2024]  # lost in 2025
        elif c % 5 == 0:
            years = [2025, 2026]  # new in 2025
        for year in years:
            months = 2 if year == 2026 else 12
            for _ in range(int(rng.integers(1, 6))):
                number += 1
                day = pd.Timestamp(year, int(rng.integers(1, months + 1)),
                                   int(rng.integers(1, 29)))
                sign = -1 if rng.random() < 1 / 12 else 1
                for product in rng.choice(list(ACCOUNTS), int(rng.integers(1, 4)),
                                          replace=False):
                    amount = sign * round(float(rng.uniform(50, 5000)), 2)
                    rows.append((number, code, name, day, str(product), amount))
    return pd.DataFrame(rows, columns=["invoice", "client", "name", "date", "product",
                                       "amount"])


def _money(value):
    return f"{value:.2f}".replace(".", ",")


def write_fec(ledger, path, separator="\t", encoding="utf-8"):
    """The FEC a package writes from ``ledger``: VT (411 debit TTC, 70x credit HT, 44571
    credit VAT; the reverse for a credit note), BQ (512 / 411 settlement), HA (a purchase:
    607, 44566, 401) and CA (a cash sale: 530 / 707 / 44571, no customer line)."""
    lines = []

    def line(journal, number, day, account, label, aux="", aux_label="", debit=0.0,
             credit=0.0, text=""):
        lines.append([journal, {"VT": "Ventes", "BQ": "Banque", "HA": "Achats",
                                "CA": "Caisse"}[journal], str(number),
                      day.strftime("%Y%m%d"), account, label, aux, aux_label, f"P{number}",
                      day.strftime("%Y%m%d"), text, _money(debit), _money(credit), "", "",
                      day.strftime("%Y%m%d"), "", ""])

    bank = 0
    for number, invoice in ledger.groupby("invoice", sort=True):
        day = invoice["date"].iloc[0]
        client, name = invoice["client"].iloc[0], invoice["name"].iloc[0]
        net = round(float(invoice["amount"].sum()), 2)
        vat = round(net * 0.2, 2)
        total = round(net + vat, 2)
        text = f"Facture {number}" if net >= 0 else f"Avoir {number}"
        line("VT", number, day, "411000", "Clients", client, name,
             debit=max(total, 0), credit=max(-total, 0), text=text)
        for _, row in invoice.iterrows():
            account, label = ACCOUNTS[row["product"]]
            line("VT", number, day, account, label, debit=max(-row["amount"], 0),
                 credit=max(row["amount"], 0), text=text)
        line("VT", number, day, "445710", "TVA collectée", debit=max(-vat, 0),
             credit=max(vat, 0), text=text)
        if total > 0:
            bank += 1
            paid = day + pd.Timedelta(days=30)
            line("BQ", bank, paid, "512000", "Banque", debit=total, text="Règlement")
            line("BQ", bank, paid, "411000", "Clients", client, name, credit=total,
                 text="Règlement")
    day = pd.Timestamp(2025, 3, 3)
    line("HA", 1, day, "607000", "Achats de marchandises", debit=1000.0)
    line("HA", 1, day, "445660", "TVA déductible", debit=200.0)
    line("HA", 1, day, "401000", "Fournisseurs", "F01", "Grossiste", credit=1200.0)
    line("CA", 7, pd.Timestamp(2025, 4, 4), "530000", "Caisse", debit=120.0)
    line("CA", 7, pd.Timestamp(2025, 4, 4), "707100", "Ventes de marchandises", credit=100.0)
    line("CA", 7, pd.Timestamp(2025, 4, 4), "445710", "TVA collectée", credit=20.0)
    text = "\r\n".join(separator.join(row) for row in [list(FEC_COLUMNS), *lines]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def _expected(ledger, year):
    """Per client revenue of N-1 and N, and the bridge, computed from the ledger itself."""
    ledger = ledger.assign(year=ledger["date"].dt.year)
    sums = ledger.pivot_table(index="client", columns="year", values="amount",
                              aggfunc="sum")
    prev, curr = sums[year - 1], sums[year]
    bought_prev, bought_curr = prev.fillna(0) > 0, curr.fillna(0) > 0
    return sums, {
        "clients_prev": int(bought_prev.sum()), "clients_curr": int(bought_curr.sum()),
        "lost_clients": int((bought_prev & ~bought_curr).sum()),
        "new_clients": int((~bought_prev & bought_curr).sum()),
        "retained_clients": int((bought_prev & bought_curr).sum()),
    }


@pytest.mark.parametrize(("separator", "encoding"), [("\t", "utf-8"), ("|", "iso-8859-15")])
def test_a_fec_gives_the_plan_of_the_ledger_it_was_written_from(tmp_path, separator,
                                                                 encoding):
    ledger = sales_ledger()
    fec = write_fec(ledger, tmp_path / "FEC20251231.txt", separator, encoding)
    report = make_report(fec, today=pd.Timestamp(2026, 3, 10).date())
    assert report.year == 2025
    sums, bridge = _expected(ledger, 2025)
    clients = report.data.clients.set_index("client")
    for column, year in (("revenue_prev", 2024), ("revenue_curr", 2025)):
        want = sums[year].dropna()
        got = clients[column].dropna()
        assert sorted(got.index) == sorted(want.index)
        np.testing.assert_allclose(got[want.index].to_numpy(dtype=float), want.to_numpy(),
                                   atol=1e-6)
    for key, value in bridge.items():
        assert getattr(report.results.bridge, key) == value, key
    assert report.results.bridge.revenue_curr == pytest.approx(
        sums[2025].sum(), abs=1e-6)
    # names as the FEC wrote them, in either encoding (œ, Œ, Ž, Ÿ are ISO-8859-15's)
    names = ledger.drop_duplicates("client").set_index("client")["name"]
    assert clients["name"].to_dict() == names[clients.index].to_dict()
    # the main product is the revenue account's label
    assert set(clients["product"].dropna()) <= {label for _, label in ACCOUNTS.values()}
    # the cash sale, revenue without a customer, is set aside with its number
    issues = report.issues("en")
    assert issues[["column", "value"]].values.tolist() == [["EcritureNum", "CA 7"]]
    assert "no customer line" in issues["problem"].iloc[0]
    assert report.inputs.bad_line_count() == 0


def test_the_command_line_reads_a_fec_without_an_option(tmp_path, monkeypatch):
    calls = fake_writer(monkeypatch)
    ledger = sales_ledger()
    fec = write_fec(ledger, tmp_path / "FEC.txt")
    result = CliRunner().invoke(app, ["report", str(fec), "-o", str(tmp_path / "plan.xlsx"),
                                      "--today", "2026-03-10", "--lang", "fr"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stdout
    assert "lu comme un FEC" in result.stdout
    (call,) = calls.writes
    sums, _ = _expected(ledger, 2025)
    written = call["data"].clients.set_index("client")["revenue_curr"].dropna()
    assert written.sum() == pytest.approx(sums[2025].sum(), abs=1e-6)
    issues = call["issues"]
    assert issues.iloc[:, 3].tolist() == ["CA 7"]  # Valeur
    assert "écartée du CA" in issues.iloc[0, 4]


def test_accounts_choose_the_revenue_accounts(tmp_path):
    ledger = sales_ledger()
    fec = write_fec(ledger, tmp_path / "FEC.txt")
    only = read_ledger(fec, accounts="7085").lines
    want = ledger[ledger["product"] == "shipping"]
    assert len(only) == len(want)
    assert only["amount"].sum() == pytest.approx(want["amount"].sum(), abs=1e-6)
    assert set(only["product"]) == {"Ports et frais facturés"}
    two = read_ledger(fec, accounts="706,7085").lines
    assert two["amount"].sum() == pytest.approx(
        ledger[ledger["product"].isin(["services", "upkeep", "shipping"])]["amount"].sum(),
        abs=1e-6)
    # --product names another column: the entry's label
    labelled = read_ledger(fec, product="EcritureLib").lines
    assert labelled["product"].str.match(r"^(Facture|Avoir) \d+$").all()
    with pytest.raises(XlsalesError) as err:
        read_ledger(fec, accounts="70x")
    assert "'70x'" in err.value.message("en")


def test_a_bad_amount_names_its_line_and_a_workbook_is_never_a_fec(tmp_path):
    path = write_fec(sales_ledger().head(3), tmp_path / "FEC.txt")
    text = path.read_bytes().decode("utf-8").split("\r\n")
    cells = text[2].split("\t")
    cells[12] = "12,3,4"
    text[2] = "\t".join(cells)
    path.write_bytes("\r\n".join(text).encode("utf-8"))
    with pytest.raises(XlsalesError) as err:
        read_ledger(path)
    message = err.value.message("en")
    assert "Credit" in message and "row 3" in message and "'12,3,4'" in message
    assert not is_fec(["Code client", "Date", "Montant HT"])
    assert is_fec([name.lower() for name in FEC_COLUMNS])


def test_montant_and_sens_instead_of_debit_and_credit(tmp_path):
    header = [c for c in FEC_COLUMNS if c not in ("Debit", "Credit")] + ["Montant", "Sens"]
    rows = [["VT", "Ventes", "1", "20250110", "411000", "Clients", "C1", "Alpha", "F1",
             "20250110", "F1", "", "", "20250110", "", "", "1200,00", "D"],
            ["VT", "Ventes", "1", "20250110", "706000", "Services", "", "", "F1",
             "20250110", "F1", "", "", "20250110", "", "", "1000,00", "C"],
            ["VT", "Ventes", "2", "20250210", "411000", "Clients", "C1", "Alpha", "A2",
             "20250210", "A2", "", "", "20250210", "", "", "120,00", "C"],
            ["VT", "Ventes", "2", "20250210", "706000", "Services", "", "", "A2",
             "20250210", "A2", "", "", "20250210", "", "", "100,00", "D"]]
    path = Path(tmp_path / "fec.txt")
    path.write_text("\n".join("|".join(r) for r in [header, *rows]) + "\n")
    lines = read_ledger(path).lines
    assert lines["amount"].tolist() == [1000.0, -100.0]
    assert lines["client"].tolist() == ["C1", "C1"]


def _entry_lines(rows):
    head = "\t".join(FEC_COLUMNS)
    body = ["\t".join([j, j, n, d, acc, lab, aux, auxlib, "P", d, "x", deb, cre, "", "", d,
                       "", ""]) for j, n, d, acc, lab, aux, auxlib, deb, cre in rows]
    return "\n".join([head, *body]) + "\n"


def test_one_411_account_per_client_and_entries_with_several_customers(tmp_path):
    path = tmp_path / "fec.txt"
    path.write_text(_entry_lines([
        # a package without auxiliary accounts: the 411 account names the client
        ("VT", "1", "20250105", "411DUPONT", "Dupont SARL", "", "", "120,00", "0,00"),
        ("VT", "1", "20250105", "706000", "Services", "", "", "0,00", "100,00"),
        ("VT", "1", "20250105", "445710", "TVA", "", "", "0,00", "20,00"),
        # two customers on one entry: whose revenue it is cannot be told
        ("VT", "2", "20250106", "411000", "Clients", "C1", "Un", "60,00", "0,00"),
        ("VT", "2", "20250106", "411000", "Clients", "C2", "Deux", "60,00", "0,00"),
        ("VT", "2", "20250106", "706000", "Services", "", "", "0,00", "100,00"),
        ("VT", "2", "20250106", "445710", "TVA", "", "", "0,00", "20,00"),
        # the same number in another journal is another entry
        ("OD", "1", "20250107", "706000", "Services", "", "", "0,00", "5,00"),
        ("OD", "1", "20250107", "471000", "Attente", "", "", "5,00", "0,00"),
    ]), encoding="utf-8")
    table = read_ledger(path)
    assert table.lines[["client", "client_name", "amount"]].values.tolist() == [
        ["411DUPONT", "Dupont SARL", 100.0]]
    assert table.set_aside[["line", "value", "problem"]].values.tolist() == [
        [7, "VT 2", "fec_customers"], [9, "OD 1", "fec_no_customer"]]


def test_the_fecs_of_two_years_joined_in_one_file(tmp_path):
    ledger = sales_ledger()
    years = ledger["date"].dt.year
    first = write_fec(ledger[years == 2024], tmp_path / "FEC2024.txt")
    second = write_fec(ledger[years >= 2025], tmp_path / "FEC2025.txt")
    joined = tmp_path / "FEC2024-2025.txt"
    joined.write_bytes(first.read_bytes() + second.read_bytes())  # as `cat` joins them
    lines = read_ledger(joined).lines
    assert len(lines) == len(ledger)
    want = ledger.groupby(["client", years])["amount"].sum()
    got = lines.groupby(["client", lines["date"].dt.year])["amount"].sum()
    np.testing.assert_allclose(got[want.index].to_numpy(), want.to_numpy(), atol=1e-6)

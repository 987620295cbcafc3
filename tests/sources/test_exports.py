"""One small export per accounting or ERP family, written the way that software writes it
(its default headers with the columns around them, its separator, number and date
forms), read with no option; the per-client revenue, dates, products and salespeople
are checked against a pandas computation of the lines the export was made from."""

import numpy as np
import pandas as pd
import pytest

from xlsales.app.report import read_inputs
from xlsales.common.errors import XlsalesError
from xlsales.sources.exports import CREDIT_NAMES, DEBIT_NAMES, DOC_TYPE, FAMILIES
from xlsales.sources.files import header_key
from xlsales.sources.ledger import LEDGER_FIELDS, PROSPECT_FIELDS, read_ledger, read_prospects

PRODUCTS = ("Conseil", "Matériel", "Formation")


def source_lines(seed=5):
    """Twelve clients' invoice lines over 2024-2025, credit notes among them."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(60):
        client = f"CL{int(rng.integers(1, 13)):03d}"
        day = pd.Timestamp(2024 + i % 2, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        amount = round(float(rng.uniform(20, 3000)), 2) * (-1 if i % 9 == 4 else 1)
        rows.append((client, f"Société {client[-2:]}", day, PRODUCTS[i % 3], amount,
                     ("Alice", "Bob")[int(client[-1]) % 2]))
    rows.append(("CL001", "Société 01", pd.Timestamp(2025, 1, 20), "Conseil", 100.0, "Bob"))
    return pd.DataFrame(rows, columns=["client", "name", "date", "product", "amount",
                                       "salesperson"])


def _number(value, decimal):
    text = f"{value:.2f}"
    return text.replace(".", ",") if decimal == "," else text


def _day(value, form):
    return value.strftime(form)


# family key -> (header, one row from a source line as a dict of header -> text)
def _rows(key, line, d, form):
    amount = _number(line.amount, d)
    gross = _number(line.amount * 1.2, d)
    day = _day(line.date, form)
    if key == "odoo_invoices":
        return {"Number": "INV/2025/0001", "Partner": line.client, "Invoice Date": day,
                "Due Date": day, "Salesperson": line.salesperson, "Product": line.product,
                "Quantity": "1.00", "Untaxed Total": amount, "Total": gross,
                "Status": "Posted"}
    if key == "odoo_journal":
        return {"Date": day, "Journal": "Customer Invoices", "Account": "706000 Services",
                "Partner": line.client, "Label": "INV/2025/0001", "Product": line.product,
                "Debit": _number(max(-line.amount, 0), d),
                "Credit": _number(max(line.amount, 0), d),
                "Balance": _number(-line.amount, d)}
    if key == "xero":
        return {"ContactName": line.client, "EmailAddress": "", "InvoiceNumber": "INV-0001",
                "InvoiceDate": day, "DueDate": day, "Total": gross,
                "InventoryItemCode": line.product, "Description": "Line", "Quantity": "1",
                "UnitAmount": amount, "LineAmount": amount, "AccountCode": "200",
                "TaxType": "20% (VAT on Income)", "TaxAmount": _number(line.amount * .2, d),
                "Currency": "GBP"}
    if key == "quickbooks":
        return {"Date": day, "Transaction Type": "Invoice", "Num": "1001",
                "Customer": line.client, "Product/Service": line.product,
                "Memo/Description": "", "Qty": "1", "Sales Price": amount, "Amount": amount,
                "Balance": amount, "Sales Rep": line.salesperson}
    if key == "sage50":
        return {"Type": "SI", "A/C": line.client, "Name": line.name, "Date": day,
                "Ref": "1", "Details": line.product, "Net": amount,
                "Tax": _number(line.amount * .2, d), "Gross": gross}
    if key == "sage100":
        return {"DO_Piece": "FA00001", "DO_Date": day, "CT_Num": line.client,
                "CT_Intitule": line.name, "AR_Ref": line.product, "DL_Design": "Ligne",
                "DL_Qte": "1,00", "DL_MontantHT": amount, "DL_MontantTTC": gross}
    if key == "ebp":
        return {"N° pièce": "FA1", "Date": day, "Code client": line.client,
                "Nom du client": line.name, "Famille d'articles": line.product,
                "Total HT": amount, "Total TTC": gross, "Commercial": line.salesperson}
    if key == "cegid":
        return {"Nature": "FAC", "Souche": "FA", "Numéro": "1", "Date pièce": day,
                "Code tiers": line.client, "Raison sociale": line.name,
                "Famille article": line.product, "Montant HT": amount, "Montant TTC": gross,
                "Représentant": line.salesperson}
    if key == "axonaut":
        return {"Numéro": "F-1", "Date": day, "Client": line.client, "Produit": line.product,
                "Total HT": amount, "Total TTC": gross, "Commercial": line.salesperson}
    if key == "sellsy":
        return {"Numéro": "F-1", "Date": day, "Tiers": line.client, "Référence": line.product,
                "Montant HT": amount, "Montant TTC": gross, "Collaborateur": line.salesperson}
    raise KeyError(key)


INVOICE_FAMILIES = [f for f in FAMILIES if f.kind in ("invoices", "journal")]


@pytest.mark.parametrize("family", INVOICE_FAMILIES, ids=lambda f: f.key)
def test_each_family_is_read_with_no_option(tmp_path, family):
    lines = source_lines()
    rows = [_rows(family.key, line, family.decimal, family.date_format)
            for line in lines.itertuples(index=False)]
    header = list(rows[0])
    sep = family.separator
    text = "\n".join([sep.join(header), *(sep.join(f'"{r[h]}"' if sep in r[h] else r[h]
                                                   for h in header) for r in rows)]) + "\n"
    path = tmp_path / f"{family.key}.csv"
    path.write_bytes(text.encode("utf-8-sig" if sep == "," else "cp1252"))
    table = read_ledger(path)
    got = table.lines
    assert len(got) == len(lines)
    np.testing.assert_allclose(got["amount"].to_numpy(), lines["amount"].to_numpy(),
                               atol=1e-9)
    assert got["date"].tolist() == lines["date"].tolist()
    want = lines.groupby([lines["client"], lines["date"].dt.year])["amount"].sum()
    read = got.groupby([got["client"], got["date"].dt.year])["amount"].sum()
    np.testing.assert_allclose(read[want.index].to_numpy(), want.to_numpy(), atol=1e-6)
    if "product" in family.columns:
        assert got["product"].tolist() == lines["product"].tolist()
    if "salesperson" in family.columns:
        assert got["salesperson"].tolist() == lines["salesperson"].tolist()
    if "client_name" in family.columns:
        assert got["client_name"].tolist() == lines["name"].tolist()


def test_every_family_label_is_an_alias_of_its_field():
    fields = {f.key: {header_key(a) for a in f.aliases}
              for f in (*LEDGER_FIELDS, *PROSPECT_FIELDS, DOC_TYPE)}
    money = {header_key(a) for a in (*DEBIT_NAMES, *CREDIT_NAMES)}
    for family in FAMILIES:
        if family.kind in ("fec", "deals"):  # the FEC's own reader; DEAL_FIELDS derive
            continue
        for key, labels in family.columns.items():
            known = money if family.kind == "journal" and key == "amount" else fields[key]
            for label in labels:
                assert header_key(label) in known, (family.key, key, label)


def test_nothing_matches_names_the_families_and_the_options(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Réf;Quand;Combien\nA;31/12/2025;10\n", encoding="utf-8")
    with pytest.raises(XlsalesError) as err:
        read_inputs(path)
    message = err.value.message("fr")
    assert message.startswith("export.csv : pas de colonne")
    for name in ("FEC", "Odoo", "Xero", "QuickBooks", "Sage 50", "Sage 100", "EBP", "Cegid",
                 "Axonaut", "Sellsy", "--client", "--date", "--amount"):
        assert name in message, name
    assert "Salesforce" not in message  # a deals export is no ledger


def test_leads_exports_keep_status_lifecycle_source_and_last_activity(tmp_path):
    path = tmp_path / "hubspot-crm-exports-all-contacts.csv"
    path.write_text(
        "Record ID,First Name,Last Name,Email,Company Name,Lead Status,Lifecycle Stage,"
        "Original Source,Last Activity Date\n"
        "1,Ana,Lopez,ana@x.com,Acme,In Progress,Marketing Qualified Lead,Organic Search,"
        "2025-11-03 10:15\n"
        "2,Tom,Weiss,tom@y.com,Beta,New,Lead,Paid Social,\n", encoding="utf-8")
    lines = read_prospects(path).lines
    assert lines["name"].tolist() == ["Lopez", "Weiss"]
    assert lines["company"].tolist() == ["Acme", "Beta"]
    assert lines["lead_status"].tolist() == ["In Progress", "New"]
    assert lines["lifecycle_stage"].tolist() == ["Marketing Qualified Lead", "Lead"]
    assert lines["source"].tolist() == ["Organic Search", "Paid Social"]
    assert lines["last_contact"].iloc[0] == pd.Timestamp(2025, 11, 3, 10, 15)
    assert pd.isna(lines["last_contact"].iloc[1])


def _sage50_activity(lines, type_of):
    """Sage 50 Accounts' customer activity as it writes it: one row per transaction, its
    Type (SI invoice, SC credit note), Net always positive, dd/mm/yyyy."""
    rows = ["No,Type,A/C,Name,Date,Ref,Details,Net,Tax,Gross"]
    for n, line in enumerate(lines.itertuples(index=False), 1):
        net = abs(line.amount)
        rows.append(",".join([str(n), type_of(line.amount), line.client, line.name,
                              line.date.strftime("%d/%m/%Y"), str(1000 + n), line.product,
                              f"{net:.2f}", f"{net * .2:.2f}", f"{net * 1.2:.2f}"]))
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("words", [("SI", "SC"), ("Facture", "Avoir"), ("Invoice", "Credit note"),
                                   ("FA", "AV")])
def test_sage50_positive_credit_notes_are_read_negative(tmp_path, words):
    lines = source_lines()
    assert (lines["amount"] < 0).sum() >= 5  # credit notes among the lines
    invoice, credit = words
    path = tmp_path / "sage50.csv"
    path.write_text(_sage50_activity(lines, lambda a: credit if a < 0 else invoice),
                    encoding="utf-8")
    table = read_ledger(path)
    got = table.lines
    assert "doc_type" not in got.columns
    np.testing.assert_allclose(got["amount"].to_numpy(), lines["amount"].to_numpy(),
                               atol=1e-9)
    want = lines.groupby([lines["client"], lines["date"].dt.year])["amount"].sum()
    read = got.groupby([got["client"], got["date"].dt.year])["amount"].sum()
    np.testing.assert_allclose(read[want.index].to_numpy(), want.to_numpy(), atol=1e-6)
    said = [w.message("fr") for w in table.warnings]
    count = int((lines["amount"] < 0).sum())
    assert any(f"{count} avoirs" in m and credit in m for m in said), said


def test_a_credit_note_already_negative_stays_negative(tmp_path):
    path = tmp_path / "sage50.csv"
    path.write_text("Type,A/C,Date,Net\nSI,C1,02/01/2025,100.00\nSC,C1,03/01/2025,-30.00\n"
                    "SC,C2,04/01/2025,20.00\n", encoding="utf-8")
    got = read_ledger(path).lines
    assert got["amount"].tolist() == [100.0, -30.0, -20.0]

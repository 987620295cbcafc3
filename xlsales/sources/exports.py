"""The exports xlsales knows by their software's default labels, and the ledger's reader
that picks the right way to read one.

A sales manager rarely chooses the export's columns: Odoo writes "Partner" and "Untaxed
Total", Xero "ContactName" and "LineAmount", Sage 100 its field names "CT_Num" and
"DL_MontantHT", the FEC its eighteen legal columns. ``FAMILIES`` holds, per software, the
labels its default export gives each column xlsales reads, in English and French, how it
writes separators, numbers and dates, and whether those labels were checked against the
software's documentation or are our best knowledge of it (``documented``). The ledger's
and the deals' name tables (``ledger.LEDGER_FIELDS``, ``deals.DEAL_FIELDS``) carry these
labels as aliases; ``tests/sources/test_exports.py`` checks that each family's export is
read by them.

``read_export`` is what ``ledger.read_ledger`` calls:
- a FEC (recognised by its columns) goes to ``fec.read_fec``;
- an export with a debit and a credit column and no amount (Odoo's journal items, an
  accounting package's sales journal) is read with amount = credit − debit;
- when the columns match no export, ``unknown_export`` gives the message the command line
  shows: the families xlsales knows and the options that name the columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import Listed, XlsalesError
from xlsales.common.lang import say
from xlsales.sources.files import Progress, TableFile, header_key
from xlsales.sources.ledger import Field, FileLines, Notice

__all__ = [
    "CREDIT_NAMES",
    "CREDIT_NOTE_WORDS",
    "DEBIT_NAMES",
    "DOC_TYPE",
    "FAMILIES",
    "OPTIONS",
    "ExportFamily",
    "ExportNotice",
    "ExportTable",
    "credit_notes_negative",
    "family_names",
    "read_export",
    "set_aside_frame",
    "unknown_export",
]

LABELS = {
    "credit_notes": {
        "en": "{count} credit notes written as positive amounts (column {column}: {words}) "
              "read as negative",
        "fr": "{count} avoirs écrits en montants positifs (colonne {column} : {words}) lus "
              "en négatif",
    },
    "debit_credit": {
        "en": "amount = credit − debit (columns {credit} and {debit})",
        "fr": "montant = crédit − débit (colonnes {credit} et {debit})",
    },
}


@dataclass(frozen=True)
class ExportFamily:
    """One software's default export: the labels of the columns xlsales reads."""

    key: str
    software: str
    kind: str  # "fec", "invoices", "journal" (debit and credit), "deals" or "leads"
    columns: Mapping[str, tuple[str, ...]]  # field key -> default labels (EN, then FR)
    separator: str = ","
    decimal: str = "."
    date_format: str = "%Y-%m-%d"
    documented: bool = False  # labels checked against the software's documentation
    note: str = ""


FAMILIES: tuple[ExportFamily, ...] = (
    ExportFamily("fec", "FEC (Sage, Cegid, EBP, Quadra, ACD… — article A47 A-1 LPF)", "fec", {
        "client": ("CompAuxNum",), "client_name": ("CompAuxLib",), "date": ("EcritureDate",),
        "amount": ("Credit", "Debit"), "product": ("CompteLib",)},
        separator="\t", decimal=",", date_format="%Y%m%d", documented=True,
        note="tab or |, decimal comma, AAAAMMJJ, UTF-8 or ISO-8859-15"),
    ExportFamily("odoo_invoices", "Odoo (invoice analysis, invoices)", "invoices", {
        "client": ("Partner", "Customer", "Partenaire", "Client"),
        "date": ("Invoice Date", "Date de facturation"),
        "amount": ("Untaxed Total", "Tax Excluded", "Untaxed Amount", "Total HT",
                   "Montant HT"),
        "product": ("Product", "Produit"), "salesperson": ("Salesperson", "Vendeur")},
        documented=True, note="Invoice Date, Salesperson, Tax Excluded from Odoo's invoice "
                              "list; Untaxed Total from the invoice analysis"),
    ExportFamily("odoo_journal", "Odoo (journal items)", "journal", {
        "client": ("Partner", "Partenaire"), "date": ("Date",),
        "amount": ("Credit", "Debit", "Crédit", "Débit"), "product": ("Product", "Produit")},
        note="filter the journal items on the income accounts before exporting"),
    ExportFamily("xero", "Xero (sales invoices)", "invoices", {
        "client": ("ContactName",), "date": ("InvoiceDate",), "amount": ("LineAmount",),
        "product": ("InventoryItemCode",)},
        date_format="%d/%m/%Y", documented=True),
    ExportFamily("quickbooks", "QuickBooks Online (sales by customer detail, invoices)",
                 "invoices", {
        "client": ("Customer",), "date": ("Date", "InvoiceDate"),
        "amount": ("Amount", "Item Amount", "ItemAmount"),
        "product": ("Product/Service", "Item(Product/Service)"),
        "salesperson": ("Sales Rep",)}, date_format="%m/%d/%Y"),
    ExportFamily("sage50", "Sage 50 Accounts (customer activity, day books)", "invoices", {
        "client": ("A/C",), "client_name": ("Name",), "date": ("Date",),
        "amount": ("Net",), "doc_type": ("Type",)}, date_format="%d/%m/%Y",
        note="credit notes (Type SC) are positive lines, read as negative"),
    ExportFamily("sage100", "Sage 100 Gestion commerciale (document lines)", "invoices", {
        "client": ("CT_Num", "DO_Tiers"), "client_name": ("CT_Intitule",),
        "date": ("DO_Date",), "amount": ("DL_MontantHT",), "product": ("AR_Ref",)},
        separator=";", decimal=",", date_format="%d/%m/%Y", documented=True,
        note="the fields of Sage 100's tables F_DOCLIGNE and F_COMPTET"),
    ExportFamily("ebp", "EBP Gestion commerciale", "invoices", {
        "client": ("Code client", "Tiers"), "client_name": ("Nom du client",),
        "date": ("Date", "Date du document"), "amount": ("Total HT", "Montant HT"),
        "product": ("Famille d'articles", "Article"), "salesperson": ("Commercial",)},
        separator=";", decimal=",", date_format="%d/%m/%Y"),
    ExportFamily("cegid", "Cegid (ventes)", "invoices", {
        "client": ("Code tiers", "Tiers"), "client_name": ("Raison sociale",),
        "date": ("Date pièce",), "amount": ("Montant HT", "Total HT"),
        "product": ("Famille article", "Article"), "salesperson": ("Représentant",)},
        separator=";", decimal=",", date_format="%d/%m/%Y"),
    ExportFamily("axonaut", "Axonaut (factures)", "invoices", {
        "client": ("Client", "Entreprise"), "date": ("Date", "Date de facturation"),
        "amount": ("Total HT", "Montant HT"), "product": ("Produit",),
        "salesperson": ("Commercial",)}, separator=";", decimal=",", date_format="%d/%m/%Y"),
    ExportFamily("sellsy", "Sellsy (factures)", "invoices", {
        "client": ("Tiers", "Client"), "date": ("Date",), "amount": ("Montant HT", "Total HT"),
        "product": ("Produit", "Référence"), "salesperson": ("Collaborateur", "Commercial")},
        separator=";", decimal=",", date_format="%d/%m/%Y"),
    ExportFamily("salesforce", "Salesforce (opportunities)", "deals", {
        "name": ("Opportunity Name", "Nom de l'opportunité"), "stage": ("Stage", "Étape"),
        "amount": ("Amount", "Montant"), "probability": ("Probability (%)",
                                                         "Probabilité (%)"),
        "closed": ("Close Date", "Date de clôture"), "created": ("Created Date",
                                                                 "Date de création"),
        "owner": ("Opportunity Owner", "Propriétaire de l'opportunité"),
        "source": ("Lead Source", "Origine de la piste"),
        "account": ("Account Name", "Nom du compte")},
        date_format="%m/%d/%Y", documented=True),
    ExportFamily("hubspot", "HubSpot (deals)", "deals", {
        "name": ("Deal Name", "Nom de la transaction"),
        "stage": ("Deal Stage", "Phase de la transaction"), "amount": ("Amount", "Montant"),
        "probability": ("Deal probability", "Probabilité de la transaction"),
        "closed": ("Close Date", "Date de fermeture"),
        "created": ("Create Date", "Date de création"),
        "owner": ("Deal owner", "Propriétaire de la transaction"),
        "source": ("Original Source Type", "Original Source", "Source d'origine"),
        "pipeline": ("Pipeline",)}, documented=True,
        note="Close Date, Deal Stage and Deal owner from HubSpot's default deal properties"),
    ExportFamily("pipedrive", "Pipedrive (deals)", "deals", {
        "name": ("Deal - Title",), "stage": ("Deal - Stage",), "status": ("Deal - Status",),
        "amount": ("Deal - Value",), "probability": ("Deal - Probability",),
        "closed": ("Deal - Won time", "Deal - Lost time", "Deal - Close date"),
        "created": ("Deal - Deal created",), "owner": ("Deal - Owner",),
        "source": ("Deal - Source",), "account": ("Deal - Organization",)},
        note="Pipedrive prefixes each column with its object ('Deal - ')"),
    ExportFamily("odoo_crm", "Odoo CRM (pipeline)", "deals", {
        "name": ("Opportunity", "Opportunité"), "stage": ("Stage", "Étape"),
        "amount": ("Expected Revenue", "Revenu espéré"),
        "probability": ("Probability", "Probabilité"),
        "closed": ("Closed Date", "Date de fermeture"), "created": ("Created on", "Créé le"),
        "owner": ("Salesperson", "Vendeur"), "source": ("Source",),
        "account": ("Customer", "Client")}),
    ExportFamily("sellsy_deals", "Sellsy (opportunités)", "deals", {
        "name": ("Nom",), "stage": ("Étape",), "status": ("Statut",), "amount": ("Montant",),
        "probability": ("Probabilité",), "closed": ("Date d'échéance",),
        "created": ("Date de création",), "owner": ("Collaborateur",),
        "source": ("Source",), "account": ("Tiers",)},
        separator=";", decimal=",", date_format="%d/%m/%Y"),
    ExportFamily("axonaut_deals", "Axonaut (opportunités)", "deals", {
        "name": ("Nom",), "stage": ("Étape",), "amount": ("Montant",),
        "probability": ("Probabilité",), "closed": ("Date de clôture",),
        "created": ("Date de création",), "owner": ("Commercial",), "source": ("Source",),
        "account": ("Entreprise",)}, separator=";", decimal=",", date_format="%d/%m/%Y"),
    ExportFamily("hubspot_contacts", "HubSpot (contacts)", "leads", {
        "name": ("Last Name",), "first_name": ("First Name",), "email": ("Email",),
        "company": ("Company Name",), "lead_status": ("Lead Status",),
        "lifecycle_stage": ("Lifecycle Stage",), "source": ("Original Source",),
        "last_contact": ("Last Activity Date",)}, documented=True),
    ExportFamily("salesforce_leads", "Salesforce (leads)", "leads", {
        "name": ("Last Name",), "first_name": ("First Name",), "job_title": ("Title",),
        "company": ("Company",), "email": ("Email",), "lead_status": ("Lead Status",),
        "source": ("Lead Source",), "last_contact": ("Last Activity",)},
        date_format="%m/%d/%Y"),
)

# The ledger options that name a column, for the message when nothing matches
OPTIONS = "--client, --date, --amount"


def unknown_export(err: XlsalesError) -> XlsalesError:
    """A ledger whose columns match no export: the same message, with the families xlsales
    knows and the options that name the columns (said by the command line, which has
    those options)."""
    if err.params.get("sheets"):  # a workbook of several sheets: the data may be elsewhere
        return XlsalesError(err.arg, "unknown_export_sheet", value=err.value,
                            found=err.params.get("found", ""), sheets=err.params["sheets"],
                            families=family_names(), options=OPTIONS)
    return XlsalesError(err.arg, "unknown_export", value=err.value,
                        found=err.params.get("found", ""), families=family_names(),
                        options=OPTIONS)


def family_names(kinds: tuple[str, ...] = ("fec", "invoices", "journal")) -> str:
    """The software xlsales knows for these kinds of export, for a message."""
    # the software's name only ("Odoo", not which of its reports): a message is one line
    names = (f.software.split(" (")[0] for f in FAMILIES if f.kind in kinds)
    return Listed(", ".join(dict.fromkeys(names)))


@dataclass(frozen=True, eq=False, init=False)
class ExportNotice(Notice):
    """A notice whose words are in another module's ``LABELS`` (the FEC's, the deals')."""

    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, labels: Mapping[str, Mapping[str, str]], key: str,
                 **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "count", int(params.get("count", 0)))
        object.__setattr__(self, "line", params.get("line"))
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "params", params)

    def message(self, lang: str = "en") -> str:
        shown = {k: (_figure(v, lang) if isinstance(v, float) else v)
                 for k, v in self.params.items()}
        return say(self.labels, self.key, lang).format(**shown)


def _figure(value: float, lang: str) -> str:
    text = f"{value:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "fr" else text


@dataclass(frozen=True, eq=False)
class ExportTable(FileLines):
    """A ``FileLines`` that also sets aside whole records (a FEC entry without a customer):
    not bad lines, since the file is right, but lines the analyses cannot use, listed
    in the Issues sheet (columns line, column, value, problem, as ``bad_rows``)."""

    set_aside: pd.DataFrame = field(default_factory=lambda: set_aside_frame([], "", [], []))


def set_aside_frame(lines: Any, column: str, values: Any, problems: Any) -> pd.DataFrame:
    """Records set aside, in the columns of ``FileLines.bad_rows``."""
    lines = np.asarray(lines, dtype=np.int64)
    return pd.DataFrame({"line": lines, "column": [column] * len(lines),
                         "value": np.asarray(values, dtype=object),
                         "problem": np.asarray(problems, dtype=object)})


def read_export(path: str | Path, fields: tuple[Field, ...], *, sheet: str | None = None,
                columns: Mapping[str, str | None] | None = None,
                accounts: Any = None, skip_bad_rows: bool = False,
                progress: Progress | None = None, header_row: int | None = None,
                encoding: str | None = None) -> FileLines:
    """A ledger export of any family: a FEC, invoice lines, or debit and credit lines."""
    from xlsales.sources import fec
    from xlsales.sources.ledger import needed_names, read_table

    named = dict(columns or {})
    opening = {"header_row": header_row, "encoding": encoding}
    if fec.looks_like_fec(path, sheet):
        return fec.read_fec(path, accounts=accounts, product=named.get("product"),
                            skip_bad_rows=skip_bad_rows, progress=progress)
    if accounts is not None:
        raise XlsalesError("accounts", "fec_only", value=Path(path).name)
    try:
        table = read_table(path, (*fields, DOC_TYPE), sheet=sheet, columns=named,
                           skip_bad_rows=skip_bad_rows, progress=progress, **opening)
        return credit_notes_negative(table)
    except XlsalesError as err:
        if err.problem != "missing_column" or not err.arg.startswith(Path(path).name):
            raise
        header = TableFile(path, sheet, needed=needed_names(fields, named), **opening).header
        split = _debit_credit(header) if named.get("amount") is None else None
        if split is None or any(f.required and f.key != "amount" and not _found(f, header)
                                for f in fields):
            raise
    return _read_debit_credit(path, fields, split, sheet=sheet, columns=named,
                              skip_bad_rows=skip_bad_rows, progress=progress, **opening)


# A document-type column (Sage 50's "Type": SI invoice, SC credit; "Type de pièce":
# Facture, Avoir): some exports write a credit note as a positive amount and say what it
# is only there.
DOC_TYPE = Field("doc_type", "text", (
    "type de pièce", "type de piece", "type de document", "type document", "document type",
    "doc type", "transaction type", "type"))
CREDIT_NOTE_WORDS = ("avoir", "avoirs", "av", "credit note", "credit notes", "sales credit",
                     "sales credit note", "credit memo", "sc", "facture d'avoir")
_CREDIT_NOTE_KEYS = {header_key(w) for w in CREDIT_NOTE_WORDS}


def credit_notes_negative(table: FileLines) -> FileLines:
    """Lines whose document type says credit note ("Avoir", "Credit note", "AV", Sage 50's
    "SC") and whose amount is positive, negated (and their margin): a credit note reduces
    revenue, whichever sign the export gave it. A negative one is left as it is."""
    lines = table.lines
    if "doc_type" not in lines.columns:
        return table
    kinds = lines["doc_type"].map(lambda v: header_key(v) if isinstance(v, str) else "")
    credit = kinds.isin(_CREDIT_NOTE_KEYS).to_numpy()
    lines = lines.drop(columns=["doc_type"])
    flip = credit & (lines["amount"].to_numpy(dtype=float) > 0)
    columns = {k: v for k, v in table.columns.items() if k != "doc_type"}
    if not flip.any():
        return replace(table, lines=lines, columns=columns)
    lines = lines.copy()
    lines.loc[flip, "amount"] = -lines.loc[flip, "amount"]
    if "margin" in lines.columns:
        margin = lines["margin"].to_numpy(dtype=float)
        lines.loc[flip & (margin > 0), "margin"] = -lines.loc[flip & (margin > 0), "margin"]
    words = ", ".join(dict.fromkeys(str(v) for v in table.lines["doc_type"][flip]))
    notice = ExportNotice(LABELS, "credit_notes", count=int(flip.sum()),
                          column=table.columns["doc_type"], words=words)
    return replace(table, lines=lines, columns=columns, warnings=(*table.warnings, notice))


DEBIT_NAMES = ("debit", "débit", "montant débit", "debit amount", "mouvement débit")
CREDIT_NAMES = ("credit", "crédit", "montant crédit", "credit amount", "mouvement crédit")


def _debit_credit(header: list[str]) -> tuple[str, str] | None:
    keys = {header_key(name): name for name in reversed(header)}
    debit = next((keys[header_key(a)] for a in DEBIT_NAMES if header_key(a) in keys), None)
    credit = next((keys[header_key(a)] for a in CREDIT_NAMES if header_key(a) in keys), None)
    return None if debit is None or credit is None else (debit, credit)


def _found(f: Field, header: list[str]) -> bool:
    keys = {header_key(name) for name in header}
    return any(header_key(a) in keys for a in f.aliases)


def _read_debit_credit(path: str | Path, fields: tuple[Field, ...], split: tuple[str, str],
                       *, sheet: str | None, columns: Mapping[str, str | None],
                       skip_bad_rows: bool, progress: Progress | None,
                       **opening: Any) -> FileLines:
    """Lines that give a debit and a credit instead of an amount: amount = credit − debit
    (a sale is a credit on the revenue account, a credit note a debit)."""
    from xlsales.sources.ledger import read_table

    debit, credit = split
    swapped = (*(f for f in fields if f.key != "amount"),
               Field("debit", "number", (debit,)), Field("credit", "number", (credit,)))
    named = {k: v for k, v in columns.items() if k != "amount"}
    table = read_table(path, swapped, sheet=sheet, columns=named,
                       skip_bad_rows=skip_bad_rows, progress=progress, **opening)
    lines = table.lines
    both_blank = lines["debit"].isna() & lines["credit"].isna()
    amount = lines["credit"].fillna(0.0) - lines["debit"].fillna(0.0)
    amount[both_blank] = np.nan
    kept = lines.drop(columns=["debit", "credit"]).assign(amount=amount)
    kept = kept[~both_blank]
    chosen = {k: v for k, v in table.columns.items() if k not in ("debit", "credit")}
    chosen["amount"] = f"{credit} − {debit}"
    notice = ExportNotice(LABELS, "debit_credit", credit=credit, debit=debit)
    return replace(table, lines=kept, columns=chosen, warnings=(*table.warnings, notice))

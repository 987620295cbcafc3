"""Reading a FEC — the Fichier des écritures comptables every French accounting package
writes — as the invoice lines of a sales ledger.

The FEC (article A47 A-1 of the Livre des procédures fiscales) is the one export every
French company can give: Sage, Cegid, EBP, Quadra, ACD, Odoo France, Pennylane… all
write it with the same 18 columns (JournalCode, JournalLib, EcritureNum, EcritureDate,
CompteNum, CompteLib, CompAuxNum, CompAuxLib, PieceRef, PieceDate, EcritureLib, Debit,
Credit, EcritureLet, DateLet, ValidDate, Montantdevise, Idevise), tab or ``|``
separated, decimal comma, dates AAAAMMJJ, UTF-8 or ISO-8859-15. It is recognised by its
columns (``is_fec``), with no option.

Rules (METHOD.md §10, "FEC"):
- An entry is an EcritureNum within its JournalCode.
- Its revenue is credit − debit on its revenue accounts: CompteNum starting with one of
  ``accounts`` (class 70 by default; ``--accounts 70,7085`` to choose). A credit note
  (debit on 70) reduces it. Bank (512), VAT (4457), purchase (60, 401) and every other
  line are never revenue.
- It goes to the client of the entry's customer line (CompteNum starting 411): the
  auxiliary account CompAuxNum as client code and CompAuxLib as its name; a package that
  keeps one 411 account per client and no auxiliary (411DUPONT) gives CompteNum and
  CompteLib instead.
- Each revenue line stays a line (date EcritureDate), so an invoice of two products
  gives two lines; its product is the revenue account's label (CompteLib) unless
  ``product`` names another column (EcritureLib, CompteNum…).
- An entry with revenue but no customer line (a cash sale, a closing or an adjustment
  entry), or with several customers, is left out of the revenue and set aside with its
  number for the Issues sheet, never guessed.
- A FEC the package wrote in ISO-8859-15 is read as such: the reader decodes a non-UTF-8
  file as Windows-1252, which differs from ISO-8859-15 on eight letters (€, Š, š, Ž, ž,
  Œ, œ, Ÿ); they are put back here.
- A FEC may give Montant and Sens (D/C) instead of Debit and Credit; both are read.
- A FEC covers one fiscal year: the FECs of N-1 and N joined into one file (``cat``, or
  pasted one under the other) are read as one, the second header line skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.sources.columns import read_dates, read_numbers, read_texts
from xlsales.sources.exports import ExportNotice, ExportTable, set_aside_frame
from xlsales.sources.files import CSV_SUFFIXES, Progress, TableFile, header_key

__all__ = ["CUSTOMER_ACCOUNTS", "FEC_COLUMNS", "LABELS", "REVENUE_ACCOUNTS", "is_fec",
           "looks_like_fec", "read_fec", "revenue_accounts"]

FEC_COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
               "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate",
               "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate",
               "Montantdevise", "Idevise")
REVENUE_ACCOUNTS = ("70",)
CUSTOMER_ACCOUNTS = ("411",)
# The columns a FEC must have for xlsales to read its sales (the others are kept aside)
_NEEDED = ("JournalCode", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
           "CompAuxNum", "CompAuxLib")
_PEEK = 1 << 16  # bytes read to recognise a FEC by its first line
# Windows-1252 letters that stand, in a FEC written in ISO-8859-15, for these
_ISO_8859_15 = str.maketrans("¤¦¨´¸¼½¾", "€ŠšŽžŒœŸ")

LABELS = {
    "read_as_fec": {
        "en": "read as a FEC: {entries} entries with revenue on accounts {accounts}",
        "fr": "lu comme un FEC : {entries} écritures avec du CA sur les comptes {accounts}",
    },
    "no_customer": {
        "en": "entries with revenue but no customer line (411) left out: {count}, "
              "{amount} of revenue (listed in the Issues sheet)",
        "fr": "écritures avec du CA mais sans ligne client (411) écartées : {count}, "
              "soit {amount} de CA (listées dans la feuille Anomalies)",
    },
}


def is_fec(header: Sequence[Any]) -> bool:
    """True when a file's column names are a FEC's (accents, case and spacing aside)."""
    keys = {header_key(name) for name in header}
    amounts = {"debit", "credit"} <= keys or {"montant", "sens"} <= keys
    return amounts and all(header_key(name) in keys for name in _NEEDED)


def looks_like_fec(path: str | Path, sheet: str | None = None) -> bool:
    """Whether a file is a FEC, from its first line only (a FEC is a flat text file; a
    workbook is never one): cheap enough to ask of every ledger."""
    path = Path(path)
    if sheet is not None or path.suffix.lower() not in CSV_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            start = handle.read(_PEEK)
    except OSError:
        return False  # the reader says why, naming the file
    first = start.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    text = first.decode("utf-8", errors="replace").strip("\r")
    return any(is_fec(text.split(sep)) for sep in ("\t", "|", ";"))


def revenue_accounts(accounts: str | Sequence[str] | None) -> tuple[str, ...]:
    """The account prefixes of ``--accounts`` ("70,7085" or a list): digits only."""
    if accounts is None:
        return REVENUE_ACCOUNTS
    items = accounts.split(",") if isinstance(accounts, str) else list(accounts)
    prefixes = tuple(str(a).strip() for a in items if str(a).strip())
    for prefix in prefixes:
        if not prefix.isdigit():
            raise XlsalesError("accounts", "not_integer", value=prefix)
    if not prefixes:
        raise XlsalesError("accounts", "blank")
    return prefixes


def read_fec(path: str | Path, *, accounts: str | Sequence[str] | None = None,
             product: str | None = None, skip_bad_rows: bool = False,
             progress: Progress | None = None) -> ExportTable:
    """The revenue lines of a FEC, in the ledger's columns (client, date, amount,
    product, client_name), indexed by the file's line numbers."""
    prefixes = revenue_accounts(accounts)
    opened = TableFile(path)
    where = {header_key(name): i for i, name in reversed(list(enumerate(opened.header)))}
    split = "debit" in where and "credit" in where
    names = [*_NEEDED, *(("Debit", "Credit") if split else ("Montant", "Sens"))]
    position = {name: where[header_key(name)] for name in names}
    if product is not None:
        if header_key(product) not in where:
            raise XlsalesError(f"{opened.name}, --product", "missing_column", value=product,
                               found=", ".join(opened.header))
        position["product"] = where[header_key(product)]
    numbers = [position[n] for n in (("Debit", "Credit") if split else ("Montant",))]
    raw = opened.read([i for i in position.values() if i not in numbers], numbers, progress)
    keep = ~raw.blank
    line_numbers = raw.lines[keep]
    if not line_numbers.size:
        raise XlsalesError(opened.name, "no_lines")
    fix = raw.source.encoding == "cp1252"
    bad: list[pd.DataFrame] = []

    def cells(name: str) -> pd.Series:
        return raw.values[position[name]][keep].reset_index(drop=True)

    def texts(name: str) -> np.ndarray:
        values, failed = read_texts(cells(name))
        _collect(bad, failed, line_numbers, opened.header[position[name]], cells(name))
        out = values.to_numpy(dtype=object, na_value=None)
        if fix:  # each distinct text once: a FEC repeats its accounts and clients
            codes, uniques = pd.factorize(out)
            fixed = np.array([v.translate(_ISO_8859_15) for v in uniques] + [None],
                             dtype=object)
            out = fixed[codes]
        return out

    def amounts(name: str) -> np.ndarray:
        values, failed, _ = read_numbers(cells(name), raw.decimal or ",")
        _collect(bad, failed, line_numbers, opened.header[position[name]], cells(name))
        return np.nan_to_num(values)  # a blank debit or credit is 0 in a FEC

    # FECs of two years joined into one file repeat the header line: skip it
    journal_name = opened.header[position["JournalCode"]]
    header_again = ((cells("JournalCode").astype("str") == journal_name)
                    & (cells("EcritureNum").astype("str")
                       == opened.header[position["EcritureNum"]])).to_numpy(dtype=bool)
    if header_again.any():
        keep[np.flatnonzero(keep)[header_again]] = False
        line_numbers = raw.lines[keep]
    account = texts("CompteNum")
    frame = pd.DataFrame({
        "journal": texts("JournalCode"), "entry": texts("EcritureNum"),
        "account": account, "account_label": texts("CompteLib"),
        "aux": texts("CompAuxNum"), "aux_label": texts("CompAuxLib"),
        "date": _fec_dates(cells("EcritureDate"), bad, line_numbers,
                           opened.header[position["EcritureDate"]]),
        "line": line_numbers,
    })
    if split:
        frame["net"] = amounts("Credit") - amounts("Debit")
    else:
        sens = pd.Series(texts("Sens"), dtype=object).astype(str).str.strip().str.upper()
        signed = np.where(sens.isin(["C", "-1"]), 1.0, np.where(sens.isin(["D", "1", "+1"]),
                                                                -1.0, np.nan))
        _collect(bad, np.where(np.isnan(signed), "choice", None), line_numbers,
                 opened.header[position["Sens"]], cells("Sens"))
        frame["net"] = amounts("Montant") * np.nan_to_num(signed)
    frame["product"] = texts("product") if product is not None else frame["account_label"]
    bad_rows = (pd.concat(bad).sort_values("line", kind="stable").reset_index(drop=True)
                if bad else pd.DataFrame({"line": [], "column": [], "value": [],
                                          "problem": []}))
    if len(bad_rows):
        bad_lines = bad_rows["line"].unique()
        first = next(bad_rows.itertuples(index=False))
        if not skip_bad_rows or len(bad_lines) == len(frame):
            raise XlsalesError(f"{opened.name}, {first.column}", "bad_lines",
                               row=int(first.line),
                               value=first.value, line_problem=first.problem,
                               count=len(bad_lines))
        frame = frame[~frame["line"].isin(bad_lines)]
    lines, aside, entries = _revenue_lines(frame, prefixes)
    notices: list[Any] = [ExportNotice(LABELS, "read_as_fec", entries=entries,
                                       accounts=", ".join(prefixes))]
    if len(aside):
        notices.append(ExportNotice(LABELS, "no_customer", count=len(aside),
                                    amount=float(aside["amount"].sum())))
    columns = {"client": "CompAuxNum", "date": "EcritureDate", "amount": "Credit − Debit",
               "product": opened.header[position.get("product", position["CompteLib"])],
               "client_name": "CompAuxLib"}
    return ExportTable(lines, columns, tuple(notices), bad_rows,
                       replace(raw.source, decimal=raw.decimal or ","),
                       set_aside=set_aside_frame(aside["line"], "EcritureNum",
                                                 aside["entry"], aside["problem"]))


def _revenue_lines(frame: pd.DataFrame, prefixes: tuple[str, ...]
                   ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The ledger lines of the entries with revenue, the entries set aside, and how many
    entries gave revenue."""
    account = frame["account"].fillna("").astype(str)
    revenue = account.str.startswith(prefixes)
    customer = account.str.startswith(CUSTOMER_ACCOUNTS)
    key = frame["journal"].fillna("").astype(str) + "\x00" + frame["entry"].fillna("")
    frame = frame.assign(key=key)
    buyers = frame.loc[customer & ~revenue].copy()
    aux = buyers["aux"]
    has_aux = aux.notna() & (aux.astype(str) != "")
    buyers["client"] = np.where(has_aux, aux, buyers["account"])
    buyers["client_name"] = np.where(has_aux, buyers["aux_label"], buyers["account_label"])
    distinct = buyers.drop_duplicates(["key", "client"])
    several = distinct["key"][distinct["key"].duplicated()].unique()
    one = distinct[~distinct["key"].isin(several)].set_index("key")
    sold = frame.loc[revenue]
    totals = sold.groupby("key", sort=False).agg(amount=("net", "sum"), line=("line", "min"),
                                                 entry=("entry", "first"),
                                                 journal=("journal", "first"))
    totals = totals[totals["amount"].abs() > 1e-9]
    orphan = totals[~totals.index.isin(one.index)]
    aside = orphan.assign(entry=orphan["journal"].fillna("") + " " + orphan["entry"].fillna(""),
                          problem=np.where(orphan.index.isin(several), "fec_customers",
                                           "fec_no_customer"))
    kept = sold[sold["key"].isin(one.index) & sold["key"].isin(totals.index)]
    lines = pd.DataFrame({
        "client": pd.array(one["client"].reindex(kept["key"]).to_numpy(), dtype="str"),
        "date": kept["date"].to_numpy(),
        "amount": kept["net"].to_numpy(dtype=np.float64),
        "product": pd.array(kept["product"].to_numpy(), dtype="str"),
        "client_name": pd.array(one["client_name"].reindex(kept["key"]).to_numpy(),
                                dtype="str"),
    }, index=pd.Index(kept["line"].to_numpy(), name="line"))
    return lines, aside.sort_values("line"), int(totals.shape[0])


def _fec_dates(cells: pd.Series, bad: list[pd.DataFrame], lines: np.ndarray,
               column: str) -> np.ndarray:
    """AAAAMMJJ as the law writes it; any other form by the foundation's date rules."""
    text = cells.astype("str").str.strip()
    compact = text.str.fullmatch(r"\d{8}").fillna(False).to_numpy(dtype=bool)
    days = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[us]")
    failed = np.full(len(cells), None, dtype=object)
    if compact.any():
        parsed = pd.to_datetime(text[compact], format="%Y%m%d", errors="coerce")
        days[compact] = parsed.to_numpy(dtype="datetime64[us]")
        failed[np.flatnonzero(compact)[pd.isna(parsed).to_numpy()]] = "not_date"
    rest = ~compact
    if rest.any():
        values, problems = read_dates(cells[rest].reset_index(drop=True))
        days[rest] = values
        failed[rest] = problems
        failed[rest & np.isnat(days) & (failed == None)] = "blank"  # noqa: E711
    _collect(bad, failed, lines, column, cells)
    return days


def _collect(bad: list[pd.DataFrame], failed: np.ndarray, lines: np.ndarray, column: str,
             cells: pd.Series) -> None:
    wrong = np.flatnonzero(pd.Series(failed, dtype=object).notna().to_numpy())
    if wrong.size:
        bad.append(pd.DataFrame({"line": lines[wrong], "column": column,
                                 "value": cells.iloc[wrong].to_numpy(dtype=object),
                                 "problem": failed[wrong]}))


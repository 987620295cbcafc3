"""Reading a sales ledger — an ERP or CRM export of invoice lines — and the prospect and team lists.

Most sales managers start the yearly action plan from an export: thousands to a million
invoice lines, one per product sold, with the client, the date and the amount. This module
finds those columns whatever the export calls them ("Code client", "N° client",
"Customer ID"; "Montant HT", "CA", "Net amount"), reads them by the project's rules
(``columns.py``), and says what it read and what it could not, line by line, as the user
sees the file. The prospect list (``--prospects``), the team file (``--team``) and the
client scores (``--clients``) go through the same reader with their own columns.

Rules chosen here:
- Credit notes are negative lines and stay negative: the analyses net them.
- A line repeated exactly is kept (a ledger may sell the same thing twice on one day) and
  the count is reported, so a duplicated export shows.
- Lines left wholly empty are ignored and counted; a line missing its client, date or
  amount, or with one that is not readable, is a bad line: the read stops on the first
  (naming its line, column and value and how many bad lines there are) unless
  ``skip_bad_rows``, which leaves them out and lists them in ``FileLines.bad_rows``.
- Year N is the latest calendar year before the current one that the data covers to its
  end (see ``latest_full_year``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.a1 import column_letters
from xlsales.common.dates import parse_date
from xlsales.common.errors import Listed, XlsalesError, show_value
from xlsales.common.lang import say
from xlsales.common.progress import Progress
from xlsales.method import periods
from xlsales.sources.columns import read_dates, read_numbers, read_texts
from xlsales.sources.files import Source, TableFile, header_key
from xlsales.sources.totals import total_lines

__all__ = [
    "CLIENT_FIELDS",
    "LABELS",
    "LEDGER_FIELDS",
    "PROSPECT_FIELDS",
    "TEAM_FIELDS",
    "Field",
    "FileLines",
    "Notice",
    "Source",
    "latest_full_year",
    "read_clients",
    "read_ledger",
    "read_prospects",
    "read_table",
    "read_team",
]

LISTED_COLUMNS = 30  # column names a message lists at most


@dataclass(frozen=True)
class Field:
    """A column a table needs: its key in results, what it holds, the names users give it."""

    key: str
    kind: str  # "text", "number", "date" or "raw" (as the file holds it: the caller reads it)
    aliases: tuple[str, ...]  # preferred first: "Montant HT" wins over "Montant"
    required: bool = False  # the column must exist and no line may leave it blank


LEDGER_FIELDS = (
    Field("client", "text", (
        "code client", "n° client", "no client", "num client", "numéro client", "id client",
        "client id", "customer id", "customer code", "customer number", "customer no",
        "client", "customer", "compte client", "code tiers", "tiers", "partner", "partenaire",
        "contactname", "contact name", "a/c", "ct_num", "do_tiers", "entreprise", "account"),
        True),
    Field("date", "date", (
        "date facture", "date de facture", "date de facturation", "date facturation",
        "invoice date", "billing date", "date pièce", "date document", "document date",
        "posting date", "date comptable", "do_date", "date du document", "date"), True),
    Field("amount", "number", (
        "montant ht", "montant net ht", "montant net", "ca ht", "ca", "chiffre d'affaires ht",
        "chiffre d'affaires", "total ht", "dl_montantht", "untaxed total", "total untaxed",
        "untaxed amount", "tax excluded", "lineamount", "line amount", "item amount",
        "itemamount", "montant", "net amount", "net sales", "amount", "revenue", "sales",
        "turnover", "net"), True),
    Field("segment", "text", (
        "segment", "segment client", "secteur", "secteur d'activité", "customer segment",
        "sector", "industry", "marché", "market")),
    Field("product", "text", (
        "famille de produits", "famille produit", "famille", "gamme", "ligne de produits",
        "product line", "product family", "product group", "famille d'articles",
        "famille article", "produit", "product", "product/service", "item(product/service)",
        "ar_ref", "inventoryitemcode", "article", "item", "référence")),
    Field("margin", "number", (
        "marge", "marge brute", "marge ht", "marge commerciale", "margin", "gross margin")),
    Field("client_name", "text", (
        "nom client", "nom du client", "raison sociale", "client name", "customer name",
        "ct_intitule", "compauxlib", "nom", "name", "société", "company", "client",
        "customer")),
    # who sells to the client: a CRM's owner, an ERP's salesperson (method/team.py)
    Field("salesperson", "text", (
        "commercial", "vendeur", "représentant", "salesperson", "sales person", "sales rep",
        "rep", "owner", "deal owner", "account owner", "opportunity owner", "collaborateur")),
)

PROSPECT_FIELDS = (
    Field("name", "text", ("nom", "nom de famille", "name", "last name", "surname", "contact"),
          True),
    Field("first_name", "text", ("prénom", "first name", "firstname", "given name")),
    Field("job_title", "text", ("fonction", "poste", "titre", "job title", "title",
                                "position")),
    Field("email", "text", ("email", "e-mail", "mail", "courriel", "adresse email")),
    Field("company", "text", ("société", "entreprise", "raison sociale", "company",
                              "company name", "organisation", "organization", "account")),
    Field("project", "text", ("projet", "existence d'un projet", "project", "has project")),
    Field("last_purchase", "date", (
        "date du dernier achat similaire", "dernier achat similaire", "dernier achat",
        "last similar purchase", "last purchase")),
    Field("potential", "text", ("potentiel", "niveau de potentiel", "potential",
                                "potential level")),
    Field("potential_score", "number", ("score potentiel", "score de potentiel",
                                        "potential score")),
    Field("accessibility", "text", ("accessibilité", "niveau d'accessibilité",
                                    "accessibility", "accessibility level")),
    Field("accessibility_score", "number", ("score accessibilité",
                                            "score d'accessibilité", "accessibility score")),
    Field("last_contact", "date", ("date du dernier contact", "dernier contact",
                                   "date dernier contact", "last contact",
                                   "last contact date", "last activity date",
                                   "last activity", "date de dernière activité",
                                   "dernière activité")),
    Field("source", "text", ("source", "origine", "source du contact", "lead source",
                             "original source", "source d'origine", "canal", "channel")),
    Field("stage", "text", ("étape", "stade", "étape du tunnel", "statut", "stage",
                            "funnel stage", "status")),
    # a CRM's own words for a lead, kept as the CRM wrote them (HubSpot, Salesforce)
    Field("lead_status", "text", ("lead status", "statut du lead", "statut de la piste")),
    Field("lifecycle_stage", "text", ("lifecycle stage", "phase du cycle de vie")),
)

# The manager's judgement of each client (METHOD.md §3-4), which no ledger holds: scores
# 1-5 and the estimated potential revenue, under the Clients table's keys (layout's
# POTENTIAL_CRITERIA, RISK_CRITERIA, potential_revenue). The template's Clients headers
# are aliases, so that table saved as CSV reads back.
_CLIENT_SCORES = (
    Field("pot_size", "number", ("taille (1-5)", "taille", "size (1-5)", "size")),
    Field("pot_competition", "number", ("concurrence (1-5)", "concurrence",
                                        "competition (1-5)", "competition")),
    Field("pot_sector", "number", (
        "évolution du secteur (1-5)", "évolution du secteur", "sector trend (1-5)",
        "sector trend", "sector evolution")),
    Field("pot_suppliers", "number", (
        "politique fournisseurs (1-5)", "politique fournisseurs", "politique fournisseur",
        "supplier policy (1-5)", "supplier policy")),
    Field("risk_reliability", "number", ("fiabilité (1-5)", "fiabilité",
                                         "reliability (1-5)", "reliability")),
    Field("risk_finance", "number", ("santé financière (1-5)", "santé financière",
                                     "financial health (1-5)", "financial health")),
    Field("risk_competitors", "number", (
        "position des concurrents (1-5)", "position des concurrents",
        "competitor position (1-5)", "competitor position", "competitors position")),
    Field("potential_revenue", "number", ("ca potentiel", "chiffre d'affaires potentiel",
                                          "potentiel", "potential revenue", "potential")),
)
# each also under its own key: the demo's client table, a Clients table exported as keys
CLIENT_FIELDS = (
    Field("client", "text", LEDGER_FIELDS[0].aliases, True),
    *(Field(f.key, f.kind, (*f.aliases, f.key)) for f in _CLIENT_SCORES),
)

TEAM_FIELDS = (
    Field("salesperson", "text", ("commercial", "vendeur", "collaborateur", "nom",
                                  "salesperson", "sales rep", "name"), True),
    Field("quantity", "number", ("quantité", "quantity"), True),
    Field("orientation", "number", ("orientation",), True),
    Field("efficiency", "number", ("efficacité", "efficiency"), True),
)

LABELS = {
    "client": {"en": "client", "fr": "client"},
    "date": {"en": "date", "fr": "date"},
    "amount": {"en": "amount", "fr": "montant"},
    "segment": {"en": "segment", "fr": "segment"},
    "product": {"en": "product", "fr": "produit"},
    "margin": {"en": "margin", "fr": "marge"},
    "client_name": {"en": "client name", "fr": "nom du client"},
    "name": {"en": "name", "fr": "nom"},
    "first_name": {"en": "first name", "fr": "prénom"},
    "job_title": {"en": "job title", "fr": "fonction"},
    "email": {"en": "email", "fr": "email"},
    "company": {"en": "company", "fr": "société"},
    "project": {"en": "project", "fr": "projet"},
    "last_purchase": {"en": "last similar purchase", "fr": "dernier achat similaire"},
    "potential": {"en": "potential", "fr": "potentiel"},
    "potential_score": {"en": "potential score", "fr": "score potentiel"},
    "accessibility": {"en": "accessibility", "fr": "accessibilité"},
    "accessibility_score": {"en": "accessibility score", "fr": "score accessibilité"},
    "last_contact": {"en": "last contact", "fr": "dernier contact"},
    "source": {"en": "lead source", "fr": "source"},
    "stage": {"en": "stage", "fr": "étape"},
    "pot_size": {"en": "size", "fr": "taille"},
    "pot_competition": {"en": "competition", "fr": "concurrence"},
    "pot_sector": {"en": "sector trend", "fr": "évolution du secteur"},
    "pot_suppliers": {"en": "supplier policy", "fr": "politique fournisseurs"},
    "risk_reliability": {"en": "reliability", "fr": "fiabilité"},
    "risk_finance": {"en": "financial health", "fr": "santé financière"},
    "risk_competitors": {"en": "competitor position", "fr": "position des concurrents"},
    "potential_revenue": {"en": "potential revenue", "fr": "CA potentiel"},
    "salesperson": {"en": "salesperson", "fr": "commercial"},
    "quantity": {"en": "quantity", "fr": "quantité"},
    "orientation": {"en": "orientation", "fr": "orientation"},
    "efficiency": {"en": "efficiency", "fr": "efficacité"},
    "duplicates": {
        "en": "exact duplicate lines kept: {count} (a ledger may repeat a line; check the "
              "export if it should not)",
        "fr": "lignes en double exact conservées : {count} (un grand livre peut répéter une "
              "ligne ; vérifiez l'export si ce n'est pas le cas)",
    },
    "blank_lines": {
        "en": "empty lines ignored: {count}",
        "fr": "lignes vides ignorées : {count}",
    },
    "skipped": {
        "en": "lines with errors left out: {count} (the first is line {line})",
        "fr": "lignes en erreur écartées : {count} (la première est la ligne {line})",
    },
    "totals": {
        "en": "total and subtotal lines left out: {count} (the first is line {line}; listed "
              "in the Issues sheet)",
        "fr": "lignes de total et de sous-total écartées : {count} (la première est la ligne "
              "{line} ; listées dans la feuille Anomalies)",
    },
    "lookalikes": {
        "en": "client codes that differ only by case or leading zeros, kept as separate "
              "clients: {codes} (listed in the Issues sheet)",
        "fr": "codes client qui ne diffèrent que par la casse ou des zéros en tête, gardés "
              "comme clients distincts : {codes} (listés dans la feuille Anomalies)",
    },
    "missing_segment": {
        "en": "no segment column: the segment × product matrix needs one; columns found: "
              "{codes}; use --segment COL",
        "fr": "pas de colonne segment : la matrice segment × produit en a besoin ; colonnes "
              "trouvées : {codes} ; utilisez --segment COL",
    },
    "missing_product": {
        "en": "no product column: the segment × product matrix needs one; columns found: "
              "{codes}; use --product COL",
        "fr": "pas de colonne produit : la matrice segment × produit en a besoin ; colonnes "
              "trouvées : {codes} ; utilisez --product COL",
    },
}
LOOKALIKES_SHOWN = 5  # look-alike pairs a notice quotes
# Optional ledger columns an analysis needs: missing, they are named with their option.
NEEDED_BY_ANALYSES = ("segment", "product")


@dataclass(frozen=True)
class Notice:
    """Something the user should know about what was read, in either language."""

    key: str  # "duplicates", "blank_lines", "skipped", "totals" or "lookalikes"
    count: int
    line: int | None = None
    codes: str = ""  # the look-alike codes, quoted

    def message(self, lang: str = "en") -> str:
        return say(LABELS, self.key, lang).format(count=self.count, line=self.line,
                                                  codes=self.codes)


@dataclass(frozen=True, eq=False)
class FileLines:
    """An export file read: its lines in canonical columns, and what the user must be told.
    (``plan.layout.Table`` is an Excel table of the workbook, not a file.)"""

    lines: pd.DataFrame  # canonical columns (field keys), indexed by the file's line number
    columns: dict[str, str]  # field key -> the column's name in the file
    warnings: tuple[Notice, ...]
    bad_rows: pd.DataFrame  # line, column (the file's name), value (as read), problem
    source: Source
    header: tuple[str, ...] = ()  # every column of the file, used or not
    # lines read rightly but left out (a report's total lines), and lines kept that the
    # user should check (look-alike client codes): line, column, value, problem
    set_aside: pd.DataFrame = dataclasses.field(
        default_factory=lambda: _issue_rows([], "", [], []))
    remarks: pd.DataFrame = dataclasses.field(
        default_factory=lambda: _issue_rows([], "", [], []))

    def ignored(self) -> list[str]:
        """The file's columns that were not read (blank headers aside)."""
        used = set(self.columns.values())
        return [name for name in self.header if name and name not in used]

    def bad_row_messages(self, lang: str = "en", limit: int | None = None) -> list[str]:
        """The bad lines as messages ("Montant, row 7: 'abc' is not a number")."""
        rows = self.bad_rows if limit is None else self.bad_rows.head(limit)
        return [_bad_row_error(row).message(lang) for row in rows.itertuples(index=False)]


def read_ledger(path: str | Path, *, sheet: str | None = None, client: str | None = None,
                date: str | None = None, amount: str | None = None,
                segment: str | None = None, product: str | None = None,
                margin: str | None = None, client_name: str | None = None,
                accounts: Any = None, skip_bad_rows: bool = False,
                progress: Progress | None = None, header_row: int | None = None,
                encoding: str | None = None) -> FileLines:
    """The invoice lines of a CSV or workbook export: client, date, amount (+ optional
    segment, product, margin, client name), found by their names in French or English
    unless named here. ``header_row`` forces the header's line (else found among the
    first rows); ``encoding`` a CSV's encoding (else detected)."""
    named = {"client": client, "date": date, "amount": amount, "segment": segment,
             "product": product, "margin": margin, "client_name": client_name}
    # a FEC, a debit/credit export, or a message naming the exports xlsales knows
    from xlsales.sources.exports import read_export

    return read_export(path, LEDGER_FIELDS, sheet=sheet, columns=named, accounts=accounts,
                       skip_bad_rows=skip_bad_rows, progress=progress,
                       header_row=header_row, encoding=encoding)


def read_prospects(path: str | Path, **options: Any) -> FileLines:
    """A prospect list (CRM qualification fields), read like a ledger."""
    return read_table(path, PROSPECT_FIELDS, **options)


def read_clients(path: str | Path, **options: Any) -> FileLines:
    """The manager's client scores (potential and risk criteria, 1-5) and potential revenue,
    one line per client, read like a ledger."""
    return read_table(path, CLIENT_FIELDS, **options)


def read_team(path: str | Path, **options: Any) -> FileLines:
    """The sales team's activity scores (quantity, orientation, efficiency per salesperson)."""
    return read_table(path, TEAM_FIELDS, **options)


def read_table(path: str | Path, fields: tuple[Field, ...], *, sheet: str | None = None,
               columns: Mapping[str, str | None] | None = None, skip_bad_rows: bool = False,
               progress: Progress | None = None, header_row: int | None = None,
               encoding: str | None = None) -> FileLines:
    """Any of the three tables: find ``fields`` in the file, read and check every line."""
    opened = TableFile(path, sheet, needed=needed_names(fields, columns or {}),
                       header_row=header_row, encoding=encoding)
    try:
        chosen = _match_columns(fields, opened.header, columns or {}, where(opened))
    except XlsalesError as err:
        if err.problem != "missing_column" or len(getattr(opened, "sheets", ())) < 2:
            raise
        # the columns may be on another sheet: say which sheets there are, and --sheet
        raise XlsalesError(err.arg, "missing_column", value=err.value,
                           sheets=Listed(", ".join(show_value(n) for n in opened.sheets)),
                           **err.params) from None
    _refuse_duplicates(chosen, opened)
    kinds = {f.key: f.kind for f in fields}
    raw = opened.read([i for key, i in chosen.items() if kinds[key] != "number"],
                      [i for key, i in chosen.items() if kinds[key] == "number"], progress)
    keep = ~raw.blank
    line_numbers = raw.lines[keep]
    if not line_numbers.size:
        raise XlsalesError(opened.name, "no_lines")
    data: dict[str, Any] = {}
    bad: list[pd.DataFrame] = []
    decimal = None
    for field in fields:
        if field.key not in chosen:
            continue
        cells = raw.values[chosen[field.key]][keep].reset_index(drop=True)
        if field.kind == "number":
            values, failed, seen = read_numbers(cells, raw.decimal)
            decimal = decimal or seen
        elif field.kind == "date":
            values, failed = read_dates(cells)
        elif field.kind == "raw":
            values = cells.to_numpy(dtype=object)
            failed = np.full(len(values), None, dtype=object)
        else:
            texts, failed = read_texts(cells)
            values = texts.array  # keeps the text dtype, drops the index
        if field.required:  # problems are non-empty keys: truth tests find them fast
            failed[np.asarray(pd.isna(values)) & ~failed.astype(bool)] = "blank"
        wrong = np.flatnonzero(failed.astype(bool))
        if wrong.size:
            bad.append(pd.DataFrame({
                "line": line_numbers[wrong], "column": opened.header[chosen[field.key]],
                "value": cells.iloc[wrong].to_numpy(dtype=object),
                "problem": failed[wrong]}))
        data[field.key] = values
    lines = pd.DataFrame(data, index=pd.Index(line_numbers, name="line"), copy=False)
    notices = []
    aside = _issue_rows([], "", [], [])
    if "client" in data and "amount" in data:  # a ledger: a report's totals are no clients
        totals = total_lines(data["client"], data["amount"])
        if totals.any():
            at = line_numbers[totals]
            shown = raw.values[chosen["client"]][keep].to_numpy(dtype=object)[totals]
            aside = _issue_rows(at, opened.header[chosen["client"]], shown,
                                ["total_line"] * len(at))
            lines = lines.drop(index=at)
            bad = [frame[~frame["line"].isin(at)] for frame in bad]
            bad = [frame for frame in bad if len(frame)]
            notices.append(Notice("totals", len(at), int(at[0])))
    bad_rows = (pd.concat(bad).sort_values("line", kind="stable").reset_index(drop=True)
                if bad else pd.DataFrame({"line": [], "column": [], "value": [],
                                          "problem": []}))
    if raw.duplicates:
        notices.append(Notice("duplicates", raw.duplicates))
    if raw.blank.any():
        notices.append(Notice("blank_lines", int(raw.blank.sum())))
    if len(bad_rows):
        bad_lines = bad_rows["line"].unique()
        lines = lines.drop(index=bad_lines)
        # Skipping every line would leave nothing: say why the lines are bad, not that
        # the file has none.
        if not skip_bad_rows or lines.empty:
            raise _bad_row_error(next(bad_rows.itertuples(index=False)), len(bad_lines),
                                 where(opened), opened.encoding)
        notices.append(Notice("skipped", len(bad_lines), int(bad_lines[0])))
    remarks = _issue_rows([], "", [], [])
    if "client" in lines.columns and any(f.key == "amount" for f in fields):
        remarks, notice = _lookalikes(lines["client"], opened.header[chosen["client"]])
        if notice is not None:
            notices.append(notice)
    notices += [Notice(f"missing_{key}", 0, codes=_listed(opened.header))
                for key in NEEDED_BY_ANALYSES
                if key not in chosen and any(f.key == key for f in fields)]
    return FileLines(lines, {key: opened.header[i] for key, i in chosen.items()}, tuple(notices),
                     bad_rows, replace(raw.source, decimal=decimal), tuple(opened.header),
                     aside, remarks)


def _issue_rows(lines: Any, column: str, values: Any, problems: Any) -> pd.DataFrame:
    """Rows for the Issues sheet, in the columns of ``FileLines.bad_rows``."""
    lines = np.asarray(lines, dtype=np.int64)
    return pd.DataFrame({"line": lines, "column": [column] * len(lines),
                         "value": np.asarray(values, dtype=object),
                         "problem": np.asarray(problems, dtype=object)})


def _lookalikes(clients: pd.Series, column: str) -> tuple[pd.DataFrame, Notice | None]:
    """Client codes that differ only by case ("abc01" / "ABC01") or leading zeros ("00123"
    / "123"): kept apart, as the export wrote them (two accounts may truly differ so), and
    each named with the line where it first appears, so the user can check."""
    first = clients.reset_index().drop_duplicates("client").dropna(subset=["client"])
    folded = first["client"].astype(object).map(lambda c: str(c).casefold().lstrip("0") or "0")
    groups = first.groupby(folded.to_numpy(), sort=False)["client"]
    rows: list[tuple[int, str, str]] = []
    pairs: list[str] = []
    for _, codes in groups:
        if len(codes) < 2:
            continue
        shown = [str(c) for c in codes]
        pairs.append(" / ".join(show_value(c) for c in shown))
        for line, code in zip(first.loc[codes.index, "line"], shown, strict=True):
            other = ", ".join(show_value(c) for c in shown if c != code)
            rows.append((int(line), code, other))
    if not rows:
        return _issue_rows([], "", [], []), None
    frame = _issue_rows([r[0] for r in rows], column, [r[1] for r in rows],
                        ["lookalike_code"] * len(rows))
    frame["other"] = [r[2] for r in rows]
    more = len(pairs) - LOOKALIKES_SHOWN
    codes = "; ".join(pairs[:LOOKALIKES_SHOWN]) + (f"; … (+{more})" if more > 0 else "")
    return frame, Notice("lookalikes", len(pairs), codes=codes)


def needed_names(fields: tuple[Field, ...], named: Mapping[str, str | None]
                 ) -> list[set[str]]:
    """Per required field, the folded names that find it: the one given, else its aliases
    (what tells the header row, and the sheet, that hold the table)."""
    return [{header_key(named[f.key])} if named.get(f.key) else set(map(header_key, f.aliases))
            for f in fields if f.required]


def where(opened: TableFile) -> str:
    """The file as messages name it: with its sheet for a workbook ("ventes.xlsx [Ventes]")."""
    return f"{opened.name} [{opened.sheet}]" if getattr(opened, "sheet", None) else opened.name


def _refuse_duplicates(chosen: Mapping[str, int], opened: TableFile) -> None:
    """A needed column whose name the header holds twice: which one is meant is a guess
    (the first in one program, the last in another), so it is refused."""
    keys = [header_key(name) for name in opened.header]
    for position in sorted(chosen.values()):
        twins = [i for i, k in enumerate(keys) if k == keys[position] and i != position]
        if twins:
            first, second = sorted((position, twins[0]))
            shown = (column_letters if opened.format != "csv" else str)
            raise XlsalesError(where(opened), "duplicate_column", value=opened.header[position],
                               first=shown(first + 1), second=shown(second + 1))


def _bad_row_error(row: Any, count: int | None = None, file: str = "",
                   encoding: str | None = None) -> XlsalesError:
    """A bad line's message; with ``count``, the one that stops the read, which names the
    file too (it reaches the user alone, without the file's line above it) and the
    encoding a CSV was read in when it is a guess (not UTF)."""
    value = row.value
    if isinstance(value, float | np.floating) and np.isnan(value):
        value = None
    if count is None:
        return XlsalesError(row.column, row.problem, row=int(row.line), value=value)
    guessed = encoding is not None and not encoding.startswith("utf")
    extra = {"encoding": encoding} if guessed else {}
    return XlsalesError(f"{file}, {row.column}" if file else row.column,
                        "bad_lines_encoded" if guessed else "bad_lines",
                        row=int(row.line), value=value, **extra,
                        line_problem=row.problem, count=count)


def _listed(header: list[str]) -> str:
    """The file's column names for a message that says which were found: each quoted and
    cut as ``show_value`` cuts a value, the first ``LISTED_COLUMNS`` of them, then how many
    more (a hostile first line of 10 MB must not become a 10 MB message)."""
    shown = ", ".join(show_value(name) for name in header[:LISTED_COLUMNS])
    more = len(header) - LISTED_COLUMNS
    return Listed(f"{shown}, … (+{more})" if more > 0 else shown)


def _match_columns(fields: tuple[Field, ...], header: list[str],
                   named: Mapping[str, str | None], file_name: str) -> dict[str, int]:
    """Field key -> header position: the names given first, then the aliases in order."""
    keys = [header_key(name) for name in header]
    found = _listed(header)
    known = {f.key for f in fields}
    chosen: dict[str, int] = {}
    for key, name in named.items():
        if name is None:
            continue
        if key not in known:
            raise XlsalesError("columns", "choice", value=key, choices=", ".join(sorted(known)))
        position = (header.index(name) if name in header else
                    next((i for i, k in enumerate(keys) if k == header_key(name)), None))
        if position is None:
            raise XlsalesError(f"{file_name}, --{key.replace('_', '-')}", "missing_column",
                               value=name, found=found)
        chosen[key] = position
    for field in fields:
        if field.key in chosen:
            continue
        taken = set(chosen.values())
        for alias in map(header_key, field.aliases):
            position = next((i for i, k in enumerate(keys) if k == alias and i not in taken),
                            None)
            if position is not None:
                chosen[field.key] = position
                break
        else:
            if field.required:
                label = " / ".join(dict.fromkeys(LABELS[field.key].values()))
                raise XlsalesError(file_name, "missing_column", value=label, found=found,
                                   option="--" + field.key.replace("_", "-"))
    return chosen


def latest_full_year(dates: Any, today: Any = None) -> int:
    """Year N of the analyses: the latest calendar year before today's that has data and
    that the data covers to its end.

    An export pulled on 10 March 2026 gives N = 2025; one whose last line is dated
    30 June 2025 cannot stand for 2025 (half a year would make half the clients look
    lost), so N = 2024 then. "Covers to its end" means the data reaches December of that
    year: invoices are not issued every day, and a quiet last fortnight is normal.
    """
    days = pd.Series(dates)
    if days.dtype.kind != "M":
        values, failed = read_dates(days)
        wrong = np.flatnonzero(pd.notna(failed))
        if wrong.size:
            raise XlsalesError("date", failed[wrong[0]], row=int(wrong[0]) + 1,
                               value=days.iloc[wrong[0]])
        days = pd.Series(values)
    days = days.dropna()
    now = parse_date(today, "today") if today is not None else dt.datetime.now()
    if days.empty:
        raise XlsalesError("date", "no_full_year", year=now.year)
    bounds = (days.min().date(), days.max().date(), set(days.dt.year.unique().tolist()))
    full = periods.latest_full_year(bounds, now.date() if isinstance(now, dt.datetime)
                                    else now)
    if full is None:
        raise XlsalesError("date", "no_full_year", year=now.year)
    return full

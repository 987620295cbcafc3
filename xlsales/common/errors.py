"""The one exception xlsales raises, with its message in English and French.

Every layer (cell formulas, buttons, command line) catches this type and shows
``message(lang)`` to the user, so a message must say, in the user's words, which argument,
which row and which value is wrong: "revenue, row 7: 'abc' is not a number". Anything
else escaping the library is a bug.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np

_UNSET: Any = object()

# problem key -> {lang: template}. Templates may use {value} (the offending value, already
# quoted for display) and any keyword given to XlsalesError; a keyword ending in "_problem"
# names another problem, shown in the same language (a file's first bad line inside the
# count of its bad lines).
PROBLEMS: dict[str, dict[str, str]] = {
    "not_number": {"en": "{value} is not a number", "fr": "{value} n'est pas un nombre"},
    "not_finite": {
        "en": "{value} is not a finite number",
        "fr": "{value} n'est pas un nombre fini",
    },
    "not_integer": {"en": "{value} is not a whole number", "fr": "{value} n'est pas un entier"},
    "not_date": {"en": "{value} is not a date", "fr": "{value} n'est pas une date"},
    "no_result": {
        "en": "the cell holds a formula with no saved result (a file written by a script): "
              "open the workbook in Excel or LibreOffice, save it, then run again",
        "fr": "la cellule contient une formule sans résultat enregistré (un fichier écrit par "
              "un script) : ouvrez le classeur dans Excel ou LibreOffice, enregistrez-le, puis "
              "relancez",
    },
    "ambiguous_date": {
        "en": "{value} may be day first or month first and no date of the column says which:"
              " enter real dates (a date cell, or the text 2025-04-03)",
        "fr": "{value} peut se lire jour d'abord ou mois d'abord et aucune date de la colonne"
              " ne le dit : saisissez de vraies dates (une cellule date, ou le texte "
              "2025-04-03)",
    },
    "not_text": {"en": "{value} is not a text", "fr": "{value} n'est pas un texte"},
    "blank": {"en": "a value is required", "fr": "une valeur est requise"},
    "empty": {"en": "has no values", "fr": "ne contient aucune valeur"},
    "negative": {"en": "{value} is negative", "fr": "{value} est négatif"},
    "not_positive": {
        "en": "{value} must be greater than 0",
        "fr": "{value} doit être supérieur à 0",
    },
    "range": {
        "en": "{value} is outside {low} to {high}",
        "fr": "{value} est hors de l'intervalle {low} à {high}",
    },
    "not_duration": {
        "en": "{value} is not a duration (minutes, 1:30, 1:30:00, 1h30 or 90 min)",
        "fr": "{value} n'est pas une durée (minutes, 1:30, 1:30:00, 1h30 ou 90 min)",
    },
    "duration_long": {
        "en": "{value} is over 24 hours: no single activity lasts that long (check the unit)",
        "fr": "{value} dépasse 24 heures : aucune activité ne dure autant (vérifiez l'unité)",
    },
    "no_activities": {
        "en": "no activities and no planned time budget: give an activities export or fill "
              "the planned visits and calls per class",
        "fr": "aucune activité et aucun budget de temps prévu : fournissez un export "
              "d'activités ou renseignez les visites et appels prévus par classe",
    },
    "share": {
        "en": "{value} must be above 0 and at most 1 (for example 0.8 or 80%)",
        "fr": "{value} doit être supérieur à 0 et au plus 1 (par exemple 0,8 ou 80 %)",
    },
    "whole_percent": {
        "en": "{value} would be {value} times the whole: write {percent_value}% or "
              "{share_value} for a share",
        "fr": "{value} vaudrait {value} fois le tout : écrivez {percent_value} % ou "
              "{share_value} pour une part",
    },
    "all_lost": {
        "en": "all {clients} clients of N-1 were lost, and at a churn of 100% there is no "
              "half-life, projection or number of new clients that holds the portfolio",
        "fr": "les {clients} clients de N-1 ont tous été perdus ; avec une attrition de "
              "100 %, il n'y a ni demi-vie, ni projection, ni nombre de nouveaux clients qui "
              "tienne le portefeuille",
    },
    "rate": {
        "en": "{value} must be at least 0 and below 1 (for example 0.12 or 12%)",
        "fr": "{value} doit être au moins 0 et inférieur à 1 (par exemple 0,12 ou 12 %)",
    },
    "not_below": {
        "en": "{value} must be below {other} ({other_value})",
        "fr": "{value} doit être inférieur à {other} ({other_value})",
    },
    "length": {
        "en": "has {n} values but {other} has {m}",
        "fr": "contient {n} valeurs mais {other} en contient {m}",
    },
    "choice": {
        "en": "{value} is not one of: {choices}",
        "fr": "{value} ne fait pas partie de : {choices}",
    },
    "level": {
        "en": "{value} is not a level 1 to 3 nor one of: {choices}",
        "fr": "{value} n'est ni un niveau de 1 à 3 ni l'un de : {choices}",
    },
    "funnel_grows": {
        "en": "{value} is more than the stage before ({previous_value})",
        "fr": "{value} dépasse l'étape précédente ({previous_value})",
    },
    "duplicate": {
        "en": "{value} appears more than once",
        "fr": "{value} apparaît plusieurs fois",
    },
    "no_total": {
        "en": "the total is not above 0, nothing to share out",
        "fr": "le total n'est pas supérieur à 0, rien à répartir",
    },
    "missing_column": {
        "en": "no column {value}; columns found: {found}",
        "fr": "pas de colonne {value} ; colonnes trouvées : {found}",
    },
    "all_zero": {
        "en": "all values are 0; at least one must be above 0",
        "fr": "toutes les valeurs valent 0 ; au moins une doit être supérieure à 0",
    },
    "not_record": {
        "en": "{value} is not a record: give a dict (one prospect) or a table with headers",
        "fr": "{value} n'est pas une fiche : donnez un dict (un prospect) ou un tableau "
              "avec en-têtes",
    },
    "too_few": {
        "en": "needs at least {n} values, has {m}",
        "fr": "doit contenir au moins {n} valeurs, en contient {m}",
    },
    "unreachable": {
        "en": "{value} at this stage: nothing converts beyond it, so no target can be reached",
        "fr": "{value} à cette étape : rien ne se convertit au-delà, aucun objectif "
              "n'est atteignable",
    },
    "vba_name": {
        "en": "{value} is not a VBA name (a letter, then letters, digits or _, "
              "31 characters at most)",
        "fr": "{value} n'est pas un nom VBA (une lettre, puis des lettres, chiffres ou _, "
              "31 caractères au plus)",
    },
    "codepage": {
        "en": "{value} cannot be written in code page {codepage}",
        "fr": "{value} ne peut pas s'écrire dans la page de codes {codepage}",
    },
    "vba_damaged": {
        "en": "the workbook's VBA project (xl/vbaProject.bin) cannot be read: it is damaged "
              "or not a VBA project",
        "fr": "le projet VBA du classeur (xl/vbaProject.bin) est illisible : il est "
              "endommagé ou n'est pas un projet VBA",
    },
    "vba_forms": {
        "en": "the VBA project holds the form {value}, which xlsales cannot rewrite: update "
              "the xlwings module by hand (VBA editor: remove it, File > Import File "
              "xlwings.bas)",
        "fr": "le projet VBA contient le formulaire {value}, qu'xlsales ne sait pas "
              "réécrire : mettez à jour le module xlwings à la main (éditeur VBA : "
              "supprimez-le, Fichier > Importer xlwings.bas)",
    },
    "no_vba_project": {
        "en": "has no VBA project: only a workbook with buttons (.xlsm) carries xlwings' "
              "module",
        "fr": "n'a pas de projet VBA : seul un classeur avec boutons (.xlsm) contient le "
              "module d'xlwings",
    },
    "no_xlwings_module": {
        "en": "its VBA project has no xlwings module: its buttons do not use xlwings",
        "fr": "son projet VBA n'a pas de module xlwings : ses boutons n'utilisent pas "
              "xlwings",
    },
    "incompressible": {
        "en": "its last {size} bytes repeat too little to be stored in a VBA project",
        "fr": "ses {size} derniers octets se répètent trop peu pour être stockés "
              "dans un projet VBA",
    },
    "not_line": {
        "en": "must be one row or one column, not {rows} rows by {cols} columns",
        "fr": "doit être une seule ligne ou colonne, pas {rows} lignes sur {cols} colonnes",
    },
    "not_single": {
        "en": "must be one cell, not {rows} rows by {cols} columns",
        "fr": "doit être une seule cellule, pas {rows} lignes sur {cols} colonnes",
    },
    "cell_error": {
        "en": "the cell holds the error {error}",
        "fr": "la cellule contient l'erreur {error}",
    },
    "bad_lines": {
        "en": "{line_problem} (lines with errors in the file: {count})",
        "fr": "{line_problem} (lignes en erreur dans le fichier : {count})",
    },
    "bad_lines_encoded": {
        "en": "{line_problem} (lines with errors in the file: {count}; it was read as "
              "{encoding} text: if its letters or its € look wrong, give its encoding with "
              "--encoding)",
        "fr": "{line_problem} (lignes en erreur dans le fichier : {count} ; il a été lu comme "
              "du texte {encoding} : si ses lettres ou ses € semblent faux, indiquez son "
              "encodage avec --encoding)",
    },
    "no_lines": {
        "en": "has a header but no data lines",
        "fr": "a une ligne d'en-tête mais aucune ligne de données",
    },
    "unreadable": {
        "en": "cannot be opened ({detail})",
        "fr": "ne peut pas être ouvert ({detail})",
    },
    "not_text_file": {
        "en": "is not a text (CSV) file; if it is a workbook, give it its .xlsx name",
        "fr": "n'est pas un fichier texte (CSV) ; si c'est un classeur, donnez-lui "
              "l'extension .xlsx",
    },
    "undecodable": {
        "en": "byte {byte} is neither UTF-8 nor Windows-1252, ISO-8859-15 or Mac Roman text; "
              "name the encoding with --encoding, or save the file as CSV UTF-8",
        "fr": "l'octet {byte} n'est ni du texte UTF-8 ni du Windows-1252, de l'ISO-8859-15 ou "
              "du Mac Roman ; indiquez l'encodage avec --encoding, ou enregistrez le fichier "
              "en CSV UTF-8",
    },
    "undecodable_as": {
        "en": "byte {byte} is not {encoding} text (the encoding given with --encoding)",
        "fr": "l'octet {byte} n'est pas du texte {encoding} (l'encodage donné avec "
              "--encoding)",
    },
    "header_row_outside": {
        "en": "{value} is not among the first {last} rows of {file}, where the header is "
              "looked for",
        "fr": "{value} n'est pas parmi les {last} premières lignes de {file}, où l'en-tête "
              "est cherché",
    },
    "ambiguous_dots": {
        "en": "{values} may be thousands (1.500 = 1500) or decimals (1.500 = 1.5), and "
              "nothing in the file says which: save it separated by ';' (comma decimals) or "
              "write the amounts without a group mark",
        "fr": "{values} peuvent être des milliers (1.500 = 1500) ou des décimales (1.500 = "
              "1,5), et rien dans le fichier ne le dit : enregistrez-le avec le séparateur "
              "';' (décimales à virgule) ou écrivez les montants sans séparateur de milliers",
    },
    "duplicate_column": {
        "en": "two columns are named {value} (columns {first} and {second}): which to read "
              "is a guess; rename one in the file",
        "fr": "deux colonnes s'appellent {value} (colonnes {first} et {second}) : laquelle "
              "lire serait un pari ; renommez-en une dans le fichier",
    },
    "total_line": {
        "en": "a total line ({value}: its amount is the sum of the lines above it): left out",
        "fr": "une ligne de total ({value} : son montant est la somme des lignes au-dessus) : "
              "écartée",
    },
    "lookalike_code": {
        "en": "client code {value} looks like {other} (only case or leading zeros differ): "
              "kept as two clients; check the export if they are one",
        "fr": "le code client {value} ressemble à {other} (seules la casse ou des zéros en "
              "tête diffèrent) : gardés comme deux clients ; vérifiez l'export s'il s'agit "
              "d'un seul",
    },
    "not_format": {
        "en": "cannot be read as a file of type {kind} ({detail})",
        "fr": "ne peut pas être lu comme un fichier de type {kind} ({detail})",
    },
    "encrypted": {
        "en": "is protected by a password; save a copy without a password and read that",
        "fr": "est protégé par un mot de passe ; enregistrez-en une copie sans mot de passe "
              "et lisez-la",
    },
    "missing_sheet": {
        "en": "no sheet {value}; sheets found: {found}",
        "fr": "pas de feuille {value} ; feuilles trouvées : {found}",
    },
    "no_full_year": {
        "en": "no complete calendar year before {year} in the data (a year counts once the "
              "data reaches its December)",
        "fr": "aucune année civile complète avant {year} dans les données (une année compte "
              "dès que les données atteignent son mois de décembre)",
    },
    "year_not_in_data": {
        "en": "the data has no sales in {year}: it covers {covers}",
        "fr": "les données n'ont aucune vente en {year} : elles couvrent {covers}",
    },
    "to_not_in_data": {
        "en": "the data cannot serve a period to {to}: it covers {covers}",
        "fr": "les données ne permettent pas une période jusqu'au {to} : elles couvrent "
              "{covers}",
    },
    "to_other_year": {
        "en": "{to} is not in year {year}: give --year or --to, or both in the same year",
        "fr": "le {to} n'est pas dans l'année {year} : donnez --year ou --to, ou les deux "
              "dans la même année",
    },
    "to_with_year_period": {
        "en": "goes with --period ytd or --period 12m (the end of a rolling period); "
              "--period year compares calendar years, chosen with --year",
        "fr": "va avec --period ytd ou --period 12m (la fin d'une période glissante) ; "
              "--period year compare des années civiles, choisies avec --year",
    },
    "unknown_period": {
        "en": "{value} is not a period: year, ytd or 12m",
        "fr": "{value} n'est pas une période : year, ytd ou 12m",
    },
    "no_prev_period": {
        "en": "the data has no sales in N-1 ({period}), so lost clients, churn, half-life, "
              "new clients needed and the projection are blank",
        "fr": "les données n'ont aucune vente en N-1 ({period}), donc clients perdus, "
              "attrition, demi-vie, nouveaux clients nécessaires et projection restent vides",
    },
    "no_prev_revenue": {
        "en": "no revenue N-1 in the Clients table, so lost clients, churn, half-life, new "
              "clients needed and the projection are blank",
        "fr": "aucun CA N-1 dans le tableau Clients, donc clients perdus, attrition, "
              "demi-vie, nouveaux clients nécessaires et projection restent vides",
    },
    "output_exists": {
        "en": "{path} already exists; choose another name, or allow replacing it (--force)",
        "fr": "{path} existe déjà ; choisissez un autre nom, ou autorisez son remplacement "
              "(--force)",
    },
    "output_is_input": {
        "en": "{path} is also an input; the result must go to another file",
        "fr": "{path} est aussi une entrée ; le résultat doit aller dans un autre fichier",
    },
    "output_is_folder": {
        "en": "{path} is a folder; give a file name",
        "fr": "{path} est un dossier ; donnez un nom de fichier",
    },
    "no_folder": {
        "en": "the folder {path} does not exist",
        "fr": "le dossier {path} n'existe pas",
    },
    "folder_not_writable": {
        "en": "cannot write in the folder {path}",
        "fr": "impossible d'écrire dans le dossier {path}",
    },
    "no_table": {
        "en": "the workbook has no table (Excel table) of this name",
        "fr": "le classeur n'a pas de tableau (tableau Excel) de ce nom",
    },
    "no_name": {
        "en": "the workbook has no name of this kind referring to cells "
              "(Formulas > Name Manager)",
        "fr": "le classeur n'a pas de nom de ce type désignant des cellules "
              "(Formules > Gestionnaire de noms)",
    },
    "no_header": {"en": "has no header row", "fr": "n'a pas de ligne d'en-tête"},
    "ragged": {
        "en": "has {n} values but the first row has {m}",
        "fr": "contient {n} valeurs mais la première ligne en contient {m}",
    },
    "past_last_date": {
        "en": "{value} plus {days} days falls after 31/12/9999, the last date Excel knows",
        "fr": "{value} plus {days} jours tombe après le 31/12/9999, dernière date connue "
              "d'Excel",
    },
    "not_descending": {
        "en": "{value} is more than the value before ({previous_value}); give them largest "
              "first",
        "fr": "{value} dépasse la valeur précédente ({previous_value}) ; donnez-les de la "
              "plus grande à la plus petite",
    },
    "not_by_client": {
        "en": "{value} is not revenue by client: give a dict {{client: revenue}} or a Series "
              "indexed by client",
        "fr": "{value} n'est pas un CA par client : donnez un dict {{client: CA}} ou une "
              "Series indexée par client",
    },
    "not_table": {
        "en": "{value} is not a table: give a DataFrame or a dict of columns of equal length",
        "fr": "{value} n'est pas un tableau : donnez un DataFrame ou un dict de colonnes de "
              "même longueur",
    },
    "sum_too_large": {
        "en": "the total is beyond the largest number a computer holds (about 1.8e308)",
        "fr": "le total dépasse le plus grand nombre qu'un ordinateur représente "
              "(environ 1,8e308)",
    },
    "result_too_large": {
        "en": "the result is beyond the largest number a computer holds (about 1.8e308)",
        "fr": "le résultat dépasse le plus grand nombre qu'un ordinateur représente "
              "(environ 1,8e308)",
    },
    "too_large": {
        "en": "unpacks to {size} MB, more than the {limit} MB xlsales reads from a workbook "
              "(a damaged file, or a ledger to export as CSV)",
        "fr": "se décompresse en {size} Mo, plus que les {limit} Mo qu'xlsales lit dans un "
              "classeur (un fichier endommagé, ou un grand livre à exporter en CSV)",
    },
    "unknown_export": {
        "en": "no column {value}; columns found: {found}. xlsales reads the default exports "
              "of: {families}; for another export, name its columns with {options}",
        "fr": "pas de colonne {value} ; colonnes trouvées : {found}. xlsales lit les exports "
              "par défaut de : {families} ; pour un autre export, nommez ses colonnes avec "
              "{options}",
    },
    "unknown_export_sheet": {
        "en": "no column {value}; columns found: {found}. Another sheet may hold the ledger: "
              "name it with --sheet (sheets: {sheets}). xlsales reads the default exports "
              "of: {families}; for another export, name its columns with {options}",
        "fr": "pas de colonne {value} ; colonnes trouvées : {found}. Une autre feuille peut "
              "contenir le grand livre : nommez-la avec --sheet (feuilles : {sheets}). "
              "xlsales lit les exports par défaut de : {families} ; pour un autre export, "
              "nommez ses colonnes avec {options}",
    },
    "fec_only": {
        "en": "--accounts chooses the revenue accounts of a FEC, and {value} is not one",
        "fr": "--accounts choisit les comptes de CA d'un FEC, et {value} n'en est pas un",
    },
    "fec_no_customer": {
        "en": "entry {value} has revenue but no customer line (411): left out of the revenue",
        "fr": "l'écriture {value} a du CA mais pas de ligne client (411) : écartée du CA",
    },
    "fec_customers": {
        "en": "entry {value} has revenue and several customers (411): left out of the revenue",
        "fr": "l'écriture {value} a du CA et plusieurs clients (411) : écartée du CA",
    },
    "after_today": {
        "en": "{value} is after today ({today}); a sale cannot be dated in the future",
        "fr": "{value} est postérieure à aujourd'hui ({today}) ; une vente ne peut pas être "
              "datée dans le futur",
    },
    "after_end": {
        "en": "{value} is after the end of the data ({end})",
        "fr": "{value} est postérieure à la fin des données ({end})",
    },
    "above_other": {
        "en": "{value} is more than {other} ({other_value})",
        "fr": "{value} dépasse {other} ({other_value})",
    },
    "recency_without_repeat": {
        "en": "{value} weeks between the first and last purchase, but no repeat purchase: "
              "with x = 0 it must be 0",
        "fr": "{value} semaines entre le premier et le dernier achat, mais aucun achat "
              "répété : avec x = 0 il doit valoir 0",
    },
    "too_few_repeat_buyers": {
        "en": "only {m} clients bought on more than one day; the probability of still "
              "buying needs at least {n}: use the rhythm rule (late after twice the usual gap)",
        "fr": "seuls {m} clients ont acheté sur plus d'un jour ; la probabilité d'achat "
              "futur en demande au moins {n} : utilisez la règle du rythme (en retard après "
              "deux fois l'écart habituel)",
    },
    "no_fit": {
        "en": "the probability of still buying cannot be estimated from these purchases "
              "(no stable fit); use the rhythm rule (late after twice the usual gap)",
        "fr": "la probabilité d'achat futur ne peut pas être estimée sur ces achats "
              "(pas d'ajustement stable) ; utilisez la règle du rythme (en retard après "
              "deux fois l'écart habituel)",
    },
    "forecast_diverges": {
        "en": "{value} weeks ahead is too far for the expected purchases to be computed",
        "fr": "{value} semaines est un horizon trop lointain pour calculer les achats "
              "attendus",
    },
    "too_many_columns": {
        "en": "its first line has {n} columns, more than a sheet holds ({limit}): it is not "
              "a table's header",
        "fr": "sa première ligne a {n} colonnes, plus qu'une feuille n'en contient ({limit}) : "
              "ce n'est pas l'en-tête d'un tableau",
    },
    # a ledger in a database (sources/databases.py): the place is named with its password
    # hidden, a driver's own words come as {detail}, cut to one line
    "missing_file": {"en": "no such file", "fr": "fichier introuvable"},
    "needs_table": {
        "en": "name the table to read with --table, or give a --query",
        "fr": "indiquez la table à lire avec --table, ou une requête avec --query",
    },
    "table_or_query": {
        "en": "give --table or --query, not both",
        "fr": "indiquez --table ou --query, pas les deux",
    },
    "parquet_no_table": {
        "en": "a Parquet file is one table: leave out --table (a --query reads it as ledger)",
        "fr": "un fichier Parquet est une seule table : retirez --table (une --query le lit "
              "sous le nom ledger)",
    },
    "missing_table": {
        "en": "no table {value} in {place} ({detail})",
        "fr": "pas de table {value} dans {place} ({detail})",
    },
    "bad_query": {
        "en": "the database refused the query ({detail})",
        "fr": "la base de données a refusé la requête ({detail})",
    },
    "database_unreachable": {
        "en": "cannot connect to the database ({detail}): check the host, the database "
              "name, the user and the password",
        "fr": "connexion à la base de données impossible ({detail}) : vérifiez l'hôte, le "
              "nom de la base, l'utilisateur et le mot de passe",
    },
    "not_database": {
        "en": "reads a database: a .duckdb or .parquet file, or a postgresql:// URL",
        "fr": "lit une base de données : un fichier .duckdb ou .parquet, ou une URL "
              "postgresql://",
    },
    "needs_driver": {
        "en": "reading this database needs its driver: pip install '{package}'",
        "fr": "lire cette base de données demande son pilote : pip install '{package}'",
    },
}


class XlsalesError(ValueError):
    """Bad input, described by the argument, the row (1-based), the column of a table
    (when the argument is one) and the value at fault.

    ``cell`` is (sheet name, "F14") when the input came from a workbook, so the user can
    go straight to the cell: "tblClients, row 12 (sheet Clients, cell F14), column 'CA N'".
    """

    def __init__(
        self,
        arg: str,
        problem: str,
        *,
        row: int | None = None,
        column: int | str | None = None,
        cell: tuple[str, str] | None = None,
        value: Any = _UNSET,
        **params: Any,
    ) -> None:
        if problem not in PROBLEMS:
            raise KeyError(f"unknown problem {problem!r}")
        self.arg = arg
        self.problem = problem
        self.row = row
        self.column = column
        self.cell = cell
        self.value = None if value is _UNSET else value
        self.params = params
        self._has_value = value is not _UNSET
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The full message in "en" or "fr"."""
        lang = "fr" if str(lang).lower().startswith("fr") else "en"
        where = self.arg
        if self.row is not None:
            where += f", {'ligne' if lang == 'fr' else 'row'} {self.row}"
        if self.cell is not None:
            sheet, ref = self.cell
            where += (f" (feuille {sheet}, cellule {ref})" if lang == "fr"
                      else f" (sheet {sheet}, cell {ref})")
        if self.column is not None:
            # a table's column: its header when it has one, else its 1-based position
            column = self.column if isinstance(self.column, int) else show_value(self.column)
            where += f", {'colonne' if lang == 'fr' else 'column'} {column}"
        text = self.detail(lang)
        return f"{where} : {text}" if lang == "fr" else f"{where}: {text}"

    def detail(self, lang: str = "en") -> str:
        """What is wrong, without where: "'abc' is not a number". For a table of problems
        whose other columns already say the file, the line and the column."""
        lang = "fr" if str(lang).lower().startswith("fr") else "en"
        shown = {k: v[lang] if isinstance(v, Said) else
                 show_value(v, lang) if k.endswith("value") else _short(v)
                 for k, v in self.params.items()}
        if self._has_value:
            shown["value"] = show_value(self.value, lang)
        for key, nested in self.params.items():  # a problem quoted inside another one
            if key.endswith("_problem"):
                shown[key] = PROBLEMS[nested][lang].format_map(_Lenient(shown))
        return PROBLEMS[self.problem][lang].format_map(_Lenient(shown))

    def at_row(self, row: int | None, arg: str | None = None,
               column: int | str | None = None,
               cell: tuple[str, str] | None = None) -> XlsalesError:
        """A copy placed at another row, argument, column or workbook cell (when a caller
        knows better)."""
        value = self.value if self._has_value else _UNSET
        return XlsalesError(arg or self.arg, self.problem, row=row,
                            column=self.column if column is None else column,
                            cell=self.cell if cell is None else cell,
                            value=value, **self.params)


# A list in a message (the columns found, the stages to choose from) is cut here: the
# user's own names may be a pasted paragraph, and a message is one short line. The middle
# goes, so a path keeps its file name and a list its last item.
_HEAD, _TAIL = 80, 37


class Said(dict):
    """A parameter already written in each language ({"en": ..., "fr": ...}): a date or a
    span of days, which ``common.text`` writes differently in English and French."""


class Listed(str):
    """A list of the user's names its producer has already bounded (the ledger's columns
    found: 30 names of at most 40 characters). Quoted whole: cutting its middle would hide
    the very column the user is looking for."""


def _short(param: Any) -> Any:
    if not isinstance(param, str) or isinstance(param, Listed):
        return param
    text = " ".join(param.splitlines())
    return text if len(text) <= _HEAD + 3 + _TAIL else f"{text[:_HEAD]}...{text[-_TAIL:]}"


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def show_value(value: Any, lang: str = "en") -> str:
    """How a bad value is quoted in a message: text in quotes, numbers as the user writes them."""
    if value is None:
        return "(vide)" if lang == "fr" else "(blank)"
    if isinstance(value, bool | np.bool_):
        return ("VRAI" if value else "FAUX") if lang == "fr" else ("TRUE" if value else "FALSE")
    if isinstance(value, int) and abs(value) < 10**15:
        return str(value)
    if isinstance(value, int) and abs(value) >= 10**308:  # beyond a float: no digit run
        return f"{Decimal(value):.3e}".replace(".", "," if lang == "fr" else ".")
    # Larger whole numbers (xlwings Lite hands a whole 1e226 as an int) read as Excel
    # shows them, to 15 digits at most, not as hundreds of digits
    # Anything else (a list, an array, a Series given where one value was expected) is
    # quoted as text, cut short and on one line, like a long text.
    if isinstance(value, int | float | np.number):
        number = float(value)
        if math.isnan(number):
            return "(vide)" if lang == "fr" else "(blank)"
        text = f"{number:.10g}"
        return text.replace(".", ",") if lang == "fr" else text
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return "'" + text.replace("\n", " ").replace("\r", " ") + "'"

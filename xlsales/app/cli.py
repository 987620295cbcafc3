"""The command line: ``xlsales demo``, ``report``, ``template`` and ``run``.

One verb per job; every command checks its paths before any work starts, shows a
progress bar on long work (not with ``--quiet``, nor when the output is not a
terminal), and ends with an exit code scripts can trust:

    0    done
    1    the data or a file is wrong (bad lines, a missing column, a workbook that cannot
         be read): the message says which, in the chosen language
    2    the command line is wrong (an unknown option, a missing or unreadable input, an
         output that exists without --force, is an input, or has the wrong extension):
         the usage is shown
    3    internal error, a bug in xlsales: one line, and --debug shows the traceback
    130  interrupted by Ctrl-C (143 by SIGTERM): nothing is left half written

The language of messages, summary and help is ``--lang``, by default the one of the
environment: ``XLSALES_LANG``, else French when the system's locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``) is French, else English.

The workbook writer (``xlsales.workbook``) and the macros (``xlsales.buttons.macros``) are
imported only by the commands that use them.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars

from xlsales.app import report as reports
from xlsales.app.summary import print_summary, timing_line
from xlsales.common.atomic import check_target
from xlsales.common.dates import parse_date
from xlsales.common.errors import XlsalesError
from xlsales.common.file_errors import WorkbookFileError
from xlsales.common.lang import LANGS, check_lang, default_lang, say
from xlsales.common.progress import Progress
from xlsales.common.text import number
from xlsales.method.periods import KINDS as PERIODS
from xlsales.plan.layout import BUTTONS, macro_name
from xlsales.sources.databases import shown_url

__all__ = ["HELP", "LABELS", "app", "default_lang", "main"]

EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
LISTED_BAD_LINES = 10  # bad lines shown when they stop a report



def _button_names(last: str) -> str:
    """ "refresh_portfolio, ..., refresh_activity or refresh_all": the buttons of
    ``layout.BUTTONS``, for the help of MACRO."""
    names = [b.macro for b in BUTTONS]
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


# Help texts, in the environment's language (a command's help is fixed when the command is
# built). Square brackets are rich markup in typer's help: none here. Typer dedents the
# paragraphs after the first as one block, so an example's indent survives only after a
# paragraph that starts at the margin.
HELP = {
    "app": {
        "en": "A sales manager's customer-portfolio method in Excel: portfolio N-1 → N, ABC "
              "classes, client potential, segment × product matrix, churn, funnel, CRM "
              "priorities, team activity.\n\n"
              "Start with the demo, then run it on your own ledger:\n"
              "  xlsales demo\n"
              "  xlsales report ventes.csv -o plan.xlsx\n\n"
              "Exit codes: 0 done, 1 data error, 2 usage error, 3 internal error, "
              "130 interrupted.",
        "fr": "La méthode portefeuille clients d'un directeur commercial dans Excel : "
              "portefeuille N-1 → N, classes ABC, potentiel client, matrice segment × "
              "produit, attrition, entonnoir, priorités CRM, activité de l'équipe.\n\n"
              "Commencez par la démo, puis lancez-la sur votre grand livre des ventes :\n"
              "  xlsales demo\n"
              "  xlsales report ventes.csv -o plan.xlsx\n\n"
              "Codes de sortie : 0 terminé, 1 erreur de données, 2 erreur d'utilisation, "
              "3 erreur interne, 130 interrompu.",
    },
    "demo": {
        "en": "Build a realistic demo (three years of a made-up distributor's sales, its "
              "prospects and team), run every analysis, write the action-plan workbook "
              "and print a summary.\n\n"
              "The same seed gives the same data on every machine.\n\n"
              "Example:\n"
              "  xlsales demo -o demo.xlsx --lang fr",
        "fr": "Crée une démo réaliste (trois ans de ventes d'un distributeur fictif, ses "
              "prospects et son équipe), lance toutes les analyses, écrit le classeur du "
              "plan d'action et affiche un résumé.\n\n"
              "La même graine donne les mêmes données sur toute machine.\n\n"
              "Exemple :\n"
              "  xlsales demo -o demo.xlsx --lang fr",
    },
    "report": {
        "en": "Read a sales ledger (CSV or workbook export, one line per invoice line) and "
              "write the action-plan workbook: the template's sheets filled with your data "
              "and the computed results.\n\n"
              "Columns are found by their usual French or English names (Code client / "
              "Customer ID, Date facture / Invoice date, Montant HT / Net amount, Segment, "
              "Famille / Product line, Marge / Margin); name them with --client, --date, "
              "... when yours differ. Year N is the latest full year of the data unless "
              "--year says otherwise; N-1 is the year before. When N stops before its end "
              "(data to 30 June), the same days of N-1 are compared, and the summary and "
              "every sheet say so; --period ytd and --period 12m compare the year to date "
              "or the twelve months to --to.\n\n"
              "A line whose amount or date cannot be read stops the report, with every bad "
              "line listed; --skip-bad-rows leaves them out and lists them in the "
              "workbook.\n\n"
              "Example:\n"
              "  xlsales report ventes.csv -o plan.xlsx --prospects prospects.csv "
              "--team equipe.csv",
        "fr": "Lit un grand livre des ventes (export CSV ou classeur, une ligne par ligne de "
              "facture) et écrit le classeur du plan d'action : les feuilles du modèle "
              "remplies avec vos données et les résultats calculés.\n\n"
              "Les colonnes sont trouvées par leurs noms usuels en français ou en anglais "
              "(Code client / Customer ID, Date facture / Invoice date, Montant HT / Net "
              "amount, Segment, Famille / Product line, Marge / Margin) ; nommez-les avec "
              "--client, --date, ... si les vôtres diffèrent. L'année N est la dernière "
              "année complète des données, sauf --year ; N-1 est l'année d'avant. Si N "
              "s'arrête avant sa fin (données au 30 juin), les mêmes jours de N-1 sont "
              "comparés, et le résumé comme chaque feuille le disent ; --period ytd et "
              "--period 12m comparent le cumul depuis le 1er janvier ou les douze mois "
              "jusqu'à --to.\n\n"
              "Une ligne dont le montant ou la date est illisible arrête le rapport, avec "
              "la liste de toutes les lignes en erreur ; --skip-bad-rows les écarte et les "
              "liste dans le classeur.\n\n"
              "Exemple :\n"
              "  xlsales report ventes.csv -o plan.xlsx --prospects prospects.csv "
              "--team equipe.csv",
    },
    "template": {
        "en": "Write the action-plan template workbook, with example data (or empty with "
              "--empty), to fill in Excel.\n\n"
              "Its cells compute with formulas; with --xlsm it also has the buttons, which "
              "xlsales run can press from the command line.\n\n"
              "Example:\n"
              "  xlsales template -o plan.xlsm --xlsm --lang fr",
        "fr": "Écrit le classeur modèle du plan d'action, avec des données d'exemple (ou "
              "vide avec --empty), à remplir dans Excel.\n\n"
              "Ses cellules calculent par formules ; avec --xlsm il a aussi les boutons, "
              "que xlsales run sait actionner en ligne de commande.\n\n"
              "Exemple :\n"
              "  xlsales template -o plan.xlsm --xlsm --lang fr",
    },
    "run": {
        "en": "Run one of the workbook's buttons on a workbook file, as Excel would: the "
              "macro reads the tables, computes and writes its results.\n\n"
              "The workbook is changed in place, keeping a copy NAME.bak.xlsx (NAME.bak-2.xlsx "
              "... when that name is taken: no file is ever replaced), unless -o names "
              "another file.\n\n"
              "Example:\n"
              "  xlsales run refresh_all plan.xlsx",
        "fr": "Lance l'un des boutons du classeur sur un fichier, comme Excel le ferait : "
              "la macro lit les tableaux, calcule et écrit ses résultats.\n\n"
              "Le classeur est modifié sur place, avec une copie NOM.bak.xlsx (NOM.bak-2.xlsx "
              "... si ce nom est pris : aucun fichier n'est jamais remplacé), sauf si -o "
              "désigne un autre fichier.\n\n"
              "Exemple :\n"
              "  xlsales run refresh_all plan.xlsx",
    },
    "ledger": {"en": "The sales ledger: a CSV export, a workbook, a .parquet or .duckdb "
                     "file, or a database URL (postgresql://user@host/db).",
               "fr": "Le grand livre des ventes : un export CSV, un classeur, un fichier "
                     ".parquet ou .duckdb, ou l'URL d'une base (postgresql://user@hôte/base)."},
    "output": {"en": "The workbook to write (.xlsx, or .xlsm with --xlsm).",
               "fr": "Le classeur à écrire (.xlsx, ou .xlsm avec --xlsm)."},
    "demo_output": {"en": "The workbook to write.", "fr": "Le classeur à écrire."},
    "run_output": {"en": "Write the refreshed workbook here instead of in place.",
                   "fr": "Écrire le classeur actualisé ici plutôt que sur place."},
    "year": {"en": "Year N of the plan (default: the latest full year of the data).",
             "fr": "Année N du plan (par défaut : la dernière année complète des données)."},
    "period": {"en": "What N covers: year (calendar years; when N stops before its end, the "
                     "same days of N-1), ytd (1 January to --to) or 12m (the twelve months "
                     "to --to); N-1 is the same days a year earlier.",
               "fr": "Ce que couvre N : year (années civiles ; si N s'arrête avant sa fin, "
                     "les mêmes jours de N-1), ytd (du 1er janvier à --to) ou 12m (les "
                     "douze mois jusqu'à --to) ; N-1 : les mêmes jours un an plus tôt."},
    "to": {"en": "Last day of N for --period ytd or 12m, e.g. 2026-06-30 (default: the "
                 "data's last date).",
           "fr": "Dernier jour de N pour --period ytd ou 12m, par ex. 30/06/2026 (par "
                 "défaut : la dernière date des données)."},
    "column": {"en": "Name of the ledger's {what} column, when it is not found by itself.",
               "fr": "Nom de la colonne {what} du grand livre, si elle n'est pas trouvée "
                     "seule."},
    "sheet": {"en": "The ledger's sheet, in a workbook (default: the first visible sheet "
                    "that holds the client, date and amount columns).",
              "fr": "La feuille du grand livre, dans un classeur (par défaut : la première "
                    "feuille visible qui a les colonnes client, date et montant)."},
    "header_row": {"en": "The line (CSV) or sheet row of the ledger's header (default: the "
                         "row among the first 30 that names the needed columns).",
                   "fr": "La ligne (CSV) ou la ligne de feuille de l'en-tête du grand livre "
                         "(par défaut : celle des 30 premières qui nomme les colonnes "
                         "nécessaires)."},
    "encoding": {"en": "The CSV ledger's encoding: utf-8, cp1252, iso-8859-15, mac-roman… "
                       "(default: detected).",
                 "fr": "L'encodage du grand livre CSV : utf-8, cp1252, iso-8859-15, "
                       "mac-roman… (par défaut : détecté)."},
    "table": {"en": "The table to read in a database ledger (a .duckdb file or a "
                    "postgresql:// URL), e.g. ventes or schema.ventes.",
              "fr": "La table à lire dans un grand livre en base de données (un fichier "
                    ".duckdb ou une URL postgresql://), par exemple ventes ou schema.ventes."},
    "query": {"en": "Instead of --table, a SELECT whose rows are the ledger's lines (on a "
                    ".parquet file, the file is the table ledger).",
              "fr": "Au lieu de --table, un SELECT dont les lignes sont celles du grand "
                    "livre (sur un fichier .parquet, le fichier est la table ledger)."},
    "clients": {"en": "Client scores (1-5) and potential revenue, one line per client.",
                "fr": "Notes des clients (1-5) et CA potentiel, une ligne par client."},
    "prospects": {"en": "Prospect list (CRM qualification fields).",
                  "fr": "Liste de prospects (champs de qualification CRM)."},
    "deals": {"en": "CRM deals (opportunities) export: Salesforce, HubSpot, Pipedrive, Odoo "
                    "CRM, Sellsy, Axonaut.",
              "fr": "Export des affaires (opportunités) du CRM : Salesforce, HubSpot, "
                    "Pipedrive, Odoo CRM, Sellsy, Axonaut."},
    "accounts": {"en": "A FEC's revenue accounts, by their first digits (default: 70), "
                       "e.g. 70,7085.",
                 "fr": "Les comptes de CA d'un FEC, par leurs premiers chiffres (par "
                       "défaut : 70), par ex. 70,7085."},
    "team": {"en": "Sales team: quantity, orientation, efficiency per salesperson.",
             "fr": "Équipe commerciale : quantité, orientation, efficacité par commercial."},
    "activities": {"en": "CRM activities export (Salesforce, HubSpot, Pipedrive, Odoo, "
                         "Sellsy, Axonaut): client, date, type, duration, owner; gives the "
                         "cost to serve.",
                   "fr": "Export des activités du CRM (Salesforce, HubSpot, Pipedrive, Odoo, "
                         "Sellsy, Axonaut) : client, date, type, durée, responsable ; donne "
                         "le coût de service."},
    "hourly_cost": {"en": "Hourly cost of the team's time, for the cost to serve "
                          "(default 60).",
                    "fr": "Coût horaire du temps de l'équipe, pour le coût de service "
                          "(60 par défaut)."},
    "visit_cost": {"en": "Fixed cost per visit (travel), added to its hours (default 0).",
                   "fr": "Coût fixe par visite (déplacement), ajouté à ses heures "
                         "(0 par défaut)."},
    "today": {"en": "Reference date for reminders and year N, e.g. 2026-03-10 "
                    "(default: today).",
              "fr": "Date de référence des relances et de l'année N, par ex. 10/03/2026 "
                    "(par défaut : aujourd'hui)."},
    "skip_bad_rows": {"en": "Leave out the lines that cannot be read (listed in the "
                            "workbook) instead of stopping.",
                      "fr": "Écarter les lignes illisibles (listées dans le classeur) au lieu "
                            "de s'arrêter."},
    "lang": {"en": "Language of the workbook and messages: en or fr.",
             "fr": "Langue du classeur et des messages : en ou fr."},
    "xlsm": {"en": "Write the macro-enabled workbook with buttons (.xlsm).",
             "fr": "Écrire le classeur avec macros et boutons (.xlsm)."},
    "force": {"en": "Replace the output if it exists.",
              "fr": "Remplacer le fichier de sortie s'il existe."},
    "quiet": {"en": "Print nothing but errors.", "fr": "N'afficher que les erreurs."},
    "debug": {"en": "Show the traceback of an internal error.",
              "fr": "Afficher la trace d'une erreur interne."},
    "version": {"en": "Print xlsales' version and stop.",
                "fr": "Afficher la version d'xlsales et s'arrêter."},
    "seed": {"en": "Seed of the demo data.", "fr": "Graine des données de démonstration."},
    "empty": {"en": "Leave the tables empty.", "fr": "Laisser les tableaux vides."},
    "macro": {"en": f"The button to run: {_button_names('or')} (or the name of its VBA "
                    "sub, XlsalesRefreshAll...).",
              "fr": f"Le bouton à lancer : {_button_names('ou')} (ou le nom de sa macro "
                    "VBA, XlsalesRefreshAll...)."},
    "workbook": {"en": "The workbook file (.xlsx or .xlsm).",
                 "fr": "Le fichier classeur (.xlsx ou .xlsm)."},
    "no_backup": {"en": "Do not keep a .bak copy when changing the workbook in place.",
                  "fr": "Ne pas garder de copie .bak en modifiant le classeur sur place."},
}

LABELS = {
    "error": {"en": "Error:", "fr": "Erreur :"},
    "missing_input": {"en": "{path} does not exist", "fr": "{path} n'existe pas"},
    "not_a_file": {"en": "{path} is not a file", "fr": "{path} n'est pas un fichier"},
    "unreadable_input": {"en": "{path} cannot be read (permission denied)",
                         "fr": "{path} ne peut pas être lu (permission refusée)"},
    "suffix": {"en": "{path} must end with {suffix}{why}",
               "fr": "{path} doit se terminer par {suffix}{why}"},
    "why_xlsm": {"en": " (the buttons need a macro-enabled workbook; or drop --xlsm)",
                 "fr": " (les boutons demandent un classeur avec macros ; ou retirez --xlsm)"},
    "why_xlsx": {"en": " (or add --xlsm for the workbook with buttons)",
                 "fr": " (ou ajoutez --xlsm pour le classeur avec boutons)"},
    "why_same": {"en": " like the workbook it refreshes",
                 "fr": " comme le classeur qu'il actualise"},
    "bad_lines": {"en": "{count} lines cannot be read:",
                  "fr": "{count} lignes ne peuvent pas être lues :"},
    "bad_lines_more": {"en": "  ... and {n} more", "fr": "  ... et {n} de plus"},
    "bad_lines_hint": {
        "en": "Fix them in the file, or rerun with --skip-bad-rows to leave them out "
              "(they are then listed in the workbook).",
        "fr": "Corrigez-les dans le fichier, ou relancez avec --skip-bad-rows pour les "
              "écarter (elles sont alors listées dans le classeur).",
    },
    "internal": {
        "en": "internal error, a bug in xlsales ({error}). Rerun with --debug to see the "
              "traceback, and please report it.",
        "fr": "erreur interne, un défaut d'xlsales ({error}). Relancez avec --debug pour "
              "voir la trace, et merci de le signaler.",
    },
    "interrupted": {"en": "interrupted; nothing was written.",
                    "fr": "interrompu ; rien n'a été écrit."},
    "written": {"en": "Workbook written: {path}", "fr": "Classeur écrit : {path}"},
    "refreshed": {"en": "Workbook refreshed ({macro}): {path}",
                  "fr": "Classeur actualisé ({macro}) : {path}"},
    "backup": {"en": "Previous version kept as {path}",
               "fr": "Version précédente conservée sous {path}"},
    "writing": {"en": "Writing {name}", "fr": "Écriture de {name}"},
    "running": {"en": "Running {macro} on {name}", "fr": "{macro} sur {name}"},
    "reading": {"en": "Reading {name}", "fr": "Lecture de {name}"},
}

# ``--client``, ``--date``... name the ledger's columns; the words for their help
_COLUMN_WORDS = {
    "client": {"en": "client code", "fr": "code client"},
    "date": {"en": "invoice date", "fr": "date de facture"},
    "amount": {"en": "amount (net of tax)", "fr": "montant HT"},
    "segment": {"en": "client segment", "fr": "segment client"},
    "product": {"en": "product (or product line)", "fr": "produit (ou famille)"},
    "margin": {"en": "margin", "fr": "marge"},
    "client_name": {"en": "client name", "fr": "nom du client"},
}

_HELP_LANG = default_lang()


def _h(key: str, **params: str) -> str:
    return say(HELP, key, _HELP_LANG).format(**params)



def _column_help(key: str) -> str:
    return _h("column", what=say(_COLUMN_WORDS, key, _HELP_LANG))


app = typer.Typer(
    name="xlsales", help=_h("app"), no_args_is_help=True, add_completion=False,
    rich_markup_mode="rich", pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _lang_option(value: str) -> str:
    try:
        return check_lang(value)
    except XlsalesError as err:
        raise typer.BadParameter(err.detail(_HELP_LANG)) from None


# Options every command shares, declared once
Lang = Annotated[str, typer.Option("--lang", "-l", help=_h("lang"), callback=_lang_option,
                                   metavar="|".join(LANGS))]


def _flag(*names: str, help_key: str) -> Any:
    """An on/off option, shown without a type or a --no- twin."""
    return typer.Option(*names, help=_h(help_key), metavar="", show_default=False)


Xlsm = Annotated[bool, _flag("--xlsm", help_key="xlsm")]
Force = Annotated[bool, _flag("--force", "-f", help_key="force")]
Quiet = Annotated[bool, _flag("--quiet", "-q", help_key="quiet")]
Debug = Annotated[bool, _flag("--debug", help_key="debug")]


@app.command(help=_h("demo"))
def demo(ctx: typer.Context,
         output: Annotated[Path | None, typer.Option(
             "--output", "-o", metavar="FILE", show_default="xlsales-demo.xlsx",
             help=_h("demo_output"))] = None,
         seed: Annotated[int, typer.Option(help=_h("seed"), min=0)] = 2026,
         lang: Lang = _HELP_LANG, xlsm: Xlsm = False, force: Force = False,
         quiet: Quiet = False, debug: Debug = False) -> None:
    target = output or Path("xlsales-demo" + (".xlsm" if xlsm else ".xlsx"))
    _check_output(ctx, target, [], force, xlsm, lang)
    labels = {"write": _label("writing", lang, name=target.name)}
    with _guard(lang, debug), _progress(lang, quiet, labels) as progress:
        made = reports.make_demo(target, seed=seed, lang=lang, xlsm=xlsm, force=force,
                                 progress=progress)
    _finish(made, lang, quiet)


@app.command(help=_h("report"))
def report(
    ctx: typer.Context,
    ledger: Annotated[str, typer.Argument(metavar="LEDGER", help=_h("ledger"),
                                          show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                         help=_h("output"), show_default=False)],
    year: Annotated[int | None, typer.Option(metavar="N", help=_h("year"),
                                             show_default=False)] = None,
    period: Annotated[str, typer.Option(metavar="year|ytd|12m", help=_h("period"),
                                        show_default="year")] = "year",
    to: Annotated[str | None, typer.Option(metavar="DATE", help=_h("to"),
                                           show_default=False)] = None,
    client: Annotated[str | None, typer.Option(metavar="COL", help=_column_help("client"),
                                               show_default=False)] = None,
    date: Annotated[str | None, typer.Option(metavar="COL", help=_column_help("date"),
                                             show_default=False)] = None,
    amount: Annotated[str | None, typer.Option(metavar="COL", help=_column_help("amount"),
                                               show_default=False)] = None,
    segment: Annotated[str | None, typer.Option(metavar="COL", help=_column_help("segment"),
                                                show_default=False)] = None,
    product: Annotated[str | None, typer.Option(metavar="COL", help=_column_help("product"),
                                                show_default=False)] = None,
    margin: Annotated[str | None, typer.Option(metavar="COL", help=_column_help("margin"),
                                               show_default=False)] = None,
    client_name: Annotated[str | None, typer.Option(
        metavar="COL", help=_column_help("client_name"), show_default=False)] = None,
    sheet: Annotated[str | None, typer.Option(metavar="NAME", help=_h("sheet"),
                                              show_default=False)] = None,
    header_row: Annotated[int | None, typer.Option(metavar="N", help=_h("header_row"),
                                                   min=1, show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option(metavar="NAME", help=_h("encoding"),
                                                 show_default=False)] = None,
    clients: Annotated[Path | None, typer.Option(metavar="FILE", help=_h("clients"),
                                                 show_default=False)] = None,
    prospects: Annotated[Path | None, typer.Option(metavar="FILE", help=_h("prospects"),
                                                   show_default=False)] = None,
    team: Annotated[Path | None, typer.Option(metavar="FILE", help=_h("team"),
                                              show_default=False)] = None,
    deals: Annotated[Path | None, typer.Option(metavar="FILE", help=_h("deals"),
                                               show_default=False)] = None,
    accounts: Annotated[str | None, typer.Option(metavar="PREFIXES", help=_h("accounts"),
                                                 show_default=False)] = None,
    today: Annotated[str | None, typer.Option(metavar="DATE", help=_h("today"),
                                              show_default=False)] = None,
    skip_bad_rows: Annotated[bool, _flag("--skip-bad-rows", help_key="skip_bad_rows")] = False,
    lang: Lang = _HELP_LANG, xlsm: Xlsm = False, force: Force = False,
    quiet: Quiet = False, debug: Debug = False,
    activities: Annotated[Path | None, typer.Option(metavar="FILE", help=_h("activities"),
                                                    show_default=False)] = None,
    hourly_cost: Annotated[float | None, typer.Option(
        metavar="AMOUNT", help=_h("hourly_cost"), min=0, show_default=False)] = None,
    visit_cost: Annotated[float | None, typer.Option(
        metavar="AMOUNT", help=_h("visit_cost"), min=0, show_default=False)] = None,
    table: Annotated[str | None, typer.Option(metavar="NAME", help=_h("table"),
                                              show_default=False)] = None,
    query: Annotated[str | None, typer.Option(metavar="SQL", help=_h("query"),
                                              show_default=False)] = None,
) -> None:
    url = "://" in ledger  # a database by URL: no file to check, its password never shown
    shown = shown_url(ledger) if url else Path(ledger).name
    inputs = {"LEDGER": None if url else Path(ledger), "--clients": clients,
              "--prospects": prospects,
              "--team": team, "--deals": deals, "--activities": activities}
    for option, path in inputs.items():
        if path is not None:
            _check_input(ctx, path, option, lang)
    _check_output(ctx, output, list(inputs.values()), force, xlsm, lang)
    day = _reference_day(ctx, today, lang)
    last_day = _reference_day(ctx, to, lang, "--to")
    period = _period(ctx, period, last_day, lang)
    columns = {"client": client, "date": date, "amount": amount, "segment": segment,
               "product": product, "margin": margin, "client_name": client_name}
    labels = {"read": _label("reading", lang, name=shown),
              "write": _label("writing", lang, name=output.name)}
    with _guard(lang, debug), _progress(lang, quiet, labels) as progress:
        made = reports.make_report(
            ledger if url else Path(ledger), output, table=table, query=query, sheet=sheet,
            columns=columns, clients=clients,
            prospects=prospects, team=team, year=year, today=day, period=period, to=last_day,
            skip_bad_rows=skip_bad_rows, lang=lang, xlsm=xlsm, force=force, progress=progress,
            deals=deals, accounts=accounts, activities=activities,
            hourly_cost=hourly_cost, visit_cost=visit_cost, header_row=header_row,
            encoding=encoding)
    _finish(made, lang, quiet)


@app.command(help=_h("template"))
def template(ctx: typer.Context,
             output: Annotated[Path | None, typer.Option(
                 "--output", "-o", metavar="FILE", show_default="xlsales-template.xlsx",
                 help=_h("demo_output"))] = None,
             empty: Annotated[bool, _flag("--empty", help_key="empty")] = False,
             lang: Lang = _HELP_LANG, xlsm: Xlsm = False, force: Force = False,
             quiet: Quiet = False, debug: Debug = False) -> None:
    target = output or Path("xlsales-template" + (".xlsm" if xlsm else ".xlsx"))
    _check_output(ctx, target, [], force, xlsm, lang)
    labels = {"write": _label("writing", lang, name=target.name)}
    with _guard(lang, debug), _progress(lang, quiet, labels) as progress:
        from xlsales.workbook import template_data

        progress("write", 0, None)
        reports.write_plan(template_data(empty=empty), target, lang=lang, xlsm=xlsm,
                           force=force)
        progress("write", 1, 1)
    if not quiet:
        _out().print(escape(say(LABELS, "written", lang).format(path=target)))


@app.command(help=_h("run"))
def run(ctx: typer.Context,
        macro: Annotated[str, typer.Argument(
            metavar="MACRO", show_default=False, help=_h("macro"))],
        workbook: Annotated[Path, typer.Argument(metavar="WORKBOOK", help=_h("workbook"),
                                                 show_default=False)],
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", metavar="FILE", help=_h("run_output"),
            show_default=False)] = None,
        no_backup: Annotated[bool, _flag("--no-backup", help_key="no_backup")] = False,
        lang: Lang = _HELP_LANG, force: Force = False, quiet: Quiet = False,
        debug: Debug = False) -> None:
    try:  # the button's Python name or its VBA sub's, any case
        name = macro_name(macro)
    except XlsalesError as error:
        raise _Usage(ctx, "MACRO", error.detail(lang), lang) from None
    _check_input(ctx, workbook, "WORKBOOK", lang)
    _check_suffix(ctx, workbook, "WORKBOOK", (".xlsx", ".xlsm"), "", lang)
    if output is not None:
        _check_output(ctx, output, [workbook], force, workbook.suffix.lower() == ".xlsm",
                      lang, why=say(LABELS, "why_same", lang))
    labels = {"run": _label("running", lang, macro=name, name=workbook.name)}
    with _guard(lang, debug), _progress(lang, quiet, labels) as progress:
        from xlsales.buttons.macros import run_macro_file

        progress("run", 0, None)
        result = run_macro_file(name, workbook, backup=not no_backup, output=output)
        progress("run", 1, 1)
    if quiet:
        return
    console = _out()
    console.print(escape(say(LABELS, "refreshed", lang).format(
        macro=name, path=result.saved or output or workbook)))
    if result.backup:
        console.print(escape(say(LABELS, "backup", lang).format(path=result.backup)))
    for note in result.notes:
        console.print(escape(f"  {note}"))
    stale = cli_excel.stale_buttons_note(workbook, lang)
    if stale:
        console.print(escape(stale))


# --- checks before any work ------------------------------------------------------------


class _Usage(typer.BadParameter):
    """A wrong argument, said in the user's language ("--output : ..."): click's own
    wrapping ("Invalid value for") is English only."""

    def __init__(self, ctx: typer.Context, option: str, message: str, lang: str) -> None:
        super().__init__(message, ctx=ctx, param_hint=option)
        self.said = f"{option} : {message}" if lang == "fr" else f"{option}: {message}"

    def format_message(self) -> str:
        return self.said


def _check_input(ctx: typer.Context, path: Path, option: str, lang: str) -> None:
    problem = ("missing_input" if not path.exists() else
               "not_a_file" if not path.is_file() else
               "unreadable_input" if not os.access(path, os.R_OK) else None)
    if problem:
        raise _Usage(ctx, option, say(LABELS, problem, lang).format(path=path), lang)


def _check_output(ctx: typer.Context, path: Path, inputs: list[Path | None], force: bool,
                  xlsm: bool, lang: str, why: str | None = None) -> None:
    suffix = ".xlsm" if xlsm else ".xlsx"
    reason = why if why is not None else say(LABELS, "why_xlsm" if xlsm else "why_xlsx",
                                             lang)
    _check_suffix(ctx, path, "--output", (suffix,), reason, lang)
    try:
        check_target(path, inputs=inputs, force=force)
    except XlsalesError as err:
        raise _Usage(ctx, "--output", err.detail(lang), lang) from None
    except WorkbookFileError as err:  # open in Excel, read-only: refused as ``run`` does
        _say_error(err.message(lang), lang)
        raise typer.Exit(EXIT_DATA) from None


def _check_suffix(ctx: typer.Context, path: Path, option: str, suffixes: tuple[str, ...],
                  why: str, lang: str) -> None:
    if path.suffix.lower() not in suffixes:
        raise _Usage(ctx, option, say(LABELS, "suffix", lang).format(
            path=path, suffix=" / ".join(suffixes), why=why), lang)


def _reference_day(ctx: typer.Context, text: str | None, lang: str,
                   option: str = "--today") -> dt.date | None:
    if text is None:
        return None
    try:
        day = parse_date(text, option)
    except XlsalesError as err:
        raise _Usage(ctx, option, err.detail(lang), lang) from None
    if day is None:
        raise _Usage(ctx, option, XlsalesError(option, "blank").detail(lang), lang)
    return day.date()


def _period(ctx: typer.Context, text: str, to: dt.date | None, lang: str) -> str:
    """The period's name (year, ytd, 12m), checked with --to before any file is read."""
    name = text.strip().lower()
    if name not in PERIODS:
        raise _Usage(ctx, "--period", XlsalesError("--period", "unknown_period",
                                                   value=text).detail(lang), lang)
    if to is not None and name == "year":
        raise _Usage(ctx, "--to", XlsalesError("--to", "to_with_year_period").detail(lang),
                     lang)
    return name


# --- running and reporting ------------------------------------------------------------


def _out() -> Console:
    return Console(highlight=False)


def _err() -> Console:
    # soft wrap: a message stays one line in a log, the terminal wraps it if it must
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _guard(lang: str, debug: bool) -> Iterator[None]:
    """Turn what can go wrong into a message in ``lang`` and an exit code."""
    try:
        yield
    except reports.BadLines as err:
        _bad_lines(err.inputs, lang)
        raise typer.Exit(EXIT_DATA) from None
    except XlsalesError as err:
        _say_error(err.message(lang), lang)
        raise typer.Exit(EXIT_DATA) from None
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except KeyboardInterrupt as err:
        _say_error(say(LABELS, "interrupted", lang), lang)
        raise typer.Exit(128 + getattr(err, "signum", signal.SIGINT)) from None
    except OSError as err:  # a file that cannot be read or written: not a bug
        _say_error(_os_message(err, lang), lang)
        raise typer.Exit(EXIT_DATA) from None
    except Exception as err:
        if debug:
            traceback.print_exc()
        _say_error(say(LABELS, "internal", lang).format(
            error=f"{type(err).__name__}: {err}"), lang)
        raise typer.Exit(EXIT_INTERNAL) from None


def _os_message(err: OSError, lang: str) -> str:
    if isinstance(err, WorkbookFileError):  # it names the file and says it in ``lang``
        return err.message(lang)
    where = f"{err.filename}: " if err.filename else ""
    return f"{where}{err.strerror or err}"


def _say_error(text: str, lang: str) -> None:
    _err().print(f"[bold red]{escape(say(LABELS, 'error', lang))}[/bold red] {escape(text)}")


def _bad_lines(inputs: reports.Inputs, lang: str) -> None:
    _say_error(say(LABELS, "bad_lines", lang).format(
        count=number(inputs.bad_line_count(), lang)), lang)
    console = _err()
    for message in inputs.bad_line_messages(lang, limit=LISTED_BAD_LINES):
        console.print(escape(f"  {message}"))
    left = len(inputs.bad_rows()) - LISTED_BAD_LINES
    if left > 0:
        console.print(escape(say(LABELS, "bad_lines_more", lang).format(n=number(left, lang))))
    console.print(escape(say(LABELS, "bad_lines_hint", lang)))


@contextmanager
def _progress(lang: str, quiet: bool, labels: dict[str, str]) -> Iterator[Progress]:
    """A ``common.progress.Progress`` drawing one bar per phase on the terminal (none when quiet or
    when stderr is not a terminal, so logs and pipes stay clean). ``labels`` words the
    phases that name a file; the others take ``report.LABELS``."""
    console = _err()
    if quiet or not console.is_terminal:
        yield lambda phase, done, total: None
        return
    bars = Bars(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TimeElapsedColumn(), console=console, transient=True)
    tasks: dict[str, Any] = {}

    def show(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            label = labels.get(phase) or say(reports.LABELS, phase, lang)
            tasks[phase] = bars.add_task(escape(label), total=total)
        bars.update(tasks[phase], completed=done, total=total)

    with bars:
        yield show


def _label(key: str, lang: str, **names: str) -> str:
    return say(LABELS, key, lang).format(**names)


def _finish(made: reports.Report, lang: str, quiet: bool) -> None:
    if quiet:
        return
    console = _out()
    print_summary(made, console, lang)
    console.print(escape(say(LABELS, "written", lang).format(path=made.output)))
    console.print(escape(timing_line(made, lang)))


# --- the Excel set-up commands, and the version ------------------------------------------

from xlsales.app import cli_excel  # noqa: E402  (uses default_lang, above)

app.add_typer(cli_excel.excel_app)
app.command("upgrade", help=say(cli_excel.UPGRADE_HELP, "upgrade", _HELP_LANG))(
    cli_excel.upgrade)


def _show_version(value: bool) -> None:
    if value:
        import xlsales
        typer.echo(f"xlsales {xlsales.__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", help=_h("version"), callback=_show_version, is_eager=True,
        metavar="", show_default=False)] = False) -> None:
    """Options of xlsales itself, before any command."""


# --- entry point -----------------------------------------------------------------------


class _Stopped(KeyboardInterrupt):
    """SIGTERM met like Ctrl-C, so the same clean-up runs (no half file is left)."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.signum = signum


def _stop(signum: int, _frame: Any) -> None:
    raise _Stopped(signum)


def main() -> None:
    """The ``xlsales`` command (``python -m xlsales``)."""
    signal.signal(signal.SIGTERM, _stop)
    app(prog_name="xlsales")


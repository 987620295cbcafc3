"""``xlsales excel setup`` and ``xlsales excel lite``: the command-line face of excel_setup.

Kept apart from ``cli.py`` (which registers this sub-command group) so the report commands
and the set-up commands each stay a screen long.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from xlsales.app import excel_setup
from xlsales.common.atomic import atomic_output, check_target, lock_file
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import LANGS, check_lang, default_lang, say

__all__ = ["HELP", "excel_app"]

HELP = {
    "excel": {"en": "Set Excel up for xlsales: desktop Excel (xlwings add-in) or xlwings "
                    "Lite.",
              "fr": "Configurer Excel pour xlsales : Excel de bureau (complément xlwings) "
                    "ou xlwings Lite."},
    "setup": {
        "en": "Check each step of the desktop Excel set-up (Python, the xlwings add-in, UDF "
              "Modules and Interpreter in xlwings.conf, trust access to the VBA project) and "
              "say what to click for the rest. --apply writes xlwings.conf; Excel itself is "
              "never started or changed.\n\n"
              "Example:\n"
              "  xlsales excel setup --apply",
        "fr": "Vérifie chaque étape de la configuration d'Excel de bureau (Python, "
              "complément xlwings, UDF Modules et Interpreter dans xlwings.conf, accès "
              "approuvé au projet VBA) et dit quoi cliquer pour le reste. --apply écrit "
              "xlwings.conf ; Excel lui-même n'est jamais lancé ni modifié.\n\n"
              "Exemple :\n"
              "  xlsales excel setup --apply",
    },
    "lite": {
        "en": "Write main.py and requirements.txt for xlwings Lite (Excel on the web and "
              "for Mac) into a folder.\n\n"
              "Example:\n"
              "  xlsales excel lite -o lite",
        "fr": "Écrit main.py et requirements.txt pour xlwings Lite (Excel sur le web et "
              "pour Mac) dans un dossier.\n\n"
              "Exemple :\n"
              "  xlsales excel lite -o lite",
    },
    "apply": {"en": "Write xlsales' settings into xlwings.conf (other settings kept).",
              "fr": "Écrire les réglages d'xlsales dans xlwings.conf (les autres gardés)."},
    "folder": {"en": "The folder to write main.py and requirements.txt into.",
               "fr": "Le dossier où écrire main.py et requirements.txt."},
    "requirement": {"en": "What Lite installs: xlsales, or the URL of an xlsales wheel.",
                    "fr": "Ce que Lite installe : xlsales, ou l'URL d'une roue (wheel) "
                          "xlsales."},
    "lang": {"en": "Language of messages: en or fr.", "fr": "Langue des messages : en ou fr."},
    "force": {"en": "Replace main.py and requirements.txt if they exist.",
              "fr": "Remplacer main.py et requirements.txt s'ils existent."},
}


_HELP_LANG = default_lang()  # the help's language is fixed when the commands are built


def _h(key: str) -> str:
    return say(HELP, key, _HELP_LANG)


def _lang(value: str) -> str:
    try:
        return check_lang(value)
    except XlsalesError as err:
        raise typer.BadParameter(err.detail(_HELP_LANG)) from None



Lang = Annotated[str, typer.Option("--lang", "-l", help=_h("lang"), callback=_lang,
                                   metavar="|".join(LANGS))]

excel_app = typer.Typer(name="excel", help=_h("excel"), no_args_is_help=True,
                        add_completion=False, rich_markup_mode="rich")

_MARKS = {"ok": "[green]✓[/green]", "todo": "[yellow]→[/yellow]", "info": "[blue]·[/blue]"}


@excel_app.command(help=_h("setup"))
def setup(apply: Annotated[bool, typer.Option("--apply", help=_h("apply"), metavar="",
                                               show_default=False)] = False,
          lang: Lang = _HELP_LANG) -> None:
    env = excel_setup.Environment.here()
    console = Console(highlight=False, soft_wrap=True)
    console.print(escape(say(excel_setup.LABELS, "title", lang).format(system=env.system)))
    if apply:
        written = excel_setup.write_config(env)
        console.print(f"{_MARKS['ok']} " + escape(
            say(excel_setup.LABELS, "config_written", lang).format(file=written)))
    for check in excel_setup.check_setup(env, lang):
        console.print(f"{_MARKS[check.status]} " + escape(check.text))


@excel_app.command(help=_h("lite"))
def lite(folder: Annotated[Path, typer.Option("--output", "-o", metavar="FOLDER",
                                              help=_h("folder"))] = Path("."),
         requirement: Annotated[str, typer.Option(metavar="SPEC", help=_h("requirement"))]
         = "xlsales",
         force: Annotated[bool, typer.Option("--force", "-f", help=_h("force"), metavar="",
                                             show_default=False)] = False,
         lang: Lang = _HELP_LANG) -> None:
    console = Console(highlight=False, soft_wrap=True)
    folder.mkdir(parents=True, exist_ok=True)
    files = excel_setup.lite_files(requirement)
    try:
        for name in files:  # every target checked before anything is written
            check_target(folder / name, force=force)
    except XlsalesError as err:
        console.print(escape(err.message(lang)))
        raise typer.Exit(2) from None
    for name, text in files.items():
        with atomic_output(folder / name, force=force) as temp:
            temp.write_text(text, encoding="utf-8")
        console.print(escape(say(excel_setup.LABELS, "lite_written", lang).format(
            path=folder / name)))
    console.print(escape(say(excel_setup.LABELS, "lite_next", lang)))


# --- xlsales upgrade ---------------------------------------------------------------------

UPGRADE_HELP = {
    "upgrade": {
        "en": "Bring a workbook's buttons to the installed xlwings: its copy of xlwings' VBA "
              "module (which names the DLL of the xlwings it was made with) is replaced by "
              "the installed one; every other part of the file is kept, and the previous "
              "version is kept as NAME.bak.xlsm.\n\n"
              "Example:\n"
              "  xlsales upgrade plan.xlsm",
        "fr": "Met les boutons d'un classeur à la version d'xlwings installée : sa copie du "
              "module VBA d'xlwings (qui nomme la DLL de la version d'origine) est remplacée "
              "par celle installée ; tout le reste du fichier est gardé, et la version "
              "précédente est conservée sous NOM.bak.xlsm.\n\n"
              "Exemple :\n"
              "  xlsales upgrade plan.xlsm",
    },
    "workbook": {"en": "The workbook with buttons (.xlsm).",
                 "fr": "Le classeur avec boutons (.xlsm)."},
}

UPGRADE_LABELS = {
    "current": {"en": "{path}: its buttons already use xlwings {version}; nothing to do.",
                "fr": "{path} : ses boutons utilisent déjà xlwings {version} ; rien à faire."},
    "upgraded": {"en": "{path}: buttons moved from xlwings {old} to {new}.",
                 "fr": "{path} : boutons passés d'xlwings {old} à {new}."},
    "backup": {"en": "Previous version kept as {path}",
               "fr": "Version précédente conservée sous {path}"},
    "unknown": {"en": "an unknown version", "fr": "une version inconnue"},
    "stale": {
        "en": "Note: the buttons of {name} use xlwings {old}; the installed xlwings is {new}, "
              "so in Excel they will look for a DLL that is gone. Run: xlsales upgrade {name}",
        "fr": "Note : les boutons de {name} utilisent xlwings {old} ; xlwings installé est en "
              "{new}, donc dans Excel ils chercheront une DLL disparue. Lancez : xlsales "
              "upgrade {name}",
    },
}


def stale_buttons_note(workbook: Path, lang: str) -> str | None:
    """The line ``xlsales run`` prints when a workbook's buttons embed another xlwings."""
    from xlsales.workbook import vba_upgrade

    if workbook.suffix.lower() != ".xlsm":
        return None
    try:
        found = vba_upgrade.xlwings_version_of(workbook.read_bytes())
    except (XlsalesError, OSError, ValueError):
        return None  # no VBA project, or none xlsales can read: nothing to say
    if found.workbook is None or found.current:
        return None
    return say(UPGRADE_LABELS, "stale", lang).format(name=workbook.name, old=found.workbook,
                                                     new=found.installed)


def upgrade(workbook: Annotated[Path, typer.Argument(metavar="WORKBOOK",
                                                     help=say(UPGRADE_HELP, "workbook",
                                                              _HELP_LANG))],
            lang: Lang = _HELP_LANG) -> None:
    from xlsales.common.file_errors import WorkbookFileError
    from xlsales.workbook import vba_upgrade

    console = Console(highlight=False, soft_wrap=True)
    try:
        new, before = vba_upgrade.upgrade_package(_read_workbook(workbook))
        if before.current:
            console.print(escape(say(UPGRADE_LABELS, "current", lang).format(
                path=workbook, version=before.installed)))
            return
        # the previous version kept under the first free name (plan.bak.xlsm, then
        # plan.bak-2.xlsm...): a copy the user keeps is never replaced, and a failed write
        # leaves no backup behind
        output = atomic_output(workbook, force=True, backup=True)
        with output as temp:
            temp.write_bytes(new)
        backup = output.backup
    except WorkbookFileError as err:
        console.print(escape(err.message(lang)))
        raise typer.Exit(1) from None
    except XlsalesError as err:
        console.print(escape(f"{workbook.name}: {err.detail(lang)}"))
        raise typer.Exit(1) from None
    old = before.workbook or say(UPGRADE_LABELS, "unknown", lang)
    console.print(escape(say(UPGRADE_LABELS, "upgraded", lang).format(
        path=workbook, old=old, new=before.installed)))
    console.print(escape(say(UPGRADE_LABELS, "backup", lang).format(path=backup)))


def _read_workbook(path: Path) -> bytes:
    """The workbook's bytes, refused as the buttons refuse a file (open elsewhere, missing,
    not a workbook)."""
    import zipfile

    from xlsales.common.file_errors import WorkbookFileError

    lock = lock_file(path)
    if lock is not None:
        raise WorkbookFileError("locked", path, lock.name)
    if not path.is_file():
        raise WorkbookFileError("missing", path)
    if not zipfile.is_zipfile(path):
        raise WorkbookFileError("not_workbook", path)
    return path.read_bytes()

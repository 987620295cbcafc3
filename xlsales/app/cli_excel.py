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
from xlsales.common.atomic import atomic_output, check_target
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import LANGS, check_lang, say

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


def _help_lang() -> str:
    from xlsales.app.cli import default_lang
    return default_lang()


def _h(key: str) -> str:
    return say(HELP, key, _help_lang())


def _lang(value: str) -> str:
    try:
        return check_lang(value)
    except XlsalesError as err:
        raise typer.BadParameter(err.detail(_help_lang())) from None


Lang = Annotated[str, typer.Option("--lang", "-l", help=_h("lang"), callback=_lang,
                                   metavar="|".join(LANGS))]

excel_app = typer.Typer(name="excel", help=_h("excel"), no_args_is_help=True,
                        add_completion=False, rich_markup_mode="rich")

_MARKS = {"ok": "[green]✓[/green]", "todo": "[yellow]→[/yellow]", "info": "[blue]·[/blue]"}


@excel_app.command(help=_h("setup"))
def setup(apply: Annotated[bool, typer.Option("--apply", help=_h("apply"), metavar="",
                                               show_default=False)] = False,
          lang: Lang = _help_lang()) -> None:
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
         lang: Lang = _help_lang()) -> None:
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

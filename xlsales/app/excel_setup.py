"""``xlsales excel setup`` and ``xlsales excel lite``: Excel set up once, checked step by step.

Desktop Excel runs xlsales' formulas and buttons through the free xlwings add-in, which
needs five things: the add-in in Excel's start-up folder, Excel's *Trust access to the VBA
project object model*, ``xlsales_udfs`` in the add-in's UDF Modules, the Python that has
xlsales as its Interpreter, and one click on *Import Functions*. Each can go wrong without
a word (a Microsoft Store Python that Excel cannot start, a 32-bit Excel beside a 64-bit
Python, a config file naming another Python), so ``setup`` checks each step, writes what
it may (the user's xlwings configuration file, ``~/.xlwings/xlwings.conf``), and says
exactly what to click for the rest. It never starts or drives Excel: where Excel is not
installed (Linux, CI) it reports, and the report is the same.

xlwings Lite (Excel on the web and for Mac) instead runs a ``main.py`` and installs a
``requirements.txt`` in its own Python: ``lite`` writes both.

The checks are plain functions over an ``Environment`` (paths, platform, the interpreter),
so the tests run them on Linux against a folder laid out as Windows or a Mac would.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import platform
import struct
import sys
from pathlib import Path

from xlsales.common.atomic import atomic_output
from xlsales.common.lang import say

__all__ = ["LABELS", "Check", "Environment", "check_setup", "config_lines",
           "lite_files", "write_config"]

UDF_MODULE = "xlsales_udfs"
UDF_KEY = "UDF MODULES"
ADDIN = "xlwings.xlam"

LABELS = {
    "title": {"en": "Excel set-up for xlsales ({system})",
              "fr": "Configuration d'Excel pour xlsales ({system})"},
    "ok": {"en": "ok", "fr": "ok"},
    "todo": {"en": "to do", "fr": "à faire"},
    "info": {"en": "note", "fr": "note"},
    "python": {"en": "Python {version} ({bits}-bit): {path}",
               "fr": "Python {version} ({bits} bits) : {path}"},
    "store_python": {
        "en": "this is the Microsoft Store's Python, which Excel cannot start: install "
              "Python from python.org and reinstall xlsales there",
        "fr": "c'est le Python du Microsoft Store, qu'Excel ne sait pas lancer : installez "
              "Python depuis python.org et réinstallez xlsales dans celui-là",
    },
    "bits": {"en": "Excel must be {bits}-bit like this Python (File > Account > About "
                   "Excel shows it); otherwise the add-in says it cannot load its DLL",
             "fr": "Excel doit être en {bits} bits comme ce Python (Fichier > Compte > À "
                   "propos d'Excel l'indique) ; sinon le complément ne charge pas sa DLL"},
    "module": {"en": "the cell formulas ({module}) import in this Python",
               "fr": "les formules ({module}) s'importent dans ce Python"},
    "no_module": {"en": "{module} is not installed in this Python: pip install xlsales",
                  "fr": "{module} n'est pas installé dans ce Python : pip install xlsales"},
    "xlwings": {"en": "xlwings {version} is installed", "fr": "xlwings {version} est installé"},
    "addin": {"en": "the xlwings add-in is in Excel's start-up folder: {path}",
              "fr": "le complément xlwings est dans le dossier de démarrage d'Excel : {path}"},
    "addin_old": {
        "en": "the add-in in {path} is not the one of xlwings {version}: run "
              "'xlwings addin install' again",
        "fr": "le complément de {path} n'est pas celui d'xlwings {version} : relancez "
              "'xlwings addin install'",
    },
    "no_addin": {"en": "the xlwings add-in is not installed: run 'xlwings addin install'",
                 "fr": "le complément xlwings n'est pas installé : lancez "
                       "'xlwings addin install'"},
    "addin_unknown": {"en": "Excel is not installed here: the add-in cannot be checked",
                      "fr": "Excel n'est pas installé ici : le complément ne peut être "
                            "vérifié"},
    "config": {"en": "{file} sets {key} = {value}",
               "fr": "{file} règle {key} = {value}"},
    "config_missing": {
        "en": "{file} does not set {key} to {value}: rerun with --apply, or type it in the "
              "xlwings ribbon tab",
        "fr": "{file} ne règle pas {key} à {value} : relancez avec --apply, ou saisissez-le "
              "dans l'onglet xlwings du ruban",
    },
    "config_written": {"en": "written: {file}", "fr": "écrit : {file}"},
    "trust": {
        "en": "in Excel: File > Options > Trust Center > Trust Center Settings > Macro "
              "Settings > tick 'Trust access to the VBA project object model'",
        "fr": "dans Excel : Fichier > Options > Centre de gestion de la confidentialité > "
              "Paramètres > Paramètres des macros > cochez « Accès approuvé au modèle "
              "d'objet du projet VBA »",
    },
    "trusted": {"en": "Excel trusts access to the VBA project object model",
                "fr": "Excel approuve l'accès au modèle d'objet du projet VBA"},
    "import": {
        "en": "in Excel, open your workbook, then on the xlwings ribbon tab click Import "
              "Functions; the formulas appear under the category xlsales",
        "fr": "dans Excel, ouvrez votre classeur, puis dans l'onglet xlwings du ruban "
              "cliquez sur Import Functions ; les formules apparaissent dans la catégorie "
              "xlsales",
    },
    "restart": {
        "en": "after upgrading xlsales, click Restart UDF Server on the xlwings tab (or "
              "close Excel) so the new version is used",
        "fr": "après une mise à jour d'xlsales, cliquez sur Restart UDF Server dans "
              "l'onglet xlwings (ou fermez Excel) pour utiliser la nouvelle version",
    },
    "lite_written": {"en": "written: {path}", "fr": "écrit : {path}"},
    "lite_next": {
        "en": "In Excel, open the xlwings Lite task pane: paste main.py into its editor "
              "and requirements.txt into its requirements tab, then restart.",
        "fr": "Dans Excel, ouvrez le volet xlwings Lite : collez main.py dans son éditeur "
              "et requirements.txt dans son onglet requirements, puis redémarrez.",
    },
}


@dataclasses.dataclass(frozen=True)
class Environment:
    """What the checks look at, so a test can stand in for Windows or a Mac."""

    system: str               # "Windows", "Darwin", "Linux"
    home: Path
    python: Path
    python_version: str
    python_bits: int
    appdata: Path | None = None  # %APPDATA% on Windows

    @classmethod
    def here(cls) -> Environment:
        appdata = os.environ.get("APPDATA")
        return cls(system=platform.system(), home=Path.home(), python=Path(sys.executable),
                   python_version=platform.python_version(),
                   python_bits=struct.calcsize("P") * 8,
                   appdata=Path(appdata) if appdata else None)

    @property
    def config_file(self) -> Path:
        """xlwings' user configuration file (the path xlwings itself uses)."""
        if self.system == "Darwin":
            return (self.home / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
                    / "xlwings.conf")
        return self.home / ".xlwings" / "xlwings.conf"

    @property
    def interpreter_key(self) -> str:
        return "INTERPRETER_MAC" if self.system == "Darwin" else "INTERPRETER_WIN"

    @property
    def startup_folder(self) -> Path | None:
        """Excel's per-user start-up folder, where 'xlwings addin install' puts the add-in."""
        if self.system == "Windows" and self.appdata is not None:
            return self.appdata / "Microsoft" / "Excel" / "XLSTART"
        if self.system == "Darwin":
            return (self.home / "Library" / "Group Containers" / "UBF8T346G9.Office"
                    / "User Content" / "Startup" / "Excel")
        return None


@dataclasses.dataclass(frozen=True)
class Check:
    """One step: ``status`` is "ok", "todo" or "info"; ``text`` says it in the language."""

    status: str
    text: str


def _xlwings_dir() -> Path | None:
    spec = importlib.util.find_spec("xlwings")
    return Path(spec.origin).parent if spec and spec.origin else None


def _xlwings_version(folder: Path) -> str:
    # read, not imported: importing xlwings takes a second and starts nothing useful here
    for line in (folder / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    return "?"


def read_config(path: Path) -> dict[str, str]:
    """xlwings.conf as xlwings writes it: one ``"KEY","value"`` a line."""
    found: dict[str, str] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        key, sep, value = line.partition(",")
        if sep:
            found[key.strip().strip('"')] = value.strip().strip('"')
    return found


def config_lines(env: Environment) -> dict[str, str]:
    """The settings xlsales needs in xlwings.conf."""
    return {UDF_KEY: UDF_MODULE, env.interpreter_key: str(env.python)}


def write_config(env: Environment) -> Path:
    """Set xlsales' keys in xlwings.conf, keeping every other line as it was."""
    path = env.config_file
    wanted = config_lines(env)
    kept = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            key = line.partition(",")[0].strip().strip('"')
            if line.strip() and key not in wanted:
                kept.append(line)
    kept += [f'"{key}","{value}"' for key, value in wanted.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path, force=True) as temp:
        temp.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def check_setup(env: Environment, lang: str = "en") -> list[Check]:
    """Every step of the desktop set-up, in the order a user does them."""

    def text(label: str, **params: object) -> str:
        return say(LABELS, label, lang).format(**params)

    checks = [Check("ok", text("python", version=env.python_version, bits=env.python_bits,
                               path=env.python))]
    if env.system == "Windows" and "WindowsApps" in env.python.parts:
        checks.append(Check("todo", text("store_python")))
    checks.append(Check("info", text("bits", bits=env.python_bits)))
    if importlib.util.find_spec(UDF_MODULE) is None:
        checks.append(Check("todo", text("no_module", module=UDF_MODULE)))
    else:
        checks.append(Check("ok", text("module", module=UDF_MODULE)))
    xlwings_dir = _xlwings_dir()
    version = _xlwings_version(xlwings_dir) if xlwings_dir else "?"
    checks.append(Check("ok", text("xlwings", version=version)))
    startup = env.startup_folder
    if startup is None:
        checks.append(Check("info", text("addin_unknown")))
    elif (startup / ADDIN).is_file():
        shipped = xlwings_dir / "addin" / ADDIN if xlwings_dir else None
        same = shipped is not None and shipped.is_file() and (
            (startup / ADDIN).read_bytes() == shipped.read_bytes())
        checks.append(Check("ok", text("addin", path=startup / ADDIN)) if same else
                      Check("todo", text("addin_old", path=startup / ADDIN, version=version)))
    else:
        checks.append(Check("todo", text("no_addin")))
    config = read_config(env.config_file)
    for key, value in config_lines(env).items():
        have = config.get(key, "")
        good = (value in [part.strip() for part in have.split(";")] if key == UDF_KEY
                else Path(have) == Path(value))
        checks.append(Check("ok", text("config", file=env.config_file, key=key, value=have))
                      if good else
                      Check("todo", text("config_missing", file=env.config_file, key=key,
                                         value=value)))
    trusted = _vba_access_trusted(env)
    checks.append(Check("ok", text("trusted")) if trusted else Check("todo", text("trust")))
    checks.append(Check("todo", text("import")))
    checks.append(Check("info", text("restart")))
    return checks


def _vba_access_trusted(env: Environment) -> bool:
    """Excel's AccessVBOM setting, readable on Windows only (the registry)."""
    if env.system != "Windows":
        return False
    try:
        import winreg
    except ImportError:
        return False
    for version in ("16.0", "15.0"):
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                                rf"Software\Microsoft\Office\{version}\Excel\Security") as key:
                return winreg.QueryValueEx(key, "AccessVBOM")[0] == 1
        except OSError:
            continue
    return False


MAIN_PY = '''\
# xlwings Lite: the xlsales cell formulas and buttons (written by `xlsales excel lite`).
from xlsales_udfs import *  # noqa: F403  (ABC_CLASS, PORTFOLIO_BRIDGE, ...)
from xlsales_scripts import *  # noqa: F403  (one script per button)
'''


def lite_files(requirement: str = "xlsales") -> dict[str, str]:
    """main.py and requirements.txt for xlwings Lite; ``requirement`` may be a wheel URL."""
    return {"main.py": MAIN_PY, "requirements.txt": f"{requirement}\n"}

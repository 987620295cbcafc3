"""A file that cannot be read or written, said in the user's language.

Distinct from ``XlsalesError``, which is about the data: a workbook open in Excel, a
read-only file or a full disk is not a wrong figure, and the command line answers it with
its own message. Every message names the file (its name only: the folder is the user's
own, and a temporary name would mean nothing to them).
"""

from __future__ import annotations

from pathlib import Path

from xlsales.common.lang import say

__all__ = ["FILE_PROBLEMS", "WorkbookFileError"]

FILE_PROBLEMS: dict[str, dict[str, str]] = {
    # {detail} is the operating system's or the file reader's own text
    "missing": {"en": "{path}: no such file", "fr": "{path} : fichier introuvable"},
    "not_workbook": {
        "en": "{path} is not an Excel workbook (.xlsx, .xlsm)",
        "fr": "{path} n'est pas un classeur Excel (.xlsx, .xlsm)",
    },
    "encrypted": {
        "en": "{path} is password-protected or in the old .xls format: save it as .xlsx "
              "or .xlsm without a password to open",
        "fr": "{path} est protégé par mot de passe ou au vieux format .xls : enregistrez-le "
              "en .xlsx ou .xlsm sans mot de passe à l'ouverture",
    },
    "unreadable": {
        "en": "{path} cannot be read as an Excel workbook ({detail})",
        "fr": "{path} ne peut pas être lu comme un classeur Excel ({detail})",
    },
    "locked": {
        "en": "{path} is open in Excel or LibreOffice (lock file {detail}): close it first, "
              "or delete the lock file if nobody has it open",
        "fr": "{path} est ouvert dans Excel ou LibreOffice (fichier de verrou {detail}) : "
              "fermez-le d'abord, ou supprimez le verrou si personne ne l'a ouvert",
    },
    "read_only": {
        "en": "{path} is read-only: nothing was written",
        "fr": "{path} est en lecture seule : rien n'a été écrit",
    },
    "unwritable": {
        "en": "{path} cannot be written ({detail}): nothing was changed",
        "fr": "{path} ne peut pas être écrit ({detail}) : rien n'a été modifié",
    },
    "extension": {
        "en": "{path}: a copy must keep the workbook's extension {detail}",
        "fr": "{path} : une copie doit garder l'extension du classeur {detail}",
    },
    "changed": {
        "en": "{path} changed on disk while xlsales was working: nothing was written, "
              "run again",
        "fr": "{path} a changé sur le disque pendant le travail d'xlsales : rien n'a été "
              "écrit, relancez",
    },
    "too_large": {
        "en": "{path} unpacks to more megabytes than xlsales opens ({detail}): a damaged "
              "file, or a workbook too large for xlsales",
        "fr": "{path} se décompresse en plus de mégaoctets qu'xlsales n'en ouvre ({detail}) :"
              " un fichier endommagé, ou un classeur trop grand pour xlsales",
    },
    "unsupported": {
        "en": "{path} has a structure xlsales cannot edit safely ({detail}): open and save "
              "it in Excel, then run again",
        "fr": "{path} a une structure qu'xlsales ne sait pas modifier sans risque ({detail}) :"
              " ouvrez-le et enregistrez-le dans Excel, puis relancez",
    },
}


class WorkbookFileError(OSError):
    """A workbook file that cannot be read or written (missing, not a workbook, open
    elsewhere, read-only, a full disk). Distinct from ``XlsalesError``, which is about the
    data, so the command line can answer with its own exit code."""

    def __init__(self, problem: str, path: Path | str, detail: str = "") -> None:
        if problem not in FILE_PROBLEMS:
            raise KeyError(f"unknown problem {problem!r}")
        self.problem, self.path, self.detail = problem, Path(path), detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return say(FILE_PROBLEMS, self.problem, "fr" if str(lang).startswith("fr") else "en"
                   ).format(path=self.path.name, detail=self.detail)

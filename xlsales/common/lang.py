"""The two languages every user-facing word of xlsales exists in.

Labels are kept beside the analysis they belong to, as ``{key: {"en": ..., "fr": ...}}``
tables; this module only names the languages and picks a word from such a table, so a
missing translation is caught in one place (and by ``tests/common/test_labels.py``).
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

LANGS = ("en", "fr")

_ALIASES = {
    "en": "en", "eng": "en", "english": "en", "anglais": "en", "en-gb": "en", "en-us": "en",
    "fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "français": "fr", "francais": "fr",
    "fr-fr": "fr", "fr-be": "fr", "fr-ch": "fr", "fr-ca": "fr",
}

Labels = Mapping[str, Mapping[str, str]]


def check_lang(lang: object, arg: str = "lang") -> str:
    """Return "en" or "fr" for the ways a user may write a language, else raise."""
    if type(lang) is str and lang in LANGS:  # the common case, once per translated cell
        return lang
    if lang is None or (isinstance(lang, str) and not lang.strip()):
        return "en"
    key = str(lang).strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    from xlsales.common.errors import XlsalesError

    raise XlsalesError(arg, "choice", value=lang, choices="en, fr")


def default_lang(environ: Any = None) -> str:
    """The language of the environment: XLSALES_LANG, else the locale's if French."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("XLSALES_LANG", "").strip()
    if chosen:
        try:
            return check_lang(chosen)
        except ValueError:  # XlsalesError, a ValueError: no import cycle here
            return "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def say(labels: Labels, key: str, lang: str = "en") -> str:
    """The label ``key`` of a label table, in ``lang``."""
    return labels[key][check_lang(lang)]


def label_key(labels: Labels, text: object) -> str | None:
    """The key whose label (in any language) or key matches ``text``, ignoring case.

    Lets a user type "Gros", "big" or "BIG" where a level is expected.
    """
    return label_keys(labels, [text])[0]


def label_keys(labels: Labels, texts: Iterable[object]) -> list[str | None]:
    """``label_key`` of each text of a column, the table's words folded once."""
    lookup: dict[str, str] = {}
    for key, words in labels.items():
        for word in (key, *words.values()):
            lookup.setdefault(_fold(word), key)  # the first key listed wins, as documented
    return [None if text is None else lookup.get(_fold(str(text))) for text in texts]


@functools.lru_cache(maxsize=1024)
def _fold(text: str) -> str:
    # Cached: a column matches the same few labels against the same few words per cell.
    plain = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).replace(" ", "")

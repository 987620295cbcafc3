"""Checking that a table of labels says the same thing in English and French."""

from __future__ import annotations

import string
from collections.abc import Mapping


def check_labels(labels: Mapping[str, Mapping[str, str]]) -> None:
    """Every label has a non-empty English and French text with the same {blanks}."""
    for key, words in labels.items():
        assert set(words) == {"en", "fr"} and all(words.values()), key
        assert _blanks(words["en"]) == _blanks(words["fr"]), key


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}

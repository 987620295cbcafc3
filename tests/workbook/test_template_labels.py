"""Every word the template shows exists in English and French, with the same blanks."""

from __future__ import annotations

import importlib
import string

import pytest

MODULES = ["abc", "activity", "book", "charts", "clients", "funnel", "guide", "matrix",
           "plan", "portfolio", "potential", "qualification"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("module", MODULES)
def test_labels_have_both_languages_and_the_same_placeholders(module):
    labels = importlib.import_module(f"xlsales.workbook.{module}").LABELS
    for key, words in labels.items():
        assert set(words) == {"en", "fr"}, key
        assert words["en"].strip() and words["fr"].strip(), key
        assert _fields(words["en"]) == _fields(words["fr"]), key

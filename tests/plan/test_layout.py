"""The workbook contract is consistent in both languages (checked against Excel's rules)."""

import re

import pytest

from xlsales.common.lang import LANGS
from xlsales.plan import layout

# Excel: a sheet name has at most 31 characters and none of : \ / ? * [ ]
_BAD_SHEET = re.compile(r"[:\\/?*\[\]]")
# Structured references must escape [ ] # ' inside a column name: we keep headers free of them
_BAD_HEADER = re.compile(r"[\[\]#']")


@pytest.mark.parametrize("lang", LANGS)
def test_sheet_names_are_valid_excel_names_and_distinct(lang):
    names = [layout.sheet_name(key, lang) for key in layout.SHEETS]
    assert len(set(names)) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not _BAD_SHEET.search(name), name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("table", layout.TABLES.values(), ids=lambda t: t.name)
def test_table_headers_are_distinct_and_need_no_escaping(table, lang):
    headers = [c.header(lang) for c in table.columns]
    assert len({h.lower() for h in headers}) == len(headers)
    for header in headers:
        assert header.strip() == header and not _BAD_HEADER.search(header), header


@pytest.mark.parametrize("table", layout.TABLES.values(), ids=lambda t: t.name)
def test_headers_in_either_language_map_back_to_the_same_keys(table):
    english = [c.en for c in table.columns]
    french_upper = [c.fr.upper() for c in table.columns]
    expected = {i: c.key for i, c in enumerate(table.columns)}
    assert table.match_headers(english) == expected
    assert table.match_headers(french_upper) == expected
    # a user's own extra column is simply not ours
    assert table.match_headers(["My notes", english[0]]) == {1: table.columns[0].key}


def test_defined_names_are_unique_valid_and_on_known_sheets():
    names = [area.name for area in layout.AREAS]
    assert len(set(names)) == len(names)
    for area in layout.AREAS:
        assert re.fullmatch(r"xls_[a-z0-9_]+", area.name)
        assert area.sheet in layout.SHEETS and area.kind in {"input", "formula", "output",
                                                                 "report"}
        assert area.en and area.fr


def test_every_button_runs_a_distinct_macro_from_a_known_sheet():
    assert len({b.macro for b in layout.BUTTONS}) == len(layout.BUTTONS)
    assert len({b.vba_sub for b in layout.BUTTONS}) == len(layout.BUTTONS)
    for button in layout.BUTTONS:
        assert button.sheet in layout.SHEETS and re.fullmatch(r"[A-Za-z]\w*", button.vba_sub)

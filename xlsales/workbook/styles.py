"""How the template looks: one palette, so a user learns once what each colour means.

Yellow cells are the manager's inputs, grey ones computed by formulas (do not type in
them), light blue blocks are written by xlsales' Python (the generator and the buttons).
A cell's format is a combination of named traits, ``styles.get("input", "share")``, each
combination made once per workbook.
"""

from __future__ import annotations

from typing import Any

from xlsales.common.text import excel_number_format
from xlsales.plan import layout

__all__ = ["COLOURS", "DATE_FORMATS", "TRAITS", "Styles"]

COLOURS = {
    "ink": "#1F3864",
    "muted": "#595959",
    "input": "#FFF2CC",
    "computed": "#F2F2F2",
    "python": "#DDEBF7",
    "python_ink": "#2F5597",
    "line": "#BFBFBF",
    "win": "#C6EFCE",
    "win_ink": "#006100",
    "develop": "#FFEB9C",
    "develop_ink": "#9C5700",
    "alert": "#FFC7CE",
    "alert_ink": "#9C0006",
}

TRAITS: dict[str, dict[str, Any]] = {
    # text
    "title": {"bold": True, "font_size": 16, "font_color": COLOURS["ink"]},
    "howto": {"italic": True, "font_color": COLOURS["muted"], "text_wrap": False},
    "section": {"bold": True, "font_size": 12, "font_color": COLOURS["ink"], "bottom": 1,
                "bottom_color": COLOURS["ink"]},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True, "valign": "top"},
    "note": {"italic": True, "font_color": COLOURS["alert_ink"]},
    "caption": {"italic": True, "font_size": 9, "font_color": COLOURS["python_ink"]},
    "header": {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True,
               "valign": "top"},
    "header1": {"bold": True, "bg_color": "#D9E1F2", "bottom": 1},
    "total": {"bold": True, "top": 1},
    "center": {"align": "center"},
    "middle": {"valign": "vcenter"},
    "indent": {"indent": 1},
    "signal": {"text_wrap": True, "align": "center", "valign": "vcenter", "font_size": 8},
    # cell roles
    "input": {"bg_color": COLOURS["input"], "border": 1, "border_color": COLOURS["line"]},
    "computed": {"bg_color": COLOURS["computed"]},
    "python": {"bg_color": COLOURS["python"]},
    "helper": {"font_color": COLOURS["muted"], "font_size": 9},
    # numbers
    "money": {"num_format": layout.MONEY},
    "share": {"num_format": layout.SHARE},
    "score": {"num_format": layout.SCORE},
    "date": {"num_format": layout.DATE},
    "whole": {"num_format": excel_number_format(0)},
    "year": {"num_format": "0"},  # 2025, never 2,025
    "decimal": {"num_format": "0.0"},
    "ratio": {"num_format": "0.00"},
    # conditional formats
    "win": {"bg_color": COLOURS["win"], "font_color": COLOURS["win_ink"]},
    "develop": {"bg_color": COLOURS["develop"], "font_color": COLOURS["develop_ink"]},
    "alert": {"bg_color": COLOURS["alert"], "font_color": COLOURS["alert_ink"]},
}

# a date as each language writes it: ISO in English, day first in French (10/03/2026)
DATE_FORMATS = {"en": layout.DATE, "fr": "dd/mm/yyyy"}

# layout's number formats -> the trait that gives them
_NUMBER_TRAITS = {layout.MONEY: "money", layout.SHARE: "share", layout.SCORE: "score",
                  layout.DATE: "date", "0.0": "decimal"}


class Styles:
    """The workbook's formats, made on first use from named traits."""

    def __init__(self, workbook: Any, lang: str = "en") -> None:
        self.workbook = workbook
        self.lang = lang
        self._made: dict[tuple[str, ...], Any] = {}

    def get(self, *traits: str | None) -> Any:
        """The format combining ``traits`` (later traits win; None is skipped)."""
        key = tuple(t for t in traits if t)
        if not key:
            return None
        if key not in self._made:
            properties: dict[str, Any] = {}
            for trait in key:
                properties.update(TRAITS[trait])
                if trait == "date":
                    properties["num_format"] = DATE_FORMATS.get(self.lang, layout.DATE)
            self._made[key] = self.workbook.add_format(properties)
        return self._made[key]

    @staticmethod
    def number(number_format: str | None) -> str | None:
        """The trait of one of layout's number formats (None: general)."""
        return _NUMBER_TRAITS.get(number_format) if number_format else None

"""The buttons are declared once, in ``layout.BUTTONS``: every other place derives them."""

import re
from pathlib import Path

import xlsales_scripts

from xlsales.buttons import macros
from xlsales.plan import layout
from xlsales.workbook.vba_project import xlsales_module

PACKAGE = Path(__file__).resolve().parents[2] / "xlsales"


def test_every_place_a_button_appears_derives_from_the_layout():
    for button in layout.BUTTONS:
        function = getattr(macros, button.macro)
        assert function.__name__ == button.macro and function.__doc__ == button.doc
        assert macros.MACROS[button.macro].areas == button.areas
        script = getattr(xlsales_scripts, button.script)
        assert script.__name__ == f"xlsales_{button.macro}" and script.__doc__ == button.doc
        assert layout.caption(button.macro, "fr") == button.fr == button.caption("fr")
        assert layout.button(button.vba_sub.upper()) is button
    code = xlsales_module().code
    assert re.findall(r"^Sub (\w+)\(\)", code, flags=re.M) == [b.vba_sub for b in
                                                                layout.BUTTONS]


def test_no_module_picks_a_button_by_index_or_repeats_a_caption():
    captions = [text for b in layout.BUTTONS for text in (b.en, b.fr)]
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "plan" / "layout.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "BUTTONS[" not in source, path
        assert not [c for c in captions if f'"{c}"' in source], path
        assert not re.search(r"^def (xlsales_)?refresh_\w+\(", source, flags=re.M), path

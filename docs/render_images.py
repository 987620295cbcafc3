"""Render each sheet of the template to a PNG for the README (LibreOffice, then pdftoppm).

    python docs/render_images.py [--width 1000] [--lang en fr] [--fr-sheets abc ...]

Each sheet is printed on one page; the long tables (Clients, Qualification) show their
first rows only, as a screen would. Each page is cropped to its content and rendered about
``--width`` pixels wide. Images go to docs/images/<lang>-<n>-<sheet>.png.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness.libreoffice import convert  # noqa: E402
from xlsales.plan import layout  # noqa: E402
from xlsales.workbook import template_data, workbook_bytes  # noqa: E402

# rows printed of the sheets holding a long table (their header row included)
ROWS_SHOWN = {"clients": 32, "portfolio": 48, "qualification": 48}
# the key sheets shown in French as well (the README stays under 2 MB of images)
FRENCH = ("abc", "matrix", "qualification", "plan")


def one_page_per_sheet(content: bytes) -> bytes:
    """The workbook with every sheet fitted to one page and the long tables cut short."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'fitToHeight="0"', b'fitToHeight="1"')
            if info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                for key, rows in ROWS_SHOWN.items():
                    index = list(layout.SHEETS).index(key)
                    text = re.sub(
                        rf'(<definedName name="_xlnm.Print_Area" localSheetId="{index}">'
                        rf"[^<]*?\$)(\d+)(</definedName>)",
                        lambda m, rows=rows: f"{m.group(1)}{rows}{m.group(3)}", text)
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def _content_box(pdf: Path, page: int, dpi: int, folder: Path) -> tuple[int, int, int, int]:
    """(x, y, width, height) in pixels at ``dpi`` of the page's non-white content."""
    prefix = folder / f"box-{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(prefix)], check=True, capture_output=True)
    raw = prefix.with_suffix(".ppm").read_bytes()
    magic, width, height, depth, pixels = raw.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255"
    image = np.frombuffer(pixels, dtype=np.uint8).reshape(int(height), int(width), 3)
    ink = np.argwhere((image < 235).any(axis=2))
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0)
    margin = dpi // 8
    x, y = max(left - margin, 0), max(top - margin, 0)
    return (int(x), int(y), int(min(right + margin, int(width)) - x),
            int(min(bottom + margin, int(height)) - y))


def render(lang: str, width: int, folder: Path, sheets: list[str]) -> list[Path]:
    """One PNG per sheet of ``sheets``, cropped to its content, about ``width`` pixels
    wide."""
    content = one_page_per_sheet(workbook_bytes(template_data(), lang=lang))
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"template-{lang}.xlsx"
        source.write_bytes(content)
        # the French workbook as a French user's Excel shows it: 1 234 567, 10/03/2026
        pdf = convert(source, "pdf", Path(tmp), locale="fr-FR" if lang == "fr" else "en-US")
        for page, key in enumerate(layout.SHEETS, start=1):
            if key not in sheets:
                continue
            probe = 72
            _, _, probe_width, _ = _content_box(pdf, page, probe, Path(tmp))
            dpi = min(220, max(60, round(probe * width / probe_width)))
            x, y, w, h = _content_box(pdf, page, dpi, Path(tmp))
            target = folder / f"{lang}-{page:02d}-{key}"
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l",
                            str(page), "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h),
                            "-singlefile", str(pdf), str(target)], check=True,
                           capture_output=True)
            written.append(target.with_suffix(".png"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1000, help="pixels per image")
    parser.add_argument("--lang", nargs="+", default=["en", "fr"])
    parser.add_argument("--fr-sheets", nargs="+", default=list(FRENCH),
                        help="the sheets shown in French too (all of them in English)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang:
        sheets = list(layout.SHEETS) if lang == "en" else args.fr_sheets
        for path in render(lang, args.width, args.out, sheets):
            print(path, path.stat().st_size)


if __name__ == "__main__":
    main()

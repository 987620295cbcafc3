"""Render each sheet of the template to a PNG for the README (LibreOffice, then pdftoppm).

    /work/venv/bin/python docs/render_images.py [--dpi 80] [--lang en fr]

Each sheet is printed on one page; the long tables (Clients, Qualification) show their
first rows only, as a screen would. Images go to docs/images/<lang>-<n>-<sheet>.png.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness.libreoffice import convert  # noqa: E402
from xlsales import layout  # noqa: E402
from xlsales.workbook import template_data, workbook_bytes  # noqa: E402

# rows printed of the sheets holding a long table (their header row included)
ROWS_SHOWN = {"clients": 32, "qualification": 48}


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


def render(lang: str, dpi: int, folder: Path) -> list[Path]:
    content = one_page_per_sheet(workbook_bytes(template_data(), lang=lang))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"template-{lang}.xlsx"
        source.write_bytes(content)
        pdf = convert(source, "pdf", Path(tmp))
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(Path(tmp) / "page")],
                       check=True, capture_output=True)
        pages = sorted(Path(tmp).glob("page-*.png"))
        if len(pages) != len(layout.SHEETS):
            raise SystemExit(f"{len(pages)} pages for {len(layout.SHEETS)} sheets")
        written = []
        for n, (key, page) in enumerate(zip(layout.SHEETS, pages, strict=True), start=1):
            target = folder / f"{lang}-{n:02d}-{key}.png"
            shutil.copyfile(page, target)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--lang", nargs="+", default=["en", "fr"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang:
        for path in render(lang, args.dpi, args.out):
            print(path, path.stat().st_size)


if __name__ == "__main__":
    main()

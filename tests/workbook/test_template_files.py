"""The generated workbooks are reproducible, and the committed copies are up to date.

The same data, language and stamp give the same bytes (fixed document dates, zip members
dated 1980-01-01, stable order); the files in ``workbooks/`` hold what the generator makes
now, member by member, compared uncompressed (another zlib's compression is no change).
XML, formulas, strings and styles must be exact; a cached number (``<v>``, a chart's
``<c:v>``) may differ by 1e-12 relative: numpy's pairwise sums change their last digit
between releases (the HHI was 0.06374765616207742 under numpy 2.3, 0.0637476561620774
under 2.4), and no figure a user reads depends on it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile

import pytest

from xlsales.plan.analysis import PlanData
from xlsales.workbook import committed_workbooks, template_data, workbook_bytes
from xlsales.workbook.committed import COMMITTED, WORKBOOKS

REGENERATE = "python -m xlsales.workbook"


@pytest.mark.parametrize(("lang", "xlsm"), [("en", False), ("fr", True)])
def test_generating_twice_gives_the_same_bytes(lang, xlsm):
    data = template_data()
    assert workbook_bytes(data, lang=lang, xlsm=xlsm) == workbook_bytes(data, lang=lang,
                                                                         xlsm=xlsm)


def test_an_empty_template_with_a_stamp_is_reproducible_too():
    stamp = dt.datetime(2026, 1, 5, 9, 30)
    assert workbook_bytes(PlanData(), stamp=stamp) == workbook_bytes(PlanData(), stamp=stamp)


def test_the_document_is_dated_by_the_stamp_and_its_members_by_1980():
    content = workbook_bytes(template_data())  # the demo's reference date: 10 March 2026
    archive = zipfile.ZipFile(io.BytesIO(content))
    core = archive.read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-03-10T00:00:00Z" in core
    assert "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-03-10T00:00:00Z" in core
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _members(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


_CACHED = re.compile(rb"(<(?:c:)?v>)([^<]*)(</(?:c:)?v>)")
NUMBERS_TOLERANCE = 1e-12


def _same(committed: bytes, generated: bytes) -> bool:
    """Equal, but for cached numbers within ``NUMBERS_TOLERANCE`` of each other."""
    if committed == generated:
        return True
    old, new = _CACHED.split(committed), _CACHED.split(generated)
    if len(old) != len(new):
        return False
    # split() alternates text, <v>, value, </v>, text...: every 4th item from 2 is a value
    for index, (a, b) in enumerate(zip(old, new, strict=True)):
        if a == b:
            continue
        if index % 4 != 2:
            return False
        try:
            x, y = float(a), float(b)
        except ValueError:
            return False
        if not math.isclose(x, y, rel_tol=NUMBERS_TOLERANCE, abs_tol=0.0):
            return False
    return True


def test_the_comparison_allows_a_last_digit_and_nothing_else():
    sheet = b'<c r="B2"><f>SUM(A:A)</f><v>0.06374765616207742</v></c>'
    assert _same(sheet, sheet.replace(b"0.06374765616207742", b"0.0637476561620774"))
    assert not _same(sheet, sheet.replace(b"0.06374765616207742", b"0.0637477"))
    assert not _same(sheet, sheet.replace(b"SUM(A:A)", b"SUM(B:B)"))
    assert not _same(sheet, sheet.replace(b'r="B2"', b'r="B3"'))
    text = b'<c r="A1" t="str"><f>A2</f><v>12.5</v></c>'
    assert not _same(text, text.replace(b"12.5", b"12,5"))
    assert _same(b"<c:v>1.0000000000000002</c:v>", b"<c:v>1</c:v>")


@pytest.fixture(scope="module")
def generated():
    return committed_workbooks()


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_committed_workbooks_are_what_the_generator_makes(name, generated):
    path = WORKBOOKS / name
    assert path.exists(), f"{path} is missing: run {REGENERATE}"
    committed, generated = _members(path.read_bytes()), _members(generated[name])
    assert list(committed) == list(generated), f"{name}: other members; run {REGENERATE}"
    changed = [member for member in generated if not _same(committed[member], generated[member])]
    assert not changed, f"{name}: {', '.join(changed)} differ; run {REGENERATE}"

"""The generated workbooks are reproducible, and the committed copies are up to date.

The same data, language and stamp give the same bytes (fixed document dates, zip members
dated 1980-01-01, stable order); the files in ``workbooks/`` hold exactly what the
generator makes now, member by member (compared uncompressed, so another zlib's
compression does not count as a change).
"""

from __future__ import annotations

import datetime as dt
import io
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


@pytest.fixture(scope="module")
def generated():
    return committed_workbooks()


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_committed_workbooks_are_what_the_generator_makes(name, generated):
    path = WORKBOOKS / name
    assert path.exists(), f"{path} is missing: run {REGENERATE}"
    committed, generated = _members(path.read_bytes()), _members(generated[name])
    assert list(committed) == list(generated), f"{name}: other members; run {REGENERATE}"
    changed = [member for member in generated if committed[member] != generated[member]]
    assert not changed, f"{name}: {', '.join(changed)} differ; run {REGENERATE}"

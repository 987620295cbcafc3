"""Opening a table file — a CSV export or a workbook — as raw columns with the file's line numbers.

Sales managers get their ledger from an ERP or CRM export, saved by Excel or written by the
system itself: French or English, UTF-8 or Windows-1252, ``;`` or ``,`` or tab, sometimes a
workbook; often a report as the ERP prints it, with a title, a period line and blank rows
above the header, or Excel's ``sep=;`` first line. This module only finds the header (the
row among the first ``HEADER_ROWS`` that names most of the columns the caller needs, or
the one the user forces) and hands back the wanted columns as the file holds them (text,
or the numbers and dates a workbook stores), each row with the number the user sees beside
it: the file's line (with the header on line 1, the first data line is line 2); in a
workbook, the sheet's row number. In a workbook the first visible sheet that names the
needed columns is read, unless a sheet is named. Turning those values into clients, dates
and amounts is ``columns.py``'s job; choosing the columns is ``ledger.py``'s.

Anything that is not a readable table raises ``XlsalesError`` naming the file: an empty
file, a binary file with a ``.csv`` name, a text file or a truncated archive with an
``.xlsx`` name, a password-protected workbook, a workbook that unpacks to more than
``MAX_UNPACKED`` bytes (a decompression bomb), a first line of more than ``MAX_COLUMNS``
columns, an unknown extension.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, say
from xlsales.common.progress import Progress
from xlsales.common.unpacked import unpacked_size
from xlsales.common.values import ambiguous_dots, column_decimal, implied_decimal

__all__ = ["CSV_SUFFIXES", "LABELS", "MAX_COLUMNS", "MAX_UNPACKED", "WORKBOOK_SUFFIXES",
           "RawColumns", "Source", "TableFile", "header_key"]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SEPARATORS = (";", "\t", ",", "|")  # on a tie in the header, the first wins
# The most a workbook may unpack to (its zip directory's sizes, checked before reading).
# python-calamine holds the whole sheet: 5 bytes of memory per byte of the densest XML
# (numbers in bare <c><v> cells; 100 MB of them peaked at 570 MB), so 400 MB stays under
# 2 GB. A million-line, seven-column ledger as Excel writes it unpacks to about 300 MB.
MAX_UNPACKED = 400 * 10**6
MAX_COLUMNS = 16_384  # a worksheet's columns: a header with more is not a table's
HEADER_ROWS = 30  # the rows where the header is looked for (a report's title, filters, blanks)
# Encodings tried, in order, on a CSV that is not UTF-8: each decodes the sample and the
# one whose letters read as words wins (Windows-1252 on a tie: Excel's and most ERPs').
SINGLE_BYTE = ("cp1252", "iso-8859-15", "mac-roman")

# Spaces Excel writes inside formatted numbers ("1 234,50" with a no-break or a narrow
# no-break space). Made plain spaces before parsing, so the C parser reads such numbers
# itself; text keeps its meaning, since identifiers fold every space to one anyway.
_ODD_SPACES = ("\u00a0".encode(), "\u202f".encode(), "\u2009".encode())
_SNIFF_ROWS = 1000
_BLOCK = 1 << 24  # bytes of a CSV scanned at a time for its lines
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_QUOTED = re.compile(rb'"[^"]*"')

LABELS = {
    "separator": {"en": "separator", "fr": "séparateur"},
    "decimal": {"en": "decimal mark", "fr": "marque décimale"},
    "sheet": {"en": "sheet", "fr": "feuille"},
    "lines": {"en": "data lines", "fr": "lignes de données"},
    "tab": {"en": "tab", "fr": "tabulation"},
}


@dataclass(frozen=True)
class Source:
    """What was read and how, so a report can tell the user (and the user can check)."""

    path: str
    format: str  # "csv", "xlsx", "xlsm", "xlsb", "xls" or "ods"
    encoding: str | None = None  # "utf-8", "utf-8-sig", "utf-16" or "cp1252" (CSV only)
    separator: str | None = None  # CSV only
    decimal: str | None = None  # the decimal mark the number columns showed, if any
    sheet: str | None = None  # workbooks only
    lines: int = 0  # data lines, blank ones included

    def describe(self, lang: str = "en") -> str:
        """One line for a report: "ventes.csv: CSV, cp1252, separator ';', ..."."""
        lang = check_lang(lang)
        parts = [self.format.upper()]
        if self.encoding:
            parts.append(self.encoding)
        if self.separator:
            shown = say(LABELS, "tab", lang) if self.separator == "\t" else (
                f"'{self.separator}'")
            parts.append(f"{say(LABELS, 'separator', lang)} {shown}")
        if self.decimal:
            parts.append(f"{say(LABELS, 'decimal', lang)} '{self.decimal}'")
        if self.sheet:
            parts.append(f"{say(LABELS, 'sheet', lang)} '{self.sheet}'")
        parts.append(f"{self.lines} {say(LABELS, 'lines', lang)}")
        sep = " : " if lang == "fr" else ": "
        return Path(self.path).name + sep + ", ".join(parts)


@dataclass(frozen=True, eq=False)
class RawColumns:
    """The wanted columns of a file, as the file holds them, with the rows' line numbers."""

    values: dict[int, pd.Series]  # header position -> one value per data row
    lines: np.ndarray  # the line (CSV) or sheet row (workbook) of each data row
    blank: np.ndarray  # True where the whole row is empty (every column, wanted or not)
    duplicates: int  # data rows that repeat an earlier row exactly (blank rows aside)
    source: Source
    decimal: str | None  # the decimal mark a sample of the number columns shows


class TableFile:
    """An opened table file: its header first, then the columns the caller picks from it.

    ``TableFile(path, sheet=None)`` checks the file and reads its header; ``read(...)``
    reads the data. Two steps, so a caller matches column names before any large read and
    a CSV parser only converts the columns that are used.
    """

    def __init__(self, path: str | Path, sheet: str | None = None, *,
                 needed: Sequence[Sequence[str]] = (), header_row: int | None = None,
                 encoding: str | None = None) -> None:
        """``needed``: per column the caller needs, its names folded by ``header_key``; the
        header is the row among the first ``HEADER_ROWS`` that names most of them (an ERP
        report prints a title and a blank row above it), unless ``header_row`` (the line or
        sheet row the user sees) forces it. ``encoding`` forces a CSV's encoding."""
        self.path = Path(path)
        self._needed = [set(group) for group in needed]
        self._header_row = header_row
        self._forced_encoding = encoding
        self.name = self.path.name
        suffix = self.path.suffix.lower()
        if suffix not in CSV_SUFFIXES + WORKBOOK_SUFFIXES:
            raise XlsalesError(self.name, "choice", value=suffix or self.name,
                               choices=", ".join(CSV_SUFFIXES + WORKBOOK_SUFFIXES))
        self.format = "csv" if suffix in CSV_SUFFIXES else suffix[1:]
        try:
            # calamine reads a workbook from its path; a CSV is read whole, once.
            data = self.path.read_bytes() if self.format == "csv" else None
            size = self.path.stat().st_size
        except OSError as err:
            raise XlsalesError(self.name, "unreadable", detail=err.strerror or str(err)) from None
        if not size or (data is not None and not data.strip()):
            raise XlsalesError(self.name, "empty")
        if header_row is not None and header_row < 1:
            raise XlsalesError("header-row", "not_positive", value=header_row)
        if data is None:
            self._open_workbook(sheet)
        elif sheet is not None:
            raise XlsalesError(f"{self.name}, --sheet", "missing_sheet", value=sheet,
                               found="(CSV)")
        else:
            self._open_csv(data)

    # -- CSV ------------------------------------------------------------------------------

    def _open_csv(self, data: bytes) -> None:
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or (b"\x00" in data[:65536] and not utf16):
            raise XlsalesError(self.name, "not_text_file")
        self.encoding, data = _decode(data, self.name, self._forced_encoding)
        for odd in _ODD_SPACES:
            if odd in data:
                data = data.replace(odd, b" ")
        self.sheet = None
        self.sheets: list[str] = []
        heads = data.split(b"\n", HEADER_ROWS)[:HEADER_ROWS]
        first = heads[0].strip(b"\r")
        said = None  # Excel's "sep=;" first line names the separator and is not the header
        if len(first) == 5 and first[:4].lower() == b"sep=":
            said = first[4:].decode("latin-1")
        unquoted = _QUOTED.sub(b"", first)
        counts = [unquoted.count(sep.encode()) for sep in SEPARATORS]
        if max(counts) >= MAX_COLUMNS:  # pandas takes minutes and gigabytes over such a header
            raise XlsalesError(self.name, "too_many_columns", n=max(counts) + 1,
                               limit=MAX_COLUMNS)
        start = 1 if said else 0
        rows: dict[str, list[list[str]]] = {}
        for sep in ([said] if said else SEPARATORS):
            rows[sep] = [_split_line(line, sep) for line in heads[start:]]
        if self._header_row is not None:
            index = self._header_row - 1
            last = len(heads) - (not heads[-1].strip(b"\r"))  # the end of the last line
            if index < start or index >= last:
                raise XlsalesError("header-row", "header_row_outside", value=self._header_row,
                                   file=self.name, last=last)
            candidates = [(sep, index) for sep in rows]
        else:
            candidates = [(sep, start + k) for sep in rows for k in range(len(rows[sep]))]
        best = max(candidates, key=lambda c: (self._score(rows[c[0]][c[1] - start]),
                                               -c[1], len(rows[c[0]][c[1] - start]),
                                               -SEPARATORS.index(c[0])
                                               if c[0] in SEPARATORS else 0))
        if self._header_row is None and not self._score(rows[best[0]][best[1] - start]):
            # no needed column anywhere: the first line is the header, as it always was
            unnamed = [unquoted.count(sep.encode()) for sep in SEPARATORS]
            best = (said or SEPARATORS[unnamed.index(max(unnamed))], start)
        self.separator, self._skip = best
        self._data = data
        self.header = [" ".join(name.split()) for name in rows[self.separator][self._skip - start]]

    def _score(self, cells: Sequence[str]) -> int:
        """How many needed columns a row names."""
        keys = {header_key(cell) for cell in cells}
        return sum(1 for group in self._needed if group & keys)

    def _csv(self, handle: Any = None, **options: Any) -> pd.DataFrame:
        try:
            return pd.read_csv(
                handle or io.BytesIO(self._data), sep=self.separator, header=0,
                skiprows=self._skip, engine="c",
                keep_default_na=False, na_values=[""], skip_blank_lines=False, **options)
        except (pd.errors.ParserError, ValueError, UnicodeError, IndexError) as err:
            detail = " ".join(str(err).split())[:120]
            raise XlsalesError(self.name, "not_format", kind="CSV", detail=detail) from None

    def _read_csv(self, text: Sequence[int], numbers: Sequence[int],
                  progress: Progress | None) -> RawColumns:
        wanted = sorted(set(text) | set(numbers))
        names = [self.header[i] for i in wanted]  # columns are read by position
        # pandas' own names for the columns (it renames a repeated "Client" "Client.1")
        labels = list(self._csv(nrows=0).columns)
        dtype = {labels[i]: str for i in wanted if i not in numbers and i < len(labels)}
        decimal, thousands = self._sniff_numbers(numbers)
        frame = self._csv(_CountedBytes(self._data, progress), usecols=wanted, dtype=dtype,
                          decimal=decimal or ".", thousands=thousands)
        lines = _Lines(self._data)
        first = self._skip + 2  # the line after the header
        line_numbers = (np.arange(first, len(frame) + first)
                        if lines.count - first + 1 == len(frame)
                        else self._record_lines(len(frame)))
        empty = np.ones(len(frame), dtype=bool)
        # by position: usecols keeps the file's order, the same as ``wanted``, and two
        # columns may share a name
        columns = [frame.iloc[:, k] for k in range(len(wanted))]
        for column in columns:  # each column narrows the candidates, so the first does most
            candidates = np.flatnonzero(empty)
            empty[candidates] = column.iloc[candidates].isna().to_numpy()
        blank = np.zeros(len(frame), dtype=bool)
        strip = b" \t\r\"" + self.separator.encode()
        blank_lines = []
        for i in np.flatnonzero(empty):  # usually none: check the whole line, not the picks
            raw = lines[line_numbers[i] - 1] if line_numbers[i] - 1 < lines.count else b""
            if not raw.strip(strip):
                blank[i] = True
                blank_lines.append(raw)
        duplicates = (lines.repeats(first=self._skip + 1)
                      - (len(blank_lines) - len(set(blank_lines))))
        values = {i: column.rename(name)
                  for i, name, column in zip(wanted, names, columns, strict=True)}
        source = Source(str(self.path), "csv", encoding=self.encoding,
                        separator=self.separator, lines=len(frame))
        return RawColumns(values, line_numbers, blank, duplicates, source, decimal)

    def _sniff_numbers(self, numbers: Sequence[int]) -> tuple[str | None, str | None]:
        """The decimal mark and space grouping a sample of the number columns shows.

        Given to the C parser, they let it read clean number columns itself; a column it
        cannot read whole comes back as text and is read by ``columns.py`` by the
        foundation's rules, so a wrong guess costs time, never a wrong number.
        """
        if not numbers:
            return None, None
        sample = self._csv(usecols=list(numbers), dtype=str, nrows=_SNIFF_ROWS)
        decimal = None
        thousands = None
        for name in sample.columns:
            texts = sample[name].dropna().tolist()
            decimal = decimal or column_decimal(texts)
            if any(" " in text.strip() for text in texts):
                thousands = " "
        if decimal is None:  # "1.500" with nothing to say whether it is 1500 or 1.5
            for k, name in zip(sorted(numbers), sample.columns, strict=True):
                dotted = ambiguous_dots(sample[name].dropna().tolist(), self.separator)
                if dotted:
                    shown = ", ".join(f"'{t}'" for t in dict.fromkeys(dotted[:3]))
                    raise XlsalesError(f"{self.name}, {self.header[k]}", "ambiguous_dots",
                                       values=shown)
        return implied_decimal(self.separator, decimal), thousands

    def _record_lines(self, records: int) -> np.ndarray:
        """Line numbers when quoted values span lines, so records and lines differ."""
        reader = csv.reader(io.StringIO(self._data.decode("utf-8"), newline=""),
                            delimiter=self.separator)
        starts = []
        previous = 0
        # The csv module refuses a field above 128 kB, which pandas has just read: allow
        # the whole file for this pass (the limit is the module's, so it is put back).
        limit = csv.field_size_limit(max(csv.field_size_limit(), len(self._data)))
        try:
            for _ in reader:
                starts.append(previous + 1)
                previous = reader.line_num
        finally:
            csv.field_size_limit(limit)
        header = starts.index(self._skip + 1) if self._skip + 1 in starts else 0
        starts = starts[header + 1:header + records + 1]
        starts += [previous + 1] * (records - len(starts))
        return np.asarray(starts, dtype=np.int64)

    # -- workbooks ------------------------------------------------------------------------

    def _open_workbook(self, sheet: str | None) -> None:
        self.encoding = self.separator = None
        size = unpacked_size(self.path)
        if size > MAX_UNPACKED:
            raise XlsalesError(self.name, "too_large", size=size // 10**6,
                               limit=MAX_UNPACKED // 10**6)
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(self.path))
            names = list(book.sheet_names)
            self.sheets = names
            if not names:
                raise XlsalesError(self.name, "empty")
            if sheet is None:
                # hidden sheets (lookups, a macro's scratch) are not the data; a cover
                # page names no needed column: the first visible sheet that does wins
                visible = [m.name for m in book.sheets_metadata
                           if str(m.visible).lower().endswith("visible")
                           and "hidden" not in str(m.visible).lower()] or names
                chosen, rows, start = self._first_sheet(book, visible)
            else:
                chosen = _pick_sheet(names, sheet, self.name)
                found = book.get_sheet_by_name(chosen)
                rows, start = found.to_python(), found.start
        except XlsalesError:
            raise
        except python_calamine.PasswordError:
            raise XlsalesError(self.name, "encrypted") from None
        except (python_calamine.CalamineError, OSError, ValueError) as err:
            detail = " ".join(str(err).split())[:120]
            raise XlsalesError(self.name, "not_format", kind=self.format.upper(),
                               detail=detail) from None
        self.sheet = chosen
        offset = start[0] if start else 0
        index = self._header_index(rows, offset)
        if index is None or not any(_filled(v) for v in rows[index]):
            raise XlsalesError(f"{self.name} [{chosen}]", "empty")
        self.header = [_header_text(v) for v in rows[index]]
        self._rows = rows[index + 1:]
        self._first_row = offset + index + 2

    def _first_sheet(self, book: Any, names: list[str]) -> tuple[str, list, Any]:
        """The first of ``names`` whose header rows name every needed column, else the one
        that names most of them (the first on a tie), with its rows and start."""
        best = None
        for name in names:
            found = book.get_sheet_by_name(name)
            rows = found.to_python()
            score = max((self._score([_header_text(v) for v in row])
                         for row in rows[:HEADER_ROWS]), default=0)
            if best is None or score > best[0]:
                best = (score, name, rows, found.start)
            if score == len(self._needed):
                break
        assert best is not None
        return best[1], best[2], best[3]

    def _header_index(self, rows: list, offset: int) -> int | None:
        """The header's index in ``rows``: the forced row, or the first of the first
        ``HEADER_ROWS`` that names most needed columns (the first row when none does)."""
        if not rows:
            return None
        if self._header_row is not None:
            index = self._header_row - 1 - offset
            if not 0 <= index < len(rows):
                raise XlsalesError("header-row", "header_row_outside", value=self._header_row,
                                   file=f"{self.name} [{self.sheet or ''}]".replace(" []", ""),
                                   last=offset + len(rows))
            return index
        scores = [self._score([_header_text(v) for v in row]) for row in rows[:HEADER_ROWS]]
        best = max(scores)
        return scores.index(best) if best else 0

    def _read_workbook(self, wanted: Sequence[int], progress: Progress | None) -> RawColumns:
        rows = self._rows
        total = len(rows)
        if progress:
            progress("read", 0, total)
        values = {i: pd.Series([row[i] for row in rows], dtype=object) for i in wanted}
        empty = np.ones(total, dtype=bool)
        for column in values.values():
            cells = column.to_numpy()
            empty &= (cells == "") | pd.isna(cells)
        blank = empty.copy()
        for i in np.flatnonzero(empty):
            blank[i] = not any(_filled(v) for v in rows[i])
        kept = [tuple(row) for row, is_blank in zip(rows, blank, strict=True) if not is_blank]
        duplicates = len(kept) - len(set(kept))
        if progress:
            progress("read", total, total)
        source = Source(str(self.path), self.format, sheet=self.sheet, lines=total)
        lines = np.arange(self._first_row, self._first_row + total, dtype=np.int64)
        return RawColumns(values, lines, blank, duplicates, source, None)

    # -- both -----------------------------------------------------------------------------

    def read(self, text: Sequence[int], numbers: Sequence[int] = (),
             progress: Progress | None = None) -> RawColumns:
        """The data of the header positions ``text`` and ``numbers`` (numbers: amounts,
        margins, scores, which a CSV parser may read directly)."""
        if self.format == "csv":
            return self._read_csv(text, numbers, progress)
        return self._read_workbook(sorted(set(text) | set(numbers)), progress)


class _Lines:
    """The lines of a CSV's bytes as ``data.split(b"\\n")`` gives them (a last empty line
    aside), held as the offsets where they start rather than as a Python object each: a
    ten-million-line export took a gigabyte as a list of bytes, and half as much again as
    the set that found its duplicate lines."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        view = np.frombuffer(data, dtype=np.uint8)
        feeds = [np.flatnonzero(view[at:at + _BLOCK] == ord("\n")) + (at + 1)
                 for at in range(0, len(view), _BLOCK)]  # a block at a time: bounded memory
        self._starts = np.concatenate([np.zeros(1, dtype=np.int64), *feeds])
        last = data[self._starts[-1]:]
        self.count = len(self._starts) - (not last.strip(b"\r"))

    def __getitem__(self, k: int) -> bytes:
        return self._data[self._starts[k]:self._end(k)]

    def _end(self, k: int) -> int:
        return int(self._starts[k + 1]) - 1 if k + 1 < len(self._starts) else len(self._data)

    def repeats(self, first: int = 0) -> int:
        """How many lines from line ``first`` (0-based) repeat an earlier one exactly.

        Each line is hashed a block at a time; only lines whose hash is shared are then
        compared as bytes, so the count is exact and memory holds 8 bytes per line.
        """
        hashes = np.empty(max(self.count - first, 0), dtype=np.int64)
        done = first
        while done < self.count:
            stop = int(np.searchsorted(self._starts, self._starts[done] + _BLOCK))
            stop = min(max(stop, done + 1), self.count)
            block = self._data[self._starts[done]:self._end(stop - 1)].split(b"\n")
            hashes[done - first:stop - first] = np.fromiter(map(hash, block), dtype=np.int64,
                                                            count=stop - done)
            done = stop
        order = np.argsort(hashes)
        hashes = hashes[order]
        same = hashes[1:] == hashes[:-1]  # a line and the next one, in hash order
        shared = np.zeros(len(hashes), dtype=bool)
        shared[1:] = same
        shared[:-1] |= same
        lines = order[shared] + first
        return len(lines) - len({self[int(k)] for k in lines})


class _CountedBytes:
    """A file-like view of the bytes that tells ``progress("read", done, total)`` as the parser
    reads."""

    def __init__(self, data: bytes, progress: Progress | None) -> None:
        self._handle = io.BytesIO(data)
        self._total = len(data)
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        if self._progress:
            self._progress("read", self._handle.tell(), self._total)
        return chunk

    def __iter__(self) -> Any:
        return iter(self._handle)


def _split_line(line: bytes, sep: str) -> list[str]:
    """A line's fields as the csv module reads them (quotes aside); none for a line of
    more than ``MAX_COLUMNS`` fields, which is no header."""
    if line.count(sep.encode()) >= MAX_COLUMNS:
        return []
    text = line.decode("utf-8", errors="replace").strip("\r")
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:  # a 10 MB client code is a field the csv module refuses by default
        return next(csv.reader([text], delimiter=sep), [])
    except csv.Error:  # a carriage return inside a field: only a header is looked for
        return text.split(sep)
    finally:
        csv.field_size_limit(limit)


def _decode(data: bytes, name: str, forced: str | None = None) -> tuple[str, bytes]:
    """The encoding of a CSV export, and its bytes as UTF-8 without a byte-order mark.

    Excel's "CSV UTF-8" starts with a BOM; its plain "CSV" and most ERPs write Windows-1252
    (where "€" is byte 0x80); "Unicode text" is UTF-16; Unix systems and old accounting
    packages write ISO-8859-15 (Latin-9: "€" at 0xA4, "Œ" at 0xBC) and a Mac's older
    programs Mac Roman ("é" at 0x8E). A file that is not UTF-8 is decoded in each of
    ``SINGLE_BYTE`` and the one whose accented letters sit inside words as letters do
    wins (``_plausibility``). Latin-1 is never guessed: it would read any bytes, so a file
    in another encoding would turn into wrong names silently. ``forced`` (``--encoding``)
    is used as given.
    """
    if forced is not None:
        try:
            codec = codecs.lookup(forced).name
        except LookupError:
            raise XlsalesError("encoding", "choice", value=forced,
                               choices="utf-8, " + ", ".join(SINGLE_BYTE)) from None
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as err:
            raise _undecodable(name, data, err, codec) from None
        return _shown_codec(codec), text.lstrip("\ufeff").encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, data = "utf-8-sig", data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding != "utf-8":
            raise _undecodable(name, data, err) from None
        sample = _odd_bytes(data)
        scored = []
        for k, codec in enumerate(SINGLE_BYTE):
            try:
                scored.append((_plausibility(sample.decode(codec)), -k, codec))
            except UnicodeDecodeError:
                continue
        try:  # the byte a refusal names: the first that no Windows-1252 text holds, if any
            data.decode("cp1252")
        except UnicodeDecodeError as err1252:
            err = err1252
        best = max(scored, default=None)
        odd = sum(1 for byte in sample if byte >= 0x80)
        # a Western text's accented letters each score about 2; Shift-JIS read as Mac
        # Roman scores about 0: half a point a letter is the least taken for words
        if best is None or best[0] <= 0 or 2 * best[0] < odd:
            raise _undecodable(name, data, err) from None
        return best[2], data.decode(best[2]).encode("utf-8")
    return encoding, (data if encoding.startswith("utf-8") else text.encode("utf-8"))


def _shown_codec(codec: str) -> str:
    """An encoding as the summary names it ("iso-8859-15", "mac-roman", "cp1252")."""
    return {"iso8859-15": "iso-8859-15"}.get(codec, codec.replace("_", "-"))


_ODD_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


def _odd_bytes(data: bytes, limit: int = 1 << 18) -> bytes:
    """The lines holding non-ASCII bytes, from the first 4 MB, at most ``limit`` bytes of
    them: what tells the encodings apart, without decoding a 100 MB file three times."""
    return b"\n".join(_ODD_LINE.findall(data[:1 << 22]))[:limit]


# Marks that are no letters but belong in a sales export: quotes, dashes, degrees.
_NEUTRAL = set("«»°’‘“”–—…\u00a0\u202f·©®")


def _plausibility(text: str) -> int:
    """How much a decoded text reads as Western words: each non-ASCII letter counts +1
    for each neighbouring letter whose case agrees with its own ("é" in "Société", "É" in
    "SOCIÉTÉ", a capital starting a word: "Œuvres") and -1 for each that does not
    ("SociÈtÈ": Windows-1252 read as Mac Roman; "SociŽtŽ": Mac Roman read as
    Windows-1252), -2 more inside a run of three non-ASCII characters (no Western word
    has one; Shift-JIS read as Mac Roman does); "€" beside a digit or a space +1;
    control characters -3 (Latin-9 has them where Windows-1252 has letters); any other
    sign ("¤", "¼", "‡") -1."""
    score = 0
    for k, ch in enumerate(text):
        if ch < "\x80" or ch in _NEUTRAL:
            continue
        before = text[k - 1] if k else " "
        after = text[k + 1] if k + 1 < len(text) else " "
        if "\x80" <= ch <= "\x9f":
            score -= 3
        elif ch in "€£":
            near = before + after
            score += 1 if any(c.isdigit() or c == " " for c in near) else -1
        elif ch.isalpha() and (ch.islower() or ch.isupper()):
            if before >= "\x80" and after >= "\x80":
                score -= 2
            if before.isalpha():
                score += 1 if before.islower() == ch.islower() else -1
            if after.isalpha():
                capital = ch.isupper() and after.islower() and not before.isalpha()
                score += 1 if capital or after.islower() == ch.islower() else -1
        else:
            score -= 1
    return score


def _undecodable(name: str, data: bytes, err: UnicodeDecodeError,
                 codec: str | None = None) -> XlsalesError:
    line = data.count(b"\n", 0, err.start) + 1
    if codec is not None:
        return XlsalesError(name, "undecodable_as", row=line, byte=f"0x{data[err.start]:02X}",
                            encoding=_shown_codec(codec))
    return XlsalesError(name, "undecodable", row=line, byte=f"0x{data[err.start]:02X}")


def header_key(text: Any) -> str:
    """A column or sheet name folded for matching: "N° Client", "n°client", "No client"
    and "Nº client" all give "nclient" or "noclient"; accents, case, spaces and
    punctuation do not count."""
    plain = unicodedata.normalize("NFKD", str(text).lower().replace("œ", "oe"))
    return "".join(ch for ch in plain if ch.isalnum() and not unicodedata.combining(ch))


def _pick_sheet(names: list[str], wanted: str, file: str) -> str:
    if wanted in names:
        return wanted
    for name in names:
        if header_key(name) == header_key(wanted):
            return name
    raise XlsalesError(f"{file}, --sheet", "missing_sheet", value=wanted,
                       found=", ".join(names))


def _filled(value: Any) -> bool:
    return not _is_empty_cell(value)


def _is_empty_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())

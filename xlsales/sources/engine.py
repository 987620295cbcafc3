"""Ledger lines grouped where they lie: one query per ledger, only aggregates come back.

The plan needs per-client figures, never the lines themselves: a client's revenue of a
year, its main product, its segment, its revenue per salesperson, the days it bought on.
All of them are sums over the lines of one client, segment, product, salesperson and day,
so a ledger of any size is read here as those sums (amount, margin, and how many lines
each holds), computed by the database — DuckDB embedded for Parquet and DuckDB files,
the server itself for PostgreSQL. The frame returned has ``read_ledger``'s columns (one
row per client × segment × product × salesperson × client name × day, plus
``line_count``), so every step after the reading (``ledger_plan``, the owners' revenue,
the risk rhythm per purchase day) runs on it unchanged.

Rules chosen here (the reading rules stay the project's, ``columns.py``):
- Columns are found by their names in French or English, or named by the options
  (``--client``, ``--date``...), as in a file (``ledger._match_columns``).
- A column the database holds as a number or a date is summed or grouped there. One it
  holds as text (a date "31/12/2025", an amount "1 234,50") is grouped as text and each
  distinct text is read by our rules, then weighted by the lines that hold it: the
  database never decides what a French number is.
- Client codes, segments, products and names are read by ``read_texts`` after the
  grouping, so "1001" and 1001.0 are one client, as in a file; groups that become one are
  added up.
- A database has no line numbers to list in an Issues sheet: a value that cannot be read,
  or a required value missing, stops the read with its column, the value and how many
  lines hold it (``--skip-bad-rows`` cannot leave out lines it cannot point at; filter
  them with ``--query``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.sources.columns import read_dates, read_numbers, read_texts
from xlsales.sources.databases import Column, Place, open_place, quote_name
from xlsales.sources.files import Source
from xlsales.sources.ledger import LEDGER_FIELDS, FileLines, _match_columns

__all__ = ["GROUP_KEYS", "LINE_COUNT", "grouped_lines", "read_grouped_ledger"]

# what one returned row stands for: the lines of one client, day and these labels
GROUP_KEYS = ("client", "segment", "product", "client_name", "salesperson", "date")
LINE_COUNT = "line_count"  # how many ledger lines a grouped row adds up
_SUMMED = ("amount", "margin")
_BLANKS = "_blank_"  # prefix of the per-group count of blank values of a summed column


def read_grouped_ledger(source: str | Path, *, table: str | None = None,
                        query: str | None = None,
                        columns: Mapping[str, str | None] | None = None) -> FileLines:
    """The ledger of a Parquet file, a DuckDB file (``table`` or ``query``) or a database
    URL (``postgresql://...``), grouped by the database per client × segment × product ×
    salesperson × client name × day."""
    with open_place(source, table=table, query=query) as place:
        found = place.columns()
        chosen = _match_columns(LEDGER_FIELDS, [c.name for c in found],
                                dict(columns or {}), place.shown)
        picked = {key: found[i] for key, i in chosen.items()}
        raw = _compacted(place.run_chunks(grouping_sql(place, picked)), picked)
    if raw.empty:
        raise XlsalesError(place.shown, "no_lines")
    lines = grouped_lines(raw, picked, place.shown)
    source_info = Source(path=place.shown, format=place.format,
                         lines=int(raw[LINE_COUNT].sum()))
    bad = pd.DataFrame({"line": [], "column": [], "value": [], "problem": []})
    return FileLines(lines, {key: column.name for key, column in picked.items()}, (), bad,
                     source_info)


def _compacted(chunks: Iterator[pd.DataFrame], picked: Mapping[str, Column]
               ) -> pd.DataFrame:
    """The result's blocks as one frame whose text columns are categoricals: ten million
    groups hold each client's code once, not once a row (a Python text each), and our
    rules then read each distinct value once."""
    texts = [key for key in picked if key not in _SUMMED or picked[key].kind != "number"]
    texts = [key for key in texts if not (key == "date" and picked[key].kind == "date")]
    blocks: list[pd.DataFrame] = []
    codes: dict[str, list[np.ndarray]] = {key: [] for key in texts}
    distinct: dict[str, list[np.ndarray]] = {key: [] for key in texts}
    for chunk in chunks:  # each block's texts become codes before the next block comes
        for key in texts:
            block_codes, block_values = pd.factorize(chunk[key].to_numpy(dtype=object))
            codes[key].append(block_codes)
            distinct[key].append(np.asarray(block_values, dtype=object))
        blocks.append(chunk.drop(columns=texts))
    if not blocks:
        return pd.DataFrame(columns=[*picked, LINE_COUNT])
    frame = pd.concat(blocks, ignore_index=True)
    for key in texts:
        merged, values = pd.factorize(np.concatenate(distinct[key]))
        parts, start = [], 0
        for block_codes, block_values in zip(codes[key], distinct[key], strict=True):
            remap = np.append(merged[start:start + len(block_values)], -1)  # -1: blank
            parts.append(remap[block_codes])
            start += len(block_values)
        frame[key] = pd.Categorical.from_codes(np.concatenate(parts),
                                               categories=pd.Index(values, dtype=object))
    return frame


def grouping_sql(place: Place, picked: Mapping[str, Column]) -> str:
    """The one SELECT: the group's keys as the database holds them, the sums of the
    number columns (and how many of their values are blank), the count of lines."""
    keys: list[str] = []
    sums: list[str] = []
    for key, column in picked.items():
        name = quote_name(column.name)
        if key in _SUMMED and column.kind == "number":
            sums.append(f"CAST(SUM({name}) AS {place.float_type}) AS {key}")
            sums.append(f"COUNT(*) - COUNT({name}) AS {_BLANKS}{key}")
        elif key == "date" and column.kind == "date":
            keys.append(f"CAST({name} AS DATE) AS {key}")
        else:  # a label, or a text to be read by our rules
            keys.append(f"{name} AS {key}")
    sums.append(f"COUNT(*) AS {LINE_COUNT}")
    positions = ", ".join(str(i + 1) for i in range(len(keys)))
    # in the day order of a ledger, so that "the last name on its lines" is the latest one
    order = ", ".join(k for k in ("date", "client") if k in picked)
    return (f"SELECT {', '.join(keys + sums)} FROM {place.relation} AS src "
            f"GROUP BY {positions} ORDER BY {order}")


def grouped_lines(raw: pd.DataFrame, picked: Mapping[str, Column], shown: str
                  ) -> pd.DataFrame:
    """The database's groups read by our rules and added up again where our rules make
    two groups one (a client "1001" and 1001.0, a date with and without its time)."""
    counts = raw[LINE_COUNT].to_numpy(dtype=np.int64)
    data: dict[str, Any] = {}
    decimal = None
    merge = False  # whether our rules may have made two of the database's groups one
    for field in LEDGER_FIELDS:
        column = picked.get(field.key)
        if column is None:
            continue
        cells = raw[field.key].reset_index(drop=True)
        if isinstance(cells.dtype, pd.CategoricalDtype):  # our rules on each distinct value
            values, failed, decimal, changed = _read_distinct(field.kind, cells, decimal)
            merge = merge or changed
            if field.kind == "number":
                values = values * counts
        elif field.key in _SUMMED and column.kind == "number":
            values = cells.to_numpy(dtype=np.float64, na_value=np.nan)
            failed = np.where(raw[_BLANKS + field.key].to_numpy() > 0, "blank", None)
            failed = failed if field.required else np.full(len(values), None, dtype=object)
        elif field.kind == "number":  # a text amount: read once per text, times its lines
            values, failed, seen = read_numbers(cells.astype(object), decimal)
            decimal = decimal or seen
            values = values * counts
            merge = True
        elif field.kind == "date":
            values, failed = (
                (pd.to_datetime(cells).to_numpy(), np.full(len(cells), None, dtype=object))
                if column.kind == "date" else read_dates(cells.astype(object)))
            if column.kind != "date":
                values, merge = pd.DatetimeIndex(values).normalize().to_numpy(), True
        else:
            texts, failed = read_texts(cells)
            values = texts.array
            merge = merge or not _unchanged(texts, cells)
        failed = np.asarray(failed, dtype=object)
        if field.required:
            failed[np.asarray(pd.isna(values)) & ~failed.astype(bool)] = "blank"
        wrong = np.flatnonzero(failed.astype(bool))
        if wrong.size:
            first = wrong[0]
            value = cells.iloc[first]
            raise XlsalesError(f"{shown}, {column.name}", "bad_lines",
                               value=None if pd.isna(value) else value,
                               line_problem=failed[first], count=int(counts[wrong].sum()))
        data[field.key] = values
    grouped = pd.DataFrame(data)
    grouped[LINE_COUNT] = counts
    if merge:
        keys = [k for k in GROUP_KEYS if k in grouped.columns]
        summed = [k for k in _SUMMED if k in grouped.columns]
        grouped = (grouped.groupby(keys, dropna=False, sort=False)[[*summed, LINE_COUNT]]
                   .sum(min_count=1).reset_index())
        # the day order a ledger has, so "the last name on its lines" is the latest one
        grouped = grouped.sort_values(["date", "client"], kind="stable").reset_index(drop=True)
    order = [f.key for f in LEDGER_FIELDS if f.key in grouped.columns] + [LINE_COUNT]
    grouped = grouped[order]
    grouped.index = pd.RangeIndex(1, len(grouped) + 1, name="line")
    return grouped


def _read_distinct(kind: str, cells: pd.Series, decimal: str | None
                   ) -> tuple[Any, np.ndarray, str | None, bool]:
    """A categorical column read by our rules once per category, then spread to the rows:
    (values, problems, decimal mark seen, whether two groups may have become one)."""
    categories = pd.Series(cells.cat.categories.to_numpy(dtype=object), dtype=object)
    codes = cells.cat.codes.to_numpy()
    blank = codes < 0
    take = np.where(blank, 0, codes) if len(categories) else np.zeros(len(codes), np.int64)
    if not len(categories):  # every value blank
        categories = pd.Series([None], dtype=object)
    if kind == "number":
        read, failed, seen = read_numbers(categories, decimal)
        values = np.where(blank, np.nan, read[take])
        return values, np.where(blank, None, failed[take]), decimal or seen, True
    if kind == "date":
        read, failed = read_dates(categories)
        days = pd.DatetimeIndex(read).normalize().to_numpy()
        values = days[take]
        values[blank] = np.datetime64("NaT")
        return values, np.where(blank, None, failed[take]), decimal, True
    texts, failed = read_texts(categories)
    values = texts.array.take(np.where(blank, -1, take), allow_fill=True)
    changed = not _unchanged(texts, categories)
    return values, np.where(blank, None, failed[take]), decimal, changed


def _unchanged(texts: pd.Series, cells: pd.Series) -> bool:
    """Whether ``read_texts`` kept every value as the database gave it (then no two
    groups became one, and the regrouping can be skipped)."""
    if cells.dtype.kind not in "OT" and not isinstance(cells.dtype, pd.StringDtype):
        return False  # numbers as codes: 1001 and 1001.0 may meet
    given = cells.to_numpy(dtype=object, na_value=None)
    read = texts.to_numpy(dtype=object, na_value=None)
    return bool((given == read).all())

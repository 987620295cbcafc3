"""Where ledger lines live outside a file export: a Parquet file, a DuckDB database file, a
PostgreSQL database reached by URL. Each is opened here and asked one question.

The reading of the lines (``sources/engine.py``) only needs three things of a place: the
names and kinds of the columns of what it reads (a table, or the rows of a query), a way to
run one SELECT there, and a one-line name for messages. This module gives them:
- Parquet (``ventes.parquet``, or a folder/glob DuckDB reads as one) and DuckDB files run on
  an embedded DuckDB: no server, out of core, the grouping streams over the file;
- a ``postgresql://`` URL runs on the server, through psycopg (the driver ships in the
  ``xlsales[postgresql]`` extra; DuckDB's postgres extension is downloaded at run time,
  which an offline machine cannot do), so that only the aggregates cross the network.

Rules chosen here:
- A URL's password is never shown: every message names the URL with it replaced by
  ``***`` (``shown_url``), and a driver's message is cut to its first line and scrubbed of
  the password before it is quoted.
- A driver's failure becomes one ``XlsalesError``: the server cannot be reached or refuses
  the login (``database_unreachable``), the table does not exist (``missing_table``), the
  query is wrong (``bad_query``). Never a driver traceback.
- A database file is opened read-only: xlsales never writes into the user's data.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from xlsales.common.errors import XlsalesError

__all__ = ["DATABASE_SUFFIXES", "Place", "is_database", "open_place", "shown_url"]

# the suffixes read by DuckDB rather than by the file reader (files.py)
DATABASE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".duckdb": "duckdb",
                     ".ddb": "duckdb"}
_URL_SCHEMES = ("postgresql", "postgres")
CHUNK_ROWS = 131_072  # rows a block of a result holds (64 DuckDB vectors)
MEMORY_LIMIT = "1GB"  # DuckDB's share of a report's memory (see _DuckDB._bound_memory)
# the column kinds a place reports: numbers and dates are summed and grouped where they
# lie; anything else comes back as text, read by the project's rules (columns.py)
_DUCKDB_NUMBER = re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|"
                            r"UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$")
_DUCKDB_DATE = re.compile(r"^(DATE|TIMESTAMP.*)$")
# PostgreSQL type oids (pg_type): int2, int4, int8, float4, float8, numeric, money
_PG_NUMBER = {20, 21, 23, 700, 701, 1700}
_PG_DATE = {1082, 1114, 1184}  # date, timestamp, timestamptz


def is_database(source: str | Path) -> bool:
    """Whether ``source`` is read by this module (a URL, a Parquet or DuckDB file)."""
    text = str(source)
    if urlsplit(text).scheme.lower() in _URL_SCHEMES:
        return True
    return Path(text).suffix.lower() in DATABASE_SUFFIXES


def shown_url(source: str | Path) -> str:
    """``source`` as a message may show it: a URL's password replaced by ``***``."""
    text = str(source)
    parts = urlsplit(text)
    if parts.scheme.lower() not in _URL_SCHEMES or parts.password is None:
        return text
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def quote_name(name: str) -> str:
    """An SQL identifier, quoted so that any name a table's column has is read as itself."""
    return '"' + str(name).replace('"', '""') + '"'


@dataclass(frozen=True)
class Column:
    """A column of what is read: its name as the place spells it and its kind."""

    name: str
    kind: str  # "number", "date" or "text"


class Place:
    """An opened database: what it reads (``relation``: a table or a query as SQL), its
    columns, and ``run`` for one SELECT on it."""

    format: str = ""
    float_type = "DOUBLE"  # a sum as a float: PostgreSQL says DOUBLE PRECISION

    def __init__(self, shown: str, relation: str, arg: str) -> None:
        self.shown = shown  # the place in messages, password hidden
        self.relation = relation  # "(select ...) " or a quoted table name
        self.arg = arg  # "--table" or "--query": what a wrong relation is blamed on
        self.table: str | None = None  # the table as the user named it

    def columns(self) -> list[Column]:  # pragma: no cover - each engine answers
        raise NotImplementedError

    def run(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:  # pragma: no cover
        raise NotImplementedError

    def run_chunks(self, sql: str) -> Iterator[pd.DataFrame]:  # pragma: no cover
        """The rows of ``sql`` a block at a time (``CHUNK_ROWS`` or so), so that a caller
        can compact each block before the next one arrives."""
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover
        raise NotImplementedError


@contextmanager
def open_place(source: str | Path, *, table: str | None = None,
               query: str | None = None) -> Iterator[Place]:
    """The place ``source`` names, opened for reading ``table`` or ``query`` (a Parquet
    file is its own table), closed when done."""
    if table is not None and query is not None:
        raise XlsalesError("--query", "table_or_query")
    text = str(source)
    scheme = urlsplit(text).scheme.lower()
    if scheme in _URL_SCHEMES:
        place: Place = _Postgres(text, table, query)
    else:
        kind = DATABASE_SUFFIXES.get(Path(text).suffix.lower())
        if kind == "parquet":
            place = _DuckDB(text, table, query, parquet=True)
        else:
            place = _DuckDB(text, table, query, parquet=False)
    try:
        yield place
    finally:
        place.close()


def _relation(table: str | None, query: str | None, shown: str) -> tuple[str, str]:
    if query is not None:
        body = query.strip().rstrip(";")
        if not body:
            raise XlsalesError("--query", "blank")
        return f"({body})", "--query"
    if not table or not str(table).strip():
        raise XlsalesError(shown, "needs_table")
    return ".".join(quote_name(part) for part in str(table).split(".")), "--table"


def _first_line(err: BaseException, secret: str | None) -> str:
    """A driver's message as one short line, without the password."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if secret:
        text = text.replace(secret, "***")
    return text


class _DuckDB(Place):
    """A Parquet file on an in-memory DuckDB, or a DuckDB database file opened read-only."""

    def __init__(self, path: str, table: str | None, query: str | None, *,
                 parquet: bool) -> None:
        import duckdb

        self._duckdb = duckdb
        file = Path(path)
        shown = file.name  # as a file export is named in messages
        if not any(ch in path for ch in "*?[") and not file.exists():
            raise XlsalesError(shown, "missing_file")
        if parquet:
            if table is not None:
                raise XlsalesError("--table", "parquet_no_table")
            self.format = "parquet"
            self._con = duckdb.connect()
            self._bound_memory()
            source = "read_parquet(" + _sql_text(path) + ")"
            if query is None:
                super().__init__(shown, source, shown)
            else:  # the query reads the file as the table "ledger"
                super().__init__(shown, *_relation(None, query, shown))
                self._run_plain(f"CREATE TEMP VIEW ledger AS SELECT * FROM {source}", shown)
        else:
            self.format = "duckdb"
            try:
                self._con = duckdb.connect(path, read_only=True)
            except duckdb.Error as err:
                raise XlsalesError(shown, "unreadable", detail=_first_line(err, None)) from None
            self._bound_memory()
            super().__init__(shown, *_relation(table, query, shown))
            self.table = table

    def _bound_memory(self) -> None:
        """DuckDB takes 80 % of the machine's memory by default; a report shares it with
        pandas and the writer. Past ``MEMORY_LIMIT`` a grouping spills to a temporary
        folder (never beside the user's database file)."""
        spill = Path(tempfile.gettempdir()) / "xlsales-duckdb"
        self._con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        self._con.execute(f"SET temp_directory = {_sql_text(str(spill))}")
        self._con.execute("SET preserve_insertion_order = false")
        # its own progress bar would be drawn over the command line's
        self._con.execute("SET enable_progress_bar = false")

    def _run_plain(self, sql: str, arg: str) -> None:
        try:
            self._con.execute(sql)
        except self._duckdb.Error as err:
            raise XlsalesError(arg, "unreadable", detail=_first_line(err, None)) from None

    def columns(self) -> list[Column]:
        try:
            rows = self._con.execute(f"DESCRIBE SELECT * FROM {self.relation} AS src").fetchall()
        except self._duckdb.CatalogException as err:
            raise self._wrong(err) from None
        except self._duckdb.Error as err:
            raise self._wrong(err) from None
        return [Column(name, _duckdb_kind(kind)) for name, kind, *_ in rows]

    def _wrong(self, err: BaseException) -> XlsalesError:
        if self.arg == "--table":
            return XlsalesError("--table", "missing_table", value=self.table,
                                place=self.shown, detail=_first_line(err, None))
        if self.arg == "--query":
            return XlsalesError("--query", "bad_query", detail=_first_line(err, None))
        return XlsalesError(self.shown, "unreadable", detail=_first_line(err, None))

    def run(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        try:
            return self._con.execute(sql, list(params)).df()
        except self._duckdb.Error as err:
            raise self._wrong(err) from None

    def run_chunks(self, sql: str) -> Iterator[pd.DataFrame]:
        try:
            result = self._con.execute(sql)
            while True:
                chunk = result.fetch_df_chunk(CHUNK_ROWS // 2048)
                if chunk.empty:
                    return
                yield chunk
        except self._duckdb.Error as err:
            raise self._wrong(err) from None

    def close(self) -> None:
        self._con.close()


def _duckdb_kind(kind: str) -> str:
    kind = kind.upper()
    if _DUCKDB_NUMBER.match(kind):
        return "number"
    if _DUCKDB_DATE.match(kind):
        return "date"
    return "text"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class _Postgres(Place):
    """A PostgreSQL database by URL, through psycopg: the grouping runs on the server."""

    format = "postgresql"
    float_type = "DOUBLE PRECISION"

    def __init__(self, url: str, table: str | None, query: str | None) -> None:
        shown = shown_url(url)
        self._secret = urlsplit(url).password
        try:
            import psycopg
        except ImportError:
            raise XlsalesError(shown, "needs_driver", package="xlsales[postgresql]") from None
        self._psycopg = psycopg
        super().__init__(shown, *_relation(table, query, shown))
        self.table = table
        try:
            self._con = psycopg.connect(url, connect_timeout=10, autocommit=True)
        except (psycopg.Error, ValueError) as err:  # ValueError: a malformed URL
            raise XlsalesError(shown, "database_unreachable",
                               detail=_first_line(err, self._secret)) from None
        self._con.read_only = True

    def columns(self) -> list[Column]:
        with self._cursor() as cur:
            cur.execute(f"SELECT * FROM {self.relation} AS src LIMIT 0")
            described = cur.description or []
        return [Column(c.name, "number" if c.type_code in _PG_NUMBER else
                       "date" if c.type_code in _PG_DATE else "text") for c in described]

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        with self._translated(), self._con.cursor() as cur:
            yield cur

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """A driver's failure as the one XlsalesError the user reads."""
        errors = self._psycopg.errors
        try:
            yield
        except errors.UndefinedTable as err:
            if self.arg == "--table":
                raise XlsalesError("--table", "missing_table", value=self.table,
                                   place=self.shown,
                                   detail=_first_line(err, self._secret)) from None
            raise XlsalesError("--query", "bad_query",
                               detail=_first_line(err, self._secret)) from None
        except self._psycopg.Error as err:
            raise XlsalesError(self.arg, "bad_query",
                               detail=_first_line(err, self._secret)) from None

    def run(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._cursor() as cur:
            cur.execute(sql.replace("?", "%s"), list(params))
            names = [c.name for c in cur.description or []]
            return pd.DataFrame(cur.fetchall(), columns=names)

    def run_chunks(self, sql: str) -> Iterator[pd.DataFrame]:
        # a named (server-side) cursor: the server keeps the rows not yet fetched
        with self._translated(), self._con.transaction(), \
                self._con.cursor(name="xlsales_lines") as cur:
            cur.execute(sql)
            names = [c.name for c in cur.description or []]
            while rows := cur.fetchmany(CHUNK_ROWS):
                yield pd.DataFrame(rows, columns=names)

    def close(self) -> None:
        self._con.close()

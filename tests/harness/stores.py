"""One generated ledger written to every place xlsales reads lines from: a French CSV export,
a Parquet file, a DuckDB table and a PostgreSQL table.

The ledger is shaped like a real one: several lines a day and several products per
client, credit notes (negative lines), salespeople (one client changing hands), a client
renamed during the year, 2023 to a partial 2026 (the export is pulled on 10 March 2026,
so N = 2025), and lines repeated exactly. Amounts are whole cents, so sums in a database
(NUMERIC, DECIMAL) and in floats agree to the cent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

TODAY = dt.date(2026, 3, 10)
SEGMENTS = ("Industrie", "BTP", "Santé", "Commerce")
PRODUCTS = ("Équipements", "Consommables", "Services", "Pièces détachées")
PEOPLE = ("Élodie Martin", "Karim Benali", "Sophie Durand")
# the database's own column names: French, as an ERP's table holds them
COLUMNS = {"client": "code_client", "client_name": "raison_sociale", "date": "date_facture",
           "amount": "montant_ht", "segment": "segment", "product": "famille",
           "margin": "marge", "salesperson": "commercial"}


def varied_ledger(lines: int = 3000, clients: int = 120, seed: int = 15) -> pd.DataFrame:
    """Invoice lines under the keys of ``read_ledger`` (client, client_name, date, amount,
    segment, product, margin, salesperson), in date order."""
    rng = np.random.default_rng(seed)
    client = rng.integers(1, clients + 1, lines)
    start = np.datetime64("2023-01-01")
    days = rng.integers(0, (np.datetime64("2026-03-01") - start).astype(int), lines)
    date = start + days.astype("timedelta64[D]")
    cents = rng.integers(500, 2_000_000, lines)
    credit = rng.random(lines) < 0.06
    cents[credit] = -rng.integers(100, 200_000, credit.sum())
    margin_cents = (cents * rng.uniform(0.05, 0.45, lines)).round().astype(np.int64)
    frame = pd.DataFrame({
        "client": [f"CL{c:04d}" for c in client],
        "client_name": [f"Société {c}" for c in client],
        "date": pd.to_datetime(date),
        "amount": cents / 100,
        "segment": [SEGMENTS[c % len(SEGMENTS)] for c in client],
        "product": [PRODUCTS[p] for p in rng.integers(0, len(PRODUCTS), lines)],
        "margin": margin_cents / 100,
        "salesperson": [PEOPLE[c % len(PEOPLE)] for c in client],
    })
    # client 7 changed hands in 2025; client 3 was renamed in mid-2025
    moved = (frame["client"] == "CL0007") & (frame["date"] >= "2025-06-01")
    frame.loc[moved, "salesperson"] = PEOPLE[0]
    renamed = (frame["client"] == "CL0003") & (frame["date"] >= "2025-07-01")
    frame.loc[renamed, "client_name"] = "Société 3 SAS"
    frame = pd.concat([frame, frame.iloc[:25]], ignore_index=True)  # exact repeats
    return frame.sort_values(["date", "client"], kind="stable").reset_index(drop=True)


def _french(value: float) -> str:
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


def french_csv(frame: pd.DataFrame, path: Path) -> Path:
    """The ledger as a French ERP exports it: ';', "1 234,50", dd/mm/yyyy, Windows-1252."""
    header = ["Code client", "Raison sociale", "Date facture", "Montant HT", "Segment",
              "Famille", "Marge", "Commercial"]
    rows = [";".join(header)]
    for r in frame.itertuples(index=False):
        rows.append(";".join([r.client, r.client_name, f"{r.date:%d/%m/%Y}",
                              _french(r.amount), r.segment, r.product, _french(r.margin),
                              r.salesperson]))
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path


def in_database(frame: pd.DataFrame) -> pd.DataFrame:
    """The ledger under the database's column names, amounts as exact decimals."""
    return frame.rename(columns=COLUMNS)[list(COLUMNS.values())]


_CREATE = ("CREATE TABLE {table} (code_client VARCHAR, raison_sociale VARCHAR, "
           "date_facture {date}, montant_ht {number}, segment VARCHAR, famille VARCHAR, "
           "marge {number}, commercial VARCHAR)")


def duckdb_file(frame: pd.DataFrame, path: Path, table: str = "ventes", *,
                as_text: bool = False) -> Path:
    """The ledger as a table of a DuckDB database file (typed columns, or every column
    as French text when ``as_text``: a CSV loaded as is)."""
    import duckdb

    data = in_database(frame)
    if as_text:
        data = data.assign(date_facture=data["date_facture"].dt.strftime("%d/%m/%Y"),
                           montant_ht=data["montant_ht"].map(_french),
                           marge=data["marge"].map(_french))
    with duckdb.connect(str(path)) as con:
        con.register("frame", data)
        kinds = ({"date": "VARCHAR", "number": "VARCHAR"} if as_text
                 else {"date": "DATE", "number": "DECIMAL(14,2)"})
        con.execute(_CREATE.format(table=table, **kinds))
        con.execute(f"INSERT INTO {table} SELECT * FROM frame")
    return path


def parquet_file(frame: pd.DataFrame, path: Path) -> Path:
    """The ledger as a Parquet file (written by DuckDB: no pyarrow needed)."""
    import duckdb

    with duckdb.connect() as con:
        con.register("frame", in_database(frame))
        con.execute("COPY (SELECT code_client, raison_sociale, "
                    "CAST(date_facture AS DATE) AS date_facture, "
                    "CAST(montant_ht AS DECIMAL(14,2)) AS montant_ht, segment, famille, "
                    "CAST(marge AS DECIMAL(14,2)) AS marge, commercial FROM frame) "
                    f"TO '{path}' (FORMAT PARQUET)")
    return path


def postgres_table(frame: pd.DataFrame, url: str, table: str = "ventes") -> str:
    """The ledger as a PostgreSQL table (NUMERIC amounts, DATE dates), loaded by COPY."""
    import psycopg

    data = in_database(frame)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(_CREATE.format(table=table, date="DATE", number="NUMERIC(14,2)"))
        with con.cursor().copy(f"COPY {table} FROM STDIN") as copy:
            for row in data.itertuples(index=False):
                copy.write_row([row.code_client, row.raison_sociale, row.date_facture.date(),
                                f"{row.montant_ht:.2f}", row.segment, row.famille,
                                f"{row.marge:.2f}", row.commercial])
    return url

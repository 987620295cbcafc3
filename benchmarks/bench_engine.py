"""The whole plan from a ledger of any size, as a ratio to a peer measured in the same run.

Run from the repository root:

    PYTHONPATH=. python benchmarks/bench_engine.py [--lines 1000000] [--clients 50000]
        [--folder DIR] [--sources csv,parquet,duckdb]

It writes ``make_ledger.py``'s French export at that scale (``;``, decimal comma,
dd/mm/yyyy, Windows-1252), copies it once into a Parquet file and a DuckDB table (typed
columns, as a data team would keep them; not timed), then runs, each in a fresh child
process so that each peak memory (ru_maxrss) is its own:
- the peer: what the machine allows for the simplest useful answer — DuckDB reading the
  French CSV and summing revenue N-1 and N per client, XlsxWriter (constant memory)
  writing that client table;
- ``make_report`` on each source, the whole plan: every analysis and the full workbook.
Each line prints seconds, peak MB and the ratio to the peer (the issue's aim: CSV ≤ 2×).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-03-10"
_FRENCH_CSV = ("read_csv({path}, delim=';', decimal_separator=',', dateformat='%d/%m/%Y', "
               "encoding='latin-1', header=true)")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _peer(csv: Path, out: Path) -> None:
    """DuckDB reads and groups, XlsxWriter writes the per-client table."""
    import duckdb
    import xlsxwriter

    rows = duckdb.sql(
        'SELECT "Code client" AS client, '
        'SUM("Montant HT") FILTER (WHERE year("Date facture") = 2024) AS prev, '
        'SUM("Montant HT") FILTER (WHERE year("Date facture") = 2025) AS curr '
        f"FROM {_FRENCH_CSV.format(path=_sql_path(csv))} GROUP BY 1 ORDER BY curr DESC"
    ).fetchall()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, ("Client", "CA N-1", "CA N"))
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()


def _child(step: str, folder: Path, lines: int, clients: int) -> dict:
    import datetime as dt

    from xlsales.app.report import make_report

    csv = folder / f"ledger-{lines}-{clients}.csv"
    out = folder / f"{step}.xlsx"
    today = dt.date.fromisoformat(TODAY)
    start = time.perf_counter()
    if step == "peer":
        _peer(csv, out)
    elif step == "csv":
        make_report(csv, out, today=today, force=True)
    elif step == "parquet":
        make_report(csv.with_suffix(".parquet"), out, today=today, force=True)
    elif step == "duckdb":
        make_report(csv.with_suffix(".duckdb"), out, today=today, force=True, table="ventes")
    else:
        raise SystemExit(f"unknown step {step}")
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _run_child(step: str, folder: Path, lines: int, clients: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", step, str(folder), str(lines),
                           str(clients)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prepare(folder: Path, lines: int, clients: int) -> Path:
    import duckdb

    csv = folder / f"ledger-{lines}-{clients}.csv"
    if not csv.exists():
        from xlsales.sources.demo import demo_ledger, write_ledger_csv

        start = time.perf_counter()
        write_ledger_csv(demo_ledger(lines, clients), csv, lang="fr")
        print(f"ledger written in {time.perf_counter() - start:.1f} s")
    parquet, db = csv.with_suffix(".parquet"), csv.with_suffix(".duckdb")
    source = _FRENCH_CSV.format(path=_sql_path(csv))
    if not parquet.exists():
        duckdb.sql(f"COPY (SELECT * FROM {source}) TO {_sql_path(parquet)} (FORMAT PARQUET)")
    if not db.exists():
        with duckdb.connect(str(db)) as con:
            con.execute(f"CREATE TABLE ventes AS SELECT * FROM {source}")
    return csv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--folder", type=Path, default=None,
                        help="where to keep the ledgers (reused when they are there)")
    parser.add_argument("--sources", default="csv,parquet,duckdb")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="xlsales-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv = _prepare(folder, args.lines, args.clients)
    print(f"{csv}: {args.lines:,} lines, {args.clients:,} clients, "
          f"{csv.stat().st_size / 2**20:.0f} MiB")
    peer = _run_child("peer", folder, args.lines, args.clients)
    print(f"{'peer: DuckDB + XlsxWriter':<34} {peer['seconds']:7.2f} s {peer['peak_mb']:7.0f} MB")
    for step in args.sources.split(","):
        got = _run_child(step, folder, args.lines, args.clients)
        print(f"{'xlsales report, ' + step:<34} {got['seconds']:7.2f} s "
              f"{got['peak_mb']:7.0f} MB   {got['seconds'] / peer['seconds']:5.2f}× the peer")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(_child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]),
                                int(sys.argv[5]))))
    else:
        main()

"""Speed and memory of ``xlsales report`` on a million-line ledger, against plain pandas.

Run from the repository root:

    PYTHONPATH=. python benchmarks/bench_report.py [--lines 1000000] [--clients 50000]
        [--folder DIR] [--no-baseline]

It writes the demo ledger at that scale as a French export (``;``, decimal comma,
Windows-1252: the slow case for a reader), then runs each step in a fresh child process
so that each peak memory (the child's ru_maxrss) is that step's alone:
- read: ``report.read_inputs`` (the ledger module's reader);
- read + compute: ``report.make_report`` without output (plan and every analysis);
- read + compute + write: ``make_report`` with an output, when ``xlsales.workbook`` (the
  writer, another branch's work) can be imported; otherwise it says it is pending;
- the command itself, ``python -m xlsales report LEDGER -o OUT --quiet``, end to end, with
  the writer too;
- the baseline: ``pandas.read_csv`` + ``DataFrame.to_excel`` (openpyxl) on the same file.
Aim: the report under 20 s and 2 GB, and faster than the baseline.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-03-10"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(step: str, ledger: Path, out: Path) -> dict:
    """One step, run in this (fresh) process: its timings and its peak memory."""
    import datetime as dt

    from xlsales.app.report import make_report, read_inputs

    today = dt.date.fromisoformat(TODAY)
    start = time.perf_counter()
    if step == "read":
        read_inputs(ledger)
        timings = {"read": time.perf_counter() - start}
    elif step == "compute":
        timings = make_report(ledger, today=today).timings
    elif step == "write":
        timings = make_report(ledger, out, today=today, force=True).timings
    elif step == "baseline":
        import pandas as pd

        frame = pd.read_csv(ledger, sep=";", decimal=",", encoding="cp1252")
        read = time.perf_counter()
        frame.to_excel(out, index=False, engine="openpyxl")
        timings = {"read": read - start, "write": time.perf_counter() - read}
    else:
        raise SystemExit(f"unknown step {step}")
    return {"timings": timings, "peak_mb": _peak_mb()}


def _run_child(step: str, ledger: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", step, str(ledger), str(out)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_command(ledger: Path, out: Path) -> dict:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xlsales", "report", str(ledger), "-o", str(out),
                    "--today", TODAY, "--quiet", "--force"], cwd=ROOT, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"timings": {"total": seconds}, "peak_mb": peak}


def _line(label: str, result: dict) -> None:
    timings = result["timings"]
    phases = "  ".join(f"{name} {seconds:6.2f} s" for name, seconds in timings.items())
    total = timings.get("total", sum(timings.values()))
    print(f"{label:<28} total {total:7.2f} s   peak {result['peak_mb']:7.0f} MB   {phases}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--folder", type=Path, default=None,
                        help="where to keep the ledger (reused when it is there)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="xlsales-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    ledger = folder / f"ledger-{args.lines}-{args.clients}.csv"
    if not ledger.exists():
        from xlsales.sources.demo import demo_ledger, write_ledger_csv

        start = time.perf_counter()
        write_ledger_csv(demo_ledger(args.lines, args.clients), ledger, lang="fr")
        print(f"ledger written in {time.perf_counter() - start:.1f} s")
    size = ledger.stat().st_size / 2**20
    print(f"{ledger}: {args.lines:,} lines, {args.clients:,} clients, {size:.0f} MiB\n")

    _line("read", _run_child("read", ledger, folder / "unused.xlsx"))
    _line("read + compute", _run_child("compute", ledger, folder / "unused.xlsx"))
    if importlib.util.find_spec("xlsales.workbook") is None:
        print("read + compute + write       pending: xlsales.workbook (the writer) is not "
              "in this branch")
    else:
        _line("read + compute + write", _run_child("write", ledger, folder / "report.xlsx"))
        _line("xlsales report (command)", _run_command(ledger, folder / "command.xlsx"))
    if not args.no_baseline:
        _line("pandas read_csv + to_excel", _run_child("baseline", ledger,
                                                       folder / "baseline.xlsx"))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(_child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))))
    else:
        main()

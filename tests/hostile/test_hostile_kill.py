"""``xlsales report`` and ``xlsales run`` killed outright (SIGKILL) at random moments.

Nothing can clean up after SIGKILL, so what must hold comes from the order of the writes
alone (``common/atomic.py``): every file is written whole under a hidden
temporary name beside its target, synced, then renamed. After each kill:

- the inputs are byte-identical;
- a file that existed under an output's name is byte-identical, or whole and new (the
  report's bytes equal an uninterrupted run's, the same data giving the same bytes; a
  run's workbook passes zip's CRC check, opens in openpyxl and carries the refresh stamp);
- a file that appears under a final name is whole (a backup: the original's bytes);
- anything else left is a hidden temporary beside the output (``.~xlsales-*.tmp.xlsx``
  from ``atomic_output``, the one writer): counted, allowed.

Each scenario is first run to the end, timing when its folder first changes (the write
starts) and when it exits; then it is killed ``KILLS`` times (seeded): a third at a moment
drawn over the whole run (start-up, reading, computing, writing), a third within 2 ms of
the folder's first change (a run's save takes a few milliseconds: were it not atomic, the
output itself would be cut there), a third between that change and the end. The report
writes a 3,000-client workbook from a 100,000-line ledger, the run refreshes a
2,000-client demo workbook: in place with a backup, in place without, into a new file,
over an existing file.

A kill that must land inside a write of a millisecond is a race: with book_file's writer
made non-atomic on purpose (the output written in place), these tests failed in one or two
of the four run scenarios per session, not always in all of them.
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from tests.harness import ledgers
from tests.harness.processes import ROOT, environment
from tests.harness.workbook import named
from xlsales.sources.ledger_plan import demo_plan
from xlsales.workbook import write_plan_workbook

pytestmark = [pytest.mark.kills, pytest.mark.slow]

KILLS = 9  # per scenario: a third anywhere, a third within 2 ms of the write's start
SEED = 2026
TEMPORARY = (".~xlsales-",)  # atomic_output's prefix, for every file xlsales writes
OUTCOMES: collections.Counter[tuple[str, str]] = collections.Counter()


@dataclass(frozen=True)
class Scenario:
    name: str
    args: Callable[[Path], list[str]]  # the command line, in the scenario's folder
    inputs: tuple[str, ...]  # files that must stay byte-identical
    outputs: tuple[str, ...]  # files the command may replace or create, whole
    whole: Callable[[Path, Path], bool]  # is this output whole? (path, reference folder)


def _report_whole(path: Path, reference: Path) -> bool:
    return path.read_bytes() == (reference / path.name).read_bytes()


def _run_whole(path: Path, reference: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                return False
    except zipfile.BadZipFile:
        return False
    stamp = named(openpyxl.load_workbook(path), "xls_status")[0][0]
    return isinstance(stamp, str) and stamp.startswith("Refreshed by xlsales on ")


def _report(*extra: str) -> Callable[[Path], list[str]]:
    return lambda folder: ["report", str(folder / "ventes.csv"), "-o", str(folder / "plan.xlsx"),
                           "--today", "2026-03-10", "--quiet", "--lang", "en", *extra]


def _run(*extra: str) -> Callable[[Path], list[str]]:
    def args(folder: Path) -> list[str]:
        out = [str(folder / arg) if arg.endswith(".xlsx") else arg for arg in extra]
        return ["run", "refresh_all", str(folder / "book.xlsx"), "--quiet", "--lang", "en", *out]
    return args


SCENARIOS = [
    Scenario("report, new output", _report(), ("ventes.csv",), ("plan.xlsx",),
             _report_whole),
    Scenario("report --force over an older output", _report("--force"), ("ventes.csv",),
             ("plan.xlsx",), _report_whole),
    Scenario("run in place, with a backup", _run(), (), ("book.xlsx", "book.bak.xlsx"),
             _run_whole),
    Scenario("run in place, --no-backup", _run("--no-backup"), (), ("book.xlsx",), _run_whole),
    Scenario("run -o a new file", _run("-o", "plan.xlsx"), ("book.xlsx",), ("plan.xlsx",),
             _run_whole),
    Scenario("run -o over an existing file", _run("-o", "plan.xlsx", "--force"),
             ("book.xlsx",), ("plan.xlsx",), _run_whole),
]


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """The files each scenario starts from: a ledger, an older plan, a demo workbook."""
    folder = tmp_path_factory.mktemp("sources")
    ledgers.large_csv(folder / "ventes.csv", 100_000, clients=3_000)
    old = folder / "old"
    old.mkdir()
    ledgers.large_csv(old / "ventes.csv", 1_000, clients=100, seed=1)
    subprocess.run([sys.executable, "-m", "xlsales", *_report()(old)], cwd=ROOT, check=True,
                   env=environment())
    write_plan_workbook(demo_plan(clients=2_000), folder / "book.xlsx")
    return folder


def _start(scenario: Scenario, folder: Path, sources: Path) -> Path:
    """A fresh folder holding what the scenario starts from."""
    folder.mkdir(parents=True)
    for name in ("ventes.csv", "book.xlsx"):
        shutil.copy(sources / name, folder / name)
    if scenario.name in ("report --force over an older output",
                         "run -o over an existing file"):
        shutil.copy(sources / "old" / "plan.xlsx", folder / "plan.xlsx")
    return folder


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMPORARY))


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's size and modification time: a write shows here as it starts, whether
    into a temporary file or (were it not atomic) into the output itself."""
    state = {}
    for entry in os.scandir(folder):
        try:
            found = entry.stat()
        except FileNotFoundError:  # renamed or removed since it was listed: a change too
            continue
        state[entry.name] = (found.st_size, found.st_mtime_ns)
    return state


@dataclass(frozen=True)
class Timing:
    write: float  # seconds from start until the folder first changes (the write starts)
    end: float  # seconds until the command exits


def _launch(scenario: Scenario, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "xlsales", *scenario.args(folder)],
                            cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _until(child: subprocess.Popen, start: float, moment: float | None,
           folder: Path | None = None) -> float | None:
    """Wait until ``moment`` seconds after ``start``, or (``folder``) until something in
    the folder changes; None if the child ended first."""
    initial = _state(folder) if folder else None
    while child.poll() is None:
        now = time.perf_counter() - start
        if (moment is not None and now >= moment) or (folder and _state(folder) != initial):
            return now
        time.sleep(0.0001)
    return None


@pytest.fixture(scope="module")
def references(sources, tmp_path_factory):
    """Each scenario run to its end: its timing, and its outputs to compare with."""
    done = {}
    for scenario in SCENARIOS:
        folder = _start(scenario, tmp_path_factory.mktemp("reference") / "run", sources)
        start = time.perf_counter()
        child = _launch(scenario, folder)
        seen = _until(child, start, None, folder)
        _, err = child.communicate()
        end = time.perf_counter() - start
        assert child.returncode == 0, err
        assert seen is not None, "the write was not seen"
        assert _temporaries(folder) == []  # a run that ends leaves none
        done[scenario.name] = (folder, Timing(seen, end))
    return done


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    if OUTCOMES:
        print("\nSIGKILL outcomes (scenario, outcome: count):")
        for (scenario, outcome), count in sorted(OUTCOMES.items()):
            print(f"  {scenario:40} {outcome:32} {count}")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_kill_leaves_inputs_intact_and_outputs_whole_or_untouched(scenario, sources,
                                                                    references, tmp_path):
    reference, timing = references[scenario.name]
    rng = random.Random(f"{SEED} {scenario.name}")
    for k in range(KILLS):
        folder = _start(scenario, tmp_path / f"kill{k}", sources)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        start = time.perf_counter()
        child = _launch(scenario, folder)
        if k % 3 == 0:  # anywhere in the run
            at = _until(child, start, rng.uniform(0, timing.end))
        else:  # once the write has started: within 10 ms of it, or later in the run
            at = _until(child, start, None, folder)
            rest = 0.002 if k % 3 == 1 else timing.end - timing.write
            if at is not None:
                at = _until(child, start, at + rng.uniform(0, rest))
        if at is not None:
            child.send_signal(signal.SIGKILL)
        child.communicate()
        OUTCOMES[scenario.name, _check(scenario, folder, before, reference, at)] += 1


def _check(scenario: Scenario, folder: Path, before: dict[str, bytes], reference: Path,
           killed_at: float | None) -> str:
    """Check the folder after a kill; say what the kill met."""
    after = {p.name for p in folder.iterdir()}
    for name in scenario.inputs:
        assert (folder / name).read_bytes() == before[name], name
    changed = []
    for name in scenario.outputs:
        path = folder / name
        if name.endswith(".bak.xlsx"):  # the backup is the original, copied whole
            assert name not in after or path.read_bytes() == before["book.xlsx"]
        elif name in after and path.read_bytes() != before.get(name):
            assert scenario.whole(path, reference), f"{name} is neither old nor whole"
            changed.append(name)
    leftovers = _temporaries(folder)
    assert after - set(before) - set(scenario.outputs) == set(leftovers), after
    assert all(name.startswith(".") for name in leftovers)
    if killed_at is None:
        return "ended before the kill"
    if leftovers:
        return f"temporary left ({len(leftovers)})"
    return "killed after the rename" if changed else "killed, nothing changed yet"


def test_a_later_run_succeeds_beside_a_killed_runs_temporary(sources, references, tmp_path):
    # A run killed while writing leaves its hidden temporary; the next run is not
    # disturbed by it. (Nor does it remove it: temporaries have random names, and no run
    # can tell a dead run's from one still writing.)
    scenario = SCENARIOS[0]
    folder = _start(scenario, tmp_path / "again", sources)
    start = time.perf_counter()
    child = _launch(scenario, folder)
    at = _until(child, start, None, folder)
    assert at is not None
    child.send_signal(signal.SIGKILL)
    child.communicate()
    left = _temporaries(folder)
    assert left and not (folder / "plan.xlsx").exists()
    again = subprocess.run([sys.executable, "-m", "xlsales", *scenario.args(folder)],
                           cwd=ROOT, env=environment(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _report_whole(folder / "plan.xlsx", references[scenario.name][0])

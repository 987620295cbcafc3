"""``python -m xlsales`` as a user's shell runs it, under limits, with what it cost.

The hostile-input tests run the real command in a child process whose address space is
capped (``RLIMIT_AS``: a reader that tries to hold a decompression bomb fails there instead
of taking the machine) and whose CPU time is capped (a reader that loops is stopped), and
read the child's own peak memory (``ru_maxrss`` from ``wait4``, not the sum over every
child the test run made).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = int(2.5 * 2**30)  # the memory aim is 2 GB; numpy's arenas need some room
CPU_SECONDS = 600


@dataclass(frozen=True)
class Ran:
    code: int  # the exit code, or minus the signal that ended the process
    stdout: str
    stderr: str
    peak_mb: float  # the child's largest resident set
    seconds: float


def environment(**extra: str) -> dict[str, str]:
    """The user's environment, in English, wide enough that no message wraps."""
    return {**os.environ, "XLSALES_LANG": "en", "COLUMNS": "200", **extra}


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` for a child that is sent Ctrl-C (SIGINT): its default action back. A
    test run started in the background by a non-interactive shell (``pytest &``) ignores
    SIGINT, and its children would inherit that and never see the Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


_LAUNCHER = """
import os, resource, signal, subprocess, sys
space, cpu, peak = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
resource.setrlimit(resource.RLIMIT_AS, (space, space))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
child = subprocess.Popen(sys.argv[4:])
_, status, usage = os.wait4(child.pid, 0)
with open(peak, "w") as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def run_xlsales(*args: object, address_space: int = ADDRESS_SPACE,
                cpu_seconds: int = CPU_SECONDS) -> Ran:
    """``python -m xlsales ARGS`` from the project's root, limited, waited for."""

    command = [sys.executable, "-m", "xlsales", *map(str, args)]
    # A small Python in between sets the limits and runs xlsales as its own child: the
    # kernel's peak memory of a process counts the memory of the process that spawned it
    # (fork or vfork both share its pages until exec), and a test worker holds hundreds
    # of MB late in a run. The launcher is small, so the peak it reads is xlsales' own.
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        peak_file = Path(folder) / "peak"
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(address_space),
                                  str(cpu_seconds), str(peak_file), *command],
                                 cwd=ROOT, stdout=out, stderr=err, env=environment())
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak = int(peak_file.read_text()) if peak_file.exists() else usage.ru_maxrss
        return Ran(child.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), peak / 1024, seconds)

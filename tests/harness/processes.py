"""``python -m xlsales`` as a user's shell runs it, under limits, with what it cost.

The hostile-input tests run the real command in a child process whose address space is
capped (``RLIMIT_AS``: a reader that tries to hold a decompression bomb fails there instead
of taking the machine) and whose CPU time is capped (a reader that loops is stopped), and
read the child's own peak memory (``ru_maxrss`` from ``wait4``, not the sum over every
child the test run made).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def run_xlsales(*args: object, address_space: int = ADDRESS_SPACE,
                cpu_seconds: int = CPU_SECONDS) -> Ran:
    """``python -m xlsales ARGS`` from the project's root, limited, waited for."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    command = [sys.executable, "-m", "xlsales", *map(str, args)]
    # The limits are set by util-linux's prlimit, which then runs Python: a preexec_fn
    # makes subprocess fork the test process itself, and the child's peak memory
    # (ru_maxrss) would then count the test worker's own pages, hundreds of MB late in a
    # run, as if xlsales had used them.
    prlimit = shutil.which("prlimit")
    launch: dict[str, Any] = {}
    if prlimit:
        command = [prlimit, f"--as={address_space}", f"--cpu={cpu_seconds}", "--", *command]
    else:
        launch["preexec_fn"] = limit
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err,
                                 env=environment(), **launch)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Ran(child.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), usage.ru_maxrss / 1024, seconds)

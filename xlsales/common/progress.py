"""How long work tells how far it has gone: one callback shape for the whole package.

``progress(phase, done, total)``: a phase ("generate", "read", "compute", "write", "run")
starts with ``done`` 0 and ends with ``done == total``; ``total`` is None when the phase
has no measure (the analyses, the writer), else its unit's count (a file's bytes for a CSV
export, its rows for a workbook). The command line draws one bar per phase from it; the
file readers report the "read" phase, the report its phases around them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Progress"]

Progress = Callable[[str, int, "int | None"], Any]

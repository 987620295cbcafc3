"""Recording stand-ins for the workbook writer and the macros, which other branches write.

The command line imports ``xlsales.workbook.write_plan_workbook`` and
``xlsales.buttons.macros.run_macro_file`` only when it writes or runs a macro. These fakes take
their place in ``sys.modules`` for a test (through pytest's ``monkeypatch``), record each
call, and write known bytes where the real writer would write a workbook, so the tests
check everything around them for real: arguments, reading, the plan, atomic writing.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORKBOOK_BYTES = b"PK fake workbook"


@dataclass
class Calls:
    writes: list[dict[str, Any]] = field(default_factory=list)
    macros: list[dict[str, Any]] = field(default_factory=list)


def fake_writer(monkeypatch: Any, fail: BaseException | None = None) -> Calls:
    """Replace ``xlsales.workbook`` by a writer that records its arguments and writes
    ``WORKBOOK_BYTES`` to the target (or half of them, then raises ``fail``): the command
    line's own rules (paths, exit codes, atomic output) tested apart from the real writer,
    which ``test_cli_workbook.py`` drives end to end."""
    calls = Calls()

    def write_plan_workbook(data: Any, target: Any, *, lang: str = "en", xlsm: bool = False,
                            results: Any = None, issues: Any = None) -> None:
        calls.writes.append({"data": data, "target": Path(target), "lang": lang,
                             "xlsm": xlsm, "results": results, "issues": issues,
                             "existed": Path(target).exists()})
        if fail is not None:
            Path(target).write_bytes(WORKBOOK_BYTES[:4])
            raise fail
        Path(target).write_bytes(WORKBOOK_BYTES)

    def template_data(empty: bool = False) -> Any:
        from xlsales.plan.analysis import PlanData
        from xlsales.sources.ledger_plan import demo_plan

        calls.writes.append({"template_data": empty})
        return PlanData() if empty else demo_plan(clients=40)

    module = types.ModuleType("xlsales.workbook")
    module.write_plan_workbook = write_plan_workbook
    module.template_data = template_data
    monkeypatch.setitem(sys.modules, "xlsales.workbook", module)
    return calls


@dataclass(frozen=True)
class FakeMacroResult:
    macro: str
    lang: str
    written: dict[str, Any]
    notes: tuple[str, ...] = ()
    saved: Path | None = None
    backup: Path | None = None


def fake_macros(monkeypatch: Any, fail: BaseException | None = None) -> Calls:
    """Replace ``xlsales.buttons.macros`` by a ``run_macro_file`` that records its arguments."""
    calls = Calls()

    def run_macro_file(macro: str, path: Any, *, backup: bool = True,
                       output: Any = None) -> FakeMacroResult:
        calls.macros.append({"macro": macro, "path": Path(path), "backup": backup,
                             "output": output})
        if fail is not None:
            raise fail
        saved = Path(output) if output is not None else Path(path)
        kept = (Path(path).with_name(f"{Path(path).stem}.bak{Path(path).suffix}")
                if backup and output is None else None)
        return FakeMacroResult(macro, "en", {"xls_status": [["Refreshed", None]]},
                               ("2 segments",), saved, kept)

    module = types.ModuleType("xlsales.buttons.macros")
    module.run_macro_file = run_macro_file
    monkeypatch.setitem(sys.modules, "xlsales.buttons.macros", module)
    return calls

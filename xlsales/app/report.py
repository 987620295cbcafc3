"""The report: a ledger export read, turned into the plan's tables, analysed and written as
the action-plan workbook, one timed phase after the other.

``xlsales report`` and ``xlsales demo`` (and ``benchmarks/bench_report.py``) run the same
steps, so what the command line does is what the benchmark measures:
- read: the ledger and the optional client scores, prospect and team lists
  (``ledger.read_*``), every bad line set aside rather than stopping at the first, so all
  of them can be listed; the demo builds its data instead;
- compute: ``ledger_plan.plan_from_ledger`` then ``plan.analyse``;
- write: the workbook writer through ``atomic.atomic_output``.

Rules:
- The output is checked (``atomic.check_target``) before anything is read.
- A bad line (an amount or a date that cannot be read, a required value missing) stops
  the report with ``BadLines`` unless ``skip_bad_rows``; then the lines are left out and
  listed by ``Inputs.issues`` for the workbook's Issues sheet.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from xlsales.common.atomic import atomic_output, check_target
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, say
from xlsales.common.progress import Progress
from xlsales.method.team import owner_revenue
from xlsales.plan.analysis import PlanData, PlanResults, analyse
from xlsales.sources.activities import activities_table, read_activities
from xlsales.sources.databases import is_database
from xlsales.sources.deals import deal_outcomes, known_order, read_deals
from xlsales.sources.engine import read_grouped_ledger
from xlsales.sources.exports import unknown_export
from xlsales.sources.ledger import FileLines, read_clients, read_ledger, read_prospects, read_team
from xlsales.sources.ledger_plan import demo_plan, plan_from_ledger

__all__ = [
    "ISSUE_COLUMNS",
    "LABELS",
    "PHASES",
    "BadLines",
    "Inputs",
    "Progress",
    "Report",
    "make_demo",
    "make_report",
    "read_inputs",
    "write_plan",
]

PHASES = ("generate", "read", "compute", "write")
ISSUE_COLUMNS = ("file", "line", "column", "value", "problem")

LABELS = {
    "generate": {"en": "Building the demo data", "fr": "Création des données de démonstration"},
    "read": {"en": "Reading", "fr": "Lecture"},
    "compute": {"en": "Computing the analyses", "fr": "Calcul des analyses"},
    "write": {"en": "Writing", "fr": "Écriture"},
    "file": {"en": "File", "fr": "Fichier"},
    "line": {"en": "Line", "fr": "Ligne"},
    "column": {"en": "Column", "fr": "Colonne"},
    "value": {"en": "Value", "fr": "Valeur"},
    "problem": {"en": "Problem", "fr": "Problème"},
}


@dataclass(frozen=True, eq=False)
class Inputs:
    """The files of a report as read: the ledger and the optional lists."""

    ledger: FileLines
    clients: FileLines | None = None
    prospects: FileLines | None = None
    team: FileLines | None = None
    deals: FileLines | None = None
    activities: FileLines | None = None

    def tables(self) -> list[FileLines]:
        """The files read, the ledger first."""
        return [t for t in (self.ledger, self.clients, self.prospects, self.team,
                            self.deals, self.activities) if t is not None]

    def bad_rows(self) -> pd.DataFrame:
        """Every bad cell of every file: file (its name), line, column (as the file names
        it), value (as read, None when blank) and problem (a ``PROBLEMS`` key)."""
        frames = [t.bad_rows.assign(file=Path(t.source.path).name)
                  for t in self.tables() if len(t.bad_rows)]
        if not frames:
            return pd.DataFrame({key: pd.Series(dtype=object) for key in ISSUE_COLUMNS})
        rows = pd.concat(frames, ignore_index=True)[list(ISSUE_COLUMNS)]
        rows["value"] = rows["value"].astype(object).where(rows["value"].notna(), None)
        return rows

    def set_aside(self) -> pd.DataFrame:
        """Records a file holds rightly but the analyses cannot use (a FEC entry with
        revenue and no customer): listed in the Issues sheet, never stopping the report."""
        frames = [frame.assign(file=Path(t.source.path).name) for t in self.tables()
                  for frame in (getattr(t, "set_aside", ()), getattr(t, "remarks", ()))
                  if len(frame)]
        if not frames:
            return pd.DataFrame({key: pd.Series(dtype=object) for key in ISSUE_COLUMNS})
        rows = pd.concat(frames, ignore_index=True)
        return rows[[*ISSUE_COLUMNS, *(["other"] if "other" in rows.columns else [])]]

    def bad_line_count(self) -> int:
        """Lines left out, all files together (a line with two bad cells counts once)."""
        return sum(int(t.bad_rows["line"].nunique()) for t in self.tables())

    def issues(self, lang: str = "en") -> pd.DataFrame:
        """``bad_rows`` with the problem said in ``lang`` ("'abc' is not a number"): the
        rows of the workbook's Issues sheet (headers: ``LABELS`` of ``ISSUE_COLUMNS``)."""
        lang = check_lang(lang)
        rows = self.bad_rows()
        aside = self.set_aside()
        if len(aside):
            rows = pd.concat([rows, aside], ignore_index=True) if len(rows) else aside
        said: dict[tuple[str, str, str], str] = {}  # an export repeats its mistakes: once
        texts = []
        others = rows["other"] if "other" in rows.columns else [None] * len(rows)
        for problem, value, other in zip(rows["problem"], rows["value"], others, strict=True):
            other = other if isinstance(other, str) else None  # the look-alike codes
            key = (problem, repr(value), other or "")
            if key not in said:
                said[key] = XlsalesError("", problem, value=value,
                                         **({"other": other} if other else {})).detail(lang)
            texts.append(said[key])
        rows = rows.assign(problem=pd.Series(texts, index=rows.index, dtype=object))
        return rows[list(ISSUE_COLUMNS)]

    def bad_line_messages(self, lang: str = "en", limit: int | None = None) -> list[str]:
        """The bad cells as full messages ("ventes.csv, Montant HT, row 7: 'abc' is not a
        number"), the first ``limit`` of them."""
        rows = self.bad_rows()
        rows = rows if limit is None else rows.head(limit)
        return [_bad_cell(row).message(lang) for row in rows.itertuples(index=False)]


class BadLines(XlsalesError):
    """Lines of the input files that could not be read, met when the report does not
    skip them. The message names the first and the count; ``inputs`` has all of them."""

    def __init__(self, inputs: Inputs) -> None:
        rows = inputs.bad_rows()
        first = next(rows.itertuples(index=False))
        # a CSV read in a guessed encoding (not UTF) says which: wrong letters show there
        encoding = next((t.source.encoding for t in inputs.tables()
                         if Path(t.source.path).name == first.file), None)
        guessed = encoding is not None and not encoding.startswith("utf")
        super().__init__(f"{first.file}, {first.column}",
                         "bad_lines_encoded" if guessed else "bad_lines",
                         row=int(first.line), value=first.value, line_problem=first.problem,
                         count=inputs.bad_line_count(),
                         **({"encoding": encoding} if guessed else {}))
        self.inputs = inputs


def _bad_cell(row: Any) -> XlsalesError:
    return XlsalesError(f"{row.file}, {row.column}", row.problem, row=int(row.line),
                        value=row.value)


@dataclass(eq=False)
class Report:
    """What a report or the demo made: the plan's tables, every result, the files read
    (None for the demo), the seconds each phase took, and the workbook written."""

    data: PlanData
    results: PlanResults
    inputs: Inputs | None = None
    timings: dict[str, float] = field(default_factory=dict)
    output: Path | None = None
    activities_outside: int = 0  # activities of the export dated outside year N

    @property
    def year(self) -> int:
        """Year N (N-1 is the year before)."""
        return int(self.data.settings.year_curr)

    def issues(self, lang: str = "en") -> pd.DataFrame:
        """The lines left out, for the Issues sheet (none for the demo)."""
        if self.inputs is None:
            return pd.DataFrame({key: pd.Series(dtype=object) for key in ISSUE_COLUMNS})
        return self.inputs.issues(lang)


def read_inputs(ledger: str | Path, *, sheet: str | None = None,
                columns: Mapping[str, str | None] | None = None,
                clients: str | Path | None = None, prospects: str | Path | None = None,
                team: str | Path | None = None, progress: Progress | None = None,
                deals: str | Path | None = None, accounts: Any = None,
                activities: str | Path | None = None, header_row: int | None = None,
                encoding: str | None = None, table: str | None = None,
                query: str | None = None) -> Inputs:
    """Read the ledger (``sheet`` and ``columns`` as ``read_ledger`` takes them) and the
    optional lists; bad lines are left out of each ``FileLines`` and kept in its
    ``bad_rows``, never raised one by one (a file with only bad lines still raises).
    A database ledger (a Parquet or DuckDB file, a ``postgresql://`` URL: ``table`` or
    ``query``) comes grouped per client × segment × product × salesperson × day
    (``sources.engine``)."""
    try:
        if is_database(ledger):
            lines = read_grouped_ledger(ledger, table=table, query=query, columns=columns)
        elif table is not None or query is not None:
            raise XlsalesError("--table" if table is not None else "--query", "not_database")
        else:
            lines = read_ledger(ledger, sheet=sheet, **dict(columns or {}), accounts=accounts,
                                skip_bad_rows=True, progress=progress, header_row=header_row,
                                encoding=encoding)
    except XlsalesError as err:
        if err.problem == "missing_column" and err.arg.startswith(Path(ledger).name):
            raise unknown_export(err) from None
        raise
    return Inputs(
        ledger=lines,
        clients=_optional(read_clients, clients),
        prospects=_optional(read_prospects, prospects),
        team=_optional(read_team, team),
        deals=_optional(read_deals, deals),
        activities=_optional(read_activities, activities),
    )


def _optional(reader: Callable[..., FileLines], path: str | Path | None) -> FileLines | None:
    return None if path is None else reader(path, skip_bad_rows=True)


def make_report(ledger: str | Path, output: str | Path | None = None, *,
                sheet: str | None = None, columns: Mapping[str, str | None] | None = None,
                clients: str | Path | None = None, prospects: str | Path | None = None,
                team: str | Path | None = None, year: int | None = None,
                today: dt.date | None = None, skip_bad_rows: bool = False,
                lang: str = "en", xlsm: bool = False, force: bool = False,
                progress: Progress | None = None, deals: str | Path | None = None,
                accounts: Any = None, activities: str | Path | None = None,
                hourly_cost: float | None = None, visit_cost: float | None = None,
                header_row: int | None = None, encoding: str | None = None,
                period: str = "year", to: dt.date | None = None,
                table: str | None = None, query: str | None = None) -> Report:
    """Read the ledger and lists, plan and analyse year ``year`` (default: the latest
    full year of the data) against the year before (or the windows ``period`` and ``to``
    choose: ``method.periods``), and write the workbook to ``output``
    (nothing is written when it is None). ``activities`` (a CRM export) gives the cost to
    serve, at ``hourly_cost`` an hour and ``visit_cost`` a visit (the settings' default
    when None); its activities dated outside year N are left out and counted. ``table``
    or ``query`` name what to read in a database ledger (``read_inputs``)."""
    lang = check_lang(lang)
    # a database URL is no file the output could overwrite
    files = [None if is_database(ledger) and "://" in str(ledger) else ledger]
    sources = [*files, clients, prospects, team, deals, activities]
    if output is not None:
        check_target(output, inputs=sources, force=force)
    timings: dict[str, float] = {}
    with _phase("read", timings, progress):
        inputs = read_inputs(ledger, sheet=sheet, columns=columns, clients=clients,
                             prospects=prospects, team=team, progress=progress,
                             deals=deals, accounts=accounts,
                             activities=activities, header_row=header_row,
                             encoding=encoding, table=table, query=query)
    if inputs.bad_line_count() and not skip_bad_rows:
        raise BadLines(inputs)
    with _phase("compute", timings, progress):
        data = plan_from_ledger(inputs.ledger.lines, year=year, today=today,
                                period=period, to=to,
                                clients=_lines(inputs.clients),
                                prospects=_lines(inputs.prospects), team=_lines(inputs.team))
        data = with_deals_and_owners(data, inputs)
        data, outside = _with_activities(data, inputs.activities, hourly_cost, visit_cost)
        results = analyse(data)
        data = results.data  # with the CRM's funnel, when --deals gave one
    report = Report(data, results, inputs, timings, activities_outside=outside)
    if output is not None:
        with _phase("write", timings, progress):
            report.output = write_plan(data, output, results=results, lang=lang, xlsm=xlsm,
                                       force=force, inputs=sources,
                                       issues=_issue_sheet(report, lang))
    return report


def _with_activities(data: PlanData, activities: FileLines | None, hourly_cost: float | None,
                     visit_cost: float | None) -> tuple[PlanData, int]:
    """The plan with the period's activities and the cost settings given on the command
    line, and how many activities fell outside year N."""
    costs = {k: float(v) for k, v in (("hourly_cost", hourly_cost),
                                      ("visit_cost", visit_cost)) if v is not None}
    settings = replace(data.settings, **costs)
    if activities is None:
        return replace(data, settings=settings), 0
    period = data.settings.period
    frame, outside = activities_table(activities.lines, data.clients,
                                      int(data.settings.year_curr),
                                      None if period is None else period.curr)
    return replace(data, activities=frame, settings=settings), outside


def _issue_sheet(report: Report, lang: str) -> pd.DataFrame:
    """The lines left out, under headers in ``lang``: the workbook's Issues sheet."""
    return report.issues(lang).rename(columns={key: say(LABELS, key, lang)
                                               for key in ISSUE_COLUMNS})


def with_deals_and_owners(data: PlanData, inputs: Inputs) -> PlanData:
    """The plan with the CRM's deals (``--deals``) and, when the ledger names who sold
    each line, the revenue per salesperson and client."""
    changes: dict[str, Any] = {}
    if inputs.deals is not None:
        deals = deal_outcomes(inputs.deals.lines)
        changes.update(deals=deals, deal_order=tuple(known_order(deals["stage"])))
    lines = inputs.ledger.lines
    if "salesperson" in lines.columns and lines["salesperson"].notna().any():
        changes["owner_revenue"] = owner_revenue(lines["salesperson"], lines["client"],
                                                 lines["date"], lines["amount"],
                                                 int(data.settings.year_curr),
                                                 period=data.settings.period)
    return replace(data, **changes) if changes else data


def _lines(table: FileLines | None) -> pd.DataFrame | None:
    return None if table is None else table.lines


def make_demo(output: str | Path | None = None, *, seed: int = 2026, clients: int = 1500,
              lang: str = "en", xlsm: bool = False, force: bool = False,
              progress: Progress | None = None) -> Report:
    """The built-in demo (``ledger_plan.demo_plan``) analysed and written like a report."""
    lang = check_lang(lang)
    if output is not None:
        check_target(output, force=force)
    timings: dict[str, float] = {}
    with _phase("generate", timings, progress):
        data = demo_plan(seed=seed, clients=clients, crm=True)
    with _phase("compute", timings, progress):
        results = analyse(data)
    report = Report(data, results, None, timings)
    if output is not None:
        with _phase("write", timings, progress):
            report.output = write_plan(data, output, results=results, lang=lang, xlsm=xlsm,
                                       force=force)
    return report


def write_plan(data: PlanData, output: str | Path, *, results: PlanResults | None = None,
               lang: str = "en", xlsm: bool = False, force: bool = False,
               inputs: Iterable[str | Path | None] = (),
               issues: pd.DataFrame | None = None) -> Path:
    """Write the action-plan workbook whole or not at all (``atomic_output``); ``issues``
    (translated headers) become its Issues sheet."""
    # Imported here: the writer is the heaviest part of the package, and every other
    # command (and the analyses) must run without loading it.
    from xlsales.workbook import write_plan_workbook

    with atomic_output(output, inputs=inputs, force=force) as temp:
        write_plan_workbook(data, temp, lang=lang, xlsm=xlsm, results=results, issues=issues)
    return Path(output)


@contextmanager
def _phase(name: str, timings: dict[str, float], progress: Progress | None) -> Iterator[None]:
    if progress:
        progress(name, 0, None)
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    if progress:
        progress(name, 1, 1)

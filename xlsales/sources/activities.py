"""Reading a CRM's activities export — visits, meetings, calls, e-mails — for the cost to serve.

A sales team logs its time in its CRM; every CRM exports its activities or tasks as a CSV
or a workbook with its own default column labels. This module finds the five columns the
cost to serve needs by those labels, in French or English: the client (account, company,
organisation), the date, the type, the duration and the owner. The file is opened and its
columns matched exactly as a ledger is (``files.py``, ``ledger.read_table``); the
durations are read by ``common.durations`` (minutes, ``HH:MM:SS``, ``1h30``, ``90 min``).

Default labels, per family (from each vendor's documentation where public, otherwise
assumed from their user interface and marked so):
- Salesforce (Tasks and Events report): "Company / Account" or "Account Name", "Date" or
  "Due Date", "Type" ("Task Type"), "Duration" (events, minutes) or "Call Duration"
  (seconds, CallDurationInSeconds), "Assigned".
- HubSpot (activities export): "Associated Company", "Activity date", "Activity type"
  (CALL, EMAIL, MEETING, TASK, NOTE), "Call duration (HH:mm:ss)" — assumed, "Activity
  assigned to".
- Pipedrive (activities export, EN/FR): "Organization"/"Organisation", "Due date"/"Date
  d'échéance", "Type" (Call, Meeting, Task, Deadline, Email, Lunch), "Duration"/"Durée"
  (HH:MM), "Assigned to user"/"Assigné à l'utilisateur".
- Odoo (mail.activity, EN/FR): "Document Name"/"Nom du document" (the partner),
  "Due Date"/"Date d'échéance", "Activity Type"/"Type d'activité" (Email, Call, Meeting,
  To Do), "Assigned to"/"Assigné à"; no duration column: every activity takes its
  type's default minutes.
- Sellsy (assumed): "Société" or "Tiers", "Date", "Type" (Rendez-vous, Appel, Tâche),
  "Durée", "Collaborateur".
- Axonaut (assumed): "Entreprise", "Date", "Type", "Durée", "Utilisateur".

Rules:
- A bare number is minutes; a column whose header names seconds ("Call Duration" of
  Salesforce, "(sec)", "(secondes)") or hours ("(h)", "(hours)", "(heures)") is read in
  that unit.
- A duration that cannot be read, is negative or is over 24 hours is a bad line named
  with its line, column and value, like an unreadable amount in a ledger.
- The client and the date are required on every line; a blank type is "other"; a blank
  duration takes the type's default (in the analysis, which knows the settings).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from xlsales.common.durations import parse_duration
from xlsales.common.errors import XlsalesError
from xlsales.common.progress import Progress
from xlsales.method.cost_to_serve import match_clients
from xlsales.method.periods import Window
from xlsales.sources.files import header_key
from xlsales.sources.ledger import Field, FileLines, Notice, read_table

__all__ = ["ACTIVITY_FIELDS", "LABELS", "activities_table", "duration_unit", "in_period",
           "read_activities"]

ACTIVITY_FIELDS = (
    Field("client", "text", (
        "code client", "client", "account name", "account", "company / account",
        "compte", "associated company", "company name", "company", "organization name",
        "organization", "organisation", "nom de l'organisation", "société", "entreprise",
        "tiers", "raison sociale", "document name", "nom du document", "related to",
        "associé à", "partner", "partenaire", "customer"), True),
    Field("date", "date", (
        "date", "activity date", "date de l'activité", "date d'activité", "due date",
        "date d'échéance", "échéance", "start", "start date", "début", "date de début",
        "date de réalisation", "completed date", "done date", "marked as done time",
        "created date", "date de création"), True),
    Field("type", "text", (
        "type", "activity type", "type d'activité", "task type", "event type",
        "type de tâche", "type d'événement", "nature", "activity", "activité")),
    Field("duration", "raw", (
        "duration", "durée", "duration (minutes)", "durée (minutes)", "duration in minutes",
        "durée en minutes", "duration (hh:mm)", "durée (hh:mm)", "call duration (hh:mm:ss)",
        "call duration", "durée de l'appel", "meeting duration", "durée du rendez-vous",
        "time spent", "temps passé", "duration (hours)", "durée (heures)", "durée (h)",
        "heures", "hours")),
    Field("owner", "text", (
        "assigned to", "assigned", "assigned to user", "activity assigned to",
        "activity owner", "owner", "assigné à", "assigné à l'utilisateur", "attribué à",
        "propriétaire", "responsable", "collaborateur", "commercial", "utilisateur", "user",
        "salesperson", "sales rep", "employee", "employé", "created by", "créé par")),
)

LABELS = {
    "client": {"en": "client", "fr": "client"},
    "date": {"en": "date", "fr": "date"},
    "type": {"en": "type", "fr": "type"},
    "duration": {"en": "duration", "fr": "durée"},
    "owner": {"en": "owner", "fr": "responsable"},
    "outside": {
        "en": "activities outside {year} left out: {count}",
        "fr": "activités hors de {year} écartées : {count}",
    },
}

_SECONDS = ("sec", "seconde", "second")
_HOURS = ("hour", "heure", "hours", "heures")


def duration_unit(header: str) -> str:
    """The unit of a duration column's bare numbers, from its header: "seconds" for
    Salesforce's "Call Duration" and headers naming seconds, "hours" for headers naming
    hours, else "minutes"."""
    key = header_key(header)
    low = str(header).lower()
    if key == "callduration" or any(word in low for word in _SECONDS):
        return "seconds"
    if any(word in low for word in _HOURS) or low.replace(" ", "").endswith("(h)"):
        return "hours"
    return "minutes"


def read_activities(path: str | Path, *, sheet: str | None = None, client: str | None = None,
                    date: str | None = None, type: str | None = None,
                    duration: str | None = None, owner: str | None = None,
                    skip_bad_rows: bool = False, progress: Progress | None = None) -> FileLines:
    """The activities of a CRM export: client, date (required), type, duration (in
    minutes, NaN where blank), owner, found by their names unless named here."""
    named = {"client": client, "date": date, "type": type, "duration": duration,
             "owner": owner}
    table = read_table(path, ACTIVITY_FIELDS, sheet=sheet, columns=named,
                       skip_bad_rows=skip_bad_rows, progress=progress)
    lines = table.lines
    if "duration" not in lines:
        lines = lines.assign(duration=np.nan)
        return replace(table, lines=_ordered(lines))
    header = table.columns["duration"]
    unit = duration_unit(header)
    minutes = np.full(len(lines), np.nan)
    bad = []
    for k, (line, value) in enumerate(zip(lines.index, lines["duration"], strict=True)):
        try:
            minutes[k] = parse_duration(value, header, int(line), unit)
        except XlsalesError as err:
            bad.append({"line": int(line), "column": header, "value": value,
                        "problem": err.problem})
    lines = lines.assign(duration=minutes)
    if not bad:
        return replace(table, lines=_ordered(lines))
    bad_rows = pd.concat([table.bad_rows, pd.DataFrame(bad)], ignore_index=True)
    bad_rows = bad_rows.sort_values("line", kind="stable").reset_index(drop=True)
    bad_lines = [row["line"] for row in bad]
    kept = lines.drop(index=bad_lines)
    if not skip_bad_rows or kept.empty:
        first = bad[0]
        raise XlsalesError(f"{Path(path).name}, {first['column']}", "bad_lines",
                           row=first["line"],
                           value=first["value"], line_problem=first["problem"],
                           count=int(bad_rows["line"].nunique()))
    notices = [n for n in table.warnings if n.key != "skipped"]
    notices.append(Notice("skipped", int(bad_rows["line"].nunique()),
                          int(bad_rows["line"].iloc[0])))
    return replace(table, lines=_ordered(kept), bad_rows=bad_rows, warnings=tuple(notices))


def in_period(dates: pd.Series, year: int, window: Window | None = None) -> np.ndarray:
    """True for the activities dated in calendar year ``year`` (the plan's year N), or in
    ``window`` when the plan's N is a window of days (``method.periods``)."""
    if window is not None:
        return window.holds(dates)
    days = pd.to_datetime(dates)
    return (days.dt.year == int(year)).to_numpy(dtype=bool)


def activities_table(lines: pd.DataFrame, clients: pd.DataFrame, year: int,
                     window: Window | None = None) -> tuple[pd.DataFrame, int]:
    """The plan's activities table (``layout.ACTIVITIES`` input columns) from the lines
    read, and how many were left out for being dated outside year ``year`` (or N's
    ``window`` of days).

    An activity's client becomes the ledger's code when its code or name matches one (so
    the workbook's formulas find its class); an unknown client keeps the export's text.
    """
    kept = lines.loc[in_period(lines["date"], year, window)] if len(lines) else lines
    codes = match_clients(kept["client"], clients["client"], clients.get("name"))
    shown = [c if c is not None else raw for c, raw in zip(codes, kept["client"], strict=True)]
    frame = pd.DataFrame({
        "client": pd.Series(shown, dtype=object),
        "date": pd.Series(pd.to_datetime(kept["date"]).to_numpy(), dtype=object),
        "type": kept["type"].to_numpy(dtype=object),
        "duration": kept["duration"].to_numpy(dtype=float),
        "owner": kept["owner"].to_numpy(dtype=object)})
    frame["date"] = [None if pd.isna(d) else pd.Timestamp(d).to_pydatetime()
                     for d in frame["date"]]
    return frame, len(lines) - len(kept)


def _ordered(lines: pd.DataFrame) -> pd.DataFrame:
    for key in ("type", "owner"):
        if key not in lines:
            lines = lines.assign(**{key: None})
    return lines[["client", "date", "type", "duration", "owner"]]

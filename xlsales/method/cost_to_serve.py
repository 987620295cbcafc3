"""Cost to serve: the resources each client takes, set against the value it brings.

METHOD.md's first page asks to optimise "value created / resources invested"; its §4 asks
how much time the team spends on each client and what that costs, and prefers a
collective, remote approach for the many small clients. The resources are the team's
activities (visits, meetings, calls, e-mails): hours × an hourly cost, plus a fixed cost
per visit (travel) when set. The value is the client's margin, or its revenue when no
margin is known (and the result says so).

Rules chosen here, where the method is silent:
- An activity's type is read from its label in either language and the CRMs' own words
  ("Visite", "Rendez-vous", "Log a Call", "E-mail", "À faire"); a label of no known type
  is "other". A blank duration takes its type's default minutes (``DEFAULT_MINUTES``:
  visit 120 with travel, meeting 60, call 15, e-mail 5, other 15).
- An activity's client is matched to a ledger client by its code, else by its name
  (case, accents and spaces aside): CRMs export the account's name, ledgers the code. An
  activity whose client matches none is counted apart and listed (``unknown``): it may be
  a prospect; it is in no class, segment or salesperson and in none of the shares.
- A client's salesperson is the owner who spent the most hours on it (ties: the first
  name in alphabetical order); its hours all count for that salesperson, so the groups'
  hours add up to the team's. A client with no activity has no salesperson.
- Value created / resources invested = margin ÷ cost; blank when the cost is 0 (no
  activity): a client served for nothing has no ratio, not an infinite one.
- The class table holds the clients of classes A, B and C (its total is theirs); a
  client with no class (no revenue in N) counts in the segments, the salespeople and the
  findings only.
- Served at a loss: margin below cost to serve. A clients with no activity: class A and
  not one activity in the period (only with an activities file). Hours freed by serving
  C clients the collective, remote way: the hours C clients take in the types the
  settings do not call remote (by default visits, meetings and other).
- Without activities, a planned budget per class (visits and calls per client per year)
  gives every client of the class that many visits and calls at their default minutes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.durations import MAX_MINUTES, to_minutes
from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang, label_keys, say
from xlsales.common.values import to_keys, to_number, to_numbers

__all__ = [
    "CLASSES",
    "DEFAULT_HOURLY_COST",
    "DEFAULT_MINUTES",
    "LABELS",
    "REMOTE_TYPES",
    "TYPES",
    "TYPE_LABELS",
    "CostToServe",
    "ServeSettings",
    "activity_minutes",
    "activity_types",
    "budget_activities",
    "client_costs",
    "cost_to_serve",
    "match_clients",
    "value_per_cost",
]

TYPES = ("visit", "meeting", "call", "email", "other")
DEFAULT_MINUTES: Mapping[str, float] = {"visit": 120.0, "meeting": 60.0, "call": 15.0,
                                        "email": 5.0, "other": 15.0}
REMOTE_TYPES = ("call", "email")
DEFAULT_HOURLY_COST = 60.0
CLASSES = ("A", "B", "C")
GROUPS = ("abc_class", "segment", "salesperson")

TYPE_LABELS = {
    "visit": {"en": "Visit", "fr": "Visite"},
    "meeting": {"en": "Meeting", "fr": "Rendez-vous"},
    "call": {"en": "Call", "fr": "Appel"},
    "email": {"en": "Email", "fr": "E-mail"},
    "other": {"en": "Other", "fr": "Autre"},
}
# The words CRMs and users give each type (folded: case, accents and spaces aside).
_TYPE_WORDS = {
    "visit": ("visits", "visites", "visite client", "customer visit", "client visit",
              "site visit", "visite terrain", "field visit", "tournée", "déplacement"),
    "meeting": ("meetings", "réunion", "réunions", "rendez-vous", "rendez vous", "rdv",
                "event", "événement", "evenement", "appointment", "lunch", "déjeuner",
                "réunion client", "visio", "visioconférence", "video call", "demo", "démo"),
    "call": ("calls", "appels", "appel téléphonique", "phone call", "phone", "téléphone",
             "log a call", "appel sortant", "appel entrant", "outbound call",
             "inbound call"),
    "email": ("e-mail", "emails", "e-mails", "mail", "mails", "courriel", "courriels",
              "sent email", "email envoyé", "e-mail envoyé"),
    "other": ("task", "tasks", "tâche", "tâches", "to do", "to-do", "todo", "à faire",
              "note", "notes", "deadline", "échéance", "relance", "follow-up", "autre"),
}
_TYPE_LOOKUP = {**{key: dict(TYPE_LABELS[key]) for key in TYPES},
                **{f"{key}_{i}": {"en": word, "fr": word}
                   for key, words in _TYPE_WORDS.items() for i, word in enumerate(words)}}

LABELS = {
    **{key: dict(words) for key, words in TYPE_LABELS.items()},
    "A": {"en": "A", "fr": "A"},
    "B": {"en": "B", "fr": "B"},
    "C": {"en": "C", "fr": "C"},
    "none": {"en": "(none)", "fr": "(aucun)"},
    "Total": {"en": "Total", "fr": "Total"},
    "client": {"en": "Client", "fr": "Client"},
    "abc_class": {"en": "Class", "fr": "Classe"},
    "segment": {"en": "Segment", "fr": "Segment"},
    "salesperson": {"en": "Salesperson", "fr": "Commercial"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "activities": {"en": "Activities", "fr": "Activités"},
    "revenue": {"en": "Revenue", "fr": "CA"},
    "margin": {"en": "Margin", "fr": "Marge"},
    "margin_estimated": {"en": "Margin is revenue", "fr": "Marge = CA"},
    "hours": {"en": "Hours", "fr": "Heures"},
    "cost": {"en": "Cost to serve", "fr": "Coût de service"},
    "ratio": {"en": "Value created / resources invested",
              "fr": "Valeur créée / ressources investies"},
    "time_share": {"en": "Share of the team's time", "fr": "Part du temps de l'équipe"},
    "cost_share": {"en": "Share of the cost", "fr": "Part du coût"},
    "margin_share": {"en": "Share of the margin", "fr": "Part de la marge"},
    "loss": {"en": "Loss", "fr": "Perte"},
    "yes": {"en": "yes", "fr": "oui"},
    "source_activities": {"en": "from the activities", "fr": "d'après les activités"},
    "source_budget": {"en": "from the planned time budget", "fr": "d'après le budget de temps"},
}


@dataclass(frozen=True)
class ServeSettings:
    """What turns activities into money: minutes per type for a blank duration, the
    hourly cost, a fixed cost per visit, the remote types, the planned budget per class
    (class -> (visits, calls) per client per year)."""

    minutes: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MINUTES))
    hourly_cost: float = DEFAULT_HOURLY_COST
    visit_cost: float = 0.0
    remote: tuple[str, ...] = REMOTE_TYPES
    budget: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def checked(self) -> ServeSettings:
        """The settings read and checked (a bad one named), types as keys."""
        minutes = dict(DEFAULT_MINUTES)
        for key, value in dict(self.minutes).items():
            kind = activity_types([key])[0]
            number = to_number(value, f"minutes ({key})", negative_ok=False)
            if np.isnan(number):
                raise XlsalesError(f"minutes ({key})", "blank")
            if number > MAX_MINUTES:
                raise XlsalesError(f"minutes ({key})", "duration_long", value=value)
            minutes[kind] = number
        hourly = to_number(self.hourly_cost, "hourly_cost", negative_ok=False)
        if np.isnan(hourly):
            raise XlsalesError("hourly_cost", "blank")
        visit = to_number(self.visit_cost, "visit_cost", negative_ok=False)
        remote = tuple(dict.fromkeys(activity_types(list(self.remote))))
        budget = {}
        for cls, plan in dict(self.budget).items():
            visits, calls = (to_number(v, f"budget ({cls})", negative_ok=False) for v in plan)
            budget[str(cls).strip().upper()] = (0.0 if np.isnan(visits) else visits,
                                                0.0 if np.isnan(calls) else calls)
        return ServeSettings(minutes, hourly, 0.0 if np.isnan(visit) else visit, remote,
                             budget)


def activity_types(labels: Any) -> list[str]:
    """Each activity's type key ("visit", "meeting", "call", "email", "other") from its
    label in either language or a CRM's words; a blank or unknown label is "other"."""
    values = list(labels.tolist() if isinstance(labels, np.ndarray | pd.Series) else labels)
    found = label_keys(_TYPE_LOOKUP, [None if _blank(v) else str(v) for v in values])
    return [k.split("_")[0] if k else "other" for k in found]


def activity_minutes(types: Any, durations: Any, minutes: Mapping[str, float] | None = None,
                     *, arg: str = "duration", first_row: int = 1,
                     unit: str = "minutes") -> np.ndarray:
    """Each activity's minutes: its duration (read by ``durations.to_minutes``: a bad,
    negative or over-24-hour one is refused with its row), or its type's default."""
    kinds = activity_types(types)
    read = to_minutes(durations, arg, first_row, unit)
    if len(read) != len(kinds):
        raise XlsalesError(arg, "length", n=len(read), other="types", m=len(kinds))
    defaults = {**DEFAULT_MINUTES, **dict(minutes or {})}
    default = np.array([defaults[k] for k in kinds], dtype=float)
    return np.where(np.isnan(read), default, read)


def match_clients(activity_clients: Any, codes: Any, names: Any = None) -> list[str | None]:
    """The ledger code of each activity's client: the same code, else the same name
    (case, accents and spaces aside); None when it matches no client."""
    wanted = to_keys(activity_clients, "client")
    known = to_keys(codes, "client")
    by_code = {c: c for c in known if c is not None}
    by_name: dict[str, str] = {}
    if names is not None:
        for code, name in zip(known, to_keys(names, "name"), strict=True):
            if code is not None and name is not None:
                by_name.setdefault(_fold(name), code)
    return [None if w is None else by_code.get(w, by_name.get(_fold(w))) for w in wanted]


def client_costs(clients: Any, types: Any, minutes: Any, *,
                 hourly_cost: float = DEFAULT_HOURLY_COST, visit_cost: float = 0.0,
                 counts: Any = None) -> pd.DataFrame:
    """Per client (in order of first appearance): activities, hours and cost to serve,
    from each activity's client, type key and minutes (``counts``: how many times each
    row happened, 1 by default)."""
    keys = to_keys(clients, "client")
    kinds = list(types)
    mins = np.asarray(minutes, dtype=float)
    times = np.ones(len(keys)) if counts is None else np.asarray(counts, dtype=float)
    frame = pd.DataFrame({
        "client": pd.Series(keys, dtype=object), "activities": times,
        "hours": mins * times / 60,
        "visits": np.where(np.array(kinds, dtype=object) == "visit", times, 0.0)})
    frame = frame[frame["client"].notna()]
    grouped = frame.groupby("client", sort=False)[["activities", "hours", "visits"]].sum()
    grouped["cost"] = grouped["hours"] * hourly_cost + grouped["visits"] * visit_cost
    grouped.index.name = "client"
    return grouped[["activities", "hours", "cost"]]


def budget_activities(clients: Any, classes: Any,
                      budget: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """The planned activities when no CRM export exists: for each client, its class's
    visits and calls per year (columns client, type, duration (blank), owner, count)."""
    rows = []
    for client, cls in zip(to_keys(clients, "client"), classes, strict=True):
        visits, calls = budget.get(str(cls), (0.0, 0.0)) if client is not None else (0, 0)
        for kind, count in (("visit", visits), ("call", calls)):
            if count > 0:
                rows.append((client, kind, np.nan, None, float(count)))
    return pd.DataFrame(rows, columns=["client", "type", "duration", "owner", "count"])


@dataclass(frozen=True, eq=False)
class CostToServe:
    """The cost to serve of every client and group, and the findings for the plan."""

    source: str  # "activities", "budget" or "none" (value side only)
    by_client: pd.DataFrame  # index client: abc_class, segment, salesperson, revenue,
    # margin, margin_estimated, activities, hours, cost, ratio, at_loss
    by_class: pd.DataFrame  # index A, B, C (+ "Total")
    by_segment: pd.DataFrame
    by_salesperson: pd.DataFrame
    unknown: pd.DataFrame  # index client: activities, hours, cost (not in the ledger)
    idle_a: list[str]  # A clients with no activity (empty with a budget)
    freed_hours: float  # C clients' hours in non-remote types
    freed_clients: int
    settings: ServeSettings

    @property
    def at_loss(self) -> pd.DataFrame:
        """Clients whose margin is below their cost to serve, the largest loss first."""
        lost = self.by_client[self.by_client["at_loss"]].copy()
        lost["loss"] = lost["cost"] - lost["margin"]
        return lost.sort_values(["loss"], ascending=False, kind="stable")

    @property
    def margin_estimated(self) -> bool:
        return bool(self.by_client["margin_estimated"].any())

    def to_frame(self, group: str = "abc_class", lang: str = "en") -> pd.DataFrame:
        """A group table with its headers and row labels in ``lang``."""
        lang = check_lang(lang)
        table = {"abc_class": self.by_class, "segment": self.by_segment,
                 "salesperson": self.by_salesperson}[group]
        shown = table.rename(columns=lambda c: say(LABELS, c, lang),
                             index=lambda k: say(LABELS, k, lang) if k in LABELS else k)
        shown.index.name = say(LABELS, group, lang)
        return shown


def cost_to_serve(clients: pd.DataFrame, activities: pd.DataFrame | None,
                  settings: ServeSettings | None = None, *,
                  first_row: int = 1, none_ok: bool = False) -> CostToServe:
    """The cost-to-serve analysis.

    ``clients``: one row per ledger client with columns client, abc_class, revenue and
    optionally name, segment, margin. ``activities``: client, type, duration (minutes or
    any form ``durations`` reads; blank = the type's default), optionally owner and count;
    None or empty uses ``settings.budget``. ``first_row`` is the row of the first activity
    in messages. Neither activities nor a budget raises "no_activities", unless
    ``none_ok``: then only the value side is computed (source "none"; hours, costs and
    ratios blank, no findings).
    """
    s = (settings or ServeSettings()).checked()
    codes = to_keys(clients["client"], "client")
    revenue = to_numbers(clients["revenue"], "revenue")
    margin = (to_numbers(clients["margin"], "margin") if "margin" in clients
              else np.full(len(codes), np.nan))
    known = ~np.isnan(margin)
    base = pd.DataFrame({
        "abc_class": clients["abc_class"].to_numpy(dtype=object),
        "segment": (clients["segment"].to_numpy(dtype=object) if "segment" in clients
                    else np.full(len(codes), None, dtype=object)),
        "revenue": revenue, "margin": np.where(known, margin, revenue),
        "margin_estimated": ~known & ~np.isnan(revenue),
    }, index=pd.Index(codes, name="client", dtype=object))
    base = base[base.index.notna()]
    if base.index.duplicated().any():
        first = base.index[base.index.duplicated()][0]
        raise XlsalesError("client", "duplicate", value=first)
    base["segment"] = base["segment"].where(pd.notna(base["segment"]), None)

    if activities is None or activities.empty:
        if not any(v + c > 0 for v, c in s.budget.values()):
            if not none_ok:
                raise XlsalesError("activities", "no_activities")
            return _value_only(base, s)
        source, first_row = "budget", 1
        activities = budget_activities(base.index, base["abc_class"], s.budget)
    else:
        source = "activities"
    kinds = activity_types(activities["type"] if "type" in activities
                           else [None] * len(activities))
    mins = activity_minutes(kinds, activities["duration"] if "duration" in activities
                            else [None] * len(activities), s.minutes, first_row=first_row)
    counts = (to_numbers(activities["count"], "count", negative_ok=False)
              if "count" in activities else np.ones(len(activities)))
    names = clients.get("name")
    matched = match_clients(activities["client"], clients["client"], names)
    raw = to_keys(activities["client"], "client")
    owners = (to_keys(activities["owner"], "owner") if "owner" in activities
              else [None] * len(activities))
    is_known = np.array([m is not None for m in matched], dtype=bool)

    costs = client_costs(matched, kinds, mins, hourly_cost=s.hourly_cost,
                         visit_cost=s.visit_cost, counts=counts)
    unknown_clients = [r if m is None else None for r, m in zip(raw, matched, strict=True)]
    unknown = client_costs(unknown_clients, kinds, mins, hourly_cost=s.hourly_cost,
                           visit_cost=s.visit_cost, counts=counts)

    table = base.join(costs, how="left")
    for column in ("activities", "hours", "cost"):
        table[column] = table[column].fillna(0.0)
    table["salesperson"] = _main_owner(matched, owners, mins * counts).reindex(table.index)
    table["salesperson"] = table["salesperson"].astype(object).where(
        table["salesperson"].notna(), None)
    with np.errstate(all="ignore"):
        table["ratio"] = np.where(table["cost"] > 0, table["margin"] / table["cost"], np.nan)
    table["at_loss"] = (table["cost"] > 0) & (table["margin"] < table["cost"])
    table = table[["abc_class", "segment", "salesperson", "revenue", "margin",
                   "margin_estimated", "activities", "hours", "cost", "ratio", "at_loss"]]

    remote = set(s.remote)
    c_clients = set(table.index[table["abc_class"] == "C"])
    on_site = np.array([k not in remote for k in kinds], dtype=bool)
    in_c = np.array([m in c_clients for m in matched], dtype=bool)
    freed = float((mins * counts)[on_site & in_c & is_known].sum() / 60)
    freed_clients = len({m for m, hit in zip(matched, on_site & in_c, strict=True) if hit})
    idle = ([] if source == "budget" else
            table.index[(table["abc_class"] == "A") & (table["activities"] == 0)].tolist())
    return CostToServe(
        source, table, _class_groups(table),
        _groups(table, "segment"), _groups(table, "salesperson"), unknown, idle, freed,
        freed_clients, s)


def _value_only(base: pd.DataFrame, s: ServeSettings) -> CostToServe:
    """Clients, revenue and margin per group, with no resources known: hours, cost and
    their ratios blank."""
    table = base.assign(salesperson=None, activities=np.nan, hours=np.nan, cost=np.nan,
                        ratio=np.nan, at_loss=False)
    table = table[["abc_class", "segment", "salesperson", "revenue", "margin",
                   "margin_estimated", "activities", "hours", "cost", "ratio", "at_loss"]]
    empty = pd.DataFrame({"activities": [], "hours": [], "cost": []},
                         index=pd.Index([], name="client", dtype=object))

    def blank(groups: pd.DataFrame) -> pd.DataFrame:
        groups[["hours", "cost", "ratio", "time_share", "cost_share"]] = np.nan
        return groups

    return CostToServe("none", table, blank(_class_groups(table)),
                       blank(_groups(table, "segment")), blank(_groups(table, "salesperson")),
                       empty, [], 0.0, 0, s)


def value_per_cost(clients: Any, classes: Any, margins: Any, costs: Any) -> pd.DataFrame:
    """The class table (clients, margin, cost, ratio, shares) from one row per client:
    its class, its margin (or revenue) and its cost to serve."""
    keys = to_keys(clients, "clients")
    margin = to_numbers(margins, "margins")
    cost = to_numbers(costs, "costs", negative_ok=False)
    lengths = {"clients": len(keys), "classes": len(classes), "margins": len(margin),
               "costs": len(cost)}
    if len(set(lengths.values())) > 1:
        name = next(k for k, n in lengths.items() if n != len(keys))
        raise XlsalesError(name, "length", n=lengths[name], other="clients", m=len(keys))
    table = pd.DataFrame({
        "abc_class": [None if _blank(c) else str(c).strip().upper() for c in classes],
        "segment": None, "salesperson": None, "revenue": np.nan, "margin": margin,
        "margin_estimated": False, "activities": np.nan,
        "hours": np.nan, "cost": cost}, index=pd.Index(keys, name="client", dtype=object))
    table = table[table.index.notna()]
    grouped = _groups(table, "abc_class", CLASSES)
    return grouped[["clients", "margin", "cost", "ratio", "cost_share", "margin_share"]]


def _main_owner(clients: Sequence[str | None], owners: Sequence[str | None],
                minutes: np.ndarray) -> pd.Series:
    frame = pd.DataFrame({"client": pd.Series(list(clients), dtype=object),
                          "owner": pd.Series(list(owners), dtype=object), "minutes": minutes})
    frame = frame.dropna(subset=["client", "owner"])
    if frame.empty:
        return pd.Series(dtype=object)
    per = frame.groupby(["client", "owner"], sort=True)["minutes"].sum().reset_index()
    # the most minutes first, ties to the first owner in alphabetical order
    per = per.sort_values(["client", "minutes", "owner"], ascending=[True, False, True],
                          kind="stable")
    return per.drop_duplicates("client").set_index("client")["owner"]


def _class_groups(table: pd.DataFrame) -> pd.DataFrame:
    """The class table: the clients of a class only (a client with no revenue in N, a
    lost one, has none), so its total is A + B + C, as the sheet's formulas add it."""
    classed = table[table["abc_class"].isin(CLASSES)]
    return _groups(classed, "abc_class", CLASSES)


def _groups(table: pd.DataFrame, by: str, order: Sequence[str] = ()) -> pd.DataFrame:
    # huge margins over tiny costs overflow to an infinite ratio, shown as such
    with np.errstate(all="ignore"):
        return _grouped(table, by, order)


def _grouped(table: pd.DataFrame, by: str, order: Sequence[str]) -> pd.DataFrame:
    keys = table[by].astype(object).where(table[by].notna(), "none")
    grouped = table.assign(_key=keys, clients=1.0).groupby("_key", sort=True).agg(
        clients=("clients", "sum"), revenue=("revenue", "sum"), margin=("margin", "sum"),
        margin_estimated=("margin_estimated", "any"), hours=("hours", "sum"),
        cost=("cost", "sum"))
    ordered = [*order, *[k for k in grouped.index if k not in order and k != "none"],
               *(["none"] if "none" in grouped.index and "none" not in order else [])]
    grouped = grouped.reindex(ordered)
    grouped["clients"] = grouped["clients"].fillna(0.0)
    grouped["margin_estimated"] = grouped["margin_estimated"].fillna(False).astype(bool)
    total = grouped[["clients", "revenue", "margin", "hours", "cost"]].sum(min_count=1)
    grouped["ratio"] = np.where(grouped["cost"] > 0, grouped["margin"] / grouped["cost"],
                                np.nan)
    grouped["time_share"] = grouped["hours"] / total["hours"] if total["hours"] > 0 else np.nan
    grouped["cost_share"] = grouped["cost"] / total["cost"] if total["cost"] > 0 else np.nan
    grouped["margin_share"] = (grouped["margin"] / total["margin"] if total["margin"] > 0
                               else np.nan)
    totals = {**total.to_dict(), "margin_estimated": bool(grouped["margin_estimated"].any()),
              "ratio": total["margin"] / total["cost"] if total["cost"] > 0 else np.nan,
              "time_share": 1.0 if total["hours"] > 0 else np.nan,
              "cost_share": 1.0 if total["cost"] > 0 else np.nan,
              "margin_share": 1.0 if total["margin"] > 0 else np.nan}
    grouped.loc["Total"] = pd.Series(totals)
    grouped.index.name = by
    grouped["margin_estimated"] = grouped["margin_estimated"].astype(bool)
    return grouped


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _fold(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch) and not ch.isspace())

"""The summary a report prints in the terminal: what a manager reads before opening the
workbook.

Five short tables — the portfolio bridge N-1 → N, the ABC classes with the fragility
diagnosis, the segment × product signals, what the funnel needs, the most urgent
reminders — after a line on what was read. Every word comes from a ``LABELS`` table (here
or beside its analysis) in the chosen language, and figures are written the way that
language writes them, through ``xlsales.common.text``: 1,234,567 and 12.5% in English,
1 234 567 and 12,5 % in French (with no-break spaces, so a terminal never wraps inside a
number).

``summary_sections`` gives the content as text cells, ``print_summary`` shows it with
rich; an analysis that could not run shows its message where its table would be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

from xlsales.app.risk_summary import risk_section
from xlsales.common.lang import check_lang, say
from xlsales.common.text import BLANK, day, is_shown, number, percent
from xlsales.method import abc, deals, funnel, matrix, portfolio, team
from xlsales.method import cost_to_serve as serve
from xlsales.plan import blocks, given
from xlsales.plan.cohorts import LABELS as COHORT_LABELS
from xlsales.plan.cohorts import method_comparison

__all__ = ["LABELS", "Section", "cost_section", "print_summary", "summary_sections",
           "timing_line"]

MORE_ROWS = 5  # rows shown per list before "... and N more"

LABELS = {
    "title": {"en": "Action plan {year} (against {prev})",
              "fr": "Plan d'action {year} (par rapport à {prev})"},
    "title_period": {"en": "Action plan {year}: {period}",
                     "fr": "Plan d'action {year} : {period}"},
    "demo_title": {"en": "Demo: action plan {year} of a made-up distributor (against {prev})",
                   "fr": "Démo : plan d'action {year} d'un distributeur fictif "
                         "(par rapport à {prev})"},
    "source": {"en": "Data", "fr": "Données"},
    "columns_used": {"en": "columns read: {columns}", "fr": "colonnes lues : {columns}"},
    "columns_ignored": {"en": "columns not read: {columns}",
                        "fr": "colonnes non lues : {columns}"},
    "demo_source": {"en": "Demo data: {clients} clients, {prospects} prospects, "
                          "{team} salespeople",
                    "fr": "Données de démonstration : {clients} clients, {prospects} "
                          "prospects, {team} commerciaux"},
    "bad_lines_more": {"en": "... {n} more; every line left out is listed in the workbook",
                       "fr": "... {n} de plus ; toutes les lignes écartées sont listées dans "
                             "le classeur"},
    "portfolio": {"en": "Portfolio N-1 → N", "fr": "Portefeuille N-1 → N"},
    "churn": {"en": "Churn rate {churn}: {needed} new clients a year hold the portfolio.",
              "fr": "Taux d'attrition {churn} : {needed} nouveaux clients par an "
                    "maintiennent le portefeuille."},
    "churn_measured": {"en": "Churn rate {churn} ({source}; this year's count {count}): "
                             "{needed} new clients a year hold the portfolio.",
                       "fr": "Taux d'attrition {churn} ({source} ; décompte de l'année "
                             "{count}) : {needed} nouveaux clients par an maintiennent le "
                             "portefeuille."},
    "no_churn": {"en": "No client in N-1, so no churn rate yet.",
                 "fr": "Aucun client en N-1 : pas encore de taux d'attrition."},
    "churn_only": {"en": "Churn rate {churn}: {why}.", "fr": "Taux d'attrition {churn} : {why}."},
    "abc": {"en": "ABC classes (revenue N)", "fr": "Classes ABC (CA N)"},
    "matrix": {"en": "Segment × product signals", "fr": "Signaux segment × produit"},
    "no_signal": {"en": "No winning combination and nothing to develop.",
                  "fr": "Aucune combinaison gagnante et rien à développer."},
    "funnel": {"en": "Prospecting funnel: needed for {target} new clients",
               "fr": "Entonnoir de prospection : nécessaires pour {target} nouveaux clients"},
    "weakest": {"en": "Weakest step: {step} ({conversion}), to work on first.",
                "fr": "Étape la plus faible : {step} ({conversion}), à travailler en premier."},
    "priorities": {"en": "Top priorities: overdue reminders, most urgent first",
                   "fr": "Priorités : relances en retard, les plus urgentes d'abord"},
    "none_overdue": {"en": "No reminder overdue.", "fr": "Aucune relance en retard."},
    "more": {"en": "... and {n} more in the workbook", "fr": "... et {n} de plus dans le classeur"},
    "more_of": {"en": "... {what}: {n} more in the workbook",
                "fr": "... {what} : {n} de plus dans le classeur"},
    "not_computed": {"en": "Not computed: {message}", "fr": "Non calculé : {message}"},
    "timings": {"en": "Done in {total}: {phases}.", "fr": "Terminé en {total} : {phases}."},
    "seconds": {"en": "{s} s", "fr": "{s} s"},
    "generate": {"en": "demo data", "fr": "données de démonstration"},
    "read": {"en": "reading", "fr": "lecture"},
    "compute": {"en": "analyses", "fr": "analyses"},
    "cost": {"en": "Cost to serve: value created / resources invested (at {hourly} an hour)",
             "fr": "Coût de service : valeur créée / ressources investies ({hourly} de "
                   "l'heure)"},
    "no_activities": {"en": "No activities given (--activities FILE).",
                      "fr": "Aucune activité fournie (--activities FICHIER)."},
    "cost_estimated": {"en": "* no margin known: revenue stands for the margin.",
                       "fr": "* marge inconnue : le CA tient lieu de marge."},
    "cost_loss": {"en": "Served at a loss: {client} (margin {margin}, cost {cost}).",
                  "fr": "Servi à perte : {client} (marge {margin}, coût {cost})."},
    "cost_idle": {"en": "A clients with no activity in the period: {clients}.",
                  "fr": "Clients A sans activité sur la période : {clients}."},
    "cost_freed": {"en": "Serving C clients remotely would free {hours} h ({clients} "
                         "clients).",
                   "fr": "Servir les clients C à distance libérerait {hours} h ({clients} "
                         "clients)."},
    "cost_unknown": {"en": "Activities for clients not in the ledger (prospects?): {clients} "
                           "({hours} h), counted apart.",
                     "fr": "Activités pour des clients absents du grand livre (prospects ?) "
                           ": {clients} ({hours} h), comptées à part."},
    "cost_outside": {"en": "Activities outside N ({period}) left out: {count}.",
                     "fr": "Activités hors de N ({period}) écartées : {count}."},
    "cost_people": {"en": "Per salesperson: {people}.",
                    "fr": "Par commercial : {people}."},
    "cost_budget": {"en": "From the planned time budget per class (no activities file).",
                    "fr": "D'après le budget de temps prévu par classe (pas de fichier "
                          "d'activités)."},
    "write": {"en": "writing", "fr": "écriture"},
}

# The analyses each section shows: their problems replace the section's table.
_ANALYSES = {
    "portfolio": ("portfolio",),
    "abc": ("abc", "concentration"),
    "matrix": ("matrix",),
    "funnel": ("funnel",),
    "priorities": ("prospect_levels", "priority", "reminders"),
    "cost": ("cost",),
}


@dataclass(frozen=True)
class Section:
    """One block of the summary: a title, an optional table of text cells (columns listed
    in ``right`` hold figures), and sentences below it."""

    key: str
    title: str
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    right: tuple[int, ...] = ()


def summary_sections(report: Any, lang: str = "en") -> list[Section]:
    """The summary of a ``report.Report`` as sections of text cells, in ``lang``."""
    lang = check_lang(lang)
    results = report.results
    sections = [_source(report, lang)]
    for key, build in (("portfolio", _portfolio), ("abc", _abc), ("matrix", _matrix),
                       ("funnel", _funnel), ("priorities", _priorities),
                       ("cost", lambda r, lang: cost_section(report, lang))):
        failed = [results.problems[a] for a in _ANALYSES[key] if a in results.problems]
        if failed:
            sections.append(Section(key, _heading(key, results, lang), notes=[
                say(LABELS, "not_computed", lang).format(message=e.message(lang))
                for e in failed]))
        else:
            sections.append(build(results, lang))
    sections += deals_and_team_sections(results, lang)
    sections.append(risk_section(results, lang))
    missing = [given.sentence(k, lang) for k in ("team", "scores") if k in results.not_given]
    if missing:
        sections.append(Section("not_given", say(given.LABELS, "title", lang), notes=missing))
    return sections


def print_summary(report: Any, console: Console, lang: str = "en") -> None:
    """Show the summary with rich: a title, then each section as a table and its notes."""
    lang = check_lang(lang)
    sections = summary_sections(report, lang)
    console.print()
    console.rule(_title(report, lang))
    for section in sections:
        # the title above the table, not in it: a table's title wraps to the table's width
        console.print(f"[bold]{_escape(section.title)}[/bold]")
        if section.rows:
            table = RichTable()
            for i, text in enumerate(section.header):
                table.add_column(text, justify="right" if i in section.right else "left")
            for row in section.rows:
                table.add_row(*row)
            console.print(table)
        for note in section.notes:
            console.print(_escape(note))
        console.print()


def timing_line(report: Any, lang: str = "en") -> str:
    """"Done in 12.3 s: reading 5.1 s, analyses 6.0 s, writing 1.2 s." """
    lang = check_lang(lang)

    def seconds(value: float) -> str:
        return say(LABELS, "seconds", lang).format(s=number(value, lang, 1))

    phases = ", ".join(f"{say(LABELS, name, lang)} {seconds(s)}"
                       for name, s in report.timings.items())
    return say(LABELS, "timings", lang).format(total=seconds(sum(report.timings.values())),
                                               phases=phases)


def _heading(key: str, results: Any, lang: str) -> str:
    target = number(results.data.settings.funnel_target, lang)
    return say(LABELS, key, lang).format(target=target)


def _title(report: Any, lang: str) -> str:
    """"Action plan 1998 (against 1997)"; when N is not a calendar year, its days:
    "Action plan 1998: 1 Jan – 30 Jun 1998 against 1 Jan – 30 Jun 1997"."""
    period = report.data.settings.period
    if period is not None and period.partial:
        return _escape(say(LABELS, "title_period", lang).format(year=report.year,
                                                                period=period.label(lang)))
    key = "title" if report.inputs is not None else "demo_title"
    title = say(LABELS, key, lang).format(year=report.year, prev=report.year - 1)
    note = "" if period is None else period.note(lang)
    return _escape(f"{title} – {note}" if note else title)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _source(report: Any, lang: str) -> Section:
    inputs = report.inputs
    if inputs is None:
        data = report.data
        return Section("source", say(LABELS, "source", lang), notes=[
            say(LABELS, "demo_source", lang).format(
                clients=number(len(data.clients), lang),
                prospects=number(len(data.prospects), lang),
                team=number(len(data.team), lang))])
    notes = []
    for table in inputs.tables():
        notes.append(table.source.describe(lang))
        notes += _columns(table, lang)
        notes += [f"  {notice.message(lang)}" for notice in table.warnings]
        notes += [f"  {m}" for m in table.bad_row_messages(lang, limit=MORE_ROWS)]
        left = len(table.bad_rows) - MORE_ROWS
        if left > 0:
            notes.append("  " + say(LABELS, "bad_lines_more", lang).format(
                n=number(left, lang)))
    return Section("source", say(LABELS, "source", lang), notes=notes)


def _columns(table: Any, lang: str) -> list[str]:
    """Which of the file's columns were read as what, and which were not: a column the user
    expected read under another name shows here."""
    from xlsales.sources.ledger import LABELS as FIELD_LABELS

    used = ", ".join(f"{say(FIELD_LABELS, key, lang) if key in FIELD_LABELS else key} "
                     f"'{name}'" for key, name in table.columns.items())
    lines = [f"  {say(LABELS, 'columns_used', lang).format(columns=used)}"]
    ignored = table.ignored() if hasattr(table, "ignored") else []
    if ignored:
        shown = ", ".join(f"'{name}'" for name in ignored[:MORE_ROWS])
        more = len(ignored) - MORE_ROWS
        shown += f", … (+{more})" if more > 0 else ""
        lines.append(f"  {say(LABELS, 'columns_ignored', lang).format(columns=shown)}")
    return lines


def _portfolio(results: Any, lang: str) -> Section:
    title = _heading("portfolio", results, lang)
    bridge = results.bridge
    if bridge is None:
        return Section("portfolio", title)
    frame = bridge.to_frame("en")  # numbers by English keys; words from the labels
    keys = ("portfolio_prev", "lost", "retained", "new", "portfolio_curr")
    rows = [[say(portfolio.LABELS, key, lang), number(row.iloc[0], lang),
             number(row.iloc[1], lang), number(row.iloc[2], lang)]
            for key, (_, row) in zip(keys, frame.iterrows(), strict=True)]
    header = ["", *(say(portfolio.LABELS, k, lang)
                    for k in ("clients", "revenue_prev", "revenue_curr"))]
    notes = []
    why = results.problems.get("new_clients_needed")
    gap = results.problems.get("period")
    if gap is not None:  # no N-1 in the data: one line says which period is missing
        notes.append(say(LABELS, "not_computed", lang).format(message=gap.detail(lang)))
    choice = results.churn_choice
    if choice.source == "measured" and results.new_clients_needed is not None:
        notes.append(say(LABELS, "churn_measured", lang).format(
            churn=percent(choice.rate, lang), source=choice.label(lang),
            count=percent(bridge.churn_rate, lang) if is_shown(bridge.churn_rate) else "-",
            needed=number(results.new_clients_needed, lang)))
    elif not is_shown(bridge.churn_rate):
        notes.append(say(LABELS, "no_churn", lang))
    elif results.new_clients_needed is not None:
        notes.append(say(LABELS, "churn", lang).format(
            churn=percent(bridge.churn_rate, lang),
            needed=number(results.new_clients_needed, lang)))
    elif why is not None:
        notes.append(say(LABELS, "churn_only", lang).format(
            churn=percent(bridge.churn_rate, lang), why=why.detail(lang)))
    if choice.source == "measured":  # the ledger's cohorts against the method's 10–15 %
        notes += method_comparison(results.cohorts, choice, lang)[:-1]  # its source: above
    elif results.cohorts is not None:
        notes.append(say(COHORT_LABELS, "not_used", lang).format(why=choice.reason(lang)))
    return Section("portfolio", title, header, rows, notes, right=(1, 2, 3))


def _abc(results: Any, lang: str) -> Section:
    table = results.abc_summary
    columns = ("clients", "clients_share", "revenue", "revenue_share")
    header = [say(abc.LABELS, "class", lang), *(say(abc.LABELS, c, lang) for c in columns)]
    rows = [[say(abc.LABELS, str(cls), lang), number(row["clients"], lang),
             percent(row["clients_share"], lang), number(row["revenue"], lang),
             percent(row["revenue_share"], lang)]
            for cls, row in table.iterrows()]
    outside = results.abc_outside
    if outside is not None and outside.clients:  # not in portfolio N: apart, as the sheet
        rows.append([say(abc.LABELS, "outside", lang), number(outside.clients, lang), BLANK,
                     number(outside.revenue, lang), BLANK])
    return Section("abc", _heading("abc", results, lang), header, rows,
                   [results.concentration.diagnosis(lang)], right=(1, 2, 3, 4))


def _matrix(results: Any, lang: str) -> Section:
    title = _heading("matrix", results, lang)
    signals = results.signals
    if signals is None:
        return Section("matrix", title)
    keys = ("segment", "product", "signal", "amount", "share", "expected")
    header = [say(matrix.LABELS, k, lang) for k in keys]
    frame = signals.to_frame(lang)
    if frame.empty:
        return Section("matrix", title, notes=[say(LABELS, "no_signal", lang)])
    rows, notes = [], []
    for signal in ("win", "develop"):  # to_frame lists the winners first, then the gaps
        chosen = frame[frame.iloc[:, 2] == say(matrix.LABELS, signal, lang)]
        shown, more = _cut([[str(r.iloc[0]), str(r.iloc[1]), str(r.iloc[2]),
                             number(r.iloc[3], lang), percent(r.iloc[4], lang),
                             number(r.iloc[5], lang)] for _, r in chosen.iterrows()], lang,
                           say(matrix.LABELS, signal, lang))
        rows += shown
        notes += more
    return Section("matrix", title, header, rows, notes, right=(3, 4, 5))


def _funnel(results: Any, lang: str) -> Section:
    title = _heading("funnel", results, lang)
    needed = results.funnel_needed
    example = "funnel" in results.not_given  # the method's example, not the user's funnel
    if example:
        title = f"{title} ({say(given.LABELS, 'funnel_example', lang)})"
    if needed is None:
        return Section("funnel", title, notes=[given.sentence("funnel", lang)] if example
                       else [])
    header = [say(funnel.LABELS, "stage", lang), say(funnel.LABELS, "needed", lang)]
    rows = [[funnel.stage_label(str(stage), lang), number(count, lang)]
            for stage, count in needed.items()]
    notes = []
    weakest = results.funnel_weakest
    if weakest is not None:
        notes.append(say(LABELS, "weakest", lang).format(
            step=weakest.label(lang), conversion=percent(weakest.conversion, lang)))
    if example:
        notes.append(given.sentence("funnel", lang))
    return Section("funnel", title, header, rows, notes, right=(1,))


def _priorities(results: Any, lang: str) -> Section:
    title = _heading("priorities", results, lang)
    if "prospects" in results.not_given:
        return Section("priorities", title, notes=[given.sentence("prospects", lang)])
    header, *late = blocks.overdue_list(results, lang)
    if not late:
        return Section("priorities", title, notes=[say(LABELS, "none_overdue", lang)])
    shown = [[_text(name), _text(company), number(priority, lang), day(due, lang),
              number(days, lang)] for name, company, priority, due, days in late]
    rows, notes = _cut(shown, lang)
    return Section("priorities", title, [str(h) for h in header], rows, notes,
                   right=(2, 3, 4))


def deals_and_team_sections(results: Any, lang: str = "en") -> list[Section]:
    """The CRM's deals (win rate, pipeline, cycle, stalled deals, win rate per source) and
    the portfolio per salesperson, when the files gave them."""
    sections = []
    for key, title, build in (("deals", say(deals.LABELS, "win_rate", lang), _deals),
                              ("team_portfolio", say(team.LABELS, "title", lang), _team)):
        if key in results.problems:
            sections.append(Section(key, title, notes=[say(LABELS, "not_computed", lang).format(
                message=results.problems[key].message(lang))]))
        elif getattr(results, key) is not None:
            sections.append(build(results, lang))
    return sections


def _deals(results: Any, lang: str) -> Section:
    found = results.deals
    word = {k: say(deals.LABELS, k, lang) for k in deals.LABELS}

    def why(key: str, text: str) -> str:
        reason = found.reason(key, lang)
        return f"({reason})" if reason and not text else text

    rows = [
        [word["win_rate"], why("win_rate", percent(found.win_rate, lang)),
         f"{found.won} {word['won'].lower()} / {found.lost} {word['lost'].lower()}"],
        [word["pipeline"], why("pipeline", number(found.pipeline, lang)),
         f"{word['pipeline_amount']} {number(found.pipeline_amount, lang)}"],
        [word["cycle"], why("cycle", number(found.cycle_days, lang)), ""],
        [word["stalled"], why("stalled", number(len(found.stalled), lang)
                                  if "stalled" not in found.reasons else ""),
         ", ".join(str(n) for n in found.stalled["name"].head(MORE_ROWS).dropna())],
    ]
    for source, row in found.by_source.iterrows():
        rows.append([f"{word['win_rate']} · {source}", percent(row["win_rate"], lang),
                     f"{int(row['won'])} / {int(row['won'] + row['lost'])}"])
    return Section("deals", word["win_rate"], ["", "", ""], rows, right=(1,))


def _team(results: Any, lang: str) -> Section:
    table = results.team_portfolio
    header = [say(team.LABELS, "salesperson", lang),
              *(say(team.LABELS, c, lang) for c in team.COLUMNS)]
    shares = {"churn", "win_rate"}
    rows = [[str(person), *(percent(row[c], lang) if c in shares else number(row[c], lang)
                            for c in team.COLUMNS)] for person, row in table.iterrows()]
    shown, notes = _cut(rows, lang)
    return Section("team_portfolio", say(team.LABELS, "title", lang), header, shown, notes,
                   right=tuple(range(1, len(header))))


def cost_section(report: Any, lang: str = "en") -> Section:
    """Cost to serve per class, and the findings: clients served at a loss, A clients
    with no activity, hours freed by serving C clients remotely, clients not in the
    ledger, per salesperson."""
    lang = check_lang(lang)
    results = report.results
    hourly = number(results.data.settings.hourly_cost, lang)
    title = say(LABELS, "cost", lang).format(hourly=hourly)
    found = results.cost
    if found is None or found.source == "none":
        return Section("cost", title, notes=[say(LABELS, "no_activities", lang)])
    keys = ("clients", "margin", "hours", "cost", "ratio", "time_share", "margin_share")
    header = [say(serve.LABELS, "abc_class", lang), *(say(serve.LABELS, k, lang)
                                                      for k in keys)]
    rows = []
    for cls, row in found.by_class.iterrows():
        star = " *" if row["margin_estimated"] else ""
        rows.append([say(serve.LABELS, str(cls), lang), number(row["clients"], lang),
                     number(row["margin"], lang) + star, number(row["hours"], lang, 1),
                     number(row["cost"], lang), number(row["ratio"], lang, 1),
                     percent(row["time_share"], lang), percent(row["margin_share"], lang)])
    notes = []
    if found.source == "budget":
        notes.append(say(LABELS, "cost_budget", lang))
    if found.margin_estimated:
        notes.append(say(LABELS, "cost_estimated", lang))
    lost = found.at_loss
    for client, row in lost.head(MORE_ROWS).iterrows():
        notes.append(say(LABELS, "cost_loss", lang).format(
            client=client, margin=number(row["margin"], lang), cost=number(row["cost"], lang)))
    if len(lost) > MORE_ROWS:
        notes.append(say(LABELS, "more", lang).format(n=number(len(lost) - MORE_ROWS, lang)))
    if found.idle_a:
        shown = ", ".join(found.idle_a[:MORE_ROWS]) + (
            " …" if len(found.idle_a) > MORE_ROWS else "")
        notes.append(say(LABELS, "cost_idle", lang).format(clients=shown))
    if found.freed_hours > 0:
        notes.append(say(LABELS, "cost_freed", lang).format(
            hours=number(found.freed_hours, lang, 1),
            clients=number(found.freed_clients, lang)))
    if len(found.unknown):
        names = list(found.unknown.index[:MORE_ROWS])
        shown = ", ".join(map(str, names)) + (" …" if len(found.unknown) > MORE_ROWS else "")
        notes.append(say(LABELS, "cost_unknown", lang).format(
            clients=shown, hours=number(found.unknown["hours"].sum(), lang, 1)))
    outside = getattr(report, "activities_outside", 0)
    if outside:
        period = report.data.settings.period
        notes.append(say(LABELS, "cost_outside", lang).format(
            period=report.year if period is None else period.curr.label(lang),
            count=number(outside, lang)))
    people = found.by_salesperson.drop(index=["Total", "none"], errors="ignore")
    if len(people):
        sep = " ; " if lang == "fr" else "; "
        notes.append(say(LABELS, "cost_people", lang).format(people=sep.join(
            f"{name} {number(row['hours'], lang, 1)} h, {number(row['cost'], lang)}, "
            f"{number(row['ratio'], lang, 1)}" for name, row in people.iterrows())))
    return Section("cost", title, header, rows, notes, right=(1, 2, 3, 4, 5, 6, 7))


def _cut(rows: list[list[str]], lang: str, what: str | None = None
         ) -> tuple[list[list[str]], list[str]]:
    """The first rows of a list, and a note saying how many more the workbook has."""
    if len(rows) <= MORE_ROWS:
        return rows, []
    left = number(len(rows) - MORE_ROWS, lang)
    note = (say(LABELS, "more", lang).format(n=left) if what is None else
            say(LABELS, "more_of", lang).format(n=left, what=what))
    return rows[:MORE_ROWS], [note]


def _text(value: Any) -> str:
    return str(value) if is_shown(value) else BLANK

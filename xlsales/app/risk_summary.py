"""The terminal summary's "Clients at risk": the ten A and B clients most likely lost.

The rows and sentences come from ``plan.risk`` through ``plan.risk_blocks``, the same
the workbook's "Clients at risk" sheet shows.
"""

from __future__ import annotations

from typing import Any

from xlsales.common.lang import say
from xlsales.common.text import day, number, percent
from xlsales.plan.risk_blocks import LABELS as RISK_LABELS
from xlsales.plan.risk_blocks import risk_note

__all__ = ["TOP", "risk_section"]

TOP = 10

# the columns shown by the rule that chose the clients (an 80-column terminal)
_COLUMNS = {"model": ("client", "name", "abc_class", "p_alive", "revenue_at_risk",
                      "last_purchase", "salesperson"),
            "rhythm": ("client", "name", "abc_class", "revenue_12m", "last_purchase",
                       "usual_gap", "salesperson")}


def risk_section(results: Any, lang: str) -> Any:
    """The top ten clients at risk as a summary ``Section`` (none without purchases)."""
    from xlsales.app.summary import Section, _text  # summary lists this section

    title = say(RISK_LABELS, "topic_risk", lang)
    notes = [row[0] for row in risk_note(results, lang) if row and row[0]]
    found = results.client_risk
    if found is None:
        return Section("risk", title, notes=notes)
    names = dict(zip(results.data.clients["client"].astype(str),
                     results.data.clients["name"], strict=True))
    columns = _COLUMNS[found.rule]
    rows = []
    for row in found.at_risk.head(TOP).itertuples(index=False):
        cells = {"client": str(row.client), "name": _text(names.get(row.client)),
                 "abc_class": str(row.abc_class), "p_alive": percent(row.p_alive, lang),
                 "revenue_at_risk": number(row.revenue_at_risk, lang),
                 "revenue_12m": number(row.revenue_12m, lang),
                 "last_purchase": day(row.last_purchase, lang),
                 "usual_gap": number(row.usual_gap, lang, 1),
                 "salesperson": _text(row.salesperson)}
        rows.append([cells[key] for key in columns])
    if len(found.at_risk) > TOP:
        notes.append(say(RISK_LABELS, "more_in_sheet", lang).format(
            n=number(len(found.at_risk) - TOP, lang)))
    header = [say(RISK_LABELS, key, lang) for key in columns]
    figures = ("p_alive", "revenue_at_risk", "revenue_12m", "usual_gap")
    return Section("risk", title, header, rows, notes,
                   right=tuple(i for i, key in enumerate(columns) if key in figures))

"""The terminal summary's "Clients at risk" after ``xlsales report``: the top ten A and B
clients at risk, largest revenue at risk first, or why the model was not fitted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.harness.rhythm import TODAY, fitted_ledger, small_ledger
from xlsales.app.report import make_report
from xlsales.app.summary import summary_sections


def _section(report, lang: str = "en"):
    return next(s for s in summary_sections(report, lang) if s.key == "risk")


def test_too_few_repeat_buyers_are_said_with_the_lines_left_out(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    small_ledger().to_csv(path, index=False)
    report = make_report(path, year=2025, today=TODAY)
    section = _section(report, "fr")
    text = " ".join(section.notes)
    assert "Au 30/06/2025" in text
    assert "seuls 2 clients ont acheté sur plus d'un jour" in text
    assert "Lignes datées après le 30/06/2025 écartées : 1." in text


def test_the_top_ten_are_the_largest_revenue_at_risk(tmp_path: Path) -> None:
    lines = fitted_ledger()
    lines = lines[lines["date"] <= pd.Timestamp(TODAY)]
    path = tmp_path / "ledger.csv"
    lines.to_csv(path, index=False)
    report = make_report(path, year=2024, today=TODAY)
    section = _section(report)
    found = report.results.client_risk
    assert found.fit is not None
    assert len(found.at_risk) > 10 and len(section.rows) == 10
    shown = [row[0] for row in section.rows]
    assert shown == list(found.at_risk["client"].head(10))
    at_risk = [float(row[4].replace(",", "")) for row in section.rows]
    assert at_risk == sorted(at_risk, reverse=True)
    assert any("more on the Clients at risk sheet" in note for note in section.notes)

"""CLIENT_RHYTHM, P_ALIVE and COHORT_RETENTION as Excel and xlwings Lite call them, from a
ledger's lines (METHOD.md §10); expectations worked out by hand, P(alive) from the paper's
closed form evaluated here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.harness import xlwings_excel as excel
from tests.harness.buyers import bgnbd_buyers
from xlsales.method.bgnbd import fit_bgnbd

udfs = excel.load()
BOTH = [excel.call_like_excel, excel.call_like_lite]


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


def dates(*days):
    return excel.column(*(excel.com_date(d.year, d.month, d.day) for d in days))


def shown(result):
    return [[excel.shown(cell) for cell in row] for row in result]


D = dt.datetime
# A buys on 1 and 11 January; its -5 of 31 January is a credit note, no purchase day.
# B buys on 5 January and 4 February.
CLIENTS = excel.column("A", "A", "B", "A", "B")
DAYS = dates(D(2025, 1, 1), D(2025, 1, 11), D(2025, 1, 5), D(2025, 1, 31), D(2025, 2, 4))
AMOUNTS = excel.column(10, 20, 30, -5, 40)


# ----------------------------------------------------------------------------------------
# CLIENT_RHYTHM
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", BOTH)
def test_rhythm_per_client_by_hand(call):
    result = shown(call(udfs.CLIENT_RHYTHM, CLIENTS, DAYS, excel.com_date(2025, 3, 1),
                        AMOUNTS))
    assert result == [
        ["Client", "First purchase", "Last purchase", "Days since the last purchase",
         "Purchase days", "Average purchase", "Usual gap between purchases (days)", "Late"],
        # 1 March − 11 January = 49 days, over twice the gap of 10: late; (10 + 20) / 2
        ["A", D(2025, 1, 1), D(2025, 1, 11), 49, 2, 15, 10, True],
        # 1 March − 4 February = 25 days, under twice 30; (30 + 40) / 2
        ["B", D(2025, 1, 5), D(2025, 2, 4), 25, 2, 35, 30, False],
    ]


@pytest.mark.parametrize("call", BOTH)
def test_rhythm_without_amounts_counts_every_line_and_runs_to_the_last_date(call):
    result = shown(call(udfs.CLIENT_RHYTHM, CLIENTS, DAYS))
    assert "Average purchase" not in result[0]
    # A: 1, 11 and 31 January, gaps 10 and 20 (median 15), 4 days before 4 February
    assert result[1] == ["A", D(2025, 1, 1), D(2025, 1, 31), 4, 3, 15, False]
    assert result[2] == ["B", D(2025, 1, 5), D(2025, 2, 4), 0, 2, 30, False]


def test_rhythm_in_french_and_one_purchase_has_no_gap_to_be_late_on():
    result = shown(excel.call_like_excel(udfs.CLIENT_RHYTHM, excel.column("Z"),
                                         dates(D(2025, 5, 5)), excel.com_date(2025, 6, 4),
                                         excel.column(80), "fr"))
    assert result[0][:4] == ["Client", "Premier achat", "Dernier achat",
                             "Jours depuis le dernier achat"]
    assert result[1] == ["Z", D(2025, 5, 5), D(2025, 5, 5), 30, 1, 80, "", ""]


@pytest.mark.parametrize("call", BOTH)
def test_a_line_after_today_is_named_with_its_row(call):
    message = one(call(udfs.CLIENT_RHYTHM, CLIENTS, DAYS, excel.com_date(2025, 1, 20)))
    assert message.startswith("#XLSALES! dates, row 4: '2025-01-31' is after today "
                              "(2025-01-20)")


def test_an_amount_without_a_date_is_named():
    message = one(excel.call_like_excel(udfs.CLIENT_RHYTHM, excel.column("A", "A"),
                                        excel.column(excel.com_date(2025, 1, 1), None),
                                        excel.MISSING, excel.column(10, 20)))
    assert message.startswith("#XLSALES! dates, row 2:")


# ----------------------------------------------------------------------------------------
# P_ALIVE
# ----------------------------------------------------------------------------------------

BUYERS, BOUGHT = bgnbd_buyers()
TODAY = dt.date(2024, 12, 31)


def _inputs_by_hand():
    """x, t_x, T (weeks) per client, worked out from the lines with pandas."""
    frame = pd.DataFrame({"client": BUYERS, "day": pd.to_datetime(BOUGHT)})
    per = frame.drop_duplicates().groupby("client")["day"].agg(["min", "max", "count"])
    week = pd.Timedelta(days=7)
    return pd.DataFrame({"x": per["count"] - 1, "t_x": (per["max"] - per["min"]) / week,
                         "T": (pd.Timestamp(TODAY) - per["min"]) / week})


@pytest.mark.parametrize("call", BOTH)
def test_p_alive_is_the_papers_closed_form_per_client(call):
    result = shown(call(udfs.P_ALIVE, excel.column(*BUYERS), dates(*BOUGHT),
                        excel.com_date(2024, 12, 31)))
    assert result[0] == ["Client", "Purchase days", "Last purchase",
                         "Probability of still buying"]
    got = {row[0]: row[3] for row in result[1:]}
    inputs = _inputs_by_hand()
    assert sorted(got) == sorted(inputs.index)
    x, t_x, T = (inputs[k].to_numpy() for k in ("x", "t_x", "T"))
    r, alpha, a, b = fit_bgnbd(x, t_x, T).params  # the fit is checked on CDNOW elsewhere
    # Fader, Hardie & Lee (2005), eq. (13): 1 / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x))
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0)
    want = 1 / (1 + odds)
    np.testing.assert_allclose([got[c] for c in inputs.index], want, rtol=1e-9)
    # a client who bought on one day only is alive for sure
    assert all(got[c] == 1 for c in inputs.index[x == 0])
    assert 0 < min(got.values()) < 0.1 and max(want[x > 0]) > 0.5


def test_p_alive_on_too_few_repeat_buyers_says_so_in_both_languages():
    args = (CLIENTS, DAYS, excel.MISSING, AMOUNTS)
    message = one(excel.call_like_excel(udfs.P_ALIVE, *args))
    assert message.startswith("#XLSALES! clients: only 2 clients bought on more than one "
                              "day")
    french = one(excel.call_like_lite(udfs.P_ALIVE, *args, "fr"))
    assert french.startswith("#XLSALES! clients : seuls 2 clients")


def test_p_alive_of_one_client_bought_once_is_a_message():
    message = one(excel.call_like_excel(udfs.P_ALIVE, excel.column("A"),
                                        dates(D(2025, 1, 1))))
    assert message.startswith("#XLSALES! clients:")


# ----------------------------------------------------------------------------------------
# COHORT_RETENTION
# ----------------------------------------------------------------------------------------

# A: first 2021, buys 2021, 2022, 2023. B: 2021, its 2022 only a credit note. C: 2021,
# skips 2022, back in 2023. D: its first day of 2022 nets to 0, then buys July 2022 and
# 2023. E: first purchase 31 December 2023.
LEDGER = [("A", D(2021, 3, 1), 100), ("A", D(2022, 5, 1), 50), ("A", D(2023, 1, 1), 20),
          ("B", D(2021, 6, 1), 80), ("B", D(2022, 2, 1), -80),
          ("C", D(2021, 9, 1), 40), ("C", D(2023, 4, 1), 40),
          ("D", D(2022, 3, 1), 10), ("D", D(2022, 3, 1), -10), ("D", D(2022, 7, 1), 30),
          ("D", D(2023, 7, 1), 30), ("E", D(2023, 12, 31), 5)]


def _ledger_cells(ledger):
    who, when, amount = zip(*ledger, strict=True)
    return excel.column(*who), dates(*when), excel.column(*amount)


@pytest.mark.parametrize("call", BOTH)
def test_retention_triangle_by_hand(call):
    who, when, amount = _ledger_cells(LEDGER)
    result = call(udfs.COHORT_RETENTION, who, when, excel.MISSING, amount, "year")
    assert result[0] == ["First purchase in", "Clients in the cohort", 0, 1, 2]
    assert result[1][:3] == ["2021", 3, 1]
    # of A, B, C: A buys in 2022 (B's 2022 is a credit note); A and C in 2023
    assert result[1][3:] == [pytest.approx(1 / 3), pytest.approx(2 / 3)]
    assert result[2] == ["2022", 1, 1, 1, ""]  # D, still buying in 2023; no 2024 yet
    assert result[3] == ["2023", 1, 1, "", ""]


def test_retention_by_quarter_in_french():
    who, when, amount = _ledger_cells([("A", D(2024, 1, 15), 10), ("A", D(2024, 4, 10), 10),
                                       ("B", D(2024, 2, 1), 10), ("B", D(2024, 8, 1), 10)])
    result = excel.call_like_excel(udfs.COHORT_RETENTION, who, when,
                                   excel.com_date(2024, 9, 30), amount, excel.MISSING, "fr")
    # under three years: quarters; Q2 only A of A and B, Q3 only B
    assert result == [["Premier achat en", "Clients de la cohorte", 0, 1, 2],
                      ["2024-Q1", 2, 1, 0.5, 0.5]]


def test_retention_of_credit_notes_only_and_of_a_bad_grain_are_messages():
    who, when, amount = _ledger_cells([("A", D(2024, 1, 15), -10)])
    message = one(excel.call_like_excel(udfs.COHORT_RETENTION, who, when, excel.MISSING,
                                        amount))
    assert message.startswith("#XLSALES! amounts:")
    message = one(excel.call_like_excel(udfs.COHORT_RETENTION, *_ledger_cells(LEDGER)[:2],
                                        excel.MISSING, excel.MISSING, "month"))
    assert message.startswith("#XLSALES! grain:") and "'month'" in message


def test_retention_with_a_line_after_the_end_names_it():
    who, when, amount = _ledger_cells(LEDGER)
    message = one(excel.call_like_excel(udfs.COHORT_RETENTION, who, when,
                                        excel.com_date(2023, 6, 30), amount, "year"))
    assert message.startswith("#XLSALES! dates, row 11: '2023-07-01'")


@pytest.mark.parametrize("call", BOTH)
def test_a_date_beyond_what_can_be_counted_is_named(call):
    # Excel's serials run to 31/12/9999; day counts stop in 2262
    message = one(call(udfs.P_ALIVE, CLIENTS, dates(D(2025, 1, 1), D(9999, 12, 31),
                                                    D(2025, 1, 5), D(2025, 1, 31),
                                                    D(2025, 2, 4))))
    assert message.startswith("#XLSALES! dates, row 2:") and "1678-01-01" in message
    message = one(call(udfs.CLIENT_RHYTHM, CLIENTS, DAYS, excel.com_date(9000, 1, 1)))
    assert message.startswith("#XLSALES! today:") and "2261-12-31" in message

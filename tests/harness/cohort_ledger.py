"""A three-year ledger whose cohorts, measured churn and projection are worked out by hand.

Lines as an export has them (several lines and products per client, credit notes; the
last invoice of 2023 is dated 20 December, so year N = 2023 must count as complete):

    2021  A (10/01, 2 lines), B, C, D                     first purchases: cohort 2021
    2022  A (a sale and a partial credit note), B, C, E, G    E, G: cohort 2022
    2023  A, B (a sale, a credit note), E, F, H, I, J, K      F, H, I, J, K: cohort 2023
          G: a sale fully credited the same month (nets to 0: not buying in 2023)

Worked out by hand:
- Clients buying: 2021 A B C D; 2022 A B C E G; 2023 A B E F H I J K.
- Retention: cohort 2021 (4 clients) 100 %, 3/4 (A B C), 2/4 (A B); cohort 2022 (2) 100 %,
  1/2 (E); cohort 2023 (5) 100 %.
- Churn pooled over the two steps: 2021 → 2022 loses D (1 of 4), 2022 → 2023 loses C and
  G (2 of 5): 3 / 9 = 1/3 a year, measured on 2021–2023; half-life ln 0.5 / ln(2/3) =
  1.7095 years, under the method's four.
- The bridge 2022 → 2023 loses C and G of 5: this year's count is 40 %.
- Year N has 8 clients: at the measured 1/3, new clients needed = ⌈8/3⌉ = 3 a year (at
  the count's 40 % it would be ⌈3.2⌉ = 4); year 1 of the projection loses 8/3.
- Revenue of cohort 2021: 2021 = 100 + 50 + 200 + 300 + 400 = 1050; 2022 = A 120 − 20 +
  B 210 + C 310 = 620; 2023 = A 130 + B 220 − 20 = 330; kept 620/1050 and 330/1050.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["cohort_lines"]

_LINES = [
    ("A", dt.date(2021, 1, 10), 100, "P1"), ("A", dt.date(2021, 6, 1), 50, "P2"),
    ("B", dt.date(2021, 2, 3), 200, "P1"), ("C", dt.date(2021, 5, 5), 300, "P2"),
    ("D", dt.date(2021, 9, 9), 400, "P1"),
    ("A", dt.date(2022, 3, 1), 120, "P1"), ("A", dt.date(2022, 3, 15), -20, "P1"),
    ("B", dt.date(2022, 4, 4), 210, "P2"), ("C", dt.date(2022, 6, 6), 310, "P1"),
    ("E", dt.date(2022, 7, 7), 90, "P2"), ("G", dt.date(2022, 8, 8), 60, "P1"),
    ("A", dt.date(2023, 2, 2), 130, "P1"), ("B", dt.date(2023, 3, 3), 220, "P2"),
    ("B", dt.date(2023, 3, 20), -20, "P2"), ("E", dt.date(2023, 5, 5), 95, "P2"),
    ("G", dt.date(2023, 6, 1), 70, "P1"), ("G", dt.date(2023, 6, 20), -70, "P1"),
    ("F", dt.date(2023, 7, 1), 40, "P1"), ("H", dt.date(2023, 8, 1), 30, "P2"),
    ("I", dt.date(2023, 9, 1), 20, "P1"), ("J", dt.date(2023, 10, 1), 15, "P2"),
    ("K", dt.date(2023, 12, 20), 10, "P1"),
]


def cohort_lines() -> pd.DataFrame:
    """The ledger's lines as ``ledger.read_ledger`` gives them (client, date, amount,
    product, segment)."""
    frame = pd.DataFrame(_LINES, columns=["client", "date", "amount", "product"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["amount"] = frame["amount"].astype(float)
    frame["segment"] = "S1"
    return frame

"""Ten clients whose ABC classes are unambiguous and their CRM activities, for the
cost-to-serve tests (the expected figures are worked out by hand in each test).

Ledger (year N = 2025, pulled 10 March 2026), net revenue N and margin N per client:

    C01 Alpha SA      Industry  45 000  9 000  (two invoices and a credit note)
    C02 Beta SARL     Industry  25 000  6 000
    C03 Gamma         Retail    12 000  2 400
    C04 Delta         Industry   6 000  1 500
    C05 Epsilon       Retail     5 000  1 000
    C06 Zeta          Retail     3 500    700
    C07 Eta           Industry   1 500    250
    C08 Theta         Retail     1 000    200
    C09 Iota          Retail       700    100
    C10 Kappa         Retail       300      —  (margin left blank: revenue stands for it)

Cumulative shares of the 100 000: 45, 70, 82 | 88, 93, 96.5 | 98, 99, 99.7, 100 %: A =
C01-C03 (82 % ≥ 80 %), B = C04-C06 (96.5 % ≥ 95 %), C = C07-C10; no client sits on a limit.

Activities of 2025 (minutes; blank = the type's default: visit 120, meeting 60, call 15,
e-mail 5):

    C01  Visite blank (120) Alice, Rendez-vous 1h (60) Alice, Appel 00:30:00 (30) Bruno,
         Appel blank (15) Alice, E-mail 15 Alice                         = 240 min, 1 visit
    C02  (by its name "Beta SARL") Visite 2h (120) Bruno, Appel 60 Bruno  = 180 min, 1 visit
    C03  nothing (an A client with no activity)
    C04  Réunion 60 Alice                                                 =  60 min
    C05  Appel blank ×4 (15 each) Bruno                                   =  60 min
    C06  E-mail 10 min Alice, Appel 20 Alice                              =  30 min
    C07  Visite 1:30 (90) Bruno, Visite blank (120) Bruno, Appel 30 Bruno = 240 min, 2 visits
    C08  Appel 30 min Bruno                                               =  30 min
    C09  nothing
    C10  Visite 1h (60) Alice                                             =  60 min, 1 visit
    "Prospect Omega" (in no ledger) Rendez-vous 60 Alice                  =  60 min
    one 2024 visit of C01 (outside the period)
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

CLIENTS = [
    # code, name, segment, revenue N, margin N (None = blank)
    ("C01", "Alpha SA", "Industry", 45000, 9000),
    ("C02", "Beta SARL", "Industry", 25000, 6000),
    ("C03", "Gamma", "Retail", 12000, 2400),
    ("C04", "Delta", "Industry", 6000, 1500),
    ("C05", "Epsilon", "Retail", 5000, 1000),
    ("C06", "Zeta", "Retail", 3500, 700),
    ("C07", "Eta", "Industry", 1500, 250),
    ("C08", "Theta", "Retail", 1000, 200),
    ("C09", "Iota", "Retail", 700, 100),
    ("C10", "Kappa", "Retail", 300, None),
]

# client, date, type, duration, owner — as a French CRM user types them
ACTIVITIES = [
    ("C01", "2025-02-03", "Visite", "", "Alice"),
    ("C01", "2025-03-10", "Rendez-vous", "1h", "Alice"),
    ("C01", "2025-04-14", "Appel", "00:30:00", "Bruno"),
    ("C01", "2025-05-05", "Appel", "", "Alice"),
    ("C01", "2025-06-02", "E-mail", "15", "Alice"),
    ("Beta SARL", "2025-02-17", "Visite", "2h", "Bruno"),
    ("Beta SARL", "2025-09-08", "Appel", "60", "Bruno"),
    ("C04", "2025-03-03", "Réunion", "60", "Alice"),
    ("C05", "2025-01-20", "Appel", "", "Bruno"),
    ("C05", "2025-04-20", "Appel", "", "Bruno"),
    ("C05", "2025-07-20", "Appel", "", "Bruno"),
    ("C05", "2025-10-20", "Appel", "", "Bruno"),
    ("C06", "2025-05-12", "E-mail", "10 min", "Alice"),
    ("C06", "2025-11-12", "Appel", "20", "Alice"),
    ("C07", "2025-03-24", "Visite", "1:30", "Bruno"),
    ("C07", "2025-06-24", "Visite", "", "Bruno"),
    ("C07", "2025-09-24", "Appel", "30", "Bruno"),
    ("C08", "2025-10-01", "Appel", "30 min", "Bruno"),
    ("C10", "2025-12-01", "Visite", "1h", "Alice"),
    ("Prospect Omega", "2025-11-05", "Rendez-vous", "60", "Alice"),
    ("C01", "2024-06-01", "Visite", "", "Alice"),  # the year before: outside the period
]


def ledger_lines() -> pd.DataFrame:
    """Invoice lines: each client's revenue N in two lines (C01 with a credit note), a
    line of N-1 for every client, margins blank for C10."""
    rows = []
    for code, name, segment, revenue, margin in CLIENTS:
        rows.append((code, dt.datetime(2024, 5, 1), revenue * 0.9, segment, "P1",
                     None if margin is None else margin * 0.9, name))
        if code == "C01":
            parts = [(30000, 6000), (17000, 3400), (-2000, -400)]
        else:
            half = revenue / 2
            parts = [(half, None if margin is None else margin / 2)] * 2
        for k, (amount, part_margin) in enumerate(parts):
            rows.append((code, dt.datetime(2025, (2, 6, 12)[k], 15), amount, segment,
                         "P1" if k else "P2", part_margin, name))
    return pd.DataFrame(rows, columns=["client", "date", "amount", "segment", "product",
                                       "margin", "client_name"])


def ledger_csv(path) -> None:
    """The ledger as a French ERP writes it: ';', decimal comma, dd/mm/yyyy."""
    lines = ledger_lines()
    text = ["Code client;Nom client;Date facture;Montant HT;Segment;Famille;Marge"]
    for row in lines.itertuples(index=False):
        margin = "" if pd.isna(row.margin) else f"{row.margin:.2f}".replace(".", ",")
        amount = f"{row.amount:.2f}".replace(".", ",")
        text.append(f"{row.client};{row.client_name};{row.date:%d/%m/%Y};{amount};"
                    f"{row.segment};{row.product};{margin}")
    path.write_text("\n".join(text) + "\n", encoding="cp1252")


def activities_csv(path) -> None:
    """The activities as a French CRM export writes them (Sellsy-like headers)."""
    text = ["Société;Date;Type;Durée;Collaborateur"]
    for client, day, kind, duration, owner in ACTIVITIES:
        y, m, d = day.split("-")
        text.append(f"{client};{d}/{m}/{y};{kind};{duration};{owner}")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")

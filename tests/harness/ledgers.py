"""A ledger small enough to check every figure by hand, written as the exports users have.

Eight invoice lines over 2024 and 2025 (the export is pulled on 10 March 2026, so year N
is 2025 and N-1 is 2024):

    client  date        amount  segment    product       margin
    C1      2024-03-15   1000   Industrie  Équipements    200
    C2      2024-05-05    400   BTP        Consommables   120
    C3      2024-06-06    300   BTP        Consommables    90
    C1      2025-02-10   1500   Industrie  Équipements    300
    C3      2025-07-07    400   BTP        Consommables   160
    C4      2025-08-08    150   BTP        Équipements     30
    C5      2025-09-09     50   Industrie  Consommables    25
    C1      2025-12-20   -100   Industrie  Équipements    -20   (a credit note)

Worked out by hand (the tests cite these lines):
- Revenue 2024: C1 1000, C2 400, C3 300 = 1700 over 3 clients. Revenue 2025: C1 1500 - 100
  = 1400, C3 400, C4 150, C5 50 = 2000 over 4 clients.
- Bridge: lost C2 (400 in N-1); retained C1 and C3 (1300 in N-1, 1800 in N); new C4 and
  C5 (200 in N). Churn = 1 / 3 = 33.3 %; new clients needed a year = ceil(4 × 1/3) = 2.
- ABC (80 % / 95 %): 1400, 400, 150, 50 add up to 70 %, 90 %, 97.5 %, 100 % of 2000, so A
  = C1, C3 (2 clients, 1800, 90 %), B = C4 (150, 7.5 %), C = C5 (50, 2.5 %). The top client
  makes 70 % (alert at 20 %) and the top 5 make 100 % (alert at 50 %): fragile. Class C
  holds 1 client of 4 = 25 % (alert at 60 %): no dispersion.
- Matrix of revenue N (segment × main product): Industrie × Équipements 1400, Industrie ×
  Consommables 50, BTP × Consommables 400, BTP × Équipements 150; rows 1450 and 550,
  columns Équipements 1550 and Consommables 450. Winners (≥ 10 % of 2000 = 200): I × É
  70 %, B × C 20 %. Expected = row × column / 2000: I × É 1123.75, I × C 326.25, B × C
  123.75, B × É 426.25. To develop (sells ≤ half of expected ≥ 40): B × É (150 ≤ 213.125)
  and I × C (50 ≤ 163.125), listed by expected: B × É first.
- Funnel: the deck's 100/80/50/30/10/1 (no funnel file): negotiation converts 10 %, the
  weakest; 10 new clients need 1000 suspects, 800 prospects, 500 cold, 300 warm, 100 hot.

The prospects (today 10 March 2026; reminders 7/14/30/60/90 days for priorities 1-5):
- Amélie Durand, Gros × Bonne: priority 1 + 1 - 1 = 1; last contact 15/02/2026, next
  22/02/2026, overdue by 6 (rest of February) + 10 = 16 days.
- Hugo Martin, Moyen × Moyenne: priority 3; 01/03/2026 + 30 = 31/03/2026, not overdue.
- Zoé Petit, Petit × Très peu: priority 5; 01/10/2025 + 90 = 30/12/2025, overdue by
  1 + 31 + 28 + 10 = 70 days.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl

TODAY = dt.date(2026, 3, 10)

LINES = [
    ("C1", "Alpha", dt.date(2024, 3, 15), 1000.0, "Industrie", "Équipements", 200.0),
    ("C2", "Beta", dt.date(2024, 5, 5), 400.0, "BTP", "Consommables", 120.0),
    ("C3", "Gamma", dt.date(2024, 6, 6), 300.0, "BTP", "Consommables", 90.0),
    ("C1", "Alpha", dt.date(2025, 2, 10), 1500.0, "Industrie", "Équipements", 300.0),
    ("C3", "Gamma", dt.date(2025, 7, 7), 400.0, "BTP", "Consommables", 160.0),
    ("C4", "Delta", dt.date(2025, 8, 8), 150.0, "BTP", "Équipements", 30.0),
    ("C5", "Epsilon", dt.date(2025, 9, 9), 50.0, "Industrie", "Consommables", 25.0),
    ("C1", "Alpha", dt.date(2025, 12, 20), -100.0, "Industrie", "Équipements", -20.0),
]

FRENCH_HEADER = "Code client;Raison sociale;Date facture;Montant HT;Segment;Famille;Marge"
ENGLISH_HEADER = ("Customer ID,Customer name,Invoice date,Net amount,Segment,Product line,"
                  "Gross margin")

# Three bad lines after the eight good ones: lines 10, 11 and 12 of the French file.
BAD_FRENCH = [
    "C6;Zeta;31/02/2025;100,00;BTP;Formation;10,00",  # 10: no 31 February
    "C7;Eta;01/03/2025;abc;BTP;Formation;10,00",  # 11: not an amount
    ";Theta;01/04/2025;10,00;BTP;Formation;1,00",  # 12: no client
]


def _french_amount(value: float) -> str:
    # "1 500,00": the space groups thousands, the comma marks decimals
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def french_csv(folder: Path, name: str = "ventes.csv", bad: bool = False) -> Path:
    """The ledger as a French ERP exports it: ';', decimal comma, day first, Windows-1252."""
    rows = [FRENCH_HEADER]
    rows += [f"{c};{n};{d:%d/%m/%Y};{_french_amount(a)};{s};{p};{_french_amount(m)}"
             for c, n, d, a, s, p, m in LINES]
    if bad:
        rows += BAD_FRENCH
    path = folder / name
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path


def english_csv(folder: Path, name: str = "sales.csv") -> Path:
    """The ledger as an English export: ',', decimal point, ISO dates, UTF-8."""
    rows = [ENGLISH_HEADER]
    rows += [f"{c},{n},{d.isoformat()},{a:.2f},{s},{p},{m:.2f}" for c, n, d, a, s, p, m in LINES]
    path = folder / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def workbook(folder: Path, name: str = "ventes.xlsx", sheet: str = "Ventes") -> Path:
    """The ledger in a workbook, on a second sheet, with real dates and numbers."""
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    data = book.create_sheet(sheet)
    data.append(FRENCH_HEADER.split(";"))
    for c, n, d, a, s, p, m in LINES:
        data.append([c, n, dt.datetime(d.year, d.month, d.day), a, s, p, m])
    path = folder / name
    book.save(path)
    return path


def prospects_csv(folder: Path, name: str = "prospects.csv") -> Path:
    path = folder / name
    path.write_text(
        "Nom;Prénom;Société;Potentiel;Accessibilité;Dernier contact;Source;Étape\n"
        "Durand;Amélie;Durand SA;Gros;Bonne;15/02/2026;recommendation;warm\n"
        "Martin;Hugo;Martin SARL;Moyen;Moyenne;01/03/2026;networks;cold\n"
        "Petit;Zoé;Petit & Fils;Petit;Très peu;01/10/2025;bought_files;prospect\n",
        encoding="utf-8")
    return path


def team_csv(folder: Path, name: str = "equipe.csv") -> Path:
    path = folder / name
    path.write_text("Commercial;Quantité;Orientation;Efficacité\nClaire;7;5;6\n",
                    encoding="utf-8")
    return path


def clients_csv(folder: Path, name: str = "clients.csv") -> Path:
    """Scores for C1 only; its potential 2000 against 1400 bought is a 70 % share of wallet."""
    path = folder / name
    path.write_text(
        "Code client;Taille (1-5);Concurrence (1-5);Fiabilité (1-5);CA potentiel\n"
        "C1;5;4;5;2 000,00\n", encoding="utf-8")
    return path


def large_csv(path: Path, lines: int, clients: int = 1000, seed: int = 2026) -> int:
    """A French export of ``lines`` random lines over 2024 and 2025 (client, day-first
    date, amount with a decimal comma), written a block at a time so that ten million
    lines never sit in memory. Returns how many distinct clients it holds."""
    rng = np.random.default_rng(seed)
    seen = np.zeros(clients, dtype=bool)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Code client;Date facture;Montant HT\n")
        for start in range(0, lines, 100_000):
            n = min(100_000, lines - start)
            client = rng.integers(0, clients, n)
            seen[client] = True
            day, month = rng.integers(1, 29, n), rng.integers(1, 13, n)
            year, cents = rng.integers(2024, 2026, n), rng.integers(1, 10**7, n)
            out.write("".join(
                f"C{c};{d:02d}/{m:02d}/{y};{e // 100},{e % 100:02d}\n"
                for c, d, m, y, e in zip(client.tolist(), day.tolist(), month.tolist(),
                                         year.tolist(), cents.tolist(), strict=True)))
    return int(seen.sum())


# --- a ledger that stops in June ------------------------------------------------------

MID_YEAR_LAST = dt.date(1998, 6, 30)


def mid_year_lines(seed: int = 1998, clients: int = 80) -> list[tuple]:
    """Invoice lines from 4 July 1996 to 30 June 1998, as an ERP exports them: several
    lines and products per client, credit notes (negative lines), clients that come and
    go; and on purpose, clients whose year nets to 0 (a sale fully credited) or below 0
    (credit notes above purchases), on both sides of 1 January to 30 June.

    Each line: (client, name, date, amount, segment, product, margin). Amounts are whole
    cents, so a sale and its credit note net to exactly 0."""
    rng = np.random.default_rng(seed)
    segments, products = ("Industrie", "BTP", "Santé"), ("Équipements", "Consommables",
                                                          "Services", "Pièces")
    start = dt.date(1996, 7, 4)
    span_days = (MID_YEAR_LAST - start).days
    lines: list[tuple] = []
    for k in range(clients):
        client, name = f"K{k:03d}", f"Client {k:03d}"
        segment = segments[k % len(segments)]
        # a client buys during a stretch of the two years: some only before, some after
        first = int(rng.integers(0, span_days))
        last = min(span_days, first + int(rng.integers(60, 700)))
        for _ in range(int(rng.integers(2, 9))):
            day = start + dt.timedelta(days=int(rng.integers(first, last + 1)))
            amount = int(rng.integers(5_000, 400_000)) / 100
            product = products[int(rng.integers(0, len(products)))]
            lines.append((client, name, day, amount, segment, product, round(amount * 0.3, 2)))
            if rng.random() < 0.15:  # a partial credit note a few days later
                back = min(MID_YEAR_LAST, day + dt.timedelta(days=int(rng.integers(1, 20))))
                credit = -round(amount * float(rng.uniform(0.1, 0.6)), 2)
                lines.append((client, name, back, credit, segment, product,
                              round(credit * 0.3, 2)))
    # nets of exactly 0 and below 0, in N (1998) and in the same days of N-1 (1997)
    for client, day, sales, credits in (
            ("Z001", dt.date(1998, 3, 2), 1200.0, (-1200.0,)),          # N: 0
            ("Z002", dt.date(1998, 5, 5), 300.0, (-250.0, -200.0)),     # N: -150
            ("Z003", dt.date(1997, 2, 3), 800.0, (-800.0,)),            # N-1: 0
            ("Z004", dt.date(1997, 4, 9), 500.0, (-650.0,))):           # N-1: -150
        name = f"Client {client}"
        lines.append((client, name, day, sales, "BTP", "Services", sales * 0.3))
        for i, credit in enumerate(credits):
            lines.append((client, name, day + dt.timedelta(days=3 + i), credit, "BTP",
                          "Services", credit * 0.3))
    # the same client in both windows, and a sale after 30 June 1997 that N-1's same days
    # must leave out (it would make K-late "retained" if the whole of 1997 were read)
    lines += [("LATE", "Late buyer", dt.date(1997, 9, 15), 2000.0, "Santé", "Pièces", 600.0),
              ("LATE", "Late buyer", dt.date(1998, 2, 1), 900.0, "Santé", "Pièces", 270.0)]
    lines.append(("LAST", "Last day", MID_YEAR_LAST, 450.0, "Industrie", "Services", 135.0))
    lines.sort(key=lambda line: line[2])
    return lines


def mid_year_csv(folder: Path, name: str = "ventes-juin.csv", seed: int = 1998) -> Path:
    """``mid_year_lines`` as a French CSV with a report title above the header."""
    rows = [f"{c};{n};{d:%d/%m/%Y};{_french_amount(a)};{s};{p};{_french_amount(m)}"
            for c, n, d, a, s, p, m in mid_year_lines(seed)]
    path = folder / name
    path.write_bytes(("\r\n".join(["Code client;Raison sociale;Date facture;Montant HT;"
                                   "Segment;Famille;Marge", *rows]) + "\r\n").encode("cp1252"))
    return path
def portfolio_csv(folder: Path, *, segments: int = 21, products: int = 10, clients: int = 240,
                  seed: int = 11, name: str = "portfolio.csv",
                  spellings: bool = False) -> tuple[Path, list[tuple]]:
    """A ledger shaped like a distributor's export, for the matrix: ``clients`` clients over
    ``segments`` segments (one segment a client), each buying two to five of ``products``
    products on several invoice lines in 2024 and 2025, with credit notes (negative lines),
    a client now and then only in 2024 or only in 2025. ``spellings`` writes a client's
    segment in the case its line number picks ("Seg 3", "SEG 3", "seg 3"), as hand-typed
    ERP fields are. The lines are returned too: (client, date, amount, segment, product,
    margin), for the test's own pivot.

    The products' weights fall off quickly, so the small ones are rare: the shape of a
    real catalogue, and cells of the matrix left blank (no sale recorded).
    """
    rng = np.random.default_rng(seed)
    lines: list[tuple] = []
    weights = 1.0 / np.arange(1, products + 1) ** 1.2
    weights /= weights.sum()
    for k in range(clients):
        client = f"K{k:04d}"
        segment = k % segments
        bought = rng.choice(products, size=min(int(rng.integers(2, 6)), products), replace=False,
                            p=weights)
        years = (2024, 2025) if k % 9 else ((2024,) if k % 2 else (2025,))
        for year in years:
            for product in bought:
                for _ in range(int(rng.integers(1, 4))):
                    day = dt.date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
                    amount = round(float(rng.lognormal(6, 1.1)), 2)
                    lines.append((client, day, amount, segment, int(product),
                                  round(amount * 0.3, 2)))
                if rng.random() < 0.2:  # a credit note against one of the lines
                    credit = -round(float(rng.uniform(10, 150)), 2)
                    lines.append((client, dt.date(year, 12, 15), credit, segment,
                                  int(product), round(credit * 0.3, 2)))
    cases = ("Seg {}", "SEG {}", "seg {}")
    written = []
    for i, (client, day, amount, segment, product, margin) in enumerate(lines):
        label = (cases[i % 3] if spellings else cases[0]).format(segment)
        written.append((client, day, amount, label, f"Produit {product:02d}", margin))
    rows = ["Customer ID,Invoice date,Net amount,Segment,Product line,Gross margin"]
    rows += [f"{c},{d.isoformat()},{a:.2f},{s},{p},{m:.2f}" for c, d, a, s, p, m in written]
    path = folder / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path, written

"""Built-in demo data: a made-up distributor's three years of sales, clients, prospects, team.

``xlsales demo`` and the template's examples need data on which every part of the method
says something: a portfolio that loses 10–15 % of its clients a year and wins new ones, a
top client heavy enough to make the portfolio fragile, a segment × product matrix with
clear winners and gaps, credit notes and a few repeated lines as real exports have, a
prospect list with overdue follow-ups and a funnel that narrows. Everything is drawn from
``numpy.random.default_rng(seed)``, so a seed gives the same frames on every machine, and
the ledger scales to a million lines for the benchmarks (``demo_ledger``).

Company names are built from word lists (trades, family names, regions); they are not
real companies. Segments, products and names are French, as in the deck; the keys a
program reads (stages, lead sources) are the stable English keys the analyses use.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import check_lang

__all__ = [
    "FUNNEL",
    "LEDGER_HEADERS",
    "PRODUCTS",
    "SEGMENTS",
    "STAGES",
    "Demo",
    "demo_data",
    "demo_ledger",
    "write_ledger_csv",
]

SEGMENTS = ("Industrie", "BTP", "Santé", "Commerce", "Collectivités")
PRODUCTS = ("Équipements", "Consommables", "Maintenance", "Formation")
# What each segment buys, by product (rows sum to 1): each segment has its strong product,
# and some big segment × product pairs sell far below what their totals predict (Industrie
# buys few consumables, Commerce little maintenance), so both "win" and "develop" show.
_MIX = np.array([
    [0.55, 0.05, 0.38, 0.02],  # Industrie
    [0.25, 0.60, 0.05, 0.10],  # BTP
    [0.10, 0.30, 0.05, 0.55],  # Santé
    [0.35, 0.55, 0.03, 0.07],  # Commerce
    [0.30, 0.15, 0.25, 0.30],  # Collectivités
])
_SEGMENT_CLIENTS = np.array([0.30, 0.25, 0.12, 0.23, 0.10])  # share of the clients
_SEGMENT_SIZE = np.array([1.6, 1.0, 0.8, 0.7, 1.2])  # typical yearly revenue, relative
_MARGIN_RATE = np.array([0.22, 0.34, 0.45, 0.55])  # by product
_CHURN = 0.13
_NEW_CLIENTS = 0.12  # share of all clients that start in each year after the first
_TOP_SHARE = 0.25  # the top client's share of year-N revenue: fragile (>= 20 %)
_LINES_PER_CLIENT = 12

STAGES = ("suspect", "prospect", "cold", "warm", "hot", "client")
FUNNEL = (100, 80, 50, 30, 10, 1)  # the deck's counts, stage by stage
_SOURCES = ("networks", "communication", "recommendation", "bought_files")
_SOURCE_ODDS = np.array([0.35, 0.20, 0.15, 0.30])
_SOURCE_QUALITY = np.array([0.0, 0.3, 1.2, -0.4])  # recommendation converts best

LEDGER_HEADERS = {  # the ledger's columns as an export names them
    "date": {"en": "Invoice date", "fr": "Date facture"},
    "invoice": {"en": "Invoice number", "fr": "N° facture"},
    "client": {"en": "Customer ID", "fr": "Code client"},
    "client_name": {"en": "Customer name", "fr": "Raison sociale"},
    "segment": {"en": "Segment", "fr": "Segment"},
    "product": {"en": "Product line", "fr": "Famille"},
    "amount": {"en": "Net amount", "fr": "Montant HT"},
    "margin": {"en": "Gross margin", "fr": "Marge"},
}

_TRADES = (
    "Boulangerie", "Transports", "Menuiserie", "Imprimerie", "Laboratoires", "Garage",
    "Clinique", "Pharmacie", "Bâtiment", "Électricité", "Plomberie", "Métallerie",
    "Chaudronnerie", "Hôtellerie", "Restauration", "Agencement", "Distribution",
    "Logistique", "Emballages", "Plasturgie", "Mécanique", "Fonderie", "Travaux",
    "Énergies", "Informatique", "Conseil", "Nettoyage", "Sécurité", "Matériaux", "Outillage",
)
_FAMILY_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis",
    "Lemaire", "Duval", "Joly", "Benoît",
)
_REGIONS = (
    "du Rhône", "de l'Ouest", "des Alpes", "du Littoral", "de Provence", "du Val de Loire",
    "de Bretagne", "du Nord", "de l'Est", "du Centre", "d'Armor", "des Vosges", "du Jura",
    "de Gascogne", "du Périgord", "de Savoie", "de Normandie", "des Landes", "du Berry",
    "de Picardie", "d'Auvergne", "du Languedoc", "de Champagne", "du Morvan",
    "de l'Estuaire", "des Côtes", "du Vexin", "de Sologne", "du Quercy", "des Cévennes",
)
_FORMS = ("SAS", "SARL", "SA", "& Fils", "Frères", "SAS", "SARL")
_FIRST_NAMES = (
    "Amélie", "Hélène", "Jérôme", "François", "Chloé", "Léa", "Noël", "Camille", "Julien",
    "Sophie", "Étienne", "Inès", "Mathéo", "Zoé", "Grégoire", "Anaïs", "Thibault",
    "Céline", "Benoît", "Maëlle", "Nicolas", "Margaux", "Raphaël", "Agnès", "Loïc",
    "Claire", "Hugo", "Émilie", "Sébastien", "Manon",
)
_JOB_TITLES = (
    "Directeur achats", "Responsable maintenance", "Gérant", "Directrice administrative "
    "et financière", "Acheteuse", "Responsable des services généraux", "Directeur "
    "technique", "Cheffe de projet", "Responsable logistique", "Directeur d'usine",
)


@dataclass(frozen=True, eq=False)
class Demo:
    """The demo's tables, as a user would bring them (see the module docstring)."""

    ledger: pd.DataFrame  # date, invoice, client, client_name, segment, product, amount, margin
    clients: pd.DataFrame  # clients of N-1 or N, with potential and risk scores (1-5)
    prospects: pd.DataFrame  # CRM qualification fields, lead source, furthest stage
    team: pd.DataFrame  # salesperson, quantity, orientation, efficiency (0-10)
    funnel: pd.DataFrame  # stage, count: the deck's 100/80/50/30/10/1
    year: int  # year N, the last of the ledger
    today: dt.date  # the date the demo is "pulled" on: reminders are overdue against it


def demo_data(seed: int = 2026, clients: int = 1500,
              years: tuple[int, ...] = (2023, 2024, 2025), *, prospects: int = 200,
              salespeople: int = 7, today: dt.date | None = None) -> Demo:
    """The demo's ledger, clients, prospects, team and funnel; the same for the same seed.

    ``today`` defaults to 10 March of the year after the last one, when a manager pulls
    last year's export to prepare the action plan.
    """
    if not 6 <= salespeople <= 8:
        raise XlsalesError("salespeople", "range", value=salespeople, low=6, high=8)
    rng = np.random.default_rng(seed)
    today = today or dt.date(years[-1] + 1, 3, 10)
    names = _company_names(rng, clients + prospects)
    book = _clients(rng, names[:clients], years)
    ledger = _ledger(rng, book, clients * _LINES_PER_CLIENT, years)
    return Demo(
        ledger=ledger,
        clients=_client_scores(rng, book, ledger, years),
        prospects=_prospects(rng, names[clients:], today),
        team=_team(rng, salespeople),
        funnel=pd.DataFrame({"stage": list(STAGES), "count": list(FUNNEL)}),
        year=years[-1],
        today=today,
    )


def demo_ledger(lines: int = 1_000_000, clients: int = 50_000, seed: int = 2026,
                years: tuple[int, ...] = (2023, 2024, 2025)) -> pd.DataFrame:
    """The demo ledger at any scale (a million lines in a few seconds), for benchmarks."""
    rng = np.random.default_rng(seed)
    return _ledger(rng, _clients(rng, _company_names(rng, clients), years), lines, years)


def write_ledger_csv(ledger: pd.DataFrame, path: str | Path, *, lang: str = "fr",
                     encoding: str | None = None) -> Path:
    """Write a ledger as an export would: French (``;``, decimal comma, 31/12/2025,
    Windows-1252 unless ``encoding`` says "utf-8-sig") or English (``,``, ISO, UTF-8)."""
    lang = check_lang(lang)
    path = Path(path)
    french = lang == "fr"
    frame = ledger.rename(columns={k: v[lang] for k, v in LEDGER_HEADERS.items()})
    frame.to_csv(path, sep=";" if french else ",", decimal="," if french else ".",
                 date_format="%d/%m/%Y" if french else "%Y-%m-%d", float_format="%.2f",
                 index=False, encoding=encoding or ("cp1252" if french else "utf-8"))
    return path


def _clients(rng: np.random.Generator, names: list[str],
             years: tuple[int, ...]) -> pd.DataFrame:
    """Who the clients are and which years they buy in (from ``start`` until ``end``)."""
    count, n_years = len(names), len(years)
    if not 20 <= count <= 1_000_000:
        raise XlsalesError("clients", "range", value=count, low=20, high=1_000_000)
    if n_years < 2 or list(years) != list(range(years[0], years[0] + n_years)):
        raise XlsalesError("years", "choice", value=", ".join(map(str, years)),
                           choices="two or more consecutive years (2023, 2024, 2025)")
    start = np.zeros(count, dtype=np.int64)
    late = rng.random(count) < _NEW_CLIENTS * (n_years - 1)
    start[late] = rng.integers(1, n_years, late.sum())
    # Each year after its first, a client is lost with probability _CHURN, for good.
    end = np.minimum(start + rng.geometric(_CHURN, count), n_years)
    segment = rng.choice(len(SEGMENTS), count, p=_SEGMENT_CLIENTS)
    size = rng.lognormal(9.0, 1.15, count) * _SEGMENT_SIZE[segment]
    main = _draw(rng, _MIX[segment])
    top = 0  # the fragile top client: there every year, in Industrie, buying equipment
    start[top], end[top], segment[top], main[top] = 0, n_years, 0, 0
    return pd.DataFrame({
        "client": [f"C{10001 + i}" for i in rng.permutation(count)],
        "client_name": names, "segment": segment, "product": main, "size": size,
        "start": start, "end": end,
    })


def _company_names(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct made-up names "Trade Family Region Form" (numbered past 54,000)."""
    space = len(_TRADES) * len(_FAMILY_NAMES) * len(_REGIONS)
    picks = np.resize(rng.permutation(space), count)
    names = []
    for i, pick in enumerate(picks.tolist()):
        trade, rest = divmod(pick, len(_FAMILY_NAMES) * len(_REGIONS))
        family, region = divmod(rest, len(_REGIONS))
        name = (f"{_TRADES[trade]} {_FAMILY_NAMES[family]} {_REGIONS[region]} "
                f"{_FORMS[pick % len(_FORMS)]}")
        names.append(name if i < space else f"{name} {i // space + 1}")
    return names


def _ledger(rng: np.random.Generator, book: pd.DataFrame, lines: int,
            years: tuple[int, ...]) -> pd.DataFrame:
    n_years = len(years)
    # One row per client and year bought: its revenue that year.
    start, end = book["start"].to_numpy(), book["end"].to_numpy()
    cy_year = np.concatenate([np.full(((start <= y) & (y < end)).sum(), y)
                              for y in range(n_years)])
    cy_client = np.concatenate([np.flatnonzero((start <= y) & (y < end))
                                for y in range(n_years)])
    credits, repeats = max(5, lines // 125), max(3, lines // 700)
    sold = lines - credits - repeats  # so the ledger has exactly ``lines`` lines
    if sold < len(cy_year):
        raise XlsalesError("lines", "range", value=lines,
                           low=len(cy_year) + credits + repeats, high=100_000_000)
    revenue = book["size"].to_numpy()[cy_client] * rng.lognormal(0.03, 0.18, len(cy_year))
    top = cy_client == 0
    others_n = revenue[(cy_year == n_years - 1) & ~top].sum()
    revenue[top] = (others_n * _TOP_SHARE / (1 - _TOP_SHARE)
                    / 1.06 ** (n_years - 1 - cy_year[top]))
    # Lines: at least one per client-year, the rest in proportion to sqrt(revenue).
    weight = np.sqrt(revenue)
    cy = np.repeat(np.arange(len(cy_year)),
                   1 + rng.multinomial(sold - len(cy_year), weight / weight.sum()))
    share = rng.gamma(2.0, size=sold)
    amount = np.round(revenue[cy] * share / np.bincount(cy, share)[cy], 2)
    client = cy_client[cy]
    segment = book["segment"].to_numpy()[client]
    product = np.where(rng.random(sold) < 0.5, book["product"].to_numpy()[client],
                       _draw(rng, _MIX[segment]))
    rate = np.clip(_MARGIN_RATE[product] + rng.normal(0, 0.05, sold), 0.02, 0.9)
    # Invoices: a line joins the previous one's invoice (same client, same day) 40 % of
    # the time; each invoice falls on a business day of its year.
    new_invoice = np.r_[True, cy[1:] != cy[:-1]] | (rng.random(sold) < 0.6)
    invoice = np.cumsum(new_invoice) - 1
    days, year_starts = _business_days(years)
    low, high = year_starts[cy_year[cy][new_invoice]], year_starts[cy_year[cy][new_invoice] + 1]
    day = (low + (rng.random(len(low)) * (high - low)).astype(np.int64))[invoice]
    sales = pd.DataFrame({"day": day, "year": cy_year[cy], "client": client,
                          "segment": segment, "product": product, "amount": amount,
                          "margin": np.round(amount * rate, 2), "invoice": invoice,
                          "credit": False})
    frame = pd.concat([sales, _credit_notes(rng, sales, credits, year_starts)],
                      ignore_index=True)
    frame = frame.sort_values(["day", "credit", "invoice"], kind="stable")
    numbers = _invoice_numbers(frame, years)
    frame = frame.iloc[_with_duplicates(rng, len(frame), repeats)]
    client = frame["client"].to_numpy()
    ledger = pd.DataFrame({
        "date": days[frame["day"].to_numpy()].astype("datetime64[us]"),
        "invoice": numbers[frame["invoice"].to_numpy()],
        "client": book["client"].to_numpy()[client],
        "client_name": book["client_name"].to_numpy()[client],
        "segment": np.asarray(SEGMENTS, dtype=object)[frame["segment"].to_numpy()],
        "product": np.asarray(PRODUCTS, dtype=object)[frame["product"].to_numpy()],
        "amount": frame["amount"].to_numpy(),
        "margin": frame["margin"].to_numpy(),
    })
    return ledger.astype({key: "str" for key in ("invoice", "client", "client_name",
                                                 "segment", "product")})


def _draw(rng: np.random.Generator, odds: np.ndarray) -> np.ndarray:
    """One category per row of ``odds`` (each row sums to 1)."""
    return (rng.random(len(odds))[:, None] > odds.cumsum(axis=1)[:, :-1]).sum(axis=1)


def _business_days(years: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Monday-to-Friday days of the years, and where each year (and the next) starts."""
    days = np.arange(np.datetime64(f"{years[0]}-01-01"),
                     np.datetime64(f"{years[-1] + 1}-01-01"))
    days = days[(days.astype(np.int64) + 3) % 7 < 5]  # 1970-01-01 was a Thursday
    bounds = [np.datetime64(f"{y}-01-01") for y in (*years, years[-1] + 1)]
    return days, np.searchsorted(days, bounds)


def _credit_notes(rng: np.random.Generator, sales: pd.DataFrame, count: int,
                  year_starts: np.ndarray) -> pd.DataFrame:
    """A few returns: part of a sold line credited 2 to 25 business days later, same year
    (so a client's net revenue stays above 0)."""
    picked = sales.iloc[np.sort(rng.choice(len(sales), count, replace=False))].copy()
    part = rng.uniform(0.1, 0.5, len(picked))
    picked["amount"] = -np.round(picked["amount"].to_numpy() * part, 2)
    picked["margin"] = -np.round(picked["margin"].to_numpy() * part, 2)
    last_day = year_starts[picked["year"].to_numpy() + 1] - 1
    picked["day"] = np.minimum(picked["day"].to_numpy() + rng.integers(2, 26, len(picked)),
                               last_day)
    picked["invoice"] = sales["invoice"].max() + 1 + np.arange(len(picked))
    picked["credit"] = True
    return picked


def _invoice_numbers(frame: pd.DataFrame, years: tuple[int, ...]) -> np.ndarray:
    """Invoice id -> its number, in date order within each year: F2025-000001 for sales,
    AV2025-000001 for credit notes (avoirs)."""
    first = frame.drop_duplicates("invoice")
    rank = first.groupby(["credit", "year"]).cumcount().to_numpy() + 1
    year = np.asarray(years)[first["year"].to_numpy()]
    prefix = np.where(first["credit"].to_numpy(), "AV", "F")
    labels = (pd.Series(prefix) + pd.Series(year).astype(str) + "-"
              + pd.Series(rank).astype(str).str.zfill(6)).to_numpy(dtype=object)
    numbers = np.empty(int(frame["invoice"].max()) + 1, dtype=object)
    numbers[first["invoice"].to_numpy()] = labels
    return numbers


def _with_duplicates(rng: np.random.Generator, count: int, repeats: int) -> np.ndarray:
    """Row positions with a few rows repeated right after themselves, as a faulty export
    (or a genuine repeat) does."""
    repeated = rng.choice(count, repeats, replace=False)
    return np.sort(np.r_[np.arange(count), repeated], kind="stable")


def _client_scores(rng: np.random.Generator, book: pd.DataFrame, ledger: pd.DataFrame,
                   years: tuple[int, ...]) -> pd.DataFrame:
    """The clients of N-1 or N with the manager's scores (1-5, 5 = best for us) and an
    estimated potential: mostly above what they buy, a few below, a few unknown."""
    net = ledger.groupby([ledger["client"], ledger["date"].dt.year])["amount"].sum()
    net = net.unstack(fill_value=0.0).reindex(columns=list(years), fill_value=0.0)
    bought = net[[years[-2], years[-1]]].max(axis=1)
    members = book.set_index("client").loc[bought.index[bought > 0]]
    n = len(members)
    revenue = bought.loc[members.index].to_numpy()
    segment = members["segment"].to_numpy()
    risky = rng.random(n) < 0.06

    def scores(odds: list[float]) -> np.ndarray:
        return rng.choice(np.arange(1, 6), n, p=odds)

    potential = revenue * rng.lognormal(np.log(1.8), 0.4, n)
    potential[rng.random(n) < 0.04] = np.nan
    return pd.DataFrame({
        "client": members.index.to_numpy(),
        "client_name": members["client_name"].to_numpy(),
        "segment": np.asarray(SEGMENTS, dtype=object)[segment],
        "main_product": np.asarray(PRODUCTS, dtype=object)[members["product"].to_numpy()],
        "pot_size": 1 + np.minimum((pd.Series(revenue).rank(pct=True).to_numpy() * 5).astype(int),
                               4),
        "pot_competition": scores([0.1, 0.2, 0.35, 0.25, 0.1]),
        "pot_sector": np.clip(np.array([3, 2, 4, 3, 3])[segment]
                                    + rng.integers(-1, 2, n), 1, 5),
        "pot_suppliers": scores([0.05, 0.15, 0.4, 0.3, 0.1]),
        "risk_reliability": np.where(risky, rng.integers(1, 3, n), rng.integers(3, 6, n)),
        "risk_finance": np.where(risky, rng.integers(1, 3, n), rng.integers(3, 6, n)),
        "risk_competitors": np.where(risky, rng.integers(1, 3, n), rng.integers(2, 6, n)),
        "potential_revenue": np.round(potential, -2),
    }).astype({key: "str" for key in ("client", "client_name", "segment",
                                      "main_product")})


def _prospects(rng: np.random.Generator, companies: list[str], today: dt.date
               ) -> pd.DataFrame:
    """Prospects with the CRM's qualification fields and the furthest stage each reached."""
    n = len(companies)
    first = rng.choice(_FIRST_NAMES, n)
    last = rng.choice(_FAMILY_NAMES, n)
    potential = np.round(rng.uniform(1, 5, n), 1)
    access = np.round(rng.uniform(1, 5, n), 1)
    source = rng.choice(len(_SOURCES), n, p=_SOURCE_ODDS)
    # The furthest stage: the deck's funnel proportions, the best prospects furthest, the
    # best sources bringing more of them.
    reached = np.maximum(np.round(n * np.asarray(FUNNEL) / FUNNEL[0]).astype(int), 1)
    order = np.argsort(-(_SOURCE_QUALITY[source] + 0.3 * (potential + access)
                         + rng.normal(0, 1, n)), kind="stable")
    stage = np.empty(n, dtype=np.int64)
    stage[order] = (np.arange(n)[:, None] < reached[1:]).sum(axis=1)
    never_called = (stage == 0) | (rng.random(n) < 0.05)
    day = np.datetime64(today, "D")
    last_contact = day - rng.integers(1, 121, n).astype("timedelta64[D]")
    last_purchase = day - rng.integers(30, 1500, n).astype("timedelta64[D]")
    return pd.DataFrame({
        "name": last, "first_name": first,
        "job_title": rng.choice(_JOB_TITLES, n),
        "email": [f"{_slug(f)}.{_slug(s)}@{_slug(' '.join(c.split()[:2]))}.fr"
                  for f, s, c in zip(first, last, companies, strict=True)],
        "company": companies,
        "project": rng.random(n) < 0.35,
        "last_purchase": np.where(rng.random(n) < 0.35, np.datetime64("NaT"),
                                  last_purchase).astype("datetime64[us]"),
        "potential": _level(potential), "potential_score": potential,
        "accessibility": _level(access), "accessibility_score": access,
        "last_contact": np.where(never_called, np.datetime64("NaT"),
                                 last_contact).astype("datetime64[us]"),
        "source": np.asarray(_SOURCES, dtype=object)[source],
        "stage": np.asarray(STAGES, dtype=object)[stage],
    }).astype({key: "str" for key in ("name", "first_name", "job_title", "email",
                                      "company", "source", "stage")})


def _level(score: np.ndarray) -> np.ndarray:
    """METHOD.md §3's levels: 1 at >= 3.67, 2 at >= 2.33, else 3."""
    return np.where(score >= 3.67, 1, np.where(score >= 2.33, 2, 3))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(ch if ch.isalnum() else "-" for ch in plain if not unicodedata.combining(ch))
    return "-".join(part for part in kept.split("-") if part)


def _team(rng: np.random.Generator, count: int) -> pd.DataFrame:
    """Salespeople scored 0-10 on the activity index's three factors; one is the deck's
    example (quantity 7, orientation 5, efficiency 6)."""
    scores = rng.integers(3, 10, (count, 3))
    scores[rng.integers(count)] = (7, 5, 6)
    names = [f"{f} {s}" for f, s in zip(rng.choice(_FIRST_NAMES, count, replace=False),
                                        rng.choice(_FAMILY_NAMES, count, replace=False),
                                        strict=True)]
    return pd.DataFrame({"salesperson": names, "quantity": scores[:, 0],
                         "orientation": scores[:, 1], "efficiency": scores[:, 2]}
                        ).astype({"salesperson": "str"})


# The demo's CRM (``demo_crm``): the French Salesforce pipeline, its default probabilities
DEAL_STAGES = ("Prospection", "Qualification", "Proposition/Devis", "Négociation/Révision")
_DEAL_ODDS = (10, 25, 60, 80)
_DEAL_SOURCES = ("Réseaux", "Recommandation", "Salons", "Site web")


@dataclass(frozen=True, eq=False)
class DemoCrm:
    """The demo's CRM: a deals export as a CRM writes it, and who sells to each client."""

    deals: pd.DataFrame  # name, account, stage, status, amount, probability (%), owner,
    #                      source, created, closed (expected close of an open deal)
    owners: pd.DataFrame  # client, salesperson


def demo_crm(demo: Demo, seed: int = 2026, deals: int = 160) -> DemoCrm:
    """Deals created from July of N-1 to ``today`` over the demo's pipeline, each closing
    after a cycle of about 45 days (won about 4 in 10 of the time, lost at the stage
    reached otherwise; still open when the close is after ``today``, and a few stalled,
    never closed), and each client's
    salesperson among the team. Drawn from their own generator: the demo's other data
    stay as they are."""
    rng = np.random.default_rng([seed, 13])
    people = demo.team["salesperson"].to_numpy(dtype=object)
    today = pd.Timestamp(demo.today)
    first = pd.Timestamp(demo.year - 1, 7, 1)
    span = (today - first).days
    created = first + pd.to_timedelta(rng.integers(0, span - 5, deals), unit="D")
    cycle = pd.to_timedelta(np.round(rng.gamma(3.0, 15.0, deals)) + 3, unit="D")
    closes = created + cycle
    # a few deals nobody closes: still open long after their cycle (the stalled ones)
    stuck = (rng.random(deals) < 0.08) & (created < today - pd.Timedelta(days=150))
    is_open = (closes > today) | stuck
    closes = closes.where(~stuck, today + pd.Timedelta(days=30))
    won = ~is_open & (rng.random(deals) < 0.4)
    reached = rng.integers(0, len(DEAL_STAGES), deals)
    # an open deal is the further on the nearer its close
    progress = np.clip(((today - created) / cycle).to_numpy(dtype=float), 0, 0.999)
    reached[is_open] = (progress[is_open] * len(DEAL_STAGES)).astype(int)
    reached[stuck] = rng.integers(0, len(DEAL_STAGES), int(stuck.sum()))
    stage = np.asarray(DEAL_STAGES, dtype=object)[reached]
    stage[won] = "Fermée gagnée"
    status = np.where(is_open, "En cours", np.where(won, "Gagnée", "Perdue"))
    odds = np.asarray(_DEAL_ODDS)[reached]
    odds = np.where(won, 100, np.where(is_open, odds, 0))
    accounts = rng.choice(demo.clients["client_name"].to_numpy(dtype=object), deals)
    frame = pd.DataFrame({
        "name": [f"Affaire {i + 1:03d} – {a}" for i, a in enumerate(accounts)],
        "account": accounts, "stage": stage, "status": status,
        "amount": np.round(rng.lognormal(8.5, 0.8, deals), -1),
        "probability": odds.astype(float), "owner": rng.choice(people, deals),
        "source": rng.choice(np.asarray(_DEAL_SOURCES, dtype=object), deals),
        "created": created.to_numpy(dtype="datetime64[us]"),
        "closed": closes.to_numpy(dtype="datetime64[us]")})
    clients = demo.ledger["client"].drop_duplicates().to_numpy(dtype=object)
    owners = pd.DataFrame({"client": clients, "salesperson": rng.choice(people, len(clients))})
    return DemoCrm(frame.sort_values("created", kind="stable").reset_index(drop=True), owners)

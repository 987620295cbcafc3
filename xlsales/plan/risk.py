"""Which clients are slipping away: rhythm, probability of still buying, clients at risk.

Computed once here from the plan's purchases (the ledger's lines, or the template's
Purchases table, which holds them netted per client and day), for the Clients table's
rhythm and risk columns, the "Clients at risk" sheet, the Plan and the terminal summary
(issue 14). The maths is the method's: ``method.rhythm`` (purchase days, usual gap, late)
and ``method.bgnbd`` (Fader, Hardie & Lee 2005). Rules chosen here:

- The as-of day is the plan's reference date (``--today``, the workbook's reference date)
  or, without one, the last date of the purchases. Lines dated after it are left out and
  counted (a look back "as of" a past day ignores what came later); the count is shown.
- The model is fitted on every client of the purchases, not only those of the Clients
  table: the more clients, the better the fit. When it cannot be fitted (too few repeat
  buyers, no stable fit) its figures are blank, the reason is kept (``model_problem``)
  and the clients at risk are chosen by the rhythm rule instead.
- Revenue of the last twelve months: the net of the client's days after the same day a
  year before the as-of day, up to it (credit notes included). Revenue at risk is that
  revenue, when above 0, × (1 − P(alive)): a client whose credit notes outweigh its sales
  puts nothing at risk.
- A client at risk is an A or B client of the plan (its ABC class of year N) with
  P(alive) below ``AT_RISK_BELOW`` (more likely lost than not) — or, without a model,
  late on its rhythm. They are listed largest revenue at risk first (without a model:
  largest revenue of the last twelve months first).
- A client's salesperson is the last one named on its lines up to the as-of day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import to_keys
from xlsales.method import bgnbd, rhythm

__all__ = ["AT_RISK_BELOW", "HORIZON_WEEKS", "LABELS", "RISK_COLUMNS", "ClientRisk",
           "client_risk", "purchase_rows"]

AT_RISK_BELOW = 0.5
HORIZON_WEEKS = 365 / 7  # the next twelve months, in the model's weeks

# The per-client columns of ``ClientRisk.clients``
RISK_COLUMNS = ("first_purchase", "last_purchase", "days_since", "purchase_days",
                "mean_amount", "usual_gap", "late", "revenue_12m", "p_alive",
                "expected_12m", "revenue_at_risk", "salesperson")

LABELS = {
    "model": {"en": "probability of still buying (BG/NBD)",
              "fr": "probabilité d'achat futur (BG/NBD)"},
    "rhythm": {"en": "rhythm rule (late after twice the usual gap)",
               "fr": "règle du rythme (en retard après deux fois l'écart habituel)"},
    "left_out": {"en": "Lines dated after {day} left out: {n}.",
                 "fr": "Lignes datées après le {day} écartées : {n}."},
}


@dataclass(frozen=True)
class ClientRisk:
    """The rhythm and risk of every client of the purchases, as of one day.

    ``clients`` is indexed by client key with ``RISK_COLUMNS``; ``at_risk`` holds the A
    and B clients at risk in the order shown (columns: client, abc_class, approach and
    those of ``clients``); ``days`` the purchases netted per client and day up to the
    as-of day (client, date, amount, salesperson), as the Purchases table holds them.
    """

    as_of: dt.date
    clients: pd.DataFrame
    at_risk: pd.DataFrame
    days: pd.DataFrame
    fit: bgnbd.BgnbdFit | None
    model_problem: XlsalesError | None
    left_out: int

    @property
    def rule(self) -> str:
        """"model" when the probability of still buying chose the clients, else "rhythm"."""
        return "model" if self.fit is not None else "rhythm"

    @property
    def revenue_at_risk(self) -> float:
        """The total the clients at risk put at risk (their revenue of the last twelve
        months under the rhythm rule)."""
        column = "revenue_at_risk" if self.rule == "model" else "revenue_12m"
        return float(np.clip(self.at_risk[column].to_numpy(dtype=float), 0, None).sum())

    def per_client(self, clients: Any) -> pd.DataFrame:
        """``RISK_COLUMNS`` for each of ``clients`` (codes, in order; blank rows where a
        code has no purchase)."""
        keys = to_keys(np.asarray(clients, dtype=object))
        return self.clients.reindex(pd.Index(keys, dtype=object)).reset_index(drop=True)


def purchase_rows(lines: pd.DataFrame) -> pd.DataFrame:
    """The plan's purchases from ledger lines: client, date, amount and salesperson (blank
    when the ledger names none)."""
    out = pd.DataFrame({key: lines[key].to_numpy() for key in ("client", "date", "amount")})
    out["salesperson"] = (lines["salesperson"].to_numpy(dtype=object)
                          if "salesperson" in lines.columns else None)
    return out


def client_risk(purchases: pd.DataFrame, today: Any = None, *,
                abc_class: dict[str, Any] | None = None,
                approach: dict[str, Any] | None = None) -> ClientRisk:
    """The rhythm and risk of every client of ``purchases`` (client, date, amount,
    salesperson) as of ``today`` (default: their last date); ``abc_class`` and
    ``approach`` (by client key) pick and describe the clients at risk."""
    used = purchases[~pd.isna(purchases["amount"])].reset_index(drop=True)
    clients, dates = used["client"].to_numpy(dtype=object), used["date"]
    amounts = used["amount"].to_numpy()
    all_days = rhythm.client_days(clients, dates, amounts)  # checks every line
    if all_days.day.size == 0:
        raise XlsalesError("purchases", "empty")
    as_of = _as_of(today, int(all_days.day.max()))
    last = _day_number(as_of)
    line_day = _line_days(dates)
    left_out = int(np.count_nonzero(line_day > last))
    lines = (rhythm.client_days(clients, dates, amounts, limit=as_of,
                                after_limit="leave_out") if left_out else all_days)
    table = _rhythm_table(lines, last)
    if table.empty:
        raise XlsalesError("purchases", "empty")
    salespeople = _salespeople(used, line_day, last)
    table["salesperson"] = salespeople.reindex(table.index).to_numpy(dtype=object)
    fit, problem = _fit(table, as_of)
    if fit is None:
        for column in ("p_alive", "expected_12m", "revenue_at_risk"):
            table[column] = np.nan
    else:
        x, t_x, T = _model_inputs(table, as_of)
        table["p_alive"] = fit.p_alive(x, t_x, T)
        table["expected_12m"] = fit.expected_purchases(np.full(x.size, HORIZON_WEEKS),
                                                       x, t_x, T)
        table["revenue_at_risk"] = (np.clip(table["revenue_12m"].to_numpy(dtype=float), 0,
                                            None) * (1 - table["p_alive"].to_numpy()))
    table = table[list(RISK_COLUMNS)]
    days = _days_table(lines, salespeople)
    at_risk = _at_risk(table, fit is not None, abc_class or {}, approach or {})
    return ClientRisk(as_of, table, at_risk, days, fit, problem, left_out)


def _as_of(today: Any, last_day: int) -> dt.date:
    if today is None:
        return dt.date(1970, 1, 1) + dt.timedelta(days=last_day)
    day = pd.Timestamp(today)
    return dt.date(day.year, day.month, day.day)


def _day_number(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def _line_days(dates: pd.Series) -> np.ndarray:
    """Each line's day (days since 1970), the lines already read by ``client_days``."""
    days = pd.to_datetime(dates).dt.normalize()
    return ((days - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)).to_numpy()


def _rhythm_table(lines: rhythm.ClientDays, today: int) -> pd.DataFrame:
    """``method.rhythm``'s figures per client, and the revenue of the last twelve months."""
    bought = lines.purchase
    codes = lines.client[bought]
    if codes.size == 0:
        return pd.DataFrame(columns=list(RISK_COLUMNS))
    frame = rhythm.client_rhythm(lines.ids[lines.client[bought]],
                                 _dates(lines.day[bought]), lines.net[bought],
                                 dt.date(1970, 1, 1) + dt.timedelta(days=today))
    as_of = pd.Timestamp(dt.date(1970, 1, 1) + dt.timedelta(days=today))
    since = _day_number((as_of - pd.DateOffset(years=1)).date())
    recent = lines.day > since
    revenue = pd.Series(lines.net[recent]).groupby(lines.ids[lines.client[recent]]).sum()
    frame["revenue_12m"] = revenue.reindex(frame.index).fillna(0.0).to_numpy(dtype=float)
    return frame


def _dates(days: np.ndarray) -> np.ndarray:
    return (np.datetime64("1970-01-01", "D") + days.astype("timedelta64[D]")).astype(
        "datetime64[ns]")


def _salespeople(lines: pd.DataFrame, line_day: np.ndarray, last: int) -> pd.Series:
    """Per client key: the last salesperson named on its lines up to day ``last``."""
    who = lines["salesperson"]
    named = (~pd.isna(who) & (who.astype(str).str.strip() != "")).to_numpy() & (
        line_day <= last)
    if not named.any():
        return pd.Series(dtype=object)
    frame = pd.DataFrame({"client": to_keys(lines["client"].to_numpy(dtype=object)[named]),
                          "day": line_day[named], "who": who.to_numpy(dtype=object)[named]})
    frame = frame.sort_values("day", kind="stable")
    return frame.groupby("client", sort=False)["who"].last()


def _days_table(lines: rhythm.ClientDays, salespeople: pd.Series) -> pd.DataFrame:
    """The client-days as the Purchases table holds them: a day whose net is float noise
    around 0 is written 0, so the table's formulas (amount > 0) count what the core does."""
    keys = lines.ids[lines.client] if lines.client.size else np.zeros(0, dtype=object)
    amount = np.where(lines.purchase | (lines.net < 0), lines.net, 0.0)
    return pd.DataFrame({"client": keys, "date": _dates(lines.day), "amount": amount,
                         "salesperson": salespeople.reindex(keys).to_numpy(dtype=object)})


def _model_inputs(table: pd.DataFrame, as_of: dt.date
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    inputs = bgnbd.bgnbd_inputs(table, as_of)
    return (inputs["x"].to_numpy(), inputs["t_x"].to_numpy(), inputs["T"].to_numpy())


def _fit(table: pd.DataFrame, as_of: dt.date
         ) -> tuple[bgnbd.BgnbdFit | None, XlsalesError | None]:
    x, t_x, T = _model_inputs(table, as_of)
    try:
        return bgnbd.fit_bgnbd(x, t_x, T), None
    except XlsalesError as error:
        return None, error


def _at_risk(table: pd.DataFrame, model: bool, abc_class: dict[str, Any],
             approach: dict[str, Any]) -> pd.DataFrame:
    frame = table.copy()
    frame.insert(0, "abc_class", [abc_class.get(k) for k in frame.index])
    frame["approach"] = [approach.get(k) for k in frame.index]
    ab = frame["abc_class"].isin(["A", "B"]).to_numpy()
    if model:
        chosen = ab & (frame["p_alive"].to_numpy(dtype=float) < AT_RISK_BELOW)
        order = ["revenue_at_risk", "revenue_12m"]
    else:
        chosen = ab & (frame["late"].fillna(False).to_numpy(dtype=bool))
        order = ["revenue_12m"]
    picked = frame[chosen].rename_axis("client").reset_index()
    return picked.sort_values(order, ascending=False, kind="stable").reset_index(drop=True)

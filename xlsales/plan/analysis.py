"""The annual action plan: every analysis of the method run once over one set of data.

The template generator, the buttons' "refresh all", the command line's report and its
terminal summary all need the same results from the same inputs; computing them here, in
one place, keeps them identical. Inputs are the template's tables as DataFrames whose
columns are ``layout`` keys (``revenue_curr``, ``pot_size``...), plus the settings a user
changes in the workbook's input cells.

An analysis that cannot run on the data (an empty table, a bad cell) does not stop the
others: its result is None and its error is kept in ``PlanResults.problems`` under the
analysis' name, so a workbook can show the message where the result would have been.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import to_keys, to_numbers
from xlsales.method import abc, activity, churn, funnel, matrix, portfolio, potential, qualification
from xlsales.method import cost_to_serve as serve
from xlsales.method import deals as deals_method
from xlsales.method import team as team_method
from xlsales.method.cohorts import Cohorts
from xlsales.method.concentration import Concentration, concentration
from xlsales.method.periods import Period
from xlsales.method.portfolio import client_status
from xlsales.plan import layout
from xlsales.plan.cohorts import ChurnChoice, churn_choice, plan_cohorts
from xlsales.plan.figures import KeyFigures, key_figures
from xlsales.plan.given import DECK_FUNNEL, not_given
from xlsales.plan.layout import POTENTIAL_CRITERIA, RISK_CRITERIA
from xlsales.plan.risk import ClientRisk, client_risk

__all__ = ["DECK_FUNNEL", "POTENTIAL_CRITERIA", "RISK_CRITERIA", "PlanData", "PlanResults",
           "PlanSettings", "analyse", "client_status", "matrix_sales", "matrix_year",
           "serve_settings", "uses_margin"]


@dataclass(frozen=True)
class PlanSettings:
    """The parameters a manager sets in the workbook's input cells (METHOD.md defaults)."""

    year_curr: int | None = None
    a_share: float = 0.8
    b_share: float = 0.95
    method: str = "pareto"
    weights_potential: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0)
    weights_risk: tuple[float, ...] = (1.0, 1.0, 1.0)
    level_cuts: tuple[float, float] = (3.67, 2.33)
    measure: str = "revenue"
    win_share: float = 0.10
    develop_ratio: float = 0.5
    min_expected: float = 0.02
    funnel_target: float = 10
    intervals: tuple[int, ...] = qualification.INTERVALS
    today: dt.date | None = None
    churn_years: int = 5
    growth: float = 0.0
    # cost to serve: minutes and remote ("yes"/"no") per type of serve.TYPES, hourly
    # cost, fixed cost per visit, planned visits and calls per client a year for A, B, C
    cost_minutes: tuple[float, ...] = tuple(serve.DEFAULT_MINUTES[t] for t in serve.TYPES)
    cost_remote: tuple[str, ...] = tuple("yes" if t in serve.REMOTE_TYPES else "no"
                                         for t in serve.TYPES)
    hourly_cost: float = serve.DEFAULT_HOURLY_COST
    visit_cost: float = 0.0
    cost_visits: tuple[float, ...] = (0.0, 0.0, 0.0)
    cost_calls: tuple[float, ...] = (0.0, 0.0, 0.0)
    # the windows of days N and N-1 cover, when a ledger gave them (``method.periods``);
    # None for a template filled by hand: N and N-1 are then the years its table says
    period: Period | None = None


def _frame(table: layout.Table) -> pd.DataFrame:
    return pd.DataFrame({key: pd.Series(dtype=object) for key in table.keys("input")})


@dataclass(frozen=True)
class PlanData:
    """The template's input tables (columns = ``layout`` input keys) and its settings."""

    clients: pd.DataFrame = field(default_factory=lambda: _frame(layout.CLIENTS))
    prospects: pd.DataFrame = field(default_factory=lambda: _frame(layout.PROSPECTS))
    team: pd.DataFrame = field(default_factory=lambda: _frame(layout.TEAM))
    funnel: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        DECK_FUNNEL, columns=["stage", "count"]))
    settings: PlanSettings = field(default_factory=PlanSettings)
    # A CRM's deals (``sources.deals.deal_outcomes``'s columns) and its pipeline's order;
    # per salesperson and client, revenue N-1 and N (``team.owner_revenue``). None when
    # the files give none.
    deals: pd.DataFrame | None = None
    deal_order: tuple[str, ...] = ()
    owner_revenue: pd.DataFrame | None = None
    activities: pd.DataFrame = field(default_factory=lambda: _frame(layout.ACTIVITIES))
    # The sales by client × product × year (``layout.SALES``'s keys) that the matrix adds
    # up. None: the Clients table's rows stand for them (``sales_rows``).
    sales: pd.DataFrame | None = None

    def sales_rows(self) -> pd.DataFrame:
        """The sales the matrix reads: ``sales``, or, when none were given, one row per
        client of the Clients table (its segment, main product, revenue and margin N), so
        a plan typed client by client still has its matrix."""
        if self.sales is not None:
            return self.sales
        c = self.clients
        year = self.settings.year_curr
        return pd.DataFrame({
            "client": c["client"].to_numpy(dtype=object),
            "segment": c["segment"].to_numpy(dtype=object),
            "product": c["product"].to_numpy(dtype=object),
            "year": np.full(len(c), np.nan if year is None else float(year)),
            "revenue": c["revenue_curr"].to_numpy(dtype=object),
            "margin": c["margin"].to_numpy(dtype=object)})

    # the ledger netted per client and day (every year: the cohorts, the rhythm), or
    # tblPurchases' client-days (``risk.purchase_rows``' columns)
    purchases: pd.DataFrame = field(default_factory=lambda: _frame(layout.PURCHASES))

    def __post_init__(self) -> None:
        if "salesperson" not in self.purchases.columns and all(
                k in self.purchases.columns for k in layout.PURCHASES.required):
            # who sold is optional: the cohorts need client, date and amount only
            object.__setattr__(self, "purchases", self.purchases.assign(salesperson=None))
        for name, table in (("clients", layout.CLIENTS), ("prospects", layout.PROSPECTS),
                            ("team", layout.TEAM), ("funnel", layout.FUNNEL),
                            ("activities", layout.ACTIVITIES),
                            ("purchases", layout.PURCHASES)):
            frame = getattr(self, name)
            missing = [k for k in table.keys("input") if k not in frame.columns]
            if missing:
                raise XlsalesError(name, "missing_column", value=", ".join(missing),
                                   found=", ".join(map(str, frame.columns)) or "-")
        if self.sales is not None:
            missing = [k for k in layout.SALES.keys("input") if k not in self.sales.columns]
            if missing:
                raise XlsalesError("sales", "missing_column", value=", ".join(missing),
                                   found=", ".join(map(str, self.sales.columns)) or "-")


@dataclass
class PlanResults:
    """Every analysis of the plan; None where ``problems`` says why it could not run."""

    data: PlanData
    problems: dict[str, XlsalesError] = field(default_factory=dict)
    # the inputs the data does not give (``given.INPUTS`` keys): shown as "not given",
    # with how to add them, never as figures
    not_given: tuple[str, ...] = ()
    # clients (one value per row of data.clients, same index)
    status: pd.Series | None = None
    abc_class: pd.Series | None = None
    potential_score: pd.Series | None = None
    potential_level: pd.Series | None = None
    risk_score: pd.Series | None = None
    risk_level: pd.Series | None = None
    share_of_wallet: pd.Series | None = None
    untapped: pd.Series | None = None
    approach: pd.Series | None = None
    # portfolio and churn
    bridge: portfolio.PortfolioBridge | None = None
    half_life: float | None = None  # years; math.inf when the churn is 0
    projection: pd.DataFrame | None = None
    new_clients_needed: float | None = None
    # ABC
    abc_limits: abc.AbcLimits | None = None
    abc_computed: abc.AbcLimits | None = None
    abc_summary: pd.DataFrame | None = None
    abc_outside: abc.OutsidePortfolio | None = None
    concentration: Concentration | None = None
    # matrix
    matrix: matrix.SegmentMatrix | None = None
    signals: matrix.MatrixSignals | None = None
    abandon: matrix.AbandonRisk | None = None
    # funnel
    funnel_ratios: pd.DataFrame | None = None
    funnel_needed: pd.Series | None = None
    funnel_weakest: funnel.FunnelStep | None = None
    lead_sources: pd.DataFrame | None = None
    # prospects (one value per row of data.prospects)
    prospect_potential_level: pd.Series | None = None
    prospect_access_level: pd.Series | None = None
    priority: pd.Series | None = None
    next_contact: pd.Series | None = None
    overdue: pd.Series | None = None
    completeness: pd.Series | None = None
    prospect_matrix: qualification.ProspectMatrix | None = None
    # team (one value per row of data.team)
    activity_index: pd.Series | None = None
    lever: activity.ActivityChange | None = None
    # deals and the portfolio per salesperson
    deals: deals_method.DealsAnalysis | None = None
    team_portfolio: pd.DataFrame | None = None
    # the key figures that sum up the analyses above (``figures.py``)
    figures: KeyFigures = field(default_factory=KeyFigures)
    # cost to serve (clients of data.clients, activities of data.activities)
    cost: serve.CostToServe | None = None
    # cohorts of the ledger's purchases, and the churn the projection runs on
    cohorts: Cohorts | None = None
    churn_choice: ChurnChoice = field(default_factory=lambda: churn_choice(None))
    # rhythm, probability of still buying and clients at risk (data.purchases); None
    # without purchases
    client_risk: ClientRisk | None = None

    def run(self, name: str, compute: Callable[[], Any], *targets: str) -> None:
        """Store ``compute()`` under ``targets`` (one name, or a tuple's items), or its error."""
        try:
            value = compute()
        except XlsalesError as error:
            self.problems[name] = error
            return
        values = value if len(targets) > 1 else (value,)
        for target, item in zip(targets, values, strict=True):
            setattr(self, target, item)


def analyse(data: PlanData) -> PlanResults:
    """Run every analysis of the method on ``data``."""
    results = PlanResults(data)
    _deals(results, data)
    if results.deals is not None:  # the user's funnel, from the CRM, replaces the example
        data = replace(data, funnel=results.deals.funnel)
        results.data = data
    results.not_given = not_given(data)
    _cohorts(results, data)
    _clients(results, data)
    _client_risk(results, data)
    _prospects(results, data)
    _team(results, data)
    _funnel(results, data)
    _team_portfolio(results, data)
    results.figures = key_figures(results)
    _cost(results, data)
    return results


def _clients(results: PlanResults, data: PlanData) -> None:
    s, c = data.settings, data.clients
    index = c.index
    rev_prev, rev_curr = c["revenue_prev"], c["revenue_curr"]
    results.run("status", lambda: pd.Series(client_status(rev_prev, rev_curr), index=index,
                                            dtype=object), "status")
    results.run("portfolio", lambda: portfolio.portfolio_bridge(
        _by_client(c, "revenue_prev"), _by_client(c, "revenue_curr")), "bridge")
    gap = None if results.bridge is None else _missing_prev(c, s.period)
    if gap is not None:
        # a ledger that starts in N: N stands, what needs N-1 is blank with the reason
        results.bridge = results.bridge.without_prev()
        results.status = pd.Series([None] * len(index), index=index, dtype=object)
        for name in ("period", "half_life", "projection", "new_clients_needed"):
            results.problems[name] = gap
    elif results.bridge is not None:
        bridge = results.bridge
        results.run("half_life", lambda: _half_life(bridge), "half_life")
        rate = results.churn_choice.rate  # measured on the cohorts, or None: the bridge's
        results.run("projection", lambda: churn.churn_projection(
            bridge.clients_curr, rate if rate is not None else _churn(bridge), s.churn_years,
            new_per_year=churn.new_clients_needed(
                bridge.clients_curr, rate if rate is not None else _churn(bridge), s.growth)),
            "projection")
        results.run("new_clients_needed", lambda: churn.new_clients_needed(
            bridge.clients_curr, rate if rate is not None else _churn(bridge), s.growth),
            "new_clients_needed")
    shares = {"a_share": s.a_share, "b_share": s.b_share, "method": s.method}
    # the ABC analysis covers portfolio N (revenue above 0); the clients at 0 or below
    # are counted on their own line (abc_outside) and stay C in the Clients table
    results.run("abc_outside", lambda: abc.outside_portfolio(rev_curr), "abc_outside")
    results.run("abc", lambda: (
        _classes(rev_curr, abc.abc_classes(abc.in_portfolio(rev_curr), **shares)),
        abc.abc_limits(abc.in_portfolio(rev_curr), **shares),
        abc.abc_summary(abc.in_portfolio(rev_curr), **shares),
    ), "abc_class", "abc_limits", "abc_summary")
    results.run("abc_computed", lambda: abc.abc_limits(abc.in_portfolio(rev_curr),
                                                       method="computed"), "abc_computed")
    results.run("concentration", lambda: concentration(abc.in_portfolio(rev_curr), **shares),
                "concentration")
    results.run("potential", lambda: _scores(c, POTENTIAL_CRITERIA, s.weights_potential,
                                             s.level_cuts), "potential_score", "potential_level")
    results.run("risk", lambda: _scores(c, RISK_CRITERIA, s.weights_risk, s.level_cuts),
                "risk_score", "risk_level")
    results.run("share_of_wallet", lambda: _wallet(rev_curr, c["potential_revenue"]),
                "share_of_wallet", "untapped")
    if results.abc_class is not None and results.share_of_wallet is not None \
            and results.potential_level is not None and results.risk_level is not None:
        results.run("approach", lambda: pd.Series(potential.client_approach(
            results.abc_class.to_numpy(dtype=object), results.share_of_wallet.to_numpy(),
            results.potential_level.to_numpy(dtype=object),
            results.risk_level.to_numpy(dtype=object)), index=index, dtype=object),
            "approach")
    results.run("matrix", lambda: _matrix(data), "matrix", "signals", "abandon")


def _missing_prev(clients: pd.DataFrame, period: Period | None) -> XlsalesError | None:
    """Why N-1 cannot be compared, or None: no client has any revenue N-1 (a blank, not a
    0), which a ledger gives when it has no sale in N-1's window. The workbook's formulas
    test the same: COUNT of the revenue N-1 column is 0."""
    def known(column: str) -> bool:
        return bool(np.isfinite(to_numbers(clients[column].to_numpy(dtype=object),
                                           column)).any())

    if known("revenue_prev") or not known("revenue_curr"):  # an empty table lacks nothing
        return None
    if period is None:
        return XlsalesError("revenue_prev", "no_prev_revenue")
    return XlsalesError("N-1", "no_prev_period", period=period.prev_said())


def _classes(revenue: pd.Series, classes: Any) -> pd.Series:
    """The classes of portfolio N's clients, and C for a revenue N of 0 or below (the
    method's rule, which the Clients table's formula follows); blank for a blank."""
    numbers = to_numbers(revenue.to_numpy(dtype=object), "revenue_curr")
    out = pd.Series(np.asarray(classes, dtype=object), index=revenue.index, dtype=object)
    out[numbers <= 0] = "C"
    return out


def _cohorts(results: PlanResults, data: PlanData) -> None:
    """The ledger's cohorts and the churn the plan runs on (``plan.cohorts``); none
    without ledger lines, which is no problem (a template filled by hand has none)."""
    p = data.purchases
    if p is None or not len(p.dropna(how="all")):
        return
    results.run("cohorts", lambda: plan_cohorts(p, data.settings.year_curr), "cohorts")
    results.churn_choice = churn_choice(results.cohorts)


def _client_risk(results: PlanResults, data: PlanData) -> None:
    """Rhythm and risk over every client of the purchases (none: nothing to show), the
    clients at risk picked by the plan's classes and described by its approaches."""
    purchases = data.purchases.dropna(how="all")
    if purchases.empty:
        return
    keys = to_keys(data.clients["client"].to_numpy(dtype=object))

    def by_client(series: pd.Series | None) -> dict[Any, Any]:
        if series is None:
            return {}
        return {k: v for k, v in zip(keys, series.to_numpy(dtype=object), strict=True)
                if k is not None}

    results.run("clients_at_risk", lambda: client_risk(
        purchases, data.settings.today, abc_class=by_client(results.abc_class),
        approach=by_client(results.approach)), "client_risk")


def _churn(bridge: portfolio.PortfolioBridge) -> float:
    """The churn the projection and the new clients needed run on: the bridge's, or 0 when
    N-1 had no client (nobody to lose, as the template's formulas read a blank churn).

    Every client of N-1 lost is a churn of 1, which the method's formulas refuse (a rate
    is below 1): the figures built on it are blank, with a message that says why.
    """
    rate = bridge.churn_rate
    if not np.isfinite(rate):
        return 0.0
    if rate >= 1:
        raise XlsalesError("churn_rate", "all_lost", clients=bridge.clients_prev)
    return rate


def _half_life(bridge: portfolio.PortfolioBridge) -> float | None:
    """Years to lose half the clients (``math.inf``: never); None without clients in N-1."""
    if not np.isfinite(bridge.churn_rate):
        return None
    return float(churn.churn_half_life(_churn(bridge)))


def _wallet(revenue: pd.Series, potential_revenue: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Share of wallet and untapped potential; a net-negative client (credit notes above
    sales) bought nothing net, so it counts as 0 against its potential."""
    bought = pd.Series(np.clip(to_numbers(revenue, "revenue_curr"), 0, None),
                       index=revenue.index)
    return (pd.Series(potential.share_of_wallet(bought, potential_revenue), index=bought.index),
            pd.Series(potential.untapped_potential(bought, potential_revenue),
                      index=bought.index))


def _by_client(clients: pd.DataFrame, column: str) -> pd.Series:
    rows = clients[["client", column]].dropna(how="all")
    return pd.Series(rows[column].to_numpy(dtype=object),
                     index=rows["client"].to_numpy(dtype=object))


def _scores(clients: pd.DataFrame, criteria: tuple[str, ...], weights: tuple[float, ...],
            cuts: tuple[float, float]) -> tuple[pd.Series, pd.Series]:
    table = clients[list(criteria)].astype(object)
    scores = pd.Series(np.asarray(potential.weighted_score(table, list(weights)), dtype=float),
                       index=clients.index)
    levels = pd.Series(potential.score_level(scores.to_numpy(), cuts), index=clients.index,
                       dtype=object)
    return scores, levels


def matrix_year(data: PlanData) -> float:
    """The year the matrix adds up: year N, or the latest year of the sales when N is not
    set (as the Matrix sheet's ``fig_sales_year`` reads it); NaN when neither is known."""
    if data.settings.year_curr is not None:
        return float(data.settings.year_curr)
    years = pd.to_numeric(data.sales_rows()["year"], errors="coerce")
    return float(years.max()) if years.notna().any() else math.nan


def matrix_sales(data: PlanData) -> pd.DataFrame:
    """The sales rows of the matrix's year with a recorded measure (revenue, or margin
    when the measure says so), in the table's order."""
    sales = data.sales_rows()
    measure = "margin" if uses_margin(data.settings) else "revenue"
    year = matrix_year(data)
    years = pd.to_numeric(sales["year"], errors="coerce")
    kept = years.isna() if math.isnan(year) else years == year
    sold = sales[kept.to_numpy()]
    return sold[pd.notna(to_numbers(sold[measure], measure))].assign(
        amount=lambda f: to_numbers(f[measure], measure))


def uses_margin(s: PlanSettings) -> bool:
    """Whether the matrix adds up margin (the measure input says "margin"/"marge")."""
    return str(s.measure).lower().startswith("marg")


def _matrix(data: PlanData) -> tuple[Any, Any, Any]:
    """The segment × product matrix of year N from the sales rows (client × product),
    not from each client's main product: every sale in its own cell."""
    s = data.settings
    sold = matrix_sales(data)
    grid = matrix.segment_product_matrix(sold["segment"], sold["product"], sold["amount"])
    signals = matrix.matrix_signals(grid, s.win_share, s.develop_ratio, s.min_expected)
    risk = matrix.abandon_risk(sold["segment"], sold["product"], sold["amount"],
                               margins=sold["margin"], clients=sold["client"])
    return grid, signals, risk


def _prospects(results: PlanResults, data: PlanData) -> None:
    s, p = data.settings, data.prospects
    index = p.index

    def levels() -> tuple[pd.Series, pd.Series]:
        pot = potential.score_level(to_numbers(p["potential"], "potential"), s.level_cuts)
        acc = potential.score_level(to_numbers(p["accessibility"], "accessibility"),
                                    s.level_cuts)
        return (pd.Series(pot, index=index, dtype=object),
                pd.Series(acc, index=index, dtype=object))

    results.run("prospect_levels", levels, "prospect_potential_level", "prospect_access_level")
    if results.prospect_potential_level is None:
        return
    pot, acc = results.prospect_potential_level, results.prospect_access_level
    results.run("priority", lambda: pd.Series(qualification.priority(
        pot.to_numpy(dtype=object), acc.to_numpy(dtype=object)), index=index, dtype=object),
        "priority")
    if results.priority is not None:
        prio = results.priority.to_numpy(dtype=object)
        last = p["last_contact"].to_numpy(dtype=object)
        results.run("reminders", lambda: (
            pd.Series(qualification.next_contact(last, prio, s.intervals, s.today),
                      index=index, dtype=object),
            pd.Series(qualification.is_overdue(last, prio, s.today, s.intervals),
                      index=index, dtype=object),
        ), "next_contact", "overdue")
    results.run("completeness", lambda: pd.Series(
        np.asarray(qualification.completeness(_qualification_fields(p)), dtype=float),
        index=index), "completeness")
    names = (p["first_name"].fillna("").astype(str) + " " + p["name"].fillna("").astype(str))
    results.run("prospect_matrix", lambda: qualification.prospect_matrix(
        pot.to_numpy(dtype=object), acc.to_numpy(dtype=object),
        names.str.strip().to_numpy(dtype=object)), "prospect_matrix")
    sourced = p.dropna(subset=["source", "stage"], how="all")
    results.run("lead_sources", lambda: funnel.lead_source_yield(
        sourced["source"].to_numpy(dtype=object), sourced["stage"].to_numpy(dtype=object)),
        "lead_sources")


def _qualification_fields(prospects: pd.DataFrame) -> pd.DataFrame:
    """The prospects' qualification fields, under the keys ``completeness`` reads."""
    renamed = prospects.rename(columns={"last_purchase": "last_similar_purchase"})
    return renamed[list(qualification.FIELDS)]


def _team(results: PlanResults, data: PlanData) -> None:
    t = data.team
    q, o, e = (t[k].to_numpy(dtype=object) for k in ("quantity", "orientation", "efficiency"))
    results.run("activity", lambda: (
        pd.Series(activity.activity_index(q, o, e), index=t.index, dtype=float),
        activity.activity_lever(q, o, e),
    ), "activity_index", "lever")


def _funnel(results: PlanResults, data: PlanData) -> None:
    f, s = data.funnel, data.settings
    stages = f["stage"].to_numpy(dtype=object)
    counts = f["count"].to_numpy(dtype=object)
    results.run("funnel", lambda: (
        funnel.funnel_ratios(counts, stages),
        funnel.funnel_needed(s.funnel_target, counts, stages),
        funnel.funnel_weakest(counts, stages),
    ), "funnel_ratios", "funnel_needed", "funnel_weakest")


def _deals(results: PlanResults, data: PlanData) -> None:
    """The deals of year N (closed from 1 January to 31 December, or in the period's days
    of N), and the funnel of the CRM's pipeline, its won deals as the last stage (the
    method's "clients")."""
    d, s = data.deals, data.settings
    if d is None:
        return
    year = s.year_curr
    # the days of N: the period's window when a ledger gave one, else the calendar year
    start = (s.period.curr.start if s.period is not None else
             None if year is None else dt.date(int(year), 1, 1))
    end = (s.period.curr.end if s.period is not None else
           None if year is None else dt.date(int(year), 12, 31))

    def compute() -> deals_method.DealsAnalysis:
        found = deals_method.deals_analysis(
            d["outcome"], d["stage"], d["amount"], d["created"], d["closed"],
            probabilities=d["probability"], owners=d["owner"], sources=d["source"],
            names=d["name"], order=data.deal_order,
            start=start, end=end, today=s.today)
        won = found.funnel["stage"] == deals_method.WON_STAGE
        found.funnel.loc[won, "stage"] = "clients"
        return found

    results.run("deals", compute, "deals")


def _team_portfolio(results: PlanResults, data: PlanData) -> None:
    """Per salesperson: the portfolio of the lines they sold, their A clients (the plan's
    classes) and their deals' win rate."""
    if data.owner_revenue is None and results.deals is None:
        return
    classes = (dict(zip(data.clients["client"].astype(str), results.abc_class, strict=True))
               if results.abc_class is not None else None)
    rates = results.deals.by_owner if results.deals is not None else None
    results.run("team_portfolio", lambda: team_method.team_portfolio(
        data.owner_revenue, classes, rates), "team_portfolio")


def serve_settings(s: PlanSettings) -> serve.ServeSettings:
    """The cost-to-serve settings of the plan's settings (types in ``serve.TYPES`` order)."""
    budget = {cls: (s.cost_visits[i], s.cost_calls[i]) for i, cls in enumerate(serve.CLASSES)}
    remote = tuple(t for t, flag in zip(serve.TYPES, s.cost_remote, strict=True)
                   if str(flag).strip().lower() in ("yes", "oui", "y", "o", "true", "1"))
    return serve.ServeSettings(dict(zip(serve.TYPES, s.cost_minutes, strict=True)),
                               s.hourly_cost, s.visit_cost, remote, budget)


def _cost(results: PlanResults, data: PlanData) -> None:
    """Cost to serve: the clients of the table with their class, against the activities
    (or the planned budget when the activities table is empty)."""
    c = data.clients
    if results.abc_class is None:
        return
    clients = pd.DataFrame({
        "client": c["client"].to_numpy(dtype=object), "name": c["name"].to_numpy(dtype=object),
        "segment": c["segment"].to_numpy(dtype=object),
        "revenue": c["revenue_curr"].to_numpy(dtype=object),
        "margin": c["margin"].to_numpy(dtype=object),
        "abc_class": results.abc_class.to_numpy(dtype=object)})
    clients = clients[clients["client"].notna()]
    activities = data.activities.dropna(how="all")
    # neither activities nor a budget, like a missing prospect list, is not a problem:
    # the value side is computed, the resources side blank (source "none")
    results.run("cost", lambda: serve.cost_to_serve(
        clients, activities if len(activities) else None, serve_settings(data.settings),
        none_ok=True), "cost")

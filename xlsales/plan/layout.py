"""The template workbook's contract: its sheets, tables, columns and named cells.

The template generator writes this layout, the macros read and write through it, the
command line fills it, and the tests check against it. Nothing else hard-codes a sheet
name, a column header or a cell address: macros find their inputs and output areas by
Excel table names (``tblClients``) and workbook-level defined names (``xls_abc_a_share``),
which survive a user moving blocks around, renaming sheets or translating headers.

Table headers exist in English and French; a workbook in either language (or a mix, when
a user retitles a column) is read back to the same column keys. Headers avoid the
characters that structured references must escape (``[ ] # '``: French elisions use the
typographic apostrophe ’), so formulas such as ``tblClients[[#This Row],[CA N]]`` stay
plain in both Excel and LibreOffice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from xlsales.common.lang import check_lang, label_key
from xlsales.common.text import excel_number_format, excel_percent_format

# --- sheets ------------------------------------------------------------------------

SHEETS: dict[str, dict[str, str]] = {
    "guide": {"en": "Guide", "fr": "Guide"},
    "clients": {"en": "Clients", "fr": "Clients"},
    "portfolio": {"en": "Portfolio", "fr": "Portefeuille"},
    "cohorts": {"en": "Cohorts", "fr": "Cohortes"},
    "abc": {"en": "ABC", "fr": "ABC"},
    "potential": {"en": "Potential", "fr": "Potentiel"},
    "matrix": {"en": "Matrix", "fr": "Matrice"},
    "sales": {"en": "Sales", "fr": "Ventes"},
    "funnel": {"en": "Funnel", "fr": "Entonnoir"},
    "qualification": {"en": "Qualification", "fr": "Qualification"},
    "activity": {"en": "Activity", "fr": "Activité"},
    "cost": {"en": "Cost to serve", "fr": "Coût de service"},
    "plan": {"en": "Plan", "fr": "Plan d'action"},
    "risk": {"en": "Clients at risk", "fr": "Clients à risque"},
    "purchases": {"en": "Purchases", "fr": "Achats"},
}


def sheet_name(key: str, lang: str = "en") -> str:
    """The sheet's name in the workbook's language."""
    return SHEETS[key][check_lang(lang)]


# --- tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an Excel table.

    ``kind`` is "input" (the user's data), "formula" (a calculated column holding a native
    Excel formula, which Excel extends to new rows by itself) or "output" (values written
    by xlsales' Python; a macro may overwrite these and nothing else in a table).
    """

    key: str
    en: str
    fr: str
    kind: str = "input"
    number_format: str | None = None

    def header(self, lang: str = "en") -> str:
        return self.fr if check_lang(lang) == "fr" else self.en


@dataclass(frozen=True)
class Table:
    name: str
    sheet: str
    columns: tuple[Column, ...]
    required: tuple[str, ...] = field(default=())
    # a table older workbooks lack: a button reads it as empty, with a note
    optional: bool = False

    def keys(self, kind: str | None = None) -> list[str]:
        return [c.key for c in self.columns if kind is None or c.kind == kind]

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def match_headers(self, headers: Iterable[object]) -> dict[int, str]:
        """Map each header position that names one of our columns (in either language)."""
        labels = {c.key: {"en": c.en, "fr": c.fr} for c in self.columns}
        found: dict[int, str] = {}
        for position, header in enumerate(headers):
            key = label_key(labels, header)
            if key is not None and key not in found.values():
                found[position] = key
        return found


MONEY = excel_number_format(0)
SHARE = excel_percent_format()  # the decimals common.text writes a percent with
SCORE = "0.00"
DATE = "yyyy-mm-dd"

# The seven scoring criteria of a client (METHOD.md §3-4), 1 to 5: one vocabulary for the
# Clients table's columns, the analysis' weighted scores and the client files a user gives.
POTENTIAL_CRITERIA = ("pot_size", "pot_competition", "pot_sector", "pot_suppliers")
RISK_CRITERIA = ("risk_reliability", "risk_finance", "risk_competitors")

CLIENTS = Table(
    "tblClients",
    "clients",
    (
        Column("client", "Client code", "Code client"),
        Column("name", "Client name", "Nom du client"),
        Column("segment", "Segment", "Segment"),
        Column("product", "Main product", "Produit principal"),
        Column("revenue_prev", "Revenue N-1", "CA N-1", number_format=MONEY),
        Column("revenue_curr", "Revenue N", "CA N", number_format=MONEY),
        Column("margin", "Margin N", "Marge N", number_format=MONEY),
        Column("pot_size", "Size (1-5)", "Taille (1-5)"),
        Column("pot_competition", "Competition (1-5)", "Concurrence (1-5)"),
        Column("pot_sector", "Sector trend (1-5)", "Évolution du secteur (1-5)"),
        Column("pot_suppliers", "Supplier policy (1-5)", "Politique fournisseurs (1-5)"),
        Column("risk_reliability", "Reliability (1-5)", "Fiabilité (1-5)"),
        Column("risk_finance", "Financial health (1-5)", "Santé financière (1-5)"),
        Column("risk_competitors", "Competitor position (1-5)", "Position des concurrents (1-5)"),
        Column("potential_revenue", "Potential revenue", "CA potentiel", number_format=MONEY),
        Column("status", "Status N-1 → N", "Statut N-1 → N", "formula"),
        Column("abc_class", "ABC class", "Classe ABC", "formula"),
        Column("potential_score", "Potential score", "Score potentiel", "formula", SCORE),
        Column("potential_level", "Potential level", "Niveau de potentiel", "formula"),
        Column("risk_score", "Risk score", "Score risque", "formula", SCORE),
        Column("risk_level", "Risk level", "Niveau de risque", "formula"),
        Column("share_of_wallet", "Share of wallet", "Part de client", "formula", SHARE),
        Column("untapped", "Untapped potential", "Potentiel inexploité", "formula", MONEY),
        Column("approach", "Approach", "Approche", "formula"),
        # the rhythm (issue 14): native formulas over tblPurchases, as of xls_risk_today;
        # the usual gap (a median of gaps) and the model's figures are the core's values
        Column("last_purchase", "Last purchase", "Dernier achat", "formula", DATE),
        Column("days_since", "Days since last purchase", "Jours depuis le dernier achat",
               "formula"),
        Column("purchase_days", "Purchase days", "Jours d’achat", "formula"),
        Column("mean_amount", "Average purchase", "Achat moyen", "formula", MONEY),
        Column("usual_gap", "Usual gap (days)", "Écart habituel (jours)", "output", "0.0"),
        Column("late", "Late", "En retard", "formula"),
        Column("revenue_12m", "Revenue last 12 months", "CA des 12 derniers mois", "formula",
               MONEY),
        Column("p_alive", "Probability of still buying", "Probabilité d’achat futur",
               "output", SHARE),
        Column("expected_12m", "Expected purchase days next 12 months",
               "Jours d’achat attendus sur 12 mois", "output", "0.0"),
        Column("revenue_at_risk", "Revenue at risk", "CA à risque", "output", MONEY),
    ),
    required=("client",),
)

PROSPECTS = Table(
    "tblProspects",
    "qualification",
    (
        Column("name", "Name", "Nom"),
        Column("first_name", "First name", "Prénom"),
        Column("job_title", "Job title", "Fonction"),
        Column("email", "Email", "E-mail"),
        Column("company", "Company", "Société"),
        Column("project", "Project", "Projet"),
        Column("last_purchase", "Last similar purchase", "Dernier achat similaire",
               number_format=DATE),
        Column("potential", "Potential (1-5)", "Potentiel (1-5)"),
        Column("accessibility", "Accessibility (1-5)", "Accessibilité (1-5)"),
        Column("last_contact", "Last contact", "Dernier contact", number_format=DATE),
        Column("source", "Lead source", "Source"),
        Column("stage", "Stage reached", "Étape atteinte"),
        Column("potential_level", "Potential level", "Niveau de potentiel", "formula"),
        Column("access_level", "Accessibility level", "Niveau d’accessibilité", "formula"),
        Column("priority", "Priority", "Priorité", "formula"),
        Column("next_contact", "Next contact", "Prochain contact", "formula", DATE),
        Column("overdue", "Overdue", "En retard", "formula"),
        Column("completeness", "Completeness", "Complétude", "formula", SHARE),
    ),
    required=("name",),
)

TEAM = Table(
    "tblTeam",
    "activity",
    (
        Column("salesperson", "Salesperson", "Commercial"),
        Column("quantity", "Quantity (0-10)", "Quantité (0-10)"),
        Column("orientation", "Orientation (0-10)", "Orientation (0-10)"),
        Column("efficiency", "Efficiency (0-10)", "Efficacité (0-10)"),
        Column("index", "Activity index", "Indice d’activité", "formula"),
        Column("lever", "Lever to pull first", "Levier prioritaire", "formula"),
        Column("gain", "Gain of +1 on it", "Gain de +1 sur ce levier", "formula", SHARE),
    ),
    required=("salesperson",),
)

FUNNEL = Table(
    "tblFunnel",
    "funnel",
    (
        Column("stage", "Stage", "Étape"),
        Column("count", "Count", "Nombre"),
        Column("step_conversion", "From previous stage", "Depuis l’étape précédente",
               "formula", SHARE),
        Column("cumulative_conversion", "From the top", "Depuis le haut", "formula", SHARE),
        Column("needed", "Needed for the target", "Nécessaires pour l’objectif", "formula"),
    ),
    required=("stage", "count"),
)

# The team's activities from the CRM (issue 17): what each client costs to serve.
ACTIVITIES = Table(
    "tblActivities",
    "cost",
    (
        Column("client", "Client", "Client"),
        Column("date", "Date", "Date", number_format=DATE),
        Column("type", "Type", "Type"),
        Column("duration", "Duration (min)", "Durée (min)"),
        Column("owner", "Owner", "Responsable"),
        Column("minutes", "Minutes counted", "Minutes comptées", "formula"),
        Column("abc_class", "Client class", "Classe du client", "formula"),
        Column("cost", "Cost", "Coût", "formula", MONEY),
    ),
    required=("client",),
)

# The ledger's sales by client × product × year (issue 11): what the Matrix sheet's
# SUMIFS add up, so its cells are the lines' own sums. The segment is the client's (the
# Clients table's), carried on each row so that no formula needs a lookup.
SALES = Table(
    "tblSales",
    "sales",
    (
        Column("client", "Client code", "Code client"),
        Column("segment", "Segment", "Segment"),
        Column("product", "Product", "Produit"),
        Column("year", "Year", "Année", number_format="0"),
        Column("revenue", "Revenue", "CA", number_format=MONEY),
        Column("margin", "Margin", "Marge", number_format=MONEY),
    ),
    required=("client",),
)

# A CRM's deals (issue 13): the funnel's stage counts, win rate, pipeline and cycle come
# from them when the table has rows. Status is won, lost or open in the workbook's
# language (``DEAL_STATUS``); a lost deal keeps the stage where it was lost, when known.
DEALS = Table(
    "tblDeals",
    "funnel",
    (
        Column("name", "Deal", "Affaire"),
        Column("stage", "Stage", "Étape"),
        Column("status", "Status", "Statut"),
        Column("amount", "Amount", "Montant", number_format=MONEY),
        Column("probability", "Probability", "Probabilité", number_format=SHARE),
        Column("owner", "Owner", "Responsable"),
        Column("source", "Lead source", "Source"),
        Column("created", "Created", "Date de création", number_format=DATE),
        Column("closed", "Closed", "Date de clôture", number_format=DATE),
        Column("cycle", "Days to win", "Jours jusqu’au gain", "formula"),
        Column("age", "Days open", "Jours ouverte", "formula"),
        Column("weighted", "Weighted amount", "Montant pondéré", "formula", MONEY),
    ),
    required=("stage",),
)
DEAL_STATUS = {"won": {"en": "won", "fr": "gagnée"}, "lost": {"en": "lost", "fr": "perdue"},
               "open": {"en": "open", "fr": "en cours"}}

# Who sold what (issue 13): per salesperson and client, revenue N-1 and N, from a ledger's
# owner column; the team's portfolio block is computed from it.
TEAM_SALES = Table(
    "tblTeamSales",
    "activity",
    (
        Column("salesperson", "Salesperson", "Commercial"),
        Column("client", "Client code", "Code client"),
        Column("revenue_prev", "Revenue N-1", "CA N-1", number_format=MONEY),
        Column("revenue_curr", "Revenue N", "CA N", number_format=MONEY),
    ),
    required=("salesperson", "client"),
)

# The ledger netted per client and day (issue 14): what the rhythm formulas read.
PURCHASES = Table(
    "tblPurchases",
    "purchases",
    (
        Column("client", "Client", "Client"),
        Column("date", "Date", "Date", number_format=DATE),
        Column("amount", "Net amount of the day", "Montant net du jour", number_format=MONEY),
        Column("salesperson", "Salesperson", "Commercial"),
    ),
    required=("client", "date", "amount"),
    optional=True,
)

TABLES: dict[str, Table] = {t.name: t for t in (CLIENTS, PROSPECTS, TEAM, FUNNEL,
                                                ACTIVITIES, SALES, DEALS, TEAM_SALES,
                                                PURCHASES)}


# --- defined names -----------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A workbook-level defined name and what it holds.

    ``kind`` is "input" (a parameter the user sets), "formula" (native formulas the
    generator writes), "output" (a block xlsales' Python writes: the only cells outside
    tables a macro may change) or "report" (a block Python writes when it makes the
    workbook from a ledger: the ledger's cohorts; the template's tables do not hold the
    ledger's lines, so no button rewrites it, and a refresh leaves it as the report made
    it). A Python-written block is ``rows`` × ``cols`` cells from the
    name's top-left cell; ``rows`` is the most a list may grow to.
    """

    name: str
    sheet: str
    kind: str
    rows: int = 1
    cols: int = 1
    en: str = ""
    fr: str = ""


# The retention triangles' size: the latest cohorts and the first periods after them
COHORT_ROWS = 20
COHORT_PERIODS = 20
TEAM_ROWS = 50  # salespeople the team's portfolio block shows
DEAL_STAGES = 12  # open stages the deals' stage table shows

AREAS: tuple[Area, ...] = (
    # parameters
    Area("xls_year_curr", "portfolio", "input", en="Year N", fr="Année N"),
    Area("xls_churn_years", "portfolio", "input", en="Projection years",
         fr="Années de projection"),
    Area("xls_growth", "portfolio", "input", en="Target growth of the portfolio",
         fr="Croissance visée du portefeuille"),
    Area("xls_abc_a_share", "abc", "input", en="A limit (cumulative share of revenue)",
         fr="Limite A (part cumulée du CA)"),
    Area("xls_abc_b_share", "abc", "input", en="B limit (cumulative share of revenue)",
         fr="Limite B (part cumulée du CA)"),
    Area("xls_abc_method", "abc", "input", en="Method (pareto or computed)",
         fr="Méthode (pareto ou calculée)"),
    Area("xls_weights_potential", "potential", "input", rows=4,
         en="Weights of the potential criteria", fr="Poids des critères de potentiel"),
    Area("xls_weights_risk", "potential", "input", rows=3,
         en="Weights of the risk criteria", fr="Poids des critères de risque"),
    Area("xls_level_cuts", "potential", "input", rows=2,
         en="Level cut-offs (level 1 from, level 2 from)",
         fr="Seuils de niveau (niveau 1 dès, niveau 2 dès)"),
    Area("xls_matrix_measure", "matrix", "input", en="Measure (revenue or margin)",
         fr="Mesure (CA ou marge)"),
    Area("xls_matrix_segments", "matrix", "output", rows=40,
         en="Segments (matrix rows)", fr="Segments (lignes de la matrice)"),
    Area("xls_matrix_products", "matrix", "output", cols=25,
         en="Products (matrix columns)", fr="Produits (colonnes de la matrice)"),
    Area("xls_matrix_other_segments", "matrix", "output",
         en="Other segments (the matrix's last row)",
         fr="Autres segments (dernière ligne de la matrice)"),
    Area("xls_matrix_other_products", "matrix", "output",
         en="Other products (the matrix's last column)",
         fr="Autres produits (dernière colonne de la matrice)"),
    Area("xls_matrix_note", "matrix", "output",
         en="What Other holds", fr="Ce que contient Autres"),
    Area("xls_win_share", "matrix", "input", en="Winning cell: share of the total from",
         fr="Combinaison gagnante : part du total dès"),
    Area("xls_develop_ratio", "matrix", "input", en="To develop: at most this share of expected",
         fr="À développer : au plus cette part de l'attendu"),
    Area("xls_min_expected", "matrix", "input", en="To develop: expected from (share of total)",
         fr="À développer : attendu dès (part du total)"),
    Area("xls_funnel_target", "funnel", "input", en="Target of new clients",
         fr="Objectif de nouveaux clients"),
    Area("xls_intervals", "qualification", "input", rows=5,
         en="Days to next contact, priority 1 to 5", fr="Jours avant recontact, priorité 1 à 5"),
    Area("xls_today", "qualification", "input", en="Reference date (blank = today)",
         fr="Date de référence (vide = aujourd'hui)"),
    Area("xls_cost_minutes", "cost", "input", rows=5,
         en="Minutes of an activity left blank: visit, meeting, call, e-mail, other",
         fr="Minutes d'une activité sans durée : visite, rendez-vous, appel, e-mail, autre"),
    Area("xls_cost_remote", "cost", "input", rows=5,
         en="Remote type (yes or no): visit, meeting, call, e-mail, other",
         fr="Type à distance (oui ou non) : visite, rendez-vous, appel, e-mail, autre"),
    Area("xls_hourly_cost", "cost", "input", en="Hourly cost of the team",
         fr="Coût horaire de l'équipe"),
    Area("xls_visit_cost", "cost", "input", en="Fixed cost per visit (travel)",
         fr="Coût fixe par visite (déplacement)"),
    Area("xls_cost_visits", "cost", "input", rows=3,
         en="Planned visits per client a year, classes A, B, C (without activities)",
         fr="Visites prévues par client et par an, classes A, B, C (sans activités)"),
    Area("xls_cost_calls", "cost", "input", rows=3,
         en="Planned calls per client a year, classes A, B, C (without activities)",
         fr="Appels prévus par client et par an, classes A, B, C (sans activités)"),
    # blocks written by Python (macros, generator, report)
    Area("xls_status", "guide", "output", cols=2, en="Last refresh", fr="Dernière mise à jour"),
    Area("xls_abc_computed", "abc", "output", rows=6, cols=3,
         en="Computed ABC limits (Ultsch & Lötsch)", fr="Limites ABC calculées (Ultsch & Lötsch)"),
    Area("xls_gini", "abc", "output", cols=2, en="Gini coefficient (written by xlsales)",
         fr="Coefficient de Gini (écrit par xlsales)"),
    Area("xls_lost_list", "portfolio", "output", rows=500, cols=3,
         en="Lost clients, largest first", fr="Clients perdus, les plus gros d'abord"),
    Area("xls_new_list", "portfolio", "output", rows=500, cols=3,
         en="New clients, largest first", fr="Nouveaux clients, les plus gros d'abord"),
    Area("xls_matrix_cells", "qualification", "output", rows=3, cols=3,
         en="Prospects in each cell of the matrix", fr="Prospects dans chaque case de la matrice"),
    Area("xls_overdue_list", "qualification", "output", rows=500, cols=5,
         en="Overdue reminders", fr="Relances en retard"),
    Area("xls_team_advice", "activity", "output", rows=100, cols=3,
         en="Coaching plan", fr="Plan de coaching"),
    Area("xls_team_names", "activity", "output", rows=TEAM_ROWS,
         en="Portfolio per salesperson: names", fr="Portefeuille par commercial : noms"),
    Area("xls_team_figures", "activity", "output", rows=TEAM_ROWS, cols=9,
         en="Portfolio per salesperson: figures", fr="Portefeuille par commercial : chiffres"),
    Area("xls_deal_stages", "funnel", "output", rows=DEAL_STAGES,
         en="Stages of the deals, in pipeline order",
         fr="Étapes des affaires, dans l'ordre du pipeline"),
    Area("xls_deal_groups", "funnel", "output", rows=30, cols=4,
         en="Win rate per owner and per lead source",
         fr="Taux de transformation par responsable et par source"),
    Area("xls_deal_stalled", "funnel", "output", rows=20, cols=5,
         en="Stalled deals, oldest first", fr="Affaires en sommeil, les plus anciennes d'abord"),
    Area("xls_cost_segments", "cost", "output", rows=30, cols=8,
         en="Cost to serve per segment", fr="Coût de service par segment"),
    Area("xls_cost_people", "cost", "output", rows=30, cols=8,
         en="Cost to serve per salesperson", fr="Coût de service par commercial"),
    Area("xls_cost_findings", "cost", "output", rows=100, cols=4,
         en="Clients served at a loss, A clients with no activity, clients not in the ledger",
         fr="Clients servis à perte, clients A sans activité, clients absents du grand livre"),
    # the ledger's cohorts (issue 14), "report" blocks: from the ledger's lines
    Area("xls_churn_measured", "portfolio", "report", cols=2,
         en="Measured churn the projection uses, and where it comes from",
         fr="Attrition mesurée utilisée par la projection, et sa source"),
    Area("xls_cohort_churn", "cohorts", "report", en="Measured yearly churn",
         fr="Attrition annuelle mesurée"),
    Area("xls_cohort_per_year", "cohorts", "report",
         en="Periods a year (1: yearly cohorts, 4: quarterly)",
         fr="Périodes par an (1 : cohortes annuelles, 4 : trimestrielles)"),
    Area("xls_cohort_notes", "cohorts", "report", rows=6,
         en="The measured churn against the method", fr="L'attrition mesurée face à la méthode"),
    Area("xls_cohort_retention", "cohorts", "report", rows=COHORT_ROWS + 1,
         cols=COHORT_PERIODS + 2, en="Share of each cohort's clients still buying",
         fr="Part des clients de chaque cohorte qui achètent encore"),
    Area("xls_cohort_revenue", "cohorts", "report", rows=COHORT_ROWS + 1,
         cols=COHORT_PERIODS + 2, en="Revenue each cohort keeps against its first period",
         fr="CA que garde chaque cohorte par rapport à sa première période"),
    Area("xls_plan_actions", "plan", "output", rows=30, cols=2,
         en="Actions for the plan", fr="Actions pour le plan"),
    Area("xls_risk_note", "risk", "output", rows=3, cols=1,
         en="How the clients at risk were chosen", fr="Comment les clients à risque sont choisis"),
    Area("xls_risk_list", "risk", "output", rows=300, cols=12,
         en="A and B clients at risk, largest revenue at risk first",
         fr="Clients A et B à risque, le plus gros CA à risque d'abord"),
    # the day the rhythm formulas count to: the reference date, else the last purchase
    Area("xls_risk_today", "purchases", "formula", en="As of", fr="Au"),
)

AREA_BY_NAME: dict[str, Area] = {a.name: a for a in AREAS}


def output_areas() -> list[Area]:
    """The blocks outside tables that Python may write: everything else is the user's."""
    return [a for a in AREAS if a.kind == "output"]


# --- buttons -----------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    """A one-click operation: the VBA sub a button calls, the Python it runs, its caption,
    and what it reads and writes. Declared here once; the VBA project, the Lite scripts,
    the macros, the sheets' captions and the command line's ``run`` derive from it.

    The sub is ``Sub <vba_sub>() RunPython "import xlsales.macros; xlsales.macros.<macro>()"``
    (xlwings' BSD-licensed RunPython), so the button's business logic stays in Python.
    ``areas`` are the output areas it writes (besides ``xls_status``), ``tables`` and
    ``settings`` what it reads, ``analyses`` the plan analyses whose row problems stop it
    (None: all of them); ``doc`` says what it does, for the function's docstring.
    """

    macro: str
    vba_sub: str
    sheet: str
    en: str
    fr: str
    areas: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    analyses: tuple[str, ...] | None = ()
    doc: str = ""

    def caption(self, lang: str = "en") -> str:
        """The text on the button (and wherever a sheet tells the user to press it)."""
        return self.fr if check_lang(lang) == "fr" else self.en

    @property
    def script(self) -> str:
        """The xlwings Lite script's name: ``xlsales_refresh_all``."""
        return f"xlsales_{self.macro}"


_QUALIFICATION_SETTINGS = ("xls_level_cuts", "xls_intervals", "xls_today")

BUTTONS: tuple[Button, ...] = (
    Button("refresh_portfolio", "XlsalesRefreshPortfolio", "portfolio",
           "Refresh the portfolio", "Actualiser le portefeuille",
           areas=("xls_lost_list", "xls_new_list"), tables=("tblClients",),
           analyses=("status", "portfolio"),
           doc="Lost and new clients, largest first (Portfolio sheet)."),
    Button("refresh_abc", "XlsalesRefreshAbc", "abc",
           "Refresh the ABC analysis", "Actualiser l'analyse ABC",
           areas=("xls_abc_computed", "xls_gini"), tables=("tblClients",),
           analyses=("abc_computed", "concentration"),
           doc="The computed ABC limits (ABC sheet), which the class formulas read when "
               "the method is \"computed\"."),
    Button("refresh_matrix", "XlsalesRefreshMatrix", "matrix",
           "Rebuild the matrix", "Reconstruire la matrice",
           areas=("xls_matrix_segments", "xls_matrix_products", "xls_matrix_other_segments",
                  "xls_matrix_other_products", "xls_matrix_note"),
           tables=("tblClients", "tblSales"),
           doc="The matrix's rows and columns: tblSales' segments and products, the "
               "smallest past 40 × 25 grouped in Other (Matrix sheet)."),
    Button("refresh_qualification", "XlsalesRefreshQualification", "qualification",
           "Place prospects, list reminders", "Placer les prospects, lister les relances",
           areas=("xls_matrix_cells", "xls_overdue_list"), tables=("tblProspects",),
           settings=_QUALIFICATION_SETTINGS,
           analyses=("prospect_levels", "priority", "reminders", "prospect_matrix"),
           doc="Prospects placed in the potential × accessibility matrix, and overdue "
               "reminders (Qualification sheet)."),
    Button("refresh_activity", "XlsalesRefreshActivity", "activity",
           "Refresh the team plan", "Actualiser le plan d'équipe",
           areas=("xls_team_advice",), tables=("tblTeam",), analyses=("activity",),
           doc="Each salesperson's lever and what +1 point on it gives (Activity sheet)."),
    Button("refresh_funnel", "XlsalesRefreshFunnel", "funnel",
           "Refresh the funnel from the deals", "Actualiser l'entonnoir depuis les affaires",
           areas=("xls_deal_stages", "xls_deal_groups", "xls_deal_stalled"),
           tables=("tblFunnel", "tblDeals"),
           settings=("xls_year_curr", "xls_today", "xls_funnel_target"),
           analyses=("deals", "funnel"),
           doc="The deals' stages in pipeline order, win rates per owner and per source and "
               "the stalled deals, from tblDeals when it has rows, else from the typed "
               "funnel (Funnel sheet); the status says which."),
    Button("refresh_team", "XlsalesRefreshTeam", "activity",
           "Refresh the team's portfolio", "Actualiser le portefeuille par commercial",
           areas=("xls_team_names", "xls_team_figures"),
           tables=("tblClients", "tblTeamSales", "tblDeals"),
           settings=("xls_year_curr", "xls_abc_a_share", "xls_abc_b_share", "xls_abc_method",
                     "xls_today"),
           analyses=("abc", "deals", "team_portfolio"),
           doc="Per salesperson: clients N-1 and N, lost, new, revenue, churn, A clients and "
               "win rate, from tblTeamSales and tblDeals, beside the activity index (Activity "
               "sheet)."),
    Button("refresh_risk", "XlsalesRefreshRisk", "risk",
           "Refresh the clients at risk", "Actualiser les clients à risque",
           areas=("xls_risk_note", "xls_risk_list"), tables=("tblClients", "tblPurchases"),
           settings=("xls_abc_a_share", "xls_abc_b_share", "xls_abc_method",
                     "xls_weights_potential", "xls_weights_risk", "xls_level_cuts",
                     "xls_today"),
           analyses=("clients_at_risk",),
           doc="The A and B clients most likely lost, largest revenue at risk first "
               "(Clients at risk sheet), from tblPurchases as of the reference date."),
    Button("refresh_all", "XlsalesRefreshAll", "plan",
           "Refresh everything (annual plan)", "Tout actualiser (plan annuel)",
           areas=("xls_lost_list", "xls_new_list", "xls_abc_computed", "xls_gini",
                  "xls_matrix_segments", "xls_matrix_products", "xls_matrix_other_segments",
                  "xls_matrix_other_products", "xls_matrix_note", "xls_matrix_cells",
                  "xls_overdue_list", "xls_team_advice", "xls_cost_segments",
                  "xls_cost_people", "xls_cost_findings", "xls_plan_actions",
                  "xls_team_names", "xls_team_figures", "xls_deal_stages", "xls_deal_groups",
                  "xls_deal_stalled", "xls_risk_note", "xls_risk_list"),
           tables=tuple(TABLES), settings=tuple(a.name for a in AREAS if a.kind == "input"),
           analyses=None,
           doc="Every area above and the annual action plan (Plan sheet)."),
)
BUTTON_BY_MACRO: dict[str, Button] = {b.macro: b for b in BUTTONS}


def button(name: str) -> Button:
    """The button whose macro or VBA sub is ``name`` (any case; "refresh-all" as a
    command line user may type it)."""
    from xlsales.common.errors import XlsalesError

    wanted = str(name).strip().replace("-", "_").casefold()
    for candidate in BUTTONS:
        if wanted in (candidate.macro.casefold(), candidate.vba_sub.casefold()):
            return candidate
    raise XlsalesError("macro", "choice", value=name,
                       choices=", ".join(b.macro for b in BUTTONS))


def caption(macro: str, lang: str = "en") -> str:
    """The caption of the button running ``macro``: what a sheet tells the user to press."""
    return BUTTON_BY_MACRO[macro].caption(lang)


def macro_name(name: str) -> str:
    """The Python name of a button's macro, from it or its VBA sub's name (``button``)."""
    return button(name).macro

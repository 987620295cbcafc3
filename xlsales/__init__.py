"""xlsales: a sales manager's customer-portfolio method, computed on plain Python values.

The analyses of the method (docs/method.md) live one per module (portfolio, abc,
potential, matrix, churn, funnel, qualification, activity); this package exposes their
public functions. Nothing here touches Excel: the cell formulas (``xlsales_udfs``), the
buttons and the command line are thin layers over these functions. Each module keeps its
user-facing words in its own ``LABELS`` table (``xlsales.method.abc.LABELS``...), in
English and French.
"""

from xlsales.common.errors import XlsalesError
from xlsales.common.lang import LANGS, check_lang
from xlsales.method.abc import (
    AbcLimits,
    RankedRevenue,
    abc_classes,
    abc_limits,
    abc_summary,
    ranked_revenue,
)
from xlsales.method.activity import ActivityChange, activity_gain, activity_index, activity_lever
from xlsales.method.churn import churn_half_life, churn_projection, churn_rate, new_clients_needed
from xlsales.method.computed_abc import ComputedLimits, abc_curve, computed_limits
from xlsales.method.concentration import Concentration, concentration
from xlsales.method.funnel import (
    FunnelStep,
    funnel_needed,
    funnel_ratios,
    funnel_weakest,
    lead_source_yield,
    stage_label,
)
from xlsales.method.matrix import (
    AbandonRisk,
    MatrixSignals,
    SegmentMatrix,
    abandon_risk,
    matrix_signals,
    segment_product_matrix,
)
from xlsales.method.portfolio import PortfolioBridge, portfolio_bridge, portfolio_from_ledger
from xlsales.method.potential import (
    client_approach,
    score_level,
    share_of_wallet,
    to_levels,
    untapped_potential,
    weighted_score,
)
from xlsales.method.qualification import (
    ProspectMatrix,
    completeness,
    is_overdue,
    next_contact,
    priority,
    prospect_matrix,
)

__version__ = "0.2.0"

__all__ = [
    "LANGS",
    "AbandonRisk",
    "AbcLimits",
    "ActivityChange",
    "ComputedLimits",
    "Concentration",
    "FunnelStep",
    "MatrixSignals",
    "PortfolioBridge",
    "ProspectMatrix",
    "RankedRevenue",
    "SegmentMatrix",
    "XlsalesError",
    "__version__",
    "abandon_risk",
    "abc_classes",
    "abc_curve",
    "abc_limits",
    "abc_summary",
    "activity_gain",
    "activity_index",
    "activity_lever",
    "check_lang",
    "churn_half_life",
    "churn_projection",
    "churn_rate",
    "client_approach",
    "completeness",
    "computed_limits",
    "concentration",
    "funnel_needed",
    "funnel_ratios",
    "funnel_weakest",
    "is_overdue",
    "lead_source_yield",
    "matrix_signals",
    "new_clients_needed",
    "next_contact",
    "portfolio_bridge",
    "portfolio_from_ledger",
    "priority",
    "prospect_matrix",
    "ranked_revenue",
    "score_level",
    "segment_product_matrix",
    "share_of_wallet",
    "stage_label",
    "to_levels",
    "untapped_potential",
    "weighted_score",
]

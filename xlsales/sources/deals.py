"""Reading a CRM's deals (opportunities) export: Salesforce, HubSpot, Pipedrive, Odoo CRM,
Sellsy, Axonaut, by their default labels (``exports.FAMILIES``) in French or English.

The export's words become the analysis' keys here:
- the **outcome** is the status column when there is one (Pipedrive's "won / lost /
  open", Sellsy's "Gagnée / Perdue"), else the stage's words ("Closed Won", "Fermée
  gagnée", "Won", "Gagné"; "Closed Lost", "Perdu"); anything else is open;
- a lost deal keeps its stage when the export has a status column (the stage where it was
  lost); when its stage is the closing word itself ("Closed Lost"), its stage is unknown;
- the pipeline order is the CRM's default pipeline (``PIPELINES``) for the stages it
  knows; ``method.deals.pipeline_order`` places the others;
- a probability reads as a share: 0.8, "80%" or 80 (Salesforce's "Probability (%)").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlsales.common.errors import XlsalesError
from xlsales.common.values import to_share
from xlsales.sources.exports import FAMILIES
from xlsales.sources.files import Progress, header_key
from xlsales.sources.ledger import Field, FileLines, read_table

__all__ = ["DEAL_FIELDS", "LOST_WORDS", "PIPELINES", "WON_WORDS", "deal_outcomes",
           "read_deals"]


def _aliases(key: str, *extra: str) -> tuple[str, ...]:
    names = [n for f in FAMILIES if f.kind == "deals" for n in f.columns.get(key, ())]
    return tuple(dict.fromkeys([*names, *extra]))


DEAL_FIELDS = (
    Field("name", "text", _aliases("name", "deal", "affaire", "opportunité", "opportunity",
                                   "nom", "name", "title")),
    Field("stage", "text", _aliases("stage", "étape", "phase", "stage"), True),
    Field("status", "text", _aliases("status", "statut", "status", "état", "state")),
    Field("amount", "number", _aliases("amount", "montant", "valeur", "value", "amount")),
    Field("probability", "text", _aliases("probability", "probabilité", "probability")),
    Field("closed", "date", _aliases("closed", "date de clôture", "close date",
                                     "closed date")),
    Field("created", "date", _aliases("created", "date de création", "created date",
                                      "create date", "created")),
    Field("owner", "text", _aliases("owner", "commercial", "vendeur", "représentant",
                                    "salesperson", "sales rep", "owner", "deal owner",
                                    "account owner")),
    Field("source", "text", _aliases("source", "lead source", "source", "origine")),
    Field("account", "text", _aliases("account", "account name", "company", "société",
                                      "client", "customer")),
)

WON_WORDS = ("closed won", "won", "gagné", "gagnée", "gagne", "fermée gagnée",
             "fermé gagné", "conclue gagnée", "signé", "signée")
LOST_WORDS = ("closed lost", "lost", "perdu", "perdue", "fermée perdue", "fermé perdu",
              "conclue perdue", "abandonné", "abandonnée")
_WON = {header_key(w) for w in WON_WORDS}
_LOST = {header_key(w) for w in LOST_WORDS}
_OPEN = {header_key(w) for w in ("open", "ouvert", "ouverte", "en cours")}

# The default pipelines, first stage first (the closing stages left out)
PIPELINES = (
    ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
     "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
     "Negotiation/Review"),  # Salesforce
    ("Prospection", "Qualification", "Analyse des besoins", "Proposition de valeur",
     "Identification des décideurs", "Analyse de perception", "Proposition/Devis",
     "Négociation/Révision"),  # Salesforce in French
    ("Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled",
     "Decision Maker Bought-In", "Contract Sent"),  # HubSpot
    ("Rendez-vous programmé", "Qualifié pour acheter", "Présentation programmée",
     "Décideur impliqué", "Contrat envoyé"),  # HubSpot in French
    ("Lead In", "Contact Made", "Needs Defined", "Demo Scheduled", "Proposal Made",
     "Negotiations Started"),  # Pipedrive
    ("New", "Qualified", "Proposition"),  # Odoo CRM
    ("Nouveau", "Qualifié", "Proposition"),  # Odoo CRM in French
)


def read_deals(path: str | Path, *, sheet: str | None = None, skip_bad_rows: bool = False,
               progress: Progress | None = None) -> FileLines:
    """A deals export: one line per deal with its stage (required) and what the export
    gives of status, amount, probability, dates, owner, lead source and account."""
    return read_table(path, DEAL_FIELDS, sheet=sheet, skip_bad_rows=skip_bad_rows,
                      progress=progress)


def deal_outcomes(lines: pd.DataFrame) -> pd.DataFrame:
    """The deals as ``method.deals`` reads them: outcome, stage (None where a lost deal's
    stage is unknown), probability as a share, and the pipeline order of the stages."""
    stage = lines["stage"].astype(object).where(lines["stage"].notna(), None)
    stage_key = stage.map(lambda s: header_key(s) if isinstance(s, str) else "")
    status = lines["status"] if "status" in lines.columns else None
    outcome = pd.Series("open", index=lines.index, dtype=object)
    outcome[stage_key.isin(_WON)] = "won"
    outcome[stage_key.isin(_LOST)] = "lost"
    if status is not None:
        status_key = status.map(lambda s: header_key(s) if isinstance(s, str) else "")
        outcome[status_key.isin(_WON)] = "won"
        outcome[status_key.isin(_LOST)] = "lost"
        outcome[status_key.isin(_OPEN)] = "open"
    closing = stage_key.isin(_WON | _LOST)
    stage = stage.where(~closing, None)
    probability = (lines["probability"].map(_share) if "probability" in lines.columns
                   else pd.Series(np.nan, index=lines.index))
    out = pd.DataFrame({"outcome": outcome, "stage": stage,
                        "probability": probability.astype(float)})
    for key in ("name", "amount", "created", "closed", "owner", "source", "account"):
        out[key] = lines[key] if key in lines.columns else None
    return out


def known_order(stages: Any) -> list[str]:
    """The stages a default pipeline knows, in its order (the one matching most stages)."""
    keys = {header_key(s): s for s in pd.Series(stages, dtype=object).dropna()}
    best: list[str] = []
    for pipeline in PIPELINES:
        found = [keys[header_key(s)] for s in pipeline if header_key(s) in keys]
        if len(found) > len(best):
            best = found
    return best


def _share(value: Any) -> float:
    """A probability: 0.8, "80%", 80 or "80" (percent without its sign) → 0.8."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    text = str(value).strip()
    if not text:
        return np.nan
    try:
        number = float(text.replace(",", ".").rstrip("%").strip())
    except ValueError:
        return to_share(value, "probability")
    if text.endswith("%") or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise XlsalesError("probability", "range", value=value, low="0 %", high="100 %")
    return number

"""Reconciliation: who says what about each measure, when, and where they disagree.

Pure functions over typed rows (`reconcile_claims`, `estimates`) do the work;
a thin SQLite layer (`reconcile_ledger`, `measure_timeline`, `measure_estimates`)
reads the ledger and writes the results. The rules, the tolerances and the
windows are in `rules.py`, the kinds of flag and their checks in `flags.py`
(explained in docs/reconcile.md). No rule ranks, trusts or discounts any party.
"""

from __future__ import annotations

from .db import (
    iter_claim_rows,
    measure_estimates,
    measure_timeline,
    reconcile_if_stale,
    reconcile_ledger,
    reconcile_measures,
)
from .engine import reconcile_claims
from .estimates import estimates
from .flags import FLAG_KINDS, FLAG_REGISTRY, FlagKind
from .types import (
    GRADES,
    ClaimRow,
    Estimate,
    Flag,
    ReconcileResult,
    ReconcileSummary,
    TimelinePoint,
)

__all__ = [
    "FLAG_KINDS",
    "FLAG_REGISTRY",
    "GRADES",
    "ClaimRow",
    "Estimate",
    "Flag",
    "FlagKind",
    "ReconcileResult",
    "ReconcileSummary",
    "TimelinePoint",
    "estimates",
    "iter_claim_rows",
    "measure_estimates",
    "measure_timeline",
    "reconcile_claims",
    "reconcile_if_stale",
    "reconcile_ledger",
    "reconcile_measures",
]

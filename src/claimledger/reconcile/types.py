"""Typed records that flow through reconciliation.

Reconciliation is pure over these records so the same rules run in tests
(hand-built rows), in `reconcile_ledger` (rows read from SQLite) and in the
benchmark (generated rows). Every record is immutable (frozen, slotted
dataclasses; the hot input record is a NamedTuple): inputs are never changed,
outputs are values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

GRADES: tuple[str, ...] = ("single", "corroborated", "contested")

#: A claim's grade in SQL, for a query over ``claims c LEFT JOIN claim_grades g ON g.claim_id = c.id``:
#: the ledger stores no row for the most common grade, 'single' (migration 0019), and none for a
#: rejected claim (no grade).
GRADE_SQL = "CASE WHEN c.review_status = 'rejected' THEN NULL ELSE coalesce(g.grade, 'single') END"


class ClaimRow(NamedTuple):
    """One claim as reconciliation sees it.

    An immutable, typed NamedTuple rather than a frozen dataclass on purpose:
    a million of these are built per run, and a frozen dataclass's __init__
    (one object.__setattr__ per field) costs ~4 s of the 10 s budget.

    ``party`` is the independence key: two claims with the same party are one
    voice however many articles repeat them (the DB layer uses the normalised
    source id; for a figure in an article's own voice, the outlet). ``party_name``
    is only for display. ``attributed`` is False for the article's own voice.
    ``date`` is the claim's date: its ``as_of``, or else the document's
    publication date (ISO ``YYYY-MM-DD``), or None when neither is known.
    """

    id: str
    document_id: str
    measure_id: str | None
    party: str
    party_name: str
    attributed: bool
    low: float | None
    high: float | None
    hedge: str
    unit: str
    event: str
    period_start: str | None
    date: str | None
    text: str = ""
    #: a headline figure: it repeats the body, often loosely, so it is grouped but never compared
    headline: bool = False
    #: read with confidence: the attribution cue in the figure's own sentence (or the article's own
    #: voice) and a date written in that sentence or the publication date (``confidence.py``). A claim
    #: without it joins its measure and timeline but raises no contradiction.
    confident: bool = True


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding for a human to look at, with the claims behind it (ids, in a stable order)."""

    kind: str
    measure_id: str | None
    detail: str
    claim_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    """What `reconcile_claims` returns: flags in a stable order and a grade for every claim."""

    flags: tuple[Flag, ...]
    grades: dict[str, str] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.flags if f.kind == kind)


@dataclass(frozen=True, slots=True)
class ReconcileSummary:
    """What `reconcile_ledger` did: inputs read, flags written by kind, grades by value, time taken."""

    claims: int
    excluded: int
    measures: int
    flags: dict[str, int]
    grades: dict[str, int]
    seconds: float


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One claim on a measure's timeline, in date order, as somebody's claim (never as fact)."""

    date: str | None
    party_name: str
    attributed: bool
    low: float | None
    high: float | None
    hedge: str
    text: str
    claim_id: str
    document_id: str
    outlet: str | None
    title: str | None
    grade: str | None
    #: why the claim raises no contradiction though it is compared (``confidence.why_not``), or None
    unconfident: str | None = None


@dataclass(frozen=True, slots=True)
class Estimate:
    """Per measure and date: the spread of current claims and two summary figures.

    ``low``/``high`` span what the parties currently say, ``best`` is the median
    of their point values, ``conservative`` is the largest figure at least two
    parties' lower bounds reach (or the only party's lower bound). ``parties``
    counts the independent voices used. The rules live in docs/reconcile.md.
    """

    date: str
    low: float
    best: float
    high: float
    conservative: float
    parties: int
    claims: int

"""The flag registry: every kind of flag, one row each, with how it looks and the check that raises it.

The engine runs the rows' checks (per claim, then per measure: ``checks.py``); the
conflicts report takes its colours (``style``), the review page its badge and the
mark after a flagged figure (``symbol``, ``tone``, through the CSS that
``claimledger.derived`` writes), the CLI its ``--kind`` choices and the docs their
table. A new kind of flag is a row here and its check in ``checks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

from .checks import MeasureView, contradictions, timelines, unattributed
from .types import ClaimRow, Flag

#: A per-claim check: the flag one claim raises on its own, if any.
ClaimCheck = Callable[[ClaimRow], Flag | None]
#: A per-measure check: given one measure's statements, append the flags it finds.
MeasureCheck = Callable[[MeasureView, list[Flag]], None]
Check = ClaimCheck | MeasureCheck
#: The page's colours for a kind: bad (red, a figure that cannot hold), warn (amber, a report
#: gone stale), quiet (grey, a figure nobody is named as saying).
Tone = Literal["bad", "warn", "quiet"]


@dataclass(frozen=True, slots=True)
class FlagKind:
    """One kind of flag."""

    #: its name, as stored in ``flags.kind`` and taken by ``conflicts --kind``
    kind: str
    #: rich style of the kind's name in the conflicts report
    style: str
    #: the mark after a flagged figure on the review page, so a flag shows without colour too
    symbol: str
    #: the page's colours for its badge and for the figure's underline
    tone: Tone
    #: finds flags of this kind; kinds found by one decision share a check
    check: Check
    #: True: ``check`` is a ClaimCheck (one claim at a time); False: a MeasureCheck
    per_claim: bool
    #: when it is raised, in one line (the docs' table)
    about: str


#: Every kind, in the order reports list them (``register_flag`` adds to it).
FLAG_REGISTRY: list[FlagKind] = [
    FlagKind("contradiction", "bold red", "≠", "bad", contradictions, False,
             "two parties' figures for one measure and time cannot both hold"),
    FlagKind("regression", "bold magenta", "↓", "bad", timelines, False,
             "one party's running total goes down"),
    FlagKind("drift", "bold yellow", "~", "warn", timelines, False,
             "a report gives a party a figure its own latest statement does not support"),
    FlagKind("unattributed", "bold cyan", "?", "quiet", unattributed, True,
             "a figure in the article's own voice, naming no source"),
]

# Views of the registry, kept current in place by _index (so `from .flags import CLAIM_CHECKS` stays live).
#: the kinds' names, in the registry's order (``conflicts --kind`` choices, the report's order)
FLAG_KINDS: list[str] = []
#: each kind's style in the conflicts report
KIND_STYLE: dict[str, str] = {}
#: the per-claim checks the engine runs on every claim, each once, in registry order
CLAIM_CHECKS: list[ClaimCheck] = []
#: the per-measure checks it runs on every measure with something to compare, each once, in registry order
MEASURE_CHECKS: list[MeasureCheck] = []


def _index() -> None:
    FLAG_KINDS[:] = [k.kind for k in FLAG_REGISTRY]
    KIND_STYLE.clear()
    KIND_STYLE.update((k.kind, k.style) for k in FLAG_REGISTRY)
    checks = dict.fromkeys((k.check, k.per_claim) for k in FLAG_REGISTRY)
    CLAIM_CHECKS[:] = [cast(ClaimCheck, c) for c, per_claim in checks if per_claim]
    MEASURE_CHECKS[:] = [cast(MeasureCheck, c) for c, per_claim in checks if not per_claim]


_index()


def register_flag(kind: FlagKind) -> None:
    """Add a kind of flag (an extension's, or a test's): the next reconcile runs its check."""
    if kind.kind in FLAG_KINDS:
        raise ValueError(f"flag kind {kind.kind!r} is already registered")
    FLAG_REGISTRY.append(kind)
    _index()


def unregister_flag(kind: str) -> None:
    """Remove a kind added by ``register_flag``."""
    FLAG_REGISTRY[:] = [k for k in FLAG_REGISTRY if k.kind != kind]
    _index()


def flag_kinds() -> tuple[str, ...]:
    """The kinds' names now (for choices read when used)."""
    return tuple(FLAG_KINDS)

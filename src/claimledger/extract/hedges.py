"""How hedged a figure is, and its low/high under the annotation guide's convention.

The hedge is the longest phrase from ``data/hedges.json`` written directly
before the figure (quote marks may sit between: "“over 10,000 men”"), or a
trailing phrase ("or more"). Ranges and vague quantity words carry their own
hedge and ignore "about": "roughly 15 to 25" is a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Span
from .numbers import Figure
from .vocab import alternation, load

_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Reading:
    low: float | None
    high: float | None
    hedge: str
    hedge_span: Span | None


@cache
def _res() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    d = load("hedges")
    before: dict[str, str] = {}
    for hedge, phrases in d["before"].items():
        for p in phrases:
            before[p.lower()] = hedge
    after: dict[str, str] = {}
    for hedge, phrases in d["after"].items():
        for p in phrases:
            after[p.lower()] = hedge

    def alt(keys: list[str]) -> str:  # both patterns ignore case
        return alternation(sorted(keys, key=len, reverse=True), True, _phrase)

    pre = re.compile(rf"(?:^|(?<=[^\w]))({alt(list(before))})[ \u00a0]*[\"“‘']?[ \u00a0]*$", re.IGNORECASE)
    post = re.compile(
        rf"^(?:[ \u00a0]+[a-z][\w\-]*){{0,2}}?[ \u00a0]*[\"”’']?[ \u00a0]*({alt(list(after))})\b",
        re.IGNORECASE,
    )
    return pre, before, post, after


def _phrase(k: str) -> str:
    return re.escape(k).replace(r"\ ", r"[ \u00a0]+")


def read_hedge(text: str, fig: Figure) -> Reading:
    """Hedge and value interval of ``fig`` in ``text``."""
    if fig.kind == "range":
        start = fig.opener_start if fig.opener_start is not None else fig.start
        return Reading(fig.low, fig.high, "range", (start, fig.start) if start < fig.start else None)
    if fig.kind == "vague":
        return Reading(fig.low, fig.high, "vague", None)
    pre, before, post, after = _res()
    left = text[max(0, fig.start - 30) : fig.start]
    m = pre.search(left)
    v = fig.low
    if m:
        phrase = _SPACE_RUN.sub(" ", m.group(1).lower())
        hedge = before.get(phrase, "exact")
        span = (fig.start - len(left) + m.start(1), fig.start - len(left) + m.end(1))
        return _reading(v, hedge, span)
    right = text[fig.end : fig.end + 40]
    m2 = post.match(right)
    if m2:
        phrase = _SPACE_RUN.sub(" ", m2.group(1).lower())
        span = (fig.end + m2.start(1), fig.end + m2.end(1))
        return _reading(v, after.get(phrase, "exact"), span)
    return Reading(v, v, "exact", None)


def _reading(v: float, hedge: str, span: Span) -> Reading:
    if hedge in ("more_than", "at_least"):
        return Reading(v, None, hedge, span)
    if hedge in ("less_than", "at_most", "up_to"):
        return Reading(None, v, hedge, span)
    return Reading(v, v, hedge, span)

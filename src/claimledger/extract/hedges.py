"""How hedged a figure is, and its low/high under the annotation guide's convention.

The hedge is the longest phrase from ``data/hedges.json`` written directly
before the figure (quote marks may sit between: "“over 10,000 men”"), or a
trailing phrase ("or more"). Ranges and vague quantity words carry their own
hedge and ignore "about": "roughly 15 to 25" is a range.

A modal event ("the strike may have killed 30", "five are feared dead")
hedges a figure that has no hedge of its own: ``modal`` reads it as the hedge
``hedges.json`` names for the modal word (up_to: the most that may have
happened). The modal word must stand between the figure and its event word (a few
words apart, in one clause), or among the few words just before an event
word that precedes the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Span
from .numbers import Figure
from .vocab import alternation, load

_SPACE_RUN = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
#: how many words before an event word that precedes its figure a modal word may stand ("may have killed 30")
MODAL_WORDS_BEFORE = 3
#: how many words a figure and its event word may have between them for a modal word there to govern both
MODAL_WORDS_BETWEEN = 6
#: the mark of a verb's particle among the hedge phrases ("handed over"): a figure after one is exact
_PARTICLE = "particle"
_CLAUSE_MARKS = re.compile(r"[,;:()\u2013\u2014]")


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
    for p in d["verb_particles"]:  # "handed over 21": the longer phrase wins, and is no hedge
        before[p.lower()] = _PARTICLE
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
        if hedge == _PARTICLE:
            return Reading(v, v, "exact", None)  # "handed over 21 soldiers": the verb's word, no hedge
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


@cache
def _modal() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {p.lower(): hedge for hedge, phrases in load("hedges")["modal"].items() for p in phrases}
    alt = alternation(sorted(words, key=len, reverse=True), True, _phrase)
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE), words


@cache
def _leads() -> tuple[re.Pattern[str], dict[str, str]] | None:
    spec = load("hedges").get("modal_lead", {})
    words = {p.lower(): hedge for hedge, phrases in spec.items() for p in phrases}
    if not words:
        return None
    alt = alternation(sorted(words, key=len, reverse=True), True, _phrase)
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE), words


_LEAD_WINDOW = 160


def _lead(text: str, sent: Span, fig: Span) -> tuple[str, Span] | None:
    """A clause opener that makes what follows speculation ("it is speculated that 200 died"):
    it must stand at most MODAL_WORDS_BETWEEN words before the figure, with no clause mark between."""
    leads = _leads()
    if leads is None:
        return None
    pattern, words = leads
    lo = max(sent[0], fig[0] - _LEAD_WINDOW)  # six words and the longest opener fit in it
    found = None
    for m in pattern.finditer(text, lo, fig[0]):
        found = m
    if found is None:
        return None
    gap = text[found.end() : fig[0]]
    if len(gap.split()) > MODAL_WORDS_BETWEEN or _CLAUSE_MARKS.search(gap):
        return None
    return words[_SPACE_RUN.sub(" ", found.group(0).lower())], found.span()


def modal(text: str, sent: Span, fig: Span, trigger: Span | None, reading: Reading) -> Reading:
    """``reading`` hedged by a modal event word ("may have killed 30"); unchanged when the figure
    has a hedge of its own ("as many as 90 may have died" stays up_to from "as many as")."""
    if reading.hedge != "exact":
        return reading
    lead = _lead(text, sent, fig)
    if lead is not None:
        v = reading.low if reading.low is not None else reading.high
        return reading if v is None else _reading(v, lead[0], lead[1])
    if trigger is None:
        return reading
    if trigger[1] <= fig[0]:
        starts = [m.start() for m in _NON_SPACE.finditer(text, sent[0], trigger[0])]
        lo = starts[-MODAL_WORDS_BEFORE] if len(starts) >= MODAL_WORDS_BEFORE else sent[0]
        hi = fig[0]
    else:
        lo, hi = fig[1], trigger[0]
    gap = text[fig[1] : trigger[0]] if trigger[0] >= fig[1] else text[trigger[1] : fig[0]]
    if len(gap.split()) > MODAL_WORDS_BETWEEN or _CLAUSE_MARKS.search(gap):
        return reading  # another clause: "rose to 47, ..., with a dozen feared dead" leaves 47 alone
    pattern, words = _modal()
    m = pattern.search(text, lo, hi)
    if m is None:
        return reading
    hedge = words[_SPACE_RUN.sub(" ", m.group(0).lower())]
    v = reading.low if reading.low is not None else reading.high
    if v is None:
        return reading
    return _reading(v, hedge, m.span())

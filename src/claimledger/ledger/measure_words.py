"""The vocabulary of the measure rules and how text is matched against it.

Every word list the measure readers use comes from ``data/measures.json`` (and the month and
weekday names of ``data/noclaim.json``, the organisation words of ``data/source_aliases.json``)
through this module: read once, each list matched as whole words by one compiled pattern, so
the rules stay data and the hot path stays a few cached regex searches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache

from .doc_context import DocContext, alternation, fold, rules

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_ONE_CAP = re.compile(r"\b[A-Z][\w'’-]*")


@cache
def _tables() -> tuple[dict[str, str], set[str], set[str], dict[str, str], dict[str, set[str]]]:
    r = rules()
    words: dict[str, str] = {}
    military: set[str] = set()
    parent: dict[str, str] = {}
    merge: dict[str, set[str]] = {}
    for cls, spec in r["populations"].items():
        for w in spec["words"]:
            words[w] = cls
        if spec.get("military"):
            military.add(cls)
        if spec.get("parent"):
            parent[cls] = spec["parent"]
        merge[cls] = set(spec.get("merge_into_parent_for", []))
    event_nouns = set(r["event_nouns"])
    return words, military, event_nouns, parent, merge


@cache
def _seq(name: str) -> tuple[str, ...]:
    """A word list of ``data/measures.json`` (read once)."""
    return tuple(str(x) for x in rules()[name])


#: a word list of ``data/measures.json`` as a regex alternation (built in ``doc_context``)
_alt = alternation


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled search for any of ``phrases`` as whole words (longest first)."""
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])")



#: where a figure's clause ends: a comma, a semicolon, a colon or a joining word ("as", "while" ...)
_CLAUSE_END = re.compile(rf",|;|:|[ ](?:{_alt('clause_conjunctions')})[ ]")


@cache
def _org_words() -> frozenset[str]:
    from .aliases import bundled

    data = bundled("source_aliases")
    extra = set(_seq("side_skip_words"))
    months = {m.casefold() for m in _months()}
    return frozenset(
        {w.casefold() for w in data["org_words"]}
        | {w.casefold() for w in data["person_titles"]}
        | {w.casefold() for w in data["role_words"]}
        | extra
        | months
    )


@cache
def _months() -> tuple[str, ...]:
    from ..datafiles import load_data

    d = load_data("noclaim")
    return tuple(list(d["months"]) + list(d["weekdays"]))


@cache
def _weekdays() -> tuple[str, ...]:
    """The weekdays (``data/noclaim.json``), Monday first: a weekday's index is its distance from Monday."""
    from ..datafiles import load_data

    days: dict[str, int] = load_data("noclaim")["weekdays"]
    return tuple(sorted(days, key=days.__getitem__))


@cache
def _month_names() -> tuple[str, ...]:
    """The twelve month names written in full and capitalised, January first (the longest name
    ``data/noclaim.json`` gives each month number)."""
    from ..datafiles import load_data

    months: dict[str, int] = load_data("noclaim")["months"]
    full = {n: max((w for w, m in months.items() if m == n), key=len) for n in range(1, 13)}
    return tuple(full[n].capitalize() for n in range(1, 13))


def _written(low: str, phrases: tuple[str, ...]) -> bool:
    """Some phrase is in ``low`` at all: a few substring tests, much cheaper than the whole-word pattern,
    which only runs when one is (most stretches of text hold none of a list's phrases)."""
    return any(map(low.__contains__, phrases))


def _contains(text: str, phrases: Sequence[str]) -> str | None:
    """The first of ``phrases`` written in ``text`` as whole words (case-folded), else None."""
    low = text.casefold()
    ps = phrases if isinstance(phrases, tuple) else tuple(phrases)
    if not _written(low, ps):
        return None
    m = _phrase_pattern(ps).search(low)
    return m.group() if m else None


def _find_all(text: str, phrases: Sequence[str]) -> list[tuple[int, str]]:
    """Every whole-word occurrence of any of ``phrases`` in ``text``, in order: (offset, phrase)."""
    low = text.casefold()
    ps = phrases if isinstance(phrases, tuple) else tuple(phrases)
    if not _written(low, ps):
        return []
    return [(m.start(), m.group()) for m in _phrase_pattern(ps).finditer(low)]


def _day(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None



_BODY_HEADS: frozenset[str] = frozenset(_seq("body_heads"))


_DEMONYMS: frozenset[str] = frozenset(str(k).casefold() for k in rules()["demonym_countries"])


def _group_firsts(ctx: DocContext) -> frozenset[str]:
    return frozenset(fold(v) for v in ctx.groups.values())



@cache
def _body_words() -> frozenset[str]:
    """Head words of bodies ("ministry", "office", "council"): "<head> of X" names a portfolio or a body."""
    from .aliases import bundled

    return frozenset(w.casefold() for w in bundled("source_aliases")["org_words"])


@cache
def _months_low() -> frozenset[str]:
    return frozenset(m.casefold() for m in _months())

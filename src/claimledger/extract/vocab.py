"""Rule data: the extractor's vocabularies, loaded once from ``claimledger/data/*.json``.

Rules are data so that linguists and desk editors can read and extend them
without touching code. Each file carries a ``version``; RULES_VERSION combines
them with a short hash of the files' content, so a ledger row names exactly
which rules produced it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from ..datafiles import data_bytes, load_data, validate  # every file's schema: claimledger/data/schemas.py
from ..errors import RuleDataError

RULE_FILES = ("numbers", "hedges", "events", "cues", "noclaim")

__all__ = ["RULES_VERSION", "RULE_FILES", "alternation", "fold", "load", "lower_is_faithful", "validate"]

@cache
def load(name: str) -> dict[str, Any]:
    """One rule file (``numbers``, ``hedges``, …), checked against its schema and cached for the process."""
    if name not in RULE_FILES:
        raise RuleDataError(f"unknown rule file {name!r}")
    return load_data(name)  # checked against its schema by load_data


def _rules_version() -> str:
    h = hashlib.sha256()
    parts = []
    for name in RULE_FILES:
        raw = data_bytes(name)
        h.update(raw)
        parts.append(json.loads(raw).get("version", "?"))
    return f"rules-{'.'.join(parts)}+{h.hexdigest()[:8]}"


RULES_VERSION = _rules_version()


_ASCII_LETTER_IGNORECASE = re.compile(r"[a-z]", re.IGNORECASE)
#: every character that lower-cases to two ("İ") or that IGNORECASE matches to an ASCII letter
#: lower() does not give ("ı", "ſ", the Kelvin sign): the whole of Unicode has these four
#: (tests/test_extract_regressions.py checks the list against the running Python's tables)
ODD_FOLDS = "\u0130\u0131\u017f\u212a"
_ODD_FOLD = re.compile(f"[{ODD_FOLDS}]")


def lower_is_faithful(s: str) -> bool:
    """Whether ``s.lower()`` can stand in for ``s`` under an IGNORECASE pattern of ASCII words.

    True unless ``s`` holds a character that lower-cases to two ("İ") or that
    IGNORECASE matches to an ASCII letter lower() does not give ("ſ" ~ "s"):
    then positions or matches could differ, and callers take the plain way.
    """
    return s.isascii() or _ODD_FOLD.search(s) is None


class _FoldTable(dict[int, str]):
    """``str.translate`` table for ``fold``, filled in per character on first sight."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        low = ch.lower()
        if _ASCII_LETTER_IGNORECASE.match(ch):
            # what an IGNORECASE pattern of ASCII words sees: "İ" and "ı" are "i", "ſ" is "s", "K" is "k"
            low = next(c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, ch, re.IGNORECASE))
        elif len(low) != 1:
            low = ch
        self[code] = low
        return low


_FOLD = _FoldTable()


def fold(s: str) -> str:
    """``s`` lower-cased one character for one character, so every offset into it is an offset into ``s``.

    ``str.lower`` turns "İ" into two characters and would shift every later
    position; it also leaves "ſ" and "K", which an IGNORECASE pattern matches as
    "s" and "k". Here each character folds to exactly one, the way those
    patterns read it, so a word found by a pattern can be looked up in a
    lower-case vocabulary and a position found in the folded text is the
    position in ``s``. Equal to ``s.lower()`` whenever ``lower_is_faithful(s)``.
    """
    if lower_is_faithful(s):
        return s.lower()
    return s.translate(_FOLD)


def longest_first(words: Iterable[str]) -> str:
    """The words escaped and joined as a regex alternation, longest first, so a phrase wins over
    a word it starts with ("up to" before "up"): the one ordering every vocabulary pattern needs."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def alternation(words: Iterable[str], ignorecase: bool, piece: Callable[[str], str] = re.escape) -> str:
    """``"|".join(piece(w) for w in words)`` with the words that share a first character grouped behind it.

    The regex engine tries the alternatives of a group one by one, so a long word
    list costs a test per word at every position it is tried. Grouped, a position
    costs one test per first character, plus the words that start with it. The
    matches are the same: at a given position only words starting with its
    character can match, and within a group the order (which decides the match)
    is kept. ``ignorecase`` must say how the pattern is compiled: groups are then
    keyed by the lower-cased character. Falls back to the plain join when a word
    starts with a non-ASCII character or a space, or ``piece`` does not work
    character by character, where that reasoning would be unsure.
    """
    ws = list(words)
    plain = "|".join(piece(w) for w in ws)
    groups: dict[str, list[str]] = {}
    for w in ws:
        if not w or not w[0].isascii() or w[0].isspace() or piece(w) != piece(w[0]) + piece(w[1:]):
            return plain
        groups.setdefault(w[0].lower() if ignorecase else w[0], []).append(w)
    parts = []
    for group in groups.values():
        if len(group) == 1:
            parts.append(piece(group[0]))
        else:
            parts.append(piece(group[0][0]) + "(?:" + "|".join(piece(w[1:]) for w in group) + ")")
    return "|".join(parts)

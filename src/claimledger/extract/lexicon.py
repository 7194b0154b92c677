"""One Aho-Corasick pass finds every vocabulary phrase in a paragraph.

Event triggers, loss words, clause breaks and attribution cue verbs all come
from the rule data as literal phrases. Scanning the lower-cased paragraph once
with an automaton (C speed) replaces dozens of regular-expression passes per
sentence; hits are then checked for whole-word boundaries and handed to the
event and attribution stages by sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from operator import attrgetter
from typing import Any, NamedTuple

import ahocorasick

from .gates import gate_phrases
from .vocab import fold, load

NAME_MARK = " <name>"


class Hit(NamedTuple):
    """One vocabulary phrase found in the text (a named tuple: scans make tens per paragraph)."""

    start: int
    end: int
    kind: str  # trigger | weak | loss | break | cue | stance | time | gate
    event: str  # event name for triggers; the phrase itself otherwise
    weight: float


@cache
def _automaton() -> Any:
    ev = load("events")
    entries: dict[str, list[tuple[str, str, float, bool]]] = {}

    def add(phrase: str, kind: str, event: str, weight: float) -> None:
        p = phrase.lower()
        needs_name = p.endswith(NAME_MARK)
        if needs_name:
            p = p[: -len(NAME_MARK)]
        entries.setdefault(p, []).append((kind, event, weight, needs_name))

    for event, spec in ev["triggers"].items():
        for p in spec["phrases"]:
            add(p, "trigger", event, float(spec["weight"]))
        for p in spec.get("weak", []):
            add(p, "weak", event, float(ev["weak_weight"]))
    for p in ev["loss_words"]:
        add(p, "loss", "loss", 1.0)
    for p in ev["clause_breaks"] + ["which", "who", "whom", "whose"]:
        add(p, "break", p, 0.0)
    cues = load("cues")
    for p in cues["verbs"]:
        add(p, "cue", p, 0.0)
    # "raised its toll", "lowered their count": a body revising its own count reports it
    for verb in cues["revision_verbs"]:
        for owner in cues["revision_owners"]:
            for noun in cues["revision_nouns"]:
                p = f"{verb} {owner} {noun}"
                add(p, "cue", p, 0.0)
    for p in load("cues")["stance_verbs"]:
        add(p, "stance", p, 0.0)
    for key, phrases in gate_phrases().items():
        for p in phrases:
            add(p, "gate", key, 0.0)
    nc = load("noclaim")
    for p in [*nc["months"], *nc["weekdays"], *nc["time_words"]]:
        add(p, "time", p, 0.0)
    auto = ahocorasick.Automaton()
    for phrase, payload in entries.items():
        # whether the phrase starts / ends with a word character: fixed per phrase, so the
        # whole-word test at each hit need only look at the characters outside it
        auto.add_word(phrase, (len(phrase), _is_word(phrase[0]), _is_word(phrase[-1]), tuple(payload)))
    auto.make_automaton()
    return auto


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_BY_START = attrgetter("start")


def scan(text: str, lo: int, hi: int) -> list[Hit]:
    """Every vocabulary phrase in ``text[lo:hi]``, as absolute spans, in order of start."""
    low = fold(text[lo:hi])  # not lower(): "İ" would become two characters and shift every hit
    out: list[Hit] = []
    n = len(low)
    for end, (length, word_first, word_last, payload) in _automaton().iter(low):
        s = end - length + 1
        e = end + 1
        whole_word = not (
            (word_first and s > 0 and (low[s - 1].isalnum() or low[s - 1] == "_"))
            or (word_last and e < n and (low[e].isalnum() or low[e] == "_"))
        )
        for kind, event, weight, needs_name in payload:
            if not whole_word and kind != "gate":  # gates are substring tests; the rest are whole words
                continue
            if needs_name:
                j = e
                while j < n and low[j] == " ":
                    j += 1
                if j >= n or j == e or not text[lo + j].isupper():
                    continue
            out.append(Hit(lo + s, lo + e, kind, event, weight))
    out.sort(key=_BY_START)
    return out


def in_range(hits: list[Hit], starts: list[int], lo: int, hi: int) -> list[Hit]:
    """The hits whose start lies in [lo, hi), given their sorted start positions."""
    return hits[bisect_left(starts, lo) : bisect_left(starts, hi)]

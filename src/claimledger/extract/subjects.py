"""What a figure counts (its subject noun) and where (its place).

The subject is the head noun written after the figure, skipping a few
modifiers ("36 enemy Vargr-80 tanks" -> "tanks"), or the noun after "of"
("46,000 of its soldiers" -> "soldiers"). The place is the nearest
"in/near/around/across/from <Capitalised Name>" in the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from ..model import Span
from .vocab import load

_WORD = re.compile(r"[ \u00a0]*([\"“”‘’]?)([A-Za-z][\w\-'’]*)")
_STOP = {
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "than",
    "since",
    "as",
    "were",
    "was",
    "are",
    "is",
    "had",
    "have",
    "has",
    "been",
    "be",
    "will",
    "would",
    "who",
    "which",
    "that",
    "more",
    "a",
    "an",
    "the",
    "per",
    "each",
    "a day",
    "this",
    "last",
    "over",
    "under",
    "across",
    "into",
    "among",
    "during",
    # a conjunction opens another clause: "60 wounded when shells hit" counts the wounded, not shells
    "when",
    "where",
    "while",
    "after",
    "before",
    "because",
    "until",
}
#: "and"/"or" between two modifiers of one noun, the second a name ("federal and Karethi troops")
_PAIRING = frozenset({"and", "or"})
_NAME_NEXT = re.compile(r"[ \u00a0]+[A-Z][a-z][\w\-'’]*[ \u00a0]+[a-z]")
#: a relative pronoun of people right after a capitalised word: "960,000 Aroni who fled"
_WHO_NEXT = re.compile(r"[ \u00a0]+who[ \u00a0]")
_OF = re.compile(
    r"[ \u00a0]+of[ \u00a0]+(?:(?:the|its|their|our|your|his|her|these|those|all|them)[ \u00a0]+)?", re.I
)
_PLACE = re.compile(
    r"\b(?:in|near|around|across|outside|inside|from|at|throughout)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"((?:[A-Z][\w\-'’]+)(?:[ \u00a0]+(?:[A-Z][\w\-'’]+))*)"
)
_NOT_PLACE = {
    "The",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "English",
    "Western",
    "Concord",
}


@cache
def _nouns() -> frozenset[str]:
    d = load("events")
    # "the remaining 19 crew": a collective noun of people heads a count as a class noun does
    return frozenset([*(w for ws in d["noun_classes"].values() for w in ws), *d["collective_people"]])


@cache
def _sized_thing() -> re.Pattern[str]:
    """A figure's hyphened compound of size (events.json ``capacity_words``), then the thing it sizes:
    "-seat coach", "-bed field hospital" (its first word: the compound's noun or its modifier)."""
    words = sorted(load("events")["capacity_words"], key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"-(?:{alt})[ \u00a0]+([A-Za-z][\w'’-]*)", re.I)


@cache
def _event_nouns() -> frozenset[str]:
    return frozenset(w for ws in load("events")["noun_events"].values() for w in ws)


@cache
def _count_units() -> re.Pattern[str]:
    """A unit word between a figure and what it counts (events.json ``count_units``): "head" in
    "1,300 head of cattle"; then "of" and the counted noun."""
    words = sorted(load("events")["count_units"], key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"[ \u00a0]+(?:{alt})[ \u00a0]+of[ \u00a0]+([A-Za-z][\w'’-]*)", re.I)


def _counted_unit(text: str, pos: int, limit: int, nouns: frozenset[str]) -> int | None:
    """Where the counted noun starts past a unit word ("head of cattle"), when it is a noun of the
    vocabulary; None otherwise ("three heads of state" keeps its own reading)."""
    m = _count_units().match(text, pos, limit)
    if m is None or m.group(1).lower() not in nouns:
        return None
    return m.start(1)


def find_subject(text: str, fig: Span, limit: int) -> tuple[str, Span] | None:
    """Head noun counted by the figure ending at ``fig[1]``; searched up to ``limit``.

    The noun is returned as written ("PEOPLE", "Tanks"), so that it is the text at
    its span like every other field; vocabulary lookups lower-case it themselves.
    """
    pos = fig[1]
    sized = _sized_thing().match(text, pos, limit)
    if sized:  # "a 60-seat coach": the figure measures the thing named after its compound
        return (sized.group(1), sized.span(1))
    nouns = _nouns()
    unit = _counted_unit(text, pos, limit, nouns)
    if unit is not None:  # "1,300 head of cattle": the unit says how, the noun after it what is counted
        pos = unit
    m_of = _OF.match(text, pos, limit)
    if m_of:
        pos = m_of.end()
    fallback: tuple[str, Span] | None = None
    first = pos
    for _ in range(4):
        m = _WORD.match(text, pos, limit)
        if not m:
            break
        word = m.group(2)
        low = word.lower()
        if low in nouns or (low in _event_nouns() and fallback is not None):
            # "6 mass graves": past a word that only looks like a plural ("mass"), an event noun heads it
            found = (word, (m.start(2), m.end(2)))
            # the head of a compound is its last noun: "infantry fighting vehicles" -> "vehicles"
            nxt = m.end()
            for _ in range(2):
                m2 = _WORD.match(text, nxt, limit)
                if not m2 or m2.group(1) or m2.group(2).lower() in _STOP:
                    break
                if m2.group(2).lower() in nouns or m2.group(2).lower() in _event_nouns():
                    # "6 mass graves": a noun that is an event itself heads the compound too
                    found = (m2.group(2), (m2.start(2), m2.end(2)))
                nxt = m2.end()
            return found
        if low in _PAIRING and pos > fig[1] and fallback is None and _NAME_NEXT.match(text, m.end(), limit):
            pos = m.end()  # "8,000 federal and Karethi troops": two modifiers of one noun, a name second
            continue
        if pos == first and word[0].isupper() and _WHO_NEXT.match(text, m.end(), limit):
            return (word, (m.start(2), m.end(2)))  # "960,000 Aroni who fled": a people's name heads it
        if low in _STOP or (m.group(1) and m.group(1) in "”’") or (low == "of" and fallback is not None):
            break  # "61 deaths of prisoners": the head comes before "of"
        # a plural: "-s", or "-men" ("fishermen", "herdsmen": an irregular plural is a noun as well)
        if fallback is None and low.endswith(("s", "men")) and not word[0].isupper() and len(low) > 3:
            fallback = (word, (m.start(2), m.end(2)))
        pos = m.end()
    return fallback or _label_noun(text, fig)


#: a list item whose label closes with a colon right before the figure: "- Civilians trapped: 850"
_ITEM_LABEL = re.compile(r"[ \t]*[-*\u2022\u2013][ \t]+([^\n:]{1,80}):[ \t]*$")


def _label_noun(text: str, fig: Span) -> tuple[str, Span] | None:
    """A list item's value names nothing after it ("- Civilians trapped in the old town: 850."): its
    label's counted noun is what it counts, when the label opens with one (a class noun in the plural,
    "Civilians", "Buildings"), as the noun after a figure would."""
    start = text.rfind("\n", 0, fig[0]) + 1
    m = _ITEM_LABEL.match(text, start, fig[0])
    if m is None:
        return None
    w = _WORD.match(text, m.start(1), m.end(1))
    if w is None or w.group(2).lower() not in _nouns():
        return None
    return (w.group(2), (w.start(2), w.end(2)))


def find_place(text: str, sentence: Span, fig: Span) -> tuple[str, Span] | None:
    """Nearest place name after a locative preposition in the sentence."""
    return nearest_place(sentence_places(text, sentence), fig)


def sentence_places(text: str, sentence: Span) -> list[tuple[str, Span]]:
    """Every place name of a sentence in order (found once, shared by its figures)."""
    out: list[tuple[str, Span]] = []
    for m in _PLACE.finditer(text, sentence[0], sentence[1]):
        name = m.group(1)
        first = name.split()[0]
        # a day or a month is never a place, possessive or not ("the toll from Monday's strike")
        if first not in _NOT_PLACE and first.removesuffix("'s").removesuffix("’s") not in _NOT_PLACE:
            out.append((name, (m.start(1), m.end(1))))
    return out


def nearest_place(places: list[tuple[str, Span]], fig: Span) -> tuple[str, Span] | None:
    """The place whose name starts nearest the figure's start, the earlier on a tie.

    Places are in order, so the nearest is one of the two around the figure: a
    sentence with a thousand places costs two looks per figure, not a thousand.
    """
    if not places:
        return None
    i = bisect_left(places, fig[0], key=lambda p: p[1][0])
    if i == 0:
        return places[0]
    if i == len(places):
        return places[-1]
    before, after = places[i - 1], places[i]
    return before if fig[0] - before[1][0] <= after[1][0] - fig[0] else after

"""What a figure counts: one event from the closed vocabulary.

Triggers from ``data/events.json`` are found in the figure's sentence; each
scores its weight minus a penalty for every word between it and the figure
and for every clause break crossed ("of which", ";", "while", "since"…). The
best trigger wins when it clears a floor. The figure's own noun ("tanks",
"civilians") keeps people-events off materiel and the reverse, and turns a
bare loss word ("lost", "losses") into killed or destroyed. With no trigger,
the figure takes the event of the previous figure in its sentence, then the
topic of its paragraph, then "other".

Coordination scopes a trigger: across a coordinator ("and", "or"), a trigger
within a few words of another figure governs that figure, not this one
("killed 13 civilians and wounded 19 others", "41 dead and 52 wounded",
"has killed 40,000 and driven as many as 12 million"). It is scored with a
clause-break penalty, and used unpenalised only when no trigger of the
figure's own conjunct clears the floor ("killed 13 civilians and 19 soldiers":
the shared verb still reaches 19).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ..model import Span
from .lexicon import Hit
from .vocab import fold, load

DIST_PENALTY = 0.08
BREAK_PENALTY = 0.6
COMMA_PENALTY = 0.1
FLOOR = 0.3
#: a trigger this many words or fewer before another figure, across a coordinator from this one, is that
#: figure's verb ("and driven as many as 12 million"); after it, its modifier ("and 52 people wounded") only
#: this close: further on it is the predicate a coordinated subject shares ("71 drones and nine missiles
#: were shot down")
SCOPE_WORDS = 3
SCOPE_WORDS_AFTER = 1
#: a trigger after another figure and before this one (across a coordinator): that figure's predicate
SCOPE_WORDS_BETWEEN = 4


class Trigger(NamedTuple):
    """An event word of a sentence (a named tuple: built for every trigger hit of every figure sentence)."""

    event: str
    weight: float
    span: Span
    loss: bool = False
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    noun_class: dict[str, str]
    people_events: frozenset[str]
    materiel_events: frozenset[str]
    # a trigger this many words or more from its figure scores under FLOOR whatever its weight
    reach: int
    # "and", "or", "as well as"… as whole words
    coordinator: re.Pattern[str]
    # nouns that are events themselves ("massacres", "graves"): a figure counting one takes its event
    noun_event: dict[str, str]
    # trigger words that, capitalised after a capitalised word, are part of a name ("Air Force")
    name_words: frozenset[str]


@cache
def rules() -> Rules:
    d = load("events")
    classes = {w: cls for cls, ws in d["noun_classes"].items() for w in ws}
    heaviest = max([1.0, float(d["weak_weight"]), *(float(t["weight"]) for t in d["triggers"].values())])
    reach = math.floor((heaviest - FLOOR) / (DIST_PENALTY / 2)) + 1
    coords = sorted(d["coordinators"], key=len, reverse=True)
    alternatives = "|".join(re.escape(c) for c in coords)
    coordinator = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
    noun_event = {w: ev for ev, ws in d.get("noun_events", {}).items() for w in ws}
    people, materiel = frozenset(d["people_events"]), frozenset(d["materiel_events"])
    name_words = frozenset(w.lower() for w in d.get("name_words", []))
    return Rules(classes, people, materiel, reach, coordinator, noun_event, name_words)


#: above this many triggers in a sentence, ``best`` looks only within reach of the figure
_MANY_TRIGGERS = 16
_NON_SPACE_RUN = re.compile(r"\S+")
#: "population of about", "a force of some": a class noun the figure after "of" measures (a hedge between)
#: also a noun whose parts follow: "the detainees, who include three women"
_NOUN_OF = re.compile(
    r"(?:[ \u00a0]+of|,?[ \u00a0]+(?:(?:who|which)[ \u00a0]+)?(?:include|included|includes|including))"
    r"[ \u00a0]+(?:[a-z]+[ \u00a0]+){0,2}",
    re.IGNORECASE,
)


_WORDLESS = re.compile(r"(?:^|(?<=\s))[^\w\s]+(?=\s|$)")


def _words_between(text: str, a: int, b: int) -> int:
    """Words between two points, commas counted as words; a quote mark standing alone is no word
    ('had "neutralised" more than 70': the figure is next to its verb)."""
    gap = text[a:b]
    n = len(gap.split()) + gap.count(",")
    if '"' in gap or "“" in gap or "”" in gap:
        n -= len(_WORDLESS.findall(gap))
    return n


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w\-'’]*[ \u00a0]+$")


def _in_name(text: str, start: int, end: int) -> bool:
    """A name word written capitalised after a capitalised word is part of a name ("the Ostmark
    Air Force", "the Regional Force"): no event ("forces" in "Oskaran forces" still is one)."""
    if not text[start].isupper():
        return False
    if fold(text[start:end]) not in rules().name_words:
        return False
    return _CAPITALISED_BEFORE.search(text, max(0, start - 30), start) is not None


def _outermost(triggers: list[Trigger]) -> list[Trigger]:
    """The triggers not written inside a longer one: in "died in hospital" the phrase is a death,
    and its "in hospital" no injury (one sweep over triggers in order of start, longest first)."""
    reach = -1
    for t in triggers:  # in order of start: most sentences have no overlap, and keep all as they are
        if t.span[0] < reach:
            break
        reach = t.span[1]
    else:
        return triggers
    out: list[Trigger] = []
    reach = -1
    for t in sorted(triggers, key=lambda t: (t.span[0], -t.span[1])):
        if t.span[1] <= reach and not any(o.span == t.span for o in out[-4:]):
            continue
        out.append(t)
        reach = max(reach, t.span[1])
    return out


class SentenceEvents:
    """Triggers and clause breaks of one sentence (from the paragraph's lexicon scan), shared by figures."""

    def __init__(self, text: str, span: Span, hits: list[Hit], figures: tuple[Span, ...] = ()) -> None:
        self.text = text
        self.span = span
        self.figures = figures  # every figure of the sentence, for coordination scope
        self.triggers = _outermost(
            [
                Trigger(h.event, h.weight, (h.start, h.end), loss=h.kind == "loss", weak=h.kind == "weak")
                for h in hits
                if h.kind in ("trigger", "weak", "loss") and not _in_name(text, h.start, h.end)
            ]
        )
        self.breaks = [(h.start, h.end) for h in hits if h.kind == "break"]
        s0, s1 = span
        self.commas: list[int] = []
        i = text.find(",", s0, s1)
        while i >= 0:
            self.commas.append(i)
            i = text.find(",", i + 1, s1)
        self._words: list[int] | None = None  # word starts, built when a sentence has many triggers
        self._starts: list[int] = []
        self._longest = 0

    def _near(self, fig: Span) -> list[Trigger]:
        """The triggers that can clear FLOOR for a figure at ``fig``: all of them in a sentence
        with few, else those fewer than ``reach`` words away (every other one is cut off by the
        distance penalty alone, so leaving it out changes no result while a run-on sentence
        with a trigger every few words costs linear, not quadratic, time)."""
        if len(self.triggers) <= _MANY_TRIGGERS:
            return self.triggers
        if self._words is None:
            self._words = [m.start() for m in _NON_SPACE_RUN.finditer(self.text, *self.span)]
            self._starts = [t.span[0] for t in self.triggers]  # in order: hits come sorted by start
            self._longest = max(t.span[1] - t.span[0] for t in self.triggers)
        words, reach = self._words, rules().reach
        i = bisect_left(words, fig[0]) - reach
        j = bisect_left(words, fig[1]) + reach
        lo = words[i] if i >= 0 else -1  # a trigger ending at or before lo has reach words between
        hi = words[j] if j < len(words) else self.span[1] + 1  # one starting at or after hi too
        first = bisect_left(self._starts, lo - self._longest)
        return [t for t in self.triggers[first : bisect_left(self._starts, hi)] if lo < t.span[1]]

    def best(
        self,
        fig: Span,
        noun_class: str | None,
        subject: Span | None = None,
        exclude: tuple[Span, ...] = (),
        relaxed: bool = False,
        lead: int | None = None,
    ) -> tuple[str, Span, float, bool] | None:
        """The winning trigger for a figure at ``fig`` whose noun (at ``subject``) is of ``noun_class``.

        Weak triggers (class nouns such as "troops", "refugees") count only as the
        figure's own noun. ``relaxed`` ignores distance: the strongest compatible
        trigger anywhere in the sentence (for long lists sharing one verb).
        Triggers inside ``exclude`` (the names of sources, e.g. "Air Force") are
        not events. Returns (event, trigger span, score, weak).
        """
        best: tuple[str, Span, float, bool] | None = None
        loose: tuple[str, Span, float, bool] | None = None  # the best trigger scoped to another conjunct
        scoped = len(self.figures) > 1
        for t in self.triggers if relaxed else self._near(fig):
            if t.span[0] < fig[1] and fig[0] < t.span[1]:
                continue  # the figure's own words ("hundreds") are not a trigger
            if any(a <= t.span[0] and t.span[1] <= b for a, b in exclude):
                continue
            head = t.span[1] <= fig[0] and bool(_NOUN_OF.fullmatch(self.text, t.span[1], fig[0]))
            if t.weak and not head and not (subject and t.span[0] < subject[1] and subject[0] < t.span[1]):
                continue
            event = t.event
            if t.loss:  # resolved by the noun, or by the paragraph when the noun says nothing
                event = _LOSS_BY_CLASS.get(noun_class or "", "loss")
            elif noun_class == "structures" and event == "attacks":
                event = "destroyed"  # "strikes on two houses": what happened to the houses
            elif noun_class == "materiel" and event == "captive":
                event = "other"  # "seized 310 firearms": equipment taken is neither held people nor destroyed
            if not compatible(event, noun_class):
                continue
            a, b = (t.span[1], fig[0]) if t.span[1] <= fig[0] else (fig[1], t.span[0])
            # a hedge before the figure is part of it: "killed more than 70" is as close as "killed 70"
            dist = _words_between(self.text, a, lead if lead is not None and a <= lead < b else b)
            # a break right after the figure opens its own clause ("39 of which were shot down")
            nbreaks = sum(1 for s, e in self.breaks if a <= s and e <= b and not self._partitive(fig, (s, e)))
            ncommas = bisect_left(self.commas, b) - bisect_left(self.commas, a)
            weight = t.weight
            if subject and fig[1] <= t.span[0] and t.span[1] <= subject[0]:
                weight *= 0.8  # "nine wounded people died": a modifier of the noun, not what happened to it
            per_word = DIST_PENALTY
            if t.span[0] >= fig[1] and nbreaks == 0 and ncommas == 0:
                per_word = DIST_PENALTY / 2  # the predicate of the figure's own clause, past its noun phrase
            score = weight - per_word * dist - BREAK_PENALTY * nbreaks - COMMA_PENALTY * ncommas
            if head:
                score = weight  # "a population of about 2.3 million": the noun the figure measures
            if relaxed:
                score = weight - 0.001 * dist
            elif (
                scoped
                and score >= FLOOR
                # a trigger that cannot win even unpenalised needs no scope (best only grows)
                and (best is None or best[2] < FLOOR or score >= best[2])
                and self._other_conjunct(fig, t.span)
            ):
                if loose is None or score > loose[2]:  # the first of the best kept, as below
                    loose = (event, t.span, score, t.weak)
                score -= BREAK_PENALTY
            longer = best is not None and score == best[2] and t.span[1] - t.span[0] > best[1][1] - best[1][0]
            if best is None or score > best[2] or longer:
                best = (event, t.span, score, t.weak)
        if best is None or best[2] < FLOOR:
            # nothing in the figure's own conjunct: a shared verb across it still governs it
            return loose if loose is not None and (best is None or loose[2] > best[2]) else None
        return best

    def _other_conjunct(self, fig: Span, trig: Span) -> bool:
        """Whether ``trig`` sits across a coordinator from ``fig``, within SCOPE_WORDS words of another
        figure on its own side: it governs that figure ("killed 13 and wounded 19": wounded is 19's)."""
        before = trig[1] <= fig[0]
        a, b = (trig[1], fig[0]) if before else (fig[1], trig[0])
        coord = rules().coordinator
        gap = [m.span() for m in coord.finditer(self.text, a, b)]
        if not gap:
            return False
        for g in self.figures:
            if g[0] < fig[1] and fig[0] < g[1]:
                continue
            if (g[1] > gap[0][0]) if before else (g[0] < gap[-1][1]):
                continue  # on this figure's side of the coordinator
            lo, hi = (g[1], trig[0]) if g[1] <= trig[0] else (trig[1], g[0])
            if lo > hi:
                continue
            between = self.text[lo:hi]
            # after g and before this figure, the trigger is g's own predicate ("850 people were killed
            # and some 192,000 were displaced"); after both it may be shared ("71 drones and nine missiles
            # were shot down"), so there only a modifier next to g is g's
            limit = SCOPE_WORDS if trig[1] <= g[0] else SCOPE_WORDS_BETWEEN if before else SCOPE_WORDS_AFTER
            if len(between.split()) <= limit and coord.search(between) is None:
                return True
        return False

    def _partitive(self, fig: Span, brk: tuple[int, int]) -> bool:
        """'39 of which were shot down': a break right after the figure opens its own clause."""
        return self.text[fig[1] : brk[1]].lower().split() in (["of", "which"], ["of", "whom"])

    def topic(self) -> str | None:
        """The sentence's strongest trigger event, for figures in later sentences that have none."""
        strong = [t for t in self.triggers if not t.loss and t.weight >= 0.9]
        if not strong:
            return None
        return max(strong, key=lambda t: t.weight).event


def topic(hits: list[Hit]) -> str | None:
    """``SentenceEvents(text, sentence, hits).topic()`` straight from the hits: figure-less
    sentences need only this, not the triggers, clause breaks and commas of the whole object."""
    best: Hit | None = None
    for h in hits:
        if h.kind in ("trigger", "weak") and h.weight >= 0.9 and (best is None or h.weight > best.weight):
            best = h  # the first of the heaviest, as max() picks
    return best.event if best is not None else None


_LOSS_BY_CLASS = {
    "materiel": "destroyed",
    "structures": "destroyed",
    "people": "killed",
    "personnel": "killed",
    "places": "other",
}


def compatible(event: str, noun_class: str | None) -> bool:
    """Whether an event can be said of a figure counting ``noun_class`` things: equipment and
    buildings are not killed or held, people are not destroyed and are not attacks (an attack
    "aimed at three commanders" counts commanders, not attacks)."""
    if noun_class in ("materiel", "structures", "places"):
        return event not in rules().people_events
    if noun_class in ("people", "personnel"):
        return event not in ("destroyed", "attacks")
    return True


@cache
def _level_verbs() -> tuple[str, ...]:
    return tuple(load("events").get("level_verbs", []))


@cache
def _level_before() -> re.Pattern[str]:
    words = sorted(load("events").get("level_verbs", []), key=len, reverse=True)
    verbs = "|".join(re.escape(v) for v in words)
    return re.compile(
        rf"([A-Za-z]+)[ \u00a0]+(?:(?:have|has|had)[ \u00a0]+)?(?:{verbs or '(?!)'})"
        r"(?:[ \u00a0]+(?:to|at))?[ \u00a0]+(?:[a-z]+[ \u00a0]+){0,2}$"
    )


def noun_event_before(text: str, sentence_start: int, fig: Span) -> tuple[str, Span] | None:
    """A noun event that is the subject of a level verb before the figure ("cholera cases have
    risen to 312": the figure counts cases), as (event, noun span); else None."""
    lo = max(sentence_start, fig[0] - 60)
    window = text[lo : fig[0]]
    if not any(v in window for v in _level_verbs()):
        return None  # most figures have no level verb before them: a substring test, not a regex
    m = _level_before().search(text, lo, fig[0])
    if m is None:
        return None
    event = rules().noun_event.get(m.group(1).lower())
    return (event, m.span(1)) if event else None


def noun_event(word: str | None) -> str | None:
    """The event a figure counting ``word`` takes whatever else its sentence says ("eight massacres"
    are attacks, "11 graves" other, "29,000 homicides" killed), or None."""
    if not word:
        return None
    return rules().noun_event.get(word.lower())


def noun_class(word: str | None) -> str | None:
    if not word:
        return None
    return rules().noun_class.get(word.lower())

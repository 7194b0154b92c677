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
from .vocab import fold, load, longest_first

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
    # "the faction fields up to 1,500 men": a verb of having right before fighters counts a force
    force_verb: re.Pattern[str]
    # "the prison, which holds 900 inmates": places of detention whose "held" is detention
    holders: frozenset[str]
    # "120 inmates escaped": people in custody, and the verbs that say they got out of it
    custody_nouns: frozenset[str]
    escape: re.Pattern[str]
    # "hundreds of militants overran the post": the verbs by which armed people act on others, and the
    # attack verbs among them (which need no object: "some 300 gunmen attacked, killing 40")
    agent_verbs: frozenset[str]
    attack_verbs: frozenset[str]
    object_starts: frozenset[str]
    # words that cannot stand between a figure and its own noun: clause breaks and coordinators
    agent_gap_stops: frozenset[str]


@cache
def rules() -> Rules:
    d = load("events")
    classes = {w: cls for cls, ws in d["noun_classes"].items() for w in ws}
    classes.update((w, "people") for w in d["collective_people"])  # "the remaining 19 crew"
    heaviest = max([1.0, float(d["weak_weight"]), *(float(t["weight"]) for t in d["triggers"].values())])
    reach = math.floor((heaviest - FLOOR) / (DIST_PENALTY / 2)) + 1
    coords = sorted(d["coordinators"], key=len, reverse=True)
    alternatives = "|".join(re.escape(c) for c in coords)
    coordinator = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
    noun_event = {w: ev for ev, ws in d.get("noun_events", {}).items() for w in ws}
    people, materiel = frozenset(d["people_events"]), frozenset(d["materiel_events"])
    name_words = frozenset(w.lower() for w in d.get("name_words", []))
    verbs = "|".join(re.escape(v) for v in sorted(d["force_verbs"], key=len, reverse=True))
    force_verb = re.compile(rf"(?<!\w)(?:{verbs or '(?!)'})[ \u00a0]+$", re.IGNORECASE)
    holders = frozenset(w.lower() for w in d.get("detention_holders", []))
    custody = frozenset(w.lower() for w in d.get("custody_nouns", []))
    escapes = "|".join(re.escape(v) for v in sorted(d.get("escape_verbs", []), key=len, reverse=True))
    escape = re.compile(
        rf"[ \u00a0]+(?:who[ \u00a0]+)?(?:(?:had|have|has)[ \u00a0]+)?(?:{escapes or '(?!)'})(?!\w)",
        re.IGNORECASE,
    )
    agents = set(d.get("agent_events", []))
    one_word = {ev: {p.lower() for p in t["phrases"] if " " not in p} for ev, t in d["triggers"].items()}
    agent_verbs = {w.lower() for w in d.get("agent_verbs", [])}
    attack_verbs = one_word.get("attacks", set())
    for ev in agents:
        agent_verbs |= one_word.get(ev, set())
    return Rules(
        classes, people, materiel, reach, coordinator, noun_event, name_words, force_verb, holders, custody,
        escape, frozenset(agent_verbs), frozenset(attack_verbs),
        frozenset(w.lower() for w in d.get("object_starts", [])),
        frozenset(w.lower() for w in [*d["clause_breaks"], *d["coordinators"], "who", "which", "that"]),
    )


#: above this many triggers in a sentence, ``best`` looks only within reach of the figure
_MANY_TRIGGERS = 16
_NON_SPACE_RUN = re.compile(r"\S+")
#: "population of about", "a force of some": a class noun the figure after "of" measures (a hedge between)
#: also a noun whose parts follow: "the detainees, who include three women"
_NOUN_OF = re.compile(
    r"(?:[ \u00a0]+of|,?[ \u00a0]+(?:(?:who|which)[ \u00a0]+)?(?:include|included|includes|including)"
    r"|,?[ \u00a0]+among[ \u00a0]+(?:them|whom|those))"
    r"[ \u00a0]+(?:[a-z]+[ \u00a0]+){0,2}",
    re.IGNORECASE,
)


#: between a part and its whole: "nine of the 38 bodies", "11 of its 40 wounded"
_PARTITIVE_GAP = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:(?:the|its|their|his|her|our)[ \u00a0]+)?", re.I)

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


def _holder_compound(text: str, start: int, event: str) -> bool:
    """A custody word written as the second half of a hyphened modifier ("the rebel-held east",
    "government-held districts") says who holds a place, not that people are held."""
    return event in ("captive", "detained") and start > 0 and text[start - 1] == "-"


_BY_NEXT = re.compile(r"[ \u00a0]+by[ \u00a0]", re.I)


def _used_by(text: str, start: int, end: int, event: str) -> bool:
    """'used' followed by 'by' describes a noun ("14 vehicles used by the gang"): the things a group
    used, not the attacks it made with them ("used 40 drones")."""
    return event == "attacks" and text[start:end].lower() == "used" and _BY_NEXT.match(text, end) is not None


_DIGIT_NEXT = re.compile(r"[ \u00a0]*[#.:]?[ \u00a0]*\d")


@cache
def _label_heads() -> frozenset[str]:
    return frozenset(load("noclaim")["strict_name_heads"])


def _labels_number(text: str, start: int, end: int) -> bool:
    """A trigger that is a label's head ("at numbers 10 and 14", "Phase 2") counts nothing: the
    number after it is a name (the filters drop it), not what it measures."""
    return fold(text[start:end]) in _label_heads() and _DIGIT_NEXT.match(text, end) is not None


#: "traffic has fallen by about 65 percent": a fall of a level, not the fallen in battle
_FALL_BY = re.compile(r"[ \u00a0]+(?:by|to|from|sharply|steeply)(?!\w)", re.I)


def _level_fall(text: str, start: int, end: int) -> bool:
    """A "fallen" followed by "by", "to" or "from" ("has fallen by 65 percent", "had fallen to 40") says
    a number went down (a level verb): no death."""
    return text[start:end].lower() == "fallen" and _FALL_BY.match(text, end) is not None


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


#: "held in Lorvanian jails", "still held at a detention camp", "held without charge under
#: administrative detention": what stands between a captive "held" and a detention word after it
#: (a short adverbial, then the preposition of the place or regime holding them, then its modifiers)
_HELD_IN = re.compile(
    r"[ \u00a0]+(?:without[ \u00a0]+[\w'’-]+[ \u00a0]+)?(?:in|at|under|inside)[ \u00a0]+"
    r"(?:[\w'’-]+[ \u00a0]+){0,2}$",
    re.IGNORECASE,
)


_HOLD_VERBS = frozenset({"held", "hold", "holds", "holding"})
#: what may stand between a place of detention and its "held": an aside in commas, "which", "now"
_HOLDER_THEN_HOLDS = re.compile(
    r"(?:[ \u00a0]*,[^,;:.()]{1,80},)?[ \u00a0]*(?:,[ \u00a0]*)?(?:(?:which|that)[ \u00a0]+)?"
    r"(?:(?:now|still|currently|then)[ \u00a0]+)?",
    re.IGNORECASE,
)


@cache
def _occasions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """events.json ``held_occasions`` as the subject of a passive "held" ("Funerals for six of the victims
    were held") and as the object of an active one ("the town held funerals for")."""
    alt = "|".join(
        re.escape(w).replace(r"\ ", r"[ \u00a0]+")
        for w in sorted(load("events")["held_occasions"], key=len, reverse=True)
    )
    return (
        re.compile(
            rf"(?<!\w)(?:{alt})(?!\w)[^;:.!?]{{0,80}}?(?<!\w)(?:was|were|is|are|be|been|being)[ \u00a0]+"
            r"(?:[a-z]+ly[ \u00a0]+)?$",
            re.I,
        ),
        re.compile(rf"[ \u00a0]+(?:[\w'’-]+[ \u00a0]+)?(?:{alt})(?!\w)", re.I),
    )


def _occasion_held(text: str, sentence_start: int, start: int, end: int, event: str) -> bool:
    """A "held" whose subject or object is an occasion ("Funerals for six of the victims were held",
    "the village held funerals for 12") says the occasion took place: no one is held captive."""
    if event != "captive" or fold(text[start:end]) not in _HOLD_VERBS:
        return False
    passive, active = _occasions()
    return (
        passive.search(text, max(sentence_start, start - 120), start) is not None
        or active.match(text, end) is not None
    )


def _held_in_detention(text: str, triggers: list[Trigger]) -> list[Trigger]:
    """A captive "held" followed by "in" and a detention word ("100 of its members held in
    Lorvanian jails", "held in the regime's prisons") is detention: jails, prisons and cells are
    where authorities hold people, a hostage is held by captors (the data lists only the bare
    phrases, "held in prisons"; the words between may be anything short). So is a "held" or
    "holds" whose subject is such a place ("the prison, which holds about 900 inmates"): the
    words of ``detention_holders`` right before it, past an aside in commas or "which"."""
    out = triggers
    holders = rules().holders
    for i, t in enumerate(triggers):
        if t.event != "captive" or fold(text[t.span[0] : t.span[1]]) not in _HOLD_VERBS:
            continue
        before = triggers[i - 1] if i else None
        if (
            before is not None
            and before.event == "detained"
            and fold(text[before.span[0] : before.span[1]]) in holders
            and _HOLDER_THEN_HOLDS.fullmatch(text, before.span[1], t.span[0])
        ):
            # "the jail, built for 300, held 1,100 people", "the country's prisons hold 31,000
            # inmates": a place of detention is the one holding, so its people are detained
            if out is triggers:
                out = list(triggers)
            out[i] = t._replace(event="detained", weight=before.weight)
            continue
        if fold(text[t.span[0] : t.span[1]]) != "held":
            continue
        for u in triggers[i + 1 : i + 4]:
            if u.event == "detained" and _HELD_IN.fullmatch(text, t.span[1], u.span[0]):
                if out is triggers:
                    out = list(triggers)
                out[i] = t._replace(event="detained", weight=u.weight)
                break
    return out


#: a part's place among others right after its noun: "60 members among the escapees"
#: an article or a demonstrative right before a singular attack noun: "the attack", "an air strike"
_ONE_BEFORE = re.compile(r"(?<!\w)(?:a|an|the|this|that)[ \u00a0]+$", re.I)
_AMONG_AFTER = re.compile(r"[ \u00a0]+among[ \u00a0]+(?:the|its|their|those)[ \u00a0]", re.I)
#: a fronted whole: "Among the victims …", "Among those …" (the trigger follows)
_AMONG_BEFORE = re.compile(r"(?<!\w)among[ \u00a0]+(?:the|those)[ \u00a0]+$", re.I)
#: the verb that names its parts: "… were at least 11 women"
_AMONG_VERB = re.compile(
    r"(?<!\w)(?:were|are|was|is|included|include|includes)(?:[ \u00a0]+[\w'’-]+){0,2}[ \u00a0]+$", re.I
)
#: a relative pronoun that opens the figure's own clause ("260 people who had fled")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
#: from a figure to the next one in one noun phrase of two counts: "28[ soldiers and ]9 civilians killed"
_NOUN_PAIR = re.compile(r"[ \u00a0]+[a-z][\w'’-]*[ \u00a0]+(?:and|or)[ \u00a0]+", re.I)
#: a nounless whole after a part, up to its relative pronoun: "1,300 [of those ]who fled"
_OF_THOSE = re.compile(r"[ \u00a0]+of[ \u00a0]+those[ \u00a0]+(?=(?:who|that)[ \u00a0])", re.I)
#: a short aside in brackets ("Two peacekeepers from the mission (WASMO) were killed") is no clause
_SHORT_ASIDE = 3
_SHORT_DASHED = 5  # words of an aside between two dashes: "— nearly the whole village —"
#: "the number of people arrested had risen to 540": a trigger in the noun phrase whose value the figure is
_NUMBER_OF = re.compile(
    r"(?<!\w)(?:number|numbers|count|tally|total)[ \u00a0]+of[ \u00a0]+(?:[\w'’-]+[ \u00a0]+){0,3}$", re.I
)
_VALUE_GAP = re.compile(r"[^;:()\d]{0,120}?(?<!\w)(?:at|to|includes|included)[ \u00a0]+[\"“]?$", re.I)
#: after a figure in a toll's qualifier, the toll's own level verb: "… on five villages rose to"
_LEVEL_TO = re.compile(
    r"[^;:()\d,]{0,40}?(?<!\w)(?:rose|has[ \u00a0]+risen|had[ \u00a0]+risen|climbed|jumped|increased|reached)"
    r"(?:[ \u00a0]+(?:to|at))?[ \u00a0]+$",
    re.I,
)
#: trigger nouns that have a value of their own: "bringing the death toll since the fighting began to 64"
_VALUED = frozenset({"toll", "death toll"})
#: what can happen to people whatever their state: a hostage or a refugee can be killed, hurt or lost
FATES = frozenset({"killed", "injured", "missing"})


@cache
def _lost_things() -> re.Pattern[str]:
    """events.json ``loss_objects`` right after a loss word, past a possessive: "lost power", "would
    lose their heating", "lost access to"."""
    words = sorted(load("events")["loss_objects"], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)
    return re.compile(rf"[ \u00a0]+(?:(?:their|its|his|her|our|all)[ \u00a0]+)?(?:{alt})(?![\w-])", re.I)


def _lost_thing(text: str, end: int, sentence_end: int) -> bool:
    """Whether a loss word's object is a service or a means of living ("900,000 consumers lost supply",
    "120,000 households would lose heating", "lost their jobs"): the people lost a thing, not their
    lives, so the word tells no death (an 'other' trigger), whatever the figure's noun."""
    return _lost_things().match(text, end, sentence_end) is not None


@cache
def _other_weight() -> float:
    """The weight of events.json's 'other' triggers, which a loss of a thing reads as."""
    return float(load("events")["triggers"]["other"]["weight"])


class SentenceEvents:
    """Triggers and clause breaks of one sentence (from the paragraph's lexicon scan), shared by figures."""

    def __init__(self, text: str, span: Span, hits: list[Hit], figures: tuple[Span, ...] = ()) -> None:
        self.text = text
        self.span = span
        self.figures = figures  # every figure of the sentence, for coordination scope
        self.triggers = _held_in_detention(
            text,
            _outermost(
                [
                    Trigger("other", _other_weight(), (h.start, h.end))
                    if h.kind == "loss" and _lost_thing(text, h.end, span[1])
                    else Trigger(
                        h.event, h.weight, (h.start, h.end), loss=h.kind == "loss", weak=h.kind == "weak"
                    )
                    for h in hits
                    if h.kind in ("trigger", "weak", "loss")
                    and not _in_name(text, h.start, h.end)
                    and not _holder_compound(text, h.start, h.event)
                    and not _used_by(text, h.start, h.end, h.event)
                    and not _labels_number(text, h.start, h.end)
                    and not _level_fall(text, h.start, h.end)
                    and not _occasion_held(text, span[0], h.start, h.end, h.event)
                ]
            ),
        )
        self.breaks = _without_short_asides(
            text, [(h.start, h.end) for h in hits if h.kind == "break" and not _adverb(text, h.start, h.end)]
        )
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
        """``_best``, except that a share of a whole of people ("a quarter of the Front's infantry", "30
        per cent of arrivals") counts what its whole's own noun names rather than what a word before the share
        says ("convicts recruited from prison camps now make up a quarter of the Front's infantry":
        forces, not the prison's detained): the whole is the noun the figure counts. A predicate after
        the whole ("a third of the fighters were killed") and a verb right before the share ("shot down
        87% of the drones") still win as before."""
        found = self._best(fig, noun_class, subject, exclude, relaxed, lead)
        if (
            found is None
            or subject is None
            or found[1][1] > fig[0]
            or noun_class not in _PEOPLE_OR_NONE
            or not self._share_of(fig, subject)
        ):
            return found  # a share of things ("91 per cent of drones stopped") is read as before
        start = lead if lead is not None and found[1][1] <= lead <= fig[0] else fig[0]
        if _words_between(self.text, found[1][1], start) <= 1:
            return found  # "intercepted 87% of the drones": the share's own verb says what happened to it
        for t in self.triggers:
            if (
                t.span[0] < subject[1]
                and subject[0] < t.span[1]
                and t.event != "other"
                and not t.loss
                and compatible(t.event, noun_class)
            ):
                return (t.event, t.span, t.weight, False)
        return found

    def _share_of(self, fig: Span, subject: Span) -> bool:
        """Whether the figure is a share ("a quarter", "30 per cent") and the subject its whole after "of"."""
        return (
            _SHARE_FIGURE.search(self.text, fig[0], fig[1]) is not None
            and _SHARE_OF.fullmatch(self.text, fig[1], subject[0]) is not None
        )

    def _best(
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
        fate: tuple[str, Span, float, bool] | None = None  # the best fate predicate after the figure's noun
        scoped = len(self.figures) > 1
        # "260 people who had fled": the relative clause of the figure's own noun is its predicate
        own_clause = self._relative_after(subject) if subject else self._whole_relative(fig)
        for t in self.triggers if relaxed else self._near(fig):
            if t.span[0] < fig[1] and fig[0] < t.span[1]:
                continue  # the figure's own words ("hundreds") are not a trigger
            if any(a <= t.span[0] and t.span[1] <= b for a, b in exclude):
                continue
            if scoped and self._written_on(t.span, fig):
                continue  # "410 children and 75 wounded people": another figure's own word, never shared
            head = t.span[1] <= fig[0] and (
                bool(_NOUN_OF.fullmatch(self.text, t.span[1], fig[0])) or self._among(t.span, fig)
            )
            if (
                t.weak
                and not head
                and not (subject and t.span[0] < subject[1] and subject[0] < t.span[1])
                and not self._number_of(t.span, fig, lead)
            ):
                continue  # "put the number of fighters defending the city at 2,000": what the figure counts
            event = t.event
            if t.weak and event == "forces" and _AMONG_AFTER.match(self.text, t.span[1]):
                continue  # "had at least 60 members among the escapees": a part of other people, no force
            if t.loss:  # resolved by the noun, or by the paragraph when the noun says nothing
                event = _LOSS_BY_CLASS.get(noun_class or "", "loss")
            elif noun_class == "structures" and event == "attacks":
                event = "destroyed"  # "strikes on two houses": what happened to the houses
            elif noun_class in ("people", "personnel") and event == "destroyed" and _HIT.match(
                self.text, t.span[0]
            ):
                event = "injured"  # "40 protesters were hit by pellets": people hit are wounded
            elif (
                event == "forces"
                and noun_class == "people"
                and fold(self.text[t.span[0] : t.span[1]]) in _armed_only()
            ):
                event = "other"  # "has flown in 35 extra doctors": people moved, not a force
            elif (
                noun_class == "places"
                and event == "destroyed"
                and fold(self.text[t.span[0] : t.span[1]]) in _places_left()
            ):
                event = "other"  # "96 villages have been abandoned": their people left, nothing was destroyed
            elif noun_class in ("materiel", "structures", "places") and event == "captive":
                # "seized 310 firearms", "captured three villages": things taken are neither held people
                # nor destroyed
                event = "other"
            elif (
                noun_class == "personnel"
                and event == "other"
                and fold(self.text[t.span[0] : t.span[1]]) == "carrying"
            ):
                event = "forces"  # "a convoy of 16 vehicles carrying 350 troops": a force moved
            if not compatible(event, noun_class):
                continue
            if event == "attacks" and noun_class in _PEOPLE_OR_NONE and self._circumstance(t.span, fig):
                continue  # "killed a commander and 7 of his bodyguards in a bombing raid": how, not what
            a, b = (t.span[1], fig[0]) if t.span[1] <= fig[0] else (fig[1], t.span[0])
            # a hedge before the figure is part of it: "killed more than 70" is as close as "killed 70"
            dist = _words_between(self.text, a, lead if lead is not None and a <= lead < b else b)
            # a break right after the figure opens its own clause ("39 of which were shot down")
            nbreaks = sum(
                1
                for s, e in self.breaks
                if a <= s and e <= b and not self._partitive(fig, (s, e)) and (s, e) != own_clause
            )
            ncommas = bisect_left(self.commas, b) - bisect_left(self.commas, a)
            if nbreaks and not head and self._one_attack(t, event):
                continue  # "42 pickers … when the attack began": one attack, another clause's, no count
            weight = t.weight
            if subject and fig[1] <= t.span[0] and t.span[1] <= subject[0]:
                if event == "other":
                    continue  # "70 percent of its remaining forces": a modifier that says no event
                if event == "attacks" and noun_class == "materiel":
                    continue  # "seized four assault rifles": the kind of weapon, not a strike made
                weight *= 0.8  # "nine wounded people died": a modifier of the noun, not what happened to it
            per_word = DIST_PENALTY
            if t.span[0] >= fig[1] and nbreaks == 0 and ncommas == 0:
                per_word = DIST_PENALTY / 2  # the predicate of the figure's own clause, past its noun phrase
            score = weight - per_word * dist - BREAK_PENALTY * nbreaks - COMMA_PENALTY * ncommas
            main = subject is not None and self._main_predicate(subject, t.span)
            if head or main or self._number_of(t.span, fig, lead) or self._held_after(subject, t):
                # "a population of about 2.3 million", "the number of people arrested rose to 540":
                # the noun the figure measures
                score = weight
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
            if (
                subject
                and event in FATES
                and not t.weak
                and t.span[0] >= subject[1]
                and nbreaks == 0
                and ncommas == 0
                and score >= FLOOR
                and (fate is None or score > fate[2])
                # "88 civilian deaths and 301 injuries": another figure's own noun is no predicate
                and not any(
                    subject[1] <= g[0] and g[1] <= t.span[0] and len(self.text[g[1] : t.span[0]].split()) <= 1
                    for g in self.figures
                )
            ):
                fate = (event, t.span, score, t.weak)
        if (
            fate is not None
            and best is not None
            and subject is not None
            and best[0] != fate[0]
            and best[1][0] < subject[1]
            and subject[0] < best[1][1]
        ):
            # "29 hostages ... were killed", "two fellow captives had died", "6 of the wounded died":
            # the noun says who they were, the predicate what happened to them
            return fate
        if best is None or best[2] < FLOOR:
            # nothing in the figure's own conjunct: a shared verb across it still governs it
            return loose if loose is not None and (best is None or loose[2] > best[2]) else None
        return best

    def _one_attack(self, t: Trigger, event: str) -> bool:
        """Whether an attack trigger is a singular noun after an article or a demonstrative ("when the
        attack began", "after an air strike"): it names one attack, so a figure of another clause
        (cut off by a clause break, and not its "of" noun) cannot be a count of attacks by it."""
        if event != "attacks" or t.event != "attacks":
            return False
        word = fold(self.text[t.span[0] : t.span[1]])
        if word.endswith("s"):
            return False
        return _ONE_BEFORE.search(self.text, max(0, t.span[0] - 6), t.span[0]) is not None

    def _among(self, trig: Span, fig: Span) -> bool:
        """Whether the trigger is the noun of a fronted "Among the victims … were" whose part the figure
        is ("Among the victims identified by the council were at least 11 women"): the whole says what
        its parts count, as the noun of "of" does."""
        if _AMONG_BEFORE.search(self.text, max(self.span[0], trig[0] - 14), trig[0]) is None:
            return False
        gap = self.text[trig[1] : fig[0]]
        return len(gap) <= 80 and _AMONG_VERB.search(gap) is not None and not any(c in gap for c in ";:.")

    def _held_after(self, subject: Span | None, t: Trigger) -> bool:
        """A "held" in a detention place written right after the figure's noun ("in exchange for 31 of
        its fighters held in Lorvanian prisons") is that noun's own participle: it says where the
        people counted are, so it governs them as their main verb would, however near another verb."""
        return (
            subject is not None
            and t.event == "detained"
            and fold(self.text[t.span[0] : t.span[1]]) == "held"
            and subject[1] <= t.span[0]
            and not self.text[subject[1] : t.span[0]].strip()
        )

    def custody_of(self, event: str, span: Span | None, before: str | None, fig: Span) -> str:
        """A bare "held" says people are in custody, not whose: "nine journalists had been detained
        …, and that three were still held", "detained 96 fishermen. Of those, 30 were still held".
        With no captor's word in the sentence (hostage, kidnapped, seized, "held by"), it takes the
        detention of a detention word of the sentence (after it, only with no other figure between)
        or of the sentence before (``before``, the paragraph's event so far); else it stays captive."""
        if event != "captive" or span is None or fold(self.text[span[0] : span[1]]) not in _HOLD_VERBS:
            return event
        if any(t.event == "captive" and not t.weak and t.span != span for t in self.triggers):
            return event  # "abducted … still held", "hostages still held": a captor's word
        for t in self.triggers:
            if t.event != "detained" or t.weak:
                continue
            if t.span[1] <= span[0] or not any(
                span[1] <= g[0] and g[1] <= t.span[0] and g != fig for g in self.figures
            ):
                # "holds thousands of our sons in its dungeons at Darrow Prison"; not "was holding 41
                # and demanded the release of 100 … held in jails", where the jails are the 100's
                return "detained"
        return "detained" if before == "detained" else event

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
            if not before and g[1] <= trig[0] and _NOUN_PAIR.fullmatch(self.text, fig[1], g[0]):
                # "28 soldiers and 9 civilians killed": one noun phrase of two counts, its participle
                # after both shared, as "71 drones and nine missiles were shot down" shares its verb
                continue
            if len(between.split()) <= limit and coord.search(between) is None:
                return True
        return False

    def _circumstance(self, trig: Span, fig: Span) -> bool:
        """Whether an attack trigger after the figure stands in a phrase of circumstance ("in a bombing
        raid", "during an air strike"): it says how those counted were hit, not what the figure counts."""
        if trig[0] < fig[1]:
            return False
        return _circumstance_before().search(self.text, max(fig[1], trig[0] - 40), trig[0]) is not None

    def _written_on(self, trig: Span, fig: Span) -> bool:
        """Whether the trigger is written right after another figure of the sentence ("75 wounded"):
        that figure's own word (its noun or the modifier of its noun), which no other figure shares."""
        for g in self.figures:
            if g[1] <= trig[0] and g != fig and not self.text[g[1] : trig[0]].strip():
                # "nine of the 38 bodies": the whole's noun is its part's too
                return fig[1] > g[0] or _PARTITIVE_GAP.fullmatch(self.text, fig[1], g[0]) is None
        return False

    def _main_predicate(self, subject: Span, trig: Span) -> bool:
        """Whether the trigger is the main verb of the figure's noun past an aside or a relative clause
        that describes it ("three people, including a girl aged 4, were killed", "dozens of men who tried
        to flee across the river were shot"): the noun's own predicate, however long its description."""
        if trig[0] <= subject[1] or trig[0] - subject[1] > _PREDICATE_REACH:
            return False
        if any(subject[1] <= g[0] and g[1] <= trig[0] for g in self.figures):
            return False  # "120 trucks, escorted by 300 soldiers, was hit": an aside with a count of its own
        return _predicate_gap().fullmatch(self.text, subject[1], trig[0]) is not None

    def _relative_after(self, subject: Span) -> tuple[int, int] | None:
        """The relative pronoun right after the figure's noun ("people who had fled"), if any."""
        for s, e in self.breaks:
            if s >= subject[1]:
                gap = self.text[subject[1] : s]
                if len(gap) <= 2 and not gap.strip(" \u00a0,") and self.text[s:e].lower() in _RELATIVE:
                    return (s, e)
                return None
        return None

    def _whole_relative(self, fig: Span) -> tuple[int, int] | None:
        """The relative pronoun of a nounless whole the figure is part of ("1,300 of those who fled were
        children", "40 of those who were detained"): the clause describes the whole, so its verb says
        what the part counts, as the figure's own noun's relative clause does ("260 people who had
        fled")."""
        m = _OF_THOSE.match(self.text, fig[1], self.span[1])
        if m is None:
            return None
        return next(((s, e) for s, e in self.breaks if s == m.end()), None)

    def _number_of(self, trig: Span, fig: Span, lead: int | None) -> bool:
        """Whether the trigger sits in "the number of X <trigger>" and the figure is that number's value
        ("the number of people arrested had risen to 540", "put the number of soldiers killed by
        drone strikes at more than 1,000"): the trigger says what the figure counts, however far."""
        if trig[1] > fig[0]:
            return False
        valued = fold(self.text[trig[0] : trig[1]]) in _VALUED  # "the death toll … rose to 64"
        if not valued and _NUMBER_OF.search(self.text, max(self.span[0], trig[0] - 60), trig[0]) is None:
            return False
        end = lead if lead is not None and trig[1] <= lead <= fig[0] else fig[0]
        inner = [g for g in self.figures if trig[1] <= g[0] and g[1] <= end]
        if inner:
            # "the death toll from last week's attacks on five villages rose to 58": a figure in the
            # toll's qualifier is the qualifier's; the toll's value follows its level verb
            return (
                valued
                and _VALUE_GAP.fullmatch(self.text, trig[1], end) is not None
                and _LEVEL_TO.fullmatch(self.text, inner[-1][1], end) is not None
            )
        return _VALUE_GAP.fullmatch(self.text, trig[1], end) is not None

    def qualified(self, subject: Span) -> tuple[str, Span] | None:
        """A trigger in the qualifier of a noun that is itself no event ("23 cases of people who
        vanished", "nine cases in which police fired on crowds"): that trigger's event."""
        m = _QUALIFIER.match(self.text, subject[1], self.span[1])
        if m is None:
            return None
        lo, hi = m.end(), m.end() + 60
        for t in self.triggers:
            if lo <= t.span[0] < hi and not t.weak and not t.loss and t.event != "other":
                if _QUALIFIER_WORDS.fullmatch(self.text, m.end(), t.span[0]):
                    return (t.event, t.span)
                return None
        return None

    def _partitive(self, fig: Span, brk: tuple[int, int]) -> bool:
        """'39 of which were shot down': a break right after the figure opens its own clause."""
        return self.text[fig[1] : brk[1]].lower().split() in (["of", "which"], ["of", "whom"])

    def label(self, fig: Span, lead: int | None, noun_class: str | None) -> tuple[str, Span] | None:
        """A trigger written as the label of a list item right before a colon and the figure ("Dead:
        14", "Casualties - Killed: 14; Wounded: 31", "Civilians killed: 9"): the label names what the
        figure counts, as its own noun would, whatever a nearer item's label says; (event, span), else
        None. The label opens the sentence or an item (after a comma, semicolon, dash or bracket) and
        has at most two words before its trigger ("the minister said: 14 died" has no label)."""
        start = lead if lead is not None and lead <= fig[0] else fig[0]
        colon = self.text.rfind(":", self.span[0], start)
        if colon < 0 or self.text[colon + 1 : start].strip():
            return None  # most figures have no colon right before them
        for t in self.triggers:
            if t.span[1] > colon:
                break
            if t.weak or t.loss or self.text[t.span[1] : colon].strip():
                continue
            if _LABEL_LEAD.fullmatch(self.text, self.span[0], t.span[0]) is None:
                continue
            if t.event == "other" or not compatible(t.event, noun_class):
                return None
            return (t.event, t.span)
        return None

    def topic(self) -> str | None:
        """The sentence's strongest trigger event, for figures in later sentences that have none."""
        strong = [t for t in self.triggers if not t.loss and t.weight >= 0.9]
        if not strong:
            return None
        return max(strong, key=lambda t: t.weight).event


_PEOPLE_OR_NONE = frozenset({"people", "personnel", None})
#: a figure that is a share of a whole ("a quarter", "30 per cent", "40%", "half")
_SHARE_FIGURE = re.compile(r"(?:%|per[ \u00a0]?cent|half|thirds?|quarters?|fifths?|tenths?)$", re.I)
#: from a share to its whole's noun: "of", then at most two determiners or capitalised modifiers
_SHARE_OF = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:(?:the|its|their|[A-Z][\w'’-]*)[ \u00a0]+){0,2}")
#: a destroyed word that said of people says they were wounded ("40 protesters were hit by pellets")
_HIT = re.compile(r"hit(?=[ \u00a0]+by[ \u00a0])", re.I)
#: from the sentence's start to a label's trigger: anything up to the mark that opens the item (a comma,
#: semicolon, dash, bracket or bullet), then at most two words ("Civilians killed: 9")
_LABEL_LEAD = re.compile(r"(?:.*[,;(•*·—–-])?[ \u00a0]*(?:[\w'’-]+[ \u00a0]+){0,2}", re.S)


@cache
def _circumstance_before() -> re.Pattern[str]:
    """events.json ``circumstance_preps``, an article and at most one modifier, right before a trigger."""
    preps = sorted(load("events")["circumstance_preps"], key=len, reverse=True)
    alt = "|".join(re.escape(p).replace(r"\ ", r"[ \u00a0]+") for p in preps)
    return re.compile(rf"(?<!\w)(?:{alt})[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[\w-]+[ \u00a0]+)?$", re.I)


#: how far past its noun a figure's main verb may stand
_PREDICATE_REACH = 110


@cache
def _predicate_gap() -> re.Pattern[str]:
    """Between a figure's noun and its main verb: an aside in commas (no clause mark, no coordinated
    clause) or a relative clause without commas, then an auxiliary (events.json
    ``predicate_auxiliaries``) right before the verb."""
    words = sorted(load("events")["predicate_auxiliaries"], key=len, reverse=True)
    aux = "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)
    return re.compile(
        r"(?P<aside>[ \u00a0]*,[^,;:()—–]{3,80},"
        r"|[ \u00a0]+(?:who|that)[ \u00a0]+[^,;:()—–]{3,80}?"
        # "Three peacekeepers from the Malvinese contingent have been killed": a short prepositional
        # phrase of the noun, no figure and no clause mark in it
        r"|[ \u00a0]+(?:from|of|with)[ \u00a0]+[^,;:()—–\d]{3,50}?"
        # "38 houses, a school and a customs post had been burned": the rest of a list of nouns
        r"|[ \u00a0]*,[^,;:()—–\d]{3,60}?[ \u00a0]+and[ \u00a0]+[^,;:()—–\d]{3,40}?"
        # "40 wounded soldiers had been executed": the auxiliary right after the noun
        r"|)"
        # "are feared dead", "were confirmed killed": a word of knowing between the auxiliary and the verb
        rf"[ \u00a0]+(?:{aux})[ \u00a0]+(?:(?:all|later|then|reportedly|allegedly|also|now|still)[ \u00a0]+)?"
        r"(?:(?:feared|presumed|believed|thought|reported|confirmed|known)[ \u00a0]+"
        r"(?:to[ \u00a0]+be[ \u00a0]+|to[ \u00a0]+have[ \u00a0]+been[ \u00a0]+)?)?"
        # 'who resisted arrest were "neutralised"': a quote mark opening the verb is no word
        r"[\"“‘']?",
        re.IGNORECASE,
    )


_QUALIFIER = re.compile(r"[ \u00a0]+(?:of|in[ \u00a0]+which|where|involving)(?!\w)", re.I)
#: the words between a qualifier and its trigger: never a figure ("4,870 cases of measles and 31 deaths":
#: the deaths are the next figure's, not what the cases were)
_QUALIFIER_WORDS = re.compile(r"(?:[ \u00a0]+[A-Za-z][\w'’-]*){0,5}[ \u00a0]+")


#: "had since been killed": "since" between an auxiliary and its verb is an adverb, not a clause's opening
_AUX_BEFORE = re.compile(r"(?<!\w)(?:had|has|have)[ \u00a0]+$", re.I)
_VERB_AFTER = re.compile(r"[ \u00a0]+(?:been|[a-z]+ed)(?!\w)")


def _adverb(text: str, start: int, end: int) -> bool:
    """A "since" written between an auxiliary and its participle ("three of them had since been
    killed", "have since fled") says when, and opens no clause: it is no break."""
    return (
        text[start:end].lower() == "since"
        and _AUX_BEFORE.search(text, max(0, start - 6), start) is not None
        and _VERB_AFTER.match(text, end) is not None
    )


def _without_short_asides(text: str, breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause breaks without the brackets or the pair of dashes of a short aside: "(WASMO)" after a
    name is part of it, and "300 people — nearly the whole village — had fled" is one clause."""
    if not any(text[s] in "(—" for s, _ in breaks):
        return breaks
    drop: set[tuple[int, int]] = set()
    for i, (s, e) in enumerate(breaks):
        if text[s] not in "(—":
            continue
        shut = ")" if text[s] == "(" else "—"
        close = next((b for b in breaks[i + 1 :] if text[b[0]] == shut), None)
        limit = _SHORT_ASIDE if shut == ")" else _SHORT_DASHED
        if close is not None and (s, e) not in drop and len(text[e : close[0]].split()) <= limit:
            drop.update({(s, e), close})
    return [b for b in breaks if b not in drop]


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
    "animals": "other",
    "quantities": "other",
}


def compatible(event: str, noun_class: str | None) -> bool:
    """Whether an event can be said of a figure counting ``noun_class`` things: equipment and
    buildings are not killed or held, people are not destroyed and are not attacks (an attack
    "aimed at three commanders" counts commanders, not attacks)."""
    if noun_class == "places":  # "70 percent of the territory": no casualty and no force's size
        return event not in rules().people_events and event != "forces"
    if noun_class == "quantities":
        # "300,000 barrels per day": an amount is no casualty and no force's size, whatever a verb or
        # the figure before says; "seized 2.5 tonnes" keeps its seizure word (the ledger groups
        # seizures by it: reconcile_blind17)
        return event not in ("killed", "injured", "displaced", "missing", "forces")
    if noun_class == "occasions":  # "23 times": no casualty and no force's size
        return event not in rules().people_events and event != "forces"
    if noun_class in ("materiel", "structures"):
        return event not in rules().people_events
    if noun_class == "animals":  # "1,300 head of cattle had been stolen": a herd is not held, moved or
        # missing as people are, nor a force; "3,100 cattle were killed" still says they were killed
        return event not in ("captive", "detained", "displaced", "missing", "forces")
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
        # "cholera cases have risen to 312", "attacks on shipping had fallen by roughly a third"
        rf"([A-Za-z]+)(?:[ \u00a0]+(?:on|against|in|of)[ \u00a0]+[a-z]+)?"
        rf"[ \u00a0]+(?:(?:have|has|had)[ \u00a0]+)?"
        rf"(?:{verbs or '(?!)'})(?:[ \u00a0]+(?:to|at|by))?[ \u00a0]+(?:[a-z]+[ \u00a0]+){{0,2}}$"
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


#: the nouns a force is counted in besides the personnel class ("5,000 men under arms")
_FORCE_NOUNS = frozenset({"men"})


@cache
def _causative() -> re.Pattern[str]:
    """events.json ``causative_participles`` right after a figure's noun: "had 241 peacekeepers killed"."""
    words = sorted(load("events")["causative_participles"], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)
    return re.compile(rf"[ \u00a0]+(?:{alt})(?!\w)", re.I)


def force_size(
    text: str,
    sentence_start: int,
    fig: Span,
    lead: int | None,
    word: str | None,
    cls: str | None,
    noun_end: int | None = None,
) -> Span | None:
    """The verb of having right before a figure of fighters ("the faction fields up to 1,500 men",
    "the group has some 1,500 fighters", "we had 16 men in the convoy"), or a verb of events.json
    ``fleet`` right before a count of a navy's ships ("operates a fleet of 20 minelayers", "retains up
    to 60 vessels"): its span, for a force's size whatever else the sentence says; else None. A
    participle of what was done to them right after the noun ("has had 241 peacekeepers killed") makes
    "had" causative: no force."""
    end = lead if lead is not None and lead <= fig[0] else fig[0]
    if (word or "").lower() in _fleet()[0]:  # a navy's ships: "operates a fleet of around 20 minelayers"
        m = _fleet()[1].search(text, max(sentence_start, end - 20), end)
    elif cls != "personnel" and (word or "").lower() not in _FORCE_NOUNS:
        return None
    else:
        m = rules().force_verb.search(text, max(sentence_start, end - 12), end)
    if m is None:
        return None
    if noun_end is not None and _causative().match(text, noun_end) is not None:
        return None  # "the mission has had 241 peacekeepers killed": what happened to them, not a force
    if noun_end is not None and _AMONG_AFTER.match(text, noun_end) is not None:
        return None  # "had at least 60 members among the escapees": a part of other people, not a force
    verb = text[m.start() : m.end()].rstrip()
    return (m.start(), m.start() + len(verb))


@cache
def _fleet() -> tuple[frozenset[str], re.Pattern[str]]:
    """events.json ``fleet``: the nouns of a navy's ships and the verbs of having them right before a
    count ("operates a fleet of around 20 minelayers", "has nine countermeasure vessels")."""
    d = load("events")["fleet"]
    nouns = frozenset(w.lower() for w in d["nouns"])
    return nouns, re.compile(rf"(?<!\w)(?:{_alt(d['verbs'])})[ \u00a0]+$", re.I)


#: the agent of an action written before a figure: "an assault by about 5,000 troops", "were driven back
#: by 300 fighters"
_AGENT_BY = re.compile(r"(?<!\w)by[ \u00a0]+$", re.I)


def force_by(
    text: str, sentence_start: int, fig: Span, lead: int | None, word: str | None, cls: str | None
) -> Span | None:
    """A figure of armed people that is the agent of an action ("repelled an assault by about 5,000
    troops, killing dozens"): those who acted are a force, whatever the action did; the span of "by",
    else None."""
    if cls != "personnel" and (word or "").lower() not in _FORCE_NOUNS:
        return None
    end = lead if lead is not None and lead <= fig[0] else fig[0]
    m = _AGENT_BY.search(text, max(sentence_start, end - 4), end)
    return None if m is None else (m.start(), m.start() + 2)


#: after a force's noun: an auxiliary and an adverb, then the verb (one word, or "took control"), a comma
#: or the next word
_AGENT_GAP = re.compile(
    # "About eight men armed with machine guns and a rocket launcher boarded": how they were armed
    r"[”\"’]?(?:[ \u00a0]+armed[ \u00a0]+with[^,;:.()\d]{1,60}?(?=[ \u00a0]+[a-z]+ed\b))?"
    r"[ \u00a0]+(?:(?:have|has|had)[ \u00a0]+)?(?:(?:also|then|reportedly|allegedly|later)[ \u00a0]+)?"
    r"(?P<verb>[a-z-]+(?:[ \u00a0]+control)?)(?P<comma>[ \u00a0]*,)?(?:[ \u00a0]+(?P<next>[\w’'-]+))?"
)
#: people described as armed are armed people: "eight men armed with machine guns"
_ARMED_WITH = re.compile(r"[ \u00a0]+armed[ \u00a0]+with[ \u00a0]", re.I)
#: between two coordinated figures of a force ("200 soldiers and 350 police officers retook")
AGENT_AND = re.compile(r"[ \u00a0]+(?:and|or)[ \u00a0]+(?:(?:some|about|around|nearly|almost)[ \u00a0]+)?")


def force_agent(
    text: str, fig_end: int, sentence_end: int, cls: str | None, noun: Span | None
) -> Span | None:
    """A figure of armed people that is the subject of an active verb acting on others ("hundreds of
    militants overran the post", "some 200 soldiers and 350 police officers retook the prison", "some
    300 gunmen attacked, killing 40") counts the force that acted: the verb's span, else None. The
    verb must take an object, a figure, a name or a word that opens one ("12 soldiers killed in the
    ambush" and "19 officers have died so far" say what happened to them; "were killed" is no agent
    verb), except an attack verb right before a comma."""
    armed = noun is not None and cls == "people" and _ARMED_WITH.match(text, noun[1]) is not None
    if (cls != "personnel" and not armed) or noun is None or noun[0] < fig_end:
        return None  # "Eleven soldiers were killed and nine wounded": a noun before the figure is not its own
    r = rules()
    gap = fold(text[fig_end : noun[0]]).split()
    if len(gap) > 3 or any(w in r.agent_gap_stops for w in gap):
        return None  # "nine wounded when insurgents ambushed": the noun is another clause's subject
    m = _AGENT_GAP.match(text, noun[1], sentence_end)
    if m is None:
        return None
    words = m.group("verb").split()
    verb, nxt, end = fold(" ".join(words)), m.group("next"), m.end("verb")
    if verb not in r.agent_verbs and len(words) == 2:
        # "retook control of": the verb, and "control" its object
        verb, nxt, end = fold(words[0]), words[1], m.start("verb") + len(words[0])
    if verb not in r.agent_verbs:
        return None
    if m.group("comma"):
        if verb not in r.attack_verbs:
            return None
    elif nxt is None or not (nxt[:1].isdigit() or nxt[:1].isupper() or fold(nxt) in r.object_starts):
        return None
    return (m.start("verb"), end)


#: a whole of people in custody opening the sentence, then the bare figure: "Of the 1,347 prisoners held
#: at Kerrin Central Prison, 912"
_CUSTODY_WHOLE = re.compile(
    r"(?<!\w)[Oo]f[ \u00a0]+the[ \u00a0]+[\d,.]+[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,2}?(?P<noun>[a-z]+)"
    r"[^.;:!?\d]{0,80},[ \u00a0]*$"
)


@cache
def _strike_before() -> re.Pattern[str]:
    """events.json ``strike_verbs`` right before a figure (past an opening quote): "had hit six"."""
    words = sorted(load("events")["strike_verbs"], key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alt})[ \u00a0]+[\"“]?$", re.I)


def target_strike(text: str, sent_start: int, fig: Span, lead: int | None, word: str | None) -> Span | None:
    """A strike verb whose object is a count of targets ("missiles had hit six sites", "struck 9
    'terrorist infrastructure sites'", "struck 28 targets"): each target hit is a strike, so the
    figure counts attacks, whatever a target noun counts alone ("11 grave sites"); the verb's span,
    else None. A passive ("38 facilities had been hit") says what happened to them: not read here."""
    if not word or fold(word) not in _target_nouns():
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = _strike_before().search(text, max(sent_start, start - 14), start)
    if m is None:
        return None
    verb = text[m.start() : m.end()].rstrip(" \u00a0\"“")
    return (m.start(), m.start() + len(verb))


@cache
def _places_left() -> frozenset[str]:
    """events.json ``places_left``: destroyed words that, said of a place, say its people left it."""
    return frozenset(fold(w) for w in load("events")["places_left"])


@cache
def _armed_only() -> frozenset[str]:
    """events.json ``armed_only_forces``: words that move a force when they move armed people ("1,000
    police are being flown in"), and are a transfer of anyone else ("flown in 35 doctors")."""
    return frozenset(fold(w) for w in load("events")["armed_only_forces"])


@cache
def _target_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in load("events")["target_nouns"])


def escaped_custody(
    text: str, word: str | None, noun: Span | None, fig: Span | None = None, sent_start: int = 0
) -> Span | None:
    """The escape verb right after a figure's noun of people in custody ("more than 800 inmates
    escaped", "120 prisoners had broken out"), or right after a bare figure whose whole is such
    people ("Of the 1,347 prisoners held at the prison, 912 broke out"): an escape from custody is
    neither displacement nor captivity, so the figure counts 'other'; its span, else None."""
    custody = rules().custody_nouns
    if noun is None and fig is not None:
        whole = _CUSTODY_WHOLE.search(text, max(sent_start, fig[0] - 160), fig[0])
        if whole is None or whole.group("noun").lower() not in custody:
            return None
        at = fig[1]
    elif noun is None or (word or "").lower() not in custody:
        return None
    else:
        at = noun[1]
    m = rules().escape.match(text, at)
    if m is None:
        return None
    verb = text[m.start() : m.end()].strip()
    start = m.end() - len(verb)
    return (start, m.end())


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


@cache
def _arrival() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """events.json ``arrival_verbs``: before a figure of vehicles ("arrived on around 150 motorcycles",
    "arrived in Djabou aboard about 30 vehicles"), and after its noun (", carrying some 350 troops")."""
    verbs = "|".join(re.escape(v) for v in sorted(load("events")["arrival_verbs"], key=len, reverse=True))
    before = re.compile(
        rf"(?<!\w)(?P<verb>{verbs})(?:[ \u00a0]+[\w'’-]+){{0,3}}?[ \u00a0]+(?:on|in|aboard|by)"
        rf"(?:[ \u00a0]+(?:about|around|some|roughly|nearly|almost|at[ \u00a0]+least))?[ \u00a0]+$",
        re.I,
    )
    after = re.compile(rf"[ \u00a0]*,?[ \u00a0]*(?P<verb>{verbs})[ \u00a0]+", re.I)
    return before, after


def force_transport(
    text: str, sentence: Span, fig: Span, lead: int | None, cls: str | None, noun: Span | None
) -> Span | None:
    """The verb by which a count of vehicles carries a force ("the attackers arrived on around 150
    motorcycles", "a convoy of 16 vehicles, carrying some 350 troops"): the vehicles are the force's,
    so the figure counts a force; the verb's span, else None."""
    if cls != "materiel":
        return None
    before, after = _arrival()
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = before.search(text, max(sentence[0], start - 60), start)
    if m is not None and _armed_among(text[max(sentence[0], m.start() - 50) : m.start()].split()[-6:]):
        return m.span("verb")  # "the attackers arrived on …" (not "aid arrived in 40 trucks")
    if noun is not None:
        m = after.match(text, noun[1], sentence[1])
        if (
            m is not None
            and m.group("verb").lower().startswith("carr")
            and _armed_among(text[m.end() : m.end() + 40].split()[:4])
        ):
            return m.span("verb")
    return None


def _armed_among(words: list[str]) -> bool:
    """Whether one of the words names armed people (the personnel class: "attackers", "troops"), or
    calls them armed ("about 20 armed men arrived in three motorboats")."""
    bare = [w.strip(".,;:'’\"“”").lower() for w in words]
    return "armed" in bare or any(noun_class(w) == "personnel" for w in bare)


#: the armed noun an appositive figure stands beside: "The attackers, about 40 men …,", "The pirates, about 30
#: of them,"
_GROUP_BEFORE = re.compile(
    r"(?P<noun>[A-Za-z][\w-]*),[ \u00a0]+(?:(?:estimated|put|numbering)(?:[ \u00a0]+by[^,;:.\d]{1,40}?)?"
    r"(?:[ \u00a0]+at)?[ \u00a0]+)?$"
)
#: the rest of the appositive: a noun phrase with no verb of its own ("12 of whom were wounded" has one)
_APPOSITIVE_AFTER = re.compile(
    r"(?:(?!\b(?:who|whom|which|were|was|are|is|had|have|has)\b)[^,;:.()\d]){0,40},", re.I
)


def force_appositive(text: str, sent_start: int, fig: Span, lead: int | None) -> Span | None:
    """A figure in an appositive right after a noun of armed people ("The attackers, about 40 men on
    motorcycles, also shot dead a guard", "The pirates, about 30 of them, moved the crew") says how
    many they were: a force's size, whatever the clause's verb does to others. The noun's span, else
    None."""
    start = lead if lead is not None and lead < fig[0] else fig[0]
    m = _GROUP_BEFORE.search(text, max(sent_start, start - 80), start)
    if m is None:
        return None
    noun = m.group("noun").lower()
    if noun_class(noun) != "personnel" and noun not in rules().name_words:
        return None  # "the Guard, estimated at 200 men,": a body of armed men is named as they are
    if _APPOSITIVE_AFTER.match(text, fig[1]) is None:
        return None
    return m.span("noun")


@cache
def _site_holds() -> re.Pattern[str]:
    """events.json ``displacement_sites`` then ``site_verbs``, before a figure: "the camps, which once held
    about", "The sites around Bwenzi now shelter some"; or the site's possessive: "the camp's roughly"."""
    d = load("events")
    sites = longest_first(d["displacement_sites"])
    verbs = longest_first(d["site_verbs"])
    return re.compile(
        rf"(?<![\w-])(?:{sites})(?:(?![\w-])[^.;:!?\d]{{0,60}}?(?<![\w-])(?:{verbs})|['’]s)[ \u00a0]+"
        r"(?:(?:about|around|some|nearly|almost|roughly|more[ \u00a0]+than|over|up[ \u00a0]+to)[ \u00a0]+)?$",
        re.I,
    )


@cache
def _site_after() -> re.Pattern[str]:
    """A figure's people, then where they are: "3,214 people at the three temporary shelter areas", or
    past a verb of staying (events.json ``site_stays``): "people are now living in the sites". Other
    verbs reach no further than two words ("150 firefighters are working at the site" stay other)."""
    words = sorted(load("events")["displacement_sites"], key=len, reverse=True)
    sites = "|".join(re.escape(w) for w in words)
    stays = longest_first(load("events")["site_stays"])
    return re.compile(
        rf"[ \u00a0]+(?:(?:[\w-]+[ \u00a0]+){{0,3}}?(?:{stays})[ \u00a0]+|(?:[\w-]+[ \u00a0]+){{0,2}}?)"
        r"(?:at|in)[ \u00a0]+(?:the[ \u00a0]+)?(?:[\w-]+[ \u00a0]+){0,3}?"
        rf"(?:{sites})(?![\w-])",
        re.I,
    )


@cache
def _refuge_after() -> re.Pattern[str]:
    """A figure's people, then a verb that puts them at a refuge, a few words on in the same clause:
    "60 families camped in the market", "1,900 families (about 11,000 people) from the old quarter
    have moved in with relatives". No figure, clause mark or line break lies between (an aside in
    brackets is crossed). A refuge of their own is none ("residents are sheltering in their homes",
    "sheltering at home"), nor one from fire (events.json ``fire_shelters``: "hundreds of civilians are
    sheltering in the basement of the theatre" hide from shelling, they have not left)."""
    words = sorted(load("events")["refuge_verbs"], key=len, reverse=True)
    verbs = "|".join(re.escape(w) for w in words)
    fire = longest_first(load("events")["fire_shelters"])
    return re.compile(
        rf"(?:\([^()\n]{{0,60}}\)|[^.;:!?\d(\n]){{0,90}}?(?<![\w-])(?:{verbs})(?![\w-])"
        r"(?![ \u00a0]+(?:(?:in|inside|at|under)[ \u00a0]+(?:their|his|her|our|its)(?!\w)"
        r"|at[ \u00a0]+home(?!\w)"
        r"|(?:in|inside|at|under)[ \u00a0]+(?:(?:the|a|an)[ \u00a0]+)?(?:[\w'’-]+[ \u00a0]+){0,2}?"
        rf"(?:{fire})(?![\w-])))",
        re.I,
    )


@cache
def _refuge_words() -> frozenset[str]:
    return frozenset(fold(w) for w in load("events")["refuge_verbs"])


@cache
def _site_before() -> re.Pattern[str]:
    """A phrase of place that heads its sentence and names a displacement site, then the figure's
    clause: "In one camp near the river we found 300 people"."""
    words = sorted(load("events")["displacement_sites"], key=len, reverse=True)
    sites = "|".join(re.escape(w) for w in words)
    return re.compile(
        r"[\s\"“‘']*(?:in|at|inside)[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,3}?"
        rf"(?:{sites})(?![\w-])[^.;:!?\d\n]{{0,60}}$",
        re.I,
    )


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s|\n")


def people_at_site(text: str, fig: Span, event: str, said: Span | None = None) -> Span | None:
    """People counted at a camp or displacement site ("We counted 3,214 people at the three temporary
    shelter areas", "people are now living in the sites", "In one camp we found 300 people"), or whose
    verb puts them at a refuge ("60 families camped in the market", "moved in with relatives", events.json
    ``refuge_verbs``) are displaced, when nothing else in the sentence says what happened to them
    (``event`` is still "other" and no word of the sentence, ``said``, made it so: "1 in 5 children in
    the camp was acutely malnourished" counts the malnourished): the span of the site, else None."""
    if event != "other":
        return None
    if said is not None and fold(text[said[0] : said[1]]) not in _refuge_words():
        return None  # the refuge verb itself ("sheltering", an other trigger for its site) says no other
    m = _site_after().match(text, fig[1]) or _refuge_after().match(text, fig[1])
    if m is None:
        ends = list(_SENTENCE_END.finditer(text, max(0, fig[0] - 200), fig[0]))
        m = _site_before().match(text, ends[-1].end() if ends else max(0, fig[0] - 200), fig[0])
    return (m.start(), m.end()) if m is not None else None


def displacement_site(text: str, sent_start: int, fig: Span, lead: int | None) -> Span | None:
    """The people a camp or a displacement site holds, hosts or shelters ("camps which once held about
    300,000 people", "The sites around the city now shelter some 650,000 people") are displaced: a
    camp is no captor. The span of the site's verb phrase, else None."""
    start = lead if lead is not None and lead < fig[0] else fig[0]
    m = _site_holds().search(text, max(sent_start, start - 100), start)
    return (m.start(), m.end()) if m is not None else None


@cache
def _qualified_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in load("events")["qualified_nouns"])


def qualified_noun(word: str | None) -> bool:
    """events.json ``qualified_nouns``: a counted noun whose qualifier says what it counts ("nine
    incidents in which police had fired", "23 cases of people who vanished"), whatever its own event."""
    return bool(word) and fold(word or "") in _qualified_nouns()


#: a part, then "of" and an owner, right before a figure: "a fifth of the garrison's", "two of its"
_PART_OF_OWNER = re.compile(
    r"(?:\d[\d,.]*|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|half|most|many|some|all)"
    r"(?:[ \u00a0]+(?:half|third|quarter|fifth|tenth|thirds|quarters|fifths|tenths|dozen))?"
    r"|per[ \u00a0]*cent|percent|%)"
    r"[ \u00a0]+of[ \u00a0]+(?:(?:the[ \u00a0]+)?[\w-]+['’]s?|its|their|his|her|our|the)[ \u00a0]+$",
    re.I,
)


def force_whole(
    text: str, sent_start: int, fig: Span, lead: int | None, cls: str | None, noun: Span | None = None
) -> Span | None:
    """A figure of armed people that is the whole a part is taken from ("a fifth of the garrison's 250
    soldiers were killed", "two of its 12,000 peacekeepers were killed") says how large the force is:
    the part took the event, the whole is the force's size; unless a participle of a fate stands right
    after the whole's noun (``causative_participles``: "two of the 3 officers killed on Sunday"), which
    says the whole counts people it happened to. The span of "of", else None."""
    if cls != "personnel":
        return None
    start = lead if lead is not None and lead < fig[0] else fig[0]
    m = _PART_OF_OWNER.search(text, max(sent_start, start - 60), start)
    if m is None:
        return None
    if noun is not None and _causative().match(text, noun[1]) is not None:
        return None  # "2 of the 3 officers killed on Sunday": the whole counts the killed, not a force
    at = text.rfind("of", m.start(), start)
    return (at, at + 2)



#: what may follow a count of people taken for the verb still to say a seizure: the end of the clause, or
#: where from, when, by whom ("took 312 children.", "were taken in the attack", "taken from their dormitory");
#: "taken to hospital", "took part", "taken in by families", "took 40 pupils home" say something else
_TAKEN_END = re.compile(
    r"[ \u00a0]*(?:[.,;:!?\"”’)]|$|(?:from|during|away|at[ \u00a0]+gunpoint|with[ \u00a0]+them)(?!\w)"
    r"|(?:in|by)(?![ \u00a0]+(?:by|to|hand)\b)(?!\w))",
    re.I,
)
_PASSIVE_AUX = (
    r"[ \u00a0]+(?:(?:had|have|has)[ \u00a0]+been|were|was|are|is|being|been)"
    r"(?:[ \u00a0]+(?:also|reportedly|allegedly|later|then))?[ \u00a0]+"
)


@cache
def _verb_patterns(key: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The verbs of events.json ``key`` right before a figure ("They took 312 children", "took seven
    rifles"), and as the passive after its noun ("312 pupils were taken in the attack", "2 grenades
    were recovered"): one builder for ``taking_verbs`` and ``thing_takings``."""
    alt = _alt(load("events")[key])
    before = re.compile(rf"(?<!\w)(?P<verb>{alt})[ \u00a0]+$", re.I)
    after = re.compile(rf"{_PASSIVE_AUX}(?P<verb>{alt})(?!\w)", re.I)
    return before, after


def people_taken(
    text: str, sentence: Span, fig: Span, lead: int | None, cls: str | None, noun: Span | None
) -> Span | None:
    """A general verb of taking whose object is a count of people ("They took 312 children", "gunmen
    snatched 14 farm workers from a field", "312 pupils were taken in the attack") tells a kidnapping:
    people taken by force are held, so the figure counts captives. Only when nothing after the verb
    sends them somewhere or makes it another verb ("taken to hospital", "took part", "took 40 pupils
    home"); the verb's span, else None."""
    if cls not in ("people", "personnel") or noun is None:
        return None
    before, after = _verb_patterns("taking_verbs")
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = before.search(text, max(sentence[0], start - 16), start)
    if m is not None and noun[0] >= fig[1] and _TAKEN_END.match(text, noun[1]) is not None:
        return m.span("verb")
    m = after.match(text, noun[1], sentence[1])
    if m is not None and _TAKEN_END.match(text, m.end()) is not None:
        return m.span("verb")
    return None


_MORE_NOUN = re.compile(r"[ \u00a0]+more[ \u00a0]+(?P<noun>[a-z][\w-]*)", re.I)


def things_taken(
    text: str, sentence: Span, fig: Span, lead: int | None, cls: str | None, noun: Span | None
) -> Span | None:
    """A count of materiel that a verb of taking, finding or handing in governs ("took seven assault
    rifles", "2 grenades were recovered", "seized about 40 pickups") counts things taken: other, whatever
    an attack word or a munition noun would say ("assault", "grenades" counted as strikes) and whatever a
    verb of another conjunct did ("and set fire to two trucks"). The verb must stand right before the
    figure (past its hedge) or be the passive right after its noun ("eight more devices were found":
    the noun after "more", which names no noun of the figure's own, is read too); the verb's span, else
    None."""
    if noun is None and (more := _MORE_NOUN.match(text, fig[1])) is not None:
        cls, noun = noun_class(more.group("noun").lower()), more.span("noun")
    if cls != "materiel" or noun is None:
        return None
    before, after = _verb_patterns("thing_takings")
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = before.search(text, max(sentence[0], start - 16), start)
    if m is not None and noun[0] >= fig[1]:
        return m.span("verb")
    m = after.match(text, noun[1], sentence[1])
    if m is not None:
        return m.span("verb")
    m = _listed_things().search(text, max(sentence[0], start - _LIST_REACH), start)
    return None if m is None or noun[0] < fig[1] else m.span("verb")


#: how far back a verb of taking may govern the items of its list
_LIST_REACH = 160


@cache
def _listed_things() -> re.Pattern[str]:
    """A verb of ``thing_takings`` followed by one to five items of a list ("seized 31 rifles, ", "seized
    about 35 kg of powder, 7 timers and "), each ended by a comma or "and", right before a figure: the
    figure is a further item, taken by the same verb ("seized 31 rifles, 4 grenades and 120 kg …": the
    grenades were seized too, whatever the munition noun says). An item holds no clause mark (; : . ?
    ! brackets or quotes)."""
    alt = _alt(load("events")["thing_takings"])
    item = r"[^,;:.!?()\"“”\n]{1,60}?(?:,[ \u00a0]+(?:and[ \u00a0]+)?|[ \u00a0]+and[ \u00a0]+)"
    return re.compile(rf"(?<!\w)(?P<verb>{alt})[ \u00a0]+(?:{item}){{1,5}}$", re.I)


@cache
def _moving() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """events.json ``moving_verbs``: a verb right before a figure ("sending thousands of people"), and a
    preposition of direction right after the figure's noun, past at most one word ("families more into")."""
    table = load("events")["moving_verbs"]
    verbs = longest_first(table["verbs"])
    ways = "|".join(
        re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in sorted(table["towards"], key=len, reverse=True)
    )
    before = re.compile(rf"(?<![\w-])(?P<verb>{verbs})[ \u00a0]+$", re.I)
    after = re.compile(rf"(?:[ \u00a0]+more)?[ \u00a0]+(?:{ways})(?![\w-])", re.I)
    return before, after


_MORE_NOUN = re.compile(r"[ \u00a0]+more[ \u00a0]+(?P<noun>[a-z]+)")


def people_moved(
    text: str, sentence: Span, fig: Span, lead: int | None, cls: str | None, noun: Span | None
) -> Span | None:
    """A verb of moving people whose object is the count ("sending thousands of people across the
    river", "pushed 300 more families into the camps", "had moved about 400 people into the cellar")
    says where the people went: away from home, so the figure counts displaced people, whatever a
    verb of another clause did to others ("killed 12 and wounded 30, sending thousands of people
    across the river"). Only civilians (the "people" class: "sent 300 troops across the river" is a
    force moved) and only with a preposition of direction right after their noun ("sent 12 patients
    to hospital", "drove 40 workers home" say nothing of a flight); the verb's span, else None."""
    if noun is None and (more := _MORE_NOUN.match(text, fig[1], sentence[1])) is not None:
        cls, noun = noun_class(more.group("noun")), more.span("noun")  # "thousands more families"
    if cls != "people" or noun is None or noun[0] < fig[1]:
        return None
    before, after = _moving()
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = before.search(text, max(sentence[0], start - 16), start)
    if m is None or after.match(text, noun[1], sentence[1]) is None:
        return None
    return m.span("verb")


@cache
def _leaving() -> re.Pattern[str]:
    """events.json ``leaving_verbs``: right after a count of people (or its noun), an optional
    auxiliary, a verb of leaving, then a way out (a preposition of direction, "on foot") or a place's
    name: "2,000 people left Tamsel through the gap", "several hundred people set off on foot"."""
    table = load("events")["leaving_verbs"]

    def alt(key: str) -> str:
        words = sorted(table[key], key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)

    return re.compile(
        rf"(?:[ \u00a0]+(?:{alt('auxiliaries')}))?[ \u00a0]+(?P<verb>{alt('verbs')})[ \u00a0]+"
        rf"(?:(?:{alt('ways')})(?![\w-])|(?-i:[A-Z][a-z]))",
        re.I,
    )


#: a verb's form right before a count ("carrying 47", "evacuated 300"): the count is its object
_OBJECT_OF_VERB = re.compile(r"[a-z]+(?:ing|ed)[ \u00a0]+$")


def people_left(
    text: str,
    sentence: Span,
    fig: Span,
    lead: int | None,
    cls: str | None,
    noun: Span | None,
    word: str | None,
) -> Span | None:
    """A count of civilians that is the subject of a verb of leaving, with a way out or a place right
    after it ("roughly 2,000 people left Tamsel through the western gap", "a line of several hundred
    people set off on foot towards Kibbe"), counts people displaced, whatever the sentence says of
    others. Only the "people" class or a bare figure (soldiers who left a town are a force on the
    move), never people in custody. "escaped" is no verb of this rule: pupils who escaped into the
    bush fled their captors, not their homes; the verb's span, else None."""
    if cls not in ("people", None) or (cls is None and noun is not None):
        return None
    if word is not None and word.lower() in rules().custody_nouns:
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    if _OBJECT_OF_VERB.search(text, max(sentence[0], start - 20), start):
        return None  # "a coach carrying 47 passengers left Route 9": the coach left, not the passengers
    at = noun[1] if noun is not None and noun[0] >= fig[1] else fig[1]
    m = _leaving().match(text, at, sentence[1])
    return m.span("verb") if m is not None else None


@cache
def _shooting() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """events.json ``shooting``: a verb of shooting right before a figure, past a possessive ("shot his
    two sons"), and the words that say the people shot were wounded ("in the legs", "wounded")."""
    table = load("events")["shooting"]

    def alt(words: list[str]) -> str:
        return "|".join(
            re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in sorted(words, key=len, reverse=True)
        )

    owner = r"(?:[ \u00a0]+(?:his|her|their|our|my|its|the))?"
    before = re.compile(rf"(?<![\w-])(?P<verb>{alt(table['verbs'])}){owner}[ \u00a0]+$", re.I)
    return before, re.compile(rf"(?<![\w-])(?:{alt(table['wounds'])})(?![\w-])", re.I)


def people_shot(text: str, sentence: Span, fig: Span, lead: int | None, cls: str | None) -> Span | None:
    """A verb of shooting whose object is a count of people ("They shot 11 of our herders", "soldiers
    shot his two sons") tells a killing, as "shot dead" does, unless the sentence says the people
    shot were wounded ("shot 3 inmates in the legs", "shot and wounded 5": injured is read by its own
    word). "shot down 12 drones" is no such verb (materiel, destroyed); the verb's span, else None."""
    if cls not in ("people", "personnel", None):
        return None  # "shot 3 rounds", "shot 30 times": no people
    before, wounds = _shooting()
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = before.search(text, max(sentence[0], start - 24), start)
    if m is None or wounds.search(text, fig[1], sentence[1]) is not None:
        return None
    return m.span("verb")


@cache
def _group_of() -> re.Pattern[str]:
    """events.json ``group_nouns`` and "of" right before a figure: "a faction of about", "a band of"."""
    words = sorted(load("events")["group_nouns"], key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w-])(?P<noun>{alt})[ \u00a0]+of[ \u00a0]+$", re.I)


def force_group(
    text: str, sentence_start: int, fig: Span, lead: int | None, word: str | None, cls: str | None
) -> Span | None:
    """A group named by the count of its armed men ("a band of 200 gunmen", "believed to be a faction of
    about 200 men", "a gang of some 40 men raided the market") says how large a force is: the group
    noun's span, else None. What the men suffered stays theirs (the caller keeps a fate)."""
    if cls != "personnel" and (word or "").lower() not in _FORCE_NOUNS:
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = _group_of().search(text, max(sentence_start, start - 20), start)
    return None if m is None else m.span("noun")


#: "armed" between a figure and its noun, past an adverb of degree: "300 heavily armed fighters"
_ARMED_BETWEEN = re.compile(
    r"[ \u00a0]+(?:(?:heavily|well|lightly|poorly)[ \u00a0]+)?(?P<armed>armed)[ \u00a0]+", re.I
)
#: classes of things, which "armed" does not make people ("14 armed vehicles" are materiel)
_THING_CLASSES = frozenset({"materiel", "structures", "places", "animals", "occasions"})


def armed_count(fig: Span, text: str, cls: str | None, noun: Span | None) -> Span | None:
    """A count whose own noun is called armed ("3,000 armed extremists remain", "700 armed members",
    "six armed groups") counts armed people or their bands: a force's size, as a noun of the personnel
    class says, whatever noun follows (the caller keeps a fate: "12 armed men were killed"). Things
    called armed ("14 armed vehicles") are no people. The span of "armed", else None."""
    if noun is None or cls in _THING_CLASSES or noun[0] < fig[1]:
        return None
    m = _ARMED_BETWEEN.match(text, fig[1], noun[0] + 1)
    if m is None or m.end() != noun[0]:
        return None
    return m.span("armed")


@cache
def _return_phrases() -> frozenset[str]:
    return frozenset(fold(w) for w in load("events")["return_phrases"])


def returned_home(
    text: str, event: str, span: Span | None, triggers: list[Trigger], before: str | None, cls: str | None
) -> str:
    """People who "returned home" or "have come home" are captives coming back only in an exchange:
    with no other captive word in the sentence (swap, prisoners, freed), no captive paragraph before
    (``before``) and no soldiers counted, they are returnees, people back from displacement, who are
    neither displaced nor held any more: 'other'. Else ``event`` unchanged."""
    if event != "captive" or span is None or fold(text[span[0] : span[1]]) not in _return_phrases():
        return event
    if cls == "personnel" or before == "captive":
        return event
    if any(t.event == "captive" and not t.weak and t.span != span for t in triggers):
        return event
    return "other"


@cache
def _rescues() -> tuple[frozenset[str], re.Pattern[str]]:
    """events.json ``rescues``: the verbs of a rescue and the words that name a captor."""
    d = load("events")["rescues"]
    captors = longest_first(d["captors"])
    return frozenset(fold(w) for w in d["verbs"]), re.compile(rf"(?<![\w-])(?:{captors})(?![\w-])", re.I)


def rescued_captives(
    text: str, sent: Span, event: str, span: Span | None, triggers: list[Trigger]
) -> str:
    """People "rescued" from captors were captives: when the rescue verb decided the
    figure ('other') and the sentence names a captor or a captivity ("rescued 40 hostages'
    relatives … held captive by the band", "rescued 12 boys from armed groups", "from the hijacked
    barge", or any captive word: "rescued 30 and captured 8 raiders"): 'captive'. People rescued
    from rooftops, floods or the sea keep 'other'. Else ``event`` unchanged."""
    if event != "other" or span is None:
        return event
    verbs, captors = _rescues()
    if fold(text[span[0] : span[1]]) not in verbs:
        return event
    if any(t.event == "captive" and not t.weak for t in triggers) or captors.search(text, sent[0], sent[1]):
        return "captive"
    return event


#: a bare "remain" that ends its clause ("only a few thousand remain,", "40 remain there")
_STAY_VERBS = frozenset({"remain", "remained", "remains"})
_STAY_END = re.compile(r"[ \u00a0]*(?:[,.;:!?\"”’)]|$|(?:there|behind)(?!\w))", re.I)
#: the states people can stay in: the paragraph's event a bare "remain" keeps
_STATES = frozenset({"displaced", "captive", "detained", "missing", "injured"})


def remained(text: str, event: str, span: Span | None, before: str | None) -> str:
    """People who "remain", with nothing after the verb to say where or how ("only a few thousand
    remain", "about 40 remain there"), are still in the state the figures before them were counted
    in (``before``, the sentence's or paragraph's event so far: displaced, held, missing, in
    hospital), not in some other state: that event; else ``event`` unchanged."""
    if event != "other" or span is None or before not in _STATES:
        return event
    if fold(text[span[0] : span[1]]) not in _STAY_VERBS or _STAY_END.match(text, span[1]) is None:
        return event
    return before


@cache
def _toll_before() -> re.Pattern[str]:
    """events.json ``toll_verbs`` right before a figure: "has claimed 64"."""
    words = sorted(load("events")["toll_verbs"], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)
    return re.compile(rf"(?<!\w)(?P<verb>{alt})[ \u00a0]+$", re.I)


def toll_of(text: str, sentence_start: int, fig: Span, lead: int | None, cls: str | None) -> Span | None:
    """A violence, a disease or a disaster that "claimed" a count of people ("militancy has claimed 64
    militants and 23 police this year") took their lives: the figure counts the killed, whatever the
    noun would say alone (fighters are no force here). The verb's span, else None."""
    if cls not in ("people", "personnel"):
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = _toll_before().search(text, max(sentence_start, start - 16), start)
    return None if m is None else m.span("verb")


@cache
def _munitions() -> frozenset[str]:
    return frozenset(fold(w) for w in load("events")["munition_nouns"])


def munitions_by(
    text: str, sentence_start: int, fig: Span, lead: int | None, word: str | None
) -> Span | None:
    """Munitions counted as the agent of a passive ("the dam had been hit by four guided bombs", "was
    struck by two drones"): each one that hit is a strike, so the figure counts attacks; the span of
    "by", else None. Munitions shot down or seized are no agent and are not read here."""
    if not word or fold(word) not in _munitions():
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = _AGENT_BY.search(text, max(sentence_start, start - 4), start)
    return None if m is None else (m.start(), m.start() + 2)


class _MineWork(NamedTuple):
    """events.json ``mine_work`` compiled: where a count of mines is said, and by which verb."""

    own_noun: re.Pattern[str]  # the figure's noun ends on a mine noun ("anti-personnel mines")
    noun_after: re.Pattern[str]  # mine noun after the figure or its noun: '"600" mines', "items of ordnance"
    noun_in: re.Pattern[str]  # a mine noun anywhere (earlier in the sentence)
    verb_before: re.Pattern[str]  # "laid", "has cleared a total of" right before the figure
    verb_after: re.Pattern[str]  # "have been laid", "were cleared" right after the count
    event: dict[str, str]  # verb (folded) -> attacks | other


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in sorted(words, key=len, reverse=True))


@cache
def _mine_work() -> _MineWork:
    d = load("events")["mine_work"]
    nouns = _alt(d["nouns"])
    verbs = _alt([*d["attacks"], *d["other"]])
    event = {fold(w): "attacks" for w in d["attacks"]} | {fold(w): "other" for w in d["other"]}
    return _MineWork(
        re.compile(rf"(?<!\w)(?:{nouns})$", re.I),
        re.compile(rf"[\"”’']?(?:[ \u00a0]+of)?[ \u00a0]+(?:[\w-]+[ \u00a0]+)?(?:{nouns})(?!\w)", re.I),
        re.compile(rf"(?<!\w)(?:{nouns})(?!\w)", re.I),
        re.compile(rf"(?<!\w)(?P<verb>{verbs})(?:[ \u00a0]+[\w'’-]+){{0,3}}[ \u00a0]+[\"“]?$", re.I),
        re.compile(
            r"[ \u00a0]+(?:(?:have|has|had|were|was|are|is|will|would)[ \u00a0]+)?"
            r"(?:(?:be|been|being)[ \u00a0]+)?"
            rf"(?:[a-z]+ly[ \u00a0]+)?(?P<verb>{verbs})(?!\w)",
            re.I,
        ),
        event,
    )


def mine_work(
    text: str, sentence: Span, fig: Span, lead: int | None, subject: tuple[str, Span] | None
) -> tuple[str, Span] | None:
    """What a count of mines counts is said by its verb, not by the noun: mines laid (sown, planted) are
    attacks ("minelayers have laid 600 mines", "900 mines have been laid"); mines cleared (removed,
    defused) are other, the sets disagreeing on them (destroyed in one, other in another), and so a count
    cleared never takes a laid count's attacks from its sentence ("900 mines have been laid and fewer than
    200 cleared"). The count is of mines when its own noun is one,
    when a mine noun follows a quoted figure or its noun ('"600" mines', "90,000 items of ordnance"), or
    when the figure has no noun and a mine noun stands earlier in its sentence ("fewer than 200 have been
    cleared"). The verb alone is no trigger ("thousands laid flowers", "cleared 14 villages").
    (event, the verb's span), else None."""
    rules_ = _mine_work()
    end = subject[1][1] if subject is not None and subject[1][0] >= fig[1] else fig[1]
    if subject is not None and end > fig[1] and rules_.own_noun.search(text, fig[1], end) is not None:
        pass
    elif (m := rules_.noun_after.match(text, end, sentence[1])) is not None:
        end = m.end()
    elif subject is not None or rules_.noun_in.search(text, sentence[0], fig[0]) is None:
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    verb = rules_.verb_before.search(text, max(sentence[0], start - 48), start)
    if verb is None:
        verb = rules_.verb_after.match(text, end, sentence[1])
    if verb is None:
        return None
    return rules_.event[fold(text[verb.start("verb") : verb.end("verb")])], verb.span("verb")


_ALL_BUT = re.compile(r"(?<!\w)all[ \u00a0]+but[ \u00a0]+$", re.I)


@cache
def _released_after() -> re.Pattern[str]:
    """events.json ``release_words`` later in the figure's clause: "… of those questioned were released"."""
    words = sorted(load("events")["release_words"], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)
    return re.compile(rf"[^;:.!?]{{0,80}}?(?<!\w)(?P<verb>{alt})(?!\w)", re.I)


def still_held(
    text: str, sentence_start: int, fig: Span, lead: int | None, triggers: list[Trigger], before: str | None
) -> tuple[str, Span] | None:
    """"All but N … had been released" counts the people not released, who are still held: captive when
    the paragraph's event so far (``before``) is captive or a captor's word stands in the sentence,
    else detained (a state's screening, arrests); (event, span of the release word), else None."""
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    if _ALL_BUT.search(text, max(sentence_start, start - 10), start) is None:
        return None
    m = _released_after().match(text, fig[1])
    if m is None:
        return None
    releases = frozenset(fold(w) for w in load("events")["release_words"])
    captor = any(  # the release words themselves ("freed") are no captor's word
        t.event == "captive" and not t.weak and fold(text[t.span[0] : t.span[1]]) not in releases
        for t in triggers
    )
    return ("captive" if before == "captive" or captor else "detained", m.span("verb"))


@cache
def _capacity_after() -> re.Pattern[str]:
    """events.json ``capacity_words`` joined to a figure by a hyphen: "60-seat", "300-bed"."""
    words = sorted(load("events")["capacity_words"], key=len, reverse=True)
    return re.compile(rf"-(?:{'|'.join(re.escape(w) for w in words)})(?![\w-])", re.I)


def capacity_of(text: str, fig_end: int) -> bool:
    """Whether the figure is the size of a thing it is hyphened to ("a 60-seat coach", "a 300-bed
    hospital"): no count of people or of an event, so it takes 'other', not its paragraph's event."""
    return _capacity_after().match(text, fig_end) is not None


@cache
def _areas() -> tuple[re.Pattern[str], frozenset[str]]:
    """events.json ``area_counts``: a preposition of place right before a figure ("in", "across all"),
    and the nouns of areas it may count ("regions", "districts", "communities")."""
    table = load("events")["area_counts"]
    preps = "|".join(
        re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in sorted(table["preps"], key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{preps})[ \u00a0]+$", re.I), frozenset(fold(w) for w in table["nouns"])


_AREA_PARTITIVE = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the|its|their)(?:[ \u00a0]+\d[\d,]*)?", re.I)
_AREA_WORD = re.compile(r"[ \u00a0]+([A-Za-z][\w'-]*)")
#: words that end the figure's noun phrase before an area noun is reached ("in 12 attacks on villages")
_AREA_STOPS = frozenset(
    {"of", "on", "in", "at", "by", "and", "or", "with", "from", "to", "for", "where", "which", "that", "who"}
)


def area_count(text: str, sentence: Span, fig: Span, lead: int | None) -> Span | None:
    """A count of areas written after a preposition of place ("power cuts will continue in 12 of the 24
    regions", "raids across three districts", "a survey carried out in 11 of the remote communities")
    says where the sentence's event happened, not what the figure counts: other, whatever the
    sentence's event. The area noun follows the figure past at most two modifiers ("in nine temporary
    safety areas") and no noun of another kind ("killed in 12 attacks on villages" counts attacks);
    the noun's span, else None."""
    before, nouns = _areas()
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    if before.search(text, max(sentence[0], start - 24), start) is None:
        return None
    pos = fig[1]
    if (part := _AREA_PARTITIVE.match(text, pos, sentence[1])) is not None:
        pos = part.end()
    for _ in range(3):
        w = _AREA_WORD.match(text, pos, sentence[1])
        if w is None:
            return None
        word = fold(w.group(1))
        if word in nouns:
            return w.span(1)
        if word in _AREA_STOPS or noun_event(word) is not None or noun_class(word) is not None:
            return None
        pos = w.end()
    return None


@cache
def _supply_runs() -> tuple[frozenset[str], re.Pattern[str]]:
    """events.json ``supply_runs``: the words of flights flown and of the cargo they carried."""
    d = load("events")["supply_runs"]
    return frozenset(fold(w) for w in d["runs"]), re.compile(rf"(?<!\w)(?:{_alt(d['cargo'])})(?!\w)", re.I)


def supply_run(text: str, sentence: Span, event: str, event_span: Span | None) -> bool:
    """Whether an attack read from flights flown ("sorties") is a supply run: flights whose sentence
    says they carried food or aid ("flown 37 sorties over the town, releasing 410 pallets of flour",
    "flown 52 sorties and delivered about 600 tonnes of food") are no attacks, and neither is the
    cargo counted with them: other. Sorties with no cargo word stay attacks ("flown 17 sorties over
    the district")."""
    if event != "attacks" or event_span is None:
        return False
    runs, cargo = _supply_runs()
    if fold(text[event_span[0] : event_span[1]]) not in runs:
        return False
    return cargo.search(text, sentence[0], sentence[1]) is not None


class _Receipts(NamedTuple):
    """events.json ``exchange_receipts`` compiled."""

    verb_before: re.Pattern[str]  # "received", "handed over" right before the figure (past its hedge)
    nouns: frozenset[str]  # the people an exchange hands over: "persons", "servicemen"
    exchange: re.Pattern[str]  # "exchange", "swap"


_GAP = r"[ \u00a0]+"


@cache
def _receipts() -> _Receipts:
    d = load("events")["exchange_receipts"]
    return _Receipts(
        re.compile(rf"(?<!\w)(?:{_alt(d['verbs'])})(?:{_GAP}(?:a{_GAP}total{_GAP}of|all))?{_GAP}$", re.I),
        frozenset(w.lower() for w in d["nouns"]),
        re.compile(rf"(?<!\w)(?:{_alt(d['exchange'])})(?!\w)", re.I),
    )


#: how far before its sentence an exchange word still sets the scene ("an exchange … took place today.
#: ¶ Karvetia received 42 persons")
_EXCHANGE_REACH = 600


def exchange_receipt(text: str, sentence: Span, fig: Span, lead: int | None, word: str | None) -> Span | None:
    """People received or handed over in an exchange ("an exchange of detained persons took place …
    The Republic received 42 persons", "it had received 42 people and handed over 38") were prisoners
    of the other side: captive. The verb right before the figure, the figure counting people an
    exchange hands over (or nothing: "handed over 38"), and an exchange word in the sentence or the
    text just before it; "received 31 patients", "received 16 bodies" stay what their noun says.
    The verb's span, else None."""
    rules_ = _receipts()
    if word is not None and word.lower() not in rules_.nouns:
        return None
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    m = rules_.verb_before.search(text, max(sentence[0], start - 30), start)
    if m is None:
        return None
    if rules_.exchange.search(text, max(0, sentence[0] - _EXCHANGE_REACH), sentence[1]) is None:
        return None
    return (m.start(), m.start() + len(m.group(0).rstrip()))


@cache
def _comparison_lead() -> re.Pattern[str]:
    """events.json ``comparison_leads`` right before a figure (past its hedge): "up from about"."""
    return re.compile(rf"(?<!\w)(?:{_alt(load('events')['comparison_leads'])})[ \u00a0]+$", re.I)


def compared_with(text: str, sentence_start: int, fig: Span, lead: int | None, noun: Span | None) -> bool:
    """Whether a nounless figure is the earlier level of a count its sentence gives first ("have now
    registered 6,240 displaced people sheltering in 27 camps, up from about 4,000 a week ago", "412
    sites are now recorded, up from 360"): it counts what that count counts, so it takes the event
    of the nearest earlier figure of its sentence that counts one (not 'other': "27 camps" between
    says where the people are), whatever a nearer word says. A figure with a noun of its own
    ("up from 31 attacks", its noun within two words) is read as any other."""
    if noun is not None and noun[0] >= fig[1] and len(text[fig[1] : noun[0]].split()) <= 2:
        return False
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    return _comparison_lead().search(text, max(sentence_start, start - 20), start) is not None


@cache
def _own_clause_opener() -> re.Pattern[str]:
    """events.json ``own_clause_openers``: a mark that opens a clause of its own between two figures."""
    alt = "|".join(
        ("(?<!\\w)" if o[:1].isalnum() else "") + re.escape(o).replace(r"\ ", r"[ \u00a0]+")
        for o in load("events")["own_clause_openers"]
    )
    return re.compile(rf"(?:{alt})(?!\w)", re.I)


def own_clause(text: str, prev_end: int | None, fig: Span, noun: Span | None, end: int) -> bool:
    """Whether a figure with a noun of its own opens a clause of its own after the sentence's previous
    figure (", and that 11 of the district's 30 pumps had run dry", ", where hundreds of people were
    queuing"): that clause says what it counts, so with no word of its own that names an event it
    counts none, whatever the previous figure's clause counted. A figure with no noun ("and that 600
    of them …"), or whose clause points back to the previous count ("and that 9 of its officers were
    among them"), still counts what the figure before it counts. ``end`` is the sentence's end."""
    if prev_end is None or noun is None or noun[0] < fig[1] or prev_end > fig[0]:
        return False
    if _BACK_POINTER.search(text, fig[1], end) is not None:
        return False
    return _own_clause_opener().search(text, prev_end, fig[0]) is not None


#: a pronoun that points back to a count already given ("were among them", "of those")
_BACK_POINTER = re.compile(r"(?<!\w)(?:them|they|those)(?!\w)", re.I)

"""Which measure each claim of one article counts towards, read with the whole article in view.

A measure is (event, population, affiliation, place, period, unit). The extractor gives each
claim its own words (event, subject, place, time); this module completes them from the
sentence and the article, by general rules kept as data in ``data/measures.json``:

- **population**: what is counted, as a class ("troops", "servicemen", "officers and soldiers"
  are all *soldiers*; "the dead", "bodies" name the event and take the population from the
  sentence or the figure before; "including 4,100 children" is its own, smaller population);
- **affiliation**: whose soldiers, fighters or tanks ("Veskaran soldiers", "its servicemen",
  "we have lost 150 tanks"); an army reporting soldiers killed with no agent reports its own;
  a party saying it killed or destroyed them reports the other side's;
- **place**: what the claim names, else the article's setting (dateline, "the enclave",
  "the province"); never a demonym nor where a speaker stood; military losses are counted on
  all fronts, so their place is dropped;
- **period**: a running total since the war began (stated or implied), since another start,
  a window ("in the past 24 hours", ending on the claim's date), a single incident (a strike
  on one day in one place), or a stock on a date.

A figure that elides what it counts ("of them", "up from 612", "another 402 ... over the same
period") takes the missing parts from the figure before it (its *antecedent*). Nothing here
ranks or trusts a party: the same rules apply to every side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..event_kinds import event_kinds
from ..model import Claim
from .doc_context import DAY_TEXT, DocContext, fold, rules, side_key, start_name
from .gazetteer import country_of, is_country
from .sources import person_name

#: Events that happen to people (the event table's noun class): with no population named, "people".
_PEOPLE_EVENTS = frozenset(k.name for k in event_kinds().values() if k.noun_class == "people")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_ONE_CAP = re.compile(r"\b[A-Z][\w'’-]*")
#: "the Ashen Banner has about 12,000 fighters": who owns a force
_OWNER = re.compile(
    r"(?P<who>(?:[A-Z][\w'’-]*[ ]){1,4})(?:has|have|had|fields|numbers|commands|can[ ]muster)[ ]"
    r"(?:about[ ]|some[ ]|around[ ]|between[ ]|an[ ]estimated[ ]|up[ ]to[ ]|at[ ]least[ ]|more[ ]than[ ]"
    r"|nearly[ ])?$"
)
_CLAUSE_END = re.compile(r",|;|:|[ ](?:as|while|after|when|but|because|where)[ ]")
#: "published a day earlier", "given the day before": when a figure was given, not a day's window
_GIVEN_BEFORE = re.compile(
    r"\b(?:published|given|released|issued|announced|reported|said|put[ ]out)[ ](?:a|the)[ ](?:day|previous)"
)
_PLACE_AFTER = re.compile(
    r"\b(?:in|from|across|near|around|fled|left|of|within|inside)[ ]"
    r"(?:the[ ](?:city|town|village|province|region|capital)[ ]of[ ]"
    r"|the[ ]provincial[ ]capital,[ ]|the[ ]capital,[ ])?"
    r"(?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})"
)
_GENERIC_PLACE = re.compile(
    r"\b(?:in|from|across|of|within|fled|left|abandoned|escaped)[ ]the[ ](?:\w+[ ]){0,2}?"
    r"(?P<g>enclave|strip|territory|region|province|city|capital|town|country)\b"
)
_SENTENCE_PLACE = re.compile(
    r"^(?:In|Across|Inside)[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})(?:[ ][a-z]+){0,2},"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:for|in|from)[ ]the[ ](?:city|town|village|province|region)[ ]of[ ](?P<p>[A-Z][\w'’-]*)"
)
_SINCE_OF = re.compile(
    r"\b[Ss]ince[ ]the[ ](?:start|beginning|launch|outbreak)[ ]of[ ](?:the[ ]|its[ ]|their[ ])?"
    r"(?P<what>Operation[ ][A-Z][\w-]*"
    r"|(?:[\w-]+[ ]){0,2}?(?:war|invasion|offensive|operation|conflict|campaign"
    r"|fighting|assault|insurgency|siege|occupation))\b"
)
_SINCE_DATE = re.compile(
    r"\b[Ss]ince[ ](?:(?:the[ ]|its[ ]|their[ ])?(?P<what>[\w -]{3,40}?)(?:[ ]"
    r"(?:began|started|was[ ]launched|opened|erupted|broke[ ]out))?"
    rf"(?:[ ]on)?[ ])?(?P<date>{DAY_TEXT}"
    r"|[A-Z][a-z]+(?:[ ]\d{4})?)"
)
#: "since peace talks in the city of Aurenz collapsed on May 1": any event, then its date
_SINCE_EVENT_ON = re.compile(
    r"\b[Ss]ince[ ](?P<what>[\w' -]{3,70}?)[ ]on[ ]"
    rf"(?P<date>{DAY_TEXT})"
)
_SINCE_NAMED = re.compile(
    r"\b[Ss]ince[ ]the[ ](?P<what>[\w -]{3,40}?)[ ]"
    r"(?:began|started|was[ ]launched|opened|erupted|broke[ ]out)\b"
)
#: "since the Tarvessan invasion", "since the offensive": a start named without its verb or date
_SINCE_BARE = re.compile(
    r"\b[Ss]ince[ ]the[ ](?:[A-Z][\w-]*[ ])?(?P<what>war|conflict|invasion|fighting|offensive|insurgency"
    r"|operation|campaign|assault|siege|occupation)\b"
    r"(?![ ](?:began|started|was|opened|erupted|broke|on|of)\b)"
)
_SINCE_ANY = re.compile(r"\bsince\b")
#: a day of the month in a written date ("19 August", "Aug. 19"): without one a date is a month
#: a year written or said with a date ("2027", "last year", "two years ago"): the date is not year-less
_YEAR_SAID = re.compile(r"\b\d{4}\b|\byears?\b", re.IGNORECASE)
_LOST = re.compile(r"\b(?:lost|losses)\b")
#: the words between two figures joined by "and" ("people were killed and more than")
_AND_NEXT = re.compile(r"[^,;.()]{0,60}\band[ ](?:[\w-]+[ ]){0,3}")
#: "in the first year of the war", "during the war's first month": a stretch of the war, its own window
_WAR_PART = re.compile(
    r"\b(?:in|during|over)[ ](?:the[ ](?P<nth>first|second|third)[ ](?P<unit>year|month|week)[ ]of[ ]the[ ]"
    r"(?:war|invasion|conflict|fighting)|the[ ](?:war|invasion|conflict)'s[ ](?P<nth2>first|second|third)[ ]"
    r"(?P<unit2>year|month|week))\b",
    re.IGNORECASE,
)
_UNIT_DAYS = {"year": 365, "month": 30, "week": 7}
_WORKING = re.compile(r"[ ](?:working|employed)[ ](?:for|by|at)\b")
#: words that free captives on a day (an exchange, a release): that day's count, not a stock
_RELEASE = re.compile(
    r"\b(?:came|come|returned|brought)[ ]home\b|\b(?:freed|released|handed[ ]over|repatriated|swapped)\b"
    r"|\b(?:prisoner|hostage)[ ](?:exchange|swap)\b|\bin[ ](?:an?|the)[ ](?:\w+[ ])?(?:exchange|swap)\b",
    re.IGNORECASE,
)
#: "in the Talmark region", "across the Hollin province": a region named before its kind word
_NAMED_REGION = re.compile(
    r"\b(?:in|across|within|throughout|from)[ ]the[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})[ ]"
    r"(?:region|province|district|governorate|oblast|county)\b"
)
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
#: "Serevia's health ministry": a place's own body (not "Vera Oskane's office": a name's last word)
_SETTING_BODY = re.compile(r"\b(?P<p>[A-Z][a-z][\w-]+)['’]s[ ](?P<body>(?:[a-z]+[ ]){0,2}[a-z]+)")
#: "* Morvaskan soldiers killed: about 66,800": a list item's label before its figure
_ITEM_LABEL = re.compile(r"[ ]*[*•–-][ ]*(?P<np>[A-Z][\w' -]{2,50}?):[ ]")
#: "Children account for ...", "Women and children make up ...": a sentence whose subject is a share
_SHARE_SUBJECT = re.compile(
    r"(?P<np>[A-Z][\w' -]{2,40}?)[ ](?:make[ ]up|makes[ ]up|made[ ]up|account[ ]for|accounts[ ]for"
    r"|accounted[ ]for)[ ]"
)
#: "killed in Serevia", "across Serevia": where an article writes that its figures happened
_SETTING_IN = re.compile(r"\b(?:in|across|inside|throughout)[ ](?P<p>[A-Z]\w+(?:[ -][A-Z]\w+)*)\b(?!['’-])")
#: the "what" of "since an audit in May": an event other than the war, dated by its month
_SINCE_EVENT_IN_MONTH = re.compile(
    r"(?i)(?:an?|the)[ ](?!war\b|conflict\b|invasion\b|fighting\b)[\w -]+[ ]in$"
)
#: "the deadliest attack since ...", "the worst shelling since ...": a ranking, not a toll's start
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:\w{3,}est|worst|first|most[ ]\w+|than[ ]in[ ]any[ ]\w+)[ ][^.,;]{0,40}?\bsince\b[^.,;]*"
)
#: "the 412 Luthane had announced": a name right after a bare figure, then a reporting verb
_NAMED_SPEAKER_AFTER = re.compile(
    r"[ ][A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*)?[ ](?:had[ ]|has[ ]|have[ ])?"
    r"(?:announced|said|claimed|reported|gave|cited|published|put[ ]out)\b"
)
#: "in the month", "that month": the month the text last named
_THE_MONTH = re.compile(r"\b(?:in|during|over|for)[ ](?:the|that)[ ]month\b")
_MONTH_NAMED = re.compile(
    r"(?<![Ss]ince[ ])(?<!from[ ])\b(?P<m>January|February|March|April|May|June|July|August|September"
    r"|October|November|December)(?:[ ](?P<y>\d{4}))?\b(?![ ]\d)"
)
#: "in April", "In March alone", "in March 2036" (a month's window, its year when written); never
#: "in March 12" (a day)
_IN_MONTH = re.compile(
    r"\b(?:[Ii]n|[Dd]uring|[Ff]or)[ ](?P<m>January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:[ ](?P<y>\d{4}))?\b(?![ ]\d)"
)


@dataclass(frozen=True, slots=True)
class Period:
    """What span of time a figure counts: kind is cumulative, window, incident, stock or share."""

    kind: str
    start: str | None = None  # "war", an ISO date, or a named start ("ground assault")
    end: str | None = None  # window / incident / stock: the ISO day it ends on
    days: int | None = None  # window length


@dataclass(frozen=True, slots=True)
class Resolved:
    """One claim's measure parts, before they are made a key (see ``measures.MeasureKey``)."""

    event: str
    population: str | None
    affiliation: str | None  # side key, e.g. "veska"
    affiliation_name: str | None  # as written, e.g. "Veskaran"
    place: str | None  # folded
    place_name: str | None
    period: Period
    unit: str
    #: who said it (the claim's source as written): what a bare "388 dead" may inherit is only its own
    source: str | None = None


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


#: words that make a clause a running toll, not one incident (tuples: ``_contains`` caches per tuple)
_NOT_INCIDENT = ("toll", "total", "so far", "since")
_NOT_STORY = ("toll", "since", "so far", "total", "in all", "war so far")


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled search for any of ``phrases`` as whole words (longest first)."""
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])")


@cache
def _agentive_pattern() -> re.Pattern[str]:
    """"it/they/we/its forces (had) killed|destroyed|...": compiled once (the verbs are data)."""
    verbs = "|".join(re.escape(v) for v in _seq("agent_verbs"))
    return re.compile(
        r"\b(?:it|they|we|its[ ]\w+|our[ ]\w+|their[ ]\w+|\w+[ ]units|\w+[ ]forces|forces)[ ]"
        rf"(?:had[ ]|have[ ]|has[ ])?(?:\w+[ ])?(?:{verbs})\b"
    )


def population_of(phrase: str) -> tuple[str | None, bool]:
    """(class, is an event noun) for a counted phrase: the longest known word sequence, last first."""
    words, _mil, event_nouns, _p, _m = _tables()
    toks = [t.casefold().replace("’", "'") for t in _WORD.findall(phrase)]
    for n in (3, 2, 1):
        for i in range(len(toks) - n, -1, -1):
            w = " ".join(toks[i : i + n])
            if w in words:
                return words[w], False
    if any(t in event_nouns for t in toks):
        return None, True
    return None, False


def _side_words(
    phrase: str,
    sentence_initial_at: int | None = None,
    *,
    strip_person: bool = True,
    accept: Callable[[str, bool], str | None] | None = None,
) -> str | None:
    """The first demonym, country or group word in ``phrase`` (a capitalised modifier).

    ``accept`` (the article's check) says whether a capitalised word stands for a side and which
    (a capital city stands for its country); without it every capitalised word that is not an
    organisation, role or population word is taken.
    """
    words, _mil, event_nouns, _p, _m = _tables()
    skip = _org_words()
    person = person_name(phrase) if strip_person else None
    if person:
        phrase = phrase[: phrase.rfind(person[0])] if person[0] in phrase else phrase
    for m in _ONE_CAP.finditer(phrase):
        w = m.group().removesuffix("'s").removesuffix("’s")
        low = w.casefold()
        if low in skip or low in words or low in event_nouns or len(low) < 3:
            continue
        if sentence_initial_at is not None and m.start() == sentence_initial_at:
            continue
        if accept is not None:
            possessive = phrase[m.end() : m.end() + 2] in ("'s", "’s") or m.group().endswith(("'s", "’s"))
            got = accept(w, possessive)
            if got is None:
                continue
            return got
        return w
    return None


def _is_people(population: str | None) -> bool:
    """A class of people (children are civilians are people), not things or events."""
    _w, _mil, _e, parents, _m = _tables()
    seen = set()
    while population is not None and population not in seen:
        if population == "people":
            return True
        seen.add(population)
        population = parents.get(population)
    return False


@cache
def _org_words() -> frozenset[str]:
    from .aliases import bundled

    data = bundled("source_aliases")
    extra = {
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "more",
        "fewer",
        "about",
        "some",
        "nearly",
        "almost",
        "over",
        "at least",
        "up",
        "since",
        "including",
        "among",
        "another",
        "of",
        "its",
        "their",
        "our",
        "his",
        "her",
        "lt",
        "col",
        "gen",
        "maj",
        "dr",
        "mr",
        "ms",
        "mrs",
        "front",
        "units",
        "forces",
        "army",
        "military",
        "ministry",
        "staff",
        "general",
        "defence",
        "defense",
        "spokesman",
        "spokeswoman",
    }
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


class DocumentMeasures:
    """Resolves the claims of one article in order, so that each can lean on the ones before it."""

    def __init__(
        self, ctx: DocContext, claims: Sequence[Claim], user_subjects: dict[str, str] | None = None
    ) -> None:
        self.ctx = ctx
        #: the desk's own subject aliases ("townsfolk" -> "civilians"): they win over the bundled classes
        self.user_subjects = user_subjects or {}
        self.claims = claims
        self.text = ctx.text
        self.out: list[Resolved | None] = []
        self.headlines: set[int] = set()
        #: the first single incident the article reports (its lead), which later bare tolls belong to
        self.anchor: Resolved | None = None
        self._sides: list[tuple[str, int]] | None = None
        self._sides_for: tuple[int, int] = (0, 0)
        self._accepted: dict[tuple[str, bool], str | None] = {}
        self.story = False
        self._here = 0
        self._subsets: dict[int, bool] = {}
        self._setting_for: tuple[tuple[int, int], str | None] | None = None

    # -- pieces of text around a figure -------------------------------------------------------
    def _segments(self, i: int) -> tuple[int, int, int, int]:
        """(sentence start, previous figure end or sentence start, next figure start or sentence end,
        sentence end) for claim ``i``."""
        c = self.claims[i]
        s0, s1 = c.sentence_span
        prev_end, next_start = s0, s1
        for j in range(i - 1, -1, -1):
            o = self.claims[j]
            if o.sentence_span != c.sentence_span:
                break
            prev_end = max(prev_end, o.span[1])
            break
        for j in range(i + 1, len(self.claims)):
            o = self.claims[j]
            if o.sentence_span != c.sentence_span:
                break
            next_start = min(next_start, o.span[0])
            break
        return s0, prev_end, next_start, s1

    def _antecedent(self, i: int, event: str | None = None, whole: bool = False) -> Resolved | None:
        """The figure a figure leans on: the nearest one before it (of ``event`` when given), close by.

        ``whole``: skip figures given as a part of the one before ("including 47,000 children"): a
        comparison ("far fewer than the 160,000 ...") is with the whole, not with its part."""
        c = self.claims[i]
        for j in range(i - 1, max(-1, i - 6), -1):
            r = self.out[j]
            o = self.claims[j]
            if (
                r is None
                or (o.unit != c.unit and c.unit != "percent")
                or (event is not None and r.event != event)
                or (whole and self._is_subset(j))
            ):
                continue
            if c.sentence_span[0] - o.sentence_span[1] > 600:
                return None
            return r
        return None

    def _is_subset(self, j: int) -> bool:
        """Whether claim ``j`` is given as a part of the figure before it ("including 47,000 children")."""
        got = self._subsets.get(j)
        if got is None:
            o = self.claims[j]
            lead = self.text[max(0, o.span[0] - 25) : o.span[0]]
            got = self._subsets[j] = _contains(lead, _seq("subset_cues")) is not None
        return got

    # -- the parts -------------------------------------------------------------------------------
    def headline_end(self) -> int:
        """Where the headline ends (0 when the article has none): a first line without a full stop,
        followed by a blank line."""
        first, sep, _rest = self.text.partition("\n")
        line = first.strip()
        if (
            not sep
            or not line
            or line.endswith(".")
            or not self.text[len(first) :].startswith(("\n\n", "\n\r\n"))
        ):
            return 0
        return len(first)

    def _headline_twin(self, i: int, heads: list[int]) -> Resolved | None:
        """The body claim a headline figure repeats: same event and value, else the closest value within
        15 % ("toll passes 25,000" over "more than 25,105")."""
        c = self.claims[i]
        v = c.low if c.low is not None else c.high
        best: tuple[float, Resolved] | None = None
        for j, o in enumerate(self.claims):
            r = self.out[j]
            if j in heads or r is None or o.event != c.event or o.unit != c.unit:
                continue
            if o.low == c.low and o.high == c.high:
                return r
            w = o.low if o.low is not None else o.high
            if v and w:
                gap = abs(w - v) / max(abs(w), abs(v))
                if gap <= 0.15 and (best is None or gap < best[0]):
                    best = (gap, r)
        return best[1] if best else None

    def _incident_story(self, headline_end: int) -> bool:
        """The article is about one strike or attack: headline or lead say so, with no toll since a date."""
        body = self.text[headline_end:].lstrip()
        lead = body.split("\n", 1)[0]
        first = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0]
        top = self.text[:headline_end] + " " + first
        # "the boldest rebel attack since Operation Ironwood began" ranks the attack; it gives no toll a start
        if "since" in top:
            top = _SUPERLATIVE_SINCE.sub(" ", top)
        return _contains(top, _seq("incident_words")) is not None and not _contains(top, _NOT_STORY)

    def resolve_all(self) -> list[Resolved | None]:
        """Body claims in order, then headline claims: a headline figure repeats the body, so it takes the
        measure of the body claim with the same event and value, when there is one."""
        end = self.headline_end()
        heads = [i for i, c in enumerate(self.claims) if c.span[1] <= end]
        self.out = [None] * len(self.claims)
        self.story = self._incident_story(end)
        for i in range(len(self.claims)):
            if i not in heads:
                got = self._resolve(i)
                self.out[i] = got
                if (
                    self.anchor is None
                    and got is not None
                    and got.period.kind == "incident"
                    and got.event in ("killed", "injured")
                ):
                    self.anchor = got
        for i in heads:
            self.out[i] = self._headline_twin(i, heads) or self._resolve(i)
        self.headlines = set(heads)
        if self.ctx.datelines and self._setting_for is None:
            # learn where a bare dateline city lies even when every claim named its place ("VANTRY -
            # ... killed in Serevia, the Health Ministry in Vantry said"): later articles need it
            self.ctx.focus(self.ctx.datelines[0][0])
            self._here = self.ctx.datelines[0][0]
            self._setting()
        return self.out

    def _resolve(self, i: int) -> Resolved | None:
        c = self.claims[i]
        self.ctx.focus(c.span[0])
        self._here = c.span[0]
        text = self.text
        s0, prev_end, next_start, s1 = self._segments(i)
        after = text[c.span[1] : next_start]
        before = text[prev_end : c.span[0]]
        cut = max(before.rfind(", when "), before.rfind(", after "), before.rfind(", before "))
        if cut >= 0:
            before = before[cut + 2 :]  # "since April 14, when it said 1,108": the since is not the figure's
        sentence = text[s0:s1]
        ante = self._antecedent(i)
        partitive = any(after.lstrip().casefold().startswith(p) for p in _seq("partitive"))
        if partitive and c.event != "other":
            ante = self._antecedent(i, c.event) or ante
        if re.search(
            r"\bpopulation(?:[ ]of)?[ ](?:about[ ]|some[ ]|around[ ]|nearly[ ])?$",
            text[max(s0, c.span[0] - 40) : c.span[0]],
        ):
            return None  # "a pre-war population of 120,000": background, not a count of the conflict
        cue = _contains(before[-40:], _seq("inherit_cues"))
        if not partitive and (cue is None or cue not in _seq("subset_cues")):
            # "418 civilians ..., including 71 children, and 1,210 injured": the figure after a part
            # continues the whole; so does a comparison ("far fewer than the 160,000")
            ante = self._antecedent(i, whole=True) or (ante if cue is None else None)
        inherit = (
            partitive
            or cue is not None
            or _contains(before[-25:], _seq("partitive")) is not None
            or bool(re.match(r"\s*more\b", after))
        )
        # "38 people and wounded 112", "3,140 killed ..., and 8,215 had been wounded": one report, one period
        coordinated = (
            prev_end > s0 and re.search(r"\band\b", before[-20:]) is not None and "," not in before[-20:]
        )

        # the counted phrase: from the figure to the end of its subject
        if c.subject_span and c.span[1] <= c.subject_span[0] <= c.span[1] + 60:
            phrase = text[c.span[1] : c.subject_span[1]]
            if text.startswith(" of war", c.subject_span[1]):
                phrase += " of war"  # "412 prisoners of war": captured soldiers
            elif _WORKING.match(text, c.subject_span[1]):
                phrase += " working"  # "23 people working for the port's operator": its workers
        else:
            phrase = text[c.span[1] : min(c.span[1] + 40, s1)].split(",")[0]  # never past its sentence
            phrase = phrase.split("(")[0]  # "18,400 (Serevian general staff, April 10)": who and when
            if _NAMED_SPEAKER_AFTER.match(phrase):
                phrase = ""  # "not the 412 Luthane had announced": who gave the figure, not whose
            phrase = re.split(r"\b(?:had|have|has|were|was|are|is|in|since|of them|killed|died)\b", phrase)[0]
        population, is_event_noun = population_of(phrase)
        if population is None and c.unit == "count":
            # a list item "* Civilians killed: 12,540 (ministry, May 18); X acknowledges 9,300": its label
            # counts every figure of the item
            line = text.rfind("\n", 0, c.span[0]) + 1
            label = _ITEM_LABEL.match(text, line, c.span[0])
            if label:
                got, _ = population_of(label.group("np"))
                if got is not None:
                    population, is_event_noun, phrase = got, False, label.group("np")
        if c.subject and c.subject.casefold() in self.user_subjects:
            population, is_event_noun = self.user_subjects[c.subject.casefold()], False
        if c.unit == "percent":
            lead = text[prev_end : c.span[0]]
            m = re.search(
                r"(?P<np>[\w' -]{3,40}?)[ ](?:make[ ]up|makes[ ]up|account[ ]for|accounts[ ]for|are|were)"
                r"[ ](?:about[ ]|some[ ]|nearly[ ]|almost[ ]|around[ ])?$",
                lead,
            )
            tail = re.match(r"[^.;]{0,60}?\b(?:are|were|is|was)[ ](?P<np>[\w' -]{3,40})", after)
            population = None
            if m:
                population, _ = population_of(m.group("np"))
            if population is None and tail:
                population, _ = population_of(tail.group("np"))
                phrase = tail.group("np")
        whole_toll = partitive and re.match(r"\s*(?:of|among)[ ](?:the|those)\b", after) is not None
        if population is None and c.unit == "count":
            # "Children account for 1,402 of the dead", "Children make up 12 per cent of the dead, with
            # 1,498 killed": the sentence's subject is what the figure counts
            share = _SHARE_SUBJECT.match(text, s0, c.span[0])
            if share:
                population, _ = population_of(share.group("np"))
        if population is None and partitive:
            m = re.search(r"\b(?:were|are|was|is)[ ](?:all[ ])?(?P<w>[\w ]{3,40})", after)
            if m:
                population, _ = population_of(m.group("w"))
            if population is None and whole_toll:
                population = "people"
        # "the number of Veskaran forces killed ... has risen to 1,208"
        if population is None and not partitive:
            m = re.search(
                r"\b(?:number|toll|count)[ ]of[ ](?P<np>[\w' -]{3,60}?)[ ](?:killed|dead|wounded|injured|"
                r"displaced|missing|detained)",
                before,
            )
            if m:
                population, _ = population_of(m.group("np"))
                phrase = m.group("np")
        event = c.event
        if event == "other":
            if ante is not None and (partitive or inherit or c.subject is None):
                event = ante.event
            elif event == "other":
                return None
        if event == "attacks" and _is_people(population):
            return None  # "15,000 people registered twice" read as attacks: people are not attacks
        if (
            (event == "attacks" and c.subject is None and population is None and ante is not None)
            or (c.event_span and not (s0 <= c.event_span[0] < s1) and ante is not None)
            or (partitive and ante is not None and c.event != ante.event and event != "killed")
        ):
            event = ante.event
        if population is None:
            # "the civilian toll at 388 dead", "the military death toll of 1,200": the toll's own word
            toll = re.search(r"\b(?P<w>[a-z]+)[ ](?:death[ ])?(?:toll|tally|losses)\b[^,;]{0,25}$", before)
            if toll:
                population, _ = population_of(toll.group("w"))
            # "the army put its own losses at 212": a state body's own losses are its soldiers
            if (
                population is None
                and event == "killed"
                and re.search(r"\b(?:its|their|our)(?:[ ]own)?[ ](?:losses|dead)\b[^,;]{0,25}$", before)
                and self._state_speaker(c)
            ):
                population = "soldiers"
        same_voice = ante is not None and (ante.source == c.source or c.source is None)
        if (
            population is None
            and ante is not None
            and ante.event == event
            and (partitive or inherit or (is_event_noun and same_voice) or (c.subject is None and same_voice))
        ):
            population = ante.population
        if (
            population is None and is_event_noun and ante is not None and ante.event == event
            and ante.affiliation
        ):
            # "1,215 Tarvessan servicemen ... the claim of 8,200 Tarvessan dead": the same side's dead
            # are the same class as the figure before, whoever gives them
            side = self._side(phrase)
            if side and side_key(side) == ante.affiliation:
                population = ante.population
        if (
            c.subject
            and ante is not None
            and population in (None, "people")
            and (ante.population or "people") == "people"
            and self._is_subset(i)
            and population_of(c.subject)[0] is None
        ):
            # "52 hostages ..., including nine foreign engineers": a part named by a noun of its own is
            # its own, smaller population (as "including 4,100 children" is children)
            noun = _WORD.findall(c.subject)
            population = noun[-1].casefold() if noun else None
        if population is None and event in _PEOPLE_EVENTS:
            population = "people"
        _w, military, _e, parents, merge = _tables()
        if population in merge and event in merge[population]:
            population = parents.get(population, population)

        # affiliation: military populations only
        aff_key = aff_name = None
        if population in military:
            aff_name = self._side(phrase)
            if aff_name is None and re.search(r"\b(?:government|state|national|regime)\b", phrase):
                reg = self.ctx.region()
                aff_name = self.ctx.name(self.ctx.top(reg)) if reg else None
            if aff_name is None and event == "forces":
                owner = _OWNER.search(before[-80:])
                if owner:
                    aff_name = re.sub(r"^(?:The|A|An)[ ]", "", owner.group("who")).split()[0]
            if aff_name is None and event in ("forces", "attacks"):
                # whose force or whose drones: "the Ashen Banner has about 12,000 fighters",
                # "Druskan forces launched 64 drones" (the nearest named side before the figure)
                aff_name = self._last_side(_CLAUSE_END.split(before[::-1], maxsplit=1)[0][::-1])
            if aff_name is None and c.subject_span:
                aff_name = self._side(text[max(prev_end, c.span[1]) : c.subject_span[1]])
            if aff_name is None:
                own = re.search(
                    r"\b(?:its|their|our)\b", text[max(prev_end, c.span[0] - 30) : c.span[1] + 30]
                )
                # "their fighters had killed more than 40 soldiers": the possessive is the killers', so
                # the soldiers are the other side's
                agent = own is not None and own.start() < c.span[0] - max(prev_end, c.span[0] - 30)
                if agent and self._agentive(c, before):
                    side = self._speaker_side(c)
                    aff_name = self._enemy_of(side) if side else None
                elif own is not None and own.group() == "our":
                    aff_name = self._speaker_side(c)
                elif own is not None:
                    aff_name = self._side(text[s0 : c.span[0]]) or self._speaker_side(c)
                elif losts := list(_LOST.finditer(text, s0, s1)):
                    # "Brask had lost 140 soldiers", "bringing Braskan losses to 9,480": the side written
                    # just before the word (the nearest before the figure) lost them, whoever speaks;
                    # else the speaker's own losses
                    lost = ([m for m in losts if m.start() < c.span[0]] or losts)[-1]
                    aff_name = self._last_side(text[max(s0, lost.start() - 30) : lost.start()])
                    aff_name = aff_name or self._speaker_side(c)
                elif population == "fighters" and self._main_group():
                    aff_name = self._main_group()
                elif self._agentive(c, before):
                    side = self._speaker_side(c)
                    aff_name = self._enemy_of(side) if side else None
                elif inherit and ante is not None and ante.affiliation_name:
                    aff_name = ante.affiliation_name
                else:
                    aff_name = self._speaker_side(c)
            if aff_name:
                aff_key = (
                    ("¬" + side_key(aff_name[9:])) if aff_name.startswith("enemy of ") else side_key(aff_name)
                )

        period = self._period(i, c, before, after, sentence, ante, event, inherit, coordinated, prev_end > s0)
        place, place_name = self._place(c, before, after, sentence, period, ante, inherit)
        if self.anchor is not None and period is self.anchor.period and not self._names_place(c, after):
            place, place_name = self.anchor.place, self.anchor.place_name
        if population in military and aff_key:
            place, place_name = None, None
        return Resolved(event, population, aff_key, aff_name, place, place_name, period, c.unit, c.source)

    def _accept_side(self, word: str, possessive: bool) -> str | None:
        key = (word, possessive)
        if key not in self._accepted:
            self._accepted[key] = self._judge_side(word, possessive)
        return self._accepted[key]

    def _judge_side(self, word: str, possessive: bool) -> str | None:
        """Whether a capitalised word names a side, and which: a known place stands for its country,
        a demonym, a possessive ("Veskara's"), a group's first word ("Red" of Red Lantern Brigades)."""
        ctx = self.ctx
        low = fold(word)
        if low in ctx.display or low in ctx.parents or low in ctx.kinds:
            top = ctx.top(low)
            if top == low and (
                ctx.kinds.get(low) in ("city", "town", "village", "district")
                or any(low == d[1] for d in ctx.datelines)
            ):
                return None  # a city whose country the ledger does not know stands for no side
            return ctx.name(top)
        if word.isupper() and len(word) > 1:
            return word if len(word) <= 6 else None  # an acronym (a group), not a shouted dateline
        if possessive or low in _DEMONYMS or low in _group_firsts(ctx) or is_country(word):
            return word
        country = country_of(word)
        if country and ctx.mentions(country):
            return country  # a real town stands for its country (when the article names that country)
        if len(low) >= 5 and low.endswith(("an", "ian", "ese", "ish", "is", "i")):
            return word
        return None

    def _side(self, phrase: str, strip_person: bool = True) -> str | None:
        return _side_words(phrase, strip_person=strip_person, accept=self._accept_side)

    def _last_side(self, text: str) -> str | None:
        """The side of the last capitalised run in ``text`` that names one."""
        found = None
        for m in re.finditer(r"\b[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*)*", text):
            got = self._side(m.group(), strip_person=False)
            if got:
                found = got
        return found

    def _section(self) -> tuple[int, int]:
        """The stretch of text under the current dateline (a round-up has one per story)."""
        starts = [at for at, _c, _r in self.ctx.datelines]
        here = self._here
        lo = max([a for a in starts if a <= here], default=0)
        hi = min([a for a in starts if a > here], default=len(self.text))
        return lo, hi

    def sides(self) -> list[tuple[str, int]]:
        """The sides the current section names, most named first: (name, mentions), one per side key."""
        section = self._section()
        if self._sides is None or self._sides_for != section:
            self._sides_for = section
            counts: dict[str, int] = {}
            names: dict[str, str] = {}
            for m in _ONE_CAP.finditer(self.text, section[0], section[1]):
                w = m.group()
                possessive = self.text[m.end() : m.end() + 2] in ("'s", "’s")
                got = self._accept_side(w.removesuffix("'s").removesuffix("’s"), possessive)
                if got and got.casefold() not in _org_words():
                    k = side_key(got)
                    counts[k] = counts.get(k, 0) + 1
                    names.setdefault(k, got)
            self._sides = sorted(((names[k], n) for k, n in counts.items()), key=lambda x: (-x[1], x[0]))
        return self._sides

    def _enemy_of(self, side: str) -> str:
        """The other side when the article is about two (a war between two states, or a state and a group)."""
        top = [name for name, _n in self.sides()[:2]]
        keys = [side_key(t) for t in top]
        if len(top) == 2 and side_key(side) in keys:
            return top[1 - keys.index(side_key(side))]
        reg = self.ctx.region()
        if (fold(side) in _group_firsts(self.ctx) or fold(side) in _seq("group_nouns")) and reg:
            # an armed group's enemy, when the article names no state: the state where it is set
            return self.ctx.name(self.ctx.top(reg)) or f"enemy of {side}"
        return f"enemy of {side}"

    def _main_group(self) -> str | None:
        """The armed group the article names most ("Red Lantern Brigades" -> "Red"), if any."""
        best, most = None, 0
        low = self.text.casefold()
        for full, first in self.ctx.groups.items():
            n = low.count(full)
            if n > most:
                best, most = first, n
        return best

    def _state_speaker(self, c: Claim) -> bool:
        """Whether the claim's innermost speaker is a state's body (``state_bodies``: an army)."""
        name = c.reported_by[-1].name if c.reported_by else c.source
        return name is not None and _contains(name.casefold(), _seq("state_bodies")) is not None

    def _speaker_side(self, c: Claim) -> str | None:
        """The side of whoever the claim is attributed to (innermost of a chain), from the name or
        the nearest earlier fuller mention of the same kind of body in the article.

        A state's body (an army, a defence ministry, a government: ``state_bodies``) is never on an
        armed group's side: when its name does not say whose it is, a group the article names is
        skipped and the state is the article's country (the side it names most, else its region's)."""
        name = c.source
        span = c.source_span
        if c.reported_by:
            last = c.reported_by[-1]
            name, span = last.name, last.span
        if not name:
            return None
        side = self._side(name)
        if side:
            return side
        tail: list[str] = _WORD.findall(name)
        if tail and tail[-1].casefold() in _seq("group_nouns") and tail[-1][:1].isupper():
            return tail[-1]  # "the Brigades" the article names no more fully: a group all the same
        state = _contains(name.casefold(), _seq("state_bodies")) is not None
        groups = _group_firsts(self.ctx) if state else frozenset()
        if state:  # who relays the figure ("State television RTC, citing the army") is no side either
            groups |= {fold(w) for p in c.reported_by[:-1] for w in _WORD.findall(p.name)}

        def ok(got: str | None) -> str | None:
            return None if got is None or fold(got) in groups else got

        text = self.text
        start = span[0] if span else len(text)
        # a person or a generic body: look back for the same head word with a side word before it
        toks = [t for t in _WORD.findall(name) if t.casefold() not in ("the", "a", "an")]
        if not toks:
            return None
        person = person_name(name)
        body = [t for t in toks if t.casefold() in _BODY_HEADS]
        head = body[0] if body and person else toks[-1]
        if person and not body:  # a personal name: the nearest side word before it is first written
            first = text.find(person[0])
            if 0 <= first < start:
                start = first
            window = text[max(0, start - 250) : start]
            found = None
            for m in _ONE_CAP.finditer(window):
                got = ok(self._side(m.group()))
                if got:
                    found = got
            if found:
                return found
        for m in reversed(list(re.finditer(rf"\b{re.escape(head.casefold())}\b", text[:start].casefold()))):
            window = text[max(0, m.start() - 40) : m.start()]
            found = ok(self._side(window))
            if found:
                return found
        main = [n for n, _k in self.sides() if ok(n)]
        if main:
            return main[0]
        reg = self.ctx.region()
        return self.ctx.name(self.ctx.top(reg)) if reg else None

    def _agentive(self, c: Claim, before: str) -> bool:
        """The speaker (it, its forces, we) did the killing or destroying, so it counts the other side."""
        return _agentive_pattern().search(before[-80:]) is not None

    # -- period -------------------------------------------------------------------------------------
    def _period(
        self,
        i: int,
        c: Claim,
        before: str,
        after: str,
        sentence: str,
        ante: Resolved | None,
        event: str,
        inherit: bool,
        coordinated: bool,
        follows: bool,
    ) -> Period:
        ctx = self.ctx
        if c.unit == "percent":
            return Period("share")
        own_after = _CLAUSE_END.split(after, maxsplit=1)[0]
        if _contains(" ".join(own_after.split()[:4]), _seq("stock_cues")):
            # "4,200 remain in custody", "3,650 were still held", "195,000 civilians are still in the
            # city": how many are in a state on the day, not how many it happened to since a start
            return Period("stock", end=self._date(c))
        got = (
            self._period_in(own_after, c, after=True)
            or self._period_in(before, c, after=False, windows=not follows)
            or (None if follows else self._period_in(after, c, after=True))
        )
        if got is None and coordinated and ante is not None:
            return ante.period
        if got is not None:
            if got.kind == "same":
                return ante.period if ante is not None else Period("cumulative", "war")
            return got
        if event == "captive" and _RELEASE.search(sentence):
            # "206 came home in Thursday's prisoner exchange", "it had handed over 195 servicemen":
            # captives freed on a day are that day's release, never the stock still held
            return Period("incident", end=self._date(c))
        if inherit and ante is not None and ante.event == event:
            return ante.period
        # "since April 14, when it said 1,108": the date the figure was given, not its start
        given_on = c.time_span is not None and self.text.startswith(", when ", c.time_span[1])
        if (
            c.period_start
            and not given_on
            and not self._ranked(c)
            and (c.time_text is None or re.match(r"(?i)since|from", c.time_text))
        ):
            start = c.period_start[:10]
            if c.time_text and _DAY_NUMBER.search(c.time_text) is None:
                start = self._day_in_month(start)  # "since February 2035": the start dated in that month
            elif c.time_text and not _YEAR_SAID.search(c.time_text):
                start = self._known_day(start)  # "since 14 March" two years on: the war's 14 March
            return Period("cumulative", "war" if start == ctx.war_start or start in ctx.war_starts else start)
        clause = before[-120:] + after[:120] + self._coordinated_tail(i, after)
        lead = sentence[: c.span[0] - c.sentence_span[0]]
        anchor = self.anchor
        if (
            event in _seq("incident_events")
            and (_contains(clause, _seq("incident_words")) or _contains(lead, _seq("incident_words")))
            and (not _contains(clause, _NOT_INCIDENT) or _incident_toll_re().search(clause))
        ):
            if anchor is not None and not self._own_day(c):
                return anchor.period  # the strike the story is about, on its day
            return Period("incident", end=self._incident_day(c, sentence))
        if c.hedge == "vague" and not inherit:
            return Period("stock", end=self._date(c))  # "dozens of wounded on corridor floors": what was seen
        if (
            (anchor is not None or self.story)
            and event in ("killed", "injured")
            and not _contains(clause, _seq("cumulative_words"))
            and not _contains(sentence, _seq("war_start"))
        ):
            if anchor is not None:
                return anchor.period  # a story about one strike: its later tolls are that strike's
            return Period("incident", end=self._incident_day(c, sentence))
        if event in _seq("running_events"):
            simple_past = re.search(
                r"\b(?:were|was)[ ](?:\w+[ ])?(?:killed|wounded|injured)\b|\bdied\b", after[:60]
            ) or re.search(
                r"(?<!had )(?<!have )(?<!has )\b(?:killed|wounded|injured)[ ]+(?:\w+[ ]+)?$", before[-30:]
            )
            if (
                simple_past
                and self._own_day(c)
                and not _contains(clause, _seq("cumulative_words"))
            ):
                return Period("incident", end=self._date(c))  # "were killed on Thursday": one event
            return Period("cumulative", "war")
        if re.match(r"[^.;]{0,40}?\b(?:have|has|had)[ ]been\b", after):
            return Period("cumulative", "war")  # "1,100 people have been detained": a running count
        return Period("stock", end=self._date(c))

    def _period_in(self, seg: str, c: Claim, *, after: bool, windows: bool = True) -> Period | None:
        """The period phrase of a figure's own stretch of text (after it first, then before it).

        A window phrase before a figure that follows another in its sentence is that figure's
        ("143 killed in the past 24 hours, bringing the toll to 12,704").
        """
        if _contains(seg, _seq("same_period")):
            return Period("same")
        near = seg[:40] if after else seg[-40:]
        shifted = _contains(near, _seq("windows_before"))
        if shifted and _GIVEN_BEFORE.search(near.casefold()):
            shifted = None  # "its estimate of 640,000 published a day earlier": when it was given, no window
        if shifted:
            day = _day(self._date(c))
            end = (day - timedelta(days=1)).isoformat() if day else None
            return Period("window", end=end, days=1)
        part = _WAR_PART.search(seg)
        if part:
            # "in the first year of the war alone, 402": that stretch of the war, not the war so far
            nth = (part.group("nth") or part.group("nth2")).casefold()
            unit = (part.group("unit") or part.group("unit2")).casefold()
            return Period("window", start=f"{nth} {unit} of the war", days=_UNIT_DAYS[unit])
        hits = _find_all(seg, _seq("windows")) if windows else []
        if hits:
            # the nearest to the figure
            _pos, phrase = hits[0] if after else hits[-1]
            days = int(rules()["windows"][phrase])
            return Period("window", end=self._date(c), days=days)
        if _contains(seg, _seq("war_start")):
            return Period("cumulative", "war")
        m4 = _SINCE_BARE.search(seg) if "ince the " in seg else None
        if m4:
            what = m4.group("what").casefold()
            if what in ("war", "conflict", "invasion", "fighting"):
                return Period("cumulative", "war")
            named = self.ctx.named_starts.get(start_name(what))
            if named:
                return Period("cumulative", "war" if named in self.ctx.war_starts else named)
        m = _SINCE_DATE.search(seg) or _SINCE_EVENT_ON.search(seg)
        if m and _SINCE_EVENT_IN_MONTH.match((m.group("what") or "").strip()):
            m = None  # "its first increase since an audit in May": the audit's month, not the figure's start
        if m:
            iso = self._resolve_date(m.group("date")) or self._resolve_month(m.group("date"))
            if c.period_start and c.time_span and self.text[c.time_span[0] : c.time_span[1]] in seg:
                iso = c.period_start[:10]  # the extractor resolved this very phrase
            elif c.period_start and iso and c.period_start[4:10] == iso[4:10]:
                iso = c.period_start[:10]  # that day, its year read by the extractor ("... last year")
            elif iso is None and c.period_start:
                iso = c.period_start[:10]
            what = (m.group("what") or "").casefold()
            if iso and _DAY_NUMBER.search(m.group("date")) is None:
                iso = self._day_in_month(iso)  # "since the siege began in August": the siege's known day
            if iso and not _YEAR_SAID.search(m.group()):
                iso = self._known_day(iso)  # "since the invasion on 14 March", years on: the war's day
            if iso and (iso == self.ctx.war_start or iso in self.ctx.war_starts):
                return Period("cumulative", "war")
            if what and any(w in what for w in ("war", "conflict", "invasion", "fighting")):
                return Period("cumulative", "war")
            if iso:
                return Period("cumulative", iso)
        m2 = _SINCE_NAMED.search(seg) or _SINCE_OF.search(seg)
        if m2:
            what = m2.group("what").casefold()
            named = self.ctx.named_starts.get(start_name(what))
            if named:
                return Period("cumulative", "war" if named in self.ctx.war_starts else named)
            if any(w in what for w in ("war", "conflict", "invasion", "fighting")):
                return Period("cumulative", "war")
            return Period("cumulative", start_name(what))
        if "month" in seg and _THE_MONTH.search(seg):
            # "180 civilian deaths in the month", after "April 2036 was the deadliest month": the month
            # the text last named
            months = list(_MONTH_NAMED.finditer(self.text, max(0, c.span[0] - 400), c.span[0]))
            if months:
                last = months[-1]
                iso = self._resolve_date(" ".join(("1", last.group("m"), last.group("y") or "")).strip())
                if iso:
                    return Period("window", start=iso[:7], end=iso[:7], days=30)
        m3 = _IN_MONTH.search(seg)
        if m3 and not _SINCE_ANY.search(seg, 0, m3.start()):  # "since an audit in May": the audit's month
            iso = self._resolve_date(" ".join(("1", m3.group("m"), m3.group("y") or "")).strip())
            if iso:
                return Period("window", start=iso[:7], end=iso[:7], days=30)
        return None

    def _resolve_month(self, text: str) -> str | None:
        """ "February 2031" (or "February": the latest one not after publication) as its first day."""
        from .doc_context import _month_numbers

        mm = re.fullmatch(r"([A-Z][a-z]+)\.?(?:[ ](\d{4}))?", text.strip())
        mon = _month_numbers().get(mm.group(1).casefold()) if mm else None
        if mm is None or mon is None:
            return None
        pub = self.ctx.published
        if mm.group(2):
            year = int(mm.group(2))
        elif pub is not None:
            year = pub.year if mon <= pub.month else pub.year - 1
        else:
            return None
        return date(year, mon, 1).isoformat()

    def _coordinated_tail(self, i: int, after: str) -> str:
        """What follows the next figure, when that figure is joined to this one by "and" ("41 people were
        killed and more than 600 injured in Thursday's explosion"): the phrase after the pair is both
        figures' (here, the incident they count). Empty otherwise."""
        _s0, _prev, next_start, s1 = self._segments(i)
        if next_start >= s1 or not _AND_NEXT.fullmatch(after):
            return ""
        rest = self.text[next_start:s1]
        return " " + _CLAUSE_END.split(rest, maxsplit=1)[0][:160]

    def _known_day(self, iso: str) -> str:
        """A start written without its year ("since 14 March") took the latest such day; when the ledger
        knows a start on that day and month in an earlier year (the war's), it is that start."""
        ctx = self.ctx
        known = (*ctx.war_starts, *ctx.named_starts.values())
        days = sorted(d for d in known if d[5:] == iso[5:] and d < iso)
        return days[-1] if days else iso

    def _day_in_month(self, iso: str) -> str:
        """A start written to the month ("since February 2035") is the one dated start the ledger knows
        in that month (a war's, a siege's), when there is exactly one; else the month's first day."""
        ctx = self.ctx
        days = {d for d in (*ctx.war_starts, *ctx.named_starts.values()) if d[:7] == iso[:7]}
        return next(iter(days)) if len(days) == 1 else iso

    def _incident_day(self, c: Claim, sentence: str) -> str | None:
        """The day of the strike a toll counts, when its words date it ("Monday's missile strike", "the
        21 April strike", "the strike on Kelvar station on 21 April"), in the figure's sentence, else in
        the article's headline and lead; else the claim's own date. A later report of the same strike's
        toll is that strike's measure, not a new incident on the day of the report."""
        own = self._date(c)
        top = self.text[: self.headline_end()] + "\n" + self._lead()
        for where in (sentence, top):
            day = self._dated_incident(where)
            a, b = _day(day), _day(own)
            if day is not None and a is not None and b is not None and a <= b and (b - a).days <= 31:
                return day
        return own

    def _lead(self) -> str:
        """The article's first two sentences after its headline."""
        body = self.text[self.headline_end() :].lstrip()
        return " ".join(re.split(r"(?<=[.!?])\s+", body, maxsplit=2)[:2])

    def _dated_incident(self, text: str) -> str | None:
        if not _contains(text, _seq("incident_words")):
            return None
        for m in _incident_day_re().finditer(text):
            got = m.group("wd") or m.group("wd2")
            if got:
                pub = self.ctx.published
                if pub is None:
                    continue
                back = (pub.weekday() - _WEEKDAYS.index(got.casefold())) % 7
                return (pub - timedelta(days=back)).isoformat()
            when = m.group("d") or m.group("d2")
            if when:
                iso = self._resolve_date(when)
                if iso:
                    return iso
        return None

    def _ranked(self, c: Claim) -> bool:
        """The claim's "since" dates a ranking ("more than in any month since October", "the highest
        toll since March"), not the start of what the figure counts."""
        if c.time_span is None:
            return False
        s0 = c.sentence_span[0]
        for m in _SUPERLATIVE_SINCE.finditer(self.text, s0, c.sentence_span[1]):
            if m.start() <= c.time_span[0] < m.end():
                return True
        return False

    def _own_day(self, c: Claim) -> bool:
        """The claim's clause names a day of its own ("on Thursday", "on 13 April"), not a period start."""
        if not (c.as_of and c.time_span and c.time_text) or c.time_span[0] < c.span[1]:
            return False  # "said on Thursday that 38 were killed": the day of the saying
        return self._date(c) == c.as_of[:10] and not re.match(r"(?i)since|from", c.time_text)

    def _resolve_date(self, text: str) -> str | None:
        from .doc_context import _WAR_START_DATE, _month_day

        m = _WAR_START_DATE.match(text)
        if m:
            return _month_day(m, self.ctx.published)
        return None

    def _date(self, c: Claim) -> str | None:
        """The day a figure is dated: its as-of day unless that is a period's start, else publication."""
        if c.as_of and c.time_span:
            lead = self.text[max(0, c.time_span[0] - 45) : c.time_span[0]].casefold()
            if not re.search(r"\b(?:since|began|started|from)\b[^,.;]*$", lead):
                return c.as_of[:10]
        elif c.as_of:
            return c.as_of[:10]
        return self.ctx.published.isoformat() if self.ctx.published else None

    # -- place ----------------------------------------------------------------------------------------
    def _place(
        self,
        c: Claim,
        before: str,
        after: str,
        sentence: str,
        period: Period,
        ante: Resolved | None,
        inherit: bool,
    ) -> tuple[str | None, str | None]:
        ctx = self.ctx
        cand: str | None = None
        full = after
        after = _CLAUSE_END.split(after, maxsplit=1)[0]
        m = _PLACE_AFTER.search(full[:120])
        if (
            m
            and m.start() < len(after)
            and self._placeish(m.group("p"), after, m.start("p"))
            and _contains(full[max(0, m.start() - 30) : m.start("p")], _seq("speaker_place_cues")) is None
            and not self._partial_place(full[max(0, m.start() - 40) : m.start()])
            and not self._in_body_name(c, c.span[1] + m.start("p"))
        ):
            cand = m.group("p")
        if cand is None:
            named = _NAMED_REGION.search(after[:120])
            if named and self._placeish(named.group("p"), None, None):
                cand = named.group("p")  # "in the Talmark region": Talmark, not "the region" the story is in
        if cand is None:
            g = _GENERIC_PLACE.search(after[:120])
            if g:
                cand = self._generic(g.group("g"))
        if cand is None and period.kind == "incident":
            # "Saturday night's attack on Marn", "the strike in Lusk", "attacked the village of Marn": where
            # the strike the toll counts was
            for mi in _incident_place_re().finditer(sentence):
                if self._placeish(mi.group("p"), None, None):
                    cand = mi.group("p")
                    break
        if cand is None and c.place and c.source_span and c.place_span and period.kind != "incident":
            # "the Health Ministry in Velmora said": a body's seat in a city the ledger knows lies in
            # a larger place counts for that place (a national body's toll is the nation's); a strike's
            # toll stays where the strike was
            seat = fold(c.place)
            top = ctx.top(seat)
            if (
                re.fullmatch(r"[ ](?:in|at)[ ]", self.text[c.source_span[1] : c.place_span[0]])
                and seat in ctx.parents
                and top not in ctx.kinds  # the place above is a country, not a province the ledger knows
                and _contains(self.text[c.source_span[0] : c.source_span[1]], _seq("national_bodies"))
            ):
                cand = ctx.name(top)
        if (
            cand is None
            and c.place
            # a place written after the next figure is that figure's ("164 killed in April, ... including
            # the 55 who died in the strike in Lusk": Lusk is the 55's)
            and (c.place_span is None or not c.span[1] + len(full) < c.place_span[0])
            and self._placeish(c.place, None, None)
            and not self._speaker_place(c)
            and not self._source_place(c)
            and not self._partial_claim_place(c)
        ):
            cand = c.place
        if cand is None:
            ms = _SENTENCE_PLACE.match(sentence)
            if ms and self._placeish(ms.group("p"), None, None):
                cand = ms.group("p")
        if cand is None:
            g = _GENERIC_PLACE.search(before[-120:])
            if g:
                cand = self._generic(g.group("g"))
        if cand is None:
            mb = _PLACE_BEFORE.search(before[-120:])
            if mb:
                cand = mb.group("p")
        if cand is None and period.kind == "incident":
            cand = self._known_place_in(sentence) or self._known_place_in(self.text[: self.headline_end()])
            if cand is None and ctx.dateline:
                cand = ctx.name(ctx.dateline)
        if cand is None and (inherit or c.subject is None) and ante is not None and ante.place:
            return ante.place, ante.place_name
        if cand is None:
            # "the Gaza Health Ministry said": a body named for a place counts in that place
            cand = self._source_region(c)
        if cand is None:
            reg = self._setting()
            return reg, ctx.name(reg)
        key = fold(cand)
        # "Qadrel's Tollmarsh" -> Tollmarsh inside Qadrel
        if "'s " in key:
            outer, inner = key.split("'s ", 1)
            ctx.parents.setdefault(inner, outer)
            key = inner if period.kind != "incident" else outer
        key = re.sub(r"[ ](?:province|region|district|city|governorate|oblast|state|county|strip)$", "", key)
        if period.kind == "incident" and ctx.kinds.get(key) == "district" and key in ctx.parents:
            key = ctx.parents[key]
        if key in ("enclave", "province", "city", "region", "country"):
            reg = self._setting()
            return reg, ctx.name(reg)
        name = ctx.display.get(key) or cand
        return key, name

    def _setting(self) -> str | None:
        """The place a claim naming none counts in (folded).

        The dateline's region, or the dateline city's known parent, when the ledger knows them.
        A bare dateline city whose place the ledger does not know ("VANTRY (Agency) - ") is where the
        story was filed from, often the seat of the body that speaks: the setting is then the place
        the section writes its figures in ("in Serevia", "across Serevia"), when it writes one that
        is not a city (``_written_setting``); else the dateline as before."""
        ctx = self.ctx
        reg = ctx.region()
        if ctx.dateline_region or (ctx.dateline and ctx.ancestors(ctx.dateline)):
            return reg
        section = self._section()
        if self._setting_for is None or self._setting_for[0] != section:
            lo, hi = section
            first = not ctx.datelines or lo <= ctx.datelines[0][0]
            got = self._written_setting(0 if first else lo, hi)  # the headline belongs to the first
            if got is not None and ctx.dateline and self._seat_of_body(ctx.dateline, lo, hi):
                # "VANTRY - ... killed in Serevia, the Health Ministry in Vantry said": the city is the
                # seat of a body counting in that place, so it lies in it (kept for later articles)
                ctx.parents.setdefault(ctx.dateline, got)
            self._setting_for = (section, got)
        got = self._setting_for[1]
        return got if got is not None else reg

    def seat_of(self, place: str) -> str | None:
        """The country a city (folded) lies in, when the ledger knows it and the country is no province
        or region it knows: where a national body "in" that city belongs (the party model asks)."""
        ctx = self.ctx
        if place not in ctx.parents or ctx.kinds.get(place) in _REGION_KINDS:
            return None
        top = ctx.top(place)
        return ctx.name(top) if top != place and top not in ctx.kinds else None

    def _seat_of_body(self, city: str, lo: int, hi: int) -> bool:
        """The section names a body "in" the city ("the Health Ministry in Vantry")."""
        name = self.ctx.name(city) or city
        text = self.text[lo:hi]
        spots = re.finditer(rf"\b{re.escape(name)}\b", text)
        return any(_seat_re().search(text, 0, m.start()) for m in spots)

    def _written_setting(self, lo: int, hi: int) -> str | None:
        """The place most written as "in X" / "across X" (or as a civil body's or a toll's owner,
        "X's health ministry", "X's civilian toll") between ``lo`` and ``hi`` (folded) that is not a
        part the ledger knows (a province, city, district: a nation's count is the nation's), nor the
        dateline, nor a demonym, month or organisation word; ties go to the first written."""
        ctx = self.ctx
        counts: dict[str, int] = {}
        for m in _SETTING_IN.finditer(self.text, lo, hi):
            name = m.group("p")
            low = fold(name)
            if _contains(self.text[max(lo, m.start() - 40) : m.start()], _seq("incident_words")):
                continue  # "died in the strike on the market in Fenwick": where a strike was, not the setting
            if (
                low == ctx.dateline
                or low in ctx.kinds
                or low in _group_firsts(ctx)
                or not self._placeish(name, None, None)
            ):
                continue
            counts[low] = counts.get(low, 0) + 2
            ctx.display.setdefault(low, name)
        # "Serevia's health ministry": a civil body of a place counts there (a state's army or defence
        # ministry speaks of the war wherever it is fought, so it names no setting)
        for m in _SETTING_BODY.finditer(self.text, lo, hi):
            name, body = m.group("p"), m.group("body").casefold()
            low = fold(name)
            if (
                low == ctx.dateline
                or re.search(r"[A-Z][\w'’-]*[ ]$", self.text[max(lo, m.start() - 25) : m.start()])
                or _contains(body, _seq("state_bodies"))
                or not any(w in _BODY_HEADS or w in ("toll", "tally") for w in body.split())
                or not self._placeish(name, None, None)
                or low in ctx.kinds
            ):
                continue
            counts[low] = counts.get(low, 0) + 1
            ctx.display.setdefault(low, name)
        return max(counts, key=lambda k: counts[k]) if counts else None

    def _known_place_in(self, text: str) -> str | None:
        """The first place the article knows (dateline, containment) written in ``text``."""
        for m in _ONE_CAP.finditer(text):
            low = fold(m.group())
            if (
                low in self.ctx.parents
                or low in self.ctx.kinds
                or any(low == d[1] for d in self.ctx.datelines)
            ):
                return m.group().removesuffix("'s").removesuffix("’s")
        return None

    def _names_place(self, c: Claim, after: str) -> bool:
        """The claim names a place of its own (in its clause)."""
        clause = _CLAUSE_END.split(after, maxsplit=1)[0]
        return _PLACE_AFTER.search(clause[:120]) is not None

    def _generic(self, word: str) -> str | None:
        kind = rules()["generic_places"].get(word)
        ctx = self.ctx
        if kind == "region" or kind == "country":
            reg = self._setting()
            return ctx.name(ctx.top(reg) if kind == "country" and reg else reg)
        if kind == "province" or word == "region":
            for p, k in ctx.kinds.items():
                if (
                    k in ("province", "region", "governorate", "oblast", "state")
                    and p in self.text.casefold()
                ):
                    return ctx.name(p)
            return ctx.name(self._setting())
        if kind == "city":
            for p, k in ctx.kinds.items():
                if k in ("city", "town") and p in self.text.casefold():
                    return ctx.name(p)
            return ctx.name(ctx.dateline)
        return None

    def _placeish(self, name: str, seg: str | None, at: int | None) -> bool:
        low = fold(name)
        if not low or low in _seq("not_places") or low.split()[0] in _org_words():
            return False
        first = low.split()[0].removesuffix("'s")
        if first in _months_low():
            return False
        # a demonym ("in Veskaran") is not a place, unless the article uses it as one
        return not (
            low.endswith(("an", "ian", "ese", "ish"))
            and " " not in low
            and low not in self.ctx.parents
            and low not in self.ctx.kinds
            and low != self.ctx.dateline
        )

    def _source_region(self, c: Claim) -> str | None:
        """A place written in the speaker's name ("Gaza Health Ministry", "health officials in Gaza")."""
        name = c.reported_by[-1].name if c.reported_by else c.source
        if not name:
            return None
        for m in _ONE_CAP.finditer(name):
            word = m.group().removesuffix("'s").removesuffix("’s")
            low = fold(word)
            if low in _org_words() or not self._placeish(word, None, None):
                continue
            if low in self.ctx.display or low in self.ctx.parents or low in self.ctx.kinds:
                return word
            country = country_of(word)
            if is_country(word) or (country and self.ctx.mentions(country)):
                return word
        return None

    @staticmethod
    def _partial_place(lead: str) -> bool:
        """ "155 injured, most of them in villages around Orvada": where most were, not the count's place."""
        low = lead.casefold()
        if not any(cue in low for cue in _seq("partial_place_cues")):
            return False  # the common case, decided without the pattern
        return _partial_place_re().search(low) is not None

    def _partial_claim_place(self, c: Claim) -> bool:
        return c.place_span is not None and self._partial_place(
            self.text[max(0, c.place_span[0] - 40) : c.place_span[0]]
        )

    def _source_place(self, c: Claim) -> bool:
        """The place is part of the speaker's name ("the health ministry in Sorvik said"), not the count's."""
        if not c.place_span or not c.source_span:
            return False
        a, b = c.source_span
        if a <= c.place_span[0] <= b + 3:
            return True
        # right after the name, and where the article is filed from: "SORVIK, Brennhal - Health
        # officials in Sorvik put the toll at 388" is a national body in its seat, not Sorvik's toll
        return (
            re.fullmatch(r"[ ](?:in|at)[ ]", self.text[b : c.place_span[0]]) is not None
            and self.ctx.dateline is not None
            and fold(self.text[c.place_span[0] : c.place_span[1]]) == self.ctx.dateline
        )

    def _in_body_name(self, c: Claim, at: int) -> bool:
        """The word at ``at`` is part of a body's name, not where the count happened: inside the span of
        whoever the claim is attributed to ("reported by the Ministry of Health"), or right after
        "<organisation word> of" ("the Office of Reintegration")."""
        for sp in (c.source_span, *(p.span for p in c.reported_by)):
            if sp is not None and sp[0] <= at < sp[1]:
                word = _WORD.match(self.text, at)
                if word is not None and word.end() < sp[1] - 1:
                    return True  # inside a longer name: "the Ministry of Health" (a bare place is no body's)
        if not self.text.endswith(" of ", 0, at):
            return False
        lead = re.search(r"([A-Za-z]+)[ ]of[ ]$", self.text[max(0, at - 30) : at])
        return lead is not None and lead.group(1).casefold() in _body_words()

    def _speaker_place(self, c: Claim) -> bool:
        if not c.place_span:
            return False
        lead = self.text[max(0, c.place_span[0] - 30) : c.place_span[0]].casefold()
        return _contains(lead, _seq("speaker_place_cues")) is not None


_BODY_HEADS = frozenset(
    {
        "army",
        "military",
        "ministry",
        "front",
        "forces",
        "staff",
        "agency",
        "monitor",
        "police",
        "government",
        "movement",
        "brigades",
        "group",
        "office",
        "command",
        "authorities",
    }
)


_DEMONYMS: frozenset[str] = frozenset(str(k).casefold() for k in rules()["demonym_countries"])


def _group_firsts(ctx: DocContext) -> frozenset[str]:
    return frozenset(fold(v) for v in ctx.groups.values())


@cache
def _partial_place_re() -> re.Pattern[str]:
    """ "most of them in villages around " at the end of the text before a place."""
    cues = "|".join(re.escape(c) for c in _seq("partial_place_cues"))
    return re.compile(rf"\b(?:{cues})\b(?:[ ](?:in|at|near|around|from))?(?:[ ][a-z]+){{0,3}}[ ]?$")


@cache
def _seat_re() -> re.Pattern[str]:
    """ "<body head> in " right before a place: the body's seat ("the Health Ministry in ")."""
    heads = "|".join(sorted(_BODY_HEADS | _body_words()))
    return re.compile(rf"\b(?:{heads})[ ](?:in|at)[ ]$", re.IGNORECASE)


_REGION_KINDS = ("province", "region", "state", "governorate", "oblast", "county")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@cache
def _incident_words_alt() -> str:
    """The incident words (data: ``incident_words``) as one regex alternation, longest first, so
    every incident pattern below reads the same words."""
    return "|".join(re.escape(w) for w in sorted(_seq("incident_words"), key=len, reverse=True))


@cache
def _incident_day_re() -> re.Pattern[str]:
    """A strike named with its day: "Monday's missile strike", "the 21 April strike", "the strike on
    Kelvar station on 21 April" (the incident words are data: ``incident_words``)."""
    words = _incident_words_alt()
    wd = "|".join(w.capitalize() for w in _WEEKDAYS)
    return re.compile(
        rf"\b(?P<wd>{wd})(?:[ ](?:night|morning|evening|afternoon))?['’]s[ ]"
        rf"(?:[\w-]+[ ]){{0,3}}?(?:{words})\b"
        rf"|\bthe[ ](?P<d>{DAY_TEXT})[ ](?:[\w-]+[ ]){{0,3}}?(?:{words})\b"
        rf"|\b(?:{words})\b[^.;:]{{0,60}}?[ ]on[ ](?:(?P<wd2>{wd})\b|(?P<d2>{DAY_TEXT}))"
    )


@cache
def _incident_place_re() -> re.Pattern[str]:
    """ "attack on Marn", "strike in Lusk", "attacked the village of Marn": a strike and its place."""
    words = _incident_words_alt()
    return re.compile(
        rf"\b(?:{words})[ ](?:on|in|at|near)?[ ]?(?:the[ ](?:village|town|city|district)[ ]of[ ])?"
        r"(?P<p>[A-Z][\w-]+(?:[ ][A-Z][\w-]+)?)"
        # a place, not a facility's name ("the strike on Kelvar station"): what follows is no noun
        r"(?=['’]s\b|[,.;:]|$|[ ](?:in|on|at|near|late|early|and|killing|overnight|after|before|was|were|had"
        r"|has|that|which|where|when)\b)"
    )


@cache
def _incident_toll_re() -> re.Pattern[str]:
    """ "the death toll from Monday's missile strike": a toll that is one strike's, not a running one."""
    words = _incident_words_alt()
    return re.compile(rf"\btoll[ ](?:from|of|in)[ ](?:[\w'’-]+[ ]){{0,4}}?(?:{words})\b", re.IGNORECASE)


@cache
def _body_words() -> frozenset[str]:
    """Head words of bodies ("ministry", "office", "council"): "<head> of X" names a portfolio or a body."""
    from .aliases import bundled

    return frozenset(w.casefold() for w in bundled("source_aliases")["org_words"])


@cache
def _months_low() -> frozenset[str]:
    return frozenset(m.casefold() for m in _months())

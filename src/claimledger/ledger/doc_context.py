"""What one article says about its own setting: where it is datelined, which place contains which,
when its war began, and which side each party mention belongs to.

Why per document: a claim rarely names everything that decides what it counts. "612 soldiers
killed" needs the army that said it, "3,140 people killed" the enclave the article is about,
"since 12 September" whether that day is the start of the war. Those facts sit elsewhere in the
same text (the dateline, an apposition "Kessrin, the capital of Korrowen province", an earlier
"the war began on 12 September"), so they are read once per document here and handed to the
measure rules (``measure_context``). Facts that carry over between articles (a city's province,
a theatre's war start) are kept in the ledger as ``context_facts`` rows and passed in as
``known``; nothing here ranks or trusts a party.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from ..datafiles import load_data
from .gazetteer import country_of, place_key


@cache
def rules() -> dict[str, Any]:
    """``data/measures.json`` (cached)."""
    return load_data("measures")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A place or side as a comparison key: NFKC, accents dropped, curly quotes straightened,
    case-folded, no article ("Port-Gérard" and "port-gerard" meet; ``place_fold`` also joins hyphens)."""
    t = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    if not t.isascii():
        t = "".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch))
        t = unicodedata.normalize("NFKC", t)
    t = " ".join(t.split())
    t = re.sub(r"^(?:the|The)\s+", "", t).strip(" .,;:'\"")
    t = t.casefold().removesuffix("'s")
    return t[:-6] if t.endswith(" strip") else t  # "the Gaza Strip" is Gaza


@lru_cache(maxsize=65536)
def place_fold(place: str) -> str:
    """A place as measures compare it: accents dropped, case folded, hyphens and dashes between
    words read as spaces, so one city written "Port-Gérard", "Port Gerard" and "port-gerard" is one
    place (the text's own spelling stays the measure's display name). A plain name folds to its
    casefold, as before."""
    return " ".join(re.sub(r"(?<=\w)[-\u2010\u2011\u2013](?=\w)", " ", place_key(place)).split())


@lru_cache(maxsize=65536)
def side_key(word: str) -> str:
    """A demonym, country or group word reduced so that "Veskaran", "Veskara" and "Veskara's" meet.

    The first five letters of the first word (all of it when shorter): demonyms are the
    country's name plus an ending ("-n", "-ian", "-i", "-ese"), which rarely changes the
    first five letters. Listed demonyms with other stems ("Burmese") map through the alias data.
    """
    w = fold(word).removesuffix("'s").split()
    if not w:
        return ""
    first = re.sub(r"[^\w]", "", w[0])
    mapped = _DEMONYM_COUNTRY.get(first)
    if mapped:
        first = mapped
    return first[:5]


_DEMONYM_COUNTRY: dict[str, str] = {
    str(k).casefold(): str(v).casefold() for k, v in load_data("measures")["demonym_countries"].items()
}

#: a written day, "12 September", "Sept. 12, 2031", "March 4": the one form every date pattern here reads
DAY_TEXT = r"\d{1,2}[ ][A-Z][a-z]+\.?(?:[ ]\d{4})?|[A-Z][a-z]+\.?[ ]\d{1,2}(?!\d)(?:,?[ ]\d{4})?"
_CAP = r"[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,3}"
_DATELINE = re.compile(
    rf"^(?P<city>[A-Z][A-Z'’. -]{{1,40}}?)(?:,[ ](?P<region>{_CAP}))?"
    # its date, month first or day first ("Aug 13", "13 June"): never the city's region
    r"(?:,[ ](?:[A-Z][a-z]{2,8}\.?[ ]\d{1,2}|\d{1,2}[ ][A-Z][a-z]{2,8}\.?))?"
    r"[ ]*(?:\([^)\n]{1,60}\))?[ ]*[-–—]{1,2}[ ]",
    re.MULTILINE,
)
_CAPITAL_OF = re.compile(
    rf"(?P<x>{_CAP}),[ ](?:the|its|a)[ ](?:\w+[ ]){{0,2}}(?:capital|city|town|village)[ ]of[ ]"
    rf"(?:(?P<country>{_CAP})'s[ ])?(?:the[ ])?(?P<y>{_CAP})",
)
_ONE_NAME = r"[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2}"
#: a capital named with its country: "Kessaro, the Vandrian capital", "the Vandrian capital, Kessaro",
#: "Vandria's capital, Kessaro", "Kessaro, Vandria's capital" (the country as a people's word or a
#: possessive; "capital of" is ``_CAPITAL_OF``'s)
_CAPITAL_NAMED = re.compile(
    rf"(?P<x>{_ONE_NAME}),[ ](?:the[ ](?P<d>[A-Z][\w'’-]+)|(?P<c>[A-Z][\w'’-]+)['’]s)[ ]capital\b(?![ ]of\b)"
    rf"|\b[Tt]he[ ](?P<d2>[A-Z][\w'’-]+)[ ]capital,?[ ](?P<x2>{_ONE_NAME})"
    rf"|\b(?P<c2>[A-Z][\w'’-]+)['’]s[ ]capital,?[ ](?P<x3>{_ONE_NAME})"
)
#: a settlement in its district: "Pyin Htaw village in Lwemaw township", "Pyin Htaw, a village in
#: Lwemaw township, Sarkan region", "Pyin Htaw village, Lwemaw township": the village lies in the
#: township, the township in the region
_SETTLEMENT_IN = re.compile(
    rf"(?P<x>{_ONE_NAME})(?:,[ ]a[ ]|[ ])(?:village|town|hamlet|settlement)(?:[ ]in|,)[ ]"
    rf"(?P<y>{_ONE_NAME})[ ]"
    r"(?:township|district|county|commune|municipality|province|region)"
    rf"(?:,[ ](?P<z>{_ONE_NAME})[ ](?:region|province|state|governorate))?"
)
#: "the Sarawin village of Pyin Htaw": a settlement in the country named before its kind
_COUNTRY_SETTLEMENT = re.compile(
    rf"\bthe[ ](?P<y>[A-Z][a-z][\w'’-]*)[ ](?:village|town|hamlet)[ ]of[ ](?P<x>{_ONE_NAME})"
)
_SETTLEMENT_GATE = (" village", " town", " hamlet", " settlement")
_POSSESSIVE_PART = re.compile(
    rf"(?P<y>{_CAP})'s[ ](?P<x>[A-Z][\w'-]*)[ ]"
    r"(?P<kind>district|neighbourhood|neighborhood|quarter|area|suburb|camp)"
)
_KIND_AFTER = re.compile(
    rf"(?P<x>{_CAP})[ ](?P<kind>province|region|district|governorate|oblast|state|county)\b"
)
#: a region's kind word ending its name in a dateline ("Fennick Region", "Harrow province"): not the name
_REGION_KIND_WORD = re.compile(r"[ ](?i:region|province|district|governorate|oblast|county)$")
_KIND_BEFORE = re.compile(
    rf"\bthe[ ](?:\w+[ ])?(?P<kind>city|town|village|province|region)[ ]of[ ](?P<x>{_CAP})"
)
_GROUP = re.compile(
    r"\b(?:[A-Z][\w'-]+[ ]){1,3}(?:Front|Brigades?|Army|Movement|Group|Militia|Alliance|Council|Party"
    r"|Battalions?"
    r"|Legion|Resistance|Coalition|Union|Forces|Guard|Corps|Commandos)\b"
)
_WAR_START_DATE = re.compile(
    r"(?P<d>\d{1,2})[ ](?P<m>[A-Z][a-z]+\.?)(?:[ ](?P<y>\d{4}))?"
    r"|(?P<m2>[A-Z][a-z]+\.?)[ ](?P<d2>\d{1,2})(?!\d)(?:,?[ ](?P<y2>\d{4}))?"
)


@dataclass(frozen=True, slots=True)
class Known:
    """Facts other documents in the ledger established: a place's parent, a theatre's war start.

    Facts are only ever added (``setdefault``), never changed or removed: ``theatres`` relies on it.
    """

    parents: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    war_start: dict[str, str] = field(default_factory=dict)
    #: folded bare dateline city -> the folded country the first story filed from it with a country
    #: of its own was about (``filed`` facts): where a story is filed is not where it counts
    filed: dict[str, str] = field(default_factory=dict)
    #: ``theatres()``'s answer and the number of war-start facts it was computed from
    _theatres: list[tuple[int, dict[str, dict[str, str]], dict[str, str | None]]] = field(
        default_factory=list, compare=False, repr=False
    )
    #: ``start_days()``'s answer and the number of war-start facts it was computed from
    _start_days: list[tuple[int, dict[str, frozenset[str]], dict[str, int]]] = field(
        default_factory=list, compare=False, repr=False
    )

    def theatres(self) -> tuple[dict[str, dict[str, str]], dict[str, str | None]]:
        """Each theatre's dated starts (the first fact per name) and its war start (``war_start_of``).

        Computed once per new war-start fact, not once per document: a ledger keeps thousands.
        Callers must not change what it returns.
        """
        cached = self._theatres
        if cached and cached[0][0] == len(self.war_start):
            return cached[0][1], cached[0][2]
        by_theatre: dict[str, dict[str, str]] = {}
        for k, v in self.war_start.items():
            where, _bar, name = k.partition("|")
            if name:
                by_theatre.setdefault(where, {}).setdefault(name, v)
        war_of = {where: war_start_of(starts) for where, starts in by_theatre.items()}
        cached[:] = [(len(self.war_start), by_theatre, war_of)]
        return by_theatre, war_of

    def start_days(self) -> tuple[dict[str, frozenset[str]], dict[str, int]]:
        """Every dated start of every theatre by its month and day ("03-14"), and each war start with
        how many theatres have it.

        What ``read_context`` asks of every article, computed with ``theatres`` (once per new
        war-start fact) instead of by a pass over every theatre per article.
        """
        by_theatre, war_of = self.theatres()
        cached = self._start_days
        if cached and cached[0][0] == len(self.war_start):
            return cached[0][1], cached[0][2]
        by_day: dict[str, set[str]] = {}
        for named in by_theatre.values():
            for d in named.values():
                by_day.setdefault(d[5:], set()).add(d)
        days = {k: frozenset(v) for k, v in by_day.items()}
        wars: dict[str, int] = {}
        for war in war_of.values():
            if war:
                wars[war] = wars.get(war, 0) + 1
        cached[:] = [(len(self.war_start), days, wars)]
        return days, wars


_ABSENT = object()


class Layered(MutableMapping[str, str]):
    """One article's facts laid over the ledger's (``Known``), which are not copied.

    Why: ``read_context`` used to copy every fact the ledger knows into each article's context,
    so adding a document cost time in proportion to the whole ledger's facts. Reads fall through
    to ``base``; writes stay in ``local``. Iteration gives what the merged copy gave: the article's
    own entries from before the merge, then the ledger's it does not override, then the entries
    the article added afterwards. Facts are never removed, so deleting is refused.
    """

    __slots__ = ("_head", "base", "local")

    def __init__(self, local: dict[str, str], base: Mapping[str, str]) -> None:
        self.local = local
        self.base = base
        self._head = len(local)

    def __getitem__(self, key: str) -> str:
        value = self.local.get(key, _ABSENT)
        if value is _ABSENT:
            return self.base[key]
        return value  # type: ignore[return-value]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.local.get(key, _ABSENT)
        return self.base.get(key, default) if value is _ABSENT else value

    def __contains__(self, key: object) -> bool:
        return key in self.local or key in self.base

    def __setitem__(self, key: str, value: str) -> None:
        self.local[key] = value

    def __delitem__(self, key: str) -> None:
        raise TypeError("a document's facts are never removed")

    def __iter__(self) -> Iterator[str]:
        local = self.local
        yield from list(islice(local, self._head))
        yield from (k for k in self.base if k not in local)
        yield from list(islice(local, self._head, None))

    def __len__(self) -> int:
        return len(self.local) + sum(1 for k in self.base if k not in self.local)


@dataclass(slots=True)
class DocContext:
    """The setting of one article (see the module docstring). Built by ``read_context``."""

    text: str
    published: date | None
    dateline: str | None = None
    dateline_region: str | None = None
    #: folded place -> folded parent; over the ledger's known parents once read (``Layered``)
    parents: MutableMapping[str, str] = field(default_factory=dict)
    #: folded place -> province / city / ...; likewise over the ledger's known kinds
    kinds: MutableMapping[str, str] = field(default_factory=dict)
    #: folded bare dateline city -> the country stories filed from it are about (``Known.filed``)
    filed: MutableMapping[str, str] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)  # folded place -> name as written
    war_start: str | None = None
    stated_war_start: bool = False
    #: every war start the ledger knows: a "since" date equal to one of them is since that war began
    war_starts: set[str] = field(default_factory=set)
    #: paragraph datelines in order: (offset, folded city, folded region or None); a round-up has several
    datelines: list[tuple[int, str, str | None]] = field(default_factory=list)
    #: starts the article dates: folded name ("invasion", "offensive", "ironwood") -> ISO date
    named_starts: dict[str, str] = field(default_factory=dict)
    #: whose side a word stands for: group names written in full ("red lantern brigades" -> "Red")
    groups: dict[str, str] = field(default_factory=dict)
    _side_keys: set[str] | None = None

    def mentions(self, country: str) -> bool:
        """The article names this country or its people ("Ukraine", "Ukrainian"): a gazetteer's guess
        for a town is trusted only then, since an invented town may share a real one's name."""
        if self._side_keys is None:
            self._side_keys = {side_key(m.group()) for m in re.finditer(r"\b[A-Z][\w'’-]+", self.text)}
        return side_key(country) in self._side_keys

    def focus(self, offset: int) -> None:
        """Make the dateline governing ``offset`` the current one (round-ups carry one per section)."""
        current = None
        for at, city, region in self.datelines:
            if at <= offset:
                current = (city, region)
        if current is not None:
            self.dateline, self.dateline_region = current

    def top(self, place: str) -> str:
        """The outermost known place containing ``place`` (folded), itself when none is known."""
        seen = {place}
        while place in self.parents and self.parents[place] not in seen:
            place = self.parents[place]
            seen.add(place)
        return place

    def ancestors(self, place: str) -> list[str]:
        out, seen = [], {place}
        while place in self.parents and self.parents[place] not in seen:
            place = self.parents[place]
            seen.add(place)
            out.append(place)
        return out

    def region(self) -> str | None:
        """The place a claim naming none belongs to: the dateline's region, else the dateline's
        known parent, else the dateline itself."""
        if self.dateline_region:
            return self.dateline_region
        if self.dateline:
            up = self.ancestors(self.dateline)
            # a city's province, else its country: the nearest level above the city
            return up[0] if up else self.dateline
        return None

    def name(self, folded: str | None) -> str | None:
        if folded is None:
            return None
        return self.display.get(folded) or folded.title()

    def theatre(self) -> str | None:
        """The outermost place of the article's setting: the key its war-start fact is kept under."""
        reg = self.region()
        return self.top(reg) if reg else None


def _note(ctx: DocContext, name: str) -> str:
    key = fold(name)
    ctx.display.setdefault(key, " ".join(name.split()).strip(" .,;:"))
    return key


def _link(ctx: DocContext, child: str, parent: str) -> None:
    c, p = _note(ctx, child), _note(ctx, parent)
    if c and p and c != p and c not in ctx.parents:
        ctx.parents[c] = p


@cache
def _month_numbers() -> dict[str, int]:
    """Month words ("march", "mar") to their number, read once from ``data/noclaim.json``."""
    return {k.lower().rstrip("."): v for k, v in load_data("noclaim")["months"].items()}


def _month_day(m: re.Match[str], published: date | None) -> str | None:
    months = _month_numbers()
    mon_txt = (m.group("m") or m.group("m2") or "").lower().rstrip(".")
    day_txt = m.group("d") or m.group("d2")
    year_txt = m.group("y") or m.group("y2")
    mon = months.get(mon_txt)
    if mon is None or not day_txt:
        return None
    try:
        if year_txt:
            return date(int(year_txt), mon, int(day_txt)).isoformat()
        if published is None:
            return None
        for year in (published.year, published.year - 1):
            d = date(year, mon, int(day_txt))
            if d <= published:
                return d.isoformat()
    except ValueError:
        return None
    return None


_START_NOUNS = (
    r"war|invasion|offensive|operation|conflict|campaign|fighting|insurgency|uprising|rebellion|clashes|assault"
    r"|incursion|siege|blockade|occupation|escalation|emergency|coup|intervention|flare-up"
)
_NAMED_START = re.compile(
    # an owner may be written before the start ("since Brask's full-scale invasion on 9 June")
    rf"\b(?:(?:the|its|their|an?|[A-Z][\w-]*'s)[ ])?"
    rf"(?P<name>(?:[\w-]+[ ]){{0,2}}?(?:{_START_NOUNS})|Operation[ ][A-Z][\w-]*)"
    r"(?:[ ](?:began|started|was[ ]launched|broke[ ]out|erupted|opened|was[ ]declared))?[ ](?:on|in|of)[ ]"
    rf"(?P<date>{DAY_TEXT})",
    re.IGNORECASE,
)


def start_name(name: str) -> str:
    """A named start as a key: "Operation Ironwood" -> "ironwood", "the ground assault" -> "ground assault",
    "its offensive" -> "offensive" (the noun with a phase word before it, when there is one)."""
    words = [w for w in fold(name).split() if w not in ("the", "its", "their", "a", "an")]
    if not words:
        return ""
    if len(words) >= 2 and words[-2] in PHASE_NAMES:
        return " ".join(words[-2:])
    return words[-1]


_DATED_START = re.compile(
    r"\b[Ss]ince[ ]the[ ](?P<date>\d{1,2}[ ][A-Z][a-z]+\.?|[A-Z][a-z]+\.?[ ]\d{1,2})[ ]"
    rf"(?P<name>attacks?|{_START_NOUNS})\b"
)


#: an armed group's act that opens a war's count when the reports name it by its place and its day ("since
#: the raid on Dabro on 9 February", "since the group's first raid on Dabro on 9 February"): a dated opener
#: (``war_start_of``), the war's start where no report dates the war itself; undated ("since the raid"), or
#: with no place, it dates nothing
_OPENING_ACTS = "raid|attack|ambush|massacre|bombing"
_PLACED_ACT = re.compile(
    r"\b[Ss]ince[ ](?:the|its|their|[A-Z][\w-]*'s)[ ](?:first[ ])?(?P<name>" + _OPENING_ACTS + r")[ ]on[ ]"
    r"(?:the[ ](?:town|city|village|mine|camp)[ ]of[ ])?[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2}"
    r"[ ]on[ ](?P<date>" + DAY_TEXT + r")"
)


_START_GATE = ("began", "started", "launched", "broke out", "erupted", "opened", "since")
_VERB_START_GATE = (
    "invaded", "crossed the border", "(since", "(from", "state of emergency", "(emergency since",
    "(war since", "(invasion since", "(conflict since", "(insurgency since", "(siege since",
)
#: a start said with a verb or in a heading's brackets: "since X invaded on 4 March", "crossed the border
#: on 3 February", "declared a state of emergency in Tesh on 11 January", "WAR (since 3 February 2035)",
#: "(state of emergency since 11 January 2036)"
_VERB_START = re.compile(
    r"\b(?i:invaded|crossed[ ]the[ ]border)[ ](?:on|in)[ ](?P<date>" + DAY_TEXT + r")"
    r"|\b(?P<name>(?i:war|invasion|conflict|insurgency))[ ]\((?:since|from)[ ](?P<date2>" + DAY_TEXT + r")\)"
    r"|\bdeclared[ ](?:a[ ])?state[ ]of[ ]emergency\b[^.;()]{0,30}?[ ]on[ ](?P<date3>" + DAY_TEXT + r")"
    r"|\((?P<name4>(?:state[ ]of[ ])?(?i:emergency|war|invasion|conflict|insurgency|siege))[ ]since[ ]"
    r"(?P<date4>" + DAY_TEXT + r")\)"
)
_LAST_YEAR = re.compile(
    r"[ ](?:of[ ])?(?:last[ ]year|(?P<n>a|one|two|three|four|five|six|\d)[ ]years?[ ]ago)\b", re.IGNORECASE
)
_YEARS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _year_before(day: str, published: date | None, back: re.Match[str] | None = None) -> str:
    """``day`` moved to the year before publication's ("3 February last year"), or as many years back
    as ``back`` says ("14 March two years ago"), when it is in publication's year."""
    if published is None or int(day[:4]) != published.year:
        return day
    n = (back.group("n") or "1").casefold() if back is not None else "1"
    years = int(n) if n.isdigit() else _YEARS[n]
    try:
        return date(published.year - years, int(day[5:7]), int(day[8:10])).isoformat()
    except ValueError:
        return day


def _finds(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


#: a ``_NAMED_START`` match holds one of these words (its start noun, or "Operation"), in any case
_START_WORDS = (*_START_NOUNS.split("|"), "operation")


def _may_name_start(text: str, a: int, b: int) -> bool:
    """Whether ``_NAMED_START`` can match inside ``text[a:b]``: one of its start words is written there.

    The long case-insensitive pattern costs far more than a few substring tests, and "since" (a
    gate word) mostly opens a date ("since March 4"), not a start. Non-ASCII text skips the test:
    case-insensitive matching knows letters whose lower-case form is not ASCII (the Kelvin sign).
    """
    window = text[a:b]
    if not window.isascii():
        return True
    low = window.lower()
    return any(map(low.__contains__, _START_WORDS))


def alternation(name: str) -> str:
    """A word list of ``data/measures.json`` as a regex alternation, in the file's order (a space
    matches one space): the phrases a pattern's slot accepts. The one builder every measure
    module uses (``measure_words._alt`` is this)."""
    return "|".join(re.escape(str(w)).replace("\\ ", "[ ]") for w in rules()[name])


@cache
def resumed_war() -> re.Pattern[str]:
    """A war that resumed, said by its truce's end or its fighting's restart: "the ceasefire
    collapsed", "the truce broke down", "the collapse of the ceasefire", "hostilities resumed"
    (``truce_nouns``, ``truce_end_verbs``, ``truce_end_nouns``, ``resumed_nouns``).

    Why: a war restarted after a truce is counted from the restart; reporters name that start in
    as many ways as a war's first one, and each is the one period "since the war began"."""
    truce = alternation("truce_nouns")
    return re.compile(
        rf"(?i:\b(?:the[ ])?(?:{truce})[ ](?:{alternation('truce_end_verbs')})"
        rf"|\b(?:the[ ])?(?:{alternation('truce_end_nouns')})[ ]of[ ](?:the[ ])?(?:{truce})"
        rf"|\b(?:the[ ])?(?:{alternation('resumed_nouns')})[ ]resumed)\b"
    )


@cache
def siege_start() -> re.Pattern[str]:
    """A siege's start however written (``siege_phrases``): "the siege began", "closed the ring around
    it", "the encirclement was completed", "its operation to encircle the city"; with its date when one
    follows ("on 3 November", "in November 2033")."""
    words = alternation("siege_phrases")
    return re.compile(
        rf"(?i:\b(?:{words}))\b(?:[ ](?!on\b|in\b)(?:the[ ]city|\w+))?"
        rf"(?:[ ](?:on|in)[ ](?P<date>{DAY_TEXT}|[A-Z][a-z]+(?:[ ]\d{{4}})?))?"
    )


@cache
def _resumed_on() -> re.Pattern[str]:
    """A resumed war's dated start: "the ceasefire collapsed on 14 March", "the collapse of the truce
    on 14 March 2033"."""
    return re.compile(rf"(?:{resumed_war().pattern})[ ](?:on|in)[ ](?P<date>{DAY_TEXT})")


def _war_begun_undated(low: str) -> bool:
    """The (case-folded) text counts from the war's start without dating it: "since the war began",
    "since the ceasefire collapsed"."""
    if "since" not in low:
        return False
    if any(p in low for p in rules()["war_start"] if p.startswith("since ")):
        return True
    return any(low[max(0, m.start() - 6) : m.start()].endswith("since ") for m in resumed_war().finditer(low))


def named_starts_in(text: str, published: date | None) -> list[tuple[str, str]]:
    """Every dated start the article states: "the war began on 12 September", "since the invasion on
    March 4", "its offensive began on February 20", "Operation Ironwood, launched on ..."."""
    return [(name, day) for name, day, _year in dated_starts_in(text, published)]


def dated_starts_in(text: str, published: date | None) -> list[tuple[str, str, bool]]:
    """``named_starts_in`` with whether each start's year was written (or said: "two years ago"): a start
    without one ("since the invasion on 14 March") took the latest such day, which a known start on
    the same day of an earlier year corrects (``read_context``)."""
    out: list[tuple[str, str, bool]] = []
    low = text.casefold()
    if "siege" in low or "encircle" in low or "the ring" in low:
        for m in siege_start().finditer(text):  # "since the army closed the ring road on 19 August"
            d = _WAR_START_DATE.match(m.group("date") or "")
            day = _month_day(d, published) if d else None
            if d and day:
                year = bool(d.group("y") or d.group("y2"))
                back = None if year else _LAST_YEAR.match(text, m.end())
                if back:
                    day, year = _year_before(day, published, back), True  # "on 3 November last year"
                out.append(("siege", day, year))
    if "resumed" in low or any(w in low for w in rules()["truce_nouns"]):
        for m in _resumed_on().finditer(text):  # "since the ceasefire collapsed on 14 March": the war's
            d = _WAR_START_DATE.match(m.group("date"))
            day = _month_day(d, published) if d else None
            if d and day:
                out.append(("war", day, bool(d.group("y") or d.group("y2"))))
    spots = sorted({i for w in _START_GATE for i in _finds(low, w)})
    if not spots and not any(w in low for w in _VERB_START_GATE):
        return out  # no start verb and no "since": nothing to find (most articles)
    # search only the stretches around those words: the pattern is long and most text holds none
    windows: list[tuple[int, int]] = []
    for i in spots:
        a, b = max(0, i - 60), min(len(text), i + 60)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    found = [m for a, b in windows if _may_name_start(text, a, b) for m in _NAMED_START.finditer(text, a, b)]
    for m in found:
        d = _WAR_START_DATE.match(m.group("date"))
        if not d or (
            not re.search(r"began|started|launched|broke|erupted|opened|since", m.group(), re.I)
            and not (re.search(r"\bsince[ ]+(?:the[ ]+)?$", text[max(0, m.start() - 12) : m.start()], re.I))
        ):
            continue
        day = _month_day(d, published)
        year = bool(d.group("y") or d.group("y2"))
        back = None if year else _LAST_YEAR.match(text, m.end())
        if day and back:
            day, year = _year_before(day, published, back), True  # "of 14 March two years ago"
        if day:
            out.append((start_name(m.group("name")), day, year))
    if any(w in low for w in _VERB_START_GATE):
        # "since Tarvessan forces crossed the border on 3 February", "since Morvask invaded on 4 March",
        # "SEREVIA-MORVASK WAR (since 3 February 2035)": a war's start said with a verb or in a heading
        for m in _VERB_START.finditer(text):
            written = m.group("date") or m.group("date2") or m.group("date3") or m.group("date4")
            d = _WAR_START_DATE.match(written)
            day = _month_day(d, published) if d else None
            year = bool(d and (d.group("y") or d.group("y2")))
            back = None if year else _LAST_YEAR.match(text, m.end())
            if day and back:
                day, year = _year_before(day, published, back), True  # "on 3 February last year"
            if day:
                said = m.group("name") or m.group("name4")
                name = said or ("emergency" if m.group("date3") else "invasion")
                out.append((start_name(name), day, year))
    if "since" in low and any(w in low for w in _OPENING_ACTS.split("|")):
        for m in _PLACED_ACT.finditer(text):  # "since the raid on Dabro on 9 February": the war's opener
            d = _WAR_START_DATE.match(m.group("date"))
            day = _month_day(d, published) if d else None
            if d and day:
                out.append((m.group("name"), day, bool(d.group("y") or d.group("y2"))))
    for m in _DATED_START.finditer(text):  # "since the Oct. 7 attack": the day that opened the war
        d = _WAR_START_DATE.match(m.group("date"))
        day = _month_day(d, published) if d else None
        if day:
            name = "war" if m.group("name").startswith("attack") else start_name(m.group("name"))
            out.append((name, day, False))
    return out


#: the start of a round-up's other story ("In Ambaria, the ministry said ..."), a period key of its own
STORY_START = "the story began"

#: names of a whole war's start; other named starts (an offensive, an assault) are the war's only
#: when nothing names the war itself
WAR_NAMES = frozenset({"war", "invasion", "conflict", "fighting", "hostilities", "insurgency"})


#: starts of a phase inside a war ("since the ground assault began"): never the war's own start
PHASE_NAMES = frozenset(
    {
        "assault",
        "incursion",
        "siege",
        "blockade",
        "occupation",
        "escalation",
        "ground",
        "air",
        "second",
        "new",
        "renewed",
        "latest",
    }
)


#: the mark of an article with no theatre of its own in a war-start fact's key ("#<id>|offensive"): a
#: theatre of one article, never a place (no place name starts with "#")
OWNER_MARK = "#"


def war_start_owner(document_id: str) -> str:
    """The theatre key of an article no words place: its own mark, so two such articles about two wars
    never share one theatre's first-fact-wins starts."""
    return f"{OWNER_MARK}{document_id[:16]}"


def war_start_of(named: dict[str, str]) -> str | None:
    """A theatre's war start from its dated starts: the earliest war-type start ("the war began"), else the
    earliest opening one ("the offensive began", "Operation Ironwood"); a phase never counts."""
    wars = [d for n, d in named.items() if n.split()[-1] in WAR_NAMES]
    if wars:
        return min(wars)
    openers = [d for n, d in named.items() if not set(n.split()) & PHASE_NAMES]
    return min(openers) if openers else None


_GROUP_WORDS = (
    "front", "brigade", "army", "movement", "group", "militia", "alliance", "council", "party",
    "battalion", "legion", "resistance", "coalition", "union", "forces", "guard", "corps", "commandos",
)
_KIND_WORDS = ("province", "region", "district", "governorate", "oblast", "state", "county")
# Gates tested on the text as written (these patterns are case-sensitive): each holds words every
# match of its pattern contains, so a text without them skips the pattern (" of " alone let nearly
# every article through). tests/test_doc_context_gates.py checks each gate against its pattern.
_CAPITAL_OF_GATE = (" capital of ", " city of ", " town of ", " village of ")
_KIND_AFTER_GATE = tuple(" " + w for w in _KIND_WORDS)
_KIND_BEFORE_GATE = (" city of ", " town of ", " village of ", " province of ", " region of ")


def _gated(pattern: re.Pattern[str], text: str, low: str, words: tuple[str, ...]) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` when one of ``words`` is written (case-folded), else nothing."""
    if not any(map(low.__contains__, words)):
        return []
    return list(pattern.finditer(text))


#: a word shaped like a demonym ("Kelvanian", "Druskese"): a side's adjective, not a group's name;
#: the endings are ``demonym_endings`` of data/measures.json (the theatre reads them too)
DEMONYM_ENDINGS = "|".join(map(re.escape, load_data("measures")["demonym_endings"]))
_DEMONYM_SHAPE = re.compile(rf"(?:{DEMONYM_ENDINGS})$")


def _seq_words(name: str) -> tuple[str, ...]:
    return tuple(str(w) for w in rules()[name])


@cache
def _state_army() -> re.Pattern[str]:
    """ "Kelvanian National Army", "Drusk Armed Forces": a state's demonym or name, then a word that
    makes the force a state's (``state_army_words``)."""
    words = "|".join(re.escape(w.capitalize()) for w in _seq_words("state_army_words"))
    return re.compile(rf"[A-Z][\w'-]*[ ](?:{words})[ ]")


@cache
def _members_of() -> re.Pattern[str]:
    """A capitalised name (one to three words) right before a noun its members are counted by
    (``member_nouns``: "fighters", "units")."""
    nouns = "|".join(re.escape(w) for w in _seq_words("member_nouns"))
    return re.compile(rf"\b(?P<name>(?:[A-Z][\w'-]+[ ]){{1,3}}?)(?=(?:{nouns})\b)")


@cache
def _said_group() -> re.Pattern[str]:
    """ "the Highland Concord, a coalition of highland rebel movements", "the Sorrin Guard, an ethnic
    militia": a name, then an apposition whose head is a kind of armed group (``group_kinds``)."""
    kinds = "|".join(re.escape(w) for w in _seq_words("group_kinds"))
    return re.compile(
        rf"\b(?P<name>(?:[A-Z][\w'-]+[ ]){{0,2}}[A-Z][\w'-]+),[ ](?:a|an)[ ]"
        rf"(?:[\w-]+[ ]){{0,2}}?(?:{kinds})\b"
    )


@cache
def _not_group_words() -> frozenset[str]:
    """Capitalised words that never start a group's name: organisation and role words, months."""
    data = load_data("source_aliases")
    months = load_data("noclaim")
    words = (*data["org_words"], *data["role_words"], *data["person_titles"], *months["months"],
             *months["weekdays"], *_seq_words("side_skip_words"), *_seq_words("state_words"),
             *_seq_words("not_group_words"))
    return frozenset(w.casefold() for w in words)


@cache
def _heading_words() -> frozenset[str]:
    """Words that make a capitalised line a body's heading, not a dateline: organisation words
    ("ministry", "office") and a bulletin's own words ("register", "bulletin"), ``heading_words``."""
    orgs = load_data("source_aliases")["org_words"]
    return frozenset(w.casefold() for w in (*orgs, *rules()["heading_words"]))


@cache
def _not_places() -> frozenset[str]:
    """``not_places`` of data/measures.json: words never a place's whole name."""
    return frozenset(w.casefold() for w in _seq_words("not_places"))


def _heading(city: str) -> bool:
    return any(w in _heading_words() for w in city.casefold().replace("-", " ").split())


def _capital_named(ctx: DocContext, m: re.Match[str]) -> None:
    """ "Kessaro, the Vandrian capital": Kessaro lies in Vandria, the country the article writes with
    the people's stem (or ``demonym_countries``); "Vandria's capital, Kessaro" names it outright.

    Why: a story filed from a capital that names no country counts where the capital is; the ledger
    can only know where that is if some article says so, and most say it this way, not "the
    capital of"."""
    city = re.sub(r"^(?:In|At|From|The|And|But)[ ]", "", m.group("x") or m.group("x2") or m.group("x3") or "")
    country = m.group("c") or m.group("c2")
    people = m.group("d") or m.group("d2")
    if country is None and people is not None:
        if _DEMONYM_SHAPE.search(people) is None:
            return  # "the old capital", "the Northern capital": no people's word, no country
        stem = side_key(people)
        country = next(
            (w.group() for w in re.finditer(r"\b[A-Z][a-z][\w-]+\b", ctx.text)
             if side_key(w.group()) == stem and _DEMONYM_SHAPE.search(w.group()) is None
             and not w.group().endswith("s")),
            _DEMONYM_COUNTRY.get(fold(people)),
        )
    if not city or not country or fold(city) in _not_places() or fold(country) in _not_places():
        return
    _link(ctx, city, country)


def read_context(text: str, published: str | None, known: Known | None = None) -> DocContext:
    """Read an article's dateline, place containment and war start (plus what ``known`` adds)."""
    pub: date | None = None
    if published:
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    ctx = DocContext(text=text, published=pub)
    for m in _DATELINE.finditer(text):
        city = m.group("city").strip().title()
        if len(city) < 3 or _heading(city):
            continue  # "REGISTER NAME - MONTHLY BULLETIN": a body's heading, not where the story is filed
        key = _note(ctx, city)
        region = None
        if m.group("region"):
            # "MARLOW, Fennick Region (Daily) -": the region Fennick, one key with "Fennick region"
            named = _REGION_KIND_WORD.sub("", m.group("region")) or m.group("region")
            region = _note(ctx, named)
            _link(ctx, city, named)
        ctx.datelines.append((m.start(), key, region))
    if ctx.datelines:
        _at, ctx.dateline, ctx.dateline_region = ctx.datelines[0]
    low = text.casefold()
    # each pattern runs only where its key words are written: most articles hold few of them
    for m in _gated(_GROUP, text, low, _GROUP_WORDS):
        name = re.sub(r"^(?:The|A|An)[ ]", "", m.group())
        if _state_army().match(name):
            continue  # "the Kelvanian National Army": a state's army, not an armed group
        ctx.groups.setdefault(fold(name), name.split()[0])
    # "Concord fighters", "Highland Concord units", "the Highland Concord, a coalition of rebel
    # movements": a name its members are counted by, or that is said to be a group, is a group's
    named = [*_gated(_members_of(), text, low, _seq_words("member_nouns")),
             *_gated(_said_group(), text, low, _seq_words("group_kinds"))]
    for m in named:
        name = re.sub(r"^(?:The|A|An|Our|Their|Its)[ ]", "", m.group("name").strip())
        first = name.split()[0] if name else ""
        demonym = " " not in name and _DEMONYM_SHAPE.search(first) is not None
        if not first or demonym or fold(first) in _not_group_words():
            continue  # "Kelvanian fighters": a side's demonym, not a group's name
        last = name.split()[-1]
        key = fold(name)
        same = [v for f, v in ctx.groups.items() if f.startswith(key + " ") or f.endswith(" " + key)]
        # a group is known by its distinctive word: "Highland Concord" and "the Concord" are Concord;
        # "Grey Heron fighters" are the Grey Heron Brigades' (the name already known keeps its word)
        ctx.groups.setdefault(key, same[0] if same else first if fold(last) in _GROUP_WORDS else last)
        for mention in re.finditer(rf"\b(?:[A-Z][\w'-]+[ ]){{1,2}}{re.escape(last)}\b", text):
            if fold(mention.group().split()[0]) not in _not_group_words():
                ctx.groups.setdefault(fold(mention.group()), ctx.groups[key])
    # "the Brigades" after "the Red Lantern Brigades": a group's head word alone is that group
    for full in list(ctx.groups):
        if " " not in full:
            longer = [f for f in ctx.groups if f.endswith(" " + full)]
            if longer:
                ctx.groups[full] = ctx.groups[longer[0]]
    for m in _gated(_CAPITAL_OF, text, text, _CAPITAL_OF_GATE):
        _link(ctx, m.group("x"), m.group("y"))
        if m.group("country"):
            _link(ctx, m.group("y"), m.group("country"))
    for m in _gated(_CAPITAL_NAMED, text, low, (" capital",)):
        _capital_named(ctx, m)
    for m in _gated(_SETTLEMENT_IN, text, low, _SETTLEMENT_GATE):
        x = re.sub(r"^(?:The|A|An)[ ]", "", m.group("x"))
        if x and fold(x).split()[0] not in _not_group_words():
            _link(ctx, x, m.group("y"))
        if m.group("z"):
            _link(ctx, m.group("y"), m.group("z"))
    for m in _gated(_COUNTRY_SETTLEMENT, text, low, _SETTLEMENT_GATE):
        if _DEMONYM_SHAPE.search(m.group("y")) is None:  # "the Kelvanian town of X": a people, no place
            _link(ctx, m.group("x"), m.group("y"))
    for m in _gated(_POSSESSIVE_PART, text, low, ("'s ",)):
        _link(ctx, m.group("x"), m.group("y"))
        ctx.kinds.setdefault(fold(m.group("x")), "district")
    # "Kaldera region", "the province of Tesh": a place of that kind; never "The regional
    # administration" (an article opening a sentence) nor "Federal state" (a title word, ``not_places``)
    kinds = [*_gated(_KIND_AFTER, text, text, _KIND_AFTER_GATE),
             *_gated(_KIND_BEFORE, text, text, _KIND_BEFORE_GATE)]
    for m in kinds:
        x = re.sub(r"^(?:The|A|An|This|That|Its|Their)(?:[ ]|$)", "", m.group("x"))
        if x and fold(x) not in _not_places():
            ctx.kinds.setdefault(_note(ctx, x), m.group("kind"))
    if known is not None:  # what other articles established, read through, not copied
        ctx.parents = Layered(dict(ctx.parents), known.parents)
        ctx.kinds = Layered(dict(ctx.kinds), known.kinds)
        ctx.filed = Layered({}, known.filed)
    # real places the article does not contain in words: the gazetteer says which country they are in
    for place in [d[1] for d in ctx.datelines] + [d[2] for d in ctx.datelines if d[2]]:
        if place not in ctx.parents:
            country = country_of(ctx.display.get(place, place))
            if country and ctx.mentions(country):
                _link(ctx, ctx.display.get(place, place), country)
    for name, day, year in dated_starts_in(text, pub):
        if not year and known is not None:
            # "since the invasion on 14 March" a year or more later: the known start on that day (read
            # from the theatres' cached starts, and only for such a start: most articles have none)
            starts = known.start_days()[0].get(day[5:], frozenset())
            day = max((d for d in starts if d < day), default=day)
        ctx.named_starts.setdefault(name, day)
    if ctx.named_starts and _war_begun_undated(low) and not any(
        n.split()[-1] in WAR_NAMES for n in ctx.named_starts
    ):
        # "611 killed since the ceasefire collapsed, including 143 since the Korvat offensive began on
        # 24 July": the war began at a start the article does not date, so its dated openers are
        # phases of it, never the war's start (here or, through the ledger's facts, in later stories)
        ctx.named_starts = {
            n if set(n.split()) & PHASE_NAMES else f"latest {n}": d for n, d in ctx.named_starts.items()
        }
    theatre = ctx.theatre()
    ctx.stated_war_start = bool(ctx.named_starts)
    by_theatre, war_of = known.theatres() if known is not None else ({}, {})
    if theatre:
        for name, day in by_theatre.get(theatre, {}).items():
            ctx.named_starts.setdefault(name, day)
    ctx.war_start = war_start_of(ctx.named_starts)
    # every theatre's war start; this article's theatre by its own starts (with the ledger's)
    if known is not None:
        # every theatre's war start but this theatre's own (kept when another theatre shares its day)
        _days, wars = known.start_days()
        ctx.war_starts = set(wars)
        own = war_of.get(theatre) if theatre else None
        if own and wars.get(own) == 1:
            ctx.war_starts.discard(own)
    else:
        ctx.war_starts = set()
    if ctx.war_start:
        ctx.war_starts.add(ctx.war_start)
    return ctx

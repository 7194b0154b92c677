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
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from ..datafiles import load_data


@cache
def rules() -> dict[str, Any]:
    """``data/measures.json`` (cached)."""
    return load_data("measures")


def fold(text: str) -> str:
    """A place or side as a comparison key: NFKC, curly quotes straightened, case-folded, no article."""
    t = " ".join(unicodedata.normalize("NFKC", text).replace("\u2019", "'").split())
    t = re.sub(r"^(?:the|The)\s+", "", t).strip(" .,;:'\"")
    return t.casefold().removesuffix("'s")


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

_CAP = r"[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,3}"
_DATELINE = re.compile(
    rf"^(?P<city>[A-Z][A-Z'’. -]{{1,40}}?)(?:,[ ](?P<region>{_CAP}))?"
    r"(?:,[ ][A-Z][a-z]{2,8}\.?[ ]\d{1,2})?"
    r"[ ]*(?:\([^)\n]{1,60}\))?[ ]*[-–—]{1,2}[ ]",
    re.MULTILINE,
)
_CAPITAL_OF = re.compile(
    rf"(?P<x>{_CAP}),[ ](?:the|its|a)[ ](?:\w+[ ]){{0,2}}(?:capital|city|town|village)[ ]of[ ]"
    rf"(?:(?P<country>{_CAP})'s[ ])?(?:the[ ])?(?P<y>{_CAP})",
)
_POSSESSIVE_PART = re.compile(
    rf"(?P<y>{_CAP})'s[ ](?P<x>[A-Z][\w'-]*)[ ]"
    r"(?P<kind>district|neighbourhood|neighborhood|quarter|area|suburb|camp)"
)
_KIND_AFTER = re.compile(
    rf"(?P<x>{_CAP})[ ](?P<kind>province|region|district|governorate|oblast|state|county)\b"
)
_KIND_BEFORE = re.compile(
    rf"\bthe[ ](?:\w+[ ])?(?P<kind>city|town|village|province|region)[ ]of[ ](?P<x>{_CAP})"
)
_WAR_START_DATE = re.compile(
    r"(?P<d>\d{1,2})[ ](?P<m>[A-Z][a-z]+\.?)(?:[ ](?P<y>\d{4}))?"
    r"|(?P<m2>[A-Z][a-z]+\.?)[ ](?P<d2>\d{1,2})(?:,?[ ](?P<y2>\d{4}))?"
)


@dataclass(frozen=True, slots=True)
class Known:
    """Facts other documents in the ledger established: a place's parent, a theatre's war start."""

    parents: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    war_start: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class DocContext:
    """The setting of one article (see the module docstring). Built by ``read_context``."""

    text: str
    published: date | None
    dateline: str | None = None
    dateline_region: str | None = None
    parents: dict[str, str] = field(default_factory=dict)  # folded place -> folded parent
    kinds: dict[str, str] = field(default_factory=dict)  # folded place -> province / city / ...
    display: dict[str, str] = field(default_factory=dict)  # folded place -> name as written
    war_start: str | None = None
    stated_war_start: bool = False
    #: every war start the ledger knows: a "since" date equal to one of them is since that war began
    war_starts: set[str] = field(default_factory=set)

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


def _month_day(m: re.Match[str], published: date | None) -> str | None:
    months = {k.lower().rstrip("."): v for k, v in load_data("noclaim")["months"].items()}
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


def war_start_in(text: str, published: date | None) -> str | None:
    """The war's start date when the article states it ("since the war began on 12 September")."""
    low = text.lower()
    for phrase in rules()["war_start_statements"]:
        p = str(phrase)
        start = 0
        while (i := low.find(p, start)) >= 0:
            start = i + len(p)
            m = _WAR_START_DATE.match(text, start + 1) if text[start : start + 1] == " " else None
            if m:
                got = _month_day(m, published)
                if got:
                    return got
    return None


def read_context(text: str, published: str | None, known: Known | None = None) -> DocContext:
    """Read an article's dateline, place containment and war start (plus what ``known`` adds)."""
    pub: date | None = None
    if published:
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    ctx = DocContext(text=text, published=pub)
    head = text[:1500]
    m = _DATELINE.search(head)
    if m:
        city = m.group("city").strip().title()
        ctx.dateline = _note(ctx, city)
        if m.group("region"):
            ctx.dateline_region = _note(ctx, m.group("region"))
            _link(ctx, city, m.group("region"))
    for m in _CAPITAL_OF.finditer(text):
        _link(ctx, m.group("x"), m.group("y"))
        if m.group("country"):
            _link(ctx, m.group("y"), m.group("country"))
    for m in _POSSESSIVE_PART.finditer(text):
        _link(ctx, m.group("x"), m.group("y"))
        ctx.kinds.setdefault(fold(m.group("x")), "district")
    for m in _KIND_AFTER.finditer(text):
        ctx.kinds.setdefault(_note(ctx, m.group("x")), m.group("kind"))
    for m in _KIND_BEFORE.finditer(text):
        ctx.kinds.setdefault(_note(ctx, m.group("x")), m.group("kind"))
    if known is not None:
        for c, p in known.parents.items():
            ctx.parents.setdefault(c, p)
        for c, k in known.kinds.items():
            ctx.kinds.setdefault(c, k)
    if known is not None:
        ctx.war_starts.update(known.war_start.values())
    stated = war_start_in(text, pub)
    if stated:
        ctx.war_starts.add(stated)
    if stated:
        ctx.war_start, ctx.stated_war_start = stated, True
    elif known is not None:
        theatre = ctx.theatre()
        if theatre and theatre in known.war_start:
            ctx.war_start = known.war_start[theatre]
    return ctx

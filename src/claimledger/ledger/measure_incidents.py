"""Single incidents: whether a figure counts one strike or attack, and which day that was.

A toll tied to one strike ("the strike on the depot killed 38 on Thursday") is its own measure,
dated by the strike, not by the report; a story about one strike keeps its later bare tolls on it.
A ranking ("the deadliest attack since ...") names no start. The incident words are data
(``incident_words``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from ..extract.vocab import longest_first
from ..model import Claim
from .doc_context import DAY_TEXT
from .measure_parts import Period
from .measure_reader import ArticleReader
from .measure_words import (
    _CLAUSE_END,
    _alt,
    _contains,
    _day,
    _seq,
    _weekdays,
)

#: "the deadliest attack since ...", "the worst shelling since ...": a ranking, not a toll's start
_SUPERLATIVE_SINCE = re.compile(
    rf"\b(?:\w{{3,}}est|{_alt('ranking_words')}|most[ ]\w+|than[ ]in[ ]any[ ]\w+)"
    r"[ ][^.,;]{0,40}?\bsince\b[^.,;]*"
)
#: words that make a clause a running toll, not one incident (tuples: ``_contains`` caches per tuple)
_NOT_INCIDENT = _seq("not_incident_words")
#: words in a headline or lead that make the story a running toll, not one strike's
_NOT_STORY = _seq("not_story_words")
#: ... less "toll": what still makes a story a series' when its toll is one strike's
_NOT_STORY_BUT_TOLL = tuple(w for w in _NOT_STORY if w != "toll")
_WEEKDAYS = _weekdays()


@cache
def _incident_words_alt() -> str:
    """The incident words (data: ``incident_words``) as one regex alternation, longest first, so
    every incident pattern below reads the same words."""
    return longest_first(_seq("incident_words"))


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
        rf"|\b(?:{words})\b[^.;:]{{0,60}}?[ ](?:on|of)[ ](?:(?P<wd2>{wd})\b|(?P<d2>{DAY_TEXT}))"
    )


@cache
def _clause_day_re() -> re.Pattern[str]:
    """ "on Wednesday night", "on 20 August": a day written in a clause."""
    wd = "|".join(w.capitalize() for w in _WEEKDAYS)
    return re.compile(rf"\bon[ ](?:(?P<wd>{wd})\b|(?P<d>{DAY_TEXT}))")


@cache
def _incident_place_re() -> re.Pattern[str]:
    """ "attack on Marn", "strike in Lusk", "attacked the village of Marn": a strike and its place."""
    words = _incident_words_alt()
    return re.compile(
        rf"\b(?:{words})[ ](?:on|in|at|near)?[ ]?(?:the[ ](?:{_alt('incident_place_kinds')})[ ]of[ ])?"
        r"(?P<p>[A-Z][\w-]+(?:[ ][A-Z][\w-]+)?)"
        # a place, not a facility's name ("the strike on Kelvar station"): what follows is no noun
        rf"(?=['’]s\b|[,.;:]|$|[ ](?:{_alt('incident_place_followers')})\b)"
    )


@cache
def _incident_toll_re() -> re.Pattern[str]:
    """ "the death toll from Monday's missile strike": a toll that is one strike's, not a running one."""
    words = _incident_words_alt()
    return re.compile(rf"\btolls?[ ](?:from|of|in|for)[ ](?:[\w'’-]+[ ]){{0,4}}?(?:{words})\b", re.IGNORECASE)



@cache
def _own_incident_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A count whose own words name the one event it happened in: after the figure "(deaths / died /
    were killed) in the strike", "in Saturday's explosion", "in the Anzarou killings of 14 April";
    before it "the explosion that killed (six)". The nouns are data (``incident_event_nouns``): named
    events, never a cause in the plural ("killed in air strikes" is how, not which)."""
    nouns = "|".join(
        re.escape(w).replace("\\ ", "[ ]")
        for w in sorted(_seq("incident_event_nouns"), key=len, reverse=True)
    )
    wd = "|".join(w.capitalize() for w in _WEEKDAYS)
    det = (
        rf"(?:the|an?|this|that|last[ ]\w+['’]s|yesterday['’]s"
        rf"|(?:{wd})(?:[ ](?:night|morning|evening|afternoon))?['’]s)"
    )
    after = re.compile(
        rf"[^.;:!?]{{0,60}}?\b(?:in|during|from)[ ]{det}[ ](?:[\w'’-]+[ ]){{0,3}}?(?:{nouns})\b"
    )
    before = re.compile(
        rf"\b(?:{nouns})[ ](?:that|which)[ ](?:killed|wounded|injured|left)[ ](?:[\w-]+[ ]){{0,2}}$"
    )
    return after, before


#: "have been killed", "has died": a running count up to now, not one event
_PERFECT = re.compile(r"\b(?:have|has)[ ](?:\w+[ ])?(?:been|died|killed|wounded)\b")


class IncidentReader(ArticleReader):
    """Which strike a toll counts, and its day."""

    #: the first dated incident the article read at each place (casefolded), for its later counts there
    incidents_at: dict[str, Period]

    def _incident_side(
        self, aff_key: str | None, aff_name: str | None, sentence: str
    ) -> tuple[str | None, str | None]:
        """Whose soldiers one attack killed, as far as a side can say it: the other side of the speaker
        ("enemy of the Front": the attacker's "killed more than 60 soldiers") or the name of where it
        happened ("the Koulbi base": a site, no side) says nothing a victim's count can be told apart
        by, so such soldiers are the incident's, one count with the army's own "11 soldiers". A
        demonym ("seven Kasmirian sailors") stays a side: a clash can kill both sides' men."""
        if aff_key is None:
            return aff_key, aff_name
        if aff_key.startswith("¬"):
            return None, None
        if aff_name and re.search(
            rf"\b(?:at|in|near|on)[ ](?:the[ ])?{re.escape(aff_name)}\b", sentence
        ):
            return None, None
        return aff_key, aff_name

    def _at_incident_site(
        self, period: Period, place: str | None, event: str, before: str, after: str
    ) -> Period:
        """A place where the article has read one incident keeps it: a later count there with no running
        words of its own ("At least 150 people were killed in Anzarou", after "71 people died in the
        village" on 14 April) is that incident's, not a running total since the war began. The first
        dated incident at a place is remembered for the rest of the article."""
        if place is None:
            return period
        key = place.casefold()
        if period.kind == "incident" and (period.end or "")[:1].isdigit():
            self.incidents_at.setdefault(key, period)
            return period
        known = self.incidents_at.get(key)
        if (
            known is not None
            and period.kind == "cumulative"
            and period.start == "war"
            and event in _seq("incident_events")
            and not _contains(before[-120:] + " " + after[:120], _seq("cumulative_words"))
            and not _PERFECT.search(after[:60])
        ):
            return known
        return period


    def _incident_story(self, headline_end: int) -> bool:
        """The article is about one strike or attack: headline or lead say so, with no toll since a date."""
        body = self.text[headline_end:].lstrip()
        lead = body.split("\n", 1)[0]
        first = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0]
        top = self.text[:headline_end] + " " + first
        # "the boldest rebel attack since Operation Ironwood began" ranks the attack; it gives no toll a start
        if "since" in top:
            top = _SUPERLATIVE_SINCE.sub(" ", top)
        if _contains(top, _seq("incident_words")) is None:
            return False
        if not _contains(top, _NOT_STORY):
            return True
        # "Toll in Tirevo apartment strike rises", "The death toll from Monday's missile strike on the
        # station rose to 58": a toll the headline or lead ties to one strike is that strike's, so its
        # "toll" is no running word; any other (a total, since, so far) still makes the story a series'
        return _incident_toll_re().search(top) is not None and not _contains(top, _NOT_STORY_BUT_TOLL)

    @staticmethod
    def _own_incident(before: str, after: str) -> bool:
        """The figure's own words name the one event it counts ("9 civilian deaths in the strike", "five
        children had died in Saturday's explosion", "the explosion that killed six children"): that
        event's toll, whatever running words ("so far", "since") the rest of its clause has."""
        after_re, before_re = _own_incident_res()
        m = after_re.match(after)
        if m is not None and not _contains(after[: m.end()], _NOT_INCIDENT):
            return True
        return before_re.search(before[-80:]) is not None

    def _incident_day(self, c: Claim, sentence: str) -> str | None:
        """The day of the strike a toll counts, when its words date it ("Monday's missile strike", "the
        21 April strike", "the strike on Kelvar station on 21 April"), in the figure's sentence, else in
        the article's headline and lead; else the claim's own date. A later report of the same strike's
        toll is that strike's measure, not a new incident on the day of the report."""
        own = self._date(c)
        top = self.text[: self.headline_end()] + "\n" + self._lead()
        for where in (sentence, top):
            day = self._dated_incident(where)
            if day is None and where is sentence:
                # "Gunmen killed at least 40 people in the village on Wednesday night, the council said on
                # Thursday": the day written in the figure's own clause is the killing's, not the saying's
                day = self._clause_day(c)
            a, b = _day(day), _day(own)
            if day is not None and a is not None and b is not None and a <= b and (b - a).days <= 31:
                return day
        return own

    def _clause_day(self, c: Claim) -> str | None:
        """A day written after the figure in its own clause ("... on Wednesday night", "... on 20
        August"), before the clause ends."""
        clause = _CLAUSE_END.split(self.text[c.span[1] : c.sentence_span[1]], maxsplit=1)[0]
        m = _clause_day_re().search(clause)
        if m is None:
            return None
        pub = self.ctx.published
        if m.group("wd"):
            if pub is None:
                return None
            back = (pub.weekday() - _WEEKDAYS.index(m.group("wd").casefold())) % 7
            return (pub - timedelta(days=back)).isoformat()
        return self._resolve_date(m.group("d"))

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


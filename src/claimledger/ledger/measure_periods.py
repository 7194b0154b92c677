"""Periods: over what span of time a figure counts.

A running total since the war began (stated, implied, or a start the ledger knows is the war's),
since another start ("since the ground assault began"), a window ("in the past 24 hours", "in
April", "the first year of the war"), one incident, or a stock on the day. Each kind is a different
measure, so daily figures never merge with running totals. The phrases are data (``windows``,
``war_start``, ``same_period``, ``stock_cues`` ...).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from ..model import Claim
from .doc_context import DAY_TEXT, STORY_START, WAR_NAMES, resumed_war, rules, siege_start, start_name
from .measure_incidents import (
    _NOT_INCIDENT,
    _SUPERLATIVE_SINCE,
    IncidentReader,
    _incident_toll_re,
)
from .measure_parts import Period, Resolved
from .measure_words import (
    _CLAUSE_END,
    _alt,
    _contains,
    _day,
    _find_all,
    _month_names,
    _seq,
    _weekdays,
)

#: "published a day earlier", "given the day before": when a figure was given, not a day's window
_GIVEN_BEFORE = re.compile(
    rf"\b(?:{_alt('given_verbs')})[ ](?:a|the)[ ](?:day|previous)"
)
#: "since the start of the war", "since the launch of Operation Hollow Pine"
_SINCE_OF = re.compile(
    rf"\b[Ss]ince[ ]the[ ](?:{_alt('start_words')})[ ]of[ ](?:the[ ]|its[ ]|their[ ])?"
    r"(?P<what>Operation[ ][A-Z][\w-]*"
    rf"|(?:[\w-]+[ ]){{0,2}}?(?:{_alt('start_nouns')}))\b"
)
#: "since 1 December", "since the ground assault began on 28 October", "since February 2035"
_SINCE_DATE = re.compile(
    r"\b[Ss]ince[ ](?:(?:the[ ]|its[ ]|their[ ])?(?P<what>[\w -]{3,40}?)(?:[ ]"
    rf"(?:{_alt('start_verbs')}))?"
    rf"(?:[ ]on)?[ ])?(?P<date>{DAY_TEXT}"
    r"|[A-Z][a-z]+(?:[ ]\d{4})?)"
)
#: "since peace talks in the city of Aurenz collapsed on May 1": any event, then its date
_SINCE_EVENT_ON = re.compile(
    r"\b[Ss]ince[ ](?P<what>[\w' -]{3,70}?)[ ]on[ ]"
    rf"(?P<date>{DAY_TEXT})"
)
#: "lined the street for the funerals", "of the first victims": an event word that is the object of a
#: preposition in another verb's clause, or ("lined the street as the first funerals were held") the
#: subject of a clause of its own
_OF_OBJECT = re.compile(r"\b(?:of|for|at|to|after|as)[ ](?:the|its|their)[ ](?:[\w-]+[ ])?$")
#: "were killed in the region last week" (not "by last week", "as of last week": a running total's date)
_LAST_WEEK = re.compile(
    r"(?<!\bby[ ])(?<!\bof[ ])(?<!\buntil[ ])(?<!\bto[ ])\blast[ ]week\b(?!['’]s)", re.IGNORECASE
)
#: "..., as well as 14 tanks": a figure joined to the one before it, counted over its period
_AS_WELL_AS = re.compile(r"\bas[ ]well[ ]as[ ](?:[\w-]+[ ]){0,2}$")
#: ", when": a since-date's clause telling what was said on that day, where the figure after it stands
_WHEN_AFTER = re.compile(r",[ ]when\b")
#: "since the ground assault began": a named start, dated by what the ledger knows
_SINCE_NAMED = re.compile(
    r"\b[Ss]ince[ ]the[ ](?P<what>[\w -]{3,40}?)[ ]"
    rf"(?:{_alt('start_verbs')})\b"
)
#: the first word of each start verb ("broke" of "broke out"): what makes a bare start no bare one
_START_VERB_FIRSTS = "|".join(dict.fromkeys(re.escape(v.split()[0]) for v in _seq("start_verbs")))
#: "since the Tarvessan invasion", "since the offensive": a start named without its verb or date
_SINCE_BARE = re.compile(
    rf"\b[Ss]ince[ ]the[ ](?:[A-Z][\w-]*[ ])?(?P<what>{_alt('start_nouns')})\b"
    rf"(?![ ](?:{_START_VERB_FIRSTS}|on|of)\b)"
)
_SINCE_ANY = re.compile(r"\bsince\b")
#: "after small releases of sick crew in October": an event's clause, its month the event's, never the
#: window of the figure before it (no comma between the "after" and the month)
_AFTER_EVENT = re.compile(r"\b(?:after|following)[ ][^,;.]*$")
#: "the 41,000 it reported in July": a month right after a verb of giving dates the figure's telling
_GIVEN_IN = re.compile(rf"\b(?:{_alt('given_verbs')})[ ]$")
#: "since the explosion": a start named by its event's noun
_SINCE_THE = re.compile(r"\bsince[ ]the[ ](?P<what>[a-z][a-z-]+)\b")
#: a capitalised name inside a sentence (not its first word): what two stories may share
_NAME_IN_TEXT = re.compile(r"(?<=[a-z,;:'’][ ])[A-Z][a-z][\w'’-]{2,}")


@cache
def _calendar_words() -> frozenset[str]:
    """Month and weekday names: every story writes them, so they tie no two stories together."""
    from ..datafiles import load_data

    data = load_data("noclaim")
    return frozenset(str(w).capitalize() for w in (*data["months"], *data["weekdays"]))


#: a word of fighting in a section: its story is a war's
_STORY_WAR = re.compile(rf"\b(?:{_alt('start_nouns')}|{_alt('war_nouns')})\b", re.IGNORECASE)
#: "since the coup", "since the earthquake": an event other than the war that a count starts from
#: a perfect tense right after a figure ("have been detained", "had now been shelled"), or right before
#: it with the figure's own event verb ("have detained 4,100", "had now shelled 64 villages"): a running
#: count, never a stock; one adverb of time may stand inside ("now", "already", "so far"), and a past
#: perfect before the figure needs one ("the navy had detained 23 fishermen" tells one act)
_PERFECT_AFTER = re.compile(r"[^.;]{0,40}?\b(?:have|has|had)[ ](?:(?:now|already|so[ ]far)[ ])?been\b")
_PERFECT_BEFORE = re.compile(
    r"\b(?:(?:have|has)[ ](?:(?:now|already|so[ ]far)[ ])?|had[ ](?:now|already|so[ ]far)[ ])"
    r"(?P<verb>[a-z]+ed)[ ]+"
    r"(?:(?:a[ ]total[ ]of|about|some|more[ ]than|at[ ]least|nearly|almost|over)[ ]+)?$"
)
#: a figure that ends its clause: nothing but a closing quote before the full stop or semicolon
_ENDS_CLAUSE = re.compile(r"[\"”’']?[ ]*(?:[.;]|$)")
#: a verb of saying or counting right before a bare figure, one hedge between
_SAYS_BARE = re.compile(
    r"\b(?:says|said|say|counted|counts|recorded|records|logged|logs|tallied|gave|gives)[ ]"
    r"(?:(?:at[ ]least|about|some|more[ ]than|nearly|almost|only|just|over|around)[ ])?$"
)
#: "in that week", "that week": a week a figure before has named
_THAT_WEEK = re.compile(r"\bthat[ ]week\b", re.IGNORECASE)
#: a past "were displaced" right after a figure (a state, never an act such as "detained")
_STATE_SAID = re.compile(
    r"(?:(?!\b(?:and|or|were|was|had|have|has)\b)[^,;.]){0,40}?"
    r"\b(?:were|was)[ ](?:displaced|homeless|missing)\b",
    re.IGNORECASE,
)
#: a time of the clause's own: the day, the start or the stretch an event's count is told with
_OWN_TIME = re.compile(r"(?i)\b(?:since|during|over|on|after|when|in[ ](?:the[ ])?(?:past|last))\b")
#: the figure opens the "that" clause of a verb of saying: "said on Monday that about "
_SAID_THAT = re.compile(
    r"\b(?:said|told[ ]\w+|reported|estimated|announced)\b[^.;\"“]{0,30}?[ ]that[ ]"
    r"(?:(?:about|some|around|nearly|almost|at[ ]least|more[ ]than|over)[ ])?$"
)
#: the events whose people can be counted in a state on the day (displaced, held, missing, detained)
_STOCK_EVENTS = ("displaced", "captive", "missing", "detained")
#: "has fallen to ", "had dropped to about ": the figure is what a count fell to
_FALLEN_TO = re.compile(
    r"\b(?:has|have|had)[ ](?:now[ ])?(?:fallen|dropped|declined|eased|shrunk)[ ]to[ ]"
    r"(?:(?:about|some|around|nearly|almost|an[ ]estimated|fewer[ ]than|less[ ]than)[ ])?$"
)
_SINCE_EVENT = re.compile(
    rf"\b[Ss]ince[ ]the[ ](?P<what>{_alt('event_start_nouns')})(?=[,.;:)]|$|[ ](?:and|alone|began)\b)"
)
#: a year written or said with a date ("2027", "last year", "two years ago"): the date is not year-less
_YEAR_SAID = re.compile(r"\b\d{4}\b|\byears?\b", re.IGNORECASE)
#: the words between two figures joined by "and" ("people were killed and more than")
_AND_NEXT = re.compile(r"[^,;.()]{0,60}\band[ ](?:[\w-]+[ ]){0,3}")
#: "in the first year of the war", "during the war's first month": a stretch of the war, its own window
_UNIT_DAYS: dict[str, int] = {str(k): int(v) for k, v in rules()["war_part_days"].items()}
_WAR_PART_UNITS = "|".join(re.escape(u) for u in _UNIT_DAYS)
_WAR_PART = re.compile(
    rf"\b(?:in|during|over)[ ](?:the[ ](?P<nth>{_alt('war_part_ordinals')})[ ](?P<unit>{_WAR_PART_UNITS})"
    rf"[ ]of[ ]the[ ](?:{_alt('war_nouns')})|the[ ](?:{_alt('war_possessive_nouns')})'s[ ]"
    rf"(?P<nth2>{_alt('war_part_ordinals')})[ ](?P<unit2>{_WAR_PART_UNITS}))\b",
    re.IGNORECASE,
)
#: words that free captives on a day (an exchange, a release): that day's count, not a stock
_RELEASE = re.compile(
    rf"\b(?:{_alt('release_words')})\b|\bin[ ](?:an?|the)[ ](?:\w+[ ])?(?:{_alt('exchange_words')})\b",
    re.IGNORECASE,
)
#: a day of the month in a written date ("19 August", "Aug. 19"): without one a date is a month
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
#: "since January", "from January 2041": a start written as a bare month, no event named
_BARE_MONTH = re.compile(r"(?:since|from)[ ][A-Z][a-z]+(?:[ ]\d{4})?", re.IGNORECASE)
#: "this year", "so far this year", "since the start of the year", "since 1 January (this year)": the year to
#: date, which the extractor dates from the year's first day
_THIS_YEAR = re.compile(
    r"(?:so[ ]far[ ])?this[ ]year|since[ ]the[ ](?:start|beginning)[ ]of[ ](?:the|this)[ ]year"
    r"|since[ ](?:1[ ]January|January[ ]1)(?:[ ]this[ ]year)?",
    re.IGNORECASE,
)
#: the "what" of "since an audit in May": an event other than the war, dated by its month
_SINCE_EVENT_IN_MONTH = re.compile(
    rf"(?i)(?:an?|the)[ ](?!(?:{_alt('war_nouns')})\b)[\w -]+[ ]in$"
)
#: "in the month", "that month": the month the text last named
_THE_MONTH = re.compile(r"\b(?:in|during|over|for)[ ](?:the|that)[ ]month\b")
_MONTHS = "|".join(_month_names())
#: "last February": a month named with "last" (the one before the report's own month of that name); a
#: figure's stretch of text may cut the month's name short ("last Februar"), so its first letters are read
_LAST_MONTH = re.compile(r"\blast[ ]([A-Z][a-z]{2,})")
_MONTH_NAMED = re.compile(
    rf"(?<![Ss]ince[ ])(?<!from[ ])\b(?P<m>{_MONTHS})(?:[ ](?P<y>\d{{4}}))?\b(?![ ]\d)"
)
_QUARTERS = ("first", "second", "third", "fourth")
#: "in the third quarter", "during the last quarter of 2034", "in the first three months of 2035"
_QUARTER = re.compile(
    r"\b(?:in|during|over)[ ]the[ ](?:(?P<nth>first|second|third|fourth|last)[ ]quarter"
    r"|first[ ]three[ ]months)(?:[ ]of[ ](?P<y>(?:19|20)\d{2}))?\b",
    re.IGNORECASE,
)
#: "December was the deadliest month ..., with": a sentence (after a dateline's dash, if any) about one
#: month, then the figure it gives
_MONTH_SUBJECT = re.compile(
    rf"(?:^\s*|[-–—][ ])(?P<m>{_MONTHS})(?:[ ](?P<y>\d{{4}}))?[ ](?:was|had[ ]been)[ ]the[ ][\w-]+[ ]month\b"
    r"[^.;]*?[ ]with[ ]$"
)
#: "in April", "In March alone", "in March 2036" (a month's window, its year when written); never
#: "in March 12" (a day)
_IN_MONTH = re.compile(
    rf"\b(?:[Ii]n|[Dd]uring|[Ff]or)[ ](?P<m>{_MONTHS})(?:[ ](?P<y>\d{{4}}))?\b(?![ ]\d)"
)

#: "between April and June", "the toll for January to March", "January-March 2041": a stretch of whole
#: months written by its first and last month, its own window (a calendar quarter when it is one); "April
#: and June" alone lists two months, no stretch
_MONTH_RANGE = re.compile(
    rf"\b(?:[Bb]etween[ ](?P<a1>{_MONTHS})[ ]and|(?P<a2>{_MONTHS})(?:[ ]to|[ ]?[-–]))"
    rf"[ ]?(?P<b>{_MONTHS})(?:[ ](?P<y>\d{{4}}))?\b(?![ ]\d)"
)
#: "put the March figure at 247", "the April toll": a count named by its month as an attribute of a count
#: noun (``period_count_nouns``), before the figure: that month's window
_MONTH_COUNT = re.compile(
    rf"\b[Tt]he[ ](?P<m>{_MONTHS})(?:[ ](?P<y>\d{{4}}))?[ ](?:{_alt('period_count_nouns')})\b"
)
#: "in the first five months of the year", "during the first half of 2041": the year to date at that
#: stretch's end, a running total since the year's first day ("the first three months" is the first quarter)
_YEAR_PART = re.compile(
    r"\b(?:[Ii]n|[Dd]uring|[Oo]ver)[ ]the[ ]first[ ]"
    r"(?:(?:two|four|five|six|seven|eight|nine|ten|eleven|[2-9]|1[01])[ ]months|half)"
    r"[ ]of[ ](?:the[ ]year|this[ ]year|(?P<y>(?:19|20)\d{2}))\b"
)
#: "2,230 people were killed last year" (never "since ... last year", "than last year", "of last year"):
#: the year before the report's, whole: its running total since that year's first day
#: a month or a day's number right before "last year": a date's year ("on 4 June last year")
_DATED_LAST_YEAR = re.compile(rf"(?:\b(?:{_MONTHS})|\d)[ ]$")
_LAST_YEAR_WHOLE = re.compile(
    r"(?<![Ss]ince[ ])(?<!\bof[ ])(?<!\bthan[ ])(?<!\bsame[ ]period[ ])\blast[ ]year\b(?!['’]s)"
)
#: "in 2033 alone", "during 2033": a calendar year's window (never "in 2033 dollars": a year then a noun)
_IN_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring)[ ](?P<y>(?:19|20)\d{2})(?:[ ]alone)?(?![ ]?[\w-])")


#: a natural disaster named in a sentence ("earthquake", "the floods"), never "a flood of refugees"
_DISASTERS: dict[str, str] = {str(k): str(v) for k, v in rules()["disaster_words"].items()}
_DISASTER = re.compile(
    rf"\b({'|'.join(re.escape(w) for w in _DISASTERS)})\b(?![ ]of\b)", re.IGNORECASE
)
def _disaster_names() -> dict[str, str]:
    """Each disaster word and the disaster it names (``disaster_words``)."""
    return _DISASTERS


#: "displaced people are now living", "of them were still sheltering": a stock on the day
_LIVING = re.compile(
    rf"[^,;.]{{0,40}}?\b(?:are|were|is|was)[ ](?:\w+[ ])?(?:(?:{_alt('living_verbs')})\b"
    rf"|in[ ](?:[\w-]+[ ])?(?:{_alt('shelter_nouns')})\b)",
    re.IGNORECASE,
)


#: "2.3 million people are displaced inside the country", "1,800 are now missing", "210,000 people from the
#: province remain displaced", and in reported speech "said 212,000 people were currently displaced" (a past
#: "were"/"was" with an adverb of the present): how many are in a state now (never "have been displaced", a
#: running total, nor "were displaced by the floods", one event)
_STATE_NOW = re.compile(
    rf"[^,;.]{{0,40}}?\b(?:are|is)[ ](?:\w+[ ])?(?:{_alt('state_now_words')})\b"
    # the figure's own verb only: no other verb or "and" before it ("two were killed and one was missing")
    rf"|(?:(?!\b(?:and|or|were|was|had|have|has)\b)[^,;.]){{0,40}}?"
    rf"\b(?:(?:remain|remains)[ ](?:\w+[ ])?|(?:were|was)[ ](?:now|currently)[ ])"
    rf"(?:{_alt('state_now_words')})\b",
    re.IGNORECASE,
)


#: ", the deadliest attack on troops since the army was deployed in May", 'calling it "the worst single day
#: since the ring closed"': the "since" of a ranking set (or quoted) after a figure's clause dates the
#: ranking, never the start of what the figure counts; it is cut (the ranking's own words stay: "the
#: largest number in a single day") before the rest of the sentence and the figure's clause are read
_RANKING_HEAD, _RANKING_TAIL = _SUPERLATIVE_SINCE.pattern.split(r"\bsince\b", 1)
_RANKING_AFTER = re.compile(r"((?:,[ ]|[ ][\"“])the[ ]" + _RANKING_HEAD + r")\bsince\b" + _RANKING_TAIL)


@cache
def _mission_start_re() -> re.Pattern[str]:
    """ "since it deployed", "since the mission deployed", "since its deployment" (data:
    ``mission_start_words``)."""
    return re.compile(
        rf"\bsince[ ](?:it|its|the[ ][\w-]+|the[ ][\w-]+[ ][\w-]+)[ ](?:was[ ])?"
        rf"(?:{_alt('mission_start_words')})\b",
        re.IGNORECASE,
    )


#: "on Saturday", "on 14 April": a day written in a sentence
_SENTENCE_DAY = re.compile(
    r"\bon[ ](?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|(?P<d>{DAY_TEXT}))"
)
#: a reporting verb just before a day: the day of the saying, not of the event
_SAID_BEFORE = re.compile(
    rf"\b(?:{_alt('report_verbs')}|{_alt('said_before_verbs')})\b[^,;]{{0,20}}$"
)
#: "6 people died there", "were killed there": a place adverb that refers back to the previous sentence's
#: scene (and to no start of its own)
_THERE = re.compile(
    r"[^,;.]{0,40}?\b(?:died|killed|dead|wounded|injured)[ ]there\b(?![ ]+(?:since|over|in[ ]the[ ]past))"
)
#: a present or progressive "hold" right before a captive count ("was still holding 39", "still holds 52",
#: "is now holding"): how many are held on the day
_HOLDING_BEFORE = re.compile(r"\b(?:(?:is|are|was|were)[ ])?(?:still[ ]|now[ ])?(?:holding|holds)[ ]$")
#: "Wednesday's march", "Saturday night's raid": a day written as the possessive of what happened on it
_DAY_POSSESSIVE = re.compile(
    rf"\b(?P<wd>{'|'.join(d.capitalize() for d in _weekdays())})"
    r"(?:[ ](?:night|morning|evening|afternoon))?['’]s[ ][a-z]"
)
#: "a curfew was extended to 11 districts", "the zone has been widened to 40 villages": what a measure's
#: reach now covers, a stock on the day, never a running count since a start the sentence names elsewhere
_REACH_TO = re.compile(
    r"\b(?:is|was|were|are|has[ ]been|have[ ]been|had[ ]been)[ ](?:now[ ])?"
    r"(?:extended|expanded|widened)[ ]to[ ]$"
)
#: a site named in a sentence: "in Anzarou", "at Ourzig", "in the village"
_SITE = re.compile(
    rf"\b(?:in|at|near)[ ](?:the[ ](?:{_alt('incident_place_kinds')})\b|[A-Z][a-z])"
)


def _names_war(what: str) -> bool:
    """A start's words name the whole war ("the insurgency", "the war", "hostilities": ``WAR_NAMES``, the
    names ``doc_context.war_start_of`` takes for a war's own start), not a phase or an event of its own."""
    head = re.sub(rf"[ ](?:{_alt('start_verbs')})(?:[ ](?:in|on))?$", "", what.strip())
    words = head.split()
    return bool(words) and words[-1] in WAR_NAMES


class PeriodReader(IncidentReader):
    """The period of each figure."""

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
        if ante is not None and ante.period.kind == "stock" and self._earlier_value(before):
            # "120,000 people are displaced in the region, up from 84,000 in May": the stock's earlier value,
            # the month when it stood there, never a window of May
            return Period("stock", end=self._date(c))
        if _contains(" ".join(own_after.split()[:4]), _seq("stock_cues")):
            # "4,200 remain in custody", "3,650 were still held", "195,000 civilians are still in the
            # city": how many are in a state on the day, not how many it happened to since a start
            return Period("stock", end=self._date(c))
        if event == "captive" and _HOLDING_BEFORE.search(before[-40:]):
            # "had kidnapped 164 people since the raid and was still holding 39", "the group holds 52": how
            # many it holds on the day, a stock, never the running count of the figure before it
            return Period("stock", end=self._date(c))
        if event in ("killed", "injured", "missing"):
            disaster = _DISASTER.search(sentence)
            if disaster is not None:
                # "The death toll from last week's earthquake rose to 2,318", "the floods killed 212": the
                # disaster's toll, one incident whatever day each report gives
                return Period("incident", end=_DISASTERS[disaster.group(1).casefold()])
        if event in _seq("incident_events") and self._from_day_of(c):
            # "the toll from Thursday's market bombing has risen to 15": the day is the incident's, whose
            # toll this brings up to date, never the start of a running total
            return Period("incident", end=(c.period_start or "")[:10])
        part = after.lstrip().casefold().startswith(_seq("partitive"))
        if event in _seq("incident_events") and not part and self._own_incident(before, after):
            # "at least 9 civilian deaths in the strike", "died in Saturday's explosion outside Abrel",
            # "the explosion that killed six children there on 3 November": one event's toll, on its day
            if (
                self.anchor is not None
                and self._dated_incident(sentence) is None
                and self._clause_day(c) is None
            ):
                return self.anchor.period  # "had died in the ambush": the one the story is about
            return Period("incident", end=self._incident_day(c, sentence))
        if _REACH_TO.search(before[-40:]):
            # "as a night curfew was extended to 11 districts": how far the curfew reaches on the day
            return Period("stock", end=self._date(c))
        if _LIVING.match(own_after):
            # "38,000 displaced people are now living in Velisk", "262,000 of them are currently living
            # in Salvena": how many live somewhere on the day, not how many arrived since a start
            return Period("stock", end=self._date(c))
        if _STATE_NOW.match(own_after) and "since" not in own_after.casefold():
            # "2.3 million people are displaced inside the country", "are now displaced": a stock on the day,
            # which may fall without any regression, never a running total of displacements since a start
            # ("are internally displaced since February 2031" names its start: a running total)
            return Period("stock", end=self._date(c))
        if (
            _STATE_SAID.match(own_after)
            and _SAID_THAT.search(before[-60:])
            and not _contains(own_after, _seq("windows"))
            and not _OWN_TIME.search(own_after)
        ):
            # "the ministry said on Monday that about 150,000 people were displaced by the fighting": in
            # reported speech a past "were" with no time of its own is the present of the saying, how many
            # are in that state on the day ("said 40 people were displaced on Tuesday" stays one event)
            return Period("stock", end=self._date(c))
        if (
            event in _STOCK_EVENTS
            and _FALLEN_TO.search(before[-50:])
            and "since" not in own_after.casefold()
            and not _contains(own_after, _seq("windows"))
        ):
            # "The number of people displaced by the offensive has fallen to 248,000": a count of people in
            # a state that falls is how many are in it on the day (a running count of displacements never
            # falls); a toll that falls ("killed") is a revision of a running total and stays one
            return Period("stock", end=self._date(c))
        if _LAST_WEEK.search(own_after) and "since" not in own_after:
            # "37 civilians were killed in the region last week": that week's count, never the war's total
            # ("by last week", "as of last week" date a running total instead)
            return Period("window", end=self._date(c), days=7)
        year = self._year_to_date(c, own_after, own_clause=True)
        if year is not None:
            # "1,410 civilians have been killed so far this year ..., making it the deadliest year since the
            # insurgency began": the figure's own clause writes the year to date; a "since" later in the
            # sentence dates a ranking or another count, never this one's start
            return year
        got = (
            self._period_in(own_after, c, after=True)
            or self._period_in(before, c, after=False, windows=not follows)
            or (None if follows else self._period_in(
                _RANKING_AFTER.sub(r"\1", after) if "since" in after else after, c, after=True,
                windows=not (nxt := self._window_is_next(c, after)), same=not nxt,
            ))
        )
        if got is not None and got.kind == "window" and _mission_start_re().search(own_after):
            # "The army, sent to the harbour district in March, said 17 soldiers had been killed since its
            # deployment": the figure's own clause writes its start, so the month of the other clause is that
            # start (the extractor's), never a window of the figure's
            got = Period("cumulative", (c.period_start or "")[:10] or "deployment")
        if got is not None and got.kind == "window" and got.days == 1 and got.start is None:
            lead_in = before[-60:]
            if _contains(lead_in, _seq("windows_before")) and not _GIVEN_BEFORE.search(lead_in.casefold()):
                # "A day earlier the ministry had reported 38 deaths in 24 hours": the day before's window
                told = _day(self._date(c))
                got = Period("window", end=(told - timedelta(days=1)).isoformat() if told else None, days=1)
        if got is None and not follows:
            tail = self._coordinated_tail(i, after)
            window = self._period_in(tail, c, after=True) if tail else None
            if window is not None and window.kind == "window":
                # "At least 162 civilians were killed and 741 injured in Darvonia in September": the window
                # after the pair is both figures', the first's as much as the second's
                got = window
        if got is None and event == "other":
            since = _SINCE_THE.search(own_after)
            if since is not None:
                # "cleared more than 200 mines from pastures around Abrel since the explosion": a thing
                # counted since an event of its own, never the stock on one day
                return Period("cumulative", start_name(since.group("what")))
        if got is None and ante is not None and (coordinated or _AS_WELL_AS.search(before[-30:])):
            # "lost up to 2,150 servicemen over the week, as well as 14 tanks": one report, one period
            return ante.period
        if got is not None:
            if got.kind == "same":
                # "9,400 head of cattle had been stolen since January. … 23 villages had been burned in
                # the same period": the period of the figure before, whatever that figure counted
                ante = self._antecedent(i, any_thing=True) or ante
                week = self._week_before(i) if _THAT_WEEK.search(before[-60:] + " " + own_after) else None
                if week is not None:
                    # "... recorded 63 strikes in the week to 14 November. The air force, which said that no
                    # more than 30 civilians had died, put the number of strikes in that week at 41": "that
                    # week" is the week a figure before named, never the period of the nearest figure
                    return week
                return ante.period if ante is not None else Period("cumulative", "war")
            return got
        if event == "captive" and _RELEASE.search(sentence):
            # "206 came home in Thursday's prisoner exchange", "it had handed over 195 servicemen":
            # captives freed on a day are that day's release, never the stock still held
            return Period("incident", end=self._date(c))
        if (inherit or self._elliptical(before, after)) and ante is not None and ante.event == event:
            # "The army says 41 bombs exploded on the highways in June. The drivers' union ... counted 63.":
            # a figure with no words of its own after a verb of saying or counting is a rival's figure
            # for the count before it, over that count's period
            return ante.period
        # "since April 14, when it said 1,108": the date the figure was given, not its start
        given_on = c.time_span is not None and self.text.startswith(", when ", c.time_span[1])
        year = self._year_to_date(c, own_after, own_clause=False)
        if year is not None:
            return year  # "this year, 402 civilians had now been killed": the year to date
        if (
            c.period_start
            and not given_on
            and not self._ranked(c)
            and (c.time_text is None or re.match(r"(?i)since|from", c.time_text))
        ):
            start = c.period_start[:10]
            if c.time_text and _DAY_NUMBER.search(c.time_text) is None:
                # "since February 2035": the start dated in that month
                start = self._day_in_month(start, bare=_BARE_MONTH.fullmatch(c.time_text.strip()) is not None)
                if self._war_era(start):
                    return Period("cumulative", "war")
            elif c.time_text and not _YEAR_SAID.search(c.time_text):
                start = self._known_day(start)  # "since 14 March" two years on: the war's 14 March
            return Period("cumulative", "war" if start == ctx.war_start or start in ctx.war_starts else start)
        # a ranking's "since" after the figure ("calling it 'the worst single day since the ring closed'")
        # dates the ranking: it makes no running toll of the clause
        ranked_after = _RANKING_AFTER.sub(r"\1", after) if "since" in after else after
        clause = before[-120:] + ranked_after[:120] + self._coordinated_tail(i, after)
        lead = sentence[: c.span[0] - c.sentence_span[0]]
        anchor = self.anchor
        if c.hedge == "vague" and not inherit and self._seen_not_struck(c):
            # "Hundreds of mourners lined the street for the funerals of the strike's victims": a crowd seen
            # on the day, whose event word ("victims") is another noun's, never the strike's toll
            return Period("stock", end=self._date(c))
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
            and not self._running_words(clause, self.story)
            and not _contains(sentence, _seq("war_start"))
            and not self._since_resumed(sentence)
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
            if simple_past and not _contains(sentence, _seq("cumulative_words")) and _SITE.search(sentence):
                day = self._event_day(c, sentence)
                if day is not None:
                    # "the events at Anzarou on 14 April ... 71 people died in the village": a count with
                    # a place and a single day is that day's incident there, never a running total
                    return Period("incident", end=day)
            if _THERE.match(own_after) and "since" not in own_after:
                day = self._scene_day(c)
                if day is not None:
                    # "The sharpest dispute is over Wednesday's march in Tarrow ... The ministry said 6 people
                    # died there": "there" is the previous sentence's scene, so its day makes one incident
                    return Period("incident", end=day)
            return self._undated_start()
        if _PERFECT_AFTER.match(after) or (
            (m := _PERFECT_BEFORE.search(before[-60:])) is not None
            and c.event_span is not None
            and m.group("verb").casefold() == self.text[c.event_span[0] : c.event_span[1]].casefold()
        ):
            # "1,100 people have been detained", "37 villages had now been shelled", "the guns had now
            # shelled 64 villages": a running count, never a stock on the day
            return self._undated_start()
        return Period("stock", end=self._date(c))

    def _week_before(self, i: int) -> Period | None:
        """The nearest week's window read before figure ``i`` (within five figures and 600 characters)."""
        c = self.claims[i]
        for j in range(i - 1, max(-1, i - 6), -1):
            r = self.out[j]
            if c.sentence_span[0] - self.claims[j].sentence_span[1] > 600:
                return None
            if r is not None and r.period.kind == "window" and r.period.days == 7:
                return r.period
        return None

    @staticmethod
    def _window_is_next(c: Claim, after: str) -> bool:
        """Another figure of the sentence follows, and the stretch after this figure leaves its own clause
        before it ("no more than 30 civilians had died in the campaign, put the number of strikes in that
        week at 41"): a window ("in the past week") or "the same period" written in that later clause is
        the next figure's, never this one's."""
        return c.span[1] + len(after) < c.sentence_span[1] and _CLAUSE_END.search(after) is not None

    @staticmethod
    def _elliptical(before: str, after: str) -> bool:
        """A figure that ends its clause right after a verb of saying or counting ("the union counted 63.",
        "the federation said 61.", "has counted at least 38."): it has no noun, no place and no period of
        its own, so it gives another party's figure for the count named before it."""
        return _ENDS_CLAUSE.match(after) is not None and _SAYS_BARE.search(before[-40:]) is not None

    def _year_to_date(self, c: Claim, own_after: str, *, own_clause: bool) -> Period | None:
        """ "505 attacks in the Basin this year", "1,410 killed so far this year": a figure whose own clause
        says "this year" counts since the year's first day (the extractor's start), a toll as much as any
        count: the same count as "since the start of the year" and "since 1 January", never a stock on
        the day nor the war's total (unless the war began that very day)."""
        if not (c.period_start and c.period_start[5:10] == "01-01") or self._ranked(c):
            return None
        if own_clause:
            # read before any other period phrase of the sentence: only the figure's own clause after it
            if not _THIS_YEAR.search(own_after):
                return None  # "the deadliest week this year, with 310 deaths": another phrase's year
        elif not (c.time_text and _THIS_YEAR.fullmatch(c.time_text.strip())):
            return None
        start = c.period_start[:10]
        ctx = self.ctx
        return Period("cumulative", "war" if start == ctx.war_start or start in ctx.war_starts else start)

    def _from_day_of(self, c: Claim) -> bool:
        """ "from Thursday's market bombing", "from Saturday's strike": a "from" whose day is a possessive
        names the day of what the count comes from, not a start (the extractor reads "from Thursday")."""
        if c.period_start is None or c.time_span is None or c.time_text is None:
            return False
        if not c.time_text.casefold().startswith("from "):
            return False
        return re.match(r"['\u2019]s[ ]", self.text[c.time_span[1] : c.time_span[1] + 3]) is not None

    def _mission_period(self, period: Period, population: str | None, before: str, after: str) -> Period:
        """A mission's own people counted since its own start are one running total however the start
        is written: "since it deployed in January 2032", "since the mission deployed in 2032", "since
        its deployment", "since the war began" (a mission counts nothing from before it came). A later
        start of its own ("17 of them since January") stays its own period."""
        if population not in _seq("mission_populations") or period.kind != "cumulative":
            return period
        own = _CLAUSE_END.split(after, maxsplit=1)[0][:120] + " " + re.split(r"[,;]", before[-80:])[-1]
        if period.start == "war" or _mission_start_re().search(own):
            return Period("cumulative", "deployment")
        return period

    def _scene_day(self, c: Claim) -> str | None:
        """The day the sentence before the claim's dates its scene ("Wednesday's march in Tarrow",
        "clashes in Tarrow on 3 May"): what a "there" in the claim's sentence refers back to. None when
        that sentence names no site or no day of an event."""
        s0 = c.sentence_span[0]
        head = self.text[max(0, s0 - 400) : s0].rstrip()
        cut = max(head.rfind(". ", 0, len(head) - 1), head.rfind("\n"))
        prev = head[cut + 1 :]
        if not _SITE.search(prev):
            return None
        pub = self.ctx.published
        m = _DAY_POSSESSIVE.search(prev)
        if m is not None:
            if pub is None:
                return None
            back = (pub.weekday() - _weekdays().index(m.group("wd").casefold())) % 7
            return (pub - timedelta(days=back)).isoformat()
        return self._event_day(c, prev)

    def _event_day(self, c: Claim, sentence: str) -> str | None:
        """The one day a sentence dates what happened ("the events at Anzarou on 14 April", "killed in
        the village on Saturday"), not the day it was said ("said on Monday"); never after the claim's
        own date."""
        pub = self.ctx.published
        own = _day(self._date(c))
        for m in _SENTENCE_DAY.finditer(sentence):
            if _SAID_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()]):
                continue
            if m.group("wd"):
                if pub is None:
                    continue
                back = (pub.weekday() - _weekdays().index(m.group("wd").casefold())) % 7
                iso: str | None = (pub - timedelta(days=back)).isoformat()
            else:
                iso = self._resolve_date(m.group("d"))
            got = _day(iso)
            if iso is not None and got is not None and (own is None or got <= own):
                return iso
        return None

    def _seen_not_struck(self, c: Claim) -> bool:
        """A vague figure whose own noun is a crowd seen doing something ("Hundreds of mourners lined
        the street for the funerals"): its event word ("funerals") is more than six words past its own
        noun and the object of a preposition in its own verb's clause, so it is no toll of the incident."""
        if c.subject_span is None or c.event_span is None or c.event_span[0] < c.subject_span[1]:
            return False
        between = self.text[c.subject_span[1] : c.event_span[0]]
        return len(between.split()) > 6 and _OF_OBJECT.search(between) is not None
    def _running_words(self, clause: str, one_story: bool) -> bool:
        """Whether the clause says a running total ("so far", "since", "bringing the toll to"). In a
        story about one incident, "the toll" and "now" alone are that incident's count brought up to
        date ("the army put the toll at no more than 25", "131 had now been buried")."""
        words = [w for _at, w in _find_all(clause, _seq("cumulative_words"))]
        if one_story:
            words = [w for w in words if w not in _seq("incident_update_words")]
        return bool(words)

    def _period_in(
        self, seg: str, c: Claim, *, after: bool, windows: bool = True, same: bool = True
    ) -> Period | None:
        """The period phrase of a figure's own stretch of text (after it first, then before it).

        A window phrase before a figure that follows another in its sentence is that figure's
        ("143 killed in the past 24 hours, bringing the toll to 12,704").
        """
        if same and _contains(seg, _seq("same_period")):
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
        span = self._month_span(seg, after=after)
        if span is not None:
            return span
        quarter = self._quarter(seg) if "quarter" in seg or "three months" in seg else None
        if quarter is not None:
            return quarter
        hits = _find_all(seg, _seq("windows")) if windows else []
        if hits:
            # the nearest to the figure
            pos, phrase = hits[0] if after else hits[-1]
            days = int(rules()["windows"][phrase])
            end = self._date(c)
            if phrase.endswith((" to", " ending")):
                # "the week to 14 September": the window ends on the day it names, not on the report's
                end = self._resolve_date(seg[pos + len(phrase) :].lstrip()) or end
            return Period("window", end=end, days=days)
        if _contains(seg, _seq("war_start")) or self._since_resumed(seg):
            return Period("cumulative", "war")
        siege = self._since_siege(seg, c)
        if siege is not None:
            return siege
        m5 = _SINCE_EVENT.search(seg) if "ince the " in seg else None
        if m5:
            # "since the coup", "since the earthquake": a start of its own, never the war's
            named = self.ctx.named_starts.get(start_name(m5.group("what")))
            if named:
                return Period("cumulative", named)
            return self._undated_start(m5.group("what").casefold())
        m4 = _SINCE_BARE.search(seg) if "ince the " in seg else None
        if m4:
            what = m4.group("what").casefold()
            if what in _seq("war_nouns"):
                return Period("cumulative", "war")
            named = self.ctx.named_starts.get(start_name(what))
            if named:
                return Period("cumulative", "war" if named in self.ctx.war_starts else named)
        m = _SINCE_DATE.search(seg) or _SINCE_EVENT_ON.search(seg)
        if m and _SINCE_EVENT_IN_MONTH.match((m.group("what") or "").strip()):
            m = None  # "its first increase since an audit in May": the audit's month, not the figure's start
        if m and not after and _WHEN_AFTER.match(seg, m.end()):
            m = None  # "since May 19, when the ministry said 5,937": the day the figure was given, no start
        if m:
            iso = self._resolve_date(m.group("date")) or self._resolve_month(m.group("date"))
            if c.period_start and c.time_span and self.text[c.time_span[0] : c.time_span[1]] in seg:
                iso = c.period_start[:10]  # the extractor resolved this very phrase
            elif c.period_start and iso and c.period_start[4:10] == iso[4:10]:
                iso = c.period_start[:10]  # that day, its year read by the extractor ("... last year")
            elif iso is None and c.period_start:
                iso = c.period_start[:10]
            iso = self._last_month(seg[m.start() : m.end() + 30], iso)
            what = (m.group("what") or "").casefold()
            if iso and what and _DAY_NUMBER.search(m.group("date")) is None and _names_war(what):
                # "since the insurgency began in February": the war's start, written to its month
                return Period("cumulative", "war")
            if iso and _DAY_NUMBER.search(m.group("date")) is None:
                # "since the siege began in August": the siege's known day
                iso = self._day_in_month(iso, bare=not what)
                if self._war_era(iso) and (not what or any(w in what for w in _seq("war_nouns"))):
                    return Period("cumulative", "war")
            if iso and not _YEAR_SAID.search(m.group()):
                iso = self._known_day(iso)  # "since the invasion on 14 March", years on: the war's day
                iso = self._before_today(iso)
            if iso and (iso == self.ctx.war_start or iso in self.ctx.war_starts):
                return Period("cumulative", "war")
            if what and any(w in what for w in _seq("war_nouns")):
                return Period("cumulative", "war")
            if iso:
                return Period("cumulative", iso)
        m2 = _SINCE_NAMED.search(seg) or _SINCE_OF.search(seg)
        if m2:
            what = m2.group("what").casefold()
            named = self.ctx.named_starts.get(start_name(what))
            if named:
                return Period("cumulative", "war" if named in self.ctx.war_starts else named)
            if any(w in what for w in _seq("war_nouns")):
                return Period("cumulative", "war")
            return Period("cumulative", start_name(what))
        lead_month = None if after or "month" not in seg else _MONTH_SUBJECT.search(seg)
        if lead_month is not None:
            # "December was the deadliest month for civilians since the summer, with 212 killed": the month
            # the sentence is about, its window (never the running total, nor "since the summer")
            named = " ".join(("1", lead_month.group("m"), lead_month.group("y") or "")).strip()
            iso = self._resolve_date(named)
            if iso:
                return Period("window", start=iso[:7], end=iso[:7], days=30)
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
        if m3 and (_AFTER_EVENT.search(seg, 0, m3.start()) or _GIVEN_IN.search(seg, 0, m3.start())):
            # "still holding 39 crew, after small releases in October": the release's month; "down from the
            # 41,000 it reported in July": the month the figure was given, never its window
            m3 = None
        if m3 and not _SINCE_ANY.search(seg, 0, m3.start()):  # "since an audit in May": the audit's month
            iso = self._resolve_date(" ".join(("1", m3.group("m"), m3.group("y") or "")).strip())
            if iso:
                return Period("window", start=iso[:7], end=iso[:7], days=30)
        part = _YEAR_PART.search(seg) if "first" in seg else None
        if part is not None and not _SINCE_ANY.search(seg, 0, part.start()):
            # "In the first five months of the year, 892 people were murdered": the year to date
            pub = self.ctx.published
            year = part.group("y") or (str(pub.year) if pub else None)
            if year:
                return self._year_start(f"{year}-01-01")
        whole = _LAST_YEAR_WHOLE.search(seg) if after and "last year" in seg else None
        if whole is not None and _DATED_LAST_YEAR.search(seg, 0, whole.start()):
            whole = None  # "stood at 41,260 on 4 June last year": a day's year, never the whole year
        if whole is not None and self.ctx.published and not _SINCE_ANY.search(seg, 0, whole.start()):
            # "2,230 people were killed last year", told in January: the whole of the year before, its
            # count since its first day (the same count as "in 2074" told after that year ended)
            return self._year_start(f"{self.ctx.published.year - 1}-01-01")
        m4 = _IN_YEAR.search(seg)
        if m4 and not _SINCE_ANY.search(seg, 0, m4.start()):
            # "2,310 people had been killed in 2033 alone", "so far in 2035": that year's count, never the
            # war's total; the count of the year to date, whose last value a report gives once the year is
            # over ("3,120 civilians were killed in 2035", in January 2036)
            return Period("cumulative", f"{m4.group('y')}-01-01")
        return None

    @staticmethod
    def _earlier_value(before: str) -> bool:
        """The figure is set against the one before it as that count's earlier value ("up from",
        "down from its estimate of", "compared with": an ``inherit_cues`` phrase that names no part)."""
        cue = _contains(before[-40:], _seq("inherit_cues"))
        return cue is not None and cue not in _seq("subset_cues") and cue not in ("another", "in all")

    def _year_start(self, start: str) -> Period:
        """A running total since a year's first day, or the war's when the war began that very day."""
        ctx = self.ctx
        return Period("cumulative", "war" if start == ctx.war_start or start in ctx.war_starts else start)

    def _month_span(self, seg: str, *, after: bool) -> Period | None:
        """ "402 killed between April and June", "put the toll for January to March at 311": a stretch of
        whole months is one window from the first month's start to the last's end (a calendar quarter,
        "2041-Q2", when it is one, the same count as "in the second quarter"). The nearest such phrase to
        the figure is its own, read before a quarter named later ("between April and June, more than in
        the first quarter")."""
        ranges = list(_MONTH_RANGE.finditer(seg))
        if not after and not ranges:
            named = [m for m in _MONTH_COUNT.finditer(seg) if len(seg) - m.end() <= 60]
            if named:
                # "put the March figure at 247": the month's window, the count "in March" gives
                last = named[-1]
                iso = self._resolve_date(" ".join(("1", last.group("m"), last.group("y") or "")).strip())
                return Period("window", start=iso[:7], end=iso[:7], days=30) if iso else None
        if not ranges:
            return None
        m = ranges[0] if after else ranges[-1]
        first = m.group("a1") or m.group("a2")
        last_iso = self._resolve_date(" ".join(("1", m.group("b"), m.group("y") or "")).strip())
        if last_iso is None:
            return None
        months = _month_names()
        a, b = months.index(first) + 1, months.index(m.group("b")) + 1
        year_b = int(last_iso[:4])
        year_a = year_b if a <= b else year_b - 1
        count = (year_b - year_a) * 12 + b - a + 1
        if count == 3 and year_a == year_b and a % 3 == 1:
            q = f"{year_a}-Q{a // 3 + 1}"
            return Period("window", start=q, end=q, days=91)
        return Period("window", start=f"{year_a}-{a:02d}", end=last_iso[:7], days=30 * count)

    def _quarter(self, seg: str) -> Period | None:
        """ "in the third quarter", "in the last quarter of 2034", "in the first three months of 2035": a
        calendar quarter's window (its year as written, else the report's; "the last quarter" is the one
        before the report's), never a running total nor the stock on a day."""
        m = _QUARTER.search(seg)
        pub = self.ctx.published
        if m is None or (m.group("y") is None and pub is None):
            return None
        nth = (m.group("nth") or "first").casefold()
        year = int(m.group("y")) if m.group("y") else pub.year if pub else 0
        if nth == "last":
            if m.group("y"):
                q = 4
            elif pub is not None:
                q, year = ((pub.month - 1) // 3, pub.year) if pub.month > 3 else (4, pub.year - 1)
            else:
                return None
        else:
            q = _QUARTERS.index(nth) + 1
        return Period("window", start=f"{year}-Q{q}", end=f"{year}-Q{q}", days=91)

    def _since_siege(self, seg: str, c: Claim) -> Period | None:
        """ "since the siege began", "since the siege closed", "since the army closed the ring road on
        19 August", "since the encirclement was completed in November 2033": one start, the siege's,
        its day as written, else the one the ledger knows (``named_starts['siege']``), else "siege"
        (settled once the ledger learns it)."""
        if "since" not in seg.casefold():
            return None
        for m in siege_start().finditer(seg):
            lead = seg[max(0, m.start() - 60) : m.start()]
            at = lead.casefold().rfind("since ")
            if at < 0 or re.search(r"[.;,]", lead[at:]):
                continue
            written = m.group("date")
            iso = None
            if written:
                iso = self._resolve_date(written) or self._resolve_month(written)
                if c.period_start and c.time_span and self.text[c.time_span[0] : c.time_span[1]] in seg:
                    iso = c.period_start[:10]  # the extractor resolved this very phrase ("last year")
                if iso and _DAY_NUMBER.search(written) is None:
                    iso = self._day_in_month(iso)  # "in November 2033": the siege's known day
            known = self.ctx.named_starts.get("siege")
            if iso and known and known[5:] == iso[5:]:
                iso = known  # "on 3 November last year": the day as the article's dated start reads it
            iso = iso or known
            self.siege_claim = c.span[0]  # the place reader counts it in the besieged city
            return Period("cumulative", iso or "siege")
        return None

    def _undated_start(self, own: str | None = None) -> Period:
        """A running total with no dated start: since the war began, or in a round-up's other story
        ("In Ambaria, the ministry said 21 protesters had been killed since the coup") since that
        story began; ``own`` names a start of its own ("coup") outside such a story."""
        if self._other_story() is not None and not self._story_of_war():
            return Period("cumulative", STORY_START)
        return Period("cumulative", own) if own else Period("cumulative", "war")

    def _story_of_war(self) -> bool:
        """The current section is a story of the war: it writes a word of fighting ("the army's
        offensive", "since hostilities resumed") or a name the body before it wrote ("14,700 refugees
        from Tarnholm"). Its undated running totals count since the war began; an unrelated story's
        (a coup abroad) since that story began."""
        lo, hi = self._section()
        text = self.text
        if _STORY_WAR.search(text, lo, hi) is not None or resumed_war().search(text, lo, hi) is not None:
            return True
        skip = _calendar_words()
        names = {m.group() for m in _NAME_IN_TEXT.finditer(text, lo, hi)} - skip
        earlier = {m.group() for m in _NAME_IN_TEXT.finditer(text, self.headline_end(), lo)}
        return bool(names & earlier)

    @staticmethod
    def _since_resumed(seg: str) -> bool:
        """ "since the ceasefire collapsed", "since hostilities resumed", "since the collapse of the
        truce": a war that resumed counts from its restart, the war's start."""
        return any(
            re.search(r"(?i)\bsince[ ]$", seg[max(0, m.start() - 6) : m.start()])
            for m in resumed_war().finditer(seg)
        )

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

    def _last_month(self, phrase: str, iso: str | None) -> str | None:
        """ "since its raid on Dabro last February", told in February: the February a year back, never the
        report's own month (which "last" rules out); in any other month the latest such month is right."""
        pub = self.ctx.published
        last = _LAST_MONTH.search(phrase)
        if iso is None or pub is None or last is None or iso[:7] != f"{pub.year}-{pub.month:02d}":
            return iso
        if not _month_names()[pub.month - 1].casefold().startswith(last.group(1).casefold()):
            return iso
        return f"{pub.year - 1}{iso[4:]}"

    def _before_today(self, iso: str) -> str:
        """A start written without its year is before the report: "512 killed since October 14" in a
        report of 14 October counts from 14 October a year back (an anniversary), never from today, a
        running total of no days."""
        pub = self.ctx.published
        if pub is None or iso != pub.isoformat() or iso[5:] == "02-29":
            return iso
        return date(pub.year - 1, pub.month, pub.day).isoformat()

    def _war_era(self, iso: str) -> bool:
        """ "since March 2025" in a report of 2033: a start written only to its month, years back, with no
        dated start the ledger knows in that month, is an era's start (the war's), not a date the
        count was reset on; a running count of the war since its first month is the war's count."""
        pub = self.ctx.published
        return (
            iso.endswith("-01")
            and pub is not None
            and iso[:7] < f"{pub.year - 1}-{pub.month:02d}"
        )

    def _day_in_month(self, iso: str, *, bare: bool = False) -> str:
        """A start written to the month ("since February 2035") is the one dated start the ledger knows
        in that month (a war's, a siege's), when there is exactly one; else the month's first day."""
        ctx = self.ctx
        # a bare "since January" is the year to date unless this article's own war began that January:
        # another theatre's war begun that month is not its start (``year_start_reader`` in the ledger)
        bare_year = iso[5:] == "01-01" and bare
        wars = ((ctx.war_start,) if ctx.war_start else ()) if bare_year else ctx.war_starts
        days = {d for d in (*wars, *ctx.named_starts.values()) if d[:7] == iso[:7]}
        return next(iter(days)) if len(days) == 1 else iso

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


"""Places: where a figure counts, and an article's setting.

What the claim names ("in Hollin province", "within Hollin"), else a strike's place, else the
article's setting (its dateline's region, or where its section writes its figures). Never a
demonym, a month, where a speaker stood ("told reporters in Geneva") or a body's seat ("the
health ministry in Alske" is the nation's). Place words are data (``generic_places``,
``not_places``, ``speaker_place_cues``, ``partial_place_cues``, ``national_bodies``).
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Claim
from .doc_context import DEMONYM_ENDINGS, fold, rules, side_key
from .gazetteer import country_of, is_country
from .measure_incidents import _incident_place_re
from .measure_parts import Period, Resolved
from .measure_place_settle import people_of
from .measure_reader import ArticleReader
from .measure_words import (
    _BODY_HEADS,
    _CLAUSE_END,
    _ONE_CAP,
    _WORD,
    _alt,
    _body_words,
    _contains,
    _group_firsts,
    _months_low,
    _org_words,
    _seq,
    _tables,
)

#: "in Qadrel", "fled the city of Kessrin", "within Hollin province": the place a figure names
_PLACE_AFTER = re.compile(
    rf"\b(?:{_alt('place_prepositions')})[ ]"
    rf"(?:the[ ](?:[a-z]+(?:-[a-z]+)?[ ]){{0,2}}?(?:{_alt('place_of_kinds')})[ ]of[ ]"
    r"|the[ ]provincial[ ]capital,[ ]|the[ ]capital,[ ])?"
    r"(?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})"
)
#: "in the enclave", "fled the province": a place named by its kind, read from the article
_GENERIC_PLACE = re.compile(
    rf"\b(?i:{_alt('generic_place_prepositions')})[ ](?:the|this|that|her|his|its|their)[ ](?:\w+[ ]){{0,2}}?"
    rf"(?P<g>{_alt('generic_place_words')})\b"
)
#: "died on the province's roads", "treated at the city's two hospitals": a place named by its kind as the
#: owner of where the figure happened (a kind word of ``generic_place_words``, written as a possessive)
_GENERIC_OWNER = re.compile(
    rf"\b(?:on|at|along|across|in|from)[ ]the[ ](?P<g>{_alt('generic_place_words')})['’]s[ ][a-z]"
)
#: "nationwide", "countrywide": a count over the whole country, written with no place name
_NATIONAL_SCOPE = re.compile(rf"\b(?:{_alt('national_scope_words')})\b", re.IGNORECASE)
#: a preposition capitalised at a sentence's start ("In Kaldera province, ..."): never part of a place
_OPENING_PREPOSITION = "|".join(
    sorted({w.capitalize() for w in (*_seq("place_prepositions"), *_seq("generic_place_prepositions"))})
)
#: a region's kind word written into its name ("Fennick Region", "Harrow Province"): the kind, not the name
_KIND_CAPS = "|".join(w.capitalize() for w in _seq("named_region_kinds"))
#: a place named with its kind: "Kaldera region", "the Halden regional administration", "the province of
#: Tesh", "the city of Ismarre" (the kind word's stem, so "regional" and "provincial" are region, province)
_NAMED_KIND = re.compile(
    rf"\b(?:The[ ])?(?!(?:{_OPENING_PREPOSITION})[ ])"
    rf"(?P<a>[A-Z][\w'’-]+(?:[ ](?!(?:{_KIND_CAPS})\b)[A-Z][\w'’-]+){{0,2}})[ ]"
    rf"(?:(?P<k>[a-z]+)|(?P<kc>{_KIND_CAPS}))\b"
    r"|\b(?P<k2>[a-z]+)[ ]of[ ](?P<b>[A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+){0,2})"
)
#: "Ebrun, the rebel-held " right before "region of Sorvath": a name set in apposition to "the <kind> of"
_APPOSED = re.compile(r"\b(?P<p>[A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+){0,2}),[ ]the[ ](?:[\w-]+[ ]){0,2}$")
#: "In Kessrin, ...", "Across Hollin province, ...", "In Hollin province the figure is 4,390": a sentence
#: opened by a place (with a comma, or with its kind word and no comma) counts its figures there
_SENTENCE_PLACE = re.compile(
    r"^(?:In|Across|Inside)[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})"
    rf"(?:(?:[ ][a-z]+){{0,2}},|[ ](?P<k>{_alt('place_kind_suffixes')})[ ])"
)
#: "Lusk, by my count of funeral notices, has lost at least 1,300 civilians": a place as the subject of
#: a loss (``place_subject_verbs``)
_SUBJECT_PLACE = re.compile(
    r"^(?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})(?:,[^,.]{1,80},)?[ ](?:has[ ]|have[ ]|had[ ])?"
    rf"(?:[a-z]+[ ])?(?:{_alt('place_subject_verbs')})\b"
)
_PLACE_BEFORE = re.compile(
    rf"\b(?:for|in|from)[ ]the[ ](?:[a-z]+(?:-[a-z]+)?[ ]){{0,2}}?(?:{_alt('place_before_kinds')})[ ]of[ ]"
    r"(?P<p>[A-Z][\w'’-]*)"
)
#: "fled to Ombria", "crossed into Ombria": where displaced people went
_DESTINATION = re.compile(
    rf"\b(?:{_alt('destination_verbs')})[ ](?:to|into)[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){{0,2}})"
)
#: "refugees from Osterland arriving in Brask", "of them are living in Brask": where displaced people are
_ARRIVED_IN = re.compile(
    rf"\b(?:{_alt('arrival_verbs')})[ ](?:in|into|to)[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){{0,2}})"
)
#: "crossed from Quarrenby state into Vardia", "moved from Orlenne to Vardia": right after the place people
#: came from, the place they went to (where the count is)
_ONWARD = re.compile(
    r"(?:[ ][a-z]+){0,2}[ ](?:into|to)[ ](?:the[ ])?(?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})"
)
#: the city a siege is of: "besieged Varosh", "the siege of Varosh", "the Varosh siege"
_BESIEGED = re.compile(
    r"\b[Bb]esieged[ ](?:city[ ]of[ ])?(?P<a>[A-Z][\w'’-]+)|\bsiege[ ]of[ ](?P<b>[A-Z][\w'’-]+)"
    r"|\b(?P<c>[A-Z][\w'’-]+)[ ]siege\b"
)
#: the sentence after a total, breaking it down between two places: "Of the dead, 11,870 were killed in
#: Aldessa, ..., and 741 in Morvania"
_BREAKDOWN = re.compile(
    r"\s*Of[ ](?:the|them|those|these)\b[^.]{0,80}?\bin[ ](?P<a>[A-Z][\w'’-]+)\b[^.]{0,100}?"
    r"\band[ ][\d,.]+[ ](?:[a-z]+[ ]){0,3}?in[ ](?P<b>[A-Z][\w'’-]+)\b"
)
#: a war said to be between two countries: "the war between Aldessa and Morvania", "fighting between
#: Aldessa and Morvania", a round-up heading "ALDESSA/MORVANIA:", "the Aldessa-Morvania war"
_WAR_PAIR = re.compile(
    rf"\b(?:{_alt('war_nouns')}|hostilities)[ ]between[ ](?:the[ ])?(?P<a>[A-Z][a-z][\w'’-]+)[ ]and[ ]"
    r"(?:the[ ])?(?P<b>[A-Z][a-z][\w'’-]+)\b"
    r"|^(?P<c>[A-Z]{3,})/(?P<d>[A-Z]{3,}):"
    r"|\b(?P<e>[A-Z][a-z][\w'’]+)[-–](?P<f>[A-Z][a-z][\w'’]+)[ ](?:war|conflict)\b",
    re.MULTILINE,
)
#: a round-up paragraph's heading: "TELURIA: ", "ALDESSA/MORVANIA: "
_PARAGRAPH_HEADING = re.compile(r"[A-Z]{3,}(?:[ /-][A-Z]{3,}){0,3}:[ ]")
#: a people's word: "Sarvelian", "Qasmaris" (a country's name plus a demonym ending)
PEOPLE_WORD = re.compile(rf"\b[A-Z][a-z][\w-]*(?:{DEMONYM_ENDINGS})s?\b")
#: "46,980 Qasmaris had been", "3,115 Ostrelians since", "1,200 Serevian civilians": a people counted,
#: right after its figure (a demonym alone, or before a whole population's noun)
_COUNTED_PEOPLE = re.compile(
    rf"[ ](?P<w>[A-Z][a-z][\w-]*(?:{DEMONYM_ENDINGS})s?)(?:[ ](?:civilians|people|residents|citizens))?\b"
    r"(?![ ][A-Z])"
)
#: a figure of refugees: "212,400 refugees", "221,000 Sarvelian refugees"
_REFUGEES = re.compile(r"\s+(?:[A-Z][\w'’-]+[ ])?refugees\b")
#: "Tavaru, which hosts ": the host named right before a figure of refugees
_HOSTS = re.compile(
    rf"\b(?P<p>[A-Z][\w'’-]+),?[ ](?:which|that|where)[ ](?:now[ ])?(?:{_alt('host_verbs')})[ ]$"
)
#: "Tavaru's National Refugee Commission", "Tavaru's refugee agency": a host's own refugee body
_HOST_BODY = re.compile(
    rf"\b(?P<p>[A-Z][a-z][\w-]+)['’]s[ ](?:[A-Za-z]+[ ]){{0,3}}?(?i:{_alt('refugee_body_words')})[ ]"
    rf"(?i:{_alt('refugee_body_heads')})\b"
)
#: "in the Talmark region": a region named before its kind word
_NAMED_REGION = re.compile(
    r"\b(?:in|across|within|throughout|from)[ ]the[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})[ ]"
    rf"(?:{_alt('named_region_kinds')})\b"
)
#: "Serevia's health ministry": a place's own body (not "Vera Oskane's office": a name's last word)
_SETTING_BODY = re.compile(r"\b(?P<p>[A-Z][a-z][\w-]+)['’]s[ ](?P<body>(?:[a-z]+[ ]){0,2}[a-z]+)")
#: "killed in Serevia", "across Serevia": where an article writes that its figures happened
_SETTING_IN = re.compile(r"\b(?:in|across|inside|throughout)[ ](?P<p>[A-Z]\w+(?:[ -][A-Z]\w+)*)\b(?!['’-])")
#: a country written where things happen: "in the Damaran Republic", "across Qasmara", "Qasmara's"
_COUNTRY_WRITTEN = re.compile(
    r"\b(?:[Ii]n|[Aa]cross|[Tt]hroughout|[Ii]nside)[ ](?:the[ ])?"
    r"(?P<p>[A-Z][\w-]+(?:[ ][A-Z][\w-]+)?)\b(?!['’])"
    r"|\b(?P<q>[A-Z][\w-]+)['’]s[ ]"
)
#: a capitalised word: a place's name or its people's ("Qasmara", "Qasmaris", "Qasmara's")
_CAP_WORD = re.compile(r"\b[A-Z][a-z][\w'’-]*")
#: a name written as a place: "sent to the Fennick highlands", "over Merrowick" (``_headline_place``)
_AS_PLACE = r"\b(?:in|to|into|over|across|from|at|near|around|inside|within)[ ](?:the[ ])?"
#: "in Qasmara", "Across Qasmara": a place written as where things happen, right before a name
_THEATRE_IN = re.compile(r"\b(?:[Ii]n|[Aa]cross|[Tt]hroughout|[Ii]nside)[ ]$")
#: a people's word: a demonym ("Qasmari", "Veskarans"), read for the country it names
_DEMONYM = re.compile(rf"(?:{DEMONYM_ENDINGS})s?$")
#: a capitalised word right after a word (its "'s" aside): the word goes on into a longer name
_NEXT_CAP = re.compile(r"(?:['’]s)?[ ][A-Z]")
#: the kinds of place a city's known parent may be that make it no country (a national body's seat)
_REGION_KINDS = _seq("region_kinds")
#: "Hollin province" is Hollin: the kind words a place's name drops
_KIND_SUFFIX = re.compile(rf"[ ](?:{_alt('place_kind_suffixes')})$")


@cache
def _named(name: str) -> bool:
    """A name that may be a place's: no month, organisation word or ``not_places`` word."""
    low = fold(name)
    if not low or low in _seq("not_places"):
        return False
    return low.split()[0] not in {*_org_words(), *_months_low()}


@cache
def _partial_place_re() -> re.Pattern[str]:
    """ "most of them in villages around " at the end of the text before a place."""
    cues = "|".join(re.escape(c) for c in _seq("partial_place_cues"))
    return re.compile(rf"\b(?:{cues})\b(?:[ ](?:in|at|near|around|from))?(?:[ ][a-z]+){{0,3}}[ ]?$")


@cache
def _attacker_words() -> frozenset[str]:
    """After a country's name or people, words that make it the attacker ("Kaltheria's invasion",
    "Morvaskan forces"), not the country a story is set in: ``theatre_attacker_words`` and the
    military populations' words."""
    words = {w.casefold() for w in _seq("theatre_attacker_words")}
    for spec in rules()["populations"].values():
        if isinstance(spec, dict) and spec.get("military"):
            words.update(w.casefold() for w in spec.get("words", ()) if " " not in w)
    return frozenset(words)


@cache
def _side_words() -> frozenset[str]:
    """After a demonym, words that make it a side speaking ("Morvaskan officials", "the Varnian
    government"): the attacker's words and ``theatre_side_words``. A possessive before a civil body
    ("Kelvany's government") still names the theatre: only the attacker's words undo it."""
    return _attacker_words() | {w.casefold() for w in _seq("theatre_side_words")}


@cache
def _seat_re() -> re.Pattern[str]:
    """ "<body head> in " right before a place: the body's seat ("the Health Ministry in ")."""
    heads = "|".join(sorted(_BODY_HEADS | _body_words()))
    return re.compile(rf"\b(?:{heads})[ ](?:in|at)[ ]$", re.IGNORECASE)



#: "killed in the basin": a place referred to by the last word of its name, lower-cased
_IN_THE_WORD = re.compile(r"\b(?:in|across|within|throughout|inside)[ ]the[ ](?P<w>[a-z]{4,})\b")


@cache
def _national_seat_re() -> re.Pattern[str]:
    """ "<national body> in " right before a place: that body's seat ("the health ministry in ")."""
    return re.compile(rf"\b(?:{_alt('national_bodies')})[ ](?:in|at)[ ]$", re.IGNORECASE)


#: the capitalised word right before a name: "Southern Littoral Compact", "The Vandrian"
_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ ]$")


def _inside_name(text: str, at: int, lo: int = 0) -> bool:
    """The capitalised word at ``at`` follows another capitalised word, so it is inside a longer
    name ("the Southern Littoral Compact"), not a people or country of its own. An article or
    determiner that opens a sentence ("The Vandrian health ministry", "Every Vandrian family") is no
    name's first word (``name_openers``)."""
    m = _WORD_BEFORE.search(text, max(lo, at - 25), at)
    return m is not None and m.group(1).casefold() not in _seq("name_openers")


def _group_word_alone(text: str, end: int, key: str, lo: int, hi: int) -> bool:
    """A word some group's name opens with, ending at ``end``, is written here as a place of its own:
    it does not go on into the name (no capitalised word follows), and the section writes the people
    of that place ("Korrandian", stem ``key``). A body named for its country ("the Korrand Road
    Hauliers' Union") leaves the country's name a country: "on Korrand's highways", beside "Korrandian
    State Radio", is the story's setting; "the Ashen Banner's fighters" (the name goes on) and a group
    known by its word with no people of that name ("Concord fighters") stay the group's."""
    if _NEXT_CAP.match(text, end):
        return False
    words = _CAP_WORD.finditer(text, lo, hi)
    return any(side_key(d.group()) == key and _DEMONYM.search(fold(d.group())) for d in words)


def _after_opener(text: str, at: int) -> bool:
    """The word at ``at`` follows an article or determiner (``name_openers``: "The Vandrian")."""
    m = _WORD_BEFORE.search(text, max(0, at - 25), at)
    return m is not None and m.group(1).casefold() in _seq("name_openers")


def _civil_body_after(text: str, end: int) -> bool:
    """The two or three words after ``end`` name a civil body ("health ministry", "Red Crescent
    Society", "doctors' union"), not a state's army or government (``state_bodies``)."""
    words = text[end : end + 40].casefold().split()[:3]
    tail = " ".join(words)
    if _contains(tail, _seq("state_bodies")) is not None:
        return False
    heads = _BODY_HEADS | _body_words() | set(_seq("civil_body_words"))
    return any(w.strip(".,;:'’") in heads for w in words)


class PlaceReader(ArticleReader):
    """The place of each figure and the article's setting."""

    #: ``_headline_part`` of the last section asked (its span, the part); set per reader on first use
    _part_for: tuple[tuple[int, int], str | None] | None = None

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
        *,
        whole: bool = True,
    ) -> tuple[str | None, str | None]:
        """Where claim ``c`` counts (folded key, name as written). ``whole``: it counts a whole
        population (people, civilians, children, the displaced), not a side's soldiers or fighters."""
        ctx = self.ctx
        cand: str | None = None
        full = after
        after = _CLAUSE_END.split(after, maxsplit=1)[0]
        m = _PLACE_AFTER.search(full[:120])
        came_from = m is not None and full[max(0, m.start("p") - 6) : m.start("p")].endswith(" from ")
        if m and c.event == "displaced" and came_from:
            # "421,300 refugees from Aldessa arriving in Salvena": counted where they are, not where
            # they came from
            dest = (
                _ARRIVED_IN.search(after[:120])
                or _DESTINATION.search(after[:120])
                or _ONWARD.match(full, m.end("p"), m.end("p") + 60)
            )
            if dest and self._placeish(dest.group("p"), None, None):
                cand, m = dest.group("p"), None
        if cand is None and c.event == "displaced" and _REFUGEES.match(full):
            # "Tavaru's refugee commission has registered 212,400 refugees from Sarvel", "Tavaru, which
            # hosts 221,000 Sarvelian refugees": refugees are counted in the country that hosts them
            cand = self._host(c, before)
        if (
            cand is None
            and m
            and m.start() < len(after)
            and self._placeish(m.group("p"), after, m.start("p"))
            and _contains(full[max(0, m.start() - 30) : m.start("p")], _seq("speaker_place_cues")) is None
            and not self._partial_place(full[max(0, m.start() - 40) : m.start()])
            and not self._in_body_name(c, c.span[1] + m.start("p"))
        ):
            cand = m.group("p")
        if cand is None and c.event == "displaced":
            # "101,000 have fled to Ombria as refugees": people who fled are counted where they went
            dest = _DESTINATION.search(after[:120])
            if dest and self._placeish(dest.group("p"), None, None):
                cand = dest.group("p")
        if cand is None and _NATIONAL_SCOPE.search(after[:60]):
            # "43,105 nationwide", "1,200 killed countrywide": the whole country's count
            cand = self._generic("country")
        if cand is None:
            named = _NAMED_REGION.search(after[:120])
            if named and self._placeish(named.group("p"), None, None):
                cand = named.group("p")  # "in the Talmark region": Talmark, not "the region" the story is in
        if cand is None:
            g = _GENERIC_PLACE.search(after[:120]) or _GENERIC_OWNER.search(after[:120])
            if g:
                cand = self._fronted_town(g.group("g"), sentence) or self._generic(g.group("g"), c.span[0])
        if cand is None:
            # "611 civilians had been killed in the basin", after "the Saffan Basin": the place named
            # before with that word as its last
            cand = self._named_by_its_word(after[:80], c.span[0])
        if cand is None and period.kind == "incident":
            # "Saturday night's attack on Marn", "the strike in Lusk", "attacked the village of Marn": where
            # the strike the toll counts was
            for mi in _incident_place_re().finditer(sentence):
                if self._placeish(mi.group("p"), None, None):
                    cand = mi.group("p")
                    break
        if cand is None and whole and period.kind != "incident" and c.event in ("killed", "injured"):
            # "46,980 Qasmaris had been killed", "3,115 Ostrelians ... the health ministry in Vennick
            # said": a people counted counts in its country (as the article writes it where things
            # happen), never the filing city, a body's seat or a square named in passing
            people = _COUNTED_PEOPLE.match(after)
            if people is not None:
                cand = self._country_of_people(side_key(people.group("w")))
        if cand is None and c.place and c.place_span and period.kind != "incident":
            # "the Health Ministry in Velmora said": a body's seat in a city the ledger knows lies in
            # a larger place counts for that place (a national body's toll is the nation's); a strike's
            # toll stays where the strike was
            seat = fold(c.place)
            top = ctx.top(seat)
            if seat in ctx.parents:
                if self._national_seat(c, cited=False) and top not in ctx.kinds:
                    cand = ctx.name(top)  # the place above is a country, not a province the ledger knows
            elif (
                seat not in ctx.kinds
                and seat == ctx.dateline
                and c.source_span is not None
                and c.source_span[0] < c.place_span[0] < c.source_span[1]
                and self._national_seat(c)
            ):
                # a national body's seat the ledger cannot place, written in the speaker's name or not,
                # that is the city the story is filed from: the country the section is about ("VELMORA -
                # Six months into Tellivia's civil war ... The ministry in Velmora, which answers to the
                # Unity Government, said 12,300 people had been killed"), never the seat; a body in a
                # place the story is not filed from ("the health ministry in Ilvane", the enclave) stays
                theatre = self._section_theatre()
                if theatre is not None and theatre != seat:
                    cand = ctx.name(theatre)
        if (
            cand is None
            and c.place
            # a place written after the next figure is that figure's ("164 killed in April, ... including
            # the 55 who died in the strike in Lusk": Lusk is the 55's)
            and (c.place_span is None or not c.span[1] + len(full) < c.place_span[0])
            # nor one written after a comma that closes the figure's clause ("41,260 killed since the
            # fighting broke out, as columns pushed down from the Aubrenne highlands"): the next clause's
            and not self._past_comma(c, full)
            and self._placeish(c.place, None, None)
            and not self._speaker_place(c)
            and not self._source_place(c)
            and not self._partial_claim_place(c)
        ):
            cand = c.place
        if cand is None:
            ms = _SENTENCE_PLACE.match(sentence)
            # "In Hadran province": a name written with its kind is a place, whatever its ending
            kind_named = ms is not None and ms.group("k") is not None and _named(ms.group("p"))
            if ms and (kind_named or self._placeish(ms.group("p"), None, None)):
                cand = ms.group("p")
        if cand is None and whole:
            # "Brask, by my count of funeral notices, has lost at least 1,300 civilians": the place that
            # is the subject of the loss is where the count is
            ms = _SUBJECT_PLACE.match(sentence)
            if ms and self._placeish(ms.group("p"), None, None):
                cand = ms.group("p")
        if cand is None:
            lead = before[-120:]
            g = _GENERIC_PLACE.search(lead)
            # "told a donors' conference in the Tavaru capital that ...": where the speaker stood
            cues = _seq("speaker_place_cues")
            if g and _contains(lead[max(0, g.start() - 30) : g.start() + 4], cues) is None:
                cand = self._generic(g.group("g"), c.span[0])
        if cand is None:
            mb = _PLACE_BEFORE.search(before[-120:])
            if mb:
                cand = mb.group("p")
        if cand is None and period.kind == "incident":
            cand = self._known_place_in(sentence) or self._known_place_in(self.text[: self.headline_end()])
            if cand is None and ctx.dateline:
                cand = ctx.name(ctx.dateline)
        if cand is None and period.kind == "cumulative" and self.siege_claim == c.span[0]:
            # "2,610 civilians had been killed since the siege began": the besieged city's count
            cand = self._besieged()
        if cand is None:
            # "* In Ambaria, the ministry said 21 protesters had been killed": a round-up's other story
            # counts in the place its paragraph opens on, never in the war's setting
            cand = self._other_story()
        if (
            cand is None
            and (inherit or c.subject is None)
            and ante is not None
            and ante.place
            # "ALDESSA/MORVANIA: The toll ... stands at 12,260" after "TELURIA: ... Thousands spent a
            # night outdoors": a round-up's headed paragraph is another story, its first figure no
            # heir of the last one's place
            and not self._first_under_heading(c)
            # "Nine were killed in the ambush at Carrow Bridge ... the attack brought to 39 the number
            # killed since it deployed in March": a running total since a start of its own is not where
            # the incident before it was (a toll read as "since the war" may still be the strike's)
            and not (ante.period.kind == "incident" and period.kind == "cumulative" and period.start != "war")
        ):
            return ante.place, ante.place_name
        if cand is None:
            # "SARAWIN" over a round-up's section, "11:10 - Turning to Sarawin:": a figure naming no place
            # counts in the place its section is headed by, never in a place another section names
            cand = self._heading_place()
        if cand is None:
            # "the Gaza Health Ministry said": a body named for a place counts in that place
            cand = self._source_region(c)
        if cand is None and whole:
            # "the Damaran Doctors' Union said 11,470 civilians had been killed": a civil body named for
            # a people counts in that people's country, wherever the story is filed or round-up placed
            cand = self._source_people_country(c)
        if cand is None and whole and period.kind == "cumulative" and not self._dateline_placed():
            # "the 20 months of fighting between Aldessa and Morvania", "ALDESSA/MORVANIA:": a war the
            # story says is between two countries counts on both sides of it, whatever else it names
            pair = self._war_pair() or self._breakdown_pair(c)
            if pair is not None:
                return pair
            # a running total naming no place, in a story filed from a city the ledger cannot place:
            # the country the story is about, not the last place it wrote or where it was filed
            theatre = self._section_theatre()
            if theatre is not None:
                return theatre, ctx.name(theatre)
        if (
            cand is None
            and c.event == "killed"
            and period.kind == "cumulative"
            and not self._dateline_placed()
        ):
            # "PELLISK (Wire) - ... detained 900 people in Tarnholm province since the emergency began
            # ... 31 police had been killed since the emergency began", headed "900 held in Tarnholm
            # sweep": a death toll running since the war, naming no place, in a story filed from a city
            # the ledger cannot place, counts in the province the story writes its figures in and its
            # headline names, never in the filing city (where the speaker stood). Kept to deaths: other
            # counts there (camps named for the city, hospitals) are the city's or go astray later
            part = self._headline_part()
            if part is not None:
                return part, ctx.name(part)
        if cand is None:
            reg = self._setting()
            return reg, ctx.name(reg)
        key = fold(cand)
        # "Qadrel's Tollmarsh" -> Tollmarsh inside Qadrel
        if "'s " in key:
            outer, inner = key.split("'s ", 1)
            ctx.parents.setdefault(inner, outer)
            key = inner if period.kind != "incident" else outer
        key = _KIND_SUFFIX.sub("", key)
        if period.kind == "incident" and ctx.kinds.get(key) == "district" and key in ctx.parents:
            key = ctx.parents[key]
        if key in ("enclave", "province", "city", "region", "country"):
            reg = self._setting()
            return reg, ctx.name(reg)
        name = ctx.display.get(key) or cand
        return key, name

    def _first_under_heading(self, c: Claim) -> bool:
        """The claim is the first figure of a paragraph a round-up heads with its story's place in
        capitals ("ALDESSA/MORVANIA: ...", "TELURIA: ...")."""
        p0 = self.text.rfind("\n", 0, c.span[0]) + 1
        head = _PARAGRAPH_HEADING.match(self.text, p0, c.span[0])
        return head is not None and not any(ch.isdigit() for ch in self.text[head.end() : c.span[0]])

    def _host(self, c: Claim, before: str) -> str | None:
        """The country hosting a figure of refugees: one named as their host right before the figure
        ("Tavaru, which hosts"), else the place the registering body belongs to ("Tavaru's refugee
        commission"). None when neither is written: the caller's rules decide."""
        m = _HOSTS.search(before[-60:])
        if m is not None and self._placeish(m.group("p"), None, None):
            return m.group("p")
        lo = self.text.rfind("\n", 0, c.span[0]) + 1
        for b in _HOST_BODY.finditer(self.text, lo, self.text.find("\n", c.span[1]) % (len(self.text) + 1)):
            if self._placeish(b.group("p"), None, None):
                return b.group("p")
        return self._source_region(c)

    def _past_comma(self, c: Claim, after: str) -> bool:
        """The claim's place lies after a comma that closes the figure's clause, in what follows it."""
        if c.place_span is None or c.place_span[0] < c.span[1]:
            return False
        comma = after.find(",")
        return comma >= 0 and c.span[1] + comma < c.place_span[0]

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
            if got is None and reg is None:
                # "Tarnholm displacement: situation update" with no dateline, its figures "in Tarnholm
                # province": a story naming no country and filed from nowhere counts where it writes
                # its figures, a province included, when its headline names that place (a province
                # one incident of the story is in is no setting)
                got = self._written_setting(0 if first else lo, hi, parts=True)
                head = self.text[: self.headline_end()].casefold()
                if got is not None and re.search(rf"\b{re.escape(got)}\b", head) is None:
                    got = None
            if got is not None and ctx.dateline and self._seat_of_body(ctx.dateline, lo, hi):
                # "VANTRY - ... killed in Serevia, the Health Ministry in Vantry said": the city is the
                # seat of a body counting in that place, so it lies in it (kept for later articles); when
                # that place lies in another ("Officials in Darsa", Darsa a city of Qasmara), the seat
                # lies in the outermost: one city never lies in another because both seat a body
                top = ctx.top(got)
                if top != ctx.dateline:
                    ctx.parents.setdefault(ctx.dateline, top)
            self._setting_for = (section, got)
        got = self._setting_for[1]
        if (
            got is None
            and reg is not None
            and reg == ctx.dateline
            and reg in ctx.filed
            and not self._other_people(ctx.filed[reg])
        ):
            # "ORONDE (Courier) - ... 21,360 people have been killed since the insurgency began", in a
            # story naming no country: the country earlier stories filed from Oronde were about
            return ctx.filed[reg]
        return got if got is not None else reg

    def _headline_part(self) -> str | None:
        """The province or region (folded) the section writes its figures in ("in Tarnholm province")
        when it writes no larger place so and its headline names that part; else None. Cached per
        section."""
        section = self._section()
        if self._part_for is None or self._part_for[0] != section:
            lo, hi = section
            first = not self.ctx.datelines or lo <= self.ctx.datelines[0][0]
            a = 0 if first else lo  # the headline belongs to the first
            got = None
            if self._written_setting(a, hi) is None:
                got = self._written_setting(a, hi, parts=True)
                head = self.text[: self.headline_end()].casefold()
                if got is not None and re.search(rf"\b{re.escape(got)}\b", head) is None:
                    got = None
            self._part_for = (section, got)
        return self._part_for[1]

    def _other_people(self, country: str) -> bool:
        """The article writes another people ("Aldessan towns", "Aldessan fire") more often than it
        writes ``country`` or its people: it may be about that other country, or a war between two,
        and the city may be either's. A person's name ("Abdoulaye Kereni") and an armed group's word
        are no people."""
        stem = side_key(country)
        groups = {side_key(g) for g in self.ctx.groups.values()}
        counts: dict[str, int] = {}
        for m in _CAP_WORD.finditer(self.text):
            key = side_key(m.group())
            if key != stem and (not PEOPLE_WORD.fullmatch(m.group()) or key in groups):
                continue
            if _inside_name(self.text, m.start()):
                continue
            counts[key] = counts.get(key, 0) + 1
        own = counts.pop(stem, 0)
        return any(n > own for n in counts.values())

    def _besieged(self) -> str | None:
        """The city under siege: "besieged Varosh", "the siege of Varosh", "the Varosh siege" in the
        section, else the city the story is filed from when it writes "the city" (a siege story filed
        from inside)."""
        lo, hi = self._section()
        m = _BESIEGED.search(self.text, lo, hi)
        if m is not None:
            return m.group("a") or m.group("b") or m.group("c")
        ctx = self.ctx
        if ctx.dateline and re.search(r"\bthe[ ]city\b", self.text[lo:hi]):
            return ctx.name(ctx.dateline)
        return None

    def _breakdown_pair(self, c: Claim) -> tuple[str, str] | None:
        """A total the next sentence breaks down between two places ("12,611 civilians ... Of the dead,
        11,870 were killed in Aldessa ... and 741 in Morvania"): the whole is over both, one place
        ("aldessa-morvania"), never the first part's. None when no such breakdown follows."""
        text = self.text
        end = c.sentence_span[1]
        m = _BREAKDOWN.match(text, end, min(len(text), end + 400))
        if m is None:
            return None
        ctx = self.ctx
        a, b = m.group("a"), m.group("b")
        fa, fb = fold(a), fold(b)
        if fa == fb or fb in ctx.ancestors(fa) or fa in ctx.ancestors(fb):
            return None  # "in Marn province ... and 40 in Marn city": parts of one place, no pair
        one, two = sorted((a, b))
        name = f"{one}-{two}"
        return fold(name), name

    def _war_pair(self) -> tuple[str, str] | None:
        """The two countries a war is said to be between, as one place ("aldessa-morvania",
        "Aldessa-Morvania"): written in the claim's paragraph ("the war between Aldessa and
        Morvania", a round-up's "ALDESSA/MORVANIA:" heading, "the Aldessa-Morvania war"), else in its
        section's headline and lead. None when neither writes one."""
        text = self.text
        here = self._here
        p0 = text.rfind("\n", 0, here) + 1
        p1 = text.find("\n", here)
        lo, hi = self._section()
        lead_end = text.find("\n\n", max(lo, self.headline_end() + 2))
        for a, b in ((p0, p1 if p1 >= 0 else len(text)), (lo, lead_end if lead_end >= 0 else hi)):
            m = _WAR_PAIR.search(text, a, b)
            if m is not None:
                one, two = sorted(
                    w.title() for w in (m.group("a") or m.group("c") or m.group("e"),
                                        m.group("b") or m.group("d") or m.group("f"))
                )
                name = f"{one}-{two}"
                return fold(name), name
        return None

    def _dateline_placed(self) -> bool:
        """The dateline names its region, or the ledger knows where the dateline city lies."""
        ctx = self.ctx
        return bool(ctx.dateline_region or (ctx.dateline and ctx.ancestors(ctx.dateline)))

    def _section_theatre(self) -> str | None:
        """``_theatre`` of the current section (the headline belongs to the first), cached per section."""
        section = self._section()
        if self._theatre_for is None or self._theatre_for[0] != section:
            lo, hi = section
            first = not self.ctx.datelines or lo <= self.ctx.datelines[0][0]
            a = 0 if first else lo
            # the headline and the lead paragraph say what a story is about; the rest only when they
            # name no country
            body = self.headline_end() if first else a
            para = self.text.find("\n\n", body + 2)
            lead = para if a < para < hi else hi
            self._theatre_for = (section, self._theatre(a, lead) or self._theatre(a, hi))
        return self._theatre_for[1]

    def _theatre(self, lo: int, hi: int) -> str | None:
        """The country a section is about (folded), read from its people's names: demonyms
        ("46,980 Qasmaris", "Qasmari officials"), "the Qasmara war", its bodies ("Qasmara's health
        ministry") and "in Qasmara", each counted for the country name the article writes with the
        same stem; a place the ledger knows to lie in another, or to be a province or city, is no
        country. None when no people's word meets a written country: the caller's fallbacks decide.

        Why: a national count naming no place is the country's, however many incidental places
        ("a rally in Qirwan Square", "the offensive in Jebel Sahar") or body seats the story writes."""
        ctx = self.ctx
        text = self.text
        people: dict[str, int] = {}  # stem -> how often the section writes the people or the country
        seen: set[str] = set()  # stems written as a people's word that is not a side's soldiers
        names: dict[str, str] = {}  # stem -> the country's name (folded)
        firsts = _group_firsts(ctx)
        for m in _CAP_WORD.finditer(text, lo, hi):
            word = m.group().removesuffix("'s").removesuffix("’s")
            low = fold(word)
            key = side_key(word)
            if len(key) < 4 or low.split()[0] in _org_words() or low in _months_low():
                continue
            if low in firsts and not _group_word_alone(text, m.end(), key, lo, hi):
                continue  # "the Ashen Banner": a group's word, never the country a story is about
            if low in _tables()[0]:
                continue  # "Drone war:", "Children's": what is counted, never the country a story is about
            if _inside_name(text, m.start()) or (
                _after_opener(text, m.start()) and not _civil_body_after(text, m.end())
            ):
                # a word inside a longer name ("the Southern Littoral Compact"): no country's; after an
                # article opening a sentence, a people's word counts only as a civil body's ("The
                # Vandrian health ministry"), never as a side's claim ("The Morvanian claim")
                continue
            follows = _WORD.match(text, m.end() + 1)
            after = follows.group().casefold() if follows is not None else ""
            if (_DEMONYM.search(low) and after in _side_words()) or (
                m.group() != word and after in _attacker_words()
            ):
                continue  # "Morvaskan forces", "Kaltheria's invasion": a side, not the theatre
            if _DEMONYM.search(low):
                people[key] = people.get(key, 0) + 1
                seen.add(key)
                continue
            if low in ctx.kinds or low in ctx.parents or low in _seq("not_places"):
                continue  # a province, a city, or a place inside another: a part, not a country
            placed = False  # written where a place is: "in Qasmara", "the Qasmara war", "Qasmara's"
            if text.startswith((" war", "'s war", "’s war"), m.end()):
                people[key] = people.get(key, 0) + 2  # "the Qasmara war"
                seen.add(key)
                placed = True
            if _THEATRE_IN.search(text, max(0, m.start() - 12), m.start()) and not _contains(
                text[max(0, m.start() - 30) : m.start()], _seq("speaker_place_cues")
            ):
                people[key] = people.get(key, 0) + 2  # not "told reporters in Pellisk": a speaker's place
                placed = True
            if m.group() != word:
                people[key] = people.get(key, 0) + 1
                seen.add(key)
                placed = True  # "Qasmara's"
            if placed and "-" not in word and (key not in names or len(low) > len(names[key])):
                names[key] = low  # "Qasmara" over "Qasmar" (the longer is the country's name as written)
        best = [(n, k) for k, n in people.items() if k in names and k in seen]
        if not best:
            return None
        best.sort(key=lambda p: -p[0])
        if len(best) > 1 and best[0][0] == best[1][0]:
            return None  # two countries as often: the story is about both, and says so clause by clause
        return names[best[0][1]]

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

    def _written_setting(self, lo: int, hi: int, *, parts: bool = False) -> str | None:
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
            if _contains(self.text[max(lo, m.start() - 30) : m.start() + 3], _seq("speaker_place_cues")):
                continue  # "told reporters in Pellisk": where a speaker stood, not where the figures are
            if _contains(self.text[m.end() : m.end() + 25].split(",")[0], _seq("incident_words")):
                continue  # "killed in Carrow Bridge ambush": where the ambush was, not the setting
            if (
                low == ctx.dateline
                or (low in ctx.kinds and not parts)
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
                or _inside_name(self.text, m.start(), lo)
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
        # "out of 43,105 nationwide": the whole country is a place of its own
        named = _PLACE_AFTER.search(clause[:120]) is not None
        return named or _NATIONAL_SCOPE.search(clause[:60]) is not None

    def _nearest_of_kind(self, word: str, at: int) -> str | None:
        """The nearest place named with the kind word ``word`` before ``at`` in the claim's section
        ("Kaldera region", "the Halden regional administration", "the province of Tesh", "Drava's
        governor" for a province), else the nearest the ledger knows to be of that kind: what "the
        region", "this region", "her province", "the city" refers to."""
        ctx = self.ctx
        lo, _hi = self._section()
        text = self.text
        best: tuple[int, str] | None = None
        for m in _NAMED_KIND.finditer(text, 0 if lo <= self.headline_end() + 2 else lo, at):
            # "Fennick Region" (the kind capitalised into the name) is the region Fennick, as "Fennick region"
            kind_word = m.group("k") or (m.group("kc") or "").casefold()
            name, kind = (m.group("a"), kind_word) if m.group("a") else (m.group("b"), m.group("k2"))
            if not kind.startswith(word[:5]) or not self._placeish(name, None, None):
                continue
            if fold(name).split()[0] in _months_low():
                continue
            if m.group("b"):
                # "Ebrun, the rebel-held region of Sorvath": the appositive names Ebrun the region; the
                # place after "of" is the larger one it lies in
                named = _APPOSED.search(text, max(0, m.start() - 60), m.start())
                if named is not None and self._placeish(named.group("p"), None, None):
                    name = named.group("p")
            best = (m.start(), name)
        kinds = (
            _seq("province_kinds")
            if word in _seq("province_kinds")
            else ("district",) if word == "district" else _seq("city_kinds")
        )
        for place, k in ctx.kinds.items():
            if k not in kinds or (word in _seq("province_kinds")) != (k in _seq("province_kinds")):
                continue
            name = ctx.name(place) or place
            pos = text.rfind(name, 0, at)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, name)
        return best[1] if best else None

    def _fronted_town(self, word: str, sentence: str) -> str | None:
        """The town a sentence opens on ("In Marlow, the governor said 31 civilians had been killed in
        the town"), when the figure's clause says "the town" or "the city": the town the sentence is
        about, written a few words before, not a city the ledger knows from elsewhere in the article
        (the dateline). Never a place the ledger knows as a province or region, a place others lie in
        (a country), nor when the sentence writes another place the ledger knows as a town or city
        between the opener and the figure ("In Tessaly, the council in besieged Marlow said ... in the
        city": Marlow's)."""
        if word not in _seq("city_kinds"):
            return None
        ms = _SENTENCE_PLACE.match(sentence)
        if ms is None or ms.group("k") is not None or not self._placeish(ms.group("p"), None, None):
            return None
        ctx = self.ctx
        name = ms.group("p")
        low = fold(name)
        kind = ctx.kinds.get(low)
        if (kind is not None and kind not in _seq("city_kinds")) or low in ctx.parents.values():
            return None
        if low in (ctx.dateline_region, ctx.top(ctx.dateline) if ctx.dateline else None) or is_country(name):
            return None
        rest = sentence[ms.end() :]
        for place, k in ctx.kinds.items():
            if k in _seq("city_kinds") and place != low and place in rest.casefold():
                return None
        return name

    def _generic(self, word: str, at: int | None = None) -> str | None:
        kind = rules()["generic_places"].get(word)
        ctx = self.ctx
        if at is not None and word in (*_seq("province_kinds"), *_seq("city_kinds"), "district"):
            # "12,300 of them died in this region" after "Kaldera region": the nearest place of that kind
            near = self._nearest_of_kind(word, at)
            if near is not None:
                return near
        if kind == "country":
            # "1,240 people had been killed across the country", "43,105 nationwide", filed from a city
            # the ledger cannot place, or whose setting is a province: the country the section is about
            # (its people's words), never the filing city or a province
            reg = self._setting()
            top = ctx.top(reg) if reg else None
            lo, hi = self._section()
            # the filing city, a province or city, or the seat of a body ("the health ministry in Morrast")
            unplaced = (
                top is None or top == ctx.dateline or top in ctx.kinds or self._seat_of_body(top, lo, hi)
            )
            theatre = self._section_theatre() if unplaced else None
            if theatre is not None:
                return ctx.name(theatre)
        # "the capital" is the country's seat, never a place the headline names
        headed = (
            self._headline_place(at)
            if at is not None and kind in ("region", "province", "city") and word != "capital"
            else None
        )
        if kind == "region" or kind == "country":
            reg = self._setting()
            if headed is not None:
                return headed
            return ctx.name(ctx.top(reg) if kind == "country" and reg else reg)
        if kind == "province" or word == "region":
            for p, k in ctx.kinds.items():
                if (
                    k in _seq("province_kinds")
                    and p in self.text.casefold()
                ):
                    return ctx.name(p)
            return headed or ctx.name(self._setting())
        if kind == "city":
            for p, k in ctx.kinds.items():
                if k in _seq("city_kinds") and p in self.text.casefold():
                    return ctx.name(p)
            return headed or ctx.name(ctx.dateline)
        return None

    def _headline_place(self, at: int) -> str | None:
        """The place the headline names, when the story writes it as a place before ``at`` ("sent to the
        Fennick highlands", "the smoke over Merrowick"): what "the region", "the city" refer to in a story
        that names no place of that kind. Never the dateline, nor the country the story is set in (a
        country is no region or city of itself), nor a people's word or a body's name."""
        end = self.headline_end()
        if not end or at <= end:
            return None
        ctx = self.ctx
        reg = self._setting()
        top = ctx.top(reg) if reg else None
        lo, _hi = self._section()
        body = self.text[max(lo, end) : at]
        for m in _CAP_WORD.finditer(self.text, 0, end):
            name = m.group().removesuffix("'s").removesuffix("’s")
            low = fold(name)
            if low in (ctx.dateline, top, ctx.dateline_region) or is_country(name):
                continue
            if not self._placeish(name, None, None) or low in _group_firsts(ctx):
                continue
            if re.search(rf"{_AS_PLACE}{re.escape(name)}\b", body):
                return name
        return None

    def _placeish(self, name: str, seg: str | None, at: int | None) -> bool:
        low = fold(name)
        if not low or low in _seq("not_places") or low.split()[0] in _org_words():
            return False
        first = low.split()[0].removesuffix("'s")
        if first in _months_low():
            return False
        if " " not in low and first in _tables()[0]:
            # "The Children's Relief Fund said", "Drone war:": a word naming what is counted (a
            # population or a thing: children, workers, drones) is never where a count is
            return False
        if low.rpartition("-")[2] in _seq("control_suffixes"):
            return False  # "the Dorran-held north": who holds a place, never its name
        if low.split()[-1] in _seq("outlet_name_words"):
            return False  # "the Brask Herald", "Courier": a news outlet's name, never a count's place
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
        words = _WORD.findall(name)
        if words and words[-1].casefold() in _seq("outlet_name_words"):
            return None  # "the Orlen Courier": a newspaper named for its city counts wherever it reports
        for m in _ONE_CAP.finditer(name):
            word = m.group().removesuffix("'s").removesuffix("’s")
            low = fold(word)
            if low in _org_words() or not self._placeish(word, None, None):
                continue
            if low in self.ctx.display or low in self.ctx.parents or low in self.ctx.kinds:
                seat = self.seat_of(low)
                if seat is not None and _contains(name, _seq("national_bodies")):
                    # "the health ministry in Durrosk": a national body's seat, its count the nation's
                    return seat
                return word
            country = country_of(word)
            if is_country(word) or (country and self.ctx.mentions(country)):
                return word
        return None

    def _source_people_country(self, c: Claim) -> str | None:
        """The country a civil body is named for by its people's word ("the Damaran Doctors' Union",
        "the Qasmari Red Crescent Society"), as the article writes that country where things happen ("in the
        Damaran Republic", "across Qasmara", "Qasmara's"). None for a state's army or government (it
        speaks of the war wherever it is fought), for a body named by no people's word, or when the
        article writes no such country.

        Why: such a body counts its own country's dead; its count is the nation's, not the city the
        story is filed from, a city its sentence names in passing, or another war's country a wire
        hub's earlier stories were about."""
        stem = people_of(c.reported_by[-1].name if c.reported_by else c.source)
        if stem is None:
            return None  # no civil body named for one people: the caller's rules decide
        return self._country_of_people(stem)

    def _country_of_people(self, stem: str) -> str | None:
        """The country of the people ``stem`` (``side_key``) as the article writes it where things
        happen ("in the Damaran Republic", "across Qasmara", "Qasmara's"), the longest so written; None
        when the article writes none (a province or city the ledger knows is no country)."""
        best: str | None = None
        for m in _COUNTRY_WRITTEN.finditer(self.text):
            written = m.group("p") or m.group("q")
            low = fold(written)
            if (
                side_key(written) != stem
                or (_DEMONYM.search(low) is not None and " " not in low)
                or low in self.ctx.kinds
                or low in self.ctx.parents
                or not self._placeish(written, None, None)
            ):
                continue
            if best is None or len(written) > len(best):
                best = written
        if best is None:
            # an article writing only its people ("46,980 Qasmaris"), never their country: the country
            # earlier stories in the ledger were about, when one is that people's
            for country in set(self.ctx.filed.values()):
                if side_key(country) == stem and country not in self.ctx.kinds:
                    return self.ctx.name(country) or country
        return best

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
        between = self.text[b : c.place_span[0]]
        if c.cue_span and b <= c.place_span[0] < c.cue_span[0] < c.span[0] and "," in between:
            # "The health ministry in Durrosk, which still pays doctors in rebel-held Tarvel, said that
            # 53,180 ...": a place in what the speaker is said to be, between its name and its verb
            return True
        # right after the name, and where the article is filed from: "SORVIK, Brennhal - Health
        # officials in Sorvik put the toll at 388" is a national body in its seat, not Sorvik's toll
        return (
            re.fullmatch(r"[ ](?:in|at)[ ]", self.text[b : c.place_span[0]]) is not None
            and self.ctx.dateline is not None
            and fold(self.text[c.place_span[0] : c.place_span[1]]) == self.ctx.dateline
        )

    def _named_by_its_word(self, after: str, at: int) -> str | None:
        """ "in the basin", "across the valley": the nearest place written before ``at`` whose name ends
        in that word capitalised ("the Saffan Basin", "the Vantine Valley")."""
        m = _IN_THE_WORD.search(after)
        if m is None:
            return None
        word = m.group("w").capitalize()
        best = None
        lo = max(0, self.text.rfind("\n\n", 0, max(0, at - 2000)))
        for n in re.finditer(rf"\b(?P<p>[A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+)?[ ]{word})\b", self.text[lo:at]):
            if self._placeish(n.group("p"), None, None) and _named(n.group("p")):
                best = n.group("p")
        return best

    def _national_seat(self, c: Claim, *, cited: bool = True) -> bool:
        """The claim's place is where a national body sits: right after the speaker's name that names
        such a body ("the Health Ministry in Velmora said"), or right after such a body's name, in the
        speaker's name or not ("The ministry in Velmora, which answers to ...", "published by the
        health ministry in Velmora")."""
        if c.place_span is None:
            return False
        at = c.place_span[0]
        if c.source_span is not None and re.fullmatch(r"[ ](?:in|at)[ ]", self.text[c.source_span[1] : at]):
            name = self.text[c.source_span[0] : c.source_span[1]]
            if _contains(name, _seq("national_bodies")) is not None:
                return True
        return cited and _national_seat_re().search(self.text, max(0, at - 40), at) is not None

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


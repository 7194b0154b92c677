"""The article a measure reader works on: its claims in order, the text around each figure, its
headline, lead and dateline sections, and a figure's date.

Every reader module (periods, incidents, places, sides, populations) builds on ``ArticleReader``;
``measure_context.DocumentMeasures`` puts them together. Kept apart so each rule module sees the
same view of the article and none re-derives it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Claim
from .doc_context import DocContext, fold
from .measure_parts import Resolved
from .measure_words import (
    _contains,
    _months_low,
    _seq,
)

#: a paragraph that opens on a place: "In Corvalla, the army said ..."
_OTHER_STORY = re.compile(
    r"(?m)^[ \t]*(?:[*•–-][ ]+)?(?:In|Elsewhere,[ ]in)[ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2}),[ ]"
)
#: a round-up's heading: a line of capitals alone ("SARAWIN", "KHAZNA STRAIT") between paragraphs
_HEADING = re.compile(r"(?m)(?<=\n\n)(?P<h>[A-Z][A-Z'’-]+(?:[ ][A-Z][A-Z'’-]+){0,3})[ \t]*(?=\n)")
#: a bulletin's section heading naming a country, then the place within it: "TESSALY - HARROW PROVINCE",
#: "TESSALY - MARLOW" (the place is the last part, a kind word after it dropped)
_HEADING_PAIR = re.compile(
    r"(?m)(?<=\n\n)[A-Z][A-Z'’]+(?:[ ][A-Z][A-Z'’]+){0,3}[ ][–—-][ ]"
    r"(?P<h>[A-Z][A-Z'’]+(?:[ ][A-Z][A-Z'’]+){0,3}?)(?:[ ](?:PROVINCE|REGION|DISTRICT|STATE|CITY))?"
    r"[ \t]*(?=\n)"
)
#: a live page's entry that turns to a place: "11:10 - Turning to Sarawin: ...", "Separately, in
#: Zafrah, ..." (a time stamp before it is optional)
_TURN_TO = re.compile(
    r"(?m)^(?:\d{1,2}[:.]\d{2}\b[^\n–—-]{0,20}[–—-][ ])?(?:Turning[ ]to|Separately,[ ]in|Meanwhile,[ ]in)[ ]"
    r"(?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})[:,][ ]"
)

#: a live page's entry headed by the place it reports from: "08:30 - Port Sellic: ...", "10:40 Fellmark - ",
#: "08:20 Fellmark, Orvane - ..." (the place, then the country it lies in)
_LIVE_PLACE = re.compile(
    r"(?m)^\d{1,2}[:.]\d{2}[ ](?:[–—-][ ](?P<p>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2}):[ ]"
    r"|(?P<q>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})"
    r"(?:,[ ][A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})?[ ][–—-][ ])"
)


class ArticleReader:
    """One article's claims, resolved in order so each can lean on the ones before it."""

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
        self._theatre_for: tuple[tuple[int, int], str | None] | None = None
        self._starts: list[int] | None = None
        #: the claim (its start) whose period was read as since a siege's start (``_since_siege``)
        self.siege_claim = -1
        #: where each round-up paragraph that opens on another place starts -> that place as written
        self._stories: dict[int, str] = {}
        #: where each round-up heading's section (or a live entry turning to a place) starts -> its place
        self._headed: dict[int, str] = {}
        self._firsts: frozenset[str] | None = None
        self._outlets: list[tuple[int, str]] | None = None
        self._dl_words: frozenset[str] | None = None

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

    def _antecedent(
        self, i: int, event: str | None = None, whole: bool = False, any_thing: bool = False
    ) -> Resolved | None:
        """The figure a figure leans on: the nearest one before it (of ``event`` when given), close by.

        ``whole``: skip figures given as a part of the one before ("including 47,000 children"): a
        comparison ("far fewer than the 160,000 ...") is with the whole, not with its part.
        ``any_thing``: a thing counted in another sentence is an antecedent too (for its period)."""
        c = self.claims[i]
        for j in range(i - 1, max(-1, i - 6), -1):
            r = self.out[j]
            o = self.claims[j]
            if (
                r is None
                or (o.unit != c.unit and c.unit != "percent")
                or (event is not None and r.event != event)
                or (whole and self._is_subset(j))
                # a thing counted in another sentence ("14 demining teams") says nothing of people
                or (
                    not any_thing
                    and r.event == "other"
                    and c.event != "other"
                    and o.sentence_span != c.sentence_span
                )
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

    def _section(self) -> tuple[int, int]:
        """The stretch of text under the current dateline (a round-up has one per story), or the
        round-up paragraph it is in (``_section_starts``)."""
        starts = self._section_starts()
        here = self._here
        lo = max([a for a in starts if a <= here], default=0)
        hi = min([a for a in starts if a > here], default=len(self.text))
        return lo, hi

    def _other_story(self) -> str | None:
        """The place a round-up paragraph opens on ("In Ambaria, the ministry said ..."), when the
        current claim is in one: that paragraph is another story, with its own place and period."""
        starts = self._section_starts()
        lo = max([a for a in starts if a <= self._here], default=-1)
        return self._stories.get(lo)

    def _section_starts(self) -> list[int]:
        """Where the article's stories start: each dateline, and each paragraph that opens on a place
        the article does not know to lie in its own setting ("In Corvalla, the army said ...": a
        round-up's other story, whose sides and setting are its own), with the paragraph after it."""
        if self._starts is None:
            starts = {at for at, _c, _r in self.ctx.datelines}
            for m in _OTHER_STORY.finditer(self.text):
                low = fold(m.group("p"))
                if low in self.ctx.parents or low in self.ctx.kinds or low.split()[0] in _months_low():
                    continue  # "In Qadrel city alone, ...": a part of the story's own place
                starts.add(m.start("p") - 3)
                self._stories[m.start("p") - 3] = m.group("p")
                end = self.text.find("\n", m.end())
                if end >= 0:
                    starts.add(end + 1)
            starts.update(self._headings())
            self._starts = sorted(starts)
        return self._starts

    def _headings(self) -> set[int]:
        """Sections a round-up opens under a heading naming a place ("SARAWIN", "KHAZNA STRAIT": to the
        next heading) and live entries that turn to a place ("11:10 - Turning to Sarawin:": to the
        paragraph's end), recorded in ``_headed``; returns where each section starts and ends.

        Why: a wire round-up or live page covering two unrelated wars writes each war's figures under
        its own heading; a figure naming no place there is the heading's, never a place another
        section names. A heading is a place only when the article writes the name in running text
        too ("Sarawin's military", "in the Khazna Strait"): "HIGHLIGHTS" or "FUNDING" is no place."""
        text = self.text
        bounds: set[int] = set()
        # a bulletin's "COUNTRY - PLACE" heading is its place's section, as "OSTRAVIA" is (round twelve,
        # places, second wave): a figure naming no place under it is the place's, never a district's a
        # later item of the section names
        for m in [*_HEADING.finditer(text), *_HEADING_PAIR.finditer(text)]:
            name = " ".join(w.capitalize() for w in m.group("h").split())
            if (
                m.start() <= self.headline_end()
                or re.search(rf"(?<![.\n])[ (]{re.escape(name)}\b", text) is None
            ):
                if m.start() > self.headline_end():
                    bounds.add(m.start())  # a heading of another kind still ends the section before it
                continue
            bounds.add(m.start())
            self._headed[m.start()] = name
        for m in _LIVE_PLACE.finditer(text):
            # "08:30 - Port Sellic: the commission says ...": the entry's figures are that place's, when
            # the page writes the name in running text too ("Elsewhere:" is no place)
            name = m.group("p") or m.group("q")
            if re.search(rf"(?<![.\n])[ (]{re.escape(name)}\b", text) is None:
                continue
            bounds.add(m.start())
            self._headed[m.start()] = name
            end = text.find("\n", m.end())
            if end >= 0:
                bounds.add(end + 1)
        for m in _TURN_TO.finditer(text):
            bounds.add(m.start())
            self._headed[m.start()] = m.group("p")
            end = text.find("\n", m.end())
            if end >= 0:
                bounds.add(end + 1)
        return bounds

    def _heading_place(self) -> str | None:
        """The place of the round-up heading (or live entry) the current claim is under, if any."""
        starts = self._section_starts()
        lo = max([a for a in starts if a <= self._here], default=-1)
        return self._headed.get(lo)

    def _lead(self) -> str:
        """The article's first two sentences after its headline."""
        body = self.text[self.headline_end() :].lstrip()
        return " ".join(re.split(r"(?<=[.!?])\s+", body, maxsplit=2)[:2])

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


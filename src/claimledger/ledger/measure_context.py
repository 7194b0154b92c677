"""Which measure each claim of one article counts towards, read with the whole article in view.

A measure is (event, population, affiliation, place, period, unit). The extractor gives each
claim its own words (event, subject, place, time); this module completes them from the
sentence and the article, in reading order, by general rules kept as data in
``data/measures.json``. Each part has its own module (so a rule about places is read and tested
beside the other place rules, not among 1,600 lines):

- **population** (``measure_populations``): what is counted, as a class ("troops", "servicemen",
  "officers and soldiers" are all *soldiers*; "the dead", "bodies" name the event and take the
  population from the sentence or the figure before; "including 4,100 children" is its own,
  smaller population);
- **affiliation** (``measure_sides``): whose soldiers, fighters or tanks ("Veskaran soldiers",
  "its servicemen", "we have lost 150 tanks"); an army reporting soldiers killed with no agent
  reports its own; a party saying it killed or destroyed them reports the other side's;
- **place** (``measure_places``): what the claim names, else the article's setting (dateline, "the
  enclave", "the province"); never a demonym nor where a speaker stood; military losses are
  counted on all fronts, so their place is dropped;
- **period** (``measure_periods``, one strike in ``measure_incidents``): a running total since the
  war began (stated or implied), since another start, a window ("in the past 24 hours", ending on
  the claim's date), a single incident (a strike on one day in one place), or a stock on a date.

A figure that elides what it counts ("of them", "up from 612", "another 402 ... over the same
period") takes the missing parts from the figure before it (its *antecedent*). Nothing here
ranks or trusts a party: the same rules apply to every side. ``measure_reader`` holds the article
and the text around each figure, ``measure_words`` the vocabulary, ``measure_parts`` the result.
"""

from __future__ import annotations

import re

from .doc_context import fold, side_key
from .measure_parts import Resolved
from .measure_periods import PeriodReader, _disaster_names
from .measure_places import PEOPLE_WORD, PlaceReader
from .measure_populations import PopulationReader
from .measure_words import (
    _contains,
    _seq,
    _tables,
)

#: a state's own bodies by their head words (``national_bodies``, ``state_bodies``): "ministry", "army"
_STATE_HEADS = "|".join(
    re.escape(w) for w in sorted({*_seq("national_bodies"), *_seq("state_bodies")}, key=len, reverse=True)
)


def _owns_state_body(text: str, name: str) -> bool:
    """The text writes ``name`` as the owner of a state's body ("Dalvenia's interior ministry", "Dalvenia's
    army", at most two words between): only a state has a ministry or an army, so ``name`` is a
    country, whether or not the story writes its people's word. A river, a region or a war's name
    ("the Ostra war") owns no ministry."""
    owner = rf"\b{re.escape(name)}['’]s[ ](?:[a-z]+[ ]){{0,2}}?(?:{_STATE_HEADS})\b"
    return re.search(owner, text) is not None


class DocumentMeasures(PeriodReader, PlaceReader, PopulationReader):
    """Resolves the claims of one article in order, so that each can lean on the ones before it."""

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

    def resolve_all(self) -> list[Resolved | None]:
        """Body claims in order, then headline claims: a headline figure repeats the body, so it takes the
        measure of the body claim with the same event and value, when there is one."""
        end = self.headline_end()
        heads = [i for i, c in enumerate(self.claims) if c.span[1] <= end]
        self.out = [None] * len(self.claims)
        self.incidents_at = {}
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
                    and (self._day_keyed(got) or self._headline_names(got.period.end or ""))
                ):
                    # a disaster's toll ("in the floods") is the story's incident only when the headline
                    # is about it: a flood in a war story's last paragraph takes none of its tolls
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
        if self.ctx.datelines:
            self._learn_filed_from()
        return self.out

    def _learn_filed_from(self) -> None:
        """A bare dateline city's stories are about the country this one is about (for later articles).

        Where a story is filed is not where its figures were counted: "ORONDE (Courier) - ... 21,360
        people have been killed since the insurgency began" counts the country's dead, not the
        capital's. Once one article filed from a city says what country it is about (its people and
        its name: "Sarvelian troops", "across Sarvel"), a later article filed from there that names
        no country reads a figure naming no place as that country's (``PlaceReader._setting``). Only
        the first section's dateline, only when the ledger does not already place it, never a
        province or region the ledger knows, nor a name no people is written for ("the Ostra war")."""
        ctx = self.ctx
        at, city, region = ctx.datelines[0]
        if region or city in ctx.parents or city in ctx.kinds or city in ctx.filed:
            return
        ctx.focus(at)
        self._here = at
        theatre = self._section_theatre()
        if theatre is None or theatre == city or theatre in ctx.kinds or theatre in ctx.parents:
            return
        stem = side_key(theatre)
        words = PEOPLE_WORD.finditer(self.text)
        if any(side_key(m.group()) == stem and fold(m.group()) != theatre for m in words) or _owns_state_body(
            self.text, ctx.name(theatre) or theatre
        ):
            ctx.filed.setdefault(city, theatre)

    @staticmethod
    def _day_keyed(got: Resolved) -> bool:
        """An incident keyed by its day (a strike), not by a disaster's name ("floods")."""
        return (got.period.end or "0")[:1].isdigit()

    def _headline_names(self, disaster: str) -> bool:
        """The headline names the disaster ("Teluria quake kills at least 1,204")."""
        head = self.text[: self.headline_end()].casefold()
        return any(w in head for w, d in _disaster_names().items() if d == disaster)

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
        partitive = after.lstrip().casefold().startswith(_seq("partitive"))
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
            or self._bare_rival(i, c, before, after, s0, prev_end, ante)
        )
        # "38 people and wounded 112", "3,140 killed ..., and 8,215 had been wounded": one report, one period
        coordinated = (
            prev_end > s0 and re.search(r"\band\b", before[-20:]) is not None and "," not in before[-20:]
        )

        what = self._what(i, c, before, after, s0, s1, prev_end, ante, partitive, inherit)
        if what is None:
            return None
        event, population, phrase = what
        military = _tables()[1]
        aff_key, aff_name = self._affiliation(
            c, phrase, population, event, before, prev_end, s0, s1, ante, inherit
        )


        period = self._period(i, c, before, after, sentence, ante, event, inherit, coordinated, prev_end > s0)
        period = self._mission_period(period, population, before, after)
        place, place_name = self._place(
            c, before, after, sentence, period, ante, inherit, whole=population not in military
        )
        if self.anchor is not None and period is self.anchor.period and not self._names_place(c, after):
            place, place_name = self.anchor.place, self.anchor.place_name
        period = self._at_incident_site(period, place, event, before, after)
        if event == "captive" and aff_key and population not in military:
            # "3,310 Aldessans remain in Morvanian captivity", "3,018 Aldessans were still held in
            # Morvania": a side's people held captive are one count wherever they are held (its
            # soldiers, "Aldessan servicemen", stay their own, smaller count)
            population, place, place_name = "people", None, None
        elif population in military and aff_key and period.kind == "incident":
            aff_key, aff_name = self._incident_side(aff_key, aff_name, sentence)
            if aff_key:
                place, place_name = None, None
        elif population in military and aff_key:
            place, place_name = None, None
        return Resolved(event, population, aff_key, aff_name, place, place_name, period, c.unit, c.source)

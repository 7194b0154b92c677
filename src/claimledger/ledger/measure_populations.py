"""Populations: what a figure counts, as a class, and the event it counts.

"troops", "servicemen" and "officers and soldiers" are all *soldiers*; "the dead" and "bodies"
name the event and take the population of their sentence or of the figure before; "including
4,100 children" is its own, smaller population; a list item's label or a share's subject says
what its figures count. The classes, their words and their hierarchy are data (``populations``,
``event_nouns``, ``partitive``, ``subset_cues``).
"""

from __future__ import annotations

import re
from functools import cache

from ..datafiles import load_data
from ..event_kinds import event_kinds
from ..model import Claim
from .doc_context import DEMONYM_ENDINGS, rules, side_key
from .measure_parts import Resolved
from .measure_sides import SideReader
from .measure_states import state_of
from .measure_words import (
    _CLAUSE_END,
    _WORD,
    _alt,
    _seq,
    _tables,
)
from .source_names import same_speaker

_PEOPLE_EVENTS = frozenset(k.name for k in event_kinds().values() if k.noun_class == "people")
#: "people working for Kerrin Grain Terminals": a company's workers
_WORKING = re.compile(rf"[ ](?:{_alt('working_words')})[ ](?:for|by|at)\b")
#: "* Morvaskan soldiers killed: about 66,800": a list item's label before its figure
_ITEM_LABEL = re.compile(r"[ ]*[*•–-][ ]*(?P<np>[A-Z][\w' -]{2,50}?):[ ]")
#: "Children account for ...", "Women and children make up ...": a sentence whose subject is a share
_SHARE_SUBJECT = re.compile(
    rf"(?P<np>[A-Z][\w' -]{{2,40}}?)[ ](?:{_alt('share_verbs')})[ ]"
)
#: "the 412 Luthane had announced", "the 31 that Tarsk's military claimed": a name (or a body a name owns)
#: right after a bare figure, then a reporting verb: who gave the figure, never what it counts
_NAMED_SPEAKER_AFTER = re.compile(
    r"[ ](?:that[ ]|which[ ])?[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*)?(?:(?<=['’]s)(?:[ ][a-z]+){1,2})?[ ]"
    rf"(?:had[ ]|has[ ]|have[ ])?(?:{_alt('report_verbs')})\b"
)
#: "The Clinics Alliance said deaths in the camps had reached 208": the reach verb's subject starts after
#: the speaker and its verb (a name's words, "Clinics", are never what is counted)
_SPOKEN_LEAD = re.compile(rf"^.*\b(?:{_alt('report_verbs')}|says|say)[ ](?:that[ ])?")

#: where a counted phrase written after its figure ends ("412 soldiers had been ...": "soldiers")
_PHRASE_END = re.compile(rf"\b(?:{_alt('phrase_stops')})\b")
#: "Children make up about 40 per cent": the share's subject before its verb
_SHARE_LEAD = re.compile(
    rf"(?P<np>[\w' -]{{3,40}}?)[ ](?:{_alt('share_lead_verbs')})"
    rf"[ ](?:(?:{_alt('share_hedges')})[ ])?$"
)
#: "the number of Veskaran forces killed": what a "number of" counts
_NUMBER_OF = re.compile(
    rf"\b(?:{_alt('count_nouns')})[ ]of[ ](?P<np>[\w' -]{{3,60}}?)[ ](?:{_alt('count_participles')})"
)
#: "The number of people killed since the coup has reached 6,204", "Deaths in the insurgency have reached
#: 19,700": the subject of a clause a running count reaches (its own sentence, its own clause)
_REACHED = re.compile(
    rf"(?P<np>[^.;:,]{{3,120}}?)[ ](?:{_alt('reach_verbs')})[ ]"
    r"(?:(?:an[ ]estimated|estimated|about|some|nearly|almost|around|roughly|more[ ]than|over)[ ])?$"
)
#: "the civilian toll at 388", "the military death toll of 1,200": the toll's own word
_TOLL_WORD = re.compile(rf"\b(?P<w>[a-z]+)[ ](?:death[ ])?(?:{_alt('toll_nouns')})\b[^,;]{{0,25}}$")
#: "Valdrian losses stood at 96,200", "Korsa's military dead numbered 43,000", "put Valdrian military deaths
#: at": a side's losses, the subject before the figure, are its soldiers
_SIDE_LOSSES = re.compile(
    rf"(?P<np>\b[A-Z][\w'’-]+[ ](?:{_alt('side_loss_nouns')}))\b[^,;.]{{0,30}}$"
)
#: "8,060 lower than", "610 duplicate entries": a difference between counts, or records corrected
#: (``difference_words``, ``record_nouns``)
_NOT_A_COUNT = re.compile(
    rf"[ ](?:(?:{_alt('difference_words')})[ ]than\b|(?:[a-z]+[ ])?(?:{_alt('record_nouns')})\b)"
)
#: "put Morvanian dead at", "Kaltherian deaths now stand at": a people's dead before the figure
_SIDE_DEAD = re.compile(
    rf"(?P<np>\b[A-Z][a-z][\w-]*(?:{DEMONYM_ENDINGS})[ ](?:dead|deaths))\b[^,;.]{{0,30}}$"
)
#: a figure that ends its clause with no word of its own after it ("... claim to have destroyed 520.")
_BARE_END = re.compile(
    r"(?:[ ](?:(?:had|have|has|were|was|are|is)[ ])?(?:been[ ])?[a-z]+(?:[ ](?:down|there|dead))?)?"
    r"[ ]?(?:[.;!?]|$)"
)
_WOUNDED = re.compile(r"\b(?:wounded|injured)\b", re.IGNORECASE)
#: "the army put its own losses at 212"
_OWN_LOSSES = re.compile(rf"\b(?:its|their|our)(?:[ ]own)?[ ](?:{_alt('own_loss_nouns')})\b[^,;]{{0,25}}$")


@cache
def _event_words() -> dict[str, str]:
    """Single trigger words of each people event (``data/events.json``): 'deaths' -> killed."""
    out: dict[str, str] = {}
    for event, spec in load_data("events")["triggers"].items():
        if event in ("other", "attacks", "forces", "destroyed"):
            continue
        for w in spec.get("phrases", []):
            if " " not in w:
                out.setdefault(w.casefold(), event)
    return out


def _event_named(phrase: str) -> str | None:
    """The one people event a subject's words name ("the number of people killed" -> killed), else None."""
    words = _event_words()
    found = {words[t] for t in (t.casefold() for t in _WORD.findall(phrase)) if t in words}
    return found.pop() if len(found) == 1 else None


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


class PopulationReader(SideReader):
    """The event and population of each figure."""

    @staticmethod
    def _state(population: str | None, phrase: str, after: str) -> str | None:
        """The population with the state its clause says it is in ("people registered"), else None
        (``measure_states``)."""
        if population is None or not _is_people(population):
            return None
        rest = after[len(phrase) :] if after.startswith(phrase) else after
        state = state_of(phrase, rest)
        return None if state is None else f"{population} {state}"

    def _convoy(self, population: str | None, phrase: str, at: int) -> str | None:
        """ "only 38 trucks had crossed" in a story that counted "212 aid trucks" before it: the same
        convoys' trucks (``aid trucks``), never an army's vehicles; any other class as it is."""
        words, heads = _aid_trucks_re()
        if population == "vehicles" and heads.search(phrase) and words.search(self.text, 0, at):
            return "aid trucks"
        return population

    def _bare_rival(
        self, i: int, c: Claim, before: str, after: str, s0: int, prev_end: int, ante: Resolved | None
    ) -> bool:
        """A figure with no word of its own, ending its clause ("dismissed as propaganda Velland's claim
        to have destroyed 520.", "Tarsk's General Command says 112."), given by another voice than the
        figure before it, is a rival figure for the thing that figure counted: it inherits that thing, its
        side and its period, as a figure after "up from" does. The figure before must stand in its
        sentence, or in the sentence right before while the figure's own sentence is only a speaker, its
        verb and the figure (in "the gap with the ministry, whose latest count was 48,120" the count may
        be any figure of the story; "asked how many Ostran soldiers had died, he said: 'About 900.'"
        counts what the question names). Its own speaker's bare figure inherits the thing as before
        (``_what``), never the side or period."""
        if ante is None or c.subject is not None:
            return False
        if _BARE_END.match(after) is None and _NAMED_SPEAKER_AFTER.match(after) is None:
            return False  # "the 31 that Tarsk's military claimed": only who gave it follows the figure
        if c.source is None or ante.source is None or same_speaker(ante.source, c.source):
            return False  # its own speaker's figure inherits its thing as before (``_what``)
        if prev_end > s0:
            return True
        # another sentence: the one right before it, and this one a speaker, its verb and the figure
        # ("Tarsk's General Command says 112."), never a clause of its own ("the gap with the ministry,
        # whose latest count was 48,120" may compare with any figure of the story)
        o = self.claims[i - 1] if i > 0 else None
        adjacent = o is not None and not self.text[o.sentence_span[1] : c.sentence_span[0]].strip()
        spoken = c.cue_span is not None and c.cue_span[0] >= s0 and "," not in before
        return adjacent and spoken and len(before.split()) <= 8 and population_of(before)[0] is None

    def _what(
        self,
        i: int,
        c: Claim,
        before: str,
        after: str,
        s0: int,
        s1: int,
        prev_end: int,
        ante: Resolved | None,
        partitive: bool,
        inherit: bool,
    ) -> tuple[str, str | None, str] | None:
        """(event, population, the counted phrase) of claim ``i``; None when it counts nothing of the
        conflict (a population figure, an unknown event with nothing to lean on)."""
        text = self.text
        if _NOT_A_COUNT.match(after):
            # "a toll 8,060 lower than the one published", "found 610 duplicate entries": a difference
            # between two counts, or the records a count was corrected by, counts nothing itself
            return None
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
            phrase = _PHRASE_END.split(phrase)[0]
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
            m = _SHARE_LEAD.search(lead)
            tail = re.match(r"[^.;]{0,60}?\b(?:are|were|is|was)[ ](?P<np>[\w' -]{3,40})", after)
            population = None
            if m:
                population, _ = population_of(m.group("np"))
            if population is None and tail:
                population, _ = population_of(tail.group("np"))
                phrase = tail.group("np")
        share_of_count = (
            c.unit == "percent"
            and population is None
            and ante is not None
            and ante.unit == "count"
            and ante.population in _tables()[1]
            and prev_end > s0
        )
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
            m = _NUMBER_OF.search(before)
            if m:
                population, _ = population_of(m.group("np"))
                phrase = m.group("np")
        event = c.event
        if share_of_count and ante is not None:
            # "launched 186 missiles ..., and that fewer than half were intercepted": a share with no
            # subject of its own right after a count of soldiers or weapons in its sentence is a share
            # of that count (its event and class), however its own verb was read
            event, population = ante.event, ante.population
        if event == "other" and c.unit == "count" and (reached := _REACHED.search(before)):
            # "Deaths in the insurgency have reached 19,700": the subject's words name the event
            event = _event_named(reached.group("np")) or "other"
            if event != "other" and population is None:
                population, is_event_noun = population_of(_SPOKEN_LEAD.sub("", reached.group("np")))
            if event == "other":
                # "The number of people in acute hunger has fallen to 2.1 million": no event, but the
                # subject says what state its people are in; that state is what is counted, never the
                # thing the figure before counted
                np = reached.group("np")
                state = self._state(population_of(np)[0] or population_of(np.split()[-1])[0], np, "")
                if state is not None:
                    return "other", state, np
        if event == "other":
            if ante is not None and (partitive or inherit or c.subject is None):
                event = ante.event
            else:
                # "2,140 schools were closed", "1,146 security incidents", "27,640 suspected cholera
                # cases": a thing counted that no event names is its own measure, never a population's
                thing = (
                    _thing(phrase, population)
                    if c.unit == "count" and not _DEFINITE.search(before[-12:])
                    else None
                )
                if thing is None and c.subject is not None and c.subject.casefold() in _herd_nouns():
                    thing = c.subject.casefold()  # "1,300 head of cattle": a herd counted, no "-s"
                if thing is None:
                    # "52,000 people are now registered", "210,000 civilians remained trapped": a people
                    # count whose own clause says what state they are in counts that state
                    state = self._state(population or population_of(c.subject or "")[0], phrase, after)
                    return None if state is None else ("other", state, phrase)
                return "other", self._convoy(thing, phrase, c.span[0]), phrase
        if event in ("captive", "detained") and population is None:
            # "captured 17 townships", "19 townships taken": places taken are no captives
            taken = _thing(phrase, None)
            if taken is not None and taken.split()[-1] in _seq("taken_place_nouns"):
                return "other", taken, phrase
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
            toll = _TOLL_WORD.search(before)
            if toll:
                population, _ = population_of(toll.group("w"))
            # "Valdrian losses stood at 96,200": a side's losses written as the count's subject
            side_losses = (
                _SIDE_LOSSES.search(before[-80:]) if population is None and event == "killed" else None
            )
            if side_losses and population_of(side_losses.group("np").split()[0])[0] is None:
                population, phrase = "soldiers", side_losses.group("np")
                if _WOUNDED.search(text, s0, c.span[0]):
                    # "Counting the wounded, Korsan losses exceed 410,000": killed and wounded together,
                    # a count of its own, never the side's dead
                    population = "soldiers (killed and wounded)"
            # "Tirevo's defence ministry put Morvanian dead at 94,120": a people's dead counted by an army or
            # a defence ministry are that side's soldiers (a health ministry's "Serevian dead" stay people)
            if population is None and event == "killed" and self._state_speaker(c):
                side_dead = _SIDE_DEAD.search(before[-80:])
                if side_dead:
                    population, phrase = "soldiers", side_dead.group("np")
            # "the army put its own losses at 212": a state body's own losses are its soldiers
            if (
                population is None
                and event == "killed"
                and _OWN_LOSSES.search(before)
                and self._state_speaker(c)
            ):
                population = "soldiers"
        if population is None and event == "destroyed" and not partitive and not is_event_noun:
            # "burned 12 villages", "41 bridges destroyed": a thing no class owns counts itself (its own
            # head noun), never the thing the figure before counted nor "destroyed (subject not stated)"
            population = _own_noun(c.subject)
        # the same party, however the article writes it: "the Prosecutor-General's Office said" then
        # "The office lowered its count to 604" is one voice
        same_voice = ante is not None and (
            c.source is None or (ante.source is not None and same_speaker(ante.source, c.source))
        )
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
        if population is None and event == "other" and ante is not None and ante.event == "other":
            # "The ministry put the figure at 820": a rival figure for the thing counted before it
            population = ante.population
        if population is None and event in _PEOPLE_EVENTS:
            population = "people"
        if event == "killed" and population is not None:
            # "1,168 cholera deaths", "231 people had died of cholera": an outbreak's dead are its own
            # count, never the war's toll (nor its start the war's), whoever gives them
            clause = before[-60:].split(",")[-1] + " " + _CLAUSE_END.split(after, maxsplit=1)[0][:80]
            disease = _words_re("disease_words").search(clause)
            if disease:
                # "died of starvation", "starved to death", "died of hunger": one cause, whatever its word
                name = disease.group().casefold()
                name = rules()["disease_same"].get(name, name)
                # a class inherited from the figure before may already name a cause ("people (measles)"):
                # one cause in the label, the figure's own
                return event, f"{population.partition(' (')[0]} ({name})", phrase
            if _words_re("custody_words").search(clause):
                # "94 detainees have died in custody": deaths in a captor's hands are a count of their own,
                # never the war's toll of the place
                return event, f"{population} (in custody)", phrase
        cause = ""
        if event in ("killed", "injured") and population is not None:
            # "118 people killed or injured by landmines", "71 mine casualties": a cause's own count, a
            # part of the war's tolls never compared with them; killed-or-injured is one count, however
            # its event was read
            clause = before[-60:].split(",")[-1] + " " + _CLAUSE_END.split(after, maxsplit=1)[0][:80]
            if _words_re("mine_words").search(clause):
                either = _words_re("killed_or_injured").search(clause) is not None
                event, cause = ("killed", " (mines: killed or injured)") if either else (event, " (mines)")
        if event == "displaced" and population is not None:
            # "fewer than 20,000 displaced people remain in the province's camps": the camps' own people, a
            # part of everyone displaced, never compared with them
            # the clause past any figure in it ("in the province's three camps")
            own = _CLAUSE_END.split(self.text[c.span[1] : s1], maxsplit=1)[0][:80]
            if _camp_re().search(own):
                cause = " (in camps)"
        population = self._member_kind(population, after, text[s0 : c.span[0]])  # members
        population = self._convoy(population, phrase, c.span[0])
        _w, _mil, _e, parents, merge = _tables()
        if population in merge and event in merge[population]:
            population = parents.get(population, population)
        if cause and population is not None:
            population += cause
        base = (population or "").partition(" (by ")[0]
        if event == "killed" and base in ("people", "civilians") and not cause:
            # "civilians killed by the army and its allies", "jihadist groups had killed 3,590 civilians",
            # "attributes 3,610 civilian deaths to the army and 4,020 to jihadist groups": who killed them
            # is part of what is counted (kept only where the ledger's reports break the toll down by
            # who killed: settle_measures); a figure naming its own killer replaces the one it inherits
            who = _perpetrator(before, after, text[s0:s1])
            if who is not None:
                population = f"{base} (by {who})"

        return event, population, phrase


@cache
def _actor_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each kind of perpetrator with the words that name it (``perpetrator_kinds``)."""
    kinds: dict[str, list[str]] = rules()["perpetrator_kinds"]
    return tuple(
        (kind, re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b", re.IGNORECASE))
        for kind, words in kinds.items()
    )


def _actor(words: str) -> str | None:
    """The kind of perpetrator a few words name ("the Sarvelian army and its allies": state forces)."""
    for kind, pattern in _actor_res():
        if pattern.search(words):
            return kind
    return None


#: "killed by the security forces", "attributes 3,610 deaths ... to the army", "(and) 4,020 to jihadist
#: groups": an actor named after the figure
_BY_AFTER = re.compile(r"^[^.;]{0,60}?\b(?:killed[ ]by|to)[ ](?P<a>[^.,;]{3,40})")
#: "civilians killed by the Sarvelian army ..., now numbered 3,420": before the figure
_BY_BEFORE = re.compile(r"\bkilled[ ]by[ ](?P<a>[^.;]{3,50}?)(?:,[^.;]*)?$")
#: "jihadist groups had killed 3,590", "the army and its allies have killed 3,870"
_AGENT_BEFORE = re.compile(
    r"(?P<a>[\w' -]{3,40}?)[ ](?:have[ ]|has[ ]|had[ ])?killed[ ](?:at[ ]least[ ]|more[ ]than[ ]|about[ ])?$"
)


def _perpetrator(before: str, after: str, sentence: str) -> str | None:
    """Who a killed count says killed them, as a kind of actor (state forces, armed groups); never the
    means ("killed by shelling", "air strikes have killed"): a means names no side of a breakdown."""
    m = _BY_AFTER.match(after)
    if m and (m.group(0).find(" to ") < 0 or "attribut" in sentence.casefold()):
        got = _actor(m.group("a"))
        if got:
            return got
    for pattern in (_BY_BEFORE, _AGENT_BEFORE):
        m = pattern.search(before[-90:])
        if m:
            got = _actor(m.group("a"))
            if got:
                return got
    return None


#: "the two roads", "the city's four hospitals", "its 14 shelters": things named as known, not counted
_DEFINITE = re.compile(r"(?:\b(?:the|its|their|our|these|those)|['’]s)[ ]$", re.IGNORECASE)
#: a counted phrase's leading words: "schools closed nationwide", "suspected cholera cases were"
_LEADING_WORDS = re.compile(r"[ ]*((?:[a-z][a-z-]*[ ]?){1,3})")


@cache
def _herd_nouns() -> frozenset[str]:
    """Animals counted as a herd is (events.json ``noun_classes.animals``): "cattle" is a plural with
    no "-s", a thing of its own ("1,300 head of cattle had been stolen"), never a casualty count."""
    return frozenset(load_data("events")["noun_classes"].get("animals", []))


def _thing(phrase: str, population: str | None) -> str | None:
    """What a figure with no event counts, when it names a thing of its own: a class that is no people
    ("schools") or a plural noun no class knows ("security incidents", "suspected cholera cases" read
    as "suspected cases": the disease is the outbreak's, not the kind of case). None for people
    ("590,000 children affected": no count of the conflict) and for words that name no thing."""
    if population is not None:
        return None if _is_people(population) else population
    m = _LEADING_WORDS.match(phrase)
    if m is None:
        return None
    stops = {*_seq("phrase_stops"), *_seq("thing_stops")}
    words: list[str] = []
    for w in m.group(1).split():
        if w in stops:
            break
        words.append(w)
        if w.endswith("s") and not w.endswith("ss"):
            kept = [x for x in words if not _words_re("disease_words").fullmatch(x)]
            return " ".join(kept) if kept else None
    return None


def _own_noun(subject: str | None) -> str | None:
    """A figure's own head noun as its class, when no class owns it ("villages", "bridges"): lower-case
    words only (a capitalised one may be a name), never an event noun ("deaths") nor a people word."""
    if not subject or not subject.isalpha() or not subject.islower():
        return None
    word = subject.casefold()
    words, _mil, event_nouns, _p, _m = _tables()
    if word in words or word in event_nouns or len(word) < 4:
        return None
    return word


@cache
def _aid_trucks_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any word of the ``aid trucks`` class, any of their head nouns alone: "trucks", "lorries")."""
    words = [str(w) for w in rules()["populations"]["aid trucks"]["words"]]
    heads = sorted({w.split()[-1] for w in words})
    return (
        re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE),
        re.compile(rf"^\W*(?:{'|'.join(map(re.escape, heads))})\b", re.IGNORECASE),
    )


@cache
def _camp_re() -> re.Pattern[str]:
    """A camp named in a displaced count's own clause (``measures.json`` ``camp_words``)."""
    return re.compile(rf"\bin[ ](?:[\w'’-]+[ ]){{0,3}}?(?:{_alt('camp_words')})\b", re.IGNORECASE)


@cache
def _words_re(key: str) -> re.Pattern[str]:
    """Any word of one ``measures.json`` list, as a whole word (``disease_words``: a disease named in a
    death count's clause; ``custody_words``: deaths in a captor's hands; ``mine_words``: mines or
    unexploded ordnance; ``killed_or_injured``: the killed and the injured counted together)."""
    return re.compile(rf"\b(?:{_alt(key)})\b", re.IGNORECASE)

"""Sides: whose soldiers, fighters, tanks or drones a figure counts (its affiliation).

Only military classes carry one. It is what the phrase names ("Veskaran soldiers"), else the
speaker's own ("its servicemen", "we have lost 150 tanks"), else the other side's when the speaker
did the killing ("its forces killed 3,000 soldiers"), else the side written before "lost". A state's
body is never an armed group's side. Affiliation describes what is counted; it never ranks a party.
The words are data (``agent_verbs``, ``state_bodies``, ``group_nouns``, ``demonym_countries``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..model import Claim
from .doc_context import DEMONYM_ENDINGS, fold, side_key
from .gazetteer import country_of, is_country
from .measure_parts import Resolved
from .measure_reader import _OTHER_STORY, ArticleReader
from .measure_words import (
    _BODY_HEADS,
    _CLAUSE_END,
    _DEMONYMS,
    _ONE_CAP,
    _WORD,
    _alt,
    _contains,
    _group_firsts,
    _org_words,
    _seq,
    _tables,
)
from .sources import person_name

#: "the Ashen Banner has about 12,000 fighters": who owns a force
_OWNER = re.compile(
    rf"(?P<who>(?:[A-Z][\w'’-]*[ ]){{1,4}})(?:{_alt('owner_verbs')})[ ]"
    rf"(?:(?:{_alt('owner_hedges')})[ ])?$"
)
#: "Brask had lost 140 soldiers", "Braskan losses": the side written before the word lost them
_LOST = re.compile(rf"\b(?:{_alt('loss_words')})\b")

#: "members or candidates of opposition parties", "members of the drivers' union": the body a
#: members count is of, written after it (up to the clause's next word that is no part of a name)
_MEMBERS_OF = re.compile(
    r"\bmembers(?:[ ]or[ ][\w-]+)?[ ]of[ ](?P<body>[\w'’ -]{2,60}?)"
    r"(?=[,.;:()]|[ ](?:in|on|at|since|were|was|have|has|had|who|and|killed|died|during|for|from|by|as)\b|$)"
)
#: "14 of its members": the members of the body "its" stands for
_ITS_MEMBERS = re.compile(r"^[^.;,]{0,30}?\b(?:its|their)[ ]members\b")
#: the figure's own "members" (its counted word, right after it)
_OWN_MEMBERS = re.compile(r"^[^.;,]{0,40}?\bmembers\b")


def _head(words: str) -> str:
    """The last word of a body's name, folded, without a possessive ("Hauliers' Union" -> "union")."""
    found = _WORD.findall(words)
    return fold(re.sub(r"['’]s?$", "", found[-1])) if found else ""


@cache
def _civil_bodies() -> frozenset[str]:
    return frozenset(_seq("civil_member_bodies"))


@cache
def _armed_bodies() -> frozenset[str]:
    """Head words of an armed body or force: a group's or a state's (``group_nouns``, ``group_kinds``,
    ``armed_body_words``, ``body_heads``, ``state_bodies``) and every military class's own words."""
    words, military, *_ = _tables()
    heads = [*_seq("group_nouns"), *_seq("group_kinds"), *_seq("body_heads"), *_seq("state_bodies"),
             *_seq("armed_body_words")]
    return frozenset({h.split()[-1] for h in heads} | {w for w, cls in words.items() if cls in military})


#: "Brevonia has now lost", "Brevonia had": a capitalised name right before "has/had (now)" ending the text
_LOSER = re.compile(r"\b(?P<who>[A-Z][a-z][\w'’-]+)[ ](?:has|had|have)(?:[ ]now|[ ]already|[ ]so[ ]far)?[ ]$")
#: the bracket of a dateline: "DURROSK, Aug 13 (Meridian Wire) - "
_DATELINE_BRACKET = re.compile(r"(?m)^[A-Z][A-Z'’. ,-]{1,40}[^()\n]{0,20}\(([^)\n]{1,60})\)[ ]*[-–—]")


#: a dateline up to its dash: "DARSA, 16 June (QSTV) -", "PORT MAALIF, 13 June -", "TALMOR/VELGRAD (APS) -"
_DATELINE_LINE = re.compile(
    r"(?m)^[A-Z][A-Z'’. /-]{1,40}(?:,[^\n()-]{1,40})?(?:[ ]*\([^)\n]{1,60}\))?[ ]*[-–—]"
)


@cache
def _titled_person() -> re.Pattern[str]:
    """A title, then a first name and a surname: "Col. Idris Vantamme", "Colonel Ana Rell"."""
    from .aliases import bundled

    words = {t.casefold() for t in bundled("source_aliases")["person_titles"]}
    titles = "|".join(sorted(words, key=len, reverse=True))
    # the lookahead on the titles' first letters only skips word starts no title can open (half the time)
    firsts = re.escape("".join(sorted({w[0] for w in words})))
    return re.compile(
        rf"(?i:\b(?=[{firsts}])(?:{titles}))\.?[ ](?P<first>[A-Z][a-z]+)[ ](?P<last>[A-Z][a-z][\w'’-]*)"
    )


@cache
def _sub_national_kinds() -> frozenset[str]:
    """The kinds of a place inside a state (``city_kinds``, ``region_kinds``, ``place_before_kinds``:
    a city, a town, a district, a province, a region; never "state"): a place of one of them is where
    forces are, never whose they are."""
    kinds = {w.casefold() for w in (*_seq("city_kinds"), *_seq("region_kinds"), *_seq("place_before_kinds"))}
    # "the Duvessan state": a state is a side, whatever kind of place the word was read as
    return frozenset(kinds - {"state"}) | {"village", "district"}


@cache
def _state_titles() -> frozenset[str]:
    """Words a state's own force is titled by ("the National Army", "the Armed Forces", "government
    troops"; ``state_army_words`` and ``state_words``): written alone before a force they name no side,
    so they never key one (the state is read as when no side is written)."""
    return frozenset(w.casefold() for w in (*_seq("state_army_words"), *_seq("state_words")))


#: "government soldiers", "state forces": the state's, where the article is set
_STATE_WORD = re.compile(rf"\b(?:{_alt('state_words')})\b")
#: "84 coalition troops": an alliance's soldiers, the alliance's word right after the figure
_ALLIANCE_WORD = re.compile(rf"[ ]+(?P<w>{_alt('alliance_side_words')})[ ]")
#: "the Basin Joint Force", "the Allied River Command": a force several states make up, by its name
_JOINT_FORCE = re.compile(
    rf"\b(?:[A-Z][\w'’-]+[ ]){{0,3}}?(?:{'|'.join(w.capitalize() for w in _seq('joint_force_words'))})"
    rf"(?:[ ][A-Z][\w'’-]+){{0,3}}?[ ](?:{'|'.join(w.capitalize() for w in _seq('joint_force_heads'))})\b"
)
#: "the force", "the mission", "the task force": a joint force written again by its head word, or by
#: its head word after one word of its own name in lower case ("Joint Task Force X" as "the task force")
_JOINT_HEAD = re.compile(rf"\b(?i:the)[ ](?:(?P<inner>[a-z]+)[ ])??(?:{_alt('joint_force_heads')})\b")
#: "Corvanth has fired 212", "Brask launched": who fires the weapons counted (``launch_verbs``)
_LAUNCHER = re.compile(
    rf"\b(?P<who>[A-Z][a-z][\w'’-]+)[ ](?:(?:has|had|have)[ ])?(?:now[ ]|already[ ])?"
    rf"(?:{_alt('launch_verbs')})[ ](?:(?:more[ ]than|at[ ]least|about|nearly|over|some)[ ])?$"
)
#: "64 rockets were fired at", "2,460 drones and 388 missiles launched at": the figure's own words say
#: its weapons were fired at someone, no possessive ("its", "their") owning them on the way
_FIRED_AT = re.compile(
    rf"^(?:(?!\b(?:its|their|our|his|her)\b)[^;:.])*?\b(?:{_alt('launch_verbs')})[ ]at\b"
)
#: "'s interior ministry": an owner's thing, written in lower case right after the "'s"
_OWNED_NOUN = re.compile(r"[ ][a-z]")
#: "46 Kelmark soldiers": one capitalised word right after the figure, before the counted noun
_MODIFIER = re.compile(r"[ ]+(?P<w>[A-Z][a-z][\w'’-]+)[ ]+[a-z]")


@cache
def _agentive_pattern() -> re.Pattern[str]:
    """"it/they/we/its forces (had) killed|destroyed|...": compiled once (the verbs are data)."""
    verbs = "|".join(re.escape(v) for v in _seq("agent_verbs"))
    return re.compile(
        r"\b(?:it|they|we|its[ ]\w+|our[ ]\w+|their[ ]\w+|\w+[ ]units|\w+[ ]forces|forces)[ ]"
        rf"(?:had[ ]|have[ ]|has[ ])?(?:\w+[ ])?(?:{verbs})\b"
    )


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



#: a people's word: "Aldessans", "Morvanian", "Dravenians" (``measures.json`` ``demonym_endings``)
_DEMONYM_WORD = re.compile(rf"\b[A-Z][\w'’-]*(?:{DEMONYM_ENDINGS})s?\b")
_PEOPLE_PLURAL = re.compile(rf"\b([A-Z][\w'’-]*(?:{DEMONYM_ENDINGS}))s\b")


@cache
def _body_owner_re() -> re.Pattern[str]:
    """A name's possessive before a state's body, with up to two words between: "Talmerk's General
    Command", "Talmerk's naval general command", "Talmerk's army"."""
    bodies = "|".join(
        re.escape(w) for w in sorted({*_seq("state_bodies"), *_seq("command_words")}, key=len, reverse=True)
    )
    return re.compile(rf"\b(?P<w>[A-Z][a-z][\w-]+)['’]s[ ](?:[A-Za-z]+[ ]){{0,2}}?(?i:{bodies})\b")


class SideReader(ArticleReader):
    """The sides an article names and the affiliation of each military figure."""

    _dl_only: frozenset[str] | None = None
    _owners: frozenset[str] | None = None

    def _affiliation(
        self,
        c: Claim,
        phrase: str,
        population: str | None,
        event: str,
        before: str,
        prev_end: int,
        s0: int,
        s1: int,
        ante: Resolved | None,
        inherit: bool,
    ) -> tuple[str | None, str | None]:
        """(side key, side as written) of a figure of a military class; (None, None) for any other."""
        text = self.text
        military = _tables()[1]
        # affiliation: military populations only
        aff_key = aff_name = None
        if population in military:
            aff_name = self._side(phrase)
            if (
                aff_name is None and c.unit == "percent" and ante is not None and ante.unit == "count"
                and ante.population == population and ante.affiliation_name and s0 < prev_end
            ):
                # "... launched 186 missiles ..., and that fewer than half were intercepted": a share of
                # the count before it in its sentence is a share of the same side's
                aff_name = ante.affiliation_name
            if aff_name is None:
                aff_name = self._modifier_side(phrase)
            if aff_name is None and (alliance := _ALLIANCE_WORD.match(phrase)):
                # "84 coalition troops", "52 coalition soldiers": an alliance's own, whichever member
                # state or enemy speaks, never the side named most
                aff_name = alliance.group("w")
            if aff_name is None and not self._agentive(c, before):
                # "the Basin Joint Force says it has lost 164 soldiers": a force several states make
                # up counts its own dead, the alliance's, never those of the member named most
                aff_name = self._joint_force(c, s0)
            if aff_name is None:
                aff_name = self._body_side(phrase, c.span[0])
            if aff_name is None and _STATE_WORD.search(phrase):
                aff_name = self._state_side()
            if aff_name is None and event == "attacks":
                # "Corvanth has fired 212 anti-ship missiles at ...": the weapons are who fires them
                launcher = _LAUNCHER.search(before[-80:])
                if launcher and self._plain_name(launcher.group("who")):
                    aff_name = launcher.group("who")
            # the side so far is written with the weapons or the force (in the counted phrase, or a
            # firer before them); from here on it is read from who speaks or is named nearby
            written = aff_name is not None
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
            if aff_name is None and population == "fighters" and self._main_group():
                # fighters are an armed group's: the article's group, whoever counts them ("the army
                # said about 1,300 rebels were killed", "the Concord said it had lost 212 fighters")
                aff_name = self._main_group()
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
                    aff_name = aff_name or self._loser(text[max(s0, lost.start() - 30) : lost.start()])
                    aff_name = aff_name or self._speaker_side(c)
                elif population == "fighters" and self._main_group():
                    aff_name = self._main_group()
                elif self._agentive(c, before):
                    side = self._speaker_side(c)
                    aff_name = self._enemy_of(side) if side else None
                elif inherit and ante is not None and ante.affiliation_name:
                    aff_name = self._fighters_of(c, population, ante.affiliation_name)
                else:
                    aff_name = self._fighters_of(c, population, self._speaker_side(c))
            if event == "attacks" and not written and aff_name and not aff_name.startswith("enemy of "):
                aff_name = self._fired_at(c, before, s1, aff_name)
            alliance_side = aff_name is not None and (
                fold(aff_name) in _seq("alliance_side_words") or _JOINT_FORCE.fullmatch(aff_name) is not None
            )
            if alliance_side:
                # "coalition troops", "allied soldiers", the Joint Force's own: one side, the alliance's
                aff_key = side_key(_seq("alliance_side_words")[0])
            elif aff_name:
                aff_key = (
                    ("¬" + side_key(aff_name[9:])) if aff_name.startswith("enemy of ") else side_key(aff_name)
                )
        elif event == "captive":
            # "3,310 Aldessans remain in Morvanian captivity", "1,190 Morvanian prisoners": captives are a
            # side's people, named by its people's word in their own phrase
            if c.subject_span:
                subject = text[max(prev_end, c.span[1]) : c.subject_span[1]]
            else:  # "3,310 Aldessans remain ...": the people's word right after the figure
                nxt = re.match(r"[ ]+[A-Z][\w'’-]+", text[c.span[1] : c.span[1] + 40])
                subject = nxt.group() if nxt else ""
            aff_name = self._captive_side(phrase) or self._captive_side(subject)
            if aff_name:
                aff_key = side_key(aff_name)
        return aff_key, aff_name

    def _joint_force(self, c: Claim, s0: int) -> str | None:
        """The joint force whose own soldiers a figure counts: the force named in the figure's sentence
        before it ("The Basin Joint Force, the mission sent in November, has lost 71 soldiers"), or
        written again there by its head word ("The force, which now counts 97 soldiers killed") after
        the story named it; None when the sentence names neither."""
        lead = self.text[s0 : c.span[0]]
        named = _JOINT_FORCE.search(lead)
        if named:
            return re.sub(r"^(?:The|A|An)[ ]", "", named.group())
        head = _JOINT_HEAD.search(lead)
        if head is None:
            return None
        lo = self._section()[0] if s0 >= self._section()[0] else 0
        inner = head.group("inner")
        earlier = [m for m in _JOINT_FORCE.finditer(self.text, lo, s0)
                   if m.group().casefold().endswith(head.group().split()[-1].casefold())
                   and (inner is None or inner in m.group().casefold().split()[:-1])]
        return re.sub(r"^(?:The|A|An)[ ]", "", earlier[-1].group()) if earlier else None

    def _fired_at(self, c: Claim, before: str, s1: int, side: str) -> str:
        """Weapons the figure's own clause says were fired at someone ("Kaddor's General Command says
        64 rockets were fired at the port overnight"), whose side was read from the name before the
        figure (who counts them), are the enemy's of that name: a side counts the rockets fired at it,
        never its own. A firer written before the figure (``_LAUNCHER``) or in the counted phrase
        ("64 Ustran rockets") never comes here; nor do weapons a possessive owns ("its 40 drones") or a
        speaker that did the shooting down counts ("its forces downed 40 drones fired at the port":
        already the enemy's)."""
        if _FIRED_AT.match(self.text[c.span[1] : min(s1, c.span[1] + 80)]) is None:
            return side
        if re.search(r"\b(?:its|their|our)\b", before[-30:]) or self._agentive(c, before):
            return side
        return self._enemy_of(side)

    def _fighters_of(self, c: Claim, population: str | None, side: str | None) -> str | None:
        """Fighters are an armed group's: fighters nothing names the side of, counted by a state's body
        ("The army also said more than 12,000 terrorists had been eliminated", "the army's figure of
        2,900 dead separatists"), are the state's enemy, never the state's own. The enemy is taken only
        when it is an armed group the article names, or the state's unnamed enemy: the other of two
        states is no group's fighters, so the side is then left as read. Soldiers keep the side as read."""
        if population != "fighters" or side is None or side.startswith("enemy of "):
            return side
        if not self._state_speaker(c):
            return side
        key = fold(side)
        if key in _group_firsts(self.ctx) or key in _seq("group_nouns") or (side.isupper() and len(side) > 1):
            return side
        enemy = self._enemy_of(side)
        return enemy if enemy.startswith("enemy of ") or fold(enemy) in _group_firsts(self.ctx) else side

    def _member_kind(self, population: str | None, after: str, lead: str) -> str | None:
        """Members are of their body's kind: the members of a civil body (a union, a party, an association,
        a church: ``civil_member_bodies``) are civilians, never fighters keyed by the body's first word as a
        side ("the drivers' union says 14 of its members have been killed"), and those of a body named
        after "members ... of" ("24 members or candidates of opposition parties") are that body's own
        people ("members (opposition parties)"), a part of a toll its own words name; members of an armed
        body (a militia, an army, a group the article names as one) stay its fighters. For "its members"
        the body is the nearest one named before the figure in its sentence (``lead``), the one "its"
        stands for. Any other class, or members of a body of neither kind, stay as read."""
        own = _OWN_MEMBERS.match(after)
        if population not in ("fighters", "people") or own is None:
            return population
        groups = _group_firsts(self.ctx)
        named = _MEMBERS_OF.match(after, own.end() - len("members"), own.end() + 120)
        if named is not None:
            body = named.group("body")
            if any(fold(w) in groups for w in _WORD.findall(body)) or _head(body) not in _civil_bodies():
                return population
            # "12 were members or candidates of opposition parties": a civil body's people named by the
            # body, a population of its own (a part of a toll, as "including 9 engineers" is), one count
            # whichever report gives it
            words = [fold(w) for w in _WORD.findall(body)]
            return f"members ({' '.join(w for w in words if w not in ('the', 'a'))})"
        if population != "fighters" or _ITS_MEMBERS.match(after) is None:
            return population
        for word in reversed(_WORD.findall(lead)):
            key = _head(word)
            if key in _civil_bodies():
                return "civilians"
            if key in _armed_bodies() or key in groups:
                return population
        return population

    def _captive_side(self, phrase: str) -> str | None:
        """The side a captives' phrase names by its people's word ("Aldessans", "Morvanian"), not by a
        place's name ("held in Marn")."""
        phrase = _PEOPLE_PLURAL.sub(r"\1", phrase)  # "Aldessans": the people of the side "Aldessan"
        got = self._side(phrase) if phrase else None
        if got is None or fold(got) in self.ctx.parents or fold(got) in self.ctx.kinds:
            return None
        return got if _DEMONYM_WORD.search(phrase) else None

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
                ctx.kinds.get(low) in _sub_national_kinds() or any(low == d[1] for d in ctx.datelines)
            ):
                if low in self._body_owners():
                    return word  # "Talmerk's General Command": a state, whatever place was read for it
                # a city, or a province or region whose state the ledger does not know, stands for no
                # side: a side is a state or an armed group, and "212 soldiers died in Tarsk province"
                # are the forces of whoever sent them there, never the province's
                return None
            return ctx.name(top)
        if low in _state_titles():
            return None  # "The National Army said", "a unit of the Armed Forces": a title, no side
        if low in self._dateline_only() or (word.isupper() and low in self._dateline_words()):
            return None  # "TALMOR/VELGRAD (APS) -", "CARRAN (Meridian Wire) -": who filed it, from where
        if word.isupper() and len(word) > 1:
            return word if len(word) <= 6 else None  # an acronym (a group), not a shouted dateline
        if low in ctx.groups:
            return ctx.groups[low]  # "the Concord" of the Highland Concord: the group (by its first word)
        if possessive or low in _DEMONYMS or low in _group_firsts(ctx) or is_country(word):
            return word
        country = country_of(word)
        if country and ctx.mentions(country):
            return country  # a real town stands for its country (when the article names that country)
        if len(low) >= 5 and low.endswith(("an", "ian", "ese", "ish", "is", "i")):
            # a word shaped like a demonym, unless the article writes it as a person's first name
            # ("Col. Idris Vantamme": Idris is no side)
            return None if word in self._first_names() else word
        return None

    def _body_side(self, phrase: str, at: int) -> str | None:
        """The side of a state's body written unnamed in the counted phrase ("the 96 navy personnel
        killed", "212 army soldiers"): the side written before the same body's nearest earlier mention in
        the story ("The Valdran Navy held a memorial ...")."""
        body = _contains(phrase, _seq("state_bodies"))
        if body is None or body == "government" or not phrase.lstrip().casefold().startswith(body + " "):
            return None  # "the 212 the army's spokesman announced": the body is who gave it, not whose
        start = self._section()[0]
        lo = start if at >= start else 0
        low = self.text[lo:at].casefold()
        for m in reversed(list(re.finditer(rf"\b{re.escape(body)}\b", low))):
            got = self._side(self.text[max(lo, lo + m.start() - 40) : lo + m.start()])
            if got:
                return got
        return None

    def _body_owners(self) -> frozenset[str]:
        """The folded names the article writes as the owner of a state's body ("Talmerk's General
        Command", "Talmerk's army": ``state_bodies``, ``command_words``): each is a state, a side, though
        the places layer reads a district or a city of that name ("the Talmerk district administration")."""
        if self._owners is None:
            self._owners = frozenset(fold(m.group("w")) for m in _body_owner_re().finditer(self.text))
        return self._owners

    def _state_side(self) -> str | None:
        """The state of "government soldiers": the country the article is set in; when its dateline is a
        city the ledger cannot place, the side the section names most that is no armed group."""
        ctx = self.ctx
        reg = ctx.region()
        if reg is not None and (reg != ctx.dateline or ctx.ancestors(reg)):
            return ctx.name(ctx.top(reg))
        groups = _group_firsts(ctx)
        named = [n for n, _k in self.sides() if fold(n) not in groups]
        if named:
            return named[0]
        return ctx.name(reg) if reg else None

    def _modifier_side(self, phrase: str) -> str | None:
        """The name written right before the counted noun ("46 Kelmark soldiers", "Brask troops") is whose
        they are, read as its possessive ("Kelmark's soldiers") even when the ledger knows no such country:
        a known place still stands for its country (a city the ledger cannot place for none), a person's
        name, a body's word or a population word for none."""
        m = _MODIFIER.match(phrase)
        if m is None or not self._plain_name(m.group("w")):
            return None
        return self._accept_side(m.group("w"), True)

    def _plain_name(self, word: str) -> bool:
        """A capitalised word that may name a side: no organisation, role or population word, no
        person's name the article writes after a title."""
        words, _mil, event_nouns, _p, _m = _tables()
        low = word.casefold()
        return not (
            low in _org_words() or low in words or low in event_nouns or word in self._first_names()
        )

    def _loser(self, lead: str) -> str | None:
        """ "Brevonia has now lost 27 soldiers": a name the article writes as the one that lost them is
        a side even when nothing else marks it as one (a place's name, not a person's or a body's)."""
        m = _LOSER.search(lead)
        if m is None or fold(m.group("who")) in _org_words() or m.group("who") in self._first_names():
            return None
        return m.group("who")

    def _dateline_outlets(self) -> list[tuple[int, str]]:
        """(offset, text) of the bracket in each dateline ("DURROSK (Meridian Wire) -"): who filed it."""
        if self._outlets is None:
            self._outlets = [(m.start(1), m.group(1)) for m in _DATELINE_BRACKET.finditer(self.text)]
        return self._outlets

    def _dateline_words(self) -> frozenset[str]:
        """The folded words of every dateline up to its dash: the shouted city and the outlet's bracket."""
        if self._dl_words is None:
            words: set[str] = set()
            for m in _DATELINE_LINE.finditer(self.text):
                words.update(fold(w) for w in _WORD.findall(m.group()))
            self._dl_words = frozenset(words)
        return self._dl_words

    def _dateline_only(self) -> frozenset[str]:
        """The folded words the article writes only inside its datelines ("TALMOR/VELGRAD (APS) -",
        "CARRAN, Aug 10 (Meridian Wire) -"): the city a story is filed from and the outlet filing it
        are evidence of no side, so a word seen nowhere else in the article names none ("Meridian",
        shaped like a people's word, is a wire's name). A word the body writes too is judged as before."""
        if self._dl_only is None:
            spans = [(m.start(), m.end()) for m in _DATELINE_LINE.finditer(self.text)]
            outside = self.text
            for a, b in reversed(spans):
                outside = outside[:a] + " " + outside[b:]
            body = {fold(w) for w in _WORD.findall(outside)}
            self._dl_only = frozenset(w for w in self._dateline_words() if w not in body)
        return self._dl_only

    def _first_names(self) -> frozenset[str]:
        """The first names and surnames the article writes after a title ("Col. Idris Vantamme",
        "spokesman Anselm Kordt", "Brigadier Yael Corran"; later "Corran said"): a person, never a side."""
        if self._firsts is None:
            self._firsts = frozenset(
                w for m in _titled_person().finditer(self.text) for w in (m.group("first"), m.group("last"))
            )
        return self._firsts

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

    def sides(self) -> list[tuple[str, int]]:
        """The sides the current section names, most named first: (name, mentions), one per side key."""
        section = self._section()
        if self._sides is None or self._sides_for != section:
            self._sides_for = section
            counts: dict[str, int] = {}
            names: dict[str, str] = {}
            owners: dict[str, int] = {}
            outlets = [(a, a + len(o)) for a, o in self._dateline_outlets()]
            for m in _ONE_CAP.finditer(self.text, section[0], section[1]):
                w = m.group()
                if any(a <= m.start() < b for a, b in outlets):
                    continue  # "DURROSK, Aug 13 (Meridian Wire) -": the outlet, not a side
                possessive = self.text[m.end() : m.end() + 2] in ("'s", "’s")
                got = self._accept_side(w.removesuffix("'s").removesuffix("’s"), possessive)
                if got and got.casefold() not in _org_words():
                    k = side_key(got)
                    counts[k] = counts.get(k, 0) + 1
                    names.setdefault(k, got)
                elif (
                    w.endswith(("'s", "’s")) and _OWNED_NOUN.match(self.text, m.end())
                    and (got := self._accept_side(w[:-2], True)) and got.casefold() not in _org_words()
                ):
                    # "Ombrecia's interior ministry": the capitalised run took the "'s" with it; a name
                    # written only as an owner of a thing in lower case is a side the story names when
                    # it names no other ("the People's Defence Column" is a name, no owner)
                    owners[side_key(got)] = owners.get(side_key(got), 0) + 1
                    names.setdefault(side_key(got), got)
            if not counts:
                counts = owners
            opening = _OTHER_STORY.match(self.text, section[0])
            if opening and not counts:
                # "In Corvalla, the army said ...": a round-up paragraph naming no side is its place's
                got = opening.group("p")
                counts[side_key(got)], names[side_key(got)] = 1, got
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
            if fold(first) in _state_titles():
                continue  # "the Armed Forces", "the National Army": a state's force, never the group
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

        # who filed the story ("DARSA, 16 June (QSTV) -") and the shouted dateline ("PORT MAALIF") are
        # no side: an outlet or a city written in capitals stands for nobody's soldiers
        groups = groups | self._dateline_words()

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
        # in this story only: a round-up's other story ("In Marrin, the army said") has its own army
        lo = self._section()[0] if start >= self._section()[0] else 0
        for m in reversed(list(re.finditer(rf"\b{re.escape(head.casefold())}\b", text[lo:start].casefold()))):
            window = text[max(lo, lo + m.start() - 40) : lo + m.start()]
            found = ok(self._side(window))
            if found:
                return found
        # "its army": a pronoun writes the owner, read where the pronoun points (never the dateline)
        owned = re.match(r"(?i)(?:its|their|our|his|her)\b", name.strip()) is not None
        home = self._dateline_state() if state and not owned else None
        if home:
            # "TOLVESH, Kelvania (Wire) - ... the army said 212 soldiers had died in the province": an
            # army no name owns is the army of the state the story is filed from, when its dateline
            # writes that state, before the side the story names most (which may be the enemy)
            return home
        main = [n for n, _k in self.sides() if ok(n)]
        if main:
            return main[0]
        reg = self.ctx.region()
        return self.ctx.name(self.ctx.top(reg)) if reg else None

    def _dateline_state(self) -> str | None:
        """The state a dateline writes after its city ("TOLVESH, Kelvania (Wire) -"), or the state the
        ledger knows that place lies in; None when the dateline writes no place after its city, or one
        inside a state the ledger cannot name (a province, a region) or an armed group's name."""
        ctx = self.ctx
        if not ctx.dateline_region:
            return None
        top = ctx.top(fold(ctx.dateline_region))
        if ctx.kinds.get(top) in _sub_national_kinds() or top in _group_firsts(ctx):
            return None
        return ctx.name(top)

    def _agentive(self, c: Claim, before: str) -> bool:
        """The speaker (it, its forces, we) did the killing or destroying, so it counts the other side."""
        return _agentive_pattern().search(before[-80:]) is not None


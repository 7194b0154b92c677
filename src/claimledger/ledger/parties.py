"""Who says a figure: one party however the articles name it.

Decided at the ledger layer, from the extractor's attribution and the document's
text; the claim itself (``claims.source`` and its span) is never changed, only
which ``sources`` row it points at. Three steps:

1. *Which words name the speaker* (``DocumentParties.speaker``): the innermost
   link of the attribution chain ("The Tribune, citing the army's casualty
   office" is the casualty office's claim). Words that are no party are repaired
   to the noun phrase beside the cue ("Separately, the army said"; "…, where the
   ministry says"; "The announcement came two days after Veskara claimed") or
   dropped ("a report", "Nobody"). A figure counted by the article's own outlet
   is its own voice and gets no source.
2. *What the words name* (``parse``): an institution TYPE plus its PLACE ("the
   Ministry of Health in Ilvane", "Ilvane's health officials" and "medics in
   Ilvane" are one health ministry @ Ilvane; "Y-run" says who runs a body, not
   where it is), a named body ("Greyfield Casualty Monitor"), a person, who
   speaks for the organisation named beside them ("army spokesman X", "X,
   director of Y"), or a generic name ("the army", "the ministry", "the Front").
3. *Identity inside the document* (``DocumentParties.identity``): a generic name
   is the nearest earlier fuller compatible mention (the headline counts), else
   takes its place from the document (the claim's place for bodies that report
   on their own place, the dateline's country), else stays a party of this
   document alone, so two countries' armies never merge.

The same rules apply to every party; nothing here ranks or trusts one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..extract.vocab import alternation, lower_is_faithful
from ..model import Claim, Party, Span
from .party_rules import PartyRules, party_rules
from .source_names import PERSON_TITLES, SourceVocab, described_of, key_tokens, person_name, titled_surname

_SMALL = ("of", "for", "the", "and", "on")
#: words before a body's name that say which one, not where it is ("another governor": no place "Another")
_DETERMINERS = ("the", "a", "an", "another")
#: small words an acronym may skip: "International Monitoring Mission in Darvonia (IMMD)"
_ACRONYM_SMALL = (*_SMALL, "in")
_TOKEN = re.compile(r"[^\s,;:()\"“”]+")
_POSS = re.compile(r"^(.+?)(?:'s|’s|')$", re.I)
_CAP = re.compile(r"^[A-Z][\w'’.-]*$")
#: a person's name: two or three capitalised words
_NAME = r"[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){1,2}"
#: the rest of a body's name after its head: "Institute" + " for Security Studies",
#: "Centre" + " for Prisoners of War"
_NAME_TAIL = re.compile(
    r"(?:\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*){1,3}"
)
#: "... in Ilvane" right after an institution's name
_IN_PLACE = re.compile(r"\s+(?:in|of)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?")
#: up to three capitalised words right before a match ("Tamsenia's General" before "Staff")
_CAPS_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*[ \t]+){1,4})$")


def _strip(word: str) -> str:
    return word.strip(".,;:!?\"“”‘’()[]")


def _suffix(word: str) -> str:
    """What follows a word's last hyphen, case-folded ("mandated" of "UN-mandated")."""
    return word.rpartition("-")[2].casefold()


def _low(word: str) -> str:
    return _strip(word).casefold().replace("’", "'")


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a name denotes, before the document fills in what it leaves open.

    ``kind``: ``institution`` (``itype`` at ``place``; ``place`` None when the
    name gives none), ``named`` (a body with a name of its own, ``name``),
    ``generic`` (``head``: a noun that needs an antecedent), ``pronoun`` ("its
    spokesman": the nearest earlier organisation), ``person`` (only a person), or
    ``none`` (no party). ``person`` holds the name of a person speaking for it.
    """

    kind: str
    itype: str | None = None
    place: str | None = None
    name: str | None = None
    head: str | None = None
    person: str | None = None
    role: bool = False
    #: a person's body read only from a role after an institution ("the army's spokesman"): which state's
    #: institution, the document can only guess from its dateline, so a link the ledger holds wins
    guess: bool = False

    @property
    def complete(self) -> bool:
        """Whether the name alone fixes the party (no document context needed)."""
        return (self.kind == "institution" and self.place is not None) or self.kind == "named"


NONE = Parsed("none")


@dataclass(frozen=True, slots=True)
class Identity:
    """A party as the ledger keys it: ``key`` (a ``sources.key``) and how a new source is shown.

    ``person`` is set when a named person speaks for it (the link the ledger stores);
    ``exact`` is False for a party known only inside one document; ``weak`` when the person's
    body is only guessed from the text around them ("spokesman X" after the body spoke), so a
    link the ledger already holds wins, and the guess is stored as such (origin ``guess``)
    for a later, explicit link to replace.
    """

    key: str
    display: str
    person: str | None = None
    exact: bool = True
    weak: bool = False


class PartyParser:
    """Parses party names with the rules and the source vocabulary (demonyms)."""

    def __init__(self, vocab: SourceVocab, rules: PartyRules | None = None) -> None:
        self.vocab = vocab
        self.rules = rules or party_rules()
        self.type_words = frozenset(w for p, _ in self.rules.phrases for w in p) - {"of", "the"}
        self._cache: dict[str, Parsed] = {}
        self._places: dict[str, str] = {}
        self.listed_countries = frozenset(w for c in vocab.demonyms.values() for w in c.split())
        # the document scans, compiled once: institution phrases (with a trailing "in X"),
        # capitalised heads of named bodies, and people's names after any titles
        r = self.rules
        phrases = sorted({" ".join(p) for p, _ in r.phrases}, key=len, reverse=True)
        alt = alternation(phrases, False, lambda w: re.escape(w).replace(r"\ ", r"\s+"))
        self.inst_re = re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])")  # on lower-cased text
        self.inst_re_i = re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])", re.I)
        heads = sorted({h.title() for h in r.generic_heads}, key=len, reverse=True)
        self.head_re = re.compile(r"\b(?:" + alternation(heads, False) + r")\b")
        titles = alternation(sorted({t.title() for t in PERSON_TITLES}, key=len, reverse=True), False)
        roles = sorted(r.roles | {w + "s" for w in r.roles} | set(r.title_types), key=len, reverse=True)
        self.role_re = re.compile(r"(?<![\w-])(?:" + alternation(roles, True) + r")(?![\w-])", re.I)
        self.name_re = re.compile(r"(?:(?:" + titles + r")\.?\s+)*" + _NAME)
        # a body's own count before a figure ("the city council's latest count, 2,560") and a body
        # "that said" a figure ("an army that said on 3 May that fewer than 200")
        nouns = alternation(sorted(r.document_nouns, key=len, reverse=True), False)
        body = r"\b(?P<name>(?:[Tt]he|[Aa]n?)[ ](?:[\w-]+[ ]){0,3}?[\w-]+)"
        self.owned_count_re = re.compile(
            body + r"['’]s[ ](?:[a-z]+[ ]){0,2}?(?:" + nouns + r")\b,?"
        )
        self.body_that_said_re = re.compile(body + r"[ ](?:that|which|who)[ ](?:said|says|put|puts)\b")

    # ----- places
    def place_key(self, place: str) -> str:
        """'Veskaran' -> 'veskara', "Ilvane's" -> 'ilvane', 'Korrowen province' -> 'korrowen'."""
        got = self._places.get(place)
        if got is None:
            if len(self._places) > 50_000:
                self._places.clear()
            got = self._places[place] = self._place_key(place)
        return got

    def _place_key(self, place: str) -> str:
        out: list[str] = []
        for raw in place.split():
            w = _strip(raw)
            m = _POSS.match(w)
            if m:
                w = m.group(1)
            low = w.casefold()
            if low in self.rules.place_nouns or low in ("the", "of"):
                continue
            if low in self.vocab.demonyms:  # a listed country keeps its name: Niger is not Nigeria
                out.extend(self.vocab.demonyms[low].split())
                continue
            out.append(low if low in self.listed_countries else _stem_place(low))
        return " ".join(out)

    def is_place_word(self, word: str) -> bool:
        """A capitalised word that can name where a body is (not a type word, not a title)."""
        w = _strip(word)
        low = w.casefold()
        r = self.rules
        return bool(_CAP.match(w)) and low not in PERSON_TITLES and low not in r.generic_heads and (
            low not in ("the", "a", "an") and low not in r.descriptor_words and low not in self.type_words
            and low not in r.time_words
        )

    # ----- short names of bodies
    def short_name(self, parsed: Parsed) -> tuple[str | None, str] | None:
        """``(proper word or None, head)`` when a name is a body's short name, else None.

        "the monitors" and "Independent monitors" (a descriptor, no name) give ``(None, "monitors")``;
        "the Ostra commission" (one proper word, then the head in lower case) ``("ostra", "commission")``.
        Only heads that name no institution type ("the ministry", "the army" keep their own rules,
        so two countries' generic bodies never meet here) and no person's role."""
        r = self.rules
        if parsed.kind == "generic" and parsed.head:
            return (None, parsed.head) if self._short_head(parsed.head) else None
        if parsed.kind != "named" or not parsed.name or parsed.role:
            return None
        words = parsed.name.split()
        if len(words) == 1 and self._short_head(words[0].casefold()):
            return (None, words[0].casefold())
        if len(words) == 2 and words[1].islower() and self._short_head(words[1]):
            first = words[0].casefold()
            return (None if first in r.body_descriptors else first, words[1])
        return None

    def short_heads(self) -> tuple[str, ...]:
        """Every generic head that can be a body's short name (``short_name``), sorted."""
        return tuple(sorted(h for h in self.rules.generic_heads if self._short_head(h)))

    def _short_head(self, head: str) -> bool:
        r = self.rules
        forms = {head, _singular(head)}
        return bool(forms & r.generic_heads) and not forms & (
            self.type_words | r.any_body_heads | r.roles
        )

    def name_fits(self, first: str | None, head: str, name: str) -> bool:
        """Whether the full name ``name`` can be what a short name ``(first, head)`` stands for: it holds
        a word starting with the head (or a word of its kin: monitors are observers) and, when the short
        name has a proper word, starts with it; a name no longer than the short one fits nothing."""
        return self.words_fit(first, head, self.name_words(name))

    @staticmethod
    def name_words(name: str) -> tuple[str, ...]:
        """A full name's words as ``name_fits`` reads them: case-folded, leading articles dropped."""
        words = [w.casefold().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’]+", name)]
        return tuple(_drop_articles(words))

    def head_kin(self, head: str) -> frozenset[str]:
        """The word starts a full name must hold for the short name's ``head``: its stem and its kin
        ("monitors": monitor, observer), each at least four letters long."""
        stem = _singular(head)
        kin = {stem} | self.rules.head_kin.get(stem, frozenset()) | self.rules.head_kin.get(head, frozenset())
        return frozenset(k for k in kin if len(k) >= 4)

    def words_fit(self, first: str | None, head: str, words: tuple[str, ...]) -> bool:
        """``name_fits`` over a name already split by ``name_words``."""
        if len(words) < (3 if first else 2) or (first is not None and words[0] != first):
            return False
        kin = self.head_kin(head)
        return any(w.startswith(k) for w in words for k in kin)

    # ----- names
    def parse(self, name: str) -> Parsed:
        got = self._cache.get(name)
        if got is None:
            got = self._parse(name)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[name] = got
        return got

    def _parse(self, name: str) -> Parsed:
        r = self.rules
        words: list[str] = []
        for t in _TOKEN.findall(name.replace("’", "'")):
            w = _strip(t)
            exp = self.vocab.abbreviations.get(w.casefold()) if w and not _POSS.match(w) else None
            if exp:
                words.extend(exp.split())
            elif w:
                words.append(w)
        while words and not any(ch.isalnum() for ch in words[0]):
            words = words[1:]  # "- Kemarath's Ministry of Interior": a list's dash is no word of a name
        while len(words) > 1 and words[-1].casefold() in r.name_verbs:
            words.pop()  # "the Sarn monitors stands [at 1,200]": the verb that followed the name
        if words and words[0].casefold() in r.apposition_leads and len(words) > 1:
            # "formally the Sarn Civilian Monitoring Commission and known by …": the name it gives
            words = words[1:]
            cut = next((i for i in range(1, len(words) - 1) if words[i].casefold() in ("and", "or")
                        and words[i + 1][:1].islower()), None)
            words = words[:cut] if cut is not None else words
        if words and len(words) > 1 and (m := _POSS.match(words[-1])):
            words[-1] = m.group(1)  # "the Brennish army's [figure]": the owner is the party
        # "Another governor, in a province of Vandria, says": a determiner, never the body's place
        article = bool(words) and words[0].casefold() in _DETERMINERS
        while words and words[0].casefold() in _DETERMINERS:
            words = words[1:]
        if not words:
            return NONE
        low = [w.casefold() for w in words]
        joined = " ".join(low)
        if joined in r.non_party_words or (len(words) == 1 and low[0] in r.sentence_adverbs):
            return NONE
        if len(words) > 1 and low[0] in r.sentence_adverbs:
            return NONE
        if any(self.clausal(w, i) and not _inside_name(words, i) for i, w in enumerate(low)):
            return NONE
        pronoun = low[0] in ("its", "their", "his", "her", "our")
        if pronoun:
            words, low = words[1:], low[1:]
            if not words:
                return NONE
        person = person_name(" ".join(words))
        if person is not None and not self._may_be_person(person, words, article):
            person = None
        if person is None and len(words) > 2:
            # "council chair Lise Ambervale": a role word before a name makes it a person, as a title does
            tail = person_name(" ".join(words[-3:])) or person_name(" ".join(words[-2:]))
            before = words[: len(words) - len(tail)] if tail else []
            role_before = bool(before) and before[-1].casefold() in r.roles
            if tail and role_before and self._may_be_person(tail, words, article):
                person = tail
        surname = titled_surname(" ".join(words)) if person is None and not pronoun else None
        if surname is not None and self._may_be_person([surname], words, article):
            return Parsed("person", person=surname)  # "Maj Gen Koll": the document's Bastian Koll
        rest = words
        if person is not None:
            rest = words[: len(words) - len(person)]
            pname = " ".join(person)
            inst = self._institution(list(rest)) if rest and rest[-1].casefold() == "minister" else None
            if inst is not None:
                return replace(inst, person=pname)  # "Interior Minister Petra Anslo": the interior ministry
            # "<org> <role> <titles> <Name>": titles go, then one role word; the rest is the organisation
            titles: list[str] = []
            while rest and rest[-1].casefold().rstrip(".") in PERSON_TITLES | r.roles:
                titles.insert(0, rest[-1].casefold().rstrip("."))
                rest = rest[:-1]
                if titles[0] in r.roles and rest and rest[-1].casefold().rstrip(".") not in PERSON_TITLES:
                    break
            typed = [r.title_types[t] for t in titles if t in r.title_types]
            if titles and not typed and all(w.casefold() in r.descriptor_words for w in rest):
                # "Federal ombudsman Terez Holloway", "Regional director X": a title that only descriptors
                # qualify names no body; the person is the party, as "Ombudsman Terez Holloway" is
                return Parsed("person", person=pname)
            if typed and all(w.casefold() in r.descriptor_words for w in rest):
                return Parsed("institution", itype=typed[0], person=pname)  # "Regional governor X"
            if typed and all(self.is_place_word(w) for w in rest):
                place = self.place_key(" ".join(rest)) or None  # "Selmar governor X"
                return Parsed("institution", itype=typed[0], place=place, person=pname)
            if pronoun:
                return Parsed("pronoun", person=pname)
            if not rest:
                return Parsed("person", person=pname)
            if (m := _POSS.match(rest[-1])) is not None:
                rest = [*rest[:-1], m.group(1)]  # "the coalition's Rear Admiral X": the owner speaks
            org = self._org(rest)
            return NONE if org.kind == "none" else replace(org, person=pname)
        if pronoun:
            return Parsed("pronoun", role=True)
        return self._org(words)

    def clausal(self, low: str, at: int) -> bool:
        """A word that makes a name a clause: a clause or time word, or a verb in the past after the
        subject ("X dismissed the army's", "X called the figure"): no name of a body has one."""
        r = self.rules
        if low in r.clause_words or low in r.time_words:
            return True
        return (
            at > 0 and len(low) >= 5 and low.endswith("ed") and low.isalpha() and low not in self.type_words
            and low not in r.roles and low not in r.descriptor_words and low not in r.generic_heads
            and low not in r.runner_suffixes and low not in r.place_suffixes
        )

    def _may_be_person(self, person: list[str], words: list[str], article: bool) -> bool:
        """A run of capitalised words is a person's name only if no word names a body or a type,
        and a bare run (no title or role before it) has no article: "The Veskara Tribune" is no one."""
        r = self.rules
        for w in person:
            low = w.casefold()
            if low in r.generic_heads or low in self.type_words or low in r.document_nouns:
                return False
        titled = len(words) > len(person)
        return titled or not article

    def _org(self, words: Sequence[str]) -> Parsed:
        """An organisation's name (no person in it)."""
        r = self.rules
        if len(words) > 1 and "-" in words[0] and _suffix(words[0]) in r.runner_suffixes:
            # "the UN-mandated International Monitoring Office": who set it up, not its name; the
            # body keys as its own name (as one named behind a role does)
            inner = self._org(words[1:])
            return replace(inner, role=True) if inner.kind == "named" else inner
        low = [w.casefold() for w in words]
        # a document noun names no party; whoever owns it may: "an Orrery count", "a report by X"
        for i, w in enumerate(low):
            if w in r.document_nouns:
                before = [x for x in words[:i] if x.casefold() not in ("the", "a", "an")]
                if before and all(_CAP.match(x) for x in before):
                    return self._org(before)
                if not before:
                    after = [x.casefold() for x in words[i + 1 : i + 2]]
                    if after and after[0] in ("by", "from", "of") and i + 2 < len(words):
                        return self._org(_drop_articles(words[i + 2 :]))
                    return NONE
                break
        # "<role> of/for/at <org>": the director of Mercy Hospital, a spokesman for the ministry
        for i, w in enumerate(low[:-1]):
            if i > 0 and _CAP.match(words[i]) and _CAP.match(words[i - 1]) and low[i + 1] == "for":
                continue  # "the International Monitoring Office for Kelvany": one name, not a role "for" X
            if w in r.roles and low[i + 1] in ("of", "for", "at", "with") and i + 2 < len(words):
                where = _drop_articles(words[i + 2 :])
                owned = [k for k, x in enumerate(where[:-1]) if _POSS.match(x)]
                if w in r.title_types and owned and all(map(self.is_place_word, where[: owned[-1] + 1])):
                    # "the governor of Tarvel's Kolmar region": the region the owner's possessive names
                    where = where[owned[-1] + 1 :]
                if (
                    w in r.title_types
                    and low[i + 1] == "of"
                    and where
                    and all(self.is_place_word(x) or x.casefold() in r.place_nouns for x in where)
                    and any(self.is_place_word(x) for x in where)
                ):
                    # "the governor of Drava province" = "Drava's governor": a title of a place
                    place = self.place_key(" ".join(where))
                    return Parsed("institution", itype=r.title_types[w], place=place)
                inner = self._org(where)
                return replace(inner, role=True) if inner.kind != "none" else NONE
        if low and low[0] in ("one", "some", "two", "three") and len(low) > 2 and low[1] == "of":
            return self._org(_drop_articles(words[2:]))
        if (of := described_of(words, self.type_words)) and (inner := self._org(of[0])).kind == "named":
            return replace(inner, role=True, person=of[1])  # "the field mission of the Tolmar Compact"
        # possessive: "<owner>'s <rest>"
        for i, w in enumerate(words):
            m = _POSS.match(w)
            if m and i + 1 < len(words):
                owner = [*words[:i], m.group(1)]
                tail = list(words[i + 1 :])
                inst = self._institution(tail)
                whole = None if inst is not None else self._possessive_phrase(words, i)
                if whole is not None:
                    return whole  # "the Prosecutor-General's Office": the possessive is in the name
                if inst is not None:
                    owner_low = [o.casefold() for o in owner]
                    if all(o in r.place_nouns or o in ("the", "a", "an") for o in owner_low):
                        return inst
                    if all(o in r.state_owner_words or o in ("the", "a", "an") for o in owner_low):
                        return inst  # "the government's health authorities": the state's health ministry
                    if inst.place is None and all(self.is_place_word(o) for o in _drop_articles(owner)):
                        return replace(inst, place=self.place_key(" ".join(owner)))
                    owner_org = self._org(_drop_articles(owner))
                    return owner_org if owner_org.kind != "none" else inst
                if tail and all(t.casefold() in r.roles for t in tail):
                    inst = self._institution(_drop_articles(owner))
                    if inst is not None:
                        return replace(inst, role=True, guess=True)  # "the army's spokesman": a guess
                if w[-1] == "'" and _CAP.match(w) and tail and all(_CAP.match(t) for t in tail):
                    # "the Damaran Doctors' Union", "the Mothers' Committee": a plural possessive inside a
                    # run of capitalised words is a word of the body's own name, not an owner before it
                    return self._org([*words[:i], m.group(1), *tail])
                if tail and all(t.casefold() in r.generic_heads for t in tail) and not self._role_of_body(
                    owner, tail
                ):
                    return Parsed("generic", head=tail[-1].casefold())  # "Varnia's Ministry": which one?
                if (
                    tail and tail[-1].casefold() in r.generic_heads and not _CAP.match(tail[0])
                    and all(o.casefold() in r.place_nouns or o.casefold() in ("the", "a", "an")
                            for o in owner)
                ):
                    city = [t for t, i in r.institutions.items() if i.city]
                    bare_low = [o.casefold() for o in _drop_articles(owner)]
                    if len(city) == 1 and bare_low in (["city"], ["town"]):
                        # "the city's emergency council": the city's own body, placed as the city
                        # administration is (the dateline city, else the city the document names)
                        return Parsed("institution", itype=city[0])
                    return Parsed("generic", head=tail[-1].casefold())  # "the province's relief council"
                bare_owner = _drop_articles(owner)
                if (
                    tail and all(t.islower() for t in tail) and self._short_head(tail[-1].casefold())
                    and len(bare_owner) == 1 and self.is_place_word(bare_owner[0])
                    and bare_owner[0].casefold() not in r.place_nouns
                ):
                    # "Tavaru's refugee commission": the short name of Tavaru's commission the ledger names
                    # in full ("Tavaru's National Refugee Commission"), as "the Tavaru commission" is (an
                    # owner of one word, a place's name: "the Southern Littoral Compact's peacekeeping
                    # mission" is the Compact's body, read as before)
                    return Parsed("named", name=f"{' '.join(bare_owner)} {tail[-1].casefold()}")
                proper = all(_CAP.match(t) or t.casefold() in _SMALL for t in tail)
                if tail and _CAP.match(tail[0]) and proper:
                    # a proper name: "the city's Mercy Hospital"; "Kelmoria's Ministry of Social Policy"
                    bare = _drop_articles(owner)
                    if any(len(o) > 1 and o.isupper() for o in bare):
                        return self._org(tail)  # "the UN's International Displacement Office": who runs it
                    if bare and all(self.is_place_word(o) for o in bare) and not all(
                        o.casefold() in r.place_nouns for o in bare
                    ):
                        return self._org([*bare, *tail])
                    return self._org(tail)
                owner_org = self._org(_drop_articles(owner))
                if owner_org.kind == "none":
                    return NONE
                return replace(owner_org, role=True)
        inst = self._institution(list(words))
        if inst is not None:
            return inst
        words = _drop_articles(words)
        low = [w.casefold() for w in words]
        if not words:
            return NONE
        if low[-1] not in r.generic_heads and all(w in r.document_nouns or w in r.roles for w in low):
            return NONE
        # a trailing "in X" says where a named body is, not which one it is
        for i in range(len(low) - 1, 0, -1):
            if low[i] in ("in", "at") and all(_CAP.match(x) for x in words[i + 1 :]) and words[i + 1 :]:
                words, low = words[:i], low[:i]
                break
        while (
            len(words) > 1 and low[-1] in r.roles and low[-2] in r.generic_heads
            and low[-2] not in self.type_words
        ):
            # "the coalition spokesman": the coalition's voice ("the ministry spokesman" stays a spokesman:
            # which state's ministry, the person's own link says better than the nearest ministry named)
            words, low = words[:-1], low[:-1]
        if len(words) > 1 and _ACRONYM.match(words[0]) and all(w.islower() for w in words[1:]):
            # "IDO tracking", "IDO monitors at the border": an acronym is a whole name; the lower-case words
            # after it say who in the body counts, or how
            return Parsed("named", name=words[0], role=True)
        caps = [i for i, w in enumerate(words) if _CAP.match(w)]
        if (
            caps and caps[-1] < len(words) - 1 and low[-1] in r.roles and caps[0] == 0
            and all(w.islower() and w.isalpha() for w in words[caps[-1] + 1 :])
            and low[caps[-1] + 1] not in r.generic_heads and low[caps[-1] + 1] not in self.type_words
        ):
            # "IDO field teams", "Tolmar Relief Network staff": a body's own name, then lower-case words
            # for the people in it who count, is that body speaking
            return Parsed("named", name=" ".join(words[: caps[-1] + 1]), role=True)
        if (
            len(words) <= 2 and low[-1] in r.generic_heads
            and not any(_CAP.match(w) and w.casefold() not in r.generic_heads for w in words)
        ):
            return Parsed("generic", head=low[-1])
        if low[-1] in r.any_body_heads and all(
            self.is_place_word(w) for w in words[:-1]
        ):
            return Parsed("institution", itype="government", place=self.place_key(" ".join(words[:-1])))
        if not any(_CAP.match(w) for w in words):
            return NONE if all(w in r.roles or w in r.document_nouns for w in low) else Parsed(
                "generic", head=low[-1]
            )
        k = next(i for i, w in enumerate(words) if _CAP.match(w))
        if k > 0 and all(
            w.replace("-", "").isalpha() and w.islower() and w not in _SMALL for w in words[:k]
        ) and all(
            _CAP.match(w) or w.casefold() in _SMALL for w in words[k:]
        ):
            # "grid operator Darvgrid", "rights group Amber Line": a description, then the body's own name
            return Parsed("named", name=" ".join(words[k:]), role=True)
        return Parsed("named", name=" ".join(words))

    def _possessive_phrase(self, words: Sequence[str], at: int) -> Parsed | None:
        """The institution whose own phrase holds the possessive word ``words[at]`` ("prime minister's
        office", "governor's office"), read from the whole name so the words before the phrase still
        place it ("the Velmar governor's office", "the Tessaran prime minister's office": Tessara's
        government); None when no phrase runs through the possessive (then it names an owner)."""
        low = [w.casefold() for w in words]
        for phrase, itype in self.rules.phrases:
            n = len(phrase)
            for s in range(max(0, at - n + 1), min(at, len(low) - n) + 1):
                if s + n - 1 > at and tuple(low[s : s + n]) == phrase:
                    got = self._institution(list(words))
                    return got if got is not None and got.itype == itype else None
        return None

    def _role_of_body(self, owner: Sequence[str], tail: Sequence[str]) -> bool:
        """"The Coalition's spokesman": a role after a body that is no institution type speaks for that
        body. An institution's ("the army's spokesman", "the ministry's spokesman") keeps the older reading
        (the body that spoke last): which state's army, when two governments claim one country, the
        nearest body says better than the dateline."""
        if not all(t.casefold() in self.rules.roles for t in tail):
            return False
        bare = _drop_articles(owner)
        return bool(bare) and not any(w.casefold() in self.type_words for w in bare) and (
            self._org(bare).kind in ("named", "generic")
        )

    def _institution(self, words: list[str]) -> Parsed | None:
        """An institution type in ``words`` with the place its own words give (None: not one)."""
        r = self.rules
        place: str | None = None
        kept: list[str] = []
        for w in words:
            if "-" in w:
                stem, _, suffix = w.rpartition("-")
                if suffix.casefold() in r.runner_suffixes:
                    while kept and _CAP.match(kept[-1]):
                        kept.pop()  # "the Juniper Front-run health ministry": who runs it, not where
                    continue
                if suffix.casefold() in r.place_suffixes:
                    prev = [stem]
                    while kept and _CAP.match(kept[-1]):
                        prev.insert(0, kept.pop())
                    place = self.place_key(" ".join(prev))
                    continue
            kept.append(w)
        low = [w.casefold() for w in kept]
        found: tuple[int, int, str] | None = None
        for phrase, itype in r.phrases:
            n = len(phrase)
            for i in range(len(low) - n + 1):
                if tuple(low[i : i + n]) == phrase and (found is None or n > found[1] - found[0]):
                    found = (i, i + n, itype)
            if found is not None:
                break
        if found is None:
            return None
        i, j, itype = found
        pre, post = kept[:i], kept[j:]
        army = r.institutions[itype].party_type == "military"
        if army and any(_CAP.match(p) and p.casefold() in r.group_name_words for p in pre):
            return None  # "the Tamber Ridge Liberation Army": a group's own name, not a state's army there
        if place is None:
            pl = [p for p in pre if p.casefold() not in ("the", "a", "an")]
            if pl and pl[-1].casefold().rstrip("'s") in r.place_nouns:
                pl = []
            capped = [p for p in pl if self.is_place_word(p)]
            if capped and len(capped) == len([p for p in pl if _CAP.match(p)]):
                place = self.place_key(" ".join(capped))
        k = next((n for n, x in enumerate(post) if x.casefold() in ("in", "of", "for")), None)
        if place is None and k is not None and k + 1 < len(post):
            tail = [p for p in post[k + 1 :] if p.casefold() not in ("the",)]
            if tail and self.is_place_word(tail[0]):
                run = []
                for p in tail:
                    if not _CAP.match(p) and p.casefold() not in self.rules.place_nouns:
                        break
                    run.append(p)
                place = self.place_key(" ".join(run)) or None
        if place == "":
            place = None
        return Parsed("institution", itype=itype, place=place)


def _inside_name(words: Sequence[str], at: int) -> bool:
    """A capitalised word after a capitalised word is part of a name ("the Concord Integrated Mission"),
    never the past-tense verb of a clause ("X dismissed the army's")."""
    return at > 0 and bool(_CAP.match(words[at])) and bool(_CAP.match(words[at - 1]))


def _singular(word: str) -> str:
    """'monitors' -> 'monitor'; 'commission', 'press' stay."""
    low = word.casefold()
    return low[:-1] if low.endswith("s") and not low.endswith("ss") and len(low) > 3 else low


_PLACE_ENDINGS = ("ians", "ian", "ese", "ia", "ans", "an", "a", "e", "i")


def _stem_place(word: str) -> str:
    """One key for a place not in the demonym table and its adjective, by dropping one ending.

    Veskara/Veskaran -> veskar, Tamsenia/Tamsenian -> tamsen, Velsk/Velskian -> velsk,
    Ardenne/Ardennese -> ardenn; the people's plural as their adjective (Tamsenians -> tamsen,
    Velskans -> velsk: "Velsk insists … more Velskans dead" names Velsk twice, so it is a country).
    Keys only, never shown.
    """
    if len(word) > 4:
        for end in _PLACE_ENDINGS:
            if word.endswith(end) and len(word) - len(end) >= 4:
                return word[: -len(end)]
    return word


def _drop_articles(words: Sequence[str]) -> list[str]:
    out = list(words)
    while out and out[0].casefold() in ("the", "a", "an"):
        out = out[1:]
    return out


# ---------------------------------------------------------------- documents

#: "QADREL, Ilvane, Oct 3 (Outlet) -": the city, and the country when the dateline names it (never
#: the date: "SORVIK, March 27 (Outlet)" names no country)
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z'’. -]+?)(?:/[A-Z'’. -]+)?(?:,\s*([A-Z][A-Za-z'’ -]+?))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\(",
    re.M,
)
#: "the Interstate Migration Agency (ISMA)": a name and the acronym it defines
_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'’-]*\s+)(?:(?:of|for|the|and|on|in)\s+|[A-Z][\w'’-]*\s+){0,6}[A-Z][\w'’-]*)\s*\(([A-Z]{2,8})\)"
)
_ACRONYM = re.compile(r"^[A-Z]{2,8}$")
#: between a name and a generic apposition to it: "<Name> (ACR), the force"
_APPOSITION_GAP = re.compile(r"\s*(?:\([A-Z]{2,8}\))?\s*,\s*")
#: "<Name>, the army's spokesman," / "<Name>, director of the Greyfield Casualty Monitor"
_APPOSITION_AFTER = re.compile(r",[ \t]+([^,.;:\"“”\n]{3,90}?)(?=,|\s+(?:said|says|told)\b|\.)")
#: an inverted attribution's verb before the speaker's role ('"…," said the hospital's director, <Name>')
_SAID_BEFORE = re.compile(r"\s*(?:said|says|added|told\s+\w+)\s+(?=the\s|an?\s|its\s|their\s)", re.I)
#: where an apposition or a title phrase cannot reach across
_BREAK = re.compile(r"[,.;:!?\"“”\n()\[\]]|\s[-–—]+\s")
#: "In Ilvane, medics said", "In besieged Varosh, the city council said", "* In Ambaria, the ministry said": a
#: place put first in the clause
#: "<owner>'s <role>" ("The Council's spokesman", "the front's chief spokesman")
_OWNER_ROLE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?:[a-z]+\s+)?(?P<role>[a-z]+)$")
#: a place written after a preposition: "in Tessick", "the port of Tessick", "In Tessick, …"
_PLACE_AFTER = re.compile(
    r"(?:\b(?:in|of|over|at|near|outside|inside)|(?<![^\s])In)[ ]+([A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+)?)"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+|\n+")
_FRONTED_PLACE = re.compile(
    r"(?:^|[.!?]\s+|\n)(?:[*•–-]\s+)?In\s+(?:[a-z]+\s+){0,2}([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?),\s*$"
)


#: a run of capitalised words, small words allowed between them ("Office for the Return of Families")
_CAP_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|and|on|in)\s+)*[A-Z][\w'’-]*)+")


def _spelled_out(acr: str, text: str) -> str | None:
    """The first name ``text`` writes whose content words' initials spell ``acr`` ("JRO": "Joint Relief
    Office"), else None: a run of capitalised words, or its tail ("The Joint Relief Office")."""
    for m in _CAP_RUN.finditer(text):
        words = m.group().split()
        for i in range(len(words)):
            content = [w for w in words[i:] if w.casefold() not in _ACRONYM_SMALL]
            if words[i].casefold() in _ACRONYM_SMALL or len(content) != len(acr):
                continue
            if "".join(w[0] for w in content) == acr:
                return " ".join(words[i:])
    return None


def acronym_fits(acr: str, name: str) -> bool:
    """Whether ``acr`` can be read off ``name`` in order, starting each content word with its initial.

    "ISMA" fits "Interstate Migration Agency" (I-S from Interstate): every content
    word gives at least its initial, letters come in order; small words ("of",
    "the") may give their initial or nothing.
    """
    words = re.findall(r"[A-Za-z]+", name)
    a = acr.casefold()

    def go(ai: int, wi: int) -> bool:
        if wi == len(words):
            return ai == len(a)
        w = words[wi].casefold()
        if w in _ACRONYM_SMALL and go(ai, wi + 1):
            return True
        if ai >= len(a) or a[ai] != w[0]:
            return False
        ends = [ai + 1]  # the initial, then optionally more letters of this word in order
        k, pos = ai + 1, 1
        while k < len(a):
            found = w.find(a[k], pos)
            if found < 0:
                break
            k, pos = k + 1, found + 1
            ends.append(k)
        return any(go(e, wi + 1) for e in ends)

    return sum(w.casefold() not in _ACRONYM_SMALL for w in words) >= 2 and go(0, 0)


@dataclass(frozen=True, slots=True)
class Mention:
    """A party named in the document at ``pos`` (a claim's speaker or an antecedent found in the text)."""

    pos: int
    surface: str
    parsed: Parsed


class DocumentParties:
    """The parties of one document: speakers of its claims and what its generic names refer to."""

    def __init__(
        self, text: str, parser: PartyParser, *, outlet: str | None = None, doc_key: str = "",
        theatre: str | None = None, seats: Callable[[str], str | None] | None = None,
    ) -> None:
        self.text = text
        #: the country a city lies in, as the ledger knows it (``None`` when it does not)
        self.seats = seats
        self.p = parser
        self.rules = parser.rules
        outlet_all = [w.casefold() for w in re.findall(r"[\w'’-]+", outlet or "")]
        self.outlet_words = set(outlet_all) - {"the"}
        #: an outlet named "<body> Situation Bulletin" is the body's own publication: the body it names
        #: speaks there as itself, a party, not as an outlet's own voice
        self.own_publication = bool(outlet_all) and outlet_all[-1] in parser.rules.publication_nouns
        self.outlet = outlet or ""
        self.doc_key = doc_key
        self.country: str | None = None
        self.city: str | None = None
        self._countries: set[str] | None = None
        m = _DATELINE.search(text, 0, min(len(text), 600))
        if m:
            self.city = m.group(1).strip().title()
            if m.group(2):
                self.country = parser.place_key(m.group(2))
            else:
                # "BRELL (Morvask First Channel) -": an outlet named after a country files from home, so
                # the bare dateline city lies in that country (the seat of its national bodies)
                close = text.find(")", m.end(), m.end() + 80)
                self.country = self._outlet_country(text[m.end() : close]) if close > 0 else None
        #: the article's outermost place (dateline and known containment), when the caller knows it
        self.theatre = parser.place_key(theatre) if theatre else None
        self.mentions: list[Mention] = []
        self.person_links: dict[str, Mention] = {}
        self.acronyms: dict[str, str] = {}
        self.people_names: dict[str, int] = {}
        #: where this document's placeless bodies of a type are, once a claim's place said it
        self.type_places: dict[str, str] = {}
        self._bodies_scanned = False
        #: the party each mention of a body was first placed as (see ``identity``)
        self._placed: dict[tuple[int, str | None, str | None, str | None], Identity] = {}
        #: whether the body being placed is the one a named person speaks for (see ``identity``)
        self._via_person = False
        self._scan()

    def _outlet_country(self, outlet: str) -> str | None:
        """The one country an outlet's name holds, as the document writes it (its name and its adjective,
        or a listed demonym), else None."""
        found = {
            self.p.place_key(w) for w in re.findall(r"\b[A-Z][a-z]{3,}\b", outlet)
            if self.p.place_key(w) in self.countries
        }
        return found.pop() if len(found) == 1 else None

    @property
    def countries(self) -> set[str]:
        """Places the document also names by an adjective ("Veskaran" beside "Veskara"): countries."""
        if self._countries is None:
            forms: dict[str, set[str]] = {}
            for w in set(re.findall(r"\b[A-Z][a-z]{3,}\b", self.text)):
                key = self.p.place_key(w)
                if key:
                    forms.setdefault(key, set()).add(w.casefold())
            self._countries = {
                k for k, ws in forms.items()
                if len(ws) > 1 or any(w in self.p.vocab.demonyms for w in ws)
            }
        return self._countries

    def named_places(self) -> dict[str, set[str]]:
        """Every capitalised word of the text that can name a place, by place key, with its written forms
        (folded): the candidates a ledger lookup narrows to the places it knows."""
        forms: dict[str, set[str]] = {}
        for w in set(re.findall(r"\b[A-Z][a-z]{3,}\b", self.text)):
            if self.p.is_place_word(w) and (key := self.p.place_key(w)):
                forms.setdefault(key, set()).add(w.casefold())
        return forms

    @property
    def all_mentions(self) -> list[Mention]:
        """Every party the document names, in order; the text is scanned for bodies on first need."""
        if not self._bodies_scanned:
            self._bodies_scanned = True
            self._scan_bodies()
            self.mentions.sort(key=lambda x: x.pos)
        return self.mentions

    # ----- scanning the text for antecedents, person links and acronyms
    def _scan_bodies(self) -> None:
        """Institutions ("Tamsenia's General Staff") and named bodies ("Greyfield Casualty Monitor")."""
        text, p = self.text, self.p
        found = p.inst_re.finditer(text.lower()) if lower_is_faithful(text) else p.inst_re_i.finditer(text)
        for m in found:
            lead = _CAPS_BEFORE.search(text, max(0, m.start() - 80), m.start())
            pre = lead.group(1) if lead else ""
            where = _IN_PLACE.match(text, m.end())
            surface = (pre + text[m.start() : m.end()] + (where.group(0) if where else "")).strip()
            parsed = p.parse(surface)
            if parsed.kind == "institution":
                self.mentions.append(Mention(m.start() - len(pre), surface, parsed))
        taken = [(x.pos, x.pos + len(x.surface)) for x in self.mentions if x.parsed.kind == "institution"]
        for m in p.head_re.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            lead = _CAPS_BEFORE.search(text, max(0, m.start() - 120), m.start())
            if lead is None:
                continue
            tail = _NAME_TAIL.match(text, m.end())
            surface = (lead.group(1) + m.group(0) + (tail.group(0) if tail else "")).strip()
            parsed = p.parse(surface)
            if parsed.kind == "named":
                self.mentions.append(Mention(m.start() - len(lead.group(1)), surface, parsed))

    def _scan(self) -> None:
        """Acronyms the text defines and the people it links to a body (the ledger keeps both)."""
        text = self.text
        for m in _ACRONYM_DEF.finditer(text):
            full, acr = m.group(1).strip(), m.group(2)
            parsed = self.p.parse(full)
            if parsed.kind in ("named", "institution") and acronym_fits(acr, full):
                # the name as the party model reads it ("in Darvonia" says where, not which)
                self.acronyms[acr] = parsed.name if parsed.kind == "named" and parsed.name else full
                self.mentions.append(Mention(m.start(1), full, parsed))
        self._scan_people()
        self.mentions.sort(key=lambda x: x.pos)

    def _scan_people(self) -> None:
        text = self.text
        for m in self.p.name_re.finditer(text):
            person = person_name(m.group(0))
            if person is None:
                continue
            pkey = " ".join(person)
            self.people_names.setdefault(pkey, m.start())
            prev = text[max(0, m.start() - 100) : m.start()]
            phrases: list[tuple[str, int]] = []
            if text.startswith(",", m.end()):  # "<Name>, the army's spokesman, said"
                after = _APPOSITION_AFTER.match(text, m.end(), m.end() + 120)
                if after:
                    phrases.append((after.group(1), after.start(1)))
            if prev.rstrip(" \t").endswith(","):  # "the monitor's director, <Name>"
                seg = _BREAK.split(prev.rstrip(" \t")[:-1])[-1]
                said = _SAID_BEFORE.match(seg)  # '"…," said the hospital's director, <Name>': the verb goes
                seg = seg[said.end() :] if said else seg
                if 3 <= len(seg.strip()) <= 90:
                    phrases.append((seg, m.start() - len(prev) + prev.rindex(seg)))
            for phrase, at in phrases:
                if self.p.role_re.search(phrase):
                    parsed = self.p.parse(phrase)
                    owned = _OWNER_ROLE.match(phrase.strip())
                    if parsed.kind == "generic" and owned and self.p.role_re.fullmatch(owned.group("role")):
                        # "The Council's spokesman, <Name>": an owner named (a capitalised short name, a
                        # body's own name) is the body, the role says who in it; "the ministry's spokesman"
                        # stays a guess
                        owner = self.p.parse(owned.group("owner"))
                        if owner.kind in ("institution", "named") or (
                            owner.kind == "generic" and owned.group("owner").split()[-1][:1].isupper()
                        ):
                            parsed = owner
                        elif parsed.head == owned.group("role").casefold() and self._named_head(owner, at):
                            # "the Naval General Command said … the command's spokesman, Captain X": the
                            # body named earlier by a capitalised name holding that head, as a guess
                            parsed = replace(owner, guess=True)
                    if parsed.kind in ("institution", "named", "generic", "pronoun"):
                        self._link(pkey, Mention(at, phrase.strip(), parsed))
                        break
            else:
                # "General Staff spokesman Maj Gen X": the body right before the role, in the same phrase
                words = _BREAK.split(prev)[-1].split()[-5:]
                parsed = NONE
                if words and self.p.role_re.fullmatch(words[-1]):
                    cut = " ".join(words)
                    parsed = self.p.parse(cut + " " + m.group(0))
                    if parsed.kind in ("institution", "named", "generic", "pronoun") and parsed.person:
                        org = Mention(m.start() - len(cut) - 1, cut, replace(parsed, person=None))
                        self._link(pkey, org)
                        continue
                spoke = words[-1:] if words else []
                first = m.group(0).split()[0].casefold()
                heads = self.rules.any_body_heads
                if first in heads or (spoke and spoke[0].casefold() in heads):
                    # "spokesman X said", no body named: the body that spoke last (a guess, kept weak)
                    self._link(pkey, Mention(m.start(), "", Parsed("pronoun", role=True)))

    def _named_head(self, owner: Parsed, at: int) -> bool:
        """Whether a lower-case generic owner's head ("the command's spokesman") is a word of a capitalised
        name the text writes before ``at`` ("the Naval General Command"): then the role's owner is that
        body, not whichever body spoke last."""
        head = owner.head if owner.kind == "generic" else None
        if not head:
            return False
        return re.search(rf"\b{re.escape(head.capitalize())}\b", self.text[:at]) is not None

    def _link(self, pkey: str, org: Mention) -> None:
        if pkey not in self.person_links:
            self.person_links[pkey] = org

    # ----- speakers
    def add_speakers(self, claims: Iterable[Claim]) -> list[Mention | None]:
        """Each claim's speaker, also kept as a mention that later generic names can refer to."""
        out = [self.speaker(c) for c in claims]
        seen = {(m.pos, m.surface) for m in self.mentions}
        for m in out:
            if m is not None and (m.pos, m.surface) not in seen:
                seen.add((m.pos, m.surface))
                self.mentions.append(m)
        self.mentions.sort(key=lambda x: x.pos)
        return out

    def speaker(self, claim: Claim) -> Mention | None:
        """The party a claim is attributed to (None: its own voice or no party at all)."""
        own = self._sentence_speaker(claim)
        if own is not None:
            return own
        links: list[Party] = list(claim.reported_by)
        if claim.source and claim.source_span and (not links or links[0].span != claim.source_span):
            links.insert(0, Party(claim.source, claim.source_span, claim.cue, claim.cue_span))
        own_outlet = False
        for link in reversed(links):  # innermost first: "X, citing Y" is Y's claim
            got = self._repair(link)
            if got is None or self._own_outlet(got):
                own_outlet = own_outlet or got is not None
                continue  # no party, or the article's own outlet: look outward
            return got
        # "the Watch found" in the Watch's own report: the outlet that is a body speaks as that body
        return self.publisher() if own_outlet and not self.own_publication else None

    def _sentence_speaker(self, claim: Claim) -> Mention | None:
        """A figure carried over from an earlier sentence's speaker whose own sentence names another body
        speaking right before it ("The ministry said 4,130 … In Tessick, the city council's latest
        count, 2,560, is dismissed by an army that said fewer than 200"): that body is the speaker, the
        council's possessive count or the body "that said" it. Only a speaker from an earlier sentence
        gives way, and only to a name led by an article that reads as a party."""
        src = claim.source_span
        if src is None or src[1] > claim.sentence_span[0]:
            return None
        lo, hi = claim.sentence_span[0], claim.span[0]
        found = None
        for m in self.p.owned_count_re.finditer(self.text, lo, hi):
            if not self.text[m.end() : hi].strip(" ,"):  # nothing between the count noun and the figure
                found = m
        for m in self.p.body_that_said_re.finditer(self.text, lo, hi):
            gap = self.text[m.end() : hi]
            later = found is None or m.start() > found.start()
            if len(gap) <= 40 and not re.search(r"[,;:]", gap) and later:
                found = m
        if found is None:
            return None
        parsed = self.p.parse(found.group("name"))
        if parsed.kind in ("none", "pronoun"):
            return None
        return Mention(found.start("name"), found.group("name"), parsed)

    def _repair(self, link: Party) -> Mention | None:
        text = self.text
        start, end = link.span
        cue = link.cue_span
        if cue is not None and 0 <= cue[0] - end <= 80:
            gap = text[end : cue[0]]
            m = re.fullmatch(
                r"\s*,\s*(?:(?:where|as|while|and|but|when)\s+)?((?:the|a|an|its|their)\s+[^,.;:]+?|[A-Z][^,.;:]*?)\s*,?\s*",
                gap,
            )
            if m:
                parsed = self.p.parse(m.group(1))
                if parsed.kind != "none":
                    return Mention(end + m.start(1), m.group(1), parsed)
        name = link.name
        parsed = self.p.parse(name)
        if parsed.kind == "none":
            # a clause ("The announcement came two days after Veskara"): its last noun phrase speaks
            words = list(re.finditer(r"[\w'’-]+", name))
            for i in range(len(words) - 1, -1, -1):
                w = words[i].group(0).casefold()
                if self.p.clausal(w, i):
                    tail = name[words[i].end() :].strip(" ,")
                    if (tail and tail[0].isupper()) or tail.casefold().startswith(("the ", "a ")):
                        sub = self.p.parse(tail)
                        if sub.kind != "none":
                            return Mention(start + words[i].end(), tail, sub)
                    break
            return None
        # "The Ministry of Health in Ilvane said": the place the extractor left outside the name
        m2 = re.match(r"\s+in\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)", text[end : end + 60])
        if m2 is None:  # "In Ilvane, medics said": a place put first in the clause
            m2 = _FRONTED_PLACE.search(text[max(0, start - 60) : start])
        if m2 and parsed.kind == "institution" and parsed.place is None:
            parsed = replace(parsed, place=self.p.place_key(m2.group(1)) or None)
        return Mention(start, name, parsed)

    def publisher(self) -> Mention | None:
        """The body whose own publication the outlet is ("COHC Humanitarian Snapshot": COHC, "Harrowgate
        Register Bulletin": the Harrowgate Register), else None. A figure such a publication gives in its own
        voice is that body's statement, as a ministry's own bulletin is the ministry's word: its acronym
        when the outlet's name starts with one, else the words before the publication noun.

        The body must be named in the text: the acronym, or a name whose initials spell it ("JRO Situation
        Bulletin" over "the Joint Relief Office has verified"); else the longest run of the name's first
        words the text writes ("Vessmoor Aid Office Situation Bulletin": "the Vessmoor Aid Office"). An outlet
        whose own name is a body's ("Quorrel Casualty Watch", "Observer Team in Pembry") publishing a
        text that names it is that body itself (``_body_outlet``)."""
        if not self.own_publication:
            return self._body_outlet()
        words = re.findall(r"[\w'’-]+", self.outlet)[:-1]
        if not words:
            return None
        name = words[0] if _ACRONYM.match(words[0]) else " ".join(words)
        if " " not in name and not _ACRONYM.match(name):
            return None  # "Corran Bulletin": a newspaper named after a place, no body's publication
        close = self.text.find(")", 0, 600) + 1  # the body is named in the text, not only in the dateline
        body = self.text[close:]
        if _ACRONYM.match(name):
            if not re.search(rf"\b{re.escape(name)}\b", body):
                spelled = _spelled_out(name, body)
                if spelled is None:
                    return None
                name = spelled
        else:
            found = next(
                (" ".join(words[:n]) for n in range(len(words), 1, -1)
                 if re.search(rf"\b{re.escape(' '.join(words[:n]))}\b", body)),
                None,
            )
            if found is None:
                return None
            name = found
        parsed = self.p.parse(name)
        return Mention(0, name, parsed) if parsed.kind in ("named", "institution") else None

    def _body_outlet(self) -> Mention | None:
        """The outlet itself when its name is a body's that publishes its own counts ("Quorrel Casualty
        Watch", "Observer Team in Pembry": a head word of ``report_body_heads``) and the text names it
        outside a dateline; else None. A news outlet's name is not ("Pembry Press Agency", "The Ferrow
        Candle")."""
        parsed = self.p.parse(self.outlet)
        name = parsed.name
        heads = self.rules.report_body_heads
        if parsed.kind != "named" or not name or name.split()[-1].casefold() not in heads:
            return None
        close = self.text.find(")", 0, 600) + 1
        if not re.search(rf"\b{re.escape(name)}\b", self.text[close:]):
            return None
        return Mention(0, name, parsed)

    def fronted_place(self, m: Mention) -> str | None:
        """The place key a clause puts before its speaker ("In Ambaria, the ministry said"), else None."""
        got = _FRONTED_PLACE.search(self.text[max(0, m.pos - 60) : m.pos])
        return (self.p.place_key(got.group(1)) or None) if got else None

    def head_types(self, head: str) -> list[str]:
        """The party types whose phrases hold ``head`` ("ministry": every ministry type)."""
        return sorted({
            self.rules.institutions[t].party_type for phrase, t in self.rules.phrases if head in phrase
        })

    def _own_outlet(self, m: Mention) -> bool:
        """A body named only by words of the article's own outlet ("an Orrery count") is its own voice."""
        name = m.parsed.name or m.parsed.person
        if m.parsed.kind not in ("named", "person") or not self.outlet_words or not name:
            return False
        if self.own_publication:
            return False
        words = re.findall(r"[\w'’-]+", name)
        heads = self.rules.generic_heads
        if any(_singular(w) in heads or w in heads for w in words if w.islower()):
            return False  # "the Ostra monitors" in the Ostra Valley Courier: a body sharing a word with it
        caps = {w.casefold() for w in words if w[:1].isupper()}
        return bool(caps) and caps <= self.outlet_words

    # ----- identity
    def identity(
        self, m: Mention, claim_place: str | None = None, depth: int = 0, claim_subject: str | None = None
    ) -> Identity | None:
        """The party a speaker names, with what its document says filled in.

        A named person speaks for one body: once a mention of an institution or a generic name has been
        placed (for the first claim that reaches it), a person linked to it ("Dr X said", "Ministry
        spokesman X said") speaks for that same party on every later claim, whatever place the later claim
        counts ("the Ministry of Health said twelve … Ministry spokesman X said 4,130 in <country> … 950
        in <city>, Dr X said": one ministry, not one per place counted). A body's own later name is read
        anew (a story's "the government's health ministry" may count for another seat), and so is a
        round-up's section about another country.
        """
        # where the name ends ("the Ministry of X" = "Ministry of X"), what it was read as, and the
        # section's theatre: a round-up's later section about another country places it anew
        at = (m.pos + len(m.surface.rstrip()), m.parsed.itype, m.parsed.place, self.theatre)
        if self._via_person and m.parsed.kind in ("institution", "generic") and at in self._placed:
            return replace(self._placed[at], person=m.parsed.person)
        got = self._identity(m, claim_place, depth, claim_subject)
        if got is not None and got.exact and m.parsed.kind in ("institution", "generic"):
            self._placed.setdefault(at, got)
        return got

    def _identity(
        self, m: Mention, claim_place: str | None = None, depth: int = 0, claim_subject: str | None = None
    ) -> Identity | None:
        p = m.parsed
        person = p.person
        if p.kind == "person" and person:
            person = self.full_name(person)
            link = self.person_links.get(person)
            if link is not None and depth < 3:
                outer, self._via_person = self._via_person, True
                try:
                    got = self.identity(link, claim_place, depth + 1)
                finally:
                    self._via_person = outer
                weak = (link.parsed.kind == "pronoun" and not link.surface) or link.parsed.guess
                return replace(got, person=person, weak=weak) if got else None
            return Identity(" ".join(sorted(w.casefold() for w in person.split())), person, person=None)
        if p.kind == "pronoun":
            ante = self._nearest(m.pos, lambda c: c.parsed.complete)
            if ante is None:
                return None
            got = self.identity(ante, claim_place, depth + 1)
            return replace(got, person=person) if got else None
        if p.kind == "named" and p.name and " " not in p.name and self.p.place_key(p.name) in self.countries:
            # a country named alone: its armed forces when the claim counts fighting, else its government
            words = {w.casefold() for w in re.findall(r"[\w'-]+", claim_subject or "")}
            state = "military" if words & self.rules.state_military_subjects else "government"
            p = Parsed("institution", itype=state, place=self.p.place_key(p.name), person=person)
        if p.kind == "named" and p.name and " " not in p.name and self.full_name(p.name) != p.name:
            as_person = Mention(m.pos, m.surface, Parsed("person", person=p.name))
            return self.identity(as_person, claim_place, depth + 1)
        brief = self.p.short_name(p) if p.kind == "named" and p.name else None
        if brief is not None and brief[0] is not None and p.name and depth < 3:
            # "the Velk commission": a body named by the person who chairs it, linked in the document
            chair = self.full_name(p.name.split()[0])
            link = self.person_links.get(chair) if chair != p.name.split()[0] else None
            if link is not None and self.p.name_fits(None, brief[1], link.parsed.name or link.surface):
                got = self.identity(link, claim_place, depth + 1)
                if got is not None:
                    return replace(got, person=person)
        if p.kind == "named" and p.name:
            full = self._expand_named(p.name, m.pos)
            key = " ".join(key_tokens(full, self.p.vocab)) or full.casefold()
            return Identity(key, full, person=person)
        itype = p.itype
        if p.kind == "generic":
            ante = self._antecedent(m, p)
            if ante is not None and depth < 3:
                outer, self._via_person = self._via_person, self._via_person or person is not None
                try:
                    got = self.identity(ante, claim_place, depth + 1)
                finally:
                    self._via_person = outer
                return replace(got, person=person) if got else None
            itype = self._type_of_head(p.head or "")
            if itype is None:
                return self._local(p.head or "party", m.surface, person)
        assert itype is not None
        place = p.place
        if place is None:
            ante = self._nearest(m.pos, lambda c: c.parsed.kind == "institution" and c.parsed.itype == itype
                                 and c.parsed.place is not None)
            if ante is None:
                heads = _surface_words(m.surface)
                ante = self._only(lambda c: c.parsed.kind == "institution" and c.parsed.itype == itype
                                  and c.parsed.place is not None and bool(heads & _surface_words(c.surface)))
            if ante is not None:
                place = ante.parsed.place
        inst = self.rules.institutions[itype]
        if place is None and inst.local and claim_place:
            place = self.p.place_key(claim_place) or None
            if place:
                self.type_places.setdefault(itype, place)
        if place is None:
            place = self.type_places.get(itype)
        if place is None and not inst.subnational:
            place = self.country or self.theatre or None
        if place is None and inst.city:
            place = self._city_before(m.pos)  # "the besieged port of Tessick … Mayor X said": Tessick's
        if place is None and inst.city and self.city:
            place = self.p.place_key(self.city)  # "VAROSH, Aldessa - The city council said": Varosh's
        if place is None:
            return self._local(itype, m.surface, person)
        if inst.national and self.country and self.city and place == self.p.place_key(self.city):
            place = self.country  # "SORVIK, Brennhal - health officials in Sorvik": Brennhal's ministry
        elif (
            inst.national and self.country is None and self.city and self.theatre
            and place == self.p.place_key(self.city) and self.theatre != place
        ):
            # "VANTRY - the Health Ministry in Vantry": the ledger knows Vantry lies in Serevia (the
            # article's theatre), so the national body seated there is Serevia's
            place = self.theatre
        elif inst.national and self.seats is not None and (seat := self._seat(place, m.surface, claim_place)):
            # "the Health Ministry in Vantry" in a story filed anywhere, once the ledger knows that
            # Vantry lies in Serevia: Serevia's ministry
            place = self.p.place_key(seat)
        shown = " ".join(w.capitalize() for w in place.split())
        label = self.rules.institutions[inst.party_type].label
        return Identity(f"{place} @{inst.party_type}", f"{shown} {label}", person=person)

    def _city_before(self, pos: int) -> str | None:
        """The place key of the last place written after a preposition ("in Tessick", "the port of Tessick",
        "the smoke over Tessick") in the speaker's sentence before them or in the sentence before it, that is
        no country the document names, else None: a city's head named with no city ("Mayor X said 31 people
        had been killed in the city") is the mayor of the city the story has just named, which need not be
        the dateline's (a story filed from the capital about a besieged port)."""
        text = self.text
        ends = [e.end() for e in _SENTENCE_END.finditer(text, 0, pos)]
        lo = ends[-2] if len(ends) > 1 else 0
        found = None
        for got in _PLACE_AFTER.finditer(text, lo, pos):
            name = re.split(r"['’]", got.group(1))[0]  # "of Tessick's Quay Market": Tessick
            first = name.split()[0]
            key = self.p.place_key(name)
            if not key or not self.p.is_place_word(first) or key in self.countries:
                continue
            if first.casefold() in self.p.vocab.demonyms or first.casefold() in self.outlet_words:
                continue
            found = key
        return found

    def _seat(self, place: str, surface: str, claim_place: str | None) -> str | None:
        """The country the ledger places the city ``place`` (a place key) in, asked by the city's name as
        written in the speaker's name ("the Health Ministry in Vantry") or in the claim."""
        assert self.seats is not None
        written = [claim_place] if claim_place else []
        written += re.findall(r"\b(?:in|at)[ ]([A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*)?)", surface)
        for name in written:
            if name and self.p.place_key(name) == place:
                got = self.seats(" ".join(name.casefold().replace("’", "'").split()))
                if got:
                    return got
        return None

    def _local(self, what: str, surface: str, person: str | None) -> Identity:
        shown = f"{surface.strip()} (document {self.doc_key})"
        return Identity(f"{self.doc_key} @{what}", shown, person, exact=False)

    def _type_of_head(self, head: str) -> str | None:
        for phrase, itype in self.rules.phrases:
            if phrase == (head,):
                return itype
        return None

    def _nearest(self, pos: int, ok: object) -> Mention | None:
        best = None
        for c in self.all_mentions:
            if c.pos >= pos:
                break
            if ok(c):  # type: ignore[operator]
                best = c
        return best

    def _only(self, ok: object) -> Mention | None:
        found = {self._sig(c): c for c in self.all_mentions if c.parsed.complete and ok(c)}  # type: ignore[operator]
        return next(iter(found.values())) if len(found) == 1 else None

    @staticmethod
    def _sig(c: Mention) -> tuple[str | None, ...]:
        return (c.parsed.kind, c.parsed.itype, c.parsed.place, (c.parsed.name or "").casefold())

    def _antecedent(self, m: Mention, p: Parsed) -> Mention | None:
        """The fuller mention a generic name stands for: nearest earlier, else the only one."""
        head = p.head or ""
        htype = self._type_of_head(head)
        bare = len(_drop_articles(m.surface.split())) == 1
        short = self.p.short_name(p) is not None

        def ok(c: Mention) -> bool:
            cp = c.parsed
            if bare and head in self.rules.any_body_heads:  # "the officials": of whichever body spoke last
                return cp.complete
            if not cp.complete:
                # "the ministry" <- "the ministry of health": the type, not yet the place
                return cp.kind == "institution" and cp.place is None and head in _surface_words(c.surface)
            if htype is not None and cp.kind == "institution" and cp.itype == htype:
                return True
            if cp.kind == "named" and cp.name and short and self.p.name_fits(None, head, cp.name):
                return True  # "the monitors" <- "the Ostra Human Rights Monitoring Commission"
            return head in _surface_words(c.surface) or head.rstrip("s") in _surface_words(c.surface)

        return self._apposed(m) or self._nearest(m.pos, ok) or self._only(ok)

    def _apposed(self, m: Mention) -> Mention | None:
        """The named body a generic name stands in apposition to ("the Concord Integrated Mission (CIMS),
        the multinational peacekeeping force, says"): an apposition renames the party, whatever its head."""
        if not self.text[m.pos + len(m.surface) : m.pos + len(m.surface) + 2].lstrip().startswith(","):
            return None  # an apposition is closed by a comma: "<Name>, the force, says"
        found = None
        for c in self.all_mentions:
            if c.pos >= m.pos:
                break
            end = c.pos + len(c.surface)
            if c.parsed.complete and end <= m.pos and _APPOSITION_GAP.fullmatch(self.text, end, m.pos):
                found = c
        return found

    def full_name(self, person: str) -> str:
        """A surname as the one full name in the document that ends with it ("Casvane" -> "Aurel Casvane")."""
        words = person.split()
        if len(words) != 1:
            return person
        cands = [k for k in self.people_names if len(k.split()) > 1 and k.split()[-1] == words[0]]
        return cands[0] if len(cands) == 1 else person

    def _expand_named(self, name: str, pos: int) -> str:
        """An acronym or a shortened name as the fuller name the document gives it."""
        if name in self.acronyms:
            return self.acronyms[name]
        if _ACRONYM.match(name):
            fits = {c.parsed.name for c in self.all_mentions if c.parsed.kind == "named" and c.parsed.name
                    and c.parsed.name != name and acronym_fits(name, c.parsed.name)}
            if len(fits) == 1:
                return fits.pop() or name
        short = self.p.short_name(Parsed("named", name=name))
        if short is not None:
            fits = {c.parsed.name for c in self.all_mentions if c.parsed.kind == "named" and c.parsed.name
                    and self.p.short_name(c.parsed) is None and self.p.name_fits(*short, c.parsed.name)}
            if len(fits) == 1:
                return fits.pop() or name  # "the Ostra commission" <- "the Ostra Human Rights ... Commission"
        words = name.split()
        if len(words) == 1:
            longer = {c.parsed.name for c in self.all_mentions if c.parsed.kind == "named" and c.parsed.name
                      and len(c.parsed.name.split()) > 1 and words[0].casefold() in (
                          c.parsed.name.split()[0].casefold(), c.parsed.name.split()[-1].casefold())}
            if len(longer) == 1:
                return longer.pop() or name
        return name

    def people(self) -> Iterable[tuple[str, Mention]]:
        """Person -> organisation links the document states (for the ledger to remember)."""
        return self.person_links.items()


@lru_cache(maxsize=65536)
def _surface_words(surface: str) -> frozenset[str]:
    low = [_low(w) for w in surface.split()]
    return frozenset(low) | frozenset(w.removesuffix("'s") for w in low)


def own_span(m: Mention) -> Span:
    return (m.pos, m.pos + len(m.surface))

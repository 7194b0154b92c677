"""What one party name denotes, read from its words alone (``PartyParser.parse``).

A name is an institution TYPE plus its PLACE ("the Ministry of Health in Ilvane",
"Ilvane's health officials" and "medics in Ilvane" are one health ministry @ Ilvane;
"Y-run" says who runs a body, not where it is), a named body ("Greyfield Casualty
Monitor"), a person, who speaks for the organisation named beside them ("army
spokesman X", "X, director of Y"), or a generic name ("the army", "the ministry",
"the Front"). Kept apart from the document reader (``document_parties``) because a
name alone needs no document: the same words always parse the same way (memoised),
and ``sources.source_key`` keys a name with no document at all.

The same rules apply to every party; nothing here ranks or trusts one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..extract.vocab import alternation
from .acronyms import is_acronym
from .party_rules import PartyRules, party_rules
from .source_names import PERSON_TITLES, SourceVocab, described_of, person_name, titled_surname

_SMALL = ("of", "for", "the", "and", "on")
#: words before a body's name that say which one, not where it is ("another governor": no place "Another")
_DETERMINERS = ("the", "a", "an", "another")
_TOKEN = re.compile(r"[^\s,;:()\"“”]+")
_POSS = re.compile(r"^(.+?)(?:'s|’s|')$", re.I)
_CAP = re.compile(r"^[A-Z][\w'’.-]*$")
#: a person's name: two or three capitalised words
_NAME = r"[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){1,2}"


def strip_word(word: str) -> str:
    """A word without the punctuation around it ("(Ilvane)," -> "Ilvane")."""
    return word.strip(".,;:!?\"“”‘’()[]")


def _suffix(word: str) -> str:
    """What follows a word's last hyphen, case-folded ("mandated" of "UN-mandated")."""
    return word.rpartition("-")[2].casefold()


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
        #: heads only a state's own ministries end their phrases with ("ministry": health, defence, interior
        #: ... ministry), never a local body's: "Tavaru's energy ministry" is a state body by its head alone
        ends: dict[str, set[str]] = {}
        for p, t in self.rules.phrases:
            ends.setdefault(p[-1], set()).add(t)
        self.state_heads = frozenset(
            w for w, types in ends.items()
            if len(types) > 1 and all(self.rules.institutions[t].national for t in types)
        )
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
            w = strip_word(raw)
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
        w = strip_word(word)
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
        forms = {head, singular(head)}
        return bool(forms & r.generic_heads) and not forms & (
            self.type_words | r.any_body_heads | r.roles
        )

    def name_fits(self, first: str | None, head: str, name: str) -> bool:
        """Whether the full name ``name`` can be what a short name ``(first, head)`` stands for: it holds
        a word starting with the head (or a word of its kin: monitors are observers) and, when the short
        name has a proper word, holds it anywhere ("the Ostra commission", "Ostra's own rights commission":
        the "Ostra Truth Commission" and the "National Rights Commission of Ostra" alike: a body's place
        is written first or after "of"); a name no longer than the short one fits nothing."""
        return self.words_fit(first, head, self.name_words(name))

    @staticmethod
    def name_words(name: str) -> tuple[str, ...]:
        """A full name's words as ``name_fits`` reads them: case-folded, leading articles dropped."""
        words = [w.casefold().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’]+", name)]
        return tuple(drop_articles(words))

    def head_kin(self, head: str) -> frozenset[str]:
        """The word starts a full name must hold for the short name's ``head``: its stem and its kin
        ("monitors": monitor, observer), each at least four letters long."""
        stem = singular(head)
        kin = {stem} | self.rules.head_kin.get(stem, frozenset()) | self.rules.head_kin.get(head, frozenset())
        return frozenset(k for k in kin if len(k) >= 4)

    def words_fit(self, first: str | None, head: str, words: tuple[str, ...]) -> bool:
        """``name_fits`` over a name already split by ``name_words``."""
        if len(words) < (3 if first else 2) or (first is not None and first not in words):
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
            w = strip_word(t)
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
                        return self._org(drop_articles(words[i + 2 :]))
                    return NONE
                break
        # "<role> of/for/at <org>": the director of Mercy Hospital, a spokesman for the ministry
        for i, w in enumerate(low[:-1]):
            if i > 0 and _CAP.match(words[i]) and _CAP.match(words[i - 1]) and low[i + 1] == "for":
                continue  # "the International Monitoring Office for Kelvany": one name, not a role "for" X
            if (
                (i == 0 or _POSS.match(words[i - 1])) and _CAP.match(words[i]) and w in r.generic_heads
                and low[i + 1] == "for" and i + 2 < len(words) and _CAP.match(words[i + 2])
                and not any(_POSS.match(x) for x in words[i + 2 :])
            ):
                continue  # "the Office for Resettlement": a body's capitalised name, not an office "for" X
            if w in r.roles and low[i + 1] in ("of", "for", "at", "with") and i + 2 < len(words):
                where = drop_articles(words[i + 2 :])
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
            return self._org(drop_articles(words[2:]))
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
                    if inst.place is None and all(self.is_place_word(o) for o in drop_articles(owner)):
                        return replace(inst, place=self.place_key(" ".join(owner)))
                    owner_org = self._org(drop_articles(owner))
                    return owner_org if owner_org.kind != "none" else inst
                if tail and all(t.casefold() in r.roles for t in tail):
                    head = self.parse(" ".join(owner)) if len(owner) > 2 else NONE
                    if head.kind == "institution" and head.person:
                        # "Governor Ilse Marren's office": the titled person's own body, and she speaks for it
                        return replace(head, role=True)
                    inst = self._institution(drop_articles(owner))
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
                    bare_low = [o.casefold() for o in drop_articles(owner)]
                    if len(city) == 1 and bare_low in (["city"], ["town"]):
                        # "the city's emergency council": the city's own body, placed as the city
                        # administration is (the dateline city, else the city the document names)
                        return Parsed("institution", itype=city[0])
                    return Parsed("generic", head=tail[-1].casefold())  # "the province's relief council"
                bare_owner = drop_articles(owner)
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
                if (
                    len(tail) > 1 and all(t.islower() and t.isalpha() for t in tail)
                    and tail[-1] in r.generic_heads and tail[-1] in self.state_heads
                    and len(bare_owner) == 1 and self.is_place_word(bare_owner[0])
                    and bare_owner[0].casefold() not in r.place_nouns
                ):
                    # "Tavaru's energy ministry", "Tavaru's air force": a state's body named by its portfolio
                    # and a type word no institution owns; the owner is where it is, not the speaker
                    # (``SourceResolver._by_portfolio`` finds the named body: "the Ministry of Energy")
                    return Parsed("generic", head=tail[-1])
                proper = all(_CAP.match(t) or t.casefold() in _SMALL for t in tail)
                if tail and _CAP.match(tail[0]) and proper:
                    # a proper name: "the city's Mercy Hospital"; "Kelmoria's Ministry of Social Policy"
                    bare = drop_articles(owner)
                    if any(len(o) > 1 and o.isupper() for o in bare):
                        return self._org(tail)  # "the UN's International Displacement Office": who runs it
                    if bare and all(self.is_place_word(o) for o in bare) and not all(
                        o.casefold() in r.place_nouns for o in bare
                    ):
                        return self._org([*bare, *tail])
                    return self._org(tail)
                owner_org = self._org(drop_articles(owner))
                if owner_org.kind == "none":
                    return NONE
                return replace(owner_org, role=True)
        inst = self._institution(list(words))
        if inst is not None:
            return inst
        words = drop_articles(words)
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
        if len(words) > 1 and is_acronym(words[0]) and all(w.islower() for w in words[1:]):
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
        bare = drop_articles(owner)
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


def singular(word: str) -> str:
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


def drop_articles(words: Sequence[str]) -> list[str]:
    """The words after any leading articles ("the", "a", "an")."""
    out = list(words)
    while out and out[0].casefold() in ("the", "a", "an"):
        out = out[1:]
    return out

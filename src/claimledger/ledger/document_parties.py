"""Who says a figure in one document, and which party each name there is.

Decided at the ledger layer, from the extractor's attribution and the document's
text; the claim itself (``claims.source`` and its span) is never changed, only
which ``sources`` row it points at. What a name alone denotes is ``party_parser``'s;
this module adds what the document says:

1. *Which words name the speaker* (``DocumentParties.speaker``): the innermost
   link of the attribution chain ("The Tribune, citing the army's casualty
   office" is the casualty office's claim). Words that are no party are repaired
   to the noun phrase beside the cue ("Separately, the army said"; "…, where the
   ministry says"; "The announcement came two days after Veskara claimed") or
   dropped ("a report", "Nobody"). A figure counted by the article's own outlet
   is its own voice and gets no source.
2. *Identity inside the document* (``DocumentParties.identity``): a generic name
   is the nearest earlier fuller compatible mention (the headline counts), else
   takes its place from the document (the claim's place for bodies that report
   on their own place, the dateline's country), else stays a party of this
   document alone, so two countries' armies never merge.

The same rules apply to every party; nothing here ranks or trusts one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ..extract.vocab import lower_is_faithful
from ..model import Claim, Party, Span
from .acronyms import acronym_fits, is_acronym, spelled_out
from .party_parser import NONE, Identity, Parsed, PartyParser, drop_articles, singular, strip_word
from .source_names import key_tokens, person_name

#: the rest of a body's name after its head: "Institute" + " for Security Studies",
#: "Centre" + " for Prisoners of War"
_NAME_TAIL = re.compile(
    r"(?:\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*){1,3}"
)
#: "... in Ilvane" right after an institution's name
_IN_PLACE = re.compile(r"\s+(?:in|of)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?")
#: up to three capitalised words right before a match ("Tamsenia's General" before "Staff")
_CAPS_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*[ \t]+){1,4})$")
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
#: between a name and a generic apposition to it: "<Name> (ACR), the force"
_APPOSITION_GAP = re.compile(r"\s*(?:\([A-Z]{2,8}\))?\s*,\s*")
#: a body's capitalised name right before ", <description>": "Pellary Casualty Watch, a monitoring group,"
_NAME_BEFORE = re.compile(
    r"(?:^|(?<=\s))([A-Z][\w'’&-]*(?:[ ](?:(?:of|for|the|and|on)[ ])*[A-Z][\w'’&-]*){0,6})"
    r"\s*(?:\([A-Z]{2,8}\))?\s*,\s*$"
)
#: capitalised words that open a clause, not a name ("In Tessick, a monitoring group said")
_CLAUSE_OPENERS = frozenset({
    "in", "at", "on", "for", "from", "by", "with", "after", "before", "as", "since", "but", "and", "when",
})
#: "<Name>, the army's spokesman," / "<Name>, director of the Greyfield Casualty Monitor"
_APPOSITION_AFTER = re.compile(r",[ \t]+([^,.;:\"“”\n]{3,90}?)(?=,|\s+(?:said|says|told)\b|\.)")
#: an inverted attribution's verb before the speaker's role ('"…," said the hospital's director, <Name>')
_SAID_BEFORE = re.compile(r"\s*(?:said|says|added|told\s+\w+)\s+(?=the\s|an?\s|its\s|their\s)", re.I)
#: where an apposition or a title phrase cannot reach across
_BREAK = re.compile(r"[,.;:!?\"“”\n()\[\]]|\s[-–—]+\s")
#: "<owner>'s <role>" ("The Council's spokesman", "the front's chief spokesman")
_OWNER_ROLE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?:[a-z]+\s+)?(?P<role>[a-z]+)$")
#: a place written after a preposition: "in Tessick", "the port of Tessick", "In Tessick, …"
_PLACE_AFTER = re.compile(
    r"(?:\b(?:in|of|over|at|near|outside|inside)|(?<![^\s])In)[ ]+([A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+)?)"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+|\n+")
#: "In Ilvane, medics said", "In besieged Varosh, the city council said", "* In Ambaria, the ministry said": a
#: place put first in the clause
_FRONTED_PLACE = re.compile(
    r"(?:^|[.!?]\s+|\n)(?:[*•–-]\s+)?In\s+(?:[a-z]+\s+){0,2}([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?),\s*$"
)


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
        #: type -> the place a placeless province's or city's body took from the words before it, for the
        #: story's later placeless body of that type with no named person (a named official is read anew)
        self._near_places: dict[str, str] = {}
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
        name = words[0] if is_acronym(words[0]) else " ".join(words)
        if " " not in name and not is_acronym(name):
            return None  # "Corran Bulletin": a newspaper named after a place, no body's publication
        close = self.text.find(")", 0, 600) + 1  # the body is named in the text, not only in the dateline
        body = self.text[close:]
        if is_acronym(name):
            if not re.search(rf"\b{re.escape(name)}\b", body):
                spelled = spelled_out(name, body)
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
        if any(singular(w) in heads or w in heads for w in words if w.islower()):
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
            # "The interior ministry said … Colonel X, its spokesman": the last body written, a placeless
            # state body named as one ("the ministry", not "military targets") included: its type names it,
            # its place is found as for the body's own name
            ante = self._nearest(m.pos, lambda c: c.parsed.complete or self._named_body(c))
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
        if place is None and inst.subnational and person is None:
            place = self._near_places.get(itype)  # "… the governor said 22 … the governor's office said": one
        named = person is not None or any(link.pos == m.pos for link in self.person_links.values())
        if place is None and (inst.city or (inst.subnational and not named)):
            # "the besieged port of Tessick … Mayor X said": Tessick's; a province's body only when no named
            # official holds it (her office is hers, read across stories, not from the words before her)
            place = self._city_before(m.pos)
            if place:
                self._near_places.setdefault(itype, place)
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

    def _named_body(self, c: Mention) -> bool:
        """A placeless institution written as a body ("the interior ministry"), not as a word of a phrase
        ("military targets", "interior ministry officials' cars"): "the" right before it."""
        if c.parsed.kind != "institution":
            return False
        lead = self.text[max(0, c.pos - 4) : c.pos].casefold()
        return c.surface.casefold().startswith("the ") or lead.endswith("the ")

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
            lead = text[max(0, got.start() - 40) : got.start()].split()
            if got.group(0).startswith("of") and lead and lead[-1][:1].isupper():
                continue  # "the Tamsar Council of Churches": a word of a body's name, no place
            parts = [x.strip() for x in re.split(r"['’]s?", got.group(1)) if x.strip()]
            name = parts[0]  # "of Tessick's Quay Market": Tessick
            if len(parts) > 1 and self.p.place_key(name) in self.countries:
                name = parts[1]  # "in Velsk's Dorran highlands": Dorran, a place of that country
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
        bare = len(drop_articles(m.surface.split())) == 1
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
        if found is None and (named := _NAME_BEFORE.search(self.text, max(0, m.pos - 120), m.pos)):
            # "Pellary Casualty Watch, a monitoring group, said 52": a body's capitalised name no head word
            # made a mention of, renamed by the description after it (two words at least, or an acronym;
            # never a person's name or a place)
            name = " ".join(drop_articles(named.group(1).split()))
            parsed = self.p.parse(name)
            words = name.split()
            if (
                parsed.kind == "named" and parsed.name and person_name(name) is None
                and (len(words) > 1 or is_acronym(name))
                and self.p.place_key(name) not in self.countries
                and words[0].casefold() not in _CLAUSE_OPENERS
            ):
                found = Mention(named.start(1), named.group(1), parsed)
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
        if is_acronym(name):
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


def _low(word: str) -> str:
    return strip_word(word).casefold().replace("’", "'")


@lru_cache(maxsize=65536)
def _surface_words(surface: str) -> frozenset[str]:
    low = [_low(w) for w in surface.split()]
    return frozenset(low) | frozenset(w.removesuffix("'s") for w in low)


def own_span(m: Mention) -> Span:
    """The characters of the text a mention covers."""
    return (m.pos, m.pos + len(m.surface))

"""Sources: the same party, however an article names it, lands on one ``sources`` row.

Three layers, from exact to loose, so that a reviewer can always see why two
names were joined (``source_aliases.origin``):

1. a normalised *key* (``source_key``): case, articles, possessives, word
   order ("ministry of health" = "health ministry"), demonyms ("Varnian" =
   "Varnia") and role words ("officials", "spokesman") are ignored;
2. fuzzy matching of keys with rapidfuzz, conservative on purpose: the same
   number of words and every differing word a near spelling of the other;
3. the party model (``party_parser``, ``document_parties``), used when a document is added: an
   institution is a type plus a place (``varn @health-ministry``); a generic
   name ("the army") takes its identity from its document; a person counts for
   the organisation they speak for, and that link, like an acronym's, is kept
   as an alias (origin ``person`` / ``acronym``) so later documents find it.

User decisions (aliases file, ``merge``, ``split``: ``source_curation``) are stored
as alias rows and always win, because an alias row is looked up before any key is computed.
Nothing here ranks, scores or grades a party: every party is treated alike.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..model import Claim
from .acronyms import initials, is_acronym
from .citing_outlets import carrier_owner, carrier_people
from .document_parties import DocumentParties, Mention
from .party_parser import Identity, PartyParser, drop_articles
from .source_memory import SourceMemory
from .source_names import (
    ORG_WORDS,
    PERSON_TITLES,
    SourceVocab,
    _clean,
    display_name,
    key_tokens,
    light_key,
    person_name,
)

__all__ = [
    "ORG_WORDS", "PERSON_TITLES", "SourceResolver", "SourceVocab", "display_name",
    "key_tokens", "light_key", "person_name", "similar_keys", "source_key",
]

_PARSERS: dict[int, PartyParser] = {}
#: a name opening with a one-word owner's possessive: "Tavaru's National Refugee Commission"
_OWNER = re.compile(r"^(?:the\s+)?([A-Z][\w-]*)['’]s\s+[A-Z]")
#: a source known only inside one document: "<its document's key> @<head>"
#: a capitalised word, and two in a row (overlapping): the ways a text writes a place
_ONE_CAP = re.compile(r"\b[A-Z][\w'’-]{2,}")
_TWO_CAPS = re.compile(r"(?=\b([A-Z][\w'’-]+[ ][A-Z][\w'’-]{2,}))")
_LOCAL_KEY = re.compile(r"[0-9a-f]{12} @(\w+)")
#: any type of a source known only inside one document ("… @interior-ministry" too)
_OWN_KEY = re.compile(r"[0-9a-f]{12} @[\w-]+")


def _parser(vocab: SourceVocab) -> PartyParser:
    """The party parser for ``vocab`` (one per vocabulary object)."""
    got = _PARSERS.get(id(vocab))
    if got is not None and got.vocab is vocab:
        return got
    if len(_PARSERS) > 16:
        _PARSERS.clear()
    got = _PARSERS[id(vocab)] = PartyParser(vocab)
    return got


def source_key(name: str, vocab: SourceVocab) -> str:
    """The normalised key of a party name; falls back to the light key when every word is generic.

    An institution whose name says where it is keys as ``<place> @<type>``
    ("Varnia's Ministry of Health" = "Varnian health officials" = ``varn @health-ministry``);
    a body named behind a role keys as the body ("officials at the Tolmar Network").
    """
    parser = _parser(vocab)
    parsed = parser.parse(name)
    if parsed.kind == "institution" and parsed.place and parsed.itype:
        return f"{parsed.place} @{parser.rules.institutions[parsed.itype].party_type}"
    if parsed.kind == "named" and parsed.role and parsed.name:
        name = parsed.name
    toks = key_tokens(name, vocab)
    return " ".join(toks) if toks else light_key(name)


#: adjective endings whose stem starts the place's own name however it ends ("Brennish" of
#: Brennhal, "Dunmarish" of Dunmarrow); real countries' irregular adjectives are in the demonym table
_DEMONYM_ENDINGS = ("ish",)


def _demonym_of(adj: str, place: str) -> bool:
    """Whether key word ``adj`` is the adjective of key word ``place``: its stem (4+ letters) starts it."""
    for end in _DEMONYM_ENDINGS:
        if adj.endswith(end) and not place.endswith(end):
            stem = adj[: -len(end)]
            return len(stem) >= 4 and place.startswith(stem) and len(place) > len(stem)
    return False


def similar_keys(a: str, b: str) -> bool:
    """Conservative fuzzy test: same word count; differing words long, same initial, ratio ≥ 85."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or a == b:
        return a == b
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        if x.startswith("@") or y.startswith("@"):  # institution types never blur into each other
            return False
        if len(x) < 5 or len(y) < 5 or x[0] != y[0] or x.isdigit() or y.isdigit():
            return False
        if fuzz.ratio(x, y) < 85:
            return False
    return True


#: words before a described name's head that describe nothing ("its", "this")
_DETERMINERS = frozenset({"its", "their", "his", "her", "this", "that", "these", "those", "same", "own"})


def _bare_word(word: str) -> str:
    """A word as a description and a name are compared: folded, no possessive mark ("Miners'": miners)."""
    return word.casefold().replace("’", "'").removesuffix("'s").rstrip("'")


def _described(surface: str, head: str) -> tuple[str, ...]:
    """The words a described name writes before its head, articles and determiners dropped ("the miners'
    federation", "Miners' federation" in a headline: miners'; "a monitoring group": monitoring)."""
    words = [w.casefold().replace("’", "'") for w in re.findall(r"[\w'’-]+", surface)]
    if head not in words:
        return ()
    before = drop_articles(words[: words.index(head)])
    return tuple(w for w in before if w not in _DETERMINERS)


def _person_like(name: str) -> bool:
    return person_name(name) is not None


class SourceResolver:
    """Finds or creates the ``sources`` row for each name; call inside the document's transaction."""

    FUZZY_CUTOFF = 88.0

    def __init__(self, conn: sqlite3.Connection, vocab: SourceVocab) -> None:
        self.conn = conn
        self.vocab = vocab
        self._keys: dict[int, list[str]] | None = None
        self._key = lru_cache(maxsize=65536)(lambda n: source_key(n, vocab))
        self._tokens = lru_cache(maxsize=65536)(lambda n: tuple(key_tokens(n, vocab)))
        self._own_key = lru_cache(maxsize=65536)(lambda n: source_key(n, vocab))
        # (surface, identity key, person) -> source, for this session; cleared when a fold changes sources
        self._resolved: dict[tuple[str, str, str | None], int] = {}
        self._linked: set[tuple[str, int]] = set()
        #: named sources for short names, (id, name words) under each word's first four letters;
        #: None: read again at the next need
        self._named: dict[str, list[tuple[int, tuple[str, ...]]]] | None = None
        #: named sources and descriptive aliases added since the last ``_fold_locals``
        self._fresh: list[tuple[int, str]] = []
        #: a state's bodies keyed by a place, place key -> (source id, party type); None: read at next need
        self._placed: dict[str, list[tuple[int, str]]] | None = None
        #: sources folded away during the current document -> the source they joined
        self._gone: dict[int, int] = {}
        #: (country key, party type) -> the city whose body became the country's (read from the aliases)
        self._seated_from: dict[tuple[str, str], str] = {}
        #: what the ledger's stories taught of its sources, kept in the ledger (``source_memory``): the
        #: countries a named body (``seen_in``) or any body (``body_seen``) was met in, a story's own state
        #: body waiting for its country's body ("the army said" before any story names that country's army:
        #: ``awaiting``), a story's own body described by its portfolio ("The energy ministry (document …)"),
        #: until a named body takes it (``portfolios``), how the documents write each place the ledger keys
        #: a state's body by, to ask the ledger where it lies (``place_forms``)
        self.memory = SourceMemory(conn)

    def forget(self) -> None:
        """Drop the session caches (after a rolled-back document: they may name sources it removed)."""
        self._keys = None
        self._named = None
        self._placed = None
        self._gone = {}
        self._fresh.clear()
        self._resolved.clear()
        self._linked.clear()
        # a rolled-back document's sources are gone and their ids may be given again; what it taught was
        # rolled back with it: the memory is read again from the ledger at the next need
        self.memory.forget()

    def _known_keys(self, words: int) -> list[str]:
        """Source keys of ``words`` words: fuzzy matching only ever joins keys of equal length."""
        if self._keys is None:
            self._keys = {}
            for (key,) in self.conn.execute("SELECT key FROM sources"):
                self._keys.setdefault(len(key.split()), []).append(key)
        return self._keys.setdefault(words, [])

    def _by_demonym(self, key: str) -> int | None:
        """A known source whose key is this one with a place written as its adjective, or the reverse
        ("brennish @military" / "brennhal @military"). Runs only when a new key would be made."""
        words = key.split()
        mine = any(e in key for e in _DEMONYM_ENDINGS)
        for other in self._known_keys(len(words)):
            if not mine and not any(e in other for e in _DEMONYM_ENDINGS):
                continue  # neither key has an adjective ending: the common case, decided cheaply
            pairs = [(x, y) for x, y in zip(words, other.split(), strict=True) if x != y]
            if pairs and all(_demonym_of(x, y) or _demonym_of(y, x) for x, y in pairs):
                return self._by_key(other)
        return None

    def _by_short(self, first: str | None, head: str, described: Sequence[str] = ()) -> int | None:
        """The one named source (no institution key) a short name ``(first, head)`` fits, else None.

        The named sources are indexed by the first four letters of each word of their names: a short
        name's head (or its kin) is at least four letters and must start a word of the full name, so
        only the names under its four letters are tried (every name was tried before: ~30 µs per source
        per lookup, seconds per article on a ledger of tens of thousands of sources).

        ``described``: the words a described name writes before its head ("miners'" in "the miners'
        federation"): when the head fits several named sources, they pick the one whose name holds them all
        (never a name a head alone fits: "the medics' union" may name its members by another word)."""
        parser = _parser(self.vocab)
        named = self._named_index()
        tried = {e for k in parser.head_kin(head) for e in named.get(k[:4], ())}
        fit = {(i, words) for i, words in tried if parser.words_fit(first, head, words)}
        found = {i for i, _ in fit}
        if len(found) > 1 and described:
            # "the miners' federation" where the ledger names a federation and a federation's officer: the
            # one body whose name holds every word the description writes before its head
            said = {_bare_word(w) for w in described}
            found = {i for i, words in fit if said <= {_bare_word(w) for w in words}}
        return found.pop() if len(found) == 1 else None

    def _named_index(self) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """The named sources (no institution key), each under the first four letters of its words."""
        parser = _parser(self.vocab)
        if self._named is None:
            self._named = {}
            # each named source by its shown name and by every name it was written as ("the coalition's
            # Joint Command" says the coalition speaks through it)
            for i, n, k in self.conn.execute("SELECT id, name, key FROM sources"):
                if "@" not in k and parser.short_name(parser.parse(str(n))) is None:
                    self._index_named(int(i), str(n))
            for i, a, o in self.conn.execute(
                "SELECT a.source_id, a.alias, a.origin FROM source_aliases a "
                "JOIN sources s ON s.id = a.source_id WHERE s.key NOT LIKE '%@%'"
            ):
                if self._describes(str(a), str(o)):
                    self._index_named(int(i), str(a))
        return self._named

    @staticmethod
    def _place_words(text: str) -> frozenset[str]:
        """Every capitalised word and pair of words of a text, folded: the ways it may write a town."""
        return frozenset(
            " ".join(w.casefold().replace("’", "'").split())
            for found in (_ONE_CAP.findall(text), _TWO_CAPS.findall(text)) for w in found
        )

    @staticmethod
    def _one_country(dp: DocumentParties, words: frozenset[str]) -> str | None:
        """The one country the ledger places the towns of ``words`` in (``_place_words``), else None: no
        town it knows, or towns of two countries (a story of two wars)."""
        if dp.seats is None:
            return None
        countries = {
            ckey for w in words if (country := dp.seats(w)) and (ckey := dp.p.place_key(country))
        }
        return countries.pop() if len(countries) == 1 else None

    def _by_portfolio(self, head: str, described: Sequence[str], country: str) -> int | None:
        """The one named body (no institution key) whose name holds a state body's head and every word a
        description writes before it ("the energy ministry": "Ministry of Energy"; "the air force": "Tarvian
        Air Force") and whose stories the ledger placed in ``country`` alone; else None. A named body seen in
        stories of two countries, or two bodies that fit, decide nothing: two wars' ministries never meet."""
        parser = _parser(self.vocab)
        # the country as the owner ("Tavaru's energy ministry" in a story of its towns) is no portfolio
        said = {b for w in described if (b := _bare_word(w)) and parser.place_key(b) != country}
        if not said:
            return None
        named = self._named_index()
        tried = {e for k in parser.head_kin(head) for e in named.get(k[:4], ())}
        found = {
            i for i, words in tried
            if parser.words_fit(None, head, words) and said <= {_bare_word(w) for w in words}
        }
        found = {i for i in found if self.memory.seen_in.get(i) == {country}}
        return found.pop() if len(found) == 1 else None

    def _place_by_company(
        self, dp: DocumentParties, out: list[int | None],
        unplaced: dict[int, tuple[Identity, str | None, tuple[str, ...]]],
    ) -> None:
        """A state's body a story names with no owner and no town the ledger places ("The army said",
        "the interior ministry said" in a story of a capital's bombings that names no town) is the body of
        the one country the ledger met the story's other speakers in: together they were seen only in
        stories whose towns it places in that country (a speaker seen in two countries' stories, an aid
        agency's or a live page's army, places it nowhere; so do speakers of two countries). The state's
        body is then found as for a placed story: the country's body of that type, or the one named body
        of that portfolio."""
        countries: set[str] = set()
        for sid in {s for s in out if s is not None and s not in unplaced}:
            countries |= self.memory.body_seen.get(sid, set())
        if len(countries) != 1:
            return
        (country,) = countries
        for lid, (ident, head, portfolio) in unplaced.items():
            where, _, itype = ident.key.partition(" @")
            inst = dp.rules.institutions.get(itype)
            target: int | None = None
            if where == dp.doc_key and inst is not None and inst.national:
                ptype = dp.rules.institutions[inst.party_type].party_type
                target = self._known_body(f"{country} @{ptype}")
            elif portfolio and head:
                target = self._by_portfolio(head, portfolio, country)
            row = self.conn.execute("SELECT key, name FROM sources WHERE id = ?", (lid,)).fetchone()
            if target is None or target == lid or row is None:
                continue
            self._absorb(str(row[0]), target, str(row[1]), "fuzzy")

    @staticmethod
    def _state_type(dp: DocumentParties, ident: Identity) -> str | None:
        """The party type of a state's national body this document keeps as its own, else None."""
        where, _, itype = ident.key.partition(" @")
        inst = dp.rules.institutions.get(itype)
        if where != dp.doc_key or inst is None or not inst.national:
            return None
        return dp.rules.institutions[inst.party_type].party_type

    def _fold_awaiting(self) -> None:
        """Earlier stories' own state bodies ("The army (document …)" in a story whose towns the ledger
        placed in one country before any story named that country's army) join the country's body once
        the ledger has one: as ``_seated_body`` would have found it had the stories come the other way."""
        for lid, (ptype, country) in list(self.memory.awaiting.items()):
            target = self._known_body(f"{country} @{ptype}")
            if target is None:
                continue
            self.memory.settled(lid)
            row = self.conn.execute("SELECT key, name FROM sources WHERE id = ?", (lid,)).fetchone()
            if row is None or target == lid or _OWN_KEY.fullmatch(str(row[0])) is None:
                continue
            self._absorb(str(row[0]), target, str(row[1]), "fuzzy")

    def _fold_portfolios(self, dp: DocumentParties, named: set[int]) -> None:
        """Earlier documents' own portfolio bodies ("The energy ministry (document …)") join the named body
        this document placed when it is now the one that fits them (``_by_portfolio``): order no longer
        decides. The earlier story's country is read again with what the ledger knows now."""
        for lid, (head, described, words) in list(self.memory.portfolios.items()):
            country = self._one_country(dp, words)
            got = self._by_portfolio(head, described, country) if country is not None else None
            if got is None or got not in named or got == lid:
                continue
            row = self.conn.execute("SELECT key, name FROM sources WHERE id = ?", (lid,)).fetchone()
            self.memory.placed_portfolio(lid)
            if row is None or _LOCAL_KEY.fullmatch(str(row[0])) is None:
                continue
            self._absorb(str(row[0]), got, str(row[1]), "fuzzy")

    def _index_named(self, sid: int, name: str) -> None:
        assert self._named is not None
        entry = (sid, _parser(self.vocab).name_words(name))
        for prefix in {w[:4] for w in entry[1] if len(w) >= 4}:
            self._named.setdefault(prefix, []).append(entry)

    def _by_alias(self, key: str) -> int | None:
        row = self.conn.execute("SELECT source_id FROM source_aliases WHERE alias_key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def _by_key(self, key: str) -> int | None:
        row = self.conn.execute("SELECT id FROM sources WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def _alias(self, lk: str, name: str, sid: int, origin: str) -> None:
        alias = _clean(name)
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO source_aliases (alias_key, alias, source_id, origin) VALUES (?, ?, ?, ?)",
            (lk, alias, sid, origin),
        )
        if cur.rowcount and self._describes(alias, origin):
            row = self.conn.execute("SELECT key FROM sources WHERE id = ?", (sid,)).fetchone()
            if row is not None and "@" not in str(row[0]):
                self._fresh.append((sid, alias))
                if self._named is not None:
                    self._index_named(sid, alias)

    def _describes(self, alias: str, origin: str) -> bool:
        """Whether a named source's alias tells short names what the body is: a name the group speaks
        through ("the coalition's Joint Command") or a description before its name ("the monitoring project
        VIGIL", "the independent monitor VIGIL": a later bare "the project" or "the monitor" is VIGIL).
        A person's name, an acronym or a short name says nothing of the kind."""
        if origin in ("person", "guess", "acronym"):
            return False
        if "'s " in alias.casefold():
            return True
        parser = _parser(self.vocab)
        parsed = parser.parse(alias)
        return parsed.kind == "named" and parsed.role and parser.short_name(parsed) is None

    def _note_source(self, sid: int, name: str, key: str) -> None:
        """A source just inserted joins the short-name list if that list is already read: read again
        after every insert, the whole sources table was parsed once per new source (quadratic on a
        ledger of many sources)."""
        self._known_keys(len(key.split())).append(key)
        if self._placed is not None:
            self._index_placed(sid, key)
        if "@" not in key:
            parser = _parser(self.vocab)
            if parser.short_name(parser.parse(name)) is None:
                self._fresh.append((sid, name))
                if self._named is not None:
                    self._index_named(sid, name)

    def _fold_locals(self) -> dict[int, int]:
        """Short names read before the ledger could resolve them join the body a name just learned resolves
        them to: "The project (document …)" kept as its document's own party, then a later article names
        "the monitoring project Tessaly Count": the project is the one body of that head the ledger now
        names, as it would have been had the articles come the other way round (order no longer decides).
        Only a document's own generic of a short-name head, and only when that head now finds this one
        body (``_by_short``); sources holding a user's decision are never folded (``_absorb``)."""
        fresh, self._fresh = self._fresh, []
        moved: dict[int, int] = {}
        if not fresh:
            return moved
        parser = _parser(self.vocab)
        heads = parser.short_heads()
        for sid, name in fresh:
            words = parser.name_words(name)
            for head in heads:
                if not parser.words_fit(None, head, words):
                    continue
                rows = self.conn.execute(
                    "SELECT id, key, name FROM sources WHERE key LIKE ? OR key LIKE ?",
                    (f"% @{head}", f"% @{head}s"),
                ).fetchall()
                for lid, lkey, lname in rows:
                    local = _LOCAL_KEY.fullmatch(str(lkey))
                    if local is None or int(lid) == sid:
                        continue
                    described = _described(str(lname).rsplit(" (document ", 1)[0], local.group(1))
                    if self._by_short(None, local.group(1), described=described) != sid:
                        continue
                    if self.conn.execute("SELECT 1 FROM sources WHERE id = ?", (sid,)).fetchone() is None:
                        return moved  # the body itself was folded meanwhile: the next document tries again
                    self._absorb(str(lkey), sid, name, "fuzzy")
                    moved[int(lid)] = sid
        return moved

    def resolve(self, name: str) -> int | None:
        """The source id for one name as written (None for an empty name)."""
        lk = light_key(name)
        if not lk:
            return None
        sid = self._by_alias(lk)
        if sid is not None:
            return sid
        canonical = self.vocab.aliases.get(lk)
        origin = "user" if lk in self.vocab.user_keys else "auto"
        hk = self._key(canonical or name)
        sid = self._by_alias(hk)
        if sid is None:
            sid = self._by_key(hk)
        if sid is None and len(hk) >= 5:
            candidates = self._known_keys(len(hk.split()))
            for match, _score, _i in process.extract(
                hk, candidates, scorer=fuzz.ratio, score_cutoff=self.FUZZY_CUTOFF, limit=5
            ):
                if similar_keys(hk, match) and (sid := self._by_key(match)) is not None:
                    origin = "fuzzy" if origin == "auto" else origin
                    break
        if sid is None and (sid := self._by_demonym(hk)) is not None:
            origin = "fuzzy" if origin == "auto" else origin
        if sid is None:
            shown = display_name(canonical or name)
            cur = self.conn.execute("INSERT INTO sources (name, key) VALUES (?, ?)", (shown, hk))
            sid = int(cur.lastrowid or 0)
            self._note_source(sid, shown, hk)
        self._alias(lk, name, sid, origin)
        return sid

    # ------------------------------------------------------------ the party model
    _DECIDED = ("user", "merge", "split")

    def _alias_row(self, key: str) -> tuple[int, str] | None:
        row = self.conn.execute(
            "SELECT source_id, origin FROM source_aliases WHERE alias_key = ?", (key,)
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def resolve_claims(
        self, doc_id: str, text: str, claims: Sequence[Claim], outlet: str | None = None,
        theatre: str | None = None, sections: Sequence[tuple[int, str | None]] = (),
        seats: Callable[[str], str | None] | None = None,
    ) -> list[int | None]:
        """The source of each claim of one document, by the party model (``document_parties``).

        The speaker is the innermost real party of the claim's chain; a generic name
        takes its identity from the document; people count for their organisation,
        and the links the document states (person -> organisation, acronym -> name)
        are remembered as aliases so later documents find them. None: own voice or no party.
        ``theatre`` is the article's outermost place as the measure context read it (its dateline
        and what earlier articles said contains it): where a generic national body is, failing all else.
        ``sections`` are a round-up's (offset, theatre) per dateline ("SORVIK - ...", "VANTORO - ..."):
        a claim takes the theatre of the section it is in. ``seats`` gives the country a city lies in
        when the ledger knows it: a national body "in" that city is that country's.
        """
        self._gone = {}
        self.memory.load()
        nouns = _parser(self.vocab).rules.publication_nouns
        published = bool(outlet and outlet.split()) and str(outlet).split()[-1].casefold() in nouns
        if not published and not any(c.source for c in claims):
            return [None] * len(claims)  # all in the article's own voice: nothing to read
        dp = DocumentParties(
            text, _parser(self.vocab), outlet=outlet, doc_key=doc_id[:12], theatre=theatre, seats=seats
        )
        out: list[int | None] = []
        by_key: dict[str, int] = {}
        speakers = dp.add_speakers(claims)
        pub = dp.publisher()
        if pub is not None:
            # a body's own publication: what it says in its own voice is the body's statement
            speakers = [
                pub if m is None and c.source is None and not c.reported_by else m
                for m, c in zip(speakers, claims, strict=True)
            ]
        whole = dp.theatre

        def identity(m: Mention, c: Claim) -> Identity | None:
            if sections:
                here = [t for at, t in sections if at <= c.span[0]]
                dp.theatre = _parser(self.vocab).place_key(here[-1]) if here and here[-1] else whole
            people = carrier_people(m, c, dp)
            if people:
                # "Darvonian state television, citing the general staff": whose Y is, X says (any type)
                m = Mention(m.pos, m.surface, replace(m.parsed, place=dp.p.place_key(people) or None))
            return dp.identity(m, carrier_owner(m, c) or c.place, claim_subject=c.subject)

        idents = [identity(m, c) if m is not None else None for m, c in zip(speakers, claims, strict=True)]
        # a second look for those the document placed only later ("the ministry" before a claim named Ilvane)
        idents = [
            i if m is None or i is None or i.exact else identity(m, c)
            for m, c, i in zip(speakers, claims, idents, strict=True)
        ]
        # a body known only inside this document whose spokesperson it names is that person's party:
        # "the city's emergency council said 2,655 … council chair Lise Ambervale said": one voice
        local_person = {
            i.key: " ".join(sorted(w.casefold() for w in i.person.split()))
            for i in reversed(idents) if i is not None and not i.exact and i.person
        }
        idents = [
            replace(i, key=local_person[i.key], display=i.display, exact=True)
            if i is not None and not i.exact and not i.person and i.key in local_person else i
            for i in idents
        ]
        #: generic head -> the source a fronted place resolved it to, for the same head later on
        fronted: dict[str, int] = {}
        place_words = self._place_words(text)
        country = self._one_country(dp, place_words)
        named_here: set[int] = set()
        #: a document's own key -> the named body a portfolio found for it, for its later bare mentions
        by_portfolio: dict[str, int] = {}
        #: a state's body kept as this document's own in a story of no placed town: (its head, portfolio)
        unplaced: dict[int, tuple[Identity, str | None, tuple[str, ...]]] = {}
        for m, ident, c in zip(speakers, idents, claims, strict=True):
            if m is None or ident is None:
                out.append(None)
                continue
            head = m.parsed.head if m.parsed.kind == "generic" else None
            where = dp.fronted_place(m) if head else None
            if where is not None and head:
                # "In Ambaria, the ministry said": the one body of a type with that head the ledger knows
                found = {
                    sid for t in dp.head_types(head)
                    if (sid := self._by_alias(f"{where} @{t}") or self._by_key(f"{where} @{t}")) is not None
                }
                if len(found) == 1:
                    fronted[head] = found.pop()
                    out.append(fronted[head])
                    continue
            elif where is None and head in fronted:
                out.append(fronted[head])  # "The ministry said 1,480" next: the same ministry
                continue
            cited = len(c.reported_by) > 1
            if not ident.exact and (known := self._named_country_body(dp, ident, cited=cited)) is not None:
                # "(The Dustline) - The army said": no dateline, no antecedent; the one body of that type the
                # ledger knows in a country the story names
                out.append(known)
                continue
            if not ident.exact and not cited and (known := self._seated_body(dp, ident, c)) is not None:
                # "09:10 Tarsk - The army says …" on a live page of two wars: the country the ledger places
                # the entry's towns in, else the story's towns in
                out.append(known)
                continue
            portfolio = (
                _described(m.surface, m.parsed.head)
                if m.parsed.kind == "generic" and m.parsed.head and not ident.exact and ident.person is None
                and dp.p.short_name(m.parsed) is None else ()
            )
            if portfolio and m.parsed.head and country is not None:
                known = self._by_portfolio(m.parsed.head, portfolio, country)
                if known is not None:
                    # "The energy ministry said …" in a story of one country's towns: the one named body of
                    # that portfolio ("the Ministry of Energy") the ledger met in stories of that country only
                    by_portfolio[ident.key] = known
                    out.append(known)
                    continue
            if not ident.exact and ident.key in by_portfolio:
                out.append(by_portfolio[ident.key])  # "the ministry said" next: the same ministry
                continue
            brief = dp.p.short_name(m.parsed) if ident.person is None else None
            if brief is not None and (
                not ident.exact or (self._by_alias(ident.key) is None and self._by_key(ident.key) is None)
            ):
                # "the monitors", "Independent monitors", "the Ostra commission" that the document does not
                # name in full: the one named body of the ledger whose name fits
                known = self._by_short(*brief, described=_described(m.surface, brief[1]))
                if known is not None:
                    if ident.exact:
                        self._alias(ident.key, m.surface, known, "fuzzy")
                    by_key[ident.key] = known
                    out.append(known)
                    continue
            if ident.weak and ident.person:  # a guessed body: the ledger's link for this person wins
                known = self._by_alias(" ".join(sorted(w.casefold() for w in ident.person.split())))
                if known is not None:
                    out.append(known)
                    continue
            if (
                m.parsed.kind == "person" and ident.exact and " " not in ident.key
                and len(m.surface.split()) > 1
                and self._by_alias(ident.key) is None and self._by_key(ident.key) is None
                and (known := self._by_surname(ident.key)) is not None
            ):
                # "Governor Lerch said": the one person of that surname the ledger knows ("regional governor
                # Tomas Lerch" in an earlier story), and so the body that person speaks for
                out.append(known)
                continue
            if not ident.exact and ident.person:
                # a person whose body this document cannot place: the ledger's link, else the person,
                # whom a later document naming their body will fold into it
                pkey = " ".join(sorted(w.casefold() for w in ident.person.split()))
                known = self._by_alias(pkey)
                if known is not None:
                    out.append(known)
                    continue
                ident = replace(ident, key=pkey, display=ident.person, person=None, exact=True)
            if m.parsed.place is None and (held := self._office_held(dp, m, ident)) is not None:
                # "Governor Ilse Marren said 22 … in Orlek district" after an earlier story linked her to the
                # Tamsar regional administration: a named official speaks for the one office the ledger knows
                # her in, whatever place this story's claim or dateline gives it
                out.append(held)
                continue
            sid = self._resolve_identity(ident, m.surface, m.parsed.kind)
            if ident.weak and ident.person:
                self._link_person(ident.person, sid, guess=True)
            if country is not None and m.parsed.kind == "named" and ident.exact and "@" not in ident.key:
                self.memory.saw_named(sid, country)
                named_here.add(sid)
            elif portfolio and m.parsed.head and _LOCAL_KEY.fullmatch(ident.key):
                self.memory.note_portfolio(sid, (m.parsed.head, tuple(portfolio), place_words))
            if country is None and not cited and _OWN_KEY.fullmatch(ident.key):
                unplaced.setdefault(sid, (ident, m.parsed.head, tuple(portfolio)))
            elif country is not None and not cited and (ptype := self._state_type(dp, ident)) is not None:
                self.memory.await_body(sid, ptype, country)
            by_key[ident.key] = sid
            out.append(sid)
        for person, org in dp.people():
            if (org.parsed.kind == "pronoun" and not org.surface) or org.parsed.guess:
                continue  # a guess ("spokesman X" after some body spoke) is not remembered
            ident = dp.identity(org)
            if ident is None or not ident.exact:
                continue
            org_id = by_key.get(ident.key) or self._by_alias(ident.key) or self._by_key(ident.key)
            pkey = " ".join(sorted(w.casefold() for w in person.split()))
            if org_id is None and self._by_alias(pkey) is None and self._by_key(pkey) is None:
                # "…," said the hospital's director, Dr Esra Vellacott: the document says whom she speaks for
                # before that body gives a figure; the ledger keeps the body and the link for later stories
                # (only for a person with no source of their own yet: nothing of this document moves)
                org_id = self._resolve_identity(replace(ident, person=None), org.surface, org.parsed.kind)
            if org_id is not None:
                self._link_person(person, org_id)
        for short, full in dp.acronyms.items():
            full_key = source_key(full, self.vocab)
            named = self._by_alias(full_key) or self._by_key(full_key)
            if named is not None:
                self._absorb(light_key(short), named, short, "acronym")
        if unplaced and not sections:  # a round-up's entries are other wars' news: no company places them
            self._place_by_company(dp, out, unplaced)
        if country is not None:
            for sid in {s for s in out if s is not None}:
                row = self.conn.execute("SELECT key FROM sources WHERE id = ?", (sid,)).fetchone()
                if row is not None and _OWN_KEY.fullmatch(str(row[0])) is None:
                    self.memory.saw_body(sid, country)
        if named_here:
            self._fold_portfolios(dp, named_here)
        if self.memory.awaiting:
            self._fold_awaiting()
        self._fold_locals()
        self._fold_seated(dp)
        gone, self._gone = self._gone, {}

        def final(sid: int) -> int:
            seen = {sid}
            while sid in gone and gone[sid] not in seen:
                sid = gone[sid]
                seen.add(sid)
            return sid

        return [final(sid) if sid is not None else None for sid in out]

    def _office_held(self, dp: DocumentParties, m: Mention, ident: Identity) -> int | None:
        """The body of a place below a country (a province's, a city's) the ledger already links ``ident``'s
        named person to (a stated link, not a guess), when the document reads the same type of body at
        another place; else None.

        A person is one person across stories: "Governor X" whose story gives no place in the speaker's own
        words is placed by the claim's place or the dateline, which vary from story to story (a district
        of the region, the city a story is filed from), while the office she holds does not. A state's
        national body is keyed by its country's name or adjective, which the text states: not read here."""
        if not ident.exact or ident.weak or not ident.person:
            return None
        where, at, ptype = ident.key.partition(" @")
        inst = dp.rules.institutions.get(ptype)
        if not at or inst is None or not inst.subnational:
            return None
        p = m.parsed
        link = dp.person_links.get(dp.full_name(p.person)) if p.kind == "person" and p.person else None
        if link is not None and link.parsed.place is not None:
            return None  # "the governor of Tamsar province, Ilse Marren": the story says where her office is
        row = self._alias_row(" ".join(sorted(w.casefold() for w in ident.person.split())))
        if row is None or row[1] == "guess":
            return None
        got = self.conn.execute("SELECT key FROM sources WHERE id = ?", (row[0],)).fetchone()
        if got is None:
            return None
        held_where, _, held_type = str(got[0]).partition(" @")
        return row[0] if held_type == ptype and held_where != where else None

    def _rival_seat(self, dp: DocumentParties, place: str, ckey: str, country: str, ptype: str) -> bool:
        """Another city the ledger places in the same country has its own body of this type ("the health
        ministry in Darven" beside "the health ministry in Port Selva"): rival seats (a rebel
        administration's and the government's), so the country's name decides for neither; and once one
        city's body became the country's, another city's stays apart."""
        seats = dp.seats
        assert seats is not None
        if self._seated_from.get((ckey, ptype), place) != place:
            return True
        for other, written in self.memory.place_forms.items():
            if other in (place, ckey) or self._by_key(f"{other} @{ptype}") is None:
                continue
            if any(seats(w) == country for w in {*written, other}):
                return True
        return False

    def _index_placed(self, sid: int, key: str) -> None:
        assert self._placed is not None
        place, _, ptype = key.partition(" @")
        inst = _parser(self.vocab).rules.institutions.get(ptype)
        if ptype and inst is not None and inst.national and not _LOCAL_KEY.fullmatch(key):
            self._placed.setdefault(place, []).append((sid, ptype))

    def _fold_seated(self, dp: DocumentParties) -> dict[int, int]:
        """A state's body keyed by a city ("Kessaro health ministry", read from "the health ministry in
        Kessaro" under a bare dateline) is that country's body once the ledger knows which country the
        city lies in ("KESSARO, Vandria - …", "Kessaro, the Vandrian capital"), whichever article came
        first: the city's source joins the country's body of that type (or takes its key, when the
        ledger has none), and the city's key stays an alias of it. Only places this document names are
        looked at (a fact is learnt from a story that names the city); a province or region is no seat
        (``seats`` says so), and a source holding a user's decision stays (``_absorb``)."""
        moved: dict[int, int] = {}
        if dp.seats is None:
            return moved
        if self._placed is None:
            self._placed = {}
            for i, k in self.conn.execute("SELECT id, key FROM sources WHERE key LIKE '% @%'"):
                self._index_placed(int(i), str(k))
            self._seated_from = {}
            for alias, key in self.conn.execute(
                "SELECT a.alias_key, s.key FROM source_aliases a JOIN sources s ON s.id = a.source_id "
                "WHERE a.alias_key LIKE '% @%' AND s.key LIKE '% @%' AND a.alias_key <> s.key"
            ):
                was, _, t1 = str(alias).partition(" @")
                now, _, t2 = str(key).partition(" @")
                if t1 == t2 and not _LOCAL_KEY.fullmatch(str(alias)):
                    self._seated_from.setdefault((now, t2), was)
        if not self._placed:
            return moved
        # every capitalised word and pair of words ("Port Selva", "KESSARO" in a dateline) the ledger keys
        # a body by: how this document writes the place
        forms: dict[str, set[str]] = {}
        for found in (_ONE_CAP.findall(dp.text), _TWO_CAPS.findall(dp.text)):
            for w in set(found):
                if (key := dp.p.place_key(w)) in self._placed:
                    forms.setdefault(key, set()).add(w.casefold())
        for place, written in forms.items():
            if place in self._placed:
                self.memory.saw_place(place, {" ".join(w.split()) for w in written})
        for place in [p for p in forms if p in self._placed]:
            country = next((c for w in sorted(self.memory.place_forms[place]) if (c := dp.seats(w))), None)
            ckey = dp.p.place_key(country) if country else ""
            if not country or not ckey or ckey == place:
                continue
            kept: list[tuple[int, str]] = []
            for sid, ptype in self._placed.pop(place):
                key = f"{place} @{ptype}"
                if self._by_key(key) != sid:
                    continue  # folded or renamed meanwhile
                if self._rival_seat(dp, place, ckey, country, ptype):
                    kept.append((sid, ptype))  # two cities' bodies of one type in one country: neither
                    continue
                target = self._by_key(f"{ckey} @{ptype}")
                row = self.conn.execute("SELECT name FROM sources WHERE id = ?", (sid,)).fetchone()
                name = str(row[0]) if row else key
                if target is None:
                    label = dp.rules.institutions[ptype].label
                    self.conn.execute(
                        "UPDATE sources SET key = ?, name = ? WHERE id = ?",
                        (f"{ckey} @{ptype}", f"{country} {label}", sid),
                    )
                    if self._alias_row(key) is None:
                        self._alias(key, name, sid, "fuzzy")
                    self._keys = None
                    self._resolved.clear()
                    self._placed.setdefault(ckey, []).append((sid, ptype))
                    self._seated_from.setdefault((ckey, ptype), place)
                    continue
                self._absorb(key, target, name, "fuzzy")
                if self._by_key(key) is None:
                    moved[sid] = target
                    self._seated_from.setdefault((ckey, ptype), place)
            if kept:
                self._placed.setdefault(place, []).extend(kept)
        return moved

    def _named_country_body(self, dp: DocumentParties, ident: Identity, *, cited: bool = False) -> int | None:
        """For a state's body the document could not place ("the army", "the defence ministry" in a story
        with no dateline and no fuller name): the one source of that type the ledger keys by a country the
        story names (by its name and its people's word), else None. Two countries named with a body of that
        type each: none, so two countries' generic bodies never meet. Failing those, a country the story
        names once by its name alone, when the ledger keys a body of that type by it and does not know it as a
        city; not for a body another party cites (``cited``: whose body that is, the citing party says)."""
        where, _, itype = ident.key.partition(" @")
        inst = dp.rules.institutions.get(itype)
        if where != dp.doc_key or inst is None or not inst.national:
            return None
        ptype = dp.rules.institutions[inst.party_type].party_type
        found = {sid for place in dp.countries if (sid := self._by_key(f"{place} @{ptype}")) is not None}
        if not found and dp.seats is not None and not cited:
            # "In Kaldmark, the army and the city council gave two accounts … the general staff said": a
            # country the story names once, by its name alone, counts when the ledger keys a body of that
            # type by it and does not know it as a city (a body keyed by a city is a capital's)
            found = {
                sid for place, written in dp.named_places().items()
                if not any(dp.seats(w) for w in written)
                and (sid := self._by_key(f"{place} @{ptype}")) is not None
            }
        return found.pop() if len(found) == 1 else None

    def _seated_body(self, dp: DocumentParties, ident: Identity, c: Claim) -> int | None:
        """For a state's body the document could not place and no country it names owns: the one source of
        that type the ledger keys by the country it places the claim's paragraph's towns in (a live page's
        or a round-up's entry: "10:25 Tarsk - The army said …", "The army said 23 were killed near
        Orlek"), else the story's towns in when its paragraph names none; else None. Towns of two countries
        in the paragraph (or, failing it, in the story) place it in neither: two wars' armies never meet."""
        where, _, itype = ident.key.partition(" @")
        inst = dp.rules.institutions.get(itype)
        if where != dp.doc_key or inst is None or not inst.national or dp.seats is None:
            return None
        ptype = dp.rules.institutions[inst.party_type].party_type
        text = dp.text
        lo = text.rfind("\n", 0, c.span[0]) + 1
        hi = text.find("\n", c.span[0])
        for span in (text[lo : hi if hi >= 0 else len(text)], text):
            countries = set()
            for found in (_ONE_CAP.findall(span), _TWO_CAPS.findall(span)):
                for w in set(found):
                    country = dp.seats(" ".join(w.casefold().replace("’", "'").split()))
                    if country and (ckey := dp.p.place_key(country)):
                        countries.add(ckey)
            if len(countries) > 1:
                return None
            if countries:
                return self._known_body(f"{countries.pop()} @{ptype}")
        return None

    def _known_body(self, key: str) -> int | None:
        """The source of a state's body key as the ledger already has it ("tessary @military" written
        "the Tessarian army": a fuzzy match of one place's forms, as a new key is joined), else None."""
        sid = self._by_alias(key) or self._by_key(key)
        if sid is None:
            for match, _score, _i in process.extract(
                key, self._known_keys(len(key.split())), scorer=fuzz.ratio,
                score_cutoff=self.FUZZY_CUTOFF, limit=5,
            ):
                if similar_keys(key, match) and (sid := self._by_key(match)) is not None:
                    break
        return sid if sid is not None else self._by_demonym(key)

    def _resolve_identity(self, ident: Identity, surface: str, kind: str) -> int:
        """The source of one party: a user's decision on the surface, else the identity's key."""
        memo = (surface, ident.key, ident.person)
        got = self._resolved.get(memo)
        if got is not None:
            return got
        sid = self._resolve_identity_once(ident, surface, kind)
        if len(self._resolved) > 200_000:
            self._resolved.clear()
        self._resolved[memo] = sid
        return sid

    def _resolve_identity_once(self, ident: Identity, surface: str, kind: str) -> int:
        lk = light_key(surface)
        row = self._alias_row(lk) if lk else None
        if row is not None and row[1] in self._DECIDED:
            return row[0]
        canonical = self.vocab.aliases.get(lk) if lk else None
        if canonical:
            got = self.resolve(canonical)
            if got is not None:
                self._alias(lk, surface, got, "user" if lk in self.vocab.user_keys else "auto")
                return got
        key = ident.key
        own = self._own_key(surface)  # what the words alone say, without the document
        sid: int | None = self._by_alias(key) or self._by_key(key)
        origin = "auto"
        if sid is None and ident.exact and len(key) >= 5:
            for match, _score, _i in process.extract(
                key, self._known_keys(len(key.split())), scorer=fuzz.ratio,
                score_cutoff=self.FUZZY_CUTOFF, limit=5,
            ):
                if similar_keys(key, match) and (sid := self._by_key(match)) is not None:
                    origin = "fuzzy"
                    break
            if sid is None and (sid := self._by_demonym(key)) is not None:
                origin = "fuzzy"
            if sid is None and kind == "named" and (sid := self._by_owner(key, surface)) is not None:
                origin = "fuzzy"
        if sid is None and ident.exact and kind == "named":
            sid = self._by_initials(ident.display)  # "IDO" no story defined: the one body of those initials
            origin = "acronym" if sid is not None else origin
        if sid is None:
            shown = display_name(surface) if own == key else ident.display
            cur = self.conn.execute("INSERT INTO sources (name, key) VALUES (?, ?)", (shown, key))
            sid = int(cur.lastrowid or 0)
            self._note_source(sid, shown, key)
            acr = initials(ident.display) if ident.exact and kind == "named" else None
            if acr is not None and self._by_key(acr.casefold()) is not None and self._by_initials(acr) == sid:
                # "IDO estimates …" seen alone before, and now "the International Displacement Office": the
                # acronym's source joins the full name, when no other named source has those initials
                self._absorb(acr.casefold(), sid, acr, "acronym")
        if ident.exact and lk and (own == key or kind == "person"):
            self._alias(lk, surface, sid, origin)  # only names that say alone who they are
        if ident.person and ident.exact and not ident.weak:
            self._link_person(ident.person, sid)
        if ident.exact and kind == "named" and own != key:
            self._absorb(own, sid, surface, "auto")  # an acronym or short name seen alone before
        if ident.exact and kind == "named" and (bare := self._bare_of(key, surface, sid)) is not None:
            self._absorb(bare, sid, surface, "fuzzy")
        return sid

    def _bare_of(self, key: str, surface: str, sid: int) -> str | None:
        """The key of a body's bare name held by a source apart from its possessive name's ``sid`` ("The
        Joint Staff said" kept apart when "Vandria's Joint Staff" already had a source of its own, first
        keyed from a shortened mention, "Vandria said"), when the ledger knows that name for this one owner
        only; else None. The possessive name then folds the bare one in: ``_by_owner``'s rule, whichever
        source came first."""
        m = _OWNER.match(_clean(surface))
        words = key.split()
        if m is None or m.group(1).casefold() not in words or len(words) < 3:
            return None
        owner = m.group(1).casefold()
        bare = " ".join(w for w in words if w != owner)
        other = self._by_key(bare)
        if other is None or other == sid or {o for o in self._owners(bare) if o != owner}:
            return None
        return bare

    def _by_initials(self, acronym: str) -> int | None:
        """The one named source whose name's initials are ``acronym`` ("IDO": the International
        Displacement Office), for an acronym no document of the ledger defined; else None. Scans the named
        sources, only for an acronym the ledger does not hold yet."""
        if not is_acronym(acronym) or len(acronym) < 3:
            return None
        found = {
            int(i) for i, n in self.conn.execute("SELECT id, name FROM sources WHERE key NOT LIKE '%@%'")
            if initials(str(n)) == acronym
        }
        return found.pop() if len(found) == 1 else None

    def _owners(self, key: str) -> dict[str, int]:
        """The named sources whose key is ``key`` with one word more, written as a place's possessive before
        the name ("Aldessa's Coordination Centre for Prisoners of War" for "Coordination Centre for
        Prisoners of War"): owner word -> source."""
        mine = set(key.split())
        out: dict[str, int] = {}
        for other in self._known_keys(len(mine) + 1):
            if "@" in other or not mine < set(other.split()):
                continue
            (extra,) = set(other.split()) - mine
            sid = self._by_key(other)
            if sid is None:
                continue
            names = [str(n) for (n,) in self.conn.execute(
                "SELECT alias FROM source_aliases WHERE source_id = ? "
                "UNION SELECT name FROM sources WHERE id = ?", (sid, sid),
            )]
            if any((m := _OWNER.match(n)) is not None and m.group(1).casefold() == extra for n in names):
                out[extra] = sid
        return out

    def _by_owner(self, key: str, surface: str) -> int | None:
        """A body's own name with and without its country's possessive is one party when the ledger knows it
        for one country only: "the National Refugee Commission" after "Tavaru's National Refugee Commission"
        (and the reverse: the owned name finds the bare one). Two countries' bodies of one name: none."""
        m = _OWNER.match(_clean(surface))
        if m is None:
            owners = self._owners(key)
            return next(iter(owners.values())) if len(owners) == 1 else None
        owner = m.group(1).casefold()
        mine = key.split()
        if owner not in mine:
            return None
        bare = " ".join(w for w in mine if w != owner)
        sid = self._by_key(bare)
        if sid is None:
            return None
        others = {o for o in self._owners(bare) if o != owner}
        return None if others else sid

    def _by_surname(self, surname: str) -> int | None:
        """The source of the one person the ledger knows by a full name holding ``surname`` (a person's
        key is their name's words, sorted): their linked body, else their own source; None when no one or
        more than one source fits. Runs only for a titled surname no source or alias holds yet."""
        pattern = (f"{surname} %", f"% {surname}")
        found: set[int] = set()
        for key, sid in self.conn.execute(
            "SELECT alias_key, source_id FROM source_aliases WHERE origin = 'person' AND "
            "(alias_key LIKE ? OR alias_key LIKE ?)", pattern,
        ):
            if surname in str(key).split() and len(str(key).split()) <= 3:
                found.add(int(sid))
        for sid, key, name in self.conn.execute(
            "SELECT id, key, name FROM sources WHERE key LIKE ? OR key LIKE ?", pattern
        ):
            words = str(key).split()
            if surname in words and len(words) <= 3 and "@" not in str(key) and _person_like(str(name)):
                found.add(int(sid))
        return found.pop() if len(found) == 1 else None

    def _link_person(self, person: str, sid: int, *, guess: bool = False) -> None:
        """Remember that ``person`` speaks for source ``sid``; an earlier own source of theirs joins it.

        A ``guess`` (origin ``guess``) never replaces a link; a stated link replaces a guess.
        """
        pkey = " ".join(sorted(w.casefold() for w in person.split()))
        if (pkey, sid) in self._linked:
            return
        row = self._alias_row(pkey)
        if row is None:
            self._alias(pkey, person, sid, "guess" if guess else "person")
        elif row[1] == "guess" and not guess and row[0] != sid:
            self.conn.execute(
                "UPDATE source_aliases SET source_id = ?, origin = 'person' WHERE alias_key = ?", (sid, pkey)
            )
            self._resolved.clear()
            self._named = None  # the short-name list may hold this alias under its old source
        if guess:
            return
        self._absorb(pkey, sid, person, "person")
        if len(self._linked) > 200_000:
            self._linked.clear()
        self._linked.add((pkey, sid))

    def _absorb(self, key: str, sid: int, name: str, origin: str) -> None:
        """Fold the source keyed ``key`` (a person or acronym first seen alone) into ``sid``.

        Only sources the machine made alone are folded: one holding a user's decision stays.
        """
        other = self._by_key(key)
        if other is None or other == sid:
            if self._alias_row(key) is None:
                self._alias(key, name, sid, origin)
            return
        decided = self.conn.execute(
            "SELECT 1 FROM source_aliases WHERE source_id = ? AND origin IN ('user', 'merge', 'split')",
            (other,),
        ).fetchone()
        if decided:
            return
        self.conn.execute(
            "UPDATE source_aliases SET source_id = ?, origin = ? WHERE source_id = ?", (sid, origin, other)
        )
        self.conn.execute("UPDATE claims SET source_id = ? WHERE source_id = ?", (sid, other))
        self.conn.execute("DELETE FROM sources WHERE id = ?", (other,))
        self.memory.gone(other)
        self._gone[other] = sid
        if self._alias_row(key) is None:
            self._alias(key, name, sid, origin)
        self._keys = None
        self._named = None
        self._resolved.clear()
        self._linked.clear()

"""Sources: the same party, however an article names it, lands on one ``sources`` row.

Three layers, from exact to loose, so that a reviewer can always see why two
names were joined (``source_aliases.origin``):

1. a normalised *key* (``source_key``): case, articles, possessives, word
   order ("ministry of health" = "health ministry"), demonyms ("Varnian" =
   "Varnia") and role words ("officials", "spokesman") are ignored;
2. fuzzy matching of keys with rapidfuzz, conservative on purpose: the same
   number of words and every differing word a near spelling of the other;
3. inside one document only, a surname links to the full name seen there,
   and "the health ministry" to "Varnia's health ministry" when the missing
   words are places that document talks about.

User decisions (aliases file, ``merge``, ``split``) are stored as alias rows
and always win, because an alias row is looked up before any key is computed.
Nothing here ranks, scores or grades a party: every party is treated alike.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..errors import LedgerError
from .aliases import bundled, user_aliases

_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")

ORG_WORDS: frozenset[str] = frozenset(bundled("source_aliases")["org_words"])
PERSON_TITLES: frozenset[str] = frozenset(bundled("source_aliases")["person_titles"])
_NOT_IN_NAMES: frozenset[str] = (
    ORG_WORDS | frozenset(bundled("source_aliases")["role_words"])
    | frozenset(bundled("source_aliases")["stop_words"]) | frozenset(bundled("source_aliases")["demonyms"])
    | frozenset(bundled("source_aliases")["abbreviations"])
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'-]*$")


def person_name(name: str) -> list[str] | None:
    """The personal name in a party's name, or None when it does not name a person.

    The trailing run of two or three capitalised words that are not words of
    bodies ("Force", "Group"), when it is the whole name ("Ana Rell") or follows
    a title or role ("Colonel Ana Rell", "Ministry spokeswoman Adela Morrow").
    """
    words = [_POSSESSIVE.sub("", w) for w in _clean(name).split()]
    tail: list[str] = []
    for w in reversed(words):
        low = w.casefold().rstrip(".")
        if (
            not _NAME_WORD.match(w.rstrip(".")) or not w[:1].isupper() or w.isupper() or low in _NOT_IN_NAMES
            or low in PERSON_TITLES or len(tail) == 3
        ):
            break
        tail.insert(0, w)
    if len(tail) < 2:
        return None
    rest = words[: len(words) - len(tail)]
    if rest and rest[-1].casefold().rstrip(".") not in PERSON_TITLES:
        return None
    return tail


@dataclass(frozen=True, slots=True)
class SourceVocab:
    """Normalisation data: bundled ``data/source_aliases.json`` merged with the user's file."""

    aliases: dict[str, str]
    user_keys: frozenset[str]
    abbreviations: dict[str, str]
    spellings: dict[str, str]
    demonyms: dict[str, str]
    not_demonyms: frozenset[str]
    drop: frozenset[str]

    @classmethod
    def load(cls, user_file: str | None = None) -> SourceVocab:
        data = bundled("source_aliases")
        user = {light_key(k): v for k, v in user_aliases(user_file)["sources"].items()}
        aliases = {light_key(k): v for k, v in data["aliases"].items()}
        aliases.update(user)
        return cls(
            aliases=aliases,
            user_keys=frozenset(user),
            abbreviations=dict(data["abbreviations"]),
            spellings=dict(data["spellings"]),
            demonyms=dict(data["demonyms"]),
            not_demonyms=frozenset(data["not_demonyms"]),
            drop=frozenset(data["role_words"]) | frozenset(data["stop_words"]),
        )


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def light_key(name: str) -> str:
    """Case- and spacing-insensitive form of a name as written: the ``alias_key`` of a surface form."""
    text = _EDGE.sub("", _clean(name).casefold())
    return _ARTICLE.sub("", text)


def display_name(name: str) -> str:
    """How a new source is shown: the name as first written, without a leading article."""
    text = _EDGE.sub("", _clean(name))
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE) or text


def key_tokens(name: str, vocab: SourceVocab) -> list[str]:
    """Sorted distinct content words of a name after every normalisation in the module doc.

    A person is keyed by their name alone: "Prosecutor Greta Vidal" = "Greta Vidal".
    """
    person = person_name(name)
    if person is not None:
        return sorted({w.casefold() for w in person})
    text = _POSSESSIVE.sub("", _clean(name))
    out: set[str] = set()
    for word in _WORD.findall(text):
        low = word.casefold()
        expanded = vocab.abbreviations.get(low)
        parts = _WORD.findall(expanded) if expanded else [low]
        for part in parts:
            if part in vocab.demonyms:
                out.update(_WORD.findall(vocab.demonyms[part]))
                continue
            if (
                word[:1].isupper() and part.endswith("ian") and len(part) > 5
                and part not in vocab.not_demonyms
            ):
                part = part[:-1]  # Varnian -> Varnia
            part = vocab.spellings.get(part, part)
            if part not in vocab.drop:
                out.add(part)
    return sorted(out)


def source_key(name: str, vocab: SourceVocab) -> str:
    """The normalised key of a party name; falls back to the light key when every word is generic."""
    toks = key_tokens(name, vocab)
    return " ".join(toks) if toks else light_key(name)


def similar_keys(a: str, b: str) -> bool:
    """Conservative fuzzy test: same word count; differing words long, same initial, ratio ≥ 85."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or a == b:
        return a == b
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        if len(x) < 5 or len(y) < 5 or x[0] != y[0] or x.isdigit() or y.isdigit():
            return False
        if fuzz.ratio(x, y) < 85:
            return False
    return True


def _person_like(name: str) -> bool:
    return person_name(name) is not None


def _plain_words(name: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(_POSSESSIVE.sub("", _clean(name)))}


def _generic_words(name: str) -> set[str]:
    """Words of a generic back-reference ("the ministry", "the health ministry"), else empty.

    Generic means one or two lower-case words after an optional article: a
    description of a party already named in full, not a name of its own.
    """
    words = _clean(name).split()
    if words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    if not 1 <= len(words) <= 2 or not all(w.isalpha() and w.islower() for w in words):
        return set()
    return {w.casefold() for w in words}


def context_links(
    names: Iterable[str], places: Iterable[str], vocab: SourceVocab,
    tokens: Callable[[str], tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """Short names in one document linked to the one fuller name they stand for there.

    ``{"Rell": "Ana Rell", "the health ministry": "Varnia's health ministry",
    "the ministry": "Varnia's Ministry of Health"}``: a surname to the full name, a name
    without its place to the one with it, a generic back-reference to the one name that
    contains its words. A link is made only when exactly one fuller name fits, so an
    ambiguous short name stays its own source.
    """
    distinct = list(dict.fromkeys(n for n in names if n and n.strip()))
    if len(distinct) < 2:
        return {}
    tok = tokens or (lambda n: tuple(key_tokens(n, vocab)))
    place_tokens: set[str] = set()
    for p in places:
        place_tokens.update(tok(p))
    toks = {n: set(tok(n)) for n in distinct}
    links: dict[str, str] = {}
    for short in distinct:
        words = _clean(short).split()
        candidates: list[str] = []
        if len(words) == 1 and words[0][:1].isupper():
            candidates = [
                n for n in distinct if n != short
                and (person := person_name(n)) is not None and person[-1].casefold() == words[0].casefold()
            ]
        if not candidates and toks[short]:
            candidates = [
                n for n in distinct
                if toks[short] < toks[n] and (toks[n] - toks[short]) <= place_tokens
            ]
        if not candidates and (generic := _generic_words(short)):
            candidates = [n for n in distinct if n != short and generic < _plain_words(n)]
        if len({" ".join(sorted(toks[c])) for c in candidates}) == 1:
            links[short] = candidates[0]
    return links


class SourceResolver:
    """Finds or creates the ``sources`` row for each name; call inside the document's transaction."""

    FUZZY_CUTOFF = 88.0

    def __init__(self, conn: sqlite3.Connection, vocab: SourceVocab) -> None:
        self.conn = conn
        self.vocab = vocab
        self._keys: dict[int, list[str]] | None = None
        self._key = lru_cache(maxsize=65536)(lambda n: source_key(n, vocab))
        self._tokens = lru_cache(maxsize=65536)(lambda n: tuple(key_tokens(n, vocab)))

    def _known_keys(self, words: int) -> list[str]:
        """Source keys of ``words`` words: fuzzy matching only ever joins keys of equal length."""
        if self._keys is None:
            self._keys = {}
            for (key,) in self.conn.execute("SELECT key FROM sources"):
                self._keys.setdefault(len(key.split()), []).append(key)
        return self._keys.setdefault(words, [])

    def _by_alias(self, key: str) -> int | None:
        row = self.conn.execute("SELECT source_id FROM source_aliases WHERE alias_key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def _by_key(self, key: str) -> int | None:
        row = self.conn.execute("SELECT id FROM sources WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def _alias(self, lk: str, name: str, sid: int, origin: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO source_aliases (alias_key, alias, source_id, origin) VALUES (?, ?, ?, ?)",
            (lk, _clean(name), sid, origin),
        )

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
        if sid is None:
            cur = self.conn.execute(
                "INSERT INTO sources (name, key) VALUES (?, ?)", (display_name(canonical or name), hk)
            )
            sid = int(cur.lastrowid or 0)
            self._known_keys(len(hk.split())).append(hk)
        self._alias(lk, name, sid, origin)
        return sid

    def resolve_document(self, names: Iterable[str], places: Iterable[str] = ()) -> dict[str, int]:
        """Source ids for every name in one document, with the in-document links applied."""
        names = [n for n in names if n and n.strip()]
        links = context_links(names, places, self.vocab, self._tokens)
        out: dict[str, int] = {}
        for name in dict.fromkeys(names):
            if name in links:
                continue
            sid = self.resolve(name)
            if sid is not None:
                out[name] = sid
        for short, full in links.items():
            if full in out:
                out[short] = out[full]
        return out


def find_source(conn: sqlite3.Connection, ref: str, vocab: SourceVocab) -> int:
    """A source by id, display name, any alias, or key; LedgerError if none matches."""
    ref = ref.strip()
    if ref.isdigit() and conn.execute("SELECT 1 FROM sources WHERE id = ?", (int(ref),)).fetchone():
        return int(ref)
    for sql, arg in (
        ("SELECT id FROM sources WHERE name = ? COLLATE NOCASE", ref),
        ("SELECT source_id FROM source_aliases WHERE alias_key = ?", light_key(ref)),
        ("SELECT source_id FROM source_aliases WHERE alias_key = ?", source_key(ref, vocab)),
        ("SELECT id FROM sources WHERE key = ?", source_key(ref, vocab)),
    ):
        row = conn.execute(sql, (arg,)).fetchone()
        if row:
            return int(row[0])
    raise LedgerError(f"no source matches {ref!r}; list them with `claimledger sources`")


def _begin(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")


def merge_sources(conn: sqlite3.Connection, a: str, b: str, vocab: SourceVocab) -> tuple[str, str]:
    """Fold source ``a`` into ``b``: its aliases, its key and its claims move; returns both names.

    ``a``'s key stays behind as an alias of ``b`` (origin ``merge``) so names that
    normalise like ``a`` keep landing on ``b`` in later ingests.
    """
    src, dst = find_source(conn, a, vocab), find_source(conn, b, vocab)
    if src == dst:
        raise LedgerError(f"{a!r} and {b!r} are already the same source")
    _begin(conn)
    try:
        key_a, name_a = conn.execute("SELECT key, name FROM sources WHERE id = ?", (src,)).fetchone()
        (name_b,) = conn.execute("SELECT name FROM sources WHERE id = ?", (dst,)).fetchone()
        conn.execute(
            "UPDATE source_aliases SET source_id = ?, origin = 'merge' WHERE source_id = ?", (dst, src)
        )
        conn.execute(
            "INSERT OR REPLACE INTO source_aliases (alias_key, alias, source_id, origin) "
            "VALUES (?, ?, ?, 'merge')", (key_a, name_a, dst),
        )
        conn.execute("UPDATE claims SET source_id = ? WHERE source_id = ?", (dst, src))
        conn.execute("DELETE FROM sources WHERE id = ?", (src,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return str(name_a), str(name_b)


def split_alias(conn: sqlite3.Connection, alias: str) -> tuple[int, str]:
    """Give one surface form its own new source (origin ``split``); its claims move with it.

    Returns the new source id and the name of the source it left. Claims that
    were linked only through in-document context (a surname) stay where they are.
    """
    lk = light_key(alias)
    row = conn.execute("SELECT source_id, alias FROM source_aliases WHERE alias_key = ?", (lk,)).fetchone()
    if row is None:
        raise LedgerError(f"no alias {alias!r}; see `claimledger sources --format json` for aliases")
    old = int(row[0])
    others = conn.execute(
        "SELECT COUNT(*) FROM source_aliases WHERE source_id = ? AND alias_key != ?", (old, lk)
    ).fetchone()[0]
    if not others:
        raise LedgerError(f"{alias!r} is the only name of its source; there is nothing to split off")
    conn.create_function("cl_light_key", 1, light_key, deterministic=True)
    _begin(conn)
    try:
        (old_name,) = conn.execute("SELECT name FROM sources WHERE id = ?", (old,)).fetchone()
        cur = conn.execute(
            "INSERT INTO sources (name, key) VALUES (?, ?)", (display_name(str(row[1])), f"split:{lk}")
        )
        new = int(cur.lastrowid or 0)
        conn.execute(
            "UPDATE source_aliases SET source_id = ?, origin = 'split' WHERE alias_key = ?", (new, lk)
        )
        conn.execute(
            "UPDATE claims SET source_id = ? WHERE source_id = ? AND cl_light_key(source) = ?", (new, old, lk)
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return new, str(old_name)

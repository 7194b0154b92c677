"""Party names as text: keys, light keys, person names, and the normalisation vocabulary.

The word-level half of ``sources``: what a name's key is made of (case, articles,
possessives, abbreviations, demonyms, spellings, role words; a person by their
name alone), with no database and no party model. Both ``sources`` and
``parties`` build on it, so neither needs to import the other to get a key.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .aliases import UserAliases, bundled, ledger_aliases, user_aliases

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
    got = _person_name(name)
    return None if got is None else list(got)


@lru_cache(maxsize=65536)
def _person_name(name: str) -> tuple[str, ...] | None:
    """``person_name``, cached: ingest asks it about the same names many times per article (every
    capitalised run, every speaker, every side phrase) and across articles (a rotating cast)."""
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
    return tuple(tail)


def titled_surname(name: str) -> str | None:
    """The surname in a name that is titles and one name word ("Maj Gen Koll", "Dr Coster"), else None.

    A second mention keeps the title and drops the first name; the document (or the ledger) names
    the same person in full, and ``parties`` reads the surname as that person."""
    words = [_POSSESSIVE.sub("", w) for w in _clean(name).split()]
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    if len(words) < 2 or not all(w.casefold().rstrip(".") in PERSON_TITLES for w in words[:-1]):
        return None
    last = words[-1]
    low = last.casefold()
    if not _NAME_WORD.match(last) or not last[:1].isupper() or last.isupper() or low in _NOT_IN_NAMES:
        return None
    return None if low in PERSON_TITLES else last


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
    def load(cls, user_file: str | None = None, *, user_data: UserAliases | None = None) -> SourceVocab:
        """Bundled data plus the user's aliases: ``user_data``, else the file (or $CLAIMLEDGER_ALIASES)."""
        data = bundled("source_aliases")
        table = (user_data if user_data is not None else user_aliases(user_file))["sources"]
        user = {light_key(k): v for k, v in table.items()}
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

    @classmethod
    def for_ledger(cls, conn: sqlite3.Connection) -> SourceVocab:
        """The vocabulary of the ledger on ``conn``: with the aliases it recorded (see ``aliases``)."""
        return cls.load(user_data=ledger_aliases(conn))


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


@lru_cache(maxsize=16384)
def light_key(name: str) -> str:
    """Case- and spacing-insensitive form of a name as written: the ``alias_key`` of a surface form.

    Memoised: every claim's speaker is keyed, and a corpus names the same parties again and again."""
    text = _EDGE.sub("", _clean(name).casefold())
    return _ARTICLE.sub("", text)


_BACK_REFERENCE = re.compile(r"^(?:the|its|their)\s+([a-z][\w-]*)$", re.I)


@lru_cache(maxsize=16384)
def same_speaker(a: str, b: str) -> bool:
    """Whether two source names one article writes name one party, as far as words alone tell:
    the same name, or a definite short name ("the office") whose head ends the other name ("the
    Prosecutor-General's Office"): an article's back-reference to the body it named. Used where
    parties are not yet resolved (a figure's population leans on the same voice's figure before it).
    Memoised like ``light_key``: it reads only the two names.
    """
    ka, kb = light_key(a), light_key(b)
    if ka == kb:
        return True
    for short, full in ((a, kb), (b, ka)):
        m = _BACK_REFERENCE.match(_clean(short))
        if m is not None and " " in full:
            head = m.group(1).casefold()
            last = _POSSESSIVE.sub("", full.rsplit(" ", 1)[1])
            if last in (head, head + "s") or head in (last, last + "s"):
                return True
    return False


_OF_SMALL = frozenset(("of", "for", "the", "and", "on"))


def described_of(words: Sequence[str], type_words: Collection[str]) -> tuple[list[str], str | None] | None:
    """The body's own name in "<description> of the <Name>", and the person when the description is one;
    else None. "The field mission of the Tolmar Compact", "monitors from the Calder Watch", "Ilse Varga of
    the Orrin Institute" say what the possessive says ("the Tolmar Compact's field mission"): the body
    speaks (through that person). The description is one to three lower-case words (a capitalised first
    word only before "from": "Monitors from the Calder Watch"; "Friends of the Marsh" is a name) or a
    person's name; the name after "the" is capitalised words and small words, no possessive. A
    description holding a type of state body ("the health ministry of the Ember Authority") is that
    body's organ, left to the institution rules; a role before "of" is the role rule's ("spokesman of")."""
    low = [w.casefold() for w in words]
    while low and low[0] in ("the", "a", "an"):
        low, words = low[1:], words[1:]
    at = next((i for i, w in enumerate(low) if w in ("of", "from")), None)
    if at is None or low[at + 1 : at + 2] != ["the"]:
        return None
    desc, name = list(words[:at]), list(words[at + 2 :])
    if not name or not name[0][:1].isupper() or not all(
        (w[:1].isupper() and not _POSSESSIVE.search(w) and not w.endswith("'")) or w in _OF_SMALL
        for w in name
    ):
        return None
    person = person_name(" ".join(desc)) if desc else None
    if person is not None and len(person) == len(desc) - sum(
        w.casefold().rstrip(".") in PERSON_TITLES for w in desc
    ):
        return name, " ".join(person)
    plain = [desc[0].lower() if low[at] == "from" else desc[0], *desc[1:]] if desc else []
    if not 1 <= len(plain) <= 3 or not all(
        w.isalpha() and w.islower() and w not in type_words and w not in _OF_SMALL for w in plain
    ):
        return None
    return name, None


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

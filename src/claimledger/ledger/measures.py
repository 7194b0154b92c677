"""Measures: claims about the same quantity, however worded, share one ``measures`` row.

A measure is the tuple (event, normalised subject, place, period start, unit):
"more than 4,100 Brennick residents killed since March" and "4,020 civilians
have been killed in Brennick" count the same thing, so reconciliation can put
them on one timeline. The subject rule lives in ``data/subject_aliases.json``
(and the user's aliases file) so the desk can read and change it.

Claims whose event is ``other`` and that name no subject get no measure: they
say nothing about *what* is counted, and grouping them would invent conflicts.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..model import Claim
from .aliases import bundled, user_aliases

_WORD = re.compile(r"[\w'-]+")

EVENT_WORDS: dict[str, str] = {
    "killed": "killed", "injured": "injured", "captive": "held captive", "detained": "detained",
    "displaced": "displaced", "missing": "missing", "destroyed": "destroyed", "attacks": "attacks",
    "forces": "forces", "other": "",
}


@dataclass(frozen=True, slots=True, eq=False)
class SubjectVocab:
    """Subject aliases (bundled merged with the user's) and words dropped from subjects.

    Compared and hashed by identity, so normalisation results can be cached per vocabulary.
    """

    aliases: dict[str, str]
    stop: frozenset[str]

    @classmethod
    def load(cls, user_file: str | None = None) -> SubjectVocab:
        data = bundled("subject_aliases")
        aliases = {k.casefold(): v for k, v in data["aliases"].items()}
        aliases.update({k.casefold(): v for k, v in user_aliases(user_file)["subjects"].items()})
        return cls(aliases=aliases, stop=frozenset(data["stop_words"]))


@dataclass(frozen=True, slots=True)
class MeasureKey:
    """What a measure counts; ``id`` is a hash of the case-folded fields."""

    event: str
    subject: str | None
    place: str | None
    period_start: str | None
    unit: str

    @property
    def id(self) -> str:
        place = (self.place or "").casefold()
        parts = [self.event, self.subject or "", place, self.period_start or "", self.unit]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]

    @property
    def label(self) -> str:
        """Readable name, e.g. 'civilians killed in Brennick since 2030-03-01'."""
        what = " ".join(w for w in (self.subject, EVENT_WORDS.get(self.event, self.event)) if w)
        if self.subject is None and self.event not in ("attacks", "forces"):
            what = f"{what} (subject not stated)"
        if self.unit == "percent":
            what = f"% of {what}"
        if self.place:
            what += f" in {self.place}"
        if self.period_start:
            what += f" since {self.period_start}"
        return what


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold().split())


def normalise_place(place: str | None) -> str | None:
    """A place as shown in measure labels: spacing tidied, a leading 'the' dropped."""
    if not place or not place.strip():
        return None
    text = " ".join(unicodedata.normalize("NFKC", place).split()).strip(" .,;:")
    return re.sub(r"^(?:the|The)\s+", "", text) or None


def normalise_subject(subject: str | None, place: str | None, vocab: SubjectVocab) -> str | None:
    """The subject with stop words, numbers and the place's own words removed, then aliased.

    The whole remaining phrase is looked up first ("aid workers"), then its last
    word ("Brennick residents" -> "residents" -> "civilians"); otherwise the phrase stays.
    """
    if not subject:
        return None
    place_words = set(_WORD.findall(_fold(place))) if place else set()
    words = [
        w for w in _WORD.findall(_fold(subject))
        if w not in vocab.stop and w not in place_words and not any(c.isdigit() for c in w)
    ]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in vocab.aliases:
        return vocab.aliases[phrase]
    if words[-1] in vocab.aliases:
        return vocab.aliases[words[-1]]
    return phrase


@lru_cache(maxsize=65536)
def _normalised(subject: str | None, place: str | None, vocab: SubjectVocab) -> tuple[str | None, str | None]:
    norm_place = normalise_place(place)
    return normalise_subject(subject, norm_place, vocab), norm_place


def measure_key(claim: Claim, vocab: SubjectVocab) -> MeasureKey | None:
    """The measure a claim counts towards, or None when it names nothing countable."""
    subject, place = _normalised(claim.subject, claim.place, vocab)
    if claim.event == "other" and subject is None:
        return None
    return MeasureKey(claim.event, subject, place, claim.period_start or None, claim.unit)


def ensure_measure(conn: sqlite3.Connection, key: MeasureKey) -> str:
    """Insert the measure row if it is new; returns its id. Call inside a transaction."""
    mid = key.id
    conn.execute(
        "INSERT OR IGNORE INTO measures (id, event, subject, place, period_start, unit, label) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (mid, key.event, key.subject, key.place, key.period_start, key.unit, key.label),
    )
    return mid


def refresh_claim_measure(
    conn: sqlite3.Connection, claim_id: str, vocab: SubjectVocab | None = None
) -> str | None:
    """Recompute one claim's measure from its current (possibly reviewed) values.

    For the review page: after a correction of event, subject, place, period
    or unit, call this inside the same transaction so the claim moves to the
    right measure.
    """
    row = conn.execute(
        "SELECT event, subject, place, period_start, unit FROM claims WHERE id = ?", (claim_id,)
    ).fetchone()
    if row is None:
        return None
    vocab = vocab or SubjectVocab.load()
    place = normalise_place(row[2])
    subject = normalise_subject(row[1], place, vocab)
    mid: str | None = None
    if not (row[0] == "other" and subject is None):
        mid = ensure_measure(conn, MeasureKey(row[0], subject, place, row[3] or None, row[4]))
    conn.execute("UPDATE claims SET measure_id = ? WHERE id = ?", (mid, claim_id))
    return mid

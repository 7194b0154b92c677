"""Measures: claims about the same quantity, however worded, share one ``measures`` row.

A measure is the tuple (event, normalised subject, place, period start, unit):
"more than 4,100 Brennick residents killed since March" and "4,020 civilians
have been killed in Brennick" count the same thing, so reconciliation can put
them on one timeline. The subject rule lives in ``data/subject_aliases.json``
(and the user's aliases file) so the desk can read and change it.

Claims whose event is ``other`` get no measure: without an event the subject
alone ("people", "homes") does not say what happened to what is counted, and
grouping such figures would invent conflicts (200,000 people vs 2 people).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..model import Claim
from .aliases import bundled, user_aliases
from .doc_context import PHASE_NAMES, Known, read_context, war_start_of
from .measure_context import DocumentMeasures, Resolved
from .overrides import apply_measure_overrides

_DEMONYMS: frozenset[str] = frozenset(bundled("source_aliases")["demonyms"])

_WORD = re.compile(r"[\w'-]+")

#: How a label reads per event: {s} is the subject, or None when the claim names none.
LABELS: dict[str, tuple[str, str]] = {
    "killed": ("{s} killed", "killed (subject not stated)"),
    "injured": ("{s} injured", "injured (subject not stated)"),
    "captive": ("{s} held captive", "held captive (subject not stated)"),
    "detained": ("{s} detained", "detained (subject not stated)"),
    "displaced": ("{s} displaced", "displaced (subject not stated)"),
    "missing": ("{s} missing", "missing (subject not stated)"),
    "destroyed": ("{s} destroyed", "destroyed (subject not stated)"),
    "attacks": ("attacks on {s}", "attacks"),
    "forces": ("{s} (force size)", "force size"),
    "other": ("{s}", "(subject not stated)"),
}


@dataclass(frozen=True, slots=True, eq=False)
class SubjectVocab:
    """Subject aliases (bundled merged with the user's) and words dropped from subjects.

    Compared and hashed by identity, so normalisation results can be cached per vocabulary.
    """

    aliases: dict[str, str]
    stop: frozenset[str]
    #: the user's own subject aliases alone: they name a claim's population in the ledger's measures
    user: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, user_file: str | None = None) -> SubjectVocab:
        data = bundled("subject_aliases")
        aliases = {k.casefold(): v for k, v in data["aliases"].items()}
        user = {k.casefold(): v for k, v in user_aliases(user_file)["subjects"].items()}
        aliases.update(user)
        return cls(aliases=aliases, stop=frozenset(data["stop_words"]), user=user)


@dataclass(frozen=True, slots=True)
class MeasureKey:
    """What a measure counts; ``id`` is a hash of the case-folded fields.

    ``subject`` is the population class ("soldiers", "children"); ``affiliation`` whose they are
    (a side key such as "veska", or "¬veska" for the other side of Veskara's), shown as
    ``affiliation_name``; ``period_kind`` is cumulative (since ``period_start``: a date, "war"
    for since the war began, or a named start), window (ending ``period_end``), incident (on
    ``period_end``), stock (on ``period_end``) or share. Keys made without a kind (before
    measures.v1) keep their old ids.
    """

    event: str
    subject: str | None
    place: str | None
    period_start: str | None
    unit: str
    affiliation: str | None = None
    period_kind: str | None = None
    period_end: str | None = None
    period_days: int | None = None
    affiliation_name: str | None = field(default=None, compare=False)
    place_name: str | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        place = (self.place or "").casefold()
        parts = [self.event, self.subject or "", place, self.period_start or "", self.unit]
        if self.period_kind is not None:
            parts += [self.affiliation or "", self.period_kind, self.period_end or ""]
            parts.append(str(self.period_days or ""))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]

    @property
    def running(self) -> bool:
        """A running total: it counts since a start, so it may only go up."""
        if self.period_kind is None:
            return self.period_start is not None
        return self.period_kind == "cumulative"

    @property
    def label(self) -> str:
        """Readable name, e.g. 'civilians killed in Brennick since 2030-03-01'."""
        with_subject, without = LABELS.get(self.event, ("{s} " + self.event, self.event))
        subject = self.subject
        if subject and self.affiliation_name:
            who = self.affiliation_name
            enemy = who.startswith("enemy of")
            subject = f"{subject} ({who})" if enemy else f"{who} {subject}"
        what = with_subject.format(s=subject) if subject else without
        if self.unit == "percent":
            what = f"% of {what}"
        place = self.place_name or self.place
        if place:
            what += f" in {place}"
        kind = self.period_kind
        if kind is None:
            if self.period_start:
                what += f" since {self.period_start}"
        elif kind == "cumulative":
            what += " since the war began" if self.period_start == "war" else f" since {self.period_start}"
        elif kind == "window":
            if self.period_days == 1:
                what += f" in the 24 hours to {self.period_end}"
            elif self.period_start and len(self.period_start) == 7:
                what += f" in {self.period_start}"
            else:
                what += f" in the {self.period_days} days to {self.period_end}"
        elif kind == "incident":
            what += f" in one incident on {self.period_end}"
        elif kind == "stock":
            what += f" (at {self.period_end})" if self.period_end else ""
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
    """The normalised subject alone (see ``subject_and_place``)."""
    return subject_and_place(subject, place, vocab)[0]


def _demonym_like(word: str) -> bool:
    low = word.casefold()
    return low in _DEMONYMS or low.endswith(("ian", "ese", "i", "ish"))


@lru_cache(maxsize=65536)
def subject_and_place(
    subject: str | None, place: str | None, vocab: SubjectVocab, sentence_initial: bool = False
) -> tuple[str | None, str | None]:
    """Normalised (subject, place) of a claim.

    Stop words, numbers and the words of the claim's own place leave the subject.
    Lower-case modifiers go too ("young men" -> "men"); proper-noun modifiers stay,
    because "Varnian soldiers" and "soldiers" are not the same count. The
    whole remaining phrase is looked up in the aliases, else its last word
    ("aid workers"; "residents" -> "civilians"). When the claim names no place and
    the subject has exactly one proper-noun modifier that is not a nationality
    ("Brennick residents"), that word is the place. ``sentence_initial`` says the
    subject opens its sentence, so its first word's capital proves nothing.
    """
    norm_place = normalise_place(place)
    if not subject:
        return None, norm_place
    text = unicodedata.normalize("NFKC", subject).replace("\u2019", "'")
    place_words = set(_WORD.findall(_fold(norm_place))) if norm_place else set()
    kept: list[tuple[str, bool]] = []  # (folded word, proper noun?)
    for i, raw in enumerate(_WORD.findall(text)):
        w = raw.casefold()
        w = w[:-2] if w.endswith("'s") else w
        if w in vocab.stop or w in place_words or any(c.isdigit() for c in w):
            continue
        proper = raw[:1].isupper() and not (i == 0 and sentence_initial)
        kept.append((w, proper))
    if not kept:
        return None, norm_place
    words = [w for w, _ in kept]
    phrase = " ".join(words)
    if phrase in vocab.aliases:
        return vocab.aliases[phrase], norm_place
    head = vocab.aliases.get(words[-1])
    if head is None:
        return phrase, norm_place
    modifiers = [(w, p) for w, p in kept[:-1] if p]
    if norm_place is None and len(modifiers) == 1 and not _demonym_like(modifiers[0][0]):
        raw_words = [r for r in _WORD.findall(text) if r.casefold().removesuffix("'s") == modifiers[0][0]]
        return head, (raw_words[0].removesuffix("'s") if raw_words else modifiers[0][0])
    return " ".join([w for w, _ in modifiers] + [head]), norm_place


def _sentence_initial(subject_start: int | None, sentence_start: int | None) -> bool:
    return subject_start is not None and sentence_start is not None and subject_start <= sentence_start + 1


def measure_key(claim: Claim, vocab: SubjectVocab) -> MeasureKey | None:
    """The measure a claim counts towards, or None when it names nothing countable."""
    if claim.event == "other":
        return None
    initial = _sentence_initial(claim.subject_span[0] if claim.subject_span else None, claim.sentence_span[0])
    subject, place = subject_and_place(claim.subject, claim.place, vocab, initial)
    return MeasureKey(claim.event, subject, place, claim.period_start or None, claim.unit)


@lru_cache(maxsize=1)
def _default_vocab() -> SubjectVocab:
    return SubjectVocab.load()


def ensure_measure(conn: sqlite3.Connection, key: MeasureKey) -> str:
    """Insert the measure row if it is new; returns its id. Call inside a transaction."""
    mid = key.id
    conn.execute(
        "INSERT OR IGNORE INTO measures (id, event, subject, place, period_start, unit, label, affiliation, "
        "period_kind, period_end, running) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (mid, key.event, key.subject, key.place, key.period_start, key.unit, key.label, key.affiliation,
         key.period_kind, key.period_end, int(key.running)),
    )
    return mid


def key_from_resolved(r: Resolved | None) -> MeasureKey | None:
    """The measure key of a claim resolved in its article's context (``measure_context``)."""
    if r is None or r.event == "other":
        return None
    p = r.period
    start = p.start if p.kind in ("cumulative", "window") else None
    end = p.end if p.kind in ("window", "incident", "stock", "share") else None
    return MeasureKey(r.event, r.population, r.place, start, r.unit, r.affiliation, p.kind, end, p.days,
                      r.affiliation_name, r.place_name)


def refresh_claim_measure(
    conn: sqlite3.Connection, claim_id: str, vocab: SubjectVocab | None = None
) -> str | None:
    """Recompute one claim's measure from its current (possibly reviewed) values.

    For the review page: after a correction of event, subject, place, period
    or unit, call this inside the same transaction so the claim moves to the
    right measure. The claim is read again with its whole article in view, as
    ``Ledger.add`` reads it, using the reviewed values of every claim of that
    article. ``vocab`` is accepted for callers of the older, per-claim rule.
    """
    row = conn.execute("SELECT document_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if row is None:
        return None
    doc = conn.execute("SELECT text, published FROM documents WHERE id = ?", (row[0],)).fetchone()
    rows = conn.execute(
        "SELECT id, machine, event, subject, place, period_start, as_of, unit, headline FROM claims "
        "WHERE document_id = ? ORDER BY span_start, id", (row[0],)
    ).fetchall()
    claims: list[Claim] = []
    for _cid, machine, event, subject, place, period_start, as_of, unit, _head in rows:
        base = Claim.from_dict(json.loads(machine))
        claims.append(replace(base, event=event, subject=subject, place=place, period_start=period_start,
                              as_of=as_of, unit=unit))
    known = Known()
    for kind, key, value in conn.execute("SELECT kind, key, value FROM context_facts"):
        getattr(known, {"parent": "parents", "kind": "kinds", "war_start": "war_start"}[kind])[key] = value
    user = (vocab or _default_vocab()).user
    resolved = DocumentMeasures(read_context(doc[0], doc[1], known), claims, user).resolve_all()
    index = [r[0] for r in rows].index(claim_id)
    key = key_from_resolved(resolved[index])
    mid = ensure_measure(conn, key) if key is not None else None
    conn.execute("UPDATE claims SET measure_id = ? WHERE id = ?", (mid, claim_id))
    if apply_measure_overrides(conn, [claim_id]):  # a person's merge or pin outranks the computed measure
        mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (claim_id,)).fetchone()[0]
    return mid


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def settle_measures(conn: sqlite3.Connection) -> int:
    """Join running totals whose start the ledger has since learned is the war's own start.

    An article read before any other said when the war began keeps its literal start ("since
    4 March", "since the operation began"); once the ledger knows that war began on 4 March
    (``context_facts``), those claims belong with "since the war began". A named start the ledger
    has dated moves to that date. Call inside a write transaction; returns the claims moved.
    """
    facts = conn.execute("SELECT key, value FROM context_facts WHERE kind = 'war_start'").fetchall()
    by_theatre: dict[str, dict[str, str]] = {}
    named: dict[str, set[str]] = {}
    for k, v in facts:
        where, bar, name = k.partition("|")
        if bar:
            by_theatre.setdefault(where, {})[name] = v
            named.setdefault(name, set()).add(v)
    war_days = {d for starts in by_theatre.values() if (d := war_start_of(starts))}
    months = {d[:7] for d in war_days}
    moved = 0
    rows = conn.execute(
        "SELECT id, event, subject, place, period_start, unit, affiliation, period_end, label FROM measures "
        "WHERE period_kind = 'cumulative' AND period_start IS NOT NULL AND period_start != 'war'"
    ).fetchall()
    for mid, event, subject, place, start, unit, aff, end, label in rows:
        target = start
        if _ISO_DAY.match(start):
            if start in war_days or (start.endswith("-01") and start[:7] in months):
                target = "war"
        elif start in named and len(named[start]) == 1:
            day = next(iter(named[start]))
            target = "war" if day in war_days else day
        elif not set(start.split()) & PHASE_NAMES:
            target = "war"  # an undated start of the fighting ("since the operation began")
        if target == start:
            continue
        old = MeasureKey(event, subject, place, start, unit, aff, "cumulative", end)
        if old.id != mid:
            continue  # a person-made or older measure: leave it as it is
        # keep the readable names the first key had (the label holds them)
        key = MeasureKey(event, subject, place, target, unit, aff, "cumulative", end)
        aff_name, place_name = _names_from_label(label, subject, place)
        key = MeasureKey(
            event, subject, place, target, unit, aff, "cumulative", end, None, aff_name, place_name
        )
        new = ensure_measure(conn, key)
        moved += conn.execute("UPDATE claims SET measure_id = ? WHERE measure_id = ?", (new, mid)).rowcount
    return moved


def _names_from_label(label: str, subject: str | None, place: str | None) -> tuple[str | None, str | None]:
    """The affiliation and place names as a label wrote them ("Veskaran soldiers killed in Qadrel ...")."""
    aff_name = None
    if subject:
        m = re.match(rf"^(.*?)\s*{re.escape(subject)}\b", label)
        if m and m.group(1).strip() and not m.group(1).startswith("%"):
            aff_name = m.group(1).strip()
    place_name = None
    if place:
        m = re.search(rf"\bin\s+({re.escape(place)}[^ ]*|[^ ]+)", label, re.IGNORECASE)
        place_name = m.group(1) if m else None
    return aff_name, place_name

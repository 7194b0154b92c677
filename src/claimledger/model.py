"""The data model: documents and the figure claims extracted from them.

Every class is a frozen, slotted dataclass so a claim cannot change after the
extractor made it: corrections happen in the ledger as new reviewed values
beside the machine's original, never by mutating the object.

Offsets are Python ``str`` indices into the exact decoded text of the document,
so ``text[span[0]:span[1]]`` always equals the surface the field came from.
Spans are ``(start, end)`` tuples here and ``[start, end]`` lists in JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

Span = tuple[int, int]

Hedge = Literal[
    "exact",
    "about",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
    "up_to",
    "range",
    "vague",
]
Unit = Literal["count", "percent"]
Event = Literal[
    "killed",
    "injured",
    "captive",
    "detained",
    "displaced",
    "missing",
    "destroyed",
    "attacks",
    "forces",
    "other",
]

HEDGES: tuple[str, ...] = get_args(Hedge)
UNITS: tuple[str, ...] = get_args(Unit)
EVENTS: tuple[str, ...] = get_args(Event)


def content_id(text: str) -> str:
    """Content-hash id of a document: the same text always gets the same id, so re-adding adds nothing."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def claim_id(document_id: str, span: Span) -> str:
    """Stable id of a claim: the same figure in the same document always gets the same id.

    32 hex characters: the document id's first 16, then 16 of a hash of document id
    and span. The shared prefix keeps one document's claims next to each other in
    the ledger's primary-key index, so adding a document dirties one index page, not
    one per claim (measurably faster commits on a large ledger), and ``LIKE 'prefix%'``
    finds a document's claims. Two claims on one span need ``claim_ids``.
    """
    digest = hashlib.sha256(f"{document_id}:{span[0]}:{span[1]}".encode()).hexdigest()
    return document_id[:16] + digest[:16]


def claim_ids(document_id: str, spans: Iterable[Span]) -> list[str]:
    """The ids of one document's claims, in order, each unique: the one rule for every output.

    Two claims on one span (one figure read two ways) are both kept; the second gets
    ``-2``, the third ``-3``, so ids stay deterministic. The ledger, the batch output
    and anything else that names claims use this, so an id means the same claim everywhere.
    """
    out: list[str] = []
    seen: set[str] = set()
    for span in spans:
        base = cid = claim_id(document_id, span)
        n = 1
        while cid in seen:
            n += 1
            cid = f"{base}-{n}"
        seen.add(cid)
        out.append(cid)
    return out


@dataclass(frozen=True, slots=True)
class Party:
    """One link of an attribution chain: a named (or described) party and where it is written."""

    name: str
    span: Span
    cue: str | None = None
    cue_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "span": list(self.span),
            "cue": self.cue,
            "cue_span": list(self.cue_span) if self.cue_span else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Party:
        return cls(
            name=d["name"],
            span=_span(d["span"]),  # type: ignore[arg-type]
            cue=d.get("cue"),
            cue_span=_span(d.get("cue_span")),
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure as somebody's claim: the value, what it counts, and who says it.

    ``source`` is ``None`` when the article speaks in its own voice; then
    ``cue`` may still be set (passive "it is estimated that ...").
    ``reported_by`` is the attribution chain outermost first, e.g. a newspaper
    citing a memo: (Party("Zorvan"), Party("a leaked Defence Ministry memo")).
    ``rules`` names the rule-set version that produced the claim.
    """

    span: Span
    text: str
    low: float | None
    high: float | None
    hedge: str
    unit: str
    event: str
    sentence_span: Span
    rules: str
    hedge_span: Span | None = None
    event_span: Span | None = None
    subject: str | None = None
    subject_span: Span | None = None
    place: str | None = None
    place_span: Span | None = None
    as_of: str | None = None
    period_start: str | None = None
    time_text: str | None = None
    time_span: Span | None = None
    source: str | None = None
    source_span: Span | None = None
    cue: str | None = None
    cue_span: Span | None = None
    reported_by: tuple[Party, ...] = field(default_factory=tuple)

    @property
    def attributed(self) -> bool:
        return self.source is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: spans become ``[start, end]`` lists, the chain a list of dicts."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "reported_by":
                out[f.name] = [p.to_dict() for p in v]
            elif isinstance(v, tuple):
                out[f.name] = list(v)
            else:
                out[f.name] = v
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        kw: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in d:
                continue
            v = d[f.name]
            if f.name == "reported_by":
                kw[f.name] = tuple(Party.from_dict(p) for p in (v or []))
            elif f.name == "span" or f.name.endswith("_span"):
                kw[f.name] = _span(v)
            else:
                kw[f.name] = v
        return cls(**kw)


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its exact text (offsets point into it) and optional metadata."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        url: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
    ) -> Document:
        return cls(id=content_id(text), text=text, url=url, title=title, outlet=outlet, published=published)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _span(v: Any) -> Span | None:
    if v is None:
        return None
    a, b = v
    return (int(a), int(b))

"""Claims to rows and back: one place that knows how a Claim is laid out in the table.

Spans are stored as ``*_start``/``*_end`` integer pairs rather than JSON so
that Datasette can sort and facet on them and SQL can join on offsets; the
attribution chain is the one nested field and stays JSON.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from typing import Any

from ..model import Claim, Span

_CLAIM_FIELDS: tuple[str, ...] = tuple(sorted(f.name for f in fields(Claim)))
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def machine_json(claim: Claim) -> str:
    """``Claim.to_dict()`` as JSON with sorted keys, built without the per-call ``fields()`` walk."""
    out: dict[str, Any] = {}
    for name in _CLAIM_FIELDS:
        v = getattr(claim, name)
        if name == "reported_by":
            out[name] = [p.to_dict() for p in v]
        elif isinstance(v, tuple):
            out[name] = list(v)
        else:
            out[name] = v
    return _ENCODE(out)

CLAIM_COLUMNS: tuple[str, ...] = (
    "id", "document_id", "span_start", "span_end", "text", "low", "high",
    "hedge", "hedge_text", "hedge_start", "hedge_end", "unit",
    "event", "event_text", "event_start", "event_end",
    "subject", "subject_start", "subject_end", "place", "place_start", "place_end",
    "as_of", "period_start", "time_text", "time_start", "time_end",
    "source", "source_start", "source_end", "source_id",
    "cue", "cue_start", "cue_end", "reported_by", "sentence_start", "sentence_end",
    "rules", "measure_id", "machine",
)

INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in CLAIM_COLUMNS)})"
)


def claim_id(document_id: str, span: Span) -> str:
    """Stable id of a claim: the same figure in the same document always gets the same id.

    32 hex characters: the document id's first 16, then 16 of a hash of document id
    and span. The shared prefix keeps one document's claims next to each other in
    the primary-key index, so adding a document dirties one index page, not one per
    claim (measurably faster commits on a large ledger), and ``LIKE 'prefix%'``
    finds a document's claims.
    """
    digest = hashlib.sha256(f"{document_id}:{span[0]}:{span[1]}".encode()).hexdigest()
    return document_id[:16] + digest[:16]


def _pair(span: Span | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


def _surface(text: str, span: Span | None) -> str | None:
    return text[span[0]:span[1]] if span else None


def claim_row(
    claim: Claim, *, cid: str, document_id: str, doc_text: str,
    source_id: int | None, measure_id: str | None,
) -> tuple[Any, ...]:
    """The values for ``INSERT_CLAIM`` in column order; ``machine`` is the claim's JSON as extracted."""
    values: dict[str, Any] = {
        "id": cid, "document_id": document_id,
        "span_start": claim.span[0], "span_end": claim.span[1],
        "text": claim.text, "low": claim.low, "high": claim.high,
        "hedge": claim.hedge, "hedge_text": _surface(doc_text, claim.hedge_span),
        "unit": claim.unit, "event": claim.event, "event_text": _surface(doc_text, claim.event_span),
        "subject": claim.subject, "place": claim.place,
        "as_of": claim.as_of, "period_start": claim.period_start, "time_text": claim.time_text,
        "source": claim.source, "source_id": source_id,
        "cue": claim.cue,
        "reported_by": _ENCODE([p.to_dict() for p in claim.reported_by]) if claim.reported_by else "[]",
        "rules": claim.rules, "measure_id": measure_id,
        "machine": machine_json(claim),
    }
    for name, span in (
        ("hedge", claim.hedge_span), ("event", claim.event_span), ("subject", claim.subject_span),
        ("place", claim.place_span), ("time", claim.time_span), ("source", claim.source_span),
        ("cue", claim.cue_span), ("sentence", claim.sentence_span),
    ):
        values[f"{name}_start"], values[f"{name}_end"] = _pair(span)
    return tuple(values[c] for c in CLAIM_COLUMNS)


def row_span(row: Any, name: str) -> list[int] | None:
    """``[start, end]`` of a stored span column pair, or None."""
    start, end = row[f"{name}_start"], row[f"{name}_end"]
    return None if start is None or end is None else [int(start), int(end)]

"""The per-document step of a batch: one document in, its claims (or why not) out.

This module is deliberately free of Dask (and of any I/O): it is the unit of
work every engine maps over a corpus. Dask drives it today through
``partition.run_partition``; Ray, Spark or a plain loop can call
``process_document`` the same way, and get the same answer, because it is pure.

A document that makes the extractor raise, or whose claims break the offset
invariant (``text[span[0]:span[1]] == claim.text``), comes back as a
``DocResult`` with ``error`` set instead of stopping the job: one bad article
among millions is a row in the errors table, not a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extract_stream import extract_text
from ..model import Claim, Document, Span, claim_id, claim_ids
from ..schema import SPAN_FIELDS

__all__ = ["DocResult", "claim_id", "claim_ids", "process_document"]


@dataclass(frozen=True, slots=True)
class DocResult:
    """What became of one document: its claims, or the reason it failed (then ``claims`` is empty)."""

    document: Document
    claims: tuple[Claim, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def process_document(doc: Document) -> DocResult:
    """Extract ``doc``'s claims; an exception or a broken span becomes ``DocResult.error``."""
    try:
        claims = tuple(extract_text(doc.text, doc.published))  # the path `extract` and `add` take
    except Exception as exc:  # an extractor bug on one article must not stop a million-article job
        return DocResult(doc, error=f"extractor raised {type(exc).__name__}: {exc}")
    for i, claim in enumerate(claims):
        problem = _span_problem(doc.text, claim)
        if problem:
            return DocResult(doc, error=f"claim {i} ({claim.text!r}): {problem}")
    return DocResult(doc, claims)


def _span_problem(text: str, claim: Claim) -> str | None:
    """Why ``claim``'s offsets do not point into ``text`` correctly, or None when they do."""
    n = len(text)
    start, end = claim.span
    if not 0 <= start <= end <= n or text[start:end] != claim.text:
        return f"span {list(claim.span)} does not hold the claim's text"
    spans: list[tuple[str, Span | None]] = [(name, getattr(claim, name)) for name in _SPAN_FIELDS]
    for party in claim.reported_by:
        spans += [("reported_by span", party.span), ("reported_by cue_span", party.cue_span)]
    for name, span in spans:
        if span is not None and not 0 <= span[0] <= span[1] <= n:
            return f"{name} {list(span)} is outside the text (length {n})"
    return None


_SPAN_FIELDS = tuple(name for name in SPAN_FIELDS if name != "span")  # ``span`` is checked with its text

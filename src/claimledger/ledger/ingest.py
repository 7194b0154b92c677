"""Adding many inputs to a ledger: files, folders, globs, stdin and batch output folders.

The loop lives here, not in the CLI, so the demo, tests and other tools add
corpora the same way. It never stops at a bad input: each failure is
reported through ``on_event`` with the input's name, counted, and the next
input goes on; the caller decides the exit status from the summary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import ClaimledgerError, InputError
from ..model import Claim, Document
from .db import Ledger


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ``add`` run; ``errors`` holds one message per failed input or document."""

    new: int = 0
    present: int = 0
    failed: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


#: Called after every document or failure: (kind, origin or message). kind is new|present|failed|input.
EventHook = Callable[[str, str], None]


def _noop(kind: str, what: str) -> None:
    return None


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(spec: str) -> bool:
    """Whether ``spec`` names a location by URL (s3://, gs://, file://, memory://) rather than a path."""
    return _URL.match(spec) is not None


def is_batch_dir(path: str) -> bool:
    """Whether ``path`` is an output folder of ``claimledger batch``, local or behind an fsspec URL.

    A batch often writes to object storage (``s3://…``), so its output is
    loaded from there directly. False if the batch extra is not installed.
    """
    if not is_url(path) and not os.path.isdir(path):
        return False
    try:
        from ..batch.load import is_batch_output
    except ImportError:
        return False
    return bool(is_batch_output(path))


def iter_batch(path: str) -> Iterator[tuple[Document, list[Claim], str, str]]:
    """(document, claims already extracted, origin, format) from a batch output folder."""
    try:
        from ..batch.load import iter_batch_records
    except ImportError as exc:
        raise InputError(path, "reading batch output needs claimledger.batch (not installed)") from exc
    for rec in iter_batch_records(path):
        yield rec.document, rec.claims, rec.origin, rec.fmt


def _store(
    led: Ledger, doc: Document, origin: str, fmt: str, claims: list[Claim] | None,
    summary: IngestSummary, on_event: EventHook,
) -> None:
    try:
        outcome = led.add(doc, origin=origin, fmt=fmt, claims=claims)
    except ClaimledgerError as exc:
        _fail(summary, on_event, str(exc))
        return
    except Exception as exc:  # an extractor bug on one article must not stop a long ingest
        _fail(summary, on_event, f"{origin}: not stored ({type(exc).__name__}: {exc})")
        return
    if outcome.new:
        summary.new += 1
        summary.claims += outcome.claims
        on_event("new", origin)
    else:
        summary.present += 1
        on_event("present", origin)


def _fail(summary: IngestSummary, on_event: EventHook, message: str) -> None:
    summary.failed += 1
    summary.errors.append(message)
    on_event("failed", message)


def expand(specs: Iterable[str], summary: IngestSummary, on_event: EventHook = _noop) -> list[str]:
    """Inputs named by ``specs``; batch folders stay whole; a spec matching nothing is a failure."""
    from ..readers import expand_inputs

    out: list[str] = []
    for spec in specs:
        if is_batch_dir(spec):
            out.append(spec)
            continue
        if is_url(spec):
            _fail(summary, on_event, str(InputError(
                spec, "is not a finished claimledger batch output: `add` reads URLs only as batch "
                "output folders (is the filesystem's fsspec package installed, e.g. s3fs?); "
                "copy articles locally or run `claimledger batch` on them")))
            continue
        try:
            out.extend(p for p in expand_inputs([spec]) if p not in out)
        except InputError as exc:
            _fail(summary, on_event, str(exc))
    return out


def add_input(
    led: Ledger, path: str, summary: IngestSummary, *, encoding: str | None = None,
    fmt: str | None = None, on_event: EventHook = _noop,
) -> None:
    """Add every article of one input (a file, '-', or a batch folder) to the ledger."""
    from ..readers import iter_documents

    if is_batch_dir(path):
        add_batch(led, path, summary, on_event=on_event)
        return
    try:
        for result in iter_documents(path, encoding=encoding, fmt=fmt):
            if result.document is None:
                message = result.error or "could not be read"
                if not message.startswith(result.origin):
                    message = f"{result.origin}: {message}"
                _fail(summary, on_event, message)
                continue
            _store(led, result.document, result.origin, result.fmt, None, summary, on_event)
    except InputError as exc:
        _fail(summary, on_event, str(exc))


def add_batch(led: Ledger, path: str, summary: IngestSummary, *, on_event: EventHook = _noop) -> None:
    """Add a batch output folder: documents and the claims the batch already extracted."""
    try:
        for doc, claims, origin, fmt in iter_batch(path):
            _store(led, doc, origin or f"{path}#{doc.id}", fmt or "parquet", claims, summary, on_event)
    except ClaimledgerError as exc:
        _fail(summary, on_event, str(exc))


def add_paths(
    led: Ledger, specs: Iterable[str], *, encoding: str | None = None, fmt: str | None = None,
    parquet: Iterable[str] = (), on_event: EventHook = _noop,
) -> IngestSummary:
    """Add everything ``specs`` name (and the batch folders in ``parquet``); returns the counts.

    Runs as one ``Ledger.bulk()``: each document still commits on its own, and
    full-text search catches up every ``SEARCH_BATCH`` documents and at the end.
    """
    summary = IngestSummary()
    with led.bulk():
        for path in expand(specs, summary, on_event):
            add_input(led, path, summary, encoding=encoding, fmt=fmt, on_event=on_event)
            on_event("input", path)
        for path in parquet:
            add_batch(led, path, summary, on_event=on_event)
            on_event("input", path)
    return summary


def refresh_reconciliation(led: Ledger) -> bool:
    """Recompute flags and grades if the reconcile stage is installed; True when it ran."""
    try:
        from ..reconcile import reconcile_ledger
    except ImportError:
        return False
    reconcile_ledger(led.conn)
    return True

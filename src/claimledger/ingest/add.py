"""Adding many inputs to a ledger: files, folders, globs, stdin and batch output folders.

The loop lives here, not in the CLI, so the demo, tests and other tools add
corpora the same way. It never stops at a bad input: each failure is
reported through ``on_event`` with the input's name, counted, and the next
input goes on; the caller decides the exit status from the summary.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..docmeta import DocMeta, complete
from ..errors import ClaimledgerError, InputError
from ..ledger.db import Ledger
from ..ledger.documents import MetadataUpdate, update_metadata
from ..model import Claim, Document
from ..readers import expand_inputs, has_sidecar, read_sidecar
from ..reconcile import reconcile_if_stale
from .text_parts import iter_articles


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ``add`` run; ``errors`` holds one message per failed input or document."""

    new: int = 0
    present: int = 0
    updated: int = 0  # of the present: documents whose metadata this run changed (audited)
    failed: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


#: Called after every document or failure: (kind, origin or message).
#: kind is new|present|updated|failed|input; ``updated`` says what changed.
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
    loaded from there directly.
    """
    if not is_url(path) and not os.path.isdir(path):
        return False
    # Deferred, not hidden: batch sits below ingest (import-linter checks this import like any
    # other), but batch.load brings in pyarrow, a second of start-up no other command should pay.
    from ..batch.load import is_batch_output

    return bool(is_batch_output(path))


def iter_batch(path: str) -> Iterator[tuple[Document, list[Claim], str, str]]:
    """(document, claims already extracted, origin, format) from a batch output folder."""
    from ..batch.load import iter_batch_records  # deferred for start-up time, as in is_batch_dir

    for rec in iter_batch_records(path):
        yield rec.document, rec.claims, rec.origin, rec.fmt


@dataclass(frozen=True, slots=True)
class AddOptions:
    """How one ``add`` run reads its inputs: encoding, input format, metadata given for every article.

    ``given`` (title, published, outlet, url) fills what an article does not
    say itself (see ``claimledger.docmeta``); on a text already in the ledger,
    explicitly given or carried metadata that differs from what is stored
    replaces it, audited under ``reviewer``.
    """

    encoding: str | None = None
    fmt: str | None = None
    given: Mapping[str, str | None] = field(default_factory=dict)
    reviewer: str = "claimledger add"


def _store(
    led: Ledger, doc: Document, origin: str, fmt: str, claims: list[Claim] | None,
    summary: IngestSummary, on_event: EventHook, meta: DocMeta | None = None,
    reviewer: str = "claimledger add",
) -> None:
    try:
        outcome = led.add(doc, origin=origin, fmt=fmt, claims=claims, meta=meta)
        update = None
        if not outcome.new and meta is not None:
            update = _refresh_metadata(led, doc, meta, origin, reviewer)
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
        if update is not None and update.changed:
            summary.updated += 1
            on_event("updated", f"{origin}: already present; metadata updated: {update.describe()}")
        else:
            on_event("present", origin)


def _refresh_metadata(
    led: Ledger, doc: Document, meta: DocMeta, origin: str, reviewer: str
) -> MetadataUpdate | None:
    """Apply to a stored document the metadata this run states explicitly (not what the text says)."""
    explicit = {k for k, o in meta.origins.items() if o.source in ("input", "sidecar", "given")}
    if not explicit:
        return None
    # One read of what is stored (not the text): re-adding a corpus finds it unchanged for nearly
    # every document, and then nothing more is read, parsed or written.
    row = led.conn.execute(
        "SELECT title, published, outlet, url, byline, dateline, metadata_origin FROM documents WHERE id = ?",
        (doc.id,),
    ).fetchone()
    extra = {"byline": meta.byline, "dateline": meta.dateline}
    values = {k: (extra[k] if k in extra else getattr(doc, k)) for k in explicit}
    if row is not None and all(row[k] == v for k, v in values.items()):
        return None  # what update_metadata would find: no value differs
    # A value a person set with `documents set` is not undone by re-adding the same corpus;
    # only metadata given on this command line replaces it.
    stored = json.loads(row["metadata_origin"]) if row is not None and row["metadata_origin"] else {}
    explicit = {k for k in explicit
                if meta.origins[k].source == "given" or stored.get(k, {}).get("from") != "set"}
    if not explicit:
        return None
    values = {k: v for k, v in values.items() if k in explicit}
    return update_metadata(led, doc.id, values, meta.origins, reviewer=reviewer,
                           note=f"re-added from {origin}")


def _fail(summary: IngestSummary, on_event: EventHook, message: str) -> None:
    summary.failed += 1
    summary.errors.append(message)
    on_event("failed", message)


def expand(specs: Iterable[str], summary: IngestSummary, on_event: EventHook = _noop) -> list[str]:
    """Inputs named by ``specs``; batch folders stay whole; a spec matching nothing is a failure."""
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
    fmt: str | None = None, on_event: EventHook = _noop, options: AddOptions | None = None,
) -> None:
    """Add every article of one input (a file, '-', or a batch folder) to the ledger.

    Metadata comes from the input itself, a sidecar ``.json`` beside a one-article
    file, ``options.given``, then the article's first lines (``claimledger.docmeta``).
    Plain text is streamed and long articles are stored in parts (``text_parts``);
    every part carries the metadata of the whole text (read from its start).
    """
    opts = options or AddOptions(encoding=encoding, fmt=fmt)
    if is_batch_dir(path):
        add_batch(led, path, summary, on_event=on_event)
        return
    whole: dict[str, str | None] = {}  # metadata of the text's first part, carried to the others

    def prepare(doc: Document, fmt: str, first: bool) -> tuple[Document, DocMeta]:
        if not first:
            return complete(doc, carried=dict(whole), given=opts.given, read_text=False)
        side = read_sidecar(path) if has_sidecar(fmt) else None
        done, meta = complete(
            doc, sidecar=side[0] if side else None, sidecar_name=side[1] if side else None, given=opts.given,
        )
        whole.clear()
        whole.update(title=done.title, published=done.published, outlet=done.outlet, url=done.url)
        return done, meta

    try:
        for article in iter_articles(path, encoding=opts.encoding, fmt=opts.fmt, known=led.has_document,
                                     prepare=prepare):
            result = article.result
            if result.document is None:
                message = result.error or "could not be read"
                if not message.startswith(result.origin):
                    message = f"{result.origin}: {message}"
                _fail(summary, on_event, message)
                continue
            if article.meta is not None:  # prepared (and extracted unless already stored) by iter_articles
                _store(led, result.document, result.origin, result.fmt, article.claims, summary, on_event,
                       article.meta, opts.reviewer)
                continue
            side = read_sidecar(path) if has_sidecar(result.fmt) else None
            doc, meta = complete(
                result.document, sidecar=side[0] if side else None, sidecar_name=side[1] if side else None,
                given=opts.given,
            )
            _store(led, doc, result.origin, result.fmt, None, summary, on_event, meta, opts.reviewer)
    except InputError as exc:
        _fail(summary, on_event, str(exc))


def add_batch(led: Ledger, path: str, summary: IngestSummary, *, on_event: EventHook = _noop) -> None:
    """Add a batch output folder: documents and the claims the batch already extracted."""
    try:
        for raw, claims, origin, fmt in iter_batch(path):
            # The batch already dated the claims; only what is still missing is read from the text.
            doc, meta = complete(raw)
            _store(led, doc, origin or f"{path}#{doc.id}", fmt or "parquet", claims, summary, on_event, meta)
    except ClaimledgerError as exc:
        _fail(summary, on_event, str(exc))


def add_paths(
    led: Ledger, specs: Iterable[str], *, encoding: str | None = None, fmt: str | None = None,
    parquet: Iterable[str] = (), on_event: EventHook = _noop, options: AddOptions | None = None,
) -> IngestSummary:
    """Add everything ``specs`` name (and the batch folders in ``parquet``); returns the counts.

    Runs as one ``Ledger.bulk()``: each document still commits on its own, and
    full-text search catches up every ``SEARCH_BATCH`` documents and at the end.
    """
    summary = IngestSummary()
    opts = options or AddOptions(encoding=encoding, fmt=fmt)
    with led.bulk():
        for path in expand(specs, summary, on_event):
            add_input(led, path, summary, on_event=on_event, options=opts)
            on_event("input", path)
        for path in parquet:
            add_batch(led, path, summary, on_event=on_event)
            on_event("input", path)
    return summary


def refresh_reconciliation(led: Ledger) -> bool:
    """Recompute flags and grades if they are stale; True when it ran.

    Stale means claims changed since the last reconcile (marked by the schema in
    the same transaction as the change), so a re-run after a run killed while
    reconciling recomputes even when it adds nothing new.
    """
    return reconcile_if_stale(led.conn) is not None

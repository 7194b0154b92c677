"""The ledger file: open or create it, and add one document with its claims atomically.

One SQLite file holds everything so a desk can copy it, open it in Datasette
and query it with SQL. WAL lets the review page read while ``add`` writes;
a busy timeout makes a second writer wait instead of failing; foreign keys
keep claims tied to their document. Each document goes in with its claims in
one ``BEGIN IMMEDIATE`` transaction: a crash or a bad claim never leaves a
half-written document, and a re-run simply adds what is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType

from ..docmeta import DocMeta
from ..errors import LedgerError
from ..extract import RULES_VERSION
from ..extract_stream import extract_text
from ..model import Claim, Document, claim_ids
from .aliases import ledger_aliases, record_aliases
from .doc_context import Known, Layered, read_context, war_start_owner
from .measure_context import DocumentMeasures
from .measures import MeasureKey, SubjectVocab, ensure_measure, keys_of
from .migrations import migrate
from .overrides import apply_measure_overrides
from .rows import INSERT_CLAIM, claim_row
from .search_index import catch_up, index_pending
from .sources import SourceResolver, SourceVocab
from .transactions import write_transaction

ENV_DB = "CLAIMLEDGER_DB"
DEFAULT_DB = "claims.db"
BUSY_TIMEOUT_MS = 30_000
#: In a bulk run the search index catches up after this many new documents (and at the end).
SEARCH_BATCH = 1000


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """What ``Ledger.add`` did: the document's id, whether it was new, and claims stored."""

    document_id: str
    new: bool
    claims: int


def default_path() -> str:
    """$CLAIMLEDGER_DB, else ``claims.db`` in the working directory."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode (explicit transactions), WAL, foreign keys on, Row rows."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Ingest commits once per document; a larger page cache and rarer WAL checkpoints
        # keep those small commits cheap (measured: +14% documents/s stored). close() checkpoints.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA wal_autocheckpoint = 10000")
    except sqlite3.Error as exc:
        raise LedgerError(f"{path}: cannot open the ledger ({exc})") from exc
    return conn


class Ledger:
    """An open ledger. Use ``open_ledger``; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, aliases: str | None = None) -> None:
        self.conn = conn
        self.path = path
        # A file named here (`add --aliases`) becomes the ledger's recorded choice; otherwise
        # the choice recorded earlier applies (else $CLAIMLEDGER_ALIASES): every command agrees.
        user = record_aliases(conn, aliases) if aliases else ledger_aliases(conn)
        self.source_vocab = SourceVocab.load(user_data=user)
        self.subject_vocab = SubjectVocab.load(user_data=user)
        self.sources = SourceResolver(conn, self.source_vocab)
        # Measure ids known to be committed: measures are never deleted, so a known id
        # needs no INSERT OR IGNORE. Filled only after COMMIT, so a rollback cannot poison it.
        self._known_measures: set[str] = set()
        # What earlier articles said about places and wars (context_facts), read on first use.
        self._facts: Known | None = None
        self._pending_facts: list[tuple[str, str, str]] = []
        self._headlines: set[int] = set()
        # The outermost place of the article being added (its theatre), for the party model.
        self._theatre: str | None = None
        self._seats: Callable[[str], str | None] | None = None
        #: a round-up's (offset, theatre) per section dateline, for the same (empty for one dateline)
        self._sections: list[tuple[int, str | None]] = []
        # Inside ``bulk()``: documents committed since the search index last caught up (else None).
        self._unindexed: int | None = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def bulk(self) -> Iterator[Ledger]:
        """Add many documents: each still commits alone, but search indexing is batched.

        Documents and claims are written exactly as outside ``bulk``; only the
        full-text index lags, by at most ``SEARCH_BATCH`` documents, and is
        caught up when the block ends (even on error) or the ledger closes.
        """
        outer = self._unindexed
        self._unindexed = 0 if outer is None else outer
        finished = False
        try:
            yield self
            finished = True
        finally:
            self._unindexed = outer
            if outer is None and finished:
                self.sync_search()
            elif outer is None:
                with contextlib.suppress(LedgerError):  # keep the original error; close/open catch up
                    self.sync_search()

    def sync_search(self) -> int:
        """Index every document the full-text index does not cover yet; returns how many rowids it covered."""
        return catch_up(self.conn, f"{self.path}: updating the search index")

    def close(self) -> None:
        with contextlib.suppress(LedgerError):  # the next open catches up whatever is left
            catch_up(self.conn)
        with contextlib.suppress(sqlite3.Error):  # a busy reader may hold the WAL; SQLite checkpoints later
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.conn.close()

    def has_document(self, document_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def add(
        self,
        doc: Document,
        *,
        origin: str | None = None,
        fmt: str | None = None,
        claims: list[Claim] | None = None,
        meta: DocMeta | None = None,
    ) -> AddOutcome:
        """Store a document and its claims (extracted here when ``claims`` is None).

        Content already in the ledger is skipped before extraction, so re-adding
        a corpus is cheap (``claimledger.ledger.documents.update_metadata`` applies
        new metadata to it). ``meta`` holds the byline, dateline and where each
        metadata field came from. Raises LedgerError (nothing stored) if the write fails.
        """
        if self.has_document(doc.id):
            return AddOutcome(doc.id, False, 0)
        if claims is None:  # chunked like `extract`, so both give the same claims for any length of text
            claims = extract_text(doc.text, _iso_date(doc.published))
        else:
            _check_offsets(doc, claims, origin)
        rules = claims[0].rules if claims else RULES_VERSION
        try:
            with write_transaction(self.conn, f"{origin or doc.id}: not stored"):
                if self.has_document(doc.id):  # another writer got there first: nothing to write
                    return AddOutcome(doc.id, False, 0)
                new_measures = self._insert(doc, origin, fmt, rules, claims, meta)
            self._commit_facts()
        except BaseException:
            self.sources.forget()  # its session caches may name sources the rollback removed
            raise
        if len(self._known_measures) > 1_000_000:
            self._known_measures.clear()
        self._known_measures |= new_measures
        if self._unindexed is not None:
            self._unindexed += 1
            if self._unindexed >= SEARCH_BATCH:
                self.sync_search()
                self._unindexed = 0
        return AddOutcome(doc.id, True, len(claims))

    def _insert(
        self, doc: Document, origin: str | None, fmt: str | None, rules: str, claims: list[Claim],
        meta: DocMeta | None = None,
    ) -> set[str]:
        """Insert the document, its sources, measures and claims; returns measure ids it created."""
        self.conn.execute(
            "INSERT INTO documents (id, text, title, url, outlet, published, origin, format, rules, "
            "added_at, claim_count, byline, dateline, metadata_origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.text, doc.title, doc.url, doc.outlet, doc.published, origin, fmt, rules,
             datetime.now(UTC).isoformat(timespec="seconds"), len(claims),
             meta.byline if meta else None, meta.dateline if meta else None,
             json.dumps(meta.origins_json(), ensure_ascii=False) if meta and meta.origins else None),
        )
        if self._unindexed is None:  # not in a bulk run: searchable as soon as committed
            index_pending(self.conn)
        new_measures: set[str] = set()
        if not claims:
            return new_measures
        keys = self._document_keys(doc, claims)
        # parties after measures: a generic name ("the army") falls back on the article's theatre
        source_ids = self.sources.resolve_claims(
            doc.id, doc.text, claims, doc.outlet, theatre=self._theatre, sections=self._sections,
            seats=self._seats,
        )
        measure_ids: dict[object, str] = {}
        rows = []
        cids = claim_ids(doc.id, (c.span for c in claims))  # two claims on one span: both kept
        for claim, key, sid, cid in zip(claims, keys, source_ids, cids, strict=True):
            mid = None
            if key is not None:
                mid = measure_ids.get(key)
                if mid is None:
                    mid = key.id
                    if mid not in self._known_measures:
                        ensure_measure(self.conn, key)
                        new_measures.add(mid)
                    measure_ids[key] = mid
            rows.append(claim_row(claim, cid=cid, document_id=doc.id, doc_text=doc.text,
                                  source_id=sid, measure_id=mid))
        self.conn.executemany(INSERT_CLAIM, rows)
        if self._headlines:  # headline figures repeat the body: kept and grouped, never flagged
            self.conn.executemany(
                "UPDATE claims SET headline = 1 WHERE id = ?",
                [(rows[i][0],) for i in sorted(self._headlines)],
            )
        apply_measure_overrides(self.conn, cids)  # people's merges and pins outrank computed measures
        return new_measures


    def _known(self) -> Known:
        if self._facts is None:
            facts = Known()
            for kind, key, value in self.conn.execute("SELECT kind, key, value FROM context_facts"):
                getattr(facts, _FACT_FIELDS[kind])[key] = value
            self._facts = facts
        return self._facts

    def _document_keys(self, doc: Document, claims: list[Claim]) -> list[MeasureKey | None]:
        """Each claim's measure, read with its article in view; records the article's setting facts.

        Call inside the document's transaction: the facts are written with it (and kept in memory
        only once it commits, by reloading after a rollback).
        """
        known = self._known()
        ctx = read_context(doc.text, doc.published, known)
        doc_measures = DocumentMeasures(ctx, claims, self.subject_vocab.user)
        keys = keys_of(doc_measures)
        self._headlines = doc_measures.headlines
        self._seats = doc_measures.seat_of  # where a national body "in" a city belongs (parties)
        new: list[tuple[str, str, str]] = []
        for child, parent in _own(ctx.parents).items():  # the ledger's own facts are known already
            if child not in known.parents:
                new.append(("parent", child, parent))
        for place, kind in _own(ctx.kinds).items():
            if place not in known.kinds:
                new.append(("kind", place, kind))
        for city, country in _own(ctx.filed).items():
            if city not in known.filed:
                new.append(("filed", city, country))
        theatre = ctx.theatre()
        self._theatre = ctx.name(theatre)
        self._sections = []
        if len(ctx.datelines) > 1:  # a round-up: each section's own theatre
            for at, _city, _region in ctx.datelines:
                ctx.focus(at)
                self._sections.append((at, ctx.name(ctx.theatre())))
        # an article whose theatre no words place still dates its war ("since the army's offensive began on
        # 10 May"): its starts are kept under the article's own mark, a theatre of one, so every later
        # report of that war (and the settle passes) learns the day (``war_start_owner``)
        where = theatre or war_start_owner(doc.id)
        for name, day in ctx.named_starts.items():
            if f"{where}|{name}" not in known.war_start:
                new.append(("war_start", f"{where}|{name}", day))
        if new:
            self.conn.executemany(
                "INSERT OR IGNORE INTO context_facts (kind, key, value, document_id) VALUES (?, ?, ?, ?)",
                [(k, a, b, doc.id) for k, a, b in new],
            )
        self._pending_facts = new
        return keys

    def _commit_facts(self) -> None:
        """After COMMIT: the facts the document just wrote join the in-memory copy."""
        if self._facts is not None:
            for kind, a, b in self._pending_facts:
                getattr(self._facts, _FACT_FIELDS[kind]).setdefault(a, b)
        self._pending_facts = []


_FACT_FIELDS = {"parent": "parents", "kind": "kinds", "war_start": "war_start", "filed": "filed"}


def _own(facts: MutableMapping[str, str]) -> Mapping[str, str]:
    """A document's own entries of a context mapping (its ``Layered`` top), in their order."""
    return facts.local if isinstance(facts, Layered) else facts


def _check_offsets(doc: Document, claims: list[Claim], origin: str | None) -> None:
    """Claims handed in from elsewhere (a batch) must point into this text, or nothing is stored."""
    for claim in claims:
        start, end = claim.span
        if not 0 <= start <= end <= len(doc.text) or doc.text[start:end] != claim.text:
            raise LedgerError(
                f"{origin or doc.id}: not stored: claim {claim.text!r} at {list(claim.span)} "
                "does not match the document text (were the claims extracted from another text?)"
            )


def _iso_date(value: str | None) -> str | None:
    """The publication date if it is a usable ISO date, else None (relative times stay unresolved)."""
    if not value:
        return None
    day = value[:10]
    if len(day) != 10 or day[4] != "-" or day[7] != "-":  # fromisoformat also takes 20300402
        return None
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return day


def open_ledger(path: str | Path | None = None, *, aliases: str | None = None) -> Ledger:
    """Open (creating and migrating as needed) the ledger at ``path`` or the default path.

    ``aliases`` names a user aliases file, recorded in the ledger as its choice for every
    later command; without it, the recorded choice (else $CLAIMLEDGER_ALIASES, else none).
    """
    where = str(path) if path is not None else default_path()
    conn = connect(where)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    # A bulk add that was killed may have left documents unindexed; a read-only
    # or busy file keeps its lag until a writer opens it.
    with contextlib.suppress(LedgerError):
        catch_up(conn)
    return Ledger(conn, where, aliases=aliases)

"""Keeping the full-text index of documents caught up with the documents table.

Migration 0007 lets ``documents_fts`` lag behind ``documents`` during a bulk
add: writing an FTS5 segment inside every document's commit cost about a fifth
of the ledger's ingest time, while indexing a thousand documents in one
statement costs a fraction of that per document. ``search_index_state``
records the highest document rowid the index covers; everything above it is
indexed by ``index_pending``. A single ``Ledger.add`` outside a bulk run
indexes its document in its own transaction, so library users see no lag.
"""

from __future__ import annotations

import sqlite3

from .transactions import write_transaction


def pending(conn: sqlite3.Connection) -> int:
    """How many document rowids lie above the index's high-water mark (0 = search is current)."""
    row = conn.execute(
        "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM documents) - indexed_upto FROM search_index_state"
    ).fetchone()
    return max(0, int(row[0])) if row else 0


def index_pending(conn: sqlite3.Connection) -> int:
    """Index every document above the mark and move the mark; the caller holds a write transaction.

    Returns the rowid distance covered (0 when the index was current). Rows
    at or below the mark are never indexed twice: the triggers index those
    themselves when they appear.
    """
    upto = conn.execute("SELECT indexed_upto FROM search_index_state").fetchone()[0]
    top = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM documents").fetchone()[0]
    if top <= upto:
        return 0
    conn.execute(
        "INSERT INTO documents_fts(rowid, title, text) "
        "SELECT rowid, title, text FROM documents WHERE rowid > ? AND rowid <= ?",
        (upto, top),
    )
    conn.execute("UPDATE search_index_state SET indexed_upto = ?", (top,))
    return int(top - upto)


def catch_up(conn: sqlite3.Connection, what: str = "updating the search index") -> int:
    """Bring the index up to date in its own transaction; returns documents' rowid distance covered.

    Cheap when nothing is pending (one read, no write lock taken). A SQLite failure is
    a ``LedgerError`` like any other write's; callers that can catch up later ignore it.
    """
    if not pending(conn):
        return 0
    with write_transaction(conn, what):
        return index_pending(conn)

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


def catch_up(conn: sqlite3.Connection) -> int:
    """Bring the index up to date in its own transaction; returns documents' rowid distance covered.

    Cheap when nothing is pending (one read, no write lock taken).
    """
    if not pending(conn):
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        covered = index_pending(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return covered

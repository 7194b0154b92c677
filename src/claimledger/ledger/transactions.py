"""One write transaction: BEGIN IMMEDIATE, COMMIT, or ROLLBACK on any exception.

Every write to the ledger that is more than one statement goes through
``write_transaction`` so that it is all or nothing, and so a SQLite failure
(disk full, a locked file, a constraint) reaches the caller as a ``LedgerError``
naming what was being written instead of a bare ``sqlite3.Error`` in some
places and a clear message in others. ``BEGIN IMMEDIATE`` takes the write lock
up front, so a second writer waits (``busy_timeout``) instead of failing half
way through.

A reader that must see one state across several queries (a forked reconcile worker reading its
range while the parent may write) takes ``read_snapshot``: a deferred BEGIN that never writes.
There is no other BEGIN/COMMIT/ROLLBACK in the package (a test scans for one):
``Ledger.add`` returns from inside the block when another writer stored the same
document first (committing nothing), and ``search_index.catch_up``'s callers that
can catch up later ignore its ``LedgerError``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import LedgerError

__all__ = ["read_snapshot", "write_transaction"]


@contextmanager
def write_transaction(conn: sqlite3.Connection, what: str, *, join: bool = False) -> Iterator[None]:
    """Run the ``with`` body as one write transaction on ``conn`` (in autocommit mode).

    Commits when the body finishes, rolls back on any exception (KeyboardInterrupt
    too) and re-raises it; a ``sqlite3.Error`` — from BEGIN, the body or COMMIT —
    becomes ``LedgerError("<what>: nothing was written (<sqlite's reason>)")``.
    With ``join=True`` and a transaction already open, the body runs inside the
    caller's transaction, which commits or rolls back as a whole.
    """
    if join and conn.in_transaction:
        yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise LedgerError(f"{what}: nothing was written ({exc})") from exc


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Run the ``with`` body's reads on one snapshot of ``conn`` (in autocommit mode), writing nothing.

    A deferred BEGIN takes no lock until the first read, and every read after it sees the same
    committed state (in WAL mode a writer in another process does not change it); the block ends
    with COMMIT, or ROLLBACK on any exception, so no transaction is left open.
    """
    conn.execute("BEGIN DEFERRED")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

"""Whether the ledger's flags and grades are stale, kept by the schema itself (migration 0009).

Triggers set ``reconcile_state.stale`` in the same transaction as any change
reconciliation reads (claims, documents' dates and outlets, sources, aliases,
measures), so a process killed after its documents committed but before
``reconcile`` finished leaves the mark set, and the next ``add``,
``reconcile``, report or ``serve`` recomputes. ``reconcile`` clears the mark
in the transaction that writes its results. Library code never has to
remember to mark anything: a review, a source merge or a raw SQL edit counts.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime


def is_stale(conn: sqlite3.Connection) -> bool:
    """True when claims or what groups them changed since flags and grades were last computed."""
    row = conn.execute("SELECT stale FROM reconcile_state").fetchone()
    return bool(row[0]) if row is not None else True


def mark_reconciled(conn: sqlite3.Connection) -> None:
    """Clear the mark; call inside the write transaction that stores the new flags and grades."""
    conn.execute(
        "UPDATE reconcile_state SET stale = 0, reconciled_at = ?",
        (datetime.now(UTC).isoformat(timespec="seconds"),),
    )

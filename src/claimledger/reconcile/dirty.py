"""Which measures may have changed since the last run, so a re-run reads only their claims.

Why: the per-measure digests (``digests.py``) let a re-run judge only the measures whose rows
changed, but finding out which ones still meant reading and digesting every claim: ~8 s at a
million claims, growing with the ledger however small the change. The schema now records what
changed, in the transaction that changes it (migration 0017, ``reconcile_dirty``): measures
whose claims were updated, deleted or moved (or whose own row changed), documents re-dated or
given another outlet, sources renamed or deleted. Claims added since the last run are those
with a rowid above the one it recorded (``reconcile_state.claims_seen``), which costs ``add``
nothing. Which party an article's own-voice figure belongs to depends on its outlet (a known
source's own bulletin), through the sources and aliases tables: every run compares each
outlet's party with the one stored (``reconcile_outlets``) and counts the own-voice claims of
outlets that moved as changed.

This is a superset of what changed, never the proof: the re-run still digests the rows it
reads and recomputes only the groups whose digest differs. A code change (another
fingerprint), no record of a previous run, or more than half the measures marked make the
caller read everything, as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from .digests import LOOSE, chunks

#: More than this share of the measures marked: reading them one by one is no cheaper than a full read.
FULL_SHARE = 0.5

PartyOf = Callable[[str], tuple[str, str]]


def changed_groups(
    conn: sqlite3.Connection, fingerprint: bytes, party_of: PartyOf
) -> tuple[set[str], list[str]] | None:
    """Measure ids (``LOOSE`` for the claims outside measures) whose rows may differ since the last run,
    and the outlets whose party moved (``done`` stores their new party: worked out once per run).

    None: read every claim (no previous run recorded, other code, or too much marked).
    """
    cur = conn.cursor()
    cur.row_factory = None
    state = cur.execute("SELECT claims_seen, fingerprint FROM reconcile_state").fetchone()
    if state is None or state[0] is None or state[1] != fingerprint:
        return None
    stored = cur.execute("SELECT count(*) FROM reconcile_digests").fetchone()[0]
    if not stored:
        return None
    groups: set[str] = {k for (k,) in cur.execute("SELECT key FROM reconcile_dirty WHERE kind = 'm'")}
    by = "SELECT DISTINCT coalesce(measure_id, '') FROM claims WHERE "
    groups.update(k for (k,) in cur.execute(by + "rowid > ?", (state[0],)))
    groups.update(k for (k,) in cur.execute(
        by + "document_id IN (SELECT key FROM reconcile_dirty WHERE kind = 'd')"
    ))
    groups.update(k for (k,) in cur.execute(
        by + "source_id IN (SELECT CAST(key AS INTEGER) FROM reconcile_dirty WHERE kind = 's')"
    ))
    moved = moved_outlets(conn, party_of)
    for part in chunks(moved):
        groups.update(k for (k,) in cur.execute(
            by + "source_id IS NULL AND source IS NULL AND document_id IN "
            f"(SELECT id FROM documents WHERE outlet IN ({','.join('?' * len(part))}))",
            part,
        ))
    if len(groups) > stored * FULL_SHARE:
        return None
    return groups, moved


def moved_outlets(conn: sqlite3.Connection, party_of: PartyOf) -> list[str]:
    """Outlets whose party is not the one stored by the last run (new outlets included)."""
    cur = conn.cursor()
    cur.row_factory = None
    stored = {o: (p, n) for o, p, n in cur.execute("SELECT outlet, party, name FROM reconcile_outlets")}
    return [
        o for (o,) in cur.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL")
        if stored.get(o) != party_of(o)
    ]


def done(conn: sqlite3.Connection, fingerprint: bytes, party_of: PartyOf, moved: list[str] | None) -> None:
    """After a run's results are written (same transaction): nothing is marked any more.

    ``moved``: the outlets ``changed_groups`` found moved (a re-run); None after a full read, which
    stores every outlet's party anew.
    """
    conn.execute("DELETE FROM reconcile_dirty")
    cur = conn.cursor()
    cur.row_factory = None
    if moved is None:
        conn.execute("DELETE FROM reconcile_outlets")
        outlets: Iterable[str] = [
            o for (o,) in cur.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL")
        ]
    else:
        outlets = moved
    conn.executemany(
        "INSERT OR REPLACE INTO reconcile_outlets (outlet, party, name) VALUES (?, ?, ?)",
        [(o, *party_of(o)) for o in outlets],
    )
    seen = cur.execute("SELECT max(rowid) FROM claims").fetchone()[0] or 0
    conn.execute("UPDATE reconcile_state SET claims_seen = ?, fingerprint = ?", (seen, fingerprint))


def mark(conn: sqlite3.Connection, measure_ids: Iterable[str]) -> None:
    """Mark measures for the next run (results written outside a full run, e.g. by a review)."""
    conn.executemany(
        "INSERT OR IGNORE INTO reconcile_dirty (kind, key) VALUES ('m', ?)", ((m,) for m in measure_ids)
    )


__all__ = ["FULL_SHARE", "LOOSE", "changed_groups", "done", "mark", "moved_outlets"]

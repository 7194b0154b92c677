"""The thin SQLite layer over the pure core: read claims, recompute flags and grades, read timelines.

`reconcile_ledger` rewrites flags, flag_claims and claim_grades in ONE
transaction, so a reader (the review page, `conflicts`) sees either the old
results or the new ones, never a half-written mix; a failure leaves the old
results in place.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator

from ..errors import LedgerError
from ..ledger.sources import SourceVocab, light_key, source_key
from .engine import reconcile_claims
from .estimates import estimates
from .types import FLAG_KINDS, GRADES, ClaimRow, Estimate, ReconcileSummary, TimelinePoint

_SELECT = """
SELECT c.id, c.document_id, c.measure_id, c.source_id, c.source, s.name, d.outlet,
       c.low, c.high, c.hedge, c.unit, c.event, c.period_start, COALESCE(c.as_of, d.published), c.text
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN sources s ON s.id = c.source_id
WHERE c.review_status != 'rejected'
"""

class _Outlets:
    """Recognise an outlet that is itself a known source (a ministry's own bulletin), by the ledger's keys."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.vocab = SourceVocab.load()
        self.by_alias: dict[str, tuple[int, str]] = {}
        self.by_key: dict[str, tuple[int, str]] = {}
        for lk, sid, name in conn.execute(
            "SELECT a.alias_key, a.source_id, s.name FROM source_aliases a "
            "JOIN sources s ON s.id = a.source_id"
        ):
            self.by_alias[lk] = (sid, name)
        for key, sid, name in conn.execute("SELECT key, id, name FROM sources"):
            self.by_key[key] = (sid, name)
        self.cache: dict[str | None, tuple[str, str]] = {}

    def party(self, outlet: str | None) -> tuple[str, str]:
        """(party key, display name) for a figure in the article's own voice; ("", …) when no outlet."""
        got = self.cache.get(outlet)
        if got is None:
            if not outlet:
                got = ("", "the article")
            else:
                hit = self.by_alias.get(light_key(outlet)) or self.by_key.get(source_key(outlet, self.vocab))
                got = (f"#{hit[0]}", hit[1]) if hit else ("@" + light_key(outlet), outlet)
            self.cache[outlet] = got
        return got


def iter_claim_rows(conn: sqlite3.Connection, measure_id: str | None = None) -> Iterator[ClaimRow]:
    """Every non-rejected claim as a ClaimRow (optionally of one measure).

    The party of an attributed claim is its normalised source; of a figure in the
    article's own voice, the outlet (the same source when the outlet is a party the
    ledger knows, e.g. a ministry's own bulletin), or else the document itself.
    """
    sql = _SELECT + (" AND c.measure_id = ?" if measure_id is not None else "")
    outlets = _Outlets(conn)
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: the ledger's Row factory costs time at a million rows
    cur.execute(sql, (measure_id,) if measure_id is not None else ())
    for cid, doc, mid, sid, source, sname, outlet, low, high, hedge, unit, event, pstart, day, text in cur:
        if sid is not None:
            party, name, attributed = f"#{sid}", sname or source or f"source {sid}", source is not None
        elif source is not None:
            party, name, attributed = "@" + light_key(source), source, True
        else:
            attributed = False
            party, name = outlets.party(outlet)
            if not party:
                party = "doc:" + doc
        yield ClaimRow(cid, doc, mid, party, name, attributed, low, high, hedge, unit, event, pstart, day,
                       text)


def reconcile_ledger(conn: sqlite3.Connection) -> ReconcileSummary:
    """Recompute every flag and grade from the ledger's non-rejected claims, in one transaction."""
    t0 = time.perf_counter()
    if conn.in_transaction:
        raise LedgerError("reconcile needs the ledger outside a transaction: commit or roll back first")
    rows = list(iter_claim_rows(conn))
    result = reconcile_claims(rows)
    total = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    measures = len({r.measure_id for r in rows if r.measure_id is not None})
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM flag_claims")
        conn.execute("DELETE FROM flags")
        conn.execute("DELETE FROM claim_grades")
        conn.executemany(
            "INSERT INTO flags (id, kind, measure_id, detail) VALUES (?, ?, ?, ?)",
            ((i, f.kind, f.measure_id, f.detail) for i, f in enumerate(result.flags, 1)),
        )
        conn.executemany(
            "INSERT INTO flag_claims (flag_id, claim_id) VALUES (?, ?)",
            ((i, cid) for i, f in enumerate(result.flags, 1) for cid in f.claim_ids),
        )
        conn.executemany("INSERT INTO claim_grades (claim_id, grade) VALUES (?, ?)", result.grades.items())
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise LedgerError(f"reconcile could not write its results (nothing was changed): {exc}") from exc
    by_kind = Counter(f.kind for f in result.flags)
    by_grade = Counter(result.grades.values())
    return ReconcileSummary(
        claims=len(rows),
        excluded=total - len(rows),
        measures=measures,
        flags={k: by_kind.get(k, 0) for k in FLAG_KINDS},
        grades={g: by_grade.get(g, 0) for g in GRADES},
        seconds=time.perf_counter() - t0,
    )


def measure_timeline(conn: sqlite3.Connection, measure_id: str) -> list[TimelinePoint]:
    """Every non-rejected claim of one measure in date order: who says what, when, and its grade."""
    rows = list(iter_claim_rows(conn, measure_id))
    meta = {
        cid: (outlet, title, grade)
        for cid, outlet, title, grade in conn.execute(
            """SELECT c.id, d.outlet, d.title, g.grade FROM claims c JOIN documents d ON d.id = c.document_id
               LEFT JOIN claim_grades g ON g.claim_id = c.id WHERE c.measure_id = ?""",
            (measure_id,),
        ).fetchall()
    }
    rows.sort(key=lambda r: (r.date or "9999", r.party_name, r.low or 0.0, r.id))
    return [
        TimelinePoint(r.date, r.party_name, r.attributed, r.low, r.high, r.hedge, r.text, r.id, r.document_id,
                      *meta.get(r.id, (None, None, None)))
        for r in rows
    ]


def measure_estimates(conn: sqlite3.Connection, measure_id: str) -> list[Estimate]:
    """low / best / high / conservative per date for one measure (rules in docs/reconcile.md)."""
    return estimates(iter_claim_rows(conn, measure_id))

"""The hot page queries use indexes (no full scan of claims, flags or documents)."""

from __future__ import annotations

import sqlite3
from typing import Any

from conftest import Built

from claimledger.serve import queries


def _scans(conn: sqlite3.Connection, sqls: list[tuple[str, tuple[Any, ...]]]) -> list[str]:
    out = []
    for sql, params in sqls:
        out += [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    return [p for p in out if p.startswith("SCAN") and any(t in p for t in ("claims", "flags", "documents"))]


class _Recorder:
    """A connection stand-in that records every SELECT the page runs, then runs it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sqls: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.sqls.append((sql, tuple(params)))
        return self.conn.execute(sql, params)

    def cursor(self) -> _RecordingCursor:
        return _RecordingCursor(self)


class _RecordingCursor:
    def __init__(self, rec: _Recorder) -> None:
        self.rec = rec
        self.row_factory: Any = None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.rec.sqls.append((sql, tuple(params)))
        cur = self.rec.conn.cursor()
        cur.row_factory = self.row_factory
        return cur.execute(sql, params)


def test_document_and_measure_pages_use_indexes(ledger: Built) -> None:
    conn = sqlite3.connect(ledger.path)
    rec = _Recorder(conn)
    assert queries.document_page(rec, ledger.docs["a1"].id) is not None  # type: ignore[arg-type]
    mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (ledger.claims["a1"][0],)).fetchone()[0]
    assert queries.measure_page(rec, mid) is not None  # type: ignore[arg-type]
    assert _scans(conn, rec.sqls) == []


def test_measures_list_by_name_reads_its_page_from_an_index(ledger: Built) -> None:
    """/measures in its default order (name) never sorts every measure to show one page.

    Without migration 0018's index the plan is "USE TEMP B-TREE FOR ORDER BY"
    over the whole measures table: about 0.2 s per view on a 10M-claim ledger.
    """
    conn = sqlite3.connect(ledger.path)
    rec = _Recorder(conn)
    page = queries.measures_page(rec)  # type: ignore[arg-type]
    assert page["measures"]
    plans = [
        r[3]
        for sql, params in rec.sqls
        if "FROM measures m" in sql
        for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    ]
    assert plans, "the list query was not recorded"
    assert not [p for p in plans if "TEMP B-TREE FOR ORDER BY" in p], plans
    assert _scans(conn, rec.sqls) == []


def test_measures_sorted_by_a_statistic_count_only_the_filtered_measures(ledger: Built) -> None:
    """Sorted by claims with an event filter: the same measures and counts as counting by hand."""
    conn = sqlite3.connect(ledger.path)
    conn.row_factory = sqlite3.Row
    event = conn.execute("SELECT event FROM measures GROUP BY event ORDER BY count(*) DESC").fetchone()[0]
    by_hand: dict[str, int] = {}
    for mid, status in conn.execute(
        "SELECT c.measure_id, c.review_status FROM claims c JOIN measures m ON m.id = c.measure_id "
        "WHERE m.event = ? AND m.id NOT IN (SELECT from_id FROM measure_merges)",
        (event,),
    ):
        if status != "rejected":
            by_hand[mid] = by_hand.get(mid, 0) + 1
    page = queries.measures_page(conn, event=event, sort="claims")
    got = {m["id"]: m["claims"] for m in page["measures"]}
    assert got and got == {k: v for k, v in by_hand.items() if k in got}
    assert len(got) == min(len(by_hand), queries.PAGE)
    counts = [m["claims"] for m in page["measures"]]
    assert counts == sorted(counts, reverse=True)
    assert {m["event"] for m in page["measures"]} == {event}

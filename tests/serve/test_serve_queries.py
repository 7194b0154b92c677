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

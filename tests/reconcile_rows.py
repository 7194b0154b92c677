"""Builders shared by the reconcile tests: hand-made claim rows and a small ledger filled by SQL."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from claimledger.reconcile import ClaimRow


def row(
    cid: str,
    party: str | None,
    value: float | None = None,
    date: str | None = "2031-03-10",
    *,
    hedge: str = "exact",
    low: float | None = None,
    high: float | None = None,
    event: str = "killed",
    period_start: str | None = "2031-01-05",
    measure: str | None = "m1",
    doc: str | None = None,
    unit: str = "count",
    own: bool = False,
) -> ClaimRow:
    """A claim row; ``party`` None means the article's own voice (its party is the document).

    ``own`` marks a figure in the party's own publication (own voice, party known).
    """
    if value is not None:
        low = value if low is None and hedge not in ("less_than", "at_most", "up_to") else low
        high = value if high is None and hedge not in ("more_than", "at_least") else high
    if party is None:
        own = True
    return ClaimRow(
        id=cid,
        document_id=doc or f"doc-{cid}",
        measure_id=measure,
        party=f"doc:{doc or cid}" if party is None else party.lower(),
        party_name="Test Wire" if party is None else party,
        attributed=not own and party is not None,
        low=low,
        high=high,
        hedge=hedge,
        unit=unit,
        event=event,
        period_start=period_start,
        date=date,
        text=str(value),
    )


def rows_from(spec: list[dict[str, Any]]) -> list[ClaimRow]:
    return [row(**s) for s in spec]


MEASURE = ("m1", "killed", "civilians", "tessaly", "2031-01-05", "count", "civilians killed in Tessaly")


def fill(conn: sqlite3.Connection, claims: list[dict[str, Any]]) -> None:
    """Insert documents, sources, one measure and claims with plain SQL (no extractor involved).

    Each claim dict: id, doc, source (None = own voice), value, date (published), outlet, status.
    """
    conn.execute("BEGIN")
    conn.execute(
        "INSERT OR IGNORE INTO measures (id, event, subject, place, period_start, unit, label) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        MEASURE,
    )
    for c in claims:
        sentence = f"{c.get('source') or 'The article'} says {c['value']:,.0f} civilians have been killed."
        conn.execute(
            "INSERT OR IGNORE INTO documents (id, text, title, outlet, published, rules, added_at) "
            "VALUES (?, ?, ?, ?, ?, 'r', '2031-01-01T00:00:00')",
            (c["doc"], sentence, f"Title {c['doc']}", c.get("outlet", "Test Wire"), c["date"]),
        )
        sid = None
        if c.get("source"):
            got = conn.execute("SELECT id FROM sources WHERE name = ?", (c["source"],)).fetchone()
            if got is None:
                sid = conn.execute(
                    "INSERT INTO sources (name, key) VALUES (?, ?)", (c["source"], c["source"].lower())
                ).lastrowid
                conn.execute(
                    "INSERT INTO source_aliases (alias_key, alias, source_id) VALUES (?, ?, ?)",
                    (c["source"].lower(), c["source"], sid),
                )
            else:
                sid = got[0]
        figure = f"{c['value']:,.0f}"
        start = sentence.index(figure)
        conn.execute(
            "INSERT INTO claims (id, document_id, span_start, span_end, text, low, high, hedge, unit, "
            "event, subject, period_start, as_of, source, source_id, sentence_start, sentence_end, rules, "
            "measure_id, machine, review_status) VALUES (?, ?, ?, ?, ?, ?, ?, 'exact', 'count', 'killed', "
            "'civilians', '2031-01-05', ?, ?, ?, 0, ?, 'r', 'm1', ?, ?)",
            (c["id"], c["doc"], start, start + len(figure), figure, c["value"], c["value"], c.get("as_of"),
             c.get("source"), sid, len(sentence), json.dumps({}), c.get("status", "unreviewed")),
        )
    conn.execute("COMMIT")


def bench_reconcile() -> ModuleType:
    """benchmarks/bench_reconcile.py as a module: its generator makes ledgers shaped like a big real one."""
    bench_dir = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, bench_dir)
    try:
        import bench_reconcile
    finally:
        sys.path.remove(bench_dir)
    return bench_reconcile


def ledger_grades(conn: sqlite3.Connection) -> dict[str, str]:
    """Every non-rejected claim's grade as the ledger's readers see it (``GRADE_SQL``: no row is
    'single'), after checking the rows are only what reconcile writes: none for 'single' (migration
    0019) and none for a rejected claim."""
    from claimledger.reconcile.types import GRADE_SQL

    assert conn.execute("SELECT count(*) FROM claim_grades WHERE grade = 'single'").fetchone()[0] == 0
    assert conn.execute(
        "SELECT count(*) FROM claim_grades g JOIN claims c ON c.id = g.claim_id "
        "WHERE c.review_status = 'rejected'"
    ).fetchone()[0] == 0
    return {
        str(a): str(b) for a, b in conn.execute(
            f"SELECT c.id, {GRADE_SQL} FROM claims c LEFT JOIN claim_grades g ON g.claim_id = c.id "
            "WHERE c.review_status != 'rejected'"
        )
    }

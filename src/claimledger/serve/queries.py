"""Read queries behind each page, as plain functions of a sqlite3 connection.

Each page runs its queries in one call (one hop to Datasette's read thread)
and gets plain dicts back; keeping SQL here lets tests and the benchmark
check the queries without a server, and keeps the views about HTTP only.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from datasette.utils import escape_fts

__all__ = [
    "MEASURE_COLUMNS",
    "PAGE",
    "RANK_LIMIT",
    "audit_page",
    "conflicts_page",
    "document_page",
    "documents_page",
    "measure_page",
    "measures_page",
    "sources_page",
]

PAGE = 50
RANK_LIMIT = 5000  # search results are ranked by relevance up to this many matches
Row = dict[str, Any]


def rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Row]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _marks(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def flags_for_claims(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for i in range(0, len(claim_ids), 500):
        part = claim_ids[i : i + 500]
        sql = (
            "SELECT fc.claim_id, f.id, f.kind, f.detail, f.measure_id FROM flag_claims fc "
            f"JOIN flags f ON f.id = fc.flag_id WHERE fc.claim_id IN ({_marks(part)})"
        )
        for r in rows(conn, sql, tuple(part)):
            out[r.pop("claim_id")].append(r)
    return dict(out)


def documents_page(
    conn: sqlite3.Connection,
    *,
    q: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Row:
    """One page of documents, newest first (or best FTS match first when searching)."""
    where, params = [], []
    if outlet:
        where.append("d.outlet = ?")
        params.append(outlet)
    if since:
        where.append("d.published >= ?")
        params.append(since)
    if until:
        where.append("d.published <= ?")
        params.append(until)
    select = (
        "SELECT d.id, d.title, d.outlet, d.published, d.claim_count, "
        "(SELECT count(DISTINCT fc.flag_id) FROM claims c JOIN flag_claims fc ON fc.claim_id = c.id "
        " WHERE c.document_id = d.id) AS flag_count"
    )
    offset = (max(page, 1) - 1) * PAGE
    fts = escape_fts(q.strip()) if q.strip() else ""
    matches: int | None = None
    if fts:
        # Rank first, then build the 51 rows: computing snippets and flag counts in the
        # ranked query would do it for every match (thousands for a common word).
        filters = "".join(" AND " + w for w in where)
        # bm25 for every match costs ~1.5 ms per thousand matches; past RANK_LIMIT
        # the newest matches come first instead (the page says so).
        matches = conn.execute(
            "SELECT count(*) FROM documents_fts "
            + ("JOIN documents d ON d.rowid = documents_fts.rowid " if filters else "")
            + f"WHERE documents_fts MATCH ? {filters}",
            (fts, *params),
        ).fetchone()[0]
        order = "rank" if matches <= RANK_LIMIT else "documents_fts.rowid DESC"
        ranked = [
            r[0]
            for r in conn.execute(
                "SELECT documents_fts.rowid FROM documents_fts "
                + ("JOIN documents d ON d.rowid = documents_fts.rowid " if filters else "")
                + f"WHERE documents_fts MATCH ? {filters} ORDER BY {order} LIMIT ? OFFSET ?",
                (fts, *params, PAGE + 1, offset),
            )
        ]
        found = []
        if ranked:
            sql = (
                f"{select}, documents_fts.rowid AS _rowid, "
                "snippet(documents_fts, 1, char(57344), char(57345), '…', 16) AS snippet "
                "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                f"WHERE documents_fts MATCH ? AND documents_fts.rowid IN ({_marks([str(r) for r in ranked])})"
            )
            by_rowid = {r.pop("_rowid"): r for r in rows(conn, sql, (fts, *ranked))}
            found = [by_rowid[r] for r in ranked if r in by_rowid]
    else:
        sql = (
            f"{select}, substr(d.text, 1, 240) AS snippet FROM documents d "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY d.published DESC, d.rowid DESC LIMIT ? OFFSET ?"
        )
        found = rows(conn, sql, (*params, PAGE + 1, offset))
    outlets = rows(
        conn,
        "SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY n DESC LIMIT 40",
    )
    return {
        "documents": found[:PAGE],
        "more": len(found) > PAGE,
        "outlets": outlets,
        "matches": matches,
        "by_relevance": matches is not None and matches <= RANK_LIMIT,
    }


def document_page(conn: sqlite3.Connection, doc_id: str) -> Row | None:
    """A document, its claims in text order with flags, grades and measure labels."""
    docs = rows(
        conn,
        "SELECT id, text, title, url, outlet, published, origin, format, rules, added_at "
        "FROM documents WHERE id = ?",
        (doc_id,),
    )
    if not docs:
        return None
    claims = rows(
        conn,
        "SELECT c.*, s.name AS source_name, g.grade, m.label AS measure_label "
        "FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
        "LEFT JOIN claim_grades g ON g.claim_id = c.id "
        "LEFT JOIN measures m ON m.id = c.measure_id "
        "WHERE c.document_id = ? ORDER BY c.span_start",
        (doc_id,),
    )
    flags = flags_for_claims(conn, [c["id"] for c in claims])
    return {"doc": docs[0], "claims": claims, "flags": flags}


# Columns of the measure page's claim tuples, in query order.
MEASURE_COLUMNS = (
    "id",
    "document_id",
    "low",
    "high",
    "hedge",
    "unit",
    "as_of",
    "review_status",
    "source_id",
    "source_name",
    "day",
    "own_outlet",
)


def measures_page(conn: sqlite3.Connection, *, q: str = "", event: str = "", page: int = 1) -> Row:
    """Measures by label, with claim, source and flag counts for the page shown."""
    where, params = [], []
    if q:
        where.append("m.label LIKE ?")
        params.append(f"%{q}%")
    if event:
        where.append("m.event = ?")
        params.append(event)
    cond = "WHERE " + " AND ".join(where) if where else ""
    # Page first, count after: counts in the sorted query would run for every skipped measure too.
    found = rows(
        conn,
        f"SELECT m.id, m.label, m.event, m.unit FROM measures m {cond} "
        "ORDER BY m.label COLLATE NOCASE LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    for m in found[:PAGE]:
        m["claims"], m["sources"] = conn.execute(
            "SELECT count(*), count(DISTINCT source_id) FROM claims WHERE measure_id = ?", (m["id"],)
        ).fetchone()
        m["flags"] = conn.execute("SELECT count(*) FROM flags WHERE measure_id = ?", (m["id"],)).fetchone()[0]
    return {"measures": found[:PAGE], "more": len(found) > PAGE}


def measure_page(
    conn: sqlite3.Connection, measure_id: str, *, page: int = 1, per_page: int = 100, limit: int = 5000
) -> Row | None:
    """A measure: its claims (up to ``limit``) for the chart, one page of them for the table, its flags.

    One pass over the measure's claims serves both chart and table; the
    article (date, outlet, sentence) is read only for the claims on the page.
    """
    ms = rows(conn, "SELECT * FROM measures WHERE id = ?", (measure_id,))
    if not ms:
        return None
    # Plain tuples (see MEASURE_COLUMNS): a big measure has thousands of claims, most only charted,
    # and name lookups on thousands of rows cost more than the query.
    cur = conn.cursor()
    cur.row_factory = None
    found: list[tuple[Any, ...]] = cur.execute(
        "SELECT c.id, c.document_id, c.low, c.high, c.hedge, c.unit, c.as_of, c.review_status, c.source_id, "
        "s.name AS source_name, "
        "coalesce(c.as_of, (SELECT published FROM documents d WHERE d.id = c.document_id)) AS day, "
        "CASE WHEN c.source_id IS NULL THEN (SELECT outlet FROM documents d WHERE d.id = c.document_id) END "
        "AS own_outlet "
        "FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
        "WHERE c.measure_id = ? ORDER BY day DESC, c.id DESC LIMIT ?",
        (measure_id, limit + 1),
    ).fetchall()
    total = len(found)
    if total > limit:
        found = found[:limit]
        total = conn.execute("SELECT count(*) FROM claims WHERE measure_id = ?", (measure_id,)).fetchone()[0]
    start = (max(page, 1) - 1) * per_page
    claims = [dict(zip(MEASURE_COLUMNS, c, strict=True)) for c in found[start : start + per_page]]
    docs: dict[str, Row] = {}
    for c in claims:
        if c["document_id"] not in docs:
            docs[c["document_id"]] = {}
    if docs:
        for d in rows(
            conn,
            f"SELECT id, published, title, outlet FROM documents WHERE id IN ({_marks(list(docs))})",
            tuple(docs),
        ):
            docs[d["id"]] = d
    ids = [c["id"] for c in claims]
    extra = (
        {
            r["id"]: r
            for r in rows(
                conn,
                "SELECT c.id, c.text, c.source, substr(d.text, c.sentence_start + 1, "
                "min(c.sentence_end - c.sentence_start, 400)) AS sentence "
                f"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({_marks(ids)})",
                tuple(ids),
            )
        }
        if ids
        else {}
    )
    for c in claims:
        d = docs.get(c["document_id"], {})
        c.update(published=d.get("published"), title=d.get("title"), outlet=d.get("outlet"))
        c.update(extra.get(c["id"], {}))
    flags = rows(
        conn,
        "SELECT id, kind, detail FROM flags WHERE measure_id = ? ORDER BY kind, id LIMIT 200",
        (measure_id,),
    )
    status = MEASURE_COLUMNS.index("review_status")
    points = [c for c in found if c[status] != "rejected"]
    return {
        "measure": ms[0],
        "points": points,
        "claims": claims,
        "more": start + per_page < len(found),
        "total": total,
        "flags": flags,
    }


def conflicts_page(conn: sqlite3.Connection, *, kind: str = "", page: int = 1) -> Row:
    """Flags other than 'unattributed' (or of one kind), each with its claims."""
    where, params = "f.kind != 'unattributed'", tuple[str, ...]()
    if kind:
        where, params = "f.kind = ?", (kind,)
    found = rows(
        conn,
        "SELECT f.id, f.kind, f.detail, f.measure_id, m.label FROM flags f "
        f"LEFT JOIN measures m ON m.id = f.measure_id WHERE {where} ORDER BY f.id "
        "LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    ids = [f["id"] for f in found[:PAGE]]
    by_flag: dict[int, list[Row]] = defaultdict(list)
    if ids:
        for r in rows(
            conn,
            "SELECT fc.flag_id, c.id, c.document_id, c.text, c.low, c.high, c.hedge, c.unit, "
            "c.source, c.as_of, d.published, d.outlet FROM flag_claims fc "
            "JOIN claims c ON c.id = fc.claim_id JOIN documents d ON d.id = c.document_id "
            f"WHERE fc.flag_id IN ({_marks([str(i) for i in ids])}) "
            "ORDER BY coalesce(c.as_of, d.published)",
            tuple(ids),
        ):
            by_flag[r.pop("flag_id")].append(r)
    counts = rows(conn, "SELECT kind, count(*) AS n FROM flags GROUP BY kind ORDER BY kind")
    for f in found:
        f["claims"] = by_flag.get(f["id"], [])
    return {"flags": found[:PAGE], "more": len(found) > PAGE, "counts": counts}


def sources_page(conn: sqlite3.Connection, *, q: str = "", page: int = 1) -> Row:
    """Sources by name with their aliases and number of claims."""
    where, params = "", tuple[str, ...]()
    if q:
        where = "WHERE s.name LIKE ? OR s.id IN (SELECT source_id FROM source_aliases WHERE alias LIKE ?)"
        params = (f"%{q}%", f"%{q}%")
    found = rows(
        conn,
        f"SELECT s.id, s.name, s.key FROM sources s {where} ORDER BY s.name COLLATE NOCASE LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    for src in found[:PAGE]:  # counted after paging, only for the sources shown
        src["claims"] = conn.execute(
            "SELECT count(*) FROM claims WHERE source_id = ?", (src["id"],)
        ).fetchone()[0]
    ids = [s["id"] for s in found[:PAGE]]
    aliases: dict[int, list[Row]] = defaultdict(list)
    if ids:
        sql = (
            "SELECT source_id, alias, origin FROM source_aliases "
            f"WHERE source_id IN ({_marks([str(i) for i in ids])}) ORDER BY alias"
        )
        for r in rows(conn, sql, tuple(ids)):
            aliases[r.pop("source_id")].append(r)
    for s in found:
        s["aliases"] = aliases.get(s["id"], [])
    return {"sources": found[:PAGE], "more": len(found) > PAGE}


def audit_page(conn: sqlite3.Connection, *, reviewer: str = "", claim: str = "", page: int = 1) -> Row:
    """Review log, newest first, with the fields each review changed."""
    where, params = [], []
    if reviewer:
        where.append("r.reviewer = ?")
        params.append(reviewer)
    if claim:
        where.append("r.claim_id = ?")
        params.append(claim)
    cond = "WHERE " + " AND ".join(where) if where else ""
    found = rows(
        conn,
        # Document actions (claimledger documents set) have no claim: they link to their document.
        "SELECT r.*, COALESCE(c.document_id, r.document) AS document_id, "
        "COALESCE(c.text, CASE WHEN r.claim_id IS NULL THEN 'document metadata' END) AS claim_text "
        "FROM reviews r "
        f"LEFT JOIN claims c ON c.id = r.claim_id {cond} ORDER BY r.id DESC LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    return {"reviews": found[:PAGE], "more": len(found) > PAGE}

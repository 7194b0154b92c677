"""Report queries: claims, measures and sources with the same filters for all three.

Filters narrow the *claims* first (event, source, measure, document, date,
full-text search over the documents); measures and sources are then the ones
those claims belong to. One meaning for a filter everywhere keeps the reports
predictable.

Shaped for big ledgers (millions of claims): claims are picked and counted
from the claims table and its indexes alone, and only the rows shown are then
joined to their document, source and measure; the documents table is joined
for the pick only when a date filter needs a publication date.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from ..errors import LedgerError


@dataclass(frozen=True, slots=True)
class Filters:
    """Report filters; None means 'any'. ``limit`` None means no limit."""

    event: str | None = None
    source: str | None = None
    measure: str | None = None
    document: str | None = None
    claim: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None
    limit: int | None = None

    @property
    def narrows_claims(self) -> bool:
        return any(v is not None for v in (self.event, self.source, self.measure, self.document,
                                            self.claim, self.since, self.until, self.search))


def fts_query(text: str) -> str:
    """User words as an FTS5 query that cannot be a syntax error: each word quoted, all required."""
    words = re.findall(r"[\w'-]+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'


@dataclass(frozen=True, slots=True)
class _Where:
    sql: str
    args: list[Any]
    needs_document: bool  # the condition reads d.published


def _where(f: Filters) -> _Where:
    """SQL condition over ``c`` (claims), and ``d`` (documents) only for date filters.

    A claim's date is its ``as_of``, else its document's publication date.
    ``--source`` matches a source's name, id or any alias; every name an
    attribution was written as is an alias (or links to one in its document),
    so the claims table itself is never scanned for it.
    """
    conds: list[str] = []
    args: list[Any] = []
    if f.event:
        conds.append("c.event = ?")
        args.append(f.event)
    if f.source:
        like = f"%{f.source}%"
        conds.append(
            "c.source_id IN (SELECT id FROM sources WHERE name LIKE ? OR CAST(id AS TEXT) = ?"
            " UNION SELECT source_id FROM source_aliases WHERE alias LIKE ?)"
        )
        args += [like, f.source, like]
    if f.measure:
        conds.append("c.measure_id IN (SELECT id FROM measures WHERE id = ? OR label LIKE ?)")
        args += [f.measure, f"%{f.measure}%"]
    if f.document:
        conds.append("c.document_id LIKE ?")
        args.append(f"{f.document}%")
    if f.claim:
        conds.append("c.id = ?")
        args.append(f.claim)
    if f.since:
        conds.append("COALESCE(c.as_of, d.published) >= ?")
        args.append(f.since)
    if f.until:
        conds.append("COALESCE(c.as_of, d.published) <= ?")
        args.append(f.until)
    if f.search:
        conds.append(
            "c.document_id IN (SELECT id FROM documents WHERE rowid IN "
            "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))"
        )
        args.append(fts_query(f.search))
    return _Where(" AND ".join(conds) or "1", args, bool(f.since or f.until))


def _from(w: _Where) -> str:
    return "claims c JOIN documents d ON d.id = c.document_id" if w.needs_document else "claims c"


def _limit(f: Filters) -> str:
    return f" LIMIT {int(f.limit)}" if f.limit is not None else ""


def _run(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    except sqlite3.Error as exc:
        raise LedgerError(f"report query failed: {exc}") from exc


_CLAIM_ORDER = "c.as_of DESC, c.rowid DESC"


def claims(conn: sqlite3.Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Claims with their document, normalised source and measure; newest ``as_of`` first, undated last."""
    w = _where(f)
    sql = f"""
        SELECT c.id AS claim_id, c.text AS figure, c.low, c.high, c.hedge, c.unit, c.event,
               c.subject, c.place, c.as_of, c.period_start, c.source AS source_as_written,
               s.name AS source, c.source_id, c.cue, m.label AS measure, c.measure_id,
               c.review_status, d.published, d.outlet, d.title, c.document_id,
               substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence
        FROM (SELECT c.rowid AS rid FROM {_from(w)} WHERE {w.sql} ORDER BY {_CLAIM_ORDER}{_limit(f)}) pick
        JOIN claims c ON c.rowid = pick.rid
        JOIN documents d ON d.id = c.document_id
        LEFT JOIN sources s ON s.id = c.source_id
        LEFT JOIN measures m ON m.id = c.measure_id
        ORDER BY {_CLAIM_ORDER}"""
    return _run(conn, sql, w.args)


def _measures_agg(f: Filters) -> tuple[str, list[Any]]:
    w = _where(f)
    sql = f"""
        SELECT c.measure_id AS mid, COUNT(*) AS claims, COUNT(DISTINCT c.source_id) AS sources,
               MIN(COALESCE(c.low, c.high)) AS lowest, MAX(COALESCE(c.high, c.low)) AS highest,
               MIN(c.as_of) AS first_date, MAX(c.as_of) AS last_date
        FROM {_from(w)}
        WHERE c.measure_id IS NOT NULL AND c.review_status != 'rejected' AND {w.sql}
        GROUP BY c.measure_id"""
    return sql, w.args


def measures(conn: sqlite3.Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Measures with how many claims and sources report them, their range and ``as_of`` dates.

    Rejected claims do not count. Most-reported first.
    """
    agg, args = _measures_agg(f)
    sql = f"""
        SELECT m.id AS measure_id, m.label, m.event, m.subject, m.place, m.period_start, m.unit,
               a.claims, a.sources, a.lowest, a.highest, a.first_date, a.last_date
        FROM ({agg}) a JOIN measures m ON m.id = a.mid
        ORDER BY a.claims DESC, m.label{_limit(f)}"""
    return _run(conn, sql, args)


def _sources_agg(f: Filters) -> tuple[str, list[Any]]:
    w = _where(f)
    sql = f"""
        SELECT c.source_id AS sid, COUNT(*) AS claims, COUNT(DISTINCT c.measure_id) AS measures,
               COUNT(DISTINCT c.document_id) AS documents,
               MIN(c.as_of) AS first_date, MAX(c.as_of) AS last_date
        FROM {_from(w)}
        WHERE c.source_id IS NOT NULL AND {w.sql}
        GROUP BY c.source_id"""
    return sql, w.args


def sources(conn: sqlite3.Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Sources with their aliases and how often they are cited; alphabetical, never ranked.

    Without filters every source is listed, cited or not; with filters, the
    sources of the matching claims.
    """
    agg, args = _sources_agg(f)
    join = "JOIN" if f.narrows_claims else "LEFT JOIN"
    sql = f"""
        SELECT s.id AS source_id, s.name,
               (SELECT group_concat(alias, ' | ') FROM
                   (SELECT DISTINCT alias FROM source_aliases a WHERE a.source_id = s.id
                    ORDER BY alias)) AS aliases,
               COALESCE(a.claims, 0) AS claims, COALESCE(a.measures, 0) AS measures,
               COALESCE(a.documents, 0) AS documents, a.first_date, a.last_date
        FROM sources s {join} ({agg}) a ON a.sid = s.id
        ORDER BY s.name COLLATE NOCASE{_limit(f)}"""
    return _run(conn, sql, args)


REPORTS: tuple[str, ...] = ("claims", "measures", "sources")


def report(conn: sqlite3.Connection, what: str, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Rows of report ``what`` (claims | measures | sources) under the filters, up to ``f.limit``."""
    if what not in REPORTS:
        raise LedgerError(f"unknown report {what!r} (one of: {', '.join(REPORTS)})")
    return {"claims": claims, "measures": measures, "sources": sources}[what](conn, f)


def total(conn: sqlite3.Connection, what: str, f: Filters = Filters()) -> int:
    """How many rows report ``what`` has under the filters, ignoring the limit."""
    unlimited = replace(f, limit=None)
    if what == "claims":
        w = _where(unlimited)
        sql, args = f"SELECT COUNT(*) AS n FROM {_from(w)} WHERE {w.sql}", w.args
    elif what == "measures":
        agg, args = _measures_agg(unlimited)
        sql = f"SELECT COUNT(*) AS n FROM ({agg})"
    elif what == "sources" and not f.narrows_claims:
        sql, args = "SELECT COUNT(*) AS n FROM sources", []
    elif what == "sources":
        agg, args = _sources_agg(unlimited)
        sql = f"SELECT COUNT(*) AS n FROM ({agg})"
    else:
        raise LedgerError(f"unknown report {what!r} (one of: {', '.join(REPORTS)})")
    return int(_run(conn, sql, args)[0]["n"])

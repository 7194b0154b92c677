"""Report queries: claims, measures and sources with the same filters for all three.

Filters narrow the *claims* first (event, source, measure, document, date,
full-text search over the documents); measures and sources are then the ones
those claims belong to. One meaning for a filter everywhere keeps the reports
predictable. Dates compare against a claim's ``as_of`` or, failing that, its
document's publication date.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..errors import LedgerError


@dataclass(frozen=True, slots=True)
class Filters:
    """Report filters; None means 'any'. ``limit`` None means no limit."""

    event: str | None = None
    source: str | None = None
    measure: str | None = None
    document: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None
    limit: int | None = None

    @property
    def narrows_claims(self) -> bool:
        return any(v is not None for v in (self.event, self.source, self.measure, self.document,
                                            self.since, self.until, self.search))


def fts_query(text: str) -> str:
    """User words as an FTS5 query that cannot be a syntax error: each word quoted, all required."""
    words = re.findall(r"[\w'-]+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'


def _where(f: Filters) -> tuple[str, list[Any]]:
    """SQL condition over ``c`` (claims) and ``d`` (documents) for the filters."""
    conds: list[str] = []
    args: list[Any] = []
    if f.event:
        conds.append("c.event = ?")
        args.append(f.event)
    if f.source:
        like = f"%{f.source}%"
        conds.append(
            "(c.source LIKE ?"
            " OR c.source_id IN (SELECT id FROM sources WHERE name LIKE ? OR CAST(id AS TEXT) = ?)"
            " OR c.source_id IN (SELECT source_id FROM source_aliases WHERE alias LIKE ?))"
        )
        args += [like, like, f.source, like]
    if f.measure:
        conds.append("(c.measure_id = ? OR c.measure_id IN (SELECT id FROM measures WHERE label LIKE ?))")
        args += [f.measure, f"%{f.measure}%"]
    if f.document:
        conds.append("c.document_id LIKE ?")
        args.append(f"{f.document}%")
    if f.since:
        conds.append("COALESCE(c.as_of, d.published) >= ?")
        args.append(f.since)
    if f.until:
        conds.append("COALESCE(c.as_of, d.published) <= ?")
        args.append(f.until)
    if f.search:
        conds.append(
            "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        )
        args.append(fts_query(f.search))
    return (" AND ".join(conds) or "1"), args


def _limit(f: Filters) -> str:
    return f" LIMIT {int(f.limit)}" if f.limit is not None else ""


def _run(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    except sqlite3.Error as exc:
        raise LedgerError(f"report query failed: {exc}") from exc


def _claims_sql(f: Filters) -> tuple[str, list[Any]]:
    """SQL of the claims report: each claim with its document, source and measure."""
    where, args = _where(f)
    sql = f"""
        SELECT c.id AS claim_id, c.text AS figure, c.low, c.high, c.hedge, c.unit, c.event,
               c.subject, c.place, c.as_of, c.period_start, c.source AS source_as_written,
               s.name AS source, c.source_id, c.cue, m.label AS measure, c.measure_id,
               c.review_status, d.published, d.outlet, d.title, c.document_id,
               substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence
        FROM claims c JOIN documents d ON d.id = c.document_id
        LEFT JOIN sources s ON s.id = c.source_id
        LEFT JOIN measures m ON m.id = c.measure_id
        WHERE {where}
        ORDER BY COALESCE(c.as_of, d.published) DESC, c.document_id, c.span_start
        """
    return sql, args


def _measures_sql(f: Filters) -> tuple[str, list[Any]]:
    """SQL of the measures report: counts and date span of the (unrejected) claims per measure."""
    where, args = _where(f)
    sql = f"""
        SELECT m.id AS measure_id, m.label, m.event, m.subject, m.place, m.period_start, m.unit,
               COUNT(c.id) AS claims, COUNT(DISTINCT c.source_id) AS sources,
               MIN(COALESCE(c.low, c.high)) AS lowest, MAX(COALESCE(c.high, c.low)) AS highest,
               MIN(COALESCE(c.as_of, d.published)) AS first_date,
               MAX(COALESCE(c.as_of, d.published)) AS last_date
        FROM measures m JOIN claims c ON c.measure_id = m.id JOIN documents d ON d.id = c.document_id
        WHERE c.review_status != 'rejected' AND {where}
        GROUP BY m.id ORDER BY claims DESC, m.label """
    return sql, args


def _sources_sql(f: Filters) -> tuple[str, list[Any]]:
    """SQL of the sources report: aliases and citation counts, alphabetical (never ranked)."""
    where, args = _where(f)
    join = "JOIN" if f.narrows_claims else "LEFT JOIN"
    extra = "" if f.narrows_claims else " OR c.id IS NULL"
    sql = f"""
        SELECT s.id AS source_id, s.name,
               (SELECT group_concat(alias, ' | ') FROM
                   (SELECT DISTINCT alias FROM source_aliases a WHERE a.source_id = s.id
                    ORDER BY alias)) AS aliases,
               COUNT(c.id) AS claims, COUNT(DISTINCT c.measure_id) AS measures,
               COUNT(DISTINCT c.document_id) AS documents,
               MIN(COALESCE(c.as_of, d.published)) AS first_date,
               MAX(COALESCE(c.as_of, d.published)) AS last_date
        FROM sources s {join} claims c ON c.source_id = s.id
        {join} documents d ON d.id = c.document_id
        WHERE ({where}{extra})
        GROUP BY s.id ORDER BY s.name COLLATE NOCASE """
    return sql, args


_BUILDERS = {"claims": _claims_sql, "measures": _measures_sql, "sources": _sources_sql}
REPORTS: tuple[str, ...] = tuple(_BUILDERS)


def report(conn: sqlite3.Connection, what: str, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Rows of report ``what`` (claims | measures | sources) under the filters, up to ``f.limit``."""
    sql, args = _BUILDERS[what](f)
    return _run(conn, sql + _limit(f), args)


def total(conn: sqlite3.Connection, what: str, f: Filters = Filters()) -> int:
    """How many rows report ``what`` has under the filters, ignoring the limit."""
    sql, args = _BUILDERS[what](f)
    return int(_run(conn, f"SELECT COUNT(*) AS n FROM ({sql})", args)[0]["n"])


def claims(conn: sqlite3.Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Claims with their document, normalised source and measure; newest first."""
    return report(conn, "claims", f)


def measures(conn: sqlite3.Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Measures with how many claims and sources report them and the dates they span."""
    return report(conn, "measures", f)


def sources(conn: sqlite3.Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Sources with their aliases and how often they are cited; alphabetical, never ranked."""
    return report(conn, "sources", f)

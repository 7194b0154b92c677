"""Exports: the ledger's current (reviewed) claims as JSONL, CSV, Parquet or ClaimReview JSON-LD.

Exports are what leaves the desk, so they carry the reviewed values (a
correction wins over the machine), leave out claims a reviewer rejected, and
keep the machine's original JSON beside them so nothing is lost. Rows stream
from SQLite in chunks: a ledger of millions of claims exports in bounded memory.

ClaimReview rating (about the *record*, never about the party or the truth
of the figure; nothing here rates a source):

=========  ===========  ====================================================
action     ratingValue  alternateName
=========  ===========  ====================================================
confirm    3            Confirmed: the article attributes this figure as recorded
correct    2            Corrected: the record was fixed by a reviewer
reject     1            Rejected: not a figure claim as recorded
=========  ===========  ====================================================
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import LedgerError
from .rows import CLAIM_COLUMNS
from .sources import _person_like

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "claimreview")

_JSON_COLUMNS = ("reported_by", "machine")
_EXTRA = (
    "review_status", "reviewed_at", "reviewer", "source_name", "measure_label",
    "document_title", "document_url", "document_outlet", "document_published",
)
EXPORT_COLUMNS: tuple[str, ...] = CLAIM_COLUMNS + _EXTRA
_SPAN_COLUMNS = frozenset(c for c in CLAIM_COLUMNS if c.endswith(("_start", "_end"))) - {"period_start"}
_INT_COLUMNS = _SPAN_COLUMNS | {"source_id"}
_FLOAT_COLUMNS = frozenset({"low", "high"})

_SELECT = (
    "SELECT " + ", ".join(f"c.{c}" for c in CLAIM_COLUMNS)
    + ", c.review_status, c.reviewed_at, c.reviewer, s.name AS source_name, m.label AS measure_label,"
    " d.title AS document_title, d.url AS document_url, d.outlet AS document_outlet,"
    " d.published AS document_published"
    " FROM claims c JOIN documents d ON d.id = c.document_id"
    " LEFT JOIN sources s ON s.id = c.source_id LEFT JOIN measures m ON m.id = c.measure_id"
    " WHERE c.review_status != 'rejected' ORDER BY c.document_id, c.span_start, c.id"
)

RATINGS: dict[str, tuple[int, str]] = {
    "confirm": (3, "Confirmed: the article attributes this figure as recorded"),
    "correct": (2, "Corrected: the record was fixed by a reviewer"),
    "reject": (1, "Rejected: not a figure claim as recorded"),
}


def _tuples(conn: sqlite3.Connection, chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples in EXPORT_COLUMNS order: much cheaper than Row lookups
    cur.execute(_SELECT)
    while batch := cur.fetchmany(chunk):
        yield from batch


def iter_rows(conn: sqlite3.Connection, chunk: int = 5000) -> Iterator[dict[str, Any]]:
    """Every claim not rejected, current values, as a flat dict in ``EXPORT_COLUMNS`` order."""
    for values in _tuples(conn, chunk):
        yield dict(zip(EXPORT_COLUMNS, values, strict=True))


def write_jsonl(conn: sqlite3.Connection, out: Path) -> int:
    """One JSON object per claim; ``reported_by`` and ``machine`` as nested JSON."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for row in iter_rows(conn):
            for k in _JSON_COLUMNS:
                row[k] = json.loads(row[k]) if row[k] else None
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(conn: sqlite3.Connection, out: Path) -> int:
    """A header row then one row per claim; nested fields stay JSON text, NULL is empty."""
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS)
        for values in _tuples(conn):
            writer.writerow(values)
            n += 1
    return n


def parquet_schema() -> Any:
    """Arrow schema of the Parquet export: ints for offsets, doubles for values, strings else."""
    import pyarrow as pa

    def typ(c: str) -> Any:
        if c in _INT_COLUMNS:
            return pa.int64()
        return pa.float64() if c in _FLOAT_COLUMNS else pa.string()

    return pa.schema([(c, typ(c)) for c in EXPORT_COLUMNS])


def write_parquet(conn: sqlite3.Connection, out: Path, chunk: int = 10_000) -> int:
    """Parquet written one row group per ``chunk`` claims, built column by column (bounded memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples, in EXPORT_COLUMNS order, to transpose cheaply
    cur.execute(_SELECT)
    n = 0
    with pq.ParquetWriter(str(out), schema) as writer:
        while batch := cur.fetchmany(chunk):
            columns = zip(*batch, strict=True)
            arrays = [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _party(name: str) -> dict[str, str]:
    return {"@type": "Person" if _person_like(name) else "Organization", "name": name}


def claim_reviews(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """A schema.org ClaimReview for each claim's latest review (confirm, correct or reject)."""
    sql = """
        SELECT r.id AS review_id, r.action, r.reviewer, r.at, r.note, c.id AS claim_id, c.text,
               c.low, c.high, c.hedge, c.unit, c.event, c.subject, c.place, c.as_of,
               COALESCE(s.name, c.source) AS source_name,
               substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence,
               d.id AS document_id, d.url, d.title, d.outlet, d.published
        FROM reviews r JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.document_id
        LEFT JOIN sources s ON s.id = c.source_id
        WHERE r.id = (SELECT MAX(id) FROM reviews WHERE claim_id = r.claim_id)
          AND r.action IN ('confirm', 'correct', 'reject')
        ORDER BY r.at, r.id"""
    for r in conn.execute(sql):
        value, label = RATINGS[r["action"]]
        appearance: dict[str, Any] = {"@type": "NewsArticle", "identifier": r["document_id"]}
        for key, col in (("url", "url"), ("headline", "title"), ("datePublished", "published")):
            if r[col]:
                appearance[key] = r[col]
        if r["outlet"]:
            appearance["publisher"] = {"@type": "Organization", "name": r["outlet"]}
        author_name = r["source_name"] or r["outlet"]
        item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
        if author_name:
            item["author"] = _party(author_name)
        if r["as_of"] or r["published"]:
            item["datePublished"] = r["as_of"] or r["published"]
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "@id": f"urn:claimledger:claim:{r['claim_id']}#review-{r['review_id']}",
            "identifier": r["claim_id"],
            "claimReviewed": (r["sentence"] or r["text"]).strip(),
            "datePublished": str(r["at"])[:10],
            "author": {"@type": "Person", "name": r["reviewer"]},
            "itemReviewed": item,
            "reviewRating": {
                "@type": "Rating", "ratingValue": value, "bestRating": 3, "worstRating": 1,
                "alternateName": label,
            },
        }
        if r["note"]:
            review["reviewBody"] = r["note"]
        yield review


def write_claimreview(conn: sqlite3.Connection, out: Path) -> int:
    """A JSON-LD document: ``{"@context": "https://schema.org", "@graph": [ClaimReview, …]}``."""
    graph = list(claim_reviews(conn))
    out.write_text(
        json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return len(graph)


def export(conn: sqlite3.Connection, fmt: str, out: str | Path) -> int:
    """Write the export ``fmt`` to ``out``; returns how many claims (or reviews) it holds."""
    writers = {
        "jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet, "claimreview": write_claimreview,
    }
    if fmt not in writers:
        raise LedgerError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    path = Path(out)
    try:
        return writers[fmt](conn, path)
    except OSError as exc:
        raise LedgerError(f"{path}: cannot write the export ({exc.strerror or exc})") from exc

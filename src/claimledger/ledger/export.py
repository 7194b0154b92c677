"""Exports: the ledger's current (reviewed) claims as JSONL, CSV, Parquet or schema.org JSON-LD.

Exports are what leaves the desk, so they carry the reviewed values (a
correction wins over the machine), leave out claims a reviewer rejected, and
keep the machine's original JSON beside them so nothing is lost. Each row
carries the sentence the figure was read from beside its offsets. Rows stream
from SQLite in chunks: a ledger of millions of claims exports in bounded memory.
``out`` may be ``-`` for standard output.

The JSON-LD export (``claimreview``) says who claims what, where, as a
schema.org ``Claim`` per reviewed claim: ``author`` (the party that says it),
``appearance`` (the article), ``claimInterpreter`` (the reviewer who checked
the record). It carries no ``ClaimReview`` and no ``reviewRating``: a rating
on a claim reads as a fact-check verdict on the figure, and a review of the
*record* (is this who said it, and what they said?) is no such verdict. See
docs/ledger.md, "ClaimReview and why there is no rating".
"""

from __future__ import annotations

import contextlib
import csv
import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import LedgerError
from ..schema import LEDGER_COLUMN_TYPES, arrow_type, chain_rows
from .rows import CLAIM_COLUMNS
from .sources import _person_like

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "claimreview")
#: ``-`` as the output means standard output.
STDOUT = "-"

_JSON_COLUMNS = ("reported_by", "machine")
_SENTENCE = "substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start)"
_EXTRA_EXPR: dict[str, str] = {
    "review_status": "c.review_status", "reviewed_at": "c.reviewed_at", "reviewer": "c.reviewer",
    "source_name": "s.name", "measure_label": "m.label", "document_title": "d.title",
    "document_url": "d.url", "document_outlet": "d.outlet", "document_published": "d.published",
}
#: Claim columns, with the sentence's text right after its offsets, then the joined fields.
EXPORT_COLUMNS: tuple[str, ...] = (
    *CLAIM_COLUMNS[: CLAIM_COLUMNS.index("sentence_end") + 1], "sentence",
    *CLAIM_COLUMNS[CLAIM_COLUMNS.index("sentence_end") + 1:], *_EXTRA_EXPR,
)
_EXPR = {**{c: f"c.{c}" for c in CLAIM_COLUMNS}, "sentence": _SENTENCE, **_EXTRA_EXPR}
#: Arrow type name of each export column: the claim schema's for the claim columns, text for the rest.
_TYPES: dict[str, str] = {c: dict(LEDGER_COLUMN_TYPES).get(c, "string") for c in EXPORT_COLUMNS}

_SELECT = (
    "SELECT " + ", ".join(f"{_EXPR[c]} AS {c}" for c in EXPORT_COLUMNS)
    + " FROM claims c JOIN documents d ON d.id = c.document_id"
    " LEFT JOIN sources s ON s.id = c.source_id LEFT JOIN measures m ON m.id = c.measure_id"
    " WHERE c.review_status != 'rejected' ORDER BY c.document_id, c.span_start, c.id"
)

#: What each review action says about the *record*, in words (never a rating).
RECORD_STATUS: dict[str, str] = {
    "confirm": "record confirmed by a reviewer: the article attributes this figure to this party as recorded",
    "correct": "record corrected by a reviewer: the values are the reviewer's reading of the article",
}


@contextlib.contextmanager
def _text_out(out: Path | str) -> Iterator[IO[str]]:
    """A text handle on the file ``out``, or on standard output for ``-`` (left open)."""
    if str(out) == STDOUT:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8")  # exports are UTF-8 whatever the locale says
        yield sys.stdout
        sys.stdout.flush()
        return
    with Path(out).open("w", encoding="utf-8", newline="") as fh:
        yield fh


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


def write_jsonl(conn: sqlite3.Connection, out: Path | str) -> int:
    """One JSON object per claim; ``reported_by`` and ``machine`` as nested JSON."""
    n = 0
    with _text_out(out) as fh:
        for row in iter_rows(conn):
            for k in _JSON_COLUMNS:
                row[k] = json.loads(row[k]) if row[k] else None
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(conn: sqlite3.Connection, out: Path | str) -> int:
    """A header row then one row per claim; nested fields stay JSON text, NULL is empty."""
    n = 0
    with _text_out(out) as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS)
        for values in _tuples(conn):
            writer.writerow(values)
            n += 1
    return n


def parquet_schema() -> Any:
    """Arrow schema of the Parquet export: the claim schema's types (ints for offsets, doubles for
    values, ``reported_by`` a list of party structs as in the batch output), strings for the rest."""
    import pyarrow as pa

    return pa.schema([(c, arrow_type(_TYPES[c])) for c in EXPORT_COLUMNS])


def write_parquet(conn: sqlite3.Connection, out: Path | str, chunk: int = 10_000) -> int:
    """Parquet written one row group per ``chunk`` claims, built column by column (bounded memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples, in EXPORT_COLUMNS order, to transpose cheaply
    cur.execute(_SELECT)
    n = 0
    sink: Any = pa.PythonFile(sys.stdout.buffer, mode="w") if str(out) == STDOUT else str(out)
    with pq.ParquetWriter(sink, schema) as writer:
        while batch := cur.fetchmany(chunk):
            columns = list(zip(*batch, strict=True))
            columns[_CHAIN] = tuple(chain_rows(v) for v in columns[_CHAIN])  # JSON text -> party structs
            arrays = [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


_CHAIN = EXPORT_COLUMNS.index("reported_by")


def _party(name: str) -> dict[str, str]:
    return {"@type": "Person" if _person_like(name) else "Organization", "name": name}


def claim_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """A schema.org ``Claim`` for each claim whose latest review confirmed or corrected it.

    Who says it (``author``), where (``appearance``: the article), when
    (``datePublished``: the claim's date), the sentence (``text``) and who
    checked the record (``claimInterpreter``). Deliberately no ClaimReview and
    no rating: nothing here judges whether the figure is true.
    """
    sql = """
        SELECT r.id AS review_id, r.action, r.reviewer, r.at, r.note, c.id AS claim_id, c.text,
               c.low, c.high, c.hedge, c.unit, c.event, c.subject, c.place, c.as_of,
               COALESCE(s.name, c.source) AS source_name, c.source IS NOT NULL AS attributed,
               substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence,
               d.id AS document_id, d.url, d.title, d.outlet, d.published
        FROM reviews r JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.document_id
        LEFT JOIN sources s ON s.id = c.source_id
        WHERE r.id = (SELECT MAX(id) FROM reviews WHERE claim_id = r.claim_id)
          AND r.action IN ('confirm', 'correct')
        ORDER BY r.at, r.id"""
    for r in conn.execute(sql):
        appearance: dict[str, Any] = {"@type": "NewsArticle", "identifier": r["document_id"]}
        for key, col in (("url", "url"), ("headline", "title"), ("datePublished", "published")):
            if r[col]:
                appearance[key] = r[col]
        if r["outlet"]:
            appearance["publisher"] = {"@type": "Organization", "name": r["outlet"]}
        who = r["source_name"] if r["attributed"] else None
        says = f"{who} says" if who else "The article says, attributing it to no one,"
        claim: dict[str, Any] = {
            "@type": "Claim",
            "@id": f"urn:claimledger:claim:{r['claim_id']}",
            "identifier": r["claim_id"],
            "text": (r["sentence"] or r["text"]).strip(),
            "description": f"{says} {r['text']} ({r['event']}"
                           + (f", {r['subject']}" if r["subject"] else "")
                           + (f", {r['place']}" if r["place"] else "")
                           + "). A record of who said what; not a judgement of whether it is true.",
            "appearance": appearance,
            "claimInterpreter": {"@type": "Person", "name": r["reviewer"]},
            "creativeWorkStatus": RECORD_STATUS[r["action"]],
            "dateModified": str(r["at"]),
        }
        # The author is the party the article attributes the figure to; an unattributed
        # figure is the article's own assertion, so its author is the outlet (when known).
        author = who or r["outlet"]
        if author:
            claim["author"] = _party(author)
        if r["as_of"] or r["published"]:
            claim["datePublished"] = r["as_of"] or r["published"]
        if r["note"]:
            claim["comment"] = {"@type": "Comment", "text": r["note"], "author": claim["claimInterpreter"]}
        yield claim


def write_claimreview(conn: sqlite3.Connection, out: Path | str) -> int:
    """A JSON-LD document: ``{"@context": "https://schema.org", "@graph": [Claim, …]}``."""
    graph = list(claim_records(conn))
    with _text_out(out) as fh:
        fh.write(json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2)
                 + "\n")
    return len(graph)


def export(conn: sqlite3.Connection, fmt: str, out: str | Path) -> int:
    """Write the export ``fmt`` to ``out``; returns how many claims (or reviews) it holds."""
    writers = {
        "jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet, "claimreview": write_claimreview,
    }
    if fmt not in writers:
        raise LedgerError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    try:
        return writers[fmt](conn, out if str(out) == STDOUT else Path(out))
    except OSError as exc:
        raise LedgerError(f"{out}: cannot write the export ({exc.strerror or exc})") from exc

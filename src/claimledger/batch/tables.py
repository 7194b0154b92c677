"""Arrow schemas of the batch output, and the lossless mapping between them and the model.

The claim columns come from the one claim schema (``claimledger.schema``), the
same flattening the ledger's SQL table and the Parquet export use: ``span`` ->
``span_start``/``span_end``, ``source_span`` -> ``source_start``/``source_end``;
the attribution chain is a native list of party structs so analysts can query
it in DuckDB/Spark without parsing JSON. Claim ids are ``model.claim_ids``: the
ledger's ids, de-duplicated by the same rule.

Reading back yields objects equal (``==``) to what the extractor produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any

import pyarrow as pa

from ..model import Claim, Document, claim_ids
from ..schema import claim_arrow_fields, flatten, unflatten
from .process import DocResult

_DOC_TYPES: dict[str, tuple[pa.DataType, bool]] = {
    # Document annotation (as written in model.py) -> (arrow type, nullable)
    "str": (pa.string(), False),
    "str | None": (pa.string(), True),
}


def _document_columns() -> list[pa.Field]:
    out = []
    for f in fields(Document):
        ann = str(f.type)
        if ann not in _DOC_TYPES:
            raise TypeError(f"batch tables cannot store Document.{f.name} of type {ann}; teach tables.py")
        typ, null = _DOC_TYPES[ann]
        out.append(pa.field(f.name, typ, nullable=null))
    return out


_DOC_FIELDS = [f.name for f in fields(Document)]

#: One row per document read without error, in input order within its partition.
DOCUMENTS_SCHEMA = pa.schema([
    *_document_columns(),
    pa.field("origin", pa.string(), nullable=False),   # where it was read from (file line, WARC record)
    pa.field("format", pa.string(), nullable=False),   # jsonl | warc
    pa.field("rules", pa.string(), nullable=False),    # rule-set version of the worker that extracted it
    pa.field("claim_count", pa.int64(), nullable=False),
    pa.field("row", pa.int64(), nullable=False),       # position in this partition; claims refer to it
])

#: One row per claim; ``id`` is the ledger's claim id (hash of document id + span).
CLAIMS_SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("document_id", pa.string(), nullable=False),
    pa.field("document_row", pa.int64(), nullable=False),
    pa.field("claim_index", pa.int64(), nullable=False),  # order in extract()'s output
    *claim_arrow_fields(),
])

#: One row per document (or unreadable record) that produced no output, with the reason.
ERRORS_SCHEMA = pa.schema([
    pa.field("origin", pa.string(), nullable=False),
    pa.field("document_id", pa.string()),              # null when the record could not be read at all
    pa.field("stage", pa.string(), nullable=False),    # read | extract
    pa.field("reason", pa.string(), nullable=False),
])


def documents_table(results: Sequence[tuple[DocResult, str, str]], rules: str) -> pa.Table:
    """Documents of the successful ``(result, origin, fmt)`` triples, ``row`` numbered in order."""
    cols: dict[str, list[Any]] = {name: [] for name in DOCUMENTS_SCHEMA.names}
    for row, (res, origin, fmt) in enumerate(results):
        for name in _DOC_FIELDS:
            cols[name].append(getattr(res.document, name))
        cols["origin"].append(origin)
        cols["format"].append(fmt)
        cols["rules"].append(rules)
        cols["claim_count"].append(len(res.claims))
        cols["row"].append(row)
    return pa.table(cols, schema=DOCUMENTS_SCHEMA)


def claims_table(results: Sequence[DocResult]) -> pa.Table:
    """Claims of ``results`` (the same order as ``documents_table`` got them)."""
    cols: dict[str, list[Any]] = {name: [] for name in CLAIMS_SCHEMA.names}
    for row, res in enumerate(results):
        doc_id = res.document.id
        ids = claim_ids(doc_id, (c.span for c in res.claims))
        for i, (cid, claim) in enumerate(zip(ids, res.claims, strict=True)):
            cols["id"].append(cid)
            cols["document_id"].append(doc_id)
            cols["document_row"].append(row)
            cols["claim_index"].append(i)
            for name, v in flatten(claim).items():
                cols[name].append(v)
    return pa.table(cols, schema=CLAIMS_SCHEMA)


def check_required(table: pa.Table) -> pa.Table:
    """``table`` itself, or ValueError naming a non-nullable column that holds nulls.

    Arrow only notices that when the Parquet file is written; checking first
    lets the caller find the one document responsible instead of losing a
    whole partition.
    """
    for f in table.schema:
        if not f.nullable and table.column(f.name).null_count:
            raise ValueError(f"{f.name} is null, and every claim and document must have one")
    return table


def errors_table(rows: Iterable[tuple[str, str | None, str, str]]) -> pa.Table:
    """Errors from ``(origin, document_id, stage, reason)`` tuples."""
    cols: dict[str, list[Any]] = {name: [] for name in ERRORS_SCHEMA.names}
    for origin, doc_id, stage, reason in rows:
        cols["origin"].append(origin)
        cols["document_id"].append(doc_id)
        cols["stage"].append(stage)
        cols["reason"].append(reason)
    return pa.table(cols, schema=ERRORS_SCHEMA)


def documents_from_table(table: pa.Table) -> Iterator[tuple[Document, dict[str, Any]]]:
    """``(Document, extra)`` per row; ``extra`` holds origin, format, rules, claim_count, row."""
    cols = table.to_pydict()
    for i in range(table.num_rows):
        doc = Document(**{name: cols[name][i] for name in _DOC_FIELDS})
        extra = {name: cols[name][i] for name in cols if name not in _DOC_FIELDS}
        yield doc, extra


def claims_from_table(table: pa.Table) -> Iterator[tuple[int, Claim]]:
    """``(document_row, Claim)`` per row, in the order they were written."""
    cols = table.to_pydict()
    names = [c for c in cols if c not in _NOT_CLAIM]
    for i in range(table.num_rows):
        yield cols["document_row"][i], unflatten({name: cols[name][i] for name in names})


_NOT_CLAIM = frozenset({"id", "document_id", "document_row", "claim_index"})

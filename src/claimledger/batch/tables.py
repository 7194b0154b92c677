"""Arrow schemas of the batch output, and the lossless mapping between them and the model.

The columns are derived from the ``Claim`` and ``Document`` dataclasses, so a
field added to the model appears in the Parquet output without anyone editing
a column list here (and an unmappable field type fails loudly at import, not
silently at load). Spans are flattened the way the ledger's SQL schema does it:
``span`` -> ``span_start``/``span_end``, ``source_span`` -> ``source_start``/
``source_end``; the attribution chain is a native list of structs so analysts
can query it in DuckDB/Spark without parsing JSON.

Reading back yields objects equal (``==``) to what the extractor produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any

import pyarrow as pa

from ..model import Claim, Document, Party
from .process import DocResult, claim_id

_SCALARS: dict[str, tuple[pa.DataType, bool]] = {
    # annotation (as written in model.py) -> (arrow type, nullable)
    "str": (pa.string(), False),
    "str | None": (pa.string(), True),
    "float": (pa.float64(), False),
    "float | None": (pa.float64(), True),
    "int": (pa.int64(), False),
    "int | None": (pa.int64(), True),
    "bool": (pa.bool_(), False),
}

_PARTY_TYPE = pa.struct([
    pa.field("name", pa.string(), nullable=False),
    pa.field("span_start", pa.int64(), nullable=False),
    pa.field("span_end", pa.int64(), nullable=False),
    pa.field("cue", pa.string()),
    pa.field("cue_start", pa.int64()),
    pa.field("cue_end", pa.int64()),
])


def _span_prefix(name: str) -> str:
    """``span`` -> ``span``, ``source_span`` -> ``source``: the stem of the _start/_end columns."""
    return name if name == "span" else name.removesuffix("_span")


def _claim_columns() -> list[tuple[str, str, list[pa.Field]]]:
    """(field name, kind, arrow fields) for every Claim field, in declaration order."""
    out: list[tuple[str, str, list[pa.Field]]] = []
    for f in fields(Claim):
        ann = str(f.type)
        if f.name == "reported_by":
            out.append((f.name, "chain", [pa.field(f.name, pa.list_(_PARTY_TYPE), nullable=False)]))
        elif ann in ("Span", "Span | None"):
            p = _span_prefix(f.name)
            null = ann != "Span"
            out.append((f.name, "span", [pa.field(f"{p}_start", pa.int64(), nullable=null),
                                         pa.field(f"{p}_end", pa.int64(), nullable=null)]))
        elif ann in _SCALARS:
            typ, null = _SCALARS[ann]
            out.append((f.name, "scalar", [pa.field(f.name, typ, nullable=null)]))
        else:
            raise TypeError(f"batch tables cannot store Claim.{f.name} of type {ann}; teach tables.py")
    return out


def _document_columns() -> list[pa.Field]:
    out = []
    for f in fields(Document):
        ann = str(f.type)
        if ann not in _SCALARS:
            raise TypeError(f"batch tables cannot store Document.{f.name} of type {ann}; teach tables.py")
        typ, null = _SCALARS[ann]
        out.append(pa.field(f.name, typ, nullable=null))
    return out


_CLAIM_COLUMNS = _claim_columns()
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
    *[af for _, _, afs in _CLAIM_COLUMNS for af in afs],
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
        for i, claim in enumerate(res.claims):
            cols["id"].append(claim_id(doc_id, claim.span))
            cols["document_id"].append(doc_id)
            cols["document_row"].append(row)
            cols["claim_index"].append(i)
            for name, kind, afs in _CLAIM_COLUMNS:
                v = getattr(claim, name)
                if kind == "scalar":
                    cols[name].append(v)
                elif kind == "span":
                    cols[afs[0].name].append(None if v is None else v[0])
                    cols[afs[1].name].append(None if v is None else v[1])
                else:
                    cols[name].append([_party_row(p) for p in v])
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
    for i in range(table.num_rows):
        kw: dict[str, Any] = {}
        for name, kind, afs in _CLAIM_COLUMNS:
            if kind == "scalar":
                kw[name] = cols[name][i]
            elif kind == "span":
                a, b = cols[afs[0].name][i], cols[afs[1].name][i]
                kw[name] = None if a is None else (a, b)
            else:
                kw[name] = tuple(_party_from_row(p) for p in cols[name][i])
        yield cols["document_row"][i], Claim(**kw)


def _party_row(p: Party) -> dict[str, Any]:
    return {
        "name": p.name, "span_start": p.span[0], "span_end": p.span[1], "cue": p.cue,
        "cue_start": p.cue_span[0] if p.cue_span else None,
        "cue_end": p.cue_span[1] if p.cue_span else None,
    }


def _party_from_row(r: dict[str, Any]) -> Party:
    cue_span = None if r["cue_start"] is None else (r["cue_start"], r["cue_end"])
    return Party(name=r["name"], span=(r["span_start"], r["span_end"]), cue=r["cue"], cue_span=cue_span)

"""Reading a batch output back: the ledger's ``add`` uses this to load Parquet into a ledger.

Only partitions the manifest lists are read (see ``output`` for why), one
partition at a time, so memory stays at one partition's size however large
the output. Documents come back in input order with their claims in
extraction order, equal (``==``) to what ``extract`` returned on the workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow.parquet as pq
from fsspec.core import url_to_fs

from ..errors import InputError
from ..model import Claim, Document
from .output import read_manifest, table_path
from .tables import claims_from_table, documents_from_table


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """One document of a batch output with its claims and where the batch read it from."""

    document: Document
    claims: list[Claim]
    origin: str  # e.g. 'archive.jsonl:12' or 'crawl.warc.gz#urn:uuid:…'
    fmt: str  # jsonl | warc
    rules: str  # rule-set version that produced the claims


def is_batch_output(path: str) -> bool:
    """Whether ``path`` (local or fsspec URL) is the directory of a finished ``claimledger batch`` run."""
    return read_manifest(path) is not None


def iter_batch_records(path: str) -> Iterator[BatchRecord]:
    """Every document of the batch output at ``path`` with its claims, origin and format."""
    manifest = read_manifest(path)
    if manifest is None:
        raise InputError(path, "is not a finished claimledger batch output (no manifest); "
                               "run `claimledger batch … --out` to completion first")
    fs, root = url_to_fs(path)
    for part in manifest["partitions"]:
        if part.get("failed"):
            continue
        key = part["key"]
        try:
            with fs.open(table_path(root, "documents", key), "rb") as f:
                docs = pq.read_table(f)
            with fs.open(table_path(root, "claims", key), "rb") as f:
                claims = pq.read_table(f)
        except (OSError, ValueError) as exc:
            raise InputError(path, f"partition {key} cannot be read ({exc}); re-run the batch") from None
        by_row: dict[int, list[Claim]] = {}
        for row, claim in claims_from_table(claims):
            by_row.setdefault(row, []).append(claim)
        for doc, extra in documents_from_table(docs):
            yield BatchRecord(doc, by_row.get(extra["row"], []), extra["origin"], extra["format"],
                              extra["rules"])


def iter_batch_output(path: str) -> Iterator[tuple[Document, list[Claim]]]:
    """``(Document, claims)`` for every document of the batch output at ``path``, in input order."""
    for rec in iter_batch_records(path):
        yield rec.document, rec.claims

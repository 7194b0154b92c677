"""One batch task: read a partition, process its documents, write its three Parquet files.

Like ``process``, this module imports no Dask: ``run_partition`` is a plain
function of plain, picklable arguments that returns a small report, so any
engine that can call a function on a worker can run a batch (see docs/batch.md).
The tables are written by the worker straight to the output location, so
article text never travels back through the client or the scheduler.

Parsing is the readers' job (``claimledger.readers.iter_stream``); this module
only decides which bytes a partition owns. A JSONL byte range ``[start, end)``
owns every line that *starts* inside it: the task skips the line it lands in
the middle of (its owner is the previous range) and finishes the line that
runs past ``end``. Origins of later ranges read ``file@OFFSET:LINE``: line
LINE counted from byte OFFSET, since nobody counted the lines before it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

import pyarrow as pa
from fsspec.core import url_to_fs

from ..docmeta import read_text_metadata
from ..errors import InputError
from ..extract import RULES_VERSION
from ..readers import ReadResult, iter_stream
from ..readers.formats import FORMATS
from .output import PartitionReport, table_path, write_table_atomic
from .plan import Partition
from .process import DocResult, process_document
from .tables import check_required, claims_table, documents_table, errors_table

#: How many (origin, reason) pairs of a partition's errors travel back for the terminal summary.
ERROR_SAMPLES = 5


def read_range(f: BinaryIO, start: int, end: int) -> tuple[int, bytes]:
    """The whole lines that start in ``[start, end)`` of ``f``: (offset of the first, their bytes)."""
    if start > 0:
        f.seek(start - 1)
        f.readline()  # the line that straddles `start` (or just the newline at start-1) is not ours
    first = f.tell()
    if first >= end:
        return first, b""
    body = f.read(end - first)
    if body and not body.endswith(b"\n"):
        body += f.readline()
    return first, body


def iter_partition(part: Partition) -> Iterator[ReadResult]:
    """Read results of the documents ``part`` owns; a wholly unreadable input raises InputError."""
    url = part.file.url
    fs, path = url_to_fs(url)
    if FORMATS[part.file.fmt].splittable and not part.file.compression:
        with fs.open(path, "rb") as f:
            first, chunk = read_range(f, part.start, part.end)
        if not chunk.strip() and not (part.start == 0 and part.end >= part.file.size):
            return  # a range wholly inside the previous range's last line; a blank *file* is an error
        name = url if first == 0 else f"{url}@{first}"
        yield from iter_stream(io.BytesIO(chunk), name, fmt=part.file.fmt)
        return
    with fs.open(path, "rb", compression=part.file.compression) as f:
        yield from iter_stream(f, url, fmt=part.file.fmt)


Stored = list[tuple[DocResult, str, str]]  # (result, origin, fmt) of documents that made it
ErrorRow = tuple[str, str | None, str, str]  # (origin, document id, stage, reason)


def build_tables(done: Stored) -> tuple[pa.Table, pa.Table, Stored, list[ErrorRow]]:
    """Documents and claims tables of ``done``, the documents in them, and an error for each left out.

    The fast path converts the partition at once; only when that fails (an
    extractor returned a value of the wrong type, or None where a value is
    required) is each document tried alone, so one odd claim costs its own
    document, not the partition.
    """
    try:
        return (*_both(done), done, [])
    except _UNSTORABLE:
        pass
    good: Stored = []
    bad: list[ErrorRow] = []
    for item in done:
        try:
            _both([item])
        except _UNSTORABLE as exc:
            bad.append((item[1], item[0].document.id, "extract", f"claims cannot be stored ({exc})"))
        else:
            good.append(item)
    return (*_both(good), good, bad)


_UNSTORABLE = (pa.ArrowException, TypeError, ValueError, OverflowError)


def _both(done: Stored) -> tuple[pa.Table, pa.Table]:
    return (check_required(documents_table(done, RULES_VERSION)),
            check_required(claims_table([d for d, _, _ in done])))


def _text_date(text: str) -> str | None:
    found = read_text_metadata(text).get("published")
    return found.value if found else None


def run_partition(part: Partition, out: str, published_default: str | None = None) -> PartitionReport:
    """Process every document of ``part`` and write its documents, claims and errors tables to ``out``.

    ``published_default`` (ISO date) is given to documents that carry no
    publication date (failing that, a date their first lines state), and
    recorded in the documents table, so stored claims and stored documents
    agree. Per-document failures go to the errors table; only a failure to
    write the output raises.
    """
    t0 = time.perf_counter()
    done: Stored = []
    errors: list[ErrorRow] = []
    try:
        for rr in iter_partition(part):
            if rr.document is None:
                errors.append((rr.origin, None, "read", rr.error or "unreadable"))
                continue
            doc = rr.document
            if doc.published is None:  # the same precedence as add and extract (claimledger.docmeta)
                published = published_default or _text_date(doc.text)
                if published:
                    doc = replace(doc, published=published)
            res = process_document(doc)
            if res.ok:
                done.append((res, rr.origin, rr.fmt))
            else:
                errors.append((rr.origin, doc.id, "extract", res.error or "failed"))
    except InputError as exc:
        where = exc.where if part.start == 0 else f"{exc.where} (bytes {part.start}-{part.end})"
        errors.append((where, None, "read", exc.problem))

    docs, claims, done, unstorable = build_tables(done)
    errors += unstorable
    fs, root = url_to_fs(out)
    write_table_atomic(fs, table_path(root, "documents", part.key), docs)
    write_table_atomic(fs, table_path(root, "claims", part.key), claims)
    write_table_atomic(fs, table_path(root, "errors", part.key), errors_table(errors))
    return PartitionReport(
        key=part.key, input=part.file.url, fmt=part.file.fmt, index=part.index, start=part.start,
        end=part.end, documents=len(done), claims=sum(len(d.claims) for d, _, _ in done),
        errors=len(errors), error_samples=[(e[0], e[3]) for e in errors[:ERROR_SAMPLES]],
        seconds=round(time.perf_counter() - t0, 3),
    )

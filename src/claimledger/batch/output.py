"""The layout of a batch output directory, and the manifest that makes it trustworthy.

::

    DIR/_claimledger_batch.json     manifest: inputs, partitions, counts (written last)
    DIR/documents/<key>.parquet     one file per partition, for each of the three tables
    DIR/claims/<key>.parquet
    DIR/errors/<key>.parquet

``<key>`` comes from the input URL and the partition index (``plan.Partition.key``),
so a re-run over the same inputs overwrites its files instead of adding rows.

Stale partitions: the manifest is the only truth. A run first deletes the old
manifest (so a crashed run is never mistaken for a finished one), writes its
partitions, writes the new manifest atomically, then deletes every partition
file the new manifest does not list (left from an earlier run over other
inputs or another ``--partition-size``). Readers only ever open files the
manifest lists, so even an interrupted clean-up cannot leak stale rows.
A batch directory therefore always mirrors exactly one run; keep one
directory per run (per day, per crawl) to accumulate.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs

from ..errors import InputError
from ..extract import RULES_VERSION
from .plan import InputFile

MANIFEST = "_claimledger_batch.json"
FORMAT = "claimledger-batch"
FORMAT_VERSION = 1
TABLES = ("documents", "claims", "errors")


@dataclass(frozen=True, slots=True)
class PartitionReport:
    """What one partition produced (small: this is all a worker sends back to the client)."""

    key: str
    input: str
    fmt: str
    index: int
    start: int
    end: int
    documents: int = 0
    claims: int = 0
    errors: int = 0
    error_samples: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason), first few
    seconds: float = 0.0
    failed: str | None = None  # the whole partition failed (unreadable file, lost worker …)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["error_samples"] = [list(s) for s in self.error_samples]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PartitionReport:
        return cls(**{**d, "error_samples": [tuple(s) for s in d.get("error_samples", [])]})


def absolute_location(out: str) -> str:
    """``out`` as every worker must see it: an absolute path when local, the URL unchanged otherwise."""
    try:
        fs, root = url_to_fs(out)
    except (ImportError, ValueError) as exc:  # e.g. "Install s3fs to access S3"
        raise InputError(out, f"cannot write to this location ({exc})") from None
    protocol = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return str(root) if "file" in protocol or "local" in protocol else out


def table_path(out: str, table: str, key: str) -> str:
    return f"{out.rstrip('/')}/{table}/{key}.parquet"


def write_table_atomic(fs: AbstractFileSystem, path: str, table: pa.Table) -> None:
    """Write to a temporary name and rename, so a retried or killed task never leaves half a file."""
    parent, name = path.rsplit("/", 1)
    tmp = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
    fs.makedirs(parent, exist_ok=True)
    with fs.open(tmp, "wb") as f:
        pq.write_table(table, f, compression="zstd")
    fs.mv(tmp, path)


def prepare_output(out: str) -> None:
    """Make ``out`` ready for a run: create it, or invalidate the previous run's manifest.

    Refuses a non-empty directory that is not a batch output, so a mistyped
    ``--out`` never scatters files into (or deletes from) somebody's folder.
    """
    fs, root = url_to_fs(out)
    if fs.exists(root):
        if not fs.isdir(root):
            raise InputError(out, "exists and is not a directory; --out needs a directory")
        names = {p.rstrip("/").rsplit("/", 1)[-1] for p in fs.ls(root, detail=False)}
        if names and not names <= {MANIFEST, *TABLES}:
            raise InputError(out, "is a non-empty directory that is not a claimledger batch output; "
                                  "choose a new or empty directory")
        if MANIFEST in names:
            fs.rm(f"{root}/{MANIFEST}")
    fs.makedirs(root, exist_ok=True)


def write_manifest(out: str, manifest: dict[str, Any]) -> None:
    fs, root = url_to_fs(out)
    tmp = f"{root}/.{MANIFEST}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    fs.mv(tmp, f"{root}/{MANIFEST}")


def read_manifest(out: str) -> dict[str, Any] | None:
    """The manifest of a finished run in ``out``, or None if ``out`` is not one."""
    try:
        fs, root = url_to_fs(out)
        with fs.open(f"{root}/{MANIFEST}", "r", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, ImportError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def finish_output(
    out: str,
    inputs: Sequence[InputFile],
    reports: Sequence[PartitionReport],
    *,
    seconds: float = 0.0,
    workers: int = 0,
    partition_size: int | None = None,
    published_default: str | None = None,
) -> int:
    """Seal a run: write its manifest atomically, then delete stale partition files; returns how many.

    Whatever engine ran the partitions calls this once, after all of them,
    with the reports in input order.
    """
    failed = sum(1 for r in reports if r.failed)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "rules": RULES_VERSION,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "workers": workers,
        "partition_size": partition_size,
        "published_default": published_default,
        "inputs": [{"url": f.url, "format": f.fmt, "size": f.size} for f in inputs],
        "totals": {"documents": sum(r.documents for r in reports), "claims": sum(r.claims for r in reports),
                   "errors": sum(r.errors for r in reports) + failed, "failed_partitions": failed},
        "partitions": [r.to_dict() for r in reports],
    }
    write_manifest(out, manifest)
    return remove_stale(out, {r.key for r in reports if not r.failed})


def remove_stale(out: str, keep: set[str]) -> int:
    """Delete partition files (and leftover temporaries) whose key is not in ``keep``; returns how many."""
    fs, root = url_to_fs(out)
    removed = 0
    for table in TABLES:
        folder = f"{root}/{table}"
        if not fs.isdir(folder):
            continue
        for p in fs.ls(folder, detail=False):
            name = p.rstrip("/").rsplit("/", 1)[-1]
            stale_tmp = name.startswith(".") and name.endswith(".tmp")
            if stale_tmp or (name.endswith(".parquet") and name.removesuffix(".parquet") not in keep):
                fs.rm(p)
                removed += 1
    return removed

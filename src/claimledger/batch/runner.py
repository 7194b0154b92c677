"""Running a batch on dask.distributed: the only module of the batch that imports Dask.

The client plans partitions, submits one ``run_partition`` task per partition
to a cluster (a ``LocalCluster`` of single-threaded worker processes by
default, or any scheduler address: dask-scheduler/dask-worker by hand,
Kubernetes, a job queue), and collects the small reports as tasks finish.
Workers write Parquet straight to the output location, so on a real cluster
``out`` and the inputs must be reachable from every worker (object storage or
a shared filesystem).

A partition whose task fails outright (unreadable file, lost worker) is
recorded as failed in the manifest and the summary; the other partitions go on.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dask.system import CPU_COUNT  # honours cgroup CPU quotas, unlike os.cpu_count()
from distributed import Client, LocalCluster, as_completed

from ..errors import BatchError
from ..extract import RULES_VERSION
from .output import PartitionReport, absolute_location, finish_output, prepare_output
from .partition import run_partition
from .plan import DEFAULT_PARTITION_SIZE, InputFile, Partition, list_inputs, plan_partitions


@dataclass
class BatchSummary:
    """The outcome of a run: per-partition reports in input order, and totals."""

    out: str
    inputs: list[InputFile]
    partitions: list[PartitionReport]
    seconds: float
    workers: int
    stale_removed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return sum(p.documents for p in self.partitions)

    @property
    def claims(self) -> int:
        return sum(p.claims for p in self.partitions)

    @property
    def errors(self) -> int:
        """Documents (or records) that failed, plus one per wholly failed partition."""
        return sum(p.errors for p in self.partitions) + len(self.failed_partitions)

    @property
    def failed_partitions(self) -> list[PartitionReport]:
        return [p for p in self.partitions if p.failed]

    @property
    def ok(self) -> bool:
        return self.errors == 0


def run_batch(
    inputs: Sequence[str],
    out: str,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    published_default: str | None = None,
    input_format: str | None = None,
    on_start: Callable[[list[Partition], int], None] | None = None,
    on_partition: Callable[[PartitionReport], None] | None = None,
) -> BatchSummary:
    """Extract every document of ``inputs`` on a Dask cluster into Parquet tables in ``out``.

    ``on_start(partitions, n_workers)`` and ``on_partition(report)`` let a
    caller show progress; the library itself prints nothing. ``input_format``
    (jsonl or warc) reads every input as that format whatever its name.
    """
    if published_default is not None:
        try:
            date.fromisoformat(published_default)
        except ValueError:
            raise BatchError(f"published default {published_default!r} is not a date YYYY-MM-DD") from None
    files = list_inputs(inputs, input_format)
    parts = plan_partitions(files, partition_size)
    out = absolute_location(out)  # workers may run elsewhere (another cwd, another machine)
    prepare_output(out)
    t0 = time.perf_counter()
    with _connect(scheduler, workers) as client:
        n_workers = _check_workers(client)
        if on_start:
            on_start(parts, n_workers)
        reports = _run(client, parts, out, published_default, on_partition)
    seconds = time.perf_counter() - t0
    summary = BatchSummary(out=out, inputs=files, partitions=reports, seconds=seconds, workers=n_workers)
    summary.stale_removed = finish_output(out, files, reports, seconds=seconds, workers=n_workers,
                                          partition_size=partition_size, published_default=published_default)
    return summary


def _run(
    client: Client,
    parts: list[Partition],
    out: str,
    published_default: str | None,
    on_partition: Callable[[PartitionReport], None] | None,
) -> list[PartitionReport]:
    token = uuid.uuid4().hex[:8]
    keys = [f"claimledger-batch-{token}-{p.key}" for p in parts]
    futures = client.map(run_partition, parts, out=out, published_default=published_default,
                         key=keys, pure=False)
    by_key = dict(zip(keys, parts, strict=True))
    done: dict[str, PartitionReport] = {}
    for fut in as_completed(futures):  # type: ignore[no-untyped-call]
        part = by_key[fut.key]
        if fut.status == "error":
            exc = fut.exception()
            report = PartitionReport(key=part.key, input=part.file.url, fmt=part.file.fmt, index=part.index,
                                     start=part.start, end=part.end,
                                     failed=f"{type(exc).__name__}: {exc}"[:500])
        else:
            report = fut.result()
        fut.release()
        done[part.key] = report
        if on_partition:
            on_partition(report)
    return [done[p.key] for p in parts]


@contextmanager
def _connect(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster that closes with it."""
    cluster: LocalCluster | None = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
        else:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers or CPU_COUNT, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)  # type: ignore[no-untyped-call]
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
        raise BatchError(f"cannot reach {where} ({exc})") from None
    try:
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def _check_workers(client: Client) -> int:
    """Wait for a worker, and make sure every worker extracts with the same rules as this client."""
    try:
        client.wait_for_workers(1, timeout=60)
    except TimeoutError:
        raise BatchError("the Dask cluster has no workers (waited 60 s); start some with dask-worker"
                         ) from None
    try:
        versions = client.run(_rules_version)
    except Exception as exc:
        raise BatchError(f"workers cannot run claimledger ({type(exc).__name__}: {exc}); "
                         "install the same claimledger version on every worker") from None
    other = {v for v in versions.values() if v != RULES_VERSION}
    if other:
        raise BatchError(f"workers extract with rules {sorted(other)}, this client with {RULES_VERSION}; "
                         "install the same claimledger version everywhere")
    return len(versions)


def _rules_version() -> str:
    return RULES_VERSION

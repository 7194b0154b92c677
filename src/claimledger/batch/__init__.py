"""Batch extraction over large corpora on dask.distributed, written to Parquet.

The flow, one module per stage:

* ``plan``      inputs (paths, globs, fsspec URLs) -> partitions (byte ranges / whole files)
* ``partition`` one partition -> documents, claims and errors tables (runs on a worker)
* ``process``   one document -> its claims or the reason it failed (pure, no Dask)
* ``runner``    drives the partitions on a Dask cluster and writes the manifest
* ``output``    the directory layout, manifest and stale-partition policy
* ``load``      reads a finished output back as ``Document`` + ``Claim`` objects

Only ``runner`` imports Dask; ``process_document`` and ``run_partition`` are
what another engine (Ray, Spark) would call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import BatchError
from .load import BatchRecord, is_batch_output, iter_batch_output, iter_batch_records
from .output import PartitionReport, finish_output, prepare_output
from .partition import run_partition
from .plan import DEFAULT_PARTITION_SIZE, InputFile, Partition, list_inputs, plan_partitions
from .process import DocResult, claim_id, process_document

if TYPE_CHECKING:
    from .runner import BatchSummary, run_batch

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "BatchError",
    "BatchRecord",
    "BatchSummary",
    "DocResult",
    "InputFile",
    "Partition",
    "PartitionReport",
    "claim_id",
    "finish_output",
    "is_batch_output",
    "iter_batch_output",
    "iter_batch_records",
    "list_inputs",
    "plan_partitions",
    "prepare_output",
    "process_document",
    "run_batch",
    "run_partition",
]


def __getattr__(name: str) -> object:
    """``run_batch`` and ``BatchSummary`` import Dask, so only on first use.

    Loading a batch output into a ledger (``load``) then never pays for
    importing dask.distributed.
    """
    if name in ("run_batch", "BatchSummary"):
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

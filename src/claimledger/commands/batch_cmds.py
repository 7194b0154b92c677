"""`claimledger batch`: extraction over JSONL/WARC corpora on a Dask cluster, into Parquet.

Thin on purpose: argument parsing and the terminal (a rich progress bar on
stderr, a summary at the end); everything else is ``claimledger.batch``.
"""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..readers.formats import batch_formats
from .extract_cmds import PUBLISHED_HELP, RegistryChoice

#: How many failed documents the summary lists; all of them are in DIR/errors/.
SHOWN_ERRORS = 20


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _size(value: str) -> int:
    from dask.utils import parse_bytes

    try:
        n = int(parse_bytes(value))
    except (ValueError, KeyError):
        raise click.BadParameter(f"{value!r} is not a size such as 8MiB, 64MB or 1000000") from None
    if n < 1:
        raise click.BadParameter("must be at least 1 byte")
    return n


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, metavar="DIR",
              help="Output directory (local or fsspec URL) for the Parquet tables.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786. Default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes of the local cluster (one thread each). Default: one per CPU.")
@click.option("--partition-size", default="8MiB", show_default=True, metavar="SIZE",
              help="Bytes of JSONL per task (8MiB, 64MB …). WARC and compressed files are one task each.")
@click.option("--published", metavar="YYYY-MM-DD", help=PUBLISHED_HELP)
@click.option("--published-default", "published_default", metavar="YYYY-MM-DD", hidden=True,
              help="Deprecated spelling of --published.")
@click.option("--input-format", type=RegistryChoice(batch_formats), default=None,
              help="Read every input as this format instead of judging from its name.")
def batch_command(
    inputs: tuple[str, ...],
    out: str,
    scheduler: str | None,
    workers: int | None,
    partition_size: str,
    published: str | None,
    published_default: str | None,
    input_format: str | None,
) -> None:
    """Extract claims from JSONL and WARC INPUTS (files, directories, globs, s3://…) into Parquet.

    Writes documents/, claims/ and errors/ tables and a manifest into --out; a
    re-run over the same inputs replaces them. Load the result into a ledger
    with `claimledger add DIR`. Exits 1 when any document failed.
    """
    from ..batch import Partition, PartitionReport, run_batch  # Dask loads only for this command

    if published_default is not None:
        if published is not None and published != published_default:
            raise click.UsageError("--published-default is the old spelling of --published; "
                                   "give only --published")
        click.echo("claimledger: note: `batch --published-default` is deprecated; it means the same as "
                   "--published everywhere, so it is now --published", err=True)
        published = published or published_default
    if scheduler and workers:
        raise click.UsageError("--workers sizes the local cluster; size a --scheduler cluster "
                               "with its own tools")
    size = _size(partition_size)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("partitions"),
        TextColumn("{task.fields[docs]:,} docs · {task.fields[errors]:,} failed"), TimeElapsedColumn(),
        console=console, transient=False,
    )
    task = progress.add_task("batch", total=None, docs=0, errors=0)

    def on_start(parts: list[Partition], n_workers: int) -> None:
        console.print(f"{_n(len(parts), 'partition')} on {_n(n_workers, 'worker')}")
        progress.update(task, total=len(parts))
        progress.start()

    def on_partition(r: PartitionReport) -> None:
        t = progress.tasks[0]
        progress.update(task, advance=1, docs=t.fields["docs"] + r.documents,
                        errors=t.fields["errors"] + r.errors + (1 if r.failed else 0))

    console.print(f"connecting to {scheduler}" if scheduler else
                  f"starting a local Dask cluster of {workers or 'one per CPU'} worker processes")
    try:
        summary = run_batch(list(inputs), out, scheduler=scheduler, workers=workers, partition_size=size,
                            published_default=published, input_format=input_format, on_start=on_start,
                            on_partition=on_partition)
    finally:
        progress.stop()

    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    click.echo(f"{_n(summary.documents, 'document')}, {_n(summary.claims, 'claim')}, "
               f"{_n(summary.errors, 'error')} in {summary.seconds:.1f} s ({rate:,.0f} documents/s on "
               f"{_n(summary.workers, 'worker')}) -> {out}")
    if summary.stale_removed:
        click.echo(f"removed {summary.stale_removed} stale partition files of an earlier run")
    if summary.ok:
        return
    shown = 0
    for p in summary.partitions:
        if p.failed:
            click.echo(f"  {p.input} (bytes {p.start}-{p.end}): partition failed: {p.failed}", err=True)
            shown += 1
        for origin, reason in p.error_samples:
            if shown < SHOWN_ERRORS:
                click.echo(f"  {origin}: {reason}", err=True)
                shown += 1
    click.echo(f"claimledger: {summary.errors:,} failed (documents, records or inputs); each is listed in "
               f"{out.rstrip('/')}/errors/ (Parquet: origin, document_id, stage, reason)", err=True)
    sys.exit(1)

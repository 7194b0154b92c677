"""`claimledger add | claims | measures | sources | export`: the ledger from the command line.

Thin on purpose: each command parses options, calls ``claimledger.ledger``
and renders the result. Tables are for people (rich, to the terminal width);
``--format json|csv`` is for other tools and prints every column.
"""

from __future__ import annotations

import csv
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..errors import ClaimledgerError, LedgerError
from ..ingest import AddOptions, IngestSummary, add_paths, expand, refresh_reconciliation
from ..ledger import Ledger, default_path, merge_sources, open_ledger, split_alias
from ..ledger.aliases import ENV_ALIASES
from ..ledger.export import FORMATS as EXPORT_FORMATS
from ..ledger.export import export
from ..ledger.ids import measure_filter, resolve, short_id
from ..ledger.query import Filters, report, total
from ..values import format_value
from .extract_cmds import INPUT_FORMATS, PUBLISHED_HELP

TABLE_LIMIT = 50

_db_option = click.option(
    "--db", default=None, metavar="FILE", help="Ledger file [default: $CLAIMLEDGER_DB or claims.db]."
)


def _open_existing(db: str | None) -> Ledger:
    path = db or default_path()
    if not Path(path).exists():
        raise LedgerError(f"{path}: no ledger here yet; create it with `claimledger add FILES --db {path}`")
    return open_ledger(path)


def refresh_if_stale(led: Ledger) -> None:
    """Bring flags and grades up to date before a report; a failure is said on stderr, the report goes on."""
    try:
        if refresh_reconciliation(led):
            click.echo("claimledger: flags and grades were stale; reconciliation refreshed", err=True)
    except ClaimledgerError as exc:
        click.echo(f"claimledger: warning: flags and grades may be stale ({exc})", err=True)


# ---------------------------------------------------------------- add


def default_reviewer() -> str:
    """Who the audit trail names for command-line changes: $CLAIMLEDGER_REVIEWER, else the login."""
    env = os.environ.get("CLAIMLEDGER_REVIEWER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "cli"


def _iso_day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        problem = f"{value!r} is not a date in the form YYYY-MM-DD"
        raise click.BadParameter(problem, param_hint=option) from None


@click.command("add")
@click.argument("paths", nargs=-1)
@_db_option
@click.option("--encoding", default=None, help="Decode inputs with this encoding instead of UTF-8.")
@click.option("--input-format", "input_format", type=INPUT_FORMATS, default=None,
              help="Read every input as this format instead of guessing from suffix and content.")
@click.option("--format", "legacy_format", type=INPUT_FORMATS, default=None, hidden=True,
              help="Deprecated spelling of --input-format.")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help=PUBLISHED_HELP)
@click.option("--outlet", default=None, help="Outlet for articles that name none of their own.")
@click.option("--title", default=None, help="Title for an article that has none (else its headline).")
@click.option("--url", default=None, help="URL for an article that has none.")
@click.option("--reviewer", default=None,
              help="Name recorded in the audit trail when re-adding changes a document's metadata "
                   "[default: $CLAIMLEDGER_REVIEWER or your login].")
@click.option("--parquet", "parquet", multiple=True, metavar="DIR",
              help="A `claimledger batch` output folder to load (repeatable).")
@click.option("--aliases", default=None, metavar="FILE",
              help="User aliases file for sources and subjects; the ledger records it, so every later "
                   "command uses it [default: $CLAIMLEDGER_ALIASES, else the ledger's recorded choice].")
@click.option("--reconcile/--no-reconcile", default=True, show_default=True,
              help="Refresh flags and grades after adding.")
def add_command(
    paths: tuple[str, ...], db: str | None, encoding: str | None, input_format: str | None,
    legacy_format: str | None, published: str | None, outlet: str | None, title: str | None,
    url: str | None, reviewer: str | None, parquet: tuple[str, ...], aliases: str | None, reconcile: bool,
) -> None:
    """Add articles to the ledger: files, folders (recursive), globs, '-' for stdin, batch output folders.

    Metadata: an article's own (JSONL fields, HTML metadata), else a sidecar
    STORY.json beside STORY.txt, else --published/--outlet/--title/--url, else
    what its first lines say (headline, 'date …' line, byline, dateline).
    Content already in the ledger is skipped, but new metadata for it is
    applied (audited) and said so. A bad file is reported by name and the
    others still go in; the exit status is then 1.
    """
    if not paths and not parquet:
        raise click.UsageError("name at least one PATH (or --parquet DIR)")
    err = Console(stderr=True)
    if legacy_format is not None:
        if input_format is not None and input_format != legacy_format:
            raise click.UsageError("--format is the old spelling of --input-format; give only --input-format")
        _note(err, "`add --format` is deprecated: it names the input format, so it is now --input-format")
        input_format = input_format or legacy_format
    given = {"published": _iso_day(published, "--published"), "outlet": (outlet or "").strip() or None,
             "title": (title or "").strip() or None, "url": (url or "").strip() or None}
    options = AddOptions(encoding=encoding, fmt=input_format, given=given,
                         reviewer=(reviewer or "").strip() or default_reviewer())
    with open_ledger(db, aliases=aliases or os.environ.get(ENV_ALIASES) or None) as led:
        pre = IngestSummary()
        inputs = expand(paths, pre, lambda kind, msg: _error(err, msg))
        summary = _run_add(led, inputs, options, parquet, err)
        summary.failed += pre.failed
        summary.errors[:0] = pre.errors
        updated = f" ({summary.updated} with metadata updated)" if summary.updated else ""
        click.echo(
            f"documents: {summary.new} new, {summary.present} already present{updated}, "
            f"{summary.failed} failed; claims added: {summary.claims}"
        )
        reconcile_failed = False
        if reconcile:  # also after a run killed while reconciling: the ledger says it is stale
            try:
                if refresh_reconciliation(led):
                    click.echo("reconciliation refreshed (flags and grades)")
            except ClaimledgerError as exc:  # the documents are in; say so, and what to re-run
                _error(err, f"{exc} (the documents were added; run `claimledger reconcile` to retry)")
                reconcile_failed = True
        elif summary.updated:
            click.echo("metadata changed: run `claimledger reconcile` to refresh flags and grades")
    if summary.failed or reconcile_failed:
        sys.exit(1)


def _error(err: Console, message: str) -> None:
    err.print(f"claimledger: error: {message}", markup=False, highlight=False, soft_wrap=True)


def _note(err: Console, message: str) -> None:
    err.print(f"claimledger: note: {message}", markup=False, highlight=False, soft_wrap=True)


def _run_add(
    led: Ledger, inputs: list[str], options: AddOptions, parquet: tuple[str, ...], err: Console,
) -> IngestSummary:
    counts = {"new": 0, "present": 0, "failed": 0}
    if not err.is_terminal:
        def quiet(kind: str, what: str) -> None:
            if kind == "failed":
                _error(err, what)
            elif kind == "updated":
                click.echo(what)
        return add_paths(led, inputs, parquet=parquet, on_event=quiet, options=options)
    progress = Progress(
        TextColumn("[bold]adding"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), console=err, transient=True,
    )
    with progress:
        task = progress.add_task("", total=len(inputs) + len(parquet))

        def show(kind: str, what: str) -> None:
            if kind == "input":
                progress.advance(task)
                return
            if kind == "updated":
                click.echo(what)
                kind = "present"
            counts[kind] = counts.get(kind, 0) + 1
            if kind == "failed":
                _error(progress.console, what)
            progress.update(task, description=(
                f"{counts['new']} new · {counts['present']} present · {counts['failed']} failed"))
        return add_paths(led, inputs, parquet=parquet, on_event=show, options=options)


# ---------------------------------------------------------------- reports


def _filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--event", default=None, help="Only claims with this event (killed, injured, …)."),
        click.option("--source", default=None, help="Source name, alias or id (substring match)."),
        click.option("--measure", default=None, help="Measure id (any unique prefix) or words of its label."),
        click.option("--document", default=None, help="Document id (any unique prefix)."),
        click.option("--claim", default=None,
                     help="Claim id (any unique prefix, as the claims table shows it)."),
        click.option("--since", default=None, metavar="YYYY-MM-DD", help="Claims dated on or after."),
        click.option("--until", default=None, metavar="YYYY-MM-DD", help="Claims dated on or before."),
        click.option("--search", default=None, help="Words that must appear in the article (full text)."),
        click.option("--limit", type=int, default=None,
                     help=f"At most this many rows [default: {TABLE_LIMIT} for tables, all otherwise]."),
        click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                     show_default=True),
        _db_option,
    ]):
        fn = opt(fn)
    return fn


def _filters(conn: sqlite3.Connection, kw: dict[str, Any]) -> Filters:
    """Filters from the options; id prefixes become the one id they name (or a clear error)."""
    limit = kw.get("limit")
    if limit is None and kw.get("fmt") == "table":
        limit = TABLE_LIMIT
    document = kw.get("document")
    if document:
        document = resolve(conn, "document", document, option="--document")
    claim = kw.get("claim")
    if claim:
        claim = resolve(conn, "claim", claim, option="--claim")
    return Filters(
        event=kw.get("event"), source=kw.get("source"), measure=measure_filter(conn, kw.get("measure")),
        document=document, claim=claim, since=kw.get("since"), until=kw.get("until"),
        search=kw.get("search"), limit=limit,
    )


TABLE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "claims": [("claim", "claim_id"), ("document", "document_id"), ("value", "value"), ("event", "event"),
               ("subject", "subject"), ("place", "place"), ("as of", "date"), ("source", "source"),
               ("outlet", "outlet"), ("measure", "measure"), ("measure id", "measure_id"),
               ("review", "review_status")],
    "measures": [("measure", "measure_id"), ("label", "label"), ("claims", "claims"),
                 ("sources", "sources"), ("lowest", "lowest"), ("highest", "highest"),
                 ("first", "first_date"), ("last", "last_date")],
    "sources": [("id", "source_id"), ("name", "name"), ("also written", "aliases"), ("claims", "claims"),
                ("measures", "measures"), ("documents", "documents"), ("first", "first_date"),
                ("last", "last_date")],
}


#: Columns left out when the terminal is narrower than 120 characters.
WIDE_ONLY = frozenset({"outlet", "measure", "first_date", "documents", "subject", "place"})
#: Columns of the claims table left out when narrower than 120 (the measures table keeps its id).
WIDE_ONLY_CLAIMS = frozenset({"measure_id"})
NO_WRAP = frozenset({"claim_id", "measure_id", "document_id", "date", "value", "event", "review_status",
                     "claims", "sources", "measures", "lowest", "highest", "first_date", "last_date",
                     "source_id"})


def _cell(what: str, row: dict[str, Any], key: str) -> str:
    if key == "value":
        return format_value(row["low"], row["high"], row["hedge"], row["unit"])
    if key == "date":
        return str(row["as_of"] or row["published"] or "")
    if key == "source":
        return str(row["source"] or row["source_as_written"] or "(article's own voice)")
    v = row.get(key)
    if key in ("claim_id", "measure_id", "document_id"):  # shortened by _short_ids, still pasteable
        return str(v or "")
    if key == "review_status":
        return "" if v == "unreviewed" else str(v)
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"
    if key == "aliases" and v:
        parts = [a for a in str(v).split(" | ") if a.casefold() != str(row.get("name", "")).casefold()]
        return ", ".join(parts[:4]) + (f" (+{len(parts) - 4})" if len(parts) > 4 else "")
    return "" if v is None else str(v)


def _render(what: str, rows: list[dict[str, Any]], fmt: str, shown_total: int | None) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return
    console = Console()
    narrow_drop = WIDE_ONLY | (WIDE_ONLY_CLAIMS if what == "claims" else frozenset())
    columns = [c for c in TABLE_COLUMNS[what] if console.width >= 120 or c[1] not in narrow_drop]
    table = Table(title=f"{what} ({shown_total} in all)" if shown_total is not None else what,
                  header_style="bold", expand=False, show_lines=False)
    for header, key in columns:
        numeric = key in ("claims", "sources", "measures", "documents", "lowest", "highest", "value")
        table.add_column(header, justify="right" if numeric else "left", overflow="fold",
                         no_wrap=key in NO_WRAP, min_width=min(len(header), 8))
    for row in rows:
        table.add_row(*(Text(_cell(what, row, key)) for _h, key in columns))
    if not rows:
        console.print(f"no {what} match", style="dim")
        return
    console.print(table)
    if shown_total is not None and shown_total > len(rows):
        console.print(f"showing {len(rows)} of {shown_total}; use --limit N or --format json|csv for all",
                      style="dim")


def _report(what: str, kw: dict[str, Any]) -> None:
    with _open_existing(kw.get("db")) as led:
        refresh_if_stale(led)
        f = _filters(led.conn, kw)
        rows = report(led.conn, what, f)
        n = total(led.conn, what, f) if kw["fmt"] == "table" else None
        if kw["fmt"] == "table":
            _short_ids(led.conn, rows)
    _render(what, rows, kw["fmt"], n)


def _short_ids(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Tables show each id as its shortest unique prefix: what --claim/--document/--measure accept back."""
    kinds = {"claim_id": "claim", "measure_id": "measure", "document_id": "document"}
    for row in rows:
        for key, kind in kinds.items():
            if row.get(key):
                row[key] = short_id(conn, kind, str(row[key]))


@click.command("claims")
@_filter_options
def claims_command(**kw: Any) -> None:
    """List claims: value, event, subject, place, date, source, measure and review status."""
    _report("claims", kw)


@click.command("measures")
@_filter_options
def measures_command(**kw: Any) -> None:
    """List measures (what is counted, where, since when) with their claims' range and dates."""
    _report("measures", kw)


@click.group("sources", invoke_without_command=True)
@_filter_options
@click.pass_context
def sources_command(ctx: click.Context, /, **kw: Any) -> None:
    """List sources with every name they were written as (alphabetical; nothing is ranked).

    `sources merge A B` and `sources split ALIAS` correct the grouping.
    """
    if ctx.invoked_subcommand is None:
        _report("sources", kw)


def _group_db() -> str | None:
    """``--db`` given before the subcommand (`claimledger sources --db F merge A B`)."""
    parent = click.get_current_context().parent
    value = parent.params.get("db") if parent is not None else None
    return str(value) if value else None


@sources_command.command("merge")
@click.argument("a")
@click.argument("b")
@_db_option
def merge_command(a: str, b: str, db: str | None) -> None:
    """Merge source A into source B (by id, name or any alias); later ingests keep them merged."""
    with _open_existing(db or _group_db()) as led:
        name_a, name_b = merge_sources(led.conn, a, b, led.source_vocab)
    click.echo(f"merged {name_a!r} into {name_b!r}")


@sources_command.command("split")
@click.argument("alias")
@_db_option
def split_command(alias: str, db: str | None) -> None:
    """Give the name ALIAS its own source again, with the claims written with it."""
    with _open_existing(db or _group_db()) as led:
        new_id, old_name = split_alias(led.conn, alias)
    click.echo(f"split {alias!r} off {old_name!r} as source {new_id}")


# ---------------------------------------------------------------- export


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="jsonl, csv, parquet: every claim not rejected; claimreview: schema.org JSON-LD of "
                   "reviewed claims (who says what where; no truth rating).")
@click.option("--out", required=True, metavar="PATH", help="File to write, or '-' for standard output.")
@_db_option
def export_command(fmt: str, out: str, db: str | None) -> None:
    """Export reviewed claims (rejected ones left out), or schema.org JSON-LD of reviewed claims."""
    if out != "-" and Path(out).is_dir():
        raise click.BadParameter(f"{out} is a directory; name a file (or '-' for standard output)",
                                 param_hint="--out")
    with _open_existing(db) as led:
        n = export(led.conn, fmt, out)
    what = "reviewed claims" if fmt == "claimreview" else "claims"
    click.echo(f"wrote {n} {what} to {'standard output' if out == '-' else out}", err=True)


LEDGER_COMMANDS: list[click.Command] = [
    add_command, claims_command, measures_command, sources_command, export_command,
]

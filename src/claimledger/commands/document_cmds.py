"""`claimledger documents show | set`: a stored document's metadata, where each value came from, fixes.

``set`` is how a desk dates, titles or attributes an article already in the
ledger: the change is audited in the same trail as claim reviews, a new
publication date re-dates the document's claims, and reconciliation is
refreshed after it. IDs are any unique prefix (as the reports show them).
"""

from __future__ import annotations

import json
import sys

import click

from ..docmeta import FieldOrigin
from ..errors import ClaimledgerError
from ..ingest import refresh_reconciliation
from ..ledger.documents import update_metadata
from ..ledger.ids import resolve
from .ledger_cmds import _db_option, _iso_day, _open_existing, default_reviewer

_SHOWN = ("title", "published", "outlet", "url", "byline", "dateline")


@click.group("documents")
def documents_command() -> None:
    """Show or change a stored document's metadata (title, date, outlet, URL)."""


@documents_command.command("show")
@click.argument("document_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_db_option
def show_command(document_id: str, fmt: str, db: str | None) -> None:
    """Print a document's metadata and where each value came from (input, sidecar, given, text, set)."""
    with _open_existing(db) as led:
        did = resolve(led.conn, "document", document_id, option="DOCUMENT_ID")
        row = led.conn.execute(
            "SELECT id, title, published, outlet, url, byline, dateline, metadata_origin, origin, format, "
            "claim_count FROM documents WHERE id = ?", (did,),
        ).fetchone()
        text = str(led.conn.execute("SELECT text FROM documents WHERE id = ?", (did,)).fetchone()[0])
    origins = json.loads(row["metadata_origin"] or "{}")
    if fmt == "json":
        out = {k: row[k] for k in ("id", *_SHOWN, "origin", "format", "claim_count")}
        out["metadata_origin"] = origins
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"document {row['id']} ({row['format']}, {row['claim_count']} claims, from {row['origin']})")
    for name in _SHOWN:
        o = origins.get(name)
        where = ""
        if o:
            where = f"  [{o['from']}" + (f", {o['rule']}" if o.get("rule") else "")
            if o.get("span"):
                a, b = o["span"]
                where += f", text[{a}:{b}] = {text[a:b]!r}"
            where += (f", {o['detail']}" if o.get("detail") else "") + "]"
        click.echo(f"  {name:<10} {row[name] if row[name] is not None else '-'}{where}")


@documents_command.command("set")
@click.argument("document_id")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date ('' clears it).")
@click.option("--outlet", default=None, help="Outlet ('' clears it).")
@click.option("--title", default=None, help="Title ('' clears it).")
@click.option("--url", default=None, help="URL ('' clears it).")
@click.option("--byline", default=None, help="Byline ('' clears it).")
@click.option("--reviewer", default=None,
              help="Name for the audit trail [default: $CLAIMLEDGER_REVIEWER or your login].")
@click.option("--note", default=None, help="Why, for the audit trail.")
@click.option("--reconcile/--no-reconcile", default=True, show_default=True,
              help="Refresh flags and grades after a change.")
@_db_option
def set_command(
    document_id: str, published: str | None, outlet: str | None, title: str | None, url: str | None,
    byline: str | None, reviewer: str | None, note: str | None, reconcile: bool, db: str | None,
) -> None:
    """Change a stored document's metadata, audited; a new date re-dates its claims."""
    raw = {"published": published, "outlet": outlet, "title": title, "url": url, "byline": byline}
    values: dict[str, str | None] = {}
    for k, v in raw.items():
        if v is None:
            continue
        v = v.strip()
        values[k] = (_iso_day(v, "--published") if k == "published" else v) if v else None
    if not values:
        raise click.UsageError("give at least one of --published, --outlet, --title, --url, --byline")
    who = (reviewer or "").strip() or default_reviewer()
    with _open_existing(db) as led:
        did = resolve(led.conn, "document", document_id, option="DOCUMENT_ID")
        origins = {k: FieldOrigin("set", detail=who) for k in values}
        change = update_metadata(led, did, values, origins, reviewer=who, note=note)
        if not change.changed:
            click.echo(f"document {did[:12]}: nothing changed (the values are already stored)")
            return
        click.echo(f"document {did[:12]}: {change.describe()} "
                   f"(audited as review {change.review_id} by {who})")
        if reconcile:
            try:
                if refresh_reconciliation(led):
                    click.echo("reconciliation refreshed (flags and grades)")
            except ClaimledgerError as exc:
                click.echo(f"claimledger: error: {exc} (the change is stored; run `claimledger reconcile`)",
                           err=True)
                sys.exit(1)
        else:
            click.echo("run `claimledger reconcile` to refresh flags and grades")

"""`claimledger serve`: the review web page on a ledger (Datasette plus our plugin)."""

from __future__ import annotations

import getpass

import click

from ..ledger import default_path, open_ledger
from .ledger_cmds import refresh_if_stale


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "reviewer"


@click.command("serve")
@click.option(
    "--db",
    "db",
    default=default_path,
    show_default="claims.db or $CLAIMLEDGER_DB",
    help="Ledger file to serve.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback needs --token.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="CLAIMLEDGER_TOKEN",
    default=None,
    help="Access token every request must carry (header or /-/login). Env: CLAIMLEDGER_TOKEN.",
)
@click.option(
    "--reviewer",
    default=_default_reviewer,
    show_default="your login name",
    help="Name recorded with each review (with --token, people give their name at /-/login).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port; up to one per CPU core serves more reviewers at once.",
)
def serve_command(db: str, host: str, port: int, token: str | None, reviewer: str, workers: int) -> None:
    """Review claims in a browser: documents, measures, conflicts, sources, audit log."""
    from ..serve import make_datasette, run  # Datasette is heavy: load it only when serving

    ds = make_datasette(db, reviewer=reviewer, token=token, host=host)
    with open_ledger(db) as led:  # flags lost to a killed `add` (or never computed) are made now
        refresh_if_stale(led)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"claimledger: serving {db} at http://{shown}:{port}/documents (Ctrl-C stops)", err=True)
    if token:
        click.echo("claimledger: an access token is required; log in at /-/login", err=True)
    if workers > 1:
        click.echo(f"claimledger: {workers} worker processes", err=True)
    run(ds, host=host, port=port, workers=workers)

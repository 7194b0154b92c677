"""`claimledger reconcile | conflicts | demo`: who disagrees with whom, from the command line.

Thin on purpose: parse options, call ``claimledger.reconcile``, render. The
report presents every figure as somebody's claim, never as a fact.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.table import Table

from ..errors import LedgerError
from ..ledger import default_path, open_ledger
from ..ledger.ids import measure_filter
from ..reconcile import FLAG_KINDS, ReconcileSummary, measure_estimates, reconcile_ledger
from ..reconcile.demo import build_demo, demo_documents
from ..reconcile.flags import flag_kinds
from ..reconcile.report import conflicts, count_flags, render_table, to_csv, to_json
from .extract_cmds import RegistryChoice
from .ledger_cmds import refresh_if_stale

TABLE_LIMIT = 50

_db_option = click.option(
    "--db", default=None, metavar="FILE", help="Ledger file [default: $CLAIMLEDGER_DB or claims.db]."
)


def _existing(db: str | None) -> str:
    path = db or default_path()
    if not Path(path).exists():
        raise LedgerError(f"{path}: no ledger here yet; create it with `claimledger add FILES --db {path}`")
    return path


def _summary_line(s: ReconcileSummary) -> str:
    flags = ", ".join(f"{n} {k}" for k, n in s.flags.items())
    grades = ", ".join(f"{n} {g}" for g, n in s.grades.items())
    skipped = f" ({s.excluded} rejected left out)" if s.excluded else ""
    return (f"reconciled {s.claims} claims in {s.measures} measures{skipped} in {s.seconds:.2f} s\n"
            f"flags: {flags}\ngrades: {grades}")


@click.command("reconcile")
@_db_option
def reconcile_command(db: str | None) -> None:
    """Recompute flags (contradiction, regression, drift, unattributed) and grades for the whole ledger."""
    with open_ledger(_existing(db)) as led:
        summary = reconcile_ledger(led.conn)
    click.echo(_summary_line(summary))


def no_flags_message(kind: str | None, measure: str | None) -> str:
    """What an empty report says: the kind asked for (never another kind's wording) and the measure."""
    where = f" for measure {measure!r}" if measure else ""
    if kind is None:
        return f"No flags{where}: no contradictions, regressions, drift or unattributed figures found."
    return f"no {kind} flags{where}"


@click.command("conflicts")
@click.option("--kind", type=RegistryChoice(flag_kinds), default=None, help="Only flags of this kind.")
@click.option("--measure", default=None, help="Only this measure: its id, or words of its label.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--limit", type=int, default=None,
              help=f"Most flags to show [default: {TABLE_LIMIT} in the table, all in json and csv].")
@click.option("--dismissed", is_flag=True, default=False,
              help="Also show flags a person dismissed (`claimledger flags dismiss`), with their notes.")
@_db_option
def conflicts_command(
    kind: str | None, measure: str | None, fmt: str, limit: int | None, dismissed: bool, db: str | None
) -> None:
    """Per measure, the flags and the claims behind them: who says what, when, where, in which sentence."""
    with open_ledger(_existing(db)) as led:
        refresh_if_stale(led)
        conn = led.conn
        measure = measure_filter(conn, measure)
        if fmt == "table":
            n = count_flags(conn, kind=kind, measure=measure, dismissed=dismissed)
            if n == 0:
                click.echo(no_flags_message(kind, measure))
                return
            items = conflicts(
                conn, kind=kind, measure=measure, limit=limit or TABLE_LIMIT, dismissed=dismissed
            )
            render_table(items, Console(), total=n, ids=True)
            return
        items = conflicts(conn, kind=kind, measure=measure, limit=limit, dismissed=dismissed)
    sys.stdout.write(to_json(items) + "\n" if fmt == "json" else to_csv(items))


@click.command("demo")
@click.option("--db", default="demo.db", show_default=True, metavar="FILE",
              help="Where to build the demo ledger (replaced if it exists).")
def demo_command(db: str) -> None:
    """Build a ledger from the bundled sample articles, reconcile it and print the conflicts report."""
    console = Console()
    console.print(f"[bold]claimledger demo[/]: {len(demo_documents())} invented wire stories about an "
                  "invented war, read into a ledger of attributed figure claims.\n")
    built = build_demo(db)
    with open_ledger(built.path) as led:
        _measure_table(led.conn, console)
        console.print("\n[bold]Conflicts[/] — every figure below is somebody's claim, not a fact:")
        items = [c for k in FLAG_KINDS if k != "unattributed" for c in conflicts(led.conn, kind=k)]
        items.sort(key=lambda c: (c.measure or "~", FLAG_KINDS.index(c.kind), c.flag_id))
        render_table(items, console)
        loose = conflicts(led.conn, kind="unattributed")
        console.print(f"\n[bold]Unattributed[/]: {len(loose)} figures in an article's own voice, "
                      "naming no source:")
        for c in loose:
            for rc in c.claims:
                console.print(f"  • {rc.says()}  [dim]({rc.date or 'undated'} — “{rc.title or ''}”)[/]",
                              highlight=False)
    s = built.summary
    flags = ", ".join(f"{n} {k}" for k, n in s.flags.items())
    console.print(
        f"\n[bold]Summary[/]: {built.documents} documents, {built.claims} claims, {built.sources} sources, "
        f"{built.measures} measures; flags: {flags}."
    )
    console.print(f"Ledger written to [bold]{built.path}[/]. Next: "
                  f"`claimledger conflicts --db {db}`, `claimledger serve --db {db}`.", highlight=False)


def _measure_table(conn: sqlite3.Connection, console: Console) -> None:
    """Measures that more than one party reported on: how many claims, parties and the latest estimate."""
    rows = conn.execute(
        """SELECT m.id, m.label, count(*), count(DISTINCT coalesce(c.source_id, c.source, 'own:' || d.outlet))
           FROM claims c JOIN measures m ON m.id = c.measure_id JOIN documents d ON d.id = c.document_id
           WHERE c.review_status != 'rejected'
           GROUP BY m.id HAVING count(DISTINCT coalesce(c.source_id, c.source, 'own:' || d.outlet)) > 1
           ORDER BY m.label"""
    ).fetchall()
    t = Table(title="Measures with more than one party: latest estimate (rules: docs/reconcile.md)",
              title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("measure (parties)", min_width=24)
    for col in ("as of", "low–high", "best", "conserv."):
        t.add_column(col, justify="right", no_wrap=True)
    for mid, label, _n, parties in rows:
        est = measure_estimates(conn, mid)
        name = f"{label} [dim]({parties})[/]"
        if est:
            e = est[-1]
            spread = f"{e.low:,.0f}" if e.low == e.high else f"{e.low:,.0f}–{e.high:,.0f}"
            t.add_row(name, e.date, spread, f"{e.best:,.0f}", f"{e.conservative:,.0f}")
        else:
            t.add_row(name, "", "", "", "")
    console.print(t)


RECONCILE_COMMANDS: list[click.Command] = [reconcile_command, conflicts_command, demo_command]

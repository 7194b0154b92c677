"""`claimledger measures merge|unmerge|split|unsplit` and `claimledger flags dismiss|restore`.

People stay in charge of how claims are grouped and which flags matter. Each
command calls ``claimledger.ledger.overrides`` (one transaction, one row in
the ``decisions`` audit trail) and the decision survives later ``add`` and
``reconcile`` runs. Measure decisions change which claims are compared, so
the flags are recomputed afterwards unless ``--no-reconcile``.
"""

from __future__ import annotations

from typing import Any

import click

from ..ledger import overrides
from ..reconcile import reconcile_ledger
from .ledger_cmds import _db_option, _open_existing, measures_command
from .serve_cmds import _default_reviewer

_who_option = click.option(
    "--reviewer",
    default=_default_reviewer,
    show_default="your login name",
    help="Name recorded in the audit trail (decisions) with this change.",
)
_note_option = click.option("--note", default=None, help="Why (goes into the audit trail).")
_reconcile_option = click.option(
    "--reconcile/--no-reconcile",
    default=True,
    show_default=True,
    help="Recompute flags and grades afterwards (the grouping changed what is compared).",
)


def _db(db: str | None) -> str | None:
    parent = click.get_current_context().parent
    value = parent.params.get("db") if parent is not None else None
    return db or (str(value) if value else None)


def _done(decision: overrides.Decision, db: str | None, reconcile: bool) -> None:
    with _open_existing(db) as led:
        if reconcile:
            reconcile_ledger(led.conn)
    click.echo(f"{decision.summary} (audit: decision #{decision.id})")


@click.pass_context
def _measures_report(ctx: click.Context, /, **kw: Any) -> None:
    if ctx.invoked_subcommand is None and measures_command.callback is not None:
        measures_command.callback(**kw)


# The existing `measures` report, as a group that also holds the decision commands.
measures_group = click.Group(
    "measures",
    params=list(measures_command.params),
    callback=_measures_report,
    invoke_without_command=True,
    help=(measures_command.help or "")
    + "\n\n`measures merge A B`, `measures split M --claim ID` and their undoing correct the grouping.",
)


@measures_group.command("merge")
@click.argument("a")
@click.argument("b")
@_note_option
@_who_option
@_reconcile_option
@_db_option
def merge_command(a: str, b: str, note: str | None, reviewer: str, reconcile: bool, db: str | None) -> None:
    """Merge measure A into measure B (ids or 6+ character prefixes): A's claims count towards B.

    Later ingests follow the merge too.
    """
    db = _db(db)
    with _open_existing(db) as led:
        d = overrides.merge_measures(led.conn, a, b, actor=reviewer, note=note)
    _done(d, db, reconcile)


@measures_group.command("unmerge")
@click.argument("a")
@_note_option
@_who_option
@_reconcile_option
@_db_option
def unmerge_command(a: str, note: str | None, reviewer: str, reconcile: bool, db: str | None) -> None:
    """Undo `measures merge A …`: A's own claims go back to it."""
    db = _db(db)
    with _open_existing(db) as led:
        d = overrides.unmerge_measure(led.conn, a, actor=reviewer, note=note)
    _done(d, db, reconcile)


@measures_group.command("split")
@click.argument("measure")
@click.option(
    "--claim",
    "claims",
    multiple=True,
    required=True,
    metavar="ID",
    help="A claim to move out (its id or an 8+ character prefix); repeatable.",
)
@click.option("--label", default=None, help="Name of the new measure [default: the old label, marked split].")
@_note_option
@_who_option
@_reconcile_option
@_db_option
def split_command(
    measure: str,
    claims: tuple[str, ...],
    label: str | None,
    note: str | None,
    reviewer: str,
    reconcile: bool,
    db: str | None,
) -> None:
    """Move claims out of MEASURE into a new, person-made measure (id manual-…)."""
    db = _db(db)
    with _open_existing(db) as led:
        d = overrides.split_measure(led.conn, measure, claims, actor=reviewer, label=label, note=note)
    _done(d, db, reconcile)


@measures_group.command("unsplit")
@click.argument("manual")
@_note_option
@_who_option
@_reconcile_option
@_db_option
def unsplit_command(manual: str, note: str | None, reviewer: str, reconcile: bool, db: str | None) -> None:
    """Undo `measures split`: the claims of the person-made measure MANUAL go back to their own measures."""
    db = _db(db)
    with _open_existing(db) as led:
        d = overrides.unsplit_measure(led.conn, manual, actor=reviewer, note=note)
    _done(d, db, reconcile)


@click.group("flags")
def flags_group() -> None:
    """Dismiss a flag that is not a real conflict (with a note), or restore it.

    Flags are given by the id or key `claimledger conflicts` shows. A dismissed
    flag stays dismissed after later `add` and `reconcile` runs, as long as it
    is the same flag: same kind, measure and claims (new evidence raises it again).
    """


@flags_group.command("dismiss")
@click.argument("flag")
@click.option(
    "--note", required=True, help="Why the flag is not a real conflict (goes into the audit trail)."
)
@_who_option
@_db_option
def dismiss_command(flag: str, note: str, reviewer: str, db: str | None) -> None:
    """Dismiss FLAG (its id or key): `conflicts` and the review page hide it by default."""
    with _open_existing(db) as led:
        d = overrides.dismiss_flag(led.conn, flag, note=note, actor=reviewer)
    click.echo(f"{d.summary} (audit: decision #{d.id})")


@flags_group.command("restore")
@click.argument("flag")
@_note_option
@_who_option
@_db_option
def restore_command(flag: str, note: str | None, reviewer: str, db: str | None) -> None:
    """Undo `flags dismiss FLAG`: the flag shows again."""
    with _open_existing(db) as led:
        d = overrides.restore_flag(led.conn, flag, actor=reviewer, note=note)
    click.echo(f"{d.summary} (audit: decision #{d.id})")


OVERRIDE_COMMANDS: list[click.Command] = [measures_group, flags_group]

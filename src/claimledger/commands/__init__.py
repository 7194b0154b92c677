"""Command modules, one per stage of the flow; cli.py registers ALL_COMMANDS.

To add a command: write it in its stage's module and list it here.
"""

from __future__ import annotations

import click

from .batch_cmds import batch_command
from .document_cmds import documents_command
from .extract_cmds import eval_command, extract_command
from .ledger_cmds import LEDGER_COMMANDS
from .override_cmds import OVERRIDE_COMMANDS
from .reconcile_cmds import RECONCILE_COMMANDS
from .serve_cmds import serve_command

# The decision commands' `measures` group replaces the plain `measures` report (it keeps its options).
_REPLACED = {c.name for c in OVERRIDE_COMMANDS}
ALL_COMMANDS: list[click.Command] = [
    extract_command, eval_command, batch_command, serve_command,
    *(c for c in LEDGER_COMMANDS if c.name not in _REPLACED), documents_command, *OVERRIDE_COMMANDS,
    *RECONCILE_COMMANDS,
]

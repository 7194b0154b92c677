"""Command modules, one per stage of the flow; cli.py registers ALL_COMMANDS.

To add a command: write it in its stage's module and list it here.
"""

from __future__ import annotations

import click

from .batch_cmds import batch_command
from .document_cmds import documents_command
from .extract_cmds import eval_command, extract_command
from .ledger_cmds import LEDGER_COMMANDS
from .reconcile_cmds import RECONCILE_COMMANDS
from .serve_cmds import serve_command

ALL_COMMANDS: list[click.Command] = [
    extract_command, eval_command, batch_command, serve_command, *LEDGER_COMMANDS, documents_command,
    *RECONCILE_COMMANDS,
]

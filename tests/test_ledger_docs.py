"""docs/ledger.md names every ledger command and option, so the docs cannot silently fall behind."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from claimledger.commands.ledger_cmds import LEDGER_COMMANDS

DOCS = (Path(__file__).parent.parent / "docs" / "ledger.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for cmd in LEDGER_COMMANDS:
        out.append((str(cmd.name), cmd))
        if isinstance(cmd, click.Group):
            out.extend((f"{cmd.name} {name}", sub) for name, sub in cmd.commands.items())
    return out


@pytest.mark.parametrize("name, cmd", _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_is_documented(name: str, cmd: click.Command) -> None:
    assert f"claimledger {name}" in DOCS
    for param in cmd.params:
        if isinstance(param, click.Option):
            for flag in [*param.opts, *param.secondary_opts]:
                if flag.startswith("--") and flag != "--help":
                    assert flag in DOCS, f"{name}: {flag} is not in docs/ledger.md"

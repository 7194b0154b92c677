"""The docs name every ledger command and option, so they cannot silently fall behind.

docs/ledger.md covers the ledger commands (add, reports, sources, export, documents); the
README's command table and docs/input-and-extract.md / docs/batch.md carry the options that
must mean the same everywhere (--input-format, --published, --format as output).
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from claimledger.commands.batch_cmds import batch_command
from claimledger.commands.document_cmds import documents_command
from claimledger.commands.extract_cmds import PUBLISHED_HELP, extract_command
from claimledger.commands.ledger_cmds import LEDGER_COMMANDS, add_command

ROOT = Path(__file__).parent.parent
DOCS = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXTRACT_DOCS = (ROOT / "docs" / "input-and-extract.md").read_text(encoding="utf-8")
BATCH_DOCS = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for cmd in [*LEDGER_COMMANDS, documents_command]:
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


def _option(cmd: click.Command, flag: str) -> click.Option | None:
    for p in cmd.params:
        if isinstance(p, click.Option) and flag in p.opts:
            return p
    return None


@pytest.mark.parametrize(
    "cmd", [extract_command, add_command, batch_command], ids=["extract", "add", "batch"]
)
def test_one_meaning_per_option(cmd: click.Command) -> None:
    """--input-format is the input format, --published one help text, a visible --format only for output."""
    assert _option(cmd, "--input-format") is not None
    published = _option(cmd, "--published")
    assert published is not None and published.help == PUBLISHED_HELP
    fmt = _option(cmd, "--format")
    if fmt is not None and not fmt.hidden:  # extract: the output format
        assert isinstance(fmt.type, click.Choice)
        assert "jsonl" in fmt.type.choices and "txt" not in fmt.type.choices
    for hidden in (p for p in cmd.params if isinstance(p, click.Option) and p.hidden):
        assert "Deprecated spelling of" in (hidden.help or "")


def test_readme_and_docs_show_the_new_options() -> None:
    for needle in ("add PATH... [--published D] [--outlet O] [--title T] [--url U] [--input-format F]",
                   "documents set ID", "--out PATH\\|-",
                   "batch INPUT... --out DIR [--published D] [--input-format F]",
                   "[--input-format F]", ".venv/setup.log"):
        assert needle in README, needle
    for needle in ("--input-format", "--published", "story.json"):
        assert needle in EXTRACT_DOCS, needle
    for needle in ("--published YYYY-MM-DD", "--input-format jsonl", "--published-default"):
        assert needle in BATCH_DOCS, needle
    for needle in ("story.json", "date 2025-04-12", "ELZANOR (Radio Elzan) -", "metadata_origin",
                   "set_metadata", "ClaimReview and why there is no rating", "claimInterpreter",
                   "`sentence`"):
        assert needle in DOCS, needle

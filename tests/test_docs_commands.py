"""Every command, subcommand and option of `claimledger` is in the docs (like sqlite-utils' test_docs.py).

The walk starts at the real click group in ``claimledger.cli``, so a new command
or option that nobody wrote down fails here. A command counts as documented when
README.md or a page in docs/ names it as ``claimledger <command>``; an option
when that same page (one that names its command) also names the option.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from claimledger.cli import main

ROOT = Path(__file__).parent.parent
PAGES = {
    p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
}


def _flags(path: str, cmd: click.Command) -> list[tuple[str, str]]:
    return [
        (path, flag)
        for param in cmd.params
        if isinstance(param, click.Option) and not param.hidden
        for flag in [*param.opts, *param.secondary_opts]
        if flag.startswith("--") and flag != "--help"
    ]


def _walk(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if cmd.hidden:
            continue
        path = f"{prefix}{name}"
        out.append((path, cmd))
        if isinstance(cmd, click.Group):
            out.extend(_walk(cmd, f"{path} "))
    return out


COMMANDS = _walk(main)
OPTIONS = [pair for path, cmd in [("", main), *COMMANDS] for pair in _flags(path, cmd)]


def _pages_naming(path: str) -> list[str]:
    return [name for name, text in PAGES.items() if f"claimledger {path}".rstrip() in text]


def test_the_walk_finds_the_command_tree() -> None:
    names = {path for path, _ in COMMANDS}
    assert {"extract", "add", "serve", "batch", "reconcile"} <= names
    assert any(" " in path for path in names), "no subcommand found: the walk does not descend"
    assert ("", "--version") in OPTIONS and len(OPTIONS) > 20


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS])
def test_every_command_is_documented(path: str) -> None:
    assert _pages_naming(path), f"`claimledger {path}` is in neither README.md nor docs/*.md"


@pytest.mark.parametrize("path, flag", OPTIONS, ids=[f"{p} {f}".strip() for p, f in OPTIONS])
def test_every_option_is_documented_beside_its_command(path: str, flag: str) -> None:
    pages = _pages_naming(path)
    assert any(flag in PAGES[name] for name in pages), (
        f"{flag} of `claimledger {path}` is on no page that names the command ({', '.join(pages) or 'none'})"
    )


def test_architecture_names_every_module() -> None:
    """docs/architecture.md has one line per module: a new module without one fails here."""
    arch = PAGES["docs/architecture.md"]
    src = ROOT / "src" / "claimledger"
    missing = [
        p.relative_to(src).as_posix()
        for p in sorted(src.rglob("*.py"))
        if p.stem != "__init__" and not any(f in arch for f in (f"`{p.stem}`", f"{p.stem}.py", f"`{p.stem} "))
    ]
    assert missing == [], f"docs/architecture.md does not name {missing}"

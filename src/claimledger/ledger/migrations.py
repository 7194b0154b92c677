"""Named schema migrations, each applied in one transaction and recorded in ``migrations``.

Why files and a table instead of ``CREATE TABLE IF NOT EXISTS``: a ledger is
kept for months and opened by several tools (CLI, review page, batch loader);
each must be able to tell exactly which schema a file has and bring an old file
up to date without losing a row. A migration is ``NNNN_name.sql`` beside this
module; once released it is never edited, only followed by a new one.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from ..errors import LedgerError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its file stem (``0001_initial``) and SQL text."""

    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The package's migrations in the order they must run (by number)."""
    folder = resources.files("claimledger.ledger").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if _NAME.match(entry.name):
            found.append(Migration(entry.name[:-4], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.name)
    return found


def split_statements(sql: str) -> list[str]:
    """Cut a script into complete statements (triggers keep their inner ``;``)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(s.strip().startswith("--") for s in buf.strip().splitlines()):
        raise LedgerError(f"migration has an unterminated statement: {buf.strip()[:60]!r}")
    return out


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already recorded in this ledger, in order applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now.

    Each runs inside ``BEGIN IMMEDIATE`` so two processes opening a new ledger
    at once cannot both apply it: the second waits, then sees it recorded.
    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    todo = bundled_migrations() if migrations is None else migrations
    done = set(applied(conn))
    newly: list[str] = []
    for mig in todo:
        if mig.name in done:
            continue
        statements = split_statements(mig.sql)
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (mig.name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for stmt in statements:
                conn.execute(stmt)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (mig.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise LedgerError(f"migration {mig.name} failed: {exc}") from exc
        newly.append(mig.name)
    return newly

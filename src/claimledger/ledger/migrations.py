"""Named schema migrations, each applied in one transaction together with its record in ``migrations``.

Why files and a table instead of ``CREATE TABLE IF NOT EXISTS``: a ledger is
kept for months and opened by several tools (CLI, review page, batch loader);
each must be able to tell exactly which schema a file has and bring an old file
up to date without losing a row. A migration is ``NNNN_name.sql`` beside this
module; once released it is never edited, only followed by a new one.

Crash safety: a migration, its record and (for the first one) the
``migrations`` table itself commit together, so a process killed at any
moment leaves each migration either wholly applied and recorded or not at all,
and the next open redoes whatever is missing. A fresh file killed during its
first migration is therefore either empty or a ledger with its search table.
Statements that would end the transaction early (``BEGIN``, ``COMMIT``,
``VACUUM``, ``PRAGMA journal_mode``…) are refused in migration files.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from ..errors import LedgerError
from .transactions import write_transaction

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
#: Statements that commit, roll back or cannot run inside a transaction: a migration must not contain them.
_TX_CONTROL = re.compile(
    r"^(?:BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ATTACH|DETACH"
    r"|PRAGMA\s+(?:\w+\.)?(?:journal_mode|wal_checkpoint|foreign_keys|locking_mode))\b",
    re.I,
)
_CREATE_TABLE = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


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
            stmt = _strip_comments(buf)
            if stmt:
                if _TX_CONTROL.match(stmt):
                    raise LedgerError(
                        f"migration statement {stmt[:40]!r} would end the migration's transaction early "
                        "(a migration runs inside one transaction with its record)"
                    )
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(s.strip().startswith("--") for s in buf.strip().splitlines()):
        raise LedgerError(f"migration has an unterminated statement: {buf.strip()[:60]!r}")
    return out


def _strip_comments(sql: str) -> str:
    """A statement without its leading blank lines and ``--`` comment lines."""
    lines = [ln for ln in sql.strip().splitlines() if ln.strip() and not ln.strip().startswith("--")]
    return "\n".join(lines).strip()


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already recorded in this ledger, in order applied (none in a new file).

    Only reads: the ``migrations`` table is created inside the first migration's transaction.
    """
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if found is None:
        return []
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
        with write_transaction(conn, f"migration {mig.name} failed"):
            conn.execute(_CREATE_TABLE)  # in the transaction: a new file is never left with only this table
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (mig.name,)).fetchone():
                continue  # another process applied it meanwhile (COMMIT ends the read; nothing was written)
            for stmt in statements:
                conn.execute(stmt)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (mig.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        newly.append(mig.name)
    return newly

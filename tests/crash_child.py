"""Stop the real `claimledger` code with SIGKILL just before its K-th SQL statement.

Used by test_crash_safety.py to stop `add` at exact points (inside a migration,
between a transaction's statements) as well as at random moments from outside.
The code runs unchanged: the only addition is a sqlite3.Connection subclass
that counts statements, so the kill is a real SIGKILL of a real process with
the ledger exactly as SQLite left it.

    python crash_child.py K COUNTS.json -- add corpus.jsonl --db ledger.db

K = 0 kills nowhere; then COUNTS.json receives the number of statements in
all and at the end of the migrations, which the test uses to pick K.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sqlite3
import sys
from typing import Any

count = {"statements": 0, "after_migrations": 0, "kill_at": 0}


def _tick() -> None:
    count["statements"] += 1
    if count["statements"] == count["kill_at"]:
        os.kill(os.getpid(), signal.SIGKILL)


class CountingConnection(sqlite3.Connection):
    def execute(self, *args: Any, **kw: Any) -> sqlite3.Cursor:
        _tick()
        return super().execute(*args, **kw)

    def executemany(self, *args: Any, **kw: Any) -> sqlite3.Cursor:
        _tick()
        return super().executemany(*args, **kw)


_connect = sqlite3.connect


def _counting_connect(*args: Any, **kw: Any) -> sqlite3.Connection:
    kw.setdefault("factory", CountingConnection)
    return _connect(*args, **kw)


def install(kill_at: int) -> None:
    """From now on, every new connection counts statements; the K-th one is never run (0: none)."""
    count["kill_at"] = kill_at
    sqlite3.connect = _counting_connect  # type: ignore[assignment]

    import claimledger.ledger.db as ledger_db

    real_migrate = ledger_db.migrate

    def migrate(conn: sqlite3.Connection) -> list[str]:
        done = real_migrate(conn)
        count["after_migrations"] = count["after_migrations"] or count["statements"]
        return done

    ledger_db.migrate = migrate  # type: ignore[assignment]


def main() -> None:
    kill_at, counts = int(sys.argv[1]), sys.argv[2]
    args = sys.argv[sys.argv.index("--") + 1:]
    install(kill_at)

    @atexit.register
    def _write_counts() -> None:
        with open(counts, "w", encoding="utf-8") as fh:
            json.dump(count, fh)

    from claimledger.cli import main as cli_main

    sys.argv = ["claimledger", *args]
    cli_main()


if __name__ == "__main__":
    main()

"""Loading the normalisation data: bundled files plus an optional user aliases file.

The user file lets a desk say "these names are one party" or "this subject
word means civilians" without editing the package. It is JSON:

    {"sources": {"Varnia MoH": "Varnia's Ministry of Health"},
     "subjects": {"townsfolk": "civilians"}}

and is named by ``claimledger add --aliases FILE`` or the ``CLAIMLEDGER_ALIASES``
variable. The ledger records the choice (its ``ledger_meta`` row ``aliases``, the
file's content, not its path), so every later command on that ledger (reconcile,
reports, serve, review, merges) groups sources and subjects the same way without
the option or the variable; a ledger that recorded none falls back to the variable.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from ..datafiles import load_data
from ..errors import RuleDataError
from .transactions import write_transaction

ENV_ALIASES = "CLAIMLEDGER_ALIASES"
#: The ``ledger_meta`` key of the recorded aliases choice (migration 0015).
META_KEY = "aliases"

#: A user aliases file's content: {"sources": {name: name}, "subjects": {word: population}}.
UserAliases = dict[str, dict[str, str]]


def bundled(name: str) -> dict[str, Any]:
    """``data/<name>.json`` checked for a string ``version`` (cached for the process)."""
    return load_data(name)


def user_aliases(path: str | Path | None = None) -> UserAliases:
    """The user's alias file (explicit path, else $CLAIMLEDGER_ALIASES, else none)."""
    where = path or os.environ.get(ENV_ALIASES)
    if not where:
        return {"sources": {}, "subjects": {}}
    try:
        data = json.loads(Path(where).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleDataError(f"{where}: aliases file cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"{where}: aliases file is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleDataError(f"{where}: aliases file must be an object with 'sources' and/or 'subjects'")
    out: dict[str, dict[str, str]] = {}
    for section in ("sources", "subjects"):
        table = data.get(section, {})
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise RuleDataError(f"{where}: '{section}' must map names to names (strings)")
        out[section] = dict(table)
    unknown = set(data) - {"sources", "subjects", "version", "_doc"}
    if unknown:
        raise RuleDataError(f"{where}: unknown section(s) {sorted(unknown)}; expected 'sources', 'subjects'")
    return out


def recorded_aliases(conn: sqlite3.Connection) -> UserAliases | None:
    """The aliases this ledger was ingested with, or None when it recorded no choice."""
    row = conn.execute("SELECT value FROM ledger_meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    return {"sources": dict(data["sources"]), "subjects": dict(data["subjects"])}


def record_aliases(conn: sqlite3.Connection, path: str | Path) -> UserAliases:
    """Read the aliases file at ``path`` and record it as this ledger's choice; returns its content.

    Written only when it differs from what is recorded, so re-running ``add`` with
    the same file does not mark reconciliation stale.
    """
    data = user_aliases(path)
    value = json.dumps({"file": str(path), **data}, ensure_ascii=False, sort_keys=True)
    row = conn.execute("SELECT value FROM ledger_meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is None or row[0] != value:
        with write_transaction(conn, f"{path}: recording the aliases file in the ledger"):
            conn.execute("INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, ?)", (META_KEY, value))
    return data


def ledger_aliases(conn: sqlite3.Connection) -> UserAliases:
    """The aliases every command on this ledger uses: the recorded choice, else $CLAIMLEDGER_ALIASES."""
    recorded = recorded_aliases(conn)
    return recorded if recorded is not None else user_aliases(None)

"""The user's own source decisions: find a source by any name, merge two, split an alias off.

Command-level operations over a ledger's ``sources`` and ``source_aliases`` tables (the
``sources``, ``merge`` and ``split`` commands and the review page call them). Kept apart from
``sources``, which decides rows while a document is added; what these store (alias rows of
origin ``merge`` / ``split``) it always looks up first, so the user's decision wins.
"""

from __future__ import annotations

import sqlite3

from ..errors import LedgerError
from .source_memory import forget_source
from .source_names import SourceVocab, display_name, light_key
from .sources import source_key
from .transactions import write_transaction

__all__ = ["find_source", "merge_sources", "split_alias"]


def find_source(conn: sqlite3.Connection, ref: str, vocab: SourceVocab) -> int:
    """A source by id, display name, any alias, or key; LedgerError if none matches."""
    ref = ref.strip()
    if ref.isdigit() and conn.execute("SELECT 1 FROM sources WHERE id = ?", (int(ref),)).fetchone():
        return int(ref)
    for sql, arg in (
        ("SELECT id FROM sources WHERE name = ? COLLATE NOCASE", ref),
        ("SELECT source_id FROM source_aliases WHERE alias_key = ?", light_key(ref)),
        ("SELECT source_id FROM source_aliases WHERE alias_key = ?", source_key(ref, vocab)),
        ("SELECT id FROM sources WHERE key = ?", source_key(ref, vocab)),
    ):
        row = conn.execute(sql, (arg,)).fetchone()
        if row:
            return int(row[0])
    raise LedgerError(f"no source matches {ref!r}; list them with `claimledger sources`")


def merge_sources(conn: sqlite3.Connection, a: str, b: str, vocab: SourceVocab) -> tuple[str, str]:
    """Fold source ``a`` into ``b``: its aliases, its key and its claims move; returns both names.

    ``a``'s key stays behind as an alias of ``b`` (origin ``merge``) so names that
    normalise like ``a`` keep landing on ``b`` in later ingests.
    """
    src, dst = find_source(conn, a, vocab), find_source(conn, b, vocab)
    if src == dst:
        raise LedgerError(f"{a!r} and {b!r} are already the same source")
    with write_transaction(conn, f"merging source {a!r} into {b!r}"):
        key_a, name_a = conn.execute("SELECT key, name FROM sources WHERE id = ?", (src,)).fetchone()
        (name_b,) = conn.execute("SELECT name FROM sources WHERE id = ?", (dst,)).fetchone()
        conn.execute(
            "UPDATE source_aliases SET source_id = ?, origin = 'merge' WHERE source_id = ?", (dst, src)
        )
        conn.execute(
            "INSERT OR REPLACE INTO source_aliases (alias_key, alias, source_id, origin) "
            "VALUES (?, ?, ?, 'merge')", (key_a, name_a, dst),
        )
        conn.execute("UPDATE claims SET source_id = ? WHERE source_id = ?", (dst, src))
        conn.execute("DELETE FROM sources WHERE id = ?", (src,))
        forget_source(conn, src)  # what the party model learned of the merged-away source goes with it
    return str(name_a), str(name_b)


def split_alias(conn: sqlite3.Connection, alias: str) -> tuple[int, str]:
    """Give one surface form its own new source (origin ``split``); its claims move with it.

    Returns the new source id and the name of the source it left. Claims that
    were linked only through in-document context (a surname) stay where they are.
    """
    lk = light_key(alias)
    row = conn.execute("SELECT source_id, alias FROM source_aliases WHERE alias_key = ?", (lk,)).fetchone()
    if row is None:
        raise LedgerError(f"no alias {alias!r}; see `claimledger sources --format json` for aliases")
    old = int(row[0])
    others = conn.execute(
        "SELECT COUNT(*) FROM source_aliases WHERE source_id = ? AND alias_key != ?", (old, lk)
    ).fetchone()[0]
    if not others:
        raise LedgerError(f"{alias!r} is the only name of its source; there is nothing to split off")
    conn.create_function("cl_light_key", 1, light_key, deterministic=True)
    with write_transaction(conn, f"splitting off alias {alias!r}"):
        (old_name,) = conn.execute("SELECT name FROM sources WHERE id = ?", (old,)).fetchone()
        cur = conn.execute(
            "INSERT INTO sources (name, key) VALUES (?, ?)", (display_name(str(row[1])), f"split:{lk}")
        )
        new = int(cur.lastrowid or 0)
        conn.execute(
            "UPDATE source_aliases SET source_id = ?, origin = 'split' WHERE alias_key = ?", (new, lk)
        )
        conn.execute(
            "UPDATE claims SET source_id = ? WHERE source_id = ? AND cl_light_key(source) = ?", (new, old, lk)
        )
    return new, str(old_name)

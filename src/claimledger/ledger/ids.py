"""Ids people can paste: the shortest unique prefix of an id, and a prefix back to its one id.

Claim, document and measure ids are long hashes. Reports show a prefix just
long enough to be unique in the ledger, and every option that takes an id
takes any unique prefix of it; a prefix that matches nothing or several ids
is an error that says so (never a silent pick or an empty report).
"""

from __future__ import annotations

import re
import sqlite3

from ..errors import LedgerError

#: Tables whose ``id`` column is a hex hash, by the word a message uses for them.
TABLES: dict[str, str] = {"claim": "claims", "document": "documents", "measure": "measures"}
#: Shortest prefix shown, so a prefix stays recognisable and robust as the ledger grows a little.
MIN_PREFIX = 8
_HEXISH = re.compile(r"^[0-9a-f-]+$")


def _next(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (for index range scans)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _matches(conn: sqlite3.Connection, table: str, prefix: str, limit: int) -> list[str]:
    # A range on the primary key reads only the matching ids, whatever the ledger's size.
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        (prefix, _next(prefix), limit),
    ).fetchall()
    return [str(r[0]) for r in rows]


def looks_like_id(value: str) -> bool:
    """Whether ``value`` can be (a prefix of) a hash id: lower-case hex (claim ids may end in -N)."""
    return bool(_HEXISH.match(value))


def find_ids(conn: sqlite3.Connection, kind: str, prefix: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` ids of ``kind`` (claim, document, measure) starting with ``prefix``."""
    if not prefix:
        return []
    return _matches(conn, TABLES[kind], prefix, limit)


def resolve(conn: sqlite3.Connection, kind: str, prefix: str, *, option: str | None = None) -> str:
    """The one id of ``kind`` that starts with ``prefix``; LedgerError when none or several do."""
    what = f"{option} {prefix}" if option else repr(prefix)
    value = prefix.strip()
    found = find_ids(conn, kind, value, 3) if value else []
    if not found:
        raise LedgerError(f"{what}: no {kind} id starts with {value!r}")
    if len(found) > 1:
        shown = ", ".join(found[:2]) + (", …" if len(found) > 2 else "")
        raise LedgerError(f"{what}: ambiguous, several {kind} ids start with {value!r} ({shown}); "
                          "give more characters")
    return found[0]


def short_id(conn: sqlite3.Connection, kind: str, full: str, minimum: int = MIN_PREFIX) -> str:
    """The shortest prefix of ``full`` (``minimum`` characters or more) no other id of ``kind`` shares."""
    n = min(minimum, len(full))
    while n < len(full):
        if len(_matches(conn, TABLES[kind], full[:n], 2)) <= 1:
            return full[:n]
        n += 1
    return full


def measure_filter(conn: sqlite3.Connection, value: str | None) -> str | None:
    """A measure id from a unique id prefix, else the words of a label; an ambiguous prefix is an error.

    Values shorter than 4 characters are only label words ("a" is no id anyone pastes).
    """
    if not value:
        return value
    v = value.strip()
    if looks_like_id(v) and len(v) >= 4:
        found = find_ids(conn, "measure", v, 3)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            resolve(conn, "measure", v, option="--measure")  # raises: ambiguous
        labelled = conn.execute("SELECT 1 FROM measures WHERE label LIKE ? LIMIT 1", (f"%{v}%",)).fetchone()
        if labelled is None:
            raise LedgerError(f"--measure {v}: no measure id starts with {v!r} and no label contains it")
    return v

"""People stay in charge: merges, splits and dismissals that survive the machine's recomputations.

The machine assigns every claim a measure when its document is stored (and
again when a review corrects it), and ``reconcile`` rewrites all flags with
fresh ids. A person's decision over that grouping is therefore kept in its own
table (migration 0011) and applied *after* every recomputation:

* ``measure_merges`` — claims whose measure is A belong to B (chains resolved);
* ``claim_measure_pins`` — this claim belongs to that measure (a claim moved out
  into a person-made measure, id ``manual-…``);
* ``flag_dismissals`` — this flag is not a real conflict, keyed by a stable
  hash of (kind, measure, claims) because flag ids change on every reconcile.

``apply_measure_overrides`` is the one function that turns the first two into
``claims.measure_id``; it must be called in the same transaction right after
any code that assigns measure ids. Every decision and its undoing is written
to ``decisions`` (who, when, note, before, after), the audit trail beside
``reviews``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..errors import LedgerError
from .transactions import write_transaction

__all__ = [
    "MANUAL_PREFIX",
    "Decision",
    "apply_measure_overrides",
    "dismiss_flag",
    "find_measure",
    "flag_key",
    "log_decision",
    "mark_dismissed",
    "merge_measures",
    "resolve_measure",
    "restore_flag",
    "split_measure",
    "unmerge_measure",
    "unsplit_measure",
]

MANUAL_PREFIX = "manual-"
_CHUNK = 500
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Decision:
    """What one decision wrote: its audit row id, the target, and a short human summary."""

    id: int
    action: str
    target: str
    summary: str
    moved: int = 0


def flag_key(kind: str, measure_id: str | None, claim_ids: Iterable[str]) -> str:
    """A flag's stable identity: the same kind, measure and claims give the same key on every reconcile."""
    parts = [kind, measure_id or "", *sorted(claim_ids)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def flag_keys(flags: Iterable[tuple[str, str | None, Sequence[str]]]) -> list[str]:
    """``flag_key`` of every (kind, measure id, claim ids) of a reconcile, in one call.

    The same keys as ``flag_key`` (a test holds them equal) without a Python call and a list per
    flag: a million-claim ledger writes ~200,000 flags, most of them naming one claim.
    """
    sha = hashlib.sha256
    out: list[str] = []
    for kind, mid, ids in flags:
        if len(ids) == 1:
            text = f"{kind}\x1f{mid or ''}\x1f{ids[0]}"
        else:
            text = "\x1f".join((kind, mid or "", *sorted(ids)))
        out.append(sha(text.encode()).hexdigest()[:24])
    return out


def _stamp(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _merges(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(a): str(b) for a, b in conn.execute("SELECT from_id, into_id FROM measure_merges")}


def _resolve(mid: str, merges: dict[str, str]) -> str:
    seen = {mid}
    while mid in merges:
        mid = merges[mid]
        if mid in seen:  # refused when written; guard against a hand-edited table
            raise LedgerError(f"measure merges form a cycle through {mid}")
        seen.add(mid)
    return mid


def resolve_measure(conn: sqlite3.Connection, measure_id: str) -> str:
    """The measure ``measure_id``'s claims belong to after every merge (itself when not merged)."""
    return _resolve(measure_id, _merges(conn))


def apply_measure_overrides(conn: sqlite3.Connection, claim_ids: Sequence[str] | None = None) -> int:
    """Rewrite ``claims.measure_id`` for pinned claims and claims of merged measures; returns rows changed.

    ``claim_ids`` limits the work to those claims, whose measure the caller has
    just computed (a document stored, a claim corrected); None applies every
    decision to the whole ledger. Pins win over merges, and a pin to a measure
    that was itself merged follows the merge. A claim moved here keeps its
    computed measure in ``claim_measure_origin``, so undoing a decision puts it
    back exactly. Cheap when nobody has decided anything (two lookups).
    """
    has_merge, has_pin = conn.execute(
        "SELECT EXISTS(SELECT 1 FROM measure_merges), EXISTS(SELECT 1 FROM claim_measure_pins)"
    ).fetchone()
    if not has_merge and not has_pin:
        return 0
    merges = _merges(conn)
    final = {m: _resolve(m, merges) for m in merges}
    changed = 0
    if claim_ids is None:
        for src, dst in final.items():
            keep = "AND id NOT IN (SELECT claim_id FROM claim_measure_pins)"
            conn.execute(
                "INSERT OR IGNORE INTO claim_measure_origin (claim_id, measure_id) "
                f"SELECT id, measure_id FROM claims WHERE measure_id = ? {keep}",
                (src,),
            )
            changed += conn.execute(
                f"UPDATE claims SET measure_id = ? WHERE measure_id = ? {keep}", (dst, src)
            ).rowcount
        for cid, mid in conn.execute("SELECT claim_id, measure_id FROM claim_measure_pins").fetchall():
            target = final.get(mid, mid)
            conn.execute(
                "INSERT OR IGNORE INTO claim_measure_origin (claim_id, measure_id) "
                "SELECT id, measure_id FROM claims WHERE id = ? AND measure_id IS NOT ?",
                (cid, target),
            )
            changed += conn.execute(
                "UPDATE claims SET measure_id = ? WHERE id = ? AND measure_id IS NOT ?", (target, cid, target)
            ).rowcount
        return changed
    for part in _chunks(list(claim_ids)):
        pins = dict(
            conn.execute(
                "SELECT claim_id, measure_id FROM claim_measure_pins "
                f"WHERE claim_id IN ({_marks(len(part))})",
                tuple(part),
            ).fetchall()
        )
        current = conn.execute(
            f"SELECT id, measure_id FROM claims WHERE id IN ({_marks(len(part))})", tuple(part)
        ).fetchall()
        updates, origins = [], []
        for cid, mid in current:  # mid is freshly computed: it is the origin of any move
            want = pins.get(cid, mid)
            want = final.get(want, want) if want is not None else None
            if want != mid:
                updates.append((want, cid))
                origins.append((cid, mid))
        conn.execute(f"DELETE FROM claim_measure_origin WHERE claim_id IN ({_marks(len(part))})", tuple(part))
        conn.executemany("INSERT INTO claim_measure_origin (claim_id, measure_id) VALUES (?, ?)", origins)
        conn.executemany("UPDATE claims SET measure_id = ? WHERE id = ?", updates)
        changed += len(updates)
    return changed


def _restore_origins(conn: sqlite3.Connection, claim_ids: Sequence[str]) -> None:
    """Put claims back in the measure they were computed into (before any decision moved them)."""
    for part in _chunks(list(claim_ids)):
        marks = _marks(len(part))
        conn.execute(
            "UPDATE claims SET measure_id = (SELECT o.measure_id FROM claim_measure_origin o "
            f"WHERE o.claim_id = claims.id) WHERE id IN ({marks}) "
            "AND id IN (SELECT claim_id FROM claim_measure_origin)",
            tuple(part),
        )
        conn.execute(f"DELETE FROM claim_measure_origin WHERE claim_id IN ({marks})", tuple(part))


def log_decision(
    conn: sqlite3.Connection,
    action: str,
    target: str,
    *,
    actor: str,
    note: str | None,
    before: dict[str, Any],
    after: dict[str, Any],
    at: str | None = None,
) -> int:
    """One row of the decisions audit trail; call inside the decision's transaction."""
    cur = conn.execute(
        "INSERT INTO decisions (action, target, actor, at, note, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            action,
            target,
            actor,
            at or _stamp(),
            note,
            json.dumps(before, ensure_ascii=False),
            json.dumps(after, ensure_ascii=False),
        ),
    )
    return int(cur.lastrowid or 0)


def _in_transaction(conn: sqlite3.Connection, what: str, fn: Callable[[], _T]) -> _T:
    """Run ``fn`` in one write transaction (or inside the caller's, if one is open)."""
    with write_transaction(conn, what, join=True):
        return fn()


def _who(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise LedgerError("a decision needs a person's name (who decided)")
    return actor[:80]


def _note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > 1000:
        raise LedgerError("the note is longer than 1,000 characters")
    return note or None


def find_measure(conn: sqlite3.Connection, ref: str) -> str:
    """A measure by its id or an unambiguous prefix of it (at least 6 characters)."""
    ref = ref.strip()
    if conn.execute("SELECT 1 FROM measures WHERE id = ?", (ref,)).fetchone():
        return ref
    if len(ref) >= 6:
        found = conn.execute(
            "SELECT id FROM measures WHERE id >= ? AND id < ? LIMIT 2", (ref, ref + "\U0010ffff")
        ).fetchall()
        if len(found) == 1:
            return str(found[0][0])
        if len(found) > 1:
            raise LedgerError(f"measure {ref!r} is ambiguous: give more of its id")
    raise LedgerError(f"no measure {ref!r}; see `claimledger measures --format json` for ids")


def _label(conn: sqlite3.Connection, mid: str) -> str:
    row = conn.execute("SELECT label FROM measures WHERE id = ?", (mid,)).fetchone()
    return str(row[0]) if row else mid


def merge_measures(
    conn: sqlite3.Connection, a: str, b: str, *, actor: str, note: str | None = None
) -> Decision:
    """Merge measure ``a`` into ``b``: its claims, now and in later ingests, count towards ``b``."""
    actor, note = _who(actor), _note(note)

    def run() -> Decision:
        src, dst = find_measure(conn, a), find_measure(conn, b)
        merges = _merges(conn)
        if src in merges:
            raise LedgerError(
                f"measure {src} is already merged into {merges[src]}: unmerge it first "
                f"(`claimledger measures unmerge {src}`)"
            )
        if src == dst or _resolve(dst, merges) == src:
            raise LedgerError(f"cannot merge {src} into {dst}: that measure's claims already belong to {src}")
        stamp = _stamp()
        conn.execute(
            "INSERT INTO measure_merges (from_id, into_id, actor, at, note) VALUES (?, ?, ?, ?, ?)",
            (src, dst, actor, stamp, note),
        )
        moved = apply_measure_overrides(conn)
        final = resolve_measure(conn, dst)
        did = log_decision(
            conn,
            "measure-merge",
            src,
            actor=actor,
            note=note,
            at=stamp,
            before={"measure": src, "label": _label(conn, src)},
            after={"into": dst, "label": _label(conn, dst), "claims_moved": moved},
        )
        return Decision(
            did, "measure-merge", src, f"merged {_label(conn, src)!r} into {_label(conn, final)!r}", moved
        )

    return _in_transaction(conn, "merging measures", run)


def _put_back(conn: sqlite3.Connection, claim_ids: Sequence[str]) -> int:
    """Undo moves for ``claim_ids``: their computed measures again, then the decisions still standing."""
    before = dict(
        row
        for part in _chunks(list(claim_ids))
        for row in conn.execute(
            f"SELECT id, measure_id FROM claims WHERE id IN ({_marks(len(part))})", tuple(part)
        ).fetchall()
    )
    _restore_origins(conn, claim_ids)
    apply_measure_overrides(conn)
    moved = 0
    for part in _chunks(list(claim_ids)):
        for cid, mid in conn.execute(
            f"SELECT id, measure_id FROM claims WHERE id IN ({_marks(len(part))})", tuple(part)
        ).fetchall():
            moved += mid != before.get(cid)
    return moved


def unmerge_measure(conn: sqlite3.Connection, a: str, *, actor: str, note: str | None = None) -> Decision:
    """Undo ``merge_measures(a, …)``: claims that belong to ``a`` by their own values go back to it."""
    actor, note = _who(actor), _note(note)

    def run() -> Decision:
        src = find_measure(conn, a)
        row = conn.execute("SELECT into_id FROM measure_merges WHERE from_id = ?", (src,)).fetchone()
        if row is None:
            raise LedgerError(f"measure {src} is not merged into another")
        final = resolve_measure(conn, src)
        conn.execute("DELETE FROM measure_merges WHERE from_id = ?", (src,))
        members = [str(r[0]) for r in conn.execute("SELECT id FROM claims WHERE measure_id = ?", (final,))]
        moved = _put_back(conn, members)
        did = log_decision(
            conn,
            "measure-unmerge",
            src,
            actor=actor,
            note=note,
            before={"into": str(row[0]), "label": _label(conn, str(row[0]))},
            after={"measure": src, "label": _label(conn, src), "claims_moved": moved},
        )
        return Decision(did, "measure-unmerge", src, f"{_label(conn, src)!r} stands alone again", moved)

    return _in_transaction(conn, "unmerging a measure", run)


def _find_claims(conn: sqlite3.Connection, refs: Sequence[str]) -> list[str]:
    out: list[str] = []
    for ref in refs:
        ref = ref.strip()
        found = (
            conn.execute(
                "SELECT id FROM claims WHERE id >= ? AND id < ? LIMIT 2", (ref, ref + "\U0010ffff")
            ).fetchall()
            if len(ref) >= 8
            else []
        )
        exact = conn.execute("SELECT id FROM claims WHERE id = ?", (ref,)).fetchone()
        if exact:
            found = [exact]
        if len(found) != 1:
            why = (
                "is ambiguous: give more of its id"
                if found
                else "is not a claim id (or prefix of 8+ characters)"
            )
            raise LedgerError(f"claim {ref!r} {why}")
        if str(found[0][0]) not in out:
            out.append(str(found[0][0]))
    return out


def split_measure(
    conn: sqlite3.Connection,
    measure: str,
    claims: Sequence[str],
    *,
    actor: str,
    label: str | None = None,
    note: str | None = None,
) -> Decision:
    """Move ``claims`` out of ``measure`` into a new person-made measure (``manual-…``); returns its id.

    The new measure keeps the old one's key fields and takes ``label`` (default:
    the old label, marked as split). Each claim is pinned to it, so later
    ingests and reconciles leave it there.
    """
    actor, note = _who(actor), _note(note)
    if not claims:
        raise LedgerError("name at least one claim to move out (--claim ID)")
    label = (label or "").strip()[:300] or None

    def run() -> Decision:
        mid = find_measure(conn, measure)
        final = resolve_measure(conn, mid)
        ids = _find_claims(conn, claims)
        for cid in ids:
            (cur,) = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (cid,)).fetchone()
            if cur != final:
                raise LedgerError(f"claim {cid} is not in measure {final} (it is in {cur})")
        total = conn.execute("SELECT count(*) FROM claims WHERE measure_id = ?", (final,)).fetchone()[0]
        if total == len(ids):
            raise LedgerError(
                "that would move every claim of the measure: nothing would be left to split from"
            )
        # The new measure keeps every key field of the old one (whatever columns the schema has).
        cols = [str(r[1]) for r in conn.execute("PRAGMA table_info(measures)") if r[1] not in ("id", "label")]
        (old_label,) = conn.execute("SELECT label FROM measures WHERE id = ?", (final,)).fetchone()
        new = MANUAL_PREFIX + secrets.token_hex(8)
        name = label or f"{old_label} (split by {actor})"
        conn.execute(
            f"INSERT INTO measures (id, label, {', '.join(cols)}) "
            f"SELECT ?, ?, {', '.join(cols)} FROM measures WHERE id = ?",
            (new, name, final),
        )
        stamp = _stamp()
        conn.executemany(
            "INSERT OR REPLACE INTO claim_measure_pins (claim_id, measure_id, actor, at, note) "
            "VALUES (?, ?, ?, ?, ?)",
            [(cid, new, actor, stamp, note) for cid in ids],
        )
        moved = apply_measure_overrides(conn, ids)
        did = log_decision(
            conn,
            "measure-split",
            final,
            actor=actor,
            note=note,
            at=stamp,
            before={"measure": final, "label": str(old_label), "claims": ids},
            after={"measure": new, "label": name, "claims": ids},
        )
        return Decision(did, "measure-split", new, f"moved {len(ids)} claim(s) into {name!r} ({new})", moved)

    return _in_transaction(conn, "splitting a measure", run)


def unsplit_measure(
    conn: sqlite3.Connection, manual: str, *, actor: str, note: str | None = None
) -> Decision:
    """Undo a split: the claims pinned to the person-made measure go back to their computed measure."""
    actor, note = _who(actor), _note(note)

    def run() -> Decision:
        mid = find_measure(conn, manual)
        ids = [
            str(r[0])
            for r in conn.execute("SELECT claim_id FROM claim_measure_pins WHERE measure_id = ?", (mid,))
        ]
        if not ids:
            raise LedgerError(f"no claims were moved into measure {mid}")
        conn.execute("DELETE FROM claim_measure_pins WHERE measure_id = ?", (mid,))
        moved = _put_back(conn, ids)
        did = log_decision(
            conn,
            "measure-unsplit",
            mid,
            actor=actor,
            note=note,
            before={"measure": mid, "label": _label(conn, mid), "claims": ids},
            after={"claims_moved": moved},
        )
        return Decision(
            did, "measure-unsplit", mid, f"{len(ids)} claim(s) went back to their own measures", moved
        )

    return _in_transaction(conn, "undoing a split", run)


def _find_flag(conn: sqlite3.Connection, ref: str) -> tuple[str, str, str | None]:
    """(flag key, kind, measure id) of a flag given by its id in the current flags, or by its key."""
    ref = ref.strip().removeprefix("#")
    row = None
    if ref.isdigit():
        row = conn.execute(
            "SELECT flag_key, kind, measure_id FROM flags WHERE id = ?", (int(ref),)
        ).fetchone()
    if row is None and ref:
        row = conn.execute(
            "SELECT flag_key, kind, measure_id FROM flags WHERE flag_key = ?", (ref,)
        ).fetchone()
    if row is None and ref:
        row = conn.execute(
            "SELECT flag_key, kind, measure_id FROM flag_dismissals WHERE flag_key = ?", (ref,)
        ).fetchone()
    if row is None or row[0] is None:
        raise LedgerError(
            f"no flag {ref!r}: give a flag id or key from `claimledger conflicts` "
            "(run `claimledger reconcile` "
            "first if the ledger predates flag keys)"
        )
    return str(row[0]), str(row[1]), row[2]


def dismiss_flag(conn: sqlite3.Connection, ref: str, *, note: str, actor: str) -> Decision:
    """Mark a flag as not a real conflict, with a note saying why; it stays dismissed across reconciles."""
    actor = _who(actor)
    text = _note(note)
    if not text:
        raise LedgerError("a dismissal needs a note saying why the flag is not a real conflict")

    def run() -> Decision:
        key, kind, mid = _find_flag(conn, ref)
        if conn.execute("SELECT 1 FROM flag_dismissals WHERE flag_key = ?", (key,)).fetchone():
            raise LedgerError(f"flag {key} is already dismissed")
        claim_ids = sorted(
            str(r[0])
            for r in conn.execute(
                "SELECT fc.claim_id FROM flag_claims fc JOIN flags f ON f.id = fc.flag_id "
                "WHERE f.flag_key = ?",
                (key,),
            )
        )
        stamp = _stamp()
        conn.execute(
            "INSERT INTO flag_dismissals (flag_key, kind, measure_id, claim_ids, note, actor, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, kind, mid, json.dumps(claim_ids), text, actor, stamp),
        )
        conn.execute("UPDATE flags SET dismissed = 1, dismiss_note = ? WHERE flag_key = ?", (text, key))
        did = log_decision(
            conn,
            "flag-dismiss",
            key,
            actor=actor,
            note=text,
            at=stamp,
            before={"kind": kind, "measure": mid, "claims": claim_ids, "dismissed": False},
            after={"dismissed": True},
        )
        return Decision(did, "flag-dismiss", key, f"dismissed {kind} flag {key}")

    return _in_transaction(conn, "dismissing a flag", run)


def restore_flag(conn: sqlite3.Connection, ref: str, *, actor: str, note: str | None = None) -> Decision:
    """Undo a dismissal: the flag shows again."""
    actor, text = _who(actor), _note(note)

    def run() -> Decision:
        key, kind, mid = _find_flag(conn, ref)
        row = conn.execute("SELECT note FROM flag_dismissals WHERE flag_key = ?", (key,)).fetchone()
        if row is None:
            raise LedgerError(f"flag {key} is not dismissed")
        conn.execute("DELETE FROM flag_dismissals WHERE flag_key = ?", (key,))
        conn.execute("UPDATE flags SET dismissed = 0, dismiss_note = NULL WHERE flag_key = ?", (key,))
        did = log_decision(
            conn,
            "flag-restore",
            key,
            actor=actor,
            note=text,
            before={"kind": kind, "measure": mid, "dismissed": True, "note": row[0]},
            after={"dismissed": False},
        )
        return Decision(did, "flag-restore", key, f"restored {kind} flag {key}")

    return _in_transaction(conn, "restoring a flag", run)


def mark_dismissed(conn: sqlite3.Connection, since: int = 1) -> int:
    """After flags are written: mark those (with id ``since`` or above) whose key a person dismissed.

    Returns how many. A re-run that keeps the flags of unchanged measures passes the first new id.
    """
    if conn.execute("SELECT 1 FROM flag_dismissals LIMIT 1").fetchone() is None:
        return 0  # nobody dismissed anything: no scan of the flags
    return conn.execute(
        "UPDATE flags SET dismissed = 1, dismiss_note = "
        "(SELECT note FROM flag_dismissals d WHERE d.flag_key = flags.flag_key) "
        "WHERE id >= ? AND flag_key IN (SELECT flag_key FROM flag_dismissals)",
        (since,),
    ).rowcount

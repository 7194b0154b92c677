"""Changing a stored document's metadata: audited, with its claims re-dated when the date moves.

Two paths lead here: ``claimledger documents set ID --published …`` (a
person fixing a document), and ``add`` meeting a text it already holds but
with new metadata (options, a sidecar, or the input's own fields). Either way
the change is one transaction that updates the document, records who changed
what from what in the audit trail (``reviews`` with ``action = 'set_metadata'``
and ``document`` set), and, when the publication date changed, re-dates the
document's claims: relative times ("on Monday", "since February 14") are
resolved again against the new date. A date a reviewer corrected by hand is
left alone. Reconciliation must be refreshed afterwards (the callers do).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..docmeta import EXTRA_FIELDS, FIELDS, FieldOrigin
from ..errors import LedgerError
from ..extract import extract
from ..model import Claim, Document, claim_ids
from .db import Ledger, _iso_date
from .measures import MeasureKey, ensure_measure, refresh_claim_measure
from .transactions import write_transaction

#: Every field ``update_metadata`` may change.
SETTABLE: tuple[str, ...] = (*FIELDS, *EXTRA_FIELDS)
#: Claim columns that follow the publication date, and the Claim fields they come from.
_TIME_COLUMNS = (("as_of", "as_of"), ("period_start", "period_start"), ("time_text", "time_text"))


@dataclass(frozen=True, slots=True)
class MetadataUpdate:
    """What one update did: the fields changed (before, after), claims re-dated, the audit row's id."""

    document_id: str
    changed: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    redated: int = 0
    review_id: int | None = None

    def describe(self) -> str:
        parts = [f"{k} {_show(a)} -> {_show(b)}" for k, (a, b) in self.changed.items()]
        text = "; ".join(parts) or "nothing changed"
        if self.redated:
            text += f"; {self.redated} claim{'s' if self.redated != 1 else ''} re-dated"
        return text


def _show(v: str | None) -> str:
    return "(none)" if v is None else repr(v)


def update_metadata(
    led: Ledger,
    document_id: str,
    values: Mapping[str, str | None],
    origins: Mapping[str, FieldOrigin],
    *,
    reviewer: str,
    note: str | None = None,
) -> MetadataUpdate:
    """Set ``values`` (field -> new value, None clears) on a stored document: audited, one transaction.

    ``origins`` says where each new value came from (kept in ``metadata_origin``).
    Nothing is written when no value differs from what is stored.
    """
    unknown = sorted(set(values) - set(SETTABLE))
    if unknown:
        raise LedgerError(f"cannot set {', '.join(unknown)} on a document (settable: {', '.join(SETTABLE)})")
    if not reviewer.strip():
        raise LedgerError("a metadata change needs a reviewer name")
    conn = led.conn
    row = _document(conn, document_id)
    changed = {k: (row[k], v) for k, v in values.items() if row[k] != v}
    if not changed:
        return MetadataUpdate(document_id)
    fresh: list[Claim] | None = None
    if "published" in changed:  # extract outside the write lock: it is the slow part
        fresh = extract(str(row["text"]), _iso_date(values["published"]))
    try:
        with write_transaction(conn, f"{document_id}: metadata not changed"):
            row = _document(conn, document_id)  # another writer may have changed it meanwhile
            changed = {k: (row[k], v) for k, v in values.items() if row[k] != v}
            origin_map: dict[str, Any] = json.loads(row["metadata_origin"] or "{}")
            for k in changed:
                origin_map[k] = origins[k].to_dict() if k in origins else {"from": "set"}
            sets = ", ".join(f"{k} = ?" for k in changed)
            conn.execute(
                f"UPDATE documents SET {sets}, metadata_origin = ? WHERE id = ?",
                (*(v for _old, v in changed.values()), json.dumps(origin_map, ensure_ascii=False),
                 document_id),
            )
            redated = 0
            if fresh is not None and "published" in changed:
                redated = _redate(led, document_id, str(row["text"]), changed["published"][1], fresh)
            after: dict[str, Any] = {k: v for k, (_o, v) in changed.items()}
            if redated:
                after["claims re-dated"] = redated
            cur = conn.execute(
                "INSERT INTO reviews (claim_id, document, action, reviewer, at, note, before, after) "
                "VALUES (NULL, ?, 'set_metadata', ?, ?, ?, ?, ?)",
                (document_id, reviewer, datetime.now(UTC).isoformat(timespec="seconds"), note,
                 json.dumps({k: old for k, (old, _n) in changed.items()}, ensure_ascii=False),
                 json.dumps(after, ensure_ascii=False)),
            )
    except BaseException:
        led._pending_facts = []
        raise
    led._commit_facts()  # what the re-read article says about its setting, as Ledger.add keeps it
    return MetadataUpdate(document_id, changed, redated, cur.lastrowid)


def _document(conn: sqlite3.Connection, document_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT id, text, title, published, outlet, url, byline, dateline, metadata_origin "
        "FROM documents WHERE id = ?", (document_id,),
    ).fetchone()
    if row is None:
        raise LedgerError(f"no document with id {document_id!r}")
    return row  # type: ignore[no-any-return]


def _redate(led: Ledger, document_id: str, text: str, published: str | None, fresh: list[Claim]) -> int:
    """Give the document's claims the time fields and measures extracted under the new date.

    Claims are matched by id (document and span, numbered as ``Ledger.add``
    numbers them); returns how many changed. A time field whose current value
    differs from the machine's is a reviewer's correction and stays, and so
    does the measure of a claim a reviewer moved (event, subject, place, unit
    or period corrected). The machine's record is updated too, in its time
    fields only: it is what the extractor says for this date.
    """
    conn = led.conn
    # Measures are read with the whole article in view, as Ledger.add reads them.
    keys = led._document_keys(Document(id=document_id, text=text, published=published), fresh)
    cids = claim_ids(document_id, (c.span for c in fresh))
    by_id: dict[str, tuple[Claim, MeasureKey | None]] = {
        cid: (c, key) for cid, c, key in zip(cids, fresh, keys, strict=True)
    }
    count = 0
    stored = conn.execute(
        "SELECT id, as_of, period_start, time_text, event, subject, place, unit, measure_id, machine "
        "FROM claims WHERE document_id = ?", (document_id,)
    ).fetchall()
    for row in stored:
        found = by_id.get(row["id"])
        if found is None:
            continue
        new, key = found
        machine: dict[str, Any] = json.loads(row["machine"])
        updates: dict[str, Any] = {}
        for col, attr in _TIME_COLUMNS:
            if row[col] == machine.get(attr) and getattr(new, attr) != row[col]:
                updates[col] = getattr(new, attr)
        follows = "time_text" in updates or row["time_text"] == machine.get("time_text")
        if follows and new.time_span and updates.get("time_text", row["time_text"]) == new.time_text:
            updates["time_start"], updates["time_end"] = new.time_span
        moved_by_reviewer = any(row[f] != machine.get(f) for f in ("event", "subject", "place", "unit")) or (
            row["period_start"] != machine.get("period_start") and "period_start" not in updates)
        if not moved_by_reviewer:
            mid = ensure_measure(conn, key) if key is not None else None
            if mid != row["measure_id"]:
                updates["measure_id"] = mid
        # Only the time fields of the machine's record follow the date; the rest stays as first extracted.
        machine.update(as_of=new.as_of, period_start=new.period_start, time_text=new.time_text,
                       time_span=list(new.time_span) if new.time_span else None)
        new_machine = json.dumps(machine, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if not updates and machine == json.loads(row["machine"]):
            continue
        sets = ", ".join(f"{k} = ?" for k in updates)
        conn.execute(
            f"UPDATE claims SET {sets + ', ' if sets else ''}machine = ? WHERE id = ?",
            (*updates.values(), new_machine, row["id"]),
        )
        if moved_by_reviewer and "period_start" in updates:
            refresh_claim_measure(conn, row["id"], led.subject_vocab)
        if any(k in updates for k in ("as_of", "period_start", "time_text", "measure_id")):
            count += 1
    return count

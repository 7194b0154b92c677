"""The one write path for reviews: confirm, correct or reject a claim.

Every review write — from the web page, a test or a script — goes through
``apply_review``. It validates the change, records who/when/before/after in
``reviews``, and updates the claim's current values and ``review_status`` in
one transaction, so exports (which read the claims row) see reviewed values.
The ``machine`` column (the extractor's original) is never written here.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..errors import ReviewError
from ..ledger import SourceVocab, refresh_claim_measure
from ..ledger.sources import SourceResolver
from ..ledger.transactions import write_transaction
from ..model import EVENTS, HEDGES, UNITS
from ..reconcile import reconcile_measures
from ..schema import span_columns

__all__ = ["ACTIONS", "REVIEW_FIELDS", "Review", "ReviewError", "apply_review"]

ACTIONS = ("confirm", "correct", "reject")
STATUS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
# Fields a reviewer may correct, in the order the form shows them.
REVIEW_FIELDS = ("low", "high", "hedge", "unit", "event", "subject", "place", "as_of", "source")
# When a text field is corrected, its span no longer points at what it says.
_SPAN_COLUMNS = {name: span_columns(f"{name}_span") for name in ("subject", "place", "source")}
# A change to any of these moves the claim to another measure.
_MEASURE_FIELDS = {"event", "subject", "place", "unit"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Review:
    """What one review wrote: its row id and the claim's reviewable fields before and after."""

    id: int
    claim_id: str
    action: str
    reviewer: str
    at: str
    before: dict[str, Any]
    after: dict[str, Any]


def _number(name: str, v: object) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        raise ReviewError(f"{name}: not a number")
    if isinstance(v, int | float):
        return float(v)
    s = str(v).strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    try:
        f = float(s)
    except ValueError:
        raise ReviewError(f"{name}: {v!r} is not a number (write e.g. 4100 or 4,100)") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ReviewError(f"{name}: {v!r} is not a finite number")
    return f


def _choice(allowed: tuple[str, ...]) -> Callable[[str, object], str]:
    def parse(name: str, v: object) -> str:
        s = "" if v is None else str(v).strip()
        if s not in allowed:
            raise ReviewError(f"{name}: {s!r} is not one of {', '.join(allowed)}")
        return s

    return parse


def _text(name: str, v: object) -> str | None:
    s = "" if v is None else str(v).strip()
    if len(s) > 500:
        raise ReviewError(f"{name}: longer than 500 characters")
    return s or None


def _as_of(name: str, v: object) -> str | None:
    s = "" if v is None else str(v).strip()
    if not s:
        return None
    if not _DATE.match(s):
        raise ReviewError(f"{name}: {s!r} is not a date YYYY-MM-DD (or YYYY-MM, YYYY)")
    try:
        date.fromisoformat(s if len(s) == 10 else (s + "-01-01")[:10])
    except ValueError:
        raise ReviewError(f"{name}: {s!r} is not a real date") from None
    return s


_PARSERS: dict[str, Callable[[str, object], object]] = {
    "low": _number,
    "high": _number,
    "hedge": _choice(HEDGES),
    "unit": _choice(UNITS),
    "event": _choice(EVENTS),
    "subject": _text,
    "place": _text,
    "as_of": _as_of,
    "source": _text,
}


def _current(conn: sqlite3.Connection, claim_id: str) -> dict[str, Any]:
    cols = ", ".join((*REVIEW_FIELDS, "review_status"))
    cur = conn.execute(f"SELECT {cols} FROM claims WHERE id = ?", (claim_id,))
    row = cur.fetchone()
    if row is None:
        raise ReviewError(f"no claim with id {claim_id!r}")
    return dict(zip((*REVIEW_FIELDS, "review_status"), tuple(row), strict=True))


def _measure_of(conn: sqlite3.Connection, claim_id: str) -> str | None:
    row = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def _diff(current: Mapping[str, Any], changes: Mapping[str, object]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(REVIEW_FIELDS))
    if unknown:
        raise ReviewError(f"cannot review field(s) {', '.join(unknown)}; allowed: {', '.join(REVIEW_FIELDS)}")
    out: dict[str, Any] = {}
    for name, raw in changes.items():
        value = _PARSERS[name](name, raw)
        if value != current[name]:
            out[name] = value
    return out


def _span_in_sentence(conn: sqlite3.Connection, claim_id: str, value: str | None) -> tuple[int, int] | None:
    """Where ``value`` is written in the claim's sentence (exact, else ignoring case), or None."""
    if not value:
        return None
    row = conn.execute(
        "SELECT c.sentence_start, substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) "
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        (claim_id,),
    ).fetchone()
    if row is None or row[1] is None:
        return None
    start, sentence = int(row[0]), str(row[1])
    i = sentence.find(value)
    if i < 0 and len(sentence.lower()) == len(sentence):
        i = sentence.lower().find(value.lower())
    return (start + i, start + i + len(value)) if i >= 0 else None


def _chain(source: str | None, span: tuple[Any, Any]) -> str | None:
    """The attribution chain after a person set the source: that source alone, no cue."""
    if source is None:
        return None
    where = list(span) if span[0] is not None else None
    return json.dumps([{"name": source, "span": where, "cue": None, "cue_span": None}], ensure_ascii=False)


def _resolve_source_id(conn: sqlite3.Connection, name: str | None) -> int | None:
    """The source a corrected attribution resolves to, by the ledger's own normalisation."""
    if name is None:
        return None
    return SourceResolver(conn, SourceVocab.for_ledger(conn)).resolve(name)


def apply_review(
    conn: sqlite3.Connection,
    claim_id: str,
    action: str,
    *,
    reviewer: str,
    changes: Mapping[str, object] | None = None,
    note: str | None = None,
    at: datetime | None = None,
    recompute: bool = True,
) -> Review:
    """Record one review of ``claim_id`` and make its values current, atomically.

    ``changes`` maps field names from ``REVIEW_FIELDS`` to new values (strings
    from a form are parsed and validated); only fields that really differ
    count. ``correct`` needs at least one changed field; ``confirm`` and
    ``reject`` refuse changed fields, so edits are never silently dropped.

    The flags and grades of the claim's measure (before and after, when a
    correction moves it) are recomputed in the same transaction: a corrected
    or rejected figure can make or end a contradiction. ``recompute=False``
    leaves that to the caller (a bulk review recomputes each measure once).
    """
    if action not in ACTIONS:
        raise ReviewError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("a review needs a reviewer name")
    note = (note or "").strip() or None
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

    with write_transaction(conn, f"review of claim {claim_id}", join=True):
        before = _current(conn, claim_id)
        diff = _diff(before, changes or {})
        if action == "correct" and not diff:
            raise ReviewError("nothing changed: edit a field to correct it, or confirm the claim as it is")
        if action != "correct" and diff:
            raise ReviewError(f"changed {', '.join(diff)}: use correct to save changes")
        after = {**before, **diff, "review_status": STATUS[action]}
        if after["low"] is not None and after["high"] is not None and after["low"] > after["high"]:
            raise ReviewError(f"low ({after['low']:g}) is greater than high ({after['high']:g})")

        sets = {name: diff[name] for name in diff}
        for name in diff:
            if name in _SPAN_COLUMNS:
                for col in _SPAN_COLUMNS[name]:
                    sets[col] = None
        for name in _SPAN_COLUMNS.keys() & diff.keys():  # underline the new words if the sentence has them
            span = _span_in_sentence(conn, claim_id, diff[name])
            if span is not None:
                sets.update(zip(_SPAN_COLUMNS[name], span, strict=True))
        if "source" in diff:
            sets["source_id"] = _resolve_source_id(conn, diff["source"])
            # The cue and chain were the machine's reading of the old attribution: the person's source
            # replaces them, so the card and the text show the current attribution, not a stale one.
            where = (sets.get("source_start"), sets.get("source_end"))
            sets.update(cue=None, cue_start=None, cue_end=None, reported_by=_chain(diff["source"], where))
        sets.update(review_status=STATUS[action], reviewed_at=stamp, reviewer=reviewer)
        assignments = ", ".join(f"{col} = ?" for col in sets)
        measures = {_measure_of(conn, claim_id)}
        conn.execute(f"UPDATE claims SET {assignments} WHERE id = ?", (*sets.values(), claim_id))
        if _MEASURE_FIELDS & set(diff):
            refresh_claim_measure(conn, claim_id)
            measures.add(_measure_of(conn, claim_id))
        if recompute:
            reconcile_measures(conn, (m for m in measures if m is not None))
        cur = conn.execute(
            "INSERT INTO reviews (claim_id, action, reviewer, at, note, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                claim_id,
                action,
                reviewer,
                stamp,
                note,
                json.dumps(before, ensure_ascii=False),
                json.dumps(after, ensure_ascii=False),
            ),
        )
        review_id = int(cur.lastrowid or 0)
    return Review(review_id, claim_id, action, reviewer, stamp, before, after)

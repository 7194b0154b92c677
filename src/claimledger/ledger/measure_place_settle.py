"""A count that names no place takes the place its own source counts it in elsewhere.

An article may never write where its figures happened: "the association said 6,045 people had been
killed ... and 27,612 arrested" names no country, nor does its dateline or headline. Read alone,
such a claim keys a measure with no place, apart from every other report of the same count ("people
killed in Sarawin since the war began"). The ledger knows more than the article: when the same
source's other claims of exactly that count (event, population, side, unit, period) are all keyed
by one place, this claim is that place's too, when its value continues that source's series there
(within a factor of two of the source's nearest figure in time: a ministry's 212,000 enemy soldiers
read as "people" is no step of its 3,000 civilian dead). A source that counts the same thing in two places
(a relief agency in two countries) says nothing about where a placeless figure belongs: the claim
stays as it is; so does a state's army or government (``state_bodies``), which speaks of the war
wherever it is fought, so its habits name no place. An article's own voice (no source) is left
alone, as are claims a person moved.

Why a ledger step, not a reading rule: the article cannot know, and any one field read wrong
splits a measure; a field missing is the one error the rest of the ledger can repair without
guessing.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from .measure_words import _contains, _seq

#: a figure continues a source's series when it is within this factor of the source's nearest one
SERIES_FACTOR = 2.0


def _value(low: float | None, high: float | None) -> float | None:
    return high if high is not None else low


def _continues(conn: sqlite3.Connection, cid: str, src: int, target: str) -> bool:
    """The claim's value is within ``SERIES_FACTOR`` of the source's figure in ``target`` nearest to
    it in time (as-of date, else the article's publication date)."""
    day = "COALESCE(c.as_of, substr(d.published, 1, 10))"
    row = conn.execute(
        f"SELECT c.low, c.high, {day} FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        (cid,),
    ).fetchone()
    v = _value(row[0], row[1]) if row else None
    if not v or v <= 0:
        return False
    best: tuple[int, float] | None = None
    for low, high, when in conn.execute(
        f"SELECT c.low, c.high, {day} FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.measure_id = ? AND c.source_id = ?",
        (target, src),
    ):
        w = _value(low, high)
        if not w or w <= 0:
            continue
        gap = abs(_days(when) - _days(row[2]))
        if best is None or gap < best[0]:
            best = (gap, w)
    return best is not None and max(v, best[1]) / min(v, best[1]) <= SERIES_FACTOR


def _days(day: str | None) -> int:
    """An ISO day as a day number (0 when unknown)."""
    if not day or len(day) < 10:
        return 0
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return 0


def settle_unplaced(conn: sqlite3.Connection) -> int:
    """Move each claim of a placeless measure, whose source keys the same count elsewhere by exactly
    one place, to that place's measure. Call inside a write transaction; returns the claims moved."""
    rows = conn.execute(
        "SELECT id, event, subject, unit, affiliation, period_kind, period_start, period_end, place "
        "FROM measures WHERE period_kind IS NOT NULL"
    ).fetchall()
    placed: dict[tuple[object, ...], dict[str, str]] = {}
    unplaced: list[tuple[tuple[object, ...], str]] = []
    for mid, event, subject, unit, aff, kind, start, end, place in rows:
        key: tuple[object, ...] = (event, subject, unit, aff, kind, start, end)
        if place:
            placed.setdefault(key, {})[mid] = place.casefold()
        else:
            unplaced.append((key, mid))
    moved = 0
    for wanted, mid in unplaced:
        targets = placed.get(wanted)
        if not targets:
            continue
        marks = ",".join("?" * len(targets))
        # where each source counts this same thing: source -> {place -> measure}
        where: dict[int, dict[str, str]] = {}
        for src, target, name in conn.execute(
            f"SELECT DISTINCT c.source_id, c.measure_id, s.name FROM claims c JOIN sources s "
            f"ON s.id = c.source_id WHERE c.measure_id IN ({marks})",
            tuple(targets),
        ):
            if _contains(name.casefold(), _seq("state_bodies")) is None:
                where.setdefault(src, {}).setdefault(targets[target], target)
        for cid, src in conn.execute(
            "SELECT id, source_id FROM claims WHERE measure_id = ? AND source_id IS NOT NULL "
            "AND id NOT IN (SELECT claim_id FROM claim_measure_pins)",
            (mid,),
        ).fetchall():
            spots = where.get(src, {})
            if len(spots) != 1:
                continue
            target = next(iter(spots.values()))
            if _continues(conn, cid, src, target):
                moved += conn.execute("UPDATE claims SET measure_id = ? WHERE id = ?", (target, cid)).rowcount
    return moved

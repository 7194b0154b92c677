"""One side's name cut in two: a count keyed by the second word of a name its own report writes whole.

A side is keyed by one word of its name: a group named in full ("the Red Lantern Brigades") by its
first word, a name read only before the noun its members are counted by ("410 Red Lantern
fighters") by its last, a state by its country's or people's word. So one group's losses can be
keyed "Red" in one report and "Lantern" in another, and one count splits in two. The article
cannot know better (the one that writes "Red Lantern fighters" may never name the Brigades); the
ledger can: when two measures of the same count (event, population, place, period, unit) differ
only in their side, and a claim keyed by one is written next to both names in that order ("Red
Lantern"), the two are one name, and the claims keyed by its later word join the measure keyed by
its first (the word a full name is keyed by). Two sides written apart ("Veskaran and Brask
soldiers") never meet: the words must stand next to each other, in one capitalised name, near the
figure itself.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

#: how far either side of a figure its side's name is looked for ("410 Red Lantern fighters")
NAME_WINDOW = 60


def _side_name(row: Any) -> str | None:
    """The side as the measure's label writes it ("Red" of "Red fighters killed since ..."): one
    capitalised word, else None (a side the label does not write as one name is left alone)."""
    if not row.subject:
        return None
    m = re.match(rf"^([A-Z][\w'’-]*)[ ]{re.escape(row.subject)}\b", row.label)
    return m.group(1) if m else None


def settle_split_sides(
    conn: sqlite3.Connection,
    rows_of: Callable[[sqlite3.Connection, str], Sequence[Any]],
    move: Callable[[sqlite3.Connection, Any, Any], int],
) -> int:
    """Join each count keyed by the later word of a two-word name ("Lantern" of "Red Lantern") to the
    same count keyed by its first ("Red"), when one of the count's own claims writes the two words
    together. Call inside a write transaction; returns the claims moved."""
    rows = rows_of(
        conn, "unit = 'count' AND affiliation IS NOT NULL AND affiliation NOT LIKE '¬%'"
    )
    groups: dict[tuple[object, ...], list[Any]] = {}
    for r in rows:
        key = (r.event, r.subject, r.place, r.period_start, r.unit, r.period_kind, r.period_end)
        groups.setdefault(key, []).append(r)
    moved = 0
    for group in groups.values():
        named = [(r, n) for r in group if (n := _side_name(r))]
        if len({r.affiliation for r, _n in named}) < 2:
            continue
        for later, second in named:
            firsts = [
                (r, n) for r, n in named if r.affiliation != later.affiliation and n != second
            ]
            target = next(
                (r for r, first in firsts if _written_together(conn, later, first, second)), None
            )
            if target is not None:
                moved += move(conn, later, target)
    return moved


def _written_together(conn: sqlite3.Connection, later: Any, first: str, second: str) -> bool:
    """Whether a claim keyed by ``second`` writes ``first`` right before it ("Red Lantern") near its
    figure: the report that cut the name is the one that shows it whole."""
    name = re.compile(rf"\b{re.escape(first)}[ ]{re.escape(second)}\b")
    for (text,) in conn.execute(
        "SELECT substr(d.text, max(1, c.span_start + 1 - ?), c.span_end - c.span_start + 2 * ?) "
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.measure_id = ?",
        (NAME_WINDOW, NAME_WINDOW, later.id),
    ):
        if name.search(text or ""):
            return True
    return False

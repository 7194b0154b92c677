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

A name may hold other words between the two ("the Free Auvren Legion", keyed "Free" where the
article names it whole and "Legion" where it writes "Legion fighters"): the two words still meet when
a claim of either count writes them in one capitalised run, the first before the second, with at
most ``INNER_WORDS`` capitalised words between.

A place is no side (a side is a state or an armed group), but one article may still key a count by
the city it is filed from when it names no state ("VENHALLOW - ... its units had killed 900
soldiers"): once the ledger knows that city lies in a state (a ``parent`` fact, and the place is a
city: a ``city_kinds`` kind or a dateline's city), the count keyed by the city joins the same count
keyed by that state, when the ledger has one. A place the ledger does not know to be a city (a
province, a breakaway region) keeps its own side.

A count one report keys by the side it is fought against ("the 212 drones fired at the country",
said by Sathmar's command: "enemy of Sathmar") is the other side's, when the ledger holds the same
count (event, population, place, period, unit) keyed by exactly one side that is not that state
("Korvan drones launched at Sathmar"): the enemy the report could not name is the one side the
ledger's other reports of that count name. Two or more other sides (a war of three) leave it alone.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from .doc_context import fold, side_key
from .measure_words import _seq

#: how far either side of a figure its side's name is looked for ("410 Red Lantern fighters")
NAME_WINDOW = 60
#: capitalised words a name may hold between the two words it is keyed by ("Free Auvren Legion")
INNER_WORDS = 2


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
    together. Call inside a write transaction; returns the claims moved (with the cities'
    counts ``settle_city_sides`` joins to their states', first)."""
    moved = settle_city_sides(conn, rows_of, move) + settle_enemy_sides(conn, rows_of, move)
    groups = _groups(rows_of(conn, _SIDED))
    for group in groups.values():
        named = [(r, n) for r in group if (n := _side_name(r))]
        if len({r.affiliation for r, _n in named}) < 2:
            continue
        for later, second in named:
            firsts = [
                (r, n) for r, n in named if r.affiliation != later.affiliation and n != second
            ]
            target = next(
                (r for r, first in firsts if _written_together(conn, (later, r), first, second)), None
            )
            if target is not None:
                moved += move(conn, later, target)
    return moved


def _written_together(conn: sqlite3.Connection, rows: Sequence[Any], first: str, second: str) -> bool:
    """Whether a claim of either count writes ``first`` before ``second`` in one capitalised name near
    its figure ("Red Lantern", "Free Auvren Legion"): the report that cut the name, or the one that
    keyed it by its first word, is the one that shows it whole."""
    name = re.compile(
        rf"\b{re.escape(first)}(?:[ ][A-Z][\w'’-]*){{0,{INNER_WORDS}}}[ ]{re.escape(second)}\b"
    )
    for row in rows:
        for (text,) in conn.execute(
            "SELECT substr(d.text, max(1, c.span_start + 1 - ?), c.span_end - c.span_start + 2 * ?) "
            "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.measure_id = ?",
            (NAME_WINDOW, NAME_WINDOW, row.id),
        ):
            if name.search(text or ""):
                return True
    return False


#: the counts a side keys
_SIDED = "unit = 'count' AND affiliation IS NOT NULL AND affiliation NOT LIKE '¬%'"


def _groups(rows: Sequence[Any]) -> dict[tuple[object, ...], list[Any]]:
    """The counts by every field but their side: one list per count the sides divide."""
    groups: dict[tuple[object, ...], list[Any]] = {}
    for r in rows:
        key = (r.event, r.subject, r.place, r.period_start, r.unit, r.period_kind, r.period_end)
        groups.setdefault(key, []).append(r)
    return groups


#: the counts keyed by the side they are fought against ("¬sathm": enemy of Sathmar)
_ENEMY_OF = "unit = 'count' AND affiliation LIKE '¬%'"
#: a capitalised word: a side's name, its people's word or its country's
_CAP_WORD = re.compile(r"\b[A-Z][\w'’-]+")


def settle_enemy_sides(
    conn: sqlite3.Connection,
    rows_of: Callable[[sqlite3.Connection, str], Sequence[Any]],
    move: Callable[[sqlite3.Connection, Any, Any], int],
) -> int:
    """Join each count keyed "enemy of X" to the same count keyed by the one other side the ledger
    names for it (not X, not another "enemy of"), when every report of the "enemy of" count names
    that side itself: the ledger's other reports say whose the count is, and the report's own words
    say that side is in its story (a war of several groups, where the report names none of them,
    keeps its count apart). Call inside a write transaction; returns the claims moved."""
    enemies = rows_of(conn, _ENEMY_OF)
    if not enemies:
        return 0
    groups = _groups(rows_of(conn, _SIDED))
    moved = 0
    for row in enemies:
        key = (row.event, row.subject, row.place, row.period_start, row.unit, row.period_kind, row.period_end)
        others = [r for r in groups.get(key, ()) if r.affiliation != row.affiliation[1:]]
        if len(others) == 1 and _names_side(conn, row, others[0].affiliation):
            moved += move(conn, row, others[0])
    return moved


def _names_side(conn: sqlite3.Connection, row: Any, side: str) -> bool:
    """Whether every document with a claim of ``row`` writes a word keyed ``side`` ("Korvany",
    "Korvan": "korva")."""
    texts = [
        text for (text,) in conn.execute(
            "SELECT DISTINCT d.text FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE c.measure_id = ?", (row.id,),
        )
    ]
    return bool(texts) and all(
        any(side_key(w) == side for w in set(_CAP_WORD.findall(text or ""))) for text in texts
    )


def settle_city_sides(
    conn: sqlite3.Connection,
    rows_of: Callable[[sqlite3.Connection, str], Sequence[Any]],
    move: Callable[[sqlite3.Connection, Any, Any], int],
) -> int:
    """Join each count keyed by a city the ledger places in a state ("Venhallow soldiers killed")
    to the same count keyed by that state ("Auvreni soldiers killed"), when the ledger has one.
    Call inside a write transaction; returns the claims moved."""
    parents = dict(conn.execute("SELECT key, value FROM context_facts WHERE kind = 'parent'").fetchall())
    if not parents:
        return 0
    kinds = dict(conn.execute("SELECT key, value FROM context_facts WHERE kind = 'kind'").fetchall())
    moved = 0
    for group in _groups(rows_of(conn, _SIDED)).values():
        if len(group) < 2:
            continue
        by_side = {r.affiliation: r for r in group}
        for r in group:
            name = _side_name(r)
            place = fold(name) if name else ""
            if place not in parents or not _is_city(conn, place, name or "", kinds):
                continue
            state = _top(place, parents)
            target = by_side.get(side_key(state))
            if target is not None and target.id != r.id and side_key(state) != r.affiliation:
                moved += move(conn, r, target)
    return moved


def _top(place: str, parents: dict[str, str]) -> str:
    """The outermost place the ledger puts ``place`` in (its state), following ``parent`` facts."""
    seen = {place}
    while place in parents and parents[place] not in seen:
        place = parents[place]
        seen.add(place)
    return place


def _is_city(conn: sqlite3.Connection, place: str, name: str, kinds: dict[str, str]) -> bool:
    """Whether the ledger knows ``place`` as a city: its kind is one of ``city_kinds``, or a story
    is filed from it (a dateline opening a line with its name in capitals: "VENHALLOW (Wire) -")."""
    if kinds.get(place) in _seq("city_kinds"):
        return True
    shout = name.upper()
    line = re.compile(rf"(?m)^{re.escape(shout)}(?:,[ ]|[ ]*\(|[ ]*[-–—/])")
    return any(
        line.search(text)
        for (text,) in conn.execute("SELECT text FROM documents WHERE instr(text, ?) > 0 LIMIT 50", (shout,))
    )

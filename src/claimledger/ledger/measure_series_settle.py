"""One source's reports of one count over months are one series, whatever one report's words keyed.

A ministry that gives its war's toll every week, an army that counts the enemy's tanks, an agency
that counts the displaced: each report is read on its own, and one of them now and then keys
differently from the rest (a dateline city for the country, "since March" for the war's day, a
stock on the day for the running total). A fact-checker reads that report in the source's series,
because its value continues the series in time. This pass reads that evidence from the ledger, not
from the words: a source's claims in a stray measure move to the source's main series of the same
count when

- (a) the two measures differ in one or two fields of place, period start, period kind (a running
  total or a stock, never a window or one incident) and what is counted, never in event, unit or
  side;
- (b) they are one theatre: the same place, one place lying in the other (the ledger's ``parent``
  and ``filed`` facts), or the stray report's document writes the main series' place;
- (c) every moved value continues the source's own series (``_continues``: within a factor of two of
  its nearest figures in time);
- (d) the source has no claim in the main series in the same document (a part and its whole said
  together stay apart);
- (e) the source has fewer claims in the stray measure than in the main one;

and the stray report's own clause does not write a place of its own inside the main series' place
("31 killed in Marlow", beside the country's toll: a town's count, never a step of its country's).
Shares keep their base; claims a person pinned and person-made measures stay.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from .measure_period_settle import Rows
from .measure_place_settle import (
    _Claim,
    _continues,
    _load_claims,
    _names,
    _own_clause,
    _up,
    document_writer,
)

#: period kinds one series may be written in: a running total of the held or displaced is read as a
#: stock on the day by some reports ("1.2 million are displaced"); a window or one incident never is
_SERIES_KINDS = frozenset({"cumulative", "stock"})
_KINDS = ", ".join(f"'{k}'" for k in sorted(_SERIES_KINDS))
#: a clause writing a start of its own ("since the war began", "since 2 July")
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
#: key fields a stray report may differ in, and how many of them at most
_LOOSE = ("place", "period_start", "period_kind", "subject")
MAX_LOOSE = 2


def settle_series(conn: sqlite3.Connection, rows_of: Rows) -> int:
    """Move each source's claims from a stray measure into its main series of the same count (see the
    module's docstring). ``rows_of`` may return measures holding no claims: only those holding a source's
    claims are read. Call inside a write transaction; returns the claims moved."""
    per: dict[str, dict[int, int]] = {}  # measure -> source -> claims
    for mid, src, n in conn.execute(
        "SELECT measure_id, source_id, COUNT(*) FROM claims WHERE source_id IS NOT NULL "
        "AND measure_id IS NOT NULL GROUP BY measure_id, source_id"
    ):
        per.setdefault(mid, {})[src] = n
    rows = {
        r.id: r
        for r in rows_of(conn, f"unit != 'percent' AND (period_kind IS NULL OR period_kind IN ({_KINDS}))")
        if r.id in per
    }
    computed: dict[str, bool] = {}

    def made(mid: str) -> bool:
        """The measure is the rules' (its id its fields' hash), never a person's merge."""
        if mid not in computed:
            computed[mid] = rows[mid].computed
        return computed[mid]

    by_count: dict[tuple[object, ...], list[str]] = {}
    loose: dict[str, tuple[str, ...]] = {}  # each measure's loose fields, folded once (``_near``)
    same: dict[str, tuple[object, ...]] = {}  # period end and loose fields: alike here, never near
    for r in rows.values():
        by_count.setdefault((r.event, r.unit, r.affiliation), []).append(r.id)
        loose[r.id] = tuple((getattr(r, f) or "").casefold() for f in _LOOSE)
        same[r.id] = (r.period_end, loose[r.id])
    # (stray measure, main measure, source): a source whose claims of one count lie in two measures
    plans: list[tuple[str, str, int]] = []
    for mids in by_count.values():
        if len(mids) < 2:
            continue
        sources: dict[int, list[str]] = {}
        for m in mids:
            for s in per[m]:
                sources.setdefault(s, []).append(m)
        for s, held in sources.items():
            if len(held) < 2:
                continue
            # the main series: the one measure holding most of the source's claims (none on a tie); every
            # source's measures are looked at, so this costs one pass over them, never a sort
            counts = [per[m][s] for m in held]
            top = max(counts)
            if counts.count(top) > 1:
                continue  # no main series: which of two is the source's is not known
            main = held[counts.index(top)]
            key = same[main]
            # the key fields first (a measure keyed alike in every loose field and its period end is never
            # near): a person-made measure (``computed``, a hash) is rare; then the strays by size, as ranked
            near = [
                m for m in held
                if m != main and same[m] != key and _near(rows[m], rows[main], loose[m], loose[main])
                and made(m) and made(main)
            ]
            near.sort(key=lambda m: -per[m][s])
            plans.extend((stray, main, s) for stray in near)
    if not plans:
        return 0
    members = _load_claims(conn, sorted({m for p in plans for m in p[:2]}))
    up = _up(conn)
    writes = document_writer(conn, bare_place=True)  # the document writes ``place`` or its people's word

    moves: dict[str, str] = {}
    for stray, main, s in plans:
        mine = [c for c in members[stray] if c.source == s and c.id not in moves]
        others = [o for o in members[stray] if o.source != s and o.id not in moves]
        if rows[stray].period_kind == "cumulative" and rows[main].period_kind == "stock":
            continue  # a running total read from its own start is never a step of a stock on the day
        series = [c for c in members[main] if c.source == s]
        here = (rows[stray].place or "").casefold()
        there = (rows[main].place or "").casefold()
        what = _own_word(rows[stray].subject, rows[main].subject)
        # "260 killed since the war began" beside the same army's "since July 2" (a phase): the war's start
        # its own clause writes is no other start; only the war's start by default joins another start
        written = any(_SINCE.search(_own_clause(c.sentence, c.at)) for c in mine)
        if written and rows[stray].period_start == "war" and rows[main].period_start not in (None, "war"):
            continue
        if not mine or not all(_joins(c, series, here, there, up, writes, what) for c in mine):
            continue
        # another voice's count keyed alike is a comparison the stray measure holds: it goes along, every
        # claim continuing the main series (any voice's), or none moves
        whole = members[main]
        if all(o.source is not None and _joins(o, whole, here, there, up, writes, what, own=False)
               for o in others):
            moves.update((c.id, main) for c in [*mine, *others])
    if moves:
        conn.executemany("UPDATE claims SET measure_id = ? WHERE id = ?", [(t, c) for c, t in moves.items()])
    return len(moves)


def _near(stray: Any, main: Any, stray_loose: tuple[str, ...], main_loose: tuple[str, ...]) -> bool:
    """(a): the two measures are one count (event, unit, side equal by grouping) keyed apart in one or two
    of the loose fields (``*_loose``: their ``_LOOSE`` fields, case-folded), the period end alike, each
    period kind a series kind."""
    if stray.period_end != main.period_end:
        return False
    if stray.period_kind != main.period_kind and not {stray.period_kind, main.period_kind} <= _SERIES_KINDS:
        return False
    differ = sum(1 for a, b in zip(stray_loose, main_loose, strict=True) if a != b)
    return 0 < differ <= MAX_LOOSE


def _own_word(stray: str | None, main: str | None) -> re.Pattern[str] | None:
    """When the two measures count different things, the stray's head word ("children" of "children
    (part)"): a clause writing it counts that, a sub-population its words name, never the main series'."""
    if (stray or "") == (main or "") or not stray:
        return None
    head = stray.split(" (")[0].strip()
    return re.compile(rf"\b{re.escape(head)}\b", re.IGNORECASE) if head else None


def _joins(
    c: _Claim,
    series: list[_Claim],
    here: str,
    there: str,
    up: dict[str, set[str]],
    writes: Callable[[str, str], bool],
    what: re.Pattern[str] | None = None,
    own: bool = True,
) -> bool:
    """Claim ``c`` (keyed by place ``here``) continues its source's ``series`` (keyed by ``there``):
    (b) to (d) of the module's docstring, and its own clause puts it in no part of ``there``; with ``own``
    False the value continues any voice's figures of the series (another voice's claim going along)."""
    if c.pinned or any(o.doc == c.doc for o in series):
        return False  # a person's decision; a part and its whole said in one document
    if what is not None and what.search(_own_clause(c.sentence, c.at)):
        return False  # "1,400 children had been killed": its own words count a part of the series' people
    if here != there:
        if not there:
            return False  # the main series names no place: which theatre is not known
        apart = here and there not in up.get(here, ()) and here not in up.get(there, ())
        if apart and not writes(c.doc, there):
            return False  # another war's count, or a place the ledger cannot relate
        if here and there in up.get(here, ()) and _names(_own_clause(c.sentence, c.at), here, False):
            return False  # "31 killed in Marlow": a town's own count beside its country's
        if not here and not writes(c.doc, there):
            return False
    return _continues(c, series, c.source if own else None)

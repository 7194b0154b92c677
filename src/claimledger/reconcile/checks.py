"""The checks that raise flags, of two kinds.

A per-claim check looks at one claim (``ClaimRow -> Flag | None``): it runs on every
claim, in or out of a measure. A per-measure check compares a measure's claims: the
engine (``engine.py``) groups claims by measure, collapses repeats into statements,
sweeps them for grades and for the pairs of parties whose values cannot both hold,
and hands what it built to each such check as a ``MeasureView``; the check appends
``Flag``s. Within a measure the per-claim flags come first (by claim id), then each
per-measure check's in registry order (``flags.py``): that order numbers the flags,
so the same claims always give the same flag ids. No check looks at another measure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..values import format_value
from .rules import MISREAD_GAP, PAIR_CAP, WINDOW_DAYS, window_days
from .statements import Statement as _Stmt
from .types import ClaimRow, Flag


class MeasureView:
    """What a per-measure check sees of one measure with at least two dated statements.

    ``rows``: every claim of the measure, as read. ``ordered``: the statements in date order.
    ``cum``: a running total. ``conflicts``: per pair of parties, the (gap, i, j) of statements
    ``ordered[i]``, ``ordered[j]`` that cannot both hold.
    """

    __slots__ = ("conflicts", "cum", "id", "ordered", "rows")

    def __init__(
        self,
        mid: str,
        rows: list[ClaimRow],
        ordered: list[_Stmt],
        cum: bool,
        conflicts: dict[tuple[str, str], list[tuple[float, int, int]]],
    ) -> None:
        self.id = mid
        self.rows = rows
        self.ordered = ordered
        self.cum = cum
        self.conflicts = conflicts


class _Unattributed:
    """Per claim: a figure in the article's own voice, naming nobody as saying it.

    Called as ``unattributed(row)`` like any per-claim check. ``batch`` gives the same flags for
    a whole measure's rows in one call: the engine uses it when a check has one, because a Python
    call per claim (a million of them, most returning None) was ~6 % of a reconcile.
    """

    __slots__ = ()

    def __call__(self, r: ClaimRow) -> Flag | None:
        if r.attributed:
            return None
        return _unattributed_flag(r)

    def batch(self, rows: Iterable[ClaimRow]) -> list[tuple[str, Flag]]:
        """(claim id, flag) for every row ``__call__`` flags, in the rows' order."""
        return [(r[0], _unattributed_flag(r)) for r in rows if not r[5]]  # r.id, r.attributed

    def __repr__(self) -> str:
        return "unattributed"


def _unattributed_flag(r: ClaimRow) -> Flag:
    value = format_value(r.low, r.high, r.hedge, r.unit)
    return Flag(
        "unattributed",
        r.measure_id,
        f"unattributed: the article ({r.party_name}) says {value} ({r.event}) in its own voice, "
        "naming no source",
        (r.id,),
    )


unattributed = _Unattributed()


def contradictions(m: MeasureView, flags: list[Flag]) -> None:
    """One flag per episode of a pair of parties whose statements cannot both hold, naming its widest gap.

    An episode is one stretch of days: two parties that disagree twice, weeks apart, are two
    disagreements for a fact-checker to look at, so two flags (the GUIDE's "one flag per episode").
    """
    ordered, cum = m.ordered, m.cum
    win = window_days(m.rows[0].event, m.rows[0].period_start, m.rows[0].unit) if m.rows else WINDOW_DAYS
    for key in sorted(m.conflicts):
        # a pair a hundredfold apart compares a misread figure, not two readings of one count ("none
        # were killed" against 120 is a real clash: a zero is no misreading)
        pairs = [p for p in m.conflicts[key] if not _misread(p, ordered)]
        for episode in _episodes(pairs, ordered, win):
            _gap, i, j = max(episode, key=lambda p: (p[0], -p[1], -p[2]))
            a, b = ordered[i], ordered[j]
            why = "the figures cannot both hold"
            if cum and a.day != b.day:
                why = "a running total cannot fall, so the earlier figure cannot exceed the later one"
            more = f" ({len(episode)} conflicting pairs of statements)" if len(episode) > 1 else ""
            ids = _ids(ordered[k] for p in episode for k in (p[1], p[2]))
            flags.append(Flag("contradiction", m.id, f"{a.says()}, while {b.says()}: {why}{more}", ids))


def _episodes(
    pairs: list[tuple[float, int, int]], ordered: list[_Stmt], win: int
) -> list[list[tuple[float, int, int]]]:
    """The pairs in episodes: a pair whose first day is more than ``win`` days after every day of the
    episode so far opens a new one (pairs already come within the window, ``ordered`` by day)."""
    out: list[list[tuple[float, int, int]]] = []
    end = 0
    for p in sorted(pairs, key=lambda p: (ordered[p[1]].day, ordered[p[2]].day, p[1], p[2])):
        first, last = ordered[p[1]].day, ordered[p[2]].day
        if out and first <= end + win:
            out[-1].append(p)
            end = max(end, last)
        else:
            out.append([p])
            end = last
    return out


def _misread(pair: tuple[float, int, int], ordered: list[_Stmt]) -> bool:
    """Two figures more than a hundredfold apart (``MISREAD_GAP``), neither of them nought."""
    gap, i, j = pair
    return gap > MISREAD_GAP and min(ordered[i].hi, ordered[j].hi) >= 1.0


def _overlap(a: _Stmt, b: _Stmt) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def _ids(stmts: Iterable[_Stmt]) -> tuple[str, ...]:
    seen: set[str] = set()
    for s in stmts:
        seen.update(s.claim_ids)
    return tuple(sorted(seen))


def _older_match(sts: list[_Stmt], x: _Stmt, before_day: int, start: int) -> _Stmt | None:
    """An earlier statement of the same party (dated before ``before_day``) that agrees with ``x``."""
    k, seen = start - 1, 0
    while k >= 0 and seen < PAIR_CAP:
        y = sts[k]
        if y.day < before_day:
            seen += 1
            # an open floor ("more than 50,000") is no figure a later report can repeat: it matches
            # everything above it; only another floor repeats it
            if _overlap(x, y) and (y.hi != math.inf or x.hi == math.inf):
                return y
        k -= 1
    return None


def timelines(m: MeasureView, flags: list[Flag]) -> None:
    """Regressions and drift, found in one walk per party: whether a party's figure fell (regression)
    or a report repeats a superseded one (drift) is one decision, so one check raises both kinds."""
    _timelines(m.id, m.ordered, m.cum, flags)


def _drift(mid: str, x: _Stmt, latest: _Stmt, stale: _Stmt | None) -> Flag:
    """A report gives party S a figure S's own latest statement does not support.

    ``stale`` is S's older figure that the report repeats; None when the evidence is instead
    S's own publication of a higher running total before the report's date.
    """
    value = x.figure()
    if stale is not None:
        why = f"{value} is its superseded figure of {stale.date}"
    else:
        why = "its own publication gave the higher figure, and a running total cannot fall"
    detail = (
        f"drift: a report dated {x.date} attributes {value} to {x.party_name}, whose latest figure "
        f"before then was {latest.figure()} ({latest.date}); {why}"
    )
    return Flag("drift", mid, detail, _ids((x, latest) if stale is None else (x, latest, stale)))


def _timelines(mid: str, ordered: list[_Stmt], cum: bool, flags: list[Flag]) -> None:
    """Per party, in date order: regressions of running totals, stale (drifted) and inconsistent reports.

    One pass per party over its statements (already in date order).
    """
    by_party: dict[str, list[_Stmt]] = {}
    for s in ordered:
        got = by_party.get(s.party)
        if got is None:
            by_party[s.party] = [s]
        else:
            got.append(s)
    if len(by_party) == len(ordered):
        return  # every party spoke once: nothing to compare a party with
    for party in sorted(by_party):
        sts = by_party[party]
        n = len(sts)
        if n < 2:
            continue
        regressions: list[tuple[_Stmt, _Stmt]] = []
        best: _Stmt | None = None  # cumulative: the highest lower bound on strictly earlier days
        day_best: _Stmt | None = None  # ... and on the current day so far
        prev_start = prev_end = 0  # point measures: the statements of the latest earlier day
        start, day = 0, sts[0].day  # where the current day starts
        for k in range(n):
            x = sts[k]
            if x.day != day:
                if k - start > 1:
                    revised = _revisions(sts[start:k])
                    _same_day(mid, sts[start:k], flags, revised)
                    if cum and revised:
                        day_best = _revised_best(sts[start:k], revised, regressions)
                if day_best is not None and (best is None or day_best.lo > best.lo):
                    best = day_best
                prev_start, prev_end, start, day, day_best = start, k, k, x.day, None
            if cum:
                if best is not None and x.hi < best.lo:
                    # A report below the party's earlier total: a stale repeat, or contradicted by the
                    # party's own publication, is the report's doing (drift); otherwise the party's own
                    # figure went down (regression).
                    stale = _older_match(sts, x, best.day, start) if not x.own else None
                    if (stale is not None or (best.own and not x.own)) and not _tells_fall(sts, x, start):
                        flags.append(_drift(mid, x, best, stale))
                    else:
                        regressions.append((best, x))
                if day_best is None or x.lo > day_best.lo:
                    day_best = x
            elif prev_end and not x.own and not any(_overlap(x, p) for p in sts[prev_start:prev_end]):
                stale = _older_match(sts, x, sts[prev_start].day, start)
                if stale is not None:
                    flags.append(_drift(mid, x, sts[prev_end - 1], stale))
        if n - start > 1:
            revised = _revisions(sts[start:n])
            _same_day(mid, sts[start:n], flags, revised)
            if cum and revised:
                _revised_best(sts[start:n], revised, regressions)
        if regressions:
            a, b = max(regressions, key=lambda p: (p[0].lo - p[1].hi, p[1].day))
            more = f" ({len(regressions)} times)" if len(regressions) > 1 else ""
            then = (
                f"{b.figure()} replaces {a.figure()}, both dated {a.date} by a report that restates the "
                "older figure beside the newer one"
                if a.day == b.day
                else f"{a.value()}, then {b.value()}"
            )
            detail = f"regression: {a.party_name}'s running total went down{more}: {then}"
            flags.append(Flag("regression", mid, detail, _ids(s for p in regressions for s in p)))


def _tells_fall(sts: list[_Stmt], x: _Stmt, start: int) -> bool:
    """Whether a report of ``x`` also gives one of the party's higher figures of an earlier day
    (``sts[:start]``, its statements before ``x``'s day).

    A report that gives both ("lowered its count to 2,580; on 6 March it had published 2,710") tells
    of the fall itself: it neither repeats a stale figure nor misreports the party, so the fall is
    the party's (a regression), not the report's (drift)."""
    docs = x.doc_set()
    earlier = sts[max(0, start - PAIR_CAP) : start]
    return any(y.lo > x.hi and not docs.isdisjoint(y.doc_set()) for y in earlier)


def _revisions(group: list[_Stmt]) -> list[tuple[_Stmt, _Stmt]]:
    """(older, newer) pairs of one party's statements of one day that a report gives as a revision.

    A report that changes a count often restates the old figure with its date beside the new one
    ("lowered its count to 3,402 from the 3,611 it announced on Thursday"), and the new figure is
    read with the old one's date. Two incompatible figures of one party on one day, where every
    report of one of them (the newer) also gives the other, and some other report gives the other
    alone (so it is the party's figure of that day, the older), are that revision, not two reports
    that disagree. When each report gives both, or neither is known apart, which is newer is not
    known and nothing is read.
    """
    out: list[tuple[_Stmt, _Stmt]] = []
    n = len(group)
    docs = [s.doc_set() for s in group[: 2 * PAIR_CAP]]  # the most the pairs below reach
    for i in range(min(n, PAIR_CAP)):
        a, da = group[i], docs[i]
        for j in range(i + 1, min(n, i + 1 + PAIR_CAP)):
            b = group[j]
            if _overlap(a, b):
                continue
            db = docs[j]
            if db < da:
                out.append((a, b))
            elif da < db:
                out.append((b, a))
    return out


def _revised_best(
    group: list[_Stmt], revised: list[tuple[_Stmt, _Stmt]], regressions: list[tuple[_Stmt, _Stmt]]
) -> _Stmt:
    """A running total's day with revisions: a newer figure below its older one is a regression, and
    the day's figure for later comparisons is the highest lower bound among the figures no revision
    replaced (the older figure is superseded the same day)."""
    replaced = {id(old) for old, _new in revised}
    for old, new in revised:
        if new.hi < old.lo:
            regressions.append((old, new))
    kept = [s for s in group if id(s) not in replaced] or group
    return max(kept, key=lambda s: s.lo)


def _same_day(
    mid: str, group: list[_Stmt], flags: list[Flag], revised: list[tuple[_Stmt, _Stmt]] | None = None
) -> None:
    """Reports attributing incompatible values to one party on one day: at least one misreports it.

    A pair that ``_revisions`` reads as a revision is no disagreement and raises none."""
    if len(group) < 2:
        return
    skip = {(id(x), id(y)) for p in revised or () for x, y in (p, p[::-1])}
    for i in range(min(len(group), PAIR_CAP)):
        a = group[i]
        for b in group[i + 1 : i + 1 + PAIR_CAP]:
            if (a.own and b.own) or _overlap(a, b) or a.doc_set() == b.doc_set() or (id(a), id(b)) in skip:
                continue
            detail = (
                f"drift: reports dated {a.date} attribute incompatible figures to {a.party_name}: "
                f"{a.figure()} and {b.figure()}"
            )
            flags.append(Flag("drift", mid, detail, _ids((a, b))))

"""`reconcile_claims`: the pure core that turns claim rows into flags and grades.

Why this shape: a ledger grows to millions of claims, so the work is grouped by
measure, claims that say the same thing (same party, day and value, however
many articles repeat it) collapse into one *statement*, and statements are
swept in date order comparing each only with later ones inside the time window
(at most PAIR_CAP of them). Nothing here is quadratic in the size of a measure.

Flags are grouped so a reader sees each disagreement once: one contradiction
per measure and pair of parties, one regression per measure and party, one
drift per reported statement, one unattributed flag per claim.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter

from ..values import format_value
from .rules import (
    ABOUT_REL,
    DAY_CACHE,
    INF,
    OPEN_LOW,
    PAIR_CAP,
    day_number,
    interval,
    is_cumulative,
    window_days,
)
from .types import ClaimRow, Flag, ReconcileResult


class _Stmt:
    """Claims of one party about one measure on one day with one value (internal, mutable while built).

    Keeps its first claim row for the value and date (all its rows share them) so building one
    costs a handful of attribute writes: there is one per distinct claim in a million-claim run.
    """

    __slots__ = ("claim_ids", "day", "docs", "hi", "lo", "own", "party", "party_name", "row")

    def __init__(
        self, r: ClaimRow, cid: str, doc: str, party: str, party_name: str, own: bool, day: int, lo: float,
        hi: float,
    ) -> None:
        # the row's fields come unpacked: the caller has them in locals already (a NamedTuple's
        # attribute reads cost more than the rest of this constructor)
        self.row = r
        self.party = party
        self.party_name = party_name
        self.day = day
        self.lo = lo
        self.hi = hi
        self.claim_ids = [cid]
        self.docs: str | set[str] = doc
        self.own = own

    def add(self, cid: str, doc: str, party_name: str, own: bool) -> None:
        self.claim_ids.append(cid)
        if party_name < self.party_name:  # the same name whatever order the rows come in
            self.party_name = party_name
        if isinstance(self.docs, str):
            if doc != self.docs:
                self.docs = {self.docs, doc}
        else:
            self.docs.add(doc)
        if own:
            self.own = True

    def doc_set(self) -> set[str]:
        return {self.docs} if isinstance(self.docs, str) else self.docs

    @property
    def date(self) -> str:
        return (self.row.date or "")[:10]

    def figure(self) -> str:
        r = self.row
        return format_value(r.low, r.high, r.hedge, r.unit)

    def says(self) -> str:
        who = self.party_name + (" (in its own voice)" if self.own else "")
        return f"{who} says {self.figure()} ({self.date})"

    def value(self) -> str:
        return f"{self.figure()} on {self.date}"


_MISS = -1  # not a day ordinal: marks a date not yet in the cache
_ORDER = attrgetter("day", "lo", "hi", "party", "row.hedge")


def _overlap(a: _Stmt, b: _Stmt) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def reconcile_claims(rows: Iterable[ClaimRow]) -> ReconcileResult:
    """Flags and a grade for every claim in ``rows`` (rejected claims must already be left out).

    Deterministic: the same rows in any order give the same flags in the same order.
    """
    by_measure: dict[str, list[ClaimRow]] = defaultdict(list)
    loose: list[ClaimRow] = []
    for r in rows:
        mid = r[2]  # r.measure_id, read by position: this loop runs once per claim
        if mid is None:
            loose.append(r)
        else:
            by_measure[mid].append(r)
    flags: list[Flag] = []
    grades: dict[str, str] = {}
    for mid in sorted(by_measure):
        _reconcile_measure(mid, by_measure[mid], flags, grades)
    loose.sort(key=lambda r: r.id)
    for r in loose:
        grades[r.id] = "single"
        if not r.attributed:
            flags.append(_unattributed(r))
    return ReconcileResult(flags=tuple(flags), grades=grades)


def _unattributed(r: ClaimRow) -> Flag:
    value = format_value(r.low, r.high, r.hedge, r.unit)
    return Flag(
        "unattributed",
        r.measure_id,
        f"unattributed: the article ({r.party_name}) says {value} ({r.event}) in its own voice, "
        "naming no source",
        (r.id,),
    )


def _reconcile_measure(mid: str, rows: list[ClaimRow], flags: list[Flag], grades: dict[str, str]) -> None:
    if len(rows) == 1:  # most measures of a real ledger: nothing to compare
        r = rows[0]
        grades[r.id] = "single"
        if not r.attributed:
            flags.append(_unattributed(r))
        return
    first = rows[0]  # every claim of a measure shares its event and period_start
    cum = is_cumulative(first.event, first.period_start)
    win = window_days(first.event)
    stmts: dict[tuple[object, ...], _Stmt] = {}
    own_voice: list[ClaimRow] = []
    days = DAY_CACHE
    for r in rows:
        # one unpacking instead of a dozen NamedTuple attribute reads: this loop runs once per claim
        cid, doc, _m, party, party_name, attributed, low, high, hedge, unit, _e, _s, when, _t, head = r
        grades[cid] = "single"
        if not attributed:
            own_voice.append(r)
        if head:
            continue
        day = days.get(when, _MISS)
        if day == _MISS:
            day = day_number(when)
        if day is None:
            continue
        # the common hedges on counts, inlined (rules.interval is the reference; tests hold them equal)
        if unit == "count" and low is not None and (low == high or (high is None and hedge in OPEN_LOW)):
            if hedge == "exact":
                lo = hi = low
            elif hedge == "about":
                t = low * ABOUT_REL
                if t < 1.0:
                    t = 1.0
                lo, hi = (low - t if low > t else 0.0), low + t
            elif hedge in OPEN_LOW:
                lo, hi = low, INF
            else:
                iv = interval(low, high, hedge, unit)
                assert iv is not None
                lo, hi = iv
        else:
            iv = interval(low, high, hedge, unit)
            if iv is None:
                continue
            lo, hi = iv
        key = (party, day, low, high, hedge)
        st = stmts.get(key)
        if st is None:
            stmts[key] = _Stmt(r, cid, doc, party, party_name, not attributed, day, lo, hi)
        else:
            st.add(cid, doc, party_name, not attributed)
    if own_voice:
        own_voice.sort(key=lambda r: r.id)
        flags.extend(_unattributed(r) for r in own_voice)
    if len(stmts) < 2:
        return
    ordered = sorted(stmts.values(), key=_ORDER)
    _pairs(mid, ordered, cum, win, flags, grades)
    _timelines(mid, ordered, cum, flags)


def _pairs(
    mid: str, ordered: list[_Stmt], cum: bool, win: int, flags: list[Flag], grades: dict[str, str]
) -> None:
    """Contradictions between parties and each statement's grade, in one sweep by date."""
    n = len(ordered)
    days = [s.day for s in ordered]
    los = [s.lo for s in ordered]  # parallel lists: the inner loop runs ~20M times at a million claims
    his = [s.hi for s in ordered]
    parties = [s.party for s in ordered]
    status = [0] * n  # bit 1: a compatible other party; bit 2: an incompatible one
    conflicts: dict[tuple[str, str], list[tuple[float, int, int]]] = defaultdict(list)
    for i in range(n):
        day_i, lo_i, hi_i, party_i = days[i], los[i], his[i], parties[i]
        end = bisect_right(days, day_i + win, i + 1)
        if end > i + 1 + PAIR_CAP:
            end = i + 1 + PAIR_CAP
        for j in range(i + 1, end):
            if parties[j] == party_i:
                continue
            lo_j, hi_j = los[j], his[j]
            # cumulative and later: an earlier total above a later one (a running total cannot fall)
            bad = lo_i > hi_j if cum and days[j] > day_i else lo_i > hi_j or lo_j > hi_i
            if bad:
                status[i] |= 2
                status[j] |= 2
                gap = max(lo_i - hi_j, lo_j - hi_i) / max(min(hi_i, hi_j), 1.0)
                pj = parties[j]
                conflicts[(party_i, pj) if party_i < pj else (pj, party_i)].append((gap, i, j))
            elif lo_i <= hi_j and lo_j <= hi_i:
                status[i] |= 1
                status[j] |= 1
    for i, s in enumerate(ordered):
        st = status[i]
        if st:
            grade = "contested" if st & 2 else "corroborated"
            for cid in s.claim_ids:
                grades[cid] = grade
    for key in sorted(conflicts):
        pairs = conflicts[key]
        gap, i, j = max(pairs, key=lambda p: (p[0], -p[1], -p[2]))
        a, b = ordered[i], ordered[j]
        why = "the figures cannot both hold"
        if cum and a.day != b.day:
            why = "a running total cannot fall, so the earlier figure cannot exceed the later one"
        more = f" ({len(pairs)} conflicting pairs of statements)" if len(pairs) > 1 else ""
        ids = _ids(ordered[k] for p in pairs for k in (p[1], p[2]))
        flags.append(Flag("contradiction", mid, f"{a.says()}, while {b.says()}: {why}{more}", ids))


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
            if _overlap(x, y):
                return y
        k -= 1
    return None


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
                    _same_day(mid, sts[start:k], flags)
                if day_best is not None and (best is None or day_best.lo > best.lo):
                    best = day_best
                prev_start, prev_end, start, day, day_best = start, k, k, x.day, None
            if cum:
                if best is not None and x.hi < best.lo:
                    # A report below the party's earlier total: a stale repeat, or contradicted by the
                    # party's own publication, is the report's doing (drift); otherwise the party's own
                    # figure went down (regression).
                    stale = _older_match(sts, x, best.day, start) if not x.own else None
                    if stale is not None or (best.own and not x.own):
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
            _same_day(mid, sts[start:n], flags)
        if regressions:
            a, b = max(regressions, key=lambda p: (p[0].lo - p[1].hi, p[1].day))
            more = f" ({len(regressions)} times)" if len(regressions) > 1 else ""
            detail = (
                f"regression: {a.party_name}'s running total went down{more}: "
                f"{a.value()}, then {b.value()}"
            )
            flags.append(Flag("regression", mid, detail, _ids(s for p in regressions for s in p)))


def _same_day(mid: str, group: list[_Stmt], flags: list[Flag]) -> None:
    """Reports attributing incompatible values to one party on one day: at least one misreports it."""
    if len(group) < 2:
        return
    for i in range(min(len(group), PAIR_CAP)):
        a = group[i]
        for b in group[i + 1 : i + 1 + PAIR_CAP]:
            if (a.own and b.own) or _overlap(a, b) or a.doc_set() == b.doc_set():
                continue
            detail = (
                f"drift: reports dated {a.date} attribute incompatible figures to {a.party_name}: "
                f"{a.figure()} and {b.figure()}"
            )
            flags.append(Flag("drift", mid, detail, _ids((a, b))))

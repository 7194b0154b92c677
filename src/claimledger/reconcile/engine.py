"""`reconcile_claims`: the pure core that turns claim rows into flags and grades.

Why this shape: a ledger grows to millions of claims, so the work is grouped by
measure, claims that say the same thing (same party, day and value, however
many articles repeat it) collapse into one *statement*, and statements are
swept in date order comparing each only with later ones inside the time window
(at most PAIR_CAP of them). Nothing here is quadratic in the size of a measure.

Flags are grouped so a reader sees each disagreement once: one contradiction
per measure, pair of parties and episode (a stretch of days), one regression
per measure and party, one drift per reported statement, one unattributed flag
per claim.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import repeat
from operator import attrgetter, itemgetter

from .checks import MeasureView
from .flags import CLAIM_CHECKS, MEASURE_CHECKS, ClaimCheck
from .rules import (
    ABOUT_REL,
    DAY_CACHE,
    INF,
    OPEN_LOW,
    PAIR_CAP,
    WINDOW_DAYS,
    day_number,
    interval,
    is_cumulative,
    window_days,
)
from .statements import Statement as _Stmt
from .types import ClaimRow, Flag, ReconcileResult

_ORDER = attrgetter("day", "lo", "hi", "party", "row.hedge")
_ID = itemgetter(0)  # ClaimRow.id


def reconcile_claims(rows: Iterable[ClaimRow]) -> ReconcileResult:
    """Flags and a grade for every claim in ``rows`` (rejected claims must already be left out).

    Deterministic: the same rows in any order give the same flags in the same order.
    """
    by_measure, loose = group_rows(rows)
    return reconcile_groups(by_measure, loose)


def group_rows(rows: Iterable[ClaimRow]) -> tuple[dict[str, list[ClaimRow]], list[ClaimRow]]:
    """The rows by measure id, and the rows outside any measure, each in the rows' order."""
    by_measure: dict[str, list[ClaimRow]] = defaultdict(list)
    loose: list[ClaimRow] = []
    for r in rows:
        mid = r[2]  # r.measure_id, read by position: this loop runs once per claim
        if mid is None:
            loose.append(r)
        else:
            by_measure[mid].append(r)
    return by_measure, loose


def reconcile_groups(
    by_measure: dict[str, list[ClaimRow]], loose: list[ClaimRow], *, singles: bool = True
) -> ReconcileResult:
    """``reconcile_claims`` of rows already grouped by ``group_rows`` (or any subset of its groups).

    Each measure's flags and grades depend on its own rows only, so the result for a subset of
    the groups is exactly that subset's part of the whole result: the flags of each measure in
    the same order, measures in id order, the claims outside any measure last. A re-run of
    ``reconcile_ledger`` relies on this to recompute only the measures whose rows changed.

    ``singles=False``: ``grades`` leaves out the claims graded 'single' (the same grades
    otherwise), for a caller that stores no row for them: at a million claims, setting and then
    filtering out ~600,000 'single' entries cost ~0.5 s of a first run.
    """
    flags: list[Flag] = []
    grades: dict[str, str] = {}
    claim_checks = _claim_checks()
    for mid in sorted(by_measure):
        rows = by_measure[mid]
        if singles:  # every claim 'single' until the sweep finds an agreeing or a conflicting party
            grades.update(zip(map(_ID, rows), repeat("single")))
        _reconcile_measure(mid, rows, flags, grades, claim_checks)
    for r in sorted(loose, key=lambda r: r.id):  # no measure: nothing to compare, only the per-claim checks
        if singles:
            grades[r.id] = "single"
        for claim_check in CLAIM_CHECKS:
            flag = claim_check(r)
            if flag is not None:
                flags.append(flag)
    return ReconcileResult(flags=tuple(flags), grades=grades)


#: A per-claim check as the engine runs it over a measure: its ``batch`` method, or None to call it per claim.
_Batched = tuple[Callable[[list[ClaimRow]], list[tuple[str, Flag]]] | None, ClaimCheck]


def _claim_checks() -> list[_Batched]:
    """The registry's per-claim checks with their ``batch`` methods, looked up once per run."""
    return [(getattr(check, "batch", None), check) for check in CLAIM_CHECKS]


def _claim_flags(rows: list[ClaimRow], flags: list[Flag], claim_checks: list[_Batched]) -> None:
    """The registry's per-claim checks over a measure's claims; their flags in claim id order.

    A check with a ``batch`` method (see ``checks.unattributed``) takes the measure's rows in one
    call; any other is called once per claim. Both give the same (claim id, flag) pairs.
    """
    if len(claim_checks) == 1:  # the registry's own: one check, its pairs already in the rows' order
        batch, check = claim_checks[0]
        found = batch(rows) if batch is not None else [(r.id, f) for r in rows if (f := check(r)) is not None]
    else:
        found = []
        for batch, check in claim_checks:
            if batch is not None:
                found.extend(batch(rows))
            else:
                found.extend((r.id, f) for r in rows if (f := check(r)) is not None)
    if len(found) > 1:
        found.sort(key=itemgetter(0))  # stable: one claim's flags stay in registry order
    flags.extend(f for _, f in found)


def _reconcile_measure(
    mid: str, rows: list[ClaimRow], flags: list[Flag], grades: dict[str, str], claim_checks: list[_Batched]
) -> None:
    if len(rows) == 1:  # most measures of a real ledger: nothing to compare
        r = rows[0]
        for claim_check in CLAIM_CHECKS:  # nothing to compare: only the per-claim checks
            flag = claim_check(r)
            if flag is not None:
                flags.append(flag)
        return
    first = rows[0]  # every claim of a measure shares its event and period_start
    cum = is_cumulative(first.event, first.period_start)
    win = window_days(first.event, first.period_start, first.unit)
    stmts: dict[tuple[object, ...], _Stmt] = {}
    days = DAY_CACHE
    for r in rows:
        # one unpacking instead of a dozen NamedTuple attribute reads: this loop runs once per claim
        cid, doc, _m, party, party_name, attributed, low, high, hedge, unit, _e, _s, when, _t, head, sure = r
        if head:
            continue
        try:
            day = days[when]
        except KeyError:  # a date not seen yet (the cache is filled by day_number)
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
            st.add(cid, doc, party_name, not attributed, sure)
    _claim_flags(rows, flags, claim_checks)
    if len(stmts) < 2:
        return
    ordered = sorted(stmts.values(), key=_ORDER)
    view = MeasureView(mid, rows, ordered, cum, _pairs(ordered, win, cum, grades))
    for check in MEASURE_CHECKS:  # the registry's comparisons, in its order (which numbers the flags)
        check(view, flags)


def _pairs(
    ordered: list[_Stmt], win: int, cum: bool, grades: dict[str, str]
) -> dict[tuple[str, str], list[tuple[float, int, int]]]:
    """Each statement's grade, and the pairs of parties whose statements cannot both hold, in one sweep."""
    n = len(ordered)
    days = [s.day for s in ordered]
    los = [s.lo for s in ordered]  # parallel lists: the inner loop runs ~20M times at a million claims
    his = [s.hi for s in ordered]
    parties = [s.party for s in ordered]
    sure = [s.sure for s in ordered]  # a pair raises a contradiction only when both were read firmly
    status = [0] * n  # bit 1: a compatible other party; bit 2: an incompatible one
    conflicts: dict[tuple[str, str], list[tuple[float, int, int]]] = defaultdict(list)
    together = _quoted_together(ordered) if win == 0 else None
    for i in range(n):
        day_i, lo_i, hi_i, party_i = days[i], los[i], his[i], parties[i]
        end = bisect_right(days, day_i + win, i + 1)
        if end > i + 1 + PAIR_CAP:
            end = i + 1 + PAIR_CAP
        js: Iterable[int] = range(i + 1, end)
        if together and i in together:
            js = [*js, *together[i]]
        for j in js:
            if parties[j] == party_i:
                continue
            lo_j, hi_j = los[j], his[j]
            # cumulative and later: an earlier total above a later one (a running total cannot fall)
            bad = lo_i > hi_j if cum and days[j] > day_i else lo_i > hi_j or lo_j > hi_i
            if bad and not (sure[i] and sure[j]):
                continue  # cannot both hold as read, but one reading is not firm: no flag, no grade
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
    return conflicts


def _quoted_together(ordered: list[_Stmt]) -> dict[int, list[int]]:
    """Occasions with no start compare on one day only, since a claim does not say which night; but a
    report that quotes two named parties' figures of one measure sets them against each other about
    the same occasions, whatever day each was said. Per statement ``i``: the later statements ``j``
    of another named party on another day within the window that share a report with it.

    Not the article's own figure: an outlet's own tally beside a quoted one is often another night's.
    """
    by_doc: dict[str, list[int]] = {}
    shared = False
    for k, s in enumerate(ordered):
        if s.own:
            continue
        for doc in (s.docs,) if isinstance(s.docs, str) else s.docs:
            got = by_doc.get(doc)
            if got is None:
                by_doc[doc] = [k]
            else:
                got.append(k)
                shared = True
    if not shared:  # most measures: every report gives one figure of it
        return {}
    out: dict[int, set[int]] = defaultdict(set)
    for ks in by_doc.values():
        if len(ks) < 2:
            continue
        ks = ks[:PAIR_CAP]
        for a, i in enumerate(ks):
            si = ordered[i]
            for j in ks[a + 1 :]:
                sj = ordered[j]
                if sj.party != si.party and si.day < sj.day <= si.day + WINDOW_DAYS:
                    out[i].add(j)
    return {i: sorted(js) for i, js in out.items()}

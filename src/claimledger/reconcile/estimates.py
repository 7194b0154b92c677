"""Per measure and date: low / best / high and a conservative figure from what the parties currently say.

One vote per party, the same for every party: a figure repeated by ten outlets
citing one ministry counts once, and no party's figure weighs more than
another's. "Currently" means each party's latest claim inside the measure's
time window (7 days; the same day for per-occasion events such as attacks);
for a running total (a since-a-date toll, which can only grow) each party's
highest figure in the window instead, so an article repeating a superseded
figure does not pull the estimate back.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from statistics import median

from .rules import day_number, is_cumulative, lower_bound, point_value, upper_bound, window_days
from .types import ClaimRow, Estimate


def estimates(rows: Iterable[ClaimRow]) -> list[Estimate]:
    """Estimates for ONE measure, one per date on which any party made a dated claim with a value.

    - low: the smallest lower bound among the parties ("fewer than X" counts as 0);
    - high: the largest figure any party gives (its upper bound, or for "more than X", X);
    (each party's figure: its latest in the window; for running totals its highest in the window)
    - best: the median of the parties' point values (a range's midpoint, an open bound itself);
    - conservative: the largest figure that at least two parties' lower bounds reach
      (the second-highest lower bound), or the lower bound of the only party.
    """
    # party -> day -> claims that day with a value
    per_party: dict[str, dict[int, list[ClaimRow]]] = defaultdict(lambda: defaultdict(list))
    days: set[int] = set()
    win, cum = 0, False
    for r in rows:
        day = day_number(r.date)
        if day is None or (r.low is None and r.high is None):
            continue
        win, cum = window_days(r.event, r.period_start, r.unit), is_cumulative(r.event, r.period_start)
        per_party[r.party][day].append(r)
        days.add(day)
    sorted_days = {party: sorted(by_day) for party, by_day in per_party.items()}
    out: list[Estimate] = []
    for d in sorted(days):
        lows: list[float] = []
        tops: list[float] = []
        points: list[float] = []
        used = 0
        for party in sorted(per_party):
            pd = sorted_days[party]
            pdays = pd[bisect_left(pd, d - win) : bisect_right(pd, d)]
            if not pdays:
                continue
            if cum:
                claims = [c for x in pdays for c in per_party[party][x]]
                r = max(claims, key=lambda c: (point_value(c.low, c.high, c.hedge) or 0.0, c.id))
            else:
                claims = per_party[party][max(pdays)]
                r = _representative(claims)
            lo = lower_bound(r.low, r.high, r.hedge)
            up = upper_bound(r.low, r.high, r.hedge)
            pv = point_value(r.low, r.high, r.hedge)
            assert lo is not None and pv is not None
            lows.append(lo)
            tops.append(up if up is not None else lo)
            points.append(pv)
            used += len(claims)
        lows.sort(reverse=True)
        conservative = lows[1] if len(lows) > 1 else lows[0]
        iso = _iso(d)
        out.append(Estimate(iso, min(lows), float(median(points)), max(tops), conservative, len(lows), used))
    return out


def _representative(claims: list[ClaimRow]) -> ClaimRow:
    """A party's figure on a day: the value most of its claims give that day, then the larger one."""
    counts: dict[tuple[float | None, float | None, str], list[ClaimRow]] = defaultdict(list)
    for c in claims:
        counts[(c.low, c.high, c.hedge)].append(c)
    key = max(counts, key=lambda k: (len(counts[k]), point_value(*k) or 0.0, k[2]))
    return counts[key][0]


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()

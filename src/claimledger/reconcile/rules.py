"""The few numbers and rules reconciliation runs on, kept in one place so docs/reconcile.md can quote them.

A claim's value is an interval, never a point: a hedge says how much the
speaker committed to. Two claims "cannot both hold" only when their intervals,
widened by a tolerance for rounding and counting lag, do not meet. The rules
look at the figure, the hedge and the date only: no party is ranked,
trusted or discounted anywhere in this package.
"""

from __future__ import annotations

import math
from datetime import date

from ..event_kinds import events_counted
from ..values import LOWER_BOUND, UPPER_BOUND

INF = math.inf

#: Tolerance around an exact figure or an open bound: none. Two exact figures that differ by one
#: cannot both hold (the guide a fact-checker works to); "about" carries the slack a speaker allows.
EXACT_REL = 0.0
#: Relative tolerance around "about", "around", "some", "nearly" figures.
ABOUT_REL = 0.10
#: Smallest absolute tolerance, by unit: one person/item, or half a percentage point.
MIN_ABS = {"count": 1.0, "percent": 0.5}
#: "about" figures in percent get at least this many percentage points.
ABOUT_MIN_PCT = 2.0

#: Events whose since-a-date totals can only grow: a toll of killed people never goes down,
#: nor does a count of people detained/taken/displaced *since* a date (releases and returns
#: lower a stock, not a running total). Only measures with a ``period_start`` are cumulative.
#: From the event table (``counted: running_total`` in data/events.json).
CUMULATIVE_EVENTS = events_counted("running_total")
#: Events counted per occasion (a night's drones, a day's strikes): only same-day claims compare.
PER_OCCASION_EVENTS = events_counted("per_occasion")
#: Events that measure a level (a force's size): never a running total, whatever start they name.
LEVEL_EVENTS = events_counted("level")
#: Claims of two parties are "at the same time" when their dates are at most this many days apart.
WINDOW_DAYS = 7
#: At most this many later statements are compared with each statement (caps work on huge measures).
PAIR_CAP = 64
#: two figures of one measure more than a hundredfold apart are not two readings of one count but a
#: misread one (an event, a population, a unit: "17.1 million do not have enough to eat" read as killed);
#: such a pair raises no contradiction (the widest gap in any set's gold contradictions is ~24-fold)
MISREAD_GAP = 99.0

OPEN_LOW = LOWER_BOUND  # hedges whose figure is a lower bound: [low, ∞)
OPEN_HIGH = UPPER_BOUND  # and an upper bound: [0, high]


def is_cumulative(event: str, period_start: str | None) -> bool:
    """True for a running total since a date: it may only go up over time.

    The GUIDE's running total "counts events since a start date": occasions counted since a start
    ("ships struck since the blockade began", "weapons handed in since May") add up like a toll, so
    any event counted since a start is one, except a level (a force's size), which can shrink.
    ``period_start`` is set only on measures the ledger keys as counted since a start.
    """
    return period_start is not None and event not in LEVEL_EVENTS


def window_days(event: str, period_start: str | None = None, unit: str = "count") -> int:
    """How far apart two parties' claims may be dated and still be compared.

    Occasions (a night's drones) compare only on the same day, since the claim does not say which
    night; occasions counted since a start are a running total, compared over the window. A share
    (a per cent of the occasions: "94 per cent of the drones were stopped") counts no night of its
    own: it is a rate of them all, so two parties' shares compare over the window like any level.
    """
    if event in PER_OCCASION_EVENTS and unit != "percent" and not is_cumulative(event, period_start):
        return 0
    return WINDOW_DAYS


def _tol(v: float, rel: float, unit: str) -> float:
    if rel == 0.0:
        return 0.0
    return max(abs(v) * rel, MIN_ABS.get(unit, 1.0))


def interval(low: float | None, high: float | None, hedge: str, unit: str) -> tuple[float, float] | None:
    """The widened interval a claim commits to, or None when it carries no value.

    exact → the value itself; about → value ± max(10 %, 1 unit; 2 points for
    percent); more_than/at_least → [low, ∞); less_than/at_most/up_to → [0, high];
    range → [low, high]; vague → its fixed range as given (already wide).
    """
    if low is None and high is None:
        return None
    if hedge in OPEN_LOW:
        v = low if low is not None else high
        assert v is not None
        return (v - _tol(v, EXACT_REL, unit), INF)
    if hedge in OPEN_HIGH:
        v = high if high is not None else low
        assert v is not None
        return (0.0, v + _tol(v, EXACT_REL, unit))
    if hedge == "vague":
        return (low if low is not None else 0.0, high if high is not None else INF)
    lo = low if low is not None else high
    hi = high if high is not None else low
    assert lo is not None and hi is not None
    if hedge == "about":
        t_lo = max(_tol(lo, ABOUT_REL, unit), ABOUT_MIN_PCT if unit == "percent" else 0.0)
        t_hi = max(_tol(hi, ABOUT_REL, unit), ABOUT_MIN_PCT if unit == "percent" else 0.0)
    else:
        t_lo, t_hi = _tol(lo, EXACT_REL, unit), _tol(hi, EXACT_REL, unit)
    return (max(lo - t_lo, 0.0), hi + t_hi)


def point_value(low: float | None, high: float | None, hedge: str) -> float | None:
    """One number standing for a claim in estimates: the figure, a range's midpoint, an open bound."""
    if low is None and high is None:
        return None
    if hedge in OPEN_HIGH:
        return high if high is not None else low
    if hedge in OPEN_LOW or high is None:
        return low
    if low is None:
        return high
    return (low + high) / 2.0


def lower_bound(low: float | None, high: float | None, hedge: str) -> float | None:
    """What the claim commits to at least (0 for 'fewer than X')."""
    if low is None and high is None:
        return None
    if hedge in OPEN_HIGH:
        return 0.0
    return low if low is not None else high


def upper_bound(low: float | None, high: float | None, hedge: str) -> float | None:
    """What the claim commits to at most (None for 'more than X')."""
    if low is None and high is None:
        return None
    if hedge in OPEN_LOW:
        return None
    return high if high is not None else low


DAY_CACHE: dict[str | None, int | None] = {}


def day_number(iso: str | None) -> int | None:
    """ISO date (or datetime) to a day ordinal; None for missing or unparseable dates. Cached."""
    if iso is None:
        return None
    try:
        return DAY_CACHE[iso]
    except KeyError:
        pass
    try:
        d: int | None = date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        d = None
    if len(DAY_CACHE) < 200_000:
        DAY_CACHE[iso] = d
    return d

"""A measure's values over time as inline SVG, drawn on the server.

No chart library and no CDN: the page must work offline and under a strict
Content-Security-Policy, so the chart is plain SVG built here, with colours
as presentation attributes (not ``style``) and every label escaped. Ranges
are drawn as vertical bars, single values as dots, one line per source.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from ..values import LOWER_BOUND, UPPER_BOUND, format_value
from .render import visible_plain

__all__ = ["PALETTE", "Point", "series_colour", "svg_chart"]

# Okabe–Ito plus a few: distinguishable for most colour-blind readers.
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#7f3c8d",
    "#3b3b3b",
    "#a6761d",
    "#1b9e77",
    "#e7298a",
    "#66a61e",
)
OTHER = "#9a9a9a"
OTHER_SERIES = "(other sources)"
W, H = 640, 300
ML, MR, MT, MB = 56, 44, 12, 36


@dataclass(slots=True)
class Point:
    """One claim on the chart: when, how much, by whom, and where it links to."""

    day: str
    low: float
    high: float
    series: str
    href: str
    label: str | None = None  # None: say the value, source and day
    hedge: str | None = None
    unit: str | None = None
    n: int = 1  # claims this mark stands for

    def text(self) -> str:
        if self.label is not None:
            return self.label
        value = format_value(self.low, self.high, self.hedge, self.unit)
        return f"{value} — {self.series}, {self.day[:10]}"


def _ordinal(day: str) -> int | None:
    s = day[:10]
    try:
        return date.fromisoformat(s if len(s) == 10 else (s + "-01-01")[:10]).toordinal()
    except ValueError:
        return None


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(math.ceil(top / step) + 1)]


def _fmt(v: float) -> str:
    if v >= 1_000_000:
        return f"{v / 1_000_000:g}M"
    if v >= 10_000:
        return f"{v / 1000:g}k"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:g}"


def series_colour(index: int) -> str:
    return PALETTE[index] if index < len(PALETTE) else OTHER


def _bucket(placed: list[tuple[int, Point]], named: Sequence[str], marks: int) -> list[tuple[int, Point]]:
    """Fewer marks for big measures: per source (sources past the legend merged) and time window,
    one mark spanning the window's values, linked to its newest claim."""
    first, last = min(o for o, _ in placed), max(o for o, _ in placed)
    keep = set(named)
    per_series = max(1, marks // (len(keep) + 1))
    width = max(1, -(-(last - first + 1) // per_series))
    groups: dict[tuple[str, int], list[tuple[int, Point]]] = {}
    for o, p in placed:
        series = p.series if p.series in keep else OTHER_SERIES
        groups.setdefault((series, (o - first) // width), []).append((o, p))
    out = []
    for (series, _), members in groups.items():
        o, newest = max(members, key=lambda t: t[0])
        if len(members) == 1 and series == newest.series:
            out.append((o, newest))
            continue
        lo, hi = min(p.low for _, p in members), max(p.high for _, p in members)
        span = f"{_fmt(lo)}–{_fmt(hi)}" if hi > lo else _fmt(lo)
        label = f"{len(members)} claims, {span} — {series}, to {newest.day[:10]}"
        out.append((o, Point(newest.day, lo, hi, series, newest.href, label)))
    return out


_UP = LOWER_BOUND  # drawn as an arrow up
_DOWN = UPPER_BOUND  # and down
LOG_RATIO = 100.0  # highest / lowest positive value from which the scale is logarithmic


def _log_ticks(lo: float, hi: float) -> list[float]:
    """Ticks of a log axis from the decade below ``lo`` to the decade above ``hi`` (with 2 and 5 when few)."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    last = max(last, first + 1)
    steps = (1, 2, 5) if last - first <= 2 else (1,)
    return [m * 10.0**e for e in range(first, last + 1) for m in steps if m * 10.0**e <= 10.0**last]


def svg_chart(
    points: Sequence[Point], series_order: Sequence[str], title: str, *, bucket_over: int = 400
) -> Markup:
    """SVG of ``points``; series are coloured in ``series_order`` (the legend's order).

    Hedges are drawn, not hidden: "more than"/"at least" as an arrow up from the
    figure, "less than"/"up to" as an arrow down, a range as a bar, a vague
    figure as a pale band, an exact one as a dot ("about" as a ring). When the
    values span two orders of magnitude or more the value axis is logarithmic
    (and says so). A single value is not charted. Past ``bucket_over`` points,
    claims of one source in one time window share a mark (their range), so a
    measure with thousands of claims stays a small page.
    """
    placed = [(o, p) for p in points if (o := _ordinal(p.day)) is not None]
    if len(placed) == 1:
        return Markup(
            f'<p class="empty single">One dated value ({escape(visible_plain(placed[0][1].text()))}): '
            "nothing to chart yet.</p>"
        )
    if len(placed) > bucket_over:
        placed = _bucket(placed, series_order, bucket_over)
    if not placed:
        return Markup('<p class="empty">No dated values to chart.</p>')
    x0 = min(o for o, _ in placed)
    x1 = max(o for o, _ in placed)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    pad = max(1, round((x1 - x0) * 0.03))  # keep dots off the axes
    x0, x1 = x0 - pad, x1 + pad
    pw, ph = W - ML - MR, H - MT - MB
    positive = [v for _, p in placed for v in (p.low, p.high) if v > 0]
    top = max(p.high for _, p in placed)
    log = bool(positive) and max(positive) / min(positive) >= LOG_RATIO
    if log:
        lo_v, hi_v = min(positive), max(positive)
        ticks = _log_ticks(lo_v, hi_v)
        l0, l1 = math.log10(ticks[0]), math.log10(ticks[-1])

        def sy(v: float) -> float:
            if v <= 0:
                return MT + ph
            return MT + ph - (math.log10(v) - l0) / (l1 - l0) * ph

    else:
        ticks = _nice_ticks(top * 1.05)
        ytop = ticks[-1] or 1.0

        def sy(v: float) -> float:
            return MT + ph - v / ytop * ph

    def sx(o: int) -> float:
        return ML + (o - x0) / (x1 - x0) * pw

    colour = {s: series_colour(i) for i, s in enumerate(series_order)}
    out = [
        f'<svg class="chart{" log" if log else ""}" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(visible_plain(title))}{" (logarithmic scale)" if log else ""}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for t in ticks:
        y = sy(t)
        out.append(f'<line x1="{ML}" x2="{W - MR}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{ML - 6}" y="{y + 4:.1f}" text-anchor="end" class="ax">{_fmt(t)}</text>')
    if log:
        note = f'x="{W - MR}" y="{MT + ph - 6}" text-anchor="end"'
        out.append(f'<text {note} class="ax scale">log scale</text>')
    for i in range(5):
        o = round(x0 + (x1 - x0) * i / 4)
        x = sx(o)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{MT + ph}" y2="{MT + ph + 4}" stroke="#888"/>')
        out.append(
            f'<text x="{x:.1f}" y="{H - 14}" text-anchor="middle" class="ax">'
            f"{date.fromordinal(o).isoformat()}</text>"
        )
    out.append(f'<line x1="{ML}" x2="{W - MR}" y1="{MT + ph}" y2="{MT + ph}" stroke="#888"/>')
    by_series: dict[str, list[tuple[int, Point]]] = {}
    for o, p in sorted(placed, key=lambda t: t[0]):
        by_series.setdefault(p.series, []).append((o, p))
    for name, pts in by_series.items():
        c = colour.get(name, OTHER)
        if len(pts) > 1:
            path = " ".join(f"{sx(o):.1f},{sy(_mid(p)):.1f}" for o, p in pts)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="1.5" '
                'stroke-opacity="0.7"/>'
            )
        for o, p in pts:
            out.append(f'<a href="{escape(p.href)}"><title>{escape(visible_plain(p.text()))}</title>')
            out.append(_mark(sx(o), p, sy, c))
            out.append("</a>")
    out.append("</svg>")
    return Markup("".join(out))


def _mid(p: Point) -> float:
    return (p.low + p.high) / 2 if p.low > 0 or p.high <= 0 else p.high


def _mark(x: float, p: Point, sy: Callable[[float], float], c: str) -> str:
    """One claim's mark: its hedge drawn (arrow, bar, band, dot or ring)."""
    y_lo, y_hi = sy(p.low), sy(p.high)
    if p.hedge == "vague":
        top, h = min(y_lo, y_hi) - 3, abs(y_lo - y_hi) + 6
        return (
            f'<rect class="m-vague" x="{x - 7:.1f}" y="{top:.1f}" width="14" height="{h:.1f}" rx="3" '
            f'fill="{c}" fill-opacity="0.22" stroke="{c}" stroke-opacity="0.5"/>'
        )
    if p.high > p.low:
        return (
            f'<line class="m-range" x1="{x:.1f}" x2="{x:.1f}" y1="{y_lo:.1f}" y2="{y_hi:.1f}" '
            f'stroke="{c}" stroke-width="4" stroke-linecap="round"/>'
        )
    y = y_lo
    if p.hedge in _UP or p.hedge in _DOWN:
        d = -1 if p.hedge in _UP else 1
        tip = y + d * 18
        return (
            f'<g class="m-{"up" if d < 0 else "down"}"><circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{c}"/>'
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y:.1f}" y2="{tip:.1f}" stroke="{c}" stroke-width="2"/>'
            f'<path d="M{x - 4.5:.1f},{tip - d:.1f} L{x:.1f},{tip + d * 5:.1f} '
            f'L{x + 4.5:.1f},{tip - d:.1f} Z" '
            f'fill="{c}"/></g>'
        )
    if p.hedge == "about":
        return (
            f'<circle class="m-about" cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{c}" '
            'stroke-width="2"/>'
        )
    return f'<circle class="m-exact" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{c}"/>'

"""Over what period, read from the ledger as a whole: a war-start registry per theatre, and a
figure's period kind read from its value beside the theatre's other figures.

One article often cannot say over what period its figure counts: "since October 14" is the war's
start only if some report says the war began then; a daily bulletin's sentence that also carries
the running total ("... 61 killed in the past 24 hours; 21,320 since the war began") or a story
about one strike that repeats the war's toll reads, to a sentence-level reader, as a day's or an
incident's count. The ledger, holding every report of a theatre, can tell. Two passes, each with
the shape of ``measures.settle_measures``' other passes (select, compute a target, move claims;
a person-made measure is never moved):

- ``settle_war_starts``: the theatre's war start is the start its reports give the war in words
  (``context_facts`` ``war_start``, through ``doc_context.war_start_of``) or, where none does, the
  one dated start the theatre's running totals are counted from: the earliest day start (not a
  month's first, not a known phase such as a ground operation) written by two or more documents
  for two or more things counted (or for one, whose "since the war began" figures lie in the range
  of its figures since the day: one series told two ways), whose figures are in line with the
  theatre's "since the war began" series (never clearly below it for most of them: a later start's
  count is smaller). A running total of a placed count since that day, or since its month, joins the
  same count "since the war began" (an inferred start only joins: alone, a count keeps the day its
  reports give), and so does an unplaced one (a side's losses) since that day;
- ``settle_running_values``: a figure keyed as one incident or a short window (a day, a week) that
  is far larger than every incident or window count of its theatre and event, and lies inside the
  range of the theatre's running total of the same count, is that running total, whatever its
  sentence seemed to say.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from statistics import median
from typing import Any, Protocol

from .doc_context import PHASE_NAMES, STORY_START, alternation, war_start_of


class _Row(Protocol):
    """A measure row as the settle passes read it (``measures._Row``). The passes get the readers and
    the mover from ``measures.settle_measures`` (``Rows``, ``Move``, ``KeyId``) instead of importing
    ``measures``, which imports this module: no import cycle (``lint-imports``)."""

    @property
    def id(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def place(self) -> str | None: ...
    @property
    def period_start(self) -> str | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def affiliation(self) -> str | None: ...
    @property
    def period_kind(self) -> str | None: ...
    @property
    def period_end(self) -> str | None: ...
    @property
    def computed(self) -> bool: ...
    def key(self, **change: str | None) -> Any: ...


#: ``measures._rows``: the measures matching a WHERE clause that hold claims
Rows = Callable[[sqlite3.Connection, str], Sequence[_Row]]
#: ``measures._move``: move a row's claims to a key or a row, never a person-made measure's
Move = Callable[[sqlite3.Connection, Any, Any], int]
#: a measure key's id from its fields and a window's length in days (``measures.MeasureKey(...).id``)
KeyId = Callable[..., str]

#: documents that must write a start before the ledger takes it for the war's (one report's start
#: may be its own reset; two outlets counting from one day is a war's calendar)
START_DOCUMENTS = 2

#: ... and for two or more things counted (killed and injured, people and children): a start only one
#: count runs from is that count's own (a displacement office's registration, a campaign's strikes),
#: unless that count's "since the war began" figures continue its series (``_one_series``)
START_COUNTS = 2

#: a figure read as a start's count is "clearly below" the war's series when under this share of the
#: war's highest figure given on or before its day
BELOW_WAR = 0.5

#: a figure is a running total by its value when it is at least this many times every incident or
#: short-window count of its theatre and event ...
FAR_LARGER = 10

#: ... at least this large (a few dozen dead fit an incident and a series alike) ...
RUNNING_FLOOR = 100

#: ... and inside the theatre's running series: from half its lowest figure to this many times its
#: highest (values more than ``OUTLIER`` times above or below the series' median are misreadings, left out)
SERIES_ABOVE = 1.5
OUTLIER = 20

#: what a running total counts here (captives and detainees are stocks: they fall on release)
_EVENTS = ("killed", "injured", "displaced", "missing", "destroyed")

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: a year's first day: the start of a count of the year to date
_YEAR_FIRST = re.compile(r"^\d{4}-01-01$")


def _theatre_of(place: str | None, parents: dict[str, str]) -> str | None:
    """The top of ``place``'s chain of parents the ledger knows (a city's country), case-folded."""
    if place is None:
        return None
    here, seen = place.casefold(), set()
    while here in parents and here not in seen:
        seen.add(here)
        here = parents[here]
    return here


def _parents(conn: sqlite3.Connection) -> dict[str, str]:
    rows = conn.execute("SELECT key, value FROM context_facts WHERE kind = 'parent' ORDER BY rowid")
    out: dict[str, str] = {}
    for k, v in rows:
        out.setdefault(str(k).casefold(), str(v).casefold())
    return out


def year_start_reader(conn: sqlite3.Connection) -> Callable[[str, str | None], bool]:
    """Whether a year's first day ("since January", "since 1 January", "so far this year") keeps its own
    start: a placed count whose theatre (a place's top by its parents, or the country a city is filed
    under) had no war the reports date begun in that January counts the year to date, never another
    theatre's war begun that month. A count with no place, or a ledger that dates no war, reads as before."""
    chain = _parents(conn)
    for k, v in conn.execute("SELECT key, value FROM context_facts WHERE kind = 'filed' ORDER BY rowid"):
        chain.setdefault(str(k).casefold(), str(v).casefold())
    months: dict[str, set[str]] = defaultdict(set)
    for k, v in conn.execute("SELECT key, value FROM context_facts WHERE kind = 'war_start'"):
        where, bar, _name = str(k).partition("|")
        if bar and _ISO_DAY.match(str(v)):
            months[_theatre_of(where, chain) or where.casefold()].add(str(v)[:7])

    def stays(start: str, place: str | None) -> bool:
        if not months or place is None or not _YEAR_FIRST.match(start):
            return False
        return start[:7] not in months.get(_theatre_of(place, chain) or "", set())

    return stays


def war_start_registry(conn: sqlite3.Connection) -> dict[str, str]:
    """Each theatre's war start (theatre, case-folded -> ISO day), from what the ledger holds.

    A start the reports give the war in words wins; else the start inferred from the theatre's
    running totals (module docstring). Theatres with neither are absent."""
    parents = _parents(conn)
    named: dict[str, dict[str, str]] = defaultdict(dict)
    phases: dict[str, set[str]] = defaultdict(set)
    for k, v in conn.execute("SELECT key, value FROM context_facts WHERE kind = 'war_start' ORDER BY rowid"):
        where, bar, name = str(k).partition("|")
        if not bar:
            continue
        theatre = _theatre_of(where, parents) or where
        named[theatre].setdefault(name, str(v))
        if set(name.split()) & PHASE_NAMES:
            phases[theatre].add(str(v))
    registry = {t: d for t, starts in named.items() if (d := war_start_of(starts))}
    # the running totals counted from a day: few in any ledger, so their claims are read first; the war's
    # series (every "since the war began" claim) is read only for the theatres where one of these days
    # could be the war's start (a call to make), never for the whole ledger
    dated = _placed_totals(conn, "m.period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")
    writers: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], set[tuple[object, ...]]] = defaultdict(set)  # what each start counts
    for theatre, count, start, doc, _value, _day in _claims_by_theatre(conn, dated, parents):
        writers[(theatre, start)].add(doc)
        counts[(theatre, start)].add(count[1:3])
    candidates: dict[str, list[str]] = defaultdict(list)
    for (theatre, start), docs in writers.items():
        if theatre in registry or len(docs) < START_DOCUMENTS or not _ISO_DAY.match(start):
            continue
        if start.endswith("-01") or start in phases[theatre]:
            continue  # a month's or a year's first day is a calendar's start; a phase is never the war's
        candidates[theatre].append(start)
    if not candidates:
        return registry
    war = [
        r for r in _placed_totals(conn, "m.period_start = 'war'") if _theatre_of(r[4], parents) in candidates
    ]
    Series = dict[str, list[tuple[str, float]]]  # start -> (day, value) of a count's claims
    series: dict[tuple[object, ...], Series] = defaultdict(lambda: defaultdict(list))
    for theatre, count, start, _doc, value, day in _claims_by_theatre(conn, [*dated, *war], parents):
        if theatre in candidates and value is not None and day:
            series[count][start].append((str(day)[:10], value))
    for theatre, starts in candidates.items():
        start = min(starts)
        if not any(k[0] == theatre and "war" in by_start for k, by_start in series.items()):
            continue  # nothing counts "since the war began" here: no call to make
        if not all(_in_line(by_start.get(start, []), by_start.get("war", []))
                   for k, by_start in series.items() if k[0] == theatre):
            continue
        if len(counts[(theatre, start)]) < START_COUNTS and not _one_series(
            [by_start for k, by_start in series.items() if k[0] == theatre and start in by_start], start
        ):
            continue  # one count's own start (a registration drive, a siege's toll), not the war's calendar
        registry[theatre] = start
    return registry


def _one_series(by_starts: list[dict[str, list[tuple[str, float]]]], start: str) -> bool:
    """Whether the one count a start is written for is the war's own series told from its first day: the
    count also has a "since the war began" series, and every figure of it lies in the range the start's
    figures span (``_band``), so the two continue one series (a registration drive's 46,000 beside the
    war's 390,000 displaced is its own count)."""
    told = [by_start for by_start in by_starts if by_start.get("war")]
    if not told:
        return False
    for by_start in told:
        band = _band([v for _d, v in by_start[start]])
        if band is None or not all(band[0] <= v <= band[1] for _d, v in by_start["war"]):
            return False
    return True


#: a placed running-total measure: (id, event, subject, affiliation, place, unit, period_start)
_Total = tuple[str, str, str | None, str | None, str, str, str]


def _placed_totals(conn: sqlite3.Connection, start_is: str) -> list[_Total]:
    """The placed running-total measures whose start matches ``start_is`` (an SQL condition on ``m``)."""
    return conn.execute(
        "SELECT m.id, m.event, m.subject, m.affiliation, m.place, m.unit, m.period_start FROM measures m "
        f"WHERE m.period_kind = 'cumulative' AND m.place IS NOT NULL AND {start_is}"
    ).fetchall()


#: at most this many measure ids in one ``IN (...)`` (SQLite's bound-variable limit is far above)
_CHUNK = 500

#: one claim of a running total: (theatre, count, start, document, value, day)
_TotalClaim = tuple[str, tuple[object, ...], str, str, float | None, str | None]


def _claims_by_theatre(
    conn: sqlite3.Connection, totals: Sequence[_Total], parents: dict[str, str]
) -> list[_TotalClaim]:
    """(theatre, count, start, document, value, day) for every claim of ``totals``; the count is (theatre,
    event, subject, affiliation, place, unit), the value the lower bound, else the upper."""
    by_id = {t[0]: t for t in totals}
    ids = list(by_id)
    out: list[_TotalClaim] = []
    for i in range(0, len(ids), _CHUNK):
        part = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(part))
        for mid, doc, low, high, day in conn.execute(
            "SELECT c.measure_id, c.document_id, c.low, c.high, COALESCE(c.as_of, d.published) FROM claims c "
            f"JOIN documents d ON d.id = c.document_id WHERE c.measure_id IN ({marks})",
            part,
        ):
            _id, event, subject, aff, place, unit, start = by_id[mid]
            theatre = _theatre_of(place, parents)
            if theatre is None:
                continue
            count: tuple[object, ...] = (theatre, event, subject, aff, str(place).casefold(), unit)
            out.append((theatre, count, str(start), str(doc), low if low is not None else high, day))
    return out


def _in_line(since: list[tuple[str, float]], war: list[tuple[str, float]]) -> bool:
    """A start's figures are not clearly below the war's series: no more than half of those with a war
    figure given on or before their day are under ``BELOW_WAR`` of the war's highest such figure (a later
    start's count is smaller than the war's all along; one low figure is a part misread as the whole, or a
    war figure whose day is misread, and decides nothing)."""
    below = told = 0
    for day, value in since:
        before = [v for d, v in war if d <= day]
        if before:
            told += 1
            below += value < BELOW_WAR * max(before)
    return 2 * below <= told


def settle_war_starts(conn: sqlite3.Connection, rows_of: Rows, move: Move) -> int:
    """Running totals counted from their theatre's war start (``war_start_registry``), or from its month,
    join the same count "since the war began" in that theatre (by the place's chain of parents). A start
    the ledger inferred only joins: a count with no such running total beside it keeps the day its
    reports give. A count with no place (a side's losses, a figure no place was read for) counted from a
    day that is one theatre's war start and no other's is counted since that war began, when the ledger
    holds the same count since the war began (with no place, or in that theatre). Returns the claims moved."""
    where = (
        "period_kind = 'cumulative' AND place IS NOT NULL "
        "AND period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    )
    dated = rows_of(conn, where)
    # a move needs a dated running total and a placed "since the war began" one holding claims: without
    # both, the registry (which reads every running-total claim) is not worth building
    war_totals = "period_kind = 'cumulative' AND place IS NOT NULL AND period_start = 'war'"
    if not dated or not rows_of(conn, war_totals):
        return 0
    registry = war_start_registry(conn)
    if not registry:
        return 0
    parents = _parents(conn)
    moved = 0
    for row in dated:
        start = row.period_start or ""
        war = registry.get(_theatre_of(row.place, parents) or "") or ""
        # the day, or a start written to the war's month ("since October" for 14 October)
        if not war or not (start == war or (start.endswith("-01") and start[:7] == war[:7])):
            continue
        target = row.key(period_start="war")
        if not _holds(conn, target.id) or not row.computed:
            continue
        # a figure far below the war's figures given on or before its day (``_in_line``) is no count of
        # the war's (a village's toll, a part, an interval's figure misdated): it keeps its start
        series = [(d, v) for _cid, v, d in _values(conn, target.id)]
        low = [cid for cid, v, d in _values(conn, row.id) if not _in_line([(d, v)], series)]
        if not low:
            moved += move(conn, row, target)
            continue
        marks = ", ".join("?" * len(low))
        moved += conn.execute(
            f"UPDATE claims SET measure_id = ? WHERE measure_id = ? AND id NOT IN ({marks})",
            (target.id, row.id, *low),
        ).rowcount
    return moved + _settle_unplaced_war_starts(conn, rows_of, move, registry, parents)


def _settle_unplaced_war_starts(
    conn: sqlite3.Connection, rows_of: Rows, move: Move, registry: dict[str, str], parents: dict[str, str]
) -> int:
    """An unplaced running total counted from a day that is a war's start in the registry (never a
    month's first: many calendars share it) joins its count since the war began: the unplaced one, else
    that count placed in a theatre whose war began that day (``settle_unread`` then joins the two), unless
    the same count placed somewhere is still counted from that day, or its figures are clearly below that
    count's war series (``_in_line``) or all ceilings ("fewer than 6,000": no figure to read). Two
    theatres whose wars began the same day are two sides of one war: the day is the war's in both."""
    theatres: dict[str, set[str]] = defaultdict(set)
    for theatre, day in registry.items():
        if _ISO_DAY.match(day) and not day.endswith("-01"):
            theatres[day].add(theatre)
    if not theatres:
        return 0
    marks = ", ".join(f"'{d}'" for d in sorted(theatres))
    unplaced = rows_of(conn, f"period_kind = 'cumulative' AND place IS NULL AND period_start IN ({marks})")
    if not unplaced:
        return 0
    placed_war: dict[tuple[object, ...], list[_Row]] = defaultdict(list)
    for r in rows_of(conn, "period_kind = 'cumulative' AND place IS NOT NULL AND period_start = 'war'"):
        placed_war[_what(r)].append(r)
    # a placed count still counted from the day (its theatre's own start, or one with no war series) is
    # what an unplaced one since that day joins (``settle_unread``), never a war the ledger keeps elsewhere
    dated = f"period_kind = 'cumulative' AND place IS NOT NULL AND period_start IN ({marks})"
    still = {(*_what(r), r.period_start) for r in rows_of(conn, dated)}
    moved = 0
    for row in unplaced:
        if (*_what(row), row.period_start) in still:
            continue
        where = theatres[str(row.period_start)]
        target = row.key(period_start="war")
        wars = [target.id] if _holds(conn, target.id) else [
            r.id for r in placed_war.get(_what(row), []) if _theatre_of(r.place, parents) in where
        ]
        war = [(d, v) for mid in wars for _cid, v, d in _values(conn, mid)]
        # its figures must not be clearly below the war's (a phase's count misread as the war's is); a
        # figure given only as a ceiling ("fewer than 6,000") may be any lower figure: it shows nothing
        floors = [
            (str(d or "")[:10], float(low)) for low, d in conn.execute(
                "SELECT c.low, COALESCE(c.as_of, d.published) FROM claims c JOIN documents d "
                "ON d.id = c.document_id WHERE c.measure_id = ? AND c.low IS NOT NULL", (row.id,)
            )
        ]
        if war and floors and _in_line(floors, war):
            moved += move(conn, row, target)
    return moved


def _what(row: _Row) -> tuple[object, ...]:
    """What a measure counts, apart from its place and period: event, what, whose, unit."""
    return (row.event, row.subject, row.affiliation, row.unit)


def settle_running_values(conn: sqlite3.Connection, rows_of: Rows, key_id: KeyId) -> int:
    """A figure keyed as one incident or a short window that is far larger than every incident or
    window count of its count (event, what, whose, place) and inside that count's running series
    joins the running total (the series' measure with the most claims whose range holds it; a tie
    leaves it). Moves single claims; a person-made measure's claims stay. Returns the claims moved."""
    events = ", ".join(f"'{e}'" for e in _EVENTS)
    rows = rows_of(
        conn,
        f"unit = 'count' AND event IN ({events}) AND (period_kind IN ('incident', 'cumulative') "
        "OR (period_kind = 'window' AND period_start IS NULL))",
    )
    groups: dict[tuple[object, ...], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[(row.event, row.subject, row.affiliation, (row.place or "").casefold())].append(row)
    moved = 0
    for members in groups.values():
        running = [r for r in members if r.period_kind == "cumulative"]
        short = [r for r in members if r.period_kind != "cumulative"]
        if not running or not short:
            continue
        values = {r.id: _values(conn, r.id) for r in members}
        bands = {r.id: _band([v for _cid, v, _d in values[r.id]]) for r in running}
        whole = _band([v for r in running for _cid, v, _d in values[r.id]])
        if whole is None:
            continue
        lo, hi = whole
        # every incident or window count of the theatre that could not be the running total itself
        small = [v for r in short for _cid, v, _d in values[r.id] if v < RUNNING_FLOOR or not lo <= v <= hi]
        n_series = sum(len(values[r.id]) for r in running)
        for r in short:
            if not _computed(r, key_id):
                continue
            for cid, v, _d in values[r.id]:
                if v < RUNNING_FLOOR or not lo <= v <= hi:
                    continue
                if small and v < FAR_LARGER * max(small):
                    continue
                if not small and n_series < 3:
                    continue  # no small count beside it and no real series: nothing to read it against
                fits = [t for t in running if (b := bands[t.id]) and b[0] <= v <= b[1]]
                if not fits:
                    continue
                fits.sort(key=lambda t: -len(values[t.id]))
                if len(fits) > 1 and len(values[fits[0].id]) == len(values[fits[1].id]):
                    continue
                moved += conn.execute(
                    "UPDATE claims SET measure_id = ? WHERE id = ?", (fits[0].id, cid)
                ).rowcount
    return moved


#: words that write a start in a figure's sentence ("since", "so far", "the war", "the offensive began"):
#: a running total keyed "since the war began" whose sentences have none was only given the default start
_START_WRITTEN = re.compile(
    rf"\b(?:since|so[ ]far|to[ ]date|began|begun|started|{alternation('war_nouns')}"
    rf"|{alternation('start_nouns')})\b",
    re.IGNORECASE,
)

#: a running series must hold this many figures before a figure with no written start is read against it
UNSTATED_SERIES = 2


def _count_of(row: _Row) -> tuple[object, ...]:
    """What a measure counts, apart from its period: event, what, whose, place, unit. The settle passes
    move claims only between measures of one count."""
    return (row.event, row.subject, row.affiliation, row.place, row.unit)


def _by_count(rows: Sequence[_Row]) -> dict[tuple[object, ...], list[_Row]]:
    """Measures grouped by the count they keep (``_count_of``)."""
    by_count: dict[tuple[object, ...], list[_Row]] = defaultdict(list)
    for row in rows:
        by_count[_count_of(row)].append(row)
    return by_count


def _dated_running_totals(conn: sqlite3.Connection, rows_of: Rows) -> dict[tuple[object, ...], list[_Row]]:
    """The placed running totals counted from a written day ("since 19 August"), by count: few in any
    ledger, so the passes that look for one read these first."""
    return _by_count(rows_of(
        conn,
        "period_kind = 'cumulative' AND place IS NOT NULL "
        "AND period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'",
    ))


def settle_unstated_starts(conn: sqlite3.Connection, rows_of: Rows, move: Move) -> int:
    """A placed running total none of whose sentences writes a start ("the council's latest count, 2,655
    civilian dead on 17 November") was keyed "since the war began" by default only. Where the same count
    (event, what, whose, place, unit) has exactly one other running total, counted from one dated day
    ("since the siege began on 19 August"), and no other, and every figure of the default lies in that
    series' range (``_band``), the default is that series. A count one of whose reports writes a start
    ("since the war began", "so far", "since the offensive") keeps it; a person-made measure neither gives
    nor takes. Returns the claims moved."""
    # the dated running totals are few in any ledger: they are read first, and the "since the war began"
    # measures only for the counts that have exactly one of them (never every running total of the ledger)
    by_count = _dated_running_totals(conn, rows_of)
    pairs: dict[str, _Row] = {}  # the war measure's id -> the one dated series of its count
    for members in by_count.values():
        if len(members) == 1 and members[0].computed:
            pairs[members[0].key(period_start="war").id] = members[0]
    if not pairs:
        return 0
    ids = sorted(pairs)
    war_rows: list[_Row] = []
    for i in range(0, len(ids), _CHUNK):
        marks = ", ".join(f"'{x}'" for x in ids[i : i + _CHUNK] if x.isalnum())
        if marks:
            war_rows.extend(rows_of(conn, f"id IN ({marks})"))
    moved = 0
    for war in war_rows:
        dated = pairs[war.id]
        if not war.computed:
            continue
        series = [v for _cid, v, _d in _values(conn, dated.id)]
        band = _band(series) if len(series) >= UNSTATED_SERIES else None
        if band is None:
            continue
        if _unstated_in_band(conn, war.id, band):
            moved += move(conn, war, dated)
    return moved


def settle_named_starts(conn: sqlite3.Connection, rows_of: Rows, move: Move) -> int:
    """A placed running total counted from a start one report names without a day ("96 had died since
    the protests began") joins the same count (event, what, whose, place, unit) counted from a day, when
    the ledger's sentences date that start ("34 deaths in the city since the protests began on 12
    November") to that day and to no other that count runs from: one start, told with or without its day.
    A count with no dated running total beside it keeps its named start; a person-made measure neither
    gives nor takes. Returns the claims moved."""
    named_rows = [
        r for r in rows_of(
            conn,
            "period_kind = 'cumulative' AND place IS NOT NULL AND period_start IS NOT NULL "
            "AND period_start NOT GLOB '[0-9]*' AND period_start != 'war'",
        )
        if r.computed and r.period_start != STORY_START
    ]
    if not named_rows:
        return 0  # most ledgers: every running total is dated or counts since the war began
    by_count = _dated_running_totals(conn, rows_of)
    # only a named total beside a dated one of its count can move: the sentences are read for those
    named_rows = [r for r in named_rows if _count_of(r) in by_count]
    if not named_rows:
        return 0
    # the days the ledger's dated running totals write each named start with ("since the protests began
    # on 12 November"), for the names such a total counts from
    names = "|".join(map(re.escape, sorted({str(r.period_start) for r in named_rows})))
    said = re.compile(rf"\bsince[ ]the[ ](?:[\w-]+[ ])?(?P<n>{names})\b", re.IGNORECASE)
    days: dict[str, set[str]] = defaultdict(set)
    for start, sentence in conn.execute(
        "SELECT m.period_start, substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) "
        "FROM measures m JOIN claims c ON c.measure_id = m.id JOIN documents d ON d.id = c.document_id "
        "WHERE m.period_kind = 'cumulative' AND m.place IS NOT NULL "
        "AND m.period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    ):
        for m in said.finditer(sentence or ""):
            days[m.group("n").casefold()].add(str(start))
    moved = 0
    for row in named_rows:
        known = days.get(str(row.period_start).casefold(), set())
        targets = [
            t for t in by_count[_count_of(row)]
            if t.period_start in known
        ]
        if len(targets) == 1 and _holds(conn, targets[0].id):
            moved += move(conn, row, targets[0])
    return moved


def _unstated_in_band(conn: sqlite3.Connection, mid: str, band: tuple[float, float]) -> bool:
    """Whether every figure of measure ``mid`` lies in ``band`` and none of their sentences writes a start
    (``_START_WRITTEN``): the test both unstated settles read a default-keyed count against a series by."""
    figures = conn.execute(
        "SELECT c.low, c.high, substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) "
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.measure_id = ?",
        (mid,),
    ).fetchall()
    return all(
        (v := low if low is not None else high) is not None and band[0] <= v <= band[1]
        and not _START_WRITTEN.search(sentence or "")
        for low, high, sentence in figures
    )


#: counts whose figure with no start written may be how many are in that state now (a stock), not a
#: running total: "about 1.2 million had been forced from their homes", "1.38 million were displaced",
#: "denied that 140 fighters had been captured there"
_UNSTATED_STOCK_EVENTS = ("displaced", "captive", "detained")


def settle_unstated_stocks(conn: sqlite3.Connection, rows_of: Rows, move: Move) -> int:
    """A placed (or a side's) displaced, captive or detained count keyed "since the war began" by default
    only (none of its sentences writes a start: "about 1.2 million had been forced from their homes",
    "1.38 million people were displaced inside Tessaly", "denied that 140 Orsan fighters had been captured")
    is the same count as the one stock of that count (event, what, whose, place, unit) the ledger holds
    ("1.31 million people are internally displaced in Tessaly", "captured 140 Orsan fighters"), when every
    figure lies in the stock's range (``_band``): one kind however the report phrased it. A count one of
    whose reports writes a start ("displaced since the war began") stays a running total; a person-made
    measure neither gives nor takes. Returns the claims moved."""
    events = ", ".join(f"'{e}'" for e in _UNSTATED_STOCK_EVENTS)
    # a count with a place, or a side's (soldiers, fighters: a side's losses and captives drop the place)
    placed = f"(place IS NOT NULL OR affiliation IS NOT NULL) AND event IN ({events})"
    by_count = _by_count(rows_of(conn, f"period_kind = 'stock' AND {placed}"))
    if not by_count:
        return 0
    totals = _by_count(rows_of(conn, f"period_kind = 'cumulative' AND period_start = 'war' AND {placed}"))
    moved = 0
    for count, members in by_count.items():
        if len(members) != 1 or not members[0].computed or count not in totals:
            continue
        stock = members[0]
        band = _band([v for _cid, v, _d in _values(conn, stock.id)])
        if band is None:
            continue
        for total in totals[count]:
            if not total.computed:
                continue
            if _holds(conn, total.id) and _unstated_in_band(conn, total.id, band):
                moved += move(conn, total, stock)
    return moved


def month_incident_claims(conn: sqlite3.Connection, mid: str, end: str, target: str) -> list[str]:
    """The claims of incident measure ``mid`` that are incident ``target``'s, an incident earlier in the
    same month at the same place, when ``mid`` is that incident told only by its month ("The worst day
    came in June, when a shell hit the bus depot in Marrick and killed 26", "the 26 victims of the depot
    strike last month"): keyed to the month's last day (``end``) because no report gives a day, every
    report came out after that day, and each claim's as-of is the month read whole (its last day, from
    its first) or unread. A claim with the month read is the incident's; one with no as-of only when its
    figure is in line with the incident's (``_band``: "more than 200", another count in the sentence,
    stays). Any claim with a day of its own makes ``mid`` a day's incident: nothing moves."""
    if not _ISO_DAY.match(end[:10]) or (date.fromisoformat(end[:10]) + timedelta(days=1)).day != 1:
        return []
    band = _band([v for _cid, v, _d in _values(conn, target)])
    out: list[str] = []
    for cid, as_of, start, published, low, high in conn.execute(
        "SELECT c.id, c.as_of, c.period_start, d.published, c.low, c.high FROM claims c "
        "JOIN documents d ON d.id = c.document_id WHERE c.measure_id = ? ORDER BY c.id", (mid,)
    ):
        if not published or str(published)[:10] <= end[:10]:
            return []  # given on the month's last day: that day's incident, not a recollection
        if as_of is not None:
            if str(as_of)[:10] != end[:10] or str(start or "") != end[:8] + "01":
                return []
            out.append(str(cid))
            continue
        value = low if low is not None else high
        if band is not None and value is not None and band[0] <= value <= band[1]:
            out.append(str(cid))
    return out


def _holds(conn: sqlite3.Connection, mid: str) -> bool:
    """Whether any claim is in measure ``mid``."""
    return conn.execute("SELECT 1 FROM claims WHERE measure_id = ? LIMIT 1", (mid,)).fetchone() is not None


def _computed(row: _Row, key_id: KeyId) -> bool:
    """Made by the rules, not by a person's merge: a window's id also hashes its length in days, which
    the measures table does not keep, so the lengths a window can have are tried."""
    if row.computed or row.period_kind != "window":
        return row.computed
    fields = (row.event, row.subject, row.place, row.period_start, row.unit, row.affiliation, row.period_kind,
              row.period_end)
    return any(key_id(*fields, period_days=days) == row.id for days in range(1, 367))


def _values(conn: sqlite3.Connection, mid: str) -> list[tuple[str, float, str]]:
    """(claim id, value, day) of a measure's claims: the lower bound, else the upper ("fewer than 2,000")."""
    out = []
    for cid, low, high, day in conn.execute(
        "SELECT c.id, c.low, c.high, COALESCE(c.as_of, d.published) FROM claims c "
        "JOIN documents d ON d.id = c.document_id WHERE c.measure_id = ? ORDER BY c.id", (mid,)
    ):
        value = low if low is not None else high
        if value is not None:
            out.append((str(cid), float(value), str(day or "")[:10]))
    return out


def _band(values: list[float]) -> tuple[float, float] | None:
    """The range a running series' figures span: half its lowest to ``SERIES_ABOVE`` times its highest,
    leaving out misreadings more than ``OUTLIER`` times above or below its median."""
    if not values:
        return None
    mid = median(values)
    kept = [v for v in values if mid / OUTLIER <= v <= OUTLIER * mid] or values
    return min(kept) / 2, max(kept) * SERIES_ABOVE


__all__ = [
    "month_incident_claims",
    "settle_named_starts",
    "settle_running_values",
    "settle_unstated_starts",
    "settle_unstated_stocks",
    "settle_war_starts",
    "war_start_registry",
    "year_start_reader",
]

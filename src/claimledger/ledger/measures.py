"""Measures: claims about the same quantity, however worded, share one ``measures`` row.

A measure is (event, population, affiliation, place, period, unit), read for each claim
with its whole article in view by ``measure_context`` (rules in ``data/measures.json``):
"more than 4,100 Brennick residents killed since March 1" and "4,020 civilians have been
killed in Brennick since March 1" count the same thing, so reconciliation can put them on
one timeline. The user's aliases file (``subjects``) names populations of its own.

Claims whose event is ``other`` get no measure unless they count a thing of their own: without
an event a population alone ("people", "children") does not say what happened to what is
counted, and grouping such figures would invent conflicts (200,000 people vs 2 people); a thing
with no class of people ("2,140 schools were closed", "1,146 security incidents") is its own
measure, never a population's; so is a count of people whose own clause says what state they are in
("52,000 people are now registered", "210,000 civilians remained trapped": ``measure_states``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from ..event_kinds import event_kinds
from ..model import Claim
from .aliases import UserAliases, bundled, ledger_aliases, user_aliases
from .doc_context import PHASE_NAMES, STORY_START, Known, place_fold, read_context, rules, war_start_of
from .measure_context import DocumentMeasures
from .measure_parts import Resolved
from .measure_period_settle import (
    month_incident_claims,
    settle_named_starts,
    settle_running_values,
    settle_unstated_starts,
    settle_unstated_stocks,
    settle_war_starts,
    year_start_reader,
)
from .measure_place_settle import settle_unplaced
from .measure_series_settle import settle_series
from .measure_side_settle import settle_split_sides
from .overrides import apply_measure_overrides

#: How a label reads per event: {s} is the subject, or None when the claim names none (the event table).
LABELS: dict[str, tuple[str, str]] = {k.name: (k.label, k.label_unstated) for k in event_kinds().values()}


@dataclass(frozen=True, slots=True, eq=False)
class SubjectVocab:
    """Subject aliases (bundled merged with the user's) and words dropped from subjects.

    Compared and hashed by identity, so normalisation results can be cached per vocabulary.
    """

    aliases: dict[str, str]
    stop: frozenset[str]
    #: the user's own subject aliases alone: they name a claim's population in the ledger's measures
    user: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, user_file: str | None = None, *, user_data: UserAliases | None = None) -> SubjectVocab:
        """Bundled data plus the user's aliases: ``user_data``, else the file (or $CLAIMLEDGER_ALIASES)."""
        data = bundled("subject_aliases")
        aliases = {k.casefold(): v for k, v in data["aliases"].items()}
        table = (user_data if user_data is not None else user_aliases(user_file))["subjects"]
        user = {k.casefold(): v for k, v in table.items()}
        aliases.update(user)
        return cls(aliases=aliases, stop=frozenset(data["stop_words"]), user=user)

    @classmethod
    def for_ledger(cls, conn: sqlite3.Connection) -> SubjectVocab:
        """The vocabulary of the ledger on ``conn``: with the aliases it recorded (see ``aliases``)."""
        return cls.load(user_data=ledger_aliases(conn))


@dataclass(frozen=True, slots=True)
class MeasureKey:
    """What a measure counts; ``id`` is a hash of the case-folded fields.

    ``subject`` is the population class ("soldiers", "children"); ``affiliation`` whose they are
    (a side key such as "veska", or "¬veska" for the other side of Veskara's), shown as
    ``affiliation_name``; ``period_kind`` is cumulative (since ``period_start``: a date, "war"
    for since the war began, or a named start), window (ending ``period_end``), incident (on
    ``period_end``), stock (on ``period_end``) or share. Keys made without a kind (before
    measures.v1) keep their old ids.
    """

    event: str
    subject: str | None
    place: str | None
    period_start: str | None
    unit: str
    affiliation: str | None = None
    period_kind: str | None = None
    period_end: str | None = None
    period_days: int | None = None
    affiliation_name: str | None = field(default=None, compare=False)
    place_name: str | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        place = place_fold(self.place or "")  # "Port-Gérard" and "Port Gerard" are one place
        parts = [self.event, self.subject or "", place, self.period_start or "", self.unit]
        if self.period_kind is not None:
            parts += [self.affiliation or "", self.period_kind, self.period_end or ""]
            parts.append(str(self.period_days or ""))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]

    @property
    def running(self) -> bool:
        """A running total: it counts since a start, so it may only go up."""
        if self.period_kind is None:
            return self.period_start is not None
        return self.period_kind == "cumulative"

    @property
    def label(self) -> str:
        """Readable name, e.g. 'civilians killed in Brennick since 2030-03-01'."""
        with_subject, without = LABELS.get(self.event, ("{s} " + self.event, self.event))
        subject = self.subject
        if subject and self.affiliation_name:
            who = self.affiliation_name
            enemy = who.startswith("enemy of")
            subject = f"{subject} ({who})" if enemy else f"{who} {subject}"
        what = with_subject.format(s=subject) if subject else without
        if self.unit == "percent":
            what = f"% of {what}"
        place = self.place_name or self.place
        if place:
            what += f" in {place}"
        kind = self.period_kind
        if kind is None:
            if self.period_start:
                what += f" since {self.period_start}"
        elif kind == "cumulative":
            what += " since the war began" if self.period_start == "war" else f" since {self.period_start}"
        elif kind == "window":
            if self.period_days == 1:
                what += f" in the 24 hours to {self.period_end}"
            elif self.period_start and len(self.period_start) == 7:
                what += f" in {self.period_start}"
            elif self.period_start and not self.period_start[:1].isdigit():
                what += f" in the {self.period_start}"  # "in the first year of the war"
            elif (
                self.period_start and self.period_end and self.period_start.endswith("-01-01")
                and self.period_end == self.period_start[:4] + "-12-31"
            ):
                what += f" in {self.period_start[:4]}"  # a calendar year ("in 2033 alone"), not 365 days
            else:
                what += f" in the {self.period_days} days to {self.period_end}"
        elif kind == "incident":
            end = self.period_end or ""
            # a disaster's toll is keyed by the disaster ("in the earthquake"), a strike's by its day
            what += f" in one incident on {end}" if end[:1].isdigit() or not end else f" in the {end}"
        elif kind == "stock":
            what += f" (at {self.period_end})" if self.period_end else " (on the day)"
        return what


def ensure_measure(conn: sqlite3.Connection, key: MeasureKey) -> str:
    """Insert the measure row if it is new; returns its id. Call inside a transaction."""
    mid = key.id
    conn.execute(
        "INSERT OR IGNORE INTO measures (id, event, subject, place, period_start, unit, label, affiliation, "
        "period_kind, period_end, running) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (mid, key.event, key.subject, key.place, key.period_start, key.unit, key.label, key.affiliation,
         key.period_kind, key.period_end, int(key.running)),
    )
    return mid


def document_measure_keys(
    text: str, published: str | None, claims: Sequence[Claim], known: Known | None = None,
    user_subjects: dict[str, str] | None = None,
) -> list[MeasureKey | None]:
    """Each claim's measure, read with its whole article in view (what ``Ledger.add`` stores).

    ``known`` holds what other articles in the ledger established (places, war starts);
    ``user_subjects`` the desk's own subject aliases.
    """
    return keys_of(DocumentMeasures(read_context(text, published, known), claims, user_subjects))


#: a figure given as a part of the one before: "including 2.6 million", "Of those, 1.8 million",
#: "among them 12,050", "760 of those deaths", "accounts for 11,300 of the deaths"; never "nine of its
#: workers", "fewer than 4,000 of its fighters": a body's own, a rival figure for the whole
_PART_BEFORE = re.compile(
    r"\b(?:including|among[ ]them|among[ ]whom|of[ ]whom|of[ ]them|of[ ]those)\b[^.;]{0,12}$", re.IGNORECASE
)
_PART_AFTER = re.compile(
    r"\s*(?:of|among)[ ](?:them|whom|those|the[ ](?:dead|deaths|killed|victims|wounded|injured|displaced))\b",
    re.IGNORECASE,
)


def keys_of(doc: DocumentMeasures) -> list[MeasureKey | None]:
    """Each claim's key in one article (``DocumentMeasures.resolve_all``), with its parts kept apart.

    A part never joins its whole: a figure the article gives as a part of the figure before it
    ("31,940 killed, among them 12,050 children", "8.9 million displaced. Of those, 1.8 million have
    crossed into neighbouring countries", "760 of those deaths") counts fewer than its whole, so when
    every field of its key came out the same as a figure's just before it (the words that make it a
    part, a place, a border crossed, a killer, were not read), it is that whole's part: its own
    measure, which the same part in other articles shares, never the whole's. The whole is any of the
    five figures before it in the article (a part may follow another part, "among them 12,050 children
    and 10,480 women"), never a headline."""
    resolved = doc.resolve_all()
    keys = [key_from_resolved(r) for r in resolved]
    text, claims = doc.text, doc.claims
    heads = doc.headlines
    for i, key in enumerate(keys):
        if key is None or i in heads or key.unit != "count" or not key.subject:
            continue
        c = claims[i]
        s0 = c.sentence_span[0]
        lead = text[max(s0 - 40, c.span[0] - 40) : c.span[0]]
        if not (_PART_BEFORE.search(lead) or _PART_AFTER.match(text, c.span[1])):
            continue
        part = c.high if c.high is not None else c.low
        wholes = [
            j for j in range(i - 1, max(-1, i - 6), -1)
            if j not in heads and keys[j] is not None and claims[j].unit == "count"
            and c.sentence_span[0] - claims[j].sentence_span[1] <= 400
            # a whole counts more than its part: "seven children" then "at least nine" of them is a
            # rival figure for the same part, not a part of it
            and part is not None and (w := claims[j].low if claims[j].low is not None else claims[j].high)
            is not None and part < w
        ]
        base, _by, who = key.subject.partition(" (by ")
        if who:
            # "state forces were responsible for 760 of those deaths": the article itself breaks its toll
            # down by who killed, so the part stays a part (settle_perpetrators joins only a "(by ...)"
            # count no report sets beside its whole)
            if replace(key, subject=base).id in {k.id for j in wholes if (k := keys[j]) is not None}:
                keys[i] = replace(key, subject=f"{base} (part by {who}")
        elif key.id in {k.id for j in wholes if (k := keys[j]) is not None}:
            keys[i] = replace(key, subject=f"{key.subject} (part)")
    return keys


def key_from_resolved(r: Resolved | None) -> MeasureKey | None:
    """The measure key of a claim resolved in its article's context (``measure_context``)."""
    if r is None or (r.event == "other" and r.population is None):
        return None
    p = r.period
    start = p.start if p.kind in ("cumulative", "window") else None
    # a stock ("1,800 missing", "31 fishermen held") is one measure over time, not one per day: the
    # comparison window (rules.WINDOW_DAYS) decides which of its days meet
    end = p.end if p.kind in ("window", "incident", "share") else None
    return MeasureKey(r.event, r.population, r.place, start, r.unit, r.affiliation, p.kind, end, p.days,
                      r.affiliation_name, r.place_name)


def refresh_claim_measure(
    conn: sqlite3.Connection, claim_id: str, vocab: SubjectVocab | None = None
) -> str | None:
    """Recompute one claim's measure from its current (possibly reviewed) values.

    For the review page: after a correction of event, subject, place, period
    or unit, call this inside the same transaction so the claim moves to the
    right measure. The claim is read again with its whole article in view, as
    ``Ledger.add`` reads it, using the reviewed values of every claim of that
    article. ``vocab`` is accepted for callers of the older, per-claim rule.
    """
    row = conn.execute("SELECT document_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if row is None:
        return None
    doc = conn.execute("SELECT text, published FROM documents WHERE id = ?", (row[0],)).fetchone()
    rows = conn.execute(
        "SELECT id, machine, event, subject, place, period_start, as_of, unit, headline FROM claims "
        "WHERE document_id = ? ORDER BY span_start, id", (row[0],)
    ).fetchall()
    claims: list[Claim] = []
    for _cid, machine, event, subject, place, period_start, as_of, unit, _head in rows:
        base = Claim.from_dict(json.loads(machine))
        claims.append(replace(base, event=event, subject=subject, place=place, period_start=period_start,
                              as_of=as_of, unit=unit))
    known = Known()
    for kind, key, value in conn.execute("SELECT kind, key, value FROM context_facts"):
        fields = {"parent": "parents", "kind": "kinds", "war_start": "war_start", "filed": "filed"}
        getattr(known, fields[kind])[key] = value
    user = (vocab or SubjectVocab.for_ledger(conn)).user
    keys = document_measure_keys(doc[0], doc[1], claims, known, user)
    key = keys[[r[0] for r in rows].index(claim_id)]
    mid = ensure_measure(conn, key) if key is not None else None
    conn.execute("UPDATE claims SET measure_id = ? WHERE id = ?", (mid, claim_id))
    if apply_measure_overrides(conn, [claim_id]):  # a person's merge or pin outranks the computed measure
        mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (claim_id,)).fetchone()[0]
    return mid


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: undated starts that are never the war's: a round-up's other story, and events that are no war
#: ("since the coup", "since the earthquake"; ``measures.json`` ``event_start_nouns``)
_OWN_STARTS = frozenset({STORY_START, *(str(w) for w in rules()["event_start_nouns"])})


class _Row(NamedTuple):
    """A measure row as the settle passes read it (a tuple: a big ledger has ~50,000 of them)."""

    id: str
    event: str
    subject: str | None
    place: str | None
    period_start: str | None
    unit: str
    affiliation: str | None
    period_kind: str | None
    period_end: str | None
    label: str

    def key(self, **change: str | None) -> MeasureKey:
        """This row's key with ``change`` applied, keeping the readable names its label holds."""
        f = {"event": self.event, "subject": self.subject, "place": self.place,
             "period_start": self.period_start, "affiliation": self.affiliation,
             "period_end": self.period_end, **change}
        aff_name, place_name = _names_from_label(self.label, self.subject, self.place)
        return MeasureKey(f["event"] or self.event, f["subject"], f["place"], f["period_start"], self.unit,
                          f["affiliation"], self.period_kind, f["period_end"], None, aff_name, place_name)

    @property
    def computed(self) -> bool:
        """Made by the rules (its id is its fields' hash), not by a person's merge or an older key."""
        key = MeasureKey(self.event, self.subject, self.place, self.period_start, self.unit, self.affiliation,
                         self.period_kind, self.period_end)
        return key.id == self.id  # the readable names are no part of the id: no label is read


_COLUMNS = "id, event, subject, place, period_start, unit, affiliation, period_kind, period_end, label"


def _rows(conn: sqlite3.Connection, where: str) -> list[_Row]:
    """The measures matching ``where`` that hold claims, in a stable order."""
    sql = (f"SELECT {_COLUMNS} FROM measures m WHERE ({where}) "
           "AND EXISTS (SELECT 1 FROM claims c WHERE c.measure_id = m.id) ORDER BY id")
    return [_Row._make(r) for r in conn.execute(sql)]


def _rows_any(conn: sqlite3.Connection, where: str) -> list[_Row]:
    """The measures matching ``where``, holding claims or not, in ``_rows``' order: for a pass that counts
    each measure's claims itself (``settle_series``), asking every measure for one claim again costs
    a lookup per measure for nothing."""
    sql = f"SELECT {_COLUMNS} FROM measures m WHERE ({where}) ORDER BY id"
    return [_Row._make(r) for r in conn.execute(sql)]


def _move(conn: sqlite3.Connection, row: _Row, target: MeasureKey | _Row) -> int:
    """Move the claims of ``row`` to ``target`` (a key, made if new, or an existing measure).

    The one guard every pass shares: a person-made or older measure (``row.computed`` is false)
    is left as it is. Returns the claims moved."""
    if not row.computed:
        return 0
    new = target.id if isinstance(target, _Row) else ensure_measure(conn, target)
    if new == row.id:
        return 0
    return conn.execute("UPDATE claims SET measure_id = ? WHERE measure_id = ?", (new, row.id)).rowcount


def settle_measures(conn: sqlite3.Connection) -> int:
    """What the ledger as a whole says about measures one article could not: every settle pass, in order.

    Each pass has one shape: select measures, compute a target, move claims (``_move``, which
    never touches a person-made measure). Starts the ledger has learned (``settle_starts``), the
    war-start registry's (``measure_period_settle.settle_war_starts``), a default start that the one
    dated series of its count takes (``measure_period_settle.settle_unstated_starts``), a
    killer that divides nothing (``settle_perpetrators``), one incident's later reports
    (``settle_incidents``), a count keyed by a place its source puts elsewhere (``settle_unplaced``,
    the places step: the keys it looks up are settled), fields one report left unread
    (``settle_unread``), a start one report names without its day that the ledger dates, once places
    are settled (``measure_period_settle.settle_named_starts``), a displaced count's default start that
    is its one stock, once places are settled (``measure_period_settle.settle_unstated_stocks``), then
    the period kind read by value
    (``settle_running_values``). Call inside a write transaction; returns the claims moved."""
    moved = settle_starts(conn) + settle_war_starts(conn, _rows, _move)
    moved += settle_unstated_starts(conn, _rows, _move) + settle_perpetrators(conn)
    moved += settle_incidents(conn) + settle_unplaced(conn) + settle_split_sides(conn, _rows, _move)
    moved += settle_unread(conn) + settle_named_starts(conn, _rows, _move)
    # once places are settled a count's dated series may first hold the two figures its band needs
    moved += settle_unstated_starts(conn, _rows, _move) + settle_unstated_stocks(conn, _rows, _move)
    moved += settle_series(conn, _rows_any)  # one source's reports of one count are one series
    return moved + settle_running_values(conn, _rows, _key_id)


def _key_id(
    event: str, subject: str | None, place: str | None, period_start: str | None, unit: str,
    affiliation: str | None, period_kind: str | None, period_end: str | None, *,
    period_days: int | None = None,
) -> str:
    """The id of the measure key of these fields and a window's length in days (``KeyId``)."""
    return MeasureKey(event, subject, place, period_start, unit, affiliation, period_kind, period_end,
                      period_days).id


def settle_starts(conn: sqlite3.Connection) -> int:
    """Join running totals whose start the ledger has since learned is the war's own start.

    An article read before any other said when the war began keeps its literal start ("since
    4 March", "since the operation began"); once the ledger knows that war began on 4 March
    (``context_facts``), those claims belong with "since the war began". A named start the ledger
    has dated moves to that date. Returns the claims moved.
    """
    facts = conn.execute("SELECT key, value FROM context_facts WHERE kind = 'war_start'").fetchall()
    by_theatre: dict[str, dict[str, str]] = {}
    named: dict[str, set[str]] = {}
    for k, v in facts:
        where, bar, name = k.partition("|")
        if bar:
            by_theatre.setdefault(where, {})[name] = v
            named.setdefault(name, set()).add(v)
    war_days = {d for starts in by_theatre.values() if (d := war_start_of(starts))}
    months = {d[:7] for d in war_days}
    # every dated start by month: a start written to the month ("since August") is the one known
    # start dated in that month ("the siege began on 19 August"), when there is exactly one
    by_month: dict[str, set[str]] = {}
    for days in named.values():
        for d in days:
            by_month.setdefault(d[:7], set()).add(d)
    moved = 0
    stays = year_start_reader(conn)
    where = "period_kind = 'cumulative' AND period_start IS NOT NULL AND period_start != 'war'"
    for row in _rows(conn, where):
        start = row.period_start or ""
        target = start
        if _ISO_DAY.match(start) and stays(start, row.place):
            continue  # "so far this year" in a theatre whose war began in another year: the year to date
        if _ISO_DAY.match(start):
            if start in war_days or (start.endswith("-01") and start[:7] in months):
                target = "war"
            elif not start.endswith("-01") and any(d[5:] == start[5:] and d < start for d in war_days):
                # "since the rebellion began on 14 April", read a year or more on before any report dated
                # the war: the war's own 14 April, never an anniversary's reset (a month's first is a month)
                target = "war"
            elif start.endswith("-01") and len(by_month.get(start[:7], ())) == 1:
                target = next(iter(by_month[start[:7]]))
        elif start in named and len(named[start]) == 1:
            day = next(iter(named[start]))
            target = "war" if day in war_days else day
        elif not set(start.split()) & PHASE_NAMES and start not in _OWN_STARTS:
            target = "war"  # an undated start of the fighting ("since the operation began")
        if target != start:
            moved += _move(conn, row, row.key(period_start=target))
    return moved


#: reports of one incident at one place dated this many days apart are that incident's
INCIDENT_DAYS = 7


def settle_incidents(conn: sqlite3.Connection) -> int:
    """One incident at one place: a toll (killed, injured, missing) at a place keyed to a later day
    (a report that gave the toll with no day of its own) joins the incident at that place a few days
    before it ("people killed in Velmar in one incident on 2029-11-18", a round-up's repeat, joins
    the explosion of 2029-11-15), the earliest day being the incident's; an incident its reports tell
    only by its month, keyed to the month's last day, joins the one earlier in that month
    (``measure_period_settle.month_incident_claims``). Captives freed on two days are two releases,
    never joined. Returns the claims moved."""
    rows = _rows(
        conn,
        "period_kind = 'incident' AND place IS NOT NULL AND period_end GLOB '[0-9][0-9][0-9][0-9]-*' "
        # a toll; captives freed on two days are two releases
        "AND event IN ('killed', 'injured', 'missing')",
    )
    groups: dict[tuple[object, ...], list[_Row]] = {}
    for row in rows:
        place = place_fold(row.place or "")
        groups.setdefault((row.event, row.subject, place, row.unit, row.affiliation), []).append(row)
    moved = 0
    for items in groups.values():
        items.sort(key=lambda r: (r.period_end or "", r.id))
        first = items[0]
        for row in items[1:]:
            a, b = (date.fromisoformat((r.period_end or "")[:10]) for r in (first, row))
            if (b - a).days > INCIDENT_DAYS:
                month = (first.period_end or "")[:7] == (row.period_end or "")[:7] and row.computed
                ids = month_incident_claims(conn, row.id, row.period_end or "", first.id) if month else []
                if ids:  # the month's incident, told only by its month (``month_incident_claims``)
                    moved += _move_claims(conn, ids, first.id)
                    continue
                first = row
                continue
            moved += _move(conn, row, first)
    return moved


def _move_claims(conn: sqlite3.Connection, ids: Sequence[str], target: str) -> int:
    """Move the claims ``ids`` to measure ``target``; returns how many moved."""
    marks = ", ".join("?" * len(ids))
    return conn.execute(f"UPDATE claims SET measure_id = ? WHERE id IN ({marks})", (target, *ids)).rowcount


def settle_perpetrators(conn: sqlite3.Connection) -> int:
    """Keep who killed as part of a count only where the ledger's reports break the toll down by who
    killed. "civilians killed by the army" beside "civilians killed by jihadist groups" are two
    parts of one toll, each its own measure; where every report names one killer or none ("protesters
    killed by security forces" in a crackdown), the killer describes the toll and divides nothing,
    so those claims join the toll itself. Returns the claims moved."""
    rows = _rows(conn, "subject LIKE '% (by %)'")
    kinds: dict[tuple[object, ...], set[str]] = {}
    for row in rows:
        base, _sep, who = (row.subject or "").partition(" (by ")
        kinds.setdefault((*_without(row, _FIELDS.index("subject")), base), set()).add(who)
    moved = 0
    for row in rows:
        base, _sep, _who = (row.subject or "").partition(" (by ")
        if len(kinds[(*_without(row, _FIELDS.index("subject")), base)]) > 1:
            continue  # a breakdown by who killed: each part stays its own
        moved += _move(conn, row, row.key(subject=base))
    return moved


#: two dated starts of one running total this many days apart are one start written two ways
START_DAYS = 14


def settle_unread(conn: sqlite3.Connection) -> int:
    """A field one report left unread is a wildcard, not a value of its own.

    A measure key has several fields, each read right most of the time; two reports of one count
    then disagree on some field far more often than they really differ. Where a measure differs
    from the ledger's other measures in ONE field, and in it has nothing read (no place, no side,
    a start no text dated) or a start read to the month only, it joins the ONE measure that agrees
    on every other field and has that field read; two or more such measures leave it where it is
    (which of them it belongs to is not known). The passes, each on the ledger as the one before
    left it:

    - start (running totals): an undated start ("since the coup", "since the campaign began")
      joins the one dated start of the same count (not "since the war began" when the start
      names a phase: "since the ground assault began" is never the war); a start written to the
      month ("since February 2031", read as its 1st) joins the one day-precise start of that
      month; two day starts within ``START_DAYS`` are one (the later joins the earlier);
    - place: left to the places step (``settle_unplaced``), which runs before this one;
    - side: "soldiers killed" with no side joins the one side's soldiers killed;
    - what is counted: a count whose population no words named ("destroyed", subject not stated)
      joins the one count of that event, place, side and period that names it.

    Only counts take a field by elimination: a share's own words are too often about something
    else ("a 6 per cent pay rise" read as a share of the dead) to lend it a place or a side.

    Returns the claims moved."""
    moved = 0
    at = _FIELDS.index("period_start")
    held: dict[str, bool] = {}  # which measures hold claims, asked only of the few a join could touch

    def holds(r: _Row) -> bool:
        if r.id not in held:
            held[r.id] = _held(conn, r.id)
        return held[r.id]

    # every measure read once, empty ones too (asking each for a claim costs more than all the rest): a
    # pass only empties measures, and ``holds`` asks (and remembers) only the few a join could touch
    everything: list[tuple[str | None, ...]] = conn.execute(f"SELECT {_COLUMNS} FROM measures").fetchall()
    cumulative = [c for c in everything if c[7] == "cumulative" and c[at + 1] is not None]
    for dated in (True, False):  # starts written two ways first, then undated starts on what is left
        movers = [
            _Row._make(c) for c in cumulative
            if c[at + 1] not in _SETTLED_STARTS and bool(_ISO_DAY.match(c[at + 1] or "")) == dated
        ]
        keys = {_without(r, at) for r in movers}
        groups: dict[tuple[str | None, ...], list[_Row]] = {}
        for c in cumulative:
            if (k := _without(c, at)) in keys:
                groups.setdefault(k, []).append(_Row._make(c))
        for row in movers:
            group = groups[_without(row, at)]
            if len(group) < 2 or not row.computed or not holds(row):
                continue
            target = _start_target(row, [r for r in group if r.id != row.id and holds(r)])
            if target is not None and (n := _move(conn, row, target)):
                moved += n
                held[row.id] = False
    counts = [c for c in everything if c[5] == "count"]
    gone: set[str | None] = set()
    for name in ("affiliation", "subject"):  # a placeless count: the places step (settle_unplaced)
        at = _FIELDS.index(name)
        read_keys = {_without(c, at) for c in counts if c[at + 1] and c[0] not in gone}
        if not read_keys:
            continue
        by_key: dict[tuple[str | None, ...], list[_Row]] = {}
        for c in counts:
            if not c[at + 1] and c[0] not in gone and (k := _without(c, at)) in read_keys:
                by_key.setdefault(k, [])
        if not by_key:
            continue
        for c in counts:  # the groups with an unread measure, each with its read and unread members
            if c[0] not in gone and (k := _without(c, at)) in by_key:
                by_key[k].append(_Row._make(c))
        for group in by_key.values():
            unread = [r for r in group if not r[at + 1] and r.computed and holds(r)]
            if not unread:
                continue
            read = [r for r in group if r[at + 1] and holds(r)]
            if len(read) != 1:
                continue
            target = read[0]
            for row in unread:
                if (n := _move(conn, row, target)):
                    moved += n
                    gone.add(row.id)
                    held[row.id] = False
    return moved


def _held(conn: sqlite3.Connection, mid: str) -> bool:
    """Whether any claim is in measure ``mid`` (a measure a pass emptied, or a person's, holds none)."""
    return conn.execute("SELECT 1 FROM claims WHERE measure_id = ? LIMIT 1", (mid,)).fetchone() is not None


#: the key fields of a ``_Row`` after its id, in order
_FIELDS = ("event", "subject", "place", "period_start", "unit", "affiliation", "period_kind", "period_end")


def _without(row: tuple[str | None, ...], at: int) -> tuple[str | None, ...]:
    """The row's key fields but the one at ``_FIELDS[at]``: what two measures differing only there share."""
    return row[1 : at + 1] + row[at + 2 : 9]


#: starts that are read, not unread, though they carry no day: the war's, and a mission's deployment
#: (``measure_periods._mission_period``: "nine of them since January" is a later part, not its start)
_SETTLED_STARTS = frozenset({"war", "deployment"})


def _start_target(row: _Row, others: list[_Row]) -> _Row | None:
    """The one other start of the same running total that ``row``'s start is another way of writing."""
    start = row.period_start or ""
    if start in _SETTLED_STARTS:
        return None
    dated = [r for r in others if _ISO_DAY.match(r.period_start or "")]
    if not _ISO_DAY.match(start):
        phase = bool(set(start.split()) & PHASE_NAMES)
        # a start named by an event of its own ("since the protests began") is the count's one dated start
        # when it has one, rather than the war's: only with no dated start beside it is the war's its own
        own = start in _OWN_STARTS and bool(dated)
        found = dated + [r for r in others if r.period_start == "war" and not phase and not own]
    elif start.endswith("-01") and any((r.period_start or "")[:7] == start[:7] for r in dated):
        found = [r for r in dated if (r.period_start or "")[:7] == start[:7]]
    else:  # the later of two day starts days apart joins the earlier (a month's start joins its day)
        day = date.fromisoformat(start)
        found = [
            r for r in dated
            if 0 < (day - date.fromisoformat(r.period_start or "")).days <= START_DAYS
            and not ((r.period_start or "").endswith("-01") and (r.period_start or "")[:7] == start[:7])
        ]
    return found[0] if len(found) == 1 else None


def _names_from_label(label: str, subject: str | None, place: str | None) -> tuple[str | None, str | None]:
    """The affiliation and place names as a label wrote them ("Veskaran soldiers killed in Qadrel ...")."""
    aff_name = None
    if subject:
        m = re.match(rf"^(.*?)\s*{re.escape(subject)}\b", label)
        if m and m.group(1).strip() and not m.group(1).startswith("%"):
            aff_name = m.group(1).strip()
    place_name = None
    if place:
        m = re.search(rf"\bin\s+({re.escape(place)}[^ ]*|[^ ]+)", label, re.IGNORECASE)
        place_name = m.group(1) if m else None
    return aff_name, place_name

"""Where a count's own words name no place, the ledger's other reports of it say where it is.

A measure key has several fields read from text, and a place is the one most often read from
something other than the figure's own words: the dateline ("ORONDE (Courier) - ... 1,612,000
people displaced": filed from the capital, counted in the country), a body's seat, or nothing at all
("the association said 6,045 people had been killed" names no country, nor does its headline). One
such reading splits a measure. The article cannot know better; the ledger can. Two steps, one rule:

- **A count naming no place** takes the place its own source keys exactly that count (event,
  population, side, unit, period) by elsewhere, when that is one place.
- **A count keyed by a place its sentence does not write** (the dateline city, a seat) joins the same
  count where its source's own words put that count (one place, never a part of the claim's place),
  else the one place the ledger knows holds that city (``parent`` facts, or ``filed``: the country
  stories filed from it are about), for any voice. An article's claims keyed by one such reading
  move together, or none does when one has nowhere to go (it would lose its comparison with the
  others).

Either way the claim's value must continue the series it joins (within a factor of two of the
nearest figure in time: a ministry's 212,000 enemy soldiers read as "people" is no step of a 3,000
civilian toll, a city's 7,900 beside a country's 14,960 is stopped by its own words). A count its
sentence places ("In Qadrel city alone", "in the province") stays where its words put it; a source
counting the same thing in two places decides nothing; a state's army or government
(``state_bodies``) speaks of the war wherever it is fought, so its habits name no place; shares
(per cent) keep their own base; claims a person pinned stay.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..extract.vocab import longest_first
from .doc_context import DEMONYM_ENDINGS, side_key
from .measure_words import _alt, _body_words, _contains, _seq

#: "in the province", "within the city": a sentence scoping its count to a place by its kind
_KIND_PLACE = re.compile(
    rf"\b(?:{_alt('generic_place_prepositions')})[ ](?:the|this|that|her|his|its|their)[ ]"
    rf"(?:{_alt('generic_place_words')})\b",
    re.IGNORECASE,
)

#: a figure continues a source's series when it is within this factor of the source's nearest one
SERIES_FACTOR = 2.0


@dataclass(frozen=True)
class _Claim:
    """What the step reads of one claim (loaded once: the step runs on every reconcile)."""

    id: str
    doc: str
    source: int | None
    state_body: bool  # its source is a state's army or government (``state_bodies``)
    people: str | None  # the stem of the one people's word its source is named by ("Damaran Doctors' Union")
    sentence: str
    value: float | None
    day: int
    pinned: bool
    at: int = -1  # where the figure starts in ``sentence`` (-1: unknown)
    national: bool = False  # its source is a state's body (``state_bodies``, ``national_bodies``: a ministry)


def _continues(c: _Claim, series: list[_Claim], src: int | None) -> bool:
    """The claim's value is within ``SERIES_FACTOR`` of the figure in ``series`` (the source's when
    ``src`` is given, else any voice's) nearest to it in time (as-of date, else publication date),
    or of the value the series' nearest figures before and after it give on its day (read on the
    straight line between them).

    Why the second test: a running total read in April (9,870 wounded) between the series' March
    figure (3,980) and its June one (24,100) is a step of that series, though more than twice the
    nearer one; a count far off the line (another side's 13,874 dead between a series' 5,937 two
    years before and its 41,870 days after) is not."""
    if not c.value or c.value <= 0:
        return False
    best: tuple[int, float] | None = None
    before: tuple[int, float] | None = None  # the nearest figure dated before the claim
    after: tuple[int, float] | None = None  # the nearest figure dated after it
    for o in series:
        if (src is not None and o.source != src) or not o.value or o.value <= 0:
            continue
        gap = abs(o.day - c.day)
        if best is None or gap < best[0]:
            best = (gap, o.value)
        if o.day < c.day and (before is None or o.day > before[0]):
            before = (o.day, o.value)
        elif o.day > c.day and (after is None or o.day < after[0]):
            after = (o.day, o.value)
    if best is None:
        return False
    near = best[1]
    if before is not None and after is not None:
        share = (c.day - before[0]) / (after[0] - before[0])
        line = before[1] + share * (after[1] - before[1])
        if line > 0 and max(c.value, line) / min(c.value, line) <= SERIES_FACTOR:
            return True
    return max(c.value, near) / min(c.value, near) <= SERIES_FACTOR


#: a dateline heading the sentence: where the story was filed, never the count's own words
_DATELINE_HEAD = re.compile(
    r"^[A-Z][A-Z'’. /-]{1,40}?(?:,[ ][^\n()–—-]{1,40}?)?[ ]*(?:\([^)\n]{1,60}\))?[ ]*[–—-]{1,2}[ ]"
)


#: a state's national body by its head word (``national_bodies``, ``state_bodies``): "the health
#: ministry", "the Ministry of Health", "the government", "the general staff"
_NATIONAL_HEADS = "|".join(
    re.escape(w) for w in sorted({*_seq("national_bodies"), *_seq("state_bodies")}, key=len, reverse=True)
)
_SPEAKER_CUES = longest_first(_seq("speaker_place_cues"))


def _seat_free(low: str, place: str) -> str:
    """``low`` (folded) without the words that write ``place`` only as a national body's seat or
    where a speaker stood: "the Ministry of Health in Morrast", "the Morrast health ministry",
    "Morrast's government", "speaking in Morrast", a sentence opening "In Morrast, the health ministry
    said". A capital names its state's bodies so; it says who counts, never where the count is ("2,650
    Tellivians had been killed", from the health ministry in Morrast, is Tellivia's toll). A city's own
    bodies (its mayor, its city administration, its hospitals) are no national body, and "in the city"
    still scopes."""
    x = re.escape(place)
    seat = (
        rf"\b(?:{_NATIONAL_HEADS})(?:[ ]of[ ][a-z]+)?[ ](?:in|at)[ ]{x}\b"
        rf"|\b{x}(?:['’]s)?[ ](?:[a-z]+[ ]){{0,2}}(?:{_NATIONAL_HEADS})\b"
        rf"|\b(?:{_SPEAKER_CUES})[ ](?:the[ ])?{x}\b"
        # "In Morrast, the Ministry of Health said ...": the sentence opens on where the body speaks
        rf"|^\s*in[ ]{x},[ ](?:the[ ])?(?:[a-z'’]+[ ]){{0,2}}(?:{_NATIONAL_HEADS})\b"
    )
    return re.sub(seat, " ", low)


def _scoped(sentence: str, place: str, seats: bool = True) -> bool:
    """The claim's sentence writes its place (folded ``place``), or a place by its kind ("in the
    province"): its own words scope the count, so no habit of its source overrides them. With
    ``seats`` False, a place written only as a national body's seat ("the health ministry in Morrast
    said 2,650 had been killed") is no scope (``_seat_free``): for a city the ledger knows lies in a
    country, never for the country itself ("the health ministry in Tellivia" scopes Tellivia's toll)."""
    low = _DATELINE_HEAD.sub("", sentence).casefold()  # "ORONDE (The Oronde Courier) - " is no scope
    # the substring test first: most sentences do not hold the place at all, and the word-bounded
    # search (a pattern per place) is only needed when they do
    if place in low and re.search(rf"\b{re.escape(place)}\b", low if seats else _seat_free(low, place)):
        return True
    return _KIND_PLACE.search(sentence) is not None


#: where a sentence turns to another clause with a subject of its own: "Jets struck depots on the edge of
#: Darsa overnight, residents said, as the ministry put the toll at 46,210", "The ministry in Velmora
#: published 40,605; the monitors said more than 60,000"
_CLAUSE_TURN = re.compile(r"(?:,[ ](?:as|while|whereas)|;)[ ]")
#: ", including 4,160 in the capital", ", among them 300 in Tarvel": a part of the figure before, whose
#: place is the part's (``subset_cues``), never the scope of the whole count
_PART_TURN = re.compile(rf",[ ](?:{_alt('subset_cues')})[ ]")


def _own_clause(sentence: str, at: int) -> str:
    """The clause of ``sentence`` that holds the figure at ``at`` (the whole sentence when unknown):
    a place written in another clause (the strike's, a second speaker's) does not scope the count.
    A comma alone ("In Qadrel city alone, 7,900 were killed") is no turn, nor "and" or "but" ("212 killed
    in Tarnholm province, and a further 540 injured": the second count shares the first's place). A
    part named after the figure ("including 300 in Tarvel") ends the figure's clause: its place is the
    part's."""
    if at < 0:
        return sentence
    lo, hi = 0, len(sentence)
    for m in _CLAUSE_TURN.finditer(sentence):
        if m.end() <= at:
            lo = m.end()
        elif m.start() >= at:
            hi = m.start()
            break
    part = _PART_TURN.search(sentence, at, hi) if at < hi else None
    if part is not None:
        # "18,240 had been killed since the rebellion began, including 4,160 in the capital": the
        # capital is where a part was counted; the whole count's own words name no place
        hi = part.start()
    return sentence[lo:hi]


#: a body's name led by a people's word: "the Damaran Doctors' Union", "Qasmari health officials"
_PEOPLE_LED = re.compile(rf"^(?:[Tt]he[ ])?(?P<w>[A-Z][a-z][\w-]*(?:{DEMONYM_ENDINGS})s?)[ ]")
#: a people's word anywhere: "Ardessan", "Qasmaris"
_PEOPLE_WORD = re.compile(rf"\b[A-Z][a-z][\w-]*(?:{DEMONYM_ENDINGS})s?\b")
#: words of an armed body's name (measures.json ``armed_body_words``): it counts wherever it fights,
#: so its people name no place
_ARMED = frozenset(_seq("armed_body_words"))
#: a civil body's words beside ``body_words`` (``civil_body_words``): "the Torvanian Nurses' Association"
_CIVIL_BODIES = frozenset(_seq("civil_body_words"))


def people_of(name: str | None) -> str | None:
    """The stem (``side_key``) of the people a civil body is named for: its name opens on a people's
    word and holds a body's word ("the Damaran Doctors' Union", "the Qasmari Red Crescent Society");
    None for any other name (a misread clause, "Two years after Morvanian troops crossed the Ostra";
    an army, a militia; a state's ministry, ``state_bodies``)."""
    name = re.sub(r"[ ]*\([^)]*\)$", "", name or "")  # "(document 4d49f7b57d0c)": the ledger's note
    if not name or len(name.split()) > 6:
        return None
    m = _PEOPLE_LED.match(name)
    if m is None:
        return None
    words = {w.strip("'’,.").casefold() for w in name.split()}
    if words & _ARMED or not words & (_body_words() | _CIVIL_BODIES):
        return None
    if _contains(name.casefold(), _seq("state_bodies")) is not None:
        return None
    return side_key(m.group("w"))


def _anchors(o: _Claim, place: str) -> bool:
    """Claim ``o``'s own words put its count in ``place`` (folded): its sentence writes the place or
    scopes it by kind, or its source is a civil body named for that place's people ("the Damaran
    Doctors' Union" counts in the Damaran Republic, wherever a story about it is filed)."""
    if _scoped(o.sentence, place):
        return True
    return o.people is not None and not o.state_body and side_key(place) == o.people


def _other_people(sentence: str, place: str) -> bool:
    """The sentence writes a people other than ``place``'s ("23 civilians had been killed on the
    Ardessan side"): its own words put the count on that people's side of a war, never in ``place``."""
    stem = side_key(place)
    # "OSTRA (Meridian Wire) - ...": the dateline's agency names who filed the story, never a people
    low = "\n".join(_DATELINE_HEAD.sub("", line) for line in sentence.split("\n"))
    return any(side_key(m.group()) != stem for m in _PEOPLE_WORD.finditer(low))


def _days(day: str | None) -> int:
    """An ISO day as a day number (0 when unknown)."""
    if not day or len(day) < 10:
        return 0
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return 0


def _up(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Each place (folded) -> every place the ledger knows it lies in (``parent`` facts, however
    deep) and the country stories filed from it are about (``filed``)."""
    parents: dict[str, str] = {}
    filed: dict[str, str] = {}
    for kind, child, parent in conn.execute(
        "SELECT kind, key, value FROM context_facts WHERE kind IN ('parent', 'filed') ORDER BY rowid"
    ):
        (parents if kind == "parent" else filed).setdefault(child.casefold(), parent.casefold())
    up: dict[str, set[str]] = {}
    for place in {*parents, *filed}:
        seen: set[str] = set()
        at = place
        while at in parents and parents[at] not in seen and parents[at] != place:
            at = parents[at]
            seen.add(at)
        if place in filed:
            seen.add(filed[place])
        up[place] = seen
    return up


def document_writer(conn: sqlite3.Connection, *, bare_place: bool = False) -> Callable[[str, str], bool]:
    """``writes(doc, place)``: the document writes the place or its people ("Korsa", "Korsan"), the war it
    is about; with ``bare_place`` a place with no people's stem is looked for as written. Each document's
    text is read once per writer (the settle passes ask about the same few documents many times)."""
    texts: dict[str, str] = {}

    def writes(doc: str, place: str) -> bool:
        text = texts.get(doc)
        if text is None:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
            text = texts[doc] = (row[0] if row else "").casefold()
        stem = side_key(place) or (place if bare_place else "")
        return bool(stem) and stem in text and re.search(rf"\b{re.escape(stem)}", text) is not None

    return writes


#: at most this many passes of the places step (it stops as soon as a pass moves nothing)
SETTLE_PASSES = 3


def settle_unplaced(conn: sqlite3.Connection) -> int:
    """``_settle_once``, then again for what the moves made readable: a source's claims keyed by one
    reading of a place move where its own words put that count, and a later claim of the same source
    keyed by the same reading follows them there once its value continues the series they now extend
    ("12,300" and "19,020", keyed by the capital a ministry sits in, join the country's series; the
    same ministry's "18,240" between them continues that series only once they are there). A later
    pass moves only such followers, never a claim no claim of its source went ahead of. Call inside a
    write transaction; returns the claims moved."""
    moved = 0
    follow: dict[tuple[str, int], str] | None = None
    for _ in range(SETTLE_PASSES):
        count, went = _settle_once(conn, follow)
        moved += count
        if not went:
            break
        follow = went
    return moved


def _settle_once(
    conn: sqlite3.Connection, follow: dict[tuple[str, int], str] | None = None
) -> tuple[int, dict[tuple[str, int], str]]:
    """Move each claim whose place the reader did not find in its own words (none, or a city the
    article was filed from or a body sits in) to the measure of the same count its source keys by
    exactly one place (for a claim with a place: where its source's own words put it, else the one
    place the ledger knows contains it). With ``follow`` ((measure, source) -> measure: where the last
    pass moved that source's claims of that measure), only claims that follow their source there move.
    Returns the claims moved and where each source's went (``follow`` for the next pass)."""
    rows = conn.execute(
        "SELECT id, event, subject, unit, affiliation, period_kind, period_start, period_end, place "
        "FROM measures WHERE period_kind IS NOT NULL AND unit != 'percent'"  # a share's base is its own
    ).fetchall()
    by_key: dict[tuple[object, ...], dict[str, str]] = {}
    for mid, event, subject, unit, aff, kind, start, end, place in rows:
        key: tuple[object, ...] = (event, subject, unit, aff, kind, start, end)
        by_key.setdefault(key, {})[mid] = (place or "").casefold()
    groups = [(k, g) for k, g in by_key.items() if len(g) > 1 and sum(1 for q in g.values() if q) > 0]
    if not groups:
        return 0, {}
    members = _load_claims(conn, [m for _k, g in groups for m in g])
    up = _up(conn)
    writes = document_writer(conn)

    moves: dict[str, str] = {}
    went: dict[tuple[str, int], str] = {}
    for key, measures in groups:
        kind = key[4]  # the period kind: only a running total is a theatre's series
        if follow is None and kind in _DOWN_KINDS:
            for c, target in _down(members, measures, up, writes):
                members[measures_of(members, c)].remove(c)
                members[target].append(c)
                moves[c.id] = target
        for mid, place in measures.items():
            # never down into a part of the claim's place (a country's toll is no city's habit)
            targets = {
                m: q for m, q in measures.items() if q and q != place and place not in up.get(q, ())
            }
            outer = up.get(place, set())
            holders = [m for m, q in targets.items() if q in outer]
            if targets:
                only = holders[0] if place and len(holders) == 1 else None
                series = writes if kind == "cumulative" else None
                for c, target in _plan(members, mid, place, targets, only, series):
                    if follow is not None and (c.source is None or follow.get((mid, c.source)) != target):
                        continue
                    if c.source is not None:
                        went[(mid, c.source)] = target
                    members[mid].remove(c)
                    members[target].append(c)
                    moves[c.id] = target
    if moves:
        conn.executemany("UPDATE claims SET measure_id = ? WHERE id = ?", [(t, c) for c, t in moves.items()])
    return len(moves), went


#: the period kinds whose series a country-keyed report may join in a part of the country: a running
#: total (a stock on the day may be one incident's captives beside a region's "still held")
_DOWN_KINDS = frozenset({"cumulative"})
#: a kind word that scopes a count to a country, never to one of its parts
_COUNTRY_WORDS = frozenset({"country", "nation", "nationwide"})


def measures_of(members: dict[str, list[_Claim]], c: _Claim) -> str:
    """The measure ``members`` holds claim ``c`` in."""
    return next(m for m, cs in members.items() if c in cs)


def _names(clause: str, place: str, seats: bool = True) -> bool:
    """The clause writes ``place`` (folded) by name, its dateline aside (a story's first sentence may
    hold its headline and dateline on lines of their own); with ``seats`` False, never only as a
    national body's seat ("the ministry in Velmora said", ``_seat_free``)."""
    low = "\n".join(_DATELINE_HEAD.sub("", line) for line in clause.split("\n")).casefold()
    if place not in low:
        return False
    return re.search(rf"\b{re.escape(place)}\b", low if seats else _seat_free(low, place)) is not None


def _kind_scope(clause: str) -> str | None:
    """The kind word a clause scopes its count by ("in the city" -> "city"), else None."""
    m = _KIND_PLACE.search(clause)
    return m.group().split()[-1].casefold() if m else None


def _down(
    members: dict[str, list[_Claim]],
    measures: dict[str, str],
    up: dict[str, set[str]],
    writes: Callable[[str, str], bool],
) -> list[tuple[_Claim, str]]:
    """A count keyed by a country its own words do not write (the dateline's, the story's setting)
    joins the one series of the same count (event, population, side, period) that reports key, by their
    own words, in one part of that country, when its article writes that part and its value continues
    that series: one war's toll in a besieged city is one series, whether a report filed from the city
    names it or not ("KELL, Tarrovia - 600 people have died, the monitor said" beside "611 killed in
    Kell"). The country's series stays its own when any report writes the country for that count, and a
    value continuing the series other articles key by the country stays in it; a state's national body
    (a ministry, the army) speaks for the whole country unless its clause writes the part (by name, never
    as the body's seat, or by a kind word: "in the city"); a source giving the part's count in the same
    article gives a part and its whole, which stay apart; an article's other claims move together or
    none does."""
    out: list[tuple[_Claim, str]] = []
    for mid, place in measures.items():
        if not place or up.get(place) or not members.get(mid):
            continue  # only a place the ledger knows no container of (a country) is read down
        parts = {m: q for m, q in measures.items() if q and q != place and place in up.get(q, ())}
        anchored = {m: q for m, q in parts.items() if any(_names(o.sentence, q) for o in members[m])}
        # the topmost written part: one, or one that holds every other (a province over its town)
        tops = [m for m, q in anchored.items() if not any(anchored[o] in up.get(q, ()) for o in anchored)]
        if len(tops) != 1:
            continue
        target = tops[0]
        part = anchored[target]
        if any(_names(_own_clause(o.sentence, o.at), place) for o in members[mid]):
            continue  # some report writes the count in the country: the country's own series
        plans: dict[str, list[tuple[_Claim, bool]]] = {}
        for c in members[mid]:
            clause = _own_clause(c.sentence, c.at)
            scope = _kind_scope(clause)
            written = _names(clause, part, False) or (scope is not None and scope not in _COUNTRY_WORDS)
            if c.national and not written:
                continue  # the ministry's own count of the country: it stays, and holds no other back
            ok = (
                not c.pinned
                and scope not in _COUNTRY_WORDS
                and writes(c.doc, part)
                and not any(
                    o.doc == c.doc and (o.source is None or o.source == c.source) for o in members[target]
                )
                and _continues(c, members[target], None)
                # a value that continues the country's own series stays in it (the step that reads a
                # city's count up into its country would take it back: the step must settle once)
                and not _continues(c, [o for o in members[mid] if o.doc != c.doc], None)
            )
            plans.setdefault(c.doc, []).append((c, ok))
        for plan in plans.values():
            if all(ok for _c, ok in plan):
                out.extend((c, target) for c, _ok in plan)
    return out


def _load_claims(conn: sqlite3.Connection, mids: list[str]) -> dict[str, list[_Claim]]:
    """The claims of ``mids``, by measure, in one read."""
    out: dict[str, list[_Claim]] = {m: [] for m in mids}
    pinned = {r[0] for r in conn.execute("SELECT claim_id FROM claim_measure_pins")}
    bodies = _seq("state_bodies")
    nationals = _seq("national_bodies")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _settle_places (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM _settle_places")
    conn.executemany("INSERT OR IGNORE INTO _settle_places VALUES (?)", [(m,) for m in mids])
    for cid, mid, doc, src, name, sentence, low, high, day, at in conn.execute(
        "SELECT c.id, c.measure_id, c.document_id, c.source_id, s.name, "
        "substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start), c.low, c.high, "
        "COALESCE(c.as_of, substr(d.published, 1, 10)), c.span_start - c.sentence_start "
        "FROM _settle_places t JOIN claims c ON c.measure_id = t.id "
        "JOIN documents d ON d.id = c.document_id LEFT JOIN sources s ON s.id = c.source_id"
    ):
        value = high if high is not None else low
        body = name is not None and _contains(name.casefold(), bodies) is not None
        national = body or (name is not None and _contains(name.casefold(), nationals) is not None)
        people = people_of(name)
        at = at if isinstance(at, int) and 0 <= at < len(sentence) else -1
        out[mid].append(
            _Claim(cid, doc, src, body, people, sentence, value, _days(day), cid in pinned, at, national)
        )
    conn.execute("DELETE FROM _settle_places")
    return out


def _plan(
    members: dict[str, list[_Claim]],
    mid: str,
    place: str,
    targets: dict[str, str],
    only: str | None,
    writes: Callable[[str, str], bool] | None,
) -> list[tuple[_Claim, str]]:
    """Which claims of ``mid`` (keyed by ``place``, "" for none) move where: to the one of ``targets``
    (measure -> place) where their source's claims of the count are (for a claim with a place: where
    the source's own words put them), else to ``only`` (the one measure of a place the ledger knows
    holds ``place``), when the value continues that series there; a claim whose own words name
    ``place`` stays."""
    where: dict[int, dict[str, str]] = {}  # source -> {place -> measure}
    for target, q in targets.items():
        for o in members[target]:
            if o.source is None or o.state_body:
                continue
            if place and not _anchors(o, q):
                # a claim with a place moves only to where its source's own words put that count (else
                # two readings of a place could trade one claim back and forth)
                continue
            where.setdefault(o.source, {}).setdefault(q, target)
    # places some report's own words put this count in (a theatre's series), for any voice
    anchored = {
        t: q
        for t, q in targets.items()
        if writes is not None and any(not o.state_body and _anchors(o, q) for o in members[t])
    }
    if not where and only is None and not anchored and not any(c.people for c in members[mid]):
        return []
    # an article's reading of a place is one reading: its claims keyed here by it move together, or
    # none does when one of them has nowhere to go (it would lose the comparison it had with the ones
    # that moved); a claim whose value is off the series it could join is another count, no anchor
    plans: dict[str, list[tuple[_Claim, str | None, bool]]] = {}  # document -> [(claim, target, stays)]
    for c in members[mid]:
        clause = _own_clause(c.sentence, c.at)
        if c.pinned or (place and _scoped(clause, place) and (only is None or _scoped(clause, place, False))):
            continue  # "In Qadrel city alone, 7,900": the count's own words scope it to the city
        if place and only is not None and _scoped(clause, place):
            # "the health ministry in Morrast said 2,650": the city written only as the seat of a
            # national body, which counts in the one place the ledger knows holds it, or nowhere else
            fits = _continues(c, members[only], None)
            plans.setdefault(c.doc, []).append((c, only if fits else None, False))
            continue
        spots = where.get(c.source, {}) if c.source is not None else {}
        own = len(spots) == 1  # the source's own series: its value must continue that
        if not spots and c.people is not None and not c.state_body:
            # "the Damaran Doctors' Union said ...", filed from Kell: a civil body named for a people
            # counts in that people's country, when the ledger keys the same count by it
            spots = {q: t for t, q in targets.items() if side_key(q) == c.people}
        candidate = next(iter(spots.values())) if len(spots) == 1 else only
        if (
            own
            and only is not None
            and candidate is not None
            and candidate != only
            and not _continues(c, members[candidate], c.source)
        ):
            # "ORONDE - the agency said 1,540,000 people had been displaced", when the agency's one other
            # keyed count is its 498,000 "in Kaldera region": a part's series the value does not continue
            # is no home; the place the ledger knows holds the city is
            candidate, own = only, False
        if candidate is None and not spots and not c.state_body:
            # "The number of people displaced has risen to 11.3 million", keyed by the city a situation
            # report names elsewhere: the one series some report's own words put in a place this
            # article is about (it writes the country or its people), and whose values it continues;
            # never a war the article does not name
            fit = [
                t
                for t, q in anchored.items()
                if writes is not None
                and writes(c.doc, q)
                and not _other_people(c.sentence, q)
                and _continues(c, members[t], None)
            ]
            if len(fit) == 1:
                spots = {anchored[fit[0]]: fit[0]}
                candidate = fit[0]
        if candidate is None:
            plans.setdefault(c.doc, []).append((c, None, True))
            continue
        fits = _continues(c, members[candidate], c.source if own else None)
        plans.setdefault(c.doc, []).append((c, candidate if fits else None, False))
    out: list[tuple[_Claim, str]] = []
    for plan in plans.values():
        if place and any(stays for _c, _t, stays in plan):
            continue
        out.extend((c, t) for c, t, _stays in plan if t is not None)
    return out

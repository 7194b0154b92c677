"""The thin SQLite layer over the pure core: read claims, recompute flags and grades, read timelines.

`reconcile_ledger` rewrites flags, flag_claims and claim_grades in ONE
transaction, so a reader (the review page, `conflicts`) sees either the old
results or the new ones, never a half-written mix; a failure leaves the old
results in place. The same transaction clears the ledger's stale mark (set by
triggers whenever claims change, migration 0009), so a run killed before COMMIT
leaves the mark set and ``reconcile_if_stale`` (run by add, reports and
serve) finishes the job next time.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from itertools import chain

import orjson

from ..errors import LedgerError
from ..ledger.measures import settle_measures
from ..ledger.overrides import apply_measure_overrides, flag_key, flag_keys, mark_dismissed
from ..ledger.reconcile_state import is_stale, mark_reconciled
from ..ledger.sources import SourceVocab, light_key, source_key
from ..ledger.transactions import write_transaction
from . import digests, dirty, parallel
from .confidence import CONFIDENT_SQL, why_not
from .digests import LOOSE
from .engine import reconcile_claims, reconcile_groups
from .estimates import estimates
from .flags import FLAG_KINDS
from .restated import restated_sql
from .types import GRADE_SQL, GRADES, ClaimRow, Estimate, Flag, ReconcileSummary, TimelinePoint

# No joins, few columns: documents, sources and measures are read once into dicts, and columns that a
# claim shares with its measure (event, unit, period_start) come from the measure. At a million claims
# every column read costs ~0.13 s, so what is not needed per row is not read per row: the three yes/no
# columns come as one number (``_BITS``), the written source only when no source id stands for it
# (a source id's party is the source's row), a loose claim's event and unit and a claim's text by
# separate queries of the few rows that need them.
_ROWS_SQL = f"""
SELECT id, document_id, measure_id, source_id, CASE WHEN source_id IS NULL THEN source END,
       low, high, hedge, as_of,
       (headline = 1) * 4 + (source IS NOT NULL) * 2
       + CASE WHEN {restated_sql()} = 1 THEN 8 ELSE ({CONFIDENT_SQL}) END
FROM claims WHERE review_status != 'rejected'
"""
#: (headline, attributed, confident, restated) of the number in the last column (``confident``:
#: confidence.py; ``restated``: restated.py, a revision's new figure read with the replaced one's date: it
#: takes its document's date and, its written date being another figure's, is not read with confidence)
_BITS = tuple((b & 4 == 4, b & 2 == 2, b & 1 == 1, b >= 8) for b in range(16))
#: a loose claim's event and unit (a measure's claims take theirs from the measure)
_LOOSE_SQL = "SELECT id, event, unit FROM claims WHERE measure_id IS NULL AND review_status != 'rejected'"


class _Outlets:
    """Recognise an outlet that is itself a known source (a ministry's own bulletin), by the ledger's keys."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.vocab = SourceVocab.for_ledger(conn)
        self.by_alias: dict[str, tuple[int, str]] = {}
        self.by_key: dict[str, tuple[int, str]] = {}
        for lk, sid, name in conn.execute(
            "SELECT a.alias_key, a.source_id, s.name FROM source_aliases a "
            "JOIN sources s ON s.id = a.source_id"
        ):
            self.by_alias[lk] = (sid, name)
        for key, sid, name in conn.execute("SELECT key, id, name FROM sources"):
            self.by_key[key] = (sid, name)
        self.cache: dict[str | None, tuple[str, str]] = {}

    def party(self, outlet: str | None) -> tuple[str, str]:
        """(party key, display name) for a figure in the article's own voice; ("", …) when no outlet."""
        got = self.cache.get(outlet)
        if got is None:
            if not outlet:
                got = ("", "the article")
            else:
                hit = self.by_alias.get(light_key(outlet)) or self.by_key.get(source_key(outlet, self.vocab))
                got = (f"#{hit[0]}", hit[1]) if hit else ("@" + light_key(outlet), outlet)
            self.cache[outlet] = got
        return got


def iter_claim_rows(conn: sqlite3.Connection, measure_id: str | None = None) -> Iterator[ClaimRow]:
    """Every non-rejected claim as a ClaimRow (optionally of one measure only), measure by measure.

    The party of an attributed claim is its normalised source; of a figure in the
    article's own voice, the outlet (the same source when the outlet is a party the
    ledger knows, e.g. a ministry's own bulletin), or else the document itself.
    A claim's date is its ``as_of``, else its document's publication date.
    """
    by_measure, loose = read_claim_groups(conn, measure_id)
    for rows in by_measure.values():
        yield from rows
    yield from loose


def read_claim_groups(
    conn: sqlite3.Connection,
    measure_id: str | None = None,
    *,
    groups: Collection[str] | None = None,
    outlets: _Outlets | None = None,
    between: parallel.Bounds | None = None,
) -> tuple[dict[str, list[ClaimRow]], list[ClaimRow]]:
    """The rows ``iter_claim_rows`` gives, grouped as ``engine.group_rows`` groups them, in one pass.

    Reading and grouping are one loop because at a million claims a second Python pass over the
    rows (a call and a dict lookup per claim) cost about a tenth of a re-run. ``groups``: only
    these measures' claims (``digests.LOOSE``: the claims outside measures), through the index on
    measure id and a temporary table of the ids (call inside a transaction).

    ``between``: (first measure id or None, the id after the last or None, with the claims outside
    measures): one range of ``parallel.split``, read by a table scan like a full read (rowid order).
    """
    args: tuple[str, ...] | dict[str, str | None] = ()
    named: dict[str, str | None] | None = None
    queries: list[str] = []
    measures_sql = (
        "SELECT id, event, unit, CASE WHEN running = 0 THEN NULL ELSE period_start END FROM measures"
    )
    loose_sql: str | None = _LOOSE_SQL
    texts: dict[str, str] = {}
    if groups is not None:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS reconcile_pick (id TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("DELETE FROM temp.reconcile_pick")
        conn.executemany("INSERT INTO temp.reconcile_pick (id) VALUES (?)", ((m,) for m in groups if m))
        picked = "measure_id IN (SELECT id FROM temp.reconcile_pick)"
        # in rowid order, the order of a full read (a table scan), so unchanged rows digest equal (the
        # index on measure id orders a measure's rows by date and value); SQLite sorts the few rows in C
        queries.append(_ROWS_SQL + " AND " + picked + " ORDER BY rowid")
        of_docs = f"SELECT document_id FROM claims WHERE {picked}"
        if LOOSE in groups:
            queries.append(_ROWS_SQL + " AND measure_id IS NULL ORDER BY rowid")
            of_docs += " UNION SELECT document_id FROM claims WHERE measure_id IS NULL"
        else:
            loose_sql = None
        docs_sql = f"SELECT id, outlet, published FROM documents WHERE id IN ({of_docs})"
        measures_sql += " WHERE id IN (SELECT id FROM temp.reconcile_pick)"
    elif between is not None:
        lo, hi, with_loose = between
        # '+measure_id': no index, so the rows come by a table scan in rowid order, a full read's order
        conds = [c for c, b in (("+measure_id >= :lo", lo), ("+measure_id < :hi", hi)) if b is not None]
        ids = [c for c, b in (("id >= :lo", lo), ("id < :hi", hi)) if b is not None]
        picked = " AND ".join(conds) or "1"
        if with_loose:
            picked = f"({picked} OR measure_id IS NULL)"
        else:
            loose_sql = None
        queries.append(_ROWS_SQL + " AND " + picked)
        named = {"lo": lo, "hi": hi}
        docs_sql = "SELECT id, outlet, published FROM documents"
        measures_sql += " WHERE " + (" AND ".join(ids) or "1")
    elif measure_id is None:
        queries.append(_ROWS_SQL)
        docs_sql = "SELECT id, outlet, published FROM documents"
    else:
        queries.append(_ROWS_SQL + " AND measure_id = ?")
        args = (measure_id,)
        docs_sql = ("SELECT id, outlet, published FROM documents "
                    "WHERE id IN (SELECT document_id FROM claims WHERE measure_id = ?)")
        measures_sql += " WHERE id = ?"  # one measure: not the whole table
        loose_sql = None
        texts = dict(conn.execute("SELECT id, text FROM claims WHERE measure_id = ?", args).fetchall())
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: the ledger's Row factory costs time at a million rows
    # Every string a row shares with others (its document, measure, hedge, date) is taken from these
    # dicts, so a million rows hold one copy of each instead of one per row: less memory, and less
    # to free when the run ends (freeing a million rows' objects cost about a second).
    docs: dict[str, tuple[str, str | None, str | None]] = {
        d: (d, o, p) for d, o, p in cur.execute(docs_sql, () if named is not None else args)
    }
    if named is not None:
        args = named
    by_sid = {sid: (f"#{sid}", name) for sid, name in cur.execute("SELECT id, name FROM sources")}
    # per measure: its id, what its claims share with it, and the list its rows go into
    # a period start makes a running total only when the measure is one (NULL: before measures.v1)
    measures: dict[str, tuple[str, str, str, str | None, list[ClaimRow]]] = {
        m: (m, e, u, p, []) for m, e, u, p in cur.execute(measures_sql, args)
    }
    loose_eu: dict[str, tuple[str, str]] = {}
    if loose_sql is not None:
        loose_eu = {cid: (e, u) for cid, e, u in cur.execute(loose_sql)}
    loose: list[ClaimRow] = []
    shared: dict[str, str] = {}  # hedges and dates
    if outlets is None:
        outlets = _Outlets(conn)
    bits_of = _BITS
    own_voice = outlets.cache  # what ``outlets.party`` has worked out so far, by outlet
    new = tuple.__new__  # ClaimRow(...) without the generated __new__'s Python frame: ~20 % of the read
    rows = chain.from_iterable(cur.execute(sql, args) for sql in queries)
    # dict subscripts rather than ``.get``/``.setdefault`` calls: a specialised opcode instead of a
    # method call, five times per row (misses are rare and raise only the first time, or never)
    for cid, doc, mid, sid, source, low, high, hedge, as_of, bits in rows:
        if mid is not None:
            mid, event, unit, pstart, into = measures[mid]
        else:
            (event, unit), pstart, into = loose_eu[cid], None, loose
        head, attributed, sure, restated = bits_of[bits]
        try:
            doc, outlet, when = docs[doc]
        except KeyError:  # a claim whose document row is gone (raw SQL): no outlet, no date
            outlet = when = None
        if as_of and not restated:  # else the document's publication date
            try:
                when = shared[as_of]
            except KeyError:
                when = shared[as_of] = as_of
        if sid is not None:
            try:
                party, name = by_sid[sid]
            except KeyError:  # a source id with no source row
                party, name = f"#{sid}", f"source {sid}"
        elif attributed:
            party, name = "@" + light_key(source), source
        else:  # the article's own voice: its outlet's party, cached per outlet (no call per row)
            party, name = own_voice.get(outlet) or outlets.party(outlet)
            if not party:
                party = "doc:" + doc
        try:
            hedge = shared[hedge]
        except KeyError:
            shared[hedge] = hedge
        into.append(new(ClaimRow, (cid, doc, mid, party, name, attributed, low, high, hedge, unit, event,
                                   pstart, when, texts.get(cid, "") if texts else "", head, sure)))
    return {m: got[4] for m, got in measures.items() if got[4]}, loose


def reconcile_ledger(conn: sqlite3.Connection) -> ReconcileSummary:
    """Recompute every flag and grade from the ledger's non-rejected claims, in one transaction."""
    summary = _reconcile(conn, only_if_stale=False)
    assert summary is not None
    return summary


def reconcile_if_stale(conn: sqlite3.Connection) -> ReconcileSummary | None:
    """Recompute flags and grades if claims changed since they were computed; None when they are current.

    The mark is checked again under the write lock, so two processes finding it
    set recompute once.
    """
    if not is_stale(conn):
        return None
    return _reconcile(conn, only_if_stale=True)


def reconcile_measures(conn: sqlite3.Connection, measure_ids: Iterable[str]) -> int:
    """Recompute the flags and grades of a few measures, inside the caller's write transaction.

    For a review: a correction or a rejection can make or end a contradiction, so the
    reviewed claim's measure(s) are recomputed in the review's own transaction and the
    pages show the new flags at once. Each measure is reconciled on its own by the
    same core as ``reconcile_ledger``, so the result is what a full run gives for it.
    The stale mark is left alone: settling war starts and people's overrides still
    wait for the next full run. Returns the number of flags written.
    """
    if not conn.in_transaction:
        raise LedgerError("reconcile_measures runs inside the caller's write transaction")
    written = 0
    mids = sorted(set(measure_ids))
    digests.forget(conn, mids)  # results written outside a full run: the next run recomputes these
    dirty.mark(conn, mids)
    for mid in mids:
        result = reconcile_claims(iter_claim_rows(conn, mid))
        conn.execute(
            "DELETE FROM flag_claims WHERE flag_id IN (SELECT id FROM flags WHERE measure_id = ?)", (mid,)
        )
        conn.execute("DELETE FROM flags WHERE measure_id = ?", (mid,))
        first = (conn.execute("SELECT max(id) FROM flags").fetchone()[0] or 0) + 1
        conn.executemany(
            "INSERT INTO flags (id, kind, measure_id, detail, flag_key) VALUES (?, ?, ?, ?, ?)",
            (
                (i, f.kind, f.measure_id, f.detail, flag_key(f.kind, f.measure_id, f.claim_ids))
                for i, f in enumerate(result.flags, first)
            ),
        )
        conn.executemany(
            "INSERT INTO flag_claims (flag_id, claim_id) VALUES (?, ?)",
            ((i, cid) for i, f in enumerate(result.flags, first) for cid in f.claim_ids),
        )
        conn.execute(  # a person's dismissal outlives the flag ids (only the new ids are looked at)
            "UPDATE flags SET dismissed = 1, dismiss_note = "
            "(SELECT note FROM flag_dismissals d WHERE d.flag_key = flags.flag_key) "
            "WHERE id >= ? AND flag_key IN (SELECT flag_key FROM flag_dismissals)",
            (first,),
        )
        gone = conn.execute(
            "DELETE FROM claim_grades WHERE claim_id IN (SELECT id FROM claims WHERE measure_id = ?)", (mid,)
        ).rowcount
        rows = sorted((cid, g) for cid, g in result.grades.items() if g != "single")  # 'single': no row
        conn.executemany("INSERT INTO claim_grades (claim_id, grade) VALUES (?, ?)", rows)
        # the count the next run checks the table against (grades written here, not behind its back)
        conn.execute("UPDATE reconcile_state SET graded = graded - ? + ?", (gone, len(rows)))
        written += len(result.flags)
    return written


def _reconcile(conn: sqlite3.Connection, *, only_if_stale: bool) -> ReconcileSummary | None:
    t0 = time.perf_counter()
    if conn.in_transaction:
        raise LedgerError("reconcile needs the ledger outside a transaction: commit or roll back first")
    # Every id written below comes from rows read inside the same write transaction, so references
    # hold by construction; checking them anyway doubles the write time and stops DELETE from
    # truncating. The connection's setting is restored afterwards.
    fk = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    # A million small acyclic objects make the cyclic GC rescan the heap over and over; pausing it
    # while they are built saves about a quarter of the run. Restored afterwards.
    gc_was_on = gc.isenabled()
    try:
        if fk:
            conn.execute("PRAGMA foreign_keys = OFF")
        gc.disable()
        # Take the write lock first so the claims read are exactly the claims the results belong to;
        # readers (WAL) go on reading the old results until COMMIT.
        with write_transaction(conn, "reconcile could not write its results"):
            if only_if_stale and not is_stale(conn):  # another process reconciled meanwhile: nothing to write
                return None
            changes = conn.total_changes  # what this transaction wrote so far: nothing yet
            settle_measures(conn)  # what later articles taught the ledger about war starts
            apply_measure_overrides(conn)  # people's merges and pins outrank what settling moved
            fingerprint = digests.code_fingerprint()
            outlets = _Outlets(conn)
            total = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
            got = None
            moved: list[str] | None = None
            marked = dirty.changed_groups(conn, fingerprint, outlets.party)
            if marked is not None:  # read only the claims of the measures marked since the last run
                groups, moved = marked
                got = _rerun_marked(conn, groups, fingerprint, outlets, total)
            if got is None:
                moved = None  # a full read: every outlet's party is stored anew
                # a full recompute for sure (a first run, digests all UNKNOWN, grades changed by hand) of a
                # big ledger: split over processes by measure, when other connections read what this one
                # would (settling and overrides wrote nothing)
                ranges = (
                    parallel.split(conn, total, conn.total_changes == changes)
                    if _recompute_all_anyway(conn) else None
                )
                if ranges is not None:
                    got = _recompute_split(conn, outlets, *ranges)
            if got is None:
                by_measure, loose = read_claim_groups(conn, outlets=outlets)
                claims = len(loose) + sum(map(len, by_measure.values()))
                plan = _plan(conn, by_measure, loose, fingerprint, claims)
                counts = None
                if plan is not None and plan[0] is not None:
                    counts = _recompute_some(conn, by_measure, loose, plan[1], *plan[0], claims)
                if counts is None:  # a first run, most claims changed, or results not what the digests say
                    counts = _recompute_all(conn, by_measure, loose)
                    # digests already worked out are kept; a first run stores none (digests.UNKNOWN)
                    known = plan[1] if plan is not None else None
                    digests.replace_all(conn, known or digests.unknown(by_measure, loose))
                got = counts, claims, len(by_measure)
            (_by_kind, by_grade), claims_read, _measures = got
            # what the next run checks claim_grades against (a row per claim not graded 'single')
            conn.execute("UPDATE reconcile_state SET graded = ?", (claims_read - by_grade.get("single", 0),))
            dirty.done(conn, fingerprint, outlets.party, moved)
            mark_reconciled(conn)
    finally:
        if gc_was_on:
            gc.enable()
        if fk:
            conn.execute("PRAGMA foreign_keys = ON")
    (by_kind, by_grade), claims, measures = got
    return ReconcileSummary(
        claims=claims,
        excluded=total - claims,
        measures=measures,
        flags={k: by_kind.get(k, 0) for k in FLAG_KINDS},
        grades={g: by_grade.get(g, 0) for g in GRADES},
        seconds=time.perf_counter() - t0,
    )


Counts = tuple[Mapping[str, int], Mapping[str, int]]
#: A re-run recomputes everything (fresh flag ids from 1) when the changed groups hold more than this
#: share of the claims: then rewriting all is no dearer, and the ids come out as a first run's.
_FULL_SHARE = 0.5


def _rerun_marked(
    conn: sqlite3.Connection, groups: set[str], fingerprint: bytes, outlets: _Outlets, total: int
) -> tuple[Counts, int, int] | None:
    """Read and digest only the ``groups`` marked since the last run; recompute those whose digest differs.

    None: the stored results are not what the digests describe (a full run instead).
    """
    cur = conn.cursor()
    cur.row_factory = None
    if not _grades_intact(conn):
        return None  # grade rows written or deleted behind reconcile's back: recompute everything
    by_measure, loose = read_claim_groups(conn, groups=groups, outlets=outlets)
    new_digests = digests.group_digests(by_measure, loose, fingerprint)
    stored = dict(cur.execute(
        "SELECT measure_id, digest FROM reconcile_digests "
        "WHERE measure_id IN (SELECT id FROM temp.reconcile_pick)"
    ))
    if LOOSE in groups:
        stored.update(cur.execute("SELECT measure_id, digest FROM reconcile_digests WHERE measure_id = ''"))
    changed = [m for m, d in new_digests.items() if stored.get(m) != d]
    gone = [m for m in stored if m not in new_digests]
    rejected = cur.execute("SELECT count(*) FROM claims WHERE review_status = 'rejected'").fetchone()[0]
    claims = total - rejected
    counts = _recompute_some(conn, by_measure, loose, new_digests, changed, gone, claims)
    if counts is None:
        return None
    measures = cur.execute("SELECT count(*) FROM reconcile_digests WHERE measure_id != ''").fetchone()[0]
    return counts, claims, measures


def _plan(
    conn: sqlite3.Connection,
    by_measure: dict[str, list[ClaimRow]],
    loose: list[ClaimRow],
    fingerprint: bytes,
    claims: int,
) -> tuple[tuple[list[str], list[str]] | None, dict[str, bytes]] | None:
    """The groups to recompute (changed or new) and the groups gone since, with the groups' new digests.

    ``(None, digests)``: recompute everything (most rows changed), keeping the digests worked out.
    None: recompute everything, and no digest was worked out, because none stored could be equal: a
    first run (no digests), digests all ``UNKNOWN`` (a full run's), or grade rows changed by hand.
    """
    if _recompute_all_anyway(conn):
        return None
    stored = digests.stored_digests(conn)
    new_digests = digests.group_digests(by_measure, loose, fingerprint)
    changed = [m for m, d in new_digests.items() if stored.get(m) != d]
    gone = [m for m in stored if m not in new_digests]
    rows = sum(len(loose) if m == digests.LOOSE else len(by_measure[m]) for m in changed)
    if rows > claims * _FULL_SHARE:
        return None, new_digests
    return (changed, gone), new_digests


def _recompute_all_anyway(conn: sqlite3.Connection) -> bool:
    """What ``_plan`` returns None for, found before reading: no stored digest could equal a new one."""
    return not any(digests.stored_digests(conn).values()) or not _grades_intact(conn)


def _grades_intact(conn: sqlite3.Connection) -> bool:
    """claim_grades holds as many rows as the last run (or review) left: nothing wrote or deleted grades
    by hand, and no graded claim was deleted by raw SQL (the ledger never deletes claims)."""
    left = conn.execute("SELECT graded FROM reconcile_state").fetchone()
    return left is not None and left[0] == conn.execute("SELECT count(*) FROM claim_grades").fetchone()[0]


def _recompute_all(
    conn: sqlite3.Connection, by_measure: dict[str, list[ClaimRow]], loose: list[ClaimRow]
) -> Counts:
    """Every flag and grade anew: flags numbered from 1 in the core's order."""
    result = reconcile_groups(by_measure, loose, singles=False)  # 'single' is no row: not even computed
    conn.execute("DELETE FROM flag_claims")
    conn.execute("DELETE FROM flags")
    _write_flags(conn, result.flags, 1)
    _write_grades(conn, result.grades)
    by_grade = Counter(result.grades.values())
    by_grade["single"] = len(loose) + sum(map(len, by_measure.values())) - len(result.grades)
    return Counter(f.kind for f in result.flags), by_grade


_Groups = tuple[dict[str, list[ClaimRow]], list[ClaimRow]]


def _recompute_split(
    conn: sqlite3.Connection, outlets: _Outlets, path: str, ranges: list[parallel.Bounds]
) -> tuple[Counts, int, int]:
    """``_recompute_all`` with the measures read and judged in ``parallel.split``'s ranges, one process each.

    This process judges the first range while the others work, then writes every range's flags in
    range order (ids from 1: the core's order, as ``_recompute_all`` numbers them) and all grades.
    """

    def read(c: sqlite3.Connection, bounds: parallel.Bounds) -> _Groups:
        return read_claim_groups(c, outlets=outlets, between=bounds)

    workers = parallel.Workers()
    try:
        workers.start(path, ranges, read)
        parts = [parallel.judge(*read(conn, ranges[0]))]
        conn.execute("DELETE FROM flag_claims")
        conn.execute("DELETE FROM flags")
        indexes = _drop_indexes(conn, "flag_claims")  # built again once every range's rows are in
        parallel.write_flags(conn, parts[0], 1)
        first = 1 + parts[0].flags
        for part in workers.parts():
            parallel.write_flags(conn, part, first)
            first += part.flags
            parts.append(part)
    finally:
        workers.close()
    for create in indexes:
        conn.execute(create)
    mark_dismissed(conn, since=1)  # a person's dismissal outlives the flag ids
    parallel.write_grades(conn, parts)
    groups = [g for p in parts for g in p.groups]
    digests.replace_all(conn, dict.fromkeys(groups, digests.UNKNOWN))  # as a full run stores them
    by_kind: Counter[str] = Counter()
    by_grade: Counter[str] = Counter()
    for p in parts:
        by_kind.update(p.kinds)
        by_grade.update(p.grades)
    claims = sum(p.claims for p in parts)
    by_grade["single"] = claims - sum(by_grade.values())
    return (by_kind, by_grade), claims, len(groups) - (digests.LOOSE in groups)


def _recompute_some(
    conn: sqlite3.Connection,
    by_measure: dict[str, list[ClaimRow]],
    loose: list[ClaimRow],
    new_digests: dict[str, bytes],
    changed: list[str],
    gone: list[str],
    claims: int,
) -> Counts | None:
    """Recompute the ``changed`` groups only, drop the flags of ``gone`` ones; None: do a full run instead.

    The other measures' flags (ids, dismissals and all) and grades stay as they are: their rows and
    the code are what they were computed from. The new flags take ids after the highest one.
    """
    result = reconcile_groups(
        {m: by_measure[m] for m in changed if m != digests.LOOSE},
        loose if digests.LOOSE in changed else [],
    )
    _delete_flags(conn, changed + gone)
    first = (conn.execute("SELECT max(id) FROM flags").fetchone()[0] or 0) + 1
    _write_flags(conn, result.flags, first)
    _write_some_grades(conn, result.grades)
    cur = conn.cursor()
    cur.row_factory = None
    by_grade: dict[str, int] = dict(cur.execute("SELECT grade, count(*) FROM claim_grades GROUP BY grade"))
    stored = sum(by_grade.values())
    if stored > claims or "single" in by_grade:
        return None  # rows that no run writes: the results are not what the digests describe
    by_grade["single"] = claims - stored  # the claims with no row
    by_kind = dict(cur.execute("SELECT kind, count(*) FROM flags GROUP BY kind"))
    digests.update(conn, {m: new_digests[m] for m in changed}, gone)
    return by_kind, by_grade


def _delete_flags(conn: sqlite3.Connection, groups: list[str]) -> None:
    """Delete the flags (and their claim links) of these measure ids (``LOOSE``: flags of no measure)."""
    mids = [m for m in groups if m != digests.LOOSE]
    for part in digests.chunks(mids):
        marks = ",".join("?" * len(part))
        conn.execute(
            f"DELETE FROM flag_claims WHERE flag_id IN (SELECT id FROM flags WHERE measure_id IN ({marks}))",
            part,
        )
        conn.execute(f"DELETE FROM flags WHERE measure_id IN ({marks})", part)
    if digests.LOOSE in groups:
        conn.execute(
            "DELETE FROM flag_claims WHERE flag_id IN (SELECT id FROM flags WHERE measure_id IS NULL)"
        )
        conn.execute("DELETE FROM flags WHERE measure_id IS NULL")


def _write_flags(conn: sqlite3.Connection, flags: tuple[Flag, ...], first: int) -> None:
    """Insert ``flags`` with ids from ``first``, their keys, dismissals and claims."""
    keys = flag_keys((f.kind, f.measure_id, f.claim_ids) for f in flags)
    conn.executemany(
        "INSERT INTO flags (id, kind, measure_id, detail, flag_key) VALUES (?, ?, ?, ?, ?)",
        (
            (i, f.kind, f.measure_id, f.detail, k)
            for i, (f, k) in enumerate(zip(flags, keys, strict=True), first)
        ),
    )
    del keys
    mark_dismissed(conn, since=first)  # a person's dismissal outlives the flag ids
    _insert_unindexed(
        conn, "flag_claims", "INSERT INTO flag_claims (flag_id, claim_id) VALUES (?, ?)",
        ((i, cid) for i, f in enumerate(flags, first) for cid in f.claim_ids),
        len(flags),
    )


#: Below this many rows a table's indexes are kept while rows go in (dropping costs more than it saves).
_REINDEX_ROWS = 20_000


def _insert_unindexed(
    conn: sqlite3.Connection, table: str, sql: str, rows: Iterable[tuple[object, ...]], expected: int
) -> None:
    """executemany ``sql`` into ``table`` (just emptied), with its secondary indexes built afterwards.

    flag_claims' index on claim id takes claim ids in random order: at a million claims, inserting
    into it row by row cost more than inserting the rows, while CREATE INDEX sorts them once in C.
    The same index definitions are recreated from the schema, inside the caller's transaction (a
    rollback restores them; readers see the old index until COMMIT).
    """
    if expected < _REINDEX_ROWS:
        conn.executemany(sql, rows)
        return
    indexes = _drop_indexes(conn, table)
    conn.executemany(sql, rows)
    for create in indexes:
        conn.execute(create)


def _drop_indexes(conn: sqlite3.Connection, table: str) -> list[str]:
    """Drop ``table``'s secondary indexes; their CREATE statements, to run once its rows are in."""
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    return [create for _name, create in indexes]


def _write_grades(conn: sqlite3.Connection, grades: dict[str, str]) -> None:
    """A full recompute: claim_grades anew from ``grades``, which holds no 'single' (``singles=False``).

    No row is the most common grade, 'single' (migration 0019): ~60 % of a big ledger's claims, which
    a first run no longer writes. The rows go in claim id order, appending to the B-tree (far cheaper
    than random inserts), sorted by SQLite in C (Python's sort of (id, grade) pairs took longer than
    the inserts themselves). They reach SQLite as ONE JSON object (``orjson``, in C) that
    ``json_each`` unpacks inside a single INSERT ... SELECT: binding ~400,000 rows one by one
    (``executemany``: a statement step, with the GIL released and taken again, per row) cost about
    twice as much. Ids and grades are plain strings, so JSON carries them exactly. Rows of claims
    deleted since went with them (ON DELETE CASCADE); rejected claims get none.
    """
    conn.execute("DELETE FROM claim_grades")
    conn.execute(
        "INSERT INTO claim_grades (claim_id, grade) SELECT key, value FROM json_each(?) ORDER BY key",
        (orjson.dumps(grades),),
    )


def _write_some_grades(conn: sqlite3.Connection, grades: dict[str, str]) -> None:
    """Write the grades of the recomputed claims that differ from the stored ones; drop rejected claims'.

    A claim graded 'single' has no row (one it had is deleted). Claims of unchanged measures keep
    their rows. A claim rejected since has no grade (its measure changed, so the rest of that measure
    is in ``grades``); a claim deleted since lost its row by the schema's ON DELETE CASCADE.
    """
    conn.execute(
        "DELETE FROM claim_grades WHERE claim_id IN (SELECT id FROM claims WHERE review_status = 'rejected')"
    )
    cur = conn.cursor()
    cur.row_factory = None
    ids = sorted(grades)
    old: dict[str, str] = {}
    for part in digests.chunks(ids):
        old.update(cur.execute(
            f"SELECT claim_id, grade FROM claim_grades WHERE claim_id IN ({','.join('?' * len(part))})", part
        ))
    conn.executemany(
        "DELETE FROM claim_grades WHERE claim_id = ?",
        [(cid,) for cid in ids if cid in old and grades[cid] == "single"],
    )
    conn.executemany(  # in key order: appending to the B-tree is several times faster than random inserts
        "INSERT OR REPLACE INTO claim_grades (claim_id, grade) VALUES (?, ?)",
        [(cid, g) for cid in ids if (g := grades[cid]) != "single" and old.get(cid) != g],
    )


def measure_timeline(conn: sqlite3.Connection, measure_id: str) -> list[TimelinePoint]:
    """Every non-rejected claim of one measure in date order: who says what, when, and its grade."""
    rows = list(iter_claim_rows(conn, measure_id))
    meta = {
        cid: (outlet, title, grade, why_not(
            {"cue_start": cue, "sentence_start": s0, "sentence_end": s1, "as_of": as_of, "time_start": t,
             "restated": restated}
        ))
        for cid, outlet, title, grade, cue, s0, s1, as_of, t, restated in conn.execute(
            f"""SELECT c.id, d.outlet, d.title, {GRADE_SQL}, c.cue_start, c.sentence_start,
                      c.sentence_end, c.as_of, c.time_start, {restated_sql("c")}
               FROM claims c JOIN documents d ON d.id = c.document_id
               LEFT JOIN claim_grades g ON g.claim_id = c.id WHERE c.measure_id = ?""",
            (measure_id,),
        ).fetchall()
    }
    rows.sort(key=lambda r: (r.date or "9999", r.party_name, r.low or 0.0, r.id))
    return [
        TimelinePoint(r.date, r.party_name, r.attributed, r.low, r.high, r.hedge, r.text, r.id, r.document_id,
                      *meta.get(r.id, (None, None, None, None)))
        for r in rows
    ]


def measure_estimates(conn: sqlite3.Connection, measure_id: str) -> list[Estimate]:
    """low / best / high / conservative per date for one measure (rules in docs/reconcile.md)."""
    return estimates(iter_claim_rows(conn, measure_id))

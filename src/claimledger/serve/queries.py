"""Read queries behind each page, as plain functions of a sqlite3 connection.

Each page runs its queries in one call (one hop to Datasette's read thread)
and gets plain dicts back; keeping SQL here lets tests and the benchmark
check the queries without a server, and keeps the views about HTTP only.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict, defaultdict
from typing import Any

from datasette.utils import escape_fts

from ..reconcile.restated import restated_sql
from ..reconcile.types import GRADE_SQL

__all__ = [
    "MEASURE_COLUMNS",
    "PAGE",
    "QUICK_OFFSET",
    "RANK_LIMIT",
    "SLOW",
    "audit_page",
    "conflicts_page",
    "document_page",
    "documents_page",
    "measure_page",
    "measures_of",
    "measures_page",
    "sources_page",
]

PAGE = 50
RANK_LIMIT = 5000  # search results are ranked by relevance up to this many matches
Row = dict[str, Any]


def rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Row]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _marks(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def flags_for_claims(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for i in range(0, len(claim_ids), 500):
        part = claim_ids[i : i + 500]
        sql = (
            "SELECT fc.claim_id, f.id, f.kind, f.detail, f.measure_id FROM flag_claims fc "
            f"JOIN flags f ON f.id = fc.flag_id WHERE fc.claim_id IN ({_marks(part)})"
        )
        for r in rows(conn, sql, tuple(part)):
            out[r.pop("claim_id")].append(r)
    return dict(out)


def measures_of(conn: sqlite3.Connection, claim_ids: list[str]) -> set[str]:
    """The measures the given claims are in (claims without a measure add nothing)."""
    out: set[str] = set()
    for i in range(0, len(claim_ids), 500):
        part = claim_ids[i : i + 500]
        sql = f"SELECT DISTINCT measure_id FROM claims WHERE id IN ({_marks(part)}) AND measure_id NOT NULL"
        out.update(str(r[0]) for r in conn.execute(sql, tuple(part)))
    return out


def documents_page(
    conn: sqlite3.Connection,
    *,
    q: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Row:
    """One page of documents, newest first (or best FTS match first when searching)."""
    where, params = [], []
    if outlet:
        where.append("d.outlet = ?")
        params.append(outlet)
    if since:
        where.append("d.published >= ?")
        params.append(since)
    if until:
        where.append("d.published <= ?")
        params.append(until)
    select = (
        "SELECT d.id, d.title, d.outlet, d.published, d.claim_count, "
        "(SELECT count(DISTINCT fc.flag_id) FROM claims c JOIN flag_claims fc ON fc.claim_id = c.id "
        " WHERE c.document_id = d.id) AS flag_count"
    )
    offset = (max(page, 1) - 1) * PAGE
    fts = escape_fts(q.strip()) if q.strip() else ""
    matches: int | None = None
    if fts:
        # Rank first, then build the 51 rows: computing snippets and flag counts in the
        # ranked query would do it for every match (thousands for a common word).
        filters = "".join(" AND " + w for w in where)
        # bm25 for every match costs ~1.5 ms per thousand matches; past RANK_LIMIT
        # the newest matches come first instead (the page says so).
        matches = conn.execute(
            "SELECT count(*) FROM documents_fts "
            + ("JOIN documents d ON d.rowid = documents_fts.rowid " if filters else "")
            + f"WHERE documents_fts MATCH ? {filters}",
            (fts, *params),
        ).fetchone()[0]
        order = "rank" if matches <= RANK_LIMIT else "documents_fts.rowid DESC"
        ranked = [
            r[0]
            for r in conn.execute(
                "SELECT documents_fts.rowid FROM documents_fts "
                + ("JOIN documents d ON d.rowid = documents_fts.rowid " if filters else "")
                + f"WHERE documents_fts MATCH ? {filters} ORDER BY {order} LIMIT ? OFFSET ?",
                (fts, *params, PAGE + 1, offset),
            )
        ]
        found = []
        if ranked:
            sql = (
                f"{select}, documents_fts.rowid AS _rowid, "
                "snippet(documents_fts, 1, char(57344), char(57345), '…', 16) AS snippet "
                "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                f"WHERE documents_fts MATCH ? AND documents_fts.rowid IN ({_marks([str(r) for r in ranked])})"
            )
            by_rowid = {r.pop("_rowid"): r for r in rows(conn, sql, (fts, *ranked))}
            found = [by_rowid[r] for r in ranked if r in by_rowid]
    else:
        sql = (
            f"{select}, substr(d.text, 1, 240) AS snippet FROM documents d "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY d.published DESC, d.rowid DESC LIMIT ? OFFSET ?"
        )
        found = rows(conn, sql, (*params, PAGE + 1, offset))
    outlets = rows(
        conn,
        "SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY n DESC LIMIT 40",
    )
    return {
        "documents": found[:PAGE],
        "more": len(found) > PAGE,
        "outlets": outlets,
        "matches": matches,
        "by_relevance": matches is not None and matches <= RANK_LIMIT,
    }


def document_page(conn: sqlite3.Connection, doc_id: str) -> Row | None:
    """A document, its claims in text order with flags, grades and measure labels."""
    docs = rows(
        conn,
        "SELECT id, text, title, url, outlet, published, origin, format, rules, added_at "
        "FROM documents WHERE id = ?",
        (doc_id,),
    )
    if not docs:
        return None
    claims = rows(
        conn,
        f"SELECT c.*, s.name AS source_name, {GRADE_SQL} AS grade, m.label AS measure_label, "
        f"{restated_sql('c')} AS restated "  # the card's "raises no contradiction" (confidence.why_not)
        "FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
        "LEFT JOIN claim_grades g ON g.claim_id = c.id "
        "LEFT JOIN measures m ON m.id = c.measure_id "
        "WHERE c.document_id = ? ORDER BY c.span_start",
        (doc_id,),
    )
    flags = flags_for_claims(conn, [c["id"] for c in claims])
    return {"doc": docs[0], "claims": claims, "flags": flags}


# Columns of the measure page's claim tuples, in query order.
MEASURE_COLUMNS = (
    "id",
    "document_id",
    "low",
    "high",
    "hedge",
    "unit",
    "as_of",
    "review_status",
    "source_id",
    "source_name",
    "day",
    "own_outlet",
)


#: /measures sort orders: name -> (SQL over the per-measure statistics, what the page calls it).
MEASURE_SORTS: dict[str, tuple[str, str]] = {
    "label": ("m.label COLLATE NOCASE", "name"),
    "claims": ("st.claims DESC, m.label COLLATE NOCASE", "most claims"),
    "sources": ("st.sources DESC, st.claims DESC, m.label COLLATE NOCASE", "most sources"),
    "latest": ("st.latest DESC, m.label COLLATE NOCASE", "latest date"),
    "spread": ("st.spread DESC, st.claims DESC, m.label COLLATE NOCASE", "widest spread"),
}
# Per-measure statistics over its non-rejected claims, all from the claims_measure_chart covering
# index except the publication date of claims without an as-of date. Spread: how far apart the
# highest and lowest figures are, as a share of the highest (0 = all agree, 1 = orders apart).
_STATS = (
    "SELECT {key}count(*) AS claims, count(DISTINCT c.source_id) AS sources, "
    "max(coalesce(c.as_of, (SELECT published FROM documents d WHERE d.id = c.document_id))) AS latest, "
    "min(coalesce(c.low, c.high)) AS lowest, max(coalesce(c.high, c.low)) AS highest, "
    "CASE WHEN max(coalesce(c.high, c.low)) > 0 THEN "
    "(max(coalesce(c.high, c.low)) - min(coalesce(c.low, c.high))) / max(coalesce(c.high, c.low)) "
    "ELSE 0 END AS spread "
    "FROM {claims} WHERE c.measure_id = {m} AND c.review_status != 'rejected'"
)


def measures_page(
    conn: sqlite3.Connection,
    *,
    q: str = "",
    event: str = "",
    place: str = "",
    source: str = "",
    sort: str = "label",
    page: int = 1,
) -> Row:
    """Measures with claim, source and flag counts, latest date and spread; filtered and sorted.

    Sorted by name (the default), the page is cut first and counted after, so it
    costs the same on any ledger. Sorted by a statistic, the filters pick the
    measures first and only their claims are counted (one pass over their part
    of the claims index): narrow with the filters on a big ledger. Measures
    merged into another are left out.
    """
    where, params = ["m.id NOT IN (SELECT from_id FROM measure_merges)"], []
    if q:
        where.append("m.label LIKE ?")
        params.append(f"%{q}%")
    if event:
        where.append("m.event = ?")
        params.append(event)
    if place:
        where.append("m.place LIKE ?")
        params.append(f"%{place}%")
    if source:
        where.append(
            "m.id IN (SELECT c.measure_id FROM claims c WHERE c.source_id IN "
            "(SELECT s.id FROM sources s WHERE s.name LIKE ? "
            " UNION SELECT a.source_id FROM source_aliases a WHERE a.alias LIKE ?))"
        )
        params += [f"%{source}%", f"%{source}%"]
    order, _ = MEASURE_SORTS.get(sort, MEASURE_SORTS["label"])
    cond = "WHERE " + " AND ".join(where)
    offset = (max(page, 1) - 1) * PAGE
    cols = "m.id, m.label, m.event, m.subject, m.place, m.period_start, m.unit"
    if sort not in MEASURE_SORTS or sort == "label":
        found = rows(
            conn,
            f"SELECT {cols} FROM measures m {cond} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, PAGE + 1, offset),
        )
        for m in found[:PAGE]:
            m.update(rows(conn, _STATS.format(key="", claims="claims c", m="?"), (m["id"],))[0])
    else:
        # The filters pick the measures first; only their claims are counted (a filtered
        # view of a 10M-claim ledger: 16 s when every measure was counted, then filtered).
        stats = _STATS.format(key="c.measure_id AS mid, ", claims="picked f JOIN claims c", m="f.id")
        found = rows(
            conn,
            f"WITH picked AS (SELECT m.id FROM measures m {cond}) "
            f"SELECT {cols}, st.claims, st.sources, st.latest, st.lowest, st.highest, st.spread "
            f"FROM ({stats} GROUP BY c.measure_id) st JOIN measures m ON m.id = st.mid "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, PAGE + 1, offset),
        )
    for m in found[:PAGE]:
        m["flags"] = conn.execute(
            "SELECT count(*) FROM flags WHERE measure_id = ? AND dismissed = 0", (m["id"],)
        ).fetchone()[0]
    return {"measures": found[:PAGE], "more": len(found) > PAGE, "sorts": MEASURE_SORTS}


FLAGS_SHOWN = 30  # a measure page lists this many flags; /conflicts has them all
CHART_POINTS = 400  # past this many claims a measure is charted from SQL aggregates
CHART_WINDOWS = 60  # time windows across a big measure's dates
_SUMMARY_CACHE: OrderedDict[str, tuple[tuple[Any, ...], Row]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64
# A big measure's page read on the event loop skips at most this many index entries (page 100).
QUICK_OFFSET = 5_000
# What a ``quick`` read returns instead of aggregating or skipping far: compare with ``is``.
SLOW: Row = {"slow": True}


def measure_page(
    conn: sqlite3.Connection,
    measure_id: str,
    *,
    page: int = 1,
    per_page: int = 50,
    limit: int = CHART_POINTS,
    quick: bool = False,
) -> Row | None:
    """A measure: why its claims are together, the chart's data, one page of its claims, its flags.

    A measure of up to ``limit`` claims is charted claim by claim; a bigger one
    is aggregated in SQL (per source and time window, see ``chart_groups``) and
    the result cached until the ledger changes, so a measure of 100,000 claims
    costs about what a small one does. The claims table is paged: newest first
    by date (as-of, else publication) for ordinary measures, by as-of date along
    the index for big ones (claims dated only by their article come last).

    ``quick``: return ``SLOW`` instead of doing anything whose cost grows
    with the ledger (aggregating a big measure whose cached summary is stale,
    or skipping more than ``QUICK_OFFSET`` index entries), so the caller can
    run it on the event loop and hand only those reads to a thread.
    """
    offset = (max(page, 1) - 1) * per_page
    summary = measure_summary(conn, measure_id, limit, cached_only=quick)
    if summary is SLOW:
        return SLOW
    total = summary["total"]
    if quick and total > limit and offset > QUICK_OFFSET:
        return SLOW
    ms = rows(conn, "SELECT * FROM measures WHERE id = ?", (measure_id,))
    if not ms:
        return None
    merged_into = conn.execute(
        "SELECT into_id FROM measure_merges WHERE from_id = ?", (measure_id,)
    ).fetchone()
    merged_from = rows(
        conn,
        "SELECT mm.from_id AS id, m.label, mm.actor, mm.at, mm.note FROM measure_merges mm "
        "LEFT JOIN measures m ON m.id = mm.from_id WHERE mm.into_id = ? ORDER BY mm.at",
        (measure_id,),
    )
    pinned = conn.execute(
        "SELECT count(*) FROM claim_measure_pins WHERE measure_id = ?", (measure_id,)
    ).fetchone()[0]
    cur = conn.cursor()
    cur.row_factory = None
    select = (
        "SELECT c.id, c.document_id, c.low, c.high, c.hedge, c.unit, c.as_of, c.review_status, c.source_id, "
        "s.name AS source_name, "
        "coalesce(c.as_of, (SELECT published FROM documents d WHERE d.id = c.document_id)) AS day, "
        "CASE WHEN c.source_id IS NULL THEN (SELECT outlet FROM documents d WHERE d.id = c.document_id) END "
        "AS own_outlet "
        "FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
    )
    if total <= limit:
        found: list[tuple[Any, ...]] = cur.execute(
            f"{select} WHERE c.measure_id = ? ORDER BY day DESC, c.id DESC LIMIT ? OFFSET ?",
            (measure_id, per_page + 1, offset),
        ).fetchall()
    else:
        # Big: the page's ids from the covering index alone (cheap to skip thousands), then their rows.
        ids = [
            r[0]
            for r in cur.execute(
                "SELECT id FROM claims WHERE measure_id = ? ORDER BY as_of DESC LIMIT ? OFFSET ?",
                (measure_id, per_page + 1, offset),
            )
        ]
        by_id = {
            r[0]: r
            for r in (cur.execute(f"{select} WHERE c.id IN ({_marks(ids)})", tuple(ids)) if ids else ())
        }
        found = [by_id[i] for i in ids if i in by_id]
    claims = [dict(zip(MEASURE_COLUMNS, c, strict=True)) for c in found[:per_page]]
    _add_claim_details(conn, claims)
    flags = rows(
        conn,
        "SELECT id, kind, detail, flag_key, dismissed, dismiss_note FROM flags WHERE measure_id = ? "
        "ORDER BY id LIMIT ?",
        (measure_id, FLAGS_SHOWN + 1),
    )
    return {
        "measure": ms[0],
        "merged_into": merged_into[0] if merged_into else None,
        "merged_from": merged_from,
        "pinned": pinned,
        "summary": summary,  # the cached object for a big measure: the view keeps its rendered chart in it
        "points": summary["points"],
        "groups": summary["groups"],
        "series_names": summary["series_names"],
        "claims": claims,
        "more": len(found) > per_page,
        "total": total,
        "flags": flags[:FLAGS_SHOWN],
        "more_flags": len(flags) > FLAGS_SHOWN,
        "suggestions": merge_suggestions(conn, ms[0]),
    }


def _add_claim_details(conn: sqlite3.Connection, claims: list[Row]) -> None:
    """The article (date, title, outlet) and the sentence of the claims on the page.

    One query: the article's date, title and outlet are stored after its text, so
    reading them walks the same pages as cutting the sentence out of the text.
    """
    ids = [c["id"] for c in claims]
    extra = (
        {
            r["id"]: r
            for r in rows(
                conn,
                "SELECT c.id, c.text, c.source, c.place, d.published, d.title, d.outlet, substr(d.text, "
                "c.sentence_start + 1, min(c.sentence_end - c.sentence_start, 400)) AS sentence, "
                "(SELECT 1 FROM claim_measure_pins p WHERE p.claim_id = c.id) AS pinned "
                f"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({_marks(ids)})",
                tuple(ids),
            )
        }
        if ids
        else {}
    )
    for c in claims:
        c.update(extra.get(c["id"]) or {"published": None, "title": None, "outlet": None})


def merge_suggestions(conn: sqlite3.Connection, measure: Row, n: int = 30) -> list[Row]:
    """Measures a person might merge this one into: same event and place, by label.

    Read along the measures_event_place index (migration 0011), so it costs the
    same on any ledger; any other measure can be named by its id in the form.
    """
    return rows(
        conn,
        "SELECT m.id, m.label FROM measures m "
        "WHERE m.event = ? AND m.place IS ? AND m.id != ? "
        "AND m.id NOT IN (SELECT from_id FROM measure_merges) ORDER BY m.label LIMIT ?",
        (measure["event"], measure["place"], measure["id"], n),
    )


def _ledger_version(conn: sqlite3.Connection) -> tuple[Any, ...]:
    """Changes whenever claims are added, reviewed or regrouped (three index lookups)."""
    return tuple(
        conn.execute(
            "SELECT (SELECT max(rowid) FROM claims), (SELECT max(id) FROM reviews), "
            "(SELECT max(id) FROM decisions)"
        ).fetchone()
    )


def _claims_upto(conn: sqlite3.Connection, measure_id: str, most: int) -> int:
    """The measure's number of claims, counted to ``most`` at most (index entries only)."""
    found: int = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM claims WHERE measure_id = ? LIMIT ?)", (measure_id, most)
    ).fetchone()[0]
    return found


def measure_summary(
    conn: sqlite3.Connection, measure_id: str, limit: int = CHART_POINTS, *, cached_only: bool = False
) -> Row:
    """What the chart and the header need: total claims, and points or aggregated groups.

    Small measures: every non-rejected claim as a point (cheap, not cached).
    Big ones: ``chart_groups`` in SQL, cached per measure until ``_ledger_version``
    changes, because it reads every claim of the measure. ``cached_only``: return
    ``SLOW`` rather than aggregate.
    """
    cur = conn.cursor()
    cur.row_factory = None
    head = _claims_upto(conn, measure_id, limit + 1)
    if head <= limit:
        points = cur.execute(
            "SELECT c.id, c.document_id, c.low, c.high, c.hedge, c.unit, c.as_of, c.review_status, "
            "c.source_id, s.name, "
            "coalesce(c.as_of, (SELECT published FROM documents d WHERE d.id = c.document_id)), "
            "CASE WHEN c.source_id IS NULL THEN "
            "(SELECT outlet FROM documents d WHERE d.id = c.document_id) END "
            "FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
            "WHERE c.measure_id = ? AND c.review_status != 'rejected'",
            (measure_id,),
        ).fetchall()
        return {"total": head, "points": points, "groups": None, "series_names": {}}
    version = _ledger_version(conn)
    with _CACHE_LOCK:
        hit = _SUMMARY_CACHE.get(measure_id)
        if hit is not None and hit[0] == version:
            _SUMMARY_CACHE.move_to_end(measure_id)
            return hit[1]
    if cached_only:
        return SLOW
    total = cur.execute("SELECT count(*) FROM claims WHERE measure_id = ?", (measure_id,)).fetchone()[0]
    groups = chart_groups(conn, measure_id)
    sids = sorted({int(g[0]) for g in groups if g[0].isdigit()})
    names: dict[str, str] = {}
    for i in range(0, len(sids), 500):
        part = sids[i : i + 500]
        for sid, name in conn.execute(
            f"SELECT id, name FROM sources WHERE id IN ({_marks([str(x) for x in part])})", part
        ):
            names[str(sid)] = name
    summary = {"total": total, "points": [], "groups": groups, "series_names": names}
    with _CACHE_LOCK:
        _SUMMARY_CACHE[measure_id] = (version, summary)
        _SUMMARY_CACHE.move_to_end(measure_id)
        while len(_SUMMARY_CACHE) > _CACHE_SIZE:
            _SUMMARY_CACHE.popitem(last=False)
    return summary


def chart_groups(
    conn: sqlite3.Connection, measure_id: str, windows: int = CHART_WINDOWS
) -> list[tuple[Any, ...]]:
    """A big measure's chart, aggregated in SQL: per series and time window, the claims' range.

    Rows: (series key, window, claims, lowest, highest, "newest day|claim id|document id").
    The series key is the source id, ``own:<outlet>`` for the article's own
    voice, or ``?`` for a source the ledger could not resolve. Rejected claims
    are left out. Reads the claims_measure_chart covering index, and the
    documents table only for claims without an as-of date or source.
    """
    lo = conn.execute(
        "SELECT min(as_of) FROM claims WHERE measure_id = ? AND as_of IS NOT NULL", (measure_id,)
    ).fetchone()[0]
    hi = conn.execute("SELECT max(as_of) FROM claims WHERE measure_id = ?", (measure_id,)).fetchone()[0]
    j0, j1 = conn.execute(
        "SELECT julianday(substr(? || '-01-01', 1, 10)), julianday(substr(? || '-01-01', 1, 10))", (lo, hi)
    ).fetchone()
    j0 = j0 if j0 is not None else 0.0
    width = max(1.0, ((j1 if j1 is not None else j0) - j0) / windows)
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(
        "SELECT sk, CAST((julianday(substr(day || '-01-01', 1, 10)) - ?) / ? AS INTEGER) AS w, "
        "count(*), min(lo), max(hi), max(day || '|' || id || '|' || document_id) FROM ("
        " SELECT c.id, c.document_id, coalesce(c.low, c.high) AS lo, coalesce(c.high, c.low) AS hi,"
        " coalesce(c.as_of, (SELECT published FROM documents d WHERE d.id = c.document_id)) AS day,"
        " CASE WHEN c.source_id IS NOT NULL THEN CAST(c.source_id AS TEXT)"
        "  WHEN c.source IS NULL THEN 'own:' || coalesce("
        "   (SELECT outlet FROM documents d WHERE d.id = c.document_id), '') ELSE '?' END AS sk"
        " FROM claims c WHERE c.measure_id = ? AND c.review_status != 'rejected')"
        " WHERE day IS NOT NULL AND lo IS NOT NULL"
        " GROUP BY sk, w",
        (j0, width, measure_id),
    ).fetchall()


def conflicts_page(
    conn: sqlite3.Connection,
    *,
    kind: str = "",
    place: str = "",
    source: str = "",
    measure: str = "",
    dismissed: bool = False,
    page: int = 1,
) -> Row:
    """Flags other than 'unattributed' (or of one kind), each with its claims' sentence and place.

    ``place`` matches the measure's place or a claim's; ``source`` a claim's source
    (name or alias). Flags a person dismissed are left out unless ``dismissed``.
    """
    where: list[str] = ["f.kind = ?"] if kind else ["f.kind != 'unattributed'"]
    params: list[Any] = [kind] if kind else []
    if not dismissed:
        where.append("f.dismissed = 0")
    if measure:
        where.append("f.measure_id = ?")
        params.append(measure)
    if place:
        where.append(
            "(m.place LIKE ? OR f.id IN (SELECT fc.flag_id FROM flag_claims fc JOIN claims c "
            "ON c.id = fc.claim_id WHERE c.place LIKE ?))"
        )
        params += [f"%{place}%", f"%{place}%"]
    if source:
        where.append(
            "f.id IN (SELECT fc.flag_id FROM flag_claims fc JOIN claims c ON c.id = fc.claim_id "
            "WHERE c.source_id IN (SELECT s.id FROM sources s WHERE s.name LIKE ? "
            "UNION SELECT a.source_id FROM source_aliases a WHERE a.alias LIKE ?) OR c.source LIKE ?)"
        )
        params += [f"%{source}%"] * 3
    found = rows(
        conn,
        "SELECT f.id, f.kind, f.detail, f.measure_id, f.flag_key, f.dismissed, f.dismiss_note, "
        "m.label, m.place AS measure_place FROM flags f "
        f"LEFT JOIN measures m ON m.id = f.measure_id WHERE {' AND '.join(where)} ORDER BY f.id "
        "LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    ids = [f["id"] for f in found[:PAGE]]
    by_flag: dict[int, list[Row]] = defaultdict(list)
    if ids:
        for r in rows(
            conn,
            "SELECT fc.flag_id, c.id, c.document_id, c.text, c.low, c.high, c.hedge, c.unit, c.event, "
            "c.source, c.place, c.as_of, d.published, d.outlet, d.title, s.name AS source_name, "
            "substr(d.text, c.sentence_start + 1, min(c.sentence_end - c.sentence_start, 400)) AS sentence "
            "FROM flag_claims fc JOIN claims c ON c.id = fc.claim_id "
            "JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN sources s ON s.id = c.source_id "
            f"WHERE fc.flag_id IN ({_marks([str(i) for i in ids])}) "
            "ORDER BY coalesce(c.as_of, d.published)",
            tuple(ids),
        ):
            by_flag[r.pop("flag_id")].append(r)
    counts = rows(
        conn,
        "SELECT kind, sum(dismissed = 0) AS n, sum(dismissed) AS dismissed FROM flags "
        "GROUP BY kind ORDER BY kind",
    )
    for f in found:
        f["claims"] = by_flag.get(f["id"], [])
    return {"flags": found[:PAGE], "more": len(found) > PAGE, "counts": counts}


def sources_page(conn: sqlite3.Connection, *, q: str = "", page: int = 1) -> Row:
    """Sources by name with their aliases and number of claims."""
    where, params = "", tuple[str, ...]()
    if q:
        where = "WHERE s.name LIKE ? OR s.id IN (SELECT source_id FROM source_aliases WHERE alias LIKE ?)"
        params = (f"%{q}%", f"%{q}%")
    found = rows(
        conn,
        f"SELECT s.id, s.name, s.key FROM sources s {where} ORDER BY s.name COLLATE NOCASE LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    for src in found[:PAGE]:  # counted after paging, only for the sources shown
        src["claims"] = conn.execute(
            "SELECT count(*) FROM claims WHERE source_id = ?", (src["id"],)
        ).fetchone()[0]
    ids = [s["id"] for s in found[:PAGE]]
    aliases: dict[int, list[Row]] = defaultdict(list)
    if ids:
        sql = (
            "SELECT source_id, alias, origin FROM source_aliases "
            f"WHERE source_id IN ({_marks([str(i) for i in ids])}) ORDER BY alias"
        )
        for r in rows(conn, sql, tuple(ids)):
            aliases[r.pop("source_id")].append(r)
    for s in found:
        s["aliases"] = aliases.get(s["id"], [])
    return {"sources": found[:PAGE], "more": len(found) > PAGE}


def audit_page(conn: sqlite3.Connection, *, reviewer: str = "", claim: str = "", page: int = 1) -> Row:
    """Review log, newest first, with the fields each review changed."""
    where, params = [], []
    if reviewer:
        where.append("r.reviewer = ?")
        params.append(reviewer)
    if claim:
        where.append("r.claim_id = ?")
        params.append(claim)
    cond = "WHERE " + " AND ".join(where) if where else ""
    found = rows(
        conn,
        # Document actions (claimledger documents set) have no claim: they link to their document.
        "SELECT r.*, COALESCE(c.document_id, r.document) AS document_id, "
        "COALESCE(c.text, CASE WHEN r.claim_id IS NULL THEN 'document metadata' END) AS claim_text "
        "FROM reviews r "
        f"LEFT JOIN claims c ON c.id = r.claim_id {cond} ORDER BY r.id DESC LIMIT ? OFFSET ?",
        (*params, PAGE + 1, (max(page, 1) - 1) * PAGE),
    )
    # People's decisions over the grouping (ledger.overrides): the same page of the newest ones.
    decisions = rows(
        conn,
        "SELECT * FROM decisions "
        + ("WHERE actor = ? " if reviewer else "")
        + ("AND " if reviewer and claim else "WHERE " if claim else "")
        + ("(before LIKE ? OR after LIKE ?) " if claim else "")
        + "ORDER BY id DESC LIMIT ? OFFSET ?",
        (
            *([reviewer] if reviewer else []),
            *([f"%{claim}%", f"%{claim}%"] if claim else []),
            PAGE + 1,
            (max(page, 1) - 1) * PAGE,
        ),
    )
    more = len(found) > PAGE or len(decisions) > PAGE
    return {"reviews": found[:PAGE], "decisions": decisions[:PAGE], "more": more}

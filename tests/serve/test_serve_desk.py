"""The desk's page logic without a browser: the hedge-aware chart, big measures aggregated in SQL and
cached until the ledger changes, measures sorted and filtered, a corrected source's span and chain."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from clients import client_for
from conftest import Built

from claimledger.ledger import connect
from claimledger.serve import queries
from claimledger.serve.chart import Point, svg_chart
from claimledger.serve.review import apply_review


def _p(day: str, low: float, high: float | None = None, hedge: str = "exact", series: str = "A") -> Point:
    return Point(day, low, low if high is None else high, series, "/d#c", None, hedge, "count")


def test_chart_draws_each_hedge() -> None:
    svg = str(
        svg_chart(
            [
                _p("2030-01-01", 100, hedge="more_than"),
                _p("2030-01-02", 100, hedge="up_to"),
                _p("2030-01-03", 100, 200, hedge="range"),
                _p("2030-01-04", 120, 180, hedge="vague"),
                _p("2030-01-05", 150, hedge="about"),
                _p("2030-01-06", 150),
            ],
            ["A"],
            "t",
        )
    )
    for mark in ("m-up", "m-down", "m-range", "m-vague", "m-about", "m-exact"):
        assert svg.count(f'class="{mark}"') == 1, mark
    assert "log scale" not in svg  # 100 … 200: one order of magnitude


def test_log_scale_from_two_orders_of_magnitude() -> None:
    near = str(svg_chart([_p("2030-01-01", 40), _p("2030-01-02", 3999)], ["A"], "t"))
    far = str(svg_chart([_p("2030-01-01", 40), _p("2030-01-02", 80000)], ["A"], "t"))
    assert "log scale" not in near and "log scale" in far
    ticks = re.findall(r'class="ax">([^<]+)</text>', far)
    assert {"10", "100", "1,000", "10k", "100k"} <= set(ticks)
    ys = [float(y) for y in re.findall(r'<circle class="m-exact" cx="[\d.]+" cy="([\d.]+)"', far)]
    assert len(ys) == 2 and ys[0] - ys[1] > 100  # 40 and 80,000 both readable, far apart


def test_a_single_value_is_not_charted() -> None:
    out = str(svg_chart([_p("2030-01-01", 40)], ["A"], "t"))
    assert "<svg" not in out and "One dated value" in out


def _grow_measure(path: object, measure_id: str, n: int) -> None:
    """Copy one claim of ``measure_id`` n times with new ids, values and dates (plain SQL, like the bench)."""
    conn = sqlite3.connect(path)  # type: ignore[arg-type]
    cols = [r[1] for r in conn.execute("PRAGMA table_info(claims)")]
    (src,) = conn.execute("SELECT id FROM claims WHERE measure_id = ? LIMIT 1", (measure_id,)).fetchone()
    picked = ", ".join({"id": "? || id", "low": "?", "high": "?", "as_of": "?"}.get(c, c) for c in cols)
    with conn:
        for i in range(n):
            day = f"2030-{1 + i % 12:02d}-{1 + i % 28:02d}"
            conn.execute(
                f"INSERT INTO claims ({', '.join(cols)}) SELECT {picked} FROM claims WHERE id = ?",
                (f"x{i:05d}", float(100 + i), float(100 + i), day, src),
            )
    conn.close()


def test_big_measure_is_aggregated_in_sql_paged_and_cached_until_the_ledger_changes(ledger: Built) -> None:
    conn = connect(ledger.path)
    mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (ledger.claims["a3"][0],)).fetchone()[0]
    _grow_measure(ledger.path, mid, 900)
    total = conn.execute("SELECT count(*) FROM claims WHERE measure_id = ?", (mid,)).fetchone()[0]
    data = queries.measure_page(conn, mid, page=2, per_page=100)
    assert data is not None and data["total"] == total and data["groups"] is not None
    assert sum(g[2] for g in data["groups"]) == total  # every claim counted once, in SQL
    assert len(data["groups"]) < total / 5
    assert len(data["claims"]) == 100 and data["more"]
    days = [c["as_of"] for c in data["claims"]]
    assert days == sorted(days, reverse=True)
    first = queries.measure_summary(conn, mid)
    assert queries.measure_summary(conn, mid) is first  # cached …
    apply_review(conn, ledger.claims["a3"][0], "reject", reviewer="ana")
    after = queries.measure_summary(conn, mid)  # … until a review changes the ledger
    assert sum(g[2] for g in after["groups"]) == total - 1


def test_a_quick_read_of_a_big_measure_never_aggregates_or_skips_far(ledger: Built) -> None:
    """``quick=True`` (the event loop's read) serves a big measure only from its cached summary.

    The view reads a measure on the loop with ``quick=True`` and hands the read to a thread
    when it returns ``SLOW``: aggregating, or skipping past ``QUICK_OFFSET`` index entries, must never
    run on the loop, where it would stop every other request of the worker.
    """
    conn = connect(ledger.path)
    mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (ledger.claims["a3"][0],)).fetchone()[0]
    _grow_measure(ledger.path, mid, 600)
    queries._SUMMARY_CACHE.pop(mid, None)
    assert queries.measure_page(conn, mid, quick=True) is queries.SLOW  # nothing cached: it would aggregate
    slow = queries.measure_page(conn, mid)  # the thread's read fills the cache
    quick = queries.measure_page(conn, mid, quick=True)
    assert slow is not None and quick is not None and quick is not queries.SLOW
    assert quick["claims"] == slow["claims"] and quick["groups"] == slow["groups"]
    far = queries.QUICK_OFFSET // 50 + 2
    assert queries.measure_page(conn, mid, page=far, quick=True) is queries.SLOW
    apply_review(conn, ledger.claims["a3"][0], "reject", reviewer="ana")
    # the ledger changed: the cached summary is stale
    assert queries.measure_page(conn, mid, quick=True) is queries.SLOW
    (small,) = conn.execute("SELECT measure_id FROM claims WHERE measure_id != ? LIMIT 1", (mid,)).fetchone()
    assert queries.measure_page(conn, small, quick=True) == queries.measure_page(conn, small)


@pytest.mark.asyncio
async def test_big_measure_page_renders_aggregated_marks(ledger: Built) -> None:
    conn = connect(ledger.path)
    mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (ledger.claims["a3"][0],)).fetchone()[0]
    _grow_measure(ledger.path, mid, 600)
    async with client_for(ledger.path) as c:
        r = await c.get(f"/measures/{mid}")
        two = await c.get(f"/measures/{mid}", params={"page": "2"})
    assert r.status_code == two.status_code == 200
    assert "per source and time window" in r.text and re.search(r"\d+ claims, [\d,]+–[\d,]+ — ", r.text)
    assert 'rel="next"' in r.text and "next →" in r.text and "older →" not in r.text


@pytest.mark.asyncio
async def test_measures_sorted_and_filtered(ledger: Built) -> None:
    conn = connect(ledger.path)

    def label(cid: str) -> str:
        return str(
            conn.execute(
                "SELECT m.label FROM claims c JOIN measures m ON m.id = c.measure_id WHERE c.id = ?", (cid,)
            ).fetchone()[0]
        )

    killed, displaced = label(ledger.claims["a1"][0]), label(ledger.claims["a1"][2])
    most = conn.execute(
        "SELECT m.label FROM claims c JOIN measures m ON m.id = c.measure_id "
        "GROUP BY m.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    async with client_for(ledger.path) as c:
        by_claims = await c.get("/measures", params={"sort": "claims"})
        by_place = await c.get("/measures", params={"place": "Brennick"})
        by_source = await c.get("/measures", params={"source": "Aid groups"})
        bad_sort = await c.get("/measures", params={"sort": "drop table"})
    labels = re.findall(r'<tr><td><a href="/measures/[^"]+">([^<]+)</a>', by_claims.text)
    assert labels[0] == most
    counts = [
        int(n) for n in re.findall(r'</td>\s*<td class="n">(\d+)</td><td class="n">\d+</td>', by_claims.text)
    ]
    assert counts == sorted(counts, reverse=True) and len(counts) == len(labels)
    assert killed in by_place.text and displaced not in by_place.text
    assert displaced in by_source.text and killed not in by_source.text
    assert bad_sort.status_code == 200


@pytest.mark.asyncio
async def test_pager_says_next(ledger: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "PAGE", 1)
    async with client_for(ledger.path) as c:
        measures = await c.get("/measures")
        documents = await c.get("/documents")
    assert "next →" in measures.text and "older →" not in measures.text
    assert "older →" in documents.text  # documents are newest first: there "older" is the truth


def test_corrected_source_is_underlined_where_the_sentence_says_it(ledger: Built) -> None:
    conn = connect(ledger.path)
    cid = ledger.claims["a2"][0]  # "The Zorvan army said on Friday that 1,500 …"
    apply_review(conn, cid, "correct", reviewer="ana", changes={"source": "Zorvan army"})
    row = conn.execute(
        "SELECT source_start, source_end, cue, cue_start, reported_by, d.text FROM claims c "
        "JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        (cid,),
    ).fetchone()
    assert row[5][row[0] : row[1]] == "Zorvan army"
    assert row[2] is None and row[3] is None  # the machine's cue belonged to the old attribution
    assert [p["name"] for p in json.loads(row[4])] == ["Zorvan army"]
    apply_review(conn, cid, "correct", reviewer="ana", changes={"source": "the Kessel council"})
    row = conn.execute("SELECT source_start, reported_by FROM claims WHERE id = ?", (cid,)).fetchone()
    assert row[0] is None and json.loads(row[1])[0]["span"] is None  # not in the sentence: no underline


@pytest.mark.asyncio
async def test_conflicts_filtered_by_kind_place_source_and_measure(ledger: Built) -> None:
    conn = connect(ledger.path)
    mid = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (ledger.claims["a2"][0],)).fetchone()[0]
    async with client_for(ledger.path) as c:
        everything = await c.get("/conflicts")
        by_place = await c.get("/conflicts", params={"place": "Nowhere"})
        by_source = await c.get("/conflicts", params={"source": "Zorvan"})
        by_measure = await c.get("/conflicts", params={"measure": mid})
        drift = await c.get("/conflicts", params={"kind": "drift"})
    assert everything.text.count('class="flag') >= 1 and "1,500" in everything.text
    assert 'class="flag' not in by_place.text
    assert "1,500" in by_source.text and "Zorvan army said on Friday" in by_source.text
    (expected,) = conn.execute(
        "SELECT count(*) FROM flags WHERE measure_id = ? AND kind != 'unattributed'", (mid,)
    ).fetchone()
    assert expected >= 1 and by_measure.text.count('<section class="flag') == expected
    assert "contradiction</span>" not in drift.text

"""Every review page answers at its stable URL, shows what it should, and escapes hostile text."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from clients import client_for
from conftest import Built, build_ledger

from claimledger.serve.config import DB_NAME, RESERVED

pytestmark = pytest.mark.asyncio


async def test_documents_list_counts_and_search(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        r = await c.get("/documents")
        assert r.status_code == 200
        assert "Brennick toll rises" in r.text and "Daily Ledger" in r.text
        a1 = ledger.docs["a1"].id
        row = re.search(rf'href="/documents/{a1}".*?</tr>', r.text, re.S)
        assert row and re.search(r'<td class="n">3</td>', row.group())
        found = await c.get("/documents", params={"q": "displaced"})
        assert "Brennick toll rises" in found.text and "Army gives lower toll" not in found.text
        assert "<mark>displaced</mark>" in found.text
        for odd in ('AND "( NEAR', '""', '"', "*", "NOT"):  # FTS syntax must not break the page
            assert (await c.get("/documents", params={"q": odd})).status_code == 200, odd
        by_outlet = await c.get("/documents", params={"outlet": "Zorvan Wire"})
        assert "Army gives lower toll" in by_outlet.text and "Brennick toll rises" not in by_outlet.text
        by_date = await c.get("/documents", params={"since": "2030-04-19"})
        assert "Health officials update" in by_date.text and "Brennick toll rises" not in by_date.text


async def test_document_page_highlights_every_claim(ledger: Built) -> None:
    doc = ledger.docs["a1"]
    async with client_for(ledger.path) as c:
        r = await c.get(f"/documents/{doc.id}")
    assert r.status_code == 200
    html = r.text
    for cid in ledger.claims["a1"]:
        assert f'id="c-{cid}"' in html  # anchor other pages link to
        assert f'id="card-{cid}"' in html  # details panel
    assert 'class="clm ev-killed' in html and 'class="clm ev-displaced' in html
    assert '<span class="src" data-c="' in html  # source span marked
    assert "fl-contradiction" in html  # flag visible on the figure and in the table
    assert "article&#39;s own voice" in html or "own voice" in html
    assert "more than 4,100" in html
    assert (
        "content-security-policy" in r.headers
        and "default-src 'none'" in r.headers["content-security-policy"]
    )


async def test_measure_page_has_svg_chart_and_linked_table(ledger: Built) -> None:
    conn = sqlite3.connect(ledger.path)
    label = "people killed in Brennick since 2030-03-01"
    mid = conn.execute("SELECT id FROM measures WHERE label = ?", (label,)).fetchone()[0]
    async with client_for(ledger.path) as c:
        r = await c.get(f"/measures/{mid}")
    assert r.status_code == 200
    assert "<svg" in r.text and "<polyline" in r.text and "<circle" in r.text
    assert "http://" not in r.text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing external
    a1, a2 = ledger.docs["a1"].id, ledger.docs["a2"].id
    assert f'href="/documents/{a2}#c-{ledger.claims["a2"][0]}"' in r.text
    assert f'href="/documents/{a1}#c-{ledger.claims["a1"][0]}"' in r.text
    assert "Brennick health officials" in r.text and "Zorvan army" in r.text


async def test_conflicts_sources_audit_pages(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        conflicts = await c.get("/conflicts")
        sources = await c.get("/sources")
        unattributed = await c.get("/conflicts", params={"kind": "unattributed"})
        audit = await c.get("/audit")
    assert conflicts.status_code == sources.status_code == audit.status_code == 200
    assert "contradiction" in conflicts.text and "cannot both hold" in conflicts.text
    # The unattributed list is one compact row per figure with its sentence, not a page of boilerplate.
    assert "Shelling hit 3 villages" not in conflicts.text
    assert 'class="list compact unattributed"' in unattributed.text
    assert unattributed.text.count("Shelling hit 3 villages and 14 homes on Tuesday.") == 2
    assert "in its own voice" not in unattributed.text
    assert "Brennick health officials" in sources.text and "Aid groups" in sources.text
    assert "No reviews yet" in audit.text


async def test_measures_list(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        r = await c.get("/measures")
        killed = await c.get("/measures", params={"q": "killed in Brennick", "event": "killed"})
    assert r.status_code == 200 and "people killed in Brennick" in r.text and "people displaced" in r.text
    assert "people killed in Brennick" in killed.text and "people displaced" not in killed.text


async def test_unknown_ids_are_404(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        for path in ("/documents/nope", "/measures/nope", "/claims/nope"):
            assert (await c.get(path)).status_code == 404


async def test_claim_url_redirects_to_its_sentence(ledger: Built) -> None:
    cid = ledger.claims["a2"][0]
    async with client_for(ledger.path) as c:
        r = await c.get(f"/claims/{cid}")
    assert r.status_code == 302
    assert r.headers["location"] == f"/documents/{ledger.docs['a2'].id}#c-{cid}"


async def test_hostile_article_renders_as_text(ledger: Built) -> None:
    doc = ledger.docs["hostile"]
    async with client_for(ledger.path) as c:
        page = await c.get(f"/documents/{doc.id}")
        listing = await c.get("/documents")
        sources = await c.get("/sources")
    for r in (page, listing, sources):
        assert r.status_code == 200
        assert "<script>alert" not in r.text and "<img src=x" not in r.text and "<b>bold" not in r.text
        assert "\u202e" not in r.text  # the override is shown, never applied
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "&amp;amp; &lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "⟨RLO⟩" in page.text and "⟨PDF⟩" in page.text
    assert 'href="javascript:' not in page.text  # a hostile URL is shown, not linked
    assert "&lt;i&gt;civilians&lt;/i&gt;" in page.text


async def test_routes_do_not_collide_with_datasette(tmp_path: Path) -> None:
    # A ledger file named like one of our pages must not take over that page.
    built = build_ledger(tmp_path / "documents.db")
    async with client_for(built.path) as c:
        ours = await c.get("/documents")
        db = await c.get(f"/{DB_NAME}")
        table = await c.get(f"/{DB_NAME}/claims.json", params={"_shape": "array", "_size": "5"})
        csv = await c.get(f"/{DB_NAME}/documents.csv")
        facets = await c.get(f"/{DB_NAME}/claims", params={"_facet": "event"})
        fts = await c.get(f"/{DB_NAME}/documents", params={"_search": "displaced"})
        home = await c.get("/")
    assert ours.status_code == 200 and 'action="/documents"' in ours.text
    assert db.status_code == 200 and "claims" in db.text
    assert table.status_code == 200 and len(table.json()) == 5
    assert csv.status_code == 200 and "document_id" not in csv.text.splitlines()[0] and "title" in csv.text
    assert facets.status_code == 200 and "killed" in facets.text
    assert fts.status_code == 200 and "Brennick toll rises" in fts.text
    assert home.status_code == 302 and home.headers["location"] == "/documents"
    assert DB_NAME not in RESERVED


async def test_static_assets_are_local(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        css = await c.get("/-/claimledger/claimledger.css")
        js = await c.get("/-/claimledger/claimledger.js")
        page = await c.get(f"/documents/{ledger.docs['a1'].id}")
    assert css.status_code == js.status_code == 200
    assert not re.search(r'src="(https?:)?//', page.text)
    assert not re.search(r'<link[^>]+href="(https?:)?//', page.text)
    assert "@import" not in css.text and "url(" not in css.text


async def test_common_words_list_newest_first(ledger: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.serve import queries

    monkeypatch.setattr(queries, "RANK_LIMIT", 1)
    async with client_for(ledger.path) as c:
        r = await c.get("/documents", params={"q": "said"})
    assert "documents match, newest first" in r.text
    links = re.findall(r'href="/documents/([0-9a-f]+)" class="doclink"', r.text)
    assert links[:2] == [ledger.docs["extracted"].id, ledger.docs["hostile"].id]  # newest added first
    assert ledger.docs["plain"].id not in links


async def test_the_ledger_is_read_through_a_memory_map(ledger: Built) -> None:
    """Every connection the server opens on the ledger maps it (fewer system calls per page read)."""
    from claimledger.serve import make_datasette
    from claimledger.serve.plugin import MMAP_BYTES

    ds = make_datasette(ledger.path, reviewer="ana")
    db = ds.get_database(DB_NAME)
    read = await db.execute_fn(lambda conn: conn.execute("PRAGMA mmap_size").fetchone()[0])
    write = await db.execute_write_fn(lambda conn: conn.execute("PRAGMA mmap_size").fetchone()[0], block=True)
    assert read == write and 0 < read <= MMAP_BYTES  # (SQLite caps it at its build's limit)

"""A verification desk's day in a real Chromium: anchors, the narrow panel, corrections that show,
sortable measures, conflicts with dismissal, the hedge-aware chart, merges, splits, bulk review.

Each test drives a real `claimledger serve` on a real ledger; later `add` and `reconcile` runs go
through the real ledger API and CLI while the server keeps serving. Screenshots at 1280 and 800 px
go to test-artifacts/ for people to look at.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_serve_browser
from clients import free_port, running_server, serve_argv
from conftest import Built, build_ledger, claim

from claimledger.ledger import open_ledger, overrides
from claimledger.model import Document
from claimledger.reconcile import reconcile_ledger

pytestmark = pytest.mark.browser
ARTIFACTS = test_serve_browser.ARTIFACTS
browser = test_serve_browser.browser  # the same real Chromium fixture

FILLER = "Queues formed at the bakery again and the river road stayed closed to traffic. " * 6
LONG = (  # the figure mid-way: text above it (anchors must scroll) and far more below (the panel)
    "".join(f"{FILLER}\n\n" for _ in range(8))
    + "The Ostmark relief office said 5,400 people had been displaced in Ostmark.\n\n"
    + "".join(f"{FILLER}\n\n" for _ in range(16))
)
# One measure with every hedge and values three orders of magnitude apart.
H1 = "The Ostmark relief office said 40 people had been displaced in Ostmark."
H2 = "Harbour monitors said more than 5,000 people had been displaced in Ostmark."
H3 = "The Vale council said between 2,000 and 3,000 people had been displaced in Ostmark."
H4 = "Witnesses said thousands of people had been displaced in Ostmark."
H5 = "The Ostmark relief office said about 80,000 people had been displaced in Ostmark."
# Worded with the city's long name: its own measure, which a person merges into Brennick's.
CITY = "The Brennick city council said 4,300 civilians had been killed in Brennick City."
CITY2 = "The Brennick city council said 4,450 civilians had been killed in Brennick City."


def _doc(text: str, title: str, published: str, outlet: str = "Ostmark Post") -> Document:
    return Document.from_text(text, title=title, outlet=outlet, published=published)


def build_desk(path: Path) -> tuple[Built, dict[str, Document]]:
    built = build_ledger(path)
    disp = {"event": "displaced", "subject": "people", "place": "Ostmark"}
    extra = {
        "long": (
            _doc(LONG, "A long day in Ostmark", "2030-05-01"),
            [claim(LONG, "5,400", 5400, source="The Ostmark relief office", as_of="2030-05-01", **disp)],
        ),
        "h1": (
            _doc(H1, "Forty", "2030-05-02"),
            [claim(H1, "40", 40, source="The Ostmark relief office", **disp)],
        ),
        "h2": (
            _doc(H2, "More than", "2030-05-06"),
            [claim(H2, "more than 5,000", 5000, None, hedge="more_than", source="Harbour monitors", **disp)],
        ),
        "h3": (
            _doc(H3, "Range", "2030-05-09"),
            [
                claim(
                    H3,
                    "between 2,000 and 3,000",
                    2000,
                    3000,
                    hedge="range",
                    source="The Vale council",
                    **disp,
                )
            ],
        ),
        "h4": (
            _doc(H4, "Vague", "2030-05-12"),
            [claim(H4, "thousands", 1000, 9999, hedge="vague", source="Witnesses", **disp)],
        ),
        "h5": (
            _doc(H5, "About", "2030-05-20"),
            [claim(H5, "about 80,000", 80000, hedge="about", source="The Ostmark relief office", **disp)],
        ),
        "city": (
            _doc(CITY, "City council toll", "2030-04-25", outlet="Daily Ledger"),
            [claim(CITY, "4,300", 4300, source="The Brennick city council", place="Brennick City")],
        ),
    }
    with open_ledger(path) as led:
        for key, (doc, claims) in extra.items():
            led.add(doc, origin=f"test:{key}", fmt="txt", claims=claims)
        # The rules may read a vague figure as a stock rather than a running total; a person says
        # it counts the same thing (and the chart must show all five hedges side by side).
        vague, forty = (
            led.conn.execute(
                "SELECT measure_id FROM claims WHERE document_id = ?", (extra[k][0].id,)
            ).fetchone()[0]
            for k in ("h4", "h1")
        )
        if vague != forty:
            overrides.merge_measures(led.conn, vague, forty, actor="fixture")
        reconcile_ledger(led.conn)
    return built, {k: d for k, (d, _) in extra.items()}


def _q(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _cli(*args: str) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "claimledger.cli", *args], capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Built, dict[str, Document]]]:
    built, extra = build_desk(tmp_path_factory.mktemp("desk") / "claims.db")
    port = free_port()
    with running_server(serve_argv(built.path, port, "desk"), port) as base:
        yield base, built, extra


def _page(browser: object, width: int, height: int = 900) -> object:
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    return pg


def _shot(pg: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=False)  # type: ignore[attr-defined]


def _cid(db: Path, doc: Document) -> str:
    return str(_q(db, "SELECT id FROM claims WHERE document_id = ? ORDER BY span_start", doc.id)[0][0])


def _below_header(pg: object, cid: str) -> None:
    header = pg.locator("header.top").bounding_box()  # type: ignore[attr-defined]
    mark = pg.locator(f"#c-{cid}").bounding_box()  # type: ignore[attr-defined]
    assert header and mark
    assert mark["y"] >= header["y"] + header["height"], (mark, header)
    assert mark["y"] + mark["height"] <= pg.viewport_size["height"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 800])
def test_anchor_puts_the_figure_below_the_sticky_header(
    browser: object, desk: tuple[str, Built, dict[str, Document]], width: int
) -> None:
    from playwright.sync_api import expect

    base, built, extra = desk
    cid = _cid(built.path, extra["long"])
    # After a review: the form posts, the server redirects to …?reviewed=N#c-<id>.
    pg = _page(browser, width)
    pg.goto(f"{base}/documents/{extra['long'].id}#c-{cid}")  # type: ignore[attr-defined]
    pg.locator(f"#card-{cid} button.confirm").click()  # type: ignore[attr-defined]
    expect(pg.locator(".ok")).to_contain_text("Saved review")  # type: ignore[attr-defined]
    pg.wait_for_timeout(300)  # type: ignore[attr-defined]
    _below_header(pg, cid)
    _shot(pg, f"desk-anchor-{width}.png")
    pg.context.close()  # type: ignore[attr-defined]
    # The link alone, as another page or a script-less reader follows it: the browser's own jump.
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.goto(f"{base}/documents/{extra['long'].id}?reviewed=1#c-{cid}")
    pg.wait_for_timeout(200)
    _below_header(pg, cid)
    context.close()


@pytest.mark.parametrize("width", [1280, 800])
def test_review_panel_opens_beside_or_under_the_figure(
    browser: object, desk: tuple[str, Built, dict[str, Document]], width: int
) -> None:
    from playwright.sync_api import expect

    base, built, extra = desk
    pg = _page(browser, width)
    pg.goto(f"{base}/documents/{extra['long'].id}")  # type: ignore[attr-defined]
    cid = _cid(built.path, extra["long"])
    mark = pg.locator(f"#c-{cid}")  # type: ignore[attr-defined]
    mark.scroll_into_view_if_needed()
    mark.click()
    card = pg.locator(f"#card-{cid}")  # type: ignore[attr-defined]
    expect(card).to_be_visible()
    pg.wait_for_timeout(200)  # type: ignore[attr-defined]
    m, c = mark.bounding_box(), card.bounding_box()
    assert m and c
    view = pg.viewport_size  # type: ignore[attr-defined]
    assert m["y"] >= 0 and m["y"] + m["height"] <= view["height"], m  # the figure is in view
    assert c["y"] < view["height"] - 40, (c, view)  # and so is its card …
    if width < 1000:  # … under the figure on a narrow screen
        assert c["y"] >= m["y"] + m["height"], (m, c)
    else:  # … beside it on a wide one
        assert c["x"] >= m["x"] + m["width"], (m, c)
    _shot(pg, f"desk-panel-{width}.png")
    pg.context.close()  # type: ignore[attr-defined]


def test_corrected_source_moves_the_underline_cue_and_chain(
    browser: object, desk: tuple[str, Built, dict[str, Document]]
) -> None:
    from playwright.sync_api import expect

    base, built, _ = desk
    cid = built.claims["a2"][0]  # "1,500" by "The Zorvan army"
    pg = _page(browser, 1280)
    pg.goto(f"{base}/documents/{built.docs['a2'].id}#c-{cid}")  # type: ignore[attr-defined]
    card = pg.locator(f"#card-{cid}")  # type: ignore[attr-defined]
    expect(card.locator("dl")).to_contain_text("said")
    card.locator("input[name=source]").fill("Zorvan army")
    card.get_by_role("button", name="Correct").click()
    expect(pg.locator(".ok")).to_contain_text("Saved review")  # type: ignore[attr-defined]
    underline = pg.locator(f'#text .src[data-c~="{cid}"]')  # type: ignore[attr-defined]
    expect(underline).to_have_text("Zorvan army")
    card = pg.locator(f"#card-{cid}")  # type: ignore[attr-defined]
    expect(card.locator("dl")).to_contain_text("none: the source was set by a reviewer")
    chain = card.locator("dt:text-is('Chain') + dd")
    expect(chain).to_have_text("Zorvan army")
    pg.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 800])
def test_measures_sort_and_filter(
    browser: object, desk: tuple[str, Built, dict[str, Document]], width: int
) -> None:
    from playwright.sync_api import expect

    base, _, _ = desk
    pg = _page(browser, width)
    pg.goto(f"{base}/measures")  # type: ignore[attr-defined]
    pg.get_by_role("link", name="Claims", exact=True).click()  # type: ignore[attr-defined]
    expect(pg).to_have_url(f"{base}/measures?sort=claims")  # type: ignore[arg-type]
    counts = [int(t) for t in pg.locator("table.measures tbody tr td:nth-child(4)").all_inner_texts()]  # type: ignore[attr-defined]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 5
    _shot(pg, f"desk-measures-{width}.png")
    pg.get_by_role("link", name="Spread").click()  # type: ignore[attr-defined]
    first = pg.locator("table.measures tbody tr").first  # type: ignore[attr-defined]
    expect(first).to_contain_text("people displaced in Ostmark")  # 40 … 80,000: the widest spread
    pg.locator("input[name=place]").fill("Ostmark")  # type: ignore[attr-defined]
    pg.locator("input[name=source]").fill("Harbour monitors")  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Find").click()  # type: ignore[attr-defined]
    rows = pg.locator("table.measures tbody tr")  # type: ignore[attr-defined]
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("people displaced in Ostmark")
    pg.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 800])
def test_chart_draws_hedges_on_a_log_scale_and_skips_single_points(
    browser: object, desk: tuple[str, Built, dict[str, Document]], width: int
) -> None:
    from playwright.sync_api import expect

    base, built, extra = desk
    pg = _page(browser, width)
    mid = _q(built.path, "SELECT measure_id FROM claims WHERE document_id = ?", extra["h1"].id)[0][0]
    pg.goto(f"{base}/measures/{mid}")  # type: ignore[attr-defined]
    svg = pg.locator("svg.chart")  # type: ignore[attr-defined]
    expect(svg).to_be_visible()
    expect(svg.locator("text.scale")).to_have_text("log scale")
    for mark in ("m-up", "m-range", "m-vague", "m-about", "m-exact"):
        expect(svg.locator(f".{mark}")).to_have_count(1 if mark != "m-exact" else 2)
    # one series (one colour) per party
    assert (
        len(set(svg.locator("polyline").evaluate_all("els => els.map(e => e.getAttribute('stroke'))"))) == 1
    )
    expect(pg.locator("section.why")).to_contain_text("displaced")  # type: ignore[attr-defined]
    expect(pg.locator("section.why")).to_contain_text("Ostmark")  # type: ignore[attr-defined]
    _shot(pg, f"desk-measure-chart-{width}.png")
    single = _q(
        built.path,
        "SELECT measure_id FROM claims WHERE measure_id IS NOT NULL GROUP BY measure_id HAVING count(*) = 1",
    )[0][0]
    pg.goto(f"{base}/measures/{single}")  # type: ignore[attr-defined]
    expect(pg.locator("svg.chart")).to_have_count(0)  # type: ignore[attr-defined]
    expect(pg.locator(".empty.single")).to_contain_text("One dated value")  # type: ignore[attr-defined]
    pg.context.close()  # type: ignore[attr-defined]


def test_conflicts_dismiss_with_note_survives_add_and_reconcile(
    browser: object, desk: tuple[str, Built, dict[str, Document]]
) -> None:
    from playwright.sync_api import expect

    base, built, _ = desk
    for width in (1280, 800):
        pg = _page(browser, width)
        pg.goto(f"{base}/conflicts")  # type: ignore[attr-defined]
        _shot(pg, f"desk-conflicts-{width}.png")
        pg.goto(f"{base}/conflicts?kind=unattributed")  # type: ignore[attr-defined]
        expect(pg.locator("table.unattributed tbody tr")).to_have_count(2)  # type: ignore[attr-defined]
        _shot(pg, f"desk-unattributed-{width}.png")
        pg.context.close()  # type: ignore[attr-defined]
    pg = _page(browser, 1280)
    pg.goto(f"{base}/conflicts")  # type: ignore[attr-defined]
    section = pg.locator("section.flag").filter(has_text="1,500").first  # type: ignore[attr-defined]
    expect(section).to_contain_text("The Zorvan army said on Friday that 1,500 civilians")  # its sentence …
    expect(section).to_contain_text("Brennick")  # … and its place
    key = section.locator("form").first.get_attribute("action").split("/")[2]
    section.locator("summary").click()
    section.locator("input[name=note]").fill("the army's figure counts a different week")
    section.get_by_role("button", name="Dismiss").click()
    expect(pg.locator(".ok")).to_contain_text("dismissed")  # type: ignore[attr-defined]
    expect(pg.locator(f'section.flag form[action="/conflicts/{key}/restore"]')).to_have_count(0)  # type: ignore[attr-defined]
    # A later add and a full reconcile: new flag ids, the same key, still dismissed.
    with open_ledger(built.path) as led:
        led.add(
            _doc(CITY2, "City council update", "2030-04-28", outlet="Daily Ledger"),
            origin="test:city2",
            fmt="txt",
            claims=[claim(CITY2, "4,450", 4450, source="The Brennick city council", place="Brennick City")],
        )
    _cli("reconcile", "--db", str(built.path))
    pg.reload()  # type: ignore[attr-defined]
    expect(pg.locator(f'form[action="/conflicts/{key}/dismiss"]')).to_have_count(0)  # type: ignore[attr-defined]
    assert _q(built.path, "SELECT dismissed, dismiss_note FROM flags WHERE flag_key = ?", key) == [
        (1, "the army's figure counts a different week")
    ]
    pg.locator("input[name=dismissed]").check()  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Filter").click()  # type: ignore[attr-defined]
    shown = pg.locator(f'form[action="/conflicts/{key}/restore"]')  # type: ignore[attr-defined]
    expect(shown).to_contain_text("the army's figure counts a different week")
    pg.goto(f"{base}/audit")  # type: ignore[attr-defined]
    row = pg.locator("table.decisions tbody tr").filter(has_text="flag-dismiss")  # type: ignore[attr-defined]
    expect(row).to_contain_text("desk")
    expect(row).to_contain_text("the army's figure counts a different week")
    pg.context.close()  # type: ignore[attr-defined]


def test_merge_and_split_on_the_measure_page_survive_add_and_reconcile(
    browser: object, desk: tuple[str, Built, dict[str, Document]]
) -> None:
    from playwright.sync_api import expect

    base, built, _ = desk
    db = built.path
    city = str(_q(db, "SELECT measure_id FROM claims WHERE text = '4,300'")[0][0])
    brennick = str(_q(db, "SELECT measure_id FROM claims WHERE text = '4,600'")[0][0])
    assert city != brennick
    pg = _page(browser, 1280)
    pg.goto(f"{base}/measures/{city}")  # type: ignore[attr-defined]
    ((place, city_label),) = _q(db, "SELECT place, label FROM measures WHERE id = ?", city)
    expect(pg.locator("section.why")).to_contain_text(str(place))  # type: ignore[attr-defined]
    pg.locator("details.decide summary").click()  # type: ignore[attr-defined]
    pg.locator("input[name=into_id]").fill(brennick[:10])  # type: ignore[attr-defined]
    pg.locator("form.merge input[name=note]").fill("the city is Brennick")  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Merge", exact=True).click()  # type: ignore[attr-defined]
    expect(pg.locator(".ok")).to_contain_text("merged")  # type: ignore[attr-defined]
    expect(pg.locator(".note")).to_contain_text("merged this measure into")  # type: ignore[attr-defined]
    assert _q(db, "SELECT DISTINCT measure_id FROM claims WHERE text IN ('4,300', '4,450')") == [(brennick,)]
    # Later: another city-council article, computed into the merged measure, lands in Brennick's.
    text = "The Brennick city council said 4,520 civilians had been killed in Brennick City."
    with open_ledger(db) as led:
        led.add(
            _doc(text, "City council again", "2030-04-30", outlet="Daily Ledger"),
            origin="test:city3",
            fmt="txt",
            claims=[claim(text, "4,520", 4520, source="The Brennick city council", place="Brennick City")],
        )
    _cli("reconcile", "--db", str(db))
    assert _q(db, "SELECT measure_id FROM claims WHERE text = '4,520'") == [(brennick,)]
    pg.goto(f"{base}/measures/{brennick}")  # type: ignore[attr-defined]
    expect(pg.locator("ul.merged")).to_contain_text(str(city_label))  # type: ignore[attr-defined]
    expect(pg.locator("table.list tbody")).to_contain_text("4,520")  # type: ignore[attr-defined]
    _shot(pg, "desk-measure-merged-1280.png")
    # Move one claim out into a person-made measure.
    moved = built.claims["a2"][0]  # the army's 1,500
    pg.locator(f'input[name=claim][value="{moved}"]').check()  # type: ignore[attr-defined]
    pg.locator("#split input[name=label]").fill("army's count, different method")  # type: ignore[attr-defined]
    pg.get_by_role("button", name="Move out").click()  # type: ignore[attr-defined]
    expect(pg.locator("h1")).to_have_text("army's count, different method")  # type: ignore[attr-defined]
    expect(pg.locator("section.why")).to_contain_text("A person made this measure")  # type: ignore[attr-defined]
    manual = str(_q(db, "SELECT measure_id FROM claims WHERE id = ?", moved)[0][0])
    assert manual.startswith("manual-")
    _cli("reconcile", "--db", str(db))
    with open_ledger(db) as led:  # an add of something else re-applies every decision to new claims only
        t = "Aid groups said 310 people were displaced near the Brennick road."
        led.add(
            _doc(t, "Road", "2030-05-03", outlet="Wire"),
            origin="test:road",
            fmt="txt",
            claims=[
                claim(t, "310", 310, event="displaced", subject="people", place=None, source="Aid groups")
            ],
        )
    assert _q(db, "SELECT measure_id FROM claims WHERE id = ?", moved) == [(manual,)]
    actions = [r[0] for r in _q(db, "SELECT action FROM decisions ORDER BY id")]
    assert "measure-merge" in actions and "measure-split" in actions
    pg.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 800])
def test_sources_merge_and_bulk_review(
    browser: object, desk: tuple[str, Built, dict[str, Document]], width: int
) -> None:
    from playwright.sync_api import expect

    base, built, _ = desk
    pg = _page(browser, width)
    pg.goto(f"{base}/sources")  # type: ignore[attr-defined]
    _shot(pg, f"desk-sources-{width}.png")
    if width == 1280:
        row = pg.locator("table.sources tbody tr").filter(has_text="Witnesses")  # type: ignore[attr-defined]
        row.locator("summary").click()
        row.locator("input[name=into]").fill("Harbour monitors")
        row.locator("input[name=note]").fill("the same monitors")
        row.get_by_role("button", name="Merge").click()
        expect(pg.locator(".ok")).to_contain_text("merged 'Witnesses' into 'Harbour monitors'")  # type: ignore[attr-defined]
        assert _q(built.path, "SELECT count(*) FROM sources WHERE name = 'Witnesses'") == [(0,)]
        assert _q(built.path, "SELECT actor, note FROM decisions WHERE action = 'source-merge'") == [
            ("desk", "the same monitors")
        ]
        # Bulk: reject both claims of the plain article at once.
        first, second = built.claims["plain"]
        pg.goto(f"{base}/documents/{built.docs['plain'].id}")  # type: ignore[attr-defined]
        pg.locator("#bulk-all").check()  # type: ignore[attr-defined]
        pg.locator("#bulk input[name=note]").fill("a tally of buildings, checked")  # type: ignore[attr-defined]
        pg.get_by_role("button", name="Confirm selected").click()  # type: ignore[attr-defined]
        expect(pg.locator(".ok")).to_contain_text("confirmed 2 claims")  # type: ignore[attr-defined]
        expect(pg.locator(f"#card-{first} h2")).to_contain_text("confirmed")  # type: ignore[attr-defined]
        assert _q(
            built.path,
            "SELECT review_status, count(*) FROM claims WHERE id IN (?, ?) GROUP BY 1",
            first,
            second,
        ) == [("confirmed", 2)]
        assert _q(
            built.path, "SELECT count(*) FROM reviews WHERE note = 'a tally of buildings, checked'"
        ) == [(2,)]
    pg.goto(f"{base}/documents/{built.docs['a1'].id}")  # type: ignore[attr-defined]
    _shot(pg, f"desk-document-{width}.png")
    pg.goto(f"{base}/audit")  # type: ignore[attr-defined]
    _shot(pg, f"desk-audit-{width}.png")
    pg.context.close()  # type: ignore[attr-defined]

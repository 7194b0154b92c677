"""Real Chromium against a real `claimledger serve` process on a loopback port and a real ledger."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from clients import free_port, running_server, serve_argv
from conftest import Built, build_ledger

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]



@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Built]]:
    built = build_ledger(tmp_path_factory.mktemp("browser") / "claims.db")
    port = free_port()
    with running_server(serve_argv(built.path, port, "tester"), port) as base:
        yield base, built


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get(
            "CI"
        ):  # CI installs it (scripts/setup.sh --browser): a missing browser is a failure there
            pytest.fail(
                "no Chromium at /usr/bin/chromium; scripts/setup.sh --browser should have installed it"
            )
        pytest.skip("no Chromium at /usr/bin/chromium (install Debian's chromium to run browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, server: tuple[str, Built]) -> Iterator[object]:
    base = server[0]
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
    assert dialogs == [], f"a script ran: {dialogs}"
    foreign = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    assert foreign == [], f"the page fetched from elsewhere: {foreign}"


def test_open_document_correct_a_claim_and_see_the_audit(page: object, server: tuple[str, Built]) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, built = server
    doc = built.docs["a1"]
    cid = built.claims["a1"][1]  # "1,200" by the Zorvan army

    page.goto(f"{base}/documents")
    page.get_by_role("link", name="Brennick toll rises").click()
    expect(page).to_have_url(f"{base}/documents/{doc.id}")
    marks = page.locator("#text a.clm")
    expect(marks).to_have_count(3)
    expect(page.locator("#text .src")).to_have_count(3)
    expect(page.locator("#text a.ev-displaced")).to_have_text("about 30,000")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document-page.png"), full_page=True)

    # Keyboard: j moves to the next claim and shows its card; clicking a figure selects it.
    page.keyboard.press("j")
    expect(page.locator(f"#card-{cid}")).to_be_visible()
    page.locator(f"#c-{built.claims['a1'][0]}").click()
    expect(page.locator(f"#card-{built.claims['a1'][0]}")).to_be_visible()
    expect(page.locator(f"#card-{cid}")).to_be_hidden()

    page.locator(f"#c-{cid}").click()
    card = page.locator(f"#card-{cid}")
    expect(card).to_be_visible()
    expect(card.locator("dl")).to_contain_text("The Zorvan army")
    card.locator("input[name=low]").fill("1250")
    card.locator("input[name=high]").fill("1250")
    card.locator("input[name=note]").fill("the army said 1,250 in its statement")
    card.get_by_role("button", name="Correct").click()
    expect(page.locator(".ok")).to_contain_text("Saved review")

    page.reload()
    card = page.locator(f"#card-{cid}")
    expect(card).to_be_visible()  # the URL fragment brings the corrected claim back into view
    expect(card.locator("h2")).to_contain_text("1,250")
    expect(card.locator("h2")).to_contain_text("corrected")
    expect(page.locator("table.claims")).to_contain_text("1,250")
    page.screenshot(path=str(ARTIFACTS / "document-page-after-review.png"), full_page=True)

    page.get_by_role("link", name="Audit", exact=True).click()
    row = page.locator("table.audit tbody tr").first
    expect(row).to_contain_text("tester")
    expect(row).to_contain_text("correct")
    expect(row).to_contain_text("1,200")
    expect(row).to_contain_text("1,250")
    expect(row).to_contain_text("the army said 1,250")


def test_hostile_article_renders_as_text(page: object, server: tuple[str, Built]) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, built = server
    page.goto(f"{base}/documents/{built.docs['hostile'].id}")
    text = page.locator("#text")
    expect(text).to_contain_text("<script>alert('x')</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    expect(text).to_contain_text("&amp; <b>bold</b>")
    expect(text).to_contain_text("The ⟨RLO⟩RLO⟨PDF⟩ army")
    assert (
        page.evaluate("document.querySelectorAll('#text script, #text img, #text b, h1 script').length") == 0
    )
    expect(page.locator("h1")).to_contain_text("<script>alert('t')</script>⟨RLO⟩evil")
    page.screenshot(path=str(ARTIFACTS / "hostile-page.png"), full_page=True)


def test_measure_chart_links_to_sentences(page: object, server: tuple[str, Built]) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, built = server
    page.goto(f"{base}/documents/{built.docs['a2'].id}")
    page.locator("dl.fields a[href^='/measures/']").first.click()
    expect(page.locator("svg.chart")).to_be_visible()
    assert page.locator("svg.chart circle").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "measure-page.png"), full_page=True)
    page.locator("table.list a[href*='#c-']").first.click()
    expect(page.locator(".panel .card.show")).to_have_count(1)
    expect(page.locator("#text .snt.on").first).to_be_visible()


def test_keyboard_review(page: object, server: tuple[str, Built]) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, built = server
    first, second = built.claims["plain"]  # the article's own voice: 3 villages, 14 homes
    page.goto(f"{base}/documents/{built.docs['plain'].id}")
    expect(page.locator(f"#card-{first}")).to_be_visible()
    page.keyboard.press("j")  # to the second claim
    expect(page.locator(f"#card-{second}")).to_be_visible()
    page.keyboard.press("x")  # focus Reject …
    expect(page.locator(f"#card-{second} button.reject")).to_be_focused()
    page.keyboard.press("Enter")  # … and press it
    expect(page.locator(".ok")).to_contain_text("Saved review")
    expect(page.locator(f"#card-{second} h2")).to_contain_text("rejected")
    expect(page.locator(f"#card-{second}.show")).to_be_visible()  # the new page's script has run
    page.keyboard.press("k")
    expect(page.locator(f"#card-{first}.show")).to_be_visible()
    page.keyboard.press("c")
    page.keyboard.press("Enter")
    expect(page.locator(f"#card-{first} h2")).to_contain_text("confirmed")


def test_the_one_review_form_follows_the_selected_claim(
    page: object, browser: object, server: tuple[str, Built]
) -> None:
    """The page renders one form; selecting a claim moves it into that card, filled with its values,
    and unsaved edits stay with their claim. Without a script, each card links to its form."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, built = server
    doc = built.docs["plain"]
    first, second = built.claims["plain"]  # 3 villages, 14 homes (destroyed, no place)
    page.goto(f"{base}/documents/{doc.id}")
    expect(page.locator("form.review")).to_have_count(1)
    form = page.locator(f"#card-{first} form.review")
    expect(form.locator("input[name=subject]")).to_have_value("villages")
    form.locator("input[name=subject]").fill("hamlets")  # an edit, not saved
    page.locator(f'#text a[data-c="{second}"]').click()
    form = page.locator(f"#card-{second} form.review")
    expect(form).to_be_visible()
    expect(form).to_have_attribute("action", f"/claims/{second}/review")
    expect(form.locator("input[name=low]")).to_have_value("14")
    expect(form.locator("input[name=subject]")).to_have_value("homes")
    expect(form.locator("select[name=event]")).to_have_value("destroyed")
    expect(form.locator("input[name=place]")).to_have_value("")
    expect(page.locator(f"#card-{first} form.review")).to_have_count(0)
    page.locator(f'#text a[data-c="{first}"]').click()
    expect(page.locator(f"#card-{first} form.review input[name=subject]")).to_have_value("hamlets")
    page.screenshot(path=str(ARTIFACTS / "one-form-1280.png"), full_page=True)

    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    try:
        plain = context.new_page()
        plain.goto(f"{base}/documents/{doc.id}")
        expect(plain.locator(f"#card-{first} form.review")).to_have_count(1)
        plain.locator(f"#card-{second}").get_by_role("link", name="Review this claim").click()
        expect(plain).to_have_url(f"{base}/documents/{doc.id}?claim={second}#c-{second}")
        expect(plain.locator(f"#card-{second} form.review input[name=subject]")).to_have_value("homes")
        expect(plain.locator("form.review")).to_have_count(1)
    finally:
        context.close()

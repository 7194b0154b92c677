"""The server's defences as a real Chromium meets them: redirects, another port's forms, CSP.

A second little web server on another loopback port plays the other site:
it is where an open redirect would land, and it serves a page that reads our
CSRF cookie (cookies ignore ports) and posts a review with it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Built
from test_serve_browser import browser, server  # noqa: F401  (fixtures: a real server, a real Chromium)

pytestmark = pytest.mark.browser


class _Other(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        query = parse_qs(urlsplit(self.path).query)
        body = "<!doctype html><title>other</title><p>landed on the other site</p>"
        if self.path.startswith("/attack"):
            # Reads the victim server's CSRF cookie (same host, other port) and posts a review with it.
            body = (
                "<!doctype html><title>attack</title><form id=f method=post action='"
                + query["target"][0]
                + "'><input name=csrftoken id=t><input name=action value=confirm></form><script>"
                "const m = document.cookie.match(/ds_csrftoken=([^;]+)/);"
                "document.getElementById('t').value = m ? m[1] : '';"
                "document.title = m ? 'have-token' : 'no-token';"
                "document.getElementById('f').submit();</script>"
            )
        data = body.encode()
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def other() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Other)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:  # noqa: F811
    context = browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


REDIRECT_TRICKS = [
    "/%09/{other}/landed",
    "/%0a/{other}/landed",
    "/%0d/{other}/landed",
    "/%0d%0a/{other}/landed",
    "//{other}/landed",
    "///{other}/landed",
    "/%5c{other}/landed",
    "%5c%5c{other}/landed",
    "/%5c%09/{other}/landed",
    "%09//{other}/landed",
    "http://{other}/landed",
    "http:%2f%2f{other}/landed",
    "//x@{other}/landed",
]


@pytest.mark.parametrize("trick", REDIRECT_TRICKS)
def test_login_next_keeps_the_browser_on_the_server(
    page: object,
    server: tuple[str, Built],  # noqa: F811
    other: str,
    trick: str,
) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    base, _ = server
    _Other.seen.clear()
    page.goto(f"{base}/-/login?next=" + trick.format(other=other))
    page.wait_for_load_state()
    assert page.url.startswith(base + "/"), page.url
    assert not any(p.startswith("/landed") for p in _Other.seen)


def _reviews(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def test_a_page_on_another_port_cannot_post_a_review(
    page: object,
    server: tuple[str, Built],  # noqa: F811
    other: str,
) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    base, built = server
    before = _reviews(built.path)
    page.goto(f"{base}/documents/{built.docs['a3'].id}")  # the reviewer's tab: sets the CSRF cookie
    target = f"{base}/claims/{built.claims['a3'][0]}/review"
    with page.expect_navigation(url=target):
        page.goto(f"http://{other}/attack?target={target}")
    assert "Rejected" in page.content()
    assert _reviews(built.path) == before
    # The same form from the server's own page goes through.
    page.goto(f"{base}/documents/{built.docs['a3'].id}")
    page.locator(f"#c-{built.claims['a3'][0]}").click()
    page.locator(f"#card-{built.claims['a3'][0]} button.confirm").click()
    page.wait_for_url(f"{base}/documents/**")
    assert _reviews(built.path) == before + 1


def test_datasette_pages_run_under_the_same_csp(page: object, server: tuple[str, Built]) -> None:  # noqa: F811
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base, _ = server
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    response = page.goto(f"{base}/ledger/documents")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("table.rows-and-columns")).to_contain_text("⟨RLO⟩evil")
    assert "\u202e" not in page.content()
    page.goto(f"{base}/ledger?sql=select+title+from+documents")
    expect(page.locator(".CodeMirror")).to_have_count(1)  # the editor's inline script ran (allowed by hash)
    # Inline style attributes in Datasette's templates are blocked (cosmetic); scripts must not be.
    blocked = [m for m in console if "Content Security Policy" in m and "script-src" in m]
    assert blocked == [], blocked


def test_error_pages_are_plain_and_safe(page: object, server: tuple[str, Built]) -> None:  # noqa: F811
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    base, _ = server
    cases = (("/a/b/c/d/e", 404), ("/documents?page=9223372036854775807", 400), ("/-/versions", 404))
    for path, status in cases:
        response = page.goto(base + path)
        assert response is not None and response.status == status, path
        assert response.headers["x-frame-options"] == "DENY"

"""What an outside tester tries on the review server, kept as tests (issue 13, points 8-12).

Redirects, every error path, CSRF with Origin and ports, body caps, token
mode, SQL and junk in every query parameter, path traversal and Datasette's
own pages — all in process through the real ASGI app (no socket), on a real
ledger. Connection deadlines need a real socket: see test_serve_connections.py.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from clients import client_for
from conftest import Built, csrf_from

from claimledger.serve import make_datasette
from claimledger.serve import security as sec
from claimledger.serve.urls import safe_next, same_origin

BASE = "http://127.0.0.1:8000"
SAFETY = ("x-content-type-options", "x-frame-options", "referrer-policy", "content-security-policy")

# --- 8. open redirect -------------------------------------------------------------------------


def browser_resolve(location: str, base: str) -> str:
    """Resolve a Location the way a WHATWG URL parser (every browser) does, for the cases that matter.

    Leading/trailing C0 controls and spaces are stripped, tabs and line breaks
    anywhere are removed, and in http(s) URLs a backslash is a slash.
    """
    v = location.strip("".join(chr(c) for c in range(0x21)))
    v = re.sub(r"[\t\n\r]", "", v).replace("\\", "/")
    return urljoin(base, v)


TRICKS = [
    "//evil.example/x",
    "///evil.example/x",
    "/\\evil.example/x",
    "\\/evil.example/x",
    "\\\\evil.example/x",
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r/evil.example/x",
    "/\r\n/evil.example/x",
    "\t//evil.example/x",
    " //evil.example/x",
    "/ /evil.example/x",
    "\x00//evil.example/x",
    "/\x0b/evil.example/x",
    "/\u00a0/evil.example/x",
    "/\u3000/evil.example/x",
    "/\u2028/evil.example/x",
    "https://evil.example/x",
    "http:evil.example/x",
    "https:/evil.example/x",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example@127.0.0.1:8000/x",
    "http://127.0.0.1:8000@evil.example/x",
    "//127.0.0.1:8000@evil.example/x",
    "/\t/127.0.0.1:9999/x",  # the probe's form: another local port
    "evil.example/x",
    "",
]
# Stay on this server (possibly as an odd-looking path): kept, or replaced by /documents.
LOCAL = [
    "/audit",
    "/documents?q=Brennick&page=2",
    "/%2F%2Fevil.example/x",
    "/%09/evil.example",
    "/.//x",
    "/@evil.example",
]


@pytest.mark.parametrize("value", TRICKS + LOCAL)
def test_safe_next_never_leaves_the_server(value: str) -> None:
    out = safe_next(value)
    assert re.fullmatch(r"/[\x21-\x7e]*", out) and "\\" not in out and not out.startswith("//")
    assert urlsplit(browser_resolve(out, BASE + "/-/login")).netloc == "127.0.0.1:8000"
    if value in TRICKS:
        assert out == "/documents"


def test_safe_next_keeps_real_paths_and_encodes_non_ascii() -> None:
    assert safe_next("/documents?q=Brennick&page=2") == "/documents?q=Brennick&page=2"
    assert safe_next("/documents?q=Brénnick") == "/documents?q=Br%C3%A9nnick"
    assert safe_next(None) == "/documents"


@pytest.mark.asyncio
@pytest.mark.parametrize("value", TRICKS)
async def test_login_redirect_stays_on_the_server(ledger: Built, value: str) -> None:
    # Without a token /-/login forwards straight to next=; with one, after a login POST.
    async with client_for(ledger.path) as c:
        r = await c.get("/-/login", params={"next": value})
    if "\x00" in value:  # a NUL anywhere in the address is refused outright
        assert r.status_code == 400 and "location" not in r.headers
    else:
        assert r.status_code in (302, 303) and r.headers["location"] == "/documents"
    async with client_for(ledger.path, token="s3cret", host="0.0.0.0", base_url="http://10.1.2.3:8000") as c:
        page = await c.get("/-/login")
        assert page.status_code == 200
        r = await c.post(
            "/-/login",
            data={"csrftoken": csrf_from(page.text), "token": "s3cret", "name": "Bo", "next": value},
        )
    assert r.status_code == 303 and r.headers["location"] == "/documents"


@pytest.mark.asyncio
async def test_raw_encoded_tricks_in_the_query_string(ledger: Built) -> None:
    # Percent-encoded by hand, as a link would carry them (%09 tab, %0a, %0d, %5c backslash, %2f).
    raw = [
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d/evil.example",
        "/%5cevil.example",
        "%2f%2fevil.example",
        "%5c%5cevil.example",
        "/%E3%80%80/evil.example",
        "%20//evil.example",
    ]
    async with client_for(ledger.path) as c:
        for q in raw:
            r = await c.get(f"/-/login?next={q}")
            assert r.status_code == 302 and r.headers["location"] == "/documents", q


@pytest.mark.asyncio
async def test_no_redirect_of_any_kind_leaves_the_server(ledger: Built) -> None:
    # Datasette redirects a path with a trailing slash to the same path without it: for
    # //evil.example/ that was //evil.example. Such paths are not served at all now.
    paths = [
        "//evil.example/",
        "//evil.example/%2e",
        "/\\evil.example/",
        "//evil.example//",
        "/ledger//evil.example/",
    ]
    async with client_for(ledger.path) as c:
        for p in paths:
            r = await _raw_get(c, p)
            where = r.headers.get("location")
            if where is not None:
                assert urlsplit(browser_resolve(where, BASE + p)).netloc == "127.0.0.1:8000", (p, where)


async def _raw_get(c: httpx.AsyncClient, raw: str) -> httpx.Response:
    """GET a path exactly as written (httpx would normalise dots and slashes)."""
    req = c.build_request("GET", BASE + "/")
    req.url = req.url.copy_with(raw_path=raw.encode("latin-1"))
    return await c.send(req)


# --- 9. every error path: one well-formed 4xx with the safety headers ----------------------------


class Recorder:
    """Drives the ASGI app directly and keeps every message it sends."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def send(self, message: dict[str, Any]) -> None:
        self.messages.append(message)

    @property
    def starts(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["type"] == "http.response.start"]


def _scope(
    path: str,
    method: str = "GET",
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    raw_path: bytes | None = None,
) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": raw_path if raw_path is not None else path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), *(headers or [])],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }


def _receiver(
    body: bytes = b"", chunks: int = 1
) -> tuple[Callable[[], Awaitable[dict[str, Any]]], list[int]]:
    """A receive() handing out ``body`` in ``chunks`` pieces; counts the bytes handed out."""
    size = max(1, -(-len(body) // chunks)) if body else 0
    parts = [body[i : i + size] for i in range(0, len(body), size)] if body else [b""]
    given = [0]

    async def receive() -> dict[str, Any]:
        if parts:
            part = parts.pop(0)
            given[0] += len(part)
            return {"type": "http.request", "body": part, "more_body": bool(parts)}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    return receive, given


async def _call(
    app: Any, scope: dict[str, Any], body: bytes = b"", chunks: int = 1
) -> tuple[Recorder, list[int]]:
    rec = Recorder()
    receive, given = _receiver(body, chunks)
    await app(scope, receive, rec.send)
    return rec, given


def _headers(message: dict[str, Any]) -> dict[str, str]:
    return {bytes(k).decode().lower(): bytes(v).decode("latin-1") for k, v in message["headers"]}


ERROR_PATHS = [
    "/nope",
    "/a/b/c/d/e",
    "/documents/a/b/c",
    "/ledger/nope",
    "/ledger/nope/x/y/z",
    "/ledger/claims/nope/x",
    "/-/nope",
    "/-/static/nope.js",
    "/-/claimledger/nope.css",
    "/documents/nope",
    "/measures/nope",
    "/claims/nope",
    "/documents?page=9223372036854775807",
    "/measures?page=9223372036854775807",
    "/conflicts?page=9223372036854775807",
    "/sources?page=9223372036854775807",
    "/audit?page=9223372036854775807",
    "/measures/x?page=99999999999999999999",
    "/documents?q=%00",
    "/measures?q=%00",
    "/sources?q=%00",
    "/ledger/claims?_sort=%00",
    "/ledger/claims.json?_sort=%00",
    "/ledger/claims?_sort=nope",
    "/ledger?sql=select+nope",
    "/ledger.json?sql=select+nope",
    "/ledger.db",
    "/ledger/claims/%00",
]


@pytest.mark.asyncio
@pytest.mark.parametrize("target", ERROR_PATHS)
async def test_error_paths_send_one_4xx_with_safety_headers(ledger: Built, target: str) -> None:
    app = make_datasette(ledger.path, reviewer="ana").app()
    path, _, query = target.partition("?")
    from urllib.parse import unquote

    rec, _ = await _call(app, _scope(unquote(path), query=query.encode(), raw_path=path.encode()))
    assert len(rec.starts) == 1, rec.starts
    status = rec.starts[0]["status"]
    assert 400 <= status < 500, (target, status)
    headers = _headers(rec.starts[0])
    assert all(h in headers for h in SAFETY), headers
    bodies = [m for m in rec.messages if m["type"] == "http.response.body"]
    assert bodies and not bodies[-1].get("more_body", False)


@pytest.mark.asyncio
async def test_guard_sends_one_response_whatever_the_app_does(ledger: Built) -> None:
    ds = make_datasette(ledger.path, reviewer="ana")

    async def raises(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    async def twice(scope: Any, receive: Any, send: Any) -> None:
        for status in (404, 500):
            await send({"type": "http.response.start", "status": status, "headers": []})
            await send({"type": "http.response.body", "body": b"x"})

    async def late(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("after the start")

    rec, _ = await _call(sec.wrap_app(raises, ds), _scope("/documents"))
    assert [m["status"] for m in rec.starts] == [500] and "boom" not in str(rec.messages)
    assert all(h in _headers(rec.starts[0]) for h in SAFETY)
    rec, _ = await _call(sec.wrap_app(twice, ds), _scope("/documents"))
    assert [m["status"] for m in rec.starts] == [404]
    assert [m["body"] for m in rec.messages if m["type"] == "http.response.body"] == [b"x"]
    with pytest.raises(RuntimeError, match="after the start"):
        await _call(sec.wrap_app(late, ds), _scope("/documents"))


@pytest.mark.asyncio
async def test_a_404_does_not_print_a_traceback(ledger: Built, capsys: pytest.CaptureFixture[str]) -> None:
    # Datasette's handler printed every local (headers with tokens) for each 404: ~0.85 s of CPU.
    async with client_for(ledger.path) as c:
        assert (
            await c.get("/ledger/nope", headers={"authorization": "Bearer secret-ish"})
        ).status_code == 404
    out = capsys.readouterr()
    assert "secret-ish" not in out.out + out.err and "Traceback" not in out.out + out.err


# --- 10. CSRF: Origin, Sec-Fetch-Site, ports, forged pairs, Authorization ----------------------


@pytest.mark.parametrize(
    ("headers", "ok"),
    [
        ({}, True),
        ({b"origin": b"http://127.0.0.1:8000"}, True),
        ({b"origin": b"http://127.0.0.1:8000", b"sec-fetch-site": b"same-origin"}, True),
        ({b"sec-fetch-site": b"none"}, True),
        ({b"origin": b"http://evil.example"}, False),
        ({b"origin": b"http://127.0.0.1:9999"}, False),
        ({b"origin": b"http://localhost:8000"}, False),
        ({b"origin": b"null"}, False),
        ({b"origin": b"http://127.0.0.1:8000/x"}, False),
        ({b"origin": b"file://"}, False),
        ({b"sec-fetch-site": b"same-site"}, False),
        ({b"sec-fetch-site": b"cross-site"}, False),
        ({b"origin": b"http://127.0.0.1:8000", b"sec-fetch-site": b"same-site"}, False),
    ],
)
def test_same_origin(headers: dict[bytes, bytes], ok: bool) -> None:
    assert same_origin({b"host": b"127.0.0.1:8000", **headers}) is ok


def test_same_origin_default_ports() -> None:
    assert same_origin({b"host": b"review.example", b"origin": b"https://review.example"})
    assert same_origin({b"host": b"review.example:443", b"origin": b"https://review.example"})
    assert not same_origin({b"host": b"review.example:8443", b"origin": b"https://review.example"})


def _reviews(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


async def _form(c: httpx.AsyncClient, ledger: Built) -> tuple[str, str]:
    doc = await c.get(f"/documents/{ledger.docs['a1'].id}")
    return f"/claims/{ledger.claims['a1'][0]}/review", csrf_from(doc.text)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "http://127.0.0.1:9999"},  # another local port shares our cookies
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
    ],
)
async def test_a_valid_csrf_pair_from_another_origin_is_refused(
    ledger: Built, headers: dict[str, str]
) -> None:
    async with client_for(ledger.path) as c:
        url, token = await _form(c, ledger)
        r = await c.post(url, data={"csrftoken": token, "action": "confirm"}, headers=headers)
        assert r.status_code == 403
        assert _reviews(ledger.path) == 0
        ok = await c.post(url, data={"csrftoken": token, "action": "confirm"}, headers={"origin": BASE})
        assert ok.status_code == 303 and _reviews(ledger.path) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("auth", [None, "Bearer junk", "Bearer ", "Basic YTpi"])
async def test_a_forged_equal_cookie_and_form_pair_is_refused(ledger: Built, auth: str | None) -> None:
    # A page on another port can write a cookie for 127.0.0.1; only a cookie we signed counts.
    headers = {"authorization": auth} if auth else {}
    async with client_for(ledger.path) as c:
        c.cookies.set("ds_csrftoken", "forged")
        r = await c.post(
            f"/claims/{ledger.claims['a1'][0]}/review",
            data={"csrftoken": "forged", "action": "confirm"},
            headers=headers,
        )
    assert r.status_code == 403 and _reviews(ledger.path) == 0


@pytest.mark.asyncio
async def test_junk_bearer_with_a_login_cookie_needs_the_csrf_token(ledger: Built) -> None:
    async with client_for(ledger.path, token="s3cret", host="0.0.0.0", base_url="http://10.1.2.3:8000") as c:
        page = await c.get("/-/login")
        await c.post("/-/login", data={"csrftoken": csrf_from(page.text), "token": "s3cret", "name": "Bo"})
        url = f"/claims/{ledger.claims['a1'][0]}/review"
        c.cookies.set("ds_csrftoken", "forged")
        r = await c.post(
            url, data={"csrftoken": "forged", "action": "confirm"}, headers={"authorization": "Bearer junk"}
        )
        assert r.status_code == 403 and _reviews(ledger.path) == 0
        good = await c.post(url, data={"action": "confirm"}, headers={"authorization": "Bearer s3cret"})
        assert good.status_code == 303 and _reviews(ledger.path) == 1


@pytest.mark.asyncio
async def test_logout_and_login_posts_check_the_origin_too(ledger: Built) -> None:
    async with client_for(ledger.path, token="s3cret", host="0.0.0.0", base_url="http://10.1.2.3:8000") as c:
        page = await c.get("/-/login")
        token = csrf_from(page.text)
        evil = {"origin": "http://evil.example"}
        r = await c.post("/-/login", data={"csrftoken": token, "token": "s3cret", "name": "Bo"}, headers=evil)
        assert r.status_code == 403 and "cl_auth" not in r.headers.get("set-cookie", "")


# --- 11. bodies ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_declared_oversized_body_is_refused_unread(ledger: Built) -> None:
    app = make_datasette(ledger.path, reviewer="ana").app()
    scope = _scope(
        f"/claims/{ledger.claims['a1'][0]}/review",
        "POST",
        headers=[
            (b"content-length", str(sec.MAX_BODY + 1).encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ],
    )
    rec, given = await _call(app, scope, b"x" * 10)
    assert [m["status"] for m in rec.starts] == [413] and given[0] == 0
    assert (b"connection", b"close") in rec.starts[0]["headers"]


@pytest.mark.asyncio
async def test_a_chunked_oversized_body_stops_at_the_cap(ledger: Built) -> None:
    app = make_datasette(ledger.path, reviewer="ana").app()
    scope = _scope(
        f"/claims/{ledger.claims['a1'][0]}/review",
        "POST",
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
    )
    body = b"a=" + b"x" * (8 * sec.MAX_BODY)
    rec, given = await _call(app, scope, body, chunks=64)
    assert [m["status"] for m in rec.starts] == [413]
    assert given[0] <= sec.MAX_BODY + len(body) // 64  # stopped at the first piece past the cap
    assert _reviews(ledger.path) == 0


@pytest.mark.asyncio
async def test_a_body_that_never_finishes_times_out(ledger: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sec, "BODY_TIMEOUT", 0.2)
    app = make_datasette(ledger.path, reviewer="ana").app()
    scope = _scope(
        f"/claims/{ledger.claims['a1'][0]}/review",
        "POST",
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
    )
    rec = Recorder()
    sent = [{"type": "http.request", "body": b"action=con", "more_body": True}]

    async def receive() -> dict[str, Any]:
        if sent:
            return sent.pop()
        await asyncio.sleep(3600)  # the rest never comes
        return {"type": "http.disconnect"}

    await asyncio.wait_for(app(scope, receive, rec.send), 30)
    assert [m["status"] for m in rec.starts] == [408]


@pytest.mark.asyncio
async def test_token_mode_refuses_a_post_before_reading_it(ledger: Built) -> None:
    ds = make_datasette(ledger.path, reviewer="ana", token="s3cret", host="0.0.0.0")
    scope = _scope(
        f"/claims/{ledger.claims['a1'][0]}/review",
        "POST",
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
    )
    rec, given = await _call(ds.app(), scope, b"action=confirm" * 1000)
    assert [m["status"] for m in rec.starts] == [401] and given[0] == 0


@pytest.mark.asyncio
async def test_a_cross_site_post_is_refused_before_reading_it(ledger: Built) -> None:
    app = make_datasette(ledger.path, reviewer="ana").app()
    scope = _scope(
        f"/claims/{ledger.claims['a1'][0]}/review",
        "POST",
        headers=[(b"origin", b"http://evil.example"), (b"content-type", b"text/plain")],
    )
    rec, given = await _call(app, scope, b"x" * 100_000)
    assert [m["status"] for m in rec.starts] == [403] and given[0] == 0


@pytest.mark.asyncio
async def test_a_review_still_works_with_the_body_buffered(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        url, token = await _form(c, ledger)
        r = await c.post(
            url,
            data={"csrftoken": token, "action": "correct", "low": "4200", "high": "4200", "note": "n" * 400},
            headers={"origin": BASE, "sec-fetch-site": "same-origin"},
        )
    assert r.status_code == 303 and _reviews(ledger.path) == 1


# --- SQL and junk in every query parameter -------------------------------------------------------

JUNK = [
    "' OR 1=1 --",
    "'; DROP TABLE claims; --",
    '" OR ""="',
    "1; UPDATE claims SET low = 0",
    "x' UNION SELECT name, sql FROM sqlite_master --",
    '"',
    '""',
    "*",
    "NEAR(a b",
    "a OR",
    "AND",
    "(",
    ")",
    "^",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e308",
    "nan",
    "%",
    "%25",
    "\u202eevil",
    "\x01\x1f\x7f",
    "🙂" * 10,
    "a" * 5000,
    "<script>alert(1)</script>",
    "2030-13-45",
    "../../etc/passwd",
]
PAGES = {
    "/documents": ("q", "outlet", "since", "until", "page"),
    "/measures": ("q", "event", "page"),
    "/conflicts": ("kind", "page"),
    "/sources": ("q", "page"),
    "/audit": ("reviewer", "claim", "page"),
}


def _fingerprint(path: Path) -> tuple[Any, ...]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        counts = tuple(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
        lows = tuple(conn.execute("SELECT id, low, high FROM claims ORDER BY id").fetchall())
        return (tuple(tables), counts, lows)
    finally:
        conn.close()


@pytest.mark.asyncio
async def test_junk_in_every_query_parameter_is_never_a_500(ledger: Built) -> None:
    before = _fingerprint(ledger.path)
    doc, measure = ledger.docs["a1"].id, None
    conn = sqlite3.connect(ledger.path)
    measure = conn.execute("SELECT id FROM measures LIMIT 1").fetchone()[0]
    conn.close()
    pages = {
        **PAGES,
        f"/measures/{measure}": ("page",),
        f"/documents/{doc}": ("reviewed",),
        "/ledger/claims": ("_sort", "_sort_desc", "_search", "_facet", "_size", "_next", "event"),
        "/ledger": ("sql",),
    }
    failures = []
    async with client_for(ledger.path) as c:
        for url, params in pages.items():
            for name in params:
                for value in JUNK:
                    r = await c.get(url, params={name: value})
                    if r.status_code >= 500 or "content-security-policy" not in r.headers:
                        failures.append((url, name, value[:40], r.status_code))
    assert failures == []
    assert _fingerprint(ledger.path) == before


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE claims",
        "DELETE FROM claims",
        "UPDATE claims SET low = 0",
        "INSERT INTO reviews (claim_id) VALUES ('x')",
        "ATTACH DATABASE '/tmp/x.db' AS x",
        "PRAGMA writable_schema = 1",
        "select 1; drop table claims",
        "CREATE TABLE x (a)",
        "VACUUM",
        "select load_extension('x')",
    ],
)
async def test_datasette_sql_cannot_write(ledger: Built, sql: str) -> None:
    before = _fingerprint(ledger.path)
    async with client_for(ledger.path) as c:
        r = await c.get("/ledger.json", params={"sql": sql})
    assert 400 <= r.status_code < 500
    assert _fingerprint(ledger.path) == before


# --- path traversal ------------------------------------------------------------------------------

TRAVERSALS = [
    "/-/claimledger/../../../../etc/passwd",
    "/-/claimledger/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/-/claimledger/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/-/claimledger/....//....//etc/passwd",
    "/-/claimledger/..\\..\\..\\etc\\passwd",
    "/-/static/../../../../etc/passwd",
    "/-/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/-/static/%2e%2e%2f%2e%2e%2fapp.py",
    "/-/claimledger/%2e%2e%2fsecurity.py",
    "/-/claimledger/..%5csecurity.py",
    "/ledger/../../etc/passwd",
    "/ledger/..%2f..%2fetc%2fpasswd",
    "/documents/..%2f..%2fetc%2fpasswd",
    "/..%2f..%2fetc%2fpasswd",
]


@pytest.mark.asyncio
@pytest.mark.parametrize("raw", TRAVERSALS)
async def test_path_traversal_reads_nothing(ledger: Built, raw: str) -> None:
    async with client_for(ledger.path) as c:
        r = await _raw_get(c, raw)
    assert r.status_code < 500
    assert "root:" not in r.text and "import " not in r.text and "hookimpl" not in r.text
    where = r.headers.get("location")
    if where:
        assert urlsplit(browser_resolve(where, BASE + "/")).netloc == "127.0.0.1:8000"


# --- 12. Datasette's own pages ------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/-/versions",
        "/-/versions.json",
        "/-/threads",
        "/-/threads.json",
        "/-/permissions",
        "/-/databases",
        "/-/databases.json",
        "/-/metadata.json",
        "/-/settings.json",
        "/-/plugins.json",
        "/-/actor.json",
        "/-/allow-debug",
        "/-/messages",
        "/-/patterns",
        "/-/config.json",
        "/-/auth-token",
        "/-/static-plugins/x",
    ],
)
async def test_datasette_introspection_pages_are_not_served(ledger: Built, path: str) -> None:
    async with client_for(ledger.path) as c:
        r = await c.get(path)
    assert r.status_code == 404 and all(h in r.headers for h in SAFETY)


@pytest.mark.asyncio
async def test_datasette_pages_have_our_headers_spelled_out_controls_and_no_paths(ledger: Built) -> None:
    folder = str(ledger.path.parent)
    async with client_for(ledger.path) as c:
        for url in (
            "/ledger",
            "/ledger/documents",
            "/ledger/claims",
            "/ledger/claims_view",
            "/ledger/sources",
            "/ledger?sql=select+title+from+documents",
            "/ledger/nope",
            "/ledger.json",
            "/ledger/documents.json",
            "/ledger/claims.csv",
            "/ledger.db",
        ):
            r = await c.get(url)
            assert all(h in r.headers for h in SAFETY), url
            assert r.headers["content-security-policy"] == sec.CSP, url
            assert folder not in r.text, url
            if r.headers.get("content-type", "").startswith("text/html"):
                assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200f]", r.text), url
        docs = await c.get("/ledger/documents")
    assert "⟨RLO⟩evil" in docs.text


def test_csp_allows_only_datasettes_own_inline_scripts() -> None:
    hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", sec.CSP)
    assert len(hashes) == 4
    assert "unsafe-inline" not in sec.CSP and "unsafe-eval" not in sec.CSP
    assert "frame-ancestors 'none'" in sec.CSP and "default-src 'none'" in sec.CSP


# --- methods, content types, undecodable bytes ---------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "FOO"])
@pytest.mark.parametrize("path", ["/documents", "/ledger", "/ledger/claims", "/-/login"])
async def test_unknown_methods_are_405(ledger: Built, method: str, path: str) -> None:
    async with client_for(ledger.path) as c:
        r = await c.request(method, path)
    assert r.status_code == 405 and all(h in r.headers for h in SAFETY)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path", ["/documents", "/ledger", "/ledger/claims", "/ledger/-/query", "/-/messages", "/"]
)
async def test_only_reviews_and_login_take_a_post(ledger: Built, path: str) -> None:
    async with client_for(ledger.path) as c:
        r = await c.post(path, data={"a": "b"})
    assert r.status_code == (404 if path.startswith("/-/") else 405)  # /-/messages is not served at all


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "text/plain", "application/json"],
)
async def test_a_review_must_be_a_url_encoded_form(ledger: Built, content_type: str) -> None:
    async with client_for(ledger.path) as c:
        url, token = await _form(c, ledger)
        r = await c.post(
            url, content=f"csrftoken={token}&action=confirm".encode(), headers={"content-type": content_type}
        )
    assert r.status_code == 415 and _reviews(ledger.path) == 0


@pytest.mark.asyncio
async def test_a_form_that_is_not_utf8_is_a_400(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        url, token = await _form(c, ledger)
        r = await c.post(
            url,
            content=b"csrftoken=" + token.encode() + b"&action=confirm&note=\xff\xfe",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert r.status_code == 400 and _reviews(ledger.path) == 0


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_cookie_header_that_is_not_utf8_is_ignored(ledger: Built, method: str) -> None:
    app = make_datasette(ledger.path, reviewer="ana").app()
    path = "/documents" if method == "GET" else f"/claims/{ledger.claims['a1'][0]}/review"
    scope = _scope(
        path,
        method,
        headers=[
            (b"cookie", b"ds_csrftoken=\xff\xfe"),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ],
    )
    rec, _ = await _call(app, scope, b"action=confirm")
    assert [m["status"] for m in rec.starts] == ([200] if method == "GET" else [403])


@pytest.mark.asyncio
async def test_sql_in_every_review_field_is_stored_as_text(ledger: Built) -> None:
    evil = "x'); DROP TABLE claims; --"
    cid = ledger.claims["a1"][1]
    async with client_for(ledger.path) as c:
        url, token = f"/claims/{cid}/review", (await _form(c, ledger))[1]
        r = await c.post(
            url,
            data={
                "csrftoken": token,
                "action": "correct",
                "subject": evil,
                "place": evil,
                "source": evil,
                "note": evil,
            },
            headers={"accept": "application/json"},
        )
        assert r.status_code == 200, r.text
        for field in ("hedge", "unit", "event", "as_of", "low"):
            bad = await c.post(
                url,
                data={"csrftoken": token, "action": "correct", field: evil},
                headers={"accept": "application/json"},
            )
            assert bad.status_code == 400, field
    conn = sqlite3.connect(ledger.path)
    try:
        row = conn.execute("SELECT subject, place, source FROM claims WHERE id = ?", (cid,)).fetchone()
        assert row == (evil, evil, evil)
        assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
    finally:
        conn.close()

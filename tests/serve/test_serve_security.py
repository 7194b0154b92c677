"""Loopback by default, a token for anything else, Host checks, and the login flow."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from clients import client_for
from conftest import Built, csrf_from

from claimledger.cli import main
from claimledger.serve import ServeError, make_datasette
from claimledger.serve.config import host_header_is_loopback, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.4.5", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::", "10.0.0.1"])
def test_non_loopback_needs_a_token(ledger: Built, host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ServeError, match="without an access token"):
        make_datasette(ledger.path, reviewer="ana", host=host)
    make_datasette(ledger.path, reviewer="ana", host=host, token="s3cret")


def test_cli_refuses_public_host_without_token(ledger: Built) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--db", str(ledger.path), "--host", "0.0.0.0"], env={"CLAIMLEDGER_TOKEN": ""}
    )
    assert result.exit_code == 1
    assert "refusing to listen on 0.0.0.0 without an access token" in result.output


def test_refuses_a_database_that_is_not_a_ledger(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ServeError, match="not a claimledger ledger"):
        make_datasette(other, reviewer="ana")
    assert {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")} == {"notes"}
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ServeError, match="not a ledger"):
        make_datasette(junk, reviewer="ana")


def test_cli_names_a_missing_ledger(tmp_path: object) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", "/nonexistent/claims.db"])
    assert result.exit_code == 1 and "no ledger at /nonexistent/claims.db" in result.output


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("127.0.0.1:8000", True),
        ("localhost", True),
        ("[::1]:80", True),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
    ],
)
def test_host_header(value: str, ok: bool) -> None:
    assert host_header_is_loopback(value) is ok


@pytest.mark.asyncio
async def test_foreign_host_header_is_refused_without_token(ledger: Built) -> None:
    # A DNS-rebinding page reaches 127.0.0.1 under its own name: it gets nothing.
    async with client_for(ledger.path, base_url="http://evil.example:8000") as c:
        r = await c.get("/documents")
    assert r.status_code == 421


@pytest.mark.asyncio
async def test_token_mode_requires_the_token(ledger: Built) -> None:
    async with client_for(ledger.path, token="s3cret", host="0.0.0.0", base_url="http://10.1.2.3:8000") as c:
        r = await c.get("/documents")
        assert r.status_code == 303 and r.headers["location"] == "/-/login?next=%2Fdocuments"
        for path in ("/ledger", "/ledger/claims.json", f"/documents/{ledger.docs['a1'].id}", "/audit"):
            assert (await c.get(path)).status_code in (303, 302)
        assert (await c.post(f"/claims/{ledger.claims['a1'][0]}/review", data={})).status_code == 401
        assert (await c.get("/documents", headers={"authorization": "Bearer s3cret"})).status_code == 200
        assert (await c.get("/documents", headers={"x-claimledger-token": "s3cret"})).status_code == 200
        assert (await c.get("/documents", headers={"authorization": "Bearer nope"})).status_code == 303
        # Scripts with the token may post reviews without a CSRF cookie.
        api = await c.post(
            f"/claims/{ledger.claims['a2'][0]}/review",
            data={"action": "confirm"},
            headers={"authorization": "Bearer s3cret", "accept": "application/json"},
        )
        assert api.status_code == 200 and api.json()["review"]["reviewer"] == "ana"


@pytest.mark.asyncio
async def test_login_sets_a_cookie_and_names_the_reviewer(ledger: Built) -> None:
    async with client_for(ledger.path, token="s3cret", host="0.0.0.0", base_url="http://10.1.2.3:8000") as c:
        page = await c.get("/-/login", params={"next": "/audit"})
        assert page.status_code == 200
        token = csrf_from(page.text)
        wrong = await c.post(
            "/-/login", data={"csrftoken": token, "token": "nope", "name": "Bo", "next": "/audit"}
        )
        assert wrong.status_code == 401 and "not right" in wrong.text
        ok = await c.post(
            "/-/login", data={"csrftoken": token, "token": "s3cret", "name": "Bo", "next": "//evil.example/"}
        )
        assert ok.status_code == 303 and ok.headers["location"] == "/documents"  # no open redirect
        doc = await c.get(f"/documents/{ledger.docs['a1'].id}")
        assert doc.status_code == 200 and "reviewing as <strong>Bo</strong>" in doc.text
        r = await c.post(
            f"/claims/{ledger.claims['a1'][0]}/review",
            data={"csrftoken": csrf_from(doc.text), "action": "confirm"},
        )
        assert r.status_code == 303
        audit = await c.get("/audit")
        assert "<td>Bo</td>" in audit.text
        out = await c.post("/-/logout", data={"csrftoken": csrf_from(audit.text)})
        assert out.status_code == 303 and out.headers["location"] == "/-/login"
        assert (await c.get("/documents")).status_code == 303  # logged out: back to the login page


@pytest.mark.asyncio
async def test_safety_headers(ledger: Built) -> None:
    async with client_for(ledger.path) as c:
        ours = await c.get("/documents")
        theirs = await c.get("/ledger")
    assert ours.headers["x-frame-options"] == "DENY" and theirs.headers["x-frame-options"] == "DENY"
    assert ours.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in ours.headers["content-security-policy"]

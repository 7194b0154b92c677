"""Slow and stalled connections against a real server process on a loopback port.

The server runs with short deadlines (1 s for headers, 2 s for bodies) so
the tests are quick; every wait here is bounded and generous (a missed
deadline shows up as a connection still open after 20 s, not as a hang).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from clients import free_port, running_server
from conftest import Built, build_ledger

from claimledger.serve.security import MAX_BODY

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
PATIENCE = 20.0  # how long a test waits for the server to act before calling it a failure



@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Built]]:
    built = build_ledger(tmp_path_factory.mktemp("conn") / "claims.db")
    port = free_port()
    code = (
        "import sys; from claimledger.serve.app import make_datasette, run; "
        "run(make_datasette(sys.argv[1], reviewer='tester'), host='127.0.0.1', port=int(sys.argv[2]), "
        f"header_timeout={HEADER_TIMEOUT}, body_timeout={BODY_TIMEOUT}, keep_alive=2)"
    )
    with running_server(["-c", code, str(built.path), str(port)], port):
        yield port, built


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
    return s


def _read_until_closed(s: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or PATIENCE runs out)."""
    s.settimeout(PATIENCE)
    out = b""
    end = time.monotonic() + PATIENCE
    while time.monotonic() < end:
        try:
            chunk = s.recv(65536)
        except TimeoutError:
            raise AssertionError(f"connection still open after {PATIENCE} s; got {out[:200]!r}") from None
        except ConnectionResetError:
            return out
        if not chunk:
            return out
        out += chunk
    raise AssertionError(f"connection still open after {PATIENCE} s; got {out[:200]!r}")


@pytest.mark.parametrize(
    "partial",
    [
        b"",
        b"G",
        b"GET /documents HTTP/1.1\r\n",
        b"GET /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
    ],
)
def test_half_sent_request_headers_are_cut_off(server: tuple[int, Built], partial: bytes) -> None:
    port, _ = server
    s = _connect(port)
    try:
        s.sendall(partial)
        assert _read_until_closed(s) == b""  # closed without an answer
    finally:
        s.close()


def test_many_stalled_connections_are_all_closed(server: tuple[int, Built]) -> None:
    port, _ = server
    socks = [_connect(port) for _ in range(50)]
    try:
        for s in socks:
            s.sendall(b"GET /documents HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for s in socks:
            _read_until_closed(s)
        assert httpx.get(f"http://127.0.0.1:{port}/documents", timeout=PATIENCE).status_code == 200
    finally:
        for s in socks:
            s.close()


def test_dripping_headers_do_not_reset_the_deadline(server: tuple[int, Built]) -> None:
    port, _ = server
    s = _connect(port)
    try:
        s.sendall(b"GET /documents HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed_at = None
        for i in range(int(PATIENCE * 4)):  # one header line every 0.25 s
            try:
                s.sendall(f"X-Drip-{i}: 1\r\n".encode())
            except (BrokenPipeError, ConnectionResetError):
                closed_at = i
                break
            time.sleep(0.25)
        assert closed_at is not None, "the server kept reading headers for ever"
    finally:
        s.close()


def test_half_sent_body_is_cut_off(server: tuple[int, Built]) -> None:
    port, built = server
    s = _connect(port)
    try:
        s.sendall(
            f"POST /claims/{built.claims['a1'][0]}/review HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 1000\r\n\r\naction=con".encode()
        )
        answer = _read_until_closed(s)
        assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:100]
    finally:
        s.close()


def test_oversized_body_is_refused_at_once_and_closed(server: tuple[int, Built]) -> None:
    port, built = server
    s = _connect(port)
    try:
        s.sendall(
            f"POST /claims/{built.claims['a1'][0]}/review HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {200 * 1024 * 1024}\r\n\r\n".encode()
        )
        s.sendall(b"x" * 65536)
        answer = _read_until_closed(s)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
        assert b"connection: close" in answer.lower()
    finally:
        s.close()


def test_a_cross_site_post_is_refused_and_closed_without_reading_the_body(server: tuple[int, Built]) -> None:
    port, built = server
    s = _connect(port)
    try:
        s.sendall(
            f"POST /claims/{built.claims['a1'][0]}/review HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Origin: http://evil.example\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {MAX_BODY}\r\n\r\n".encode()
        )
        answer = _read_until_closed(s)
        assert answer.startswith(b"HTTP/1.1 403"), answer[:100]
    finally:
        s.close()


def test_keep_alive_still_serves_several_requests(server: tuple[int, Built]) -> None:
    port, _ = server
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=PATIENCE) as c:
        for _ in range(5):
            r = c.get("/documents")
            assert r.status_code == 200
        assert r.headers["x-frame-options"] == "DENY" and "server" not in r.headers


def test_a_body_sent_in_slow_pieces_within_the_deadline_is_accepted(server: tuple[int, Built]) -> None:
    port, built = server
    body = b"action=confirm&note=slow+but+fine"
    s = _connect(port)
    try:
        s.sendall(
            f"POST /claims/{built.claims['a2'][0]}/review HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Bearer nothing\r\n"
            f"Connection: close\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        )
        for i in range(0, len(body), 8):
            s.sendall(body[i : i + 8])
            time.sleep(0.05)
        answer = _read_until_closed(s)
        # Read in full and judged: refused for want of a CSRF token (no cookie), not cut off.
        assert answer.startswith(b"HTTP/1.1 403"), answer[:100]
        assert b"CSRF" in answer
    finally:
        s.close()

"""`claimledger serve --workers N`: several real server processes on one port.

What must hold when requests land on different processes: every worker serves
the pages, a form one worker served is accepted by another (they sign CSRF
tokens with one secret), reviews from all of them reach the one ledger, and
stopping the server stops every worker.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from clients import free_port, running_server, serve_argv
from conftest import Built, csrf_from

from claimledger.serve import make_datasette, worker_app
from claimledger.serve.config import config_for
from claimledger.serve.workers import worker_environment


def _children(pid: int) -> list[int]:
    """Worker processes of the server (uvicorn spawns them; its resource tracker is not one)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                out.append(int(child))
    return out


def _cpu_ticks(pid: int) -> int | None:
    """CPU ticks a process has used; None when it is gone (the supervisor replaced it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _wait_for_workers(pid: int, n: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        kids = _children(pid)
        if len(kids) == n:
            return kids
        time.sleep(0.2)
    raise AssertionError(f"expected {n} workers, found {_children(pid)}")


def test_two_workers_share_pages_csrf_and_the_ledger(ledger: Built) -> None:
    port = free_port()
    started: list[subprocess.Popen[bytes]] = []
    argv = [*serve_argv(ledger.path, port, "wendy"), "--workers", "2"]
    doc_ids = {key: doc.id for key, doc in ledger.docs.items()}
    with running_server(argv, port, started=started) as base:
        server = started[0]
        workers = _wait_for_workers(server.pid, 2)
        before = {w: _cpu_ticks(w) or 0 for w in workers}

        # Eight clients at once, each on its own connection: both workers must take some.
        def browse(_: int) -> int:
            with httpx.Client(base_url=base, timeout=60) as c:
                for _ in range(6):
                    for doc_id in doc_ids.values():
                        assert c.get(f"/documents/{doc_id}").status_code == 200
            return 6 * len(doc_ids)

        # The kernel hands each connection to whichever worker accepts first, so one round of eight
        # may all land on one worker: browse in rounds until every worker has served pages (or give
        # up after a bounded number of rounds, which is the failure this test exists to catch).
        pages = rounds = 0
        spent = dict.fromkeys(workers, 0)
        with ThreadPoolExecutor(8) as pool:
            while rounds < 6:
                pages += sum(pool.map(browse, range(8)))
                rounds += 1
                now = {w: _cpu_ticks(w) for w in workers}
                if any(t is None for t in now.values()):
                    # uvicorn's supervisor replaces a worker that misses its health ping (a loaded
                    # machine): count from the replacement on, as this round never happened
                    workers = _wait_for_workers(server.pid, 2)
                    before = {w: _cpu_ticks(w) or 0 for w in workers}
                    spent = dict.fromkeys(workers, 0)
                    continue
                spent = {w: (now[w] or 0) - before[w] for w in workers}
                if all(t >= 5 for t in spent.values()):
                    break
        # Rendering a page costs milliseconds; the supervisor's health pings cost next to nothing.
        assert all(t >= 5 for t in spent.values()), f"a worker served (almost) nothing: {spent} ticks"

        # Each review: the form from one connection, the POST on a new one (often the other worker).
        saved = 0
        key, doc_id = next(iter(doc_ids.items()))
        for cid in ledger.claims[key]:
            with httpx.Client(base_url=base, timeout=30) as reader:
                token = csrf_from(reader.get(f"/documents/{doc_id}").text)
                cookies = reader.cookies
            with httpx.Client(base_url=base, cookies=cookies, timeout=30) as writer:
                r = writer.post(
                    f"/claims/{cid}/review",
                    data={"csrftoken": token, "action": "confirm", "note": "from either worker"},
                )
                assert r.status_code == 303, r.text
                saved += 1
        assert saved == len(ledger.claims[key]) > 0
        server.terminate()
        server.wait(timeout=20)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(Path(f"/proc/{w}").exists() for w in workers), "a worker outlived the server"

    conn = sqlite3.connect(ledger.path)
    try:
        reviewed = conn.execute("SELECT COUNT(*) FROM reviews WHERE note = 'from either worker'").fetchone()[
            0
        ]
    finally:
        conn.close()
    assert reviewed == len(ledger.claims[key])
    assert pages == rounds * 8 * 6 * len(doc_ids)


def _worker_clients(ledger: Built, monkeypatch: Any, token: str | None) -> tuple[httpx.AsyncClient, ...]:
    """Two workers' apps built the way spawned workers build them (from the parent's environment)."""
    ds = make_datasette(ledger.path, reviewer="wendy", token=token)
    config = config_for(ds)
    assert config is not None
    env = worker_environment(
        db=str(ledger.path), reviewer="wendy", host="127.0.0.1", token=token, secret=ds._secret
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return tuple(
        httpx.AsyncClient(transport=httpx.ASGITransport(app=worker_app.app()), base_url="http://127.0.0.1:8000")
        for _ in range(2)
    )


def test_a_form_from_one_worker_is_accepted_by_another(ledger: Built, monkeypatch: Any) -> None:
    first, second = _worker_clients(ledger, monkeypatch, token=None)
    key, doc = next(iter(ledger.docs.items()))
    cid = ledger.claims[key][0]

    async def go() -> int:
        page = await first.get(f"/documents/{doc.id}")
        token = csrf_from(page.text)
        second.cookies.set("ds_csrftoken", page.cookies["ds_csrftoken"])
        r = await second.post(
            f"/claims/{cid}/review",
            data={"csrftoken": token, "action": "confirm"},
        )
        return r.status_code

    assert asyncio.run(go()) == 303


def test_a_login_on_one_worker_holds_on_another(ledger: Built, monkeypatch: Any) -> None:
    first, second = _worker_clients(ledger, monkeypatch, token="s3cret-token")

    async def go() -> tuple[int, int]:
        anonymous = await second.get("/documents")
        r = await first.post(
            "/-/login", data={"token": "s3cret-token", "name": "wendy", "next": "/documents"}
        )
        assert r.status_code == 303, r.text
        second.cookies.update(r.cookies)
        page = await second.get("/documents")
        return anonymous.status_code, page.status_code

    anonymous, logged_in = asyncio.run(go())
    assert anonymous in (302, 303, 401)
    assert logged_in == 200


def _established(pid: int, port: int) -> int:
    """Connections to ``port`` that process ``pid`` holds open (its socket fds in /proc/net/tcp)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        cols = line.split()
        local_port = int(cols[1].rsplit(":", 1)[1], 16)
        if local_port == port and cols[3] == "01" and cols[9] in inodes:  # 01: ESTABLISHED
            count += 1
    return count


def _burst(port: int, doc_id: str, n: int, stopped: int | None = None) -> list[socket.socket]:
    """``n`` connections opened at once, then one request on each, every answer read.

    With ``stopped``, that worker is frozen (SIGSTOP) while the connections are opened, as a
    worker the scheduler does not run during a burst is, and thawed before the requests.
    """
    socks = []
    if stopped is not None:
        os.kill(stopped, signal.SIGSTOP)
    try:
        for _ in range(n):  # all connected before any request, as a benchmark's clients are
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=30))
        time.sleep(0.2)  # a running worker has accepted everything it will take by now
    finally:
        if stopped is not None:
            os.kill(stopped, signal.SIGCONT)
    for s in socks:
        s.sendall(f"GET /documents/{doc_id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    for s in socks:
        assert s.recv(12).startswith(b"HTTP/1.1 200")
    return socks


def _burst_on_two_workers(ledger: Built, *, freeze_first: bool) -> tuple[dict[int, int], list[int]]:
    """Forty clients connect at once to a two-worker server (the first worker frozen meanwhile
    when ``freeze_first``); returns how many connections each worker holds, and the workers."""
    port = free_port()
    started: list[subprocess.Popen[bytes]] = []
    argv = [*serve_argv(ledger.path, port, "wendy"), "--workers", "2"]
    doc_id = next(iter(ledger.docs.values())).id
    with running_server(argv, port, started=started):
        workers = _wait_for_workers(started[0].pid, 2)
        time.sleep(1.0)  # the health-check connection of running_server is closed by now
        socks = _burst(port, doc_id, 40, stopped=workers[0] if freeze_first else None)
        try:
            held = {w: _established(w, port) for w in workers}
        finally:
            for s in socks:
                s.close()
        assert _wait_for_workers(started[0].pid, 2) == workers  # no worker was lost meanwhile
    return held, workers


def test_a_burst_of_keep_alive_clients_is_shared_by_the_workers(ledger: Built) -> None:
    """Forty clients connecting at once land on both workers, not all on the first to wake.

    Each worker listens on its own SO_REUSEPORT socket and the kernel spreads connections by
    a hash of the client's port: one worker gets fewer than 6 of 40 about once in a million runs.
    """
    held, _workers = _burst_on_two_workers(ledger, freeze_first=False)
    assert sum(held.values()) == 40, held
    assert min(held.values()) >= 6, f"one worker took (almost) every connection: {held}"


def test_a_worker_not_running_during_a_burst_still_gets_its_share(ledger: Built) -> None:
    """A worker frozen while forty clients connect still serves some of them once it runs.

    With one socket shared by the workers, the worker that was running accepted every
    connection of the burst and the frozen one got none (the benchmark's phases served by one
    worker on a loaded machine); with a socket each, the kernel queues the frozen worker's share.
    """
    held, workers = _burst_on_two_workers(ledger, freeze_first=True)
    assert sum(held.values()) == 40, held
    assert held[workers[0]] >= 6, f"the frozen worker got (almost) no connection: {held}"


def test_the_supervisor_binds_a_socket_per_worker_and_keeps_none() -> None:
    """Every worker start gets a new listening socket on the one port; the parent closes its copies."""
    import uvicorn
    from uvicorn.supervisors.multiprocess import SIGNALS

    from claimledger.serve.supervisor import ReusePortMultiprocess

    port = free_port()
    config = uvicorn.Config("claimledger.serve.worker_app:app", factory=True, workers=2)
    handlers = {sig: signal.getsignal(sig) for sig in SIGNALS}
    try:
        sup = ReusePortMultiprocess(config, host="127.0.0.1", port=port)
    finally:  # the supervisor takes over the process's signals; give pytest its own back
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    first, second = sup.sockets[0], sup.sockets[0]
    assert first is not second
    for s in (first, second):
        assert s.getsockname() == ("127.0.0.1", port)
        assert s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # the port accepts connections while the sockets are open
    sup._close_handed()
    assert first.fileno() == -1 and second.fileno() == -1


def test_connections_a_worker_accepts_send_without_nagle_delay() -> None:
    """Every connection accepted on a worker's socket has ``TCP_NODELAY`` set.

    asyncio sets it only on accepted sockets whose protocol is TCP, and an
    accepted socket inherits the listening socket's: a socket made with protocol 0
    left Nagle's algorithm on, so a chunked page's last small write waited for the
    client's delayed ACK (about 40 ms per request with --workers 2). This runs the
    worker's own socket under asyncio's server, as uvicorn does.
    """
    from claimledger.serve.supervisor import reuseport_socket

    async def accept_one() -> int:
        listening = reuseport_socket("127.0.0.1", 0, 8)
        assert listening.proto == socket.IPPROTO_TCP
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=listening)
        async with server:
            _reader, writer = await asyncio.open_connection(*listening.getsockname()[:2])
            flag = await asyncio.wait_for(seen, 10)
            writer.close()
        return flag

    assert asyncio.run(accept_one()) != 0

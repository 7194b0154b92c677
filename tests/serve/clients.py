"""An httpx client on the review server's ASGI app, addressed as a loopback host (no socket)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimledger.serve import make_datasette


def client_for(
    path: Path,
    *,
    reviewer: str = "ana",
    token: str | None = None,
    host: str = "127.0.0.1",
    base_url: str = "http://127.0.0.1:8000",
) -> httpx.AsyncClient:
    ds = make_datasette(path, reviewer=reviewer, token=token, host=host)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=ds.app()), base_url=base_url)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(
    argv: list[str], port: int, what: str = "server", started: list[subprocess.Popen[bytes]] | None = None
) -> Iterator[str]:
    """Run a real review server (``python argv…``) on ``port`` until the block ends; yields its base URL.

    ``started``, when given, receives the server's process (for tests that look at its children).

    Its output goes to a file, not a pipe: a server that logs a lot can never block on a full pipe.
    Fails the test with that output when the server does not answer ``/documents`` within 30 s.
    """
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, *argv], env={**os.environ, "CLAIMLEDGER_TOKEN": ""}, stdout=log,
            stderr=subprocess.STDOUT,
        )
        if started is not None:
            started.append(proc)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/documents", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"{what} did not start: {log.read().decode(errors='replace')}")
                time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def serve_argv(db: Path, port: int, reviewer: str) -> list[str]:
    """``claimledger serve`` for a test ledger, open to the loopback without a token."""
    return ["-m", "claimledger.cli", "serve", "--db", str(db), "--port", str(port), "--reviewer", reviewer]

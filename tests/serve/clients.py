"""An httpx client on the review server's ASGI app, addressed as a loopback host (no socket)."""

from __future__ import annotations

from pathlib import Path

import httpx

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

"""Several server processes on one port: ``claimledger serve --workers N``.

One Python process renders one page at a time (the GIL), so with many
reviewers, or a big ledger, a single process queues requests behind each
other while the other cores idle. uvicorn's own supervisor runs N worker
processes on one listening socket; each builds its own Datasette from the
settings the parent passes in the environment (a spawned process gets no
Python objects, only an import string).

What the workers must share, they share through the ledger or the
environment: reviews are written to the ledger (SQLite serialises writers
across processes), page caches check the ledger for changes on every use,
and every worker signs logins and CSRF tokens with the one secret the parent
chose, so a form served by one worker is accepted by another.
"""

from __future__ import annotations

import secrets

__all__ = ["ENV", "worker_environment"]

# The settings a worker reads; the parent sets them before it spawns the workers.
ENV = {
    "db": "CLAIMLEDGER_SERVE_DB",
    "reviewer": "CLAIMLEDGER_SERVE_REVIEWER",
    "host": "CLAIMLEDGER_SERVE_HOST",
    "secret": "CLAIMLEDGER_SERVE_SECRET",
    "token": "CLAIMLEDGER_TOKEN",
}


def worker_environment(
    *, db: str, reviewer: str, host: str, token: str | None, secret: str | None
) -> dict[str, str]:
    """The environment entries a worker needs to rebuild the parent's server."""
    env = {
        ENV["db"]: db,
        ENV["reviewer"]: reviewer,
        ENV["host"]: host,
        ENV["secret"]: secret or secrets.token_hex(32),
        ENV["token"]: token or "",
    }
    return env

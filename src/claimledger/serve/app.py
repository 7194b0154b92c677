"""Building and running the review server: Datasette on the ledger, with our plugin.

``make_datasette`` returns a ready Datasette (tests drive it through
``datasette.client`` without a socket); ``run`` serves it with uvicorn.
The ledger is mounted under the fixed name ``ledger`` so Datasette's table
pages (``/ledger/claims``) never collide with ours (``/documents``…).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from ..errors import ServeError
from ..ledger import open_ledger
from . import plugin
from .config import DB_NAME, ServeConfig, config_for, is_loopback, set_config
from .workers import worker_environment

__all__ = ["ServeError", "make_datasette", "run"]

HERE = Path(__file__).parent

METADATA: dict[str, Any] = {
    "title": "claimledger",
    "description": "Figure claims from conflict reporting. Review pages: /documents",
    "databases": {
        DB_NAME: {
            "tables": {
                "documents": {"label_column": "title", "sort_desc": "published"},
                "sources": {"label_column": "name"},
                "measures": {"label_column": "label"},
                "reviews": {"sort_desc": "id"},
            }
        }
    },
}


def _register_plugin() -> None:
    if pm.get_plugin(plugin.NAME) is None:
        pm.register(plugin, name=plugin.NAME)


def _check_is_ledger(path: Path) -> None:
    """Refuse some other SQLite file: migrating it would add our tables to somebody's database."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ServeError(f"{path} is not a ledger ({exc})") from None
    if names and not {"migrations", "claims"} <= names:
        raise ServeError(f"{path} is a SQLite database but not a claimledger ledger (no claims table)")


def make_datasette(
    db_path: str | Path,
    *,
    reviewer: str,
    token: str | None = None,
    host: str = "127.0.0.1",
    secret: str | None = None,
    migrate: bool = True,
) -> Datasette:
    """A Datasette serving the ledger at ``db_path`` with the review pages.

    Refuses a non-loopback ``host`` without a ``token``: the review pages write
    to the ledger, so anyone who can reach them must prove who they are.
    ``secret`` signs logins and CSRF tokens (several worker processes must
    share one); by default it is derived from the token, else random.
    """
    path = Path(db_path)
    if not path.is_file():
        raise ServeError(f"no ledger at {path}: build one with 'claimledger add' (or pass --db FILE)")
    if not is_loopback(host) and not token:
        raise ServeError(
            f"refusing to listen on {host} without an access token: pass --token "
            "(or set CLAIMLEDGER_TOKEN), or use --host 127.0.0.1"
        )
    if not reviewer.strip():
        raise ServeError("a reviewer name is needed: pass --reviewer NAME")
    _check_is_ledger(path)
    if migrate:
        open_ledger(path).close()  # bring an older ledger's schema up to date before serving it
    _register_plugin()
    _quiet_datasette_errors()
    secret = secret or signing_secret(token)
    ds = Datasette(
        files=[],
        metadata=METADATA,
        static_mounts=[("-/claimledger", str(HERE / "static"))],
        secret=secret,
        # Suggested facets run a query per column on every table page: seconds on a big ledger.
        settings={"default_page_size": 50, "sql_time_limit_ms": 2000, "suggest_facets": False},
    )
    ds.add_database(Database(ds, path=str(path), is_mutable=True), name=DB_NAME, route=DB_NAME)
    if "_memory" in ds.databases:
        ds.remove_database("_memory")
    set_config(ds, ServeConfig(reviewer=reviewer.strip(), token=token or None, host=host))
    return ds


def signing_secret(token: str | None) -> str:
    """With a token, a secret derived from it, so logins survive a restart; else a random one."""
    if token:
        return hashlib.sha256(b"claimledger-secret:" + token.encode()).hexdigest()
    return secrets.token_hex(32)


def _quiet_datasette_errors() -> None:
    """Stop Datasette printing a rich traceback, with every local variable, for each error.

    Its default error handler does that for every 404 under ``/ledger``: about
    0.85 s of CPU per request (any web page can send thousands), request
    headers with access tokens and cookies copied to the console, and a crash
    (a second exception, so a 500) when the 404 was never raised. The error
    page it sends is unchanged; only the console dump goes.
    """
    import datasette.handle_exception as handler

    handler.rich = None


def run(
    ds: Datasette,
    *,
    host: str,
    port: int,
    header_timeout: float = 10.0,
    body_timeout: float = 30.0,
    keep_alive: int = 5,
    max_connections: int = 1000,
    workers: int = 1,
) -> None:  # pragma: no cover - exercised by the browser and connection tests in a subprocess
    """Serve until interrupted, with deadlines on slow connections (see ``connections.py``).

    With ``workers`` > 1, a supervisor runs that many processes on the port, each
    with its own socket (see ``supervisor.py``) and rebuilding this server from
    its settings (see ``workers.py``).
    """
    import uvicorn

    from .connections import guarded_protocol, limit_variable

    limits: dict[str, float | int] = {
        "header_timeout": header_timeout,
        "body_timeout": body_timeout,
        "max_connections": max_connections,
    }
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "lifespan": "on",
        "ws": "none",
        "timeout_keep_alive": keep_alive,
        "h11_max_incomplete_event_size": 16 * 1024,  # request line plus headers
        "server_header": False,
    }
    if workers <= 1:
        http = guarded_protocol(
            header_timeout=header_timeout, body_timeout=body_timeout, max_connections=max_connections
        )
        config = uvicorn.Config(ds.app(), http=http, **common)
        uvicorn.Server(config).run()
        return
    from .supervisor import ReusePortMultiprocess

    served = config_for(ds)
    assert served is not None, "run() needs a Datasette built by make_datasette"
    os.environ.update(
        worker_environment(
            db=str(ds.databases[DB_NAME].path),
            reviewer=served.reviewer,
            host=served.host,
            token=served.token,
            secret=ds._secret,
        )
    )
    os.environ.update({limit_variable(name): str(value) for name, value in limits.items()})
    config = uvicorn.Config(
        "claimledger.serve.worker_app:app",
        factory=True,
        workers=workers,
        http="claimledger.serve.connections:EnvGuardedH11Protocol",
        **common,
    )
    # Each worker listens on its own SO_REUSEPORT socket: the kernel spreads new connections
    # over them, so a worker the scheduler did not run during a burst still gets its share.
    ReusePortMultiprocess(config, host=host, port=port).run()

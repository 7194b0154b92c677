"""The Datasette plugin: hooks that add the review pages to a Datasette server.

Registered programmatically by ``make_datasette`` (see ``app.py``); every hook
is a no-op for a Datasette instance that ``serve`` did not configure.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

from datasette import Response
from datasette import hookimpl as _hookimpl
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError

from .config import config_for
from .security import header_token_ok, read_auth_cookie, wrap_app
from .views import ROUTES

__all__ = ["NAME"]

NAME = "claimledger-serve"
_F = TypeVar("_F", bound=Callable[..., Any])


def hookimpl(fn: _F) -> _F:
    """Datasette's hookimpl marker, typed."""
    return cast(_F, _hookimpl(fn))


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return list(ROUTES)


# SQLite's largest memory map (its compile-time cap, 2 GiB - 64 KiB): pages read through the map
# skip a read() system call and a copy each. A page visits a few hundred index and table pages
# scattered over a big ledger: on the 10M-claim benchmark ledger the SQL of a measure page of
# ~2,000 claims went from 3.3 to 1.8 ms of CPU, a document page's from 0.32 to 0.24 ms.
MMAP_BYTES = 2_147_418_112


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Read the ledger through a memory map (every connection Datasette opens on it)."""
    config = config_for(datasette)
    if config is not None and database == config.db_name:
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return lambda app: wrap_app(app, datasette)


@hookimpl
def actor_from_request(datasette: Any, request: Any) -> dict[str, Any] | None:
    """The reviewer: the login cookie's name, else the name `serve` was given."""
    config = config_for(datasette)
    if config is None:
        return None
    name = read_auth_cookie(datasette, config, request.headers.get("cookie", ""))
    if name:
        return {"id": name, "via": "login"}
    headers = {k.encode("latin-1"): v.encode("latin-1") for k, v in request.headers.items()}
    if header_token_ok(config, headers):
        return {"id": config.reviewer, "via": "token"}
    if not config.token:
        return {"id": config.reviewer, "via": "local"}
    return None


def _error_status(exception: Exception) -> tuple[int, str]:
    """Status and message for an error in a request: what the client got wrong is a 4xx."""
    if isinstance(exception, Base400):
        return int(getattr(exception, "status", 400)), str(exception.args[0] if exception.args else "")
    if isinstance(exception, DatasetteError):
        # Datasette raises its input errors ("Cannot sort table by x") with status 500.
        status = exception.status if 400 <= exception.status < 500 else 400
        message = (exception.title or "Bad request") if exception.message_is_html else str(exception.message)
        return status, message
    if isinstance(exception, sqlite3.OperationalError):
        text = str(exception)
        if "locked" in text or "busy" in text or "interrupted" in text:
            return 503, "The ledger is busy; try again."
        return 400, f"The query could not run: {text}"
    return 500, "Internal error: the server could not answer this request."


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Response | None:
    """Errors as one short plain-text (or JSON) answer: 4xx for bad input, no traceback.

    Datasette's own handler answers its input errors with 500 and renders an
    HTML page; this one runs first and its answer is the one sent.
    """
    if config_for(datasette) is None:
        return None
    status, message = _error_status(exception)
    if request.path.split("?")[0].endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status}, status=status)
    return Response.text(f"{message}\n", status=status)

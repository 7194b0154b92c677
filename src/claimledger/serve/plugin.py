"""The Datasette plugin: hooks that add the review pages to a Datasette server.

Registered programmatically by ``make_datasette`` (see ``app.py``); every hook
is a no-op for a Datasette instance that ``serve`` did not configure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from datasette import hookimpl as _hookimpl

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

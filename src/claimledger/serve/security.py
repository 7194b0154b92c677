"""The outer ASGI guard: Host check, access token, and safety headers.

It wraps the whole Datasette app (plugin hook ``asgi_wrapper``), so it sees
every request before Datasette's router, its own pages included:

* without a token the server only answers Host headers naming loopback,
  which stops DNS-rebinding pages from driving a local server;
* with a token every request needs it — ``Authorization: Bearer``, an
  ``X-Claimledger-Token`` header, or the signed cookie ``/-/login`` sets;
* every response gets nosniff/frame/referrer headers.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

from .config import ServeConfig, config_for, host_header_is_loopback

__all__ = [
    "AUTH_COOKIE",
    "AUTH_NAMESPACE",
    "CSP",
    "header_token_ok",
    "read_auth_cookie",
    "token_fingerprint",
    "wrap_app",
]

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]

AUTH_COOKIE = "cl_auth"
AUTH_NAMESPACE = "claimledger-auth"
# Our own pages: nothing from anywhere but this server, no inline script, no framing.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)
_PUBLIC_PREFIXES = ("/-/claimledger/",)
_PUBLIC_PATHS = ("/-/login", "/favicon.ico")
_ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def token_fingerprint(token: str) -> str:
    return hashlib.sha256(b"claimledger-token:" + token.encode()).hexdigest()[:16]


def header_token_ok(config: ServeConfig, headers: dict[bytes, bytes]) -> bool:
    """True when a request carries the configured token in a header."""
    if not config.token:
        return False
    want = config.token.encode()
    auth = headers.get(b"authorization", b"")
    if auth.startswith(b"Bearer ") and secrets.compare_digest(auth[7:].strip(), want):
        return True
    return secrets.compare_digest(headers.get(b"x-claimledger-token", b"").strip(), want)


def read_auth_cookie(datasette: Any, config: ServeConfig, cookie_header: str) -> str | None:
    """The reviewer name in a valid login cookie for the current token, else None."""
    if not config.token or not cookie_header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except Exception:
        return None
    morsel = jar.get(AUTH_COOKIE)
    if morsel is None:
        return None
    try:
        data = datasette.unsign(morsel.value, AUTH_NAMESPACE)
    except Exception:
        return None
    if not isinstance(data, dict) or data.get("t") != token_fingerprint(config.token):
        return None
    name = data.get("id")
    return name if isinstance(name, str) and name else None


def _plain(status: int, body: str, extra: list[tuple[bytes, bytes]] | None = None) -> list[dict[str, Any]]:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *_ALWAYS, *(extra or [])]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body.encode()},
    ]


def wrap_app(app: ASGIApp, datasette: Any) -> ASGIApp:
    """Wrap Datasette's ASGI app in the Host/token guard of the server ``serve`` configured."""

    async def guarded(
        scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        config = config_for(datasette)
        if scope["type"] != "http" or config is None:
            await app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        reply: list[dict[str, Any]] | None = None
        if not config.token and not host_header_is_loopback(headers.get(b"host", b"").decode("latin-1")):
            reply = _plain(421, "This server only answers requests addressed to 127.0.0.1 or localhost.\n")
        elif config.token:
            path = scope.get("path", "")
            public = path in _PUBLIC_PATHS or path.startswith(_PUBLIC_PREFIXES)
            authed = (
                header_token_ok(config, headers)
                or read_auth_cookie(datasette, config, headers.get(b"cookie", b"").decode("latin-1"))
                is not None
            )
            if not (public or authed):
                if scope.get("method") in ("GET", "HEAD"):
                    qs = scope.get("query_string", b"").decode("latin-1")
                    target = quote(path + ("?" + qs if qs else ""), safe="")
                    where = f"/-/login?next={target}".encode()
                    reply = _plain(303, "Log in first.\n", [(b"location", where)])
                else:
                    reply = _plain(
                        401,
                        "An access token is needed: log in at /-/login or send "
                        "'Authorization: Bearer <token>'.\n",
                    )
        if reply is not None:
            for message in reply:
                await send(message)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _ALWAYS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return guarded

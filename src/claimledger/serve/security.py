"""The outer ASGI guard: every request and every response of the server passes here.

It wraps the whole Datasette app (plugin hook ``asgi_wrapper``), so it sees
every request before Datasette's router, its own pages included. In order:

* without a token the server only answers Host headers naming loopback,
  which stops DNS-rebinding pages from driving a local server;
* only the review pages, the ledger's Datasette pages (``/ledger…``) and the
  static files are served; Datasette's introspection pages (``/-/versions``,
  ``/-/databases.json`` with the ledger's absolute path, ``/-/threads``…)
  and every other path get a 404 here, before Datasette sees them;
* with a token every request needs it — ``Authorization: Bearer``, an
  ``X-Claimledger-Token`` header, or the signed cookie ``/-/login`` sets;
  an ``Authorization`` header that is not the valid token is removed, since
  Datasette's CSRF layer switches itself off for any ``Authorization: Bearer``;
* a write (any method but GET/HEAD/OPTIONS) from another origin — another
  site, or another port of this machine — is refused before its body is read;
* a body is capped (``Content-Length`` is checked before reading, a chunked
  body while reading) and must arrive within a deadline; the guard reads it
  itself, in linear time, and hands it on in one piece;
* every response gets one set of safety headers and a CSP; HTML has its
  invisible and reordering characters (bidi overrides, zero-width marks)
  spelled out as ``⟨RLO⟩``; a ``Location`` to another site is replaced;
* exactly one response goes out: an error raised before the response
  started becomes a plain 500, and a second response start is dropped.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import hashlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .config import RESERVED, ServeConfig, config_for, host_header_is_loopback
from .render import visible_plain
from .urls import local_location, same_origin

__all__ = [
    "AUTH_COOKIE",
    "AUTH_NAMESPACE",
    "BODY_TIMEOUT",
    "CSP",
    "MAX_BODY",
    "header_token_ok",
    "path_is_served",
    "read_auth_cookie",
    "token_fingerprint",
    "wrap_app",
]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("claimledger.serve")

AUTH_COOKIE = "cl_auth"
AUTH_NAMESPACE = "claimledger-auth"
# A review form is a few KB; the login form less. Nothing this server accepts is bigger.
MAX_BODY = 1 << 20
# Seconds a client may take to send a request body once its headers are in.
BODY_TIMEOUT = 15.0

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_METHODS = (*_SAFE_METHODS, "POST")
# The only paths that take a POST: a review (one or several claims), people's decisions over the
# grouping (views.py: merge/split measures, dismiss/restore flags, merge sources), logging in and out.
_WRITES = re.compile(
    r"^/(claims/[^/]+/review|claims/bulk-review|conflicts/[^/]+/(?:dismiss|restore)"
    r"|measures/[^/]+/(?:merge|unmerge|split|unsplit)|sources/merge|-/login|-/logout)$"
)
_FORM = b"application/x-www-form-urlencoded"
# Second path segments under /-/ that are ours or Datasette's static files.
_DASH_PAGES = {"login", "logout", "static", "claimledger"}
_ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def _datasette_inline_script_hashes() -> list[str]:
    """CSP hashes of the fixed inline scripts in Datasette's own templates.

    Datasette's pages carry three small inline scripts (closing menus, the
    SQL editor, a facet switch). Allowing exactly their text by hash keeps
    those pages working under the same CSP as ours, while any other inline
    script — say one smuggled into a cell — still may not run.
    """
    try:
        import datasette

        folder = Path(datasette.__file__).parent / "templates"
        texts = [
            m.group(1)
            for name in ("_close_open_menus.html", "_codemirror_foot.html")
            for m in re.finditer(r"<script>(.*?)</script>", (folder / name).read_text("utf-8"), re.S)
        ]
    except (ImportError, OSError):
        texts = []
    texts += [f"DATASETTE_ALLOW_FACET = {flag};" for flag in ("true", "false")]
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode() + "'"
        for t in texts
    ]


# One policy for every page: nothing from anywhere but this server, no inline script
# except Datasette's known ones, no framing, forms only to this server.
CSP = (
    "default-src 'none'; script-src 'self' "
    + " ".join(_datasette_inline_script_hashes())
    + "; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)


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


def path_is_served(path: str, db_name: str) -> bool:
    """True for the paths this server answers: review pages, ``/ledger…`` and static files.

    Decided on the first one or two path segments, so Datasette's router
    still gives unknown pages below them its own 404.
    """
    if path in ("/", "/favicon.ico"):
        return True
    parts = path.split("/")
    if len(parts) < 2 or parts[0] != "":
        return False
    first = parts[1]
    if first in RESERVED or first == db_name or first.startswith(db_name + "."):
        return True
    return first == "-" and len(parts) > 2 and parts[2] in _DASH_PAGES


def _plain(status: int, body: str, extra: list[tuple[bytes, bytes]] | None = None) -> list[dict[str, Any]]:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-security-policy", CSP.encode()),
        (b"cache-control", b"no-store"),
        *_ALWAYS,
        *(extra or []),
    ]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body.encode()},
    ]


_CLOSE = [(b"connection", b"close")]


def _refuse_early(scope: Scope, config: ServeConfig, datasette: Any, headers: dict[bytes, bytes]) -> Any:
    """The reply for a request refused on its headers alone (nothing read), or None."""
    path = scope.get("path", "")
    raw = unquote(scope.get("raw_path", path.encode()).decode("latin-1").partition("?")[0])
    if not config.token and not host_header_is_loopback(headers.get(b"host", b"").decode("latin-1")):
        return _plain(421, "This server only answers requests addressed to 127.0.0.1 or localhost.\n", _CLOSE)
    if not (path_is_served(path, config.db_name) and path_is_served(raw, config.db_name)):
        return _plain(404, "Not found.\n")
    if "\x00" in path or "\x00" in raw or b"%00" in scope.get("query_string", b"").lower():
        return _plain(400, "Bad request: a NUL character in the address.\n")
    method = scope.get("method", "GET")
    if config.token:
        authed = (
            header_token_ok(config, headers)
            or read_auth_cookie(datasette, config, headers.get(b"cookie", b"").decode("latin-1")) is not None
        )
        if not (authed or path in ("/-/login", "/favicon.ico") or path.startswith("/-/claimledger/")):
            if method in ("GET", "HEAD"):
                qs = scope.get("query_string", b"").decode("latin-1")
                target = quote(path + ("?" + qs if qs else ""), safe="")
                return _plain(303, "Log in first.\n", [(b"location", f"/-/login?next={target}".encode())])
            return _plain(
                401,
                "An access token is needed: log in at /-/login or send 'Authorization: Bearer <token>'.\n",
                _CLOSE,
            )
    if method not in _METHODS:
        return _plain(405, "Method not allowed.\n", [(b"allow", b"GET, HEAD, POST"), *_CLOSE])
    if method not in _SAFE_METHODS and not _WRITES.match(path):
        # Datasette's own write endpoints (canned queries, messages, permissions) are not used here.
        return _plain(405, "Nothing here accepts a POST.\n", [(b"allow", b"GET, HEAD"), *_CLOSE])
    if method not in _SAFE_METHODS and not same_origin(headers):
        return _plain(403, "Rejected: this form was sent from another site or port.\n", _CLOSE)
    media = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
    if method not in _SAFE_METHODS and media not in (b"", _FORM):
        return _plain(415, "Send an HTML form (application/x-www-form-urlencoded).\n", _CLOSE)
    length = headers.get(b"content-length")
    if length is not None:
        if not length.strip().isdigit():
            return _plain(400, "Bad Content-Length.\n", _CLOSE)
        if int(length) > MAX_BODY:
            return _plain(413, f"Request body larger than {MAX_BODY} bytes.\n", _CLOSE)
    return None


async def _read_body(receive: Receive, limit: int, timeout: float) -> bytes | int | None:
    """The whole request body, or 413 when it grows past ``limit``, 408 when it is too slow.

    None when the client went away. One bytearray, so reading is linear in the body size.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    body = bytearray()
    while True:
        try:
            message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.0))
        except TimeoutError:
            return 408
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            return 413
        if not message.get("more_body", False):
            return bytes(body)


def _decodes(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the buffered body on once, then waits on the real one."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Any:
        if pending:
            return pending.pop()
        return await receive()

    return replay


class _HtmlVisible:
    """Spells out invisible characters in an HTML response as it streams (UTF-8 split safe)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")

    def feed(self, chunk: bytes, final: bool) -> bytes:
        text = self._decoder.decode(chunk, final)
        return visible_plain(text).encode("utf-8", "surrogateescape")


def _same_host_location(value: str, host: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and parts.netloc.lower() == host.lower()


def _response_start(message: Any, host: str) -> tuple[Any, bool]:
    """Our headers on a response start; also whether its body needs hidden characters spelled out.

    That is HTML the review pages did not make: they send their own CSP and
    spell hidden characters out (with styling) in their templates already,
    and a second pass over a 300 KB page would cost ~4 ms. Datasette's pages
    (no CSP of their own) get the pass.
    """
    headers = list(message.get("headers", []))
    names = {bytes(k).lower() for k, _ in headers}
    html = any(
        bytes(k).lower() == b"content-type" and bytes(v).lower().startswith(b"text/html") for k, v in headers
    )
    out: list[tuple[bytes, bytes]] = []
    for k, v in headers:
        key = bytes(k).lower()
        if key == b"location":
            where = bytes(v).decode("latin-1")
            if local_location(where, rooted=False) is None and not _same_host_location(where, host):
                log.warning("replaced a redirect to another site: %r", where)
                v = b"/documents"
        if html and key == b"content-length" and b"content-security-policy" not in names:
            continue  # the body may change length below
        out.append((bytes(k), bytes(v)))
    out += [(k, v) for k, v in _ALWAYS if k not in names]
    ours = b"content-security-policy" in names
    if not ours:
        out.append((b"content-security-policy", CSP.encode()))
    return {**message, "headers": out}, html and not ours


def wrap_app(app: ASGIApp, datasette: Any) -> ASGIApp:
    """Wrap Datasette's ASGI app in the guard of the server ``serve`` configured."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        config = config_for(datasette)
        if scope["type"] != "http" or config is None:
            await app(scope, receive, send)
            return
        headers = {bytes(k).lower(): bytes(v) for k, v in scope.get("headers", [])}
        cookie = headers.get(b"cookie")
        if cookie is not None and not _decodes(cookie):
            # Datasette's CSRF layer fails on a cookie header that is not UTF-8 (a 500 on every
            # page, which a page on another port could cause by setting one): treat it as absent.
            del headers[b"cookie"]
            kept = [(k, v) for k, v in scope["headers"] if bytes(k).lower() != b"cookie"]
            scope = {**scope, "headers": kept}
        reply = _refuse_early(scope, config, datasette, headers)
        if reply is not None:
            for message in reply:
                await send(message)
            return

        if b"authorization" in headers and not header_token_ok(config, headers):
            # Datasette's CSRF check skips any request with "Authorization: Bearer …":
            # only the real token may do that.
            kept = [(k, v) for k, v in scope["headers"] if bytes(k).lower() != b"authorization"]
            scope = {**scope, "headers": kept}
        if scope.get("method", "GET") not in _SAFE_METHODS:
            body = await _read_body(receive, MAX_BODY, BODY_TIMEOUT)
            if body is None:
                return
            if isinstance(body, int):
                why = {408: "Request body too slow.\n", 413: f"Request body larger than {MAX_BODY} bytes.\n"}
                for message in _plain(body, why[body], _CLOSE):
                    await send(message)
                return
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                for message in _plain(400, "The form is not UTF-8.\n", _CLOSE):
                    await send(message)
                return
            receive = _replay(body, receive)

        host = headers.get(b"host", b"").decode("latin-1")
        state = {"started": False, "done": False}
        rewrite: list[_HtmlVisible] = []

        async def send_guarded(message: Any) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                if state["started"]:
                    log.error("dropped a second response start for %s", scope.get("path"))
                    state["done"] = True
                    return
                state["started"] = True
                message, html = _response_start(message, host)
                if html:
                    rewrite.append(_HtmlVisible())
            elif kind == "http.response.body":
                if state["done"] or not state["started"]:
                    return
                more = bool(message.get("more_body", False))
                if rewrite:
                    message = {**message, "body": rewrite[0].feed(message.get("body", b""), not more)}
                if not more:
                    state["done"] = True
            await send(message)

        try:
            await app(scope, receive, send_guarded)
        except Exception:
            if state["started"]:
                raise  # the server closes the connection: a half-sent response cannot be mended
            log.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            for message in _plain(500, "Internal error: the server could not answer this request.\n"):
                await send(message)
                state["started"] = True

    return guarded

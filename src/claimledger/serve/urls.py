"""Where the server may send a browser, and which requests come from its own pages.

Two questions every web server with a login and forms has to answer, kept
here as pure functions so they are tested on their own:

* ``safe_next`` — may a ``next=`` value (after login) become a ``Location``?
  Only a path on this server. Browsers are lenient in ways that turn an
  innocent-looking path into another site: they drop tabs and line breaks
  anywhere in a URL (``/\\t/evil`` is ``//evil``), read ``\\`` as ``/``
  (``/\\evil``), and treat ``//host`` as "same scheme, other host". So a
  value with any control character, space or backslash is refused, not
  cleaned; what is left must parse to a path with no scheme and no host.
* ``same_origin`` — is a write coming from this server's own pages? Browsers
  send ``Origin`` with every POST and ``Sec-Fetch-Site`` with every request;
  a page on another site, or on another port of this machine (cookies
  ignore ports, so it shares our cookies), names itself there.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

__all__ = ["DEFAULT_NEXT", "local_location", "safe_next", "same_origin"]

DEFAULT_NEXT = "/documents"
_MAX_NEXT = 2048
# C0 controls, space, DEL, C1 controls, backslash, and the Unicode spaces and line breaks
# some URL parsers also strip: anything a browser may drop or reinterpret in a URL.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\xa0\\\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")
# What may stay as it is in a path and query; everything else (non-ASCII) is percent-encoded.
_KEEP = "/?#&=%:@!$'()*+,;~-._[]"


def local_location(value: str, *, rooted: bool = True) -> str | None:
    """``value`` as a same-origin reference fit for a Location header, or None if it is anything else.

    ``rooted`` asks for a path from the root (``/…``); without it a relative
    reference (``?page=2``, ``claims``) is fine too, as long as it names no
    scheme and no host.
    """
    if not value or len(value) > _MAX_NEXT or _UNSAFE.search(value) or value.startswith("//"):
        return None
    if rooted and not value.startswith("/"):
        return None
    encoded = quote(value, safe=_KEEP)
    parts = urlsplit(encoded)
    if parts.scheme or parts.netloc or parts.path.startswith("//"):
        return None
    return encoded


def safe_next(value: object) -> str:
    """Where to go after login: ``value`` if it is a path on this server, else the documents list."""
    if not isinstance(value, str):
        return DEFAULT_NEXT
    return local_location(value) or DEFAULT_NEXT


def _netloc(value: str, scheme: str) -> str:
    v = value.strip().lower()
    default = {"http": ":80", "https": ":443"}.get(scheme, "")
    return v[: -len(default)] if default and v.endswith(default) else v


def same_origin(headers: dict[bytes, bytes]) -> bool:
    """False when the browser says the request comes from another origin (site or port).

    Requests without ``Origin`` and ``Sec-Fetch-Site`` (scripts, curl) pass:
    they cannot carry a victim's cookies, and still need the CSRF or access token.
    """
    site = headers.get(b"sec-fetch-site")
    if site is not None and site.strip().lower() not in (b"same-origin", b"none"):
        return False
    origin = headers.get(b"origin")
    if origin is None:
        return True
    host = headers.get(b"host", b"").decode("latin-1")
    text = origin.decode("latin-1").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        return False  # includes the opaque origin "null" (sandboxed frames, file: pages)
    return bool(host) and _netloc(parts.netloc, parts.scheme) == _netloc(host, parts.scheme)

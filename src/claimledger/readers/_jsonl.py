"""JSON Lines: one article per line, streamed so a file of any size reads in constant memory.

Each line is an object with ``text`` and optional ``url``, ``title``,
``outlet``, ``published``. A bad line becomes a ReadResult with ``error`` set
(origin ``path:LINE``) and reading goes on with the next line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..inputs import undecodable
from ..model import Document
from ._base import ReadResult, parse_published

_OPTIONAL = ("url", "title", "outlet")


def read_jsonl(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[ReadResult]:
    """Yield one result per non-blank line; a file with no non-blank line raises InputError."""
    enc = encoding or "utf-8"
    seen = False
    for lineno, raw in enumerate(stream, 1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf") and enc.lower().replace("_", "-") == "utf-8":
            raw = raw[3:]
        if not raw.strip():
            continue
        seen = True
        where = f"{name}:{lineno}"
        try:
            line = raw.decode(enc)
        except UnicodeDecodeError as exc:
            yield ReadResult(where, "jsonl", None, "line " + undecodable(encoding, exc.start))
            continue
        except LookupError:
            raise InputError(name, f"unknown encoding {encoding!r}") from None
        try:
            yield ReadResult(where, "jsonl", _document(line, where))
        except InputError as exc:
            yield ReadResult(where, "jsonl", None, exc.problem)
    if not seen:
        raise InputError(name, "is empty")


def _document(line: str, where: str) -> Document:
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        # json's own message may already end in "at" ("Unterminated string starting at")
        at = "" if exc.msg.endswith(" at") else " at"
        raise InputError(where, f"line is not valid JSON ({exc.msg}{at} column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(where, f"line is a JSON {_json_type(obj).split()[-1]}, not an object with 'text'")
    if "text" not in obj:
        raise InputError(where, "line has no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise InputError(where, f"'text' must be a string, not {_json_type(text)}")
    if not text.strip():
        raise InputError(where, "'text' is empty")
    _check_unicode(text, "text", where)
    meta: dict[str, str | None] = {}
    for key in _OPTIONAL:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            raise InputError(where, f"{key!r} must be a string, not {_json_type(v)}")
        if v:
            _check_unicode(v, key, where)
        meta[key] = v or None
    published = parse_published(obj.get("published"), where)
    return Document.from_text(
        text, url=meta["url"], title=meta["title"], outlet=meta["outlet"], published=published
    )


def _check_unicode(value: str, key: str, where: str) -> None:
    """JSON can escape lone surrogates (\\ud800) that are not text: refuse them rather than fail later."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = f"\\u{ord(value[exc.start]):04x}"
        raise InputError(
            where, f"{key!r} contains a lone surrogate escape ({bad}), which is not valid Unicode"
        ) from None


def _json_type(v: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(v), "null" if v is None else type(v).__name__)

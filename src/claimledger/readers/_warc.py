"""WARC web archives: every HTML response record is one article.

Records stream through warcio one at a time, so an archive of any size reads
in constant memory. The article URL is the record's WARC-Target-URI; the
origin is ``path#<WARC-Record-ID>`` (or ``path#@<offset>`` when a record has no
id). Non-HTML records (requests, images, metadata) are skipped, not errors.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ._base import ReadResult, sniff
from ._html import html_to_document


def _is_html(content_type: str | None) -> bool:
    ct = (content_type or "").lower()
    return "text/html" in ct or "application/xhtml" in ct


def read_warc(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[ReadResult]:
    """Yield one result per HTML response; a file that is not a WARC at all raises InputError."""
    from warcio.archiveiterator import ArchiveIterator  # deferred: only WARC input needs it

    head, stream = sniff(stream, 4096)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head)
        except zlib.error:
            head = b""
    if head and not head.startswith(b"WARC/") and not b"WARC/".startswith(head):  # short: too little to judge
        raise InputError(name, "is not a readable WARC file (it does not start with a WARC/1.x record)")
    archive: Any = ArchiveIterator(stream)
    records: Iterator[Any] = iter(archive)
    seen_any = seen_html = False
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio fails on damaged archives with assorted exception types
            if not seen_any:
                raise InputError(name, f"is not a readable WARC file ({_short(exc)})") from None
            problem = f"archive is damaged after this point ({_short(exc)})"
            yield ReadResult(f"{name}#@{archive.get_record_offset()}", "warc", None, problem)
            return
        seen_any = True
        if record.rec_type not in ("response", "resource"):
            continue
        ctype = (
            record.http_headers.get_header("Content-Type")
            if record.http_headers
            else record.rec_headers.get_header("Content-Type")
        )
        if not _is_html(ctype):
            continue
        seen_html = True
        rid = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
        origin = f"{name}#{rid}" if rid else f"{name}#@{archive.get_record_offset()}"
        url = record.rec_headers.get_header("WARC-Target-URI") or None
        try:
            body = record.content_stream().read()
        except Exception as exc:  # damaged chunked/gzip HTTP bodies surface as assorted errors
            yield ReadResult(origin, "warc", None, f"record body cannot be read ({_short(exc)})")
            continue
        missing = getattr(record.raw_stream, "limit", 0)
        if isinstance(missing, int) and missing > 0:
            yield ReadResult(origin, "warc", None, f"record is truncated ({missing} bytes missing)")
            continue
        page: bytes | str = body
        if encoding:
            try:
                page = body.decode(encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                yield ReadResult(origin, "warc", None, f"cannot be decoded as {encoding} ({_short(exc)})")
                continue
        try:
            yield ReadResult(origin, "warc", html_to_document(page, origin, url=url))
        except InputError as exc:
            yield ReadResult(origin, "warc", None, exc.problem)
    if not seen_html:
        raise InputError(name, "has no HTML response records" if seen_any else "is an empty WARC file")


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg[:200]}" if msg else type(exc).__name__

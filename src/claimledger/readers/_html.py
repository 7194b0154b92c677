"""HTML pages: the article's text, title, date and URL, via trafilatura.

Boilerplate (menus, footers, comments) is dropped by trafilatura; the text it
keeps becomes ``Document.text`` and all claim offsets index that text, so the
ledger stores exactly the string the spans point into. trafilatura is imported
on first use: it is slow to import and plain-text runs never need it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Document
from ._base import ReadResult, parse_published

# htmldate refuses dates after "today" by default; reporting about (or written in) a
# future calendar must still keep its dates, so the ceiling is lifted.
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "max_date": "2999-12-31"}


def html_to_document(page: bytes | str, where: str, *, url: str | None = None) -> Document:
    """Extract one article from an HTML page, or raise InputError when it holds no article text."""
    import trafilatura  # deferred: heavy import, only needed for HTML input

    try:
        result: Any = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on broken pages
        raise InputError(where, f"cannot be parsed as HTML ({type(exc).__name__}: {exc})") from None
    text = getattr(result, "text", None) if result is not None else None
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "no article text found in the HTML page")
    published: str | None
    try:
        published = parse_published(getattr(result, "date", None), where)
    except InputError:
        published = None  # a page's odd date metadata is not worth losing the article over
    return Document.from_text(
        text,
        url=url or _str_or_none(getattr(result, "url", None)),
        title=_str_or_none(getattr(result, "title", None)),
        outlet=_str_or_none(getattr(result, "sitename", None)),
        published=published,
    )


def _str_or_none(v: object) -> str | None:
    return v.strip() or None if isinstance(v, str) else None


def read_html(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[ReadResult]:
    """Yield the page's article; without ``encoding`` trafilatura detects the charset itself."""
    raw = stream.read()
    page: bytes | str = raw
    if encoding:
        try:
            page = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(name, f"cannot be decoded as {encoding} ({exc})") from None
    yield ReadResult(name, "html", html_to_document(page, name))

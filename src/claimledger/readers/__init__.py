"""Readers: turning files, streams and archives into ``Document``s.

Formats (``txt``, ``html``, ``jsonl``, ``warc``, ``stdin``) are rows of the
format registry (``formats.py``): picked by suffix, or by content when the
suffix says nothing. A reader takes ``(binary stream, name, encoding)`` and
yields ``ReadResult``s.

Two kinds of failure, kept apart on purpose:

* a whole input that cannot be read (missing, binary, empty, undecodable,
  not a WARC) raises ``InputError(where, problem)``;
* one bad article inside a multi-article input (a JSONL line, a WARC record)
  yields a ``ReadResult`` with ``error`` set, and the others still come.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import BinaryIO

from ..errors import InputError
from ..inputs import SNIFF_BYTES, check_head, open_input
from ._base import Reader, ReadResult, parse_published, sniff
from ._expand import expand_inputs
from ._html import html_to_document
from ._sidecar import SIDECAR_FIELDS, read_sidecar, sidecar_path
from .formats import (
    FORMAT_REGISTRY,
    FORMATS,
    Format,
    format_from_content,
    format_from_suffix,
    has_sidecar,
    register_format,
    unregister_format,
)

__all__ = [
    "FORMATS",
    "FORMAT_REGISTRY",
    "READERS",
    "SIDECAR_FIELDS",
    "Format",
    "ReadResult",
    "Reader",
    "detect_format",
    "expand_inputs",
    "has_sidecar",
    "html_to_document",
    "iter_documents",
    "iter_stream",
    "parse_published",
    "read_sidecar",
    "register_format",
    "sidecar_path",
    "sniff",
    "unregister_format",
]



class _Readers(Mapping[str, Reader]):
    """Each format's reader, read live from the format registry (``formats.py``)."""

    def __getitem__(self, name: str) -> Reader:
        return FORMATS[name].reader

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


READERS: Mapping[str, Reader] = _Readers()


def detect_format(name: str, head: bytes) -> str:
    """The format of an input named ``name`` whose first bytes are ``head``."""
    if name == "stdin":
        guessed = format_from_content(head)
        return "stdin" if guessed == "txt" else guessed
    return format_from_suffix(name) or format_from_content(head)


def iter_stream(
    stream: BinaryIO, name: str, *, fmt: str | None = None, encoding: str | None = None
) -> Iterator[ReadResult]:
    """Read articles from an open binary stream (a file, stdin, an fsspec file).

    ``name`` is used in origins and messages (and its suffix picks the format
    unless ``fmt`` is given). Raises InputError when the whole input is unreadable.
    """
    if fmt is not None and fmt not in READERS:
        raise InputError(name, f"unknown input format {fmt!r} (one of: {', '.join(READERS)})")
    try:
        head, full = sniff(stream, SNIFF_BYTES)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    kind = fmt or detect_format(name, head)
    if kind == "warc":
        if not head:
            raise InputError(name, "is empty")
    else:
        check_head(head, name)
    try:
        yield from READERS[kind](full, name, encoding)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None


def iter_documents(spec: str, *, encoding: str | None = None, fmt: str | None = None) -> Iterator[ReadResult]:
    """Read articles from one path, or stdin for '-'; see ``iter_stream``."""
    if spec == "-":
        yield from iter_stream(sys.stdin.buffer, "stdin", fmt=fmt, encoding=encoding)
        return
    with open_input(spec) as f:
        yield from iter_stream(f, spec, fmt=fmt, encoding=encoding)

"""What every reader shares: the result type, sniffing the first bytes and date parsing.

A reader turns one input (a path or an open binary stream) into
``ReadResult``s: one per article, or one per article that could not be read.
A whole file that cannot be read at all raises ``InputError`` instead, so the
caller can tell "this file is broken" from "line 12 of this file is broken".
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO

from dateutil import parser as dateparser

from ..errors import InputError
from ..model import Document


@dataclass(frozen=True, slots=True)
class ReadResult:
    """One article read from an input, or the reason one could not be read.

    ``origin`` says where it came from: ``path`` for a one-article file,
    ``path:12`` for line 12 of a JSONL file, ``path#<record id>`` for a WARC
    record. Exactly one of ``document`` and ``error`` is set.
    """

    origin: str
    fmt: str
    document: Document | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


#: A reader: (binary stream, display name, encoding) -> results.
Reader = Callable[[BinaryIO, str, str | None], Iterator[ReadResult]]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")
_DEFAULT_A = datetime(1901, 1, 1)
_DEFAULT_B = datetime(1902, 2, 2)


def parse_published(value: str | None, where: str) -> str | None:
    """Normalise a publication date to ISO ``YYYY-MM-DD``.

    ``None`` or blank means "no date" and gives None. ISO dates and datetimes,
    RFC 2822 dates ("Tue, 11 Mar 2030 10:00:00 GMT") and written dates
    ("11 March 2030") are accepted; anything else, or a date missing its year,
    month or day, raises InputError naming ``where`` rather than guessing.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(where, f"published date {value!r} is not a string")
    s = value.strip()
    if not s:
        return None
    if _ISO_DATE.match(s):
        try:
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            raise InputError(where, f"published date {value!r} is not a real date") from None
    try:
        # Parsing with two different defaults exposes any part the string did not give.
        a = dateparser.parse(s, default=_DEFAULT_A)
        b = dateparser.parse(s, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        raise InputError(where, f"published date {value!r} is not a date; use YYYY-MM-DD") from None
    if a.date() != b.date():
        raise InputError(where, f"published date {value!r} lacks a year, month or day; use YYYY-MM-DD")
    return a.date().isoformat()


class _Rejoined(io.RawIOBase):
    """A raw stream that replays the bytes already sniffed, then the rest of the source."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        view = memoryview(buf).cast("B")
        if self._head.nbytes:
            n = min(len(view), self._head.nbytes)
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view))
        n = len(data)
        view[:n] = data
        return n


def sniff(stream: BinaryIO, n: int) -> tuple[bytes, BinaryIO]:
    """Read up to ``n`` leading bytes and return them with a stream that still yields everything.

    Works on any readable stream (stdin, pipes, fsspec files), seekable or not.
    """
    head = b""
    while len(head) < n:
        more = stream.read(n - len(head))
        if not more:
            break
        head += more
    return head, io.BufferedReader(_Rejoined(head, stream), buffer_size=1 << 16)

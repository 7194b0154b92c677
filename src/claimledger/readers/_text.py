"""Plain-text articles: one file (or stdin) is one article, its decoded text as is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..inputs import decode_bytes
from ..model import Document
from ._base import ReadResult


def read_txt(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[ReadResult]:
    """Yield the whole stream as one article; undecodable or empty input raises InputError."""
    text = decode_bytes(stream.read(), name, encoding)
    yield ReadResult(name, "stdin" if name == "stdin" else "txt", Document.from_text(text))

"""Decoding bytes into article text, with clear errors for bad input.

Offsets in claims are ``str`` indices into the text exactly as decoded here,
so decoding is the one place that decides what "the text" is: UTF-8 (a BOM is
dropped), or the encoding the user names. Every reader (plain text, JSONL,
HTML, WARC, the streaming extractor) goes through these helpers so that the
same file always decodes to the same text and fails with the same message.
"""

from __future__ import annotations

import codecs
import sys
from typing import BinaryIO

from .errors import InputError

#: How many leading bytes are sniffed for NUL bytes (binary files).
SNIFF_BYTES = 8192

#: Leading bytes of compressed files and archives, so a ``story.txt`` that is really ``story.txt.gz``
#: is named for what it is instead of "looks binary". (A WARC may be gzipped: its reader handles that.)
COMPRESSED: tuple[tuple[bytes, str, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed", "gunzip"),
    (b"PK\x03\x04", "a zip archive", "unzip"),
    (b"BZh", "bzip2-compressed", "bunzip2"),
    (b"\xfd7zXZ\x00", "xz-compressed", "unxz"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed", "unzstd"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "7z x"),
)


def open_input(path: str, what: str = "an article file") -> BinaryIO:
    """Open a file for reading bytes, or raise InputError naming it and why it cannot be read."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, f"is a directory, not {what}") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None


def read_text(path: str, encoding: str | None = None) -> str:
    """Decode one whole text file ('-' is stdin) or raise InputError naming it and the problem."""
    if path == "-":
        return decode_bytes(sys.stdin.buffer.read(), "stdin", encoding)
    with open_input(path, "a text file") as fh:
        try:
            raw = fh.read()
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc.strerror})") from None
    return decode_bytes(raw, path, encoding)


def check_head(head: bytes, where: str) -> None:
    """Reject a file from its first bytes: empty or binary (NUL bytes outside a UTF-16 BOM file).

    ``head`` is the first SNIFF_BYTES bytes (or the whole input when shorter); a
    full head of blanks is not judged empty here, the reader finds out later.
    """
    if not head.strip() and len(head) < SNIFF_BYTES:
        raise InputError(where, "is empty")
    if b"\x00" in head[:SNIFF_BYTES] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        for magic, what, tool in COMPRESSED:
            if head.startswith(magic):
                raise InputError(where, f"is {what}, not plain text: decompress it first (e.g. `{tool}`)")
        raise InputError(where, "looks binary (contains NUL bytes), not an article text")


def decode_bytes(raw: bytes, where: str, encoding: str | None = None) -> str:
    """Decode a whole input; empty, binary and undecodable input raise InputError."""
    if not raw.strip():
        raise InputError(where, "is empty")
    check_head(raw[:SNIFF_BYTES], where)
    enc = encoding or "utf-8-sig"
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(where, undecodable(encoding, exc.start)) from None
    except LookupError:
        raise InputError(where, f"unknown encoding {encoding!r}") from None
    if not text.strip():  # e.g. only a byte-order mark, or only Unicode spaces
        raise InputError(where, "is empty")
    return text


def undecodable(encoding: str | None, byte: int) -> str:
    """The message for bytes that do not decode, with the --encoding hint when none was given."""
    hint = "" if encoding else "; if you know its encoding, pass it, e.g. --encoding latin-1"
    return f"is not valid {encoding or 'UTF-8'} (byte {byte}){hint}"


def incremental_decoder(encoding: str | None, where: str) -> codecs.IncrementalDecoder:
    """A strict incremental decoder for ``encoding`` (UTF-8 with BOM dropped by default)."""
    try:
        return codecs.getincrementaldecoder(encoding or "utf-8-sig")(errors="strict")
    except LookupError:
        raise InputError(where, f"unknown encoding {encoding!r}") from None

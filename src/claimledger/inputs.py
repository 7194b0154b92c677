"""Reading article text from files and stdin, with clear errors for bad input.

Offsets in claims are ``str`` indices into the text exactly as decoded here,
so decoding is the one place that decides what "the text" is: UTF-8 (a BOM is
dropped), or the encoding the user names.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import InputError


def read_text(path: str, encoding: str | None = None) -> str:
    """Decode one text file ('-' is stdin) or raise InputError naming it and the problem."""
    where = "stdin" if path == "-" else path
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except IsADirectoryError:
        raise InputError(where, "is a directory, not a text file") from None
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror})") from None
    return decode_bytes(raw, where, encoding)


def decode_bytes(raw: bytes, where: str, encoding: str | None = None) -> str:
    if not raw.strip():
        raise InputError(where, "is empty")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, "looks binary (contains NUL bytes), not an article text")
    enc = encoding or "utf-8-sig"
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as exc:
        hint = "" if encoding else "; if you know its encoding, pass it, e.g. --encoding latin-1"
        raise InputError(where, f"is not valid {encoding or 'UTF-8'} (byte {exc.start}){hint}") from None
    except LookupError:
        raise InputError(where, f"unknown encoding {encoding!r}") from None

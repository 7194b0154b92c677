"""The input formats: one registry row per format, read by the CLI, detection, streaming and batch.

A ``Format`` says how to recognise an input (its file-name ``suffixes``, or
``sniff`` on its first bytes when the name says nothing), how to read it
(``reader``) and what the rest of claimledger may do with it: whether batch
reads it and may cut it into byte ranges (``splittable``), whether it is plain
text that extraction streams in chunks, whether a ``story.json`` beside it
gives metadata, and whether ``--input-format`` offers it. The commands'
``--input-format`` choices, folder walking, ``extract``'s streaming,
``batch``'s planning and the docs' table all read this registry, so a new
format is a reader module and one row here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ._base import Reader
from ._html import read_html
from ._jsonl import read_jsonl
from ._text import read_txt
from ._warc import read_warc

#: Recognises a format from an input's first bytes.
Sniff = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class Format:
    """One input format."""

    name: str
    #: file-name endings that decide the format on their own (case-insensitive; the longest wins)
    suffixes: tuple[str, ...]
    #: recognises the format from the first bytes of an input whose name says nothing (None: never
    #: guessed; what no format recognises is plain text)
    sniff: Sniff | None
    #: (binary stream, name, encoding) -> ReadResults
    reader: Reader
    #: batch may cut an uncompressed file into byte ranges at line ends (one article per line);
    #: a compressed one (.gz, .bz2, .xz, .zst after a suffix) is read whole
    splittable: bool = False
    #: batch reads files of this format (files of many articles)
    batch: bool = False
    #: plain text: ``extract`` streams it in chunks, so a text of any size fits in bounded memory
    text: bool = False
    #: a one-article file whose metadata may come from a ``story.json`` sidecar beside it
    sidecar: bool = False
    #: offered as ``--input-format`` by extract and add
    choosable: bool = True
    #: what ``sniff`` looks for, in words (the docs' table)
    sniff_about: str = ""


_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<\?xml[^>]*>\s*<html)", re.I)
_BOM = b"\xef\xbb\xbf"


def _is_warc(head: bytes) -> bool:
    return head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/")


def _is_html(head: bytes) -> bool:
    return _HTML_START.match(head.lstrip(_BOM)) is not None


def _is_jsonl(head: bytes) -> bool:
    body = head.lstrip(_BOM)
    return body.lstrip().startswith(b"{") and b'"text"' in body.split(b"\n", 1)[0]


#: The built-in formats, in the order detection tries their ``sniff`` (and lists them).
FORMAT_REGISTRY: tuple[Format, ...] = (
    Format("txt", (".txt", ".text"), None, read_txt, text=True, sidecar=True,
           sniff_about="anything no other format recognises"),
    Format("html", (".html", ".htm", ".xhtml"), _is_html, read_html, sidecar=True,
           sniff_about="starts with `<!doctype html`, `<html`, `<head`, `<body` or `<!--`"),
    Format("jsonl", (".jsonl", ".ndjson"), _is_jsonl, read_jsonl, splittable=True, batch=True,
           sniff_about='first line is a JSON object with a `"text"`'),
    Format("warc", (".warc", ".warc.gz"), _is_warc, read_warc, batch=True,
           sniff_about="gzip data or `WARC/`"),
    # standard input read as plain text: its own name, so origins say "stdin" and no sidecar is looked for
    Format("stdin", (), None, read_txt, text=True, choosable=False),
)

#: The registry itself, by name (``register_format`` adds to it).
FORMATS: dict[str, Format] = {f.name: f for f in FORMAT_REGISTRY}
DEFAULT_FORMAT = "txt"
_suffixes: list[tuple[str, str]] = []


def _index() -> None:
    pairs = ((s, f.name) for f in FORMATS.values() for s in f.suffixes)
    _suffixes[:] = sorted(pairs, key=lambda p: -len(p[0]))


_index()


def register_format(fmt: Format) -> None:
    """Add a format (an extension's, or a test's): every reader of the registry sees it from now on."""
    if fmt.name in FORMATS:
        raise ValueError(f"input format {fmt.name!r} is already registered")
    FORMATS[fmt.name] = fmt
    _index()


def unregister_format(name: str) -> None:
    """Remove a format added by ``register_format``."""
    del FORMATS[name]
    _index()


def input_formats() -> tuple[str, ...]:
    """``--input-format`` choices of extract and add."""
    return tuple(f.name for f in FORMATS.values() if f.choosable)


def batch_formats() -> tuple[str, ...]:
    """The formats batch reads (its ``--input-format`` choices)."""
    return tuple(f.name for f in FORMATS.values() if f.batch)


def suffixes() -> tuple[tuple[str, str], ...]:
    """(suffix, format) pairs, longest suffix first, so .warc.gz wins over anything ending .gz."""
    return tuple(_suffixes)


def has_sidecar(name: str) -> bool:
    """Whether an article of format ``name`` may take its metadata from a ``story.json`` beside it
    (False for a name no format has, such as a batch output's ``parquet``)."""
    fmt = FORMATS.get(name)
    return fmt is not None and fmt.sidecar


def format_from_suffix(name: str) -> str | None:
    """The format a file name's suffix implies, or None when the suffix says nothing."""
    low = name.lower()
    for suffix, fmt in _suffixes:
        if low.endswith(suffix):
            return fmt
    return None


def format_from_content(head: bytes) -> str:
    """Guess a format from an input's first bytes (for names without a telling suffix)."""
    for f in FORMATS.values():
        if f.sniff is not None and f.sniff(head):
            return f.name
    return DEFAULT_FORMAT

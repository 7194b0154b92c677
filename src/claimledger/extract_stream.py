"""Extraction over inputs of any size, in bounded memory.

``extract`` works on one string, but a plain-text input can be a 100 MB dump.
Here a text stream is decoded incrementally and cut into chunks of about
``CHUNK_CHARS`` characters at paragraph breaks (else line breaks, else
sentence ends, else spaces: never inside a sentence where avoidable; see
``find_cut``), each
chunk goes through ``extract``, and every span of every claim is shifted by
the chunk's ``str`` offset so it indexes the full decoded text, exactly as if
the whole file had been extracted at once.

Plain-text formats are the format registry's ``text`` rows (``readers.formats``).
Other inputs (HTML, JSONL, WARC) go through ``claimledger.readers``
one article at a time, and each article goes through ``extract_text``: the
same chunks, so the same claims, as if it had been a plain-text file. This is
the ONE path from a text to its claims: ``extract`` (the command), ``add`` and
``batch`` all use it, so they agree on every claim whatever the text's length
(they used to differ above ``CHUNK_CHARS``: chunked here, whole elsewhere).
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from .docmeta import complete, read_text_metadata
from .errors import InputError
from .extract import extract
from .inputs import SNIFF_BYTES, check_head, incremental_decoder, open_input, undecodable
from .model import Claim, Party
from .readers import FORMATS, detect_format, iter_stream, read_sidecar, sniff
from .schema import SPAN_FIELDS

#: Target characters per chunk handed to ``extract``.
CHUNK_CHARS = 256 * 1024
#: Bytes read from the stream at a time.
READ_BYTES = 1 << 20

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE = re.compile(r"\n\s*")
_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=\S)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Extracted:
    """Claims from one article (or one chunk of a big text file), or why an article was skipped."""

    origin: str
    claims: tuple[Claim, ...]
    error: str | None = None


def shift_claim(claim: Claim, offset: int) -> Claim:
    """The same claim with every span (including the attribution chain's) moved by ``offset``."""
    if offset == 0:
        return claim
    changes: dict[str, object] = {}
    for name in SPAN_FIELDS:
        sp = getattr(claim, name)
        if sp is not None:
            changes[name] = (sp[0] + offset, sp[1] + offset)
    if claim.reported_by:
        changes["reported_by"] = tuple(_shift_party(p, offset) for p in claim.reported_by)
    return dataclasses.replace(claim, **changes)  # type: ignore[arg-type]


def _shift_party(p: Party, offset: int) -> Party:
    cue_span = (p.cue_span[0] + offset, p.cue_span[1] + offset) if p.cue_span else None
    return dataclasses.replace(p, span=(p.span[0] + offset, p.span[1] + offset), cue_span=cue_span)


def find_cut(buf: str, target: int) -> int:
    """Where to end a chunk of ``buf`` (longer than ``target``): after the last break before ``target``.

    The kind of break matters more than the chunk's size: the last paragraph
    break wins, then the last line break, then the last sentence end, then the
    last space, because a small chunk only costs a call while a cut sentence
    loses a claim. A text with none of those (one enormous token) is cut at
    ``target``, moved off a run of letters or digits when it can be.
    """
    for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
        last = None
        for last in pattern.finditer(buf, 0, target):  # noqa: B007 - we want the last match
            pass
        if last is not None and last.end() > 0:
            return last.end()
    cut = target
    while cut > target // 2 and buf[cut - 1].isalnum() and buf[cut].isalnum():
        cut -= 1
    return cut if cut > target // 2 else target


def iter_string_chunks(text: str, chunk_chars: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, chunk)`` of a text in memory: exactly the chunks ``iter_text_chunks`` cuts from a stream.

    A cut depends only on the ``chunk_chars + 1`` characters after the previous
    one (``find_cut`` looks no further), so a stream read piece by piece and
    the same text whole are cut at the same places.
    """
    base = 0
    n = len(text)
    while n - base > chunk_chars:
        cut = find_cut(text[base:base + chunk_chars + 1], chunk_chars)
        yield base, text[base:base + cut]
        base += cut
    if base < n:
        yield base, text[base:]


def extract_text(
    text: str, published: date | str | None = None, *, chunk_chars: int = CHUNK_CHARS
) -> list[Claim]:
    """Every claim in ``text``, extracted chunk by chunk with offsets into the whole text.

    A text of up to ``chunk_chars`` characters is one chunk: the same as ``extract``.
    """
    if len(text) <= chunk_chars:
        return extract(text, published)
    return [
        shift_claim(claim, offset)
        for offset, chunk in iter_string_chunks(text, chunk_chars)
        for claim in extract(chunk, published)
    ]


def _decoded(
    stream: BinaryIO, where: str, encoding: str | None, read_bytes: int = READ_BYTES
) -> Iterator[str]:
    """Decode a stream piece by piece; empty, binary and undecodable input raise InputError."""
    dec = incremental_decoder(encoding, where)
    consumed = 0
    blank = True
    first = True
    while True:
        raw = stream.read(read_bytes)
        if first:
            first = False
            if len(raw) < SNIFF_BYTES and raw:
                raw += stream.read(SNIFF_BYTES)  # short reads from pipes: sniff a full head
            if raw.strip():
                check_head(raw[:SNIFF_BYTES], where)
        pending = len(dec.getstate()[0])
        try:
            text = dec.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            raise InputError(where, undecodable(encoding, max(0, consumed - pending + exc.start))) from None
        consumed += len(raw)
        if blank and text.strip():
            blank = False
        if text:
            yield text
        if not raw:
            break
    if blank:
        raise InputError(where, "is empty")


def iter_text_chunks(
    stream: BinaryIO,
    where: str,
    encoding: str | None = None,
    *,
    chunk_chars: int = CHUNK_CHARS,
    read_bytes: int = READ_BYTES,
) -> Iterator[tuple[int, str]]:
    """``(offset, chunk)`` pairs that concatenate to the full decoded text, cut at natural breaks."""
    buf = ""
    base = 0
    for piece in _decoded(stream, where, encoding, read_bytes):
        buf += piece
        while len(buf) > chunk_chars:
            cut = find_cut(buf, chunk_chars)
            yield base, buf[:cut]
            base += cut
            buf = buf[cut:]
    if buf:
        yield base, buf


def validate_text(stream: BinaryIO, where: str, encoding: str | None = None) -> None:
    """Decode a whole stream without keeping it, so a bad file fails before any output."""
    for _ in _decoded(stream, where, encoding):
        pass


def iter_text_claims(
    stream: BinaryIO,
    where: str,
    published: date | str | None = None,
    encoding: str | None = None,
    *,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Claim]:
    """Every claim in a plain-text stream, offsets into its full decoded text, in bounded memory."""
    for offset, chunk in iter_text_chunks(stream, where, encoding, chunk_chars=chunk_chars):
        for claim in extract(chunk, published):
            yield shift_claim(claim, offset)


def iter_file_claims(
    path: str,
    published: date | str | None = None,
    encoding: str | None = None,
    *,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Claim]:
    """Every claim in a plain-text file ('-' for stdin), whatever its suffix, in bounded memory.

    A regular file is checked end to end (encoding, emptiness) before the first
    claim comes out, so an unreadable file yields nothing but its InputError.
    """
    for part in iter_claims(path, published, encoding, fmt="txt", chunk_chars=chunk_chars):
        yield from part.claims


def iter_claims(
    spec: str,
    published: date | str | None = None,
    encoding: str | None = None,
    *,
    fmt: str | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Extracted]:
    """Claims from one input of any format ('-' for stdin), article by article.

    Plain text streams in chunks (one ``Extracted`` per chunk, all with the
    same origin); HTML, JSONL and WARC yield one ``Extracted`` per article,
    using the article's own publication date when it has one, else
    ``published``. A bad article inside a multi-article file comes back with
    ``error`` set; a whole unreadable input raises InputError.
    """
    name = "stdin" if spec == "-" else spec
    raw = sys.stdin.buffer if spec == "-" else open_input(spec)
    if raw.seekable():
        stream = raw
        head = stream.read(SNIFF_BYTES)
        stream.seek(0)
    else:  # pipes, stdin, FIFOs: replay the sniffed bytes
        head, stream = sniff(raw, SNIFF_BYTES)
    try:
        yield from _claims_from(stream, name, head, published, encoding, fmt, chunk_chars)
    finally:
        if spec != "-":
            raw.close()


def _claims_from(
    stream: BinaryIO,
    name: str,
    head: bytes,
    published: date | str | None,
    encoding: str | None,
    fmt: str | None,
    chunk_chars: int,
) -> Iterator[Extracted]:
    """The body of ``iter_claims`` once the input is open and its first bytes sniffed."""
    kind = fmt or detect_format(name, head)
    given = published.isoformat() if isinstance(published, date) else published
    form = FORMATS.get(kind)  # an unknown name goes on to iter_stream, which says so
    if form is not None and form.text:
        # The same precedence as `add` (claimledger.docmeta): a sidecar's date, else the
        # date given, else a date the article's first lines state.
        side = read_sidecar(name) if form.sidecar else None
        own = side[0].get("published") if side else None
        if stream.seekable():
            validate_text(stream, name, encoding)
            stream.seek(0)
        pub: str | None = None
        for offset, chunk in iter_text_chunks(stream, name, encoding, chunk_chars=chunk_chars):
            if offset == 0:
                pub = own or given or _text_date(chunk)
            yield Extracted(name, tuple(shift_claim(c, offset) for c in extract(chunk, pub)))
        return
    for result in iter_stream(stream, name, fmt=kind, encoding=encoding):
        if result.document is None:
            yield Extracted(result.origin, (), result.error or "cannot be read")
            continue
        doc, _meta = complete(result.document, given={"published": given})
        yield Extracted(result.origin, tuple(extract_text(doc.text, doc.published, chunk_chars=chunk_chars)))


def _text_date(text: str) -> str | None:
    """The publication date the article's first lines state ('date 2025-04-12', a dated dateline), if any."""
    found = read_text_metadata(text).get("published")
    return found.value if found else None

"""The articles of one input for ``add``, in bounded memory: a very long text is stored in parts.

``extract`` streams a plain-text file of any size in ~256K-character chunks;
``add`` used to read the whole file into one document and extract it whole,
so a 200 MB file took 2.7 GB and, above one chunk, found slightly different
claims. Here ``add`` reads inputs the way ``extract`` does:

* a plain-text input is decoded and cut into the same chunks as a stream,
  never held whole;
* any article longer than ``PART_CHARS`` (a plain-text file, or one huge
  JSONL/HTML/WARC article) is stored as several documents, "parts", each a run
  of whole chunks, with origin ``NAME#chars=START-END`` (character offsets
  into the whole text); shorter ones stay one document, as before. A part
  also ends early rather than hold more than ``PART_CLAIMS`` claims, so a text
  dense with figures cannot fill memory with claims either;
* every chunk is extracted exactly as ``extract`` extracts it, and its claims
  are shifted into the part, so the ledger holds the claims ``extract``
  prints, offsets moved by the part's start.

Each part commits on its own (one transaction per document), so a kill leaves
whole parts and a re-run adds the missing ones; a part already in the ledger
is recognised by its content id before it is extracted. A decoding error
late in a long plain-text file stops it there: parts before it stay stored,
and the message names the file and byte.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..docmeta import DocMeta
from ..errors import InputError
from ..extract import extract
from ..extract_stream import CHUNK_CHARS, iter_string_chunks, iter_text_chunks, shift_claim
from ..inputs import SNIFF_BYTES, open_input
from ..ledger.db import _iso_date
from ..model import Claim, Document
from ..readers import ReadResult, detect_format, iter_stream, sniff

#: Articles longer than this many characters are stored as parts of at most this size (whole chunks).
PART_CHARS = 4 * CHUNK_CHARS
#: ...and a part ends early rather than hold more claims than this (a claim costs a few KB in flight).
PART_CLAIMS = 5_000


@dataclass(frozen=True, slots=True)
class Article:
    """One document to store (or a read error), with its claims when they were extracted here.

    ``claims`` is None when the document is short enough for ``Ledger.add`` to
    extract, or already in the ledger.
    """

    result: ReadResult
    claims: list[Claim] | None = None
    meta: DocMeta | None = None  # set on documents made here (parts, plain text): already prepared


#: Completes a document made here with its metadata: (document, format, is it the text's first part).
Prepare = Callable[[Document, str, bool], tuple[Document, DocMeta | None]]


def part_origin(origin: str, start: int, end: int) -> str:
    """The origin of a stored part: its characters ``start``–``end`` of the whole input."""
    return f"{origin}#chars={start}-{end}"


def part_start(origin: str) -> int:
    """Where a stored part starts in its whole input (0 for a document stored whole).

    The inverse of ``part_origin``: add it to a claim's span to point into the file.
    """
    return int(origin.rsplit("#chars=", 1)[1].split("-")[0]) if "#chars=" in origin else 0


def _never(_document_id: str) -> bool:
    return False


def _as_is(doc: Document, fmt: str, first: bool) -> tuple[Document, DocMeta | None]:
    return doc, None


def iter_articles(
    spec: str, *, encoding: str | None = None, fmt: str | None = None,
    known: Callable[[str], bool] = _never, prepare: Prepare = _as_is,
) -> Iterator[Article]:
    """The articles of one input ('-' for stdin), long ones in parts; see the module docstring.

    ``known(document_id)`` says whether a document is already stored, so its
    extraction is skipped. ``prepare`` fills the metadata of each document made
    here before it is extracted (its publication date dates relative times),
    told whether it is the text's first part (whose opening lines may state
    metadata). A whole unreadable input raises InputError.
    """
    name = "stdin" if spec == "-" else spec
    raw = sys.stdin.buffer if spec == "-" else open_input(spec)
    try:
        try:
            head, stream = sniff(raw, SNIFF_BYTES)
            kind = fmt or detect_format(name, head)
            if kind in ("txt", "stdin"):
                chunks = iter_text_chunks(stream, name, encoding)
                yield from _parts(chunks, name, "stdin" if name == "stdin" else "txt", None, known, prepare)
                return
            for result in iter_stream(stream, name, fmt=kind, encoding=encoding):
                doc = result.document
                if doc is None or len(doc.text) <= CHUNK_CHARS:  # one chunk: Ledger.add extracts it
                    yield Article(result)
                else:
                    yield from _parts(iter_string_chunks(doc.text), result.origin, result.fmt, doc, known,
                                      prepare)
        except OSError as exc:
            raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        if spec != "-":
            raw.close()


def _parts(
    chunks: Iterable[tuple[int, str]], origin: str, fmt: str, meta: Document | None,
    known: Callable[[str], bool], prepare: Prepare,
) -> Iterator[Article]:
    """Group consecutive chunks into parts (one part, with the plain origin, when the text fits in one).

    A part is the longest run of whole chunks within PART_CHARS characters,
    ended early when its claims would pass PART_CLAIMS. Both depend only on
    the text, so a re-run cuts the same parts and finds them stored.
    """
    source = iter(chunks)
    buf: list[tuple[int, str]] = []  # chunks read ahead, not yet stored
    more = True
    first = True
    extracted: dict[int, list[Claim]] = {}  # claims of a chunk extracted for a part that ended before it
    while True:
        while more and sum(len(c) for _, c in buf) <= PART_CHARS:
            nxt = next(source, None)
            if nxt is None:
                more = False
            else:
                buf.append(nxt)
        if not buf:
            return
        n, size = 0, 0
        while n < len(buf) and (n == 0 or size + len(buf[n][1]) <= PART_CHARS):
            size += len(buf[n][1])
            n += 1
        doc, dmeta, claims, error, used = _part(buf[:n], meta, known, extracted, prepare, fmt, first)
        start, end = buf[0][0], buf[used - 1][0] + len(buf[used - 1][1])
        whole = first and used == len(buf) and not more
        where = origin if whole else part_origin(origin, start, end)
        yield Article(ReadResult(where, fmt, doc, error), claims, dmeta)
        del buf[:used]
        first = False


def _document(text: str, meta: Document | None) -> Document:
    if meta is None:
        return Document.from_text(text)
    return Document.from_text(
        text, url=meta.url, title=meta.title, outlet=meta.outlet, published=meta.published
    )


def _part(
    chunks: list[tuple[int, str]], meta: Document | None, known: Callable[[str], bool],
    extracted: dict[int, list[Claim]], prepare: Prepare, fmt: str, first: bool,
) -> tuple[Document | None, DocMeta | None, list[Claim] | None, str | None, int]:
    """(document, its metadata, claims or None if already stored, error, chunks used) for ``chunks``."""
    start = chunks[0][0]
    doc, dmeta = prepare(_document("".join(chunk for _, chunk in chunks), meta), fmt, first)
    if known(doc.id):
        return doc, dmeta, None, None, len(chunks)
    published = _iso_date(doc.published)
    claims: list[Claim] = []
    used = 0
    try:
        for offset, chunk in chunks:
            got = extracted.pop(offset, None)
            if got is None:
                got = extract(chunk, published)
            if used and len(claims) + len(got) > PART_CLAIMS:
                extracted[offset] = got  # the next part starts here
                break
            claims.extend(shift_claim(claim, offset - start) for claim in got)
            used += 1
    except Exception as exc:  # an extractor bug on one article must not stop a long ingest
        return None, None, None, f"not stored ({type(exc).__name__}: {exc})", len(chunks)
    if used < len(chunks):
        doc, dmeta = prepare(_document("".join(chunk for _, chunk in chunks[:used]), meta), fmt, first)
    return doc, dmeta, claims, None, used

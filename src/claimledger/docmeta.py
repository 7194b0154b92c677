"""Article metadata: where each field came from, what a plain text says about itself, and who wins.

A document's title, date, outlet and URL come from up to four places, and the
ledger keeps which one each value came from (``documents.metadata_origin``):

``input``    the input's own metadata: a JSONL line's fields, an HTML page's metadata
``sidecar``  ``story.json`` beside ``story.txt`` (or ``story.html``)
``given``    the command line: ``add --published --outlet --title --url``
``text``     read from the article's own first lines, with the span it was read from
``set``      ``claimledger documents set`` (a person, audited)

When they disagree the first in that list wins for a new document: what the
article itself says in structured form beats a default given for a whole run,
and anything given beats a guess read from the text. The text is read only
for what is still missing. Rules (the header words) are data:
``data/textmeta.json``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from .datafiles import load_data
from .errors import InputError, RuleDataError
from .model import Document, Span
from .readers import parse_published

#: The document fields that metadata can set, in display order.
FIELDS: tuple[str, ...] = ("title", "published", "outlet", "url")
#: Extra fields only the text or a sidecar can give.
EXTRA_FIELDS: tuple[str, ...] = ("byline", "dateline")
ORIGINS: tuple[str, ...] = ("input", "sidecar", "given", "text", "set")
#: Only this many leading characters are read for a header (spans index the full text all the same).
HEADER_CHARS = 4000


@dataclass(frozen=True, slots=True)
class FieldOrigin:
    """Where one metadata value came from; ``span`` and ``rule`` only for values read from the text."""

    source: str
    span: Span | None = None
    rule: str | None = None
    detail: str | None = None  # e.g. the sidecar file, or who set it

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"from": self.source}
        if self.rule:
            out["rule"] = self.rule
        if self.span is not None:
            out["span"] = list(self.span)
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a document carries beyond ``Document``: byline, dateline place and each field's origin."""

    byline: str | None = None
    dateline: str | None = None
    origins: Mapping[str, FieldOrigin] = field(default_factory=dict)

    def origins_json(self) -> dict[str, Any]:
        return {k: v.to_dict() for k, v in sorted(self.origins.items())}


@dataclass(frozen=True, slots=True)
class Found:
    """A value read from the text, the span of the words it was read from, and the rule that read it."""

    value: str
    span: Span
    rule: str


@dataclass(frozen=True, slots=True)
class _Rules:
    headline_max: int
    headline_bad_end: tuple[str, ...]
    header_lines: int
    byline_particles: frozenset[str]
    byline_max_words: int
    date_line: re.Pattern[str]
    byline: re.Pattern[str]
    dateline: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_data("textmeta")  # checked against its schema (claimledger/data/schemas.py)
    try:
        labels = [re.escape(str(w)) for w in data["date_labels"]]
        by = [re.escape(str(w)) for w in data["byline_words"]]
        dashes = sorted((re.escape(str(d)) for d in data["dateline_dashes"]), key=len, reverse=True)
        rules = _Rules(
            headline_max=int(data["headline_max_chars"]),
            headline_bad_end=tuple(str(c) for c in data["headline_not_ending_with"]),
            header_lines=int(data["header_lines"]),
            byline_particles=frozenset(str(w) for w in data["byline_particles"]),
            byline_max_words=int(data["byline_max_words"]),
            date_line=re.compile(rf"(?i)^(?:{'|'.join(labels)})\s*[: ]\s*(?P<v>\S.*?)\s*$"),
            byline=re.compile(
                rf"(?i:{'|'.join(by)})\s+(?P<v>[A-Z][^\d\n,;:()]{{1,78}}?)(?:,\s*[^\n]{{1,80}})?\s*$"
            ),
            dateline=re.compile(
                r"(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]*[A-ZÀ-Þ](?:, [A-ZÀ-Þ][A-Za-zÀ-ÿ'’.\- ]*?)?)"
                r"(?:, (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, (?P<year>\d{4}))?))?"
                r"(?: \((?P<outlet>[^()\n]{2,60})\))?"
                rf"\s*(?:{'|'.join(dashes)})(?=\s)"
            ),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RuleDataError(f"data/textmeta.json is malformed: {exc}") from exc
    return rules


def looks_like_headline(line: str) -> bool:
    """A first line that reads as a headline: short, several words, no sentence or dateline ending.

    Migration 0010 applies the same test in SQL to titles of documents stored before it.
    """
    r = _rules()
    low = line.casefold()
    return (
        0 < len(line) <= r.headline_max
        and not line[0].isspace()
        and " " in line
        and not line.endswith(r.headline_bad_end)
        and r.date_line.match(line) is None
        and not low.startswith(("date ", "date:", "by "))
    )


_MORE_TEXT = re.compile(r"[^ \t\r\n]")  # what migration 0010's trim() leaves: any other character


def headline(text: str) -> Found | None:
    """The first line as a title when it looks like a headline and more text follows it."""
    nl = text.find("\n", 0, HEADER_CHARS)  # a first line longer than a header is no headline
    if nl <= 0:
        return None
    line = text[:nl].rstrip(" \t\r")
    if not looks_like_headline(line) or _MORE_TEXT.search(text, nl + 1) is None:
        return None
    return Found(line, (0, len(line)), "headline")


def _name_like(value: str, r: _Rules) -> bool:
    """A byline's name: a few capitalised words (particles such as 'van' allowed), no sentence end."""
    words = value.split()
    return (
        0 < len(words) <= r.byline_max_words
        and not value.rstrip().endswith((".", "!", "?"))
        and all(w[0].isupper() or w in r.byline_particles for w in words)
    )


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    """The first ``limit`` non-blank lines as (offset, line without its line break)."""
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text) and len(out) < limit:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end].rstrip("\r")
        if line.strip():
            out.append((pos, line))
        pos = end + 1
    return out


def read_text_metadata(text: str) -> dict[str, Found]:
    """What the article's first lines say about it: title, published, byline, dateline, outlet.

    Only the header is read (``header_lines`` non-blank lines): a headline as
    the first line, a ``date 2025-04-12`` line, a ``By Name`` line, and a
    dateline opening the body (``KESSAR, Norland, March 3 (Outlet) -``).
    Each value keeps the span of the words it was read from.
    """
    r = _rules()
    head = headline(text)
    text = text[:HEADER_CHARS]  # a header is short; a 10 MB one-line article is not scanned whole
    found: dict[str, Found] = {}
    if head is not None:
        found["title"] = head
    for offset, line in _lines(text, r.header_lines):
        if head is not None and offset == 0:
            continue
        m = r.date_line.match(line)
        if m is not None and "published" not in found:
            try:
                day = parse_published(m.group("v"), "text")
            except InputError:
                day = None
            if day:
                found["published"] = Found(day, (offset + m.start("v"), offset + m.end("v")), "date line")
                continue
        m = r.byline.match(line.strip())
        if m is not None and "byline" not in found and _name_like(m.group("v"), r):
            lead = len(line) - len(line.lstrip())
            v = m.group("v").rstrip()
            start = offset + lead + m.start("v")
            found["byline"] = Found(v, (start, start + len(v)), "byline")
            continue
        m = r.dateline.match(line)
        if m is not None:
            found["dateline"] = Found(m.group("place"), (offset + m.start("place"), offset + m.end("place")),
                                      "dateline")
            if m.group("outlet"):
                found["outlet"] = Found(m.group("outlet").strip(), (offset + m.start("outlet"),
                                                                    offset + m.end("outlet")), "dateline")
            if m.group("year") and "published" not in found:
                try:
                    day = parse_published(m.group("date"), "text")
                except InputError:
                    day = None
                if day:
                    found["published"] = Found(day, (offset + m.start("date"), offset + m.end("date")),
                                               "dateline")
        break  # the body has started: a dateline can only open it
    return found


def complete(
    doc: Document,
    *,
    carried: Mapping[str, str | None] | None = None,
    sidecar: Mapping[str, str | None] | None = None,
    sidecar_name: str | None = None,
    given: Mapping[str, str | None] | None = None,
    read_text: bool = True,
) -> tuple[Document, DocMeta]:
    """The document with every metadata field filled from the best place that has it, and the origins.

    ``carried`` is what the reader found in the input's own metadata (by
    default: the fields already set on ``doc``); then ``sidecar``, then
    ``given``, then the text itself (``read_text``).
    """
    if carried is None:
        carried = {k: getattr(doc, k) for k in FIELDS}
    layers: list[tuple[str, Mapping[str, str | None], str | None]] = [
        ("input", carried, None), ("sidecar", sidecar or {}, sidecar_name), ("given", given or {}, None),
    ]
    values: dict[str, str | None] = {}
    origins: dict[str, FieldOrigin] = {}
    for name in (*FIELDS, *EXTRA_FIELDS):
        for source, layer, detail in layers:
            v = layer.get(name)
            if v:
                values[name] = v
                origins[name] = FieldOrigin(source, detail=detail)
                break
    if read_text:
        for name, f in read_text_metadata(doc.text).items():
            if name not in values:
                values[name] = f.value
                origins[name] = FieldOrigin("text", span=f.span, rule=f.rule)
    new_doc = replace(doc, title=values.get("title"), published=values.get("published"),
                      outlet=values.get("outlet"), url=values.get("url"))
    return new_doc, DocMeta(values.get("byline"), values.get("dateline"), origins)

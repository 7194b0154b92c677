"""Turning hostile article text and claim fields into safe, readable HTML.

Articles are untrusted: everything is escaped, and invisible or reordering
characters (bidi overrides, zero-width marks, control codes) are shown as
visible tags so a reviewer sees what is really there. The document view is
built by cutting the text at every span boundary, so overlapping spans (a
source phrase that contains a figure) still nest into valid HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

from ..values import format_number, format_value

__all__ = [
    "ClaimMarks",
    "chain_names",
    "highlight",
    "marks_from_rows",
    "number",
    "snippet",
    "unvisible_plain",
    "visible",
    "visible_plain",
]

# Bidi embeddings/overrides/isolates, LRM/RLM/ALM, zero-width and C0/C1 controls (except \t \n \r).
_HIDDEN = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000\ue001]"
)
_NAMES = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u2060": "WJ",
    "\ufeff": "BOM",
}


def _tag(ch: str) -> str:
    return _NAMES.get(ch, f"U+{ord(ch):04X}")


def visible_plain(s: object) -> str:
    """Plain text with hidden characters spelled out, for attributes such as ``title``."""
    return _HIDDEN.sub(lambda m: f"⟨{_tag(m.group())}⟩", "" if s is None else str(s))


_TAGGED = re.compile("⟨(" + "|".join([*_NAMES.values(), r"U\+[0-9A-F]{4}"]) + ")⟩")
_BY_NAME = {v: k for k, v in _NAMES.items()}


def unvisible_plain(s: str) -> str:
    """Undo ``visible_plain``: a form field showing ⟨RLO⟩ saves the real character back."""

    def back(m: re.Match[str]) -> str:
        tag = m.group(1)
        ch = _BY_NAME.get(tag) or chr(int(tag[2:], 16))
        return ch if _HIDDEN.fullmatch(ch) else m.group()

    return _TAGGED.sub(back, s)


def visible(s: object) -> Markup:
    """Escaped HTML of ``s`` with hidden characters shown as marked tags."""
    text = "" if s is None else str(s)
    if _HIDDEN.search(text) is None:
        return escape(text)
    out: list[str] = []
    pos = 0
    for m in _HIDDEN.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        ch = m.group()
        out.append(f'<span class="ctl" title="U+{ord(ch):04X}">⟨{_tag(ch)}⟩</span>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def snippet(s: object) -> Markup:
    """An FTS5 snippet whose match markers are U+E000/U+E001: escaped, with the matches as <mark>."""
    text = "" if s is None else str(s)
    out = []
    for i, part in enumerate(text.split("\ue000")):
        hit, _, rest = part.partition("\ue001") if i else ("", "", part)
        if hit:
            out.append(f"<mark>{visible(hit)}</mark>")
        out.append(str(visible(rest)))
    return Markup("".join(out))


def number(v: object) -> object:
    """A stored number as people write it (1200.0 → '1,200'); anything else unchanged."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return "—" if v is None else v
    return format_number(float(v))


def chain_names(reported_by: str | None) -> list[str]:
    """Names in an attribution chain (JSON list stored in claims.reported_by), outermost first."""
    if not reported_by:
        return []
    try:
        parties = json.loads(reported_by)
    except ValueError:
        return []
    if not isinstance(parties, list):
        return []
    return [str(p.get("name", "")) for p in parties if isinstance(p, dict)]


@dataclass(slots=True)
class ClaimMarks:
    """Where one claim sits in the text, and how to draw it."""

    id: str
    start: int
    end: int
    event: str
    sentence: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    classes: list[str] = field(default_factory=list)
    title: str = ""


def _ok(span: Sequence[int | None] | None, n: int) -> tuple[int, int] | None:
    if span is None or span[0] is None or span[1] is None:
        return None
    a, b = max(0, int(span[0])), min(n, int(span[1]))
    return (a, b) if a < b else None


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f' {k}="{escape(v)}"' for k, v in pairs)


def highlight(text: str, claims: Sequence[ClaimMarks]) -> Markup:
    """The article as HTML: figures as links ``#c-<id>``, sources underlined, sentences tagged.

    Every figure's first piece carries ``id="c-<claim id>"`` so other pages can
    link straight to it; each piece inside a claim's sentence carries
    ``data-s`` so the page can light the whole sentence up.
    """
    n = len(text)
    # Intervals of three kinds; ``order`` keeps document order so the first claim wins a tie.
    starts: dict[int, list[tuple[str, int, Any]]] = {}
    ends: dict[int, list[tuple[str, int]]] = {}
    cuts = {0, n}
    order = 0

    def add(kind: str, span: tuple[int, int], obj: Any) -> None:
        nonlocal order
        order += 1
        starts.setdefault(span[0], []).append((kind, order, obj))
        ends.setdefault(span[1], []).append((kind, order))
        cuts.update(span)

    seen_sentences: set[tuple[int, int]] = set()
    for c in claims:
        f = _ok((c.start, c.end), n)
        if f is None:
            continue
        add("fig", f, c)
        s = _ok(c.source, n)
        if s is not None:
            add("src", s, c)
        t = _ok(c.sentence, n)
        if t is not None and t not in seen_sentences:
            seen_sentences.add(t)
            add("snt", t, t[0])
    active: dict[str, dict[int, Any]] = {"fig": {}, "src": {}, "snt": {}}
    anchored: set[str] = set()
    out: list[str] = []
    for a, b in pairwise(sorted(cuts)):
        for kind, k in ends.get(a, ()):
            active[kind].pop(k, None)
        for kind, k, obj in starts.get(a, ()):
            active[kind][k] = obj
        piece = str(visible(text[a:b]))
        if active["src"]:
            ids = " ".join(c.id for _, c in sorted(active["src"].items()))
            piece = f'<span class="src"{_attrs([("data-c", ids)])}>{piece}</span>'
        if active["fig"]:
            fig = active["fig"][min(active["fig"])]
            pairs = [
                ("href", f"#c-{fig.id}"),
                ("class", " ".join(["clm", f"ev-{fig.event}", *fig.classes])),
                ("data-c", fig.id),
                ("title", fig.title),
            ]
            if fig.id not in anchored:
                anchored.add(fig.id)
                pairs.insert(0, ("id", f"c-{fig.id}"))
            piece = f"<a{_attrs(pairs)}>{piece}</a>"
        if active["snt"]:
            piece = f'<span class="snt" data-s="{active["snt"][min(active["snt"])]}">{piece}</span>'
        out.append(piece)
    return Markup("".join(out))


def marks_from_rows(rows: Iterable[Mapping[str, Any]], flags: Mapping[str, list[str]]) -> list[ClaimMarks]:
    """ClaimMarks for claim rows as the document query returns them."""
    out = []
    for r in rows:
        kinds = sorted(set(flags.get(r["id"], [])))
        value = format_value(r["low"], r["high"], r["hedge"], r["unit"])
        who = r["source"] or "article's own voice"
        title = visible_plain(f"{value} · {r['event']} · {who} · {r['review_status']}")
        out.append(
            ClaimMarks(
                id=r["id"],
                start=r["span_start"],
                end=r["span_end"],
                event=r["event"],
                sentence=(r["sentence_start"], r["sentence_end"]),
                source=(r["source_start"], r["source_end"]) if r["source_start"] is not None else None,
                classes=[f"fl-{k}" for k in kinds] + [f"st-{r['review_status']}"],
                title=title,
            )
        )
    return out

"""The body that issues a document, read from its header lines ("PRESS RELEASE – X", "X – Communiqué").

A press release, a statement, a communiqué or a numbered bulletin speaks for the body that
issued it: its figures with no attribution of their own are that body's, not an outlet's voice.
The header says who issued it in one of three shapes, all in the first few short lines:

- a document kind and a party joined by a dash, either way round
  ("PRESS RELEASE – Fenwick Aid", "FENWICK AID - press release, 4 May 2040");
- a document kind followed by "of"/"from" and the party ("COMMUNIQUÉ OF THE HIGH COMMAND OF …");
- an upper-case line naming a body, right above a line that opens with a document kind
  ("MINISTRY OF WELLS OF BRANDORIA" over "Statement No. 12", "Press Office - Statement No. 7").

A party must be a name or in capitals, with no digit: one with a digit is a dateline, not a body
("Press release - Pellor, 3 May"); a situation update or an investigation is not one of the
document kinds, so its header names an outlet.
"""

from __future__ import annotations

import re
from functools import cache

from ...model import Span
from .frame import Frame
from .nounphrase import name_like
from .patterns import cues, res

_HEAD_CHARS = 600  # the header is in the first lines: never look further
_HEAD_LINES = 5
_LONG_LINE = 140  # a line this long is body text: the header has ended
_DASH = re.compile(r"[ \u00a0]+[-–—][ \u00a0]+")
_DIGIT = re.compile(r"\d")
_LINE = re.compile(r"[^\n]+")


@cache
def _kind() -> re.Pattern[str]:
    """A document kind opening a stretch, after at most one word ("Military Communiqué No. 7")."""
    kinds = sorted(cues()["issuer_documents"], key=len, reverse=True)
    alt = "|".join(re.escape(k) for k in kinds)
    return re.compile(rf"^(?:[A-Za-z]+[ \u00a0]+)?(?:{alt})(?![\w])", re.I)


@cache
def _kind_of() -> re.Pattern[str]:
    """'COMMUNIQUÉ OF THE …': a document kind, then "of"/"from" and the party."""
    kinds = sorted(cues()["issuer_documents"], key=len, reverse=True)
    alt = "|".join(re.escape(k) for k in kinds)
    return re.compile(rf"^(?:{alt})[ \u00a0]+(?:of|from)[ \u00a0]+(?:the[ \u00a0]+)?(?=\S)", re.I)


def _party(line: str) -> bool:
    """A stretch of a header line that can be an issuing body: a name or capitals, no digit
    ("Army denies raid - statement" is a headline, not a header)."""
    if not 1 <= len(line.split()) <= 14 or _DIGIT.search(line):
        return False
    return name_like(line) or (line.isupper() and len(line) >= 2)


def _is_kind(part: str) -> bool:
    return _kind().match(part) is not None


def issuer(text: str) -> Frame | None:
    """The issuing body its header names, as a speaker of the whole document; None if it names none."""
    lines: list[Span] = []
    for m in _LINE.finditer(text, 0, min(len(text), _HEAD_CHARS)):
        if not m.group().strip():
            continue
        if len(m.group()) > _LONG_LINE or len(lines) >= _HEAD_LINES:
            break
        lines.append((m.start(), m.end()))
    for i, (a, b) in enumerate(lines):
        found = _dash_party(text, a, b) or _of_party(text, a, b)
        if found is None and i + 1 < len(lines):
            found = _body_over_kind(text, (a, b), lines[i + 1])
        if found is not None:
            s0, s1 = found
            return Frame("issuer", text[s0:s1], found, None, None, s0)
    return None


def _dash_party(text: str, a: int, b: int) -> Span | None:
    """'PRESS RELEASE – X' or 'X – press release, 4 May': the party on the other side of the dash."""
    cuts = list(_DASH.finditer(text, a, b))
    if len(cuts) != 1:
        return None
    left, right = (a, cuts[0].start()), (cuts[0].end(), b)
    for kind, party in ((left, right), (right, left)):
        if _is_kind(text[kind[0] : kind[1]]) and not _is_kind(text[party[0] : party[1]]):
            span = _strip(text, party)
            if span and _party(text[span[0] : span[1]]):
                return span
    return None


def _of_party(text: str, a: int, b: int) -> Span | None:
    """'COMMUNIQUÉ OF THE HIGH COMMAND OF BRANDORIA': the party after the kind and "of"."""
    m = _kind_of().match(text, a, b)
    if not m:
        return None
    span = _strip(text, (m.end(), b))
    return span if span and text[span[0] : span[1]].isupper() and _party(text[span[0] : span[1]]) else None


def _body_over_kind(text: str, line: Span, below: Span) -> Span | None:
    """An upper-case line naming a body over a line that opens with a document kind."""
    span = _strip(text, line)
    if span is None:
        return None
    name = text[span[0] : span[1]]
    if not (name.isupper() and len(name.split()) >= 2 and res()["role"].search(name) and _party(name)):
        return None
    under = text[below[0] : below[1]].strip()
    parts = _DASH.split(under)
    return span if any(_is_kind(p) for p in parts[:2]) else None


def _strip(text: str, span: Span) -> Span | None:
    a, b = span
    while a < b and text[a] in " \u00a0\t":
        a += 1
    while b > a and text[b - 1] in " \u00a0\t\r.:":
        b -= 1
    return (a, b) if a < b else None

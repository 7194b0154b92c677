"""Paragraphs and sentences, as spans into the original text.

Attribution carries within a paragraph and events are read within a sentence,
so both boundaries matter. A line break ends a paragraph unless the text is
hard-wrapped (the line does not end a sentence and the next starts lower-case).
Sentences end at . ! ? (and their closing quotes) followed by a space and an
upper-case letter, digit or quote, except after common abbreviations and
initials; a full stop between a lower-case word and a capitalised one with no
space ("wounded.In the port") ends one too.

Any line break ends a line: "\n", "\r\n", a lone "\r", and the other breaks
``str.splitlines`` knows ("\u2028", "\x85", "\x0b", "\x0c"…).

A sentence longer than ``MAX_SENTENCE`` characters (run-on text with no full
stops, a list of a thousand numbers) is cut into pieces of at most that size,
at the last clause mark (";", ":", ",") or else the last space before the
limit. The analysis of a sentence compares its figures, cues and triggers
with each other, which costs more than linear time in its length; bounding
the sentence keeps the whole extraction linear in the length of the text.
Real sentences are far shorter (the longest in every corpus the project has
is about 300 characters), so the cut changes nothing for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "col",
    "lt",
    "gen",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "cpl",
    "adm",
    "cmdr",
    "brig",
    "gov",
    "sen",
    "rep",
    "rev",
    "st",
    "mt",
    "ft",
    "no",
    "nos",
    "vol",
    "fig",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "ltd",
    "co",
    "corp",
    "dept",
    "est",
    "approx",
    "etc",
    "vs",
    "cf",
    "al",
    "jr",
    "sr",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "tel",
    "ext",
    "pp",
    "para",
    "res",  # a title's bracket: "Brig. Gen. (res.) Ana Rell"
    "retd",
}

# [.!?…][.!?…]* is [.!?…]+ written so that re can skip ahead to each stop (a leading class)
# a full stop with no space after it still ends a sentence between a lower-case word and a
# capitalised one ("wounded.In the port"); abbreviations ("Mr.Kell") are checked as for any stop
_SENT_END = re.compile(
    r"[.!?…](?:[.!?…]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0400-\u04ff•])|(?<=[a-z]{2}\.)(?=[A-Z][a-z]))"
)
#: the characters ``str.splitlines`` breaks at ("\r\n" is one break)
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE = re.compile(rf"[^{LINE_BREAKS}]*(?:\r\n|[{LINE_BREAKS}]|$)")
#: the longest stretch of text analysed as one sentence (see the module docstring)
MAX_SENTENCE = 1000
_CLAUSE_MARK = re.compile(r"[;:,](?=\s)")
_SPACE = re.compile(r"\s")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_LINE_CLOSED = re.compile(r"[.!?:;\"”’)]\s*$")
_HEADER = re.compile(r"^(?:[•\-*–]|\d{1,2}[:.]\d{2}\b|[A-Z][A-Z .'’\-]+:)")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of ``text`` with their sentences, in order."""
    out: list[Paragraph] = []
    para_start: int | None = None
    prev_end = 0
    prev_line = ""
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        line = m.group().rstrip(LINE_BREAKS)
        stripped = line.strip()
        if not stripped:
            if para_start is not None:
                out.append(_paragraph(text, para_start, prev_end))
                para_start = None
            prev_line = ""
            continue
        wrapped = (
            para_start is not None
            and prev_line
            and not _LINE_CLOSED.search(prev_line)
            and (
                stripped[0].islower()
                or (
                    len(prev_line) > 70
                    and prev_line.rstrip()[-1:].isalpha()
                    and stripped[0].isalpha()
                    and not _is_header(stripped)
                )
            )
        )
        if para_start is not None and not wrapped:
            out.append(_paragraph(text, para_start, prev_end))
            para_start = None
        if para_start is None:
            para_start = m.start()
        prev_end = m.start() + len(line)
        prev_line = line
    if para_start is not None:
        out.append(_paragraph(text, para_start, prev_end))
    return out


def _is_header(line: str) -> bool:
    return bool(_HEADER.match(line))


def _paragraph(text: str, start: int, end: int) -> Paragraph:
    start, end = _trim(text, start, end)
    sents: list[tuple[int, int]] = []
    s0 = start
    for m in _SENT_END.finditer(text, start, end):
        if _is_abbreviation(text, m.start(), m.group()):
            continue
        _add_sentence(text, s0, m.end(), sents)
        s0 = m.end()
    _add_sentence(text, s0, end, sents)
    return Paragraph(start, end, tuple(sents))


def _add_sentence(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    """Append the trimmed sentence ``text[a:b]``, cut into pieces of at most ``MAX_SENTENCE``."""
    a, b = _trim(text, a, b)
    while b - a > MAX_SENTENCE:
        cut = _cut(text, a, a + MAX_SENTENCE)
        pa, pb = _trim(text, a, cut)
        if pb > pa:
            out.append((pa, pb))
        a, b = _trim(text, cut, b)
    if b > a:
        out.append((a, b))


def _cut(text: str, a: int, limit: int) -> int:
    """Where to end a piece of an over-long sentence starting at ``a``: after the last clause mark
    in the second half of ``text[a:limit]``, else at its last space, else at ``limit``."""
    lo = a + (limit - a) // 2
    for pattern in (_CLAUSE_MARK, _SPACE):
        last = None
        for last in pattern.finditer(text, lo, limit):  # noqa: B007 - we want the last match
            pass
        if last is not None:
            return last.end()
    return limit


def _is_abbreviation(text: str, at: int, punct: str) -> bool:
    if not punct.startswith("."):
        return False
    w = _WORD_BEFORE.search(text, max(0, at - 12), at + 1)
    if not w:
        return False
    word = w.group(1).lower()
    if word in _ABBREV:
        return True
    # single initials ("J. Smith") but not a sentence-final capital word
    return len(word) == 1 and w.group(1).isupper()

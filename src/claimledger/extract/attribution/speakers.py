"""Speakers of a stretch of text: transcript labels ("KELL: …") and document headers ("Briefing by …")."""

from __future__ import annotations

import re
from functools import cache

from ...model import Span
from ..vocab import lower_is_faithful
from .frame import Frame, State, cue_of
from .issuer import issuer
from .nounphrase import clean_np, name_like, np_after, valid_np
from .patterns import cues, res, words

_SPEAKER = re.compile(
    r"(?P<label>[A-Z][A-Z.'’\- \u00a0]{1,40}?)[ \u00a0]*(?:\((?P<paren>[^)\n]{1,60})\))?[ \u00a0]*:[ \u00a0]"
)
_COMMA_FREE = re.compile(r"[^,]+")


def is_transcript(text: str, paras: list[Span]) -> bool:
    """Two or more paragraphs opening with an upper-case 'NAME:' label make a transcript."""
    n = 0
    not_speakers = words("non_speaker_labels")
    for a, b in paras:
        m = _SPEAKER.match(text, a, b)
        if (
            m
            and m.group("label").strip().upper() == m.group("label").strip()
            and m.group("label").strip() not in not_speakers
        ):
            n += 1
            if n >= 2:
                return True
    return False


def speaker_of(text: str, para: Span, state: State) -> Frame | None:
    """A transcript speaker label at the start of a paragraph, resolved to an earlier full name."""
    m = _SPEAKER.match(text, para[0], para[1])
    if not m:
        return None
    label = m.group("label").strip()
    if (
        label.upper() != label
        or label in words("non_speaker_labels")
        or len(label.replace(".", "").strip()) < 2
    ):
        return None
    lab_start = m.start("label")
    colon = m.end() - 2  # the pattern ends with ':' and one space: the colon is the cue
    cue = (":", (colon, colon + 1))
    if label in words("question_labels"):
        if m.group("paren"):
            p0 = m.start("paren")
            return Frame("speaker", m.group("paren"), (p0, m.end("paren")), *cue, m.start())
        return Frame("speaker", None, None, *cue, m.start(), carries=False)
    t = res()["titles"].match(label)
    s0 = lab_start + (t.end() if t else 0)
    name = text[s0 : lab_start + len(label)].strip()
    span = (s0, s0 + len(name))
    surname = name.split()[-1] if name.split() else name
    for prev in reversed(state.speakers.get(surname, {}).values()):
        if prev.source and prev.source != name:  # the latest other speaker of this surname
            span, name = prev.source_span or span, prev.source
            break
    f = Frame("speaker", name, span, *cue, m.start())
    if name.split():
        by_name = state.speakers.setdefault(name.split()[-1], {})
        by_name.pop(name, None)  # re-inserted last: the most recent speaker of this name
        by_name[name] = f
    return f


@cache
def header_first_words() -> tuple[str, ...] | None:
    """The first word of each speaker header, lower-cased: a header match must hold one.

    None (no shortcut) if one is not plain ASCII, where lower() and IGNORECASE could disagree.
    """
    headers = cues()["speaker_headers"]
    first = tuple(h.split()[0].lower() for h in headers if h.split())
    if len(first) != len(headers) or not all(w.isascii() for w in first):
        return None
    return first


def doc_speaker(text: str) -> Frame | None:
    """'Briefing by …', 'Statement by …' near the top: the speaker of an otherwise unattributed document;
    with no such header, the body a press release's or a communiqué's header names as its issuer."""
    return _header_speaker(text) or issuer(text)


def _header_speaker(text: str) -> Frame | None:
    """'Briefing by …', 'Statement by …' near the top."""
    head_end = min(len(text), 800)
    first = header_first_words()
    if first is not None:
        head = text[:head_end]
        if lower_is_faithful(head):
            low = head.lower()
            if not any(w in low for w in first):
                return None  # no header can start here: skip the pattern's search of 800 characters
    m = res()["header"].search(text, 0, head_end)
    if not m:
        return None
    line_end = text.find("\n", m.end())
    line_end = head_end if line_end < 0 else min(line_end, head_end)
    pos = m.end()
    span: Span | None = None
    for part in _COMMA_FREE.finditer(text[pos:line_end]):
        found = clean_np(text, pos + part.start(), pos + part.end())
        if found and name_like(text[found[0] : found[1]]):
            span = found
            break
    if span is None:
        span = np_after(text, m.end(), line_end)
        if not (span and valid_np(text[span[0] : span[1]])):
            return None
    return Frame("doc_speaker", text[span[0] : span[1]], span, *cue_of(text, m.start(), m.end()), m.start())

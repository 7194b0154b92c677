"""The outlet that publishes a document, read from its header, and whether a speaker names it.

An article's own count is its own voice: "The Morrow Ledger" on a line of its own under the headline (or
"(Morrow Wire)" in the dateline, "Ledger staff | The Morrow Ledger, 3 May") is the outlet that wrote the
article, so "The Ledger counted 45 families" and "the Ledger's own tally stands at 17" say what the
article says (source None), as "we counted" does. Being told something ("X told the Ledger") is another
matter: the outlet carries X's words there.

Only the header is read: a name standing alone on a short line after the headline, before the body (or
alone between the line's separators: "Ledger staff | The Morrow Ledger, 3 May"), and the parenthesised
name in a dateline. A title line ("Joint briefing of Health Minister Ivo Rell") names no outlet. A
document whose header names its issuer or speaker (a press release, a communiqué, "Briefing by X") has
no outlet: the body its header names speaks. A byline ("By Ana Rell") names a writer, not an outlet.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HEAD_CHARS = 600  # the header is in the first lines: never look further
_SHORT_LINE = 100  # a longer line, or one ending in a full stop, is body text (only its dateline counts)
_LINE = re.compile(r"[^\n]+")
# a run of capitalised words (any alphabet), "The" or "the" allowed inside: "The Morrow Valley Ledger"
_RUN = re.compile(r"(?:[^\W\d_a-z][\w'’\-]*)(?:[ \u00a0]+(?:[^\W\d_a-z][\w'’\-]*))+")
_DATELINE_OUTLET = re.compile(r"\((?P<name>[^\W\d_a-z][^()\n,]{2,40})\)[ \u00a0]*[-–—]")
_BYLINE = re.compile(r"[ \u00a0]*By[ \u00a0]", re.I)
#: a bracket on a header line names a source ("Key figures (Relief Office, 3 May)"), not the outlet
_BRACKET = re.compile(r"\([^()\n]*\)")
# a speaker that may be the outlet: "The Ledger", "the Morrow Ledger's own tally": capitalised words,
# then nothing or a possessive with "own" ("Radio Brenmark's correspondent", "Brenmark's military" are
# parties of their own)
_SPEAKER = re.compile(
    r"(?P<the>[Tt]he[ \u00a0]+)?(?P<name>[^\W\d_a-z][\w\-]*(?:[ \u00a0]+[^\W\d_a-z][\w\-]*)*?)"
    r"(?:['’]s[ \u00a0]+own\b.*)?",
    re.S,
)


@lru_cache(maxsize=64)
def _outlet_names(head: str) -> tuple[tuple[str, ...], ...]:
    """The outlet names a header holds, each as its lower-cased words ("the" dropped)."""
    names: list[tuple[str, ...]] = []
    lines = [m.group(0).strip() for m in _LINE.finditer(head)]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        for d in _DATELINE_OUTLET.finditer(line):
            names.append(_words(d.group("name")))
        if i == 0 or _BYLINE.match(line):
            continue  # the headline says what happened; a byline names a writer
        if len(line) > _SHORT_LINE or line.endswith("."):
            break  # the body has started
        for part in re.split(r"[|,–—]| - ", _BRACKET.sub(" ", line)):
            run = _RUN.fullmatch(part.strip())
            if run is not None:  # a name standing alone ("The Morrow Ledger"), not words of a title line
                names.append(_words(run.group(0)))
    return tuple(n for n in names if n)


def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in name.split() if w.lower() != "the")


def names_own_outlet(source: str, text: str, has_issuer: bool) -> bool:
    """Whether ``source`` names the outlet that publishes ``text``: its capitalised words, before any
    possessive, end the outlet's name and all stand in it ("The Ledger" for "The Morrow Valley Ledger")."""
    if has_issuer or not source[:1].isupper():
        return False
    head = source.split("'s ", 1)[0].split("’s ", 1)[0].split()
    last = head[-1] if head else ""
    forms = {last, last.upper(), last.title()}
    if not last[:1].isupper() or all(text.find(w, 0, _HEAD_CHARS) < 0 for w in forms):
        return False  # the header never names it: most speakers stop here, before any pattern runs
    m = _SPEAKER.fullmatch(source)
    if m is None:
        return False
    words = _words(m.group("name"))
    if not words:
        return False
    for name in _outlet_names(text[:_HEAD_CHARS]):
        # a shortened name takes the article ("the Ledger" for "The Morrow Ledger"): "Brenmark said" in
        # a Radio Brenmark article is the country, not the outlet
        whole = words == name
        if name[-1] == words[-1] and all(w in name for w in words) and (whole or m.group("the")):
            return True
    return False

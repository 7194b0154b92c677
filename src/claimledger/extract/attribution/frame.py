"""The types attribution works with: a ``Frame`` found in the text, the ``State`` of a document walk."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ...model import Party, Span


@dataclass(frozen=True, slots=True)
class Frame:
    """One attribution in the text and the stretch of text it can govern."""

    # according | verb | passive | agent | possessive | head | speaker | doc_speaker | issuer | own | mention
    kind: str
    source: str | None
    source_span: Span | None
    cue: str | None
    cue_span: Span | None
    at: int  # where distance to a figure is measured from
    local: bool = False  # governs only figures next to it (noun-phrase frames)
    carries: bool = True
    chain: tuple[Party, ...] = ()  # who the source cites, outermost first ("X, citing Y": Y)
    outer: tuple[Party, ...] = ()  # who carried the source's words ("X told Meridian Wire", "carried by")
    # the stretch it can govern when narrower than its sentence: a relative clause's own speaker ("the 500
    # a day that aid agencies say are needed") speaks only for that clause and the noun it describes
    reach: Span | None = None


@dataclass
class State:
    """What attribution remembers while walking a document."""

    speaker: Frame | None = None
    doc_speaker: Frame | None = None
    carry: Frame | None = None
    last_person: Frame | None = None
    last_source: Frame | None = None
    # the named sources so far, most recent last (a few dozen): what "the group" or "the centre" can mean
    named: list[Frame] = field(default_factory=list)
    # transcript speakers by surname, then by full name (latest frame, most recent last): a label
    # looks back at its surname only, so a transcript of many speakers stays linear
    speakers: dict[str, dict[str, Frame]] = field(default_factory=dict)
    # the previous sentence of the paragraph (None at a paragraph's start): a pronoun's likeliest
    # antecedent is the subject it opens with (see ``opening``)
    previous: Span | None = None
    # where the current live blog entry starts (0 elsewhere): no antecedent is looked for before it
    floor: int = 0


def cue_of(text: str, start: int, end: int, chars: str | None = None) -> tuple[str, Span]:
    """A cue's words and their span, trimmed together so that ``text[span] == cue`` always."""
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(chars))
    words = raw.strip(chars)
    return words, (start + lead, start + lead + len(words))


def local_frame(kind: str, text: str, span: Span, cue_start: int, cue_end: int, at: int) -> Frame:
    """A noun-phrase frame ("estimated by X", "X's tally", "figures from X"): it governs only
    figures next to it and carries nothing to later sentences."""
    cue, cue_span = cue_of(text, cue_start, cue_end)
    return Frame(kind, text[span[0] : span[1]], span, cue, cue_span, at, local=True, carries=False)


def match_frame(kind: str, text: str, span: Span, m: re.Match[str], chain: tuple[Party, ...]) -> Frame:
    """A frame whose cue is the whole match ``m`` ("according to") and whose party is at ``span``."""
    cue, cue_span = cue_of(text, m.start(), m.end())
    return Frame(kind, text[span[0] : span[1]], span, cue, cue_span, m.start(), chain=chain)


def with_chain(f: Frame, citing: list[Party] | tuple[Party, ...]) -> Frame:
    """``f`` with more links at the end of its chain ("X, citing Y")."""
    return replace(f, chain=f.chain + tuple(citing))


def with_outer(f: Frame, carriers: list[Party] | tuple[Party, ...]) -> Frame:
    """``f`` carried by more outlets ("X told Meridian Wire", "in a statement carried by Kesto")."""
    return replace(f, outer=f.outer + tuple(carriers))


def speaking_as(f: Frame, source: str | None, span: Span | None, carries: bool | None = None) -> Frame:
    """``f`` with another party (a pronoun's antecedent, the document's own voice)."""
    return Frame(
        f.kind,
        source,
        span,
        f.cue,
        f.cue_span,
        f.at,
        f.local,
        f.carries if carries is None else carries,
        f.chain,
        f.outer,
        f.reach,
    )

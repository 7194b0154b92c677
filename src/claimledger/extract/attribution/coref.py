"""Coreference: a pronoun, "we" or "its researchers" stands for a party named earlier.

``remember`` keeps the last named source and the last person while the document is
walked; ``resolve`` replaces a pronoun source with the party it stands for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...model import Span
from ..vocab import fold, load
from .frame import Frame, State, speaking_as
from .opening import opening
from .outlet import names_own_outlet
from .patterns import res

# capitalised words of any alphabet ("Honoré", "Alcántara", "Fleurimond-Lys"), two or more
_NAME_WORD = r"[^\W\d_a-z][^\W\d_A-Z]+(?:-[^\W\d_a-z][^\W\d_A-Z]+)?"
_PERSON_NAME = re.compile(rf"(?<![\w-])({_NAME_WORD}(?:[ \u00a0]{_NAME_WORD})+)(?![\w-])")


def resolve(f: Frame, state: State, text: str) -> Frame:
    """Replace a pronoun or first-person source with the party it stands for; remember named parties."""
    r = res()
    src = f.source
    if f.kind == "own":
        return _own_voice(f, state)
    if src and not f.chain and names_own_outlet(src, text, state.doc_speaker is not None):
        # "The Ledger counted 45 families" in the Ledger's own article: the article's own voice ("Morrow
        # Wire reported, citing the ministry" stays as written: the outlet passes on a party's words)
        return speaking_as(f, None, None, carries=False)
    if src and (r["pronoun"].match(src) or r["first_person"].match(src) or r["age_description"].match(src)):
        low = src.lower()
        target: Frame | None
        if r["first_person"].match(low):
            owner = (
                state.speaker or _quote_continued(text, state, f) or _first_person_owner(state.doc_speaker)
            )
            if not owner:
                # the head noun phrase, before a preposition: "Our teams in Lagune province" names no one
                words = _HEAD_CUT.split(src, maxsplit=1)[0].split()
                if len(words) > 1 and any(w[:1].isupper() for w in words[1:]):
                    return (
                        f  # "Our General Staff", "our correspondent Bram Tellier": keep the words as written
                    )
                # "we", "our estimates" with nobody speaking: the document's own voice
                return speaking_as(f, None, None, carries=False)
            target = owner
        elif low in ("he", "she") or r["age_description"].match(src):
            # the nearest compatible speaker: the last person, or a later source introduced as one
            person = state.last_person
            last = state.last_source
            newer = last is not None and (person is None or last.at > person.at)
            if newer and last is not None and _introduced_as_person(text, last):
                person = last
            titled = _nearest_name(text, f.at, titled=True, floor=state.floor)
            if person and titled is not None and _surname_of(person, titled):
                target = titled  # "Drost said" after "President Ilan Drost": the full name, as introduced
            elif person and (titled is None or person.at >= titled.at):
                target = person
            else:
                nearest = _nearest_name(text, f.at, titled=False, floor=state.floor)
                target = titled or nearest or state.last_source
            target = _opening_subject(text, state, target, person=True) or target
        else:
            target = (
                _own_opening(text, state, f)
                or _opening_subject(text, state, state.last_source, person=False)
                or state.last_source
            )
        if target and target.source:
            return speaking_as(f, target.source, target.source_span)
        return speaking_as(f, None, None)
    if src and r["first_person"].match(src.split()[0]) and (state.speaker or state.doc_speaker):
        owner = state.speaker or _first_person_owner(state.doc_speaker)
        if owner and owner.source:
            return speaking_as(f, owner.source, owner.source_span)
    if f.kind == "tag" and src and f.source_span is not None and src.islower():
        named = _tag_named(text, src, f.source_span[1])
        if named is not None:
            return speaking_as(f, text[named[0] : named[1]], named, carries=False)
    if src and f.source_span is not None:
        m = _DEFINITE.fullmatch(src)
        if m and r["role"].fullmatch(m.group(1)) and not r["left_to_parties"].fullmatch(m.group(1)):
            named = _antecedent(text, state, m.group(1), f.source_span[0])
            if named is not None:
                return speaking_as(f, text[named[0] : named[1]], named)
    if src and f.source_span is not None:
        m = _DEFINITE.fullmatch(src)
        if m and r["person_hint"].fullmatch(m.group(1)) and not r["role"].fullmatch(m.group(1)):
            titled = _titled_person(state, m.group(1), f.source_span[0])
            if titled is not None and titled.source:
                return speaking_as(f, titled.source, titled.source_span)
    if src and f.source_span is not None and (doc := r["issued_document"].fullmatch(src)) is not None:
        issuer = _issuer(text, state, doc.group("doc"), f.source_span[0])
        if issuer is not None and issuer.source:
            return speaking_as(f, issuer.source, issuer.source_span)
    if src and r["generic_owned"].match(src) and state.last_source and state.last_source.source:
        t = state.last_source
        return speaking_as(f, t.source, t.source_span)
    return f


def _quote_continued(text: str, state: State, f: Frame) -> Frame | None:
    """The speaker of a quotation that runs on into a sentence of its own: '"Most of the dead were in
    their homes," Minister Ilo Marr told reporters. "We counted 13 women."' The new sentence opens with a
    quotation mark and "we" stands inside it; the sentence before closed a quotation and named its
    speaker, the last source, after it. None otherwise."""
    prev, last = state.previous, state.last_source
    if prev is None or last is None or not last.source or f.source_span is None:
        return None
    if not prev[0] <= last.at < prev[1] or not _QUOTE_CLOSED.search(text, prev[0], last.at):
        return None
    opened = _QUOTE_OPENS.match(text, prev[1], f.source_span[0])
    if opened is None or _QUOTE_CLOSE.search(text, opened.end(), f.source_span[0]):
        return None
    return last


#: a quotation closed by its mark and a comma or the mark ('…homes,"', '…homes,”')
_QUOTE_CLOSED = re.compile(r"[,.!?][”\"]")
#: the next sentence opening with a quotation mark, after the space between the sentences
_QUOTE_OPENS = re.compile(r"[ \u00a0]*[“\"]")
_QUOTE_CLOSE = re.compile(r"[”\"]")


def _own_voice(f: Frame, state: State) -> Frame:
    """Who speaks a sentence told in the writer's "we" with no cue ("Our teams screened 4,310"): the
    speaker of the transcript turn, else nobody (the document's own voice) in a document whose header
    names its issuer, else what speaks an unattributed sentence there (a carried attribution, a
    briefing header's speaker), as if the sentence had no frame."""
    if state.speaker is not None and state.speaker.source:
        return state.speaker
    doc = state.doc_speaker
    if doc is not None and doc.kind == "issuer":
        return speaking_as(f, None, None, carries=False)
    return state.carry or doc or speaking_as(f, None, None, carries=False)


def _first_person_owner(doc: Frame | None) -> Frame | None:
    """The document's speaker a first-person word stands for: the speaker of a briefing's header
    ("Briefing by X"), but not a body named by the header that issued the document ("PRESS RELEASE –
    X"): there "Our teams screened 4,310" is the document's own voice (annotators read it so), and an
    "I" is a person quoted, not X. The body still speaks the figures nothing else attributes."""
    return None if doc is not None and doc.kind == "issuer" else doc


#: where a noun phrase's head ends: its first preposition
_HEAD_CUT = re.compile(r"[ \u00a0]+(?:in|at|on|from|of|across|for|with)[ \u00a0]+", re.I)


#: a relative word right before a pronoun: ", which they say", "who it says"
_RELATIVE_RIGHT_BEFORE = re.compile(r",[ \u00a0]+(?:which|who|whom)[ \u00a0]+$", re.I)


def _own_opening(text: str, state: State, f: Frame) -> Frame | None:
    """The subject the pronoun's own sentence opens with, when the pronoun is the subject of a cue inside a
    relative clause of that sentence ("Officials suspect the Vell movement, which they say has carried out
    14 bombings": they are the officials, not the last party quoted before) and it is a body, not a person
    ("it", "they")."""
    if f.source_span is None:
        return None
    if _RELATIVE_RIGHT_BEFORE.search(text, max(0, f.source_span[0] - 12), f.source_span[0]) is None:
        return None
    start = state.previous[1] if state.previous is not None else text.rfind("\n", 0, f.at) + 1
    cand = opening(text, (start, f.source_span[0]))
    if cand is None or cand.source is None or cand.source_span is None:
        return None
    if res()["person_hint"].fullmatch(cand.source.split()[-1]) is not None:
        return None
    if _DEFINITE.fullmatch(cand.source) is not None:
        return None  # "The ministry blamed X, which it said …": a body named before, resolved as before
    return cand


def _opening_subject(text: str, state: State, older: Frame | None, person: bool) -> Frame | None:
    """The subject the paragraph's previous sentence opens with ("The interior ministry gave a far lower
    toll. … it said"), when it fits the pronoun (a person for "he"/"she", a body for "it"/"they") and
    stands after ``older``, the antecedent found otherwise: the nearest compatible party. None keeps
    ``older``."""
    if state.previous is None:
        return None
    cand = opening(text, state.previous)
    if cand is None or cand.source is None:
        return None
    prev = state.previous
    named_after_according = older is not None and older.kind == "according" and prev[0] <= older.at < prev[1]
    if older is not None and older.at >= cand.at and not named_after_according:
        # (a party named only after "according to" in that sentence is no subject: "The junta … has
        # lost 120 towns, according to the monitor. It claims 350,000 troops": the junta)
        return None
    head = cand.source.split()[-1]
    is_person = res()["person_hint"].fullmatch(head) is not None
    return cand if is_person == person else None


#: how far after a cue "in a statement" may stand: "said on Wednesday in a statement read on radio"
_ISSUED_CHARS = 60


def _issuer(text: str, state: State, doc: str, at: int) -> Frame | None:
    """The party that last said something in the document ``doc`` names ("the mission said in a
    statement" for "the statement said"; "Rawal said in the reply" for "the reply said"): the
    latest remembered source before ``at`` whose cue is followed, within its sentence, by "in a/the/its
    … <doc>". None when no speaker issued one: the document's words stay the source."""
    issued = re.compile(
        rf"\b(?:in|via|through)[ \u00a0]+(?:a|an|the|its|his|her|their)[ \u00a0]+(?:[\w-]+[ \u00a0]+){{0,3}}?"
        rf"{re.escape(doc)}s?\b",
        re.I,
    )
    for g in reversed(state.named):
        if g.source_span is None or g.cue_span is None or g.source_span[1] > at:
            continue
        if res()["issued_document"].fullmatch(g.source or ""):
            continue
        end = g.cue_span[1]
        stop = text.find(".", end, end + _ISSUED_CHARS)
        window = text[end : stop if stop >= 0 else end + _ISSUED_CHARS]
        if issued.search(window):
            return g
    return None


def _titled_person(state: State, title: str, at: int) -> Frame | None:
    """The latest person who spoke before ``at`` with ``title`` in their name ("Major General Zaw Min
    Thet" for "the general said"): a person called again by the title they were introduced with."""
    word = re.compile(rf"(?<![\w-]){re.escape(title)}(?![\w-])", re.I)
    for g in reversed(state.named):
        if g.source and g.source_span and g.source_span[1] <= at and word.search(g.source):
            return g
    return None


#: "the group", "The centre": a body named earlier, called by its kind
_DEFINITE = re.compile(r"(?:the|this)[ \u00a0]+([a-z][a-z-]+)", re.I)
#: a name of capitalised words, with the small words names have inside ("Centre for Justice and Peace")
_ORG_NAME = r"[A-Z][\w’'&-]+(?:[ \u00a0]+(?:(?:of|for|and|on|in|the)[ \u00a0]+)?[A-Z][\w’'&-]+)*"
_ORG = re.compile(_ORG_NAME)
#: how far back a definite noun looks for its name in the text
_ANTECEDENT_CHARS = 3000
#: how far below a headline its tag's body is looked for: the byline and the first paragraphs
_TAG_NAMED_CHARS = 1200
_NAMED_KEPT = 40


def _antecedent(text: str, state: State, kind: str, at: int) -> Span | None:
    """Where the body "the <kind>" stands for is named: the latest source whose words hold the
    kind ("A security source who asked …" for "the source"; a headline's tag is shorthand, no such
    source), else the latest capitalised name before ``at`` that holds it ("the Centre for Justice
    and Peace" for "the centre") or is introduced as one ("the International Crisis Desk, a conflict
    research group" for "the group"). None when nothing before names it: the words stay as written."""
    word = re.compile(rf"(?<![\w-]){re.escape(kind)}(?![\w-])", re.I)
    itself = re.compile(rf"(?<!\w)(?:the|this)[ \u00a0]+{re.escape(kind)}(?![\w-])", re.I)
    for g in reversed(state.named):
        if g.kind == "tag":
            continue  # a headline's tag ("… 21 crew held - maritime centre") is shorthand: the body names it
        src, span = g.source, g.source_span
        # "Satellite images analysed by the group" names no group: it speaks of one itself
        named = src and span and span[1] <= at and word.search(src) and not itself.search(src)
        if named and src and span and (_names_a_body(src) or _headed_by(src, kind)):
            return span
    lo = max(state.floor, at - _ANTECEDENT_CHARS)
    appositive = re.compile(
        rf"({_ORG_NAME}),[ \u00a0]+(?:a|an)[ \u00a0]+"
        rf"(?:(?!(?:the|a|an|its|their|his|her)[ \u00a0])[\w-]+[ \u00a0]+){{0,3}}?{re.escape(kind)}(?![\w-])"
    )
    best: Span | None = None
    for m in appositive.finditer(text, lo, at):
        if not _is_time_word(m.group(1)):  # "early on Friday, a senior army officer …": no name
            best = m.span(1)
    for m in _ORG.finditer(text, lo, at):
        name = m.group(0)
        if len(name.split()) > 1 and word.search(name) and (best is None or m.start() > best[0]):
            best = _without_article(text, m.span())
    if best is None and res()["acronym_kinds"].fullmatch(kind):
        best = _latest_acronym(text, lo, at)
    return best


def _tag_named(text: str, tag: str, after: int) -> Span | None:
    """The body a headline's tag calls by its kind ("… 146 people this year - monitor"), as the article
    names it below: the first capitalised name of two or more words within the next lines that holds
    the tag's last word ("the Stillwater Mine Action Monitor"). None when the kind is one the ledger
    resolves (`kinds_left_to_parties`: "ministry", "army") or no name below holds it."""
    kind = tag.split()[-1]
    if not res()["role"].fullmatch(kind) or res()["left_to_parties"].fullmatch(kind):
        return None
    word = re.compile(rf"(?<![\w-]){re.escape(kind)}(?![\w-])", re.I)
    for m in _ORG.finditer(text, after, min(len(text), after + _TAG_NAMED_CHARS)):
        if len(m.group(0).split()) > 1 and word.search(m.group(0)):
            return _without_article(text, m.span())
    return None


#: a body's name and its acronym in brackets: "the Concordat Relief Office (CRO)"
_ACRONYM_DEFINED = re.compile(rf"{_ORG_NAME}[ \u00a0]+\((?P<acronym>[A-Z][A-Z&]{{1,7}})\)")


def _latest_acronym(text: str, lo: int, at: int) -> Span | None:
    """The latest mention before ``at`` of an acronym the text defined for a body ("the Concordat Relief
    Office (CRO)" … "requested by the CRO …, the agency says"): an acronym hides its kind, so "the
    agency" or "the group" that no written name holds stands for it. None when no acronym is defined."""
    defined = {m.group("acronym") for m in _ACRONYM_DEFINED.finditer(text, 0, at)}
    if not defined:
        return None
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(defined))) + r")(?![\w-])")
    best: Span | None = None
    for m in pattern.finditer(text, lo, at):
        best = m.span()
    return best


def _headed_by(source: str, kind: str) -> bool:
    """Whether a source's last word is the kind ("a senior army officer" for "the officer"): the same
    person or body called again by the head of its description."""
    words = source.split()
    return len(words) >= 2 and fold(words[-1]) == fold(kind)


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    d = load("noclaim")
    return frozenset(fold(w) for w in [*d["months"], *d["weekdays"]])


def _is_time_word(name: str) -> bool:
    """A weekday or a month ("Friday", "March") names no body an appositive can describe."""
    return fold(name) in _time_words()


def _names_a_body(source: str) -> bool:
    """Whether a source says more than its kind and is no person: "A security source", "the World
    Relief Coordination Office" (not "army", not "Army spokesman Colonel Aldo Rainsford")."""
    return len(source.split()) >= 2 and not _is_person(source)


def _without_article(text: str, span: Span) -> Span:
    """A name's span without a capitalised article that opens it ("The Centre …" -> "Centre …")."""
    a, b = span
    for art in ("The ", "The\u00a0"):
        if text.startswith(art, a) and a + len(art) < b:
            return (a + len(art), b)
    return span


def _nearest_name(text: str, at: int, titled: bool, floor: int = 0) -> Frame | None:
    """The last personal name ("Ilona Rask") written before ``at`` and not before ``floor`` (a live
    blog's entry): a pronoun's likeliest antecedent."""
    lo = max(floor, at - 800)
    r = res()
    best: Span | None = None
    for m in _PERSON_NAME.finditer(text, lo, at):
        if r["place_before"].search(text, max(0, m.start() - 6), m.start()):
            continue
        if m.start() > 0 and text[m.start() - 1] not in ' \n\t\u00a0("“':
            continue
        first = m.group(1).split(None, 1)[0]
        if r["prep_start"].fullmatch(first):
            if first.lower() == "by" and (m.start() == 0 or text[m.start() - 1] == "\n"):
                continue  # "By Ilona Rask" opening a line: the writer's byline, never who "he" is
            continue  # "By Saturday evening", "In Upper Kell": a preposition and what follows, no name
        start, hinted = _past_titles(text, m.start(1), m.end(1))
        name = text[start : m.end(1)]
        if len(name.split()) < 2 or name.split()[0] in ("The", "A", "An") or r["role"].search(name):
            continue  # an organisation or a titled body, not a person
        # introduced as a person ("the mayor, Ilario Vasquel", "Police Commander Dragan Vukas")
        if titled and not hinted and not r["person_hint"].search(text, _line_start(text, start, 30), start):
            continue
        if r["addressee"].search(text, max(0, m.start() - 12), m.start()):
            continue  # "told Tidewater Press": who was told, not who speaks
        best = (start, m.end(1))
    if best is None:
        return None
    return Frame("verb", text[best[0] : best[1]], best, None, None, best[0])


def _past_titles(text: str, start: int, end: int) -> tuple[int, bool]:
    """Where a capitalised run's name begins past the role and title words that open it ("Police
    Commander Dragan Vukas", "President Daniel Arboleda" give "Dragan Vukas", "Daniel Arboleda"), and
    whether a title word was among them (the name is introduced as a person's)."""
    r = res()
    hinted = False
    for w in re.finditer(r"\S+", text[start:end]):
        word = w.group()
        if not (r["role"].fullmatch(word) or r["person_hint"].fullmatch(word)):
            return start + w.start(), hinted
        hinted = hinted or r["person_hint"].fullmatch(word) is not None
    return end, hinted


def _line_start(text: str, at: int, most: int) -> int:
    """Where to look back from ``at`` for a word introducing a name: ``most`` characters, not past a line."""
    lo = max(0, at - most)
    nl = text.rfind("\n", lo, at)
    return lo if nl < 0 else nl + 1


def _introduced_as_person(text: str, f: Frame) -> bool:
    """A source that is a person, or a name introduced as one ("A resident …, Wilner, told")."""
    if f.source is None or f.source_span is None:
        return False
    if _is_person(f.source):
        return True
    r = res()
    if r["role"].search(f.source):
        return False
    if r["person_hint"].search(text, _line_start(text, f.source_span[0], 50), f.source_span[0]):
        return True
    return _surname_of_person(text, f.source, f.source_span[0])


def _surname_of(short: Frame, full: Frame) -> bool:
    """Whether ``short`` names by surname alone the person ``full`` names in full."""
    a, b = (short.source or "").split(), (full.source or "").split()
    return len(a) == 1 and len(b) >= 2 and a[0] == b[-1]


#: how far back a surname looks for the full name it ends
_SURNAME_CHARS = 6000


def _surname_of_person(text: str, source: str, at: int) -> bool:
    """A single capitalised word that ends a person's name written earlier ("Varrol said" after
    "Lieutenant-Colonel Didier Varrol"): a person called again by their surname."""
    if len(source.split()) != 1 or not source[:1].isupper():
        return False
    for m in _PERSON_NAME.finditer(text, max(0, at - _SURNAME_CHARS), at):
        if m.group(1).split()[-1] != source:
            continue
        start, hinted = _past_titles(text, m.start(1), m.end(1))
        name = text[start : m.end(1)]
        # "Police Vikram Sahni" is "Vikram Sahni" past the role word that opens the run
        if len(name.split()) >= 2 and (hinted or _is_person(name)):
            return True
    return False


@lru_cache(maxsize=4096)
def _is_person(source: str) -> bool:
    """A person's name or title ("Col. Veshko", "Ilona Rask"), as opposed to an organisation."""
    r = res()
    if r["person_hint"].search(source):
        return True
    return len([w for w in source.split() if w[:1].isupper()]) >= 2 and not r["role"].search(source)


def remember(f: Frame, state: State) -> None:
    """Note a sourced frame as the last source (and, for a person, the last person) a pronoun can mean."""
    if not f.source:
        return
    state.last_source = f
    state.named.append(f)
    if len(state.named) > _NAMED_KEPT:
        del state.named[: len(state.named) - _NAMED_KEPT]
    if _is_person(f.source):
        state.last_person = f

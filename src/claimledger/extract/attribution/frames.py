"""Frame rules: the table of constructions that attribute a figure, and the one loop that runs it.

A *frame* is a place where a sentence attributes: "according to X", "X said",
", said X", "X's estimate of", "estimated by X", "figures compiled by X",
"Figures from X show", "citing Y" (which extends a chain) … Each construction is
one row of ``RULES`` (like a spaCy span-ruler pattern): its frame kind, the gate
(the words the lexicon scan must have seen in the sentence, else the row is
skipped without running its pattern), its pattern (a compiled pattern of
``patterns.res()`` built from the words in ``cues.json``, or the sentence's lexicon
hits of one kind), and a builder that turns each match into frames.
``sentence_frames`` runs the rows in order. A new construction is a new row and its
words in ``cues.json``; nothing else changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ...model import Party, Span
from ..lexicon import Hit
from ..vocab import longest_first
from .documents import document_subject
from .frame import Frame, cue_of, local_frame, match_frame, with_chain, with_outer
from .nounphrase import (
    CLAUSE_INSIDE,
    clause_subject,
    clean_np,
    name_like,
    names_incident,
    np_after,
    split_from,
    strip_head,
    subject_before,
    valid_np,
)
from .patterns import cues, res, words

_LAST_TOKEN = re.compile(r"(\S+)\s*$")
_BY_AFTER = re.compile(r"[ \u00a0]+by[ \u00a0]")
_ASIDE_BEFORE = re.compile(r",[ \u00a0]*$")
#: "put the number of ships at no more than 9": the value a verb of putting gives
_VALUE_AT = re.compile(
    r"[^.;]{0,80}?\bat[ \u00a0]+"
    r"(?:about|around|some|least|nearly|roughly|more|over|up|fewer|less|no|between|\d)",
    re.I,
)
#: what may follow the party of an inverted cue to the sentence's end: an appositive or a relative clause
#: with no figure in it (", a surgeon who runs the clinic", " who gave only his first name, Berihu")
_DESCRIBED = re.compile(r"(?:,[ \u00a0]+|[ \u00a0]+(?=who[ \u00a0]))[^\d.;:!?“”\"]*[.!?]?[ \u00a0\n]*$")
#: "a teacher", "the camp's doctor": an indefinite or definite person, one to three words
_PERSON_DESCRIPTION = re.compile(r"(?:a|an|the)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){0,2}[a-z][\w-]+", re.I)
#: a name closing the sentence after a description of who speaks: ", Aminata Kouyate." (its age may follow:
#: ", Aminata Kouyate, 58.")
_NAME_AFTER = re.compile(
    r",[ \u00a0]+(?P<name>[A-Z][\w’'-]*(?:[ \u00a0]+[A-Z][\w’'-]*){1,3})"
    r"(?:,[ \u00a0]+\d{1,3})?[ \u00a0]*[.!?]?[ \u00a0\n]*"
)
#: a name set off by commas after a description of who speaks, before a clause that goes on: ", Dr Ama
#: Rell, who added …", ", Ama Rell, because …" (the comma after the name, or after its age ", 58,", opens a
#: lower-case clause)
_NAME_THEN = re.compile(
    r",[ \u00a0]+(?P<name>(?:[A-Z][\w’'-]*\.?[ \u00a0]+)?[A-Z][\w’'-]*(?:[ \u00a0]+[A-Z][\w’'-]*){1,3})"
    r"(?=(?:[ \u00a0]*,[ \u00a0]+\d{1,3})?[ \u00a0]*,[ \u00a0]+[a-z])"
)
_CLOSE_BEFORE = re.compile(r"[,”\"’]\s*$")  # ", said X" / "” said X"
_QUOTE_BEFORE = re.compile(r"[”\"]\s*$")  # "…,” said X": the words before the cue are the quotation

#: rule patterns that are not compiled patterns but the sentence's lexicon hits of that kind
HIT_KINDS = ("cue", "stance")


@dataclass(slots=True)
class Sentence:
    """One sentence while its rows run: its text and hits, and what earlier rows found for later ones."""

    text: str
    s0: int
    s1: int
    gates: set[str]
    cues: list[Hit]  # cue verbs
    cues_and_stances: list[Hit]  # cue verbs and stance verbs, in order
    stances: list[Hit]
    # "citing Y": links for the chain of the sentence's frames; "carried by Y": outlets that carried them
    citing: list[Party] = field(default_factory=list)
    carried: list[Party] = field(default_factory=list)
    quoted_as: list[Span] = field(default_factory=list)  # "quoted X as saying": its "saying" is no verb frame
    documents: list[Frame] = field(default_factory=list)  # "Figures from X show": the verb frame X makes
    verbs: list[Frame] = field(default_factory=list)  # every verb frame, kept or not (a participle's owner)
    passives: list[Span] = field(default_factory=list)  # "believed to", "is thought to": no verb frame inside


Builder = Callable[[Sentence, Any], Iterable[Frame]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One attribution construction."""

    name: str  # the row's name, and its gate's name in the lexicon
    kind: str  # the kind of frame it makes ("according", "verb", "agent" …; "chain" for citing)
    pattern: str  # a pattern of patterns.res(), or one of HIT_KINDS
    build: Builder
    # the phrases (lower case, found as substrings) without one of which the pattern cannot match;
    # None: the row always runs
    gate: Callable[[dict[str, Any]], Iterable[str]] | None = None
    carrying: bool = (
        False  # also runs in a sentence without a figure (its frames can carry or be pointed back to)
    )


# ---- builders: one per row, each yields the frames one match makes ----


def _citing(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'citing Y', "quoting Y": Y joins the chain of the sentence's frames (see ``_finish``)."""
    span = np_after(s.text, m.end(), s.s1)
    if span:
        span = strip_head(s.text, span)
        s.citing.append(Party(s.text[span[0] : span[1]], span, *cue_of(s.text, m.start(), m.end())))
    return iter(())


def _according(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'according to X', "in the words of X" (any plain noun phrase will do after them)."""
    span = np_after(s.text, m.end(), s.s1)
    if not span:
        return
    owned = _owned_document().match(s.text, span[0], span[1])
    if owned is not None:
        span = owned.span("owner")  # "according to a Kestrel News tally of official statements": Kestrel News
    span = _owner_of_thing(s.text, span)  # "according to the Kestrel Council's information": the Council
    span, extra = split_from(s.text, strip_head(s.text, span))
    if valid_np(s.text[span[0] : span[1]], lenient=True):
        yield match_frame("according", s.text, span, m, tuple(extra))


#: a named owner's possessive, then up to three lower-case words ending in the thing owned: "the Kestrel
#: Council's information", "Ila Mott's own research"
_POSSESSED = re.compile(
    r"(?P<owner>(?:[Tt]he[ \u00a0]+)?[A-Z][\w’'&-]*(?:[ \u00a0]+(?:[A-Z][\w’'&-]*|of|the|and)){0,5})['’]s?"
    r"(?:[ \u00a0]+[a-z][\w-]*){1,4}"
)


def _owner_of_thing(text: str, span: Span) -> Span:
    """The party of "according to <a name>'s <thing>": whatever the thing is called ("information",
    "account", "research", "figures"), the name that owns it is who the figure is according to; a
    person owned ("the Ministry's spokesman") speaks for it, and a bare kind ("the council's records")
    is left as written (see ``_possessive``)."""
    m = _POSSESSED.fullmatch(text, span[0], span[1])
    if m is None:
        return span
    owner = m.group("owner")
    owned = text[m.end("owner") : span[1]]
    r = res()
    if not name_like(owner.removeprefix("the ").removeprefix("The ")) or r["role"].search(owned):
        return span
    if r["person_hint"].search(owned):
        return span
    return m.span("owner")


@cache
def _owned_document() -> re.Pattern[str]:
    """A document noun with its owner's name before it: "a Kestrel News tally", "an Orvel Watch count"."""
    heads = "|".join(re.escape(h) for h in sorted(words("source_heads"), key=len, reverse=True))
    return re.compile(
        r"(?:a|an|the)[ \u00a0]+(?P<owner>[A-Z][\w’'&-]*(?:[ \u00a0]+[A-Z][\w’'&-]*){0,4})"
        rf"[ \u00a0]+(?:{heads})\b",
    )


def _quoted_as(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'quoted X as saying': X speaks; the "saying" makes no verb frame of its own."""
    span = clean_np(s.text, m.start(1), m.end(1))
    if span and valid_np(s.text[span[0] : span[1]]):
        s.quoted_as.append((m.start(), m.end()))
        cue, cue_span = cue_of(s.text, m.start(), m.start(1))  # "quoted"
        yield Frame("verb", s.text[span[0] : span[1]], span, cue, cue_span, m.start())


def _agent(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'estimated by X', "recorded by X": a noun-phrase frame next to its figure. The agent's noun phrase
    ends before a finite verb ("the figure of 31 given by the ministry was invented": the ministry)."""
    span = np_after(s.text, m.end(), s.s1)
    verb = res()["finite_verb"].search(s.text, span[0], span[1]) if span else None
    if span and verb is not None:
        span = clean_np(s.text, span[0], verb.start())
    if span and valid_np(s.text[span[0] : span[1]]):
        f = local_frame("agent", s.text, span, m.start(), m.end() - 1, m.start())
        other = _compared_thing().search(s.text, s.s0, m.start())
        if other is not None:
            # "affected nine villages, far below the figure given by the governor": the agent gave the
            # figure compared with, which is written without a value; the figure before is not theirs
            f = replace(f, reach=(other.start("thing"), s.s1))
        yield f


@cache
def _compared_thing() -> re.Pattern[str]:
    """A document noun right before an agent's verb, set against a figure by one of cues.json
    ``compared_figure_words`` ("far below the figure", "fewer than the estimate", "short of the toll")."""
    d = cues()
    comp = longest_first(d["compared_figure_words"])
    heads = longest_first(d["source_heads"])
    return re.compile(
        rf"(?<!\w)(?:{comp})[ \u00a0]+"
        rf"(?P<thing>the[ \u00a0]+(?:[\w-]+[ \u00a0]+){{0,2}}?(?:{heads}))[ \u00a0]+$",
        re.I,
    )


def _possessive(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'the Kestrel Council's tally', "the Kestrel Council's latest toll": a named owner of a document noun
    (a body by its kind, "the ministry's toll", is left to the ledger: see docs, round ten)."""
    span = clean_np(s.text, m.start(1), m.end(1))
    np = s.text[span[0] : span[1]] if span else ""
    between = s.text[m.end(1) : m.end()].split()[1:-1]  # the words after "'s", before the document noun
    if any(res()["role"].fullmatch(w) for w in between):
        return  # "Kemarath's interior ministry reports": the ministry speaks, its country owns nothing
    if between and _THAT_AFTER.match(s.text, m.end()):
        return  # "The regime's propaganda claims that 900": a verb with its subject (the verb rule)
    if (
        span
        and valid_np(np)
        and name_like(np.removeprefix("the ").removeprefix("The "))
    ):
        f = local_frame("possessive", s.text, span, span[1], m.end(), m.end())
        lead = _LAST_WORD.search(s.text, max(s.s0, span[0] - 12), span[0])
        if lead is not None and lead.group(1).lower() in words("subordinators"):
            # "by August, when the ministry's toll stood at 380, at least 520 had died": a subordinate
            # clause's owner speaks only inside it, up to the comma that closes it
            close = _CLAUSE_COMMA.search(s.text, m.end(), s.s1)
            f = replace(f, reach=(span[0], close.start() if close is not None else s.s1))
        yield f


#: the last word before a noun phrase: "when" in "when the ministry's toll"
_LAST_WORD = re.compile(r"\b(\w+)[ \u00a0]+$")
#: a clause opened right after a document noun: the noun is a verb ("… propaganda claims that")
_THAT_AFTER = re.compile(r"[ \u00a0]+that\b")


def _document(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'Figures from the health ministry show …': the document's party is the subject of the verb."""
    doc = document_subject(s.text, s.s0, s.s1, m, s.cues_and_stances)
    if doc is not None:
        s.documents.append(doc)
        yield doc


def _head(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'figures compiled by X', "a tally from X": a noun-phrase frame (unless a document subject took it)."""
    if any(d.cue_span == (m.start("head"), m.end("link")) for d in s.documents):
        return
    if m.group("link").lower() == "from" and m.group("head").lower().startswith(("report", "claim")):
        return  # "reports from the port of X" says where, not who
    if m.group("link").lower() == "of" and _OWNER_BEFORE.search(s.text, max(s.s0, m.start() - 40), m.start()):
        return  # "a Kestrel News tally of official statements": the owner is named before; "of" says what
    span = np_after(s.text, m.end(), s.s1)
    head = s.text[span[0] : span[1]].split()[-1] if span else ""
    if span and m.group("link").lower() == "in" and not res()["role"].fullmatch(head):
        return  # "the death toll in government-held western districts" says where, not who
    if span and m.group("link").lower() == "from" and names_incident(s.text[span[0] : span[1]]):
        return  # "the toll from Friday's attack on the hall" says what was counted, not who counted
    if span and valid_np(s.text[span[0] : span[1]]):
        if _APPOSED.search(s.text, max(s.s0, m.start() - 30), m.start()):
            # "…bring to 487 the number of people murdered, a figure compiled by the Observatory": an
            # appositive that names the figure of its clause governs that clause's figures, however far
            cue, cue_span = cue_of(s.text, m.start(), m.end())
            yield Frame("according", s.text[span[0] : span[1]], span, cue, cue_span, m.start(), carries=False)
            return
        yield local_frame("head", s.text, span, m.start(), m.end(), m.start())


def _unnamed(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'reports that …', "claims that …" with nobody named: a passive frame next to its figure."""
    prev = _LAST_TOKEN.search(s.text, max(s.s0, m.start() - 30), m.start())
    if prev and prev.group(1).lower() not in words("unnamed_report_lead_words"):
        return  # "the Society reports that …" is a verb with a subject
    yield Frame("passive", None, None, m.group(), (m.start(), m.end()), m.start(), local=True, carries=False)


def _passive(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'it is estimated', "is thought to": said by nobody named (a later named frame may still take it)."""
    s.passives.append((m.start(), m.end()))
    yield Frame("passive", None, None, m.group(), (m.start(), m.end()), m.start(), carries=False)


def _verb(s: Sentence, h: Hit) -> Iterator[Frame]:
    """A cue verb: its subject speaks ("X said"), or the party after it (", said X"); a participle
    (", putting the figure at") speaks for the clause's subject."""
    if any(a <= h.start < b for a, b in s.passives):
        return  # "Some 300 gunmen believed to be herders attacked": a passive participle, nobody said it
    if _in_list_label(s.text, h):
        return  # "- Deaths reported in the camps: 23": the label names what is counted, nobody said it
    f = _verb_frame(s, h)
    if f is None:
        return
    f = _within_relative(s, f)
    s.verbs.append(f)
    if f.cue_span is not None and (
        any(a <= f.at < b for a, b in s.quoted_as) or any(f.cue_span[0] == d.at for d in s.documents)
    ):
        return  # "quoted X as saying" and "Figures from X show" already made this verb's frame
    yield f


#: a list line's label: a bullet opening the line, then words and a colon before the value
_LIST_LABEL = re.compile(r"[ \t\u00a0]*[-*•‣◦–—][ \t\u00a0]+(?P<label>[^:\n]{1,80}):[ \t\u00a0]+\S")


def _in_list_label(text: str, h: Hit) -> bool:
    """A cue inside the label of a bulleted list line ("- Patients admitted to the wards: 1,032", "- Sites
    with confirmed cases: 9 of 13") is a participle naming what is counted, not a verb of speech: the
    line's value is the list's, whoever introduced the list (a role word before the cue, "- The ministry
    reported: 23", keeps its frame)."""
    line = text.rfind("\n", 0, h.start) + 1
    m = _LIST_LABEL.match(text, line)
    if m is None or not (m.start("label") <= h.start and h.end <= m.end("label")):
        return False
    return res()["role"].search(text, m.start("label"), h.start) is None


#: a document noun set beside its clause's figure: ", a figure compiled by", ", the latest tally by"
_APPOSED = re.compile(r",[ \u00a0]*(?:a|an|the)[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){0,2}$")
#: an owner written right before a document noun: "a Kestrel News tally", "the ministry's tally"
_OWNER_BEFORE = re.compile(r"(?:\b[A-Z][\w’'-]*|['’]s?)[ \u00a0]+$")
#: a relative word right before a cue's subject: "that aid agencies say", ", which analysts estimated"
_RELATIVE_BEFORE = re.compile(r"(?P<comma>,[ \u00a0]*)?\b(?P<rel>that|which|whom|where)[ \u00a0]+$", re.I)
#: a relative pronoun that is its cue's subject, in an aside after the name it describes: ", which "
_RELATIVE_SUBJECT = re.compile(r",[ \u00a0]*(?:which|who)[ \u00a0]+(?:also[ \u00a0]+|now[ \u00a0]+)?", re.I)
#: the noun a relative clause describes, right before it: "the 500 a day that …" (a figure and up to
#: three words, no punctuation between)
#: a comma that closes a clause (not a thousands separator: "5,800")
_CLAUSE_COMMA = re.compile(r",(?!\d)")
_ANTECEDENT = re.compile(r"\d[\d,.]*(?:[ \u00a0]+[a-z][\w-]*){0,3}[ \u00a0]+$")


def _within_relative(s: Sentence, f: Frame) -> Frame:
    """A cue whose subject opens a relative clause ("…, against the 500 a day that aid agencies say are
    needed", "the formations, which analysts had estimated at 10,000 men, have handed over 90 percent")
    speaks for that clause and the noun it describes, not for the figures of the sentence around it:
    its reach runs from that noun (or the relative word) to the clause's end (the comma that closes a
    clause opened by one, else the sentence's end)."""
    if f.source_span is None or f.cue_span is None or f.source_span[0] > f.cue_span[0]:
        return f
    text = s.text
    if _RELATIVE_SUBJECT.fullmatch(text, f.source_span[1], f.cue_span[0]):
        # "The Tessane Front, which says it holds 70 percent of the state, seized … 31 posts": the aside's
        # cue speaks for the aside, up to the comma that closes it; the main clause is the writer's
        close = _CLAUSE_COMMA.search(text, f.cue_span[1], s.s1)
        if close is not None:
            return replace(f, reach=(f.source_span[0], close.start()))
        return f
    m = _RELATIVE_BEFORE.search(text, max(s.s0, f.source_span[0] - 12), f.source_span[0])
    if m is None:
        return f
    start = m.start("rel")
    ante = _ANTECEDENT.search(text, max(s.s0, start - 40), start)
    if ante is not None:
        start = ante.start()
    end = s.s1
    if m.group("comma"):
        close = _CLAUSE_COMMA.search(text, f.cue_span[1], s.s1)
        end = close.start() if close is not None else s.s1
    return replace(f, reach=(start, end))


#: "the 412 Luthane had announced", "the 3,000 the ministry gave": a figure, then the name that gave it
_FIGURE_THEN_NAME = re.compile(
    r"\d[\d,.]*[ \u00a0]+(?P<name>(?:[A-Z][\w’'-]*[ \u00a0]+){0,3}[A-Z][\w’'-]*)"
    r"(?:[ \u00a0]+(?:had|has|have|first|originally|initially|earlier))*[ \u00a0]+$"
)
#: a body's owning phrase right before a cue noun: "(but not with) the harbour council's claim"
_OWNER_NP_BEFORE = re.compile(
    r"(?<![\w’'-])(?P<owner>(?:the|a|an)[ \u00a0]+"
    r"(?:(?!(?:of|on|in|at|for|from|with|by|to)[ \u00a0])[\w’'-]+[ \u00a0]+){0,3}[\w-]+)['’]s?[ \u00a0]+$",
    re.I,
)
#: a claim noun that its figure follows: "claim of more than 400", "estimate at 90"
_OF_AFTER = re.compile(r"[ \u00a0]+(?:of|at)[ \u00a0]")
_AND_BEFORE = re.compile(r"(?:,[ \u00a0]*|[ \u00a0]+)(?:and|but)[ \u00a0]+$")


def _first_subject(s: Sentence, start: int) -> Span | None:
    """The subject of the sentence's first verb, for a cue verb coordinated after it ("Army spokesman
    X rejected Tarvessa's claim …, and said"): the name before that verb, not its object's owner. When
    no cue or stance comes first, the first verb is the first finite one ("Minister X did not address the
    deaths, but said 7,300": X; "A spokesman, X Y, did not comment on the raid but said"): its subject."""
    for x in s.cues_and_stances:
        if x.start >= start:
            break
        subj = subject_before(s.text, s.s0, x.start)
        if subj is None:
            continue
        cut = clause_subject(s.text, subj)
        m = CLAUSE_INSIDE.search(s.text, subj[0], subj[1])
        return (subj[0], m.start("verb")) if m is not None and cut != subj else subj
    first = res()["finite_verb"].search(s.text, s.s0, start)
    if first is None or not s.text[first.start() : first.end()].islower():
        return None
    subj = subject_before(s.text, s.s0, first.start())
    return subj if subj is not None and valid_np(s.text[subj[0] : subj[1]]) else None


def _verb_frame(s: Sentence, h: Hit) -> Frame | None:
    r = res()
    text, s0, s1 = s.text, s.s0, s.s1
    start, end = h.start, h.end
    cue = text[start:end]
    word = cue.lower()
    before = text[max(s0, start - 12) : start].lower()
    if r["adjectival_before"].search(before):
        return None  # "an estimated 6,000", "is estimated", "the report"
    if word in words("noun_like_cues") and r["noun_before"].search(before):
        return None
    if word in words("participle_cues") and text[max(s0, start - 2) : start].strip() == ",":
        # "The ministry disputes that, putting the figure at 4,600": the clause's subject speaks
        owner = next((f for f in reversed(s.verbs) if f.source), None)
        if owner is None:
            prior = [x for x in s.cues_and_stances if x.start < start]
            # the clause's subject stands before its first verb ("The army rejected the claim, saying"): a
            # later cue noun ("claim", "report") is the verb's object
            subj0 = next((x for x in (subject_before(text, s0, p.start) for p in prior) if x), None)
            if subj0:
                owner = Frame("verb", text[subj0[0] : subj0[1]], subj0, None, None, subj0[0])
        if owner is not None and owner.source_span is not None:
            return Frame("verb", owner.source, owner.source_span, cue, (start, end), start)
        return None
    lead = text[max(s0, start - 3) : start]
    if word in words("passive_agent_verbs") and _BY_AFTER.match(text, end, s1) and _ASIDE_BEFORE.search(lead):
        return None  # "the attackers, estimated by police at 100": passive, the agent rule reads it
    subj = subject_before(text, s0, start)
    if subj and r["noun_cue"].match(cue):
        last = text[subj[0] : subj[1]].split()[-1]
        plural = last.islower() and last.endswith("s") and len(last) > 3
        # a cue that is never a noun ("put") is a verb unless a document noun is its subject ("an estimate
        # puts the toll at", which the document rule reads): "a naval attache put the number at 9"
        verb_only = (
            word not in words("noun_like_cues")
            and last.lower() not in words("source_heads")
            and _VALUE_AT.match(text, end, s1) is not None  # "put … at 9", not "put millions at risk"
        )
        if not (
            last[:1].isupper()
            or plural
            or verb_only
            or r["role"].search(last)
            or r["pronoun"].match(last)
            or r["first_person"].match(last)
        ):
            subj = None  # "the best independent estimate", "burial records": a noun, not a verb
    if subj is None and r["noun_cue"].match(cue) and _OF_AFTER.match(text, end, s1):
        owned = _OWNER_NP_BEFORE.search(text, max(s0, start - 60), start)
        if owned is not None and r["role"].search(owned.group("owner").split()[-1]):
            # "consistent with the survey, but not with the harbour council's claim of 900": whatever
            # clause leads up to it, the owner of a claim noun is its party, for the figures next to it
            return local_frame("possessive", text, owned.span("owner"), start, end, end)
    if subj is None:
        m = _FIGURE_THEN_NAME.search(text, max(s0, start - 60), start)
        if m is not None:
            # "not the 412 Luthane had announced": a name right after a figure is the subject of the
            # figure's own relative clause, whose cue it is
            subj = m.span("name")
    if subj is None and _AND_BEFORE.search(text, max(s0, start - 8), start):
        subj = _first_subject(s, start)  # "X rejected Y's claim that …, and said 260": X said it
    inverted = word in words("inverting_cues") and _CLOSE_BEFORE.search(lead) is not None
    if inverted and _QUOTE_BEFORE.search(lead) is not None:
        subj = None  # '“They came at midnight,” said Peter Ilm, who put …': the quotation is what was said
    if subj and inverted and word not in words("addressee_verbs"):
        # "…at army checkpoints, says the Veyra Families Committee.": a named party (a role word in it) after
        # the cue that ends the sentence is who speaks, not a segment before the comma ("Kell, the
        # mayor, said 40 …" has no party after its cue; "…, told Tidewater Press" names who was told)
        span = np_after(text, end, s1)
        who = text[span[0] : span[1]] if span else ""
        rest = text[span[1] : s1] if span else ""
        after = _name_after(text, span[1], s1) if span else None
        described_name = after is not None and name_like(after.group("name"))
        if span and after is not None and described_name and valid_np(who) and r["role"].search(who):
            # "…, said the institute's director, Dragan Lukic.": the description and its name speak, not a
            # segment before the comma
            both = (span[0], after.end("name"))
            return Frame("verb", text[both[0] : both[1]], both, cue, (start, end), start)
        if (
            span
            and valid_np(who)
            and name_like(who)
            and (r["role"].search(who) or r["titles"].match(who) or _DESCRIBED.match(rest))
            and (not rest.strip(" .!?\"”’'\n") or _DESCRIBED.match(rest))
        ):
            # "…, said Dr. Jean Sebuhoro, a surgeon who runs the clinic.": the name after the cue speaks,
            # whatever description follows it (a segment before the comma is no party)
            return Frame("verb", who, span, cue, (start, end), start)
    if (
        subj
        and r["weak"].match(cue)
        and any(
            subj[0] < c.start
            and c.end == subj[1]
            and text[c.start : c.end].lower() not in words("noun_like_cues")
            for c in s.cues
        )
    ):
        # "Monitors put verified civilian death toll at …": a finding word right after another cue verb
        # modifies that verb's object, it is no verb of its own ("The report found" keeps its frame)
        return None
    if subj:
        subj = clause_subject(text, subj)  # "X rejected Tarvessa's claim": Tarvessa's
    if subj and names_incident(text[subj[0] : subj[1]]) and not r["role"].search(text, subj[0], subj[1]):
        # "Militancy-related violence has claimed 64 militants": an occurrence says nothing ("the rebel
        # alliance fighting in the north said" is a party)
        return None
    if subj and word in words("document_verbs"):
        subj = _agent_of_thing(text, subj)  # "Satellite images analysed by the group show": the group
    if subj:
        np = text[subj[0] : subj[1]]
        named = any(w[:1].isupper() for w in np.split())
        gives_value = r["role"].search(np) is not None and _VALUE_AT.match(text, end, s1) is not None
        # people believe, things do not: "analysts believe the real figure is closer to 150,000"
        believing = word.startswith("believe") and r["role"].fullmatch(np.split()[-1]) is not None
        # a person counts and finds: "as mayor counts 300 empty homes", "a nurse counted 26 wounded"
        person = r["person_hint"].fullmatch(np.split()[-1]) is not None
        if r["weak"].match(cue) and not (
            named
            or gives_value
            or believing
            or person
            or r["pronoun"].match(np)
            or r["first_person"].match(np)
        ):
            # a finding verb needs a named subject ("Kell recorded"), or a body that puts a value ("the
            # city's disaster agency put the number of dead at 15"): "burial records show" is no party
            return None
        return Frame("verb", np, subj, cue, (start, end), start, outer=_addressed_outlet(s, h))
    # inverted: ", said X" / "” said X"
    if inverted:
        span = np_after(text, end, s1)
        who = text[span[0] : span[1]] if span else ""
        described = span is not None and _PERSON_DESCRIPTION.fullmatch(who) is not None
        ends = not text[span[1] : s1].strip(" .!?\n") if span else False
        after = _name_after(text, span[1], s1) if span else None
        if span and after is not None and name_like(after.group("name")) and (valid_np(who) or described):
            # '“…,” said the Alliance's country director, Aminata Kouyate.': the description and the name it
            # ends on, both the party (either is how a reader would name who spoke); so for a person described
            # with no role word and the name's age ("…, said the headman, Kiro Vant, 61.")
            both = (span[0], after.end("name"))
            return Frame("verb", text[both[0] : both[1]], both, cue, (start, end), start)
        if span and (valid_np(who) or (described and (ends or _DESCRIBED.match(text, span[1], s1)))):
            # '“…,” said a teacher who gave only his first name': a person described, then who they are
            return Frame("verb", who, span, cue, (start, end), start)
    return None


def _name_after(text: str, at: int, s1: int) -> re.Match[str] | None:
    """The name set beside the description of an inverted cue's speaker: closing the sentence ("…, said
    the institute's director, Dragan Lukic.") or set off by commas before a clause that goes on ("…, said
    its country director, Ama Rell, who added …"; "…, said the office's head, Dr Ama Rell, because …")."""
    return _NAME_AFTER.fullmatch(text, at, s1) or _NAME_THEN.match(text, at, s1)


#: a thing and the party that made or read it: "Satellite images analysed by the group"
_THING_BY = re.compile(r"(?P<thing>.+?)[ \u00a0]+[a-z]+ed[ \u00a0]+by[ \u00a0]+(?P<agent>.+)")


def _agent_of_thing(text: str, subj: Span) -> Span:
    """The party behind a thing that is the subject of a finding verb ("Satellite images analysed by the
    group show", "Samples tested by the Orvel laboratory found"): the agent after "<participle> by", when
    the thing is no party itself ("Officials appointed by the junta said" keep the officials)."""
    m = _THING_BY.fullmatch(text, subj[0], subj[1])
    if m is None:
        return subj
    r = res()
    thing = m.group("thing")
    if r["role"].search(thing) or r["person_hint"].search(thing) or not valid_np(m.group("agent")):
        return subj
    return m.span("agent")


def _addressed_outlet(s: Sentence, h: Hit) -> tuple[Party, ...]:
    """'X told Meridian Wire': the outlet X spoke to carried the claim (a named addressee that is not
    a body such as a council or a court); "told reporters" names none."""
    if s.text[h.start : h.end].lower() not in words("addressee_verbs"):
        return ()
    span = np_after(s.text, h.end, s.s1)
    if span is None:
        return ()
    name = s.text[span[0] : span[1]]
    if not name_like(name) or res()["role"].search(name) or res()["pronoun"].match(name):
        return ()
    return (Party(name, span, *cue_of(s.text, h.start, h.end)),)


def _carried(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'in a statement carried by the state news agency': the agency carried the sentence's frames."""
    span = np_after(s.text, m.end(), s.s1)
    if span and valid_np(s.text[span[0] : span[1]]):
        s.carried.append(Party(s.text[span[0] : span[1]], span, *cue_of(s.text, m.start(), m.end())))
    return iter(())


def _headline(s: Sentence) -> bool:
    """A headline: the sentence is a whole line and ends without a full stop or a quote."""
    text, s0, s1 = s.text, s.s0, s.s1
    return (
        (s0 == 0 or text[s0 - 1] == "\n")
        and (s1 == len(text) or text[s1] in "\r\n")
        and text[s1 - 1] not in ".!?\"”’'…"
    )


def _tag(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """A headline's tag: 'Drone debris kills three: governor' (after), 'Monitor: 89 dead' (before)."""
    if not _headline(s) or m.group("who").upper() in words("non_speaker_labels"):
        return
    span = clean_np(s.text, m.start("who"), m.end("who"))
    # the tag must end in a role word ("Kessrin mayor", "General Staff", "Monitor"): "Drava exodus:" and
    # "Brennhal:" name a topic or a place
    if (
        span
        and valid_np(s.text[span[0] : span[1]])
        and res()["role"].search(s.text[span[0] : span[1]].split()[-1])
    ):
        colon = m.start("mark")
        cue, cue_span = cue_of(s.text, colon, m.end("mark"))
        yield Frame("tag", s.text[span[0] : span[1]], span, cue, cue_span, colon, carries=False)


def _mention(s: Sentence, h: Hit) -> Iterator[Frame]:
    """'The ministry disputed the toll. It said …': a stance verb's subject, a party to point back to."""
    subj = subject_before(s.text, s.s0, h.start)
    if subj and valid_np(s.text[subj[0] : subj[1]]) and not res()["pronoun"].match(s.text[subj[0] : subj[1]]):
        np = s.text[subj[0] : subj[1]]
        yield Frame("mention", np, subj, None, None, h.start, local=True, carries=False)


def _bracket(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'Killed: 1,240 (health ministry)': a party in brackets ending a line or a sentence (a
    factbox's attribution) speaks for the figures next to it; a name with no role word in it
    ("(WASMO)", "(Reuters)") is an acronym or an outlet, not read here."""
    span = clean_np(s.text, m.start("who"), m.end("who"))
    if span is None:
        return
    who = s.text[span[0] : span[1]]
    if m.group("dated") and not any(w[:1].isupper() for w in who.split()):
        # "(Governor Ilo Marr, Feb 19)": a dated bracket speaks only for a named party; a bare kind
        # ("(army, May 21)") in a round-up of several wars may be any of their armies
        return
    if valid_np(who) and res()["role"].search(who) and not res()["prep_start"].match(who):
        yield local_frame("bracket", s.text, span, m.start(), m.start() + 1, m.start())


#: the most lines of a list a heading reaches down over, and the most words a heading has before its bracket
_HEADING_REACH = 20
_HEADING_WORDS = 8


@cache
def _heading_line() -> re.Pattern[str]:
    """A list's heading line: a few figureless words, then a bracket (a party, maybe a date after a
    comma), then one of cues.json ``heading_marks`` ending the line ("Losses by town (regional health
    office, 3 May):")."""
    marks = longest_first(words("heading_marks"))
    return re.compile(
        r"[ \t]*(?P<head>[^\n()\d:]{2,120}?)[ \t]*\((?P<who>[^()\d\n,]{2,60}?)(?:,[^()\n]{1,40})?\)"
        rf"[ \t]*(?:{marks})[ \t]*$"
    )


def _heading(s: Sentence) -> Iterator[re.Match[str]]:
    """The heading of the list a sentence is a line of: the nearest line above it, with no blank line
    between, that reads as a list's heading (``_heading_line``)."""
    text = s.text
    end = text.rfind("\n", 0, s.s0)
    for _ in range(_HEADING_REACH):
        if end < 0:
            return
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not line.strip():
            return  # a blank line ends the list
        m = _heading_line().fullmatch(text, start, end)
        if m is not None:
            if len(m.group("head").split()) <= _HEADING_WORDS:
                yield m
            return
        end = start - 1


def _list_heading(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'Losses by town (regional health office, 3 May):' over '- Orvel: 14 dead, 30 hurt': the party in
    a list heading's bracket speaks for every line of the list under it, as a factbox's bracket after a
    figure speaks for that figure; a line's own speaker, nearer, still wins. The bracket must hold a role
    word ("(Tarn valley, as of 1 May)", "(week ending 8 June)" name where and when, not who)."""
    span = clean_np(s.text, m.start("who"), m.end("who"))
    if span is None:
        return
    who = s.text[span[0] : span[1]]
    if valid_np(who) and res()["role"].search(who) and not res()["prep_start"].match(who):
        cue, cue_span = cue_of(s.text, m.start("who") - 1, m.start("who"))
        yield Frame("heading", who, span, cue, cue_span, span[0], carries=False)


def _own(s: Sentence, m: re.Match[str]) -> Iterator[Frame]:
    """'Our teams screened 4,310 children', 'We treated 48': a sentence that opens with the writer's first
    person and names no other party and holds no quotation is the document's own voice, told as "we" (see
    ``coref.resolve``: the body a press release's header names, or whoever speaks the document)."""
    if (
        m.start() != s.s0
        or any(f.source for f in s.verbs)
        or s.gates - {"unnamed"}
        or any(q in s.text[s.s0 : s.s1] for q in "“”\"")
    ):
        return  # another party named in the sentence, or a quotation: not the writer's words alone
    yield Frame("own", m.group("who"), m.span("who"), None, None, s.s0, carries=False)


def _lower(key: str) -> Callable[[dict[str, Any]], Iterable[str]]:
    return lambda d: (w.lower() for w in d[key])


RULES: tuple[Rule, ...] = (
    Rule("citing", "chain", "citing", _citing, _lower("citing"), carrying=True),
    Rule("according", "according", "according", _according, _lower("prepositional"), carrying=True),
    Rule("quoted", "verb", "quoted_as", _quoted_as, lambda d: ("as saying",)),
    Rule("agent", "agent", "agent", _agent, lambda d: (" by ",)),
    Rule("possessive", "possessive", "possessive", _possessive, lambda d: ("'s", "’s", "s'", "s’")),
    # "figures from", "tally by" …: every document noun with every link that can open a document subject
    Rule(
        "document",
        "verb",
        "head",
        _document,
        lambda d: (
            f"{h.lower()} {k.lower()}" for h in d["source_heads"] for k in d["document_subject_links"]
        ),
        carrying=True,
    ),
    Rule("head", "head", "head", _head, _lower("source_heads")),
    Rule("unnamed", "passive", "unnamed_reports", _unnamed, lambda d: (" that",)),
    Rule("passive", "passive", "passive", _passive, _lower("passive_gates")),
    Rule("carried", "chain", "carrier", _carried, _lower("carrier_links"), carrying=True),
    Rule("tag_after", "tag", "tag_after", _tag, _lower("headline_tag_marks")),
    Rule("tag_before", "tag", "tag_before", _tag, _lower("headline_tag_marks")),
    Rule("bracket", "bracket", "bracket", _bracket, lambda d: (")",)),
    Rule("heading", "heading", "list_heading", _list_heading),
    Rule("verb", "verb", "cue", _verb, carrying=True),
    Rule("own", "own", "own_voice", _own),
    Rule("mention", "mention", "stance", _mention, carrying=True),
)




def _matches(rule: Rule, s: Sentence) -> Iterable[Any]:
    if rule.pattern == "cue":
        return s.cues
    if rule.pattern == "stance":
        return s.stances
    if rule.pattern == "list_heading":
        return _heading(s)
    if rule.pattern in _OPENING_PATTERNS:
        m = res()[rule.pattern].match(s.text, s.s0, s.s1)
        return () if m is None else (m,)
    return res()[rule.pattern].finditer(s.text, s.s0, s.s1)


#: patterns that can only match where the sentence begins: matched there, never searched
_OPENING_PATTERNS = frozenset({"own_voice"})


def sentence_frames(text: str, sent: Span, hits: list[Hit], carrying_only: bool = False) -> list[Frame]:
    """Every attribution frame in one sentence (``hits``: the sentence's lexicon hits), row by row.

    ``carrying_only`` (for a sentence with no figure) runs just the rows whose frames
    can carry into the next sentence or stand behind a later pronoun: "according to",
    cue verbs and stance verbs. The noun-phrase frames only ever govern a figure
    next to them, so there is nothing for them to do there.
    """
    s = Sentence(text, sent[0], sent[1], set(), [], [], [])
    # one pass sorts the hits: gate words say which rows can match (the rest are skipped)
    for h in hits:
        if h.kind == "gate":
            s.gates.add(h.event)
        elif h.kind == "cue":
            s.cues.append(h)
            s.cues_and_stances.append(h)
        elif h.kind == "stance":
            s.cues_and_stances.append(h)
            s.stances.append(h)
    frames: list[Frame] = []
    for rule in RULES:
        if (carrying_only and not rule.carrying) or (rule.gate is not None and rule.name not in s.gates):
            continue
        for m in _matches(rule, s):
            frames.extend(rule.build(s, m))
    return _finish(frames, s.citing, s.carried)


def _finish(frames: list[Frame], citing: list[Party], carried: list[Party]) -> list[Frame]:
    """'X said, citing Y': Y joins the chain of every sourced verb and according-to frame, or speaks alone;
    'X said in a statement carried by Y': Y carried them."""
    if carried:
        frames = [
            with_outer(f, carried) if f.kind in ("verb", "according") and f.source else f for f in frames
        ]
    if not citing:
        return frames
    frames = [with_chain(f, citing) if f.kind in ("verb", "according") and f.source else f for f in frames]
    if not any(f.source for f in frames):
        c = citing[0]
        frames.append(Frame("according", c.name, c.span, c.cue, c.cue_span, c.span[0]))
    return frames

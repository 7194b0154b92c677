"""Who says a figure: attribution frames and how they reach each figure.

A *frame* is a place where the text attributes: "according to X", "X said",
", said X", "X's estimate of", "estimated by X", "figures compiled by X",
"citing Y" (which extends a chain), a transcript speaker label "NAME:", or a
header such as "Briefing by X". Each figure takes the nearest frame in its
sentence that can govern it; with none, the speaker of its transcript turn,
then an attribution carried from the previous sentence of the same paragraph,
then the document's speaker; otherwise the article speaks in its own voice
(source None). Pronouns resolve to the last named party.

The same rules apply to every party: no name list decides anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..model import Party, Span
from .lexicon import Hit
from .vocab import alternation, load, lower_is_faithful

_AUX = re.compile(
    r"(?:[ \u00a0]+(?:has|have|had|is|are|was|were|will|would|also|now|previously|again|still|only|further|"
    r"itself|themselves|has also|had also|repeatedly|earlier|later|meanwhile|reportedly|already|too|then|"
    r"on\s+\w+day|last\s+\w+|in\s+\w+|this\s+week|not|did|does|do|never))+[ \u00a0]*$",
    re.I,
)
_NP_STOP = re.compile(
    r"[,.;:!?()\[\]—–“”\"]|\s(?:that|who|which|on|last|this|in\s+a|in\s+an|in\s+its|in\s+his|in\s+her|"
    r"at\s+a|yesterday|today|earlier|late|told|as\s+saying|while|when|after|before|and\s+(?:that|added|said)|"
    r"briefed|familiar|close\s+to|speaking|with\s+knowledge|knowledgeable|involved|aware)\b"
)
_LEAD_JUNK = re.compile(r"^(?:(?:and|but|so|or|yet|meanwhile|however|also|then|now)\s+)+", re.I)
_PREP_START = re.compile(
    r"^(?:for|in|on|by|at|with|from|meanwhile|however|though|as|to|of|after|before|since|during|among|"
    r"despite|unlike|like|asked|speaking|according|citing|quoting|adding|saying|referring|including|"
    r"based|apparently|reportedly|across|throughout|around|near|inside|outside|within|beyond|along|over|"
    r"under|between|against|towards?|via|amid|amongst|upon|into|onto|about|now|once|last|this|every|"
    r"each|overnight|today|yesterday|earlier|later)\b",
    re.I,
)
_TRAILING_NAME = re.compile(r"((?:[A-Z][\w\-’']*\s+(?:of\s+(?:the\s+)?)?){0,5}[A-Z][\w\-’']*)\s*$")
_PERSON_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ \u00a0][A-Z][a-z]+)+)\b")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|of|near|into|across|on|the)\s+$")
_ADJECTIVAL_BEFORE = re.compile(r"\b(?:an|the|a|is|are|was|were|been|being|be|of|to)\s+$")
_NOUN_BEFORE = re.compile(r"\b(?:in|of|by|from|the|its|his|her|their)\s+$")
_THAT = re.compile(r"\b(?:that|as|but|and that)\s+(?=[^ ]+)")
_DIGIT = re.compile(r"\d")
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|been|be|will|would|could|should|may|might|can|must|do|does|did)\b",
    re.I,
)
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
# small patterns compiled once rather than looked up in re's cache on every call
_NON_SPACE_RUN = re.compile(r"\S+")
_SPACE_RUN = re.compile(r"\s+")
_COMMA_FREE = re.compile(r"[^,]+")
_SEGMENT_MARK = re.compile(r'[,;:—–“”"()\-]')  # marks that open a segment (a hyphen only after a space)
_CLOSE_BEFORE = re.compile(r"[,”\"’]\s*$")  # ", said X" / "” said X"
_FROM = re.compile(r"\s+from\s+")
_UNNAMED_OK = {
    "the",
    "these",
    "those",
    "such",
    "unconfirmed",
    "earlier",
    "recent",
    "some",
    "western",
    "local",
    "online",
    "social",
    "but",
    "and",
    "of",
    "despite",
    "amid",
    "dismissed",
    "denied",
}
_SUBORDINATOR = re.compile(
    r"(?:when|if|as|while|although|though|because|since|whereas|once|after|before|but|and|so)\s+", re.I
)
_REL_START = re.compile(r"^(?:which|who|whose|whom|where|when|that)\b", re.I)
_ARTICLE_START = re.compile(r"^(?:the|a|an)\s", re.I)
_TITLES = re.compile(
    r"^(?:(?:col|gen|lt|maj|capt|cpt|sgt|dr|mr|mrs|ms|prof|adm|brig|gov|sen|rep|rev)\.?\s+)+", re.I
)
_SPEAKER = re.compile(
    r"(?P<label>[A-Z][A-Z.'’\- \u00a0]{1,40}?)[ \u00a0]*(?:\((?P<paren>[^)\n]{1,60})\))?[ \u00a0]*:[ \u00a0]"
)
_QUESTION_LABELS = {"Q", "QUESTION", "A", "ANSWER", "INTERVIEWER", "REPORTER", "QUESTIONS"}


def _non_speaker_labels() -> frozenset[str]:
    """Upper-case labels that name a part of an article, not a speaker ("VERDICT:", "KEY FIGURES:")."""
    return frozenset(load("cues")["non_speaker_labels"])


_REPORT_VERB = re.compile(
    r"\b(?:said|says|told|tells|added|adds|wrote|announced|stated|claimed|insisted|posted|boasted)\b", re.I
)
_GENERIC_OWNED = re.compile(
    r"^(?:its|their)\s+(?:researchers|analysts|officials|experts|monitors|staff|teams?|investigators|"
    r"spokes(?:man|woman|person)|figures|data|count|estimate)$",
    re.I,
)
_PERSON_HINT = re.compile(
    r"\b(?:spokes(?:man|woman|person)|governor|mayor|minister|president|head|chief|commander|general|colonel|"
    r"senator|official|diplomat|registrar|director|secretary|deputy|envoy|ambassador|prime|captain|sergeant|"
    r"lieutenant|major|admiral|officer|analyst|researcher|doctor|dr|mr|mrs|ms)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Frame:
    """One attribution in the text and the stretch of text it can govern."""

    kind: str  # according | verb | passive | agent | possessive | head | speaker | doc_speaker | mention
    source: str | None
    source_span: Span | None
    cue: str | None
    cue_span: Span | None
    at: int  # where distance to a figure is measured from
    local: bool = False  # governs only figures next to it (noun-phrase frames)
    carries: bool = True
    chain: tuple[Party, ...] = ()


@dataclass
class State:
    """What attribution remembers while walking a document."""

    speaker: Frame | None = None
    doc_speaker: Frame | None = None
    carry: Frame | None = None
    last_person: Frame | None = None
    last_source: Frame | None = None
    # transcript speakers by surname, then by full name (latest frame, most recent last): a label
    # looks back at its surname only, so a transcript of many speakers stays linear
    speakers: dict[str, dict[str, Frame]] = field(default_factory=dict)


@cache
def _res() -> dict[str, re.Pattern[str]]:
    d = load("cues")

    def alt(ws: list[str]) -> str:  # every use below ignores case
        return alternation(sorted(set(ws), key=len, reverse=True), True, _phrase)

    heads = alt(d["source_heads"])
    links = alt(d["source_head_links"] + d["document_subject_links"])
    return {
        "according": re.compile(rf"\b(?:{alt(d['prepositional'])})\s+", re.I),
        "citing": re.compile(rf"\b(?:{alt(d['citing'])})\s+", re.I),
        "agent": re.compile(rf"\b(?:{alt(d['passive_agent_verbs'])})\s+by\s+", re.I),
        "passive": re.compile(rf"\b(?:{alt(d['passive_unattributed'])})\b", re.I),
        # names must be capitalised, so only the head words ignore case
        "possessive": re.compile(
            rf"((?:[A-Z][\w\-]*|of|the|and|The)(?:\s+(?:[A-Z][\w\-]*|of|the|and)){{0,6}})['’]s?\s+"
            rf"(?i:(?:own\s+)?(?:{heads}))\b"
        ),
        "head": re.compile(
            rf"\b(?i:(?P<head>{heads})[”\"’']?\s*,?\s+(?P<link>{links})\s+)(?=(?:[Tt]he\s+)?[A-Za-z])"
        ),
        # verbs are written in lower case: "Records" in "the Halden Records Office" is a name
        "document_verb": re.compile(
            rf"\b(?:{alternation(sorted(set(d['document_verbs']), key=len, reverse=True), False, _phrase)})\b"
        ),
        "noun_cue": re.compile(rf"^(?:{alt(d['noun_cues'])})$", re.I),
        "unnamed_reports": re.compile(
            r"\b(?:reports|claims|allegations|rumou?rs|suggestions)\s+that\b", re.I
        ),
        "head_strip": re.compile(rf"(?:the\s+|a\s+|an\s+)?(?:{heads})\s+(?:{links})\s+", re.I),
        "quoted_as": re.compile(r"\bquoted\s+(.{2,80}?)\s+as\s+saying\b", re.I),
        "header": re.compile(rf"\b(?:{alt(d['speaker_headers'])})\s+", re.I),
        "pronoun": re.compile(rf"^(?:{alt(d['pronouns'])})$", re.I),
        "first_person": re.compile(rf"^(?:{alt(d['first_person'])})\b", re.I),
        "weak": re.compile(rf"^(?:{alt(d['weak_verbs'])})$", re.I),
        "role": re.compile(
            r"\b(?:officials?|police|ministry|spokes(?:man|woman|person)|governor|mayor|authorities|army|military|"
            r"government|sources?|monitors|witnesses|medics|group|agency|office|council|commission|committee|"
            r"company|mission|researchers|analysts|partners|diplomats?|bloggers|media|service|staff|command|"
            r"administration|inspectorate|bureau|registrar|organi[sz]ation|network|observatory|minister|president|"
            r"chief|head|commander|officer|lawmakers?|senator|intelligence|side|statement|institute|watch|"
            r"society|cross|guard|force|forces|newspaper|daily|agency|outlet|channel|team|teams|experts|volunteers|"
            r"residents|survivors|doctors|hospital|militia|rebels|insurgents|movement|party|union|court|"
            r"prosecutors?|investigators?|inspectors?|monitor|ngo|charity|department|directorate|authority|"
            r"registry|operator|rescuers|paramedics|emergency|health|services|observers|activists|campaigners|"
            r"residents|locals|villagers|relatives|families|journalists|reporters|correspondents|broadcaster|"
            r"station|tv|radio|website|ministries|embassy|consulate|delegation|envoy|mediators|negotiators|"
            r"commanders?|troops|soldiers|fighters|spokesperson|coalition|alliance|front|brigade|battalion|"
            r"regiment|division|corps|unit|governorate|province|municipality|city\s+hall|hall|parliament|"
            r"senate|assembly|cabinet|presidency|palace|kremlin|pentagon|ministry|report|study|survey|analysis|"
            r"assessment|dataset|investigation|paper|tally|count|occupation|regime|junta|enemy|invaders|"
            r"organi[sz]ations|groups|agencies|ngos|charities|witness|witnesses|court|tribunal|prosecution)\b",
            re.I,
        ),
    }


def _phrase(w: str) -> str:
    return re.escape(w).replace(r"\ ", r"\s+")


_NP_LEAD = " '\"“”‘’"
_NP_TAIL = " ,.;:'\"“”‘’"


def _clean_np(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Trim a noun phrase span: leading conjunctions/titles kept, trailing punctuation and spaces dropped."""
    while a < b and (text[a] in _NP_LEAD or text[a].isspace()):  # any space: "\r\n", "\u2028" too
        a += 1
    m = _LEAD_JUNK.match(text[a:b])
    if m:
        a += m.end()
    while b > a and (text[b - 1] in _NP_TAIL or text[b - 1].isspace()):
        b -= 1
    return (a, b) if b > a else None


def _valid_np(np: str, lenient: bool = False) -> bool:
    """Whether ``np`` can be a party's name. ``lenient``: after a cue that can only introduce a source
    ("according to"), any plain noun phrase will do ("two people", "sources")."""
    r = _res()
    words = np.split()
    if not words or len(words) > 12 or _DIGIT.search(np):
        return False
    if _FINITE_VERB.search(np):
        return False
    if r["pronoun"].match(np) or (r["first_person"].match(np) and len(words) <= 4):
        return True
    if _REPORT_VERB.search(np):
        return False
    if _REL_START.match(np) or _PREP_START.match(np):
        return False
    last = words[-1]
    if last.islower() and (last.endswith("ed") or last.endswith("ing")) and len(words) > 1:
        return False
    caps = [w for w in words if w[:1].isupper()]
    return lenient or bool(caps) or bool(r["role"].search(np))


def _np_after(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """A noun phrase starting at ``start``: up to punctuation, 'that', a time word, or 12 words."""
    m = _NP_STOP.search(text, start, limit)
    end = m.start() if m else limit
    span = _clean_np(text, start, end)
    if not span:
        return None
    words = list(_NON_SPACE_RUN.finditer(text[span[0] : span[1]]))
    if len(words) > 12:
        span = (span[0], span[0] + words[11].end())
    return span


def _segments_before(text: str, sent_start: int, pos: int) -> list[tuple[int, int, str]]:
    """Comma/dash/quote-separated segments before ``pos``, nearest first, with the mark that opens each."""
    segs: list[tuple[int, int, str]] = []
    end = pos
    for m in reversed(list(_SEGMENT_MARK.finditer(text, sent_start, pos))):
        i = m.start()
        ch = text[i]
        if ch == "-" and not (i > 0 and text[i - 1] == " "):
            continue  # a hyphen inside a word, not a dash
        segs.append((i + 1, end, ch))
        end = i
        if len(segs) >= 4:
            return segs
    segs.append((sent_start, end, ""))
    return segs


def _subject_before(text: str, sent_start: int, verb_start: int) -> tuple[int, int] | None:
    segs = _segments_before(text, sent_start, verb_start)
    prev_name: tuple[int, int] | None = None
    for k, (a, b, opener) in enumerate(segs):
        seg = text[a:b]
        m = _AUX.search(seg, max(0, len(seg) - 48))  # auxiliaries sit at the end: search only the tail
        if m and k == 0:
            b = a + m.start()
        # cut anything before a 'that'/'said' inside the segment: "X said that Y estimated" -> Y
        tail = _THAT.search(text, a, b)
        if tail and k == 0:
            a = tail.end()
        span = _clean_np(text, a, b)
        if span is None:
            continue
        sm = _SUBORDINATOR.match(text, span[0], span[1])
        if sm and sm.end() < span[1]:
            span = (sm.end(), span[1])
        np = text[span[0] : span[1]]
        if k == 0 and np.lower() in ("which", "who") and k + 1 < len(segs):
            # "…by Civil Liberties Watch, which alleges that…": the antecedent speaks
            pa, pb, _ = segs[k + 1]
            ante = _TRAILING_NAME.search(text, pa, pb)
            if ante:
                return (ante.start(1), ante.end(1))
            return None
        first = np.split()[0]
        if (
            _REL_START.match(np)
            or _PREP_START.match(np)
            or (first.islower() and first.endswith(("ing", "ed")))
        ):
            continue
        closed_by_comma = k == 0 or segs[k - 1][2] == ","
        if _ARTICLE_START.match(np) and k + 1 < len(segs) and opener == "," and closed_by_comma:
            pa, pb, _ = segs[k + 1]
            pspan = _clean_np(text, pa, pb)
            if pspan:
                pnp = text[pspan[0] : pspan[1]]
                if _name_like(pnp) and not _PREP_START.match(pnp):
                    prev_name = pspan
        if not _valid_np(np):
            return None
        return prev_name or span
    return None


@cache
def _document_links() -> frozenset[str]:
    return frozenset(" ".join(w.lower().split()) for w in load("cues")["document_subject_links"])


_ARTICLE_END = re.compile(r"(?:^|\s)(?:the|a|an|its|their)$", re.I)
_DOC_STOP = re.compile(r"[,;:!?()\[\]—–“”\"]")  # a document subject's party ends before these


def _document_subject(text: str, s0: int, s1: int, m: re.Match[str], cues: list[Hit]) -> Frame | None:
    """'Figures from the health ministry show …': the party behind a document noun that is the subject.

    ``m`` is a match of the ``head`` pattern ("figures from "). It counts only as the
    opening of its clause (after at most a determiner or adjective or two, with no
    cue word before it) and with a document verb ("show", "put", "suggest" …) right
    after the party, past auxiliaries and a time phrase. The party must look like one:
    a name or a role word ("ministry"); after "from" a single word must be a role word
    or an acronym, since "figures from Dremmel" more often says where than who.
    The frame speaks as a verb frame at the verb; its cue is the document noun and link.
    """
    link = " ".join(m.group("link").lower().split())
    if link not in _document_links():
        return None
    head_start = m.start("head")
    seg_start = _segments_before(text, s0, head_start)[0][0]
    lead = text[seg_start:head_start].split()
    if lead and (
        len(lead) > 3
        or not all(w.isalpha() for w in lead)
        or any(w[:1].isupper() for w in lead[1:])
        or _PREP_START.match(lead[0])
        or _FINITE_VERB.search(" ".join(lead))
        or _REPORT_VERB.search(" ".join(lead))
        or any(seg_start <= h.start < head_start for h in cues)
    ):
        return None  # not the subject of its clause: "According to figures from …", "X said figures from …"
    stop = _DOC_STOP.search(text, m.end(), s1)
    limit = min(stop.start() if stop else s1, m.end() + 120)
    r = _res()
    for verb in r["document_verb"].finditer(text, m.end(), limit):
        span = _clean_np(text, m.end(), verb.start())
        after = _NON_SPACE_RUN.search(text, verb.end(), limit)
        if (
            span is None
            or _ARTICLE_END.search(text[span[0] : span[1]])
            or (after and r["role"].match(after.group()))
        ):
            continue  # a noun, not the verb: "the state health ministry", "the Tolmar state health ministry"
        return _document_party(text, m, span, verb.start(), link)
    return None


def _document_party(text: str, m: re.Match[str], span: Span, verb_at: int, link: str) -> Frame | None:
    """The frame for the party at ``span`` before a document verb, or None if it does not look like one."""
    aux = _AUX.search(text, span[0], span[1])
    if aux:
        cut = _clean_np(text, span[0], aux.start())
        if cut is None:
            return None
        span = cut
    np = text[span[0] : span[1]]
    words = np.split()
    r = _res()
    if len(words) > 8 or not _valid_np(np) or r["pronoun"].match(np) or r["first_person"].match(np):
        return None
    core = np.split(None, 1)[1] if words[0].lower() == "the" and len(words) > 1 else np
    role = r["role"].search(words[-1]) is not None
    if not (role or _name_like(core)):
        return None  # "the past week", "satellites": not a party
    if link == "from" and len(core.split()) == 1 and not role and not (core.isupper() and len(core) >= 2):
        return None  # "figures from Dremmel": a place as likely as a party
    cue_span = (m.start("head"), m.end("link"))
    return Frame("verb", np, span, text[cue_span[0] : cue_span[1]], cue_span, verb_at)


def _name_like(np: str) -> bool:
    words = [w for w in _SPACE_RUN.split(_TITLES.sub("", np)) if w]
    return (
        1 <= len(words) <= 6
        and all(w[:1].isupper() or w in ("of", "the", "de", "al", "van") for w in words)
        and not _DIGIT.search(np)
    )


def is_transcript(text: str, paras: list[Span]) -> bool:
    """Two or more paragraphs opening with an upper-case 'NAME:' label make a transcript."""
    n = 0
    for a, b in paras:
        m = _SPEAKER.match(text, a, b)
        if (
            m
            and m.group("label").strip().upper() == m.group("label").strip()
            and m.group("label").strip() not in _non_speaker_labels()
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
    if label.upper() != label or label in _non_speaker_labels() or len(label.replace(".", "").strip()) < 2:
        return None
    lab_start = m.start("label")
    colon = m.end() - 2  # the pattern ends with ':' and one space: the colon is the cue
    cue = (":", (colon, colon + 1))
    if label in _QUESTION_LABELS:
        if m.group("paren"):
            p0 = m.start("paren")
            return Frame("speaker", m.group("paren"), (p0, m.end("paren")), *cue, m.start())
        return Frame("speaker", None, None, *cue, m.start(), carries=False)
    t = _TITLES.match(label)
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
def _header_first_words() -> tuple[str, ...] | None:
    """The first word of each speaker header, lower-cased: a header match must hold one.

    None (no shortcut) if one is not plain ASCII, where lower() and IGNORECASE could disagree.
    """
    words = tuple(h.split()[0].lower() for h in load("cues")["speaker_headers"] if h.split())
    if len(words) != len(load("cues")["speaker_headers"]) or not all(w.isascii() for w in words):
        return None
    return words


def doc_speaker(text: str) -> Frame | None:
    """'Briefing by …', 'Statement by …' near the top: the speaker of an otherwise unattributed document."""
    head_end = min(len(text), 800)
    words = _header_first_words()
    if words is not None:
        head = text[:head_end]
        if lower_is_faithful(head):
            low = head.lower()
            if not any(w in low for w in words):
                return None  # no header can start here: skip the pattern's search of 800 characters
    m = _res()["header"].search(text, 0, head_end)
    if not m:
        return None
    line_end = text.find("\n", m.end())
    line_end = head_end if line_end < 0 else min(line_end, head_end)
    pos = m.end()
    span: Span | None = None
    for part in _COMMA_FREE.finditer(text[pos:line_end]):
        found = _clean_np(text, pos + part.start(), pos + part.end())
        if found and _name_like(text[found[0] : found[1]]):
            span = found
            break
    if span is None:
        span = _np_after(text, m.end(), line_end)
        if not (span and _valid_np(text[span[0] : span[1]])):
            return None
    return Frame("doc_speaker", text[span[0] : span[1]], span, *_cue(text, m.start(), m.end()), m.start())


def sentence_frames(text: str, sent: Span, hits: list[Hit], carrying_only: bool = False) -> list[Frame]:
    """Every attribution frame in one sentence (``hits``: the sentence's lexicon hits).

    ``carrying_only`` (for a sentence with no figure) finds just the frames that can
    carry into the next sentence or stand behind a later pronoun: "according to",
    cue verbs and stance verbs. The noun-phrase frames only ever govern a figure
    next to them, so there is nothing for them to do there.
    """
    r = _res()
    s0, s1 = sent
    # one pass sorts the hits: gate words say which patterns can match (the rest are skipped)
    gates: set[str] = set()
    cues: list[Hit] = []
    cues_and_stances: list[Hit] = []
    stances: list[Hit] = []
    for h in hits:
        if h.kind == "gate":
            gates.add(h.event)
        elif h.kind == "cue":
            cues.append(h)
            cues_and_stances.append(h)
        elif h.kind == "stance":
            cues_and_stances.append(h)
            stances.append(h)
    frames: list[Frame] = []
    citing: list[Party] = []
    for m in r["citing"].finditer(text, s0, s1) if "citing" in gates else ():
        span = _np_after(text, m.end(), s1)
        if span:
            span = _strip_head(text, span)
            citing.append(Party(text[span[0] : span[1]], span, *_cue(text, m.start(), m.end())))
    for m in r["according"].finditer(text, s0, s1) if "according" in gates else ():
        span = _np_after(text, m.end(), s1)
        if not span:
            continue
        span, extra = _split_from(text, _strip_head(text, span))
        if not _valid_np(text[span[0] : span[1]], lenient=True):
            continue
        frames.append(_frame("according", text, span, m, tuple(extra)))
    quoted_as: list[Span] = []  # "quoted X as saying": its "saying" is not a verb of its own
    for m in r["quoted_as"].finditer(text, s0, s1) if not carrying_only and "quoted" in gates else ():
        span = _clean_np(text, m.start(1), m.end(1))
        if span and _valid_np(text[span[0] : span[1]]):
            quoted_as.append((m.start(), m.end()))
            cue, cue_span = _cue(text, m.start(), m.start(1))  # "quoted"
            frames.append(Frame("verb", text[span[0] : span[1]], span, cue, cue_span, m.start()))
    for m in r["agent"].finditer(text, s0, s1) if not carrying_only and "agent" in gates else ():
        span = _np_after(text, m.end(), s1)
        if span and _valid_np(text[span[0] : span[1]]):
            frames.append(_local_frame("agent", text, span, m.start(), m.end() - 1, m.start()))
    for m in r["possessive"].finditer(text, s0, s1) if not carrying_only and "possessive" in gates else ():
        span = _clean_np(text, m.start(1), m.end(1))
        if (
            span
            and _valid_np(text[span[0] : span[1]])
            and _name_like(text[span[0] : span[1]].removeprefix("the ").removeprefix("The "))
        ):
            frames.append(_local_frame("possessive", text, span, span[1], m.end(), m.end()))
    # "Figures from the health ministry show …": the document's party is the subject of the verb
    documents: list[Frame] = []
    for m in r["head"].finditer(text, s0, s1) if "document" in gates else ():
        doc = _document_subject(text, s0, s1, m, cues_and_stances)
        if doc is not None:
            documents.append(doc)
    doc_cues = {f.cue_span for f in documents}
    for m in r["head"].finditer(text, s0, s1) if not carrying_only and "head" in gates else ():
        if (m.start("head"), m.end("link")) in doc_cues:
            continue
        if m.group("link").lower() == "from" and m.group("head").lower().startswith(("report", "claim")):
            continue  # "reports from the port of X" says where, not who
        span = _np_after(text, m.end(), s1)
        if span and _valid_np(text[span[0] : span[1]]):
            frames.append(_local_frame("head", text, span, m.start(), m.end(), m.start()))
    for m in r["unnamed_reports"].finditer(text, s0, s1) if not carrying_only and "unnamed" in gates else ():
        prev = _LAST_TOKEN.search(text, max(s0, m.start() - 30), m.start())
        if prev and prev.group(1).lower() not in _UNNAMED_OK:
            continue  # "the Society reports that …" is a verb with a subject
        frames.append(
            Frame(
                "passive", None, None, m.group(), (m.start(), m.end()), m.start(), local=True, carries=False
            )
        )
    for m in r["passive"].finditer(text, s0, s1) if not carrying_only and "passive" in gates else ():
        frames.append(Frame("passive", None, None, m.group(), (m.start(), m.end()), m.start(), carries=False))
    verbs = _verb_frames(text, sent, cues, cues_and_stances)
    if quoted_as:
        verbs = [f for f in verbs if f.cue_span is None or not any(a <= f.at < b for a, b in quoted_as)]
    if documents:
        # the verb frame of a document verb had the whole "Figures from X" as its subject: X replaces it
        doc_at = {f.at for f in documents}
        verbs = [f for f in verbs if f.cue_span is None or f.cue_span[0] not in doc_at] + documents
    frames.extend(verbs)
    for h in stances:  # "The ministry disputed the toll. It said …": a party to point back to
        subj = _subject_before(text, s0, h.start)
        if (
            subj
            and _valid_np(text[subj[0] : subj[1]])
            and not _res()["pronoun"].match(text[subj[0] : subj[1]])
        ):
            np = text[subj[0] : subj[1]]
            frames.append(Frame("mention", np, subj, None, None, h.start, local=True, carries=False))
    if citing:
        frames = [
            _with_chain(f, citing) if f.kind in ("verb", "according") and f.source else f for f in frames
        ]
        if not any(f.source for f in frames):
            c = citing[0]
            frames.append(Frame("according", c.name, c.span, c.cue, c.cue_span, c.span[0]))
    return frames


@cache
def _participles() -> frozenset[str]:
    return frozenset(load("cues")["participle_cues"])


def _verb_frames(
    text: str, sent: Span, cues: list[Hit], cues_and_stances: list[Hit] | None = None
) -> list[Frame]:
    r = _res()
    s0, s1 = sent
    out: list[Frame] = []
    cues_and_stances = cues_and_stances or []
    participles = _participles()
    for h in cues:
        start, end = h.start, h.end
        cue = text[start:end]
        word = cue.lower()
        before = text[max(s0, start - 12) : start].lower()
        if _ADJECTIVAL_BEFORE.search(before):
            continue  # "an estimated 6,000", "is estimated", "the report"
        if word in _noun_like_cues() and _NOUN_BEFORE.search(before):
            continue
        if word in participles and text[max(s0, start - 2) : start].strip() == ",":
            # "The ministry disputes that, putting the figure at 4,600": the clause's subject speaks
            owner = next((f for f in reversed(out) if f.source), None)
            if owner is None:
                prior = [x for x in cues_and_stances if x.start < start]
                subj0 = _subject_before(text, s0, prior[-1].start) if prior else None
                if subj0:
                    owner = Frame("verb", text[subj0[0] : subj0[1]], subj0, None, None, subj0[0])
            if owner is not None and owner.source_span is not None:
                out.append(Frame("verb", owner.source, owner.source_span, cue, (start, end), start))
            continue
        subj = _subject_before(text, s0, start)
        if subj and r["noun_cue"].match(cue):
            last = text[subj[0] : subj[1]].split()[-1]
            plural = last.islower() and last.endswith("s") and len(last) > 3
            if not (
                last[:1].isupper()
                or plural
                or r["role"].search(last)
                or r["pronoun"].match(last)
                or r["first_person"].match(last)
            ):
                subj = None  # "the best independent estimate", "burial records": a noun, not a verb
        if subj:
            np = text[subj[0] : subj[1]]
            named = any(w[:1].isupper() for w in np.split())
            if r["weak"].match(cue) and not (named or r["pronoun"].match(np) or r["first_person"].match(np)):
                continue
            out.append(Frame("verb", np, subj, cue, (start, end), start))
            continue
        # inverted: ", said X" / "” said X"
        lead = text[max(s0, start - 3) : start]
        if word in _inverting_cues() and _CLOSE_BEFORE.search(lead):
            span = _np_after(text, end, s1)
            if span and _valid_np(text[span[0] : span[1]]):
                out.append(Frame("verb", text[span[0] : span[1]], span, cue, (start, end), start))
    return out


@cache
def _noun_like_cues() -> frozenset[str]:
    """Cue words that are also nouns: after "the", "its", "of" … they name a document, not an act."""
    return frozenset(load("cues")["noun_like_cues"])


@cache
def _inverting_cues() -> frozenset[str]:
    """Cue verbs that may follow their quote and precede the speaker: "…," said the ministry."""
    return frozenset(load("cues")["inverting_cues"])


def _strip_head(text: str, span: Span) -> Span:
    m = _res()["head_strip"].match(text, span[0], span[1])
    if m and m.end() < span[1]:
        return (m.end(), span[1])
    return span


def _split_from(text: str, span: Span) -> tuple[Span, list[Party]]:
    """'the Free Voice from regional administrations' -> main party and a cited one."""
    m = _FROM.search(text[span[0] : span[1]])
    if not m:
        return span, []
    main = (span[0], span[0] + m.start())
    rest = _clean_np(text, span[0] + m.end(), span[1])
    if not rest or not _valid_np(text[main[0] : main[1]]):
        return span, []
    # the cue is "from" without the spaces around it, however many and of whatever kind
    return main, [Party(text[rest[0] : rest[1]], rest, *_cue(text, span[0] + m.start(), span[0] + m.end()))]


def _cue(text: str, start: int, end: int, chars: str | None = None) -> tuple[str, Span]:
    """A cue's words and their span, trimmed together so that ``text[span] == cue`` always."""
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(chars))
    words = raw.strip(chars)
    return words, (start + lead, start + lead + len(words))


def _local_frame(kind: str, text: str, span: Span, cue_start: int, cue_end: int, at: int) -> Frame:
    """A noun-phrase frame ("estimated by X", "X's tally", "figures from X"): it governs only
    figures next to it and carries nothing to later sentences."""
    cue, cue_span = _cue(text, cue_start, cue_end)
    return Frame(kind, text[span[0] : span[1]], span, cue, cue_span, at, local=True, carries=False)


def _frame(kind: str, text: str, span: Span, m: re.Match[str], chain: tuple[Party, ...]) -> Frame:
    cue, cue_span = _cue(text, m.start(), m.end())
    return Frame(kind, text[span[0] : span[1]], span, cue, cue_span, m.start(), chain=chain)


def _with_chain(f: Frame, citing: list[Party]) -> Frame:
    return Frame(
        f.kind, f.source, f.source_span, f.cue, f.cue_span, f.at, f.local, f.carries, f.chain + tuple(citing)
    )


_QUOTE = re.compile(r"“[^”]{3,}”|\"[^\"\n]{3,}\"")


def quotes(text: str, sent: Span) -> list[Span]:
    """Quoted stretches of a sentence (“…” or "…")."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text, sent[0], sent[1])]


def _speaker_of_quote(frames: list[Frame], q: Span) -> Frame | None:
    """The sourced frame right outside a quotation: '“…,” she said' or 'X said: “…”'."""
    for f in frames:
        if not f.source or f.local or f.cue_span is None:
            continue
        beside = q[1] <= f.cue_span[0] <= q[1] + 40 or q[0] - 40 <= f.cue_span[1] <= q[0]
        if beside and not (q[0] <= f.at < q[1]):
            return f
    return None


def choose(
    frames: list[Frame], fig: Span, clause_breaks: list[int], quoted: list[Span] | None = None
) -> Frame | None:
    """The frame that governs the figure at ``fig``: the nearest that can, noun-phrase frames only next to it.

    A figure inside a quotation belongs to whoever is quoted; a frame inside the
    quotation ("They tell us …") joins the chain behind the speaker.
    """
    for q in quoted or []:
        if q[0] <= fig[0] and fig[1] <= q[1]:
            outer = _speaker_of_quote(frames, q)
            if outer is not None:
                inner = [f for f in frames if f.source and q[0] <= f.at < q[1] and f is not outer]
                if inner:
                    extra = tuple(
                        Party(f.source, f.source_span, f.cue, f.cue_span)
                        for f in inner
                        if f.source and f.source_span
                    )
                    return Frame(
                        outer.kind,
                        outer.source,
                        outer.source_span,
                        outer.cue,
                        outer.cue_span,
                        outer.at,
                        outer.local,
                        outer.carries,
                        outer.chain + extra,
                    )
                return outer
    best: tuple[float, Frame] | None = None
    for f in frames:
        if f.kind == "mention":
            continue
        if f.local:
            gap = fig[0] - (f.cue_span[1] if f.cue_span else f.at) if f.at < fig[0] else f.at - fig[1]
            if gap > 60 or gap < -1:
                continue
            if any(min(f.at, fig[0]) < b < max(f.at, fig[1]) for b in clause_breaks):
                continue
            dist = float(max(0, gap)) * 0.5
        else:
            dist = float(abs(f.at - fig[0]))
            if f.at > fig[1]:
                dist *= 1.2
        if f.kind == "passive" and f.at > fig[0]:
            continue
        if best is None or dist < best[0] or (dist == best[0] and f.source and not best[1].source):
            best = (dist, f)
    if best and best[1].kind == "passive":
        after = [f for f in frames if f.source and not f.local and f.at > fig[1]]
        if after:
            return min(after, key=lambda f: f.at)
    return best[1] if best else None


def resolve(f: Frame, state: State, text: str) -> Frame:
    """Replace a pronoun or first-person source with the party it stands for; remember named parties."""
    r = _res()
    src = f.source
    if src and (r["pronoun"].match(src) or r["first_person"].match(src)):
        low = src.lower()
        target: Frame | None
        if r["first_person"].match(low):
            if not (state.speaker or state.doc_speaker):
                words = src.split()
                if len(words) > 1 and any(w[:1].isupper() for w in words[1:]):
                    return (
                        f  # "Our General Staff", "our correspondent Bram Tellier": keep the words as written
                    )
                # "we", "our estimates" with nobody speaking: the document's own voice
                return Frame(f.kind, None, None, f.cue, f.cue_span, f.at, f.local, False, f.chain)
            target = state.speaker or state.doc_speaker or None
        elif low in ("he", "she"):
            titled = _nearest_name(text, f.at, titled=True)
            if state.last_person and (titled is None or state.last_person.at >= titled.at):
                target = state.last_person
            else:
                target = titled or _nearest_name(text, f.at, titled=False) or state.last_source
        else:
            target = state.last_source
        if target and target.source:
            return Frame(
                f.kind,
                target.source,
                target.source_span,
                f.cue,
                f.cue_span,
                f.at,
                f.local,
                f.carries,
                f.chain,
            )
        return Frame(f.kind, None, None, f.cue, f.cue_span, f.at, f.local, f.carries, f.chain)
    if src and r["first_person"].match(src.split()[0]) and (state.speaker or state.doc_speaker):
        owner = state.speaker or state.doc_speaker
        if owner and owner.source:
            return Frame(
                f.kind, owner.source, owner.source_span, f.cue, f.cue_span, f.at, f.local, f.carries, f.chain
            )
    if src and _GENERIC_OWNED.match(src) and state.last_source and state.last_source.source:
        t = state.last_source
        return Frame(f.kind, t.source, t.source_span, f.cue, f.cue_span, f.at, f.local, f.carries, f.chain)
    return f


def _nearest_name(text: str, at: int, titled: bool) -> Frame | None:
    """The last personal name ("Ilona Rask") written before ``at``: a pronoun's likeliest antecedent."""
    lo = max(0, at - 800)
    best: re.Match[str] | None = None
    for m in _PERSON_NAME.finditer(text, lo, at):
        if _PLACE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue
        if m.group(1).split()[0] in ("The", "A", "An") or _res()["role"].search(m.group(1)):
            continue  # an organisation or a titled body, not a person
        if titled and not _PERSON_HINT.search(text, max(0, m.start() - 30), m.start()):
            continue  # introduced as a person ("the mayor, Ilario Vasquel")
        if m.start() > 0 and text[m.start() - 1] not in ' \n\t\u00a0("“':
            continue
        best = m
    if best is None:
        return None
    return Frame("verb", best.group(1), (best.start(1), best.end(1)), None, None, best.start())


@lru_cache(maxsize=4096)
def _is_person(source: str) -> bool:
    """A person's name or title ("Col. Veshko", "Ilona Rask"), as opposed to an organisation."""
    if _PERSON_HINT.search(source):
        return True
    return len([w for w in source.split() if w[:1].isupper()]) >= 2 and not _res()["role"].search(source)


def remember(f: Frame, state: State) -> None:
    if not f.source:
        return
    state.last_source = f
    if _is_person(f.source):
        state.last_person = f

"""Document subjects: "Figures from the health ministry show …" names its party as the subject of a verb."""

from __future__ import annotations

import re

from ...model import Span
from ..lexicon import Hit
from .frame import Frame
from .nounphrase import clean_np, name_like, segments_before, valid_np
from .patterns import document_links, res

_ARTICLE_END = re.compile(r"(?:^|\s)(?:the|a|an|its|their)$", re.I)
_DOC_STOP = re.compile(r"[,;:!?()\[\]—–“”\"]")  # a document subject's party ends before these
_NON_SPACE_RUN = re.compile(r"\S+")


def document_subject(text: str, s0: int, s1: int, m: re.Match[str], cues: list[Hit]) -> Frame | None:
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
    if link not in document_links():
        return None
    r = res()
    head_start = m.start("head")
    seg_start = segments_before(text, s0, head_start)[0][0]
    lead = text[seg_start:head_start].split()
    if lead and (
        len(lead) > 3
        or not all(w.isalpha() for w in lead)
        or any(w[:1].isupper() for w in lead[1:])
        or r["prep_start"].match(lead[0])
        or r["finite_verb"].search(" ".join(lead))
        or r["report_verb"].search(" ".join(lead))
        or any(seg_start <= h.start < head_start for h in cues)
    ):
        return None  # not the subject of its clause: "According to figures from …", "X said figures from …"
    stop = _DOC_STOP.search(text, m.end(), s1)
    limit = min(stop.start() if stop else s1, m.end() + 120)
    for verb in r["document_verb"].finditer(text, m.end(), limit):
        span = clean_np(text, m.end(), verb.start())
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
    r = res()
    aux = r["aux"].search(text, span[0], span[1])
    if aux:
        cut = clean_np(text, span[0], aux.start())
        if cut is None:
            return None
        span = cut
    np = text[span[0] : span[1]]
    words = np.split()
    if len(words) > 8 or not valid_np(np) or r["pronoun"].match(np) or r["first_person"].match(np):
        return None
    core = np.split(None, 1)[1] if words[0].lower() == "the" and len(words) > 1 else np
    role = r["role"].search(words[-1]) is not None
    if not (role or name_like(core)):
        return None  # "the past week", "satellites": not a party
    if link == "from" and len(core.split()) == 1 and not role and not (core.isupper() and len(core) >= 2):
        return None  # "figures from Dremmel": a place as likely as a party
    cue_span = (m.start("head"), m.end("link"))
    return Frame("verb", np, span, text[cue_span[0] : cue_span[1]], cue_span, verb_at)

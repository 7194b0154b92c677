"""The subject a sentence opens with: what a pronoun in the next sentence most likely points back to.

"The interior ministry gave a far lower toll. In a statement, it said four had died": "it" is the
ministry, the subject of the sentence before, not the last party that spoke further up ("the
league said"). A reader takes a subject pronoun for the previous sentence's subject when it fits
(a person for "he"/"she", a body for "it"/"they"), whatever verb that sentence used; ``opening``
finds that subject and ``coref.resolve`` prefers it to an older speaker. Only a plain noun phrase
that ends in a role word ("The interior ministry", "The gang's leader, known as …,") opens a
sentence this way; anything else ("In a statement", "Two of the four", a document noun) gives none.
"""

from __future__ import annotations

import re

from ...model import Span
from .frame import Frame
from .patterns import res, words

#: one word of an opening noun phrase (a possessive "gang's" counts as one)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
#: how many words an opening subject may have (articles included)
_MOST_WORDS = 6
#: the articles that may open a subject
_ARTICLES = frozenset({"the", "a", "an", "this"})
#: small words after a role word that continue the noun phrase: no verb follows yet
_CONTINUES = frozenset(
    {"of", "for", "and", "or", "in", "on", "at", "from", "to", "with", "by", "who", "which"}
)


def opening(text: str, sent: Span) -> Frame | None:
    """The party-like noun phrase a sentence opens with, as a frame a pronoun can stand for; None when the
    sentence opens otherwise (a preposition, a number, a pronoun, a name with no role word)."""
    r = res()
    pos = sent[0]
    while pos < sent[1] and not text[pos].isalpha():
        if text[pos].isdigit():
            return None
        pos += 1
    toks: list[re.Match[str]] = []
    for m in _WORD.finditer(text, pos, sent[1]):
        if toks and text[toks[-1].end() : m.start()].strip():
            break  # a comma or a quotation ends the run of words
        toks.append(m)
        if len(toks) > _MOST_WORDS:
            break
    if not toks:
        return None
    first = toks[0].group()
    if first.lower() not in _ARTICLES and not first[:1].isupper():
        return None
    if r["prep_start"].match(first) or r["pronoun"].match(first) or r["first_person"].match(first):
        return None
    if r["negative_subject"].match(text[toks[0].start() : sent[1]]):
        return None  # "No group claimed responsibility. Officials say it …": a subject that names no one
    heads = words("source_heads")
    for k, m in enumerate(toks[: _MOST_WORDS]):
        word = m.group()
        bare = re.sub(r"['’]s?$", "", word)
        if k == 0 and word.lower() in _ARTICLES:
            continue
        if r["role"].fullmatch(bare) and bare == word:
            after = toks[k + 1].group() if k + 1 < len(toks) else None
            gap = text[m.end() : toks[k + 1].start()] if after else text[m.end() : m.end() + 2]
            if after is not None and not gap.strip():
                if not after.islower() or after.lower() in _CONTINUES:
                    return None  # "The health ministry of …", "The army Chief": the phrase goes on
            elif not gap.lstrip().startswith(","):
                return None
            if word.lower() in heads or r["issued_document"].fullmatch(f"the {word}"):
                return None  # "The tally rose": a document is no party a pronoun stands for
            span = (toks[0].start(), m.end())
            np = text[span[0] : span[1]]
            return Frame("mention", np, span, None, None, span[0], local=True, carries=False)
        if word.islower() and (word.endswith("ed") or word in words("finite_verbs")):
            return None  # a verb came first: the subject was no role word
    return None

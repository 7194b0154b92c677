"""Who says a figure: attribution frames and how they reach each figure.

A *frame* is a place where the text attributes: "according to X", "X said",
", said X", "X's estimate of", "estimated by X", "figures compiled by X",
"citing Y" (which extends a chain), a transcript speaker label "NAME:", or a
header such as "Briefing by X". Each figure takes the nearest frame in its
sentence that can govern it; with none, the speaker of its transcript turn,
then an attribution carried from the previous sentence of the same paragraph,
then the document's speaker (a briefing header's, or the issuer its header
names); otherwise the article speaks in its own voice (source None). Pronouns
resolve to the subject the paragraph's previous sentence opens with when it
fits them, else to the last named party.

The same rules apply to every party: no name list decides anything.

Modules, one job each:

- ``frames``: the table of frame rules (``RULES``) and ``sentence_frames``, which runs it;
- ``nounphrase``: the edges of a party's noun phrase, and whether it can be one;
- ``documents``: "Figures from X show …" (a document noun as the subject);
- ``speakers``: transcript labels and document headers;
- ``issuer``: the body a press release's or a communiqué's header names as its issuer;
- ``choice``: which frame governs a figure;
- ``coref``: pronouns and "we" to the party they stand for;
- ``opening``: the subject a sentence opens with, which a pronoun in the next one points back to;
- ``patterns``: the compiled patterns, from the words in ``data/cues.json``;
- ``frame``: the ``Frame`` and ``State`` types.
"""

from __future__ import annotations

from ..gates import gate_phrases
from .choice import across_semicolon, choose, quotes, speaker_after_quote, subject_aside, trailing_cue
from .coref import remember, resolve
from .frame import Frame, State
from .frames import RULES, Rule, sentence_frames
from .speakers import doc_speaker, is_transcript, speaker_of

__all__ = [
    "RULES",
    "Frame",
    "Rule",
    "State",
    "across_semicolon",
    "choose",
    "doc_speaker",
    "gate_phrases",
    "is_transcript",
    "quotes",
    "remember",
    "resolve",
    "sentence_frames",
    "speaker_after_quote",
    "speaker_of",
    "subject_aside",
    "trailing_cue",
]

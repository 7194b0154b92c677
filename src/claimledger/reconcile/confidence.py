"""Flag confidence: whether a claim was read firmly enough to raise a contradiction or a regression.

A flag says two statements cannot both hold. That is only worth a fact-checker's time when both were
read with confidence: who says it, and when. A claim is read with confidence when

- **who**: it is attributed with an explicit cue ("said", "put the toll at"), or it is the article's
  own voice (the GUIDE counts an outlet's own voice as a voice: two outlets' own figures can
  contradict). A source with no cue of its own was carried over from a neighbouring sentence or
  guessed: the figure may be someone else's;
- **when**: its date was written in its own sentence, or it is the publication date (no date
  written). A date written in another sentence was borrowed from a neighbouring figure.

A claim without that confidence still joins its measure, its timeline and its grades' evidence; it
raises no contradiction and no regression. ``why_not`` says why, for the conflicts page and
``explain``. The rule reads only the claim's own columns, so it costs nothing per row in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: 1 when a claims row was read with confidence (see the module docstring), as a SQL expression
CONFIDENT_SQL = (
    "CASE WHEN cue_start IS NOT NULL AND sentence_start IS NOT NULL "
    "AND (cue_start < sentence_start OR cue_start >= sentence_end) THEN 0 "
    "WHEN as_of IS NOT NULL AND time_start IS NOT NULL AND sentence_start IS NOT NULL "
    "AND (time_start < sentence_start OR time_start >= sentence_end) THEN 0 ELSE 1 END"
)


def why_not(claim: Mapping[str, Any]) -> str | None:
    """Why a claim (a claims row as a mapping) raises no contradiction or regression; None when it may.

    The same rule as ``CONFIDENT_SQL``, in words."""
    c, s0, s1 = claim.get("cue_start"), claim.get("sentence_start"), claim.get("sentence_end")
    if c is not None and s0 is not None and s1 is not None and not s0 <= c < s1:
        return "its attribution was carried over from another sentence"
    t = claim.get("time_start")
    if claim.get("as_of") is not None and t is not None and s0 is not None and s1 is not None and not (
        s0 <= t < s1
    ):
        return "its date was written outside its sentence (borrowed from a neighbouring figure)"
    return None

"""Flag confidence: whether a claim was read firmly enough to raise a contradiction.

A contradiction says two statements cannot both hold. That is only worth a fact-checker's time when
both were read with confidence: who says it, and when. A claim is read with confidence when

- **who**: its attribution cue ("said", "put the toll at") is in the figure's own sentence, or it is
  the article's own voice (the GUIDE counts an outlet's own voice as a voice: two outlets' own
  figures can contradict). A source carried over from another sentence may be somebody else's;
- **when**: its date was written in its own sentence, or no date was written (the publication date).
  A date written in another sentence was borrowed from a neighbouring figure.

A claim without that confidence still joins its measure, its timeline and the estimates; it raises
no contradiction. Regressions do not ask for it: one party's running total is the GUIDE's own case
for carrying attribution over. ``why_not`` says why in words, for the review page's claim card and
``measure_timeline``. The rule reads only the claim's own columns, in SQL, so it costs no Python per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: 1 when a claims row was read with confidence (see the module docstring), as a SQL expression
CONFIDENT_SQL = (
    "CASE WHEN sentence_start IS NULL OR sentence_end IS NULL THEN 1 "
    "WHEN cue_start IS NOT NULL AND (cue_start < sentence_start OR cue_start >= sentence_end) THEN 0 "
    "WHEN as_of IS NOT NULL AND time_start IS NOT NULL "
    "AND (time_start < sentence_start OR time_start >= sentence_end) THEN 0 ELSE 1 END"
)


def why_not(claim: Mapping[str, Any]) -> str | None:
    """Why a claim (a claims row as a mapping) raises no contradiction; None when it may.

    The same rule as ``CONFIDENT_SQL``, in words; ``restated`` (``restated.restated_sql``, when the
    mapping has it) is the new figure of a revision, read with the replaced figure's date."""
    c, s0, s1 = claim.get("cue_start"), claim.get("sentence_start"), claim.get("sentence_end")
    if c is not None and s0 is not None and s1 is not None and not s0 <= c < s1:
        return "its attribution was carried over from another sentence"
    if claim.get("restated"):
        return "its date was written for the older figure it replaces (a restated revision: restated.py)"
    t = claim.get("time_start")
    if claim.get("as_of") is not None and t is not None and s0 is not None and s1 is not None and not (
        s0 <= t < s1
    ):
        return "its date was written outside its sentence (borrowed from a neighbouring figure)"
    return None

"""What every extraction must satisfy, whatever the text: the traceability promise as a check.

``problems(text, claims)`` lists every broken promise (empty when all hold):

* each span lies inside the text, start before end;
* each field with a surface is exactly the text at its span: the figure, the
  subject, the place, the time, the source and cue, and every party and cue of
  the attribution chain;
* the figure lies inside its sentence;
* low and high are finite, and the claim's ``to_dict()`` is strict JSON
  (``json.dumps(..., allow_nan=False)``).

The fuzz test and ``benchmarks/fuzz_extract.py`` run it on generated text; it is
cheap enough to run on any extraction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from ..model import Claim, Span

#: span field -> the field holding the text it must slice to
SURFACES = {
    "span": "text",
    "subject_span": "subject",
    "place_span": "place",
    "time_span": "time_text",
    "source_span": "source",
    "cue_span": "cue",
}
#: span fields with no surface of their own: they need only lie inside the text
RANGE_ONLY = ("hedge_span", "event_span", "sentence_span")


def problems(text: str, claims: Iterable[Claim]) -> list[str]:
    """Every way ``claims`` break the promises above, as readable lines; empty when none is broken."""
    out: list[str] = []
    n = len(text)

    def check(sp: Span | None, surface: str | None, what: str) -> None:
        if sp is None:
            return
        if not (0 <= sp[0] <= sp[1] <= n):
            out.append(f"{what} {sp} outside the text (length {n})")
        elif surface is not None and text[sp[0] : sp[1]] != surface:
            out.append(f"{what} {sp} slices to {text[sp[0] : sp[1]]!r}, the field is {surface!r}")

    for i, c in enumerate(claims):
        at = f"claim {i} ({c.text!r})"
        for span_field, surface_field in SURFACES.items():
            check(getattr(c, span_field), getattr(c, surface_field), f"{at} {span_field}")
        for span_field in RANGE_ONLY:
            check(getattr(c, span_field), None, f"{at} {span_field}")
        if not (c.sentence_span[0] <= c.span[0] and c.span[1] <= c.sentence_span[1]):
            out.append(f"{at} figure {c.span} outside its sentence {c.sentence_span}")
        for k, p in enumerate(c.reported_by):
            check(p.span, p.name, f"{at} reported_by[{k}].span")
            check(p.cue_span, p.cue, f"{at} reported_by[{k}].cue_span")
        for name in ("low", "high"):
            v = getattr(c, name)
            if v is not None and not math.isfinite(v):
                out.append(f"{at} {name} is {v}")
        try:
            json.dumps(c.to_dict(), allow_nan=False)
        except (TypeError, ValueError) as exc:
            out.append(f"{at} to_dict() is not strict JSON: {exc}")
    return out

"""Placeholder pipeline (replaced by the full rule engine)."""

from __future__ import annotations

import re
from datetime import date

from ..model import Claim
from .vocab import RULES_VERSION

_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def extract_claims(text: str, published: date | None) -> list[Claim]:
    out = []
    for m in _NUM.finditer(text):
        v = float(m.group().replace(",", "")) if m.group().replace(",", "").replace(".", "", 1).isdigit() else None
        out.append(Claim(span=(m.start(), m.end()), text=m.group(), low=v, high=v, hedge="exact", unit="count",
                         event="other", sentence_span=(m.start(), m.end()), rules=RULES_VERSION))
    return out

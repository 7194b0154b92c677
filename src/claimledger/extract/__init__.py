"""Figure-claim extraction: text in, attributed claims out.

``extract`` is the one entry point the CLI, the ledger and the batch job call.
It is pure (same text and date in, same claims out) and never raises on odd
text: the worst an article can do is yield no claims.
"""

from __future__ import annotations

from datetime import date

from ..model import Claim
from .pipeline import extract_claims
from .vocab import RULES_VERSION

__all__ = ["RULES_VERSION", "extract"]


def extract(text: str, published: date | str | None = None) -> list[Claim]:
    """Every figure claim in ``text``, in document order.

    ``published`` (a ``date`` or ISO ``YYYY-MM-DD`` string) anchors relative
    times such as "on Monday" or "last week"; without it they stay unresolved.
    """
    if isinstance(published, str):
        published = date.fromisoformat(published[:10]) if published.strip() else None
    return extract_claims(text, published)

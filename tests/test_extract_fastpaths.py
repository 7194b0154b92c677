"""The extractor's fast paths give exactly what the plain scans they replace give.

Each speed-up skips work the rules say cannot succeed; these tests compare it
with the plain code on many random strings built from the words that matter
(and some that only look as if they do).
"""

from __future__ import annotations

import random

from claimledger.extract import timeref

_TIME_WORDS = (
    "since from as of at on in over during the this past last Past LAST 14 3rd 14th 2031 1999 24"
    " March Mar mar. may May Sept sept. dec Decades dismay Monday wednesday Fridays yesterday today"
    " morning night midnight dawn week month months year years hours day days tonight overnight said"
    " killed people ſince İn \u212a asof fromMay since14 onMonday sinceMarch"
)
_TIME_TOKENS = [*_TIME_WORDS.split(), "the past", ",", ".", "  ", "\u00a0", "\n", "“", "’s", "-"]
_SEPS = [" ", " ", " ", "", "  ", "\u00a0", ", ", "\n"]


def _random_text(rnd: random.Random, tokens: list[str]) -> str:
    text = "".join(rnd.choice(tokens) + rnd.choice(_SEPS) for _ in range(rnd.randint(1, 14)))
    roll = rnd.random()
    if roll < 0.15:
        return text.upper()
    if roll < 0.3:
        return text.title()
    return text


def test_time_matches_equal_plain_finditer() -> None:
    pat = timeref._res()[0]
    rnd = random.Random(20310611)
    found = 0
    for _ in range(20000):
        text = _random_text(rnd, _TIME_TOKENS)
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        plain = [(m.span(), m.groupdict()) for m in pat.finditer(text, start, end)]
        fast = [(m.span(), m.groupdict()) for m in timeref._matches(pat, text, start, end)]
        assert fast == plain, (text, start, end)
        found += len(plain)
    assert found > 5000  # the strings do hold many time expressions

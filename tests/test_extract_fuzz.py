"""Fuzzing ``extract`` with hypothesis: no exception, every promise of ``extract.check`` kept.

Two profiles. The default, ``fuzz-short``, runs a few hundred examples per
test so the normal suite stays quick. ``fuzz-long`` runs as many as
``CLAIMLEDGER_FUZZ_EXAMPLES`` says (default 20,000 per test) for a long session:

    CLAIMLEDGER_FUZZ=long .venv/bin/pytest tests/test_extract_fuzz.py -q

Time is never asserted here; ``benchmarks/fuzz_extract.py`` measures it per KB
and reports inputs over budget. A failure hypothesis finds belongs in
``tests/data/extract_regressions.json`` once fixed.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extract import extract
from claimledger.extract.check import problems

settings.register_profile(
    "fuzz-short", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz-long",
    max_examples=int(os.environ.get("CLAIMLEDGER_FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("fuzz-long" if os.environ.get("CLAIMLEDGER_FUZZ") == "long" else "fuzz-short")

SENTENCES = [
    "At least 19 people were killed in Pellmar on Friday, the mayor said.",
    "The Tervish Red Lantern said around 2,300 families had fled since March 3.",
    "Rights monitors put the number of detainees at between 400 and 550, according to a survey.",
    "“Hundreds more will leave by Sunday,” a spokesman for the Ostrel Relief Network said.",
    "According to figures from the Tolmar council, 1,204 homes were destroyed last week.",
    "KOVAR: We counted 45 dead. They tell us 60 more are missing.",
    "Some 3.5m people have been displaced, the agency's tally shows, citing local officials.",
    "One in ten soldiers was wounded in the past 24 hours, the Kestrel Council's figures show.",
]
LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\n\n", "\r\n\r\n"]
ODD = ["İ", "ı", "ſ", "K", "ß", "ﬁ", "Σ", "\u0307", "١٢", "१२", "１２"]
ODD += ["\u200f", "\u202e", "\ufeff", "\u00a0"]
HUGE = ["9" * 400, "1" + "0" * 400, "10^400", "1" + ",000" * 110, "99999999999 days", "0" * 40 + "ll may"]
PUNCT = [*".,;:!?\"'()“”‘’—–-…", "...", "“”"]

odd_text = st.lists(
    st.one_of(
        st.characters(blacklist_categories=["Cs"]),
        st.sampled_from([*LINE_BREAKS, *ODD, *PUNCT, " ", "0", "7", "s", "i", "I", "said", "killed", "may"]),
    ),
    max_size=200,
).map("".join)


@st.composite
def mutated_news(draw: st.DrawFn) -> str:
    """News sentences with characters, line breaks, odd letters and huge numbers put in."""
    text = draw(st.sampled_from([*LINE_BREAKS, " "])).join(
        draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4))
    )
    if draw(st.booleans()):
        text = draw(st.sampled_from([str.upper, str.title, str.lower]))(text)
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(LINE_BREAKS + ODD + HUGE + PUNCT), st.text(max_size=3)))
        if draw(st.booleans()) and i < len(text):
            text = text[:i] + piece + text[i + 1 :]  # replace a character
        else:
            text = text[:i] + piece + text[i:]
    return text


punctuation_runs = st.lists(
    st.one_of(
        st.builds(lambda c, n: c * n, st.sampled_from(PUNCT), st.integers(1, 80)),
        st.integers(0, 10**6).map(str),
        st.sampled_from(["said", "killed", "may", "Sunday", "according to", " ", "the mayor"]),
    ),
    max_size=30,
).map(" ".join)

huge_numbers = st.builds(
    lambda s, n, at: " ".join([*s.split(" ")[:at], n, *s.split(" ")[at:]]),
    st.sampled_from(SENTENCES),
    st.sampled_from(HUGE),
    st.integers(0, 12),
)

published = st.sampled_from([None, "2031-03-11", "0001-01-02", "9999-12-30"])


def check(text: str, pub: str | None) -> None:
    assert problems(text, extract(text, pub)) == []


@PROFILE
@given(odd_text, published)
def test_random_unicode(text: str, pub: str | None) -> None:
    check(text, pub)


@PROFILE
@given(mutated_news(), published)
def test_mutated_news(text: str, pub: str | None) -> None:
    check(text, pub)


@PROFILE
@given(punctuation_runs, published)
def test_punctuation_runs(text: str, pub: str | None) -> None:
    check(text, pub)


@PROFILE
@given(huge_numbers, published)
def test_huge_numbers(text: str, pub: str | None) -> None:
    check(text, pub)

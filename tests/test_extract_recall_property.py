"""No loss of recall (issue 10): a real count in an ordinary wire sentence always gives a claim.

Sentences are composed from parts (``recall_sentences``): subject, verb, figure, counted noun,
adjunct and speaker tail, with speakers of every kind (bodies whose names hold numbers, force words,
titles, acronyms). Whatever the parts, the figure must come out with its value and an event; no
word of the speaker's noun phrase may decide the figure's event or drop it. The hypothesis test
draws combinations; the parametrised cases pin one sentence of each class that once lost its figure.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extract import extract_claims
from claimledger.extract.check import problems
from recall_sentences import ADJUNCTS, FIGURES, HEADLINES, SPEAKERS, SUBJECTS, TAILS, VERBS, Case, compose

GARRISON = "the garrison"
NONE = None  # the speaker is not read yet (attribution): the figure must still stay


def _found(text: str, figure: str, value: float) -> list[str]:
    """The events of the claims that read ``figure`` with ``value`` (empty when it vanished)."""
    claims = extract_claims(text, None)
    assert problems(text, claims) == []
    return [c.event for c in claims if c.text in figure and c.low == value and c.event]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.tuples(
        st.integers(0, len(SUBJECTS) - 1),
        st.integers(0, len(VERBS) - 1),
        st.integers(0, len(FIGURES) - 1),
        st.integers(0, 2),
        st.integers(0, len(ADJUNCTS) - 1),
        st.integers(0, len(SPEAKERS) - 1),
        st.integers(0, len(TAILS) - 1),
    )
)
def test_a_composed_sentence_keeps_its_figure(parts: tuple[int, int, int, int, int, int, int]) -> None:
    case: Case = compose(*parts)
    assert _found(case.text, case.figure, case.value), case.text


@pytest.mark.parametrize(
    ("text", "figure", "value", "event", "source"),
    [
        # a speaker's noun phrase that was not read as a party: the clause before it is no speaker
        (
            "Gunmen ambushed a convoy, killing six guards, the garrison said.",
            "six",
            6.0,
            "killed",
            "the garrison",
        ),
        (
            "Raiders burned a depot, killing four guards, the army's 12 Corps said.",
            "four",
            4.0,
            "killed",
            "the army's 12 Corps",
        ),
        # an inverted cue after a clause that counts: the clause is no speaker
        ("Armed herders killed six farmers, said the Tolvan ministry.", "six", 6.0, "killed", None),
        # a force word as the speaker decides nothing about the figure
        ("Gunmen killed 14 guards near Kaldun, the garrison said.", "14", 14.0, "killed", GARRISON),
    ],
)
def test_the_speaker_never_drops_the_figure(
    text: str, figure: str, value: float, event: str, source: str | None
) -> None:
    claims = [c for c in extract_claims(text, None) if c.text == figure]
    assert [(c.low, c.event) for c in claims] == [(value, event)]
    if source is not None:
        assert claims[0].source == source


@pytest.mark.parametrize(("kind", "headline", "figure", "value"), HEADLINES)
def test_a_title_case_headline_keeps_its_count(kind: str, headline: str, figure: str, value: float) -> None:
    text = f"{headline}\n\nThe report was published on Monday."
    assert _found(text, figure, value), kind


@pytest.mark.parametrize(
    ("headline", "figure"),
    [
        ("Vessa Route 30 Reopens to Traffic", "30"),
        ("Ward 12 Nurses Strike Over Pay", "12"),
        ("Apollo 13 Crew Honoured in Vessa", "13"),
        # a unit's name word before the figure is no headline verb ("force" is also an event word)
        ("Members of Task Force 88, the unit said, were on patrol.", "88"),
    ],
)
def test_a_headline_label_stays_a_label(headline: str, figure: str) -> None:
    """Only a capitalised plural counted noun after the figure makes a headline's number a count; a
    label's head before it ("Route 30", "Ward 12") still marks a label."""
    assert all(c.text != figure for c in extract_claims(headline + "\n\nMore follows.", None))

"""The cheap gates in front of the article-context patterns never skip a text a pattern would match.

``read_context`` runs each containment pattern only when its gate words are written, and
``named_starts_in`` runs its long start pattern only on windows holding a start word; the
measure resolver's phrase lists run their whole-word pattern only when a phrase is a substring.
A gate that misses a word its pattern knows would silently drop a place, kind or war start, so
each gate is checked against the alternatives written in its pattern and on texts that match.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from claimledger.ledger import doc_context as dc
from claimledger.ledger import measure_words as mc


def _alternatives(pattern: re.Pattern[str], group: str) -> set[str]:
    """The words of a named group written as a plain alternation in ``pattern``'s source."""
    m = re.search(rf"\(\?P<{group}>([a-z|]+)\)", pattern.pattern)
    assert m, f"{group} is no longer a plain alternation: update the gate and this test"
    return set(m.group(1).split("|"))


def _group_alternatives(pattern: re.Pattern[str]) -> set[str]:
    """The words of the non-capturing alternation before ``[ ]of[ ]`` (``(?:capital|city|...)[ ]of[ ]``)."""
    m = re.search(r"\(\?:([a-z|]+)\)\[ \]of\[ \]", pattern.pattern)
    assert m, "the kind alternation moved: update the gate and this test"
    return set(m.group(1).split("|"))


def test_every_kind_word_of_the_patterns_is_a_gate_word() -> None:
    assert {w.strip() for w in dc._KIND_AFTER_GATE} == _alternatives(dc._KIND_AFTER, "kind")
    assert {w.strip().removesuffix(" of") for w in dc._KIND_BEFORE_GATE} == _alternatives(
        dc._KIND_BEFORE, "kind"
    )
    assert {w.strip().removesuffix(" of") for w in dc._CAPITAL_OF_GATE} == _group_alternatives(dc._CAPITAL_OF)


SENTENCES = [
    "Ostrel, the capital of Varnia, was shelled.",
    "Pellam, a small town of Kaldy's, emptied.",
    "Fighting reached Merrow, the provincial city of Drest.",
    "Relief came to the city of Tolmar and the province of Sunhaven.",
    "The village of Corvin and the region of Brennick were cut off.",
    "Aid reached Kaldy province, Merrow region and Pellam district on Monday.",
    "Drest governorate, Ostrel oblast, Varnia state and Sunhaven county reported losses.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_gated_patterns_find_what_the_ungated_patterns_find(text: str) -> None:
    for pattern, gate in (
        (dc._CAPITAL_OF, dc._CAPITAL_OF_GATE),
        (dc._KIND_AFTER, dc._KIND_AFTER_GATE),
        (dc._KIND_BEFORE, dc._KIND_BEFORE_GATE),
    ):
        ungated = [m.group() for m in pattern.finditer(text)]
        assert [m.group() for m in dc._gated(pattern, text, text, gate)] == ungated


def test_the_gates_let_no_pattern_run_on_a_text_without_their_words() -> None:
    text = "Officials of the ministry said the convoy of trucks waited."  # " of " but no kind word
    for pattern, gate in (
        (dc._CAPITAL_OF, dc._CAPITAL_OF_GATE),
        (dc._KIND_BEFORE, dc._KIND_BEFORE_GATE),
    ):
        assert dc._gated(pattern, text, text, gate) == []


@pytest.mark.parametrize(
    "text",
    [
        "The war began on 12 September, officials said.",
        "Since the invasion on March 4, 1,200 people have been killed.",
        "Its offensive began on February 20 along the river.",
        "Operation Ironwood began on 3 May and continued.",
        "Since the OFFENSIVE began on 9 June the toll has doubled.",
        "Since the \u212aelmorian siege began on 2 July the city starved.",  # a Kelvin sign: no ASCII test
    ],
)
def test_named_starts_are_found_through_the_start_word_gate(text: str) -> None:
    from datetime import date

    pub = date(2031, 12, 1)
    ungated = [m.group() for m in dc._NAMED_START.finditer(text)]
    assert ungated, "the example must match the pattern"
    assert dc._may_name_start(text, 0, len(text))
    assert dc.named_starts_in(text, pub), text


def test_a_since_date_without_a_start_word_skips_the_start_pattern() -> None:
    assert not dc._may_name_start("Since March 4, 1,200 people have been killed.", 0, 45)


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("killed in the past 24 hours", ("in the past 24 hours", "overnight")),
        ("the toll so far", ("toll", "so far")),
        ("a tolling bell", ("toll",)),  # a substring but no whole word: the pattern still decides
        ("OVERNIGHT strikes", ("overnight",)),
    ],
)
def test_phrase_gate_keeps_the_whole_word_answer(text: str, phrases: tuple[str, ...]) -> None:
    m = mc._phrase_pattern(phrases).search(text.casefold())
    assert mc._contains(text, phrases) == (m.group() if m else None)
    assert mc._contains(text, list(phrases)) == mc._contains(text, phrases)
    assert mc._find_all(text, phrases) == [
        (x.start(), x.group()) for x in mc._phrase_pattern(phrases).finditer(text.casefold())
    ]


@pytest.mark.parametrize("text", [
    "since Maravel invaded on 2 February",
    "since its forces crossed the border on 2 February 2033",
    "CALVORIA-MARAVEL WAR (since 2 February 2033)",
    "the insurgency (from 14 March 2034)",
    "Calvoria declared a state of emergency in Hollin province on 14 March.",
    "HOLLIN UNREST (state of emergency since 14 March 2034)",
    "FENWICK (siege since 19 August)",
])
def test_every_text_the_verb_start_pattern_reads_passes_its_gate(text: str) -> None:
    """A start said with a verb or in a heading's brackets is found only when a gate word is written."""
    assert dc._VERB_START.search(text), text
    assert any(w in text.casefold() for w in dc._VERB_START_GATE), text
    assert dc.named_starts_in(text, date(2034, 6, 1)), text

"""The three acronym readings in ``ledger.acronyms``, each as strict as its caller needs (invented names)."""

from __future__ import annotations

import pytest

from claimledger.ledger.acronyms import acronym_fits, initials, is_acronym, spelled_out


@pytest.mark.parametrize(("word", "expected"), [("JRO", True), ("IS", True), ("Jro", False), ("J", False),
                                                ("ABCDEFGHI", False)])
def test_an_acronym_is_two_to_eight_capitals(word: str, expected: bool) -> None:
    assert is_acronym(word) is expected


def test_a_defined_acronym_may_take_more_than_an_initial() -> None:
    assert acronym_fits("VEMA", "Velmor Migration Agency")  # V-E from Velmor
    assert not acronym_fits("VMX", "Velmor Migration Agency")


@pytest.mark.parametrize(("acr", "text", "expected"), [
    ("JRO", "KESSEL (JRO Bulletin) - the Joint Relief Office has verified 40", "Joint Relief Office"),
    ("JRO", "The Joint Relief Office for the Tessary Coast said", None),  # four content words, three letters
    ("VEMA", "the Velmor Migration Agency said", None),  # spelled exactly by initials, never loosely
])
def test_an_acronym_is_spelled_out_by_initials_alone(acr: str, text: str, expected: str | None) -> None:
    assert spelled_out(acr, text) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Tessary Displacement Office", "TDO"),
    ("Office to Aid the Returnees at Velm", "OARV"),  # "to", "at" are skipped here as well
    ("Relief Office", None),  # two words: too short to stand for one body across the ledger
    ("VRO Office for Returnees", None),  # holds an acronym already
    ("Tessary relief Office", None),  # a lower-case content word: a description
])
def test_the_initials_of_a_name_are_strict(name: str, expected: str | None) -> None:
    assert initials(name) == expected

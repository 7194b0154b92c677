"""Containment read from the text: a settlement in its township, a township in its region.

Reports of one strike name its place at different grains ("Hollow Ash village in Merrin township",
"Hollow Ash, a village in Merrin township, Dovel region", "the Dovelia village of Hollow Ash");
the ledger learns which place lies in which (``doc_context.read_context``), so a later report that
names the village in passing ("in the air strike on Hollow Ash village, Merrin township") is read
as the village's, not the country's.
"""

from __future__ import annotations

import pytest

from claimledger.ledger import doc_context as dc


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "Jets struck Hollow Ash, a village in Merrin township, Dovel region, on Tuesday.",
            {"hollow ash": "merrin", "merrin": "dovel"},
        ),
        ("A strike near Hollow Ash village in Merrin township killed 22.", {"hollow ash": "merrin"}),
        ("The strike on Hollow Ash village, Merrin township, on 11 April.", {"hollow ash": "merrin"}),
        ("Wounded from the Dovelia village of Hollow Ash reached the border.", {"hollow ash": "dovelia"}),
    ],
)
def test_a_settlement_lies_in_the_district_the_text_puts_it_in(text: str, links: dict[str, str]) -> None:
    ctx = dc.read_context(text, "2037-04-12")
    assert {k: v for k, v in ctx.parents.items() if k in links} == links


def test_a_people_before_the_kind_is_no_place() -> None:
    # "the Dovelian village of Hollow Ash": a people's word, not the country the village lies in
    ctx = dc.read_context("Shells hit the Dovelian village of Hollow Ash overnight.", "2037-04-12")
    assert "hollow ash" not in ctx.parents


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck Hollow Ash, a village in Merrin township, Dovel region, on Tuesday.",
        "A strike near Hollow Ash village in Merrin township killed 22.",
        "Wounded from the Dovelia village of Hollow Ash reached the border.",
        "Carrow town, Pell district, emptied; the Velmar hamlet of Tosk burned.",
    ],
)
def test_the_settlement_gates_let_every_match_through(text: str) -> None:
    for pattern in (dc._SETTLEMENT_IN, dc._COUNTRY_SETTLEMENT):
        ungated = [m.group() for m in pattern.finditer(text)]
        gated = [m.group() for m in dc._gated(pattern, text, text.casefold(), dc._SETTLEMENT_GATE)]
        assert gated == ungated


@pytest.mark.parametrize(
    "text",
    [
        "Sirens sounded in Kessaro, the Vandrian capital, overnight. Vandria's army said little.",
        "The Vandrian capital, Kessaro, was quiet. Troops left Vandria.",
        "Vandria's capital, Kessaro, was quiet on Sunday.",
        "In Kessaro, Vandria's capital, the ministry spoke.",
    ],
)
def test_a_capital_named_with_its_country_lies_in_it(text: str) -> None:
    # round eight: "Kessaro, the Vandrian capital" is as good as "Kessaro, the capital of Vandria"
    ctx = dc.read_context(text, "2037-04-12")
    assert ctx.parents.get("kessaro") == "vandria"


@pytest.mark.parametrize(
    "text",
    [
        "Kessaro, the old capital, burned on Sunday.",  # no people's word: no country
        "The Vandrian capital was quiet; Vandrians fled.",  # no capital named
    ],
)
def test_a_capital_with_no_country_written_is_placed_nowhere(text: str) -> None:
    ctx = dc.read_context(text, "2037-04-12")
    assert "kessaro" not in ctx.parents and "vandrian" not in ctx.parents


def test_an_article_opening_a_sentence_is_no_place_of_a_kind() -> None:
    # "The state of emergency", "The regional administration": no place called "The"
    text = "The state of emergency was extended. The governor spoke in Kaldmoor province."
    ctx = dc.read_context(text, "2037-04-12")
    assert "the" not in ctx.kinds and ctx.kinds.get("kaldmoor") == "province"


def test_one_place_however_written() -> None:
    # accents, hyphens and case are folded when measures compare places
    assert dc.place_fold("Port-Gérard") == dc.place_fold("Port Gerard") == dc.place_fold("PORT-GERARD")
    assert dc.place_fold("Kessaro") == "kessaro"
    assert dc.fold("Sainte-Méra") == "sainte-mera"

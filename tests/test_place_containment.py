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

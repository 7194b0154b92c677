"""The data model round-trips through JSON and keeps its invariants."""

from __future__ import annotations

import json

import claimledger
from claimledger.model import Claim, Document, Party, content_id


def test_public_api_is_what_we_mean() -> None:
    assert sorted(claimledger.__all__) == sorted(
        ["RULES_VERSION", "Claim", "ClaimledgerError", "Document", "InputError", "LedgerError", "Party",
         "RuleDataError", "__version__", "content_id", "extract"]
    )


def test_claim_round_trips_through_json() -> None:
    c = Claim(span=(3, 5), text="23", low=23.0, high=23.0, hedge="exact", unit="count", event="killed",
              sentence_span=(0, 20), rules="r", source="the governor", source_span=(7, 19), cue="said",
              cue_span=(1, 2), reported_by=(Party("the governor", (7, 19), "said", (1, 2)),))
    d = json.loads(json.dumps(c.to_dict()))
    assert d["span"] == [3, 5] and d["reported_by"][0]["span"] == [7, 19]
    assert Claim.from_dict(d) == c


def test_document_id_is_a_content_hash() -> None:
    a = Document.from_text("Ten killed.", url="u1")
    b = Document.from_text("Ten killed.", url="u2")
    assert a.id == b.id == content_id("Ten killed.")
    assert a.id != content_id("Eleven killed.")

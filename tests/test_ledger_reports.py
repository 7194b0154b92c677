"""Report queries: every filter, on a small hand-built ledger (library level, no subprocess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.ledger import Ledger, open_ledger
from claimledger.ledger.query import Filters, fts_query, report, total
from ledger_util import doc, make_claim

A = "Varnia's Ministry of Health said 4,020 civilians have been killed in Brennick."
B = "The Tolmar Relief Network said 12,000 families had been displaced from Brennick by shelling."
C = "The Tolmar Relief Network said on Tuesday that 15,500 families had been displaced from Brennick."
D = "At least 7 civilians were killed in Tolmar overnight."


@pytest.fixture
def led(tmp_path: Path) -> Ledger:
    ledger = open_ledger(tmp_path / "l.db")
    ledger.add(doc(A, title="Toll", published="2030-04-02"), claims=[
        make_claim(A, "4,020", subject="civilians", place="Brennick", source="Varnia's Ministry of Health",
                   period_start="2030-03-01", as_of="2030-04-02")])
    ledger.add(doc(B, title="Shelling displaces thousands", published="2030-04-03"), claims=[
        make_claim(B, "12,000", event="displaced", subject="families", place="Brennick",
                   source="The Tolmar Relief Network", as_of="2030-04-01")])
    ledger.add(doc(C, title="Displacement grows", published="2030-04-09"), claims=[
        make_claim(C, "15,500", event="displaced", subject="families", place="Brennick",
                   source="The Tolmar Relief Network", as_of="2030-04-08")])
    ledger.add(doc(D, title="Overnight", published="2030-03-15"), claims=[  # undated claim, own voice
        make_claim(D, "7", subject="civilians", place="Tolmar")])
    yield ledger  # type: ignore[misc]
    ledger.close()


def figures(led: Ledger, **kw: object) -> list[str]:
    return [str(r["figure"]) for r in report(led.conn, "claims", Filters(**kw))]  # type: ignore[arg-type]


def test_claims_newest_first_with_their_sentence_source_and_measure(led: Ledger) -> None:
    rows = report(led.conn, "claims")
    assert [r["figure"] for r in rows] == ["15,500", "4,020", "12,000", "7"]  # undated last
    assert rows[0]["source"] == "Tolmar Relief Network"
    assert rows[0]["measure"] == "families displaced in Brennick since the war began"
    assert rows[0]["sentence"] == C


@pytest.mark.parametrize("kw, expected", [
    ({"event": "killed"}, ["4,020", "7"]),
    ({"source": "relief network"}, ["15,500", "12,000"]),
    ({"source": "Varnian health officials"}, []),  # a substring filter, not a resolver
    ({"source": "Ministry of Health"}, ["4,020"]),
    ({"measure": "families displaced"}, ["15,500", "12,000"]),
    ({"since": "2030-04-03"}, ["15,500"]),
    ({"until": "2030-04-02"}, ["4,020", "12,000", "7"]),
    ({"until": "2030-03-20"}, ["7"]),  # an undated claim takes its document's date
    ({"search": "shelling"}, ["12,000"]),
    ({"search": "Tuesday displaced"}, ["15,500"]),
    ({"search": 'unbalanced "quote AND ('}, []),
    ({"limit": 1}, ["15,500"]),
])
def test_claim_filters(led: Ledger, kw: dict[str, object], expected: list[str]) -> None:
    assert figures(led, **kw) == expected


def test_document_filter_takes_an_id_prefix(led: Ledger) -> None:
    doc_id = doc(A).id
    assert figures(led, document=doc_id[:6]) == ["4,020"]


def test_measures_count_claims_and_sources_and_span_dates(led: Ledger) -> None:
    rows = report(led.conn, "measures")
    top = rows[0]
    assert top["label"] == "families displaced in Brennick since the war began"
    assert (top["claims"], top["sources"], top["lowest"], top["highest"]) == (2, 1, 12000.0, 15500.0)
    assert (top["first_date"], top["last_date"]) == ("2030-04-01", "2030-04-08")
    assert [r["label"] for r in report(led.conn, "measures", Filters(event="killed"))] == [
        "people killed in Brennick since 2030-03-01",
        "people killed in Tolmar in the 24 hours to 2030-03-15",
    ]


def test_rejected_claims_leave_measure_counts(led: Ledger) -> None:
    led.conn.execute("UPDATE claims SET review_status = 'rejected' WHERE text = '12,000'")
    top = report(led.conn, "measures", Filters(measure="families"))[0]
    assert top["claims"] == 1


def test_sources_are_alphabetical_with_aliases_and_filterable(led: Ledger) -> None:
    rows = report(led.conn, "sources")
    assert [r["name"] for r in rows] == ["Tolmar Relief Network", "Varnia's Ministry of Health"]
    assert rows[0]["claims"] == 2 and rows[0]["documents"] == 2
    assert "The Tolmar Relief Network" in rows[0]["aliases"]
    only = report(led.conn, "sources", Filters(event="killed"))
    assert [r["name"] for r in only] == ["Varnia's Ministry of Health"]


def test_totals_ignore_the_limit(led: Ledger) -> None:
    assert total(led.conn, "claims", Filters(limit=1)) == 4
    assert total(led.conn, "measures") == 3
    assert total(led.conn, "sources", Filters(event="displaced")) == 1
    assert total(led.conn, "sources") == 2


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('harbour "shelling" OR') == '"harbour" "shelling" "OR"'
    assert fts_query("   ") == '""'

"""The ledger's place step (``ledger/measure_place_settle.py``) settles once: run again on its own
result it moves nothing (two readings of a place must never trade a claim back and forth, or a
ledger's measures would depend on how often it was reconciled)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger import open_ledger
from claimledger.ledger.measure_place_settle import settle_unplaced
from claimledger.model import Document
from claimledger.reconcile import reconcile_ledger

GOLDEN = Path(__file__).parent / "data" / "measure_grouping_golden.json"
#: the rounds whose place cases must settle once
_PLACE_ROUNDS = (
    "round nine", "round ten, places", "round twelve, places, second wave", "round fourteen, places"
)
CASES = [
    c
    for c in json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    if "own source" in c["name"] or "filed from joins" in c["name"] or "seat of a national body" in c["name"]
    or c["name"].startswith(_PLACE_ROUNDS)
]
#: the round-nine, round-ten and round-twelve (second wave) place cases: reconciling them again must
#: give every claim the same key
ROUND_NINE = [c for c in CASES if c["name"].startswith(_PLACE_ROUNDS)]
_KEY = (
    "SELECT c.id, m.event, m.subject, m.affiliation, m.place, m.period_kind, m.period_start, m.period_end, "
    "m.unit FROM claims c LEFT JOIN measures m ON m.id = c.measure_id ORDER BY c.id"
)


def test_the_place_cases_are_found() -> None:
    assert len(CASES) >= 3
    assert len(ROUND_NINE) >= 6


@pytest.mark.parametrize("case", ROUND_NINE, ids=[c["name"][:50] for c in ROUND_NINE])
def test_reconciling_twice_gives_the_same_keys(case: dict[str, Any], tmp_path: Path) -> None:
    """The place step is idempotent end to end: a second reconcile changes no claim's measure key."""
    with open_ledger(tmp_path / "g.db") as led:
        for spec in case["docs"]:
            led.add(Document.from_text(spec["text"], published=spec["published"], outlet="Wire"))
        reconcile_ledger(led.conn)
        first = [tuple(r) for r in led.conn.execute(_KEY)]
        reconcile_ledger(led.conn)
        assert [tuple(r) for r in led.conn.execute(_KEY)] == first


@pytest.mark.parametrize("case", CASES, ids=[c["name"][:50] for c in CASES])
def test_settling_places_twice_moves_nothing_the_second_time(case: dict[str, Any], tmp_path: Path) -> None:
    with open_ledger(tmp_path / "g.db") as led:
        for spec in case["docs"]:
            led.add(Document.from_text(spec["text"], published=spec["published"], outlet="Wire"))
        reconcile_ledger(led.conn)
        before = led.conn.execute("SELECT id, measure_id FROM claims ORDER BY id").fetchall()
        with led.conn:
            assert settle_unplaced(led.conn) == 0
        after = led.conn.execute("SELECT id, measure_id FROM claims ORDER BY id").fetchall()
        assert [tuple(r) for r in before] == [tuple(r) for r in after]

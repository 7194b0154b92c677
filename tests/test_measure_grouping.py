"""Golden measure grouping, as data: which figures of a few short articles share a measure.

Each case goes through the real extractor, a real ledger and reconcile (which settles running
totals whose start the ledger learns later), so the rules are tested as a user meets them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger import open_ledger
from claimledger.model import Document
from claimledger.reconcile import reconcile_ledger

GOLDEN = Path(__file__).parent / "data" / "measure_grouping_golden.json"
CASES = json.loads(GOLDEN.read_text(encoding="utf-8"))


def _measures(tmp_path: Path, docs: list[dict[str, Any]]) -> dict[str, str | None]:
    """'N:figure' (and 'N:figure#2' for its second occurrence) -> measure id."""
    out: dict[str, str | None] = {}
    with open_ledger(tmp_path / "g.db") as led:
        ids = []
        for spec in docs:
            doc = Document.from_text(spec["text"], published=spec["published"], outlet="Wire")
            led.add(doc)
            ids.append(doc.id)
        reconcile_ledger(led.conn)
        for n, doc_id in enumerate(ids):
            for text, mid in led.conn.execute(
                "SELECT text, measure_id FROM claims WHERE document_id = ? ORDER BY span_start", (doc_id,)
            ):
                key = f"{n}:{text}"
                while key in out:
                    key = key.split("#")[0] + f"#{int(key.split('#')[1]) + 1 if '#' in key else 2}"
                out[key] = mid
    return out


def _case(start: str) -> dict[str, Any]:
    return next(c for c in CASES["cases"] if c["name"].startswith(start))


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"][:60] for c in CASES["cases"]])
def test_measure_grouping_golden_case(case: dict[str, Any], tmp_path: Path) -> None:
    got = _measures(tmp_path, case["docs"])
    for a, b in case["same"]:
        assert a in got and b in got, f"figures not extracted: {a}, {b} (have {sorted(got)})"
        assert got[a] is not None and got[a] == got[b], f"{a} and {b} should share a measure"
    for a, b in case["different"]:
        assert a in got and b in got, f"figures not extracted: {a}, {b} (have {sorted(got)})"
        assert got[a] != got[b], f"{a} and {b} should be different measures"


def test_a_person_split_out_of_an_unread_join_stays_split(tmp_path: Path) -> None:
    """settle_unread joins a count of soldiers with no side into the one side's count; a person who
    splits it out again (``measures split``) keeps it out across later reconciles."""
    from claimledger.ledger.measures import settle_unread
    from claimledger.ledger.overrides import split_measure

    case = _case("unread field: soldiers with no side read join the one side")
    with open_ledger(tmp_path / "g.db") as led:
        for spec in case["docs"]:
            led.add(Document.from_text(spec["text"], published=spec["published"], outlet="Wire"))
        reconcile_ledger(led.conn)
        rows = dict(led.conn.execute("SELECT text, measure_id FROM claims").fetchall())
        assert rows["640"] == rows["655"]  # joined by the pass
        (cid,) = led.conn.execute("SELECT id FROM claims WHERE text = '640'").fetchone()
        with led.conn:
            split_measure(led.conn, rows["640"], [cid], actor="desk")
        (new,) = led.conn.execute("SELECT measure_id FROM claims WHERE id = ?", (cid,)).fetchone()
        assert new != rows["655"] and new.startswith("manual-")
        with led.conn:
            assert settle_unread(led.conn) == 0  # nothing left for the pass to move
        reconcile_ledger(led.conn)
        (after,) = led.conn.execute("SELECT measure_id FROM claims WHERE id = ?", (cid,)).fetchone()
        assert after == new


def test_settle_passes_never_move_a_measure_the_rules_did_not_make(tmp_path: Path) -> None:
    """A person-made or older measure (its id is not its fields' hash) keeps its claims, even when it
    reads as soldiers with no side beside one side's soldiers."""
    from claimledger.ledger.measures import settle_measures

    case = _case("unread field: soldiers with no side read join the one side")
    with open_ledger(tmp_path / "g.db") as led:
        for spec in case["docs"]:
            led.add(Document.from_text(spec["text"], published=spec["published"], outlet="Wire"))
        (cid, mid) = led.conn.execute("SELECT id, measure_id FROM claims WHERE text = '640'").fetchone()
        with led.conn:
            cols = "event, subject, place, period_start, unit, affiliation, period_kind, period_end, running"
            led.conn.execute(
                f"INSERT INTO measures (id, label, {cols}) SELECT 'manual-desk', label, {cols} "
                "FROM measures WHERE id = ?",
                (mid,),
            )
            led.conn.execute("UPDATE claims SET measure_id = 'manual-desk' WHERE id = ?", (cid,))
            assert settle_measures(led.conn) == 0
        (after,) = led.conn.execute("SELECT measure_id FROM claims WHERE id = ?", (cid,)).fetchone()
        assert after == "manual-desk"


def test_a_word_naming_what_is_counted_is_no_place(tmp_path: Path) -> None:
    """"The Children's Relief Fund said": a body named for a population (children, drones) keys no count
    by that word as a place; the ledger's other articles' counts naming no place stay placeless."""
    case = _case("round thirteen, places: a body named for what is counted")
    with open_ledger(tmp_path / "g.db") as led:
        for spec in case["docs"]:
            led.add(Document.from_text(spec["text"], published=spec["published"], outlet="Wire"))
        reconcile_ledger(led.conn)
        places = {p for (p,) in led.conn.execute("SELECT place FROM measures WHERE place IS NOT NULL")}
    assert places == {"fenmoor"}

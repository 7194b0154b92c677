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


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"][:60] for c in CASES["cases"]])
def test_measure_grouping_golden_case(case: dict[str, Any], tmp_path: Path) -> None:
    got = _measures(tmp_path, case["docs"])
    for a, b in case["same"]:
        assert a in got and b in got, f"figures not extracted: {a}, {b} (have {sorted(got)})"
        assert got[a] is not None and got[a] == got[b], f"{a} and {b} should share a measure"
    for a, b in case["different"]:
        assert a in got and b in got, f"figures not extracted: {a}, {b} (have {sorted(got)})"
        assert got[a] != got[b], f"{a} and {b} should be different measures"

"""Golden cases for per-measure estimates: low / best / high / conservative, one vote per party."""

from __future__ import annotations

from typing import Any

import pytest

from claimledger.reconcile import estimates
from reconcile_rows import rows_from

M = "2031-03-"
FORCES: dict[str, Any] = {"event": "forces", "period_start": None}
ATTACKS: dict[str, Any] = {"event": "attacks", "period_start": None}
CASES: list[dict[str, Any]] = [
    {"name": "three parties, three hedges, one day",
     "rows": [{"cid": "a", "party": "A", "value": 4000},
              {"cid": "b", "party": "B", "value": 4100, "hedge": "more_than"},
              {"cid": "c", "party": "C", "hedge": "range", "low": 3000, "high": 5000}],
     "expect": {M + "10": (3000, 4000, 5000, 4000, 3)}},
    {"name": "fewer than X counts as a lower bound of 0",
     "rows": [{"cid": "a", "party": "A", "value": 100, "hedge": "less_than"},
              {"cid": "b", "party": "B", "value": 80}],
     "expect": {M + "10": (0, 90, 100, 0, 2)}},
    {"name": "a party's claim stays current for 7 days",
     "rows": [{"cid": "a", "party": "A", "value": 100, "date": M + "01", **FORCES},
              {"cid": "b", "party": "B", "value": 200, "date": M + "05", **FORCES},
              {"cid": "c", "party": "B", "value": 300, "date": M + "20", **FORCES}],
     "expect": {M + "01": (100, 100, 100, 100, 1), M + "05": (100, 150, 200, 100, 2),
                M + "20": (300, 300, 300, 300, 1)}},
    {"name": "a running total: a party's highest figure in the window, not a stale repeat",
     "rows": [{"cid": "a", "party": "A", "value": 1380, "date": M + "12"},
              {"cid": "b", "party": "A", "value": 1240, "date": M + "18"},
              {"cid": "c", "party": "B", "value": 1300, "date": M + "18", "hedge": "at_least"}],
     "expect": {M + "12": (1380, 1380, 1380, 1380, 1), M + "18": (1300, 1340, 1380, 1300, 2)}},
    {"name": "attacks: only the same day counts",
     "rows": [{"cid": "a", "party": "A", "value": 64, "date": M + "09", **ATTACKS},
              {"cid": "b", "party": "B", "value": 31, "date": M + "10", **ATTACKS}],
     "expect": {M + "09": (64, 64, 64, 64, 1), M + "10": (31, 31, 31, 31, 1)}},
    {"name": "one party repeated by many outlets votes once",
     "rows": [{"cid": "a", "party": "A", "value": 500, "doc": "d1"},
              {"cid": "b", "party": "A", "value": 500, "doc": "d2"},
              {"cid": "c", "party": "A", "value": 500, "doc": "d3"},
              {"cid": "d", "party": "B", "value": 100}],
     "expect": {M + "10": (100, 300, 500, 100, 2)}},
    {"name": "undated claims and claims without a value are left out",
     "rows": [{"cid": "a", "party": "A", "value": 500, "date": None},
              {"cid": "b", "party": "B", "value": None}],
     "expect": {}},
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_estimates(case: dict[str, Any]) -> None:
    result = estimates(rows_from(case["rows"]))
    got = {e.date: (e.low, e.best, e.high, e.conservative, e.parties) for e in result}
    assert got == case["expect"]

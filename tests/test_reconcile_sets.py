"""Reconciliation on whole annotated sets: a pinned quality gate and the near-misses as negative tests.

The sets are folders in the shared reconciliation format (``FORMAT.md``): the shared development
set beside the repo, and ``tests/reconcile_blind2`` to ``tests/reconcile_blind23`` (each written blind
to the rules). Each is read into a real ledger through the real CLI by the shared scorer,
whose last line is compared with the minimums in ``data/reconcile_baseline.json``. The same ledger
then answers the near-misses: claim groups that look comparable but must never be flagged together.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
SHARED = HERE.resolve().parents[1] / "shared" / "eval" / "reconcile"
SCORER = SHARED / "score.py"
SETS = {
    "dev": SHARED,
    "blind2": HERE / "reconcile_blind2",
    "blind3": HERE / "reconcile_blind3",
    "blind4": HERE / "reconcile_blind4",
    "blind5": HERE / "reconcile_blind5",
    "blind6": HERE / "reconcile_blind6",
    "blind7": HERE / "reconcile_blind7",
    "blind8": HERE / "reconcile_blind8",
    "blind9": HERE / "reconcile_blind9",
    "blind10": HERE / "reconcile_blind10",
    "blind11": HERE / "reconcile_blind11",
    "blind12": HERE / "reconcile_blind12",
    "blind13": HERE / "reconcile_blind13",
    "blind14": HERE / "reconcile_blind14",
    "blind15": HERE / "reconcile_blind15",
    "blind16": HERE / "reconcile_blind16",
    "blind17": HERE / "reconcile_blind17",
    "blind18": HERE / "reconcile_blind18",
    "blind19": HERE / "reconcile_blind19",
    "blind20": HERE / "reconcile_blind20",
    "blind21": HERE / "reconcile_blind21",
    "blind22": HERE / "reconcile_blind22",
    "blind23": HERE / "reconcile_blind23",
}
_PINNED = json.loads((HERE / "data" / "reconcile_baseline.json").read_text(encoding="utf-8"))
BASELINE = _PINNED["sets"]
KNOWN_FAILURES: dict[str, str] = _PINNED.get("known_near_miss_failures", {})
CLI = shutil.which("claimledger", path=str(Path(sys.executable).parent))

pytestmark = pytest.mark.skipif(
    not SCORER.exists() or CLI is None, reason="shared/eval/reconcile/score.py is not beside the repo",
)


def _score(name: str, tmp: Path) -> dict[str, float]:
    keep = tmp / name
    out = subprocess.run(
        [sys.executable, str(SCORER), "--cmd-prefix", str(CLI), "--set", str(SETS[name]),
         "--keep", str(keep)],
        capture_output=True, text=True, timeout=900, check=False,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    last = out.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, float], Path]]:
    tmp = tmp_path_factory.mktemp("reconcile-sets")
    present = [name for name in SETS if (SETS[name] / "gold-reconcile.json").exists()]
    return {name: (_score(name, tmp), tmp / name) for name in present}


@pytest.mark.parametrize("name", sorted(SETS))
def test_reconciliation_meets_its_pinned_minimums(name: str, scored: dict[str, Any]) -> None:
    if name not in scored:
        pytest.skip(f"{name}: set not present")
    got, _keep = scored[name]
    below = {k: got[k] for k, floor in BASELINE[name].items() if got[k] < floor}
    assert not below, f"{name} fell below its pinned minimums: {below} (all: {got})"


_FLAG_CLAIMS = "SELECT claim_id FROM flag_claims WHERE flag_id = ?"


def _near_misses(name: str) -> list[tuple[str, dict[str, Any]]]:
    path = SETS[name] / "near-misses.json"
    if not path.exists():
        return []
    groups = json.loads(path.read_text(encoding="utf-8"))["near_misses"]
    return [(f"{name}:{i}", nm) for i, nm in enumerate(groups)]


NEAR = [
    pytest.param(
        case,
        near,
        id=case,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case])] if case in KNOWN_FAILURES else [],
    )
    for name in SETS
    for case, near in _near_misses(name)
]


def test_known_near_miss_failures_name_real_groups() -> None:
    ids = {p.id for p in NEAR}
    assert set(KNOWN_FAILURES) <= ids, sorted(set(KNOWN_FAILURES) - ids)


@pytest.mark.parametrize(("case", "near"), NEAR)
def test_near_miss_is_never_flagged(case: str, near: dict[str, Any], scored: dict[str, Any]) -> None:
    """No contradiction or regression flag holds two claims of a near-miss group (they can both hold)."""
    name = case.split(":")[0]
    _got, keep = scored[name]
    conn = sqlite3.connect(keep / "ledger.db")
    ids = []
    for doc, context, figure in near["claims"]:
        text = (SETS[name] / "docs" / doc).read_text(encoding="utf-8")
        start = text.index(context) + context.index(figure)
        row = conn.execute(
            "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE d.url = ? AND c.span_start < ? AND c.span_end > ? ORDER BY c.span_start LIMIT 1",
            ("set://" + doc, start + len(figure), start),
        ).fetchone()
        if row is not None:
            ids.append(row[0])
    # a group whose claims the ledger does not hold would pass without testing anything
    assert len(set(ids)) >= 2, f"near-miss claims not found in the ledger: {near['claims']}"
    flagged = [
        sorted(set(ids) & {r[0] for r in conn.execute(_FLAG_CLAIMS, (f,))})
        for (f,) in conn.execute("SELECT id FROM flags WHERE kind IN ('contradiction', 'regression')")
    ]
    assert not [f for f in flagged if len(f) >= 2], f"flagged together, though {near['why']}"

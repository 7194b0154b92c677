"""Where a first run of reconcile_ledger spends its CPU, phase by phase, on the benchmark's generated ledger.

    .venv/bin/python benchmarks/bench_reconcile_phases.py                   # 300,000 claims
    .venv/bin/python benchmarks/bench_reconcile_phases.py --claims 1000000  # the target's size

Writes the ledger of ``bench_reconcile.py`` once, then on a fresh copy per round runs the steps
of a first run's full recompute one at a time, with the same functions ``reconcile_ledger`` calls
(``read_claim_groups``, ``reconcile_groups(singles=False)``, ``_write_flags``, ``_write_grades``,
``digests.replace_all``, COMMIT, freeing the rows), printing each one's CPU seconds. Then splits
the core: the same call with the per-measure checks left out one kind at a time, the per-claim
checks too, and the pair sweep (what is left is building and sorting the statements). The split
runs with the registry changed in this process only, and restores it. Prints figures; asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimledger.ledger import open_ledger
from claimledger.reconcile import checks, digests, engine
from claimledger.reconcile import db as rdb
from claimledger.reconcile import flags as registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reconcile import generate, write_ledger


def _cpu(spent: dict[str, float], name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    c0 = time.process_time()
    got = fn(*args, **kwargs)
    spent[name] = time.process_time() - c0
    return got


def first_run_phases(base: Path, copy: Path) -> dict[str, float]:
    """A first run's steps on a fresh copy of ``base``, each timed alone (CPU seconds)."""
    shutil.copyfile(base, copy)
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    conn = open_ledger(copy).conn
    conn.execute("PRAGMA foreign_keys = OFF")  # as reconcile_ledger runs
    gc.collect()
    gc.disable()
    spent: dict[str, float] = {}
    try:
        conn.execute("BEGIN IMMEDIATE")
        outlets = rdb._Outlets(conn)
        by_measure, loose = _cpu(spent, "read", rdb.read_claim_groups, conn, outlets=outlets)
        result = _cpu(spent, "core", engine.reconcile_groups, by_measure, loose, singles=False)
        conn.execute("DELETE FROM flag_claims")
        conn.execute("DELETE FROM flags")
        _cpu(spent, "flags", rdb._write_flags, conn, result.flags, 1)
        _cpu(spent, "grades", rdb._write_grades, conn, result.grades)
        _cpu(spent, "digests", digests.replace_all, conn, digests.unknown(by_measure, loose))
        _cpu(spent, "commit", conn.execute, "COMMIT")
        c0 = time.process_time()
        del by_measure, loose, result
        spent["free"] = time.process_time() - c0
    finally:
        gc.enable()
        conn.close()
    return spent


def core_split(base: Path) -> dict[str, float]:
    """The core's CPU with its parts left out one after another (the differences are the parts)."""
    conn = open_ledger(base).conn
    by_measure, loose = rdb.read_claim_groups(conn)
    conn.close()
    measure_checks, claim_checks = list(registry.MEASURE_CHECKS), list(registry.CLAIM_CHECKS)
    pairs = engine._pairs
    spent: dict[str, float] = {}

    def core(name: str) -> None:
        _cpu(spent, name, engine.reconcile_groups, by_measure, loose, singles=False)

    gc.collect()
    gc.disable()
    try:
        core("core")
        registry.MEASURE_CHECKS[:] = [c for c in measure_checks if c is not checks.timelines]
        core("without timelines")
        registry.MEASURE_CHECKS[:] = []
        core("without per-measure checks")
        registry.CLAIM_CHECKS[:] = []
        core("without per-claim checks either")
        engine._pairs = lambda ordered, win, cum, grades: {}
        core("without the pair sweep either")
    finally:
        registry.MEASURE_CHECKS[:] = measure_checks
        registry.CLAIM_CHECKS[:] = claim_checks
        engine._pairs = pairs
        gc.enable()
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--claims", type=int, default=300_000)
    ap.add_argument("--rounds", type=int, default=2, help="first runs, each on a fresh copy")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, copy = Path(tmp) / "base.db", Path(tmp) / "copy.db"
        write_ledger(base, generate(args.claims)).close()
        gc.collect()
        for i in range(args.rounds):
            spent = first_run_phases(base, copy)
            print(f"first run {i + 1}, CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in spent.items())
                  + f"; sum {sum(spent.values()):.2f}")
        split = core_split(base)
        print("core, CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in split.items()))


if __name__ == "__main__":
    main()

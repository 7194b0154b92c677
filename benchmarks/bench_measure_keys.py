"""What reading each claim's measure key costs per claim, on the repository's real corpora.

    .venv/bin/python benchmarks/bench_measure_keys.py            # demo, shared dev set, every reconcile set
    .venv/bin/python benchmarks/bench_measure_keys.py --rounds 3 # min of three adds per corpus

A measure key (event, population, affiliation or side, place, period) is read once per claim, at
`add`, with the whole article in view (``Ledger._document_keys``: ``read_context`` of the article,
then ``DocumentMeasures.resolve_all`` over its claims); reconcile never computes keys, it reads the
stored ``measure_id``. This adds each corpus to a fresh ledger (as ``scripts/ledger_digest.py``
does) and times, in CPU seconds, the whole ``add`` and the key reading inside it, split into the
article's context and the per-claim resolution. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimledger.ingest import add_paths
from claimledger.ledger import db as ledger_db
from claimledger.ledger import open_ledger

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from ledger_digest import SHARED, set_jsonl  # noqa: E402

SPENT = {"context": 0.0, "resolve": 0.0}


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        c0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[name] += time.process_time() - c0

    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1, help="adds per corpus (the minimum is printed)")
    args = ap.parse_args()
    # the two steps of Ledger._document_keys, timed where the ledger module looks them up
    ledger_db.read_context = _timed("context", ledger_db.read_context)  # type: ignore[attr-defined]
    resolve_all = ledger_db.DocumentMeasures.resolve_all
    ledger_db.DocumentMeasures.resolve_all = _timed("resolve", resolve_all)  # type: ignore[method-assign]
    corpora = [("demo", ROOT / "src" / "claimledger" / "data" / "demo" / "articles.jsonl")]
    sets = sorted(p for p in (ROOT / "tests").glob("reconcile_*") if (p / "gold-reconcile.json").exists())
    if (SHARED / "gold-reconcile.json").exists():
        sets.insert(0, SHARED)
    totals = [0, 0.0, 0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        for folder in sets:
            jl = Path(tmp) / f"{folder.name}.jsonl"
            set_jsonl(folder, jl)
            corpora.append((folder.name, jl))
        print(f"{'corpus':<18} {'claims':>6} {'add CPU s':>9} {'keys CPU s':>10} "
              f"{'context':>8} {'resolve':>8} {'keys µs/claim':>13}")
        for name, path in corpora:
            best: tuple[float, float, float] | None = None
            claims = 0
            for i in range(args.rounds):
                led = open_ledger(Path(tmp) / f"{name}-{i}.db")
                SPENT.update(context=0.0, resolve=0.0)
                c0 = time.process_time()
                add_paths(led, [str(path)])
                spent = (time.process_time() - c0, SPENT["context"], SPENT["resolve"])
                claims = led.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
                led.close()
                best = spent if best is None or spent[0] < best[0] else best
            assert best is not None
            add, ctx, res = best
            totals = [totals[0] + claims, totals[1] + add, totals[2] + ctx, totals[3] + res]
            print(f"{name:<18} {claims:6} {add:9.2f} {ctx + res:10.3f} {ctx:8.3f} {res:8.3f} "
                  f"{(ctx + res) / max(claims, 1) * 1e6:13.0f}")
        n, add, ctx, res = totals
        print(f"{'all':<18} {n:6} {add:9.2f} {ctx + res:10.3f} {ctx:8.3f} {res:8.3f} "
              f"{(ctx + res) / max(n, 1) * 1e6:13.0f}")
        print(f"keys are {(ctx + res) / add:.0%} of add's CPU; context {ctx / n * 1e6:.0f} µs and "
              f"resolution {res / n * 1e6:.0f} µs per claim")


if __name__ == "__main__":
    main()

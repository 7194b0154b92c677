"""Reconcile speed on a generated ledger: the target is 1M claims in at most 10 s.

    .venv/bin/python benchmarks/bench_reconcile.py               # pure core, 1M claims
    .venv/bin/python benchmarks/bench_reconcile.py --ledger      # also reconcile_ledger on a SQLite file

The generated claims look like a big real ledger: 50,000 measures of ~20 claims,
each reported by a handful of parties over six months, running totals growing
with noise, some parties off by a third (contradictions), some figures stale
(drift), a share in the article's own voice. Prints claims/s and seconds; it
asserts nothing about wall-clock time (machines differ).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from claimledger.reconcile import ClaimRow, reconcile_claims, reconcile_ledger

EVENTS = [("killed", True), ("displaced", True), ("forces", False), ("attacks", False), ("injured", True)]
START = date(2031, 1, 1)


def generate(n: int, seed: int = 1) -> list[ClaimRow]:
    rnd = random.Random(seed)
    per_measure = 20
    dates = [(START + timedelta(days=d)).isoformat() for d in range(200)]
    rows: list[ClaimRow] = []
    m = 0
    while len(rows) < n:
        m += 1
        event, cumulative = EVENTS[m % len(EVENTS)]
        mid = f"m{m:07d}"
        parties = [f"p{rnd.randrange(500)}" for _ in range(rnd.randint(1, 5))]
        base = rnd.uniform(50, 50_000)
        growth = rnd.uniform(0.0, 0.02)
        for k in range(per_measure):
            day = rnd.randrange(180)
            party = rnd.choice(parties)
            own = rnd.random() < 0.15
            value = base * (1 + growth * day) if cumulative else base
            if rnd.random() < 0.05:
                value *= rnd.choice((0.6, 1.5))
            value = round(value)
            hedge = rnd.choices(("exact", "about", "more_than", "range"), (6, 2, 2, 1))[0]
            low, high = float(value), float(value)
            if hedge == "more_than":
                high = None  # type: ignore[assignment]
            elif hedge == "range":
                high = round(value * 1.2)
            rows.append(
                ClaimRow(
                    id=f"{mid}-{k}",
                    document_id=f"d{rnd.randrange(n // 8 + 1)}",
                    measure_id=mid,
                    party=f"outlet{m % 50}" if own else party,
                    party_name=party,
                    attributed=not own,
                    low=low,
                    high=high,
                    hedge=hedge,
                    unit="count",
                    event=event,
                    period_start="2031-01-01" if cumulative else None,
                    date=dates[day],
                    text=str(value),
                )
            )
            if len(rows) >= n:
                break
    return rows


def write_ledger(path: Path, rows: list[ClaimRow]) -> sqlite3.Connection:
    """A ledger file holding ``rows`` (documents, measures, sources, claims), filled with plain SQL."""
    from claimledger.ledger import open_ledger

    conn = open_ledger(path).conn
    conn.execute("PRAGMA foreign_keys = OFF")  # filling only; reconcile_ledger runs with the usual settings
    conn.execute("BEGIN")
    docs = sorted({r.document_id for r in rows})
    conn.executemany(
        "INSERT INTO documents (id, text, outlet, published, rules, added_at) "
        "VALUES (?, 'x', ?, ?, 'r', 'now')",
        ((d, f"outlet{i % 50}", "2031-03-01") for i, d in enumerate(docs)),
    )
    parties = sorted({r.party_name for r in rows})
    conn.executemany(
        "INSERT INTO sources (id, name, key) VALUES (?, ?, ?)", ((i, p, p) for i, p in enumerate(parties, 1))
    )
    pid = {p: i for i, p in enumerate(parties, 1)}
    conn.executemany(
        "INSERT INTO measures (id, event, period_start, unit, label) VALUES (?, ?, ?, 'count', ?)",
        {(r.measure_id, r.event, r.period_start, r.measure_id) for r in rows},
    )
    machine = json.dumps({})
    conn.executemany(
        "INSERT INTO claims (id, document_id, span_start, span_end, text, low, high, hedge, unit, event, "
        "period_start, as_of, source, source_id, sentence_start, sentence_end, rules, measure_id, machine) "
        "VALUES (?, ?, 0, 1, ?, ?, ?, ?, 'count', ?, ?, ?, ?, ?, 0, 1, 'r', ?, ?)",
        (
            (
                r.id,
                r.document_id,
                r.text,
                r.low,
                r.high,
                r.hedge,
                r.event,
                r.period_start,
                r.date,
                r.party_name if r.attributed else None,
                pid[r.party_name] if r.attributed else None,
                r.measure_id,
                machine,
            )
            for r in rows
        ),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--ledger", action="store_true", help="also time reconcile_ledger on a SQLite file")
    args = ap.parse_args()

    t0 = time.perf_counter()
    rows = generate(args.claims)
    print(f"generated {len(rows):,} claims in {time.perf_counter() - t0:.1f} s")

    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    result = reconcile_claims(rows)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    kinds = {k: result.count(k) for k in ("contradiction", "regression", "drift", "unattributed")}
    print(
        f"reconcile_claims (pure core): {len(rows):,} claims in {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"= {len(rows) / wall:,.0f} claims/s; flags {kinds}"
    )

    if args.ledger:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            conn = write_ledger(Path(tmp) / "bench.db", rows)
            print(f"wrote the ledger in {time.perf_counter() - t0:.1f} s")
            del rows, result
            gc.collect()
            c0 = time.process_time()
            summary = reconcile_ledger(conn)
            cpu = time.process_time() - c0
            rate = summary.claims / summary.seconds
            print(
                "reconcile_ledger, first run (read, reconcile, write in one transaction): "
                f"{summary.claims:,} claims in {summary.seconds:.2f} s wall, {cpu:.2f} s CPU "
                f"= {rate:,.0f} claims/s"
            )
            c0 = time.process_time()
            summary = reconcile_ledger(conn)
            cpu = time.process_time() - c0
            print(f"reconcile_ledger, re-run (as after `add`): {summary.seconds:.2f} s wall, {cpu:.2f} s CPU")
            conn.close()
    print(f"load average while running: {os.getloadavg()[0]:.1f} (wall time grows with it; CPU time less)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

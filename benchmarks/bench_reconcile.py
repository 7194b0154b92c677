"""Reconcile speed on a generated ledger: the target is 1M claims in at most 10 s.

    .venv/bin/python benchmarks/bench_reconcile.py               # pure core, 1M claims
    .venv/bin/python benchmarks/bench_reconcile.py --ledger      # also reconcile_ledger on a SQLite file
    .venv/bin/python benchmarks/bench_reconcile.py --against main --rounds 2   # A/B of reconcile_ledger

With --ledger (and in an A/B) reconcile_ledger runs three times: a first run (no results yet:
everything computed), a re-run with nothing changed, and a run after one measure in a hundred
had a claim corrected and one rejected (what an `add` or a round of reviews leaves to do).

CPU times count the forked workers of a first run (``reconcile.parallel``, more than one core)
with the process that forked them; ``CLAIMLEDGER_RECONCILE_PROCS=1`` runs it in one process.

The generated claims look like a big real ledger: 50,000 measures of ~20 claims,
each reported by a handful of parties over six months, running totals growing
with noise, some parties off by a third (contradictions), some figures stale
(drift), a share in the article's own voice. Prints claims/s and seconds; it
asserts nothing about wall-clock time (machines differ).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from claimledger.reconcile import ClaimRow, reconcile_claims, reconcile_ledger

EVENTS = [("killed", True), ("displaced", True), ("forces", False), ("attacks", False), ("injured", True)]
START = date(2031, 1, 1)


def _hex(text: str, n: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def generate(n: int, seed: int = 1) -> list[ClaimRow]:
    """Claim rows with ids shaped like the ledger's: hex digests (a document's 32, a measure's 24, a
    claim's 32 starting with its document's first 16), so nothing comes pre-sorted by id."""
    rnd = random.Random(seed)
    per_measure = 20
    dates = [(START + timedelta(days=d)).isoformat() for d in range(200)]
    docs = [_hex(f"d{i}", 32) for i in range(n // 8 + 1)]
    rows: list[ClaimRow] = []
    m = 0
    while len(rows) < n:
        m += 1
        event, cumulative = EVENTS[m % len(EVENTS)]
        mid = _hex(f"m{m}", 24)
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
            doc = docs[rnd.randrange(len(docs))]
            rows.append(
                ClaimRow(
                    id=doc[:16] + _hex(f"{mid}-{k}", 16),
                    document_id=doc,
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
    doc_order = {d: i for i, d in enumerate(sorted(docs, key=lambda d: _hex(d, 8)))}  # any order but id order
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
    rows = sorted(rows, key=lambda r: (doc_order[r.document_id], r.id))  # as `add` stores them: by document
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


ROOT = Path(__file__).resolve().parent.parent


def digest(conn: sqlite3.Connection) -> str:
    """sha256 of everything reconcile writes or moves: flags (kind, key, detail, dismissal, claims, in
    order within their measure), every grade, and each claim's measure. Two revisions that agree on it
    wrote the same results. Flag ids are left out: a re-run keeps the ids of unchanged measures' flags
    and numbers recomputed ones after the highest, where a full run numbers all from 1."""
    h = hashlib.sha256()
    links: dict[int, list[str]] = {}
    for fid, cid in conn.execute("SELECT flag_id, claim_id FROM flag_claims ORDER BY flag_id, claim_id"):
        links.setdefault(fid, []).append(cid)
    for sql in (
        "SELECT id, measure_id, kind, detail, flag_key, dismissed, dismiss_note FROM flags "
        "ORDER BY measure_id IS NULL, measure_id, id",
        # every claim's grade: a non-rejected claim with no row is 'single' (migration 0019; before it
        # every such claim had a row), so ledgers of either schema give the same lines
        "SELECT c.id, CASE WHEN g.grade IS NULL AND c.review_status != 'rejected' THEN 'single' "
        "ELSE g.grade END FROM claims c LEFT JOIN claim_grades g ON g.claim_id = c.id ORDER BY c.id",
        "SELECT id, measure_id FROM claims ORDER BY id",
    ):
        h.update(sql.encode())
        for row in conn.execute(sql):
            if sql.startswith("SELECT id, measure_id, kind"):
                row = (*row[1:], links.get(row[0], []))
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()[:16]


#: One measure in CHANGE_EVERY gets new values between the re-run and the run after a change.
CHANGE_EVERY = 100


def change_some(conn: sqlite3.Connection) -> int:
    """What an ``add`` or a morning of reviews does between two runs: one measure in CHANGE_EVERY has a
    claim corrected (its value doubled) and one rejected. Returns the claims changed."""
    conn.execute("BEGIN")
    picked = "SELECT id FROM measures WHERE rowid % ? = 0"
    n = conn.execute(
        f"UPDATE claims SET low = low * 2, high = high * 2 WHERE id IN (SELECT min(id) FROM claims "
        f"WHERE measure_id IN ({picked}) GROUP BY measure_id)", (CHANGE_EVERY,)
    ).rowcount
    n += conn.execute(
        f"UPDATE claims SET review_status = 'rejected' WHERE id IN (SELECT max(id) FROM claims "
        f"WHERE measure_id IN ({picked}) GROUP BY measure_id)", (CHANGE_EVERY,)
    ).rowcount
    conn.execute("COMMIT")
    return n


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (a first run's forked workers: reconcile.parallel)."""
    got = resource.getrusage(resource.RUSAGE_CHILDREN)
    return got.ru_utime + got.ru_stime


def worker(path: Path) -> None:
    """One side of an A/B: reconcile the ledger at ``path`` (first run, re-run, run after a change);
    print times and digests as JSON."""
    from claimledger.ledger import open_ledger

    conn = open_ledger(path).conn
    out: dict[str, object] = {}
    for run in ("first", "rerun", "changed"):
        if run == "changed":
            change_some(conn)
        gc.collect()
        w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
        reconcile_ledger(conn)
        parent = time.process_time() - c0
        out[run] = {"wall": time.perf_counter() - w0, "cpu": parent + _children_cpu() - k0, "parent": parent,
                    "digest": digest(conn)}
    out["load"] = os.getloadavg()[0]
    conn.close()
    print(json.dumps(out))


def ab(rows: list[ClaimRow], rev: str, rounds: int) -> None:
    """reconcile_ledger of REV (its src/ from git archive) and of this checkout on copies of one ledger,
    in alternating rounds so that load from other work falls on both; prints each run's wall and CPU
    time and the digest of what it wrote (equal digests: the same flags, grades and measures)."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tf:
            tf.extractall(base / "rev", filter="data")
        t0 = time.perf_counter()
        write_ledger(base / "ledger.db", rows).close()
        took = time.perf_counter() - t0
        print(f"wrote the ledger in {took:.1f} s; {rounds} alternating rounds, {rev} vs this")
        best: dict[str, list[float]] = {}
        for i in range(rounds):
            for name, src in ((rev, base / "rev" / "src"), ("this", None)):
                copy = base / "copy.db"
                shutil.copyfile(base / "ledger.db", copy)
                env = dict(os.environ)
                if src is not None:
                    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
                r = subprocess.run([sys.executable, __file__, "--worker", str(copy)], capture_output=True,
                                   text=True, env=env, check=False)
                if r.returncode != 0:
                    raise SystemExit(f"{name} worker failed:\n{r.stderr[-3000:]}")
                got = json.loads(r.stdout.strip().splitlines()[-1])
                runs = [got[k] for k in ("first", "rerun", "changed")]
                print(
                    f"  round {i + 1} {name:<8} "
                    + "; ".join(
                        f"{label} {x['wall']:6.2f} s wall {x['cpu']:6.2f} s CPU"
                        + (f" (parent {x['parent']:.2f})" if x.get("parent", x["cpu"]) != x["cpu"] else "")
                        + f" [{x['digest']}]"
                        for label, x in zip(("first run", "re-run", "after a change"), runs, strict=True)
                    )
                    + f"; load {got['load']:.1f}"
                )
                old = best.setdefault(name, [float("inf")] * 6)
                best[name] = [min(a, b) for a, b in zip(
                    old, [v for x in runs for v in (x["wall"], x["cpu"])], strict=True)]
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)
        for name, (fw, fc, rw, rc, cw, cc) in best.items():
            print(f"best of {rounds} {name:<8} first run {fw:.2f} s wall {fc:.2f} s CPU; "
                  f"re-run {rw:.2f} s wall {rc:.2f} s CPU; after a change {cw:.2f} s wall {cc:.2f} s CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--ledger", action="store_true", help="also time reconcile_ledger on a SQLite file")
    ap.add_argument("--against", metavar="REV",
                    help="A/B: reconcile_ledger of REV (same ledger schema) and this checkout's, alternating")
    ap.add_argument("--rounds", type=int, default=2, help="A/B rounds (with --against)")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        worker(args.worker)
        return
    if args.against:
        t0 = time.perf_counter()
        rows = generate(args.claims)
        print(f"generated {len(rows):,} claims in {time.perf_counter() - t0:.1f} s")
        ab(rows, args.against, args.rounds)
        return

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
            c0, k0 = time.process_time(), _children_cpu()
            summary = reconcile_ledger(conn)
            parent = time.process_time() - c0
            cpu = parent + _children_cpu() - k0
            rate = summary.claims / summary.seconds
            print(
                "reconcile_ledger, first run (read, reconcile, write in one transaction): "
                f"{summary.claims:,} claims in {summary.seconds:.2f} s wall, {cpu:.2f} s CPU "
                f"(this process {parent:.2f}, forked workers {cpu - parent:.2f}) = {rate:,.0f} claims/s"
            )
            c0 = time.process_time()
            summary = reconcile_ledger(conn)
            cpu = time.process_time() - c0
            print(f"reconcile_ledger, re-run (nothing changed): {summary.seconds:.2f} s wall, "
                  f"{cpu:.2f} s CPU")
            changed = change_some(conn)
            c0 = time.process_time()
            summary = reconcile_ledger(conn)
            cpu = time.process_time() - c0
            print(
                f"reconcile_ledger, after a change ({changed:,} claims in 1 measure of {CHANGE_EVERY} "
                f"corrected or rejected, as after `add` or reviews): {summary.seconds:.2f} s wall, "
                f"{cpu:.2f} s CPU"
            )
            conn.close()
    print(f"load average while running: {os.getloadavg()[0]:.1f} (wall time grows with it; CPU time less)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

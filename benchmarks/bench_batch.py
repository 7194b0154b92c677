"""Batch throughput: articles/s sequentially without Dask, and on Dask with 1 and 2 workers.

    .venv/bin/python benchmarks/bench_batch.py                    # 100,000 articles
    .venv/bin/python benchmarks/bench_batch.py --articles 20000   # a quicker look

All three runs do the same work on the same generated JSONL corpus: read each
partition through the readers, extract, write the three Parquet tables. The
sequential run calls ``run_partition`` in a plain loop, so the difference to the
1-worker Dask run is Dask's overhead, and 2 workers against 1 is the scaling.
Cluster start-up is timed apart from the job. The load average is printed
before and after, and each run reports how many cores it actually got (CPU
seconds over wall seconds) and articles per CPU-second, because on a shared
machine other people's work shows up in the wall-clock figures; the per
CPU-second figures show whether a gap is Dask's or the machine's. Nothing is
asserted about wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

from claimledger import RULES_VERSION
from claimledger.batch import list_inputs, plan_partitions, run_batch, run_partition

PLACES = ["Ostravel", "Brennick", "Varnholt", "Quellmark", "Talsk", "Fenwick", "Lowmere", "Assendra"]
PARTIES = [
    "the harbour authority",
    "the district clinic",
    "a Lowland Guard spokesman",
    "the water board",
    "Radio Vell",
    "the regional council",
    "relief workers",
    "the ministry of the interior",
]
SENTENCES = [
    "{party} said on {day} that {n} people had been killed in {place}.",
    "At least {n} families fled {place} overnight, according to {party}.",
    "More than {n} homes were destroyed in {place} since the start of the month, {party} reported.",
    "Between {n} and {m} fighters were detained near {place}, {party} told reporters.",
    "{party} estimated that about {n:,} residents of {place} remain missing.",
    "Nearly {p}% of the wells in {place} no longer work.",
    "Markets in {place} reopened on {day} after a week of rain.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate(path: Path, n: int, seed: int = 7) -> int:
    """Write ``n`` short articles (two to four sentences) as JSONL; returns the file size."""
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            sents = []
            for _ in range(rnd.randint(2, 4)):
                n_ = rnd.randint(2, 40_000)
                sents.append(
                    rnd.choice(SENTENCES).format(
                        party=rnd.choice(PARTIES),
                        place=rnd.choice(PLACES),
                        day=rnd.choice(DAYS),
                        n=n_,
                        m=n_ + rnd.randint(1, 500),
                        p=rnd.randint(2, 90),
                    )
                )
            text = " ".join(s[0].upper() + s[1:] for s in sents)
            published = f"2031-{1 + i % 12:02d}-{1 + i % 28:02d}"
            row = {"text": text, "outlet": "The Fenwick Post", "published": published}
            f.write(json.dumps(row) + "\n")
    return path.stat().st_size


def sequential(corpus: Path, out: Path, partition_size: int) -> tuple[float, float, int]:
    """The batch's work in a plain loop, no Dask: (seconds, CPU seconds, documents)."""
    parts = plan_partitions(list_inputs([str(corpus)]), partition_size)
    out.mkdir(parents=True, exist_ok=True)
    t0, c0 = time.perf_counter(), time.process_time()
    docs = sum(run_partition(p, str(out)).documents for p in parts)
    return time.perf_counter() - t0, time.process_time() - c0, docs


def on_dask(
    corpus: Path, out: Path, workers: int, partition_size: int
) -> tuple[float, float, float, float, int]:
    """(cluster start-up s, job s, workers' CPU s, seconds inside tasks, documents) on ``workers``.

    Seconds inside tasks over ``workers * job seconds`` is how busy Dask kept
    the workers; CPU seconds over it is how much of their cores they actually
    got. Busy but short of CPU means other work on the machine, not Dask.
    """
    t0 = time.perf_counter()
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        startup = time.perf_counter() - t0
        with Client(cluster) as probe:
            before = probe.run(time.process_time)
            summary = run_batch(
                [str(corpus)], str(out), scheduler=cluster.scheduler_address, partition_size=partition_size
            )
            after = probe.run(time.process_time)
    if not summary.ok:
        raise SystemExit(f"batch reported {summary.errors} errors on a clean corpus")
    cpu = sum(after[w] - before[w] for w in after)
    busy = sum(p.seconds for p in summary.partitions)
    return startup, summary.seconds, cpu, busy, summary.documents


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--partition-size", type=int, default=1024 * 1024, help="bytes per partition")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and outputs (printed path)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        corpus = tmp / "corpus.jsonl"
        size = generate(corpus, args.articles)
        n_parts = len(plan_partitions(list_inputs([str(corpus)]), args.partition_size))
        print(
            f"corpus: {args.articles:,} articles, {size / 1e6:.1f} MB, {n_parts} partitions "
            f"of {args.partition_size / 2**20:.1f} MiB; {os.cpu_count()} CPUs"
        )
        print(f"extractor rules: {RULES_VERSION}")
        print(f"load average before: {_load()}")
        seq_s, seq_cpu, docs = sequential(corpus, tmp / "seq", args.partition_size)
        print(
            f"{'sequential, no Dask':<20}: {docs / seq_s:9,.0f} articles/s  ({seq_s:6.1f} s)\n{'':22}"
            f"got {seq_cpu / seq_s:.2f} cores of CPU, {docs / seq_cpu:,.0f} articles per CPU-second"
        )
        rates = {}
        for workers in (1, 2):
            dask_out = tmp / f"dask{workers}"
            startup, secs, cpu, busy, docs = on_dask(corpus, dask_out, workers, args.partition_size)
            rates[workers] = docs / secs
            label = f"dask, {workers} worker{'s' if workers > 1 else ' '}"
            print(
                f"{label:<20}: {rates[workers]:9,.0f} articles/s  "
                f"({secs:6.1f} s, + {startup:.1f} s cluster start-up)\n{'':22}workers busy "
                f"{busy / (secs * workers):.0%} of the job, got {cpu / secs:.2f} cores of CPU, "
                f"{docs / cpu:,.0f} articles per CPU-second"
            )
        overhead = 100 * (1 - rates[1] * seq_s / docs)
        print(f"dask overhead at 1 worker: {overhead:.1f}% of sequential throughput")
        print(f"speed-up 2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
        print(f"load average after: {_load()}")
        if args.keep:
            print(f"kept: {tmp}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min)"


if __name__ == "__main__":
    main()

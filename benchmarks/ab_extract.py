"""Extraction speed A/B: this checkout against another commit, in the same run, turn about.

    .venv/bin/python benchmarks/ab_extract.py main                 # 5 MB corpus, 3 rounds
    .venv/bin/python benchmarks/ab_extract.py HEAD~1 --corpus-mb 10 --rounds 5

Why: a change to the extractor must not make it much slower, and figures taken at
different times on a shared machine differ by more than the change. This writes the
``bench_extract.py`` corpus once, exports ``REF``'s ``src/`` with ``git archive``, and
runs ``bench_extract.py``'s one-core worker on it alternately with ``PYTHONPATH`` at
the exported tree (B) and at this checkout (A), printing each round's MB/s and the
median ratio and the ratio of each side's best round (the one least disturbed by
other work on a shared machine). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench_extract import OUT, ROOT, one_core, write_corpus


def worker(corpus: Path, src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/bench_extract.py"),
            "--worker",
            "claimledger",
            "--corpus",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=one_core,
        check=True,
    )
    d = json.loads(r.stdout.strip().splitlines()[-1])
    return float(d["bytes"]) / 1e6 / float(d["seconds"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ref", help="the commit to compare against (B)")
    ap.add_argument("--corpus-mb", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20310611)
    a = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    corpus = OUT / "ab_extract_corpus.jsonl"
    n, size = write_corpus(corpus, a.corpus_mb, a.seed)
    print(f"corpus: {n:,} articles, {size / 1e6:.1f} MB; A = this checkout, B = {a.ref}")
    with tempfile.TemporaryDirectory() as tmp:
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", a.ref, "src"], capture_output=True, check=True
        )
        with tarfile.open(fileobj=BytesIO(tar.stdout)) as tf:
            tf.extractall(tmp, filter="data")
        b_src = Path(tmp) / "src"
        ratios, best_a, best_b = [], 0.0, 0.0
        for i in range(a.rounds):
            b = worker(corpus, b_src)
            here = worker(corpus, ROOT / "src")
            ratios.append(here / b)
            best_a, best_b = max(best_a, here), max(best_b, b)
            print(f"  round {i + 1}: A {here:.3f} MB/s   B {b:.3f} MB/s   A/B {here / b:.3f}")
    print(f"median A/B speed ratio: {statistics.median(ratios):.3f} (below 1: A is slower)")
    # the best round of each is the least disturbed by other work on a shared machine
    print(f"best of each: A {best_a:.3f} MB/s, B {best_b:.3f} MB/s, A/B {best_a / best_b:.3f}")


if __name__ == "__main__":
    main()

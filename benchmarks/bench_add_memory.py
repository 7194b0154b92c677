"""Peak memory of `claimledger add` (and `extract` beside it) on big inputs, and whether they agree.

    .venv/bin/python benchmarks/bench_add_memory.py   # 10 MB one line, 10 MB txt, 10 MB jsonl, 200 MB sparse
    .venv/bin/python benchmarks/bench_add_memory.py --line-mb 2 --txt-mb 2 --jsonl-mb 2 --sparse-mb 20

Issue 13 found `add` of a 10 MB single line peaking at 267 MB and of a 200 MB
file at 2.7 GB, while `extract` of the same stayed at 53-55 MB; and that above
256K characters the two disagreed on some claims. Each input here is written by
a seeded generator (the articles of bench_extract.py, invented places):

* ``line``: ~``--line-mb`` MB of sentences on ONE line (no paragraph or line breaks);
* ``txt``: ~``--txt-mb`` MB of articles in one plain-text file;
* ``jsonl``: ~``--jsonl-mb`` MB of articles, one per line;
* ``sparse``: ~``--sparse-mb`` MB of plain text, mostly sentences without
  figures, one generated article every ~50 KB: big, yet quick to extract, to
  show that memory does not grow with the size of the file.

Each runs through `claimledger add FILE --db NEW.db` and `claimledger extract
FILE` in subprocesses pinned to one core; printed: wall time and peak RSS from
``wait4``. For the plain-text inputs the claims in the ledger are compared with
`extract`'s output by (offset into the file's text, figure, low, high, hedge,
event, source): "agree" means the same set. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import FILLER, article, one_core, sentence, write_big_text, write_corpus
from claimledger.ingest.text_parts import part_start

ROOT = Path(__file__).resolve().parents[1]


def write_line(path: Path, megabytes: float, seed: int) -> int:
    """Sentences separated by single spaces: one enormous line with no place to cut but sentence ends."""
    rnd = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8") as f:
        while size < megabytes * 1e6:
            s = sentence(rnd) + " "
            f.write(s)
            size += len(s.encode("utf-8"))
    return size


def write_sparse(path: Path, megabytes: float, seed: int) -> int:
    """Paragraphs of filler with an article now and then: a big file that extracts quickly."""
    rnd = random.Random(seed + 2)
    size = 0
    with path.open("w", encoding="utf-8") as f:
        while size < megabytes * 1e6:
            text = "\n\n".join(" ".join(rnd.choice(FILLER) for _ in range(4)) for _ in range(120))
            text += "\n\n" + article(rnd)["text"] + "\n\n"
            f.write(text)
            size += len(text.encode("utf-8"))
    return size


def run_measured(args: list[str]) -> tuple[float, float, bytes]:
    """Like ``run``, but collects the child with wait4 so its own peak RSS is known."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "claimledger.cli", *args], stdout=out,
                                stderr=subprocess.PIPE, preexec_fn=one_core)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"claimledger {' '.join(args)} failed ({code}):\n{err.decode()[-3000:]}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def claims_from_extract(out: bytes) -> set[tuple[object, ...]]:
    got = set()
    for line in out.splitlines():
        c = json.loads(line)
        got.add((c["span"][0], c["text"], c["low"], c["high"], c["hedge"], c["event"], c["source"]))
    return got


def claims_from_ledger(db: Path) -> set[tuple[object, ...]]:
    """Claims with offsets into the whole input: a part starts where its origin says (``#chars=START-``)."""
    conn = sqlite3.connect(db)
    try:
        out = set()
        for origin, start, text, low, high, hedge, event, source in conn.execute(
            "SELECT d.origin, c.span_start, c.text, c.low, c.high, c.hedge, c.event, c.source "
            "FROM claims c JOIN documents d ON d.id = c.document_id"
        ):
            base = part_start(origin)
            out.add((base + start, text, low, high, hedge, event, source))
        return out
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--line-mb", type=float, default=10.0)
    ap.add_argument("--txt-mb", type=float, default=10.0)
    ap.add_argument("--jsonl-mb", type=float, default=10.0)
    ap.add_argument("--sparse-mb", type=float, default=200.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-extract", action="store_true", help="skip the `extract` runs and the comparison")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-add-mem-") as tmp:
        work = Path(tmp)
        inputs = []
        if opts.line_mb:
            p = work / "one_line.txt"
            inputs.append(("line", p, write_line(p, opts.line_mb, opts.seed)))
        if opts.txt_mb:
            p = work / "articles.txt"
            inputs.append(("txt", p, write_big_text(p, opts.txt_mb, opts.seed)))
        if opts.jsonl_mb:
            p = work / "articles.jsonl"
            inputs.append(("jsonl", p, write_corpus(p, opts.jsonl_mb, opts.seed)[1]))
        if opts.sparse_mb:
            p = work / "sparse.txt"
            inputs.append(("sparse", p, write_sparse(p, opts.sparse_mb, opts.seed)))
        for kind, path, size in inputs:
            db = work / f"{kind}.db"
            secs, peak, _ = run_measured(["add", str(path), "--db", str(db)])
            conn = sqlite3.connect(db)
            docs, claims = conn.execute(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims)").fetchone()
            conn.close()
            print(f"add     {kind:6s} {size / 1e6:7.1f} MB: {secs:7.1f} s, peak RSS {peak:6.0f} MB "
                  f"({docs:,} documents, {claims:,} claims)", flush=True)
            if opts.no_extract:
                continue
            secs, peak, out = run_measured(["extract", str(path)])
            print(f"extract {kind:6s} {size / 1e6:7.1f} MB: {secs:7.1f} s, peak RSS {peak:6.0f} MB",
                  flush=True)
            if kind != "jsonl":
                a, b = claims_from_extract(out), claims_from_ledger(db)
                verdict = ("agree" if a == b
                           else f"DISAGREE: {len(a - b)} only in extract, {len(b - a)} only in add")
                print(f"        {kind:6s} extract {len(a):,} claims, add {len(b):,}: {verdict}", flush=True)


if __name__ == "__main__":
    main()

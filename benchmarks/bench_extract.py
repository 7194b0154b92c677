"""Extraction speed and memory: claimledger against quantulum3, and a 100 MB file through the CLI.

    .venv/bin/python benchmarks/bench_extract.py               # 20 MB corpus, 300 KB quantulum3, 100 MB file
    .venv/bin/python benchmarks/bench_extract.py --big-mb 0    # skip the 100 MB run
    .venv/bin/python benchmarks/bench_extract.py --corpus-mb 5 --quantulum-kb 100   # quick look

What it does, and why this way:

* A seeded generator writes news-like articles about invented places (figures
  as digits, words, fractions, percentages, ranges and vague words; hedges;
  sources named in many ways; events of every kind; dates, ages and model
  numbers that are not claims) to ``.bench/extract_corpus.jsonl``, ~20 MB.
* Each extractor runs in its own subprocess pinned to one CPU core, reading the
  corpus line by line and timing only the extraction calls, so the figures are
  MB/s and articles/s of article text on one core. Peak memory is the worker's
  peak RSS (``ru_maxrss``), with its RSS before extraction (interpreter and
  imports) printed beside it.
* quantulum3 (a benchmark-only dependency, the ``bench`` extra) is about a
  thousand times slower, so it runs on the first ``--quantulum-kb`` of the same
  corpus after one untimed warm-up call (its first call loads its unit data
  for several seconds); its rate is measured on that sample, which is said in
  the output. The speed ratio compares MB/s.
* The 100 MB run writes one plain-text file of generated articles and runs
  ``claimledger extract FILE`` on it as a user would (claims to /dev/null),
  reporting the subprocess's peak RSS from ``wait4`` and its throughput.

Nothing is asserted: machines differ. Results are also written to
``.bench/bench_extract.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench_corpus import NEWS_FILLER, NOT_CLAIM_FILLER, demonym

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / ".bench"

PLACES = ["Pellmar", "Osk", "Tervel", "Brask", "Halvor", "Lorvan", "Kesh", "Dunmoor", "Varnia", "Ostrel"]
PARTIES = [
    "the {d} health ministry",
    "{p}'s Ministry of Health",
    "the {p} Civil Defence",
    "regional governor Ilse Varnok",
    "a spokesman for the {p} Red Lantern",
    "the Valley Relief Network",
    "{d} military sources",
    "the {d} army",
    "the Independent Monitoring Group",
    "Colonel Maks Tolvenko",
    "local officials",
    "the mayor of {p}",
    "rights monitors",
    "a senior security official",
]
SUBJECTS = ["people", "civilians", "residents", "children", "fighters", "soldiers", "aid workers", "families"]
EVENTS = [
    "were killed",
    "have been killed",
    "died",
    "were wounded",
    "were injured",
    "were taken hostage",
    "are being held captive",
    "were detained",
    "were arrested",
    "have fled their homes",
    "have been displaced",
    "remain missing",
    "are unaccounted for",
]
OBJECT_EVENTS = [
    ("homes", "were destroyed"),
    ("buildings", "were damaged"),
    ("armoured vehicles", "were destroyed"),
    ("rockets", "were fired"),
    ("drones", "were launched"),
    ("air strikes", "were carried out"),
    ("troops", "were deployed"),
    ("reservists", "were mobilised"),
]
HEDGES = ["", "", "more than ", "at least ", "about ", "nearly ", "up to ", "around ", "over ", "fewer than "]
WORDS = ["two", "three", "five", "twelve", "twenty", "forty-two", "a hundred", "two hundred"]
VAGUE = ["dozens of", "hundreds of", "thousands of", "tens of thousands of", "scores of"]
CUES = ["said", "told reporters", "said in a statement", "estimated", "reported", "claimed", "acknowledged"]
TIMES = ["on Monday", "on Friday", "last week", "since October 7", "in the past 24 hours", "overnight", ""]
FILLER = NEWS_FILLER + NOT_CLAIM_FILLER


def number(rnd: random.Random) -> str:
    kind = rnd.random()
    if kind < 0.45:
        n = rnd.choice([rnd.randint(2, 99), rnd.randint(100, 999), rnd.randint(1000, 60000)])
        return f"{n:,}" if rnd.random() < 0.8 else str(n)
    if kind < 0.6:
        return rnd.choice(WORDS)
    if kind < 0.7:
        return f"{rnd.randint(11, 99) / 10:.1f} million"
    if kind < 0.85:
        a = rnd.randint(10, 400)
        return rnd.choice([f"between {a} and {a + rnd.randint(5, 300)}", f"{a} to {a + 50}", f"{a}-{a + 20}"])
    return rnd.choice(VAGUE)


def sentence(rnd: random.Random) -> str:
    p = rnd.choice(PLACES)
    party = rnd.choice(PARTIES).format(p=p, d=demonym(rnd.choice(PLACES)))
    cue = rnd.choice(CUES)
    t = rnd.choice(TIMES)
    num = number(rnd)
    hedge = (
        ""
        if num.startswith(("between", "dozens", "hundreds", "thousands", "tens", "scores"))
        else rnd.choice(HEDGES)
    )
    if rnd.random() < 0.7:
        what = f"{hedge}{num} {rnd.choice(SUBJECTS)} {rnd.choice(EVENTS)}"
    else:
        obj, verb = rnd.choice(OBJECT_EVENTS)
        what = f"{hedge}{num} {obj} {verb}"
    if rnd.random() < 0.1:
        what = f"{rnd.randint(5, 80)}% of {rnd.choice(['homes', 'clinics', 'schools'])} in {p} were damaged"
    form = rnd.randrange(6)
    if form == 0:
        return f"{what[0].upper()}{what[1:]} in {p} {t}, {party} {cue}.".replace(" ,", ",")
    if form == 1:
        return f"According to {party}, {what} in {p} {t}.".replace("  ", " ").replace(" .", ".")
    if form == 2:
        return f"{party[0].upper()}{party[1:]} {cue} that {what} {t}.".replace("  ", " ").replace(" .", ".")
    if form == 3:
        return f"“{what[0].upper()}{what[1:]},” {party} {cue}."
    if form == 4:
        return f"It is estimated that {what} across the {p} district."
    return f"{what[0].upper()}{what[1:]}, {party} said, citing figures from hospitals in {p}."


def article(rnd: random.Random) -> dict[str, str]:
    paras = []
    for _ in range(rnd.randint(5, 12)):
        sents = [
            sentence(rnd) if rnd.random() < 0.5 else rnd.choice(FILLER) for _ in range(rnd.randint(2, 5))
        ]
        paras.append(" ".join(sents))
    day = rnd.randint(1, 28)
    return {
        "title": f"Fighting around {rnd.choice(PLACES)}",
        "published": f"2031-0{rnd.randint(1, 9)}-{day:02d}",
        "text": "\n\n".join(paras),
    }


def write_corpus(path: Path, megabytes: float, seed: int) -> tuple[int, int]:
    """Write ~``megabytes`` of articles as JSONL; returns (articles, bytes of article text)."""
    rnd = random.Random(seed)
    n = size = 0
    with path.open("w", encoding="utf-8") as f:
        while size < megabytes * 1e6:
            a = article(rnd)
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
            n += 1
            size += len(a["text"].encode("utf-8"))
    return n, size


def write_big_text(path: Path, megabytes: float, seed: int) -> int:
    rnd = random.Random(seed + 1)
    size = 0
    with path.open("w", encoding="utf-8") as f:
        while size < megabytes * 1e6:
            text = article(rnd)["text"] + "\n\n\n"
            f.write(text)
            size += len(text.encode("utf-8"))
    return size


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def worker(engine: str, corpus: Path, limit_bytes: float) -> None:
    """Run one extractor over the corpus in this process and print a JSON line of figures."""
    import warnings

    warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is missing
    if engine == "claimledger":
        from claimledger import extract

        def run(text: str, published: str | None) -> int:
            return len(extract(text, published))

        warm = 0.0
    else:
        from quantulum3 import parser

        def run(text: str, published: str | None) -> int:
            return len(parser.parse(text))

        t0 = time.perf_counter()
        run("About 12 people were killed, officials said.", None)  # loads its unit data
        warm = time.perf_counter() - t0
    base_rss = rss_mb()
    n = size = found = 0
    spent = cpu = 0.0
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            t0, c0 = time.perf_counter(), time.process_time()
            found += run(a["text"], a.get("published"))
            spent += time.perf_counter() - t0
            cpu += time.process_time() - c0
            n += 1
            size += len(a["text"].encode("utf-8"))
            if size >= limit_bytes:
                break
    print(
        json.dumps(
            {
                "engine": engine,
                "articles": n,
                "bytes": size,
                "seconds": spent,
                "cpu_seconds": cpu,
                "found": found,
                "warmup_s": warm,
                "base_rss_mb": base_rss,
                "peak_rss_mb": rss_mb(),
            }
        )
    )


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_worker(engine: str, corpus: Path, limit_bytes: float, src: Path | None = None) -> dict[str, float]:
    """One worker subprocess; ``src`` puts another checkout's ``src/`` first on its path (A/B runs)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    r = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            engine,
            "--corpus",
            str(corpus),
            "--limit-bytes",
            str(limit_bytes),
        ],
        capture_output=True,
        text=True,
        preexec_fn=one_core,
        check=False,
        env=env,
    )
    if r.returncode != 0:
        raise SystemExit(f"{engine} worker failed:\n{r.stderr[-3000:]}")
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


def run_cli(path: Path) -> dict[str, float]:
    """`claimledger extract PATH` in a subprocess on one core; peak RSS from wait4."""
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimledger.cli", "extract", str(path)],
            stdout=sink,
            stderr=subprocess.PIPE,
            preexec_fn=one_core,
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"claimledger extract failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024}


def ab(corpus: Path, rev: str, rounds: int) -> None:
    """Time REV's extractor against this checkout's, alternating so that load on a shared machine
    falls on both; print each round and the best of each (the least disturbed run), by CPU time of
    the extraction calls (wall time swings with other work on a shared machine; CPU time much less)."""
    import io
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tf:
            tf.extractall(tmp, filter="data")
        other = Path(tmp) / "src"
        best: dict[str, float] = {}
        print(f"one core, extraction calls only, {rounds} alternating rounds ({rev} vs this checkout):")
        for i in range(rounds):
            for name, src in ((rev, other), ("this", None)):
                r = run_worker("claimledger", corpus, float("inf"), src)
                mbs = r["bytes"] / 1e6 / r["cpu_seconds"]
                best[name] = max(best.get(name, 0.0), mbs)
                took, wall, found = r["cpu_seconds"], r["seconds"], r["found"]
                print(
                    f"  round {i + 1} {name:<8} {took:7.2f} s CPU ({wall:.2f} s wall)  {mbs:7.3f} MB/s  "
                    f"{found:8,.0f} found"
                )
        change = best["this"] / best[rev] - 1
        ours, theirs = best["this"], best[rev]
        print(f"best of {rounds} (CPU): {rev} {theirs:.3f} MB/s, this {ours:.3f} MB/s ({change:+.1%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-mb", type=float, default=20.0)
    ap.add_argument("--quantulum-kb", type=float, default=300.0, help="size of the quantulum3 sample")
    ap.add_argument("--big-mb", type=float, default=100.0, help="size of the CLI file run; 0 skips it")
    ap.add_argument("--seed", type=int, default=20310611)
    ap.add_argument(
        "--against",
        metavar="REV",
        help="A/B: time this checkout's extractor and REV's (git archive of its src/) in alternating "
        "rounds on the same corpus, then stop",
    )
    ap.add_argument("--rounds", type=int, default=3, help="A/B rounds (with --against)")
    ap.add_argument("--worker", choices=["claimledger", "quantulum3"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--limit-bytes", type=float, default=float("inf"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker(a.worker, a.corpus, a.limit_bytes)
        return

    OUT.mkdir(exist_ok=True)
    corpus = OUT / "extract_corpus.jsonl"
    t0 = time.perf_counter()
    n, size = write_corpus(corpus, a.corpus_mb, a.seed)
    print(
        f"corpus: {n:,} generated articles, {size / 1e6:.1f} MB of text (seed {a.seed}, "
        f"{time.perf_counter() - t0:.1f} s to write) -> {corpus.relative_to(ROOT)}"
    )
    results: dict[str, object] = {"corpus": {"articles": n, "mb": size / 1e6, "seed": a.seed}}

    def show(r: dict[str, float], note: str = "") -> tuple[float, float]:
        mbs = r["bytes"] / 1e6 / r["seconds"]
        aps = r["articles"] / r["seconds"]
        print(
            f"  {r['engine']:<12} {r['bytes'] / 1e6:7.2f} MB  {r['articles']:6,.0f} articles  "
            f"{r['seconds']:8.2f} s  {mbs:8.3f} MB/s  {aps:9.1f} articles/s  "
            f"{r['found']:8,.0f} found ({r['bytes'] / max(r['found'], 1):.0f} B/figure)  "
            f"peak RSS {r['peak_rss_mb']:6.1f} MB (before extraction {r['base_rss_mb']:.1f} MB){note}"
        )
        return mbs, aps

    if a.against:
        ab(corpus, a.against, a.rounds)
        return
    print("one core, extraction calls only:")
    ours = run_worker("claimledger", corpus, float("inf"))
    our_mbs, _ = show(ours)
    results["claimledger"] = ours
    theirs = run_worker("quantulum3", corpus, a.quantulum_kb * 1e3)
    their_mbs, _ = show(
        theirs,
        f"  [sample: first {theirs['bytes'] / 1e3:.0f} KB of the corpus; "
        f"warm-up {theirs['warmup_s']:.1f} s untimed]",
    )
    results["quantulum3"] = theirs
    ratio = our_mbs / their_mbs if their_mbs else float("inf")
    results["speed_ratio"] = ratio
    print(f"claimledger is {ratio:,.0f}x quantulum3 in MB/s on the same articles (target >= 20x)")

    if a.big_mb > 0:
        big = OUT / "extract_big.txt"
        big_size = write_big_text(big, a.big_mb, a.seed)
        r = run_cli(big)
        r["mb"] = big_size / 1e6
        results["cli_big_file"] = r
        print(
            f"claimledger extract on one {big_size / 1e6:.0f} MB text file: {r['seconds']:.1f} s "
            f"({big_size / 1e6 / r['seconds']:.2f} MB/s incl. JSON output), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB (limit 200 MB)"
        )
        big.unlink()
    (OUT / "bench_extract.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

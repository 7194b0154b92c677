"""Ingest speed: articles per second into a ledger on one core, extraction included (target ≥ 500/s).

    .venv/bin/python benchmarks/bench_ingest.py                  # 5,000 generated articles
    .venv/bin/python benchmarks/bench_ingest.py -n 20000 --keep  # bigger, keep the ledger file
    .venv/bin/python benchmarks/bench_ingest.py --prefill 200000 # add to a ledger of 200,000 documents

The corpus is generated: news-like articles of ~1.5–3 KB about invented places,
each with a handful of figures attributed to a rotating cast of parties
written in varied ways ("Varnia's Ministry of Health", "Varnian health
officials", …), so source normalisation and fuzzy matching do real work. It is
written as one JSONL file and added through the same path as `claimledger add`
(reader, extraction, one transaction per document). Prints, for one process,
as wall-clock and CPU articles/s: extraction alone, the ledger's own cost with
claims extracted beforehand ("ledger store only"), the full ingest, and a
re-add of the same file (dedupe). Nothing is asserted about time: machines differ.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench_corpus import NEWS_FILLER, demonym
from claimledger import extract
from claimledger.ingest import add_paths
from claimledger.ledger import Ledger, open_ledger
from claimledger.ledger.transactions import write_transaction
from claimledger.model import Claim, Document

PLACES = [
    "Brennick",
    "Tolmar",
    "Varnia",
    "Ostrel",
    "Kaldy",
    "Merrow",
    "Sunhaven",
    "Drest",
    "Pellam",
    "Corvin",
]
PARTIES = [
    "{p}'s Ministry of Health",
    "the health ministry in {p}",
    "{d} health officials",
    "the {p} Civil Defence Corps",
    "the {p} Relief Network",
    "{d} military sources",
    "a spokesman for the {p} Red Crescent",
    "the Independent Monitoring Group",
    "Colonel Ana {p}ova",
    "the United Nations",
    "the {p} Observatory",
]
SUBJECTS = ["civilians", "residents", "people", "children", "fighters", "soldiers", "aid workers", "families"]
EVENTS = [
    ("killed", "have been killed"),
    ("injured", "were injured"),
    ("displaced", "have been displaced"),
    ("detained", "were detained"),
    ("missing", "remain missing"),
]
HEDGES = ["", "more than ", "at least ", "about ", "nearly ", "up to "]
FILLER = NEWS_FILLER


def article(rnd: random.Random, i: int) -> dict[str, str]:
    place = rnd.choice(PLACES)
    parts = []
    for _ in range(rnd.randint(4, 8)):
        party = rnd.choice(PARTIES).format(p=rnd.choice(PLACES), d=demonym(rnd.choice(PLACES)))
        _event, verb = rnd.choice(EVENTS)
        n = rnd.randint(3, 40_000)
        subject = rnd.choice(SUBJECTS)
        if rnd.random() < 0.5:
            parts.append(
                f"{rnd.choice(HEDGES).capitalize() or ''}{n:,} {subject} {verb} in {place} "
                f"since March {rnd.randint(1, 28)}, according to {party}."
            )
        else:
            parts.append(
                f"{party[0].upper() + party[1:]} said on Monday that {rnd.choice(HEDGES)}{n:,} "
                f"{subject} {verb} in {place}."
            )
        parts.extend(rnd.sample(FILLER, 2))
    text = f"Report {i} from {place}. " + " ".join(parts)
    return {
        "text": text,
        "title": f"Fighting around {place}, report {i}",
        "outlet": "Generated Wire",
        "published": f"2030-04-{rnd.randint(1, 28):02d}",
    }


def generate(path: Path, n: int, seed: int = 7) -> int:
    rnd = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            line = json.dumps(article(rnd, i), ensure_ascii=False)
            size += len(line.encode())
            fh.write(line + "\n")
    return size


@dataclass
class _Took:
    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def _timer() -> Iterator[_Took]:
    """Wall and CPU seconds of the block: on a shared machine CPU time is the steadier figure."""
    took = _Took()
    w, c = time.perf_counter(), time.process_time()
    yield took
    took.wall, took.cpu = time.perf_counter() - w, time.process_time() - c


def prefill(led: Ledger, docs: list[Document], extracted: list[list[Claim]], n: int) -> None:
    """Store ``n`` documents that are not in the corpus: its articles with a line appended.

    The appended line changes the content hash (so the timed run adds every
    corpus article as new) and leaves the claims' offsets valid, so the
    already-extracted claims are stored with them and no time goes to extraction.
    """
    with led.bulk():
        for i in range(n):
            d, claims = docs[i % len(docs)], extracted[i % len(docs)]
            copy = Document.from_text(
                f"{d.text}\n\nArchive copy {i}.", title=d.title, outlet=d.outlet, published=d.published
            )
            led.add(copy, claims=claims)


def add_facts(led: Ledger, n: int) -> None:
    """``n`` context facts about invented places none of the corpus names: a town's province, a
    province's kind, a theatre's war start, in the proportions of a ledger built from datelined news."""
    rows = []
    for i in range(n):
        if i % 5 == 3:
            day = f"2029-{1 + i % 12:02d}-{1 + i % 28:02d}"
            rows.append(("war_start", f"theatre{i % 997}|operation {i}", day))
        elif i % 5 == 4:
            rows.append(("kind", f"province{i}", "province"))
        else:
            rows.append(("parent", f"town{i}", f"province{i % 1000}"))
    with write_transaction(led.conn, "bench facts"):
        led.conn.executemany("INSERT OR IGNORE INTO context_facts (kind, key, value) VALUES (?, ?, ?)", rows)
    led._facts = None  # the ledger reads them again for its next document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="articles to generate")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and ledger (prints where)")
    ap.add_argument(
        "--prefill", type=int, default=0, metavar="N",
        help="first fill the ledger with N other documents, to time adding to a big ledger",
    )
    ap.add_argument(
        "--facts", type=int, default=0, metavar="N",
        help="first give the ledger N place and war-start facts (context_facts) of invented places, as "
        "a ledger of many articles has; every added article reads them",
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    tmp = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    corpus = tmp / "corpus.jsonl"
    size = generate(corpus, args.n)
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    docs = [
        Document.from_text(r["text"], title=r["title"], outlet=r["outlet"], published=r["published"])
        for r in rows
    ]

    with _timer() as t_extract:
        extracted = [extract(d.text, d.published) for d in docs]
    n_claims = sum(map(len, extracted))

    with open_ledger(tmp / "store_only.db") as led, _timer() as t_store, led.bulk():
        for d, claims in zip(docs, extracted, strict=True):
            led.add(d, claims=claims)

    led = open_ledger(tmp / "bench.db")
    if args.prefill:
        with _timer() as t_prefill:
            prefill(led, docs, extracted, args.prefill)
        print(f"prefilled the ledger with {args.prefill:,} documents in {t_prefill.wall:.0f} s")
    if args.facts:
        add_facts(led, args.facts)
        print(f"the ledger knows {args.facts:,} context facts before the timed run")
    with _timer() as t_ingest:
        summary = add_paths(led, [str(corpus)])
    with _timer() as t_again:
        again = add_paths(led, [str(corpus)])
    sources = led.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    measures = led.conn.execute("SELECT COUNT(*) FROM measures").fetchone()[0]
    led.close()
    db_mb = sum(p.stat().st_size for p in tmp.glob("bench.db*")) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    assert summary.new == args.n and summary.failed == 0, summary.errors[:3]
    assert again.new == 0 and again.present == args.n
    n, mb = args.n, size / 1e6
    print(
        f"corpus: {n:,} articles, {mb:.1f} MB, {n_claims:,} claims ({n_claims / n:.1f}/article); "
        f"one core; python {sys.version.split()[0]}"
    )
    print("                      wall articles/s   cpu articles/s    MB/s (wall)")
    for label, t in (
        ("extract only", t_extract),
        ("ledger store only", t_store),
        ("ingest = `add` path", t_ingest),
        ("re-add (all dupes)", t_again),
    ):
        print(f"{label:<20} {n / t.wall:14,.0f} {n / t.cpu:16,.0f} {mb / t.wall:14.2f}")
    print(
        f"ingest: {summary.claims / t_ingest.wall:,.0f} claims/s, {t_ingest.wall:.2f} s wall; "
        f"target ≥ 500 articles/s including extraction"
    )
    print(
        f"ledger: {sources:,} sources, {measures:,} measures, {db_mb:.1f} MB on disk; "
        f"peak RSS {peak_mb:.0f} MB"
    )
    if args.keep:
        print(f"kept: {tmp}")
    else:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()

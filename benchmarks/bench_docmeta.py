"""What reading article metadata costs beside extraction, per article (CPU time, one core).

    .venv/bin/python benchmarks/bench_docmeta.py          # 2,000 generated articles
    .venv/bin/python benchmarks/bench_docmeta.py -n 10000

Every article `add`, `extract` and `batch` read goes through
``claimledger.docmeta.complete`` (headline, date line, byline, dateline, and
choosing between input, sidecar, options and text). The articles are the
ingest benchmark's generated news, written as plain text with a headline
first, the path that reads the most. Prints microseconds per article for the
metadata and for extraction, and their ratio. Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import random
import time

import bench_ingest  # the generated corpus, beside this script
from claimledger import extract
from claimledger.docmeta import complete
from claimledger.model import Document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000, help="articles (default 2000)")
    n = ap.parse_args().n
    rnd = random.Random(7)
    docs = []
    for i in range(n):
        a = bench_ingest.article(rnd, i)
        docs.append(Document.from_text(f"{a.get('title') or 'Shelling hits the harbour'}\n\n{a['text']}"))
    t0 = time.process_time()
    for d in docs:
        complete(d)
    meta = time.process_time() - t0
    t0 = time.process_time()
    for d in docs:
        extract(d.text, "2031-03-01")
    ext = time.process_time() - t0
    print(f"metadata {meta / n * 1e6:,.0f} µs/article, extraction {ext / n * 1e6:,.0f} µs/article: "
          f"metadata is {100 * meta / ext:.1f}% of extraction ({n:,} articles, CPU time)")


if __name__ == "__main__":
    main()

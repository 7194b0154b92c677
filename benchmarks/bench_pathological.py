"""Extraction time on pathological text: does the cost per KB stay flat as the text grows?

Each pattern is a short unit repeated to 1 KB, 10 KB, 100 KB and 1 MB of text
(one document, no full stops where the pattern has none), extracted once with
``claimledger.extract`` on one core. Printed per pattern and size: seconds, ms
per KB and the number of claims. Linear extraction shows a flat ms/KB column;
a growing one is the super-linear cost this benchmark exists to catch.

The patterns are the ones a generated-input probe found slow (issue 13): a
weekday, a long digit run ending in letters, then "may" (the time lookup);
run-on text without full stops ("… the mayor said, and …"); a quote and a
figure repeated ('"5 killed, '); "1, 1, 1, …"; plus punctuation runs, an
endless digit run, a long transcript and unmatched quotes.

    .venv/bin/python benchmarks/bench_pathological.py                 # every pattern, up to 1 MB
    .venv/bin/python benchmarks/bench_pathological.py --max-kb 100 --pattern ones
    .venv/bin/python benchmarks/bench_pathological.py --budget 30       # skip sizes projected over 30 s

A size is skipped when the previous size's ms/KB projects it over ``--budget``
seconds (so the old, super-linear extractor finishes too). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from claimledger import extract


def _repeat(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return make


def _digits_may(size: int) -> str:
    # the time lookup: a weekday, a 60-digit run ending in letters, then "may"
    unit = "On Sunday 6 people were killed near " + "0" * 60 + "ll may, officials said. "
    return _repeat(unit)(size)


def _transcript(size: int) -> str:
    out: list[str] = []
    n = 0
    i = 0
    while n < size:
        line = f"SPEAKER {i % 997} NAME{i}: {i % 50} people were killed.\n\n"
        out.append(line)
        n += len(line)
        i += 1
    return "".join(out)[:size]


PATTERNS: dict[str, Callable[[int], str]] = {
    "digits_may": _digits_may,
    "mayor_runon": _repeat("12 people were killed in Vell, the mayor said, and "),
    "quote_killed": _repeat('"5 killed, '),
    "ones": _repeat("1, "),
    "dots": _repeat("."),
    "dots_spaced": _repeat(". "),
    "digit_run": lambda size: "About " + "7" * (size - 30) + " people were killed.",
    "dot_thousands": lambda size: "1" + ".000" * ((size - 20) // 4) + " million people",
    "open_quotes": _repeat("“12 people said "),
    "transcript": _transcript,
    "crlf_said": _repeat("The ministry,\r\nsaid 300 were killed\r\n"),
}


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pattern", action="append", choices=sorted(PATTERNS), help="default: all")
    ap.add_argument("--max-kb", type=int, default=1000)
    ap.add_argument("--budget", type=float, default=60.0, help="skip a size projected over this many seconds")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    one_core()
    extract("About 12 people were killed on Monday, officials said.", "2031-01-01")  # load the rules
    sizes = [kb for kb in (1, 10, 100, 1000) if kb <= a.max_kb]
    results: list[dict[str, object]] = []
    print(f"{'pattern':<14} {'size':>8} {'seconds':>9} {'ms/KB':>8} {'claims':>8}")
    for name in a.pattern or list(PATTERNS):
        per_kb: float | None = None
        for kb in sizes:
            if per_kb is not None and per_kb * kb / 1000 > a.budget:
                print(f"{name:<14} {kb:>6}KB  skipped: projected {per_kb * kb / 1000:,.0f} s")
                results.append({"pattern": name, "kb": kb, "skipped": True})
                continue
            text = PATTERNS[name](kb * 1000)
            t0 = time.perf_counter()
            try:
                claims = extract(text, "2031-03-11")
            except Exception as exc:  # an old extractor may raise; say so and go on
                print(f"{name:<14} {kb:>6}KB  raised {type(exc).__name__}: {exc}")
                results.append({"pattern": name, "kb": kb, "raised": repr(exc)})
                break
            seconds = time.perf_counter() - t0
            per_kb = seconds * 1000 / kb
            print(f"{name:<14} {kb:>6}KB {seconds:9.3f} {per_kb:8.2f} {len(claims):8,}", flush=True)
            results.append({"pattern": name, "kb": kb, "seconds": seconds, "claims": len(claims)})
    if a.json:
        a.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

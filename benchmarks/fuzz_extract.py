"""Long fuzz run of ``extract``: N generated inputs, every promise checked, violations reported.

Each input is made from a seeded generator (so input ``i`` of seed ``s`` is
always the same text) of one of these kinds: random Unicode (line breaks of
every kind, letters that change length or meaning when case-folded, digits of
other scripts, bidi marks), mutated news sentences, huge numbers, punctuation
runs, line-break variants around attributions, and short pathological repeats.
For every input, with a publication date drawn from None, ordinary dates and
the ends of the calendar:

* ``extract`` must not raise;
* ``claimledger.extract.check.problems`` must find nothing: every span inside
  the text and equal to its field, finite values, strict JSON;
* it should take at most ``--ms-per-kb`` per KB (with a floor of
  ``--floor-ms`` for short inputs). Time is reported, never asserted: a slow
  input is listed as a time violation, the run goes on.

Failing inputs (exceptions and broken promises) are written to ``--failures``
(JSON Lines: seed, index, kind, published, text, problem) so they can be added
to ``tests/data/extract_regressions.json``, which the test suite replays.

    .venv/bin/python benchmarks/fuzz_extract.py -n 100000                 # one core
    .venv/bin/python benchmarks/fuzz_extract.py -n 1000000 --seed 7 --progress 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from claimledger import extract
from claimledger.extract.check import problems

SENTENCES = [
    "At least 19 people were killed in Pellmar on Friday, the mayor said.",
    "The Tervish Red Lantern said around 2,300 families had fled since March 3.",
    "Rights monitors put the number of detainees at between 400 and 550, according to a survey.",
    "More than a third of the 90 villages in the Brask valley were emptied, officials said.",
    "The Halvor Army said it destroyed 7 armoured vehicles and 12 tanks last week.",
    "“Hundreds more will leave by Sunday,” a spokesman for the Ostrel Relief Network said.",
    "According to figures from the Tolmar council, 1,204 homes were destroyed since October 7.",
    "The ministry,\nsaid 300 people were wounded in the past 24 hours.",
    "In İdlin, 12 people were killed on Monday, the health ministry said.",
    "Some 3.5m people have been displaced, the agency's tally shows, citing local officials.",
    "KOVAR: We counted 45 dead. They tell us 60 more are missing.",
    "Brennick (Northern Wire) - Nearly 25% of the 1.2 million residents fled, Ilse Varnok told reporters.",
    "It is estimated that tens of thousands were detained as of 14 March 2031.",
    "One in ten soldiers was wounded, the Kestrel Council's figures show.",
    "Between 40 and 60 rockets hit the port on Sunday, quoted the Tolmar council as saying.",
]
LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\n\n", "\r\n\r\n"]
ODD_LETTERS = ["İ", "ı", "ſ", "K", "ß", "ẞ", "ﬁ", "Å", "ǅ", "Σ", "ς", "\u0307", "\u0130n"]
DIGITS = ["١٢", "१२३", "১২", "๑๒", "１２", "٣٤", "𝟙𝟚", "²", "½", "⅓", "Ⅻ", "〇"]
MARKS = ["\u200f", "\u200e", "\u202e", "\u202c", "\ufeff", "\u200b", "\u00a0", "\u202f", "\u2009", "\t"]
PUNCT = [*list(".,;:!?\"'()[]“”‘’—–-…•#%/\\@&*"), "...", ",,", "“”", '""']
HUGE = [
    "9" * 400,
    "1" + "0" * 400,
    "10^400",
    "1e400",
    "1" + ",000" * 120,
    "1" + ".000" * 120 + " million",
    "99999999999 days",
    "in the past 99999999999 days",
    "9" * 30 + " billion",
    "between 1 and " + "9" * 320,
    "0." + "0" * 400 + "1",
    "7" * 5000,
    "a million million",
    "one in " + "9" * 400,
    "9" * 400 + " in ten",
    "on Sunday " + "0" * 40 + "ll may",
    "since 31 February",
    "as of 99 March 0001",
]
WORDS = [
    "said",
    "says",
    "according to",
    "citing",
    "killed",
    "wounded",
    "may",
    "May",
    "Sunday",
    "the mayor",
    "officials",
    "which",
    "of whom",
    "more than",
    "about",
    "million",
    "hundreds",
    "thousand",
    "in",
    "since",
    "last week",
    "yesterday",
    "quoted",
    "as saying",
    "estimated by",
    "'s tally",
    "figures from",
]
PUBLISHED = [None, None, "2031-03-11", "2026-12-06", "0001-01-02", "9999-12-30", "2031-02-28"]


def random_unicode(rng: random.Random) -> str:
    out: list[str] = []
    for _ in range(rng.randint(1, 120)):
        r = rng.random()
        if r < 0.3:
            out.append(chr(rng.randint(32, 126)))
        elif r < 0.45:
            out.append(chr(rng.randint(0xA0, 0x24F)))
        elif r < 0.55:
            c = rng.randint(0x250, 0x2FFFF)
            out.append("?" if 0xD800 <= c < 0xE000 else chr(c))
        elif r < 0.65:
            out.append(rng.choice(LINE_BREAKS))
        elif r < 0.72:
            out.append(rng.choice(ODD_LETTERS))
        elif r < 0.8:
            out.append(rng.choice(DIGITS))
        elif r < 0.85:
            out.append(rng.choice(MARKS))
        elif r < 0.93:
            out.append(rng.choice(WORDS))
        else:
            out.append(str(rng.randint(0, 10**rng.randint(1, 12))))
        if rng.random() < 0.4:
            out.append(" ")
    return "".join(out)


def _mutate(rng: random.Random, s: str) -> str:
    chars = list(s)
    for _ in range(rng.randint(1, 8)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.2:
            del chars[i]
        elif op < 0.35:
            chars[i] = chars[i].upper() if chars[i].islower() else chars[i].lower()
        elif op < 0.5:
            chars.insert(i, rng.choice(ODD_LETTERS + DIGITS + MARKS))
        elif op < 0.65:
            chars.insert(i, rng.choice(LINE_BREAKS))
        elif op < 0.75:
            chars.insert(i, rng.choice(PUNCT))
        elif op < 0.85:
            chars.insert(i, " " + rng.choice(WORDS) + " ")
        elif op < 0.92:
            chars.insert(i, rng.choice(HUGE))
        else:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def mutated_news(rng: random.Random) -> str:
    sents = [rng.choice(SENTENCES) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.3:
        sents = [s.upper() if rng.random() < 0.5 else s.title() for s in sents]
    sep = rng.choice([" ", " ", "\n\n", "\n", "\r\n", "\r\n\r\n", "\u2028", "\r"])
    return _mutate(rng, sep.join(sents))


def huge_numbers(rng: random.Random) -> str:
    base = rng.choice(SENTENCES)
    words = base.split(" ")
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(HUGE))
    return " ".join(words)


def punctuation_runs(rng: random.Random) -> str:
    out: list[str] = []
    for _ in range(rng.randint(1, 30)):
        r = rng.random()
        if r < 0.5:
            out.append(rng.choice(PUNCT) * rng.randint(1, 200))
        elif r < 0.8:
            out.append(str(rng.randint(0, 100000)))
        else:
            out.append(rng.choice(WORDS))
        out.append(rng.choice(["", " ", " "]))
    return "".join(out)


def line_breaks(rng: random.Random) -> str:
    s = rng.choice(SENTENCES)
    words = s.split(" ")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(words))
        words[i] = words[i] + rng.choice(LINE_BREAKS)
    joined = " ".join(words)
    if rng.random() < 0.5:
        joined = joined.replace(" said", rng.choice(LINE_BREAKS) + "said")
        joined = joined.replace(", ", "," + rng.choice(LINE_BREAKS))
    return joined


def repeats(rng: random.Random) -> str:
    unit = rng.choice(
        [
            "12 people were killed in Vell, the mayor said, and ",
            '"5 killed, ',
            "1, ",
            "“12 people said ",
            "The ministry,\r\nsaid 300 were killed\r\n",
            "SPEAKER NAME: 4 killed.\n\n",
            "On Sunday 6 people were killed near " + "0" * 30 + "ll may, ",
        ]
    )
    return _mutate(rng, unit * rng.randint(5, 150))


KINDS: dict[str, Callable[[random.Random], str]] = {
    "unicode": random_unicode,
    "news": mutated_news,
    "huge": huge_numbers,
    "punct": punctuation_runs,
    "linebreak": line_breaks,
    "repeat": repeats,
}
WEIGHTS = [20, 35, 12, 10, 15, 8]


def make_input(seed: int, index: int) -> tuple[str, str, str | None]:
    """Input ``index`` of run ``seed``: (kind, text, published); the same numbers always give the same."""
    rng = random.Random(seed * 1_000_003 + index)
    kind = rng.choices(list(KINDS), WEIGHTS)[0]
    return kind, KINDS[kind](rng), rng.choice(PUBLISHED)


def run_one(text: str, published: str | None) -> tuple[float, list[str]]:
    """Seconds taken and the problems found (an exception is one problem)."""
    t0 = time.perf_counter()
    try:
        claims = extract(text, published)
    except Exception as exc:
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(tb.filename).name}:{tb.lineno}"
        return time.perf_counter() - t0, [f"raised {type(exc).__name__} at {where}: {exc}"]
    seconds = time.perf_counter() - t0
    return seconds, problems(text, claims)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10000, help="inputs to run")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--start", type=int, default=0, help="first input index (to resume or split a run)")
    ap.add_argument("--ms-per-kb", type=float, default=20.0, help="time budget per KB of text")
    ap.add_argument("--floor-ms", type=float, default=50.0, help="budget of any input, however short")
    ap.add_argument("--failures", type=Path, default=Path(".bench/fuzz_failures.jsonl"))
    ap.add_argument("--progress", type=int, default=10000, help="print a line every this many inputs")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    a.failures.parent.mkdir(parents=True, exist_ok=True)
    extract("About 12 people were killed on Monday, officials said.", "2031-01-01")  # load the rules
    kinds: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    slow: list[tuple[float, int, str, int]] = []
    total_bytes = 0
    total_s = 0.0
    t_start = time.perf_counter()
    with a.failures.open("a", encoding="utf-8") as fail_out:
        for i in range(a.start, a.start + a.n):
            kind, text, published = make_input(a.seed, i)
            kinds[kind] += 1
            seconds, found = run_one(text, published)
            size = len(text.encode("utf-8", "surrogatepass"))
            total_bytes += size
            total_s += seconds
            if found:
                failed[kind] += 1
                rec = {"seed": a.seed, "index": i, "kind": kind, "published": published, "text": text}
                fail_out.write(json.dumps({**rec, "problem": found[0]}, ensure_ascii=False) + "\n")
                fail_out.flush()
                print(f"FAIL seed {a.seed} index {i} ({kind}): {found[0][:200]}", flush=True)
            budget = max(a.floor_ms, a.ms_per_kb * size / 1000) / 1000
            if seconds > budget:
                slow.append((seconds, i, kind, size))
            done = i - a.start + 1
            if a.progress and done % a.progress == 0:
                print(
                    f"{done:,} inputs, {total_bytes / 1e6:.1f} MB, {sum(failed.values())} failed, "
                    f"{len(slow)} over the time budget, {time.perf_counter() - t_start:,.0f} s",
                    flush=True,
                )
    last = a.start + a.n - 1
    print(f"seed {a.seed}, inputs {a.start:,}..{last:,}: {a.n:,} inputs, {total_bytes / 1e6:.1f} MB")
    print("by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    print(f"failures (exception or broken promise): {sum(failed.values())} {dict(failed)} -> {a.failures}")
    print(
        f"extraction time {total_s:,.1f} s ({total_s * 1e6 / max(total_bytes, 1):.2f} ms/KB overall); "
        f"over budget ({a.ms_per_kb:g} ms/KB, floor {a.floor_ms:g} ms): {len(slow)}"
    )
    for seconds, i, kind, size in sorted(slow, reverse=True)[:10]:
        print(f"  slow: index {i} ({kind}) {size:,} B in {seconds * 1000:.0f} ms")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

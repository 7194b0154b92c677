"""Place errors of a reconcile run, by cause, across sets (docs/place_errors.md).

Reads the scorer's --verbose output of each set (``<prefix><set>.txt``), takes every gold measure
the ledger split over places, and gives each claim outside the gold measure's most common ledger
place one cause, read from the claim's sentence and its article's dateline. A heuristic: it says
which kinds of error recur in how many sets, not a gold judgement of each claim.

usage: python3 scripts/place_error_taxonomy.py PREFIX   (e.g. /tmp/verbose_ for /tmp/verbose_blind2.txt)
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: the shared development set beside the repo, then the project's blind sets
#: (a worktree's shared folder is two levels up: /work/wt/NAME beside /work/shared)
_SHARED = next(
    (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()), REPO.parent
)
SETS = {
    "dev": str(_SHARED / "eval" / "reconcile"),
    **{
        p.name.removeprefix("reconcile_"): str(p)
        for p in sorted(
            (REPO / "tests").glob("reconcile_blind*"),
            key=lambda p: int(p.name.removeprefix("reconcile_blind")),
        )
    },
}
ANAPHORA = re.compile(
    r"\b(?:the|this|that|her|his|its|their)\s+(?:region|province|city|town|enclave|territory|capital)\b", re.I
)
SPEAKER = re.compile(
    r"\b(?:told|conference|briefing|speaking|interview|summit|visit)\b[^.]{0,40}\bin\b", re.I
)


def place(label: str) -> str | None:
    m = re.search(r"\bin ((?:[A-Z][\w'’-]*\s?)+)", label)
    return m.group(1).strip() if m else None


def cause(p: str | None, dateline: str | None, sentence: str, text: str) -> str:
    if p is None:
        return "no place: the story's theatre not found, or the place dropped"
    if "refugee" in sentence.lower():
        return "refugees counted where they came from, not where they are hosted"
    if ANAPHORA.search(sentence):
        return "'the region' / 'the province' / 'the city' resolved to the wrong place"
    if SPEAKER.search(sentence) and p in sentence:
        return "where a speaker stood taken as the place"
    if dateline and p.lower() == dateline.lower():
        return "the dateline city taken as the place of a larger count"
    body = (
        r"(?:ministry|office|commission|agency|authorities|officials|spokes\w+|government|council"
        r"|monitor\w*|administration|hospital)"
    )
    if re.search(body + r"\s+(?:in|at)\s+" + re.escape(p), text, re.I):
        return "a body's seat taken as the place"
    if re.search(r"\b(?:in|across|from|into|to)\s+(?:the\s+)?" + re.escape(p), text):
        return "another place the story names (a part, an incident) taken as the place"
    return "other (a war's or a body's name, a theatre word)"


def unplaced(label: str) -> str:
    """The label with its place taken out: two labels equal so differ in their place alone."""
    p = place(label)
    return label.replace(f" in {p}", "") if p else label


def field(label: str, top: str) -> str:
    """Which part of a claim's ledger label differs from the gold measure's most common label."""
    if place(label) == place(top):
        return "place right; another field (event, population, side, period) differs"
    if unplaced(label) == unplaced(top):
        return "the place alone differs" if place(label) and place(top) else "the place alone: one has none"
    return "the place and another field differ"


def main(prefix: str) -> None:
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    fields: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for name, folder in SETS.items():
        if not Path(f"{prefix}{name}.txt").exists():
            continue  # a set the caller kept no verbose output for (e.g. only first-contact snapshots)
        gold = json.loads(Path(f"{folder}/gold-reconcile.json").read_text(encoding="utf-8"))
        docs = {
            d["file"]: Path(f"{folder}/docs/{d['file']}").read_text(encoding="utf-8")
            for d in gold["documents"]
        }
        ctx = {(c["doc"], c["figure"]): c["context"] for c in gold["claims"]}
        verbose = Path(f"{prefix}{name}.txt").read_text(encoding="utf-8")
        split = verbose.split("== ledger measures merging gold measures")[0]
        for block in re.split(r"\n(?=M\d+ )", split):
            lines = block.strip().split("\n")
            if not re.match(r"M\d+", lines[0]):
                continue
            groups = []
            for line in lines[1:]:
                m = re.match(r"\s+\[(.*?)\] (.*)", line)
                if m and m.group(1) != "(no measure)":
                    groups.append(
                        (
                            m.group(1),
                            [x.strip() for x in re.split(r"(?=\b[a-z]-\d\d:)", m.group(2)) if x.strip()],
                        )
                    )
            places = collections.Counter()
            labels: collections.Counter[str] = collections.Counter()
            for label, claims in groups:
                places[place(label)] += len(claims)
                labels[label] += len(claims)
            top_label = labels.most_common(1)[0][0]
            for label, claims in groups:
                if label != top_label:
                    fields[field(label, top_label)][name] += len(claims)
            if len(places) < 2:
                continue
            top = places.most_common(1)[0][0]
            for label, claims in groups:
                if place(label) == top:
                    continue
                for claim in claims:
                    doc, fig = claim.split(":", 1)
                    text = docs.get(doc + ".txt", "")
                    body = text.split("\n\n", 1)[-1]
                    dl = re.match(r"([A-Z][A-Z' -]+)[,( ]", body)
                    c = ctx.get((doc + ".txt", fig), "")
                    at = text.find(c)
                    s0 = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
                    s1 = text.find(". ", at + len(c))
                    sentence = text[s0 : s1 if s1 > 0 else len(text)]
                    table[cause(place(label), dl.group(1).strip().title() if dl else None, sentence, text)][
                        name
                    ] += 1
    print("| what differs from the measure's main label | sets | claims | per set |")
    print("| --- | --- | --- | --- |")
    for k, per in sorted(fields.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()))):
        sets = ", ".join(f"{s} {n}" for s, n in per.items())
        print(f"| {k} | {len(per)} | {sum(per.values())} | {sets} |")
    print()
    print("| cause | sets | claims | per set |\n| --- | --- | --- | --- |")
    for k, per in sorted(table.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()))):
        print(
            f"| {k} | {len(per)} | {sum(per.values())} | "
            + ", ".join(f"{s} {n}" for s, n in per.items())
            + " |"
        )


if __name__ == "__main__":
    main(sys.argv[1])

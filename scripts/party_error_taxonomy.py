"""Party error taxonomy across the reconcile sets: every claim outside its gold party's home fragment,
given one general cause from the fragment's name (docs/reconcile.md, "The sixth party round").

Usage (from the worktree, with the shared scorer beside it)::

    python3 scripts/party_error_taxonomy.py            # runs the scorer on dev and tests/reconcile_blind*
    python3 scripts/party_error_taxonomy.py DIR        # reads DIR/<set>.txt saved from score.py --verbose

For each gold party in "gold parties split across ledger sources" the largest fragment with a source is
its home; each claim in another fragment is one error, classed by the fragment's name alone (automatic,
no hand overrides: a count moves a little when the home fragment changes). Claims of a minority gold
party inside a ledger source that merges parties ("ledger sources merging gold parties") are merges.
Prints one row per cause: in how many sets it occurs, and its claims per set.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent.parent / "shared" / "eval" / "reconcile" / "score.py"
if not SCORER.exists():
    SCORER = Path("/work/shared/eval/reconcile/score.py")
#: dev, then every tests/reconcile_blindN in number order (a set added to the tests is read at once)
SETS = ["dev"] + [
    p.name.removeprefix("reconcile_")
    for p in sorted(
        (ROOT / "tests").glob("reconcile_blind*"), key=lambda p: int(p.name.removeprefix("reconcile_blind"))
    )
]

_FRAGMENT = re.compile(r"^\s{4}\[(?P<name>.*)\] (?P<claims>[a-z]+-\d+:.*)$")
_TITLES = {"rear", "admiral", "adm", "gen", "general", "col", "colonel", "lt", "maj", "brig", "capt", "dr",
           "vice", "commander", "sgt", "mr", "ms", "mrs"}
_STATE_HEADS = ("armed forces", "army", "military", "government", "defence ministry", "general staff",
                "presidency", "interior ministry", "health ministry", "police", "administration",
                "ministry", "broadcaster", "state media", "navy", "air force")

CAUSES = {
    "C5": "a claim the gold attributes has no source (extraction: a missed cue or continuation)",
    "C1": "a generic name kept per document (\"The junta (document …)\")",
    "C8": "a name cut or padded by the source span (a title cut into the name, leading punctuation)",
    "C3": "a person not linked to the body they speak for",
    "C2": "one state's body keyed by another place (a city, region or the wrong country)",
    "C7": "one state's organs (government, army, ministries, state media) split, or rival bodies joined",
    "C6": "words that are no party read as the speaker (an event, evidence, a subject)",
    "C4": "a short, described, acronym or possessive name of a named body not joined",
    "M": "a ledger source joining two gold parties (claims of the smaller one)",
}


def _claims(text: str) -> int:
    return len(re.findall(r"[a-z]+-\d+:", text))


def _classify(name: str, home: str) -> str:
    low = name.casefold()
    if name == "(no source)":
        return "C5"
    if "(document " in name:
        return "C1"
    words = low.split()
    if not name[:1].isalnum() or words[-1].strip(".") in _TITLES or (len(words) == 1 and words[0] in _TITLES):
        return "C8"
    if len(words) == 1 and name[:1].isupper() and low != home.casefold().split()[0]:
        return "C8" if len(name) < 8 else "C4"
    hlow = home.casefold()
    state = next((h for h in _STATE_HEADS if low.endswith(h)), None)
    hstate = next((h for h in _STATE_HEADS if hlow.endswith(h)), None)
    if state and hstate:
        if state == hstate:
            return "C2"
        if words[0] == hlow.split()[0]:
            return "C7"
        return "C2"
    if state or hstate:
        return "C7" if words[0] == hlow.split()[0] else "C4"
    if all(w[:1].islower() for w in name.split()[1:]) and name[:1].isupper() and len(words) >= 4:
        return "C6"
    if len(words) in (2, 3) and all(w[:1].isupper() for w in name.split()) and not any(
        w in ("office", "ministry", "group", "agency", "council", "movement", "front", "army") for w in words
    ):
        return "C3"
    return "C4"


def taxonomy(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    lines = text.splitlines()
    try:
        i = lines.index("== gold parties split across ledger sources")
    except ValueError:
        return out
    groups: list[list[tuple[str, int]]] = []
    for line in lines[i + 1 :]:
        if line.startswith("=="):
            break
        m = _FRAGMENT.match(line)
        if m:
            groups[-1].append((m.group("name"), _claims(m.group("claims"))))
        elif line and not line.startswith(" "):
            groups.append([])
    for frags in groups:
        named = [f for f in frags if f[0] != "(no source)"]
        if not named:
            continue
        home = max(named, key=lambda f: f[1])
        for name, n in frags:
            if (name, n) != home:
                out[_classify(name, home[0])] += n
    try:
        j = lines.index("== ledger sources merging gold parties")
    except ValueError:
        return out
    for line in lines[j + 1 :]:
        if line.startswith("=="):
            break
        parts = re.split(r"; (?=P\d+ )", line.split("] ", 1)[1]) if "] " in line else []
        sizes = sorted(_claims(p) for p in parts)
        out["M"] += sum(sizes[:-1])
    return out


def _verbose(name: str) -> str:
    prefix = str(ROOT / ".venv" / "bin" / "claimledger")
    cmd = [sys.executable, str(SCORER), "--cmd-prefix", prefix, "--verbose"]
    if name != "dev":
        cmd += ["--set", str(ROOT / "tests" / f"reconcile_{name}")]
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout


def main(argv: list[str]) -> None:
    per: dict[str, Counter[str]] = {}
    for name in SETS:
        if argv:
            path = Path(argv[0]) / f"{name}.txt"
            text = path.read_text() if path.exists() else ""
        else:
            text = _verbose(name)
        per[name] = taxonomy(text)
    rows = defaultdict(list)
    for cause in CAUSES:
        for name in SETS:
            if per[name][cause]:
                rows[cause].append(f"{name}:{per[name][cause]}")
    print("| cause | sets | claims | per set |")
    print("| --- | --- | --- | --- |")
    order = sorted(CAUSES, key=lambda c: (-len(rows[c]), -sum(per[s][c] for s in SETS)))
    for cause in order:
        total = sum(per[s][cause] for s in SETS)
        print(f"| {cause} {CAUSES[cause]} | {len(rows[cause])} | {total} | {' '.join(rows[cause])} |")


if __name__ == "__main__":
    main(sys.argv[1:])

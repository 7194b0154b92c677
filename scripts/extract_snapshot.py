"""Save, or compare against a saved copy, `claimledger extract --format jsonl` on every corpus we have.

Why: a refactor of the extractor must not change a single claim. ``snapshot DIR`` writes one
JSONL file per corpus; ``compare DIR`` runs the same extraction again and reports every line
that differs. The ``rules`` field (the rule data's version and hash) is the one field allowed
to differ: moving words into the data files changes it by design.

    .venv/bin/python scripts/extract_snapshot.py snapshot /tmp/before
    .venv/bin/python scripts/extract_snapshot.py compare /tmp/before    # exit 1 on any difference
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "heldout": ROOT / "tests/heldout/docs",
    "heldout2": ROOT / "tests/heldout2/docs",
    "heldout3": ROOT / "tests/heldout3/docs",
    "general": ROOT / "tests/general/docs",
    "golden": ROOT / "tests/golden/docs",
    "dev": Path("/work/shared/eval/dev/docs"),
    "demo": ROOT / "src/claimledger/data/demo",
    "reconcile": Path("/work/shared/eval/reconcile/docs"),
    "reconcile_blind2": ROOT / "tests/reconcile_blind2/docs",
}


def extract(corpus: Path) -> list[str]:
    files = sorted(str(p) for p in corpus.iterdir() if p.is_file())
    exe = str(Path(sys.executable).parent / "claimledger")
    out = subprocess.run(
        [exe, "extract", *files, "--format", "jsonl"], check=True, capture_output=True, text=True
    )
    return out.stdout.splitlines()


def _case_texts(folder: Path) -> Path:
    """The golden cases' sentences (tests/golden/cases.json, field_cases.json), one file each."""
    folder.mkdir(exist_ok=True)
    n = 0
    for name in ("cases.json", "field_cases.json"):
        for case in json.loads((ROOT / "tests/golden" / name).read_text(encoding="utf-8"))["cases"]:
            (folder / f"{n:04d}.txt").write_text(case["text"], encoding="utf-8")
            n += 1
    return folder


def _without_rules(line: str) -> str:
    d = json.loads(line)
    d.pop("rules", None)
    return json.dumps(d, ensure_ascii=False)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("snapshot", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, where = argv[0], Path(argv[1])
    where.mkdir(parents=True, exist_ok=True)
    CORPORA["cases"] = _case_texts(where / "_cases")
    bad = 0
    for name, corpus in CORPORA.items():
        if not corpus.is_dir():
            print(f"{name}: missing {corpus}", file=sys.stderr)
            return 2
        lines = extract(corpus)
        saved = where / f"{name}.jsonl"
        if mode == "snapshot":
            saved.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
            print(f"{name}: {len(lines)} claims saved")
            continue
        old = saved.read_text(encoding="utf-8").splitlines()
        diff = [
            (i, a, b)
            for i, (a, b) in enumerate(zip(old, lines, strict=False))
            if a != b and _without_rules(a) != _without_rules(b)
        ]
        extra = abs(len(old) - len(lines))
        same_bytes = old == lines
        print(
            f"{name}: {len(lines)} claims, {len(diff) + extra} differ"
            + (
                " (byte-identical)"
                if same_bytes
                else " (identical but for `rules`)"
                if not diff and not extra
                else ""
            )
        )
        for i, a, b in diff[:5]:
            print(f"  line {i + 1}\n  - {a}\n  + {b}")
        bad += len(diff) + extra
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Write every output claimledger produces on the corpora we have, to compare two versions byte for byte.

Run it once on the old code and once on the new, into two folders, then ``diff -r``:

    git archive main | tar -x -C /tmp/main-tree      # the old code, beside this one
    .venv/bin/python /tmp/main-tree/scripts/snapshot_outputs.py /tmp/before   # (copy this script there)
    .venv/bin/python scripts/snapshot_outputs.py /tmp/after

The script runs the code of the tree it sits in (``PYTHONPATH`` is set to its
``src/``), with this virtualenv's interpreter and dependencies.
    diff -r /tmp/before /tmp/after

It covers: ``extract`` (JSONL, CSV and table) on tests/heldout*/docs, tests/general/docs, the shared
development set (when present) and the demo corpus; ``batch`` Parquet read back
with pyarrow (schema and rows as JSON, so file metadata such as the writer's
version does not count); the demo ledger's ``conflicts``, ``claims``,
``measures`` and ``sources`` reports; and every ``export`` format, after a few
reviews (a confirm, a correction, a rejection) so the reviewed paths are used.
Parquet is compared by content: each file's schema, then its rows as JSON.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "claimledger")
# Paths relative to the tree (the CLI runs there), so outputs that name their input agree across trees.
CORPORA = {
    **{p.parent.name: p.relative_to(ROOT) for p in sorted(ROOT.glob("tests/heldout*/docs"))},
    **{p.parent.name: p.relative_to(ROOT) for p in sorted(ROOT.glob("tests/general/docs"))},
    "dev": Path("/work/shared/eval/dev/docs"),
    "demo": Path("src/claimledger/data/demo/articles.jsonl"),
}
#: The kept sets as one JSONL file for batch, at a path that does not depend on the output folder.
HELDOUT_JSONL = Path("/tmp/claimledger-snapshot-heldout.jsonl")


def run(out: Path, name: str, *args: str) -> None:
    """Run the CLI; stdout to ``out/name``, exit status and stderr to ``out/name.status``."""
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([CLI, *args], capture_output=True, env=env, cwd=ROOT, check=False)
    (out / name).write_bytes(_placeless(proc.stdout, out))
    err = _placeless(proc.stderr, out).decode(errors="replace")
    if name == "batch.log":  # its progress lines and summary say how long it took
        err = "\n".join(line for line in err.splitlines() if "partitions" not in line)
        (out / name).write_text(re.sub(r" in [0-9.]+ s \([^)]*\)", " in <time>", (out / name).read_text()))
    (out / f"{name}.status").write_text(f"exit {proc.returncode}\n{err}")


def _placeless(data: bytes, out: Path) -> bytes:
    """``data`` with the output folder and the tree's own path written as placeholders."""
    return data.replace(str(out).encode(), b"<out>").replace(str(ROOT).encode(), b"<tree>")


def parquet_dump(path: Path, dest: Path) -> None:
    """Schema and rows of a Parquet file or folder, as text (content, not bytes, is what must agree)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    table = table.select(sorted(table.column_names)) if path.is_dir() else table
    rows = table.to_pylist()
    if path.is_dir():  # partitions may come back in any order: sort rows
        rows.sort(key=lambda r: json.dumps(r, sort_keys=True, default=str))
    lines = [str(table.schema), *(json.dumps(r, ensure_ascii=False, default=str) for r in rows)]
    text = "\n".join(lines) + "\n"
    dest.write_bytes(_placeless(text.encode(), dest.parent))


def review_some(db: Path) -> None:
    """A confirm, a correction and a rejection, at fixed times, so exports carry reviewed rows."""
    sys.path.insert(0, str(ROOT / "src"))
    from claimledger.ledger import open_ledger
    from claimledger.serve.review import apply_review

    ledger = open_ledger(db)
    conn = ledger.conn
    ids = [r[0] for r in conn.execute("SELECT id FROM claims ORDER BY id LIMIT 3")]
    at = datetime(2033, 4, 1, 12, 0, tzinfo=UTC)
    apply_review(conn, ids[0], "confirm", reviewer="Ana", note="checked", at=at)
    apply_review(conn, ids[1], "correct", reviewer="Bo", changes={"low": "12", "high": "15",
                                                                   "hedge": "range"}, at=at)
    apply_review(conn, ids[2], "reject", reviewer="Ana", at=at)
    conn.commit()
    conn.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, path in CORPORA.items():
        if not (ROOT / path).exists():
            print(f"skipped {name}: {path} is missing", file=sys.stderr)
            continue
        for fmt in ("jsonl", "csv", "table"):
            run(out, f"extract-{name}.{fmt}", "extract", str(path), "--format", fmt)
    heldout = HELDOUT_JSONL  # batch reads JSONL and WARC: the kept sets as JSONL
    with heldout.open("w", encoding="utf-8") as fh:
        for doc in sorted(ROOT.glob("tests/heldout*/docs/*.txt")):
            fh.write(json.dumps({"text": doc.read_text("utf-8"), "url": doc.name}) + "\n")
    batch_in = [str(CORPORA["demo"]), str(heldout)]
    run(out, "batch.log", "batch", *batch_in, "--out", str(out / "batch"), "--workers", "1")
    heldout.unlink()
    for part in ("documents", "claims", "errors"):
        if (out / "batch" / part).exists():
            parquet_dump(out / "batch" / part, out / f"batch-{part}.txt")
    db = out / "demo.db"
    run(out, "demo.txt", "demo", "--db", str(db))
    for report in ("claims", "measures", "sources", "conflicts"):
        for fmt in ("table", "json", "csv"):
            run(out, f"{report}.{fmt}", report, "--db", str(db), "--format", fmt, "--limit", "100000")
    review_some(db)
    for fmt in ("jsonl", "csv", "parquet", "claimreview"):
        dest = str(out / f"export.{fmt}")
        run(out, f"export.{fmt}.log", "export", "--db", str(db), "--format", fmt, "--out", dest)
    parquet_dump(out / "export.parquet", out / "export-parquet.txt")
    (out / "export.parquet").unlink()
    db.unlink()  # binary, with the time it was built: its content is in the reports and exports
    for p in sorted((out / "batch").rglob("*")) if (out / "batch").exists() else []:
        if p.is_file():
            p.unlink()
    print(f"wrote {sum(1 for _ in out.iterdir())} files to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())

"""A digest of everything `add` and `reconcile` write, per corpus: to show that a change to how the
ledger is built (speed work) leaves every row as it was.

    .venv/bin/python scripts/ledger_digest.py                          # this checkout
    PYTHONPATH=/path/to/other/src .venv/bin/python scripts/ledger_digest.py   # another revision's src/

Each corpus (the demo articles, every reconcile set in tests/ and, when present, the shared
development set) is added the way the reconcile scorer adds it (one JSONL, outlet and date from
the set's gold) into a fresh ledger, which is then reconciled; printed per corpus: claims,
measures, flags and a sha256 over documents, claims (measure, source, headline), measures,
sources and their aliases, context facts, flags and grades. Equal lines: equal ledgers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from claimledger.ingest import add_paths
from claimledger.ledger import open_ledger
from claimledger.reconcile import reconcile_ledger

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/eval/reconcile")

TABLES = (
    "SELECT id, title, outlet, published, claim_count FROM documents ORDER BY id",
    "SELECT id, document_id, measure_id, source_id, headline, event, subject, place, as_of "
    "FROM claims ORDER BY id",
    "SELECT id, event, subject, place, period_start, unit, label, affiliation, period_kind, period_end, "
    "running FROM measures ORDER BY id",
    "SELECT id, name, key FROM sources ORDER BY id",
    "SELECT alias_key, source_id FROM source_aliases ORDER BY alias_key",
    "SELECT kind, key, value, document_id FROM context_facts ORDER BY kind, key",
    "SELECT id, kind, measure_id, detail, flag_key FROM flags ORDER BY id",
    "SELECT flag_id, claim_id FROM flag_claims ORDER BY flag_id, claim_id",
    # every claim's grade: a non-rejected claim with no row is 'single' (migration 0019; before it
    # every such claim had a row), so ledgers of either schema give the same lines
    "SELECT c.id, CASE WHEN g.grade IS NULL AND c.review_status != 'rejected' THEN 'single' "
    "ELSE g.grade END FROM claims c LEFT JOIN claim_grades g ON g.claim_id = c.id ORDER BY c.id",
)


def set_jsonl(folder: Path, out: Path) -> None:
    """The set's articles as the reconcile scorer writes them."""
    gold = json.loads((folder / "gold-reconcile.json").read_text(encoding="utf-8"))
    with out.open("w", encoding="utf-8") as fh:
        for d in gold["documents"]:
            text = (folder / "docs" / d["file"]).read_text(encoding="utf-8")
            fh.write(json.dumps({"text": text, "url": "set://" + d["file"], "title": d.get("title"),
                                 "outlet": d.get("outlet"), "published": d.get("published")},
                                ensure_ascii=False) + "\n")


def digest(conn: sqlite3.Connection) -> str:
    h = hashlib.sha256()
    for sql in TABLES:
        for row in conn.execute(sql):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()[:16]


def main() -> None:
    corpora = [("demo", ROOT / "src" / "claimledger" / "data" / "demo" / "articles.jsonl")]
    sets = sorted(p for p in (ROOT / "tests").glob("reconcile_*") if (p / "gold-reconcile.json").exists())
    if (SHARED / "gold-reconcile.json").exists():
        sets.insert(0, SHARED)
    with tempfile.TemporaryDirectory() as tmp:
        for folder in sets:
            jl = Path(tmp) / f"{folder.name}.jsonl"
            set_jsonl(folder, jl)
            corpora.append((folder.name, jl))
        for name, path in corpora:
            led = open_ledger(Path(tmp) / f"{name}.db")
            add_paths(led, [str(path)])
            reconcile_ledger(led.conn)
            conn = led.conn
            n = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("claims", "measures", "flags")]
            print(f"{name:<18} {n[0]:5} claims {n[1]:5} measures {n[2]:5} flags  {digest(conn)}")
            led.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()

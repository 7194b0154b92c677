"""`add` killed with SIGKILL at random points leaves a ledger that a re-run completes exactly.

Each trial starts `claimledger add` on a fresh ledger in a real subprocess and
kills it: at a random SQL statement of the first migrations, at a random
moment while it reconciles, or at a random moment anywhere in the run. Then:
PRAGMA integrity_check, the FTS5 index's own integrity-check, a re-run of the
same `add`, both checks again (the search index now also against its content
table), and a comparison of documents, claims, sources, flags and grades with
a ledger built by one clean run.

A few trials run in the normal suite. The long profile runs more:

    CLAIMLEDGER_CRASH_TRIALS=100 .venv/bin/pytest tests/test_crash_safety.py -q

(issue 13, "Keep it found"; points 5 and 6 were both found by kills like these).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from claimledger.serve.app import _check_is_ledger

HERE = Path(__file__).resolve().parent
CHILD = HERE / "crash_child.py"
DEMO = HERE.parent / "src" / "claimledger" / "data" / "demo" / "articles.jsonl"
TRIALS = int(os.environ.get("CLAIMLEDGER_CRASH_TRIALS", "3"))
SEED = int(os.environ.get("CLAIMLEDGER_CRASH_SEED", "13"))
MODES = ("migration", "reconcile", "anywhere")
LONG = len(MODES) < TRIALS
OUTLETS = ("", "Harbour Relay", "Eastmarch Courier", "Tallow Post", "Lindqvist Daily", "Corran Bulletin")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMLEDGER_DB", "CLAIMLEDGER_ALIASES")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    return env


def _child(kill_at: int, counts: Path, db: Path, corpus: Path, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(kill_at), str(counts), "--", "add", str(corpus), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), **kw,
    )


@dataclass(frozen=True)
class Clean:
    """The reference ledger, and the shape of a clean run used to place kills."""

    corpus: Path
    snapshot: dict[str, Any]
    statements: int
    migration_statements: int
    seconds: float
    reconcile_seconds: float


def _write_corpus(path: Path) -> None:
    """The demo's invented wire stories, each also as a later update from other outlets: ~120 articles.

    Every copy is a new document (new text), so flags link claims across
    many documents and reconciling takes a measurable moment.
    """
    articles = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for n, outlet in enumerate(OUTLETS):
            for a in articles:
                b = dict(a)
                if outlet:
                    b["outlet"] = outlet
                    b["title"] = f"{a.get('title', '')} (update {n})"
                    b["text"] = f"Update {n}, from {outlet}.\n\n{a['text']}"
                fh.write(json.dumps(b, ensure_ascii=False) + "\n")


def snapshot(db: Path) -> dict[str, Any]:
    """Everything a re-run must reproduce, without ids or times that depend on the order of events."""
    c = sqlite3.connect(db)
    try:
        q = lambda sql: sorted((tuple(r) for r in c.execute(sql)), key=repr)  # noqa: E731
        flags = sorted((
            (kind, mid, detail, tuple(sorted(r[0] for r in c.execute(
                "SELECT claim_id FROM flag_claims WHERE flag_id = ?", (fid,)))))
            for fid, kind, mid, detail in c.execute("SELECT id, kind, measure_id, detail FROM flags")
        ), key=repr)
        return {
            "documents": q("SELECT id, title, url, outlet, published, origin, format, rules, claim_count "
                           "FROM documents"),
            "claims": q("SELECT c.id, c.document_id, c.span_start, c.span_end, c.text, c.low, c.high, "
                        "c.hedge, c.unit, c.event, c.subject, c.place, c.as_of, c.period_start, c.source, "
                        "s.name, c.cue, c.measure_id, c.machine, c.review_status FROM claims c "
                        "LEFT JOIN sources s ON s.id = c.source_id"),
            "sources": q("SELECT name, key FROM sources"),
            "aliases": q("SELECT a.alias_key, a.alias, s.key, a.origin FROM source_aliases a "
                         "JOIN sources s ON s.id = a.source_id"),
            "measures": q("SELECT * FROM measures"),
            "flags": flags,
            "grades": q("SELECT claim_id, grade FROM claim_grades"),
            "search": q("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'killed'"),
            "stale": q("SELECT stale FROM reconcile_state"),
        }
    finally:
        c.close()


def check_integrity(db: Path, *, against_content: bool) -> None:
    """SQLite's integrity_check, and FTS5's own (also against the documents table once caught up)."""
    c = sqlite3.connect(db, isolation_level=None)
    try:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # a fresh file is either still empty or a ledger with its search table: never half a schema
        assert not tables or {"migrations", "documents", "claims", "documents_fts"} <= tables, sorted(tables)
        if "documents_fts" in tables:
            rank = 1 if against_content else 0
            c.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', ?)", (rank,))
    finally:
        c.close()


def _recorded(db: Path) -> int:
    """How many migrations a ledger file records (0 for a file without the table)."""
    c = sqlite3.connect(db)
    try:
        if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'migrations'").fetchone() is None:
            return 0
        return int(c.execute("SELECT count(*) FROM migrations").fetchone()[0])
    finally:
        c.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Clean:
    root = tmp_path_factory.mktemp("crash-clean")
    corpus = root / "corpus.jsonl"
    _write_corpus(corpus)
    db, counts = root / "clean.db", root / "counts.json"
    t0 = time.perf_counter()
    proc = _child(0, counts, db, corpus)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    t1 = time.perf_counter()
    # read the rest through the same text wrapper: communicate() reads the pipe's fd directly and
    # would miss lines readline() had already buffered
    out = proc.stdout.read()
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.wait(timeout=300)
    t2 = time.perf_counter()
    assert proc.returncode == 0, err
    assert first.startswith("documents: 120 new") and "reconciliation refreshed" in out, (first, out, err)
    check_integrity(db, against_content=True)
    got = json.loads(counts.read_text())
    snap = snapshot(db)
    assert snap["flags"] and snap["grades"] and snap["search"] and snap["stale"] == [(0,)]
    return Clean(corpus, snap, got["statements"], got["after_migrations"], t2 - t0, t2 - t1)


def _trials() -> Iterator[tuple[int, str]]:
    for i in range(TRIALS):
        yield i, MODES[i % len(MODES)]


@pytest.mark.parametrize(("trial", "mode"), list(_trials()))
def test_add_killed_then_rerun_matches_a_clean_ledger(
    clean: Clean, tmp_path: Path, trial: int, mode: str
) -> None:
    rnd = random.Random(SEED * 1000 + trial)
    db, counts = tmp_path / "killed.db", tmp_path / "counts.json"
    if mode == "migration":
        kill_at = rnd.randint(1, clean.migration_statements)
        proc = _child(kill_at, counts, db, clean.corpus)
        proc.communicate(timeout=300)
        assert proc.returncode == -signal.SIGKILL, f"statement {kill_at} was never reached"
        where = f"before SQL statement {kill_at} of {clean.migration_statements} (migrations)"
    else:
        proc = _child(0, counts, db, clean.corpus)
        assert proc.stdout is not None
        if mode == "reconcile":
            proc.stdout.readline()  # "documents: …" is printed as reconciliation starts
            delay = rnd.uniform(0, clean.reconcile_seconds)
        else:
            delay = rnd.uniform(0, clean.seconds)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=300)
        fate = "killed" if proc.returncode == -signal.SIGKILL else "finished first"
        where = f"{delay:.3f} s into {mode} ({fate})"

    check_integrity(db, against_content=False)
    if db.exists():
        _check_is_ledger(db)  # `serve` accepts what a kill left (it refused a half-migrated file)

    rerun = _child(0, counts, db, clean.corpus)
    _out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, f"{where}: re-run failed: {err}"
    check_integrity(db, against_content=True)
    got = snapshot(db)
    for key, want in clean.snapshot.items():
        assert got[key] == want, f"{where}: {key} differs from the clean ledger after a re-run"



def test_a_new_ledger_killed_at_any_statement_of_its_migrations_is_finished_by_the_next_open(
    tmp_path: Path,
) -> None:
    """Each kill point of a fresh ledger's migrations, in forked processes (cheap: no re-import).

    The normal suite stops once the first migration has committed (the case
    issue 13 found); the long profile tries every statement of every migration.
    """
    import crash_child
    from claimledger.ledger import open_ledger
    from claimledger.ledger.migrations import bundled_migrations

    k = 0
    while True:
        k += 1
        db = tmp_path / f"m{k}.db"
        pid = os.fork()
        if pid == 0:  # the child: open a new ledger, killed before its k-th statement
            try:
                crash_child.install(k)
                open_ledger(db).close()
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        if not os.WIFSIGNALED(status):
            break  # the migrations have fewer than k statements: every point was tried
        assert os.WTERMSIG(status) == signal.SIGKILL
        check_integrity(db, against_content=False)
        first_committed = _recorded(db) > 0
        _check_is_ledger(db)  # `serve` accepted what was left before (it refused a lone migrations table)
        with open_ledger(db) as led:  # the next open finishes the job
            names = [r[0] for r in led.conn.execute("SELECT name FROM migrations ORDER BY name")]
            assert names == [m.name for m in bundled_migrations()]
        check_integrity(db, against_content=True)
        if not LONG and first_committed:
            break
    assert k > 20  # dozens of statements ran, and each was a kill point

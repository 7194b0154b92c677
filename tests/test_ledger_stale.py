"""Flags and grades are never silently stale: the schema marks every change, and the next run recomputes.

Issue 13 point 5: `add` killed after its documents committed but while
reconciling left claims with no flags, and a re-run added nothing new so it did
not reconcile either. Migration 0009 keeps a stale mark set by triggers in the
same transaction as the change; these tests check each kind of change sets it,
that reconcile clears it, and that the CLI recomputes when it is set.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.errors import LedgerError
from claimledger.ledger import merge_sources, open_ledger
from claimledger.ledger.migrations import bundled_migrations, migrate
from claimledger.ledger.reconcile_state import is_stale
from claimledger.ledger.sources import SourceVocab
from claimledger.reconcile import reconcile_if_stale, reconcile_ledger
from claimledger.serve.review import apply_review
from ledger_util import run_cli
from reconcile_rows import fill

CLAIMS = [
    {"id": "c1", "doc": "d1", "source": "Health Ministry", "value": 4020, "date": "2031-03-10"},
    {"id": "c2", "doc": "d2", "source": "Rights Monitor", "value": 3100, "date": "2031-03-10"},
    {"id": "c3", "doc": "d3", "source": None, "value": 4100, "date": "2031-03-11"},
]
DEMO = Path(__file__).resolve().parents[1] / "src" / "claimledger" / "data" / "demo" / "articles.jsonl"


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return open_ledger(tmp_path / "t.db").conn


def _reconciled(conn: sqlite3.Connection) -> sqlite3.Connection:
    fill(conn, CLAIMS)
    assert is_stale(conn)
    reconcile_ledger(conn)
    assert not is_stale(conn)
    return conn


def test_a_new_ledger_is_current_and_new_claims_make_it_stale(conn: sqlite3.Connection) -> None:
    assert not is_stale(conn)
    assert reconcile_if_stale(conn) is None  # nothing to do: no write, no summary
    fill(conn, CLAIMS)
    assert is_stale(conn)
    summary = reconcile_if_stale(conn)
    assert summary is not None and summary.flags["contradiction"] == 1
    assert not is_stale(conn)
    assert conn.execute("SELECT reconciled_at FROM reconcile_state").fetchone()[0] is not None
    assert reconcile_if_stale(conn) is None


def test_a_review_marks_stale_in_its_own_transaction(conn: sqlite3.Connection) -> None:
    _reconciled(conn)
    apply_review(conn, "c2", "reject", reviewer="tester")
    assert is_stale(conn)
    summary = reconcile_if_stale(conn)
    assert summary is not None and summary.flags["contradiction"] == 0  # c2 left out now


def test_a_source_merge_and_a_deleted_document_mark_stale(conn: sqlite3.Connection) -> None:
    _reconciled(conn)
    merge_sources(conn, "Rights Monitor", "Health Ministry", SourceVocab.load())
    assert is_stale(conn)
    reconcile_ledger(conn)
    conn.execute("DELETE FROM documents WHERE id = 'd3'")
    assert is_stale(conn)
    reconcile_ledger(conn)
    conn.execute("UPDATE documents SET published = '2031-04-01' WHERE id = 'd1'")
    assert is_stale(conn)


def test_a_rolled_back_change_leaves_the_mark_as_it_was(conn: sqlite3.Connection) -> None:
    _reconciled(conn)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE claims SET low = 1 WHERE id = 'c1'")
    assert is_stale(conn)
    conn.execute("ROLLBACK")
    assert not is_stale(conn)


def test_a_failed_reconcile_leaves_the_mark_set(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    conn.execute("CREATE TRIGGER no_flags BEFORE INSERT ON flags BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(LedgerError):
        reconcile_ledger(conn)
    assert is_stale(conn)


def test_migrating_an_existing_ledger_with_claims_marks_it_stale(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    before = [m for m in bundled_migrations() if m.name < "0009"]
    migrate(conn, before)
    fill(conn, CLAIMS)
    migrate(conn)
    assert is_stale(conn)  # its flags may have been lost to a killed run: recompute once


def _flag_rows(db: Path) -> list[tuple[str, str]]:
    c = sqlite3.connect(db)
    try:
        return sorted(c.execute("SELECT kind, detail FROM flags").fetchall())
    finally:
        c.close()


def test_add_killed_while_reconciling_is_finished_by_the_next_add(tmp_path: Path) -> None:
    clean = tmp_path / "clean.db"
    assert run_cli("add", str(DEMO), "--db", str(clean), cwd=tmp_path).returncode == 0
    want = _flag_rows(clean)
    assert want

    killed = tmp_path / "killed.db"
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMLEDGER_DB", "CLAIMLEDGER_ALIASES")}
    for _attempt in range(5):
        for p in tmp_path.glob("killed.db*"):
            p.unlink()
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimledger.cli", "add", str(DEMO), "--db", str(killed)],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "documents: ..." is printed just before reconciling starts
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert line.startswith("documents: 20 new")
        if not _flag_rows(killed):  # the kill landed before reconcile committed
            break
    else:
        pytest.fail("could not kill add before its reconcile committed in 5 tries")
    c = sqlite3.connect(killed)
    assert c.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    assert c.execute("SELECT stale FROM reconcile_state").fetchone()[0] == 1
    c.close()

    again = run_cli("add", str(DEMO), "--db", str(killed), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 new, 20 already present" in again.stdout
    assert "reconciliation refreshed" in again.stdout
    assert _flag_rows(killed) == want


@pytest.mark.parametrize("command", [["conflicts", "--format", "json"], ["measures", "--format", "json"]])
def test_a_report_recomputes_stale_flags_first(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "l.db"
    assert run_cli("add", str(DEMO), "--db", str(db), "--no-reconcile", cwd=tmp_path).returncode == 0
    assert _flag_rows(db) == []
    out = run_cli(*command, "--db", str(db), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "reconciliation refreshed" in out.stderr
    assert _flag_rows(db)
    if command[0] == "conflicts":
        assert json.loads(out.stdout)  # the report itself already shows the recomputed flags
    second = run_cli(*command, "--db", str(db), cwd=tmp_path)
    assert "reconciliation refreshed" not in second.stderr


def test_serve_recomputes_stale_flags_before_it_serves(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert run_cli("add", str(DEMO), "--db", str(db), "--no-reconcile", cwd=tmp_path).returncode == 0
    assert _flag_rows(db) == []
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMLEDGER_DB", "CLAIMLEDGER_ALIASES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger.cli", "serve", "--db", str(db), "--port", "0"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert proc.stderr is not None
        lines = []
        for line in proc.stderr:  # the "serving … at" line comes once the server is about to listen
            lines.append(line)
            if "serving" in line:
                break
        assert any("reconciliation refreshed" in ln for ln in lines), lines
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert _flag_rows(db)

"""Full-text search over documents stays exact while bulk adds index it in batches (migration 0007).

Every test checks search results through FTS5 on a real SQLite file, and the
index against the documents table with FTS5's own integrity check.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.ingest import add_paths
from claimledger.ledger import db as ledger_db
from claimledger.ledger import open_ledger
from claimledger.ledger.search_index import pending
from ledger_util import doc


def hits(conn: sqlite3.Connection, word: str) -> int:
    sql = "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?"
    return int(conn.execute(sql, (word,)).fetchone()[0])


def assert_index_exact(conn: sqlite3.Connection) -> None:
    """FTS5 compares its index with the content table; raises if any row is missing or stale."""
    conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")


def article(i: int) -> str:
    return f"Shelling near Kestrel bridge {i} killed {i + 3} people, the Tolmar Relief Network said."


def test_a_single_add_is_searchable_at_once(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc(article(1)), claims=[])
        assert hits(led.conn, "kestrel") == 1
        assert pending(led.conn) == 0
        assert_index_exact(led.conn)


def test_bulk_lags_by_at_most_a_batch_and_is_exact_when_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_db, "SEARCH_BATCH", 4)
    with open_ledger(tmp_path / "l.db") as led:
        with led.bulk():
            for i in range(10):
                led.add(doc(article(i)), claims=[])
                assert pending(led.conn) < 4
                assert hits(led.conn, "kestrel") + pending(led.conn) == i + 1
            assert hits(led.conn, "kestrel") == 8  # two batches of four caught up, two documents waiting
        assert hits(led.conn, "kestrel") == 10
        assert pending(led.conn) == 0
        assert_index_exact(led.conn)


def test_nested_bulk_catches_up_only_when_the_outer_block_ends(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        with led.bulk():
            with led.bulk():
                led.add(doc(article(1)), claims=[])
            assert hits(led.conn, "kestrel") == 0
        assert hits(led.conn, "kestrel") == 1


def test_an_error_inside_bulk_still_leaves_committed_documents_searchable(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        with pytest.raises(RuntimeError, match="stop"), led.bulk():
            led.add(doc(article(1)), claims=[])
            raise RuntimeError("stop")
        assert hits(led.conn, "kestrel") == 1
        assert_index_exact(led.conn)


def test_a_killed_bulk_add_is_caught_up_when_the_ledger_is_next_opened(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    script = (
        "import os, sys\n"
        "from claimledger.ledger import open_ledger\n"
        "from ledger_util import doc\n"
        "led = open_ledger(sys.argv[1])\n"
        "with led.bulk():\n"
        "    for i in range(3):\n"
        "        led.add(doc(f'Shelling near Kestrel bridge {i} killed {i + 3} people.'), claims=[])\n"
        "    os._exit(0)  # dies inside the bulk run: no catch-up, no close\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT count(*) FROM documents").fetchone()[0] == 3  # every document committed
    assert hits(raw, "kestrel") == 0
    raw.close()
    with open_ledger(path) as again:
        assert hits(again.conn, "kestrel") == 3
        assert_index_exact(again.conn)


def test_a_reused_rowid_below_the_mark_is_indexed_by_the_trigger(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc(article(1)), claims=[])
        led.add(doc(article(2)), claims=[])
        led.conn.execute("DELETE FROM documents WHERE rowid = 2")  # the newest, already indexed
        assert hits(led.conn, "kestrel") == 1
        with led.bulk():  # the next document takes rowid 2 again, at the mark
            led.add(doc("Flooding in Ostrel displaced 40 families, officials said."), claims=[])
            assert hits(led.conn, "ostrel") == 1
        assert_index_exact(led.conn)


def test_edits_to_indexed_documents_reach_the_index(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc(article(1)), claims=[])
        led.conn.execute("UPDATE documents SET title = 'Harbour of Pellam' WHERE rowid = 1")
        assert hits(led.conn, "pellam") == 1
        assert_index_exact(led.conn)


def test_add_paths_leaves_search_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_db, "SEARCH_BATCH", 3)
    files = []
    for i in range(7):
        f = tmp_path / f"a{i}.txt"
        f.write_text(article(i), encoding="utf-8")
        files.append(str(f))
    with open_ledger(tmp_path / "l.db") as led:
        summary = add_paths(led, files)
        assert summary.new == 7
        assert hits(led.conn, "kestrel") == 7
        assert pending(led.conn) == 0
        assert_index_exact(led.conn)

"""write_transaction: all or nothing on a real SQLite file; SQLite failures as LedgerError naming it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.errors import LedgerError
from claimledger.ledger import merge_sources, open_ledger
from claimledger.ledger.transactions import read_snapshot, write_transaction
from ledger_util import doc, make_claim


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    c.execute("CREATE TABLE t (x INTEGER NOT NULL)")
    yield c
    c.close()


def _rows(tmp_path: Path) -> list[int]:
    other = sqlite3.connect(tmp_path / "t.db")  # a second connection sees only what was committed
    try:
        return [r[0] for r in other.execute("SELECT x FROM t ORDER BY x")]
    finally:
        other.close()


def test_the_body_is_committed(conn: sqlite3.Connection, tmp_path: Path) -> None:
    with write_transaction(conn, "two rows"):
        assert conn.in_transaction
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("INSERT INTO t VALUES (2)")
    assert not conn.in_transaction
    assert _rows(tmp_path) == [1, 2]


@pytest.mark.parametrize("exc", [ValueError("bad value"), KeyboardInterrupt()])
def test_any_exception_rolls_back_and_is_raised_unchanged(
    conn: sqlite3.Connection, tmp_path: Path, exc: BaseException
) -> None:
    with pytest.raises(type(exc)) as raised, write_transaction(conn, "two rows"):
        conn.execute("INSERT INTO t VALUES (1)")
        raise exc
    assert raised.value is exc
    assert not conn.in_transaction
    assert _rows(tmp_path) == []


def test_a_sqlite_failure_becomes_a_ledger_error_naming_the_write(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    message = r"^adding the rows: nothing was written \(NOT NULL constraint"
    with pytest.raises(LedgerError, match=message) as raised, write_transaction(conn, "adding the rows"):
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("INSERT INTO t VALUES (NULL)")
    assert isinstance(raised.value.__cause__, sqlite3.IntegrityError)
    assert not conn.in_transaction
    assert _rows(tmp_path) == []


def test_a_write_lock_held_elsewhere_is_a_ledger_error(conn: sqlite3.Connection, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "t.db", isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA busy_timeout = 0")
        message = r"^adding a row: nothing was written \(database is locked\)"
        with pytest.raises(LedgerError, match=message), write_transaction(conn, "adding a row"):
            conn.execute("INSERT INTO t VALUES (1)")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _rows(tmp_path) == []


def test_join_runs_inside_the_callers_transaction(conn: sqlite3.Connection, tmp_path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    with write_transaction(conn, "inner", join=True):
        conn.execute("INSERT INTO t VALUES (1)")
    assert conn.in_transaction  # the caller's transaction is still open: it decides
    assert _rows(tmp_path) == []
    conn.execute("ROLLBACK")
    assert _rows(tmp_path) == []
    conn.execute("BEGIN")
    refused = pytest.raises(LedgerError, match=r"^not joined: nothing was written")
    with refused, write_transaction(conn, "not joined"):
        pass  # without join, a transaction already open is refused
    conn.execute("ROLLBACK")


def test_a_source_merge_that_fails_in_sqlite_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        for name, figure in (("the Tolmar Observatory", "10"), ("Tolmar Monitoring Group", "11")):
            text = f"{name} said {figure} people were killed in Tolmar."
            claim = make_claim(text, figure, source=name, subject="people", place="Tolmar")
            led.add(doc(text), claims=[claim])
        before = led.conn.execute("SELECT id, source_id FROM claims ORDER BY id").fetchall()
        led.conn.execute(
            "CREATE TRIGGER boom BEFORE DELETE ON sources BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        message = r"merging source 'Tolmar Observatory'.*nothing was written.*disk full"
        with pytest.raises(LedgerError, match=message):
            merge_sources(led.conn, "Tolmar Observatory", "Tolmar Monitoring Group", led.source_vocab)
        assert not led.conn.in_transaction
        assert led.conn.execute("SELECT id, source_id FROM claims ORDER BY id").fetchall() == before


SRC = Path(__file__).resolve().parent.parent / "src" / "claimledger"
_HAND_WRITTEN = re.compile(r"""execute\(\s*f?["'](?:BEGIN|COMMIT|END|ROLLBACK)\b""", re.IGNORECASE)


def hand_written_transactions(root: Path) -> list[str]:
    """``file:line`` of every BEGIN/COMMIT/ROLLBACK a module executes itself, outside transactions.py."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "transactions.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _HAND_WRITTEN.search(line):
                found.append(f"{path.relative_to(root)}:{n}")
    return found


def test_every_write_transaction_is_write_transaction() -> None:
    assert hand_written_transactions(SRC) == []


def test_the_scan_finds_a_hand_written_block(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text('conn.execute("BEGIN IMMEDIATE")\nconn.execute( "ROLLBACK")\n')
    assert hand_written_transactions(tmp_path) == ["mod.py:1", "mod.py:2"]


def _lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_adding_a_document_while_another_writer_holds_the_lock_is_a_ledger_error(tmp_path: Path) -> None:
    text = "Officials said 12 people were killed in Tolmar."
    with open_ledger(tmp_path / "l.db") as led:
        led.conn.execute("PRAGMA busy_timeout = 0")
        other = _lock(tmp_path / "l.db")
        try:
            message = r"^story\.txt: not stored: nothing was written \(database is locked\)"
            with pytest.raises(LedgerError, match=message):
                led.add(doc(text), origin="story.txt", claims=[make_claim(text, "12", source="Officials")])
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert not led.conn.in_transaction
        assert led.add(doc(text), claims=[make_claim(text, "12", source="Officials")]).new


def test_a_search_index_catch_up_that_cannot_write_is_a_ledger_error(tmp_path: Path) -> None:
    text = "Officials said 12 people were killed in Tolmar."
    with open_ledger(tmp_path / "l.db") as led:
        with led.bulk():
            led.add(doc(text), claims=[make_claim(text, "12", source="Officials")])
            led.conn.execute("PRAGMA busy_timeout = 0")
            other = _lock(tmp_path / "l.db")
            try:
                with pytest.raises(LedgerError, match=r"updating the search index: nothing was written"):
                    led.sync_search()
            finally:
                other.execute("ROLLBACK")
                other.close()
        assert led.conn.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0] == 1


def test_a_read_snapshot_sees_one_state_and_leaves_no_transaction(tmp_path: Path) -> None:
    path = tmp_path / "snap.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x INTEGER)")
    writer.execute("INSERT INTO t VALUES (1)")
    reader = sqlite3.connect(path, isolation_level=None)
    with read_snapshot(reader):
        first = reader.execute("SELECT count(*) FROM t").fetchone()
        writer.execute("INSERT INTO t VALUES (2)")  # another connection commits meanwhile
        assert reader.execute("SELECT count(*) FROM t").fetchone() == first == (1,)
    assert not reader.in_transaction
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (2,)
    with pytest.raises(ZeroDivisionError), read_snapshot(reader):
        reader.execute("SELECT * FROM t").fetchall()
        _ = 1 / 0
    assert not reader.in_transaction

"""The reconcile fast paths give exactly what the plain per-claim, per-flag code gives.

The speed work on ``reconcile_ledger`` (per-claim checks called once per measure, flag keys made
in one call, a first run's grades ordered by SQLite) must not change a single flag, key or grade.
These tests hold each fast path equal to its reference, and a whole ledger's tables (first run,
re-run after changes, first run again after the grades were cleared) equal to what the reference
paths compute from the same rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import claimledger.reconcile.db as db_module
import claimledger.reconcile.engine as engine_module
from claimledger.ledger.overrides import flag_key, flag_keys
from claimledger.reconcile import ClaimRow, reconcile_claims, reconcile_ledger
from claimledger.reconcile.checks import unattributed
from claimledger.reconcile.db import iter_claim_rows
from claimledger.reconcile.engine import group_rows, reconcile_groups
from claimledger.reconcile.types import Flag, ReconcileResult
from reconcile_rows import bench_reconcile, ledger_grades

ROOT = Path(__file__).resolve().parent.parent



def _rows(n: int = 4_000, seed: int = 11) -> list[ClaimRow]:
    rows: list[ClaimRow] = bench_reconcile().generate(n, seed=seed)
    return rows


@pytest.mark.parametrize(
    ("kind", "mid", "ids"),
    [
        ("unattributed", "m1", ("c1",)),
        ("unattributed", None, ("c9",)),
        ("contradiction", "m2", ("c3", "c1", "c2")),
        ("drift", None, ("b", "a")),
        ("regression", "m3", ()),
        ("drift", "", ("x\x1fy",)),
    ],
)
def test_flag_keys_equal_flag_key(kind: str, mid: str | None, ids: tuple[str, ...]) -> None:
    assert flag_keys([(kind, mid, ids)]) == [flag_key(kind, mid, ids)]


def test_flag_keys_of_a_generated_run_equal_flag_key() -> None:
    flags = reconcile_claims(_rows()).flags
    assert len({f.kind for f in flags}) == 4 and any(len(f.claim_ids) > 1 for f in flags)
    assert flag_keys((f.kind, f.measure_id, f.claim_ids) for f in flags) == [
        flag_key(f.kind, f.measure_id, f.claim_ids) for f in flags
    ]


def test_unattributed_batch_equals_one_call_per_claim() -> None:
    rows = _rows(2_000)
    one_by_one = [(r.id, f) for r in rows if (f := unattributed(r)) is not None]
    assert one_by_one, "the generated rows hold figures in the article's own voice"
    assert unattributed.batch(rows) == one_by_one


def _reference(rows: list[ClaimRow], monkeypatch: pytest.MonkeyPatch) -> ReconcileResult:
    """The engine with every per-claim check called claim by claim (no batch method)."""
    plain = [lambda r, check=check: check(r) for check in engine_module.CLAIM_CHECKS]
    with monkeypatch.context() as m:
        m.setattr(engine_module, "CLAIM_CHECKS", plain)
        return reconcile_claims(rows)


Tables = tuple[list[tuple[object, ...]], list[tuple[object, ...]], dict[str, str]]


def _tables(conn: sqlite3.Connection) -> Tables:
    sql = "SELECT id, kind, measure_id, detail, flag_key FROM flags ORDER BY id"
    flags = [tuple(r) for r in conn.execute(sql)]
    links = [tuple(r) for r in conn.execute("SELECT flag_id, claim_id FROM flag_claims ORDER BY 1, 2")]
    grades = ledger_grades(conn)
    return flags, links, grades


def _expected(result: ReconcileResult) -> Tables:
    flags: list[Flag] = list(result.flags)
    rows = [(i, f.kind, f.measure_id, f.detail, flag_key(f.kind, f.measure_id, f.claim_ids))
            for i, f in enumerate(flags, 1)]
    links = sorted((i, cid) for i, f in enumerate(flags, 1) for cid in set(f.claim_ids))
    return rows, links, dict(result.grades)


def _indexes(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    sql = "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
    return [tuple(r) for r in conn.execute(sql)]


@pytest.mark.parametrize("reindex_rows", [0, db_module._REINDEX_ROWS])
def test_ledger_tables_equal_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reindex_rows: int
) -> None:
    # 0: flag_claims' index is dropped and rebuilt on every run (as at a million claims)
    monkeypatch.setattr(db_module, "_REINDEX_ROWS", reindex_rows)
    conn = bench_reconcile().write_ledger(tmp_path / "l.db", _rows())
    indexes = _indexes(conn)
    assert any(r[1] == "flag_claims" for r in indexes)
    # claims outside any measure, headline figures and rejected claims take their own paths
    conn.execute("UPDATE claims SET measure_id = NULL WHERE rowid % 97 = 0")
    conn.execute("UPDATE claims SET headline = 1 WHERE rowid % 89 = 0")
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE rowid % 83 = 0")

    def check() -> None:
        expected = _reference(list(iter_claim_rows(conn)), monkeypatch)
        assert len(expected.flags) > 100
        reconcile_ledger(conn)
        assert _tables(conn) == _expected(expected)
        assert sorted(_indexes(conn), key=str) == sorted(indexes, key=str)

    check()  # first run: every grade written
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE rowid % 7 = 0")
    conn.execute("UPDATE claims SET review_status = 'machine' WHERE rowid % 83 = 0 AND rowid % 7 != 0")
    conn.execute("UPDATE claims SET low = low * 2, high = high * 2 WHERE rowid % 13 = 0")
    check()  # re-run: only changed grades written
    conn.execute("DELETE FROM claim_grades")
    check()  # a first run again, on a ledger that already has flags
    conn.close()


def test_a_failed_first_run_leaves_no_grades_behind(tmp_path: Path) -> None:
    conn = bench_reconcile().write_ledger(tmp_path / "l.db", _rows(500))
    conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON claim_grades BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception, match="disk full"):
        reconcile_ledger(conn)
    assert conn.execute("SELECT count(*) FROM claim_grades").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM flags").fetchone()[0] == 0
    conn.execute("DROP TRIGGER boom")
    reconcile_ledger(conn)  # the temporary table went with the rollback: the next run succeeds
    assert len(ledger_grades(conn)) == 500
    assert 0 < conn.execute("SELECT count(*) FROM claim_grades").fetchone()[0] < 500  # 'single': no row
    conn.close()


def test_grades_without_singles_are_the_other_grades() -> None:
    """``reconcile_groups(..., singles=False)`` (a first run, which stores no 'single' row) gives the
    same flags, and every grade but the 'single' ones, as the plain call."""
    rows = _rows()
    rows = [r._replace(measure_id=None) if i % 97 == 0 else r._replace(headline=i % 89 == 0)
            for i, r in enumerate(rows)]
    rows.append(rows[1]._replace(id="zz-alone", measure_id="alone"))  # a measure of one claim
    by_measure, loose = group_rows(rows)
    assert loose and len(by_measure["alone"]) == 1
    full = reconcile_groups(by_measure, loose)
    lean = reconcile_groups(by_measure, loose, singles=False)
    assert lean.flags == full.flags
    assert lean.grades == {c: g for c, g in full.grades.items() if g != "single"}
    assert len(full.grades) == len(rows) and "single" in full.grades.values()
    assert set(full.grades.values()) - {"single"}

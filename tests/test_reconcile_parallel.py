"""A first full recompute split over processes (``reconcile.parallel``) writes what one process writes.

Each test runs the real thing: forked processes reading the ledger file through their own
connections, their results handed back as JSON and inserted by the parent. The split is forced
on small generated ledgers by lowering ``parallel.MIN_CLAIMS``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

import claimledger.reconcile.db as db_module
from claimledger.errors import LedgerError
from claimledger.ledger.overrides import dismiss_flag
from claimledger.reconcile import parallel, reconcile_ledger
from claimledger.reconcile.types import ReconcileSummary
from reconcile_rows import bench_reconcile
from test_reconcile_incremental import _core, _flags, _grades, _undismissed


def _ledger(path: Path, n: int = 3_000, seed: int = 7) -> sqlite3.Connection:
    bench = bench_reconcile()
    conn: sqlite3.Connection = bench.write_ledger(path, bench.generate(n, seed=seed))
    conn.execute("UPDATE claims SET measure_id = NULL WHERE rowid % 97 = 0")  # claims outside measures
    conn.execute("UPDATE claims SET headline = 1 WHERE rowid % 89 = 0")
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE rowid % 83 = 0")
    conn.execute("UPDATE claims SET as_of = NULL WHERE rowid % 7 = 0")  # dated by their document
    conn.execute("UPDATE claims SET source = NULL, source_id = NULL WHERE rowid % 11 = 0")  # own voice
    return conn


def _summary(s: ReconcileSummary) -> tuple[object, ...]:
    return s.claims, s.excluded, s.measures, s.flags, s.grades


def _run(
    conn: sqlite3.Connection, procs: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[ReconcileSummary, int]:
    """reconcile_ledger with at most ``procs`` processes; also how many runs took the split path."""
    calls = []
    split = db_module._recompute_split

    def counted(*args: object) -> object:
        calls.append(args)
        return split(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        m.setenv(parallel.PROCS_ENV, str(procs))
        m.setattr(parallel, "MIN_CLAIMS", 0)
        m.setattr(parallel.os, "cpu_count", lambda: 4)
        m.setattr(db_module, "_recompute_split", counted)
        # threads other tests of the session left idle (a dask cluster's, a server's) would keep the
        # serial path; the rule itself is tested below with a thread of its own
        m.setattr(parallel.threading, "active_count", lambda: 1)
        summary = reconcile_ledger(conn)
    return summary, len(calls)


@pytest.mark.parametrize("procs", [2, 3])
def test_a_split_first_run_writes_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    one = _ledger(tmp_path / "one.db")
    many = _ledger(tmp_path / "many.db")
    s1, split1 = _run(one, 1, monkeypatch)
    sn, splitn = _run(many, procs, monkeypatch)
    assert (split1, splitn) == (0, 1)
    assert _summary(sn) == _summary(s1)
    assert s1.flags["contradiction"] and s1.flags["unattributed"] and s1.grades["contested"]
    flags = _flags(many)
    assert flags == _flags(one)
    assert None in flags  # the claims outside measures went with the last range
    assert _grades(many) == _grades(one)
    core_flags, core_grades = _core(many)
    assert _undismissed(flags) == core_flags and _grades(many) == core_grades
    ids = [r[0] for r in many.execute("SELECT id FROM flags ORDER BY id")]
    assert ids == list(range(1, len(ids) + 1))
    assert many.execute("SELECT count(*) FROM reconcile_digests").fetchone() == one.execute(
        "SELECT count(*) FROM reconcile_digests").fetchone()
    indexes = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'flag_claims' ORDER BY name"
    assert many.execute(indexes).fetchall() == one.execute(indexes).fetchall()
    # a re-run after a change (marked measures only, one process) agrees with both
    for conn in (one, many):
        conn.execute("UPDATE claims SET low = low * 2, high = high * 2 WHERE rowid % 13 = 0")
        _run(conn, 1, monkeypatch)
    assert _flags(many) == _flags(one) and _grades(many) == _grades(one)


def test_dismissals_survive_a_split_recompute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = _ledger(tmp_path / "l.db")
    _run(conn, 2, monkeypatch)
    last = conn.execute("SELECT max(id) FROM flags").fetchone()[0]  # a flag of the forked range
    dismiss_flag(conn, str(last), note="seen", actor="ana")
    conn.execute("DELETE FROM reconcile_digests")  # the next run recomputes everything
    assert _run(conn, 2, monkeypatch)[1] == 1
    got = conn.execute("SELECT dismissed, dismiss_note FROM flags WHERE id = ?", (last,)).fetchone()
    assert tuple(got) == (1, "seen")


def test_a_failing_worker_rolls_the_run_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = _ledger(tmp_path / "l.db")
    _run(conn, 1, monkeypatch)
    before = _flags(conn), _grades(conn)
    conn.execute("DELETE FROM reconcile_digests")  # a full recompute next
    read = db_module.read_claim_groups

    def broken(c: sqlite3.Connection, *args: object, **kw: object) -> object:
        bounds = kw.get("between")
        if isinstance(bounds, tuple) and bounds[0] is not None:  # a forked range (not the parent's first)
            raise MemoryError("out of memory in the worker")
        return read(c, *args, **kw)  # type: ignore[arg-type]

    forked: list[int] = []
    start = parallel.Workers.start

    def recorded(self: parallel.Workers, *args: object) -> None:
        start(self, *args)  # type: ignore[arg-type]
        forked.extend(self.pids)

    monkeypatch.setattr(db_module, "read_claim_groups", broken)
    monkeypatch.setattr(parallel.Workers, "start", recorded)
    with pytest.raises(LedgerError, match=r"worker process failed(.|\n)*out of memory in the worker"):
        _run(conn, 2, monkeypatch)
    assert (_flags(conn), _grades(conn)) == before
    assert len(forked) == 1
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already



def _allow_split(monkeypatch: pytest.MonkeyPatch, cpus: int) -> None:
    """A ledger of any size on a machine of ``cpus`` cores, with no env override: the split may run."""
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    monkeypatch.delenv(parallel.PROCS_ENV, raising=False)
    monkeypatch.setattr(parallel, "MIN_CLAIMS", 0)

def test_the_split_runs_only_where_it_reads_what_the_parent_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = _ledger(tmp_path / "l.db", n=600)
    _allow_split(monkeypatch, cpus=2)
    real_active_count = parallel.threading.active_count
    # idle threads other tests of a full session leave behind would keep the serial path; the
    # thread rule itself is checked below with the real count and a real thread
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    path, ranges = parallel.split(conn, 600, True) or ("", [])
    assert Path(path) == tmp_path / "l.db" and len(ranges) == 2
    (lo0, hi0, loose0), (lo1, hi1, loose1) = ranges
    assert lo0 is None and hi0 == lo1 and hi1 is None and (loose0, loose1) == (False, True)
    assert parallel.split(conn, 600, False) is None  # the transaction wrote: others would read old rows
    monkeypatch.setattr(parallel, "MIN_CLAIMS", 601)
    assert parallel.split(conn, 600, True) is None  # too small to be worth a fork
    monkeypatch.setattr(parallel, "MIN_CLAIMS", 0)
    monkeypatch.setenv(parallel.PROCS_ENV, "1")
    assert parallel.split(conn, 600, True) is None
    monkeypatch.setenv(parallel.PROCS_ENV, "two")
    with pytest.raises(LedgerError, match="CLAIMLEDGER_RECONCILE_PROCS"):
        parallel.split(conn, 600, True)
    monkeypatch.delenv(parallel.PROCS_ENV)
    monkeypatch.setattr(parallel.threading, "active_count", real_active_count)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.split(conn, 600, True) is None  # a fork would copy only this thread
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # as above: other tests' threads
    assert parallel.split(conn, 600, True) is not None
    memory = sqlite3.connect(":memory:")
    memory.execute("CREATE TABLE measures (id TEXT)")
    memory.executemany("INSERT INTO measures VALUES (?)", [("a",), ("b",), ("c",)])
    assert parallel.split(memory, 600, True) is None  # no file for another process to open


@pytest.mark.parametrize("n", [2, 3, 4])
def test_the_parent_judges_a_range_smaller_only_by_what_it_writes_before_the_others_finish(n: int) -> None:
    # the parent reads, judges and writes its own range's flags while each other process reads and
    # judges one range: equal work when its share f and the others' g hold f * (1 + WRITE_COST) = g
    f = parallel.first_share(n)
    g = (1.0 - f) / (n - 1)
    assert f * (1.0 + parallel.WRITE_COST) == pytest.approx(g)
    assert 0.0 < f < g < 1.0
    assert parallel.first_share(2) > 0.45  # near half: the writes after the join wait for everyone anyway


def test_the_split_cuts_the_measure_ids_at_the_parents_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = _ledger(tmp_path / "l.db", n=2_000)
    _allow_split(monkeypatch, cpus=3)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    _path, ranges = parallel.split(conn, 2_000, True) or ("", [])
    ids = [m for (m,) in conn.execute("SELECT id FROM measures ORDER BY id")]
    sizes = [
        sum(1 for m in ids if (lo is None or m >= lo) and (hi is None or m < hi))
        for lo, hi, _w in ranges
    ]
    assert sum(sizes) == len(ids) and len(sizes) == 3
    assert sizes[0] == int(len(ids) * parallel.first_share(3))
    assert abs(sizes[1] - sizes[2]) <= 1

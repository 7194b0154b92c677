"""reconcile_ledger over a real ledger file: what it writes, what it leaves out, and that it is atomic."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimledger.errors import LedgerError
from claimledger.ledger import open_ledger
from claimledger.reconcile import measure_estimates, measure_timeline, reconcile_ledger
from reconcile_rows import fill, ledger_grades

CLAIMS = [
    {"id": "c1", "doc": "d1", "source": "Health Ministry", "value": 4020, "date": "2031-03-10"},
    {"id": "c2", "doc": "d2", "source": "Rights Monitor", "value": 3100, "date": "2031-03-10"},
    {"id": "c3", "doc": "d3", "source": "Rescue Service", "value": 4020, "date": "2031-03-11"},
    {"id": "c4", "doc": "d4", "source": None, "value": 4020, "date": "2031-03-11"},
]


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    led = open_ledger(tmp_path / "t.db")
    return led.conn


def _flags(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    out = []
    for fid, kind in conn.execute("SELECT id, kind FROM flags ORDER BY id"):
        ids = sorted(r[0] for r in conn.execute("SELECT claim_id FROM flag_claims WHERE flag_id = ?", (fid,)))
        out.append((kind, ids))
    return sorted(out)


def test_writes_flags_and_grades(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    s = reconcile_ledger(conn)
    assert (s.claims, s.excluded, s.measures) == (4, 0, 1)
    # c2 (3,100 on the 10th) and c3 (4,020 on the 11th) can both hold: a running total may grow
    assert _flags(conn) == [("contradiction", ["c1", "c2"]), ("unattributed", ["c4"])]
    grades = ledger_grades(conn)
    assert grades == {"c1": "contested", "c2": "contested", "c3": "corroborated", "c4": "corroborated"}
    assert s.flags == {"contradiction": 1, "regression": 0, "drift": 0, "unattributed": 1}


def test_rerun_replaces_instead_of_adding(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    reconcile_ledger(conn)
    first = _flags(conn)
    reconcile_ledger(conn)
    assert _flags(conn) == first
    assert conn.execute("SELECT count(*) FROM claim_grades").fetchone()[0] == 4


def test_rejected_claims_are_left_out(conn: sqlite3.Connection) -> None:
    fill(conn, [{**c, "status": "rejected"} if c["id"] == "c2" else c for c in CLAIMS])
    s = reconcile_ledger(conn)
    assert (s.claims, s.excluded) == (3, 1)
    assert _flags(conn) == [("unattributed", ["c4"])]
    grades = ledger_grades(conn)
    assert "c2" not in grades and grades["c1"] == "corroborated"


def test_recompute_is_one_transaction(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    reconcile_ledger(conn)
    before = _flags(conn)
    grades_before = conn.execute("SELECT * FROM claim_grades ORDER BY claim_id").fetchall()
    # a real failure after the flags were rewritten: the grade write for c1 (which changes) aborts
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE id = 'c2'")
    conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON claim_grades WHEN NEW.claim_id = 'c1' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(LedgerError, match="reconcile could not write its results: nothing was written"):
        reconcile_ledger(conn)
    assert not conn.in_transaction
    assert _flags(conn) == before
    assert conn.execute("SELECT * FROM claim_grades ORDER BY claim_id").fetchall() == grades_before


def test_refuses_to_run_inside_a_callers_transaction(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    conn.execute("BEGIN")
    with pytest.raises(LedgerError, match="commit or roll back"):
        reconcile_ledger(conn)
    conn.execute("ROLLBACK")


def test_timeline_and_estimates(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    reconcile_ledger(conn)
    tl = measure_timeline(conn, "m1")
    assert [(p.date, p.party_name, p.low) for p in tl] == [
        ("2031-03-10", "Health Ministry", 4020), ("2031-03-10", "Rights Monitor", 3100),
        ("2031-03-11", "Rescue Service", 4020), ("2031-03-11", "Test Wire", 4020),
    ]
    assert tl[0].grade == "contested" and tl[0].title == "Title d1" and tl[3].attributed is False
    est = measure_estimates(conn, "m1")
    assert [e.date for e in est] == ["2031-03-10", "2031-03-11"]
    day2 = est[1]
    assert (day2.low, day2.high, day2.parties) == (3100, 4020, 4)
    assert day2.best == 4020  # the median of 3,100, 4,020, 4,020 and 4,020
    assert day2.conservative == 4020


def test_own_voice_of_an_outlet_that_is_a_source_is_that_source(conn: sqlite3.Connection) -> None:
    fill(conn, [
        {"id": "c1", "doc": "d1", "source": "Health Ministry", "value": 4020, "date": "2031-03-10"},
        {"id": "c2", "doc": "d2", "source": None, "value": 4020, "date": "2031-03-10",
         "outlet": "Health Ministry"},
    ])
    reconcile_ledger(conn)
    grades = ledger_grades(conn)
    assert grades == {"c1": "single", "c2": "single"}  # one voice, not two


def test_as_of_overrides_publication_date(conn: sqlite3.Connection) -> None:
    fill(conn, [
        {"id": "c1", "doc": "d1", "source": "Health Ministry", "value": 4020, "date": "2031-03-02"},
        {"id": "c2", "doc": "d2", "source": "Health Ministry", "value": 4600, "date": "2031-03-10"},
        {"id": "c3", "doc": "d3", "source": "Health Ministry", "value": 4020, "date": "2031-03-14"},
        {"id": "c4", "doc": "d4", "source": "Health Ministry", "value": 4020, "date": "2031-03-14",
         "as_of": "2031-03-02"},
    ])
    reconcile_ledger(conn)
    assert _flags(conn) == [("drift", ["c1", "c2", "c3", "c4"])]


def test_rerun_after_a_review_updates_only_what_changed(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS)
    reconcile_ledger(conn)
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE id = 'c2'")
    s = reconcile_ledger(conn)
    assert (s.claims, s.excluded) == (3, 1)
    grades = ledger_grades(conn)
    assert grades == {"c1": "corroborated", "c3": "corroborated", "c4": "corroborated"}
    assert _flags(conn) == [("unattributed", ["c4"])]


def test_rerun_grades_new_claims_and_demotes_old_grades(conn: sqlite3.Connection) -> None:
    fill(conn, CLAIMS[:2])  # c1 and c2 contest each other
    reconcile_ledger(conn)
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE id = 'c2'")
    fill(conn, CLAIMS[2:])  # c3 and c4 arrive, with no grade rows yet
    reconcile_ledger(conn)
    grades = ledger_grades(conn)
    assert grades == {"c1": "corroborated", "c3": "corroborated", "c4": "corroborated"}
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE id IN ('c3', 'c4')")
    reconcile_ledger(conn)
    assert ledger_grades(conn) == {"c1": "single"}

"""End to end through the real CLI: people's merges, splits and dismissals survive `add` and `reconcile`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ledger_util import run_cli

ARTICLES = [
    {
        "text": "The Velmar Health Office said on Monday that 120 civilians had been killed in Korrin "
        "since May 2.",
        "title": "Korrin toll",
        "outlet": "Harbour Wire",
        "published": "2031-05-20",
    },
    {
        "text": "The Korrin Defence Council said 75 civilians had been killed in the district of Korrin Vale "
        "since May 2.",
        "title": "Council toll",
        "outlet": "Vale Post",
        "published": "2031-05-21",
    },
    {
        "text": "The Velmar Health Office said on Friday that 90 civilians had been killed in Korrin "
        "since May 2.",
        "title": "Korrin toll lower",
        "outlet": "Harbour Wire",
        "published": "2031-05-27",
    },
]
# Worded like the council's figure (no place the ledger can name), so its computed measure is the merged one.
LATER = {
    "text": "The Korrin Defence Council said 81 civilians had been killed in the district of Korrin Vale "
    "since May 2.",
    "title": "Council update",
    "outlet": "Vale Post",
    "published": "2031-05-29",
}
LATEST = {
    "text": "The Velmar Health Office said on Sunday that 131 civilians had been killed in Korrin since "
    "May 2.",
    "title": "Toll climbs",
    "outlet": "Harbour Wire",
    "published": "2031-05-30",
}


def _jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _ok(*args: str, cwd: Path) -> str:
    res = run_cli(*args, cwd=cwd)
    assert res.returncode == 0, res.stderr + res.stdout
    return res.stdout


def _q(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _measure_of(db: Path, figure: str) -> str:
    return str(_q(db, "SELECT measure_id FROM claims WHERE text = ?", figure)[0][0])


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    _ok("add", str(_jsonl(tmp_path / "a.jsonl", ARTICLES)), "--db", "t.db", cwd=tmp_path)
    return tmp_path / "t.db"


def test_merge_survives_add_and_reconcile_and_is_audited(ledger: Path) -> None:
    cwd = ledger.parent
    a, b = _measure_of(ledger, "75"), _measure_of(ledger, "120")
    assert a != b
    out = _ok(
        "measures",
        "merge",
        a[:8],
        b,
        "--note",
        "the Vale is in Korrin",
        "--reviewer",
        "ana",
        "--db",
        "t.db",
        cwd=cwd,
    )
    assert "merged" in out and "decision #" in out
    assert _measure_of(ledger, "75") == b
    # A later article whose own measure is the merged one lands in the measure it was merged into.
    _ok("add", str(_jsonl(cwd / "later.jsonl", [LATER])), "--db", "t.db", cwd=cwd)
    assert _measure_of(ledger, "81") == b
    _ok("reconcile", "--db", "t.db", cwd=cwd)
    assert _measure_of(ledger, "75") == b == _measure_of(ledger, "81")
    assert _q(ledger, "SELECT action, target, actor, note FROM decisions") == [
        ("measure-merge", a, "ana", "the Vale is in Korrin")
    ]
    # Undo: the claims that are A's by their own values go back, and later adds stay there.
    _ok("measures", "unmerge", a, "--reviewer", "ana", "--db", "t.db", cwd=cwd)
    assert _measure_of(ledger, "75") == a == _measure_of(ledger, "81")
    assert _measure_of(ledger, "120") == b
    assert [r[0] for r in _q(ledger, "SELECT action FROM decisions ORDER BY id")] == [
        "measure-merge",
        "measure-unmerge",
    ]


def test_merge_refuses_cycles_and_unknown_measures(ledger: Path) -> None:
    cwd = ledger.parent
    a, b = _measure_of(ledger, "75"), _measure_of(ledger, "120")
    _ok("measures", "merge", a, b, "--db", "t.db", cwd=cwd)
    res = run_cli("measures", "merge", b, a, "--db", "t.db", cwd=cwd)
    assert res.returncode == 1 and "already belong" in res.stderr
    res = run_cli("measures", "merge", "nosuchmeasure", b, "--db", "t.db", cwd=cwd)
    assert res.returncode == 1 and "no measure 'nosuchmeasure'" in res.stderr


def test_split_survives_add_and_reconcile(ledger: Path) -> None:
    cwd = ledger.parent
    m = _measure_of(ledger, "120")
    (cid,) = _q(ledger, "SELECT id FROM claims WHERE text = '90'")[0]
    out = _ok(
        "measures",
        "split",
        m,
        "--claim",
        str(cid)[:20],
        "--label",
        "Velmar's revised count",
        "--note",
        "a different count",
        "--db",
        "t.db",
        cwd=cwd,
    )
    new = _measure_of(ledger, "90")
    assert new.startswith("manual-") and new in out
    assert _q(ledger, "SELECT label FROM measures WHERE id = ?", new) == [("Velmar's revised count",)]
    fields = "event, subject, place, period_start, unit"  # the person-made measure keeps the key fields
    assert _q(ledger, f"SELECT {fields} FROM measures WHERE id = ?", new) == _q(
        ledger, f"SELECT {fields} FROM measures WHERE id = ?", m
    )
    # The regression (120 then 90) was about claims now apart: reconcile no longer raises it.
    assert _q(ledger, "SELECT count(*) FROM flags WHERE kind = 'regression'") == [(0,)]
    _ok("add", str(_jsonl(cwd / "latest.jsonl", [LATEST])), "--db", "t.db", cwd=cwd)
    _ok("reconcile", "--db", "t.db", cwd=cwd)
    assert _measure_of(ledger, "90") == new
    assert _measure_of(ledger, "131") == m  # new claims go to their computed measure, not the split one
    _ok("measures", "unsplit", new, "--db", "t.db", cwd=cwd)
    assert _measure_of(ledger, "90") == m
    res = run_cli("measures", "split", m, "--claim", "0000000000", "--db", "t.db", cwd=cwd)
    assert res.returncode == 1 and "is not a claim id" in res.stderr


def test_dismiss_survives_add_and_reconcile_and_restore_brings_it_back(ledger: Path) -> None:
    cwd = ledger.parent
    report = _ok("conflicts", "--db", "t.db", cwd=cwd)
    assert "REGRESSION" in report
    ((fid, key),) = _q(ledger, "SELECT id, flag_key FROM flags WHERE kind = 'regression'")
    res = run_cli("flags", "dismiss", str(fid), "--db", "t.db", cwd=cwd)
    assert res.returncode == 2 and "--note" in res.stderr  # a dismissal must say why
    _ok(
        "flags",
        "dismiss",
        str(fid),
        "--note",
        "the second figure is for the city only",
        "--reviewer",
        "ana",
        "--db",
        "t.db",
        cwd=cwd,
    )
    assert "REGRESSION" not in _ok("conflicts", "--db", "t.db", cwd=cwd)
    shown = _ok("conflicts", "--dismissed", "--db", "t.db", cwd=cwd)
    assert "REGRESSION" in shown and "dismissed: the second figure is for the city only" in shown
    # Another article in another measure, and a full reconcile: new flag ids, same key, still dismissed.
    _ok("add", str(_jsonl(cwd / "later.jsonl", [LATER])), "--db", "t.db", cwd=cwd)
    _ok("reconcile", "--db", "t.db", cwd=cwd)
    assert _q(ledger, "SELECT dismissed, dismiss_note FROM flags WHERE flag_key = ?", key) == [
        (1, "the second figure is for the city only")
    ]
    assert "REGRESSION" not in _ok("conflicts", "--db", "t.db", cwd=cwd)
    data = json.loads(_ok("conflicts", "--dismissed", "--format", "json", "--db", "t.db", cwd=cwd))
    assert [c["dismissed"] for c in data if c["kind"] == "regression"] == [
        "the second figure is for the city only"
    ]
    _ok("flags", "restore", key, "--db", "t.db", cwd=cwd)
    assert "REGRESSION" in _ok("conflicts", "--db", "t.db", cwd=cwd)
    assert [r[0] for r in _q(ledger, "SELECT action FROM decisions ORDER BY id")] == [
        "flag-dismiss",
        "flag-restore",
    ]

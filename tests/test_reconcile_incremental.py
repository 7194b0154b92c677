"""A re-run that recomputes only the measures whose claims changed gives what a full recompute gives.

``reconcile_ledger`` keeps a digest of each measure's claim rows (and of the code that judged
them) and, on a re-run, recomputes only the measures whose digest differs
(``claimledger.reconcile.digests``). What it writes must equal a full recompute of the same
ledger: the same flags per measure, in the same order, with the same details, keys, claims and
dismissals, and the same grade for every claim. Only flag ids differ: the flags of unchanged
measures keep theirs, recomputed ones take new ids after the highest (ids were never stable
across runs; a flag's identity is its key). Each test compares an incrementally reconciled
ledger with a copy of it reconciled from scratch, and with the plain core run on its rows.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import claimledger.reconcile.digests as digests_module
import claimledger.reconcile.dirty as dirty_module
from claimledger.ingest import add_paths
from claimledger.ledger import open_ledger
from claimledger.ledger.overrides import dismiss_flag, flag_key, merge_measures
from claimledger.ledger.source_names import light_key
from claimledger.reconcile import reconcile_claims, reconcile_ledger, reconcile_measures
from claimledger.reconcile.db import _Outlets, iter_claim_rows, read_claim_groups
from claimledger.reconcile.digests import code_fingerprint
from claimledger.reconcile.dirty import changed_groups
from claimledger.reconcile.report import conflicts
from claimledger.reconcile.types import ClaimRow, ReconcileSummary
from claimledger.serve.review import apply_review
from reconcile_rows import bench_reconcile, ledger_grades

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "claimledger" / "data" / "demo" / "articles.jsonl"

Flags = dict[str | None, list[tuple[object, ...]]]



def _flags(conn: sqlite3.Connection) -> Flags:
    """Each measure's flags in id order: kind, detail, key, dismissal, claims (ids left out)."""
    links: dict[int, list[str]] = defaultdict(list)
    for fid, cid in conn.execute("SELECT flag_id, claim_id FROM flag_claims ORDER BY flag_id, claim_id"):
        links[fid].append(cid)
    out: Flags = defaultdict(list)
    for fid, kind, mid, detail, key, dismissed, note in conn.execute(
        "SELECT id, kind, measure_id, detail, flag_key, dismissed, dismiss_note FROM flags ORDER BY id"
    ):
        out[mid].append((kind, detail, key, dismissed, note, tuple(links.pop(fid, []))))
    assert not links, "flag_claims rows of no flag"
    return dict(out)


def _grades(conn: sqlite3.Connection) -> dict[str, str]:
    return ledger_grades(conn)


def _core(conn: sqlite3.Connection) -> tuple[Flags, dict[str, str]]:
    """What the plain core computes from the ledger's rows (no digests, no SQL writes)."""
    result = reconcile_claims(list(iter_claim_rows(conn)))
    out: Flags = defaultdict(list)
    for f in result.flags:
        key = flag_key(f.kind, f.measure_id, f.claim_ids)
        out[f.measure_id].append((f.kind, f.detail, key, f.claim_ids))
    return dict(out), dict(result.grades)


def _undismissed(flags: Flags) -> Flags:
    return {m: [(k, d, key, ids) for k, d, key, _dis, _note, ids in fs] for m, fs in flags.items()}


def _same(summary: ReconcileSummary, other: ReconcileSummary) -> None:
    assert (summary.claims, summary.excluded, summary.measures, summary.flags, summary.grades) == (
        other.claims, other.excluded, other.measures, other.flags, other.grades
    )


def _full_copy(
    conn: sqlite3.Connection, tmp_path: Path, name: str
) -> tuple[sqlite3.Connection, ReconcileSummary]:
    """A copy of the ledger reconciled from scratch (no stored digests: everything recomputed)."""
    copy = sqlite3.connect(tmp_path / f"{name}.db", isolation_level=None)
    conn.backup(copy)
    copy.execute("DELETE FROM reconcile_digests")
    return copy, reconcile_ledger(copy)


def _check(conn: sqlite3.Connection, tmp_path: Path, name: str) -> ReconcileSummary:
    """Reconcile ``conn`` (a re-run) and hold it equal to a full recompute and to the plain core."""
    summary = reconcile_ledger(conn)
    full, full_summary = _full_copy(conn, tmp_path, name)
    _same(summary, full_summary)
    assert _flags(conn) == _flags(full)
    assert _grades(conn) == _grades(full)
    # the conflicts report lists the same flags in the same order (ids aside)
    assert [replace(c, flag_id=0) for c in conflicts(conn, dismissed=True)] == [
        replace(c, flag_id=0) for c in conflicts(full, dismissed=True)
    ]
    ids = [r[0] for r in full.execute("SELECT id FROM flags ORDER BY id")]
    assert ids == list(range(1, len(ids) + 1))  # a full run numbers its flags from 1
    core_flags, core_grades = _core(conn)
    assert _undismissed(_flags(conn)) == core_flags
    assert _grades(conn) == core_grades
    full.close()
    return summary


def _marked(conn: sqlite3.Connection) -> set[str] | None:
    """The groups a re-run would read now (None: it would read everything)."""
    got = changed_groups(conn, code_fingerprint(), _Outlets(conn).party)
    return None if got is None else got[0]


def _row_digests(conn: sqlite3.Connection) -> dict[str, bytes]:
    """Each group's digest of its rows as they are now (what the stored ones are compared with)."""
    by_measure, loose = read_claim_groups(conn)
    return digests_module.group_digests(by_measure, loose, b"k")


def _ids_of(conn: sqlite3.Connection, mid: str) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM flags WHERE measure_id = ? ORDER BY id", (mid,))]


def _generated(tmp_path: Path) -> sqlite3.Connection:
    bench = bench_reconcile()
    conn: sqlite3.Connection = bench.write_ledger(tmp_path / "l.db", bench.generate(4_000, seed=5))
    conn.execute("UPDATE claims SET measure_id = NULL WHERE rowid % 97 = 0")  # claims outside measures
    conn.execute("UPDATE claims SET headline = 1 WHERE rowid % 89 = 0")
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE rowid % 83 = 0")
    conn.execute("UPDATE claims SET as_of = NULL WHERE rowid % 7 = 0")  # dated by their document
    return conn


def _flagged_measures(conn: sqlite3.Connection, n: int) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT measure_id FROM flags WHERE measure_id IS NOT NULL GROUP BY measure_id "
        "HAVING count(*) > 1 ORDER BY measure_id LIMIT ?", (n,)
    )]


def test_a_rerun_recomputes_only_changed_measures_and_equals_a_full_run(tmp_path: Path) -> None:
    conn = _generated(tmp_path)
    _check(conn, tmp_path, "first")
    first = dict(conn.execute("SELECT measure_id, digest FROM reconcile_digests"))
    assert "" in first and len(first) > 100  # every measure, and the claims outside measures
    # a full run digests nothing: its groups' digests are UNKNOWN, equal to no digest
    assert set(first.values()) == {digests_module.UNKNOWN}
    changed, kept = _flagged_measures(conn, 2)
    # one label for both: the report orders by label, kind, then measure id, never by the new ids
    conn.execute("UPDATE measures SET label = 'killed in one place' WHERE id IN (?, ?)", (changed, kept))
    # both are marked (their measure row changed) and have no digest yet: both are recomputed and
    # digested, their rows being what they were
    kept_ids = _ids_of(conn, kept)
    _check(conn, tmp_path, "marked")
    assert min(_ids_of(conn, kept)) > max(kept_ids)
    stored = dict(conn.execute("SELECT measure_id, digest FROM reconcile_digests"))
    assert {m for m, d in stored.items() if d != digests_module.UNKNOWN} == {changed, kept}
    # marked again, with rows unchanged: now its digest is equal, so it is left alone
    conn.execute("UPDATE measures SET label = 'killed in one place ' WHERE id = ?", (kept,))
    conn.execute("UPDATE measures SET label = 'killed in one place' WHERE id = ?", (kept,))
    kept_ids = _ids_of(conn, kept)
    top = conn.execute("SELECT max(id) FROM flags").fetchone()[0]

    # a value changed, a claim rejected, in one measure; nothing else
    conn.execute("UPDATE claims SET low = low * 3, high = high * 3 WHERE id = "
                 "(SELECT min(id) FROM claims WHERE measure_id = ?)", (changed,))
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE id = (SELECT max(id) FROM claims "
                 "WHERE measure_id = ? AND review_status != 'rejected')", (changed,))
    _check(conn, tmp_path, "value")
    assert _ids_of(conn, kept) == kept_ids  # an unchanged measure's flags were left in place
    assert min(_ids_of(conn, changed)) > top  # the changed one's were written anew
    after = dict(conn.execute("SELECT measure_id, digest FROM reconcile_digests"))
    assert {m for m in after if after[m] != stored.get(m)} == {changed}


def test_every_kind_of_change_gives_a_full_runs_results(tmp_path: Path) -> None:
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    a, b, c, d, e = _flagged_measures(conn, 5)
    # a claim moved to another measure; a document re-dated; a source renamed; a claim deleted;
    # a loose claim given a measure; a measure emptied of its claims (its flags must go)
    conn.execute("UPDATE claims SET measure_id = ? WHERE id = "
                 "(SELECT min(id) FROM claims WHERE measure_id = ?)", (b, a))
    conn.execute("UPDATE documents SET published = '2031-02-02' WHERE id = "
                 "(SELECT document_id FROM claims WHERE measure_id = ? AND as_of IS NULL LIMIT 1)", (c,))
    conn.execute("UPDATE claims SET as_of = NULL WHERE measure_id = ?", (c,))
    conn.execute("UPDATE sources SET name = name || ' Office' WHERE id = (SELECT source_id FROM claims "
                 "WHERE measure_id = ? AND source_id IS NOT NULL LIMIT 1)", (d,))
    conn.execute("DELETE FROM claims WHERE id = (SELECT max(id) FROM claims WHERE measure_id = ?)", (d,))
    conn.execute("UPDATE claims SET measure_id = ? WHERE id = "
                 "(SELECT min(id) FROM claims WHERE measure_id IS NULL)", (a,))
    conn.execute("UPDATE claims SET measure_id = NULL WHERE measure_id = ?", (e,))
    _check(conn, tmp_path, "changes")
    assert e not in dict(conn.execute("SELECT measure_id, 1 FROM reconcile_digests"))
    # new claims in a new document, some in a new measure
    conn.execute("INSERT INTO documents (id, text, outlet, published, rules, added_at) "
                 "VALUES ('ffnew', 'x', 'outlet9', '2031-04-01', 'r', 'now')")
    conn.execute("INSERT INTO measures (id, event, period_start, unit, label) "
                 "VALUES ('aanewmeasure', 'killed', NULL, 'count', 'new')")
    for i, (mid, value, sid) in enumerate([(a, 10, 1), ("aanewmeasure", 50, 1), ("aanewmeasure", 90, 2)]):
        conn.execute(
            "INSERT INTO claims (id, document_id, span_start, span_end, text, low, high, hedge, unit, event, "
            "as_of, source, source_id, sentence_start, sentence_end, rules, measure_id, machine) "
            "VALUES (?, 'ffnew', 0, 1, ?, ?, ?, 'exact', 'count', 'killed', '2031-04-01', "
            "(SELECT name FROM sources WHERE id = ?), ?, 0, 1, 'r', ?, '{}')",
            (f"ffnew{i}", str(value), value, value, sid, sid, mid),
        )
    summary = _check(conn, tmp_path, "added")
    assert summary.flags["contradiction"] > 0


def test_added_reviewed_merged_and_dismissed_documents(tmp_path: Path) -> None:
    """Real ledger work between runs: add, review (which recomputes measures on its own), merge, dismiss."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[12:]) + "\n", encoding="utf-8")
    led = open_ledger(tmp_path / "demo.db")
    conn = led.conn
    add_paths(led, [str(first)])
    _check(conn, tmp_path, "first")
    add_paths(led, [str(second)])
    _check(conn, tmp_path, "second")
    flagged = _flagged_measures(conn, 3) or [r[0] for r in conn.execute(
        "SELECT DISTINCT measure_id FROM flags WHERE measure_id IS NOT NULL LIMIT 3")]
    claims = [r[0] for r in conn.execute(
        "SELECT id FROM claims WHERE measure_id = ? ORDER BY id", (flagged[0],))]
    apply_review(conn, claims[0], "reject", reviewer="tester", note="a duplicate")
    low = conn.execute("SELECT low FROM claims WHERE id = ?", (claims[-1],)).fetchone()[0]
    doubled = str(low * 2)
    apply_review(conn, claims[-1], "correct", reviewer="tester", changes={"low": doubled, "high": doubled})
    assert flagged[0] not in dict(conn.execute("SELECT measure_id, 1 FROM reconcile_digests"))
    fid = conn.execute("SELECT min(id) FROM flags").fetchone()[0]
    dismiss_flag(conn, str(fid), note="not a conflict", actor="tester")
    _check(conn, tmp_path, "reviewed")
    assert conn.execute("SELECT count(*) FROM flags WHERE dismissed = 1").fetchone()[0] == 1
    measures = [r[0] for r in conn.execute(
        "SELECT DISTINCT measure_id FROM claims WHERE measure_id IS NOT NULL ORDER BY measure_id LIMIT 2")]
    merge_measures(conn, measures[0], measures[1], actor="tester")
    _check(conn, tmp_path, "merged")
    led.close()


def test_a_change_of_code_recomputes_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    assert digests_module.code_fingerprint() == digests_module.code_fingerprint()
    monkeypatch.setattr(digests_module, "code_fingerprint", lambda: b"another version!")
    conn.execute("DELETE FROM flags WHERE id = 1")  # would stay missing if nothing were recomputed
    reconcile_ledger(conn)
    ids = [r[0] for r in conn.execute("SELECT id FROM flags ORDER BY id")]
    assert ids[0] == 1 and ids == list(range(1, len(ids) + 1))  # a full run: numbered from 1 again
    _check(conn, tmp_path, "after")


def test_the_fingerprint_covers_the_flag_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.reconcile.flags import FLAG_REGISTRY, FlagKind

    before = digests_module.code_fingerprint()
    extra = FlagKind("odd", "bold", "!", "warn", lambda r: None, True, "a test's kind")
    monkeypatch.setattr("claimledger.reconcile.flags.FLAG_REGISTRY", [*FLAG_REGISTRY, extra])
    monkeypatch.setattr(digests_module, "FLAG_REGISTRY", [*FLAG_REGISTRY, extra])
    assert digests_module.code_fingerprint() != before


def test_lost_grades_are_written_again(tmp_path: Path) -> None:
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    conn.execute("DELETE FROM claim_grades WHERE rowid % 5 = 0")  # by hand, behind the digests' back
    _check(conn, tmp_path, "lost")


def test_reconcile_measures_makes_the_next_run_recompute_those_measures(tmp_path: Path) -> None:
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    (mid,) = _flagged_measures(conn, 1)
    conn.execute("BEGIN")
    reconcile_measures(conn, [mid])
    conn.execute("COMMIT")
    assert mid not in dict(conn.execute("SELECT measure_id, 1 FROM reconcile_digests"))
    _check(conn, tmp_path, "after")
    assert mid in dict(conn.execute("SELECT measure_id, 1 FROM reconcile_digests"))


def test_digests_do_not_depend_on_the_process() -> None:
    """The same rows give the same digest in another interpreter (no hash seed, no object identity)."""
    import subprocess

    code = (
        "import sys, json; sys.path.insert(0, 'benchmarks'); import bench_reconcile as b\n"
        "from claimledger.reconcile.engine import group_rows\n"
        "from claimledger.reconcile.digests import group_digests\n"
        "g, loose = group_rows(b.generate(3000, seed=2))\n"
        "print(json.dumps(sorted((m, d.hex()) for m, d in group_digests(g, loose, b'k').items())))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and len(json.loads(runs[0])) > 100


def _other(value: object) -> object:
    """A value of the same kind that differs from ``value``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, float):
        return value + 1.0
    if value is None:
        return "2031-02-02"
    return str(value) + "x"


def test_every_input_of_the_core_is_in_the_digest() -> None:
    """A measure's digest changes when any column the core reads changes: a column of one row, or a
    column every row of the measure shares (measure id, unit, event, period start: digested once);
    the same for the claims outside measures, whose every column is per row. Only the claim's text,
    which the core does not read, may change without changing the digest."""
    rows = bench_reconcile().generate(60, seed=3)
    mid = rows[0].measure_id
    group = [r for r in rows if r.measure_id == mid]
    assert len(group) > 3
    loose = [r._replace(measure_id=None) for r in group]
    base = digests_module.group_digests({mid: group}, loose, b"k")
    shared = {2, 9, 10, 11}
    for i, name in enumerate(ClaimRow._fields):
        one = list(group)
        if i in shared:  # the measure's own columns: every row holds the same
            one = [r._replace(**{name: _other(r[i])}) for r in group]
        else:
            one[2] = group[2]._replace(**{name: _other(group[2][i])})
        lone = list(loose)
        lone[2] = loose[2]._replace(**{name: _other(loose[2][i])})
        got = digests_module.group_digests({mid: one}, lone, b"k")
        if name == "text":
            assert got == base
        else:
            assert got[mid] != base[mid], name
            assert got[""] != base[""], name


def _own_voice_measure(conn: sqlite3.Connection) -> tuple[str, str]:
    """(measure id, document id) of a flagged measure with a figure in an outlet's own voice."""
    mid, doc = conn.execute(
        "SELECT c.measure_id, c.document_id FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.source_id IS NULL AND c.source IS NULL AND c.measure_id IS NOT NULL "
        "AND d.outlet IS NOT NULL AND c.headline = 0 "
        "AND c.review_status != 'rejected' AND c.as_of IS NULL "
        "AND c.measure_id IN (SELECT measure_id FROM flags) ORDER BY c.id LIMIT 1"
    ).fetchone()
    return str(mid), str(doc)


def _insert_claim(
    conn: sqlite3.Connection, cid: str, doc: str, mid: str | None, value: float, sid: int
) -> None:
    conn.execute(
        "INSERT INTO claims (id, document_id, span_start, span_end, text, low, high, hedge, unit, event, "
        "as_of, source, source_id, sentence_start, sentence_end, rules, measure_id, machine) "
        "VALUES (?, ?, 0, 1, ?, ?, ?, 'exact', 'count', 'killed', '2031-04-01', "
        "(SELECT name FROM sources WHERE id = ?), ?, 0, 1, 'r', ?, '{}')",
        (cid, doc, str(value), value, value, sid, sid, mid),
    )


#: a claim the core reads and compares (not rejected, not a headline)
_LIVE = "review_status != 'rejected' AND headline = 0"


def _change_value(conn: sqlite3.Connection) -> str:
    (mid,) = _flagged_measures(conn, 1)
    conn.execute("UPDATE claims SET low = low * 3, high = high * 3 WHERE id = "
                 "(SELECT min(id) FROM claims WHERE measure_id = ? AND " + _LIVE + ")", (mid,))
    return mid


def _move_claim(conn: sqlite3.Connection) -> str:
    a, b = _flagged_measures(conn, 2)
    conn.execute("UPDATE claims SET measure_id = ? WHERE id = "
                 "(SELECT min(id) FROM claims WHERE measure_id = ? AND " + _LIVE + ")",
                 (b, a))
    return a


def _delete_claim(conn: sqlite3.Connection) -> str:
    (mid,) = _flagged_measures(conn, 1)
    conn.execute("DELETE FROM claims WHERE id = (SELECT min(id) FROM claims WHERE measure_id = ? AND "
                 + _LIVE + ")", (mid,))
    return mid


def _redate_document(conn: sqlite3.Connection) -> str:
    mid, doc = _own_voice_measure(conn)  # its claims take their date from the document
    conn.execute("UPDATE documents SET published = '2030-01-01' WHERE id = ?", (doc,))
    return mid


def _rename_source(conn: sqlite3.Connection) -> str:
    (mid,) = _flagged_measures(conn, 1)
    conn.execute("UPDATE sources SET name = name || ' Office' WHERE id = (SELECT source_id FROM claims "
                 "WHERE measure_id = ? AND source_id IS NOT NULL LIMIT 1)", (mid,))
    return mid


def _change_measure_event(conn: sqlite3.Connection) -> str:
    mid, _doc = _own_voice_measure(conn)  # its unattributed flags name the event
    conn.execute("UPDATE measures SET event = 'wounded' WHERE id = ?", (mid,))
    return mid


def _outlet_becomes_a_source(conn: sqlite3.Connection) -> str:
    """An alias makes an outlet a known source: its own-voice figures become that source's (no claim
    changes)."""
    mid, doc = _own_voice_measure(conn)
    (outlet,) = conn.execute("SELECT outlet FROM documents WHERE id = ?", (doc,)).fetchone()
    sid = conn.execute("SELECT min(id) FROM sources").fetchone()[0]
    conn.execute("INSERT INTO source_aliases (alias_key, alias, source_id) VALUES (?, ?, ?)",
                 (light_key(outlet), outlet, sid))
    return mid


def _add_document(conn: sqlite3.Connection) -> str:
    (mid,) = _flagged_measures(conn, 1)
    conn.execute("INSERT INTO documents (id, text, outlet, published, rules, added_at) "
                 "VALUES ('ffnew', 'x', 'outlet9', '2031-04-01', 'r', 'now')")
    _insert_claim(conn, "ffnew0", "ffnew", mid, 7, 1)
    return mid


def _delete_last_then_add(conn: sqlite3.Connection) -> str:
    """The claim with the highest rowid goes; a new one takes its rowid again: it is still new."""
    (mid,) = _flagged_measures(conn, 1)
    top, doc = conn.execute("SELECT rowid, document_id FROM claims ORDER BY rowid DESC LIMIT 1").fetchone()
    conn.execute("DELETE FROM claims WHERE rowid = ?", (top,))
    _insert_claim(conn, "zznew0", doc, mid, 7, 1)
    assert conn.execute("SELECT rowid FROM claims WHERE id = 'zznew0'").fetchone()[0] == top
    return mid


CHANGES = [_change_value, _move_claim, _delete_claim, _redate_document, _rename_source, _change_measure_event,
           _outlet_becomes_a_source, _add_document, _delete_last_then_add]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_each_kind_of_change_alone_is_read_and_recomputed(tmp_path: Path, change: Callable[..., str]) -> None:
    """One change at a time, so each trigger or check that marks it is needed on its own: the re-run
    reads only the marked measures (not all of them), and its results equal a full recompute."""
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    measures = conn.execute("SELECT count(*) FROM reconcile_digests").fetchone()[0]
    before = _row_digests(conn)
    mid = change(conn)
    conn.execute("BEGIN")
    marked = _marked(conn)
    conn.execute("ROLLBACK")
    assert marked is not None and mid in marked and len(marked) < measures / 10
    _check(conn, tmp_path, change.__name__)
    assert _row_digests(conn).get(mid) != before[mid]  # its rows did change: a run missing it would be wrong
    conn.execute("BEGIN")
    assert _marked(conn) == set()  # nothing left marked
    conn.execute("ROLLBACK")


def test_a_rerun_after_nothing_changed_reads_nothing_and_changes_nothing(tmp_path: Path) -> None:
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    flags, grades = _flags(conn), _grades(conn)
    conn.execute("BEGIN")
    assert _marked(conn) == set()
    conn.execute("ROLLBACK")
    summary = reconcile_ledger(conn)
    assert (_flags(conn), _grades(conn)) == (flags, grades)
    _, full = _full_copy(conn, tmp_path, "full")
    _same(summary, full)


def test_most_measures_marked_reads_everything(tmp_path: Path) -> None:
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    conn.execute("UPDATE measures SET label = label || ' '")  # every measure marked, no row changed
    conn.execute("BEGIN")
    assert _marked(conn) is None
    conn.execute("ROLLBACK")
    _check(conn, tmp_path, "all")


def test_a_rerun_works_out_the_moved_outlets_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The outlets whose party moved are found once per re-run (``changed_groups`` hands them to ``done``):
    each look compares every distinct outlet's party with the stored one."""
    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    mid = _outlet_becomes_a_source(conn)
    calls: list[int] = []
    real = dirty_module.moved_outlets

    def counted(c: sqlite3.Connection, party_of: Callable[[str], tuple[str, str]]) -> list[str]:
        calls.append(1)
        return real(c, party_of)

    monkeypatch.setattr(dirty_module, "moved_outlets", counted)
    before = dict(conn.execute("SELECT measure_id, digest FROM reconcile_digests"))
    _check(conn, tmp_path, "outlets")
    assert len(calls) == 1
    after = dict(conn.execute("SELECT measure_id, digest FROM reconcile_digests"))
    assert after.get(mid) != before[mid]  # the outlet's claims were read and recomputed
    assert conn.execute("SELECT count(*) FROM reconcile_outlets").fetchone()[0] > 0
    conn.execute("BEGIN")
    assert _marked(conn) == set()  # the new party was stored: nothing moved any more
    conn.execute("ROLLBACK")


def test_readers_see_no_grade_row_as_single(tmp_path: Path) -> None:
    """The ledger stores no row for 'single' (migration 0019); the review page's claims, the conflicts
    report and the measure timelines read exactly what they read when every claim had a row."""
    from claimledger.reconcile.db import measure_timeline
    from claimledger.serve.queries import document_page

    conn = _generated(tmp_path)
    conn.row_factory = sqlite3.Row
    reconcile_ledger(conn)
    graded = ledger_grades(conn)
    assert "single" in graded.values()
    assert conn.execute("SELECT count(*) FROM claim_grades").fetchone()[0] < len(graded)

    def seen() -> tuple[object, ...]:
        docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
        mids = [r[0] for r in conn.execute("SELECT id FROM measures ORDER BY id LIMIT 200")]
        pages = [document_page(conn, d) for d in docs]
        return pages, conflicts(conn, dismissed=True), [measure_timeline(conn, m) for m in mids]

    now = seen()
    page_grades = [(c["review_status"], c["grade"]) for p in now[0] if p for c in p["claims"]]
    assert ("rejected", None) in page_grades and any(g == "single" for _s, g in page_grades)
    assert any(c.grade == "single" for f in now[1] for c in f.claims)
    conn.execute(  # what the ledger held before: a row for every non-rejected claim
        "INSERT INTO claim_grades (claim_id, grade) SELECT id, 'single' FROM claims "
        "WHERE review_status != 'rejected' AND id NOT IN (SELECT claim_id FROM claim_grades)"
    )
    assert seen() == now


def test_a_review_keeps_the_grade_count_so_the_next_run_stays_a_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reconcile_measures`` (a review) writes grades outside a run and counts them in
    ``reconcile_state.graded``; a count that does not match (rows written or deleted by hand) makes
    the next run recompute everything, a matching one lets it recompute only what changed."""
    import claimledger.reconcile.db as db_module

    conn = _generated(tmp_path)
    reconcile_ledger(conn)
    (mid,) = _flagged_measures(conn, 1)
    (cid,) = conn.execute(
        "SELECT c.id FROM claims c JOIN claim_grades g ON g.claim_id = c.id WHERE c.measure_id = ? LIMIT 1",
        (mid,),
    ).fetchone()
    conn.execute("BEGIN")
    conn.execute("UPDATE claims SET review_status = 'rejected' WHERE id = ?", (cid,))
    reconcile_measures(conn, [mid])
    conn.execute("COMMIT")
    full: list[int] = []
    real = db_module._recompute_all

    def counted(*args: object) -> object:
        full.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(db_module, "_recompute_all", counted)
    _check(conn, tmp_path, "review")  # its full copy calls _recompute_all once
    assert full == [1]
    conn.execute("DELETE FROM claim_grades WHERE rowid IN (SELECT max(rowid) FROM claim_grades)")
    conn.execute("UPDATE claims SET low = low + 1 WHERE id = (SELECT min(id) FROM claims)")
    _check(conn, tmp_path, "hand")
    assert len(full) == 3  # the run itself was a full one, then its copy's


def test_migration_0019_drops_single_rows_and_counts_the_rest(tmp_path: Path) -> None:
    from claimledger.ledger.migrations import bundled_migrations, migrate

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    before = [m for m in bundled_migrations() if m.name < "0019"]
    migrate(conn, before)
    conn.execute(
        "INSERT INTO documents (id, text, published, rules, added_at) VALUES ('d', 'x', NULL, 'r', 'n')"
    )
    for i, grade in enumerate(("single", "contested", "single", "corroborated")):
        conn.execute(
            "INSERT INTO claims (id, document_id, span_start, span_end, text, hedge, unit, event, "
            "sentence_start, sentence_end, rules, machine) VALUES (?, 'd', 0, 1, '1', 'exact', 'count', "
            "'killed', 0, 1, 'r', '{}')", (f"c{i}",),
        )
        conn.execute("INSERT INTO claim_grades (claim_id, grade) VALUES (?, ?)", (f"c{i}", grade))
    assert migrate(conn) == [m.name for m in bundled_migrations() if m.name >= "0019"]
    assert dict(conn.execute("SELECT claim_id, grade FROM claim_grades")) == {
        "c1": "contested", "c3": "corroborated"
    }
    assert conn.execute("SELECT graded FROM reconcile_state").fetchone()[0] == 2
    assert ledger_grades(conn) == {"c0": "single", "c1": "contested", "c2": "single", "c3": "corroborated"}


def _plain_rows(conn: sqlite3.Connection, with_text: bool = False) -> list[ClaimRow]:
    """Every non-rejected claim as ``iter_claim_rows`` documents it, worked out plainly, one joined row at
    a time: party (source id, written source, outlet, document), date (as_of, else publication), the
    measure's event, unit and running start, the yes/no columns, the confidence rule in words."""
    from claimledger.reconcile.confidence import why_not

    outlets = _Outlets(conn)
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    out = []
    for r in cur.execute(
        "SELECT c.*, d.outlet, d.published, m.event AS m_event, m.unit AS m_unit, m.running, "
        "m.period_start AS m_start, s.name AS s_name FROM claims c "
        "LEFT JOIN documents d ON d.id = c.document_id LEFT JOIN measures m ON m.id = c.measure_id "
        "LEFT JOIN sources s ON s.id = c.source_id "
        "WHERE c.review_status != 'rejected'"
    ):
        if r["source_id"] is not None:
            party, name = f"#{r['source_id']}", r["s_name"] or f"source {r['source_id']}"
        elif r["source"] is not None:
            party, name = "@" + light_key(r["source"]), r["source"]
        else:
            party, name = outlets.party(r["outlet"])
            party = party or "doc:" + r["document_id"]
        in_measure = r["measure_id"] is not None
        out.append(ClaimRow(
            r["id"], r["document_id"], r["measure_id"], party, name, r["source"] is not None, r["low"],
            r["high"], r["hedge"], r["m_unit"] if in_measure else r["unit"],
            r["m_event"] if in_measure else r["event"],
            r["m_start"] if in_measure and r["running"] != 0 else None,
            r["as_of"] or r["published"], r["text"] if with_text else "", r["headline"] == 1,
            why_not(dict(r)) is None,
        ))
    return out


def test_rows_read_equal_a_plain_reading(tmp_path: Path) -> None:
    """The reader takes fewer columns than a ClaimRow has (yes/no columns as one number, the written
    source only without a source id, loose claims' event and unit and the text by their own queries):
    it must give exactly the rows worked out plainly, types included (bools, not 0/1)."""
    conn = _generated(tmp_path)
    # written sources with no source id (attributed to a name), unconfident readings of both kinds
    conn.execute("UPDATE claims SET source_id = NULL, source = 'Relief Desk ' || (rowid % 3) "
                 "WHERE rowid % 11 = 0")
    conn.execute("UPDATE claims SET cue_start = 5, sentence_start = 0, sentence_end = 1 WHERE rowid % 13 = 0")
    conn.execute("UPDATE claims SET time_start = 9, sentence_start = 0, sentence_end = 1 "
                 "WHERE rowid % 17 = 0 AND as_of IS NOT NULL")
    conn.execute("PRAGMA foreign_keys = OFF")  # raw SQL: a source id with no source row
    conn.execute("UPDATE claims SET source_id = 999999 WHERE rowid % 101 = 0")
    # ... and claims whose document row is gone, one in the article's own voice: no outlet, no date
    gone = conn.execute("SELECT document_id FROM claims WHERE source_id IS NULL AND source IS NULL "
                        "AND measure_id IS NOT NULL LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM documents WHERE id = ?", (gone,))
    conn.execute("PRAGMA foreign_keys = ON")
    plain = {r.id: r for r in _plain_rows(conn)}
    assert any(r.document_id == gone and r.party == "doc:" + gone for r in plain.values())
    got = list(iter_claim_rows(conn))
    assert len(got) == len(plain)
    kinds = {(r.attributed, r.headline, r.confident, r.measure_id is None) for r in got}
    assert len(kinds) >= 10  # every column's cases occur
    for r in got:
        assert r == plain[r.id] and tuple(map(type, r)) == tuple(map(type, plain[r.id])), r.id
    by_measure, loose = read_claim_groups(conn)
    assert sorted(loose) == sorted(r for r in got if r.measure_id is None)
    mid = next(iter(by_measure))
    one = list(iter_claim_rows(conn, mid))  # one measure: with the claims' text
    assert one and {r.id: r for r in one} == {
        r.id: r for r in _plain_rows(conn, with_text=True) if r.measure_id == mid
    }

"""The ledger store on real SQLite files: migrations, pragmas, atomic adds, dedupe, spans, ids."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from datasette.utils import detect_fts

import claimledger.ledger as ledger_pkg
from claimledger.errors import LedgerError
from claimledger.ledger import AddOutcome, claim_id, open_ledger
from claimledger.ledger.migrations import Migration, bundled_migrations, migrate, split_statements
from claimledger.model import Claim, Party
from ledger_util import doc, make_claim

TEXT = "More than 4,100 Brennick residents have been killed, according to Varnia's Ministry of Health."


def test_public_api_is_what_we_mean() -> None:
    assert set(ledger_pkg.__all__) >= {"open_ledger", "Ledger", "AddOutcome"}
    assert all(hasattr(ledger_pkg, name) for name in ledger_pkg.__all__)


def test_new_ledger_records_every_migration_and_sets_pragmas(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        names = [r["name"] for r in led.conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert names == [m.name for m in bundled_migrations()]
        assert names[:3] == ["0001_initial", "0002_spans_and_views", "0003_fts_for_datasette"]
        assert led.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert led.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert led.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert isinstance(led.conn.execute("SELECT 1 AS one").fetchone(), sqlite3.Row)
    with open_ledger(tmp_path / "l.db") as led:  # reopening applies nothing twice
        assert led.conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(names)


def test_default_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "env.db"))
    with open_ledger() as led:
        assert led.path == str(tmp_path / "env.db")
    assert (tmp_path / "env.db").exists()


def test_a_failing_migration_leaves_nothing_and_names_itself(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    bad = Migration("0001_bad", "CREATE TABLE a (x);\nINSERT INTO nowhere VALUES (1);\n")
    with pytest.raises(LedgerError, match="0001_bad"):
        migrate(conn, [bad])
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'a'").fetchone() is None
    # the bookkeeping table goes in (and out) with the first migration: nothing is left at all
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    sql = "CREATE TABLE t (x);\nCREATE TRIGGER g AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    assert len(split_statements(sql)) == 2


@pytest.mark.parametrize("stmt", [
    "COMMIT;", "BEGIN;", "end transaction;", "-- note\nROLLBACK;", "SAVEPOINT s;", "RELEASE s;", "VACUUM;",
    "PRAGMA journal_mode = DELETE;", "PRAGMA main.wal_checkpoint;", "ATTACH 'x.db' AS x;",
])
def test_a_migration_may_not_end_its_own_transaction(stmt: str) -> None:
    # each migration commits together with its record: a statement that commits (or cannot run in a
    # transaction) would let a kill leave it half-applied and unrecorded
    with pytest.raises(LedgerError, match="transaction"):
        split_statements(f"CREATE TABLE t (x);\n{stmt}\nCREATE TABLE u (y);\n")


def test_trigger_bodies_with_begin_and_end_are_not_transaction_control() -> None:
    sql = "CREATE TRIGGER g AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND;\n"
    assert split_statements(sql) == [sql.strip()]


def test_fts_is_configured_the_way_datasette_detects_it(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc("Shelling in Tolmar: 12 killed.", title="Tolmar shelling"), claims=[])
        assert detect_fts(led.conn, "documents") == "documents_fts"
        sql = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'tolmar'"
        hits = led.conn.execute(sql).fetchall()
        assert len(hits) == 1


def test_add_stores_document_claims_spans_and_machine_original(tmp_path: Path) -> None:
    c = make_claim(TEXT, "4,100", hedge="more_than", high=None, subject="Brennick residents",
                   place="Brennick", source="Varnia's Ministry of Health", cue="according to",
                   reported_by=(Party("Northern Wire", (0, 4)),))
    d = doc(TEXT, title="Toll", outlet="Northern Wire", published="2030-04-02")
    with open_ledger(tmp_path / "l.db") as led:
        out = led.add(d, origin="a.txt", fmt="txt", claims=[c])
        assert out == AddOutcome(d.id, True, 1)
        row = led.conn.execute("SELECT * FROM claims").fetchone()
        assert row["id"] == claim_id(d.id, c.span)
        assert TEXT[row["span_start"]:row["span_end"]] == row["text"] == "4,100"
        assert TEXT[row["subject_start"]:row["subject_end"]] == "Brennick residents"
        assert TEXT[row["source_start"]:row["source_end"]] == "Varnia's Ministry of Health"
        assert TEXT[row["cue_start"]:row["cue_end"]] == "according to"
        assert Claim.from_dict(json.loads(row["machine"])) == c
        assert json.loads(row["reported_by"])[0]["name"] == "Northern Wire"
        assert row["source_id"] is not None and row["measure_id"] is not None
        d_row = led.conn.execute("SELECT * FROM documents").fetchone()
        got = (d_row["origin"], d_row["format"], d_row["claim_count"], d_row["rules"])
        assert got == ("a.txt", "txt", 1, "test.v1")
        view = led.conn.execute("SELECT * FROM claims_view").fetchone()
        assert view["measure"] == "people killed in Brennick since the war began"
        assert view["source"] == "Varnia's Ministry of Health"


def test_adding_the_same_content_twice_adds_nothing(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.db") as led:
        first = led.add(doc(TEXT))
        again = led.add(doc(TEXT, title="other metadata, same text"))
        assert first.new and not again.new and again.claims == 0
        assert led.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
        assert led.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == first.claims


def test_add_extracts_when_no_claims_are_given(tmp_path: Path) -> None:
    from claimledger import extract

    with open_ledger(tmp_path / "l.db") as led:
        out = led.add(doc(TEXT, published="2030-04-02"))
        assert out.claims == len(extract(TEXT, "2030-04-02"))


def test_a_failing_claim_insert_leaves_no_half_written_document(tmp_path: Path) -> None:
    good = make_claim(TEXT, "4,100", source="Varnia's Ministry of Health", subject="Brennick residents")
    broken = Claim(span=(0, 4), text="More", low=None, high=None, hedge=None,  # type: ignore[arg-type]
                   unit="count", event="killed", sentence_span=(0, 10), rules="test.v1")
    with open_ledger(tmp_path / "l.db") as led:
        with pytest.raises(LedgerError, match="nothing was written"):
            led.add(doc(TEXT), origin="bad.txt", claims=[good, broken])
        for table in ("documents", "claims", "sources", "source_aliases", "measures"):
            assert led.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
        assert not led.conn.in_transaction
        assert led.add(doc(TEXT), claims=[good]).new  # and the ledger still works afterwards


def test_a_trigger_abort_mid_document_rolls_back_everything(tmp_path: Path) -> None:
    text = "Officials said 12 were killed and 666 were injured."
    claims = [make_claim(text, "12", source="Officials"), make_claim(text, "666", event="injured")]
    with open_ledger(tmp_path / "l.db") as led:
        led.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON claims WHEN NEW.text = '666' "
                         "BEGIN SELECT RAISE(ABORT, 'simulated crash'); END")
        with pytest.raises(LedgerError, match="simulated crash"):
            led.add(doc(text), claims=claims)
        assert led.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert led.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0


def test_two_claims_on_one_span_both_stay_with_distinct_stable_ids(tmp_path: Path) -> None:
    c = make_claim(TEXT, "4,100")
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc(TEXT), claims=[c, c])
        ids = [r[0] for r in led.conn.execute("SELECT id FROM claims ORDER BY id")]
    assert len(ids) == 2 and claim_id(doc(TEXT).id, c.span) in ids


def test_claim_ids_are_stable_across_ledgers(tmp_path: Path) -> None:
    ids = []
    for name in ("a.db", "b.db"):
        with open_ledger(tmp_path / name) as led:
            led.add(doc(TEXT), claims=[make_claim(TEXT, "4,100")])
            ids.append(led.conn.execute("SELECT id FROM claims").fetchone()[0])
    assert ids[0] == ids[1]


def test_concurrent_writers_share_one_ledger(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    open_ledger(path).close()
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with open_ledger(path) as led:
                for i in range(15):
                    t = f"Writer {k} article {i}: Tolmar health officials said {i + 3} were killed."
                    led.add(doc(t), claims=[make_claim(t, str(i + 3), source="Tolmar health officials")])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_ledger(path) as led:
        assert led.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 45
        assert led.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 1


def test_unopenable_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="cannot open"):
        open_ledger(tmp_path / "missing-dir" / "l.db")


def test_an_old_ledger_is_upgraded_in_place_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, bundled_migrations()[:1])  # a ledger made when only 0001 existed
    conn.execute("INSERT INTO documents (id, text, title, rules, added_at) "
                 "VALUES ('d1', 'Shelling in Tolmar', 'Old', 'r', '2030-01-01')")
    conn.close()
    with open_ledger(path) as led:
        applied = led.conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0]
        assert applied == len(bundled_migrations())
        sql = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'tolmar'"
        assert len(led.conn.execute(sql).fetchall()) == 1  # the rebuilt index holds the old rows
        assert "hedge_start" in {r[1] for r in led.conn.execute("PRAGMA table_info(claims)")}


def test_given_claims_must_point_into_the_text(tmp_path: Path) -> None:
    wrong = make_claim("Some other text with 4,100 in it.", "4,100")
    with open_ledger(tmp_path / "l.db") as led:
        with pytest.raises(LedgerError, match="does not match the document text"):
            led.add(doc(TEXT), origin="batch/x", claims=[wrong])
        assert led.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_every_span_of_the_model_lands_in_its_column_pair(tmp_path: Path) -> None:
    t = "Officials said on Monday that more than 40 civilians were killed in Tolmar, citing medics."
    def sp(part: str) -> tuple[int, int]:
        return (t.index(part), t.index(part) + len(part))
    c = Claim(span=sp("40"), text="40", low=40, high=None, hedge="more_than", unit="count", event="killed",
              sentence_span=(0, len(t)), rules="test.v1", hedge_span=sp("more than"), event_span=sp("killed"),
              subject="civilians", subject_span=sp("civilians"), place="Tolmar", place_span=sp("Tolmar"),
              as_of="2030-04-07", time_text="on Monday", time_span=sp("on Monday"), source="Officials",
              source_span=sp("Officials"), cue="said", cue_span=sp("said"),
              reported_by=(Party("medics", sp("medics"), "citing", sp("citing")),))
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc(t), claims=[c])
        row = led.conn.execute("SELECT * FROM claims").fetchone()
    for name in ("hedge", "event", "subject", "place", "time", "source", "cue", "sentence"):
        assert (row[f"{name}_start"], row[f"{name}_end"]) == getattr(c, f"{name}_span"), name
    assert (row["hedge_text"], row["event_text"], row["time_text"]) == ("more than", "killed", "on Monday")
    assert row["id"].startswith(doc(t).id[:16])
    assert Claim.from_dict(json.loads(row["machine"])) == c
    assert json.loads(row["machine"]) == json.loads(json.dumps(c.to_dict()))

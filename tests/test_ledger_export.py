"""Exports round-trip: what goes out is the ledger's current, reviewed, non-rejected claims."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimledger.batch.tables import CLAIMS_SCHEMA
from claimledger.errors import LedgerError
from claimledger.ledger import Ledger, open_ledger
from claimledger.ledger.export import EXPORT_COLUMNS, RECORD_STATUS, export, iter_rows
from claimledger.model import Claim, Party
from claimledger.schema import chain_rows
from ledger_util import doc, make_claim

A = ("More than 4,100 Brennick residents have been killed since March 1, "
     "according to Varnia's Ministry of Health.")
B = "Colonel Ana Rell said 37 fighters had been detained and 5 were missing, the Northern Wire reported."


@pytest.fixture
def led(tmp_path: Path) -> Ledger:
    ledger = open_ledger(tmp_path / "l.db")
    ledger.add(doc(A, title="Toll", outlet="Northern Wire", published="2030-04-02", url="https://example.invalid/a"),
               origin="a.txt", fmt="txt", claims=[
        make_claim(A, "4,100", hedge="more_than", high=None, subject="Brennick residents", place="Brennick",
                   source="Varnia's Ministry of Health", cue="according to", period_start="2030-03-01",
                   as_of="2030-04-02"),
    ])
    ledger.add(doc(B, outlet="Northern Wire", published="2030-04-10"), origin="b.txt", fmt="txt", claims=[
        make_claim(B, "37", event="detained", subject="fighters", source="Colonel Ana Rell",
                   reported_by=(Party("the Northern Wire", (B.index("the Northern"), len(B) - 10)),)),
        make_claim(B, "5", event="missing", subject="fighters", source="Colonel Ana Rell"),
    ])
    yield ledger  # type: ignore[misc]
    ledger.close()


def review(led: Ledger, figure: str, action: str, note: str | None = None, **after: Any) -> str:
    """Record a review the way the review page does: update current values, append to reviews."""
    cid = str(led.conn.execute("SELECT id FROM claims WHERE text = ?", (figure,)).fetchone()[0])
    status = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}[action]
    at = datetime(2030, 4, 12, 9, 30, tzinfo=UTC).isoformat()
    led.conn.execute("BEGIN")
    before = dict(led.conn.execute("SELECT low, high, event FROM claims WHERE id = ?", (cid,)).fetchone())
    for col, val in after.items():
        led.conn.execute(f"UPDATE claims SET {col} = ? WHERE id = ?", (val, cid))
    led.conn.execute("UPDATE claims SET review_status = ?, reviewed_at = ?, reviewer = 'desk-a' WHERE id = ?",
                     (status, at, cid))
    led.conn.execute("INSERT INTO reviews (claim_id, action, reviewer, at, note, before, after) "
                     "VALUES (?, ?, 'desk-a', ?, ?, ?, ?)",
                     (cid, action, at, note, json.dumps(before), json.dumps({**before, **after})))
    led.conn.execute("COMMIT")
    return cid


def _db_rows(led: Ledger) -> list[dict[str, Any]]:
    return list(iter_rows(led.conn))


def test_jsonl_round_trips_every_field_and_keeps_the_machine_original(led: Ledger, tmp_path: Path) -> None:
    review(led, "4,100", "correct", low=4200.0)
    out = tmp_path / "x.jsonl"
    assert export(led.conn, "jsonl", out) == 3
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(list(r) == list(EXPORT_COLUMNS) for r in rows)
    corrected = next(r for r in rows if r["text"] == "4,100")
    assert corrected["low"] == 4200.0 and corrected["review_status"] == "corrected"
    assert Claim.from_dict(corrected["machine"]).low == 4100.0  # the machine's value is kept beside it
    assert corrected["source_name"] == "Varnia's Ministry of Health"
    assert corrected["measure_label"] == "people killed in Brennick since 2030-03-01"
    assert A[corrected["subject_start"]:corrected["subject_end"]] == "Brennick residents"
    assert corrected["document_url"] == "https://example.invalid/a"
    chain = next(r for r in rows if r["text"] == "37")["reported_by"]
    assert chain[0]["name"] == "the Northern Wire"
    db = {r["id"]: r for r in _db_rows(led)}
    for r in rows:
        assert {k: v for k, v in r.items() if k not in ("machine", "reported_by")} == {
            k: v for k, v in db[r["id"]].items() if k not in ("machine", "reported_by")}


def test_rejected_claims_are_left_out(led: Ledger, tmp_path: Path) -> None:
    review(led, "5", "reject", note="a count of days, not people")
    for fmt in ("jsonl", "csv", "parquet"):
        assert export(led.conn, fmt, tmp_path / f"x.{fmt}") == 2


def test_csv_round_trips(led: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(led.conn, "csv", out)
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0]) == list(EXPORT_COLUMNS)
    db = {r["id"]: r for r in _db_rows(led)}
    for r in rows:
        assert r == {k: "" if v is None else str(v) for k, v in db[r["id"]].items()}


def test_parquet_round_trips_with_typed_columns(led: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    export(led.conn, "parquet", out)
    table = pq.read_table(out)
    assert table.column_names == list(EXPORT_COLUMNS)
    assert str(table.schema.field("span_start").type) == "int64"
    assert str(table.schema.field("low").type) == "double"
    assert str(table.schema.field("period_start").type) == "string"
    # the chain is a list of party structs, the same type as the batch output's (one claim schema)
    assert table.schema.field("reported_by").type == CLAIMS_SCHEMA.field("reported_by").type
    db = {r["id"]: r for r in _db_rows(led)}
    for r in table.to_pylist():
        assert r == {**db[r["id"]], "reported_by": chain_rows(db[r["id"]]["reported_by"])}
    chain = next(r for r in table.to_pylist() if r["text"] == "37")["reported_by"]
    start = B.index("the Northern")
    assert chain == [{"name": "the Northern Wire", "span_start": start, "span_end": len(B) - 10,
                      "cue": None, "cue_start": None, "cue_end": None}]


def test_empty_ledger_exports_empty_files(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "e.db") as led:
        assert export(led.conn, "parquet", tmp_path / "e.parquet") == 0
        assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
        assert export(led.conn, "claimreview", tmp_path / "e.json") == 0


def test_claimreview_export_is_claims_with_their_record_never_a_rating(led: Ledger, tmp_path: Path) -> None:
    review(led, "4,100", "confirm")
    review(led, "37", "correct", note="value was 37, event detained", low=38.0, high=38.0)
    review(led, "5", "reject")
    out = tmp_path / "reviews.json"
    assert export(led.conn, "claimreview", out) == 2  # the rejected record is not a claim: left out
    data = json.loads(out.read_text())
    assert data["@context"] == "https://schema.org"
    graph = data["@graph"]
    assert all(r["@type"] == "Claim" for r in graph)
    # Nothing a fact-check consumer reads as a verdict on the figure, anywhere in the document.
    text = out.read_text()
    for verdict in ("ClaimReview", "reviewRating", "ratingValue", "Rating", "bestRating"):
        assert verdict not in text
    confirmed = next(r for r in graph if "4,100" in r["text"])
    assert confirmed["author"] == {"@type": "Organization", "name": "Varnia's Ministry of Health"}
    assert confirmed["appearance"]["url"] == "https://example.invalid/a"
    assert confirmed["appearance"]["publisher"]["name"] == "Northern Wire"
    assert confirmed["claimInterpreter"] == {"@type": "Person", "name": "desk-a"}
    assert confirmed["creativeWorkStatus"] == RECORD_STATUS["confirm"]
    assert "not a judgement of whether it is true" in confirmed["description"]
    assert confirmed["datePublished"] == "2030-04-02"
    corrected = next(r for r in graph if r["creativeWorkStatus"] == RECORD_STATUS["correct"])
    assert corrected["author"] == {"@type": "Person", "name": "Colonel Ana Rell"}
    assert corrected["comment"]["text"] == "value was 37, event detained"


def test_unreviewed_claims_have_no_claimreview(led: Ledger, tmp_path: Path) -> None:
    assert export(led.conn, "claimreview", tmp_path / "r.json") == 0


def test_unknown_format_and_unwritable_path_are_clear_errors(led: Ledger, tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="unknown export format"):
        export(led.conn, "xml", tmp_path / "x.xml")
    with pytest.raises(LedgerError, match="cannot write"):
        export(led.conn, "jsonl", tmp_path / "no-such-dir" / "x.jsonl")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_every_export_carries_the_sentence_text_beside_its_offsets(
    led: Ledger, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"x.{fmt}"
    export(led.conn, fmt, out)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    elif fmt == "csv":
        with out.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    else:
        rows = pq.read_table(out).to_pylist()
    cols = list(rows[0])
    assert cols.index("sentence") == cols.index("sentence_end") + 1
    texts = {A: "4,100", B: "37"}
    for whole, figure in texts.items():
        row = next(r for r in rows if r["text"] == figure)
        start, end = int(row["sentence_start"]), int(row["sentence_end"])
        assert row["sentence"] == whole[start:end] == whole  # each fixture text is one sentence


def test_export_to_dash_writes_standard_output(led: Ledger, tmp_path: Path) -> None:
    """`export --out -` streams to stdout (JSONL, CSV, JSON-LD, and Parquet's bytes); no file named '-'."""
    db = str(led.path)
    for fmt in ("jsonl", "csv", "claimreview", "parquet"):
        done = subprocess.run(
            [sys.executable, "-m", "claimledger.cli", "export", "--format", fmt, "--out", "-", "--db", db],
            cwd=tmp_path, capture_output=True, text=fmt != "parquet", timeout=120,
        )
        assert done.returncode == 0, done.stderr
        if fmt == "jsonl":
            assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == ["4,100", "37", "5"]
        elif fmt == "csv":
            assert done.stdout.splitlines()[0].startswith("id,document_id,")
        elif fmt == "claimreview":
            assert json.loads(done.stdout)["@graph"] == []
        else:
            assert pq.read_table(pa.BufferReader(done.stdout)).num_rows == 3
        assert "standard output" in (done.stderr if isinstance(done.stderr, str) else done.stderr.decode())
    assert not (tmp_path / "-").exists()


def test_parquet_keeps_a_reviewed_source_the_sentence_does_not_name(led: Ledger, tmp_path: Path) -> None:
    """A reviewer's source without a span is a party with null offsets, not a failed export."""
    from claimledger.serve.review import apply_review

    cid = str(led.conn.execute("SELECT id FROM claims WHERE text = '37'").fetchone()[0])
    apply_review(led.conn, cid, "correct", reviewer="desk-a", changes={"source": "the Ostmark garrison"})
    export(led.conn, "parquet", tmp_path / "x.parquet")
    row = next(r for r in pq.read_table(tmp_path / "x.parquet").to_pylist() if r["id"] == cid)
    assert row["reported_by"] == [{"name": "the Ostmark garrison", "span_start": None, "span_end": None,
                                   "cue": None, "cue_start": None, "cue_end": None}]

"""The one claim schema: every Claim field has columns in the ledger, the batch output and the export,
spans flatten and come back the same everywhere, and ids are de-duplicated by one rule."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from claimledger import schema
from claimledger.batch import DocResult
from claimledger.batch.tables import CLAIMS_SCHEMA, claims_from_table, claims_table
from claimledger.ledger import open_ledger
from claimledger.ledger.export import parquet_schema
from claimledger.ledger.rows import CLAIM_COLUMNS, claim_row, machine_json
from claimledger.model import Claim, Document, Party, Span, claim_id, claim_ids

TEXT = "Radio Vell, citing the harbour office, said more than 340 families fled Ostravel since January."


def _full_claim() -> Claim:
    """A claim with every field set (spans into TEXT), and a two-link chain."""

    def at(part: str) -> Span:
        i = TEXT.index(part)
        return (i, i + len(part))

    return Claim(
        span=at("340"), text="340", low=340.0, high=None, hedge="more_than", unit="count", event="displaced",
        sentence_span=(0, len(TEXT)), rules="rules-test", hedge_span=at("more than"), event_span=at("fled"),
        subject="families", subject_span=at("families"), place="Ostravel", place_span=at("Ostravel"),
        as_of="2031-02-03", period_start="2031-01-01",
        time_text="since January", time_span=at("since January"),
        source="the harbour office", source_span=at("the harbour office"), cue="said", cue_span=at("said"),
        reported_by=(Party("Radio Vell", at("Radio Vell"), "citing", at("citing")),
                     Party("the harbour office", at("the harbour office"))),
    )


def test_every_claim_field_is_laid_out_once_in_the_ledger() -> None:
    assert [s.name for s in schema.FIELDS] == [f.name for f in fields(Claim)]
    schema.check_layout(schema.FIELDS, schema.LEDGER_LAYOUT)  # what importing the module already did
    for s in schema.FIELDS:
        for col in s.columns:
            assert col in CLAIM_COLUMNS, f"Claim.{s.name} has no ledger column {col}"


def test_a_claim_field_without_a_schema_entry_fails() -> None:
    """What happens the day someone adds a field to Claim and forgets the schema."""

    @dataclass(frozen=True)
    class Grown(Claim):  # type: ignore[misc]
        casualty_kind: str | None = None

    with pytest.raises(TypeError, match=r"missing \['casualty_kind'\]"):
        schema.check_layout(schema.field_specs(Grown), schema.LEDGER_LAYOUT)

    @dataclass(frozen=True)
    class Odd(Claim):  # type: ignore[misc]
        weights: dict[str, float] | None = None

    with pytest.raises(TypeError, match="weights"):
        schema.field_specs(Odd)
    with pytest.raises(TypeError, match=r"twice \['text'\]"):
        schema.check_layout(schema.FIELDS, (*schema.LEDGER_LAYOUT, "text"))


def test_the_ledger_table_has_every_schema_column_with_its_type(tmp_path: Path) -> None:
    """A new field in the schema without the migration that adds its columns fails here."""
    with open_ledger(tmp_path / "l.db") as led:
        table = {r[1]: r[2].upper() for r in led.conn.execute("PRAGMA table_info(claims)")}
    sql = {"string": "TEXT", "int64": "INTEGER", "float64": "REAL", "chain": "TEXT"}
    for col, arrow in schema.LEDGER_COLUMN_TYPES:
        assert col in table, f"claims.{col} is missing: add a migration"
        assert table[col] == sql[arrow], (col, table[col], arrow)


def test_the_ledger_row_flattens_every_field(tmp_path: Path) -> None:
    c = _full_claim()
    row = dict(zip(CLAIM_COLUMNS, claim_row(c, cid="c1", document_id="d1", doc_text=TEXT, source_id=7,
                                             measure_id="m1"), strict=True))
    assert row["id"] == "c1" and row["document_id"] == "d1" and row["source_id"] == 7
    assert row["measure_id"] == "m1" and row["machine"] == machine_json(c)
    assert (row["span_start"], row["span_end"]) == c.span
    assert (row["sentence_start"], row["sentence_end"]) == c.sentence_span
    assert TEXT[row["time_start"]:row["time_end"]] == "since January"
    assert row["hedge_text"] == "more than" and row["event_text"] == "fled"
    assert schema.chain_rows(row["reported_by"]) == [schema.party_row(p) for p in c.reported_by]
    bare = Claim(span=(0, 5), text="Radio", low=None, high=None, hedge="vague", unit="count", event="other",
                 sentence_span=(0, 5), rules="r")
    row = dict(zip(CLAIM_COLUMNS, claim_row(bare, cid="c2", document_id="d1", doc_text=TEXT, source_id=None,
                                             measure_id=None), strict=True))
    assert row["hedge_text"] is None and row["hedge_start"] is None and row["reported_by"] == "[]"
    with open_ledger(tmp_path / "l.db") as led:  # the row is what the table takes
        led.add(Document.from_text(TEXT), claims=[c])
        stored = led.conn.execute("SELECT * FROM claims").fetchone()
        assert Claim.from_dict(json.loads(stored["machine"])) == c
        assert stored["hedge_text"] == "more than" and stored["cue_start"] == TEXT.index("said")


def test_flatten_and_unflatten_are_inverse() -> None:
    c = _full_claim()
    flat = schema.flatten(c)
    assert list(flat) == [col for s in schema.FIELDS for col in s.columns]
    assert schema.unflatten(flat) == c
    assert schema.unflat_span(None, 3) is None and schema.flat_span(None) == (None, None)


def test_batch_and_export_give_every_shared_column_one_type() -> None:
    batch = {f.name: f.type for f in CLAIMS_SCHEMA}
    export = {f.name: f.type for f in parquet_schema()}
    shared = set(batch) & set(export)
    assert {"reported_by", "span_start", "low", "period_start", "id"} <= shared
    for name in shared:
        assert batch[name] == export[name], name


def test_claim_ids_are_deduplicated_by_one_rule_in_the_ledger_and_the_batch_output(tmp_path: Path) -> None:
    c = _full_claim()
    doc = Document.from_text(TEXT)
    ids = claim_ids(doc.id, [c.span, c.span, (0, 5), c.span])
    assert ids == [claim_id(doc.id, c.span), claim_id(doc.id, c.span) + "-2", claim_id(doc.id, (0, 5)),
                   claim_id(doc.id, c.span) + "-3"]
    table = claims_table([DocResult(doc, (c, c))])
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc, claims=[c, c])
        stored = [r[0] for r in led.conn.execute("SELECT id FROM claims ORDER BY rowid")]
    assert table.column("id").to_pylist() == stored == ids[:2]
    assert [claim for _, claim in claims_from_table(table)] == [c, c]


def test_a_ledger_row_is_one_sqlite_insert(tmp_path: Path) -> None:
    """The generated row builder and the INSERT agree on the number of columns."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE claims ({', '.join(CLAIM_COLUMNS)})")
    from claimledger.ledger.rows import INSERT_CLAIM

    conn.execute(INSERT_CLAIM, claim_row(_full_claim(), cid="x", document_id="d", doc_text=TEXT,
                                         source_id=None, measure_id=None))
    assert conn.execute("SELECT text FROM claims").fetchone() == ("340",)

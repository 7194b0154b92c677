"""Batch building blocks without a cluster: byte ranges, tables, the per-document step, the output dir."""

from __future__ import annotations

import io
import json
from dataclasses import fields
from pathlib import Path

import pytest

import claimledger.batch as batch
from claimledger.batch.output import MANIFEST, absolute_location, prepare_output, remove_stale, write_manifest
from claimledger.batch.partition import iter_partition, read_range
from claimledger.batch.plan import input_format, list_inputs, plan_partitions
from claimledger.batch.process import _span_problem
from claimledger.batch.tables import CLAIMS_SCHEMA, claims_from_table, claims_table
from claimledger.errors import InputError
from claimledger.ingest import add_paths
from claimledger.ledger import claim_id as ledger_claim_id
from claimledger.ledger import open_ledger
from claimledger.model import Claim, Document, Party


def test_public_api_is_what_we_mean() -> None:
    assert sorted(batch.__all__) == sorted([
        "DEFAULT_PARTITION_SIZE", "BatchError", "BatchRecord", "BatchSummary", "DocResult", "InputFile",
        "Partition", "PartitionReport", "claim_id", "list_inputs", "finish_output", "is_batch_output",
        "iter_batch_output", "iter_batch_records", "plan_partitions", "prepare_output", "process_document",
        "run_batch", "run_partition",
    ])
    for name in batch.__all__:
        assert getattr(batch, name) is not None


def test_claim_ids_are_the_ledgers() -> None:
    assert batch.claim_id is ledger_claim_id


def test_the_per_document_step_imports_no_dask() -> None:
    for module in ("process", "partition", "plan", "tables", "output", "load"):
        source = (Path(batch.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
        assert "import dask" not in source and "from dask" not in source
        assert "import distributed" not in source and "from distributed" not in source


@pytest.mark.parametrize("size", [1, 2, 3, 7, 10, 16, 50, 1000])
def test_byte_ranges_give_every_line_to_exactly_one_partition(size: int) -> None:
    lines = [b"a\n", b"bbbbbbbbbbbbbbbbbbbb\n", b"\n", b"cc\n", b"ddddddd\n", b"e\n", b"ffffffffff"]
    data = b"".join(lines)
    pieces = []
    for start in range(0, len(data), size):
        first, chunk = read_range(io.BytesIO(data), start, min(start + size, len(data)))
        assert chunk == b"" or first >= start
        pieces.append(chunk)
    assert b"".join(pieces) == data


def test_input_formats_are_judged_by_name() -> None:
    assert input_format("x/a.jsonl") == ("jsonl", None)
    assert input_format("a.NDJSON") == ("jsonl", None)
    assert input_format("a.jsonl.gz") == ("jsonl", "gzip")
    assert input_format("crawl.warc.gz") == ("warc", None)
    assert input_format("notes.txt") is None


def test_inputs_expand_from_dirs_and_globs_and_only_splittable_files_are_cut(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.jsonl").write_text('{"text": "a"}\n' * 100, encoding="utf-8")
    (tmp_path / "two.warc").write_bytes(b"x" * 3000)
    (tmp_path / "README.md").write_text("not an input", encoding="utf-8")
    files = list_inputs([str(tmp_path), str(tmp_path / "sub" / "*.jsonl")])
    assert [Path(f.url).name for f in files] == ["one.jsonl", "two.warc"]  # each once, README skipped
    parts = plan_partitions(files, 500)
    assert [p.file.fmt for p in parts].count("warc") == 1  # a WARC is never cut
    jsonl = [p for p in parts if p.file.fmt == "jsonl"]
    assert len(jsonl) == 3 and jsonl[-1].end == files[0].size
    assert len({p.key for p in parts}) == len(parts)
    assert [p.key for p in plan_partitions(files, 500)] == [p.key for p in parts]  # deterministic
    with pytest.raises(InputError, match="not JSONL or WARC"):
        list_inputs([str(tmp_path / "README.md")])
    with pytest.raises(InputError, match="no such file"):
        list_inputs([str(tmp_path / "missing.jsonl")])


def test_a_partition_reads_through_the_readers_with_honest_origins(tmp_path: Path) -> None:
    p = tmp_path / "wire.jsonl"
    rows = (json.dumps({"text": f"Report number {i} from Quellmark."}) + "\n" for i in range(40))
    p.write_text("".join(rows), encoding="utf-8")
    parts = plan_partitions(list_inputs([str(p)]), 300)
    origins = [r.origin for part in parts for r in iter_partition(part)]
    assert len(origins) == 40
    assert origins[0] == f"{p}:1"
    assert "@" in origins[-1]  # later ranges count lines from their first byte


def _full_claim() -> Claim:
    return Claim(
        span=(40, 43), text="340", low=340.0, high=None, hedge="more_than", unit="count", event="displaced",
        sentence_span=(0, 80), rules="rules-test", hedge_span=(30, 39), event_span=(44, 53),
        subject="families", subject_span=(44, 52), place="Ostravel", place_span=(57, 65), as_of="2031-02-03",
        period_start="2031-01-01", time_text="since January", time_span=(66, 79), source="the harbour office",
        source_span=(5, 23), cue="said", cue_span=(24, 28),
        reported_by=(Party("Radio Vell", (0, 10), "citing", (11, 17)), Party("the harbour office", (5, 23))),
    )


def test_claim_rows_cover_every_field_and_round_trip_exactly() -> None:
    doc = Document.from_text("x" * 100)
    claim = _full_claim()
    plain = Claim(span=(1, 2), text="x", low=None, high=None, hedge="vague", unit="percent", event="other",
                  sentence_span=(0, 3), rules="r")
    table = claims_table([batch.DocResult(doc, (claim, plain))])
    assert table.schema == CLAIMS_SCHEMA
    for f in fields(Claim):
        stem = f.name.removesuffix("_span") if f.name != "span" else "span"
        assert f.name in table.column_names or f"{stem}_start" in table.column_names, f.name
    assert [c for _, c in claims_from_table(table)] == [claim, plain]
    ids = [ledger_claim_id(doc.id, claim.span), ledger_claim_id(doc.id, (1, 2))]
    assert table.column("id").to_pylist() == ids


def test_an_extractor_failure_is_a_result_not_an_exception() -> None:
    doc = Document(id="d1", text="Forty homes burned in Talsk.", published="last spring")
    res = batch.process_document(doc)
    assert not res.ok and res.claims == () and "extractor raised ValueError" in (res.error or "")
    good = batch.process_document(Document.from_text("Forty homes burned in Talsk on 3 March."))
    assert good.ok


def test_broken_offsets_are_caught() -> None:
    text = "The harbour office said 340 families fled."
    ok = Claim(span=(24, 27), text="340", low=340.0, high=340.0, hedge="exact", unit="count",
               event="displaced", sentence_span=(0, len(text)), rules="r")
    assert _span_problem(text, ok) is None
    assert "does not hold" in (_span_problem(text, Claim(**{**_kw(ok), "span": (23, 26)})) or "")
    assert "outside the text" in (_span_problem(text, Claim(**{**_kw(ok), "cue_span": (10, 400)})) or "")


def _kw(c: Claim) -> dict[str, object]:
    return {f.name: getattr(c, f.name) for f in fields(Claim)}


def test_output_dir_refuses_foreign_folders_and_drops_stale_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a claimledger batch output"):
        prepare_output(str(tmp_path))
    out = tmp_path / "out"
    for table in ("documents", "claims", "errors"):
        (out / table).mkdir(parents=True)
        (out / table / "keep-00000.parquet").write_bytes(b"")
        (out / table / "old-00007.parquet").write_bytes(b"")
    write_manifest(str(out), {"format": "claimledger-batch", "partitions": []})
    assert batch.is_batch_output(str(out))
    prepare_output(str(out))  # a new run starts: the old manifest goes first
    assert not (out / MANIFEST).exists() and not batch.is_batch_output(str(out))
    assert remove_stale(str(out), {"keep-00000"}) == 3
    assert sorted(p.name for p in (out / "claims").iterdir()) == ["keep-00000.parquet"]
    with pytest.raises(InputError, match="not a finished claimledger batch output"):
        list(batch.iter_batch_output(str(out)))


def test_any_engine_can_drive_the_partitions(tmp_path: Path) -> None:
    """The docs' Ray/Spark recipe, with a plain loop as the engine: same output format, loadable."""
    src = tmp_path / "feed.jsonl"
    rows = [{"text": f"The Talsk council said {10 + i} shops were destroyed on Monday."} for i in range(30)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = str(tmp_path / "out")
    files = list_inputs([str(src)])
    parts = plan_partitions(files, 500)
    batch.prepare_output(out)
    reports = [batch.run_partition(p, out) for p in parts]  # ray.get([remote(p) …]) / rdd.map(…).collect()
    assert batch.finish_output(out, files, reports) == 0
    from claimledger import extract

    assert [(d, c) for d, c in batch.iter_batch_output(out)] == [
        (Document.from_text(r["text"]), extract(r["text"])) for r in rows
    ]


def test_fsspec_urls_and_compressed_jsonl_work_end_to_end(tmp_path: Path) -> None:
    """Inputs and output behind an fsspec URL (memory://, as s3:// would be), and a .jsonl.gz input."""
    import gzip

    import fsspec

    rows = [{"text": f"Radio Vell reported {i} boats missing off Lowmere."} for i in range(1, 25)]
    payload = "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8")
    with fsspec.open("memory://feeds/a.jsonl", "wb") as f:
        f.write(payload)
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(payload))
    files = list_inputs(["memory://feeds/*.jsonl", str(tmp_path / "b.jsonl.gz")])
    assert files[0].url == "memory:///feeds/a.jsonl" and files[1].compression == "gzip"
    parts = plan_partitions(files, 400)
    assert sum(p.file.compression == "gzip" for p in parts) == 1  # a gzip stream cannot be cut
    out = "memory://results/run1"
    batch.prepare_output(out)
    reports = [batch.run_partition(p, out) for p in parts]
    batch.finish_output(out, files, reports)
    records = list(batch.iter_batch_records(out))
    assert len(records) == 48 and sum(len(r.claims) for r in records) >= 48
    assert records[0].origin == "memory:///feeds/a.jsonl:1"
    assert records[-1].origin == f"{tmp_path / 'b.jsonl.gz'}:24"
    with open_ledger(tmp_path / "l.db") as led:  # `add memory://…` loads it, as it would s3://…
        summary = add_paths(led, [out])
        assert (summary.new, summary.present, summary.failed) == (24, 24, 0)  # the .gz repeats the rows
        assert summary.claims == sum(len(r.claims) for r in records[:24])
    with pytest.raises(InputError, match="cannot write to this location"):
        absolute_location("nosuchproto://x")


def test_every_batch_option_is_documented() -> None:
    from claimledger.commands.batch_cmds import batch_command

    doc = (Path(__file__).parents[1] / "docs" / "batch.md").read_text(encoding="utf-8")
    for param in batch_command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in doc, f"{opt} is missing from docs/batch.md"


def test_bad_arguments_get_one_clear_message(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimledger.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["batch", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "no such file or directory" in r.output and "Traceback" not in r.output
    r = runner.invoke(main, ["batch", "x.jsonl", "--out", "o", "--partition-size", "lots"])
    assert r.exit_code == 2 and "is not a size" in r.output
    r = runner.invoke(main, ["batch", "x.jsonl", "--out", "o", "--scheduler", "tcp://h:1", "--workers", "2"])
    assert r.exit_code == 2 and "--workers sizes the local cluster" in r.output


def test_one_unstorable_claim_costs_its_document_not_the_partition() -> None:
    from claimledger.batch.partition import build_tables

    text = "The Assendra clinic said 40 people were hurt."
    fine = Claim(span=(26, 28), text="40", low=40.0, high=40.0, hedge="exact", unit="count", event="injured",
                 sentence_span=(0, len(text)), rules="r")
    odd = Claim(**{**_kw(fine), "hedge": None})  # what a buggy extractor could return
    good_doc, bad_doc = Document.from_text(text), Document.from_text(text + " Again.")
    done = [(batch.DocResult(good_doc, (fine,)), "a.jsonl:1", "jsonl"),
            (batch.DocResult(bad_doc, (odd,)), "a.jsonl:2", "jsonl")]
    docs, claims, stored, bad = build_tables(done)
    assert docs.num_rows == 1 and claims.num_rows == 1 and [s[1] for s in stored] == ["a.jsonl:1"]
    assert bad == [("a.jsonl:2", bad_doc.id, "extract", "claims cannot be stored (hedge is null, and every "
                    "claim and document must have one)")]

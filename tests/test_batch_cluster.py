"""The batch job on a real two-worker dask.distributed LocalCluster (one per module: it takes seconds).

What matters: the output equals the sequential extractor's, bad records are
reported and skipped, a re-run replaces rather than adds, WARC works, and the
Parquet reads back into the same Documents and Claims.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from claimledger import extract
from claimledger.batch import iter_batch_output, iter_batch_records, run_batch
from claimledger.cli import main
from claimledger.model import Claim, Document
from claimledger.readers import iter_documents

pytestmark = pytest.mark.cluster

ARTICLES = [
    "The harbour authority in Ostravel said on Tuesday that more than 340 families had fled the coast road.",
    "At least 12 people were killed when shells struck the Brennick market, according to the town clinic.",
    "Relief workers estimated that between 2,000 and 3,500 people were sheltering in Varnholt schools.",
    "A spokesman for the Lowland Guard told reporters that 27 fighters had been detained near the ferry.",
    "Nobody counted the boats. Local farmers say they have not been paid since the spring.",
    "Radio Vell, citing a water board memo, reported that a third of the wells in Talsk were destroyed.",
    "Hundreds of residents of Quellmark remain missing, the regional council said in a statement on Sunday.",
    "It is estimated that 1.2 million people have been displaced from the eastern valleys since October 7.",
]


def _corpus(n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        row = {"text": f"{ARTICLES[i % len(ARTICLES)]} Dispatch {i}.", "outlet": "The Fenwick Post"}
        if i % 3 == 0:
            row["published"] = f"2031-03-{1 + i % 28:02d}"
        rows.append(row)
    return rows


def _sequential(path: Path) -> list[tuple[Document, list[Claim]]]:
    """What `extract` gives read one by one without Dask: the reference the batch must equal."""
    return [(r.document, extract(r.document.text, r.document.published)) for r in iter_documents(str(path))
            if r.document is not None]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.fixture()
def wire(tmp_path: Path) -> Path:
    """A JSONL file of 240 short articles with one malformed line in the middle."""
    lines = [json.dumps(r) for r in _corpus(240)]
    lines.insert(130, '{"text": "Forty boats sank off Brennick", ')  # cut short: not JSON
    p = tmp_path / "wire.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_batch_equals_sequential_extract_and_skips_a_bad_line(
    scheduler: str, wire: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    s = run_batch([str(wire)], str(out), scheduler=scheduler, partition_size=2000)
    assert len(s.partitions) > 8  # cut mid-line many times
    assert s.documents == 240 and s.errors == 1 and not s.ok
    expected = _sequential(wire)
    assert list(iter_batch_output(str(out))) == expected
    assert s.claims == sum(len(c) for _, c in expected) > 240

    errors = pq.read_table(out / "errors").to_pylist()
    assert len(errors) == 1
    assert errors[0]["stage"] == "read" and "not valid JSON" in errors[0]["reason"]
    # the origin finds the line: "wire.jsonl@OFFSET:LINE" is line LINE counted from byte OFFSET
    name, line = errors[0]["origin"].rsplit(":", 1)
    offset = int(name.rsplit("@", 1)[1]) if "@" in name else 0
    assert wire.read_bytes()[offset:].split(b"\n")[int(line) - 1].startswith(b'{"text": "Forty boats')
    sample = [o for p in s.partitions for o, _ in p.error_samples]
    assert sample == [errors[0]["origin"]]


def test_a_rerun_replaces_rather_than_duplicates(scheduler: str, wire: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([str(wire)], str(out), scheduler=scheduler, partition_size=4000)
    rows = pq.read_table(out / "claims").num_rows
    again = run_batch([str(wire)], str(out), scheduler=scheduler, partition_size=4000)
    assert pq.read_table(out / "claims").num_rows == rows == first.claims == again.claims
    assert again.stale_removed == 0
    # other cuts of the same input: the old files are stale and go; still no duplicates
    recut = run_batch([str(wire)], str(out), scheduler=scheduler, partition_size=9000)
    assert recut.stale_removed > 0
    assert pq.read_table(out / "claims").num_rows == rows
    assert pq.read_table(out / "documents").num_rows == 240
    assert len(list(iter_batch_output(str(out)))) == 240


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i, body in enumerate(ARTICLES[:4]):
            page = (f"<html><head><title>Coast report {i}</title></head><body><article>"
                    f"<h1>Coast report {i}</h1><p>{body}</p><p>{ARTICLES[i + 4]}</p></article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            rec = writer.create_warc_record(f"https://fenwick.example/coast/{i}", "response",
                                            payload=BytesIO(page.encode("utf-8")), http_headers=headers)
            writer.write_record(rec)


def test_warc_input_round_trips(scheduler: str, tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _warc(crawl)
    out = tmp_path / "out"
    s = run_batch([str(crawl)], str(out), scheduler=scheduler)
    expected = _sequential(crawl)
    assert s.ok and s.documents == len(expected) == 4
    records = list(iter_batch_records(str(out)))
    assert [(r.document, r.claims) for r in records] == expected
    assert all(r.fmt == "warc" and r.origin.startswith(f"{crawl}#urn:uuid:") for r in records)
    assert records[0].document.url == "https://fenwick.example/coast/0"
    for r in records:
        for c in r.claims:
            assert r.document.text[c.span[0]:c.span[1]] == c.text


def test_the_command_reports_failures_and_exits_non_zero(scheduler: str, wire: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(wire), "--out", str(out), "--scheduler", scheduler,
                                       "--partition-size", "3kB", "--published", "2031-05-01"])
    assert result.exit_code == 1, result.output
    assert "240 documents" in result.output and "1 error" in result.output
    assert "not valid JSON" in result.output  # the failing line, with its origin, on the terminal
    docs = [d for d, _ in iter_batch_output(str(out))]
    assert {d.published for d in docs[1:3]} == {"2031-05-01"}  # undated ones got the default
    assert docs[0].published == "2031-03-01"


def test_a_failed_partition_is_reported_and_the_rest_is_kept(
    scheduler: str, wire: Path, tmp_path: Path
) -> None:
    doomed = tmp_path / "doomed.jsonl"
    doomed.write_text(json.dumps({"text": "Talsk reported 9 boats lost."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    s = run_batch([str(wire), str(doomed)], str(out), scheduler=scheduler, partition_size=8000,
                  on_start=lambda parts, n: doomed.unlink())  # the input vanishes after planning
    assert [p.input for p in s.failed_partitions] == [str(doomed)]
    assert "FileNotFoundError" in (s.failed_partitions[0].failed or "")
    assert s.documents == 240 and s.errors == 2 and not s.ok
    assert len(list(iter_batch_output(str(out)))) == 240

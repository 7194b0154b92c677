"""`add` of big inputs: the claims `extract` prints, in bounded memory (long texts stored in parts).

Issue 13 point 7: above one extraction chunk (256K characters) `extract`
(chunked) and `add` (whole text) disagreed on some claims, and `add` held a
whole file in memory (2.7 GB for 200 MB). Memory is measured by
benchmarks/bench_add_memory.py, not asserted here; these tests pin the
behaviour that keeps it bounded and the agreement.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract import extract
from claimledger.extract_stream import CHUNK_CHARS, extract_text, iter_string_chunks, iter_text_chunks
from claimledger.ingest import add_paths, text_parts
from claimledger.ingest.text_parts import PART_CHARS, part_start
from claimledger.ledger import open_ledger
from ledger_util import run_cli

HELDOUT = Path(__file__).parent / "heldout2" / "docs"
FILLER = "The market square was quiet on the morning after the storm; the ferry kept its timetable.\n\n"
CLAIMS = "Harbour officials said 14 people were hurt in Tessaly Cove on Monday.\n\n"


def _key(c: dict[str, object], shift: int = 0) -> tuple[object, ...]:
    span = c["span"]
    assert isinstance(span, list)
    return (span[0] + shift, c["text"], c["low"], c["high"], c["hedge"], c["event"], c["source"])


def _ledger_claims(db: Path) -> set[tuple[object, ...]]:
    """Claims with offsets into the whole input: each part's start is in its origin (#chars=START-END)."""
    conn = sqlite3.connect(db)
    try:
        out = set()
        for origin, start, text, low, high, hedge, event, source in conn.execute(
            "SELECT d.origin, c.span_start, c.text, c.low, c.high, c.hedge, c.event, c.source "
            "FROM claims c JOIN documents d ON d.id = c.document_id"
        ):
            base = part_start(origin)
            out.add((base + start, text, low, high, hedge, event, source))
        return out
    finally:
        conn.close()


def _boundary_text() -> str:
    """Just over one chunk, cut inside an article whose pronoun attribution differs whole vs chunked."""
    head = "\n\n".join((HELDOUT / n).read_text(encoding="utf-8") for n in ("k04.txt", "k08.txt")) + "\n\n"
    n = (CHUNK_CHARS - len(head) + 500) // len(FILLER)
    return FILLER * n + head + (HELDOUT / "k09.txt").read_text(encoding="utf-8")


def test_add_stores_the_claims_extract_prints_above_one_chunk(tmp_path: Path) -> None:
    text = _boundary_text()
    assert CHUNK_CHARS < len(text) <= PART_CHARS
    whole = {(c.span[0], c.text, c.source) for c in extract(text)}
    chunked = {(c.span[0], c.text, c.source) for c in extract_text(text)}
    assert whole != chunked  # the fixture does reach the case where the two paths used to part
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    out = run_cli("extract", str(path), "--format", "jsonl", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    printed = {_key(json.loads(line)) for line in out.stdout.splitlines()}
    added = run_cli("add", str(path), "--db", str(tmp_path / "l.db"), cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert _ledger_claims(tmp_path / "l.db") == printed
    assert {(k[0], k[1], k[6]) for k in printed} == chunked


def test_a_text_longer_than_a_part_is_stored_in_parts_that_rebuild_it(tmp_path: Path) -> None:
    unit = FILLER * 40 + CLAIMS
    text = unit * (PART_CHARS * 2 // len(unit) + 3)  # a bit over two parts: three documents
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    with open_ledger(tmp_path / "l.db") as led:
        summary = add_paths(led, [str(path)])
        assert (summary.new, summary.failed) == (3, 0)
        rows = led.conn.execute("SELECT origin, text, format FROM documents ORDER BY rowid").fetchall()
        again = add_paths(led, [str(path)])
        assert (again.new, again.present) == (0, 3)  # a re-run recognises every part
    assert "".join(r["text"] for r in rows) == text
    assert all(len(r["text"]) <= PART_CHARS and r["format"] == "txt" for r in rows)
    at = 0
    for r in rows:  # origins say where each part lies in the file, end to end
        assert r["origin"] == f"{path}#chars={at}-{at + len(r['text'])}"
        at += len(r["text"])
    want = {(c.span[0], c.text, c.low, c.high, c.hedge, c.event, c.source) for c in extract_text(text)}
    assert _ledger_claims(tmp_path / "l.db") == want
    assert len(want) == text.count("14 people")


def test_a_short_text_is_still_one_document_with_its_path_as_origin(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text(CLAIMS, encoding="utf-8")
    with open_ledger(tmp_path / "l.db") as led:
        add_paths(led, [str(path)])
        rows = [tuple(r) for r in led.conn.execute("SELECT origin, text FROM documents")]
    assert rows == [(str(path), CLAIMS)]


def test_a_huge_jsonl_article_is_stored_in_parts_with_its_metadata(tmp_path: Path) -> None:
    unit = FILLER * 40 + CLAIMS
    text = unit * (PART_CHARS // len(unit) + 2)
    path = tmp_path / "a.jsonl"
    line = {"text": text, "title": "Harbour log", "outlet": "Tessaly Gazette", "published": "2033-05-02"}
    short = {"text": "Two boats sank, the harbour master said."}
    path.write_text(json.dumps(short) + "\n" + json.dumps(line) + "\n")
    with open_ledger(tmp_path / "l.db") as led:
        add_paths(led, [str(path)])
        rows = [tuple(r) for r in led.conn.execute(
            "SELECT origin, title, outlet, published, length(text) FROM documents ORDER BY rowid")]
    assert rows[0][0] == f"{path}:1"
    assert [r[1:4] for r in rows[1:]] == [("Harbour log", "Tessaly Gazette", "2033-05-02")] * 2
    assert rows[1][0].startswith(f"{path}:2#chars=0-") and rows[2][0].endswith(f"-{len(text)}")
    assert rows[1][4] + rows[2][4] == len(text)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab 1.\n\t!"), min_size=0, max_size=400),
    st.integers(min_value=8, max_value=60),
    st.integers(min_value=1, max_value=50),
)
def test_a_text_in_memory_is_cut_exactly_where_a_stream_of_it_is(text: str, chunk: int, read: int) -> None:
    stream = io.BytesIO(("x" + text).encode())
    streamed = list(iter_text_chunks(stream, "t", chunk_chars=chunk, read_bytes=read))
    assert list(iter_string_chunks("x" + text, chunk)) == streamed


def test_a_part_ends_early_rather_than_hold_too_many_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit = FILLER * 10 + CLAIMS
    text = unit * (CHUNK_CHARS * 3 // len(unit))  # three chunks, well within one part by size
    chunks = list(iter_string_chunks(text))
    assert len(chunks) == 3 and len(text) <= PART_CHARS
    per_chunk = len(extract(chunks[0][1]))
    monkeypatch.setattr(text_parts, "PART_CLAIMS", per_chunk + 1)  # room for one chunk's claims only
    path = tmp_path / "dense.txt"
    path.write_text(text, encoding="utf-8")
    with open_ledger(tmp_path / "l.db") as led:
        assert add_paths(led, [str(path)]).new == 3
        rows = led.conn.execute("SELECT origin, text, claim_count FROM documents ORDER BY rowid").fetchall()
        assert add_paths(led, [str(path)]).present == 3
    assert [r["origin"] for r in rows] == [f"{path}#chars={o}-{o + len(c)}" for o, c in chunks]
    assert all(0 < r["claim_count"] <= per_chunk + 1 for r in rows)
    want = {(c.span[0], c.text, c.low, c.high, c.hedge, c.event, c.source) for c in extract_text(text)}
    assert _ledger_claims(tmp_path / "l.db") == want

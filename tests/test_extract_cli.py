"""`claimledger extract` end to end: a real subprocess on files in a tmp dir.

The contract checked here: jsonl is one claim object per line (``path``
added) and nothing else on stdout; csv and table render; bad input gives one
clear line on stderr naming the file, a non-zero exit when a file could not
be read, and never a traceback; the other inputs are still extracted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPORT = (
    "Shelling hits Pellmar\n\n"
    "At least 19 people were killed in Pellmar on Friday, the mayor said. Another 43 were wounded.\n\n"
    "The Halvor Army said it had destroyed 7 armoured vehicles near the crossing.\n"
)


def run(
    *args: str, stdin: bytes | None = None, columns: int = 80, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "claimledger.cli", "extract", *args],
        input=stdin,
        capture_output=True,
        timeout=600,
        env={**os.environ, "COLUMNS": str(columns), **env},
    )


def claims(out: bytes) -> list[dict[str, Any]]:
    lines = out.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]  # every stdout line must be a JSON object


def assert_spans_index(text: str, rows: list[dict[str, Any]]) -> None:
    for d in rows:
        s, e = d["span"]
        assert text[s:e] == d["text"], d


def assert_clean_failure(r: subprocess.CompletedProcess[bytes], name: str, problem: str) -> None:
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "Traceback" not in err
    assert f"claimledger: error: {name}: " in err and problem in err, err


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "report.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def test_jsonl_is_one_claim_per_line_with_path(report: Path) -> None:
    r = run(str(report), "--published", "2031-06-14")
    assert r.returncode == 0 and r.stderr == b""
    rows = claims(r.stdout)
    assert rows, "the report has figures"
    assert all(d["path"] == str(report) for d in rows)
    assert {"span", "text", "low", "high", "hedge", "unit", "event", "source", "reported_by", "rules"} <= set(
        rows[0]
    )
    assert_spans_index(REPORT, rows)


def test_stdin_gives_the_same_claims_as_the_file(report: Path) -> None:
    from_file = claims(run(str(report)).stdout)
    r = run("-", stdin=REPORT.encode())
    assert r.returncode == 0
    from_stdin = claims(r.stdout)
    assert [d.pop("path") for d in from_stdin] == ["stdin"] * len(from_stdin)
    assert from_stdin == [{k: v for k, v in d.items() if k != "path"} for d in from_file]


def test_csv_has_a_header_and_a_row_per_claim(report: Path) -> None:
    r = run(str(report), "--format", "csv")
    assert r.returncode == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert len(rows) == len(claims(run(str(report)).stdout))
    assert rows[0]["path"] == str(report) and json.loads(rows[0]["span"])[1] > 0


def test_table_renders_with_rich(report: Path) -> None:
    r = run(str(report), "--format", "table", columns=200)
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "figure claims:" in out and "┃" in out and "report.txt" in out


def test_directories_html_and_jsonl_inputs(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(REPORT)
    (tmp_path / "in" / "sub" / "b.html").write_text(
        "<html><head><title>Pellmar</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n"))
        + "</article></body></html>"
    )
    (tmp_path / "in" / "feed.jsonl").write_text(
        json.dumps({"text": REPORT, "published": "2031-06-14"}) + "\n"
    )
    r = run(str(tmp_path / "in"))
    assert r.returncode == 0, r.stderr
    paths = {d["path"] for d in claims(r.stdout)}
    assert paths == {str(tmp_path / "in" / p) for p in ("a.txt", "feed.jsonl:1", "sub/b.html")}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\n \n", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "looks binary"),
        ("Lórien: 40 killed.".encode("latin-1"), "is not valid UTF-8"),
    ],
)
def test_unreadable_files_fail_cleanly_and_others_still_run(
    tmp_path: Path, report: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = run(str(bad), str(report))
    assert_clean_failure(r, str(bad), problem)
    assert {d["path"] for d in claims(r.stdout)} == {str(report)}


def test_non_utf8_suggests_encoding_and_encoding_fixes_it(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes("In Lórien 40 were killed, officials said.".encode("cp1252"))
    r = run(str(p))
    assert_clean_failure(r, str(p), "--encoding")
    ok = run(str(p), "--encoding", "cp1252")
    assert ok.returncode == 0
    assert_spans_index("In Lórien 40 were killed, officials said.", claims(ok.stdout))


def test_missing_file_and_glob_name_the_spec(tmp_path: Path, report: Path) -> None:
    r = run(str(tmp_path / "nope.txt"), str(tmp_path / "*.none"), str(report))
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert (
        f"{tmp_path / 'nope.txt'}: no such file" in err and f"{tmp_path / '*.none'}: matches no file" in err
    )
    assert claims(r.stdout)


def test_bad_jsonl_lines_are_named_and_the_rest_extracted(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"text": REPORT})
        + "\n{broken\n"
        + json.dumps({"text": None})
        + "\n"
        + json.dumps({"text": REPORT, "published": "someday"})
        + "\n"
    )
    r = run(str(p))
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert f"{p}:2: line is not valid JSON" in err
    assert f"{p}:3: 'text' must be a string, not null" in err
    assert f"{p}:4: published date 'someday' is not a date" in err
    assert {d["path"] for d in claims(r.stdout)} == {f"{p}:1"}


@pytest.mark.parametrize(
    "text",
    [
        'He said "more than 40 were killed in Osk and the 12 others\n\n"" were "hurt',  # unbalanced quotes
        "At\u00a0least\u00a012\u00a0people were killed,\u00a0the\u00a0governor said.",  # NBSP
        "\u200fقتل 30 شخصا\u200f and \u202e12 killed\u202c, the \u200eministry\u200e said.",  # RTL/LTR marks
        "Ｏｆｆｉｃｉａｌｓ said １２ were killed and ３０％ of homes were destroyed.",  # fullwidth
        "\ufeffBOM then 5 killed.\r\nWindows lines: 6 hurt.\r\n",
    ],
)
def test_odd_text_extracts_without_error(tmp_path: Path, text: str) -> None:
    p = tmp_path / "odd.txt"
    p.write_text(text, encoding="utf-8", newline="")
    r = run(str(p), "--format", "jsonl")
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr == b""
    decoded = p.read_bytes().decode("utf-8-sig")
    assert_spans_index(decoded, claims(r.stdout))


def test_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    text = "Ｉｎ Lórien, “１２ were killed,” the ministry said."
    r = run("-", stdin=text.encode(), LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    assert r.returncode == 0, r.stderr.decode()
    assert_spans_index(text, claims(r.stdout))


def test_ten_megabyte_single_line(tmp_path: Path) -> None:
    filler = "The convoy waited at the checkpoint while the rain kept falling on the valley road. " * 40
    sentence = "Officials said 12 people were killed and 30 wounded in the raid on Osk. "
    text = (filler + sentence) * (10_000_000 // len(filler + sentence))
    p = tmp_path / "line.txt"
    p.write_text(text, encoding="utf-8")
    r = run(str(p))
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    rows = claims(r.stdout)
    assert rows and rows[-1]["span"][1] <= len(text)
    assert_spans_index(text, rows[:50] + rows[-50:])


def test_usage_errors_exit_2(report: Path) -> None:
    r = run(str(report), "--published", "14/06/2031")
    assert r.returncode == 2 and b"YYYY-MM-DD" in r.stderr and r.stdout == b""
    r = run(str(report), "--encoding", "klingon-8")
    assert r.returncode == 2 and b"unknown encoding" in r.stderr
    r = run()
    assert r.returncode == 2


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    p = tmp_path / "many.txt"
    p.write_text("Officials said 12 people were killed.\n\n" * 20000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger.cli", "extract", str(p)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=600)
    assert "Traceback" not in err


def test_jsonl_on_stdin_and_warc_files(tmp_path: Path) -> None:
    feed = (json.dumps({"text": REPORT, "published": "2031-06-14"}) + "\n").encode()
    r = run("-", stdin=feed)
    assert r.returncode == 0, r.stderr.decode()
    rows = claims(r.stdout)
    assert rows and {d["path"] for d in rows} == {"stdin:1"}
    assert_spans_index(REPORT, rows)

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    html = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n"))
        + "</article></body></html>"
    )
    with warc.open("wb") as f:
        w = WARCWriter(f, gzip=True)
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                "https://news.example/p", "response", payload=io.BytesIO(html.encode()), http_headers=hh
            )
        )
    r = run(str(warc))
    assert r.returncode == 0, r.stderr.decode()
    rows = claims(r.stdout)
    assert rows and all(d["path"].startswith(f"{warc}#urn:uuid:") for d in rows)


def test_a_bad_byte_deep_in_a_big_file_fails_before_any_output(tmp_path: Path) -> None:
    p = tmp_path / "late.txt"
    good = (REPORT + "\n") * 12_000  # ~2.5 MB: several read blocks
    p.write_bytes(good.encode() + b"\nThen 5 were killed in Lor\xe9n.\n")
    r = run(str(p))
    assert_clean_failure(r, str(p), f"is not valid UTF-8 (byte {len(good.encode()) + 26})")
    assert r.stdout == b""

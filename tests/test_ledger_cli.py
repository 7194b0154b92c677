"""End to end: the real `claimledger add / claims / measures / sources / export` in subprocesses."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ledger_util import FIXTURES, run_cli

WARC_PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Night raid in Tolmar</title>
<meta name="date" content="2030-04-07"></head><body><article><h1>Night raid in Tolmar</h1>
<p>The Tolmar Relief Network said on Monday that 64 people had been detained in a night raid on the old
market quarter of Tolmar, and that the families of those held had not been told where they were taken.</p>
<p>Witnesses said soldiers went from house to house before dawn. The network said it had recorded 212
detentions in the city since the start of March, many of them young men from the same streets.</p>
</article></body></html>"""


def write_warc(path: Path) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(writer.create_warc_record(
            "https://example.invalid/tolmar-raid", "response", payload=io.BytesIO(WARC_PAGE),
            http_headers=headers))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    write_warc(root / "crawl.warc.gz")
    return root


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_add_a_folder_of_every_format_then_re_add_adds_nothing(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    first = run_cli("add", str(corpus), "--db", str(db), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "documents: 6 new, 0 already present, 0 failed" in first.stdout
    with sqlite3.connect(db) as conn:
        formats = sorted(r[0] for r in conn.execute("SELECT format FROM documents"))
        assert formats == ["html", "jsonl", "jsonl", "jsonl", "txt", "warc"]
        title = conn.execute("SELECT title FROM documents WHERE format = 'warc'").fetchone()[0]
        assert title == "Night raid in Tolmar"
    claims = _count(db, "claims")
    again = run_cli("add", str(corpus), "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "documents: 0 new, 6 already present, 0 failed; claims added: 0" in again.stdout
    assert _count(db, "claims") == claims and _count(db, "documents") == 6


def test_globs_stdin_and_the_environment_database(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "c")
    env = {"CLAIMLEDGER_DB": str(tmp_path / "env.db")}
    out = run_cli("add", str(tmp_path / "c" / "*.jsonl"), "-", cwd=tmp_path, env=env,
                  stdin="Officials in Tolmar said 31 people were injured on Sunday.\n")
    assert out.returncode == 0, out.stderr
    assert "documents: 4 new" in out.stdout
    with sqlite3.connect(tmp_path / "env.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents WHERE format = 'stdin'").fetchone()[0] == 1


def test_a_bad_file_is_named_others_still_go_in_and_exit_is_non_zero(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02\x03 binary junk")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 owners said 3 were hurt.".encode("latin-1"))
    db = tmp_path / "l.db"
    out = run_cli("add", str(corpus), str(tmp_path / "missing.txt"), "--db", str(db), cwd=tmp_path)
    assert out.returncode == 1
    assert "broken.txt" in out.stderr and "binary" in out.stderr
    assert "latin1.txt" in out.stderr and "--encoding" in out.stderr
    assert "missing.txt" in out.stderr
    assert "Traceback" not in out.stderr
    assert "documents: 6 new, 0 already present, 3 failed" in out.stdout
    assert _count(db, "documents") == 6


def test_a_crash_mid_document_leaves_nothing_of_it(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run_cli("add", str(FIXTURES / "brennick_health.txt"), "--db", str(db), cwd=tmp_path)
    with sqlite3.connect(db) as conn:  # the next claim insert that mentions 666 fails, like a crash would
        conn.execute("CREATE TRIGGER boom BEFORE INSERT ON claims WHEN NEW.text LIKE '%666%' "
                      "BEGIN SELECT RAISE(ABORT, 'simulated crash'); END")
    (tmp_path / "doomed.txt").write_text("Officials said 12 were killed and 666 were injured in Tolmar.\n")
    (tmp_path / "fine.txt").write_text("Officials said 14 were killed in Tolmar on Friday.\n")
    out = run_cli("add", "doomed.txt", "fine.txt", "--db", str(db), cwd=tmp_path)
    assert out.returncode == 1
    assert "doomed.txt" in out.stderr and "simulated crash" in out.stderr
    with sqlite3.connect(db) as conn:
        origins = sorted(r[0] for r in conn.execute("SELECT origin FROM documents"))
        assert origins == [str(FIXTURES / "brennick_health.txt"), "fine.txt"]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0
        assert conn.execute("SELECT COUNT(*) FROM claims WHERE text LIKE '%12%'").fetchone()[0] == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ledger of the whole fixture corpus, shared by the read-only report and export tests."""
    tmp = tmp_path_factory.mktemp("built")
    root = tmp / "corpus"
    shutil.copytree(FIXTURES, root)
    write_warc(root / "crawl.warc.gz")
    db = tmp / "l.db"
    out = run_cli("add", str(root), "--db", str(db), cwd=tmp)
    assert out.returncode == 0, out.stderr
    return db


@pytest.mark.parametrize("report", ["claims", "measures", "sources"])
def test_reports_in_every_format(built: Path, tmp_path: Path, report: str) -> None:
    table = run_cli(report, "--db", str(built), cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    as_json = run_cli(report, "--db", str(built), "--format", "json", cwd=tmp_path)
    rows = json.loads(as_json.stdout)
    as_csv = run_cli(report, "--db", str(built), "--format", "csv", cwd=tmp_path)
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == len(rows)
    if report == "claims":
        assert len(rows) == _count(built, "claims") and "in all" in table.stdout


def test_claims_filters(built: Path, tmp_path: Path) -> None:
    def claims(*args: str) -> list[dict[str, object]]:
        out = run_cli("claims", "--db", str(built), "--format", "json", *args, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    everything = claims()
    assert all("Tolmar" in str(r["sentence"]) or "Tolmar" in str(r["title"]) or True for r in everything)
    searched = claims("--search", "harbour")
    assert searched and {r["title"] for r in searched} == {"Shelling hits Brennick harbour district"}
    assert claims("--until", "2000-01-01") == []
    assert len(claims("--limit", "2")) == 2
    doc_id = str(everything[0]["document_id"])
    assert {r["document_id"] for r in claims("--document", doc_id[:8])} == {doc_id}


def test_reports_on_a_missing_ledger_are_a_clear_error(tmp_path: Path) -> None:
    out = run_cli("claims", "--db", str(tmp_path / "nope.db"), cwd=tmp_path)
    assert out.returncode == 1 and "no ledger here yet" in out.stderr
    assert not (tmp_path / "nope.db").exists()


def test_sources_merge_and_split_commands(tmp_path: Path) -> None:
    from claimledger.ledger import open_ledger
    from ledger_util import doc, make_claim

    db = tmp_path / "l.db"
    with open_ledger(db) as led:
        for name, fig in (("the Tolmar Observatory", "10"), ("Tolmar Monitoring Group", "11"),
                          ("Brenick Civil Defence Corps", "12"), ("Brennick Civil Defence Corps", "13")):
            t = f"{name} said {fig} people were killed."
            led.add(doc(t), claims=[make_claim(t, fig, source=name)])
    merged = run_cli("sources", "merge", "Tolmar Observatory", "Tolmar Monitoring Group", "--db", str(db),
                     cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert "merged 'Tolmar Observatory' into 'Tolmar Monitoring Group'" in merged.stdout
    split = run_cli("sources", "split", "Brennick Civil Defence Corps", "--db", str(db), cwd=tmp_path)
    assert split.returncode == 0, split.stderr
    rows = json.loads(run_cli("sources", "--db", str(db), "--format", "json", cwd=tmp_path).stdout)
    assert len(rows) == 3
    bad = run_cli("sources", "merge", "Nobody", "Tolmar Monitoring Group", "--db", str(db), cwd=tmp_path)
    assert bad.returncode == 1 and "no source matches 'Nobody'" in bad.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "claimreview"])
def test_export_command_writes_each_format(built: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    res = run_cli("export", "--format", fmt, "--out", str(out), "--db", str(built), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert out.exists() and out.stat().st_size > 0
    assert "wrote" in res.stderr


@pytest.mark.cluster
def test_add_loads_a_batch_output_folder(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "wire.jsonl", tmp_path / "wire.jsonl")
    batch = run_cli("batch", "wire.jsonl", "--out", "out", "--workers", "1", cwd=tmp_path)
    assert batch.returncode == 0, batch.stderr
    db = tmp_path / "l.db"
    added = run_cli("add", "out", "--db", str(db), cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "documents: 3 new" in added.stdout
    with sqlite3.connect(db) as conn:
        assert {r[0] for r in conn.execute("SELECT format FROM documents")} == {"jsonl"}
    again = run_cli("add", "wire.jsonl", "--parquet", "out", "--db", str(db), cwd=tmp_path)
    assert "documents: 0 new, 6 already present" in again.stdout
    # a batch written to object storage is added from its URL (file:// stands in for s3://)
    by_url = run_cli("add", (tmp_path / "out").as_uri(), "--db", str(tmp_path / "url.db"), cwd=tmp_path)
    assert by_url.returncode == 0, by_url.stderr
    assert "documents: 3 new" in by_url.stdout
    bad = run_cli("add", "memory://nowhere/out", "--db", str(tmp_path / "url.db"), cwd=tmp_path)
    assert bad.returncode == 1
    assert "memory://nowhere/out: is not a finished claimledger batch output" in bad.stderr


def test_killing_add_mid_run_leaves_only_whole_documents_and_a_rerun_finishes(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    lines = [json.dumps({"text": f"Report {i}. Officials in Tolmar said {i + 5} people were killed and "
                                 f"{i + 40} injured, according to the Tolmar Relief Network. " * 5})
             for i in range(600)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n")
    db = tmp_path / "l.db"
    env = {k: v for k, v in os.environ.items() if k != "CLAIMLEDGER_DB"}
    proc = subprocess.Popen([sys.executable, "-m", "claimledger.cli", "add", "big.jsonl", "--db", str(db)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 20:
                    break
        except sqlite3.OperationalError:
            continue  # not created or not migrated yet
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert 0 < stored < 600
        half = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE d.claim_count != "
            "(SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id)").fetchone()[0]
        assert half == 0
    rerun = run_cli("add", "big.jsonl", "--db", str(db), "--no-reconcile", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{600 - stored} new, {stored} already present" in rerun.stdout


def test_sources_subcommands_take_db_before_or_after(tmp_path: Path) -> None:
    from claimledger.ledger import open_ledger
    from ledger_util import doc, make_claim

    db = tmp_path / "l.db"
    with open_ledger(db) as led:
        for name, fig in (("the Tolmar Observatory", "10"), ("Tolmar Monitoring Group", "11")):
            t = f"{name} said {fig} people were killed."
            led.add(doc(t), claims=[make_claim(t, fig, source=name)])
    out = run_cli("sources", "--db", str(db), "merge", "Tolmar Observatory", "Tolmar Monitoring Group",
                  cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = json.loads(run_cli("sources", "--db", str(db), "--format", "json", cwd=tmp_path).stdout)
    assert [r["name"] for r in rows] == ["Tolmar Monitoring Group"]
    aliases = rows[0]["aliases"].split(" | ")
    assert len(aliases) == len(set(aliases)) and "the Tolmar Observatory" in aliases

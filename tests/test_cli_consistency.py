"""The command line says what it means: pasteable ids, per-kind empty reports, quiet setup.

End to end on temp dirs with the real `claimledger` command (and the real scripts/setup.sh).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from claimledger.batch.plan import list_inputs
from claimledger.commands.reconcile_cmds import no_flags_message
from ledger_util import run_cli

ROOT = Path(__file__).parent.parent
# Invented places and parties. Two reports of one measure by two parties: a contradiction, no regression.
STORIES = {
    "a.txt": "The Norland Health Office said on Monday that 120 people had been killed in Kessar "
    "since March 1.\n",
    "b.txt": "The Kessar Port Authority said on Monday that 45 people had been killed in Kessar "
    "since March 1.\n",
    "c.txt": "The Harbour Guild said 300 families had been displaced from Kessar.\n",
}


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "l.db"
    done = run_cli("add", *STORIES, "--published", "2031-03-12", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return db


def _table_column(out: str, col: int) -> list[str]:
    rows = [line.split("│") for line in out.splitlines() if line.startswith("│")]
    return [cells[col + 1].strip() for cells in rows if cells[1].strip()]  # not a wrapped cell's next line


def test_claims_table_ids_paste_back_into_claim_document_and_measure(ledger: Path, tmp_path: Path) -> None:
    out = run_cli("claims", "--db", str(ledger), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "…" not in out.stdout
    claim_ids, doc_ids, measure_ids = (_table_column(out.stdout, i) for i in (0, 1, 10))
    assert len(claim_ids) == 3 and all(len(c) >= 8 for c in claim_ids)
    with sqlite3.connect(ledger) as conn:
        full = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, document_id, measure_id FROM claims")}
    for cid, did, mid in zip(claim_ids, doc_ids, measure_ids, strict=True):
        (match,) = [k for k in full if k.startswith(cid)]
        assert full[match][0].startswith(did) and (full[match][1] or "").startswith(mid)
        for option, value in (("--claim", cid), ("--document", did)):
            back = run_cli("claims", option, value, "--format", "json", "--db", str(ledger), cwd=tmp_path)
            assert back.returncode == 0, back.stderr
            assert match in [r["claim_id"] for r in json.loads(back.stdout)]
        if mid:
            back = run_cli("claims", "--measure", mid, "--format", "json", "--db", str(ledger), cwd=tmp_path)
            assert back.returncode == 0, back.stderr
            assert {r["measure_id"] for r in json.loads(back.stdout)} == {full[match][1]}
    measures = run_cli("measures", "--db", str(ledger), cwd=tmp_path)
    for mid in _table_column(measures.stdout, 0):
        back = run_cli("conflicts", "--measure", mid, "--format", "json", "--db", str(ledger), cwd=tmp_path)
        assert back.returncode == 0, back.stderr


def test_unknown_ids_are_errors_not_empty_reports(ledger: Path, tmp_path: Path) -> None:
    for option, kind in (("--claim", "claim"), ("--document", "document")):
        done = run_cli("claims", option, "ffffffffff", "--db", str(ledger), cwd=tmp_path)
        assert done.returncode == 1 and f"no {kind} id starts with 'ffffffffff'" in done.stderr
    done = run_cli("claims", "--measure", "ffffffffff", "--db", str(ledger), cwd=tmp_path)
    assert done.returncode == 1 and "no measure id starts with" in done.stderr
    words = run_cli("claims", "--measure", "Kessar", "--format", "json", "--db", str(ledger), cwd=tmp_path)
    assert words.returncode == 0 and len(json.loads(words.stdout)) == 3  # label words still work


def test_conflicts_of_a_kind_with_none_says_that_kind(ledger: Path, tmp_path: Path) -> None:
    done = run_cli("conflicts", "--kind", "regression", "--db", str(ledger), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no regression flags"
    found = run_cli("conflicts", "--kind", "contradiction", "--db", str(ledger), cwd=tmp_path)
    assert "CONTRADICTION" in found.stdout
    assert no_flags_message("drift", "Kessar") == "no drift flags for measure 'Kessar'"
    assert "no contradictions, regressions" in no_flags_message(None, None)


def _fake_project(tmp_path: Path, pip_exit: int) -> Path:
    """scripts/setup.sh in a project whose .venv python stands in for pip (printing what pip prints)."""
    proj = tmp_path / "proj"
    (proj / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", proj / "scripts" / "setup.sh")
    (proj / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    bin_dir = proj / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    fake = bin_dir / "python"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-c" ]; then exit 1; fi\n'  # "is claimledger installed?" no: so setup installs
        "echo 'Successfully installed claimledger'\n"
        "echo \"WARNING: Running pip as the 'root' user can result in broken permissions\" >&2\n"
        f"exit {pip_exit}\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return proj


def test_setup_keeps_pip_s_output_out_of_the_terminal(tmp_path: Path) -> None:
    proj = _fake_project(tmp_path, 0)
    done = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=proj, capture_output=True, text=True, timeout=60, env={**os.environ}
    )
    assert done.returncode == 0
    assert done.stdout == "" and done.stderr == ""
    log = (proj / ".venv" / "setup.log").read_text()
    assert "WARNING: Running pip as the 'root' user" in log and "Successfully installed" in log


def test_setup_failure_is_one_line_naming_the_log(tmp_path: Path) -> None:
    proj = _fake_project(tmp_path, 1)
    done = subprocess.run(["bash", "scripts/setup.sh"], cwd=proj, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert re.fullmatch(r"setup: pip install failed; see \S+/\.venv/setup\.log\n", done.stderr), done.stderr


def test_demo_script_prints_no_pip_lines() -> None:
    """scripts/demo.sh runs setup first; with the venv ready it prints only the project's lines."""
    text = (ROOT / "scripts" / "demo.sh").read_text()
    assert "bash scripts/setup.sh" in text
    setup = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert setup.returncode == 0 and setup.stdout == "" and setup.stderr == ""


def test_batch_input_format_reads_files_whatever_their_name(tmp_path: Path) -> None:
    feed = tmp_path / "feed.txt"
    feed.write_text('{"text": "The Harbour Guild said 300 families had left Kessar."}\n')
    with pytest.raises(Exception, match="is not JSONL or WARC by its name"):
        list_inputs([str(feed)])
    (found,) = list_inputs([str(feed)], "jsonl")
    assert (found.fmt, found.compression) == ("jsonl", None)

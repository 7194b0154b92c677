"""`claimledger demo` end to end on a fresh directory, and the conflicts/reconcile commands on its ledger.

Asserts only on flags planted in the corpus whose claims are plainly worded
("X said N people have been killed in P since D"), so a better extractor
keeps these passing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    cwd = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("CLAIMLEDGER_DB", None)
    cmd = [sys.executable, "-m", "claimledger.cli", "demo"]
    first = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    return cwd / "demo.db", again.stdout


def _flags(db: Path, kind: str) -> list[set[str]]:
    """For each flag of ``kind``: the set of 'source|figure' of its claims ('' source = own voice)."""
    conn = sqlite3.connect(db)
    out: dict[int, set[str]] = {}
    for fid, src, text in conn.execute(
        """SELECT f.id, coalesce(s.name, c.source, ''), c.text FROM flags f
           JOIN flag_claims fc ON fc.flag_id = f.id JOIN claims c ON c.id = fc.claim_id
           LEFT JOIN sources s ON s.id = c.source_id WHERE f.kind = ?""",
        (kind,),
    ):
        out.setdefault(fid, set()).add(f"{src}|{text}")
    return list(out.values())


def _has(flags: list[set[str]], *parts: str) -> bool:
    """Some flag whose claims match every 'source words|figure' part (source matched by substring)."""
    def match(claim: str, part: str) -> bool:
        want_src, want_fig = part.split("|")
        src, fig = claim.split("|")
        return want_src.lower() in src.lower() and fig == want_fig
    return any(all(any(match(c, p) for c in f) for p in parts) for f in flags)


def test_demo_builds_the_ledger_where_it_says(demo: tuple[Path, str]) -> None:
    db, out = demo
    assert db.exists()
    flat = _flat(out)
    assert f"Ledger written to {db.resolve()}" in flat
    assert "Summary: 20 documents," in flat
    assert "every figure below is somebody's claim, not a fact" in flat


def test_the_readme_shows_the_summary_the_demo_prints(demo: tuple[Path, str]) -> None:
    """The README's excerpt of the main job must stay true as the rules change."""
    summary = re.search(r"Summary: [^\n]*?unattributed\.", _flat(out := demo[1]))
    assert summary, out
    for doc in ("README.md", "docs/reconcile.md"):
        text = " ".join((Path(__file__).parents[1] / doc).read_text(encoding="utf-8").split())
        assert summary.group() in text, f"{doc} does not show the demo's summary: {summary.group()}"


@pytest.mark.parametrize(
    ("kind", "parts"),
    [
        ("contradiction", ("Druskan Defence|100", "Ministry of Health|1,240")),
        ("contradiction", ("Ashen Banner|37", "Interior Ministry|52")),
        ("contradiction", ("Druskan Defence|40", "Air Force|64")),
        ("contradiction", ("Lorne Institute|3,000 and 4,000", "Druskan Defence|12,000")),
        # the mayor, Jonah Harrick, speaks for the city: "Port Aubry's mayor, Jonah Harrick"
        ("contradiction", ("Displacement Office|48,000", "Port Aubry city administration|60,000")),
        ("regression", ("Displacement Office|48,000", "Displacement Office|41,000")),
        ("drift", ("Ministry of Health|1,240", "|1,380")),
        ("unattributed", ("|14",)),
    ],
)
def test_planted_flags(demo: tuple[Path, str], kind: str, parts: tuple[str, ...]) -> None:
    assert _has(_flags(demo[0], kind), *parts), _flags(demo[0], kind)


def test_report_quotes_claims_as_attributed(demo: tuple[Path, str]) -> None:
    flat = _flat(demo[1])
    assert "CONTRADICTION" in flat and "REGRESSION" in flat and "DRIFT" in flat
    assert "Kelmorian Air Force says “64”" in flat
    assert "Druskan Defence Ministry says “40”" in flat
    assert "“The Kelmorian Air Force said Druskan forces launched 64 drones overnight" in flat
    assert "International Displacement Office's running total went down" in flat
    assert "attributes 1,240 to Kelmoria's Ministry of Health" in flat
    assert "unattributed: the article (Meridian Post) says “At least 14”" in flat


def test_corroboration_grade(demo: tuple[Path, str]) -> None:
    conn = sqlite3.connect(demo[0])
    grades = conn.execute(
        """SELECT g.grade FROM claims c JOIN claim_grades g ON g.claim_id = c.id
           WHERE c.text = '38' AND c.event = 'injured'"""
    ).fetchall()
    assert grades and {g for (g,) in grades} == {"corroborated"}


def test_conflicts_formats_and_filters(demo: tuple[Path, str]) -> None:
    db = str(demo[0])
    runner = CliRunner()
    res = runner.invoke(main, ["conflicts", "--db", db, "--format", "json", "--kind", "contradiction"])
    assert res.exit_code == 0, res.output
    items = json.loads(res.output)
    assert items and {i["kind"] for i in items} == {"contradiction"}
    assert all(c["says"] for i in items for c in i["claims"])
    res = runner.invoke(main, ["conflicts", "--db", db, "--format", "csv", "--measure", "held captive"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert rows and all("held captive" in r["measure"] for r in rows)
    assert {"says", "sentence", "outlet", "date", "hedge"} <= set(rows[0])
    res = runner.invoke(main, ["conflicts", "--db", db, "--kind", "regression"])
    assert res.exit_code == 0 and "REGRESSION" in res.output and "CONTRADICTION" not in res.output


def test_reconcile_command_and_missing_ledger(demo: tuple[Path, str], tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["reconcile", "--db", str(demo[0])])
    assert res.exit_code == 0 and "reconciled" in res.output and "contradiction" in res.output
    res = runner.invoke(main, ["conflicts", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no ledger here yet" in res.output


GENERIC = {
    "About", "Among", "Analysis", "Defence", "Every", "Families", "February", "Force", "Free", "Friday",
    "Group", "Health", "Institute", "Interior", "January", "March", "Ministry", "Monday", "Monitoring",
    "News", "Office", "Regional", "Security", "Society", "Studies", "Sunday", "Thursday", "Today",
    "Tuesday", "Wednesday", "Saturday", "April", "Service", "Press", "National", "Human", "Rights",
    "Agency", "Council",
}


def test_corpus_invents_its_own_world() -> None:
    """No place, party, person or outlet of the development articles appears in the demo corpus."""
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "docs"
    if not dev.is_dir():
        pytest.skip("shared/eval/dev is not beside the repository")
    names = set()
    for p in dev.glob("*.txt"):
        names |= set(re.findall(r"\b[A-Z][a-z]{3,}\b", p.read_text(encoding="utf-8")))
    corpus = resources.files("claimledger.data").joinpath("demo/articles.jsonl").read_text(encoding="utf-8")
    assert set(re.findall(r"\b[A-Z][a-z]{3,}\b", corpus)) & names <= GENERIC

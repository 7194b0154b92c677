"""`claimledger eval` scores exactly like the project's score.py, in-process.

The scorer is checked three ways: on hand-made predictions with known counts,
against score.py itself on the same predictions (when the shared folder is
beside the repo), and end to end through the CLI on a tiny gold set in
tests/data/eval (written for this project: invented places and parties).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimledger.errors import InputError
from claimledger.evaluate import EvalResult, evaluate, load_gold, norm, score_document

DATA = Path(__file__).parent / "data" / "eval"
GOLD = DATA / "gold.json"
DOCS = DATA / "docs"
SCORE_PY = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py",
            Path("/work/shared/eval/score.py"),
        )
        if p.exists()
    ),
    None,
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimledger.cli", *args], capture_output=True, text=True, timeout=600
    )


def _perfect(text: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predictions that agree with every core gold claim."""
    out = []
    for c in claims:
        if c["scope"] != "core":
            continue
        at = text.index(c["context"]) + c["context"].index(c["figure"])
        src = c["sources"][0] if c["sources"] else None
        out.append(
            {
                "span": [at, at + len(c["figure"])],
                "low": c["low"],
                "high": c["high"],
                "event": c["event"],
                "source": src,
            }
        )
    return out


def test_perfect_predictions_score_one() -> None:
    gold = load_gold(GOLD)
    texts = {d: (DOCS / f"{d}.txt").read_text(encoding="utf-8") for d in gold["docs"]}
    result = evaluate(
        gold,
        DOCS,
        lambda text, pub: _perfect(
            text, next(g["claims"] for d, g in gold["docs"].items() if texts[d] == text)
        ),
    )
    assert (result.tp, result.fp, result.fn) == (8, 0, 0)
    assert result.summary() == "f1=1.000 value=1.000 event=1.000 source=1.000"
    assert result.below(f1=1.0, value=1.0, event=1.0, source=1.0) == []


def test_counts_false_positives_misses_and_mislabels() -> None:
    text = "Officials said 12 died and 30 were hurt in Osk; 4 buses burned."
    gold: list[dict[str, Any]] = [
        {
            "context": "12 died",
            "figure": "12",
            "low": 12,
            "high": 12,
            "hedge": "exact",
            "unit": "count",
            "event": "killed",
            "sources": ["Officials"],
            "scope": "core",
        },
        {
            "context": "30 were hurt",
            "figure": "30",
            "low": 30,
            "high": 30,
            "hedge": "exact",
            "unit": "count",
            "event": "injured",
            "sources": ["Officials"],
            "scope": "core",
        },
        {"context": "4 buses", "figure": "4", "scope": "optional"},
    ]
    preds: list[dict[str, Any]] = [
        {"span": [15, 17], "low": 12, "high": 12, "event": "killed", "source": "the officials"},  # right
        {"span": [48, 49], "low": 4, "high": 4, "event": "destroyed", "source": None},  # optional: ignored
        {"span": [0, 9], "low": 1, "high": 1, "event": "other", "source": None},  # matches nothing
        {"span": None},  # no span: a false positive
    ]
    r = score_document("d", text, gold, preds)
    assert (r.tp, r.fp, r.fn, r.value_ok, r.event_ok, r.source_ok) == (1, 2, 1, 1, 1, 1)
    assert any(n.startswith("  FN d '30 were hurt'") for n in r.notes)
    wrong = score_document(
        "d",
        text,
        gold[:1],
        [{"span": [15, 17], "low": 13, "high": 13, "event": "injured", "source": "Osk police"}],
    )
    assert (wrong.value_ok, wrong.event_ok, wrong.source_ok) == (0, 0, 0)
    assert "MISLABEL" in wrong.notes[0]


def test_vague_values_fall_in_the_gold_range_and_sources_normalise() -> None:
    text = "Hundreds fled, the Valley Network said."
    gold: list[dict[str, Any]] = [
        {
            "context": "Hundreds fled",
            "figure": "Hundreds",
            "low": 200,
            "high": 999,
            "hedge": "vague",
            "unit": "count",
            "event": "displaced",
            "sources": ["Valley Network"],
            "scope": "core",
        }
    ]
    r = score_document(
        "d",
        text,
        gold,
        [{"span": [0, 8], "low": 200, "high": 999, "event": "displaced", "source": "the Valley Network’s"}],
    )
    assert (r.value_ok, r.event_ok, r.source_ok) == (1, 1, 1)
    assert norm("The  Valley-Network!") == "valley network"


def test_result_arithmetic_matches_score_py_formulas() -> None:
    r = EvalResult(tp=6, fp=3, fn=2, value_ok=4, event_ok=0, source_ok=0)
    assert f"{r.precision:.3f} {r.recall:.3f} {r.f1:.3f}" == "0.667 0.750 0.706"
    assert r.below(f1=0.8, value=0.5) == ["f1"]
    assert EvalResult(0, 0, 0, 0, 0, 0).summary() == "f1=0.000 value=0.000 event=0.000 source=0.000"


def test_cli_prints_score_py_lines_and_gates_on_minimums() -> None:
    r = cli("eval", str(GOLD), "--docs", str(DOCS))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("claims: tp=") and lines[1].startswith("of matched: value=")
    assert lines[-1].startswith("f1=") and " value=" in lines[-1] and " source=" in lines[-1]
    gated = cli("eval", str(GOLD), "--docs", str(DOCS), "--min-f1", "1.01", "--min-source", "1.01")
    assert gated.returncode == 1
    assert gated.stdout.splitlines()[-1].endswith("below: f1,source")


@pytest.mark.skipif(SCORE_PY is None, reason="shared/eval/score.py is not beside the repo")
def test_cli_agrees_with_score_py_line_for_line() -> None:
    ours = cli("eval", str(GOLD), "--docs", str(DOCS), "--verbose")
    cmd = f"{sys.executable} -m claimledger.cli extract {{path}} --format jsonl {{published_opt}}"
    theirs = subprocess.run(
        [sys.executable, str(SCORE_PY), "--cmd", cmd, "--gold", str(GOLD), "--docs", str(DOCS), "--verbose"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert theirs.returncode == 0, theirs.stdout + theirs.stderr
    assert ours.stdout == theirs.stdout


def test_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text(
        json.dumps({"docs": {"x": {"claims": [{"context": "a", "figure": "a", "scope": "core"}]}}})
    )
    with pytest.raises(InputError, match="lacks low, high, hedge, unit, event, sources"):
        load_gold(bad)
    bad.write_text("{not json")
    r = cli("eval", str(bad), "--docs", str(tmp_path))
    assert (
        r.returncode == 1 and "gold.json: is not a JSON gold file" in r.stderr and "Traceback" not in r.stderr
    )
    twice = tmp_path / "g2.json"
    (tmp_path / "d.txt").write_text("5 dead. 5 dead.")
    twice.write_text(
        json.dumps({"docs": {"d": {"claims": [{"context": "5 dead", "figure": "5", "scope": "optional"}]}}})
    )
    r = cli("eval", str(twice), "--docs", str(tmp_path))
    assert r.returncode == 1 and "occurs 2 times" in r.stderr

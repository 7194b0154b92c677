"""The aliases choice lives in the ledger: `add --aliases FILE` records it and every later
command (re-dating, reconcile, review, merges) uses it without the option or the variable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.ledger import open_ledger
from claimledger.ledger.aliases import recorded_aliases
from claimledger.ledger.measures import SubjectVocab
from claimledger.ledger.reconcile_state import is_stale, mark_reconciled
from claimledger.ledger.sources import SourceVocab
from claimledger.serve.review import apply_review
from ledger_util import doc, make_claim, run_cli

STORY = "Tolmar officials said 30 shepherds were killed in Tolmar on Monday.\n"


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "story.txt").write_text(STORY)
    (tmp_path / "story.json").write_text(json.dumps({"published": "2033-03-02", "outlet": "Harbour Wire"}))
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"subjects": {"shepherds": "soldiers"},
                                   "sources": {"the Tolmar desk": "Tolmar officials"}}))
    return aliases


def _measures(tmp_path: Path) -> list[str]:
    out = run_cli("claims", "--db", "l.db", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    return [c["measure"] for c in json.loads(out.stdout)]


def test_later_commands_use_the_aliases_add_was_given(tmp_path: Path) -> None:
    aliases = _corpus(tmp_path)
    added = run_cli("add", "story.txt", "--aliases", str(aliases), "--db", "l.db", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert _measures(tmp_path) == ["soldiers killed in Tolmar in one incident on 2033-02-28"]
    doc_id = json.loads(run_cli("claims", "--db", "l.db", "--format", "json", cwd=tmp_path).stdout)[0][
        "document_id"]
    # Re-dating recomputes the claim's measure: without --aliases and without $CLAIMLEDGER_ALIASES
    # (run_cli clears it), the shepherds must still count as the ledger's soldiers.
    changed = run_cli("documents", "set", doc_id, "--published", "2033-03-05", "--db", "l.db", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert _measures(tmp_path) == ["soldiers killed in Tolmar in one incident on 2033-02-28"]
    # ... and a variable naming another file does not override what the ledger recorded
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"subjects": {"shepherds": "civilians"}}))
    again = run_cli("documents", "set", doc_id, "--published", "2033-03-06", "--db", "l.db", cwd=tmp_path,
                    env={"CLAIMLEDGER_ALIASES": str(other)})
    assert again.returncode == 0, again.stderr
    assert _measures(tmp_path) == ["soldiers killed in Tolmar in one incident on 2033-02-28"]


def test_add_records_the_file_from_the_variable_too(tmp_path: Path) -> None:
    aliases = _corpus(tmp_path)
    added = run_cli("add", "story.txt", "--db", "l.db", cwd=tmp_path,
                    env={"CLAIMLEDGER_ALIASES": str(aliases)})
    assert added.returncode == 0, added.stderr
    with open_ledger(tmp_path / "l.db") as led:
        assert recorded_aliases(led.conn) == {"sources": {"the Tolmar desk": "Tolmar officials"},
                                              "subjects": {"shepherds": "soldiers"}}


def test_the_choice_is_recorded_once_and_a_new_one_marks_reconcile_stale(tmp_path: Path) -> None:
    aliases = _corpus(tmp_path)
    with open_ledger(tmp_path / "l.db", aliases=str(aliases)) as led:
        mark_reconciled(led.conn)
    with open_ledger(tmp_path / "l.db", aliases=str(aliases)) as led:  # the same file again: no write
        assert not is_stale(led.conn)
    aliases.write_text(json.dumps({"subjects": {"shepherds": "civilians"}}))
    with open_ledger(tmp_path / "l.db", aliases=str(aliases)) as led:
        assert is_stale(led.conn)
        assert recorded_aliases(led.conn) == {"sources": {}, "subjects": {"shepherds": "civilians"}}


def test_a_ledger_that_recorded_nothing_falls_back_to_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aliases = _corpus(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_ALIASES", str(aliases))
    with open_ledger(tmp_path / "l.db") as led:
        assert recorded_aliases(led.conn) is None
        assert SubjectVocab.for_ledger(led.conn).user == {"shepherds": "soldiers"}


def test_a_review_uses_the_recorded_aliases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMLEDGER_ALIASES", raising=False)
    aliases = _corpus(tmp_path)
    text = "Tolmar officials said 30 people were killed in Tolmar since March 1."
    with open_ledger(tmp_path / "l.db", aliases=str(aliases)) as led:
        led.add(doc(text), claims=[make_claim(text, "30", source="Tolmar officials", subject="people",
                                              place="Tolmar", period_start="2033-03-01")])
    with open_ledger(tmp_path / "l.db") as led:  # as serve opens it: no aliases named
        assert SourceVocab.for_ledger(led.conn).aliases["tolmar desk"] == "Tolmar officials"
        cid, source_id = led.conn.execute("SELECT id, source_id FROM claims").fetchone()
        apply_review(led.conn, cid, "correct", reviewer="desk",
                     changes={"subject": "shepherds", "source": "the Tolmar desk"})
        measure, new_source = led.conn.execute(
            "SELECT m.label, c.source_id FROM claims c JOIN measures m ON m.id = c.measure_id").fetchone()
    assert measure.startswith("soldiers killed in Tolmar")
    assert new_source == source_id  # the user's alias names the same party

"""Article metadata end to end: options, sidecars, what the text says, re-adding, `documents set`.

Every test runs the real `claimledger` command on a temp dir and reads the real SQLite file.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimledger.docmeta import headline, read_text_metadata
from claimledger.ledger import open_ledger
from claimledger.ledger.migrations import bundled_migrations, migrate
from ledger_util import run_cli

# Written for these tests: an invented port, invented outlets and people.
HEADED = """Shelling empties Kessar harbour

By Mara Quint
date 2031-03-12

KESSAR, Norland, March 12 (Coastline Radio) - The Norland Health Office said on Monday that 120 people \
had been killed in Kessar since March 1.

The Harbour Guild said 300 families had been displaced from Kessar.
"""
PLAIN = (
    "The Norland Health Office said on Monday that 120 people had been killed in Kessar since March 1.\n\n"
    "The Harbour Guild said 300 families had been displaced from Kessar.\n"
)
DATELINE = (
    "ELZANOR (Radio Elzan) - The Elzan Relief Council said 40 people were injured in Elzanor on Tuesday.\n"
)


def _doc(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM documents")]
    assert len(rows) == 1
    row = rows[0]
    row["metadata_origin"] = json.loads(row["metadata_origin"] or "{}")
    return row


def _claims(db: Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["text"]: dict(r) for r in conn.execute("SELECT * FROM claims")}


def _reviews(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM reviews ORDER BY id")]


def _ok(*args: str, cwd: Path, stdin: str | None = None) -> str:
    done = run_cli(*args, cwd=cwd, stdin=stdin, env={"CLAIMLEDGER_REVIEWER": "desk-a"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_add_txt_with_options_stores_them_as_given_and_dates_the_claims(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(PLAIN, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok(
        "add",
        "story.txt",
        "--db",
        str(db),
        "--published",
        "2031-03-12",
        "--outlet",
        "Coastline Radio",
        "--title",
        "Kessar toll rises",
        "--url",
        "https://example.invalid/kessar",
        cwd=tmp_path,
    )
    d = _doc(db)
    assert (d["title"], d["published"], d["outlet"], d["url"]) == (
        "Kessar toll rises",
        "2031-03-12",
        "Coastline Radio",
        "https://example.invalid/kessar",
    )
    assert {k: v["from"] for k, v in d["metadata_origin"].items()} == {
        "title": "given",
        "published": "given",
        "outlet": "given",
        "url": "given",
    }
    killed = _claims(db)["120"]
    assert (killed["as_of"], killed["period_start"]) == (
        "2031-03-10",
        "2031-03-01",
    )  # "on Monday", "since March 1"


def test_stdin_takes_the_same_options(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    _ok(
        "add",
        "-",
        "--db",
        str(db),
        "--published",
        "2031-03-12",
        "--outlet",
        "Coastline Radio",
        cwd=tmp_path,
        stdin=PLAIN,
    )
    d = _doc(db)
    assert (d["format"], d["published"], d["outlet"]) == ("stdin", "2031-03-12", "Coastline Radio")
    assert _claims(db)["120"]["as_of"] == "2031-03-10"


def test_headline_date_line_byline_and_dateline_are_read_from_the_text_with_their_spans(
    tmp_path: Path,
) -> None:
    (tmp_path / "story.txt").write_text(HEADED, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok("add", "story.txt", "--db", str(db), cwd=tmp_path)
    d = _doc(db)
    assert (d["title"], d["published"], d["outlet"], d["byline"], d["dateline"]) == (
        "Shelling empties Kessar harbour",
        "2031-03-12",
        "Coastline Radio",
        "Mara Quint",
        "KESSAR, Norland",
    )
    origin = d["metadata_origin"]
    assert {k: (v["from"], v["rule"]) for k, v in origin.items()} == {
        "title": ("text", "headline"),
        "published": ("text", "date line"),
        "byline": ("text", "byline"),
        "dateline": ("text", "dateline"),
        "outlet": ("text", "dateline"),
    }
    for field, words in (
        ("title", "Shelling empties Kessar harbour"),
        ("published", "2031-03-12"),
        ("byline", "Mara Quint"),
        ("dateline", "KESSAR, Norland"),
        ("outlet", "Coastline Radio"),
    ):
        a, b = origin[field]["span"]
        assert d["text"][a:b] == words
    assert _claims(db)["120"]["as_of"] == "2031-03-10"  # the date line dated the claims
    shown = _ok("documents", "show", d["id"][:10], "--db", str(db), cwd=tmp_path)
    assert "[text, date line, text[" in shown and "'Mara Quint'" in shown


def test_given_options_beat_what_the_text_says(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(HEADED, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok(
        "add",
        "story.txt",
        "--db",
        str(db),
        "--published",
        "2031-03-20",
        "--title",
        "Kessar: the toll",
        cwd=tmp_path,
    )
    d = _doc(db)
    assert (d["title"], d["published"]) == ("Kessar: the toll", "2031-03-20")
    assert d["metadata_origin"]["published"] == {"from": "given"}
    assert d["metadata_origin"]["outlet"]["from"] == "text"


def test_a_dateline_without_a_headline(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(DATELINE, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok("add", "b.txt", "--db", str(db), cwd=tmp_path)
    d = _doc(db)
    assert (d["title"], d["outlet"], d["dateline"]) == (None, "Radio Elzan", "ELZANOR")


def test_folder_with_sidecars(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(PLAIN, encoding="utf-8")
    (corpus / "story.json").write_text(
        json.dumps(
            {
                "published": "12 March 2031",
                "outlet": "Coastline Radio",
                "url": "https://example.invalid/k",
                "byline": "Mara Quint",
            }
        )
    )
    db = tmp_path / "l.db"
    out = _ok("add", "corpus", "--db", str(db), "--outlet", "Run-wide Wire", cwd=tmp_path)
    assert "documents: 1 new" in out  # the sidecar is not read as an article
    d = _doc(db)
    assert (d["published"], d["outlet"], d["url"], d["byline"]) == (
        "2031-03-12",
        "Coastline Radio",
        "https://example.invalid/k",
        "Mara Quint",
    )
    assert d["metadata_origin"]["outlet"] == {"from": "sidecar", "detail": str(Path("corpus") / "story.json")}
    assert _claims(db)["120"]["as_of"] == "2031-03-10"


def test_a_bad_sidecar_names_itself_and_the_others_still_go_in(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PLAIN, encoding="utf-8")
    (corpus / "a.json").write_text('{"publisher": "Coastline Radio"}')
    (corpus / "b.txt").write_text(DATELINE, encoding="utf-8")
    db = tmp_path / "l.db"
    done = run_cli("add", "corpus", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1
    assert "a.json: sidecar has an unknown field 'publisher'" in done.stderr
    assert "documents: 1 new, 0 already present, 1 failed" in done.stdout


def test_re_adding_with_new_metadata_updates_audits_and_re_dates(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(PLAIN, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok("add", "story.txt", "--db", str(db), cwd=tmp_path)
    assert _claims(db)["120"]["as_of"] is None and _doc(db)["published"] is None
    out = _ok("add", "story.txt", "--db", str(db), "--published", "2031-03-12", cwd=tmp_path)
    assert (
        "story.txt: already present; metadata updated: published (none) -> '2031-03-12'; 1 claim re-dated"
        in out
    )
    assert "documents: 0 new, 1 already present (1 with metadata updated), 0 failed" in out
    assert "reconciliation refreshed" in out
    killed = _claims(db)["120"]
    assert (killed["as_of"], killed["period_start"], killed["time_text"]) == (
        "2031-03-10",
        "2031-03-01",
        "on Monday",
    )
    machine = json.loads(killed["machine"])
    assert machine["as_of"] == "2031-03-10"  # the machine's record follows, in its time fields
    with sqlite3.connect(db) as conn:  # the new period moved the claim to its measure
        label = conn.execute("SELECT label FROM measures WHERE id = ?", (killed["measure_id"],)).fetchone()[0]
    assert "2031-03-01" in label
    fresh = tmp_path / "fresh.db"  # re-dating ends where adding with the date from the start does
    _ok("add", "story.txt", "--db", str(fresh), "--published", "2031-03-12", cwd=tmp_path)
    for figure, claim in _claims(fresh).items():
        for col in ("as_of", "period_start", "time_text", "time_start", "time_end", "measure_id"):
            assert _claims(db)[figure][col] == claim[col], (figure, col)
    (audit,) = _reviews(db)
    assert (audit["action"], audit["claim_id"], audit["reviewer"]) == ("set_metadata", None, "desk-a")
    assert audit["document"] == _doc(db)["id"]
    assert json.loads(audit["before"]) == {"published": None}
    assert json.loads(audit["after"]) == {"published": "2031-03-12", "claims re-dated": 1}
    assert audit["note"] == "re-added from story.txt"
    again = _ok("add", "story.txt", "--db", str(db), "--published", "2031-03-12", cwd=tmp_path)
    assert "documents: 0 new, 1 already present, 0 failed" in again and "metadata updated" not in again
    assert len(_reviews(db)) == 1


def test_documents_set_by_prefix_is_audited_re_dates_and_reconciles(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(PLAIN, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok("add", "story.txt", "--db", str(db), "--published", "2031-03-12", cwd=tmp_path)
    did = _doc(db)["id"]
    out = _ok(
        "documents",
        "set",
        did[:8],
        "--published",
        "2031-04-20",
        "--outlet",
        "Coastline Radio",
        "--note",
        "date from the wire",
        "--db",
        str(db),
        cwd=tmp_path,
    )
    assert "published '2031-03-12' -> '2031-04-20'" in out and "1 claim re-dated" in out
    assert "reconciliation refreshed" in out
    assert _claims(db)["120"]["as_of"] == "2031-04-14"
    d = _doc(db)
    assert d["metadata_origin"]["published"] == {"from": "set", "detail": "desk-a"}
    (audit,) = _reviews(db)
    assert audit["note"] == "date from the wire"
    assert json.loads(audit["before"]) == {"published": "2031-03-12", "outlet": None}
    cleared = _ok(
        "documents", "set", did[:8], "--outlet", "", "--no-reconcile", "--db", str(db), cwd=tmp_path
    )
    assert "outlet 'Coastline Radio' -> (none)" in cleared and "claimledger reconcile" in cleared
    assert _doc(db)["outlet"] is None
    same = _ok("documents", "set", did[:8], "--published", "2031-04-20", "--db", str(db), cwd=tmp_path)
    assert "nothing changed" in same and len(_reviews(db)) == 2


def test_a_person_s_fix_survives_re_adding_the_corpus_but_not_an_option(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(PLAIN, encoding="utf-8")
    (corpus / "story.json").write_text('{"published": "2031-03-12"}')
    db = tmp_path / "l.db"
    _ok("add", "corpus", "--db", str(db), cwd=tmp_path)
    did = _doc(db)["id"]
    _ok("documents", "set", did, "--published", "2031-03-13", "--db", str(db), cwd=tmp_path)
    out = _ok("add", "corpus", "--db", str(db), cwd=tmp_path)
    assert "metadata updated" not in out and _doc(db)["published"] == "2031-03-13"
    (corpus / "story.json").unlink()  # (with the sidecar there, the sidecar's date would win over an option)
    _ok("add", "corpus/story.txt", "--published", "2031-03-14", "--db", str(db), cwd=tmp_path)
    assert _doc(db)["published"] == "2031-03-14"


def test_a_reviewer_s_date_is_kept_when_the_document_is_re_dated(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(PLAIN, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok("add", "story.txt", "--db", str(db), "--published", "2031-03-12", cwd=tmp_path)
    with open_ledger(db) as led:
        from claimledger.serve.review import apply_review

        cid = str(led.conn.execute("SELECT id FROM claims WHERE text = '120'").fetchone()[0])
        apply_review(led.conn, cid, "correct", reviewer="desk-b", changes={"as_of": "2031-03-11"})
    _ok("documents", "set", _doc(db)["id"], "--published", "2031-04-20", "--db", str(db), cwd=tmp_path)
    killed = _claims(db)["120"]
    assert killed["as_of"] == "2031-03-11"  # the reviewer's
    assert killed["period_start"] == "2031-03-01"
    assert json.loads(killed["machine"])["as_of"] == "2031-04-14"  # what the extractor says for the new date


def test_unknown_and_ambiguous_document_prefixes_are_clear_errors(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    for i in range(40):  # enough documents that some share a first hex character
        (tmp_path / f"s{i}.txt").write_text(f"The Harbour Guild said {i + 3} families had left Kessar.\n")
    _ok("add", str(tmp_path), "--db", str(db), "--no-reconcile", cwd=tmp_path)
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    shared = next(a[0] for a, b in itertools.pairwise(ids) if a[0] == b[0])
    done = run_cli("documents", "set", shared, "--title", "x", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1 and f"ambiguous, several document ids start with '{shared}'" in done.stderr
    done = run_cli("documents", "set", "zzzz", "--title", "x", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1 and "no document id starts with 'zzzz'" in done.stderr
    done = run_cli("claims", "--document", shared, "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1 and "--document" in done.stderr and "ambiguous" in done.stderr


def test_extract_uses_the_same_date_precedence(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(HEADED, encoding="utf-8")  # a date line in the text
    (tmp_path / "b.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "b.json").write_text('{"published": "2031-04-20"}')  # a sidecar
    rows = [json.loads(line) for line in _ok("extract", "a.txt", "b.txt", cwd=tmp_path).splitlines()]
    as_of = {(r["path"], r["text"]): r["as_of"] for r in rows}
    assert as_of[("a.txt", "120")] == "2031-03-10" and as_of[("b.txt", "120")] == "2031-04-14"
    given = [
        json.loads(line)
        for line in _ok("extract", "b.txt", "--published", "2031-03-12", cwd=tmp_path).splitlines()
    ]
    assert given[0]["as_of"] == "2031-04-14"  # the article's own (sidecar) date wins over the option


def test_add_format_is_the_deprecated_spelling_of_input_format(tmp_path: Path) -> None:
    (tmp_path / "page.bin").write_text(PLAIN, encoding="utf-8")
    db = tmp_path / "l.db"
    done = run_cli("add", "page.bin", "--format", "txt", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0 and "deprecated" in done.stderr and "--input-format" in done.stderr
    done = run_cli(
        "add", "page.bin", "--format", "txt", "--input-format", "html", "--db", str(db), cwd=tmp_path
    )
    assert done.returncode == 2 and "give only --input-format" in done.stderr
    assert _ok("add", "page.bin", "--input-format", "txt", "--db", str(db), cwd=tmp_path).startswith(
        "documents: 0 new, 1 already present"
    )


# ------------------------------------------------------------------ headline rule and migration 0010

HEADLINE_CASES = [
    ("Shelling empties Kessar harbour\n\nBody.", "Shelling empties Kessar harbour"),
    ("Shelling empties Kessar harbour   \r\nBody.", "Shelling empties Kessar harbour"),
    ("How many fled Kessar? Estimates differ\nBody.", "How many fled Kessar? Estimates differ"),
    ("The ministry said 12 people died.\nMore.", None),  # a sentence
    ("Kessar toll:\nBody.", None),
    ("ELZANOR (Radio Elzan) -\nBody.", None),  # a dateline alone on its line
    ("date 2031-03-12\nBody.", None),
    ("Date: 12 March 2031\nBody.", None),
    ("published today in Kessar\nBody.", None),
    ("By Mara Quint\nBody.", None),
    ("Kessar\nBody.", None),  # one word
    (" Indented headline here\nBody.", None),
    ("Only a headline and nothing after\n\n", None),
    ("One line without a break", None),
    ("A" + " b" * 120 + "\nBody.", None),  # longer than 200 characters
]


@pytest.mark.parametrize(("text", "title"), HEADLINE_CASES)
def test_the_headline_rule_and_its_sql_backfill_agree(tmp_path: Path, text: str, title: str | None) -> None:
    """Migration 0010 titles documents stored before it with the same rule docmeta applies at add."""
    found = headline(text)
    assert (found.value if found else None) == title
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    before = [m for m in bundled_migrations() if m.name < "0010"]
    migrate(conn, before)
    conn.execute("INSERT INTO documents (id, text, rules, added_at) VALUES ('d1', ?, 'r', 'now')", (text,))
    migrate(conn)
    stored, origin = conn.execute("SELECT title, metadata_origin FROM documents").fetchone()
    assert stored == title
    if title is not None:
        assert json.loads(origin) == {"title": {"from": "text", "rule": "headline", "span": [0, len(title)]}}
    conn.close()


def test_migration_0010_keeps_every_review_and_shows_document_actions_in_the_audit_log(
    tmp_path: Path,
) -> None:
    from claimledger.serve.queries import audit_page

    (tmp_path / "story.txt").write_text(PLAIN, encoding="utf-8")
    db = tmp_path / "l.db"
    _ok("add", "story.txt", "--db", str(db), cwd=tmp_path)
    _ok("documents", "set", _doc(db)["id"], "--title", "Kessar toll rises", "--db", str(db), cwd=tmp_path)
    with open_ledger(db) as led:
        log = audit_page(led.conn)["reviews"]
    (row,) = log
    assert row["document_id"] == _doc(db)["id"] and row["claim_text"] == "document metadata"
    assert row["claim_id"] is None and row["action"] == "set_metadata"


def test_read_text_metadata_ignores_a_body_that_starts_with_by() -> None:
    assert "byline" not in read_text_metadata(
        "Kessar harbour empties\n\nBy Tuesday the toll had risen sharply.\n"
    )


def test_re_adding_an_unchanged_corpus_reads_no_text_and_writes_nothing(tmp_path: Path) -> None:
    from claimledger.ingest import add_paths

    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("".join(json.dumps({
        "text": f"Report {i}. The Tessaly health ministry said {40 + i} people were killed in Orvane.",
        "title": f"Report {i}", "outlet": "Harbourlight News", "published": f"2031-03-{10 + i}",
    }) + "\n" for i in range(3)), encoding="utf-8")
    led = open_ledger(tmp_path / "l.db")
    assert add_paths(led, [str(corpus)]).new == 3
    statements: list[str] = []
    led.conn.set_trace_callback(statements.append)
    again = add_paths(led, [str(corpus)])
    led.conn.set_trace_callback(None)
    assert (again.present, again.updated, again.new) == (3, 0, 0)
    # the stored metadata is compared in one read per document; the text is never fetched
    selects = [s.split(" FROM ")[0] for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert selects and [s for s in selects if re.search(r"\btext\b", s)] == []
    writes = ("INSERT", "UPDATE", "DELETE", "BEGIN")
    assert [s for s in statements if s.lstrip().upper().startswith(writes)] == []
    led.close()

"""The three registries: events (data/events.json), flag kinds (reconcile/flags.py), input formats
(readers/formats.py).

Each is the one place its facts are written: these tests fail when a copy elsewhere (the
``Event`` Literal, the CSS, the docs) disagrees with it, and show that a kind added through a
registry alone (a throwaway flag kind, a throwaway format) reaches the engine, the report, the
CLI and batch planning without touching them.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, get_args

import pytest
from click.testing import CliRunner

from claimledger import derived
from claimledger.batch.plan import input_format, list_inputs, plan_partitions
from claimledger.cli import main
from claimledger.errors import RuleDataError
from claimledger.event_kinds import event_kinds, kinds_from
from claimledger.extract import vocab
from claimledger.ledger.measures import LABELS
from claimledger.model import EVENTS, Document, Event
from claimledger.readers import ReadResult, detect_format, expand_inputs, iter_documents
from claimledger.readers.formats import (
    FORMATS,
    Format,
    batch_formats,
    format_from_suffix,
    input_formats,
    register_format,
    unregister_format,
)
from claimledger.reconcile import ClaimRow, Flag, reconcile_claims
from claimledger.reconcile import engine as engine_module
from claimledger.reconcile.checks import MeasureView, contradictions, timelines, unattributed
from claimledger.reconcile.flags import (
    CLAIM_CHECKS,
    FLAG_KINDS,
    FLAG_REGISTRY,
    KIND_STYLE,
    MEASURE_CHECKS,
    FlagKind,
    register_flag,
    unregister_flag,
)
from claimledger.reconcile.rules import CUMULATIVE_EVENTS, PER_OCCASION_EVENTS

ROOT = Path(__file__).resolve().parents[1]


# --- events -----------------------------------------------------------------------------------


def test_event_literal_is_the_event_table() -> None:
    """model.Event stays a static Literal for mypy; it must name the table's events, in its order."""
    assert list(get_args(Event)) == list(event_kinds()) == list(EVENTS)


def test_labels_and_reconcile_rules_follow_the_table() -> None:
    kinds = event_kinds()
    assert {k.name: (k.label, k.label_unstated) for k in kinds.values()} == LABELS
    assert {k.name for k in kinds.values() if k.counted == "running_total"} == CUMULATIVE_EVENTS
    assert {k.name for k in kinds.values() if k.counted == "per_occasion"} == PER_OCCASION_EVENTS
    # what the table says today (a changed row shows up here and in the docs table)
    running = {"killed", "injured", "captive", "detained", "displaced", "missing", "destroyed"}
    assert running == CUMULATIVE_EVENTS
    assert {"attacks", "other"} == PER_OCCASION_EVENTS


def test_every_event_has_triggers() -> None:
    data = vocab.load("events")
    assert set(data["triggers"]) == set(data["events"])


def _events_data() -> dict[str, Any]:
    return copy.deepcopy(vocab.load("events"))


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["events"]["killed"].pop("colour"), "events/killed"),
        (lambda d: d["events"]["killed"].update(shade="#ffffff"), "events/killed"),
        (lambda d: d["events"]["forces"].update(counted="sometimes"), "events/forces/counted"),
        (lambda d: d["events"]["attacks"].update(colour="red"), "events/attacks/colour"),
        (lambda d: d["events"]["missing"].update(label="missing people"), "events/missing/label"),
        (lambda d: d["events"].update(looted={}), "events"),
        (lambda d: d["events"].pop("captive"), "events"),
    ],
)
def test_a_bad_event_row_is_a_rule_data_error_naming_it(change: Any, where: str) -> None:
    data = _events_data()
    change(data)
    with pytest.raises(RuleDataError, match=f"data/events.json at {where}"):
        vocab.validate("events", data)


def test_noun_class_lists_must_agree_with_the_table() -> None:
    data = _events_data()
    kinds_from(data)  # the shipped file agrees
    data["events"]["missing"]["noun_class"] = "materiel"
    vocab.validate("events", data)  # well-formed, but it contradicts people_events
    with pytest.raises(RuleDataError, match="people_events disagrees with the events table on missing"):
        kinds_from(data)


# --- derived text (CSS, docs) -------------------------------------------------------------------


@pytest.mark.parametrize("rel, name, syntax, make", derived.BLOCKS, ids=[b[1] for b in derived.BLOCKS])
def test_derived_blocks_are_current(rel: str, name: str, syntax: str, make: Any) -> None:
    text = (ROOT / rel).read_text(encoding="utf-8")
    assert derived.block(text, name, syntax) == make(), f"{rel} is stale: run `python -m claimledger.derived`"


def test_the_css_has_a_colour_for_every_event_and_a_mark_for_every_flag() -> None:
    css = (ROOT / "src/claimledger/serve/static/claimledger.css").read_text(encoding="utf-8")
    for k in event_kinds().values():
        assert f".ev-{k.name} {{ background: {k.colour}; }}" in css
    for f in FLAG_REGISTRY:
        assert f'.clm.fl-{f.kind}::after {{ content: "{f.symbol}";' in css
        assert f".badge.fl-{f.kind} {{" in css


def test_rewrite_replaces_only_the_marked_block(tmp_path: Path) -> None:
    start, end = derived._markers("flags", "md")
    text = f"before\n{start}old table\n{end}after\n"
    new = derived.rewrite(text, "flags", "md", derived.flags_table())
    assert new.startswith("before\n") and new.endswith("after\n")
    assert derived.block(new, "flags", "md") == derived.flags_table()
    assert derived.block(text, "flags", "md") == "old table\n"
    with pytest.raises(ValueError, match="no marked block"):
        derived.rewrite("no markers here", "flags", "md", "x")


# --- flag kinds ---------------------------------------------------------------------------------


def test_flag_registry_is_consistent() -> None:
    assert [f.kind for f in FLAG_REGISTRY] == FLAG_KINDS
    assert FLAG_KINDS == ["contradiction", "regression", "drift", "unattributed"]
    assert len(set(FLAG_KINDS)) == len(FLAG_KINDS)
    assert [unattributed] == CLAIM_CHECKS
    assert [contradictions, timelines] == MEASURE_CHECKS  # registry order, each check once
    assert {f.kind: f.style for f in FLAG_REGISTRY} == KIND_STYLE
    for f in FLAG_REGISTRY:
        assert f.symbol and f.tone in derived.TONES and f.about


def _rows() -> list[ClaimRow]:
    """Generated claims with every kind of flag in them (the benchmark's generator, a small run)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_reconcile import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rows: list[ClaimRow] = generate(6_000, seed=3)
    return rows


def test_each_check_raises_only_the_kinds_whose_row_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    raised: dict[str, set[object]] = {}

    def spy_measure(check: Any) -> Any:
        def run(m: MeasureView, flags: list[Flag]) -> None:
            before = len(flags)
            check(m, flags)
            for f in flags[before:]:
                raised.setdefault(f.kind, set()).add(check)
        return run

    def spy_claim(check: Any) -> Any:
        def run(r: ClaimRow) -> Flag | None:
            f: Flag | None = check(r)
            if f is not None:
                raised.setdefault(f.kind, set()).add(check)
            return f
        return run

    monkeypatch.setattr(engine_module, "MEASURE_CHECKS", [spy_measure(c) for c in MEASURE_CHECKS])
    monkeypatch.setattr(engine_module, "CLAIM_CHECKS", [spy_claim(c) for c in CLAIM_CHECKS])
    result = reconcile_claims(_rows())
    assert set(raised) == set(FLAG_KINDS), "the generated rows should raise every kind"
    for f in FLAG_REGISTRY:
        assert raised[f.kind] == {f.check}
    assert {f.kind for f in result.flags} == set(FLAG_KINDS)


def _undated(r: ClaimRow) -> Flag | None:
    """A throwaway per-claim check: a figure nobody dated (no as_of, no publication date)."""
    if r.date is not None:
        return None
    return Flag("undated", r.measure_id, f"undated: {r.party_name} gives no date", (r.id,))


def _same_party_twice(m: MeasureView, flags: list[Flag]) -> None:
    """A throwaway per-measure check: one party gives the measure more than one statement."""
    parties = [s.party for s in m.ordered]
    for party in sorted({p for p in parties if parties.count(p) > 1}):
        ids = tuple(sorted(c for s in m.ordered if s.party == party for c in s.claim_ids))
        flags.append(Flag("repeated", m.id, f"repeated: {party} speaks {parties.count(party)} times", ids))


UNDATED = FlagKind("undated", "bold blue", "∅", "quiet", _undated, True, "a figure with no date at all")
REPEATED = FlagKind("repeated", "bold green", "²", "warn", _same_party_twice, False, "a party, many figures")


@pytest.fixture
def undated_kind() -> Iterator[FlagKind]:
    register_flag(UNDATED)
    try:
        yield UNDATED
    finally:
        unregister_flag("undated")


def test_a_per_measure_flag_kind_added_through_the_registry_runs_after_the_others() -> None:
    rows = _rows()
    before = reconcile_claims(rows)
    register_flag(REPEATED)
    try:
        after = reconcile_claims(rows)
    finally:
        unregister_flag("repeated")
    added = [f for f in after.flags if f.kind == "repeated"]
    assert added and all(f.detail.startswith("repeated: ") for f in added)
    # the built-in flags are unchanged, in the same order; within a measure the new kind comes last
    assert [f for f in after.flags if f.kind != "repeated"] == list(before.flags)
    last_of = {f.measure_id: i for i, f in enumerate(after.flags)}
    assert all(after.flags[last_of[f.measure_id]].kind == "repeated" for f in added)
    assert reconcile_claims(rows) == before  # unregistered: gone again


def test_a_flag_kind_added_through_the_registry_alone_reaches_engine_report_cli_and_css(
    undated_kind: FlagKind, tmp_path: Path
) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Officials in Marrow Vale said 37 people were killed in the flooding.\n", "utf-8")
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    added = runner.invoke(main, ["add", str(article), "--db", db])
    assert added.exit_code == 0, added.output
    with sqlite3.connect(db) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM flags ORDER BY id")]
    assert "undated" in kinds  # the engine ran the registered check and the ledger stored its flag
    shown = runner.invoke(main, ["conflicts", "--db", db, "--kind", "undated", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    items = json.loads(shown.output)
    assert [c["kind"] for c in items] == ["undated"] and "gives no date" in items[0]["detail"]
    summary = runner.invoke(main, ["reconcile", "--db", db])
    assert "undated" in summary.output
    assert ".clm.fl-undated::after" in derived.css() and "| **undated** |" in derived.flags_table()
    # the registry's order (the report's order) puts it after the built-in kinds
    assert FLAG_KINDS[-1] == "undated"
    unregister_flag("undated")
    register_flag(undated_kind)  # the fixture removes it again


def test_a_registered_flag_kind_cannot_take_a_used_name() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_flag(FLAG_REGISTRY[0])


# --- input formats ------------------------------------------------------------------------------


def test_format_registry_is_consistent() -> None:
    for f in FORMATS.values():
        for suffix in f.suffixes:
            assert format_from_suffix("story" + suffix.upper()) == f.name
    assert input_formats() == ("txt", "html", "jsonl", "warc")
    assert batch_formats() == ("jsonl", "warc")
    assert all(FORMATS[n].batch for n in batch_formats())
    assert detect_format("stdin", b"plain words") == "stdin"


def _read_pipe(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[ReadResult]:
    """A throwaway format: 'pipe news', one article per line as `title|published|text`."""
    for n, raw in enumerate(io.TextIOWrapper(stream, encoding=encoding or "utf-8"), 1):
        if not raw.strip() or raw.startswith("title|"):
            continue
        title, published, text = raw.rstrip("\n").split("|", 2)
        doc = Document.from_text(text, title=title, published=published or None)
        yield ReadResult(f"{name}:{n}", "pipenews", doc)


PIPE = Format(
    "pipenews", (".pipenews",), lambda head: head.startswith(b"title|published|text"), _read_pipe,
    splittable=True, batch=True, sniff_about="a `title|published|text` header",
)
LINES = (
    "title|published|text\n"
    "Flooding in Marrow Vale|2033-04-02|Officials in Marrow Vale said 37 people were killed in a flood.\n"
    "Shelling near Pellmar|2033-04-03|The Halvor Army said it had destroyed 7 armoured vehicles there.\n"
)


@pytest.fixture
def pipe_format() -> Iterator[Format]:
    register_format(PIPE)
    try:
        yield PIPE
    finally:
        unregister_format("pipenews")


def test_a_format_added_through_the_registry_alone_reaches_detection_cli_and_batch(
    pipe_format: Format, tmp_path: Path
) -> None:
    feed = tmp_path / "feeds" / "wire.pipenews"
    feed.parent.mkdir()
    feed.write_text(LINES * 40, encoding="utf-8")
    (tmp_path / "feeds" / "README.md").write_text("not an article\n", encoding="utf-8")
    unnamed = tmp_path / "download"
    unnamed.write_text(LINES, encoding="utf-8")

    # detection: by suffix, by content, and folder walking
    assert detect_format(str(feed), b"") == "pipenews"
    assert detect_format(str(unnamed), LINES.encode()[:64]) == "pipenews"
    assert expand_inputs([str(tmp_path / "feeds")]) == [str(feed)]
    assert [r.document.title for r in iter_documents(str(unnamed)) if r.document] == [
        "Flooding in Marrow Vale", "Shelling near Pellmar"]

    # the CLI: extract reads it (by suffix and as --input-format), add stores it
    runner = CliRunner()
    out = runner.invoke(main, ["extract", str(unnamed), "--input-format", "pipenews", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    claims = [json.loads(line) for line in out.output.splitlines()]
    assert [(c["text"], c["event"]) for c in claims] == [("37", "killed"), ("7", "destroyed")]
    assert claims[0]["period_start"] is None and claims[0]["path"].endswith("download:2")
    assert "pipenews" in runner.invoke(main, ["add", "--help"]).output
    db = str(tmp_path / "l.db")
    added = runner.invoke(main, ["add", str(unnamed), "--db", db])
    assert added.exit_code == 0, added.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), min(published) FROM documents").fetchone() == (2, "2033-04-02")

    # batch planning: listed from a folder, split into byte ranges (splittable), compressed read whole
    assert "pipenews" in runner.invoke(main, ["batch", "--help"]).output
    files = list_inputs([str(tmp_path / "feeds")])
    assert [(Path(f.url).name, f.fmt) for f in files] == [("wire.pipenews", "pipenews")]
    parts = plan_partitions(files, 1000)
    assert len(parts) > 1 and parts[-1].end == feed.stat().st_size
    assert input_format("wire.pipenews.gz") == ("pipenews", "gzip")
    packed = tmp_path / "packed.pipenews.gz"
    packed.write_bytes(gzip.compress(LINES.encode()))
    assert len(plan_partitions(list_inputs([str(packed)]), 10)) == 1


def _read_memo(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[ReadResult]:
    """A throwaway one-article format: a whole ``.memo`` file is one article's text."""
    yield ReadResult(name, "memo", Document.from_text(stream.read().decode(encoding or "utf-8")))


@pytest.mark.parametrize("sidecar", [True, False])
def test_add_reads_a_sidecar_only_for_formats_whose_row_says_so(sidecar: bool, tmp_path: Path) -> None:
    """``add`` asks the format's ``sidecar`` field, not a list of format names of its own."""
    register_format(Format("memo", (".memo",), None, _read_memo, sidecar=sidecar))
    try:
        story = tmp_path / "story.memo"
        story.write_text("Officials in Marrow Vale said 37 people were killed.\n", encoding="utf-8")
        (tmp_path / "story.json").write_text(
            json.dumps({"outlet": "Vale Courier", "published": "2033-05-01"}), encoding="utf-8")
        db = str(tmp_path / "l.db")
        added = CliRunner().invoke(main, ["add", str(story), "--db", db])
        assert added.exit_code == 0, added.output
    finally:
        unregister_format("memo")
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT outlet, published FROM documents").fetchone()
    assert row == (("Vale Courier", "2033-05-01") if sidecar else (None, None))


def test_without_its_row_the_format_is_unknown(tmp_path: Path) -> None:
    """The same file, with the format not registered: nothing else knew about it."""
    feed = tmp_path / "wire.pipenews"
    feed.write_text(LINES, encoding="utf-8")
    assert detect_format(str(feed), LINES.encode()) == "txt"
    assert input_format(str(feed)) is None
    result = CliRunner().invoke(main, ["extract", str(feed), "--input-format", "pipenews"])
    assert result.exit_code == 2 and "'pipenews' is not one of" in result.output


def test_a_registered_format_cannot_take_a_used_name() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_format(FORMATS["txt"])

"""Source normalisation: golden cases (tests/data/ledger_sources_golden.json), merge, split, aliases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from claimledger.errors import LedgerError, RuleDataError
from claimledger.ledger import Ledger, merge_sources, open_ledger, split_alias
from claimledger.ledger.source_memory import SourceMemory
from claimledger.ledger.sources import SourceVocab, light_key, source_key
from claimledger.model import Claim, Party
from ledger_util import doc, make_claim

GOLDEN: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "ledger_sources_golden.json").read_text(encoding="utf-8")
)


@pytest.fixture
def led(tmp_path: Path) -> Ledger:
    ledger = open_ledger(tmp_path / "l.db")
    yield ledger  # type: ignore[misc]
    ledger.close()


def _resolve(led: Ledger, name: str) -> int:
    led.conn.execute("BEGIN")
    sid = led.sources.resolve(name)
    led.conn.execute("COMMIT")
    assert sid is not None
    return sid


@pytest.mark.parametrize("group", GOLDEN["same"], ids=lambda g: g[0])
def test_names_of_one_party_land_on_one_source(led: Ledger, group: list[str]) -> None:
    ids = {name: _resolve(led, name) for name in group}
    assert len(set(ids.values())) == 1, ids


@pytest.mark.parametrize("pair", GOLDEN["different"], ids=lambda p: " vs ".join(p))
def test_different_parties_stay_apart(led: Ledger, pair: list[str]) -> None:
    a, b = (_resolve(led, n) for n in pair)
    assert a != b


def _figure_span(text: str, spec: dict[str, Any]) -> tuple[int, int]:
    """The figure's span: its first whole occurrence, inside ``context`` when the case gives one."""
    at = text.index(spec["context"]) if spec.get("context") else 0
    m = re.compile(r"(?<![\d,.])" + re.escape(spec["figure"]) + r"(?![\d]|,\d)").search(text, at)
    assert m, spec["figure"]
    return m.span()


def _golden_claim(text: str, spec: dict[str, Any]) -> Claim:
    """A claim as the extractor reports it: the source is the last mention of it before the figure."""
    fig = _figure_span(text, spec)
    if spec["source"] is None:  # a figure in the article's own voice
        return Claim(
            span=fig, text=spec["figure"], low=1.0, high=1.0, hedge="exact", unit="count", event="killed",
            sentence_span=(0, len(text)), rules="test.v1", subject=spec.get("subject"),
        )
    at = text.rfind(spec["source"], 0, fig[0])
    at = at if at >= 0 else text.index(spec["source"])
    src = (at, at + len(spec["source"]))
    c_at = text.index(spec["cue"], src[1]) if spec.get("cue") else None
    cue = (c_at, c_at + len(spec["cue"])) if c_at is not None else None
    chain = [Party(spec["source"], src, spec.get("cue"), cue)]
    for cited in spec.get("cited", []):
        i = text.index(cited)
        chain.append(Party(cited, (i, i + len(cited)), "citing", None))
    sentence = (text.index(spec["sentence"]), len(text)) if spec.get("sentence") else (0, len(text))
    return Claim(
        span=fig, text=spec["figure"], low=1.0, high=1.0, hedge="exact", unit="count", event="killed",
        sentence_span=sentence, rules="test.v1", source=spec["source"], source_span=src,
        subject=spec.get("subject"), place=spec.get("place"),
        cue=spec.get("cue"), cue_span=cue, reported_by=tuple(chain),
    )


def _orders(case: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    out = [(case["id"], case, False)]
    if case.get("both_orders"):
        out.append((case["id"] + " (reverse order)", case, True))
    return out



def _source_of(led: Ledger, text: str, spec: dict[str, Any]) -> int | None:
    """The ledger source of a golden claim (its document's text and its figure's span)."""
    row = led.conn.execute(
        "SELECT c.source_id FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.text = ? AND c.span_start = ?", (text, _figure_span(text, spec)[0])
    ).fetchone()
    assert row is not None, f"no claim at {spec['figure']!r}"
    return row[0]

@pytest.mark.parametrize(
    ("name", "case", "reverse"), [o for c in GOLDEN["documents"] for o in _orders(c)], ids=lambda x: x
    if isinstance(x, str) else "",
)
def test_golden_documents_group_claims_by_party(
    led: Ledger, name: str, case: dict[str, Any], reverse: bool
) -> None:
    docs = case["documents"][::-1] if reverse else case["documents"]
    for d in docs:
        claims = [_golden_claim(d["text"], spec) for spec in d["claims"]]
        led.add(doc(d["text"], outlet=d["outlet"]), claims=claims)
    got: dict[str, set[int | None]] = {}
    for d in case["documents"]:
        for spec in d["claims"]:
            sid = _source_of(led, d["text"], spec)
            label = spec["party"]
            if label is None:
                assert sid is None, f"{spec['figure']} ({spec['source']!r}) is no party's: source {sid}"
            else:
                got.setdefault(label, set()).add(sid)
    for label, sids in got.items():
        assert len(sids) == 1 and None not in sids, f"party {label!r} is split over sources {sids}"
    owners = [next(iter(s)) for s in got.values()]
    assert len(set(owners)) == len(owners), f"different parties share a source: {got}"


def _parties(led: Ledger, case: dict[str, Any]) -> list[frozenset[tuple[str, str]]]:
    """The case's claims grouped by the source the ledger gave them (figure and document text)."""
    by: dict[int | None, set[tuple[str, str]]] = {}
    for d in case["documents"]:
        for spec in d["claims"]:
            sid = _source_of(led, d["text"], spec)
            by.setdefault(sid, set()).add((d["text"], spec["figure"]))
    return sorted((frozenset(v) for v in by.values()), key=sorted)


#: the cases whose rules read what the ledger's other stories said of the same sources
_LEDGER_EVIDENCE = [
    o for c in GOLDEN["documents"] if c["id"].startswith("round thirteen") for o in _orders(c)
]


@pytest.mark.parametrize(
    ("name", "case", "reverse"), _LEDGER_EVIDENCE, ids=lambda x: x if isinstance(x, str) else ""
)
def test_one_add_per_document_gives_the_parties_of_one_add(
    tmp_path: Path, name: str, case: dict[str, Any], reverse: bool
) -> None:
    """What the party model learns of sources across documents (the countries a body was met in, a story's
    own body waiting for its country's body or its named ministry) is kept in the ledger: documents added
    one ``add`` (one process, one session) at a time get the same parties as one ``add`` of them all."""
    docs = case["documents"][::-1] if reverse else case["documents"]
    with open_ledger(tmp_path / "one.db") as together:
        for d in docs:
            claims = [_golden_claim(d["text"], s) for s in d["claims"]]
            together.add(doc(d["text"], outlet=d["outlet"]), claims=claims)
        expected = _parties(together, case)
    for d in docs:
        with open_ledger(tmp_path / "apart.db") as apart:
            claims = [_golden_claim(d["text"], s) for s in d["claims"]]
            apart.add(doc(d["text"], outlet=d["outlet"]), claims=claims)
    with open_ledger(tmp_path / "apart.db") as apart:
        assert _parties(apart, case) == expected
        assert apart.conn.execute("SELECT count(*) FROM source_learned").fetchone()[0] > 0


def test_how_each_alias_was_joined_is_recorded(led: Ledger) -> None:
    names = ("Brennick Civil Defence Corps", "Civil Defence Corps of Brennick", "Brenick Civil Defence Corps")
    for name in names:
        _resolve(led, name)
    origins = dict(led.conn.execute("SELECT alias, origin FROM source_aliases").fetchall())
    assert origins == {
        "Brennick Civil Defence Corps": "auto",
        "Civil Defence Corps of Brennick": "auto",
        "Brenick Civil Defence Corps": "fuzzy",
    }
    assert led.conn.execute("SELECT name FROM sources").fetchall()[0][0] == "Brennick Civil Defence Corps"


def test_keys_ignore_case_articles_possessives_and_word_order() -> None:
    v = SourceVocab.load()
    assert source_key("Varnia's Ministry of Health", v) == source_key("the health ministry in Varnia", v)
    assert light_key("  The  Tolmar Network. ") == "tolmar network"


def test_user_aliases_file_joins_names_and_says_so(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"sources": {"the Varnia desk": "Varnia's Ministry of Health"}}))
    with open_ledger(tmp_path / "l.db", aliases=str(aliases)) as led:
        a = _resolve(led, "Varnia's Ministry of Health")
        b = _resolve(led, "The Varnia desk")
        assert a == b
        assert led.conn.execute(
            "SELECT origin FROM source_aliases WHERE alias_key = 'varnia desk'").fetchone()[0] == "user"


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"sources": {"a": 1}}', "must map names to names"),
    ('{"people": {}}', "unknown section"),
    ("[]", "must be an object"),
])
def test_bad_user_aliases_files_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "aliases.json"
    bad.write_text(content)
    with pytest.raises(RuleDataError, match=message):
        open_ledger(tmp_path / "l.db", aliases=str(bad))


def _add_cited(led: Ledger, name: str, figure: str) -> None:
    text = f"{name} said {figure} people were killed in Tolmar."
    led.add(doc(text), claims=[make_claim(text, figure, source=name, subject="people", place="Tolmar")])


def test_merge_moves_aliases_and_claims_and_holds_for_later_ingests(led: Ledger) -> None:
    _add_cited(led, "the Tolmar Observatory", "10")
    _add_cited(led, "Tolmar Monitoring Group", "11")
    name_a, name_b = merge_sources(
        led.conn, "Tolmar Observatory", "Tolmar Monitoring Group", led.source_vocab
    )
    assert (name_a, name_b) == ("Tolmar Observatory", "Tolmar Monitoring Group")
    assert led.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 1
    assert led.conn.execute("SELECT COUNT(DISTINCT source_id) FROM claims").fetchone()[0] == 1
    _add_cited(led, "The Tolmar observatory's", "12")  # a new spelling of the merged-away party
    assert led.conn.execute("SELECT COUNT(DISTINCT source_id) FROM claims").fetchone()[0] == 1
    assert {r[0] for r in led.conn.execute("SELECT origin FROM source_aliases")} >= {"merge"}
    with pytest.raises(LedgerError, match="already the same source"):
        merge_sources(led.conn, "Tolmar Observatory", "Tolmar Monitoring Group", led.source_vocab)
    with pytest.raises(LedgerError, match="no source matches"):
        merge_sources(led.conn, "Nobody At All", "Tolmar Monitoring Group", led.source_vocab)


def test_merge_drops_what_was_learned_of_the_merged_away_source(led: Ledger) -> None:
    """SQLite may give a deleted source's id to the next new source: it must not inherit what the party
    model learned of the merged-away one (``source_memory``); the place forms are no source's and stay."""
    _add_cited(led, "the Tolmar Observatory", "10")
    _add_cited(led, "Tolmar Monitoring Group", "11")
    (src,) = led.conn.execute("SELECT id FROM sources WHERE name = 'Tolmar Observatory'").fetchone()
    with led.conn:
        memory = SourceMemory(led.conn)
        memory.saw_named(int(src), "tolmar")
        memory.saw_place("tolmar", {"tolmar"})
    merge_sources(led.conn, "Tolmar Observatory", "Tolmar Monitoring Group", led.source_vocab)
    kept = [tuple(r) for r in led.conn.execute("SELECT kind, key FROM source_learned ORDER BY kind")]
    assert ("seen_in", str(src)) not in kept
    assert ("place_form", "tolmar") in kept


def test_split_gives_an_alias_its_own_source_with_its_claims(led: Ledger) -> None:
    _add_cited(led, "Brennick Civil Defence Corps", "20")
    _add_cited(led, "Brenick Civil Defence Corps", "21")  # joined by fuzzy matching
    assert led.conn.execute("SELECT COUNT(DISTINCT source_id) FROM claims").fetchone()[0] == 1
    new_id, old = split_alias(led.conn, "Brenick Civil Defence Corps")
    assert old == "Brennick Civil Defence Corps"
    rows = dict(led.conn.execute("SELECT text, source_id FROM claims").fetchall())
    assert rows["21"] == new_id and rows["20"] != new_id
    assert led.conn.execute(
        "SELECT origin FROM source_aliases WHERE source_id = ?", (new_id,)).fetchone()[0] == "split"
    _add_cited(led, "brenick civil defence corps", "22")  # the split holds for later ingests
    assert dict(led.conn.execute("SELECT text, source_id FROM claims").fetchall())["22"] == new_id
    with pytest.raises(LedgerError, match="only name"):
        split_alias(led.conn, "Brenick Civil Defence Corps")
    with pytest.raises(LedgerError, match="no alias"):
        split_alias(led.conn, "Never Seen")


def test_sources_are_never_ranked(led: Ledger) -> None:
    columns = {r[1] for r in led.conn.execute("PRAGMA table_info(sources)")}
    assert columns == {"id", "name", "key"}


def test_person_name_is_cached_but_each_caller_gets_its_own_list() -> None:
    from claimledger.ledger.sources import person_name

    first = person_name("Colonel Ana Rell")
    assert first == ["Ana", "Rell"]
    first.append("mutated")  # a caller changing its answer must not change the next caller's
    assert person_name("Colonel Ana Rell") == ["Ana", "Rell"]
    assert person_name("the Ministry of Health") is None


_NAMED = [
    "Ostra Human Rights Monitoring Commission", "Valen Observers Mission", "Sarn Commission of Inquiry",
    "Kessel Independent Monitors", "Tallow Care", "the Brask Truth Commission",
    "Harrow Mine Monitors Group", "Vellor Relief Council",
]
_SHORT = [(None, "monitors"), (None, "observers"), (None, "commission"), ("sarn", "commission"),
          ("ostra", "commission"), ("brask", "commission"), (None, "council"), ("vellor", "council")]


@pytest.mark.parametrize("count", [1, 3, 5, len(_NAMED)])
def test_a_short_name_finds_what_trying_every_named_source_finds(led: Ledger, count: int) -> None:
    """The short-name lookup tries only the names under its head's first letters; it must answer as
    trying every named source with ``name_fits`` does, as sources are added after it was first read."""
    from claimledger.ledger.sources import _parser

    parser = _parser(led.sources.vocab)
    for name in _NAMED[:count]:
        _resolve(led, name)
        led.sources._by_short(None, "monitors")  # the index is read here, then grows with each source
    rows = [(int(i), str(n)) for i, n in led.conn.execute("SELECT id, name FROM sources")]
    answers = []
    for first, head in _SHORT:
        fits = {i for i, n in rows if parser.name_fits(first, head, n)}
        want = fits.pop() if len(fits) == 1 else None
        got = led.sources._by_short(first, head)
        assert got == want, (first, head, got, want)
        answers.append(got)
    if count == len(_NAMED):
        assert any(a is not None for a in answers) and any(a is None for a in answers)


def test_source_memory_is_read_again_by_a_new_session_and_leaves_with_its_source(tmp_path: Path) -> None:
    """Each kind the party model learns is read back by another session; a source folded away takes its
    rows with it (its id may be given again), a place's written forms stay."""
    with open_ledger(tmp_path / "m.db") as led:
        led.conn.execute("BEGIN")
        names = ("Tarvany Ministry of Energy", "The army (document x)", "Pellary Watch")
        sql = "INSERT INTO sources (name, key) VALUES (?, ?)"
        sids = [int(led.conn.execute(sql, (n, n.casefold())).lastrowid or 0) for n in names]
        mem = SourceMemory(led.conn)
        mem.load()
        mem.saw_named(sids[0], "tarvany")
        mem.saw_body(sids[2], "tarvany")
        mem.await_body(sids[1], "military", "tarvany")
        mem.note_portfolio(sids[1], ("ministry", ("energy",), frozenset({"pellwick"})))
        mem.saw_place("pellwick", {"pellwick", "port pellwick"})
        led.conn.execute("COMMIT")
    with open_ledger(tmp_path / "m.db") as led:
        again = SourceMemory(led.conn)
        again.load()
        assert again.seen_in == {sids[0]: {"tarvany"}} and again.body_seen == {sids[2]: {"tarvany"}}
        assert again.awaiting == {sids[1]: ("military", "tarvany")}
        assert again.portfolios == {sids[1]: ("ministry", ("energy",), frozenset({"pellwick"}))}
        assert again.place_forms == {"pellwick": {"pellwick", "port pellwick"}}
        led.conn.execute("BEGIN")
        again.gone(sids[1])
        again.settled(sids[1])  # a fold met after its source went: nothing to do
        led.conn.execute("COMMIT")
    with open_ledger(tmp_path / "m.db") as led:
        last = SourceMemory(led.conn)
        last.load()
        assert last.awaiting == {} and last.portfolios == {} and last.place_forms["pellwick"]

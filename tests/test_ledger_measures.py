"""Measures: golden cases (tests/data/ledger_measures_golden.json) and grouping inside a ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.extract import extract
from claimledger.ledger import SubjectVocab, document_measure_keys, open_ledger, refresh_claim_measure
from claimledger.ledger.measures import MeasureKey
from ledger_util import doc, make_claim

GOLDEN: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "ledger_measures_golden.json").read_text(encoding="utf-8")
)
PUBLISHED = "2030-04-01"


def _key(case: dict[str, Any], user: dict[str, str] | None = None) -> MeasureKey | None:
    """The case's claim resolved in its one-sentence article, as `add` resolves it."""
    claim = make_claim(case["text"], case["figure"], value=12.0, unit=case["unit"], event=case["event"],
                       subject=case["subject"], place=case["place"], period_start=case["period_start"])
    return document_measure_keys(case["text"], PUBLISHED, [claim], None, user)[0]


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: c["label"] or f"{c['event']}-none")
def test_measure_labels(case: dict[str, Any]) -> None:
    key = _key(case)
    assert (key.label if key else None) == case["label"]


def _ids_by_group() -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for case in GOLDEN["cases"]:
        key = _key(case)
        if key is not None:
            groups.setdefault(case["group"], set()).add(key.id)
    return groups


@pytest.mark.parametrize("group", sorted({c["group"] for c in GOLDEN["cases"] if "group" in c}))
def test_cases_of_one_group_share_one_measure(group: str) -> None:
    assert len(_ids_by_group()[group]) == 1


@pytest.mark.parametrize("groups", GOLDEN["apart"], ids=lambda g: "/".join(g))
def test_different_quantities_stay_apart(groups: list[str]) -> None:
    ids = _ids_by_group()
    assert len({next(iter(ids[g])) for g in groups}) == len(groups)


def test_user_subject_aliases_extend_the_bundled_ones(tmp_path: Path) -> None:
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps({"subjects": {"townsfolk": "fighters"}}))
    vocab = SubjectVocab.load(str(f))
    text = "Officials said 12 townsfolk were killed in Tolmar."
    case = {"text": text, "figure": "12", "event": "killed", "subject": "townsfolk", "place": "Tolmar",
            "period_start": None, "unit": "count"}
    key = _key(case, vocab.user)
    assert key is not None and key.subject == "fighters"
    without = _key(case)
    assert without is not None and without.subject == "people"


def test_claims_in_a_ledger_group_by_measure_and_move_after_review(tmp_path: Path) -> None:
    a = "More than 4,100 Brennick residents have been killed since March 1, the ministry said."
    b = "Officials said 4,020 civilians have been killed in Brennick since March 1."
    with open_ledger(tmp_path / "l.db") as led:
        led.add(doc(a), claims=[make_claim(a, "4,100", subject="Brennick residents", place="Brennick",
                                           period_start="2030-03-01")])
        led.add(doc(b), claims=[make_claim(b, "4,020", subject="civilians", place="Brennick",
                                           period_start="2030-03-01")])
        rows = led.conn.execute("SELECT * FROM measures_view").fetchall()
        labels = [(r["label"], r["claims"]) for r in rows]
        assert labels == [("people killed in Brennick since 2030-03-01", 2)]
        # a reviewer corrects one claim's event; the review page then refreshes its measure
        cid = led.conn.execute("SELECT id FROM claims WHERE text = '4,020'").fetchone()[0]
        led.conn.execute("BEGIN")
        led.conn.execute("UPDATE claims SET event = 'injured' WHERE id = ?", (cid,))
        refresh_claim_measure(led.conn, cid)
        led.conn.execute("COMMIT")
        labels = {r["label"] for r in led.conn.execute("SELECT label FROM measures_view WHERE claims > 0")}
        assert labels == {"people killed in Brennick since 2030-03-01",
                          "people injured in Brennick since 2030-03-01"}


def test_user_subject_aliases_name_the_population_of_stored_claims(tmp_path: Path) -> None:
    """The desk's aliases file reaches the ledger's measures, not only the per-claim rule."""
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps({"subjects": {"townsfolk": "fighters"}}))
    text = "Officials said 12 townsfolk had been killed in Tolmar since March 1."
    with open_ledger(tmp_path / "l.db", aliases=str(f)) as led:
        led.add(doc(text), claims=[make_claim(text, "12", subject="townsfolk", place="Tolmar",
                                              period_start="2030-03-01")])
        labels = [r["label"] for r in led.conn.execute("SELECT label FROM measures_view WHERE claims > 0")]
    assert len(labels) == 1 and labels[0].startswith("fighters"), labels


def test_a_back_reference_to_the_speaker_is_the_same_voice() -> None:
    """"The office lowered its count to 604" after "the Prosecutor-General's Office said" 13 children were
    killed: the revision cue gives the figure a source of its own ("The office"), and that short name is
    the same voice as the office named before, so the bare count still counts children."""
    text = (
        "Thirteen children were killed in Varrow in November alone, the Prosecutor-General's Office said.\n\n"
        "The office lowered its count to 604 on 29 October after a forensic review."
    )
    claims = extract(text, "2030-12-02")
    by_text = {c.text: c for c in claims}
    assert by_text["604"].source == "The office"
    keys = dict(zip([c.text for c in claims], document_measure_keys(text, "2030-12-02", claims), strict=True))
    assert keys["604"] is not None and keys["Thirteen"] is not None
    assert keys["604"].subject == keys["Thirteen"].subject == "children"

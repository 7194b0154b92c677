"""ledger.overrides on a real ledger: chains of merges, pins that follow merges, stable flag keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import LedgerError
from claimledger.ledger import open_ledger, overrides
from claimledger.reconcile import reconcile_ledger
from ledger_util import doc, make_claim

TEXTS = {
    "a": "Relief workers said 40 people were displaced in Dunmore.",
    "b": "Relief workers said 35 people were displaced in Tarrow.",
    "c": "Relief workers said 61 people were displaced in Esk Vale.",
}


@pytest.fixture
def conn(tmp_path: Path):  # type: ignore[no-untyped-def]
    led = open_ledger(tmp_path / "t.db")
    for key, text in TEXTS.items():
        place = text.split(" in ", 1)[1].rstrip(".")
        fig = text.split(" said ", 1)[1].split()[0]
        led.add(
            doc(text, published="2031-01-0" + str(1 + list(TEXTS).index(key))),
            claims=[
                make_claim(
                    text,
                    fig,
                    event="displaced",
                    subject="people",
                    place=place,
                    source="Relief workers",
                    period_start="2030-12-01",  # running totals: a fall is a regression
                )
            ],
        )
    yield led.conn
    led.close()


def _mid(conn, fig: str) -> str:  # type: ignore[no-untyped-def]
    return str(conn.execute("SELECT measure_id FROM claims WHERE text = ?", (fig,)).fetchone()[0])


def test_chains_resolve_and_pins_follow_merges(conn) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _mid(conn, "40"), _mid(conn, "35"), _mid(conn, "61")
    assert len({a, b, c}) == 3
    overrides.merge_measures(conn, a, b, actor="ana")
    overrides.merge_measures(conn, b, c, actor="ana")  # a -> b -> c
    assert {_mid(conn, f) for f in ("40", "35", "61")} == {c}
    with pytest.raises(LedgerError, match="already belong"):
        overrides.merge_measures(conn, c, a, actor="ana")  # would be a cycle
    cid = str(conn.execute("SELECT id FROM claims WHERE text = '40'").fetchone()[0])
    split = overrides.split_measure(conn, c, [cid], actor="ana", label="Dunmore's first count")
    assert _mid(conn, "40") == split.target
    overrides.merge_measures(conn, split.target, c, actor="bo")  # a pin to a merged measure follows it
    assert _mid(conn, "40") == c
    overrides.unmerge_measure(conn, split.target, actor="bo")
    assert _mid(conn, "40") == split.target
    overrides.unmerge_measure(conn, b, actor="bo")  # b's own claim goes back to b
    assert _mid(conn, "35") == b and _mid(conn, "61") == c and _mid(conn, "40") == split.target
    actions = [r[0] for r in conn.execute("SELECT action FROM decisions ORDER BY id")]
    assert actions == [
        "measure-merge",
        "measure-merge",
        "measure-split",
        "measure-merge",
        "measure-unmerge",
        "measure-unmerge",
    ]


def test_apply_for_some_claims_only_touches_those(conn) -> None:  # type: ignore[no-untyped-def]
    a, b = _mid(conn, "40"), _mid(conn, "35")
    conn.execute("INSERT INTO measure_merges (from_id, into_id, actor, at) VALUES (?, ?, 'x', 'now')", (a, b))
    cid = str(conn.execute("SELECT id FROM claims WHERE text = '40'").fetchone()[0])
    assert overrides.apply_measure_overrides(conn, ["nope"]) == 0
    assert _mid(conn, "40") == a
    assert overrides.apply_measure_overrides(conn, [cid]) == 1
    assert _mid(conn, "40") == b
    assert overrides.apply_measure_overrides(conn) == 0  # nothing left to do


def test_flag_key_is_stable_and_dismissal_needs_a_note(conn) -> None:  # type: ignore[no-untyped-def]
    assert overrides.flag_key("drift", "m", ["b", "a"]) == overrides.flag_key("drift", "m", ["a", "b"])
    assert overrides.flag_key("drift", "m", ["a"]) != overrides.flag_key("regression", "m", ["a"])
    overrides.merge_measures(conn, _mid(conn, "35"), _mid(conn, "40"), actor="ana")
    reconcile_ledger(conn)
    fid, key = conn.execute("SELECT id, flag_key FROM flags WHERE kind != 'unattributed'").fetchone()
    with pytest.raises(LedgerError, match="needs a note"):
        overrides.dismiss_flag(conn, str(fid), note=" ", actor="ana")
    overrides.dismiss_flag(conn, str(fid), note="two towns", actor="ana")
    with pytest.raises(LedgerError, match="already dismissed"):
        overrides.dismiss_flag(conn, key, note="again", actor="ana")
    reconcile_ledger(conn)
    assert conn.execute("SELECT dismissed FROM flags WHERE flag_key = ?", (key,)).fetchone()[0] == 1
    overrides.restore_flag(conn, key, actor="ana")
    with pytest.raises(LedgerError, match="not dismissed"):
        overrides.restore_flag(conn, key, actor="ana")
    with pytest.raises(LedgerError, match="no flag"):
        overrides.dismiss_flag(conn, "99999", note="x", actor="ana")

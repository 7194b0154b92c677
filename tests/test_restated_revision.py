"""A revision's new figure restated beside the figure it replaces (reconcile/restated.py).

"revised its count down to 2,580 from 2,710 on 6 March": the written date is the replaced figure's,
so the new figure takes its report's date. Fixtures are invented (the Velmar relief bureau, Osk).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimledger.ledger import open_ledger
from claimledger.model import Document
from claimledger.reconcile import measure_timeline, reconcile_ledger
from claimledger.reconcile.restated import restated_sql

_HEAD = "Osk toll revised\n\nMEIRVALE (Harbour Post) - "
#: the new figure first, the replaced one after it with its date
_DOWN_TO_FROM = (
    _HEAD + "The Velmar relief bureau revised its count of people killed in Osk province since the war "
    "began down to 2,580 from 2,710 on 6 March, after finding duplicate records.\n"
)
#: the same with "down from"
_DOWN_FROM = (
    _HEAD + "The Velmar relief bureau said 2,580 people had been killed in Osk province since the war "
    "began, down from 2,710 it gave on 6 March.\n"
)
#: a rise: the new figure is higher, so no flag
_UP_FROM = (
    _HEAD + "The Velmar relief bureau said 2,930 people had been killed in Osk province since the war "
    "began, up from 2,710 it gave on 6 March.\n"
)
#: an ordinary dated figure with "from" before its date but no figure after "from": not a revision
_FROM_PLACE = (
    _HEAD + "The Velmar relief bureau said 2,580 people from Osk province had been killed since the war "
    "began, in its count of 6 March.\n"
)


def _ledger(tmp_path: Path, text: str) -> sqlite3.Connection:
    tmp_path.mkdir(parents=True, exist_ok=True)
    led = open_ledger(tmp_path / "r.db")
    led.add(Document("b", text, outlet="Harbour Post", published="2031-03-14"))
    reconcile_ledger(led.conn)
    return led.conn


def _flags(conn: sqlite3.Connection, kind: str) -> list[tuple[str, ...]]:
    rows = conn.execute(
        "SELECT f.id, group_concat(c.text, ' ') FROM flags f JOIN flag_claims fc ON fc.flag_id = f.id "
        "JOIN claims c ON c.id = fc.claim_id WHERE f.kind = ? GROUP BY f.id ORDER BY f.id", (kind,)
    ).fetchall()
    return [tuple(sorted(r[1].split())) for r in rows]


def _restated(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute(f"SELECT text, {restated_sql()} FROM claims").fetchall())


def test_a_lowered_count_restated_with_the_old_date_is_a_regression(tmp_path: Path) -> None:
    for text in (_DOWN_TO_FROM, _DOWN_FROM):
        conn = _ledger(tmp_path / str(len(text)), text)
        assert _restated(conn) == {"2,580": 1, "2,710": 0}
        assert _flags(conn, "regression") == [("2,580", "2,710")]
        assert _flags(conn, "drift") == []
        mid = conn.execute("SELECT measure_id FROM claims WHERE text = '2,580'").fetchone()[0]
        points = {p.text: p for p in measure_timeline(conn, mid)}
        # the new figure is dated by its report; the replaced one keeps its own date
        assert points["2,580"].date == "2031-03-14" and points["2,710"].date == "2031-03-06"
        assert points["2,580"].unconfident is not None and points["2,710"].unconfident is None


def test_a_raised_count_is_growth_and_no_flag(tmp_path: Path) -> None:
    conn = _ledger(tmp_path, _UP_FROM)
    assert _restated(conn) == {"2,930": 1, "2,710": 0}
    assert _flags(conn, "regression") == [] and _flags(conn, "drift") == []


def test_from_without_a_figure_is_no_revision(tmp_path: Path) -> None:
    conn = _ledger(tmp_path, _FROM_PLACE)
    assert set(_restated(conn).values()) == {0}


def test_the_review_card_says_why_a_restated_figure_raises_no_contradiction(tmp_path: Path) -> None:
    """The document page's claim card reads ``restated`` with the claim, so its words match the flags."""
    from claimledger.serve.cards import claim_fields
    from claimledger.serve.queries import document_page

    conn = _ledger(tmp_path, _DOWN_TO_FROM)
    conn.row_factory = sqlite3.Row
    page = document_page(conn, "b")
    assert page is not None
    cards = {c["text"]: str(claim_fields(c, [], [])) for c in page["claims"]}
    assert "raises no contradiction: its date was written for the older figure it replaces" in cards["2,580"]
    assert "raises no contradiction" not in cards["2,710"]

"""Flag confidence: a contradiction needs both claims read firmly (reconcile/confidence.py).

Fixtures are invented (the Ostrel civil defence office, the Pellet depot in Branvik).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimledger.ledger import open_ledger
from claimledger.model import Document
from claimledger.reconcile import measure_timeline, reconcile_claims, reconcile_ledger
from claimledger.reconcile.confidence import CONFIDENT_SQL, why_not
from claimledger.serve.cards import claim_fields
from reconcile_rows import row

#: one strike's toll, said by the civil defence office in its own sentence
_FIRM = (
    "Strike on Pellet depot kills dozens\n\n"
    "BRANVIK (Lantern Wire) - The Ostrel civil defence office said on Monday that 38 people were killed "
    "when a missile struck the Pellet grain depot in Branvik on Sunday.\n"
)
#: the same strike's toll in a sentence of its own: its source is carried over from the sentence
#: before, which was about something else (the health office's wounded across the province)
_CARRIED = (
    "Pellet depot toll disputed\n\n"
    "BRANVIK (Harbour Post) - The Ostrel health office recorded 210 wounded across the province last "
    "week. In the Pellet depot strike on Sunday, 61 people were killed.\n"
)
#: the same toll, attributed in its own sentence
_STATED = (
    "Pellet depot toll disputed\n\n"
    "BRANVIK (Harbour Post) - The Ostrel health office said on Monday that 61 people were killed "
    "when a missile struck the Pellet grain depot in Branvik on Sunday.\n"
)


def _ledger(tmp_path: Path, second: str) -> sqlite3.Connection:
    led = open_ledger(tmp_path / "c.db")
    led.add(Document("a", _FIRM, outlet="Lantern Wire", published="2031-03-10"))
    led.add(Document("b", second, outlet="Harbour Post", published="2031-03-10"))
    reconcile_ledger(led.conn)
    return led.conn


def _contradictions(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    rows = conn.execute(
        "SELECT c.text FROM flags f JOIN flag_claims fc ON fc.flag_id = f.id "
        "JOIN claims c ON c.id = fc.claim_id WHERE f.kind = 'contradiction' ORDER BY c.text"
    ).fetchall()
    return [tuple(r) for r in rows]


def test_firm_claims_contradict(tmp_path: Path) -> None:
    conn = _ledger(tmp_path, _STATED)
    assert _contradictions(conn) == [("38",), ("61",)]


def test_a_carried_over_source_raises_no_contradiction(tmp_path: Path) -> None:
    conn = _ledger(tmp_path, _CARRIED)
    conn.row_factory = sqlite3.Row
    got = {r["text"]: r for r in conn.execute("SELECT * FROM claims")}
    # still one measure (it joins the strike's measure and timeline) ...
    assert got["61"]["measure_id"] == got["38"]["measure_id"]
    # ... but the pair raises no flag, and the reason can be read
    assert _contradictions(conn) == []
    assert why_not(dict(got["61"])) == "its attribution was carried over from another sentence"
    assert why_not(dict(got["38"])) is None
    firm = dict(conn.execute(f"SELECT text, {CONFIDENT_SQL} FROM claims").fetchall())
    assert firm["38"] == 1 and firm["61"] == 0
    # neither is graded contested (claim_grades keeps a row only for a claim that is not single)
    grades = dict(conn.execute(
        "SELECT c.text, g.grade FROM claim_grades g JOIN claims c ON c.id = g.claim_id").fetchall())
    assert grades.get("61", "single") == "single" and grades.get("38", "single") == "single"


def test_engine_needs_both_readings_firm() -> None:
    a = row("a", "Ostrel civil defence", 38, period_start=None)
    b = row("b", "Ostrel health office", 61, period_start=None)
    assert reconcile_claims([a, b]).count("contradiction") == 1
    assert reconcile_claims([a, b._replace(confident=False)]).count("contradiction") == 0
    # a repeat read firmly vouches for the statement
    b2 = row("b2", "Ostrel health office", 61, period_start=None, doc="doc-b2")
    assert reconcile_claims([a, b._replace(confident=False), b2]).count("contradiction") == 1


def test_regressions_do_not_need_it() -> None:
    """The GUIDE carries attribution over for one party's running total (blind7's CN Health Agency
    regression is read that way), so a regression stays a regression whoever's cue it leans on."""
    a = row("a", "Ostrel health office", 500, date="2031-03-01")
    b = row("b", "Ostrel health office", 400, date="2031-03-09")._replace(confident=False)
    assert reconcile_claims([a, b]).count("regression") == 1


def test_the_reason_is_readable_on_the_timeline_and_the_claim_card(tmp_path: Path) -> None:
    conn = _ledger(tmp_path, _CARRIED)
    conn.row_factory = sqlite3.Row
    got = {r["text"]: dict(r) for r in conn.execute("SELECT * FROM claims")}
    points = {p.text: p for p in measure_timeline(conn, got["61"]["measure_id"])}
    assert points["61"].unconfident == "its attribution was carried over from another sentence"
    assert points["38"].unconfident is None
    extra = {"grade": "single", "measure_label": "m", "source_name": None}
    card = str(claim_fields({**got["61"], **extra}, [], []))
    assert "raises no contradiction: its attribution was carried over from another sentence" in card
    assert "raises no contradiction" not in str(claim_fields({**got["38"], **extra}, [], []))


def test_the_sql_rule_and_its_words_agree_on_every_combination() -> None:
    """``CONFIDENT_SQL`` (read with every row) and ``why_not`` (the card's words) are one rule.

    Every combination of the columns it reads, NULLs included: a claim the SQL calls unconfident
    has a reason in words, and one it calls confident has none.
    """
    import itertools
    import sqlite3

    conn = sqlite3.connect(":memory:")
    cols = ("cue_start", "sentence_start", "sentence_end", "as_of", "time_start")
    grid = itertools.product(
        (None, 5, 10, 15, 20, 25), (None, 10), (None, 20), (None, "2031-04-02"), (None, 5, 10, 15, 20, 25)
    )
    checked = 0
    for values in grid:
        row = dict(zip(cols, values, strict=True))
        sql = f"SELECT {CONFIDENT_SQL} FROM (SELECT " + ", ".join(f"? AS {c}" for c in cols) + ")"
        firm = conn.execute(sql, values).fetchone()[0]
        assert firm in (0, 1), row
        assert (firm == 1) == (why_not(row) is None), row
        checked += 1
    assert checked == 6 * 2 * 2 * 2 * 6

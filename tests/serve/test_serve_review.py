"""The review write path: one writer, full audit trail, machine original untouched, CSRF enforced."""

from __future__ import annotations

import gc
import json
import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from clients import client_for
from conftest import Built, csrf_from

from claimledger.ledger import connect, overrides
from claimledger.reconcile import reconcile_ledger
from claimledger.serve import REVIEW_FIELDS, ReviewError, apply_review


def _form_values(html: str) -> dict[str, list[str]]:
    m = re.search(r'data-forms="([^"]*)"', html)
    assert m, "no data-forms on the panel"
    data = json.loads(unescape(m.group(1)))
    assert data["fields"] == list(REVIEW_FIELDS)
    values: dict[str, list[str]] = data["claims"]
    return values


def _forms(html: str) -> list[str]:
    """The action of every review form on a page."""
    return re.findall(r'<form method="post" action="(/claims/[^"]+/review)"', html)


def _row(path: Path, cid: str) -> sqlite3.Row:
    conn = connect(path)
    row = conn.execute("SELECT * FROM claims WHERE id = ?", (cid,)).fetchone()
    assert row is not None
    return row


def test_correct_updates_current_values_and_keeps_machine(ledger: Built) -> None:
    cid = ledger.claims["a1"][1]
    machine = _row(ledger.path, cid)["machine"]
    conn = connect(ledger.path)
    rv = apply_review(
        conn,
        cid,
        "correct",
        reviewer="ana",
        note="misread",
        changes={"low": "1,250", "high": "1250", "hedge": "about", "as_of": "2030-04-03"},
    )
    row = _row(ledger.path, cid)
    assert (row["low"], row["high"], row["hedge"], row["as_of"]) == (1250.0, 1250.0, "about", "2030-04-03")
    assert row["review_status"] == "corrected" and row["reviewer"] == "ana" and row["reviewed_at"]
    assert row["machine"] == machine
    review = conn.execute("SELECT * FROM reviews WHERE id = ?", (rv.id,)).fetchone()
    assert review["action"] == "correct" and review["note"] == "misread" and review["reviewer"] == "ana"
    before, after = json.loads(review["before"]), json.loads(review["after"])
    assert before["low"] == 1200.0 and after["low"] == 1250.0
    assert before["review_status"] == "unreviewed" and after["review_status"] == "corrected"
    assert after["source"] == before["source"] == "The Zorvan army"


def test_unchanged_fields_do_not_count(ledger: Built) -> None:
    cid = ledger.claims["a2"][0]
    conn = connect(ledger.path)
    with pytest.raises(ReviewError, match="nothing changed"):
        apply_review(conn, cid, "correct", reviewer="ana", changes={"low": "1500", "hedge": "exact"})
    with pytest.raises(ReviewError, match="use correct"):
        apply_review(conn, cid, "confirm", reviewer="ana", changes={"low": "1600"})
    rv = apply_review(
        conn, cid, "confirm", reviewer="ana", changes={"low": "1,500", "source": "The Zorvan army"}
    )
    assert rv.after["review_status"] == "confirmed"
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"low": "many"}, "not a number"),
        ({"low": "900", "high": "800"}, "greater than high"),
        ({"hedge": "roughly"}, "not one of"),
        ({"event": "<script>"}, "not one of"),
        ({"as_of": "2030-02-31"}, "not a real date"),
        ({"as_of": "last week"}, "not a date"),
        ({"machine": "{}"}, "cannot review field"),
    ],
)
def test_invalid_changes_write_nothing(ledger: Built, changes: dict[str, str], message: str) -> None:
    cid = ledger.claims["a2"][0]
    conn = connect(ledger.path)
    before = dict(_row(ledger.path, cid))
    with pytest.raises(ReviewError, match=message):
        apply_review(conn, cid, "correct", reviewer="ana", changes=changes)
    assert dict(_row(ledger.path, cid)) == before
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    assert not conn.in_transaction


def test_source_and_event_corrections_renormalise(ledger: Built) -> None:
    cid = ledger.claims["a1"][1]
    conn = connect(ledger.path)
    old = _row(ledger.path, cid)
    apply_review(
        conn,
        cid,
        "correct",
        reviewer="ana",
        changes={"source": "Brennick health officials", "event": "injured"},
    )
    row = _row(ledger.path, cid)
    health = conn.execute("SELECT source_id FROM claims WHERE id = ?", (ledger.claims["a3"][0],)).fetchone()[
        0
    ]
    assert row["source_id"] == health and row["source_start"] is None  # the old span no longer says this
    assert row["measure_id"] != old["measure_id"]
    label = conn.execute("SELECT label FROM measures WHERE id = ?", (row["measure_id"],)).fetchone()[0]
    assert "injured" in label


def test_reject_and_unknown_claim(ledger: Built) -> None:
    conn = connect(ledger.path)
    rv = apply_review(conn, ledger.claims["plain"][0], "reject", reviewer="bo", note="villages, not people")
    assert rv.after["review_status"] == "rejected"
    with pytest.raises(ReviewError, match="no claim"):
        apply_review(conn, "missing", "confirm", reviewer="bo")
    with pytest.raises(ReviewError, match="action"):
        apply_review(conn, ledger.claims["plain"][0], "delete", reviewer="bo")
    with pytest.raises(ReviewError, match="reviewer"):
        apply_review(conn, ledger.claims["plain"][0], "confirm", reviewer=" ")


@pytest.mark.asyncio
async def test_review_form_round_trip_and_audit(ledger: Built) -> None:
    doc = ledger.docs["a1"]
    cid = ledger.claims["a1"][0]
    async with client_for(ledger.path, reviewer="ana") as c:
        page = await c.get(f"/documents/{doc.id}")
        token = csrf_from(page.text)
        form = {
            "csrftoken": token,
            "action": "correct",
            "low": "4200",
            "high": "4200",
            "hedge": "more_than",
            "unit": "count",
            "event": "killed",
            "subject": "civilians",
            "place": "Brennick",
            "as_of": "2030-04-01",
            "source": "Brennick health officials",
            "note": "<b>typo</b> in figure",
        }
        r = await c.post(f"/claims/{cid}/review", data=form)
        assert r.status_code == 303
        assert r.headers["location"].startswith(f"/documents/{doc.id}?reviewed=")
        assert r.headers["location"].endswith(f"#c-{cid}")
        again = await c.get(r.headers["location"])
        assert "more than 4,200" in again.text and "Saved review" in again.text
        assert "corrected by ana" in again.text
        audit = await c.get("/audit")
        assert "ana" in audit.text and "4,100" in audit.text and "4,200" in audit.text
        assert "&lt;b&gt;typo&lt;/b&gt;" in audit.text
        bad = await c.post(f"/claims/{cid}/review", data={**form, "action": "confirm", "low": "1"})
        assert bad.status_code == 400 and "Not saved" in bad.text and "use correct" in bad.text
        api = await c.post(
            f"/claims/{cid}/review",
            data={**form, "action": "reject", "note": "dup"},
            headers={"accept": "application/json"},
        )
        assert api.status_code == 200 and api.json()["review"]["after"]["review_status"] == "rejected"
    assert _row(ledger.path, cid)["review_status"] == "rejected"


@pytest.mark.asyncio
async def test_post_without_valid_csrf_token_is_rejected(ledger: Built) -> None:
    cid = ledger.claims["a2"][0]
    form = {"action": "confirm", "low": "1500", "high": "1500"}
    async with client_for(ledger.path) as c:
        page = await c.get(f"/documents/{ledger.docs['a2'].id}")
        token = csrf_from(page.text)
        # Cookie present (from the page), form field missing or wrong: asgi-csrf refuses.
        assert (await c.post(f"/claims/{cid}/review", data=form)).status_code == 403
        assert (
            await c.post(f"/claims/{cid}/review", data={**form, "csrftoken": "x" + token})
        ).status_code == 403
        # A cross-site form: the browser sends the page's token but says where the request comes from.
        cross = await c.post(
            f"/claims/{cid}/review",
            data={**form, "csrftoken": token},
            headers={"sec-fetch-site": "cross-site"},
        )
        assert cross.status_code == 403
    # No cookie at all (what a SameSite=Lax cookie looks like cross-site): asgi-csrf lets it by, we do not.
    async with client_for(ledger.path) as fresh:
        r = await fresh.post(f"/claims/{cid}/review", data={**form, "csrftoken": token})
        assert r.status_code == 403
        r = await fresh.post(f"/claims/{cid}/review", data=form)
        assert r.status_code == 403
    assert _row(ledger.path, cid)["review_status"] == "unreviewed"
    assert connect(ledger.path).execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


@pytest.mark.asyncio
async def test_hidden_characters_round_trip_through_the_form(ledger: Built) -> None:
    cid = ledger.claims["hostile"][1]
    async with client_for(ledger.path) as c:
        page = await c.get(f"/documents/{ledger.docs['hostile'].id}?claim={cid}")  # its form, filled
        assert 'value="The ⟨RLO⟩RLO⟨PDF⟩ army"' in page.text
        assert "The ⟨RLO⟩RLO⟨PDF⟩ army" in _form_values(page.text)[cid]  # what the script fills in
        form = {
            "csrftoken": csrf_from(page.text),
            "action": "confirm",
            "low": "7",
            "high": "7",
            "hedge": "exact",
            "unit": "count",
            "event": "killed",
            "subject": "<i>civilians</i>",
            "place": "Brennick",
            "as_of": "",
            "source": "The ⟨RLO⟩RLO⟨PDF⟩ army",
        }
        r = await c.post(f"/claims/{cid}/review", data=form)
        assert r.status_code == 303  # nothing changed: the shown tags mean the real characters
        form.update(action="correct", source="The RLO army")
        assert (await c.post(f"/claims/{cid}/review", data=form)).status_code == 303
    assert _row(ledger.path, cid)["source"] == "The RLO army"


FlagState = tuple[set[tuple[str, str | None, tuple[str, ...], int]], dict[str, str]]


def _flag_state(conn: sqlite3.Connection) -> FlagState:
    """Flags as (kind, measure, claims, dismissed) and every grade: what a reader sees, ids aside."""
    flags = {
        (kind, mid, tuple(sorted(str(claims).split(","))), dismissed)
        for kind, mid, claims, dismissed in conn.execute(
            "SELECT f.kind, f.measure_id, group_concat(fc.claim_id), f.dismissed FROM flags f "
            "JOIN flag_claims fc ON fc.flag_id = f.id GROUP BY f.id"
        )
    }
    grades = {str(c): str(g) for c, g in conn.execute("SELECT claim_id, grade FROM claim_grades")}
    return flags, grades


def _contradictions_with(conn: sqlite3.Connection, cid: str) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM flags f JOIN flag_claims fc ON fc.flag_id = f.id "
            "WHERE f.kind = 'contradiction' AND fc.claim_id = ?",
            (cid,),
        ).fetchone()[0]
    )


def test_a_rejection_recomputes_its_measures_flags_at_once(ledger: Built) -> None:
    """'more than 4,100' against the army's 1,200 and 1,500 is a contradiction; rejecting it ends it."""
    high, army = ledger.claims["a1"][0], ledger.claims["a1"][1]
    conn = connect(ledger.path)
    assert _contradictions_with(conn, army) == 1
    apply_review(conn, high, "reject", reviewer="ana", note="not a toll")
    assert _contradictions_with(conn, army) == 0 and _contradictions_with(conn, high) == 0
    assert conn.execute("SELECT count(*) FROM claim_grades WHERE claim_id = ?", (high,)).fetchone()[0] == 0
    seen = _flag_state(conn)
    reconcile_ledger(conn)  # the full run agrees with what the review wrote
    assert _flag_state(conn) == seen


def test_a_correction_recomputes_both_measures_and_keeps_dismissals(ledger: Built) -> None:
    """A figure moved to another event leaves one measure and joins another: both are recomputed."""
    high, army = ledger.claims["a1"][0], ledger.claims["a1"][1]
    conn = connect(ledger.path)
    key = conn.execute(
        "SELECT f.flag_key FROM flags f JOIN flag_claims fc ON fc.flag_id = f.id "
        "WHERE f.kind = 'contradiction' AND fc.claim_id = ?",
        (army,),
    ).fetchone()[0]
    overrides.dismiss_flag(conn, key, note="known", actor="ana")
    before = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (high,)).fetchone()[0]
    apply_review(conn, high, "correct", reviewer="ana", changes={"event": "injured"})
    after = conn.execute("SELECT measure_id FROM claims WHERE id = ?", (high,)).fetchone()[0]
    assert after != before
    assert _contradictions_with(conn, army) == 0
    # alone in its new measure: 'single', which the ledger stores as no row (migration 0019)
    assert conn.execute("SELECT grade FROM claim_grades WHERE claim_id = ?", (high,)).fetchone() is None
    seen = _flag_state(conn)
    reconcile_ledger(conn)  # the full run agrees with what the review wrote
    assert _flag_state(conn) == seen
    # Moved back, the contradiction returns with the same key, and the person's dismissal with it.
    apply_review(conn, high, "correct", reviewer="ana", changes={"event": "killed"})
    assert _contradictions_with(conn, army) == 1
    row = conn.execute("SELECT dismissed, dismiss_note FROM flags WHERE flag_key = ?", (key,)).fetchone()
    assert tuple(row) == (1, "known")


@pytest.mark.asyncio
async def test_bulk_review_recomputes_flags(ledger: Built) -> None:
    doc = ledger.docs["a1"]
    high, army = ledger.claims["a1"][0], ledger.claims["a1"][1]
    async with client_for(ledger.path, reviewer="ana") as c:
        page = await c.get(f"/documents/{doc.id}")
        r = await c.post(
            "/claims/bulk-review",
            data={"csrftoken": csrf_from(page.text), "action": "reject", "claim": [high], "note": "dup"},
        )
        assert r.status_code == 303
        again = await c.get(f"/documents/{doc.id}")
    assert "badge fl fl-contradiction" not in again.text
    conn = connect(ledger.path)
    assert _contradictions_with(conn, army) == 0


@pytest.mark.asyncio
async def test_a_document_page_has_one_review_form_and_every_claims_values(ledger: Built) -> None:
    """One form per page, filled for the first claim, ?claim= or the claim a failed review was for."""
    doc, ids = ledger.docs["a1"], ledger.claims["a1"]
    async with client_for(ledger.path) as c:
        page = (await c.get(f"/documents/{doc.id}")).text
        assert _forms(page) == [f"/claims/{ids[0]}/review"]
        assert 'value="4100"' in page  # the first claim's low, in the form
        values = _form_values(page)
        assert list(values) == ids
        assert values[ids[1]] == ["1200", "1200", "exact", "count", "killed", "civilians", "Brennick",
                                  "2030-04-02", "The Zorvan army"]
        assert values[ids[2]][2:4] == ["about", "count"] and values[ids[2]][6] == ""  # no place: empty
        # Without a script, the other cards link to the page with their form (no-JS reviewing).
        assert f'href="?claim={ids[1]}#c-{ids[1]}"' in page and f'href="?claim={ids[0]}' not in page
        chosen = (await c.get(f"/documents/{doc.id}?claim={ids[1]}")).text
        assert _forms(chosen) == [f"/claims/{ids[1]}/review"] and 'value="1200"' in chosen
        assert _forms((await c.get(f"/documents/{doc.id}?claim=nope")).text) == [f"/claims/{ids[0]}/review"]
        bad = await c.post(
            f"/claims/{ids[2]}/review",
            data={"csrftoken": csrf_from(page), "action": "correct", "low": "30000"},
        )
        assert bad.status_code == 400 and _forms(bad.text) == [f"/claims/{ids[2]}/review"]
        assert "nothing changed" in bad.text


@pytest.mark.asyncio
async def test_pages_read_on_the_event_loop_show_a_review_at_once(ledger: Built) -> None:
    """Document pages and small measures are read on the loop's own connection (views._read_in_loop):
    a review written by Datasette's write thread shows on them at once, not a stale snapshot."""
    from claimledger.serve import views

    doc = ledger.docs["a1"]
    cid = ledger.claims["a1"][1]
    mid = _row(ledger.path, cid)["measure_id"]
    gc.collect()  # other tests' servers gone, so the count below is this server's
    servers = len(views._LOOP_CONNECTIONS)
    async with client_for(ledger.path, reviewer="ana") as c:
        before = await c.get(f"/measures/{mid}")
        assert before.status_code == 200 and "1,200" in before.text
        assert len(views._LOOP_CONNECTIONS) == servers + 1  # the measure was read on the loop's connection
        page = await c.get(f"/documents/{doc.id}")
        r = await c.post(
            f"/claims/{cid}/review",
            data={"csrftoken": csrf_from(page.text), "action": "reject", "note": "duplicate"},
        )
        assert r.status_code == 303
        measure = await c.get(f"/measures/{mid}")
        document = await c.get(f"/documents/{doc.id}")
    assert f'data-c="{cid}"' in document.text
    assert re.search(rf'id="card-{cid}".*?st-rejected', document.text, re.S)
    assert "rejected" not in before.text.split("1,200", 1)[1][:2000]
    assert "rejected" in measure.text.split("1,200", 1)[1][:2000]

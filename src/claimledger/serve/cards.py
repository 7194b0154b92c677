"""Per-claim HTML of the review pages' hot loops, built in Python: card fields and measure rows.

A document page shows every claim's fields (about 30 values each), a measure
page 50 claim rows. Written as Jinja, each value costs an attribute lookup that
fails on a dict before the key is tried, an escape and a generator step: on a
ten-claim page that was most of the server's time for the page. Here the same
HTML is one f-string per claim, escaped the same way (``visible`` for text that
came from an article, plain escaping for the ledger's own words), so the pages'
markup did not change. The pages' layout stays in the templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ..reconcile.confidence import why_not
from .render import number, visible

__all__ = ["claim_fields", "claim_row", "measure_row", "url_part"]

_PLAIN = re.compile(r"[A-Za-z0-9_.\-~/]*")


def url_part(value: object) -> str:
    """``value`` quoted for a URL path or query value, as Jinja's ``urlencode`` filter does ('/' kept).

    Ids are hex digests, for which quoting changes nothing: those are returned as they are.
    """
    s = "" if value is None else str(value)
    return s if _PLAIN.fullmatch(s) else quote(s.encode("utf-8"), safe="/")


def _q(text: object) -> str:
    """A quoted phrase from the article after a field (`` <q>…</q>``), or nothing."""
    return f" <q>{visible(text)}</q>" if text else ""


def _source(c: Mapping[str, Any]) -> str:
    source, name, sid = c["source"], c["source_name"], c["source_id"]
    if not source:
        return "<i>article's own voice</i>"
    if sid and name == source:
        out = f'<a href="/sources?q={escape(url_part(name))}">{visible(source)}</a>'
    else:
        out = str(visible(source))
    if name and sid and name != source:
        out += f' → <a href="/sources?q={escape(url_part(name))}">{visible(name)}</a>'
    return out


def _cue(c: Mapping[str, Any]) -> str:
    if c["cue"]:
        return str(visible(c["cue"]))
    if c["source"] and c["review_status"] == "corrected":
        return '<i class="muted">none: the source was set by a reviewer</i>'
    return "—"


def claim_fields(
    c: Mapping[str, Any], chain: Sequence[str], flag_rows: Sequence[Mapping[str, Any]]
) -> Markup:
    """The ``<dt>/<dd>`` pairs of one claim's card: what the machine read, the review, the flags."""
    low, high = c["low"], c["high"]
    value = escape(number(low)) if low == high else f"low {escape(number(low))} · high {escape(number(high))}"
    mid = c["measure_id"]
    label = visible(c["measure_label"] or mid)
    measure = f'<a href="/measures/{escape(url_part(mid))}">{label}</a>' if mid else "—"
    review = str(escape(c["review_status"]))
    if c["reviewer"]:
        review += f" by {visible(c['reviewer'])} at {escape(c['reviewed_at'])}"
    since = f" · since {visible(c['period_start'])}" if c["period_start"] else ""
    grade = f"<dt>Grade</dt><dd>{escape(c['grade'])}</dd>" if c["grade"] else ""
    unsure = why_not(c)  # read without confidence: compared, but raises no contradiction (confidence.py)
    if unsure is not None and mid:
        grade += f"<dt>Compared</dt><dd>raises no contradiction: {escape(unsure)}</dd>"
    flags = "".join(
        f'<dt><span class="badge fl fl-{escape(f["kind"])}">{escape(f["kind"])}</span></dt>'
        f"<dd>{visible(f['detail'])}</dd>"
        for f in flag_rows
    )
    return Markup(
        f"<dt>Text</dt><dd>“{visible(c['text'])}”</dd>"
        f"<dt>Value</dt><dd>{value} · {escape(c['unit'])}</dd>"
        f"<dt>Hedge</dt><dd>{escape(c['hedge'])}{_q(c['hedge_text'])}</dd>"
        f"<dt>Event</dt><dd>{escape(c['event'])}{_q(c['event_text'])}</dd>"
        f"<dt>Subject</dt><dd>{visible(c['subject'] or '—')}</dd>"
        f"<dt>Place</dt><dd>{visible(c['place'] or '—')}</dd>"
        f"<dt>Source</dt><dd>{_source(c)}</dd>"
        f"<dt>Cue</dt><dd>{_cue(c)}</dd>"
        f"<dt>Chain</dt><dd>{' ← '.join(str(visible(n)) for n in chain) if chain else '—'}</dd>"
        f"<dt>As of</dt><dd>{visible(c['as_of'] or '—')}{_q(c['time_text'])}{since}</dd>"
        f"<dt>Measure</dt><dd>{measure}</dd>"
        f"{grade}"
        f"<dt>Review</dt><dd>{review} · <a href=\"/audit?claim={escape(url_part(c['id']))}\">history</a></dd>"
        f"{flags}"
    )


def claim_row(c: Mapping[str, Any], flag_rows: Sequence[Mapping[str, Any]]) -> Markup:
    """One claim's row in a document page's table of claims (a box for bulk review, value, fields, flags)."""
    cid, event, value = escape(c["id"]), escape(c["event"]), escape(c["value"])
    status = escape(c["review_status"])
    source = visible(c["source"]) if c["source"] else '<i class="muted">own voice</i>'
    kinds = [escape(f["kind"]) for f in flag_rows]
    flags = "".join(f'<span class="badge fl fl-{k}">{k}</span> ' for k in kinds)
    return Markup(
        f'<tr data-c="{cid}"><td><input type="checkbox" name="claim" value="{cid}" '
        f'aria-label="Select {value}"></td><td><a href="#c-{cid}" class="clm ev-{event}">{value}</a></td>\n'
        f"    <td>{event}</td><td>{visible(c['subject'] or '')}</td>\n"
        f"    <td>{source}</td>\n"
        f'    <td class="date">{visible(c["as_of"] or "")}</td>'
        f'<td><span class="st st-{status}">{status}</span></td>\n'
        f"    <td>{flags}</td></tr>"
    )


def measure_row(c: Mapping[str, Any]) -> Markup:
    """One claim's row in a measure page's table: a box to move it out, date, value, source, sentence."""
    cid, status, value = escape(c["id"]), escape(c["review_status"]), escape(c["value"])
    published = c.get("published")
    href = f"/documents/{escape(url_part(c['document_id']))}#c-{cid}"
    pinned = ' <span class="badge" title="moved here by a person">moved</span>' if c.get("pinned") else ""
    place = f" · {visible(c['place'])}" if c.get("place") else ""
    where = f"{visible(c.get('outlet') or '')} {escape(published or '')}{place}"
    return Markup(
        f'<tr class="rs-{status}">\n'
        f'    <td><input type="checkbox" name="claim" value="{cid}" aria-label="Select {value}"></td>\n'
        f'    <td class="date">{visible(c["as_of"] or published or "—")}</td>\n'
        f'    <td class="n"><a href="{href}">{value}</a>{pinned}</td>\n'
        f"    <td>{visible(c['series'])}</td>\n"
        f'    <td class="sentence"><a class="quiet" href="{href}">{visible(c.get("sentence"))}</a>\n'
        f'      <div class="muted">{where}</div></td>\n'
        f'    <td><span class="st st-{status}">{status}</span></td>\n'
        "  </tr>"
    )

"""HTTP handlers for the review pages: read a request, run a query, render a template.

Reads go through Datasette's read threads (``execute_fn``); the only write,
a review, goes through its single write thread (``execute_write_fn``) and the
one writer ``apply_review``. Every page is sent with a strict CSP.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import weakref
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from datasette import Response
from datasette.utils.asgi import BadRequest

from ..errors import ClaimledgerError
from ..ledger import SourceVocab, merge_sources, overrides
from ..ledger.transactions import write_transaction
from ..model import EVENTS, HEDGES, UNITS
from ..reconcile import reconcile_measures
from ..values import format_number, format_value
from .cards import claim_fields, claim_row, measure_row
from .chart import OTHER_SERIES, Point, svg_chart
from .config import ServeConfig, config_for
from .queries import (
    MEASURE_COLUMNS,
    RANK_LIMIT,
    SLOW,
    audit_page,
    conflicts_page,
    document_page,
    documents_page,
    measure_page,
    measures_of,
    measures_page,
    sources_page,
)
from .render import chain_names, highlight, marks_from_rows, unvisible_plain, visible_plain
from .review import REVIEW_FIELDS, ReviewError, apply_review
from .security import AUTH_COOKIE, AUTH_NAMESPACE, CSP, header_token_ok, token_fingerprint
from .templates import render
from .urls import safe_next

__all__ = ["ROUTES"]

_HEADERS = {"content-security-policy": CSP, "cache-control": "no-store"}
_MAX_SERIES = 12
MAX_PAGE = 1_000_000


_PLAIN_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _q(value: str) -> str:
    """URL-quote an id (ids are hex digests, so quoting is usually a no-op worth skipping)."""
    return value if _PLAIN_ID.match(value) else quote(value, safe="")


def _config(datasette: Any) -> ServeConfig:
    config = config_for(datasette)
    assert config is not None, "claimledger routes served by an unconfigured Datasette"
    return config


async def _page(
    datasette: Any, request: Any, template: str, ctx: dict[str, Any], status: int = 200
) -> Response:
    config = _config(datasette)
    actor = request.actor or {}
    ctx = {**ctx, "reviewer": actor.get("id"), "db_name": config.db_name, "token_mode": bool(config.token)}
    csrf = request.scope.get("csrftoken") or (lambda: "")
    html = render(template, {**ctx, "csrftoken": csrf})
    return Response.html(html, status=status, headers=dict(_HEADERS))


async def _read(datasette: Any, fn: Any) -> Any:
    return await datasette.get_database(_config(datasette).db_name).execute_fn(fn)


# The event loop's own connection to each database (dropped with its Datasette Database object).
_LOOP_CONNECTIONS: weakref.WeakKeyDictionary[Any, sqlite3.Connection] = weakref.WeakKeyDictionary()


def _read_in_loop(datasette: Any, fn: Any) -> Any:
    """Run a small, bounded read on the event loop's thread instead of Datasette's read threads.

    A read handed to a thread costs the page about 0.5 ms of CPU (the executor's
    queue, a future per call, the GIL going back and forth, measured on the
    document page: 3.3 -> 2.7 ms per request under load) and, while another page
    renders, waits for the GIL at every SQLite call. Worth it only for reads
    that are always short: one document's claims, a measure charted claim by
    claim, and a big measure's page while its aggregated summary is cached (at
    most ``QUICK_OFFSET`` index entries skipped; ``measure_page(quick=True)``
    returns ``SLOW`` otherwise). Anything that may take long (a big
    measure's aggregation, search, Datasette's own pages) stays on the
    threads, so it never stops this worker's other requests.
    """
    db = datasette.get_database(_config(datasette).db_name)
    conn = _LOOP_CONNECTIONS.get(db)
    if conn is None:
        conn = db.connect()
        datasette._prepare_connection(conn, db.name)  # row factory, plugins' hooks (the memory map)
        _LOOP_CONNECTIONS[db] = conn
    return fn(conn)


def _int(value: str | None, default: int = 1) -> int:
    try:
        n = max(1, int(value or default))
    except ValueError:
        return default
    if n > MAX_PAGE:  # past any ledger's end, and an OFFSET SQLite cannot hold
        raise BadRequest(f"page must be a number from 1 to {MAX_PAGE}")
    return n


async def _not_found(datasette: Any, request: Any, what: str) -> Response:
    return await _page(datasette, request, "error.html", {"title": "Not found", "message": what}, status=404)


async def home(request: Any) -> Response:
    return Response.redirect("/documents")


async def documents(datasette: Any, request: Any) -> Response:
    args = {k: (request.args.get(k) or "").strip() for k in ("q", "outlet", "since", "until")}
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: documents_page(conn, page=page, **args))
    return await _page(
        datasette, request, "documents.html", {**data, "args": args, "page": page, "rank_limit": RANK_LIMIT}
    )


def _form_value(v: Any) -> str:
    """A claim field as the review form shows it: numbers as %g, text with hidden characters spelled out."""
    if v is None:
        return ""
    if isinstance(v, float | int) and not isinstance(v, bool):
        return f"{v:g}"
    return visible_plain(v)


def _form_values(claims: list[dict[str, Any]]) -> str:
    """Every claim's review-form values as JSON: ``{"fields": REVIEW_FIELDS, "claims": {id: [value…]}}``.

    The page renders the review form once and its script refills it for the claim
    selected from this, instead of the server rendering one form per claim.
    """
    by_claim = {c["id"]: [_form_value(c[f]) for f in REVIEW_FIELDS] for c in claims}
    return json.dumps(
        {"fields": REVIEW_FIELDS, "claims": by_claim},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _document_context(data: dict[str, Any], form_for: str | None = None) -> dict[str, Any]:
    kinds = {cid: [f["kind"] for f in fl] for cid, fl in data["flags"].items()}
    claims = data["claims"]
    for c in claims:
        c["value"] = format_value(c["low"], c["high"], c["hedge"], c["unit"])
        c["chain"] = chain_names(c["reported_by"])
        c["flag_rows"] = data["flags"].get(c["id"], [])
        c["card_fields"] = claim_fields(c, c["chain"], c["flag_rows"])
        c["row"] = claim_row(c, c["flag_rows"])
    form_claim = next((c for c in claims if c["id"] == form_for), claims[0] if claims else None)
    doc = data["doc"]
    url = doc.get("url") or ""
    doc["safe_url"] = url if urlsplit(url).scheme in ("http", "https") else None
    events = sorted({c["event"] for c in claims})
    flag_counts = Counter(k for ks in kinds.values() for k in ks)
    return {
        "doc": doc,
        "claims": claims,
        "body": highlight(doc["text"], marks_from_rows(claims, kinds)),
        "events": events,
        "flag_counts": sorted(flag_counts.items()),
        "hedges": HEDGES,
        "units": UNITS,
        "all_events": EVENTS,
        "fields": REVIEW_FIELDS,
        "form_claim": form_claim,
        "form_values": _form_values(claims),
    }


async def document(datasette: Any, request: Any) -> Response:
    return await _document(datasette, request, request.url_vars["doc_id"])


async def _document(
    datasette: Any,
    request: Any,
    doc_id: str,
    error: str | None = None,
    error_claim: str | None = None,
    status: int = 200,
) -> Response:
    data = _read_in_loop(datasette, lambda conn: document_page(conn, doc_id))
    if data is None:
        return await _not_found(datasette, request, f"No document with id {doc_id}.")
    ctx = _document_context(data, error_claim or request.args.get("claim"))
    reviewed, done = request.args.get("reviewed"), request.args.get("done")
    ctx.update(error=error, error_claim=error_claim, reviewed=reviewed, done=done)
    return await _page(datasette, request, "document.html", ctx, status=status)


async def measures(datasette: Any, request: Any) -> Response:
    args = {k: (request.args.get(k) or "").strip() for k in ("q", "event", "place", "source", "sort")}
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: measures_page(conn, page=page, **args))
    return await _page(
        datasette, request, "measures.html", {**data, "args": args, "page": page, "all_events": EVENTS}
    )


def _series_name(name: str | None, source_id: int | None, own_outlet: str | None) -> str:
    if name:
        return name
    if source_id is None:  # the article's own voice: the outlet is the one saying it
        return f"{own_outlet or 'unknown outlet'} (own voice)"
    return "(unnamed source)"


def _points(data: dict[str, Any], measure_id: str) -> list[Point]:
    """Chart points: one per claim for a small measure, one per aggregated group for a big one."""
    if data["groups"] is None:
        (cid, doc, low, high, hedge, unit, day, sid, name, outlet) = (
            MEASURE_COLUMNS.index(c)
            for c in (
                "id",
                "document_id",
                "low",
                "high",
                "hedge",
                "unit",
                "day",
                "source_id",
                "source_name",
                "own_outlet",
            )
        )
        points = []
        for p in data["points"]:
            lo = p[low] if p[low] is not None else p[high]
            hi = p[high] if p[high] is not None else p[low]
            if p[day] is None or lo is None:
                continue
            href = f"/documents/{_q(p[doc])}#c-{_q(p[cid])}"
            series = _series_name(p[name], p[sid], p[outlet])
            points.append(Point(p[day], lo, hi, series, href, None, p[hedge], p[unit]))
        return points
    names = data["series_names"]
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for g in data["groups"]:
        grouped.setdefault(g[0], []).append(g)
    sizes = Counter({k: sum(g[1] for g in gs) for k, gs in grouped.items()})
    keep = {k for k, _ in sizes.most_common(_MAX_SERIES)}
    merged: dict[tuple[str, int], list[Any]] = {}  # sources past the legend share one grey series per window
    for key, gs in grouped.items():
        if key.isdigit():
            series = names.get(key, "(unnamed source)")
        elif key.startswith("own:"):
            series = _series_name(None, None, key[4:] or None)
        else:
            series = "(unnamed source)"
        if key not in keep:
            series = OTHER_SERIES
        for _, window, n, lo, hi, newest in gs:
            slot = merged.setdefault((series if key in keep else OTHER_SERIES, window), [0, lo, hi, ""])
            slot[0] += n
            slot[1], slot[2], slot[3] = min(slot[1], lo), max(slot[2], hi), max(slot[3], str(newest))
    points = []
    for (series, _), (n, lo, hi, newest) in merged.items():
        day, cid, doc = newest.split("|", 2)
        span = format_number(lo) if hi <= lo else f"{format_number(lo)}–{format_number(hi)}"
        label = f"{n:,} claims, {span} — {series}, to {day[:10]}" if n > 1 else None
        points.append(Point(day, lo, hi, series, f"/documents/{_q(doc)}#c-{_q(cid)}", label, n=n))
    return points


def _chart_context(data: dict[str, Any], measure_id: str) -> dict[str, Any]:
    points = _points(data, measure_id)
    counts: Counter[str] = Counter()
    for p in points:  # weighted by claims, not by marks (a big measure's mark stands for many)
        counts[p.series] += p.n
    others = counts.pop(OTHER_SERIES, 0)
    order = [s for s, _ in counts.most_common(_MAX_SERIES)]
    return {
        "chart": svg_chart(points, order, data["measure"]["label"]),
        "series": order,
        "other_series": max(len(counts) - len(order), 0),
        "other_claims": others,
        "charted": len(points),
    }


async def measure(datasette: Any, request: Any) -> Response:
    measure_id = request.url_vars["measure_id"]
    page = _int(request.args.get("page"))
    # Read on the loop unless the read would aggregate a big measure (seconds when the ledger has
    # changed and its cached summary is stale) or skip deep into one: those go to the read threads.
    data = _read_in_loop(datasette, lambda conn: measure_page(conn, measure_id, page=page, quick=True))
    if data is SLOW:
        data = await _read(datasette, lambda conn: measure_page(conn, measure_id, page=page))
    if data is None:
        return await _not_found(datasette, request, f"No measure with id {measure_id}.")
    for c in data["claims"]:
        c["value"] = format_value(c["low"], c["high"], c["hedge"], c["unit"])
        c["series"] = _series_name(c["source_name"], c["source_id"], c["own_outlet"])
        c["row"] = measure_row(c)
    # A big measure's summary is cached until the ledger changes; so is the chart drawn from it.
    rendered = data["summary"].get("rendered")
    if rendered is None:
        rendered = _chart_context(data, measure_id)
        if data["groups"] is not None:
            data["summary"]["rendered"] = rendered
    return await _page(
        datasette,
        request,
        "measure.html",
        {
            **data,
            **rendered,
            "page": page,
            "aggregated": data["groups"] is not None,
            "done": request.args.get("done"),
            "manual": measure_id.startswith(overrides.MANUAL_PREFIX),
        },
    )


async def conflicts(datasette: Any, request: Any) -> Response:
    kind = (request.args.get("kind") or "").strip()
    args = {k: (request.args.get(k) or "").strip() for k in ("place", "source", "measure", "dismissed")}
    page = _int(request.args.get("page"))
    data = await _read(
        datasette,
        lambda conn: conflicts_page(
            conn,
            kind=kind,
            place=args["place"],
            source=args["source"],
            measure=args["measure"],
            dismissed=bool(args["dismissed"]),
            page=page,
        ),
    )
    for f in data["flags"]:
        for c in f["claims"]:
            c["value"] = format_value(c["low"], c["high"], c["hedge"], c["unit"])
    here = request.path + (f"?{request.query_string}" if request.query_string else "")
    ctx = {**data, "kind": kind, "args": args, "page": page, "here": here, "done": request.args.get("done")}
    return await _page(datasette, request, "conflicts.html", ctx)


async def sources(datasette: Any, request: Any) -> Response:
    q = (request.args.get("q") or "").strip()
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: sources_page(conn, q=q, page=page))
    ctx = {**data, "q": q, "page": page, "done": request.args.get("done")}
    return await _page(datasette, request, "sources.html", ctx)


def _changes(before: str, after: str) -> list[tuple[str, Any, Any]]:
    try:
        b, a = json.loads(before), json.loads(after)
    except ValueError:
        return []
    return [(k, b.get(k), a.get(k)) for k in a if b.get(k) != a.get(k)]


async def audit(datasette: Any, request: Any) -> Response:
    args = {k: (request.args.get(k) or "").strip() for k in ("reviewer", "claim")}
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: audit_page(conn, page=page, **args))
    for r in (*data["reviews"], *data["decisions"]):
        r["changes"] = _changes(r["before"], r["after"])
    return await _page(datasette, request, "audit.html", {**data, "args": args, "page": page})


async def claim(datasette: Any, request: Any) -> Response:
    claim_id = request.url_vars["claim_id"]

    def find(conn: Any) -> Any:
        return conn.execute("SELECT document_id FROM claims WHERE id = ?", (claim_id,)).fetchone()

    row = await _read(datasette, find)
    if row is None:
        return await _not_found(datasette, request, f"No claim with id {claim_id}.")
    return Response.redirect(f"/documents/{quote(row[0])}#c-{quote(claim_id)}")


def _csrf_ok(datasette: Any, config: ServeConfig, request: Any, form: dict[str, str]) -> bool:
    """Double-submit check on top of Datasette's asgi-csrf, which lets cookie-less POSTs through.

    A cross-site form carries no ``ds_csrftoken`` cookie (SameSite=Lax), so
    asgi-csrf would skip it; here a review needs the cookie and the matching
    form field — unless the request proves itself with the access token header.
    """
    headers = {k.encode("latin-1"): v.encode("latin-1") for k, v in request.headers.items()}
    if header_token_ok(config, headers):
        return True
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return False
    cookie = request.cookies.get("ds_csrftoken", "")
    sent = form.get("csrftoken", "")
    if not (cookie and sent and secrets.compare_digest(cookie, sent)):
        return False
    try:  # a cookie this server signed, not one another page on this host wrote
        datasette.unsign(cookie, "csrftoken")
    except Exception:
        return False
    return True


async def review(datasette: Any, request: Any) -> Response:
    config = _config(datasette)
    claim_id = request.url_vars["claim_id"]
    if request.method != "POST":
        return Response.text("POST a review form here.\n", status=405, headers={"allow": "POST"})
    form = dict(await request.post_vars())
    wants_json = "application/json" in request.headers.get("accept", "")
    if not _csrf_ok(datasette, config, request, form):
        return Response.text(
            "Rejected: missing or wrong CSRF token. Reload the page and try again.\n", status=403
        )
    actor = request.actor or {}
    if not actor.get("id"):
        return Response.text("Rejected: no reviewer.\n", status=403)
    action = form.get("action", "")
    # Text fields were shown with hidden characters spelled out (⟨RLO⟩); put them back.
    changes = {f: unvisible_plain(form[f]) for f in REVIEW_FIELDS if f in form}

    def write(conn: Any) -> Any:
        row = conn.execute("SELECT document_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
        result = apply_review(
            conn, claim_id, action, reviewer=str(actor["id"]), changes=changes, note=form.get("note")
        )
        return row[0], result

    try:
        doc_id, result = await datasette.get_database(config.db_name).execute_write_fn(write, block=True)
    except ReviewError as exc:
        if wants_json:
            return Response.json({"ok": False, "error": str(exc)}, status=400)
        doc_id = await _read(
            datasette,
            lambda conn: (
                conn.execute("SELECT document_id FROM claims WHERE id = ?", (claim_id,)).fetchone() or [""]
            )[0],
        )
        if not doc_id:
            return await _not_found(datasette, request, str(exc))
        return await _document(datasette, request, doc_id, error=str(exc), error_claim=claim_id, status=400)
    if wants_json:
        return Response.json(
            {
                "ok": True,
                "review": {
                    "id": result.id,
                    "claim_id": result.claim_id,
                    "action": result.action,
                    "reviewer": result.reviewer,
                    "at": result.at,
                    "before": result.before,
                    "after": result.after,
                },
            }
        )
    where = f"/documents/{quote(doc_id)}?reviewed={result.id}#c-{quote(claim_id)}"
    return Response.redirect(where, status=303)


async def login(datasette: Any, request: Any) -> Response:
    config = _config(datasette)
    nxt = safe_next(request.args.get("next"))
    if not config.token:
        return Response.redirect(nxt)
    error = None
    if request.method == "POST":
        form = dict(await request.post_vars())
        nxt = safe_next(form.get("next"))
        name = (form.get("name") or "").strip()[:80]
        if not secrets.compare_digest(form.get("token", "").encode(), config.token.encode()):
            error = "That token is not right."
        elif not name:
            error = "Give your name: it goes into the audit log with every review."
        else:
            resp = Response.redirect(nxt, status=303)
            value = datasette.sign({"id": name, "t": token_fingerprint(config.token)}, AUTH_NAMESPACE)
            resp.set_cookie(AUTH_COOKIE, value, httponly=True, samesite="lax", max_age=14 * 24 * 3600)
            return resp
    return await _page(
        datasette,
        request,
        "login.html",
        {"next": nxt, "error": error, "default_name": config.reviewer},
        status=401 if error else 200,
    )


async def logout(datasette: Any, request: Any) -> Response:
    """Forget the login cookie (POST only, so a link elsewhere cannot log you out)."""
    if request.method != "POST":
        return Response.redirect("/documents")
    resp = Response.redirect("/-/login", status=303)
    resp.set_cookie(AUTH_COOKIE, "", httponly=True, samesite="lax", expires=0, max_age=0)
    return resp


ROUTES: tuple[tuple[str, Any], ...] = (
    (r"^/$", home),
    (r"^/documents$", documents),
    (r"^/documents/(?P<doc_id>[^/]+)$", document),
    (r"^/measures$", measures),
    (r"^/measures/(?P<measure_id>[^/]+)$", measure),
    (r"^/conflicts$", conflicts),
    (r"^/sources$", sources),
    (r"^/audit$", audit),
    (r"^/claims/(?P<claim_id>[^/]+)$", claim),
    (r"^/claims/(?P<claim_id>[^/]+)/review$", review),
    (r"^/-/login$", login),
    (r"^/-/logout$", logout),
)


# ---------------------------------------------------------------- people's decisions (POST)


async def _form(datasette: Any, request: Any) -> tuple[dict[str, str], str] | Response:
    """The posted form and the acting person, or the refusal to send back.

    Repeated ``claim`` fields (checkboxes) are kept, newline-joined, under ``claims``.
    """
    if request.method != "POST":
        return Response.text("POST a form here.\n", status=405, headers={"allow": "POST"})
    pairs = parse_qsl((await request.post_body()).decode("utf-8", "replace"), keep_blank_values=True)
    form = dict(pairs)
    form["claims"] = "\n".join(v for k, v in pairs if k == "claim")
    if not _csrf_ok(datasette, _config(datasette), request, form):
        return Response.text(
            "Rejected: missing or wrong CSRF token. Reload the page and try again.\n", status=403
        )
    actor = (request.actor or {}).get("id")
    if not actor:
        return Response.text("Rejected: no reviewer.\n", status=403)
    return form, str(actor)


async def _decide(datasette: Any, request: Any, fn: Any, *, back: str) -> Response:
    """Run one decision in the write thread; redirect to ``back`` with its summary, or show the error."""
    got = await _form(datasette, request)
    if isinstance(got, Response):
        return got
    form, actor = got
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        result = await datasette.get_database(_config(datasette).db_name).execute_write_fn(
            lambda conn: fn(conn, form, actor), block=True
        )
    except ClaimledgerError as exc:
        if wants_json:
            return Response.json({"ok": False, "error": str(exc)}, status=400)
        return await _page(
            datasette, request, "error.html", {"title": "Not saved", "message": str(exc)}, status=400
        )
    if wants_json:
        return Response.json(
            {"ok": True, "summary": result.summary, "decision": result.id, "target": result.target}
        )
    where = safe_next(form.get("next") or back)
    sep = "&" if "?" in where.split("#")[0] else "?"
    frag = ""
    if "#" in where:
        where, frag = where.split("#", 1)
        frag = "#" + frag
    return Response.redirect(f"{where}{sep}done={quote(result.summary)}{frag}", status=303)


async def flag_dismiss(datasette: Any, request: Any) -> Response:
    key = request.url_vars["flag_key"]
    return await _decide(
        datasette,
        request,
        lambda conn, form, actor: overrides.dismiss_flag(conn, key, note=form.get("note", ""), actor=actor),
        back="/conflicts",
    )


async def flag_restore(datasette: Any, request: Any) -> Response:
    key = request.url_vars["flag_key"]
    return await _decide(
        datasette,
        request,
        lambda conn, form, actor: overrides.restore_flag(conn, key, actor=actor, note=form.get("note")),
        back="/conflicts",
    )


def _merge(conn: Any, mid: str, form: dict[str, str], actor: str) -> overrides.Decision:
    into = (form.get("into_id") or "").strip() or (form.get("into") or "").strip()
    if not into:
        raise ReviewError("choose the measure to merge into, or give its id")
    return overrides.merge_measures(conn, mid, into, actor=actor, note=form.get("note"))


async def measure_merge(datasette: Any, request: Any) -> Response:
    mid = request.url_vars["measure_id"]
    return await _decide(
        datasette,
        request,
        lambda conn, form, actor: _merge(conn, mid, form, actor),
        back=f"/measures/{_q(mid)}",
    )


async def measure_unmerge(datasette: Any, request: Any) -> Response:
    mid = request.url_vars["measure_id"]
    return await _decide(
        datasette,
        request,
        lambda conn, form, actor: overrides.unmerge_measure(conn, mid, actor=actor, note=form.get("note")),
        back=f"/measures/{_q(mid)}",
    )


async def measure_split(datasette: Any, request: Any) -> Response:
    mid = request.url_vars["measure_id"]
    got = await _form(datasette, request)
    if isinstance(got, Response):
        return got
    form, actor = got
    ids = [c for c in form["claims"].split("\n") if c]

    def write(conn: Any) -> overrides.Decision:
        return overrides.split_measure(
            conn, mid, ids, actor=actor, label=form.get("label"), note=form.get("note")
        )

    try:
        d = await datasette.get_database(_config(datasette).db_name).execute_write_fn(write, block=True)
    except ClaimledgerError as exc:
        return await _page(
            datasette, request, "error.html", {"title": "Not saved", "message": str(exc)}, status=400
        )
    return Response.redirect(f"/measures/{_q(d.target)}?done={quote(d.summary)}", status=303)


async def measure_unsplit(datasette: Any, request: Any) -> Response:
    mid = request.url_vars["measure_id"]
    return await _decide(
        datasette,
        request,
        lambda conn, form, actor: overrides.unsplit_measure(conn, mid, actor=actor, note=form.get("note")),
        back="/measures",
    )


def _source_merge(conn: Any, form: dict[str, str], actor: str) -> overrides.Decision:
    a, b = (form.get("from") or "").strip(), (form.get("into") or "").strip()
    if not a or not b:
        raise ReviewError("name the source to merge and the source to merge it into")
    # merge_sources commits itself; the audit row follows in its own transaction right after.
    name_a, name_b = merge_sources(conn, a, b, SourceVocab.for_ledger(conn))
    with write_transaction(conn, f"the record of merging {a!r} into {b!r}"):
        did = overrides.log_decision(
            conn,
            "source-merge",
            b,
            actor=actor,
            note=(form.get("note") or "").strip() or None,
            before={"source": name_a, "ref": a},
            after={"into": name_b, "ref": b},
        )
    return overrides.Decision(did, "source-merge", b, f"merged {name_a!r} into {name_b!r}")


async def source_merge(datasette: Any, request: Any) -> Response:
    return await _decide(datasette, request, _source_merge, back="/sources")


async def bulk_review(datasette: Any, request: Any) -> Response:
    """Confirm or reject several claims at once: one review row each, all in one transaction."""
    got = await _form(datasette, request)
    if isinstance(got, Response):
        return got
    form, actor = got
    ids = [c for c in form["claims"].split("\n") if c]
    action = form.get("action", "")
    note = form.get("note")

    def write(conn: Any) -> list[str]:
        if action not in ("confirm", "reject"):
            raise ReviewError("bulk review is confirm or reject")
        if not ids:
            raise ReviewError("select at least one claim")
        with write_transaction(conn, f"bulk {action} of {len(ids)} claims"):
            for cid in ids:
                apply_review(conn, cid, action, reviewer=actor, note=note, recompute=False)
            # confirm and reject never move a claim: each of their measures is recomputed once
            reconcile_measures(conn, measures_of(conn, ids))
        return ids

    try:
        await datasette.get_database(_config(datasette).db_name).execute_write_fn(write, block=True)
    except ClaimledgerError as exc:
        return await _page(
            datasette, request, "error.html", {"title": "Not saved", "message": str(exc)}, status=400
        )
    back = safe_next(form.get("next"))
    sep = "&" if "?" in back else "?"
    done = f"{'confirmed' if action == 'confirm' else 'rejected'} {len(ids)} claims"
    return Response.redirect(f"{back}{sep}done={quote(done)}", status=303)


# Before the generic routes: /claims/bulk-review must not be taken for a claim id.
ROUTES = (
    (r"^/conflicts/(?P<flag_key>[^/]+)/dismiss$", flag_dismiss),
    (r"^/conflicts/(?P<flag_key>[^/]+)/restore$", flag_restore),
    (r"^/measures/(?P<measure_id>[^/]+)/merge$", measure_merge),
    (r"^/measures/(?P<measure_id>[^/]+)/unmerge$", measure_unmerge),
    (r"^/measures/(?P<measure_id>[^/]+)/split$", measure_split),
    (r"^/measures/(?P<measure_id>[^/]+)/unsplit$", measure_unsplit),
    (r"^/sources/merge$", source_merge),
    (r"^/claims/bulk-review$", bulk_review),
    *ROUTES,
)

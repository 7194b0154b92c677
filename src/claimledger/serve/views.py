"""HTTP handlers for the review pages: read a request, run a query, render a template.

Reads go through Datasette's read threads (``execute_fn``); the only write,
a review, goes through its single write thread (``execute_write_fn``) and the
one writer ``apply_review``. Every page is sent with a strict CSP.
"""

from __future__ import annotations

import json
import re
import secrets
from collections import Counter
from typing import Any
from urllib.parse import quote, urlsplit

from datasette import Response
from datasette.utils.asgi import BadRequest

from ..model import EVENTS, HEDGES, UNITS
from .chart import Point, svg_chart
from .config import ServeConfig, config_for
from .queries import (
    MEASURE_COLUMNS,
    RANK_LIMIT,
    audit_page,
    conflicts_page,
    document_page,
    documents_page,
    measure_page,
    measures_page,
    sources_page,
)
from .render import chain_names, format_value, highlight, marks_from_rows, unvisible_plain
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


def _document_context(data: dict[str, Any]) -> dict[str, Any]:
    kinds = {cid: [f["kind"] for f in fl] for cid, fl in data["flags"].items()}
    claims = data["claims"]
    for c in claims:
        c["value"] = format_value(c["low"], c["high"], c["hedge"], c["unit"])
        c["chain"] = chain_names(c["reported_by"])
        c["flag_rows"] = data["flags"].get(c["id"], [])
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
    data = await _read(datasette, lambda conn: document_page(conn, doc_id))
    if data is None:
        return await _not_found(datasette, request, f"No document with id {doc_id}.")
    ctx = _document_context(data)
    ctx.update(error=error, error_claim=error_claim, reviewed=request.args.get("reviewed"))
    return await _page(datasette, request, "document.html", ctx, status=status)


async def measures(datasette: Any, request: Any) -> Response:
    args = {k: (request.args.get(k) or "").strip() for k in ("q", "event")}
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: measures_page(conn, page=page, **args))
    return await _page(
        datasette, request, "measures.html", {**data, "args": args, "page": page, "all_events": EVENTS}
    )


async def measure(datasette: Any, request: Any) -> Response:
    measure_id = request.url_vars["measure_id"]
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: measure_page(conn, measure_id, page=page))
    if data is None:
        return await _not_found(datasette, request, f"No measure with id {measure_id}.")

    def series(name: str | None, source_id: int | None, own_outlet: str | None) -> str:
        if name:
            return name
        if source_id is None:  # the article's own voice: the outlet is the one saying it
            return f"{own_outlet or 'unknown outlet'} (own voice)"
        return "(unnamed source)"

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
        points.append(
            Point(p[day], lo, hi, series(p[name], p[sid], p[outlet]), href, None, p[hedge], p[unit])
        )
    counts = Counter(p.series for p in points)
    order = [s for s, _ in counts.most_common(_MAX_SERIES)]
    for c in data["claims"]:
        c["value"] = format_value(c["low"], c["high"], c["hedge"], c["unit"])
        c["series"] = series(c["source_name"], c["source_id"], c["own_outlet"])
    chart = svg_chart(points, order, data["measure"]["label"])
    return await _page(
        datasette,
        request,
        "measure.html",
        {
            **data,
            "chart": chart,
            "series": order,
            "other_series": max(len(counts) - len(order), 0),
            "page": page,
            "charted": len(points),
        },
    )


async def conflicts(datasette: Any, request: Any) -> Response:
    kind = (request.args.get("kind") or "").strip()
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: conflicts_page(conn, kind=kind, page=page))
    for f in data["flags"]:
        for c in f["claims"]:
            c["value"] = format_value(c["low"], c["high"], c["hedge"], c["unit"])
    return await _page(datasette, request, "conflicts.html", {**data, "kind": kind, "page": page})


async def sources(datasette: Any, request: Any) -> Response:
    q = (request.args.get("q") or "").strip()
    page = _int(request.args.get("page"))
    data = await _read(datasette, lambda conn: sources_page(conn, q=q, page=page))
    return await _page(datasette, request, "sources.html", {**data, "q": q, "page": page})


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
    for r in data["reviews"]:
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

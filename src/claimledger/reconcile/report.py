"""The conflicts report: flags with the claims behind them, read back from the ledger and rendered.

Every claim is shown as somebody's claim ("X says …", "unattributed: the
article says …") with the figure as written, its hedge and date, where it was
published and the sentence it came from, so a reader can judge it without
opening the article. Nothing is presented as a fact.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule

from .flags import FLAG_KINDS, KIND_STYLE
from .types import GRADE_SQL


@dataclass(frozen=True, slots=True)
class ReportClaim:
    """One claim behind a flag, with what a reader needs to judge it."""

    claim_id: str
    source: str | None  # the party as the ledger names it; None for the article's own voice
    attributed: bool
    text: str  # the figure as written
    hedge: str
    hedge_text: str | None
    low: float | None
    high: float | None
    unit: str
    event: str
    date: str | None
    outlet: str | None
    title: str | None
    url: str | None
    sentence: str
    grade: str | None

    def says(self) -> str:
        """'X says “more than 4,100”' or 'unattributed: the article says “40”'."""
        figure = f"{self.hedge_text.strip()} {self.text}" if self.hedge_text else self.text
        if self.attributed and self.source:
            return f"{self.source} says “{figure}”"
        where = f" ({self.outlet})" if self.outlet else ""
        return f"unattributed: the article{where} says “{figure}”"


@dataclass(frozen=True, slots=True)
class Conflict:
    """A flag as the report shows it."""

    flag_id: int
    kind: str
    measure_id: str | None
    measure: str | None
    detail: str
    claims: tuple[ReportClaim, ...]
    flag_key: str | None = None  # stable across reconciles: what `flags dismiss` takes
    dismissed: str | None = None  # the note, when a person dismissed the flag


def _where(kind: str | None, measure: str | None, dismissed: bool = False) -> tuple[str, list[str]]:
    sql, args = [] if dismissed else ["f.dismissed = 0"], []
    if kind:
        sql.append("f.kind = ?")
        args.append(kind)
    if measure:
        sql.append("(f.measure_id = ? OR m.label LIKE ?)")
        args += [measure, f"%{measure}%"]
    return (" WHERE " + " AND ".join(sql)) if sql else "", args


def conflicts(
    conn: sqlite3.Connection,
    *,
    kind: str | None = None,
    measure: str | None = None,
    limit: int | None = None,
    dismissed: bool = False,
) -> list[Conflict]:
    """Flags (optionally of one kind / one measure, by id or words of its label), grouped by measure.

    Flags a person dismissed are left out unless ``dismissed``.
    Order: measure label, then kind (contradiction, regression, drift, unattributed), then measure id
    (labels may repeat), then flag id: the order of a full reconcile's ids, whichever run wrote them
    (a re-run gives recomputed measures' flags new ids after the highest).
    """
    where, args = _where(kind, measure, dismissed)
    order = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(FLAG_KINDS))
    sql = (
        "SELECT f.id, f.kind, f.measure_id, m.label, f.detail, f.flag_key, "
        "CASE WHEN f.dismissed THEN coalesce(f.dismiss_note, '') END FROM flags f "
        f"LEFT JOIN measures m ON m.id = f.measure_id{where} "
        f"ORDER BY m.label IS NULL, m.label, CASE f.kind {order} ELSE 9 END, f.measure_id, f.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cur = conn.cursor()
    cur.row_factory = None
    flags = cur.execute(sql, args).fetchall()
    if not flags:
        return []
    claims: dict[int, list[ReportClaim]] = {f[0]: [] for f in flags}
    rows = cur.execute(
        """SELECT fc.flag_id, c.id, COALESCE(s.name, c.source), c.source IS NOT NULL, c.text, c.hedge,
                  c.hedge_text, c.low, c.high, c.unit, c.event, COALESCE(c.as_of, d.published), d.outlet,
                  d.title, d.url, substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start),
                  """ + GRADE_SQL + """
           FROM flags f
           LEFT JOIN measures m ON m.id = f.measure_id
           JOIN flag_claims fc ON fc.flag_id = f.id
           JOIN claims c ON c.id = fc.claim_id
           JOIN documents d ON d.id = c.document_id
           LEFT JOIN sources s ON s.id = c.source_id
           LEFT JOIN claim_grades g ON g.claim_id = c.id"""
        + where
        + " ORDER BY fc.flag_id, COALESCE(c.as_of, d.published), c.id",
        args,
    )
    for fid, *rest in rows:
        if fid in claims:
            cid, src, attributed, *more = rest
            claims[fid].append(ReportClaim(cid, src if attributed else None, bool(attributed), *more))
    return [
        Conflict(fid, k, mid, label, detail, tuple(claims[fid]), key, note)
        for fid, k, mid, label, detail, key, note in flags
    ]


def count_flags(
    conn: sqlite3.Connection, *, kind: str | None = None, measure: str | None = None, dismissed: bool = False
) -> int:
    where, args = _where(kind, measure, dismissed)
    row = conn.execute(f"SELECT count(*) FROM flags f LEFT JOIN measures m ON m.id = f.measure_id{where}",
                       args).fetchone()
    return int(row[0])


def render_table(
    items: list[Conflict], console: Console, *, total: int | None = None, claims_per_flag: int = 8,
    ids: bool = False,
) -> None:
    """The human report: per measure a heading, per flag its explanation and the claims behind it."""
    if not items:
        console.print("No flags: no contradictions, regressions, drift or unattributed figures found.")
        return
    current: object = object()
    for c in items:
        if c.measure_id != current:
            current = c.measure_id
            console.print()
            console.print(Rule(escape(c.measure or "claims without a measure"), align="left", style="dim"))
        ref = f" [dim](flag {c.flag_id}, key {c.flag_key})[/]" if ids and c.flag_key else ""
        console.print(f"[{KIND_STYLE.get(c.kind, 'bold')}]{c.kind.upper()}[/] {escape(c.detail)}{ref}")
        if c.dismissed is not None:
            console.print(f"  [dim]dismissed: {escape(c.dismissed)}[/]")
        for rc in c.claims[:claims_per_flag]:
            meta = " · ".join(x for x in (rc.hedge, rc.date or "undated", rc.grade) if x)
            where = rc.outlet or "unknown outlet"
            if rc.title:
                where += f", “{rc.title}”"
            console.print(f"  • [bold]{escape(rc.says())}[/]  [dim]({escape(meta)} — {escape(where)})[/]")
            sentence = " ".join(rc.sentence.split())
            console.print(f"    [italic]“{escape(sentence)}”[/]", highlight=False)
        if len(c.claims) > claims_per_flag:
            console.print(f"  [dim]… and {len(c.claims) - claims_per_flag} more claims "
                          "(--format json or csv lists them all)[/]")
    shown = len(items)
    if total is not None and total > shown:
        console.print(f"\n[dim]{shown} of {total} flags shown; use --limit, --kind or --measure, "
                      "or --format json for all.[/]")


def to_json(items: list[Conflict]) -> str:
    out: list[dict[str, Any]] = []
    for c in items:
        d = asdict(c)
        for rc, cd in zip(c.claims, d["claims"], strict=True):
            cd["says"] = rc.says()
        out.append(d)
    return json.dumps(out, ensure_ascii=False, indent=2)


CSV_FIELDS = [
    "flag_id", "kind", "measure_id", "measure", "detail", "claim_id", "says", "source", "attributed", "text",
    "hedge", "low", "high", "unit", "event", "date", "outlet", "title", "url", "sentence", "grade",
]


def to_csv(items: list[Conflict]) -> str:
    """One row per flag and claim."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for c in items:
        for rc in c.claims:
            row = {"flag_id": c.flag_id, "kind": c.kind, "measure_id": c.measure_id, "measure": c.measure,
                   "detail": c.detail, "says": rc.says()}
            w.writerow({**row, **asdict(rc)})
    return buf.getvalue()

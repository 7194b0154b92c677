"""Review-page latency on a generated big ledger: the aim is p95 <= 100 ms per page.

Two loads, both printed. Closed loop (always): 20 clients send their next
request the moment the last answer arrives, with no pause: a saturation test,
whose latency is about clients / throughput, so it measures throughput. Open
loop (--rates R...): requests due at fixed arrival rates, as a desk's reviewers
load a server (100/s is hundreds of reviewers clicking every few seconds): the
p95 there is the latency a reviewer sees, and the aim is read at those rates.

    .venv/bin/python benchmarks/bench_serve.py                    # 1M claims, 20 clients
    .venv/bin/python benchmarks/bench_serve.py --claims 10000000  # the target size (build ~minutes)
    .venv/bin/python benchmarks/bench_serve.py --claims 100000    # quicker look

The ledger (cached in .bench/, rebuilt with --rebuild) is written with SQL
alone into the real schema (``open_ledger`` runs the migrations; see
``build``): articles of 10 sentences, each sentence one attributed figure,
300 sources with a few aliases each, measures of ~20 claims, 20 big measures of
~2,000 claims and one headline toll of --huge (100,000) claims, contradiction
flags on about 4% of claims, graded contested (the rest read as single).

Then a real ``claimledger serve`` process listens on a free 127.0.0.1 port and
20 concurrent clients (keep-alive HTTP/1.1 connections on asyncio, in this
process) fetch random document pages, then random measure pages, then
big-measure pages, then pages of the huge measure (its first page and pages
deep into its claims), then pages of the measures list (by name, and narrowed
to an event and a place and sorted by a statistic; the sorted list is not run
open loop, see NOT_OPEN_LOOP); each phase stops after --requests requests or
--seconds seconds, whichever comes first. Prints p50/p95/p99/max latency, requests/s,
the server's CPU time per request (closed-loop latency is about clients x CPU
per request once the server's core is saturated), how that CPU was shared by
the workers, and the clients' own CPU per request (they run in this process, on
the same cores). The clients keep the cookies the server sets, as a browser
does; --no-cookies is the client before 2026-12-06 (no cookie, so every page
made and signed a new CSRF token). --rates R... adds open-loop phases: requests
due at a fixed rate, latency counted from when each was due. Loopback only;
nothing else is contacted.

    .venv/bin/python benchmarks/bench_serve.py --claims 10000000 --seconds 30 --workers 2 --rates 50 100
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import httpx

from claimledger.ledger import open_ledger
from claimledger.ledger.reconcile_state import mark_reconciled

ROOT = Path(__file__).resolve().parents[1]
# Aggregations a reviewer starts by sorting, not pages read at a steady rate: at --rates
# arrival rates their ~0.3 s of CPU each would queue without end, so only the closed loop runs them.
NOT_OPEN_LOOP = {"measures sorted"}
EVENTS = [
    ("killed", "civilians"),
    ("injured", "people"),
    ("displaced", "residents"),
    ("detained", "protesters"),
    ("missing", "fishermen"),
    ("destroyed", "homes"),
    ("attacks", "drone strikes"),
]
PLACES = [
    "Brennick",
    "Varnia",
    "Oster Vale",
    "Lumen Port",
    "Kastrel",
    "the northern districts",
    "Harrow Gate",
]
START = date(2030, 1, 1)
CLAIM_COLUMNS = (
    "id, document_id, span_start, span_end, text, low, high, hedge, hedge_text, unit, event, event_text, "
    "subject, subject_start, subject_end, place, place_start, place_end, as_of, period_start, time_text, "
    "source, source_start, source_end, source_id, cue, cue_start, cue_end, reported_by, sentence_start, "
    "sentence_end, rules, measure_id, machine"
)


def _source_names(n: int) -> list[list[str]]:
    bodies = [
        "Ministry of Health",
        "health ministry",
        "army",
        "civil defence",
        "UN office",
        "Red Crescent",
        "police",
        "governor's office",
        "rebel command",
        "monitoring group",
    ]
    out = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        body = bodies[(i // len(PLACES)) % len(bodies)]
        tag = f" unit {i}" if i >= len(PLACES) * len(bodies) else ""
        out.append(
            [f"{place}'s {body}{tag}", f"the {body} in {place}{tag}", f"{place} {body}{tag} officials"]
        )
    return out


N_SOURCES = 300
N_BIG, PER_BIG = 20, 2000
HEADER = "Report {d:08d}.\n\n"  # 18 characters: every document starts with it
# Every sentence has the same length, so a claim's spans are arithmetic on (document, position).
SENTENCE = "{src:<44.44} said that {value:6d} civilians had been killed in {place:<12.12} since {since}. "
FIG = len("x" * 44 + " said that ")
SLEN = len(SENTENCE.format(src="", value=123456, place="", since="2030-01-01"))
HLEN = len(HEADER.format(d=0))


def _h(i: str) -> str:
    """A well-mixed deterministic integer of the claim number ``i`` (SQL)."""
    return f"(({i}) * 2654435761 % 4294967291)"


def _sentence_sql(i: str) -> str:
    h = _h(i)
    return (
        f"printf('%-44.44s said that %6d civilians had been killed in %-12.12s since %s. ', "
        f"(SELECT name FROM sources WHERE id = 1 + ({h} / 7) % {N_SOURCES}), 100000 + {h} % 900000, "
        f"CASE ({h} / 29) % 7 {' '.join(f'WHEN {k} THEN {p!r}' for k, p in enumerate(PLACES))} END, "
        f"date('{START.isoformat()}', '+' || ((({i}) / 10) * 37 % 300) || ' days'))"
    )


def build(path: Path, n_claims: int, huge: int = 100_000) -> None:
    """Write a ledger of ``n_claims`` claims at ``path`` with SQL alone (no extraction, no Python rows).

    Ten claims per article, 300 sources, one measure of ``huge`` claims, 20 of about
    2,000, the rest of about 20; contradiction flags on about 4% of claims, a grade
    for every claim. The claims' indexes are dropped while rows go in (in key
    order) and built again afterwards, which is what makes 10M rows feasible.
    The full-text index is marked caught up without being built: the benchmark
    measures document and measure pages, not search (search on this ledger is
    therefore empty).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_ledger(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -300000")
    t0 = time.perf_counter()
    huge = min(huge, n_claims // 4)
    n_docs = max(1, n_claims // 10)
    n_claims = n_docs * 10
    n_measures = max(1, (n_claims - huge - N_BIG * PER_BIG) // 20)
    big_share = min(0.5, N_BIG * PER_BIG / n_claims)
    huge_cut, big_cut = round(1e6 * huge / n_claims), round(1e6 * (huge / n_claims + big_share))

    conn.execute("BEGIN")
    for sid, forms in enumerate(_source_names(N_SOURCES), 1):
        conn.execute("INSERT INTO sources (id, name, key) VALUES (?, ?, ?)", (sid, forms[0], f"k{sid}"))
        for form in forms:
            conn.execute(
                "INSERT OR IGNORE INTO source_aliases (alias_key, alias, source_id, origin) "
                "VALUES (?, ?, ?, 'auto')",
                (form.lower(), form, sid),
            )
    events = " ".join(f"WHEN {k} THEN {e!r}" for k, (e, _) in enumerate(EVENTS))
    subjects = " ".join(f"WHEN {k} THEN {s!r}" for k, (_, s) in enumerate(EVENTS))
    places = " ".join(f"WHEN {k} THEN {p!r}" for k, p in enumerate(PLACES))
    conn.execute(
        f"""INSERT INTO measures (id, event, subject, place, period_start, unit, label)
        WITH RECURSIVE n(m) AS (SELECT 0 UNION ALL SELECT m + 1 FROM n WHERE m + 1 < ?)
        SELECT printf('m%07d', m), CASE m % 7 {events} END, CASE m % 7 {subjects} END,
               CASE (m / 7) % 7 {places} END, date('{START.isoformat()}', '+' || (m * 37 % 300) || ' days'),
               'count', printf('%s %s in %s #%d', CASE m % 7 {subjects} END, CASE m % 7 {events} END,
               CASE (m / 7) % 7 {places} END, m)
        FROM n""",
        (n_measures + N_BIG,),
    )
    conn.execute(
        "INSERT INTO measures (id, event, subject, place, period_start, unit, label) VALUES "
        "('mhuge', 'killed', 'civilians', 'Brennick', '2030-01-01', 'count', "
        "'civilians killed in Brennick since 2030-01-01 (the headline toll)')"
    )
    conn.execute("COMMIT")
    dropped = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('claims', 'flag_claims') "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in dropped:
        conn.execute(f"DROP INDEX {name}")
    sentences = " || ".join(_sentence_sql(f"d * 10 + {k}") for k in range(10))
    conn.execute("BEGIN")
    conn.execute(
        f"""INSERT INTO documents (id, text, title, url, outlet, published, origin, format, rules, added_at,
                                   claim_count)
        WITH RECURSIVE n(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM n WHERE d + 1 < ?)
        SELECT printf('%032x', d), printf('Report %08d.' || char(10) || char(10), d) || {sentences},
               printf('Report %d: fighting around %s', d, CASE d % 7 {places} END),
               printf('https://example.org/%d', d), printf('Outlet %d', d % 40),
               date('{START.isoformat()}', '+' || (d * 37 % 365) || ' days'), printf('bench:%d', d), 'txt',
               'bench.v1', '2030-12-31T00:00:00+00:00', 10
        FROM n""",
        (n_docs,),
    )
    print(f"  documents: {time.perf_counter() - t0:.0f} s", flush=True)
    h = _h("i")
    conn.execute(
        f"""INSERT INTO claims ({CLAIM_COLUMNS})
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
        SELECT printf('%032x%02d', i / 10, i % 10), printf('%032x', i / 10),
               {HLEN} + (i % 10) * {SLEN} + {FIG}, {HLEN} + (i % 10) * {SLEN} + {FIG} + 6,
               printf('%d', 100000 + {h} % 900000), 100000 + {h} % 900000,
               CASE WHEN ({h} / 11) % 4 = 2 THEN NULL ELSE 100000 + {h} % 900000 END,
               CASE ({h} / 11) % 4 WHEN 0 THEN 'exact' WHEN 1 THEN 'about' WHEN 2 THEN 'more_than'
                    ELSE 'at_least' END, NULL, 'count', 'killed', 'killed',
               'civilians', NULL, NULL, CASE ({h} / 29) % 7 {places} END, NULL, NULL,
               date('{START.isoformat()}', '+' || ((i / 10) * 37 % 365 - ({h} / 23) % 3) || ' days'),
               NULL, NULL, substr(s.name, 1, 44), {HLEN} + (i % 10) * {SLEN},
               {HLEN} + (i % 10) * {SLEN} + min(length(s.name), 44),
               s.id, 'said', NULL, NULL, NULL, {HLEN} + (i % 10) * {SLEN}, {HLEN} + (i % 10 + 1) * {SLEN} - 1,
               'bench.v1',
               CASE WHEN ({h} / 13) % 1000000 < {huge_cut} THEN 'mhuge'
                    WHEN ({h} / 13) % 1000000 < {big_cut}
                    THEN printf('m%07d', {n_measures} + ({h} / 17) % {N_BIG})
                    ELSE printf('m%07d', ({h} / 19) % {n_measures}) END,
               '{{}}'
        FROM n JOIN sources s ON s.id = 1 + ({h} / 7) % {N_SOURCES}""",
        (n_claims,),
    )
    print(f"  claims: {time.perf_counter() - t0:.0f} s", flush=True)
    conn.execute(
        """INSERT INTO flags (id, kind, measure_id, detail)
        SELECT rowid, 'contradiction', measure_id, 'two sources give figures that cannot both hold'
        FROM claims WHERE rowid % 25 = 0"""
    )
    conn.execute(
        "INSERT INTO flag_claims (flag_id, claim_id) SELECT rowid, id FROM claims WHERE rowid % 25 = 0 "
        "UNION ALL SELECT c.rowid - 1, c.id FROM claims c WHERE c.rowid % 25 = 1 AND c.rowid > 1"
    )
    # A claim with no grade row reads as 'single' (migration 0019): only the flagged ones get a row.
    conn.execute(
        "INSERT OR IGNORE INTO claim_grades (claim_id, grade) SELECT claim_id, 'contested' FROM flag_claims"
    )
    conn.execute("UPDATE search_index_state SET indexed_upto = (SELECT max(rowid) FROM documents)")
    # The flags and grades above stand for reconciliation's: without this the server's start
    # would reconcile the whole ledger first (the triggers marked it stale while rows went in).
    mark_reconciled(conn)
    conn.execute("COMMIT")
    print(f"  flags and grades: {time.perf_counter() - t0:.0f} s", flush=True)
    for _, sql in dropped:
        conn.execute(sql)
    print(f"  indexes: {time.perf_counter() - t0:.0f} s", flush=True)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    print(
        f"built {path}: {n_docs:,} documents, {n_measures + N_BIG + 1:,} measures, "
        f"{n_claims:,} claims (one measure of {huge:,}) in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _get(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    path: str,
    jar: dict[str, str] | None = None,
) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status, reads the whole body.

    A hand-rolled client because on a small shared machine httpx's own CPU
    cost per request is as large as the server's and would be measured too.
    With a ``jar`` it keeps the cookies the server sets and sends them back, as
    a reviewer's browser does (the CSRF cookie: without it the server makes
    and signs a new token for every page).
    """
    cookie = f"Cookie: {'; '.join(f'{k}={v}' for k, v in jar.items())}\r\n" if jar else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n{cookie}\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for ln in lines[1:]:
        key, _, value = ln.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "set-cookie" and jar is not None:
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
        elif ln:
            headers[key] = value
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _phase(
    base: str, paths: list[str], clients: int, max_requests: int, max_seconds: float, cookies: bool = True
) -> list[float]:
    """Run ``clients`` closed-loop clients over ``paths`` until the request or time budget is spent."""
    latencies: list[float] = []
    issued = 0
    deadline = time.monotonic() + max_seconds
    rnd = random.Random(1)
    host = base.split("//", 1)[1]
    addr, port = host.rsplit(":", 1)

    async def worker() -> None:
        nonlocal issued
        reader, writer = await asyncio.open_connection(addr, int(port))
        jar: dict[str, str] | None = {} if cookies else None
        try:
            while issued < max_requests and time.monotonic() < deadline:
                issued += 1
                path = paths[rnd.randrange(len(paths))]
                t = time.perf_counter()
                status = await asyncio.wait_for(_get(reader, writer, host, path, jar), 30)
                latencies.append(time.perf_counter() - t)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies


async def _open_loop(base: str, paths: list[str], rate: float, seconds: float) -> tuple[list[float], int]:
    """Requests at a fixed arrival rate, whatever the server's pace (open loop).

    Request i is due at ``i / rate`` seconds; its latency runs from when it was
    due, not from when a connection was free, so a slow answer delays the
    requests behind it in the figures too (no coordinated omission). Idle
    keep-alive connections are reused, the most recently used first; one idle
    for longer than ``IDLE_SECONDS`` is dropped (the server closes them after 5 s)
    and a new one is opened when none is idle. Returns the latencies and how many
    connections were opened.
    """
    host = base.split("//", 1)[1]
    addr, port = host.rsplit(":", 1)
    rnd = random.Random(1)
    idle: list[tuple[float, asyncio.StreamReader, asyncio.StreamWriter, dict[str, str]]] = []
    opened = 0
    latencies: list[float] = []

    async def one(due: float, path: str) -> None:
        nonlocal opened
        now = time.perf_counter()
        while idle and now - idle[0][0] > IDLE_SECONDS:
            idle.pop(0)[2].close()
        if idle:
            _, reader, writer, jar = idle.pop()
        else:
            opened += 1
            reader, writer = await asyncio.open_connection(addr, int(port))
            jar = {}
        status = await asyncio.wait_for(_get(reader, writer, host, path, jar), 30)
        latencies.append(time.perf_counter() - due)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        idle.append((time.perf_counter(), reader, writer, jar))

    start = time.perf_counter()
    tasks = []
    for i in range(int(rate * seconds)):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due, paths[rnd.randrange(len(paths))])))
    await asyncio.gather(*tasks)
    for _, _, writer, _ in idle:
        writer.close()
    return latencies, opened


IDLE_SECONDS = 3.0


def _worker_cpu(pid: int) -> dict[int, float]:
    """User+system CPU seconds of the server process and each of its worker processes (Linux /proc)."""
    out: dict[int, float] = {}
    try:
        pids = [pid]
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(c) for c in (task / "children").read_text().split()]
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            out[p] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return {}
    return out


def _client_cpu() -> float:
    """CPU seconds this process (the clients) has used."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _report(
    name: str,
    lat: list[float],
    seconds: float,
    cpu0: dict[int, float],
    cpu1: dict[int, float],
    client_cpu: float,
) -> None:
    ms = sorted(x * 1000 for x in lat)
    q = statistics.quantiles(ms, n=100)
    spent = {p: cpu1[p] - cpu0.get(p, 0.0) for p in cpu1}
    server = sum(spent.values())
    # the workers' shares (the supervisor's own few ticks left out): do the workers share the load?
    shares = sorted((v for v in spent.values() if v > 0.02 * server), reverse=True) if server else []
    split = "/".join(f"{v / server:.0%}" for v in shares) if len(shares) > 1 else ""
    per = f"  server CPU {server / len(ms) * 1000:5.1f} ms/req" if cpu1 else ""
    print(
        f"{name:<22} n={len(ms):>5}  p50={q[49]:6.1f} ms  p95={q[94]:6.1f} ms  p99={q[98]:6.1f} ms  "
        f"max={ms[-1]:6.1f} ms  {len(ms) / seconds:6.1f} req/s{per}"
        f"{f' (workers {split})' if split else ''}  client CPU {client_cpu / len(ms) * 1000:4.2f} ms/req",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--huge", type=int, default=100_000, help="claims in the one huge measure")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--requests", type=int, default=3000, help="per page kind")
    ap.add_argument("--seconds", type=float, default=60, help="per page kind")
    ap.add_argument("--db", type=Path, default=None, help="ledger to use (default .bench/serve-<claims>.db)")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument(
        "--no-cookies",
        action="store_true",
        help="clients send no cookies (the benchmark's client before 2026-12-06: every page then makes "
        "and signs a new CSRF token)",
    )
    ap.add_argument(
        "--rates",
        type=float,
        nargs="*",
        default=[],
        help="after the closed-loop phases, also requests at these fixed arrival rates (per second, "
        "open loop) for --seconds each, per page kind",
    )
    args = ap.parse_args()

    db = args.db or ROOT / ".bench" / f"serve-sql-{args.claims}.db"
    if args.rebuild or not db.exists():
        build(db, args.claims, args.huge)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rnd = random.Random(3)
    n_docs = conn.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    doc_ids = [
        conn.execute("SELECT id FROM documents WHERE rowid = ?", (rnd.randrange(1, n_docs + 1),)).fetchone()[
            0
        ]
        for _ in range(2000)
    ]
    sizes = conn.execute("SELECT measure_id, count(*) AS n FROM claims GROUP BY measure_id").fetchall()
    conn.close()
    small = [m for m, n in sizes if n < 200]
    big = [m for m, n in sizes if 200 <= n < 20_000]
    huge = [m for m, n in sizes if n >= 20_000]
    typical = statistics.median(n for _, n in sizes)
    largest = max(n for _, n in sizes)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "claimledger.cli",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--reviewer",
        "bench",
        "--workers",
        str(args.workers),
    ]
    server = subprocess.Popen(cmd, env={**os.environ, "CLAIMLEDGER_TOKEN": ""})
    try:
        deadline = time.monotonic() + 180  # the first start may build the 0004 indexes
        while True:
            try:
                if httpx.get(f"{base}/documents", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        load = os.getloadavg()[0]
        print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} before the run", flush=True)
        print(
            f"ledger {db.name}: {sum(n for _, n in sizes):,} claims; measures median {typical:.0f} claims, "
            f"largest {largest:,}; {args.clients} clients, <= {args.requests} requests or "
            f"{args.seconds:.0f} s per page",
            flush=True,
        )
        phases = [
            ("document page", [f"/documents/{d}" for d in doc_ids]),
            (
                "measure page",
                [f"/measures/{m}" for m in random.Random(4).sample(small, min(2000, len(small)))],
            ),
            ("big measure page", [f"/measures/{m}" for m in big]),
            # the headline toll: its first page, and pages further into its claims
            (
                "huge measure page",
                [f"/measures/{m}?page={p}" for m in huge for p in (1, 1, 1, 2, 5, 20, 100)],
            ),
            # the list of measures: by name (the default), and narrowed to an event and a
            # place and sorted by a statistic (a whole-ledger statistic sort is not a page view)
            # pages 1-50 (2,500 measures in): a page further in costs ~0.1 ms more per page skipped
            ("measures list", [f"/measures?page={p}" for p in range(1, 51)]),
            (
                "measures sorted",
                [
                    f"/measures?sort={s}&event={e}&place={quote(p)}"
                    for s in ("claims", "sources", "latest", "spread")
                    for e, _ in EVENTS
                    for p in PLACES
                ],
            ),
        ]
        for name, paths in phases:
            if not paths:
                continue
            asyncio.run(_phase(base, paths[:50], args.clients, args.clients * 2, 10))  # warm-up
            t, cpu0, c0 = time.perf_counter(), _worker_cpu(server.pid), _client_cpu()
            lat = asyncio.run(
                _phase(base, paths, args.clients, args.requests, args.seconds, cookies=not args.no_cookies)
            )
            seconds, cpu1, c1 = time.perf_counter() - t, _worker_cpu(server.pid), _client_cpu()
            _report(name, lat, seconds, cpu0, cpu1, c1 - c0)
        for rate in args.rates:
            for name, paths in phases:
                if not paths or name in NOT_OPEN_LOOP:
                    continue
                t, cpu0, c0 = time.perf_counter(), _worker_cpu(server.pid), _client_cpu()
                lat, opened = asyncio.run(_open_loop(base, paths, rate, args.seconds))
                seconds, cpu1, c1 = time.perf_counter() - t, _worker_cpu(server.pid), _client_cpu()
                _report(f"{name} @{rate:g}/s", lat, seconds, cpu0, cpu1, c1 - c0)
                print(f"{'':<22} open loop: {opened} connections", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

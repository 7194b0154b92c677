"""Review-page latency on a generated 1M-claim ledger: the aim is p95 <= 100 ms with 20 clients.

    .venv/bin/python benchmarks/bench_serve.py                   # 1M claims, 20 clients
    .venv/bin/python benchmarks/bench_serve.py --claims 100000   # quicker look

The ledger (cached in .bench/, rebuilt with --rebuild) is written with bulk SQL
into the real schema (``open_ledger`` runs the migrations): 100,000 articles
of 10 sentences, each sentence one attributed figure, 300 sources with a few
aliases each, 50,000 measures of ~20 claims plus 20 big measures of ~2,000
claims, contradiction flags on about 4% of claims, a grade for every claim.

Then a real ``claimledger serve`` process listens on a free 127.0.0.1 port and
20 concurrent clients (keep-alive HTTP/1.1 connections on asyncio, in this
process) fetch random document pages, then random measure pages, then
big-measure pages; each phase stops after --requests requests or --seconds
seconds, whichever comes first. Prints p50/p95/p99/max latency, requests/s and
the server's CPU time per request (closed-loop latency is about clients x CPU
per request once the server's core is saturated). Loopback only; nothing else
is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from claimledger.ledger import open_ledger

ROOT = Path(__file__).resolve().parents[1]
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
CUES = ["said", "reported", "estimated", "told reporters", "put the figure at"]
HEDGES = [("exact", ""), ("about", "about "), ("more_than", "more than "), ("at_least", "at least ")]
FILLER = (
    "Residents described long queues at the crossing and shortages of fuel and water. "
    "Aid convoys were delayed again at the checkpoint. "
)
START = date(2030, 1, 1)
CLAIM_COLUMNS = (
    "id, document_id, span_start, span_end, text, low, high, hedge, hedge_text, unit, event, event_text, "
    "subject, subject_start, subject_end, place, place_start, place_end, as_of, period_start, time_text, "
    "source, source_start, source_end, source_id, cue, cue_start, cue_end, reported_by, sentence_start, "
    "sentence_end, rules, measure_id, machine"
)


def _source_names(rnd: random.Random, n: int) -> list[list[str]]:
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


def build(path: Path, n_claims: int, seed: int = 7) -> None:
    """Write a ledger of about ``n_claims`` claims at ``path`` (bulk inserts, one transaction per table)."""
    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_ledger(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    t0 = time.perf_counter()

    names = _source_names(rnd, 300)
    conn.execute("BEGIN")
    for sid, forms in enumerate(names, 1):
        conn.execute("INSERT INTO sources (id, name, key) VALUES (?, ?, ?)", (sid, forms[0], f"k{sid}"))
        for form in forms:
            conn.execute(
                "INSERT OR IGNORE INTO source_aliases (alias_key, alias, source_id, origin) "
                "VALUES (?, ?, ?, 'auto')",
                (form.lower(), form, sid),
            )
    n_big, per_big = 20, 2000
    n_measures = (
        max(1, (n_claims - n_big * per_big) // 20) if n_claims > n_big * per_big * 2 else n_claims // 20
    )
    measures = []
    for m in range(n_measures + n_big):
        event, subject = EVENTS[m % len(EVENTS)]
        place = PLACES[(m // len(EVENTS)) % len(PLACES)]
        since = (START + timedelta(days=(m * 37) % 300)).isoformat()
        mid = f"m{m:07d}"
        measures.append((mid, event, subject, place, since))
        conn.execute(
            "INSERT INTO measures (id, event, subject, place, period_start, unit, label) "
            "VALUES (?, ?, ?, ?, ?, 'count', ?)",
            (mid, event, subject, place, since, f"{subject} {event} in {place} since {since} #{m}"),
        )
    conn.execute("COMMIT")

    big = measures[n_measures:]
    n_docs = max(1, n_claims // 10)
    doc_rows, claim_rows, flag_pairs = [], [], []
    outlets = [f"Outlet {i}" for i in range(40)]
    conn.execute("BEGIN")
    for d in range(n_docs):
        published = START + timedelta(days=rnd.randrange(365))
        doc_id = f"{d:032x}"
        parts: list[str] = [f"Fighting around {PLACES[d % len(PLACES)]} continued this week.\n\n"]
        pos = len(parts[0])
        for k in range(10):
            measure = (
                big[rnd.randrange(len(big))] if rnd.random() < 0.04 else measures[rnd.randrange(n_measures)]
            )
            mid, event, subject, place, since = measure
            sid = rnd.randrange(len(names)) + 1
            source = names[sid - 1][rnd.randrange(3)]
            hedge, hedge_words = HEDGES[rnd.randrange(len(HEDGES))]
            value = rnd.randrange(10, 60_000)
            figure = f"{hedge_words}{value:,}"
            cue = CUES[rnd.randrange(len(CUES))]
            head = f"{source[0].upper()}{source[1:]} {cue} that "
            sentence = f"{head}{figure} {subject} had been {event} in {place} since {since}. "
            s0 = pos
            f0 = s0 + len(head)
            cid = f"{doc_id}{k:02d}"
            as_of = (published - timedelta(days=rnd.randrange(3))).isoformat()
            sub0 = f0 + len(figure) + 1
            machine = json.dumps(
                {"text": figure, "low": value, "high": value, "hedge": hedge, "event": event}
            )
            claim_rows.append(
                (
                    cid,
                    doc_id,
                    f0,
                    f0 + len(figure),
                    figure,
                    float(value),
                    None if hedge == "more_than" else float(value),
                    hedge,
                    hedge_words.strip() or None,
                    "count",
                    event,
                    event,
                    subject,
                    sub0,
                    sub0 + len(subject),
                    place,
                    None,
                    None,
                    as_of,
                    since,
                    None,
                    source,
                    s0,
                    s0 + len(source),
                    sid,
                    cue,
                    s0 + len(source) + 1,
                    s0 + len(source) + 1 + len(cue),
                    None,
                    s0,
                    s0 + len(sentence) - 1,
                    "bench.v1",
                    mid,
                    machine,
                )
            )
            if rnd.random() < 0.04:
                flag_pairs.append((mid, cid))
            parts.append(sentence)
            pos += len(sentence)
            if k % 3 == 2:
                parts.append(FILLER)
                pos += len(FILLER)
        text = "".join(parts)
        doc_rows.append(
            (
                doc_id,
                text,
                f"Report {d}: fighting around {PLACES[d % len(PLACES)]}",
                f"https://example.org/{d}",
                outlets[d % len(outlets)],
                published.isoformat(),
                f"bench:{d}",
                "txt",
                "bench.v1",
                "2030-12-31T00:00:00+00:00",
                10,
            )
        )
        if len(claim_rows) >= 50_000:
            _flush(conn, doc_rows, claim_rows)
    _flush(conn, doc_rows, claim_rows)
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for i in range(0, len(flag_pairs) - 1, 2):
        (mid, a), (_, b) = flag_pairs[i], flag_pairs[i + 1]
        cur = conn.execute(
            "INSERT INTO flags (kind, measure_id, detail) VALUES ('contradiction', ?, ?)",
            (mid, "two sources give figures that cannot both hold"),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO flag_claims (flag_id, claim_id) VALUES (?, ?)",
            [(cur.lastrowid, a), (cur.lastrowid, b)],
        )
    conn.execute("INSERT INTO claim_grades (claim_id, grade) SELECT id, 'single' FROM claims")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(
        f"built {path}: {n_docs:,} documents, {len(measures):,} measures, "
        f"{n_claims:,} claims in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )


def _flush(
    conn: sqlite3.Connection, docs: list[tuple[object, ...]], claims: list[tuple[object, ...]]
) -> None:
    conn.executemany(
        "INSERT INTO documents (id, text, title, url, outlet, published, origin, format, rules, "
        "added_at, claim_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    conn.executemany(f"INSERT INTO claims ({CLAIM_COLUMNS}) VALUES ({', '.join('?' * 34)})", claims)
    docs.clear()
    claims.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status, reads the whole body.

    A hand-rolled client because on a small shared machine httpx's own CPU
    cost per request is as large as the server's and would be measured too.
    """
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
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
    base: str, paths: list[str], clients: int, max_requests: int, max_seconds: float
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
        try:
            while issued < max_requests and time.monotonic() < deadline:
                issued += 1
                path = paths[rnd.randrange(len(paths))]
                t = time.perf_counter()
                status = await asyncio.wait_for(_get(reader, writer, host, path), 30)
                latencies.append(time.perf_counter() - t)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies


def _cpu_seconds(pid: int) -> float | None:
    """User+system CPU time of a process (Linux /proc), to report server cost per request."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _report(name: str, lat: list[float], seconds: float, cpu: float | None) -> None:
    ms = sorted(x * 1000 for x in lat)
    q = statistics.quantiles(ms, n=100)
    per = f"  server CPU {cpu / len(ms) * 1000:5.1f} ms/req" if cpu is not None else ""
    print(
        f"{name:<22} n={len(ms):>5}  p50={q[49]:6.1f} ms  p95={q[94]:6.1f} ms  p99={q[98]:6.1f} ms  "
        f"max={ms[-1]:6.1f} ms  {len(ms) / seconds:6.1f} req/s{per}",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=3000, help="per page kind")
    ap.add_argument("--seconds", type=float, default=60, help="per page kind")
    ap.add_argument("--db", type=Path, default=None, help="ledger to use (default .bench/serve-<claims>.db)")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()

    db = args.db or ROOT / ".bench" / f"serve-{args.claims}.db"
    if args.rebuild or not db.exists():
        build(db, args.claims)
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
    big = [m for m, n in sizes if n >= 200]
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
        ]
        for name, paths in phases:
            if not paths:
                continue
            asyncio.run(_phase(base, paths[:50], args.clients, args.clients * 2, 10))  # warm-up
            t, cpu0 = time.perf_counter(), _cpu_seconds(server.pid)
            lat = asyncio.run(_phase(base, paths, args.clients, args.requests, args.seconds))
            cpu1 = _cpu_seconds(server.pid)
            cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
            _report(name, lat, time.perf_counter() - t, cpu)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

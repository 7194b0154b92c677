"""A first full recompute split over processes by measure: each reads and judges a range of measure ids.

Why: a first run of ``reconcile_ledger`` at a million claims spends ~17 s of CPU, nearly all of it
in Python work per claim (reading rows ~4.5 s, the core ~6-7 s, building flags and their keys),
and a measure's flags and grades depend on its own rows only (``engine.reconcile_groups``). So
the sorted measure ids are cut into contiguous ranges, one per process; each process reads its
range's claims from its own SQLite connection, judges them with the same core and sends back
its flags (with their keys) and grades as one JSON document (``orjson``, in C). The parent, the
only writer, numbers the flags range after range, which is the core's own order (measures by
id, the claims outside measures last: they go with the last range), and inserts each range's
rows with one ``INSERT ... SELECT`` over ``json_each``; the grades of every range go in with one
statement sorted by claim id. The results are the serial run's, row for row (tests hold them equal).

When it runs (``split``): a full recompute of a big ledger file in WAL mode, from a process
with no other thread (a fork copies only the calling thread; another thread could hold a lock
the child then waits for forever) on a machine with more than one core. The other processes
read the last committed state, so the parent's transaction must not have changed anything
before they read (``settle_measures`` or a person's override did: then the serial path runs).
The parent judges the first range itself while the others work, then writes. A forked
process never uses the parent's connection (SQLite forbids carrying one across a fork) and
leaves by ``os._exit``; the parent commits only after every worker has exited, so nothing
checkpoints or restarts the WAL while they read. On one core
(``os.cpu_count() == 1``) or with ``CLAIMLEDGER_RECONCILE_PROCS=1`` nothing forks.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson

from ..errors import LedgerError
from ..ledger.overrides import flag_keys
from ..ledger.transactions import read_snapshot
from .engine import reconcile_groups
from .types import ClaimRow

#: Ledgers with fewer claims are judged in one process: forking and the JSON hand-over cost more
#: than a second core saves below this (a first run of 100,000 claims takes ~1.7 s of CPU).
MIN_CLAIMS = 200_000
#: Writing a range's flags costs about this share of reading and judging the range (a first run at a
#: million claims, 2026-12-07: ~0.9 s of flag writes against ~9 s of reading and judging, CPU). Of
#: everything the parent writes, only its own range's flags can go in before the others' results
#: come back; the rest (their flags, every grade, the digests, COMMIT) waits for the last of them
#: whatever the ranges. So the parent judges a range smaller by this much than each other process,
#: and all of them finish judging together (``first_share``); writing after that is the same.
WRITE_COST = 0.10
#: The environment variable that caps the number of processes (1: never fork).
PROCS_ENV = "CLAIMLEDGER_RECONCILE_PROCS"

#: (first measure id or None, measure id after the range or None, whether the claims outside measures go too)
Bounds = tuple[str | None, str | None, bool]
#: Reads one range's claims from a connection: ``db.read_claim_groups`` bound to the run's outlets.
Reader = Callable[[sqlite3.Connection, Bounds], tuple[dict[str, list[ClaimRow]], list[ClaimRow]]]


def procs() -> int:
    """How many processes a split uses: the cores, capped by ``CLAIMLEDGER_RECONCILE_PROCS``."""
    n = os.cpu_count() or 1
    cap = os.environ.get(PROCS_ENV, "").strip()
    if cap:
        try:
            n = min(n, max(1, int(cap)))
        except ValueError:
            raise LedgerError(f"{PROCS_ENV} must be a whole number, not {cap!r}") from None
    return n


def split(conn: sqlite3.Connection, claims: int, unchanged: bool) -> tuple[str, list[Bounds]] | None:
    """The ledger file and the ranges to judge in parallel, or None to judge in this process.

    ``unchanged``: the caller's transaction has written nothing yet, so another connection reads
    what it would read.
    """
    n = procs()
    if n < 2 or claims < MIN_CLAIMS or not unchanged or not hasattr(os, "fork"):
        return None
    if threading.active_count() != 1:
        return None
    path = next((f for _seq, name, f in conn.execute("PRAGMA database_list") if name == "main"), "")
    if not path or conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        return None
    ids = [m for (m,) in conn.execute("SELECT id FROM measures ORDER BY id")]
    if len(ids) < n:
        return None
    first = first_share(n)
    cuts = [ids[int(len(ids) * (first + (1.0 - first) * (k - 1) / (n - 1)))] for k in range(1, n)]
    lows: list[str | None] = [None, *cuts]
    highs: list[str | None] = [*cuts, None]
    return path, [(lo, hi, k == n - 1) for k, (lo, hi) in enumerate(zip(lows, highs, strict=True))]


def first_share(n: int) -> float:
    """The parent's share of the measures when ``n`` processes split them, the others' being equal.

    The parent reads, judges and writes its range's flags (1 + WRITE_COST per unit of range) while
    each other process reads and judges its own (1 per unit): equal when the parent's share f and
    the others' g hold f * (1 + WRITE_COST) = g and f + (n - 1) * g = 1. With two processes the
    parent takes ~48 %. (Before: ~36 %, as if it wrote everything before the others finished, so at
    a million claims it waited ~2 s of CPU for the other process, which then set the wall time.)
    """
    return 1.0 / (1.0 + (n - 1) * (1.0 + WRITE_COST))


@dataclass(slots=True)
class Part:
    """One range's results as the parent writes them: a JSON document and what it counts."""

    #: orjson of [[kind, measure id, detail, flag key, [claim ids]], ...], the flags in the core's order
    flags_json: bytes
    #: orjson of {claim id: grade}, every grade but 'single'
    grades_json: bytes
    flags: int
    kinds: dict[str, int]
    grades: dict[str, int]
    claims: int
    groups: list[str]  # the range's measure ids with claims ("" for the claims outside measures)


def judge(by_measure: dict[str, list[ClaimRow]], loose: list[ClaimRow]) -> Part:
    """A range's flags (with their keys) and non-single grades, as ``Part``."""
    result = reconcile_groups(by_measure, loose, singles=False)
    flags = result.flags
    keys = flag_keys((f.kind, f.measure_id, f.claim_ids) for f in flags)
    rows = [(f.kind, f.measure_id, f.detail, k, f.claim_ids) for f, k in zip(flags, keys, strict=True)]
    groups = list(by_measure)
    if loose:
        groups.append("")
    return Part(
        orjson.dumps(rows), orjson.dumps(result.grades), len(flags), dict(Counter(f.kind for f in flags)),
        dict(Counter(result.grades.values())), len(loose) + sum(map(len, by_measure.values())), groups,
    )


def _child(path: str, bounds: Bounds, read: Reader, fd: int) -> None:
    """In the forked process: read and judge ``bounds`` on a new connection, write the Part to ``fd``."""
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        with read_snapshot(conn):  # one snapshot for every read of the range
            by_measure, loose = read(conn, bounds)
        conn.close()
        part = judge(by_measure, loose)
        head = orjson.dumps({
            "ok": True, "flags": part.flags, "kinds": part.kinds, "grades": part.grades,
            "claims": part.claims, "groups": part.groups, "split": len(part.flags_json),
        })
        body = part.flags_json + part.grades_json
    except BaseException:  # anything: the parent reports it and rolls back
        head, body = orjson.dumps({"ok": False, "error": traceback.format_exc()}), b""
    _write_all(fd, len(head).to_bytes(8, "big") + head + body)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        got = os.read(fd, 1 << 20)
        if not got:
            return b"".join(chunks)
        chunks.append(got)


class Workers:
    """The forked processes of one split, the first range left to the parent (``start``, ``parts``)."""

    def __init__(self) -> None:
        self.pids: list[int] = []
        self.fds: list[int] = []

    def start(self, path: str, ranges: Sequence[Bounds], read: Reader) -> None:
        """Fork one process per range but the first."""
        for bounds in ranges[1:]:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns, never touches the parent's connection or files
                code = 1
                try:
                    os.close(r)
                    _child(path, bounds, read, w)
                    code = 0
                finally:
                    os._exit(code)
            os.close(w)
            self.pids.append(pid)
            self.fds.append(r)

    def parts(self) -> list[Part]:
        """Each forked range's Part, in range order (waits for them)."""
        out = []
        for k, fd in enumerate(self.fds):
            data = _read_all(fd)
            os.close(fd)
            self.fds[k] = -1
            _pid, status = os.waitpid(self.pids[k], 0)
            self.pids[k] = -1
            if len(data) < 8:
                raise LedgerError(f"reconcile: a worker process ended without results (status {status})")
            size = int.from_bytes(data[:8], "big")
            head = orjson.loads(data[8 : 8 + size])
            if not head["ok"]:
                raise LedgerError(f"reconcile: a worker process failed:\n{head['error']}")
            cut = 8 + size + head["split"]
            out.append(Part(data[8 + size : cut], data[cut:], head["flags"], head["kinds"], head["grades"],
                            head["claims"], head["groups"]))
        return out

    def close(self) -> None:
        """Stop and reap any worker still running (after an error in the parent)."""
        for k, pid in enumerate(self.pids):
            if self.fds[k] >= 0:
                os.close(self.fds[k])
            if pid > 0:
                try:
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
        self.pids, self.fds = [], []


def write_flags(conn: sqlite3.Connection, part: Part, first: int) -> None:
    """Insert a Part's flags with ids from ``first`` and their claims, in one statement each."""
    conn.execute(
        "INSERT INTO flags (id, kind, measure_id, detail, flag_key) "
        "SELECT key + ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)",
        (first, part.flags_json),
    )
    conn.execute(
        "INSERT INTO flag_claims (flag_id, claim_id) "
        "SELECT f.key + ?, c.value FROM json_each(?) f, json_each(f.value, '$[4]') c",
        (first, part.flags_json),
    )


def write_grades(conn: sqlite3.Connection, parts: Sequence[Part]) -> None:
    """claim_grades anew from every Part's grades, in claim id order (appends to the B-tree)."""
    conn.execute("DELETE FROM claim_grades")
    union = " UNION ALL ".join("SELECT key, value FROM json_each(?)" for _ in parts)
    conn.execute(
        f"INSERT INTO claim_grades (claim_id, grade) SELECT key, value FROM ({union}) ORDER BY key",
        [p.grades_json for p in parts],
    )

"""What hostile traffic costs the review server: big bodies, error pages, stalled connections.

    .venv/bin/python benchmarks/bench_serve_abuse.py                        # 10, 50, 200 MB bodies
    .venv/bin/python benchmarks/bench_serve_abuse.py --body-mb 10 50        # quicker (or for old code)

Starts a real ``claimledger serve`` on a free 127.0.0.1 port over the small
demo ledger and measures, from /proc, the server process's CPU time and peak
RSS for:

* **big bodies**: a POST to a review URL with no cookie and no token (what any
  web page or script can send), once with ``Content-Length`` and once chunked,
  of each ``--body-mb`` size; the client streams until the server answers or
  closes. Printed: status, server CPU seconds, server peak RSS.
* **error pages**: ``--errors`` GETs of an unknown table under ``/ledger``.
  Printed: server CPU per request.
* **stalled connections**: ``--stalled`` connections that each send half a
  request line and then nothing. Printed: how many the server still holds open
  after ``--wait`` seconds (the header deadline is 10 s).

Loopback only; nothing else is contacted. Asserts nothing: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

CHUNK = 1 << 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _post(port: int, path: str, mb: int, chunked: bool) -> str:
    """Stream an ``mb`` MB form body; stop when the server answers or hangs up. Returns the status line."""
    s = socket.create_connection(("127.0.0.1", port), timeout=120)
    size = mb * CHUNK
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        + ("Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {size + 14}\r\n")
        + "\r\n"
    )
    s.sendall(head.encode())
    piece = b"x" * CHUNK
    body = [b"action=confirm&note="] + [piece] * mb
    s.setblocking(False)
    answer = b""
    try:
        for part in body:
            data = (f"{len(part):x}\r\n".encode() + part + b"\r\n") if chunked else part
            view = memoryview(data)
            while view:
                try:
                    answer += s.recv(65536)
                    if answer:
                        raise StopIteration
                except BlockingIOError:
                    pass
                try:
                    sent = s.send(view)
                    view = view[sent:]
                except BlockingIOError:
                    time.sleep(0.001)
        if chunked:
            s.sendall(b"0\r\n\r\n")
    except (StopIteration, BrokenPipeError, ConnectionResetError):
        pass
    s.setblocking(True)
    s.settimeout(120)
    try:
        while b"\r\n" not in answer:
            got = s.recv(65536)
            if not got:
                break
            answer += got
    except (ConnectionResetError, TimeoutError):
        pass
    s.close()
    return answer.split(b"\r\n", 1)[0].decode("latin-1") or "(closed without an answer)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--body-mb", type=int, nargs="*", default=[10, 50, 200])
    ap.add_argument("--errors", type=int, default=200)
    ap.add_argument("--stalled", type=int, default=500)
    ap.add_argument("--wait", type=float, default=15.0)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-abuse-"))
    db = tmp / "claims.db"
    subprocess.run(
        [sys.executable, "-m", "claimledger.cli", "demo", "--db", str(db)], check=True, capture_output=True
    )
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger.cli", "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ, "CLAIMLEDGER_TOKEN": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/documents", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        claim = httpx.get(f"{base}/ledger/claims.json?_shape=array&_size=1&_col=id", timeout=10).json()[0][
            "id"
        ]
        path = f"/claims/{claim}/review"
        print(f"server pid {proc.pid}, idle peak RSS {_peak_rss_mb(proc.pid):.0f} MB")

        for mb in args.body_mb:
            for chunked in (False, True):
                cpu = _cpu(proc.pid)
                t = time.perf_counter()
                status = _post(port, path, mb, chunked)
                wall = time.perf_counter() - t
                print(
                    f"POST {mb:4d} MB {'chunked       ' if chunked else 'Content-Length'}: {status:32s} "
                    f"server CPU {_cpu(proc.pid) - cpu:6.2f} s, wall {wall:6.2f} s, "
                    f"server peak RSS {_peak_rss_mb(proc.pid):6.0f} MB"
                )

        cpu = _cpu(proc.pid)
        with httpx.Client(base_url=base, timeout=30) as c:
            codes = {c.get(f"/ledger/nope{i}").status_code for i in range(args.errors)}
        per = (_cpu(proc.pid) - cpu) / max(args.errors, 1)
        print(
            f"{args.errors} x GET /ledger/nope…: status {sorted(codes)}, server CPU {per * 1000:.1f} ms each"
        )

        socks = []
        for _ in range(args.stalled):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /documents HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        time.sleep(args.wait)
        still_open = 0
        for s in socks:
            s.setblocking(False)
            try:
                still_open += s.recv(1) != b""
            except BlockingIOError:
                still_open += 1
            except OSError:
                pass
            s.close()
        print(f"{args.stalled} half-sent requests: {still_open} still open after {args.wait:.0f} s")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()

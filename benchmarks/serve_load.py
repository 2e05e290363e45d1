"""Benchmark: does ``manabi serve`` keep answering under connection floods? (issue 31)

    python benchmarks/serve_load.py [--half-sent 3000] [--burst 200] [--chapters 20]

Starts ``manabi serve`` on a small scratch site, bound to 127.0.0.1 only, then:

1. opens ``--half-sent`` connections that send a request line and part of a
   header, and closes them all; times one normal request right after;
2. does the same but keeps them open while timing the normal request;
3. sends ``--burst`` simultaneous requests and reports the slowest.

Every socket has a timeout, every step a bound, and the server is stopped at
the end: the run finishes by itself.  A benchmark to run by hand, not a test.
Raise the file limit first (``ulimit -n 8192``) for thousands of connections.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"  # never anything else


def timed_get(port: int, path: str, timeout: float = 60.0) -> tuple[object, float]:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
    except (OSError, http.client.HTTPException) as exc:
        status = type(exc).__name__
    return status, time.perf_counter() - started


def half_sent(port: int, count: int, deadline: float) -> list[socket.socket]:
    held = []
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        sock = socket.socket()
        sock.settimeout(3)
        try:
            sock.connect((HOST, port))
            sock.sendall(b"GET /ja/s/chapter-1.html HTTP/1.1\r\nHost: 127.0.0.1")
        except OSError:
            sock.close()
            break
        held.append(sock)
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half-sent", type=int, default=3000)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--open-seconds", type=float, default=60.0, help="at most this long to open the half-sent connections")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="manabi-serve-load-") as scratch:
        root = Path(scratch)
        (root / "content/ja/s").mkdir(parents=True)
        for n in range(1, args.chapters + 1):
            (root / f"content/ja/s/chapter-{n}.md").write_text(f"# 第{n}章\n\n本文{n}\n", encoding="utf-8")
        (root / "manabi.toml").write_text("search = false\n", encoding="utf-8")
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "manabi_ssg", "serve", "--host", HOST, "--port", str(port)], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            for line in server.stdout:
                if "serving" in line:
                    break
            for mode in ("closed", "held"):
                started = time.monotonic()
                held = half_sent(port, args.half_sent, started + args.open_seconds)
                opened = time.monotonic() - started
                if mode == "closed":
                    for sock in held:
                        sock.close()
                status, seconds = timed_get(port, "/ja/s/chapter-1.html")
                print(f"{len(held)} half-sent requests {mode} (opened in {opened:.1f} s): a normal request -> {status} in {seconds:.3f} s")
                for sock in held:
                    sock.close()
            results: list[tuple[object, float]] = []
            threads = [threading.Thread(target=lambda: results.append(timed_get(port, "/ja/s/chapter-2.html"))) for _ in range(args.burst)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            times = sorted(seconds for _, seconds in results)
            statuses = sorted({str(status) for status, _ in results})
            print(f"{args.burst} simultaneous requests: {statuses}, median {times[len(times) // 2]:.3f} s, slowest {times[-1]:.3f} s")
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())

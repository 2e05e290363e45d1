"""Benchmark: from saving a chapter to the browser's reload event, under ``manabi serve``.

    python benchmarks/serve_latency.py CONTENT_DIR [--saves 20] [--port 8765]

Starts ``manabi serve`` on the folder (in a scratch site root), listens on the
live-reload event stream like a browser tab does, then edits one chapter's
body again and again and times each save until the event that names its page.
Prints the median and the spread.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def events(port: int):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/__manabi__/events")
    response = connection.getresponse()
    buffer = b""
    while True:
        chunk = response.fp.readline()
        if not chunk:
            return
        buffer += chunk
        if chunk == b"\n":
            for line in buffer.decode("utf-8").splitlines():
                if line.startswith("data: "):
                    yield json.loads(line[6:])
            buffer = b""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    content = args.content.resolve()
    chapter = sorted(p for p in content.rglob("*.md") if p.name != "index.md")[len(list(content.rglob("*.md"))) // 2]
    url = chapter.relative_to(content).with_suffix(".html").as_posix()
    original = chapter.read_bytes()
    with tempfile.TemporaryDirectory() as root:
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "manabi_ssg", "serve", "--content", str(content), "--port", str(args.port)],
                                  cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            for line in server.stdout:
                if "serving" in line:
                    break
            print(f"serve ready after {time.perf_counter() - started:.1f} s (first build) on {content}")
            stream = events(args.port)
            next(stream)  # the current state, sent on connect
            latencies = []
            for n in range(args.saves):
                text = original + f"\n\nedit {n}\n".encode()
                time.sleep(0.2)
                saved = time.perf_counter()
                chapter.write_bytes(text)
                for message in stream:
                    if url in message.get("changed", []):
                        latencies.append((time.perf_counter() - saved) * 1000)
                        break
            print(f"page: {url}")
            print(f"save -> reload event over {len(latencies)} saves: median {statistics.median(latencies):.0f} ms, "
                  f"min {min(latencies):.0f} ms, max {max(latencies):.0f} ms")
        finally:
            chapter.write_bytes(original)
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

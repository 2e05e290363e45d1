"""Benchmark: from starting ``manabi serve`` to the first chapter page served, with no cache and with a warm one.

    python benchmarks/serve_first_page.py CONTENT_DIR [--port 8766] [--page PATH]

Starts ``manabi serve`` on the folder in a scratch site root (so no cache:
what a fresh clone gets), asks at once for one chapter (the middle one in
name order, or ``--page``) and times the answer; then reads the page again
once the first build is done and says whether the bytes were the same (they
may differ only where the page shows what the rest of the site's bodies say,
and then the tab is told to reload).  Then stops it and starts it again on
the same root (a warm cache) and times the same request.  A benchmark to run
by hand, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD_ID = re.compile(rb"\?build=[0-9a-f]+\.\d+")


def get(port: int, url: str, deadline: float) -> tuple[int, bytes]:
    """GET url, retrying while the port is not yet taken."""
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            connection.request("GET", "/" + url)
            response = connection.getresponse()
            return response.status, response.read()
        except (ConnectionRefusedError, socket.timeout):
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.01)


def first_page(content: Path, root: str, port: int, url: str) -> tuple[float, bytes, float, bytes]:
    """(seconds to the page, its bytes, seconds to 'serving'/'built', the page's bytes after the build)."""
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "manabi_ssg", "serve", "--content", str(content), "--port", str(port)],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        status, body = get(port, url, started + 60)
        page_seconds = time.perf_counter() - started
        assert status == 200, status
        for line in server.stdout:
            if "serving" in line:
                break
        built_seconds = time.perf_counter() - started
        _, after = get(port, url, time.perf_counter() + 60)
        return page_seconds, body, built_seconds, after
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--page", help="the chapter to open, relative to the content folder")
    args = parser.parse_args()
    content = args.content.resolve()
    chapters = sorted(p for p in content.rglob("*.md") if p.name != "index.md")
    chapter = content / args.page if args.page else chapters[len(chapters) // 2]
    url = chapter.relative_to(content).with_suffix(".html").as_posix()
    print(f"{len(chapters)} chapters under {content}; page {url}")
    with tempfile.TemporaryDirectory() as root:
        for label in ("no cache", "warm cache"):
            page, body, built, after = first_page(content, root, args.port, url)
            same = BUILD_ID.sub(b"", body) == BUILD_ID.sub(b"", after)
            print(f"{label}: page served after {page:.2f} s, first build done after {built:.2f} s; "
                  f"the page's bytes {'equal' if same else 'DIFFER from'} the full build's")
    return 0


if __name__ == "__main__":
    sys.exit(main())

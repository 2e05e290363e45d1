"""Benchmark: Lighthouse (mobile, default throttling) on pages of a built site, served as a host serves it.

    python benchmarks/lighthouse_pages.py BUILT_SITE PAGE [PAGE ...] [--lighthouse PATH] [--runs 3]

The site is served from 127.0.0.1 with gzip, as GitHub Pages, Netlify and
any CDN serve HTML, CSS and JavaScript (Python's ``http.server`` sends them
uncompressed, which makes a 120 KB chapter look three times heavier than a
learner receives it).  For each page Lighthouse runs ``--runs`` times in
Chromium (``CHROME_PATH``, default /usr/bin/chromium); printed are the median
score of each category, CLS, LCP, FCP and TBT, and every audit that lost
points in the median run.  Lighthouse is not a dependency of manabi: install
it anywhere with ``npm install lighthouse`` and pass its ``.bin/lighthouse``.
A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class Compressing(SimpleHTTPRequestHandler):
    """A static file server that gzips text, as hosting services do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def lighthouse(binary: str, url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [binary, url, "--quiet", "--output=json", f"--output-path={out}",
             "--chrome-flags=--headless --no-sandbox --disable-gpu",
             "--only-categories=" + ",".join(CATEGORIES)],
            check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--lighthouse", default="lighthouse", help="the lighthouse command (npm install lighthouse)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Compressing, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    for page in args.pages:
        reports = [lighthouse(args.lighthouse, base + page) for _ in range(args.runs)]
        reports.sort(key=lambda r: r["categories"]["performance"]["score"])
        median = reports[len(reports) // 2]
        scores = {c: statistics.median(r["categories"][c]["score"] for r in reports) for c in CATEGORIES}
        audits = median["audits"]
        metrics = {name: audits[key]["numericValue"] for name, key in (
            ("CLS", "cumulative-layout-shift"), ("LCP", "largest-contentful-paint"),
            ("FCP", "first-contentful-paint"), ("TBT", "total-blocking-time"))}
        print(f"{page}: " + ", ".join(f"{c} {s:.2f}" for c, s in scores.items())
              + f"; CLS {metrics['CLS']:.3f}, LCP {metrics['LCP']:.0f} ms, FCP {metrics['FCP']:.0f} ms, TBT {metrics['TBT']:.0f} ms")
        for category in median["categories"].values():
            for ref in category["auditRefs"]:
                audit = audits[ref["id"]]
                if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                    print(f"    {category['id']}: {ref['id']} {audit['score']} {audit.get('displayValue', '')}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

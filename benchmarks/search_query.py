"""Benchmark: what a learner pays for a search, by number of Pagefind bundles.

    python benchmarks/search_query.py BUILT_SITE [--bundle-pages 0,75,150,300,100000] [--runs 5]
                                                 [--query "en=diffusion coefficient" --query "ja=拡散係数"]

BUILT_SITE is a site built with search on (``manabi build``).  For each
``--bundle-pages`` value the chapters are indexed again into bundles of about
that many chapters per language (0: the site's own index, as built, which
also measures an older manabi's single index), the site is served from
127.0.0.1, and Chromium (a new profile each run: nothing cached) opens a
chapter, types a query into the header box and waits for the first result.
Printed per value: bundles, the seconds to index the largest bundle again
(what one edited chapter costs a build), and the median time to first result
from the keystroke (120 ms of typing debounce included), on a fresh page and
on a page whose box was focused first (as "/" or a click does, which starts
loading the index), with the requests and kB fetched under pagefind/.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

from manabi_ssg.outputs.search import indexing
from manabi_ssg.outputs.search import bundles as search_bundles
from manabi_ssg.model import CHAPTER
from manabi_ssg.outputs.search.service import Indexer
from manabi_ssg.outputs.search.binary import find_binary

QUERIES = {"en": "diffusion coefficient", "ja": "拡散係数"}

FIRST_RESULT = """async (query) => {
  const form = document.querySelector('.site-header form.search-box');
  const input = form.querySelector('.search-input');
  const started = performance.now();
  const first = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (form.querySelector('.search-result')) { watch.disconnect(); resolve(performance.now() - started); }
    });
    watch.observe(form, { childList: true, subtree: true });
  });
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return await first;
}"""


def chapters(site: Path) -> dict[str, SimpleNamespace]:
    """The built chapters (pages Pagefind indexes), as the bundle plan sees pages."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        if url.startswith("pagefind/"):
            continue
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            lang = html.split('<html lang="', 1)[1].split('"', 1)[0]
            found[url] = SimpleNamespace(url=url, lang=lang, kind=CHAPTER)
    return found


def reindex(site: Path, copy: Path, bundle_pages: int) -> tuple[int, float]:
    """A copy of ``site`` (hard links) with its chapters in bundles of ``bundle_pages``; (bundles, s for the largest)."""
    shutil.copytree(site, copy, copy_function=os.link, ignore=lambda folder, names: ["pagefind"] if Path(folder) == site else [])
    pages = chapters(copy)
    binary = find_binary()
    bundles = search_bundles.plan(pages, {url: url for url in pages}, "benchmark", bundle_pages)
    target = copy / "pagefind"
    indexing.build_bundles(binary, copy, target, bundles, os.cpu_count() or 1)
    (target / search_bundles.BUNDLES_FILE).write_bytes(search_bundles.bundles_json(bundles))
    largest = max(bundles, key=lambda b: len(b.urls))
    scratch = copy / ".largest"
    started = time.perf_counter()
    indexer = Indexer(binary)
    try:
        indexing.build_bundle(indexer, copy, scratch, largest)
    finally:
        indexer.close()
    seconds = time.perf_counter() - started
    shutil.rmtree(scratch)
    return len(bundles), seconds


@contextmanager
def served(site: Path):
    """``site`` on 127.0.0.1 (a free port, no request log) while the block runs; yields its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium(playwright):
    """Debian's Chromium, headless (``MANABI_CHROMIUM`` names another)."""
    return playwright.chromium.launch(executable_path=os.environ.get("MANABI_CHROMIUM", "/usr/bin/chromium"),
                                      args=["--headless", "--no-sandbox", "--disable-gpu"])


def measure(site: Path, runs: int, queries: dict[str, str]) -> dict[str, tuple[float, float, float]]:
    from playwright.sync_api import sync_playwright

    pages = chapters(site)
    figures = {}
    with served(site) as base, sync_playwright() as playwright:
        browser = chromium(playwright)
        for lang, query in queries.items():
            url = next((u for u, p in pages.items() if p.lang == lang), None)
            if url is None:
                continue
            times, focused, requests, kilobytes = [], [], [], []
            for _ in range(runs):
                context = browser.new_context()
                tab = context.new_page()
                tab.goto(base + url, wait_until="load")
                fetched = []
                tab.on("requestfinished", lambda request: fetched.append(request) if "/pagefind/" in request.url else None)
                times.append(tab.evaluate(FIRST_RESULT, query))
                tab.wait_for_load_state("networkidle")
                requests.append(len(fetched))
                kilobytes.append(sum(r.sizes()["responseBodySize"] for r in fetched) / 1024)
                context.close()
                # as a reader searches: the box is focused ("/" or a click), which loads the index, then typed into
                context = browser.new_context()
                tab = context.new_page()
                tab.goto(base + url, wait_until="load")
                tab.focus(".site-header .search-input")
                tab.wait_for_load_state("networkidle")
                tab.wait_for_timeout(500)
                focused.append(tab.evaluate(FIRST_RESULT, query))
                context.close()
            figures[lang] = (statistics.median(times), statistics.median(focused), statistics.median(requests),
                             statistics.median(kilobytes))
        browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--bundle-pages", default="0,75,150,300,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", action="append", default=[], metavar="LANG=TEXT",
                        help="the query typed on a page of that language (default: %s)" % ", ".join(f"{k}={v}" for k, v in QUERIES.items()))
    args = parser.parse_args()
    queries = dict(item.split("=", 1) for item in args.query) if args.query else QUERIES
    site = args.site.resolve()
    print(f"site: {site} ({len(chapters(site))} chapters)")
    print("bundle pages | bundles | reindex largest (s) | lang: first result ms, requests, kB under pagefind/")
    for value in (int(v) for v in args.bundle_pages.split(",")):
        with tempfile.TemporaryDirectory(prefix="manabi-search-query-") as tmp:
            if value == 0:
                served, bundles, seconds = site, "as built", float("nan")
            else:
                served = Path(tmp) / "site"
                bundles, seconds = reindex(site, served, value)
            figures = measure(served, args.runs, queries)
        shown = "  ".join(f"{lang}: {ms:.0f} ms ({after:.0f} ms focused first), {n:.0f} req, {kb:.0f} kB"
                          for lang, (ms, after, n, kb) in figures.items())
        print(f"{value:>12} | {bundles!s:>7} | {seconds:19.2f} | {shown}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

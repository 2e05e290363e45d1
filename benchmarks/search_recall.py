"""Benchmark: does search find the chapters that hold a query?  Chromium against the text itself.

    python benchmarks/search_recall.py BUILT_SITE [BUILT_SITE ...] [--lang ja] [--query 機械学習 ...]

For each query: the chapters of that language whose indexed article holds
it (the text, tags removed), the count the site's search page announces
for it, and how many of those chapters are among Pagefind's results for the
query as typed (its JavaScript API over the same bundles; the search page
also joins the katakana runs Chromium splits, so for a loanword the two can
differ).  Several builds of the same content are compared side by side.
Each site is served from 127.0.0.1.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from search_query import chromium, served  # noqa: E402

QUERIES = ["機械学習", "ニューラルネットワーク", "畳み込み", "アクティブラーニング", "転移学習", "結晶構造",
           "拡散係数", "交差検証", "ガウス過程", "強化学習"]
TAG = re.compile(r"<[^>]+>")
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
SETTLED = """() => { const f = document.querySelector('main form.search-box');
  return !f.hasAttribute('aria-busy') && f.querySelector('.search-status').textContent.trim() !== ''; }"""
ALL_RESULTS = """async ([lang, query]) => {
  if (!window.__merged) {
    const names = (await (await fetch('pagefind/bundles.json')).json())[lang];
    // a module of its own (the query string), not the one search.js merged the bundles into
    const api = await import(new URL(`pagefind/${names[0]}/pagefind.js?recall`, document.baseURI).href);
    await api.options({ baseUrl: '/' });
    for (const name of names.slice(1)) await api.mergeIndex(`/pagefind/${name}/`, { baseUrl: '/', language: lang });
    window.__merged = api;
  }
  const found = await window.__merged.search(query);
  return Promise.all(found.results.map((result) => result.data().then((data) => data.url.split('#')[0])));
}"""


def chapter_texts(site: Path, lang: str) -> dict[str, str]:
    """``/url`` -> the text of its indexed article, for the chapters of ``lang``."""
    texts = {}
    for path in sorted(site.rglob("*.html")):
        url = "/" + path.relative_to(site).as_posix()
        if url.startswith("/pagefind/"):
            continue
        page = path.read_text(encoding="utf-8")
        start = page.find("data-pagefind-body")
        match = HTML_LANG.search(page)
        if start >= 0 and match and match.group(1) == lang:
            texts[url] = html.unescape(TAG.sub("", page[start:page.find("</main>", start)]))
    return texts


def search_page(site: Path, lang: str) -> str:
    """The search page of ``lang``: search.html or search-<lang>.html."""
    for name in ("search.html", f"search-{lang}.html"):
        path = site / name
        if path.is_file() and (match := HTML_LANG.search(path.read_text(encoding="utf-8"))) and match.group(1) == lang:
            return name
    raise SystemExit(f"{site}: no search page in {lang}")


def measure(site: Path, lang: str, queries: list[str]) -> dict[str, tuple[int, set[str]]]:
    """Query -> (the count the search page announces, every chapter Pagefind returns)."""
    from playwright.sync_api import sync_playwright

    figures = {}
    with served(site) as base, sync_playwright() as playwright:
        browser = chromium(playwright)
        tab = browser.new_page()
        tab.goto(base + search_page(site, lang))
        for query in queries:
            tab.fill("main .search-input", query)
            tab.press("main .search-input", "Enter")
            tab.wait_for_function(SETTLED, timeout=60000)
            announced = re.search(r"\d+", tab.text_content("main .search-status") or "")
            figures[query] = (int(announced.group(0)) if announced else 0, set(tab.evaluate(ALL_RESULTS, [lang, query])))
        browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--lang", default="ja")
    parser.add_argument("--query", action="append", default=[])
    args = parser.parse_args()
    queries = args.query or QUERIES
    holding = {query: {url for url, text in chapter_texts(args.sites[0], args.lang).items() if query in text}
               for query in queries}
    figures = {site: measure(site.resolve(), args.lang, queries) for site in args.sites}
    print("query | chapters holding it | " + " | ".join(f"{site}: announced, holding it found" for site in args.sites))
    for query in queries:
        cells = [f"{figures[site][query][0]:5d} {len(figures[site][query][1] & holding[query]):5d}" for site in args.sites]
        print(f"{query} | {len(holding[query]):5d} | " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())

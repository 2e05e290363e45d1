"""Which Pagefind bundle each page belongs to, and when a bundle must be built again.

The search index is split into *bundles*, each a complete Pagefind index of
some of the chapters, merged in the browser with Pagefind's ``mergeIndex``.
A build indexes again only the bundles whose pages changed, and links the
others from the previous output.

A bundle holds some of the chapters of one language: a chapter goes to
bucket ``hash(url) % n``, so adding, editing or removing a chapter never
moves another.  ``n`` is the smallest power of two that keeps bundles near
``BUNDLE_PAGES`` chapters; a site of up to that many chapters per language
has one bundle per language.  Chapters, not folders, are hashed: a site of
fifteen folders of forty chapters put 280 of its 600 in one of four bundles
when whole folders were hashed (an edit there indexed 280 chapters again,
and that indexer held 740 MB).  ``BUNDLE_PAGES`` was chosen from the figures of
``benchmarks/search_bundles.py`` (query cost of each bundle against the cost
of indexing one bundle again after an edit): see docs/search-and-languages.md.

A bundle's key is a hash of the render keys of its pages (a page's render key
covers every byte of its HTML, see engine.py), the number of buckets, the
indexing settings and the Pagefind binary: equal keys, equal bundle.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import CHAPTER, Page

BUNDLE_PAGES = 150  # chapters per bundle, at most about (see the module's docstring)
# Chapters are what search finds (the theme marks their article data-pagefind-body); landing pages
# only list them, and left out, a new series' landing page rebuilds no bundle.
INDEXED_KINDS = (CHAPTER,)
BUNDLES_FILE = "bundles.json"  # pagefind/bundles.json: the bundles of each language, for search.js


@dataclass(frozen=True)
class Bundle:
    name: str  # its folder under pagefind/: "<lang>-<bucket>"
    lang: str
    key: str
    urls: tuple[str, ...]  # sorted, so Pagefind is fed in the same order every build


def bucket_count(chapters: int, bundle_pages: int) -> int:
    count = 1
    while chapters > count * bundle_pages:
        count *= 2
    return count


def _bucket(url: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(url.encode("utf-8", "surrogatepass")).digest()[:8], "big") % count


def plan(pages: dict[str, Page], render_keys: dict[str, str], settings: object, bundle_pages: int = 0) -> list[Bundle]:
    """The bundles of a site: every chapter, by language and bucket of its URL."""
    bundle_pages = bundle_pages or BUNDLE_PAGES
    by_lang: dict[str, list[Page]] = {}
    for url in sorted(pages):
        page = pages[url]
        if page.kind in INDEXED_KINDS and url in render_keys:
            by_lang.setdefault(page.lang, []).append(page)
    bundles = []
    for lang in sorted(by_lang):
        members = by_lang[lang]
        count = bucket_count(sum(1 for page in members if page.kind == CHAPTER), bundle_pages)
        buckets: dict[int, list[str]] = {}
        for page in members:
            buckets.setdefault(_bucket(page.url, count), []).append(page.url)
        for number in sorted(buckets):
            urls = tuple(buckets[number])
            key = digest("search-bundle", settings, count, [(url, render_keys[url]) for url in urls])
            bundles.append(Bundle(f"{lang}-{number}", lang, key, urls))
    return bundles


def bundles_json(bundles: list[Bundle]) -> bytes:
    """``{"en": ["en-0"], "ja": ["ja-0", "ja-1"]}``: what search.js loads and merges for a page's language."""
    listing: dict[str, list[str]] = {}
    for bundle in bundles:
        listing.setdefault(bundle.lang, []).append(bundle.name)
    return json.dumps(listing, sort_keys=True, separators=(",", ":")).encode("utf-8")


def manifest_entries(bundles: list[Bundle]) -> list[str]:
    return [f"search:{bundle.name}:{bundle.key}" for bundle in bundles]


def previous_keys(extras: list[str]) -> dict[str, str]:
    """Bundle name -> key, from the entries a previous build left in its manifest."""
    found = {}
    for item in extras:
        parts = item.split(":")
        if len(parts) == 3 and parts[0] == "search":
            found[parts[1]] = parts[2]
    return found

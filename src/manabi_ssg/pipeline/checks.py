"""Checks that need the whole site: what one page says about the others.

Per-page problems are found while parsing; these are found once every page
is known: internal links and anchors that lead nowhere, files referenced but
missing, ids repeated on a page, prerequisites that name no chapter, two
chapters of a series given the same place.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence, Set
from typing import Any
from urllib.parse import unquote, urlsplit

from manabi_ssg.diagnostics import WARNING, Diagnostic
from manabi_ssg.pipeline.listings import prerequisite_diagnostics
from manabi_ssg.pipeline.series_map import cycle_diagnostics
from manabi_ssg.site.urls import NOT_FOUND_URL, output_url, section_url
from manabi_ssg.model import CHAPTER, Page, SiteIndex
from manabi_ssg.words.near_misses import NearMisses, anchor_like, as_written
from manabi_ssg.site.theme import TEMPLATE_IDS


def page_ids(page: Page) -> list[str]:
    """Ids in the page body, found once when the page was parsed."""
    ids: list[str] = page.components.get("ids", [])
    return ids


def site_diagnostics(pages: list[Page], index: SiteIndex, assets: Sequence[str] = (), generated: Set[str] = frozenset(),
                     drafts: Set[str] = frozenset()) -> list[Diagnostic]:
    """``generated``: urls of the pages the site makes itself (listings, search), valid link targets too.

    ``drafts``: urls of the drafts this build leaves out; a link to one is said to be one.
    """
    found: list[Diagnostic] = []
    ids_by_url = _IdsByUrl({page.url: page for page in pages})
    urls = set(index.pages) | {section.index_url for section in index.sections.values()} | {NOT_FOUND_URL} | set(generated)
    files = set(assets)
    near: list[NearMisses] = []  # made at the first broken link: most sites have none
    for page in pages:
        for link in page.components.get("links", ()):
            problem = _check_link(page, link, urls, files, ids_by_url, drafts)
            if problem:
                level, code, message = problem
                if not near:
                    near.append(NearMisses([*files, *(p.path for p in pages), *urls]))
                message += _suggestion(page, link["href"], code, near[0], ids_by_url)
                found.append(Diagnostic(page.path, link.get("line", 0), link.get("col", 1) if link.get("line") else 0, level, code, message))
    found.extend(prerequisite_diagnostics(pages, index))
    found.extend(cycle_diagnostics(pages, index))
    found.extend(shared_places(pages))
    return found


def shared_places(pages: list[Page]) -> list[Diagnostic]:
    """WARNING ``series-order-duplicate`` at each of two chapters of one folder with the same
    ``series_order``/``chapter_number``: the series would list them in an order nobody chose (by file name)."""
    by_place: dict[tuple[str, int], list[Page]] = {}
    for page in pages:
        if page.kind == CHAPTER and page.order[0] == 0:  # an explicit number (see parse.page_order)
            by_place.setdefault((page.folder, page.order[1]), []).append(page)
    found = []
    for (_, number), sharing in by_place.items():
        if len(sharing) < 2:
            continue
        for page in sharing:
            key = "series_order" if "series_order" in page.meta else "chapter_number"
            others = ", ".join(posixpath.basename(other.path) for other in sharing if other is not page)
            found.append(Diagnostic(page.path, *page.place(key), WARNING, "series-order-duplicate",
                                    f"{key} {number} is also given to {others}; the series lists them by file name: "
                                    "give each chapter its own number"))
    return found


def _suggestion(page: Page, href: str, code: str, near: NearMisses, ids_by_url: dict[str, set[str]]) -> str:
    """``; did you mean 'img/sampling.png'?`` when something close to a broken link's target exists."""
    parts = urlsplit(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if code == "broken-anchor":
        target_url = _target_url(page, path) if path else page.url
        meant = anchor_like(fragment, ids_by_url[target_url] - TEMPLATE_IDS) if target_url in ids_by_url else None
        # another page's anchor keeps the page, as the author wrote it: 'chapter2.md#1-4-演習問題'
        written_page = href.partition("#")[0] if path else ""
        return f"; did you mean '{written_page}#{meant}'?" if meant else ""
    if code not in ("missing-file", "broken-link") or not path:
        return ""
    base = posixpath.dirname(page.path)
    joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
    meant = near.path_like(joined)
    if meant is None:
        return ""
    written = as_written(meant, page.path, path)
    return f"; did you mean '{written}{'#' + fragment if fragment else ''}'?"


def _target_url(page: Page, path: str) -> str:
    base = posixpath.dirname(page.path)
    joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
    return output_url(joined) if joined.lower().endswith((".md", ".markdown")) else joined


class _IdsByUrl(dict[str, set[str]]):
    """url -> ids on that page, worked out only for the pages a link's #fragment points into."""

    def __init__(self, pages: dict[str, Page]):
        super().__init__()
        self.pages = pages

    def __contains__(self, url: object) -> bool:
        return url in self.pages

    def __missing__(self, url: str) -> set[str]:
        ids = self[url] = set(page_ids(self.pages[url])) | TEMPLATE_IDS
        return ids


def _check_link(page: Page, link: dict[str, Any], urls: set[str], files: set[str], ids_by_url: dict[str, set[str]],
                drafts: Set[str] = frozenset()) -> tuple[str, str, str] | None:
    href = link["href"]
    parts = urlsplit(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    href = unquote(href)  # shown as written: markdown-it percent-encodes what is not ASCII
    if not path:
        target_url = page.url
    else:
        base = posixpath.dirname(page.path)
        joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
        if joined == ".." or joined.startswith("../"):
            return WARNING, "link-outside-site", f"link {href!r} leads outside the site"
        if joined == ".":
            joined = ""
        if path.endswith("/") or joined == "" or path in (".", ".."):
            target_url = section_url(joined)
        elif joined.lower().endswith((".md", ".markdown")):
            target_url = output_url(joined)
        else:
            target_url = joined
        if target_url not in urls:
            if target_url in files:
                return None
            if link.get("kind") == "image":
                return WARNING, "missing-file", f"image {href!r} does not exist"
            if not target_url.endswith(".html"):
                return WARNING, "missing-file", f"file {href!r} does not exist"
            if target_url in drafts:
                return WARNING, "link-to-draft", f"link {href!r} leads to a draft, which this build leaves out"
            return WARNING, "broken-link", f"link {href!r} leads to no page of the site"
    if fragment and target_url in ids_by_url and fragment not in ids_by_url[target_url]:
        return WARNING, "broken-anchor", f"link {href!r}: no heading or element with id {fragment!r} on {target_url}"
    return None

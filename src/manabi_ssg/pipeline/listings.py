"""Site-wide listing pages built from what every chapter holds: topics,
exercises, case studies.

Each listing is a generated :class:`Page` whose template reads the site
index; the lists themselves are collected into ``SiteIndex.extra`` so that
pages render from (page, index) alone.  Checks that need the whole site
(prerequisites naming other chapters) live here too.
"""

from __future__ import annotations

from typing import Any

from manabi_ssg.incremental.cache import digest
from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import INFO, Diagnostic
from manabi_ssg.messages import catalogue, site_messages
from manabi_ssg.model import CHAPTER, Origin, Page, SiteIndex
from manabi_ssg.pipeline.prerequisites import prerequisite_items, resolve_prerequisite
from manabi_ssg.site.urls import generated_path, listing_url, topic_url

LISTING_KINDS = ("exercises", "case_studies")  # the site-wide listing pages, by page kind and extra key


def _chapter_fields(page: Page) -> dict[str, Any]:
    return {
        "url": page.url,
        "chapter": page.title,
        "folder": page.folder,
        "series": str(page.meta.get("series") or ""),
        "lang": page.lang,
        "order": page.order,
    }


def collect_extra(pages: list[Page]) -> dict[str, Any]:
    """Site-wide lists gathered from the pages' components (plain data for the index).

    ``exercises``: one dict per exercise (number, title, difficulty, id,
    has_answer, hints, line, url, chapter, folder, series, lang, order);
    ``case_studies``: one per case study (number, title, id, facts, ...).
    Both sorted by folder, then reading order.
    """
    exercises: list[dict[str, Any]] = []
    case_studies: list[dict[str, Any]] = []
    for page in sorted(pages, key=lambda p: (p.folder, p.order, p.path)):
        if page.kind != CHAPTER:
            continue
        fields = _chapter_fields(page)
        for item in page.components.get("exercises", ()):
            exercises.append({**item, **fields})
        for item in page.components.get("case_studies", ()):
            case_studies.append({**item, **fields})
    extra: dict[str, Any] = {}
    if exercises:
        extra["exercises"] = exercises
    if case_studies:
        extra["case_studies"] = case_studies
    # which languages have which listing pages, for the links in every page's footer
    listings: dict[str, list[str]] = {}
    for kind in LISTING_KINDS:
        for lang in sorted({item["lang"] for item in extra.get(kind, ())}):
            listings.setdefault(lang, []).append(kind)
    if listings:
        extra["listings"] = listings
    topic_languages = sorted({page.lang for page in pages if page.kind == CHAPTER and page.meta.get("topics")})
    if topic_languages:
        extra["topic_languages"] = topic_languages  # which languages have topic pages
    return extra


def listings_key(pages: list[Page]) -> str:
    """A hash of all that :func:`collect_extra` reads, so the engine may keep its result while this is the same."""
    return digest(*[(page.path, page.kind, _chapter_fields(page), page.components.get("site_digest"), bool(page.meta.get("topics")))
                    for page in pages])


def prerequisite_diagnostics(pages: list[Page], index: SiteIndex) -> list[Diagnostic]:
    """INFO ``prerequisite-unresolved`` for each prerequisite that names no chapter of its series."""
    found: list[Diagnostic] = []
    for page in pages:
        if page.kind != CHAPTER:
            continue
        section = index.sections.get(page.folder)
        for item in prerequisite_items(page.meta):
            if resolve_prerequisite(item, section) is None:
                found.append(Diagnostic(page.path, *page.place("prerequisites", item), INFO, "prerequisite-unresolved",
                                        f"prerequisite {item!r} names no chapter of this series; shown as plain text"))
    return found


def grouped(items: list[dict[str, Any]], index: SiteIndex) -> list[dict[str, Any]]:
    """Items grouped by series folder, then chapter: [{title, folder, chapters: [{title, url, entries}]}]."""
    groups: list[dict[str, Any]] = []
    for item in items:
        folder = item["folder"]
        if not groups or groups[-1]["folder"] != folder:
            section = index.sections.get(folder)
            groups.append({"folder": folder, "title": section.title if section else (item["series"] or folder),
                           "url": section.index_url if section else "", "lang": item["lang"], "chapters": []})
        chapters = groups[-1]["chapters"]
        if not chapters or chapters[-1]["url"] != item["url"]:
            chapters.append({"title": item["chapter"], "url": item["url"], "entries": []})
        chapters[-1]["entries"].append(item)
    return groups


def listing_pages(index: SiteIndex, config: Config) -> list[Page]:
    pages = []
    default = config.default_language
    # topic pages per language, each listing that language's chapters, in its interface language
    for lang in index.languages:
        topics = [topic for topic, items in index.topics.items() if any(item.lang == lang for item in items)]
        for topic in topics:
            url = topic_url(topic, lang, default)
            pages.append(Page(path=generated_path(url), url=url, kind="topic", lang=lang, meta={"topic": topic},
                              title=topic, body_html="", toc=[], order=(4, 0, ()), digest="", origin=Origin.GENERATED))
        if topics:
            url = topic_url(None, lang, default)
            pages.append(Page(path=generated_path(url), url=url, kind="topics", lang=lang, meta={},
                              title="topics", body_html="", toc=[], order=(4, 0, ()), digest="", origin=Origin.GENERATED))
    own_messages = site_messages(config.root, config.safe)  # a site's catalogue names the listing in <title> too, as in its heading
    for lang, kinds in index.extra.get("listings", {}).items():
        messages = catalogue(lang, own_messages)
        for order, kind in enumerate(kinds, start=1):
            items = [item for item in index.extra[kind] if item["lang"] == lang]
            url = listing_url(kind, lang, config.default_language)
            pages.append(Page(path=generated_path(url), url=url, kind=kind, lang=lang,
                              meta={"groups": grouped(items, index)}, title=messages.get(kind, kind),
                              body_html="", toc=[], order=(4, order, ()), digest="", origin=Origin.GENERATED))
    return pages

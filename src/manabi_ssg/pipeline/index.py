"""Index stage: from all parsed pages, the read-only :class:`SiteIndex`.

The index holds only page *summaries* (title, order, difficulty, ...), which
is all that navigation, cards and lists need.  Pages render against it, so a
page's output depends on its own parse result and on these summaries only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from manabi_ssg.site.config import Config
from manabi_ssg.site.i18n import build_translations, language_homes
from manabi_ssg.model import CHAPTER, HOME, SECTION, Order, Page, PageSummary, Section, SiteIndex
from manabi_ssg.site.urls import section_url
from manabi_ssg.outputs.print_book import PRINT


def folders_of(path: str) -> list[str]:
    """``a/b/c.md`` -> ["", "a", "a/b"]."""
    parts = path.split("/")[:-1]
    return [""] + ["/".join(parts[: i + 1]) for i in range(len(parts))]


def build_index(pages: list[Page], config: Config, extra: dict[str, Any] | None = None) -> SiteIndex:
    summaries = _own_aliases({page.url: page.summary for page in pages})
    chapters: dict[str, list[PageSummary]] = defaultdict(list)
    landings: dict[str, PageSummary] = {}
    children: dict[str, set[str]] = defaultdict(set)
    folder_lang: dict[str, str] = {}
    for page in pages:
        folder = page.folder
        if page.kind in (SECTION, HOME):
            landings[folder] = summaries[page.url]
        else:
            chapters[folder].append(summaries[page.url])
        chain = folders_of(page.path)
        for parent, child in zip(chain, chain[1:]):
            children[parent].add(child)
        for f in chain[1:]:
            folder_lang.setdefault(f, page.lang)
    all_folders = set(children) | set(chapters) | set(landings) | {""}
    for kids in list(children.values()):
        all_folders |= kids

    sections: dict[str, Section] = {}
    for folder in sorted(all_folders):
        landing = landings.get(folder)
        ordered = tuple(sorted(chapters.get(folder, []), key=lambda s: (s.order, s.path)))
        subs = tuple(sorted(children.get(folder, set()), key=lambda f: _folder_key(f, landings)))
        title = landing.title if landing else (folder.rsplit("/", 1)[-1] if folder else config.title)
        sections[folder] = Section(
            folder=folder,
            title=title,
            lang=landing.lang if landing else folder_lang.get(folder, config.default_language),
            index_url=section_url(folder),
            chapters=ordered,
            subsections=subs,
            landing=landing,
        )

    topics: dict[str, list[PageSummary]] = defaultdict(list)
    for summary in summaries.values():
        if summary.kind == CHAPTER:
            for topic in summary.topics:
                topics[topic].append(summary)
    languages = tuple(sorted({s.lang for s in summaries.values()}, key=lambda lang: (lang != config.default_language, lang)))
    return SiteIndex(
        title=config.title,
        default_language=config.default_language,
        base_url=config.base_url,
        languages=languages or (config.default_language,),
        pages=summaries,
        sections=sections,
        topics={t: tuple(sorted(v, key=lambda s: (s.lang, s.url))) for t, v in sorted(topics.items())},
        extra=extra or {},
        translations=build_translations(pages, sections, config.languages),
    )


def _own_aliases(summaries: dict[str, PageSummary]) -> dict[str, PageSummary]:
    """Each page's old addresses that are its own: not a page's address now, nor claimed by an earlier page.

    The same rule as the redirect pages' (claims.py: such an alias is an error and not published), so
    progress.js never moves a record kept under a real page, or another chapter's, into this one.
    """
    claimed: set[str] = set()
    kept = {}
    for url, summary in summaries.items():
        own = tuple(alias for alias in summary.aliases if alias not in summaries and alias not in claimed)
        claimed.update(summary.aliases)
        kept[url] = summary if own == summary.aliases else replace(summary, aliases=own)
    return kept


def _folder_key(folder: str, landings: dict[str, PageSummary]) -> Order:
    landing = landings.get(folder)
    order = landing.order if landing else (1, 0, ())
    from manabi_ssg.pipeline.load import natural_key

    return (order[0], order[1], natural_key(folder.rsplit("/", 1)[-1]))


def series_of(index: SiteIndex, folder: str) -> list[Section]:
    """Sections below ``folder`` (itself included) that hold chapters: the series."""
    found = []
    stack = [folder]
    while stack:
        current = stack.pop(0)
        section = index.sections.get(current)
        if section is None:
            continue
        if section.chapters:
            found.append(section)
        stack[0:0] = list(section.subsections)
    return found


def neighbours(index: SiteIndex, page: PageSummary) -> tuple[PageSummary | None, PageSummary | None]:
    """Previous and next chapter in the page's series."""
    section = index.sections.get(page.path.rpartition("/")[0])
    if section is None or page.kind != CHAPTER:
        return None, None
    chapters = section.chapters
    for i, chapter in enumerate(chapters):
        if chapter.url == page.url:
            return (chapters[i - 1] if i > 0 else None, chapters[i + 1] if i + 1 < len(chapters) else None)
    return None, None


def breadcrumbs(index: SiteIndex, page: PageSummary) -> list[tuple[str, str]]:
    """(title, url) from the home page down to the page's own folder."""
    crumbs = []
    for folder in folders_of(page.path):
        if page.kind == SECTION and folder == page.path.rpartition("/")[0]:
            break
        section = index.sections.get(folder)
        if section is not None:
            crumbs.append((section.title, section.index_url))
    return crumbs


def page_context(page: Page, index: SiteIndex, memo: dict[Any, str] | None = None) -> str:
    """A hash of the part of the index that ``page`` shows in the default theme, for its render key.

    A chapter shows its series (titles and order of its siblings), its
    breadcrumbs and the site header; a section also shows its sub-sections'
    cards; a series' print page, what its chapters show; the home page and
    the site-wide listings show everything.
    ``memo`` keeps the shared parts between calls of one build.
    """
    from manabi_ssg.incremental.cache import digest

    memo = {} if memo is None else memo
    if "header" not in memo:
        memo["header"] = digest(index.title, index.languages, [index.sections.get(lang) for lang in index.languages],
                                language_homes(index.sections, index.languages), index.extra.get("listings"),
                                index.extra.get("topic_languages"))
    if page.kind not in (CHAPTER, SECTION, PRINT):  # a series' print page shows what its chapters show
        return site_context(page, index, memo)
    folder = page.path.rpartition("/")[0]
    ancestors = tuple((index.sections[f].title, index.sections[f].index_url) for f in folders_of(page.path) if f in index.sections)
    own = index.sections.get(folder)
    key = ("section", folder, page.kind)
    if key not in memo:
        parts = [own]
        if page.kind == SECTION and own is not None:
            parts.extend(index.sections.get(sub) for sub in own.subsections)
        memo[key] = digest(*parts)
    return digest(memo["header"], ancestors, memo[key], index.translations.get(page.url))


def site_context(page: Page, index: SiteIndex, memo: dict[Any, str] | None = None) -> str:
    """A hash of the whole index: the context of a page that may show any of it.

    Sections and topics follow from the summaries, so these cover them; the
    listings follow from what ``memo["listings_key"]`` covers (else from
    ``index.extra`` itself).  The same for every page, so computed once.
    """
    from manabi_ssg.incremental.cache import digest

    memo = {} if memo is None else memo
    if "whole" not in memo:
        memo["whole"] = digest(index.title, index.languages, index.base_url, index.default_language,
                               tuple(index.pages.values()), index.translations, memo.get("listings_key") or index.extra)
    return memo["whole"]

"""Pages the site makes itself: the home page, folder pages, the 404 page, redirects from old addresses.

A folder without an ``index.md`` still gets a landing page, so a link to
``../other-series/`` always leads somewhere.
"""

from __future__ import annotations

from manabi_ssg.site.config import Config
from manabi_ssg.model import HOME, SECTION, Origin, Page, SiteIndex
from manabi_ssg.site.urls import NOT_FOUND_URL, generated_path, section_url


def generated_pages(pages: list[Page], index: SiteIndex, config: Config) -> list[Page]:
    have = {page.url for page in pages}
    extra: list[Page] = []
    for folder, section in index.sections.items():
        url = section_url(folder)
        if url in have:
            continue
        extra.append(
            Page(
                path=f"{folder}/index.md" if folder else "index.md",
                url=url,
                kind=SECTION if folder else HOME,
                lang=section.lang if folder else config.default_language,
                meta={},
                title=section.title,
                body_html="",
                toc=[],
                order=(2, 0, ()),
                digest="",
                origin=Origin.GENERATED,
            )
        )
    extra.extend(redirect_pages(pages))
    extra.append(
        Page(path=generated_path(NOT_FOUND_URL), url=NOT_FOUND_URL, kind="not_found", lang=config.default_language, meta={}, title="404",
             body_html="", toc=[], order=(3, 0, ()), digest="", origin=Origin.GENERATED)
    )
    return extra


REDIRECT = "redirect"  # the kind of a page that sends an old address to the page that took it over


def redirect_pages(pages: list[Page]) -> list[Page]:
    """A page at each old address a page lists in ``aliases:``, sending the reader on (``redirect.html``).

    Made after every other page in claims' order: an old address that a real page (or a page manabi
    makes) still has is an error at the alias, and the real page stays (claims.py).
    """
    found = []
    for page in pages:
        for written, url in page.components.get("aliases", ()):
            found.append(Page(path=generated_path(url), url=url, kind=REDIRECT, lang=page.lang,
                              meta={"target": page.url, "from": page.path, "written": written}, title=page.title,
                              body_html="", toc=[], order=(5, 0, ()), digest="", origin=Origin.GENERATED))
    return found

"""Pages the site makes itself: the home page, folder pages, the 404 page.

A folder without an ``index.md`` still gets a landing page, so a link to
``../other-series/`` always leads somewhere.
"""

from __future__ import annotations

from manabi_ssg.config import Config
from manabi_ssg.model import HOME, SECTION, Origin, Page, SiteIndex
from manabi_ssg.urls import NOT_FOUND_URL, generated_path, section_url


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
    extra.append(
        Page(path=generated_path(NOT_FOUND_URL), url=NOT_FOUND_URL, kind="not_found", lang=config.default_language, meta={}, title="404",
             body_html="", toc=[], order=(3, 0, ()), digest="", origin=Origin.GENERATED)
    )
    return extra

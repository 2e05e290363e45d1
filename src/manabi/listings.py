"""Site-wide listing pages built from what every chapter holds: topics.

Each listing is a generated :class:`Page` whose template reads the site
index; the lists themselves are collected into ``SiteIndex.extra`` so that
pages render from (page, index) alone.
"""

from __future__ import annotations

from manabi.config import Config
from manabi.index import topic_url
from manabi.model import Page, SiteIndex


def collect_extra(pages: list[Page]) -> dict:
    """Site-wide lists gathered from the pages' components (plain data for the index)."""
    return {}


def listing_pages(index: SiteIndex, config: Config) -> list[Page]:
    pages = []
    lang = config.default_language
    for topic in index.topics:
        pages.append(Page(path=f"topics/{topic}.md", url=topic_url(topic), kind="topic", lang=lang, meta={"topic": topic},
                          title=topic, body_html="", toc=[], order=(4, 0, ()), digest=""))
    if index.topics:
        pages.append(Page(path="topics/index.md", url="topics/index.html", kind="topics", lang=lang, meta={},
                          title="topics", body_html="", toc=[], order=(4, 0, ()), digest=""))
    return pages

"""One search page per language (``search.html``, ``search-en.html``): its ``<html lang>`` picks the bundles search.js merges."""

from __future__ import annotations

from manabi_ssg.site.config import Config
from manabi_ssg.messages import catalogue, site_messages
from manabi_ssg.model import Origin, Page, SiteIndex
from manabi_ssg.outputs.search.binary import search_enabled
from manabi_ssg.site.urls import generated_path, search_url


def search_pages(index: SiteIndex, config: Config, taken: set[str] | frozenset[str] = frozenset()) -> list[Page]:
    """The search page of the default language and of every language of the site, but those in ``taken``."""
    if not search_enabled(config):
        return []
    own_messages = site_messages(config.root, config.safe)
    pages = []
    for lang in dict.fromkeys((config.default_language,) + tuple(index.languages)):
        url = search_url(lang, config.default_language)
        if url in taken:
            continue
        title = catalogue(lang, own_messages).get("search", "Search")
        pages.append(Page(path=generated_path(url), url=url, kind="search", lang=lang, meta={},
                          title=title, body_html="", toc=[], order=(5, 0, ()), digest="", origin=Origin.GENERATED))
    return pages

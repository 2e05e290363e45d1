"""An Atom feed per language: the chapters, newest first, for following a series.

``feed.xml`` holds the default language's chapters, ``feed-<lang>.xml`` the
others' (the same naming as the site-wide listings).  A chapter's date is its
``updated_at``, else its ``created_at``: a chapter with neither is left out,
since a build takes no date from the clock (two builds give the same bytes).

Feeds are written only when the site has a ``base_url``: a feed is read away
from the site (a reader's list, an aggregator), where a relative link leads
nowhere, and an entry's id is its chapter's absolute URL.  ``manabi check``
says so once when ``base_url`` is missing (``base-url-missing``).
"""

from __future__ import annotations

import re
from collections.abc import Set

from manabi_ssg.guards.catalogue_check import fill
from manabi_ssg.guards.characters import xml_attr, xml_text
from manabi_ssg.site.config import Config
from manabi_ssg.outputs.jsonld import people
from manabi_ssg.messages import catalogue, site_messages
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import CHAPTER, Page, SiteIndex
from manabi_ssg.outputs.seam import Files, FinishedSite, Output
from manabi_ssg.site.urls import HOME_URL, absolute_url, feed_url

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"  # the <updated> of a feed with no dated chapter


def timestamp(value: object) -> str:
    """A front matter date as an RFC 3339 timestamp (midnight UTC), or "" when it is not a date."""
    text = "" if value is None else str(value).strip()
    match = re.match(r"(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?))?", text)
    if not match:
        return ""
    clock = match.group(2) or "00:00:00"
    if len(clock) == 5:
        clock += ":00"
    return f"{match.group(1)}T{clock}Z"


def atom_feed(pages: list[Page], lang: str, index: SiteIndex, config: Config) -> str:
    messages = catalogue(lang, site_messages(config.root, config.safe))
    dated = []
    for page in pages:
        if page.kind != CHAPTER or page.lang != lang:
            continue
        updated = timestamp(page.meta.get("updated_at")) or timestamp(page.meta.get("created_at"))
        if updated:
            dated.append((updated, page))
    dated.sort(key=lambda pair: (pair[0], pair[1].url), reverse=True)
    own = feed_url(lang, index.default_language)
    home = index.sections.get(lang) or index.sections.get("jp" if lang == "ja" else lang)
    title = fill(messages.get("feed_title", "{site}"), {"site": config.title})
    rows = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang={xml_attr(lang)}>',
        f"  <id>{xml_text(absolute_url(config.base_url, own))}</id>",
        f"  <title>{xml_text(title)}</title>",
        f"  <updated>{dated[0][0] if dated else EPOCH}</updated>",
        f"  <author><name>{xml_text(config.title)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={xml_attr(absolute_url(config.base_url, own))}/>',
        f'  <link rel="alternate" type="text/html" href={xml_attr(absolute_url(config.base_url, home.index_url if home else HOME_URL))}/>',
        "  <generator>manabi</generator>",
    ]
    for updated, page in dated:
        rows.append("  <entry>")
        rows.append(f"    <id>{xml_text(absolute_url(config.base_url, page.url))}</id>")
        rows.append(f"    <title>{xml_text(page.title)}</title>")
        rows.append(f"    <updated>{updated}</updated>")
        published = timestamp(page.meta.get("created_at"))
        if published:
            rows.append(f"    <published>{published}</published>")
        rows.append(f'    <link rel="alternate" type="text/html" href={xml_attr(absolute_url(config.base_url, page.url))}/>')
        for name in people(page.meta):
            rows.append(f"    <author><name>{xml_text(name)}</name></author>")
        summary = page.summary.description
        if summary:
            rows.append(f"    <summary>{xml_text(summary)}</summary>")
        for topic in page.meta.get("topics") or ():
            if isinstance(topic, str) and topic.strip():
                rows.append(f"    <category term={xml_attr(topic.strip())}/>")
        rows.append("  </entry>")
    rows.append("</feed>")
    return "\n".join(rows) + "\n"


def feed_files(pages: list[Page], index: SiteIndex, config: Config, taken: Set[str] = frozenset()) -> dict[str, bytes]:
    """Output path -> Atom feed, one per language of the site; never over a file of the content (``taken``).

    None without a base URL (see the module's docstring).
    """
    files: dict[str, bytes] = {}
    if not config.base_url:
        return files
    for lang in index.languages:
        rel = feed_url(lang, index.default_language)
        if rel not in taken:
            files[rel] = atom_feed(pages, lang, index, config).encode("utf-8")
    return files


class Feeds(Output):
    """The feeds show chapters' front matter, the index and the settings: the content key covers them all."""

    name = "feeds"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.content_key)

    def files(self, site: FinishedSite) -> Files:
        return dict(feed_files(list(site.pages), site.index, site.config, site.assets))

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        if not config.base_url:  # feeds need absolute URLs (see the module's docstring)
            return {}
        return {feed_url(lang, index.default_language): f"manabi's feed of language {lang}" for lang in index.languages}

"""Files for crawlers: ``robots.txt`` always, ``sitemap.xml`` when a base URL is set.

Dates come from front matter only, never from the clock, so two builds of the
same content give the same bytes.  Everything that needs an absolute address
is written only with ``base_url``; :func:`base_url_note` tells the author once
what its absence leaves out.
"""

from __future__ import annotations

import os
import re

from manabi_ssg.guards.characters import xml_text
from manabi_ssg.site.config import CONFIG_NAME, Config
from manabi_ssg.diagnostics import INFO, Diagnostic, silenced
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import Page, SiteIndex
from manabi_ssg.outputs.print_book import PRINT
from manabi_ssg.outputs.seam import Files, FinishedSite, Output
from manabi_ssg.site.urls import ROBOTS_URL, SITEMAP_URL, absolute_url

BASE_URL_ENABLES = "sitemap.xml, canonical links, og:url, hreflang alternates, Atom feeds and the URLs in JSON-LD"
COMMENTED_BASE_URL_RE = re.compile(r"^[ \t]*#[ \t]*base_url\b", re.MULTILINE)


def base_url_note(config: Config) -> list[Diagnostic]:
    """One note at ``manabi.toml`` when ``base_url`` is missing (code ``base-url-missing``; silenceable).

    A site without it still builds and works from any folder, but a published
    site loses what only an absolute address can give.  The note points at a
    commented ``# base_url`` line when the config has one (``manabi init`` writes it).
    """
    if config.base_url:
        return []
    path = config.config_file or config.root / CONFIG_NAME
    line = 0
    try:
        text = path.read_text(encoding="utf-8") if config.config_file else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    match = COMMENTED_BASE_URL_RE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        shown = str(path)
    note = Diagnostic(shown, line, 1 if line else 0, INFO, "base-url-missing",
                      f"base_url is not set, so the site has no {BASE_URL_ENABLES}; "
                      'set base_url = "https://…/" to the address the site is published at')
    return [] if silenced(note, config.silence) else [note]


def robots_txt(config: Config) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {absolute_url(config.base_url, SITEMAP_URL)}")
    return "\n".join(lines) + "\n"


def sitemap_xml(pages: list[Page], config: Config) -> str:
    rows = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.url):
        if page.kind in ("not_found", "redirect"):  # an old address only sends the reader on (pipeline/pages.py)
            continue
        if page.kind == PRINT:  # a series' chapters again, on one page to print: not a page to find
            continue
        rows.append(f"  <url><loc>{xml_text(absolute_url(config.base_url, page.url))}</loc>")
        date = page.meta.get("updated_at") or page.meta.get("created_at")
        if date:
            rows.append(f"    <lastmod>{xml_text(str(date)[:10])}</lastmod>")
        rows.append("  </url>")
    rows.append("</urlset>")
    return "\n".join(rows) + "\n"


class Robots(Output):
    """``robots.txt``: the base URL is all it shows."""

    name = "robots"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.settings_key)

    def files(self, site: FinishedSite) -> Files:
        return {ROBOTS_URL: robots_txt(site.config).encode("utf-8")}

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        return {ROBOTS_URL: f"manabi's {ROBOTS_URL}"}


class Sitemap(Output):
    """``sitemap.xml``, with a base URL only: every page's URL and date (the content key covers them)."""

    name = "sitemap"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.content_key)

    def files(self, site: FinishedSite) -> Files:
        if not site.config.base_url:
            return {}
        return {SITEMAP_URL: sitemap_xml(list(site.pages), site.config).encode("utf-8")}

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        return {SITEMAP_URL: f"manabi's {SITEMAP_URL}"} if config.base_url else {}

"""Files for crawlers: ``robots.txt`` always, ``sitemap.xml`` when a base URL is set.

Dates come from front matter only, never from the clock, so two builds of the
same content give the same bytes.
"""

from __future__ import annotations

from urllib.parse import quote
from xml.sax.saxutils import escape

from manabi_ssg.config import Config
from manabi_ssg.model import Page


def robots_txt(config: Config) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {config.base_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap_xml(pages: list[Page], config: Config) -> str:
    base = config.base_url.rstrip("/")
    rows = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.url):
        if page.kind == "not_found":
            continue
        rows.append(f"  <url><loc>{escape(base + '/' + quote(page.url))}</loc>")
        date = page.meta.get("updated_at") or page.meta.get("created_at")
        if date:
            rows.append(f"    <lastmod>{escape(str(date)[:10])}</lastmod>")
        rows.append("  </url>")
    rows.append("</urlset>")
    return "\n".join(rows) + "\n"

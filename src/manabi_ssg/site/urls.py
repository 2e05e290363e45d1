"""Every rule that turns a source path or a name into a URL of the built site.

One module, so a URL is made the same way by the page that links and the file
that is written: a chapter's page and its ``.bib``, a folder's landing page,
a topic's page, the site-wide listings, the search page and the feed of each
language, the theme's assets, an address made absolute with ``base_url`` and
a link made relative between two pages.  A URL here is an output path
relative to the site's root, ``ja/mlp/chapter-1.html``, never starting with ``/``.

The default language's site-wide pages take the plain name (``search.html``,
``feed.xml``), each other language's adds ``-<lang>`` (``search-en.html``);
a language is a plain tag by then (:mod:`manabi_ssg.guards.names`).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote, urlsplit

from manabi_ssg.guards.names import topic_slug

MARKDOWN_SUFFIXES = (".md", ".markdown")
HOME_URL = "index.html"  # the site's home page, and each folder's landing page by name
NOT_FOUND_URL = "404.html"
ROBOTS_URL = "robots.txt"
SITEMAP_URL = "sitemap.xml"  # with a base URL only: its addresses are absolute
THEME_CSS = "assets/theme.css"  # the one stylesheet a page asks for (outputs/stylesheet.py)
HIGHLIGHT_CSS = "assets/pygments.css"  # the highlighting palettes alone, for themes that link them
SEARCH_FOLDER = "pagefind"  # the search index's bundles, all of this folder is the search step's
LISTING_STEMS = {"exercises": "exercises", "case_studies": "case-studies"}


def output_url(path: str) -> str:
    """``a.md``, ``b.markdown``, ``Up.MD`` -> ``.html``; any other file keeps its name."""
    lowered = path.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return path[: -len(suffix)] + ".html"
    return path


def link_target(path: str) -> str:
    """The path part of a link written in a page, as the file it leads to: ``chapter-2.md`` -> ``chapter-2.html``,
    a folder (``../series/``, ``.``) -> its ``index.html``; relative links stay relative."""
    path = output_url(path)
    if path.endswith("/") or path in (".", ".."):
        path = path.rstrip("/") + "/" + HOME_URL
    return path


def alias_url(page_path: str, written: str) -> str | None:
    """The output path of an old address in front matter ``aliases:``, or ``None`` when it names no page.

    Written as a link to the page as it was: ``chapter4-real-world.md`` (beside the page),
    ``../old-series/chapter-4.md``, ``/ja/old/chapter-4.html`` (from the content root),
    ``old-folder/`` (its landing page).  Never outside the site, never a file other than a page.
    """
    text = written.strip()
    if not text or any(ch in text for ch in "?#\\\0") or "://" in text:
        return None
    base = posixpath.dirname(page_path)
    joined = text.lstrip("/") if text.startswith("/") else posixpath.join(base, text)
    folder = text.endswith("/")
    joined = posixpath.normpath(joined) if joined else ""
    if joined in ("", ".") or joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None if not (folder and joined in ("", ".")) else HOME_URL
    if folder:
        return f"{joined}/{HOME_URL}"
    url = output_url(joined)
    return url if url.lower().endswith(".html") else None


def section_url(folder: str) -> str:
    """A folder's landing page: ``ja/mlp`` -> ``ja/mlp/index.html``; the root folder ``""`` -> ``index.html``."""
    return f"{folder}/{HOME_URL}" if folder else HOME_URL


def _per_language(stem: str, suffix: str, lang: str, default_language: str) -> str:
    return f"{stem}{suffix}" if lang == default_language else f"{stem}-{lang}{suffix}"


def topic_url(topic: str | None, lang: str = "", default_language: str = "") -> str:
    """``topics/<slug>.html`` in the default language, ``topics/<lang>/<slug>.html`` in others;
    ``topic=None`` gives that language's list of all topics."""
    folder = "topics" if not lang or lang == default_language else f"topics/{lang}"
    return f"{folder}/{topic_slug(topic)}.html" if topic is not None else f"{folder}/{HOME_URL}"


def listing_url(kind: str, lang: str, default_language: str) -> str:
    """``exercises.html`` / ``case-studies.html`` for the default language, ``exercises-en.html`` for others."""
    return _per_language(LISTING_STEMS[kind], ".html", lang, default_language)


def search_url(lang: str, default_language: str) -> str:
    """``search.html`` for the default language, ``search-<lang>.html`` for the others."""
    return _per_language("search", ".html", lang, default_language)


def feed_url(lang: str, default_language: str) -> str:
    """``feed.xml`` for the default language, ``feed-<lang>.xml`` for the others."""
    return _per_language("feed", ".xml", lang, default_language)


def bib_name(path: str) -> str:
    """The BibTeX file's name beside the page: ``ja/mlp/chapter-4.md`` -> ``chapter-4.bib``."""
    return posixpath.basename(path).rsplit(".", 1)[0] + ".bib"


def bib_url(path: str, url: str) -> str:
    """The ``.bib`` of the page made from ``path`` at ``url``: in the page's folder, named after its source."""
    folder = url.rpartition("/")[0]
    return (folder + "/" if folder else "") + bib_name(path)


def generated_path(url: str) -> str:
    """The source path a page manabi makes is known by (``search-en.html`` -> ``search-en.md``), as if written."""
    return url[: -len(".html")] + ".md"


def absolute_url(base_url: str, url: str) -> str:
    """A site path made absolute with the base URL, percent-encoded: for feeds, the sitemap, JSON-LD."""
    return base_url.rstrip("/") + "/" + quote(url)


@lru_cache(maxsize=65536)
def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two site paths, so the site works under any sub-path and from disk.

    ``posixpath.relpath`` would give the same, but asks the operating system
    for the working directory on every call, and a page has hundreds of links.
    """
    target, _, fragment = to_url.partition("#")
    base = _segments(posixpath.dirname(from_url))
    path = _segments(target or from_url)
    common = 0
    while common < len(base) and common < len(path) and base[common] == path[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + path[common:]) or "."
    rel = quote(rel, safe="/.-_~!$&'()*+,;=:@")
    return rel + ("#" + fragment if fragment else "")


def _segments(site_path: str) -> list[str]:
    return [part for part in posixpath.normpath("/" + site_path).split("/") if part]


def site_root(base_url: str, live_reload: bool) -> str:
    """Where the site's root is on its host, for the 404 page's links: ``/course/`` for ``https://example.org/course/``.

    The 404 page is answered for any missing path (GitHub Pages, ``serve``), at
    any depth, so a link relative to where the file lies leads nowhere from
    ``/ja/series/missing.html``.  Its links start from the root instead: the
    path of ``base_url`` when it is set; ``/`` without it (the site is taken to
    be at its host's root, as a user site, a custom domain or
    ``python -m http.server`` has it: a site under a sub-path sets
    ``base_url``), and ``/`` under ``serve``, which serves the preview there
    whatever ``base_url`` says.  A path, not the whole URL, so a copy of the
    site on another host (a staging server) loads its own stylesheet.
    """
    if live_reload or not base_url:
        return "/"
    path = urlsplit(base_url).path or "/"
    return quote(path if path.endswith("/") else path + "/", safe="/%-._~!$&'()*+,;=:@")

"""A whole series as one page to print: ``<series>/print.html``, as mdBook's ``print.html``.

An :class:`~manabi_ssg.outputs.seam.Output` that adds pages: the engine renders
them with the others, handing each its chapters with their bodies.

Learners print whole books to annotate; a site printed one chapter at a time.
Each folder that holds chapters (a series) gets a generated page of kind
``print`` that shows, in reading order, a title page, a contents list, the
series' landing text, and every chapter with its header and body: math,
code, diagrams, case studies, exercises and references as the chapter page
has them.  The reader's choice of how answers print (under each problem,
gathered in an appendix, or left out) is the chapter page's own
(``partials/print_options.html``, ``manabi.js``).

Bodies were written for pages of their own, so two chapters share ids
(``ref-1``, ``exercise-1``, ``演習問題``): in one page a citation of chapter 2
would lead to chapter 1's reference.  :func:`chapter_in_book` gives each
chapter's ids a prefix of its own (``c2-ref-1``) and points every reference
to an id (``href="#…"``, ``for``, ``aria-*``, ``url(#…)``) at the prefixed
one; a link to another chapter of the book (``chapter3.html#x``) becomes a
link inside the page (``#c3-x``).  :func:`mark_printed_urls` picks the links
whose address is printed after them: once per address, never after a link
whose text already is the address.

The page is a function of its chapters' parse results (the engine puts their
parse keys in its render key) and of its series' part of the index.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote

from dataclasses import replace

from manabi_ssg.site.config import Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import SECTION, Origin, Page, SiteIndex
from manabi_ssg.outputs.seam import FinishedSite, Output

PRINT = "print"  # the page kind
TITLE_ANCHOR = "book-title"  # the title page's id: where a link to the series' landing page leads in the book
INTRO_PREFIX = "intro-"  # the landing page's ids in the book

# attributes whose value is one id, or a list of ids, of the same page
_ID_ATTRIBUTES = frozenset({
    "id", "for", "headers", "aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-details",
    "aria-errormessage", "aria-flowto", "aria-activedescendant", "popovertarget", "list", "form", "itemref",
})
_LINK_ATTRIBUTES = frozenset({"href", "xlink:href"})
_NAMED = frozenset({"a", "input"})  # elements whose ``name`` is page-wide (an anchor, a radio group)

# a comment, a raw-text element (skipped whole), or a start tag with its attributes
_TOKEN = re.compile(
    r"""<!--.*?-->"""
    r"""|<(?P<raw>script|style|textarea)\b[^>]*>.*?</(?P=raw)\s*>"""
    r"""|<(?P<tag>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)(?P<end>\s*/?>)""",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""(?P<space>\s+)(?P<name>[^\s"'>/=]+)(?:(?P<eq>\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_URL_REF = re.compile(r"url\(\s*(['\"]?)#")
_LINK = re.compile(r"""<a\b(?P<attrs>(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>(?P<text>.*?)</a\s*>""", re.S | re.I)
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_TAGS = re.compile(r"<[^>]*>")


def print_url(folder: str) -> str:
    return f"{folder}/print.html"


def chapter_anchor(number: int) -> str:
    """The id of the ``number``-th chapter (from 1) in the book; its own ids start with this and a hyphen."""
    return f"c{number}"


def print_pages(index: SiteIndex, config: Config) -> list[Page]:
    """One print page per folder that holds chapters (not the content root, whose page is the home page).

    What it shows of its chapters (bodies, diagrams, exercises) is added when it
    is rendered (:func:`as_book`): the page itself is made from the index alone.
    """
    if not config.print_pages:
        return []
    made = []
    for folder, section in index.sections.items():
        if not folder or not section.chapters:
            continue
        description = section.landing.description if section.landing is not None else ""
        made.append(Page(
            path=f"{folder}/print.md", url=print_url(folder), kind=PRINT, lang=section.lang,
            meta={"description": description} if description else {}, title=section.title,
            body_html="", toc=[], order=(6, 0, ()), digest="", origin=Origin.GENERATED,
        ))
    return made


def as_book(page: Page, shown: list[Page]) -> Page:
    """The print page with what its chapters and landing page hold: a diagram (Mermaid loads), the exercises (the print choice)."""
    exercises = [item for chapter in shown if chapter.kind != SECTION for item in chapter.components.get("exercises", ())]
    return replace(page, has_mermaid=any(chapter.has_mermaid for chapter in shown), components={"exercises": exercises})


class PrintBook(Output):
    """The print pages: pages rendered with the others, so no files of its own (the engine gives them their chapters' bodies)."""

    name = "print-book"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name)

    def pages(self, index: SiteIndex, config: Config) -> list[Page]:
        return print_pages(index, config)

    def render_flags(self, config: Config) -> dict[str, object]:
        return {"print_pages": config.print_pages}  # the series page links its print page


def book_sources(page: Page, index: SiteIndex) -> tuple[list[str], str]:
    """The urls of the print page's chapters in reading order, and of its series' landing page ("" if none)."""
    section = index.sections.get(page.path.rpartition("/")[0])
    if section is None:
        return [], ""
    return [summary.url for summary in section.chapters], section.landing.url if section.landing is not None else ""


def book_anchors(chapter_urls: list[str], landing_url: str) -> dict[str, tuple[str, str]]:
    """Page url -> (the id a link to it leads to, the prefix of its ids) for every page the book holds."""
    anchors = {url: (chapter_anchor(number), chapter_anchor(number) + "-") for number, url in enumerate(chapter_urls, start=1)}
    if landing_url:
        anchors[landing_url] = (TITLE_ANCHOR, INTRO_PREFIX)
    return anchors


def chapter_in_book(body: str, page_url: str, anchors: dict[str, tuple[str, str]]) -> str:
    """``body`` (HTML written for ``page_url``) with its ids prefixed and its links to the book's pages inside the book."""
    prefix = anchors[page_url][1]
    folder = posixpath.dirname(page_url)

    def local(target: str) -> str:
        return prefix + target if target else target

    def link(value: str) -> str:
        raw = html.unescape(value)
        if raw.startswith("#"):
            return "#" + local(raw[1:]) if len(raw) > 1 else raw
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//|^/", raw) or "?" in raw:
            return value  # another site, a root path, a query: left as written
        path, _, fragment = raw.partition("#")
        target = posixpath.normpath(posixpath.join(folder, unquote(path))) if path else page_url
        if path.endswith("/") or path in (".", "./") or target == folder:
            target = posixpath.join(target, "index.html")
        found = anchors.get(target)
        if found is None:
            return value
        return "#" + (found[1] + fragment if fragment else found[0])

    def attribute(match: re.Match[str], tag: str) -> str:
        name, value = match.group("name").lower(), match.group("value")
        if value is None:
            return match.group(0)
        if tag == "section" and name == "aria-labelledby":
            return ""  # every chapter's 学習目標 and 問題1 would be landmarks of one name (axe landmark-unique)
        quote = value[0] if value[0] in "\"'" else ""
        inner = value[1:-1] if quote else value
        if name == "id" or (name == "name" and tag in _NAMED):
            inner = local(inner)
        elif name in _ID_ATTRIBUTES:
            inner = " ".join(local(part) for part in inner.split())
        elif name in _LINK_ATTRIBUTES:
            target = link(inner)
            if target == inner:
                return match.group(0)
            inner = html.escape(target, quote=True)
        elif "url(" in inner:
            inner = _URL_REF.sub(lambda m: f"url({m.group(1)}#{prefix}", inner)
        else:
            return match.group(0)
        return f"{match.group('space')}{match.group('name')}{match.group('eq')}{quote or chr(34)}{inner}{quote or chr(34)}"

    def token(match: re.Match[str]) -> str:
        tag = match.group("tag")
        if tag is None:
            return match.group(0)  # a comment, a script: nothing of this page
        attrs = _ATTRIBUTE.sub(lambda m: attribute(m, tag.lower()), match.group("attrs"))
        return f"<{tag}{attrs}{match.group('end')}"

    return _TOKEN.sub(token, body)


def mark_printed_urls(body: str, seen: set[str]) -> str:
    """``data-print-url`` on each external link whose address a print shows: the first to each address, unless its text is it.

    ``seen`` holds the addresses already shown earlier in the book, and grows.
    """
    def one(match: re.Match[str]) -> str:
        found = _HREF.search(match.group("attrs"))
        if found is None:
            return match.group(0)
        href = html.unescape(next(group for group in found.groups() if group is not None))
        if not re.match(r"^https?://", href, re.I):
            return match.group(0)
        text = html.unescape(_TAGS.sub("", match.group("text"))).strip()
        bare = re.sub(r"^https?://", "", href, flags=re.I)
        if href in seen or text.rstrip("/") in (href.rstrip("/"), bare.rstrip("/")):
            seen.add(href)
            return match.group(0)
        seen.add(href)
        return f"<a data-print-url{match.group('attrs')}>{match.group('text')}</a>"

    return _LINK.sub(one, body)

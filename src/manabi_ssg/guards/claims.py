"""One source per output path: who writes each file of the site.

A content file whose output path is also a file manabi makes (``feed.xml``,
``search.html``, ``404.html``, ``exercises.html``, ``topics/index.html``,
a chapter's ``.bib``, the search index under ``pagefind/``) or a theme file
(``assets/manabi.js``) used to replace it, or be dropped for it, without a
word.  Now it is an error at the content file, naming both, and manabi's own
file wins: the content file is not published, so the site keeps its feed,
its search and its scripts.  Two topics whose pages would share a name are
an error at a chapter that uses the second one; its page is not made.
Output paths are compared without case, as a case-insensitive file system
(macOS, Windows) would merge them.

Every path is also checked to stay inside the output folder
(:func:`manabi_ssg.guards.names.safe_relative`): a page whose path does not is
left out with an error, never written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set

from manabi_ssg.diagnostics import ERROR, Diagnostic
from manabi_ssg.model import HOME, SECTION, Origin, Page, SiteIndex
from manabi_ssg.guards.names import safe_relative, shown

SEARCH_FOLDER = "pagefind/"  # urls.SEARCH_FOLDER (a layer above: guards import nothing of it): the whole folder is the search step's


REDIRECT = "redirect"  # pipeline.pages.REDIRECT: a page at an old address (front matter aliases:)


def _describe(page: Page) -> str:
    if page.origin is Origin.SOURCE:
        return page.path
    if page.kind == REDIRECT:
        return f"the alias {shown(str(page.meta.get('written')))} of {page.meta.get('from')}"
    if page.kind == "topic":
        return f"the page of topic {shown(str(page.meta.get('topic')))}"
    return f"manabi's {page.kind.replace('_', ' ')} page"


def _topic_chapter(page: Page, index: SiteIndex) -> str:
    """The first chapter that uses a generated topic page's topic: where an author can fix it."""
    topic = page.meta.get("topic")
    users = index.topics.get(topic, ()) if isinstance(topic, str) else ()
    return users[0].path if users else page.path


def _rank(page: Page) -> int:
    """Who wins an output path: manabi's generated pages, then a folder's generated landing page, then content."""
    if page.kind == REDIRECT:
        return 3  # an old address yields to every page that has it now
    if page.origin is Origin.SOURCE:
        return 2
    return 1 if page.kind in (SECTION, HOME) else 0


def key_place(text: str, key: str, item: str | None = None) -> tuple[int, int]:
    """1-based (line, col) of a top-level front matter ``key:`` in a file's text; (0, 0) when it has none.

    With ``item``: where that text is written in the key's value, when it is written as it is
    (not in YAML escapes), else the key.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return 0, 0
    found = (0, 0)
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        if found != (0, 0) and line[:1] not in (" ", "\t", "-"):
            break  # the next key: the value ended
        if found == (0, 0) and re.match(rf"{re.escape(key)}\s*:", line):
            found = (number, 1)
            line = line[len(key):]
            offset = len(key)
        elif found == (0, 0):
            continue
        else:
            offset = 0
        at = line.find(item) if item else -1
        if at >= 0:
            return number, offset + at + 1
    return found


def resolve(pages: list[Page], index: SiteIndex, assets: Set[str] = frozenset(),
            read: Callable[[str], str] | None = None) -> tuple[list[Page], list[Diagnostic]]:
    """The pages to render: one per output path, manabi's generated pages first; errors for the rest.

    A folder's stand-in landing page also makes way for a content file of its name
    (``ja/s/index.html`` written by hand), as it does for an ``index.md``.
    ``read(path)``: a content file's text, to place a topic's error at its ``topics:`` line.
    """
    diagnostics: list[Diagnostic] = []
    taken = {rel.lower() for rel in assets}
    pages = [page for page in pages if not (_rank(page) == 1 and page.url.lower() in taken)]
    owners: dict[str, Page] = {}
    kept: list[Page] = []
    ordered = sorted(pages, key=_rank)  # manabi's own pages first, stable otherwise
    for page in ordered:
        where = _topic_chapter(page, index) if page.kind == "topic" else str(page.meta.get("from")) if page.kind == REDIRECT else page.path
        if not safe_relative(page.url):
            diagnostics.append(Diagnostic(where, 0, 0, ERROR, "output-collision",
                                          f"output path {shown(page.url)} is no plain path inside the output folder "
                                          "(a backslash, .., NUL); not written"))
            continue
        line, col = 0, 0
        if page.kind in ("topic", REDIRECT) and read is not None:
            key_name, item = ("topics", page.meta.get("topic")) if page.kind == "topic" else ("aliases", page.meta.get("written"))
            try:
                line, col = key_place(read(where), key_name, str(item or "") or None)
            except (OSError, UnicodeDecodeError):
                pass
        key = page.url.lower()
        owner = owners.get(key)
        if owner is None and page.kind == REDIRECT and key in taken:
            diagnostics.append(Diagnostic(where, line, col, ERROR, "output-collision",
                                          f"{_describe(page)} would be written to {page.url}, where a file of the content is "
                                          "copied; the alias is not published"))
            continue
        if owner is not None and _rank(page) == 1:
            continue  # a folder's stand-in landing page makes way for a page of manabi's (topics/index.html)
        if owner is not None:
            mine = "this page" if page.origin is Origin.SOURCE else "this alias" if page.kind == REDIRECT else _describe(page)
            diagnostics.append(Diagnostic(where, line, col, ERROR, "output-collision",
                                          f"{mine} would be written to {page.url}, which {_describe(owner)} makes too; "
                                          f"{mine} is not published"))
            continue
        owners[key] = page
        kept.append(page)
    order = {id(page): n for n, page in enumerate(pages)}
    kept.sort(key=lambda page: order[id(page)])
    return kept, diagnostics


def _maker(rel: str, made_lower: dict[str, tuple[str, str]], search: bool) -> tuple[str, str] | None:
    """(the output path as manabi writes it, what writes it) when manabi makes ``rel``, compared without case."""
    found = made_lower.get(rel.lower())
    if found is None and search and rel.lower().startswith(SEARCH_FOLDER):
        found = (rel, "the search index (pagefind/)")
    if found is None:
        return None
    other, who = found
    return (rel if other == rel else f"{rel} (the same file as {other} on a disk that ignores case)"), who


def generated_urls(pages: list[Page]) -> dict[str, str]:
    """Output path -> what makes it, for the pages manabi makes (a content file's own pages are matched in load.py)."""
    return {page.url: _describe(page) for page in pages if _rank(page) == 0}


def resolve_assets(assets: list[str], made: dict[str, str], search: bool) -> tuple[list[str], list[Diagnostic]]:
    """The content files to copy: none over a file manabi makes (``made``: output path -> what makes it)."""
    made_lower = {rel.lower(): (rel, who) for rel, who in made.items()}
    kept, diagnostics = [], []
    for rel in assets:
        maker = _maker(rel, made_lower, search)
        if not safe_relative(rel):
            diagnostics.append(Diagnostic(rel, 0, 0, ERROR, "output-collision",
                                          f"output path {shown(rel)} is no plain path inside the output folder "
                                          "(a backslash, .., NUL); not written"))
            continue
        if maker is not None:
            diagnostics.append(Diagnostic(rel, 0, 0, ERROR, "output-collision",
                                          f"this file would be written to {maker[0]}, which {maker[1]} makes too; "
                                          "this file is not published"))
            continue
        kept.append(rel)
    return kept, diagnostics


def page_problems(pages: list[Page], made: dict[str, str], search: bool) -> tuple[list[Page], list[Diagnostic]]:
    """Source pages whose output path is a file manabi makes (a theme file, a feed, the search index): left out."""
    made_lower = {rel.lower(): (rel, who) for rel, who in made.items()}
    kept, diagnostics = [], []
    for page in pages:
        maker = _maker(page.url, made_lower, search)
        if maker is not None and page.kind == REDIRECT:
            diagnostics.append(Diagnostic(str(page.meta.get("from")), 0, 0, ERROR, "output-collision",
                                          f"{_describe(page)} would be written to {maker[0]}, which {maker[1]} makes too; "
                                          "the alias is not published"))
            continue
        if maker is not None and page.origin is Origin.SOURCE:
            diagnostics.append(Diagnostic(page.path, 0, 0, ERROR, "output-collision",
                                          f"this page would be written to {maker[0]}, which {maker[1]} makes too; "
                                          "this page is not published"))
            continue
        kept.append(page)
    return kept, diagnostics

"""Internal links: written as authors think of them, pointing at built pages.

Authors link to other chapters as ``chapter-2.md``, ``chapter-2.markdown``,
``Up.MD``, ``chapter-2.html`` or ``../other-series/``.  The built site has
``.html`` files and must work when opened from disk, where a folder URL does
not open its ``index.html``, so a Markdown suffix (any case) becomes
``.html`` and a trailing ``/`` gains ``index.html``.  A root-relative link
(``/ja/x.md``, the content folder being the root) becomes relative to the
page, so the site works under a sub-path and from disk; images too.
Every internal link and image is recorded in ``env["links"]`` with its file
line and column, so the site checks can report the ones that lead nowhere.

A link written the natural way to a file whose name has a space,
``[付録](付録 B.md)``, is no link in CommonMark: it stays as literal text.  A
WARNING ``link-not-parsed`` at its line and column says so and gives the form
that works, ``[付録](<付録 B.md>)``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit, urlunsplit

from markdown_it import MarkdownIt

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.locate import BlockSource
from manabi_ssg.markdown.order import Plugin
from manabi_ssg.site.urls import link_target

SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# what is left as text of a link whose destination has a space: [label](two words.md), ![alt](my fig.png);
# a destination followed by a "title" or in <…> would have made a link
UNPARSED_LINK_RE = re.compile(r"""(!?)\[([^\[\]\n]*)\]\(([^\s()<>"'][^()<>\n"']*?\s[^()<>\n"']*?)\)""")


def is_internal(href: str) -> bool:
    return bool(href) and not SCHEME_RE.match(href) and not href.startswith("//")


def rewrite_href(href: str, page_path: str = "") -> str:
    """``chapter-2.md#x`` -> ``chapter-2.html#x``; ``../series/`` -> ``../series/index.html``.

    ``page_path``: the linking page's source path, which a root-relative link is made relative to.
    """
    if not is_internal(href) or href.startswith("#"):
        return href
    parts = urlsplit(href)
    path = link_target(parts.path)
    if path.startswith("/"):
        path = relative_to_page(path, page_path)
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def relative_to_page(path: str, page_path: str) -> str:
    """``/ja/x.html`` seen from ``ja/s/a.md`` -> ``../x.html``."""
    return posixpath.relpath(path.lstrip("/") or ".", posixpath.dirname(page_path) or ".")


def links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("internal_links", _collect_links)


def _collect_links(state) -> None:
    links = state.env.setdefault("links", [])
    page_path = state.env.get("path", "")
    offset = 1 + state.env.get("line_offset", 0)  # body line (0-based) -> file line
    for block in state.tokens:
        if block.type != "inline" or not block.children or "[" not in block.content:
            continue  # links and images all start with "[" or "!["
        where = BlockSource(state, block)
        for child in block.children:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if is_internal(href):
                    line, col = where.find(unquote(href), href, link=True)
                    links.append({"kind": "link", "href": href, "line": line + offset if line is not None else 0, "col": col})
                    child.attrSet("href", rewrite_href(href, page_path))
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                if is_internal(src):
                    line, col = where.find(unquote(src), src, link=True)
                    links.append({"kind": "image", "href": src, "line": line + offset if line is not None else 0, "col": col})
                    if src.startswith("/"):
                        parts = urlsplit(src)
                        child.attrSet("src", urlunsplit(("", "", relative_to_page(parts.path, page_path), parts.query, parts.fragment)))
                child.attrSet("loading", "lazy")
        if "](" in block.content:
            _report_unparsed(state, block.content, where)


def _report_unparsed(state, text: str, where: BlockSource) -> None:
    """Searched in the paragraph's source, so a label with emphasis (``[**付録**](付録 B.md)``) is found too."""
    ticks, counted_to = 0, 0  # backquotes before the match, counted on from the last one
    for match in UNPARSED_LINK_RE.finditer(text):
        ticks += text.count("`", counted_to, match.start())
        counted_to = match.start()
        if ticks % 2 or (match.start() and text[match.start() - 1] == "\\"):
            continue  # in a code span, or escaped: written as text on purpose
        bang, label, destination = match.groups()
        line, col = where.find(match.group(0))
        fixed = f"{bang}[{label}](<{destination.strip()}>)"
        kind = "an image" if bang else "a link"
        report(state.env, WARNING, "link-not-parsed",
               f"{match.group(0)!r} is not {kind}: its file name has a space, so Markdown leaves it as text; write {fixed}",
               line=line, col=col)


# kept: no known dependency
PLUGIN = Plugin("links", links_plugin, after=("headings",))

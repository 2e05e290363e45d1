"""Heading ids, permalink anchors and the table of contents.

Ids keep Japanese text as it is (``4-1-ケーススタディ1触媒反応のメカニズム解明``)
so they stay readable in a URL and stable while a heading's wording is kept;
ASCII is lower-cased and punctuation dropped.  Repeats get ``-2``, ``-3``.
The h2/h3 entries land in ``env["toc"]`` for the page's table of contents.

Attributes at the end of a heading, ``## 見出し {#fixed .note}``, are applied
to it and leave its text: the id is what authors write for an anchor that
stays put while the wording changes (a Japanese heading's slug changes with
every word).  ``#id``, ``.class`` and ``key=value`` are understood; event
handler attributes (``on…``) are dropped.
"""

from __future__ import annotations

import re
from html import escape
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.token import Token

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.guards.names import slugify
from manabi_ssg.markdown.order import Plugin

RESERVED_PREFIXES = ("ref-", "exercise-", "fn")  # ids that components own
ATTRS_RE = re.compile(r"\s*\{((?:\s*(?:#[^\s{}#.=]+|\.[^\s{}#.=]+|[A-Za-z_:][\w:.-]*=(?:\"[^\"]*\"|'[^']*'|[^\s{}\"']+)))+)\s*\}\s*$")
ATTR_RE = re.compile(r"""#([^\s{}#.=]+)|\.([^\s{}#.=]+)|([A-Za-z_:][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s{}"']+))""")


def inline_text(token: Token) -> str:
    """The visible text of an inline token (what a reader sees in the heading)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip() or token.content


def headings_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("heading_ids", _assign_ids)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)


def _same_title(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    return norm(a) == norm(b)


def _drop_repeated_title(state) -> None:
    """A leading ``# Title`` that repeats the front matter title is shown once, by the page header."""
    tokens = state.tokens
    if not state.env.get("is_chapter"):
        return
    title = state.env.get("title")
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        if not title or _same_title(inline_text(tokens[1]), title):
            state.env["first_h1"] = inline_text(tokens[1])
            del tokens[0:3]


def _apply_attributes(heading: Token, inline: Token) -> None:
    """``## 見出し {#fixed .c}``: the braces set the heading's attributes and leave its text."""
    if not inline.children:
        return
    last = inline.children[-1]
    if last.type != "text" or "{" not in last.content:
        return
    match = ATTRS_RE.search(last.content)
    if not match:
        return
    for id_, class_, key, *values in ATTR_RE.findall(match.group(1)):
        if id_:
            heading.attrSet("id", id_)
        elif class_:
            heading.attrSet("class", f"{heading.attrGet('class')} {class_}".strip() if heading.attrGet("class") else class_)
        elif not key.lower().startswith("on"):
            heading.attrSet(key, next((v for v in values if v), ""))
    last.content = last.content[: match.start()].rstrip()
    if not last.content:
        inline.children.pop()
    inline.content = ATTRS_RE.sub("", inline.content).rstrip()


def _assign_ids(state) -> None:
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open":
            _apply_attributes(token, state.tokens[index + 1])
    _drop_repeated_title(state)
    used: dict[str, int] = state.env.setdefault("used_ids", {})
    toc = state.env.setdefault("toc", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        text = inline_text(inline)
        explicit = token.attrGet("id")
        slug = str(explicit) if explicit else slugify(text)
        if not explicit and slug.startswith(RESERVED_PREFIXES):
            slug = "h-" + slug
        token.attrSet("id", unique_id(used, slug))
        if explicit and token.attrGet("id") != slug:  # the author chose this id for links to it: say it changed
            report(state.env, WARNING, "duplicate-id", f"id {slug!r} (written {{#{slug}}}) is already used on the page; "
                   f"this heading gets {token.attrGet('id')!r}: give it an id of its own", line=token.map[0] if token.map else None)
        token.meta["text"] = text
        if explicit:
            token.meta["author_id"] = token.attrGet("id")  # an exercise's identity for progress (exercise_identity.py)
        level = int(token.tag[1])
        if state.env.get("first_h1") is None and level == 1:
            state.env["first_h1"] = text
        if level in (2, 3):
            toc.append({"level": level, "id": token.attrGet("id"), "text": text})


def unique_id(used: dict[str, int], slug: str) -> str:
    """Reserve ``slug`` on the page, suffixing ``-2``, ``-3`` on repeats."""
    if slug not in used:
        used[slug] = 1
        return slug
    n = used[slug]
    while True:
        n += 1
        candidate = f"{slug}-{n}"
        if candidate not in used:
            used[slug] = n
            used[candidate] = 1
            return candidate


def _render_heading_open(self, tokens, idx, options, env) -> str:
    return f"<{tokens[idx].tag}{self.renderAttrs(tokens[idx])}>"


def _render_heading_close(self, tokens, idx, options, env) -> str:
    opening = tokens[idx - 2]
    anchor = ""
    heading_id = opening.attrGet("id") if opening.type == "heading_open" else None
    if heading_id:
        # For the mouse only: out of the tab order and of the heading's name
        # (49 stops all called "Permalink" on the seed chapter); the keyboard
        # reaches every heading through the table of contents.
        anchor = f' <a class="heading-anchor" href="#{escape(str(heading_id))}" aria-hidden="true" tabindex="-1">#</a>'
    return f"{anchor}</{tokens[idx].tag}>\n"


# kept: no known dependency
PLUGIN = Plugin("headings", headings_plugin, after=("tables",))

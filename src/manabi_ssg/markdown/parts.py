"""Parts: a chapter's body cut at its top-level sections, so a phone paints the first screen first.

A long chapter (50,000 px on a phone) was styled, laid out and painted whole
before anything showed: one task of about a second on a slow phone.  Each
top-level section (from an ``h1``/``h2`` heading, or a case study's section
that starts with one, to the next) is wrapped in ``<div class="chapter-part">``;
the stylesheet gives every part but the first ``content-visibility: auto``,
so the browser skips the style, layout and paint of parts off screen until
the reader comes near them.  Content before the first such heading and the
first part are the first screen, laid out as before.

Nothing else changes: the text, ids and order of the body are the same, a
part is never cut inside an answer region (``answers.py``: an edition
without answers removes a region whole), and a body with fewer than two
top-level sections gets no parts at all.  Only chapters get parts: other
pages are short, and their stylesheet rules do not look for parts.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from manabi_ssg.site import answers as editions
from manabi_ssg.markdown.order import Plugin

PART_CLASS = "chapter-part"
STARTS = ("h1", "h2")  # the headings a part starts at


def parts_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("chapter_parts", _wrap_parts)


def _wrap_parts(state: StateCore) -> None:
    if not state.env.get("is_chapter"):
        return
    tokens = state.tokens
    starts = part_starts(tokens)
    if len(starts) < 2:
        return
    out: list[Token] = tokens[:starts[0]]
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(tokens)
        inside = tokens[start:end]
        out.append(_part_open())
        out.extend(inside)
        out.append(_part_close())
    state.tokens = out


def part_starts(tokens: list[Token]) -> list[int]:
    """Where each top-level section begins: an ``h1``/``h2`` (or a section wrapping one) outside every container and answer region.

    Depth is counted from the tokens' nesting, not read from ``level``: the
    sections other plugins insert (case studies, exercises) leave the levels
    of what they wrap as they were.
    """
    starts = []
    depth = 0
    in_region = 0  # answer regions open (their marks are HTML tokens: answers.opening/closing)
    for index, token in enumerate(tokens):
        if token.type in ("html_block", "html_inline") and token.content:
            in_region += token.content.count(editions.OPEN) - token.content.count(editions.CLOSE)
        at_top = depth == 0 and not in_region
        depth += token.nesting
        if not at_top or token.nesting < 0:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == "heading_open" and token.tag in STARTS:
            starts.append(index)
        elif token.nesting == 1 and token.tag == "section" and following is not None \
                and following.type == "heading_open" and following.tag in STARTS:
            starts.append(index)  # the part starts at the section; its heading is then inside it
    return starts


def _part_open() -> Token:
    token = Token("chapter_part_open", "div", 1)
    token.block = True
    token.attrSet("class", PART_CLASS)
    return token


def _part_close() -> Token:
    token = Token("chapter_part_close", "div", -1)
    token.block = True
    return token


PLUGIN = Plugin("parts", parts_plugin, after=("*",))

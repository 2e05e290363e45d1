"""Chemistry notation read as emphasis: ``*CO`` (CO adsorbed on a surface).

``2つの*COが結合？それとも*CO+*CHO`` is, in every Markdown tool, an italic
``COが結合？それとも`` between two lost asterisks.  The text is not wrong
Markdown, so nothing is changed; a WARNING ``emphasis-formula`` at the opening
asterisk says what happened and how to keep the asterisks (``\\*CO``).

The sign: an emphasis whose opening *and* closing ``*`` each stand right
before an uppercase letter.  Emphasis an author means closes before a space,
punctuation or text, almost never straight before a capital (``*API keys*``
and ``*NOT*`` are left alone).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.order import Plugin

FORMULA_RE = re.compile(r"[A-Z][A-Za-z0-9]*")


def chemistry_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("emphasis_formula", _emphasis_before_formula)


def _emphasis_before_formula(state) -> None:
    lines = None
    for block in state.tokens:
        if block.type != "inline" or "*" not in block.content or not block.children:
            continue
        children = block.children
        for index, child in enumerate(children):
            if child.type != "em_open" or child.markup != "*":
                continue
            opened = _formula_after(children, index)
            close = _matching_close(children, index)
            closed = _formula_after(children, close) if close is not None else None
            if not opened or not closed:
                continue
            if lines is None:
                lines = state.src.split("\n")
            line, col = _find(lines, block.map, f"*{opened}") if block.map else (None, 1)
            report(state.env, WARNING, "emphasis-formula",
                   f"'*{opened}' … '*{closed}' became italics, and both asterisks vanished; if they are chemistry "
                   f"(adsorbed {opened}), write them as \\*{opened} and \\*{closed}", line=line, col=col)


def _formula_after(children, index: int) -> str | None:
    following = children[index + 1] if index + 1 < len(children) else None
    if following is None or following.type != "text":
        return None
    match = FORMULA_RE.match(following.content)
    return match.group(0) if match else None


def _matching_close(children, index: int) -> int | None:
    depth = 0
    for position in range(index, len(children)):
        kind = children[position].type
        if kind == "em_open":
            depth += 1
        elif kind == "em_close":
            depth -= 1
            if depth == 0:
                return position
    return None


def _find(lines: list[str], block_map, needle: str) -> tuple[int, int]:
    """0-based line and 1-based column of ``needle`` in the block's lines (its first line when not found)."""
    start, end = block_map
    for number in range(start, min(end, len(lines))):
        col = lines[number].find(needle)
        if col >= 0:
            return number, col + 1
    return start, 1


# after cjk: it reads the emphasis CJK's rules decided; after case_studies: kept
PLUGIN = Plugin("chemistry", chemistry_plugin, after=("cjk", "case_studies"))

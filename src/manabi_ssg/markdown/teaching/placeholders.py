"""Placeholders from ``manabi new`` left in a page: a WARNING ``placeholder-left`` at each.

``manabi new`` fills every field and section with text in brackets for the
author to replace: 「（章のタイトル）」, 「（本文です。…）」, "(Chapter title)".
Such a page builds cleanly, so a forgotten one would be published as it
stands.  The list is read from the scaffold's own templates (``scaffold_texts``),
so a template edited there is looked for here: each bracketed unit,
(…) or （…）, with its ``{fields}`` matching any text.  Left out: the exercise
headings' difficulty, ``（難易度：easy）``, which is syntax; a unit without a
letter, ``(2025)``; and a one-letter one, ``（年）``, which prose uses as a unit
(期間（年）).

The body is searched in each paragraph's source (a placeholder may hold
Markdown, a citation ``[1]`` or a code span), outside code; front matter values
are searched too, each reported at its key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

from manabi_ssg.diagnostics import WARNING, Diagnostic, report
from manabi_ssg.markdown.teaching.exercises import DIFFICULTY_TAIL_RE
from manabi_ssg.markdown.locate import BlockSource
from manabi_ssg.words.starter_texts import scaffold_texts
from manabi_ssg.markdown.order import Plugin

_UNIT_RE = re.compile(r"（[^（）\n]+）|\([^()\n]+\)")
_FIELD_RE = re.compile(r"\\\{\w+\\\}")  # a {field} once escaped by re.escape


@lru_cache(maxsize=1)
def placeholder_re() -> re.Pattern:
    units = set()
    for text in scaffold_texts():
        for unit in _UNIT_RE.findall(text):
            unit = unit.replace('\\"', '"')  # written inside a YAML double-quoted string
            inner = re.sub(r"\{\w+\}", "", unit[1:-1])
            if not DIFFICULTY_TAIL_RE.search(unit) and len(inner.strip()) > 1 and re.search(r"[^\W\d_]", inner):
                units.add(unit)
    patterns = [_FIELD_RE.sub(r"[^（）()\\n]+?", re.escape(unit)) for unit in sorted(units, key=len, reverse=True)]
    return re.compile("(?=[（(])(?:" + "|".join(patterns) + ")")  # the lookahead: only a bracket is tried against the list


def placeholders_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("placeholders_left", _find_in_body)


def _find_in_body(state) -> None:
    pattern = placeholder_re()
    for block in state.tokens:
        if block.type != "inline" or not block.content or ("（" not in block.content and "(" not in block.content):
            continue
        where = None
        for match in pattern.finditer(block.content):
            if block.content.count("`", 0, match.start()) % 2:
                continue  # inside a code span: shown as an example
            where = where or BlockSource(state, block)
            line, col = where.find(match.group(0))
            report(state.env, WARNING, "placeholder-left", _message(match.group(0)), line=line, col=col)


def front_matter_placeholders(path: str, meta: dict[str, Any], place: Callable[[str, object], tuple[int, int]]) -> list[Diagnostic]:
    """The placeholders left in front matter values; ``place(key, item)`` says where a value is written."""
    pattern = placeholder_re()
    found = []
    for key, value in meta.items():
        for item in (value if isinstance(value, list) else [value]):
            if isinstance(item, str):
                for match in pattern.finditer(item):
                    where = place(key, item if isinstance(value, list) else None)
                    found.append(Diagnostic(path, *where, WARNING, "placeholder-left", f"{key}: {_message(match.group(0))}"))
    return found


def _message(text: str) -> str:
    return f"placeholder {text!r} from `manabi new` is still here: replace it with your own text (or remove it)"


# kept: no known dependency
PLUGIN = Plugin("placeholders", placeholders_plugin, after=("alt_text",))

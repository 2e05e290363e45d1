"""Line scanning shared by the container rules (``<details>``, colon fences).

Both look ahead for their closing line; both must skip fenced code (a
``</details>`` or ``:::`` shown in a code sample closes nothing) and stop
where the enclosing list item or quote ends.  Token helpers for the core
rules that wrap sections (exercises, case studies, references) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

FENCE_RE = re.compile(r"^(`{3,}|~{3,})")


def line_text(state: StateBlock, n: int) -> str:
    """Line ``n`` without its indentation."""
    return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]


def lines_outside_code(state: StateBlock, opening: int, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(line, text) for lines ``start..end`` that are not inside fenced code.

    Stops at the first line that leaves the enclosing container.  The
    ``opening`` line (the container's own first line) is never taken for a
    fence or a container end.
    """
    fence: str | None = None
    for n in range(start, end):
        text = line_text(state, n)
        if n > opening and state.sCount[n] < state.blkIndent and text.strip():
            return  # left the enclosing container (list item, quote)
        if fence:
            if text.startswith(fence[0] * len(fence)) and not text.strip(fence[0]).strip():
                fence = None
            continue
        fence_match = FENCE_RE.match(text)
        if fence_match and n > opening:
            fence = fence_match.group(1)
            continue
        yield n, text


def each_open(tokens: list[Token], kind: str) -> Iterator[tuple[int, Token]]:
    """(index, token) of every ``kind`` token in order; the caller may insert tokens after ``index``.

    The length is read again only after each yield (the caller inserts only then): a page's
    tokens are walked four times over for exercises and case studies, mostly finding none.
    """
    index = 0
    while True:
        for index in range(index, len(tokens)):
            if tokens[index].type == kind:
                break
        else:
            return
        yield index, tokens[index]
        index += 1


def matching_close(tokens: list[Token], start: int) -> int:
    """Index of the token that closes ``tokens[start]``, by nesting; the last token if none does."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1

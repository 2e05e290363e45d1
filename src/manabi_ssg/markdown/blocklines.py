"""Line scanning shared by the container rules (``<details>``, colon fences).

Both look ahead for their closing line; both must skip fenced code (a
``</details>`` or ``:::`` shown in a code sample closes nothing) and stop
where the enclosing list item or quote ends.  Token helpers for the core
rules that wrap sections (exercises, case studies, references) live here too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

FENCE_RE = re.compile(r"^(`{3,}|~{3,})")


def line_text(state: StateBlock, n: int) -> str:
    """Line ``n`` without its indentation."""
    return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]


def lines_outside_code(state: StateBlock, opening: int, start: int, end: int) -> Iterator[tuple[int, str | None]]:
    """(line, text) for lines ``start..end`` that are not inside fenced code.

    Stops at the first line that leaves the enclosing container, after
    yielding (that line, None).  The ``opening`` line (the container's own
    first line) is never taken for a fence or a container end.  A fence is
    one markdown-it sees: indented four columns or more it is code.
    """
    fence: str | None = None
    for n in range(start, end):
        text = line_text(state, n)
        if n > opening and state.sCount[n] < state.blkIndent and text.strip():
            yield n, None  # left the enclosing container (list item, quote)
            return
        if fence:
            if text.startswith(fence[0] * len(fence)) and not text.strip(fence[0]).strip():
                fence = None
            continue
        fence_match = FENCE_RE.match(text)
        if fence_match and n > opening and state.sCount[n] - state.blkIndent < 4:
            fence = fence_match.group(1)
            continue
        yield n, text


HEADING_RE = re.compile(r"^#{1,6}(\s|$)")

# (+1 for an opening tag, -1 for a closing one, column) for each tag on a line
Tags = Callable[[str], list[tuple[int, int]]]


class _Scan:
    """One look ahead from an opening line: every opener's closing line, by nesting."""

    __slots__ = ("start", "stop", "stopped_at_end", "openers", "closes", "headings")

    def __init__(self, state: StateBlock, start: int, end: int, tags: Tags):
        self.start = start
        self.openers: dict[int, int] = {}  # opening line -> its text's offset in the source, to tell contexts apart
        self.closes: dict[int, tuple[int, int]] = {}  # opening line -> (closing line, column)
        self.headings: list[int] = []
        stack: list[int | None] = []  # the line of each open tag that starts its line, None for the others
        self.stop, self.stopped_at_end = end, True
        for n, text in lines_outside_code(state, start, start, end):
            if text is None:  # the line that leaves the container: no scan from any opener goes past it
                self.stop, self.stopped_at_end = n, False
                break
            if n > start and HEADING_RE.match(text):
                self.headings.append(n)
            for k, (step, col) in enumerate(tags(text)):
                if step > 0:
                    opens_line = k == 0 and col == 0
                    stack.append(n if opens_line else None)
                    if opens_line:
                        self.openers[n] = state.bMarks[n] + state.tShift[n]
                elif stack:
                    opener = stack.pop()
                    if opener is not None:
                        self.closes[opener] = (n, col)

    def answers(self, state: StateBlock, start: int, end: int) -> bool:
        """Whether this scan knows the opener on ``start`` as a look ahead from it over ``start..end`` would."""
        return (
            self.start <= start < self.stop
            and self.openers.get(start) == state.bMarks[start] + state.tShift[start]
            and (end <= self.stop or not self.stopped_at_end)
        )

    def close_of(self, start: int, end: int) -> Close:
        close = self.closes.get(start)
        at = bisect_right(self.headings, start)
        heading = self.headings[at] if at < len(self.headings) and self.headings[at] < end else None
        container_end = end if self.stopped_at_end else min(self.stop, end)
        if close is not None and close[0] < end:
            return Close(close[0], close[1], heading, container_end)
        return Close(None, None, heading, container_end)


class Close(NamedTuple):
    """Where a container opened on a line ends."""

    line: int | None  # of its closing tag; None: never closed
    col: int | None  # of the closing tag on that line
    heading: int | None  # the first heading after the opener, within the container
    container_end: int  # the line that leaves the enclosing container (list item, quote), or the range's end


def find_close(state: StateBlock, start: int, end: int, tags: Tags, kind: str) -> Close:
    """Where the container ``tags`` opens on line ``start`` is closed.

    Counts nested openers and skips fenced code, within the enclosing
    container.  One look ahead answers every opener it passes: a look ahead
    from each one made a chapter of openers that never close quadratic, and
    nested containers read their bodies once per level.  A scan is taken
    again only for an opener seen with the same indent and the same text
    offset (a quote moves a line's start, a list item its indent), within
    the range it read.
    """
    key = (kind, state.blkIndent)
    scans: tuple[str, dict[tuple[str, int], list[_Scan]]] | None = getattr(state, "_container_scans", None)
    if scans is None or scans[0] is not state.src:
        scans = state._container_scans = (state.src, {})  # type: ignore[attr-defined]  # kept on the state: one page's scans
    known = scans[1].setdefault(key, [])
    for scan in reversed(known):
        if scan.answers(state, start, end):
            return scan.close_of(start, end)
    scan = _Scan(state, start, end, tags)
    known.append(scan)
    del known[:-4]  # a few, for code fences seen differently from different openers
    return scan.close_of(start, end)


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


def with_inserts(tokens: list[Token], inserts: list[tuple[int, int, Token]]) -> list[Token]:
    """``tokens`` with each (position, order, token) placed before ``tokens[position]``, lower order first.

    One pass: inserting one at a time moved the rest of the list each time,
    quadratic in a chapter of thousands of exercises or case studies.
    """
    if not inserts:
        return tokens
    ordered = sorted(range(len(inserts)), key=lambda k: (inserts[k][0], inserts[k][1], -k))
    out: list[Token] = []
    taken = 0
    for k in ordered:
        position, _, token = inserts[k]
        out.extend(tokens[taken:position])
        taken = max(taken, position)
        out.append(token)
    out.extend(tokens[taken:])
    return out


def last_heading_levels(tokens: list[Token], kind: str) -> None:
    """Put in each ``kind`` token's meta the level of the last heading before it (``heading_level``), or none.

    A component with no heading of its own titles itself one level below;
    looking back from each one at render time read the page again per component.
    """
    level = None
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1]) if token.tag[1:].isdigit() else None
        elif token.type == kind:
            token.meta["heading_level"] = level

"""Where an inline piece of a block is written: its line and column in the file.

markdown-it gives a block's lines (``token.map``) but nothing finer: the
tokens inside a paragraph carry no position.  A diagnostic about a link or an
image should still send the editor to it, so :class:`BlockSource` looks the
piece up in the block's own source lines, in order, so the second of two equal
links is found where the second one is.
"""

from __future__ import annotations


def source_lines(state) -> list[str]:
    """``state.src`` split into lines once per page, however many rules ask."""
    cached = state.env.get("_source_lines")
    if cached is None or cached[0] is not state.src:
        cached = state.env["_source_lines"] = (state.src, state.src.split("\n"))
    return cached[1]


class BlockSource:
    """The source text of one block, searched from where the last piece was found."""

    def __init__(self, state, block):
        self.first = block.map[0] if block.map else None
        self.text = "\n".join(source_lines(state)[block.map[0] : block.map[1]]) if block.map else ""
        self.cursor = 0
        self._counted = (0, 0)  # (offset, newlines before it) of the last position asked for

    def find(self, *needles: str, link: bool = False) -> tuple[int | None, int]:
        """(0-based body line, 1-based column) of the first of ``needles`` found after the last
        piece (from the block's start if none is), or (block line, 1), or (None, 1) without a map.

        ``link``: the needle is a link's destination; report where the link starts, at its ``[`` or ``![``.
        """
        if self.first is None:
            return None, 1
        for start in (self.cursor, 0):
            for needle in needles:
                at = self.text.find(needle, start) if needle else -1
                if at >= 0:
                    self.cursor = at + 1
                    return self.position(self._link_start(at) if link else at)
        return self.first, 1

    def _link_start(self, destination: int) -> int:
        """The ``[`` (or ``![``) that opens the link whose destination starts at ``destination``."""
        close = self.text.rfind("](", 0, destination)
        if close < 0 or self.text[close + 2 : destination].strip("<") != "":
            return destination
        depth = 0
        for at in range(close, -1, -1):
            depth += {"]": 1, "[": -1}.get(self.text[at], 0)
            if depth == 0:
                return at - 1 if at > 0 and self.text[at - 1] == "!" else at
        return destination

    def position(self, offset: int) -> tuple[int, int]:
        """(0-based body line, 1-based column) of an offset in the block's text.

        Lines are counted on from the last offset asked for when this one is
        after it: counting from the block's start each time made a paragraph
        of thousands of located pieces quadratic.
        """
        line_start = self.text.rfind("\n", 0, offset) + 1
        counted_to, lines = self._counted
        if offset < counted_to:
            counted_to, lines = 0, 0
        lines += self.text.count("\n", counted_to, offset)
        self._counted = (offset, lines)
        assert self.first is not None, "find() asks only within a block that has a map"
        return self.first + lines, offset - line_start + 1

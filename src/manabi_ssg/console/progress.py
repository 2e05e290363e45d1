"""What a long build is doing, on stderr, while it does it.

A cold build of a thousand chapters takes tens of seconds; silence that long
looks like a hang.  On a terminal, one line is rewritten in place
(``manabi: parsing 340/1200 pages``) and erased when the build ends, so the
summary line stands alone.  Anywhere else (a CI log, a pipe) each step gets
one plain line as it starts: a log is read later, and a line per page would
bury the diagnostics.  ``-q`` shows nothing, and so does a build that had
nothing to do.

The engine reports through a :class:`Progress`; the base class is silent,
for ``serve``, tests and scripts.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

from manabi_ssg.console.terminal import printable

PARSING = "parsing"
RENDERING = "rendering"
SEARCH = "indexing for search"

REDRAW_SECONDS = 0.1  # a terminal line redrawn more often costs time and shows nothing more


class Progress:
    """Silent: a build nobody watches."""

    def start(self, step: str, total: int = 0) -> None:
        """A step begins; ``total`` is how many pages it handles (0: not counted)."""

    def advance(self, count: int = 1) -> None:
        """``count`` more pages of the current step are done."""

    def finish(self) -> None:
        """The build is over (finished or failed)."""


class PlainLines(Progress):
    """One line per step, for logs: ``manabi: parsing 1200 pages``."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def start(self, step: str, total: int = 0) -> None:
        counted = f" {_pages(total)}" if total else ""
        print(f"manabi: {printable(step)}{counted}", file=self.stream, flush=True)


class TerminalLine(Progress):
    """One line rewritten in place: ``manabi: rendering 500/1290 pages``."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.step, self.total, self.done = "", 0, 0
        self.drawn = 0.0  # when the line was last drawn; 0: nothing on screen

    def start(self, step: str, total: int = 0) -> None:
        self.step, self.total, self.done = step, total, 0
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if time.monotonic() - self.drawn >= REDRAW_SECONDS or self.done == self.total:
            self._draw()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = 0.0

    def _draw(self) -> None:
        counted = f" {self.done}/{_pages(self.total)}" if self.total else ""
        self.stream.write(f"\r\033[Kmanabi: {printable(self.step)}{counted}")
        self.stream.flush()
        self.drawn = time.monotonic()


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def progress_for(stream: TextIO, quiet: bool) -> Progress:
    """The right kind for ``stream``: nothing when quiet, a live line on a terminal, else plain lines."""
    if quiet:
        return Progress()
    if stream.isatty() and os.environ.get("TERM") != "dumb":
        return TerminalLine(stream)
    return PlainLines(stream)

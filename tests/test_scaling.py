"""Scaling: manabi's parse grows with a hostile chapter as markdown-it-py's does.

Each pattern of ``hostile_documents`` (one plugin's syntax, repeated) is
parsed at n and 4n repeats, by manabi and by markdown-it-py alone, in the
same test.  A quadratic step grows 16-fold over that step where a linear one
grows 4-fold; the test fails when manabi's growth passes twice the larger of
markdown-it-py's growth and 4 (markdown-it-py is superlinear on a few
patterns itself; its cost on a code block is all overhead, so 4 is the
floor).  n is the smallest power of two at which manabi's parse takes 15 ms,
or the pattern's own floor where its quadratic step is C code that only
shows on a long text.  Each time is the best of a few CPU times, so a loaded
machine moves it little, and a growth past the margin is measured once more
before it counts; no absolute time is asserted.
"""

import time

import pytest
from hostile_documents import FLOORS, PATTERNS
from markdown_it import MarkdownIt
from rendering import parse_chapter

from manabi_ssg.markdown.media.highlight import highlight_code
from manabi_ssg.markdown.media.math import tex_to_mathml

pytestmark = pytest.mark.timing  # growth ratios of measured times: make test-fast leaves them out

STEP = 4
MARGIN = 2
SMALLEST = 0.015  # seconds of manabi's parse at n, so that timer and noise stay small beside it


manabi = parse_chapter


BASELINE = MarkdownIt("commonmark", {"html": True}).enable("table")


def markdown_it(text: str) -> None:
    BASELINE.render(text)


def cpu(parse, text: str, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        highlight_code.cache_clear()
        tex_to_mathml.cache_clear()
        start = time.process_time()
        parse(text)
        best = min(best, time.process_time() - start)
    return best


def growth(make, n: int) -> tuple[float, float]:
    """(manabi's growth, markdown-it-py's growth) from n to STEP * n repeats."""
    small, large = make(n), make(STEP * n)
    return cpu(manabi, large) / cpu(manabi, small), cpu(markdown_it, large) / max(cpu(markdown_it, small), 1e-4)


def sized(make, floor: int = 16) -> int:
    """The smallest n (a power of two, from ``floor``) at which manabi's parse takes SMALLEST seconds."""
    n = max(16, floor)
    while n < 8192 and cpu(manabi, make(n), 1) < SMALLEST:
        n *= 2
    return n


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_parse_grows_no_faster_than_markdown_it(name):
    make = PATTERNS[name]
    manabi("warm *up* $x$ [1]\n")
    n = sized(make, FLOORS.get(name, 16))
    mine, theirs = growth(make, n)
    if mine > MARGIN * max(theirs, STEP):  # measured once more: a moment of load is not a quadratic step
        mine, theirs = growth(make, n)
    assert mine <= MARGIN * max(theirs, STEP), f"{name}: manabi grew {mine:.1f}x from n to {STEP}n, markdown-it-py {theirs:.1f}x"


def _column_by_walking(source: str, line: int) -> int:
    """The walk from the top that ``_text_column`` replaced; its answers are the reference."""
    start = 0
    for _ in range(line):
        start = source.find("\n", start) + 1
        if start == 0:
            return 1
    end = source.find("\n", start)
    text = source[start : end if end >= 0 else len(source)]
    return len(text) - len(text.lstrip(" \t>")) + 1 if text.strip(" \t>") else 1


def test_a_diagnostic_column_is_found_as_by_walking_from_the_top():
    from manabi_ssg.diagnostics import _text_column
    from manabi_ssg.markdown import page_env

    source = "a\n  > b\n\n\tc\n>\n   x"
    env = page_env("t.md", source)
    assert [_text_column(source, n, env) for n in range(8)] == [_column_by_walking(source, n) for n in range(8)]

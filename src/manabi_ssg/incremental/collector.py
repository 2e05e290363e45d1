"""When manabi holds Python's cycle collector, and why.

The collector runs after every few hundred new container objects and walks
all the young ones looking for reference cycles.  A page's parse makes
hundreds of thousands of small objects (tokens, their dicts and lists) that
all stay alive until the page is done and form no cycle, so the walks find
nothing and cost about 6% of a build.  The same holds for the parent during
a build: it holds the whole site's pages, which every full collection walks.  Cycles made meanwhile are freed when the
collector resumes; ``tests/test_markdown_basics.py`` checks that parsing
makes none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

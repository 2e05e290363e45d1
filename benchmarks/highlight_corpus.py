"""Benchmark: highlight every fenced code block of a content folder two ways.

    python benchmarks/highlight_corpus.py DIR

Times manabi's highlighter (tree-sitter for Python and shell, Pygments for the
rest) against Pygments alone on the same blocks, in the same run, and counts
the blocks each language has.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from manabi_ssg.markdown.media.highlight import ALIASES, highlight_code

FENCE = re.compile(r"^ {0,3}```[ \t]*([\w+-]+)[^\n]*\n(.*?)^ {0,3}```", re.M | re.S)


def blocks(root: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(m.group(1).lower(), m.group(2)) for m in FENCE.finditer(text) if m.group(1).lower() != "mermaid"]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    args = parser.parse_args()
    found = blocks(args.content)
    formatter = HtmlFormatter(nowrap=True)
    lexers = {}
    for lang, _ in found:
        try:
            lexers[lang] = get_lexer_by_name(ALIASES.get(lang, lang), stripnl=False, ensurenl=False)
        except ClassNotFound:
            lexers[lang] = None
    started = time.perf_counter()
    for lang, code in found:
        if lexers[lang] is not None:
            highlight(code, lexers[lang], formatter)
    pygments_seconds = time.perf_counter() - started
    highlight_code("x = 1\n", "python")  # load the grammars outside the timing, as Pygments' lexers were
    highlight_code("x=1\n", "bash")
    highlight_code.cache_clear()
    started = time.perf_counter()
    for lang, code in found:
        highlight_code(code, lang)
    ours = time.perf_counter() - started
    languages = Counter(lang for lang, _ in found)
    print(f"{len(found)} code blocks, {sum(len(c) for _, c in found) / 1e6:.2f} MB: " + ", ".join(f"{k} {v}" for k, v in languages.most_common()))
    print(f"Pygments alone:     {pygments_seconds:.2f} s")
    print(f"manabi highlighter: {ours:.2f} s  (ratio {ours / pygments_seconds:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: how manabi's parse grows with hostile repeats, against markdown-it-py alone.

    python benchmarks/scaling.py [--n 2000] [--only NAME ...] [--profile NAME]

Each pattern is a piece of one plugin's syntax repeated n and 4n times in one
chapter.  For each, the script parses both sizes with manabi's ``parse_source``
and with markdown-it-py alone (CommonMark, HTML on, tables) and prints the
times and how much each grew from n to 4n: a linear step grows about 4x, a
quadratic one about 16x.  markdown-it-py is superlinear on some patterns
itself; what matters is that manabi's growth stays near markdown-it-py's.
``--profile NAME`` runs cProfile on the 4n document of that pattern, to find
the step that grows.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile_documents import PATTERNS  # noqa: E402


def manabi_parse(text: str):
    from manabi_ssg.pipeline import frontmatter
    from manabi_ssg.model import CHAPTER, Source
    from manabi_ssg.pipeline.parse import parse_source

    fm = frontmatter.parse(text, "ja/s/chapter-1.md")
    source = Source(path="ja/s/chapter-1.md", url="ja/s/chapter-1.html", kind=CHAPTER, lang="ja", meta=fm.data,
                    body=fm.body, body_line=fm.body_line, digest="x", diagnostics=fm.diagnostics)
    return parse_source(source)


def baseline_parse(text: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def timed(parse, text: str) -> float:
    from manabi_ssg.markdown.media.highlight import highlight_code
    from manabi_ssg.markdown.media.math import tex_to_mathml

    highlight_code.cache_clear()
    tex_to_mathml.cache_clear()
    start = time.process_time()
    parse(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="repeats of the smaller document (the larger has 4n)")
    parser.add_argument("--only", nargs="*", help="pattern names to run")
    parser.add_argument("--profile", help="cProfile this pattern's 4n document")
    args = parser.parse_args()
    manabi_parse("# warm\n\n*a* $x$ [1]\n")
    if args.profile:
        import cProfile
        import pstats

        text = PATTERNS[args.profile](4 * args.n)
        cProfile.runctx("manabi_parse(text)", globals(), {"text": text}, "/tmp/scaling.prof")
        pstats.Stats("/tmp/scaling.prof").sort_stats("cumulative").print_stats(25)
        return
    print(f"{'pattern':<22}{'manabi n':>10}{'4n':>9}{'growth':>8}   {'md-it n':>9}{'4n':>9}{'growth':>8}   {'4n ratio':>8}")
    for name, make in PATTERNS.items():
        if args.only and name not in args.only:
            continue
        small, large = make(args.n), make(4 * args.n)
        m1, m4 = timed(manabi_parse, small), timed(manabi_parse, large)
        b1, b4 = timed(baseline_parse, small), timed(baseline_parse, large)
        print(f"{name:<22}{m1:>10.3f}{m4:>9.3f}{m4 / max(m1, 1e-6):>8.1f}   {b1:>9.3f}{b4:>9.3f}{b4 / max(b1, 1e-6):>8.1f}   {m4 / max(b4, 1e-6):>8.1f}",
              flush=True)


if __name__ == "__main__":
    main()

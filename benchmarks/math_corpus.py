"""How the math plugin fares on a folder of real chapters.

    python benchmarks/math_corpus.py DIR [-v]

Counts, over every ``*.md`` under DIR: math spans converted, math spans that
failed (each printed as ``file:line: reason: source``), and ``$`` characters
left as text (with ``-v``, each text run holding a ``$`` is printed so the
currency heuristic can be reviewed).  ``$`` inside code or raw HTML is counted
separately: the math rules never look there.

Parser: manabi's preset (commonmark + html + breaks, table, strikethrough)
with the details plugin (chapters put answers in ``<details>``) and the math
plugin.  Front matter is split off with manabi's own splitter so reported
lines are file lines.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from markdown_it import MarkdownIt  # noqa: E402

from manabi_ssg.pipeline.frontmatter import split  # noqa: E402
from manabi_ssg.markdown.teaching.details import details_plugin  # noqa: E402
from manabi_ssg.markdown.media.math import math_plugin  # noqa: E402

CODE_TYPES = {"code_inline", "fence", "code_block"}
HTML_TYPES = {"html_inline", "html_block"}


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table").enable("strikethrough")
    md.use(details_plugin)
    md.use(math_plugin)
    return md


def walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every text run that keeps a '$'")
    args = parser.parse_args(argv)

    md = make_parser()
    files = sorted(args.dir.rglob("*.md"))
    totals: Counter = Counter()
    failures: list[str] = []
    text_dollars: list[str] = []
    started = time.perf_counter()
    for path in files:
        rel = path.relative_to(args.dir)
        _, body, body_line, _ = split(path.read_text(encoding="utf-8"))
        env = {"path": str(rel), "line_offset": body_line - 1}
        tokens = md.parse(body, env)
        last_line = 0
        for token in walk(tokens):
            if token.map:
                last_line = token.map[0] + body_line
            if token.type in ("math_inline", "math_block"):
                kind = "block" if token.type == "math_block" or token.meta.get("display") else "inline"
                if token.meta.get("html"):
                    totals[f"converted_{kind}"] += 1
                else:
                    totals[f"failed_{kind}"] += 1
            elif token.type == "text" and "$" in token.content:
                totals["dollar_text"] += token.content.count("$")
                text_dollars.append(f"{rel}:{last_line}: {token.content.strip()[:120]}")
            elif token.type in CODE_TYPES and "$" in token.content:
                totals["dollar_code"] += token.content.count("$")
            elif token.type in HTML_TYPES and "$" in token.content:
                totals["dollar_html"] += token.content.count("$")
        for d in env.get("diagnostics", []):
            if d.code == "math-failed":
                failures.append(d.format())
        md.renderer.render(tokens, md.options, env)  # render too, so the timing covers it
    elapsed = time.perf_counter() - started

    for line in failures:
        print(line)
    if args.verbose:
        print("\n'$' left as text:")
        for line in text_dollars:
            print("  " + line)
    converted = totals["converted_inline"] + totals["converted_block"]
    failed = totals["failed_inline"] + totals["failed_block"]
    print(
        f"\n{len(files)} files, {elapsed:.1f}s\n"
        f"math converted: {converted} ({totals['converted_inline']} inline, {totals['converted_block']} display)\n"
        f"math failed:    {failed} ({totals['failed_inline']} inline, {totals['failed_block']} display)\n"
        f"'$' left as text: {totals['dollar_text']} (in {len(text_dollars)} text runs)\n"
        f"'$' in code: {totals['dollar_code']}, in raw HTML: {totals['dollar_html']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: instructions manabi's parse takes against markdown-it-py alone, on the same files.

    python benchmarks/parse_instructions.py DIR [--files 10]

Runs this script under ``valgrind --tool=callgrind`` three times (setup only,
markdown-it-py alone, manabi's ``parse_source``) on the first N Markdown
files of DIR and prints the instructions of each side, setup subtracted, and
their ratio.  Instruction counts do not move with the machine's load, unlike
the times ``build_corpus.py`` reports, so small changes show on a shared
machine.  One core, parse and HTML only (no templates, no writing); the
highlight and math caches start empty, as in a build's workers.  Needs
valgrind.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path


def work(root: Path, count: int, side: str) -> None:
    """What one callgrind run does: the same setup for every side, then one side's parsing."""
    from dataclasses import replace

    from markdown_it import MarkdownIt

    from manabi_ssg.site.config import Config
    from manabi_ssg.pipeline.load import load_source
    from manabi_ssg.markdown.media.highlight import highlight_code
    from manabi_ssg.markdown.media.math import tex_to_mathml
    from manabi_ssg.pipeline.parse import parse_source

    files = sorted(root.rglob("*.md"))[:count]
    config = replace(Config(root=root), content_dir=str(root))
    sources = [load_source(root, str(path.relative_to(root)), config) for path in files]
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    baseline = MarkdownIt("commonmark", {"html": True}).enable("table")
    baseline.render("# x\n\n*a* [b](c)\n")  # warm both: first calls compile and import
    parse_source(sources[0])
    highlight_code.cache_clear()
    tex_to_mathml.cache_clear()
    if side == "markdown-it":
        for text in texts:
            baseline.render(text)
    elif side == "manabi":
        for source in sources:
            parse_source(source)


def instructions(root: Path, count: int, side: str) -> int:
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, str(root),
         "--files", str(count), "--side", side],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=True,
    )
    match = re.search(r"Collected : (\d+)", run.stderr)
    if not match:
        raise SystemExit(f"no instruction count from callgrind:\n{run.stderr[-2000:]}")
    return int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--side", choices=("setup", "markdown-it", "manabi"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # inside valgrind
        work(args.content, args.files, args.side)
        return 0
    setup = instructions(args.content, args.files, "setup")
    base = instructions(args.content, args.files, "markdown-it") - setup
    ours = instructions(args.content, args.files, "manabi") - setup
    print(f"content: {args.content} (first {args.files} Markdown files)")
    print(f"markdown-it-py alone: {base / 1e6:.0f} M instructions")
    print(f"manabi parse:         {ours / 1e6:.0f} M instructions")
    print(f"ratio manabi / markdown-it-py: {ours / base:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

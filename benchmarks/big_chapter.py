"""Benchmark: does any build step grow faster than a chapter's size?  One chapter of 1, 2, 4 and 8 MB.

    python benchmarks/big_chapter.py CONTENT_DIR [--sizes 1 2 4 7.9] [--no-search]

The chapter is made of real chapters' bodies (the ``.md`` files under CONTENT_DIR, front matter
removed), one after another until it reaches the size (8 MB is manabi's limit on one chapter, so the
last size stays just under it).  For each size a site holding that one chapter is built cold (no
cache) in this process with one worker (the steps run here), each step of the engine timed in CPU
seconds of this process and its children (Pagefind): on a shared machine, wall clock is noise.  And
markdown-it-py alone renders the same text, timed the same way.  Printed per size: seconds per step, and seconds per MB
for the whole build and for markdown-it-py; a step that grows linearly keeps its seconds per MB.
A benchmark run by hand, not a test; nothing is written inside CONTENT_DIR.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import tempfile
import resource
from pathlib import Path

STEPS = ("_survey", "_parse", "_assemble", "_plan", "_check", "_publish", "_record")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def body_text(content: Path, size: int) -> str:
    bodies = [FRONT_MATTER.sub("", p.read_text(encoding="utf-8")) for p in sorted(content.rglob("*.md"))]
    parts, total, i = [], 0, 0
    while total < size:
        part = bodies[i % len(bodies)]
        parts.append(part)
        total += len(part.encode("utf-8"))
        i += 1
    text = "\n\n".join(parts)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"


def timed_build(root: Path, search: bool) -> dict[str, float]:
    from manabi_ssg.site.config import Config
    from manabi_ssg.pipeline.engine import Engine

    times: dict[str, float] = {}
    engine = Engine(Config(root=root, search=search), use_cache=False, workers=1)
    for name in STEPS:
        step = getattr(engine, name)

        @functools.wraps(step)
        def wrapped(*args, _step=step, _name=name, **kwargs):
            start = cpu()
            try:
                return _step(*args, **kwargs)
            finally:
                times[_name.strip("_")] = times.get(_name.strip("_"), 0.0) + cpu() - start

        setattr(engine, name, wrapped)
    start = cpu()
    result = engine.build()
    times["total"] = cpu() - start
    times["errors"] = result.errors
    return times


def markdown_it_alone(text: str) -> float:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    start = cpu()
    md.render(text)
    return cpu() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 7.9])
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    print(f"{'MB':>5} " + " ".join(f"{s.strip('_'):>9}" for s in STEPS) + f" {'total':>8} {'s/MB':>6} {'md-it s/MB':>10}")
    for mb in args.sizes:
        text = body_text(args.content, int(mb * 2**20))
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            chapter = root / "content/ja/big/chapter1.md"
            chapter.parent.mkdir(parents=True)
            chapter.write_text(f'---\ntitle: "Big"\nseries_order: 1\n---\n\n{text}', encoding="utf-8")
            times = timed_build(root, search=not args.no_search)
        alone = markdown_it_alone(text)
        real_mb = len(text.encode("utf-8")) / 2**20
        print(f"{real_mb:5.2f} " + " ".join(f"{times.get(s.strip('_'), 0.0):9.2f}" for s in STEPS)
              + f" {times['total']:8.2f} {times['total'] / real_mb:6.2f} {alone / real_mb:10.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

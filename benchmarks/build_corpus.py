"""Benchmark: build a content folder and compare with markdown-it-py alone.

    python benchmarks/build_corpus.py DIR [--runs N] [--serial] [--warm]

Prints pages, MB of Markdown, seconds and peak memory of a cold manabi build
(every feature on, no cache), and beside it the seconds markdown-it-py alone
takes to render the same files on one core, in the same run.  Absolute times
on a shared machine are noise; the ratio is the figure to quote.  The CPU
seconds of both sides (manabi's workers included) are printed too: on a
machine other jobs keep busy they move much less than wall-clock times.
A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt

from manabi_ssg.build import build
from manabi_ssg.site.config import Config


def markdown_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if not any(part.startswith((".", "_")) for part in p.relative_to(root).parts))


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (manabi's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def markdown_it_alone(files: list[Path]) -> tuple[float, float]:
    """Read and render every file with plain markdown-it-py (CommonMark + tables), one core: (seconds, CPU seconds)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    started, cpu = time.perf_counter(), cpu_seconds()
    for path in files:
        md.render(path.read_text(encoding="utf-8", errors="replace"))
    return time.perf_counter() - started, cpu_seconds() - cpu


def manabi_build(root: Path, workers: int | None, cache: bool, search: bool) -> tuple[float, float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        config = replace(Config(root=Path(tmp)), content_dir=str(root.resolve()), output_dir=str(Path(tmp) / "_site"), search=search)
        started, cpu = time.perf_counter(), cpu_seconds()
        result = build(config, workers=workers, use_cache=cache)
        return time.perf_counter() - started, cpu_seconds() - cpu, result.pages, result.errors


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="repetitions; the median is reported")
    parser.add_argument("--serial", action="store_true", help="build on one core (no process pool)")
    parser.add_argument("--search", action="store_true", help="include the Pagefind index (off by default: it is not rendering)")
    args = parser.parse_args()
    files = markdown_files(args.content)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    baseline, ours, baseline_cpu, ours_cpu = [], [], [], []
    pages = errors = 0
    for _ in range(args.runs):
        seconds, cpu = markdown_it_alone(files)
        baseline.append(seconds)
        baseline_cpu.append(cpu)
        seconds, cpu, pages, errors = manabi_build(args.content, 1 if args.serial else None, cache=False, search=args.search)
        ours.append(seconds)
        ours_cpu.append(cpu)
    own, children = peak_mb()
    base, cold = statistics.median(baseline), statistics.median(ours)
    base_cpu, cold_cpu = statistics.median(baseline_cpu), statistics.median(ours_cpu)
    print(f"content: {args.content} ({len(files)} Markdown files, {megabytes:.1f} MB)")
    mode = ("serial" if args.serial else "parallel") + (", with search index" if args.search else "")
    print(f"manabi build (cold, {mode}): {cold:.2f} s, {pages} pages, {errors} errors")
    print(f"markdown-it-py alone (one core):        {base:.2f} s")
    print(f"ratio manabi / markdown-it-py:          {cold / base:.2f}")
    print(f"CPU seconds: manabi {cold_cpu:.2f} (all processes), markdown-it-py {base_cpu:.2f}, ratio {cold_cpu / base_cpu:.2f}")
    print(f"peak memory: main process {own:.0f} MB, largest worker {children:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
